// kept.js keeps what text zoom found on the page when zoom and spacing go
// off, for when they come back: the loader's tags and its table of sizes,
// the boxes around text, and each level's fixes. Going off takes every
// attribute off the page, as it must; coming back would scan the page
// again and fit the level anew, most of a toggle of the elder mode (长者助手)
// on the example portal (the scan 4 ms and the fitting 12 ms of 24). A
// reader who turns it off to look at the page as it was, and on again,
// gets the attributes back as they were, and the level's rules.
//
// What is kept is forgotten as soon as the page changes in a way that may
// size or move its text while the aids are off: an element or text added,
// removed or changed, a style attribute with another font size or line
// height, a class that sizes text (restyle.js), a new width, a web font
// that came. Changes to the widget's own host do not count.
let kept, keptWatch
const keptFit = b.fit
b.fit = (...a) => {
  if (a[1]) return keptFit(...a)
  // Off: the loader hands over its table (view.js). Read before fit.js
  // takes the attributes and the levels away.
  // Each element's attributes in their order, so that they come back as
  // they were.
  const tags = [], mine = new Set(FIT_ATTRS.map(a => "data-yiyue-" + a))
  for (const e of fitTagged()) tags.push([e, e.getAttributeNames().filter(n => mine.has(n)).map(n => [n, e.getAttribute(n)])])
  kept = a[0] && fitNow && [a[0], fitNow[0], [...levels], tags, innerWidth]
  keptFit()
  if (!kept) return
  keptWatch ||= new MutationObserver(r => r.some(keptMoves) && keptForget())
  keptWatch.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true, attributeFilter: ["style", "class"] })
}

// b.back fills the loader's new table and boxes (tab, cand) with what was
// kept, puts the attributes back and says so; it says nothing when nothing
// is kept, and the loader scans the page. A long page's blocks were held
// before the change (lazy.js), while the page was laid out as it was: read
// here, with yiyue's sheets in force and the attributes back, the same
// read laid 10,000 elements out anew (50 ms).
b.back = (tab, cand) => {
  const k = kept
  keptForget()
  if (!k || k[4] != innerWidth) return
  const [t, c, lv, tags] = k
  for (const [e, v] of tags) for (const [n, x] of v) e.setAttribute(n, x)
  for (const [n, i] of t) tab.set(n, i)
  for (const [e, o] of c) cand.set(e, o)
  for (const [n, fx] of lv) levels.set(n, fx)
  return 1
}

// keptMoves says whether mutation record r may size or move the page's
// text.
function keptMoves(r) {
  const e = r.target.nodeType == 1 ? r.target : r.target.parentElement
  if (!e || e.closest("[data-yiyue-skip]")) return false
  if (r.type != "attributes") return true
  const now = e.getAttribute(r.attributeName)
  return r.attributeName == "class" ? restyleSizes(r.oldValue, now) : restyleSize(r.oldValue) != restyleSize(now)
}

function keptForget() {
  kept = null
  keptWatch?.disconnect()
}

// A web font that came lays the text out anew.
document.fonts?.addEventListener("loadingdone", keptForget)
