//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/state"
)

// patchFromJS reads the fields of a plain object, refusing anything else.
// The runtime writes them into one string (rt.patch). The patch comes from
// the page, so reading it may throw (a getter, a Proxy trap): the read is
// a call, whose exception syscall/js turns into a recoverable panic,
// never a property access, whose exception would unwind through the WASM
// and stop it.
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
	if v.Type() != js.TypeObject {
		return nil, state.ErrNotObject
	}
	p := runtimeObj().Call("patch", v)
	if p.Type() != js.TypeString {
		return nil, state.ErrNotObject
	}
	return state.DecodePatch(p.String())
}
