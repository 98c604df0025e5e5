// Package a11y audits the widget's own accessibility in a real Chromium:
// axe-core in every mode, the page's accessibility tree before and after
// each feature, keyboard-only operation of every control, target sizes,
// focus contrast, the UI languages, announcements, keyboard shortcuts, the
// user's media preferences and the help panel. The README's Conformance
// section maps the MIIT 适老化 rules and WCAG 2.2 criteria to these tests.
package a11y

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var env *browsertest.Env

func TestMain(m *testing.M) {
	browsertest.Main(m, &env, browsertest.Options{Wrap: browsertest.ScriptAttrs, TTS: http.HandlerFunc(speech)})
}

// speech stands in for a TTS service with a real MP3 of speech, whatever
// the text: these tests audit the widget while it reads, not the voice.
func speech(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("text") == "" {
		http.Error(w, "text: empty", http.StatusBadRequest)
		return
	}
	b, err := os.ReadFile(filepath.Join(env.Root, "widget", "mp3stream", "testdata", "speech.mp3"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "audio/mpeg")
	w.Write(b)
}

// R is JavaScript for the widget's shadow root.
const R = `document.getElementById("yiyue-host").shadowRoot`

// page opens a page with the widget's loader ready and nothing saved: the
// tabs of one browser share localStorage, so what an earlier test saved
// is cleared first.
func page(t *testing.T, path string) *browsertest.Tab {
	t.Helper()
	return pageIn(t, env.Tab(t), path)
}

// pageIn is page in a tab set up already.
func pageIn(t *testing.T, tab *browsertest.Tab, path string) *browsertest.Tab {
	t.Helper()
	tab.Go(path)
	if browsertest.Eval[bool](tab, `(() => { const had = localStorage.length > 0; localStorage.clear(); return had })()`) {
		tab.Go(path)
	}
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
	// No transitions to wait for; TestReducedMotion checks both ways.
	tab.EmulateMedia("", "prefers-reduced-motion", "reduce")
	return tab
}

// open opens the toolbar as a user does, with the launcher, and waits
// until its stylesheet applies.
func open(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	tab.Do(chromedp.Evaluate[chromedp.Void](R + `.getElementById("launcher").click()`))
	tab.Wait(`yiyue.get().open === true`, 10*time.Second)
	waitStyled(tab)
}

// waitStyled waits until the toolbar's stylesheet has loaded.
func waitStyled(tab *browsertest.Tab) {
	tab.Wait(`(() => { const d = `+R+`.getElementById("dock"); return d && getComputedStyle(d).position === "fixed" })()`, 10*time.Second)
}

// set applies a state patch through the API and waits a frame. A feature
// that the dist under test was built without (plain `go test` builds no
// conversion dictionaries; `go run ./build test` does) is logged, and the
// test goes on in the state the widget kept; any other failure fails.
func set(t *testing.T, tab *browsertest.Tab, patch string) {
	t.Helper()
	if _, err := browsertest.TryEval[map[string]any](tab, `yiyue.set(`+patch+`)`); err != nil {
		if strings.Contains(err.Error(), "in this build") {
			t.Logf("yiyue.set(%s): not in this build, audited as a no-op: %s", patch, firstLine(err.Error()))
		} else {
			t.Fatalf("yiyue.set(%s): %v", patch, err)
		}
	}
	frames(tab)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// frames waits for two animation frames, after which the widget's
// per-frame work (dynamic content, layout growth) is done.
func frames(tab *browsertest.Tab) {
	browsertest.Eval[bool](tab, `new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`)
}

// noErrors fails the test on console errors or exceptions, but for a
// feature the build lacks (see set).
func noErrors(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	for _, e := range tab.Errors() {
		if !strings.Contains(e, "in this build") {
			t.Errorf("console error: %s", firstLine(e))
		}
	}
}

// shot saves a screenshot of the viewport, where the widget is, under
// artifacts/ (kept by the test run, ignored by git).
func shot(t *testing.T, tab *browsertest.Tab, name string) {
	t.Helper()
	tab.ScreenshotView(name)
}

func itoa(n int) string { return strconv.Itoa(n) }
