package view

import (
	"sort"
	"testing"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// toggleJS times yiyue.set → the next frame (rAF, then a task: the frame
// has been produced) for every zoom step in turn and for the contrast
// schemes. The first zoom step also scans the page (cold).
const toggleJS = `(async () => {
	await yiyue.load()
	// The page stylesheet is fetched on a site's first use: get it first.
	await yiyue.set({links: true})
	while (!localStorage.getItem("yiyue:css")) await new Promise(r => setTimeout(r, 20))
	await yiyue.set({links: false})
	await __view.frame()
	const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))
	const time = async p => { const t0 = performance.now(); await yiyue.set(p); await frame(); return performance.now() - t0 }
	// The browser's own cost of laying the page out again at another text
	// size, as a reference: CSS zoom on <html> (which yiyue must not use).
	const ref = []
	for (const z of [2, 1, 1.5, 1]) {
		const t0 = performance.now()
		document.documentElement.style.zoom = z
		await frame()
		ref.push(performance.now() - t0)
	}
	document.documentElement.removeAttribute("style")
	await frame()
	const cold = await time({zoom: 1.25})
	const zoom = []
	for (const z of [1.5, 1.75, 2, 2.5, 3, 2, 1.25, 1.5, 3, 1.25]) zoom.push(await time({zoom: z}))
	const contrast = []
	for (const c of ["yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue", "off"]) contrast.push(await time({contrast: c}))
	const off = await time({zoom: 1})
	return {cold, zoom, contrast, off, ref, elements: document.body.getElementsByTagName("*").length}
})()`

type toggles struct {
	Cold     float64   `json:"cold"`
	Zoom     []float64 `json:"zoom"`
	Contrast []float64 `json:"contrast"`
	Off      float64   `json:"off"`
	Ref      []float64 `json:"ref"`
	Elements int       `json:"elements"`
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

// BenchmarkToggle reports the toggle time (set → next frame) of zoom and
// contrast on the example portal and on a generated 10,000-element page.
// Issue 4 asks for 16 ms and 100 ms at most. ms-css-zoom-reference is the
// browser's own relayout for a CSS zoom of the whole page on the same
// machine: a floor for any text zoom, since the text has to be laid out
// again.
func BenchmarkToggle(b *testing.B) {
	for _, pg := range []string{"report.html", "gen10k.html"} {
		b.Run(shotName(pg), func(b *testing.B) {
			var all toggles
			for i := 0; i < b.N; i++ {
				tab := open(b, 1280, 800, pg)
				r := browsertest.Eval[toggles](tab, toggleJS)
				all.Cold = max(all.Cold, r.Cold)
				all.Zoom = append(all.Zoom, r.Zoom...)
				all.Contrast = append(all.Contrast, r.Contrast...)
				all.Off = max(all.Off, r.Off)
				all.Ref = append(all.Ref, r.Ref...)
				all.Elements = r.Elements
			}
			b.ReportMetric(float64(all.Elements), "elements")
			b.ReportMetric(all.Cold, "ms-first-zoom")
			b.ReportMetric(median(all.Zoom), "ms-zoom-median")
			b.ReportMetric(maxOf(all.Zoom), "ms-zoom-max")
			b.ReportMetric(median(all.Contrast), "ms-contrast-median")
			b.ReportMetric(all.Off, "ms-zoom-off")
			b.ReportMetric(median(all.Ref), "ms-css-zoom-reference")
		})
	}
}
