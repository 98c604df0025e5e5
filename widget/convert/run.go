package convert

import "encoding/binary"

// This file holds the conversion loop. It is written for Go's WebAssembly
// code generator, where every taken branch between basic blocks goes
// through a dispatch table and every call spills the loop's live values
// to memory: the common cases (a character decided by its own node, a
// two-character phrase) run straight through with as few branches as
// possible and no calls; everything else takes the general path below
// them.

// Modes of run.
const (
	modeMark   = 1 // note segment boundaries in w.seg[0] (the segmenting stage)
	modeBound  = 2 // w.seg[0] holds boundaries of s that no match may cross
	modeRemark = 4 // with modeBound: note their offsets in the output in w.seg[1]
)

// bitAt reports whether bit x of b is set.
func bitAt(b []uint64, x int) bool {
	return x>>6 < len(b) && b[x>>6]>>(x&63)&1 != 0
}

// mark sets bit x of b, growing it when needed.
func mark(b []uint64, x int) []uint64 {
	if x>>6 >= len(b) {
		b = growBits(b, x)
	}
	b[x>>6] |= 1 << (x & 63)
	return b
}

func growBits(b []uint64, x int) []uint64 {
	nb := make([]uint64, x>>6+1, x>>6+1+x>>8)
	copy(nb, b)
	return nb
}

// clearBits returns b emptied, with room for n bits.
func clearBits(b []uint64, n int) []uint64 {
	words := n>>6 + 1
	if cap(b) < words {
		return make([]uint64, words)
	}
	b = b[:words]
	clear(b)
	return b
}

// run converts s with the stage t and appends the result to dst: at each
// position the longest key, else the rune unchanged.
func run(t *trie, dst []byte, s []byte, w *work, mode int) []byte {
	// Invariant: len(out) - o >= len(s) - i. Every inline step writes no
	// more bytes than it consumes; longer outputs go through emitAt.
	o0 := len(dst)
	o := o0
	out := reserve(dst, len(s))
	bmp := t.bmp
	if len(bmp) != 0x20000 {
		bmp = nil
	}
	var segIn, segOut []uint64
	switch {
	case mode&modeMark != 0:
		segOut = clearBits(w.seg[0], len(s)+len(s)/4)
	case mode&modeBound != 0:
		segIn = w.seg[0]
		if mode&modeRemark != 0 {
			segOut = clearBits(w.seg[1], len(s)+len(s)/4)
		}
	}
	marking := mode&modeMark != 0
	remark := mode&modeRemark != 0
	for i := 0; i < len(s); {
		if remark && bitAt(segIn, i) {
			segOut = mark(segOut, o-o0)
		}

		if !remark {
			i, o = scan(t, out, o, s, i, segIn, segOut, o0, &w.path)
			if i >= len(s) {
				break
			}
		}

		// General path.
		end, node, depth, sz := i, uint32(0), 0, 0
		r, n := decodeRune(s, i)
		sz = n
		var c uint32
		if n > 1 || r != runeError {
			c = t.codeOf(r)
		}
		if c != 0 {
			wd := t.node(c)
			if wd>>24&flagStarting != 0 {
				w.path[0] = c
				end = i + sz
				if wd>>24&kindMask != kindNone {
					node, depth = c, 1
				}
				if a, b := wd&0xFFFFFF, t.node(c+1)&0xFFFFFF; a < b {
					if e, nd, d := walk(t, s, i+sz, segIn, c, a, b, &w.path); nd != 0 {
						end, node, depth = e, nd, d
					}
				}
			}
		}
		if node == 0 {
			// The rune stays as it is.
			o += copy(out[o:], s[i:i+sz])
			i += sz
			continue
		}
		seg := marking && t.node(node)&(flagSegment<<24) != 0
		if seg {
			segOut = mark(segOut, o-o0)
		}
		out, o = emitAt(t, out, o, s[i:end], node, depth, &w.path)
		if seg {
			segOut = mark(segOut, o-o0)
		}
		i = end
		if len(out)-o < len(s)-i {
			out = reserve(out[:o], len(s)-i)
		}
	}
	if remark && bitAt(segIn, len(s)) {
		segOut = mark(segOut, o-o0)
	}
	if marking {
		w.seg[0] = segOut
	} else if remark {
		w.seg[1] = segOut
	}
	return out[:o]
}

// scan converts s from offset i, writing at out[o:], for as long as each
// step is a common case: a rune that no key starts, a three-byte rune
// decided by its own node, or a two-rune key with no longer ones whose
// value is the first candidate of each rune. It returns where the general
// path must take over. It makes no calls, so that WebAssembly keeps its
// few live values in locals; in the segmenting stage (segOut != nil) it
// marks segment boundaries while they fit in segOut.
func scan(t *trie, out []byte, o int, s []byte, i int, segIn, segOut []uint64, o0 int, path *[MaxKeyRunes]uint32) (int, int) {
	bmp := t.bmp
	if len(bmp) != 0x20000 || len(out)-o < len(s)-i {
		return i, o
	}
	marking := segOut != nil
	for i < len(s) {
		f0 := s[i]
		if f0 < 0x80 {
			if t.ascii[f0>>6]&(1<<(f0&63)) != 0 {
				return i, o
			}
			out[o] = f0
			o++
			i++
			continue
		}
		if i+3 > len(s) {
			return i, o
		}
		f1, f2 := s[i+1], s[i+2]
		fr := uint32(f0&0x0F)<<12 | uint32(f1&0x3F)<<6 | uint32(f2&0x3F)
		bad := (uint32(f0)&0xF0 ^ 0xE0) | (uint32(f1)&0xC0 ^ 0x80) | (uint32(f2)&0xC0 ^ 0x80) |
			(fr-0x800)&0x80000000 | ((fr&0xF800^0xD800)-1)&0x80000000
		if bad != 0 {
			return i, o
		}
		fc := uint32(bmp[2*fr]) | uint32(bmp[2*fr+1])<<8
		if fc > t.n {
			fc = 0 // corrupt table; node 0 starts nothing
		}
		fw := binary.LittleEndian.Uint32(t.words[4*fc:])
		best, depth := uint32(0), 1
		if fw>>24&kindMask != kindNone {
			best = fc
		}
		// Longer keys: walk on while the runes are three bytes long.
		a, b := fw&0xFFFFFF, binary.LittleEndian.Uint32(t.words[4*fc+4:])&0xFFFFFF
		if b > t.m {
			b = a // corrupt
		}
		n, d, q := fc, 1, i+3
		path[0] = fc
		for a < b && d < t.maxDepth && q < len(s) && !bitAt(segIn, q) {
			g0 := s[q]
			if g0 < 0x80 {
				// ASCII after the key so far (text mixed with Latin,
				// digits, line breaks, separators): it ends the walk
				// unless some key goes on with it.
				if uint32(bmp[2*uint32(g0)])|uint32(bmp[2*uint32(g0)+1])<<8 == 0 {
					break
				}
				return i, o
			}
			if q+3 > len(s) {
				return i, o
			}
			g1, g2 := s[q+1], s[q+2]
			gr := uint32(g0&0x0F)<<12 | uint32(g1&0x3F)<<6 | uint32(g2&0x3F)
			gbad := (uint32(g0)&0xF0 ^ 0xE0) | (uint32(g1)&0xC0 ^ 0x80) | (uint32(g2)&0xC0 ^ 0x80) |
				(gr-0x800)&0x80000000 | ((gr&0xF800^0xD800)-1)&0x80000000
			if gbad != 0 {
				return i, o
			}
			gc := uint32(bmp[2*gr]) | uint32(bmp[2*gr+1])<<8
			if gc == 0 || gc > t.n {
				break
			}
			var j uint32
			if d == 1 {
				// The pair table, probed linearly.
				h := (fc*hashA ^ gc*hashB) >> t.pshift
				for p := t.probes; p > 0; p-- {
					v := uint32(t.pairs[2*h]) | uint32(t.pairs[2*h+1])<<8
					if v == 0 {
						break
					}
					if k := a + v - 1; k < b && uint32(binary.LittleEndian.Uint16(t.labels[2*k:])) == gc {
						j = k
						break
					}
					h = (h + 1) & t.pmask
				}
			} else {
				// Deeper nodes have few children: a linear search.
				if b-a > 16 {
					return i, o
				}
				for k := a; k < b; k++ {
					l := uint32(binary.LittleEndian.Uint16(t.labels[2*k:]))
					if l >= gc {
						if l == gc {
							j = k
						}
						break
					}
				}
			}
			if j == 0 {
				break
			}
			n = j
			path[d] = gc
			d++
			q += 3
			jw := binary.LittleEndian.Uint32(t.words[4*n:])
			if jw>>24&kindMask != kindNone {
				best, depth = n, d
			}
			a, b = jw&0xFFFFFF, binary.LittleEndian.Uint32(t.words[4*n+4:])&0xFFFFFF
			if b > t.m {
				b = a
			}
		}
		bw := binary.LittleEndian.Uint32(t.words[4*best:])
		if depth > 1 && bw>>24&kindMask != kindDefault {
			return i, o // candidate selectors or a literal value
		}
		// Each rune becomes its first candidate (or stays), three bytes
		// for three; a first candidate of another length is left to the
		// general path.
		if best == 0 {
			path[0] = 0
		}
		for k := 0; k < depth; k++ {
			c := path[k]
			if binary.LittleEndian.Uint32(t.words[4*c:])>>24&kindMask == kindLiteral &&
				binary.LittleEndian.Uint32(t.firsts[4*c:])>>24 != 3 {
				return i, o
			}
		}
		if marking && best != 0 && bw&(flagSegment<<24) != 0 {
			x := o - o0
			if (x+3*depth)>>6 >= len(segOut) {
				return i, o
			}
			segOut[x>>6] |= 1 << (x & 63)
			x += 3 * depth
			segOut[x>>6] |= 1 << (x & 63)
		}
		for k := 0; k < depth; k++ {
			c := path[k]
			cw := binary.LittleEndian.Uint32(t.words[4*c:])
			cf := binary.LittleEndian.Uint32(t.firsts[4*c:])
			y0, y1, y2 := s[i], s[i+1], s[i+2]
			if cw>>24&kindMask == kindLiteral {
				y0, y1, y2 = byte(cf), byte(cf>>8), byte(cf>>16)
			}
			_ = out[o+2]
			out[o], out[o+1], out[o+2] = y0, y1, y2
			o += 3
			i += 3
		}
	}
	return i, o
}

// reserve returns b extended to its capacity, with at least n bytes
// after len(b).
func reserve(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n+n/4+64)
		copy(nb, b)
		b = nb
	}
	return b[:cap(b)]
}

// emitAt writes the value of key at out[o:] and returns the buffer and the
// new offset.
func emitAt(t *trie, out []byte, o int, key []byte, node uint32, depth int, path *[MaxKeyRunes]uint32) ([]byte, int) {
	b := emit(t, out[:o], key, node, depth, path)
	return b[:cap(b)], len(b)
}

// walk continues a match from the depth-1 node c, whose children are
// a..b-1, at offset q of s; no match crosses a boundary in seg. It returns
// the longest key of two runes or more, or node 0, and fills path from
// index 1.
func walk(t *trie, s []byte, q int, seg []uint64, c, a, b uint32, path *[MaxKeyRunes]uint32) (end int, node uint32, depth int) {
	if q >= len(s) || bitAt(seg, q) {
		return 0, 0, 0
	}
	r, sz := decodeRune(s, q)
	if sz == 1 && r == runeError {
		return 0, 0, 0
	}
	c2 := t.codeOf(r)
	if c2 == 0 {
		return 0, 0, 0
	}
	n := t.pair(c, c2, a, b)
	if n == 0 {
		return 0, 0, 0
	}
	path[1] = c2
	d := 2
	q += sz
	wd := t.node(n)
	if wd>>24&kindMask != kindNone {
		node, depth, end = n, d, q
	}
	for d < t.maxDepth && q < len(s) && !bitAt(seg, q) {
		a, b := wd&0xFFFFFF, t.node(n+1)&0xFFFFFF
		if a >= b {
			break
		}
		r, sz := decodeRune(s, q)
		if sz == 1 && r == runeError {
			break
		}
		cc := t.codeOf(r)
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
		wd = t.node(n)
		if wd>>24&kindMask != kindNone {
			node, depth, end = n, d, q
		}
	}
	return end, node, depth
}

// match finds the longest key of t at s[i:] crossing no boundary in seg.
// It returns the end of the match and its node, or node 0 and the end of
// the rune at i. path receives the codes of the matched runes.
func match(t *trie, s []byte, i int, seg []uint64, path *[MaxKeyRunes]uint32) (end int, node uint32, depth int) {
	r, sz := decodeRune(s, i)
	end = i + sz
	if sz == 1 && r == runeError {
		return end, 0, 0
	}
	c := t.codeOf(r)
	if c == 0 {
		return end, 0, 0
	}
	w := t.node(c)
	if w>>24&flagStarting == 0 {
		return end, 0, 0
	}
	path[0] = c
	if w>>24&kindMask != kindNone {
		node, depth = c, 1
	}
	if a, b := w&0xFFFFFF, t.node(c+1)&0xFFFFFF; a < b {
		if e, n, d := walk(t, s, end, seg, c, a, b, path); n != 0 {
			return e, n, d
		}
	}
	return end, node, depth
}
