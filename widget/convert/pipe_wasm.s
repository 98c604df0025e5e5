// pipe: the common steps of the conversion loop, pipeGo (pipe.go) in
// WebAssembly. Go's code for pipeGo goes through a dispatch table at
// every taken branch and keeps few values in locals; this runs the same
// steps with structured branches and every value in a local. It must
// convert exactly as pipeGo does: the tests run both under GOOS=js.
//
// Locals: R0 p, R1 s, R2 n, R3 out, R4 i, R5 o, R6 c, R7 x, R8 bmp,
// R9 pairs, R10 ovStart, R11 shift, R12 firsts, R13 y, R14 c2 (first the
// next rune), R15 h (then the first candidate). The rarer values live in
// f64 locals as raw bits (F0-F15 are f32): F16 words, F17 labels, F18 m,
// F19 pmask, F20 probes, F31 why, F22-F30 scratch of the pair path. The
// rarest (the modes, the override filters) are read from p as needed.

#include "go_asm.h"
#include "textflag.h"

// Helpers. A PUSH argument is a sequence of instructions that pushes an
// i64; the macros that test something push an i32 for If and BrIf.
#define FGET(f) Get f; I64ReinterpretF64
#define FSET(f) F64ReinterpretI64; Set f
// LEAVE(why, depth) sets why and branches out of the outer Block.
#define LEAVE(w, d) I64Const $w; FSET(F31); Br $d
// STORE(off, PUSH) stores into p's word at off.
#define STORE(off, PUSH) Get R0; I32WrapI64; PUSH; I64Store $off
// RUNE and BAD are decode3's r and bad for the bytes PUSHY.
#define RUNE(PUSHY) PUSHY; I64Const $15; I64And; I64Const $12; I64Shl; PUSHY; I64Const $2; I64ShrU; I64Const $0xFC0; I64And; I64Or; PUSHY; I64Const $16; I64ShrU; I64Const $63; I64And; I64Or
#define BAD(PUSHY, PUSHR) PUSHY; I64Const $0xC0C0F0; I64And; I64Const $0x8080E0; I64Xor; PUSHR; I64Const $0x800; I64Sub; I64Const $63; I64ShrU; I64Or; PUSHR; I64Const $0xF800; I64And; I64Const $0xD800; I64Xor; I64Const $1; I64Sub; I64Const $63; I64ShrU; I64Or
// ASCIIBIT: whether the ASCII byte PUSHB starts a key or an override.
#define ASCIIBIT(PUSHB) I64Load pipeState_asc0(R0); I64Load pipeState_asc1(R0); PUSHB; I64Const $64; I64LtU; Select; PUSHB; I64ShrU; I64Const $1; I64And; I32WrapI64
// OVSTART: whether an override starts with the rune PUSHR.
#define OVSTART(PUSHR) Get R10; PUSHR; I64Const $3; I64ShrU; I64Add; I32WrapI64; I64Load8U $0; PUSHR; I64Const $7; I64And; I64ShrU; I64Const $1; I64And; I32WrapI64
// OVMAYBE: pipeState.ovMaybe(I+OFF, r) for the rune r that PUSHR pushes,
// with its values in p's scratch words.
#define OVHASH(P1, P2, P3) P1; I64Const $0x9E3779B1; I64Mul; P2; I64Const $0x85EBCA77; I64Mul; I64Xor; P3; I64Const $0xC2B2AE3D; I64Mul; I64Xor; I64Const $0xFFFFFFFF; I64And; I64Const $(32-const_ovHashBits); I64ShrU
#define PREFIXBIT(PH) I64Load pipeState_ovPrefixes(R0); PH; I64Const $6; I64ShrU; I64Const $3; I64Shl; I64Add; I32WrapI64; I64Load $0; PH; I64Const $63; I64And; I64ShrU; I64Const $1; I64And; I32WrapI64
#define OVMAYBE(PUSHR, I, OFF) \
	STORE(pipeState_t0, PUSHR); \
	STORE(pipeState_t2, I64Const $1); \
	Block; \
		I64Load pipeState_ovSingle(R0); I64Load pipeState_t0(R0); I64Const $3; I64ShrU; I64Add; I32WrapI64; I64Load8U $0; I64Load pipeState_t0(R0); I64Const $7; I64And; I64ShrU; I64Const $1; I64And; I32WrapI64; BrIf $0; \
		Get I; I64Const $(OFF+7); I64Add; Get R2; I64GtS; BrIf $0; \
		STORE(pipeState_t1, Get R1; Get I; I64Add; I32WrapI64; I64Load32U $(OFF+3)); \
		STORE(pipeState_t3, RUNE(I64Load pipeState_t1(R0))); \
		BAD(I64Load pipeState_t1(R0), I64Load pipeState_t3(R0)); I64Eqz; I32Eqz; BrIf $0; \
		STORE(pipeState_t4, OVHASH(I64Load pipeState_t0(R0), I64Load pipeState_t3(R0), I64Const $0)); \
		PREFIXBIT(I64Load pipeState_t4(R0)); BrIf $0; \
		Get I; I64Const $(OFF+10); I64Add; Get R2; I64GtS; BrIf $0; \
		STORE(pipeState_t1, Get R1; Get I; I64Add; I32WrapI64; I64Load32U $(OFF+6)); \
		STORE(pipeState_t5, RUNE(I64Load pipeState_t1(R0))); \
		BAD(I64Load pipeState_t1(R0), I64Load pipeState_t5(R0)); I64Eqz; I32Eqz; BrIf $0; \
		STORE(pipeState_t4, OVHASH(I64Load pipeState_t0(R0), I64Load pipeState_t3(R0), I64Load pipeState_t5(R0))); \
		PREFIXBIT(I64Load pipeState_t4(R0)); BrIf $0; \
		STORE(pipeState_t2, I64Const $0); \
	End; \
	I64Load pipeState_t2(R0); I32WrapI64
// SETMARK sets the bit PX in mark.
#define MARKADDR(PX) I64Load pipeState_mark(R0); PX; I64Const $6; I64ShrU; I64Const $3; I64Shl; I64Add; I32WrapI64
#define SETMARK(PX) MARKADDR(PX); MARKADDR(PX); I64Load $0; I64Const $1; PX; I64Const $63; I64And; I64Shl; I64Or; I64Store $0

// func pipe(p *pipeState)
TEXT ·pipe(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	MOVD pipeState_s(R0), R1
	MOVD pipeState_n(R0), R2
	MOVD pipeState_out(R0), R3
	MOVD pipeState_i(R0), R4
	MOVD pipeState_o(R0), R5
	MOVD pipeState_c(R0), R6
	MOVD pipeState_x(R0), R7
	MOVD pipeState_bmp(R0), R8
	MOVD pipeState_pairs(R0), R9
	MOVD pipeState_ovStart(R0), R10
	MOVD pipeState_shift(R0), R11
	MOVD pipeState_firsts(R0), R12
	I64Load pipeState_words(R0); FSET(F16)
	I64Load pipeState_labels(R0); FSET(F17)
	I64Load pipeState_m(R0); FSET(F18)
	I64Load pipeState_pmask(R0); FSET(F19)
	I64Load pipeState_probes(R0); FSET(F20)
	I64Const $0; Set R13
	I64Const $0; Set R14
	I64Const $0; Set R15
	I64Const $const_leftEnd; FSET(F31)

	Block
	Loop
		// q := i+3; leave at the end of s (q+4 > n).
		Get R4; I64Const $7; I64Add; Get R2; I64GtS; BrIf $1

		// The next rune: y, r2 (in R14), leave unless three bytes long.
		Get R1; Get R4; I64Add; I32WrapI64; I64Load32U $3; Set R13
		RUNE(Get R13); Set R14
		BAD(Get R13, Get R14)
		I64Eqz; I32Eqz
		If
			// Not three bytes long: leave (leftEnd) unless it is ASCII
			// (R15) that starts nothing and is in no key.
			Get R13; I64Const $0x80; I64And; I64Eqz; I32Eqz; BrIf $2
			Get R13; I64Const $0x7F; I64And; Set R15
			ASCIIBIT(Get R15); BrIf $2
			Get R8; Get R15; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; I32WrapI64; BrIf $2
			// The character alone (R14), or leave (leftEnd) for flags.
			Get R12; Get R6; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; Set R14
			Get R14; I64Const $24; I64ShrU; I64Const $3; I64GtU; BrIf $2
			Get R7; I64Const $0xFFFFFF; I64And; I64Const $0x3000000; I64Or
			Get R14
			Get R14; I64Const $24; I64ShrU; I64Eqz
			Select; Set R14
			Get R3; Get R5; I64Add; I32WrapI64; Get R14; I64Store32 $0
			Get R5; Get R14; I64Const $24; I64ShrU; I64Add; Set R5
			Get R4; I64Const $3; I64Add; Set R4
			// The ASCII run, from the byte R15 at i.
			Block
			Loop
				Get R3; Get R5; I64Add; I32WrapI64; Get R15; I64Store8 $0
				Get R5; I64Const $1; I64Add; Set R5
				Get R4; I64Const $1; I64Add; Set R4
				Get R4; Get R2; I64GeS
				If
					LEAVE(const_leftRestart, 5)
				End
				Get R1; Get R4; I64Add; I32WrapI64; I64Load8U $0; Set R15
				Get R15; I64Const $0x80; I64GeU; BrIf $1
				ASCIIBIT(Get R15)
				If
					LEAVE(const_leftRestart, 5)
				End
				Br $0
			End
			End
			// Then a three-byte rune that starts no override goes on.
			Get R4; I64Const $4; I64Add; Get R2; I64GtS
			If
				LEAVE(const_leftRestart, 3)
			End
			Get R1; Get R4; I64Add; I32WrapI64; I64Load32U $0; Set R7
			RUNE(Get R7); Set R14
			BAD(Get R7, Get R14)
			I64Eqz; I32Eqz
			If
				LEAVE(const_leftRestart, 3)
			End
			OVSTART(Get R14)
			If
				OVMAYBE(Get R14, R4, 0)
				If
					LEAVE(const_leftRestart, 4)
				End
			End
			Get R8; Get R14; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; Set R6
			Br $1
		End

		// An override may start there.
		OVSTART(Get R14)
		If
			OVMAYBE(Get R14, R4, 3)
			If
				LEAVE(const_leftOverride, 3)
			End
		End

		// c2 and the pair's slot h.
		Get R8; Get R14; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; Set R14
		Get R6; I64Const $0x9E3779B1; I64Mul; Get R14; I64Const $0x85EBCA77; I64Mul; I64Xor
		I64Const $0xFFFFFFFF; I64And; Get R11; I64ShrU; Set R15

		Get R9; Get R15; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0
		Get R6; I64Mul; Get R14; I64Mul; I64Eqz; I32Eqz
		If
			// The slot is taken; but in a bounded stage, a boundary at
			// q means no pair (to the character alone).
			I64Load pipeState_bound(R0); I64Eqz; I32Eqz
			If
				Get R4; I64Const $3; I64Add; I64Const $6; I64ShrU; I64Load pipeState_boundLen(R0); I64LtU
				If
					I64Load pipeState_bound(R0); Get R4; I64Const $3; I64Add; I64Const $6; I64ShrU; I64Const $3; I64Shl; I64Add; I32WrapI64; I64Load $0
					Get R4; I64Const $3; I64Add; I64Const $63; I64And; I64ShrU; I64Const $1; I64And; I32WrapI64
					BrIf $2
				End
			End
			// a (F22), b (F23): the children of c.
			FGET(F16); Get R6; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; I64Const $0xFFFFFF; I64And; FSET(F22)
			FGET(F16); Get R6; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $4; I64Const $0xFFFFFF; I64And; FSET(F23)
			FGET(F22); FGET(F23); FGET(F23); FGET(F18); I64GtU; Select; FSET(F23)
			// Probe from h: slot k (F24), probes left (F25), found j (F26).
			Get R15; FSET(F24)
			FGET(F20); FSET(F25)
			I64Const $0; FSET(F26)
			Block
			Loop
				FGET(F25); I64Eqz; BrIf $1
				Get R9; FGET(F24); I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; FSET(F27)
				FGET(F27); I64Eqz; BrIf $1
				FGET(F22); FGET(F27); I64Add; I64Const $1; I64Sub; FSET(F27)
				FGET(F27); FGET(F23); I64LtU
				If
					FGET(F17); FGET(F27); I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0
					Get R14; I64Eq
					If
						FGET(F27); FSET(F26)
						Br $3
					End
				End
				FGET(F24); I64Const $1; I64Add; FGET(F19); I64And; FSET(F24)
				FGET(F25); I64Const $1; I64Sub; FSET(F25)
				Br $0
			End
			End

			FGET(F26); I64Eqz; I32Eqz
			If
				// The pair is node j: its word (F28), children ja (F29),
				// jb (F30).
				FGET(F16); FGET(F26); I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; FSET(F28)
				FGET(F28); I64Const $0xFFFFFF; I64And; FSET(F29)
				FGET(F16); FGET(F26); I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $4; I64Const $0xFFFFFF; I64And; FSET(F30)
				FGET(F29); FGET(F30); FGET(F30); FGET(F18); I64GtU; Select; FSET(F30)

				// The rune after the pair: z (F22), r3 then c3 (F23);
				// leave unless three bytes long, with no override.
				Get R4; I64Const $10; I64Add; Get R2; I64GtS
				If
					LEAVE(const_leftPair, 4)
				End
				Get R1; Get R4; I64Add; I32WrapI64; I64Load32U $6; FSET(F22)
				RUNE(FGET(F22)); FSET(F23)
				BAD(FGET(F22), FGET(F23))
				I64Const $0; FSET(F27)
				I64Eqz; I32Eqz
				If
					// Not three bytes long: ASCII that starts nothing
					// and is in no key ends the keys here too (F27 =
					// 1); anything else leaves.
					FGET(F22); I64Const $0x80; I64And; I64Eqz; I32Eqz
					If
						LEAVE(const_leftPair, 5)
					End
					FGET(F22); I64Const $0x7F; I64And; FSET(F23)
					ASCIIBIT(FGET(F23))
					If
						LEAVE(const_leftPair, 5)
					End
					Get R8; FGET(F23); I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; I64Eqz; I32Eqz
					If
						LEAVE(const_leftPair, 5)
					End
					I64Const $1; FSET(F27)
				Else
					OVSTART(FGET(F23))
					If
						OVMAYBE(FGET(F23), R4, 6)
						If
							LEAVE(const_leftPair, 6)
						End
					End
					Get R8; FGET(F23); I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; FSET(F23)

					// Leave when c3 is a child of j (a longer key may
					// match): the labels ja..jb-1 are sorted.
					Block
					Loop
						FGET(F29); FGET(F30); I64GeU; BrIf $1
						FGET(F23); I64Eqz; BrIf $1
						FGET(F17); FGET(F29); I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; FSET(F24)
						FGET(F24); FGET(F23); I64GeU
						If
							FGET(F24); FGET(F23); I64Eq
							If
								LEAVE(const_leftPair, 8)
							End
							Br $2
						End
						FGET(F29); I64Const $1; I64Add; FSET(F29)
						Br $0
					End
					End
				End

				FGET(F28); I64Const $24; I64ShrU; I64Const $3; I64And; I64Eqz; I32Eqz
				If
					// The pair is the key: a default value, first
					// candidates inline, or leave.
					FGET(F28); I64Const $24; I64ShrU; I64Const $3; I64And; I64Const $const_kindDefault; I64Ne
					If
						LEAVE(const_leftPair, 5)
					End
					Get R12; Get R6; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; FSET(F24)
					Get R12; Get R14; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; FSET(F25)
					FGET(F24); FGET(F25); I64Or; I64Const $const_firstPooled; I64And; I64Eqz; I32Eqz
					If
						LEAVE(const_leftPair, 5)
					End
					Get R7; I64Const $0xFFFFFF; I64And; I64Const $0x3000000; I64Or
					FGET(F24)
					FGET(F24); I64Const $24; I64ShrU; I64Const $3; I64And; I64Eqz
					Select; FSET(F24)
					Get R13; I64Const $0xFFFFFF; I64And; I64Const $0x3000000; I64Or
					FGET(F25)
					FGET(F25); I64Const $24; I64ShrU; I64Const $3; I64And; I64Eqz
					Select; FSET(F25)
					// A segment: its boundaries in out, if they fit.
					I64Load pipeState_mark(R0); I64Eqz; I32Eqz
					If
						FGET(F28); I64Const $(const_flagSegment<<24); I64And; I64Eqz; I32Eqz
						If
							STORE(pipeState_t0, Get R5; I64Load pipeState_o0(R0); I64Sub)
							STORE(pipeState_t1, I64Load pipeState_t0(R0); FGET(F24); I64Const $24; I64ShrU; I64Const $3; I64And; I64Add; FGET(F25); I64Const $24; I64ShrU; I64Const $3; I64And; I64Add)
							I64Load pipeState_t1(R0); I64Const $6; I64ShrU; I64Load pipeState_markLen(R0); I64GeU
							If
								LEAVE(const_leftPair, 7)
							End
							SETMARK(I64Load pipeState_t0(R0))
							SETMARK(I64Load pipeState_t1(R0))
						End
					End
					Get R3; Get R5; I64Add; I32WrapI64; FGET(F24); I64Store32 $0
					Get R5; FGET(F24); I64Const $24; I64ShrU; I64Const $3; I64And; I64Add; Set R5
					Get R3; Get R5; I64Add; I32WrapI64; FGET(F25); I64Store32 $0
					Get R5; FGET(F25); I64Const $24; I64ShrU; I64Const $3; I64And; I64Add; Set R5
					Get R4; I64Const $6; I64Add; Set R4
					FGET(F27); I64Eqz; I32Eqz
					If
						// ASCII follows: the caller copies it.
						LEAVE(const_leftRestart, 5)
					End
					FGET(F23); Set R6
					FGET(F22); Set R7
					Br $3
				End
				// The pair is no key: the character is alone.
			End
		End

		// The character alone: its first candidate (R15), or itself.
		Get R12; Get R6; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0; Set R15
		Get R15; I64Const $24; I64ShrU; I64Const $3; I64GtU
		If
			LEAVE(const_leftFlags, 2)
		End
		Get R7; I64Const $0xFFFFFF; I64And; I64Const $0x3000000; I64Or
		Get R15
		Get R15; I64Const $24; I64ShrU; I64Eqz
		Select; Set R15
		Get R3; Get R5; I64Add; I32WrapI64; Get R15; I64Store32 $0
		Get R5; Get R15; I64Const $24; I64ShrU; I64Add; Set R5
		Get R4; I64Const $3; I64Add; Set R4
		Get R14; Set R6
		Get R13; Set R7
		Br $0
	End
	End

	MOVD R4, pipeState_i(R0)
	MOVD R5, pipeState_o(R0)
	MOVD R6, pipeState_c(R0)
	MOVD R7, pipeState_x(R0)
	MOVD R14, pipeState_c2(R0)
	MOVD R13, pipeState_y(R0)
	MOVD R15, pipeState_h(R0)
	Get R0; I32WrapI64; FGET(F31); I64Store $pipeState_why
	RET

// func ovNext(p *pipeState)
// Locals as in pipe: R0 p, R1 s, R2 n, R4 i, R10 ovStart; R13 the bytes
// of a rune, R14 the rune, R15 an ASCII byte.
TEXT ·ovNext(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	MOVD pipeState_s(R0), R1
	MOVD pipeState_n(R0), R2
	MOVD pipeState_i(R0), R4
	MOVD pipeState_ovStart(R0), R10

	Block
	Loop
		Get R4; Get R2; I64GeS; BrIf $1
		Get R1; Get R4; I64Add; I32WrapI64; I64Load8U $0; Set R15
		Get R15; I64Const $0x80; I64LtU
		If
			ASCIIBIT(Get R15); BrIf $2
			Get R4; I64Const $1; I64Add; Set R4
			Br $1
		End
		Get R4; I64Const $4; I64Add; Get R2; I64GtS; BrIf $1
		Get R1; Get R4; I64Add; I32WrapI64; I64Load32U $0; Set R13
		RUNE(Get R13); Set R14
		BAD(Get R13, Get R14); I64Eqz; I32Eqz; BrIf $1
		OVSTART(Get R14)
		If
			OVMAYBE(Get R14, R4, 0)
			BrIf $2
		End
		Get R4; I64Const $3; I64Add; Set R4
		Br $0
	End
	End

	MOVD R4, pipeState_i(R0)
	RET
