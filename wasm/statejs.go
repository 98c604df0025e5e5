//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/state"
)

// invalid marks a JavaScript value of a type no field takes.
const invalid state.Kind = 255

// The functions that read a patch, looked up once.
var (
	isArray = js.Global().Get("Array").Get("isArray")
	keysOf  = object.Get("keys")
	getProp = js.Global().Get("Reflect").Get("get")
)

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
	if v.Type() != js.TypeObject || isArray.Invoke(v).Bool() {
		return nil, state.ErrNotObject
	}
	return changesFromJS(v), nil
}

func changesFromJS(v js.Value) []state.Change {
	keys := keysOf.Invoke(v)
	out := make([]state.Change, keys.Length())
	for i := range out {
		k := keys.Index(i)
		out[i] = state.Change{Name: k.String(), Value: valueFromJS(getProp.Invoke(v, k))}
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
