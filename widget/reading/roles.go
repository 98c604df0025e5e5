package reading

import (
	"strings"
	"unicode/utf8"
)

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
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = len(b) > 0
		case isDropped(r):
		default:
			if space {
				b = append(b, ' ')
				space = false
			}
			b = utf8.AppendRune(b, r)
		}
	}
	if space {
		b = append(b, ' ')
	}
	return string(b)
}

// Utterance is what point-to-read says for one element: its role word and
// name ("链接：政务公开", "按钮：提交申请", "图片：国徽", "编辑框：姓名"), the name alone
// when the role has no word (plain text: role ""), or the word alone when
// the element has no name. An image with no alt text is decorative and gives
// "". White space is collapsed as in [Build].
func Utterance(role, name string, roles Roles) string {
	role, state, _ := strings.Cut(role, "/")
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
	case name == "":
		name = w
	default:
		name = w + collapse(roles.Sep) + name
	}
	if st := roles.state(state); st != "" && name != "" {
		name += roles.pause() + st
	}
	return name
}

// Headed puts a table cell's headers before what is said of it
// ("单位：亿元"): numbers heard one by one say nothing without them. Empty
// headers, or nothing to say, leave text as it is.
func Headed(head, text string, roles Roles) string {
	if text == "" {
		return text
	}
	return roles.headed(head) + text
}

// headed is what goes before a cell of headers head: the headers and Sep,
// or "" when they say nothing.
func (r Roles) headed(head string) string {
	head = strings.TrimSpace(collapse(head))
	if !speakable(head) {
		return ""
	}
	return head + collapse(r.Sep)
}

// state is the word for a control's state ("checked", "expanded"…), or "".
func (r Roles) state(s string) string {
	switch s {
	case "checked", "unchecked", "mixed", "expanded", "collapsed", "pressed":
		return strings.TrimSpace(collapse(r.Words[s]))
	}
	return ""
}

// pause sets a control's state or value apart from its name, and one
// control from the next: "，" in Chinese, ", " in English.
func (r Roles) pause() string {
	switch {
	case strings.HasPrefix(r.Sep, "："):
		return "，"
	case r.Sep != "":
		return ", "
	}
	return "" // no role words: nothing is inserted
}

// DefaultRoles returns built-in role words for lang: Traditional Chinese
// for zh-TW, zh-HK, zh-MO and zh-Hant*, Simplified Chinese for other zh
// tags, English otherwise.
func DefaultRoles(lang string) Roles {
	l := asciiLower(lang)
	switch {
	case l == "zh-tw" || l == "zh-hk" || l == "zh-mo" || strings.HasPrefix(l, "zh-hant"):
		return Roles{Sep: "：", Words: unpack(rolesHant)}
	case l == "zh" || strings.HasPrefix(l, "zh-"):
		return Roles{Sep: "：", Words: unpack(rolesHans)}
	}
	return Roles{Sep: ": ", Words: unpack(rolesEn)}
}

// The tables are packed strings rather than map literals: a map literal
// compiles to about 4 KB of WebAssembly code per table.
const (
	roleNames = "link|button|img|heading|textbox|searchbox|checkbox|radio|combobox|listbox|option|slider|spinbutton|switch|tab|menuitem|checked|unchecked|mixed|expanded|collapsed|pressed"
	rolesHans = "链接|按钮|图片|标题|编辑框|搜索框|复选框|单选按钮|下拉列表|列表框|选项|滑块|数值框|开关|选项卡|菜单项|已选中|未选中|部分选中|已展开|已折叠|已按下"
	rolesHant = "連結|按鈕|圖片|標題|編輯框|搜尋框|核取方塊|選項按鈕|下拉選單|清單|選項|滑桿|數值框|開關|索引標籤|選單項目|已選取|未選取|部分選取|已展開|已摺疊|已按下"
	rolesEn   = "link|button|image|heading|edit text|search|checkbox|radio button|combo box|list box|option|slider|spin button|switch|tab|menu item|checked|not checked|partly checked|expanded|collapsed|pressed"
)

func unpack(words string) map[string]string {
	m := make(map[string]string, 22)
	names := roleNames
	for names != "" && words != "" {
		var n, w string
		n, names, _ = strings.Cut(names, "|")
		w, words, _ = strings.Cut(words, "|")
		m[n] = w
	}
	return m
}

// asciiLower lower-cases ASCII letters only; strings.ToLower would bring in
// the Unicode case tables.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
