package view

import (
	"fmt"
	"testing"
	"time"

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
	for _, c := range []struct {
		name string
		w, h int64
		tap  bool
	}{
		{"desktop", 1280, 800, false},
		{"phone", 360, 740, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tab *browsertest.Tab
			if c.tap {
				// The portal has no viewport meta: the phone shows it
				// shrunk, at a scale of about 0.3, and the widget keeps
				// its own size on the screen (runtime/scale.js).
				tab = env.Tab(t)
				tab.Phone(c.w, c.h)
				tab.Touch()
				tab.Go("report.html")
				browsertest.Eval[bool](tab, `localStorage.clear(), true`)
				tab.Go("report.html")
				ready(tab)
			} else {
				tab = open(t, c.w, c.h, "report.html")
			}
			browsertest.Eval[map[string]any](tab, `yiyue.open()`)
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
				browsertest.Eval[bool](tab, `yiyue._b.msg.textContent = "朗读：暂不可用", true`)
				tab.Do(chromedp.Sleep(100 * time.Millisecond))
				if !browsertest.Eval[bool](tab, `(() => { const r = document.getElementById("yiyue-host").shadowRoot
					const m = r.getElementById("msg").getBoundingClientRect(), d = r.getElementById("dock").getBoundingClientRect()
					return r.getElementById("msg").parentNode.id == "dock" && m.top >= d.top - 1 && m.bottom <= d.bottom + 1 })()`) {
					tab.ScreenshotView(shotName("zoom-button", c.name, "message"))
					t.Error("a message in the toolbar at 300 % on a phone is out of view")
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
