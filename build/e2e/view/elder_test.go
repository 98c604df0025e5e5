package view

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// TestElderLauncher: on a page opened with the elder mode saved, the
// launcher is a target of at least 60×60 CSS px before the reader opens
// the toolbar (whose stylesheet comes with it), and 48 px again once the
// mode is off.
func TestElderLauncher(t *testing.T) {
	for _, vp := range viewports {
		tab := open(t, vp.w, vp.h, "report.html")
		set(tab, `{elder: true}`)
		tab.Go("report.html")
		ready(tab)
		const root = `document.getElementById("yiyue-host").shadowRoot`
		// The runtime's aids are there: the caption bar.
		tab.Wait(root+`.querySelector(".yiyue-caption")`, 10*time.Second)
		size := func() []float64 {
			return browsertest.Eval[[]float64](tab, `(() => { const r = `+root+`.getElementById("launcher").getBoundingClientRect(); return [r.width, r.height] })()`)
		}
		if browsertest.Eval[bool](tab, root+`.getElementById("dock") != null && !`+root+`.getElementById("dock").hidden`) {
			t.Fatalf("%s: the toolbar is open; the test needs it shut", vp.name)
		}
		if s := size(); s[0] < 60 || s[1] < 60 {
			tab.ScreenshotView(shotName("elder-launcher", vp.name))
			t.Errorf("%s: with the elder mode on, the launcher is %.0f×%.0f px; want 60×60 or more", vp.name, s[0], s[1])
		}
		set(tab, `{elder: false}`)
		if s := size(); s[1] >= 60 {
			t.Errorf("%s: with the elder mode off, the launcher is still %.0f px tall", vp.name, s[1])
		}
	}
}

// TestElderLayout: the one elder switch gives 150 % text with WCAG 1.4.12
// spacing (line height 1.5, paragraphs 2× apart, letters 0.12em, words
// 0.16em), and the page still neither clips, scrolls sideways nor
// overlaps, on both pages and viewports.
func TestElderLayout(t *testing.T) {
	for _, page := range append(pages, "legacy.html") {
		for _, vp := range viewports {
			t.Run(shotName(page, vp.name), func(t *testing.T) {
				tab := open(t, vp.w, vp.h, page)
				snapBefore(tab)
				set(tab, `{elder: true}`)
				// The runtime aids load with the WASM; wait for them so that
				// the measurement sees the final page.
				tab.Wait(`document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide")`, 15*time.Second)
				r := compare(tab, 1.5)
				for _, b := range r.Bad {
					t.Errorf("elder: %s", b)
				}
				var sp []string
				raw := browsertest.Eval[string](tab, `JSON.stringify(__view.texts().map(t => t.parentElement).filter((e, i, a) => a.indexOf(e) == i).flatMap(e => {
					const cs = getComputedStyle(e), fs = parseFloat(cs.fontSize), out = []
					const lh = cs.lineHeight == "normal" ? 0 : parseFloat(cs.lineHeight)
					if (lh < 1.5 * fs - 0.5) out.push("line-height " + cs.lineHeight + " at " + cs.fontSize)
					if (parseFloat(cs.letterSpacing) < 0.12 * fs - 0.1) out.push("letter-spacing " + cs.letterSpacing + " at " + cs.fontSize)
					if (parseFloat(cs.wordSpacing) < 0.16 * fs - 0.1) out.push("word-spacing " + cs.wordSpacing + " at " + cs.fontSize)
					if (e.tagName == "P" && parseFloat(cs.marginBottom) < 2 * fs - 0.5) out.push("paragraph spacing " + cs.marginBottom + " at " + cs.fontSize)
					return out.map(s => e.tagName.toLowerCase() + "." + e.className + ": " + s)
				}))`)
				if err := json.Unmarshal([]byte(raw), &sp); err != nil {
					t.Fatal(err)
				}
				for i, s := range sp {
					if i == 10 {
						t.Errorf("… and %d more", len(sp)-10)
						break
					}
					t.Errorf("elder spacing: %s", s)
				}
				tab.Screenshot(shotName("elder", page, vp.name))
			})
		}
	}
}

type aidsState struct {
	Guide, Caption  bool
	GuideTop        float64
	GuideBottom     float64
	CaptionText     string
	CaptionSize     float64
	CaptionRatio    float64
	CaptionHidden   string
	GuideHidden     string
	BodyCursor      string
	LinkCursor      string
	LauncherCursor  string
	ToolbarZoom     string
	DocumentSheets  int
	ShadowSheets    int
	HTMLHasSpacing  bool
	CaptionFixedBot bool
}

func aids(tab *browsertest.Tab) aidsState {
	tab.T.Helper()
	raw := browsertest.Eval[string](tab, `JSON.stringify((() => {
		const host = document.getElementById("yiyue-host"), root = host.shadowRoot
		const g = root.querySelector(".yiyue-guide"), c = root.querySelector(".yiyue-caption")
		const lum = s => { const m = s.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] }
		const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
		const gr = g && g.getBoundingClientRect(), cr = c && c.getBoundingClientRect(), cs = c && getComputedStyle(c)
		return {
			Guide: !!g, Caption: !!c,
			GuideTop: gr ? gr.top : 0, GuideBottom: gr ? gr.bottom : 0,
			CaptionText: c ? c.textContent : "",
			CaptionSize: cs ? parseFloat(cs.fontSize) : 0,
			CaptionRatio: cs ? ratio(cs.color, cs.backgroundColor) : 0,
			CaptionHidden: c ? c.getAttribute("aria-hidden") || "" : "",
			GuideHidden: g ? g.getAttribute("aria-hidden") || "" : "",
			CaptionFixedBot: !!cr && cs.position == "fixed" && Math.abs(cr.bottom - innerHeight) < 1,
			BodyCursor: getComputedStyle(document.querySelector(".article-body p, p")).cursor,
			LinkCursor: getComputedStyle(document.querySelector("a[href]")).cursor,
			LauncherCursor: getComputedStyle(root.querySelector("#launcher")).cursor,
			ToolbarZoom: getComputedStyle(host).getPropertyValue("--yiyue-zoom").trim(),
			DocumentSheets: document.adoptedStyleSheets.length,
			ShadowSheets: root.adoptedStyleSheets.length,
		}
	})())`)
	var s aidsState
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		tab.T.Fatal(err)
	}
	return s
}

func moveMouse(tab *browsertest.Tab, x, y float64) {
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y}); err != nil {
		tab.T.Fatalf("move the mouse: %v", err)
	}
}

// cursorSize reads the width of the SVG cursor in a computed cursor value.
func cursorSize(cursor string) int {
	i := strings.Index(cursor, "width='")
	if i < 0 {
		i = strings.Index(cursor, `width=\"`)
		if i < 0 {
			return 0
		}
		i++
	}
	var n int
	fmt.Sscanf(cursor[i+len("width='"):], "%d", &n)
	return n
}

// TestElderAids: the reading guide follows the pointer and keyboard
// focus, the caption bar shows the text under the pointer or focus at
// 40px or more in 7:1 contrast, the cursors are 48px or more, the toolbar
// is told the zoom, and switching off leaves nothing behind.
func TestElderAids(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	// With reduced motion the guide jumps to the pointer, without a
	// transition; the test checks that, and gets a settled position.
	tab.EmulateMedia("", "prefers-reduced-motion", "reduce")
	before := aids(tab)
	html := browsertest.Eval[string](tab, pageHTML)
	// The guide and the bar are styled as they appear: their sheets come
	// with the runtime (a <link> in the shadow root would leave them in the
	// toolbar's flow until it loaded). Read when the change is on the page,
	// after the runtime's own listener has put them there.
	if got := browsertest.Eval[string](tab, `yiyue.load().then(() => new Promise(ok => {
		document.addEventListener("yiyue:change", () => {
			const r = document.getElementById("yiyue-host").shadowRoot, g = r.querySelector(".yiyue-guide"), c = r.querySelector(".yiyue-caption")
			ok(g && c ? getComputedStyle(g).position + " " + getComputedStyle(c).position + " " + getComputedStyle(g).visibility : "missing")
		}, {once: true})
		yiyue.set({elder: true})
	}))`); got != "fixed fixed hidden" {
		// Hidden: no pointer or focus has given the guide a line yet.
		t.Fatalf("guide and caption bar as the elder mode turns on: %s, want fixed fixed hidden", got)
	}
	set(tab, `{elder: true}`)

	// Point at the middle of the second paragraph.
	pt := browsertest.Eval[[]float64](tab, `(() => {
		const p = document.querySelectorAll(".article-body p")[1]
		p.scrollIntoView({block: "center"})
		const r = p.getBoundingClientRect()
		return [r.left + r.width / 2, r.top + r.height / 2]
	})()`)
	tab.Do(chromedp.Sleep(100 * time.Millisecond))
	moveMouse(tab, pt[0], pt[1])
	tab.Wait(`document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption").textContent.length > 4`, 3*time.Second)
	s := aids(tab)
	para := browsertest.Eval[string](tab, `document.querySelectorAll(".article-body p")[1].textContent`)
	if s.CaptionText == "" || !strings.Contains(para, s.CaptionText) {
		t.Errorf("caption %q is not text of the paragraph under the pointer", s.CaptionText)
	}
	if s.CaptionSize < 40 {
		t.Errorf("caption text is %gpx, want 40px or more", s.CaptionSize)
	}
	if s.CaptionRatio < 7 {
		t.Errorf("caption contrast is %.2f:1, want 7:1", s.CaptionRatio)
	}
	if !s.CaptionFixedBot {
		t.Error("the caption bar is not fixed at the bottom of the viewport")
	}
	if s.CaptionHidden != "true" || s.GuideHidden != "true" {
		t.Errorf("aria-hidden: caption %q, guide %q; both repeat page text and must be hidden from screen readers", s.CaptionHidden, s.GuideHidden)
	}
	if pt[1] < s.GuideTop || pt[1] > s.GuideBottom {
		t.Errorf("the reading guide (%g–%g) is not at the pointer (y %g)", s.GuideTop, s.GuideBottom, pt[1])
	}
	// The band's edges lie between lines of the paragraph, not through
	// its characters.
	if cut := browsertest.Eval[[]string](tab, `(() => {
		const g = document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide").getBoundingClientRect()
		const r = new Range()
		r.selectNodeContents(document.querySelectorAll(".article-body p")[1])
		const out = []
		for (const q of r.getClientRects()) for (const e of [g.top, g.bottom]) if (q.top < e - 1 && q.bottom > e + 1) out.push("edge " + Math.round(e) + " through " + Math.round(q.top) + "-" + Math.round(q.bottom))
		return out
	})()`); len(cut) > 0 {
		t.Errorf("the reading guide's edges cross the text: %v", cut)
	}
	if v := browsertest.Eval[string](tab, `getComputedStyle(document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide")).visibility`); v != "visible" {
		t.Errorf("the reading guide at the pointer is %s", v)
	}
	if d := browsertest.Eval[string](tab, `getComputedStyle(document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide")).transitionDuration`); d != "0s" {
		t.Errorf("with prefers-reduced-motion the guide still moves with a %s transition", d)
	}
	if n := cursorSize(s.BodyCursor); n < 48 {
		t.Errorf("arrow cursor is %dpx (%.60s…), want 48px or more", n, s.BodyCursor)
	}
	if n := cursorSize(s.LinkCursor); n < 48 || s.LinkCursor == s.BodyCursor {
		t.Errorf("link cursor is %dpx and differs from the arrow: %v", n, s.LinkCursor != s.BodyCursor)
	}
	// The page's rules do not reach into the widget's shadow root: its own
	// (runtime/cursor.css) give its buttons the same hand.
	if s.LauncherCursor != s.LinkCursor {
		t.Errorf("the launcher's cursor is %.60s…, want the page's large hand", s.LauncherCursor)
	}
	if s.ToolbarZoom != "1.5" {
		t.Errorf("the toolbar reads --yiyue-zoom %q, want 1.5", s.ToolbarZoom)
	}
	tab.Screenshot("elder-aids-report")

	// A long paragraph's caption shows whole lines, in the bar's content
	// box (none in the room below it), and the bar waits while the
	// toolbar is open.
	fit := browsertest.Eval[[]float64](tab, `(async () => {
		const r = document.getElementById("yiyue-host").shadowRoot, c = r.querySelector(".yiyue-caption"), sp = c.querySelector("span")
		const box = c.getBoundingClientRect(), t = sp.getBoundingClientRect(), pad = parseFloat(getComputedStyle(c).paddingBottom)
		const lh = parseFloat(getComputedStyle(sp).lineHeight)
		return [t.bottom - (box.bottom - pad), t.height / lh]
	})()`)
	if fit[0] > 1 || fit[1] > 3.05 || fit[1]-float64(int(fit[1]+0.05)) > 0.1 {
		t.Errorf("the caption's text ends %.0f px past the bar's content box and takes %.2f lines; want whole lines, 3 at most, within it", fit[0], fit[1])
	}

	// Keyboard: focus moves the caption and the guide too.
	tab.Do(chromedp.KeyEvent(kb.Tab))
	tab.Wait(`document.activeElement && document.activeElement != document.body`, 2*time.Second)
	want := browsertest.Eval[string](tab, `(document.activeElement.getAttribute("aria-label") || document.activeElement.innerText).replace(/\s+/g, " ").trim()`)
	tab.Wait(`document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption").textContent == `+jsString(want), 2*time.Second)

	// The bar waits while the toolbar is open.
	shown := browsertest.Eval[[]int](tab, `(async () => {
		const c = document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption"), out = []
		const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		await yiyue.open(); await frames()
		out.push(c.getClientRects().length)
		await yiyue.close(); await frames()
		out.push(c.getClientRects().length)
		return out
	})()`)
	if shown[0] != 0 || shown[1] == 0 {
		t.Errorf("caption boxes with the toolbar open %d, after it closed %d: want none, then the bar", shown[0], shown[1])
	}
	// A keyboard reader who goes from the open toolbar into the page (to a
	// link the toolbar does not cover, so that it stays open) has the bar
	// above the toolbar; back in the toolbar, it waits; closed, the bar is
	// at the bottom again.
	above := browsertest.Eval[map[string]any](tab, `(async () => {
		const r = document.getElementById("yiyue-host").shadowRoot, c = r.querySelector(".yiyue-caption"), d = r.getElementById("dock")
		const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		await yiyue.open(); await frames()
		const a = document.querySelector("header a[href]")
		a.focus(); await frames(); await new Promise(r => setTimeout(r, 50))
		const k = d.getBoundingClientRect(), q = c.getBoundingClientRect()
		const out = {open: !d.hidden, boxes: c.getClientRects().length, gap: k.top - q.bottom, text: c.textContent, want: a.innerText.trim()}
		r.querySelector("#dock button").focus(); await frames()
		out.inToolbar = c.getClientRects().length
		await yiyue.close(); await frames()
		out.closed = c.getClientRects().length
		out.closedGap = document.documentElement.clientHeight - c.getBoundingClientRect().bottom
		return out
	})()`)
	if above["open"] != true || above["boxes"] == 0.0 || above["gap"].(float64) < 0 || above["text"] != above["want"] {
		t.Errorf("focus in the page with the toolbar open: toolbar open %v, caption boxes %v, %v px above the toolbar, text %q (want %q); want the bar above the toolbar, with the link's text", above["open"], above["boxes"], above["gap"], above["text"], above["want"])
	}
	if above["inToolbar"] != 0.0 || above["closed"] == 0.0 || math.Abs(above["closedGap"].(float64)) > 0.5 {
		t.Errorf("back in the toolbar the bar has %v boxes (want 0); closed, %v boxes, %v px above the bottom (want the bar at the bottom)", above["inToolbar"], above["closed"], above["closedGap"])
	}
	// A narrower screen wraps the open toolbar onto more rows: the bar
	// moves up with its top.
	browsertest.Eval[bool](tab, `(async () => {
		await yiyue.open()
		document.querySelector("header a[href]").focus()
		await new Promise(r => setTimeout(r, 100))
		return true
	})()`)
	tab.Do(chromedp.EmulateViewport(560, 800))
	gap := browsertest.Eval[[]float64](tab, `(async () => {
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		const r = document.getElementById("yiyue-host").shadowRoot, c = r.querySelector(".yiyue-caption"), d = r.getElementById("dock")
		return [d.hidden ? -1 : 1, c.getClientRects().length, d.getBoundingClientRect().top - c.getBoundingClientRect().bottom]
	})()`)
	tab.Do(chromedp.EmulateViewport(1280, 800))
	browsertest.Eval[map[string]any](tab, `yiyue.close()`)
	if gap[0] == 1 && gap[1] > 0 && gap[2] < 0 {
		t.Errorf("after the screen narrowed, the caption bar reaches %.0f px into the open toolbar", -gap[2])
	}

	// Off: nothing left, not even the room kept for the bar.
	set(tab, `{elder: false}`)
	tab.Wait(`!document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide, .yiyue-caption, link[href*=aids]")`, 3*time.Second)
	after := aids(tab)
	if after.DocumentSheets != before.DocumentSheets || after.ShadowSheets != before.ShadowSheets {
		t.Errorf("after elder off: %d document sheets (before %d), %d shadow sheets (before %d)",
			after.DocumentSheets, before.DocumentSheets, after.ShadowSheets, before.ShadowSheets)
	}
	if now := browsertest.Eval[string](tab, pageHTML); now != html {
		t.Error("elder off did not restore the page's DOM exactly")
	}
}

// TestAidsFollowTap: on a phone, where nothing hovers, the caption bar
// shows the sentence a finger taps and the reading guide moves to it.
func TestAidsFollowTap(t *testing.T) {
	tab := open(t, 360, 740, "report.html")
	tab.Touch()
	set(tab, `{caption: true, guide: true}`)
	const bar = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption")`
	tab.Wait(bar+` && getComputedStyle(`+bar+`).position == "fixed"`, 15*time.Second)
	// A character of the paragraph's first line, scrolled to the middle of
	// the screen: the paragraph is taller than a phone's screen, and the
	// portal's fixed-width layout wider.
	pt := browsertest.Eval[[]float64](tab, `(() => {
		const t = [...document.querySelectorAll(".article-body p")[1].childNodes].find(n => n.nodeType == 3)
		const r = document.createRange()
		r.setStart(t, 5), r.setEnd(t, 6)
		const q0 = r.getBoundingClientRect()
		scrollBy(q0.left - innerWidth / 2, q0.top - innerHeight / 2)
		const q = r.getBoundingClientRect()
		return [q.left + q.width / 2, q.top + q.height / 2]
	})()`)
	tab.Tap(pt[0], pt[1])
	tab.Wait(bar+`.textContent.length > 4`, 3*time.Second)
	s := aids(tab)
	para := browsertest.Eval[string](tab, `document.querySelectorAll(".article-body p")[1].textContent`)
	if !strings.Contains(para, s.CaptionText) {
		t.Errorf("caption %q after a tap is not text of the paragraph tapped", s.CaptionText)
	}
	// The guide glides there (no reduced motion asked for here).
	tab.Wait(fmt.Sprintf(`(() => { const r = document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide").getBoundingClientRect(); return r.top <= %g && r.bottom >= %g })()`, pt[1], pt[1]), 3*time.Second)
}

// TestAidsSeparately: each part has its own switch.
func TestAidsSeparately(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	for _, c := range []struct {
		patch                  string
		guide, caption, cursor bool
	}{
		{`{guide: true}`, true, false, false},
		{`{guide: false, caption: true}`, false, true, false},
		{`{caption: false, cursor: true}`, false, false, true},
		{`{cursor: false}`, false, false, false},
	} {
		set(tab, c.patch)
		tab.Do(chromedp.Sleep(100 * time.Millisecond))
		s := aids(tab)
		big := cursorSize(s.BodyCursor) >= 48
		if s.Guide != c.guide || s.Caption != c.caption || big != c.cursor {
			t.Errorf("after %s: guide %v, caption %v, large cursor %v", c.patch, s.Guide, s.Caption, big)
		}
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestCursorsLoadedAhead: the large cursors' SVG images are loaded while
// the page is idle, once the runtime runs and the page stylesheet is kept,
// not in the frame that turns the elder mode on, where making a document
// of each took 2 ms of the example portal's first one.
func TestCursorsLoadedAhead(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	// A reader who had the links underlined: the page stylesheet, which
	// holds the cursors, is kept from then on.
	set(tab, `{links: true}`)
	set(tab, `{links: false}`)
	// The runtime reads them in an idle callback; the page is idle.
	tab.Do(chromedp.Sleep(time.Second))
	tr := startTrace(tab, "blink", "devtools.timeline")
	set(tab, `{elder: true}`)
	var svg, styled int
	for _, e := range tr.events() {
		switch e.Name {
		case "SVGImage::DataChanged":
			svg++
		case "UpdateLayoutTree":
			styled++
		}
	}
	// The page was styled in the trace: it holds what the frame did.
	if styled == 0 {
		t.Fatal("no style recalculation traced: the trace misses the frame")
	}
	if svg > 0 {
		t.Errorf("turning the elder mode on made %d SVG images' documents; want none, the cursors loaded ahead", svg)
	}
	if c := aids(tab).BodyCursor; cursorSize(c) < 48 {
		t.Errorf("the body's cursor is %.60s…, want the large arrow", c)
	}
}

// TestCaptionLeavesFixedFocus: keyboard focus on a page control that the
// caption bar covers and that scrolling does not move (boxes.html's fixed
// 返回顶部) sends the bar to the top of the screen till focus moves on
// (WCAG 2.4.11), at the top of the page and at its end, where the bar
// is tallest.
func TestCaptionLeavesFixedFocus(t *testing.T) {
	tab := open(t, 1280, 800, "boxes.html")
	set(tab, `{elder: true}`)
	const bar = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption")`
	tab.Wait(bar+` && getComputedStyle(`+bar+`).position == "fixed"`, 15*time.Second)
	const overlap = `(() => {
		const a = document.querySelector(".back-to-top").getBoundingClientRect(), k = ` + bar + `.getBoundingClientRect()
		return k.height > 0 && a.bottom > k.top && a.top < k.bottom && a.right > k.left && a.left < k.right })()`
	for _, end := range []bool{false, true} {
		if end {
			browsertest.Eval[bool](tab, `document.querySelector(".back-to-top").blur(), scrollTo(0, document.documentElement.scrollHeight), true`)
		}
		// A caption to show, then focus on the fixed button.
		browsertest.Eval[bool](tab, `document.querySelector("h1, h2").focus?.(), document.querySelector(".back-to-top").focus(), true`)
		tab.Wait(bar+`.textContent.includes("返回")`, 3*time.Second)
		time.Sleep(100 * time.Millisecond)
		if browsertest.Eval[bool](tab, overlap) {
			tab.ScreenshotView(shotName("caption-fixed-focus", fmt.Sprint(end)))
			t.Errorf("end of page %v: the caption bar covers the focused 返回顶部 button", end)
		}
	}
	// The pointer leads again: the bar is back at the bottom (the fixed
	// button taken away first: the bar would stay clear of it, as
	// TestCaptionLeavesFixedControls shows).
	browsertest.Eval[bool](tab, `document.querySelector(".back-to-top").style.visibility = "hidden", true`)
	time.Sleep(600 * time.Millisecond)
	tab.Do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 400, 300))
	time.Sleep(100 * time.Millisecond)
	if b := browsertest.Eval[float64](tab, bar+`.getBoundingClientRect().bottom`); b < 790 {
		t.Errorf("with the pointer moving, the caption bar ends at %.0f px, not at the bottom of the screen", b)
	}
	// Focus elsewhere: the bar is back at the bottom.
	browsertest.Eval[bool](tab, `document.querySelector(".back-to-top").style.visibility = "", document.querySelector(".back-to-top").focus(), document.querySelector(".back-to-top").style.visibility = "hidden", true`)
	time.Sleep(600 * time.Millisecond)
	browsertest.Eval[bool](tab, `document.querySelector("a[href]:not(.back-to-top)").focus(), true`)
	time.Sleep(100 * time.Millisecond)
	if b := browsertest.Eval[float64](tab, bar+`.getBoundingClientRect().bottom`); b < 790 {
		t.Errorf("with focus on another control the caption bar ends at %.0f px, not at the bottom of the screen", b)
	}
}

// TestCaptionLeavesTopControls: with a page control fixed at the bottom of
// the screen (boxes.html's 返回顶部), the caption bar still never hides
// what has focus at the top of the page, where no scroll can move it from
// under a bar at the top: neither the links a reader tabs to (the bar
// stays at the bottom for the keyboard) nor the search field a reader
// clicks (the bar leaves the top for it), on a desktop and on a phone.
func TestCaptionLeavesTopControls(t *testing.T) {
	for _, vp := range [][2]int64{{1280, 800}, {360, 740}} {
		tab := open(t, vp[0], vp[1], "boxes.html")
		set(tab, `{elder: true}`)
		const bar = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption")`
		tab.Wait(bar, 15*time.Second)
		const covered = `(() => {
			const a = document.activeElement.getBoundingClientRect(), k = ` + bar + `.getBoundingClientRect()
			return k.height > 0 && a.bottom > k.top && a.top < k.bottom && a.right > k.left && a.left < k.right
		})()`
		if !browsertest.Eval[bool](tab, `getComputedStyle(document.querySelector(".back-to-top")).position == "fixed" && document.querySelector(".back-to-top").getBoundingClientRect().height > 0`) {
			t.Fatalf("%v: boxes.html's 返回顶部 is not on the screen: the test needs it", vp)
		}
		browsertest.Eval[bool](tab, `scrollTo(0, 0), document.activeElement.blur(), true`)
		for i := 1; i <= 6; i++ {
			tab.Do(chromedp.KeyEvent(kb.Tab))
			tab.Wait(bar+`.textContent.trim() != ""`, 3*time.Second)
			time.Sleep(50 * time.Millisecond)
			if browsertest.Eval[bool](tab, covered) {
				tab.ScreenshotView(shotName("caption-top-tab", fmt.Sprint(vp[0]), fmt.Sprint(i)))
				t.Errorf("%v: after %d presses of Tab the caption bar hides the focused %s", vp, i, browsertest.Eval[string](tab, `document.activeElement.textContent.trim() || document.activeElement.outerHTML.slice(0, 60)`))
			}
		}
		xy := browsertest.Eval[[]float64](tab, `(() => { document.activeElement.blur(); scrollTo(0, 0); const f = document.getElementById("site-q"); f.scrollIntoView({block: "nearest", inline: "nearest"}); const r = f.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
		tab.Do(chromedp.MouseClickXY(xy[0], xy[1]))
		time.Sleep(200 * time.Millisecond)
		if browsertest.Eval[string](tab, `document.activeElement.id`) != "site-q" {
			t.Fatalf("%v: a click on the search field did not focus it", vp)
		}
		if browsertest.Eval[bool](tab, covered) {
			tab.ScreenshotView(shotName("caption-top-click", fmt.Sprint(vp[0])))
			t.Errorf("%v: the caption bar hides the search field the reader clicked", vp)
		}
	}
}

// TestCaptionLeavesFixedControls: a reader who points at text, or taps
// it, cannot move the caption bar off a page control fixed at the bottom
// of the screen (boxes.html's 返回顶部): the bar goes to the top while it
// would hide one, on a desktop and on a phone at 300 %.
func TestCaptionLeavesFixedControls(t *testing.T) {
	for _, vp := range [][2]int64{{1280, 800}, {360, 740}} {
		tab := open(t, vp[0], vp[1], "boxes.html")
		set(tab, `{elder: true, zoom: 3}`)
		const bar = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption")`
		tab.Wait(bar, 15*time.Second)
		xy := browsertest.Eval[[]float64](tab, `(() => { const p = document.querySelector(".box-body p, p"); p.scrollIntoView({block: "center"}); const r = p.getBoundingClientRect(); return [r.left + 10, r.top + r.height / 2] })()`)
		moveMouse(tab, xy[0], xy[1])
		tab.Wait(bar+`.textContent.trim() != ""`, 3*time.Second)
		time.Sleep(200 * time.Millisecond)
		got := browsertest.Eval[[]float64](tab, `(() => {
			const a = document.querySelector(".back-to-top").getBoundingClientRect(), k = `+bar+`.getBoundingClientRect()
			return [a.top, a.bottom, k.top, k.bottom, k.height]
		})()`)
		if got[4] == 0 {
			t.Fatalf("%v: the caption bar shows nothing", vp)
		}
		if got[1] > got[2] && got[0] < got[3] {
			tab.ScreenshotView(shotName("caption-fixed-control", fmt.Sprint(vp[0])))
			t.Errorf("%v: the caption bar (%.0f to %.0f px) hides the fixed 返回顶部 (%.0f to %.0f px)", vp, got[2], got[3], got[0], got[1])
		}
	}
}

// TestGuideFollowsTurn: a reader taps a line with the reading guide on and
// turns the phone. The text reflows at the new width, and the guide goes
// with the line tapped, not stay where the finger was, over other text;
// the same for a line reached with the keyboard.
func TestGuideFollowsTurn(t *testing.T) {
	tab := env.Tab(t)
	tab.Phone(360, 740)
	tab.Go("tabbar.html")
	browsertest.Eval[bool](tab, `localStorage.clear(), true`)
	tab.Go("tabbar.html")
	ready(tab)
	set(tab, `{guide: true}`)
	const guide = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-guide")`
	tab.Wait(guide, 15*time.Second)
	// A character at the end of a paragraph's first line, in the middle
	// of the screen: turned, the line is longer, and the character is on
	// another line of the paragraph, at another height.
	mark := `(() => { const t = document.querySelectorAll("main p")[8].firstChild, r = document.createRange(); r.setStart(t, 18), r.setEnd(t, 19); return r })()`
	pt := browsertest.Eval[[]float64](tab, `(() => {
		document.querySelectorAll("main p")[8].scrollIntoView({block: "center"})
		const q = `+mark+`.getBoundingClientRect()
		return [q.left + q.width / 2, q.top + q.height / 2]
	})()`)
	tab.Tap(pt[0], pt[1])
	on := `(() => { const q = ` + mark + `.getBoundingClientRect(), g = ` + guide + `.getBoundingClientRect(), y = q.top + q.height / 2; return g.height > 0 && g.top <= y && g.bottom >= y })()`
	wait := func(what string) {
		t.Helper()
		if !browsertest.Eval[bool](tab, `(async () => { for (let i = 0; i < 40 && !`+on+`; i++) await new Promise(r => setTimeout(r, 50)); return `+on+` })()`) {
			tab.ScreenshotView(shotName("guide-turn", what))
			t.Fatalf("%s: the reading guide is not on the line of the character tapped", what)
		}
	}
	wait("tapped")
	before := browsertest.Eval[float64](tab, mark+`.getBoundingClientRect().top`)
	tab.Phone(740, 360)
	time.Sleep(300 * time.Millisecond)
	if after := browsertest.Eval[float64](tab, mark+`.getBoundingClientRect().top`); after == before {
		t.Fatalf("turning the phone left the character at %g px: the test shows nothing", after)
	}
	wait("turned")
	// The keyboard: a link of the footer, focused, then the phone turned
	// back.
	browsertest.Eval[bool](tab, `document.querySelector("footer a").focus(), true`)
	mark = `document.querySelector("footer a")`
	on = `(() => { const q = ` + mark + `.getBoundingClientRect(), g = ` + guide + `.getBoundingClientRect(), y = q.top + q.height / 2; return g.height > 0 && g.top <= y && g.bottom >= y })()`
	wait("focused")
	tab.Phone(360, 740)
	time.Sleep(300 * time.Millisecond)
	wait("focused, turned")
}

// TestCaptionClearsTabBar: on a phone portal's page, with a header of
// controls fixed at the top and a tab bar and 返回顶部 fixed at the
// bottom, the caption bar can take neither edge: it stands above the
// tab bar and 返回顶部, and every tab can be seen and tapped; also with the
// text at 200 % and 300 %, where the bar is tall.
func TestCaptionClearsTabBar(t *testing.T) {
	for _, patch := range []string{`{elder: true}`, `{elder: true, zoom: 2}`, `{caption: true, zoom: 3}`} {
		t.Run(patch, func(t *testing.T) { captionClearsTabBar(t, patch) })
	}
}

func captionClearsTabBar(t *testing.T, patch string) {
	tab := open(t, 360, 740, "mobile.html")
	tab.Touch()
	set(tab, patch)
	const bar = `document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption")`
	tab.Wait(bar, 15*time.Second)
	pt := browsertest.Eval[[]float64](tab, `(() => { const p = document.querySelectorAll(".m-body p")[1]; p.scrollIntoView({block: "center"}); const r = p.getBoundingClientRect(); return [r.left + 40, r.top + r.height / 2] })()`)
	tab.Tap(pt[0], pt[1])
	tab.Wait(bar+`.textContent.trim() != ""`, 3*time.Second)
	time.Sleep(300 * time.Millisecond)
	hidden := browsertest.Eval[[]string](tab, `(() => {
		const k = `+bar+`.getBoundingClientRect(), out = []
		if (!k.height) return ["the caption bar itself: it shows nothing"]
		for (const a of document.querySelectorAll(".m-tabbar a, #gotop, .m-header a, .m-header button")) {
			const r = a.getBoundingClientRect()
			if (r.bottom > k.top && r.top < k.bottom) out.push(a.textContent.trim() + " " + Math.round(r.top) + "-" + Math.round(r.bottom) + " under the bar at " + Math.round(k.top) + "-" + Math.round(k.bottom))
		}
		return out
	})()`)
	if len(hidden) > 0 {
		tab.ScreenshotView("caption-tab-bar")
		t.Errorf("the caption bar hides page controls fixed on the screen: %v", hidden)
	}
	// The toolbar, opened, shows its first row, with 放大文字, which has
	// focus, once the launcher below it has risen over the tab bar and
	// the dock has shrunk (it was scrolled 65 px off it).
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	time.Sleep(500 * time.Millisecond)
	if r := browsertest.Eval[[]float64](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot, a = r.activeElement.getBoundingClientRect(), d = r.getElementById("dock").getBoundingClientRect(); return [a.top, a.bottom, d.top, d.bottom] })()`); r[0] < r[2] || r[1] > r[3] {
		tab.ScreenshotView("caption-tab-bar-toolbar")
		t.Errorf("the focused control of the open toolbar is at %.0f to %.0f px, out of the dock's %.0f to %.0f px", r[0], r[1], r[2], r[3])
	}
}

// TestCaptionLeavesNoCharacterAlone: the caption bar's 40 px text leaves
// no character alone on its last line. Focused in turn, links of 20 to 75
// characters of the report's text are captioned; none ends in a line of
// one character (it did for every length one more than a line's worth).
func TestCaptionLeavesNoCharacterAlone(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	set(tab, "{elder: true}")
	alone := browsertest.Eval[[]string](tab, `(async () => {
		const text = [...document.querySelector(".article-body").innerText.replace(/[\s，。、“”《》（）：；]/g, "")].slice(0, 75)
		const c = document.getElementById("yiyue-host").shadowRoot.querySelector(".yiyue-caption"), out = []
		for (let n = 20; n <= 75; n++) {
			const a = document.querySelector(".article-body").appendChild(document.createElement("a"))
			a.href = "#"
			a.textContent = text.slice(0, n).join("")
			a.focus()
			for (let i = 0; i < 100 && c.textContent != a.textContent; i++) await new Promise(r => requestAnimationFrame(r))
			if (c.textContent != a.textContent) return ["the caption did not show " + a.textContent + "; it shows " + c.textContent]
			const sp = c.querySelector("span"), t = sp.firstChild, rg = new Range(), rows = new Map()
			for (let i = 0; i < t.data.length; i++) {
				rg.setStart(t, i), rg.setEnd(t, i + 1)
				const q = rg.getClientRects()[0]
				if (q?.width) rows.set(Math.round(q.top), (rows.get(Math.round(q.top)) || 0) + 1)
			}
			const v = [...rows.values()]
			if (v.length > 1 && v.length <= 3 && v[v.length - 1] == 1) out.push(a.textContent + " in lines of " + v.join(", "))
			a.remove()
		}
		return out
	})()`)
	for _, a := range alone {
		t.Errorf("a character alone on the caption's last line: %s", a)
	}
}

// TestSpacingLeavesNoGaps: with the spacing (加大间距, and the elder mode),
// a paragraph the page justifies keeps its characters the spacing apart:
// on a phone at 200 %, letters 0.12em apart, a justified line that a
// comma could not end stretched to 两 次 ， 学 习 了 民 法, each character
// a third of a character from the next. Its lines end where their text
// does instead (WCAG 1.4.8: no justified text).
func TestSpacingLeavesNoGaps(t *testing.T) {
	tab := open(t, 360, 740, "mobile.html")
	gaps := `(() => {
		const out = []
		for (const p of document.querySelectorAll(".m-body p")) {
			const f = parseFloat(getComputedStyle(p).fontSize), ls = parseFloat(getComputedStyle(p).letterSpacing) || 0, rg = new Range(), lines = new Map()
			for (const n of p.childNodes) if (n.nodeType == 3)
				for (let i = 0; i < n.data.length; i++) {
					if (!/\p{Script=Han}/u.test(n.data[i])) continue
					rg.setStart(n, i), rg.setEnd(n, i + 1)
					const q = rg.getClientRects()[0]
					if (q) (lines.get(Math.round(q.top)) || lines.set(Math.round(q.top), []).get(Math.round(q.top))).push([i, q.left])
				}
			for (const l of lines.values())
				for (let k = 1; k < l.length; k++)
					// Neighbours in the text, both Han: one character and the spacing apart.
					if (l[k][0] == l[k - 1][0] + 1 && l[k][1] - l[k - 1][1] > f + ls + 2) { out.push(p.textContent.slice(l[k - 1][0], l[k][0] + 1) + " " + Math.round(l[k][1] - l[k - 1][1]) + " px apart, at " + f + " px"); break }
		}
		return out
	})()`
	for _, p := range []string{"{spacing: true, zoom: 1}", "{spacing: true, zoom: 2}", "{spacing: false, elder: true, zoom: 1}", "{elder: true, zoom: 2}", "{elder: true, zoom: 3}"} {
		set(tab, p)
		if g := browsertest.Eval[[]string](tab, gaps); len(g) > 0 {
			t.Errorf("%s: %d lines gape, the first %s", p, len(g), g[0])
		}
	}
	// The page's own justification comes back with the spacing off.
	set(tab, `{elder: false, spacing: false, zoom: 1}`)
	if a := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector(".m-body p")).textJustify`); a != "auto" {
		t.Errorf("with the spacing off, the page's paragraphs have text-justify %q, want auto", a)
	}
}

// TestSpacingKeepsTallLines: the spacing (加大间距, and the elder mode)
// gives text a line height of at least 1.5, and lowers none: a phone
// portal's 搜索, centred in its 44 px header button by a line height of
// 44 px, stood at the button's top in the elder mode, and so did every
// menu item a page centres so; the report's paragraphs, 32 px apart at
// 16 px, were set 1.5 apart. Each element's own text, its line height
// with the spacing at least its line height without, at the same zoom,
// and at least 1.5 times its size.
func TestSpacingKeepsTallLines(t *testing.T) {
	const heights = `[...document.body.querySelectorAll("*")].filter(e => !e.closest("#yiyue-host") && [...e.childNodes].some(n => n.nodeType == 3 && /\S/.test(n.data))).map(e => {
		const s = getComputedStyle(e)
		return [parseFloat(s.lineHeight) || 0, parseFloat(s.fontSize)]
	})`
	for _, c := range []struct {
		page string
		w, h int64
	}{{"mobile.html", 360, 740}, {"report.html", 1280, 800}, {"legacy.html", 1280, 800}, {"boxes.html", 1280, 800}} {
		tab := open(t, c.w, c.h, c.page)
		for _, z := range []float64{1, 1.5, 2} {
			set(tab, fmt.Sprintf("{zoom: %g, spacing: false}", z))
			without := browsertest.Eval[[][]float64](tab, heights)
			set(tab, fmt.Sprintf("{zoom: %g, spacing: true}", z))
			with := browsertest.Eval[[][]float64](tab, heights)
			lower, short := 0, 0
			for i, w := range with {
				if w[0] < without[i][0]-0.5 {
					lower++
				}
				if w[0] < 1.5*w[1]-0.5 {
					short++
				}
			}
			if lower > 0 || short > 0 {
				t.Errorf("%s at %d px, %g: with the spacing, %d of %d texts have a lower line height than without, %d one under 1.5", c.page, c.w, z, lower, len(with), short)
			}
		}
	}
}
