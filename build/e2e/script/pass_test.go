package script

import (
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// TestKeyFloor: the runtime leaves out of the batch every string without a
// character at or above the floor the WASM gives it, so every key of every
// dictionary (and every value, which t2s reads as keys) must hold one.
func TestKeyFloor(t *testing.T) {
	tb := tab(t, "report.html")
	floor := browsertest.Eval[int](tb, `(async () => {
		await yiyue.load()
		const rt = yiyue._b.rt, cp = rt.convertPage
		let min
		rt.convertPage = (...a) => { if (a[0]) min = a[3]; return cp(...a) }
		try { await yiyue.set({script: "traditional"}) } finally { rt.convertPage = cp }
		await yiyue.set({script: "original"})
		return min
	})()`)
	if floor <= 0x7F {
		t.Fatalf("floor U+%04X: plain ASCII text would still go to the converter", floor)
	}
	src, err := dictprep.Fetch(filepath.Join(env.Root, "build", ".cache"), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"corrections.txt": dictprep.Corrections}
	for name, b := range src.Dicts {
		files[name] = string(b)
	}
	n := 0
	for name, text := range files {
		for i, line := range strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\n") {
			// Comments, including OpenCC's @tofu-risk notes on the line
			// after them, hold no entries.
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			for _, f := range strings.Fields(line) {
				n++
				hi := rune(0)
				for _, r := range f {
					hi = max(hi, r)
				}
				if hi < rune(floor) {
					t.Errorf("%s:%d: %q has no character at or above the floor U+%04X", name, i+1, f, floor)
				}
			}
		}
	}
	if n < 10000 {
		t.Errorf("only %d dictionary fields checked (source %s)", n, src.Name)
	}
}

// TestSitePhraseBelowFloor: a site phrase whose key is plain ASCII lowers
// the floor, so that text without any Chinese still meets it.
func TestSitePhraseBelowFloor(t *testing.T) {
	tb := tab(t, "t/bind.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("latin").textContent`); got != "橫瀝 Town" {
		t.Errorf("Latin text with a site phrase = %q, want %q", got, "橫瀝 Town")
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("latin").textContent`); got != "Hengli Town" {
		t.Errorf("after switching back: %q", got)
	}
}

// dictDelay holds back every dictionary response while it is non-zero.
var dictDelay atomic.Int64

// slowDictionary makes tb fetch the dictionaries anew, each held back by
// d, for the rest of the test.
func slowDictionary(t *testing.T, tb *browsertest.Tab, d time.Duration) {
	t.Helper()
	if _, err := chromedp.Call(tb.Ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	dictDelay.Store(int64(d))
	t.Cleanup(func() { dictDelay.Store(0) })
}

// TestChangesWhileTheDictionaryComes: the first switch walks the page
// while the dictionary is on its way; what the page adds or changes
// meanwhile is converted with the rest, and restored exactly.
func TestChangesWhileTheDictionaryComes(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	want := changedUnconverted(t)
	tb := tab(t, "report.html")
	slowDictionary(t, tb, 300*time.Millisecond)
	got := browsertest.Eval[[]string](tb, `(async () => {
		await yiyue.load()
		const set = yiyue.set({script: "traditional"})
		await new Promise(r => setTimeout(r, 100))
		const during = document.documentElement.lang;
		`+duringFetch+`
		await set
		return [during, document.getElementById("added").textContent, document.getElementById("added").title, document.querySelector("h1").textContent]
	})()`)
	if got[0] != "zh-CN" {
		t.Fatalf("the page was converted (lang %s) before the dictionary came: the delay did not hold", got[0])
	}
	for i, w := range []string{s2t.Convert("新增的段落：发展与改革"), s2t.Convert("后来加的提示"), s2t.Convert("标题改为：关于进一步发展的通知")} {
		if got[i+1] != w {
			t.Errorf("changed while the dictionary came: %q, want %q", got[i+1], w)
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if after := browsertest.Eval[string](tb, outer); after != want {
		t.Error("outerHTML after switching back differs from the same steps unconverted")
		diff(t, want, after)
	}
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// changedUnconverted is report.html's outerHTML after the changes of
// duringFetch, made without conversion: what the page must equal once
// switched back.
func changedUnconverted(t *testing.T) string {
	plain := tab(t, "report.html")
	browsertest.Eval[bool](plain, duringFetch)
	return browsertest.Eval[string](plain, outer)
}

// duringFetch adds a paragraph with a title and changes the heading.
const duringFetch = `(() => {
	const p = document.createElement("p")
	p.id = "added"
	p.title = "后来加的提示"
	p.textContent = "新增的段落：发展与改革"
	document.querySelector("h1").after(p)
	document.querySelector("h1").firstChild.data = "标题改为：关于进一步发展的通知"
	return true
})()`

// TestSavedChoiceFetchesEarly: a page that opens with a saved choice of
// script fetches its dictionary beside the WASM, not after it, and once.
func TestSavedChoiceFetchesEarly(t *testing.T) {
	dict, _ := env.Manifest.Lookup("s2t.dict")
	wasm, _ := env.Manifest.Lookup("yiyue.wasm")
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if _, err := chromedp.Call(tb.Ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	tb.Go("index.html")
	tb.Wait(`window.yiyue && document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	starts := browsertest.Eval[map[string][]float64](tb, `(() => {
		const e = performance.getEntriesByType("resource")
		const at = n => e.filter(x => x.name.endsWith("/" + n)).map(x => x.startTime)
		return {dict: at(`+jsString(dict.Name)+`), wasm: at(`+jsString(wasm.Name)+`)}
	})()`)
	if len(starts["dict"]) != 1 || len(starts["wasm"]) != 1 {
		t.Fatalf("requests: %v, want one dictionary and one WASM", starts)
	}
	if starts["dict"][0] > starts["wasm"][0] {
		t.Errorf("the dictionary was requested at %.1f ms, after the WASM (%.1f ms)", starts["dict"][0], starts["wasm"][0])
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
}

// frameState is everything the frames page shows: its own HTML, its shadow
// roots' and its iframe's.
const frameState = `(() => {
	const h = document.getElementById("yiyue-host"), p = h.parentNode, n = h.nextSibling
	h.remove()
	const main = document.documentElement.outerHTML
	p.insertBefore(h, n)
	const d = document.getElementById("f").contentDocument
	return [main, document.getElementById("host").shadowRoot.innerHTML, document.getElementById("host2").shadowRoot.innerHTML, d.documentElement.outerHTML]
})()`

// TestShadowRootsAndFrames: open shadow roots and same-origin iframes are
// converted with the page (text, attributes, the iframe's title), their
// skipped parts are not, and switching back restores all of it exactly.
func TestShadowRootsAndFrames(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "t/frames.html")
	tb.Wait(`(d => d && d.readyState == "complete" && d.getElementById("ip"))(document.getElementById("f").contentDocument)`, 10*time.Second)
	before := browsertest.Eval[[]string](tb, frameState)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[map[string]string](tb, `(() => {
		const r = document.getElementById("host").shadowRoot, d = document.getElementById("f").contentDocument
		return {
			p: document.getElementById("p").textContent,
			sp: r.getElementById("sp").textContent, spTitle: r.getElementById("sp").title, code: r.querySelector("code").textContent,
			ip: d.getElementById("ip").textContent, ipTitle: d.getElementById("ip").title, kbd: d.querySelector("kbd").textContent, frameTitle: d.title,
			skip: document.getElementById("skip").textContent, shadow2: document.getElementById("host2").shadowRoot.textContent,
		}
	})()`)
	for k, w := range map[string]string{
		"p": s2t.Convert("头发"), "sp": s2t.Convert("里面的头发"), "spTitle": s2t.Convert("发展"), "code": "头发",
		"ip": s2t.Convert("里面的发展"), "ipTitle": s2t.Convert("后来"), "kbd": "头发", "frameTitle": s2t.Convert("内页标题"),
		"skip": "头发不转换", "shadow2": "不转换的影子头发",
	} {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	after := browsertest.Eval[[]string](tb, frameState)
	for i, what := range []string{"the page", "the shadow root", "the skipped shadow root", "the iframe"} {
		if after[i] != before[i] {
			t.Errorf("%s differs after switching back", what)
			diff(t, before[i], after[i])
		}
	}
}

// TestSwitchAgainAfterChanges: switching back keeps what it undid, so that
// the next switch writes it again without walking the page; what the page
// changed in between, in its own tree or in a shadow root (which the
// observer does not see), is converted from its new text all the same.
func TestSwitchAgainAfterChanges(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	want := changedUnconverted(t)
	tb := tab(t, "report.html")
	h1 := browsertest.Eval[string](tb, `document.querySelector("h1").textContent`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		const h1 = () => document.querySelector("h1").textContent
		await yiyue.set({script: "traditional"})
		const first = h1()
		await yiyue.set({script: "original"})
		await yiyue.set({script: "traditional"})
		const again = h1()
		await yiyue.set({script: "original"});
		`+duringFetch+`
		await yiyue.set({script: "traditional"})
		return [first, again, h1(), document.getElementById("added").textContent, document.getElementById("added").title]
	})()`)
	for i, w := range []string{s2t.Convert(h1), s2t.Convert(h1), s2t.Convert("标题改为：关于进一步发展的通知"), s2t.Convert("新增的段落：发展与改革"), s2t.Convert("后来加的提示")} {
		if got[i] != w {
			t.Errorf("switch %d: %q, want %q", i, got[i], w)
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if after := browsertest.Eval[string](tb, outer); after != want {
		t.Error("outerHTML after switching back differs from the same steps unconverted")
		diff(t, want, after)
	}

	// Text the page adds while converted, switched back before the frame
	// that would convert it: in no record, so the next switch walks.
	late := browsertest.Eval[string](tb, `(async () => {
		await yiyue.set({script: "traditional"})
		const p = document.createElement("p")
		p.textContent = "来不及转换的头发"
		document.querySelector("h1").after(p)
		await yiyue.set({script: "original"})
		await yiyue.set({script: "traditional"})
		return p.textContent
	})()`)
	if w := s2t.Convert("来不及转换的头发"); late != w {
		t.Errorf("text added just before switching back: %q after switching again, want %q", late, w)
	}

	fr := tab(t, "t/frames.html")
	fr.Wait(`(d => d && d.readyState == "complete" && d.getElementById("ip"))(document.getElementById("f").contentDocument)`, 10*time.Second)
	sp := browsertest.Eval[string](fr, `(async () => {
		await yiyue.set({script: "traditional"})
		await yiyue.set({script: "original"})
		document.getElementById("host").shadowRoot.getElementById("sp").textContent = "后来的发展"
		await yiyue.set({script: "traditional"})
		return document.getElementById("host").shadowRoot.getElementById("sp").textContent
	})()`)
	if w := s2t.Convert("后来的发展"); sp != w {
		t.Errorf("shadow root text changed between switches: %q, want %q", sp, w)
	}
	for _, b := range []*browsertest.Tab{tb, fr} {
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	}
}

// TestSwitchesInARow makes switches that the runtime replays before the
// WASM hears of them (each was made before on the page as it is), one
// after another without waiting, between other changes: they take effect
// in the order made, each set() resolves with the state after it, and the
// page ends as the last one asked, then restores exactly.
func TestSwitchesInARow(t *testing.T) {
	s2t, s2tw := env.Converter(t, "s2t"), env.Converter(t, "s2tw")
	tb := tab(t, "report.html")
	before := browsertest.Eval[string](tb, outer)
	orig := browsertest.Eval[[]string](tb, texts)
	type run struct {
		Seen     []string `json:"seen"`
		Resolved []string `json:"resolved"`
		Lang     string   `json:"lang"`
	}
	row := func(calls string) run {
		t.Helper()
		return browsertest.Eval[run](tb, `(async () => {
			const seen = [], show = s => s.script + " " + s.variant + " " + s.zoom
			const note = e => seen.push(show(e.detail))
			document.addEventListener("yiyue:change", note)
			const resolved = (await Promise.all([`+calls+`])).map(show)
			document.removeEventListener("yiyue:change", note)
			return {seen, resolved, lang: document.documentElement.lang}
		})()`)
	}
	check := func(name string, r run, want []string, conv interface{ Convert(string) string }, lang string) {
		t.Helper()
		if strings.Join(r.Seen, ", ") != strings.Join(want, ", ") || strings.Join(r.Resolved, ", ") != strings.Join(want, ", ") {
			t.Errorf("%s: yiyue:change told %q and set() resolved with %q, want %q for both", name, r.Seen, r.Resolved, want)
		}
		if r.Lang != lang {
			t.Errorf("%s: html lang = %q, want %q", name, r.Lang, lang)
		}
		got := browsertest.Eval[[]string](tb, texts)
		bad := 0
		for i := range orig {
			w := orig[i]
			if conv != nil {
				w = conv.Convert(w)
			}
			if i >= len(got) || got[i] != w {
				if bad++; bad <= 3 && i < len(got) {
					t.Errorf("%s: text %d = %q, want %q", name, i, got[i], w)
				}
			}
		}
	}
	// Made once through the WASM, so that each can be replayed.
	row(`yiyue.set({script: "traditional"}), yiyue.set({script: "original"})`)

	r := row(`yiyue.set({script: "traditional"}), yiyue.set({script: "original"}), yiyue.set({script: "traditional"}), yiyue.set({zoom: 1.5})`)
	check("three switches and a zoom", r, []string{"traditional t 1", "original t 1", "traditional t 1", "traditional t 1.5"}, s2t, "zh-Hant")

	// A switch asked for while another call waits for its dictionary
	// waits its turn.
	r = row(`yiyue.set({script: "original"}), yiyue.set({script: "traditional", variant: "tw"}), yiyue.set({script: "original"}), yiyue.set({script: "traditional"})`)
	check("switches around a new variant", r, []string{"original t 1.5", "traditional tw 1.5", "original tw 1.5", "traditional tw 1.5"}, s2tw, "zh-TW")

	r = row(`yiyue.set({script: "original"}), yiyue.set({zoom: 1, variant: "t"})`)
	check("back", r, []string{"original tw 1.5", "original t 1"}, nil, "zh-CN")
	if after := browsertest.Eval[string](tb, outer); after != before {
		t.Error("outerHTML after switching back differs from before")
		diff(t, before, after)
	}
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestToolbarSwitchesInARow: presses of the toolbar's 简/繁 button that
// the runtime replays at once, three in a row, then one followed at once
// by an API call: each takes effect in order, the button's pressed state
// follows, and the page ends as it began.
func TestToolbarSwitchesInARow(t *testing.T) {
	tb := tab(t, "report.html")
	orig := browsertest.Eval[[]string](tb, texts)
	got := browsertest.Eval[[]string](tb, `(async () => {
		await yiyue.open()
		const btn = yiyue._b.root.querySelector("[data-id=script]")
		const settled = n => new Promise(ok => {
			const seen = []
			const note = e => { seen.push(e.detail.script + " " + e.detail.zoom); if (seen.length == n) { document.removeEventListener("yiyue:change", note); setTimeout(ok, 0, seen) } }
			document.addEventListener("yiyue:change", note)
		})
		// Made once through the WASM, so that each can be replayed.
		let s = settled(2); btn.click(); await new Promise(r => setTimeout(r, 50)); btn.click(); await s
		s = settled(3); btn.click(); btn.click(); btn.click()
		const three = await s
		s = settled(2); btn.click(); yiyue.set({zoom: 1.5})
		const two = await s
		return [...three, ...two, btn.getAttribute("aria-pressed"), document.documentElement.lang]
	})()`)
	want := []string{"traditional 1", "original 1", "traditional 1", "original 1", "original 1.5", "false", "zh-CN"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("changes, pressed state and lang = %q, want %q", got, want)
	}
	texts0 := browsertest.Eval[[]string](tb, texts)
	for i := range orig {
		if i < len(texts0) && texts0[i] != orig[i] {
			t.Errorf("text %d = %q after switching back, want %q", i, texts0[i], orig[i])
			break
		}
	}
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestAddedRightAfterReplay: text the page adds right after a switch that
// was replayed at once is converted in the next frame, which may come
// before the WASM hears of the switch (on a loaded machine it did): by
// that switch's dictionary, not by whatever the WASM last applied. The
// test replays the switch itself (rt.quick, as set() does) and tells the
// WASM only after the frame.
func TestAddedRightAfterReplay(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	const text = "后来加入的头发与发展"
	got := browsertest.Eval[[]string](tb, `(async () => {
		await yiyue.set({script: "traditional"})
		await yiyue.set({script: "original"})
		const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		if (!yiyue._b.rt.quick("traditional", "t")) return ["not replayed"]
		const p = document.createElement("p")
		p.textContent = "`+text+`"
		document.querySelector("h1").after(p)
		await frames()
		const before = p.textContent
		await yiyue.set({script: "traditional"})
		await frames()
		return [before, p.textContent, document.documentElement.lang]
	})()`)
	want := s2t.Convert(text)
	if len(got) != 3 || got[0] != want || got[1] != want || got[2] != "zh-Hant" {
		t.Errorf("text added after a replayed switch, two frames on and once the WASM heard of it, and lang: %q, want %q, %q, zh-Hant", got, want, want)
	}
}

// TestRunsParted: an element the page puts into a run while the
// dictionary is on its way parts it (the walk made meanwhile had joined
// it). Text added to an element that holds a long run of inline elements
// (hundreds of links) is converted on its own: joined, every addition
// would send all of it to the converter again.
func TestRunsParted(t *testing.T) {
	tb := tab(t, "t/split.html")
	slowDictionary(t, tb, 400*time.Millisecond)
	got := browsertest.Eval[map[string]any](tb, `(async () => {
		await yiyue.load()
		const rt = yiyue._b.rt, cp = rt.convertPage
		let sent = 0, wrapped
		rt.convertPage = (fn, ...a) => {
			if (fn && !wrapped) wrapped = s => (sent += s.length, fn(s))
			return cp(fn && wrapped, ...a)
		}
		const set = yiyue.set({script: "traditional"})
		await new Promise(r => setTimeout(r, 150))
		const p = document.getElementById("parted")
		p.insertBefore(Object.assign(document.createElement("div"), {textContent: "x"}), p.querySelector("b"))
		await set
		const parted = p.innerHTML
		sent = 0
		document.getElementById("big").append("理发")
		await `+frames+`
		rt.convertPage = cp
		return {parted, sent, added: document.getElementById("big").lastChild.data}
	})()`)
	if w := `頭<div>x</div><b>發</b>`; got["parted"] != w {
		t.Errorf("a run parted while the dictionary came: %v, want %s", got["parted"], w)
	}
	if got["added"] != "理髮" || got["sent"].(float64) > 100 {
		t.Errorf("text added to a long run: %q, with %v characters sent to the converter; want 理髮, and not the whole run again", got["added"], got["sent"])
	}
}

// TestFramesLoadedLater: a same-origin iframe added while the page is
// converted, or still loading at the switch, is converted once it has
// loaded, and restored with the page.
func TestFramesLoadedLater(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[string](tb, `new Promise(r => {
		const f = document.createElement("iframe")
		f.id = "late"
		f.src = "/t/inner.html"
		f.onload = () => requestAnimationFrame(() => setTimeout(() => r(f.contentDocument.getElementById("ip").textContent)))
		document.body.append(f)
	})`)
	if want := s2t.Convert("里面的发展"); got != want {
		t.Errorf("an iframe added while converted shows %q once loaded, want %q", got, want)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("late").contentDocument.getElementById("ip").textContent`); got != "里面的发展" {
		t.Errorf("switched back, the iframe shows %q", got)
	}
}

// TestLangSetWhileTheDictionaryComes: a lang that the page sets while the
// first dictionary is on its way, after the walk, counts at the switch:
// text marked as another language (lang="en") stays as written, and a
// region marked as Chinese (lang="zh-CN" in place of "en") is converted.
// Switching back restores the page exactly. Before, the walk's text under
// the new lang="en" was converted all the same.
func TestLangSetWhileTheDictionaryComes(t *testing.T) {
	tb := tab(t, "t/langset.html")
	before := browsertest.Eval[string](tb, outer)
	slowDictionary(t, tb, 300*time.Millisecond)
	got := browsertest.Eval[[]string](tb, `(async () => {
		await yiyue.load()
		const set = yiyue.set({script: "traditional"})
		await new Promise(r => setTimeout(r, 100))
		const during = document.documentElement.lang
		a.lang = "en"; c.lang = "zh-CN"
		await set
		return [during, a.textContent + " " + a.title, c.lang + " " + c.textContent, d.textContent]
	})()`)
	if got[0] != "zh-CN" {
		t.Fatalf("the page was converted (lang %s) before the dictionary came: the delay did not hold", got[0])
	}
	if want := []string{"发展规划 发展规划", "zh-Hant Plan: 發展規劃", "發展規劃"}; strings.Join(got[1:], "|") != strings.Join(want, "|") {
		t.Errorf("lang set while the dictionary came: %q, want %q", got[1:], want)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(a.removeAttribute("lang"), c.lang = "en", true)`)
	restored(t, tb, before, "switched back, the page's langs undone")
}
