// lift.js keeps the launcher off the page's own controls. It sits in a
// bottom corner, over the page, and what it covers there a reader who
// points or taps reaches only by scrolling it out from under it; for some
// of it scrolling does not help: a bar fixed at the bottom of the screen
// (a phone portal's 首页 | 办事 | 我的), and the controls in the page's
// last lines once the page is scrolled to its end. A tap there opened the
// toolbar. The launcher goes up till it is clear of them (--yiyue-clear,
// launcher.css), and the toolbar and the message placed above it with it.
// A site that knows its bar sets --yiyue-lift on #yiyue-host (README), and
// spares the first visit too, before this script comes. The launcher is
// looked at when the page scrolls (a 返回顶部 shows as it does), changes
// size, at most every 150 ms, and once the frame that shows a change of
// the view (its bars grow with the text) is drawn; keyboard focus is seen
// to by the loader, which moves it to the other corner, where it is
// looked at as it moves.
let liftSoon
function liftCheck() {
  liftSoon = 0
  const h = b.root.host, l = b.btn, q = l.getBoundingClientRect(), h0 = q.height
  if (!h0) return
  // The launcher's px to the screen's (the host is zoomed while a phone
  // shows a page scaled: scale.js). Its place without the lift in force
  // is worked out, not laid out: the toolbar above it, shrunk by the
  // lift, would lose its scroll position in a layout without it.
  const k = h0 / l.offsetHeight, was = (parseFloat(h.style.getPropertyValue("--yiyue-clear")) || 0) * k
  const home = q.bottom + was
  let r = { left: q.left, right: q.right, top: q.top + was, bottom: home }
  // What it covers at its new place may be another row of the bar.
  for (let i = 0; i < 3; i++) {
    const t = liftUnder(r)
    if (t == null) break
    r = { left: r.left, right: r.right, top: t - 8 - h0, bottom: t - 8 }
  }
  // A box as tall as a third of the screen is no bar (a dialog, a page
  // laid out fixed): the launcher keeps its corner.
  let up = Math.ceil((home - r.bottom) / k)
  if (!(up > 0 && up * k < innerHeight / 3)) up = 0
  if (up * k != was) up ? h.style.setProperty("--yiyue-clear", up + "px") : h.style.removeProperty("--yiyue-clear")
}

// liftUnder returns the top of the highest page box under rectangle r
// that scrolling cannot take from under it, or null: a box fixed or
// sticky on the screen (the whole box: a bar's row is reached through
// it), or a control with less of the page left below it than the
// launcher's height.
function liftUnder(r) {
  const host = b.root.host, end = document.scrollingElement.scrollHeight - innerHeight - scrollY
  let top = null
  for (const x of [r.left + 6, (r.left + r.right) / 2, r.right - 6])
    for (const y of [r.top + 6, (r.top + r.bottom) / 2, r.bottom - 6]) {
      const e = document.elementsFromPoint(x, y).find(e => e != host && e != document.documentElement && e != document.body)
      if (!e || host.contains(e)) continue
      let t = fixedBox(e)?.getBoundingClientRect().top
      const c = t == null && e.closest(rdTapAct)
      if (c) {
        const q = c.getBoundingClientRect()
        if (end < q.bottom - r.top) t = q.top
      }
      if (t != null && t > r.top - innerHeight / 3) top = Math.min(top ?? t, t)
    }
  return top
}

function liftLater() {
  liftSoon ||= setTimeout(liftCheck, 150)
}
// The loader sends the launcher to the other corner while a page control
// under it has focus (boot.js): looked at as it moves, it goes above what
// is there (a 返回顶部 above the tab bar), and back down in its own.
new MutationObserver(liftCheck).observe(b.btn, { attributeFilter: ["data-r"] })
addEventListener("scroll", liftLater, { passive: true })
addEventListener("resize", liftLater)
addEventListener("load", liftLater)
// A change of the view grows the page's bars with their text, and so does
// text zoom's second pass (fit.js), which on a site's first use comes
// later, with the page stylesheet: looked at once the browser is idle
// after its frame (its hit tests would lay out that frame's page early,
// or the next change's), not 150 ms later, with the launcher over the
// grown bar meanwhile. A page hidden till Go converted it (boot.js)
// answers no hit test: it is looked at again once shown.
let liftNext
function liftAfter() {
  const f = () => ((liftNext = 0), liftCheck())
  liftNext ||= window.requestIdleCallback ? requestIdleCallback(f, { timeout: 150 }) : setTimeout(f, 50)
}
document.addEventListener("yiyue:change", liftAfter)
const liftFit = b.fit, liftShown = b.shown
b.fit = (...a) => (liftFit(...a), liftAfter())
b.shown = () => (liftShown(), liftAfter())
liftLater()
