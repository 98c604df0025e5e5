package view

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var schemes = []string{"yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue"}

// contrastPages are all the example portal's pages: forms, tables,
// placeholders, visited links and hostile content each bring their own
// colours.
var contrastPages = []string{"report.html", "boxes.html", "index.html", "forms.html", "dynamic.html", "hostile.html", "legacy.html", "mobile.html"}

type axeNode struct {
	Target  []string `json:"target"`
	Message string   `json:"message"`
}

// axeContrast runs axe-core's color-contrast-enhanced rule (WCAG 1.4.6,
// 7:1) and returns the failing nodes. That rule only reports ratios from
// 4.5 up to 7 (lower ones are color-contrast's, WCAG 1.4.3), so both run:
// together they cover every ratio below 7.
func axeContrast(tab *browsertest.Tab) []axeNode {
	tab.T.Helper()
	return browsertest.Eval[[]axeNode](tab, `axe.run(document, {runOnly: {type: "rule", values: ["color-contrast-enhanced", "color-contrast"]}, resultTypes: ["violations"]})
		.then(r => r.violations.flatMap(v => v.nodes.map(n => ({target: n.target.map(String), message: v.id + ": " + n.any.map(a => a.message).join("; ")}))))`)
}

// TestContrastSchemes: in every scheme all text meets 7:1 by axe-core,
// links are underlined, focus shows an outline of 3:1 or more, and images
// are neither filtered nor hidden.
func TestContrastSchemes(t *testing.T) {
	axe := axeJS(t)
	for _, page := range contrastPages {
		t.Run(shotName(page), func(t *testing.T) {
			tab := open(t, 1280, 800, page)
			browsertest.Eval[bool](tab, axe+";true")
			for _, sc := range schemes {
				set(tab, `{contrast: "`+sc+`"}`)
				for _, n := range axeContrast(tab) {
					t.Errorf("%s: %v: %s", sc, n.Target, n.Message)
				}
				var c struct {
					Links, Underlined, Filtered, Images, Hidden int
					Focus                                       []string
				}
				raw := browsertest.Eval[string](tab, `JSON.stringify((() => {
					const links = [...document.querySelectorAll("a[href]")].filter(a => a.getClientRects().length && !document.getElementById("yiyue-host").contains(a))
					const imgs = [...document.querySelectorAll("img")].filter(i => i.getClientRects().length)
					const lum = c => { const m = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] }
					const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
					const focus = []
					for (const el of [links[0], document.querySelector("button"), document.querySelector("input:not([type=hidden])")].filter(Boolean)) {
						el.focus()
						const cs = getComputedStyle(el)
						let bg = "rgb(0, 0, 0)"
						for (let a = el.parentElement; a; a = a.parentElement) { const b = getComputedStyle(a).backgroundColor; if (!/rgba\(.*, 0\)|transparent/.test(b)) { bg = b; break } }
						if (cs.outlineStyle == "none" || parseFloat(cs.outlineWidth) < 2 || ratio(cs.outlineColor, bg) < 3) focus.push(el.tagName + " outline " + cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor + " on " + bg)
						el.blur()
					}
					return {
						Links: links.length,
						Underlined: links.filter(a => getComputedStyle(a).textDecorationLine.includes("underline")).length,
						Images: imgs.length,
						Filtered: imgs.filter(i => { for (let a = i; a; a = a.parentElement) if (getComputedStyle(a).filter != "none") return true }).length,
						Hidden: imgs.filter(i => getComputedStyle(i).visibility != "visible" || getComputedStyle(i).opacity == "0" || i.getBoundingClientRect().width < 1).length,
						Focus: focus,
					}
				})())`)
				if err := json.Unmarshal([]byte(raw), &c); err != nil {
					t.Fatal(err)
				}
				if c.Links == 0 || c.Underlined != c.Links {
					t.Errorf("%s: %d of %d links underlined", sc, c.Underlined, c.Links)
				}
				if c.Filtered > 0 || c.Hidden > 0 {
					t.Errorf("%s: %d images filtered, %d hidden (of %d)", sc, c.Filtered, c.Hidden, c.Images)
				}
				for _, f := range c.Focus {
					t.Errorf("%s: focus indicator below 3:1 or missing: %s", sc, f)
				}
				// A field and a button the page drew as bare text are told
				// apart from text.
				if st := browsertest.Eval[string](tab, `[(f => f ? getComputedStyle(f).outlineStyle : "solid")(document.querySelector("input:not([type=hidden])")), (b => b ? getComputedStyle(b).textDecorationStyle : "dotted")(document.querySelector("button"))].join()`); st != "solid,dotted" {
					t.Errorf("%s: a page field's outline and a button's underline are %s, want solid,dotted", sc, st)
				}
				// A hint at full contrast leans, so as not to look typed.
				if st := browsertest.Eval[string](tab, `(i => i ? getComputedStyle(i, "::placeholder").fontStyle : "italic")(document.querySelector("input[placeholder]"))`); st != "italic" {
					t.Errorf("%s: a placeholder's font style is %s, want italic", sc, st)
				}
				if page == "report.html" || page == "boxes.html" {
					tab.Screenshot(shotName("contrast", page, sc))
				}
			}
			// No filter on html or body: it would break position: fixed.
			if f := browsertest.Eval[string](tab, `getComputedStyle(document.documentElement).filter + getComputedStyle(document.body).filter`); f != "nonenone" {
				t.Errorf("filter on html/body: %q", f)
			}
		})
	}
}

// TestContrastCheckCanFail: the check does report text below 7:1 while a
// scheme is on (probes whose colours come from important inline styles,
// which outrank any stylesheet): one at 1.3:1 and one at 5.7:1, so the
// zero counts above mean something.
func TestContrastCheckCanFail(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	browsertest.Eval[bool](tab, axeJS(t)+";true")
	set(tab, `{contrast: "yellow-on-black"}`)
	browsertest.Eval[bool](tab, `(() => {
		for (const [id, fg, bg] of [["probe-low", "#777", "#888"], ["probe-aa", "#666", "#fff"]]) {
			const p = document.createElement("p")
			p.id = id
			p.textContent = "对比度不足的文字"
			p.style.setProperty("color", fg, "important")
			p.style.setProperty("background", bg, "important")
			document.querySelector(".article-body").append(p)
		}
		return true
	})()`)
	browsertest.Eval[bool](tab, `__view.frame().then(() => true)`)
	found := map[string]bool{}
	for _, n := range axeContrast(tab) {
		for _, tg := range n.Target {
			found[tg] = true
		}
	}
	if !found["#probe-low"] || !found["#probe-aa"] {
		t.Errorf("the check found %v; it misses text at 1.3:1 or 5.7:1 and cannot fail", found)
	}
}

// TestForcedColorsWin: when the operating system forces its colours, the
// schemes stand aside (they would only fight the user's own palette).
func TestForcedColorsWin(t *testing.T) {
	tab := open(t, 1280, 800, "boxes.html")
	set(tab, `{contrast: "yellow-on-black"}`)
	if bg := browsertest.Eval[string](tab, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(0, 0, 0)" {
		t.Fatalf("yellow-on-black ground is %s", bg)
	}
	tab.EmulateMedia("", "forced-colors", "active")
	tab.Do(chromedp.Sleep(100 * time.Millisecond))
	got := browsertest.Eval[[]string](tab, `[matchMedia("(forced-colors: active)").matches + "",
		getComputedStyle(document.querySelector(".banner")).backgroundImage,
		getComputedStyle(document.querySelector(".main-nav a")).textDecorationLine]`)
	if got[0] != "true" {
		t.Fatal("forced colours are not emulated")
	}
	if got[1] == "none" {
		t.Error("under forced colours the scheme still removes background images")
	}
	if got[2] != "none" {
		t.Errorf("under forced colours the scheme still underlines the navigation (%s)", got[2])
	}
}

// TestPrintLeavesWidgetOut: a reader prints the report (portals offer
// 打印本页) with the toolbar open, the elder mode on and yellow on black.
// The printout carries none of the widget, and the page's own colours:
// printers leave backgrounds out, and yellow text on paper is unreadable.
func TestPrintLeavesWidgetOut(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	color0 := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector(".article-body p")).color`)
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	set(tab, `{contrast: "yellow-on-black", elder: true}`)
	if c := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector(".article-body p")).color`); c != "rgb(255, 255, 0)" {
		t.Fatalf("on screen, yellow on black gives text in %s", c)
	}
	tab.EmulateMedia("print")
	tab.Do(chromedp.Sleep(100 * time.Millisecond))
	got := browsertest.Eval[[]string](tab, `[matchMedia("print").matches + "",
		getComputedStyle(document.getElementById("yiyue-host")).display,
		getComputedStyle(document.querySelector(".article-body p")).color]`)
	if got[0] != "true" {
		t.Fatal("print media is not emulated")
	}
	if got[1] != "none" {
		t.Errorf("printed, the widget's host is display %s, want none", got[1])
	}
	if got[2] != color0 {
		t.Errorf("printed, the report's text is %s, want its own %s", got[2], color0)
	}
}

// TestContrastDrawsNoRingRoundTheWidget: while focus is in the toolbar,
// the page's document has it on the widget's host, a box of no size in
// the corner; a scheme's focus ring there is a stray square.
func TestContrastDrawsNoRingRoundTheWidget(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	set(tab, `{contrast: "yellow-on-black"}`)
	browsertest.Eval[bool](tab, `yiyue.open().then(() => true)`)
	tab.Wait(`document.activeElement && document.activeElement.id == "yiyue-host"`, 5*time.Second)
	if o := browsertest.Eval[string](tab, `getComputedStyle(document.getElementById("yiyue-host")).outlineStyle`); o != "none" {
		t.Errorf("the widget's host has a %s outline while focus is in the toolbar", o)
	}
}

// TestContrastBoxesFixedControls: in a scheme, a page control fixed on the
// screen (boxes.html's 返回顶部), whose coloured box the scheme takes, is
// outlined, so that it does not read as loose text over the page; with
// the scheme off the page is as it was.
func TestContrastBoxesFixedControls(t *testing.T) {
	tab := open(t, 1280, 800, "boxes.html")
	before := browsertest.Eval[string](tab, pageHTML)
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	set(tab, `{contrast: "yellow-on-black"}`)
	tab.Wait(`document.querySelector(".back-to-top").hasAttribute("data-yiyue-box")`, 3*time.Second)
	if o := browsertest.Eval[string](tab, `(s => s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor)(getComputedStyle(document.querySelector(".back-to-top")))`); o != "solid 2px rgb(255, 255, 0)" {
		t.Errorf("in yellow-on-black the fixed 返回顶部 has the outline %q, want solid 2px yellow", o)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("[data-yiyue-box]").length`); n != 1 {
		t.Errorf("%d elements outlined, want the one fixed control", n)
	}
	set(tab, `{contrast: "off"}`)
	if after := browsertest.Eval[string](tab, pageHTML); after != before {
		t.Error("with the scheme off the page differs from the original")
	}
}

// TestContrastInksIcons: a phone portal's menu button is an icon drawn
// with boxes, three white bars (an empty span and its ::before and
// ::after), on a coloured header. In every scheme the bars stand out
// from the button, at 3:1 or more (WCAG 1.4.11): on 白底黑字 they kept
// their white on the scheme's white. A spacer, a picture or a filled box
// in a link is not a stroke. The page comes back as it was.
func TestContrastInksIcons(t *testing.T) {
	tab := open(t, 360, 740, "mobile.html")
	// What is not an icon's stroke, in links: a spacer holding a space, a
	// picture drawn as a background, a filled box.
	browsertest.Eval[bool](tab, `(() => {
		const d = document.createElement("div")
		d.className = "not-ink"
		d.innerHTML = '<a href="#"><span style="display:inline-block;width:20px;height:16px">&nbsp;</span>通知公告</a> <a href="#"><span style="display:inline-block;width:60px;height:40px;background:#ccc url(banner.svg)"></span>图片新闻</a> <a href="#"><span style="display:inline-block;width:30px;height:20px;background:#fff"></span>政务公开</a>'
		document.querySelector("main").prepend(d)
		return true
	})()`)
	before := browsertest.Eval[string](tab, pageHTML)
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	for _, sc := range schemes {
		set(tab, `{contrast: "`+sc+`"}`)
		tab.Wait(`document.querySelector(".m-burger-icon").hasAttribute("data-yiyue-ink")`, 3*time.Second)
		if n := browsertest.Eval[int](tab, `document.querySelectorAll(".not-ink [data-yiyue-ink]").length`); n > 0 {
			t.Errorf("%s: %d spacers, pictures or filled boxes in links taken for icon strokes", sc, n)
		}
		got := browsertest.Eval[[]float64](tab, `(() => {
			const lum = c => { const m = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] }
			const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
			const i = document.querySelector(".m-burger-icon"), bg = getComputedStyle(document.getElementById("burger")).backgroundColor
			return [null, "::before", "::after"].map(p => ratio(getComputedStyle(i, p).backgroundColor, bg))
		})()`)
		for i, r := range got {
			if r < 3 {
				tab.ScreenshotView(shotName("contrast-ink", sc))
				t.Errorf("%s: the menu button's bar %d stands at %.2f:1 against the button, want 3:1 or more", sc, i+1, r)
			}
		}
	}
	set(tab, `{contrast: "off"}`)
	if after := browsertest.Eval[string](tab, pageHTML); after != before {
		t.Error("with the scheme off the page differs from the original")
	}
}

// TestContrastTakesEveryTextColour: a scheme's colour is the one drawn for
// text that a page colours otherwise than by color: a fill colour
// (-webkit-text-fill-color), which is drawn over it and which axe-core
// does not check.
func TestContrastTakesEveryTextColour(t *testing.T) {
	fg := map[string]string{"yellow-on-black": "rgb(255, 255, 0)", "white-on-black": "rgb(255, 255, 255)",
		"black-on-white": "rgb(0, 0, 0)", "black-on-yellow": "rgb(0, 0, 0)", "yellow-on-blue": "rgb(255, 255, 0)"}
	tab := open(t, 1280, 800, "report.html")
	browsertest.Eval[bool](tab, `(() => {
		const s = document.createElement("style")
		s.textContent = ".t-fill{-webkit-text-fill-color:#bbb}"
		document.head.append(s)
		for (const c of ["t-fill"]) {
			const p = document.createElement("p")
			p.className = c
			p.textContent = "横沥镇人民政府工作报告"
			document.querySelector(".article-body").prepend(p)
		}
		return true
	})()`)
	for _, sc := range schemes {
		set(tab, `{contrast: "`+sc+`"}`)
		got := browsertest.Eval[[]string](tab, `(() => {
			const q = c => document.querySelector("." + c)
			return [getComputedStyle(q("t-fill")).webkitTextFillColor]
		})()`)
		for i, what := range []string{"a fill colour"} {
			if got[i] != fg[sc] {
				t.Errorf("%s: %s is %s; want the scheme's %s", sc, what, got[i], fg[sc])
			}
		}
	}
}

// schemeBg is each scheme's background as the screen shows it.
var schemeBg = map[string]string{"yellow-on-black": "#000000", "white-on-black": "#000000",
	"black-on-white": "#ffffff", "black-on-yellow": "#ffff00", "yellow-on-blue": "#000080"}

// colourAt is the colour of the viewport's pixel at (x, y), as #rrggbb.
func colourAt(tab *browsertest.Tab, x, y int) string {
	tab.T.Helper()
	r, g, b, _ := screen(tab).At(x, y).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// TestContrastDropsFades: a fade that a page lays over the foot of its
// text (an empty box whose background is a gradient to white, over a
// summary cut short) is not drawn in a scheme: it kept its white haze
// over the scheme's text, yellow on a grey that had no contrast left. Its
// point, far from the text, shows the scheme's background.
func TestContrastDropsFades(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	addToArticle(tab, ".t-sum{position:relative;height:96px;overflow:hidden;font-size:16px;line-height:24px} .t-fade{position:absolute;left:0;right:0;bottom:0;height:60px;background:linear-gradient(rgba(255,255,255,0),#fff)}",
		`<div class="t-sum"><p>2020年，横沥镇党委、政府深入学习贯彻习近平总书记系列重要讲话精神，紧扣习近平关于全面依法治国的新理念、新思想、新战略，围绕全镇中心工作努力推动法治政府建设创新出彩。</p><p>取得积极成效。</p><div class="t-fade"></div></div>`)
	for _, sc := range schemes {
		set(tab, `{contrast: "`+sc+`"}`)
		// Marked once the browser is idle after the scheme came on.
		time.Sleep(300 * time.Millisecond)
		at := browsertest.Eval[[]int](tab, `(() => {
			const f = document.querySelector(".t-fade")
			f.scrollIntoView({block: "center"})
			const r = f.getBoundingClientRect()
			return [r.right - 2, r.bottom - 3].map(Math.round)
		})()`)
		if c := colourAt(tab, at[0], at[1]); c != schemeBg[sc] {
			tab.ScreenshotView(shotName("contrast-fade", sc))
			t.Errorf("%s: the fade's foot is %s; want the scheme's %s", sc, c, schemeBg[sc])
		}
	}
}

// TestContrastMakesDimmedTextSolid: text the page dims with opacity (a
// carousel's caption bar at 60 % over its picture) is drawn solid in a
// scheme: it kept its opacity, and the scheme's colours were mixed with
// the picture under them, yellow on dark blue-grey. The bar's point, left
// of its text, shows the scheme's background.
func TestContrastMakesDimmedTextSolid(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	addToArticle(tab, ".t-pic{position:relative;width:320px;height:180px;font-size:14px;text-indent:0} .t-pic img{display:block;width:320px;height:180px}"+
		" .t-pic .t-cap{position:absolute;left:0;right:0;bottom:0;margin:0;padding:0 0 0 20px;height:30px;line-height:30px;background:#000;color:#fff;opacity:.6}",
		`<div class="t-pic"><img alt="" src="banner.svg"><p class="t-cap">横沥镇法治政府建设年度报告</p></div>`)
	for _, sc := range schemes {
		set(tab, `{contrast: "`+sc+`"}`)
		// Marked once the browser is idle after the scheme came on.
		time.Sleep(300 * time.Millisecond)
		at := browsertest.Eval[[]int](tab, `(() => {
			const c = document.querySelector(".t-cap")
			c.scrollIntoView({block: "center"})
			const r = c.getBoundingClientRect()
			return [r.left + 6, (r.top + r.bottom) / 2].map(Math.round)
		})()`)
		if c := colourAt(tab, at[0], at[1]); c != schemeBg[sc] {
			tab.ScreenshotView(shotName("contrast-dimmed", sc))
			t.Errorf("%s: the caption bar is %s; want the scheme's %s, solid", sc, c, schemeBg[sc])
		}
	}
}

// TestContrastTakesFirstLetters: a page's ::first-letter (a drop cap) and
// ::first-line (a lead's grey first line) colours give way to the
// scheme's. The pseudo-elements do not match the rule that colours every
// element, and kept the page's red and grey, under 7:1 on black.
func TestContrastTakesFirstLetters(t *testing.T) {
	tab := open(t, 1280, 800, "report.html")
	addToArticle(tab, ".t-drop::first-letter{float:left;font-size:40px;color:#c33;background:#fee} .t-lead::first-line{color:#999;background:#f4f4f4}",
		`<p class="t-drop">横沥镇法治政府建设年度报告。</p><p class="t-lead">2020年，横沥镇党委、政府深入学习贯彻习近平总书记系列重要讲话精神。</p>`)
	for _, sc := range schemes {
		set(tab, `{contrast: "`+sc+`"}`)
		// Marked once the browser is idle after the scheme came on.
		time.Sleep(300 * time.Millisecond)
		got := browsertest.Eval[[]string](tab, `(() => {
			const d = document.querySelector(".t-drop"), l = document.querySelector(".t-lead")
			const f = getComputedStyle(d, "::first-letter"), n = getComputedStyle(l, "::first-line")
			return [getComputedStyle(d).color, f.color, f.backgroundColor, getComputedStyle(l).color, n.color, n.backgroundColor]
		})()`)
		if got[1] != got[0] || got[4] != got[3] {
			tab.ScreenshotView(shotName("contrast-first", sc))
			t.Errorf("%s: first letter %s, first line %s; want the text's %s", sc, got[1], got[4], got[0])
		}
		for _, bg := range []string{got[2], got[5]} {
			if bg != "rgba(0, 0, 0, 0)" {
				t.Errorf("%s: a first letter's or line's background is %s; want none, the scheme's behind it", sc, bg)
			}
		}
	}
	set(tab, `{contrast: "off"}`)
	if got := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector(".t-drop"), "::first-letter").color`); got != "rgb(204, 51, 51)" {
		t.Errorf("scheme off: the first letter is %s; want the page's rgb(204, 51, 51)", got)
	}
}
