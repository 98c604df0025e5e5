package reading

import (
	"errors"
	"strconv"
	"strings"
)

// CandidateKind tells what a [Candidate] is; its value is the letter used
// in the candidate wire format.
type CandidateKind byte

// Candidate kinds, in the order [ChooseMain] prefers them.
const (
	CandMain     CandidateKind = 'm' // a <main> element
	CandRoleMain CandidateKind = 'r' // an element with role=main
	CandArticle  CandidateKind = 'a' // an <article> element
	CandBlock    CandidateKind = 'b' // body, div, section, td, table…
)

// Candidate is a possible root of the main content, as measured by the page
// script.
type Candidate struct {
	Kind CandidateKind
	// Parent is the index of the nearest enclosing candidate, or -1.
	// Candidates come in document order, so Parent is less than the
	// candidate's own index.
	Parent int
	// TextLen is the length of the rendered text inside (textContent.length
	// of the element without hidden, nav, header and footer content is
	// best; any consistent measure works).
	TextLen int
	// LinkLen is the part of TextLen inside <a> elements.
	LinkLen int
}

// ChooseMain picks the root to read, returning its index or -1 when no
// candidate holds any text: the <main> with the most text, else the
// role=main element with the most text, else the <article> with the most
// text, else the largest block of text. Link text does not count: menus
// and link lists are not content. The largest block is found by starting at
// the top-level candidate with the most text and stepping into the child
// holding the most text while that child holds at least three quarters of
// its parent's, so wrappers are passed through and the sidebar is left out.
//
// The page script sends body, every main, [role=main] and article, and
// every div, section, td and table holding text, as long as that stays cheap
// (a few hundred candidates); hidden elements are not sent.
func ChooseMain(c []Candidate) int {
	for _, k := range [...]CandidateKind{CandMain, CandRoleMain, CandArticle} {
		best := -1
		for i := range c {
			if c[i].Kind == k && c[i].score() > 0 && (best < 0 || c[i].score() > c[best].score()) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	// bestChild[i] is the child of i with the most text; bestChild[len] is
	// the best top-level candidate.
	bestChild := make([]int, len(c)+1)
	for i := range bestChild {
		bestChild[i] = -1
	}
	for i := range c {
		p := c[i].Parent
		if p < 0 || p >= i {
			p = len(c)
		}
		if c[i].score() > 0 && (bestChild[p] < 0 || c[i].score() > c[bestChild[p]].score()) {
			bestChild[p] = i
		}
	}
	cur := bestChild[len(c)]
	for cur >= 0 {
		next := bestChild[cur]
		if next < 0 || 4*c[next].score() < 3*c[cur].score() {
			break
		}
		cur = next
	}
	return cur
}

func (c Candidate) score() int {
	return max(c.TextLen-max(c.LinkLen, 0), 0)
}

// ParseCandidates parses the candidate wire format: one string, records
// separated by U+001E (an empty record is ignored), each with four fields
// separated by U+001F:
//
//	kind US parent US textLen US linkLen
//
// kind is one letter ("m", "r", "a", "b", see [CandidateKind]); parent is a
// decimal index or -1; textLen and linkLen are decimal numbers ≥ 0.
// The index ChooseMain returns is the record's position among the non-empty
// records.
func ParseCandidates(s string) ([]Candidate, error) {
	var out []Candidate
	for i, rec := range strings.Split(s, string(RS)) {
		if rec == "" {
			continue
		}
		f := strings.Split(rec, string(US))
		if len(f) != 4 || len(f[0]) != 1 {
			return nil, errors.New("reading: candidate " + strconv.Itoa(i) + ": want 4 fields")
		}
		k := CandidateKind(f[0][0])
		switch k {
		case CandMain, CandRoleMain, CandArticle, CandBlock:
		default:
			return nil, errors.New("reading: candidate " + strconv.Itoa(i) + ": bad kind " + strconv.Quote(f[0]))
		}
		c := Candidate{Kind: k, Parent: -1}
		if f[1] != "-1" {
			p, ok := parseIndex(f[1])
			if !ok {
				return nil, errors.New("reading: candidate " + strconv.Itoa(i) + ": bad parent " + strconv.Quote(f[1]))
			}
			c.Parent = p
		}
		var ok1, ok2 bool
		c.TextLen, ok1 = parseIndex(f[2])
		c.LinkLen, ok2 = parseIndex(f[3])
		if !ok1 || !ok2 {
			return nil, errors.New("reading: candidate " + strconv.Itoa(i) + ": bad length")
		}
		out = append(out, c)
	}
	return out, nil
}

// AppendCandidates appends c in the candidate wire format.
func AppendCandidates(dst []byte, c []Candidate) []byte {
	for i, x := range c {
		if i > 0 {
			dst = append(dst, RS)
		}
		dst = append(dst, byte(x.Kind), US)
		dst = strconv.AppendInt(dst, int64(max(x.Parent, -1)), 10)
		dst = append(dst, US)
		dst = strconv.AppendInt(dst, int64(x.TextLen), 10)
		dst = append(dst, US)
		dst = strconv.AppendInt(dst, int64(x.LinkLen), 10)
	}
	return dst
}
