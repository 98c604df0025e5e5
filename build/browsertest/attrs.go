package browsertest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
)

var loaderTag = regexp.MustCompile(`<script src="/yiyue\.js"[^>]*>`)

// ScriptAttrs wraps the demo server so that a test configures the widget as
// a site owner does: each data-* query parameter of a page request becomes
// an attribute of the page's yiyue script tag (report.html?data-lang=en is
// the report with <script src="/yiyue.js" defer data-lang="en">), and
// ?no-widget serves the page without yiyue, for a baseline. Other requests,
// and a redirect (which keeps the query for the next request), pass through.
func ScriptAttrs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var attrs []string
		for k, vs := range q {
			if strings.HasPrefix(k, "data-") {
				attrs = append(attrs, k+`="`+escapeAttr(vs[0])+`"`)
			}
		}
		none := q.Has("no-widget")
		isPage := strings.HasSuffix(r.URL.Path, ".html") || strings.HasSuffix(r.URL.Path, "/")
		if !isPage || len(attrs) == 0 && !none {
			next.ServeHTTP(w, r)
			return
		}
		// Uncompressed and unconditional, so that the body can be edited.
		r2 := r.Clone(r.Context())
		for _, h := range []string{"Accept-Encoding", "If-None-Match", "If-Modified-Since"} {
			r2.Header.Del(h)
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r2)
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			tag := loaderTag.Find(body)
			if tag == nil {
				http.Error(w, "test: no yiyue script tag in "+r.URL.Path, http.StatusInternalServerError)
				return
			}
			newTag := strings.TrimSuffix(string(tag), ">") + " " + strings.Join(attrs, " ") + ">"
			if none {
				newTag = "<script>"
			}
			body = bytes.Replace(body, tag, []byte(newTag), 1)
		}
		for k, vs := range rec.Header() {
			if k != "Content-Length" && k != "Etag" && k != "Last-Modified" {
				w.Header()[k] = vs
			}
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

func escapeAttr(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}
