package reading

import "unicode/utf8"

// DefaultMaxLen is the default upper length of one sentence, in Chinese
// characters: about 25 s of Mandarin at rate 1, short enough for the TTS
// service (one request per sentence). Chrome's Web Speech stops an utterance
// after about 15 s, so the Web Speech engine should ask for about 60.
const DefaultMaxLen = 120

// span is a sentence as a byte range of the flat text.
type span struct{ a, z int }

// splitter cuts one block of collapsed text (only ' ' as white space, no
// leading or trailing space) into sentences.
type splitter struct {
	maxHalf int // limit in half-units: a wide rune weighs 2, any other 1
	out     []span
}

func newSplitter(maxLen int) splitter {
	if maxLen <= 0 {
		maxLen = DefaultMaxLen
	}
	return splitter{maxHalf: 2 * maxLen}
}

// block splits t, whose first byte is at flat offset off.
func (sp *splitter) block(t string, off int) {
	s, i := 0, 0
	for i < len(t) {
		c := t[i]
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(t) {
			i += 3 // U+4000–U+9FFF: CJK ideographs, never a terminator
			continue
		}
		r, n := rune(c), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(t[i:])
		}
		strong, weak := isStrongTerm(r), isWeakTerm(r)
		if !strong && !weak {
			i += n
			continue
		}
		// A run of terminators ("？！", "……", "?!") and the closing quotes
		// and brackets after it end the sentence together.
		j := i + n
		for j < len(t) {
			r2, n2 := utf8.DecodeRuneInString(t[j:])
			if isStrongTerm(r2) {
				strong = true
			} else if !isWeakTerm(r2) && !isCloser(r2) {
				break
			}
			j += n2
		}
		if strong || weakEnds(t, s, i, j) {
			sp.limit(t, s, j, off)
			s = j
		}
		i = j
	}
	if s < len(t) {
		sp.limit(t, s, len(t), off)
	}
}

// weakEnds decides whether the Western terminator run t[i:j] ends the
// sentence that started at s.
func weakEnds(t string, s, i, j int) bool {
	if j < len(t) {
		r, _ := utf8.DecodeRuneInString(t[j:])
		if r != ' ' && !(isWide(r) && !isFullwidthAlnum(r)) {
			return false // "3.5", "www.gov.cn", "Yahoo!Mail"
		}
	}
	if t[i] != '.' || (i+1 < len(t) && t[i+1] == '.') {
		return true
	}
	for s < i && t[s] == ' ' {
		s++
	}
	// "1." or "12." opening a sentence numbers a list item ("1.加强…").
	k := i
	for k > s && isASCIIDigit(t[k-1]) {
		k--
	}
	if k < i && k == s {
		return false
	}
	// Abbreviations.
	k = i
	for k > s && (isASCIILetter(t[k-1]) || t[k-1] == '.') {
		k--
	}
	if k == i || (k > s && isASCIIAlnum(t[k-1])) {
		return true
	}
	switch t[k:i] {
	case "e.g", "i.e", "cf", "vs", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Fig", "approx":
		return false
	case "etc", "Inc", "Ltd", "Co", "Jr", "Sr", "al":
		// These also end sentences; they do not when a lower-case word or
		// a number follows.
		for j < len(t) && t[j] == ' ' {
			j++
		}
		return j >= len(t) || !(isASCIIDigit(t[j]) || (t[j] >= 'a' && t[j] <= 'z'))
	}
	return true
}

// limit emits t[a:z] as one or more sentences no longer than the limit,
// breaking a long one after the comma-like mark nearest before the limit,
// else at the last space, else hard at the limit.
func (sp *splitter) limit(t string, a, z, off int) {
	for a < z {
		for a < z && t[a] == ' ' {
			a++
		}
		if a >= z {
			return
		}
		w, i, cut := 0, a, z
		comma, commaW, space := -1, 0, -1
		for i < z {
			c := t[i]
			r, n, rw := rune(c), 1, 1
			switch {
			case c >= 0xE4 && c <= 0xE9 && i+2 < z:
				// U+4000–U+9FFF, wide and neither space, comma nor closer:
				// the bulk of Chinese text, spared a full decode.
				r, n, rw = 0x4E00, 3, 2
			case c >= utf8.RuneSelf:
				r, n = utf8.DecodeRuneInString(t[i:])
				if isWide(r) {
					rw = 2
				}
			}
			if w+rw > sp.maxHalf && i > a {
				// A comma in the second half of the window wins; an earlier
				// one only if there is no space to break at instead.
				switch {
				case comma > a && 2*commaW >= sp.maxHalf:
					cut = comma
				case space > a:
					cut = space
				case comma > a:
					cut = comma
				default:
					cut = hardCut(t, a, i)
				}
				break
			}
			w += rw
			switch {
			case r == ' ':
				space = i
			case isComma(r) && !(r == ',' || r == ':') || (r == ',' || r == ':') && !inToken(t, i):
				comma, commaW = i+n, w
			case isCloser(r) && comma == i:
				comma, commaW = i+n, w // keep "，”" together
			}
			i += n
		}
		sp.emit(t, a, cut, off)
		a = cut
	}
}

// inToken reports an ASCII mark at t[i] inside a number or an address
// ("1,000", "10:30", "https://"): what follows it is no space.
func inToken(t string, i int) bool {
	return i+1 < len(t) && t[i+1] > ' ' && t[i+1] < 0x80
}

// hardCut is the cut for a sentence t[a:] that overflows at i, moved back to
// the start of a Latin word or number when one straddles i.
func hardCut(t string, a, i int) int {
	if i < len(t) && isASCIIAlnum(t[i]) && isASCIIAlnum(t[i-1]) {
		k := i
		for k > a && isASCIIAlnum(t[k-1]) {
			k--
		}
		if k > a {
			return k
		}
	}
	return i
}

// emit records t[a:z] trimmed, unless nothing in it would be spoken.
func (sp *splitter) emit(t string, a, z, off int) {
	for a < z && t[a] == ' ' {
		a++
	}
	for z > a && t[z-1] == ' ' {
		z--
	}
	for i := a; i < z; {
		r, n := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(t[i:])
		}
		if !isSilent(r) {
			sp.out = append(sp.out, span{off + a, off + z})
			return
		}
		i += n
	}
}
