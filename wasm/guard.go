//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// A panic ends a Go program, and here the widget with it: every control
// dead, every pending Promise never settled. A page's script can cause
// one from outside: a DOM method it replaced throws, and the JavaScript
// error comes back into Go as a panic. So each way into Go (an API call,
// a control's event, the reader's events, a goroutine) recovers: what it
// was doing fails, with a message in the console, and the widget goes on.

// internalError is the error for what a panic was called with.
func internalError(r any) error {
	msg := "unknown"
	switch v := r.(type) {
	case error:
		msg = v.Error()
	case string:
		msg = v
	}
	return errors.New("yiyue: internal error: " + msg)
}

// survive, deferred, recovers from a panic, says so in the console and
// hands the error to then (an API call rejects its Promise with it).
func survive(then ...func(error)) {
	if r := recover(); r != nil {
		err := internalError(r)
		js.Global().Get("console").Call("error", err.Error())
		for _, f := range then {
			f(err)
		}
	}
}

// guarded is callback fn, surviving a panic.
func guarded(fn func(js.Value, []js.Value) any) func(js.Value, []js.Value) any {
	return func(this js.Value, args []js.Value) any {
		defer survive()
		return fn(this, args)
	}
}

// surviving runs f, surviving a panic.
func surviving(f func()) {
	defer survive()
	f()
}
