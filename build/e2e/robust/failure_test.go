package robust

import (
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// msg is the text of the loader's message in the widget's shadow root,
// or "" while it is hidden.
func msg(tab *browsertest.Tab) string {
	return browsertest.Eval[string](tab, `(() => { const m = `+R+`.getElementById("msg"); return m && m.getBoundingClientRect().height > 0 ? m.textContent : "" })()`)
}

// clickLauncher presses the launcher as a user does.
func clickLauncher(tab *browsertest.Tab) {
	tab.Do(chromedp.Evaluate[chromedp.Void](R + `.getElementById("launcher").click()`))
}

// suffix breaks every request whose path ends in one of the suffixes with
// the given status.
func suffix(status int, suffixes ...string) fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		for _, s := range suffixes {
			if strings.HasSuffix(r.URL.Path, s) {
				http.Error(w, "broken by the test", status)
				return true
			}
		}
		return false
	}
}

// delay holds every request whose path ends in suffix for d, then lets it
// through: a slow network.
func delay(d time.Duration, suffix string) fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, suffix) {
			time.Sleep(d)
		}
		return false
	}
}

// intact fails the test if the page's HTML, the widget's host aside, is
// not what it was.
func intact(t *testing.T, tab *browsertest.Tab, before string) {
	t.Helper()
	if after := browsertest.Eval[string](tab, outer); after != before {
		t.Errorf("the page changed (%d bytes before, %d after); first difference: %s", len(before), len(after), diffAt(before, after))
	}
}

func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	cut := func(s string) string { return strconv.Quote(s[min(lo, len(s)):min(i+80, len(s))]) }
	return "at byte " + strconv.Itoa(i) + ": before " + cut(a) + ", after " + cut(b)
}

// loadFails opens the report with a fault on the widget's start-up files
// and checks what a reader sees: the page untouched, the widget saying
// that it failed, no uncaught exception, the API rejecting instead of
// hanging, and the widget working once the fault is gone.
func loadFails(t *testing.T, f fault, csp string) *browsertest.Tab {
	t.Helper()
	setFault(t, f)
	if csp != "" {
		setCSP(t, csp)
	}
	tab := page(t, "report.html")
	before := browsertest.Eval[string](tab, outer)
	clickLauncher(tab)
	tab.Wait(R+`.getElementById("msg").textContent !== ""`, 10*time.Second)
	if m := msg(tab); m != "无障碍工具加载失败" {
		t.Errorf("the widget says %q, want 无障碍工具加载失败 shown", m)
	}
	intact(t, tab, before)
	if err := browsertest.Eval[string](tab, `yiyue.set({zoom: 2}).then(() => "resolved", e => e instanceof Error ? e.message : "not an Error")`); !strings.Contains(err, "yiyue") {
		t.Errorf("set() during the fault: %q, want an Error from yiyue", err)
	}
	if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["zoom"] != 1.0 || st["open"] != false {
		t.Errorf("get() after the failed start: %v", st)
	}
	if got := browsertest.Eval[string](tab, `yiyue.reset().then(s => s.contrast)`); got != "off" {
		t.Errorf("reset() during the fault resolved with contrast %q", got)
	}
	intact(t, tab, before)
	noExceptions(t, tab)
	if len(messages(tab, "yiyue", chromedp.ConsoleError)) == 0 {
		t.Errorf("no console error from yiyue explains the failure; console: %v", tab.Console())
	}
	return tab
}

// recovers clears the fault and checks that the widget now starts.
func recovers(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	current.Lock()
	current.fault, current.csp = nil, ""
	current.Unlock()
	clickLauncher(tab)
	tab.Wait(`yiyue.get().open === true`, 10*time.Second)
	if m := msg(tab); m != "" {
		t.Errorf("the failure message %q stays after the widget started", m)
	}
	if z := browsertest.Eval[float64](tab, `yiyue.set({zoom: 2}).then(s => s.zoom)`); z != 2 {
		t.Errorf("zoom after recovery = %v", z)
	}
	noExceptions(t, tab)
}

func TestWASMNotFound(t *testing.T) {
	tab := loadFails(t, suffix(http.StatusNotFound, ".wasm"), "")
	// The site's owner is told which file is missing, not that it was
	// tampered with.
	if m := messages(tab, "yiyue", chromedp.ConsoleError); !slices.ContainsFunc(m, func(s string) bool { return strings.Contains(s, ".wasm: HTTP 404") }) {
		t.Errorf("no console error names the missing WASM and its status: %q", m)
	}
	recovers(t, tab)
}

// TestWASMConnectionFails: where the WASM's connection fails (the network
// drops, a proxy or a filter blocks the file), the site's owner is told
// which file did not come, as for a missing one, not only that a fetch
// failed.
func TestWASMConnectionFails(t *testing.T) {
	tab := loadFails(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, ".wasm") {
			return false
		}
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			c.Close()
		}
		return true
	}, "")
	name := regexp.MustCompile(`yiyue\.[0-9a-f]+\.wasm`)
	if m := messages(tab, "yiyue", chromedp.ConsoleError); !slices.ContainsFunc(m, name.MatchString) {
		t.Errorf("no console error names the WASM that did not come: %q", m)
	}
	if err := browsertest.Eval[string](tab, `yiyue.set({zoom: 2}).then(() => "resolved", e => e.message)`); !name.MatchString(err) {
		t.Errorf("set() rejects with %q, which does not name the WASM", err)
	}
	recovers(t, tab)
}

// TestPageStylesheetNotFound: the page stylesheet, which the view's aids
// need (a contrast scheme shows nothing without it), is missing from the
// static host. The console names it, as it names a missing WASM, and the
// next change, once it is there, shows the aid.
func TestPageStylesheetNotFound(t *testing.T) {
	failPageStylesheet(t, http.StatusNotFound)
	tab := page(t, "report.html")
	browsertest.Eval[map[string]any](tab, `yiyue.set({contrast: "white-on-black"})`)
	name := regexp.MustCompile(`page\.[0-9a-f]+\.css`)
	// The console's messages reach the test a moment after they are said.
	var m []string
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if m = messages(tab, "yiyue", chromedp.ConsoleError); slices.ContainsFunc(m, name.MatchString) {
			break
		}
	}
	if !slices.ContainsFunc(m, name.MatchString) {
		t.Errorf("no console error from yiyue names the missing page stylesheet: %q", m)
	}
	current.Lock()
	current.fault = nil
	current.Unlock()
	browsertest.Eval[map[string]any](tab, `yiyue.set({links: true})`)
	if bg := browsertest.Eval[string](tab, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(0, 0, 0)" {
		t.Errorf("once the stylesheet is there, the next change leaves the background %s, want the scheme's black", bg)
	}
	noExceptions(t, tab)
}

// TestWASMServedAsOctetStream: a server that does not know the .wasm
// type (IIS, an old mime.types) and sends application/octet-stream still
// serves the widget.
func TestWASMServedAsOctetStream(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, ".wasm") || r.Header.Get("X-Test-Raw") != "" {
			return false
		}
		// The server's own answer, asked for past this fault, sent again
		// with the type such a server gives.
		q, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://"+r.Host+r.URL.RequestURI(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return true
		}
		q.Header.Set("X-Test-Raw", "1")
		res, err := http.DefaultClient.Do(q)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return true
		}
		defer res.Body.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
		return true
	})
	tab := page(t, "report.html")
	if z := browsertest.Eval[float64](tab, `yiyue.set({zoom: 2}).then(s => s.zoom)`); z != 2 {
		t.Errorf("zoom = %v", z)
	}
	if ct := browsertest.Eval[string](tab, `fetch(performance.getEntriesByType("resource").find(e => e.name.endsWith(".wasm")).name).then(r => r.headers.get("content-type"))`); ct != "application/octet-stream" {
		t.Errorf("the WASM was served as %q: the test proves nothing", ct)
	}
	noExceptions(t, tab)
}

func TestRuntimeScriptNotFound(t *testing.T) {
	tab := loadFails(t, suffix(http.StatusNotFound, "runtime."+strings.Split(runtimeName(t), ".")[1]+".js"), "")
	recovers(t, tab)
}

func runtimeName(t *testing.T) string {
	f, ok := env.Manifest.Lookup("runtime.js")
	if !ok {
		t.Fatal("no runtime.js in the manifest")
	}
	return f.Name
}

// TestCSPWithoutWasmUnsafeEval: a site whose CSP does not allow
// WebAssembly gets the failure message, not a broken page.
func TestCSPWithoutWasmUnsafeEval(t *testing.T) {
	tab := loadFails(t, nil, "script-src 'self'; style-src 'self'; object-src 'none'")
	// Two starts failed (the click, then set()): neither downloads a WASM
	// that the page may not compile.
	if n := browsertest.Eval[int](tab, `performance.getEntriesByType("resource").filter(e => e.name.endsWith(".wasm")).length`); n > 0 {
		t.Errorf("the WASM was fetched %d times", n)
	}
}

// dictFault serves the conversion dictionaries broken: "500", "short"
// (a truncated file with a matching Content-Length) or "cut" (the
// connection closes halfway through the body).
func dictFault(t *testing.T, how string) fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, ".dict") {
			return false
		}
		if how == "500" {
			http.Error(w, "broken by the test", http.StatusInternalServerError)
			return true
		}
		data, err := os.ReadFile(filepath.Join(env.Dist, strings.TrimPrefix(r.URL.Path, "/")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return true
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		half := data[:len(data)/2]
		if how == "altered" {
			// Same length and a valid header: only its SRI tells.
			data = append([]byte(nil), data...)
			data[len(data)-10] ^= 0x55
			w.Write(data)
			return true
		}
		if how == "short" {
			w.Write(half)
			return true
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(half)
		w.(http.Flusher).Flush()
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
		return true
	}
}

// TestSavedScriptFailureSaid: a page opened with 繁體 saved, whose
// dictionary does not come (a 500), is shown in its own text, and the
// widget says 繁体：暂不可用, as it does for a switch the reader makes: it
// said nothing, its message cleared as Go's start settled, after Go had
// set it. The choice stays the reader's, for the site's next page.
func TestSavedScriptFailureSaid(t *testing.T) {
	setFault(t, dictFault(t, "500"))
	tab := page(t, "report.html")
	before := browsertest.Eval[string](tab, outer)
	browsertest.Eval[bool](tab, `(localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional"})), true)`)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && `+R+`.getElementById("msg") && performance.now() > 3000`, 10*time.Second)
	if m := msg(tab); !strings.Contains(m, "繁体") || !strings.Contains(m, "暂不可用") {
		t.Errorf("the widget says %q, want that 繁体 is unavailable", m)
	}
	if s := browsertest.Eval[string](tab, `yiyue.get().script`); s != "traditional" {
		t.Errorf("script = %q after the failure; the reader's choice is lost", s)
	}
	intact(t, tab, before)
	browsertest.Eval[bool](tab, `(localStorage.clear(), true)`)
}

// TestSavedScriptFailureKept: a saved 繁體 choice whose dictionary does not
// come stays the reader's choice through the page's other changes: a text
// size chosen next neither drops it from what is saved nor reports the
// script as changed. Choosing another script, or reset(), replaces it.
func TestSavedScriptFailureKept(t *testing.T) {
	setFault(t, dictFault(t, "500"))
	tab := page(t, "report.html")
	browsertest.Eval[bool](tab, `(localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional", variant: "tw"})), true)`)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && `+R+`.getElementById("msg")?.textContent.includes("暂不可用")`, 10*time.Second)
	got := browsertest.Eval[map[string]any](tab, `(async () => {
		const events = []
		document.addEventListener("yiyue:change", e => events.push(e.detail.script + "/" + e.detail.variant))
		const s = await yiyue.set({zoom: 1.5})
		await new Promise(r => setTimeout(r, 50))
		const saved = JSON.parse(localStorage.getItem("yiyue:v1"))
		return {resolved: s.script + "/" + s.variant, got: yiyue.get().script + "/" + yiyue.get().variant, saved: saved.script + "/" + saved.variant, events: events.join(), zoom: saved.zoom}
	})()`)
	for _, k := range []string{"resolved", "got", "saved", "events"} {
		if got[k] != "traditional/tw" {
			t.Errorf("after set({zoom: 1.5}) the %s choice of script is %v, want the saved traditional/tw", k, got[k])
		}
	}
	if got["zoom"] != 1.5 {
		t.Errorf("saved zoom %v, want 1.5", got["zoom"])
	}
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	if p := browsertest.Eval[string](tab, R+`.querySelector('[data-id="script"]').getAttribute("aria-pressed")`); p != "false" {
		t.Errorf("the 繁体 button is aria-pressed=%s; the page shows its own text", p)
	}
	if v := browsertest.Eval[string](tab, R+`.querySelector('[data-id="variant"]').value`); v != "tw" {
		t.Errorf("the toolbar shows the variant %s, want the saved tw", v)
	}
	if s := browsertest.Eval[string](tab, `yiyue.set({script: "original"}).then(s => s.script + "/" + yiyue.get().script)`); s != "original/original" {
		t.Errorf("set({script: original}) gave %s, want original/original", s)
	}
	browsertest.Eval[bool](tab, `new Promise(r => setTimeout(r, 50, true))`)
	if s := browsertest.Eval[string](tab, `localStorage.getItem("yiyue:v1")`); strings.Contains(s, "traditional") {
		t.Errorf("saved %s after choosing the original script", s)
	}
	noExceptions(t, tab)
	browsertest.Eval[bool](tab, `(localStorage.clear(), true)`)
}

// TestDictionaryBroken (a 500, a short body, a cut connection, an altered
// byte): the 简繁 switch fails visibly, the page keeps its
// text, the other aids work, and a later try succeeds.
func TestDictionaryBroken(t *testing.T) {
	for _, how := range []string{"500", "short", "cut", "altered"} {
		t.Run(how, func(t *testing.T) {
			setFault(t, dictFault(t, how))
			tab := page(t, "report.html")
			before := browsertest.Eval[string](tab, outer)
			err := browsertest.Eval[string](tab, `yiyue.set({script: "traditional"}).then(() => "resolved", e => e instanceof Error ? e.message : "not an Error")`)
			if err == "resolved" || err == "not an Error" {
				t.Errorf("set({script: traditional}) with a broken dictionary: %s", err)
			}
			if how == "500" && !strings.Contains(err, ".dict: HTTP 500") {
				t.Errorf("a dictionary the server fails to send is reported as %q, not by its name and status", err)
			}
			if s := browsertest.Eval[string](tab, `yiyue.get().script`); s != "original" {
				t.Errorf("script = %q after the failure", s)
			}
			if m := msg(tab); !strings.Contains(m, "繁体") || !strings.Contains(m, "暂不可用") {
				t.Errorf("the widget says %q, want that 繁体 is unavailable", m)
			}
			intact(t, tab, before)
			// The other aids work.
			st := browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 1.5, contrast: "white-on-black"})`)
			if st["zoom"] != 1.5 || st["contrast"] != "white-on-black" {
				t.Errorf("set zoom and contrast after the failure: %v", st)
			}
			if a := browsertest.Eval[string](tab, `document.documentElement.getAttribute("data-yiyue") || ""`); !strings.Contains(a, "white-on-black") || !strings.Contains(a, "zoom") {
				t.Errorf("<html data-yiyue=%q> after setting zoom and contrast", a)
			}
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			intact(t, tab, before)
			noExceptions(t, tab)

			// Once the dictionary is served again, the switch works.
			current.Lock()
			current.fault = nil
			current.Unlock()
			if s := browsertest.Eval[string](tab, `yiyue.set({script: "traditional"}).then(s => s.script)`); s != "traditional" {
				t.Errorf("script = %q after the dictionary came back", s)
			}
			if l := browsertest.Eval[string](tab, `document.documentElement.lang`); l != "zh-Hant" {
				t.Errorf("lang = %q after converting", l)
			}
			if m := msg(tab); m != "" {
				t.Errorf("the message %q stays after the switch worked", m)
			}
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			intact(t, tab, before)
			noExceptions(t, tab)
		})
	}
}

// noSpeech removes the Web Speech API, as on browsers without it.
const noSpeech = `for (const o of [window, Window.prototype]) for (const k of ["speechSynthesis", "SpeechSynthesisUtterance", "SpeechSynthesisEvent", "SpeechSynthesisErrorEvent", "SpeechSynthesisVoice"]) delete o[k]`

// TestNoSpeechSynthesis: without the Web Speech API every other feature
// works, with no exception.
func TestNoSpeechSynthesis(t *testing.T) {
	tab := page(t, "report.html", noSpeech)
	if browsertest.Eval[bool](tab, `"speechSynthesis" in window || "SpeechSynthesisUtterance" in window`) {
		t.Fatal("the Web Speech API is still there")
	}
	everyFeature(t, tab)
	// With no voice and no speech service (the page's origin answers /tts
	// with 503), reading is refused, and the widget says so.
	browsertest.Eval[bool](tab, `yiyue.load().then(() => new Promise(ok => setTimeout(() => ok(true), 1500)))`)
	res := browsertest.Eval[string](tab, `yiyue.set({reading: "continuous"}).then(s => "resolved " + s.reading, e => "rejected " + e.message)`)
	tab.Wait(`yiyue.get().reading === "off"`, 10*time.Second)
	tab.Wait(R+`.getElementById("msg").textContent !== ""`, 5*time.Second)
	if m := msg(tab); !strings.Contains(m, "朗读") || !strings.Contains(m, "暂不可用") {
		t.Errorf("set({reading: continuous}) %s; the widget says %q, want that 朗读 is unavailable", res, m)
	}
	noExceptions(t, tab)
}

// everyFeature opens the toolbar and sets every field through the API,
// then resets, checking that each set resolves with the value asked for
// and that reset restores the page.
func everyFeature(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	before := browsertest.Eval[string](tab, outer)
	clickLauncher(tab)
	tab.Wait(`yiyue.get().open === true`, 10*time.Second)
	for _, p := range []string{
		`{script: "traditional"}`, `{variant: "hk"}`, `{variant: "tw"}`, `{zoom: 2}`, `{contrast: "yellow-on-black"}`,
		`{elder: true}`, `{cursor: true}`, `{guide: true}`, `{caption: true}`, `{spacing: true}`, `{links: true}`,
		`{rate: 1.5}`, `{volume: 0.5}`, `{shortcuts: true}`, `{reading: "off"}`,
	} {
		got, err := browsertest.TryEval[map[string]any](tab, `yiyue.set(`+p+`)`)
		if err != nil {
			t.Errorf("set(%s): %v", p, err)
			continue
		}
		_ = got
	}
	if l := browsertest.Eval[string](tab, `document.documentElement.lang`); l != "zh-TW" {
		t.Errorf("lang = %q after script traditional, variant tw", l)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	browsertest.Eval[map[string]any](tab, `yiyue.close()`)
	intact(t, tab, before)
}

// TestOpenWhileDictionaryComes: while a 简繁 switch waits for its
// dictionary (a slow network), the launcher still opens the toolbar at
// once, and the switch completes when the dictionary comes.
func TestOpenWhileDictionaryComes(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, ".dict") {
			return false
		}
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		return false
	})
	tab := page(t, "report.html")
	browsertest.Eval[bool](tab, `yiyue.load().then(() => (window.__switched = yiyue.set({script: "traditional"}).then(s => s.script), true))`)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the dictionary was never requested")
	}
	browsertest.Eval[bool](tab, `(yiyue.open(), true)`)
	shown := `(p => !!p && !p.hidden && p.getBoundingClientRect().height > 0)(document.getElementById("yiyue-host").shadowRoot.getElementById("panel"))`
	ok := false
	for end := time.Now().Add(time.Second); !ok && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		ok = browsertest.Eval[bool](tab, shown)
	}
	free()
	if !ok {
		t.Error("the toolbar did not show within a second while the dictionary was on its way")
	}
	if s := browsertest.Eval[string](tab, `window.__switched`); s != "traditional" {
		t.Errorf("the switch ended in script %q, want traditional", s)
	}
	if !browsertest.Eval[bool](tab, `yiyue.get().open && document.documentElement.lang == "zh-Hant"`) {
		t.Errorf("after the dictionary came: state %v, lang %q", browsertest.Eval[map[string]any](tab, `yiyue.get()`), browsertest.Eval[string](tab, `document.documentElement.lang`))
	}
}

// TestSavedZoomWithoutRuntime: a page opened with a saved zoom is hidden
// until the runtime script brings the zoom's second pass. When that script
// fails, the page is shown at once; when no answer comes, it is shown
// after the loader's 3 s wait. Either way it is zoomed, and nothing throws.
func TestSavedZoomWithoutRuntime(t *testing.T) {
	name := runtimeName(t)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	silent := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, name) {
			return false
		}
		select {
		case <-done:
		case <-time.After(6 * time.Second):
		}
		http.Error(w, "too late", http.StatusServiceUnavailable)
		return true
	}
	// When the report's text is first visible, and whether it was hidden
	// at DOMContentLoaded.
	const watch = `(() => {
		window.__shown = 0
		const look = () => document.querySelector(".article-body p") && getComputedStyle(document.body).opacity
		document.addEventListener("DOMContentLoaded", () => { window.__hiddenAtDCL = look() == "0" })
		const poll = () => look() == "1" ? (window.__shown = performance.now()) : requestAnimationFrame(poll)
		requestAnimationFrame(poll)
	})()`
	for _, c := range []struct {
		name     string
		fault    fault
		from, to float64 // when the text shows, ms after navigation
	}{
		{"404", suffix(http.StatusNotFound, name), 0, 2000},
		{"no answer", silent, 2900, 4500},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := page(t, "report.html", watch)
			if z := browsertest.Eval[float64](tab, `yiyue.set({zoom: 2}).then(s => s.zoom)`); z != 2 {
				t.Fatalf("zoom = %v", z)
			}
			tab.Wait(`localStorage.getItem("yiyue:css") != null && localStorage.getItem("yiyue:v1") != null`, 5*time.Second)
			setFault(t, c.fault)
			tab.Go("report.html")
			tab.Wait(`window.__shown > 0`, 10*time.Second)
			if !browsertest.Eval[bool](tab, `window.__hiddenAtDCL`) {
				t.Error("the page was not hidden at DOMContentLoaded while the second pass was on its way")
			}
			if at := browsertest.Eval[float64](tab, `window.__shown`); at < c.from || at > c.to {
				t.Errorf("the text showed %.0f ms after navigation, want %.0f to %.0f", at, c.from, c.to)
			}
			if size := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector(".article-body p")).fontSize`); size != "32px" {
				t.Errorf("the report's text is %s, want 32px (zoom 2)", size)
			}
			noExceptions(t, tab)
		})
	}
}

// TestSlowStartSaysLoading: on a slow network, a reader who presses the
// launcher is told within a second that the tools are loading (the
// widget's polite status, as a notice, with the launcher busy), and the
// notice goes once the toolbar opens. A start that no one asked for (a
// saved preference) says nothing.
func TestSlowStartSaysLoading(t *testing.T) {
	slow := delay(2*time.Second, ".wasm")
	busy := func(tab *browsertest.Tab) string {
		return browsertest.Eval[string](tab, R+`.getElementById("launcher").getAttribute("aria-busy") || ""`)
	}
	t.Run("pressed", func(t *testing.T) {
		setFault(t, slow)
		tab := page(t, "report.html")
		// A real click, which the browser counts as the reader's gesture.
		at := browsertest.Eval[[]float64](tab, `(() => { const r = `+R+`.getElementById("launcher").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()`)
		start := time.Now()
		tab.Do(chromedp.MouseClickXY(at[0], at[1]))
		tab.Wait(R+`.getElementById("msg").textContent !== ""`, 5*time.Second)
		if d := time.Since(start); d > 1500*time.Millisecond {
			t.Errorf("the notice came %v after the press, want within 1.5 s", d)
		}
		if m := msg(tab); m != "正在加载无障碍工具…" {
			t.Errorf("while the WASM loads the widget says %q, want 正在加载无障碍工具…", m)
		}
		if role := browsertest.Eval[string](tab, R+`.getElementById("msg").getAttribute("role")`); role != "status" {
			t.Errorf("the notice's role is %q, want status", role)
		}
		if c := browsertest.Eval[string](tab, `getComputedStyle(`+R+`.getElementById("msg")).color`); c != "rgb(0, 0, 0)" {
			t.Errorf("the notice's text is %s, want black (a notice, not the failure's red)", c)
		}
		if b := busy(tab); b != "true" {
			t.Errorf("the launcher's aria-busy is %q while the WASM loads, want true", b)
		}
		tab.Screenshot("loading-notice")
		tab.Wait(`yiyue.get().open === true`, 10*time.Second)
		if m := msg(tab); m != "" {
			t.Errorf("the notice %q stays after the toolbar opened", m)
		}
		if b := busy(tab); b != "" {
			t.Errorf("the launcher's aria-busy is %q after the start, want none", b)
		}
		noExceptions(t, tab)
	})
	t.Run("not asked", func(t *testing.T) {
		tab := page(t, "report.html")
		tab.Do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional"}))`))
		setFault(t, slow)
		tab.Go("report.html")
		time.Sleep(1200 * time.Millisecond)
		if lang := browsertest.Eval[string](tab, `document.documentElement.lang`); lang == "zh-Hant" {
			t.Fatal("the page was converted before the slowed WASM could have come: the check below proves nothing")
		}
		if m := msg(tab); m != "" {
			t.Errorf("a start no one asked for says %q", m)
		}
		tab.Wait(`document.documentElement.lang === "zh-Hant"`, 10*time.Second)
		if m, b := msg(tab), busy(tab); m != "" || b != "" {
			t.Errorf("after the start: message %q, aria-busy %q; want neither", m, b)
		}
		noExceptions(t, tab)
	})
}

// TestSlowDictionarySaysLoading: a dictionary that takes more than half a
// second is announced in the widget's status, with the 简/繁 control busy
// while the toolbar is open, and the notice goes once the page is
// converted; through the API with the toolbar closed, the status says it
// too.
func TestSlowDictionarySaysLoading(t *testing.T) {
	slow := delay(2*time.Second, ".dict")
	busy := R + `.querySelector("[data-id=script]").getAttribute("aria-busy") || ""`
	for _, viaToolbar := range []bool{true, false} {
		name := "api"
		if viaToolbar {
			name = "toolbar"
		}
		t.Run(name, func(t *testing.T) {
			setFault(t, slow)
			tab := page(t, "report.html")
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			start := time.Now()
			if viaToolbar {
				tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=script]").click()`))
			} else {
				browsertest.Eval[bool](tab, `yiyue.close().then(() => true)`)
				tab.Do(chromedp.Evaluate[chromedp.Void](`yiyue.set({script: "traditional"})`))
			}
			tab.Wait(R+`.getElementById("msg").textContent !== ""`, 5*time.Second)
			if d := time.Since(start); d > 1500*time.Millisecond {
				t.Errorf("the notice came %v after the press, want within 1.5 s", d)
			}
			if m := msg(tab); m != "正在加载简繁转换字库…" {
				t.Errorf("while the dictionary loads the widget says %q, want 正在加载简繁转换字库…", m)
			}
			if viaToolbar {
				if b := browsertest.Eval[string](tab, busy); b != "true" {
					t.Errorf("the 简/繁 control's aria-busy is %q while its dictionary loads, want true", b)
				}
				tab.Screenshot("dictionary-notice")
			}
			tab.Wait(`document.documentElement.lang === "zh-Hant"`, 10*time.Second)
			if m := msg(tab); m != "" {
				t.Errorf("the notice %q stays after the page was converted", m)
			}
			if viaToolbar {
				if b := browsertest.Eval[string](tab, busy); b != "" {
					t.Errorf("the 简/繁 control's aria-busy is %q after the conversion, want none", b)
				}
			}
			noExceptions(t, tab)
		})
	}
}

// TestPortalLinkFetchesDictionaryBesideWASM: a press of the portal's
// 繁体版 link that starts the widget fetches the dictionary while the WASM
// is still downloading, not after Go has started.
func TestPortalLinkFetchesDictionaryBesideWASM(t *testing.T) {
	setFault(t, delay(1500*time.Millisecond, ".wasm"))
	tab := page(t, "report.html")
	at := browsertest.Eval[[]float64](tab, `(() => { const r = document.querySelector("a[data-yiyue-action=traditional]").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()`)
	tab.Do(chromedp.MouseClickXY(at[0], at[1]))
	tab.Wait(`document.documentElement.lang === "zh-Hant"`, 10*time.Second)
	times := browsertest.Eval[map[string]float64](tab, `(() => {
		const e = performance.getEntriesByType("resource"), find = s => e.find(x => x.name.endsWith(s))
		const w = find(".wasm"), d = find(".dict")
		return {wasmEnd: w ? w.responseEnd : -1, dictStart: d ? d.fetchStart : -1}
	})()`)
	if times["wasmEnd"] < 0 || times["dictStart"] < 0 {
		t.Fatalf("missing requests: %v", times)
	}
	if times["dictStart"] >= times["wasmEnd"] {
		t.Errorf("the dictionary was requested at %.0f ms, after the WASM had come (%.0f ms): the two did not overlap", times["dictStart"], times["wasmEnd"])
	}
	noExceptions(t, tab)
}

// TestFailedStylesheetKeepsNoStalePlace: a reader halfway down the report
// zooms on a site's first use while the page stylesheet cannot be fetched,
// then goes back to the top of the page with the keyboard and turns on
// link marking, which fetches the stylesheet again. The page stays where
// the reader put it: the place marked before the zoom is no longer theirs.
func TestFailedStylesheetKeepsNoStalePlace(t *testing.T) {
	failPageStylesheet(t, http.StatusServiceUnavailable)
	tab := page(t, "report.html")
	frames := `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`
	browsertest.Eval[bool](tab, `(async () => {
		await yiyue.load()
		scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4)
		await `+frames+`
		await yiyue.set({zoom: 2})
		await `+frames+`
		return true
	})()`)
	if browsertest.Eval[bool](tab, `localStorage.getItem("yiyue:css") != null`) {
		t.Fatal("the page stylesheet came despite the fault")
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	tab.Do(chromedp.KeyEvent(kb.Home))
	tab.Wait(`scrollY == 0`, 5*time.Second)
	current.Lock()
	current.fault = nil
	current.Unlock()
	y := browsertest.Eval[float64](tab, `(async () => {
		await yiyue.set({links: true})
		for (let i = 0; i < 100 && !localStorage.getItem("yiyue:css"); i++) await new Promise(r => setTimeout(r, 20))
		await `+frames+`
		return scrollY
	})()`)
	if !browsertest.Eval[bool](tab, `localStorage.getItem("yiyue:css") != null`) {
		t.Fatal("the page stylesheet did not come once the fault was gone")
	}
	if y != 0 {
		t.Errorf("the page scrolled to %.0f px when the stylesheet came; the reader had gone back to the top", y)
	}
	noExceptions(t, tab)
}

// TestToolbarStylesheetBroken: a toolbar stylesheet that its SRI refuses
// (the file was changed) leaves the toolbar closed, not a row of bare
// buttons over the page; the widget says so, logs an error, and the
// other aids still work through the API.
func TestToolbarStylesheetBroken(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		name := path.Base(r.URL.Path)
		if !strings.HasPrefix(name, "toolbar.") || !strings.HasSuffix(name, ".css") {
			return false
		}
		data, err := os.ReadFile(filepath.Join(env.Dist, name))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return true
		}
		w.Header().Set("Content-Type", "text/css")
		w.Write(append(data, "\n#dock{outline:0}"...))
		return true
	})
	tab := page(t, "report.html")
	before := browsertest.Eval[string](tab, outer)
	clickLauncher(tab)
	tab.Wait(R+`.getElementById("msg").textContent !== ""`, 10*time.Second)
	if m := msg(tab); m != "无障碍工具栏：暂不可用" {
		t.Errorf("the widget says %q, want 无障碍工具栏：暂不可用", m)
	}
	if n := browsertest.Eval[int](tab, R+`.querySelectorAll("#dock button").length && [...`+R+`.querySelectorAll("#dock button")].filter(b => b.getClientRects().length).length`); n != 0 {
		t.Errorf("%d toolbar buttons show without their stylesheet", n)
	}
	if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["open"] != false {
		t.Errorf("get().open = %v after the failed open", st["open"])
	}
	if z := browsertest.Eval[float64](tab, `yiyue.set({zoom: 2}).then(s => s.zoom)`); z != 2 {
		t.Errorf("zoom through the API = %v", z)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	intact(t, tab, before)
	noExceptions(t, tab)
	if len(messages(tab, "yiyue", chromedp.ConsoleError)) == 0 {
		t.Errorf("no console error from yiyue explains the failure; console: %v", tab.Console())
	}
}

// TestToolbarOpensStyled: on a slow network the toolbar's stylesheet
// takes a while; set({open: true}) and open() resolve once the toolbar
// shows, styled, with nothing bare before.
func TestToolbarOpensStyled(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		name := path.Base(r.URL.Path)
		if strings.HasPrefix(name, "toolbar.") && strings.HasSuffix(name, ".css") {
			time.Sleep(400 * time.Millisecond)
		}
		return false
	})
	for _, call := range []string{`yiyue.set({open: true})`, `yiyue.open()`} {
		tab := page(t, "report.html")
		got := browsertest.Eval[map[string]any](tab, `(async () => {
			const r = document.getElementById("yiyue-host").shadowRoot, bare = []
			const watch = setInterval(() => { const d = r.getElementById("dock"); if (d && d.getClientRects().length && ![...r.styleSheets].some(s => /toolbar/.test(s.href || ""))) bare.push(1) }, 5)
			await `+call+`
			clearInterval(watch)
			const d = r.getElementById("dock")
			return {shown: !!d && d.getClientRects().length > 0, bare: bare.length, open: yiyue.get().open}
		})()`)
		if got["shown"] != true || got["open"] != true || got["bare"] != 0.0 {
			t.Errorf("%s on a slow network: %v; want the toolbar shown when it resolves, and never bare", call, got)
		}
		noExceptions(t, tab)
	}
}

// failPageStylesheet makes the static host answer status for the page
// stylesheet (page.<hash>.css) till the test ends.
func failPageStylesheet(t *testing.T, status int) {
	t.Helper()
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/page.") && strings.HasSuffix(r.URL.Path, ".css") {
			http.Error(w, "broken by the test", status)
			return true
		}
		return false
	})
}

// TestOtherTabsChangesWithoutWASM: a tab opened zoomed starts Go when
// another tab saves a change (runtime/tabs.js). Where the WASM cannot
// come, that tab says so once, and does not fetch it again at every
// change: its reader did not ask for it. Its page stays as it was.
func TestOtherTabsChangesWithoutWASM(t *testing.T) {
	setFault(t, suffix(http.StatusNotFound, ".wasm"))
	z := page(t, "report.html", `localStorage.setItem("yiyue:v1", '{"zoom":1.5}')`)
	z.Wait(`getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") == "1.5" && performance.getEntriesByType("resource").some(r => /runtime\.[0-9a-f]+\.js$/.test(r.name))`, 10*time.Second)
	other := page(t, "index.html")
	for _, v := range []string{`{"zoom":2}`, `{"zoom":2.5}`, `{"zoom":3}`} {
		browsertest.Eval[bool](other, `(localStorage.setItem("yiyue:v1", '`+v+`'), true)`)
		time.Sleep(300 * time.Millisecond)
	}
	// Each start that failed says so in the console, naming the file.
	if m := messages(z, "yiyue: cannot load", chromedp.ConsoleError); len(m) != 1 {
		t.Errorf("the zoomed tab tried to start %d times for other tabs' changes; want once: %q", len(m), m)
	}
	if m := msg(z); m != "无障碍工具加载失败" {
		t.Errorf("the zoomed tab says %q, want 无障碍工具加载失败", m)
	}
	if got := browsertest.Eval[string](z, `getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom")`); got != "1.5" {
		t.Errorf("the zoomed tab's zoom is %q; want its own 1.5", got)
	}
	noExceptions(t, z)
}
