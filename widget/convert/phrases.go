package convert

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Phrases is a list of phrase overrides: pairs of a Simplified phrase and
// its Traditional form that take precedence over the dictionary.
type Phrases struct {
	pairs []phrasePair
}

type phrasePair struct{ simp, trad string }

// PhraseError reports a malformed line of a phrase list.
type PhraseError struct {
	Line int // 1-based
	Msg  string
}

// Error returns the message with its line number.
func (e PhraseError) Error() string {
	return "phrases: line " + strconv.Itoa(e.Line) + ": " + e.Msg
}

// ParsePhrases reads a phrase list: UTF-8 lines of
// simplified<TAB>traditional. Blank lines and lines starting with # are
// ignored, and spaces around each side are trimmed. A malformed line is
// reported and skipped; the others still apply. When a phrase is listed
// twice, the later line wins.
func ParsePhrases(text string) (Phrases, []PhraseError) {
	var p Phrases
	var errs []PhraseError
	text = strings.TrimPrefix(text, "\uFEFF")
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimSuffix(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		simp, trad, ok := strings.Cut(line, "\t")
		if !ok || strings.Contains(trad, "\t") {
			errs = append(errs, PhraseError{n, "want simplified<TAB>traditional"})
			continue
		}
		simp, trad = strings.TrimSpace(simp), strings.TrimSpace(trad)
		if why := checkKey(simp); why != "" {
			errs = append(errs, PhraseError{n, "simplified side: " + why})
			continue
		}
		if why := checkKey(trad); why != "" {
			errs = append(errs, PhraseError{n, "traditional side: " + why})
			continue
		}
		p.pairs = append(p.pairs, phrasePair{simp, trad})
	}
	return p, errs
}

// Len returns the number of phrases.
func (p Phrases) Len() int { return len(p.pairs) }

// aligned says whether each phrase has as many runes on both sides.
func (p Phrases) aligned() bool {
	for _, q := range p.pairs {
		if utf8.RuneCountInString(q.simp) != utf8.RuneCountInString(q.trad) {
			return false
		}
	}
	return true
}

// text returns the list in the form ParsePhrases reads.
func (p Phrases) text() string {
	var b strings.Builder
	// ParsePhrases drops one byte order mark at the start: a first key that
	// begins with U+FEFF keeps it behind one written for the parser.
	if len(p.pairs) > 0 && strings.HasPrefix(p.pairs[0].simp, "\uFEFF") {
		b.WriteString("\uFEFF")
	}
	for _, q := range p.pairs {
		b.WriteString(q.simp)
		b.WriteByte('\t')
		b.WriteString(q.trad)
		b.WriteByte('\n')
	}
	return b.String()
}

// WithPhrases returns a converter whose phrase overrides are yiyue's own
// corrections followed by p (so p wins where both list a phrase). An
// override's matches are found first, leftmost and longest, and emitted as
// written; the dictionary converts the text between them. For a
// conversion from Traditional (t2s) the pairs apply reversed.
func (c *Converter) WithPhrases(p Phrases) *Converter {
	corr, _ := ParsePhrases(c.corrections)
	nc := *c
	nc.over = newOverrides(append(corr.pairs[:len(corr.pairs):len(corr.pairs)], p.pairs...), c.reverse)
	nc.aligned = c.aligned && p.aligned()
	return &nc
}

// overrides is the lookup form of a phrase list: which runes start a
// phrase, and the phrases by first rune, longest first. Lists are short,
// so this is built when needed, without the dictionary builder.
type overrides struct {
	start  [0x10000 / 8]byte // BMP runes that start a phrase
	single [0x10000 / 8]byte // BMP runes that are a phrase by themselves
	// prefixes is a filter of the phrases longer than one rune: bit
	// ovHash(r1, r2, r3) of their first three runes (r3 = 0 for two), so
	// that the fast path asks for a full match only where they fit, not
	// at every occurrence of a common first character or pair.
	prefixes [1 << ovHashBits / 64]uint64
	ascii    [2]uint64 // ASCII bytes that start a phrase
	astral   bool      // some phrase starts outside the BMP
	// list holds the phrases grouped by first rune, longest first in a
	// group; firsts is an open-addressing table from a first rune to its
	// group (a map lookup costs more in WebAssembly).
	list   []override
	firsts []ovGroup
	shift  uint32
}

// ovGroup is a slot of overrides.firsts: the phrases list[lo:hi] start
// with r+1 (0: an empty slot).
type ovGroup struct {
	r1     uint32
	lo, hi int32
}

const ovHashBits = 14

func ovHash(r1, r2, r3 rune) uint32 {
	return (uint32(r1)*hashA ^ uint32(r2)*hashB ^ uint32(r3)*0xC2B2AE3D) >> (32 - ovHashBits)
}

// noOverrides stands for no phrase list in the fast path, which then
// needs no test for nil.
var noOverrides overrides

type override struct{ key, value string }

// newOverrides builds the lookup for pairs, keyed on the side the
// conversion reads; a later pair replaces an earlier one with the same
// key. It returns nil for no pairs.
func newOverrides(pairs []phrasePair, reverse bool) *overrides {
	if len(pairs) == 0 {
		return nil
	}
	ov := &overrides{}
	byFirst := map[rune][]override{}
	var order []rune
	for _, q := range pairs {
		o := override{q.simp, q.trad}
		if reverse {
			o = override{q.trad, q.simp}
		}
		r, n := utf8.DecodeRuneInString(o.key)
		list, seen := byFirst[r]
		if !seen {
			order = append(order, r)
		}
		replaced := false
		for i := range list {
			if list[i].key == o.key {
				list[i], replaced = o, true
			}
		}
		if !replaced {
			list = append(list, o)
			// Longest first, so that the first prefix found is the
			// longest.
			for i := len(list) - 1; i > 0 && len(list[i].key) > len(list[i-1].key); i-- {
				list[i], list[i-1] = list[i-1], list[i]
			}
		}
		byFirst[r] = list
		if r >= 0x10000 {
			ov.astral = true
			continue
		}
		ov.start[r>>3] |= 1 << (r & 7)
		if r < 0x80 {
			ov.ascii[r>>6] |= 1 << (r & 63)
		}
		if n == len(o.key) {
			ov.single[r>>3] |= 1 << (r & 7)
		} else {
			r2, n2 := utf8.DecodeRuneInString(o.key[n:])
			r3, _ := utf8.DecodeRuneInString(o.key[n+n2:])
			if n+n2 == len(o.key) {
				r3 = 0
			}
			h := ovHash(r, r2, r3)
			ov.prefixes[h>>6] |= 1 << (h & 63)
		}
	}
	bits := uint32(1)
	for 1<<bits < 2*len(order) {
		bits++
	}
	ov.shift = 32 - bits
	ov.firsts = make([]ovGroup, 1<<bits)
	for _, r := range order {
		lo := int32(len(ov.list))
		ov.list = append(ov.list, byFirst[r]...)
		h := uint32(r) * hashA >> ov.shift
		for ov.firsts[h].r1 != 0 {
			h = (h + 1) & (1<<bits - 1)
		}
		ov.firsts[h] = ovGroup{uint32(r) + 1, lo, int32(len(ov.list))}
	}
	return ov
}

// match returns the longest phrase that s starts with.
func (ov *overrides) match(s []byte) (override, bool) {
	if len(s) == 0 {
		return override{}, false
	}
	r, _ := decodeRune(s, 0)
	mask := uint32(len(ov.firsts) - 1)
	for h := uint32(r) * hashA >> ov.shift; ov.firsts[h].r1 != 0; h = (h + 1) & mask {
		if g := ov.firsts[h]; g.r1 == uint32(r)+1 {
			for _, o := range ov.list[g.lo:g.hi] {
				if len(o.key) <= len(s) && string(s[:len(o.key)]) == o.key {
					return o, true
				}
			}
			break
		}
	}
	return override{}, false
}

// matchAt returns the longest phrase at s[i:], where i starts a rune.
func (ov *overrides) matchAt(s []byte, i int) (override, bool) {
	r, _ := decodeRune(s, i)
	if (r >= 0x10000 && ov.astral) || (r < 0x10000 && ov.start[r>>3]&(1<<(r&7)) != 0) {
		return ov.match(s[i:])
	}
	return override{}, false
}

// at returns the phrase that starts at s[p:], where the BMP rune r of
// size n starts one (its bit in start is set). The filters spare most
// full matches.
func (ov *overrides) at(s []byte, p, n int, r rune) (override, bool) {
	if ov.single[r>>3]&(1<<(r&7)) == 0 {
		q := p + n
		if q >= len(s) {
			return override{}, false
		}
		r2, n2 := decodeRune(s, q)
		h := ovHash(r, r2, 0)
		if ov.prefixes[h>>6]&(1<<(h&63)) == 0 {
			if q+n2 >= len(s) {
				return override{}, false
			}
			r3, _ := decodeRune(s, q+n2)
			if h = ovHash(r, r2, r3); ov.prefixes[h>>6]&(1<<(h&63)) == 0 {
				return override{}, false
			}
		}
	}
	return ov.match(s[p:])
}

// next returns the offset of the first phrase match in s[:end] after the
// rune at offset i, or end.
func (ov *overrides) next(s []byte, i, end int) int {
	_, sz := decodeRune(s, i)
	for p := i + sz; p < end; {
		if _, ok := ov.matchAt(s, p); ok {
			return p
		}
		_, sz := decodeRune(s, p)
		p += sz
	}
	return end
}
