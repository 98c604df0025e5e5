//go:build js && wasm

package main

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall/js"
)

// await blocks the calling goroutine (never the event loop) until the
// Promise p settles.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{v: a[0]}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{err: errors.New(a[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}

// fetchTransport is the edge's http.RoundTripper in a Worker: the global
// fetch, never following redirects. Its responses keep every Set-Cookie
// whole (syumai/workers' own conversion splits header values at commas,
// which breaks cookies with an Expires date) and carry bodies as the
// runtime decoded them, so Content-Encoding and Content-Length go.
type fetchTransport struct{}

func (fetchTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	init := js.Global().Get("Object").New()
	init.Set("method", r.Method)
	init.Set("redirect", "manual")
	hdr := js.Global().Get("Headers").New()
	for k, vs := range r.Header {
		for _, v := range vs {
			hdr.Call("append", k, v)
		}
	}
	init.Set("headers", hdr)
	if raw, ok := r.Body.(rawJSBody); ok {
		// The client's own body, passed on as the stream it is: a large
		// upload read whole would be held two or three times over, in an
		// isolate of 128 MB.
		init.Set("body", raw.GetRawJSBody())
	} else if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		if len(b) > 0 {
			init.Set("body", bytesToJS(b))
		}
	}
	// js.Global() is a Proxy in syumai/workers' glue; fetch must be
	// called on the real global object ("Illegal invocation" otherwise).
	res, err := await(js.Global().Get("globalThis").Call("fetch", r.URL.String(), init))
	if err != nil {
		return nil, errors.New("fetch " + r.URL.Redacted() + ": " + err.Error())
	}
	resp := toResponse(res)
	resp.Request = r
	if resp.Header.Get("Content-Encoding") != "" {
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	return resp, nil
}

// rawJSBody is a request body that is a JS ReadableStream underneath:
// syumai/workers' incoming request bodies are.
type rawJSBody interface{ GetRawJSBody() js.Value }

// headersOf converts a JS Headers object, each Set-Cookie on its own.
func headersOf(headers js.Value) http.Header {
	h := http.Header{}
	entries := js.Global().Get("Array").Call("from", headers.Call("entries"))
	for i := 0; i < entries.Length(); i++ {
		e := entries.Index(i)
		k := e.Index(0).String()
		if strings.EqualFold(k, "set-cookie") {
			continue
		}
		h.Add(k, e.Index(1).String())
	}
	if headers.Get("getSetCookie").Type() == js.TypeFunction {
		cookies := headers.Call("getSetCookie")
		for i := 0; i < cookies.Length(); i++ {
			h.Add("Set-Cookie", cookies.Index(i).String())
		}
	}
	return h
}

// toResponse converts a JS Response, streaming its body.
func toResponse(res js.Value) *http.Response {
	h := headersOf(res.Get("headers"))
	status := res.Get("status").Int()
	n := int64(-1)
	if v, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil {
		n = v
	}
	var body io.ReadCloser = http.NoBody
	if b := res.Get("body"); !b.IsNull() && !b.IsUndefined() {
		body = &jsBody{stream: b, reader: js.Undefined()}
	}
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + res.Get("statusText").String(),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          body,
		ContentLength: n,
	}
}

// jsBody reads a ReadableStream; it takes the stream's reader (locking
// it) only when first read, so that WriteTo can pass the stream on whole.
type jsBody struct {
	stream, reader js.Value
	buf            []byte
	done           bool
}

func (b *jsBody) Read(p []byte) (int, error) {
	if b.reader.IsUndefined() && !b.done {
		b.reader = b.stream.Call("getReader")
	}
	for len(b.buf) == 0 {
		if b.done {
			return 0, io.EOF
		}
		chunk, err := await(b.reader.Call("read"))
		if err != nil {
			return 0, err
		}
		if chunk.Get("done").Bool() {
			b.done = true
			continue
		}
		v := chunk.Get("value")
		b.buf = make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(b.buf, v)
	}
	n := copy(p, b.buf)
	b.buf = b.buf[n:]
	return n, nil
}

func (b *jsBody) Close() error {
	if !b.done {
		b.done = true
		if b.reader.IsUndefined() {
			b.stream.Call("cancel")
		} else {
			b.reader.Call("cancel")
		}
	}
	return nil
}

func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// bytesOf reads a whole Response body.
func bytesOf(res js.Value) ([]byte, error) {
	ab, err := await(res.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	a := js.Global().Get("Uint8Array").New(ab)
	b := make([]byte, a.Get("byteLength").Int())
	js.CopyBytesToGo(b, a)
	return b, nil
}
