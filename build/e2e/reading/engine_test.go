package reading

import (
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// fakeSpeech replaces speechSynthesis before the page's scripts run:
// headless Chromium has no voices. It lists a Mandarin and an English
// voice, speaks each utterance for 15 ms (events in the order a browser
// fires them), and records what it was asked, in window.__speech.
const fakeSpeech = `(() => {
	const voices = [
		{lang: "en-US", name: "Fake English", localService: true, default: true, voiceURI: "fake-en"},
		{lang: "zh-CN", name: "Fake 普通话", localService: true, default: false, voiceURI: "fake-cmn"},
	]
	const rec = {log: [], cancels: 0}
	const queue = []
	let cur = null, timer = 0
	const ss = new EventTarget()
	const next = () => {
		cur = queue.shift() || null
		ss.speaking = !!cur
		if (!cur) return
		const u = cur
		setTimeout(() => { if (cur === u && u.onstart) u.onstart({type: "start"}) }, 0)
		timer = setTimeout(() => { if (cur !== u) return; if (u.onend) u.onend({type: "end"}); next() }, 15)
	}
	Object.assign(ss, {
		speaking: false, pending: false, paused: false,
		getVoices: () => voices.slice(),
		speak(u) {
			rec.log.push({text: u.text, lang: u.lang, rate: u.rate, volume: u.volume, voice: u.voice ? u.voice.name : ""})
			queue.push(u)
			if (!cur) next()
		},
		cancel() {
			rec.cancels++
			queue.length = 0
			const u = cur
			cur = null
			ss.speaking = false
			clearTimeout(timer)
			if (u && u.onerror) setTimeout(() => u.onerror({type: "error", error: "interrupted"}), 0)
		},
		pause() {}, resume() {},
	})
	Object.defineProperty(window, "speechSynthesis", {value: ss, configurable: true})
	window.SpeechSynthesisUtterance = class { constructor(t) { this.text = t; this.lang = ""; this.rate = 1; this.volume = 1; this.voice = null } }
	window.__speech = rec
})()`

type spoken struct {
	Text, Lang, Voice string
	Rate, Volume      float64
}

func speechLog(tab *browsertest.Tab) []spoken {
	return browsertest.Eval[[]spoken](tab, `__speech.log`)
}

func withFakeSpeech(t *testing.T, path string) *browsertest.Tab {
	t.Helper()
	return openPage(t, path, fakeSpeech)
}

// TestEngineA reads the report through speechSynthesis when a voice fits:
// one utterance per sentence, in order, in the page's language with the
// Mandarin voice, short enough for Chrome; the highlight follows; pause
// cancels and resume says the sentence again; nothing goes to the
// service; reading ends by itself at the end of the page.
func TestEngineA(t *testing.T) {
	tab := withFakeSpeech(t, "report.html")
	browsertest.Eval[map[string]any](tab, `yiyue.set({volume: 0.5})`)
	m := mark()
	press(tab, "read")
	tab.Wait(`__speech.log.length >= 4 && yiyue._b.rt.readStats().shown >= 3`, 10*time.Second)
	st := readStats(tab)
	if st.Engine != "browser" {
		t.Fatalf("engine %q, want browser", st.Engine)
	}
	log := speechLog(tab)
	for i, u := range log[:4] {
		if u.Text != st.Texts[i] || u.Lang != "zh-CN" || u.Voice != "Fake 普通话" || u.Rate != 1 || u.Volume != 0.5 {
			t.Errorf("utterance %d: %+v; want %q in zh-CN with the Mandarin voice at rate 1, volume 0.5", i, u, st.Texts[i])
		}
	}
	for _, s := range st.Texts {
		if n := len([]rune(s)); n > 130 {
			t.Errorf("a %d-character utterance: Chrome stops after about 15 s", n)
		}
	}

	// Pause: speech is cancelled and nothing new is said.
	press(tab, "read")
	tab.Wait(`__speech.cancels > 0 && `+control("read")+`.textContent === "继续"`, 3*time.Second)
	n := len(speechLog(tab))
	shown := readStats(tab).Shown
	time.Sleep(400 * time.Millisecond)
	if got := len(speechLog(tab)); got != n {
		t.Errorf("%d utterances while paused", got-n)
	}
	// Resume: the sentence that was cut off is said again.
	press(tab, "read")
	tab.Wait(`__speech.log.length > `+itoa(n), 3*time.Second)
	if u := speechLog(tab)[n]; u.Text != st.Texts[shown] {
		t.Errorf("resume said %q; want sentence %d again, %q", u.Text, shown, st.Texts[shown])
	}
	// To the end of the page.
	tab.Wait(`yiyue.get().reading === "off"`, 60*time.Second)
	all := speechLog(tab)
	if last := all[len(all)-1].Text; last != st.Texts[len(st.Texts)-1] {
		t.Errorf("the last utterance was %q, want the last sentence %q", last, st.Texts[len(st.Texts)-1])
	}
	if reqs := since(m); len(reqs) != 0 {
		t.Errorf("engine A sent %d requests to the service", len(reqs))
	}
	if browsertest.Eval[bool](tab, `CSS.highlights.has("yiyue-reading")`) {
		t.Error("the highlight stays after reading ended")
	}
	noErrors(t, tab)
}

// TestEngineAPoint: point-to-read speaks through the voice too.
func TestEngineAPoint(t *testing.T) {
	tab := withFakeSpeech(t, "report.html")
	pointOn(tab)
	browsertest.Eval[bool](tab, `document.querySelector(".site-search button").focus(), true`)
	tab.Wait(`__speech.log.some(u => u.text === "按钮：搜索")`, 3*time.Second)
	noErrors(t, tab)
}

// TestForcedEngines: data-engine="tts" uses the service even where a
// voice exists; data-engine="browser" with no voice cannot read.
func TestForcedEngines(t *testing.T) {
	tab := withFakeSpeech(t, "report.html?data-engine=tts")
	m := mark()
	press(tab, "read")
	waitStarted(tab, 0, 10*time.Second)
	if e := readStats(tab).Engine; e != "tts" || len(since(m)) == 0 || len(speechLog(tab)) != 0 {
		t.Errorf("data-engine=tts: engine %q, %d requests, %d utterances", e, len(since(m)), len(speechLog(tab)))
	}
	press(tab, "stop")

	tab2 := env.Tab(t)
	tab2.Go("report.html?data-engine=browser")
	browsertest.Eval[map[string]any](tab2, `yiyue.open()`)
	time.Sleep(1200 * time.Millisecond) // voices are waited for 600 ms
	if d := browsertest.Eval[string](tab2, control("read")+`.getAttribute("aria-disabled")`); d != "true" {
		t.Errorf("data-engine=browser without voices: read aria-disabled = %q", d)
	}
	got := browsertest.Eval[string](tab2, `yiyue.set({reading: "continuous"}).then(() => "resolved", e => e.message)`)
	if !strings.Contains(got, "read-aloud") || browsertest.Eval[string](tab2, `yiyue.get().reading`) != "off" {
		t.Errorf("set reading without an engine: %q, reading %q", got, browsertest.Eval[string](tab2, `yiyue.get().reading`))
	}
	if msg := browsertest.Eval[string](tab2, R+`.getElementById("msg").textContent`); msg != "朗读：暂不可用" {
		t.Errorf("the widget says %q", msg)
	}
}

// TestBadDataTTS: a data-tts that is not http(s) is refused with a
// console message and never fetched.
func TestBadDataTTS(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html?data-tts=javascript:alert(1)")
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	time.Sleep(1200 * time.Millisecond)
	found := false
	for _, e := range tab.Errors() {
		if strings.Contains(e, "data-tts must be an http(s) URL") {
			found = true
		}
	}
	if !found {
		t.Errorf("no console message refusing data-tts; console: %v", tab.Console())
	}
	if d := browsertest.Eval[string](tab, control("read")+`.getAttribute("aria-disabled")`); d != "true" {
		t.Errorf("with the service refused and no voices, read aria-disabled = %q", d)
	}
	for _, u := range tab.Requests() {
		if strings.HasPrefix(u, "javascript:") || strings.Contains(u, "/tts") {
			t.Errorf("requested %s", u)
		}
	}
}

// TestServiceRefusesBadInput asks the service from the page for a
// 2,000-character text and a language it does not speak: both get 400
// with a plain reason.
func TestServiceRefusesBadInput(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	type answer struct {
		Status int
		Type   string
		Body   string
	}
	ask := func(q string) answer {
		return browsertest.Eval[answer](tab, `fetch("/tts?`+q+`").then(async r => ({status: r.status, type: r.headers.get("content-type"), body: await r.text()}))`)
	}
	long := ask(`text=" + encodeURIComponent("字".repeat(2000)) + "&lang=zh-CN`)
	if long.Status != 400 || !strings.Contains(long.Body, "too long: 2000 characters") {
		t.Errorf("2,000 characters: %d %q", long.Status, long.Body)
	}
	lang := ask(`text=%E4%BD%A0%E5%A5%BD&lang=xx-YY`)
	if lang.Status != 400 || !strings.Contains(lang.Body, "lang") {
		t.Errorf("lang xx-YY: %d %q", lang.Status, lang.Body)
	}
	ok := ask(`text=%E4%BD%A0%E5%A5%BD&lang=zh-CN&rate=1`)
	if ok.Status != 200 || ok.Type != "audio/mpeg" {
		t.Errorf("a good request: %d %s", ok.Status, ok.Type)
	}
}

// TestSiteWithoutService: with no data-tts and no voice, the page's own
// /tts is tried when the user asks to read; when it is not there, the
// widget says 朗读：暂不可用, reading is off and the button is disabled.
// Opening the toolbar asked nothing.
func TestSiteWithoutService(t *testing.T) {
	tab := openPage(t, "report.html?no-tts")
	time.Sleep(300 * time.Millisecond)
	for _, u := range tab.Requests() {
		if strings.Contains(u, "/tts") {
			t.Errorf("opening the toolbar requested %s", u)
		}
	}
	press(tab, "read")
	tab.Wait(R+`.getElementById("msg").textContent === "朗读：暂不可用"`, 10*time.Second)
	tab.Wait(`yiyue.get().reading === "off" && `+control("read")+`.getAttribute("aria-disabled") === "true"`, 5*time.Second)
	if n := len(readStats(tab).Log); n != 0 {
		t.Errorf("%d sentences started", n)
	}
	// The message shows, in the open dock, not under it.
	if top := browsertest.Eval[string](tab, `(() => {
		const m = `+R+`.getElementById("msg"), r = m.getBoundingClientRect()
		const e = `+R+`.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
		return e == m || m.contains(e) ? "msg" : e ? e.id || e.tagName : "nothing"
	})()`); top != "msg" {
		t.Errorf("the message 朗读：暂不可用 is under %s, with the toolbar open", top)
	}
}

// TestSetReadingWithoutEngineRejects: on a site that turned the speech
// service off (data-tts="") in a browser with no voice, a
// set({reading: "continuous"}) made as soon as the widget has started
// rejects, and reading is never reported on. It resolved with reading
// continuous and went off a moment later: the engines were still being
// found, and reading was taken as possible till then.
func TestSetReadingWithoutEngineRejects(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html?data-tts=")
	tab.Wait(`window.yiyue`, 10*time.Second)
	got := browsertest.Eval[[]string](tab, `(async () => {
		const seen = []
		document.addEventListener("yiyue:change", e => seen.push(e.detail.reading))
		await yiyue.load()
		const r = await yiyue.set({reading: "continuous"}).then(s => "resolved with reading " + s.reading, e => "rejected: " + e.message)
		await new Promise(r => setTimeout(r, 1500))
		return [r, seen.join(" "), yiyue.get().reading]
	})()`)
	if !strings.HasPrefix(got[0], "rejected: yiyue: read-aloud") {
		t.Errorf("set({reading: continuous}) with no engine: %s; want it rejected, saying read-aloud cannot work", got[0])
	}
	if strings.Contains(got[1], "continuous") || got[2] != "off" {
		t.Errorf("yiyue:change said reading %q, and it is %q now; want it never continuous, and off", got[1], got[2])
	}
}

// A set() that rejects changes nothing, even where its other fields could
// apply: a site's script that asks for large text and reading together,
// on a page nothing can read, keeps the page as it was and can try again.
func TestRejectedSetChangesNothing(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html?data-tts=")
	tab.Wait(`window.yiyue`, 10*time.Second)
	got := browsertest.Eval[[]string](tab, `(async () => {
		const p = document.querySelector(".article-body p"), size = () => getComputedStyle(p).fontSize
		const seen = []
		document.addEventListener("yiyue:change", e => seen.push(JSON.stringify(e.detail)))
		await yiyue.load()
		await new Promise(r => setTimeout(r, 1000))
		const before = size(), title = document.title
		const r = await yiyue.set({zoom: 2, script: "traditional", reading: "continuous"}).then(s => "resolved: " + JSON.stringify(s), e => "rejected: " + e.message)
		await new Promise(r => setTimeout(r, 500))
		const s = yiyue.get()
		return [r, seen.join(" "), s.zoom + " " + s.script + " " + s.reading, before + " → " + size(), title + " → " + document.title]
	})()`)
	if !strings.HasPrefix(got[0], "rejected: yiyue: read-aloud") {
		t.Errorf("set({zoom: 2, script: traditional, reading: continuous}) with no engine: %s; want it rejected, saying read-aloud cannot work", got[0])
	}
	if got[1] != "" || got[2] != "1 original off" {
		t.Errorf("after the rejected set(), yiyue:change said %q and the State is %q; want no change and zoom 1, script original, reading off", got[1], got[2])
	}
	for _, c := range got[3:] {
		if a, b, _ := strings.Cut(c, " → "); a != b {
			t.Errorf("the rejected set() changed the page: %s", c)
		}
	}
}
