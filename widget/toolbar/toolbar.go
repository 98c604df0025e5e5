// Package toolbar describes the widget's toolbar: which controls it has, in
// which order, how each is named in every UI language, whether it shows as
// pressed, and what pressing it does to the State. The glue renders this
// model as native buttons and selects; it decides nothing itself.
package toolbar

import (
	"strconv"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/state"
)

// Kind is how a control is rendered.
type Kind uint8

// The kinds of control.
const (
	Toggle Kind = iota // a button with aria-pressed
	Action             // a plain button
	Choice             // a labelled <select>
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
	// Icon names the control's icon in the toolbar stylesheet.
	Icon string
	// Field is the State field a Toggle or Choice shows.
	Field   string
	Options []Option
}

// Controls is the toolbar, in visual and keyboard order.
var Controls = []Control{
	{ID: "script", Kind: Toggle, Label: i18n.Traditional, Icon: "script", Field: "script"},
	{ID: "variant", Kind: Choice, Label: i18n.Variant, Field: "variant", Options: []Option{
		{"t", i18n.VariantT}, {"tw", i18n.VariantTW}, {"twp", i18n.VariantTWP}, {"hk", i18n.VariantHK}}},
	{ID: "zoom-out", Kind: Action, Label: i18n.ZoomOut, Icon: "zoom-out"},
	{ID: "zoom-in", Kind: Action, Label: i18n.ZoomIn, Icon: "zoom-in"},
	{ID: "contrast", Kind: Choice, Label: i18n.Contrast, Field: "contrast", Options: []Option{
		{"off", i18n.ContrastOff}, {"yellow-on-black", i18n.ContrastYellowOnBlack}, {"white-on-black", i18n.ContrastWhiteOnBlack},
		{"black-on-white", i18n.ContrastBlackOnWhite}, {"black-on-yellow", i18n.ContrastBlackOnYellow}, {"yellow-on-blue", i18n.ContrastYellowOnBlue}}},
	{ID: "elder", Kind: Toggle, Label: i18n.Elder, Icon: "elder", Field: "elder"},
	{ID: "cursor", Kind: Toggle, Label: i18n.Cursor, Icon: "cursor", Field: "cursor"},
	{ID: "guide", Kind: Toggle, Label: i18n.Guide, Icon: "guide", Field: "guide"},
	{ID: "caption", Kind: Toggle, Label: i18n.Caption, Icon: "caption", Field: "caption"},
	{ID: "spacing", Kind: Toggle, Label: i18n.Spacing, Icon: "spacing", Field: "spacing"},
	{ID: "links", Kind: Toggle, Label: i18n.Links, Icon: "links", Field: "links"},
	{ID: "read", Kind: Toggle, Label: i18n.Read, Icon: "read", Field: "reading"},
	{ID: "stop", Kind: Action, Label: i18n.Stop, Icon: "stop"},
	{ID: "prev", Kind: Action, Label: i18n.Previous, Icon: "prev"},
	{ID: "next", Kind: Action, Label: i18n.Next, Icon: "next"},
	{ID: "point", Kind: Toggle, Label: i18n.ModePoint, Icon: "point", Field: "reading"},
	{ID: "rate", Kind: Choice, Label: i18n.Speed, Field: "rate", Options: rateOptions()},
	{ID: "reset", Kind: Action, Label: i18n.Reset, Icon: "reset"},
	{ID: "help", Kind: Toggle, Label: i18n.Help, Icon: "help"},
	{ID: "close", Kind: Action, Label: i18n.Close, Icon: "close"},
}

func rateOptions() []Option {
	opts := make([]Option, len(state.RateSteps))
	for i, r := range state.RateSteps {
		opts[i] = Option{Value: strconv.FormatFloat(r, 'g', -1, 64), Label: -1}
	}
	return opts
}

// Find returns the control with the given id.
func Find(id string) (Control, bool) {
	for _, c := range Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}

// View is what the toolbar shows for a control in a given state.
type View struct {
	Label    string
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
}

// Show returns the view of control c in state s on page p.
func Show(c Control, s state.State, p Page) View {
	v := View{Label: i18n.T(p.Lang, c.Label)}
	switch c.ID {
	case "script":
		if p.Traditional {
			v.Label = i18n.T(p.Lang, i18n.Simplified)
		}
		v.Pressed = s.Str("script") != "original"
	case "variant":
		v.Value = s.Str("variant")
		v.Disabled = p.Traditional
	case "zoom-out":
		v.Disabled = s.Num("zoom") <= state.ZoomSteps[0]
	case "zoom-in":
		v.Disabled = s.Num("zoom") >= state.ZoomSteps[len(state.ZoomSteps)-1]
		v.Label += " " + strconv.Itoa(int(s.Num("zoom")*100+0.5)) + "%"
	case "read":
		v.Pressed = s.Str("reading") == "continuous" && !p.Paused
		if v.Pressed {
			v.Label = i18n.T(p.Lang, i18n.Pause)
		}
		v.Disabled = !p.Reading
	case "point":
		v.Pressed = s.Str("reading") == "point"
		v.Disabled = !p.Reading
	case "stop", "prev", "next":
		v.Disabled = !p.Reading || s.Str("reading") != "continuous"
	case "rate":
		v.Value = strconv.FormatFloat(s.Num("rate"), 'g', -1, 64)
	default:
		switch c.Kind {
		case Toggle:
			if c.Field != "" {
				v.Pressed = s.Bool(c.Field)
			}
		case Choice:
			v.Value = s.Str(c.Field)
		}
	}
	return v
}

// Press returns the patch that pressing control id asks for in state s on
// page p. Commands that are not State changes (stop, prev, next, reset,
// help, close) return no patch; the glue handles them by id.
func Press(id string, s state.State, p Page) []state.Change {
	switch id {
	case "script":
		if s.Str("script") != "original" {
			return []state.Change{{Name: "script", Value: enum("original")}}
		}
		if p.Traditional {
			return []state.Change{{Name: "script", Value: enum("simplified")}}
		}
		return []state.Change{{Name: "script", Value: enum("traditional")}}
	case "zoom-in", "zoom-out":
		return []state.Change{{Name: "zoom", Value: state.Value{Kind: state.Number, N: StepZoom(s.Num("zoom"), id == "zoom-in")}}}
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
		return []state.Change{{Name: c.Field, Value: state.Value{Kind: state.Bool, B: !s.Bool(c.Field)}}}
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

func enum(s string) state.Value { return state.Value{Kind: state.Enum, S: s} }
