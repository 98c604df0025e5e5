package edge

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestMemoryCacheKeepsEntriesForTheirLifetime(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		header http.Header
		// The entry must be there a second before the end of its
		// lifetime and gone a second after it; 0: never stored.
		lifetime time.Duration
	}{
		{http.Header{"Cache-Control": {AudioLifetime}}, time.Hour},
		{http.Header{"Cache-Control": {"max-age=60, s-maxage=600"}}, 600 * time.Second},
		{http.Header{"Cache-Control": {`public, max-age="120"`}}, 120 * time.Second},
		{http.Header{"Expires": {start.Add(time.Minute).Format(http.TimeFormat)}}, time.Minute},
		{http.Header{"Cache-Control": {"no-store, max-age=600"}}, 0},
		{http.Header{"Cache-Control": {"max-age=600, private"}}, 0},
		{http.Header{"Cache-Control": {"No-Cache"}}, 0},
		{http.Header{"Cache-Control": {"max-age=soon"}}, 0},
		{http.Header{"Expires": {start.Add(-time.Minute).Format(http.TimeFormat)}}, 0},
		{http.Header{}, 0},
	} {
		now := start
		c := NewMemoryCache(1 << 10)
		c.now = func() time.Time { return now }
		c.Put(context.Background(), "k", &Entry{Header: tc.header, Body: []byte("ID3")})
		if tc.lifetime == 0 {
			if e, _ := c.Get(context.Background(), "k"); e != nil {
				t.Errorf("%v: stored", tc.header)
			}
			continue
		}
		now = start.Add(tc.lifetime - time.Second)
		if e, _ := c.Get(context.Background(), "k"); e == nil {
			t.Errorf("%v: gone before its lifetime of %v", tc.header, tc.lifetime)
		}
		now = start.Add(tc.lifetime + time.Second)
		if e, _ := c.Get(context.Background(), "k"); e != nil {
			t.Errorf("%v: still there after its lifetime of %v", tc.header, tc.lifetime)
		}
		if c.size != 0 {
			t.Errorf("%v: %d bytes counted after the entry expired", tc.header, c.size)
		}
	}
}
