// Package shortcuts holds yiyue's keyboard shortcuts: the default bindings,
// the parsing and validation of a site's remapping (the data-shortcuts
// attribute), the matching of a key event, and how a combination is shown
// in the help panel.
//
// Shortcuts are off unless the site or the user turns them on. Every
// combination needs Alt, Ctrl or Meta plus at least one more modifier, so
// that no shortcut ever takes a single key, a Shift+letter (typing), Tab,
// Esc, Enter, Space or the arrows that screen readers and keyboard users
// rely on. Keys are matched by KeyboardEvent.code, which does not depend on
// the keyboard layout or on the character that Alt+Shift types on a Mac.
//
// It is compiled into the WASM, so it uses strings and strconv only.
package shortcuts

import (
	"errors"
	"strings"
)

// Mod is a set of modifier keys.
type Mod uint8

// The modifiers.
const (
	Alt Mod = 1 << iota
	Ctrl
	Shift
	Meta
)

// Combo is one key combination: modifiers plus a KeyboardEvent.code.
type Combo struct {
	Mod  Mod
	Code string
}

// Binding ties an action to a combination.
type Binding struct {
	Action string
	Combo  Combo
}

// Actions lists what a shortcut can do, in help-panel order. "toolbar"
// opens or closes the toolbar, "contrast" steps through the schemes; the
// others are the ids of toolbar controls, pressed as by a click.
var Actions = []string{
	"toolbar", "script", "zoom-in", "zoom-out", "contrast", "elder",
	"cursor", "guide", "caption", "spacing", "links",
	"read", "stop", "prev", "next", "point", "reset", "help",
}

// Defaults are the bindings a site gets with a bare data-shortcuts
// attribute: Alt+Shift with a letter or sign that recalls the action.
// Alt+Shift alone (without a key) switches the input method on Windows;
// with a key it does not, and no browser or screen reader claims these.
var Defaults = []Binding{
	{"toolbar", Combo{Alt | Shift, "KeyA"}},
	{"script", Combo{Alt | Shift, "KeyT"}},
	{"zoom-in", Combo{Alt | Shift, "Equal"}},
	{"zoom-out", Combo{Alt | Shift, "Minus"}},
	{"contrast", Combo{Alt | Shift, "KeyC"}},
	{"elder", Combo{Alt | Shift, "KeyE"}},
	{"read", Combo{Alt | Shift, "KeyR"}},
	{"stop", Combo{Alt | Shift, "KeyS"}},
	{"prev", Combo{Alt | Shift, "Comma"}},
	{"next", Combo{Alt | Shift, "Period"}},
	{"point", Combo{Alt | Shift, "KeyP"}},
	{"reset", Combo{Alt | Shift, "Digit0"}},
	{"help", Combo{Alt | Shift, "KeyH"}},
}

// never are codes that no shortcut may take, whatever the modifiers:
// keys that move focus, dismiss, activate, or that assistive technology
// and the browser use.
var never = map[string]bool{
	"Tab": true, "Escape": true, "Enter": true, "NumpadEnter": true, "Space": true,
	"ArrowUp": true, "ArrowDown": true, "ArrowLeft": true, "ArrowRight": true,
	"Home": true, "End": true, "PageUp": true, "PageDown": true,
	"Backspace": true, "Delete": true, "Insert": true, "CapsLock": true,
	"F4": true, "F5": true, "F6": true, "F7": true, "F11": true, "F12": true,
}

// reserved are combinations the browser keeps for itself (reopen tab, new
// private window, developer tools, quit, bookmarks bar, clear data): a page
// cannot take them reliably, and users expect them to work.
var reserved = map[Combo]bool{
	{Ctrl | Shift, "KeyT"}: true, {Ctrl | Shift, "KeyN"}: true, {Ctrl | Shift, "KeyW"}: true,
	{Ctrl | Shift, "KeyQ"}: true, {Ctrl | Shift, "KeyI"}: true, {Ctrl | Shift, "KeyJ"}: true,
	{Ctrl | Shift, "KeyC"}: true, {Ctrl | Shift, "KeyB"}: true, {Ctrl | Shift, "KeyO"}: true,
	{Ctrl | Shift, "KeyM"}: true, {Ctrl | Shift, "KeyA"}: true,
	{Meta | Shift, "KeyT"}: true, {Meta | Shift, "KeyN"}: true, {Meta | Shift, "KeyW"}: true,
	{Meta | Alt, "KeyI"}: true, {Meta | Alt, "KeyJ"}: true, {Meta | Alt, "KeyC"}: true,
	{Ctrl | Alt, "Delete"}: true,
}

// Validate reports why c cannot be a shortcut, or nil.
func Validate(c Combo) error {
	if c.Code == "" {
		return errors.New("no key")
	}
	if modifierCode(c.Code) {
		return errors.New("a modifier alone is not a key")
	}
	if never[c.Code] {
		return errors.New(c.Code + " is never a shortcut")
	}
	if c.Mod&(Alt|Ctrl|Meta) == 0 {
		return errors.New("needs Alt, Ctrl or Meta")
	}
	if bits(c.Mod) < 2 {
		return errors.New("needs two modifiers, such as Alt+Shift")
	}
	if !knownCode(c.Code) {
		return errors.New("unknown key " + strconvQuote(c.Code))
	}
	if reserved[c] {
		return errors.New(Format(c) + " belongs to the browser")
	}
	return nil
}

func bits(m Mod) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

func modifierCode(code string) bool {
	for _, p := range []string{"Alt", "Control", "Shift", "Meta", "OS"} {
		if code == p || code == p+"Left" || code == p+"Right" {
			return true
		}
	}
	return false
}

// signs maps the codes of punctuation keys to the names a site may write
// and the sign the help panel shows.
var signs = []struct{ code, sign string }{
	{"Equal", "="}, {"Minus", "-"}, {"Comma", ","}, {"Period", "."}, {"Slash", "/"},
	{"Semicolon", ";"}, {"Quote", "'"}, {"Backquote", "`"}, {"Backslash", "\\"},
	{"BracketLeft", "["}, {"BracketRight", "]"},
}

func knownCode(code string) bool {
	switch {
	case len(code) == 4 && strings.HasPrefix(code, "Key") && code[3] >= 'A' && code[3] <= 'Z':
		return true
	case len(code) == 6 && strings.HasPrefix(code, "Digit") && code[5] >= '0' && code[5] <= '9':
		return true
	case strings.HasPrefix(code, "F") && len(code) <= 3:
		n := 0
		for _, r := range code[1:] {
			if r < '0' || r > '9' {
				return false
			}
			n = n*10 + int(r-'0')
		}
		return n >= 1 && n <= 12
	}
	for _, s := range signs {
		if s.code == code {
			return true
		}
	}
	return false
}

// ParseCombo reads a combination such as "Alt+Shift+T", "alt+shift+Equal",
// "Ctrl+Alt+KeyZ", "Alt+Shift+=" or "Alt+Shift+1", and validates it.
func ParseCombo(s string) (Combo, error) {
	var c Combo
	parts := strings.Split(strings.TrimSpace(s), "+")
	// "Alt+Shift++" names the plus key, which is Equal with Shift.
	if strings.HasSuffix(s, "++") {
		parts = append(parts[:len(parts)-2], "=")
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if i < len(parts)-1 {
			m := modName(p)
			if m == 0 {
				return c, errors.New("unknown modifier " + strconvQuote(p))
			}
			if c.Mod&m != 0 {
				return c, errors.New("modifier " + p + " twice")
			}
			c.Mod |= m
			continue
		}
		if modName(p) != 0 {
			return c, errors.New("ends with a modifier; add a key")
		}
		c.Code = codeName(p)
	}
	if err := Validate(c); err != nil {
		return c, err
	}
	return c, nil
}

func modName(p string) Mod {
	switch strings.ToLower(p) {
	case "alt", "option", "opt":
		return Alt
	case "ctrl", "control":
		return Ctrl
	case "shift":
		return Shift
	case "meta", "cmd", "command", "win", "super":
		return Meta
	}
	return 0
}

// codeName turns what a site writes for a key into a KeyboardEvent.code.
func codeName(p string) string {
	switch {
	case len(p) == 1 && p[0] >= 'a' && p[0] <= 'z':
		return "Key" + strings.ToUpper(p)
	case len(p) == 1 && p[0] >= 'A' && p[0] <= 'Z':
		return "Key" + p
	case len(p) == 1 && p[0] >= '0' && p[0] <= '9':
		return "Digit" + p
	case p == "+":
		return "Equal"
	}
	for _, s := range signs {
		if p == s.sign || strings.EqualFold(p, s.code) {
			return s.code
		}
	}
	lp := strings.ToLower(p)
	switch {
	case lp == "esc" || lp == "escape":
		return "Escape"
	case lp == "plus":
		return "Equal"
	case strings.HasPrefix(lp, "key") && len(p) == 4:
		return "Key" + strings.ToUpper(p[3:])
	case strings.HasPrefix(lp, "digit") && len(p) == 6:
		return "Digit" + p[5:]
	case len(p) >= 2 && (p[0] == 'f' || p[0] == 'F'):
		return "F" + p[1:]
	}
	// Anything else keeps its spelling, so that Validate names it.
	for code := range never {
		if strings.EqualFold(code, p) {
			return code
		}
	}
	return p
}

// Problem is one entry of a site's data-shortcuts value that was refused.
type Problem struct {
	Entry  string
	Reason string
}

// Error names the refused entry and why, as the console shows it.
func (p Problem) Error() string {
	return "yiyue: data-shortcuts " + strconvQuote(p.Entry) + ": " + p.Reason
}

// Parse reads a data-shortcuts value and returns the bindings: the
// defaults, with the site's entries applied over them. The value is a
// comma-separated list of action:combo entries, such as
// "zoom-in:Alt+Shift+Equal, read:Alt+Shift+Space"; "action:none" removes
// an action's shortcut. An empty value means the defaults. An entry that
// is malformed, names an unknown action, or takes a combination another
// entry of the site already took, is skipped and reported; the rest still
// applies. A site's entry takes a combination from a default binding,
// which then loses it.
func Parse(value string) ([]Binding, []Problem) {
	out := append([]Binding(nil), Defaults...)
	var problems []Problem
	mine := map[Combo]string{}
	for _, raw := range strings.Split(value, ",") {
		entry := strings.TrimSpace(raw)
		if entry == "" {
			continue
		}
		colon := strings.IndexByte(entry, ':')
		if colon < 0 {
			problems = append(problems, Problem{entry, "expected action:combination"})
			continue
		}
		action := strings.TrimSpace(entry[:colon])
		spec := strings.TrimSpace(entry[colon+1:])
		if !knownAction(action) {
			problems = append(problems, Problem{entry, "unknown action " + strconvQuote(action) + "; known: " + strings.Join(Actions, ", ")})
			continue
		}
		if strings.EqualFold(spec, "none") {
			out = without(out, func(b Binding) bool { return b.Action == action })
			continue
		}
		c, err := ParseCombo(spec)
		if err != nil {
			problems = append(problems, Problem{entry, err.Error()})
			continue
		}
		if other, taken := mine[c]; taken && other != action {
			problems = append(problems, Problem{entry, Format(c) + " is already " + other})
			continue
		}
		mine[c] = action
		out = without(out, func(b Binding) bool { return b.Action == action || b.Combo == c })
		out = append(out, Binding{action, c})
	}
	sortByAction(out)
	return out, problems
}

func knownAction(a string) bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}

func without(bs []Binding, drop func(Binding) bool) []Binding {
	out := bs[:0]
	for _, b := range bs {
		if !drop(b) {
			out = append(out, b)
		}
	}
	return out
}

// sortByAction puts bindings in the order of Actions (an insertion sort:
// the list is short, and sort would add to the WASM).
func sortByAction(bs []Binding) {
	rank := func(a string) int {
		for i, x := range Actions {
			if x == a {
				return i
			}
		}
		return len(Actions)
	}
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && rank(bs[j].Action) < rank(bs[j-1].Action); j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
}

// Event is the part of a keydown event that matching needs.
type Event struct {
	Code string
	// Key is KeyboardEvent.key: the character the combination types, if any.
	Key                    string
	Alt, Ctrl, Shift, Meta bool
	// Editable is true when the event's target takes text input.
	Editable bool
	// Repeat is true for auto-repeated keydowns.
	Repeat bool
	// Handled is true when the page already called preventDefault.
	Handled bool
	// Composing is true while an input method composes text (Chinese input).
	Composing bool
}

// Match returns the action bound to the event, or "" when the event is not
// a shortcut and must be left alone. It never takes a key the page already
// handled, a key held down (auto-repeat would fire an action many times),
// a key while an input method composes, or, in a text field, a
// combination that types a character there.
func Match(bindings []Binding, e Event) string {
	if e.Handled || e.Repeat || e.Composing {
		return ""
	}
	var m Mod
	if e.Alt {
		m |= Alt
	}
	if e.Ctrl {
		m |= Ctrl
	}
	if e.Shift {
		m |= Shift
	}
	if e.Meta {
		m |= Meta
	}
	// A combination types a character unless Ctrl (without Alt, which
	// with Ctrl is AltGr on many layouts) or Meta is held.
	types := len([]rune(e.Key)) == 1 && (!e.Ctrl || e.Alt) && !e.Meta
	if e.Editable && types {
		return ""
	}
	for _, b := range bindings {
		if b.Combo.Mod == m && b.Combo.Code == e.Code {
			return b.Action
		}
	}
	return ""
}

// Format shows a combination as the help panel lists it, such as
// "Alt+Shift+=". The modifier names are the key caps, the same in every
// UI language.
func Format(c Combo) string {
	var b strings.Builder
	for _, m := range []struct {
		m    Mod
		name string
	}{{Ctrl, "Ctrl"}, {Alt, "Alt"}, {Shift, "Shift"}, {Meta, "Meta"}} {
		if c.Mod&m.m != 0 {
			b.WriteString(m.name)
			b.WriteByte('+')
		}
	}
	b.WriteString(keyCap(c.Code))
	return b.String()
}

func keyCap(code string) string {
	switch {
	case strings.HasPrefix(code, "Key") && len(code) == 4:
		return code[3:]
	case strings.HasPrefix(code, "Digit") && len(code) == 6:
		return code[5:]
	}
	for _, s := range signs {
		if s.code == code {
			return s.sign
		}
	}
	return code
}

// Lookup returns the combination bound to action, if any.
func Lookup(bindings []Binding, action string) (Combo, bool) {
	for _, b := range bindings {
		if b.Action == action {
			return b.Combo, true
		}
	}
	return Combo{}, false
}

// strconvQuote quotes s simply; strconv would do, but this keeps the
// package's imports to strings and errors.
func strconvQuote(s string) string { return "\"" + s + "\"" }
