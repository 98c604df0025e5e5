package speech

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzURL: whatever the page's text, the request for it carries exactly
// that text, lang and rate, and nothing else the text could inject (no
// extra parameter, no fragment, no change to the endpoint's path).
func FuzzURL(f *testing.F) {
	f.Add("https://tts.example.gov.cn/speak?key=1#x", "你好&lang=en#frag", "zh-CN", 1.5)
	f.Add("/tts", "a=b&text=c%20d\x00\n", "zh-HK", 0.5)
	f.Add("/tts?", "../../etc/passwd?x=1", "en", 2.0)
	f.Add("http://127.0.0.1/tts&", "\xff\xfe", "", 1.0)
	f.Fuzz(func(t *testing.T, endpoint, text, lang string, rate float64) {
		if strings.ContainsAny(endpoint, "?#") && strings.Count(endpoint, "?") > 1 || strings.ContainsAny(endpoint, " %\x00\\") {
			return // not an endpoint a page can name (the glue resolves it to a URL first)
		}
		got := URL(endpoint, text, lang, rate)
		u, err := url.Parse(got)
		if err != nil {
			base, _, _ := strings.Cut(endpoint, "#")
			if _, err2 := url.Parse(base); err2 != nil {
				return // the endpoint itself does not parse
			}
			t.Fatalf("URL(%q, %q) = %q does not parse: %v", endpoint, text, got, err)
		}
		if u.Fragment != "" {
			t.Fatalf("fragment %q in %q", u.Fragment, got)
		}
		q := u.Query()
		if q.Get("text") != strings.ToValidUTF8(text, "\uFFFD") && q.Get("text") != text {
			t.Fatalf("text %q came back as %q", text, q.Get("text"))
		}
		if len(q["text"]) != 1 || len(q["lang"]) != 1 || len(q["rate"]) != 1 {
			t.Fatalf("%q: the parameters are not given once each: %v", got, q)
		}
		if q.Get("lang") != lang || q.Get("rate") != strconv.FormatFloat(rate, 'f', -1, 64) {
			t.Fatalf("%q: lang %q rate %q", got, q.Get("lang"), q.Get("rate"))
		}
	})
}
