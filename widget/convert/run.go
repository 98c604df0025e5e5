package convert

// This file holds the conversion loop: run, which hands the common cases
// to scan (scan.go) and through it to pipe (pipe.go, pipe_wasm.s), and
// takes everything else through its general path: a rune at a time, a
// walk of the trie, emit.

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
	out := reserve(dst, len(s)+scanSlack)
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
			i, o = scan(t, out, o, s, i, segIn, segOut, o0, &w.path, w.ov)
			if i >= len(s) {
				break
			}
		}

		// General path.
		ov := w.ov
		if ov != nil {
			// A phrase override here wins.
			if p, ok := ov.matchAt(s, i); ok {
				out = reserve(out[:o], len(p.value)+len(s)-i+scanSlack)
				o += copy(out[o:], p.value)
				i += len(p.key)
				continue
			}
		}
		end, node, depth, sz := i, uint32(0), 0, 0
		for sl := s; ; {
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
						if e, nd, d := walk(t, sl, i+sz, segIn, c, a, b, &w.path); nd != 0 {
							end, node, depth = e, nd, d
						}
					}
				}
			}
			// No key may reach into a phrase override: one that starts
			// inside the match cuts the text there.
			if ov == nil || end-i <= sz || len(sl) < len(s) {
				break
			}
			lim := ov.next(s, i, end)
			if lim == end {
				break
			}
			sl = s[:lim]
			end, node, depth = i, 0, 0
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
		if len(out)-o < len(s)-i+scanSlack {
			out = reserve(out[:o], len(s)-i+scanSlack)
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

// reserve returns b extended to its capacity, with at least n bytes
// after len(b). It grows b at least twofold, as append does, because a
// text split by phrase overrides reserves once per piece.
func reserve(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), max(len(b)+n+n/4+64, 2*cap(b)))
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
