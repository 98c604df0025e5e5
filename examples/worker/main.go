//go:build js && wasm

// Command worker is yiyue's Cloudflare Worker: the edge handler of package
// edge, run by github.com/syumai/workers. This file and the js*.go files
// beside it are the glue between the Workers runtime and net/http; the
// logic lives in package edge, which is tested natively.
//
// The runtime starts a fresh Go instance for every request, so main does
// nothing expensive: the dist manifest is embedded, dist's files are read
// through the ASSETS binding only when a request needs them.
package main

import (
	_ "embed"
	"errors"
	"net/http"
	"strings"
	"syscall/js"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/yiyue-a11y/yiyue/examples/worker/edge"
)

// manifest is dist/manifest.json, copied into build/ by the build step
// (see README.md) so that it matches the assets uploaded with the Worker.
//
//go:embed build/manifest.json
var manifest []byte

func main() {
	workers.ServeNonBlock(http.HandlerFunc(serve))
	wrapBinding()
	workers.Ready()
	<-workers.Done()
}

// serve builds the edge handler from the Worker's variables and bindings
// and hands it the request.
func serve(w http.ResponseWriter, r *http.Request) {
	joinHeaders(r.Header)
	assetsBinding := cloudflare.GetBinding("ASSETS")
	if assetsBinding.IsUndefined() {
		http.Error(w, "yiyue worker: no ASSETS binding; see wrangler.toml", http.StatusInternalServerError)
		return
	}
	h, err := edge.New(edge.Config{
		Origin:      cloudflare.Getenv("ORIGIN"),
		TTSUpstream: cloudflare.Getenv("TTS_UPSTREAM"),
		Variant:     cloudflare.Getenv("VARIANT"),
		Phrases:     cloudflare.Getenv("PHRASES"),
		Dist:        newAssetsFS(assetsBinding, manifest),
		Manifest:    manifest,
		Transport:   fetchTransport{},
		Cache:       cacheAPI{},
	})
	if err != nil {
		// The details may quote a secret or an internal host: the log
		// gets them, visitors a generic message, or, when only some
		// settings are bad, the features that still work.
		logOnce("yiyue worker: " + err.Error())
		var partial *edge.SettingsError
		if !errors.As(err, &partial) {
			http.Error(w, "yiyue worker: misconfigured; the Worker's log says why", http.StatusInternalServerError)
			return
		}
	}
	bw := &bufferedWriter{w: w}
	h.ServeHTTP(bw, r)
	bw.finish()
}

// loggedKey is the global property that holds the last message logOnce
// wrote.
const loggedKey = "__yiyueLogged"

// logOnce writes msg to the Worker's log unless this isolate wrote it
// already: the runtime starts a Go instance per request, but the global
// object lives as long as the isolate, and a bad setting would otherwise
// be logged with every request.
func logOnce(msg string) {
	// Called on the real global object, as fetch is (see fetchTransport).
	g := js.Global().Get("globalThis")
	if v := g.Get(loggedKey); v.Type() == js.TypeString && v.String() == msg {
		return
	}
	g.Set(loggedKey, msg)
	g.Get("console").Call("error", msg)
}

// joinHeaders undoes the request conversion's splitting of header values
// at commas ("gzip, br" arrives as two values), so that a header reads as
// the client sent it.
func joinHeaders(h http.Header) {
	for k, vs := range h {
		if len(vs) > 1 {
			h[k] = []string{strings.Join(vs, ",")}
		}
	}
}

// wrapBinding post-processes the Responses syumai/workers builds:
//
//   - a body that is already compressed (dist's .br and .gz files, marked
//     by Content-Encoding) must be sent as it is, not compressed again,
//     which needs encodeBody: "manual";
//   - a HEAD response has no body, whatever its Content-Length says.
func wrapBinding() {
	binding := js.Global().Get("context").Get("binding")
	handle := binding.Get("handleRequest")
	response := js.Global().Get("Response")
	binding.Set("handleRequest", js.FuncOf(func(_ js.Value, args []js.Value) any {
		req := args[0]
		head := req.Get("method").String() == "HEAD"
		fix := js.FuncOf(func(_ js.Value, a []js.Value) any {
			res := a[0]
			encoded := !res.Get("headers").Call("get", "content-encoding").IsNull()
			if !head && !encoded {
				return res
			}
			init := js.Global().Get("Object").New()
			init.Set("status", res.Get("status"))
			init.Set("statusText", res.Get("statusText"))
			init.Set("headers", res.Get("headers"))
			body := res.Get("body")
			if head {
				// Dropped unread: cancelling it would end the Go program
				// while the runtime may still call into it.
				body = js.Null()
			}
			if encoded {
				init.Set("encodeBody", "manual")
			}
			return response.New(body, init)
		})
		return handle.Invoke(req).Call("then", fix)
	}))
}
