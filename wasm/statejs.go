//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/state"
)

// invalid marks a JavaScript value of a type no field takes.
const invalid state.Kind = 255

// patchFromJS reads the fields of a plain object, refusing anything else.
// The patch comes from the page, so reading it may throw (a getter, a
// Proxy trap) or meet a value syscall/js cannot type (a BigInt): the
// reads go through calls, whose exceptions syscall/js turns into
// recoverable panics, never through property access, whose exceptions
// would unwind through the WASM and stop it.
func patchFromJS(v js.Value) (out []state.Change, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := "cannot read it"
			if e, ok := r.(error); ok {
				msg = e.Error()
			}
			out, err = nil, errors.New("yiyue: set(): "+msg)
		}
	}()
	if v.Type() != js.TypeObject || js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil, state.ErrNotObject
	}
	return changesFromJS(v), nil
}

func changesFromJS(v js.Value) []state.Change {
	keys := object.Call("keys", v)
	get := js.Global().Get("Reflect")
	out := make([]state.Change, keys.Length())
	for i := range out {
		k := keys.Index(i).String()
		out[i] = state.Change{Name: k, Value: valueFromJS(get.Call("get", v, k))}
	}
	return out
}

func valueFromJS(v js.Value) (val state.Value) {
	// syscall/js has no type for a BigInt: Type panics.
	defer func() {
		if recover() != nil {
			val = state.Value{Kind: invalid}
		}
	}()
	switch v.Type() {
	case js.TypeBoolean:
		return state.Value{Kind: state.Bool, B: v.Bool()}
	case js.TypeNumber:
		return state.Value{Kind: state.Number, N: v.Float()}
	case js.TypeString:
		return state.Value{Kind: state.Enum, S: v.String()}
	}
	return state.Value{Kind: invalid}
}

func stateToJS(s state.State) js.Value {
	o := object.New()
	for i, f := range state.Fields {
		v := s.At(i)
		switch f.Kind {
		case state.Bool:
			o.Set(f.Name, v.B)
		case state.Number:
			o.Set(f.Name, v.N)
		default:
			o.Set(f.Name, v.S)
		}
	}
	return o
}
