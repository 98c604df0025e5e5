//go:build js && wasm

// Command goccwasm is github.com/liuzl/gocc compiled to WebAssembly as it
// is, for the benchmark that sets yiyue beside it in Chromium. It exposes
// goccLoad(name), which builds the converter and returns an error text or
// "", and goccConvert(text).
package main

import (
	"syscall/js"

	"github.com/liuzl/gocc"
)

func main() {
	var cc *gocc.OpenCC
	js.Global().Set("goccLoad", js.FuncOf(func(_ js.Value, args []js.Value) any {
		c, err := gocc.New(args[0].String())
		if err != nil {
			return err.Error()
		}
		cc = c
		return ""
	}))
	js.Global().Set("goccConvert", js.FuncOf(func(_ js.Value, args []js.Value) any {
		out, err := cc.Convert(args[0].String())
		if err != nil {
			return "error: " + err.Error()
		}
		return out
	}))
	select {}
}
