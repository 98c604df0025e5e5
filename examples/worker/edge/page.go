package edge

import (
	"bytes"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	phtml "github.com/tdewolff/parse/v2/html"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/script"
)

// A rewriter edits one HTML page in a single pass over its tokens: it
// inserts the script tag and, for /_zh-hant/ pages, converts the text the
// widget's in-page switch converts (widget/web/runtime/text.js), updates
// lang and keeps links under HantPrefix. Everything it does not change is
// copied byte for byte.
type rewriter struct {
	tag string // inserted before </head>, else </body>, else at the end; "" for none

	hant       bool
	conv       *convert.Converter // nil: no conversion
	langTo     string
	from       string // the page's escaped path on the origin: the base of its links
	originHost string // as hostOf gives it
	// edgeHost is the host the page is served on, as hostOf gives it:
	// the site's public name, which its pages may write in full links.
	edgeHost string
	// detect says, from the page's lang and a sample of its text, whether
	// it needs converting (it is not already Traditional).
	detect func(lang, sample string) bool

	src      []byte
	edits    []edit // applied in order of start once the walk is done
	injected bool
	// run holds the text tokens since the last element that parts text
	// (see phrasing): flushRun converts them, as one text where the
	// conversion is aligned, as the widget converts a run of text nodes.
	run []textTok

	stack  []elem
	skipN  int // open elements that the widget skips
	ySkipN int // open [data-yiyue-skip] elements
	// An option without a value submits its text, which stays as it is;
	// it is shown converted through a label attribute (text.js does the
	// same). optText collects the text of the open one.
	bareN     int
	optText   strings.Builder
	inBody    bool
	titleSeen bool
	metaSeen  bool
	baseSeen  bool
}

// An edit replaces src[start:end] with s.
type edit struct {
	start, end int
	s          string
}

// A textTok is a text token of a run: its place and its text, decoded
// unless raw.
type textTok struct {
	start, end int
	text       string
	raw        bool
}

type elem struct {
	name                 string
	skip, yskip, foreign bool
	lang                 int8 // its lang: 0 none, 1 another language, 2 Chinese
	docTitle             bool
	bare                 bool // an option without a value
	labelAt              int  // where its label goes (before '>'); -1 if it has one
}

type attr struct {
	name   string
	vs, ve int // the value's raw bytes (with quotes) in src; -1 for none
	val    string
	dup    bool // a repeated name, which browsers ignore
}

// Elements and attributes as the widget selects them (text.js).
var (
	skipTags  = map[string]bool{"script": true, "style": true, "noscript": true, "textarea": true, "code": true, "kbd": true, "samp": true, "template": true}
	textAttrs = map[string]bool{"title": true, "alt": true, "placeholder": true, "aria-label": true, "aria-description": true, "aria-roledescription": true, "aria-valuetext": true, "aria-placeholder": true, "abbr": true, "label": true}
	voidTags  = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true, "param": true, "keygen": true, "frame": true}
	headTags  = map[string]bool{"html": true, "head": true, "title": true, "meta": true, "link": true, "style": true, "script": true, "noscript": true, "base": true, "template": true}
	// closesP lists start tags that close an open <p>.
	closesP   = map[string]bool{"address": true, "article": true, "aside": true, "blockquote": true, "center": true, "details": true, "dialog": true, "dir": true, "div": true, "dl": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true, "main": true, "menu": true, "nav": true, "ol": true, "p": true, "pre": true, "listing": true, "section": true, "summary": true, "table": true, "ul": true, "li": true, "dd": true, "dt": true, "plaintext": true, "xmp": true}
	scopeTags = map[string]bool{"html": true, "table": true, "td": true, "th": true, "caption": true, "marquee": true, "object": true, "applet": true, "template": true, "button": true, "svg": true, "math": true}
	// breakoutTags are the HTML start tags that end foreign content
	// (breaksOut).
	breakoutTags = map[string]bool{"b": true, "big": true, "blockquote": true, "body": true, "br": true, "center": true, "code": true, "dd": true, "div": true, "dl": true, "dt": true, "em": true, "embed": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "head": true, "hr": true, "i": true, "img": true, "li": true, "listing": true, "menu": true, "meta": true, "nobr": true, "ol": true, "p": true, "pre": true, "ruby": true, "s": true, "small": true, "span": true, "strong": true, "strike": true, "sub": true, "sup": true, "table": true, "tt": true, "u": true, "ul": true, "var": true}
	// phrasing lists the elements that text runs on through (text.js's
	// PHRASING): the text on both sides of any other element's tags, or a
	// skipped element's, is apart.
	phrasing = map[string]bool{"a": true, "abbr": true, "acronym": true, "b": true, "bdi": true, "bdo": true, "big": true, "cite": true, "data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "label": true, "mark": true, "nobr": true, "q": true, "s": true, "small": true, "span": true, "strike": true, "strong": true, "sub": true, "sup": true, "time": true, "tt": true, "u": true, "var": true, "wbr": true}
)

// rewrite returns the edited page.
func (rw *rewriter) rewrite(src []byte) []byte {
	rw.src = src
	lang, sample, hasLoader := rw.survey(src)
	if hasLoader {
		rw.tag = "" // the page loads yiyue itself
	}
	if rw.hant && rw.detect != nil && !rw.detect(lang, sample) {
		rw.conv = nil // already Traditional: only relink
	}
	if rw.conv == nil {
		rw.langTo = ""
	}
	rw.walk(src, 0, false)
	rw.flushRun()
	if !rw.injected && rw.tag != "" {
		rw.replace(len(src), len(src), rw.tag)
	}
	// A run's text is written once it ends, after edits to the tags
	// inside it: the edits are put in order here.
	slices.SortStableFunc(rw.edits, func(a, b edit) int { return a.start - b.start })
	out := make([]byte, 0, len(src)+len(src)/8+len(rw.tag))
	last := 0
	for _, e := range rw.edits {
		out = append(out, src[last:e.start]...)
		out = append(out, e.s...)
		last = e.end
	}
	return append(out, src[last:]...)
}

func (rw *rewriter) replace(start, end int, s string) {
	rw.edits = append(rw.edits, edit{start, end, s})
}

// lexer lexes a copy of b: the lexer lower-cases tag names in place.
func lexer(b []byte) (*phtml.Lexer, *parse.Input) {
	cp := make([]byte, len(b), len(b)+1)
	copy(cp, b)
	in := parse.NewInputBytes(cp)
	return phtml.NewLexer(in), in
}

// survey reads the page's lang, a sample of its text (for telling its
// script when it has no lang) and whether it already loads yiyue.
func (rw *rewriter) survey(src []byte) (lang, sample string, hasLoader bool) {
	wantLoader := rw.tag != "" && bytes.Contains(src, []byte("yiyue"))
	if !wantLoader && !rw.hant {
		return "", "", false
	}
	l, _ := lexer(src)
	var tag string
	var sb strings.Builder
	n := 0
	raw := false
	for {
		tt, data := l.Next()
		switch tt {
		case phtml.ErrorToken:
			return lang, sb.String(), hasLoader
		case phtml.StartTagToken:
			tag = string(l.Text())
			raw = tag == "script" || tag == "style" || tag == "title" || tag == "textarea"
		case phtml.AttributeToken:
			k := string(l.Text())
			if tag == "html" && k == "lang" && lang == "" {
				lang = attrValue(l.AttrVal())
			}
			if wantLoader && tag == "script" && k == "src" {
				v := attrValue(l.AttrVal())
				if u, err := url.Parse(strings.TrimSpace(v)); err == nil && (u.Path == "yiyue.js" || strings.HasSuffix(u.Path, "/yiyue.js")) {
					hasLoader = true
				}
			}
		case phtml.EndTagToken:
			raw = false
		case phtml.TextToken:
			if !raw && rw.hant && n < 4000 {
				s := string(data)
				n += utf8.RuneCountInString(s)
				sb.WriteString(s)
			}
			raw = false
		}
	}
}

// walk rewrites the markup seg, which starts at offset base of the page.
// foreign is set inside <svg> and <math>.
func (rw *rewriter) walk(seg []byte, base int, foreign bool) {
	l, in := lexer(seg)
	prev := 0
	var name string
	var attrs []attr
	for {
		tt, data := l.Next()
		start, end := prev, in.Offset()
		prev = end
		switch tt {
		case phtml.ErrorToken:
			return
		case phtml.StartTagToken:
			name, attrs = string(l.Text()), attrs[:0]
		case phtml.AttributeToken:
			a := attr{name: strings.ToLower(string(l.Text())), vs: -1, ve: -1}
			for _, b := range attrs {
				if b.name == a.name {
					a.dup = true
				}
			}
			if v := l.AttrVal(); len(v) > 0 {
				a.ve = base + end
				a.vs = a.ve - len(v)
				a.val = attrValue(v)
			}
			attrs = append(attrs, a)
		case phtml.StartTagCloseToken, phtml.StartTagVoidToken:
			// The insertion point for attributes: before "/>" or ">".
			at := base + end - 1
			if tt == phtml.StartTagVoidToken {
				at--
			}
			rw.element(name, attrs, tt == phtml.StartTagVoidToken, foreign, at)
		case phtml.EndTagToken:
			rw.endTag(string(l.Text()), base+start, foreign)
		case phtml.TextToken:
			rw.text(data, base+start, base+end)
		case phtml.SVGToken, phtml.MathToken:
			// The lexer takes foreign content whole; lex it again as
			// markup, its root renamed (same length) so that it is an
			// ordinary start tag this time.
			inner := append([]byte(nil), data...)
			inner[1] = 'x'
			rw.walk(inner, base+start, true)
		}
	}
}

func (rw *rewriter) top() elem {
	if len(rw.stack) == 0 {
		return elem{}
	}
	return rw.stack[len(rw.stack)-1]
}

func (rw *rewriter) push(e elem) {
	rw.stack = append(rw.stack, e)
	if e.bare {
		rw.bareN++
	}
	if e.skip {
		rw.skipN++
	}
	if e.yskip {
		rw.ySkipN++
	}
}

// popTo closes the innermost open element named name, and everything
// opened inside it; stop names elements that bound the search.
func (rw *rewriter) popTo(name string, stop map[string]bool) bool {
	for i := len(rw.stack) - 1; i >= 0; i-- {
		n := rw.stack[i].name
		if n == name {
			for j := len(rw.stack) - 1; j >= i; j-- {
				if rw.stack[j].bare {
					rw.bareN--
					rw.label(rw.stack[j])
				}
				if rw.stack[j].skip {
					rw.skipN--
				}
				if rw.stack[j].yskip {
					rw.ySkipN--
				}
			}
			rw.stack = rw.stack[:i]
			return true
		}
		if stop[n] {
			return false
		}
	}
	return false
}

var (
	listScope  = map[string]bool{"ul": true, "ol": true, "menu": true, "html": true, "table": true, "td": true, "th": true, "template": true, "button": true}
	dlScope    = map[string]bool{"dl": true, "html": true, "table": true, "td": true, "th": true, "template": true}
	rowScope   = map[string]bool{"table": true, "tbody": true, "thead": true, "tfoot": true, "html": true, "template": true}
	cellScope  = map[string]bool{"tr": true, "table": true, "html": true, "template": true}
	tableScope = map[string]bool{"table": true, "html": true, "template": true}
)

// implied closes the elements that a start tag name ends without an end
// tag (<p>, <li>, <td>…), as an HTML parser does, so that a skipped
// element's extent is right.
func (rw *rewriter) implied(name string) {
	if closesP[name] {
		rw.popTo("p", scopeTags)
	}
	switch name {
	case "li":
		rw.popTo("li", listScope)
	case "dt", "dd":
		if !rw.popTo("dt", dlScope) {
			rw.popTo("dd", dlScope)
		}
	case "option", "optgroup":
		if rw.top().name == "option" {
			rw.popTo("option", nil)
		}
		if name == "optgroup" && rw.top().name == "optgroup" {
			rw.popTo("optgroup", nil)
		}
	case "tr":
		rw.popTo("tr", rowScope)
	case "td", "th":
		if !rw.popTo("td", cellScope) {
			rw.popTo("th", cellScope)
		}
	case "tbody", "thead", "tfoot":
		for _, t := range []string{"tbody", "thead", "tfoot"} {
			rw.popTo(t, tableScope)
		}
	}
}

func find(attrs []attr, name string) (attr, bool) {
	for _, a := range attrs {
		if a.name == name && !a.dup {
			return a, true
		}
	}
	return attr{}, false
}

// skipped says whether the widget skips an element (text.js's SKIP), and
// whether only as where the reader types (its TYPED: a textarea, an
// editor), whose own attributes it converts all the same.
func skipped(name string, attrs []attr) (skip, yskip, typed bool) {
	_, yskip = find(attrs, "data-yiyue-skip")
	own := yskip
	if a, ok := find(attrs, "translate"); ok && a.val == "no" {
		own = true
	}
	if a, ok := find(attrs, "class"); ok {
		for _, c := range strings.Fields(a.val) {
			if c == "notranslate" {
				own = true
			}
		}
	}
	a, ok := find(attrs, "contenteditable")
	editable := ok && a.val != "false"
	typed = (name == "textarea" || editable) && !own
	skip = skipTags[name] || editable || own
	return skip, yskip, typed
}

// langMark says what an element's lang marks its text as (elem.lang):
// text in another language stays as written (text.js's FOREIGN), but for
// Chinese that a nearer lang marks in it (foreignNow). Not for <html>,
// whose lang templates get wrong.
func langMark(name string, attrs []attr) int8 {
	a, ok := find(attrs, "lang")
	switch {
	case !ok || name == "html":
		return 0
	case foreignLang(a.val):
		return 1
	}
	return 2
}

// foreignNow says whether the open element's text is in another language:
// the nearest lang, as HTML reads it, names one.
func (rw *rewriter) foreignNow() bool {
	for i := len(rw.stack) - 1; i >= 0; i-- {
		if l := rw.stack[i].lang; l != 0 {
			return l == 1
		}
	}
	return false
}

// foreignLang says whether lang value v names a language other than
// Chinese: not empty, and its first subtag none of Chinese's (zh and
// those of its languages, und).
func foreignLang(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" || strings.HasPrefix(v, "zh_") {
		return false
	}
	first, _, _ := strings.Cut(v, "-")
	switch first {
	case "zh", "cmn", "yue", "wuu", "hak", "nan", "gan", "hsn", "lzh", "cdo", "und":
		return false
	}
	return true
}

func (rw *rewriter) element(name string, attrs []attr, selfClosing, foreign bool, at int) {
	if foreign {
		// The root of foreign content, renamed by walk.
		switch name {
		case "xvg":
			name = "svg"
		case "xath":
			name = "math"
		}
	}
	if !foreign {
		rw.implied(name)
	}
	switch {
	case name == "body":
		rw.inBody = true
	case !rw.inBody && !foreign && !headTags[name]:
		rw.inBody = true
	}
	// The widget converts attributes of the descendants of <body>.
	inBody := rw.inBody && name != "body" && name != "html" && name != "head"
	skip, yskip, typed := skipped(name, attrs)
	lang := langMark(name, attrs)
	alien := lang == 1 || lang == 0 && rw.foreignNow()
	inSkip := rw.skipN > 0 || skip || alien
	// A textarea's or an editor's own labels are converted (not in
	// anything else skipped).
	ownAttrs := !inSkip || typed && rw.skipN == 0 && !alien
	if skip || lang == 1 || !phrasing[name] || foreign && rw.breaksOut(name, attrs) {
		rw.flushRun()
	}
	// A button's value is shown, but a named submit button's is sent.
	var button bool
	if t, ok := find(attrs, "type"); ok && name == "input" {
		switch strings.ToLower(t.val) {
		case "button", "reset":
			button = true
		case "submit":
			_, named := find(attrs, "name")
			button = !named
		}
	}
	metaDesc := false
	refresh, canonical := false, false
	switch name {
	case "meta":
		a, ok := find(attrs, "http-equiv")
		refresh = ok && strings.EqualFold(strings.TrimSpace(a.val), "refresh")
	case "link":
		if a, ok := find(attrs, "rel"); ok {
			for _, r := range strings.Fields(a.val) {
				canonical = canonical || strings.EqualFold(r, "canonical")
			}
		}
	}
	if name == "meta" && !rw.metaSeen {
		_, hasContent := find(attrs, "content")
		if n, ok := find(attrs, "name"); ok && n.val == "description" && hasContent {
			rw.metaSeen, metaDesc = true, true
		}
	}
	for _, a := range attrs {
		if a.dup || a.vs < 0 {
			continue
		}
		switch {
		case a.name == "lang":
			if rw.langTo != "" && rw.ySkipN == 0 && !yskip {
				if s, zh := script.Lang(a.val); zh && s != script.Traditional {
					rw.setAttr(a, rw.langTo)
				}
			}
		case textAttrs[a.name] && inBody && ownAttrs,
			a.name == "value" && button && inBody && !inSkip,
			a.name == "content" && metaDesc:
			if rw.conv != nil {
				if v := rw.conv.Convert(a.val); v != a.val {
					rw.setAttr(a, v)
				}
			}
		case rw.hant && !foreign && (a.name == "href" && (name == "a" || name == "area" || canonical) || a.name == "action" && name == "form" ||
			a.name == "src" && (name == "iframe" || name == "frame") || a.name == "formaction" && (name == "button" || name == "input")):
			// A canonical URL names the page itself: the origin's would
			// have search engines take this page for a copy of it. A page
			// in a frame is one the reader reads, and a button may send
			// its form elsewhere than the form's action.
			if v, ok := rw.relink(a.val); ok {
				rw.setAttr(a, v)
			}
		case rw.hant && !foreign && a.name == "content" && refresh:
			// A refresh that sends the reader to another page of the
			// site (a home page that forwards to its first column) keeps
			// them under HantPrefix, as a link does.
			if i, j, ok := refreshURL(a.val); ok {
				if v, ok := rw.relink(a.val[i:j]); ok {
					rw.setAttr(a, a.val[:i]+v+a.val[j:])
				}
			}
		case rw.hant && !foreign && a.name == "href" && name == "base" && !rw.baseSeen:
			rw.baseSeen = true
			if v, ok := rw.rebase(a.val); ok {
				rw.setAttr(a, v)
			}
		}
	}
	if name == "title" && !foreign && !rw.titleSeen {
		rw.titleSeen = true
		rw.push(elem{name: name, skip: skip, yskip: yskip, lang: lang, docTitle: true})
		return
	}
	if foreign && selfClosing || !foreign && voidTags[name] {
		return
	}
	e := elem{name: name, skip: skip, yskip: yskip, lang: lang, foreign: foreign}
	if _, valued := find(attrs, "value"); name == "option" && !foreign && !valued {
		e.bare, e.labelAt = true, at
		if _, ok := find(attrs, "label"); ok {
			e.labelAt = -1
		}
	}
	rw.push(e)
}

// breaksOut says whether an HTML start tag in SVG or MathML ends the
// foreign content there, as a browser parses it (a <span> in an SVG
// <text> lands after the <svg>): outside an HTML integration point
// (<foreignObject>, <desc>, <title>, MathML's text elements), these tags
// do. The text before it and the text after are then in different
// elements.
func (rw *rewriter) breaksOut(name string, attrs []attr) bool {
	for i := len(rw.stack) - 1; i >= 0 && rw.stack[i].foreign; i-- {
		switch rw.stack[i].name {
		case "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml":
			return false
		}
	}
	if name == "font" {
		for _, k := range []string{"color", "face", "size"} {
			if _, ok := find(attrs, k); ok {
				return true
			}
		}
		return false
	}
	return breakoutTags[name]
}

// label shows the closed bare option e converted, through a label
// attribute, from its text as option.text gives it (stripped, and white
// space collapsed).
func (rw *rewriter) label(e elem) {
	s := strings.Join(strings.FieldsFunc(rw.optText.String(), isASCIISpace), " ")
	rw.optText.Reset()
	if rw.conv == nil || e.labelAt < 0 {
		return
	}
	if v := rw.conv.Convert(s); v != s {
		rw.replace(e.labelAt, e.labelAt, ` label="`+escapeAttr(v)+`"`)
	}
}

func (rw *rewriter) setAttr(a attr, v string) {
	rw.replace(a.vs, a.ve, `"`+escapeAttr(v)+`"`)
}

func (rw *rewriter) endTag(name string, at int, foreign bool) {
	if !rw.injected && rw.tag != "" && !foreign && (name == "head" || name == "body") {
		rw.replace(at, at, rw.tag)
		rw.injected = true
	}
	if !phrasing[name] {
		rw.flushRun()
	}
	rw.popTo(name, nil)
}

// text converts one text token, as the widget converts one text node.
func (rw *rewriter) text(data []byte, start, end int) {
	t := rw.top()
	if t.docTitle {
		rw.title(data, start, end)
		return
	}
	if rw.skipN > 0 {
		return
	}
	if rw.foreignNow() {
		// Text in another language parts the Chinese around it.
		rw.flushRun()
		return
	}
	if !rw.inBody {
		if len(bytes.TrimSpace(data)) == 0 {
			return
		}
		rw.inBody = true // text outside <head>'s elements starts the body
	}
	if rw.conv == nil {
		return
	}
	// <![CDATA[…]]> holds text as written in SVG and MathML; in HTML it is
	// a comment.
	cdata := false
	if in, ok := bytes.CutPrefix(data, []byte("<![CDATA[")); ok {
		if !t.foreign {
			return
		}
		data, _ = bytes.CutSuffix(in, []byte("]]>"))
		start += len("<![CDATA[")
		end, cdata = start+len(data), true
	}
	// Raw text (no character references) in these; elsewhere the DOM's
	// text is the decoded token.
	raw := cdata || !t.foreign && (t.name == "xmp" || t.name == "iframe" || t.name == "plaintext" || t.name == "noembed" || t.name == "noframes")
	if rw.bareN > 0 {
		if !raw && bytes.IndexByte(data, '&') >= 0 {
			rw.optText.WriteString(html.UnescapeString(string(data)))
		} else {
			rw.optText.Write(data)
		}
		return
	}
	tok := textTok{start, end, string(data), raw}
	if !raw && bytes.IndexByte(data, '&') >= 0 {
		tok.text = html.UnescapeString(tok.text)
	}
	// The parser drops U+0000 from the body's text: it parts no word.
	if !raw {
		tok.text = strings.ReplaceAll(tok.text, "\x00", "")
	}
	rw.run = append(rw.run, tok)
}

// flushRun converts the run of text tokens. An aligned conversion
// converts it as one text and cuts the result at the tokens' lengths in
// runes, which it keeps; any other (or one that should not keep them)
// converts each token alone, as the widget does.
func (rw *rewriter) flushRun() {
	run := rw.run
	rw.run = rw.run[:0]
	var v string
	whole := false
	if len(run) > 1 && rw.conv.Aligned() {
		var all strings.Builder
		for _, t := range run {
			all.WriteString(t.text)
		}
		v = rw.conv.Convert(all.String())
		whole = utf8.RuneCountInString(v) == utf8.RuneCountInString(all.String())
	}
	for _, t := range run {
		var p string
		if whole {
			at := 0
			for n := utf8.RuneCountInString(t.text); n > 0; n-- {
				_, w := utf8.DecodeRuneInString(v[at:])
				at += w
			}
			p, v = v[:at], v[at:]
		} else {
			p = rw.conv.Convert(t.text)
		}
		if p == t.text {
			continue
		}
		if !t.raw {
			p = escapeText(p)
		}
		rw.replace(t.start, t.end, p)
	}
}

// title converts the document's title as the widget does through
// document.title, whose value has its white space collapsed.
func (rw *rewriter) title(data []byte, start, end int) {
	if rw.conv == nil {
		return
	}
	cur := strings.Join(strings.FieldsFunc(html.UnescapeString(string(data)), isASCIISpace), " ")
	if v := rw.conv.Convert(cur); v != cur {
		rw.replace(start, end, escapeText(v))
	}
}

func isASCIISpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// relink keeps a link on the origin under HantPrefix. Links that resolve
// there already are left as written.
func (rw *rewriter) relink(v string) (string, bool) {
	t := strings.Trim(v, " \t\n\f\r")
	if t == "" || t[0] == '#' {
		return "", false
	}
	u, err := url.Parse(t)
	if err != nil || u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return "", false
	}
	if u.Scheme != "" || u.Host != "" {
		if !rw.onSite(u) || u.User != nil {
			return "", false
		}
	} else if rw.resolvesUnderPrefix(u) {
		return "", false
	}
	p := hantPath(u, rw.from)
	// The query and the fragment as written, as the path: the browser
	// encodes them.
	if i := strings.IndexAny(t, "?#"); i >= 0 {
		p += t[i:]
	}
	return p, true
}

// onSite says whether an absolute URL names the site: the origin, or the
// host the page is served on.
func (rw *rewriter) onSite(u *url.URL) bool {
	h := hostOf(u)
	return h == rw.originHost || rw.edgeHost != "" && h == rw.edgeHost
}

// resolvesUnderPrefix says whether a relative reference, resolved against
// the /_zh-hant/ page, lands on the /_zh-hant/ form of its target.
func (rw *rewriter) resolvesUnderPrefix(u *url.URL) bool {
	here := HantPrefix + strings.TrimPrefix(rw.from, "/")
	return resolvePath(here, refPath(u)) == hantPath(u, rw.from)
}

// refreshURL finds the URL in the content of a <meta http-equiv=refresh>
// ("5; url='/next.html'"), read as browsers read it: at c[i:j], if ok.
func refreshURL(c string) (i, j int, ok bool) {
	p := 0
	skipSpace := func() {
		for p < len(c) && isASCIISpace(rune(c[p])) {
			p++
		}
	}
	skipSpace()
	start := p
	for p < len(c) && (c[p] >= '0' && c[p] <= '9' || c[p] == '.') {
		p++
	}
	if p == start {
		return 0, 0, false
	}
	skipSpace()
	if p < len(c) && (c[p] == ';' || c[p] == ',') {
		p++
	}
	skipSpace()
	if p+3 <= len(c) && strings.EqualFold(c[p:p+3], "url") {
		q := p + 3
		for q < len(c) && isASCIISpace(rune(c[q])) {
			q++
		}
		if q < len(c) && c[q] == '=' {
			p = q + 1
			skipSpace()
		}
	}
	end := len(c)
	if p < len(c) && (c[p] == '\'' || c[p] == '"') {
		if k := strings.IndexByte(c[p+1:], c[p]); k >= 0 {
			end = p + 1 + k
		}
		p++
	}
	if p >= end {
		return 0, 0, false
	}
	return p, end, true
}

// rebase moves a <base href> on the origin under HantPrefix; links are
// resolved against it from then on.
func (rw *rewriter) rebase(v string) (string, bool) {
	p, ok := rw.relink(v)
	t := strings.Trim(v, " \t\n\f\r")
	if u, err := url.Parse(t); err == nil && (u.Host == "" || rw.onSite(u)) && (u.Scheme == "" || u.Scheme == "http" || u.Scheme == "https") {
		rw.from = resolvePath(rw.from, refPath(u))
	}
	return p, ok
}

// attrValue returns an attribute's value: unquoted, with character
// references decoded. A reference without its semicolon stays as written
// (browsers leave "&copy=1" in a URL alone).
func attrValue(raw []byte) string {
	s := string(raw)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := 1
		for j < len(s) && j < 40 && (isAlnum(s[j]) || j == 1 && s[j] == '#') {
			j++
		}
		if j < len(s) && s[j] == ';' && j > 1 {
			b.WriteString(html.UnescapeString(s[:j+1]))
			s = s[j+1:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&quot;")
)

func escapeText(s string) string { return textEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }
