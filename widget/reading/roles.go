package reading

import "strings"

// Roles is the table of role words spoken before an element's name, in the
// reader's language. The caller supplies it (from its UI strings, or
// [DefaultRoles]).
type Roles struct {
	// Words maps an ARIA role ("link", "button", "img", "heading",
	// "textbox", "checkbox"…) to its word ("链接", "按钮"…). A role with no
	// word is read by its name alone.
	Words map[string]string
	// Sep goes between the word and the name: "：" in Chinese, ": " in English.
	Sep string
}

// prefix is the role word and separator written before a link's or
// heading's content, cleaned so that the flat text keeps its form.
func (r Roles) prefix(role string) string {
	w := r.Words[role]
	if !speakable(w) {
		return ""
	}
	return collapse(w + r.Sep)
}

// collapse drops invisible characters and collapses white space to single
// spaces, keeping a trailing one (English "link: ").
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = b.Len() > 0
		case isDropped(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// Utterance is what point-to-read says for one element: its role word and
// name ("链接：政务公开", "按钮：提交申请", "图片：国徽", "编辑框：姓名"), the name alone
// when the role has no word (plain text: role ""), or the word alone when
// the element has no name. An image with no alt text is decorative and gives
// "". White space is collapsed as in [Build].
func Utterance(role, name string, roles Roles) string {
	name = strings.TrimSpace(collapse(name))
	if !speakable(name) {
		if role == "img" || role == "" {
			return ""
		}
		name = ""
	}
	w := strings.TrimSpace(collapse(roles.Words[role]))
	switch {
	case w == "":
		return name
	case name == "":
		return w
	}
	return w + collapse(roles.Sep) + name
}

// DefaultRoles returns built-in role words for lang: Traditional Chinese
// for zh-TW, zh-HK, zh-MO and zh-Hant*, Simplified Chinese for other zh
// tags, English otherwise.
func DefaultRoles(lang string) Roles {
	l := strings.ToLower(lang)
	switch {
	case l == "zh-tw" || l == "zh-hk" || l == "zh-mo" || strings.HasPrefix(l, "zh-hant"):
		return Roles{Sep: "：", Words: map[string]string{
			"link": "連結", "button": "按鈕", "img": "圖片", "heading": "標題",
			"textbox": "編輯框", "searchbox": "搜尋框", "checkbox": "核取方塊", "radio": "選項按鈕",
			"combobox": "下拉選單", "listbox": "清單", "option": "選項", "slider": "滑桿",
			"spinbutton": "數值框", "switch": "開關", "tab": "索引標籤", "menuitem": "選單項目",
		}}
	case l == "zh" || strings.HasPrefix(l, "zh-"):
		return Roles{Sep: "：", Words: map[string]string{
			"link": "链接", "button": "按钮", "img": "图片", "heading": "标题",
			"textbox": "编辑框", "searchbox": "搜索框", "checkbox": "复选框", "radio": "单选按钮",
			"combobox": "下拉列表", "listbox": "列表框", "option": "选项", "slider": "滑块",
			"spinbutton": "数值框", "switch": "开关", "tab": "选项卡", "menuitem": "菜单项",
		}}
	}
	return Roles{Sep: ": ", Words: map[string]string{
		"link": "link", "button": "button", "img": "image", "heading": "heading",
		"textbox": "edit text", "searchbox": "search", "checkbox": "checkbox", "radio": "radio button",
		"combobox": "combo box", "listbox": "list box", "option": "option", "slider": "slider",
		"spinbutton": "spin button", "switch": "switch", "tab": "tab", "menuitem": "menu item",
	}}
}
