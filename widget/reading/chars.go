package reading

// Character classes, written out by hand: the unicode package's tables would
// add tens of kilobytes to the WebAssembly build for a handful of checks.

// isSpace reports white space that a browser renders as (at most) one space,
// plus the no-break and ideographic spaces, which sound the same when spoken.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isBreak reports a segment break (newline) inside white space.
func isBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029
}

// isDropped reports characters that neither show nor sound: controls,
// soft hyphens, zero-width spaces and bidi marks. ZWJ and ZWNJ are kept
// because they change how emoji and some scripts are shaped.
func isDropped(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == 0xAD, r == 0x200B, r == 0x200E, r == 0x200F, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// isWide reports East Asian wide and full-width characters (CJK ideographs
// in all extensions, kana, hangul, CJK punctuation, full-width forms) and
// emoji: they take about twice as long to speak as a Latin letter.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F: // Hangul Jamo
		return true
	case r >= 0x2E80 && r <= 0xA4CF: // radicals … CJK unified … Yi
		return true
	case r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return true
	case r >= 0xF900 && r <= 0xFAFF: // CJK compatibility ideographs
		return true
	case r >= 0xFE30 && r <= 0xFE4F: // CJK compatibility forms
		return true
	case r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6: // full-width forms
		return true
	case r >= 0x1F300 && r <= 0x1FAFF: // emoji and pictographs
		return true
	case r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// isCJK reports wide characters between which a browser drops a line break
// (CSS Text 3 segment break transformation): not Hangul, which uses spaces,
// and not emoji.
func isCJK(r rune) bool {
	if !isWide(r) || (r >= 0x1100 && r <= 0x115F) || (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x3130 && r <= 0x318F) {
		return false
	}
	return r < 0x1F300 || r > 0x1FAFF
}

// isFullwidthAlnum reports full-width digits and Latin letters, which behave
// like their ASCII forms around a full stop ("３．５").
func isFullwidthAlnum(r rune) bool {
	return (r >= 0xFF10 && r <= 0xFF19) || (r >= 0xFF21 && r <= 0xFF3A) || (r >= 0xFF41 && r <= 0xFF5A)
}

// isStrongTerm reports Chinese sentence terminators, which end a sentence
// wherever they stand.
func isStrongTerm(r rune) bool {
	switch r {
	case '。', '｡', '！', '？', '；', '…', '‥', '‼', '⁇', '⁈', '⁉', '︒':
		return true
	}
	return false
}

// isWeakTerm reports Western terminators, which end a sentence only when
// followed by a space, the end of the block or a CJK character ("3.5" and
// "www.gov.cn" are not split).
func isWeakTerm(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == ';' || r == '．'
}

// isCloser reports closing quotes and brackets that stay with the sentence
// they end.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', ']', '】', '》', '〉', '"', '\'', '〕', '〗', '〙', '〛',
		'｝', '}', '］', '﹂', '﹄', '»', '›', '＂', '＇', '〞', '〟':
		return true
	}
	return false
}

// isComma reports comma-like marks where a too long sentence may be broken.
func isComma(r rune) bool {
	switch r {
	case '，', '、', '：', ',', ':', '﹐', '﹑', '､', '﹕', '︰', '—':
		return true
	}
	return false
}

// isSilent reports characters a speech engine would not say: white space and
// punctuation. A sentence made only of them is dropped.
func isSilent(r rune) bool {
	if r < 0x80 {
		switch r {
		case ' ', '!', '"', '\'', '(', ')', ',', '-', '.', '/', ':', ';', '?', '[', ']', '{', '}', '|', '_', '`', '~':
			return true
		}
		return r < 0x20 || r == 0x7F
	}
	switch {
	case isSpace(r), isDropped(r):
		return true
	case r == 0xB7: // middle dot
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // general punctuation
		return true
	case r >= 0x3001 && r <= 0x3003, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301F:
		return true
	case r >= 0xFE10 && r <= 0xFE19, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFE50 && r <= 0xFE68:
		return true
	case r >= 0xFF01 && r <= 0xFF0F && r != 0xFF03 && r != 0xFF04 && r != 0xFF05 && r != 0xFF06 && r != 0xFF0A && r != 0xFF0B:
		return true
	case r >= 0xFF1A && r <= 0xFF1F && r != 0xFF1C && r != 0xFF1D && r != 0xFF1E, r == 0xFF3B, r == 0xFF3D, r == 0xFF3F, r == 0xFF5B, r == 0xFF5D, r >= 0xFF5F && r <= 0xFF65:
		return true
	}
	return false
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isASCIIAlnum(c byte) bool { return isASCIIDigit(c) || isASCIILetter(c) }

// utf16Len is the number of UTF-16 code units r takes in a JavaScript string.
// Invalid UTF-8 decodes to U+FFFD, one unit, as a lone surrogate in the DOM
// arrives here as U+FFFD too.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
