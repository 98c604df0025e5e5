// Package edgetest is the local origin that the edge's tests front: the
// example portal as a vendor CMS would serve it (without yiyue's script
// tag, which the edge must insert), plus routes under /_t/ that exercise
// what a proxy must pass through unchanged. The native tests of package
// edge and the Worker tests under build/e2e/edge share it.
package edgetest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// Binary is the body of /_t/bin: 300 KB of fixed pseudo-random bytes,
// every byte value among them.
var Binary = func() []byte {
	r := rand.New(rand.NewPCG(6, 2020))
	b := make([]byte, 300<<10)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}()

// JSON is the body of /_t/data.json, sent gzip-compressed to clients that
// accept it.
var JSON = []byte(`{"title":"横沥镇2020年法治政府建设年度报告","tags":["法治","政府"],"escaped":"\u003c\u0026\u003e","n":2020}` + "\n")

// Cookies are the Set-Cookie headers of /_t/cookie; the first has a comma
// in its Expires date.
var Cookies = []string{
	"session=abc123; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/; HttpOnly; SameSite=Lax",
	"lang=zh-CN; Path=/; Max-Age=3600",
}

// SecurityHeaders are sent with /_t/cookie.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy":   "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
	"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
	"X-Frame-Options":           "SAMEORIGIN",
	"Referrer-Policy":           "strict-origin-when-cross-origin",
	"Cache-Control":             "private, max-age=60",
}

// ownTag is the example portal's own script tag, removed from its pages.
var ownTag = regexp.MustCompile(`\s*<script src="/yiyue\.js"[^>]*></script>`)

// Origin returns the test origin: routes under /_t/ and, for everything
// else, portal's answers with the yiyue script tag taken out of HTML.
func Origin(portal http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/_t/bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("ETag", `"bin-1"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(Binary)))
		w.Write(Binary)
	})
	mux.HandleFunc("/_t/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			var b bytes.Buffer
			z := gzip.NewWriter(&b)
			z.Write(JSON)
			z.Close()
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(b.Bytes())
			return
		}
		w.Write(JSON)
	})
	mux.HandleFunc("/_t/cookie", func(w http.ResponseWriter, r *http.Request) {
		for _, c := range Cookies {
			w.Header().Add("Set-Cookie", c)
		}
		for k, v := range SecurityHeaders {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("cookies set\n"))
	})
	mux.HandleFunc("/_t/redirect", func(w http.ResponseWriter, r *http.Request) {
		// The origin names itself by the host it was asked for.
		w.Header().Set("Location", "http://"+r.Host+"/report.html?from=redirect#sec-1")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/_t/redirect-https", func(w http.ResponseWriter, r *http.Request) {
		// An http site sending its readers to its https form.
		w.Header().Set("Location", "https://"+r.Host+"/report.html")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	mux.HandleFunc("/_t/redirect-rel", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/index.html")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	mux.HandleFunc("/_t/redirect-away", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://example.org/elsewhere")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/_t/echo", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sum := sha256.Sum256(b)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Echo{
			Method: r.Method, ContentType: r.Header.Get("Content-Type"), Query: r.URL.RawQuery,
			Length: len(b), SHA256: hex.EncodeToString(sum[:]), Body: string(b),
			Host: r.Host, ForwardedHost: r.Header.Get("X-Forwarded-Host"), Cookie: r.Header.Get("Cookie"),
			ForwardedFor: r.Header.Get("X-Forwarded-For"),
		})
	})
	mux.HandleFunc("/_t/teapot", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("<!DOCTYPE html><html lang=\"zh-CN\"><head><title>出错了</title></head><body><p>页面出错了</p></body></html>\n"))
	})
	mux.HandleFunc("/_t/status-600", func(w http.ResponseWriter, r *http.Request) {
		// A status that HTTP/1.1 can send but that no Response holds.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(600)
		w.Write([]byte("<!DOCTYPE html><p>odd</p>\n"))
	})
	mux.HandleFunc("/_t/with-tag.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>自带脚本</title><script src="/yiyue.js" defer></script></head><body><p>这个页面自己加载易阅。</p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/base.html", func(w http.ResponseWriter, r *http.Request) {
		// Its relative URLs resolve on a static host, as a CMS's may.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>静态资源在别处</title><base href="` + BaseHref + `"></head><body><p>这个页面的相对地址指向另一台主机。</p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/gbk.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=gbk")
		w.Write(GBKPage)
	})
	mux.HandleFunc("/_t/新闻/x.html", func(w http.ResponseWriter, r *http.Request) {
		// Where a browser goes from GBKPage's link: it encodes a path
		// as UTF-8 whatever the page's charset.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>新闻</title></head><body><p>新闻页</p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/strict-csp.html", func(w http.ResponseWriter, r *http.Request) {
		// A strict policy: scripts by nonce, a new one for each answer,
		// and what they load.
		nonce := strconv.FormatUint(rand.Uint64(), 36)
		w.Header().Set("Content-Security-Policy", "script-src 'nonce-"+nonce+"' 'strict-dynamic' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>严格的内容安全策略</title><script nonce="` + nonce + `">window.own = true</script></head><body><p>这个页面只运行带随机数的脚本。</p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/ajax.php", func(w http.ResponseWriter, r *http.Request) {
		// What a script asks for, labelled as PHP labels any output by
		// default.
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		switch r.URL.Query().Get("as") {
		case "json":
			w.Write(AjaxJSON)
		case "text":
			w.Write([]byte("success"))
		}
	})
	mux.HandleFunc("/_t/public.html", func(w http.ResponseWriter, r *http.Request) {
		// A CMS that writes full links with the site's public name (here
		// the one the edge forwards).
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><title>全称链接</title></head><body><p><a id="full" href="http://` + r.Header.Get("X-Forwarded-Host") + `/report.html">报告</a></p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/redirect-public", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://"+r.Header.Get("X-Forwarded-Host")+"/report.html")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/_t/refresh.html", func(w http.ResponseWriter, r *http.Request) {
		// A home page that forwards its readers, as many portals' do.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="zh-CN"><head><meta http-equiv="refresh" content="0; url=/report.html"><title>首页</title></head><body><p>正在进入首页……</p></body></html>` + "\n"))
	})
	mux.HandleFunc("/_t/etag.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"page-7"`)
		w.Header().Set("Last-Modified", EtagModified)
		for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
			if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == `"page-7"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		if r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == EtagModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><head><title>版本</title></head><body><p>第七版</p></body></html>\n"))
	})
	mux.Handle("/", stripTag(portal))
	return mux
}

// AjaxJSON is what /_t/ajax.php?as=json answers, as text/html.
var AjaxJSON = []byte(`{"ok":true,"msg":"留言提交成功，这个问题将由区政府办公室答复"}`)

// EtagModified is the Last-Modified of /_t/etag.html, whose ETag is
// "page-7"; it answers 304 to either.
const EtagModified = "Wed, 21 Oct 2020 07:28:00 GMT"

// BaseHref is the <base href> of /_t/base.html: a host that does not
// exist.
const BaseHref = "https://static.invalid/portal/"

// GBKPage is /_t/gbk.html, in GBK: its link, 新闻/x.html, has Chinese in
// its path.
var GBKPage = []byte("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"gbk\"><title>GBK</title></head><body>" +
	"<p><a id=\"news\" href=\"/_t/\xd0\xc2\xce\xc5/x.html\">\xd0\xc2\xce\xc5</a></p></body></html>\n")

// Echo is what /_t/echo answers.
type Echo struct {
	Method, ContentType, Query string
	Length                     int
	SHA256, Body               string
	Host, ForwardedHost        string
	Cookie                     string
	ForwardedFor               string
}

// stripTag removes the portal's own script tag from its HTML pages, so
// that they are pages whose templates nobody can edit.
func stripTag(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		// What a client sends a page is read before the answer, as the
		// servers portals run on do: Go's closes a connection with more
		// than 256 KB of it unread, and an upload to it through the edge
		// raced that close (a 502, now and then, under load).
		io.Copy(io.Discard, io.LimitReader(r.Body, 8<<20))
		body := rec.body.Bytes()
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			body = ownTag.ReplaceAll(body, nil)
			rec.header.Del("Content-Length")
		}
		for k, vs := range rec.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(s int)           { r.status = s }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

// Evil is a server no request through the edge may ever reach.
type Evil struct {
	hits atomic.Int64
}

// Hits returns how many requests reached it.
func (e *Evil) Hits() int64 { return e.hits.Load() }

// EvilBody is what Evil answers, so that a test can tell its content
// apart.
const EvilBody = "EVIL-CONTENT: the edge fetched another host\n"

// ServeHTTP counts the request and answers EvilBody.
func (e *Evil) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.hits.Add(1)
	w.Write([]byte(EvilBody))
}

// CheckForwardedFor checks that the origin learns the visitor's address
// in X-Forwarded-For, after what the client itself claimed: echo asks
// /_t/echo, through the edge, with the headers given, and returns the
// answer's body.
func CheckForwardedFor(t testing.TB, echo func(http.Header) []byte) {
	t.Helper()
	for _, tc := range []struct{ sent, want string }{
		{"", "127.0.0.1"},
		{"203.0.113.9", "203.0.113.9, 127.0.0.1"},
	} {
		h := http.Header{}
		if tc.sent != "" {
			h.Set("X-Forwarded-For", tc.sent)
		}
		body := echo(h)
		var e Echo
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("echo: %v: %.200s", err, body)
		}
		if e.ForwardedFor != tc.want {
			t.Errorf("client sent X-Forwarded-For %q: the origin saw %q, want %q", tc.sent, e.ForwardedFor, tc.want)
		}
	}
}

// Redirects maps paths of Origin's redirects, asked of an edge on host, to
// the Location the edge must answer with: the origin's own URLs moved to
// the edge's host (under /_zh-hant/ when asked there), relative ones kept
// relative, other sites left alone, and /_zh-hant with its query given its
// slash.
func Redirects(host string) map[string]string {
	return map[string]string{
		"/_t/redirect":                        "http://" + host + "/report.html?from=redirect#sec-1",
		"/_t/redirect-https":                  "https://" + host + "/report.html",
		"/_t/redirect-rel":                    "/index.html",
		"/_t/redirect-away":                   "https://example.org/elsewhere",
		"/_zh-hant/_t/redirect":               "http://" + host + "/_zh-hant/report.html?from=redirect#sec-1",
		"/_zh-hant/_t/redirect-https":         "https://" + host + "/_zh-hant/report.html",
		"/_zh-hant/_t/redirect-rel":           "/_zh-hant/index.html",
		"/_zh-hant/_t/redirect-away":          "https://example.org/elsewhere",
		"/_zh-hant":                           "/_zh-hant/",
		"/_zh-hant?id=5&c=%E6%96%B0%E9%97%BB": "/_zh-hant/?id=5&c=%E6%96%B0%E9%97%BB",
	}
}
