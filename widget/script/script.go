// Package script tells which Chinese script a page is written in, from its
// lang attribute or, failing that, from its characters.
package script

import "strings"

// Script is a way of writing Chinese.
type Script uint8

// The scripts.
const (
	Unknown Script = iota
	Simplified
	Traditional
)

// FromLang is the script a page's lang tag names (Lang): Unknown for a
// bare "zh" and for anything but Chinese.
func FromLang(tag string) Script {
	s, _ := Lang(tag)
	return s
}

// Lang reads a lang value for the script its text is in, as the 简繁
// switch rewrites it: the script subtag wherever it stands (zh-cmn-Hans-CN,
// zh-Hant-CN), else the legacy zh-CHS and zh-CHT, else the region's
// custom (CN, SG and MY write Simplified; TW, HK and MO Traditional). A
// CMS's zh_CN counts as zh-CN. chinese says that the value names Chinese
// (zh, zh-cmn or cmn), of either script when s is Unknown; another
// language (zh-yue, en) is not.
func Lang(tag string) (s Script, chinese bool) {
	parts := strings.Split(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-"), "-")
	if len(parts) == 0 || parts[0] != "zh" && parts[0] != "cmn" {
		return Unknown, false
	}
	region := Unknown
	for i, p := range parts[1:] {
		switch p {
		case "hans", "chs":
			return Simplified, true
		case "hant", "cht":
			return Traditional, true
		case "cn", "sg", "my":
			region = Simplified
		case "tw", "hk", "mo":
			region = Traditional
		default:
			// An extended language subtag other than Mandarin's is
			// another language: zh-yue is Cantonese.
			if i == 0 && parts[0] == "zh" && len(p) == 3 && p != "cmn" && p[0] >= 'a' {
				return Unknown, false
			}
		}
	}
	return region, true
}

// Frequent characters that exist in only one of the scripts, in pairs at
// the same positions.
var (
	simplifiedOnly  = []rune("这们说时为国会来个发对经过关开动门问间现进么长东车书见业实学员无头后运点从网区县办务")
	traditionalOnly = []rune("這們說時為國會來個發對經過關開動門問間現進麼長東車書見業實學員無頭後運點從網區縣辦務")
)

// Detect guesses the script of text by counting characters found in only
// one script. Text with neither, or as many of each, is Unknown.
func Detect(text string) Script {
	s, t := 0, 0
	for _, r := range text {
		if r < 0x4e00 || r > 0x9fff {
			continue
		}
		for i := range simplifiedOnly {
			if r == simplifiedOnly[i] {
				s++
				break
			}
			if r == traditionalOnly[i] {
				t++
				break
			}
		}
	}
	switch {
	case s > t:
		return Simplified
	case t > s:
		return Traditional
	}
	return Unknown
}
