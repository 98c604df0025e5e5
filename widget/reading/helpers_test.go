package reading

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// page builds segments the way the page script would, numbering nodes in
// document order.
type page struct {
	segs []Segment
	lang string
}

func (p *page) add(k Kind, text string) int {
	n := len(p.segs)
	p.segs = append(p.segs, Segment{Kind: k, Node: n, Lang: p.lang, Text: text})
	return n
}

func (p *page) text(s string) int  { return p.add(Text, s) }
func (p *page) block() int         { return p.add(Block, "") }
func (p *page) img(alt string) int { return p.add(Image, alt) }

func (p *page) control(role, name string) int {
	n := p.add(Control, name)
	p.segs[n].Role = role
	return n
}

// pair adds a start and end segment sharing one node, around f.
func (p *page) pair(start, end Kind, text string, f func()) int {
	n := p.add(start, text)
	f()
	p.segs = append(p.segs, Segment{Kind: end, Node: n, Lang: p.lang})
	return n
}

// reportPage is the seed report with every line a paragraph.
func reportPage(t testing.TB) *page {
	b, err := os.ReadFile("testdata/report.txt")
	if err != nil {
		t.Fatal(err)
	}
	p := &page{lang: "zh-CN"}
	for _, line := range strings.Split(string(b), "\n") {
		p.pair(Block, Block, "", func() { p.text(line + "\n") })
	}
	return p
}

// weight is the length in half units that MaxLen limits.
func weight(s string) int {
	w := 0
	for _, r := range s {
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// utf16Slice cuts s at UTF-16 offsets the way a DOM Range would, counting
// an invalid byte as one unit like the package does.
func utf16Slice(t testing.TB, s string, start, end int) string {
	t.Helper()
	u, a, z := 0, -1, -1
	for i := 0; ; {
		if u == start && a < 0 {
			a = i
		}
		if u == end {
			z = i
			break
		}
		if i >= len(s) {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		u += utf16Len(r)
	}
	if a < 0 || z < 0 || a > z {
		t.Fatalf("UTF-16 range %d..%d not on code point boundaries of %q", start, end, s)
	}
	return s[a:z]
}

func utf16Count(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}

// ink keeps what must be spoken: no white space, no invisible characters,
// invalid bytes as U+FFFD. With silent set, punctuation goes too.
func ink(s string, silent bool) string {
	var b strings.Builder
	for _, r := range s {
		if isSpace(r) || isDropped(r) || silent && isSilent(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// checkModel asserts what must hold for any input built without role words
// (so that nothing is inserted): sentences are short, trimmed and
// speakable; every range lies inside its node; the ranges, read from the
// DOM in order, give exactly the sentence's text; and all content is read,
// once, in order.
func checkModel(t testing.TB, segs []Segment, opt Options, m *Model) {
	t.Helper()
	byNode := map[int]*Segment{}
	for i := range segs {
		switch segs[i].Kind {
		case Text, Image, Control, LinkStart:
			byNode[segs[i].Node] = &segs[i]
		}
	}
	maxHalf := 2 * DefaultMaxLen
	if opt.MaxLen > 0 {
		maxHalf = 2 * opt.MaxLen
	}
	var all strings.Builder
	for i, s := range m.Sentences {
		if s.Text == "" || strings.TrimSpace(s.Text) != s.Text || !speakable(s.Text) || strings.ContainsAny(s.Text, "\x1e\x1f\n\t") {
			t.Fatalf("sentence %d %q: empty, untrimmed, silent or with separators", i, s.Text)
		}
		if strings.Contains(s.Text, "  ") {
			t.Fatalf("sentence %d %q: white space not collapsed", i, s.Text)
		}
		if w := weight(s.Text); w > maxHalf {
			t.Fatalf("sentence %d %q: length %d half units > %d", i, s.Text, w, maxHalf)
		}
		all.WriteString(ink(s.Text, true))
		f := ink(s.Text, false)
		for _, r := range s.Ranges {
			seg := byNode[r.Node]
			switch {
			case seg == nil:
				t.Fatalf("sentence %d %q: range %v: no such node", i, s.Text, r)
			case r.Whole():
				if r.End != -1 || seg.Kind == Text {
					t.Fatalf("sentence %d: bad element range %v for %c", i, r, seg.Kind)
				}
			case seg.Kind != Text || r.Start < 0 || r.Start >= r.End || r.End > utf16Count(seg.Text):
				t.Fatalf("sentence %d: range %v out of bounds of %q", i, r, seg.Text)
			}
		}
		if !covers(t, byNode, s.Ranges, f) {
			t.Fatalf("sentence %d %q: ranges %v do not give its text", i, s.Text, s.Ranges)
		}
	}
	if got, want := all.String(), readable(segs, opt); got != want {
		t.Fatalf("content read:\n%q\nwant:\n%q", got, want)
	}
}

// covers reports whether the ranges, read from the DOM in order, give f.
// A text range gives exactly its characters; an element range gives all of
// the element's text, except that the first may give only an end of it and
// the last only a start (a long alt text broken across sentences).
func covers(t testing.TB, byNode map[int]*Segment, rs []Range, f string) bool {
	if len(rs) == 0 {
		return f == ""
	}
	r, seg := rs[0], byNode[rs[0].Node]
	if !r.Whole() {
		part := ink(utf16Slice(t, seg.Text, r.Start, r.End), false)
		return strings.HasPrefix(f, part) && rest(t, byNode, rs[1:], f[len(part):])
	}
	e := ink(seg.Text, false)
	if len(rs) == 1 {
		return strings.Contains(e, f)
	}
	for l := min(len(e), len(f)); l > 0; l-- {
		if strings.HasSuffix(e, f[:l]) && rest(t, byNode, rs[1:], f[l:]) {
			return true
		}
	}
	return false
}

// rest is covers for ranges after the first: element ranges give their
// whole text, the last one possibly only a start of it.
func rest(t testing.TB, byNode map[int]*Segment, rs []Range, f string) bool {
	for i, r := range rs {
		seg := byNode[r.Node]
		var part string
		if r.Whole() {
			part = ink(seg.Text, false)
			if i == len(rs)-1 {
				return strings.HasPrefix(part, f)
			}
		} else {
			part = ink(utf16Slice(t, seg.Text, r.Start, r.End), false)
		}
		if !strings.HasPrefix(f, part) {
			return false
		}
		f = f[len(part):]
	}
	return f == ""
}

// readable is the text that should be read, in order, by the rules in the
// package documentation, restated simply.
func readable(segs []Segment, opt Options) string {
	from, to := keptRegion(segs, opt)
	var b strings.Builder
	skip, quiet := 0, 0
	for i, s := range segs {
		kept := i >= from && i <= to
		switch {
		case s.Kind == SkipStart:
			if !kept {
				skip++
			}
		case s.Kind == SkipEnd:
			if !kept && skip > 0 {
				skip--
			}
		case skip > 0:
		case quiet > 0:
			if s.Kind == LinkStart {
				quiet++
			} else if s.Kind == LinkEnd {
				quiet--
			}
		case s.Kind == LinkStart && speakable(s.Text):
			b.WriteString(ink(s.Text, true))
			quiet = 1
		case s.Kind == Text, s.Kind == Image, s.Kind == Control:
			b.WriteString(ink(s.Text, true))
		}
	}
	return b.String()
}
