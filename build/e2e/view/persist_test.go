package view

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// firstFrameJS runs before any page script: it records what the first
// animation frame and DOMContentLoaded see, and adds up layout shifts.
const firstFrameJS = `(() => {
	const look = () => {
		const p = document.querySelector(".article-body p")
		return {
			attr: document.documentElement.getAttribute("data-yiyue") || "",
			size: p ? getComputedStyle(p).fontSize : "",
			ground: document.body ? getComputedStyle(document.body).backgroundColor : "",
		}
	}
	window.__seen = {cls: 0, shifts: []}
	requestAnimationFrame(() => { window.__seen.frame = look() })
	document.addEventListener("DOMContentLoaded", () => { window.__seen.dcl = look() })
	new PerformanceObserver(l => {
		for (const e of l.getEntries()) if (!e.hadRecentInput) {
			window.__seen.cls += e.value
			window.__seen.shifts.push(e.value.toFixed(4) + " " + e.sources.map(s => s.node ? s.node.nodeName + "." + (s.node.className || "") : "?").join(","))
		}
	}).observe({type: "layout-shift", buffered: true})
})()`

type look struct {
	Attr   string `json:"attr"`
	Size   string `json:"size"`
	Ground string `json:"ground"`
}

type seen struct {
	Frame  *look    `json:"frame"`
	DCL    *look    `json:"dcl"`
	CLS    float64  `json:"cls"`
	Shifts []string `json:"shifts"`
}

// TestSavedPrefsWithoutFlash: zoom 2 and yellow-on-black saved on one
// page are already applied at DOMContentLoaded and in the first frame of
// the next page, and the widget shifts no layout (CLS 0.01 at most).
func TestSavedPrefsWithoutFlash(t *testing.T) {
	tab := open(t, 1280, 800, "index.html")
	set(tab, `{zoom: 2, contrast: "yellow-on-black"}`)
	saved := browsertest.Eval[string](tab, `localStorage.getItem("yiyue:v1")`)
	var prefs map[string]any
	if err := json.Unmarshal([]byte(saved), &prefs); err != nil || prefs["zoom"] != 2.0 || prefs["contrast"] != "yellow-on-black" {
		t.Fatalf("saved preferences %q", saved)
	}
	if _, err := chromedp.Call(tab.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstFrameJS}); err != nil {
		t.Fatal(err)
	}
	tab.Go("report.html")
	tab.Wait(`window.__seen && window.__seen.dcl && window.__seen.frame`, 10*time.Second)
	// Let late work (fonts, images, observers) show any shift it causes.
	tab.Do(chromedp.Sleep(1500 * time.Millisecond))
	var s seen
	if err := json.Unmarshal([]byte(browsertest.Eval[string](tab, `JSON.stringify(window.__seen)`)), &s); err != nil {
		t.Fatal(err)
	}
	want := look{Attr: "zoom yellow-on-black", Size: "32px", Ground: "rgb(0, 0, 0)"}
	if *s.DCL != want {
		t.Errorf("at DOMContentLoaded: %+v, want %+v", *s.DCL, want)
	}
	// The first frame may come before the article is parsed; what it
	// shows must already be in the saved scheme.
	if s.Frame.Attr != want.Attr || (s.Frame.Size != "" && s.Frame.Size != want.Size) || (s.Frame.Ground != "" && s.Frame.Ground != want.Ground) {
		t.Errorf("first frame: %+v, want %+v", *s.Frame, want)
	}
	if s.CLS > 0.01 {
		t.Errorf("cumulative layout shift %.4f, want 0.01 at most: %v", s.CLS, s.Shifts)
	}
	tab.Screenshot("persist-report-zoom2-yellow-on-black")
}

// TestResetRestoresDOM: after every aid at once, reset() gives back the
// page's DOM exactly, and so does turning each aid off on its own.
func TestResetRestoresDOM(t *testing.T) {
	for _, pg := range pages {
		t.Run(shotName(pg), func(t *testing.T) {
			tab := open(t, 1280, 800, pg)
			orig := browsertest.Eval[string](tab, pageHTML)
			sheets := browsertest.Eval[int](tab, `document.adoptedStyleSheets.length`)
			check := func(what string) {
				t.Helper()
				browsertest.Eval[bool](tab, `__view.frame().then(() => __view.frame()).then(() => true)`)
				if now := browsertest.Eval[string](tab, pageHTML); now != orig {
					t.Errorf("%s: the DOM differs from the original (%d vs %d bytes)", what, len(now), len(orig))
				}
				if n := browsertest.Eval[int](tab, `document.adoptedStyleSheets.length`); n != sheets {
					t.Errorf("%s: %d adopted stylesheets, want %d", what, n, sheets)
				}
			}
			set(tab, `{zoom: 3, contrast: "black-on-yellow", elder: true, spacing: true, links: true, cursor: true, guide: true, caption: true}`)
			browsertest.Eval[bool](tab, `yiyue.reset().then(() => true)`)
			check("reset()")
			for _, p := range [][2]string{
				{`{zoom: 2.5}`, `{zoom: 1}`},
				{`{contrast: "white-on-black"}`, `{contrast: "off"}`},
				{`{elder: true}`, `{elder: false}`},
				{`{spacing: true}`, `{spacing: false}`},
				{`{links: true}`, `{links: false}`},
				{`{cursor: true}`, `{cursor: false}`},
				{`{guide: true}`, `{guide: false}`},
				{`{caption: true}`, `{caption: false}`},
			} {
				set(tab, p[0])
				set(tab, p[1])
				check(p[0] + " then " + p[1])
			}
		})
	}
}

// TestSavedZoomStartsNoGo: a page opened with a saved zoom gets the second
// pass's fixes from the runtime script, which it loads without starting Go:
// no WASM is fetched, Go's glue leaves no globals, and the page, hidden
// until the fixes are in, is shown.
func TestSavedZoomStartsNoGo(t *testing.T) {
	tab := open(t, 1280, 800, "index.html")
	set(tab, `{zoom: 2}`)
	seen := len(tab.Requests())
	tab.Go("report.html")
	tab.Wait(`document.readyState == "complete" && document.querySelector("[data-yiyue-fix]") != null`, 10*time.Second)
	tab.Do(chromedp.Sleep(300 * time.Millisecond))
	for _, u := range tab.Requests()[seen:] {
		if strings.HasSuffix(u, ".wasm") {
			t.Errorf("the page with a saved zoom fetched the WASM: %s", u)
		}
	}
	if got := browsertest.Eval[string](tab, `["Go", "process", "path"].filter(k => k in window).join()`); got != "" {
		t.Errorf("globals of Go's glue on the page: %s", got)
	}
	if v := browsertest.Eval[string](tab, `getComputedStyle(document.body).opacity`); v != "1" {
		t.Errorf("the page's opacity is %s, want 1: it is not shown", v)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("[data-yiyue-fix]").length`); n == 0 {
		t.Error("no box was fixed at 200 %")
	}
}
