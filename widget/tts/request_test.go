package tts

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParseRequest(t *testing.T) {
	zh1000 := strings.Repeat("横", 1000)
	for _, tc := range []struct {
		name  string
		query string
		want  Request
		// For errors: the parameter at fault and words the message must
		// contain.
		param, msg string
	}{
		{name: "defaults", query: "text=你好", want: Request{Text: "你好", Lang: "zh-CN", Rate: 1}},
		{name: "all given", query: "text=你好&lang=zh-HK&rate=1.5&voice=f2", want: Request{Text: "你好", Lang: "zh-HK", Rate: 1.5, Voice: "f2"}},
		{name: "lang case-insensitive", query: "text=a&lang=ZH-tw", want: Request{Text: "a", Lang: "zh-TW", Rate: 1}},
		{name: "lang alias zh-Hans", query: "text=a&lang=zh-Hans", want: Request{Text: "a", Lang: "zh-CN", Rate: 1}},
		{name: "lang alias en-US", query: "text=a&lang=en-US", want: Request{Text: "a", Lang: "en", Rate: 1}},
		{name: "rate bounds", query: "text=a&rate=0.5", want: Request{Text: "a", Lang: "zh-CN", Rate: 0.5}},
		{name: "rate upper bound", query: "text=a&rate=2", want: Request{Text: "a", Lang: "zh-CN", Rate: 2}},
		{name: "white space trimmed", query: "text=%20%0A你好%09", want: Request{Text: "你好", Lang: "zh-CN", Rate: 1}},
		{name: "inner newline kept", query: "text=一%0D%0A二", want: Request{Text: "一\r\n二", Lang: "zh-CN", Rate: 1}},
		{name: "path traversal is just text", query: "text=../../etc/passwd", want: Request{Text: "../../etc/passwd", Lang: "zh-CN", Rate: 1}},
		{name: "option-like text is just text", query: "text=--help%20-v%20en", want: Request{Text: "--help -v en", Lang: "zh-CN", Rate: 1}},
		{name: "markup is just text", query: "text=%3Cspeak%3E你好%3C/speak%3E", want: Request{Text: "<speak>你好</speak>", Lang: "zh-CN", Rate: 1}},
		{name: "exactly 1000 characters", query: "text=" + url.QueryEscape(zh1000), want: Request{Text: zh1000, Lang: "zh-CN", Rate: 1}},
		{name: "unknown parameters ignored", query: "text=a&_=123", want: Request{Text: "a", Lang: "zh-CN", Rate: 1}},

		{name: "missing text", query: "lang=zh-CN", param: "text", msg: "missing"},
		{name: "empty text", query: "text=", param: "text", msg: "empty"},
		{name: "white space only", query: "text=%20%0A%09", param: "text", msg: "empty"},
		{name: "1001 characters", query: "text=" + url.QueryEscape(zh1000+"a"), param: "text", msg: "too long: 1001 characters, at most 1000"},
		{name: "2000 characters", query: "text=" + url.QueryEscape(zh1000+zh1000), param: "text", msg: "too long: 2000 characters"},
		{name: "invalid UTF-8", query: "text=%FF%FE", param: "text", msg: "not valid UTF-8"},
		{name: "truncated UTF-8", query: "text=%E6%A8", param: "text", msg: "not valid UTF-8"},
		{name: "NUL", query: "text=a%00b", param: "text", msg: "control character U+0000 at character 2"},
		{name: "escape", query: "text=%1B%5B31m", param: "text", msg: "U+001B"},
		{name: "DEL", query: "text=a%7F", param: "text", msg: "U+007F"},
		{name: "C1 control", query: "text=a%C2%85", param: "text", msg: "U+0085"},
		{name: "text twice", query: "text=a&text=b", param: "text", msg: "more than once"},
		{name: "bad lang", query: "text=a&lang=fr", param: "lang", msg: `"fr" is not supported; use one of zh-CN, zh-TW, zh-HK, en`},
		{name: "lang injection", query: "text=a&lang=zh-CN%20-s%20900", param: "lang", msg: "not supported"},
		{name: "rate too low", query: "text=a&rate=0.49", param: "rate", msg: "out of range; use 0.5 to 2"},
		{name: "rate too high", query: "text=a&rate=2.01", param: "rate", msg: "out of range"},
		{name: "rate negative", query: "text=a&rate=-1", param: "rate", msg: "out of range"},
		{name: "rate not a number", query: "text=a&rate=fast", param: "rate", msg: `"fast" is not a number`},
		{name: "rate NaN", query: "text=a&rate=NaN", param: "rate", msg: "not a number"},
		{name: "rate Inf", query: "text=a&rate=Inf", param: "rate", msg: "not a number"},
		{name: "rate huge", query: "text=a&rate=1e400", param: "rate", msg: "not a number"},
		{name: "rate empty means default", query: "text=a&rate=", want: Request{Text: "a", Lang: "zh-CN", Rate: 1}},
		{name: "bad voice", query: "text=a&voice=../../x", param: "voice", msg: "not supported"},
		{name: "voice with variant syntax", query: "text=a&voice=f2%2Bklatt", param: "voice", msg: "not supported"},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatalf("%s: bad test query: %v", tc.name, err)
		}
		got, err := ParseRequest(q)
		if tc.msg == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			} else if got != tc.want {
				t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			}
			continue
		}
		var re *RequestError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %+v, %v; want a *RequestError", tc.name, got, err)
			continue
		}
		if re.Status != http.StatusBadRequest || re.Param != tc.param || !strings.Contains(re.Error(), tc.msg) {
			t.Errorf("%s: error %d %q %q, want 400 for %s containing %q", tc.name, re.Status, re.Param, re.Error(), tc.param, tc.msg)
		}
	}
}

func TestParseHTTPRequest(t *testing.T) {
	for _, tc := range []struct {
		method, target string
		status         int
		msg            string
	}{
		{"GET", "/tts?text=a", 0, ""},
		{"HEAD", "/tts?text=a", 0, ""},
		{"POST", "/tts?text=a", 405, "method POST not allowed"},
		{"DELETE", "/tts?text=a", 405, "use GET or HEAD"},
		{"GET", "/tts?text=" + strings.Repeat("a", MaxQueryBytes), 414, "query string is"},
		{"GET", "/tts?text=%zz", 400, "malformed query"},
		{"GET", "/tts", 400, "text: missing"},
	} {
		r := httptest.NewRequest(tc.method, tc.target, nil)
		_, err := ParseHTTPRequest(r)
		if tc.status == 0 {
			if err != nil {
				t.Errorf("%s %s: %v", tc.method, tc.target, err)
			}
			continue
		}
		var re *RequestError
		if !errors.As(err, &re) || re.Status != tc.status || !strings.Contains(re.Error(), tc.msg) {
			t.Errorf("%s %.40s: %v, want %d %q", tc.method, tc.target, err, tc.status, tc.msg)
		}
	}
}

func TestRequestKey(t *testing.T) {
	a := Request{Text: "你好", Lang: "zh-CN", Rate: 1}
	b := Request{Text: "你好", Lang: "zh-CN", Rate: 1.001} // same espeak-ng speed
	c := Request{Text: "你好", Lang: "zh-TW", Rate: 1}
	d := Request{Text: "你好", Lang: "zh-CN", Rate: 1, Voice: "f2"}
	if a.Key() != b.Key() {
		t.Error("rates with the same speed have different keys")
	}
	if a.Key() == c.Key() || a.Key() == d.Key() {
		t.Error("different language or voice share a key")
	}
	if a.WPM() != 175 || (Request{Rate: 0.5}).WPM() != 88 || (Request{Rate: 2}).WPM() != 350 {
		t.Error("rate to words per minute mapping changed")
	}
}

// FuzzParseRequest checks that any query either fails with a 400 naming a
// parameter, or yields a request that obeys every rule and survives a round
// trip through Query.
func FuzzParseRequest(f *testing.F) {
	f.Add("text=你好&lang=zh-CN&rate=1")
	f.Add("text=../../etc/passwd&lang=EN&rate=2")
	f.Add("text=%FF&lang=fr&rate=3")
	f.Add("text=a%00b&rate=NaN&voice=f2")
	f.Add("text=--help&text=b&lang=zh-hk&rate=0.5e0")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, err := ParseRequest(q)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Status != http.StatusBadRequest || re.Reason == "" {
				t.Fatalf("error %v is not a 400 RequestError", err)
			}
			if !utf8.ValidString(re.Error()) {
				t.Fatalf("message is not valid UTF-8: %q", re.Error())
			}
			return
		}
		if r.Text == "" || !utf8.ValidString(r.Text) || utf8.RuneCountInString(r.Text) > MaxTextRunes ||
			r.Text != strings.TrimSpace(r.Text) {
			t.Fatalf("accepted bad text %q", r.Text)
		}
		for _, c := range r.Text {
			if unicode.IsControl(c) && !strings.ContainsRune("\t\n\r", c) {
				t.Fatalf("accepted control character %U", c)
			}
		}
		if !slices.Contains(Languages, r.Lang) {
			t.Fatalf("accepted lang %q", r.Lang)
		}
		if !(r.Rate >= MinRate && r.Rate <= MaxRate) {
			t.Fatalf("accepted rate %v", r.Rate)
		}
		if r.Voice != "" && !slices.Contains(Voices, r.Voice) {
			t.Fatalf("accepted voice %q", r.Voice)
		}
		again, err := ParseRequest(r.Query())
		if err != nil || again != r {
			t.Fatalf("round trip of %+v gave %+v, %v", r, again, err)
		}
	})
}
