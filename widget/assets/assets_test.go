package assets

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

var dist = fstest.MapFS{
	"yiyue.js":                 {Data: []byte("loader")},
	"yiyue.js.br":              {Data: []byte("loader-br")},
	"yiyue.js.gz":              {Data: []byte("loader-gz")},
	"yiyue.0123456789.wasm":    {Data: []byte("wasm")},
	"yiyue.0123456789.wasm.gz": {Data: []byte("wasm-gz")},
	"manifest.json":            {Data: []byte("{}")},
}

func TestServe(t *testing.T) {
	h := New(dist)
	for _, c := range []struct {
		name, path, accept    string
		status                int
		body, typ, enc, cache string
	}{
		{"loader br", "/yiyue.js", "gzip, br", 200, "loader-br", "text/javascript; charset=utf-8", "br", "public, max-age=300, must-revalidate"},
		{"loader gzip", "/yiyue.js", "gzip", 200, "loader-gz", "text/javascript; charset=utf-8", "gzip", ""},
		{"loader br refused", "/yiyue.js", "br;q=0, gzip", 200, "loader-gz", "", "gzip", ""},
		{"loader identity", "/yiyue.js", "", 200, "loader", "", "", ""},
		{"wasm immutable", "/yiyue.0123456789.wasm", "br, gzip", 200, "wasm-gz", "application/wasm", "gzip", "public, max-age=31536000, immutable"},
		{"wasm identity", "/yiyue.0123456789.wasm", "", 200, "wasm", "application/wasm", "", ""},
		{"manifest hidden", "/manifest.json", "", 404, "", "", "", ""},
		{"variant hidden", "/yiyue.js.br", "", 404, "", "", "", ""},
		{"traversal", "/../yiyue.js", "", 200, "loader", "", "", ""},
		{"missing", "/nope.js", "", 404, "", "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", c.path, nil)
			if c.accept != "" {
				r.Header.Set("Accept-Encoding", c.accept)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if c.status != 200 {
				return
			}
			if w.Body.String() != c.body {
				t.Errorf("body %q, want %q", w.Body.String(), c.body)
			}
			if c.typ != "" && w.Header().Get("Content-Type") != c.typ {
				t.Errorf("type %q, want %q", w.Header().Get("Content-Type"), c.typ)
			}
			if w.Header().Get("Content-Encoding") != c.enc {
				t.Errorf("encoding %q, want %q", w.Header().Get("Content-Encoding"), c.enc)
			}
			if c.cache != "" && w.Header().Get("Cache-Control") != c.cache {
				t.Errorf("cache %q, want %q", w.Header().Get("Cache-Control"), c.cache)
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "*" || w.Header().Get("Vary") != "Accept-Encoding" {
				t.Error("missing CORS or Vary")
			}
		})
	}
}

func TestETagRevalidates(t *testing.T) {
	h := New(dist)
	for _, p := range []string{"/yiyue.js", "/yiyue.0123456789.wasm"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
		etag := w.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", p)
		}
		r := httptest.NewRequest("GET", p, nil)
		r.Header.Set("If-None-Match", etag)
		w = httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("%s: If-None-Match gave %d with %d bytes", p, w.Code, w.Body.Len())
		}
	}
}

func TestMethods(t *testing.T) {
	h := New(dist)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/yiyue.js", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST gave %d", w.Code)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("HEAD", "/yiyue.js", nil))
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "6" {
		t.Errorf("HEAD gave %d, %d bytes, length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
}
