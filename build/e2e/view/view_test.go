// Package view holds the browser tests of the view layer (issue 4): text
// zoom, contrast schemes, the elder mode and its aids, persistence without
// a flash, and exact restoring. They measure what a reader sees on the
// example portal: computed sizes, clipped boxes, horizontal scrolling,
// overlapping line boxes, axe-core's enhanced contrast rule.
package view

import (
	_ "embed"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var env *browsertest.Env

// measureJS defines window.__view: snap() and compare() (see the file).
//
//go:embed testdata/measure.js
var measureJS string

// cspQuery asks the test server for a strict Content-Security-Policy: the
// view layer must work without 'unsafe-inline' styles.
const cspQuery = "csp=strict"

// The WASM needs 'wasm-unsafe-eval'; styles get nothing beyond 'self'.
const strictCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'"

func TestMain(m *testing.M) {
	browsertest.Main(m, &env, browsertest.Options{Wrap: wrap})
}

// wrap adds the generated 10,000-element page, a long version of the
// table-layout page and the strict CSP variant of every page to the demo
// server.
func wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gen10k.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, bigPage(10000))
			return
		case "/legacy-long.html":
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/legacy.html", nil))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, longLegacy(rec.Body.String(), 400))
			return
		case "/sticky.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, stickyPage())
			return
		case "/wrapbars.html", "/hero.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, barsPage(r.URL.Path == "/hero.html"))
			return
		case "/tabbar.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, tabBar(r.URL.Query().Has("lift")))
			return
		}
		if r.URL.Query().Get("csp") == "strict" {
			w.Header().Set("Content-Security-Policy", strictCSP)
		}
		h.ServeHTTP(w, r)
	})
}

// bigPage builds a portal-like page of about n elements: fixed-height
// list boxes with overflow hidden, nowrap titles, px fonts, floats.
func bigPage(n int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>生成的长页面</title>
<link rel="stylesheet" href="portal.css"><script src="/yiyue.js" defer></script></head><body>
<div class="w1200 page-body clearfix"><main class="list-main" id="content"><h1>政务公开目录</h1>`)
	// Each box is 1 div + 1 h2 + 1 ul + 10 × (li, a, span) = 33 elements.
	for i := 0; i*33 < n; i++ {
		fmt.Fprintf(&b, `<div class="news-box"><h2>栏目 %d<a class="more" href="#">更多</a></h2><ul class="news-list">`, i)
		for j := 0; j < 10; j++ {
			fmt.Fprintf(&b, `<li><a href="#">横沥镇第%d批政务公开事项办理结果公示（第%d号）</a><span class="date">01-%02d</span></li>`, i, j, j+1)
		}
		b.WriteString(`</ul></div>`)
	}
	b.WriteString(`</main></div></body></html>`)
	return b.String()
}

// longLegacy adds n rows (4 elements each) to the news list of the
// table-layout page: a page long enough (1,500 elements or more) for
// yiyue to treat it as long.
func longLegacy(page string, n int) string {
	const at = `id="news">`
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<tr><td>·<a href="dynamic.html">横沥镇第%d批政务公开事项办理结果公示</a></td><td width="50" nowrap class="date">01-%02d</td></tr>`, i, i%28+1)
	}
	return strings.Replace(page, at, at+b.String(), 1)
}

// tabBar is a phone portal's page: laid out for the phone's width, with
// a bar of tabs fixed at the bottom of the screen and links in its last
// line. lift adds the site's own lift for the launcher (README).
func tabBar(lift bool) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>横沥镇 移动版</title><style>
body { margin: 0; font: 16px/1.6 sans-serif; }
main { padding: 12px 16px; }
.tabs { position: fixed; left: 0; right: 0; bottom: 0; z-index: 10; display: flex; height: 56px; background: #fff; border-top: 1px solid #ccc; }
.tabs a { flex: 1; display: flex; align-items: center; justify-content: center; color: #0b4f9c; }
footer { padding: 8px 16px 64px; }
</style>`)
	if lift {
		b.WriteString(`<style>#yiyue-host { --yiyue-lift: 56px; }</style>`)
	}
	b.WriteString(`<script src="/yiyue.js" defer></script></head><body><main><h1>横沥镇人民政府2020年法治政府建设年度报告</h1>`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "<p>第%d段：2020年，横沥镇党委、政府深入学习贯彻习近平法治思想，推动法治政府建设创新出彩。</p>", i+1)
	}
	b.WriteString(`</main><footer><a href="#map">网站地图</a> | <a href="#contact">联系我们</a></footer>
<nav class="tabs"><a href="#t1">首页</a><a href="#t2">办事</a><a href="#t3">互动</a><a href="#t4">我的</a></nav></body></html>`)
	return b.String()
}

// stickyPage is a desktop page with a header that sticks to the top and
// a sidebar of links fixed under it by a px offset, as tall as the header
// at 100 %.
func stickyPage() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>办事指南</title><style>
body { margin: 0; font: 16px/1.6 sans-serif; }
header { position: sticky; top: 0; z-index: 10; height: 48px; line-height: 48px; padding: 0 16px; background: #0b4f9c; color: #fff; font-size: 18px; }
header a { color: #fff; margin-right: 16px; }
.side { position: fixed; top: 56px; left: 8px; width: 180px; }
.side a { display: block; padding: 4px 0; font-size: 14px; }
main { margin-left: 200px; padding: 8px 16px; }
</style><script src="/yiyue.js" defer></script></head><body><header><a href="#a">首页</a><a href="#b">办事</a></header>
<nav class="side"><a href="#s1">户籍办理</a><a href="#s2">社保查询</a><a href="#s3">医保服务</a></nav><main>`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "<p>第%d条：办理户籍迁移须携带居民身份证、户口簿和相关证明材料，到辖区派出所户籍窗口办理。</p>", i+1)
	}
	b.WriteString(`</main></body></html>`)
	return b.String()
}

// barsPage is a page with a fixed header that keeps its content clear of
// it another way than body's padding: a wrapper's padding, or, for hero,
// not at all: a clear menu over a picture at the top.
func barsPage(hero bool) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>栏目</title><style>
body { margin: 0; font: 16px/1.6 sans-serif; }
.top { position: fixed; top: 0; left: 0; right: 0; z-index: 10; height: 48px; line-height: 48px; padding: 0 16px; color: #fff; background: rgba(0, 0, 0, 0.6); }
.top a { color: #fff; margin-right: 12px; }
#app { padding-top: 48px; }
.hero { height: 300px; background: #0b4f9c; }
#app { padding-bottom: 56px; }
.tabs { position: fixed; left: 0; right: 0; bottom: 0; z-index: 10; display: flex; height: 56px; background: #fff; border-top: 1px solid #ccc; }
.tabs a { flex: 1; display: flex; align-items: center; justify-content: center; }
main { padding: 0 16px; }
</style><script src="/yiyue.js" defer></script></head><body>`)
	if hero {
		b.WriteString(`<nav class="top"><a href="#a">首页</a><a href="#b">办事</a></nav><div class="hero"></div><h1>政务服务</h1>`)
	} else {
		b.WriteString(`<div id="app"><nav class="top"><a href="#a">首页</a><a href="#b">办事</a></nav><main><h1>政务服务</h1>`)
	}
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "<p>第%d条：办理户籍迁移须携带居民身份证和户口簿。</p>", i+1)
	}
	if !hero {
		b.WriteString(`</main><nav class="tabs"><a href="#t1">首页</a><a href="#t2">我的</a></nav></div>`)
	}
	b.WriteString(`</body></html>`)
	return b.String()
}

// pageHTML is JavaScript for the page's HTML, the widget's own host
// element aside: its attributes are the widget's (the runtime marks it,
// and on a phone sizes it).
const pageHTML = `(() => { const h = document.getElementById("yiyue-host"), s = document.documentElement.outerHTML; return h ? s.split(h.outerHTML).join("") : s })()`

// open opens a tab at a viewport size, with focus emulated (so that
// :focus matches in headless Chromium), on a page, once the loader ran.
func open(t testing.TB, w, h int64, page string) *browsertest.Tab {
	t.Helper()
	tab := env.Tab(t)
	tab.Do(chromedp.EmulateViewport(w, h))
	if _, err := chromedp.Call(tab.Ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	tab.Go(page)
	// Tabs share the browser's storage: start from a site with nothing
	// saved.
	if browsertest.Eval[bool](tab, `(() => { const had = localStorage.getItem("yiyue:v1") != null; localStorage.removeItem("yiyue:v1"); return had })()`) {
		tab.Go(page)
	}
	ready(tab)
	return tab
}

// ready waits for the loader and installs the measuring helpers.
func ready(tab *browsertest.Tab) {
	tab.T.Helper()
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 10*time.Second)
	browsertest.Eval[bool](tab, measureJS+";true")
}

// set applies a patch through the public API and waits for the frame
// after it. On a site's first use the loader fetches the page stylesheet
// after set() resolves (later pages read it from localStorage): wait for
// it too.
func set(tab *browsertest.Tab, patch string) {
	tab.T.Helper()
	browsertest.Eval[bool](tab, `yiyue.set(`+patch+`).then(async () => {
		for (let i = 0; i < 250 && !localStorage.getItem("yiyue:css") && document.documentElement.hasAttribute("data-yiyue"); i++) await new Promise(r => setTimeout(r, 20))
		await __view.frame()
		return true
	})`)
}

// axeJS returns axe-core's script from the repository's pinned npm install.
func axeJS(t testing.TB) string {
	t.Helper()
	p := filepath.Join(env.Root, "build", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("axe-core is not installed (go run ./build test installs the pinned build/package.json): %v", err)
	}
	return string(b)
}

// viewports are the two sizes of issue 4.
var viewports = []struct {
	name string
	w, h int64
}{
	{"1280x800", 1280, 800},
	{"360x740", 360, 740},
}

// pages are the example portal's article and its stress page of fixed
// boxes, px fonts and inline colours.
var pages = []string{"report.html", "boxes.html"}

var zoomSteps = []float64{1.25, 1.5, 1.75, 2, 2.5, 3}

func shotName(parts ...string) string {
	r := strings.NewReplacer(".html", "", ".", "_", "/", "-")
	return r.Replace(strings.Join(parts, "-"))
}
