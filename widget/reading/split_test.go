package reading

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	long := strings.Repeat("政务服务", 25) // 100 characters
	tests := []struct {
		name   string
		in     string
		maxLen int
		want   []string
	}{
		{"empty", "", 0, nil},
		{"only space", " \n\t\u00a0\u3000 ", 0, nil},
		{"only punctuation", "。。。 | ——", 0, nil},
		{"chinese terminators", "今天天气很好。我们去公园吧！你去吗？好；走", 0,
			[]string{"今天天气很好。", "我们去公园吧！", "你去吗？", "好；", "走"}},
		{"report sentences", "二是做好“关键少数”学法工作。建立《横沥镇人民政府学法制度》,将“不忘初心、牢记使命”主题教育相结合。", 0,
			[]string{"二是做好“关键少数”学法工作。", "建立《横沥镇人民政府学法制度》,将“不忘初心、牢记使命”主题教育相结合。"}},
		{"years and numbers stay", "2020年,结案率为79.6%,涉案金额796.41万元。", 0,
			[]string{"2020年,结案率为79.6%,涉案金额796.41万元。"}},
		{"dates in quotes", "利用关键时间节点开展“3.8”妇女维权周普法宣传活动,“6.26”国际禁毒日校园普法讲座。", 0,
			[]string{"利用关键时间节点开展“3.8”妇女维权周普法宣传活动,“6.26”国际禁毒日校园普法讲座。"}},
		{"full-width decimal", "增长３．５倍。完", 0, []string{"增长３．５倍。", "完"}},
		{"ellipsis", "我想……算了。好吧…", 0, []string{"我想……", "算了。", "好吧…"}},
		{"terminator runs", "真的？！What?! No...really. OK...", 0, []string{"真的？！", "What?!", "No...really.", "OK..."}},
		{"closing quote stays", "他说：“你好。”然后走了。", 0, []string{"他说：“你好。”", "然后走了。"}},
		{"corner brackets", "「走吧！」她说。『好。』", 0, []string{"「走吧！」", "她说。", "『好。』"}},
		{"closing bracket", "（见附件。）下一句。", 0, []string{"（见附件。）", "下一句。"}},
		{"mixed chinese english", "欢迎访问 Nansha District. 我们提供服务。Welcome to Nansha.", 0,
			[]string{"欢迎访问 Nansha District.", "我们提供服务。", "Welcome to Nansha."}},
		{"western period before chinese", "工作总结.下一步计划.", 0, []string{"工作总结.", "下一步计划."}},
		{"urls and versions", "访问www.gov.cn了解IPv6 v1.2.3版本。", 0, []string{"访问www.gov.cn了解IPv6 v1.2.3版本。"}},
		{"abbreviations", "Use a verb, e.g. run. Dr. Li came at 3 p.m. Then she left. Apples, pears etc. are fruit. The end etc. Next.", 0,
			[]string{"Use a verb, e.g. run.", "Dr. Li came at 3 p.m.", "Then she left.", "Apples, pears etc. are fruit.", "The end etc.", "Next."}},
		{"numbered items", "1.加强学习。2.落实制度。 3. Review it.", 0, []string{"1.加强学习。", "2.落实制度。", "3. Review it."}},
		{"western semicolon", "Yes; indeed. 是的;没错", 0, []string{"Yes;", "indeed.", "是的;", "没错"}},
		{"white space collapsed", "  a \n\t b  c\u00a0\u00a0d ", 0, []string{"a b c d"}},
		{"line break between chinese dropped", "横沥镇\n人民政府\n Nansha\n镇", 0, []string{"横沥镇人民政府 Nansha 镇"}},
		{"invisible characters dropped", "政\u200b务\u00ad公开\ufeff。", 0, []string{"政务公开。"}},
		{"long broken at last comma", long + "，" + long + "。", 0, []string{long + "，", long + "。"}},
		{"comma keeps its quote", strings.Repeat("法", 90) + "“依法行政，”" + strings.Repeat("治", 40) + "。", 0,
			[]string{strings.Repeat("法", 90) + "“依法行政，”", strings.Repeat("治", 40) + "。"}},
		{"long without comma broken hard", strings.Repeat("法", 250), 0,
			[]string{strings.Repeat("法", 120), strings.Repeat("法", 120), strings.Repeat("法", 10)}},
		{"hard break keeps numbers whole", strings.Repeat("法", 115) + "12345678901234567890", 0,
			[]string{strings.Repeat("法", 115), "12345678901234567890"}},
		{"thousands separator is not a comma", strings.Repeat("款", 10) + "1,000,000" + strings.Repeat("元", 5), 10,
			[]string{strings.Repeat("款", 10), "1,000,000" + strings.Repeat("元", 5)}},
		{"an address is not broken at its colon", strings.Repeat("址", 10) + "，详见https://www.gov.cn/zhengce/" + strings.Repeat("网", 4), 20,
			[]string{strings.Repeat("址", 10) + "，", "详见https://www.gov.cn/zhengce/" + strings.Repeat("网", 4)}},
		{"english broken at a space", strings.Repeat("word ", 60) + "end.", 0,
			[]string{strings.TrimSpace(strings.Repeat("word ", 48)), strings.Repeat("word ", 12) + "end."}},
		{"early comma loses to a space", "Yes, " + strings.Repeat("word ", 50), 0,
			[]string{"Yes, " + strings.TrimSpace(strings.Repeat("word ", 47)), strings.TrimSpace(strings.Repeat("word ", 3))}},
		{"configurable limit", "一二三四五六七八九十", 4, []string{"一二三四", "五六七八", "九十"}},
		{"astral characters", "𠀀𠀁😀。下", 0, []string{"𠀀𠀁😀。", "下"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Split(tc.in, tc.maxLen)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Split(%q, %d):\n got %q\nwant %q", tc.in, tc.maxLen, got, tc.want)
			}
		})
	}
}

func TestSplitReport(t *testing.T) {
	p := reportPage(t)
	opt := Options{DefaultLang: "zh-CN"}
	m := Build(p.segs, opt)
	checkModel(t, p.segs, opt, m)
	var texts []string
	for _, s := range m.Sentences {
		texts = append(texts, s.Text)
		if s.Lang != "zh-CN" {
			t.Errorf("sentence %q: lang %q", s.Text, s.Lang)
		}
	}
	for _, want := range []string{
		"镇街法治政府建设报告",
		"广州市南沙区横沥镇人民政府2020年法治政府建设年度报告",
		"一、工作开展情况",
		"(一)围绕党建引领,高位统筹谋划法治政府建设。",
		"一是切实履行法治政府建设第一责任人制度。",
		"全年共接收群众来访来电来信192宗、320人次,目前已办结案件153宗,结案率为79.6%。",
		"利用关键时间节点开展“3.8”妇女维权周普法宣传活动,“6.26”国际禁毒日校园普法讲座、“12.4”国家宪法日系列宣传活动等普法活动,营造辖区“学法 守法 尊法 用法”法治氛围。",
		"联系电话:020-12345",
	} {
		if !slices.Contains(texts, want) {
			t.Errorf("no sentence %q", want)
		}
	}
	if len(texts) < 120 || len(texts) > 140 {
		t.Errorf("%d sentences, want 120–140", len(texts))
	}
}
