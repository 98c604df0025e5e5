package a11y

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// targetsJS measures every visible control of the dock, and the launcher.
const targetsJS = `JSON.stringify([...` + R + `.querySelectorAll("#dock button, #dock select, #launcher")]
	.filter(e => e.getClientRects().length)
	.map(e => { const r = e.getBoundingClientRect(); return {id: e.dataset.id || e.textContent, x: r.x, y: r.y, w: r.width, h: r.height} }))`

type target struct {
	ID         string
	X, Y, W, H float64
}

func targets(t *testing.T, tab *browsertest.Tab) []target {
	t.Helper()
	var ts []target
	if err := json.Unmarshal([]byte(browsertest.Eval[string](tab, targetsJS)), &ts); err != nil {
		t.Fatal(err)
	}
	if len(ts) < 15 {
		t.Fatalf("only %d controls visible", len(ts))
	}
	return ts
}

// TestTargetSizes measures every control of the toolbar and the help
// panel: at least 44×44 CSS px, and 60×60 in elder mode, at every zoom.
func TestTargetSizes(t *testing.T) {
	for _, m := range []struct {
		name, patch string
		min         float64
	}{
		{"default", `{}`, 44},
		{"zoom-200", `{zoom: 2}`, 44},
		{"zoom-300", `{zoom: 3}`, 44},
		{"yellow-on-black", `{contrast: "yellow-on-black"}`, 44},
		{"elder", `{elder: true}`, 60},
		{"elder-zoom-300", `{elder: true, zoom: 3}`, 60},
	} {
		t.Run(m.name, func(t *testing.T) {
			tab := page(t, "report.html?data-tts=/tts")
			open(t, tab)
			set(t, tab, m.patch)
			tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
			settle(tab)
			smallest := target{W: 1e9, H: 1e9}
			for _, c := range targets(t, tab) {
				if c.W < m.min-0.01 || c.H < m.min-0.01 {
					t.Errorf("%s is %.1f×%.1f CSS px, want at least %.0f×%.0f", c.ID, c.W, c.H, m.min, m.min)
				}
				if c.W*c.H < smallest.W*smallest.H {
					smallest = c
				}
			}
			t.Logf("%s: smallest target %s %.0f×%.0f", m.name, smallest.ID, smallest.W, smallest.H)
			if m.min == 60 {
				// Labels under icons: every button's icon sits above its label.
				bad := browsertest.Eval[[]string](tab, `[...`+R+`.querySelectorAll("#panel button")].filter(b => {
					const i = b.querySelector(".icon"), l = b.querySelector(".label")
					return !i || !l || i.getBoundingClientRect().bottom > l.getBoundingClientRect().top + 1
				}).map(b => b.dataset.id)`)
				if len(bad) > 0 {
					t.Errorf("buttons without a label under the icon: %v", bad)
				}
			}
			// The dock never covers the launcher.
			if browsertest.Eval[bool](tab, `(() => { const a = `+R+`.getElementById("dock").getBoundingClientRect(), b = `+R+`.getElementById("launcher").getBoundingClientRect(); return a.bottom > b.top && a.right > b.left && a.left < b.right })()`) {
				t.Error("the dock covers the launcher")
			}
			shot(t, tab, "targets-"+m.name)
		})
	}
}

// TestPhoneShowingDesktopLayout: a phone shows the portal, which has no
// viewport meta, shrunk to fit its 360 px screen, and everything fixed on
// it with it. The widget keeps its own size on the screen: the launcher
// nearly so before use (launcher.css's estimate) and exactly once the
// runtime runs (runtime/scale.js); every control of the toolbar at least
// 44×44 screen px and inside the screen; the caption's text at 40.
func TestPhoneShowingDesktopLayout(t *testing.T) {
	tab := env.Tab(t)
	tab.Phone(360, 740)
	tab.Go("report.html")
	browsertest.Eval[bool](tab, `localStorage.clear(), true`)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && getComputedStyle(`+R+`.getElementById("launcher")).position == "fixed"`, 10*time.Second)
	scale := browsertest.Eval[float64](tab, `visualViewport.scale`)
	if scale > 0.5 {
		t.Fatalf("the page is shown at a scale of %g, not shrunk to fit a phone", scale)
	}
	// Sizes on the screen, in the screen's CSS px.
	const launcher = `(() => { const r = ` + R + `.getElementById("launcher").getBoundingClientRect(); return [r.width * visualViewport.scale, r.height * visualViewport.scale] })()`
	if s := browsertest.Eval[[]float64](tab, launcher); s[1] < 34 {
		t.Errorf("before use, the launcher is %.0f×%.0f px on the screen (at a scale of %.2f), want at least 34 px high", s[0], s[1], scale)
	}
	open(t, tab)
	tab.Wait(R+`.host.style.zoom != ""`, 5*time.Second)
	if s := browsertest.Eval[[]float64](tab, launcher); s[1] < 47.5 {
		t.Errorf("the launcher is %.0f×%.0f px on the screen, want 48 px high", s[0], s[1])
	}
	for _, patch := range []string{`{}`, `{elder: true}`} {
		set(t, tab, patch)
		settle(tab)
		min := 44.0
		if patch != `{}` {
			min = 60
		}
		vv := browsertest.Eval[[]float64](tab, `[visualViewport.offsetLeft, visualViewport.offsetTop, visualViewport.width, visualViewport.height]`)
		for _, c := range targets(t, tab) {
			if c.W*scale < min-0.5 || c.H*scale < min-0.5 {
				t.Errorf("%s: %s is %.1f×%.1f px on the screen, want at least %.0f×%.0f", patch, c.ID, c.W*scale, c.H*scale, min, min)
			}
		}
		d := browsertest.Eval[[]float64](tab, `(() => { const r = `+R+`.getElementById("dock").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom] })()`)
		if d[0] < vv[0] || d[1] < vv[1] || d[2] > vv[0]+vv[2] || d[3] > vv[1]+vv[3] {
			t.Errorf("%s: the toolbar (%.0f,%.0f)–(%.0f,%.0f) reaches outside the screen (%.0f,%.0f)+%.0f×%.0f", patch, d[0], d[1], d[2], d[3], vv[0], vv[1], vv[2], vv[3])
		}
	}
	tab.Wait(R+`.querySelector(".yiyue-caption")`, 5*time.Second)
	tab.Wait(`getComputedStyle(`+R+`.querySelector(".yiyue-caption")).position == "fixed"`, 5*time.Second)
	if px := browsertest.Eval[float64](tab, `parseFloat(getComputedStyle(`+R+`.querySelector(".yiyue-caption")).fontSize) * `+R+`.host.style.zoom * visualViewport.scale`); px < 39.5 {
		t.Errorf("the caption's text is %.1f px on the screen, want 40", px)
	}
	shot(t, tab, "phone-desktop-layout-elder")

	// With the toolbar closed, a tap on the report's text: the caption
	// shows it, and the reading guide is where the finger is.
	browsertest.Eval[map[string]any](tab, `yiyue.close()`)
	pt := browsertest.Eval[[]float64](tab, `(() => {
		const t = [...document.querySelectorAll(".article-body p")[1].childNodes].find(n => n.nodeType == 3)
		const r = document.createRange()
		r.setStart(t, 5), r.setEnd(t, 6)
		r.startContainer.parentElement.scrollIntoView({block: "center"})
		const q = r.getBoundingClientRect()
		return [q.left + q.width / 2, q.top + q.height / 2]
	})()`)
	tab.Tap(pt[0], pt[1])
	tab.Wait(R+`.querySelector(".yiyue-caption").textContent.length > 4`, 3*time.Second)
	// The guide glides there in 50 ms.
	tab.Wait(fmt.Sprintf(`(() => { const r = %s.querySelector(".yiyue-guide").getBoundingClientRect(); return r.top <= %g && r.bottom >= %g })()`, R, pt[1], pt[1]), 2*time.Second)
	shot(t, tab, "phone-desktop-layout-caption")

	// The reader pinch-zooms in on the text, to read it: the widget stays
	// on what the screen shows, at its own size. (Panning the zoomed view,
	// which moves the widget with it, cannot be made here: headless
	// Chromium's synthetic pan and pinch gestures do not move it.)
	if _, err := chromedp.Call(tab.Ctx, emulation.SetPageScaleFactor, emulation.SetPageScaleFactorParams{PageScaleFactor: 1}); err != nil {
		t.Fatalf("pinch: %v", err)
	}
	tab.Wait(`visualViewport.scale > 0.8`, 5*time.Second)
	onView := func(when string) {
		t.Helper()
		frames(tab)
		st := browsertest.Eval[[]float64](tab, `(() => { const v = visualViewport, l = `+R+`.getElementById("launcher").getBoundingClientRect(), c = `+R+`.querySelector(".yiyue-caption").getBoundingClientRect(); return [v.scale, v.offsetLeft, v.offsetTop, v.width, v.height, l.left, l.top, l.right, l.bottom, c.left, c.top, c.right, c.bottom] })()`)
		sc, vl, vt, vw, vh := st[0], st[1], st[2], st[3], st[4]
		for i, name := range []string{"launcher", "caption bar"} {
			r := st[5+4*i : 9+4*i]
			if r[0] < vl-1 || r[1] < vt-1 || r[2] > vl+vw+1 || r[3] > vt+vh+1 {
				t.Errorf("%s, the %s is at (%.0f,%.0f)–(%.0f,%.0f), off the screen's view (%.0f,%.0f)+%.0f×%.0f", when, name, r[0], r[1], r[2], r[3], vl, vt, vw, vh)
			}
		}
		// In the elder mode, on since above, the launcher is 60 px high.
		if h := (st[8] - st[6]) * sc; h < 59.5 || h > 60.5 {
			t.Errorf("%s, the launcher is %.1f px high on the screen, want 60", when, h)
		}
	}
	onView("pinch-zoomed to 1")
	// The guide stays on the tapped line.
	tab.Wait(`(() => {
		const t = [...document.querySelectorAll(".article-body p")[1].childNodes].find(n => n.nodeType == 3)
		const r = document.createRange()
		r.setStart(t, 5), r.setEnd(t, 6)
		const q = r.getBoundingClientRect(), y = (q.top + q.bottom) / 2, g = `+R+`.querySelector(".yiyue-guide").getBoundingClientRect()
		return g.top <= y && g.bottom >= y })()`, 2*time.Second)
	shot(t, tab, "phone-desktop-layout-pinched")
	noErrors(t, tab)
}

// TestOnScreenOverTransformedBody: portals grey their pages on days of
// mourning with a filter, some on <body>, and some scale <body> with a
// transform. Either makes <body> the box that fixed elements inside it are
// placed in, so a widget inside it would scroll away with the page. The
// widget sits in the top layer instead: scrolled to the middle of the
// report, the launcher and the open toolbar are on the screen.
func TestOnScreenOverTransformedBody(t *testing.T) {
	for _, css := range []string{"filter: grayscale(1)", "transform: translateZ(0)"} {
		t.Run(strings.TrimSuffix(strings.Fields(css)[0], ":"), func(t *testing.T) {
			tab := page(t, "report.html")
			browsertest.Eval[bool](tab, `(document.body.style.cssText = `+strconv.Quote(css)+`, scrollTo(0, 1500), true)`)
			onScreen := func(id string) {
				t.Helper()
				r := browsertest.Eval[[]float64](tab, `(() => { const r = `+R+`.getElementById("`+id+`").getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right, innerHeight, innerWidth] })()`)
				if r[0] < 0 || r[1] > r[4] || r[2] < 0 || r[3] > r[5] {
					t.Errorf("with <body> %s, scrolled down, #%s is at (%.0f,%.0f)–(%.0f,%.0f), off the %.0f×%.0f screen", css, id, r[2], r[0], r[3], r[1], r[5], r[4])
				}
			}
			frames(tab)
			onScreen("launcher")
			open(t, tab)
			onScreen("dock")
			noErrors(t, tab)
		})
	}
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(r, g, b float64) float64 {
	c := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*c(r) + 0.7152*c(g) + 0.0722*c(b)
}

func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a[0], a[1], a[2]), luminance(b[0], b[1], b[2])
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// parseRGB reads a computed colour; a translucent one (forced colours'
// Highlight is, in Chromium) comes with its alpha.
func parseRGB(s string) ([3]float64, float64, error) {
	var c [3]float64
	alpha := 1.0
	s = strings.TrimSpace(s)
	i, j := strings.IndexByte(s, '('), strings.IndexByte(s, ')')
	if !strings.HasPrefix(s, "rgb") || i < 0 || j < i {
		return c, 0, fmt.Errorf("not an rgb colour: %q", s)
	}
	parts := strings.FieldsFunc(s[i+1:j], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(parts) < 3 {
		return c, 0, fmt.Errorf("not an rgb colour: %q", s)
	}
	if len(parts) == 4 {
		a, err := strconv.ParseFloat(parts[3], 64)
		if err != nil {
			return c, 0, err
		}
		alpha = a
	}
	for k := 0; k < 3; k++ {
		v, err := strconv.ParseFloat(parts[k], 64)
		if err != nil {
			return c, 0, err
		}
		c[k] = v
	}
	return c, alpha, nil
}

// over composites colour c with alpha a over bg.
func over(c [3]float64, a float64, bg [3]float64) [3]float64 {
	for k := range c {
		c[k] = a*c[k] + (1-a)*bg[k]
	}
	return c
}

type focusStyle struct {
	ID                                  string
	Outline, OutlineStyle, DockBG, Fill string
	Width, Offset                       float64
	X, Y, W, H, DPR                     float64
	ScrollX, ScrollY                    float64
}

const focusStyleJS = `(() => {
	const e = ` + R + `.activeElement, c = getComputedStyle(e), r = e.getBoundingClientRect()
	return JSON.stringify({id: e.dataset.id, outline: c.outlineColor, outlineStyle: c.outlineStyle,
		width: parseFloat(c.outlineWidth), offset: parseFloat(c.outlineOffset),
		dockBG: getComputedStyle(` + R + `.getElementById("dock")).backgroundColor, fill: c.backgroundColor,
		x: r.x, y: r.y, w: r.width, h: r.height, dpr: devicePixelRatio, scrollX, scrollY})
})()`

// ringPainted samples, in a screenshot, the middle of the focus ring
// around the focused control and the 1 px gap between the control and the
// ring. It returns the share of ring samples painted in the outline
// colour (a ring that the dock clips, or something covers, shows less)
// and the colour most often painted in the gap: what the ring is seen
// against, whatever the styles say (forced colours rewrite them).
func ringPainted(t *testing.T, tab *browsertest.Tab, f focusStyle, ring [3]float64, alpha float64) (float64, [3]float64, [3]float64) {
	t.Helper()
	// Only the control and its ring, which is quick to capture.
	m := f.Offset + f.Width + 4
	clip := &cdppage.Viewport{X: f.X - m + f.ScrollX, Y: f.Y - m + f.ScrollY, Width: f.W + 2*m, Height: f.H + 2*m, Scale: 1}
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{Format: cdppage.CaptureScreenshotFormatPng, Clip: clip})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y float64) [3]float64 {
		r, g, bb, _ := img.At(int((x-f.X+m)*f.DPR), int((y-f.Y+m)*f.DPR)).RGBA()
		return [3]float64{float64(r >> 8), float64(g >> 8), float64(bb >> 8)}
	}
	var n, hit int
	gap := map[[3]float64]int{}
	// Along the edges, away from the rounded corners.
	edges := func(d float64, visit func(x, y float64)) {
		x0, y0, x1, y1 := f.X-d, f.Y-d, f.X+f.W+d, f.Y+f.H+d
		for x := x0 + 8; x < x1-8; x += 2 {
			visit(x, y0)
			visit(x, y1)
		}
		for y := y0 + 8; y < y1-8; y += 2 {
			visit(x0, y)
			visit(x1, y)
		}
	}
	edges(f.Offset/2, func(x, y float64) { gap[at(x, y)]++ })
	var bg [3]float64
	most := 0
	for c, k := range gap {
		if k > most {
			bg, most = c, k
		}
	}
	want := over(ring, alpha, bg)
	edges(f.Offset+f.Width/2, func(x, y float64) {
		n++
		got := at(x, y)
		if math.Abs(got[0]-want[0]) < 48 && math.Abs(got[1]-want[1]) < 48 && math.Abs(got[2]-want[2]) < 48 {
			hit++
		}
	})
	return float64(hit) / float64(n), want, bg
}

// TestFocusVisibleContrast moves focus with the keyboard through every
// control in every scheme, in elder mode and under forced colours, and
// checks that the focus ring is at least 2 px thick, contrasts at least
// 3:1 with the dock behind it, and is really painted on screen.
func TestFocusVisibleContrast(t *testing.T) {
	for _, m := range []struct{ name, patch, forced string }{
		{"default", `{}`, ""},
		{"yellow-on-black", `{contrast: "yellow-on-black"}`, ""},
		{"white-on-black", `{contrast: "white-on-black"}`, ""},
		{"black-on-white", `{contrast: "black-on-white"}`, ""},
		{"black-on-yellow", `{contrast: "black-on-yellow"}`, ""},
		{"yellow-on-blue", `{contrast: "yellow-on-blue"}`, ""},
		{"elder", `{elder: true}`, ""},
		{"forced-colors", `{}`, "active"},
	} {
		t.Run(m.name, func(t *testing.T) {
			tab := page(t, "report.html")
			media := []string{"prefers-reduced-motion", "reduce"}
			if m.forced != "" {
				media = append(media, "forced-colors", m.forced)
			}
			tab.EmulateMedia("", media...)
			open(t, tab)
			set(t, tab, m.patch)
			// Some controls pressed, so the ring is checked on filled ones.
			set(t, tab, `{cursor: true, links: true}`)
			settle(tab)
			worst, worstID := 99.0, ""
			ids := focusableIDs()
			for i := range ids {
				if i > 0 {
					key(tab, kb.ArrowRight)
				}
				var f focusStyle
				if err := json.Unmarshal([]byte(browsertest.Eval[string](tab, focusStyleJS)), &f); err != nil {
					t.Fatal(err)
				}
				if f.OutlineStyle == "none" || f.Width < 2 {
					t.Errorf("%s: focus outline %s %.1fpx, want a solid ring of at least 2px", f.ID, f.OutlineStyle, f.Width)
					continue
				}
				oc, alpha, err := parseRGB(f.Outline)
				if err != nil {
					t.Fatalf("%s: %v", f.ID, err)
				}
				// On screen for every control in the default scheme, and for
				// a sample (a button, a select, a pressed toggle, the last)
				// in the others; from the computed styles for the rest.
				var bg [3]float64
				switch f.ID {
				case "script", "contrast", "cursor", "close":
					var share float64
					share, oc, bg = ringPainted(t, tab, f, oc, alpha)
					if share < 0.9 {
						t.Errorf("%s: only %.0f%% of the focus ring is painted in %s", f.ID, share*100, f.Outline)
					}
				default:
					if m.name == "default" {
						var share float64
						share, oc, bg = ringPainted(t, tab, f, oc, alpha)
						if share < 0.9 {
							t.Errorf("%s: only %.0f%% of the focus ring is painted in %s", f.ID, share*100, f.Outline)
						}
						break
					}
					var a2 float64
					bg, a2, err = parseRGB(f.DockBG)
					if err != nil || alpha < 1 || a2 < 1 {
						continue // translucent (forced colours): checked on screen
					}
				}
				c := contrast(oc, bg)
				if c < worst {
					worst, worstID = c, f.ID
				}
				if c < 3 {
					t.Errorf("%s: focus ring %s against the painted %v is %.2f:1, want at least 3:1", f.ID, f.Outline, bg, c)
				}
			}
			t.Logf("%s: lowest focus-ring contrast %.2f:1 (%s)", m.name, worst, worstID)
			shot(t, tab, "focus-"+m.name)
		})
	}
}
