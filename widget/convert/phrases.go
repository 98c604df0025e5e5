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

// text returns the list in the form ParsePhrases reads.
func (p Phrases) text() string {
	var b strings.Builder
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
	return &nc
}

// overrides is the lookup form of a phrase list: which runes start a
// phrase, and the phrases by first rune, longest first. Lists are short,
// so this is built when needed, without the dictionary builder.
type overrides struct {
	start   [0x10000 / 8]byte // BMP runes that start a phrase
	astral  bool              // some phrase starts outside the BMP
	byFirst map[rune][]override
}

type override struct{ key, value string }

// newOverrides builds the lookup for pairs, keyed on the side the
// conversion reads; a later pair replaces an earlier one with the same
// key. It returns nil for no pairs.
func newOverrides(pairs []phrasePair, reverse bool) *overrides {
	if len(pairs) == 0 {
		return nil
	}
	ov := &overrides{byFirst: map[rune][]override{}}
	for _, q := range pairs {
		o := override{q.simp, q.trad}
		if reverse {
			o = override{q.trad, q.simp}
		}
		r, _ := utf8.DecodeRuneInString(o.key)
		list := ov.byFirst[r]
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
		ov.byFirst[r] = list
		if r >= 0x10000 {
			ov.astral = true
		} else {
			ov.start[r>>3] |= 1 << (r & 7)
		}
	}
	return ov
}

// match returns the longest phrase that s starts with.
func (ov *overrides) match(s []byte) (override, bool) {
	r, _ := utf8.DecodeRune(s)
	for _, o := range ov.byFirst[r] {
		if len(o.key) <= len(s) && string(s[:len(o.key)]) == o.key {
			return o, true
		}
	}
	return override{}, false
}
