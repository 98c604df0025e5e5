//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

// batch gathers writes to the widget's own elements and makes them in one
// call across syscall/js (rt.ui, in the runtime script). Each call costs
// about 15 µs, and switching the UI language with the page's script writes
// some sixty texts and attributes of the open toolbar.
type batch struct {
	// rt.ui's arguments: the fields (a kind, a name and a value per
	// write) joined, then the elements written.
	args []any
	ops  []string
}

func (b *batch) add(e js.Value, kind, name, value string) {
	// The separator never comes from the widget's own strings; a value
	// from elsewhere that holds it is written empty, rather than shifting
	// every later write.
	if strings.IndexByte(value, sep) >= 0 {
		value = ""
	}
	if b.args == nil {
		b.args = []any{nil}
	}
	b.ops = append(b.ops, kind, name, value)
	b.args = append(b.args, e)
}

// sep separates the fields of a batch; rt.ui splits on it.
const sep = '\x1f'

// text sets e's text.
func (b *batch) text(e js.Value, s string) { b.add(e, "t", "", s) }

// attr sets an attribute of e.
func (b *batch) attr(e js.Value, name, value string) { b.add(e, "a", name, value) }

// unattr removes an attribute of e.
func (b *batch) unattr(e js.Value, name string) { b.add(e, "r", name, "") }

// prop sets a property of e, such as a select's value, unless it already
// holds value: a select the reader just changed is not written again.
func (b *batch) prop(e js.Value, name, value string) { b.add(e, "p", name, value) }

// style sets a property of e's inline style: the toolbar's own --z.
func (b *batch) style(e js.Value, name, value string) { b.add(e, "s", name, value) }

// focus moves keyboard focus to e, after the writes before it.
func (b *batch) focus(e js.Value) { b.add(e, "f", "", "") }

// flush makes the writes, in order, and empties the batch.
func (b *batch) flush() {
	if b.args == nil {
		return
	}
	b.args[0] = strings.Join(b.ops, string(rune(sep)))
	runtimeObj().Call("ui", b.args...)
	b.args, b.ops = nil, nil
}
