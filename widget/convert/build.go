package convert

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Entry is one dictionary key and its candidate outputs. Conversion emits
// the first value; the others only help to store phrase values compactly.
type Entry struct {
	Key    string
	Values []string
	// Segment marks a key of the segmentation dictionary; see
	// Spec.SegmentStage.
	Segment bool
}

// Stage is one pass of a conversion chain: a longest-match dictionary.
// OpenCC's dictionary groups are merged into one Stage before encoding (see
// package dictprep). Later entries replace earlier ones with the same key.
type Stage struct {
	Entries []Entry
}

// Spec describes one conversion to encode with Encode.
type Spec struct {
	// Name is the conversion's name, such as "s2t".
	Name string
	// Reverse means the conversion reads Traditional text, so phrase
	// overrides (simplified<TAB>traditional) apply traditional→simplified.
	Reverse bool
	// Stages run in order, each over the output of the one before.
	Stages []Stage
	// SegmentStage, when >= 0, follows OpenCC's mmseg segmentation: every
	// match of a Segment-marked key in that stage is a segment of its own,
	// the text between such matches is one segment, and the stages after
	// it convert each segment on its own, so their keys never span a
	// segment boundary. The stage's other keys must be single runes.
	// Use -1 for gocc's behaviour, where every stage sees the whole text.
	SegmentStage int
	// Corrections are yiyue's own phrase overrides, applied like a site's
	// (see Converter.WithPhrases) and before them.
	Corrections Phrases
}

const (
	magic = "YYCV"
	// FormatVersion is the version of the prepared form; Open refuses
	// other versions.
	FormatVersion = 4
	flagReverse   = 1
	// flagAligned marks a conversion whose every key becomes as many runes
	// as it has (see Converter.Aligned).
	flagAligned = 2
)

// Encode writes a conversion in the prepared form that Open reads.
func Encode(spec Spec) ([]byte, error) {
	if len(spec.Name) > 255 {
		return nil, errors.New("convert: encode: name too long")
	}
	if len(spec.Stages) == 0 || len(spec.Stages) > 255 {
		return nil, errors.New("convert: encode: need 1 to 255 stages")
	}
	if spec.SegmentStage < -1 || spec.SegmentStage >= len(spec.Stages) {
		return nil, errors.New("convert: encode: segment stage out of range")
	}
	out := []byte(magic)
	out = binary.LittleEndian.AppendUint16(out, FormatVersion)
	var fl uint16
	if spec.Reverse {
		fl |= flagReverse
	}
	if spec.aligned() {
		fl |= flagAligned
	}
	out = binary.LittleEndian.AppendUint16(out, fl)
	out = append(out, byte(len(spec.Name)))
	out = append(out, spec.Name...)
	out = append(out, byte(len(spec.Stages)), byte(spec.SegmentStage+1))
	corr := spec.Corrections.text()
	out = binary.LittleEndian.AppendUint32(out, uint32(len(corr)))
	out = append(out, corr...)
	for i, st := range spec.Stages {
		if i == spec.SegmentStage {
			for _, e := range st.Entries {
				if !e.Segment && utf8.RuneCountInString(e.Key) != 1 {
					return nil, errors.New("convert: encode: stage " + strconv.Itoa(i) +
						": key " + strconv.Quote(e.Key) + " is neither a segment key nor a single rune")
				}
			}
		}
		b, err := encodeTrie(st.Entries, len(st.Entries) >= bmpMinEntries)
		if err != nil {
			return nil, errors.New("convert: encode stage " + strconv.Itoa(i) + ": " + err.Error())
		}
		out = binary.LittleEndian.AppendUint32(out, uint32(len(b)))
		out = append(out, b...)
	}
	return out, nil
}

// aligned says whether every key of the spec, its corrections' too, is
// replaced by as many runes as it has.
func (spec Spec) aligned() bool {
	for _, st := range spec.Stages {
		for _, e := range st.Entries {
			if len(e.Values) > 0 && utf8.RuneCountInString(e.Values[0]) != utf8.RuneCountInString(e.Key) {
				return false
			}
		}
	}
	return spec.Corrections.aligned()
}

// bmpMinEntries is the size from which a stage gets the direct BMP code
// table that the fast path needs: 128 KB raw, but mostly zeros, so a few
// KB compressed even for a big stage. Tests lower it to exercise the path
// without the table.
var bmpMinEntries = 1

type buildKey struct {
	codes  []uint32
	values []string
	seg    bool
	node   uint32
}

// checkKey reports why s cannot be a key, or "".
func checkKey(s string) string {
	if s == "" {
		return "empty key"
	}
	if !utf8.ValidString(s) {
		return "key is not valid UTF-8"
	}
	n := 0
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return "key contains a control character"
		}
		n++
	}
	if n > MaxKeyRunes {
		return "key longer than " + strconv.Itoa(MaxKeyRunes) + " characters"
	}
	return ""
}

// encodeTrie builds the trie section for entries; an empty list gives an
// empty section (no trie). bmpTable adds the direct BMP code table (128
// KB raw, a few KB compressed) that the dictionary stages use for speed.
func encodeTrie(entries []Entry, bmpTable bool) ([]byte, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	// Later entries win, as in gocc (its trie insert overwrites).
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		if why := checkKey(e.Key); why != "" {
			return nil, errors.New(why + ": " + strconv.Quote(e.Key))
		}
		if len(e.Values) == 0 {
			return nil, errors.New("no value for " + strconv.Quote(e.Key))
		}
		for _, v := range e.Values {
			if !utf8.ValidString(v) {
				return nil, errors.New("value is not valid UTF-8 for " + strconv.Quote(e.Key))
			}
		}
		last[e.Key] = i
	}
	runeSet := map[rune]struct{}{}
	for k := range last {
		for _, r := range k {
			runeSet[r] = struct{}{}
		}
	}
	runes := make([]rune, 0, len(runeSet))
	for r := range runeSet {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	if len(runes) >= 1<<16 {
		return nil, errors.New("too many distinct characters")
	}
	codeOf := make(map[rune]uint32, len(runes))
	for i, r := range runes {
		codeOf[r] = uint32(i + 1)
	}
	n := uint32(len(runes))

	keys := make([]*buildKey, 0, len(last))
	maxDepth := 0
	for i, e := range entries {
		if last[e.Key] != i {
			continue
		}
		bk := &buildKey{values: e.Values, seg: e.Segment}
		for _, r := range e.Key {
			bk.codes = append(bk.codes, codeOf[r])
		}
		maxDepth = max(maxDepth, len(bk.codes))
		keys = append(keys, bk)
	}
	slices.SortFunc(keys, func(a, b *buildKey) int { return slices.Compare(a.codes, b.codes) })

	// Breadth-first numbering: depth-1 nodes are 1..n by code; deeper
	// levels in key order, which is (parent, label) order.
	labels := make([]uint32, n+1)
	childCount := make([]uint32, n+1)
	childCount[0] = n
	for c := uint32(1); c <= n; c++ {
		labels[c] = c
	}
	cur := make([]uint32, len(keys)) // node of each key's prefix so far
	for i, k := range keys {
		cur[i] = k.codes[0]
		if len(k.codes) == 1 {
			k.node = cur[i]
		}
	}
	for d := 1; d < maxDepth; d++ {
		prevParent, prevLabel := uint32(0), uint32(0)
		for i, k := range keys {
			if len(k.codes) <= d {
				continue
			}
			p, l := cur[i], k.codes[d]
			if p != prevParent || l != prevLabel {
				labels = append(labels, l)
				childCount = append(childCount, 0)
				childCount[p]++
				prevParent, prevLabel = p, l
			}
			cur[i] = uint32(len(labels) - 1)
			if len(k.codes) == d+1 {
				k.node = cur[i]
			}
		}
	}
	m := uint32(len(labels))
	if m >= 1<<24 {
		return nil, errors.New("dictionary too large")
	}

	// Candidates of each rune: the values of its single-rune key.
	cands := make([][]string, n+1)
	for _, k := range keys {
		if len(k.codes) == 1 {
			cands[k.codes[0]] = k.values
		}
	}
	flags := make([]byte, m)
	records := make(map[uint32][]byte)
	for _, k := range keys {
		kind, rec := encodeValue(k, runes, cands)
		f := kind
		if k.seg {
			f |= flagSegment
		}
		flags[k.node] = f
		if rec != nil {
			records[k.node] = rec
		}
	}
	var starts [32]byte
	var ascii [2]uint64
	for c := uint32(1); c <= n; c++ {
		if flags[c]&kindMask == kindNone && childCount[c] == 0 {
			continue
		}
		flags[c] |= flagStarting
		r := runes[c-1]
		var buf [4]byte
		utf8.EncodeRune(buf[:], r)
		starts[buf[0]>>3] |= 1 << (buf[0] & 7)
		if r < 0x80 {
			ascii[r>>6] |= 1 << (r & 63)
		}
	}

	// Page table for rune → code.
	pageIdx := make([]byte, pageIdxEntries*2)
	var pages []byte
	for i := 0; i < len(runes); {
		hi := runes[i] >> 8
		var words [4]uint64
		var bases [4]uint32
		j := i
		for j < len(runes) && runes[j]>>8 == hi {
			b := runes[j] & 255
			words[b>>6] |= 1 << (b & 63)
			j++
		}
		code := uint32(i + 1)
		for w := range 4 {
			bases[w] = code
			code += uint32(bits.OnesCount64(words[w]))
		}
		for w := range 4 {
			pages = binary.LittleEndian.AppendUint64(pages, words[w])
		}
		for w := range 4 {
			pages = binary.LittleEndian.AppendUint32(pages, bases[w])
		}
		binary.LittleEndian.PutUint16(pageIdx[2*hi:], uint16(len(pages)/pageSize))
		i = j
	}

	words := (m + 63) / 64
	spBits := make([]byte, words*8)
	spRank := make([]byte, words*4)
	var valOff, pool []byte
	var k uint32
	for w := uint32(0); w < words; w++ {
		binary.LittleEndian.PutUint32(spRank[w*4:], k)
		var word uint64
		for b := uint32(0); b < 64 && w*64+b < m; b++ {
			rec, ok := records[w*64+b]
			if !ok {
				continue
			}
			word |= 1 << b
			valOff = binary.LittleEndian.AppendUint32(valOff, uint32(len(pool)))
			pool = append(pool, rec...)
			k++
		}
		binary.LittleEndian.PutUint64(spBits[w*8:], word)
	}

	cs := make([]uint32, m+1)
	next := uint32(1)
	for i := uint32(0); i < m; i++ {
		cs[i] = next
		next += childCount[i]
	}
	cs[m] = next

	// Pair table for the second step of a walk: load at most one sixth,
	// so that most pairs that start no key find their slot empty and the
	// common step goes on without probing (a sparser table converts 8 %
	// faster than at one third, for 2 KB brotli more in s2t).
	pairs := 0
	for c := uint32(1); c <= n; c++ {
		pairs += int(childCount[c])
	}
	pairBits := uint32(1)
	for pairBits < maxPairBits && 1<<pairBits < 6*pairs {
		pairBits++
	}
	pmask := uint32(1)<<pairBits - 1
	pairTab := make([]byte, 2<<pairBits)
	probes := uint32(0)
	for c := uint32(1); c <= n; c++ {
		for ch := cs[c]; ch < cs[c+1]; ch++ {
			h := (c*hashA ^ labels[ch]*hashB) >> (32 - pairBits)
			p := uint32(1)
			for binary.LittleEndian.Uint16(pairTab[2*h:]) != 0 {
				h = (h + 1) & pmask
				p++
			}
			binary.LittleEndian.PutUint16(pairTab[2*h:], uint16(ch-cs[c]+1))
			probes = max(probes, p)
		}
	}
	// A miss probes up to the next empty slot.
	for h := uint32(0); h <= pmask; h++ {
		p := uint32(1)
		for g := h; binary.LittleEndian.Uint16(pairTab[2*g:]) != 0 && p <= pmask; g = (g + 1) & pmask {
			p++
		}
		probes = max(probes, p)
	}

	// First candidates inline, when they are one to three bytes; the
	// others are marked, so that the fast path needs no node word to
	// tell a rune that stays (0) from one whose candidate is in the pool
	// or that is a segment of its own.
	firsts := make([]byte, 4*(n+1))
	for c := uint32(1); c <= n; c++ {
		var f uint32
		if flags[c]&kindMask == kindLiteral {
			f = firstPooled
			if v := cands[c][0]; len(v) >= 1 && len(v) <= 3 {
				f = uint32(len(v)) << 24
				for i := len(v) - 1; i >= 0; i-- {
					f |= uint32(v[i]) << (8 * i)
				}
			}
		}
		if flags[c]&flagSegment != 0 {
			f |= firstSegment
		}
		binary.LittleEndian.PutUint32(firsts[4*c:], f)
	}

	out := make([]byte, 0, 104+0x20000+len(pageIdx)+len(pages)+int(m+1)*6+len(firsts)+len(pairTab)+len(spBits)+len(spRank)+len(valOff)+len(pool))
	var opts uint32
	if bmpTable {
		opts |= optBMP
	}
	for _, v := range []uint32{n, m, k, uint32(len(pages) / pageSize), uint32(len(pool)), uint32(maxDepth), pairBits, opts, probes, 0} {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	out = binary.LittleEndian.AppendUint64(out, ascii[0])
	out = binary.LittleEndian.AppendUint64(out, ascii[1])
	out = append(out, starts[:]...)
	if bmpTable {
		var bmp [0x20000]byte
		for i, r := range runes {
			if r < 0x10000 {
				binary.LittleEndian.PutUint16(bmp[2*r:], uint16(i+1))
			}
		}
		out = append(out, bmp[:]...)
	}
	out = append(out, pageIdx...)
	out = append(out, pages...)
	for i, v := range cs {
		var f byte
		if i < int(m) {
			f = flags[i]
		}
		out = binary.LittleEndian.AppendUint32(out, v|uint32(f)<<24)
	}
	for _, v := range labels {
		out = binary.LittleEndian.AppendUint16(out, uint16(v))
	}
	out = append(out, firsts...)
	out = append(out, pairTab...)
	out = append(out, spBits...)
	out = append(out, spRank...)
	out = append(out, valOff...)
	out = append(out, pool...)
	return out, nil
}

// encodeValue chooses how to store k's value: as the default conversion of
// its runes, as one candidate index per rune, or literally.
func encodeValue(k *buildKey, runes []rune, cands [][]string) (kind byte, rec []byte) {
	if len(k.codes) == 1 {
		c := k.codes[0]
		if len(k.values) == 1 && k.values[0] == string(runes[c-1]) {
			return kindDefault, nil
		}
		return kindLiteral, literalRecord(k.values)
	}
	v := k.values[0]
	if utf8.RuneCountInString(v) == len(k.codes) {
		sel := make([]byte, 0, len(k.codes))
		i := 0
		for _, r := range v {
			c := k.codes[i]
			cs := cands[c]
			if cs == nil {
				cs = []string{string(runes[c-1])}
			}
			idx := slices.Index(cs, string(r))
			if idx < 0 || idx > 255 {
				sel = nil
				break
			}
			sel = append(sel, byte(idx))
			i++
		}
		if sel != nil {
			for _, s := range sel {
				if s != 0 {
					return kindSelect, sel
				}
			}
			return kindDefault, nil
		}
	}
	return kindLiteral, literalRecord(k.values[:1])
}

func literalRecord(values []string) []byte {
	rec := binary.AppendUvarint(nil, uint64(len(values)))
	for _, v := range values {
		rec = binary.AppendUvarint(rec, uint64(len(v)))
		rec = append(rec, v...)
	}
	return rec
}
