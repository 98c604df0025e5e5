// Package state defines the widget's State: the fields that site owners and
// tests read with yiyue.get() and change with yiyue.set(patch), their
// defaults, and the validation of a patch.
//
// It is compiled into the WASM, so it avoids fmt and reflection: each field
// is described once in Fields, and everything else (defaults for the loader,
// which fields persist, the JS snapshot) is derived from that table.
package state

import (
	"errors"
	"slices"
	"strconv"
)

// Kind is the JavaScript type a field takes.
type Kind uint8

// The kinds of field values.
const (
	Bool Kind = iota
	Number
	Enum
)

// String names the kind in error messages.
func (k Kind) String() string {
	switch k {
	case Bool:
		return "boolean"
	case Number:
		return "number"
	}
	return "string"
}

// Value is one field's value as it crosses from JavaScript.
type Value struct {
	Kind Kind
	B    bool
	N    float64
	S    string
}

// Field describes one State field.
type Field struct {
	Name string
	Kind Kind
	// Enum lists the allowed strings of an Enum field; the first is the default.
	Enum []string
	// Min and Max bound a Number field; Def is its default.
	Min, Max, Def float64
	// Persist says whether the choice is saved per site and applied on the
	// next page.
	Persist bool
}

// Contrasts lists the contrast schemes, in toolbar order.
var Contrasts = []string{"off", "yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue"}

// ZoomSteps are the toolbar's text sizes.
var ZoomSteps = []float64{1, 1.25, 1.5, 1.75, 2, 2.5, 3}

// ElderZoom is the text size that the elder mode guarantees.
const ElderZoom = 1.5

// ElderParts are the aids that the elder mode turns on with its text size.
var ElderParts = []string{"cursor", "guide", "caption", "spacing"}

// RateSteps are the toolbar's reading speeds, from the slowest the rate
// field takes to the fastest.
var RateSteps = []float64{0.5, 0.75, 1, 1.25, 1.5, 1.75, 2}

// Fields is the State contract, in a stable order.
var Fields = []Field{
	{Name: "open", Kind: Bool},
	{Name: "script", Kind: Enum, Enum: []string{"original", "traditional", "simplified"}, Persist: true},
	{Name: "variant", Kind: Enum, Enum: []string{"t", "tw", "twp", "hk"}, Persist: true},
	{Name: "zoom", Kind: Number, Min: 1, Max: 3, Def: 1, Persist: true},
	{Name: "contrast", Kind: Enum, Enum: Contrasts, Persist: true},
	{Name: "elder", Kind: Bool, Persist: true},
	{Name: "cursor", Kind: Bool, Persist: true},
	{Name: "guide", Kind: Bool, Persist: true},
	{Name: "caption", Kind: Bool, Persist: true},
	{Name: "spacing", Kind: Bool, Persist: true},
	{Name: "links", Kind: Bool, Persist: true},
	{Name: "reading", Kind: Enum, Enum: []string{"off", "continuous", "point"}, Persist: true},
	{Name: "rate", Kind: Number, Min: 0.5, Max: 2, Def: 1, Persist: true},
	{Name: "volume", Kind: Number, Min: 0, Max: 1, Def: 1, Persist: true},
	{Name: "shortcuts", Kind: Bool, Persist: true},
}

// State is a snapshot of every field, indexed like Fields.
type State struct {
	v [16]Value
}

// Default returns the state of a page that yiyue has not changed.
func Default() State {
	var s State
	for i, f := range Fields {
		s.v[i] = Value{Kind: f.Kind, N: f.Def}
		if f.Kind == Enum {
			s.v[i].S = f.Enum[0]
		}
	}
	return s
}

// Index returns the position of the named field in Fields, or -1.
func Index(name string) int {
	for i, f := range Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Get returns the named field's value; it panics on an unknown name, which
// is a programming error inside the widget.
func (s State) Get(name string) Value {
	i := Index(name)
	if i < 0 {
		panic("state: unknown field " + name)
	}
	return s.v[i]
}

// At returns the value of Fields[i].
func (s State) At(i int) Value { return s.v[i] }

// Bool reads a boolean field.
func (s State) Bool(name string) bool { return s.Get(name).B }

// Num reads a number field.
func (s State) Num(name string) float64 { return s.Get(name).N }

// Str reads a string field.
func (s State) Str(name string) string { return s.Get(name).S }

// TextZoom is the text size the page shows in s: the reader's zoom, and
// at least ElderZoom while the elder mode is on (zoom itself keeps the
// reader's own choice, for when the elder mode is turned off).
func (s State) TextZoom() float64 {
	if z := s.Num("zoom"); !s.Bool("elder") || z > ElderZoom {
		return z
	}
	return ElderZoom
}

// Shows says whether the aid in boolean field name is on in s: its own
// field, or the elder mode for one of its parts.
func (s State) Shows(name string) bool {
	return s.Bool(name) || s.HeldByElder(name)
}

// HeldByElder says whether field name is a part that the elder mode keeps
// on in s, whatever the field says.
func (s State) HeldByElder(name string) bool {
	return s.Bool("elder") && slices.Contains(ElderParts, name)
}

// Change is one field of a patch.
type Change struct {
	Name  string
	Value Value
}

// FieldError reports a patch field that is unknown or has a bad value.
type FieldError struct {
	Field  string
	Reason string
}

// Error names the field and the reason it was refused.
func (e *FieldError) Error() string {
	return "yiyue: " + strconv.Quote(e.Field) + ": " + e.Reason
}

// ErrNotObject is returned for a patch that is not a plain object.
var ErrNotObject = errors.New("yiyue: set() takes an object of State fields")

// Apply returns s with the patch applied. An unknown field or a bad value
// returns a *FieldError naming the field, and s unchanged.
func (s State) Apply(patch []Change) (State, error) {
	out := s
	for _, c := range patch {
		i := Index(c.Name)
		if i < 0 {
			return s, &FieldError{c.Name, "unknown field"}
		}
		v, err := check(Fields[i], c.Value)
		if err != nil {
			return s, &FieldError{c.Name, err.Error()}
		}
		out.v[i] = v
	}
	return out, nil
}

func check(f Field, v Value) (Value, error) {
	if v.Kind != f.Kind {
		return v, errors.New("expected a " + f.Kind.String())
	}
	switch f.Kind {
	case Number:
		// NaN fails both comparisons, so it is refused too.
		if !(v.N >= f.Min && v.N <= f.Max) {
			return v, errors.New("expected a number from " + num(f.Min) + " to " + num(f.Max))
		}
		return Value{Kind: Number, N: v.N}, nil
	case Enum:
		for _, e := range f.Enum {
			if v.S == e {
				return Value{Kind: Enum, S: v.S}, nil
			}
		}
		return v, errors.New("expected one of " + quoteAll(f.Enum))
	}
	return Value{Kind: Bool, B: v.B}, nil
}

// Diff lists the fields whose values differ between a and b.
func Diff(a, b State) []string {
	var names []string
	for i, f := range Fields {
		if a.v[i] != b.v[i] {
			names = append(names, f.Name)
		}
	}
	return names
}

// Saved returns the persisted fields of s that differ from the defaults:
// what the loader stores per site.
func (s State) Saved() []Change {
	d := Default()
	var out []Change
	for i, f := range Fields {
		if f.Persist && s.v[i] != d.v[i] {
			out = append(out, Change{f.Name, s.v[i]})
		}
	}
	return out
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func quoteAll(ss []string) string {
	var b []byte
	for i, s := range ss {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, s)
	}
	return string(b)
}

// JSON returns the state as a JSON object, fields in Fields order, for the
// loader to parse in one call: building the object field by field through
// syscall/js costs a call per field. Enum values and names are plain ASCII
// and numbers are finite, so quoting and formatting need no escapes beyond
// strconv's.
func (s State) JSON() string {
	b := make([]byte, 0, 256)
	for i, f := range Fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, f.Name...)
		b = append(b, '"', ':')
		switch v := s.v[i]; f.Kind {
		case Bool:
			b = strconv.AppendBool(b, v.B)
		case Number:
			b = strconv.AppendFloat(b, v.N, 'g', -1, 64)
		default:
			b = append(b, '"')
			b = append(b, v.S...)
			b = append(b, '"')
		}
	}
	return "{" + string(b) + "}"
}
