package core

import (
	"fmt"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// Saved preferences apply on the next page before DOMContentLoaded, with no
// WASM needed for view-only preferences.
func TestSavedPreferencesApplyBeforeDOMContentLoaded(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2, contrast: "yellow-on-black"})`)
	tab.Wait(`getComputedStyle(document.body).backgroundColor === "rgb(0, 0, 0)"`, 5*time.Second)
	// Record what the next page looks like at DOMContentLoaded.
	browsertest.Eval[bool](tab, `(() => { sessionStorage.clear(); return true })()`)
	tab.OnNewDocument(`document.addEventListener("DOMContentLoaded", () => {
		const p = document.querySelector("main p, article p, p");
		sessionStorage.setItem("dcl", JSON.stringify({bg: getComputedStyle(document.body).backgroundColor, size: parseFloat(getComputedStyle(p).fontSize), wasm: performance.getEntriesByType("resource").some(e => e.name.endsWith(".wasm"))}))
	})`)
	tab.Go("report.html")
	got := browsertest.Eval[map[string]any](tab, `JSON.parse(sessionStorage.getItem("dcl"))`)
	if got["bg"] != "rgb(0, 0, 0)" {
		t.Errorf("at DOMContentLoaded the body background is %v, want black", got["bg"])
	}
	if size, _ := got["size"].(float64); size < 27 {
		t.Errorf("at DOMContentLoaded paragraph text is %vpx; want about 2× the page's 14–16px", got["size"])
	}
	if got["wasm"] == true {
		t.Error("view-only preferences loaded the WASM")
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
}

// TestResetBeforeStart: reset() before the WASM has started (a page with
// nothing saved, or with only view choices saved) fires yiyue:change only
// if something changed, as it does once Go runs; it fired one for a page
// already at the defaults. Neither starts the WASM.
func TestResetBeforeStart(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	const resetJS = `(async () => {
		let n = 0
		document.addEventListener("yiyue:change", () => n++)
		const s = await yiyue.reset()
		await new Promise(r => setTimeout(r, 50))
		return [n, s.zoom, performance.getEntriesByType("resource").some(e => e.name.endsWith(".wasm")) ? 1 : 0]
	})()`
	if got := browsertest.Eval[[]float64](tab, resetJS); got[0] != 0 || got[2] != 0 {
		t.Errorf("reset() at the defaults fired %v yiyue:change (want 0); WASM loaded: %v", got[0], got[2] == 1)
	}
	browsertest.Eval[bool](tab, `(localStorage.setItem("yiyue:v1", JSON.stringify({zoom: 2})), true)`)
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	if got := browsertest.Eval[[]float64](tab, resetJS); got[0] != 1 || got[1] != 1 || got[2] != 0 {
		t.Errorf("reset() at 200 %% fired %v yiyue:change (want 1) and left zoom %v (want 1); WASM loaded: %v", got[0], got[1], got[2] == 1)
	}
	browsertest.Eval[bool](tab, `(localStorage.clear(), true)`)
}

// TestCallsBeforeStartKeepOrder: reset() and close() made while the WASM
// is still coming, after a set() or an open() that waits for it, come
// after them, as calls do once it runs. A reset() took effect at once and
// the set() made before it won; a close() resolved while the toolbar
// opened after it.
func TestCallsBeforeStartKeepOrder(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	got := browsertest.Eval[map[string]any](tab, `(async () => {
		const r = await Promise.all([yiyue.set({zoom: 2}), yiyue.reset()])
		await new Promise(r => setTimeout(r, 50))
		return {reset: r[1].zoom, zoom: yiyue.get().zoom}
	})()`)
	if got["reset"] != 1.0 || got["zoom"] != 1.0 {
		t.Errorf("set({zoom: 2}) then reset(): reset() resolved with zoom %v and the page is at %v; want 1 and 1", got["reset"], got["zoom"])
	}
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	got = browsertest.Eval[map[string]any](tab, `(async () => {
		const o = await Promise.all([yiyue.open(), yiyue.close()])
		await new Promise(r => setTimeout(r, 50))
		return {close: o[1].open, open: yiyue.get().open}
	})()`)
	if got["close"] != false || got["open"] != false {
		t.Errorf("open() then close(): close() resolved with open %v and the toolbar is open: %v; want false and false", got["close"], got["open"])
	}
}

// TestTabsKeepOneAnothersChoices: portals open links in new tabs, and a
// reader changes the widget in one tab, then in another opened before.
// The older tab saved its whole state over the newer choices (the next
// page lost 200 %); now it saves only what it changed. A tab whose
// runtime is loaded takes another's choices as they are saved, all but
// whether its toolbar is open.
func TestTabsKeepOneAnothersChoices(t *testing.T) {
	a, b := env.Tab(t), env.Tab(t)
	for _, tab := range []*browsertest.Tab{a, b} {
		tab.Go("report.html")
		tab.Wait(`window.yiyue`, 5*time.Second)
	}
	browsertest.Eval[bool](a, `(localStorage.removeItem("yiyue:v1"), true)`)
	t.Cleanup(func() { browsertest.TryEval[bool](a, `(localStorage.removeItem("yiyue:v1"), true)`) })
	browsertest.Eval[map[string]any](a, `yiyue.set({zoom: 2, open: true})`)
	// b loaded before a's change; its first change starts its runtime.
	browsertest.Eval[map[string]any](b, `yiyue.set({contrast: "yellow-on-black"})`)
	b.Wait(`(s => s && s.zoom == 2 && s.contrast == "yellow-on-black")(JSON.parse(localStorage.getItem("yiyue:v1")))`, 3*time.Second)
	// a, its runtime loaded, takes b's scheme, and keeps its zoom and its
	// open toolbar.
	a.Wait(`(s => s.contrast == "yellow-on-black" && s.zoom == 2 && s.open)(yiyue.get())`, 3*time.Second)
	a.Wait(`getComputedStyle(document.body).backgroundColor == "rgb(0, 0, 0)"`, 3*time.Second)
	// Changes back to back in one: the other takes them and saves none of
	// them again, so no late copy brings the first back (a tab that saved
	// what it took sent a's 150 % back to it after its 175 %).
	browsertest.Eval[bool](a, `(async () => {
		for (const z of [1.5, 2.5, 1.75]) await yiyue.set({zoom: z})
		await new Promise(r => setTimeout(r, 1000))
		return true
	})()`)
	for _, tab := range []*browsertest.Tab{a, b} {
		if got := browsertest.Eval[float64](tab, `yiyue.get().zoom`); got != 1.75 {
			t.Errorf("after three zooms back to back in one tab, a tab has zoom %g; want 1.75", got)
		}
	}
	if got := browsertest.Eval[float64](a, `JSON.parse(localStorage.getItem("yiyue:v1")).zoom`); got != 1.75 {
		t.Errorf("after three zooms back to back, the saved zoom is %g; want 1.75", got)
	}
	// A reset in one is a reset in the other.
	browsertest.Eval[map[string]any](b, `yiyue.reset()`)
	a.Wait(`(s => s.contrast == "off" && s.zoom == 1)(yiyue.get())`, 3*time.Second)
	if got := browsertest.Eval[string](a, `String(localStorage.getItem("yiyue:v1"))`); got != "null" {
		t.Errorf("after a reset the saved choices are %s; want none", got)
	}
}

// TestPageKeptFromBeforeTakesNewerChoices: a page shows the choices it
// was opened with till its widget is in use, and another page may save
// newer ones meanwhile: the page the browser keeps when the reader goes
// on in the same tab and comes back (its back-forward cache), or a tab
// opened before. The reader's first press there starts from the newer
// choices, and saves none of the old ones over them: before, 放大文字 on
// the list the reader came back to from a 200 % article saved 125 %. A
// page opened zoomed (its runtime there, Go not started) follows another
// tab's change at once, and so does one kept from before as it comes
// back; before, each kept its old size.
func TestPageKeptFromBeforeTakesNewerChoices(t *testing.T) {
	const saved = `(s => s && s.zoom)(JSON.parse(localStorage.getItem("yiyue:v1")))`
	// press opens the toolbar and presses 放大文字 in it.
	press := func(tab *browsertest.Tab) {
		t.Helper()
		browsertest.Eval[map[string]any](tab, `yiyue.open()`)
		if !browsertest.Eval[bool](tab, `(b => (b.click(), b.textContent.includes("放大文字") || b.ariaLabel == "放大文字"))(yiyue._b.root.querySelector('[data-id="zoom-in"]'))`) {
			t.Fatal("the toolbar's zoom-in button is not named 放大文字")
		}
		tab.Wait(`yiyue.get().zoom != 1`, 3*time.Second)
	}
	check := func(tab *browsertest.Tab, where string) {
		t.Helper()
		got := browsertest.Eval[[]any](tab, `[yiyue.get().zoom, getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom"), `+saved+`]`)
		if fmt.Sprint(got) != "[2.5 2.5 2.5]" {
			t.Errorf("%s, 200 %% saved meanwhile, 放大文字: zoom, zoom shown and zoom saved %v; want 2.5 each", where, got)
		}
	}

	tab := env.Tab(t)
	tab.Go("index.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	t.Cleanup(func() { browsertest.TryEval[bool](tab, `(localStorage.removeItem("yiyue:v1"), true)`) })
	if browsertest.Eval[bool](tab, `(() => { const had = localStorage.getItem("yiyue:v1") != null; localStorage.removeItem("yiyue:v1"); return had })()`) {
		tab.Go("index.html")
		tab.Wait(`window.yiyue`, 5*time.Second)
	}
	browsertest.Eval[bool](tab, `(window.__kept = 1, location.href = "report.html", true)`)
	tab.Wait(`location.pathname.endsWith("report.html") && window.yiyue && document.readyState == "complete"`, 5*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2})`)
	tab.Wait(saved+` == 2`, 3*time.Second)
	browsertest.Eval[bool](tab, `(history.back(), true)`)
	// Kept, not loaded again: what its script set is still there.
	tab.Wait(`window.__kept == 1 && document.readyState == "complete"`, 5*time.Second)
	if got := browsertest.Eval[float64](tab, `yiyue.get().zoom`); got != 1 {
		t.Fatalf("the page kept from before shows zoom %g before use; this test expects the 100 %% it was opened with (README: Choices across the site's tabs)", got)
	}
	press(tab)
	check(tab, "back on a page kept from before")

	// A tab opened before another's change, with nothing saved.
	browsertest.Eval[bool](tab, `(localStorage.removeItem("yiyue:v1"), true)`)
	a, b := env.Tab(t), env.Tab(t)
	a.Go("index.html")
	a.Wait(`window.yiyue`, 5*time.Second)
	b.Go("report.html")
	b.Wait(`window.yiyue`, 5*time.Second)
	browsertest.Eval[map[string]any](b, `yiyue.set({zoom: 2})`)
	b.Wait(saved+` == 2`, 3*time.Second)
	if got := browsertest.Eval[float64](a, `yiyue.get().zoom`); got != 1 {
		t.Fatalf("a tab opened before shows zoom %g before use; this test expects the 100 %% it was opened with", got)
	}
	press(a)
	check(a, "in a tab opened before")

	// A tab opened zoomed has the runtime script (text zoom's second pass)
	// but not Go: it follows another tab's change at once, without a press.
	browsertest.Eval[bool](a, `(localStorage.setItem("yiyue:v1", '{"zoom":1.5}'), true)`)
	z := env.Tab(t)
	z.Go("report.html")
	z.Wait(`window.yiyue && getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") == "1.5" && performance.getEntriesByType("resource").some(r => /runtime\.[0-9a-f]+\.js$/.test(r.name))`, 5*time.Second)
	if n := len(wasmRequests(z)); n != 0 {
		t.Fatalf("a page opened at 150 %% fetched the WASM %d times before use; this test expects none", n)
	}
	browsertest.Eval[map[string]any](b, `yiyue.set({zoom: 2})`)
	z.Wait(`yiyue.get().zoom == 2 && getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") == "2"`, 5*time.Second)

	// So does such a page kept from before, as the reader comes back to it.
	browsertest.Eval[bool](a, `(localStorage.setItem("yiyue:v1", '{"zoom":1.5}'), true)`)
	y := env.Tab(t)
	y.Go("index.html")
	y.Wait(`window.yiyue && getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") == "1.5"`, 5*time.Second)
	browsertest.Eval[bool](y, `(window.__kept = 1, location.href = "report.html", true)`)
	y.Wait(`location.pathname.endsWith("report.html") && window.yiyue && document.readyState == "complete"`, 5*time.Second)
	browsertest.Eval[map[string]any](y, `yiyue.set({zoom: 2.5})`)
	y.Wait(saved+` == 2.5`, 3*time.Second)
	browsertest.Eval[bool](y, `(history.back(), true)`)
	y.Wait(`window.__kept == 1`, 5*time.Second)
	y.Wait(`yiyue.get().zoom == 2.5 && getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") == "2.5"`, 5*time.Second)
}
