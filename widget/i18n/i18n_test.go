package i18n

import "testing"

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
		{"en", En}, {"en-GB", En},
	} {
		if got := Pick(c.tag); got != c.want {
			t.Errorf("Pick(%q) = %v, want %v", c.tag, got, c.want)
		}
	}
}
