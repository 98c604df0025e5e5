//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
)

// await blocks the calling goroutine, never the event loop, until the
// Promise p settles.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg(args, 0)}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := arg(args, 0)
		msg := "promise rejected"
		if e.Type() == js.TypeObject && e.Get("message").Type() == js.TypeString {
			msg = e.Get("message").String()
		} else if e.Type() == js.TypeString {
			msg = e.String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}

// fetchOK fetches url and fails on a network error or a status other than
// 2xx.
func fetchOK(url string) (js.Value, error) {
	resp, err := await(js.Global().Get("fetch").Invoke(url))
	if err != nil {
		return js.Undefined(), errors.New("fetch " + url + ": " + err.Error())
	}
	if !resp.Get("ok").Bool() {
		return js.Undefined(), errors.New("fetch " + url + ": HTTP " + strconv.Itoa(resp.Get("status").Int()))
	}
	return resp, nil
}

// fetchBytes returns the whole body of url.
func fetchBytes(url string) ([]byte, error) {
	resp, err := fetchOK(url)
	if err != nil {
		return nil, err
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, errors.New("read " + url + ": " + err.Error())
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Length())
	js.CopyBytesToGo(b, u8)
	return b, nil
}

// fetchText returns the body of url as text.
func fetchText(url string) (string, error) {
	resp, err := fetchOK(url)
	if err != nil {
		return "", err
	}
	t, err := await(resp.Call("text"))
	if err != nil {
		return "", errors.New("read " + url + ": " + err.Error())
	}
	return t.String(), nil
}
