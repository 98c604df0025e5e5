package tts

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// BenchmarkSynthesize is the cost of one sentence from text to complete MP3
// (espeak-ng and LAME, no HTTP, no cache).
func BenchmarkSynthesize(b *testing.B) {
	s := newService(b, Options{})
	req := Request{Text: sentence, Lang: "zh-CN", Rate: 1}
	for b.Loop() {
		if err := s.Synthesize(context.Background(), req, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeMiss is an uncached request over loopback HTTP; ttfb_ms is
// the time to the first byte of audio, which is what delays the first sound.
func BenchmarkServeMiss(b *testing.B) {
	s := newService(b, Options{CacheBytes: -1})
	srv := newServer(b, s)
	var ttfb time.Duration
	i := 0
	for b.Loop() {
		i++
		// A new text each time, in case a cache sits anywhere in between.
		q := Request{Text: sentence + strconv.Itoa(i), Lang: "zh-CN", Rate: 1}.Query()
		start := time.Now()
		resp, err := srv.Client().Get(srv.URL + "/tts?" + q.Encode())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := resp.Body.Read(make([]byte, 1)); err != nil {
			b.Fatal(err)
		}
		ttfb += time.Since(start)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatal(resp.Status)
		}
	}
	b.ReportMetric(float64(ttfb.Microseconds())/1000/float64(i), "ttfb_ms")
}

// BenchmarkServeHit is a cached request over loopback HTTP.
func BenchmarkServeHit(b *testing.B) {
	s := newService(b, Options{})
	srv := newServer(b, s)
	url := srv.URL + "/tts?" + Request{Text: sentence, Lang: "zh-CN", Rate: 1}.Query().Encode()
	get := func() {
		resp, err := srv.Client().Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get()
	for b.Loop() {
		get()
	}
}
