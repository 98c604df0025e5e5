package reading

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// seenJS looks at the sentence highlighted as the reader sees it: each of
// its lines against the window, every part of the widget shown (toolbar,
// launcher, caption bar) and the page's fixed bars. Lines that a scrolled
// box of the page clips away (a carousel's other slides) are not shown,
// and not looked at.
const seenJS = `(() => {
	const h = CSS.highlights.get("yiyue-reading"); if (!h || !h.size) return "null"
	const rs = [...h], text = rs.map(r => r.toString()).join("").slice(0, 14)
	const W = document.documentElement.clientWidth, H = innerHeight
	const cover = [...` + R + `.querySelectorAll("#dock,#launcher,.yiyue-caption")].map(e => ["the widget's " + (e.id || e.className), e.getBoundingClientRect()])
	for (const e of document.body.querySelectorAll("*"))
		if (/fixed|sticky/.test(getComputedStyle(e).position) && !e.contains(rs[0].startContainer)) cover.push(["the page's " + e.tagName.toLowerCase() + "." + e.className, e.getBoundingClientRect()])
	const parts = cover.filter(([, p]) => p.width && p.height)
	const clipped = (r, q) => {
		for (let a = r.startContainer.parentElement; a && a != document.body; a = a.parentElement) {
			if (getComputedStyle(a).overflow == "visible") continue
			const c = a.getBoundingClientRect()
			if (q.right <= c.left || q.left >= c.right || q.bottom <= c.top || q.top >= c.bottom) return true
		}
		return false
	}
	const lines = []
	for (const r of rs) for (const q of r.getClientRects()) if (q.width && q.height && !clipped(r, q)) lines.push(q)
	lines.sort((a, b) => a.top - b.top)
	const clash = q => {
		const at = Math.round(q.left) + "," + Math.round(q.top) + " to " + Math.round(q.right) + "," + Math.round(q.bottom)
		if (q.top < -0.5 || q.left < -0.5 || q.bottom > H + 0.5 || q.right > W + 0.5) return "line " + at + " out of the " + W + "x" + H + " window"
		for (const [n, p] of parts)
			if (q.left < p.right - 0.5 && q.right > p.left + 0.5 && q.top < p.bottom - 0.5 && q.bottom > p.top + 0.5)
				return "line " + at + " under " + n + " at " + Math.round(p.left) + "," + Math.round(p.top) + " to " + Math.round(p.right) + "," + Math.round(p.bottom)
		return ""
	}
	// The room the screen leaves: below what covers its upper half, above
	// what covers its lower half.
	let top = 0, foot = H
	for (const [, p] of parts) p.top + p.bottom < H ? (top = Math.max(top, p.bottom)) : (foot = Math.min(foot, p.top))
	const all = lines.map(clash).find(c => c) || ""
	return JSON.stringify({text, tall: lines.length > 0 && lines.at(-1).bottom - lines[0].top > foot - top,
		first: lines.length ? clash(lines[0]) : "no line shown", last: lines.length ? clash(lines.at(-1)) : "no line shown", all})
})()`

type seen struct {
	Text             string
	Tall             bool
	First, Last, All string
}

// TestReadingClearsOpenToolbar: in the elder mode at 300 %, 朗读 pressed
// in the open toolbar, which covers most of the screen. Each sentence
// read, as reading goes from one to the next, is shown where the reader
// can see it: inside the window, clear of every part of the widget and of
// the page's fixed bars. A sentence taller than the room that leaves
// (seven lines of a news title on a phone) shows its first line first,
// and its last before it ends. Before, a sentence was scrolled to just
// above the toolbar's top, under it where the toolbar left no room.
func TestReadingClearsOpenToolbar(t *testing.T) {
	for _, c := range []struct {
		name   string
		screen func(*browsertest.Tab)
		page   string
	}{
		{"1280x800", func(tab *browsertest.Tab) { tab.Do(chromedp.EmulateViewport(1280, 800)) }, "report.html"},
		// A phone portal's page, with its header and tab bar fixed.
		{"360x740", func(tab *browsertest.Tab) { tab.Phone(360, 740) }, "mobile.html"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := openOn(t, c.screen, c.page)
			browsertest.Eval[map[string]any](tab, `yiyue.set({elder: true, zoom: 3, rate: 2})`)
			time.Sleep(500 * time.Millisecond)
			browsertest.Eval[bool](tab, control("read")+`.focus(), true`)
			press(tab, "read")
			look := func() (s seen) {
				if err := json.Unmarshal([]byte(browsertest.Eval[string](tab, seenJS)), &s); err != nil {
					t.Fatal(err)
				}
				return s
			}
			fail := func(n int, s seen, what string) {
				t.Helper()
				if !t.Failed() {
					tab.ScreenshotView("elder-read-" + c.name)
				}
				t.Errorf("sentence %d (%s…): %s", n, s.Text, what)
			}
			// Each sentence a frame after it is shown (scrolling is done in
			// its first), then till the next one.
			n, tall, cur, lastOK := 0, 0, seen{}, false
			end := func() {
				if n > 0 && cur.Tall {
					tall++
				}
				if n > 0 && cur.Tall && !lastOK {
					fail(n, cur, "taller than the room, its last line was never shown clear: "+cur.Last)
				}
			}
			for deadline := time.Now().Add(60 * time.Second); n < 6 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				s := look()
				if s.Text == "" {
					continue
				}
				if s.Text != cur.Text {
					end()
					time.Sleep(150 * time.Millisecond)
					if s = look(); s.Text == cur.Text || s.Text == "" {
						continue
					}
					n, cur, lastOK = n+1, s, false
					switch {
					case s.First != "":
						fail(n, s, s.First)
					case !s.Tall && s.All != "":
						fail(n, s, s.All)
					}
				}
				lastOK = lastOK || s.Last == ""
			}
			if n < 6 {
				t.Fatalf("only %d sentences were highlighted in a minute", n)
			}
			t.Logf("%d sentences, %d of them taller than the room", n-1, tall)
			// Pause and stop are still there, 60×60 or more, on the
			// screen, and focus stayed on 暂停.
			if !browsertest.Eval[bool](tab, R+`.activeElement === `+control("read")) {
				t.Errorf("focus left 暂停 while reading, for %s", browsertest.Eval[string](tab, `String(`+R+`.activeElement?.outerHTML).slice(0, 80)`))
			}
			for _, id := range []string{"read", "stop"} {
				if !browsertest.Eval[bool](tab, `(() => { const r = `+control(id)+`.getBoundingClientRect(); return r.width >= 60 && r.height >= 60 && r.top >= 0 && r.bottom <= innerHeight })()`) {
					t.Errorf("the toolbar's %s control is not on the screen, 60×60 or more, while reading", id)
				}
			}
			// The arrow keys still reach every control: the one they go to
			// shows in the compact bar, focused.
			for _, k := range []struct{ key, id string }{{kb.End, "close"}, {kb.Home, "zoom-in"}, {kb.ArrowRight, "zoom-out"}} {
				tab.Do(chromedp.KeyEvent(k.key))
				if !browsertest.Eval[bool](tab, `(() => { const c = `+control(k.id)+`, r = c.getBoundingClientRect(); return `+R+`.activeElement === c && r.width >= 60 && r.top >= 0 && r.bottom <= innerHeight })()`) {
					t.Errorf("after %q, %s is not focused and shown", k.key, k.id)
				}
			}
			// Reading stopped, the toolbar is whole again.
			browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
			if !browsertest.Eval[bool](tab, control("elder")+`.getClientRects().length > 0`) {
				t.Errorf("reading stopped, 长者助手 is still hidden")
			}
			noErrors(t, tab)
		})
	}
}
