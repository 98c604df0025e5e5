//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/shortcuts"
	"github.com/yiyue-a11y/yiyue/widget/state"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// The rendered widget, in its shadow root:
//
//	#dock            the box that opens above the launcher
//	  #hint          a suggestion shown under prefers-contrast: more
//	  #panel         role=toolbar: the controls, one tab stop (roving)
//	  #help          the help panel, shown by the help disclosure
//	#say             the polite live region, outside the dock
//
// The model (which controls, their names, states and effects) is
// widget/toolbar; the texts are widget/i18n; this file only renders.

// item is one rendered control, in the order of toolbar.Controls then
// toolbar.Extras.
type item struct {
	c     toolbar.Control
	el    js.Value // the button, select or readout
	label js.Value // the element holding the visible name
	icon  js.Value
	opts  []shownText
	// shown is what el, label and icon show since the first refresh, so
	// that a refresh writes only what changed: reading the DOM back costs
	// three calls across syscall/js per property, about 4 ms a change for
	// the whole toolbar.
	shown toolbar.View
	drawn bool
}

// text is an element whose text is one i18n string.
type text struct {
	shownText
	key i18n.Key
}

// shownText is an element of the widget's own and the text last written
// to it: a change is written without reading the DOM back, which would
// cost three calls across syscall/js.
type shownText struct {
	el    js.Value
	shown string
	drawn bool
}

func (t *shownText) set(b *batch, s string) {
	if !t.drawn || s != t.shown {
		b.text(t.el, s)
		t.shown, t.drawn = s, true
	}
}

var (
	dock, panel, helpEl, sayEl js.Value
	controlsList, keysList     js.Value
	items                      []item
	texts                      []text
	focusAt                    int // the index in items of the roving tab stop
	builtBar                   bool
	sheetState                 int              // toolbar.css: 0 on its way, 1 in, -1 failed
	sheetDone                  chan struct{}    // closed once sheetState is set
	textLang                   = i18n.Lang(255) // the language the texts show
	textKeys                   string           // the shortcut list shown
	helpOpen                   bool             // whether the help panel shows
	helpLang                   = i18n.Lang(255) // the language of its lists
	privacyEl                  js.Value
	launcherLang               = i18n.Lang(255) // the language the launcher shows
	sayFn                      js.Func
	sayTimer                   js.Value
	sayNext                    string
)

func init() {
	// The live region exists before anything is said into it, so that
	// screen readers are watching it; it stays empty on page load.
	sayEl = el("div", "id", "say", "role", "status", "class", "vh")
	js.Global().Get("yiyue").Get("_b").Get("root").Call("append", sayEl)
	sayFn = js.FuncOf(func(js.Value, []js.Value) any {
		sayEl.Set("textContent", sayNext)
		return nil
	})
}

func el(tag string, attrs ...string) js.Value {
	e := doc.Call("createElement", tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Call("setAttribute", attrs[i], attrs[i+1])
	}
	return e
}

// staticText makes an element whose text is key in the UI language.
func staticText(tag string, key i18n.Key, attrs ...string) js.Value {
	e := el(tag, attrs...)
	texts = append(texts, text{shownText{el: e}, key})
	return e
}

// buildToolbar renders the widget once, hidden, into the shadow root. Its
// stylesheet is a file; the dock shows once it has loaded.
func buildToolbar() {
	if builtBar {
		return
	}
	builtBar = true
	root := bridge.Get("root")
	link := bridge.Get("rt").Call("sheet", "toolbar.css")
	// The dock is a named region: a landmark screen reader users can jump
	// to while it is open, and all the widget adds to the page's landmarks.
	dock = el("div", "id", "dock", "role", "region", "hidden", "")
	hint := staticText("p", i18n.HintContrast, "id", "hint")
	panel = el("div", "id", "panel", "role", "toolbar", "hidden", "")
	for _, c := range toolbar.Controls {
		it := render(c)
		items = append(items, it)
		if c.Kind == toolbar.Choice {
			panel.Call("append", it.el.Get("parentNode"))
		} else {
			panel.Call("append", it.el)
		}
	}
	items[firstFocusable()].el.Call("setAttribute", "tabindex", "0")
	focusAt = firstFocusable()

	helpEl = el("div", "id", "help", "role", "region", "hidden", "")
	help := items[indexOf("help")].el
	help.Call("setAttribute", "aria-controls", "help")
	help.Call("setAttribute", "aria-expanded", "false")
	helpEl.Call("append",
		staticText("p", i18n.HelpIntro),
		staticText("p", i18n.HelpReset),
		staticText("p", i18n.HelpControls, "class", "title", "role", "heading", "aria-level", "2"))
	controlsList = el("dl")
	helpEl.Call("append", controlsList, staticText("p", i18n.HelpShortcuts, "class", "title", "role", "heading", "aria-level", "2"), staticText("p", i18n.ShortcutsAbout))
	for _, c := range toolbar.Extras {
		it := render(c)
		it.el.Call("setAttribute", "tabindex", "0")
		items = append(items, it)
		helpEl.Call("append", it.el)
	}
	if siteShortcuts {
		helpEl.Call("append", staticText("p", i18n.ShortcutsBySite))
	}
	keysList = el("dl", "id", "keys")
	helpEl.Call("append", keysList)
	// The privacy note shows once the reader knows which speech service,
	// if any, receives page text (speechHost); renderTexts fills it in.
	privacyEl = el("p", "id", "privacy", "hidden", "")
	helpEl.Call("append", privacyEl)
	dock.Call("append", hint, panel, helpEl)
	root.Call("append", link, dock)
	bridge.Get("rt").Call("docked", dock)
	launcher.Call("setAttribute", "aria-controls", "dock")
	// The dock shows once its stylesheet is in: unstyled, it would be a
	// row of bare buttons over the page. Opening waits for it (the
	// showToolbar effect); one that fails to load (its SRI refused a
	// changed file) leaves the toolbar closed, and the effect says so.
	sheetDone = make(chan struct{})
	var onLoad, onError js.Func
	onLoad = js.FuncOf(func(js.Value, []js.Value) any {
		if sheetState == 0 {
			sheetState = 1
			close(sheetDone)
			if barShown {
				dock.Call("removeAttribute", "hidden")
			}
		}
		return nil
	})
	onError = js.FuncOf(func(js.Value, []js.Value) any {
		if sheetState != 0 {
			return nil
		}
		sheetState = -1
		close(sheetDone)
		js.Global().Get("console").Call("error", "yiyue: cannot load "+link.Get("href").String())
		return nil
	})
	link.Call("addEventListener", "load", onLoad)
	link.Call("addEventListener", "error", onError)
	// A stylesheet that never comes (a hung request) fails after 10 s.
	js.Global().Call("setTimeout", onError, 10000)

	dock.Call("addEventListener", "click", js.FuncOf(guarded(onClick)))
	dock.Call("addEventListener", "change", js.FuncOf(guarded(onChange)))
	dock.Call("addEventListener", "keydown", js.FuncOf(guarded(onKey)))
	panel.Call("addEventListener", "focusin", js.FuncOf(guarded(onFocusIn)))
	refreshToolbar()
}

// render makes the element of one control; its texts come in renderTexts.
func render(c toolbar.Control) item {
	it := item{c: c}
	switch c.Kind {
	case toolbar.Choice:
		wrap := el("label", "class", "choice")
		it.label = el("span", "class", "label")
		it.el = el("select", "data-id", c.ID, "tabindex", "-1")
		for _, o := range c.Options {
			opt := el("option", "value", o.Value)
			it.el.Call("append", opt)
			it.opts = append(it.opts, shownText{el: opt})
		}
		wrap.Call("append", it.label, it.el)
	case toolbar.Readout:
		it.el = el("span", "class", "readout", "data-id", c.ID)
		it.label = it.el
	default:
		it.el = el("button", "type", "button", "data-id", c.ID, "tabindex", "-1")
		if c.Icon != "" {
			it.icon = el("span", "class", "icon", "data-icon", c.Icon, "aria-hidden", "true")
			it.el.Call("append", it.icon)
		}
		it.label = el("span", "class", "label")
		it.el.Call("append", it.label)
	}
	return it
}

func firstFocusable() int {
	for i, it := range items {
		if it.c.Focusable() {
			return i
		}
	}
	return 0
}

// setUILang switches the widget's UI language, for instance when the page
// is converted to Traditional. The refresh that ends the state change
// renders the labels, once, with the new state.
func setUILang(l i18n.Lang) {
	ui, page.Lang = l, l
}

// renderTexts writes every string of the UI in the current language. The
// help panel's lists wait until it shows: a switch of the page between
// 简体 and 繁體 switches the UI too, and building them is most of the cost.
func renderTexts(b *batch) {
	textLang = ui
	for i := range texts {
		texts[i].set(b, i18n.T(ui, texts[i].key))
	}
	b.attr(dock, "lang", ui.Tag())
	b.attr(dock, "aria-label", i18n.T(ui, i18n.Launcher))
	b.attr(panel, "aria-label", i18n.T(ui, i18n.Toolbar))
	b.attr(helpEl, "aria-label", i18n.T(ui, i18n.Help))
	for _, it := range items {
		for j, o := range it.c.Options {
			s := o.Value + "×"
			if o.Label >= 0 {
				s = i18n.T(ui, o.Label)
			}
			it.opts[j].set(b, s)
		}
	}
	helpLang = i18n.Lang(255)
}

// setHelp shows or hides the help panel, its lists brought up to date.
func setHelp(open bool) {
	helpOpen = open
	helpEl.Set("hidden", !open)
	refreshToolbar()
}

// renderHelp writes the help panel's lists of controls and shortcuts, and
// its privacy note, in the current language.
func renderHelp() {
	helpLang = ui
	var dl []any
	for _, c := range toolbar.Controls {
		if c.Desc == 0 {
			continue
		}
		dt, dd := el("dt"), el("dd")
		dt.Set("textContent", i18n.T(ui, c.Label))
		dd.Set("textContent", i18n.T(ui, c.Desc))
		dl = append(dl, dt, dd)
	}
	controlsList.Call("replaceChildren", dl...)
	if host := speechHost(); host != "" {
		privacyEl.Set("textContent", i18n.Fill(ui, i18n.HelpPrivacy, host))
		privacyEl.Set("hidden", false)
	} else {
		privacyEl.Set("textContent", "")
		privacyEl.Set("hidden", true)
	}
	textKeys = ""
}

// renderKeys lists the shortcuts in the help panel while they are on.
func renderKeys() {
	var key string
	if shortcutsOn() {
		for _, b := range bindings {
			key += b.Action + shortcuts.Format(b.Combo) + ";"
		}
	}
	if key == textKeys {
		return
	}
	textKeys = key
	var dl []any
	if key != "" {
		for _, b := range bindings {
			dt, dd, kbd := el("dt"), el("dd"), el("kbd")
			dt.Set("textContent", toolbar.ShortcutLabel(b.Action, ui))
			kbd.Set("textContent", shortcuts.Format(b.Combo))
			dd.Call("append", kbd)
			dl = append(dl, dt, dd)
		}
	}
	keysList.Call("replaceChildren", dl...)
}

// refreshToolbar shows the current state on every control.
// Its writes are one batch, made once everything is decided.
func refreshToolbar() {
	var b batch
	defer b.flush()
	// The launcher and host change with the UI language only, and only
	// the widget writes them: no call across syscall/js otherwise.
	if launcherLang != ui {
		b.text(launcher, i18n.T(ui, i18n.Launcher))
		b.attr(host, "lang", ui.Tag())
		launcherLang = ui
	}
	if !builtBar {
		return
	}
	if textLang != ui {
		renderTexts(&b)
	}
	if helpOpen {
		if helpLang != ui {
			renderHelp()
		}
		renderKeys()
	}
	for i := range items {
		it := &items[i]
		v := toolbar.Show(it.c, cur, page)
		was, drawn := it.shown, it.drawn
		it.shown, it.drawn = v, true
		if !drawn || v.Label != was.Label {
			b.text(it.label, v.Label)
		}
		if v.Icon != "" && it.icon.Truthy() && (!drawn || v.Icon != was.Icon) {
			b.attr(it.icon, "data-icon", v.Icon)
		}
		switch it.c.Kind {
		case toolbar.Toggle:
			if !drawn || v.Pressed != was.Pressed {
				b.attr(it.el, "aria-pressed", strconv.FormatBool(v.Pressed))
			}
		case toolbar.Choice:
			// The reader changes a select too: it is written only if
			// it shows something else.
			b.prop(it.el, "value", v.Value)
		}
		if !it.c.Focusable() || drawn && v.Disabled == was.Disabled {
			continue
		}
		if v.Disabled {
			b.attr(it.el, "aria-disabled", "true")
		} else {
			b.unattr(it.el, "aria-disabled")
		}
	}

	// The toolbar follows the widget's own settings.
	z := cur.TextZoom()
	if d := (dockShown{z, cur.Str("contrast"), cur.Bool("elder"), helpOpen}); d != dockWas {
		dockWas = d
		b.attr(items[indexOf("help")].el, "aria-expanded", strconv.FormatBool(d.help))
		b.style(dock, "--z", strconv.FormatFloat(z, 'g', -1, 64))
		b.attr(dock, "data-contrast", d.contrast)
		if d.elder {
			b.attr(dock, "data-elder", "")
		} else {
			b.unattr(dock, "data-elder")
		}
	}
}

// dockShown is what the dock shows of the widget's own settings, and
// whether its help panel is open; dockWas holds it since the last refresh
// (a zoom of 0 means not yet drawn).
type dockShown struct {
	zoom     float64
	contrast string
	elder    bool
	help     bool
}

var dockWas dockShown

func indexOf(id string) int {
	for i, it := range items {
		if it.c.ID == id {
			return i
		}
	}
	return -1
}

// barShown is whether the toolbar shows; showBar alone writes it.
var barShown bool

// opener is the page element that had focus when the toolbar opened (a
// portal's 无障碍浏览 link, or where a shortcut was pressed), or
// undefined: closing the toolbar from inside returns focus there, as it
// returns to the launcher when the launcher opened it.
var opener = js.Undefined()

// returnFocus is where focus goes when the toolbar closes with it inside:
// the opener while it is still on the page, else the launcher.
func returnFocus() js.Value {
	if opener.Truthy() && opener.Get("isConnected").Truthy() {
		return opener
	}
	return launcher
}

// showBar shows or hides the toolbar, built beforehand, and says which on
// the launcher, writing only when that changes: open() and close() show it
// at once, before the state change (which may wait for a dictionary), and
// the change's effect then finds nothing to write.
func showBar(open bool) {
	if open == barShown {
		return
	}
	barShown = open
	var b batch
	// The widget's message (the loader's #msg: 朗读 unavailable, a
	// dictionary on its way) is fixed over the bottom of the screen, where
	// the open dock would hide it: while the dock is open it is the dock's
	// first line (toolbar.css).
	if open {
		dock.Call("prepend", bridge.Get("msg"))
		if sheetState == 1 {
			b.unattr(dock, "hidden")
		}
		b.unattr(panel, "hidden")
	} else if builtBar {
		bridge.Get("root").Call("append", bridge.Get("msg"))
		// Focus inside the toolbar would be lost with it.
		if focusInDock() {
			b.focus(returnFocus())
		}
		b.attr(dock, "hidden", "")
		b.attr(panel, "hidden", "")
	}
	b.attr(launcher, "aria-expanded", strconv.FormatBool(open))
	b.flush()
}

func openToolbar() (js.Value, error) {
	if !barShown {
		opener = js.Undefined()
		if a := doc.Get("activeElement"); a.Truthy() && !a.Equal(host) && !a.Equal(doc.Get("body")) {
			opener = a
		}
	}
	buildToolbar()
	showBar(true)
	v, err := change(func(s state.State) (state.State, error) { return withOpen(s, true), nil })
	items[focusAt].el.Call("focus")
	return v, err
}

func closeToolbar(refocus bool) (js.Value, error) {
	showBar(false)
	v, err := change(func(s state.State) (state.State, error) { return withOpen(s, false), nil })
	if refocus {
		returnFocus().Call("focus")
	}
	return v, err
}

// focusInDock reports whether keyboard focus is inside the widget's dock.
func focusInDock() bool {
	a := bridge.Get("root").Get("activeElement")
	return builtBar && !a.IsNull() && dock.Call("contains", a).Bool()
}

func itemOf(target js.Value) int {
	e := target.Call("closest", "[data-id]")
	if e.IsNull() {
		return -1
	}
	return indexOf(e.Call("getAttribute", "data-id").String())
}

// disabled reports whether item i shows as unavailable (aria-disabled),
// from what the last refresh wrote.
func disabled(i int) bool {
	return items[i].c.Focusable() && items[i].drawn && items[i].shown.Disabled
}

func onClick(_ js.Value, args []js.Value) any {
	i := itemOf(args[0].Get("target"))
	if i < 0 || items[i].c.Kind == toolbar.Choice || items[i].c.Kind == toolbar.Readout {
		return nil
	}
	if disabled(i) {
		// aria-disabled keeps it focusable; pressing it says why nothing
		// happens, as its shortcut does.
		go announce(toolbar.SaidUnavailable(items[i].c.ID, cur, page))
		return nil
	}
	if i < len(toolbar.Controls) {
		rove(i)
	}
	id := items[i].c.ID
	if !pressLater(id) {
		runCall(func() { press(id) })
	}
	return nil
}

// laterFn makes a press that the runtime queued; its argument is the
// control's id.
var laterFn js.Func

// pressLater hands a press to the runtime's queue (rt.later, start.js),
// which takes it when calls made before it wait there, or when it
// switches the script and the runtime can replay that switch at once: the
// page shows it before Go hears of it. It reports whether the runtime
// took it.
func pressLater(id string) bool {
	var script any = false
	variant := ""
	// A call that holds mu (one waiting for a dictionary) goes first.
	if id == "script" && mu.TryLock() {
		if p := toolbar.Press(id, cur, page); len(p) == 1 {
			script = p[0].Value.S
		}
		variant = cur.Str("variant")
		mu.Unlock()
	}
	if laterFn.IsUndefined() {
		laterFn = js.FuncOf(func(_ js.Value, a []js.Value) any {
			id := a[0].String()
			runCall(func() { press(id) })
			return nil
		})
	}
	return runtimeObj().Call("later", script, variant, laterFn, id).Bool()
}

func onChange(_ js.Value, args []js.Value) any {
	t := args[0].Get("target")
	i := itemOf(t)
	if i < 0 || items[i].c.Kind != toolbar.Choice {
		return nil
	}
	if disabled(i) {
		// A select marked aria-disabled still changes (the browser lets
		// it): its value is put back, and why is said, as for a button.
		refreshToolbar()
		go announce(toolbar.SaidUnavailable(items[i].c.ID, cur, page))
		return nil
	}
	patch := toolbar.Choose(items[i].c.ID, t.Get("value").String())
	// A select reports its own new value to screen readers, so nothing is
	// announced: it would be said twice.
	runCall(func() {
		if _, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) }); err != nil {
			warn(err.Error())
		}
	})
	return nil
}

// commands handles the controls that are not State changes; features add
// theirs (stop, prev, next, pausing) in init.
var commands = map[string]func(){
	"reset": func() { reset(true) },
	"close": func() { closeToolbar(true) },
	"help":  func() { setHelp(!helpOpen) },
}

// press does what pressing control id does, and says once what changed.
func press(id string) {
	if cmd, ok := commands[id]; ok {
		cmd()
		return
	}
	mu.Lock()
	prev := cur
	patch := toolbar.Press(id, cur, page)
	mu.Unlock()
	if patch == nil {
		return
	}
	if _, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) }); err != nil {
		warn(err.Error())
		return
	}
	if id == "script" {
		// The choice this press converted the page from, for the press
		// that goes back (toolbar.Page.Kept).
		mu.Lock()
		if toolbar.Converted(cur, page) {
			page.Kept = prev.Str("script")
		}
		mu.Unlock()
	}
	announce(toolbar.Said(id, prev, cur, page))
}

// act carries out a portal link's action: open the toolbar, toggle the
// elder mode or reading, or switch to a script; and says what changed.
func act(a string) (js.Value, error) {
	if a == "open" {
		return openToolbar()
	}
	mu.Lock()
	prev := cur
	id, patch := a, toolbar.Press(a, cur, page)
	switch a {
	case "traditional", "simplified":
		id, patch = "script", []state.Change{{Name: "script", Value: state.Value{Kind: state.Enum, S: a}}}
	case "read":
		// The portal's 语音朗读 starts reading, from 指读 too, and stops it.
		if cur.Str("reading") == "continuous" {
			patch = []state.Change{{Name: "reading", Value: state.Value{Kind: state.Enum, S: "off"}}}
		}
	}
	mu.Unlock()
	v, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) })
	if err == nil {
		announce(toolbar.Said(id, prev, cur, page))
	}
	return v, err
}

// announce puts a message in the polite live region. Clearing it first,
// and setting it a moment later, makes a repeated message be read again;
// a newer message replaces one not yet set, so each is said once.
func announce(msg string) {
	if msg == "" {
		return
	}
	sayEl.Set("textContent", "")
	sayNext = msg
	g := js.Global()
	if !sayTimer.IsUndefined() {
		g.Call("clearTimeout", sayTimer)
	}
	sayTimer = g.Call("setTimeout", sayFn, 100)
}

// rove moves the roving tabindex to item i and focuses it.
func rove(i int) {
	if i < 0 || i >= len(toolbar.Controls) || !items[i].c.Focusable() {
		return
	}
	var b batch
	moveStop(&b, i)
	b.focus(items[i].el)
	b.flush()
}

// moveStop makes item i the toolbar's one Tab stop.
func moveStop(b *batch, i int) {
	if i != focusAt {
		b.attr(items[focusAt].el, "tabindex", "-1")
		b.attr(items[i].el, "tabindex", "0")
		focusAt = i
	}
}

// onFocusIn moves the roving tab stop to a control that took focus
// otherwise than by the arrow keys (a click on a select, a screen
// reader's cursor): Tab away and back returns to it.
func onFocusIn(_ js.Value, args []js.Value) any {
	i := itemOf(args[0].Get("target"))
	if i >= 0 && i < len(toolbar.Controls) && i != focusAt && items[i].c.Focusable() {
		var b batch
		moveStop(&b, i)
		b.flush()
	}
	return nil
}

// step returns the next focusable toolbar control from i in direction d.
func step(i, d int) int {
	n := len(toolbar.Controls)
	for k := 0; k < n; k++ {
		i = (i + d + n) % n
		if items[i].c.Focusable() {
			return i
		}
	}
	return i
}

func onKey(_ js.Value, args []js.Value) any {
	e := args[0]
	if e.Get("altKey").Truthy() || e.Get("ctrlKey").Truthy() || e.Get("metaKey").Truthy() {
		return nil // a shortcut, or the browser's
	}
	key := e.Get("key").String()
	if key == "Escape" {
		e.Call("preventDefault")
		go closeToolbar(true)
		return nil
	}
	t := e.Get("target")
	i := itemOf(t)
	if i < 0 || i >= len(toolbar.Controls) {
		return nil // the help panel's own controls keep their keys
	}
	isSelect := t.Get("tagName").String() == "SELECT"
	switch key {
	case "ArrowRight":
		e.Call("preventDefault")
		rove(step(i, 1))
	case "ArrowLeft":
		e.Call("preventDefault")
		rove(step(i, -1))
	case "ArrowDown", "ArrowUp":
		if isSelect {
			return nil // a select changes its value
		}
		e.Call("preventDefault")
		if key == "ArrowDown" {
			rove(step(i, 1))
		} else {
			rove(step(i, -1))
		}
	case "Home":
		e.Call("preventDefault")
		rove(step(-1, 1))
	case "End":
		e.Call("preventDefault")
		rove(step(len(toolbar.Controls), -1))
	}
	return nil
}
