package reading

import (
	"errors"
	"strconv"
	"strings"
)

// AppendWire appends m to dst in the output wire format described in the
// package documentation.
func (m *Model) AppendWire(dst []byte) []byte {
	for i, s := range m.Sentences {
		if i > 0 {
			dst = append(dst, RS)
		}
		dst = appendClean(dst, s.Lang)
		dst = append(dst, US)
		dst = appendClean(dst, s.Text)
		dst = append(dst, US)
		for j, r := range s.Ranges {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendInt(dst, int64(r.Node), 10)
			dst = append(dst, ',')
			dst = strconv.AppendInt(dst, int64(r.Start), 10)
			dst = append(dst, ',')
			dst = strconv.AppendInt(dst, int64(r.End), 10)
		}
	}
	return dst
}

// Wire returns m in the output wire format.
func (m *Model) Wire() string {
	n := 0
	for _, s := range m.Sentences {
		n += len(s.Lang) + len(s.Text) + 2 + 12*len(s.Ranges)
	}
	return string(m.AppendWire(make([]byte, 0, n)))
}

// ParseModel parses the output wire format back into a Model: Go tests and
// browser tests use it to read what the page script received.
func ParseModel(s string) (*Model, error) {
	m := &Model{}
	if s == "" {
		return m, nil
	}
	for i, rec := range strings.Split(s, string(RS)) {
		f := strings.Split(rec, string(US))
		if len(f) != 3 {
			return nil, errors.New("reading: sentence " + strconv.Itoa(i) + ": want 3 fields")
		}
		st := Sentence{Lang: f[0], Text: f[1]}
		if f[2] != "" {
			n := strings.Split(f[2], ",")
			if len(n)%3 != 0 {
				return nil, errors.New("reading: sentence " + strconv.Itoa(i) + ": ranges not in threes")
			}
			for j := 0; j < len(n); j += 3 {
				var v [3]int
				for k := range v {
					x, err := strconv.Atoi(n[j+k])
					if err != nil {
						return nil, errors.New("reading: sentence " + strconv.Itoa(i) + ": " + err.Error())
					}
					v[k] = x
				}
				st.Ranges = append(st.Ranges, Range{v[0], v[1], v[2]})
			}
		}
		m.Sentences = append(m.Sentences, st)
	}
	return m, nil
}

// At returns the index of the sentence to play from for a point in the
// page: text node (or element) node at UTF-16 offset offset. That is the
// sentence containing the point, or else the first one after it in document
// order (a point in skipped or unreadable content), or else the last
// sentence; -1 when there are no sentences. A point exactly at the end of a
// sentence belongs to the next one. Node indexes must follow document order.
// For an element (a focused link or button) pass its first reported node at
// or after it with offset 0.
func (m *Model) At(node, offset int) int {
	for i, s := range m.Sentences {
		for _, r := range s.Ranges {
			if r.Node > node || r.Node == node && (r.Start < 0 || offset < r.End) {
				return i
			}
		}
	}
	return len(m.Sentences) - 1
}

// Split cuts plain text, such as the text of one element for point-to-read,
// into sentences of at most maxLen Chinese characters (0: DefaultMaxLen) by
// the same rules as [Build].
func Split(text string, maxLen int) []string {
	m := Build([]Segment{{Kind: Text, Text: text}}, Options{MaxLen: maxLen})
	out := make([]string, len(m.Sentences))
	for i, s := range m.Sentences {
		out[i] = s.Text
	}
	return out
}
