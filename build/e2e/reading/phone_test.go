package reading

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// openPhone opens a page on a 360×740 touch phone, with the toolbar open
// once reading can start.
func openPhone(t *testing.T, path string) *browsertest.Tab {
	t.Helper()
	return openOn(t, func(tab *browsertest.Tab) { tab.Phone(360, 740) }, path)
}

// TestPointOnPhonePortal: 指读 on a phone portal's page (mobile.html).
// A tap on a picture link whose picture has no name (alt="") reads the
// link, by its caption, and does not follow it; a tab of the bar at the
// bottom is read without its icon, which the page hides from screen
// readers (☰ 办事 is 办事), and a link of such an icon and blocks of text
// is read as shown, the blocks apart.
func TestPointOnPhonePortal(t *testing.T) {
	tab := openPhone(t, "mobile.html")
	pointOn(tab)
	browsertest.Eval[bool](tab, `yiyue.close().then(() => true)`)
	m := mark()
	x, y := center(tab, `document.querySelector(".m-slide img")`)
	tab.Tap(x, y)
	waitRequest(t, m, "链接：横沥镇2020年法治政府建设年度报告发布", 3*time.Second)
	time.Sleep(500 * time.Millisecond)
	if p := browsertest.Eval[string](tab, `location.pathname`); !strings.HasSuffix(p, "/mobile.html") {
		t.Fatalf("the first tap on the picture link followed it, to %s", p)
	}
	// A link whose text is in blocks, with a part not shown: read as
	// shown, with the break between the blocks.
	browsertest.Eval[bool](tab, `(() => { const a = document.createElement("a"); a.id = "blocks"; a.href = "#blocks"; a.innerHTML = '<i aria-hidden="true">☰</i><span style="display:block">Annual</span><span style="display:block">report</span><span style="display:none">(opens a new window)</span>'; document.querySelector("main").prepend(a); return true })()`)
	x, y = center(tab, `document.getElementById("blocks")`)
	tab.Tap(x, y)
	waitRequestFor(t, m, "the link Annual report", func(s string) bool { return strings.Contains(s, "Annual") }, 3*time.Second)
	for _, r := range since(m) {
		if strings.Contains(r.Text, "Annual") && (!regexp.MustCompile(`Annual\s+report`).MatchString(r.Text) || strings.Contains(r.Text, "opens")) {
			t.Errorf("the link of blocks was read as %q, want Annual report", r.Text)
		}
	}
	x, y = center(tab, `document.getElementById("tab-work")`)
	tab.Tap(x, y)
	waitRequestFor(t, m, "the tab 办事", func(s string) bool { return strings.HasSuffix(s, "办事") }, 3*time.Second)
	if n := count(m, "链接：办事"); n != 1 {
		var got []string
		for _, r := range since(m) {
			got = append(got, r.Text)
		}
		t.Errorf("the tab was read as %q, want 链接：办事", got)
	}
	noErrors(t, tab)
}

// TestReadingClearsPageBars: reading aloud on a phone portal's page at
// 200 %, each sentence it goes to is scrolled into the room between the
// page's fixed header and its tab bar, not under either.
func TestReadingClearsPageBars(t *testing.T) {
	tab := openPhone(t, "mobile.html")
	browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2, rate: 2})`)
	browsertest.Eval[bool](tab, `yiyue.close().then(() => true)`)
	browsertest.Eval[bool](tab, `document.getElementById("article").scrollIntoView(), true`)
	// Reading from the article, sentence after sentence, with the toolbar
	// closed (下一句 pressed in it while it is closed).
	browsertest.Eval[bool](tab, `yiyue.set({reading: "continuous"}).then(() => true)`)
	tab.Wait(`yiyue._b.rt.readStats().shown > 0`, 10*time.Second)
	const where = `(() => {
		const h = CSS.highlights.get("yiyue-reading"); if (!h || !h.size) return null
		const q = [...h][0].getClientRects()[0]; if (!q) return null
		const hd = document.querySelector(".m-header").getBoundingClientRect().bottom, tb = document.querySelector(".m-tabbar").getBoundingClientRect().top
		return [q.top, q.bottom, hd, tb, [...h][0].toString().slice(0, 12)]
	})()`
	seen := 0
	for i := 0; i < 12; i++ {
		shown := browsertest.Eval[float64](tab, `yiyue._b.rt.readStats().shown`)
		press(tab, "next")
		tab.Wait(fmt.Sprintf(`yiyue._b.rt.readStats().shown > %g`, shown), 5*time.Second)
		time.Sleep(100 * time.Millisecond)
		w := browsertest.Eval[[]any](tab, where)
		if w == nil {
			continue
		}
		seen++
		top, bottom, hd, tb := w[0].(float64), w[1].(float64), w[2].(float64), w[3].(float64)
		if top < hd-1 || bottom > tb+1 {
			t.Errorf("sentence %d (%s…): its first line at %.0f to %.0f px, the header's bottom at %.0f px, the tab bar's top at %.0f px", i, w[4], top, bottom, hd, tb)
		}
	}
	if seen < 8 {
		t.Fatalf("only %d sentences were highlighted", seen)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
	noErrors(t, tab)
}
