// Package core holds the foundation's browser tests: the one-tag loader,
// lazy WASM loading, the JS API contract and the toolbar's keyboard basics.
package core

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var env *browsertest.Env

func TestMain(m *testing.M) { browsertest.Main(m, &env, browsertest.Options{}) }

func wasmRequests(tab *browsertest.Tab) []string {
	var out []string
	for _, u := range tab.Requests() {
		if strings.HasSuffix(u, ".wasm") {
			out = append(out, u)
		}
	}
	return out
}

func TestLauncherShowsWithoutLoadingWASM(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 5*time.Second)
	name := browsertest.Eval[string](tab, `document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").textContent`)
	if name != "无障碍" {
		t.Errorf("launcher name = %q, want 无障碍 on a zh-CN page", name)
	}
	visible := browsertest.Eval[bool](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").getBoundingClientRect(); return r.width >= 44 && r.height >= 44 && r.bottom <= innerHeight && r.right <= innerWidth })()`)
	if !visible {
		t.Error("launcher is not a visible 44×44 target inside the viewport")
	}
	time.Sleep(300 * time.Millisecond)
	if w := wasmRequests(tab); len(w) > 0 {
		t.Errorf("WASM requested before the launcher was used: %v", w)
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if got := browsertest.Eval[bool](tab, `yiyue.get().open === false`); !got {
		t.Error("get().open should be false before the toolbar opens")
	}
}

func TestOpeningLoadsWASMAndShowsToolbar(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").click()`))
	tab.Wait(`yiyue.get().open === true`, 10*time.Second)
	if len(wasmRequests(tab)) != 1 {
		t.Errorf("want one WASM request after opening, got %v", wasmRequests(tab))
	}
	shown := browsertest.Eval[bool](tab, `(() => { const p = document.getElementById("yiyue-host").shadowRoot.getElementById("panel"); return !!p && !p.hidden && p.getBoundingClientRect().height > 0 && p.getAttribute("role") === "toolbar" && !!p.getAttribute("aria-label") })()`)
	if !shown {
		t.Error("the toolbar is not shown, or not a labelled toolbar")
	}
	if exp := browsertest.Eval[string](tab, `document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("launcher aria-expanded = %q after opening", exp)
	}
	unnamed := browsertest.Eval[int](tab, `[...document.getElementById("yiyue-host").shadowRoot.querySelectorAll("button, select")].filter(b => !(b.textContent.trim() || b.labels?.[0]?.textContent.trim() || b.getAttribute("aria-label"))).length`)
	if unnamed != 0 {
		t.Errorf("%d toolbar controls have no accessible name", unnamed)
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

func TestSetRejectsUnknownFieldAndBadValues(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	for _, c := range []struct{ patch, name string }{
		{`{nonsense: 1}`, "nonsense"},
		{`{zoom: 7}`, "zoom"},
		{`{contrast: "pink"}`, "contrast"},
		{`{elder: "yes"}`, "elder"},
		{`{zoom: 2, bogus: true}`, "bogus"},
	} {
		msg := browsertest.Eval[string](tab, `yiyue.set(`+c.patch+`).then(() => "resolved", e => (e instanceof Error ? "Error: " : "not an Error: ") + e.message)`)
		if !strings.HasPrefix(msg, "Error: ") || !strings.Contains(msg, c.name) {
			t.Errorf("set(%s) gave %q; want a rejected Error naming %q", c.patch, msg, c.name)
		}
	}
	if z := browsertest.Eval[float64](tab, `yiyue.get().zoom`); z != 1 {
		t.Errorf("a rejected patch changed zoom to %v", z)
	}
}

func TestSetChangesStateAndFiresEvent(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	got := browsertest.Eval[map[string]any](tab, `new Promise(ok => {
		document.addEventListener("yiyue:change", e => ok({detail: e.detail.contrast, state: yiyue.get().contrast}), {once: true})
		yiyue.set({contrast: "yellow-on-black"})
	})`)
	if got["detail"] != "yellow-on-black" || got["state"] != "yellow-on-black" {
		t.Errorf("yiyue:change detail/state = %v", got)
	}
	st := browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	if st["contrast"] != "off" {
		t.Errorf("reset() resolved with contrast %v", st["contrast"])
	}
}

func TestKeyboardOpensAndEscReturnsFocus(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	// Tab through the page until the launcher has focus.
	reached := false
	for i := 0; i < 200 && !reached; i++ {
		tab.Do(chromedp.KeyEvent(kb.Tab))
		reached = browsertest.Eval[bool](tab, `document.activeElement?.id === "yiyue-host" && document.getElementById("yiyue-host").shadowRoot.activeElement?.id === "launcher"`)
	}
	if !reached {
		t.Fatal("Tab never reached the launcher")
	}
	tab.Do(chromedp.KeyEvent(kb.Enter))
	tab.Wait(`yiyue.get().open === true`, 10*time.Second)
	tab.Wait(`document.getElementById("yiyue-host").shadowRoot.activeElement?.closest("#panel")`, 2*time.Second)
	tab.Do(chromedp.KeyEvent(kb.Escape))
	tab.Wait(`yiyue.get().open === false`, 5*time.Second)
	tab.Wait(`document.getElementById("yiyue-host").shadowRoot.activeElement?.id === "launcher"`, 2*time.Second)
	if hidden := browsertest.Eval[bool](tab, `document.getElementById("yiyue-host").shadowRoot.getElementById("panel").hidden`); !hidden {
		t.Error("Esc did not hide the toolbar")
	}
}

// TestOpenCloseResolveWithState: open() and close() resolve with the State,
// as set() and reset() do, whether or not the widget has started: a
// close() before the first use resolved with nothing. Neither close()
// loads the WASM.
func TestOpenCloseResolveWithState(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	got := browsertest.Eval[string](tab, `(async () => {
		const open = s => s && typeof s == "object" ? String(s.open) : "not a State: " + s
		const r = [open(await yiyue.close())]
		r.push(performance.getEntriesByType("resource").some(e => e.name.endsWith(".wasm")) ? "loaded" : "not loaded")
		r.push(open(await yiyue.open()), open(await yiyue.close()))
		return r.join(" ")
	})()`)
	if got != "false not loaded true false" {
		t.Errorf("close() before start, then open() and close(): %q; want %q", got, "false not loaded true false")
	}
}
