package a11y

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// coverJS returns how much of the page element sel the launcher covers, in
// CSS px², and whether a press on the middle of the element's bottom edge
// reaches it (the launcher is over everything: the top layer).
const coverJS = `(() => {
	const l = ` + R + `.getElementById("launcher").getBoundingClientRect()
	const e = document.querySelector(%[1]q), r = e.getBoundingClientRect()
	const w = Math.min(l.right, r.right) - Math.max(l.left, r.left), h = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top)
	return [w > 0 && h > 0 ? w * h : 0, +!!document.elementFromPoint(r.x + r.width / 2, r.bottom - 3)?.closest(%[1]q)]
})()`

// launcherShown waits until the launcher is on the screen, styled.
func launcherShown(tab *browsertest.Tab) {
	tab.Wait(`(() => { const b = `+R+`.getElementById("launcher"); return !b.hidden && getComputedStyle(b).position == "fixed" })()`, 10*time.Second)
	frames(tab)
}

// TestLauncherLeavesPageControlsVisible: portals keep a 返回顶部 button
// fixed in the bottom right corner, some from the start, some once the
// reader scrolls down. The launcher must not cover it, wholly or in part
// (the widget never gets in the way of the page, and WCAG 2.4.11 wants a
// focused control not hidden): not at load, at either width, not at zoom
// 3, which grows the page's button, and not after a scroll that shows
// one. The open toolbar stays clear of the launcher.
func TestLauncherLeavesPageControlsVisible(t *testing.T) {
	uncovered := func(tab *browsertest.Tab, sel, when string) {
		t.Helper()
		r := browsertest.Eval[[]float64](tab, fmt.Sprintf(coverJS, sel))
		if r[0] > 0 {
			t.Errorf("%s: the launcher covers %.0f CSS px² of %s", when, r[0], sel)
		}
		if r[1] == 0 {
			t.Errorf("%s: a press on the bottom of %s does not reach it", when, sel)
		}
	}

	t.Run("fixed from the start", func(t *testing.T) {
		for _, vp := range [][2]int64{{1280, 800}, {360, 740}} {
			tab := page(t, "boxes.html")
			tab.Do(chromedp.EmulateViewport(vp[0], vp[1]))
			tab.Go("boxes.html")
			launcherShown(tab)
			at := fmt.Sprintf("%d×%d", vp[0], vp[1])
			uncovered(tab, ".back-to-top", at+" at load")
			open(t, tab)
			if browsertest.Eval[bool](tab, `(() => { const a = `+R+`.getElementById("dock").getBoundingClientRect(), b = `+R+`.getElementById("launcher").getBoundingClientRect(); return a.bottom > b.top })()`) {
				t.Errorf("%s: the open toolbar covers the launcher", at)
			}
			set(t, tab, `{zoom: 3}`)
			uncovered(tab, ".back-to-top", at+" at zoom 3")
			shot(t, tab, "launcher-boxes-"+itoa(int(vp[0]))+"x"+itoa(int(vp[1])))
		}
	})

	t.Run("shown on scroll", func(t *testing.T) {
		tab := page(t, "report.html")
		launcherShown(tab)
		browsertest.Eval[bool](tab, `(() => {
			const a = document.createElement("a")
			a.id = "up"; a.href = "#"; a.textContent = "返回顶部"
			a.style.cssText = "position:fixed;right:24px;bottom:12px;width:60px;height:60px;display:none;background:#0b4f9c;color:#fff"
			document.body.append(a)
			addEventListener("scroll", () => (a.style.display = scrollY > 200 ? "block" : "none"))
			return true
		})()`)
		browsertest.Eval[bool](tab, `new Promise(ok => { addEventListener("scrollend", () => setTimeout(ok, 50, true), {once: true}); scrollTo(0, 1200) })`)
		uncovered(tab, "#up", "after a scroll")
	})
}

// nameJS is JavaScript for element e's tag and its name, value or text,
// in the tests' messages.
const nameJS = `e.tagName + " " + JSON.stringify((e.name || e.value || e.textContent || "").trim().slice(0, 12))`

// afterFocusJS returns JavaScript that waits a task and a frame after
// focus moved (the browser has scrolled the control into view by then)
// and returns, for the page's focused element e, what body returns; body
// has e's box r, its tag and name or text (name) and part(b), the share of
// r that box b covers (0 to 1). Focus in the widget gives [""].
func afterFocusJS(body string) string {
	return `new Promise(ok => setTimeout(() => requestAnimationFrame(() => ok((() => {
	const e = document.activeElement
	if (!e || e.id == "yiyue-host") return [""]
	const r = e.getBoundingClientRect(), name = ` + nameJS + `
	const part = b => Math.max(0, Math.min(b.right, r.right) - Math.max(b.left, r.left)) * Math.max(0, Math.min(b.bottom, r.bottom) - Math.max(b.top, r.top)) / (r.width * r.height || 1)
	` + body + `
})())), 0))`
}

// focusCoverJS returns, for the focused element: its name, how much of it
// the launcher covers, whether it reaches into the launcher's own corner
// (home, %s: its box at load), and whether the launcher is in the other
// corner now.
var focusCoverJS = afterFocusJS(`const l = ` + R + `.getElementById("launcher").getBoundingClientRect()
	return [name, part(l), +(part(%s) > 0), +(l.left > innerWidth / 2)]`)

// TestLauncherLeavesFocusVisible: a page control that takes keyboard
// focus is never wholly hidden by the launcher (WCAG 2.4.11). On
// forms.html at 360 px a radio button sits in the bottom left corner,
// where the launcher covered all of it. While a control that reaches into
// the launcher's corner has focus, the launcher is in the other one; once
// focus moves on, it is back.
func TestLauncherLeavesFocusVisible(t *testing.T) {
	for _, c := range []struct {
		page string
		w, h int64
	}{{"forms.html", 360, 740}, {"forms.html", 1280, 800}, {"boxes.html", 360, 740}} {
		at := fmt.Sprintf("%s at %d×%d", c.page, c.w, c.h)
		tab := page(t, c.page)
		tab.Do(chromedp.EmulateViewport(c.w, c.h))
		tab.Go(c.page)
		launcherShown(tab)
		home := browsertest.Eval[string](tab, `JSON.stringify(`+R+`.getElementById("launcher").getBoundingClientRect())`)
		moved, steps := 0, 0
		for ; steps < 120; steps++ {
			tab.Do(chromedp.KeyEvent(kb.Tab))
			r := browsertest.Eval[[]any](tab, fmt.Sprintf(focusCoverJS, home))
			what := r[0].(string)
			if what == "" {
				break
			}
			covered, inCorner, away := r[1].(float64), r[2].(float64) == 1, r[3].(float64) == 1
			if covered > 0.99 {
				t.Errorf("%s: the launcher hides the focused %s", at, what)
			}
			if inCorner != away {
				t.Errorf("%s: focus on %s, which reaches into the launcher's corner: %v; the launcher in the other corner: %v", at, what, inCorner, away)
			}
			if away {
				moved++
			}
		}
		if steps < 5 || steps == 120 {
			t.Errorf("%s: %d presses of Tab before focus reached the widget", at, steps)
		}
		if c.page == "forms.html" && c.w == 360 && moved == 0 {
			t.Errorf("%s: the launcher never went to the other corner, though the page's radio button in its corner took focus", at)
		}
		t.Logf("%s: %d page controls focused, the launcher moved for %d", at, steps, moved)
	}
}

// TestLauncherLeavesBottomBarVisible: a phone page's tab bar fixed along
// the bottom has controls in both corners. Focus on the left one sends
// the launcher to the right corner; focus then on the right one must send
// it back, not leave it over that control.
func TestLauncherLeavesBottomBarVisible(t *testing.T) {
	tab := page(t, "report.html")
	tab.Do(chromedp.EmulateViewport(360, 740))
	launcherShown(tab)
	browsertest.Eval[bool](tab, `(() => {
		const bar = document.createElement("div")
		bar.style.cssText = "position:fixed;left:0;right:0;bottom:0;display:flex;justify-content:space-between;background:#fff"
		for (const [id, label] of [["home", "首页"], ["mine", "我的"]]) {
			const b = document.createElement("button")
			b.id = id
			b.textContent = label
			b.style.cssText = "width:80px;height:56px"
			bar.append(b)
		}
		document.body.append(bar)
		return true
	})()`)
	for _, id := range []string{"home", "mine", "home"} {
		tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("` + id + `").focus()`))
		r := browsertest.Eval[[]any](tab, afterFocusJS(`return [name, part(`+R+`.getElementById("launcher").getBoundingClientRect())]`))
		if covered := r[1].(float64); covered > 0 {
			t.Errorf("focus on %s: the launcher covers %.0f%% of it", r[0], covered*100)
		}
	}
}

// hiddenByJS returns, for the focused element (none for focus on
// nothing): its name, how much of it the open toolbar and the caption bar
// cover, and whether the toolbar is open.
var hiddenByJS = afterFocusJS(`if (e == document.body) return [""]
	const d = ` + R + `.getElementById("dock"), c = ` + R + `.querySelector(".yiyue-caption")
	return [name, d.hidden ? 0 : part(d.getBoundingClientRect()), c ? part(c.getBoundingClientRect()) : 0, +!d.hidden]`)

// TestToolbarLeavesFocusVisible: the open toolbar and the caption bar
// (大字幕) are fixed over the bottom of the screen, and a reader who tabs
// from the toolbar into the page reached controls under them: on
// forms.html at 360 px in the elder mode, the caption bar hid most of the
// form, wholly, and the toolbar hid the controls of its lower half (WCAG
// 2.4.11). Now the toolbar closes when focus moves to a page control that
// it covers, and focus stays there; a control under the caption bar is
// scrolled to above it. No focused control is covered, in part or wholly,
// with the toolbar opened (and the elder mode on) at either width.
func TestToolbarLeavesFocusVisible(t *testing.T) {
	for _, vp := range [][2]int64{{1280, 800}, {360, 740}} {
		// The caption bar alone, above the open toolbar, too: at 360 px
		// it covered a field at the top of the page wholly.
		for _, aids := range []string{"", "{elder: true}", "{caption: true}"} {
			at := fmt.Sprintf("forms.html at %d×%d, with %q", vp[0], vp[1], aids)
			tab := page(t, "forms.html")
			tab.Do(chromedp.EmulateViewport(vp[0], vp[1]))
			tab.Go("forms.html")
			launcherShown(tab)
			open(t, tab)
			if aids != "" {
				set(t, tab, aids)
			}
			closedOn, steps := "", 0
			for ; steps < 80; steps++ {
				tab.Do(chromedp.KeyEvent(kb.Tab))
				r := browsertest.Eval[[]any](tab, hiddenByJS)
				what := r[0].(string)
				if what == "" {
					continue
				}
				dock, caption, opened := r[1].(float64), r[2].(float64), r[3].(float64) == 1
				if dock > 0 {
					t.Errorf("%s: the open toolbar covers %.0f%% of the focused %s", at, dock*100, what)
				}
				if caption > 0 {
					t.Errorf("%s: the caption bar covers %.0f%% of the focused %s", at, caption*100, what)
				}
				if !opened && closedOn == "" {
					closedOn = what
					if got := browsertest.Eval[string](tab, `(() => { const e = document.activeElement; return `+nameJS+` })()`); got != what {
						t.Errorf("%s: the toolbar closed and focus went to %s, not kept on %s", at, got, what)
					}
					if browsertest.Eval[bool](tab, `yiyue.get().open`) {
						t.Errorf("%s: the toolbar closed, and yiyue.get().open still says it is open", at)
					}
				}
			}
			if closedOn == "" {
				t.Errorf("%s: the toolbar stayed open through %d presses of Tab over the whole form", at, steps)
			}
			t.Logf("%s: the toolbar closed on focus to %s", at, closedOn)
		}
	}
}

// TestLauncherInOtherCornerLeavesPageButton: a phone portal keeps its
// 返回顶部 fixed above its tab bar in the bottom right corner (mobile.html).
// Focus on the tab bar's 首页, under the launcher, sends the launcher to
// that corner, where it lay over 返回顶部, wholly hiding it from a tap.
// Once the runtime is there (the reader used the widget), the launcher
// goes above the page's boxes in the corner it moves to as it moves, and
// back down in its own (it stayed as high as it went in the other).
func TestLauncherInOtherCornerLeavesPageButton(t *testing.T) {
	for _, vp := range [][2]int64{{360, 740}, {1280, 800}} {
		at := fmt.Sprintf("mobile.html at %d×%d", vp[0], vp[1])
		tab := page(t, "mobile.html")
		tab.Do(chromedp.EmulateViewport(vp[0], vp[1]))
		tab.Go("mobile.html")
		launcherShown(tab)
		browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
		// The launcher's box now, and how much of 返回顶部 it covers.
		const where = `(() => {
			const l = ` + R + `.getElementById("launcher").getBoundingClientRect(), g = document.getElementById("gotop").getBoundingClientRect()
			const w = Math.max(0, Math.min(l.right, g.right) - Math.max(l.left, g.left)), h = Math.max(0, Math.min(l.bottom, g.bottom) - Math.max(l.top, g.top))
			return [l.left > innerWidth / 2 ? 1 : 0, w * h / (g.width * g.height), l.bottom]
		})()`
		home := browsertest.Eval[[]float64](tab, where)
		for _, id := range []string{"tab-home", "tab-work", "tab-home", "tab-mine"} {
			tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("` + id + `").focus()`))
			r := browsertest.Eval[[]any](tab, afterFocusJS(`return [name, part(`+R+`.getElementById("launcher").getBoundingClientRect())]`))
			if covered := r[1].(float64); covered > 0 {
				t.Errorf("%s: focus on %s: the launcher covers %.0f%% of it", at, r[0], covered*100)
			}
			// In the frame after the move: not once a scroll's check, 150 ms
			// later, came to it (focus scrolls the page).
			got := browsertest.Eval[[]float64](tab, where)
			if got[1] > 0 {
				t.Errorf("%s: focus on %s: the launcher in the %s corner covers %.0f%% of 返回顶部", at, id, map[float64]string{0: "left", 1: "right"}[got[0]], got[1]*100)
			}
			if got[0] == 0 && got[2] != home[2] {
				t.Errorf("%s: focus on %s: back in its own corner, the launcher's bottom is at %.0f px, not at %.0f px as it was", at, id, got[2], home[2])
			}
		}
	}
}
