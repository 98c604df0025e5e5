// Package convert converts between Simplified and Traditional Chinese with
// gocc's (OpenCC's) semantics: a chain of dictionary stages, each taking at
// every position the longest key that matches.
//
// The dictionaries are prepared at build time (package dictprep) into one
// flat little-endian file per conversion, which Open reads in place: no
// text is parsed and no trie is built, so a converter is ready as soon as
// its bytes are in memory. The package avoids fmt, reflection and
// encoding/json because it is compiled into the page's WebAssembly.
package convert

import (
	"encoding/binary"
	"errors"
)

// Converter converts text with one prepared conversion. It is safe for
// concurrent use.
type Converter struct {
	name     string
	reverse  bool
	stages   []*trie
	segStage int // -1: none
	// over holds the phrase overrides in force (yiyue's corrections, then
	// the site's); corrections keeps yiyue's list as text for WithPhrases.
	over        *trie
	corrections string
}

// Open reads a dictionary prepared by Encode. It keeps references into
// data, which must not change afterwards. Truncated or foreign data gives an
// error.
func Open(data []byte) (*Converter, error) {
	r := reader{b: data}
	if string(r.take(4)) != magic {
		return nil, errors.New("convert: not a prepared dictionary")
	}
	hdr := r.take(4)
	if r.err != nil {
		return nil, errCorrupt
	}
	if v := binary.LittleEndian.Uint16(hdr); v != FormatVersion {
		return nil, errors.New("convert: unsupported dictionary version")
	}
	fl := binary.LittleEndian.Uint16(hdr[2:])
	c := &Converter{reverse: fl&flagReverse != 0}
	nl := r.take(1)
	if r.err != nil {
		return nil, errCorrupt
	}
	c.name = string(r.take(uint64(nl[0])))
	cnt := r.take(2)
	if r.err != nil {
		return nil, errCorrupt
	}
	nStages, seg := int(cnt[0]), int(cnt[1])-1
	if nStages == 0 || seg >= nStages {
		return nil, errCorrupt
	}
	c.segStage = seg
	c.corrections = string(r.take(uint64(r.u32())))
	ov := r.take(uint64(r.u32()))
	if r.err != nil {
		return nil, errCorrupt
	}
	if len(ov) > 0 {
		t, err := openTrie(ov)
		if err != nil {
			return nil, err
		}
		c.over = t
	}
	for range nStages {
		b := r.take(uint64(r.u32()))
		if r.err != nil {
			return nil, errCorrupt
		}
		t, err := openTrie(b)
		if err != nil {
			return nil, err
		}
		c.stages = append(c.stages, t)
	}
	if len(r.b) != 0 {
		return nil, errCorrupt
	}
	return c, nil
}

// Name returns the conversion's name, such as "s2t".
func (c *Converter) Name() string { return c.name }

// Convert returns s converted. Characters that no key covers, including
// U+0000 and other separators, pass through unchanged; so do bytes that
// are not valid UTF-8.
func (c *Converter) Convert(s string) string {
	return string(c.AppendConvert(make([]byte, 0, len(s)+len(s)/8), s))
}

// AppendConvert appends the conversion of s to dst and returns the result.
func (c *Converter) AppendConvert(dst []byte, s string) []byte {
	return appendConvert(c, dst, s)
}

// AppendConvertBytes is AppendConvert for text held in a byte slice, such
// as text copied from JavaScript. dst and s must not overlap.
func (c *Converter) AppendConvertBytes(dst, s []byte) []byte {
	return appendConvert(c, dst, s)
}

type text interface{ string | []byte }

// work holds the scratch buffers of one conversion call, so that a call
// allocates a few buffers and nothing per position.
type work struct {
	a, b, pending, piece, norm []byte
	path                       [MaxKeyRunes]uint32
}

func appendConvert[S text](c *Converter, dst []byte, s S) []byte {
	var w work
	if c.over == nil {
		return chain(c, dst, s, &w)
	}
	// Overrides take precedence: their leftmost-longest matches are found
	// first and emitted as they are; the dictionary converts the text
	// between them, so no dictionary phrase can reach into an override.
	t := c.over
	start := 0
	for i := 0; i < len(s); {
		end, node, depth := match(t, s, i, &w.path)
		if node == 0 {
			i = end
			continue
		}
		if start < i {
			dst = chain(c, dst, s[start:i], &w)
		}
		dst = emit(t, dst, s[i:end], node, depth, &w.path)
		i, start = end, end
	}
	if start < len(s) {
		dst = chain(c, dst, s[start:], &w)
	}
	return dst
}

// chain runs the conversion's stages over s and appends the result.
func chain[S text](c *Converter, dst []byte, s S, w *work) []byte {
	k := c.segStage
	if k < 0 {
		return passes(c.stages, dst, s, w)
	}
	// Stages before the segmenting one (OpenCC's normalization) see the
	// whole text; they are skipped when nothing in s concerns them.
	i := 0
	for i < k && skip(c.stages[i], s) == len(s) {
		i++
	}
	if i < k {
		pre := passes(c.stages[i:k], w.norm[:0], s, w)
		w.norm = pre
		return segmented(c, dst, pre, w)
	}
	return segmented(c, dst, s, w)
}

// passes runs stages one after another over s, each over the whole output
// of the one before (gocc's behaviour), and appends the result to dst.
func passes[S text](ts []*trie, dst []byte, s S, w *work) []byte {
	i := 0
	for i < len(ts) && skip(ts[i], s) == len(s) {
		i++
	}
	if i == len(ts) {
		return append(dst, s...)
	}
	if i == len(ts)-1 {
		return pass(ts[i], dst, s, &w.path)
	}
	cur := pass(ts[i], w.a[:0], s, &w.path)
	spare := w.b[:0]
	for _, t := range ts[i+1 : len(ts)-1] {
		if skip(t, cur) == len(cur) {
			continue
		}
		next := pass(t, spare, cur, &w.path)
		cur, spare = next, cur[:0]
	}
	dst = pass(ts[len(ts)-1], dst, cur, &w.path)
	w.a, w.b = cur, spare
	return dst
}

// segmented runs the segmenting stage over s and the stages after it over
// each segment, as OpenCC does after its mmseg segmentation.
func segmented[S text](c *Converter, dst []byte, s S, w *work) []byte {
	t := c.stages[c.segStage]
	rest := c.stages[c.segStage+1:]
	pending := w.pending[:0]
	for i := 0; i < len(s); {
		if b := s[i]; b < 0x80 && t.ascii[b>>6]&(1<<(b&63)) == 0 {
			pending = append(pending, b)
			i++
			continue
		}
		end, node, depth := match(t, s, i, &w.path)
		switch {
		case node == 0:
			pending = append(pending, s[i:end]...)
		case t.flags[node]&flagSegment == 0:
			pending = emit(t, pending, s[i:end], node, depth, &w.path)
		default:
			// Emit before flushing: the later stages reuse w.path.
			w.piece = emit(t, w.piece[:0], s[i:end], node, depth, &w.path)
			if len(pending) > 0 {
				dst = passes(rest, dst, pending, w)
				pending = pending[:0]
			}
			dst = passes(rest, dst, w.piece, w)
		}
		i = end
	}
	if len(pending) > 0 {
		dst = passes(rest, dst, pending, w)
	}
	w.pending = pending
	return dst
}

// skip returns the offset of the first rune of s that may start a key of
// t, or len(s) when there is none. It only looks when t's keys start with
// few distinct lead bytes (OpenCC's normalization table), and returns 0
// otherwise.
func skip[S text](t *trie, s S) int {
	if t.nLeads == 0 {
		return 0
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0xC0 {
			continue
		}
		for _, l := range t.leads[:t.nLeads] {
			if b != l {
				continue
			}
			r, sz := decodeRune(s, i)
			if sz > 1 {
				if c := t.code(r); c != 0 && t.flags[c]&flagStarting != 0 {
					return i
				}
			}
		}
	}
	return len(s)
}

// pass converts s with one stage and appends the result to dst. Text that
// no key covers is copied in runs.
func pass[S text](t *trie, dst []byte, s S, path *[MaxKeyRunes]uint32) []byte {
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < 0x80 && t.ascii[b>>6]&(1<<(b&63)) == 0 {
			i++
			continue
		}
		end, node, depth := match(t, s, i, path)
		if node == 0 {
			i = end
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = emit(t, dst, s[i:end], node, depth, path)
		i, start = end, end
	}
	return append(dst, s[start:]...)
}

// match finds the longest key of t at s[i:]. It returns the end of the
// match and its node, or node 0 and the end of the rune at i. path receives
// the codes of the matched runes.
func match[S text](t *trie, s S, i int, path *[MaxKeyRunes]uint32) (end int, node uint32, depth int) {
	r, sz := decodeRune(s, i)
	end = i + sz
	if sz == 1 && r == runeError {
		return end, 0, 0
	}
	c := t.code(r)
	if c == 0 || t.flags[c]&flagStarting == 0 {
		return end, 0, 0
	}
	path[0] = c
	if t.flags[c]&kindMask != kindNone {
		node, depth = c, 1
	}
	n, q, d := c, end, 1
	for d < t.maxDepth && q < len(s) {
		a, b := t.childStart(n), t.childStart(n+1)
		if a >= b {
			break
		}
		r, sz = decodeRune(s, q)
		if sz == 1 && r == runeError {
			break
		}
		cc := t.code(r)
		if cc == 0 {
			break
		}
		n = t.childIn(n, a, b, cc)
		if n == 0 {
			break
		}
		path[d] = cc
		d++
		q += sz
		if t.flags[n]&kindMask != kindNone {
			node, depth, end = n, d, q
		}
	}
	return end, node, depth
}

// emit appends the value of the key key, matched at node.
func emit[S text](t *trie, dst []byte, key S, node uint32, depth int, path *[MaxKeyRunes]uint32) []byte {
	switch t.flags[node] & kindMask {
	case kindDefault:
		if depth == 1 {
			return append(dst, key...)
		}
		return emitRunes(t, dst, key, depth, path, nil)
	case kindSelect:
		rec := t.record(node)
		if len(rec) < depth {
			return append(dst, key...)
		}
		return emitRunes(t, dst, key, depth, path, rec[:depth])
	default:
		if v, ok := candidate(t.record(node), 0); ok {
			return append(dst, v...)
		}
		return append(dst, key...)
	}
}

// emitRunes appends, for each rune of key, the candidate that sel picks
// (the first when sel is nil).
func emitRunes[S text](t *trie, dst []byte, key S, depth int, path *[MaxKeyRunes]uint32, sel []byte) []byte {
	p := 0
	for i := 0; i < depth && p < len(key); i++ {
		_, sz := decodeRune(key, p)
		c := path[i]
		if t.flags[c]&kindMask == kindLiteral {
			k := 0
			if sel != nil {
				k = int(sel[i])
			}
			if v, ok := candidate(t.record(c), k); ok {
				dst = append(dst, v...)
				p += sz
				continue
			}
		}
		dst = append(dst, key[p:p+sz]...)
		p += sz
	}
	return dst
}

const runeError = '\uFFFD'

// decodeRune decodes the rune at s[i:] exactly as utf8.DecodeRune does,
// for strings and byte slices alike: invalid bytes give (RuneError, 1).
func decodeRune[S text](s S, i int) (rune, int) {
	b0 := s[i]
	if b0 < 0x80 {
		return rune(b0), 1
	}
	n := len(s) - i
	switch {
	case b0 < 0xC2:
		return runeError, 1
	case b0 < 0xE0:
		if n < 2 || s[i+1]&0xC0 != 0x80 {
			return runeError, 1
		}
		return rune(b0&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case b0 < 0xF0:
		if n < 3 {
			return runeError, 1
		}
		b1, b2 := s[i+1], s[i+2]
		lo, hi := byte(0x80), byte(0xBF)
		if b0 == 0xE0 {
			lo = 0xA0
		} else if b0 == 0xED {
			hi = 0x9F
		}
		if b1 < lo || b1 > hi || b2&0xC0 != 0x80 {
			return runeError, 1
		}
		return rune(b0&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
	case b0 < 0xF5:
		if n < 4 {
			return runeError, 1
		}
		b1, b2, b3 := s[i+1], s[i+2], s[i+3]
		lo, hi := byte(0x80), byte(0xBF)
		if b0 == 0xF0 {
			lo = 0x90
		} else if b0 == 0xF4 {
			hi = 0x8F
		}
		if b1 < lo || b1 > hi || b2&0xC0 != 0x80 || b3&0xC0 != 0x80 {
			return runeError, 1
		}
		return rune(b0&0x07)<<18 | rune(b1&0x3F)<<12 | rune(b2&0x3F)<<6 | rune(b3&0x3F), 4
	}
	return runeError, 1
}
