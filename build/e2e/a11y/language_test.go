package a11y

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/shortcuts"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// uiTextsJS lists every text the widget shows or names in its UI: the
// text of each element that has no element children, and every
// aria-label, outside the live region.
const uiTextsJS = `(() => {
	const out = [], r = ` + R + `
	for (const e of r.querySelectorAll("*")) {
		if (e.id === "say" || e.closest("#say") || e.tagName === "LINK") continue
		if (!e.children.length && e.textContent.trim()) out.push(e.textContent.trim())
		if (e.hasAttribute("aria-label")) out.push(e.getAttribute("aria-label"))
	}
	return out
})()`

var generated = regexp.MustCompile(`^(\d+%|[\d.]+×)$`)

// checkUILang checks that the whole UI is in language l: the host's and
// the dock's lang, the launcher's name, and that every text is one of l's
// strings (so no text is hard-coded in the glue, and none is left in
// another language).
func checkUILang(t *testing.T, tab *browsertest.Tab, l i18n.Lang) {
	t.Helper()
	known := map[string]bool{}
	for k := i18n.Key(0); ; k++ {
		s := i18n.T(l, k)
		if s == "" {
			break
		}
		known[s] = true
	}
	host := strings.TrimPrefix(env.URL, "http://")
	known[i18n.Fill(l, i18n.HelpPrivacy, host)] = true
	for _, a := range shortcuts.Actions {
		known[toolbar.ShortcutLabel(a, l)] = true
	}
	for _, b := range shortcuts.Defaults {
		known[shortcuts.Format(b.Combo)] = true
	}
	got := browsertest.Eval[map[string]string](tab, `({host: document.getElementById("yiyue-host").lang, dock: `+R+`.getElementById("dock").lang, launcher: `+R+`.getElementById("launcher").textContent})`)
	if got["host"] != l.Tag() || got["dock"] != l.Tag() {
		t.Errorf("UI lang: host %q, dock %q, want %s", got["host"], got["dock"], l.Tag())
	}
	if got["launcher"] != i18n.T(l, i18n.Launcher) {
		t.Errorf("launcher named %q, want %q", got["launcher"], i18n.T(l, i18n.Launcher))
	}
	texts := browsertest.Eval[[]string](tab, uiTextsJS)
	if len(texts) < 60 {
		t.Fatalf("only %d UI texts", len(texts))
	}
	for _, s := range texts {
		if !known[s] && !generated.MatchString(s) {
			t.Errorf("%s UI shows %q, which is not one of its strings", l.Tag(), s)
		}
	}
}

// TestUILanguages renders the UI in 简体, 繁體 and English, chosen by the
// page's lang or data-lang, and follows the page into Traditional and back.
func TestUILanguages(t *testing.T) {
	for _, c := range []struct {
		path string
		want i18n.Lang
	}{
		{"report.html?data-tts=/tts", i18n.Hans},
		{"report.html?data-tts=/tts&data-lang=zh-Hant", i18n.Hant},
		{"report.html?data-tts=/tts&data-lang=zh-TW", i18n.Hant},
		{"report.html?data-tts=/tts&data-lang=en", i18n.En},
		{"report.html?data-tts=/tts&data-lang=en-GB", i18n.En},
	} {
		t.Run(c.want.Tag()+"/"+c.path, func(t *testing.T) {
			tab := page(t, c.path)
			open(t, tab)
			tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
			frames(tab)
			checkUILang(t, tab, c.want)
			shot(t, tab, "lang-"+c.want.Tag())
		})
	}

	t.Run("follows-the-page", func(t *testing.T) {
		tab := page(t, "report.html?data-tts=/tts")
		open(t, tab)
		press(t, tab, "script")
		tab.Wait(`document.documentElement.lang !== "zh-CN"`, 10*time.Second)
		tab.Wait(R+`.getElementById("dock").lang === "zh-Hant"`, 5*time.Second)
		tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
		frames(tab)
		checkUILang(t, tab, i18n.Hant)
		if got := browsertest.Eval[string](tab, R+`.querySelector("[data-id=script] .label").textContent`); got != "繁體" {
			t.Errorf("the script control says %q, want 繁體", got)
		}
		press(t, tab, "script")
		tab.Wait(`document.documentElement.lang === "zh-CN"`, 10*time.Second)
		frames(tab)
		checkUILang(t, tab, i18n.Hans)
		noErrors(t, tab)
	})

	// A page opened with Traditional saved: the launcher follows the page
	// as the WASM starts, before the toolbar is ever opened.
	t.Run("saved-traditional", func(t *testing.T) {
		tab := page(t, "report.html?data-tts=/tts")
		tab.Do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional"}))`))
		tab.Go("report.html?data-tts=/tts")
		tab.Wait(`document.documentElement.lang === "zh-Hant"`, 10*time.Second)
		want := i18n.T(i18n.Hant, i18n.Launcher)
		tab.Wait(fmt.Sprintf(`%s.getElementById("launcher").textContent === %q && document.getElementById("yiyue-host").lang === "zh-Hant"`, R, want), 5*time.Second)
		open(t, tab)
		tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
		frames(tab)
		checkUILang(t, tab, i18n.Hant)
		noErrors(t, tab)
	})

	t.Run("english-stays-english", func(t *testing.T) {
		tab := page(t, "report.html?data-tts=/tts&data-lang=en")
		open(t, tab)
		set(t, tab, `{script: "traditional"}`)
		// The help panel's lists are written when it shows.
		tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
		frames(tab)
		checkUILang(t, tab, i18n.En)
	})
}

// press focuses control id with the arrow keys and presses it with Enter,
// as a keyboard user would.
func press(t *testing.T, tab *browsertest.Tab, id string) {
	t.Helper()
	key(tab, kb.Home)
	for i := 0; i < 30 && focused(tab) != id; i++ {
		key(tab, kb.ArrowRight)
	}
	if focused(tab) != id {
		t.Fatalf("cannot reach %s with the arrow keys", id)
	}
	key(tab, kb.Enter)
}

// listenSaid records every non-empty text the live region receives.
const listenSaidJS = `(() => {
	const say = ` + R + `.getElementById("say")
	window.__said = []
	new MutationObserver(() => { if (say.textContent) __said.push(say.textContent) })
		.observe(say, {childList: true, characterData: true, subtree: true})
	return true
})()`

func said(tab *browsertest.Tab, wait time.Duration) []string {
	time.Sleep(wait)
	return browsertest.Eval[[]string](tab, `__said.splice(0)`)
}

// TestAnnouncements checks the polite live region: nothing on page load,
// even with saved settings applied; each change the user makes is said
// once, in the UI language; changes a site makes through the API, and a
// select's new value (which the select itself reports), are not said.
func TestAnnouncements(t *testing.T) {
	tab := page(t, "report.html")
	tab.Do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("yiyue:v1", JSON.stringify({script: "traditional", zoom: 1.5, contrast: "yellow-on-black", elder: true}))`))
	tab.Go("report.html")
	tab.Wait(`window.yiyue && `+R+`.getElementById("say")`, 10*time.Second)
	time.Sleep(time.Second)
	if s := browsertest.Eval[string](tab, R+`.getElementById("say").getAttribute("role")`); s != "status" {
		t.Errorf("live region role %q, want status (polite)", s)
	}
	if s := browsertest.Eval[string](tab, R+`.getElementById("say").textContent`); s != "" {
		t.Errorf("said %q on page load", s)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	frames(tab)

	tab = page(t, "report.html")
	open(t, tab)
	browsertest.Eval[bool](tab, listenSaidJS)
	for _, c := range []struct {
		id   string
		want string
	}{
		{"cursor", "大鼠标已开启"},
		{"cursor", "大鼠标已关闭"},
		{"zoom-in", "文字大小：125%"},
		{"zoom-in", "文字大小：150%"},
		{"elder", "长者助手已开启"},
		{"reset", "已恢复默认设置"},
		{"script", "已切換為繁體"},
		{"script", "已恢复原文"},
	} {
		press(t, tab, c.id)
		if c.id == "script" {
			// The first switch fetches the dictionary: wait for the change
			// itself, then for what it says.
			want := "traditional"
			if c.want == "已恢复原文" {
				want = "original"
			}
			tab.Wait(`yiyue.get().script === "`+want+`"`, 10*time.Second)
		}
		got := said(tab, 300*time.Millisecond)
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("pressing %s said %q, want %q once", c.id, got, c.want)
		}
	}
	// A select: its new value is reported by the select itself.
	key(tab, kb.Home)
	for focused(tab) != "contrast" {
		key(tab, kb.ArrowRight)
	}
	key(tab, kb.ArrowDown)
	if got := said(tab, 300*time.Millisecond); len(got) != 0 {
		t.Errorf("choosing a scheme said %q; the select reports its value", got)
	}
	// The site's own calls are not the user's changes.
	browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2, links: true})`)
	if got := said(tab, 300*time.Millisecond); len(got) != 0 {
		t.Errorf("an API change said %q", got)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	if got := said(tab, 300*time.Millisecond); len(got) != 0 {
		t.Errorf("the API's reset() said %q", got)
	}
	// The portal's own 长者助手 and 繁体版 links are the reader's presses:
	// said as the toolbar says them.
	for _, c := range []struct{ sel, want, wait string }{
		{`a[data-yiyue-action="elder"]`, "长者助手已开启", `yiyue.get().elder === true`},
		{`a[data-yiyue-action="elder"]`, "长者助手已关闭", `yiyue.get().elder === false`},
		{`a[data-yiyue-action="traditional"]`, "已切換為繁體", `yiyue.get().script === "traditional"`},
	} {
		browsertest.Eval[bool](tab, `(document.querySelector(`+"`"+c.sel+"`"+`).click(), true)`)
		tab.Wait(c.wait, 10*time.Second)
		if got := said(tab, 300*time.Millisecond); len(got) != 1 || got[0] != c.want {
			t.Errorf("the portal's %s said %q, want %q once", c.sel, got, c.want)
		}
	}
	noErrors(t, tab)
}

// TestHeldKeySaysLastStep: a reader who holds Enter down on 放大文字 goes
// up a step a repeat, to 300 %, and hears the size it reached once the key
// is up. The repeats after the last step said only 放大文字：暂不可用, each
// replacing the last, so 300 % was never said.
func TestHeldKeySaysLastStep(t *testing.T) {
	tab := page(t, "report.html")
	open(t, tab)
	browsertest.Eval[bool](tab, listenSaidJS)
	key(tab, kb.Home)
	for i := 0; i < 30 && focused(tab) != "zoom-in"; i++ {
		key(tab, kb.ArrowRight)
	}
	enter := func(p input.DispatchKeyEventParams) {
		p.Key, p.Code, p.WindowsVirtualKeyCode, p.NativeVirtualKeyCode = "Enter", "Enter", 13, 13
		if _, err := chromedp.Call(tab.Ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
	}
	// The first press, then a repeat every 33 ms, as a keyboard sends
	// them; more of them than there are steps.
	for i := 0; i < 14; i++ {
		repeat := i > 0
		enter(input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Text: "\r", UnmodifiedText: "\r", AutoRepeat: &repeat})
		time.Sleep(33 * time.Millisecond)
	}
	enter(input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp})
	if z := browsertest.Eval[float64](tab, `yiyue.get().zoom`); z != 3 {
		t.Fatalf("holding Enter on 放大文字 zoomed to %g; want 3", z)
	}
	got := said(tab, 500*time.Millisecond)
	if want := "放大文字：文字已是最大 300%"; len(got) == 0 || got[len(got)-1] != want {
		t.Errorf("holding Enter on 放大文字 said %q; want %q last", got, want)
	}
}

// TestElderZoomAndParts: the elder mode shows text at 150 % with the zoom
// field still at 100 %, and its parts on with their own fields off. The
// toolbar shows what the page shows: the readout says 150 %, the parts are
// pressed (and not switches of their own while the elder mode is on); its
// first step up shows a change (175 %, not a 125 % that the elder mode's
// own size hides), and it does not step below 150 %.
func TestElderZoomAndParts(t *testing.T) {
	tab := page(t, "report.html")
	open(t, tab)
	browsertest.Eval[bool](tab, listenSaidJS)
	const size = `parseFloat(getComputedStyle(document.querySelector(".article-body p")).fontSize)`
	base := browsertest.Eval[float64](tab, size)
	readout := func() string {
		return browsertest.Eval[string](tab, R+`.querySelector("[data-id=zoom-level]").textContent`)
	}
	attr := func(id, a string) string {
		return browsertest.Eval[string](tab, R+`.querySelector("[data-id=`+id+`]").getAttribute("`+a+`") || ""`)
	}
	textAt := func(zoom float64) {
		t.Helper()
		if got, want := browsertest.Eval[float64](tab, size), base*zoom; got < want-1 || got > want+1 {
			t.Errorf("the text is %.1f px, want %.1f (%g × %.1f)", got, want, zoom, base)
		}
	}
	press(t, tab, "elder")
	said(tab, 300*time.Millisecond)
	frames(tab)
	textAt(1.5)
	if got := readout(); got != "150%" {
		t.Errorf("in the elder mode the readout shows %q, want 150%%", got)
	}
	if got := attr("zoom-out", "aria-disabled"); got != "true" {
		t.Errorf("zoom-out at the elder mode's own size: aria-disabled=%q, want true", got)
	}
	press(t, tab, "zoom-out")
	if got := said(tab, 300*time.Millisecond); len(got) != 1 || got[0] != "缩小文字：长者助手下文字最小为 150%" {
		t.Errorf("pressing zoom-out at 150 %% in the elder mode said %q", got)
	}
	for _, id := range []string{"cursor", "guide", "caption", "spacing"} {
		if got := attr(id, "aria-pressed") + " " + attr(id, "aria-disabled"); got != "true true" {
			t.Errorf("in the elder mode %s shows aria-pressed, aria-disabled = %s; want true true", id, got)
		}
	}
	// Not a switch for now, but on: its label stays legible (disabled
	// controls are exempt from 1.4.3, readers are not).
	for _, id := range []string{"cursor", "guide"} {
		cs := browsertest.Eval[[]string](tab, `(() => { const c = getComputedStyle(`+R+`.querySelector("[data-id=`+id+`]")); return [c.color, c.backgroundColor] })()`)
		fg, _, err1 := parseRGB(cs[0])
		bg, _, err2 := parseRGB(cs[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("%s colours %q: %v %v", id, cs, err1, err2)
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("%s, pressed by the elder mode: label %s on %s is %.2f:1, want 4.5:1 or more", id, cs[0], cs[1], r)
		}
	}
	if got := attr("links", "aria-pressed") + " " + attr("links", "aria-disabled"); got != "false " {
		t.Errorf("links, not a part of the elder mode, shows aria-pressed, aria-disabled = %q", got)
	}
	// Pressing a part says why it stays on.
	press(t, tab, "guide")
	if got := said(tab, 300*time.Millisecond); len(got) != 1 || got[0] != "阅读辅助线：随长者助手开启" {
		t.Errorf("pressing the guide in the elder mode said %q, want 阅读辅助线：随长者助手开启", got)
	}
	if !browsertest.Eval[bool](tab, `!!`+R+`.querySelector(".yiyue-guide") && yiyue.get().elder && !yiyue.get().guide`) {
		t.Error("pressing the guide in the elder mode changed something")
	}
	press(t, tab, "zoom-in")
	if got := said(tab, 300*time.Millisecond); len(got) != 1 || got[0] != "文字大小：175%" {
		t.Errorf("the first zoom-in in the elder mode said %q, want 文字大小：175%%", got)
	}
	frames(tab)
	textAt(1.75)
	if got := readout(); got != "175%" {
		t.Errorf("readout %q after zoom-in, want 175%%", got)
	}
	// Out of the elder mode: its parts go, the reader's text size stays.
	press(t, tab, "elder")
	said(tab, 300*time.Millisecond)
	frames(tab)
	textAt(1.75)
	if browsertest.Eval[bool](tab, `!!`+R+`.querySelector(".yiyue-guide, .yiyue-caption")`) {
		t.Error("the guide or the caption bar stays after the elder mode is off")
	}
	for _, id := range []string{"cursor", "guide", "caption", "spacing"} {
		if got := attr(id, "aria-pressed") + " " + attr(id, "aria-disabled"); got != "false " {
			t.Errorf("after the elder mode %s shows aria-pressed, aria-disabled = %q; want false and none", id, got)
		}
	}
	noErrors(t, tab)
}

// TestDisabledSelectSaysWhy: on a page written in Traditional Chinese the
// variant select is marked disabled (aria-disabled, so that it stays
// focusable). The browser still lets its value change: the value goes
// back, and the reason is said, as a disabled button says it.
func TestDisabledSelectSaysWhy(t *testing.T) {
	tab := page(t, "report.html")
	browsertest.Eval[bool](tab, `(document.documentElement.lang = "zh-Hant", true)`)
	open(t, tab)
	browsertest.Eval[bool](tab, listenSaidJS)
	if d := attr(tab, "variant", "aria-disabled"); d != "true" {
		t.Fatalf("on a Traditional page the variant select's aria-disabled is %q", d)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=variant]").focus()`))
	key(tab, kb.ArrowDown)
	got := said(tab, 500*time.Millisecond)
	if len(got) != 1 || !strings.Contains(got[0], "暂不可用") {
		t.Errorf("changing the disabled variant select said %q, want why it is unavailable", got)
	}
	if v := browsertest.Eval[string](tab, R+`.querySelector("[data-id=variant]").value + " " + yiyue.get().variant`); v != "t t" {
		t.Errorf("the disabled select and the state show %q, want the variant unchanged (t t)", v)
	}
}
