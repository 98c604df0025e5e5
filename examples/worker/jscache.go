//go:build js && wasm

package main

import (
	"context"
	"net/http"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/examples/worker/edge"
)

// cacheAPI is the edge's TTS cache in a Worker: the data centre's Cache
// API (caches.default).
type cacheAPI struct{}

func (cacheAPI) Get(_ context.Context, key string) (*edge.Entry, error) {
	res, err := await(js.Global().Get("caches").Get("default").Call("match", key))
	if err != nil || res.IsUndefined() || res.IsNull() {
		return nil, err
	}
	h := headersOf(res.Get("headers"))
	body, err := bytesOf(res)
	if err != nil {
		return nil, err
	}
	return &edge.Entry{Header: h, Body: body}, nil
}

func (cacheAPI) Put(_ context.Context, key string, e *edge.Entry) error {
	hdr := js.Global().Get("Headers").New()
	for k, vs := range e.Header {
		for _, v := range vs {
			hdr.Call("append", k, v)
		}
	}
	init := js.Global().Get("Object").New()
	init.Set("status", http.StatusOK)
	init.Set("headers", hdr)
	res := js.Global().Get("Response").New(bytesToJS(e.Body), init)
	_, err := await(js.Global().Get("caches").Get("default").Call("put", key, res))
	return err
}
