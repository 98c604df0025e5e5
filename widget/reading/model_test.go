package reading

import (
	"reflect"
	"testing"
)

type want struct {
	text   string
	ranges []Range
}

func checkSentences(t *testing.T, m *Model, ws []want) {
	t.Helper()
	if len(m.Sentences) != len(ws) {
		t.Fatalf("got %d sentences %q, want %d", len(m.Sentences), texts(m), len(ws))
	}
	for i, w := range ws {
		s := m.Sentences[i]
		if s.Text != w.text || !reflect.DeepEqual(s.Ranges, w.ranges) {
			t.Errorf("sentence %d: got %q %v, want %q %v", i, s.Text, s.Ranges, w.text, w.ranges)
		}
	}
}

func texts(m *Model) []string {
	var out []string
	for _, s := range m.Sentences {
		out = append(out, s.Text)
	}
	return out
}

func TestRanges(t *testing.T) {
	tests := []struct {
		name  string
		build func(p *page)
		opt   Options
		want  []want
	}{
		{"astral characters count two UTF-16 units", func(p *page) {
			p.text("😀表情𠀀字。下一句。")
		}, Options{}, []want{
			{"😀表情𠀀字。", []Range{{0, 0, 8}}},
			{"下一句。", []Range{{0, 8, 12}}},
		}},
		{"sentence across inline elements", func(p *page) {
			// <p>横沥<b>镇党委</b>召开会议。第二句</p>
			p.pair(Block, Block, "", func() {
				p.text("横沥")
				p.text("镇党委")
				p.text("召开会议。第二句")
			})
		}, Options{}, []want{
			{"横沥镇党委召开会议。", []Range{{1, 0, 2}, {2, 0, 3}, {3, 0, 5}}},
			{"第二句", []Range{{3, 5, 8}}},
		}},
		{"white space mapped to its own node", func(p *page) {
			// <p>\n  Hello <b>big</b>\n <i>world</i>. Next 𠀀.</p>
			p.pair(Block, Block, "", func() {
				p.text("\n  Hello ")
				p.text("big")
				p.text("\n ")
				p.text("world")
				p.text(". Next 𠀀.")
			})
		}, Options{}, []want{
			{"Hello big world.", []Range{{1, 3, 9}, {2, 0, 3}, {3, 0, 2}, {4, 0, 5}, {5, 0, 1}}},
			{"Next 𠀀.", []Range{{5, 2, 10}}},
		}},
		{"blocks and br end sentences", func(p *page) {
			p.pair(Block, Block, "", func() { p.text("第一段没有句号") })
			p.pair(Block, Block, "", func() {
				p.text("第二段")
				p.block() // <br>
				p.text("换行")
			})
		}, Options{}, []want{
			{"第一段没有句号", []Range{{1, 0, 7}}},
			{"第二段", []Range{{4, 0, 3}}},
			{"换行", []Range{{6, 0, 2}}},
		}},
		{"items set apart are heard apart", func(p *page) {
			// <div><span>来源：横沥镇人民政府</span>
			//      <span>发布日期：2021年</span></div>
			// <li><a>年度报告</a><span>2021-01-11</span></li>
			// <p>横沥镇
			// 人民政府</p>
			p.pair(Block, Block, "", func() {
				p.text("来源：横沥镇人民政府")
				p.text("\n      ")
				p.text("发布日期：2021年")
			})
			p.pair(Block, Block, "", func() {
				p.pair(LinkStart, LinkEnd, "", func() { p.text("年度报告") })
				p.text("2021-01-11")
			})
			p.pair(Block, Block, "", func() { p.text("横沥镇\n人民政府") })
		}, Options{AnnounceLinks: true, Roles: DefaultRoles("zh-CN")}, []want{
			{"来源：横沥镇人民政府，发布日期：2021年", []Range{{1, 0, 10}, {3, 0, 10}}},
			{"链接：年度报告，2021-01-11", []Range{{7, 0, 4}, {9, 0, 10}}},
			{"横沥镇人民政府", []Range{{12, 0, 3}, {12, 4, 8}}},
		}},
		{"links read as their text", func(p *page) {
			p.text("请访问")
			p.pair(LinkStart, LinkEnd, "", func() { p.text("政务公开") })
			p.text("。")
		}, Options{}, []want{
			{"请访问政务公开。", []Range{{0, 0, 3}, {2, 0, 4}, {4, 0, 1}}},
		}},
		{"links announced", func(p *page) {
			p.text("请访问 ")
			p.pair(LinkStart, LinkEnd, "", func() { p.text("政务公开") })
			p.pair(LinkStart, LinkEnd, "", func() { p.img("") }) // icon link, nothing to say
			p.text("。")
		}, Options{AnnounceLinks: true, Roles: DefaultRoles("zh-CN")}, []want{
			{"请访问，链接：政务公开。", []Range{{0, 0, 3}, {2, 0, 4}, {7, 0, 1}}},
		}},
		{"labelled link read as its label", func(p *page) {
			p.pair(Block, Block, "", func() {
				p.text("返回")
				p.pair(LinkStart, LinkEnd, "网站首页", func() {
					p.img("房子图标")
					p.text("首页")
				})
			})
		}, Options{}, []want{
			{"返回 网站首页", []Range{{1, 0, 2}, {2, -1, -1}}},
		}},
		{"table cells read after their headers", func(p *page) {
			// <tr><th>地区生产总值</th><td>亿元</td><td><p>362.58</p></td>
			// <td></td><td>备注</td></tr>, the <td>s under 单位, 2020年,
			// 同比, and a blank header.
			p.pair(Block, Block, "", func() { p.text("地区生产总值") })
			p.pair(CellStart, CellEnd, " 单位\n", func() { p.text("亿元") })
			p.pair(CellStart, CellEnd, "2020年", func() {
				p.pair(Block, Block, "", func() { p.text("362.58") })
			})
			p.pair(CellStart, CellEnd, "同比", func() { p.text(" ") })
			p.pair(CellStart, CellEnd, " ", func() { p.text("备注") })
		}, Options{Roles: DefaultRoles("zh-CN")}, []want{
			{"地区生产总值", []Range{{1, 0, 6}}},
			{"单位：亿元", []Range{{4, 0, 2}}},
			{"2020年：362.58", []Range{{8, 0, 6}}},
			{"备注", []Range{{15, 0, 2}}},
		}},
		{"images read as alt text, decorative ones skipped", func(p *page) {
			p.text("国徽")
			p.img("中华人民共和国国徽")
			p.img("")
			p.img("  ")
			p.text("下方是标题。")
		}, Options{AnnounceImages: true, Roles: DefaultRoles("zh-CN")}, []want{
			{"国徽，图片：中华人民共和国国徽，下方是标题。", []Range{{0, 0, 2}, {1, -1, -1}, {4, 0, 6}}},
		}},
		{"headings announced and alone", func(p *page) {
			p.pair(HeadingStart, HeadingEnd, "", func() { p.text("通知公告") })
			p.text("正文。")
		}, Options{AnnounceHeadings: true, Roles: DefaultRoles("en")}, []want{
			{"heading: 通知公告", []Range{{1, 0, 4}}},
			{"正文。", []Range{{3, 0, 3}}},
		}},
		{"form controls with role words", func(p *page) {
			p.pair(Block, Block, "", func() { p.control("textbox", "姓名") })
			p.pair(Block, Block, "", func() { p.control("button", " 提交\n申请 ") })
			p.pair(Block, Block, "", func() { p.control("button", "") })
			p.pair(Block, Block, "", func() { p.control("unknownrole", "") })
		}, Options{Roles: DefaultRoles("zh-CN")}, []want{
			{"编辑框：姓名", []Range{{1, -1, -1}}},
			{"按钮：提交，申请", []Range{{4, -1, -1}}},
			{"按钮", []Range{{7, -1, -1}}},
		}},
		{"controls in a row are set apart, with their states", func(p *page) {
			p.pair(Block, Block, "", func() {
				p.control("button", "大")
				p.control("button", "中")
				p.control("checkbox/checked", "我已同意")
				p.text("。")
			})
		}, Options{Roles: DefaultRoles("zh-CN")}, []want{
			{"按钮：大，按钮：中，复选框：我已同意，已选中。", []Range{{1, -1, -1}, {2, -1, -1}, {3, -1, -1}, {4, 0, 1}}},
		}},
		{"skipped regions", func(p *page) {
			p.pair(SkipStart, SkipEnd, "", func() { p.text("网站首页") })
			p.pair(Block, Block, "", func() { p.text("正文。") })
			p.pair(SkipStart, SkipEnd, "", func() { p.text("版权所有") })
		}, Options{}, []want{
			{"正文。", []Range{{4, 0, 3}}},
		}},
		{"skipped region read when reading starts there", func(p *page) {
			p.pair(SkipStart, SkipEnd, "", func() {
				p.text("网站首页")
				p.pair(SkipStart, SkipEnd, "", func() { p.text("导航") })
			})
			p.pair(Block, Block, "", func() { p.text("正文。") })
			p.pair(SkipStart, SkipEnd, "", func() { p.text("版权所有") })
		}, Options{Start: 3, HasStart: true}, []want{
			{"网站首页", []Range{{1, 0, 4}}},
			{"导航", []Range{{3, 0, 2}}},
			{"正文。", []Range{{7, 0, 3}}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &page{lang: "zh-CN"}
			tc.build(p)
			m := Build(p.segs, tc.opt)
			checkSentences(t, m, tc.want)
			if len(tc.opt.Roles.Words) == 0 {
				checkModel(t, p.segs, tc.opt, m)
			}
		})
	}
}

func TestLang(t *testing.T) {
	p := &page{lang: "zh-CN"}
	p.pair(Block, Block, "", func() {
		p.text("欢迎访问")
		p.lang = "en"
		p.text("Nansha")
		p.lang = "zh-CN"
		p.text("网站。")
	})
	p.lang = "en"
	p.pair(Block, Block, "", func() {
		p.text("Mostly English words ")
		p.lang = "zh-HK"
		p.text("粵語")
	})
	p.lang = ""
	p.pair(Block, Block, "", func() { p.text("无标注。") })
	m := Build(p.segs, Options{DefaultLang: "zh-TW"})
	var got []string
	for _, s := range m.Sentences {
		got = append(got, s.Lang)
	}
	if want := []string{"zh-CN", "en", "zh-TW"}; !reflect.DeepEqual(got, want) {
		t.Errorf("langs %q of %q, want %q", got, texts(m), want)
	}
}

func TestAt(t *testing.T) {
	p := &page{lang: "zh-CN"}
	p.pair(SkipStart, SkipEnd, "", func() { p.text("导航") }) // 0–2
	p.pair(Block, Block, "", func() {                       // 3
		p.text("第一句。第二句。") // 4
		p.text("第三")       // 5
	})
	p.pair(Block, Block, "", func() { p.img("地图") })   // 7, 8
	p.text("  ")                                       // 10
	p.pair(Block, Block, "", func() { p.text("末句。") }) // 11, 12
	m := Build(p.segs, Options{})
	if len(m.Sentences) != 5 {
		t.Fatalf("sentences %q", texts(m))
	}
	for _, tc := range []struct{ node, off, want int }{
		{1, 0, 0},  // in the skipped navigation: the first sentence after it
		{4, 0, 0},  // start of the first sentence
		{4, 3, 0},  // on its terminator
		{4, 4, 1},  // the caret after "。" starts the next one
		{4, 7, 1},  // last character of the second
		{4, 8, 2},  // end of the text node: the sentence going on in node 5
		{5, 1, 2},  // inside the third, in another node
		{6, 0, 3},  // a block element between: the image after it
		{8, 0, 3},  // the image element itself
		{10, 1, 4}, // white space between blocks
		{12, 2, 4}, // inside the last
		{12, 3, 4}, // at its end: the last sentence
		{99, 0, 4}, // after everything
	} {
		if got := m.At(tc.node, tc.off); got != tc.want {
			t.Errorf("At(%d, %d) = %d, want %d", tc.node, tc.off, got, tc.want)
		}
	}
	if got := (&Model{}).At(0, 0); got != -1 {
		t.Errorf("At on an empty model = %d, want -1", got)
	}
}

func TestUtterance(t *testing.T) {
	zh, hant, en := DefaultRoles("zh-CN"), DefaultRoles("zh-HK"), DefaultRoles("en-GB")
	tests := []struct {
		role, name string
		roles      Roles
		want       string
	}{
		{"link", "政务公开", zh, "链接：政务公开"},
		{"link", "政務公開", hant, "連結：政務公開"},
		{"button", " 提交\n 申请 ", zh, "按钮：提交 申请"},
		{"img", "国徽", zh, "图片：国徽"},
		{"img", "", zh, ""},
		{"img", " ", en, ""},
		{"textbox", "姓名", zh, "编辑框：姓名"},
		{"textbox", "", en, "edit text"},
		{"checkbox", "I agree", en, "checkbox: I agree"},
		{"", "  一段\n文字。 ", zh, "一段 文字。"},
		{"", "", zh, ""},
		{"nosuchrole", "名称", zh, "名称"},
		{"link", "政务公开", Roles{}, "政务公开"},
		{"checkbox/checked", "我已同意", zh, "复选框：我已同意，已选中"},
		{"radio/unchecked", "電話", hant, "選項按鈕：電話，未選取"},
		{"button/collapsed", "Menu", en, "button: Menu, collapsed"},
		{"button/nosuchstate", "菜单", zh, "按钮：菜单"},
		{"checkbox/checked", "我已同意", Roles{}, "我已同意"},
	}
	for _, tc := range tests {
		if got := Utterance(tc.role, tc.name, tc.roles); got != tc.want {
			t.Errorf("Utterance(%q, %q) = %q, want %q", tc.role, tc.name, got, tc.want)
		}
	}
}

func TestChooseMain(t *testing.T) {
	b := func(parent, text, links int) Candidate { return Candidate{CandBlock, parent, text, links} }
	tests := []struct {
		name string
		c    []Candidate
		want int
	}{
		{"none", nil, -1},
		{"all empty", []Candidate{b(-1, 0, 0), {CandMain, 0, 0, 0}}, 0 - 1},
		{"main wins over a bigger block", []Candidate{b(-1, 1000, 0), b(0, 900, 0), {CandMain, 0, 100, 0}}, 2},
		{"empty main ignored", []Candidate{b(-1, 1000, 0), {CandMain, 0, 0, 0}, {CandRoleMain, 0, 50, 0}}, 2},
		{"role=main before article", []Candidate{b(-1, 1000, 0), {CandArticle, 0, 500, 0}, {CandRoleMain, 0, 200, 0}}, 2},
		{"largest article", []Candidate{b(-1, 1000, 0), {CandArticle, 0, 300, 0}, {CandArticle, 0, 600, 0}}, 2},
		{"article of links loses", []Candidate{b(-1, 1000, 0), {CandArticle, 0, 600, 550}, {CandArticle, 0, 300, 0}}, 2},
		{"wrappers passed, sidebar left out", []Candidate{
			b(-1, 1100, 300), // 0 body
			b(0, 1080, 290),  // 1 wrapper
			b(1, 200, 200),   // 2 nav: all links
			b(1, 800, 20),    // 3 content
			b(3, 700, 0),     // 4 article text
			b(3, 60, 20),     // 5 info line
			b(1, 80, 70),     // 6 footer
		}, 4},
		{"stops where text divides", []Candidate{
			b(-1, 1000, 0),
			b(0, 600, 0),
			b(0, 400, 0),
		}, 0},
		{"bad parents are roots", []Candidate{b(5, 10, 0), b(1, 20, 0)}, 1},
	}
	for _, tc := range tests {
		if got := ChooseMain(tc.c); got != tc.want {
			t.Errorf("%s: ChooseMain = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestHeaded(t *testing.T) {
	hans, en := DefaultRoles("zh-CN"), DefaultRoles("en")
	tests := []struct {
		head, text string
		roles      Roles
		want       string
	}{
		{"单位", "亿元", hans, "单位：亿元"},
		{" 2020年\n 同比 ", "+4.6%", hans, "2020年 同比：+4.6%"},
		{"", "亿元", hans, "亿元"},
		{" \u200b", "亿元", hans, "亿元"},
		{"单位", "", hans, ""},
		{"Unit", "km", en, "Unit: km"},
	}
	for _, c := range tests {
		if got := Headed(c.head, c.text, c.roles); got != c.want {
			t.Errorf("Headed(%q, %q) = %q, want %q", c.head, c.text, got, c.want)
		}
	}
}
