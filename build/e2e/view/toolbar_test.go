package view

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// TestZoomButtonStaysPut: a reader who presses 放大文字 with the mouse or a
// finger presses the same spot again for the next step, up to 300 %, and
// 缩小文字 likewise back to 100 %. The toolbar grows and shrinks with the
// text, but the button stays under that spot: it must not move away and
// leave another control there (on a phone that control was 长者助手).
// 放大文字 comes first in the toolbar's first row, and only grows away
// from the spot; 缩小文字, beside it, may shrink away from it, onto the
// readout or the gap between controls, which do nothing.
func TestZoomButtonStaysPut(t *testing.T) {
	controls := map[string]bool{}
	for _, c := range toolbar.Controls {
		controls[c.ID] = c.Kind != toolbar.Readout
	}
	for _, c := range pressScreens {
		t.Run(c.name, func(t *testing.T) {
			tab := pressTab(t, c.w, c.h, c.tap)
			pressOpen(tab, c.tap)
			for _, run := range []struct {
				id    string
				steps []float64
			}{
				{"zoom-in", []float64{1.25, 1.5, 1.75, 2, 2.5, 3}},
				{"zoom-out", []float64{2.5, 2, 1.75, 1.5, 1.25, 1}},
			} {
				btn := `document.getElementById("yiyue-host").shadowRoot.querySelector('[data-id="` + run.id + `"]')`
				tab.Wait(btn+` && `+btn+`.getBoundingClientRect().width > 0`, 10*time.Second)
				center := `(() => { const r = ` + btn + `.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`
				pt := browsertest.Eval[[]float64](tab, center)
				for i, want := range run.steps {
					if c.tap {
						tab.Tap(pt[0], pt[1])
					} else {
						tab.Do(chromedp.MouseClickXY(pt[0], pt[1]))
					}
					tab.Wait(fmt.Sprintf(`yiyue.get().zoom === %g`, want), 5*time.Second)
					tab.Do(chromedp.Sleep(150 * time.Millisecond))
					if i == 2 {
						tab.ScreenshotView(shotName(run.id, c.name, "175"))
					}
					id := browsertest.Eval[string](tab, fmt.Sprintf(`(() => { const e = document.getElementById("yiyue-host").shadowRoot.elementFromPoint(%g, %g); return e ? e.closest("[data-id]")?.dataset.id || e.id || e.tagName : "" })()`, pt[0], pt[1]))
					if i == len(run.steps)-1 || id == run.id {
						continue
					}
					if run.id == "zoom-out" && !controls[id] {
						pt = browsertest.Eval[[]float64](tab, center) // the reader aims again
						continue
					}
					tab.ScreenshotView(shotName(run.id, c.name, "moved"))
					t.Fatalf("after the press to %g, the spot where %s was pressed holds %q", want, run.id, id)
				}
			}
			if c.tap {
				// At 300 % the toolbar outgrows the phone's screen and is
				// scrolled to its first row; a message that comes (its
				// first line, above the rows) is brought into view.
				browsertest.Eval[bool](tab, `yiyue.set({zoom: 3}).then(() => true)`)
				// It stays there through the toolbar's new size and the
				// launcher's rise after it, till the reader acts again.
				browsertest.Eval[bool](tab, `yiyue._b.msg.textContent = "朗读：暂不可用", true`)
				tab.Do(chromedp.Sleep(400 * time.Millisecond))
				if !browsertest.Eval[bool](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot
					const m = r.getElementById("msg").getBoundingClientRect(), d = r.getElementById("dock").getBoundingClientRect()
					return r.getElementById("msg").parentNode.id == "dock" && m.top >= d.top - 1 && m.bottom <= d.bottom + 1 })()`) {
					tab.ScreenshotView(shotName("zoom-button", c.name, "message"))
					t.Error("a message in the toolbar at 300 % on a phone is out of view")
				}
				// Closed and opened again, the toolbar shows where focus
				// is, not the message still in it.
				if !browsertest.Eval[bool](tab, `(async () => {
					await yiyue.close()
					await yiyue.open()
					await new Promise(r => setTimeout(r, 300))
					const r = document.getElementById("yiyue-host").shadowRoot, a = r.activeElement
					const f = a.getBoundingClientRect(), d = r.getElementById("dock").getBoundingClientRect()
					return f.top >= d.top - 1 && f.bottom <= d.bottom + 1
				})()`) {
					tab.ScreenshotView(shotName("zoom-button", c.name, "reopened"))
					t.Error("the toolbar opened again at 300 % on a phone scrolls its focused control out of view")
				}
				// 帮助 opens its panel below the rows: it comes into view.
				browsertest.Eval[bool](tab, `document.getElementById("yiyue-host").shadowRoot.querySelector('[data-id="help"]').click(), true`)
				tab.Do(chromedp.Sleep(150 * time.Millisecond))
				if !browsertest.Eval[bool](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot
					const h = r.getElementById("help").getBoundingClientRect(), d = r.getElementById("dock").getBoundingClientRect()
					return !r.getElementById("help").hidden && h.top >= d.top - 1 && h.top < d.bottom - 20 })()`) {
					tab.ScreenshotView(shotName("zoom-button", c.name, "help"))
					t.Error("the help panel opened at 300 % on a phone is out of view")
				}
			}
			if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["elder"] != false {
				t.Errorf("pressing 放大文字 turned on elder mode: %v", st)
			}
		})
	}
}

// pressScreens are the screens the press tests run on: a desktop's,
// pressed with a mouse, and a phone's, tapped.
var pressScreens = []struct {
	name string
	w, h int64
	tap  bool
}{
	{"desktop", 1280, 800, false},
	{"phone", 360, 740, true},
}

// pressTab opens the example portal on a w×h screen, a phone's that is
// tapped where tap is set, with nothing saved for the site.
func pressTab(t *testing.T, w, h int64, tap bool) *browsertest.Tab {
	t.Helper()
	if !tap {
		return open(t, w, h, "report.html")
	}
	// The portal has no viewport meta: the phone shows it shrunk, at a
	// scale of about 0.3, and the widget keeps its own size on the
	// screen (runtime/scale.js).
	tab := env.Tab(t)
	tab.Phone(w, h)
	tab.Touch()
	tab.Go("report.html")
	browsertest.Eval[bool](tab, `localStorage.clear(), true`)
	tab.Go("report.html")
	ready(tab)
	return tab
}

// pressOpen opens the toolbar as a reader with a mouse, or a finger where
// tap is set, does: by pressing the launcher. (Opened so, the control
// that takes focus shows no focus ring.)
func pressOpen(tab *browsertest.Tab, tap bool) {
	tab.T.Helper()
	pt := browsertest.Eval[[]float64](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot.getElementById("launcher").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
	if tap {
		tab.Tap(pt[0], pt[1])
	} else {
		tab.Do(chromedp.MouseClickXY(pt[0], pt[1]))
	}
	tab.Wait(`yiyue.get().open`, 10*time.Second)
}

// TestLauncherClearsPageBars: the launcher sits over the page in a bottom
// corner. A phone portal's bar of tabs fixed at the bottom of the screen,
// and the links in the page's last line once it is scrolled to its end,
// are out of its way: a tap aimed at 首页 or 网站地图 reaches it, and the
// toolbar opens above the launcher. Where nothing is covered (the
// portal's article on a desktop) it keeps its corner. A site that sets
// --yiyue-lift has its bar cleared from the first frame, before the
// runtime comes.
func TestLauncherClearsPageBars(t *testing.T) {
	const root = `document.getElementById("yiyue-host").shadowRoot`
	// clear says whether the launcher's box is clear of every element
	// that sel finds, and that each one's centre is that element.
	clear := func(tab *browsertest.Tab, sel string) bool {
		return browsertest.Eval[bool](tab, `(() => {
			const l = `+root+`.getElementById("launcher").getBoundingClientRect()
			return [...document.querySelectorAll(`+fmt.Sprintf("%q", sel)+`)].every(a => {
				const r = a.getBoundingClientRect()
				return (r.top >= l.bottom || r.left >= l.right || r.right <= l.left) && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest("a") == a
			})
		})()`)
	}
	tap := func(tab *browsertest.Tab, sel, hash string) {
		pt := browsertest.Eval[[]float64](tab, `(() => { const r = document.querySelector(`+fmt.Sprintf("%q", sel)+`).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
		tab.Tap(pt[0], pt[1])
		tab.Wait(fmt.Sprintf(`location.hash == %q`, hash), 3*time.Second)
	}
	phone := func(t *testing.T, page string) *browsertest.Tab {
		tab := env.Tab(t)
		tab.Phone(360, 740)
		tab.Touch()
		tab.Go(page)
		browsertest.Eval[bool](tab, `localStorage.clear(), true`)
		tab.Go(page)
		ready(tab)
		return tab
	}
	t.Run("found", func(t *testing.T) {
		tab := phone(t, "tabbar.html")
		// The runtime comes with the reader's first use.
		browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
		if !browsertest.Eval[bool](tab, `(async () => {
			const l = `+root+`.getElementById("launcher"), bar = document.querySelector(".tabs")
			for (let i = 0; i < 60 && l.getBoundingClientRect().bottom > bar.getBoundingClientRect().top; i++) await new Promise(r => setTimeout(r, 50))
			return l.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top
		})()`) {
			tab.ScreenshotView("launcher-tab-bar")
			t.Fatal("the launcher covers the page's bar of tabs")
		}
		if !clear(tab, ".tabs a") {
			t.Fatal("a tab's centre is covered")
		}
		tap(tab, ".tabs a", "#t1")
		browsertest.Eval[map[string]any](tab, `yiyue.open()`)
		tab.Wait(root+`.getElementById("dock").getBoundingClientRect().height > 0`, 5*time.Second)
		if !browsertest.Eval[bool](tab, `(() => { const r = `+root+`; return r.getElementById("dock").getBoundingClientRect().bottom <= r.getElementById("launcher").getBoundingClientRect().top })()`) {
			tab.ScreenshotView("launcher-tab-bar-dock")
			t.Error("the open toolbar covers the lifted launcher")
		}
		browsertest.Eval[bool](tab, `yiyue.close().then(() => true)`)
		// At the end of the page, its last links cannot be scrolled from
		// under the launcher.
		browsertest.Eval[bool](tab, `scrollTo(0, document.scrollingElement.scrollHeight), true`)
		time.Sleep(500 * time.Millisecond)
		if !clear(tab, "footer a, .tabs a") {
			tab.ScreenshotView("launcher-page-end")
			t.Fatal("at the end of the page the launcher covers its last links or its tabs")
		}
		tap(tab, "footer a", "#map")
		// The bar grows with the text: the launcher rises with it once
		// the frame that shows the bar grown is drawn, in the next.
		browsertest.Eval[bool](tab, `scrollTo(0, 0), true`)
		time.Sleep(500 * time.Millisecond)
		if !browsertest.Eval[bool](tab, `(async () => {
			const l = `+root+`.getElementById("launcher"), bar = document.querySelector(".tabs")
			const frame = () => new Promise(r => requestAnimationFrame(r))
			yiyue.set({zoom: 3})
			// On the site's first use the bar grows once the page
			// stylesheet came.
			for (let i = 0; i < 200 && bar.getBoundingClientRect().height < 60; i++) await frame()
			for (let i = 0; i < 2; i++) await frame()
			await new Promise(r => setTimeout(r))
			return l.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top
		})()`) {
			tab.ScreenshotView("launcher-tab-bar-zoom")
			t.Error("two frames after a zoom to 300 %, the launcher covers the grown bar of tabs")
		}
	})
	t.Run("site", func(t *testing.T) {
		tab := phone(t, "tabbar.html?lift")
		if browsertest.Eval[bool](tab, `!!yiyue._b.rt`) {
			t.Fatal("the runtime was loaded without a use")
		}
		if !clear(tab, ".tabs a") {
			tab.ScreenshotView("launcher-site-lift")
			t.Fatal("with the site's --yiyue-lift the launcher still covers its bar of tabs")
		}
	})
	t.Run("nothing", func(t *testing.T) {
		tab := open(t, 1280, 800, "report.html")
		browsertest.Eval[bool](tab, `yiyue.load().then(() => new Promise(r => setTimeout(r, 400, true)))`)
		if got := browsertest.Eval[float64](tab, root+`.getElementById("launcher").getBoundingClientRect().bottom`); got != 784 {
			t.Errorf("over the portal's article the launcher moved from its corner: its bottom is at %g px, want 784", got)
		}
	})
}

// TestElderDoublePress: 长者助手 grows the toolbar, and the controls after
// it move; a reader who double clicks it (or taps it twice) gets the
// elder mode, not 配色's list opened by the second press where 配色 moved
// to. A press there after the reader has seen the change does reach 配色.
func TestElderDoublePress(t *testing.T) {
	for _, c := range pressScreens {
		t.Run(c.name, func(t *testing.T) {
			tab := pressTab(t, c.w, c.h, c.tap)
			pressOpen(tab, c.tap)
			const root = `document.getElementById("yiyue-host").shadowRoot`
			btn := root + `.querySelector('[data-id="elder"]')`
			tab.Wait(btn+` && `+btn+`.getBoundingClientRect().width > 0`, 10*time.Second)
			pt := browsertest.Eval[[]float64](tab, `(() => { const r = `+btn+`.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
			press := func() {
				if c.tap {
					tab.Tap(pt[0], pt[1])
				} else {
					tab.Do(chromedp.MouseClickXY(pt[0], pt[1]))
				}
			}
			at := func() string {
				return browsertest.Eval[string](tab, fmt.Sprintf(`(() => { const e = `+root+`.elementFromPoint(%g, %g); return e ? e.closest("[data-id]")?.dataset.id || e.id || e.tagName : "" })()`, pt[0], pt[1]))
			}
			press()
			tab.Do(chromedp.Sleep(150 * time.Millisecond))
			moved := at()
			press()
			tab.Do(chromedp.Sleep(300 * time.Millisecond))
			st := browsertest.Eval[map[string]any](tab, `yiyue.get()`)
			focused := browsertest.Eval[string](tab, root+`.activeElement?.dataset.id || ""`)
			if st["elder"] != true || focused != "elder" {
				tab.ScreenshotView(shotName("elder-double", c.name, "pressed"))
				t.Fatalf("after a double press of 长者助手 (the spot then held %q): elder %v, focus on %q; want the elder mode on, focus on 长者助手", moved, st["elder"], focused)
			}
			if moved == "elder" || moved == "panel" || moved == "" {
				return
			}
			// The reader looks, then presses there again on purpose.
			tab.Do(chromedp.Sleep(400 * time.Millisecond))
			press()
			tab.Do(chromedp.Sleep(200 * time.Millisecond))
			if got := browsertest.Eval[string](tab, root+`.activeElement?.dataset.id || ""`); got != moved {
				t.Errorf("a press at the spot 0.6 s after the change went to %q, want %q, which is there", got, moved)
			}
		})
	}
}

// TestElderHeldPress: a reader who holds the first press of 长者助手 down
// for over a second, then presses the same spot again at once, still
// gets the elder mode, not 配色 where it moved to.
func TestElderHeldPress(t *testing.T) {
	tab := pressTab(t, 1280, 800, false)
	pressOpen(tab, false)
	const root = `document.getElementById("yiyue-host").shadowRoot`
	btn := root + `.querySelector('[data-id="elder"]')`
	tab.Wait(btn+` && `+btn+`.getBoundingClientRect().width > 0`, 10*time.Second)
	pt := browsertest.Eval[[]float64](tab, `(() => { const r = `+btn+`.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
	ev := func(typ input.DispatchMouseEventType) chromedp.Action[chromedp.Void] {
		return chromedp.MouseEvent(typ, pt[0], pt[1], func(p *input.DispatchMouseEventParams) { p.Button = input.MouseButtonLeft; p.ClickCount = 1 })
	}
	tab.Do(ev(chromedp.MousePressed), chromedp.Sleep(1100*time.Millisecond), ev(chromedp.MouseReleased), chromedp.Sleep(150*time.Millisecond))
	moved := browsertest.Eval[string](tab, fmt.Sprintf(`(() => { const e = `+root+`.elementFromPoint(%g, %g); return e ? e.closest("[data-id]")?.dataset.id || e.id || e.tagName : "" })()`, pt[0], pt[1]))
	tab.Do(ev(chromedp.MousePressed), ev(chromedp.MouseReleased), chromedp.Sleep(300*time.Millisecond))
	focused := browsertest.Eval[string](tab, root+`.activeElement?.dataset.id || ""`)
	if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["elder"] != true || focused != "elder" {
		t.Errorf("after a held press of 长者助手 and a quick second one (the spot then held %q): elder %v, focus on %q; want the elder mode on, focus on 长者助手", moved, st["elder"], focused)
	}
}
