package convert

import "unsafe"

// pipeState is what pipe reads and leaves: the text, the output, the
// tables of one stage, and where the conversion stands.
type pipeState struct {
	s, out                                     unsafe.Pointer
	n                                          int
	bmp, words, labels, firsts, pairs, ovStart unsafe.Pointer
	// ovSingle and ovPrefixes are the override filters (overrides.single
	// and overrides.prefixes).
	ovSingle, ovPrefixes    unsafe.Pointer
	shift, pmask, probes, m uint
	// Scratch words of the assembly.
	t0, t1, t2, t3, t4, t5 uint
	// asc0 and asc1 mark the ASCII bytes that start a key or an override.
	asc0, asc1 uint
	// In the segmenting stage, mark (markLen words) receives segment
	// boundaries at offsets in out from o0; in a bounded stage, no key
	// crosses a boundary in bound (boundLen words). Both are nil
	// otherwise.
	mark, bound       unsafe.Pointer
	markLen, boundLen uint
	o0                int

	// i, o: where the conversion stands in s and out; c and x are the
	// code and the bytes of the three-byte rune at i.
	i, o int
	c, x uint
	// On return, why says why pipe stopped at i (leftEnd, ...); for
	// leftOverride and leftPair, y holds the bytes of the next rune, and
	// for leftPair c2 and h its code and the pair's slot. For
	// leftRestart, c and x mean nothing: the caller starts over at i.
	c2, y, h, why uint
}

// ascii returns 1 when the ASCII byte b starts a key or an override.
func (p *pipeState) ascii(b uint) uint {
	a := p.asc0
	if b >= 64 {
		a = p.asc1
	}
	return a >> (b & 63) & 1
}

// boundAt reports whether a segment boundary that no key may cross is at
// q.
func (p *pipeState) boundAt(q int) bool {
	w := uint(q) >> 6
	return p.bound != nil && w < p.boundLen && ld64(p.bound, w<<3)>>(q&63)&1 != 0
}

// ovMaybe reports whether a phrase override may start at q, where the
// three-byte rune r starts one, by the filters of its first three runes
// (overrides.at); it is true unless none can. Most occurrences of a
// common first character (法 for 法定程序) end here.
func (p *pipeState) ovMaybe(q int, r uint) bool {
	if ld8(p.ovSingle, r>>3)>>(r&7)&1 != 0 || q+7 > p.n {
		return true
	}
	r2, bad := decode3(ld32(p.s, uint(q+3)))
	if bad != 0 {
		return true
	}
	h := uint(ovHash(rune(r), rune(r2), 0))
	if ld64(p.ovPrefixes, h>>6<<3)>>(h&63)&1 != 0 || q+10 > p.n {
		return true
	}
	r3, bad := decode3(ld32(p.s, uint(q+6)))
	if bad != 0 {
		return true
	}
	h = uint(ovHash(rune(r), rune(r2), rune(r3)))
	return ld64(p.ovPrefixes, h>>6<<3)>>(h&63)&1 != 0
}

// pipe runs the common steps of the conversion loop (see scan) from p.i:
//
//   - The next rune is a three-byte rune that starts no phrase override.
//   - The pair's slot in the pair table is empty, so no key of two runes
//     or more starts at i: the character is alone and becomes its first
//     candidate, or stays (it leaves on a candidate in the pool or a
//     segment key).
//   - Or the next rune is ASCII that starts nothing and is in no key: the
//     character is alone, and pipe copies the ASCII run and goes on with
//     the three-byte rune after it.
//   - Or the pair is found, and the rune after it (three bytes long, no
//     override) does not go on with it: the character is alone when the
//     pair is no key, and the pair is the key, each rune becoming its
//     first candidate, when it is a key with a default value. When the
//     rune after it is ASCII that starts nothing and is in no key, pipe
//     stops after the pair (leftRestart) and the caller copies the ASCII.
//
// It stops before any other case, the character at i not yet converted.
// It makes no call and keeps no state beyond p. On WebAssembly it is
// written in assembly (Go's code for it, pipeGo, spends most of its time
// in the dispatch that every taken branch goes through); pipeGo is the
// reference it is tested against.
func pipeGo(p *pipeState) {
	s, out, n := p.s, p.out, p.n
	bmp, words, labels, firsts, pairs, ovStart := p.bmp, p.words, p.labels, p.firsts, p.pairs, p.ovStart
	i, o, c, x := p.i, p.o, p.c, p.x
	var c2, y, h uint
	why := uint(leftEnd)
	for {
		q := i + 3
		if q+4 > n {
			break
		}
		y = ld32(s, uint(q))
		r2, bad2 := decode3(y)
		if bad2 != 0 {
			// ASCII that starts nothing and is in no key (the space, a
			// line break, most Latin text) ends every key at i: the
			// character is alone, and the ASCII run is copied.
			b := y & 0x7F
			if y&0x80 != 0 || p.ascii(b) != 0 || ld16(bmp, 2*b) != 0 {
				break
			}
			f := ld32(firsts, 4*c)
			l := f >> 24
			if l > 3 {
				break // (leftEnd: the caller's walk sees the ASCII)
			}
			if l == 0 {
				f, l = x, 3
			}
			st32(out, o, f)
			o += int(l)
			i = q
			for {
				*(*byte)(unsafe.Add(out, o)) = byte(b)
				o++
				i++
				if i >= n {
					why = leftRestart
					break
				}
				if b = ld8(s, uint(i)); b >= 0x80 {
					break
				}
				if p.ascii(b) != 0 {
					why = leftRestart
					break
				}
			}
			if why != leftEnd {
				break
			}
			// After the run, a three-byte rune that starts no override
			// goes on here; anything else is for the caller.
			if i+4 > n {
				why = leftRestart
				break
			}
			x = ld32(s, uint(i))
			r, bad := decode3(x)
			if bad != 0 || ld8(ovStart, r>>3)>>(r&7)&1 != 0 && p.ovMaybe(i, r) {
				why = leftRestart
				break
			}
			c = ld16(bmp, 2*r)
			continue
		}
		if ld8(ovStart, r2>>3)>>(r2&7)&1 != 0 && p.ovMaybe(q, r2) {
			why = leftOverride
			break
		}
		c2 = ld16(bmp, 2*r2)
		h = pairHash(c, c2, p.shift)
		if ld16(pairs, 2*h)*c*c2 != 0 && !p.boundAt(q) {
			a, b := ld32(words, 4*c)&0xFFFFFF, ld32(words, 4*c+4)&0xFFFFFF
			if b > p.m {
				b = a
			}
			var j uint
			for k, pr := h, p.probes; pr > 0; pr-- {
				v := ld16(pairs, 2*k)
				if v == 0 {
					break
				}
				if l := a + v - 1; l < b && ld16(labels, 2*l) == c2 {
					j = l
					break
				}
				k = (k + 1) & p.pmask
			}
			if j != 0 {
				jw := ld32(words, 4*j)
				ja, jb := jw&0xFFFFFF, ld32(words, 4*j+4)&0xFFFFFF
				if jb > p.m {
					jb = ja
				}
				q3 := q + 3
				if q3+4 > n {
					why = leftPair
					break
				}
				z := ld32(s, uint(q3))
				r3, bad3 := decode3(z)
				var c3 uint
				if bad3 != 0 {
					// ASCII that starts nothing and is in no key
					// ends the keys here too.
					if b := z & 0x7F; z&0x80 != 0 || p.ascii(b) != 0 || ld16(bmp, 2*b) != 0 {
						why = leftPair
						break
					}
				} else {
					if ld8(ovStart, r3>>3)>>(r3&7)&1 != 0 && p.ovMaybe(q3, r3) {
						why = leftPair
						break
					}
					c3 = ld16(bmp, 2*r3)
					cont := false
					for k := ja; k < jb && c3 != 0; k++ {
						if l := ld16(labels, 2*k); l >= c3 {
							cont = l == c3
							break
						}
					}
					if cont {
						why = leftPair
						break
					}
				}
				if kind := jw >> 24 & kindMask; kind != kindNone {
					f1, f2 := ld32(firsts, 4*c), ld32(firsts, 4*c2)
					if kind != kindDefault || (f1|f2)&firstPooled != 0 {
						why = leftPair
						break
					}
					l1, l2 := f1>>24&3, f2>>24&3
					if l1 == 0 {
						f1, l1 = x, 3
					}
					if l2 == 0 {
						f2, l2 = y, 3
					}
					if p.mark != nil && jw&(flagSegment<<24) != 0 {
						// A segment: its boundaries in out, if they fit.
						b0, b1 := uint(o-p.o0), uint(o-p.o0)+l1+l2
						if b1>>6 >= p.markLen {
							why = leftPair
							break
						}
						*(*uint64)(unsafe.Add(p.mark, b0>>6<<3)) |= 1 << (b0 & 63)
						*(*uint64)(unsafe.Add(p.mark, b1>>6<<3)) |= 1 << (b1 & 63)
					}
					st32(out, o, f1)
					st32(out, o+int(l1), f2)
					o += int(l1 + l2)
					i = q3
					if bad3 != 0 {
						why = leftRestart // the caller copies the ASCII
						break
					}
					c, x = c3, z
					continue
				}
			}
		}
		// The character alone: its first candidate, or itself (l == 0).
		f := ld32(firsts, 4*c)
		l := f >> 24
		if l > 3 {
			why = leftFlags // in the pool, or a segment to mark
			break
		}
		if l == 0 {
			f, l = x, 3
		}
		st32(out, o, f)
		o += int(l)
		i = q
		c, x = c2, y
	}
	p.i, p.o, p.c, p.x = i, o, c, x
	p.c2, p.y, p.h, p.why = c2, y, h, why
}

// ovNextGo advances p.i over the runes of the text that start no phrase
// override: ASCII whose bit in asc0/asc1 is clear, three-byte runes that
// the filters rule out (ovMaybe). It stops at any other rune, or at the
// end (p.n). It is the reference for ovNext, which is written in assembly
// for WebAssembly; appendConvert's pass for the overrides of a chain of
// stages uses it.
func ovNextGo(p *pipeState) {
	s, n, i := p.s, p.n, p.i
	for i < n {
		b := ld8(s, uint(i))
		if b < 0x80 {
			if p.ascii(b) != 0 {
				break
			}
			i++
			continue
		}
		if i+4 > n {
			break
		}
		r, bad := decode3(ld32(s, uint(i)))
		if bad != 0 || ld8(p.ovStart, r>>3)>>(r&7)&1 != 0 && p.ovMaybe(i, r) {
			break
		}
		i += 3
	}
	p.i = i
}
