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
		pos := 0
		for j, r := range s.Ranges {
			seg := byNode[r.Node]
			if seg == nil {
				t.Fatalf("sentence %d %q: range %v: no such node", i, s.Text, r)
			}
			if r.Whole() {
				if r.End != -1 || seg.Kind == Text {
					t.Fatalf("sentence %d: bad element range %v for %c", i, r, seg.Kind)
				}
				e := ink(seg.Text, false)
				first, last := j == 0, j == len(s.Ranges)-1
				switch {
				case first && last:
					if !strings.Contains(e, f) {
						t.Fatalf("sentence %d %q: not inside element text %q", i, s.Text, seg.Text)
					}
					pos = len(f)
				case first:
					// The longest end of e that f starts with; f is short.
					l := min(len(e), len(f))
					for l > 0 && !strings.HasSuffix(e, f[:l]) {
						l--
					}
					if l == 0 {
						t.Fatalf("sentence %d %q: does not start with the end of %q", i, s.Text, seg.Text)
					}
					pos = l
				case last:
					if !strings.HasPrefix(e, f[pos:]) {
						t.Fatalf("sentence %d %q: does not end with the start of %q", i, s.Text, seg.Text)
					}
					pos = len(f)
				default:
					if !strings.HasPrefix(f[pos:], e) {
						t.Fatalf("sentence %d %q: element text %q missing", i, s.Text, seg.Text)
					}
					pos += len(e)
				}
				continue
			}
			if seg.Kind != Text || r.Start < 0 || r.Start >= r.End || r.End > utf16Count(seg.Text) {
				t.Fatalf("sentence %d: range %v out of bounds of %q", i, r, seg.Text)
			}
			part := ink(utf16Slice(t, seg.Text, r.Start, r.End), false)
			if !strings.HasPrefix(f[pos:], part) {
				t.Fatalf("sentence %d %q: range %v holds %q, want it next at %q", i, s.Text, r, part, f[pos:])
			}
			pos += len(part)
		}
		if pos != len(f) {
			t.Fatalf("sentence %d %q: ranges cover only %q", i, s.Text, f[:pos])
		}
	}
	if got, want := all.String(), readable(segs, opt); got != want {
		t.Fatalf("content read:\n%q\nwant:\n%q", got, want)
	}
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
