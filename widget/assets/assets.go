// Package assets serves a built dist folder over HTTP the way browsers and
// caches want it: the right content types, the precompressed body the
// client accepts, ETags, immutable caching for content-hashed names, a
// short cache for the loader, and CORS so that the widget can be loaded
// from another origin. The demo server and the edge Worker share it.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// hashed matches content-hashed names such as yiyue.01234567.wasm.
var hashed = regexp.MustCompile(`\.[0-9a-f]{8,}\.[a-z0-9]+$`)

// LoaderMaxAge is how long a cache may keep the loader without asking.
const LoaderMaxAge = 5 * time.Minute

// Handler serves the files of dist. Requests for names dist does not hold
// get a 404, so that a Handler can sit in front of other handlers through
// Has.
type Handler struct {
	fsys fs.FS
}

// New returns a Handler serving fsys, the root of a dist folder.
func New(fsys fs.FS) *Handler { return &Handler{fsys: fsys} }

// Has reports whether the request path names a servable dist file.
func (h *Handler) Has(p string) bool {
	name, ok := clean(p)
	if !ok {
		return false
	}
	st, err := fs.Stat(h.fsys, name)
	return err == nil && !st.IsDir()
}

func clean(p string) (string, bool) {
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" || name == "manifest.json" || strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") {
		return "", false
	}
	return name, fs.ValidPath(name)
}

// ContentType returns the MIME type for a dist file name.
func ContentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// ServeHTTP serves the named asset with its content type, CORS and cache
// headers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		hdr.Set("Access-Control-Allow-Methods", "GET, HEAD")
		hdr.Set("Access-Control-Allow-Headers", "*")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := clean(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	// A hashed name carries its content's hash: its ETag needs no read,
	// and only the variant sent is read (in a Worker, hashing and copying
	// a 2 MB WASM per request costs about a second of CPU).
	var body []byte
	var etag string
	loaded := false
	if hash := hashed.FindString(name); hash != "" {
		if _, err := fs.Stat(h.fsys, name); err != nil {
			http.NotFound(w, r)
			return
		}
		etag = `"` + strings.SplitN(hash[1:], ".", 2)[0] + `"`
	} else {
		b, err := fs.ReadFile(h.fsys, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		sum := sha256.Sum256(b)
		body, etag, loaded = b, `"`+hex.EncodeToString(sum[:8])+`"`, true
	}
	hdr.Set("Content-Type", ContentType(name))
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("ETag", etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	// A hashed name never changes content; the loader must stay fresh so
	// that it can point at new hashed names.
	if hashed.MatchString(name) {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(LoaderMaxAge.Seconds()))+", must-revalidate")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for _, enc := range []struct{ token, suffix string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !accepts(r.Header.Get("Accept-Encoding"), enc.token) {
			continue
		}
		if c, err := fs.ReadFile(h.fsys, name+enc.suffix); err == nil {
			hdr.Set("Content-Encoding", enc.token)
			body, loaded = c, true
			break
		}
	}
	if !loaded {
		b, err := fs.ReadFile(h.fsys, name)
		if err != nil {
			hdr.Del("Content-Type")
			http.NotFound(w, r)
			return
		}
		body = b
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// accepts reports whether an Accept-Encoding header allows token (q > 0).
func accepts(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		f := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(f[0]), token) {
			continue
		}
		for _, p := range f[1:] {
			p = strings.TrimSpace(p)
			if q, ok := strings.CutPrefix(p, "q="); ok {
				if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
					return false
				}
			}
		}
		return true
	}
	return false
}
