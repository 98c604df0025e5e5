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
// attribute: English for what starts with en (en-GB, en_US, as the
// loader takes it, which has drawn the launcher by then), Traditional for
// zh-Hant, zh-TW, zh-HK and zh-MO (a CMS's zh_TW too, as the loader
// reads it), otherwise Simplified.
func Pick(tag string) Lang {
	t := norm(tag)
	switch {
	case strings.HasPrefix(t, "en"):
		return En
	case strings.Contains(t, "hant"), strings.HasPrefix(t, "zh-tw"), strings.HasPrefix(t, "zh-hk"), strings.HasPrefix(t, "zh-mo"):
		return Hant
	}
	return Hans
}

// Known reports whether Pick recognises tag's language, Chinese or
// English; Pick takes anything else for Simplified.
func Known(tag string) bool {
	t := norm(tag)
	return t == "zh" || strings.HasPrefix(t, "zh-") || Pick(t) == En
}

// norm writes a language tag in lower case with hyphens.
func norm(tag string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-")
}

// Key names one string.
type Key int

// The strings. Keep the tables below in this order.
const (
	Launcher Key = iota
	Toolbar
	LoadFailed
	Loading
	LoadingDictionary
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
	OnWithElder
	OnBySite
	ElderMinZoom
	MaxZoom
	MinZoom
	RoleLink
	RoleButton
	RoleImage
	RoleHeading
	RoleField
	HelpIntro
	HelpReset
	HelpPrivacy
	HelpShortcuts
	Resume
	HelpControls
	DescScript
	DescVariant
	DescZoomOut
	DescZoomIn
	DescContrast
	DescElder
	DescCursor
	DescGuide
	DescCaption
	DescSpacing
	DescLinks
	DescRead
	DescStop
	DescPrevious
	DescNext
	DescPoint
	DescSpeed
	DescReset
	DescHelp
	DescClose
	ShortcutsAbout
	ShortcutsBySite
	ShortcutToolbar
	ShortcutContrast
	HintContrast
	SaidReading
	SaidPaused
	SaidStopped
	SaidFinished
	numKeys
)

// Fill returns the string for k in language l with its {} replaced by arg,
// such as the host of the speech service in HelpPrivacy.
func Fill(l Lang, k Key, arg string) string {
	return strings.Replace(T(l, k), "{}", arg, 1)
}

// Follow returns the UI language for a page whose script the widget has
// switched: the UI follows the page into Traditional or Simplified
// Chinese, and back to base with the original text. An English UI stays
// English, since its reader chose English.
func Follow(base Lang, script string) Lang {
	if base == En {
		return En
	}
	switch script {
	case "traditional":
		return Hant
	case "simplified":
		return Hans
	}
	return base
}

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
		LoadFailed:            "无障碍工具加载失败",
		Loading:               "正在加载无障碍工具…",
		LoadingDictionary:     "正在加载简繁转换字库…",
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
		Elder:                 "长者助手",
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
		OnWithElder:           "随长者助手开启",
		OnBySite:              "本网站已开启",
		ElderMinZoom:          "长者助手下文字最小为 {}",
		MaxZoom:               "文字已是最大 {}",
		MinZoom:               "文字已是最小 {}",
		RoleLink:              "链接",
		RoleButton:            "按钮",
		RoleImage:             "图片",
		RoleHeading:           "标题",
		RoleField:             "编辑框",
		HelpIntro:             "本工具栏可切换简繁体、放大文字、更换配色、开启长者助手和朗读页面。方向键在按钮间移动，Tab 键离开工具栏，Esc 键关闭。",
		HelpReset:             "按“恢复默认”可撤销所有更改，页面恢复原样。",
		HelpPrivacy:           "朗读时，所读的页面文字会发送到语音服务 {} 以生成声音；不朗读时不发送任何内容。",
		HelpShortcuts:         "快捷键",
		Resume:                "继续",
		HelpControls:          "各按钮的作用",
		DescScript:            "把整个页面在简体和繁体之间切换，再按一次恢复原文。",
		DescVariant:           "选择繁体的地区用字：通用、台湾或香港。",
		DescZoomOut:           "把页面文字缩小一级。",
		DescZoomIn:            "把页面文字放大一级，最大 300%，版面随之重排。",
		DescContrast:          "选择高对比度配色，如黑底黄字。",
		DescElder:             "长者助手：大字、加大间距、大鼠标、阅读辅助线和大字幕一次开启，这几个按钮随之显示为开启；再按一次长者助手即可关闭。",
		DescCursor:            "把鼠标指针放大。",
		DescGuide:             "显示一条跟随鼠标的横向辅助线，帮助看清当前行。",
		DescCaption:           "在屏幕底部用大字显示鼠标或焦点所在的文字。",
		DescSpacing:           "加大行距、字距和段距。",
		DescLinks:             "给所有链接加下划线和边框。",
		DescRead:              "从头或从焦点处连续朗读正文；朗读时此按钮暂停和继续。",
		DescStop:              "停止朗读。",
		DescPrevious:          "朗读上一句。",
		DescNext:              "朗读下一句。",
		DescPoint:             "指读：朗读鼠标停留或键盘焦点所在的内容；在触摸屏上轻点即读，链接和按钮再点一次才打开。",
		DescSpeed:             "选择朗读语速。",
		DescReset:             "撤销所有更改，页面恢复原样。",
		DescHelp:              "显示或隐藏本说明。",
		DescClose:             "关闭工具栏，设置保持不变。",
		ShortcutsAbout:        "快捷键默认关闭。开启后只使用 Alt+Shift 等组合键，不占用 Tab、Esc 或单个按键；在输入框中打字时不会触发。",
		ShortcutsBySite:       "本网站已开启快捷键。",
		ShortcutToolbar:       "打开或关闭工具栏",
		ShortcutContrast:      "切换到下一种配色",
		HintContrast:          "您的系统设置偏好高对比度，可在“配色”中选择一种高对比度配色。",
		SaidReading:           "开始朗读",
		SaidPaused:            "已暂停",
		SaidStopped:           "已停止朗读",
		SaidFinished:          "朗读完毕",
	},
	Hant: {
		Launcher:              "無障礙",
		Toolbar:               "無障礙工具列",
		LoadFailed:            "無障礙工具載入失敗",
		Loading:               "正在載入無障礙工具…",
		LoadingDictionary:     "正在載入簡繁轉換字庫…",
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
		Elder:                 "長者助手",
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
		OnWithElder:           "隨長者助手開啟",
		OnBySite:              "本網站已開啟",
		ElderMinZoom:          "長者助手下文字最小為 {}",
		MaxZoom:               "文字已是最大 {}",
		MinZoom:               "文字已是最小 {}",
		RoleLink:              "連結",
		RoleButton:            "按鈕",
		RoleImage:             "圖片",
		RoleHeading:           "標題",
		RoleField:             "編輯框",
		HelpIntro:             "本工具列可切換簡繁體、放大文字、更換配色、開啟長者助手和朗讀頁面。方向鍵在按鈕間移動，Tab 鍵離開工具列，Esc 鍵關閉。",
		HelpReset:             "按「恢復預設」可撤銷所有更改，頁面恢復原樣。",
		HelpPrivacy:           "朗讀時，所讀的頁面文字會傳送到語音服務 {} 以產生聲音；不朗讀時不傳送任何內容。",
		HelpShortcuts:         "快速鍵",
		Resume:                "繼續",
		HelpControls:          "各按鈕的作用",
		DescScript:            "把整個頁面在簡體和繁體之間切換，再按一次恢復原文。",
		DescVariant:           "選擇繁體的地區用字：通用、臺灣或香港。",
		DescZoomOut:           "把頁面文字縮小一級。",
		DescZoomIn:            "把頁面文字放大一級，最大 300%，版面隨之重排。",
		DescContrast:          "選擇高對比度配色，如黑底黃字。",
		DescElder:             "長者助手：大字、加大間距、大滑鼠游標、閱讀輔助線和大字幕一次開啟，這幾個按鈕隨之顯示為開啟；再按一次長者助手即可關閉。",
		DescCursor:            "把滑鼠游標放大。",
		DescGuide:             "顯示一條跟隨滑鼠的橫向輔助線，幫助看清目前這一行。",
		DescCaption:           "在螢幕底部用大字顯示滑鼠或焦點所在的文字。",
		DescSpacing:           "加大行距、字距和段距。",
		DescLinks:             "給所有連結加底線和邊框。",
		DescRead:              "從頭或從焦點處連續朗讀正文；朗讀時此按鈕暫停和繼續。",
		DescStop:              "停止朗讀。",
		DescPrevious:          "朗讀上一句。",
		DescNext:              "朗讀下一句。",
		DescPoint:             "指讀：朗讀滑鼠停留或鍵盤焦點所在的內容；在觸控螢幕上輕點即讀，連結和按鈕再點一次才開啟。",
		DescSpeed:             "選擇朗讀語速。",
		DescReset:             "撤銷所有更改，頁面恢復原樣。",
		DescHelp:              "顯示或隱藏本說明。",
		DescClose:             "關閉工具列，設定保持不變。",
		ShortcutsAbout:        "快速鍵預設關閉。開啟後只使用 Alt+Shift 等組合鍵，不佔用 Tab、Esc 或單個按鍵；在輸入框中打字時不會觸發。",
		ShortcutsBySite:       "本網站已開啟快速鍵。",
		ShortcutToolbar:       "開啟或關閉工具列",
		ShortcutContrast:      "切換到下一種配色",
		HintContrast:          "您的系統設定偏好高對比度，可在「配色」中選擇一種高對比度配色。",
		SaidReading:           "開始朗讀",
		SaidPaused:            "已暫停",
		SaidStopped:           "已停止朗讀",
		SaidFinished:          "朗讀完畢",
	},
	En: {
		Launcher:              "Accessibility",
		Toolbar:               "Accessibility toolbar",
		LoadFailed:            "Accessibility tools failed to load",
		Loading:               "Loading the accessibility tools…",
		LoadingDictionary:     "Loading the Chinese conversion dictionary…",
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
		OnWithElder:           "on with Senior mode",
		OnBySite:              "on for this site",
		ElderMinZoom:          "Senior mode keeps text at {} or more",
		MaxZoom:               "text is at its largest, {}",
		MinZoom:               "text is at its smallest, {}",
		RoleLink:              "link",
		RoleButton:            "button",
		RoleImage:             "image",
		RoleHeading:           "heading",
		RoleField:             "edit field",
		HelpIntro:             "This toolbar switches between Simplified and Traditional Chinese, enlarges text, changes colours, turns on senior mode and reads the page aloud. Arrow keys move between buttons, Tab leaves the toolbar, Esc closes it.",
		HelpReset:             "Reset undoes every change and restores the page.",
		HelpPrivacy:           "While reading aloud, the page text being read is sent to the speech service at {} to make the sound; nothing is sent otherwise.",
		HelpShortcuts:         "Keyboard shortcuts",
		Resume:                "Resume",
		HelpControls:          "What each button does",
		DescScript:            "Switches the whole page between Simplified and Traditional Chinese; press again for the original text.",
		DescVariant:           "Chooses the regional Traditional characters: standard, Taiwan or Hong Kong.",
		DescZoomOut:           "Makes the page's text one step smaller.",
		DescZoomIn:            "Makes the page's text one step larger, up to 300%; the layout reflows.",
		DescContrast:          "Chooses a high-contrast colour scheme, such as yellow on black.",
		DescElder:             "Senior mode: large text, wider spacing, a large cursor, the reading guide and large captions, all at once; those buttons show as on with it. Press Senior mode again to turn it off.",
		DescCursor:            "Enlarges the mouse pointer.",
		DescGuide:             "Shows a horizontal band that follows the mouse, to keep your place in a line.",
		DescCaption:           "Shows the text under the mouse or the focus in large type at the bottom of the screen.",
		DescSpacing:           "Widens the spacing of lines, letters and paragraphs.",
		DescLinks:             "Underlines and outlines every link.",
		DescRead:              "Reads the main text aloud from the start or from the focus; while reading, this button pauses and resumes.",
		DescStop:              "Stops reading.",
		DescPrevious:          "Reads the previous sentence.",
		DescNext:              "Reads the next sentence.",
		DescPoint:             "Point to read: reads what the mouse rests on or the keyboard focus is on; on a touch screen, a tap reads, and a second tap opens a link or button.",
		DescSpeed:             "Chooses the reading speed.",
		DescReset:             "Undoes every change and restores the page.",
		DescHelp:              "Shows or hides this help.",
		DescClose:             "Closes the toolbar; your settings stay.",
		ShortcutsAbout:        "Shortcuts are off by default. When on, they use only combinations such as Alt+Shift plus a key, never Tab, Esc or a single key, and never while you type in a field.",
		ShortcutsBySite:       "This site has turned shortcuts on.",
		ShortcutToolbar:       "Open or close the toolbar",
		ShortcutContrast:      "Next colour scheme",
		HintContrast:          "Your system prefers more contrast: choose a high-contrast scheme under Colours.",
		SaidReading:           "Reading",
		SaidPaused:            "Paused",
		SaidStopped:           "Reading stopped",
		SaidFinished:          "Reading finished",
	},
}
