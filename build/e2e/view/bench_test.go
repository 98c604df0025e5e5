package view

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// toggleJS defines window.__toggle, which times one change on the open
// page from the start of a frame to the end of the frame that shows it:
//
//   - It starts inside a requestAnimationFrame callback (t0), where the
//     frame has begun and its style, layout and paint are still to come,
//     so no wait for the next vsync is counted.
//   - It makes the change there (yiyue.set). If the change is on the page
//     (yiyue:change fired) before the frame renders (microtasks only), the
//     frame renders the change; a
//     task posted at t0 tells whether it did. If not, the change can only
//     show in the next frame, and the measurement waits for that one too
//     (late-frames says how often).
//   - It takes the end in a setTimeout(0) posted after the change: that
//     task runs after the frame's style, layout and paint. Raster and
//     compositing run on other threads and are not counted.
//   - There it reads what a reader would see (a text element's computed
//     size or colours) and fails unless it is the new value. The read
//     falls inside the time, so any work the frame left undone is counted.
//
// It returns [ms, js, late]: the time, the part before the change was on
// the page (the widget's own script), and whether the change missed its frame. It marks
// the start and the end (yiyue-toggle:N:s and :e, N counting from 0) for
// mainThreadCPU. The same
// method times an empty change (the method's own floor: the frame's fixed
// work and the task hop) and CSS zoom on <html> (which yiyue must not
// use): the browser's own cost of laying the page out at another text
// size, a floor for any text zoom.
const toggleJS = `(async () => {
	const H = document.documentElement
	const text = document.querySelector(%q)
	await yiyue.load()
	// The page stylesheet is fetched on a site's first use: get it first.
	await yiyue.set({links: true})
	while (!localStorage.getItem("yiyue:css")) await new Promise(r => setTimeout(r, 20))
	await yiyue.set({links: false})
	await __view.frame()
	const raf = () => new Promise(r => requestAnimationFrame(r))
	const task = () => new Promise(r => setTimeout(r, 0))
	let n = 0
	const time = async (apply, look, want) => {
		const id = "yiyue-toggle:" + n++
		await raf()
		performance.mark(id + ":s")
		const t0 = performance.now()
		let rendered = false
		setTimeout(() => (rendered = true), 0)
		await apply()
		const js = performance.now() - t0
		const late = rendered
		if (late) await raf()
		await task()
		const got = look()
		const ms = performance.now() - t0
		performance.mark(id + ":e")
		if (got != want) throw Error("after the frame the page shows " + got + ", want " + want)
		return [ms, js, +late]
	}
	// A change is on the page when yiyue:change fires; set() settles a task
	// later, once the choice is saved.
	const applied = p => new Promise((ok, no) => {
		document.addEventListener("yiyue:change", ok, {once: true})
		yiyue.set(p).catch(no)
	})
	const cs = () => getComputedStyle(text)
	const size = () => Math.round(parseFloat(cs().fontSize) * 10) / 10
	const colours = () => cs().color + " on " + cs().backgroundColor
	const size0 = size(), colours0 = colours()
	const schemes = {"yellow-on-black": "rgb(255, 255, 0) on rgb(0, 0, 0)", "white-on-black": "rgb(255, 255, 255) on rgb(0, 0, 0)",
		"black-on-white": "rgb(0, 0, 0) on rgb(255, 255, 255)", "black-on-yellow": "rgb(0, 0, 0) on rgb(255, 255, 0)",
		"yellow-on-blue": "rgb(255, 255, 0) on rgb(0, 0, 128)", off: colours0}
	window.__toggle = {
		idle: () => time(() => {}, () => 1, 1),
		css: z => time(() => (z == 1 ? H.removeAttribute("style") : (H.style.zoom = z)), () => getComputedStyle(H).zoom, String(z)),
		zoom: z => time(() => applied({zoom: z}), size, Math.round(size0 * z * 10) / 10),
		contrast: c => time(() => applied({contrast: c}), colours, schemes[c]),
		// The elder mode (长者助手) shows the text 1.5 times as large.
		elder: on => time(() => applied({elder: on}), size, on ? Math.round(size0 * 1.5 * 10) / 10 : size0),
		// The time until set() settles: the whole page laid out and fitted
		// (on a long page, after the blocks held below the screen).
		settled: async z => {
			const id = "yiyue-toggle:" + n++
			await raf()
			performance.mark(id + ":s")
			const t0 = performance.now()
			await yiyue.set({zoom: z})
			const ms = performance.now() - t0
			performance.mark(id + ":e")
			return [ms, 0, 0]
		},
	}
	return true
})()`

// The steps of one tab: zoom levels in toolbar order, then jumps to some
// again, back to back; then a reader's steps with the toolbar's 大/小
// (each to the level beside the last, from 1.75 down, up to 3 and back
// to 1.75), readerPause apart; then a reader's jumps with a site's own
// size links (大/中/小 on an article), as far apart; the zoom off, from
// 300 %, 200 % and 150 %, as far apart; every scheme twice;
// the elder mode on and off three times, readerPause apart.
var (
	zoomOrder   = []float64{1.5, 1.75, 2, 2.5, 3, 2, 1.25, 1.5, 3, 1.25, 2.5, 1.75}
	readerSteps = []float64{1.5, 1.25, 1.5, 1.75, 2, 2.5, 3, 2.5, 2, 1.75}
	readerJumps = []float64{3, 1.25, 2.5, 1.5, 3, 1.75, 1.25, 2, 3, 1.5}
	schemeRun   = []string{"yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue", "off"}
)

// readerPause is the time between a reader's presses of 大 or 小: they
// look at the page between them. The runtime readies the levels either
// side in that time (runtime/glyphs.js).
const readerPause = 300 * time.Millisecond

// settled is how long a page has been open before its first toggle: a
// reader reads before reaching for the toolbar. In the first second after
// it opens, Chromium lays a page out at another text size about twice as
// slowly, with or without yiyue: the browser's own CSS zoom of the example
// portal took 14.8 ms just after it opened against 7.8 ms 1.5 s later,
// and yiyue's first zoom 16.9 against 13.5 ms (6 fresh tabs each). A
// change in that second is measured on tabs of its own (justOpened).
const settled = 1500 * time.Millisecond

// settle waits until tab's page has loaded and been open for settled.
func settle(tab *browsertest.Tab) {
	tab.T.Helper()
	browsertest.Eval[bool](tab, fmt.Sprintf(`(async () => {
		if (document.readyState != "complete") await new Promise(r => addEventListener("load", r, {once: true}))
		await new Promise(r => setTimeout(r, %d - performance.now()))
		return true
	})()`, settled.Milliseconds()))
}

// toggleTab opens page on a fresh tab, lets it settle and defines
// window.__toggle there, timing changes of the element sel's text.
func toggleTab(b *testing.B, page, sel string) *browsertest.Tab {
	b.Helper()
	tab := open(b, 1280, 800, page)
	settle(tab)
	browsertest.Eval[bool](tab, fmt.Sprintf(toggleJS, sel))
	return tab
}

type samples map[string][]float64

func (s samples) add(k string, v float64) { s[k] = append(s[k], v) }

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func maxOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// tabsPerRun is how many fresh tabs one benchmark iteration measures: the
// first zoom of a page (which scans it) happens once per tab. Five: the
// median of three first zooms moved by 3 ms from run to run.
const tabsPerRun = 5

// BenchmarkToggle reports the toggle time of zoom and contrast (set →
// the end of the frame that shows it, as toggleJS measures it) on the
// example portal and on a generated 10,000-element page. Issue 4 asks for
// 16 ms and 100 ms at most. Beside them: ms-idle-frame, the same
// measurement of a change that does nothing (the method's floor), and
// ms-css-zoom-reference, the browser's own relayout for a CSS zoom of the
// whole page (the floor of any text zoom); ms-*-js is the part spent
// before the change was on the page (the widget's own script). The zoom
// steps made back to back (zoomOrder) are reported together
// (ms-zoom-median) and split into a level's first visit in the tab
// (ms-zoom-new-level) and a later one (ms-zoom-level-again); the first
// zoom of a tab, which also scans the page, is ms-first-zoom. A reader's
// steps with pauses (readerSteps) are ms-zoom-reader-step, and a reader's
// jumps with pauses (readerJumps) ms-zoom-reader-jump; on a second, fresh
// tab, a reader's steps from 125 % up to 300 %, every level new to the
// page, are ms-zoom-reader-new-level, the first of them (a pause after the
// toolbar opened) ms-zoom-reader-first. Those tabs toggle once their
// page has been open a while (settled); on two more, a first zoom just
// after the page opened (ms-first-zoom-just-opened) and the browser's CSS
// zoom then (ms-css-zoom-just-opened). On a long page the blocks far
// below the screen are laid out just after the frame (runtime/lazy.js):
// ms-zoom-settled is the time until set() settles, with all of the page
// laid out and fitted. On one more fresh tab, the browser's own CSS zoom
// of the page makes the first tab's zooms, back to back
// (ms-css-zoom-median) and a reader's (ms-css-zoom-reader-median): the
// same relayouts with none of yiyue's work, printed beside yiyue's.
// Beside the metrics it prints each kind's median and maximum against the
// issue's bars, with the main thread's CPU time beside them where the tab
// was traced (printBars).
func BenchmarkToggle(b *testing.B) {
	for _, pg := range []struct{ name, text string }{
		{"report.html", ".article-body p"},
		{"gen10k.html", ".news-list .date"},
	} {
		b.Run(shotName(pg.name), func(b *testing.B) {
			load := browsertest.LoadAvg()
			s, cpu := samples{}, samples{}
			late := 0
			elements := 0
			for i := 0; i < b.N*tabsPerRun; i++ {
				tab := toggleTab(b, pg.name, pg.text)
				// Only the scheduler's task events (with their thread
				// time) and the marks: the timeline categories would slow
				// down what is measured.
				tr := startTrace(tab, "toplevel", "blink.user_timing")
				// kinds[N] names toggle N's samples, for its CPU time.
				var kinds [][]string
				step := func(call string, kind ...string) (ms, js float64) {
					r := browsertest.Eval[[]float64](tab, "__toggle."+call)
					late += int(r[2])
					kinds = append(kinds, kind)
					return r[0], r[1]
				}
				for range 5 {
					ms, _ := step("idle()", "idle")
					s.add("idle", ms)
				}
				ms, _ := step("zoom(1.25)", "cold")
				s.add("cold", ms)
				seen := map[float64]bool{1.25: true}
				for _, z := range zoomOrder {
					visit := "zoom-new"
					if seen[z] {
						visit = "zoom-again"
					}
					seen[z] = true
					ms, js := step(fmt.Sprintf("zoom(%g)", z), "zoom", visit)
					s.add("zoom", ms)
					s.add("zoom-js", js)
					s.add(visit, ms)
				}
				for _, z := range readerSteps {
					time.Sleep(readerPause)
					ms, js := step(fmt.Sprintf("zoom(%g)", z), "zoom-step")
					s.add("zoom-step", ms)
					s.add("zoom-reader", ms)
					s.add("zoom-step-js", js)
				}
				for _, z := range readerJumps {
					time.Sleep(readerPause)
					ms, _ := step(fmt.Sprintf("zoom(%g)", z), "zoom-jump")
					s.add("zoom-jump", ms)
					s.add("zoom-reader", ms)
				}
				for _, z := range []float64{2, 1.5, 3} {
					time.Sleep(readerPause)
					ms, _ := step(fmt.Sprintf("settled(%g)", z), "settled")
					s.add("settled", ms)
				}
				// The zoom off, from three levels: a kind of its own, and
				// not three samples a run only.
				for _, z := range []float64{0, 2, 1.5} {
					if z > 0 {
						time.Sleep(readerPause)
						step(fmt.Sprintf("zoom(%g)", z))
					}
					time.Sleep(readerPause)
					ms, _ := step("zoom(1)", "off")
					s.add("off", ms)
				}
				for range 2 {
					for _, c := range schemeRun {
						ms, js := step(fmt.Sprintf("contrast(%q)", c), "contrast")
						s.add("contrast", ms)
						s.add("contrast-js", js)
					}
				}
				// A reader who turns the elder mode on and off again.
				for range 3 {
					for _, on := range []bool{true, false} {
						time.Sleep(readerPause)
						ms, _ := step(fmt.Sprintf("elder(%v)", on), "elder")
						s.add("elder", ms)
					}
				}
				// The browser's own CSS zoom last: it loads the glyphs of
				// other sizes, which a page that zooms its text never does.
				for _, z := range []float64{2, 1, 1.5, 1} {
					ms, _ := step(fmt.Sprintf("css(%g)", z), "ref")
					s.add("ref", ms)
				}
				elements = browsertest.Eval[int](tab, `document.body.getElementsByTagName("*").length`)
				for n, ms := range tr.mainThreadCPU() {
					for _, k := range kinds[n] {
						cpu.add(k, ms)
					}
				}
				// A reader on a fresh page who opens the toolbar and
				// presses 大 again and again: every level is new to the page.
				tab.Close()
				tab = toggleTab(b, pg.name, pg.text)
				for i, z := range zoomSteps {
					time.Sleep(readerPause)
					r := browsertest.Eval[[]float64](tab, fmt.Sprintf("__toggle.zoom(%g)", z))
					late += int(r[2])
					if i == 0 {
						s.add("cold-step", r[0])
					} else {
						s.add("zoom-step-new", r[0])
					}
				}
				// The browser's own CSS zoom of the page, making the first
				// tab's zooms on a fresh one: its relayout at each size, with
				// none of yiyue's work. The same levels back to back, then
				// the same reader's steps and jumps.
				tab.Close()
				tab = toggleTab(b, pg.name, pg.text)
				css := func(z float64) float64 {
					return browsertest.Eval[[]float64](tab, fmt.Sprintf("__toggle.css(%g)", z))[0]
				}
				css(1.25)
				for _, z := range zoomOrder {
					s.add("css-zoom", css(z))
				}
				for _, z := range slices.Concat(readerSteps, readerJumps) {
					time.Sleep(readerPause)
					s.add("css-reader", css(z))
				}
				// A first zoom just after the page opened, by yiyue and by
				// the browser's CSS zoom, each on a fresh tab.
				for _, k := range []string{"zoom", "css"} {
					tab.Close()
					tab = open(b, 1280, 800, pg.name)
					browsertest.Eval[bool](tab, fmt.Sprintf(toggleJS, pg.text))
					r := browsertest.Eval[[]float64](tab, "__toggle."+k+"(1.25)")
					late += int(r[2])
					s.add("opened-"+k, r[0])
				}
				tab.Close()
			}
			printBars(pg.name, load, s, cpu)
			b.ReportMetric(float64(elements), "elements")
			b.ReportMetric(median(s["idle"]), "ms-idle-frame")
			b.ReportMetric(median(s["ref"]), "ms-css-zoom-reference")
			b.ReportMetric(median(s["css-zoom"]), "ms-css-zoom-median")
			b.ReportMetric(maxOf(s["css-zoom"]), "ms-css-zoom-max")
			b.ReportMetric(median(s["css-reader"]), "ms-css-zoom-reader-median")
			b.ReportMetric(maxOf(s["css-reader"]), "ms-css-zoom-reader-max")
			b.ReportMetric(maxOf(s["ref"]), "ms-css-zoom-reference-max")
			b.ReportMetric(median(s["cold"]), "ms-first-zoom")
			b.ReportMetric(median(s["opened-zoom"]), "ms-first-zoom-just-opened")
			b.ReportMetric(median(s["opened-css"]), "ms-css-zoom-just-opened")
			b.ReportMetric(median(s["cold-step"]), "ms-zoom-reader-first-median")
			b.ReportMetric(maxOf(s["cold-step"]), "ms-zoom-reader-first-max")
			b.ReportMetric(median(s["zoom"]), "ms-zoom-median")
			b.ReportMetric(maxOf(s["zoom"]), "ms-zoom-max")
			b.ReportMetric(median(s["zoom-js"]), "ms-zoom-js-median")
			b.ReportMetric(median(s["zoom-new"]), "ms-zoom-new-level-median")
			b.ReportMetric(median(s["zoom-again"]), "ms-zoom-level-again-median")
			b.ReportMetric(median(s["zoom-step"]), "ms-zoom-reader-step-median")
			b.ReportMetric(maxOf(s["zoom-step"]), "ms-zoom-reader-step-max")
			b.ReportMetric(median(s["zoom-step-js"]), "ms-zoom-reader-step-js-median")
			b.ReportMetric(median(s["zoom-step-new"]), "ms-zoom-reader-new-level-median")
			b.ReportMetric(maxOf(s["zoom-step-new"]), "ms-zoom-reader-new-level-max")
			b.ReportMetric(median(s["zoom-jump"]), "ms-zoom-reader-jump-median")
			b.ReportMetric(maxOf(s["zoom-jump"]), "ms-zoom-reader-jump-max")
			b.ReportMetric(median(s["settled"]), "ms-zoom-settled-median")
			b.ReportMetric(median(s["off"]), "ms-zoom-off")
			b.ReportMetric(median(s["contrast"]), "ms-contrast-median")
			b.ReportMetric(maxOf(s["contrast"]), "ms-contrast-max")
			b.ReportMetric(median(s["contrast-js"]), "ms-contrast-js-median")
			b.ReportMetric(median(s["elder"]), "ms-elder-median")
			b.ReportMetric(maxOf(s["elder"]), "ms-elder-max")
			b.ReportMetric(float64(late), "late-frames")
			for _, k := range []string{"idle", "ref", "cold", "zoom", "zoom-new", "zoom-again", "zoom-step", "zoom-jump", "off", "contrast", "elder"} {
				if len(cpu[k]) == 0 {
					b.Fatalf("no CPU time measured for %s", k)
				}
				b.ReportMetric(median(cpu[k]), "cpu-ms-"+k)
			}
		})
	}
}

// mainThreadCPU ends the trace and returns, for toggle N, the thread time
// of the main-thread tasks that ran between its marks, in ms.
func (tr *trace) mainThreadCPU() map[int]float64 {
	evs := tr.events()
	type span struct{ s, e float64 }
	marks := map[int]*span{}
	var pid, tid int
	for _, e := range evs {
		var n int
		var end string
		if _, err := fmt.Sscanf(strings.ReplaceAll(e.Name, ":", " "), "yiyue-toggle %d %s", &n, &end); err != nil {
			continue
		}
		if marks[n] == nil {
			marks[n] = &span{}
		}
		if end == "s" {
			marks[n].s = e.Ts
		} else {
			marks[n].e = e.Ts
		}
		pid, tid = e.Pid, e.Tid
	}
	out := map[int]float64{}
	for n, m := range marks {
		for _, e := range evs {
			if e.Ph == "X" && e.Pid == pid && e.Tid == tid && e.Name == "ThreadControllerImpl::RunTask" && e.Ts < m.e && e.Ts+e.Dur > m.s {
				out[n] += e.Tdur / 1000
			}
		}
	}
	return out
}

// toggleBars are issue 4's bars on toggle time, per page.
var toggleBars = map[string]float64{"report.html": 16, "gen10k.html": 100}

// printBars prints, under how busy the machine was when the page's
// benchmark started (load), for each kind of toggle on page, its median and
// maximum beside the page's bar (and the main thread's CPU time for it,
// from cpu: on 2 CPUs a toggle can wait for one while the browser's
// other threads run), and whether the bar is reached by the
// median of every kind and by every single toggle; then, apart, the first
// zoom just after the page opened beside the browser's CSS zoom then.
func printBars(page, load string, s, cpu samples) {
	limit := toggleBars[page]
	kinds := []struct{ key, name string }{
		{"cold-step", "first zoom, once the toolbar is open"},
		{"zoom-step", "reader's step"},
		{"zoom-jump", "reader's jump"},
		{"zoom-step-new", "reader's step to a new level"},
		{"cold", "first zoom, at once"},
		{"zoom-new", "back to back, new level"},
		{"zoom-again", "back to back, level again"},
		{"off", "zoom off"},
		{"contrast", "contrast"},
		{"elder", "elder mode on or off"},
	}
	medians, all := true, true
	worst, worstKind := 0.0, ""
	fmt.Printf("toggle time on %s (set → end of the frame that shows it), bar %g ms; %s at the start:\n", page, limit, load)
	for _, k := range kinds {
		v := s[k.key]
		if len(v) == 0 {
			continue
		}
		m, x := median(v), maxOf(v)
		fmt.Printf("  %-40s median %6.1f ms  max %6.1f ms  (n=%d)", k.name, m, x, len(v))
		if c := cpu[k.key]; len(c) > 0 {
			fmt.Printf("   main thread's CPU median %4.1f ms  max %4.1f ms", median(c), maxOf(c))
		}
		fmt.Println()
		medians = medians && m <= limit
		all = all && x <= limit
		if x > worst {
			worst, worstKind = x, k.name
		}
	}
	verdict := func(ok bool) string {
		if ok {
			return "reached"
		}
		return "NOT reached"
	}
	if r := s["ref"]; len(r) > 0 {
		fmt.Printf("  %-40s median %6.1f ms  max %6.1f ms  (n=%d)   main thread's CPU median %4.1f ms  max %4.1f ms\n", "for scale: the browser's CSS zoom", median(r), maxOf(r), len(r), median(cpu["ref"]), maxOf(cpu["ref"]))
	}
	// The same zooms by the browser's own CSS zoom, side by side: how
	// often each goes over the bar.
	over := func(v []float64) int {
		n := 0
		for _, x := range v {
			if x > limit {
				n++
			}
		}
		return n
	}
	for _, k := range []struct{ name, yiyue, css string }{
		{"back to back", "zoom", "css-zoom"},
		{"a reader's steps and jumps", "zoom-reader", "css-reader"},
	} {
		y, c := s[k.yiyue], s[k.css]
		if len(c) == 0 || len(y) == 0 {
			continue
		}
		fmt.Printf("  %s, yiyue beside the browser's CSS zoom: median %.1f / %.1f ms, max %.1f / %.1f ms, over %g ms %d / %d of %d\n",
			k.name, median(y), median(c), maxOf(y), maxOf(c), limit, over(y), over(c), len(y))
	}
	fmt.Printf("bar toggle ≤ %g ms on %s, median of every kind: %s\n", limit, page, verdict(medians))
	fmt.Printf("bar toggle ≤ %g ms on %s, every toggle: %s (the slowest %.1f ms, %s)\n", limit, page, verdict(all), worst, worstKind)
	// Outside the verdicts: a change in the page's first second, when the
	// browser's own relayout is slow too (see settled).
	if z, c := s["opened-zoom"], s["opened-css"]; len(z) > 0 && len(c) > 0 {
		fmt.Printf("  just after the page opened, not in the verdicts: first zoom median %.1f ms (max %.1f, n=%d); the browser's CSS zoom median %.1f ms (max %.1f)\n",
			median(z), maxOf(z), len(z), median(c), maxOf(c))
	}
}

// addedJS appends an item to the page's first list n times, a ticker's
// pace apart, and returns the median time from each append to the end of
// the frame that shows it (as toggleJS measures a change), and the item's
// text size then.
const addedJS = `(async () => {
	const ul = document.querySelector(".news-list, ul"), out = []
	let size
	for (let i = 0; i < %d; i++) {
		await new Promise(r => setTimeout(r, 250))
		await new Promise(r => requestAnimationFrame(r))
		const t0 = performance.now(), li = document.createElement("li")
		li.textContent = "滚动新闻：横沥镇发布第" + i + "期安全出行提示"
		ul.append(li)
		await new Promise(r => requestAnimationFrame(r))
		await new Promise(r => setTimeout(r, 0))
		out.push(performance.now() - t0)
		size = getComputedStyle(li).fontSize
	}
	out.sort((a, b) => a - b)
	return [out[out.length >> 1], parseFloat(size)]
})()`

// BenchmarkAddedContent reports what an item that a page adds (a news
// ticker's) costs while text is zoomed, beside the same with the zoom
// off: the time from the append to the end of the frame that shows it,
// zoomed (runtime/fit.js, grown). Each median is of 8 items on a fresh tab.
func BenchmarkAddedContent(b *testing.B) {
	for _, pg := range []string{"report.html", "gen10k.html"} {
		b.Run(shotName(pg), func(b *testing.B) {
			var off, on []float64
			for i := 0; i < b.N; i++ {
				tab := open(b, 1280, 800, pg)
				settle(tab)
				off = append(off, browsertest.Eval[[]float64](tab, fmt.Sprintf(addedJS, 8))[0])
				browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2})`)
				r := browsertest.Eval[[]float64](tab, fmt.Sprintf(addedJS, 8))
				if base := browsertest.Eval[float64](tab, `parseFloat(getComputedStyle(document.querySelector(".news-list li, ul li")).fontSize)`); r[1] < base {
					b.Fatalf("an added item is %.0f px at 200 %%, smaller than the list's items (%.0f px)", r[1], base)
				}
				on = append(on, r[0])
				tab.Close()
			}
			fmt.Printf("an item added to %s, append → end of its frame: zoom off median %.1f ms, at 200 %% median %.1f ms (%s)\n", pg, median(off), median(on), browsertest.LoadAvg())
			b.ReportMetric(median(off), "ms-added-zoom-off")
			b.ReportMetric(median(on), "ms-added-zoom-200")
		})
	}
}
