//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/script"
	"github.com/yiyue-a11y/yiyue/widget/state"
)

func init() { effects = append(effects, convertPage) }

var (
	pageScript script.Script
	dicts      = map[string]*convert.Converter{}
	phrases    *convert.Phrases
	applied    string // the conversion the page shows; "" for its own text
	// The runtime object and, per conversion, its function, name, lang
	// map and whether it is aligned (convert.Converter.Aligned) as
	// JavaScript values, made once: every js.Value made costs a
	// finalizer. Each conversion has a function of its own, not one for
	// whichever applies: the runtime replays a switch (and converts what
	// the page adds after it) before Go hears of it.
	rtObj, cfgObj js.Value
	convArgs      = map[string][4]js.Value{}
	// floor is the lowest code point of which every key in force holds at
	// least one at or above it: text without one cannot change, and the
	// runtime leaves it out of the batch. keyFloor holds for yiyue's
	// dictionaries and corrections (build/e2e/script checks it against the
	// OpenCC sources); site phrases may lower it.
	floor rune = keyFloor
)

// keyFloor: every key of the OpenCC dictionaries holds a character of CJK
// Extension A (U+3400) or above; 㐷 U+3437 is the lowest such character
// of any key.
const keyFloor = 0x3400

// conversion names the dictionary that state s asks for on this page, or
// "" for the page's own text.
func conversion(s state.State) string {
	switch s.Str("script") {
	case "traditional":
		if pageScript == script.Traditional {
			return ""
		}
		if v := s.Str("variant"); v != "t" {
			return "s2" + v
		}
		return "s2t"
	case "simplified":
		if pageScript == script.Traditional {
			return "t2s"
		}
	}
	return ""
}

// detectPage reads the page's script once: its lang, else its text. The
// UI speaks what it finds in the text from the start, as it does when the
// page is switched back to its own text: the loader read only the lang.
func detectPage() {
	if pageScript != script.Unknown {
		return
	}
	pageScript = script.FromLang(doc.Get("documentElement").Get("lang").String())
	if pageScript == script.Unknown {
		pageScript = script.Detect(runtimeObj().Call("sample", 4000).String())
		if pageScript == script.Traditional {
			followScript(pageScript)
		}
	}
	if pageScript == script.Unknown {
		pageScript = script.Simplified
	}
	page.Traditional = pageScript == script.Traditional
}

func convertPage(prev state.State, next *state.State) error {
	detectPage()
	// The runtime keys each switch by what was asked for, so that asking
	// again can be replayed before Go hears of it (rt.quick in text.js).
	asked, variant := next.Str("script"), next.Str("variant")
	// A choice of the page's own script is kept as the reader's choice,
	// for the site's other pages; this page shows its own text
	// (conversion).
	want := conversion(*next)
	if want == applied {
		return nil
	}
	rt := runtimeObj()
	if want == "" {
		rt.Call("convertPage", js.Null(), js.Null(), js.Null(), js.Null(), asked+"|"+variant)
		applied = ""
		followScript(pageScript)
		return nil
	}
	c, err := dictionary(want)
	if err != nil {
		*next, _ = next.Apply([]state.Change{{Name: "script", Value: prev.Get("script")}, {Name: "variant", Value: prev.Get("variant")}})
		label := i18n.Traditional
		if want == "t2s" {
			label = i18n.Simplified
		}
		return &featureError{label, err}
	}
	a, ok := convArgs[want]
	if !ok {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any { return c.Convert(args[0].String()) })
		a = [4]js.Value{fn.Value, js.ValueOf(want), langMap(want), js.ValueOf(c.Aligned())}
		convArgs[want] = a
	}
	rt.Call("convertPage", a[0], a[2], a[1], floor, asked+"|"+variant, a[3])
	applied = want
	if want == "t2s" {
		followScript(script.Simplified)
	} else {
		followScript(script.Traditional)
	}
	return nil
}

// dictionary fetches and opens a conversion's prepared dictionary, once,
// with the site's phrase overrides on top.
func dictionary(name string) (*convert.Converter, error) {
	if c, ok := dicts[name]; ok {
		return c, nil
	}
	rt := runtimeObj()
	if rt.Get("files").Get(name+".dict").Type() != js.TypeString {
		return nil, errors.New("yiyue: no dictionary for " + name + " in this build")
	}
	// Both files are on their way before either is awaited, and the page
	// is walked meanwhile.
	dict := promised(rt.Call("dict", name))
	startPhrases()
	rt.Call("collect")
	// The browser compiles the engine's code on its first call: that
	// happens now, while the dictionary downloads, not after.
	if len(dicts) == 0 {
		convert.WarmUp()
	}
	// A reader who pressed 繁体 and sees nothing change yet is told why.
	end := noticeIfSlow()
	r := <-dict
	end()
	var c *convert.Converter
	err := r.err
	if err == nil {
		c, err = convert.Open(bytesOf(r.v))
	}
	if err != nil {
		rt.Call("drop")
		return nil, errors.New("yiyue: dictionary " + name + ": " + err.Error())
	}
	if p := sitePhrases(); p.Len() > 0 {
		c = c.WithPhrases(*p)
	}
	dicts[name] = c
	return c, nil
}

// slowDict is how long a dictionary may take before the widget says that
// it is on its way.
const slowDict = 500 * time.Millisecond

// noticeIfSlow shows dictNotice once slowDict has passed, until the
// function it returns is called. It does without select and Go's channel
// timers, which would cost the WASM some 15 KB.
func noticeIfSlow() (end func()) {
	var (
		m            sync.Mutex
		ended, shown bool
	)
	go func() {
		time.Sleep(slowDict)
		m.Lock()
		defer m.Unlock()
		if !ended {
			shown = true
			dictNotice(true)
		}
	}()
	return func() {
		m.Lock()
		defer m.Unlock()
		ended = true
		if shown {
			dictNotice(false)
		}
	}
}

// dictNotice says in the widget's status (polite, by the launcher) that a
// dictionary is on its way, with the 简/繁 control busy; or takes that
// back.
func dictNotice(on bool) {
	var b batch
	msg := bridge.Get("msg")
	if on {
		b.text(msg, i18n.T(ui, i18n.LoadingDictionary))
		b.attr(msg, "data-busy", "true")
	} else {
		b.text(msg, "")
		b.unattr(msg, "data-busy")
	}
	if builtBar {
		if el := items[indexOf("script")].el; on {
			b.attr(el, "aria-busy", "true")
		} else {
			b.unattr(el, "aria-busy")
		}
	}
	b.flush()
}

// phrasesFetch is the site's phrase file on its way (data-phrases).
var phrasesFetch *fetching

// startPhrases starts fetching data-phrases, once. A URL that is not
// http(s) is reported and ignored.
func startPhrases() {
	if phrases != nil || phrasesFetch != nil {
		return
	}
	url := siteCfg().Get("phrases")
	if url.Type() != js.TypeString || url.String() == "" {
		phrases = &convert.Phrases{}
		return
	}
	u, ok := httpURL(url.String())
	if !ok {
		warn("yiyue: data-phrases must be an http(s) URL; ignored: " + url.String())
		phrases = &convert.Phrases{}
		return
	}
	f := startFetch(u)
	phrasesFetch = &f
}

// sitePhrases waits for data-phrases, once. A malformed line is reported
// with its number and skipped; an unreadable file is reported and ignored.
func sitePhrases() *convert.Phrases {
	startPhrases()
	if phrases != nil {
		return phrases
	}
	phrases = &convert.Phrases{}
	text, err := phrasesFetch.text()
	if err != nil {
		warn("yiyue: data-phrases: " + err.Error())
		return phrases
	}
	floor = min(floor, phraseFloor(text))
	p, errs := convert.ParsePhrases(text)
	for _, e := range errs {
		warn("yiyue: data-phrases line " + strconv.Itoa(e.Line) + ": " + e.Error())
	}
	*phrases = p
	return phrases
}

// httpURL resolves a URL from a data attribute against the page and accepts
// it only if it is http or https.
func httpURL(raw string) (href string, ok bool) {
	// new URL throws on what is not a URL at all ("http://["), which
	// syscall/js turns into a panic.
	defer func() {
		if recover() != nil {
			href, ok = "", false
		}
	}()
	u := js.Global().Get("URL").New(raw, doc.Get("baseURI"))
	p := u.Get("protocol").String()
	return u.Get("href").String(), p == "http:" || p == "https:"
}

// runtimeObj is the runtime's object, rt, which lives as long as the page.
func runtimeObj() js.Value {
	if rtObj.IsUndefined() {
		rtObj = bridge.Get("rt")
	}
	return rtObj
}

// siteCfg is the script tag's dataset (live: its values are read when
// needed).
func siteCfg() js.Value {
	if cfgObj.IsUndefined() {
		cfgObj = bridge.Get("cfg")
	}
	return cfgObj
}

// langMap says what a lang value (the runtime's argument) becomes under a
// conversion: Chinese in the script converted from, or of no script
// named (zh, a CMS's zh_CN, zh-cmn-Hans-CN, zh-CHS, zh-MY), takes the
// script converted to, so that a screen reader reads 繁體 as such;
// anything else stays ("").
func langMap(name string) js.Value {
	to := map[string]string{"s2t": "zh-Hant", "s2tw": "zh-TW", "s2twp": "zh-TW", "s2hk": "zh-HK", "t2s": "zh-Hans"}[name]
	keep := script.Traditional
	if name == "t2s" {
		keep = script.Simplified
	}
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		if s, zh := script.Lang(args[0].String()); zh && s != keep {
			return to
		}
		return ""
	}).Value
}

// followScript switches the UI between 简体 and 繁體 with the page, unless
// the site chose the UI language or the page is not Chinese.
func followScript(s script.Script) {
	if fixedUI || ui == i18n.En {
		return
	}
	l := i18n.Hans
	if s == script.Traditional {
		l = i18n.Hant
	}
	if l != ui {
		setUILang(l)
	}
}

// phraseFloor is the lowest, over the phrases of a site's file, of the
// highest code point a side holds. It reads lines as ParsePhrases does.
func phraseFloor(text string) rune {
	f := rune(keyFloor)
	for _, line := range strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\n") {
		line = strings.TrimSpace(line)
		simp, trad, ok := strings.Cut(line, "\t")
		if !ok || line[0] == '#' || strings.Contains(trad, "\t") {
			continue
		}
		for _, side := range []string{simp, trad} {
			hi := rune(-1)
			for _, r := range strings.TrimSpace(side) {
				hi = max(hi, r)
			}
			if hi >= 0 {
				f = min(f, hi)
			}
		}
	}
	return f
}
