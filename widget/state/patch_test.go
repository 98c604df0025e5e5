package state

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// encodeURIComponent is JavaScript's, for the tests: everything but
// A–Z a–z 0–9 - _ . ! ~ * ' ( ) as %XX of its UTF-8 bytes.
func encodeURIComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}

func TestDecodePatch(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Change
	}{
		{"", nil},
		{"zoom=n2", []Change{{"zoom", number(2)}}},
		{"zoom=n1.75&elder=b1&open=b0", []Change{{"zoom", number(1.75)}, {"elder", boolean(true)}, {"open", boolean(false)}}},
		{"script=straditional&contrast=syellow-on-black", []Change{{"script", str("traditional")}, {"contrast", str("yellow-on-black")}}},
		{"zoom=n1e%2B21", nil}, // not what String writes: an error
		{"zoom=n1e+21", []Change{{"zoom", number(1e21)}}},
		{"zoom=nInfinity&rate=n-Infinity", []Change{{"zoom", number(math.Inf(1))}, {"rate", number(math.Inf(-1))}}},
		{"zoom=x&" + encodeURIComponent("a&b=c") + "=s" + encodeURIComponent("繁體 100%"), []Change{{"zoom", Value{Kind: Other}}, {"a&b=c", str("繁體 100%")}}},
		{encodeURIComponent("__proto__") + "=x", []Change{{"__proto__", Value{Kind: Other}}}},
	} {
		got, err := DecodePatch(c.in)
		if c.want == nil && c.in != "" {
			if err == nil {
				t.Errorf("DecodePatch(%q) = %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("DecodePatch(%q) = %v, %v; want %v", c.in, got, err, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("DecodePatch(%q)[%d] = %+v, want %+v", c.in, i, got[i], c.want[i])
			}
		}
	}
	for _, bad := range []string{"zoom", "zoom=", "zoom=q1", "zoom=b2", "zoom=nabc", "zo%m=n1", "zoom=s%E", "&", "zoom=n1&"} {
		if got, err := DecodePatch(bad); err == nil {
			t.Errorf("DecodePatch(%q) = %v, want an error", bad, got)
		}
	}
	// NaN is read, and refused by Apply like any number out of range.
	if got, err := DecodePatch("zoom=nNaN"); err != nil || len(got) != 1 || !math.IsNaN(got[0].Value.N) {
		t.Errorf("DecodePatch(zoom=nNaN) = %v, %v", got, err)
	}
}

// FuzzDecodePatch: any name and string the runtime encodes comes back
// exactly, and no input makes DecodePatch panic.
func FuzzDecodePatch(f *testing.F) {
	f.Add("zoom", "traditional", 1.5, true)
	f.Add("a&b=c%", "繁體\x00%41", math.Copysign(0, -1), false)
	f.Add("", "", math.Inf(1), false)
	f.Fuzz(func(t *testing.T, name, s string, n float64, b bool) {
		DecodePatch(name + "=" + s)
		if !utf8.ValidString(name) || !utf8.ValidString(s) {
			return
		}
		bit := "0"
		if b {
			bit = "1"
		}
		// JavaScript writes numbers as String does; Go's shortest form
		// reads back to the same number.
		num := strconv.FormatFloat(n, 'g', -1, 64)
		in := encodeURIComponent(name) + "=s" + encodeURIComponent(s) + "&n=n" + num + "&b=b" + bit + "&x=x"
		got, err := DecodePatch(in)
		if err != nil || len(got) != 4 {
			t.Fatalf("DecodePatch(%q) = %v, %v", in, got, err)
		}
		if got[0] != (Change{name, str(s)}) || got[2] != (Change{"b", boolean(b)}) || got[3].Value.Kind != Other {
			t.Fatalf("DecodePatch(%q) = %+v", in, got)
		}
		if g := got[1].Value.N; !(g == n || math.IsNaN(g) && math.IsNaN(n)) {
			t.Fatalf("number %v came back as %v", n, g)
		}
	})
}
