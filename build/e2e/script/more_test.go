package script

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// pages are small test pages served under /t/: a portal written in
// Traditional, and one whose script tag binds 繁体版/简体版 links and
// names a site phrase file with a malformed second line.
var pages = map[string]string{
	"variant.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>地区用字</title>
<script src="/yiyue.js" data-variant="hk" defer></script></head><body><p id="p">台风来了，软件信息。</p></body></html>`,
	"hant.html": `<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>橫瀝鎮人民政府</title>
<script src="/yiyue.js" defer></script></head><body>
<h1>關於進一步做好政務服務工作的通知</h1>
<p title="發佈時間">各鎮街、各部門：為了統一規範辦事流程，現將有關事項通知如下。</p>
<p>經理發現這個軟體的資訊網路程式有問題，請聯繫資訊中心。</p>
<p id="hit">理髮發現</p>
</body></html>`,
	"bind.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>绑定链接</title>
<script src="/yiyue.js" data-bind-links data-phrases="/t/phrases.txt" defer></script></head><body>
<p><a id="t" href="/t/elsewhere.html">繁体版</a> | <a id="s" href="/t/elsewhere.html"> 简体版 </a> | <a id="n" href="#not-bound">繁体版说明</a></p>
<p id="p">距离市区二十公里，干部头发都白了。</p>
<p id="latin">Hengli Town</p>
</body></html>`,
	// An open shadow root and a same-origin iframe, each with text, a
	// title attribute and a skipped element; a shadow root inside a
	// skipped subtree stays as it is.
	"frames.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>框架与影子</title>
<script src="/yiyue.js" defer></script></head><body>
<p id="p">头发</p>
<div id="host"></div>
<iframe id="f" src="/t/inner.html"></iframe>
<div class="notranslate"><p id="skip">头发不转换</p><div id="host2"></div></div>
<script>
document.getElementById("host").attachShadow({mode: "open"}).innerHTML = '<p id="sp" title="发展">里面的头发</p><code>头发</code>'
document.getElementById("host2").attachShadow({mode: "open"}).innerHTML = '<p>不转换的影子头发</p>'
</script>
</body></html>`,
	// A form whose submitted values are page text (an option without a
	// value, a named submit button), beside text that is only shown, and
	// a rich-text editor in an iframe in design mode, with a draft.
	"form.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>表单</title>
<script src="/yiyue.js" defer></script></head><body>
<form id="form"><select name="city"><optgroup label="广东省"><option>广东</option><option value="sz">深圳 发展</option><option label="东莞市">东莞</option></optgroup></select>
<input type="submit" name="act" value="发表评论"><input type="submit" value="发表"><input type="button" value="头发">
<iframe id="ed" srcdoc="<p>原有的头发</p>"></iframe></form>
<script>document.getElementById("ed").onload = e => { const d = e.target.contentDocument; d.designMode = "on"; d.body.insertAdjacentHTML("beforeend", "<p>我输入的头发和发展</p>") }</script>
</body></html>`,
	// A page in design mode: all of it is an editor.
	"design.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>编辑</title>
<script src="/yiyue.js" defer></script></head><body><p id="p">原有的头发</p><script>document.designMode = "on"</script></body></html>`,
	// The form of form.html in XHTML, whose tag names are lower case.
	"form.xhtml": `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN"><head><title>表单</title><script src="/yiyue.js" defer="defer"></script></head>
<body><form id="form"><select name="city"><option>广东</option></select><input type="submit" name="act" value="发表评论"/></form><p>头发</p></body></html>`,
	// Words split by inline markup and by a comment, and text parted by
	// other elements; #add gets more while the page is converted.
	"split.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>拆开的词</title>
<script src="/yiyue.js" defer></script></head><body>
<p id="a">保持<em>干</em>净，理<!---->发店的<a href="#x" title="头发">头</a><b><i>发</i></b>。</p>
<p id="b">头<br>发，头<code>x</code>发，头<span class="notranslate">x</span>发</p>
<div id="c">理<div>发</div></div>
<p id="add"></p>
<p id="parted">头<b>发</b></p>
<p id="hit">我去理发店理发</p>
<p id="big"></p>
<script>for (let i = 0; i < 300; i++) document.getElementById("big").append(Object.assign(document.createElement("span"), {textContent: "发展"}))</script>
</body></html>`,
	"emoji.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>搜索结果</title>
<script src="/yiyue.js" defer></script></head><body>
<p id="a">📢 搜索结果：理<mark>发</mark>店</p><p id="b">𠀀理<mark>发</mark>店</p><p id="c">搜索结果：理<mark>发</mark>店</p>
</body></html>`,
	"langs.html": `<!doctype html><html lang="zh-cmn-Hans-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>头发</title>
<script src="/yiyue.js" defer></script></head><body>
<p lang="zh-CHS">头发</p><p lang="zh-MY">头发</p><p lang="zh-SG">头发</p><p lang="zh_CN">头发</p><p lang="zh-Hant-TW">頭髮</p><p lang="zh-yue">头发</p>
</body></html>`,
	"typed.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>留言</title>
<script src="/yiyue.js" defer></script></head><body>
<form><textarea placeholder="请输入您的意见" aria-label="留言内容" title="请输入留言内容">头发</textarea>
<div contenteditable aria-label="留言内容" aria-placeholder="请输入您的意见" title="头发">头发<span title="头发">头发</span></div>
<textarea class="notranslate" id="own" placeholder="头发"></textarea></form>
</body></html>`,
	"foreign.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>日本语</title>
<script src="/yiyue.js" defer></script></head><body>
<p id="ja" lang="ja">日本語：写真と説明</p><p id="en" lang="EN-us" title="头发">Hair 头发 <b>发</b></p><p id="zh" lang="zh_CN">写真说明</p>
<p id="mix">写真<span lang="ja">写真</span>写真</p><p id="und" lang="">写真</p><p id="yue" lang="yue-Hans">写真</p>
</body></html>`,
	"langset.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>语言</title>
<script src="/yiyue.js" defer></script></head><body>
<p id="a" title="发展规划">发展规划</p><p id="b">发展<span id="bs">规划</span></p><div id="c" lang="en">Plan: <span>发展规划</span></div><p id="d">发展规划</p>
</body></html>`,
	"nearest.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>最近的语言</title>
<script src="/yiyue.js" defer></script></head><body>
<div id="en" lang="en" title="头发">Plan: <span id="zs" lang="zh-CN" title="发展规划">发展规划</span> and 头发 <b title="头发">x</b> <span lang="zh_CN">发<i lang="ja">写真</i>展</span></div>
<p id="ja" lang="ja">写真<span lang="zh-Hans">写真说明</span></p>
</body></html>`,
	"nolang-hant.html": `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>關於發展規劃</title>
<script src="/yiyue.js" defer></script></head><body><p id="p">這是關於區域發展的說明，請點擊這裡查看網頁。</p></body></html>`,
	"nolang-hans.html": `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>关于发展规划</title>
<script src="/yiyue.js" defer></script></head><body><p id="p">这是关于区域发展的说明，请点击这里查看网页。</p></body></html>`,
	"enroot.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>说明</title>
<script src="/yiyue.js" defer></script></head><body><p id="p">这是关于发展的说明</p></body></html>`,
	"inner.html":     `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>内页标题</title></head><body><p id="ip" title="后来">里面的发展</p><kbd>头发</kbd></body></html>`,
	"elsewhere.html": `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>别处</title><p>别处</p>`,
	// Line 2 has no tab: reported and skipped; lines 3 and 4 still apply.
	// Line 4's key is plain ASCII.
	"phrases.txt": "干部\t幹部們\nno tab on this line\n公里\t公裏\nHengli\t橫瀝\n",
}

// testPages adds pages to the demo server, and holds back dictionaries
// for dictDelay.
func testPages(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := dictDelay.Load(); d > 0 && strings.HasSuffix(r.URL.Path, ".dict") {
			time.Sleep(time.Duration(d))
		}
		name, ok := strings.CutPrefix(r.URL.Path, "/t/")
		body, found := pages[name]
		if !ok || !found {
			h.ServeHTTP(w, r)
			return
		}
		if strings.HasSuffix(name, ".txt") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		} else if strings.HasSuffix(name, ".xhtml") {
			w.Header().Set("Content-Type", "application/xhtml+xml; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write([]byte(body))
	})
}

// tab opens a tab whose saved preferences are cleared when the test ends,
// so that one test's choice does not open the next test's pages converted.
func tab(t *testing.T, path string) *browsertest.Tab {
	t.Helper()
	tb := env.Tab(t)
	tb.Go(path)
	tb.Wait(`window.yiyue`, 10*time.Second)
	t.Cleanup(func() { browsertest.TryEval[bool](tb, `(localStorage.clear(), true)`) })
	return tb
}

// frames waits two animation frames in the page.
const frames = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`

// dynamicOps does to dynamic.html what its buttons do, with two frames
// after each step, and returns each touched element's text and title as
// the page set them and as they are two frames later.
const dynamicOps = `(async () => {
	const f = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
	const out = []
	const note = async el => { const src = [el.textContent, el.getAttribute("title")]; await f(); out.push([src, [el.textContent, el.getAttribute("title")]]) }
	await note(portalDynamic.append())
	await note(portalDynamic.append())
	await note(portalDynamic.change())
	portalDynamic.remove(); await f()
	const c = document.getElementById("more-count"); out.push([[c.dataset.src || "", null], [c.textContent, null]])
	return out
})()`

func TestDynamicContent(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	// The same steps without conversion, for the restored page to equal.
	plain := tab(t, "dynamic.html?ticker=0")
	browsertest.Eval[[][2][2]*string](plain, dynamicOps)
	want := browsertest.Eval[string](plain, outer)

	tb := tab(t, "dynamic.html?ticker=0")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	steps := browsertest.Eval[[][2][2]*string](tb, dynamicOps)
	for i, s := range steps[:3] {
		src, got := s[0], s[1]
		if *got[0] != s2t.Convert(*src[0]) {
			t.Errorf("step %d: text two frames after the page set it = %q, want %q", i, *got[0], s2t.Convert(*src[0]))
		}
		if src[1] != nil && (got[1] == nil || *got[1] != s2t.Convert(*src[1])) {
			t.Errorf("step %d: title two frames after = %s, want %q", i, deref(got[1]), s2t.Convert(*src[1]))
		}
	}
	if c := *steps[3][1][0]; c != s2t.Convert(c) || !strings.Contains(c, "顯示") {
		t.Errorf("news count after remove = %q, not converted", c)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, outer); got != want {
		t.Errorf("after switching back, dynamic.html differs from the same steps unconverted (%d vs %d bytes)", len(got), len(want))
		diff(t, want, got)
	}
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestReloadedListStaysBounded: a converted page that reloads a list
// every few seconds (100 items, 60 times) leaves removed text behind; its
// records are dropped once they pile up, after the original is written
// back into each removed node. An item the page puts back later is
// converted again, and switching back restores it exactly.
func TestReloadedListStaysBounded(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
		const ul = document.createElement("ul")
		document.querySelector(".article-body").append(ul)
		let first
		for (let round = 0; round < 60; round++) {
			const items = []
			for (let i = 0; i < 100; i++) {
				const li = document.createElement("li")
				li.textContent = "第" + round + "轮第" + i + "条：发展与改革动态"
				items.push(li)
			}
			ul.replaceChildren(...items)
			first ||= items[0]
			await frames()
		}
		const removed = first.textContent
		ul.prepend(first)
		await frames()
		const back = first.textContent
		await yiyue.set({script: "original"})
		return [removed, back, first.textContent]
	})()`)
	const src = "第0轮第0条：发展与改革动态"
	if got[0] != src {
		t.Errorf("an item the page removed 59 reloads ago holds %q, want its original %q", got[0], src)
	}
	if got[1] != s2t.Convert(src) {
		t.Errorf("put back on the converted page, it shows %q, want %q", got[1], s2t.Convert(src))
	}
	if got[2] != src {
		t.Errorf("after switching back, it shows %q, want %q", got[2], src)
	}
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// restored fails the test unless the page's outerHTML is before again
// (after says when), and logs where it first differs.
func restored(t *testing.T, tb *browsertest.Tab, before, after string) {
	t.Helper()
	if got := browsertest.Eval[string](tb, outer); got != before {
		t.Errorf("%s: outerHTML differs (%d bytes, %d before)", after, len(got), len(before))
		diff(t, before, got)
	}
}

// diff logs the first difference of two strings.
func diff(t *testing.T, a, b string) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			lo := max(0, i-80)
			t.Logf("first difference at %d:\nwant: %q\ngot:  %q", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
			return
		}
	}
}

func TestVariants(t *testing.T) {
	tb := tab(t, "report.html")
	before := browsertest.Eval[string](tb, outer)
	orig := browsertest.Eval[[]string](tb, texts)
	for _, v := range []struct{ variant, dict, lang string }{{"tw", "s2tw", "zh-TW"}, {"twp", "s2twp", "zh-TW"}, {"hk", "s2hk", "zh-HK"}} {
		c := env.Converter(t, v.dict)
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional", variant: "`+v.variant+`"})`)
		got := browsertest.Eval[[]string](tb, texts)
		if len(got) != len(orig) {
			t.Fatalf("%s: %d text nodes, %d before", v.variant, len(got), len(orig))
		}
		bad := 0
		for i := range orig {
			if want := c.Convert(orig[i]); got[i] != want {
				if bad++; bad <= 3 {
					t.Errorf("%s: text %d = %q, want %q", v.variant, i, got[i], want)
				}
			}
		}
		if l := browsertest.Eval[string](tb, `document.documentElement.lang`); l != v.lang {
			t.Errorf("%s: html lang = %q, want %s", v.variant, l, v.lang)
		}
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
		restored(t, tb, before, v.variant+", switched back")
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({variant: "t"})`)
}

func TestTraditionalPage(t *testing.T) {
	t2s := env.Converter(t, "t2s")
	tb := tab(t, "t/hant.html")
	before := browsertest.Eval[string](tb, outer)
	orig := browsertest.Eval[[]string](tb, texts)
	title := browsertest.Eval[string](tb, `document.title`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	got := browsertest.Eval[[]string](tb, texts)
	changed := 0
	for i := range orig {
		if want := t2s.Convert(orig[i]); got[i] != want {
			t.Errorf("text %d = %q, want %q", i, got[i], want)
		}
		if got[i] != orig[i] {
			changed++
		}
	}
	if changed < 3 {
		t.Errorf("only %d text nodes changed", changed)
	}
	if tt := browsertest.Eval[string](tb, `document.title`); tt != t2s.Convert(title) || tt == title {
		t.Errorf("title = %q, want %q", tt, t2s.Convert(title))
	}
	if pt := browsertest.Eval[string](tb, `document.querySelector("p").title`); pt != t2s.Convert("發佈時間") {
		t.Errorf("title attribute = %q, want %q", pt, t2s.Convert("發佈時間"))
	}
	if l := browsertest.Eval[string](tb, `document.documentElement.lang`); l != "zh-Hans" {
		t.Errorf("html lang = %q, want zh-Hans", l)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	restored(t, tb, before, "switched back")
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// click clicks an element the way a user does (a trusted click) and
// reports whether the document stayed the same (no navigation).
func click(t *testing.T, tb *browsertest.Tab, sel string) {
	t.Helper()
	browsertest.Eval[bool](tb, `(window.__same = true)`)
	r := browsertest.Eval[[]float64](tb, `(() => { const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2] })()`)
	tb.Do(chromedp.MouseClickXY(r[0], r[1]))
}

func TestPortalLinks(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	before := browsertest.Eval[string](tb, outer)
	url := browsertest.Eval[string](tb, `location.href`)
	title := browsertest.Eval[string](tb, `document.title`)
	click(t, tb, `a[data-yiyue-action="traditional"]`)
	tb.Wait(`document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	// The title follows a task after the page.
	tb.Wait(`document.title == `+jsString(s2t.Convert(title)), 2*time.Second)
	if !browsertest.Eval[bool](tb, `window.__same === true && location.href == `+jsString(url)) {
		t.Error("繁体版 navigated")
	}
	click(t, tb, `a[data-yiyue-action="simplified"]`)
	tb.Wait(`document.documentElement.lang == "zh-CN"`, 10*time.Second)
	tb.Wait(`document.title == `+jsString(title), 2*time.Second)
	if !browsertest.Eval[bool](tb, `window.__same === true && location.href == `+jsString(url)) {
		t.Error("简体版 navigated")
	}
	browsertest.Eval[bool](tb, `(delete window.__same, true)`)
	restored(t, tb, before, "after 简体版")
}

func TestBindLinksAndPhrases(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "t/bind.html")
	url := browsertest.Eval[string](tb, `location.href`)
	click(t, tb, `#t`)
	tb.Wait(`document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	if !browsertest.Eval[bool](tb, `window.__same === true && location.href == `+jsString(url)) {
		t.Error("a link reading 繁体版 navigated")
	}
	// Site phrases win over the dictionary; the rest is the dictionary's.
	p := browsertest.Eval[string](tb, `document.getElementById("p").textContent`)
	if want := "距離市區二十公裏，幹部們頭髮都白了。"; p != want {
		t.Errorf("with site phrases: %q, want %q (dictionary alone: %q)", p, want, s2t.Convert("距离市区二十公里，干部头发都白了。"))
	}
	found := false
	for _, m := range tb.Console() {
		if strings.Contains(m.Text, "data-phrases") && strings.Contains(m.Text, "line 2") {
			found = true
		}
	}
	if !found {
		t.Errorf("no console message names line 2 of the phrase file; console: %v", tb.Console())
	}
	click(t, tb, `#s`)
	tb.Wait(`document.documentElement.lang == "zh-CN"`, 10*time.Second)
	if !browsertest.Eval[bool](tb, `window.__same === true && location.href == `+jsString(url)) {
		t.Error("a link reading 简体版 navigated")
	}
	// A link whose text only contains 繁体版 stays a link.
	click(t, tb, `#n`)
	tb.Wait(`location.hash == "#not-bound"`, 5*time.Second)
	browsertest.Eval[bool](tb, frames)
	if l := browsertest.Eval[string](tb, `document.documentElement.lang`); l != "zh-CN" {
		t.Errorf("繁体版说明 switched the page (lang %q)", l)
	}
}

func TestChoicePersists(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	dict, _ := env.Manifest.Lookup("s2t.dict")
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	tb.Go("index.html")
	tb.Wait(`window.yiyue && document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	// The title follows a task after the page.
	title := browsertest.Eval[string](tb, `document.title`)
	for end := time.Now().Add(2 * time.Second); title != s2t.Convert(title) && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		title = browsertest.Eval[string](tb, `document.title`)
	}
	if title != s2t.Convert(title) {
		t.Errorf("next page's title %q is not converted", title)
	}
	e := browsertest.Eval[[]float64](tb, `performance.getEntriesByType("resource").filter(e => e.name.endsWith("/`+dict.Name+`")).map(e => e.transferSize)`)
	if len(e) != 1 || e[0] != 0 {
		t.Errorf("next page's s2t dictionary transfer sizes %v, want [0] (from the HTTP cache)", e)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if l := browsertest.Eval[string](tb, `document.documentElement.lang`); l != "zh-CN" {
		t.Errorf("lang after switching back = %q, want zh-CN", l)
	}
}

// TestChoiceKeptOnTraditionalPage: a reader who chose 繁體 and opens a
// page written in Traditional keeps the choice: that page shows its own
// text, its 简体 button is not pressed, and after a change made there
// (a text size) the site's next Simplified page still opens in 繁體.
// Before, the page's own script stood for the choice and was saved over
// it.
func TestChoiceKeptOnTraditionalPage(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	tb.Go("t/hant.html")
	tb.Wait(`window.yiyue`, 10*time.Second)
	// A page already in the script chosen is shown at once, and starts
	// nothing.
	browsertest.Eval[bool](tb, frames)
	if got := browsertest.Eval[string](tb, `getComputedStyle(document.body).opacity + " " + performance.getEntriesByType("resource").filter(e => /\.(wasm|js)$/.test(e.name) && !e.name.endsWith("/yiyue.js")).length`); got != "1 0" {
		t.Errorf("on a page already in 繁體 the body's opacity and the widget's files fetched beyond the loader: %s, want 1 0", got)
	}
	before := browsertest.Eval[string](tb, outer)
	st := browsertest.Eval[map[string]any](tb, `yiyue.load().then(() => yiyue.open()).then(() => yiyue.set({zoom: 1.5}))`)
	if st["script"] != "traditional" {
		t.Errorf("on a Traditional page the reader's choice reads %v, want traditional", st["script"])
	}
	b := browsertest.Eval[[]string](tb, `(b => [b.textContent.trim(), b.getAttribute("aria-pressed")])(document.getElementById("yiyue-host").shadowRoot.querySelector("[data-id=script]"))`)
	if b[0] != "簡體" || b[1] != "false" {
		t.Errorf("on a Traditional page the script button is %q, pressed %s; want 簡體, not pressed", b[0], b[1])
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({zoom: 1})`)
	if after := browsertest.Eval[string](tb, outer); after != before {
		t.Error("the Traditional page was changed")
		diff(t, before, after)
	}
	// A look at the page in 简体 with the toolbar's button, and back with
	// the same button: 繁體 is still the choice for the site's pages.
	for _, want := range []string{"simplified", "traditional"} {
		browsertest.Eval[bool](tb, `document.getElementById("yiyue-host").shadowRoot.querySelector("[data-id=script]").click(), true`)
		tb.Wait(fmt.Sprintf(`yiyue.get().script == %q`, want), 10*time.Second)
	}
	if after := browsertest.Eval[string](tb, outer); after != before {
		t.Error("the Traditional page, converted and back, was changed")
		diff(t, before, after)
	}
	tb.Go("report.html")
	tb.Wait(`window.yiyue && document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	if s := browsertest.Eval[string](tb, `yiyue.get().script`); s != "traditional" {
		t.Errorf("back on a Simplified page the choice is %q", s)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
}

// TestNextPageOpensConverted: with 繁體 chosen, the next page opens
// converted: no frame shows it in its own script (the loader hides it till
// Go has converted it), and it is shown once converted, well before the
// loader's 3 s cap. The page can move focus meanwhile.
func TestNextPageOpensConverted(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if _, err := chromedp.Call(tb.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		const f = window.__frames = []
		// The page fades itself in, as some portals do.
		const s = new CSSStyleSheet()
		s.replaceSync("@keyframes fade-in { from { opacity: 0.5 } to { opacity: 1 } } body { animation: fade-in 2s }")
		document.adoptedStyleSheets = [s]
		const tick = () => {
			const b = document.body
			if (b) f.push([performance.now(), getComputedStyle(b).opacity != "0", b.textContent.includes("明珠湾区"), b.textContent.includes("明珠灣區"), getComputedStyle(b).pointerEvents])
			if (f.length < 600) requestAnimationFrame(tick)
		}
		requestAnimationFrame(tick)
		// The page's own focus() works while it is hidden.
		document.addEventListener("DOMContentLoaded", () => {
			const q = document.querySelector("input[placeholder]")
			q.focus()
			window.__focused = document.activeElement == q
		})
	})()`}); err != nil {
		t.Fatal(err)
	}
	tb.Go("index.html")
	tb.Wait(`window.yiyue && document.documentElement.lang == "zh-Hant"`, 10*time.Second)
	browsertest.Eval[bool](tb, frames)
	fr := browsertest.Eval[[][]any](tb, `window.__frames`)
	shown := -1.0
	for _, f := range fr {
		at, visible, simp, trad := f[0].(float64), f[1].(bool), f[2].(bool), f[3].(bool)
		if visible && simp {
			t.Fatalf("a frame %.0f ms into the page shows it in 简体", at)
		}
		if !visible && f[4] != "none" {
			t.Fatalf("a frame %.0f ms into the page hides it, but a click would land on it (pointer-events %v)", at, f[4])
		}
		if visible && trad && shown < 0 {
			shown = at
		}
	}
	if shown < 0 || shown > 2000 {
		t.Errorf("the converted page was first shown at %.0f ms (%d frames), want within 2 s", shown, len(fr))
	}
	t.Logf("the converted page was first shown %.0f ms into it", shown)
	if !browsertest.Eval[bool](tb, `window.__focused`) {
		t.Error("the page's own focus() at DOMContentLoaded, while it was hidden, did not take")
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
}

func deref(s *string) string {
	if s == nil {
		return "none"
	}
	return strconv.Quote(*s)
}

func jsString(s string) string { return "`" + strings.ReplaceAll(s, "`", "") + "`" }

// TestSiteVariant: data-variant on the script tag sets the default
// Traditional variant, and reset() goes back to it.
func TestSiteVariant(t *testing.T) {
	tb := tab(t, "/t/variant.html")
	if v := browsertest.Eval[string](tb, `yiyue.get().variant`); v != "hk" {
		t.Fatalf("variant before load = %q, want hk", v)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if lang := browsertest.Eval[string](tb, `document.documentElement.lang`); lang != "zh-HK" {
		t.Errorf("lang = %q, want zh-HK", lang)
	}
	want := env.Converter(t, "s2hk").Convert("台风来了，软件信息。")
	if got := browsertest.Eval[string](tb, `document.getElementById("p").textContent`); got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	st := browsertest.Eval[map[string]any](tb, `yiyue.set({variant: "tw"}).then(() => yiyue.reset())`)
	if st["variant"] != "hk" || st["script"] != "original" {
		t.Errorf("after reset: %v, want variant hk and the original script", st)
	}
}

// TestTitleWrittenLater: the page's <title> follows the rest of the page a
// task later. A title the page writes while ours is on its way (right
// after the page pass, in a microtask) wins, is converted like any
// dynamic text, and is what switching back restores.
func TestTitleWrittenLater(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	title := browsertest.Eval[string](tb, `document.title`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if tt := browsertest.Eval[string](tb, `document.title`); tt != s2t.Convert(title) {
		t.Errorf("once set() settled: document.title %q, want %q", tt, s2t.Convert(title))
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)

	// The page writes into the title's text node, or replaces it.
	for i, write := range []string{`document.querySelector("title").firstChild.data = %q`, `document.title = %q`} {
		own := fmt.Sprintf("办事指南里面的头发%d", i)
		want := s2t.Convert(own)
		// Dynamic text is converted in the next animation frame, which a
		// loaded machine may delay: the title is read until it is the
		// converted one, for 2 s at most.
		got := browsertest.Eval[string](tb, `new Promise(ok => {
			const mo = new MutationObserver(() => { mo.disconnect(); queueMicrotask(() => { `+fmt.Sprintf(write, own)+` }) })
			mo.observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]})
			const t0 = performance.now(), look = () => document.title == `+strconv.Quote(want)+` || performance.now() - t0 > 2000 ? ok(document.title) : setTimeout(look, 20)
			yiyue.set({script: "traditional"}).then(() => setTimeout(look, 100))
		})`)
		if got != want {
			t.Errorf("%s during the switch: document.title %q, want %q", write, got, want)
		}
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
		if tt := browsertest.Eval[string](tb, `document.title`); tt != own {
			t.Errorf("%s, then back: document.title %q, want the page's own %q", write, tt, own)
		}
	}
}

// TestSettlesAfterTitle: set() settles once the title is written, however
// the switch was made (through the WASM, or replayed at once) and from
// however deep a chain of timers it was asked for, where the title's own
// timer waits 4 ms.
func TestSettlesAfterTitle(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	title := browsertest.Eval[string](tb, `document.title`)
	for round := 1; round <= 2; round++ {
		for _, c := range []struct{ script, want string }{{"traditional", s2t.Convert(title)}, {"original", title}} {
			got := browsertest.Eval[string](tb, `(async () => {
				const nest = (n, f) => n ? setTimeout(() => nest(n - 1, f)) : f()
				await new Promise((ok, no) => nest(8, () => yiyue.set({script: "`+c.script+`"}).then(ok, no)))
				return document.title
			})()`)
			if got != c.want {
				t.Errorf("round %d, %s: document.title %q once set() settled, want %q", round, c.script, got, c.want)
			}
		}
	}
}

// TestSwitchNeedsNoPageStylesheet: the page stylesheet holds the view
// aids only (zoom, spacing, links, cursor, contrast). A reader who only
// switches script does not download it, and set() resolves without
// waiting for it; the first aid fetches it, once, however many changes
// come while it is on its way.
func TestSwitchNeedsNoPageStylesheet(t *testing.T) {
	css, _ := env.Manifest.Lookup("page.css")
	tb := tab(t, "report.html")
	fetched := func() int {
		return browsertest.Eval[int](tb, `performance.getEntriesByType("resource").filter(e => e.name.endsWith("/`+css.Name+`")).length`)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional", variant: "tw"})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original", rate: 1.5})`)
	browsertest.Eval[bool](tb, frames)
	if n := fetched(); n != 0 {
		t.Errorf("switching script fetched the page stylesheet %d times, want 0", n)
	}
	browsertest.Eval[bool](tb, `Promise.all([yiyue.set({zoom: 2}), yiyue.set({links: true}), yiyue.set({contrast: "yellow-on-black"})]).then(() => true)`)
	if n := fetched(); n != 1 {
		t.Errorf("the first aids fetched the page stylesheet %d times, want 1", n)
	}
	if got := browsertest.Eval[string](tb, `getComputedStyle(document.querySelector(".article-body p")).color`); got != "rgb(255, 255, 0)" {
		t.Errorf("text colour %s after set() resolved, want the scheme's rgb(255, 255, 0)", got)
	}
}

// TestFormsSubmitWhatThePageSet: switching a form to Traditional shows its
// labels converted but submits what the page set (an option without a
// value submits its text, a named submit button its value), and leaves a
// draft in a design-mode editor as the reader typed it; switching back
// restores the form exactly.
func TestFormsSubmitWhatThePageSet(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "t/form.html")
	tb.Wait(`(d => d && d.designMode == "on" && d.body.children.length == 2)(document.getElementById("ed").contentDocument)`, 10*time.Second)
	const look = `(() => {
		const f = document.getElementById("form"), o = [...f.querySelectorAll("option")], d = document.getElementById("ed").contentDocument
		const fd = new FormData(f, f.querySelector("[name=act]"))
		return {
			submitted: JSON.stringify([...fd]),
			shown: o.map(x => x.label).join("|"), group: f.querySelector("optgroup").label,
			buttons: [...f.querySelectorAll("input")].map(x => x.value).join("|"),
			draft: d.body.textContent, html: f.outerHTML, draftHTML: d.body.innerHTML,
		}
	})()`
	before := browsertest.Eval[map[string]string](tb, look)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[map[string]string](tb, look)
	for k, w := range map[string]string{
		"submitted": before["submitted"],
		"shown":     s2t.Convert("广东|深圳 发展|东莞市"),
		"group":     s2t.Convert("广东省"),
		"buttons":   "发表评论|" + s2t.Convert("发表") + "|" + s2t.Convert("头发"),
		"draft":     before["draft"],
	} {
		if got[k] != w {
			t.Errorf("converted: %s = %q, want %q", k, got[k], w)
		}
	}
	// The page renames the first option and adds one, while converted.
	got = browsertest.Eval[map[string]string](tb, `(async () => {
		const s = document.querySelector("select")
		s.options[0].textContent = "广州"
		s.querySelector("optgroup").append(new Option("佛山"))
		await `+frames+`
		return {shown: [...s.options].map(x => x.label).join("|"), submitted: JSON.stringify([...new FormData(document.getElementById("form"))])}
	})()`)
	if w := s2t.Convert("广州|深圳 发展|东莞市|佛山"); got["shown"] != w {
		t.Errorf("after the page's changes the options show %q, want %q", got["shown"], w)
	}
	if w := `[["city","广州"]]`; got["submitted"] != w {
		t.Errorf("after the page's changes the form submits %s, want %s", got["submitted"], w)
	}
	browsertest.Eval[bool](tb, `(s => (s.options[0].textContent = "广东", s.options[3].remove(), true))(document.querySelector("select"))`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	after := browsertest.Eval[map[string]string](tb, look)
	for _, k := range []string{"html", "draftHTML", "submitted"} {
		if after[k] != before[k] {
			t.Errorf("switched back: %s differs", k)
			diff(t, before[k], after[k])
		}
	}
}

// TestWordsSplitByMarkup: a word split by inline markup or a comment is
// converted as OpenCC converts the text as read (保持<em>干</em>净 is
// 保持乾淨, not 保持幹淨), each part staying in its node; other elements
// part text. Text the page adds while converted is joined the same way.
// Switching back restores every node exactly. A conversion that changes
// lengths (s2twp) converts node by node.
func TestWordsSplitByMarkup(t *testing.T) {
	tb := tab(t, "t/split.html")
	const look = `[...document.querySelectorAll("#a,#b,#c,#add")].map(e => e.innerHTML)`
	before := browsertest.Eval[[]string](tb, look)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		document.getElementById("add").append("理", Object.assign(document.createElement("b"), {textContent: "发"}), "师")
		await `+frames+`
		return `+look+`
	})()`)
	want := []string{
		`保持<em>乾</em>淨，理<!---->髮店的<a href="#x" title="頭髮">頭</a><b><i>髮</i></b>。`,
		`頭<br>發，頭<code>x</code>發，頭<span class="notranslate">x</span>發`,
		`理<div>發</div>`,
		`理<b>髮</b>師`,
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("s2t: %s, want %s", got[i], want[i])
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(document.getElementById("add").textContent = "", true)`)
	if after := browsertest.Eval[[]string](tb, look); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("switched back:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	s2twp := env.Converter(t, "s2twp")
	if s2twp.Aligned() {
		t.Fatal("s2twp is aligned: this test's last part proves nothing")
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional", variant: "twp"})`)
	if got, want := browsertest.Eval[string](tb, `document.querySelector("#a em").textContent + document.querySelector("#a i").textContent`), s2twp.Convert("干")+s2twp.Convert("发"); got != want {
		t.Errorf("s2twp: the split words' parts are %q, want each converted alone: %q", got, want)
	}
}

// TestHighlightWhileConverted: a page that wraps a word of the converted
// text in <mark> (its own search, splitText underneath), or takes the
// mark away again and joins the text (normalize), leaves text that is
// still the widget's: switching back restores it exactly.
func TestHighlightWhileConverted(t *testing.T) {
	tb := tab(t, "t/split.html")
	const look = `document.getElementById("hit").innerHTML`
	// mark wraps the first 髮 in a <mark>; unmark takes it away and joins.
	const mark = `(() => {
		const t = document.getElementById("hit").firstChild, i = Math.max(t.data.indexOf("髮"), t.data.indexOf("发")), r = new Range()
		r.setStart(t, i), r.setEnd(t, i + 1), r.surroundContents(document.createElement("mark"))
		return document.getElementById("hit").innerHTML
	})()`
	const unmark = `(() => {
		const p = document.getElementById("hit"), m = p.querySelector("mark")
		m.replaceWith(...m.childNodes), p.normalize()
		return p.childNodes.length + " " + p.innerHTML
	})()`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, mark); got != "我去理<mark>髮</mark>店理髮" {
		t.Fatalf("marked: %s", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got, want := browsertest.Eval[string](tb, look), "我去理<mark>发</mark>店理发"; got != want {
		t.Errorf("marked while converted, then switched back: %s, want %s", got, want)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, unmark); got != "1 我去理髮店理髮" {
		t.Fatalf("unmarked: %s", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got, want := browsertest.Eval[string](tb, look), "我去理发店理发"; got != want {
		t.Errorf("unmarked and joined while converted, then switched back: %s, want %s", got, want)
	}
	// As mark.js does it: split twice, and a new <mark> with the same text
	// in place of the middle node.
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[string](tb, `(() => {
		const t = document.getElementById("hit").firstChild, i = t.data.indexOf("髮")
		const mid = t.splitText(i), m = document.createElement("mark")
		mid.splitText(1)
		m.textContent = mid.data
		mid.parentNode.replaceChild(m, mid)
		return ""
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got, want := browsertest.Eval[string](tb, look), "我去理<mark>发</mark>店理发"; got != want {
		t.Errorf("marked as mark.js does while converted, then switched back: %s, want %s", got, want)
	}

	// On a Traditional page, t2s writes 发 for both 髮 and 發: a 发 taken
	// out of 理发发现 may have been either. Switching back restores it, or
	// leaves the page's text as the page made it; it never swaps them.
	tb = tab(t, "t/hant.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	browsertest.Eval[string](tb, mark)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, look); got != "理<mark>髮</mark>發現" && got != "理<mark>发</mark>发现" {
		t.Errorf("marked on a Traditional page while simplified, then switched back: %s", got)
	}
}

// TestEditorsAndXHTMLKeepTheirText: a page in design mode is an editor:
// switching converts nothing in it, neither its text nor what is typed
// into it after. In XHTML, whose tag names are lower case, a form sends
// what the page set, as in HTML.
func TestEditorsAndXHTMLKeepTheirText(t *testing.T) {
	tb := tab(t, "t/design.html")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[string](tb, `(async () => {
		document.body.append(Object.assign(document.createElement("p"), {textContent: "我输入的发展"}))
		await `+frames+`
		return document.body.innerText
	})()`)
	if got != "原有的头发\n\n我输入的发展" && got != "原有的头发\n我输入的发展" {
		t.Errorf("the editor's text after switching and typing: %q", got)
	}
	tb = tab(t, "t/form.xhtml")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	sent := browsertest.Eval[string](tb, `(f => JSON.stringify([...new FormData(f, f.querySelector("[name=act]"))]))(document.getElementById("form"))`)
	if want := `[["city","广东"],["act","发表评论"]]`; sent != want {
		t.Errorf("the XHTML form sends %s, want %s", sent, want)
	}
	if p := browsertest.Eval[string](tb, `document.querySelector("p").textContent`); p != env.Converter(t, "s2t").Convert("头发") {
		t.Errorf("the XHTML page's text is %q: not converted", p)
	}
}

// TestScriptButtonForgetsAfterReset: the script button's way back goes to
// the choice its own press converted the page from, and to nothing older:
// after 恢复默认 and 繁体版, its press shows the page as written
// (original), not a 简体 chosen before the reset.
func TestScriptButtonForgetsAfterReset(t *testing.T) {
	tb := tab(t, "report.html")
	const button = `document.getElementById("yiyue-host").shadowRoot.querySelector("[data-id=script]").click(), true`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	browsertest.Eval[map[string]any](tb, `yiyue.open()`)
	browsertest.Eval[bool](tb, button)
	tb.Wait(`yiyue.get().script == "traditional"`, 10*time.Second)
	browsertest.Eval[map[string]any](tb, `yiyue.reset()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, button)
	tb.Wait(`yiyue.get().script != "traditional"`, 10*time.Second)
	if s := browsertest.Eval[string](tb, `yiyue.get().script`); s != "original" {
		t.Errorf("after 恢复默认 and 繁体版, the script button set %q, want original", s)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.reset()`)
}

// TestSpokenAttributesConvert: what a screen reader speaks of an element
// besides its text (a slider's aria-valuetext, a region's
// aria-roledescription, a field's aria-placeholder, a header cell's abbr)
// is converted with the page, and restored exactly.
func TestSpokenAttributesConvert(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "report.html")
	attrs := []string{"aria-valuetext", "aria-roledescription", "aria-placeholder", "abbr"}
	browsertest.Eval[bool](tb, `(() => {
		const d = document.createElement("div")
		d.innerHTML = '<div role="slider" aria-valuenow="3" aria-valuetext="第三档发展"></div><section aria-roledescription="幻灯片"></section><div role="textbox" aria-placeholder="请输入关键词"></div><table><tr><th abbr="发布时间">发布时间（北京时间）</th></tr></table>'
		document.body.append(d)
		return true
	})()`)
	read := `["aria-valuetext", "aria-roledescription", "aria-placeholder", "abbr"].map(a => document.querySelector("[" + a + "]").getAttribute(a))`
	before := browsertest.Eval[[]string](tb, read)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, read)
	for i, a := range attrs {
		if want := s2t.Convert(before[i]); got[i] != want || got[i] == before[i] {
			t.Errorf("%s = %q in 繁體, want %q", a, got[i], want)
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, read); strings.Join(got, "|") != strings.Join(before, "|") {
		t.Errorf("switched back: %q, want %q", got, before)
	}
}

// TestLocaleLangFollows: a CMS's lang="zh_CN" (a locale) and a page's
// zh-cmn-Hans name Chinese too: they follow the conversion, so that a
// screen reader reads 繁體 as such, and come back exactly.
func TestLocaleLangFollows(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		for (const l of ["zh_CN", "zh-cmn-Hans"]) document.body.appendChild(Object.assign(document.createElement("p"), {lang: l, textContent: "发展"}))
		return true
	})()`)
	read := `[...document.querySelectorAll("body > p[lang]")].slice(-2).map(p => p.getAttribute("lang"))`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[[]string](tb, read); got[0] != "zh-Hant" || got[1] != "zh-Hant" {
		t.Errorf("lang in 繁體: %q, want zh-Hant for both", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, read); got[0] != "zh_CN" || got[1] != "zh-cmn-Hans" {
		t.Errorf("lang switched back: %q, want [zh_CN zh-cmn-Hans]", got)
	}
}

// TestLateMarksKeepPageText: what the page marks as its own after the
// text was walked stays the page's: content given .notranslate or
// translate=no between two switches is not converted by the second (which
// replays the first's record), and an editor started on converted text
// gets its original back at once, so that the reader edits, and sends,
// what the page wrote.
func TestLateMarksKeepPageText(t *testing.T) {
	tb := tab(t, "report.html")
	ps := `[...document.querySelectorAll(".article-body p")].slice(0, 4)`
	orig := browsertest.Eval[[]string](tb, ps+`.map(p => p.textContent)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(() => { const p = `+ps+`; p[0].classList.add("notranslate"); p[1].setAttribute("translate", "no"); return true })()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, ps+`.map(p => p.textContent)`)
	for i := 0; i < 2; i++ {
		if got[i] != orig[i] {
			t.Errorf("paragraph %d, marked the page's own between two switches, was converted: %.40q", i, got[i])
		}
	}
	if got[2] == orig[2] {
		t.Fatalf("paragraph 2 was not converted: %.40q", got[2])
	}
	// An editor starts on paragraph 2 while the page shows 繁體.
	ed := browsertest.Eval[string](tb, `new Promise(r => {
		const p = `+ps+`[2]
		p.setAttribute("contenteditable", "true")
		requestAnimationFrame(() => setTimeout(() => r(p.textContent)))
	})`)
	if ed != orig[2] {
		t.Errorf("an editor started on converted text shows %.40q, want the page's %.40q", ed, orig[2])
	}
	browsertest.Eval[bool](tb, `(`+ps+`[2].append("我输入的头发"), true)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	got = browsertest.Eval[[]string](tb, ps+`.map(p => p.textContent)`)
	if got[2] != orig[2]+"我输入的头发" || got[3] != orig[3] {
		t.Errorf("switched back: the editor holds %.60q, want the page's text and what was typed", got[2])
	}
}

// TestPageEditsOfConvertedText: a page that edits converted text in place
// (a countdown's seconds, a counter) leaves the rest of it ours: switched
// back, the text is the page's original with the page's new part, not
// 繁體 on a 简体 page.
func TestPageEditsOfConvertedText(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		for (const [id, t] of [["cd", "剩余时间：10秒"], ["ct", "已选择 3 项干部"], ["cs", "剩余10秒"], ["cf", "剩余时间：１０秒"]]) document.body.appendChild(Object.assign(document.createElement("p"), {id, textContent: t}))
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `new Promise(r => {
		for (const id of ["cd", "ct", "cs"]) { const n = document.getElementById(id).firstChild; n.data = n.data.replace(/\d+/, id == "ct" ? "4" : "9") }
		const f = document.getElementById("cf").firstChild
		f.data = f.data.replace("１０", "９")
		requestAnimationFrame(() => setTimeout(() => r(["cd", "ct", "cs", "cf"].map(id => document.getElementById(id).textContent))))
	})`)
	if got[0] != "剩餘時間：9秒" || got[1] != "已選擇 4 項幹部" || got[2] != "剩餘9秒" || got[3] != "剩餘時間：９秒" {
		t.Errorf("edited while converted: %q, want [剩餘時間：9秒 已選擇 4 項幹部 剩餘9秒 剩餘時間：９秒]", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["cd", "ct", "cs", "cf"].map(id => document.getElementById(id).textContent)`); got[0] != "剩余时间：9秒" || got[1] != "已选择 4 项干部" || got[2] != "剩余9秒" || got[3] != "剩余时间：９秒" {
		t.Errorf("switched back: %q, want [剩余时间：9秒 已选择 4 项干部 剩余9秒 剩余时间：９秒]", got)
	}
}

// TestCopiesOfConvertedText: a copy the page makes of converted text
// while converted (a marquee's second copy, by innerHTML, made once the
// page has loaded) goes back to the original with the text it copies.
func TestCopiesOfConvertedText(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		const d = document.createElement("div")
		d.innerHTML = '<ul id="m1"><li><a href="#" title="头发和发展的新闻">头发和发展的新闻</a><span>（2024年）</span></li><li><a href="#">区政府召开常务会议</a><img alt="区政府召开常务会议" src="data:,"></li></ul><ul id="m2"></ul>'
		document.body.append(d)
		return true
	})()`)
	want := browsertest.Eval[string](tb, `document.getElementById("m1").innerHTML`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		document.getElementById("m2").innerHTML = document.getElementById("m1").innerHTML
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["m1", "m2"].map(id => document.getElementById(id).innerHTML)`); got[0] != want || got[1] != want {
		t.Errorf("switched back, the marquee and its copy are\n%s\n%s\nwant both\n%s", got[0], got[1], want)
	}
}

// TestPageTextOverConverted: a page that writes its own text over text
// of ours, sharing characters with it (后 and 台 are 繁體 too), keeps its
// text when switched back, not a mix of it and our originals.
func TestPageTextOverConverted(t *testing.T) {
	tb := tab(t, "t/hant.html")
	browsertest.Eval[bool](tb, `(() => {
		for (const [id, t] of [["a", "以後的事"], ["b", "臺北天氣：晴"]]) document.body.appendChild(Object.assign(document.createElement("p"), {id, textContent: t}))
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	if got := browsertest.Eval[[]string](tb, `["a", "b"].map(id => document.getElementById(id).textContent)`); got[0] != "以后的事" || got[1] != "台北天气：晴" {
		t.Fatalf("converted: %q, want [以后的事 台北天气：晴]", got)
	}
	browsertest.Eval[bool](tb, `new Promise(r => {
		document.getElementById("a").firstChild.data = "皇后的事"
		document.getElementById("b").firstChild.data = "台北天氣：雨"
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["a", "b"].map(id => document.getElementById(id).textContent)`); got[0] != "皇后的事" || got[1] != "台北天氣：雨" {
		t.Errorf("switched back: %q, want the page's [皇后的事 台北天氣：雨]", got)
	}
}

// TestPageTextLikeOurs: what the page adds while converted, with its own
// text beside text the same as some of ours (a language menu's 繁體中文
// beside its 简体中文), is not taken for a copy of ours.
func TestPageTextLikeOurs(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		document.body.appendChild(Object.assign(document.createElement("p"), {id: "name", textContent: "繁体中文"}))
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		const n = document.createElement("nav")
		n.id = "menu"
		n.innerHTML = '<a href="#">简体中文</a> <a href="#">繁體中文</a> <a href="#">English</a>'
		document.body.append(n)
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["name", "menu"].map(id => document.getElementById(id).textContent)`); got[0] != "繁体中文" || got[1] != "简体中文 繁體中文 English" {
		t.Errorf("switched back: %q, want [繁体中文 简体中文 繁體中文 English]", got)
	}
}

// TestTypedTextNotACopy: what a reader types in an editor on a converted
// page, the same as some converted text, stays as typed after the editor
// ends and the page is switched back: it is not a copy of ours.
func TestTypedTextNotACopy(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		for (const [id, t] of [["a", "头发和发展"], ["e", "区政府"]]) document.body.appendChild(Object.assign(document.createElement("p"), {id, textContent: t}))
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	frame := `new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true))))`
	browsertest.Eval[bool](tb, `(document.getElementById("e").contentEditable = "true", `+frame+`)`)
	browsertest.Eval[bool](tb, `(document.getElementById("e").textContent = "頭髮和發展", `+frame+`)`)
	browsertest.Eval[bool](tb, `(document.getElementById("e").removeAttribute("contenteditable"), `+frame+`)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["a", "e"].map(id => document.getElementById(id).textContent)`); got[0] != "头发和发展" || got[1] != "頭髮和發展" {
		t.Errorf("switched back: %q, want [头发和发展 頭髮和發展] (the reader's typing as typed)", got)
	}
}

// TestTextBuiltFromOurs: text the page builds while converted from its
// own and converted text (a breadcrumb's 当前位置： and the menu item's
// text it reads) is all in the page's script after switching back, in
// either direction.
func TestTextBuiltFromOurs(t *testing.T) {
	for _, c := range []struct {
		page, to, item, head, want string
	}{
		{"report.html", "traditional", "发展规划", "当前位置：", "当前位置：发展规划"},
	} {
		tb := tab(t, c.page)
		browsertest.Eval[bool](tb, `(document.body.appendChild(Object.assign(document.createElement("a"), {id: "item", href: "#", textContent: "`+c.item+`"})), true)`)
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "`+c.to+`"})`)
		// One breadcrumb added, one patched in place (as a framework
		// updates a text node it has).
		browsertest.Eval[bool](tb, `new Promise(r => {
			document.body.appendChild(Object.assign(document.createElement("p"), {id: "patched", textContent: "`+c.head+`"}))
			requestAnimationFrame(() => setTimeout(() => r(true)))
		})`)
		browsertest.Eval[bool](tb, `new Promise(r => {
			const item = document.getElementById("item").textContent
			document.body.appendChild(Object.assign(document.createElement("p"), {id: "crumb", textContent: "`+c.head+`" + item}))
			document.getElementById("patched").firstChild.data = "`+c.head+`" + item
			requestAnimationFrame(() => setTimeout(() => r(true)))
		})`)
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
		if got := browsertest.Eval[[]string](tb, `["item", "crumb", "patched"].map(id => document.getElementById(id).textContent)`); got[0] != c.item || got[1] != c.want || got[2] != c.want {
			t.Errorf("%s, switched back from %s: %q, want [%s %s %[5]s]", c.page, c.to, got, c.item, c.want)
		}
	}
}

// TestTextBuiltFromOursKeptAsIs: text the page builds while converted
// from its own text, which the conversion leaves as it is (您正在查看：,
// 【新消息】), and converted text it reads (a menu item's 發展規劃, a
// title) is all in the page's script after switching back, added, put in
// an element of its own (a ticker's textContent) or patched in place. A
// 繁體 word that the page writes itself (its language menu's 繁體中文)
// stays as the page wrote it, in what it builds too.
func TestTextBuiltFromOursKeptAsIs(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		document.body.insertAdjacentHTML("beforeend", '<a id="item" href="#">发展规划</a><h2 id="title">区政府召开常务会议</h2><p id="patched">您正在查看：</p><p id="ticker">【新消息】</p><p id="lang">繁体中文</p><nav><a href="#">简体中文</a> <a href="#">繁體中文</a></nav>')
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		const item = document.getElementById("item").textContent, title = document.getElementById("title").textContent
		document.body.appendChild(Object.assign(document.createElement("p"), {id: "crumb", textContent: "您正在查看：" + item}))
		document.getElementById("patched").firstChild.data = "您正在查看：" + item
		document.getElementById("ticker").textContent = "【新消息】" + title
		document.body.appendChild(Object.assign(document.createElement("p"), {id: "own", textContent: "本站提供繁體中文版本"}))
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	ids := []string{"item", "crumb", "patched", "ticker", "own"}
	want := []string{"发展规划", "您正在查看：发展规划", "您正在查看：发展规划", "【新消息】区政府召开常务会议", "本站提供繁體中文版本"}
	got := browsertest.Eval[[]string](tb, `["item", "crumb", "patched", "ticker", "own"].map(id => document.getElementById(id).textContent)`)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("switched back, #%s shows %q, want %q", ids[i], got[i], want[i])
		}
	}
}

// TestRewrittenFromOurs: content the page rewrites with innerHTML from
// converted text (a keyword highlighter's
// el.innerHTML = el.textContent.replace(kw, "<mark>$&</mark>"), or the
// same on innerHTML, which keeps a link and its title) goes back to the
// page's original text after switching back, cut where the page cut it;
// text the page adds of its own to it stays as it wrote it.
func TestRewrittenFromOurs(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		document.body.insertAdjacentHTML("beforeend", '<p id="h1">区政府召开常务会议</p><p id="h2">关于<a href="#">发展规划</a>的通知</p><p id="h3">繁体中文</p><p id="h4">关于<a href="#" title="发展规划">发展规划</a>的通知</p><nav><a href="#">繁體中文</a></nav>')
		return true
	})()`)
	highlight := `new Promise(r => {
		for (const [id, kw] of [["h1", "會議"], ["h2", "規劃"]]) { const el = document.getElementById(id); el.innerHTML = el.textContent.replace(kw, "<mark>$&</mark>") }
		const el = document.getElementById("h4")
		el.innerHTML = el.innerHTML.replace("通知", "<mark>$&</mark>")
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`
	want := []string{"区政府召开常务<mark>会议</mark>", "关于发展<mark>规划</mark>的通知", "繁体中文", `关于<a href="#" title="发展规划">发展规划</a>的<mark>通知</mark>`}
	for round := 1; round <= 2; round++ {
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
		if round == 1 {
			browsertest.Eval[bool](tb, highlight)
		}
		got := browsertest.Eval[[]string](tb, `["h1", "h2"].map(id => document.getElementById(id).innerHTML)`)
		if got[0] != "區政府召開常務<mark>會議</mark>" || got[1] != "關於發展<mark>規劃</mark>的通知" {
			t.Errorf("round %d, highlighted while converted: %q", round, got)
		}
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
		got = browsertest.Eval[[]string](tb, `["h1", "h2", "h3", "h4"].map(id => document.getElementById(id).innerHTML)`)
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("round %d, switched back: %q, want %q", round, got[i], want[i])
			}
		}
	}
	// Text of ours rebuilt beside the page's own 繁體 words (its menu's
	// 繁體中文): ours goes back, the page's stay as it wrote them.
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		const el = document.getElementById("h3")
		el.innerHTML = "<b>" + el.textContent + "</b>（繁體中文）"
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("h3").innerHTML`); got != "<b>繁体中文</b>（繁體中文）" {
		t.Errorf("rewritten with the page's own text, switched back: %q, want <b>繁体中文</b>（繁體中文）", got)
	}

	// On a 繁體 page shown in 简体 the same.
	tb = tab(t, "t/hant.html")
	browsertest.Eval[bool](tb, `(document.body.insertAdjacentHTML("beforeend", '<p id="h5">區政府召開常務會議</p>'), true)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		const el = document.getElementById("h5")
		el.innerHTML = el.textContent.replace("会议", "<mark>$&</mark>")
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("h5").innerHTML`); got != "區政府召開常務<mark>會議</mark>" {
		t.Errorf("on a 繁體 page, highlighted while simplified, switched back: %q, want 區政府召開常務<mark>會議</mark>", got)
	}
}

// TestPageOwnWordsLikeOurs: on a 繁體 page shown in 简体, text the page
// adds or moves while converted, holding its own words that are also
// text of ours (台北, 台北市政府: 臺 is written 台 in both scripts), stays
// as the page wrote it after switching back; so does a menu it adds
// marked as its own (notranslate), on a 简体 page shown in 繁體.
func TestPageOwnWordsLikeOurs(t *testing.T) {
	frame := `new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true))))`
	tb := tab(t, "t/hant.html")
	browsertest.Eval[bool](tb, `(() => {
		const d = document.createElement("div")
		d.innerHTML = '<p>臺北</p><p>臺北市政府</p><ul id="tk"><li>台北</li><li>高雄</li></ul>'
		document.body.append(d)
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "simplified"})`)
	browsertest.Eval[bool](tb, `(() => {
		const tk = document.getElementById("tk")
		tk.appendChild(tk.firstElementChild)
		document.body.append(Object.assign(document.createElement("p"), {id: "own", textContent: "台北市政府發佈新聞"}), Object.assign(document.createElement("span"), {id: "tag", textContent: "台北"}))
		return `+frame+`
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[[]string](tb, `["tk", "own", "tag"].map(id => document.getElementById(id).textContent)`); got[0] != "高雄台北" || got[1] != "台北市政府發佈新聞" || got[2] != "台北" {
		t.Errorf("switched back: %q, want the page's [高雄台北 台北市政府發佈新聞 台北]", got)
	}
	tb = tab(t, "report.html")
	browsertest.Eval[bool](tb, `(document.body.appendChild(Object.assign(document.createElement("p"), {textContent: "繁体中文"})), true)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `(() => {
		const n = document.createElement("ul")
		n.id = "menu"
		n.className = "notranslate"
		n.innerHTML = '<li>简体中文</li><li>繁體中文</li><li>English</li>'
		document.body.append(n)
		return `+frame+`
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `document.getElementById("menu").textContent`); got != "简体中文繁體中文English" {
		t.Errorf("a notranslate menu added while converted came back as %q, want 简体中文繁體中文English", got)
	}
}

// TestSkippedTextNotACopy: what the page adds while converted where
// nothing is converted (a .notranslate menu, code, a textarea's text),
// the same as text of ours, stays as the page wrote it after switching
// back: it is no copy of ours.
func TestSkippedTextNotACopy(t *testing.T) {
	tb := tab(t, "report.html")
	browsertest.Eval[bool](tb, `(() => {
		document.body.insertAdjacentHTML("beforeend", '<p>繁体中文</p><p>头发和发展</p><span class="notranslate" id="ns"></span><code id="cd"></code><textarea id="ta"></textarea>')
		return true
	})()`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[bool](tb, `new Promise(r => {
		document.body.insertAdjacentHTML("beforeend", '<nav id="menu" class="notranslate"><a href="#">简体中文</a> <a href="#">繁體中文</a></nav><div id="snip"><code>頭髮和發展</code></div>')
		document.getElementById("ns").textContent = "繁體中文"
		document.getElementById("cd").textContent = "頭髮和發展"
		document.getElementById("ta").textContent = "頭髮和發展"
		requestAnimationFrame(() => setTimeout(() => r(true)))
	})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	got := browsertest.Eval[[]string](tb, `["menu", "snip", "ns", "cd", "ta"].map(id => document.getElementById(id).textContent).concat(document.getElementById("ta").value)`)
	want := []string{"简体中文 繁體中文", "頭髮和發展", "繁體中文", "頭髮和發展", "頭髮和發展", "頭髮和發展"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("the page's own text %d, where nothing is converted, came back as %q, want %q", i, got[i], want[i])
		}
	}
}

// TestEmojiInARun: an emoji or an Extension B character (a surrogate
// pair) in a paragraph does not part a word split by markup: 📢 理<mark>发</mark>店
// was 理<mark>發</mark>店, converted node by node.
func TestEmojiInARun(t *testing.T) {
	tb := tab(t, "t/emoji.html")
	const look = `[...document.querySelectorAll("p")].map(e => e.innerHTML)`
	before := browsertest.Eval[[]string](tb, look)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, look)
	want := []string{"📢 搜索結果：理<mark>髮</mark>店", "𠀀理<mark>髮</mark>店", "搜索結果：理<mark>髮</mark>店"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("s2t: %s, want %s", got[i], want[i])
		}
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if after := browsertest.Eval[[]string](tb, look); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("switched back: %q, want %q", after, before)
	}
}

// TestSimplifiedLangsFollow: every lang value that names Simplified
// Chinese (the script subtag wherever it stands, zh-CHS, the regions SG
// and MY) follows the conversion, as does one the page adds while
// converted; another language's (Cantonese, zh-yue) stays. All come back
// exactly. Before, zh-cmn-Hans-CN, zh-CHS and zh-MY stayed on 繁體 text.
func TestSimplifiedLangsFollow(t *testing.T) {
	tb := tab(t, "t/langs.html")
	before := browsertest.Eval[string](tb, outer)
	const look = `[document.documentElement, ...document.querySelectorAll("body > p")].map(e => e.getAttribute("lang"))`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		document.body.append(Object.assign(document.createElement("p"), {lang: "zh-CN", textContent: "新增的头发"}))
		await `+frames+`
		return `+look+`
	})()`)
	want := []string{"zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant-TW", "zh-yue", "zh-Hant"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("lang in 繁體: %q, want %q", got, want)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(document.body.lastElementChild.remove(), true)`)
	restored(t, tb, before, "switched back")
}

// TestTypedFieldsAttributesConvert: a textarea's and an editor's own
// placeholder, aria-placeholder, aria-label and title are the page's and
// are converted; what the reader types there (the textarea's value, the
// editor's content, attributes in it too) is not, nor a field the page
// keeps as its own (.notranslate). Before, those
// attributes stayed 简体 on a 繁體 page.
func TestTypedFieldsAttributesConvert(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tb := tab(t, "t/typed.html")
	browsertest.Eval[bool](tb, `(document.querySelector("textarea").value = "我输入的头发", true)`)
	before := browsertest.Eval[string](tb, outer)
	const look = `(() => { const a = document.querySelector("textarea"), e = document.querySelector("[contenteditable]"); return [a.placeholder, a.getAttribute("aria-label"), a.title, e.getAttribute("aria-label"), e.getAttribute("aria-placeholder"), e.title, a.value, a.textContent, e.innerHTML, own.placeholder] })()`
	src := browsertest.Eval[[]string](tb, look)
	for round := 1; round <= 2; round++ {
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
		got := browsertest.Eval[[]string](tb, look)
		for i := range got {
			want := src[i]
			if i < 6 {
				want = s2t.Convert(src[i])
			}
			if got[i] != want {
				t.Errorf("round %d: item %d = %q in 繁體, want %q", round, i, got[i], want)
			}
		}
		browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
		restored(t, tb, before, fmt.Sprintf("round %d, switched back", round))
	}
	if v := browsertest.Eval[string](tb, `document.querySelector("textarea").value`); v != "我输入的头发" {
		t.Errorf("typed value = %q", v)
	}
	// One the page adds while converted.
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, `(async () => {
		const a = Object.assign(document.createElement("textarea"), {placeholder: "请输入您的意见", textContent: "头发"})
		document.body.append(a)
		await `+frames+`
		return a.placeholder + "|" + a.value
	})()`); got != "請輸入您的意見|头发" {
		t.Errorf("added textarea: %q, want 請輸入您的意見|头发", got)
	}
}

// TestForeignTextStays: text marked as another language (lang="ja",
// lang="EN-us") stays as written, its attributes too, and so does such
// text the page adds while converted; Chinese (zh_CN, yue-Hans), an
// empty lang and the text around a Japanese span are converted. Before,
// <p lang="ja">日本語：写真と説明</p> got 寫真.
func TestForeignTextStays(t *testing.T) {
	tb := tab(t, "t/foreign.html")
	before := browsertest.Eval[string](tb, outer)
	const look = `[...document.querySelectorAll("body > p")].map(e => e.innerHTML + (e.title ? " title=" + e.title : ""))`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		document.body.append(Object.assign(document.createElement("p"), {lang: "ja", textContent: "写真"}))
		await `+frames+`
		return `+look+`
	})()`)
	want := []string{"日本語：写真と説明", "Hair 头发 <b>发</b> title=头发", "寫真說明", `寫真<span lang="ja">写真</span>寫真`, "寫真", "寫真", "写真"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in 繁體:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(document.body.lastElementChild.remove(), true)`)
	restored(t, tb, before, "switched back")
	// A template's <html lang="en"> on a Chinese page is not trusted.
	en := tab(t, "t/enroot.html")
	browsertest.Eval[map[string]any](en, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](en, `document.getElementById("p").textContent`); got != "這是關於發展的說明" {
		t.Errorf("<html lang=en>: %q, want 這是關於發展的說明", got)
	}
}

// TestLangSetWhileConverted: a lang that the page sets while it is shown
// converted is followed. Text it marks as another language (el.lang =
// "en", on a <p> and on a <span> in a run) gets the page's original text
// back at once, its title too, and is left alone; a region it marks as
// Chinese (lang="zh-CN" in place of "en") is converted, its lang switched
// to zh-Hant, as the first pass does. One set while the page shows its own
// text (lang="ja") is kept out of the next switch too. Switching back
// restores the page exactly, with the page's own langs. Before, the lang
// was not watched: the <p> stayed 發展規劃 under lang="en", the region
// stayed 简体, and the next switch wrote 繁體 into the Japanese <p>.
func TestLangSetWhileConverted(t *testing.T) {
	tb := tab(t, "t/langset.html")
	before := browsertest.Eval[string](tb, outer)
	const look = `["a", "b", "c", "d"].map(id => { const e = document.getElementById(id); return (e.getAttribute("lang") || "-") + " " + e.innerHTML + " " + (e.title || "-") })`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	// Set while the page shows its own text: the next switch (a replay of
	// the last) leaves it.
	browsertest.Eval[bool](tb, `(d.lang = "ja", true)`)
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, `d.textContent + " " + a.textContent`); got != "发展规划 發展規劃" {
		t.Errorf("lang=ja set before switching again: %q, want 发展规划 發展規劃", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(d.removeAttribute("lang"), true)`)
	restored(t, tb, before, "switched back after lang=ja")
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, `(async () => {
		a.lang = "en"; bs.lang = "en"; c.lang = "zh-CN"
		await `+frames+`
		return `+look+`
	})()`)
	want := []string{"en 发展规划 发展规划", `- 發展<span id="bs" lang="en">规划</span> -`, `zh-Hant Plan: <span>發展規劃</span> -`, "- 發展規劃 -"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in 繁體 after the page set lang:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := browsertest.Eval[string](tb, `yiyue.get().script`); s != "traditional" {
		t.Errorf("script = %q, want traditional", s)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	got = browsertest.Eval[[]string](tb, look)
	want = []string{"en 发展规划 发展规划", `- 发展<span id="bs" lang="en">规划</span> -`, `zh-CN Plan: <span>发展规划</span> -`, "- 发展规划 -"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("switched back:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	browsertest.Eval[bool](tb, `(a.removeAttribute("lang"), bs.removeAttribute("lang"), c.lang = "en", true)`)
	restored(t, tb, before, "switched back, the page's langs undone")
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestNearestLangWins: Chinese marked inside text in another language
// (<span lang="zh-CN"> in a lang="en" block) is converted, its lang
// switched, as HTML takes the nearest lang for an element's language;
// the English and Japanese text around it, and in it (<i lang="ja">),
// stays as written, attributes too. So is such Chinese that the page adds
// or changes while converted. Switching back restores the page exactly.
// Before, all of a lang="en" block stayed as written, while the lang of
// the Chinese in it was switched to zh-Hant.
func TestNearestLangWins(t *testing.T) {
	tb := tab(t, "t/nearest.html")
	before := browsertest.Eval[string](tb, outer)
	const look = `[en.outerHTML, ja.outerHTML]`
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	got := browsertest.Eval[[]string](tb, look)
	want := []string{
		`<div id="en" lang="en" title="头发">Plan: <span id="zs" lang="zh-Hant" title="發展規劃">發展規劃</span> and 头发 <b title="头发">x</b> <span lang="zh-Hant">發<i lang="ja">写真</i>展</span></div>`,
		`<p id="ja" lang="ja">写真<span lang="zh-Hant">寫真說明</span></p>`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in 繁體:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Added and changed while converted.
	got = browsertest.Eval[[]string](tb, `(async () => {
		en.append(Object.assign(document.createElement("span"), {lang: "zh-CN", textContent: "头发"}), " 头发")
		zs.firstChild.data = "后来"
		await `+frames+`
		return [zs.textContent, en.lastChild.previousSibling.outerHTML, en.lastChild.data]
	})()`)
	if want := []string{"後來", `<span lang="zh-Hant">頭髮</span>`, " 头发"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("added and changed while converted: %q, want %q", got, want)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	if got := browsertest.Eval[string](tb, `zs.textContent + "|" + en.lastChild.previousSibling.outerHTML`); got != `后来|<span lang="zh-CN">头发</span>` {
		t.Errorf("switched back: %q", got)
	}
	browsertest.Eval[bool](tb, `(en.lastChild.remove(), en.lastChild.remove(), zs.firstChild.data = "发展规划", true)`)
	restored(t, tb, before, "switched back")
	// Once more, as the record is replayed.
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "traditional"})`)
	if got := browsertest.Eval[string](tb, `zs.textContent + "|" + ja.textContent`); got != "發展規劃|写真寫真說明" {
		t.Errorf("second switch: %q", got)
	}
	// Marked as another language while converted: what it marks goes
	// back, the Chinese marked in it stays converted.
	if got := browsertest.Eval[string](tb, `(async () => {
		ja.lang = "en"; zs.lang = "fr"
		await `+frames+`
		return zs.textContent + "|" + ja.innerHTML
	})()`); got != `发展规划|写真<span lang="zh-Hant">寫真說明</span>` {
		t.Errorf("lang set while converted: %q", got)
	}
	browsertest.Eval[map[string]any](tb, `yiyue.set({script: "original"})`)
	browsertest.Eval[bool](tb, `(ja.lang = "ja", zs.lang = "zh-CN", true)`)
	restored(t, tb, before, "second round, switched back")
	if errs := tb.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestPageWithoutLang: a page without any lang is taken for what its text
// is written in. A Traditional one is shown in Simplified on 简体 (its
// button reads 簡體) and left as it is on 繁體; a Simplified one is
// converted on 繁體. Switching back restores each exactly, and the page
// gets no lang of ours.
func TestPageWithoutLang(t *testing.T) {
	button := `(b => b.textContent.trim() + " " + b.getAttribute("aria-pressed"))(document.getElementById("yiyue-host").shadowRoot.querySelector("[data-id=script]"))`
	hant := tab(t, "t/nolang-hant.html")
	before := browsertest.Eval[string](hant, outer)
	browsertest.Eval[map[string]any](hant, `yiyue.load().then(() => yiyue.open())`)
	if got := browsertest.Eval[string](hant, button); got != "簡體 false" {
		t.Errorf("Traditional page without lang: script button %q, want 簡體 false", got)
	}
	st := browsertest.Eval[map[string]any](hant, `yiyue.set({script: "simplified"})`)
	if got := browsertest.Eval[string](hant, `p.textContent + "|" + document.title + "|" + document.documentElement.hasAttribute("lang")`); st["script"] != "simplified" || got != "这是关于区域发展的说明，请点击这里查看网页。|关于发展规划|false" {
		t.Errorf("Traditional page without lang in 简体 (script %v): %q", st["script"], got)
	}
	if got := browsertest.Eval[string](hant, button); got != "简体 true" {
		t.Errorf("script button in 简体: %q, want 简体 true", got)
	}
	browsertest.Eval[map[string]any](hant, `yiyue.set({script: "original"})`)
	restored(t, hant, before, "Traditional page, switched back")
	if got := browsertest.Eval[string](hant, button); got != "簡體 false" {
		t.Errorf("script button switched back: %q, want 簡體 false", got)
	}
	browsertest.Eval[map[string]any](hant, `yiyue.set({script: "traditional"})`)
	restored(t, hant, before, "Traditional page in 繁體")
	browsertest.Eval[map[string]any](hant, `yiyue.set({script: "original"})`)

	hans := tab(t, "t/nolang-hans.html")
	before = browsertest.Eval[string](hans, outer)
	st = browsertest.Eval[map[string]any](hans, `yiyue.set({script: "traditional"})`)
	if got, want := browsertest.Eval[string](hans, `p.textContent + "|" + document.documentElement.hasAttribute("lang")`), env.Converter(t, "s2t").Convert("这是关于区域发展的说明，请点击这里查看网页。")+"|false"; st["script"] != "traditional" || got != want {
		t.Errorf("Simplified page without lang in 繁體 (script %v): %q", st["script"], got)
	}
	browsertest.Eval[map[string]any](hans, `yiyue.set({script: "simplified"})`)
	restored(t, hans, before, "Simplified page, 简体 chosen")
	browsertest.Eval[map[string]any](hans, `yiyue.set({script: "original"})`)
	restored(t, hans, before, "Simplified page, switched back")
}
