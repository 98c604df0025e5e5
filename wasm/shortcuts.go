//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/shortcuts"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// Keyboard shortcuts: the bindings come from the site's data-shortcuts
// (its presence turns them on for every visitor) or the defaults, and the
// user can turn them on in the help panel. widget/shortcuts decides what
// a key event means; this file only listens and acts.
var (
	bindings      []shortcuts.Binding
	siteShortcuts bool
)

func init() {
	cfg := js.Global().Get("yiyue").Get("_b").Get("cfg")
	spec := ""
	if v := cfg.Get("shortcuts"); v.Type() == js.TypeString {
		siteShortcuts = true
		spec = v.String()
	}
	var problems []shortcuts.Problem
	bindings, problems = shortcuts.Parse(spec)
	for _, p := range problems {
		warn(p.Error())
	}
	page.ShortcutsBySite = siteShortcuts
	// On window, in the bubble phase: the page's own handlers run first,
	// and a key they handled is left alone.
	js.Global().Call("addEventListener", "keydown", js.FuncOf(guarded(onShortcut)))
}

func shortcutsOn() bool { return siteShortcuts || cur.Bool("shortcuts") }

func onShortcut(_ js.Value, args []js.Value) any {
	if !shortcutsOn() {
		return nil
	}
	e := args[0]
	key := e.Get("key").String()
	a := shortcuts.Match(bindings, shortcuts.Event{
		Code: e.Get("code").String(), Key: key,
		Alt: e.Get("altKey").Truthy(), Ctrl: e.Get("ctrlKey").Truthy(),
		Shift: e.Get("shiftKey").Truthy(), Meta: e.Get("metaKey").Truthy(),
		Editable:  editable(e.Call("composedPath").Index(0)),
		Repeat:    e.Get("repeat").Truthy(),
		Handled:   e.Get("defaultPrevented").Truthy(),
		Composing: e.Get("isComposing").Truthy() || key == "Process",
	})
	if a == "" {
		return nil
	}
	e.Call("preventDefault")
	go runShortcut(a)
	return nil
}

// editable reports whether an element takes typed text.
func editable(t js.Value) bool {
	if t.Type() != js.TypeObject {
		return false
	}
	if t.Get("isContentEditable").Truthy() {
		return true
	}
	switch t.Get("tagName").String() {
	case "TEXTAREA":
		return true
	case "INPUT":
		switch t.Get("type").String() {
		case "button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image":
			return false
		}
		return true
	}
	return false
}

func runShortcut(a string) {
	switch a {
	case "toolbar":
		if cur.Bool("open") {
			closeToolbar(focusInDock())
		} else {
			openToolbar()
		}
		return
	case "help":
		if !cur.Bool("open") {
			openToolbar()
		}
		setHelp(true)
		rove(indexOf("help"))
		return
	}
	c, ok := toolbar.Find(a)
	if !ok {
		return
	}
	if toolbar.Show(c, cur, page).Disabled {
		announce(toolbar.SaidUnavailable(a, cur, page))
		return
	}
	press(a)
}
