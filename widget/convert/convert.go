// Package convert converts between Simplified and Traditional Chinese with
// gocc's (OpenCC's) semantics: a chain of dictionary stages, each taking at
// every position the longest key that matches.
//
// The dictionaries are prepared at build time (package dictprep) into one
// flat little-endian file per conversion, which Open reads in place: no
// text is parsed and no trie is built, so a converter is ready as soon as
// its bytes are in memory. The package avoids fmt, reflection and
// encoding/json because it is compiled into the page's WebAssembly.
//
// On WebAssembly the commonest steps of the conversion loop are written in
// assembly (pipe_wasm.s), because Go's code for them runs two to three
// times slower there; pipe.go holds the same steps in Go, which other
// platforms use and which the tests hold the assembly to (TestWebAssembly
// runs them under node).
package convert

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"unsafe"
)

// Converter converts text with one prepared conversion. It is safe for
// concurrent use.
type Converter struct {
	name     string
	reverse  bool
	aligned  bool
	stages   []*trie
	segStage int // -1: none
	// over holds the phrase overrides in force: yiyue's corrections, then
	// the site's; corrections keeps yiyue's list as text for WithPhrases.
	over        *overrides
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
	c := &Converter{reverse: fl&flagReverse != 0, aligned: fl&flagAligned != 0}
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
	if r.err != nil {
		return nil, errCorrupt
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
	// A handful of lines, read once.
	corr, errs := ParsePhrases(c.corrections)
	if len(errs) != 0 {
		return nil, errCorrupt
	}
	c.over = newOverrides(corr.pairs, c.reverse)
	return c, nil
}

// Name returns the conversion's name, such as "s2t".
func (c *Converter) Name() string { return c.name }

// Aligned reports whether the conversion keeps every character's place:
// each key, phrase overrides' too, becomes as many runes as it has, so
// that rune i of the output is the conversion of rune i of the input.
// Text split into parts (words broken by markup) can then be converted
// whole and cut back into its parts at the same rune counts. Conversions
// with regional phrases (s2twp: U盘 → 隨身碟) are not aligned.
func (c *Converter) Aligned() bool { return c.aligned }

// Convert returns s converted. Characters that no key covers, including
// U+0000 and other separators, pass through unchanged; so do bytes that
// are not valid UTF-8.
func (c *Converter) Convert(s string) string {
	// The buffer is this call's own and never written again, so the
	// string can be it, without a copy of the whole text.
	b := c.AppendConvert(make([]byte, 0, len(s)+len(s)/8+scanSlack), s)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// AppendConvert appends the conversion of s to dst and returns the result.
func (c *Converter) AppendConvert(dst []byte, s string) []byte {
	// The engine reads bytes; s is only read, so its bytes serve as they
	// are, without a copy (and the engine is compiled once, not per type).
	return appendConvert(c, dst, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// AppendConvertBytes is AppendConvert for text held in a byte slice, such
// as text copied from JavaScript. dst and s must not overlap.
func (c *Converter) AppendConvertBytes(dst, s []byte) []byte {
	return appendConvert(c, dst, s)
}

// work holds the scratch buffers of one conversion call, so that a call
// allocates a few buffers and nothing per position.
type work struct {
	a, b, norm []byte
	// seg holds segment boundaries as bitmaps over byte offsets: seg[0]
	// those of the text a stage reads, seg[1] those of its output.
	seg  [2][]uint64
	path [MaxKeyRunes]uint32
	// ov, when set, are phrase overrides that run applies itself (see
	// appendConvert).
	ov *overrides
}

// recovered counts conversions that failed on a corrupt dictionary; tests
// hold it at zero for sound ones.
var recovered atomic.Int64

func appendConvert(c *Converter, dst, s []byte) (out []byte) {
	// Open checks sizes, not every entry, so a damaged dictionary could
	// send a lookup out of range: the text then stays as it is rather than
	// taking the page's script down.
	n0 := len(dst)
	defer func() {
		if recover() != nil {
			recovered.Add(1)
			out = append(dst[:n0], s...)
		}
	}()
	var w work
	ov := c.over
	if ov == nil {
		return chain(c, dst, s, &w)
	}
	// Overrides take precedence: their leftmost-longest matches are found
	// first and emitted as they are; the dictionary converts the text
	// between them, so no dictionary phrase can reach into an override.
	//
	// When one stage alone concerns s (s2t and t2s without compatibility
	// ideographs), that stage's loop finds the overrides as it goes,
	// which spares a pass over the text: its keys end where an override
	// begins, so the result is the same.
	if k := c.segStage; k < 0 {
		ts := c.stages
		i := 0
		for i < len(ts)-1 && skip(ts[i], s) == len(s) {
			i++
		}
		if i == len(ts)-1 {
			w.ov = ov
			return run(ts[i], dst, s, &w, 0)
		}
	}
	st := &ov.start
	ps := pipeState{
		s: unsafe.Pointer(unsafe.SliceData(s)), n: len(s),
		ovStart: unsafe.Pointer(&ov.start), ovSingle: unsafe.Pointer(&ov.single), ovPrefixes: unsafe.Pointer(&ov.prefixes),
		asc0: uint(ov.ascii[0]), asc1: uint(ov.ascii[1]),
	}
	start := 0
	for i := 0; i < len(s); {
		// Most runes start no override: pass them fast.
		ps.i = i
		ovNext(&ps)
		if i = ps.i; i >= len(s) {
			break
		}
		// Skip runes that start no override; continuation bytes can
		// start nothing, so a lead byte with valid continuations is
		// skipped whole.
		b0 := s[i]
		if b0 < 0x80 {
			if st[b0>>3]&(1<<(b0&7)) == 0 {
				i++
				continue
			}
		} else if b0 >= 0xE0 && b0 < 0xF0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r := uint32(b0&0x0F)<<12 | uint32(s[i+1]&0x3F)<<6 | uint32(s[i+2]&0x3F)
			if st[r>>3]&(1<<(r&7)) == 0 {
				i += 3
				continue
			}
		} else if b0 >= 0xC2 && b0 < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r := uint32(b0&0x1F)<<6 | uint32(s[i+1]&0x3F)
			if st[r>>3]&(1<<(r&7)) == 0 {
				i += 2
				continue
			}
		} else if b0 < 0xC2 || !ov.astral {
			i++
			continue
		}
		p, ok := ov.match(s[i:])
		if !ok {
			_, n := decodeRune(s, i)
			i += n
			continue
		}
		if start < i {
			dst = chain(c, dst, s[start:i], &w)
		}
		dst = append(dst, p.value...)
		i += len(p.key)
		start = i
	}
	if start < len(s) {
		dst = chain(c, dst, s[start:], &w)
	}
	return dst
}

// chain runs the conversion's stages over s and appends the result.
func chain(c *Converter, dst []byte, s []byte, w *work) []byte {
	k := c.segStage
	if k < 0 {
		return passes(c.stages, dst, s, w, false)
	}
	// Stages before the segmenting one (OpenCC's normalization) see the
	// whole text; they are skipped when nothing in s concerns them.
	i := 0
	for i < k && skip(c.stages[i], s) == len(s) {
		i++
	}
	if i < k {
		pre := passes(c.stages[i:k], w.norm[:0], s, w, false)
		w.norm = pre
		return segmented(c, dst, pre, w)
	}
	return segmented(c, dst, s, w)
}

// segmented runs the segmenting stage, which notes where its
// segmentation-key matches begin and end, then the later stages, which
// may not match across those boundaries: OpenCC converts each segment of
// its mmseg segmentation separately.
func segmented(c *Converter, dst []byte, s []byte, w *work) []byte {
	k := c.segStage
	out := run(c.stages[k], w.a[:0], s, w, 1)
	w.a = out
	return passes(c.stages[k+1:], dst, out, w, true)
}

// passes runs stages one after another over s, each over the whole output
// of the one before (gocc's behaviour), and appends the result to dst.
// With bounded, w.seg[0] holds segment boundaries of s that matches may
// not cross.
func passes(ts []*trie, dst []byte, s []byte, w *work, bounded bool) []byte {
	mode := 0
	if bounded {
		mode = 2
	}
	i := 0
	for i < len(ts) && skip(ts[i], s) == len(s) {
		i++
	}
	if i == len(ts) {
		return append(dst, s...)
	}
	if i == len(ts)-1 {
		return run(ts[i], dst, s, w, mode)
	}
	cur := run(ts[i], w.b[:0], s, w, mode|4)
	spare := w.a[:0]
	if bounded {
		w.seg[0], w.seg[1] = w.seg[1], w.seg[0]
	}
	for _, t := range ts[i+1 : len(ts)-1] {
		if skip(t, cur) == len(cur) {
			continue
		}
		next := run(t, spare, cur, w, mode|4)
		cur, spare = next, cur[:0]
		if bounded {
			w.seg[0], w.seg[1] = w.seg[1], w.seg[0]
		}
	}
	dst = run(ts[len(ts)-1], dst, cur, w, mode)
	w.a, w.b = spare, cur
	return dst
}

// skip returns the offset of the first rune of s that may start a key of
// t, or len(s) when there is none. It only looks when t's keys start with
// few distinct lead bytes (OpenCC's normalization table), and returns 0
// otherwise.
func skip(t *trie, s []byte) int {
	if t.nLeads == 0 {
		return 0
	}
	first := len(s)
	for _, l := range t.leads[:t.nLeads] {
		for i := 0; i < first; {
			j := indexByte(s[i:first], l)
			if j < 0 {
				break
			}
			i += j
			r, sz := decodeRune(s, i)
			if sz > 1 {
				if c := t.codeOf(r); c != 0 && t.node(c)>>24&flagStarting != 0 {
					first = i
					break
				}
			}
			i++
		}
	}
	return first
}

func indexByte(s []byte, c byte) int { return bytes.IndexByte(s, c) }

// emit appends the value of the key key, matched at node.
func emit(t *trie, dst []byte, key []byte, node uint32, depth int, path *[MaxKeyRunes]uint32) []byte {
	switch t.node(node) >> 24 & kindMask {
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
		if depth == 1 {
			return appendFirst(t, dst, node, key)
		}
		if v, ok := candidate(t.record(node), 0); ok {
			return append(dst, v...)
		}
		return append(dst, key...)
	}
}

// emitRunes appends, for each rune of key, the candidate that sel picks
// (the first when sel is nil).
func emitRunes(t *trie, dst []byte, key []byte, depth int, path *[MaxKeyRunes]uint32, sel []byte) []byte {
	p := 0
	for i := 0; i < depth && p < len(key); i++ {
		_, sz := decodeRune(key, p)
		c := path[i]
		if sel == nil || sel[i] == 0 {
			dst = appendFirst(t, dst, c, key[p:p+sz])
			p += sz
			continue
		}
		if t.node(c)>>24&kindMask == kindLiteral {
			if v, ok := candidate(t.record(c), int(sel[i])); ok {
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
func decodeRune(s []byte, i int) (rune, int) {
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
