// prescan.js reads a page's boxes for text zoom's first scan while the
// page is idle. That scan (the loader's vScan) reads, of every box around
// text, how it overflows, its position, display and min-height: on
// 10,000 elements 45 of the first zoom's 85 ms, four layout reads and
// three style reads a box; on the example portal, 0.6 of its 1.4 ms.
// Read beforehand with the loader's own b.read, in slices of idle time
// once the runtime starts, they are handed to the scan as b.pre (element
// -> what b.read returned; as many as were read by then), and the first
// zoom mostly tags. What the second pass reads once of a box (fit.js:
// whether it is a small fixed button, a label's width, a field's width) is
// read with them.
// Text sizes the scan reads itself: read early, a size the page changed
// unseen (its own 大/中/小 links) would be zoomed from the old one.
//
// The scan reads the page without yiyue's sheets; this reads only while
// none applies, and waits while one does. What it read holds till the
// page changes in a way watched here: nodes added or removed, the
// attributes that most often change a box (class, style, hidden...), the
// window's size, a font or an image coming in. Then it is dropped, and
// read anew once the page has been quiet for a second; a page that never
// is (a ticker) is given up on after five tries, and its first zoom reads
// as before. Not watched: text changed in place (yiyue's own switch of
// script, which keeps boxes as they were) and other attributes; a box
// changed so between the reads and the first zoom may be fitted as it was.
let prescanJob, prescanWait, prescanHeld, prescanTries = 0
const prescanH = document.documentElement

function prescanSoon() {
  prescanJob = prescanHeld = null
  // A tag without defer, on a page that comes slowly, may start the
  // runtime before the page has a body: it is read once the page is.
  if (!document.body) return document.addEventListener("DOMContentLoaded", prescanSoon, { once: true })
  // Every element of the page, not just the boxes around text that the
  // scan picks out: those are nearly all of them, and the scan's choice
  // stays in one place.
  const pre = (b.pre = new Map()), all = document.body.getElementsByTagName("*")
  let at = 0
  const job = (prescanJob = d => {
    if (job != prescanJob) return
    if (prescanH.hasAttribute("data-yiyue")) return (prescanHeld = job)
    while (d.timeRemaining() > 1) {
      for (const end = Math.min(at + 300, all.length); at < end; at++) pre.set(all[at], prescanRead(all[at]))
      if (at == all.length) return (prescanJob = null)
    }
    requestIdleCallback(job)
  })
  requestIdleCallback(job)
}

// prescanRead is what the scan and the second pass read of element e:
// b.read's, with what holds at any zoom: fitFixed's [6] and fitLabel's
// [8], of a box that is not inline, and a field's width (fitFields, [12]).
function prescanRead(e) {
  const r = b.read(e)
  if (!r[3]) (r[6] = fitButton(e)), (r[8] = fitLabel(e))
  if (e.matches(FIELDS)) r[12] = fitFieldWidth(e)
  return r
}

// prescanAgain drops what was read when the page changes, and reads anew
// once it has been quiet for a second, five times at most.
function prescanAgain() {
  if (!b.pre && !prescanJob && !prescanWait) return
  b.pre = prescanJob = prescanHeld = null
  clearTimeout(prescanWait)
  prescanWait = prescanTries < 5 && setTimeout(() => ((prescanWait = 0), prescanTries++, prescanSoon()), 1000)
}

if (window.requestIdleCallback) {
  // The attributes that change boxes most often; not every one, which
  // would make a record of each of the thousands that zoom writes. yiyue's
  // own attribute on <html> switches its sheets, which the scan disables:
  // when the last of them goes, a waiting job goes on. Scripts added to or
  // taken from <head> (the runtime's own) change no box.
  new MutationObserver(r => {
    for (const m of r)
      if (m.attributeName == "data-yiyue") {
        if (prescanHeld && !prescanH.hasAttribute("data-yiyue")) requestIdleCallback(prescanHeld), (prescanHeld = null)
      } else if (!b.root.host.contains(m.target) && (m.target != document.head || [...m.addedNodes, ...m.removedNodes].some(n => n.nodeName != "SCRIPT"))) return prescanAgain()
  }).observe(document, { subtree: true, childList: true, attributeFilter: ["class", "style", "hidden", "open", "width", "height", "src", "size", "cols", "rows", "colspan", "rowspan", "dir", "lang", "data-yiyue"] })
  addEventListener("resize", prescanAgain)
  document.fonts?.addEventListener("loadingdone", prescanAgain)
  document.addEventListener("load", e => e.target.nodeName != "SCRIPT" && prescanAgain(), true)
  prescanSoon()
}
