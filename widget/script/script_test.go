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
