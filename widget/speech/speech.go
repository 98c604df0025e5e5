// Package speech holds the platform-neutral decisions of yiyue's read-aloud
// player: which engine reads (the browser's Web Speech voices or yiyue's TTS
// service), which browser voice fits a language, what the TTS service is
// asked for, and where previous and next go. The glue in wasm/ only carries
// these decisions out.
//
// It is compiled into the WebAssembly widget, so it uses only strings and
// strconv.
package speech

import (
	"strconv"
	"strings"
)

// Engine is a way of producing speech.
type Engine uint8

// The engines.
const (
	// None: nothing can speak on this page.
	None Engine = iota
	// Browser is engine A, the Web Speech API (speechSynthesis).
	Browser
	// Service is engine B, the TTS service streamed as MP3 and played
	// through Web Audio.
	Service
)

// String gives the engine's name as data-engine spells it.
func (e Engine) String() string {
	switch e {
	case Browser:
		return "browser"
	case Service:
		return "tts"
	}
	return ""
}

// ParseEngine reads the script tag's data-engine: "" (choose
// automatically), "browser" or "tts". ok is false for anything else, which
// the caller reports and treats as "".
func ParseEngine(s string) (e Engine, ok bool) {
	switch strings.TrimSpace(s) {
	case "":
		return None, true
	case "browser":
		return Browser, true
	case "tts":
		return Service, true
	}
	return None, false
}

// Choose picks the engine: the forced one if it can speak, else the
// browser where a voice fits the page's language, else the service when
// there is one. A forced engine that cannot speak gives None rather than
// the other engine: the site owner asked for it.
func Choose(force Engine, hasVoice, hasService bool) Engine {
	switch force {
	case Browser:
		if hasVoice {
			return Browser
		}
		return None
	case Service:
		if hasService {
			return Service
		}
		return None
	}
	switch {
	case hasVoice:
		return Browser
	case hasService:
		return Service
	}
	return None
}

// MaxLen is the longest sentence, in Chinese characters, to hand an engine
// at once. Chrome cuts a Web Speech utterance off after about 15 s, about
// 60 characters of Mandarin; the service has no such limit, and longer
// sentences keep the prosody of a whole clause.
func MaxLen(e Engine) int {
	if e == Browser {
		return 60
	}
	return 120
}

// A family is what a voice speaks: Mandarin in mainland or Taiwan usage,
// Cantonese, or another language by its primary subtag.
type family struct {
	lang   string // "cmn", "yue", or a primary subtag such as "en"
	region string // "CN", "TW", "HK" for Chinese; "" otherwise
}

// classify reads a BCP 47 tag (or a voice's lang, which some platforms
// write with "_") into a family.
func classify(tag string) family {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	parts := strings.Split(t, "-")
	primary := parts[0]
	has := func(s string) bool {
		for _, p := range parts[1:] {
			if p == s {
				return true
			}
		}
		return false
	}
	switch primary {
	case "zh", "cmn", "yue":
	default:
		return family{lang: primary}
	}
	switch {
	case primary == "yue" || has("hk") || has("mo") || has("yue"):
		return family{"yue", "HK"}
	case has("tw") || has("hant"):
		return family{"cmn", "TW"}
	}
	return family{"cmn", "CN"}
}

// ServiceLang maps a page's lang value to one the TTS service takes: zh-CN,
// zh-TW, zh-HK or en; "" when the service does not speak that language.
func ServiceLang(tag string) string {
	f := classify(tag)
	switch f.lang {
	case "cmn", "yue":
		return "zh-" + f.region
	case "en":
		return "en"
	}
	return ""
}

// Voice is one of the browser's voices.
type Voice struct {
	Lang    string
	Name    string
	Local   bool // localService: works offline, sends nothing away
	Default bool
}

// PickVoice returns the index of the voice that best reads lang, or -1
// when none does. A voice of the same language and region is best; for
// Mandarin a voice of the other region will do (it reads both scripts);
// Cantonese and Mandarin never stand in for each other. Among equals a
// local voice, then the platform's default, wins.
func PickVoice(voices []Voice, lang string) int {
	want := classify(lang)
	best, bestScore := -1, 0
	for i, v := range voices {
		got := classify(v.Lang)
		score := 0
		switch {
		case got == want:
			score = 8
		case got.lang == want.lang && want.lang == "cmn":
			score = 4
		case got.lang == want.lang && want.region == "":
			score = 8
		default:
			continue
		}
		if v.Local {
			score += 2
		}
		if v.Default {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// URL returns the request for one sentence: endpoint with text, lang and
// rate added to its query, as the service documents
// (GET {tts}?text=…&lang=…&rate=…). A fragment of endpoint is dropped.
func URL(endpoint, text, lang string, rate float64) string {
	if i := strings.IndexByte(endpoint, '#'); i >= 0 {
		endpoint = endpoint[:i]
	}
	var b strings.Builder
	b.Grow(len(endpoint) + 3*len(text) + 40)
	b.WriteString(endpoint)
	switch {
	case !strings.Contains(endpoint, "?"):
		b.WriteByte('?')
	case !strings.HasSuffix(endpoint, "?") && !strings.HasSuffix(endpoint, "&"):
		b.WriteByte('&')
	}
	b.WriteString("text=")
	escape(&b, text)
	b.WriteString("&lang=")
	escape(&b, lang)
	b.WriteString("&rate=")
	b.WriteString(strconv.FormatFloat(rate, 'f', -1, 64))
	return b.String()
}

// escape percent-encodes s for a query value: everything but the
// unreserved characters of RFC 3986. (net/url would bring fmt into the
// WebAssembly build.)
func escape(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// Step returns the sentence to go to from cur by delta (-1 previous, +1
// next) among n sentences, staying inside them. Before any sentence has
// started (cur < 0) it goes from start.
func Step(cur, start, n, delta int) int {
	if n <= 0 {
		return -1
	}
	if cur < 0 {
		cur = start
	}
	return min(max(cur+delta, 0), n-1)
}

// Ahead reports whether sentence next may be fetched now in a reading that
// started at start and is playing cur (-1 before the first starts): the
// next sentence is prefetched while the current one plays, and no more,
// so that stopping wastes little and the service is not flooded.
func Ahead(next, start, cur int) bool {
	return next <= max(cur, start)+1
}
