package edge_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/yiyue-a11y/yiyue/examples/worker/edge"
	"github.com/yiyue-a11y/yiyue/examples/worker/edge/edgetest"
	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/tts"
)

const integrity = "sha384-MQP5alrhPE5/r6/vEKlk22jOkXdqyiF61pLMiKhdmnAOirF4JlmuazRa75WP0ZNC"

var (
	loaderJS = []byte("(()=>{/* the loader */})()\n")
	wasm     = []byte("\x00asm\x01\x00\x00\x00 a stand-in module")
)

func brotliOf(b []byte) []byte {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, 5)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// testDist is a dist folder: the loader, a hashed file and a small s2t
// dictionary, with the manifest describing them.
func testDist(t testing.TB) fstest.MapFS {
	var st convert.Stage
	for k, v := range map[string]string{"这": "這", "个": "個", "页": "頁", "面": "面", "区": "區", "湾": "灣", "报": "報", "告": "告", "镇": "鎮"} {
		st.Entries = append(st.Entries, convert.Entry{Key: k, Values: []string{v}})
	}
	dict, err := convert.Encode(convert.Spec{Name: "s2t", Stages: []convert.Stage{st}, SegmentStage: -1})
	if err != nil {
		t.Fatal(err)
	}
	man := `{"loader":"yiyue.js","integrity":"` + integrity + `","files":[` +
		`{"logical":"yiyue.wasm","name":"yiyue.0123456789.wasm"},` +
		`{"logical":"s2t.dict","name":"s2t.abcdef0123.dict"},` +
		`{"logical":"yiyue.js","name":"yiyue.js"}]}`
	return fstest.MapFS{
		"manifest.json":            {Data: []byte(man)},
		"yiyue.js":                 {Data: loaderJS},
		"yiyue.js.br":              {Data: brotliOf(loaderJS)},
		"yiyue.0123456789.wasm":    {Data: wasm},
		"yiyue.0123456789.wasm.br": {Data: brotliOf(wasm)},
		"s2t.abcdef0123.dict":      {Data: dict},
	}
}

type fixture struct {
	edge, origin *httptest.Server
	evil         *edgetest.Evil
	evilSrv      *httptest.Server
	ttsHits      *atomic.Int64
	tts          http.Handler
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{evil: &edgetest.Evil{}, ttsHits: &atomic.Int64{}}
	svc, err := tts.New(tts.Options{})
	if err != nil {
		t.Fatalf("TTS service (needs espeak-ng and lame; `go run ./build test` installs them): %v", err)
	}
	f.tts = svc
	mux := http.NewServeMux()
	mux.Handle("/", edgetest.Origin(http.FileServer(http.Dir("../../portal"))))
	mux.HandleFunc("/tts", func(w http.ResponseWriter, r *http.Request) {
		f.ttsHits.Add(1)
		svc.ServeHTTP(w, r)
	})
	f.origin = httptest.NewServer(mux)
	t.Cleanup(f.origin.Close)
	f.evilSrv = httptest.NewServer(f.evil)
	t.Cleanup(f.evilSrv.Close)
	f.edge = serveEdge(t, edge.Config{Origin: f.origin.URL, TTSUpstream: f.origin.URL + "/tts", Cache: edge.NewMemoryCache(1 << 20)})
	return f
}

// serveEdge serves an edge made with c, closed when the test ends; the
// test build's dist and the default transport unless c names others.
func serveEdge(t *testing.T, c edge.Config) *httptest.Server {
	t.Helper()
	if c.Dist == nil {
		c.Dist = testDist(t)
	}
	if c.Transport == nil {
		c.Transport = http.DefaultTransport
	}
	h, err := edge.New(c)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url string, header http.Header, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestNewRejectsBadConfig(t *testing.T) {
	d := testDist(t)
	for _, c := range []edge.Config{
		{Dist: d, Origin: "https://x"},
		{},
		{Dist: fstest.MapFS{"manifest.json": {Data: []byte(`{"loader":"yiyue.js"}`)}}},
	} {
		if h, err := edge.New(c); err == nil || h != nil {
			t.Errorf("New(%+v) = %v, %v: want no Handler and an error", c, h, err)
		}
	}
}

// loaderTag finds the script tag that loads yiyue.
var loaderTag = regexp.MustCompile(`<script src="[^"]*/yiyue\.js\?v=[0-9a-f]+"[^>]*>`)

// loaderQuery is the query of the loader's URL in the tag: its release,
// from the test dist's integrity.
var loaderQuery = func() string {
	sum := sha256.Sum256([]byte(integrity))
	return "?v=" + hex.EncodeToString(sum[:5])
}()

// TestMalformedSettingsKeepWhatWorks: a setting that New cannot use turns
// off its own feature only, and its value, which may be a secret or an
// internal host, is in New's error (for the log) but in no answer.
func TestMalformedSettingsKeepWhatWorks(t *testing.T) {
	f := setup(t)
	const secret = "s3cret-internal"
	good := edge.Config{Origin: f.origin.URL, TTSUpstream: f.origin.URL + "/tts"}
	for _, tc := range []struct {
		name string
		cfg  func(*edge.Config)
		// Wanted statuses: a page, its /_zh-hant/ form, HEAD /tts (a
		// probe, no synthesis).
		page, hant, tts int
		notInTag        string
	}{
		{"TTS_UPSTREAM with a query", func(c *edge.Config) { c.TTSUpstream = f.origin.URL + "/tts?key=" + secret },
			200, 200, 503, "data-tts"},
		{"TTS_UPSTREAM not http(s)", func(c *edge.Config) { c.TTSUpstream = "ftp://" + secret + "/tts" },
			200, 200, 503, "data-tts"},
		{"a bad VARIANT", func(c *edge.Config) { c.Variant = secret },
			200, 503, 200, "data-variant"},
		{"PHRASES not a path", func(c *edge.Config) { c.Phrases = "https://" + secret + "/p.txt" },
			200, 200, 200, "data-phrases"},
		{"ORIGIN with a path", func(c *edge.Config) { c.Origin = "https://" + secret + ".example/portal" },
			502, 502, 200, ""},
		{"ORIGIN with a query", func(c *edge.Config) { c.Origin = f.origin.URL + "?key=" + secret },
			502, 502, 200, ""},
		{"ORIGIN not a URL", func(c *edge.Config) { c.Origin = "http://" + secret + ":port" },
			502, 502, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			cfg.Dist, cfg.Transport, cfg.Cache = testDist(t), http.DefaultTransport, edge.NewMemoryCache(1<<20)
			tc.cfg(&cfg)
			h, err := edge.New(cfg)
			var se *edge.SettingsError
			if !errors.As(err, &se) || h == nil {
				t.Fatalf("New = %v, %v: want a Handler and a *SettingsError", h, err)
			}
			if !strings.Contains(err.Error(), secret) {
				t.Errorf("New's error does not quote the bad value: %v", err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			for _, c := range []struct {
				method, path string
				status       int
			}{
				{"GET", "/report.html", tc.page},
				{"GET", "/_zh-hant/report.html", tc.hant},
				{"HEAD", "/tts?text=%E4%BD%A0", tc.tts},
				{"GET", "/yiyue.js", 200},
				{"GET", "/yiyue.0123456789.wasm", 200},
			} {
				resp, body := do(t, c.method, srv.URL+c.path, nil, nil)
				if resp.StatusCode != c.status {
					t.Errorf("%s %s: %d, want %d (%.200s)", c.method, c.path, resp.StatusCode, c.status, body)
				}
				if strings.Contains(string(body), secret) {
					t.Errorf("%s %s shows the bad value: %.200s", c.method, c.path, body)
				}
				if c.path == "/report.html" && c.status == 200 {
					// The loader's tag, not the page's own scripts.
					tag := loaderTag.FindString(string(body))
					if !strings.Contains(tag, `integrity="`+integrity+`"`) || tc.notInTag != "" && strings.Contains(tag, tc.notInTag) {
						t.Errorf("the page's tag %s: want the loader without %s", tag, tc.notInTag)
					}
				}
			}
		})
	}
}

func TestAssets(t *testing.T) {
	f := setup(t)
	br := http.Header{"Accept-Encoding": {"gzip, br"}}
	resp, body := do(t, "GET", f.edge.URL+"/yiyue.js", br, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "br" || !bytes.Equal(body, brotliOf(loaderJS)) {
		t.Fatalf("loader: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), len(body))
	}
	for k, want := range map[string]string{
		"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300, must-revalidate",
		"Access-Control-Allow-Origin": "*", "Vary": "Accept-Encoding",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("loader %s = %q, want %q", k, got, want)
		}
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("loader has no ETag")
	}
	if resp, _ := do(t, "GET", f.edge.URL+"/yiyue.js", http.Header{"If-None-Match": {etag}}, nil); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	resp, body = do(t, "GET", f.edge.URL+"/yiyue.0123456789.wasm", nil, nil)
	if !bytes.Equal(body, wasm) || resp.Header.Get("Content-Type") != "application/wasm" ||
		resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("hashed file: %q %q", resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if resp, _ := do(t, "OPTIONS", f.edge.URL+"/yiyue.0123456789.wasm", http.Header{"Origin": {"https://portal.example"}}, nil); resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	// dist's bookkeeping is not served; the origin answers instead.
	if resp, _ := do(t, "GET", f.edge.URL+"/manifest.json", nil, nil); resp.StatusCode != 404 {
		t.Errorf("manifest.json: %d, want the origin's 404", resp.StatusCode)
	}
}

func TestInjection(t *testing.T) {
	f := setup(t)
	h, _ := edge.New(edge.Config{Dist: testDist(t), TTSUpstream: "http://tts.example/tts", Variant: "hk", Phrases: "/p.txt", Transport: http.DefaultTransport})
	want := `<script src="https://edge.example/yiyue.js` + loaderQuery + `" defer blocking="render" integrity="` + integrity + `" crossorigin="anonymous" data-variant="hk" data-phrases="https://edge.example/p.txt" data-tts="https://edge.example/tts"></script>`
	if got := h.ScriptTag("https", "edge.example"); got != want {
		t.Errorf("script tag\n got  %s\n want %s", got, want)
	}

	_, orig := do(t, "GET", f.origin.URL+"/report.html", nil, nil)
	resp, page := do(t, "GET", f.edge.URL+"/report.html", nil, nil)
	tag := `<script src="` + f.edge.URL + `/yiyue.js` + loaderQuery + `" defer blocking="render" integrity="` + integrity + `" crossorigin="anonymous" data-tts="` + f.edge.URL + `/tts"></script>`
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte(tag+"</head>")) {
		t.Fatalf("no script tag before </head> in the proxied page (status %d)", resp.StatusCode)
	}
	if !bytes.Equal(bytes.Replace(page, []byte(tag), nil, 1), orig) {
		t.Error("the proxied page differs from the origin's by more than the script tag")
	}
	if resp.Header.Get("Content-Length") != "" && resp.ContentLength != int64(len(page)) {
		t.Errorf("Content-Length %d for a %d-byte page", resp.ContentLength, len(page))
	}
	if resp.Header.Get("Last-Modified") != "" {
		t.Error("a rewritten page kept the origin's Last-Modified")
	}

	_, page = do(t, "GET", f.edge.URL+"/_t/with-tag.html", nil, nil)
	if n := bytes.Count(page, []byte("yiyue.js")); n != 1 {
		t.Errorf("a page that loads yiyue itself has %d script tags", n)
	}
	resp, page = do(t, "GET", f.edge.URL+"/_t/teapot", nil, nil)
	if resp.StatusCode != http.StatusTeapot || !bytes.Contains(page, []byte(tag+"</head>")) {
		t.Errorf("an error page: status %d, tag %v", resp.StatusCode, bytes.Contains(page, []byte(tag)))
	}
	resp, page = do(t, "HEAD", f.edge.URL+"/report.html", nil, nil)
	if resp.StatusCode != 200 || len(page) != 0 || resp.Header.Get("Content-Length") != "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", resp.StatusCode, len(page), resp.Header.Get("Content-Length"))
	}
}

func TestPassThrough(t *testing.T) {
	f := setup(t)
	resp, body := do(t, "GET", f.edge.URL+"/_t/bin", nil, nil)
	if !bytes.Equal(body, edgetest.Binary) || resp.Header.Get("ETag") != `"bin-1"` || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("binary: %d bytes, ETag %q", len(body), resp.Header.Get("ETag"))
	}
	// The origin gzips it for the edge; the client gets it whole.
	resp, body = do(t, "GET", f.edge.URL+"/_t/data.json", http.Header{"Accept-Encoding": {"identity"}}, nil)
	if !bytes.Equal(body, edgetest.JSON) || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("JSON: %q %q", body, resp.Header.Get("Content-Encoding"))
	}
	resp, _ = do(t, "GET", f.edge.URL+"/_t/cookie", nil, nil)
	if got := resp.Header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(edgetest.Cookies, "\n") {
		t.Errorf("Set-Cookie = %q, want %q", got, edgetest.Cookies)
	}
	for k, v := range edgetest.SecurityHeaders {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if resp, _ := do(t, "GET", f.edge.URL+"/no-such-page.html", nil, nil); resp.StatusCode != 404 {
		t.Errorf("missing page: %d", resp.StatusCode)
	}
	post := strings.Repeat("意见=很好&", 5000)
	resp, body = do(t, "POST", f.edge.URL+"/_t/echo?x=1", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Cookie": {"session=abc123"}}, strings.NewReader(post))
	var e edgetest.Echo
	if resp.StatusCode != 200 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("echo: %v: %s", err, body)
	}
	if e.Method != "POST" || e.Body != post || e.ContentType != "application/x-www-form-urlencoded" || e.Query != "x=1" || e.Cookie != "session=abc123" {
		t.Errorf("the origin saw %s %q (%d bytes, %q), cookie %q", e.Method, e.Query, e.Length, e.ContentType, e.Cookie)
	}
	originHost := strings.TrimPrefix(f.origin.URL, "http://")
	if e.Host != originHost || e.ForwardedHost != strings.TrimPrefix(f.edge.URL, "http://") {
		t.Errorf("the origin saw Host %q, X-Forwarded-Host %q", e.Host, e.ForwardedHost)
	}
}

func TestRedirects(t *testing.T) {
	f := setup(t)
	for path, want := range edgetest.Redirects(strings.TrimPrefix(f.edge.URL, "http://")) {
		resp, _ := do(t, "GET", f.edge.URL+path, nil, nil)
		if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d Location %q, want %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

// raw sends a request line and headers as written, for what a client
// library would clean up.
func raw(t *testing.T, addr, request string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, request)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestNotAnOpenProxy(t *testing.T) {
	f := setup(t)
	edgeAddr := strings.TrimPrefix(f.edge.URL, "http://")
	evil := strings.TrimPrefix(f.evilSrv.URL, "http://")
	for _, tc := range []struct {
		name, request string
		status        int
	}{
		{"absolute URL in the path", "GET /http://" + evil + "/ HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"encoded absolute URL in the path", "GET /http%3A%2F%2F" + evil + "/ HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"//host path", "GET //" + evil + "/x HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"/\\host path", "GET /\\" + evil + "/x HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"encoded //host path", "GET /%2F%2F" + evil + "/x HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"//host under the prefix", "GET /_zh-hant//" + evil + "/x HTTP/1.1\r\nHost: " + edgeAddr + "\r\n\r\n", 400},
		{"absolute-form request", "GET http://" + evil + "/x HTTP/1.1\r\nHost: " + evil + "\r\n\r\n", 400},
		{"CONNECT", "CONNECT " + evil + " HTTP/1.1\r\nHost: " + evil + "\r\n\r\n", 400},
		{"another Host header", "GET /_t/echo HTTP/1.1\r\nHost: " + evil + "\r\n\r\n", 200},
		{"X-Forwarded-Host", "GET /_t/echo HTTP/1.1\r\nHost: " + edgeAddr + "\r\nX-Forwarded-Host: " + evil + "\r\n\r\n", 200},
	} {
		status, body := raw(t, edgeAddr, tc.request)
		if status != tc.status || strings.Contains(body, edgetest.EvilBody) {
			t.Errorf("%s: %d %q, want %d", tc.name, status, body, tc.status)
		}
		if status == 200 {
			var e edgetest.Echo
			json.Unmarshal([]byte(body), &e)
			if e.Host != strings.TrimPrefix(f.origin.URL, "http://") {
				t.Errorf("%s: the origin was asked for host %q", tc.name, e.Host)
			}
		}
	}
	if n := f.evil.Hits(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestRewrittenPagesRevalidate(t *testing.T) {
	f := setup(t)
	resp, _ := do(t, "GET", f.edge.URL+"/_t/etag.html", nil, nil)
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"page-7~yy-`) || resp.Header.Get("Last-Modified") != "" {
		t.Fatalf("rewritten page: ETag %q, Last-Modified %q", etag, resp.Header.Get("Last-Modified"))
	}
	resp, _ = do(t, "GET", f.edge.URL+"/_t/etag.html", http.Header{"If-None-Match": {etag}}, nil)
	if resp.StatusCode != 304 || resp.Header.Get("ETag") != etag {
		t.Errorf("revalidation: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	// A validator from another rewriting (an older loader) must not match.
	resp, _ = do(t, "GET", f.edge.URL+"/_t/etag.html", http.Header{"If-None-Match": {`W/"page-7~yy-00000000"`}}, nil)
	if resp.StatusCode != 200 {
		t.Errorf("stale validator: %d, want 200", resp.StatusCode)
	}
	// The /_zh-hant/ form has validators of its own.
	resp, _ = do(t, "GET", f.edge.URL+"/_zh-hant/_t/etag.html", http.Header{"If-None-Match": {etag}}, nil)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("/_zh-hant/ with the plain page's ETag: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

func TestHantPage(t *testing.T) {
	f := setup(t)
	resp, page := do(t, "GET", f.edge.URL+"/_zh-hant/report.html", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	s := string(page)
	for _, want := range []string{`<html lang="zh-Hant">`, `明珠灣區`, `<a href="boxes.html">`, `integrity="` + integrity + `"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the /_zh-hant/ page lacks %q", want)
		}
	}
	// Styles and images under the prefix come from the origin unchanged.
	_, css := do(t, "GET", f.edge.URL+"/_zh-hant/portal.css", nil, nil)
	_, want := do(t, "GET", f.origin.URL+"/portal.css", nil, nil)
	if !bytes.Equal(css, want) || len(css) == 0 {
		t.Error("/_zh-hant/portal.css differs from the origin's")
	}
}

func TestTTS(t *testing.T) {
	f := setup(t)
	// Bad requests get the service's own answer, without reaching it.
	for _, q := range []string{"", "text=", "text=%E4%BD%A0&lang=fr", "text=x&rate=3", "text=x&rate=abc", "text=x&voice=zz", "text=a&text=b", "text=%01"} {
		want := httptest.NewRecorder()
		f.tts.ServeHTTP(want, httptest.NewRequest("GET", "/tts?"+q, nil))
		resp, body := do(t, "GET", f.edge.URL+"/tts?"+q, nil, nil)
		if resp.StatusCode != want.Code || string(body) != want.Body.String() {
			t.Errorf("?%s: %d %q, the service says %d %q", q, resp.StatusCode, body, want.Code, want.Body.String())
		}
	}
	if resp, _ := do(t, "POST", f.edge.URL+"/tts?text=x", nil, strings.NewReader("")); resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	if n := f.ttsHits.Load(); n != 0 {
		t.Fatalf("bad requests reached the TTS service %d times", n)
	}
	q := url.Values{"text": {"横沥镇人民政府"}, "lang": {"zh-CN"}, "rate": {"1"}}.Encode()
	resp, first := do(t, "GET", f.edge.URL+"/tts?"+q, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/mpeg" || resp.Header.Get(edge.CacheHeader) != "miss" || len(first) < 500 {
		t.Fatalf("first: %d %q %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get(edge.CacheHeader), len(first))
	}
	// The same request spelled differently is the same entry.
	q2 := url.Values{"text": {" 横沥镇人民政府 "}, "lang": {"zh-hans"}, "rate": {"1.00"}, "_": {"123"}}.Encode()
	resp, second := do(t, "GET", f.edge.URL+"/tts?"+q2, nil, nil)
	if resp.Header.Get(edge.CacheHeader) != "hit" || !bytes.Equal(first, second) {
		t.Errorf("second: %q, same audio %v", resp.Header.Get(edge.CacheHeader), bytes.Equal(first, second))
	}
	if n := f.ttsHits.Load(); n != 1 {
		t.Errorf("the TTS service was asked %d times, want 1", n)
	}
	// A probe of audio not kept says so too.
	probe := url.Values{"text": {"横沥镇"}, "lang": {"zh-CN"}}.Encode()
	if resp, _ := do(t, "HEAD", f.edge.URL+"/tts?"+probe, nil, nil); resp.StatusCode != 200 || resp.Header.Get(edge.CacheHeader) != "miss" {
		t.Errorf("HEAD of audio not kept: %d, %s %q; want 200, miss", resp.StatusCode, edge.CacheHeader, resp.Header.Get(edge.CacheHeader))
	}
	resp, part := do(t, "GET", f.edge.URL+"/tts?"+q, http.Header{"Range": {"bytes=0-99"}}, nil)
	if resp.StatusCode != 206 || !bytes.Equal(part, first[:100]) {
		t.Errorf("range: %d, %d bytes", resp.StatusCode, len(part))
	}
	// Another rate is other audio.
	resp, _ = do(t, "GET", f.edge.URL+"/tts?"+url.Values{"text": {"横沥镇人民政府"}, "rate": {"1.5"}}.Encode(), nil, nil)
	if resp.Header.Get(edge.CacheHeader) != "miss" {
		t.Errorf("another rate: %q", resp.Header.Get(edge.CacheHeader))
	}
}

func TestHantLeavesNonUTF8PagesUnconverted(t *testing.T) {
	// "<p>这个</p>" in GBK: converting its bytes as UTF-8 would garble it.
	gbk := []byte("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"gbk\"></head><body><p>\xd5\xe2\xb8\xf6</p><a href=\"/x.html\">x</a></body></html>")
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // the charset is only in the page
		w.Write(gbk)
	}))
	defer origin.Close()
	srv := serveEdge(t, edge.Config{Origin: origin.URL})
	_, page := do(t, "GET", srv.URL+"/_zh-hant/p.html", nil, nil)
	if !bytes.Contains(page, []byte("<p>\xd5\xe2\xb8\xf6</p>")) || !bytes.Contains(page, []byte(`lang="zh-CN"`)) {
		t.Errorf("a GBK page was changed: %q", page)
	}
	if !bytes.Contains(page, []byte(`href="/_zh-hant/x.html"`)) {
		t.Errorf("a GBK page's links were not kept under the prefix: %q", page)
	}
}

// phraseEdge serves an edge in front of an origin made of mux, with the
// site's phrase list at /yiyue-phrases.txt; both close when the test ends.
func phraseEdge(t *testing.T, mux *http.ServeMux) *httptest.Server {
	t.Helper()
	origin := httptest.NewServer(mux)
	t.Cleanup(origin.Close)
	return serveEdge(t, edge.Config{Origin: origin.URL, Phrases: "/yiyue-phrases.txt"})
}

func TestHantUsesTheSitesPhrases(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/yiyue-phrases.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("# the site's own terms\n这个\t此個\nbad line\n"))
	})
	mux.HandleFunc("/p.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html lang="zh-CN"><head></head><body><p>这个</p><p>这</p></body></html>`))
	})
	srv := phraseEdge(t, mux)
	_, page := do(t, "GET", srv.URL+"/_zh-hant/p.html", nil, nil)
	if !bytes.Contains(page, []byte("<p>此個</p><p>這</p>")) {
		t.Errorf("the phrase list was not applied: %s", page)
	}
	_, page = do(t, "GET", srv.URL+"/p.html", nil, nil)
	if !bytes.Contains(page, []byte(`data-phrases="`+srv.URL+`/yiyue-phrases.txt"`)) {
		t.Errorf("the widget is not told about the phrase list: %s", page)
	}
}

// TestFragmentsGetNoTag: a piece of a page that a script loads into a
// page (jQuery's load() of a news list), or a page asked for with
// X-Requested-With, gets no script tag: jQuery ran it, fetching the loader
// synchronously, in a page that had the widget already. A /_zh-hant/
// piece is converted all the same.
func TestFragmentsGetNoTag(t *testing.T) {
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list.html" {
			w.Write([]byte(`<ul><li><a href="/n/1.html">镇人大开展年度满意度测评</a></li></ul>`))
			return
		}
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>新闻</title></head><body><p>新闻</p></body></html>`))
	}))
	defer origin.Close()
	srv := serveEdge(t, edge.Config{Origin: origin.URL})
	for _, tc := range []struct {
		path string
		xhr  bool
		tag  bool
	}{
		{"/page.html", false, true},
		{"/page.html", true, false},
		{"/list.html", false, false},
		{"/_zh-hant/list.html", false, false},
	} {
		h := http.Header{}
		if tc.xhr {
			h.Set("X-Requested-With", "XMLHttpRequest")
		}
		_, body := do(t, "GET", srv.URL+tc.path, h, nil)
		if got := bytes.Contains(body, []byte("yiyue.js")); got != tc.tag {
			t.Errorf("%s (X-Requested-With %v): the script tag is there: %v; want %v: %s", tc.path, tc.xhr, got, tc.tag, body)
		}
	}
	if _, body := do(t, "GET", srv.URL+"/_zh-hant/list.html", nil, nil); !bytes.Contains(body, []byte("鎮人大开展")) {
		t.Errorf("the /_zh-hant/ piece was not converted: %s", body)
	}
}

// TestRefreshHeader: a page that sends the reader on with a Refresh
// header, on the origin's host, sends them to the edge's, and a
// /_zh-hant/ page's to the /_zh-hant/ page; it sent them to the origin,
// or back to Simplified.
func TestRefreshHeader(t *testing.T) {
	var origin *httptest.Server
	origin = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Refresh", "3; url="+origin.URL+"/next.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html lang="zh-CN"><head></head><body><p>页面已迁移</p></body></html>`))
	}))
	defer origin.Close()
	srv := serveEdge(t, edge.Config{Origin: origin.URL})
	for path, want := range map[string]string{"/old.html": "3; url=" + srv.URL + "/next.html", "/_zh-hant/old.html": "3; url=" + srv.URL + "/_zh-hant/next.html"} {
		resp, _ := do(t, "GET", srv.URL+path, nil, nil)
		if got := resp.Header.Get("Refresh"); got != want {
			t.Errorf("%s: Refresh %q; want %q", path, got, want)
		}
	}
}

// TestHantWithoutAPhraseList: a phrase list the origin never finishes
// sending is given up after PhrasesTimeout, and the page is converted
// without it. It held every /_zh-hant/ page for as long as it hung.
func TestHantWithoutAPhraseList(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	mux := http.NewServeMux()
	mux.HandleFunc("/yiyue-phrases.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("这个\t此個\n"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/p.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html lang="zh-CN"><head></head><body><p>这个</p></body></html>`))
	})
	srv := phraseEdge(t, mux)
	start := time.Now()
	resp, page := do(t, "GET", srv.URL+"/_zh-hant/p.html", nil, nil)
	if took := time.Since(start); resp.StatusCode != 200 || took > edge.PhrasesTimeout+2*time.Second {
		t.Fatalf("/_zh-hant/ answered %d after %v; want 200 within %v", resp.StatusCode, took, edge.PhrasesTimeout)
	}
	if !bytes.Contains(page, []byte("<p>這個</p>")) {
		t.Errorf("the page was not converted without the list: %s", page)
	}
}

// TestErrorAfterOriginAnswered: when the edge fails after the origin
// answered (here, the /_zh-hant/ dictionary is missing from the files it
// serves), its error answer carries none of the origin's headers: not its
// Content-Length, which announced the page and cut the client's read
// short, nor its cookies or validators.
func TestErrorAfterOriginAnswered(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html lang="zh-CN"><head></head><body><p>这个页面</p>` + strings.Repeat("<p>报告</p>", 200) + `</body></html>`)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Header().Set("Set-Cookie", "session=abc123")
		w.Header().Set("ETag", `"p1"`)
		w.Write(page)
	}))
	defer origin.Close()
	dist := testDist(t)
	delete(dist, "s2t.abcdef0123.dict")
	srv := serveEdge(t, edge.Config{Origin: origin.URL, Dist: dist})
	resp, body := do(t, "GET", srv.URL+"/_zh-hant/p.html", nil, nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("without its dictionary, /_zh-hant/ answered %d, want 503", resp.StatusCode)
	}
	if cl := resp.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %s for a %d-byte answer", cl, len(body))
	}
	for _, k := range []string{"Set-Cookie", "ETag"} {
		if v := resp.Header.Get(k); v != "" {
			t.Errorf("the error answer carries the origin's %s: %q", k, v)
		}
	}
	if !bytes.HasPrefix(body, []byte("yiyue edge: ")) {
		t.Errorf("the error answer says %q", body)
	}
}

// fakeTTS is a TTS service whose answer a test sets.
type fakeTTS struct {
	hits   atomic.Int64
	status int
	header http.Header
	body   []byte
}

func (f *fakeTTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.hits.Add(1)
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(f.status)
	w.Write(f.body)
}

// ttsEdge returns an edge in front of svc as its TTS service.
func ttsEdge(t *testing.T, svc http.Handler) *httptest.Server {
	t.Helper()
	up := httptest.NewServer(svc)
	t.Cleanup(up.Close)
	return serveEdge(t, edge.Config{TTSUpstream: up.URL + "/tts", Cache: edge.NewMemoryCache(1 << 20)})
}

// TestTTSCachesOnlyMP3: the edge keeps only audio that begins as MP3 does
// (an MPEG frame's sync word or an ID3 tag), only when the service allows
// a shared cache to, and audio without a lifetime gets an hour.
func TestTTSCachesOnlyMP3(t *testing.T) {
	frame := append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 400)...)
	id3 := append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), frame...)
	for _, tc := range []struct {
		name         string
		cc, expires  string
		body         []byte
		status       int
		stored       bool
		cacheControl string // what the client gets
	}{
		{"frame sync, no caching header", "", "", frame, 200, true, edge.AudioLifetime},
		{"ID3 tag, the service's lifetime", "public, max-age=600", "", id3, 200, true, "public, max-age=600"},
		{"a lifetime in Expires", "", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), frame, 200, true, ""},
		{"public without a lifetime", "public", "", frame, 200, true, "public, max-age=3600"},
		{"empty", "", "", nil, 502, false, "no-store"},
		{"an error page labelled audio", "", "", []byte("<!DOCTYPE html><p>error</p>"), 502, false, "no-store"},
		{"0xFF without the sync word", "", "", []byte{0xFF, 0x1F, 0, 0}, 502, false, "no-store"},
		{"no-store", "no-store", "", frame, 200, false, "no-store"},
		{"private", "private, max-age=600", "", frame, 200, false, "private, max-age=600"},
		{"max-age=0", "max-age=0", "", frame, 200, false, "max-age=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := &fakeTTS{status: 200, header: http.Header{"Content-Type": {"audio/mpeg"}}, body: tc.body}
			if tc.cc != "" {
				svc.header.Set("Cache-Control", tc.cc)
			}
			if tc.expires != "" {
				svc.header.Set("Expires", tc.expires)
			}
			srv := ttsEdge(t, svc)
			for i := range 2 {
				resp, body := do(t, "GET", srv.URL+"/tts?text=%E4%BD%A0", nil, nil)
				if resp.StatusCode != tc.status || resp.Header.Get("Cache-Control") != tc.cacheControl {
					t.Errorf("request %d: %d, Cache-Control %q; want %d, %q", i+1, resp.StatusCode, resp.Header.Get("Cache-Control"), tc.status, tc.cacheControl)
				}
				if tc.status == 200 && !bytes.Equal(body, tc.body) {
					t.Errorf("request %d: the audio differs from the service's", i+1)
				}
			}
			if stored := svc.hits.Load() == 1; stored != tc.stored {
				t.Errorf("the service was asked %d times for one text: stored %v, want %v", svc.hits.Load(), stored, tc.stored)
			}
		})
	}
}

// TestTTSServiceErrorsAreNotRelayed: what the TTS service answers instead
// of audio is not shown from the portal's origin (its HTML could run
// there, and it may name internal hosts); the edge answers with its own
// text, keeping the status and Retry-After that the widget acts on.
func TestTTSServiceErrorsAreNotRelayed(t *testing.T) {
	page := []byte(`<!DOCTYPE html><script>alert(document.cookie)</script><p>tts-7.backend.internal:8080 overloaded</p>`)
	for _, tc := range []struct {
		name                  string
		method                string
		status                int
		header                http.Header
		wantStatus            int
		wantRetry             string
		wantMessagePrefix     string
		wantMessageContaining string
	}{
		{"busy, HTML", "GET", 503, http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Retry-After": {"7"}}, 503, "7", "yiyue edge: ", "503"},
		{"busy, HEAD", "HEAD", 503, http.Header{"Content-Type": {"text/html"}, "Retry-After": {"7"}}, 503, "7", "", ""},
		{"too many, a date to retry", "GET", 429, http.Header{"Content-Type": {"application/json"}, "Retry-After": {"Wed, 21 Oct 2037 07:28:00 GMT"}}, 429, "Wed, 21 Oct 2037 07:28:00 GMT", "yiyue edge: ", "429"},
		{"a Retry-After that is not one", "GET", 503, http.Header{"Content-Type": {"text/html"}, "Retry-After": {"<script>"}}, 503, "", "yiyue edge: ", "503"},
		{"failed", "GET", 500, http.Header{"Content-Type": {"text/html"}}, 500, "", "yiyue edge: ", "500"},
		{"200 but a page", "GET", 200, http.Header{"Content-Type": {"text/html"}}, 502, "", "yiyue edge: ", "no audio"},
		{"a redirect", "GET", 302, http.Header{"Location": {"http://login.backend.internal/"}, "Content-Type": {"text/html"}}, 502, "", "yiyue edge: ", "302"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := ttsEdge(t, &fakeTTS{status: tc.status, header: tc.header, body: page})
			resp, body := do(t, tc.method, srv.URL+"/tts?text=%E4%BD%A0", nil, nil)
			if resp.StatusCode != tc.wantStatus || resp.Header.Get("Retry-After") != tc.wantRetry {
				t.Errorf("%d, Retry-After %q; want %d, %q", resp.StatusCode, resp.Header.Get("Retry-After"), tc.wantStatus, tc.wantRetry)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("Content-Type %q, X-Content-Type-Options %q", ct, resp.Header.Get("X-Content-Type-Options"))
			}
			if resp.Header.Get("Location") != "" {
				t.Errorf("the service's Location was relayed: %q", resp.Header.Get("Location"))
			}
			s := string(body)
			if strings.Contains(s, "<") || strings.Contains(s, "internal") || !strings.HasPrefix(s, tc.wantMessagePrefix) || !strings.Contains(s, tc.wantMessageContaining) {
				t.Errorf("the answer says %q", s)
			}
		})
	}
}

// TestInjectedURLsIgnoreBaseHref: the loader, the phrase list and the
// TTS endpoint that the tag names resolve to the edge itself, whatever
// <base href> the page sets.
func TestInjectedURLsIgnoreBaseHref(t *testing.T) {
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head>` + r.URL.Query().Get("base") + `</head><body><p>页面</p></body></html>`))
	}))
	defer origin.Close()
	srv := serveEdge(t, edge.Config{Origin: origin.URL, TTSUpstream: origin.URL + "/tts", Phrases: "/p.txt"})
	attr := regexp.MustCompile(`<script src="([^"]*)"[^>]* data-phrases="([^"]*)" data-tts="([^"]*)"`)
	for _, base := range []string{
		``,
		`<base href="https://cdn.example/static/">`,
		`<base href="/portal/sub/">`,
		`<base href="//cdn.example/">`,
	} {
		for _, path := range []string{"/dir/page.html", "/_zh-hant/dir/page.html"} {
			pageURL := srv.URL + path + "?" + url.Values{"base": {base}}.Encode()
			_, page := do(t, "GET", pageURL, nil, nil)
			m := attr.FindSubmatch(page)
			if m == nil {
				t.Fatalf("%s: no tag with src, data-phrases and data-tts: %s", pageURL, page)
			}
			// What a browser does: the document's base URL from <base
			// href>, resolved against the page's URL.
			doc, _ := url.Parse(pageURL)
			if href := regexp.MustCompile(`<base href="([^"]*)"`).FindSubmatch(page); href != nil {
				b, err := doc.Parse(string(href[1]))
				if err != nil {
					t.Fatal(err)
				}
				doc = b
			}
			for i, want := range []string{"/yiyue.js" + loaderQuery, "/p.txt", "/tts"} {
				got, err := doc.Parse(string(m[i+1]))
				if err != nil || got.String() != srv.URL+want {
					t.Errorf("%s with %s: %q resolves to %v, want %s", path, base, m[i+1], got, srv.URL+want)
				}
			}
		}
	}
}

// TestHantValidatorsFollowThePhraseList: a /_zh-hant/ page's ETag carries
// a hash of the phrase list it was converted with, so that a client's
// copy is not revalidated once the site changes its list.
func TestHantValidatorsFollowThePhraseList(t *testing.T) {
	var list atomic.Value
	list.Store("这个\t此個\n")
	mux := http.NewServeMux()
	mux.HandleFunc("/yiyue-phrases.txt", func(w http.ResponseWriter, r *http.Request) {
		if s := list.Load().(string); s != "" {
			w.Write([]byte(s))
			return
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("/p.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"p1"`)
		if strings.Contains(r.Header.Get("If-None-Match"), `"p1"`) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html lang="zh-CN"><head></head><body><p>这个</p></body></html>`))
	})
	srv := phraseEdge(t, mux)
	page := srv.URL + "/_zh-hant/p.html"

	etag := ""
	for _, step := range []struct {
		name, list string
		wantText   string // "": want 304
	}{
		{"first", "这个\t此個\n", "此個"},
		{"the same list", "这个\t此個\n", ""},
		{"a changed list", "这个\t那個\n", "那個"},
		{"the changed list again", "这个\t那個\n", ""},
		{"no list", "", "這個"},
		{"still no list", "", ""},
	} {
		list.Store(step.list)
		var hdr http.Header
		if etag != "" {
			hdr = http.Header{"If-None-Match": {etag}}
		}
		resp, body := do(t, "GET", page, hdr, nil)
		switch {
		case step.wantText == "" && resp.StatusCode != http.StatusNotModified:
			t.Errorf("%s: %d, want 304 for %s", step.name, resp.StatusCode, etag)
		case step.wantText != "" && (resp.StatusCode != 200 || !strings.Contains(string(body), "<p>"+step.wantText+"</p>")):
			t.Errorf("%s: %d %s, want 200 with %s (If-None-Match %s)", step.name, resp.StatusCode, body, step.wantText, etag)
		}
		if step.wantText != "" {
			if resp.Header.Get("ETag") == etag {
				t.Errorf("%s: the ETag %s did not change with the list", step.name, etag)
			}
			etag = resp.Header.Get("ETag")
		}
		if head, _ := do(t, "HEAD", page, nil, nil); head.Header.Get("ETag") != etag {
			t.Errorf("%s: HEAD has ETag %s, GET %s", step.name, head.Header.Get("ETag"), etag)
		}
	}
}

// statusTransport answers every request with a status and a page.
type statusTransport int

func (s statusTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: int(s), Header: http.Header{"Content-Type": {"text/html"}, "Set-Cookie": {"a=b"}},
		Body: io.NopCloser(strings.NewReader("<p>odd</p>")), Request: r,
	}, nil
}

// TestOriginStatusOutOfRange: an origin's status outside 200–599, which no
// Response in a Worker can carry, gets a 502 with a message of the edge's.
func TestOriginStatusOutOfRange(t *testing.T) {
	for _, status := range []int{100, 101, 103, 199, 600, 999} {
		h, err := edge.New(edge.Config{Origin: "http://origin.example", Dist: testDist(t), Transport: statusTransport(status)})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/page.html", "/_zh-hant/page.html"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Code != http.StatusBadGateway || !strings.HasPrefix(w.Body.String(), "yiyue edge: ") || w.Header().Get("Set-Cookie") != "" {
				t.Errorf("origin status %d, %s: %d %q, Set-Cookie %q; want 502 and the edge's message", status, path, w.Code, w.Body.String(), w.Header().Get("Set-Cookie"))
			}
		}
	}
	// A real origin sending 600 over HTTP/1.1.
	f := setup(t)
	resp, body := do(t, "GET", f.edge.URL+"/_t/status-600", nil, nil)
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(string(body), "invalid status") {
		t.Errorf("/_t/status-600: %d %q", resp.StatusCode, body)
	}
}

// TestHantGBKLinksReachTheirPages: a GBK page's link with Chinese in its
// path, relinked under /_zh-hant/, leads where the browser goes from the
// origin's page: to the path encoded as UTF-8.
func TestHantGBKLinksReachTheirPages(t *testing.T) {
	f := setup(t)
	_, page := do(t, "GET", f.edge.URL+"/_zh-hant/_t/gbk.html", nil, nil)
	if want := []byte(`href="/_zh-hant/_t/` + "\xd0\xc2\xce\xc5" + `/x.html"`); !bytes.Contains(page, want) {
		t.Fatalf("the link is not %q: %q", want, page)
	}
	// What a browser requests for that href on a GBK page.
	resp, body := do(t, "GET", f.edge.URL+"/_zh-hant/_t/%E6%96%B0%E9%97%BB/x.html", nil, nil)
	// (The test dictionary has no 闻.)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<p>新闻頁</p>") {
		t.Errorf("the linked page: %d %s", resp.StatusCode, body)
	}
}

// TestOriginLearnsTheVisitorsAddress: the origin is told each visitor's
// address in X-Forwarded-For, after what the client itself claimed, so
// that its logs and its limits per visitor do not see one address (the
// edge's) for everyone, nor an address the client made up.
func TestOriginLearnsTheVisitorsAddress(t *testing.T) {
	f := setup(t)
	edgetest.CheckForwardedFor(t, func(h http.Header) []byte {
		_, body := do(t, "GET", f.edge.URL+"/_t/echo", h, nil)
		return body
	})
}

// TestPagesCachedBeforeTheEdgeGetTheTag: a browser that kept a page from
// before the edge fronted the site revalidates it with the origin's own
// validators; the origin would answer 304 and the reader would keep the
// page without the widget for as long as it does not change. A navigation
// with validators the edge did not issue gets the rewritten page; other
// requests, and the edge's own validators, still get 304.
func TestPagesCachedBeforeTheEdgeGetTheTag(t *testing.T) {
	f := setup(t)
	resp, _ := do(t, "GET", f.edge.URL+"/_t/etag.html", nil, nil)
	marked := resp.Header.Get("ETag")
	nav := func(h http.Header) http.Header {
		h.Set("Sec-Fetch-Dest", "document")
		h.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		return h
	}
	for _, tc := range []struct {
		name   string
		header http.Header
		status int
	}{
		{"navigation with the origin's ETag", nav(http.Header{"If-None-Match": {`"page-7"`}}), 200},
		{"navigation with the origin's Last-Modified", nav(http.Header{"If-Modified-Since": {edgetest.EtagModified}}), 200},
		{"navigation with both", nav(http.Header{"If-None-Match": {`"page-7"`}, "If-Modified-Since": {edgetest.EtagModified}}), 200},
		{"navigation without Sec-Fetch-Dest", http.Header{"Accept": {"text/html,*/*;q=0.8"}, "If-None-Match": {`"page-7"`}}, 200},
		{"navigation with the edge's ETag", nav(http.Header{"If-None-Match": {marked}}), 304},
		{"a script's fetch", http.Header{"Sec-Fetch-Dest": {"empty"}, "Accept": {"*/*"}, "If-None-Match": {`"page-7"`}}, 304},
	} {
		resp, body := do(t, "GET", f.edge.URL+"/_t/etag.html", tc.header, nil)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.status)
			continue
		}
		if tc.status == 200 && (!loaderTag.Match(body) || resp.Header.Get("ETag") != marked) {
			t.Errorf("%s: ETag %q (want %q), the page: %s", tc.name, resp.Header.Get("ETag"), marked, body)
		}
	}
}

// TestCookiesForTheOriginsHostReachTheEdgesHost: an origin that names its
// own host in a cookie's Domain (an application setting it from the Host
// it was asked for, which is ORIGIN's) gets a cookie that the browser
// keeps for the edge's host and sends back, so that logging in works.
// Domains of the site's parent, and other attributes, are kept.
func TestCookiesForTheOriginsHostReachTheEdgesHost(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		w.Header().Add("Set-Cookie", "sid=abc; Domain="+host+"; Path=/; HttpOnly")
		w.Header().Add("Set-Cookie", "theme=dark; domain=."+strings.ToUpper(host)+"; Path=/")
		w.Header().Add("Set-Cookie", "site=1; Domain=example.gov.cn; Path=/")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Header.Get("Cookie")))
	})
	site := httptest.NewServer(mux)
	t.Cleanup(site.Close)
	// ORIGIN names the origin by another name than the edge's host.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(site.URL, "http://"))
	srv := serveEdge(t, edge.Config{Origin: "http://localhost:" + port})

	resp, _ := do(t, "GET", srv.URL+"/login", nil, nil)
	want := []string{"sid=abc; Path=/; HttpOnly", "theme=dark; Path=/", "site=1; Domain=example.gov.cn; Path=/"}
	if got := resp.Header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Set-Cookie = %q\nwant %q", got, want)
	}
	// When the edge's host is under the origin's (ORIGIN on the site's
	// parent domain), the cookie already reaches it, and its subdomains:
	// it is kept as it is.
	req, _ := http.NewRequest("GET", srv.URL+"/login", nil)
	req.Host = "www.localhost"
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Values("Set-Cookie"); len(got) == 0 || !strings.Contains(got[0], "Domain=localhost") {
		t.Errorf("on a subdomain of the origin's host: Set-Cookie = %q, want its Domain kept", got)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	for _, p := range []string{"/login", "/me"} {
		resp, err := c.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if p == "/me" && !strings.Contains(string(b), "sid=abc") {
			t.Errorf("after logging in through the edge, the origin got Cookie %q", b)
		}
	}
}

// TestScriptsAnswersLabelledHTMLPassThrough: what a page's script asks
// for (JSON, a bare "success"), which servers label text/html (PHP does
// by default), is not a page: it gets no tag and no conversion, which
// would break the script reading it. Markup, even a fragment, gets the
// tag.
func TestScriptsAnswersLabelledHTMLPassThrough(t *testing.T) {
	f := setup(t)
	for _, path := range []string{"/_t/ajax.php?as=json", "/_zh-hant/_t/ajax.php?as=json"} {
		if _, body := do(t, "GET", f.edge.URL+path, nil, nil); !bytes.Equal(body, edgetest.AjaxJSON) {
			t.Errorf("%s: %s, want %s", path, body, edgetest.AjaxJSON)
		}
	}
	for _, path := range []string{"/_t/ajax.php?as=text", "/_t/ajax.php"} {
		if resp, body := do(t, "GET", f.edge.URL+path, nil, nil); strings.Contains(string(body), "<script") || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: %q, Content-Length %q", path, body, resp.Header.Get("Content-Length"))
		}
	}
}

// TestTagCarriesThePagesNonce: under a Content-Security-Policy that runs
// scripts by nonce, the tag carries the nonce of the answer it is in; the
// page's validator does not change with it.
func TestTagCarriesThePagesNonce(t *testing.T) {
	var n atomic.Int64
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := "n" + strconv.FormatInt(n.Add(1), 10)
		w.Header().Set("Content-Security-Policy", "script-src 'nonce-"+nonce+"' 'strict-dynamic'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"p1"`)
		w.Write([]byte(`<!DOCTYPE html><html><head><script nonce="` + nonce + `">1</script></head><body></body></html>`))
	}))
	t.Cleanup(site.Close)
	srv := serveEdge(t, edge.Config{Origin: site.URL})
	var etags []string
	for i := 1; i <= 2; i++ {
		resp, body := do(t, "GET", srv.URL+"/", nil, nil)
		tag := loaderTag.FindString(string(body))
		if want := `nonce="n` + strconv.Itoa(i) + `"`; !strings.Contains(tag, want) {
			t.Errorf("answer %d: the tag %s lacks %s", i, tag, want)
		}
		etags = append(etags, resp.Header.Get("ETag"))
	}
	if etags[0] != etags[1] {
		t.Errorf("the ETag changed with the nonce: %q", etags)
	}
}
