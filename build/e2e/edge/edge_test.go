package edge

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/build/loadgen"
	wedge "github.com/yiyue-a11y/yiyue/examples/worker/edge"
	"github.com/yiyue-a11y/yiyue/examples/worker/edge/edgetest"
)

// client talks to the Worker without following redirects and without
// asking for compression by itself.
var client = &http.Client{
	Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 256},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       60 * time.Second,
}

// slowClient waits longer: 200 requests at once queue in workerd's one
// thread, on a machine that may be busy with other tests.
var slowClient = &http.Client{Transport: client.Transport, Timeout: 150 * time.Second}

// open loads url in the tab. wrangler dev's proxy can lose a request on
// its way to the Worker (see droppedByDevProxy): the page then waits for
// it until another request reaches the proxy, which answers it with its
// own error. So open keeps requests coming while the page loads (nudge),
// and loads the page again, twice at most, when the proxy lost one of its
// requests or one got no answer. The Worker never saw those; a Worker that
// fails or hangs on a request does so each time, and the test fails.
func open(t *testing.T, tab *browsertest.Tab, url string) {
	t.Helper()
	defer nudge()()
	for try := 1; ; try++ {
		lost, err := load(tab, url)
		if len(lost) == 0 {
			if err != nil {
				t.Fatalf("open %s: %v", url, err)
			}
			return
		}
		if try == 3 {
			t.Fatalf("open %s: %v; lost by wrangler dev's proxy %d times: %s", url, err, try, strings.Join(lost, ", "))
		}
		t.Logf("wrangler dev's proxy lost %s; loading %s again", strings.Join(lost, ", "), url)
	}
}

// load loads url once, and returns the URLs that wrangler dev's proxy
// lost while it did.
func load(tab *browsertest.Tab, url string) (lost []string, err error) {
	ctx, cancel := context.WithTimeout(tab.Ctx, 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	var failed []*network.EventResponseReceived
	err = chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Response.Status >= 500 {
			mu.Lock()
			failed = append(failed, r)
			mu.Unlock()
		}
	})
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Navigate(url))
	}
	mu.Lock()
	defer mu.Unlock()
	for _, r := range failed {
		// Chromium keeps no body of a subresource that failed.
		body, _ := chromedp.Call(tab.Ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: r.RequestID})
		if len(body.Body) > 0 && droppedByDevProxy(loadgen.Result{Status: int(r.Response.Status), Snippet: string(body.Body)}) ||
			len(body.Body) == 0 && !failsAgain(r.Response.URL) {
			lost = append(lost, r.Response.URL)
		}
	}
	if err != nil {
		for _, u := range tab.Unanswered() {
			if strings.HasPrefix(u, wk+"/") {
				lost = append(lost, u)
			}
		}
	}
	return lost, err
}

// failsAgain reports whether the Worker answers a GET of url with a
// server error: an error without a body to tell whose it was is the dev
// proxy's if the Worker does not repeat it.
func failsAgain(url string) bool {
	resp, err := client.Get(url)
	if err != nil {
		return true
	}
	resp.Body.Close()
	return resp.StatusCode >= 500
}

// get fetches url with the given headers and returns the response and
// its body, decoded from gzip or br when the response says so.
func get(t testing.TB, method, url string, header http.Header, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	for try := 1; ; try++ {
		resp, b := getOnce(t, method, url, header, body)
		// A GET or HEAD that wrangler dev's proxy lost is asked again, as
		// its answer asks (see droppedByDevProxy); other requests are not
		// the proxy's to send twice.
		lost := body == nil && (method == "GET" || method == "HEAD") &&
			droppedByDevProxy(loadgen.Result{Status: resp.StatusCode, Snippet: string(b[:min(len(b), 200)])})
		if !lost || try == 3 {
			return resp, decode(t, resp.Header.Get("Content-Encoding"), b)
		}
		t.Logf("wrangler dev's proxy lost %s %s; sending it again", method, url)
	}
}

// getOnce sends one request and returns its answer with the body as sent.
// A request that gets no answer for 2 s sets nudges going: a GET that
// wrangler dev's proxy lost waits in its queue for the next request.
func getOnce(t testing.TB, method, url string, header http.Header, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	answered, stop := make(chan struct{}), make(chan func(), 1)
	go func() {
		select {
		case <-answered:
			stop <- func() {}
		case <-time.After(2 * time.Second):
			stop <- nudge()
		}
	}()
	resp, err := client.Do(req)
	close(answered)
	(<-stop)()
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, url, err)
	}
	return resp, b
}

func decode(t testing.TB, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch {
	case enc == "" || len(b) == 0: // no encoding, or HEAD
		return b
	case enc == "gzip":
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = z
	case enc == "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

func distFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.Dist, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loaderQuery is the query of the loader's URL in the tag: its release,
// from the loader's integrity.
func loaderQuery() string {
	sum := sha256.Sum256([]byte(env.Manifest.Integrity))
	return "?v=" + hex.EncodeToString(sum[:5])
}

func scriptTag() string {
	return `<script src="` + wk + `/yiyue.js` + loaderQuery() + `" defer blocking="render" integrity="` + env.Manifest.Integrity + `" crossorigin="anonymous" data-tts="` + wk + `/tts"></script>`
}

func TestProxiedPortalShowsWorkingWidget(t *testing.T) {
	tab := env.Tab(t)
	open(t, tab, wk+"/report.html")
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
	tag := browsertest.Eval[map[string]any](tab, `(() => { const s = [...document.scripts].filter(s => new URL(s.src).pathname == "/yiyue.js"); return {n: s.length, src: s[0]?.src, integrity: s[0]?.integrity, cross: s[0]?.crossOrigin, inHead: s[0]?.parentNode === document.head} })()`)
	if tag["n"] != 1.0 || tag["src"] != wk+"/yiyue.js"+loaderQuery() || tag["integrity"] != env.Manifest.Integrity || tag["cross"] != "anonymous" || tag["inHead"] != true {
		t.Errorf("injected script tag: %v", tag)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").click()`))
	tab.Wait(`yiyue.get().open === true`, 15*time.Second)
	shown := browsertest.Eval[bool](tab, `(() => { const p = document.getElementById("yiyue-host").shadowRoot.getElementById("panel"); return !!p && !p.hidden && p.getBoundingClientRect().height > 0 && p.getAttribute("role") === "toolbar" })()`)
	if !shown {
		t.Error("the toolbar is not shown on the proxied page")
	}
	var wasm []string
	for _, u := range tab.Requests() {
		if strings.HasSuffix(u, ".wasm") {
			wasm = append(wasm, u)
		}
	}
	if len(wasm) != 1 || !strings.HasPrefix(wasm[0], wk+"/") {
		t.Errorf("WASM requests: %v, want one from the Worker", wasm)
	}
	// The page's own links still work through the Worker.
	browsertest.Eval[bool](tab, `yiyue.close().then(() => true)`)
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	tab.Screenshot("proxied-portal-toolbar")
}

func TestAssetHeaders(t *testing.T) {
	loader := distFile(t, "yiyue.js")
	wasmName := ""
	for _, f := range env.Manifest.Files {
		if f.Logical == "yiyue.wasm" {
			wasmName = f.Name
		}
	}
	// The encoding the client accepts. (wrangler dev, like Cloudflare's
	// edge, may re-encode what the Worker sends; the native tests check
	// that the Worker sends dist's precompressed files as they are.)
	for _, enc := range []string{"br", "gzip", "identity"} {
		resp, raw := getRaw(t, wk+"/yiyue.js", http.Header{"Accept-Encoding": {enc}})
		want := enc
		if enc == "identity" {
			want = ""
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != want {
			t.Errorf("loader for Accept-Encoding %s: %d, Content-Encoding %q", enc, resp.StatusCode, resp.Header.Get("Content-Encoding"))
			continue
		}
		if got := decode(t, want, raw); !bytes.Equal(got, loader) {
			t.Errorf("loader for Accept-Encoding %s does not decode to dist's yiyue.js", enc)
		}
	}
	resp, body := get(t, "GET", wk+"/yiyue.js", http.Header{"Accept-Encoding": {"br"}}, nil)
	for k, want := range map[string]string{
		"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300, must-revalidate",
		"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("loader %s = %q, want %q", k, got, want)
		}
	}
	if !bytes.Equal(body, loader) {
		t.Error("loader body differs from dist's")
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the loader has no ETag")
	}
	if resp, _ := get(t, "GET", wk+"/yiyue.js", http.Header{"If-None-Match": {etag}}, nil); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match on the loader: %d, want 304", resp.StatusCode)
	}
	resp, body = get(t, "GET", wk+"/"+wasmName, http.Header{"Accept-Encoding": {"gzip, deflate, br"}}, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, distFile(t, wasmName)) {
		t.Errorf("WASM: %d, %d bytes", resp.StatusCode, len(body))
	}
	for k, want := range map[string]string{
		"Content-Type": "application/wasm", "Cache-Control": "public, max-age=31536000, immutable", "Access-Control-Allow-Origin": "*",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("WASM %s = %q, want %q", k, got, want)
		}
	}
	resp, _ = get(t, "OPTIONS", wk+"/"+wasmName, http.Header{"Origin": {"https://portal.example"}, "Access-Control-Request-Method": {"GET"}}, nil)
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("CORS preflight: %d %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	resp, _ = get(t, "HEAD", wk+"/"+wasmName, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("HEAD on the WASM: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// getRaw fetches without decoding.
func getRaw(t testing.TB, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
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

func TestBodiesPassThroughByteIdentical(t *testing.T) {
	resp, body := get(t, "GET", wk+"/_t/bin", http.Header{"Accept-Encoding": {"gzip, br"}}, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, edgetest.Binary) || resp.Header.Get("Content-Type") != "application/octet-stream" || resp.Header.Get("ETag") != `"bin-1"` {
		t.Errorf("binary: %d, %d bytes (want %d), %q %q", resp.StatusCode, len(body), len(edgetest.Binary), resp.Header.Get("Content-Type"), resp.Header.Get("ETag"))
	}
	for _, ae := range []string{"gzip", "br", "identity"} {
		resp, body = get(t, "GET", wk+"/_t/data.json", http.Header{"Accept-Encoding": {ae}}, nil)
		if resp.StatusCode != 200 || !bytes.Equal(body, edgetest.JSON) || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("JSON (%s): %d %q", ae, resp.StatusCode, body)
		}
	}
	// The proxied page is the origin's page plus the script tag, nothing else.
	_, orig := get(t, "GET", origin.URL+"/report.html", nil, nil)
	resp, page := get(t, "GET", wk+"/report.html", http.Header{"Accept-Encoding": {"gzip"}}, nil)
	if resp.StatusCode != 200 || !bytes.Equal(bytes.Replace(page, []byte(scriptTag()), nil, 1), orig) || !bytes.Contains(page, []byte(scriptTag()+"</head>")) {
		t.Errorf("the proxied page is not the origin's with the script tag before </head>")
	}
	// POST bodies reach the origin whole.
	post := strings.Repeat("留言=网站很好用；", 3000)
	resp, body = get(t, "POST", wk+"/_t/echo?form=1", http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}, "Cookie": {"session=abc123"}}, strings.NewReader(post))
	var e edgetest.Echo
	if resp.StatusCode != 200 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("echo: %v: %.200s", err, body)
	}
	if e.Method != "POST" || e.Body != post || e.Query != "form=1" || e.Cookie != "session=abc123" || !strings.HasPrefix(e.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("the origin saw %s ?%s, %d bytes (want %d), %q, cookie %q", e.Method, e.Query, e.Length, len(post), e.ContentType, e.Cookie)
	}
	if e.Host != strings.TrimPrefix(origin.URL, "http://") {
		t.Errorf("the origin was asked for host %q", e.Host)
	}
	// HEAD: headers, no body.
	resp, body = get(t, "HEAD", wk+"/_t/bin", nil, nil)
	if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("ETag") != `"bin-1"` {
		t.Errorf("HEAD: %d, %d bytes, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
	}
	resp, body = get(t, "HEAD", wk+"/report.html", nil, nil)
	if resp.StatusCode != 200 || len(body) != 0 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("HEAD on a page: %d, %d bytes", resp.StatusCode, len(body))
	}
}

func TestCookiesAndRedirectsSurvive(t *testing.T) {
	resp, _ := get(t, "GET", wk+"/_t/cookie", nil, nil)
	if got := resp.Header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(edgetest.Cookies, "\n") {
		t.Errorf("Set-Cookie = %q\nwant %q", got, edgetest.Cookies)
	}
	for k, v := range edgetest.SecurityHeaders {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for path, want := range edgetest.Redirects(strings.TrimPrefix(wk, "http://")) {
		resp, _ := get(t, "GET", wk+path, nil, nil)
		if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d Location %q, want %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	// In the browser: the cookie is kept and sent back through the Worker.
	tab := env.Tab(t)
	open(t, tab, wk+"/_t/cookie")
	open(t, tab, wk+"/_t/echo")
	got := browsertest.Eval[string](tab, `JSON.parse(document.body.innerText).Cookie`)
	if !strings.Contains(got, "session=abc123") || !strings.Contains(got, "lang=zh-CN") {
		t.Errorf("the browser sent Cookie %q through the Worker", got)
	}
	// A redirect is followed to the Worker's own page.
	open(t, tab, wk+"/_t/redirect")
	if u := browsertest.Eval[string](tab, `location.href`); u != wk+"/report.html?from=redirect#sec-1" {
		t.Errorf("after the redirect the browser is at %s", u)
	}
}

// rawRequest sends a request as written, for requests a client library
// would clean up, and returns the status and body.
func rawRequest(t *testing.T, addr, request string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	io.WriteString(c, request)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(decode(t, resp.Header.Get("Content-Encoding"), b))
}

func TestNotAnOpenProxy(t *testing.T) {
	addr := strings.TrimPrefix(wk, "http://")
	e := strings.TrimPrefix(evilURL, "http://")
	before := evil.Hits()
	for _, tc := range []struct {
		name, request string
		refused       bool
	}{
		{"absolute URL in the path", "GET /http://" + e + "/ HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"encoded absolute URL in the path", "GET /https%3A%2F%2F" + e + "/ HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"//host path", "GET //" + e + "/x HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"/\\host path", "GET /%5C" + e + "/x HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"encoded //host path", "GET /%2F%2F" + e + "/x HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"//host under /_zh-hant/", "GET /_zh-hant//" + e + "/x HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", true},
		{"absolute-form request line", "GET http://" + e + "/x HTTP/1.1\r\nHost: " + e + "\r\n\r\n", false},
		{"another Host header", "GET /_t/echo HTTP/1.1\r\nHost: " + e + "\r\n\r\n", false},
		{"X-Forwarded-Host", "GET /_t/echo HTTP/1.1\r\nHost: " + addr + "\r\nX-Forwarded-Host: " + e + "\r\n\r\n", false},
	} {
		status, body := rawRequest(t, addr, tc.request)
		if strings.Contains(body, edgetest.EvilBody) {
			t.Errorf("%s: the answer is the other host's", tc.name)
		}
		if tc.refused && status != 400 {
			t.Errorf("%s: %d %.120q, want 400", tc.name, status, body)
		}
		if strings.HasPrefix(body, "{") {
			var echo edgetest.Echo
			json.Unmarshal([]byte(body), &echo)
			if echo.Host != strings.TrimPrefix(origin.URL, "http://") {
				t.Errorf("%s: the origin was asked for host %q", tc.name, echo.Host)
			}
		}
	}
	if n := evil.Hits() - before; n != 0 {
		t.Errorf("the other host got %d requests through the Worker", n)
	}
}

// fingerprint lists what the widget's 简繁 switch can change, in document
// order: text nodes, the attributes it converts, lang, and the title;
// the widget's own elements and the script tags aside, and what the page's
// own scripts generate (marked data-generated on the example pages): the
// server converts the HTML the origin sends.
const fingerprint = `(() => {
  const host = document.getElementById("yiyue-host"), out = []
  const w = document.createTreeWalker(document.documentElement, 5, {acceptNode: n => n === host || n.nodeType == 1 && n.hasAttribute("data-generated") ? 2 : 1})
  for (let n = w.currentNode; n; n = w.nextNode()) {
    if (n.nodeType == 3) { if (/\S/.test(n.data)) out.push("T " + n.data); continue }
    if (n.tagName == "SCRIPT" && /yiyue|runtime\./.test(n.src)) continue
    const a = []
    for (const k of ["lang", "title", "alt", "placeholder", "aria-label", "aria-description", "value", "content"]) if (n.hasAttribute(k)) a.push(k + "=" + n.getAttribute(k))
    out.push("E " + n.tagName + (a.length ? " " + a.join(" ") : ""))
  }
  out.push("title " + document.title)
  return out
})()`

func TestHantPagesEqualTheWidgetsConversion(t *testing.T) {
	// "" is the list page, index.html, which the demo server serves at /.
	for _, page := range []string{"", "report.html", "forms.html", "hostile.html", "boxes.html"} {
		t.Run("/"+page, func(t *testing.T) {
			if resp, body := get(t, "GET", wk+"/_zh-hant/"+page, nil, nil); resp.StatusCode != 200 {
				t.Fatalf("/_zh-hant/%s: %d %.300s", page, resp.StatusCode, body)
			}
			tab := env.Tab(t)
			open(t, tab, wk+"/"+page)
			tab.Wait(`window.yiyue`, 10*time.Second)
			browsertest.Eval[bool](tab, `yiyue.reset().then(() => true)`)
			before := browsertest.Eval[[]string](tab, fingerprint)
			st := browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional"})`)
			if st["script"] != "traditional" {
				t.Fatalf("the widget did not switch: %v", st)
			}
			widget := browsertest.Eval[[]string](tab, fingerprint)
			browsertest.Eval[bool](tab, `yiyue.reset().then(() => true)`)
			// A word split by a search hit's <mark> is converted whole:
			// 理髮店, not 理發店 (both sides must join such runs alike).
			if run := "理\nE MARK\nT 髮\nT 店、頭\nE MARK\nT 髮\n"; page == "hostile.html" && !strings.Contains(strings.Join(widget, "\n"), run) {
				t.Errorf("the widget's conversion of hostile.html lacks %q", run)
			}

			open(t, tab, wk+"/_zh-hant/"+page)
			tab.Wait(`window.yiyue && document.readyState == "complete"`, 10*time.Second)
			server := browsertest.Eval[[]string](tab, fingerprint)
			if st := browsertest.Eval[string](tab, `yiyue.get().script`); st != "original" {
				t.Errorf("the widget on the /_zh-hant/ page is in state %q", st)
			}
			changed := 0
			for i := range min(len(before), len(widget)) {
				if before[i] != widget[i] {
					changed++
				}
			}
			if changed < 3 {
				t.Fatalf("the widget changed only %d items on %s; the comparison would prove nothing", changed, page)
			}
			if len(server) != len(widget) {
				t.Errorf("/_zh-hant/%s has %d items, the widget's conversion %d", page, len(server), len(widget))
			}
			bad := 0
			for i := range min(len(server), len(widget)) {
				if server[i] != widget[i] {
					if bad++; bad <= 10 {
						t.Errorf("item %d: /_zh-hant/ %q, widget %q", i, server[i], widget[i])
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d items differ", bad, len(widget))
			}
			// Links stay under the prefix.
			off := browsertest.Eval[[]string](tab, `[...document.querySelectorAll("a[href]")].map(a => a.href).filter(h => h.startsWith(location.origin) && !h.startsWith(location.origin + "/_zh-hant/"))`)
			if len(off) > 0 {
				t.Errorf("links leaving /_zh-hant/: %v", off)
			}
			if errs := tab.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
}

func TestTTSThroughTheCache(t *testing.T) {
	q := url.Values{"text": {"横沥镇人民政府2020年法治政府建设年度报告"}, "lang": {"zh-CN"}, "rate": {"1.25"}}.Encode()
	before := ttsHits.Load()
	resp, first := get(t, "GET", wk+"/tts?"+q, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/mpeg" || resp.Header.Get(wedge.CacheHeader) != "miss" || len(first) < 1000 {
		t.Fatalf("first: %d %q %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get(wedge.CacheHeader), len(first))
	}
	q2 := url.Values{"text": {"横沥镇人民政府2020年法治政府建设年度报告 "}, "lang": {"zh-Hans"}, "rate": {"1.250"}, "t": {"5"}}.Encode()
	resp, second := get(t, "GET", wk+"/tts?"+q2, nil, nil)
	if resp.Header.Get(wedge.CacheHeader) != "hit" || !bytes.Equal(first, second) {
		t.Errorf("second: %q, identical %v", resp.Header.Get(wedge.CacheHeader), bytes.Equal(first, second))
	}
	if n := ttsHits.Load() - before; n != 1 {
		t.Errorf("the TTS service was asked %d times for one text", n)
	}
	for bad, param := range map[string]string{"text=": "text", "lang=xx&text=a": "lang", "text=a&rate=9": "rate"} {
		resp, body := get(t, "GET", wk+"/tts?"+bad, nil, nil)
		if resp.StatusCode != 400 || !strings.HasPrefix(string(body), param+":") {
			t.Errorf("?%s: %d %q, want 400 naming %s", bad, resp.StatusCode, body, param)
		}
	}
	if n := ttsHits.Load() - before; n != 1 {
		t.Errorf("bad requests reached the TTS service")
	}
}

func TestConcurrentRequests(t *testing.T) {
	wasmName := ""
	for _, f := range env.Manifest.Files {
		if f.Logical == "yiyue.wasm" {
			wasmName = f.Name
		}
	}
	// Every route; the costly ones less often: a /_zh-hant/ page reads
	// the 1.3 MB dictionary, and each WASM request costs about a second of
	// CPU in workerd while widget/assets hashes the file.
	paths := []string{"/report.html", "/yiyue.js", "/_t/bin", "/_t/data.json", "/tts?text=%E6%A8%AA%E6%B2%A5&lang=zh-CN", "/forms.html", "/runtime.js"}
	for _, f := range env.Manifest.Files {
		if f.Logical == "runtime.js" {
			paths[len(paths)-1] = "/" + f.Name
		}
	}
	var wg sync.WaitGroup
	var retried atomic.Int64
	errs := make(chan string, 200)
	defer nudge()()
	start := time.Now()
	for i := range 200 {
		p := paths[i%len(paths)]
		switch {
		case i%50 == 49:
			p = "/" + wasmName
		case i%10 == 5:
			p = "/_zh-hant/forms.html"
		}
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			var resp *http.Response
			var b []byte
			// wrangler dev's proxy sometimes loses a request and says so
			// with a 503 that asks for it again (see droppedByDevProxy).
			for try := 0; try < 3; try++ {
				req, _ := http.NewRequest("GET", wk+p, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				var err error
				if resp, err = slowClient.Do(req); err != nil {
					errs <- p + ": " + err.Error()
					return
				}
				b, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					errs <- p + ": " + err.Error()
					return
				}
				if !droppedByDevProxy(loadgen.Result{Status: resp.StatusCode, Snippet: string(b)}) {
					break
				}
				retried.Add(1)
			}
			if resp.StatusCode != 200 {
				errs <- fmt.Sprintf("%s: status %d", p, resp.StatusCode)
				return
			}
			if p == "/_t/bin" && !bytes.Equal(b, edgetest.Binary) {
				errs <- p + ": body differs"
			}
		}(p)
	}
	wg.Wait()
	close(errs)
	n := 0
	seen := map[string]int{}
	for e := range errs {
		n++
		seen[e]++
	}
	for e, k := range seen {
		t.Errorf("%d× %s", k, e)
	}
	t.Logf("report: edge: 200 concurrent requests through wrangler dev in %v, %d errors (%d lost by wrangler dev's proxy and sent again)", time.Since(start).Round(time.Millisecond), n, retried.Load())
}

// TestMalformedSettings runs the Worker with variables it cannot use. A
// bad TTS_UPSTREAM, VARIANT or PHRASES turns off only its own feature:
// the portal is still proxied with the widget's tag, and dist's files are
// served. A bad ORIGIN makes the site's routes answer 502. No answer
// shows a setting's value, which may be a secret or an internal host; the
// Worker's log has the details, once however many requests come.
func TestMalformedSettings(t *testing.T) {
	const secret = "s3cret-internal"
	for _, tc := range []struct {
		name string
		vars map[string]string
		// Wanted statuses: a page, its /_zh-hant/ form, HEAD /tts.
		page, hant, tts int
	}{
		{"TTS_UPSTREAM, VARIANT and PHRASES", map[string]string{
			"ORIGIN": origin.URL, "TTS_UPSTREAM": origin.URL + "/tts?key=" + secret, "VARIANT": secret, "PHRASES": "https://" + secret + "/p.txt",
		}, 200, 503, 503},
		{"ORIGIN", map[string]string{"ORIGIN": "https://" + secret + ".example/portal", "TTS_UPSTREAM": origin.URL + "/tts"}, 502, 502, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dev, err := startWrangler(env.Root, env.Dist, workerDir, tc.vars)
			if dev != nil {
				defer dev.stop()
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				method, path string
				status       int
			}{
				{"GET", "/report.html", tc.page},
				{"GET", "/report.html", tc.page},
				{"GET", "/_zh-hant/report.html", tc.hant},
				{"HEAD", "/tts?text=%E4%BD%A0", tc.tts},
				{"GET", "/yiyue.js", 200},
			} {
				resp, body := get(t, c.method, dev.url+c.path, nil, nil)
				if resp.StatusCode != c.status {
					t.Errorf("%s %s: %d, want %d (%.200s)", c.method, c.path, resp.StatusCode, c.status, body)
				}
				if strings.Contains(string(body), secret) {
					t.Errorf("%s %s shows a setting's value: %.300s", c.method, c.path, body)
				}
				if c.path == "/report.html" && c.status == 200 {
					tag := `<script src="` + dev.url + `/yiyue.js` + loaderQuery() + `" defer blocking="render" integrity="` + env.Manifest.Integrity + `" crossorigin="anonymous"></script></head>`
					if !bytes.Contains(body, []byte(tag)) {
						t.Errorf("the page lacks the loader's tag without the bad settings' attributes")
					}
				}
			}
			// The log is written asynchronously.
			var n int
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				b, _ := os.ReadFile(dev.log)
				if n = strings.Count(string(b), "yiyue worker: edge:"); n > 0 {
					if !strings.Contains(string(b), secret) {
						t.Errorf("the log does not say which value is bad:\n%s", b)
					}
					break
				}
			}
			time.Sleep(time.Second)
			b, _ := os.ReadFile(dev.log)
			if n = strings.Count(string(b), "yiyue worker: edge:"); n != 1 {
				t.Errorf("the log has the settings' error %d times, want once:\n%s", n, b)
			}
		})
	}
}

// fakeTTS is a TTS service whose answer to each text a test sets, and
// which counts the requests for each.
type fakeTTS struct {
	mu      sync.Mutex
	answers map[string]fakeAnswer
	hits    map[string]int
}

type fakeAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (f *fakeTTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	text := r.URL.Query().Get("text")
	f.mu.Lock()
	a, ok := f.answers[text]
	f.hits[text]++
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// startFakeTTS starts a Worker whose TTS_UPSTREAM is a fakeTTS with the
// given answers, and returns both.
func startFakeTTS(t *testing.T, answers map[string]fakeAnswer) (*devWorker, *fakeTTS) {
	t.Helper()
	f := &fakeTTS{answers: answers, hits: map[string]int{}}
	up := httptest.NewServer(f)
	t.Cleanup(up.Close)
	dev, err := startWrangler(env.Root, env.Dist, workerDir, map[string]string{"TTS_UPSTREAM": up.URL + "/tts"})
	if dev != nil {
		t.Cleanup(dev.stop)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dev, f
}

// TestTTSKeepsOnlyMP3: the Worker stores in the Cache API only audio that
// begins as MP3 does, only as long as the service allows, and gives audio
// without a lifetime an hour.
func TestTTSKeepsOnlyMP3(t *testing.T) {
	mp3 := append([]byte{0xFF, 0xF3, 0x44, 0xC4}, bytes.Repeat([]byte{0x55}, 600)...)
	audio := func(cc string, body []byte) fakeAnswer {
		h := http.Header{"Content-Type": {"audio/mpeg"}}
		if cc != "" {
			h.Set("Cache-Control", cc)
		}
		return fakeAnswer{status: 200, header: h, body: body}
	}
	tests := []struct {
		text         string
		answer       fakeAnswer
		status       int
		stored       bool
		cacheControl string
	}{
		{"mp3", audio("", mp3), 200, true, wedge.AudioLifetime},
		{"id3", audio("public, max-age=600", append([]byte("ID3\x03\x00"), mp3...)), 200, true, "public, max-age=600"},
		{"empty", audio("", nil), 502, false, "no-store"},
		{"html", audio("", []byte("<!DOCTYPE html><title>Error</title>")), 502, false, "no-store"},
		{"no-store", audio("no-store", mp3), 200, false, "no-store"},
	}
	answers := map[string]fakeAnswer{}
	for _, tc := range tests {
		answers[tc.text] = tc.answer
	}
	dev, f := startFakeTTS(t, answers)
	for _, tc := range tests {
		for i := range 2 {
			resp, body := get(t, "GET", dev.url+"/tts?text="+tc.text, nil, nil)
			if resp.StatusCode != tc.status || resp.Header.Get("Cache-Control") != tc.cacheControl {
				t.Errorf("%s, request %d: %d, Cache-Control %q; want %d, %q", tc.text, i+1, resp.StatusCode, resp.Header.Get("Cache-Control"), tc.status, tc.cacheControl)
			}
			if tc.status == 200 && !bytes.Equal(body, tc.answer.body) {
				t.Errorf("%s, request %d: the audio differs from the service's", tc.text, i+1)
			}
		}
		f.mu.Lock()
		n := f.hits[tc.text]
		f.mu.Unlock()
		if stored := n == 1; stored != tc.stored {
			t.Errorf("%s: the service was asked %d times for one text: stored %v, want %v", tc.text, n, stored, tc.stored)
		}
	}
}

// TestTTSServiceErrorsAreNotRelayed: the Worker answers for a TTS service
// that sends an error page with its own short text, keeping the status
// and Retry-After.
func TestTTSServiceErrorsAreNotRelayed(t *testing.T) {
	page := []byte(`<!DOCTYPE html><script>alert(document.cookie)</script><p>tts-7.backend.internal:8080 overloaded</p>`)
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	tests := []struct {
		text          string
		answer        fakeAnswer
		status        int
		retryAfter    string
		method, inMsg string
	}{
		{"busy", fakeAnswer{503, http.Header{"Content-Type": {"text/html"}, "Retry-After": {"7"}}, page}, 503, "7", "GET", "503"},
		{"busy", fakeAnswer{503, http.Header{"Content-Type": {"text/html"}, "Retry-After": {"7"}}, page}, 503, "7", "HEAD", ""},
		{"page", fakeAnswer{200, html, page}, 502, "", "GET", "no audio"},
	}
	answers := map[string]fakeAnswer{}
	for _, tc := range tests {
		answers[tc.text] = tc.answer
	}
	dev, _ := startFakeTTS(t, answers)
	for _, tc := range tests {
		resp, body := get(t, tc.method, dev.url+"/tts?text="+tc.text, nil, nil)
		if resp.StatusCode != tc.status || resp.Header.Get("Retry-After") != tc.retryAfter || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("%s %s: %d, Retry-After %q, Content-Type %q; want %d, %q, text/plain", tc.method, tc.text, resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), tc.status, tc.retryAfter)
		}
		if s := string(body); strings.Contains(s, "<") || strings.Contains(s, "internal") || !strings.Contains(s, tc.inMsg) {
			t.Errorf("%s %s: the answer says %q", tc.method, tc.text, s)
		}
	}
}

// TestWidgetUnderBaseHref: on a page whose <base href> names another host,
// the browser still loads the widget from the Worker, and the widget
// finds the Worker's /tts.
func TestWidgetUnderBaseHref(t *testing.T) {
	tab := env.Tab(t)
	open(t, tab, wk+"/_t/base.html")
	if base := browsertest.Eval[string](tab, `document.baseURI`); base != edgetest.BaseHref {
		t.Fatalf("document.baseURI is %s, want %s", base, edgetest.BaseHref)
	}
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
	got := browsertest.Eval[map[string]any](tab, `(() => { const s = [...document.scripts].find(s => s.integrity); return {src: s.src, tts: new URL(s.dataset.tts, document.baseURI).href} })()`)
	if got["src"] != wk+"/yiyue.js"+loaderQuery() || got["tts"] != wk+"/tts" {
		t.Errorf("the tag's URLs resolve to %v, want the Worker's", got)
	}
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	for _, u := range tab.Requests() {
		if strings.Contains(u, "static.invalid") {
			t.Errorf("the widget asked the page's base host for %s", u)
		}
	}
}

// TestHantValidatorsFollowThePhraseList: in the Worker, a /_zh-hant/
// page's validator changes with the site's phrase list, so that a
// revalidation after the list changed gets the page converted anew.
func TestHantValidatorsFollowThePhraseList(t *testing.T) {
	var list atomic.Value
	list.Store("横沥镇\t橫瀝鎮（本站）\n")
	mux := http.NewServeMux()
	mux.HandleFunc("/yiyue-phrases.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(list.Load().(string)))
	})
	mux.HandleFunc("/p.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"p1"`)
		if strings.Contains(r.Header.Get("If-None-Match"), `"p1"`) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>镇</title></head><body><p>横沥镇</p></body></html>`))
	})
	site := httptest.NewServer(mux)
	defer site.Close()
	dev, err := startWrangler(env.Root, env.Dist, workerDir, map[string]string{"ORIGIN": site.URL, "PHRASES": "/yiyue-phrases.txt"})
	if dev != nil {
		defer dev.stop()
	}
	if err != nil {
		t.Fatal(err)
	}
	page := dev.url + "/_zh-hant/p.html"
	resp, body := get(t, "GET", page, nil, nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<p>橫瀝鎮（本站）</p>") || etag == "" {
		t.Fatalf("first: %d, ETag %q: %s", resp.StatusCode, etag, body)
	}
	if resp, _ := get(t, "GET", page, http.Header{"If-None-Match": {etag}}, nil); resp.StatusCode != http.StatusNotModified {
		t.Errorf("the same list: %d, want 304", resp.StatusCode)
	}
	list.Store("横沥镇\t橫瀝鎮（新）\n")
	resp, body = get(t, "GET", page, http.Header{"If-None-Match": {etag}}, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<p>橫瀝鎮（新）</p>") || resp.Header.Get("ETag") == etag {
		t.Errorf("a changed list: %d, ETag %q (was %q): %s", resp.StatusCode, resp.Header.Get("ETag"), etag, body)
	}
}

// TestOriginStatusOutOfRange: an origin that answers with a status no
// Response can carry (600) gets a prompt 502 from the Worker, not a
// request that hangs until the runtime gives up.
func TestOriginStatusOutOfRange(t *testing.T) {
	quick := &http.Client{Transport: client.Transport, Timeout: 20 * time.Second}
	for _, path := range []string{"/_t/status-600", "/_zh-hant/_t/status-600"} {
		resp, err := quick.Get(wk + path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway || !strings.Contains(string(body), "invalid status") {
			t.Errorf("%s: %d %.200q, want 502 saying the status is invalid", path, resp.StatusCode, body)
		}
	}
}

// TestHantGBKLinksReachTheirPages: on a GBK page's /_zh-hant/ form, a link
// with Chinese in its path leads the browser to the page the origin's
// own link leads to.
func TestHantGBKLinksReachTheirPages(t *testing.T) {
	tab := env.Tab(t)
	tab.Do(chromedp.Navigate(origin.URL + "/_t/gbk.html"))
	want := browsertest.Eval[string](tab, `new URL(document.getElementById("news").href).pathname`)
	open(t, tab, wk+"/_zh-hant/_t/gbk.html")
	if got := browsertest.Eval[string](tab, `new URL(document.getElementById("news").href).pathname`); got != "/_zh-hant"+want {
		t.Errorf("the /_zh-hant/ link's path is %s, want /_zh-hant%s", got, want)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("news").click()`))
	tab.Wait(`location.pathname.endsWith("/x.html") && document.readyState == "complete"`, 10*time.Second)
	if got := browsertest.Eval[string](tab, `document.body.innerText`); !strings.Contains(got, "新聞頁") {
		t.Errorf("the link led to %s: %q", browsertest.Eval[string](tab, `location.href`), got)
	}
}

// TestOriginLearnsTheVisitorsAddress: through the Worker, the origin is
// told the visitor's address (the runtime's CF-Connecting-IP, which the
// Worker's own requests do not carry) in X-Forwarded-For, after what the
// client itself claimed.
func TestOriginLearnsTheVisitorsAddress(t *testing.T) {
	edgetest.CheckForwardedFor(t, func(h http.Header) []byte {
		_, body := get(t, "GET", wk+"/_t/echo", h, nil)
		return body
	})
}

// TestPagesCachedBeforeTheWorkerGetTheTag: a navigation that revalidates
// a page kept from before the Worker fronted the site, with the origin's
// own ETag or Last-Modified, gets the page with the tag rather than a 304
// that would keep the page without it; the Worker's own validators still
// get 304.
func TestPagesCachedBeforeTheWorkerGetTheTag(t *testing.T) {
	resp, _ := get(t, "GET", wk+"/_t/etag.html", nil, nil)
	marked := resp.Header.Get("ETag")
	nav := http.Header{"Sec-Fetch-Dest": {"document"}, "Accept": {"text/html,application/xhtml+xml,*/*;q=0.8"}}
	for _, tc := range []struct {
		name, key, value string
		status           int
	}{
		{"the origin's ETag", "If-None-Match", `"page-7"`, 200},
		{"the origin's Last-Modified", "If-Modified-Since", edgetest.EtagModified, 200},
		{"the Worker's ETag", "If-None-Match", marked, 304},
	} {
		h := nav.Clone()
		h.Set(tc.key, tc.value)
		resp, body := get(t, "GET", wk+"/_t/etag.html", h, nil)
		if resp.StatusCode != tc.status || tc.status == 200 && !bytes.Contains(body, []byte(scriptTag())) {
			t.Errorf("navigation with %s: %d, want %d with the tag: %.300s", tc.name, resp.StatusCode, tc.status, body)
		}
	}
}

// TestRedeployKeepsTheWidget: a browser that kept the loader from before a
// new release of yiyue was deployed (for the loader's five minutes) loads
// the pages of the new one, whose tag names the new loader's integrity,
// and still gets the widget: the tag's URL changes with the loader, so
// the kept copy, which would fail the integrity check, is not used.
func TestRedeployKeepsTheWidget(t *testing.T) {
	// The next release: dist with another loader, and its Worker.
	distB := filepath.Join(t.TempDir(), "dist")
	if err := os.CopyFS(distB, os.DirFS(env.Dist)); err != nil {
		t.Fatal(err)
	}
	loader := append(distFile(t, "yiyue.js"), "/* the next release */\n"...)
	var br, gz bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 11)
	bw.Write(loader)
	bw.Close()
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(loader)
	zw.Close()
	sum := sha512.Sum384(loader)
	man := bytes.ReplaceAll(distFile(t, "manifest.json"), []byte(env.Manifest.Integrity), []byte("sha384-"+base64.StdEncoding.EncodeToString(sum[:])))
	for name, b := range map[string][]byte{"yiyue.js": loader, "yiyue.js.br": br.Bytes(), "yiyue.js.gz": gz.Bytes(), "manifest.json": man} {
		if err := os.WriteFile(filepath.Join(distB, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	workerB, err := buildWorker(env.Root, distB, filepath.Join(t.TempDir(), "worker"))
	if err != nil {
		t.Fatal(err)
	}

	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"ORIGIN": origin.URL}
	tab := env.Tab(t)
	for i, release := range []struct{ dist, worker string }{{env.Dist, workerDir}, {distB, workerB}} {
		dev, err := startWranglerOn(port, env.Root, release.dist, release.worker, vars)
		if err != nil {
			if dev != nil {
				dev.stop()
			}
			t.Fatal(err)
		}
		open(t, tab, dev.url+"/report.html")
		ok, err := browsertest.TryEval[bool](tab, `new Promise(done => {
			const t0 = Date.now(), poll = () => window.yiyue ? done(true) : Date.now() - t0 > 8000 ? done(false) : setTimeout(poll, 50)
			poll()
		})`)
		dev.stop()
		if err != nil || !ok {
			t.Fatalf("release %d: no widget on the page (%v); console: %v", i+1, err, tab.Console())
		}
	}
}

// TestCookiesForTheOriginsHostReachTheWorkersHost: a cookie whose Domain
// names ORIGIN's host, as an application that takes it from the Host it
// was asked for sets it, is kept by the browser on the Worker's host and
// sent back through the Worker.
func TestCookiesForTheOriginsHostReachTheWorkersHost(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		w.Header().Add("Set-Cookie", "sid=abc; Domain="+host+"; Path=/; HttpOnly")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("logged in\n"))
	})
	mux.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("cookie: " + r.Header.Get("Cookie") + "\n"))
	})
	site := httptest.NewServer(mux)
	defer site.Close()
	// The browser reaches the Worker on 127.0.0.1; ORIGIN names the same
	// server as localhost, another host as far as cookies go.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(site.URL, "http://"))
	dev, err := startWrangler(env.Root, env.Dist, workerDir, map[string]string{"ORIGIN": "http://localhost:" + port})
	if dev != nil {
		defer dev.stop()
	}
	if err != nil {
		t.Fatal(err)
	}
	tab := env.Tab(t)
	open(t, tab, dev.url+"/login")
	open(t, tab, dev.url+"/me")
	if got := browsertest.Eval[string](tab, `document.body.innerText`); !strings.Contains(got, "sid=abc") {
		t.Errorf("after logging in through the Worker, the origin got %q", got)
	}
}

// TestHantRefreshStaysTraditional: a /_zh-hant/ page that forwards its
// reader with <meta http-equiv=refresh> (a portal's home page, often)
// forwards them to the /_zh-hant/ form of the target.
func TestHantRefreshStaysTraditional(t *testing.T) {
	tab := env.Tab(t)
	open(t, tab, wk+"/_zh-hant/_t/refresh.html")
	tab.Wait(`location.pathname != "/_zh-hant/_t/refresh.html" && document.readyState == "complete"`, 10*time.Second)
	if got := browsertest.Eval[string](tab, `location.pathname`); got != "/_zh-hant/report.html" {
		t.Errorf("the refresh led to %s, want /_zh-hant/report.html", got)
	}
}

// TestHantKeepsTheSitesPublicNameTraditional: on /_zh-hant/ pages, full
// links and redirects that name the site by its public name (the host
// the Worker answers on) lead to the /_zh-hant/ form of their target.
func TestHantKeepsTheSitesPublicNameTraditional(t *testing.T) {
	resp, _ := get(t, "GET", wk+"/_zh-hant/_t/redirect-public", nil, nil)
	if want := wk + "/_zh-hant/report.html"; resp.Header.Get("Location") != want {
		t.Errorf("redirect: Location %q, want %q", resp.Header.Get("Location"), want)
	}
	tab := env.Tab(t)
	open(t, tab, wk+"/_zh-hant/_t/public.html")
	if got := browsertest.Eval[string](tab, `new URL(document.getElementById("full").href).pathname`); got != "/_zh-hant/report.html" {
		t.Errorf("the full link leads to %s, want /_zh-hant/report.html", got)
	}
}

// TestScriptsAnswersLabelledHTMLPassThrough: a page's script that asks the
// site for JSON or a bare "success", labelled text/html as PHP labels any
// output, reads what the origin sent, through the Worker.
func TestScriptsAnswersLabelledHTMLPassThrough(t *testing.T) {
	tab := env.Tab(t)
	open(t, tab, wk+"/report.html")
	got := browsertest.Eval[map[string]any](tab, `Promise.all([
		fetch("/_t/ajax.php?as=json").then(r => r.json()).then(j => j.msg, e => "error: " + e),
		fetch("/_t/ajax.php?as=text").then(r => r.text()),
	]).then(([msg, text]) => ({msg, text}))`)
	var want struct{ Msg string }
	json.Unmarshal(edgetest.AjaxJSON, &want)
	if got["msg"] != want.Msg || got["text"] != "success" {
		t.Errorf("the page's script read %v, want msg %q and text \"success\"", got, want.Msg)
	}
}

// TestWidgetUnderAStrictCSP: on a page whose Content-Security-Policy runs
// scripts by nonce only ('strict-dynamic', which ignores hosts and
// 'self'), the Worker's tag carries the page's nonce and the widget
// starts.
func TestWidgetUnderAStrictCSP(t *testing.T) {
	tab := env.Tab(t)
	open(t, tab, wk+"/_t/strict-csp.html")
	if !browsertest.Eval[bool](tab, `window.own === true`) {
		t.Fatal("the page's own script did not run")
	}
	ok, err := browsertest.TryEval[bool](tab, `new Promise(done => {
		const t0 = Date.now(), poll = () => window.yiyue ? done(true) : Date.now() - t0 > 8000 ? done(false) : setTimeout(poll, 50)
		poll()
	}).then(ok => ok && yiyue.load().then(() => true))`)
	if err != nil || !ok {
		t.Errorf("the widget did not start (%v); console: %v", err, tab.Console())
	}
}
