package i18n

import (
	"strings"
	"testing"
)

func TestEveryStringExistsInEveryLanguage(t *testing.T) {
	for _, l := range Langs {
		for k := Key(0); k < numKeys; k++ {
			if T(l, k) == "" {
				t.Errorf("%s: key %d has no text", l.Tag(), k)
			}
		}
	}
}

func TestPick(t *testing.T) {
	for _, c := range []struct {
		tag  string
		want Lang
	}{
		{"zh-CN", Hans}, {"zh-Hans", Hans}, {"zh", Hans}, {"", Hans},
		{"zh-TW", Hant}, {"zh-HK", Hant}, {"zh-Hant-TW", Hant}, {"ZH-hant", Hant},
		{"en", En}, {"en-GB", En}, {"en_US", En}, {"english", En},
		{"zh_TW", Hant}, {"zh_HK", Hant}, {"zh_CN", Hans},
	} {
		if got := Pick(c.tag); got != c.want {
			t.Errorf("Pick(%q) = %v, want %v", c.tag, got, c.want)
		}
	}
}

func TestKnown(t *testing.T) {
	for _, c := range []struct {
		tag  string
		want bool
	}{
		{"zh-Hans", true}, {"zh-Hant", true}, {" ZH ", true}, {"zh-TW", true}, {"en", true}, {"en-GB", true},
		{"en_US", true}, {"english", true}, {"zh_TW", true}, {"zh_CN", true},
		{"", false}, {"fr", false}, {"zhs", false}, {"chinese", false},
	} {
		if got := Known(c.tag); got != c.want {
			t.Errorf("Known(%q) = %v, want %v", c.tag, got, c.want)
		}
	}
}

func TestPlaceholdersMatchAcrossLanguages(t *testing.T) {
	for k := Key(0); k < numKeys; k++ {
		want := strings.Count(T(Hans, k), "{}")
		for _, l := range Langs {
			if got := strings.Count(T(l, k), "{}"); got != want {
				t.Errorf("%s: key %d has %d placeholders, %s has %d", l.Tag(), k, got, Hans.Tag(), want)
			}
			if s := T(l, k); s != strings.TrimSpace(s) {
				t.Errorf("%s: key %d has surrounding space: %q", l.Tag(), k, s)
			}
		}
	}
	if got := Fill(En, HelpPrivacy, "tts.example.gov.cn"); !strings.Contains(got, "at tts.example.gov.cn to") {
		t.Errorf("Fill = %q", got)
	}
}

// The Traditional table must not be the Simplified one copied: every
// string that holds a character with a different Traditional form must
// differ. These characters occur in the table's Simplified strings.
func TestTraditionalStringsAreConverted(t *testing.T) {
	const simplifiedOnly = "简无碍关闭帮设边动语读连这处时务发声线览键网页复缩钮长启变辅择选过话开图标题链编辑载暂换为认样销级显条随间对从头点继续预说"
	for k := Key(0); k < numKeys; k++ {
		for _, r := range T(Hant, k) {
			if strings.ContainsRune(simplifiedOnly, r) {
				t.Errorf("zh-Hant key %d (%q) has the Simplified character %c", k, T(Hant, k), r)
			}
		}
	}
}

func TestFollow(t *testing.T) {
	for _, c := range []struct {
		base   Lang
		script string
		want   Lang
	}{
		{Hans, "original", Hans}, {Hans, "traditional", Hant}, {Hans, "simplified", Hans},
		{Hant, "original", Hant}, {Hant, "simplified", Hans}, {Hant, "traditional", Hant},
		{En, "traditional", En}, {En, "simplified", En}, {En, "original", En},
	} {
		if got := Follow(c.base, c.script); got != c.want {
			t.Errorf("Follow(%s, %s) = %s, want %s", c.base.Tag(), c.script, got.Tag(), c.want.Tag())
		}
	}
}
