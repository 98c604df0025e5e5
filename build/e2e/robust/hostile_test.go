package robust

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// canary replaces the dialogs and records every element and script that
// appears in the page from the moment the test arms it: if any page string
// were ever interpreted as markup or code, something lands here.
const canary = `(() => {
	window.__pwned = []
	for (const k of ["alert", "confirm", "prompt", "print", "open"]) window[k] = (...a) => { window.__pwned.push(k + "(" + a.join(",") + ")") }
	window.__added = []
	window.__arm = () => new MutationObserver(rs => {
		for (const r of rs) for (const n of r.addedNodes) {
			if (n.nodeType != 1) continue
			if (n.closest && n.closest("#yiyue-host")) continue
			// The loader's runtime script comes and goes; nothing else may.
			if (n.tagName == "SCRIPT" && /\/runtime\.[0-9a-f]+\.js$/.test(n.src)) continue
			window.__added.push(n.outerHTML.slice(0, 200))
		}
	}).observe(document, {subtree: true, childList: true})
})()`

// pageTexts lists the page's convertible text nodes, as text.js skips;
// null for those that hold what cannot be converted, and for those of
// #msg-12, whose words split by markup are converted whole (splitRun).
const pageTexts = `(() => { const out = [], SKIP = "#yiyue-host,script,style,noscript,textarea,code,kbd,samp,template,[contenteditable]:not([contenteditable=false]),[translate=no],.notranslate,[data-yiyue-skip]"; const w = document.createTreeWalker(document.body, 4); for (let n; n = w.nextNode();) { if (!n.parentElement.closest(SKIP) && /\S/.test(n.data)) out.push(n.data.isWellFormed() && !n.data.includes("\0") && !n.parentElement.closest("#msg-12 .message-body") ? n.data : null) } return out })()`

// splitRun lists the text nodes of #msg-12's message: one run of text
// through <mark>, <b>, <a>, <em> and a comment.
const splitRun = `[...document.querySelector("#msg-12 .message-body").childNodes].flatMap(n => n.nodeType == 3 ? [n.data] : n.nodeType == 1 ? [n.textContent] : [])`

func checkCanary(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if p := browsertest.Eval[[]string](tab, `window.__pwned`); len(p) > 0 {
		t.Errorf("page strings were run: %v", p)
	}
	if a := browsertest.Eval[[]string](tab, `window.__added`); len(a) > 0 {
		t.Errorf("elements appeared: %v", a)
	}
}

// TestHostilePageConvertsAndRestores converts hostile.html in every variant
// and back: every text equals the converter's output, the characters that
// cannot be converted (NUL, lone surrogates) stay where they are, nothing
// is interpreted, and the page comes back byte for byte.
func TestHostilePageConvertsAndRestores(t *testing.T) {
	tab := page(t, "hostile.html", canary)
	tab.Wait(`document.getElementById("js-controls").getAttribute("data-generated") === "true"`, 5*time.Second)
	if !browsertest.Eval[bool](tab, `typeof yiyue.get === "function"`) {
		t.Fatal("window.yiyue is not the widget's API on a page with an element id=yiyue")
	}
	browsertest.Eval[bool](tab, `__arm(), true`)
	before := browsertest.Eval[string](tab, outer)
	orig := browsertest.Eval[[]*string](tab, pageTexts)
	origRun := browsertest.Eval[[]string](tab, splitRun)
	for _, v := range []struct{ variant, dict, lang string }{{"t", "s2t", "zh-Hant"}, {"tw", "s2tw", "zh-TW"}, {"twp", "s2twp", "zh-TW"}, {"hk", "s2hk", "zh-HK"}} {
		c := env.Converter(t, v.dict)
		browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional", variant: "`+v.variant+`"})`)
		got := browsertest.Eval[[]*string](tab, pageTexts)
		if len(got) != len(orig) {
			t.Fatalf("%s: %d text nodes, %d before", v.dict, len(got), len(orig))
		}
		for i := range orig {
			if orig[i] == nil {
				continue
			}
			if got[i] == nil || *got[i] != c.Convert(*orig[i]) {
				t.Errorf("%s: text %d = %q, want %q", v.dict, i, deref(got[i]), c.Convert(*orig[i]))
			}
		}
		// An aligned conversion converts the run whole, in place; another
		// (s2twp) each node alone.
		want := make([]string, len(origRun))
		joined := c.Convert(strings.Join(origRun, ""))
		for i, o := range origRun {
			if !c.Aligned() {
				want[i] = c.Convert(o)
				continue
			}
			n := utf8.RuneCountInString(o)
			want[i] = string([]rune(joined)[:n])
			joined = string([]rune(joined)[n:])
		}
		if gotRun := browsertest.Eval[[]string](tab, splitRun); strings.Join(gotRun, "|") != strings.Join(want, "|") {
			t.Errorf("%s: #msg-12 %q, want %q", v.dict, gotRun, want)
		}
		if l := browsertest.Eval[string](tab, `document.documentElement.lang`); l != v.lang {
			t.Errorf("%s: lang %q, want %q", v.dict, l, v.lang)
		}
		// The script-made text: NUL, a noncharacter and lone surrogates
		// kept in place, the Chinese around them converted.
		js := browsertest.Eval[map[string]any](tab, `(() => {
			const t = document.getElementById("js-controls")
			const d = t.textContent, a = t.getAttribute("title")
			return {
				kept: d.includes("[\u0000]") && d.includes("[\uD800]") && d.includes("[\uDFFF]") && d.includes("[\uDC00\uD800]") && d.includes("[\uFFFE\uFFFF]"),
				converted: d.includes("發\uD800後\u0000裡面") || d.includes("發\uD800後\u0000裏面"),
				attrKept: a.includes("[\u0000\u001F]") && a.includes("[\uD800]"),
				attrConverted: a.includes("發展"),
				noReplacement: !d.includes("\uFFFD") && !a.includes("\uFFFD"),
			}
		})()`)
		for k, ok := range js {
			if ok != true {
				t.Errorf("%s: #js-controls: %s is false", v.dict, k)
			}
		}
		title := browsertest.Eval[string](tab, `document.getElementById("msg-1").title`)
		if want := c.Convert("<img src=x onerror=alert(1)></script><script>alert(\"易阅\")</script>"); title != want {
			t.Errorf("%s: #msg-1 title %q, want %q", v.dict, title, want)
		}
	}
	// A script written in traditional mode is not touched by the restore.
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	intact(t, tab, before)
	checkCanary(t, tab)
	noExceptions(t, tab)
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestDataAttributesRefused: data-tts and data-phrases take only http(s)
// URLs. Anything else is refused with a console message, nothing is
// fetched from it, and the widget goes on without it; so is a data-variant
// that names no variant, and a data-lang of a language the toolbar does
// not speak (it speaks 简体 then). A relative http
// URL is accepted, and used.
func TestDataAttributesRefused(t *testing.T) {
	var fetched []string
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/robust-phrases.txt" {
			fetched = append(fetched, r.URL.Path)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("横沥\t橫瀝鎮區\n"))
			return true
		}
		return false
	})
	// Two refused values a page: one for each attribute.
	for _, bad := range [][2]string{
		{"javascript:alert(1)", "JaVaScRiPt:alert(1)"}, {" \tjavascript:alert(1)", "data:text/plain,%E5%8F%91%09X"},
		{"blob:http://127.0.0.1/x", "file:///etc/passwd"}, {"ftp://127.0.0.1/p.txt", "vbscript:msgbox(1)"}, {"http://[", "about:blank"},
	} {
		t.Run(bad[0]+" "+bad[1], func(t *testing.T) {
			q := url.Values{"data-tts": {bad[0]}, "data-phrases": {bad[1]}, "data-engine": {"tts"}, "data-variant": {"zh-TW"}, "data-lang": {"fr"}}
			tab := page(t, "report.html?"+q.Encode(), canary)
			before := browsertest.Eval[string](tab, outer)
			// The toolbar names the speech service in its help panel.
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			st, err := browsertest.TryEval[map[string]any](tab, `yiyue.set({script: "traditional", zoom: 1.5})`)
			if err != nil || st["script"] != "traditional" {
				t.Fatalf("the widget does not work with data-tts=%q data-phrases=%q: %v %v", bad[0], bad[1], st, err)
			}
			for i, attr := range []string{"data-tts", "data-phrases", "data-variant", "data-lang"} {
				if m := messages(tab, attr, chromedp.ConsoleError, chromedp.ConsoleWarning); len(m) == 0 {
					t.Errorf("no console message refuses %s=%q", attr, append(bad[:], "zh-TW", "fr")[i])
				}
			}
			if browsertest.Eval[bool](tab, `document.body.textContent.includes("橫瀝鎮區")`) {
				t.Error("a refused phrase list was applied")
			}
			for _, u := range tab.Requests() {
				if !strings.HasPrefix(u, env.URL) && !strings.HasPrefix(u, "data:") {
					t.Errorf("requested %s", u)
				}
				if strings.HasPrefix(u, "data:text/plain") {
					t.Errorf("fetched the refused %s", u)
				}
			}
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			browsertest.Eval[map[string]any](tab, `yiyue.close()`)
			intact(t, tab, before)
			checkCanary(t, tab)
			noExceptions(t, tab)
		})
	}
	// The same plumbing accepts a relative http URL: the test can fail.
	tab := page(t, "report.html?data-phrases=/robust-phrases.txt", canary)
	browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional"})`)
	if !browsertest.Eval[bool](tab, `document.body.textContent.includes("橫瀝鎮區")`) || len(fetched) == 0 {
		t.Error("the phrase list at a relative URL was not applied")
	}
	noExceptions(t, tab)
}

// TestHostileAPIArguments calls the API with what a careless or hostile
// page might pass. Each call settles (most reject), and the widget keeps
// working after every one.
func TestHostileAPIArguments(t *testing.T) {
	tab := page(t, "report.html", canary)
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	for _, call := range []string{
		`yiyue.set({get zoom() { throw Error("getter") }})`,
		`yiyue.set(new Proxy({}, {ownKeys() { throw Error("ownKeys trap") }}))`,
		`yiyue.set(new Proxy({zoom: 2}, {get() { throw Error("get trap") }}))`,
		`yiyue.set(new Proxy({zoom: 2}, {getOwnPropertyDescriptor() { throw Error("descriptor trap") }}))`,
		`yiyue.set({zoom: 2n})`,
		`yiyue.set({zoom: Symbol("z")})`,
		`yiyue.set({[Symbol("s")]: 1})`,
		`yiyue.set({elder: () => true})`,
		`yiyue.set({script: {toString() { return "traditional" }}})`,
		`yiyue.set({script: new String("traditional")})`,
		`yiyue.set({zoom: new Number(2)})`,
		`yiyue.set(Object.create({zoom: 2}))`,
		`yiyue.set({["k".repeat(1 << 20)]: 1})`,
		`yiyue.set({script: "traditional".repeat(1 << 16)})`,
		`yiyue.set(Object.fromEntries(Array.from({length: 10000}, (_, i) => ["f" + i, i])))`,
		`yiyue.set(document.body)`,
		`yiyue.set(window)`,
		`yiyue.set(new Date())`,
		`yiyue.set(new Map([["zoom", 2]]))`,
		`yiyue.set(JSON.parse('{"__proto__": {"zoom": 2}}'))`,
		`yiyue.set.call(null, {zoom: 2})`,
		`yiyue.set({zoom: 2}, {zoom: 3}, 5)`,
		`yiyue.open(5)`, `yiyue.close("x")`, `yiyue.reset({zoom: 3})`,
	} {
		res, err := browsertest.TryEval[string](tab, `Promise.race([
			Promise.resolve().then(() => `+call+`).then(s => "resolved " + JSON.stringify(s && s.zoom), e => "rejected " + (e instanceof Error ? "Error" : typeof e) + ": " + String(e && e.message).slice(0, 80)),
			new Promise(ok => setTimeout(() => ok("hung"), 3000)),
		])`)
		if err != nil || res == "hung" {
			t.Errorf("%s: %q %v", call, res, err)
		}
		if strings.HasPrefix(res, "rejected ") && !strings.HasPrefix(res, "rejected Error") {
			t.Errorf("%s rejected with a non-Error: %s", call, res)
		}
		ok, err := browsertest.TryEval[bool](tab, `Promise.race([yiyue.set({zoom: 1.25}).then(s => s.zoom === 1.25 && yiyue.get().zoom === 1.25).then(ok => yiyue.reset().then(() => ok)), new Promise(ok => setTimeout(() => ok(false), 3000))])`)
		if err != nil || !ok {
			t.Fatalf("the widget stopped working after %s (%s): %v", call, res, err)
		}
		t.Logf("%s: %s", short(call), res)
	}
	checkCanary(t, tab)
	noExceptions(t, tab)
}

// TestSetTakesPlainObjects: set() with what is not a plain object (its
// own fields are the patch) rejects with an Error that says so, rather
// than resolve having changed nothing: a Map, a Promise a page forgot to
// await, a boxed string, an element; nor does an array or a Map given a
// script field, which a switch of script alone once took as a patch. A
// plain object without a prototype is one.
func TestSetTakesPlainObjects(t *testing.T) {
	tab := page(t, "report.html")
	for _, call := range []string{
		`new Map([["zoom", 2]])`, `new Set(["zoom"])`, `/zoom/`, `new Date()`,
		`Promise.resolve({zoom: 2})`, `new String("zoom")`, `document.body`, `window`,
		`Object.assign([], {script: "traditional"})`, `Object.assign(new Map(), {script: "traditional"})`,
	} {
		got := browsertest.Eval[string](tab, `yiyue.set(`+call+`).then(() => "resolved", e => e instanceof Error ? e.message : "not an Error")`)
		if !strings.Contains(got, "takes an object") {
			t.Errorf("set(%s): %q; want an Error saying set() takes an object", call, got)
		}
	}
	if s := browsertest.Eval[string](tab, `yiyue.get().script`); s != "original" {
		t.Errorf("after those calls the page's script is %q; want original", s)
	}
	if z := browsertest.Eval[float64](tab, `yiyue.set(Object.assign(Object.create(null), {zoom: 1.5})).then(s => s.zoom)`); z != 1.5 {
		t.Errorf("set() with a plain object without a prototype gave zoom %g; want 1.5", z)
	}
	checkCanary(t, tab)
}

// TestConcurrentCalls: calls that a page does not await apply in the
// order it made them.
func TestConcurrentCalls(t *testing.T) {
	tab := page(t, "report.html")
	got := browsertest.Eval[map[string]any](tab, `(async () => {
		const zs = Array.from({length: 60}, (_, i) => 1 + (i % 9) / 4)
		// The first call waits for the dictionary, while the others queue.
		const first = yiyue.set({script: "traditional", zoom: 3})
		const ps = zs.map((z, i) => i % 10 == 9 ? yiyue.set({zoom: 7}).catch(() => "rejected") : yiyue.set({zoom: z}))
		const rs = await Promise.all(ps)
		await first
		const last = yiyue.get().zoom
		// A change listener that calls the API itself must not loop.
		let calls = 0
		document.addEventListener("yiyue:change", () => { if (calls++ < 100) yiyue.reset() })
		await yiyue.set({contrast: "black-on-white"})
		await new Promise(ok => setTimeout(ok, 300))
		return {last, want: zs[58], order: rs.map(r => r === "rejected" ? 0 : r.zoom), zs, calls, contrast: yiyue.get().contrast}
	})()`)
	if got["last"] != got["want"] {
		t.Errorf("after 60 unawaited set() calls zoom is %v, the last call asked for %v", got["last"], got["want"])
	}
	order, zs := got["order"].([]any), got["zs"].([]any)
	for i := range order {
		if i%10 != 9 && order[i] != zs[i] {
			t.Errorf("call %d resolved with zoom %v, asked for %v: calls apply out of order", i, order[i], zs[i])
			break
		}
	}
	if c := got["calls"].(float64); c < 2 || c > 3 {
		t.Errorf("a listener that resets on every change was called %v times", c)
	}
	if got["contrast"] != "off" {
		t.Errorf("contrast %v after the listener's reset", got["contrast"])
	}
	noExceptions(t, tab)
}

func short(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}

// twicePage carries the loader twice, as a CMS's template and a footer
// include may both add it, and a portal link for the elder mode.
const twicePage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>两次引入</title>
<script src="/yiyue.js" defer></script></head><body>
<p><a href="#" id="elder" data-yiyue-action="elder">长者助手</a></p><p>横沥镇人民政府2020年法治政府建设年度报告。</p>
<script src="/yiyue.js" defer></script></body></html>`

// TestEmptyDataLang: data-lang="" (a template whose language variable is
// empty) is no language: the toolbar speaks the page's, as without the
// attribute, follows the page's script when it is switched, and no
// warning claims that it speaks 简体.
func TestEmptyDataLang(t *testing.T) {
	serveAll(t, map[string]string{"/empty-lang.html": `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>空白語言</title>
<script src="/yiyue.js" defer data-lang=""></script></head><body><p>橫瀝鎮人民政府二〇二〇年法治政府建設年度報告。</p></body></html>`})
	tab := page(t, "empty-lang.html")
	got := browsertest.Eval[[]string](tab, `(async () => {
		const close = () => `+R+`.querySelector("[data-id=close]").textContent
		await yiyue.open()
		const r = [`+R+`.getElementById("launcher").textContent, close()]
		await yiyue.set({script: "simplified"})
		return [...r, close()]
	})()`)
	if want := []string{"無障礙", "關閉", "关闭"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("launcher, toolbar, toolbar after switching to 简体: %q; want %q", got, want)
	}
	if m := messages(tab, "data-lang", chromedp.ConsoleWarning, chromedp.ConsoleError); len(m) > 0 {
		t.Errorf("an empty data-lang is reported: %q", m)
	}
	noExceptions(t, tab)
}

// TestScriptTagTwice: a page that carries the script tag twice gets one
// widget (two would show two launchers, each with a state of its own),
// and its portal link works.
func TestScriptTagTwice(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/twice.html" {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(twicePage))
		return true
	})
	tab := page(t, "twice.html")
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("#yiyue-host").length`); n != 1 {
		t.Errorf("%d widget hosts on the page, want 1", n)
	}
	browsertest.Eval[bool](tab, `document.getElementById("elder").click(), true`)
	tab.Wait(`yiyue.get().elder === true`, 10*time.Second)
	noExceptions(t, tab)
}

// gbkPage is a portal page in GBK, as many are; its Chinese is written as
// character references, so that the test needs no GBK encoder.
const gbkPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="gbk"><title>GBK</title>
<script src="/yiyue.js" defer data-bind-links></script></head><body>
<p><a href="#" id="to-traditional">&#x7E41;&#x4F53;&#x7248;</a></p>
<p id="text">&#x6A2A;&#x6CA5;&#x9547;&#x4EBA;&#x6C11;&#x653F;&#x5E9C;</p></body></html>`

// TestGBKPageWithoutCharset: a GBK page whose server sends yiyue's
// scripts and stylesheets without a charset, as a static server may. The
// browser would decode them as GBK; the UTF-8 mark that the build puts
// before those with Chinese text keeps it right: the launcher's name, the
// 繁体版 link the loader binds, and the toolbar's 繁 icon.
func TestGBKPageWithoutCharset(t *testing.T) {
	setFault(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch ext := path.Ext(r.URL.Path); {
		case r.URL.Path == "/gbk.html":
			w.Header().Set("Content-Type", "text/html; charset=gbk")
			w.Write([]byte(gbkPage))
		case ext == ".js" || ext == ".css":
			b, err := os.ReadFile(filepath.Join(env.Dist, path.Base(r.URL.Path)))
			if err != nil {
				return false
			}
			w.Header().Set("Content-Type", map[string]string{".js": "text/javascript", ".css": "text/css"}[ext])
			w.Write(b)
		default:
			return false
		}
		return true
	})
	tab := page(t, "gbk.html")
	if got := browsertest.Eval[string](tab, `document.characterSet`); got != "GBK" {
		t.Fatalf("the page is decoded as %s, not GBK", got)
	}
	tab.Wait(`getComputedStyle(`+R+`.getElementById("launcher")).position == "fixed"`, 5*time.Second)
	if got := browsertest.Eval[string](tab, R+`.getElementById("launcher").textContent`); got != "无障碍" {
		t.Errorf("the launcher says %q, want 无障碍", got)
	}
	browsertest.Eval[bool](tab, `document.getElementById("to-traditional").click(), true`)
	tab.Wait(`yiyue.get().script === "traditional"`, 10*time.Second)
	if got := browsertest.Eval[string](tab, `document.getElementById("text").textContent`); got != "橫瀝鎮人民政府" {
		t.Errorf("the page reads %q after 繁体版, want 橫瀝鎮人民政府", got)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	tab.Wait(`getComputedStyle(`+R+`.getElementById("dock")).position == "fixed"`, 5*time.Second)
	if got := browsertest.Eval[string](tab, `getComputedStyle(`+R+`.querySelector('[data-icon="script"]'), "::before").content`); got != `"繁"` {
		t.Errorf("the toolbar's 简/繁 icon shows %s, want \"繁\"", got)
	}
	noExceptions(t, tab)
}

// TestPageGlobalsNamedAsGosOwn: a page whose globals or element ids take
// the names that Go's start-up uses (fs, process, path, Go) still gets a
// widget that starts, and keeps its own values under those names.
func TestPageGlobalsNamedAsGosOwn(t *testing.T) {
	for _, c := range []struct{ name, prelude, look, want string }{
		{"element ids", `addEventListener("DOMContentLoaded", () => { for (const id of ["fs", "process", "path", "Go"]) { const d = document.createElement("div"); d.id = id; document.body.append(d) } })`,
			`[fs, process, path, Go].map(e => e instanceof HTMLDivElement && e.id).join()`, "fs,process,path,Go"},
		{"var", `var fs = {constants: 1}, process = "page's", path = 2, Go = 3`,
			`JSON.stringify([fs, process, path, Go])`, `[{"constants":1},"page's",2,3]`},
		{"let and const", `let fs = "page's"; const process = 1; let path = 2, Go = 3`,
			`JSON.stringify([fs, process, path, Go])`, `["page's",1,2,3]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := page(t, "report.html", c.prelude)
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			if z := browsertest.Eval[float64](tab, `yiyue.set({zoom: 2}).then(s => s.zoom)`); z != 2 {
				t.Errorf("zoom = %v", z)
			}
			if got := browsertest.Eval[string](tab, c.look); got != c.want {
				t.Errorf("the page's own globals after the widget started: %s, want %s", got, c.want)
			}
			noExceptions(t, tab)
		})
	}
	// The page sets its globals anew while the WASM is on its way: what
	// it set last stays.
	t.Run("set during the download", func(t *testing.T) {
		setFault(t, delay(time.Second, ".wasm"))
		tab := page(t, "report.html", `var Go = "page's first"`)
		clickLauncher(tab)
		browsertest.Eval[bool](tab, `(Go = "page's second", window.process = "page's own", true)`)
		tab.Wait(`yiyue.get().open === true`, 10*time.Second)
		if got := browsertest.Eval[string](tab, `JSON.stringify([Go, window.process])`); got != `["page's second","page's own"]` {
			t.Errorf("the page's globals after the widget started: %s", got)
		}
		noExceptions(t, tab)
	})
}

// TestPageReplacesItsBody: a page that swaps its <body> for a new one (as
// Turbo and pjax navigate) or rewrites it keeps the launcher, and text
// zoom reaches the new text: the new body's paragraph is zoomed at once,
// and by the next change of level too.
func TestPageReplacesItsBody(t *testing.T) {
	for _, c := range []struct{ name, swap string }{
		{"a new body", `const nb = document.createElement("body"); nb.innerHTML = "<main><p id=new>新的页面内容</p></main>"; document.documentElement.replaceChild(nb, document.body)`},
		{"the body rewritten", `document.body.innerHTML = "<main><p id=new>新的页面内容</p></main>"`},
		// An app's new body, filled a moment later; and text a script
		// puts beside <body>, which is not the page's.
		{"a new body filled later", `const nb = document.createElement("body"); nb.innerHTML = "<main id=app></main>"; document.documentElement.replaceChild(nb, document.body)
				await frames()
				document.documentElement.append(Object.assign(document.createElement("div"), {textContent: "扩展加的字"}))
				await new Promise(r => setTimeout(r, 200))
				document.getElementById("app").innerHTML = "<p id=new>新的页面内容</p>"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := page(t, "report.html")
			got := browsertest.Eval[[]string](tab, `(async () => {
				const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
				await yiyue.set({zoom: 2})
				`+c.swap+`
				await frames()
				const p = document.getElementById("new"), out = [getComputedStyle(p).fontSize]
				await yiyue.set({zoom: 2.5})
				await frames()
				out.push(getComputedStyle(p).fontSize)
				const h = document.getElementById("yiyue-host")
				out.push(String(!!h && h.isConnected && h.shadowRoot.getElementById("launcher").getClientRects().length > 0))
				await yiyue.set({zoom: 1})
				await frames()
				out.push(getComputedStyle(p).fontSize)
				return out
			})()`)
			base, _ := strconv.ParseFloat(strings.TrimSuffix(got[3], "px"), 64)
			if w2, w25 := fmt.Sprintf("%gpx", base*2), fmt.Sprintf("%gpx", base*2.5); got[0] != w2 || got[1] != w25 {
				t.Errorf("the new text is %s at 200 %% and %s at 250 %%, want %s and %s (%s at 100 %%)", got[0], got[1], w2, w25, got[3])
			}
			if got[2] != "true" {
				t.Error("the launcher is gone")
			}
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			noExceptions(t, tab)
		})
	}
}

// TestDetachedWhileZoomed: a view that a page takes out while text is
// zoomed and puts back later (a router that keeps views alive) comes back
// as the page made it once the zoom is off, and is zoomed right when the
// zoom is on again.
func TestDetachedWhileZoomed(t *testing.T) {
	tab := page(t, "report.html")
	got := browsertest.Eval[[]string](tab, `(async () => {
		const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		const v = document.querySelector(".article-body"), at = v.nextSibling, parent = v.parentNode
		const before = v.outerHTML, size = () => getComputedStyle(v.querySelector("p")).fontSize
		const base = size()
		await yiyue.set({zoom: 2})
		await frames()
		v.remove()
		await frames()
		await yiyue.reset()
		await frames()
		parent.insertBefore(v, at)
		await frames()
		const out = [String(v.outerHTML == before), base, size()]
		await yiyue.set({zoom: 1.5})
		await frames()
		out.push(size())
		return out
	})()`)
	if got[0] != "true" {
		t.Error("the view came back with the widget's attributes on it")
	}
	if base, _ := strconv.ParseFloat(strings.TrimSuffix(got[1], "px"), 64); got[2] != got[1] || got[3] != fmt.Sprintf("%gpx", base*1.5) {
		t.Errorf("the view's paragraph: %s, back with the zoom off %s, at 150 %% %s; want %s, then %gpx", got[1], got[2], got[3], got[1], base*1.5)
	}
	noExceptions(t, tab)
}

// TestPageBreaksDOMMethods: a page's script that replaced DOM methods
// with ones that throw (a polyfill gone wrong) fails what yiyue does
// meanwhile, with a clear error, and kills nothing. The error came back
// into Go as a panic, which ended the WASM: the set() in flight never
// settled, and every later call and press failed with "Go program has
// already exited". Here, once the page puts the methods back, the API
// and the toolbar's own buttons work again.
func TestPageBreaksDOMMethods(t *testing.T) {
	tab := page(t, "report.html")
	got := browsertest.Eval[[]string](tab, `(async () => {
		await yiyue.open()
		const out = [], R = document.getElementById("yiyue-host").shadowRoot
		const button = name => [...R.querySelectorAll("button")].find(b => b.textContent.trim() == name)
		const settled = p => Promise.race([p.then(s => "resolved", e => "rejected: " + e.message), new Promise(r => setTimeout(() => r("not settled in 3 s"), 3000))])
		const saved = [Element.prototype.setAttribute, Element.prototype.toggleAttribute]
		Element.prototype.setAttribute = Element.prototype.toggleAttribute = function () { throw Error("the page broke this method") }
		out.push(await settled(yiyue.set({elder: true})))
		button("放大文字").click()
		await new Promise(r => setTimeout(r, 300))
		;[Element.prototype.setAttribute, Element.prototype.toggleAttribute] = saved
		out.push(await settled(yiyue.set({contrast: "yellow-on-black"})))
		out.push(yiyue.get().contrast)
		const z = yiyue.get().zoom
		button("放大文字").click()
		for (let i = 0; i < 50 && yiyue.get().zoom == z; i++) await new Promise(r => setTimeout(r, 20))
		out.push(String(yiyue.get().zoom > z))
		return out
	})()`)
	if len(got) != 4 || !strings.HasPrefix(got[0], "rejected: yiyue:") || !strings.Contains(got[0], "the page broke this method") {
		t.Fatalf("set() while the page's DOM methods throw: %q; want it rejected with yiyue's error naming the page's", got)
	}
	if got[1] != "resolved" || got[2] != "yellow-on-black" {
		t.Errorf("set({contrast}) once the page put its methods back: %s, contrast %s; want it resolved and applied", got[1], got[2])
	}
	if got[3] != "true" {
		t.Errorf("放大文字 once the page put its methods back did not zoom the text")
	}
}
