// Package server is the demo server: it serves a built dist folder at the
// site root, the example portal beside it, and yiyue's TTS service at
// /tts, on loopback.
package server

import (
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/yiyue-a11y/yiyue/widget/assets"
)

// Options configures the demo server.
type Options struct {
	Dist     string       // the built dist folder
	Examples string       // the folder of static example pages
	TTS      http.Handler // served at /tts; nil answers 503
	// CSP, when set, is sent as the Content-Security-Policy of every page.
	CSP string
}

// New returns the demo server's handler.
func New(o Options) http.Handler {
	dist := assets.New(os.DirFS(o.Dist))
	pages := http.FileServer(http.Dir(o.Examples))
	mux := http.NewServeMux()
	mux.HandleFunc("/tts", func(w http.ResponseWriter, r *http.Request) {
		if o.TTS == nil {
			http.Error(w, "the TTS service is not available on this server", http.StatusServiceUnavailable)
			return
		}
		o.TTS.ServeHTTP(w, r)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if dist.Has(r.URL.Path) {
			dist.ServeHTTP(w, r)
			return
		}
		if ext := path.Ext(r.URL.Path); ext == ".html" || strings.HasSuffix(r.URL.Path, "/") {
			if o.CSP != "" {
				w.Header().Set("Content-Security-Policy", o.CSP)
			}
			w.Header().Set("Cache-Control", "no-cache")
		}
		pages.ServeHTTP(w, r)
	})
	return mux
}
