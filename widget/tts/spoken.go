package tts

import "strings"

// spoken rewrites the numbers of Chinese text in words, as a reader says
// them. espeak-ng's Mandarin voice reads "3.5" as 三五, "10000" as 十千
// and "%" in English, and drops a minus sign: the figures of a government
// report come out wrong. So, before it reads:
//
//	-3.1%        负百分之三点一
//	47.46%       百分之四十七点四六
//	1,234,567元  一百二十三万四千五百六十七元
//	2020年       二零二零年
//	2020-12-31   二零二零年十二月三十一日
//	8:30—12:00   八点三十分至十二点
//	0757-22223333, 13800138000  spelt digit by digit
//
// Everything else stays as it is.
func spoken(s string) string {
	if !strings.ContainsFunc(s, func(c rune) bool { return isDigit(c) || c >= '０' && c <= '９' }) {
		return s
	}
	r := []rune(s)
	for i, c := range r {
		if c >= '０' && c <= '９' {
			r[i] = c - '０' + '0'
		}
	}
	var b strings.Builder
	number := false // the last thing written was a number
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case isDigit(c):
			n := readNumber(r, i)
			b.WriteString(n.words)
			i, number = n.end, true
			continue
		case (c == '-' || c == '−' || c == '+') && i+1 < len(r) && isDigit(r[i+1]) && (i == 0 || !isWordRune(r[i-1])):
			if c == '+' {
				b.WriteString("正")
			} else {
				b.WriteString("负")
			}
			i++
			continue
		case number && strings.ContainsRune("—–~～-", c) && i+1 < len(r) && isDigit(r[i+1]):
			b.WriteString("至")
			i++
			continue
		}
		b.WriteRune(c)
		number = false
		i++
	}
	return b.String()
}

// A number is the words for the number that starts at some index of a
// text, and the index after it.
type number struct {
	words string
	end   int
}

// readNumber reads the number that starts with the digit at r[i]: a
// time, a date, a number spelt digit by digit (a telephone, an ID), a
// year, or a quantity with its decimals and a following % or ‰.
func readNumber(r []rune, i int) number {
	d, j := digits(r, i)
	// 8:30, 12:00
	if len(d) <= 2 && j+2 < len(r) && (r[j] == ':' || r[j] == '：') {
		if m, k := digits(r, j+1); len(m) == 2 && (k == len(r) || !isDigit(r[k])) {
			w := integer(d) + "点"
			switch {
			case m == "00":
			case m[0] == '0':
				w += "零" + spell(m[1:]) + "分"
			default:
				w += integer(m) + "分"
			}
			return number{w, k}
		}
	}
	// 2020-12-31, 0757-22223333
	if j+1 < len(r) && r[j] == '-' && isDigit(r[j+1]) {
		m, k := digits(r, j+1)
		if len(d) == 4 && len(m) <= 2 && k+1 < len(r) && r[k] == '-' && isDigit(r[k+1]) {
			if day, l := digits(r, k+1); len(day) <= 2 {
				return number{spell(d) + "年" + integer(m) + "月" + integer(day) + "日", l}
			}
		}
		if d[0] == '0' && len(d) >= 3 && len(m) >= 5 {
			return number{spell(d) + "，" + spell(m), k}
		}
	}
	// 1,234,567
	if len(d) <= 3 {
		for j+3 < len(r) && (r[j] == ',' || r[j] == '，') && isDigit(r[j+1]) && isDigit(r[j+2]) && isDigit(r[j+3]) && (j+4 == len(r) || !isDigit(r[j+4])) {
			d += string(r[j+1 : j+4])
			j += 4
		}
	}
	if len(d) >= 11 || len(d) >= 5 && d[0] == '0' {
		return number{spell(d), j}
	}
	if len(d) == 4 && j < len(r) && r[j] == '年' {
		return number{spell(d), j}
	}
	w := integer(d)
	if j+1 < len(r) && r[j] == '.' && isDigit(r[j+1]) {
		f, k := digits(r, j+1)
		w += "点" + spell(f)
		j = k
	}
	if j < len(r) {
		switch r[j] {
		case '%', '％':
			return number{"百分之" + w, j + 1}
		case '‰':
			return number{"千分之" + w, j + 1}
		}
	}
	return number{w, j}
}

// digits returns the ASCII digits that start at r[i], and the index after.
func digits(r []rune, i int) (string, int) {
	j := i
	for j < len(r) && isDigit(r[j]) {
		j++
	}
	return string(r[i:j]), j
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// isWordRune reports whether c can be part of a word or number that a
// following minus sign would join (x-1, A-3): a hyphen there is no sign.
func isWordRune(c rune) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c == ')' || c == '）'
}

const chineseDigits = "零一二三四五六七八九"

// spell says each digit: 2020 二零二零.
func spell(d string) string {
	var b strings.Builder
	for _, c := range d {
		b.WriteString(digitWord(c))
	}
	return b.String()
}

func digitWord(c rune) string {
	i := int(c-'0') * len("零")
	return chineseDigits[i : i+len("零")]
}

// integer says a whole number in Chinese: 10010 一万零一十, 12 十二.
// Past 16 digits it spells them.
func integer(d string) string {
	d = strings.TrimLeft(d, "0")
	switch {
	case d == "":
		return "零"
	case len(d) > 16:
		return spell(d)
	}
	groupUnits := []string{"", "万", "亿", "万亿"}
	posUnits := []string{"千", "百", "十", ""}
	// Pad to whole groups of four.
	d = strings.Repeat("0", (4-len(d)%4)%4) + d
	var b strings.Builder
	zero := false // a 零 is due before the next digit said
	groups := len(d) / 4
	for g := 0; g < groups; g++ {
		grp := d[g*4 : g*4+4]
		if grp == "0000" {
			zero = b.Len() > 0
			continue
		}
		for p, c := range grp {
			if c == '0' {
				zero = zero || b.Len() > 0
				continue
			}
			if zero {
				b.WriteString("零")
				zero = false
			}
			w := digitWord(c)
			switch {
			case c == '1' && p == 2 && b.Len() == 0:
				w = "" // 十二, not 一十二
			case c == '2' && p == 0 && b.Len() == 0:
				w = "两" // 两千
			}
			b.WriteString(w + posUnits[p])
		}
		b.WriteString(groupUnits[groups-1-g])
		zero = false
	}
	return b.String()
}
