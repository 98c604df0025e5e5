// kept.js keeps what text zoom found on the page when zoom and spacing go
// off, for when they come back: the loader's tags and its table of sizes,
// the boxes around text, and each level's fixes. Going off takes every
// attribute off the page, as it must; coming back would scan the page
// again and fit the level anew, most of a toggle of the elder mode (长者助手)
// on the example portal (the scan 4 ms and the fitting 12 ms of 24). A
// reader who turns it off to look at the page as it was, and on again,
// gets the attributes back as they were, and the level's rules.
//
// Only a page that did not change meanwhile gets them back: what is kept
// is forgotten at the first change that could size, show or move its
// text. Any element, text or attribute of the page added, removed or
// changed (yiyue's own data-yiyue-* aside, and the widget's host), a new
// size of the window, a stylesheet added, removed or given rules, a web
// font or an image that came. Nothing is kept when the page changed in
// the very task that turned zoom off, or while zoom was on.
let kept, keptMoved
// keptWatch sees the page's changes while zoom is on and while something
// is kept: one made while zoom is on (keptMoved) leaves nothing to keep
// when it goes off, as the passes fit only some; one made while it is off
// forgets what was kept. Once it has seen one, it stops watching till the
// next level: a page that changes all the time (a carousel) costs it one
// change.
const keptWatch = new MutationObserver(r => r.some(keptMoves) && (kept ? keptForget() : ((keptMoved = 1), keptWatch.disconnect())))
const keptFit = b.fit, KEPT_WATCH = { subtree: true, childList: true, characterData: true, attributes: true }
b.fit = (...a) => {
  if (a[1]) return keptFit(...a), keptWatch.observe(document, KEPT_WATCH)
  // Off: the loader hands over its table (view.js). Read before fit.js
  // takes the attributes and the levels away; each element's attributes
  // in their order, so that they come back as they were.
  const tags = [], mine = new Set(FIT_ATTRS.map(a => "data-yiyue-" + a))
  for (const e of fitTagged()) tags.push([e, e.getAttributeNames().filter(n => mine.has(n)).map(n => [n, e.getAttribute(n)])])
  // What the page changed in this task is still queued for the watch.
  const moved = keptMoved || keptWatch.takeRecords().some(keptMoves)
  keptMoved = 0
  kept = a[0] && fitNow && !moved && [a[0], fitNow[0], [...levels], tags, keptState()]
  // Its own attributes going are no change of the page's: 10,000 records
  // of them cost as much as taking them off.
  keptWatch.disconnect()
  keptFit()
  if (kept) keptWatch.observe(document, KEPT_WATCH), document.addEventListener("load", keptForget, true)
}

// b.back fills the loader's new table and boxes (tab, cand) with what was
// kept, puts the attributes back and says so; it says nothing when nothing
// is kept, and the loader scans the page. A long page's blocks were held
// before the change (lazy.js), while the page was laid out as it was: read
// here, with yiyue's sheets in force and the attributes back, the same
// read laid 10,000 elements out anew (50 ms).
b.back = (tab, cand) => {
  // A change made in this task has not been reported yet.
  if (keptWatch.takeRecords().some(keptMoves)) keptForget()
  const k = kept
  keptForget()
  if (!k || k[4] != keptState()) return
  const [t, c, lv, tags] = k
  for (const [e, v] of tags) for (const [n, x] of v) e.setAttribute(n, x)
  for (const [n, i] of t) tab.set(n, i)
  for (const [e, o] of c) cand.set(e, o)
  for (const [n, fx] of lv) levels.set(n, fx)
  return 1
}

// keptState is what may change the page's text without a change to its
// elements: the window's size, its stylesheets, whether each is on, and
// their rules (yiyue's own adopted sheets, whose first rule names yiyue,
// aside; of a sheet from a file, their number, not their text, which may
// be long) and its fonts.
function keptState() {
  const n = s => {
    try {
      const r = s.cssRules
      return s.disabled ? "off" : s.href ? r.length : [...r].reduce((l, x) => l + x.cssText.length, 0)
    } catch (e) {
      return -1
    }
  }
  const page = [...document.adoptedStyleSheets].filter(s => s.cssRules.length && !s.cssRules[0].cssText.includes("yiyue"))
  return [innerWidth, innerHeight, document.fonts?.size, document.fonts?.status, ...[...document.styleSheets, ...page].map(n)].join()
}

// keptMoves says whether mutation record r is the page's change (not
// yiyue's own attributes, nor the widget's host).
function keptMoves(r) {
  return !b.root.host.contains(r.target) && !(r.type == "attributes" && r.attributeName.startsWith("data-yiyue"))
}

function keptForget() {
  kept = null
  keptWatch.disconnect()
  document.removeEventListener("load", keptForget, true)
}

// A web font that came lays the text out anew.
document.fonts?.addEventListener("loadingdone", keptForget)
