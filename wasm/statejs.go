//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/state"
)

// invalid marks a JavaScript value of a type no field takes.
const invalid state.Kind = 255

// patchFromJS reads the fields of a plain object, refusing anything else.
func patchFromJS(v js.Value) ([]state.Change, error) {
	if v.Type() != js.TypeObject || js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil, state.ErrNotObject
	}
	return changesFromJS(v), nil
}

func changesFromJS(v js.Value) []state.Change {
	keys := object.Call("keys", v)
	out := make([]state.Change, keys.Length())
	for i := range out {
		k := keys.Index(i).String()
		out[i] = state.Change{Name: k, Value: valueFromJS(v.Get(k))}
	}
	return out
}

func valueFromJS(v js.Value) state.Value {
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
