// Package browsertest runs yiyue's browser tests: it serves a built dist
// folder and the example portal on a free loopback port, starts one
// headless Debian Chromium per test package, and gives each test a fresh
// tab that records console messages, uncaught exceptions and requests.
package browsertest

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/dist"
	"github.com/yiyue-a11y/yiyue/build/server"
	"github.com/yiyue-a11y/yiyue/build/setup"
	"github.com/yiyue-a11y/yiyue/widget/convert"
)

// Options changes what the test server serves.
type Options struct {
	// Wrap, if set, wraps the demo server's handler, so that a test can
	// break or slow down what it serves.
	Wrap func(http.Handler) http.Handler
	// CSP is sent with every page.
	CSP string
	// TTS is served at /tts.
	TTS http.Handler
	// Width and Height set the window size; 1280×800 by default.
	Width, Height int
}

// Env is a running test server and browser.
type Env struct {
	Root, Dist string
	// URL is the test server's base URL, without a trailing slash.
	URL      string
	Manifest *dist.Manifest

	srv         *httptest.Server
	browser     context.Context
	stopBrowser func()
	userData    string
}

var buildOnce struct {
	sync.Once
	dir string
	err error
}

// Dist returns a built dist folder: $YIYUE_DIST as `go run ./build test`
// sets it, or else one built now into a temporary folder.
func Dist(root string) (string, error) {
	if d := os.Getenv("YIYUE_DIST"); d != "" {
		return d, nil
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yiyue-dist")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.dir = filepath.Join(dir, "dist")
		_, buildOnce.err = dist.Build(dist.Options{
			Root: root, Out: buildOnce.dir, Cache: filepath.Join(root, "build", ".cache", "compress"),
			Dicts: dist.OpenCCDicts(root, os.Stderr),
		})
	})
	return buildOnce.dir, buildOnce.err
}

// Start serves the portal and starts Chromium. A missing browser is an
// error, never a skip: `go run ./build test` installs it.
func Start(o Options) (*Env, error) {
	root, err := dist.Root()
	if err != nil {
		return nil, err
	}
	d, err := Dist(root)
	if err != nil {
		return nil, fmt.Errorf("browsertest: build dist: %w", err)
	}
	m, err := dist.ReadManifest(d)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(setup.Chromium); err != nil {
		return nil, fmt.Errorf("browsertest: Chromium is not installed at %s (run `go run ./build test`, which installs it): %w", setup.Chromium, err)
	}
	var h http.Handler = server.New(server.Options{
		Dist: d, Examples: filepath.Join(root, "examples", "portal"), CSP: o.CSP, TTS: o.TTS,
	})
	if o.Wrap != nil {
		h = o.Wrap(h)
	}
	e := &Env{Root: root, Dist: d, Manifest: m, srv: httptest.NewServer(h)}
	e.URL = e.srv.URL
	if e.userData, err = os.MkdirTemp("", "yiyue-chromium"); err != nil {
		return nil, err
	}
	w, ht := o.Width, o.Height
	if w == 0 {
		w, ht = 1280, 800
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(setup.Chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("hide-scrollbars", false),
		chromedp.UserDataDir(e.userData),
		chromedp.WindowSize(w, ht),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extraFlags()...)...)
	bctx, cancelB := chromedp.NewContext(alloc)
	if err := chromedp.Do(bctx); err != nil {
		cancelB()
		cancelAlloc()
		return nil, fmt.Errorf("browsertest: start Chromium: %w", err)
	}
	e.browser = bctx
	e.stopBrowser = func() { cancelB(); cancelAlloc() }
	return e, nil
}

// Main is a TestMain: it starts one Env for the package, runs the tests
// and stops it. env receives the Env before any test runs.
func Main(m *testing.M, env **Env, o Options) {
	e, err := Start(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*env = e
	code := m.Run()
	e.Close()
	os.Exit(code)
}

// Close stops the browser and the server.
func (e *Env) Close() {
	e.stopBrowser()
	e.srv.Close()
	os.RemoveAll(e.userData)
}

// Tab is one browser tab for one test.
type Tab struct {
	T     testing.TB
	Ctx   context.Context
	env   *Env
	close context.CancelFunc

	mu       sync.Mutex
	console  []chromedp.ConsoleMessage
	requests []string
	// pending holds the requests not yet answered in full, by ID.
	pending map[network.RequestID]string
}

// Tab opens a fresh tab, closed when the test ends.
func (e *Env) Tab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	tab := &Tab{T: t, Ctx: ctx, env: e, close: cancel, pending: map[network.RequestID]string{}}
	t.Cleanup(cancel)
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.console = append(tab.console, m)
			tab.mu.Unlock()
		}
	}()
	// Listen, not Events: a request's end must not be seen before its start.
	err := chromedp.Listen(ctx, func(ev any) {
		tab.mu.Lock()
		defer tab.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tab.requests = append(tab.requests, ev.Request.URL)
			tab.pending[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFinished:
			delete(tab.pending, ev.RequestID)
		case *network.EventLoadingFailed:
			delete(tab.pending, ev.RequestID)
		}
	})
	if err != nil {
		t.Fatalf("listen to network events: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable network events: %v", err)
	}
	return tab
}

// Close closes the tab before the test ends: a benchmark that opens many
// measures each with no other page of its own still open.
func (tab *Tab) Close() { tab.close() }

// Page returns the test server's URL for a path.
func (e *Env) Page(path string) string { return e.URL + "/" + strings.TrimPrefix(path, "/") }

// Go navigates to a page of the test server and waits for its load.
func (tab *Tab) Go(path string) {
	tab.T.Helper()
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(tab.env.Page(path))); err != nil {
		tab.T.Fatalf("navigate to %s: %v%s", path, err, tab.unanswered())
	}
}

// Eval evaluates JavaScript, awaiting a Promise result, and decodes the
// result into T.
func Eval[T any](tab *Tab, js string) T {
	tab.T.Helper()
	v, err := TryEval[T](tab, js)
	if err != nil {
		tab.T.Fatalf("evaluate %s: %v", short(js), err)
	}
	return v
}

// TryEval is Eval that returns the error, for scripts expected to throw.
func TryEval[T any](tab *Tab, js string) (T, error) {
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// Do runs chromedp actions on the tab.
func (tab *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	tab.T.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tab.T.Fatalf("browser actions: %v%s", err, tab.unanswered())
	}
}

// unanswered says which requests still wait for their answer, for the
// message of an action that timed out: a page whose load never ends is
// often one whose server lost a request.
func (tab *Tab) unanswered() string {
	urls := tab.Unanswered()
	if len(urls) == 0 {
		return "; no request waits for an answer"
	}
	return fmt.Sprintf("; %d requests wait for an answer: %s", len(urls), strings.Join(urls, ", "))
}

// Unanswered returns the URLs of the requests sent but not yet answered in
// full, sorted.
func (tab *Tab) Unanswered() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return slices.Sorted(maps.Values(tab.pending))
}

// Console returns the console messages and exceptions so far.
func (tab *Tab) Console() []chromedp.ConsoleMessage {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), tab.console...)
}

// Errors returns the console errors and uncaught exceptions so far.
func (tab *Tab) Errors() []string {
	var out []string
	for _, m := range tab.Console() {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			out = append(out, m.String())
		}
	}
	return out
}

// Requests returns the URLs requested so far.
func (tab *Tab) Requests() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.requests...)
}

// Screenshot saves a full-page PNG under the package's artifacts folder
// and returns its path.
func (tab *Tab) Screenshot(name string) string {
	tab.T.Helper()
	return tab.shot(name, chromedp.FullScreenshot(100))
}

// ScreenshotView saves a PNG of what the viewport shows, as Screenshot
// does. Chromium lays a full-page shot out at the page's height, a resize
// the page sees; this one shows the page as the reader has it.
func (tab *Tab) ScreenshotView(name string) string {
	tab.T.Helper()
	return tab.shot(name, chromedp.CaptureScreenshot())
}

func (tab *Tab) shot(name string, a chromedp.Action[[]byte]) string {
	tab.T.Helper()
	png, err := chromedp.Run(tab.Ctx, a)
	if err != nil {
		tab.T.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll("artifacts", 0o755); err != nil {
		tab.T.Fatal(err)
	}
	p := filepath.Join("artifacts", name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		tab.T.Fatal(err)
	}
	return p
}

// Wait polls a JavaScript condition until it is true or the timeout ends.
func (tab *Tab) Wait(cond string, timeout time.Duration) {
	tab.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := TryEval[bool](tab, "!!("+cond+")")
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tab.T.Fatalf("timed out after %s waiting for %s (last error: %v)", timeout, short(cond), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func short(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// Converter opens the named conversion's dictionary from the Env's dist,
// the same file the widget fetches, so tests can hold the page against it.
func (e *Env) Converter(t testing.TB, name string) *convert.Converter {
	t.Helper()
	f, ok := e.Manifest.Lookup(name + ".dict")
	if !ok {
		t.Fatalf("dist has no %s dictionary", name)
	}
	data, err := os.ReadFile(filepath.Join(e.Dist, f.Name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := convert.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// extraFlags are the Chromium switches in $YIYUE_CHROMIUM_FLAGS
// ("--name=value --other"), for a benchmark run under another setting of
// the browser's (its glyph cache, say) beside the usual one. CI sets none.
func extraFlags() []chromedp.ExecAllocatorOption {
	var o []chromedp.ExecAllocatorOption
	for _, f := range strings.Fields(os.Getenv("YIYUE_CHROMIUM_FLAGS")) {
		name, v, ok := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if !ok {
			o = append(o, chromedp.Flag(name, true))
			continue
		}
		o = append(o, chromedp.Flag(name, v))
	}
	return o
}
