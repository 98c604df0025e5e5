package edge

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yiyue-a11y/yiyue/widget/convert"
)

// testDict is a small s2t dictionary: enough to see what is converted and
// what is not.
func testDict(t testing.TB) []byte {
	t.Helper()
	pairs := map[string]string{
		"发": "發", "头发": "頭髮", "这": "這", "个": "個", "简": "簡", "体": "體", "国": "國",
		"区": "區", "湾": "灣", "镇": "鎮", "设": "設", "报": "報", "门": "門", "户": "戶",
		"网": "網", "页": "頁", "面": "面", "标": "標", "题": "題", "图": "圖", "输": "輸",
		"入": "入", "码": "碼", "复": "復", "杂": "雜", "说": "說", "明": "明", "为": "為",
	}
	var st convert.Stage
	for k, v := range pairs {
		st.Entries = append(st.Entries, convert.Entry{Key: k, Values: []string{v}})
	}
	b, err := convert.Encode(convert.Spec{Name: "s2t", Stages: []convert.Stage{st}, SegmentStage: -1})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testConverter(t testing.TB) *convert.Converter {
	c, err := convert.Open(testDict(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const tag = `<script src="/yiyue.js"></script>`

func TestInsertScriptTag(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"before </head>", `<html><head><title>x</title></head><body>y</body></html>`,
			`<html><head><title>x</title>` + tag + `</head><body>y</body></html>`},
		{"upper-case </HEAD >", `<HTML><HEAD><TITLE>x</TITLE></HEAD ><BODY>y</BODY></HTML>`,
			`<HTML><HEAD><TITLE>x</TITLE>` + tag + `</HEAD ><BODY>y</BODY></HTML>`},
		{"not inside a script string", `<head><script>var s = "</head>";</script></head><body></body>`,
			`<head><script>var s = "</head>";</script>` + tag + `</head><body></body>`},
		{"not inside a comment", `<head><!-- </head> --></head>`, `<head><!-- </head> -->` + tag + `</head>`},
		{"before </body> without </head>", `<p>甲</p></body></html>`, `<p>甲</p>` + tag + `</body></html>`},
		{"at the end without either", `<p>甲`, `<p>甲` + tag},
		{"empty page", ``, tag},
		{"a page that loads yiyue itself", `<head><script src="/static/yiyue.js" defer></script></head>`,
			`<head><script src="/static/yiyue.js" defer></script></head>`},
		{"attributes kept byte for byte", `<head><meta charset=utf-8  ><link rel='icon' href="a.svg"/></head>`,
			`<head><meta charset=utf-8  ><link rel='icon' href="a.svg"/>` + tag + `</head>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rw := &rewriter{tag: tag}
			if got := string(rw.rewrite([]byte(tc.in))); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func hant(t *testing.T, in string) string {
	t.Helper()
	rw := &rewriter{hant: true, conv: testConverter(t), langTo: "zh-Hant", from: "/dir/page.html", originHost: "origin.example", edgeHost: "www.example.gov.cn"}
	return string(rw.rewrite([]byte(in)))
}

func TestHantConversion(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"body text and lang",
			`<html lang="zh-CN"><head></head><body><p>这个头发</p></body></html>`,
			`<html lang="zh-Hant"><head></head><body><p>這個頭髮</p></body></html>`},
		{"lang values as the widget maps them",
			`<body><p lang="ZH-hans">国</p><p lang="zh-TW">国</p><p lang=zh>国</p><p lang="zh-cmn-Hans-CN">国</p><p lang="zh-CHS">国</p><p lang="zh_MY">国</p><p lang="zh-yue">国</p></body>`,
			`<body><p lang="zh-Hant">國</p><p lang="zh-TW">國</p><p lang="zh-Hant">國</p><p lang="zh-Hant">國</p><p lang="zh-Hant">國</p><p lang="zh-Hant">國</p><p lang="zh-yue">國</p></body>`},
		{"text in another language stays, with its attributes; not for <html>'s lang",
			`<html lang="en"><body><p lang="ja" title="写真">写真と説明</p><p lang="EN-us">头发 <b>发</b></p><p lang="">这</p></body></html>`,
			`<html lang="en"><body><p lang="ja" title="写真">写真と説明</p><p lang="EN-us">头发 <b>发</b></p><p lang="">這</p></body></html>`},
		{"Chinese marked inside another language is converted: the nearest lang counts",
			`<body><div lang="en" title="头发">头发 <span lang="zh-CN" title="头发">头<b>发</b><i lang="ja" title="发">发</i>发</span> 发</div><p lang="ja">这<span lang="zh">这<span lang="en">这</span></span></p></body>`,
			`<body><div lang="en" title="头发">头发 <span lang="zh-Hant" title="頭髮">頭<b>髮</b><i lang="ja" title="发">发</i>發</span> 发</div><p lang="ja">这<span lang="zh-Hant">這<span lang="en">这</span></span></p></body>`},
		{"a text box's and an editor's own labels, not what is typed in them",
			`<body><textarea placeholder="输入" title="标题">这</textarea><div contenteditable aria-label="说明"><b title="这">这</b></div><textarea class=notranslate placeholder="输入"></textarea><div translate=no><textarea placeholder="输入"></textarea></div></body>`,
			`<body><textarea placeholder="輸入" title="標題">这</textarea><div contenteditable aria-label="說明"><b title="这">这</b></div><textarea class=notranslate placeholder="输入"></textarea><div translate=no><textarea placeholder="输入"></textarea></div></body>`},
		{"skipped elements",
			`<body><script>var a="这"</script><style>/*这*/</style><code>这</code><kbd>这</kbd><samp>这</samp><textarea>这</textarea><noscript><p>这</p></noscript><template><p>这</p></template><p>这</p></body>`,
			`<body><script>var a="这"</script><style>/*这*/</style><code>这</code><kbd>这</kbd><samp>这</samp><textarea>这</textarea><noscript><p>这</p></noscript><template><p>这</p></template><p>這</p></body>`},
		{"skipped by attribute, with descendants and own attributes",
			`<body><div translate="no" title="这">这<b>这</b></div><div class="a notranslate">这</div><div data-yiyue-skip>这</div><div contenteditable>这</div><div contenteditable="false">这</div><div translate="yes">这</div></body>`,
			`<body><div translate="no" title="这">这<b>这</b></div><div class="a notranslate">这</div><div data-yiyue-skip>这</div><div contenteditable>这</div><div contenteditable="false">這</div><div translate="yes">這</div></body>`},
		{"attributes converted",
			`<body><img alt="图" title='标题'><input placeholder=输入 aria-label="码" aria-description="说明"><a href="x" data-x="这">这</a></body>`,
			`<body><img alt="圖" title="標題"><input placeholder="輸入" aria-label="碼" aria-description="說明"><a href="x" data-x="这">這</a></body>`},
		{"button values, not typed values",
			`<body><input type=submit value="发"><input type="RESET" value="发"><input type=button value=发><input type=text value="发"><input value="发"></body>`,
			`<body><input type=submit value="發"><input type="RESET" value="發"><input type=button value="發"><input type=text value="发"><input value="发"></body>`},
		{"what a form sends stays: a named submit button's value, an option's text without a value",
			"<body><form><input type=submit name=go value=\"发\"><select name=c><optgroup label=\"国\"><option>头发</option><option value=1>头发</option><option label=\"这\">这</option><option> 这 \n 个 </option><option>&#21457;<option/>这</select></form></body>",
			"<body><form><input type=submit name=go value=\"发\"><select name=c><optgroup label=\"國\"><option label=\"頭髮\">头发</option><option value=1>頭髮</option><option label=\"這\">这</option><option label=\"這 個\"> 这 \n 个 </option><option label=\"發\">&#21457;<option label=\"這\"/>这</select></form></body>"},
		{"the body's own attributes and <head>'s are not converted",
			`<html><head><link rel=alternate title="这"></head><body title="这"><p title="这">x</p></body></html>`,
			`<html><head><link rel=alternate title="这"></head><body title="这"><p title="這">x</p></body></html>`},
		{"the first meta description",
			`<head><meta name="description" content="这个"><meta name="description" content="这个"><meta name="keywords" content="这"></head>`,
			`<head><meta name="description" content="這個"><meta name="description" content="这个"><meta name="keywords" content="这"></head>`},
		{"title collapsed as document.title",
			"<head><title>\n  这个\n  网页  </title></head><body><svg><title>这</title></svg></body>",
			"<head><title>這個 網頁</title></head><body><svg><title>這</title></svg></body>"},
		{"a title that does not change keeps its spacing",
			"<head><title>\n  ABC  </title></head>",
			"<head><title>\n  ABC  </title></head>"},
		{"character references decoded and re-escaped",
			`<body><p>&#21457;&amp;&lt;头&#x53D1;&gt;</p><p title="&#21457; &amp; &copy=1">x</p><p>&amp;</p></body>`,
			`<body><p>發&amp;&lt;頭髮&gt;</p><p title="發 &amp; &amp;copy=1">x</p><p>&amp;</p></body>`},
		{"text in svg converted, svg style skipped",
			`<body><svg viewBox="0 0 1 1" aria-label="图"><style>.a{content:"这"}</style><text x="1">这个</text></svg></body>`,
			`<body><svg viewBox="0 0 1 1" aria-label="圖"><style>.a{content:"这"}</style><text x="1">這個</text></svg></body>`},
		{"an implied </p> ends a skipped paragraph",
			`<body><p translate=no>这<div>这</div></body>`,
			`<body><p translate=no>这<div>這</div></body>`},
		{"list items close each other",
			`<body><ul><li class=notranslate>这<li>这</ul></body>`,
			`<body><ul><li class=notranslate>这<li>這</ul></body>`},
		{"a word split by a comment is converted whole, the comment kept",
			`<body><p>头<!-- 这 -->发</p></body>`,
			`<body><p>頭<!-- 这 -->髮</p></body>`},
		{"a word split by inline markup is converted whole, its tags' attributes too",
			`<body><p>头<em>发</em>，<a href="/x" title="头发">头</a><b><i>发</i></b>这<wbr>个</p></body>`,
			`<body><p>頭<em>髮</em>，<a href="/_zh-hant/x" title="頭髮">頭</a><b><i>髮</i></b>這<wbr>個</p></body>`},
		{"character references inside a run",
			`<body><p>头<b>&#21457;</b>&amp;</p></body>`,
			`<body><p>頭<b>髮</b>&amp;</p></body>`},
		{"CDATA: text in SVG, kept as written; a comment in HTML, which parts nothing",
			`<body><svg><text><![CDATA[头发]]></text><text>头<![CDATA[发]]></text></svg><p>头<![CDATA[x]]>发</p></body>`,
			`<body><svg><text><![CDATA[頭髮]]></text><text>頭<![CDATA[髮]]></text></svg><p>頭<![CDATA[x]]>髮</p></body>`},
		{"an HTML tag in SVG ends it, and parts text; inside foreignObject it does not",
			`<body><p><svg><text>头<span>发</span></text></svg></p><p><svg><text>头<font color=red>发</font></text></svg></p><svg><foreignObject><p>头<span>发</span></p></foreignObject></svg></body>`,
			`<body><p><svg><text>头<span>發</span></text></svg></p><p><svg><text>头<font color=red>發</font></text></svg></p><svg><foreignObject><p>頭<span>髮</span></p></foreignObject></svg></body>`},
		{"U+0000, which the parser drops, parts nothing",
			"<body><p>头\x00<b>发</b></p></body>",
			`<body><p>頭<b>髮</b></p></body>`},
		{"other elements, and skipped ones, part text",
			`<body><p>头<br>发</p><div>头<div>发</div></div><p>头<code>x</code>发</p><p>头<span class=notranslate>x</span>发</p><p>头<img alt="">发</p><p>头</p>发</body>`,
			`<body><p>头<br>發</p><div>头<div>發</div></div><p>头<code>x</code>發</p><p>头<span class=notranslate>x</span>發</p><p>头<img alt="">發</p><p>头</p>發</body>`},
		{"text before <body> starts the body",
			`<html><head><title>A</title></head>这</html>`,
			`<html><head><title>A</title></head>這</html>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hant(t, tc.in); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestHantRunsNeedAlignment: a conversion that changes the length of
// some text (a site's phrase 这个 → 這一個) cannot be cut back at the
// nodes' lengths, so each text token is converted alone, as the widget
// does then.
func TestHantRunsNeedAlignment(t *testing.T) {
	p, errs := convert.ParsePhrases("这个\t這一個\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rw := &rewriter{hant: true, conv: testConverter(t).WithPhrases(p), langTo: "zh-Hant"}
	in := `<body><p>头<em>发</em>这个</p></body>`
	if got, want := string(rw.rewrite([]byte(in))), `<body><p>头<em>發</em>這一個</p></body>`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestHantLinks(t *testing.T) {
	// The page is /_zh-hant/dir/page.html, from the origin's /dir/page.html.
	for _, tc := range []struct{ in, want string }{
		{`<a href="other.html">`, `<a href="other.html">`},
		{`<a href="sub/x.html?a=1#f">`, `<a href="sub/x.html?a=1#f">`},
		{`<a href="?lang=zh-Hant">`, `<a href="?lang=zh-Hant">`},
		{`<a href="#top">`, `<a href="#top">`},
		{`<a href="/index.html">`, `<a href="/_zh-hant/index.html">`},
		{`<a href="../up.html">`, `<a href="../up.html">`},
		{`<a href="../../up.html">`, `<a href="/_zh-hant/up.html">`},
		{`<a href="http://origin.example/a/b.html?q=1&amp;r=2#s">`, `<a href="/_zh-hant/a/b.html?q=1&amp;r=2#s">`},
		{`<a href="//ORIGIN.example/c">`, `<a href="/_zh-hant/c">`},
		{`<a href="http://origin.example:80/d">`, `<a href="/_zh-hant/d">`},
		{`<a href="https://origin.example:443/e">`, `<a href="/_zh-hant/e">`},
		{`<a href="http://origin.example:8080/f">`, `<a href="http://origin.example:8080/f">`},
		{`<a href="https://elsewhere.example/x">`, `<a href="https://elsewhere.example/x">`},
		// The site's own public name, which the edge answers on.
		{`<a href="https://www.example.gov.cn/news/1.html">`, `<a href="/_zh-hant/news/1.html">`},
		{`<a href="http://WWW.example.gov.cn:80/news/">`, `<a href="/_zh-hant/news/">`},
		{`<a href="https://www.example.gov.cn:8443/x">`, `<a href="https://www.example.gov.cn:8443/x">`},
		{`<a href="mailto:a@b.c">`, `<a href="mailto:a@b.c">`},
		{`<a href="javascript:void(0)">`, `<a href="javascript:void(0)">`},
		{`<a href="/_zh-hant/already.html">`, `<a href="/_zh-hant/already.html">`},
		{`<form action="/search"><area href="/map">`, `<form action="/_zh-hant/search"><area href="/_zh-hant/map">`},
		{`<link href="/style.css"><img src="/a.png">`, `<link href="/style.css"><img src="/a.png">`},
		// A page shown in a frame, and a button that sends its form
		// elsewhere, stay Traditional too; a script's source stays.
		{`<iframe src="/zt/list.html"></iframe><frame src="/left.html">`, `<iframe src="/_zh-hant/zt/list.html"></iframe><frame src="/_zh-hant/left.html">`},
		{`<button formaction="/search2">搜</button><input type="submit" formaction="/s3"><script src="/a.js"></script>`, `<button formaction="/_zh-hant/search2">搜</button><input type="submit" formaction="/_zh-hant/s3"><script src="/a.js"></script>`},
		// The canonical URL of a /_zh-hant/ page is its own, for search
		// engines to index it; other links to files stay.
		{`<link rel="canonical" href="https://www.example.gov.cn/news/1.html">`, `<link rel="canonical" href="/_zh-hant/news/1.html">`},
		{`<LINK REL="Canonical" HREF="/x.html">`, `<LINK REL="Canonical" HREF="/_zh-hant/x.html">`},
		{`<link rel="alternate canonical" href="http://origin.example/y.html">`, `<link rel="alternate canonical" href="/_zh-hant/y.html">`},
		// A refresh sends the reader on as a link does.
		{`<meta http-equiv="refresh" content="0; url=/col/col1/index.html">`, `<meta http-equiv="refresh" content="0; url=/_zh-hant/col/col1/index.html">`},
		{`<META HTTP-EQUIV="Refresh" CONTENT="3;URL='http://origin.example/x.html?a=1'">`, `<META HTTP-EQUIV="Refresh" CONTENT="3;URL='/_zh-hant/x.html?a=1'">`},
		{`<meta http-equiv="refresh" content="0,/y.html">`, `<meta http-equiv="refresh" content="0,/_zh-hant/y.html">`},
		{`<meta http-equiv="refresh" content="0; url=sub/x.html">`, `<meta http-equiv="refresh" content="0; url=sub/x.html">`},
		{`<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">`, `<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">`},
		{`<meta http-equiv="refresh" content="30">`, `<meta http-equiv="refresh" content="30">`},
		{`<meta name="x" content="/y.html">`, `<meta name="x" content="/y.html">`},
		{`<base href="http://origin.example/other/"><a href="x.html"><a href="/y">`, `<base href="/_zh-hant/other/"><a href="x.html"><a href="/_zh-hant/y">`},
	} {
		if got := hant(t, "<body>"+tc.in+"</body>"); got != "<body>"+tc.want+"</body>" {
			t.Errorf("%s\n got  %s\n want %s", tc.in, got, "<body>"+tc.want+"</body>")
		}
	}
}

// TestHantLinksKeepThePagesBytes: links are relinked as written, in the
// page's charset, so that the browser encodes their paths as UTF-8 as it
// does for the origin's own page; percent-encoding a GBK page's bytes
// would name another path.
func TestHantLinksKeepThePagesBytes(t *testing.T) {
	const (
		xinwen = "\xd0\xc2\xce\xc5" // 新闻 in GBK
		diyi   = "\xb5\xda\xd2\xbb" // 第一 in GBK
	)
	for _, tc := range []struct{ name, in, want string }{
		{"an absolute path", `<a href="/` + xinwen + `/x.html">`, `<a href="/_zh-hant/` + xinwen + `/x.html">`},
		{"an absolute URL", `<a href="http://origin.example/` + xinwen + `/">`, `<a href="/_zh-hant/` + xinwen + `/">`},
		{"a relative path leaving the prefix, a query and a fragment", `<a href="../../` + xinwen + `/a.html?kw=` + xinwen + `#` + diyi + `">`,
			`<a href="/_zh-hant/` + xinwen + `/a.html?kw=` + xinwen + `#` + diyi + `">`},
		{"a form's action", `<form action="/` + xinwen + `/search">`, `<form action="/_zh-hant/` + xinwen + `/search">`},
		{"the page's own escapes", `<a href="/%D0%C2%CE%C5/%20a">`, `<a href="/_zh-hant/%D0%C2%CE%C5/%20a">`},
		{"UTF-8", `<a href="/新闻/x.html">`, `<a href="/_zh-hant/新闻/x.html">`},
		{"escaped dot segments", `<a href="/a/%2E%2e/b/%2e">`, `<a href="/_zh-hant/b/">`},
		{"a root without a slash", `<a href="http://origin.example">`, `<a href="/_zh-hant/">`},
		{"a base", `<base href="/` + xinwen + `/"><a href="../y.html"><a href="/z">`, `<base href="/_zh-hant/` + xinwen + `/"><a href="../y.html"><a href="/_zh-hant/z">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The converter reads UTF-8 only: a GBK page is relinked, not converted.
			rw := &rewriter{hant: true, from: "/dir/page.html", originHost: "origin.example"}
			if got := string(rw.rewrite([]byte("<body>" + tc.in + "</body>"))); got != "<body>"+tc.want+"</body>" {
				t.Errorf("got  %q\nwant %q", got, "<body>"+tc.want+"</body>")
			}
		})
	}
}

func TestHantLeavesTraditionalPages(t *testing.T) {
	in := `<html lang="zh-TW"><body><p>这</p><a href="/x">x</a></body></html>`
	rw := &rewriter{hant: true, conv: testConverter(t), langTo: "zh-Hant", from: "/p", originHost: "o",
		detect: func(lang, _ string) bool { return lang != "zh-TW" }}
	want := `<html lang="zh-TW"><body><p>这</p><a href="/_zh-hant/x">x</a></body></html>`
	if got := string(rw.rewrite([]byte(in))); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// FuzzRewrite checks that rewriting never fails and changes nothing it
// should not: with nothing to do the page is unchanged, and the inserted
// tag is the only difference otherwise.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{
		"", "<", "<html><head></head><body>这</body></html>", "<svg><text>这</text>", "<p title='这' lang=zh>发<b>",
		"<script>\"</head>\"</script></head>", "<!-- </body> --></body>", "<math><mi>这</mi></math></body>",
		"<base href=//x/><a href=../../a>", "&#21457;&amp;<title>  这 </title>", "<xvg><p>这",
	} {
		f.Add(s)
	}
	conv := testConverter(f)
	f.Fuzz(func(t *testing.T, in string) {
		if out := (&rewriter{}).rewrite([]byte(in)); !bytes.Equal(out, []byte(in)) {
			t.Fatalf("a rewriter with nothing to do changed %q into %q", in, out)
		}
		out := string((&rewriter{tag: tag}).rewrite([]byte(in)))
		if !strings.Contains(in, "yiyue") && strings.Replace(out, tag, "", 1) != in {
			t.Fatalf("inserting the tag into %q gave %q", in, out)
		}
		rw := &rewriter{tag: tag, hant: true, conv: conv, langTo: "zh-Hant", from: "/a/b", originHost: "o"}
		rw.rewrite([]byte(in))
	})
}
