package convert_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// These tests hold the engine against github.com/liuzl/gocc: with gocc's
// own dictionaries, prepared by dictprep to convert as gocc does, Convert
// must give gocc's output byte for byte.

// sanitize prepares fuzzed text for comparison with gocc: each byte that
// is not valid UTF-8 becomes U+FFFD, as in gocc's range loop (yiyue passes
// such bytes through instead), and U+0001 becomes U+0002, because gocc's
// trie drops a U+0001 that precedes a converted character ("\x01发" gives
// "發"), where yiyue keeps it like any other character.
func sanitize(s string) string {
	s = strings.ReplaceAll(s, "\x01", "\x02")
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

func TestMatchesGocc(t *testing.T) {
	gd := goccDicts(t)
	inputs := map[string]string{
		"seed":      seedText(t),
		"words":     strings.Join(ambiguous, "\n"),
		"corpus":    mixedCorpus(t, 100_000),
		"separated": strings.Join(ambiguous, "\x00"),
	}
	for _, name := range dictprep.Conversions {
		c := open(t, gd, name)
		for what, in := range inputs {
			if name == "t2s" {
				in = goccConvert(t, "s2t", in)
			}
			if got, want := c.Convert(in), goccConvert(t, name, in); got != want {
				t.Errorf("%s on %s differs from gocc at byte %d", name, what, firstDiff(got, want))
			}
		}
		// Word by word, so that a failure names the word.
		for _, w := range ambiguous {
			if got, want := c.Convert(w), goccConvert(t, name, w); got != want {
				t.Errorf("%s(%s) = %s, gocc gives %s", name, w, got, want)
			}
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func FuzzConvertMatchesGocc(f *testing.F) {
	for _, w := range ambiguous {
		f.Add(w)
	}
	f.Add("头发\x00干净\u2028后台")
	f.Add("\xe4\xb8头\xff发")
	gd := goccDicts(f)
	f.Fuzz(func(t *testing.T, in string) {
		in = sanitize(in)
		for _, name := range dictprep.Conversions {
			if got, want := open(t, gd, name).Convert(in), goccConvert(t, name, in); got != want {
				t.Fatalf("%s(%q) = %q, gocc gives %q", name, in, got, want)
			}
		}
	})
}

func FuzzConvert(f *testing.F) {
	for _, w := range ambiguous {
		f.Add(w)
	}
	f.Add("统一出件窗口\x00经理发现\x00\xff\xfe")
	f.Add(strings.Repeat("发", 70))
	gd := goccDicts(f)
	convs := map[string]func(string) string{}
	for _, name := range dictprep.Conversions {
		convs[name] = open(f, gd, name).Convert
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, conv := range convs {
			out := conv(in)
			if utf8.ValidString(in) && !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q is not valid UTF-8", name, in, out)
			}
			// Separators pass through, so text nodes joined by them come
			// back as many pieces.
			if strings.Count(out, "\x00") != strings.Count(in, "\x00") {
				t.Fatalf("%s(%q) = %q lost or added separators", name, in, out)
			}
			// Converting piece by piece gives the same: no phrase spans a
			// separator.
			var pieces []string
			for _, p := range strings.Split(in, "\x00") {
				pieces = append(pieces, conv(p))
			}
			if joined := strings.Join(pieces, "\x00"); joined != out {
				t.Fatalf("%s(%q) = %q, piecewise %q", name, in, out, joined)
			}
		}
	})
}
