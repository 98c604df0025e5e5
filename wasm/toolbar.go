package main

import (
	"strconv"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/state"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// The rendered toolbar: its panel and one element per control, indexed
// like toolbar.Controls.
var (
	panel    js.Value
	controls []js.Value
	labels   []js.Value
	sayEl    js.Value
	helpEl   js.Value
	focusAt  int
	builtBar bool
)

func el(tag string, attrs ...string) js.Value {
	e := doc.Call("createElement", tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Call("setAttribute", attrs[i], attrs[i+1])
	}
	return e
}

// buildToolbar renders the toolbar once, hidden, into the widget's shadow
// root. Its stylesheet is a file; the panel shows once it has loaded.
func buildToolbar() {
	if builtBar {
		return
	}
	builtBar = true
	root := bridge.Get("root")
	link := el("link", "rel", "stylesheet", "href", bridge.Get("base").String()+asset("toolbar.css"))
	panel = el("div", "id", "panel", "role", "toolbar", "aria-label", i18n.T(ui, i18n.Toolbar), "lang", ui.Tag(), "hidden", "")
	for _, c := range toolbar.Controls {
		var e, label js.Value
		switch c.Kind {
		case toolbar.Choice:
			e = el("label", "class", "choice")
			label = el("span", "class", "label")
			sel := el("select", "data-id", c.ID, "tabindex", "-1")
			for _, o := range c.Options {
				text := o.Value + "×"
				if o.Label >= 0 {
					text = i18n.T(ui, o.Label)
				}
				opt := el("option", "value", o.Value)
				opt.Set("textContent", text)
				sel.Call("append", opt)
			}
			e.Call("append", label, sel)
			e = sel
			panel.Call("append", sel.Get("parentNode"))
		default:
			e = el("button", "type", "button", "data-id", c.ID, "tabindex", "-1")
			e.Call("append", el("span", "class", "icon", "data-icon", c.Icon, "aria-hidden", "true"))
			label = el("span", "class", "label")
			e.Call("append", label)
			panel.Call("append", e)
		}
		controls = append(controls, e)
		labels = append(labels, label)
	}
	controls[0].Call("setAttribute", "tabindex", "0")
	helpEl = el("div", "id", "help", "role", "region", "aria-label", i18n.T(ui, i18n.Help), "hidden", "")
	for _, k := range []i18n.Key{i18n.HelpIntro, i18n.HelpReset, i18n.HelpPrivacy} {
		p := el("p")
		p.Set("textContent", i18n.T(ui, k))
		helpEl.Call("append", p)
	}
	sayEl = el("div", "id", "say", "role", "status", "class", "vh")
	panel.Call("append", helpEl)
	root.Call("append", link, panel, sayEl)

	panel.Call("addEventListener", "click", js.FuncOf(onClick))
	panel.Call("addEventListener", "change", js.FuncOf(onChange))
	panel.Call("addEventListener", "keydown", js.FuncOf(onKey))
	refreshToolbar()
}

// asset returns the hashed file name of a logical asset name.
func asset(name string) string {
	return bridge.Get("assets").Get("files").Get(name).String()
}

// refreshToolbar shows the current state on every control.
func refreshToolbar() {
	if !builtBar {
		return
	}
	for i, c := range toolbar.Controls {
		v := toolbar.Show(c, cur, page)
		e := controls[i]
		setText(labels[i], v.Label)
		switch c.Kind {
		case toolbar.Toggle:
			setAttr(e, "aria-pressed", strconv.FormatBool(v.Pressed))
		case toolbar.Choice:
			if e.Get("value").String() != v.Value {
				e.Set("value", v.Value)
			}
		}
		if v.Disabled {
			setAttr(e, "aria-disabled", "true")
		} else if e.Call("hasAttribute", "aria-disabled").Bool() {
			e.Call("removeAttribute", "aria-disabled")
		}
	}
	setAttr(controls[indexOf("help")], "aria-pressed", strconv.FormatBool(!helpEl.Get("hidden").Bool()))

	// The toolbar follows the widget's own settings.
	z := cur.Num("zoom")
	if cur.Bool("elder") && z < 1.5 {
		z = 1.5
	}
	panel.Get("style").Call("setProperty", "--z", strconv.FormatFloat(z, 'g', -1, 64))
	setAttr(panel, "data-contrast", cur.Str("contrast"))
	if cur.Bool("elder") {
		setAttr(panel, "data-elder", "")
	} else if panel.Call("hasAttribute", "data-elder").Bool() {
		panel.Call("removeAttribute", "data-elder")
	}
}

func setText(e js.Value, s string) {
	if e.Get("textContent").String() != s {
		e.Set("textContent", s)
	}
}

func setAttr(e js.Value, k, v string) {
	if e.Call("getAttribute", k).String() != v {
		e.Call("setAttribute", k, v)
	}
}

func indexOf(id string) int {
	for i, c := range toolbar.Controls {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func openToolbar() (js.Value, error) {
	buildToolbar()
	panel.Call("removeAttribute", "hidden")
	bridge.Get("btn").Call("setAttribute", "aria-expanded", "true")
	v, err := change(func(s state.State) (state.State, error) { return withOpen(s, true), nil })
	controls[focusAt].Call("focus")
	return v, err
}

func closeToolbar(returnFocus bool) (js.Value, error) {
	if builtBar {
		panel.Call("setAttribute", "hidden", "")
	}
	btn := bridge.Get("btn")
	btn.Call("setAttribute", "aria-expanded", "false")
	v, err := change(func(s state.State) (state.State, error) { return withOpen(s, false), nil })
	if returnFocus {
		btn.Call("focus")
	}
	return v, err
}

func controlIndex(target js.Value) int {
	e := target.Call("closest", "[data-id]")
	if e.IsNull() {
		return -1
	}
	return indexOf(e.Call("getAttribute", "data-id").String())
}

func onClick(_ js.Value, args []js.Value) any {
	i := controlIndex(args[0].Get("target"))
	if i < 0 || toolbar.Controls[i].Kind == toolbar.Choice {
		return nil
	}
	if controls[i].Call("getAttribute", "aria-disabled").String() == "true" {
		return nil
	}
	rove(i)
	go press(toolbar.Controls[i].ID)
	return nil
}

func onChange(_ js.Value, args []js.Value) any {
	t := args[0].Get("target")
	i := controlIndex(t)
	if i < 0 {
		return nil
	}
	patch := toolbar.Choose(toolbar.Controls[i].ID, t.Get("value").String())
	go func() {
		if _, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) }); err != nil {
			warn(err.Error())
		}
	}()
	return nil
}

// commands handles the controls that are not State changes; features add
// theirs (stop, prev, next) in init.
var commands = map[string]func(){
	"reset": func() { reset() },
	"close": func() { closeToolbar(true) },
	"help": func() {
		helpEl.Set("hidden", !helpEl.Get("hidden").Bool())
		refreshToolbar()
	},
}

func press(id string) {
	if cmd, ok := commands[id]; ok {
		cmd()
		return
	}
	mu.Lock()
	patch := toolbar.Press(id, cur, page)
	mu.Unlock()
	if patch == nil {
		return
	}
	prev := cur
	if _, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) }); err != nil {
		warn(err.Error())
		return
	}
	announceChange(id, prev, cur)
}

// announceChange says once, politely, what the user's press changed.
func announceChange(id string, prev, next state.State) {
	c, _ := toolbar.Find(id)
	v := toolbar.Show(c, next, page)
	switch {
	case id == "script":
		switch next.Str("script") {
		case "traditional":
			announce(i18n.T(ui, i18n.SaidTraditional))
		case "simplified":
			announce(i18n.T(ui, i18n.SaidSimplified))
		default:
			announce(i18n.T(ui, i18n.SaidOriginal))
		}
	case id == "zoom-in" || id == "zoom-out":
		announce(i18n.T(ui, i18n.SaidZoom) + " " + strconv.Itoa(int(next.Num("zoom")*100+0.5)) + "%")
	case c.Kind == toolbar.Toggle:
		said := i18n.SaidOff
		if v.Pressed {
			said = i18n.SaidOn
		}
		announce(i18n.T(ui, c.Label) + " " + i18n.T(ui, said))
	}
}

// announce puts a message in the polite live region; clearing it first
// makes a repeated message be read again.
func announce(msg string) {
	if !builtBar {
		return
	}
	sayEl.Set("textContent", "")
	js.Global().Get("setTimeout").Invoke(js.FuncOf(func(js.Value, []js.Value) any {
		sayEl.Set("textContent", msg)
		return nil
	}), 50)
}

// rove moves the roving tabindex to control i and focuses it.
func rove(i int) {
	if i < 0 || i >= len(controls) {
		return
	}
	controls[focusAt].Call("setAttribute", "tabindex", "-1")
	focusAt = i
	controls[i].Call("setAttribute", "tabindex", "0")
	controls[i].Call("focus")
}

func onKey(_ js.Value, args []js.Value) any {
	e := args[0]
	if e.Get("altKey").Bool() || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() {
		return nil
	}
	i := controlIndex(e.Get("target"))
	switch e.Get("key").String() {
	case "Escape":
		e.Call("preventDefault")
		go closeToolbar(true)
	case "ArrowRight", "ArrowDown":
		if e.Get("key").String() == "ArrowDown" && e.Get("target").Get("tagName").String() == "SELECT" {
			return nil
		}
		e.Call("preventDefault")
		rove((i + 1) % len(controls))
	case "ArrowLeft", "ArrowUp":
		if e.Get("key").String() == "ArrowUp" && e.Get("target").Get("tagName").String() == "SELECT" {
			return nil
		}
		e.Call("preventDefault")
		rove((i - 1 + len(controls)) % len(controls))
	case "Home":
		e.Call("preventDefault")
		rove(0)
	case "End":
		e.Call("preventDefault")
		rove(len(controls) - 1)
	}
	return nil
}
