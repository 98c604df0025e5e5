// Package i18n holds every string the widget shows or announces, in
// Simplified Chinese, Traditional Chinese and English, so that the glue
// carries no hard-coded text.
package i18n

import "strings"

// Lang is a UI language.
type Lang uint8

// The UI languages.
const (
	Hans Lang = iota // 简体
	Hant             // 繁體
	En               // English
)

// Langs lists every UI language, in table order.
var Langs = []Lang{Hans, Hant, En}

// Tag returns the BCP 47 tag the widget puts on its own UI in this language.
func (l Lang) Tag() string {
	switch l {
	case Hant:
		return "zh-Hant"
	case En:
		return "en"
	}
	return "zh-Hans"
}

// Pick chooses the UI language from a data-lang value or a page's lang
// attribute: English for en-*, Traditional for zh-Hant, zh-TW, zh-HK and
// zh-MO, otherwise Simplified.
func Pick(tag string) Lang {
	t := strings.ToLower(strings.TrimSpace(tag))
	switch {
	case t == "en" || strings.HasPrefix(t, "en-"):
		return En
	case strings.Contains(t, "hant"), strings.HasPrefix(t, "zh-tw"), strings.HasPrefix(t, "zh-hk"), strings.HasPrefix(t, "zh-mo"):
		return Hant
	}
	return Hans
}

// Key names one string.
type Key int

// The strings. Keep the tables below in this order.
const (
	Launcher Key = iota
	Toolbar
	LoadFailed
	Close
	Reset
	Help
	Traditional
	Simplified
	Variant
	VariantT
	VariantTW
	VariantTWP
	VariantHK
	ZoomIn
	ZoomOut
	ZoomLevel
	Contrast
	ContrastOff
	ContrastYellowOnBlack
	ContrastWhiteOnBlack
	ContrastBlackOnWhite
	ContrastBlackOnYellow
	ContrastYellowOnBlue
	Elder
	Cursor
	Guide
	Caption
	Spacing
	Links
	Read
	Pause
	Stop
	Previous
	Next
	Speed
	ModeContinuous
	ModePoint
	SaidTraditional
	SaidSimplified
	SaidOriginal
	SaidOn
	SaidOff
	SaidReset
	SaidZoom
	SaidContrast
	Unavailable
	RoleLink
	RoleButton
	RoleImage
	RoleHeading
	RoleField
	HelpIntro
	HelpReset
	HelpPrivacy
	HelpShortcuts
	numKeys
)

// T returns the string for k in language l.
func T(l Lang, k Key) string {
	if k < 0 || k >= numKeys || int(l) >= len(tables) {
		return ""
	}
	return tables[l][k]
}

var tables = [...][numKeys]string{
	Hans: {
		Launcher:              "无障碍",
		Toolbar:               "无障碍工具栏",
		LoadFailed:            "无障碍工具加载失败，页面不受影响。请稍后重试。",
		Close:                 "关闭",
		Reset:                 "恢复默认",
		Help:                  "帮助",
		Traditional:           "繁体",
		Simplified:            "简体",
		Variant:               "繁体地区用字",
		VariantT:              "通用繁体",
		VariantTW:             "台湾用字",
		VariantTWP:            "台湾用语",
		VariantHK:             "香港用字",
		ZoomIn:                "放大文字",
		ZoomOut:               "缩小文字",
		ZoomLevel:             "文字大小",
		Contrast:              "配色",
		ContrastOff:           "原始配色",
		ContrastYellowOnBlack: "黑底黄字",
		ContrastWhiteOnBlack:  "黑底白字",
		ContrastBlackOnWhite:  "白底黑字",
		ContrastBlackOnYellow: "黄底黑字",
		ContrastYellowOnBlue:  "蓝底黄字",
		Elder:                 "长者模式",
		Cursor:                "大鼠标",
		Guide:                 "阅读辅助线",
		Caption:               "大字幕",
		Spacing:               "加大间距",
		Links:                 "突出链接",
		Read:                  "朗读",
		Pause:                 "暂停",
		Stop:                  "停止",
		Previous:              "上一句",
		Next:                  "下一句",
		Speed:                 "语速",
		ModeContinuous:        "连读",
		ModePoint:             "指读",
		SaidTraditional:       "已切换为繁体",
		SaidSimplified:        "已切换为简体",
		SaidOriginal:          "已恢复原文",
		SaidOn:                "已开启",
		SaidOff:               "已关闭",
		SaidReset:             "已恢复默认设置",
		SaidZoom:              "文字大小",
		SaidContrast:          "配色",
		Unavailable:           "暂不可用",
		RoleLink:              "链接",
		RoleButton:            "按钮",
		RoleImage:             "图片",
		RoleHeading:           "标题",
		RoleField:             "编辑框",
		HelpIntro:             "本工具栏可切换简繁体、放大文字、更换配色、开启长者模式和朗读页面。方向键在按钮间移动，Tab 键离开工具栏，Esc 键关闭。",
		HelpReset:             "按“恢复默认”可撤销所有更改，页面恢复原样。",
		HelpPrivacy:           "朗读时，所读文字会发送到本网站的语音服务以生成声音。",
		HelpShortcuts:         "快捷键",
	},
	Hant: {
		Launcher:              "無障礙",
		Toolbar:               "無障礙工具列",
		LoadFailed:            "無障礙工具載入失敗，頁面不受影響。請稍後重試。",
		Close:                 "關閉",
		Reset:                 "恢復預設",
		Help:                  "說明",
		Traditional:           "繁體",
		Simplified:            "簡體",
		Variant:               "繁體地區用字",
		VariantT:              "通用繁體",
		VariantTW:             "臺灣用字",
		VariantTWP:            "臺灣用語",
		VariantHK:             "香港用字",
		ZoomIn:                "放大文字",
		ZoomOut:               "縮小文字",
		ZoomLevel:             "文字大小",
		Contrast:              "配色",
		ContrastOff:           "原始配色",
		ContrastYellowOnBlack: "黑底黃字",
		ContrastWhiteOnBlack:  "黑底白字",
		ContrastBlackOnWhite:  "白底黑字",
		ContrastBlackOnYellow: "黃底黑字",
		ContrastYellowOnBlue:  "藍底黃字",
		Elder:                 "長者模式",
		Cursor:                "大滑鼠游標",
		Guide:                 "閱讀輔助線",
		Caption:               "大字幕",
		Spacing:               "加大間距",
		Links:                 "突出連結",
		Read:                  "朗讀",
		Pause:                 "暫停",
		Stop:                  "停止",
		Previous:              "上一句",
		Next:                  "下一句",
		Speed:                 "語速",
		ModeContinuous:        "連讀",
		ModePoint:             "指讀",
		SaidTraditional:       "已切換為繁體",
		SaidSimplified:        "已切換為簡體",
		SaidOriginal:          "已恢復原文",
		SaidOn:                "已開啟",
		SaidOff:               "已關閉",
		SaidReset:             "已恢復預設設定",
		SaidZoom:              "文字大小",
		SaidContrast:          "配色",
		Unavailable:           "暫不可用",
		RoleLink:              "連結",
		RoleButton:            "按鈕",
		RoleImage:             "圖片",
		RoleHeading:           "標題",
		RoleField:             "編輯框",
		HelpIntro:             "本工具列可切換簡繁體、放大文字、更換配色、開啟長者模式和朗讀頁面。方向鍵在按鈕間移動，Tab 鍵離開工具列，Esc 鍵關閉。",
		HelpReset:             "按「恢復預設」可撤銷所有更改，頁面恢復原樣。",
		HelpPrivacy:           "朗讀時，所讀文字會傳送到本網站的語音服務以產生聲音。",
		HelpShortcuts:         "快速鍵",
	},
	En: {
		Launcher:              "Accessibility",
		Toolbar:               "Accessibility toolbar",
		LoadFailed:            "The accessibility tools could not load. The page is unaffected. Please try again later.",
		Close:                 "Close",
		Reset:                 "Reset",
		Help:                  "Help",
		Traditional:           "Traditional",
		Simplified:            "Simplified",
		Variant:               "Traditional variant",
		VariantT:              "Standard Traditional",
		VariantTW:             "Taiwan characters",
		VariantTWP:            "Taiwan phrases",
		VariantHK:             "Hong Kong characters",
		ZoomIn:                "Larger text",
		ZoomOut:               "Smaller text",
		ZoomLevel:             "Text size",
		Contrast:              "Colours",
		ContrastOff:           "Original colours",
		ContrastYellowOnBlack: "Yellow on black",
		ContrastWhiteOnBlack:  "White on black",
		ContrastBlackOnWhite:  "Black on white",
		ContrastBlackOnYellow: "Black on yellow",
		ContrastYellowOnBlue:  "Yellow on blue",
		Elder:                 "Senior mode",
		Cursor:                "Large cursor",
		Guide:                 "Reading guide",
		Caption:               "Large captions",
		Spacing:               "Wider spacing",
		Links:                 "Highlight links",
		Read:                  "Read aloud",
		Pause:                 "Pause",
		Stop:                  "Stop",
		Previous:              "Previous sentence",
		Next:                  "Next sentence",
		Speed:                 "Speed",
		ModeContinuous:        "Continuous",
		ModePoint:             "Point to read",
		SaidTraditional:       "Switched to Traditional Chinese",
		SaidSimplified:        "Switched to Simplified Chinese",
		SaidOriginal:          "Original text restored",
		SaidOn:                "on",
		SaidOff:               "off",
		SaidReset:             "Settings reset",
		SaidZoom:              "Text size",
		SaidContrast:          "Colours",
		Unavailable:           "unavailable",
		RoleLink:              "link",
		RoleButton:            "button",
		RoleImage:             "image",
		RoleHeading:           "heading",
		RoleField:             "edit field",
		HelpIntro:             "This toolbar switches between Simplified and Traditional Chinese, enlarges text, changes colours, turns on senior mode and reads the page aloud. Arrow keys move between buttons, Tab leaves the toolbar, Esc closes it.",
		HelpReset:             "Reset undoes every change and restores the page.",
		HelpPrivacy:           "While reading aloud, the text being read is sent to this site's speech service to make the sound.",
		HelpShortcuts:         "Keyboard shortcuts",
	},
}
