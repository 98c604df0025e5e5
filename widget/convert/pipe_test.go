package convert

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// TestPipeMatchesGo holds pipe to pipeGo, its reference: from every
// three-byte rune of random texts, on random dictionaries, with and
// without phrase overrides, in both modes. Natively pipe is pipeGo; under
// GOOS=js it is the assembly (see TestWebAssembly, which runs this there).
func TestPipeMatchesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	runs, stops := 0, map[uint]int{}
	for n := range 300 {
		spec := randSpec(r)
		b, err := Encode(spec)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Open(b)
		if err != nil {
			t.Fatal(err)
		}
		ov := c.over
		if ov == nil {
			ov = &noOverrides
		}
		for _, tr := range c.stages {
			if len(tr.bmp) != 0x20000 {
				continue
			}
			for range 8 {
				s := []byte(randText(r, 4+r.IntN(60)))
				for i := 0; i+4 <= len(s); i++ {
					x := uint(binary.LittleEndian.Uint32(s[i:]))
					rn, bad := decode3(x)
					if bad != 0 {
						continue
					}
					for mode := range 3 {
						bound := make([]uint64, len(s)/64+1)
						for k := range bound {
							bound[k] = r.Uint64() & r.Uint64() & r.Uint64()
						}
						want, wout, wmarks := pipeRun(tr, ov, s, i, rn, x, mode, bound, pipeGo)
						got, gout, gmarks := pipeRun(tr, ov, s, i, rn, x, mode, bound, pipe)
						if got != want || !bytes.Equal(gout, wout) || gmarks != wmarks {
							t.Fatalf("dictionary %d, %q from %d (mode %d):\n got  %+v %q %x\n want %+v %q %x", n, s, i, mode, got, gout, gmarks, want, wout, wmarks)
						}
						runs++
						stops[want.why]++
					}
				}
			}
		}
	}
	t.Logf("%d runs; stops by reason %v", runs, stops)
	for why := range uint(5) {
		if stops[why] == 0 {
			t.Errorf("no run stopped for reason %d: the texts do not cover it", why)
		}
	}
}

// pipeResult is what a test compares of pipe's state after a run.
type pipeResult struct{ i, o, c, x, c2, y, h, why uint }

// pipeRun runs f in mode 0 (plain), 1 (marking segments) or 2 (bounded by
// bound), and returns the state, the output and the marks.
func pipeRun(t *trie, ov *overrides, s []byte, i int, r, x uint, mode int, bound []uint64, f func(*pipeState)) (pipeResult, []byte, string) {
	const o0 = 5
	out := make([]byte, o0+len(s)+scanSlack)
	marks := make([]uint64, (len(s)+o0)/64+1)
	p := pipeState{
		s: unsafe.Pointer(unsafe.SliceData(s)), n: len(s), out: unsafe.Pointer(unsafe.SliceData(out)),
		bmp: unsafe.Pointer(unsafe.SliceData(t.bmp)), words: unsafe.Pointer(unsafe.SliceData(t.words)),
		labels: unsafe.Pointer(unsafe.SliceData(t.labels)), firsts: unsafe.Pointer(unsafe.SliceData(t.firsts)),
		pairs: unsafe.Pointer(unsafe.SliceData(t.pairs)), ovStart: unsafe.Pointer(&ov.start),
		ovSingle: unsafe.Pointer(&ov.single), ovPrefixes: unsafe.Pointer(&ov.prefixes),
		shift: uint(t.pshift) & 31, pmask: uint(t.pmask), probes: uint(t.probes), m: uint(t.m),
		asc0: uint(t.ascii[0] | ov.ascii[0]), asc1: uint(t.ascii[1] | ov.ascii[1]),
		i: i, o: o0, c: uint(t.codeOf(rune(r))), x: x,
	}
	switch mode {
	case 1:
		// Room for the marks of about half the text: some do not fit.
		p.mark, p.markLen, p.o0 = unsafe.Pointer(&marks[0]), uint(len(marks)+1)/2, 1
	case 2:
		p.bound, p.boundLen = unsafe.Pointer(&bound[0]), uint(len(bound))
	}
	f(&p)
	res := pipeResult{i: uint(p.i), o: uint(p.o), why: p.why}
	if p.why != leftRestart {
		res.c, res.x = p.c, p.x
	}
	// What the caller reads after each kind of stop.
	switch p.why {
	case leftPair:
		res.c2, res.y, res.h = p.c2, p.y, p.h
	case leftOverride:
		res.y = p.y
	}
	return res, out[o0:p.o], fmt.Sprintf("%x", marks)
}

// TestFirstCandidates covers the first-candidate entries of the prepared
// form (format 4): inline, pooled (longer than three bytes), and runes
// that stay, alone, in phrases, and around phrase overrides.
func TestFirstCandidates(t *testing.T) {
	c := small(t, `
干	幹 乾
乾	𠀁
发	發
头发	頭髮
乾坤	乾坤
干发	乾髮
里	里
`)
	p, _ := ParsePhrases("发里\t發裡\n")
	for _, tc := range []struct{ in, want, withPhrases string }{
		{"乾", "𠀁", ""},
		{"乾干发头发乾坤发", "𠀁乾髮頭髮乾坤發", ""},
		{"头发乾乾干里里发", "頭髮𠀁𠀁幹里里發", ""},
		{"干发里头发里", "乾髮里頭髮里", "幹發裡头發裡"}, // the overrides cut 干发 and 头发
		{"，乾。头发！a乾b", "，𠀁。頭髮！a𠀁b", ""},
	} {
		if got := c.Convert(tc.in); got != tc.want {
			t.Errorf("Convert(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.withPhrases != "" {
			if got := c.WithPhrases(p).Convert(tc.in); got != tc.withPhrases {
				t.Errorf("with phrases: Convert(%q) = %q, want %q", tc.in, got, tc.withPhrases)
			}
		}
	}
	if n := recovered.Load(); n != 0 {
		t.Errorf("%d conversions panicked", n)
	}
}

// TestOvNextMatchesGo holds ovNext to ovNextGo, as TestPipeMatchesGo
// does pipe.
func TestOvNextMatchesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	runs, moved := 0, 0
	for range 300 {
		var lines []string
		for range 1 + r.IntN(4) {
			lines = append(lines, randRunes(r, 1+r.IntN(3))+"\t"+randRunes(r, 1+r.IntN(3)))
		}
		p, _ := ParsePhrases(strings.Join(lines, "\n"))
		ov := newOverrides(p.pairs, r.IntN(2) == 0)
		if ov == nil {
			continue // every line refused (blank sides)
		}
		s := []byte(randText(r, r.IntN(80)))
		for i := 0; i <= len(s); i++ {
			var got, want pipeState
			for _, ps := range []*pipeState{&got, &want} {
				*ps = pipeState{
					s: unsafe.Pointer(unsafe.SliceData(s)), n: len(s), i: i,
					ovStart: unsafe.Pointer(&ov.start), ovSingle: unsafe.Pointer(&ov.single), ovPrefixes: unsafe.Pointer(&ov.prefixes),
					asc0: uint(ov.ascii[0]), asc1: uint(ov.ascii[1]),
				}
			}
			ovNext(&got)
			ovNextGo(&want)
			if got.i != want.i {
				t.Fatalf("%q (phrases %q) from %d: ovNext stops at %d, ovNextGo at %d", s, lines, i, got.i, want.i)
			}
			runs++
			if want.i > i {
				moved++
			}
		}
	}
	if moved == 0 || moved == runs {
		t.Errorf("%d of %d runs moved: the texts do not cover both cases", moved, runs)
	}
}

// TestDamagedCodes: a BMP table with a code out of range (a damaged
// dictionary, which Open does not read through) keeps the fast path off
// for that stage; the conversion stays in bounds.
func TestDamagedCodes(t *testing.T) {
	c := small(t, smallDict)
	want := c.Convert("头发干净，公里")
	d := small(t, smallDict)
	tr := d.stages[0]
	binary.LittleEndian.PutUint16(tr.bmp[2*'里':], uint16(tr.n+1))
	before := recovered.Load()
	got := d.Convert("头发干净，公里")
	if recovered.Load() != before {
		t.Fatal("the conversion panicked")
	}
	if tr.checked.Load() != 2 {
		t.Errorf("checked = %d, want 2 (codes out of range)", tr.checked.Load())
	}
	// 里 has lost its code; the rest converts as before.
	if got[:len(got)-3] != want[:len(want)-3] || got[len(got)-3:] != "里" {
		t.Errorf("Convert = %q, want %q but 里 unconverted", got, want)
	}
}
