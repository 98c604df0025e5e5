package a11y

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// overflowJS lists the dock's controls and texts that reach outside the
// viewport or are cut off inside their box, and reports whether the dock
// scrolls sideways.
const overflowJS = `(() => {
	const d = ` + R + `.getElementById("dock"), out = []
	const dr = d.getBoundingClientRect()
	if (dr.left < 0 || dr.right > innerWidth) out.push("dock " + dr.left + ".." + dr.right + " in " + innerWidth)
	if (d.scrollWidth > d.clientWidth + 1) out.push("dock scrolls sideways: " + d.scrollWidth + " > " + d.clientWidth)
	for (const e of d.querySelectorAll("button, select, .label, .readout, p, dt, dd, kbd")) {
		if (!e.getClientRects().length) continue
		const r = e.getBoundingClientRect()
		if (r.right > dr.right + 1 || r.left < dr.left - 1) out.push((e.dataset.id || e.textContent.slice(0, 12)) + " outside the dock")
		if (e.scrollWidth > e.clientWidth + 1 && e.tagName !== "SELECT") out.push((e.dataset.id || e.textContent.slice(0, 12)) + " cut off: " + e.scrollWidth + " > " + e.clientWidth)
	}
	return out
})()`

// textSpacingCSS is WCAG 1.4.12's text spacing, applied to the widget.
const textSpacingCSS = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important } p { margin-bottom: 2em !important }`

// TestToolbarReflowsAndTakesSpacing: at 320 CSS px wide (WCAG 1.4.10),
// at 200 % and 300 % text, in English (the longest labels), and with
// WCAG 1.4.12 text spacing, the dock fits the viewport without sideways
// scrolling, and no control or text is cut off.
func TestToolbarReflowsAndTakesSpacing(t *testing.T) {
	for _, c := range []struct {
		name, query, patch string
		width              int64
		spacing            bool
	}{
		{"320-zh", "", `{}`, 320, false},
		{"320-en", "?data-lang=en", `{}`, 320, false},
		{"320-en-elder", "?data-lang=en", `{elder: true}`, 320, false},
		// The privacy note names the speech service's host, a long word.
		{"320-zoom-300-zh", "?data-tts=" + "https%3A%2F%2Ftts.hengli-district.example.gov.cn%2Fspeak", `{zoom: 3}`, 320, false},
		{"1280-zoom-300-en", "?data-lang=en", `{zoom: 3}`, 1280, false},
		{"640-zoom-200-zh", "", `{zoom: 2}`, 640, false},
		{"1280-spacing-en", "?data-lang=en", `{}`, 1280, true},
		{"320-spacing-zh", "", `{}`, 320, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := page(t, "report.html"+c.query)
			tab.Do(chromedp.EmulateViewport(c.width, 800))
			open(t, tab)
			set(t, tab, c.patch)
			tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
			if strings.Contains(c.query, "data-tts") {
				tab.Wait(`(p => p && !p.hidden && p.textContent)(`+R+`.getElementById("privacy"))`, 5*time.Second)
			}
			if c.spacing {
				tab.Do(chromedp.Evaluate[chromedp.Void](`(() => { const s = new CSSStyleSheet(); s.replaceSync(` + "`" + textSpacingCSS + "`" + `); ` + R + `.adoptedStyleSheets = [...` + R + `.adoptedStyleSheets, s] })()`))
			}
			settle(tab)
			if bad := browsertest.Eval[[]string](tab, overflowJS); len(bad) > 0 {
				t.Errorf("%s:\n%s", c.name, strings.Join(bad, "\n"))
			}
			shot(t, tab, "reflow-"+c.name)
		})
	}
}
