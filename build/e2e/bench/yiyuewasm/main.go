//go:build js && wasm

// Command yiyuewasm exposes yiyue's converter alone, for the benchmark that
// sets it beside its peers in Chromium: yiyueLoad(bytes) opens a prepared
// dictionary (as fetched from dist) and returns an error text or "", and
// yiyueConvert(text) converts.
package main

import (
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/convert"
)

func main() {
	var c *convert.Converter
	js.Global().Set("yiyueLoad", js.FuncOf(func(_ js.Value, args []js.Value) any {
		data := make([]byte, args[0].Get("length").Int())
		js.CopyBytesToGo(data, args[0])
		cv, err := convert.Open(data)
		if err != nil {
			return err.Error()
		}
		c = cv
		return ""
	}))
	js.Global().Set("yiyueConvert", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return c.Convert(args[0].String())
	}))
	select {}
}
