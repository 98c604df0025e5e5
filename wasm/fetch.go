//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
)

// result is a settled Promise: its value, or why it was rejected.
type result struct {
	v   js.Value
	err error
}

// promised hands the settlement of the Promise p to a channel. Handlers are
// attached at once, so the caller may do other work before it waits
// without leaving a rejection unhandled meanwhile.
func promised(p js.Value) <-chan result {
	ch := make(chan result, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg(args, 0)}
		ok.Release()
		fail.Release()
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := arg(args, 0)
		msg := "promise rejected"
		if e.Type() == js.TypeObject && e.Get("message").Type() == js.TypeString {
			msg = e.Get("message").String()
		} else if e.Type() == js.TypeString {
			msg = e.String()
		}
		ch <- result{err: errors.New(msg)}
		ok.Release()
		fail.Release()
		return nil
	})
	p.Call("then", ok, fail)
	return ch
}

// await blocks the calling goroutine, never the event loop, until the
// Promise p settles.
func await(p js.Value) (js.Value, error) {
	r := <-promised(p)
	return r.v, r.err
}

// bytesOf copies an ArrayBuffer into Go.
func bytesOf(buf js.Value) []byte {
	u8 := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Length())
	js.CopyBytesToGo(b, u8)
	return b
}

// fetching is a fetch under way: started at once, awaited later.
type fetching struct {
	url string
	res <-chan result
}

func startFetch(url string) fetching {
	return fetching{url, promised(js.Global().Get("fetch").Invoke(url))}
}

// text waits for the body as text, and fails on a network error or a
// status other than 2xx.
func (f fetching) text() (string, error) {
	r := <-f.res
	if r.err != nil {
		return "", errors.New("fetch " + f.url + ": " + r.err.Error())
	}
	if !r.v.Get("ok").Bool() {
		return "", errors.New("fetch " + f.url + ": HTTP " + strconv.Itoa(r.v.Get("status").Int()))
	}
	t, err := await(r.v.Call("text"))
	if err != nil {
		return "", errors.New("read " + f.url + ": " + err.Error())
	}
	return t.String(), nil
}
