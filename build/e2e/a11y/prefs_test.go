package a11y

import (
	"fmt"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// motionJS reports the widget's and the page's running animations and
// the dock's controls whose transitions take time.
const motionJS = `JSON.stringify({
	animations: document.getAnimations().length + ` + R + `.getAnimations().length,
	transitions: [...` + R + `.querySelectorAll("#dock *")].filter(e => getComputedStyle(e).transitionDuration.split(",").some(d => parseFloat(d) > 0)).length,
})`

// TestReducedMotion: under prefers-reduced-motion the widget runs no
// animation or transition, in any mode; without it, its controls do
// fade (so the check is not vacuous).
func TestReducedMotion(t *testing.T) {
	tab := page(t, "report.html")
	tab.EmulateMedia("", "prefers-reduced-motion", "no-preference")
	open(t, tab)
	if got := browsertest.Eval[string](tab, motionJS); strings.Contains(got, `"transitions":0,`) || strings.HasSuffix(got, `"transitions":0}`) {
		t.Fatalf("without a motion preference, no control has a transition (%s): the test would prove nothing", got)
	}
	tab.EmulateMedia("", "prefers-reduced-motion", "reduce")
	for _, patch := range []string{`{}`, `{contrast: "yellow-on-black"}`, `{zoom: 2}`, `{elder: true}`, `{reading: "continuous"}`, `{guide: true, caption: true}`} {
		set(t, tab, patch)
		press(t, tab, "cursor")
		// Straight after the change, when an animation would run.
		if got := browsertest.Eval[string](tab, motionJS); got != `{"animations":0,"transitions":0}` {
			t.Errorf("%s under reduced motion: %s", patch, got)
		}
		browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	}
	noErrors(t, tab)
}

// TestPrefersContrastSuggests: when the system asks for more contrast,
// the toolbar suggests a scheme (a hint and a marked scheme control)
// and forces none; once the user picks one, the hint goes.
func TestPrefersContrastSuggests(t *testing.T) {
	tab := page(t, "report.html")
	hintShown := `getComputedStyle(` + R + `.getElementById("hint")).display !== "none"`
	tab.EmulateMedia("", "prefers-contrast", "more", "prefers-reduced-motion", "reduce")
	open(t, tab)
	frames(tab)
	if !browsertest.Eval[bool](tab, hintShown) {
		t.Error("no hint under prefers-contrast: more")
	}
	if got := browsertest.Eval[string](tab, R+`.getElementById("hint").textContent`); got != i18n.T(i18n.Hans, i18n.HintContrast) {
		t.Errorf("hint %q", got)
	}
	if s := browsertest.Eval[string](tab, `getComputedStyle(`+R+`.querySelector("[data-id=contrast]")).borderTopStyle`); s != "double" {
		t.Errorf("the scheme control is not marked (border %s)", s)
	}
	if c := browsertest.Eval[string](tab, `yiyue.get().contrast + " " + (document.documentElement.getAttribute("data-yiyue") || "")`); strings.Contains(c, "-on-") {
		t.Errorf("a scheme was forced: %s", c)
	}
	shot(t, tab, "prefers-contrast")
	set(t, tab, `{contrast: "black-on-white"}`)
	if browsertest.Eval[bool](tab, hintShown) {
		t.Error("the hint stays after a scheme was chosen")
	}
	// Without the preference, no hint.
	tab.EmulateMedia("", "prefers-contrast", "no-preference", "prefers-reduced-motion", "reduce")
	set(t, tab, `{contrast: "off"}`)
	if browsertest.Eval[bool](tab, hintShown) {
		t.Error("a hint without prefers-contrast: more")
	}
}

// TestForcedColors: under the system's forced colours the toolbar shows
// in system colours, and a pressed control still differs from an
// unpressed one.
func TestForcedColors(t *testing.T) {
	tab := page(t, "report.html")
	tab.EmulateMedia("", "forced-colors", "active", "prefers-reduced-motion", "reduce")
	open(t, tab)
	set(t, tab, `{cursor: true}`)
	settle(tab)
	got := browsertest.Eval[map[string]string](tab, `(() => {
		const s = id => getComputedStyle(`+R+`.querySelector("[data-id=" + id + "]"))
		return {on: s("cursor").backgroundColor, off: s("guide").backgroundColor, onBar: s("cursor").boxShadow, dock: getComputedStyle(`+R+`.getElementById("dock")).borderTopStyle}
	})()`)
	if got["on"] == got["off"] {
		t.Errorf("under forced colours a pressed control looks like an unpressed one: %v", got)
	}
	if !strings.Contains(got["onBar"], "inset") {
		t.Errorf("the pressed bar is gone under forced colours: %v", got)
	}
	shot(t, tab, "forced-colors")
	noErrors(t, tab)
}

// TestHelpPanel: the help panel says what every control does and how to
// reset, lists the shortcuts, and carries the privacy note, naming the
// host, exactly when a speech service receives page text: the site's
// data-tts, or the page's own /tts (which this test server answers).
func TestHelpPanel(t *testing.T) {
	for _, c := range []struct {
		query   string
		privacy bool
	}{
		{"?data-tts=/tts", true},
		{"?data-tts=" + "https%3A%2F%2Ftts.example.gov.cn%2Fspeak", true},
		{"", true},
		{"?data-tts=", false},
		{"?data-tts=/tts&data-engine=browser", false},
	} {
		t.Run(c.query, func(t *testing.T) {
			tab := page(t, "report.html"+c.query)
			open(t, tab)
			press(t, tab, "help")
			tab.Wait(`!`+R+`.getElementById("help").hidden`, 2*time.Second)
			if e := attr(tab, "help", "aria-expanded"); e != "true" {
				t.Errorf("help aria-expanded = %q", e)
			}
			if c := attr(tab, "help", "aria-controls"); c != "help" {
				t.Errorf("help aria-controls = %q", c)
			}
			text := browsertest.Eval[string](tab, R+`.getElementById("help").textContent`)
			for _, ctl := range toolbar.Controls {
				if ctl.Desc == 0 {
					continue
				}
				if want := i18n.T(i18n.Hans, ctl.Label) + i18n.T(i18n.Hans, ctl.Desc); !strings.Contains(text, want) {
					t.Errorf("the help does not explain %s: %q", ctl.ID, want)
				}
			}
			for _, k := range []i18n.Key{i18n.HelpReset, i18n.HelpShortcuts, i18n.ShortcutsAbout} {
				if !strings.Contains(text, i18n.T(i18n.Hans, k)) {
					t.Errorf("the help lacks %q", i18n.T(i18n.Hans, k))
				}
			}
			// Its two parts have headings, which a screen reader lists.
			heads := browsertest.Eval[[]string](tab, `[...`+R+`.querySelectorAll("#help [role=heading][aria-level]")].map(h => h.textContent)`)
			if want := []string{i18n.T(i18n.Hans, i18n.HelpControls), i18n.T(i18n.Hans, i18n.HelpShortcuts)}; strings.Join(heads, "|") != strings.Join(want, "|") {
				t.Errorf("the help's headings are %q, want %q", heads, want)
			}
			// The reader finds its speech service a moment after it starts.
			shown := `(p => p && !p.hidden && p.textContent)(` + R + `.getElementById("privacy"))`
			if c.privacy {
				tab.Wait(shown, 5*time.Second)
			} else {
				time.Sleep(time.Second)
			}
			privacy := browsertest.Eval[string](tab, `(p => p && !p.hidden ? p.textContent : "")(`+R+`.getElementById("privacy"))`)
			switch {
			case c.privacy && !strings.Contains(privacy, "语音服务"):
				t.Errorf("no privacy note with a TTS endpoint: %q", privacy)
			case c.privacy && strings.Contains(c.query, "example") && !strings.Contains(privacy, "tts.example.gov.cn"):
				t.Errorf("the privacy note does not name the endpoint's host: %q", privacy)
			case !c.privacy && privacy != "":
				t.Errorf("a privacy note without page text leaving the browser: %q", privacy)
			}
			// Esc from inside the help closes the whole dock.
			tab.Do(chromedp.KeyEvent("\t"))
			key(tab, "\u001b")
			tab.Wait(`!yiyue.get().open && (`+focusedJS+`) === "launcher"`, 3*time.Second)
		})
	}
}

// fontSizesJS reports, in px: the launcher's text, the dock's, the gap
// between the dock and the launcher below it (the dock is open), a
// paragraph of the page set in px (14 px) and one set in the default
// size (medium).
const fontSizesJS = `(() => {
	const px = e => parseFloat(getComputedStyle(e).fontSize)
	const l = ` + R + `.getElementById("launcher"), d = ` + R + `.getElementById("dock")
	if (d.hidden) throw Error("the dock is closed")
	return [px(l), px(d), l.getBoundingClientRect().top - d.getBoundingClientRect().bottom,
		px(document.querySelector("#content p")), px(document.getElementById("medium"))]
})()`

// TestDefaultFontSize: a reader who set the browser's font size to 24 px
// (the default is 16) gets the widget's own text that much larger too,
// the launcher's, the toolbar's and the caption bar's, and the dock still
// opens clear of the launcher and fits a 320 px screen. Text zoom
// multiplies what the page shows: a paragraph set in px is 14 px × 2, one
// in the default size 24 px × 2, not 16 px × 2.
func TestDefaultFontSize(t *testing.T) {
	for _, w := range []int64{1280, 320} {
		tab := env.Tab(t)
		if _, err := chromedp.Call(tab.Ctx, cdppage.SetFontSizes, cdppage.SetFontSizesParams{FontSizes: &cdppage.FontSizes{Standard: 24, Fixed: 20}}); err != nil {
			t.Fatalf("setting the browser's font size: %v", err)
		}
		tab.Do(chromedp.EmulateViewport(w, 800))
		tab = pageIn(t, tab, "report.html")
		browsertest.Eval[bool](tab, `(() => { const p = document.createElement("p"); p.id = "medium"; p.style.fontSize = "medium"; p.textContent = "默认字号的段落"; document.getElementById("content").append(p); return true })()`)
		open(t, tab)
		got := browsertest.Eval[[]float64](tab, fontSizesJS)
		if got[0] != 24 || got[1] != 22.5 {
			t.Errorf("%d px wide: the launcher's text is %g px and the dock's %g px, want 24 and 22.5 (the browser's font size is 24 px)", w, got[0], got[1])
		}
		if got[2] < 8 {
			t.Errorf("%d px wide: the dock ends %g px above the launcher: it covers it", w, got[2])
		}
		if got[3] != 14 || got[4] != 24 {
			t.Errorf("%d px wide: the page's paragraphs are %g px and %g px before zoom, want 14 and 24", w, got[3], got[4])
		}
		if bad := browsertest.Eval[[]string](tab, overflowJS); len(bad) > 0 {
			t.Errorf("%d px wide:\n%s", w, strings.Join(bad, "\n"))
		}
		set(t, tab, `{zoom: 2}`)
		settle(tab)
		if got = browsertest.Eval[[]float64](tab, fontSizesJS); got[3] != 28 || got[4] != 48 || got[1] != 45 || got[2] < 8 {
			t.Errorf("%d px wide, at 200 %%: the page's paragraphs are %g px and %g px, the dock's text %g px, %g px above the launcher; want 28, 48, 45 and 8 or more", w, got[3], got[4], got[1], got[2])
		}
		if bad := browsertest.Eval[[]string](tab, overflowJS); len(bad) > 0 {
			t.Errorf("%d px wide, at 200 %%:\n%s", w, strings.Join(bad, "\n"))
		}
		shot(t, tab, fmt.Sprintf("font-24-%d", w))
		// The caption bar shows what has focus.
		set(t, tab, `{zoom: 1, caption: true}`)
		tab.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector("#content a").focus()`))
		tab.Wait(R+`.querySelector(".yiyue-caption")?.textContent.trim() != ""`, 5*time.Second)
		if px := browsertest.Eval[float64](tab, `parseFloat(getComputedStyle(`+R+`.querySelector(".yiyue-caption")).fontSize)`); px != 60 {
			t.Errorf("%d px wide: the caption bar's text is %g px, want 60 (2.5 × 24 px)", w, px)
		}
	}
}
