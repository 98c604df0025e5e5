// restyle.js keeps text zoom multiplying the size the page shows when the
// page changes it later: its own 字号 大/中/小 links, an inline size, a
// class (on <html> too, as sites sized in rem do). The loader tags each
// element that holds text with its size as the page had it and sizes it
// × zoom with an !important rule (view.js), which would hide the page's
// new size. So while text zoom or spacing is on, a change of an element's
// style or class that may size text is seen here, and the elements under
// it are read again as the page now has them (fitScan, with yiyue's sheets
// off) before the next frame; when any size moved, the boxes around and
// inside are fitted again (fitAround).
//
// Reading again lays the page out twice, so changes that cannot size
// text are told apart first: a style attribute whose font size and line
// height say the same (a carousel's moves), and a class whose names, as
// they came and went, appear in no page rule that sets a font size or line
// height ("scrolled", "menu-open"). And a change of class from one value
// to another that sized nothing is not read again on that element till a
// size moves: where a sheet cannot be read (one from another origin), any
// class may size text, and this keeps a carousel's classes cheap.
const restyleDecl = document.createElement("i").style
// restyleQ maps the elements changed since the last frame to their
// changes of class (old and new value); restyleSame, an element to such
// changes that sized nothing.
let restyleObs, restyleQ, restyleSame = new WeakMap()
// restyleNames holds the class names that the page's rules size text
// with, for restyleCount sheets; "*" when a sheet cannot be read (from
// another origin): then any class may.
let restyleNames, restyleCount

const restyleFit = b.fit
b.fit = (...a) => {
  restyleFit(...a)
  if (!a[1]) return restyleObs && restyleObs.disconnect()
  restyleObs = restyleObs || new MutationObserver(restyleNote)
  restyleObs.observe(document.documentElement, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["style", "class"] })
}

// restyleSize gives what a style attribute's value says of text size.
function restyleSize(v) {
  restyleDecl.cssText = v || ""
  return restyleDecl.fontSize + " " + restyleDecl.lineHeight
}

// restyleSizing returns the class names that page rules size text with.
function restyleSizing() {
  const sheets = [...document.styleSheets, ...document.adoptedStyleSheets]
  if (restyleNames && sheets.length == restyleCount) return restyleNames
  restyleCount = sheets.length
  restyleSame = new WeakMap()
  const out = (restyleNames = new Set())
  const walk = rules => {
    for (const r of rules) {
      if (r.cssRules) walk(r.cssRules)
      if (r.selectorText && (r.style.fontSize || r.style.lineHeight))
        for (const m of r.selectorText.matchAll(/\.((?:[\w-]|\\.|[^\0-\x7f])+)/g)) out.add(m[1].replace(/\\(.)/g, "$1"))
    }
  }
  for (const s of sheets)
    try {
      walk(s.cssRules)
    } catch (e) {
      out.add("*")
    }
  return out
}

// restyleSizes says whether a change of class from old to now may size
// text.
function restyleSizes(old, now) {
  const a = new Set((old || "").split(/\s+/)), c = new Set((now || "").split(/\s+/)), s = restyleSizing()
  return s.has("*") || [...a, ...c].some(n => n && a.has(n) != c.has(n) && s.has(n))
}

function restyleNote(recs) {
  for (const r of recs) {
    // Any of them may show a box not drawn before, or open a folded one
    // (fit.js).
    fitSoon(r.target)
    const e = r.target, now = e.getAttribute(r.attributeName), cls = r.attributeName == "class", change = (r.oldValue || "") + "\n" + (now || "")
    if (e == b.root.host || (cls ? !restyleSizes(r.oldValue, now) || restyleSame.get(e)?.has(change) : restyleSize(r.oldValue) == restyleSize(now))) continue
    if (!restyleQ) (restyleQ = new Map()), requestAnimationFrame(restyleRun)
    if (!restyleQ.has(e)) restyleQ.set(e, [])
    if (cls) restyleQ.get(e).push(change)
  }
}

// restyleRun reads again the sizes of the tagged elements under what
// changed, and fits the boxes around them again when any moved.
function restyleRun() {
  const q = restyleQ, old = new Map()
  restyleQ = null
  // <html> and <head> size text through <body>: it is read again whole.
  const roots = [...new Set([...q.keys()].map(e => (document.body.contains(e) ? e : document.body)))].filter(e => e.isConnected)
  for (const e of roots) for (const x of [e, ...e.querySelectorAll(`[${fitZ}]`)]) if (x.hasAttribute(fitZ)) old.set(x, x.getAttribute(fitZ))
  if (!old.size) return
  // Untagged, they are read and tagged anew by the loader's scan.
  for (const x of old.keys()) x.removeAttribute(fitZ)
  fitScan(roots)
  for (const [x, i] of old) if (x.getAttribute(fitZ) != i) return (restyleSame = new WeakMap()), fitAround(roots)
  // Only a lone change is known (a batch of several gives each record the
  // latest value).
  for (const [e, ch] of q) if (ch.length == 1) restyleSame.set(e, new Set([...(restyleSame.get(e) || []), ...ch]))
}

// Another viewport may bring a media query's rules into play: what sized
// nothing may size text now.
addEventListener("resize", () => (restyleSame = new WeakMap()))
