// Package robust tries to break yiyue in a real Chromium: a seeded property
// test of random State changes interleaved with the page's own edits, every
// failure mode of what the widget loads (404, CSP, a broken dictionary, a
// missing speech API, storage that throws or holds garbage), hostile page
// content and hostile API arguments, the example portal under a strict
// CSP, and the servers under load on loopback.
//
// One Chromium serves the package. The test server's handler is wrapped so
// that each test can switch a fault on for its own duration (tests here do
// not run in parallel), and every tab runs with the HTTP cache off, so that
// a fault is never hidden by a response cached by an earlier test.
package robust

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var env *browsertest.Env

func TestMain(m *testing.M) {
	browsertest.Main(m, &env, browsertest.Options{Wrap: wrap, TTS: http.HandlerFunc(serveTTS)})
}

// A fault answers the requests it wants to break and returns true; it
// returns false for the others, which the demo server then serves.
type fault func(w http.ResponseWriter, r *http.Request) bool

var current struct {
	sync.Mutex
	fault fault
	csp   string
	tts   http.Handler
}

// setFault switches f on until the test ends.
func setFault(t *testing.T, f fault) {
	current.Lock()
	current.fault = f
	current.Unlock()
	t.Cleanup(func() {
		current.Lock()
		current.fault = nil
		current.Unlock()
	})
}

// setCSP sends csp with every page until the test ends.
func setCSP(t *testing.T, csp string) {
	current.Lock()
	current.csp = csp
	current.Unlock()
	t.Cleanup(func() {
		current.Lock()
		current.csp = ""
		current.Unlock()
	})
}

// setTTS makes h the TTS endpoint at /tts until the test ends.
func setTTS(t *testing.T, h http.Handler) {
	current.Lock()
	current.tts = h
	current.Unlock()
	t.Cleanup(func() {
		current.Lock()
		current.tts = nil
		current.Unlock()
	})
}

// serveTTS answers /tts with the handler a test set, or 503.
func serveTTS(w http.ResponseWriter, r *http.Request) {
	current.Lock()
	h := current.tts
	current.Unlock()
	if h == nil {
		http.Error(w, "no TTS service in this test", http.StatusServiceUnavailable)
		return
	}
	h.ServeHTTP(w, r)
}

// wrap is the test server's handler around the demo server:
//   - /twin/<page> is <page> with the loader served empty: the same page,
//     the same markup, but no widget (the property test's twin);
//   - each data-* query parameter of a page request becomes an attribute
//     of the page's yiyue script tag, as a site owner would write it;
//   - the current test's CSP and fault apply.
func wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/twin/") {
			r = r.Clone(r.Context())
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/twin")
		} else if r.URL.Path == "/yiyue.js" && strings.Contains(r.Referer(), "/twin/") {
			w.Header().Set("Content-Type", "text/javascript")
			w.Header().Set("Cache-Control", "no-store")
			return
		}
		current.Lock()
		f, csp := current.fault, current.csp
		current.Unlock()
		isPage := strings.HasSuffix(r.URL.Path, ".html") || strings.HasSuffix(r.URL.Path, "/")
		if isPage && csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		if f != nil && f(w, r) {
			return
		}
		browsertest.ScriptAttrs(next).ServeHTTP(w, r)
	})
}

// R is JavaScript for the widget's shadow root.
const R = `document.getElementById("yiyue-host").shadowRoot`

// newTab opens a tab with the HTTP cache off and the test origin's storage
// cleared, and runs the given scripts in every document before the page's.
func newTab(t *testing.T, preludes ...string) *browsertest.Tab {
	t.Helper()
	tab := env.Tab(t)
	if _, err := chromedp.Call(tab.Ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatalf("disable the HTTP cache: %v", err)
	}
	if _, err := chromedp.Call(tab.Ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: env.URL, StorageTypes: "local_storage"}); err != nil {
		t.Fatalf("clear the origin's storage: %v", err)
	}
	for _, p := range preludes {
		tab.OnNewDocument(p)
	}
	return tab
}

// page opens path in a new tab and waits for the loader.
func page(t *testing.T, path string, preludes ...string) *browsertest.Tab {
	t.Helper()
	tab := newTab(t, preludes...)
	tab.Go(path)
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
	return tab
}

// outer is the page's HTML without the widget's host element, read
// without moving anything.
const outer = `(() => { const h = document.getElementById("yiyue-host"); const s = document.documentElement.outerHTML; return h ? s.split(h.outerHTML).join("") : s })()`

// exceptions returns the tab's uncaught exceptions and unhandled
// rejections.
func exceptions(tab *browsertest.Tab) []string {
	var out []string
	for _, m := range tab.Console() {
		if m.IsException() {
			out = append(out, m.String())
		}
	}
	return out
}

// noExceptions fails the test for every uncaught exception in the tab.
func noExceptions(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	ex := exceptions(tab)
	for _, e := range ex {
		t.Errorf("uncaught: %s", e)
	}
	if len(ex) > 0 {
		// A Go panic prints its text and stack to the console.
		for _, m := range tab.Console() {
			if !m.IsException() {
				t.Logf("console %s", m)
			}
		}
	}
}

// messages returns the console lines of the given types whose text
// contains sub.
func messages(tab *browsertest.Tab, sub string, types ...chromedp.ConsoleType) []string {
	var out []string
	for _, m := range tab.Console() {
		for _, ty := range types {
			if m.Type == ty && strings.Contains(m.Text, sub) {
				out = append(out, m.String())
			}
		}
	}
	return out
}
