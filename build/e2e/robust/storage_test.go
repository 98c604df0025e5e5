package robust

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// serveAll answers the given paths with fixed HTML for the test's
// duration.
func serveAll(t *testing.T, pages map[string]string) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		html, ok := pages[r.URL.Path]
		if !ok {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(html))
		return true
	})
}

// frameRPC lets the top page run code in a cross-origin child frame (a
// sandboxed iframe has an opaque origin): the child evaluates what the
// parent posts and posts the JSON result back.
const frameRPC = `(() => {
	if (window === top) {
		let n = 0
		window.__inFrame = js => new Promise((ok, no) => {
			const id = ++n
			addEventListener("message", function on(e) {
				if (!e.data || e.data.rpc !== id) return
				removeEventListener("message", on)
				e.data.err ? no(Error(e.data.err)) : ok(JSON.parse(e.data.v))
			})
			document.querySelector("iframe").contentWindow.postMessage({rpc: id, js}, "*")
		})
	} else {
		// What the frame says and throws, for the test to read: the top
		// page's CDP session does not see a sandboxed frame's console.
		window.__said = []
		const warn = console.warn
		console.warn = (...a) => { __said.push("warning: " + a.join(" ")); warn.apply(console, a) }
		addEventListener("error", e => __said.push("exception: " + e.message))
		addEventListener("unhandledrejection", e => __said.push("exception: " + (e.reason && e.reason.message || e.reason)))
		addEventListener("message", async e => {
			if (!e.data || !e.data.js) return
			try {
				const v = await (0, eval)(e.data.js)
				parent.postMessage({rpc: e.data.rpc, v: JSON.stringify(v === undefined ? null : v)}, "*")
			} catch (err) {
				parent.postMessage({rpc: e.data.rpc, err: String(err && err.stack || err)}, "*")
			}
		})
	}
})()`

func inFrame[T any](t *testing.T, tab *browsertest.Tab, js string) T {
	t.Helper()
	b, _ := json.Marshal(js)
	return browsertest.Eval[T](tab, `__inFrame(`+string(b)+`)`)
}

// TestSandboxedIframe: in an iframe sandboxed with allow-scripts only,
// localStorage throws. The widget loads, converts and zooms there, saves
// nothing, and throws nothing.
func TestSandboxedIframe(t *testing.T) {
	report, err := os.ReadFile(filepath.Join(env.Root, "examples", "portal", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The framed report carries the RPC in its own <head>: scripts added
	// through CDP do not reach a sandboxed frame.
	framed := strings.Replace(string(report), "<head>", "<head><script>"+frameRPC+"</script>", 1)
	serveAll(t, map[string]string{
		"/robust-sandbox.html": `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱</title><script>` + frameRPC + `</script></head>
<body><iframe sandbox="allow-scripts" src="/robust-framed.html" width="1200" height="700" title="报告"></iframe></body></html>`,
		"/robust-framed.html": framed,
	})
	tab := newTab(t)
	tab.Go("robust-sandbox.html")
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := browsertest.TryEval[bool](tab, `__inFrame("!!(window.yiyue && document.getElementById('yiyue-host'))")`)
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the widget never started in the sandboxed iframe: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !inFrame[bool](t, tab, `(() => { try { localStorage.length; return false } catch (e) { return true } })()`) {
		t.Fatal("localStorage does not throw in the sandboxed iframe; the test proves nothing")
	}
	before := inFrame[string](t, tab, outer)
	st := inFrame[map[string]any](t, tab, `yiyue.set({script: "traditional", zoom: 2, contrast: "white-on-black"})`)
	if st["script"] != "traditional" || st["zoom"] != 2.0 {
		t.Errorf("set in the sandboxed iframe: %v", st)
	}
	if l := inFrame[string](t, tab, `document.documentElement.lang`); l != "zh-Hant" {
		t.Errorf("lang %q after converting in the sandboxed iframe", l)
	}
	if n := inFrame[int](t, tab, `document.querySelectorAll("[data-yiyue-z]").length`); n == 0 {
		t.Error("zoom 2 tagged no element in the sandboxed iframe")
	}
	said := inFrame[[]string](t, tab, `__said`)
	warned := 0
	for _, m := range said {
		if strings.HasPrefix(m, "exception: ") {
			t.Errorf("uncaught in the frame: %s", m)
		}
		if strings.HasPrefix(m, "warning: yiyue: cannot save preferences") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("want one console warning that preferences cannot be saved, got %q", said)
	}
	inFrame[map[string]any](t, tab, `yiyue.reset()`)
	if after := inFrame[string](t, tab, outer); after != before {
		t.Errorf("the framed page differs after reset: %s", diffAt(before, after))
	}
	noExceptions(t, tab)
}

// TestStorageGarbage: whatever another script or an old version left under
// the widget's keys, the page loads, nothing throws, the widget works,
// and what it reports through get() is a valid State.
func TestStorageGarbage(t *testing.T) {
	for _, c := range []struct{ name, state, css string }{
		{"not JSON", `{"zoom": 2,`, `[`},
		{"array", `[1, 2, 3]`, `{"0": "x"}`},
		{"string", `"traditional"`, `"body{display:none}"`},
		{"wrong types", `{"zoom": "3", "elder": "yes", "contrast": 5, "script": null}`, `5`},
		{"out of range", `{"zoom": 50, "rate": -1, "volume": 9}`, `null`},
		{"unknown choices", `{"contrast": "pink", "script": "klingon", "variant": "xx", "reading": "loud"}`, `[]`},
		{"huge numbers", `{"zoom": 1e308}`, `["page.0000000000.css", "*{display:none!important}"]`},
		{"prototype keys", `{"__proto__": {"zoom": 3}, "constructor": 1, "toString": "x"}`, `{"__proto__": []}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := newTab(t)
			tab.Go("report.html")
			tab.Wait(`window.yiyue`, 10*time.Second)
			before := browsertest.Eval[string](tab, outer)
			b1, _ := json.Marshal(c.state)
			b2, _ := json.Marshal(c.css)
			browsertest.Eval[bool](tab, `localStorage.setItem("yiyue:v1", `+string(b1)+`), localStorage.setItem("yiyue:css", `+string(b2)+`), true`)
			tab.Go("report.html")
			tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
			validState(t, tab, "before the WASM starts")
			if vis := browsertest.Eval[bool](tab, `getComputedStyle(document.body).display !== "none" && document.body.getBoundingClientRect().height > 100`); !vis {
				t.Error("the page is not shown")
			}
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			validState(t, tab, "once the WASM runs")
			st := browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 1.25})`)
			if st["zoom"] != 1.25 {
				t.Errorf("set zoom: %v", st)
			}
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			browsertest.Eval[map[string]any](tab, `yiyue.close()`)
			intact(t, tab, before)
			noExceptions(t, tab)
		})
	}
}

// TestStorageStylesheetOverwritten: the page stylesheet kept for later
// pages, under this release's name but with its text overwritten (by a
// page's script, a browser extension), is fetched anew: the API works and
// the aids take effect. Kept as null, the API was an empty object on
// every page; as garbage, the schemes did nothing on every page.
func TestStorageStylesheetOverwritten(t *testing.T) {
	for _, v := range []string{`null`, `42`, `"}}}garbage{{{"`, `["x"]`} {
		t.Run(v, func(t *testing.T) {
			tab := newTab(t)
			tab.Go("report.html")
			tab.Wait(`window.yiyue`, 10*time.Second)
			// The kept copy's name, once a first use fetched it.
			browsertest.Eval[bool](tab, `yiyue.set({links: true}).then(async () => {
				while (!localStorage.getItem("yiyue:css")) await new Promise(r => setTimeout(r, 20))
				await yiyue.reset()
				const css = JSON.parse(localStorage.getItem("yiyue:css"))[0]
				localStorage.setItem("yiyue:css", JSON.stringify([css, `+v+`]))
				localStorage.setItem("yiyue:v1", '{"zoom":1.25}')
				return true
			})`)
			tab.Go("report.html")
			tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
			validState(t, tab, "with the kept stylesheet overwritten")
			browsertest.Eval[map[string]any](tab, `yiyue.set({contrast: "yellow-on-black"})`)
			tab.Wait(`getComputedStyle(document.body).backgroundColor == "rgb(0, 0, 0)"`, 10*time.Second)
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			noExceptions(t, tab)
		})
	}
}

// validState fails the test unless get() is a valid State.
func validState(t *testing.T, tab *browsertest.Tab, when string) {
	t.Helper()
	bad := browsertest.Eval[string](tab, `(() => {
		const s = yiyue.get(), bad = []
		const one = (k, ok) => { if (!ok) bad.push(k + "=" + JSON.stringify(s[k])) }
		one("script", ["original", "traditional", "simplified"].includes(s.script))
		one("variant", ["t", "tw", "twp", "hk"].includes(s.variant))
		one("zoom", s.zoom >= 1 && s.zoom <= 3)
		one("contrast", ["off", "yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue"].includes(s.contrast))
		one("reading", ["off", "continuous", "point"].includes(s.reading))
		one("rate", s.rate >= 0.5 && s.rate <= 2)
		one("volume", s.volume >= 0 && s.volume <= 1)
		for (const k of ["open", "elder", "cursor", "guide", "caption", "spacing", "links", "shortcuts"]) one(k, typeof s[k] == "boolean")
		return bad.join(", ")
	})()`)
	if bad != "" {
		t.Errorf("%s, get() holds invalid values: %s", when, bad)
	}
	if z := browsertest.Eval[string](tab, `document.documentElement.getAttribute("data-yiyue") || ""`); strings.Contains(z, "pink") || strings.Contains(z, "undefined") {
		t.Errorf("%s, <html data-yiyue=%q>", when, z)
	}
}

// TestScriptInHeadWithoutDefer: an old portal puts the tag in <head>
// without defer, so the loader runs before <body> exists. A returning
// reader's saved text size and elder mode still apply once the body is
// there, and the API and the launcher work.
func TestScriptInHeadWithoutDefer(t *testing.T) {
	var paras strings.Builder
	for range 200 {
		paras.WriteString("<p>横沥镇人民政府法治政府建设年度报告。</p>\n")
	}
	serveAll(t, map[string]string{"/nodefer.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>无 defer</title>
<script src="/yiyue.js"></script></head><body><p id="p">横沥镇人民政府</p>
` + paras.String() + `</body></html>`})
	tab := newTab(t, `localStorage.setItem("yiyue:v1", JSON.stringify({zoom: 2, elder: true}))`)
	tab.Go("nodefer.html")
	tab.Wait(`document.readyState == "complete"`, 10*time.Second)
	if _, err := browsertest.TryEval[bool](tab, `new Promise(r => { const t = Date.now(), f = () => typeof window.yiyue?.get == "function" && document.querySelector("#p[data-yiyue-z]") || Date.now() - t > 8000 ? r(true) : setTimeout(f, 50); f() })`); err != nil {
		t.Fatal(err)
	}
	if !browsertest.Eval[bool](tab, `!!document.querySelector("#p[data-yiyue-z]")`) {
		for _, m := range tab.Console() {
			t.Logf("console %s: %s", m.Type, m.Text)
		}
		t.Fatalf("the page's text is not tagged for zoom: %s", browsertest.Eval[string](tab, `JSON.stringify({y: typeof window.yiyue, attr: document.documentElement.getAttribute("data-yiyue"), opacity: getComputedStyle(document.body).opacity, tagged: document.querySelectorAll("[data-yiyue-z]").length, css: !!localStorage.getItem("yiyue:css")})`))
	}
	got := browsertest.Eval[map[string]any](tab, `(async () => {
		const size = () => parseFloat(getComputedStyle(document.getElementById("p")).fontSize)
		const last = () => parseFloat(getComputedStyle(document.querySelector("p:last-of-type")).fontSize)
		const zoomed = [size(), last()]
		await yiyue.reset()
		return {zoomed, plain: size(), opacity: getComputedStyle(document.body).opacity}
	})()`)
	z, plain := got["zoomed"].([]any), got["plain"].(float64)
	for i, v := range z {
		if f := v.(float64); f < plain*2-1 || f > plain*2+1 {
			t.Errorf("paragraph %d at %.1f px with zoom 2 saved, %.1f px without: want twice", i, f, plain)
		}
	}
	if got["opacity"] != "1" {
		t.Errorf("the body's opacity is %v, want 1", got["opacity"])
	}
	noExceptions(t, tab)
}

// TestRuntimeBeforeBody: a page whose server sends its <head> at once and
// its body seconds later (a slow back end), with the tag in <head> without
// defer. A returning reader's saved choices, or the site's own set() in
// <head>, start the runtime before the body exists: the runtime threw as
// it ran, Go stopped, and every call failed with "Go program has already
// exited". The widget works once the body comes.
func TestRuntimeBeforeBody(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/slowbody.html" {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>慢页面</title>
<script src="/yiyue.js"></script>
<script>window.__r = yiyue.set({contrast: "white-on-black"}).then(s => "resolved " + s.contrast, e => "rejected " + e.message)</script>`))
		w.(http.Flusher).Flush()
		// Long enough for the runtime to come first.
		select {
		case <-time.After(1500 * time.Millisecond):
		case <-r.Context().Done():
			return true
		}
		w.Write([]byte(`</head><body><p id="p">横沥镇人民政府法治政府建设年度报告</p></body></html>`))
		return true
	})
	tab := newTab(t, `localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional", zoom: 2, guide: true}))`)
	tab.Go("slowbody.html")
	tab.Wait(`document.readyState == "complete"`, 10*time.Second)
	if r := browsertest.Eval[string](tab, `__r`); r != "resolved white-on-black" {
		t.Errorf("set() in <head>: %s", r)
	}
	got := browsertest.Eval[map[string]any](tab, `yiyue.set({links: true}).then(s => ({links: s.links, text: document.getElementById("p").textContent, size: parseFloat(getComputedStyle(document.getElementById("p")).fontSize)}), e => ({err: e.message}))`)
	if got["links"] != true || got["text"] != "橫瀝鎮人民政府法治政府建設年度報告" {
		t.Errorf("after the body came: %v; want links on and the text in 繁體", got)
	}
	if s, _ := got["size"].(float64); s < 28 {
		t.Errorf("the text is %v px with zoom 2 saved", got["size"])
	}
	noExceptions(t, tab)
}

// TestSavedScriptOnCMSLang: a CMS writes its Traditional pages'
// lang as zh_TW. A reader who chose 繁體 opens one: its lang names the
// script chosen, so the page is shown at once and nothing starts (the
// loader took zh_TW for Simplified, hid the page and started the WASM
// to find that out), and the launcher speaks 繁體.
func TestSavedScriptOnCMSLang(t *testing.T) {
	serveAll(t, map[string]string{"/zh_tw.html": `<!doctype html><html lang="zh_TW"><head><meta charset="utf-8"><title>繁體頁面</title>
<script src="/yiyue.js" defer></script></head><body><p>橫瀝鎮人民政府二〇二〇年法治政府建設年度報告。</p></body></html>`})
	tab := newTab(t, `localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional"}))`)
	tab.Go("zh_tw.html")
	tab.Wait(`window.yiyue && document.readyState == "complete"`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	got := browsertest.Eval[map[string]any](tab, `({
		wasm: performance.getEntriesByType("resource").some(e => e.name.endsWith(".wasm")),
		launcher: `+R+`.getElementById("launcher").textContent,
	})`)
	if got["wasm"] != false {
		t.Error("a page whose lang is zh_TW started the WASM for a saved 繁體")
	}
	if got["launcher"] != "無障礙" {
		t.Errorf("the launcher says %v on a zh_TW page, want 無障礙", got["launcher"])
	}
	noExceptions(t, tab)
}
