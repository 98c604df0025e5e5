package convert

import (
	"strings"
	"testing"
)

func FuzzOpen(f *testing.F) {
	// Small seeds fuzz faster: no BMP tables.
	defer func(v int) { bmpMinEntries = v }(bmpMinEntries)
	bmpMinEntries = 1000
	var st Stage
	for _, l := range strings.Split(strings.TrimSpace(smallDict), "\n") {
		k, v, _ := strings.Cut(l, "\t")
		st.Entries = append(st.Entries, Entry{Key: k, Values: strings.Fields(v)})
	}
	corr, _ := ParsePhrases("统一出件\t統一出件\n")
	_, err := Encode(Spec{Name: "t", Stages: []Stage{st, st}, SegmentStage: 0, Corrections: corr})
	if err == nil {
		f.Fatal("a segment stage with phrases not marked as segments must be refused")
	}
	for i := range st.Entries {
		st.Entries[i].Segment = true
	}
	good, err := Encode(Spec{Name: "t", Stages: []Stage{st, st}, SegmentStage: 0, Corrections: corr})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Open(data)
		if err != nil {
			return
		}
		before := recovered.Load()
		p, _ := ParsePhrases("头发\t頭髮\n")
		for _, in := range []string{"头发干净，统一出件。公里里\x00abc", "\xff\xe4头", strings.Repeat("发展", 50)} {
			c.Convert(in)
			c.WithPhrases(p).Convert(in)
		}
		// The lookups check what Open does not, so nothing may panic
		// (Convert would recover and leave the text as it is).
		if recovered.Load() != before {
			t.Fatal("a conversion panicked on a dictionary that Open accepted")
		}
	})
}

func FuzzParsePhrases(f *testing.F) {
	f.Add("长洲\t長洲\n# comment\n\n南沙\t南沙\r\n")
	f.Add("\uFEFF统一出件\t統一出件")
	f.Add("a\tb\tc\n\t\n\x00\tx\n")
	f.Fuzz(func(t *testing.T, text string) {
		p, errs := ParsePhrases(text)
		lines := strings.Count(text, "\n") + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Msg == "" {
				t.Fatalf("bad error %+v for %d lines", e, lines)
			}
		}
		for _, q := range p.pairs {
			if checkKey(q.simp) != "" || checkKey(q.trad) != "" {
				t.Fatalf("accepted a bad phrase %q→%q", q.simp, q.trad)
			}
		}
		// The canonical text reads back to the same list, and the list
		// builds.
		p2, errs2 := ParsePhrases(p.text())
		if len(errs2) != 0 || p2.text() != p.text() {
			t.Fatalf("round trip of %q: %q, %v", p.text(), p2.text(), errs2)
		}
		// Every phrase is found at the start of its own text, with the
		// value of the last line that lists it.
		for _, reverse := range []bool{false, true} {
			ov := newOverrides(p.pairs, reverse)
			want := map[string]string{}
			for _, e := range p.entries(reverse) {
				want[e.Key] = e.Values[0]
			}
			for k, v := range want {
				o, ok := ov.match([]byte(k))
				if !ok || o.key != k || o.value != v {
					t.Fatalf("phrase %q→%q: match gives %q→%q, %v", k, v, o.key, o.value, ok)
				}
			}
		}
	})
}
