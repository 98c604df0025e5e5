package tts

import "strings"

// spoken rewrites the numbers of Chinese text in words, as a reader says
// them. espeak-ng's Mandarin voice reads "3.5" as 三五, "10000" as 十千
// and "%" in English, and drops a minus sign: the figures of a government
// report come out wrong. So, before it reads:
//
//	-3.1%              负百分之三点一
//	47.46%             百分之四十七点四六
//	1,234,567元        一百二十三万四千五百六十七元
//	2个                两个
//	2020年, 〔2021〕    二零二零年, 〔二零二一〕
//	2020-12-31         二零二零年十二月三十一日 (also 2020.12.31, 2020/12/31)
//	01-11              一月十一日
//	8:30—12:00         八点三十分至十二点
//	9时-17时, 5%-8%    九时至十七时, 百分之五至百分之八 (also 10-15%)
//	2000年历史          两千年历史
//	拨打110, 120急救    拨打一一零, 一二零急救
//	3.2.1              三点二点一
//	0757-22223333, 400-123-4567, 12345, 511400  spelt digit by digit
//
// A number of five to ten digits is an amount only when a unit follows
// it (12345元); alone it is a code, a telephone or a postcode, read digit
// by digit, as a reader reads those. Everything else stays as it is.
func spoken(s string) string {
	if !strings.ContainsFunc(s, func(c rune) bool { return isDigit(c) || c >= '０' && c <= '９' }) {
		return s
	}
	// espeak-ng says nothing for ℃.
	s = strings.NewReplacer("℃", "摄氏度", "°C", "摄氏度").Replace(s)
	r := []rune(s)
	for i, c := range r {
		switch {
		case c >= '０' && c <= '９':
			r[i] = c - '０' + '0'
		case c == '－' || c == '﹣' || c == '−':
			r[i] = '-'
		}
	}
	var b strings.Builder
	afterNumber := -1 // index where the last number ended
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case isDigit(c):
			n := readNumber(r, i)
			b.WriteString(sharedPart(r, i, n))
			i, afterNumber = n.end, n.end
			continue
		case strings.ContainsRune("-—–~～", c) && i+1 < len(r) && isDigit(r[i+1]) && rangeAfter(r, afterNumber, i):
			b.WriteString("至")
			i++
			continue
		case (c == '-' || c == '+') && i+1 < len(r) && isDigit(r[i+1]) && (i == 0 || !isWordRune(r[i-1]) && r[i-1] != '号'):
			if c == '+' {
				b.WriteString("正")
			} else {
				b.WriteString("负")
			}
			i++
			continue
		}
		b.WriteRune(c)
		i++
	}
	return b.String()
}

// sharedPart is the words of number n, which starts at r[i], with the
// per cent or per mille of a range's end before it too (10-15%:
// 百分之十至百分之十五, not 十至百分之十五).
func sharedPart(r []rune, i int, n number) string {
	k := n.end
	if k+1 >= len(r) || !strings.ContainsRune("-—–~～", r[k]) || !isDigit(r[k+1]) ||
		strings.ContainsFunc(string(r[i:k]), func(c rune) bool { return !isDigit(c) && c != '.' }) {
		return n.words
	}
	for _, p := range []string{"百分之", "千分之"} {
		if strings.HasPrefix(readNumber(r, k+1).words, p) {
			return p + n.words
		}
	}
	return n.words
}

// rangeAfter says whether a dash at r[i] joins two numbers: the last one
// ended at index end, and between it and the dash there is at most a
// unit (9时-17时, 2019年-2020年).
func rangeAfter(r []rune, end, i int) bool {
	if end < 0 || i-end > 2 {
		return false
	}
	for _, c := range r[end:i] {
		if !isUnit(c) {
			return false
		}
	}
	return true
}

// A number is the words for the number that starts at some index of a
// text, and the index after it.
type number struct {
	words string
	end   int
}

// readNumber reads the number that starts with the digit at r[i].
func readNumber(r []rune, i int) number {
	d, j := digits(r, i)
	at := func(k int) rune {
		if k < len(r) {
			return r[k]
		}
		return 0
	}
	// 比例为1:10, a ratio, not a time
	if (at(j) == ':' || at(j) == '：') && isDigit(at(j+1)) && strings.ContainsRune(string(r[max(0, i-3):i]), '比') {
		m, k := digits(r, j+1)
		return number{integer(d) + "比" + integer(m), k}
	}
	// 8:30, 12:05:30
	if len(d) <= 2 && (at(j) == ':' || at(j) == '：') {
		if m, k := digits(r, j+1); len(m) == 2 && !isDigit(at(k)) {
			sec := ""
			if at(k) == ':' || at(k) == '：' {
				if s2, l := digits(r, k+1); len(s2) == 2 && !isDigit(at(l)) {
					sec, k = s2, l
				}
			}
			w := integer(d) + "点"
			if m != "00" || sec != "" && sec != "00" {
				w += minutes(m) + "分"
			}
			if sec != "" && sec != "00" {
				w += minutes(sec) + "秒"
			}
			return number{w, k}
		}
	}
	// Groups joined by one mark: dates, telephones, versions.
	for _, sep := range []rune{'-', '.', '/'} {
		if at(j) != sep || !isDigit(at(j+1)) {
			continue
		}
		groups, k := []string{d}, j
		for at(k) == sep && isDigit(at(k+1)) {
			var g string
			g, k = digits(r, k+1)
			groups = append(groups, g)
		}
		if w, ok, code := joined(groups, sep, at(k)); ok {
			// 020-3900 8866: a code goes on after a space.
			for code && at(k) == ' ' && isDigit(at(k+1)) {
				g, l := digits(r, k+1)
				if len(g) < 3 {
					break
				}
				w, k = w+"，"+spell(g), l
			}
			return number{w, k}
		}
	}
	// 1,234,567: an amount, with or without a unit
	grouped := false
	if len(d) <= 3 {
		for at(j) == ',' && isDigit(at(j+1)) && isDigit(at(j+2)) && isDigit(at(j+3)) && !isDigit(at(j+4)) {
			d += string(r[j+1 : j+4])
			j += 4
			grouped = true
		}
	}
	decimal := at(j) == '.' && isDigit(at(j+1))
	unit := at(j)
	if decimal {
		_, k := digits(r, j+1)
		unit = at(k)
	} else if unit == ' ' && isUnit(at(j+1)) {
		unit = at(j + 1) // 12345 万元
	}
	switch {
	case len(d) == 2 && d[0] == '0' && strings.ContainsRune("月日号时点分秒", unit):
		// 2024年05月06日: 五月六日
	case len(d) >= 2 && d[0] == '0', len(d) >= 11:
		return number{spell(d), j}
	case len(d) >= 5 && !decimal && !grouped && !isUnit(unit) && unit != '%' && unit != '％' && unit != '‰':
		return number{spell(d), j}
	case len(d) == 4 && !decimal && (strings.ContainsRune("年届级", unit) && !span(r, i, j) || year(d) && (bracketed(r, i, j) || yearRange(r, j))):
		return number{spell(d), j}
	case hotline(r, i, j):
		return number{spell(d), j} // 拨打110: 一一零
	}
	w := integer(d)
	if d == "2" && !decimal && twoOf(unit, at(j+1)) && !ordinal(r, i) {
		w = "两"
	}
	if decimal {
		f, k := digits(r, j+1)
		w += "点" + spell(f)
		j = k
	}
	p := j
	if at(p) == ' ' {
		p++ // 47.46 %
	}
	switch at(p) {
	case '%', '％':
		return number{"百分之" + w, p + 1}
	case '‰':
		return number{"千分之" + w, p + 1}
	}
	return number{w, j}
}

// joined reads groups of digits joined by sep, followed by next; ok is
// false where they are not read as one (3-5个 is a range: its parts are
// read on their own).
func joined(g []string, sep, next rune) (w string, ok, code bool) {
	switch {
	case len(g) == 3 && len(g[0]) == 4 && len(g[1]) <= 2 && len(g[2]) <= 2:
		return spell(g[0]) + "年" + integer(g[1]) + "月" + integer(g[2]) + "日", true, false
	case sep == '.' && len(g) >= 3:
		ws := make([]string, len(g)) // a version or a section: 3.2.1
		for k, x := range g {
			ws[k] = integer(x)
		}
		return strings.Join(ws, "点"), true, false
	case sep == '/' && len(g) == 2 && len(g[0]) <= 3 && len(g[1]) <= 3 && g[1] != "0" && !year(g[0]):
		return integer(g[1]) + "分之" + integer(g[0]), true, false // 1/3 三分之一
	case sep != '-':
		return "", false, false
	case len(g) >= 3:
		return spellAll(g), true, true
	case year(g[0]) && year(g[1]):
		return spell(g[0]) + "至" + spell(g[1]), true, false
	case len(g[0]) == 2 && len(g[1]) == 2 && g[0] >= "01" && g[0] <= "12" && g[1] >= "01" && g[1] <= "31" && dateEnd(next):
		return integer(g[0]) + "月" + integer(g[1]) + "日", true, false // 01-11, a news list's date
	case (g[0][0] == '0' || len(g[0]) >= 3 && len(g[1]) >= 4) && !isUnit(next):
		return spellAll(g), true, true
	}
	return "", false, false
}

// dateEnd says whether what follows 01-11 leaves it a date: nothing, a
// space or punctuation; not a unit (10-12℃, 10-15%).
func dateEnd(c rune) bool {
	return c == 0 || c == ' ' || c == '\n' || strings.ContainsRune("，。、；：,.;:）)]】》」", c)
}

// spellAll spells groups of digits, a pause between each.
func spellAll(g []string) string {
	ws := make([]string, len(g))
	for k, x := range g {
		ws[k] = spell(x)
	}
	return strings.Join(ws, "，")
}

// minutes says two digits of a time: 05 零五, 30 三十.
func minutes(m string) string {
	if m[0] == '0' {
		return "零" + spell(m[1:])
	}
	return integer(m)
}

// yearRange says whether a dash at r[j] leads to a year of a range
// (2021—2025年): the first year is spelt as the second is.
func yearRange(r []rune, j int) bool {
	if j >= len(r) || !strings.ContainsRune("-—–~～至", r[j]) {
		return false
	}
	d, k := digits(r, j+1)
	return year(d) && k < len(r) && r[k] == '年'
}

// span says whether the 年 at r[j], after the number at r[i:j], counts
// years rather than naming one: 有2000年历史, 长达1000年之久; but
// 2020年历史遗留问题 is a year's.
func span(r []rune, i, j int) bool {
	after, before := string(r[j+1:min(len(r), j+4)]), string(r[max(0, i-2):i])
	if strings.HasPrefix(after, "之久") {
		return true
	}
	return (strings.HasPrefix(after, "历史") || strings.HasPrefix(after, "的历史") || strings.HasPrefix(after, "歷史") || strings.HasPrefix(after, "的歷史")) &&
		strings.ContainsAny(before, "有近逾约超达余約達餘")
}

// hotline says whether the number at r[i:j] is one of the short numbers
// a reader dials (110, 119, 120, 122), next to a word that says so (拨打
// 110, 120急救): said digit by digit. Counts beside such words (急救出车
// 286趟) are amounts.
func hotline(r []rune, i, j int) bool {
	switch string(r[i:j]) {
	case "110", "119", "120", "122":
	default:
		return false
	}
	if j < len(r) && (isDigit(r[j]) || isUnit(r[j]) || r[j] == '.' || r[j] == '%') {
		return false
	}
	before, after := string(r[max(0, i-4):i]), string(r[j:min(len(r), j+2)])
	// Simplified and Traditional: a converted page is read as shown.
	for _, w := range []string{"拨打", "拨", "电话", "热线", "报警", "撥打", "撥", "電話", "熱線", "報警", "急救", "火警", "求助"} {
		if strings.HasSuffix(before, w) || strings.HasPrefix(after, w) || w != "拨" && w != "撥" && strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// year says whether four digits may be a year.
func year(d string) bool {
	return len(d) == 4 && (strings.HasPrefix(d, "19") || strings.HasPrefix(d, "20"))
}

// bracketed says whether r[i:j] stands in brackets, as the year of a
// document number does: 国发〔2021〕12号, （2020）.
func bracketed(r []rune, i, j int) bool {
	return i > 0 && j < len(r) && strings.ContainsRune("〔([（【［", r[i-1]) && strings.ContainsRune("〕)]）】］", r[j])
}

// units are what follows an amount; a number of five digits or more with
// none after it is read as a code.
const units = "元万亿千百十人个件次份名户吨米里斤亩克岁天年月日时分秒条项家所座台辆张本字位倍余多套间栋层头只株棵颗篇期批届周种类场例起宗平公立升毫厘艘架处笔摄度"

func isUnit(c rune) bool { return c != 0 && strings.ContainsRune(units, c) }

// twoOf says whether a lone 2 before measure word c (and then c2) is
// said 两: 两个, 两年; but 二月, 二年级.
func twoOf(c, c2 rune) bool {
	return strings.ContainsRune("个只件条项次天周年名位人份家台辆所座种类批倍场届本张套间层小万亿千", c) && !(c == '年' && c2 == '级')
}

// ordinal says whether the number at r[i] counts with 第 (第2条, 第1、2条):
// 第二, never 第两.
func ordinal(r []rune, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch c := r[k]; {
		case c == '第':
			return true
		case !isDigit(c) && !strings.ContainsRune(",，、", c):
			return false
		}
	}
	return false
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

// isCJK reports a Chinese character.
func isCJK(c rune) bool { return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF }

// isWordRune reports whether c can be part of a word or number that a
// following minus sign would join (x-1, A-3): a hyphen there is no sign.
func isWordRune(c rune) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c == ')' || c == '）' || c == '%'
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

// integer says a whole number in Chinese: 10010 一万零一十, 12 十二, 2万
// 两万. Past 16 digits it spells them.
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
		unit := groupUnits[groups-1-g]
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
			case c == '2' && b.Len() == 0 && (p == 0 || p == 3 && unit != ""):
				w = "两" // 两千, 两万
			}
			b.WriteString(w + posUnits[p])
		}
		b.WriteString(unit)
		zero = false
	}
	return b.String()
}
