package reading

import (
	"errors"
	"strconv"
	"strings"
)

// Wire separators shared by every format in this package.
const (
	// RS separates records.
	RS = '\x1e'
	// US separates fields inside a record.
	US = '\x1f'
)

// Kind tells what a [Segment] is. Its value is the letter used in the input
// wire format.
type Kind byte

// Segment kinds; see the package documentation for what each carries.
const (
	Text         Kind = 't' // text node
	Image        Kind = 'i' // image with alt text
	LinkStart    Kind = 'a' // start of a link, Text = aria-label or empty
	LinkEnd      Kind = 'A' // end of a link
	HeadingStart Kind = 'h' // start of a heading, Level set
	HeadingEnd   Kind = 'H' // end of a heading
	Block        Kind = 'b' // block boundary
	Control      Kind = 'c' // form control or widget, Role set, Text = its name
	CellStart    Kind = 'd' // start of a table data cell, Text = its headers' text
	CellEnd      Kind = 'D' // end of a table data cell
	SkipStart    Kind = 's' // start of a nav/header/footer region
	SkipEnd      Kind = 'S' // end of such a region
)

// Segment is one item of the page's content in document order.
type Segment struct {
	Kind  Kind
	Level int    // heading level 1–6 for HeadingStart, 0 if not given
	Role  string // ARIA role for Control
	Node  int    // index the page script maps back to the DOM node
	Lang  string // BCP-47 tag of the nearest lang attribute, or ""
	Text  string // raw text; see the package documentation per kind
}

// ParseSegments parses the input wire format described in the package
// documentation. The returned segments' strings share memory with s; apart
// from the slice itself nothing is allocated.
func ParseSegments(s string) ([]Segment, error) {
	segs := make([]Segment, 0, strings.Count(s, string(RS))+1)
	for rec := 0; len(s) > 0; rec++ {
		var r string
		if i := strings.IndexByte(s, RS); i >= 0 {
			r, s = s[:i], s[i+1:]
		} else {
			r, s = s, ""
		}
		if r == "" {
			continue
		}
		seg, err := parseSegment(r)
		if err != nil {
			return nil, errors.New("reading: segment record " + strconv.Itoa(rec) + ": " + err.Error())
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

func parseSegment(r string) (Segment, error) {
	var f [4]string
	for i := 0; i < 3; i++ {
		j := strings.IndexByte(r, US)
		if j < 0 {
			return Segment{}, errors.New("want 4 fields")
		}
		f[i], r = r[:j], r[j+1:]
	}
	if strings.IndexByte(r, US) >= 0 {
		return Segment{}, errors.New("want 4 fields")
	}
	f[3] = r
	var seg Segment
	k := f[0]
	if k == "" {
		return seg, errors.New("empty kind")
	}
	seg.Kind = Kind(k[0])
	arg := k[1:]
	switch seg.Kind {
	case HeadingStart:
		if arg != "" {
			if len(arg) != 1 || arg[0] < '1' || arg[0] > '6' {
				return seg, errors.New("bad heading level " + strconv.Quote(arg))
			}
			seg.Level = int(arg[0] - '0')
		}
	case Control:
		seg.Role = arg
	case Text, Image, LinkStart, LinkEnd, HeadingEnd, Block, SkipStart, SkipEnd, CellStart, CellEnd:
		if arg != "" {
			return seg, errors.New("bad kind " + strconv.Quote(k))
		}
	default:
		return seg, errors.New("bad kind " + strconv.Quote(k))
	}
	n, ok := parseIndex(f[1])
	if !ok {
		return seg, errors.New("bad node index " + strconv.Quote(f[1]))
	}
	seg.Node = n
	seg.Lang = f[2]
	seg.Text = f[3]
	return seg, nil
}

// parseIndex parses 1–9 decimal digits; strconv.Atoi would accept signs.
func parseIndex(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// AppendSegments appends segs to dst in the input wire format, deleting
// U+001E and U+001F from strings as the page script does. Go code (tests,
// servers preparing pages) uses it to produce what the page script would.
func AppendSegments(dst []byte, segs []Segment) []byte {
	for i, s := range segs {
		if i > 0 {
			dst = append(dst, RS)
		}
		dst = append(dst, byte(s.Kind))
		switch s.Kind {
		case HeadingStart:
			if s.Level >= 1 && s.Level <= 6 {
				dst = append(dst, byte('0'+s.Level))
			}
		case Control:
			dst = appendClean(dst, s.Role)
		}
		dst = append(dst, US)
		dst = strconv.AppendInt(dst, int64(s.Node), 10)
		dst = append(dst, US)
		dst = appendClean(dst, s.Lang)
		dst = append(dst, US)
		dst = appendClean(dst, s.Text)
	}
	return dst
}

// appendClean appends s without the two separator bytes. They are ASCII, so
// deleting them bytewise keeps UTF-8 intact.
func appendClean(dst []byte, s string) []byte {
	from := 0
	for i := 0; i < len(s); i++ {
		if s[i] == RS || s[i] == US {
			dst = append(dst, s[from:i]...)
			from = i + 1
		}
	}
	return append(dst, s[from:]...)
}
