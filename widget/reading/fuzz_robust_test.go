package reading

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// bounded runs f and fails the test if it takes longer than d or
// allocates more than maxBytes: the reading model is built from a whole
// page in the reader's browser, so no page may make it hang or balloon.
func bounded(t *testing.T, what string, d time.Duration, maxBytes uint64, f func()) {
	t.Helper()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %s", what, d)
	}
	runtime.ReadMemStats(&m1)
	if a := m1.TotalAlloc - m0.TotalAlloc; a > maxBytes {
		t.Fatalf("%s: allocated %d bytes, bound %d", what, a, maxBytes)
	}
}

// FuzzModelBounded: splitting and building the reading model of any page
// takes time and memory linear in its size, and yields no more sentences
// than the page has characters.
func FuzzModelBounded(f *testing.F) {
	f.Add(strings.Repeat("今天天气很好。", 5), uint8(0))
	f.Add(strings.Repeat("\x02标题\x03链接\x04。", 3), uint8(3))
	f.Add(strings.Repeat("a", 200), uint8(1))
	f.Add(strings.Repeat("\x05\x06\x07", 20), uint8(200))
	f.Add("……。。！！？？；；....!!??;;", uint8(0))
	f.Fuzz(func(t *testing.T, data string, maxLen uint8) {
		n := int(maxLen % 160)
		segs := fuzzPage(data)
		limit := uint64(256*len(data) + 1<<20)
		var sents []string
		var m *Model
		bounded(t, "split and build", 2*time.Second, limit, func() {
			sents = Split(data, n)
			m = Build(segs, Options{MaxLen: n})
		})
		if len(sents) > len(data)+1 || len(m.Sentences) > len(data)+1 {
			t.Fatalf("%d and %d sentences from %d bytes", len(sents), len(m.Sentences), len(data))
		}
	})
}

// TestModelBoundedLarge is FuzzModelBounded's bound on a large page (the
// fuzzer keeps inputs small): 200,000 characters of mixed content.
func TestModelBoundedLarge(t *testing.T) {
	for _, data := range []string{
		strings.Repeat("今天天气很好。\x02标题\x03链接\x04，", 200000/16),
		strings.Repeat("a", 200000),
		strings.Repeat("\x05\x06\x07\x01", 50000),
		strings.Repeat("。", 200000),
	} {
		segs := fuzzPage(data)
		var m *Model
		bounded(t, "build", 10*time.Second, uint64(256*len(data)+1<<20), func() {
			Split(data, 0)
			m = Build(segs, Options{})
		})
		if len(m.Sentences) > len(data)+1 {
			t.Fatalf("%d sentences from %d bytes", len(m.Sentences), len(data))
		}
	}
}
