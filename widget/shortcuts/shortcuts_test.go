package shortcuts

import (
	"strings"
	"testing"
)

func TestParseCombo(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Combo
		err  string // a part of the error, "" for none
	}{
		{"Alt+Shift+T", Combo{Alt | Shift, "KeyT"}, ""},
		{"alt+shift+t", Combo{Alt | Shift, "KeyT"}, ""},
		{"Shift+Alt+KeyT", Combo{Alt | Shift, "KeyT"}, ""},
		{" Alt + Shift + Equal ", Combo{Alt | Shift, "Equal"}, ""},
		{"Alt+Shift+=", Combo{Alt | Shift, "Equal"}, ""},
		{"Alt+Shift++", Combo{Alt | Shift, "Equal"}, ""},
		{"Alt+Shift+plus", Combo{Alt | Shift, "Equal"}, ""},
		{"Alt+Shift+-", Combo{Alt | Shift, "Minus"}, ""},
		{"Alt+Shift+1", Combo{Alt | Shift, "Digit1"}, ""},
		{"Alt+Shift+Digit9", Combo{Alt | Shift, "Digit9"}, ""},
		{"Ctrl+Alt+Z", Combo{Ctrl | Alt, "KeyZ"}, ""},
		{"Option+Shift+Comma", Combo{Alt | Shift, "Comma"}, ""},
		{"Cmd+Shift+F2", Combo{Meta | Shift, "F2"}, ""},
		{"Alt+Shift+F12", Combo{}, "never"},
		{"Alt+Shift+Tab", Combo{}, "never"},
		{"Ctrl+Alt+Esc", Combo{}, "never"},
		{"Alt+Shift+Escape", Combo{}, "never"},
		{"Alt+Shift+Enter", Combo{}, "never"},
		{"Alt+Shift+Space", Combo{}, "never"},
		{"Alt+Shift+ArrowDown", Combo{}, "never"},
		{"T", Combo{}, "needs Alt, Ctrl or Meta"},
		{"Shift+T", Combo{}, "needs Alt, Ctrl or Meta"},
		{"Alt+T", Combo{}, "two modifiers"},
		{"Ctrl+Z", Combo{}, "two modifiers"},
		{"Alt+Shift", Combo{}, "ends with a modifier"},
		{"Alt+Shift+ShiftLeft", Combo{}, "modifier alone"},
		{"Alt+Alt+T", Combo{}, "twice"},
		{"Hyper+Shift+T", Combo{}, "unknown modifier"},
		{"Alt+Shift+Foo", Combo{}, "unknown key"},
		{"Alt+Shift+F13", Combo{}, "unknown key"},
		{"Ctrl+Shift+T", Combo{}, "browser"},
		{"Ctrl+Shift+I", Combo{}, "browser"},
		{"", Combo{}, "no key"},
	} {
		got, err := ParseCombo(c.in)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("ParseCombo(%q): %v", c.in, err)
		case c.err == "" && got != c.want:
			t.Errorf("ParseCombo(%q) = %+v, want %+v", c.in, got, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseCombo(%q) error = %v, want one containing %q", c.in, err, c.err)
		}
	}
}

func TestDefaultsAreValidDistinctAndKnown(t *testing.T) {
	seen := map[Combo]string{}
	for _, b := range Defaults {
		if err := Validate(b.Combo); err != nil {
			t.Errorf("default %s %s: %v", b.Action, Format(b.Combo), err)
		}
		if !knownAction(b.Action) {
			t.Errorf("default for unknown action %q", b.Action)
		}
		if other, ok := seen[b.Combo]; ok {
			t.Errorf("%s and %s share %s", b.Action, other, Format(b.Combo))
		}
		seen[b.Combo] = b.Action
		// Round trip: what the help panel shows, a site can write.
		back, err := ParseCombo(Format(b.Combo))
		if err != nil || back != b.Combo {
			t.Errorf("ParseCombo(Format(%+v)) = %+v, %v", b.Combo, back, err)
		}
	}
}

func combos(bs []Binding) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Action+":"+Format(b.Combo))
	}
	return strings.Join(parts, ",")
}

func TestParse(t *testing.T) {
	defaults := combos(Defaults)
	for _, c := range []struct {
		in       string
		want     map[string]string // action -> formatted combo; "" means unbound
		problems []string          // parts of the reasons, in order
	}{
		{"", nil, nil},
		{"  ", nil, nil},
		{"zoom-in:Alt+Shift+I", map[string]string{"zoom-in": "Alt+Shift+I"}, nil},
		{"zoom-in:Ctrl+Alt+Equal, zoom-out:Ctrl+Alt+Minus",
			map[string]string{"zoom-in": "Ctrl+Alt+=", "zoom-out": "Ctrl+Alt+-"}, nil},
		// Taking a default's combination moves it.
		{"guide:Alt+Shift+T", map[string]string{"guide": "Alt+Shift+T", "script": ""}, nil},
		{"read:none", map[string]string{"read": ""}, nil},
		{"read:NONE,stop:none", map[string]string{"read": "", "stop": ""}, nil},
		{"zoom-in:Alt+Shift+Tab", map[string]string{"zoom-in": "Alt+Shift+="}, []string{"never"}},
		{"zoom-in:I", map[string]string{"zoom-in": "Alt+Shift+="}, []string{"needs Alt"}},
		{"launch:Alt+Shift+L", nil, []string{"unknown action"}},
		{"zoom-in", nil, []string{"expected action:combination"}},
		{"guide:Alt+Shift+G,caption:Alt+Shift+G", map[string]string{"guide": "Alt+Shift+G", "caption": ""},
			[]string{"already guide"}},
		{"guide:Alt+Shift+G,,links:Alt+Shift+Tab,links:Alt+Shift+L",
			map[string]string{"guide": "Alt+Shift+G", "links": "Alt+Shift+L"}, []string{"never"}},
	} {
		got, problems := Parse(c.in)
		if len(problems) != len(c.problems) {
			t.Errorf("Parse(%q) problems = %v, want %d", c.in, problems, len(c.problems))
		} else {
			for i, p := range problems {
				if !strings.Contains(p.Reason, c.problems[i]) || !strings.Contains(p.Error(), "data-shortcuts") {
					t.Errorf("Parse(%q) problem %d = %v, want %q", c.in, i, p, c.problems[i])
				}
			}
		}
		if c.want == nil && len(c.problems) == 0 && combos(got) != defaults {
			t.Errorf("Parse(%q) = %s, want the defaults", c.in, combos(got))
		}
		for action, want := range c.want {
			combo, ok := Lookup(got, action)
			switch {
			case want == "" && ok:
				t.Errorf("Parse(%q): %s still bound to %s", c.in, action, Format(combo))
			case want != "" && (!ok || Format(combo) != want):
				t.Errorf("Parse(%q): %s = %s (bound %v), want %s", c.in, action, Format(combo), ok, want)
			}
		}
		// Whatever the input, the result is valid and unambiguous.
		seen := map[Combo]bool{}
		for _, b := range got {
			if err := Validate(b.Combo); err != nil || seen[b.Combo] {
				t.Errorf("Parse(%q) gave bad or duplicate %s", c.in, Format(b.Combo))
			}
			seen[b.Combo] = true
		}
	}
}

func TestParseKeepsActionOrder(t *testing.T) {
	got, _ := Parse("help:Alt+Shift+Slash,toolbar:Alt+Shift+Y")
	if got[0].Action != "toolbar" || got[len(got)-1].Action != "help" {
		t.Errorf("order = %s", combos(got))
	}
}

func TestMatch(t *testing.T) {
	bs, _ := Parse("guide:Ctrl+Shift+G,caption:Ctrl+Alt+K")
	for _, c := range []struct {
		name string
		e    Event
		want string
	}{
		{"alt shift equal", Event{Code: "Equal", Key: "+", Alt: true, Shift: true}, "zoom-in"},
		{"mac alt shift t types a sign", Event{Code: "KeyT", Key: "ˇ", Alt: true, Shift: true}, "script"},
		{"missing shift", Event{Code: "Equal", Key: "=", Alt: true}, ""},
		{"extra ctrl", Event{Code: "Equal", Alt: true, Shift: true, Ctrl: true}, ""},
		{"single key", Event{Code: "KeyT", Key: "t"}, ""},
		{"shift letter", Event{Code: "KeyT", Key: "T", Shift: true}, ""},
		{"tab", Event{Code: "Tab", Key: "Tab", Alt: true, Shift: true}, ""},
		{"escape", Event{Code: "Escape", Key: "Escape"}, ""},
		{"held down", Event{Code: "Equal", Key: "+", Alt: true, Shift: true, Repeat: true}, ""},
		{"page handled it", Event{Code: "Equal", Key: "+", Alt: true, Shift: true, Handled: true}, ""},
		{"input method composing", Event{Code: "KeyT", Key: "Process", Alt: true, Shift: true, Composing: true}, ""},
		{"typing a sign in a field", Event{Code: "KeyT", Key: "ˇ", Alt: true, Shift: true, Editable: true}, ""},
		{"ctrl combo in a field", Event{Code: "KeyG", Key: "G", Ctrl: true, Shift: true, Editable: true}, "guide"},
		{"altgr in a field types", Event{Code: "KeyK", Key: "ķ", Ctrl: true, Alt: true, Editable: true}, ""},
		{"altgr outside a field", Event{Code: "KeyK", Key: "ķ", Ctrl: true, Alt: true}, "caption"},
		{"alt shift in a field without a character", Event{Code: "Digit0", Key: "Unidentified", Alt: true, Shift: true, Editable: true}, "reset"},
	} {
		if got := Match(bs, c.e); got != c.want {
			t.Errorf("%s: Match = %q, want %q", c.name, got, c.want)
		}
	}
	if got := Match(nil, Event{Code: "Equal", Alt: true, Shift: true}); got != "" {
		t.Errorf("no bindings matched %q", got)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		c    Combo
		want string
	}{
		{Combo{Alt | Shift, "KeyT"}, "Alt+Shift+T"},
		{Combo{Shift | Ctrl | Alt, "Digit1"}, "Ctrl+Alt+Shift+1"},
		{Combo{Meta | Shift, "Backslash"}, "Shift+Meta+\\"},
		{Combo{Alt | Shift, "F2"}, "Alt+Shift+F2"},
	} {
		if got := Format(c.c); got != c.want {
			t.Errorf("Format(%+v) = %q, want %q", c.c, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "zoom-in:Alt+Shift+I", "read:none,x:y", "a:Alt+Shift++", ",,:", "guide:Ctrl+Alt+F1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs, _ := Parse(s)
		seen := map[Combo]bool{}
		for _, b := range bs {
			if err := Validate(b.Combo); err != nil {
				t.Fatalf("Parse(%q) bound %s: %v", s, Format(b.Combo), err)
			}
			if seen[b.Combo] {
				t.Fatalf("Parse(%q) bound %s twice", s, Format(b.Combo))
			}
			seen[b.Combo] = true
		}
	})
}
