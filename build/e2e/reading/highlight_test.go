package reading

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// highlightColorsJS returns the reading highlight's text and background
// colours and decoration on a paragraph, as computed, and the background
// the paragraph shows.
const highlightColorsJS = `(() => {
	const p = document.querySelector("#article-body p")
	const s = getComputedStyle(p, "::highlight(yiyue-reading)")
	let bg = "rgba(0, 0, 0, 0)"
	for (let e = p; e && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); e = e.parentElement) bg = getComputedStyle(e).backgroundColor
	return [s.color, s.backgroundColor, s.textDecorationLine, bg]
})()`

// TestHighlightReadableInEveryScheme: in every contrast scheme the
// highlighted sentence has a contrast of at least 7:1 and is underlined,
// so it does not rely on colour alone; the page's DOM is not changed.
func TestHighlightReadableInEveryScheme(t *testing.T) {
	tab, _ := startReading(t, "report.html", 1)
	waitStarted(tab, 0, 10*time.Second)
	browsertest.Eval[bool](tab, `window.__html = document.body.innerHTML, true`)
	for _, scheme := range []string{"off", "yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue"} {
		browsertest.Eval[map[string]any](tab, `yiyue.set({contrast: "`+scheme+`"})`)
		c := browsertest.Eval[[]string](tab, highlightColorsJS)
		fg, bg := parseRGB(t, c[0]), parseRGB(t, c[1])
		ratio := contrast(fg, bg)
		t.Logf("%s: highlight %s on %s, %.1f:1, %s; page background %s", scheme, c[0], c[1], ratio, c[2], c[3])
		if ratio < 7 {
			t.Errorf("%s: highlight contrast %.1f:1 (%s on %s), want at least 7:1", scheme, ratio, c[0], c[1])
		}
		if page := parseRGB(t, c[3]); page == bg {
			t.Errorf("%s: the highlight's background is the page's own, %s", scheme, c[3])
		}
		if !strings.Contains(c[2], "underline") {
			t.Errorf("%s: the highlight is not underlined (%q)", scheme, c[2])
		}
	}
	browsertest.Eval[map[string]any](tab, `yiyue.set({contrast: "off"})`)
	if !browsertest.Eval[bool](tab, `document.body.innerHTML === __html`) {
		t.Error("reading changed the page's DOM")
	}
	tab.Screenshot("reading-highlight")
	noErrors(t, tab)
}

func parseRGB(t *testing.T, s string) [3]float64 {
	t.Helper()
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "rgba("), "rgb("), ")")
	f := strings.Split(s, ",")
	if len(f) < 3 {
		t.Fatalf("colour %q", s)
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseFloat(strings.TrimSpace(f[i]), 64)
		if err != nil {
			t.Fatalf("colour %q", s)
		}
		c[i] = v
	}
	return c
}

// contrast is the WCAG contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.04045 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	x, y := lum(a), lum(b)
	return (max(x, y) + 0.05) / (min(x, y) + 0.05)
}
