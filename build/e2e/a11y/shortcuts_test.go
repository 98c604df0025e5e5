package a11y

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

const (
	alt   = kb.ModifierAlt
	shift = kb.ModifierShift
	ctrl  = kb.ModifierCtrl
)

// recordKeysJS records, after every other listener, whether each keydown
// was taken (its default prevented).
const recordKeysJS = `(() => {
	window.__keys = []
	addEventListener("keydown", e => __keys.push(e.code + ":" + e.defaultPrevented))
	return true
})()`

func taken(tab *browsertest.Tab) []string { return browsertest.Eval[[]string](tab, `__keys.splice(0)`) }

func blur(tab *browsertest.Tab) {
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); document.getElementById("yiyue-host").shadowRoot.activeElement?.blur()`))
}

func zoom(tab *browsertest.Tab) float64 { return browsertest.Eval[float64](tab, `yiyue.get().zoom`) }

// TestShortcuts: off by default; the user turns them on in the help
// panel; then Alt+Shift combinations work, are announced, and are listed;
// Tab, Esc, single keys and typing in a field are never taken.
func TestShortcuts(t *testing.T) {
	tab := page(t, "report.html")
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	browsertest.Eval[bool](tab, recordKeysJS)
	blur(tab)

	key(tab, "=", alt, shift)
	time.Sleep(200 * time.Millisecond)
	if z := zoom(tab); z != 1 {
		t.Errorf("with shortcuts off, Alt+Shift+= zoomed to %v", z)
	}
	if got := taken(tab); len(got) != 1 || got[0] != "Equal:false" {
		t.Errorf("with shortcuts off, keydowns %v; want Equal left alone", got)
	}

	// The user turns them on: launcher, help, Tab to the switch, Space.
	open(t, tab)
	browsertest.Eval[bool](tab, listenSaidJS)
	press(t, tab, "help")
	tab.Wait(`!`+R+`.getElementById("help").hidden`, 2*time.Second)
	key(tab, kb.Tab)
	if f := focused(tab); f != "shortcuts" {
		t.Fatalf("Tab from the help button went to %s, want the shortcuts switch", f)
	}
	if n := browsertest.Eval[int](tab, R+`.querySelectorAll("#keys kbd").length`); n != 0 {
		t.Errorf("%d shortcuts listed while they are off", n)
	}
	key(tab, " ")
	tab.Wait(`yiyue.get().shortcuts === true`, 3*time.Second)
	if p := attr(tab, "shortcuts", "aria-pressed"); p != "true" {
		t.Errorf("the switch's aria-pressed is %q", p)
	}
	if got := said(tab, 500*time.Millisecond); len(got) != 1 || got[0] != "快捷键已开启" {
		t.Errorf("turning shortcuts on said %q", got)
	}
	listed := browsertest.Eval[string](tab, R+`.getElementById("keys").textContent`)
	for _, want := range []string{"放大文字Alt+Shift+=", "打开或关闭工具栏Alt+Shift+A", "切换到下一种配色Alt+Shift+C"} {
		if !strings.Contains(listed, want) {
			t.Errorf("the help panel does not list %q: %q", want, listed)
		}
	}
	shot(t, tab, "shortcuts-help")
	key(tab, kb.Escape)
	tab.Wait(`!yiyue.get().open`, 3*time.Second)
	blur(tab)
	taken(tab)

	key(tab, "=", alt, shift)
	tab.Wait(`yiyue.get().zoom === 1.25`, 3*time.Second)
	if got := taken(tab); len(got) != 1 || got[0] != "Equal:true" {
		t.Errorf("Alt+Shift+= keydowns %v, want Equal taken", got)
	}
	if got := said(tab, 500*time.Millisecond); len(got) != 1 || got[0] != "文字大小：125%" {
		t.Errorf("Alt+Shift+= said %q", got)
	}
	key(tab, "-", alt, shift)
	tab.Wait(`yiyue.get().zoom === 1`, 3*time.Second)
	taken(tab)
	said(tab, 500*time.Millisecond)

	// Never a single key, Shift alone, one modifier, a browser's combo,
	// Tab or Esc.
	for _, k := range []struct {
		k    string
		mods []kb.Modifier
		name string
	}{
		{"=", nil, "="}, {"=", []kb.Modifier{shift}, "Shift+="}, {"=", []kb.Modifier{alt}, "Alt+="},
		{"=", []kb.Modifier{ctrl, alt, shift}, "Ctrl+Alt+Shift+="}, {"a", nil, "a"}, {"t", []kb.Modifier{ctrl, shift}, "Ctrl+Shift+T"},
		{kb.Tab, []kb.Modifier{alt, shift}, "Alt+Shift+Tab"}, {kb.Escape, []kb.Modifier{alt, shift}, "Alt+Shift+Esc"},
		{kb.Escape, nil, "Esc"},
	} {
		before := browsertest.Eval[string](tab, `JSON.stringify(yiyue.get())`)
		key(tab, k.k, k.mods...)
		time.Sleep(100 * time.Millisecond)
		for _, g := range taken(tab) {
			if strings.HasSuffix(g, ":true") {
				t.Errorf("%s was taken (%s)", k.name, g)
			}
		}
		if after := browsertest.Eval[string](tab, `JSON.stringify(yiyue.get())`); after != before {
			t.Errorf("%s changed the state: %s ⇒ %s", k.name, before, after)
		}
		blur(tab)
	}

	// Typing in a field: Alt+Shift types characters on some keyboards.
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("site-q").focus()`))
	key(tab, "=", alt, shift)
	time.Sleep(200 * time.Millisecond)
	if z := zoom(tab); z != 1 {
		t.Errorf("Alt+Shift+= in the search field zoomed to %v", z)
	}
	blur(tab)
	taken(tab)

	// The toolbar, in and out, with focus following.
	key(tab, "a", alt, shift)
	tab.Wait(`yiyue.get().open && `+R+`.activeElement?.closest("#panel")`, 5*time.Second)
	key(tab, "a", alt, shift)
	tab.Wait(`!yiyue.get().open && (`+focusedJS+`) === "launcher"`, 5*time.Second)
	blur(tab)

	// Contrast steps, and is said; a disabled control says so.
	key(tab, "c", alt, shift)
	tab.Wait(`yiyue.get().contrast === "yellow-on-black"`, 3*time.Second)
	if got := said(tab, 500*time.Millisecond); len(got) != 1 || got[0] != "配色：黑底黄字" {
		t.Errorf("Alt+Shift+C said %q", got)
	}
	if browsertest.Eval[bool](tab, R+`.querySelector("[data-id=stop]").getAttribute("aria-disabled") === "true"`) {
		key(tab, "s", alt, shift)
		if got := said(tab, 500*time.Millisecond); len(got) != 1 || got[0] != "停止：暂不可用" {
			t.Errorf("Alt+Shift+S while not reading said %q", got)
		}
	}
	key(tab, "h", alt, shift)
	tab.Wait(`yiyue.get().open && !`+R+`.getElementById("help").hidden`, 3*time.Second)
	noErrors(t, tab)
}

// TestShortcutsRemappedBySite: data-shortcuts turns shortcuts on and
// remaps them; a bad entry is reported in the console and skipped.
func TestShortcutsRemappedBySite(t *testing.T) {
	tab := page(t, "report.html?data-shortcuts="+
		url.QueryEscape("zoom-in:Alt+Shift+I,read:none,bogus:Alt+Shift+Q,zoom-out:Alt+Shift+Tab"))
	// Until the loader starts the WASM for shortcuts itself, the site's
	// shortcuts work once the widget has loaded.
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	browsertest.Eval[bool](tab, recordKeysJS)
	blur(tab)
	key(tab, "=", alt, shift)
	key(tab, "i", alt, shift)
	tab.Wait(`yiyue.get().zoom === 1.25`, 3*time.Second)
	if got := taken(tab); strings.Join(got, " ") != "Equal:false KeyI:true" {
		t.Errorf("keydowns %v, want Alt+Shift+= left alone and Alt+Shift+I taken", got)
	}
	var warned []string
	for _, m := range tab.Console() {
		if strings.Contains(m.String(), "data-shortcuts") {
			warned = append(warned, m.String())
		}
	}
	if w := strings.Join(warned, "\n"); !strings.Contains(w, "bogus") || !strings.Contains(w, "Tab") || len(warned) != 2 {
		t.Errorf("console warnings for the bad entries: %q", warned)
	}
	open(t, tab)
	press(t, tab, "help")
	tab.Wait(`!`+R+`.getElementById("help").hidden`, 2*time.Second)
	if p, d := attr(tab, "shortcuts", "aria-pressed"), attr(tab, "shortcuts", "aria-disabled"); p != "true" || d != "true" {
		t.Errorf("the switch on a site with shortcuts: pressed %q disabled %q", p, d)
	}
	listed := browsertest.Eval[string](tab, R+`.getElementById("help").textContent`)
	for _, want := range []string{"本网站已开启快捷键", "放大文字Alt+Shift+I", "缩小文字Alt+Shift+-"} {
		if !strings.Contains(listed, want) {
			t.Errorf("the help panel lacks %q", want)
		}
	}
	if strings.Contains(listed, "Alt+Shift+R") || strings.Contains(listed, "Alt+Shift+=") {
		t.Error("the help panel lists a shortcut the site removed or moved")
	}
	noErrors(t, tab)
}

// TestShortcutsSurviveOddKeys: with shortcuts on, a key pressed on a link
// inside an inline SVG (no isContentEditable) and a keydown a page script
// makes as a plain Event (no altKey, repeat or isComposing) are passed
// over, and the widget works on: Alt+Shift+= still zooms. Reading those
// fields as booleans stopped the WASM.
func TestShortcutsSurviveOddKeys(t *testing.T) {
	tab := page(t, "report.html")
	set(t, tab, `{shortcuts: true}`)
	browsertest.Eval[bool](tab, `(() => {
		const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg")
		svg.innerHTML = '<a href="#map" id="svg-link"><text x="10" y="20">区域地图</text></a>'
		document.querySelector(".article-body").prepend(svg)
		document.getElementById("svg-link").focus()
		return document.activeElement.id == "svg-link"
	})()`)
	key(tab, "x")
	browsertest.Eval[bool](tab, `(window.dispatchEvent(new Event("keydown", {bubbles: true})), document.dispatchEvent(new Event("keydown", {bubbles: true})), true)`)
	blur(tab)
	key(tab, "=", alt, shift)
	tab.Wait(`yiyue.get().zoom == 1.25`, 3*time.Second)
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestCloseReturnsFocusToOpener: the toolbar opened from the page (the
// portal's 无障碍浏览 link, pressed with Enter, or the toolbar shortcut
// pressed on a link of the content) takes focus, without the key press
// that opened it pressing a control there, and Esc gives it back to
// where it was, not to the launcher at the end of the page: the reader
// goes on from their place.
func TestCloseReturnsFocusToOpener(t *testing.T) {
	tab := page(t, "report.html?data-shortcuts")
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	for _, c := range []struct {
		name, sel string
		press     func()
	}{
		{"the 无障碍浏览 link", `a[data-yiyue-action="open"]`, func() { key(tab, kb.Enter) }},
		{"the toolbar shortcut", `#content a`, func() { key(tab, "a", alt, shift) }},
	} {
		browsertest.Eval[bool](tab, `(document.querySelector(`+"`"+c.sel+"`"+`).focus(), true)`)
		c.press()
		tab.Wait(`yiyue.get().open === true && `+R+`.activeElement?.closest("#panel") != null`, 5*time.Second)
		// The key that opened the toolbar pressed nothing in it.
		browsertest.Eval[bool](tab, `new Promise(r => setTimeout(() => r(true), 200))`)
		if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["script"] != "original" || st["open"] != true {
			t.Errorf("opened by %s: the same key press changed the state: script %v, open %v", c.name, st["script"], st["open"])
		}
		key(tab, kb.Escape)
		tab.Wait(`yiyue.get().open === false`, 3*time.Second)
		if got := browsertest.Eval[bool](tab, `document.activeElement == document.querySelector(`+"`"+c.sel+"`"+`)`); !got {
			t.Errorf("opened by %s and closed with Esc: focus is on %s, not back where it was", c.name, focused(tab))
		}
	}
}

// TestHoldEnterOnOpenLink: an older reader holds Enter down on the
// portal's 无障碍浏览 link for more than a second. The toolbar opens once
// the key is up, and the repeats of the held key press nothing in it.
func TestHoldEnterOnOpenLink(t *testing.T) {
	tab := page(t, "report.html")
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	browsertest.Eval[bool](tab, `(document.querySelector('a[data-yiyue-action="open"]').focus(), true)`)
	send := func(k input.DispatchKeyEventParams) {
		t.Helper()
		if _, err := chromedp.Call(tab.Ctx, input.DispatchKeyEvent, k); err != nil {
			t.Fatal(err)
		}
	}
	enter := input.DispatchKeyEventParams{Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	down, char, up := enter, enter, enter
	down.Type, char.Type, char.Text, up.Type = input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeChar, "\r", input.DispatchKeyEventTypeKeyUp
	send(down)
	send(char)
	time.Sleep(500 * time.Millisecond)
	for range 25 {
		d, c, yes := down, char, true
		d.AutoRepeat, c.AutoRepeat = &yes, &yes
		send(d)
		send(c)
		time.Sleep(40 * time.Millisecond)
	}
	if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["open"] != false {
		t.Errorf("the toolbar opened while Enter was still held: %v", st)
	}
	send(up)
	tab.Wait(`yiyue.get().open === true && `+R+`.activeElement?.closest("#panel") != null`, 5*time.Second)
	browsertest.Eval[bool](tab, `new Promise(r => setTimeout(() => r(true), 200))`)
	if st := browsertest.Eval[map[string]any](tab, `yiyue.get()`); st["script"] != "original" || st["open"] != true {
		t.Errorf("after holding Enter on the link: script %v, open %v; want the toolbar open and nothing pressed", st["script"], st["open"])
	}
}
