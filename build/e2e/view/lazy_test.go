package view

import (
	"fmt"
	"testing"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// held is what heldJS sees when the change is on the page (yiyue:change)
// and once set() settled.
type held struct {
	Held      int     `json:"held"`      // blocks held at the change
	Nearest   float64 `json:"nearest"`   // the top of the nearest one, in screens below the screen's top
	Above     int     `json:"above"`     // held blocks that start above the screen's bottom
	Fixed     bool    `json:"fixed"`     // the block with a fixed badge inside was held
	Size      string  `json:"size"`      // the last item's date, read while held
	Left      int     `json:"left"`      // blocks still held once set() settled
	Sheets    int     `json:"sheets"`    // adopted sheets with holding rules then
	LastFixed bool    `json:"lastFixed"` // the line at the end, which its 480 px box clips at 150 % and more, was fitted (fit.js) by then
}

// heldJS scrolls to scroll (a share of the page), puts a fixed badge in the
// fifth news box below the screen, and sets zoom z.
const heldJS = `(async () => {
	await yiyue.load()
	scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * %g)
	await __view.frame()
	const boxes = [...document.querySelectorAll(".news-box")]
	const below = boxes.filter(b => b.getBoundingClientRect().top > 3 * innerHeight)
	const badge = document.createElement("b")
	badge.textContent = "新"
	badge.className = "sr-badge"
	below[4].querySelector("h2").append(badge)
	badge.style.position = "fixed"
	await __view.frame()
	const last = boxes[boxes.length - 1]
	const r = {}
	document.addEventListener("yiyue:change", () => {
		const h = [...document.querySelectorAll("[data-yiyue-lazy]")]
		r.held = h.length
		r.nearest = Math.min(...h.map(e => e.getBoundingClientRect().top)) / innerHeight
		r.above = h.filter(e => e.getBoundingClientRect().top < innerHeight).length
		r.fixed = below[4].hasAttribute("data-yiyue-lazy")
		r.size = getComputedStyle(last.querySelector(".date")).fontSize
	}, {once: true})
	await yiyue.set({zoom: %g})
	r.left = document.querySelectorAll("[data-yiyue-lazy]").length
	r.sheets = document.adoptedStyleSheets.filter(s => [...s.cssRules].some(x => x.cssText.includes("yiyue-lazy"))).length
	r.lastFixed = document.getElementById("nowrap").hasAttribute("data-yiyue-fix")
	badge.remove()
	return r
})()`

// TestHeldBelowTheScreen: a zoom on a long page lays out first what is
// near the screen. The blocks more than a screen below it are held
// (runtime/lazy.js) while the change is drawn, none above it or with
// something fixed inside; a script reads their true styles meanwhile;
// and when set() settles none is held, nothing of it is left, every box
// is fitted, and the whole page keeps the zoom's properties.
func TestHeldBelowTheScreen(t *testing.T) {
	tab := open(t, 1280, 800, "gen10k.html")
	// A line that fits its box at 100 %, not at 150 % or 200 %.
	browsertest.Eval[bool](tab, `(() => {
		const d = document.createElement("div")
		d.id = "nowrap"
		d.style.cssText = "width: 480px; white-space: nowrap; overflow: hidden; font-size: 12px"
		d.textContent = "横沥镇政务公开事项办理结果公示，共三十个汉字，一行写完不折行。"
		document.querySelector(".news-box:last-child").append(d)
		return true
	})()`)
	snapBefore(tab)
	for _, c := range []struct {
		scroll, zoom float64
	}{{0, 2}, {0.5, 1.5}, {0.5, 2}} {
		r := browsertest.Eval[held](tab, fmt.Sprintf(heldJS, c.scroll, c.zoom))
		name := fmt.Sprintf("zoom %g at %g of the page", c.zoom, c.scroll)
		if r.Held < 20 {
			t.Errorf("%s: %d blocks held, want most of the page's 300 boxes below the screen", name, r.Held)
		}
		// A held block near the screen would be drawn at once (the
		// browser draws those within half a screen).
		if r.Nearest < 1.5 || r.Above > 0 {
			t.Errorf("%s: the nearest held block starts %.2f screens below the screen's top; %d start above its bottom", name, r.Nearest, r.Above)
		}
		if r.Fixed {
			t.Errorf("%s: a block with something fixed inside was held", name)
		}
		if want := fmt.Sprintf("%gpx", 12*c.zoom); r.Size != want {
			t.Errorf("%s: a held block's text reads %s, want %s", name, r.Size, want)
		}
		if r.Left != 0 || r.Sheets != 0 {
			t.Errorf("%s: once set() settled, %d blocks are held and %d sheets left", name, r.Left, r.Sheets)
		}
		if !r.LastFixed {
			t.Errorf("%s: the last box, held at the change, was not fitted by the time set() settled", name)
		}
		res := compare(tab, c.zoom)
		for _, b := range res.Bad {
			t.Errorf("%s: %s", name, b)
		}
	}
}
