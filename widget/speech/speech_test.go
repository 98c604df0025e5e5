package speech

import (
	"net/url"
	"testing"

	"github.com/yiyue-a11y/yiyue/widget/tts"
)

func TestParseEngine(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Engine
		ok   bool
	}{
		{"", None, true},
		{"browser", Browser, true},
		{" tts ", Service, true},
		{"TTS", None, false},
		{"espeak", None, false},
	} {
		got, ok := ParseEngine(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseEngine(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestChoose(t *testing.T) {
	for _, c := range []struct {
		force          Engine
		voice, service bool
		want           Engine
	}{
		{None, true, true, Browser},
		{None, false, true, Service},
		{None, true, false, Browser},
		{None, false, false, None},
		{Browser, false, true, None},
		{Browser, true, false, Browser},
		{Service, true, true, Service},
		{Service, true, false, None},
	} {
		if got := Choose(c.force, c.voice, c.service); got != c.want {
			t.Errorf("Choose(%v, voice %v, service %v) = %v, want %v", c.force, c.voice, c.service, got, c.want)
		}
	}
}

func TestServiceLang(t *testing.T) {
	for in, want := range map[string]string{
		"zh-CN": "zh-CN", "zh": "zh-CN", "zh-Hans": "zh-CN", "zh-Hans-CN": "zh-CN", "zh-SG": "zh-CN", "cmn": "zh-CN",
		"zh-TW": "zh-TW", "zh-Hant": "zh-TW", "zh-Hant-TW": "zh-TW", "zh_TW": "zh-TW",
		"zh-HK": "zh-HK", "zh-Hant-HK": "zh-HK", "zh-MO": "zh-HK", "yue": "zh-HK", "yue-Hant-HK": "zh-HK",
		"en": "en", "en-US": "en", "EN-gb": "en",
		"fr": "", "ja-JP": "", "": "",
	} {
		if got := ServiceLang(in); got != want {
			t.Errorf("ServiceLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every language ServiceLang produces is one the service accepts.
func TestServiceLangIsAccepted(t *testing.T) {
	for _, in := range []string{"zh-CN", "zh-Hant", "zh-HK", "en-GB"} {
		lang := ServiceLang(in)
		if _, err := tts.ParseRequest(url.Values{"text": {"你好"}, "lang": {lang}}); err != nil {
			t.Errorf("the service refuses %q (from %q): %v", lang, in, err)
		}
	}
}

func TestPickVoice(t *testing.T) {
	chrome := []Voice{
		{Lang: "en-US", Name: "Google US English"},
		{Lang: "zh-CN", Name: "Google 普通话（中国大陆）"},
		{Lang: "zh-HK", Name: "Google 粤語（香港）"},
		{Lang: "zh-TW", Name: "Google 國語（臺灣）"},
	}
	android := []Voice{
		{Lang: "zh_CN", Name: "cmn", Local: true},
		{Lang: "yue_HK", Name: "yue", Local: true},
	}
	mandarinOnly := []Voice{{Lang: "zh-CN", Name: "Ting-Ting"}}
	twOnly := []Voice{{Lang: "zh-TW", Name: "Mei-Jia"}}
	two := []Voice{{Lang: "zh-CN", Name: "remote"}, {Lang: "zh-CN", Name: "local", Local: true}}
	for _, c := range []struct {
		name   string
		voices []Voice
		lang   string
		want   int
	}{
		{"exact zh-CN", chrome, "zh-CN", 1},
		{"zh-Hans", chrome, "zh-Hans", 1},
		{"exact zh-TW", chrome, "zh-TW", 3},
		{"zh-Hant", chrome, "zh-Hant", 3},
		{"exact zh-HK", chrome, "zh-HK", 2},
		{"english", chrome, "en", 0},
		{"android underscore", android, "zh-CN", 0},
		{"android cantonese", android, "zh-HK", 1},
		{"mandarin stands in for taiwan", mandarinOnly, "zh-TW", 0},
		{"taiwan stands in for mainland", twOnly, "zh-CN", 0},
		{"mandarin never reads cantonese", mandarinOnly, "zh-HK", -1},
		{"no voices", nil, "zh-CN", -1},
		{"no chinese voice", []Voice{{Lang: "en-US"}}, "zh-CN", -1},
		{"local wins", two, "zh-CN", 1},
		{"french page", chrome, "fr", -1},
	} {
		if got := PickVoice(c.voices, c.lang); got != c.want {
			t.Errorf("%s: PickVoice(%q) = %d, want %d", c.name, c.lang, got, c.want)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct {
		endpoint, text, lang string
		rate                 float64
		want                 string
	}{
		{"/tts", "你好。", "zh-CN", 1, "/tts?text=%E4%BD%A0%E5%A5%BD%E3%80%82&lang=zh-CN&rate=1"},
		{"https://tts.example.gov.cn/v1?key=a", "a b&c=d", "en", 1.5, "https://tts.example.gov.cn/v1?key=a&text=a%20b%26c%3Dd&lang=en&rate=1.5"},
		{"https://x/tts?", "x", "zh-HK", 0.75, "https://x/tts?text=x&lang=zh-HK&rate=0.75"},
		{"https://x/tts#frag", "+/%", "zh-TW", 2, "https://x/tts?text=%2B%2F%25&lang=zh-TW&rate=2"},
	} {
		got := URL(c.endpoint, c.text, c.lang, c.rate)
		if got != c.want {
			t.Errorf("URL(%q, %q) = %q, want %q", c.endpoint, c.text, got, c.want)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("text") != c.text || q.Get("lang") != c.lang {
			t.Errorf("%q decodes to text %q lang %q", got, q.Get("text"), q.Get("lang"))
		}
	}
}

func TestStep(t *testing.T) {
	for _, c := range []struct{ cur, start, n, delta, want int }{
		{3, 0, 10, 1, 4},
		{3, 0, 10, -1, 2},
		{0, 0, 10, -1, 0},
		{9, 0, 10, 1, 9},
		{-1, 5, 10, 1, 6},
		{-1, 5, 10, -1, 4},
		{2, 0, 0, 1, -1},
	} {
		if got := Step(c.cur, c.start, c.n, c.delta); got != c.want {
			t.Errorf("Step(%d, %d, %d, %d) = %d, want %d", c.cur, c.start, c.n, c.delta, got, c.want)
		}
	}
}

func TestAhead(t *testing.T) {
	for _, c := range []struct {
		next, start, cur int
		want             bool
	}{
		{0, 0, -1, true},  // the first sentence
		{1, 0, -1, true},  // its successor, prefetched
		{2, 0, -1, false}, // not two ahead
		{2, 0, 1, true},   // once the second plays
		{7, 5, -1, false}, // from the middle
		{6, 5, -1, true},
		{8, 5, 7, true},
		{9, 5, 7, false},
	} {
		if got := Ahead(c.next, c.start, c.cur); got != c.want {
			t.Errorf("Ahead(%d, start %d, cur %d) = %v, want %v", c.next, c.start, c.cur, got, c.want)
		}
	}
}
