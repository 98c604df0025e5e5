package script

import "testing"

func TestFromLang(t *testing.T) {
	for tag, want := range map[string]Script{
		"zh-CN": Simplified, "zh-Hans": Simplified, "zh-Hans-CN": Simplified, "zh-SG": Simplified,
		"zh-TW": Traditional, "zh-HK": Traditional, "zh-Hant": Traditional, "ZH-hant-tw": Traditional, "zh-MO": Traditional,
		"zh-Hans-HK": Simplified, "zh-Hans-TW": Simplified, "zh-Hant-CN": Traditional,
		"zh": Unknown, "en": Unknown, "": Unknown,
	} {
		if got := FromLang(tag); got != want {
			t.Errorf("FromLang(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestLang(t *testing.T) {
	type r struct {
		s       Script
		chinese bool
	}
	for tag, want := range map[string]r{
		"zh-CN": {Simplified, true}, "zh_CN": {Simplified, true}, "zh-cmn-Hans-CN": {Simplified, true}, "zh-CHS": {Simplified, true},
		"zh-SG": {Simplified, true}, "zh-MY": {Simplified, true}, "zh-Hans-HK": {Simplified, true}, "cmn-Hans": {Simplified, true},
		"zh-TW": {Traditional, true}, "ZH-hant-tw": {Traditional, true}, "zh-CHT": {Traditional, true}, "zh-Hant-CN": {Traditional, true},
		"zh-cmn-Hant": {Traditional, true}, "zh-MO": {Traditional, true},
		"zh": {Unknown, true}, "zh-cmn": {Unknown, true}, "cmn": {Unknown, true},
		"zh-yue": {Unknown, false}, "yue-HK": {Unknown, false}, "en": {Unknown, false}, "ja-CN": {Unknown, false}, "": {Unknown, false}, "zhx": {Unknown, false},
	} {
		if s, c := Lang(tag); s != want.s || c != want.chinese {
			t.Errorf("Lang(%q) = %v, %v, want %v, %v", tag, s, c, want.s, want.chinese)
		}
	}
}

func TestDetect(t *testing.T) {
	for text, want := range map[string]Script{
		"横沥镇党委、政府深入学习贯彻习近平总书记系列重要讲话精神，现将全年工作情况汇报如下": Simplified,
		"橫瀝鎮黨委、政府深入學習貫徹習近平總書記系列重要講話精神，現將全年工作情況匯報如下": Traditional,
		"the quick brown fox": Unknown,
		"中文":                  Unknown,
	} {
		if got := Detect(text); got != want {
			t.Errorf("Detect(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestPairsAlign(t *testing.T) {
	if len(simplifiedOnly) != len(traditionalOnly) {
		t.Fatalf("%d simplified but %d traditional characters", len(simplifiedOnly), len(traditionalOnly))
	}
}
