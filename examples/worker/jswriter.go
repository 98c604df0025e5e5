//go:build js && wasm

package main

import (
	"io"
	"net/http"
	"syscall/js"
)

// rawBodyWriter is how syumai/workers' ResponseWriter takes a body that is
// already a JS value (a ReadableStream or a Uint8Array), as it is.
type rawBodyWriter interface{ WriteRawJSBody(body js.Value) }

// maxBuffered is the largest body handed over in one piece; a larger one
// streams.
const maxBuffered = 8 << 20

// bufferedWriter collects a response body and hands it to the runtime as
// one Uint8Array: syumai/workers otherwise moves a body through a pipe in
// 16 KB chunks, with a JS↔Go round trip for each. A body that is a JS
// stream (a proxied response) is handed over without passing through Go
// at all; see jsBody.WriteTo.
type bufferedWriter struct {
	w      http.ResponseWriter
	status int
	buf    []byte
	direct bool // the body goes straight to w
}

func (b *bufferedWriter) Header() http.Header { return b.w.Header() }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	if !b.direct && len(b.buf)+len(p) <= maxBuffered {
		b.buf = append(b.buf, p...)
		return len(p), nil
	}
	if !b.direct {
		b.direct = true
		b.w.WriteHeader(b.status)
		if len(b.buf) > 0 {
			if _, err := b.w.Write(b.buf); err != nil {
				return 0, err
			}
			b.buf = nil
		}
	}
	return b.w.Write(p)
}

// takeStream hands a JS stream over as the body, if nothing was written.
func (b *bufferedWriter) takeStream(stream js.Value) bool {
	raw, ok := b.w.(rawBodyWriter)
	if !ok || b.direct || len(b.buf) > 0 {
		return false
	}
	b.WriteHeader(http.StatusOK)
	b.direct = true
	b.w.WriteHeader(b.status)
	raw.WriteRawJSBody(stream)
	return true
}

// finish sends what was collected.
func (b *bufferedWriter) finish() {
	if b.direct {
		return
	}
	b.WriteHeader(http.StatusOK)
	b.w.WriteHeader(b.status)
	if len(b.buf) == 0 {
		return
	}
	if raw, ok := b.w.(rawBodyWriter); ok {
		raw.WriteRawJSBody(bytesToJS(b.buf))
		return
	}
	b.w.Write(b.buf)
}

// WriteTo passes a fetched body on to a bufferedWriter without copying it
// through Go; io.Copy calls it.
func (b *jsBody) WriteTo(w io.Writer) (int64, error) {
	if bw, ok := w.(*bufferedWriter); ok && b.reader.IsUndefined() && !b.done && bw.takeStream(b.stream) {
		b.done = true
		return 0, nil
	}
	return io.Copy(w, struct{ io.Reader }{b})
}
