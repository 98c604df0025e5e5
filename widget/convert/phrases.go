package convert

import (
	"strconv"
	"strings"
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

// WithPhrases returns a converter whose phrase overrides are yiyue's own
// corrections followed by p (so p wins where both list a phrase). An
// override's matches are found first, leftmost and longest, and emitted as
// written; the dictionary converts the text between them. For a
// conversion from Traditional (t2s) the pairs apply reversed.
func (c *Converter) WithPhrases(p Phrases) *Converter {
	corr, _ := ParsePhrases(c.corrections)
	all := Phrases{pairs: append(corr.pairs[:len(corr.pairs):len(corr.pairs)], p.pairs...)}
	nc := *c
	b, err := encodeTrie(all.entries(c.reverse), false)
	if err != nil {
		// ParsePhrases admits only valid keys, so this cannot happen.
		return &nc
	}
	var t *trie
	if len(b) > 0 {
		t, _ = openTrie(b)
	}
	nc.setOverrides(t)
	return &nc
}
