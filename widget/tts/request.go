package tts

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a request.
const (
	// MaxTextRunes is the longest text accepted, in characters (runes).
	MaxTextRunes = 1000
	// MaxQueryBytes bounds the raw query string. A valid request needs at
	// most about 12 KB (1,000 characters of up to four UTF-8 bytes,
	// percent-encoded); the limit is well above that so that a text that is
	// merely too long gets the clearer 400 naming its length.
	MaxQueryBytes = 64 << 10
	// MinRate and MaxRate bound the speaking rate; 1 is normal speed.
	MinRate, MaxRate = 0.5, 2.0
	// BaseWPM is espeak-ng's normal speed in words per minute, used for
	// rate 1.
	BaseWPM = 175
)

// Languages lists the accepted values of the lang parameter, in canonical
// form. Matching is case-insensitive.
var Languages = []string{"zh-CN", "zh-TW", "zh-HK", "en"}

// langAliases maps other spellings a page's lang attribute commonly has
// (lower-cased) to a canonical language.
var langAliases = map[string]string{
	"zh-cn": "zh-CN", "zh": "zh-CN", "zh-hans": "zh-CN", "zh-hans-cn": "zh-CN", "zh-sg": "zh-CN",
	"zh-tw": "zh-TW", "zh-hant": "zh-TW", "zh-hant-tw": "zh-TW",
	"zh-hk": "zh-HK", "zh-hant-hk": "zh-HK", "zh-mo": "zh-HK", "yue": "zh-HK",
	"en": "en", "en-us": "en", "en-gb": "en",
}

// Voices lists the accepted values of the optional voice parameter: the
// espeak-ng voice variants m1–m7 and f1–f5. The empty string is the
// language's default voice.
var Voices = []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5"}

// Request is a validated TTS request.
type Request struct {
	// Text to speak, trimmed of surrounding white space.
	Text string
	// Lang is one of Languages.
	Lang string
	// Rate is the speaking rate, MinRate–MaxRate, 1 being normal.
	Rate float64
	// Voice is "" or one of Voices.
	Voice string
}

// WPM returns the espeak-ng speed for the request's rate.
func (r Request) WPM() int {
	return int(math.Round(BaseWPM * r.Rate))
}

// Key identifies the audio a request produces: requests with equal keys
// produce identical MP3s. It is the cache key.
func (r Request) Key() string {
	// Rates that map to the same speed share the key; NUL cannot occur in
	// a valid Text, so the fields cannot run into each other.
	return r.Lang + "\x00" + r.Voice + "\x00" + strconv.Itoa(r.WPM()) + "\x00" + r.Text
}

// Query returns the request as a query string in the form ParseRequest
// accepts, for clients and tests.
func (r Request) Query() url.Values {
	q := url.Values{"text": {r.Text}, "lang": {r.Lang}, "rate": {strconv.FormatFloat(r.Rate, 'f', -1, 64)}}
	if r.Voice != "" {
		q.Set("voice", r.Voice)
	}
	return q
}

// RequestError says why a request was refused. Its message is plain text
// meant for the person who wrote the request.
type RequestError struct {
	// Status is the HTTP status to answer with: 400, 405 or 414.
	Status int
	// Param is the query parameter at fault, or "" for the request itself.
	Param string
	// Reason says what is wrong.
	Reason string
}

// Error returns "tts: param: reason", the form shown to the client without
// the "tts: " prefix.
func (e *RequestError) Error() string {
	if e.Param == "" {
		return "tts: " + e.Reason
	}
	return "tts: " + e.Param + ": " + e.Reason
}

func badParam(param, reason string) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Param: param, Reason: reason}
}

// ParseRequest validates the query parameters text, lang, rate and voice.
// Other parameters are ignored (clients add cache busters). An error is
// always a *RequestError with Status 400.
//
//   - text: required, valid UTF-8, at most MaxTextRunes characters, no
//     control characters other than tab, line feed and carriage return, not
//     only white space.
//   - lang: one of Languages (or a common alias such as zh-Hans or en-US),
//     case-insensitive; zh-CN when absent.
//   - rate: a decimal number from MinRate to MaxRate; 1 when absent.
//   - voice: one of Voices; the default voice when absent.
func ParseRequest(q url.Values) (Request, error) {
	var r Request
	for _, p := range []string{"text", "lang", "rate", "voice"} {
		if len(q[p]) > 1 {
			return r, badParam(p, "given more than once")
		}
	}

	text, ok := q["text"]
	if !ok {
		return r, badParam("text", "missing")
	}
	if err := checkText(text[0]); err != nil {
		return r, err
	}
	r.Text = strings.TrimSpace(text[0])

	r.Lang = "zh-CN"
	if v := q.Get("lang"); v != "" {
		lang, ok := langAliases[strings.ToLower(v)]
		if !ok {
			return r, badParam("lang", quote(v)+" is not supported; use one of "+strings.Join(Languages, ", "))
		}
		r.Lang = lang
	}

	r.Rate = 1
	if v := q.Get("rate"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || len(v) > 16 {
			return r, badParam("rate", quote(v)+" is not a number")
		}
		if f < MinRate || f > MaxRate {
			return r, badParam("rate", quote(v)+" is out of range; use "+
				strconv.FormatFloat(MinRate, 'f', -1, 64)+" to "+strconv.FormatFloat(MaxRate, 'f', -1, 64))
		}
		r.Rate = f
	}

	if v := q.Get("voice"); v != "" {
		found := false
		for _, name := range Voices {
			if v == name {
				found = true
				break
			}
		}
		if !found {
			return r, badParam("voice", quote(v)+" is not supported; use one of "+strings.Join(Voices, ", ")+" or leave it out")
		}
		r.Voice = v
	}
	return r, nil
}

// checkText applies the rules for the text parameter.
func checkText(s string) *RequestError {
	if !utf8.ValidString(s) {
		return badParam("text", "not valid UTF-8")
	}
	n := 0
	for i, c := range s {
		n++
		if unicode.IsControl(c) && c != '\t' && c != '\n' && c != '\r' {
			return badParam("text", "control character U+"+strings.ToUpper(strconv.FormatInt(int64(c)+0x10000, 16)[1:])+
				" at character "+strconv.Itoa(utf8.RuneCountInString(s[:i])+1))
		}
	}
	if n > MaxTextRunes {
		return badParam("text", "too long: "+strconv.Itoa(n)+" characters, at most "+strconv.Itoa(MaxTextRunes))
	}
	if strings.TrimSpace(s) == "" {
		return badParam("text", "empty")
	}
	return nil
}

// quote shows a user-supplied value in a message, shortened and with
// anything unprintable escaped.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

// ParseHTTPRequest checks the method and size of r and then its query with
// ParseRequest. Errors are *RequestError: 405 for a method other than GET or
// HEAD, 414 for a query longer than MaxQueryBytes, 400 otherwise.
func ParseHTTPRequest(r *http.Request) (Request, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return Request{}, &RequestError{Status: http.StatusMethodNotAllowed, Reason: "method " + r.Method + " not allowed; use GET or HEAD"}
	}
	if len(r.URL.RawQuery) > MaxQueryBytes {
		return Request{}, &RequestError{Status: http.StatusRequestURITooLong,
			Reason: "query string is " + strconv.Itoa(len(r.URL.RawQuery)) + " bytes, at most " + strconv.Itoa(MaxQueryBytes)}
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Request{}, badParam("", "malformed query string: "+err.Error())
	}
	return ParseRequest(q)
}
