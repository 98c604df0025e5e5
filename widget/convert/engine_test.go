package convert

import (
	"bytes"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reference converter below is the specification: gocc's longest
// match at each position, stage after stage, with OpenCC's segmentation
// and yiyue's override precedence, written as plainly as possible. The
// engine must agree with it on random dictionaries and random text.

type refConv struct {
	stages   []map[string]string
	segKeys  map[string]bool // keys of the segmenting stage that are segments
	segStage int
	over     map[string]string
}

// entries returns the list as dictionary entries keyed on the side the
// conversion reads.
func (p Phrases) entries(reverse bool) []Entry {
	out := make([]Entry, 0, len(p.pairs))
	for _, q := range p.pairs {
		k, v := q.simp, q.trad
		if reverse {
			k, v = v, k
		}
		out = append(out, Entry{Key: k, Values: []string{v}})
	}
	return out
}

func refFromSpec(spec Spec) refConv {
	rc := refConv{segStage: spec.SegmentStage, segKeys: map[string]bool{}, over: map[string]string{}}
	for i, st := range spec.Stages {
		m := map[string]string{}
		for _, e := range st.Entries {
			m[e.Key] = e.Values[0]
			if i == spec.SegmentStage {
				rc.segKeys[e.Key] = e.Segment
			}
		}
		rc.stages = append(rc.stages, m)
	}
	for _, e := range spec.Corrections.entries(spec.Reverse) {
		rc.over[e.Key] = e.Values[0]
	}
	return rc
}

// step returns the length of the position at s[i:]: a rune, or one byte
// that is not valid UTF-8.
func step(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// longest returns the longest key of m that is a prefix of s[i:] and does
// not cross a boundary.
func longest(m map[string]string, s string, i int, bounds map[int]bool) (string, bool) {
	best, ok := "", false
	for k := range m {
		if !strings.HasPrefix(s[i:], k) || len(k) <= len(best) && ok {
			continue
		}
		crosses := false
		for b := i + 1; b < i+len(k); b++ {
			if bounds[b] {
				crosses = true
			}
		}
		if !crosses {
			best, ok = k, true
		}
	}
	return best, ok
}

// stage converts s with m; bounds are the boundaries of s, and the result
// carries them (and, with mark, the segment keys' own) into the output.
func (rc refConv) stage(m map[string]string, s string, bounds map[int]bool, mark bool) (string, map[int]bool) {
	var out strings.Builder
	ob := map[int]bool{}
	for i := 0; i < len(s); {
		if bounds[i] {
			ob[out.Len()] = true
		}
		if k, ok := longest(m, s, i, bounds); ok {
			seg := mark && rc.segKeys[k]
			if seg {
				ob[out.Len()] = true
			}
			out.WriteString(m[k])
			if seg {
				ob[out.Len()] = true
			}
			i += len(k)
			continue
		}
		n := step(s, i)
		out.WriteString(s[i : i+n])
		i += n
	}
	if bounds[len(s)] {
		ob[out.Len()] = true
	}
	return out.String(), ob
}

func (rc refConv) chain(s string) string {
	var bounds map[int]bool
	for i, m := range rc.stages {
		s, bounds = rc.stage(m, s, bounds, i == rc.segStage)
		if i < rc.segStage || rc.segStage < 0 {
			bounds = nil
		}
	}
	return s
}

func (rc refConv) convert(s string) string {
	if len(rc.over) == 0 {
		return rc.chain(s)
	}
	var out strings.Builder
	start := 0
	for i := 0; i < len(s); {
		if k, ok := longest(rc.over, s, i, nil); ok {
			out.WriteString(rc.chain(s[start:i]))
			out.WriteString(rc.over[k])
			i += len(k)
			start = i
			continue
		}
		i += step(s, i)
	}
	out.WriteString(rc.chain(s[start:]))
	return out.String()
}

// alphabet mixes three-byte runes (most of them, as in Chinese text),
// ASCII, a two-byte and a four-byte rune.
var alphabet = []string{"中", "国", "发", "展", "头", "髮", "發", "干", "乾", "幹", "里", "裏", "，", "a", "B", "1", "é", "𠀀", " "}

func randRunes(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func randText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r.IntN(40) {
		case 0:
			b.WriteByte(0) // the page glue's separator
		case 1:
			b.WriteByte(0xE4) // a truncated sequence
		case 2:
			b.WriteByte(0xBD) // a stray continuation byte
		default:
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
	}
	return b.String()
}

func randSpec(r *rand.Rand) Spec {
	spec := Spec{Name: "rand", SegmentStage: -1, Reverse: r.IntN(2) == 0}
	nStages := 1 + r.IntN(3)
	if nStages > 1 && r.IntN(2) == 0 {
		spec.SegmentStage = r.IntN(nStages - 1)
	}
	for i := range nStages {
		var st Stage
		for range 1 + r.IntN(40) {
			klen := 1 + r.IntN(4)
			if r.IntN(3) == 0 {
				klen = 1
			}
			e := Entry{Key: randRunes(r, klen)}
			for range 1 + r.IntN(3) {
				e.Values = append(e.Values, randRunes(r, r.IntN(4)))
			}
			if r.IntN(4) == 0 {
				// Values that are candidates of the key's runes, as in
				// real tables, so that the compact encodings are used.
				e.Values[0] = e.Key
			}
			if i == spec.SegmentStage {
				e.Segment = klen > 1 || r.IntN(2) == 0
			}
			st.Entries = append(st.Entries, e)
		}
		spec.Stages = append(spec.Stages, st)
	}
	if r.IntN(3) == 0 {
		var lines []string
		for range 1 + r.IntN(3) {
			k := randRunes(r, 1+r.IntN(3))
			v := randRunes(r, 1+r.IntN(3))
			if r.IntN(3) == 0 {
				v = k // identity overrides are stored as "default" values
			}
			lines = append(lines, k+"\t"+v)
		}
		spec.Corrections, _ = ParsePhrases(strings.Join(lines, "\n"))
	}
	return spec
}

func TestMatchesReference(t *testing.T) {
	defer func(v int) { bmpMinEntries = v }(bmpMinEntries)
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 250 {
		// Half with the BMP table and fast path, half without.
		bmpMinEntries = n % 2 * 1000
		spec := randSpec(r)
		b, err := Encode(spec)
		if err != nil {
			t.Fatalf("spec %d: %v", n, err)
		}
		c, err := Open(b)
		if err != nil {
			t.Fatalf("spec %d: %v", n, err)
		}
		ref := refFromSpec(spec)
		for range 20 {
			in := randText(r, r.IntN(60))
			want := ref.convert(in)
			if got := c.Convert(in); got != want {
				t.Fatalf("spec %d (%d stages, segment stage %d): Convert(%q)\n got  %q\n want %q", n, len(spec.Stages), spec.SegmentStage, in, got, want)
			}
			if got := string(c.AppendConvertBytes([]byte("x"), []byte(in))); got != "x"+want {
				t.Fatalf("spec %d: AppendConvertBytes(%q) = %q, want %q", n, in, got, "x"+want)
			}
			if recovered.Load() != 0 {
				t.Fatalf("spec %d: a conversion panicked", n)
			}
		}
	}
}

func TestDecodeRuneMatchesUTF8(t *testing.T) {
	check := func(b []byte) {
		for i := range b {
			r1, n1 := utf8.DecodeRune(b[i:])
			r2, n2 := decodeRune(b, i)
			r3, n3 := utf8.DecodeRuneInString(string(b[i:]))
			if r1 != r2 || n1 != n2 || r1 != r3 || n1 != n3 {
				t.Fatalf("decodeRune(% x, %d) = %U,%d / %U,%d, utf8 says %U,%d", b, i, r2, n2, r3, n3, r1, n1)
			}
		}
	}
	conts := []byte{0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}
	for b0 := range 256 {
		check([]byte{byte(b0)})
		for _, b1 := range conts {
			check([]byte{byte(b0), b1})
			for _, b2 := range conts {
				check([]byte{byte(b0), b1, b2})
				for _, b3 := range []byte{0x41, 0x80, 0xBF, 0xC0} {
					check([]byte{byte(b0), b1, b2, b3})
				}
			}
		}
	}
}

// small builds a converter from simplified<TAB>traditional lines, one
// stage.
func small(t testing.TB, lines string) *Converter {
	t.Helper()
	var st Stage
	for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
		k, v, _ := strings.Cut(l, "\t")
		st.Entries = append(st.Entries, Entry{Key: k, Values: strings.Fields(v)})
	}
	b, err := Encode(Spec{Name: "small", Stages: []Stage{st}, SegmentStage: -1})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const smallDict = `
发	發 髮
头	頭
头发	頭髮
发展	發展
干	幹 乾 干
干净	乾淨
净	淨
里	裏 里
公里	公里
`

func TestSmallDictionary(t *testing.T) {
	c := small(t, smallDict)
	for _, tc := range []struct{ in, want string }{
		{"头发", "頭髮"},
		{"发展", "發展"},
		{"头发展", "頭髮展"}, // longest match at 头 first, as gocc does
		{"干净", "乾淨"},
		{"干", "幹"},
		{"公里里", "公里裏"},
		{"", ""},
		{"abc", "abc"},
		{"头\x00发", "頭\x00發"}, // the separator passes through and splits phrases
		{"头\x1f发\u2028展", "頭\x1f發\u2028展"},
		{"\x01头发", "\x01頭髮"},       // gocc drops this U+0001; yiyue keeps it
		{"\xe4头\xff", "\xe4頭\xff"}, // bytes that are not UTF-8 pass through
	} {
		if got := c.Convert(tc.in); got != tc.want {
			t.Errorf("Convert(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if c.Name() != "small" {
		t.Errorf("Name() = %q", c.Name())
	}
}

func TestOpenRejectsDamage(t *testing.T) {
	var st Stage
	for _, l := range strings.Split(strings.TrimSpace(smallDict), "\n") {
		k, v, _ := strings.Cut(l, "\t")
		st.Entries = append(st.Entries, Entry{Key: k, Values: strings.Fields(v)})
	}
	corr, _ := ParsePhrases("统一出件\t統一出件\n")
	good, err := Encode(Spec{Name: "t", Stages: []Stage{st, st}, SegmentStage: -1, Corrections: corr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(good); err != nil {
		t.Fatal(err)
	}
	// Every length near the ends and around section edges, a sample in
	// between.
	for n := 0; n < len(good); n++ {
		if n > 600 && n < len(good)-600 && n%193 != 0 {
			continue
		}
		if _, err := Open(good[:n]); err == nil {
			t.Fatalf("Open accepted the first %d of %d bytes", n, len(good))
		}
	}
	if _, err := Open(append(bytes.Clone(good), 0)); err == nil {
		t.Error("Open accepted a trailing byte")
	}
	wrongVersion := append([]byte("YYCV"), byte(FormatVersion+1), 0)
	for _, bad := range [][]byte{nil, []byte("YYCV"), []byte("GIF89a...."), append(wrongVersion, good[6:]...)} {
		if _, err := Open(bad); err == nil {
			t.Errorf("Open(%q…) succeeded", bad[:min(len(bad), 8)])
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	for name, spec := range map[string]Spec{
		"no stages":     {Name: "x", SegmentStage: -1},
		"empty key":     {Name: "x", SegmentStage: -1, Stages: []Stage{{Entries: []Entry{{Key: "", Values: []string{"a"}}}}}},
		"control":       {Name: "x", SegmentStage: -1, Stages: []Stage{{Entries: []Entry{{Key: "a\x00b", Values: []string{"a"}}}}}},
		"no value":      {Name: "x", SegmentStage: -1, Stages: []Stage{{Entries: []Entry{{Key: "a"}}}}},
		"bad utf8":      {Name: "x", SegmentStage: -1, Stages: []Stage{{Entries: []Entry{{Key: "\xff", Values: []string{"a"}}}}}},
		"segment range": {Name: "x", SegmentStage: 3, Stages: []Stage{{Entries: []Entry{{Key: "a", Values: []string{"b"}}}}}},
		"segment key":   {Name: "x", SegmentStage: 0, Stages: []Stage{{Entries: []Entry{{Key: "ab", Values: []string{"b"}}}}, {}}},
		"long key":      {Name: "x", SegmentStage: -1, Stages: []Stage{{Entries: []Entry{{Key: strings.Repeat("字", MaxKeyRunes+1), Values: []string{"b"}}}}}},
	} {
		if _, err := Encode(spec); err == nil {
			t.Errorf("%s: Encode succeeded", name)
		}
	}
}

func TestParsePhrases(t *testing.T) {
	text := "\uFEFF# yiyue phrases\n" +
		"长洲\t長洲\r\n" +
		"\n" +
		"   \n" +
		"没有制表符\n" +
		"一\t二\t三\n" +
		"\t空\n" +
		"空\t \n" +
		"坏\x01字\t壞字\n" +
		" 南沙 \t 南沙 \n" +
		"\xff\t字\n" +
		strings.Repeat("长", MaxKeyRunes+1) + "\t長\n" +
		"长洲\t長州\n"
	p, errs := ParsePhrases(text)
	wantLines := []int{5, 6, 7, 8, 9, 11, 12}
	var got []int
	for _, e := range errs {
		got = append(got, e.Line)
		if e.Msg == "" || !strings.Contains(e.Error(), "line") {
			t.Errorf("error %+v has no message", e)
		}
	}
	if !slicesEqual(got, wantLines) {
		t.Errorf("error lines = %v, want %v (%v)", got, wantLines, errs)
	}
	if p.Len() != 3 {
		t.Fatalf("Len() = %d, want 3: %q", p.Len(), p.text())
	}
	if want := "长洲\t長洲\n南沙\t南沙\n长洲\t長州\n"; p.text() != want {
		t.Errorf("text() = %q, want %q", p.text(), want)
	}
	if p2, errs := ParsePhrases(p.text()); len(errs) != 0 || p2.text() != p.text() {
		t.Errorf("round trip: %q, %v", p2.text(), errs)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWithPhrases(t *testing.T) {
	c := small(t, smallDict+"一出\t一齣\n统\t統\n出\t出\n一\t一\n")
	if got := c.Convert("统一出件"); got != "統一齣件" {
		t.Fatalf("without overrides: %q", got)
	}
	p, errs := ParsePhrases("出件\t出件\n头发\t头髮\n")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	wc := c.WithPhrases(p)
	for _, tc := range []struct{ in, want string }{
		// The override wins although the dictionary's 一出 starts before it.
		{"统一出件", "統一出件"},
		// Overrides are emitted as written, the rest still converts.
		{"头发干净", "头髮乾淨"},
		{"发展", "發展"},
	} {
		if got := wc.Convert(tc.in); got != tc.want {
			t.Errorf("WithPhrases: Convert(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// The original is unchanged.
	if got := c.Convert("头发"); got != "頭髮" {
		t.Errorf("original changed: %q", got)
	}
	// A later phrase list replaces the earlier one, and the latest line wins.
	p2, _ := ParsePhrases("头发\t頭髮了\n头发\t頭髮!\n")
	if got := wc.WithPhrases(p2).Convert("统一出件头发"); got != "統一齣件頭髮!" {
		t.Errorf("second WithPhrases: %q", got)
	}
}

func TestPhrasesReverse(t *testing.T) {
	var st Stage
	st.Entries = []Entry{{Key: "發", Values: []string{"发"}}, {Key: "統", Values: []string{"统"}}, {Key: "齣", Values: []string{"出"}}}
	corr, _ := ParsePhrases("统一出件\t統一出件\n")
	b, err := Encode(Spec{Name: "t2s", Reverse: true, Stages: []Stage{st}, SegmentStage: -1, Corrections: corr})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Convert("統一出件發"); got != "统一出件发" {
		t.Errorf("reversed correction: %q", got)
	}
	p, _ := ParsePhrases("台湾\t臺灣\n")
	if got := c.WithPhrases(p).Convert("臺灣統一出件"); got != "台湾统一出件" {
		t.Errorf("reversed site phrase: %q", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := small(t, smallDict)
	done := make(chan string)
	for range 8 {
		go func() {
			var s string
			for range 200 {
				s = c.Convert("头发干净，公里里发展")
			}
			done <- s
		}()
	}
	for range 8 {
		if s := <-done; s != "頭髮乾淨，公里裏發展" {
			t.Errorf("concurrent Convert = %q", s)
		}
	}
}

func TestKeysSorted(t *testing.T) {
	// Builder output must not depend on the order of the entries.
	var st Stage
	for _, l := range strings.Split(strings.TrimSpace(smallDict), "\n") {
		k, v, _ := strings.Cut(l, "\t")
		st.Entries = append(st.Entries, Entry{Key: k, Values: strings.Fields(v)})
	}
	a, _ := Encode(Spec{Name: "x", Stages: []Stage{st}, SegmentStage: -1})
	sort.Slice(st.Entries, func(i, j int) bool { return st.Entries[i].Key > st.Entries[j].Key })
	b, _ := Encode(Spec{Name: "x", Stages: []Stage{st}, SegmentStage: -1})
	if !bytes.Equal(a, b) {
		t.Error("Encode depends on entry order")
	}
}
