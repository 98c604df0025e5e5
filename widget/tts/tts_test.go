package tts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hajimehoshi/go-mp3"
	"github.com/yiyue-a11y/yiyue/widget/mp3stream"
)

const sentence = "横沥镇二〇二〇年政府工作报告。"

// newService starts a Service with the real espeak-ng and LAME. Outside CI a
// machine without them skips; in CI that is a failure.
func newService(t testing.TB, opts Options) *Service {
	t.Helper()
	if opts.ErrorLog == nil {
		opts.ErrorLog = log.New(io.Discard, "", 0)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("needs espeak-ng and lame (go run ./build test installs them): %v", err)
	}
	return s
}

func newServer(t testing.TB, s *Service) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/tts", s)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// get fetches the service and returns the response with its body read.
func get(t testing.TB, srv *httptest.Server, method string, q url.Values, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+"/tts?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// decode decodes a whole MP3 with go-mp3 and returns its sample rate and
// duration in seconds.
func decode(t testing.TB, b []byte) (int, float64) {
	t.Helper()
	dec, err := mp3.NewDecoder(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("go-mp3 cannot decode the response: %v", err)
	}
	pcm, err := io.ReadAll(dec)
	if err != nil {
		t.Fatal(err)
	}
	return dec.SampleRate(), float64(len(pcm)/4) / float64(dec.SampleRate())
}

func TestBadRequestsOverHTTP(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	long := strings.Repeat("长", 2000)
	for _, tc := range []struct {
		method string
		query  string
		status int
		body   string
	}{
		{"GET", "text=" + url.QueryEscape(long) + "&lang=zh-CN", 400, "text: too long: 2000 characters, at most 1000\n"},
		{"GET", "text=abc&lang=xx", 400, `lang: "xx" is not supported; use one of zh-CN, zh-TW, zh-HK, en` + "\n"},
		{"GET", "text=%C3%28&lang=zh-CN", 400, "text: not valid UTF-8\n"},
		{"GET", "text=&lang=zh-CN", 400, "text: empty\n"},
		{"GET", "lang=zh-CN", 400, "text: missing\n"},
		{"GET", "text=a&rate=3", 400, `rate: "3" is out of range; use 0.5 to 2` + "\n"},
		{"GET", "text=a&rate=0.1", 400, `rate: "0.1" is out of range; use 0.5 to 2` + "\n"},
		{"POST", "text=a", 405, "method POST not allowed; use GET or HEAD\n"},
		{"GET", "text=" + strings.Repeat("a", MaxQueryBytes), 414, "query string is"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+"/tts?"+tc.query, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(body), tc.body) {
			t.Errorf("%s %.50s: %d %q, want %d %q", tc.method, tc.query, resp.StatusCode, body, tc.status, tc.body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("%.50s: error Content-Type %q", tc.query, ct)
		}
		if resp.Header.Get("ETag") != "" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%.50s: error response is cacheable", tc.query)
		}
		if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("405 without Allow header")
		}
	}
}

func TestMP3DecodesWithRightRateAndDuration(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	resp, body := get(t, srv, "GET", Request{Text: sentence, Lang: "zh-CN", Rate: 1}.Query())
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/mpeg" {
		t.Fatalf("%d %s: %.200q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	rate, secs := decode(t, body)
	if rate != 22050 {
		t.Errorf("sample rate %d, want 22050", rate)
	}
	// 15 syllables at espeak-ng's normal speed: about 3–4 s.
	if secs < 2 || secs > 7 {
		t.Errorf("%.2f s for %d characters", secs, len([]rune(sentence)))
	}
	// 48 kbit/s mono: the size matches the duration.
	if kbps := float64(len(body)) * 8 / secs / 1000; kbps < 44 || kbps > 52 {
		t.Errorf("%.1f kbit/s, want 48", kbps)
	}
}

// The widget's path: decode the body with mp3stream while it arrives.
func TestStreamedDecode(t *testing.T) {
	srv := newServer(t, newService(t, Options{CacheBytes: -1}))
	resp, err := srv.Client().Get(srv.URL + "/tts?" + Request{Text: sentence + "第二句。", Lang: "zh-CN", Rate: 1}.Query().Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != -1 {
		t.Errorf("a miss should stream (no Content-Length), got %d", resp.ContentLength)
	}
	d := mp3stream.NewDecoder(mp3stream.Options{})
	go func() {
		buf := make([]byte, 1500)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				d.Write(buf[:n])
			}
			if err == io.EOF {
				d.Close()
				return
			}
			if err != nil {
				d.CloseWithError(err)
				return
			}
		}
	}()
	var frames int
	for {
		c, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if c.SampleRate != 22050 || c.Channels != 1 {
			t.Fatalf("chunk %d Hz, %d channels", c.SampleRate, c.Channels)
		}
		frames += c.Frames
	}
	if secs := float64(frames) / 22050; secs < 3 || secs > 10 {
		t.Errorf("streamed decode gave %.2f s", secs)
	}
}

func TestRateChangesDuration(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	dur := map[float64]float64{}
	for _, rate := range []float64{1, 1.5, 0.5} {
		resp, body := get(t, srv, "GET", Request{Text: sentence, Lang: "zh-CN", Rate: rate}.Query())
		if resp.StatusCode != 200 {
			t.Fatalf("rate %v: %d %s", rate, resp.StatusCode, body)
		}
		_, dur[rate] = decode(t, body)
	}
	if dur[1.5] > dur[1]*0.85 {
		t.Errorf("rate 1.5 lasts %.2f s, rate 1 %.2f s: not shorter", dur[1.5], dur[1])
	}
	if dur[0.5] < dur[1]*1.4 {
		t.Errorf("rate 0.5 lasts %.2f s, rate 1 %.2f s: not longer", dur[0.5], dur[1])
	}
}

func TestLanguagesAndVoices(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	bodies := map[string][]byte{}
	for _, r := range []Request{
		{Text: sentence, Lang: "zh-CN", Rate: 1},
		{Text: "橫瀝鎮二〇二〇年政府工作報告。", Lang: "zh-TW", Rate: 1},
		{Text: sentence, Lang: "zh-HK", Rate: 1},
		{Text: "Hengli town government work report.", Lang: "en", Rate: 1},
		{Text: sentence, Lang: "zh-CN", Rate: 1, Voice: "f2"},
	} {
		resp, body := get(t, srv, "GET", r.Query())
		if resp.StatusCode != 200 {
			t.Fatalf("%+v: %d %s", r, resp.StatusCode, body)
		}
		if _, secs := decode(t, body); secs < 1 {
			t.Errorf("%s %s: only %.2f s", r.Lang, r.Voice, secs)
		}
		bodies[r.Lang+r.Voice] = body
	}
	// Cantonese and Mandarin are different voices, as is the variant.
	if bytes.Equal(bodies["zh-CN"], bodies["zh-HK"]) || bytes.Equal(bodies["zh-CN"], bodies["zh-CNf2"]) {
		t.Error("different voices produced identical audio")
	}
}

// Text that looks like options or markup is spoken, not obeyed.
func TestTextIsNeverAnOption(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	wav := filepath.Join(t.TempDir(), "x.wav")
	for _, text := range []string{"--help", "-w " + wav, "--voices", "../../etc/passwd", "<speak><break time=\"9s\"/></speak>"} {
		// Spelled out, the temporary path takes a while; the markup must
		// not become a 9 s pause.
		maxSecs := 6.0
		if strings.HasPrefix(text, "-w") {
			maxSecs = 30
		}
		resp, body := get(t, srv, "GET", Request{Text: text, Lang: "en", Rate: 1}.Query())
		if resp.StatusCode != 200 {
			t.Fatalf("%q: %d %s", text, resp.StatusCode, body)
		}
		// Help or a voice list on stdout would not decode as MP3; a 9 s
		// break would make the audio long.
		if _, secs := decode(t, body); secs < 0.3 || secs > maxSecs {
			t.Errorf("%q: %.2f s of audio", text, secs)
		}
	}
	if _, err := os.Stat(wav); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("text -w made espeak-ng write a file: %v", err)
	}
}

func TestCache(t *testing.T) {
	s := newService(t, Options{})
	srv := newServer(t, s)
	q := Request{Text: sentence, Lang: "zh-CN", Rate: 1}.Query()

	resp1, body1 := get(t, srv, "GET", q)
	if resp1.Header.Get("X-Cache") != "miss" {
		t.Fatalf("first request X-Cache %q", resp1.Header.Get("X-Cache"))
	}
	start := time.Now()
	resp2, body2 := get(t, srv, "GET", q)
	hit := time.Since(start)
	if resp2.Header.Get("X-Cache") != "hit" || !bytes.Equal(body1, body2) {
		t.Fatalf("second request X-Cache %q, same body %v", resp2.Header.Get("X-Cache"), bytes.Equal(body1, body2))
	}
	t.Logf("cache hit served in %v", hit)
	if resp2.ContentLength != int64(len(body1)) {
		t.Errorf("hit Content-Length %d, body %d", resp2.ContentLength, len(body1))
	}
	etag := resp1.Header.Get("ETag")
	if etag == "" || resp2.Header.Get("ETag") != etag {
		t.Errorf("ETag %q then %q", etag, resp2.Header.Get("ETag"))
	}
	for _, r := range []*http.Response{resp1, resp2} {
		if r.Header.Get("Cache-Control") != "public, max-age=86400" {
			t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
		}
	}

	// Another spelling of the same request is the same entry.
	same := url.Values{"text": {"  " + sentence + "\n"}, "lang": {"ZH-cn"}, "rate": {"1.0"}, "_": {"7"}}
	if resp, body := get(t, srv, "GET", same); resp.Header.Get("X-Cache") != "hit" || !bytes.Equal(body, body1) {
		t.Errorf("equivalent request: X-Cache %q", resp.Header.Get("X-Cache"))
	}
	// Revalidation needs no body; a different request has another ETag.
	if resp, body := get(t, srv, "GET", q, "If-None-Match", etag); resp.StatusCode != 304 || len(body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes", resp.StatusCode, len(body))
	}
	other := Request{Text: sentence, Lang: "zh-HK", Rate: 1}.Query()
	if resp, _ := get(t, srv, "GET", other, "If-None-Match", etag); resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("other request: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	// HEAD and Range on a cached entry, as an <audio> element sends them.
	if resp, body := get(t, srv, "HEAD", q); resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != int64(len(body1)) {
		t.Errorf("HEAD: %d, %d bytes, length %d", resp.StatusCode, len(body), resp.ContentLength)
	}
	if resp, body := get(t, srv, "GET", q, "Range", "bytes=0-99"); resp.StatusCode != 206 || !bytes.Equal(body, body1[:100]) {
		t.Errorf("Range: %d, %d bytes", resp.StatusCode, len(body))
	}
	if n, _ := s.cache.len(); n != 2 {
		t.Errorf("cache holds %d entries, want 2", n)
	}
}

func TestCacheDisabled(t *testing.T) {
	srv := newServer(t, newService(t, Options{CacheBytes: -1}))
	q := Request{Text: "你好。", Lang: "zh-CN", Rate: 1}.Query()
	for i := 0; i < 2; i++ {
		if resp, _ := get(t, srv, "GET", q); resp.Header.Get("X-Cache") != "miss" {
			t.Errorf("request %d: X-Cache %q with the cache off", i, resp.Header.Get("X-Cache"))
		}
	}
}

func TestLRU(t *testing.T) {
	c := newLRU(100)
	c.put("a", make([]byte, 39)) // cost 40
	c.put("b", make([]byte, 39))
	c.get("a") // a is now the most recent
	c.put("c", make([]byte, 39))
	if _, ok := c.get("b"); ok {
		t.Error("least recently used entry b was kept")
	}
	if _, ok := c.get("a"); !ok {
		t.Error("recently used entry a was evicted")
	}
	c.put("huge", make([]byte, 200))
	if _, ok := c.get("huge"); ok {
		t.Error("entry larger than the cache was stored")
	}
	c.put("a", make([]byte, 9))
	if n, size := c.len(); n != 2 || size != 50 {
		t.Errorf("%d entries, %d bytes; want 2, 50", n, size)
	}
}

func TestConcurrencyCap(t *testing.T) {
	s := newService(t, Options{MaxConcurrent: 2, CacheBytes: -1})
	srv := newServer(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := Request{Text: strings.Repeat("政府工作报告。", 1+i), Lang: "zh-CN", Rate: 2}.Query()
			resp, err := srv.Client().Get(srv.URL + "/tts?" + q.Encode())
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- errors.New(resp.Status)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Eight parallel requests must fill both slots, and never more.
	if p := s.peak.Load(); p != 2 {
		t.Errorf("at most %d syntheses ran at once; with a cap of 2 and 8 clients want exactly 2", p)
	}
}

func TestBusyGets503(t *testing.T) {
	s := newService(t, Options{MaxConcurrent: 1, QueueWait: 50 * time.Millisecond})
	srv := newServer(t, s)
	s.sem <- struct{}{} // the only slot is taken
	resp, body := get(t, srv, "GET", Request{Text: "你好", Lang: "zh-CN", Rate: 1}.Query())
	<-s.sem
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "too many") {
		t.Errorf("busy: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, srv, "GET", Request{Text: "你好", Lang: "zh-CN", Rate: 1}.Query()); resp.StatusCode != 200 {
		t.Errorf("after the slot was freed: %d", resp.StatusCode)
	}
}

// The first bytes of a long text leave long before synthesis is done.
func TestStreamsEarly(t *testing.T) {
	s := newService(t, Options{CacheBytes: -1})
	srv := newServer(t, s)
	text := strings.Repeat("横沥镇坚持以人民为中心的发展思想，全面推进各项工作。", 12)
	start := time.Now()
	resp, err := srv.Client().Get(srv.URL + "/tts?" + Request{Text: text, Lang: "zh-CN", Rate: 2}.Query().Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := resp.Body.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	first := time.Since(start)
	n, _ := io.Copy(io.Discard, resp.Body)
	total := time.Since(start)
	t.Logf("%d characters: first byte after %v, all %d bytes after %v", len([]rune(text)), first, n+1, total)
	// Unstreamed, the first byte would come with the last: half the time
	// leaves room for a busy machine.
	if first > total/2 {
		t.Errorf("first byte after %v of %v: not streamed", first, total)
	}
}

// A client that goes away stops its synthesis.
func TestClientGoneStopsSynthesis(t *testing.T) {
	s := newService(t, Options{})
	srv := newServer(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	text := []rune(strings.Repeat("全面推进各项工作，", 120))[:MaxTextRunes]
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/tts?"+Request{Text: string(text), Lang: "zh-CN", Rate: 0.5}.Query().Encode(), nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Read(make([]byte, 1))
	cancel()
	resp.Body.Close()
	// The whole synthesis (about 8 minutes of speech) takes seconds; being
	// done well within one means it was stopped.
	deadline := time.Now().Add(time.Second)
	for s.running.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("synthesis still running 1 s after the client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n, _ := s.cache.len(); n != 0 {
		t.Error("a cut-off synthesis was cached")
	}
}

func TestNewChecksPrograms(t *testing.T) {
	newService(t, Options{}) // the real programs are there
	if _, err := New(Options{Espeak: "/nonexistent/espeak-ng"}); err == nil || !strings.Contains(err.Error(), "install the Debian package espeak-ng") {
		t.Errorf("missing espeak-ng: %v", err)
	}
	if _, err := New(Options{Lame: "no-such-lame-binary"}); err == nil || !strings.Contains(err.Error(), "install the Debian package lame") {
		t.Errorf("missing lame: %v", err)
	}
	// A program that exists but is not espeak-ng fails the voice check.
	if _, err := New(Options{Espeak: "false"}); err == nil {
		t.Error("false accepted as espeak-ng")
	}
}

// A client that reads slowly must not keep a synthesis slot: the audio is
// produced at full speed into memory and sent from there.
func TestSlowClientFreesSlot(t *testing.T) {
	s := newService(t, Options{MaxConcurrent: 1, QueueWait: 20 * time.Second, Timeout: time.Minute})
	srv := httptest.NewUnstartedServer(s)
	srv.Listener = smallBufferListener{srv.Listener}
	srv.Start()
	defer srv.Close()

	// The stalled client: small socket buffers, reads the headers, then
	// nothing. The MP3 (about 600 KB) cannot fit in the buffers in between.
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	q := Request{Text: strings.Repeat("全面推进各项工作，", 45), Lang: "zh-CN", Rate: 1}.Query().Encode()
	if _, err := io.WriteString(conn, "GET /?"+q+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Read(make([]byte, 512)); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	resp, err := srv.Client().Get(srv.URL + "/?" + Request{Text: "你好", Lang: "zh-CN", Rate: 1}.Query().Encode())
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("second client got %d while the first one stalls", resp.StatusCode)
	}
	t.Logf("second client served after %v", time.Since(start))
}

type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

func TestHeadMissDoesNotSynthesize(t *testing.T) {
	s := newService(t, Options{})
	srv := newServer(t, s)
	resp, body := get(t, srv, "HEAD", Request{Text: "你好", Lang: "zh-CN", Rate: 1}.Query())
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/mpeg" || resp.Header.Get("X-Cache") != "miss" || len(body) != 0 {
		t.Errorf("HEAD: %d %q X-Cache %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("X-Cache"), len(body))
	}
	if s.peak.Load() != 0 {
		t.Error("HEAD started a synthesis")
	}
}

// TestFiguresReadAsWords: the service reads a report's figures as a
// reader says them. Its audio for "-3.1%" is its audio for 负百分之三点一,
// and so on: espeak-ng alone reads them as 三一 percent.
func TestFiguresReadAsWords(t *testing.T) {
	srv := newServer(t, newService(t, Options{}))
	for _, lang := range []string{"zh-CN", "zh-HK"} {
		for figure, words := range map[string]string{
			"同比-3.1%":    "同比负百分之三点一",
			"796.41万元":   "七百九十六点四一万元",
			"8:30—12:00": "八点三十分至十二点",
		} {
			_, a := get(t, srv, "GET", Request{Text: figure, Lang: lang, Rate: 1}.Query())
			_, b := get(t, srv, "GET", Request{Text: words, Lang: lang, Rate: 1}.Query())
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s: the audio for %q (%d B) is not the audio for %q (%d B)", lang, figure, len(a), words, len(b))
			}
		}
	}
}
