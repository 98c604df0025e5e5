// Package toolbar describes the widget's toolbar: which controls it has, in
// which order, how each is named in every UI language, whether it shows as
// pressed, and what pressing it does to the State. The glue renders this
// model as native buttons and selects; it decides nothing itself.
package toolbar

import (
	"math"
	"strconv"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/state"
)

// Kind is how a control is rendered.
type Kind uint8

// The kinds of control.
const (
	Toggle     Kind = iota // a button with aria-pressed
	Action                 // a plain button; its label may change with the state
	Choice                 // a labelled <select>
	Disclosure             // a button with aria-expanded that shows a part of the widget
	Readout                // text that shows a value, not a control
)

// Option is one choice of a Choice control.
type Option struct {
	Value string
	Label i18n.Key
}

// Control is one toolbar control.
type Control struct {
	ID    string
	Kind  Kind
	Label i18n.Key
	// Desc says in the help panel what the control does.
	Desc i18n.Key
	// Icon names the control's icon in the toolbar stylesheet.
	Icon string
	// Field is the State field a Toggle or Choice shows.
	Field   string
	Options []Option
}

// Controls is the toolbar, in visual and keyboard order.
var Controls = []Control{
	// First, in the toolbar's first row, which stays put as the toolbar
	// grows with the text (toolbar.css): a reader who presses the same
	// spot again finds the same button there.
	{ID: "zoom-in", Kind: Action, Label: i18n.ZoomIn, Desc: i18n.DescZoomIn, Icon: "zoom-in"},
	{ID: "zoom-out", Kind: Action, Label: i18n.ZoomOut, Desc: i18n.DescZoomOut, Icon: "zoom-out"},
	{ID: "zoom-level", Kind: Readout, Label: i18n.ZoomLevel},
	{ID: "script", Kind: Toggle, Label: i18n.Traditional, Desc: i18n.DescScript, Icon: "script", Field: "script"},
	{ID: "variant", Kind: Choice, Label: i18n.Variant, Desc: i18n.DescVariant, Field: "variant", Options: []Option{
		{"t", i18n.VariantT}, {"tw", i18n.VariantTW}, {"twp", i18n.VariantTWP}, {"hk", i18n.VariantHK}}},
	{ID: "contrast", Kind: Choice, Label: i18n.Contrast, Desc: i18n.DescContrast, Field: "contrast", Options: []Option{
		{"off", i18n.ContrastOff}, {"yellow-on-black", i18n.ContrastYellowOnBlack}, {"white-on-black", i18n.ContrastWhiteOnBlack},
		{"black-on-white", i18n.ContrastBlackOnWhite}, {"black-on-yellow", i18n.ContrastBlackOnYellow}, {"yellow-on-blue", i18n.ContrastYellowOnBlue}}},
	{ID: "elder", Kind: Toggle, Label: i18n.Elder, Desc: i18n.DescElder, Icon: "elder", Field: "elder"},
	{ID: "cursor", Kind: Toggle, Label: i18n.Cursor, Desc: i18n.DescCursor, Icon: "cursor", Field: "cursor"},
	{ID: "guide", Kind: Toggle, Label: i18n.Guide, Desc: i18n.DescGuide, Icon: "guide", Field: "guide"},
	{ID: "caption", Kind: Toggle, Label: i18n.Caption, Desc: i18n.DescCaption, Icon: "caption", Field: "caption"},
	{ID: "spacing", Kind: Toggle, Label: i18n.Spacing, Desc: i18n.DescSpacing, Icon: "spacing", Field: "spacing"},
	{ID: "links", Kind: Toggle, Label: i18n.Links, Desc: i18n.DescLinks, Icon: "links", Field: "links"},
	// Play, pause and resume are one button whose label says what it will
	// do; a toggle's label must not change with its state.
	{ID: "read", Kind: Action, Label: i18n.Read, Desc: i18n.DescRead, Icon: "read", Field: "reading"},
	{ID: "stop", Kind: Action, Label: i18n.Stop, Desc: i18n.DescStop, Icon: "stop"},
	{ID: "prev", Kind: Action, Label: i18n.Previous, Desc: i18n.DescPrevious, Icon: "prev"},
	{ID: "next", Kind: Action, Label: i18n.Next, Desc: i18n.DescNext, Icon: "next"},
	{ID: "point", Kind: Toggle, Label: i18n.ModePoint, Desc: i18n.DescPoint, Icon: "point", Field: "reading"},
	{ID: "rate", Kind: Choice, Label: i18n.Speed, Desc: i18n.DescSpeed, Field: "rate", Options: rateOptions()},
	{ID: "reset", Kind: Action, Label: i18n.Reset, Desc: i18n.DescReset, Icon: "reset"},
	{ID: "help", Kind: Disclosure, Label: i18n.Help, Desc: i18n.DescHelp, Icon: "help"},
	{ID: "close", Kind: Action, Label: i18n.Close, Desc: i18n.DescClose, Icon: "close"},
}

// Extras are controls outside the toolbar row: the help panel's switch
// for keyboard shortcuts.
var Extras = []Control{
	{ID: "shortcuts", Kind: Toggle, Label: i18n.HelpShortcuts, Field: "shortcuts"},
}

// Focusable reports whether a control takes keyboard focus.
func (c Control) Focusable() bool { return c.Kind != Readout }

func rateOptions() []Option {
	opts := make([]Option, len(state.RateSteps))
	for i, r := range state.RateSteps {
		opts[i] = Option{Value: strconv.FormatFloat(r, 'g', -1, 64), Label: -1}
	}
	return opts
}

// rateShown is the 语速 option that shows rate r: its own, or the nearest
// step for a rate a site set between them (0.6), so that the select never
// shows, and a screen reader never reads, no value.
func rateShown(r float64) string {
	best := state.RateSteps[0]
	for _, x := range state.RateSteps {
		if math.Abs(x-r) < math.Abs(best-r) {
			best = x
		}
	}
	return strconv.FormatFloat(best, 'g', -1, 64)
}

// Find returns the toolbar control or extra with the given id.
func Find(id string) (Control, bool) {
	for _, list := range [][]Control{Controls, Extras} {
		for _, c := range list {
			if c.ID == id {
				return c, true
			}
		}
	}
	return Control{}, false
}

// ShortcutLabel names what a keyboard shortcut action does, for the help
// panel: the control it presses, or the toolbar itself.
func ShortcutLabel(action string, l i18n.Lang) string {
	switch action {
	case "toolbar":
		return i18n.T(l, i18n.ShortcutToolbar)
	case "contrast":
		return i18n.T(l, i18n.ShortcutContrast)
	case "read":
		return i18n.T(l, i18n.Read) + " / " + i18n.T(l, i18n.Pause)
	}
	if c, ok := Find(action); ok {
		return i18n.T(l, c.Label)
	}
	return action
}

// ZoomText shows the text size of state s, such as "125%": the size the
// page shows, which the elder mode raises.
func ZoomText(s state.State) string {
	return strconv.Itoa(int(s.TextZoom()*100+0.5)) + "%"
}

// minZoom is the smallest text size a reader can step down to in s: the
// elder mode keeps its own.
func minZoom(s state.State) float64 {
	if s.Bool("elder") {
		return state.ElderZoom
	}
	return state.ZoomSteps[0]
}

// inElder says whether control c is a part that the elder mode keeps on
// in s: it shows as pressed, and only the elder switch turns it off.
func inElder(c Control, s state.State) bool {
	return c.Kind == Toggle && s.HeldByElder(c.Field)
}

// View is what the toolbar shows for a control in a given state.
type View struct {
	Label string
	// Icon names the icon to show: the control's, or another for a state
	// (read shows pause while reading).
	Icon     string
	Pressed  bool
	Value    string // the selected option of a Choice
	Disabled bool
}

// Page is what the toolbar needs to know about the page itself.
type Page struct {
	// Traditional is true when the page is written in Traditional Chinese,
	// so that the script control offers 简体 instead of 繁體.
	Traditional bool
	Lang        i18n.Lang
	// Reading reports that a reading engine is available.
	Reading bool
	// Paused reports that continuous reading is paused.
	Paused bool
	// ShortcutsBySite reports that the site turned keyboard shortcuts on
	// (data-shortcuts), so the user's switch shows them on and cannot
	// turn them off.
	ShortcutsBySite bool
	// Kept is the script choice that showed the page as written when the
	// reader's press of the script control converted it, or "": the press
	// that goes back restores it, so that 繁體, chosen on the site's other
	// pages, outlives a look at a 繁體 page in 简体.
	Kept string
}

// Show returns the view of control c in state s on page p.
func Show(c Control, s state.State, p Page) View {
	v := View{Label: i18n.T(p.Lang, c.Label), Icon: c.Icon}
	switch c.ID {
	case "script":
		if p.Traditional {
			v.Label = i18n.T(p.Lang, i18n.Simplified)
		}
		v.Pressed = Converted(s, p)
	case "variant":
		v.Value = s.Str("variant")
		v.Disabled = p.Traditional
	case "zoom-out":
		v.Disabled = s.TextZoom() <= minZoom(s)
	case "zoom-in":
		v.Disabled = s.TextZoom() >= state.ZoomSteps[len(state.ZoomSteps)-1]
	case "zoom-level":
		v.Label = ZoomText(s)
	case "read":
		if s.Str("reading") == "continuous" {
			v.Label, v.Icon = i18n.T(p.Lang, i18n.Pause), "pause"
			if p.Paused {
				v.Label, v.Icon = i18n.T(p.Lang, i18n.Resume), "read"
			}
		}
		v.Disabled = !p.Reading
	case "shortcuts":
		v.Pressed = s.Bool("shortcuts") || p.ShortcutsBySite
		v.Disabled = p.ShortcutsBySite
	case "point":
		v.Pressed = s.Str("reading") == "point"
		v.Disabled = !p.Reading
	case "stop", "prev", "next":
		v.Disabled = !p.Reading || s.Str("reading") != "continuous"
	case "rate":
		v.Value = rateShown(s.Num("rate"))
	default:
		switch c.Kind {
		case Toggle:
			if c.Field != "" {
				// A part of the elder mode shows as on while it is, and
				// is not a switch of its own meanwhile: the elder mode is
				// one switch, as the State has it.
				v.Pressed = s.Shows(c.Field)
				v.Disabled = inElder(c, s)
			}
		case Choice:
			v.Value = s.Str(c.Field)
		}
	}
	return v
}

// Converted says whether state s shows page p in the other script. The
// script field is the reader's choice, kept across a site's pages: on a
// page written in the script chosen, nothing is converted.
func Converted(s state.State, p Page) bool {
	return converts(s.Str("script"), p)
}

// converts says whether the script choice c shows page p converted.
func converts(c string, p Page) bool {
	switch c {
	case "traditional":
		return !p.Traditional
	case "simplified":
		return p.Traditional
	}
	return false
}

// Press returns the patch that pressing control id asks for in state s on
// page p; for the contrast choice, the next scheme (a shortcut's step).
// Commands that are not State changes (stop, prev, next, reset, help,
// close, and pausing) return no patch; the glue handles them by id.
func Press(id string, s state.State, p Page) []state.Change {
	switch id {
	case "script":
		if Converted(s, p) {
			if p.Kept != "" && !converts(p.Kept, p) {
				return []state.Change{{Name: "script", Value: enum(p.Kept)}}
			}
			return []state.Change{{Name: "script", Value: enum("original")}}
		}
		if p.Traditional {
			return []state.Change{{Name: "script", Value: enum("simplified")}}
		}
		return []state.Change{{Name: "script", Value: enum("traditional")}}
	case "zoom-in", "zoom-out":
		// Steps go from the size the page shows: in the elder mode, the
		// first step up from 100 % is 175 %, not a 125 % that shows no
		// change; below its own size there is no step.
		z := StepZoom(s.TextZoom(), id == "zoom-in")
		if z < minZoom(s) {
			return nil
		}
		return []state.Change{{Name: "zoom", Value: number(z)}}
	case "contrast":
		// A shortcut steps through the schemes, back to off after the last.
		i := 0
		for j, c := range state.Contrasts {
			if c == s.Str("contrast") {
				i = j
			}
		}
		return []state.Change{{Name: "contrast", Value: enum(state.Contrasts[(i+1)%len(state.Contrasts)])}}
	case "read":
		if s.Str("reading") == "continuous" {
			return nil // pause or resume: the reader's business
		}
		return []state.Change{{Name: "reading", Value: enum("continuous")}}
	case "point":
		if s.Str("reading") == "point" {
			return []state.Change{{Name: "reading", Value: enum("off")}}
		}
		return []state.Change{{Name: "reading", Value: enum("point")}}
	}
	if c, ok := Find(id); ok && c.Kind == Toggle && c.Field != "" {
		if inElder(c, s) {
			return nil
		}
		return []state.Change{{Name: c.Field, Value: boolean(!s.Bool(c.Field))}}
	}
	return nil
}

// Choose returns the patch for picking value on Choice control id.
func Choose(id, value string) []state.Change {
	c, ok := Find(id)
	if !ok || c.Kind != Choice {
		return nil
	}
	if c.Field == "rate" {
		n, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return nil
		}
		return []state.Change{{Name: "rate", Value: state.Value{Kind: state.Number, N: n}}}
	}
	return []state.Change{{Name: c.Field, Value: enum(value)}}
}

// StepZoom returns the next toolbar zoom step above (or below) z.
func StepZoom(z float64, up bool) float64 {
	steps := state.ZoomSteps
	if up {
		for _, s := range steps {
			if s > z+1e-9 {
				return s
			}
		}
		return steps[len(steps)-1]
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i] < z-1e-9 {
			return steps[i]
		}
	}
	return steps[0]
}

func enum(s string) state.Value    { return state.Value{Kind: state.Enum, S: s} }
func boolean(b bool) state.Value   { return state.Value{Kind: state.Bool, B: b} }
func number(n float64) state.Value { return state.Value{Kind: state.Number, N: n} }

// Said returns what the live region announces after the user pressed or
// chose control id and the state went from prev to next, or "" when there
// is nothing to say. Said is for changes the user made; nothing is said
// for the state a page starts in.
func Said(id string, prev, next state.State, p Page) string {
	l := p.Lang
	c, ok := Find(id)
	if !ok {
		return ""
	}
	switch id {
	case "script":
		switch next.Str("script") {
		case "traditional":
			return i18n.T(l, i18n.SaidTraditional)
		case "simplified":
			return i18n.T(l, i18n.SaidSimplified)
		}
		if prev.Str("script") != "original" {
			return i18n.T(l, i18n.SaidOriginal)
		}
		return ""
	case "zoom-in", "zoom-out":
		return value(l, i18n.T(l, i18n.SaidZoom), ZoomText(next))
	case "read":
		switch was, is := prev.Str("reading"), next.Str("reading"); {
		case was != "continuous" && is == "continuous":
			return i18n.T(l, i18n.SaidReading)
		case was == "continuous" && is == "off":
			return i18n.T(l, i18n.SaidStopped)
		}
		return ""
	}
	switch c.Kind {
	case Choice:
		v := Show(c, next, p).Value
		if v == Show(c, prev, p).Value {
			return ""
		}
		for _, o := range c.Options {
			if o.Value == v && o.Label >= 0 {
				return value(l, i18n.T(l, c.Label), i18n.T(l, o.Label))
			}
		}
		return value(l, i18n.T(l, c.Label), v)
	case Toggle:
		was, is := Show(c, prev, p).Pressed, Show(c, next, p).Pressed
		if was == is {
			return ""
		}
		said := i18n.SaidOff
		if is {
			said = i18n.SaidOn
		}
		return join(l, i18n.T(l, c.Label), i18n.T(l, said))
	}
	return ""
}

// join puts a name and its new state together: "长者助手已开启",
// "Senior mode on".
func join(l i18n.Lang, a, b string) string {
	if l == i18n.En {
		return a + " " + b
	}
	return a + b
}

// value puts a name and its new value together: "配色：黑底黄字",
// "Colours: Yellow on black".
func value(l i18n.Lang, a, b string) string {
	if l == i18n.En {
		return a + ": " + b
	}
	return a + "：" + b
}

// SaidUnavailable is what pressing a control that is disabled in s on
// page p says, or its shortcut: stop while nothing is read, a part that
// the elder mode keeps on, the shortcuts switch of a site that turned
// shortcuts on itself, or 放大文字 and 缩小文字 at the last step, with the
// size the text is at (a reader who holds the key down hears this last,
// not the step that reached it).
func SaidUnavailable(id string, s state.State, p Page) string {
	l := p.Lang
	why := i18n.T(l, i18n.Unavailable)
	if id == "shortcuts" && p.ShortcutsBySite {
		why = i18n.T(l, i18n.OnBySite)
	} else if c, ok := Find(id); ok && inElder(c, s) {
		why = i18n.T(l, i18n.OnWithElder)
	} else if id == "zoom-out" && s.Bool("elder") && s.TextZoom() <= state.ElderZoom {
		why = i18n.Fill(l, i18n.ElderMinZoom, ZoomText(s))
	} else if id == "zoom-in" {
		why = i18n.Fill(l, i18n.MaxZoom, ZoomText(s))
	} else if id == "zoom-out" {
		why = i18n.Fill(l, i18n.MinZoom, ZoomText(s))
	}
	return value(l, ShortcutLabel(id, l), why)
}
