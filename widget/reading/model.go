package reading

import (
	"strings"
	"unicode/utf8"
)

// Options configure [Build].
type Options struct {
	// MaxLen is the upper length of one sentence in Chinese characters; other
	// characters count half (so 120 allows about 240 Latin letters). Zero
	// means DefaultMaxLen.
	MaxLen int
	// DefaultLang is the language of segments whose Lang is empty, usually
	// the lang of <html>.
	DefaultLang string
	// Start, when HasStart is set, is the node index where reading starts.
	// If it lies inside a skipped region (SkipStart…SkipEnd), that region is
	// read; the other skipped regions never are.
	Start    int
	HasStart bool
	// Roles holds the role words used for announcements and controls.
	Roles Roles
	// AnnounceLinks, AnnounceHeadings and AnnounceImages put the role word
	// (Roles.Words["link"], ["heading"], ["img"]) before each link, heading
	// or image. Form controls always get theirs.
	AnnounceLinks, AnnounceHeadings, AnnounceImages bool
}

// Model is the page content as sentences in reading order.
type Model struct {
	Sentences []Sentence
}

// Sentence is one utterance.
type Sentence struct {
	Text   string  // text to speak, white space collapsed
	Lang   string  // language of most of its characters
	Ranges []Range // where it is in the DOM, in document order
}

// Range is part of a sentence in the DOM: UTF-16 offsets Start ≤ x < End in
// the data of text node Node, or, when Start and End are -1, the whole
// element Node (an image, a form control, a labelled link).
type Range struct {
	Node, Start, End int
}

// Whole reports whether r stands for a whole element.
func (r Range) Whole() bool { return r.Start < 0 }

// piece maps a run of the flat text back to its source.
type piece struct {
	f0, f1 int  // flat byte range
	kind   byte // pText, pSpace, pElem, pInserted
	seg    int  // segment index (not for pInserted)
	u0, u1 int  // pText: UTF-16 offset at f0; pSpace: UTF-16 range of the collapsed run
}

const (
	pText     = iota // flat bytes equal the source bytes (invalid ones as U+FFFD)
	pSpace           // one ' ' standing for a run of source white space
	pElem            // text of a whole element (alt, name, label)
	pInserted        // announcement words and spaces that have no source
)

// prefix is a role word waiting for the first content of its element.
type prefix struct {
	owner Kind
	text  string
}

type builder struct {
	segs   []Segment
	flat   []byte
	pieces []piece
	blocks []span

	blockStart int
	lastRune   rune

	// A pending space is written only before visible content, so that no
	// block starts or ends with one.
	pendingSpace bool
	spaceBreak   bool // the run held a newline
	spaceSrc     bool // the run has a source (else it separates an element)
	spaceSeg     int
	spaceU0      int
	spaceU1      int

	prefixes []prefix
	// pauseDue is written before the next visible content of the block
	// unless that is punctuation: what sets a control or a link apart from
	// it. pause is what is written (Roles.pause), "" when nothing is.
	pauseDue, pause string
	// linkAt is where the flat text stood when the open link began.
	linkAt int
}

// Build turns segments into sentences. It never fails: segments that make no
// sense (an end without a start) are ignored.
func Build(segs []Segment, opt Options) *Model {
	b := &builder{segs: segs, pause: opt.Roles.pause()}
	b.flat = make([]byte, 0, flatEstimate(segs))
	keepFrom, keepTo := keptRegion(segs, opt)

	skip, quiet := 0, 0 // depth of skipped regions, of labelled links
	for i := range segs {
		s := &segs[i]
		kept := i >= keepFrom && i <= keepTo
		switch s.Kind {
		case SkipStart:
			b.endBlock()
			if !kept {
				skip++
			}
			continue
		case SkipEnd:
			b.endBlock()
			if !kept && skip > 0 {
				skip--
			}
			continue
		}
		if skip > 0 {
			continue
		}
		if quiet > 0 {
			switch s.Kind {
			case LinkStart:
				quiet++
			case LinkEnd:
				quiet--
			}
			continue
		}
		switch s.Kind {
		case Text:
			b.text(i)
		case Image:
			if speakable(s.Text) {
				b.element(i, opt.AnnounceImages, false, "img", s.Text, opt.Roles)
			}
		case Control:
			b.element(i, true, true, s.Role, s.Text, opt.Roles)
		case LinkStart:
			if speakable(s.Text) {
				b.element(i, opt.AnnounceLinks, false, "link", s.Text, opt.Roles)
				quiet = 1
			} else {
				if opt.AnnounceLinks {
					b.pushPrefix(LinkStart, opt.Roles.prefix("link"))
				}
				b.linkAt = len(b.flat)
			}
		case LinkEnd:
			b.popPrefix(LinkStart)
			// A link is heard apart from the text after it (a news list's
			// title, then its date, which the page sets apart by its
			// layout alone: 年度报告，2021-01-11).
			if len(b.flat) > b.linkAt {
				b.pauseDue = b.pause
			}
		case HeadingStart:
			b.endBlock()
			if opt.AnnounceHeadings {
				b.pushPrefix(HeadingStart, opt.Roles.prefix("heading"))
			}
		case HeadingEnd:
			b.popPrefix(HeadingStart)
			b.endBlock()
		case CellStart:
			// A cell is read after its column's header (单位：亿元):
			// numbers in a row say nothing heard one by one.
			b.endBlock()
			b.pushPrefix(CellStart, opt.Roles.headed(s.Text))
		case CellEnd:
			b.popPrefix(CellStart)
			b.endBlock()
		case Block:
			b.endBlock()
		}
	}
	b.endBlock()
	return b.model(opt)
}

func flatEstimate(segs []Segment) int {
	n := 0
	for i := range segs {
		n += len(segs[i].Text)
	}
	return n + n/8
}

// keptRegion finds the outermost skipped region holding the start node, as
// segment indexes [from, to]; (-1, -1) when there is none.
func keptRegion(segs []Segment, opt Options) (int, int) {
	if !opt.HasStart {
		return -1, -1
	}
	depth, from := 0, -1
	found := false
	for i := range segs {
		s := &segs[i]
		if s.Kind == SkipStart {
			if depth == 0 {
				from = i
			}
			depth++
		}
		if depth > 0 && s.Node == opt.Start {
			found = true
		}
		if s.Kind == SkipEnd && depth > 0 {
			depth--
			if depth == 0 {
				if found {
					return from, i
				}
				from = -1
			}
		}
	}
	if found {
		return from, len(segs)
	}
	return -1, -1
}

func speakable(s string) bool {
	for _, r := range s {
		if !isSilent(r) {
			return true
		}
	}
	return false
}

func (b *builder) endBlock() {
	if len(b.flat) > b.blockStart {
		b.blocks = append(b.blocks, span{b.blockStart, len(b.flat)})
	}
	b.blockStart = len(b.flat)
	b.pendingSpace, b.pauseDue = false, ""
	b.lastRune = 0
}

func (b *builder) pushPrefix(owner Kind, text string) {
	if text != "" {
		b.prefixes = append(b.prefixes, prefix{owner, text})
	}
}

// popPrefix drops the role word of an element that ended without content.
func (b *builder) popPrefix(owner Kind) {
	for i := len(b.prefixes) - 1; i >= 0; i-- {
		if b.prefixes[i].owner == owner {
			b.prefixes = append(b.prefixes[:i], b.prefixes[i+1:]...)
			return
		}
	}
}

// space notes white space: it becomes one ' ' if visible content follows in
// the same block.
func (b *builder) space(seg, u0, u1 int, brk bool) {
	if !b.pendingSpace || !b.spaceSrc {
		b.pendingSpace, b.spaceSrc = true, true
		b.spaceBreak = brk
		b.spaceSeg, b.spaceU0, b.spaceU1 = seg, u0, u1
		return
	}
	b.spaceBreak = b.spaceBreak || brk
	if b.spaceSeg == seg && b.spaceU1 == u0 {
		b.spaceU1 = u1
	}
}

// softSpace separates an element's text from its neighbours.
func (b *builder) softSpace() {
	if !b.pendingSpace {
		b.pendingSpace, b.spaceSrc, b.spaceBreak = true, false, false
	}
}

// beforeVisible writes what must precede visible content r: the pending
// space and any waiting role words.
func (b *builder) beforeVisible(r rune) {
	if p := b.pauseDue; p != "" {
		b.pauseDue = ""
		if !isStrongTerm(r) && !isWeakTerm(r) && !isComma(r) && !isCloser(r) && !isSilent(b.lastRune) {
			b.pendingSpace = false
			b.insert(p)
			b.flat = append(b.flat, p...)
			b.lastRune, _ = utf8.DecodeLastRuneInString(p)
		} else if !b.spaceSrc {
			b.pendingSpace = false // the punctuation sets it apart
		}
	}
	if b.pendingSpace {
		b.pendingSpace = false
		// A line break between two CJK characters renders as nothing.
		cjk := isCJK(b.lastRune) && isCJK(r)
		if len(b.flat) > b.blockStart && !(b.spaceBreak && cjk) {
			if cjk && b.pause != "" && !isSilent(b.lastRune) && !isSilent(r) {
				// Two CJK characters that a space sets apart (来源：横沥镇人民
				// 政府 发布日期, a label and its field) are heard apart: a
				// Chinese voice says nothing for a space.
				b.insert(b.pause)
				b.flat = append(b.flat, b.pause...)
				b.lastRune, _ = utf8.DecodeLastRuneInString(b.pause)
			} else {
				if b.spaceSrc {
					b.pieces = append(b.pieces, piece{f0: len(b.flat), f1: len(b.flat) + 1, kind: pSpace,
						seg: b.spaceSeg, u0: b.spaceU0, u1: b.spaceU1})
				} else {
					b.insert(" ")
				}
				b.flat = append(b.flat, ' ')
				b.lastRune = ' '
			}
		}
	}
	if len(b.prefixes) > 0 {
		for _, p := range b.prefixes {
			b.insert(p.text)
			b.flat = append(b.flat, p.text...)
		}
		r, _ := utf8.DecodeLastRuneInString(b.prefixes[len(b.prefixes)-1].text)
		b.lastRune = r
		b.prefixes = b.prefixes[:0]
	}
}

// insert records the next len(s) flat bytes as having no source.
func (b *builder) insert(s string) {
	if n := len(b.pieces); n > 0 && b.pieces[n-1].kind == pInserted && b.pieces[n-1].f1 == len(b.flat) {
		b.pieces[n-1].f1 += len(s)
		return
	}
	b.pieces = append(b.pieces, piece{f0: len(b.flat), f1: len(b.flat) + len(s), kind: pInserted})
}

// text appends a text node, collapsing white space.
func (b *builder) text(si int) {
	t := b.segs[si].Text
	// A node of white space alone stands between elements (来源：… and
	// 发布日期：… on lines of their own in the source), and the browser
	// draws it as a space, newline or not.
	between := strings.TrimFunc(t, isSpace) == ""
	u := 0
	open := -1 // index of the text piece being extended
	for i := 0; i < len(t); {
		r, n := rune(t[i]), 1
		switch {
		case r >= 0xE4 && r <= 0xE9 && i+2 < len(t) && t[i+1]&0xC0 == 0x80 && t[i+2]&0xC0 == 0x80:
			// U+4000–U+9FFF, the bulk of Chinese text: a visible CJK
			// character whatever it is, so skip the full decode.
			r, n = 0x4E00, 3
		case r >= utf8.RuneSelf:
			r, n = utf8.DecodeRuneInString(t[i:])
		}
		w := utf16Len(r)
		switch {
		case isSpace(r):
			b.space(si, u, u+w, isBreak(r) && !between)
			open = -1
		case isDropped(r):
			open = -1
		default:
			b.beforeVisible(r)
			if open >= 0 && b.pieces[open].f1 == len(b.flat) {
				b.pieces[open].f1 += n
			} else {
				open = len(b.pieces)
				b.pieces = append(b.pieces, piece{f0: len(b.flat), f1: len(b.flat) + n, kind: pText, seg: si, u0: u})
			}
			if r == utf8.RuneError && n == 1 {
				// Keep the flat text valid UTF-8: raw invalid bytes could
				// join into a different character once a dropped one
				// between them is gone. (JavaScript strings never do this.)
				b.flat = utf8.AppendRune(b.flat, r)
				b.pieces[open].f1 += 2
			} else {
				b.flat = append(b.flat, t[i:i+n]...)
			}
			b.lastRune = r
		}
		i += n
		u += w
	}
}

// element appends an element read as a whole: its role word when announced,
// then its name, set apart by spaces.
func (b *builder) element(si int, announce, control bool, role, name string, roles Roles) {
	word := ""
	first := true
	emit := func(s string) {
		for _, r := range s {
			switch {
			case isSpace(r):
				if !first {
					b.softSpace()
				}
			case isDropped(r):
			default:
				if first {
					b.softSpace()
					first = false
				}
				b.beforeVisible(r)
				n := len(b.pieces)
				if n > 0 && b.pieces[n-1].kind == pElem && b.pieces[n-1].seg == si && b.pieces[n-1].f1 == len(b.flat) {
					b.pieces[n-1].f1 += utf8.RuneLen(r)
				} else {
					b.pieces = append(b.pieces, piece{f0: len(b.flat), f1: len(b.flat) + utf8.RuneLen(r), kind: pElem, seg: si})
				}
				b.flat = utf8.AppendRune(b.flat, r)
				b.lastRune = r
			}
		}
	}
	role, state, _ := strings.Cut(role, "/")
	if announce {
		word = roles.Words[role]
	}
	word = strings.TrimFunc(word, isSpace)
	name = strings.TrimFunc(name, isSpace)
	emit(word)
	if word != "" && speakable(name) {
		emit(roles.Sep)
	}
	emit(name)
	if st := roles.state(state); st != "" && !first {
		emit(roles.pause())
		emit(st)
	}
	if !first {
		b.softSpace()
		if control || role == "link" {
			// Set apart from what follows in its block: two controls in a
			// row (按钮：大 按钮：中) would otherwise run together, and a
			// link with the date after it.
			b.pauseDue = roles.pause()
		}
	}
}

// model splits the flat text into sentences and maps them back.
func (b *builder) model(opt Options) *Model {
	flat := string(b.flat)
	sp := newSplitter(opt.MaxLen)
	for _, bl := range b.blocks {
		sp.block(flat[bl.a:bl.z], bl.a)
	}
	m := &Model{Sentences: make([]Sentence, 0, len(sp.out))}
	all := make([]Range, 0, len(sp.out)+len(sp.out)/2)
	cur := cursor{piece: -1}
	pi := 0
	for _, s := range sp.out {
		for pi < len(b.pieces) && b.pieces[pi].f1 <= s.a {
			pi++
		}
		first := len(all)
		var langs langCount
		for k := pi; k < len(b.pieces) && b.pieces[k].f0 < s.z; k++ {
			p := &b.pieces[k]
			lo, hi := max(p.f0, s.a), min(p.f1, s.z)
			var r Range
			switch p.kind {
			case pInserted:
				continue
			case pText:
				r = Range{b.segs[p.seg].Node, cur.utf16At(b.flat, p, k, lo), cur.utf16At(b.flat, p, k, hi)}
			case pSpace:
				r = Range{b.segs[p.seg].Node, p.u0, p.u1}
			case pElem:
				r = Range{b.segs[p.seg].Node, -1, -1}
			}
			langs.add(b.segs[p.seg].Lang, utf8.RuneCount(b.flat[lo:hi]))
			if n := len(all); n > first && all[n-1].Node == r.Node &&
				(all[n-1].Start < 0 && r.Start < 0 || all[n-1].Start >= 0 && all[n-1].End == r.Start) {
				all[n-1].End = r.End
				continue
			}
			all = append(all, r)
		}
		lang := langs.best()
		if lang == "" {
			lang = opt.DefaultLang
		}
		m.Sentences = append(m.Sentences, Sentence{Text: flat[s.a:s.z], Lang: lang, Ranges: all[first:len(all):len(all)]})
	}
	return m
}

// cursor remembers the last UTF-16 offset computed inside a text piece, so
// that sentences walking through a long text node cost linear time.
type cursor struct {
	piece, pos, u int
}

func (c *cursor) utf16At(flat []byte, p *piece, k, pos int) int {
	from, u := p.f0, p.u0
	if c.piece == k && c.pos >= from && c.pos <= pos {
		from, u = c.pos, c.u
	}
	// The flat text is valid UTF-8, so counting bytes is exact: every
	// character is one unit, one more when it takes four bytes.
	for _, c := range flat[from:pos] {
		if c&0xC0 != 0x80 {
			u++
		}
		if c >= 0xF0 {
			u++
		}
	}
	c.piece, c.pos, c.u = k, pos, u
	return u
}

// langCount finds the language of most characters of a sentence. Sentences
// rarely mix more than two, so a tiny fixed table will do.
type langCount struct {
	lang [4]string
	n    [4]int
}

func (l *langCount) add(lang string, n int) {
	for i := range l.lang {
		if l.n[i] == 0 && l.lang[i] == "" || l.lang[i] == lang {
			l.lang[i] = lang
			l.n[i] += n
			return
		}
	}
}

func (l *langCount) best() string {
	b := 0
	for i := range l.n {
		if l.n[i] > l.n[b] {
			b = i
		}
	}
	return l.lang[b]
}
