package toolbar

import (
	"testing"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/shortcuts"
	"github.com/yiyue-a11y/yiyue/widget/state"
)

func set(t *testing.T, s state.State, kv ...any) state.State {
	t.Helper()
	var patch []state.Change
	for i := 0; i+1 < len(kv); i += 2 {
		var v state.Value
		switch x := kv[i+1].(type) {
		case bool:
			v = state.Value{Kind: state.Bool, B: x}
		case float64:
			v = state.Value{Kind: state.Number, N: x}
		case string:
			v = state.Value{Kind: state.Enum, S: x}
		}
		patch = append(patch, state.Change{Name: kv[i].(string), Value: v})
	}
	out, err := s.Apply(patch)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestControlsAreWellFormed(t *testing.T) {
	ids := map[string]bool{}
	for _, list := range [][]Control{Controls, Extras} {
		for _, c := range list {
			if ids[c.ID] {
				t.Errorf("duplicate id %q", c.ID)
			}
			ids[c.ID] = true
			for _, l := range i18n.Langs {
				if i18n.T(l, c.Label) == "" {
					t.Errorf("%s has no label in %s", c.ID, l.Tag())
				}
			}
			if c.Focusable() && list[0].ID == Controls[0].ID && c.Desc == 0 {
				t.Errorf("%s has no help text", c.ID)
			}
			if (c.Kind == Toggle || c.Kind == Choice) && c.Field != "" && state.Index(c.Field) < 0 {
				t.Errorf("%s shows unknown field %q", c.ID, c.Field)
			}
			if c.Kind == Choice && len(c.Options) < 2 {
				t.Errorf("choice %s has %d options", c.ID, len(c.Options))
			}
			if c.Kind != Choice && c.Kind != Readout && c.ID != "shortcuts" && c.Icon == "" {
				t.Errorf("button %s has no icon", c.ID)
			}
		}
	}
	// Every shortcut action is something the toolbar can do.
	for _, a := range shortcuts.Actions {
		if _, ok := Find(a); !ok && a != "toolbar" {
			t.Errorf("shortcut action %q is no control", a)
		}
		for _, l := range i18n.Langs {
			if ShortcutLabel(a, l) == "" || ShortcutLabel(a, l) == a {
				t.Errorf("shortcut action %q has no label in %s", a, l.Tag())
			}
		}
	}
}

func TestShowAndPress(t *testing.T) {
	d := state.Default()
	p := Page{Lang: i18n.Hans, Reading: true}
	c := func(id string) Control {
		c, ok := Find(id)
		if !ok {
			t.Fatalf("no control %q", id)
		}
		return c
	}

	// The script toggle: one label, pressed while converted.
	if v := Show(c("script"), d, p); v.Label != "繁体" || v.Pressed {
		t.Errorf("script on a Simplified page = %+v", v)
	}
	if v := Show(c("script"), set(t, d, "script", "traditional"), p); v.Label != "繁体" || !v.Pressed {
		t.Errorf("script converted = %+v", v)
	}
	tp := p
	tp.Traditional = true
	if v := Show(c("script"), d, tp); v.Label != "简体" || v.Pressed {
		t.Errorf("script on a Traditional page = %+v", v)
	}
	if got := Press("script", d, tp); got[0].Value.S != "simplified" {
		t.Errorf("press script on a Traditional page = %+v", got)
	}
	if got := Press("script", set(t, d, "script", "traditional"), p); got[0].Value.S != "original" {
		t.Errorf("press script while converted = %+v", got)
	}
	// 繁體 chosen on another page: this Traditional page shows its own
	// text, and the press converts it.
	if v := Show(c("script"), set(t, d, "script", "traditional"), tp); v.Pressed {
		t.Errorf("script chosen traditional, on a Traditional page = %+v", v)
	}
	if got := Press("script", set(t, d, "script", "traditional"), tp); got[0].Value.S != "simplified" {
		t.Errorf("press script, traditional chosen, on a Traditional page = %+v", got)
	}
	// Pressed again, it goes back to the choice it converted from: 繁體
	// stays the choice for the site's other pages.
	for _, c := range []struct{ kept, want string }{{"traditional", "traditional"}, {"original", "original"}, {"", "original"}, {"simplified", "original"}} {
		kp := tp
		kp.Kept = c.kept
		if got := Press("script", set(t, d, "script", "simplified"), kp); got[0].Value.S != c.want {
			t.Errorf("press script again on a Traditional page converted from %q = %+v, want %s", c.kept, got, c.want)
		}
	}
	if v := Show(c("variant"), d, tp); !v.Disabled {
		t.Error("the variant is offered on a Traditional page")
	}

	// Zoom: steps, limits, the readout.
	z := set(t, d, "zoom", 1.25)
	if got := Press("zoom-in", z, p); got[0].Value.N != 1.5 {
		t.Errorf("zoom-in from 1.25 = %v", got[0].Value.N)
	}
	if got := Press("zoom-out", z, p); got[0].Value.N != 1 {
		t.Errorf("zoom-out from 1.25 = %v", got[0].Value.N)
	}
	if !Show(c("zoom-out"), d, p).Disabled || Show(c("zoom-in"), d, p).Disabled {
		t.Error("at 100 % only zoom-out is disabled")
	}
	if !Show(c("zoom-in"), set(t, d, "zoom", 3.0), p).Disabled {
		t.Error("zoom-in is enabled at 300 %")
	}
	if v := Show(c("zoom-level"), z, p); v.Label != "125%" {
		t.Errorf("readout = %q", v.Label)
	}
	if v := Show(c("zoom-in"), z, p); v.Label != "放大文字" {
		t.Errorf("zoom-in's label changes with the state: %q", v.Label)
	}

	// Contrast steps through every scheme and back.
	s := d
	for i := range state.Contrasts {
		s = set(t, s, "contrast", Press("contrast", s, p)[0].Value.S)
		if want := state.Contrasts[(i+1)%len(state.Contrasts)]; s.Str("contrast") != want {
			t.Errorf("contrast step %d = %s, want %s", i, s.Str("contrast"), want)
		}
	}

	// Toggles flip their field.
	if got := Press("elder", d, p); got[0].Name != "elder" || !got[0].Value.B {
		t.Errorf("press elder = %+v", got)
	}
	if v := Show(c("elder"), set(t, d, "elder", true), p); !v.Pressed {
		t.Error("elder not pressed when on")
	}

	// Read: play, then pause and resume belong to the reader.
	if got := Press("read", d, p); got[0].Value.S != "continuous" {
		t.Errorf("press read = %+v", got)
	}
	reading := set(t, d, "reading", "continuous")
	if got := Press("read", reading, p); got != nil {
		t.Errorf("press read while reading = %+v, want no patch", got)
	}
	paused := p
	paused.Paused = true
	for _, c2 := range []struct {
		s    state.State
		p    Page
		want string
	}{{d, p, "朗读"}, {reading, p, "暂停"}, {reading, paused, "继续"}} {
		if v := Show(c("read"), c2.s, c2.p); v.Label != c2.want || v.Pressed {
			t.Errorf("read = %+v, want label %s and no pressed state", v, c2.want)
		}
	}
	for _, id := range []string{"read", "point", "stop", "prev", "next"} {
		if !Show(c(id), d, Page{Lang: i18n.Hans}).Disabled {
			t.Errorf("%s is enabled without a reading engine", id)
		}
	}
	if Show(c("stop"), reading, p).Disabled || !Show(c("stop"), d, p).Disabled {
		t.Error("stop is enabled only while reading")
	}
	if got := Press("point", set(t, d, "reading", "point"), p); got[0].Value.S != "off" {
		t.Errorf("press point when on = %+v", got)
	}

	// Shortcuts: the user's switch, or the site's.
	if v := Show(c("shortcuts"), d, p); v.Pressed || v.Disabled {
		t.Errorf("shortcuts by default = %+v", v)
	}
	sp := p
	sp.ShortcutsBySite = true
	if v := Show(c("shortcuts"), d, sp); !v.Pressed || !v.Disabled {
		t.Errorf("shortcuts turned on by the site = %+v", v)
	}

	// Commands have no patch.
	for _, id := range []string{"reset", "help", "close", "stop", "prev", "next", "nonsense"} {
		if got := Press(id, d, p); got != nil {
			t.Errorf("press %s = %+v, want no patch", id, got)
		}
	}
	if got := Choose("rate", "1.5"); got[0].Value.N != 1.5 {
		t.Errorf("choose rate = %+v", got)
	}
	if got := Choose("rate", "fast"); got != nil {
		t.Errorf("choose rate fast = %+v", got)
	}
	if got := Choose("elder", "x"); got != nil {
		t.Errorf("choose on a toggle = %+v", got)
	}
}

// TestRateShown: 语速 shows every rate the field takes, its own step or
// the nearest, never no value.
func TestRateShown(t *testing.T) {
	c, _ := Find("rate")
	opts := map[string]bool{}
	for _, o := range c.Options {
		opts[o.Value] = true
	}
	for _, tc := range []struct {
		rate float64
		want string
	}{{0.5, "0.5"}, {0.6, "0.5"}, {0.7, "0.75"}, {1, "1"}, {1.75, "1.75"}, {1.9, "2"}, {2, "2"}} {
		v := Show(c, set(t, state.Default(), "rate", tc.rate), Page{Lang: i18n.Hans})
		if v.Value != tc.want || !opts[v.Value] {
			t.Errorf("rate %g shows %q; want the option %q", tc.rate, v.Value, tc.want)
		}
	}
}

func TestSaid(t *testing.T) {
	d := state.Default()
	for _, c := range []struct {
		id         string
		prev, next state.State
		lang       i18n.Lang
		want       string
	}{
		{"script", d, set(t, d, "script", "traditional"), i18n.Hant, "已切換為繁體"},
		{"script", set(t, d, "script", "traditional"), d, i18n.Hans, "已恢复原文"},
		{"script", d, set(t, d, "script", "simplified"), i18n.En, "Switched to Simplified Chinese"},
		{"zoom-in", d, set(t, d, "zoom", 1.25), i18n.Hans, "文字大小：125%"},
		{"zoom-out", set(t, d, "zoom", 1.25), d, i18n.En, "Text size: 100%"},
		{"elder", d, set(t, d, "elder", true), i18n.Hans, "长者助手已开启"},
		{"elder", set(t, d, "elder", true), d, i18n.En, "Senior mode off"},
		{"contrast", d, set(t, d, "contrast", "yellow-on-black"), i18n.Hans, "配色：黑底黄字"},
		{"contrast", d, d, i18n.Hans, ""},
		{"rate", d, set(t, d, "rate", 1.5), i18n.En, "Speed: 1.5"},
		{"point", d, set(t, d, "reading", "point"), i18n.Hans, "指读已开启"},
		{"read", d, set(t, d, "reading", "continuous"), i18n.Hans, "开始朗读"},
		{"read", set(t, d, "reading", "point"), set(t, d, "reading", "continuous"), i18n.Hans, "开始朗读"},
		{"read", set(t, d, "reading", "continuous"), d, i18n.Hant, "已停止朗讀"},
		{"read", set(t, d, "reading", "continuous"), set(t, d, "reading", "continuous"), i18n.Hans, ""},
		{"shortcuts", d, set(t, d, "shortcuts", true), i18n.Hant, "快速鍵已開啟"},
		{"links", d, d, i18n.Hans, ""},
		{"help", d, d, i18n.Hans, ""},
		{"nonsense", d, d, i18n.Hans, ""},
	} {
		if got := Said(c.id, c.prev, c.next, Page{Lang: c.lang, Reading: true}); got != c.want {
			t.Errorf("Said(%s) = %q, want %q", c.id, got, c.want)
		}
	}
}

func TestStepZoom(t *testing.T) {
	for _, c := range []struct {
		z    float64
		up   bool
		want float64
	}{{1, true, 1.25}, {1.1, true, 1.25}, {1.1, false, 1}, {3, true, 3}, {1, false, 1}, {2.2, false, 2}, {2.5, true, 3}} {
		if got := StepZoom(c.z, c.up); got != c.want {
			t.Errorf("StepZoom(%v, %v) = %v, want %v", c.z, c.up, got, c.want)
		}
	}
}

// apply applies a patch that the toolbar made.
func apply(t *testing.T, s state.State, patch []state.Change) state.State {
	t.Helper()
	out, err := s.Apply(patch)
	if err != nil {
		t.Fatalf("apply %+v: %v", patch, err)
	}
	return out
}

// TestElderZoom: in the elder mode the zoom controls work from the size
// the page shows (at least 150 %), so that every step a reader takes
// shows a change; there is no step below the elder mode's own size.
func TestElderZoom(t *testing.T) {
	d := state.Default()
	p := Page{Lang: i18n.Hans}
	c := func(id string) Control { x, _ := Find(id); return x }
	for _, tc := range []struct {
		name    string
		s       state.State
		readout string
		outOff  bool    // zoom-out disabled
		in, out float64 // the text size after a press
		saidIn  string
	}{
		{"elder at 100 %", set(t, d, "elder", true), "150%", true, 1.75, 1.5, "文字大小：175%"},
		{"elder at 125 %", set(t, d, "elder", true, "zoom", 1.25), "150%", true, 1.75, 1.5, "文字大小：175%"},
		{"elder at 150 %", set(t, d, "elder", true, "zoom", 1.5), "150%", true, 1.75, 1.5, "文字大小：175%"},
		{"elder at 200 %", set(t, d, "elder", true, "zoom", 2.0), "200%", false, 2.5, 1.75, "文字大小：250%"},
		{"no elder at 125 %", set(t, d, "zoom", 1.25), "125%", false, 1.5, 1, "文字大小：150%"},
	} {
		if got := Show(c("zoom-level"), tc.s, p).Label; got != tc.readout {
			t.Errorf("%s: readout %q, want %q", tc.name, got, tc.readout)
		}
		if got := Show(c("zoom-out"), tc.s, p).Disabled; got != tc.outOff {
			t.Errorf("%s: zoom-out disabled = %v, want %v", tc.name, got, tc.outOff)
		}
		in := apply(t, tc.s, Press("zoom-in", tc.s, p))
		if in.TextZoom() != tc.in {
			t.Errorf("%s: zoom-in gives text at %v, want %v", tc.name, in.TextZoom(), tc.in)
		}
		if got := Said("zoom-in", tc.s, in, p); got != tc.saidIn {
			t.Errorf("%s: zoom-in says %q, want %q", tc.name, got, tc.saidIn)
		}
		out := Press("zoom-out", tc.s, p)
		if tc.outOff != (out == nil) {
			t.Errorf("%s: zoom-out asks for %+v", tc.name, out)
		}
		if got := apply(t, tc.s, out).TextZoom(); got != tc.out {
			t.Errorf("%s: zoom-out gives text at %v, want %v", tc.name, got, tc.out)
		}
	}
}

// TestElderParts: while the elder mode is on, its parts show as pressed
// and are not switches of their own (the elder mode is one switch); the
// reader's own choice of a part is kept for when it is off.
func TestElderParts(t *testing.T) {
	d := state.Default()
	p := Page{Lang: i18n.Hans}
	elder := set(t, d, "elder", true)
	for _, part := range state.ElderParts {
		c, _ := Find(part)
		if v := Show(c, elder, p); !v.Pressed || !v.Disabled {
			t.Errorf("%s in the elder mode: pressed %v, disabled %v; want both", part, v.Pressed, v.Disabled)
		}
		if got := Press(part, elder, p); got != nil {
			t.Errorf("pressing %s in the elder mode asks for %+v", part, got)
		}
		if got, want := SaidUnavailable(part, elder, p), i18n.T(p.Lang, c.Label)+"：随长者助手开启"; got != want {
			t.Errorf("a shortcut for %s in the elder mode says %q, want %q", part, got, want)
		}
		if v := Show(c, d, p); v.Pressed || v.Disabled {
			t.Errorf("%s without the elder mode: pressed %v, disabled %v", part, v.Pressed, v.Disabled)
		}
		own := set(t, elder, part, true)
		if got := apply(t, own, Press("elder", own, p)); !got.Shows(part) || got.Bool("elder") {
			t.Errorf("turning the elder mode off took the reader's own %s with it", part)
		}
	}
	links, _ := Find("links")
	if v := Show(links, elder, p); v.Pressed || v.Disabled {
		t.Errorf("links is not a part of the elder mode: pressed %v, disabled %v", v.Pressed, v.Disabled)
	}
	if got := SaidUnavailable("zoom-out", elder, p); got != "缩小文字：长者助手下文字最小为 150%" {
		t.Errorf("SaidUnavailable(zoom-out) in the elder mode = %q", got)
	}
	for _, c := range []struct {
		id   string
		zoom float64
		lang i18n.Lang
		want string
	}{
		{"zoom-in", 3, i18n.Hans, "放大文字：文字已是最大 300%"},
		{"zoom-out", 1, i18n.Hans, "缩小文字：文字已是最小 100%"},
		{"zoom-in", 3, i18n.En, "Larger text: text is at its largest, 300%"},
	} {
		if got := SaidUnavailable(c.id, set(t, d, "zoom", c.zoom), Page{Lang: c.lang}); got != c.want {
			t.Errorf("SaidUnavailable(%s) at %g = %q, want %q", c.id, c.zoom, got, c.want)
		}
	}
	if got := SaidUnavailable("stop", d, Page{Lang: i18n.En}); got != "Stop: unavailable" {
		t.Errorf("SaidUnavailable(stop) = %q", got)
	}
	// A site that turned shortcuts on: they are on, not unavailable.
	if got, want := SaidUnavailable("shortcuts", d, Page{Lang: i18n.Hans, ShortcutsBySite: true}), "快捷键：本网站已开启"; got != want {
		t.Errorf("SaidUnavailable(shortcuts) on a site that turned them on = %q, want %q", got, want)
	}
}
