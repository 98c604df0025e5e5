package convert

import (
	"encoding/binary"
	"unsafe"
)

// This file holds the fast path of the conversion loop. It is written for
// Go's WebAssembly code generator, where every taken branch between basic
// blocks goes through a dispatch table and every call spills the loop's
// live values to memory: the common cases run straight through with as few
// branches as possible and no calls, and everything else returns to the
// general path in run. The commonest steps of all, a three-byte rune after
// another, are in pipe (pipe.go), which is written in assembly for
// WebAssembly. Integers are 64-bit (uint), because 32-bit values cost a
// mask after most operations there.
//
// The tables are read through unsafe pointers, without Go's bounds checks
// (which keep a length live per table). Every such read stays in bounds
// because of what openTrie checked (sizes; m > n), what scan checks once
// per stage (the codes in the BMP table are at most n) and what the loop
// clamps: a first child at most m.

// Why scan's common step left its loop.
const (
	leftEnd      = iota // the end of s, or a next rune that is not three bytes long
	leftOverride        // a phrase override may start at the next rune
	leftPair            // the pair's slot is taken
	leftFlags           // the first candidate is in the pool, or a segment to mark
	leftRestart         // at i, anything: after an ASCII run, or at the end of s
)

// scanSlack is the room scan wants in out beyond the bytes left in s: it
// stores whole words.
const scanSlack = 8

func ld8(p unsafe.Pointer, off uint) uint  { return uint(*(*uint8)(unsafe.Add(p, off))) }
func ld16(p unsafe.Pointer, off uint) uint { return uint(*(*uint16)(unsafe.Add(p, off))) }
func ld32(p unsafe.Pointer, off uint) uint { return uint(*(*uint32)(unsafe.Add(p, off))) }
func ld64(p unsafe.Pointer, off uint) uint { return uint(*(*uint64)(unsafe.Add(p, off))) }
func st32(p unsafe.Pointer, off int, v uint) {
	*(*uint32)(unsafe.Add(p, off)) = uint32(v)
}

// decode3 decodes the three-byte UTF-8 sequence in the low bytes of x. bad
// is nonzero when x does not start with one (ASCII, another length, a
// surrogate, an overlong form or a broken sequence).
func decode3(x uint) (r, bad uint) {
	r = x&0x0F<<12 | x>>2&0xFC0 | x>>16&0x3F
	bad = (x&0xC0C0F0 ^ 0x8080E0) | (r-0x800)>>63 | ((r&0xF800^0xD800)-1)>>63
	return r, bad
}

// pairHash is the slot of the pair of codes (c1, c2) in a pair table of
// 1<<(32-shift) slots.
func pairHash(c1, c2, shift uint) uint {
	return (c1*hashA ^ c2*hashB) & 0xFFFFFFFF >> (shift & 31)
}

// pairChild probes the pair table linearly from slot h for the child
// labelled c2 of the node whose children are a to b-1, and returns its
// index, or 0 if there is none.
func pairChild(pairs, labels unsafe.Pointer, h, a, b, c2, probes, pmask uint) uint {
	for ; probes > 0; probes-- {
		v := ld16(pairs, 2*h)
		if v == 0 {
			return 0
		}
		if k := a + v - 1; k < b && ld16(labels, 2*k) == c2 {
			return k
		}
		h = (h + 1) & pmask
	}
	return 0
}

// scan converts s from offset i, writing at out[o:], for as long as each
// step is a common case: ASCII that starts no key, a three-byte rune
// decided by itself, or a key of three-byte runes whose value is the first
// candidate of each rune. It returns where the general path must take
// over: there, and wherever a phrase override of ov may start. In the
// segmenting stage (segOut != nil) it marks segment boundaries while they
// fit in segOut; in a bounded stage (segIn != nil) no key crosses a
// boundary of segIn.
//
// Most characters start keys (of a phrase table), but few of them with
// the character after them: the common step (pipe) looks the pair up in
// the pair table, finds its slot empty, converts the character alone and
// carries the next character's code over to the next step, so that every
// character is decoded and looked up once.
func scan(t *trie, out []byte, o int, s []byte, i int, segIn, segOut []uint64, o0 int, path *[MaxKeyRunes]uint32, ov *overrides) (int, int) {
	n := len(s)
	if len(t.bmp) != 0x20000 || len(out)-o < n-i+scanSlack || !t.codesChecked() {
		return i, o
	}
	if ov == nil {
		ov = &noOverrides
	}
	// ASCII that starts a key or an override is left to the general path.
	asc0, asc1 := t.ascii[0]|ov.ascii[0], t.ascii[1]|ov.ascii[1]
	sp := unsafe.Pointer(unsafe.SliceData(s))
	op := unsafe.Pointer(unsafe.SliceData(out))
	bmp := unsafe.Pointer(unsafe.SliceData(t.bmp))
	words := unsafe.Pointer(unsafe.SliceData(t.words))
	firsts := unsafe.Pointer(unsafe.SliceData(t.firsts))
	pairs := unsafe.Pointer(unsafe.SliceData(t.pairs))
	labels := unsafe.Pointer(unsafe.SliceData(t.labels))
	ovStart := unsafe.Pointer(&ov.start)
	nm, shift := uint(t.m), uint(t.pshift)
	marking, bounded := segOut != nil, segIn != nil
	ps := pipeState{
		s: sp, n: n, out: op,
		bmp: bmp, words: words, labels: labels, firsts: firsts, pairs: pairs, ovStart: ovStart,
		ovSingle: unsafe.Pointer(&ov.single), ovPrefixes: unsafe.Pointer(&ov.prefixes),
		shift: shift & 31, pmask: uint(t.pmask), probes: uint(t.probes), m: nm,
		asc0: uint(asc0), asc1: uint(asc1),
	}
	if marking {
		ps.mark, ps.markLen, ps.o0 = unsafe.Pointer(unsafe.SliceData(segOut)), uint(len(segOut)), o0
	}
	if bounded {
		ps.bound, ps.boundLen = unsafe.Pointer(unsafe.SliceData(segIn)), uint(len(segIn))
	}
outer:
	for i < n {
		if b0 := ld8(sp, uint(i)); b0 < 0x80 {
			if asc0|asc1 == 0 {
				// No key starts with ASCII: copy the run, eight bytes
				// at a time.
				for i+8 <= n {
					x := *(*uint64)(unsafe.Add(sp, i))
					if x&0x8080808080808080 != 0 {
						break
					}
					*(*uint64)(unsafe.Add(op, o)) = x
					i += 8
					o += 8
				}
			}
			for i < n {
				b0 := ld8(sp, uint(i))
				asc := asc0
				if b0 >= 64 {
					asc = asc1
				}
				if b0 >= 0x80 {
					break
				}
				if asc>>(b0&63)&1 != 0 && !asciiAlone(t, s, i, b0, ov) {
					return i, o
				}
				*(*byte)(unsafe.Add(op, o)) = byte(b0)
				i++
				o++
			}
			continue
		}
		if i+4 > n {
			return i, o
		}
		x := ld32(sp, uint(i))
		r, bad := decode3(x)
		if bad != 0 {
			return i, o
		}
		if ld8(ovStart, r>>3)>>(r&7)&1 != 0 {
			if p, ok := ov.at(s, i, 3, rune(r)); ok {
				// A phrase override: its value as it is.
				if len(out)-o-len(p.value) < n-i-len(p.key)+scanSlack {
					return i, o
				}
				o += copy(out[o:], p.value)
				i += len(p.key)
				continue
			}
		}
		c := ld16(bmp, 2*r)

		for {
			// The common steps (see pipe), from the character at i
			// (code c, bytes x).
			ps.i, ps.o, ps.c, ps.x = i, o, c, x
			pipe(&ps)
			i, o, c, x = ps.i, ps.o, ps.c, ps.x
			c2, y, h, why := ps.c2, ps.y, ps.h, ps.why
			if why == leftRestart {
				continue outer
			}

			// The step at i that pipe left (unless at the end of s or
			// before a rune that is not three bytes long): an override
			// may start at q, the pair's slot is taken (by this pair, or
			// by others: then the probe goes on to the next free slot),
			// a boundary to mark or respect.
			var j uint
			q := i + 3
			next, stop, probe := why != leftEnd, false, why == leftPair
			if why == leftOverride {
				// A phrase override at q ends every key at i there:
				// the character at i is alone.
				r2, _ := decode3(y)
				_, stop = ov.at(s, q, 3, rune(r2))
				c2 = ld16(bmp, 2*r2)
				if stop {
					c2 = 0
				}
				h = pairHash(c, c2, shift)
				probe = ld16(pairs, 2*h)*c*c2 != 0
			}
			if probe && !(bounded && bitAt(segIn, q)) {
				a, b := ld32(words, 4*c)&0xFFFFFF, ld32(words, 4*c+4)&0xFFFFFF
				if b > nm {
					b = a
				}
				j = pairChild(pairs, labels, h, a, b, c2, uint(t.probes), uint(t.pmask))
			}
			if next && j == 0 {
				// The character alone.
				f := ld32(firsts, 4*c)
				if f&firstPooled != 0 {
					return i, o
				}
				l := f >> 24 & 3
				if l == 0 {
					f, l = x, 3
				}
				if marking {
					if w := ld32(words, 4*c); w&(flagSegment<<24) != 0 && w>>24&kindMask != kindNone && !markPair(segOut, o-o0, int(l)) {
						return i, o
					}
				}
				st32(op, o, f)
				o += int(l)
				i += 3
				if stop {
					continue outer
				}
				c, x = c2, y
				continue
			}

			// The walk: the longest key at i, while its runes are
			// three bytes long. j is the node of the pair at i when the
			// step above found it.
			w := ld32(words, 4*c)
			a, b := w&0xFFFFFF, ld32(words, 4*c+4)&0xFFFFFF
			if b > nm || c == 0 {
				b = a // corrupt, or no key starts here
			}
			best, depth := uint(0), 1
			if w>>24&kindMask != kindNone {
				best = c
			}
			nd, d, q := c, 1, i+3
			path[0] = uint32(c)
			if j != 0 {
				nd, d, q = j, 2, i+6
				path[1] = uint32(c2)
				jw := ld32(words, 4*j)
				if jw>>24&kindMask != kindNone {
					best, depth = j, 2
				}
				a, b = jw&0xFFFFFF, ld32(words, 4*j+4)&0xFFFFFF
				if b > nm {
					b = a
				}
			}
			for a < b && d < t.maxDepth && q < n && !(bounded && bitAt(segIn, q)) {
				g0 := uint(s[q])
				if g0 < 0x80 {
					// ASCII after the key so far (text mixed with
					// Latin, digits, line breaks, separators): it
					// ends the walk unless some key goes on with it.
					if ld16(bmp, 2*g0) == 0 {
						break
					}
					return i, o
				}
				if q+3 > n {
					return i, o
				}
				gr, gbad := decode3(g0 | uint(s[q+1])<<8 | uint(s[q+2])<<16)
				if gbad != 0 {
					return i, o
				}
				if ld8(ovStart, gr>>3)>>(gr&7)&1 != 0 {
					if _, ok := ov.at(s, q, 3, rune(gr)); ok {
						break // a phrase override at q: no key reaches into it
					}
				}
				gc := ld16(bmp, 2*gr)
				if gc == 0 {
					break
				}
				var k uint
				if d == 1 {
					// The pair table, probed linearly.
					k = pairChild(pairs, labels, pairHash(c, gc, shift), a, b, gc, uint(t.probes), uint(t.pmask))
				} else if b-a <= 8 {
					// Deeper nodes have few children: a linear
					// search.
					for l := a; l < b; l++ {
						if lb := ld16(labels, 2*l); lb >= gc {
							if lb == gc {
								k = l
							}
							break
						}
					}
				} else {
					k = uint(t.childIn(uint32(nd), uint32(a), uint32(b), uint32(gc)))
				}
				if k == 0 {
					break
				}
				nd = k
				path[d] = uint32(gc)
				d++
				q += 3
				kw := ld32(words, 4*k)
				if kw>>24&kindMask != kindNone {
					best, depth = k, d
				}
				a, b = kw&0xFFFFFF, ld32(words, 4*k+4)&0xFFFFFF
				if b > nm {
					b = a
				}
			}

			bw := ld32(words, 4*best)
			if depth == 1 {
				// The character alone after all (or it stays, for
				// best == 0).
				f := ld32(firsts, 4*c)
				if f&firstPooled != 0 {
					return i, o
				}
				l := f >> 24 & 3
				if l == 0 {
					f, l = x, 3
				}
				if marking && best != 0 && bw&(flagSegment<<24) != 0 && !markPair(segOut, o-o0, int(l)) {
					return i, o
				}
				st32(op, o, f)
				o += int(l)
				i += 3
				if j == 0 {
					continue outer
				}
				c, x = c2, y // decoded above: back to the common step
				continue
			}
			if bw>>24&kindMask != kindDefault {
				// Candidate selectors or a literal value: written by
				// emit, unless it needs more room than out has.
				e := i + 3*depth
				b := emit(t, out[:o], s[i:e], uint32(best), depth, path)
				if unsafe.SliceData(b) != unsafe.SliceData(out) || len(out)-len(b) < n-e+scanSlack {
					return i, o
				}
				if marking && bw&(flagSegment<<24) != 0 && !markPair(segOut, o-o0, len(b)-o) {
					return i, o
				}
				i, o = e, len(b)
				continue outer
			}
			// Each rune becomes its first candidate (or stays); a
			// first candidate in the pool is left to the general path.
			l := 0
			for k := 0; k < depth; k++ {
				f := ld32(firsts, 4*uint(path[k]))
				if f&firstPooled != 0 {
					return i, o
				}
				fl := int(f >> 24 & 3)
				if fl == 0 {
					fl = 3
				}
				l += fl
			}
			if marking && bw&(flagSegment<<24) != 0 && !markPair(segOut, o-o0, l) {
				return i, o
			}
			for k := 0; k < depth; k++ {
				f := ld32(firsts, 4*uint(path[k]))
				l := f >> 24 & 3
				if l == 0 {
					f, l = uint(s[i])|uint(s[i+1])<<8|uint(s[i+2])<<16, 3
				}
				st32(op, o, f)
				o += int(l)
				i += 3
			}
			continue outer
		}
	}
	return i, o
}

// asciiAlone reports whether the ASCII byte b at s[i], which may start a
// key, is a rune of its own that stays: it starts no phrase override, and
// no key of two runes or more starts with it and the next rune.
func asciiAlone(t *trie, s []byte, i int, b uint, ov *overrides) bool {
	if ov.ascii[b>>6]>>(b&63)&1 != 0 || i+5 > len(s) {
		return false
	}
	c := uint(t.codeOf(rune(b)))
	if c == 0 || t.first(uint32(c)) != 0 || t.node(uint32(c))&(flagSegment<<24) != 0 {
		return c == 0
	}
	x := uint(binary.LittleEndian.Uint32(s[i+1:]))
	r2 := x & 0x7F
	if x&0x80 != 0 {
		var bad uint
		if r2, bad = decode3(x); bad != 0 {
			return false
		}
	}
	c2 := uint(t.codeOf(rune(r2)))
	h := pairHash(c, c2, uint(t.pshift))
	return c2 == 0 || t.pairs[2*h]|t.pairs[2*h+1] == 0
}

// markPair marks the boundaries x and x+l in seg, when they fit.
func markPair(seg []uint64, x, l int) bool {
	if (x+l)>>6 >= len(seg) {
		return false
	}
	seg[x>>6] |= 1 << (x & 63)
	x += l
	seg[x>>6] |= 1 << (x & 63)
	return true
}
