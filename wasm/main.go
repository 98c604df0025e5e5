//go:build js && wasm

// Command wasm is yiyue's glue between the browser and the Go core: it is
// compiled with GOOS=js GOARCH=wasm, started by the loader, and does little
// but move data across syscall/js. The decisions live in widget/.
package main

import (
	"errors"
	"sync"
	"syscall/js"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/state"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

var (
	doc    = js.Global().Get("document")
	object = js.Global().Get("Object")
	bridge js.Value // the loader's private bridge, yiyue._b
	// The launcher button and the shadow root's host, made once: every
	// call across syscall/js costs about 15 µs, a js.Value a finalizer.
	launcher, host js.Value

	mu  sync.Mutex // serialises state changes
	cur state.State
	ui  i18n.Lang
	// fixedUI says the site chose the UI language (data-lang on the script
	// tag): it does not follow the page's script then.
	fixedUI bool
	page    toolbar.Page
)

// An effect applies the part of a state change that a feature owns, such
// as converting the page's text. Features register theirs in init. An
// effect that cannot apply its part sets its fields in next back, and
// returns an error that the widget shows and set() rejects with.
type effect func(prev state.State, next *state.State) error

var effects []effect

func init() { effects = append(effects, showToolbar) }

// showToolbar keeps the toolbar in step with the open field, however it
// changes: open() and close(), or set({open}) through the API.
// The dock shows once its stylesheet is in: a change waits for it (every
// change runs on a goroutine), so that a set({open: true}) that resolved
// finds the toolbar shown. One that failed keeps the toolbar closed.
func showToolbar(_ state.State, next *state.State) error {
	if next.Bool("open") {
		buildToolbar()
		<-sheetDone
		if sheetState < 0 {
			*next = withOpen(*next, false)
			showBar(false)
			return &featureError{i18n.Toolbar, errors.New("yiyue: the toolbar's stylesheet did not load")}
		}
	}
	showBar(next.Bool("open"))
	return nil
}

func main() {
	bridge = js.Global().Get("yiyue").Get("_b")
	launcher = bridge.Get("btn")
	host = bridge.Get("root").Get("host")
	cur = siteDefault()
	if v := bridge.Get("cfg").Get("variant"); v.Type() == js.TypeString && cur.Str("variant") != v.String() {
		warn("yiyue: data-variant must be one of t, tw, twp, hk; ignored: \"" + v.String() + "\"")
	}
	ui = i18n.Pick(bridge.Get("lang").String())
	// An empty data-lang (a template's empty variable) names no language:
	// the loader took the page's, as without the attribute.
	l := bridge.Get("cfg").Get("lang")
	fixedUI = l.Type() == js.TypeString && l.String() != ""
	if fixedUI && !i18n.Known(l.String()) {
		warn("yiyue: data-lang must be zh-Hans, zh-Hant or en; using zh-Hans for \"" + l.String() + "\"")
	}
	page.Lang = ui
	// The saved preferences, field by field: a value this version does
	// not accept (an older version's, or another script's) is dropped,
	// and the rest still applies.
	saved, dropped := siteDefault(), false
	prefs, _ := patchFromJS(bridge.Call("state"))
	for _, c := range prefs {
		if s, err := saved.Apply([]state.Change{c}); err == nil {
			saved = s
		} else if c.Name != "open" {
			warn("yiyue: saved preference dropped: " + err.Error())
			dropped = true
		}
	}
	// A page the browser kept from before (its back-forward cache), or a
	// tab whose widget was not in use, shows the choices it was opened
	// with; another page may have saved newer ones since. Go starts from
	// those, taken as from another tab, so that the reader's first press
	// here builds on them rather than save an old choice over them.
	stale := false
	if now := bridge.Call("stored"); now.Type() != js.TypeUndefined {
		if s := fromOtherTab(now, saved); s.JSON() != saved.JSON() {
			saved, stale = s, true
		}
	}

	// The API's methods. The loader makes the Promise and passes its two
	// settling functions last; making it here would cost several calls
	// across syscall/js per change.
	impl := object.New()
	impl.Set("set", settle(func(args []js.Value) (js.Value, error) {
		patch, err := patchFromJS(arg(args, 0))
		if err != nil {
			return js.Undefined(), err
		}
		return changeWhole(func(s state.State) (state.State, error) { return s.Apply(patch) })
	}))
	impl.Set("reset", settle(func([]js.Value) (js.Value, error) { return reset(false) }))
	impl.Set("open", settle(func([]js.Value) (js.Value, error) { return openToolbar() }))
	// Focus goes back to the launcher only from inside the toolbar
	// (showBar): a site's script, or dock.js, closing it while the reader
	// is in the page leaves focus where it is.
	impl.Set("close", settle(func([]js.Value) (js.Value, error) { return closeToolbar(false) }))
	// A portal link's data-yiyue-action (runtime/actions.js) is the
	// reader's own press, said once as the toolbar says it: the API's set
	// is a site's script, and silent.
	impl.Set("act", settle(func(args []js.Value) (js.Value, error) { return act(arg(args, 0).String()) }))
	// Another tab of the site saved its choices (runtime/tabs.js): this
	// one takes them.
	impl.Set("sync", settle(func(args []js.Value) (js.Value, error) {
		return change(func(s state.State) (state.State, error) {
			taken = true
			return fromOtherTab(arg(args, 0), s), nil
		})
	}))
	bridge.Call("ready", impl)

	// Apply what the loader could not: the saved preferences that need Go.
	// The loader already holds this state, so nothing is committed unless
	// a saved value was dropped (then the loader's copy, the view and the
	// store are corrected) or newer choices were taken (the loader's copy
	// and the view).
	go func() {
		defer survive()
		mu.Lock()
		defer mu.Unlock()
		saved = withOpen(saved, cur.Bool("open"))
		asked := saved
		runEffects(cur, &saved)
		// A saved script that could not be shown (its dictionary did not
		// come) stays the reader's choice: see keptChoice. Its variant,
		// which converts nothing while the page shows its own text, stays
		// as it was saved.
		if v := asked.Get("script"); saved.Get("script") != v {
			keptChoice = []state.Change{{Name: "script", Value: v}}
			saved, _ = saved.Apply([]state.Change{{Name: "variant", Value: asked.Get("variant")}})
		}
		cur = saved
		refreshToolbar()
		// What was taken from the store is not saved again (taken).
		if dropped || stale {
			bridge.Call("commit", reported(cur).JSON(), !dropped)
		}
		// A page opened with a saved script is hidden till now (boot.js).
		if f := bridge.Get("shown"); f.Type() == js.TypeFunction {
			f.Invoke()
		}
	}()
	select {}
}

// change applies f to the current state, runs every feature's effect and
// hands the new state to the loader, which saves it and fires yiyue:change.
// It returns the new state as JSON, for the caller's Promise.
// f must have no side effects: while a choice is kept (keptChoice), it is
// also applied to the state as reported, to see which fields it names.
func change(f func(state.State) (state.State, error)) (js.Value, error) {
	return changing(f, false)
}

// changeWhole is change for the API's set(), all or nothing: where a
// feature cannot apply its part of the patch, the other features' parts
// are undone, so that a set() that rejects leaves the page and the State
// as they were, as one with a bad value does. A reader's press changes
// one thing, and reset() does what it can.
func changeWhole(f func(state.State) (state.State, error)) (js.Value, error) {
	return changing(f, true)
}

// changing is change, all or nothing if whole.
func changing(f func(state.State) (state.State, error), whole bool) (js.Value, error) {
	mu.Lock()
	defer mu.Unlock()
	taken = false
	next, err := f(cur)
	if err != nil {
		return js.Undefined(), err
	}
	prev, was := cur, reported(cur)
	var asked state.State
	if len(keptChoice) > 0 {
		asked, _ = f(was)
	}
	err = runEffects(prev, &next)
	if err != nil && whole {
		// What failed is back already; the rest goes back the way it came.
		back := prev
		runEffects(next, &back)
		next, asked = back, was
	}
	// A kept field goes once the page shows it, or once a change asks for
	// another value.
	kept := keptChoice[:0]
	for _, c := range keptChoice {
		if asked.Get(c.Name) == c.Value && next.Get(c.Name) != c.Value {
			kept = append(kept, c)
		}
	}
	keptChoice = kept
	if err == nil && shownUnavailable {
		// The reader went on and it worked: the old message is stale.
		bridge.Get("msg").Set("textContent", "")
		shownUnavailable = false
	}
	cur = next
	// A choice kept for the script button's way back is stale once the
	// script changes another way (reset, the API, a portal link); the
	// button's own press keeps it again after this (press).
	if prev.Str("script") != next.Str("script") {
		page.Kept = ""
	}
	// The widget shows the change before yiyue:change tells of it.
	refreshToolbar()
	now := reported(cur)
	snap := js.ValueOf(now.JSON())
	if len(state.Diff(prev, next)) > 0 || len(state.Diff(was, now)) > 0 {
		bridge.Call("commit", snap, taken)
	}
	return snap, err
}

// keptChoice holds a saved choice of script that the page could not show
// when it opened, its dictionary not having come: the page shows its own
// text, as cur says, while the choice stays the reader's, saved and
// reported as the State (README: State), till the page shows it or a
// change asks for another.
var keptChoice []state.Change

// reported is state s as the API reports and the loader saves it: with
// the kept choice.
func reported(s state.State) state.State {
	out, _ := s.Apply(keptChoice)
	return out
}

// runEffects applies every feature's effect; the failure of one does not
// stop the others.
func runEffects(prev state.State, next *state.State) error {
	var first error
	for _, e := range effects {
		if err := e(prev, next); err != nil {
			warn(err.Error())
			unavailable(err)
			if first == nil {
				first = err
			}
		}
	}
	return first
}

// featureError is a feature that could not be applied, named for the UI.
type featureError struct {
	label i18n.Key
	err   error
}

func (e *featureError) Error() string { return e.err.Error() }

// shownUnavailable says whether the loader's message shows a feature
// error.
var shownUnavailable bool

// unavailable says in the widget's own UI which feature is unavailable.
func unavailable(err error) {
	fe, ok := err.(*featureError)
	if !ok {
		return
	}
	bridge.Get("msg").Set("textContent", i18n.T(ui, fe.label)+"："+i18n.T(ui, i18n.Unavailable))
	shownUnavailable = true
}

// reset puts every field back to the site's defaults (the toolbar stays
// as it is), and says so when said: for the reader's own press, not for a
// site's script.
func reset(said bool) (js.Value, error) {
	// Said once done, not in the change's function, which may run twice
	// (change).
	v, err := change(func(s state.State) (state.State, error) {
		return withOpen(siteDefault(), s.Bool("open")), nil
	})
	if said {
		announce(i18n.T(ui, i18n.SaidReset))
	}
	return v, err
}

// siteDefault is the default state with the site's choices from the script
// tag: data-variant.
func siteDefault() state.State {
	d := state.Default()
	if v := bridge.Get("cfg").Get("variant"); v.Type() == js.TypeString {
		if s, err := d.Apply([]state.Change{{Name: "variant", Value: state.Value{Kind: state.Enum, S: v.String()}}}); err == nil {
			d = s
		}
	}
	return d
}

// taken says that the change being made takes another tab's choices
// (sync): it is shown, and not saved again (runtime/tabs.js). Saved
// again, that copy reached a tab changed since, which took its old
// choice back. Guarded by mu.
var taken bool

// fromOtherTab is the state that another tab of the site saved (saved,
// the loader's stored form: the fields away from their defaults; not an
// object, for none), as this tab s takes it: every field but whether the
// toolbar is open and reading, which are each tab's own. A value this
// version does not take is left at its default.
func fromOtherTab(saved js.Value, s state.State) state.State {
	next := withOpen(siteDefault(), s.Bool("open"))
	next, _ = next.Apply([]state.Change{{Name: "reading", Value: s.Get("reading")}})
	prefs, _ := patchFromJS(saved)
	for _, c := range prefs {
		if c.Name == "open" || c.Name == "reading" {
			continue
		}
		if n, err := next.Apply([]state.Change{c}); err == nil {
			next = n
		}
	}
	return next
}

func withOpen(s state.State, open bool) state.State {
	out, _ := s.Apply([]state.Change{{Name: "open", Value: state.Value{Kind: state.Bool, B: open}}})
	return out
}

// settle makes an API method: its last two arguments settle the loader's
// Promise, the first with the new state as JSON, the second with the
// error's text. f runs on a goroutine (runCall), since a js.FuncOf
// callback must never block the event loop.
func settle(f func(args []js.Value) (js.Value, error)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return nil
		}
		ok, no := args[len(args)-2], args[len(args)-1]
		runCall(func() {
			// A panic rejects the call's Promise (guard.go).
			defer survive(func(err error) { no.Invoke(err.Error()) })
			v, err := f(args[:len(args)-2])
			if err != nil {
				no.Invoke(err.Error())
				return
			}
			ok.Invoke(v)
		})
		return nil
	})
}

// runCall runs an API call on the calls goroutine when it is free: a
// goroutine per call would pay for its start and for growing its stack on
// every change (about a tenth of a page switch here). When it is busy (a
// call waiting for a dictionary, say), the call gets its own goroutine, so
// that open() still shows the toolbar at once; the calls serialise on mu.
func runCall(f func()) {
	select {
	case calls <- f:
	default:
		go surviving(f)
	}
}

// calls is unbuffered: a send succeeds only while the goroutine waits.
var calls = make(chan func())

func init() {
	go func() {
		for f := range calls {
			surviving(f)
		}
	}()
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

func warn(msg string) { js.Global().Get("console").Call("warn", msg) }
