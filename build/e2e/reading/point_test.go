package reading

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// center returns the middle of an element in the viewport, scrolling it
// into view first.
func center(tab *browsertest.Tab, el string) (float64, float64) {
	tab.T.Helper()
	xy := browsertest.Eval[[]float64](tab, `(() => { const e = `+el+`; e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
	return xy[0], xy[1]
}

func moveTo(tab *browsertest.Tab, x, y float64) {
	tab.T.Helper()
	tab.Do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
}

// waitRequest waits for a request to the service for text, after mark m.
func waitRequest(t *testing.T, m int, text string, timeout time.Duration) {
	t.Helper()
	waitRequestFor(t, m, strconv.Quote(text), func(s string) bool { return s == text }, timeout)
}

// waitRequestFor waits for a request to the service whose text matches,
// after mark m; what names it in the failure.
func waitRequestFor(t *testing.T, m int, what string, match func(string) bool, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, r := range since(m) {
			if match(r.Text) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	var got []string
	for _, r := range since(m) {
		got = append(got, r.Text)
	}
	if len(got) > 8 {
		got = append([]string{"…"}, got[len(got)-8:]...)
	}
	t.Fatalf("no request for %s; %d requests, the last: %q", what, len(since(m)), got)
}

func count(m int, text string) int {
	n := 0
	for _, r := range since(m) {
		if r.Text == text {
			n++
		}
	}
	return n
}

const newsLink = `document.querySelector('.main-nav a[href="dynamic.html"]')`

// TestPointReadsLinkAndButton: with 指读 on, a link read after the
// pointer rests on it (role and name), nothing repeated while it rests,
// a button read when it takes keyboard focus, and moving away stops the
// speech.
func TestPointReadsLinkAndButton(t *testing.T) {
	tab := openPage(t, "report.html")
	pointOn(tab)
	if p := browsertest.Eval[string](tab, control("point")+`.getAttribute("aria-pressed")`); p != "true" {
		t.Errorf("指读 aria-pressed = %q", p)
	}
	tab.Wait(R+`.getElementById("say").textContent === "指读已开启"`, 2*time.Second)
	m := mark()
	x, y := center(tab, newsLink)
	moveTo(tab, x, y)
	time.Sleep(150 * time.Millisecond)
	if n := len(since(m)); n != 0 {
		t.Errorf("%d requests before the pointer rested 300 ms", n)
	}
	waitRequest(t, m, "链接：新闻中心", 5*time.Second)
	tab.Wait(`yiyue._b.rt.readStats().log.length > 0`, 5*time.Second)
	if h := squash(browsertest.Eval[string](tab, highlightJS)); h != "新闻中心" {
		t.Errorf("highlight while reading the link: %q", h)
	}
	// Resting, and small moves inside the link: nothing is said again.
	for i := 0; i < 5; i++ {
		moveTo(tab, x+float64(i%3), y+float64(i%2))
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := count(m, "链接：新闻中心"); n != 1 {
		t.Errorf("the link was asked for %d times while the pointer rested on it", n)
	}

	// Keyboard focus on the search button reads it at once.
	browsertest.Eval[bool](tab, `document.querySelector(".site-search button").focus(), true`)
	waitRequest(t, m, "按钮：搜索", 3*time.Second)
	tab.Wait(`yiyue._b.rt.readStats().sources > 0 || yiyue._b.rt.readStats().log.length > 1`, 5*time.Second)

	// Moving away to empty page stops it.
	_, by := center(tab, `document.querySelector(".page-body")`)
	moveTo(tab, 2, by) // the left margin, beside the page body
	tab.Wait(`yiyue._b.rt.readStats().gen === -1 && !CSS.highlights.has("yiyue-reading")`, 3*time.Second)
	if yiyueReading(tab) != "point" {
		t.Errorf("moving away turned 指读 off")
	}

	// An image is read by its alt text, the link around it by its text.
	m = mark()
	ix, iy := center(tab, `document.querySelector(".logo img")`)
	moveTo(tab, ix, iy)
	waitRequest(t, m, "图片：明珠湾区标志", 5*time.Second)
	sx, sy := center(tab, `document.querySelector(".logo .site-sub")`)
	moveTo(tab, sx, sy)
	waitRequest(t, m, "链接：明珠湾区 人民政府门户网站", 5*time.Second)
	noErrors(t, tab)
}

// TestPointTextUnderPointer reads the sentence under the pointer in a
// long paragraph.
func TestPointTextUnderPointer(t *testing.T) {
	tab, _, _, _ := pointAtSentence(t)
	noErrors(t, tab)
}

// pointAtSentence turns 指读 on in the report, rests the pointer on
// sentence, and waits for it to be asked for; it returns the tab, the
// mark before, and the point.
func pointAtSentence(t *testing.T) (tab *browsertest.Tab, m int, x, y float64) {
	t.Helper()
	tab = openPage(t, "report.html")
	pointOn(tab)
	m = mark()
	x, y = inSentence(tab)
	moveTo(tab, x, y)
	waitRequest(t, m, sentence, 5*time.Second)
	return tab, m, x, y
}

// TestPointKeepsReadingThroughDrift: a pointer that drifts off the line
// being read into the gap below it, still on the paragraph, does not cut
// the speech off or start it again (a reader's hand trembles); one that
// leaves the paragraph stops it.
func TestPointKeepsReadingThroughDrift(t *testing.T) {
	tab, m, x, y := pointAtSentence(t)
	tab.Wait(`yiyue._b.rt.readStats().gen >= 0`, 5*time.Second)
	gap := browsertest.Eval[float64](tab, `parseFloat(getComputedStyle(document.querySelector("#article-body > p")).lineHeight) / 2`)
	for _, dy := range []float64{gap, 0, gap} {
		moveTo(tab, x+3, y+dy)
		time.Sleep(400 * time.Millisecond)
		if g := readStats(tab).Gen; g < 0 {
			t.Fatalf("moving %.0f px down, within the paragraph, stopped the speech", dy)
		}
	}
	if n := count(m, sentence); n != 1 {
		t.Errorf("the sentence was asked for %d times; the drift started it again", n)
	}
	moveTo(tab, 5, 5)
	tab.Wait(`yiyue._b.rt.readStats().gen === -1`, 3*time.Second)
	noErrors(t, tab)
}

// sentence is a sentence in the middle of a long paragraph of the report.
const sentence = "二是落实行政决策合法性审查制度。"

// inSentence returns a point on the fifth character of sentence, scrolled
// into view.
func inSentence(tab *browsertest.Tab) (float64, float64) {
	tab.T.Helper()
	xy := browsertest.Eval[[]float64](tab, `(() => {
		const s = `+strconv.Quote(strings.TrimSuffix(sentence, "。"))+`
		const p = [...document.querySelectorAll("#article-body > p")].find(p => p.textContent.includes(s))
		const t = [...p.childNodes].find(n => n.nodeType === 3)
		const i = t.data.indexOf(s)
		const r = document.createRange()
		r.setStart(t, i + 4); r.setEnd(t, i + 5)
		r.startContainer.parentElement.scrollIntoView({block: "center"})
		const q = r.getBoundingClientRect()
		return [q.left + q.width / 2, q.top + q.height / 2] })()`)
	return xy[0], xy[1]
}

// TestPointTap: on a touch screen, where nothing hovers, 指读 reads what
// a tap lands on, at once. A tap on a link reads it instead of following
// it; the next tap on it follows it. A tap on a field focuses it, which
// reads it, and is not held back.
func TestPointTap(t *testing.T) {
	tab := openPage(t, "report.html")
	tab.Touch()
	pointOn(tab)
	m := mark()
	x, y := inSentence(tab)
	tab.Tap(x, y)
	waitRequest(t, m, sentence, 3*time.Second)

	// The search field: focused by the tap, and read.
	x, y = center(tab, `document.querySelector(".site-search input")`)
	tab.Tap(x, y)
	tab.Wait(`document.activeElement === document.querySelector(".site-search input")`, 3*time.Second)
	waitRequest(t, m, "搜索框：站内搜索", 3*time.Second)

	x, y = center(tab, newsLink)
	tab.Tap(x, y)
	waitRequest(t, m, "链接：新闻中心", 3*time.Second)
	time.Sleep(500 * time.Millisecond)
	if p := browsertest.Eval[string](tab, `location.pathname`); !strings.HasSuffix(p, "/report.html") {
		t.Fatalf("the first tap on the link followed it, to %s", p)
	}
	noErrors(t, tab)
	tab.Tap(x, y)
	tab.Wait(`location.pathname.endsWith("/dynamic.html")`, 5*time.Second)
}

// TestSavedPointWaitsForInteraction: 指读 saved on one page comes back on
// the next, but speaks only after the user's first click or key there.
func TestSavedPointWaitsForInteraction(t *testing.T) {
	tab := openPage(t, "report.html")
	press(tab, "point")
	tab.Wait(`JSON.parse(localStorage.getItem("yiyue:v1") || "{}").reading === "point"`, 5*time.Second)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && yiyue._b.rt && yiyue._b.rt.readStats && yiyue._b.rt.readStats().pointWaits`, 10*time.Second)
	m := mark()
	x, y := center(tab, newsLink)
	moveTo(tab, x, y)
	time.Sleep(1200 * time.Millisecond)
	if reqs := since(m); len(reqs) != 0 {
		t.Fatalf("spoke before any interaction with the page: %v", reqs)
	}
	// The first click: on the page's own text, away from the link.
	px, py := center(tab, `document.querySelector(".column-name")`)
	tab.Do(chromedp.MouseClickXY(px, py))
	tab.Wait(`yiyue._b.rt.readStats().point`, 3*time.Second)
	x, y = center(tab, newsLink)
	moveTo(tab, x, y)
	waitRequest(t, m, "链接：新闻中心", 5*time.Second)
	if !strings.Contains(browsertest.Eval[string](tab, `JSON.stringify(yiyue.get())`), `"reading":"point"`) {
		t.Error("the saved preference is not point")
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	noErrors(t, tab)
}

// TestPointReadsFormFields: focused fields are read by role and label,
// with what they hold (never a password) and their state, as a screen
// reader reads them.
func TestPointReadsFormFields(t *testing.T) {
	tab := openPage(t, "forms.html")
	pointOn(tab)
	browsertest.Eval[bool](tab, `(() => {
		document.querySelector("#f-village").value = "xinxing"
		document.querySelector("#f-content").value = "邻里纠纷"
		document.querySelector("#f-content").insertAdjacentHTML("afterend", '<input type="password" id="f-pw" aria-label="密码" value="秘密123">')
		return true })()`)
	m := mark()
	for _, c := range []struct{ sel, want string }{
		{"#f-name", "编辑框：姓名"},
		{"#f-village", "下拉列表：所属村居，新兴村"},
		{`input[name=type][value=consult]`, "单选按钮：法律咨询，已选中"},
		{`input[name=type][value=mediation]`, "单选按钮：人民调解，未选中"},
		{`input[name=reply][value=phone]`, "复选框：电话回复，已选中"},
		{"#f-content", "编辑框：问题描述，邻里纠纷"},
		{"#f-pw", "编辑框：密码"},
	} {
		browsertest.Eval[bool](tab, `document.querySelector("`+strings.ReplaceAll(c.sel, `"`, `\"`)+`").focus(), true`)
		waitRequest(t, m, c.want, 5*time.Second)
	}
	noErrors(t, tab)
}

// TestPointLabelAroundField: a field inside its own <label> is named by
// the label's text without the field's content, as Chromium names it: a
// select was read with every option (每页显示 10 20 50 条，20).
func TestPointLabelAroundField(t *testing.T) {
	tab := openPage(t, "forms.html")
	browsertest.Eval[bool](tab, `(() => {
		document.querySelector("#f-content").insertAdjacentHTML("afterend",
			'<label>每页显示 <select id="lf-size"><option>10</option><option selected>20</option><option>50</option></select> 条</label>' +
			'<label>备注 <textarea id="lf-note">已核实</textarea></label>' +
			'<label>街道 <input id="lf-street" list="lf-streets" value="横沥镇"><datalist id="lf-streets"><option value="横沥镇"><option value="南沙街"></datalist></label>')
		return true })()`)
	pointOn(tab)
	m := mark()
	for _, c := range []struct{ sel, want string }{
		{"#lf-size", "下拉列表：每页显示 条，20"},
		{"#lf-note", "编辑框：备注，已核实"},
		{"#lf-street", "编辑框：街道，横沥镇"},
	} {
		browsertest.Eval[bool](tab, `document.querySelector("`+c.sel+`").focus(), true`)
		waitRequest(t, m, c.want, 5*time.Second)
	}
	noErrors(t, tab)
}

// TestPointReadsStateChange: with 指读 on, a radio that an arrow key
// moves to is read checked (it was read 未选中: its state was taken
// before the browser checked it), and a checkbox, radio or select whose
// state or value Space, an arrow key or a click changes is read again
// with the new one, once.
func TestPointReadsStateChange(t *testing.T) {
	tab := openPage(t, "forms.html")
	pointOn(tab)
	m := mark()
	step := func(sel, key, want string, unwanted ...string) {
		t.Helper()
		if sel != "" {
			browsertest.Eval[bool](tab, `document.querySelector("`+strings.ReplaceAll(sel, `"`, `\"`)+`").focus(), true`)
			time.Sleep(300 * time.Millisecond)
		}
		n := mark()
		tab.Do(chromedp.KeyEvent(key))
		waitRequest(t, n, want, 5*time.Second)
		time.Sleep(500 * time.Millisecond)
		if c := count(n, want); c != 1 {
			t.Errorf("after %q: %q read %d times", key, want, c)
		}
		for _, u := range unwanted {
			if count(n, u) > 0 {
				t.Errorf("after %q: %q read", key, u)
			}
		}
	}
	step(`input[name=type][value=consult]`, kb.ArrowRight, "单选按钮：人民调解，已选中", "单选按钮：人民调解，未选中")
	step(`input[name=reply][value=phone]`, " ", "复选框：电话回复，未选中")
	step("#f-village", kb.ArrowDown, "下拉列表：所属村居，新兴村")

	// A click on the radio the pointer rests on (read 未选中) reads it checked.
	x, y := center(tab, `document.querySelector('input[name=type][value=aid]')`)
	moveTo(tab, x, y)
	waitRequest(t, m, "单选按钮：法律援助，未选中", 5*time.Second)
	n := mark()
	tab.Do(chromedp.MouseClickXY(x, y))
	waitRequest(t, n, "单选按钮：法律援助，已选中", 5*time.Second)
	time.Sleep(500 * time.Millisecond)
	if c := count(n, "单选按钮：法律援助，已选中"); c != 1 {
		t.Errorf("after a click: read %d times", c)
	}
	noErrors(t, tab)
}

// TestPointReadsToolbar: with 指读 on, the toolbar's own controls are read
// as the page's are, by role, name and state: the one keyboard focus
// moves to, and the one the pointer rests on. A reader who cannot read
// the toolbar's labels heard nothing from it.
func TestPointReadsToolbar(t *testing.T) {
	tab := openPage(t, "report.html")
	pointOn(tab)
	m := mark()
	browsertest.Eval[bool](tab, control("zoom-in")+`.focus(), true`)
	waitRequest(t, m, "按钮：放大文字", 5*time.Second)
	x, y := center(tab, control("elder"))
	moveTo(tab, x, y)
	waitRequest(t, m, "按钮：长者助手", 5*time.Second)
	x, y = center(tab, control("point"))
	moveTo(tab, x, y)
	waitRequestFor(t, m, "指读, pressed", func(s string) bool {
		return strings.HasPrefix(s, "按钮：指读") && strings.Contains(s, "已按下")
	}, 5*time.Second)
	noErrors(t, tab)
}

// TestPointReadsWhatToolbarSays: with 指读 on, what a press of the
// toolbar says in its live region (the new text size) is read aloud, as a
// screen reader says it: a reader who cannot make out the page hears what
// the press did. The pointer trembling on the control pressed does not cut
// it off to read the control's name again.
func TestPointReadsWhatToolbarSays(t *testing.T) {
	tab := openPage(t, "report.html")
	pointOn(tab)
	m := mark()
	x, y := center(tab, control("zoom-in"))
	moveTo(tab, x, y)
	waitRequest(t, m, "按钮：放大文字", 5*time.Second)
	m = mark()
	tab.Do(chromedp.MouseClickXY(x, y))
	tab.Wait(R+`.getElementById("say").textContent`, 5*time.Second)
	said := browsertest.Eval[string](tab, R+`.getElementById("say").textContent`)
	waitRequestFor(t, m, "what the toolbar said", func(s string) bool { return strings.Contains(s, "125") }, 5*time.Second)
	m = mark()
	moveTo(tab, x+1, y)
	moveTo(tab, x, y+1)
	time.Sleep(1500 * time.Millisecond)
	if n := count(m, "按钮：放大文字"); n > 0 {
		t.Errorf("after the toolbar said %q, a tremor on the button read its name again (%d requests)", said, n)
	}
	noErrors(t, tab)
}
