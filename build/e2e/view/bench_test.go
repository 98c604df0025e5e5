package view

import (
	"fmt"
	"sort"
	"testing"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// toggleJS times toggles of zoom and contrast on the open page, each from
// the start of a frame to the end of the frame that shows it:
//
//   - It starts inside a requestAnimationFrame callback (t0), where the
//     frame has begun and its style, layout and paint are still to come,
//     so no wait for the next vsync is counted.
//   - It calls yiyue.set there. If the promise settles before the frame
//     renders (microtasks only), the frame renders the change; a task
//     posted at t0 tells whether it did. If not, the change can only show
//     in the next frame, and the measurement waits for that one too (the
//     late count says how often).
//   - It takes the end in a setTimeout(0) posted after set settled: that
//     task runs after the frame's style, layout and paint. Raster and
//     compositing run on other threads and are not counted.
//   - There it reads what a reader would see (a text element's computed
//     size or colours) and fails unless it is the new value. The read
//     falls inside the time, so any work the frame left undone is counted.
//
// The same method times an empty change (the method's own floor: the
// frame's fixed work and the task hop) and CSS zoom on <html> (which yiyue
// must not use): the browser's own cost of laying the page out at another
// text size, a floor for any text zoom.
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
	let late = 0
	const time = async (apply, look, want) => {
		await raf()
		const t0 = performance.now()
		let rendered = false
		setTimeout(() => (rendered = true), 0)
		await apply()
		const js = performance.now() - t0
		if (rendered) late++, await raf()
		await task()
		const got = look()
		const ms = performance.now() - t0
		if (got != want) throw Error("after the frame the page shows " + got + ", want " + want)
		return [ms, js]
	}
	const cs = () => getComputedStyle(text)
	const size = () => Math.round(parseFloat(cs().fontSize) * 10) / 10
	const colours = () => cs().color + " on " + cs().backgroundColor
	const size0 = size(), colours0 = colours()
	const zoom = z => time(() => yiyue.set({zoom: z}), size, Math.round(size0 * z * 10) / 10)
	const schemes = {"yellow-on-black": "rgb(255, 255, 0) on rgb(0, 0, 0)", "white-on-black": "rgb(255, 255, 255) on rgb(0, 0, 0)",
		"black-on-white": "rgb(0, 0, 0) on rgb(255, 255, 255)", "black-on-yellow": "rgb(0, 0, 0) on rgb(255, 255, 0)",
		"yellow-on-blue": "rgb(255, 255, 0) on rgb(0, 0, 128)", off: colours0}
	const out = {idle: [], ref: [], zoom: [], zoomJS: [], zoomNew: [], zoomAgain: [], contrast: [], contrastJS: []}
	for (let i = 0; i < 5; i++) out.idle.push((await time(() => {}, () => 1, 1))[0])
	for (const z of [2, 1, 1.5, 1]) out.ref.push((await time(() => (H.style.zoom = z), () => getComputedStyle(H).zoom, String(z)))[0])
	H.removeAttribute("style")
	await __view.frame()
	out.cold = (await zoom(1.25))[0]
	const seen = new Set([1.25])
	for (const z of [1.5, 1.75, 2, 2.5, 3, 2, 1.25, 1.5, 3, 1.25, 2.5, 1.75]) {
		const [ms, js] = await zoom(z)
		out.zoom.push(ms), out.zoomJS.push(js)
		;(seen.has(z) ? out.zoomAgain : out.zoomNew).push(ms)
		seen.add(z)
	}
	out.off = (await zoom(1))[0]
	for (let i = 0; i < 2; i++)
		for (const c in schemes) {
			const [ms, js] = await time(() => yiyue.set({contrast: c}), colours, schemes[c])
			out.contrast.push(ms), out.contrastJS.push(js)
		}
	out.late = late
	out.elements = document.body.getElementsByTagName("*").length
	return out
})()`

type toggles struct {
	Idle       []float64 `json:"idle"`
	Ref        []float64 `json:"ref"`
	Cold       float64   `json:"cold"`
	Zoom       []float64 `json:"zoom"`
	ZoomJS     []float64 `json:"zoomJS"`
	ZoomNew    []float64 `json:"zoomNew"`
	ZoomAgain  []float64 `json:"zoomAgain"`
	Off        float64   `json:"off"`
	Contrast   []float64 `json:"contrast"`
	ContrastJS []float64 `json:"contrastJS"`
	Late       int       `json:"late"`
	Elements   int       `json:"elements"`
}

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
// first zoom of a page (which scans it) happens once per tab.
const tabsPerRun = 3

// BenchmarkToggle reports the toggle time of zoom and contrast (set →
// the end of the frame that shows it, as toggleJS measures it) on the
// example portal and on a generated 10,000-element page. Issue 4 asks for
// 16 ms and 100 ms at most. Beside them: ms-idle-frame, the same
// measurement of a change that does nothing (the method's floor), and
// ms-css-zoom-reference, the browser's own relayout for a CSS zoom of the
// whole page (the floor of any text zoom); ms-*-js is the part spent
// before set() settled (the widget's own script). The zoom steps are
// reported together and split into a level's first visit in the tab
// (ms-zoom-new-level) and a later one (ms-zoom-level-again); the first
// zoom of a tab, which also scans the page, is ms-first-zoom.
func BenchmarkToggle(b *testing.B) {
	for _, pg := range []struct{ name, text string }{
		{"report.html", ".article-body p"},
		{"gen10k.html", ".news-list .date"},
	} {
		b.Run(shotName(pg.name), func(b *testing.B) {
			var all toggles
			var cold, off []float64
			for i := 0; i < b.N*tabsPerRun; i++ {
				tab := open(b, 1280, 800, pg.name)
				r := browsertest.Eval[toggles](tab, fmt.Sprintf(toggleJS, pg.text))
				cold = append(cold, r.Cold)
				off = append(off, r.Off)
				all.Idle = append(all.Idle, r.Idle...)
				all.Ref = append(all.Ref, r.Ref...)
				all.Zoom = append(all.Zoom, r.Zoom...)
				all.ZoomJS = append(all.ZoomJS, r.ZoomJS...)
				all.ZoomNew = append(all.ZoomNew, r.ZoomNew...)
				all.ZoomAgain = append(all.ZoomAgain, r.ZoomAgain...)
				all.Contrast = append(all.Contrast, r.Contrast...)
				all.ContrastJS = append(all.ContrastJS, r.ContrastJS...)
				all.Late += r.Late
				all.Elements = r.Elements
			}
			b.ReportMetric(float64(all.Elements), "elements")
			b.ReportMetric(median(all.Idle), "ms-idle-frame")
			b.ReportMetric(median(all.Ref), "ms-css-zoom-reference")
			b.ReportMetric(maxOf(all.Ref), "ms-css-zoom-reference-max")
			b.ReportMetric(median(cold), "ms-first-zoom")
			b.ReportMetric(median(all.Zoom), "ms-zoom-median")
			b.ReportMetric(maxOf(all.Zoom), "ms-zoom-max")
			b.ReportMetric(median(all.ZoomJS), "ms-zoom-js-median")
			b.ReportMetric(median(all.ZoomNew), "ms-zoom-new-level-median")
			b.ReportMetric(median(all.ZoomAgain), "ms-zoom-level-again-median")
			b.ReportMetric(median(off), "ms-zoom-off")
			b.ReportMetric(median(all.Contrast), "ms-contrast-median")
			b.ReportMetric(maxOf(all.Contrast), "ms-contrast-max")
			b.ReportMetric(median(all.ContrastJS), "ms-contrast-js-median")
			b.ReportMetric(float64(all.Late), "late-frames")
		})
	}
}
