package convert_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// bounded runs f and fails the test if it takes longer than d or
// allocates more than maxBytes: the converter runs on a reader's page, so
// no input may make it hang or balloon.
func bounded(t *testing.T, what string, d time.Duration, maxBytes uint64, f func()) {
	t.Helper()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	done := make(chan struct{})
	start := time.Now()
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %s", what, d)
	}
	took := time.Since(start)
	runtime.ReadMemStats(&m1)
	if a := m1.TotalAlloc - m0.TotalAlloc; a > maxBytes {
		t.Fatalf("%s: allocated %d bytes (bound %d) in %s", what, a, maxBytes, took)
	}
}

// FuzzConvertBounded: every conversion, with a site phrase list on top,
// converts any input in time and memory linear in its size, and its
// output stays within a small multiple of the input: 4 bytes out for a
// byte in with yiyue's dictionaries, and with the site's phrases as many
// as the longest phrase line holds (a site may map "0" to a long name).
func FuzzConvertBounded(f *testing.F) {
	f.Add("统一出件窗口经理发现头发干净", "头发\t頭髮\n发\t發\n")
	f.Add(strings.Repeat("发", 50), strings.Repeat("发发\t髮髮\n", 5))
	f.Add("\xff\xfe\x00\u2028𠮷", "𠮷\t吉\n")
	f.Add(strings.Repeat("a发", 30), "a\tb\n")
	// The dictionaries yiyue ships (current OpenCC data, with its corrections).
	dicts := currentDicts(f)
	var convs []*convert.Converter
	for _, name := range dictprep.Conversions {
		convs = append(convs, open(f, dicts, name))
	}
	f.Fuzz(func(t *testing.T, in, phrases string) {
		p, _ := convert.ParsePhrases(phrases)
		limit := uint64(len(convs) * (64*(len(in)+len(phrases)) + 1<<20))
		outs := make([][2]string, len(convs))
		bounded(t, "convert", 2*time.Second, limit, func() {
			for i, c := range convs {
				outs[i] = [2]string{c.Convert(in), c.WithPhrases(p).Convert(in)}
			}
		})
		grow := 4
		for _, line := range strings.Split(phrases, "\n") {
			grow = max(grow, len(line))
		}
		for i, o := range outs {
			if len(o[0]) > 4*len(in)+4 {
				t.Fatalf("%s: %d bytes in, %d out", convs[i].Name(), len(in), len(o[0]))
			}
			if len(o[1]) > grow*len(in)+4 {
				t.Fatalf("%s with site phrases: %d bytes in, %d out (longest phrase line %d bytes)", convs[i].Name(), len(in), len(o[1]), grow)
			}
		}
	})
}

// TestConvertBoundedLarge is FuzzConvertBounded's bound on a page's worth
// of text and more (the fuzzer keeps inputs small): 1 MB in every
// conversion.
func TestConvertBoundedLarge(t *testing.T) {
	dicts := currentDicts(t)
	in := strings.Repeat("统一出件窗口经理发现头发干净，𠮷a\x00。", 1<<20/48)
	p, _ := convert.ParsePhrases(strings.Repeat("发现\t發現\n", 100))
	for _, name := range dictprep.Conversions {
		c := open(t, dicts, name).WithPhrases(p)
		var out string
		bounded(t, name, 10*time.Second, uint64(16*len(in)+1<<20), func() { out = c.Convert(in) })
		if len(out) > 4*len(in) {
			t.Fatalf("%s: %d bytes in, %d out", name, len(in), len(out))
		}
	}
}
