package reading

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// startReading opens the report, sets the rate and presses play.
func startReading(t *testing.T, path string, rate float64) (*browsertest.Tab, int) {
	t.Helper()
	tab := openPage(t, path)
	browsertest.Eval[map[string]any](tab, `yiyue.set({rate: `+ftoa(rate)+`})`)
	m := mark()
	press(tab, "read")
	tab.Wait(`yiyue.get().reading === "continuous"`, 5*time.Second)
	return tab, m
}

// waitStarted waits until sentence i has started sounding.
func waitStarted(tab *browsertest.Tab, i int, timeout time.Duration) {
	tab.T.Helper()
	tab.Wait(`yiyue._b.rt.readStats().log.some(e => e.i >= `+itoa(i)+`)`, timeout)
}

// TestReadsReportInOrder plays the first sentences of the report: the
// service is asked for them in reading order, starting with the article
// (not the site's header and navigation), each once, one sentence ahead of
// what sounds; the highlight shows each in turn; the audio timeline is
// checked with checkTimeline.
func TestReadsReportInOrder(t *testing.T) {
	tab, m := startReading(t, "report.html", 2)
	// Sample the highlight while three sentences play.
	var seen []string
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		h := squash(browsertest.Eval[string](tab, highlightJS))
		if h != "" && (len(seen) == 0 || seen[len(seen)-1] != h) {
			seen = append(seen, h)
		}
		if st := readStats(tab); len(started(st)) >= 4 {
			break
		}
		time.Sleep(40 * time.Millisecond)
	}
	st := readStats(tab)
	if st.Engine != "tts" {
		t.Fatalf("engine %q, want tts (headless Chromium has no voices)", st.Engine)
	}
	if len(st.Texts) < 20 {
		t.Fatalf("the report gave %d sentences", len(st.Texts))
	}
	if !strings.HasPrefix(st.Texts[0], "镇街法治政府建设报告") || !strings.Contains(st.Texts[1], "广州市南沙区横沥镇人民政府2020年法治政府建设年度报告") {
		t.Errorf("reading starts with %q, %q; want the article's column name and title", st.Texts[0], st.Texts[1])
	}
	for _, s := range st.Texts {
		if strings.Contains(s, "网站支持IPv6") || strings.Contains(s, "新闻中心") {
			t.Errorf("the header or navigation is read: %q", s)
		}
	}
	if got := started(st); len(got) < 4 || got[0] != 0 || got[1] != 1 || got[2] != 2 || got[3] != 3 {
		t.Fatalf("sentences started in the order %v, want 0, 1, 2, 3", got)
	}
	reqs := since(m)
	if len(reqs) < 4 {
		t.Fatalf("%d requests to the service, want at least 4", len(reqs))
	}
	for i, r := range reqs {
		if i >= len(st.Texts) || r.Text != st.Texts[i] {
			t.Fatalf("request %d asked for %q, want sentence %d %q", i, r.Text, i, st.Texts[min(i, len(st.Texts)-1)])
		}
		if r.Lang != "zh-CN" || r.Rate != 2 {
			t.Errorf("request %d: lang %q rate %v, want zh-CN and 2", i, r.Lang, r.Rate)
		}
	}
	// One sentence ahead: when the fourth has started, the fifth may be
	// asked for, not more.
	if len(reqs) > 5 {
		t.Errorf("%d sentences requested while the fourth plays: more than one ahead", len(reqs))
	}
	// The highlight went through the sentences in order.
	if len(seen) < 3 {
		t.Fatalf("highlight showed %d different texts: %q", len(seen), seen)
	}
	k := 0
	for _, h := range seen {
		for k < len(st.Texts) && !subsequence(h, squash(st.Texts[k])) {
			k++
		}
		if k == len(st.Texts) {
			t.Fatalf("highlight %q is not a later sentence than the one before (seen %q)", h, seen)
		}
	}
	t.Logf("requests: %d; first: %q", len(reqs), reqs[0].Text)
	checkTimeline(t, tab, m)
	noErrors(t, tab)
}

// TestSkipsMenusWithoutNav reads a page laid out with tables, as older
// portals are, which marks no region as navigation (legacy.html): its top
// bar of links and its menu, a row of link cells, are left out like a
// <nav>, and reading goes from the date beside the links to the banner,
// the news and the text; a news list of links is read.
func TestSkipsMenusWithoutNav(t *testing.T) {
	tab, _ := startReading(t, "legacy.html", 2)
	tab.Wait(`yiyue._b.rt.readStats().texts.length >= 10`, 10*time.Second)
	st := readStats(tab)
	for _, s := range st.Texts {
		// The top bar is one sentence; the menu's cells are one each.
		if strings.Contains(s, "链接：繁体版") || s == "链接：首页" || s == "链接：镇情概况" || s == "链接：法治政府建设" {
			t.Errorf("a menu is read: %q", s)
		}
	}
	want := []string{"今天是2021年1月11日", "横沥镇人民政府", "政务动态", "横沥镇召开2021年安全生产工作会议部署全年重点任务", "横沥镇位于明珠湾区中部"}
	k := 0
	for _, s := range st.Texts {
		if k < len(want) && strings.Contains(s, want[k]) {
			k++
		}
	}
	if k < len(want) {
		t.Errorf("reading misses %q, or has it out of order: %q", want[k], st.Texts)
	}
	noErrors(t, tab)
}

// TestReadsAttachmentLists: a list of short links that is content, not a
// menu, is read: attachments in the page's main content, and a list of
// files where the page marks no main content (legacy.html).
func TestReadsAttachmentLists(t *testing.T) {
	for _, c := range []struct{ page, where, list string }{
		{"report.html", `document.getElementById("article-body")`, `<h2>附件下载</h2><ul><li><a href="#a">申请表</a></li><li><a href="#b">承诺书</a></li><li><a href="#c">委托书</a></li></ul>`},
		{"legacy.html", `document.getElementById("about").parentElement`, `<div><a href="#a">申请表.doc</a> <a href="#b">承诺书.pdf</a> <a href="#c">委托书.wps</a></div>`},
	} {
		t.Run(c.page, func(t *testing.T) {
			tab := openPage(t, c.page)
			browsertest.Eval[bool](tab, `(() => { `+c.where+`.insertAdjacentHTML("beforeend", `+strconv.Quote(c.list)+`); return true })()`)
			press(tab, "read")
			tab.Wait(`yiyue._b.rt.readStats().texts.length >= 10`, 10*time.Second)
			all := strings.Join(readStats(tab).Texts, "|")
			for _, name := range []string{"申请表", "承诺书", "委托书"} {
				if !strings.Contains(all, name) {
					t.Errorf("%s: the attachment %s is not read; sentences: %.300s…", c.page, name, all)
				}
			}
			noErrors(t, tab)
		})
	}
}

// TestSkipsWhatScreenReadersSkip: content made inert, images marked
// decorative (role="presentation"), and the page behind a modal dialog
// are not read, as a screen reader does not read them.
func TestSkipsWhatScreenReadersSkip(t *testing.T) {
	tab := openPage(t, "report.html")
	browsertest.Eval[bool](tab, `(() => { document.getElementById("article-body").insertAdjacentHTML("afterbegin", '<div inert><p>对话框后面的内容。</p></div><p><img src="logo.svg" alt="装饰花边" role="presentation">正文照常。</p>'); return true })()`)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().texts.length >= 10`, 10*time.Second)
	all := strings.Join(readStats(tab).Texts, "|")
	if !strings.Contains(all, "正文照常") {
		t.Fatalf("the test's paragraph is not read: %.200s", all)
	}
	for _, no := range []string{"对话框后面的内容", "装饰花边"} {
		if strings.Contains(all, no) {
			t.Errorf("%s is read", no)
		}
	}
	// A modal dialog the page opens: it alone is read.
	press(tab, "stop")
	tab.Wait(`yiyue.get().reading === "off"`, 3*time.Second)
	browsertest.Eval[bool](tab, `(() => { document.body.insertAdjacentHTML("beforeend", '<dialog id="d"><p>确认提交申请吗？</p><button>确定</button></dialog>'); document.getElementById("d").showModal(); return true })()`)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().texts.some(s => s.includes("确认提交申请吗"))`, 10*time.Second)
	if texts := readStats(tab).Texts; len(texts) > 3 {
		t.Errorf("with a modal dialog open, the page behind it is read too: %.200q", texts)
	}
	// A script's dialog, as portals' layer libraries make them.
	press(tab, "stop")
	tab.Wait(`yiyue.get().reading === "off"`, 3*time.Second)
	browsertest.Eval[bool](tab, `(() => { document.getElementById("d").close(); document.body.insertAdjacentHTML("beforeend", '<div role="dialog" aria-modal="true" style="position:fixed;top:20px;left:20px;background:#fff"><p>您确定要退出登录吗？</p></div>'); return true })()`)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().texts.some(s => s.includes("您确定要退出登录吗"))`, 10*time.Second)
	if texts := readStats(tab).Texts; len(texts) > 3 {
		t.Errorf("with an aria-modal dialog open, the page behind it is read too: %.200q", texts)
	}
	noErrors(t, tab)
}

// checkTimeline checks the Web Audio schedule of the first three
// sentences: each lasts exactly its decoded duration (the frames go-mp3
// decodes natively from the same request), they follow each other with no
// gap, the highlight moves when a sentence's first sample plays, and the
// AudioContext clock advances by their durations.
func checkTimeline(t *testing.T, tab *browsertest.Tab, m int) {
	t.Helper()
	st := readStats(tab)
	done := st.Session.Done
	if len(done) < 3 {
		t.Fatalf("%d sentences finished on the timeline, want 3", len(done))
	}
	if st.SampleRate != 22050 {
		t.Logf("AudioContext runs at %v Hz", st.SampleRate)
	}
	reqs := since(m)
	var sum float64
	for k, d := range done[:3] {
		want := nativeFrames(t, reqs[d.I])
		if d.Frames != want {
			t.Errorf("sentence %d: %d frames scheduled, go-mp3 decodes %d from the same request", d.I, d.Frames, want)
		}
		dur := float64(d.Frames) / d.Rate
		if math.Abs((d.T1-d.T0)-dur) > 1e-6 {
			t.Errorf("sentence %d lasts %.4f s on the timeline, decoded %.4f s", d.I, d.T1-d.T0, dur)
		}
		if k > 0 && math.Abs(d.T0-done[k-1].T1) > 1e-6 {
			t.Errorf("gap of %.4f s before sentence %d", d.T0-done[k-1].T1, d.I)
		}
		sum += dur
	}
	// The clock, as the start events saw it: never before the sentence's
	// first sample, and soon after it (the clock is polled every 15 ms, and
	// a headless AudioContext moves in steps).
	at := map[int]float64{}
	for _, e := range st.Log {
		if _, ok := at[e.I]; !ok {
			at[e.I] = e.Ctx
		}
	}
	for _, d := range done[:3] {
		if lag := at[d.I] - d.T0; lag < 0 || lag > 0.25 {
			t.Errorf("sentence %d started at %.3f s on the clock, its audio at %.3f s", d.I, at[d.I], d.T0)
		}
	}
	if elapsed := st.CtxTime - done[0].T0; elapsed < sum {
		t.Errorf("AudioContext time advanced %.3f s, less than the %.3f s of the three sentences played", elapsed, sum)
	}
	// An underrun (a chunk late for its turn) shifts the rest of its
	// sentence; on an overloaded machine it can happen, so it is reported.
	t.Logf("report: three sentences, %.3f s of audio at rate 2, back to back; clock at %.3f s; %d underruns", sum, st.CtxTime, st.Session.Underruns)
}

// TestPauseStopsAdvancing pauses in the middle of a sentence: the clock,
// the highlight and the requests stand still, the button says 继续 and
// the pause is announced; resuming goes on from there.
func TestPauseStopsAdvancing(t *testing.T) {
	tab, m := startReading(t, "report.html", 2)
	waitStarted(tab, 1, 20*time.Second) // the title, about 4 s long
	time.Sleep(500 * time.Millisecond)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().paused && `+control("read")+`.textContent === "继续"`, 3*time.Second)
	tab.Wait(R+`.getElementById("say").textContent === "已暂停"`, 2*time.Second)
	time.Sleep(200 * time.Millisecond)
	a, ha, na := readStats(tab), browsertest.Eval[string](tab, highlightJS), len(since(m))
	time.Sleep(1500 * time.Millisecond)
	b, hb, nb := readStats(tab), browsertest.Eval[string](tab, highlightJS), len(since(m))
	if b.CtxTime != a.CtxTime {
		t.Errorf("the clock moved from %.3f to %.3f s while paused", a.CtxTime, b.CtxTime)
	}
	if len(started(b)) != len(started(a)) || ha != hb || ha == "" {
		t.Errorf("reading moved on while paused: %v ⇒ %v, highlight %q ⇒ %q", started(a), started(b), ha, hb)
	}
	if nb != na {
		t.Errorf("%d more requests while paused", nb-na)
	}
	if yiyueReading(tab) != "continuous" {
		t.Errorf("pausing changed the state to %q", yiyueReading(tab))
	}
	press(tab, "read")
	tab.Wait(`!yiyue._b.rt.readStats().paused && `+control("read")+`.textContent === "暂停"`, 3*time.Second)
	time.Sleep(500 * time.Millisecond)
	if c := readStats(tab); c.CtxTime <= b.CtxTime+0.2 {
		t.Errorf("the clock did not move after resuming: %.3f ⇒ %.3f s", b.CtxTime, c.CtxTime)
	}
	waitStarted(tab, 2, 20*time.Second)
	// Volume applies at once, to the sentence playing.
	browsertest.Eval[map[string]any](tab, `yiyue.set({volume: 0.25})`)
	if v := readStats(tab).Volume; v != 0.25 {
		t.Errorf("volume 0.25 set the output gain to %v", v)
	}
	noErrors(t, tab)
}

// TestRateShortensPlayback reads the first sentence at rate 1 and 1.5:
// the service speaks faster, and the sentence takes less time on the
// AudioContext timeline, from its first sample to its last.
func TestRateShortensPlayback(t *testing.T) {
	played := map[float64]float64{}
	for _, rate := range []float64{1, 1.5} {
		tab, m := startReading(t, "report.html", rate)
		tab.Wait(`yiyue._b.rt.readStats().session.done.length >= 1`, 20*time.Second)
		d := readStats(tab).Session.Done[0]
		if d.I != 0 {
			t.Fatalf("the first sentence to finish is %d", d.I)
		}
		played[rate] = d.T1 - d.T0
		if r := since(m); len(r) == 0 || r[0].Rate != rate {
			t.Errorf("at rate %v the service was asked %v", rate, r)
		}
		press(tab, "stop")
		tab.Wait(`yiyue.get().reading === "off"`, 3*time.Second)
	}
	t.Logf("report: first sentence played %.3f s at rate 1, %.3f s at rate 1.5", played[1], played[1.5])
	if played[1] <= 0 || played[1.5] >= played[1]*0.8 {
		t.Errorf("rate 1.5 played %.3f s against %.3f s at rate 1; want at most 80 %%", played[1.5], played[1])
	}
}

// TestPrevNextAndClickedStart: next and previous move by one sentence
// and the highlight follows, scrolled into view; reading started after a
// click in a paragraph starts at the sentence clicked.
func TestPrevNextAndClickedStart(t *testing.T) {
	tab, _ := startReading(t, "report.html", 2)
	waitStarted(tab, 0, 10*time.Second)
	for i := 0; i < 6; i++ {
		press(tab, "next")
	}
	tab.Wait(`yiyue._b.rt.readStats().shown >= 6`, 10*time.Second)
	press(tab, "prev")
	time.Sleep(300 * time.Millisecond)
	if st := readStats(tab); st.Shown != 5 {
		t.Fatalf("after six nexts and one previous, sentence %d shows; log %v", st.Shown, started(st))
	}
	// Far down the page: the highlight is scrolled into view.
	for i := 0; i < 30; i++ {
		press(tab, "next")
	}
	tab.Wait(`yiyue._b.rt.readStats().shown >= 30`, 10*time.Second)
	time.Sleep(100 * time.Millisecond)
	inView := browsertest.Eval[bool](tab, `(() => {
		const h = CSS.highlights.get("yiyue-reading"); const r = [...h][0].getBoundingClientRect()
		const d = `+R+`.getElementById("dock").getBoundingClientRect()
		const underDock = d.height && d.left < r.right && d.right > r.left && r.bottom > d.top
		return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && !underDock })()`)
	if !inView {
		t.Error("the highlighted sentence is not in view, or under the toolbar")
	}
	press(tab, "stop")
	// At once: the sound and the highlight go within a moment.
	tab.Wait(`yiyue._b.rt.readStats().gen === -1 && !CSS.highlights.has("yiyue-reading")`, 300*time.Millisecond)
	tab.Wait(`yiyue.get().reading === "off"`, 2*time.Second)
	tab.Wait(R+`.getElementById("say").textContent === "已停止朗读"`, 2*time.Second)

	// A click inside a sentence of the paragraph on administration by law, then play.
	browsertest.Eval[bool](tab, `(() => {
		const p = [...document.querySelectorAll("#article-body > p")].find(p => p.textContent.includes("二是落实行政决策合法性审查制度"))
		const t = [...p.childNodes].find(n => n.nodeType === 3)
		const i = t.data.indexOf("二是落实行政决策合法性审查制度")
		getSelection().collapse(t, i + 3)
		return true })()`)
	m := mark()
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().log.length > 0 && yiyue._b.rt.readStats().gen >= 0`, 10*time.Second)
	tab.Wait(`CSS.highlights.has("yiyue-reading")`, 10*time.Second)
	h := squash(browsertest.Eval[string](tab, highlightJS))
	if !strings.HasPrefix(h, "二是落实行政决策合法性审查制度") {
		t.Errorf("reading from the clicked point highlights %q; want the sentence clicked in", h)
	}
	if reqs := since(m); len(reqs) == 0 || !strings.HasPrefix(reqs[0].Text, "二是落实行政决策合法性审查制度") {
		t.Errorf("first request after the click: %v", reqs)
	}
	noErrors(t, tab)
}

// TestEscStops: Esc stops the sound at once, ends reading and says so.
func TestEscStops(t *testing.T) {
	tab, _ := startReading(t, "report.html", 1)
	waitStarted(tab, 0, 10*time.Second)
	// Focus out of the toolbar, where Esc would close it instead.
	browsertest.Eval[bool](tab, R+`.activeElement?.blur(), true`)
	tab.Do(keyEscape())
	tab.Wait(`yiyue.get().reading === "off"`, 2*time.Second)
	st := readStats(tab)
	if st.Gen != -1 || browsertest.Eval[bool](tab, `CSS.highlights.has("yiyue-reading")`) {
		t.Errorf("after Esc: session %d, highlight %v", st.Gen, browsertest.Eval[bool](tab, `CSS.highlights.has("yiyue-reading")`))
	}
	tab.Wait(R+`.getElementById("say").textContent === "已停止朗读"`, 2*time.Second)
	n := len(started(st))
	time.Sleep(700 * time.Millisecond)
	if got := readStats(tab); len(started(got)) != n {
		t.Errorf("a sentence started after Esc")
	}
	noErrors(t, tab)
}

// TestEscInToolbarClosesIt: Esc in the open toolbar closes the toolbar,
// as its help says, and reading goes on; Esc again (focus is back on the
// launcher) stops it.
func TestEscInToolbarClosesIt(t *testing.T) {
	tab, _ := startReading(t, "report.html", 1)
	waitStarted(tab, 0, 10*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	tab.Wait(R+`.activeElement?.closest("#dock") != null`, 3*time.Second)
	tab.Do(keyEscape())
	tab.Wait(`yiyue.get().open === false`, 2*time.Second)
	n := len(started(readStats(tab)))
	time.Sleep(300 * time.Millisecond)
	if st := browsertest.Eval[string](tab, `yiyue.get().reading`); st != "continuous" {
		t.Fatalf("Esc in the toolbar closed it and left reading %q", st)
	}
	waitStarted(tab, n, 10*time.Second)
	tab.Do(keyEscape())
	tab.Wait(`yiyue.get().reading === "off"`, 2*time.Second)
	noErrors(t, tab)
}

// TestTraditionalIsReadAsShown converts the page to Traditional Chinese
// while reading: reading goes on with the converted text, in zh-TW.
func TestTraditionalIsReadAsShown(t *testing.T) {
	tab, m := startReading(t, "report.html", 2)
	waitStarted(tab, 0, 10*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional", variant: "tw"})`)
	tab.Wait(`document.documentElement.lang === "zh-TW"`, 10*time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range since(m) {
			if r.Lang == "zh-TW" {
				if !strings.Contains(r.Text, "報告") && !strings.Contains(r.Text, "標題") && !strings.Contains(r.Text, "鎮") {
					t.Errorf("after conversion the service got %q", r.Text)
				}
				noErrors(t, tab)
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no zh-TW request after converting; requests: %v", since(m))
}

// TestOwnScriptDoesNotRestartReading: a choice of the page's own script
// (a portal's 简体版 link on a Simplified page) changes no text: the
// sentence being read goes on, and is not asked for again.
func TestOwnScriptDoesNotRestartReading(t *testing.T) {
	tab, m := startReading(t, "report.html", 1)
	waitStarted(tab, 1, 10*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.set({script: "simplified"})`)
	time.Sleep(1500 * time.Millisecond)
	seen := map[int]bool{}
	for _, i := range started(readStats(tab)) {
		if seen[i] {
			t.Errorf("sentence %d started again after a choice of the page's own script: %v", i, started(readStats(tab)))
		}
		seen[i] = true
	}
	asked := map[string]int{}
	for _, r := range since(m) {
		if asked[r.Text]++; asked[r.Text] == 2 {
			t.Errorf("the service was asked twice for %q", r.Text)
		}
	}
	noErrors(t, tab)
}

// subsequence reports whether the characters of a appear in b in order:
// a sentence's text is its page text with role words ("按钮：") added.
func subsequence(a, b string) bool {
	r := []rune(b)
	j := 0
	for _, c := range a {
		for j < len(r) && r[j] != c {
			j++
		}
		if j == len(r) {
			return false
		}
		j++
	}
	return true
}

func yiyueReading(tab *browsertest.Tab) string {
	return browsertest.Eval[string](tab, `yiyue.get().reading`)
}

// TestShortcutReadsFromFocus: the read shortcut pressed while a link has
// keyboard focus reads from that link on.
func TestShortcutReadsFromFocus(t *testing.T) {
	tab := openPage(t, "report.html?data-shortcuts=")
	browsertest.Eval[map[string]any](tab, `yiyue.close()`)
	browsertest.Eval[bool](tab, `document.querySelector(".article-foot a").focus(), true`)
	m := mark()
	tab.Do(chromedp.KeyEvent("r", chromedp.KeyModifiers(kb.ModifierAlt, kb.ModifierShift)))
	tab.Wait(`yiyue.get().reading === "continuous"`, 5*time.Second)
	waitStarted(tab, 0, 10*time.Second)
	reqs := since(m)
	if len(reqs) == 0 || !strings.Contains(reqs[0].Text, "链接：广州市南沙区横沥镇人民政府2019年法治政府建设年度报告") {
		t.Errorf("reading from the focused link asked first for %v", reqs)
	}
	noErrors(t, tab)
}

// TestPortalReadLink: the portal's own 语音朗读 link (data-yiyue-action=
// "read") starts reading from the top of the article, from 指读 too, and
// stops it, saying so.
func TestPortalReadLink(t *testing.T) {
	tab := env.Tab(t)
	noCache(tab)
	t.Cleanup(func() { browsertest.TryEval[bool](tab, `localStorage.removeItem("yiyue:v1"), true`) })
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 10*time.Second)
	m := mark()
	x, y := center(tab, `document.querySelector('[data-yiyue-action="read"]')`)
	tab.Do(chromedp.MouseClickXY(x, y))
	tab.Wait(`yiyue.get().reading === "continuous"`, 10*time.Second)
	waitStarted(tab, 0, 10*time.Second)
	if reqs := since(m); len(reqs) == 0 || reqs[0].Text != "镇街法治政府建设报告" {
		t.Errorf("the portal's read link started with %v", reqs)
	}
	if !strings.Contains(browsertest.Eval[string](tab, `location.href`), "report.html") || strings.Contains(browsertest.Eval[string](tab, `location.href`), "read=on") {
		t.Errorf("the link navigated: %s", browsertest.Eval[string](tab, `location.href`))
	}
	tab.Do(chromedp.MouseClickXY(x, y))
	tab.Wait(`yiyue.get().reading === "off" && yiyue._b.rt.readStats().gen === -1`, 5*time.Second)
	tab.Wait(R+`.getElementById("say").textContent === "已停止朗读"`, 3*time.Second)
	// With 指读 on, the link reads the page too: it does not turn 指读 off.
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "point"})`)
	tab.Do(chromedp.MouseClickXY(x, y))
	tab.Wait(`yiyue.get().reading === "continuous"`, 5*time.Second)
	tab.Wait(R+`.getElementById("say").textContent === "开始朗读"`, 3*time.Second)
	noErrors(t, tab)
}

// TestZoomKeepsSentenceInView: the reader zooms while listening; the
// sentence being read stays on the screen, where it stood, clear of the
// open toolbar (zoom keeps the place in the text: here, that sentence).
func TestZoomKeepsSentenceInView(t *testing.T) {
	tab, _ := startReading(t, "report.html", 1)
	waitStarted(tab, 0, 10*time.Second)
	for range 30 {
		press(tab, "next")
	}
	tab.Wait(`yiyue._b.rt.readStats().shown >= 30`, 10*time.Second)
	press(tab, "read") // pause: the sentence stays the same
	tab.Wait(`yiyue._b.rt.readStats().paused`, 3*time.Second)
	const where = `(() => {
		const r = [...CSS.highlights.get("yiyue-reading")][0].getBoundingClientRect()
		const d = ` + R + `.getElementById("dock").getBoundingClientRect()
		return [r.top, r.bottom, d.top] })()`
	before := browsertest.Eval[[]float64](tab, where)
	for i := range 3 {
		press(tab, "zoom-in")
		tab.Wait(`yiyue.get().zoom === `+[]string{"1.25", "1.5", "1.75"}[i], 5*time.Second)
		time.Sleep(300 * time.Millisecond)
		w := browsertest.Eval[[]float64](tab, where)
		if w[0] < 0 || w[0] >= w[2] || math.Abs(w[0]-before[0]) > 2 {
			t.Errorf("at %s the sentence being read has its top at %.0f px (the toolbar's at %.0f px); it stood at %.0f px", []string{"125", "150", "175"}[i], w[0], w[2], before[0])
		}
	}
	noErrors(t, tab)
}

// TestPageChangesWhileReading: a page that changes under the reader is
// read as it is now. A paragraph the page rewrites while it is being read
// is read again as rewritten, at once; one the page adds below is read
// when reading gets there. Before, the old text went on being asked for
// and the new text was never read.
func TestPageChangesWhileReading(t *testing.T) {
	tab := openPage(t, "dynamic.html?ticker=0")
	browsertest.Eval[map[string]any](tab, `yiyue.set({rate: 2})`)
	// Reading starts in the first news paragraph, as after a click there.
	browsertest.Eval[bool](tab, `(() => {
		const t = document.getElementById("more-list").firstElementChild.firstChild
		getSelection().collapse(t, 2)
		return true })()`)
	m := mark()
	press(tab, "read")
	waitPrefix := func(prefix string, timeout time.Duration) {
		t.Helper()
		waitRequestFor(t, m, "a sentence starting "+prefix, func(s string) bool { return strings.HasPrefix(s, prefix) }, timeout)
	}
	waitPrefix("1月11日上午", 10*time.Second)
	waitStarted(tab, 0, 10*time.Second)
	// Rewritten while read: read again as it is now.
	m = mark()
	browsertest.Eval[bool](tab, `portalDynamic.change(), true`)
	waitPrefix("【更新1】", 5*time.Second)
	// Added below: in the sentences once the one sounding has ended.
	browsertest.Eval[bool](tab, `portalDynamic.append(), true`)
	tab.Wait(`yiyue._b.rt.readStats().texts.some(s => s.startsWith("1月8日，横沥镇人大主席团"))`, 40*time.Second) // taken at a sentence's end, 10 s after the last rebuild at the earliest
	if r := yiyueReading(tab); r != "continuous" {
		t.Errorf("after the page changed, reading is %q", r)
	}
	noErrors(t, tab)
}

// TestLiveTextDoesNotStallReading: a clock that the page updates every
// 0.4 s inside the sentence being read, and a counter after it, restart
// that sentence at most once: reading goes on to the next paragraph
// (it restarted the sentence at every tick, for ever).
func TestLiveTextDoesNotStallReading(t *testing.T) {
	tab := openPage(t, "dynamic.html?ticker=0")
	browsertest.Eval[map[string]any](tab, `yiyue.set({rate: 2})`)
	browsertest.Eval[bool](tab, `(() => {
		const p = document.getElementById("more-list").firstElementChild
		p.insertAdjacentHTML("afterbegin", '现在是北京时间<span id="clk">10:00:00</span>，')
		document.getElementById("more-list").insertAdjacentHTML("beforeend", '<p>访问量：<span id="cnt">1</span></p>')
		let n = 0
		setInterval(() => { n++; document.getElementById("clk").textContent = "10:00:" + String(n).padStart(2, "0"); document.getElementById("cnt").textContent = String(n) }, 400)
		getSelection().collapse(p.firstChild, 1)
		return true })()`)
	m := mark()
	press(tab, "read")
	waitRequestFor(t, m, "the next paragraph", func(s string) bool { return strings.HasPrefix(s, "近日，横沥镇司法所") }, 40*time.Second)
	if n := browsertest.Eval[int](tab, `yiyue._b.rt.readStats().gen`); n > 12 {
		t.Errorf("reading went through %d sessions to get there", n)
	}
	noErrors(t, tab)
}

// TestEndOfPageSaysSo: reading that reaches the end of the page stops and
// says so (朗读完毕), so that a reader who cannot see the page knows it is
// over and not stalled.
func TestEndOfPageSaysSo(t *testing.T) {
	tab, _ := startReading(t, "report.html", 2)
	waitStarted(tab, 0, 10*time.Second)
	n := len(readStats(tab).Texts)
	for range n - 1 {
		press(tab, "next")
	}
	tab.Wait(`yiyue._b.rt.readStats().shown === `+itoa(n-1), 15*time.Second)
	tab.Wait(`yiyue.get().reading === "off"`, 30*time.Second)
	tab.Wait(R+`.getElementById("say").textContent === "朗读完毕"`, 3*time.Second)
	noErrors(t, tab)
}
