package view

import (
	"fmt"
	"testing"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// prescanJS waits until the runtime has read the long page's boxes
// (runtime/prescan.js), then, if change, cuts a news box below the screen
// to two lines with a min-height of its own (which the boxes read before
// did not have), waits wait ms, and zooms to 200 % once set() settles; with
// fresh, the loader reads every box itself. It returns how many boxes were
// read beforehand, and what zoom left on the page: yiyue's attributes on
// each element and the rules of every adopted sheet.
const prescanJS = `(async () => {
	await yiyue.load()
	let n = -1
	for (let i = 0; i < 100; i++) {
		await new Promise(r => setTimeout(r, 100))
		const m = yiyue._b.pre?.size ?? 0
		if (m > 1000 && m == n) break
		n = m
	}
	if (%t) {
		const box = document.querySelectorAll(".news-box")[12]
		box.style.cssText = "height: 40px; min-height: 40px; overflow: hidden"
	}
	await new Promise(r => setTimeout(r, %d))
	if (%t) yiyue._b.pre = null
	await yiyue.set({zoom: 2})
	const all = document.body.getElementsByTagName("*"), out = []
	for (let i = 0; i < all.length; i++) {
		const a = [...all[i].attributes].filter(x => x.name.startsWith("data-yiyue")).map(x => x.name + "=" + x.value).join()
		if (a) out.push(i + ":" + a)
	}
	const rules = document.adoptedStyleSheets.map(s => [...s.cssRules].map(r => r.cssText).join("")).join("|")
	return {read: n, page: out.join(";") + "\n" + rules}
})()`

// TestPrescanSameAsScan: what the runtime reads of a long page's boxes
// while it is idle, for text zoom's first scan, gives the page that the
// scan's own reads give, also when the page changed a box after they
// were made: at once (what was read is dropped) or a while later (read
// anew).
func TestPrescanSameAsScan(t *testing.T) {
	type result struct {
		Read int    `json:"read"`
		Page string `json:"page"`
	}
	run := func(change bool, wait int, fresh bool) result {
		tab := open(t, 1280, 800, "gen10k.html")
		return browsertest.Eval[result](tab, fmt.Sprintf(prescanJS, change, wait, fresh))
	}
	for _, change := range []bool{false, true} {
		want := run(change, 0, true)
		for _, wait := range []int{0, 1500} {
			got := run(change, wait, false)
			name := fmt.Sprintf("box changed %v, zoomed %d ms later", change, wait)
			if got.Read < 5000 {
				t.Errorf("%s: %d boxes read beforehand; the page has 10,000 elements", name, got.Read)
			}
			if got.Page != want.Page {
				t.Errorf("%s: the zoomed page differs from the one the scan's own reads give:\n%s", name, firstDiff(got.Page, want.Page))
			}
		}
	}
}

// firstDiff shows where a and b first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("got  …%s…\nwant …%s…", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// TestPrescanGivesUp: on a long page that never settles for long (a
// ticker adds a line every 1.2 s), the runtime reads the boxes anew after
// each quiet second a few times, then stops: no idle work for ever, and
// the first zoom reads for itself.
func TestPrescanGivesUp(t *testing.T) {
	tab := open(t, 1280, 800, "gen10k.html")
	got := browsertest.Eval[[]int](tab, `(async () => {
		const ticker = document.createElement("p")
		document.querySelector(".news-box").append(ticker)
		const tick = setInterval(() => ticker.append(new Date().toISOString() + " "), 1200)
		await yiyue.load()
		const b = yiyue._b, read = b.read, calls = []
		b.read = e => (calls.push(performance.now()), read(e))
		const t0 = performance.now()
		await new Promise(r => setTimeout(r, 12000))
		clearInterval(tick)
		return [calls.length, calls.filter(t => t > t0 + 9500).length]
	})()`)
	if got[0] < 2*5000 {
		t.Errorf("%d boxes read while the page ticked; want the page's boxes read again after its quiet seconds", got[0])
	}
	if got[1] != 0 {
		t.Errorf("%d boxes read after 9.5 s of a ticking page; want none", got[1])
	}
}
