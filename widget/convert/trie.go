package convert

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sync/atomic"
)

// A trie is one longest-match dictionary, read in place from a prepared
// file. Layout (all integers little-endian):
//
//   - Every distinct rune used in any key gets a code 1..n in rune order.
//     Dictionary stages map a BMP rune to its code with a direct table
//     (one load on the hot path); all runes are also in a page table:
//     pageIdx[r>>8] names a 48-byte page holding a 256-bit bitmap and, per
//     64-bit word, the code of its first set bit, so a code is one popcount
//     away.
//   - Nodes are numbered breadth-first. Node 0 is the root; nodes 1..n are
//     the depth-1 nodes, node c for code c, so the first step of a walk
//     needs no search. A node word holds the node's flags (top byte) and
//     the number of its first child (low 24 bits); the children of node i
//     are the nodes between the first child of i and that of i+1, sorted
//     by their 16-bit labels (the code of their last rune). Words and
//     labels are separate arrays: they compress far better apart.
//   - firsts[c] holds the first candidate of rune c inline (up to three
//     bytes, and the length in the low bits of the top byte), the most
//     common output: one converted character; length 0 when the rune
//     stays as it is. Flags in the top byte: firstPooled when the
//     candidate is in the pool instead, firstSegment when the rune is a
//     segmentation key of its own.
//   - The second step of a walk, the commonest and the one with the most
//     siblings to search, goes through a hash table of (first code,
//     second code) pairs instead: a slot holds the rank of the child among
//     its siblings, checked against the child's label (linear probing).
//   - Other values live in a pool; the nodes that have one are marked in a
//     bitmap whose rank (one popcount plus a stored running count) indexes
//     the pool offsets.
//
// Values of multi-rune keys are stored relative to the candidates of their
// runes (the values of the single-rune keys): most phrases of a
// simplified→traditional table are the default conversion of each of their
// characters, or differ in one or two characters, so a phrase value is
// usually nothing at all or a few one-byte candidate selectors.
type trie struct {
	n, m     uint32 // codes, nodes (including the root)
	k        uint32 // nodes with a pool record
	maxDepth int

	bmp     []byte // 0x10000 × u16: code of each BMP rune, or empty
	pageIdx []byte // pageIdxEntries × u16; 0 means no page
	pages   []byte // pageSize bytes each
	words   []byte // (m+1) × u32: flags<<24 | first child
	labels  []byte // m × u16
	firsts  []byte // (n+1) × u32: flags|len<<24 | UTF-8 bytes
	pairs   []byte // pair table: 1<<pairBits × u16 child rank+1, 0 empty
	pshift  uint32 // 32 - pairBits
	pmask   uint32 // 1<<pairBits - 1
	probes  uint32 // longest probe sequence in the pair table
	spBits  []byte // (m+63)/64 × u64
	spRank  []byte // (m+63)/64 × u32
	valOff  []byte // k × u32
	pool    []byte

	// checked says whether every code in bmp is at most n, which the fast
	// path needs (it indexes tables with them as they are): 0 not known
	// yet, 1 yes, 2 no. It is found on first use rather than at Open,
	// which stays a matter of microseconds, and only for the stages that
	// convert.
	checked atomic.Uint32

	ascii [2]uint64 // ASCII bytes that can start a key
	// leads holds the UTF-8 lead bytes of runes that can start a key when
	// there are few of them, so a pass can skip text they do not concern.
	leads  [maxLeads]byte
	nLeads int // 0: too many to list
}

const (
	kindNone     = 0 // not the end of a key
	kindDefault  = 1 // each rune → its first candidate (for one rune: itself)
	kindSelect   = 2 // pool record: one candidate index per rune
	kindLiteral  = 3 // pool record: uvarint count, then (uvarint len, bytes)…
	kindMask     = 3
	flagSegment  = 4 // key of the segmentation dictionary
	flagStarting = 8 // depth-1 node: some key starts with this rune

	pageIdxEntries = 0x110000 >> 8
	pageSize       = 48
	maxLeads       = 4
	maxPairBits    = 24

	// MaxKeyRunes bounds the length of a dictionary or phrase key.
	MaxKeyRunes = 64

	optBMP = 1 // header option: the trie has a BMP table

	firstPooled  = 0x80 << 24 // firsts entry: the first candidate is in the pool
	firstSegment = 0x40 << 24 // firsts entry: a segmentation key

	hashA = 0x9E3779B1
	hashB = 0x85EBCA77
)

var errCorrupt = errors.New("convert: corrupt dictionary")

type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errCorrupt
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u32() uint32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// openTrie reads a trie section. It checks every size and the page table,
// which is enough for lookups to stay in bounds; the lookups check the
// rest, so a corrupt trie converts wrongly but never panics.
func openTrie(b []byte) (*trie, error) {
	r := reader{b: b}
	t := &trie{}
	t.n = r.u32()
	t.m = r.u32()
	t.k = r.u32()
	pageCount := r.u32()
	poolLen := r.u32()
	t.maxDepth = int(r.u32())
	pairBits := r.u32()
	opts := r.u32()
	t.probes = r.u32()
	r.u32() // reserved
	asc := r.take(16)
	starts := r.take(32)
	if r.err != nil {
		return nil, r.err
	}
	if t.m < t.n+1 || t.m >= 1<<24 || t.n >= 1<<16 || t.k > t.m ||
		t.maxDepth < 1 || t.maxDepth > MaxKeyRunes || pairBits < 1 || pairBits > maxPairBits || t.probes > 1<<pairBits {
		return nil, errCorrupt
	}
	t.pshift, t.pmask = 32-pairBits, 1<<pairBits-1
	t.ascii[0] = binary.LittleEndian.Uint64(asc)
	t.ascii[1] = binary.LittleEndian.Uint64(asc[8:])
	words := (uint64(t.m) + 63) / 64
	if opts&optBMP != 0 {
		t.bmp = r.take(0x10000 * 2)
	}
	t.pageIdx = r.take(pageIdxEntries * 2)
	t.pages = r.take(uint64(pageCount) * pageSize)
	t.words = r.take((uint64(t.m) + 1) * 4)
	t.labels = r.take(uint64(t.m) * 2)
	t.firsts = r.take((uint64(t.n) + 1) * 4)
	t.pairs = r.take(2 << pairBits)
	t.spBits = r.take(words * 8)
	t.spRank = r.take(words * 4)
	t.valOff = r.take(uint64(t.k) * 4)
	t.pool = r.take(uint64(poolLen))
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errCorrupt
	}
	for i := 0; i < pageIdxEntries; i++ {
		if uint32(binary.LittleEndian.Uint16(t.pageIdx[2*i:])) > pageCount {
			return nil, errCorrupt
		}
	}

	for i := range 256 {
		if starts[i>>3]&(1<<(i&7)) == 0 {
			continue
		}
		if i < 0x80 || t.nLeads == maxLeads {
			t.nLeads = -1
		}
		if t.nLeads >= 0 {
			t.leads[t.nLeads] = byte(i)
			t.nLeads++
		}
	}
	if t.nLeads < 0 {
		t.nLeads = 0
	}
	return t, nil
}

// codesChecked reports whether every code in t.bmp is at most t.n.
func (t *trie) codesChecked() bool {
	v := t.checked.Load()
	if v == 0 {
		v = 2
		if codesAtMost(t.bmp, t.n) {
			v = 1
		}
		t.checked.Store(v)
	}
	return v == 1
}

// codesAtMost reports whether every little-endian uint16 in b is at most
// n, four at a time: with the top bits clear, adding 0x7FFF-n to each lane
// sets its top bit exactly when it exceeds n, and carries into no other
// lane.
func codesAtMost(b []byte, n uint32) bool {
	if n >= 0x7FFF {
		for i := 0; i+1 < len(b); i += 2 {
			if uint32(binary.LittleEndian.Uint16(b[i:])) > n {
				return false
			}
		}
		return true
	}
	const top = 0x8000800080008000
	add := uint64(0x7FFF-n) * 0x0001000100010001
	for i := 0; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if x&top != 0 || (x+add)&top != 0 {
			return false
		}
	}
	return len(b)%8 == 0
}

// codeOf returns the code of r, or 0 when no key uses r.
func (t *trie) codeOf(r rune) uint32 {
	if uint32(r) < 0x10000 && len(t.bmp) == 0x20000 {
		c := uint32(binary.LittleEndian.Uint16(t.bmp[2*uint32(r):]))
		if c > t.n {
			return 0
		}
		return c
	}
	return t.code(r)
}

// code returns the code of r from the page table, or 0.
func (t *trie) code(r rune) uint32 {
	hi := uint32(r) >> 8
	if hi >= pageIdxEntries {
		return 0
	}
	p := uint32(binary.LittleEndian.Uint16(t.pageIdx[2*hi:]))
	if p == 0 {
		return 0
	}
	pg := t.pages[(p-1)*pageSize:]
	bit := uint32(r) & 255
	w := bit >> 6
	word := binary.LittleEndian.Uint64(pg[w*8:])
	mask := uint64(1) << (bit & 63)
	if word&mask == 0 {
		return 0
	}
	c := binary.LittleEndian.Uint32(pg[32+w*4:]) + uint32(bits.OnesCount64(word&(mask-1)))
	if c > t.n {
		return 0
	}
	return c
}

// node returns the flags and first child of node i (i <= m).
func (t *trie) node(i uint32) uint32 {
	return binary.LittleEndian.Uint32(t.words[4*i:])
}

// label returns the label of node i (i < m).
func (t *trie) label(i uint32) uint32 {
	return uint32(binary.LittleEndian.Uint16(t.labels[2*i:]))
}

// first returns the inline first candidate of code c (c <= n).
func (t *trie) first(c uint32) uint32 {
	return binary.LittleEndian.Uint32(t.firsts[4*c:])
}

// pair returns the child of the depth-1 node c labelled c2, or 0; a and b
// are the first child of c and of c+1.
func (t *trie) pair(c, c2, a, b uint32) uint32 {
	if b > t.m {
		return 0
	}
	h := (c*hashA ^ c2*hashB) >> t.pshift
	for range t.probes {
		v := uint32(binary.LittleEndian.Uint16(t.pairs[2*h:]))
		if v == 0 {
			return 0
		}
		if j := a + v - 1; j < b && t.label(j) == c2 {
			return j
		}
		h = (h + 1) & t.pmask
	}
	return 0
}

// childIn returns the child of node i labelled c, or 0; a and b are the
// first child of i and of i+1.
func (t *trie) childIn(i, a, b, c uint32) uint32 {
	if b > t.m || a >= b || a <= i {
		return 0
	}
	lab := t.labels[:2*b]
	for b-a > 8 {
		h := a + (b-a)/2
		if uint32(binary.LittleEndian.Uint16(lab[2*h:])) < c {
			a = h + 1
		} else {
			b = h + 1
		}
	}
	for ; a < b; a++ {
		l := uint32(binary.LittleEndian.Uint16(lab[2*a:]))
		if l >= c {
			if l == c {
				return a
			}
			return 0
		}
	}
	return 0
}

// record returns the pool bytes of node i (from its start to the pool's
// end), or nil.
func (t *trie) record(i uint32) []byte {
	w := i >> 6
	if int(w)*8+8 > len(t.spBits) {
		return nil
	}
	word := binary.LittleEndian.Uint64(t.spBits[w*8:])
	mask := uint64(1) << (i & 63)
	if word&mask == 0 {
		return nil
	}
	k := binary.LittleEndian.Uint32(t.spRank[w*4:]) + uint32(bits.OnesCount64(word&(mask-1)))
	if k >= t.k {
		return nil
	}
	off := binary.LittleEndian.Uint32(t.valOff[k*4:])
	if off > uint32(len(t.pool)) {
		return nil
	}
	return t.pool[off:]
}

// uvarint reads a small unsigned varint; n is 0 on error.
func uvarint(b []byte) (v uint64, n int) {
	var shift uint
	for i, c := range b {
		if i == 4 {
			return 0, 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, i + 1
		}
		shift += 7
	}
	return 0, 0
}

// candidate returns candidate sel of a literal record, or ok=false.
func candidate(rec []byte, sel int) (out []byte, ok bool) {
	cnt, n := uvarint(rec)
	if n == 0 || uint64(sel) >= cnt {
		return nil, false
	}
	rec = rec[n:]
	for i := 0; ; i++ {
		l, n := uvarint(rec)
		if n == 0 || l > uint64(len(rec)-n) {
			return nil, false
		}
		if i == sel {
			return rec[n : n+int(l)], true
		}
		rec = rec[n+int(l):]
	}
}

// appendFirst appends the first candidate of code c, or ch when c keeps
// its rune.
func appendFirst(t *trie, dst []byte, c uint32, ch []byte) []byte {
	f := t.first(c)
	if f&firstPooled != 0 {
		if t.node(c)>>24&kindMask == kindLiteral {
			if v, ok := candidate(t.record(c), 0); ok {
				return append(dst, v...)
			}
		}
		return append(dst, ch...)
	}
	switch f >> 24 & 3 {
	case 3:
		return append(dst, byte(f), byte(f>>8), byte(f>>16))
	case 1:
		return append(dst, byte(f))
	case 2:
		return append(dst, byte(f), byte(f>>8))
	}
	return append(dst, ch...)
}
