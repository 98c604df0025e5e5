package a11y

import (
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

func key(tab *browsertest.Tab, k string, mods ...kb.Modifier) {
	tab.T.Helper()
	tab.Do(chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
}

// focused returns the data-id of the focused widget control, "launcher",
// or "page:TAG" for focus outside the widget.
const focusedJS = `(() => {
	const a = document.activeElement
	if (!a || a === document.body) return "none"
	if (a.id !== "yiyue-host") return "page:" + a.tagName
	const s = ` + R + `.activeElement
	if (!s) return "host"
	return s.id === "launcher" ? "launcher" : (s.dataset.id || s.tagName)
})()`

func focused(tab *browsertest.Tab) string { return browsertest.Eval[string](tab, focusedJS) }

// observable is what a user (or a screen reader) can perceive of the
// widget: the state, the controls' pressed, expanded and disabled states,
// the live region, whether the dock shows, and the reading highlight.
const observableJS = `JSON.stringify({
	state: yiyue.get(),
	controls: [...` + R + `.querySelectorAll("[data-id]")].map(e => [e.dataset.id, e.getAttribute("aria-pressed"), e.getAttribute("aria-expanded"), e.getAttribute("aria-disabled"), e.value || ""]),
	say: ` + R + `.getElementById("say").textContent,
	dock: ` + R + `.getElementById("dock").hidden,
	highlights: window.CSS && CSS.highlights ? [...CSS.highlights.entries()].map(([k, h]) => k + ":" + [...h].map(r => r.toString()).join("|")).join(";") : "",
})`

func observe(tab *browsertest.Tab) string { return browsertest.Eval[string](tab, observableJS) }

// settled waits until what is observable stays the same for 200 ms: a
// select shows its new value at once, and the state follows.
func settled(tab *browsertest.Tab) {
	last, since := observe(tab), time.Now()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		time.Sleep(40 * time.Millisecond)
		if o := observe(tab); o != last {
			last, since = o, time.Now()
		} else if time.Since(since) > 200*time.Millisecond {
			return
		}
	}
}

func attr(tab *browsertest.Tab, id, name string) string {
	return browsertest.Eval[string](tab, R+`.querySelector('[data-id="`+id+`"]').getAttribute("`+name+`") || ""`)
}

// focusableIDs lists the toolbar's focusable controls, in order, from
// the model.
func focusableIDs() []string {
	var ids []string
	for _, c := range toolbar.Controls {
		if c.Focusable() {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// TestKeyboardOnly reaches and operates every control with the keyboard
// alone: Tab to the launcher, Enter, arrows through every control (one
// tab stop, wrapping, Home and End), Space and Enter on buttons, arrow
// keys on selects, Tab out of the toolbar and back, and Esc.
func TestKeyboardOnly(t *testing.T) {
	tab := page(t, "report.html?data-tts=/tts")
	// Tab from the top of the page to the launcher.
	for i := 0; i < 300 && focused(tab) != "launcher"; i++ {
		key(tab, kb.Tab)
	}
	if focused(tab) != "launcher" {
		t.Fatal("Tab never reached the launcher")
	}
	key(tab, kb.Enter)
	tab.Wait(`yiyue.get().open`, 10*time.Second)
	waitStyled(tab)
	ids := focusableIDs()
	tab.Wait(`(`+focusedJS+`) === "`+ids[0]+`"`, 2*time.Second)

	// One tab stop: exactly one control has tabindex 0.
	if n := browsertest.Eval[int](tab, R+`.querySelectorAll('#panel [tabindex="0"]').length`); n != 1 {
		t.Errorf("%d controls in the toolbar have tabindex 0, want 1 (roving tabindex)", n)
	}

	// Arrows reach every control in order, and wrap.
	for i := 1; i <= len(ids); i++ {
		key(tab, kb.ArrowRight)
		want := ids[i%len(ids)]
		if got := focused(tab); got != want {
			t.Fatalf("ArrowRight %d: focus on %s, want %s", i, got, want)
		}
		if !browsertest.Eval[bool](tab, R+`.activeElement.matches(":focus-visible")`) {
			t.Errorf("%s has focus but no visible focus", want)
		}
	}
	key(tab, kb.ArrowLeft)
	if got := focused(tab); got != ids[len(ids)-1] {
		t.Errorf("ArrowLeft from the first control: %s, want the last, %s", got, ids[len(ids)-1])
	}
	key(tab, kb.Home)
	if got := focused(tab); got != ids[0] {
		t.Errorf("Home: %s, want %s", got, ids[0])
	}
	key(tab, kb.End)
	if got := focused(tab); got != ids[len(ids)-1] {
		t.Errorf("End: %s, want %s", got, ids[len(ids)-1])
	}
	key(tab, kb.Home)

	// Operate every control, in order, with the keys a user would use.
	// From 125 %, so that zoom-out has something to do.
	browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 1.25})`)
	operated := 0
	var skipped []string
	for i, id := range ids {
		if i > 0 {
			key(tab, kb.ArrowRight)
		}
		if got := focused(tab); got != id {
			t.Fatalf("on the way to %s, focus is on %s", id, got)
		}
		c, _ := toolbar.Find(id)
		disabled := attr(tab, id, "aria-disabled") == "true"
		before := observe(tab)
		beforeState := browsertest.Eval[string](tab, `JSON.stringify(yiyue.get())`)
		switch c.Kind {
		case toolbar.Choice:
			key(tab, kb.ArrowDown)
		case toolbar.Toggle:
			key(tab, " ")
		default:
			key(tab, kb.Enter)
		}
		if id == "close" {
			tab.Wait(`!yiyue.get().open && (`+focusedJS+`) === "launcher"`, 5*time.Second)
			operated++
			continue
		}
		if disabled {
			time.Sleep(150 * time.Millisecond)
			if got := browsertest.Eval[string](tab, `JSON.stringify(yiyue.get())`); got != beforeState {
				t.Errorf("%s is disabled but changed the state: %s ⇒ %s", id, beforeState, got)
			}
			t.Logf("%s: disabled here (aria-disabled), does nothing", id)
			skipped = append(skipped, id)
			continue
		}
		deadline := time.Now().Add(3 * time.Second)
		for observe(tab) == before && time.Now().Before(deadline) {
			time.Sleep(30 * time.Millisecond)
		}
		if observe(tab) == before {
			t.Errorf("operating %s with the keyboard changed nothing", id)
			continue
		}
		settled(tab)
		operated++
		switch c.Kind {
		case toolbar.Toggle:
			if attr(tab, id, "aria-pressed") == "" {
				t.Errorf("toggle %s has no aria-pressed", id)
			}
		case toolbar.Disclosure:
			if attr(tab, id, "aria-expanded") != "true" {
				t.Errorf("%s did not expand", id)
			}
		}
		if got := focused(tab); got != id {
			t.Errorf("after operating %s, focus moved to %s", id, got)
		}
	}
	// Enter on the launcher opens again, where focus was (close).
	key(tab, kb.Enter)
	tab.Wait(`yiyue.get().open && (`+focusedJS+`) === "close"`, 5*time.Second)

	// The controls that were disabled (previous and next sentence work
	// only while reading): once more, while reading.
	if len(skipped) > 0 && browsertest.Eval[bool](tab, R+`.querySelector("[data-id=read]").getAttribute("aria-disabled") !== "true"`) {
		browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "continuous"})`)
		for _, id := range skipped {
			tab.Wait(R+`.querySelector('[data-id="`+id+`"]').getAttribute("aria-disabled") !== "true"`, 5*time.Second)
			before := observe(tab)
			press(t, tab, id)
			deadline := time.Now().Add(3 * time.Second)
			for observe(tab) == before && time.Now().Before(deadline) {
				time.Sleep(30 * time.Millisecond)
			}
			if observe(tab) == before {
				t.Errorf("operating %s while reading changed nothing", id)
				continue
			}
			operated++
		}
		browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
		press(t, tab, "close")
		tab.Wait(`!yiyue.get().open && (`+focusedJS+`) === "launcher"`, 5*time.Second)
		key(tab, kb.Enter)
		tab.Wait(`yiyue.get().open && (`+focusedJS+`) === "close"`, 5*time.Second)
	}
	t.Logf("operated %d of %d controls with the keyboard", operated, len(ids))

	// Shift+Tab leaves to the launcher, Tab comes back to the same control.
	key(tab, kb.Tab, kb.ModifierShift)
	if got := focused(tab); got != "launcher" {
		t.Errorf("Shift+Tab from the toolbar: focus on %s, want the launcher", got)
	}
	key(tab, kb.Tab)
	if got := focused(tab); got != "close" {
		t.Errorf("Tab back into the toolbar: focus on %s, want close (the roving tab stop)", got)
	}

	// Tab leaves the toolbar: through the help panel's switch, out of the
	// widget, and on to the page. No trap.
	left := false
	var path []string
	for i := 0; i < 6 && !left; i++ {
		key(tab, kb.Tab)
		f := focused(tab)
		path = append(path, f)
		left = len(f) > 5 && f[:5] == "page:"
	}
	if !left {
		t.Errorf("Tab never left the widget for the page: %v", path)
	}

	// Esc closes from anywhere in the dock and returns focus to the
	// launcher that opened it (TestCloseReturnsFocusToOpener: to the page
	// element, when the toolbar was opened from the page).
	// With focus on the launcher (the toolbar may still be open: Tab left
	// it for the page, and a click on the launcher would close it).
	tab.Do(chromedp.Evaluate[chromedp.Void](R + `.getElementById("launcher").focus(); yiyue.open()`))
	tab.Wait(`yiyue.get().open && (`+focusedJS+`) === "close"`, 5*time.Second)
	key(tab, kb.ArrowLeft)
	key(tab, kb.Escape)
	tab.Wait(`!yiyue.get().open`, 5*time.Second)
	if got := focused(tab); got != "launcher" {
		t.Errorf("Esc: focus on %s, want the launcher", got)
	}
	if !browsertest.Eval[bool](tab, R+`.getElementById("dock").hidden && `+R+`.getElementById("launcher").getAttribute("aria-expanded") === "false"`) {
		t.Error("Esc left the dock shown or the launcher expanded")
	}
	noErrors(t, tab)
}

// TestTabStopFollowsFocus: the toolbar is one Tab stop (roving
// tabindex). A control that takes focus otherwise than by the arrow keys
// (the 配色 select clicked, or reached by a screen reader's cursor: here
// focused by script) becomes that stop: Tab out of the toolbar and
// Shift+Tab back lands on it, not on the control the arrows last reached.
func TestTabStopFollowsFocus(t *testing.T) {
	tab := page(t, "report.html")
	open(t, tab)
	first := focused(tab)
	tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=contrast]").focus()`))
	if f := focused(tab); f != "contrast" {
		t.Fatalf("focus on %s after clicking 配色", f)
	}
	key(tab, kb.Tab)
	key(tab, kb.Tab, kb.ModifierShift)
	if f := focused(tab); f != "contrast" {
		t.Errorf("Tab out of the toolbar and Shift+Tab back: focus on %s, want the 配色 select (the stop was %s before the click)", f, first)
	}
}

// TestEscOnLauncher: a reader who goes back from the open toolbar to the
// launcher with Shift+Tab closes it with Esc there too, as the help says,
// and stays on the launcher.
func TestEscOnLauncher(t *testing.T) {
	tab := page(t, "report.html")
	open(t, tab)
	key(tab, kb.Tab, kb.ModifierShift)
	if got := focused(tab); got != "launcher" {
		t.Fatalf("Shift+Tab from the toolbar: focus on %s, want the launcher", got)
	}
	key(tab, kb.Escape)
	tab.Wait(`yiyue.get().open === false`, 3*time.Second)
	if got := focused(tab); got != "launcher" {
		t.Errorf("after Esc, focus on %s, want the launcher", got)
	}
}

// TestFocusRingInScrolledDock: on a small screen at 300 % the toolbar
// scrolls; each control that the arrow keys reach is scrolled into view
// with all four sides of its focus ring, not only its own box.
func TestFocusRingInScrolledDock(t *testing.T) {
	tab := page(t, "report.html")
	tab.Do(chromedp.EmulateViewport(360, 640))
	open(t, tab)
	set(t, tab, `{zoom: 3}`)
	if !browsertest.Eval[bool](tab, `(d => d.scrollHeight > d.clientHeight)(`+R+`.getElementById("dock"))`) {
		t.Fatal("the toolbar at 300 % on a 360×640 screen does not scroll: nothing to test")
	}
	ids := focusableIDs()
	for i, k := range append(slices.Repeat([]string{kb.ArrowRight}, len(ids)), slices.Repeat([]string{kb.ArrowLeft}, len(ids))...) {
		key(tab, k)
		frames(tab)
		if cut := browsertest.Eval[string](tab, `(() => {
			const d = `+R+`.getElementById("dock"), a = `+R+`.activeElement, c = getComputedStyle(a)
			const k = d.getBoundingClientRect(), r = a.getBoundingClientRect(), o = parseFloat(c.outlineWidth) + parseFloat(c.outlineOffset)
			const top = k.top + d.clientTop, bottom = top + d.clientHeight
			return r.top - o < top - 0.5 || r.bottom + o > bottom + 0.5 ? a.dataset.id + ": ring " + (r.top - o).toFixed(1) + ".." + (r.bottom + o).toFixed(1) + ", the dock shows " + top.toFixed(1) + ".." + bottom.toFixed(1) : ""
		})()`); cut != "" {
			t.Errorf("key %d: the focus ring is cut by the dock's edge: %s", i, cut)
		}
	}
}
