// lazy.js lays out first what a change of the view shows. Zoom, a scheme
// or spacing restyles the whole page, and the browser lays all of it out
// again before it draws the next frame: on a long page (10,000 elements)
// 200-300 ms, most of it for text far below the screen. So before such a
// change, the blocks that start more than half a screen below what is
// shown are held (data-yiyue-lazy): content-visibility: auto at their
// present size times the text's growth, so that the frame styles and
// lays out only the rest (the browser draws what is within half a screen
// anyway). Then, once the browser is idle, they are let go, nearest
// first, in turns of up to 40 ms, and text zoom's second pass (fit.js)
// looks at them once all are. A script still reads true styles and boxes
// meanwhile (the browser lays a held block out when asked about it), and
// set() settles once all are let go (start.js).
//
// Blocks are held on long pages only, when they hold lazyMin elements or
// more: Chromium takes held blocks out of the accessibility tree until
// they are let go, and a screen reader should not see the page shrink for
// the few milliseconds a short page saves (the example portal saves none).
// On a long page the alternative is a main thread blocked for as long,
// with the accessibility tree waiting too.
//
// Only blocks below the screen are held: containment scopes counters and
// makes a block its own formatting context, which changes nothing above it.
// Only plain blocks in the flow with nothing positioned inside (which
// containment would move, or hide with the block) are held, never the
// widget's host or what holds focus.
const lazyA = "data-yiyue-lazy", lazyMin = 1500
// lazyKeys are the state's fields that restyle the page.
const lazyKeys = ["zoom", "contrast", "spacing", "links", "cursor", "elder"]
const lazySheet = new CSSStyleSheet()
// lazyHeld lists the held blocks in document order; lazySizes, the sizes
// with a rule; lazyOK, whether a block's style lets it be held, and
// lazyPos, the elements with something positioned inside (both forgotten
// whenever the page adds something); lazyWaits, what waits for all to be
// let go; lazyRun, how many blocks a turn lets go: doubled while a turn
// takes under 20 ms, halved over 40; lazyAsked, what cancels the next
// turn.
let lazyHeld = [], lazyOK, lazyPos, lazyWaits = [], lazyRun = 8, lazyAsked
const lazySizes = new Set()
// lazyAll is the page's elements, live.
const lazyAll = document.getElementsByTagName("*")

// Every commit of a view change comes here first; one that grows or
// shrinks text keeps the reader's place too (place.js).
const lazyCommit = b.commit
b.commit = (s, quiet) => {
  const n = JSON.parse(s), o = b.state()
  if (!lazyKeys.some(k => n[k] !== o[k])) return lazyCommit(s, quiet)
  const shrink = lazyGrowth(o) / lazyGrowth(n), at = shrink != 1 && placeMark()
  // The page's width and its bars as they are, for fit.js, before its
  // text first grows: placeMark has just laid it out, and the last frame
  // left it ready for hit tests. Read in fit.js, after the loader's scan
  // had restyled the page, the bars took 3 ms of a first zoom.
  if (lazyGrowth(o) == 1 && shrink < 1) (fitW = fitWidth()), (fitAt1 ||= fixedBars())
  // A turn due next (a task that lays blocks out for up to 40 ms) would
  // run before this change's frame, or right after it, ahead of what the
  // reader does next: it waits for idle time again.
  if (lazyAsked) lazyAsked(), (lazyAsked = 0)
  // Text zoom or spacing on a page not yet tagged: the loader scans it
  // first, and calls b.held after its reads (view.js); unless the tags
  // come back as they were (kept.js), without a scan.
  if ((n.zoom > 1 || n.spacing || n.elder) && !kept && !document.querySelector("[data-yiyue-z]")) b.held = () => lazyHold(shrink)
  else lazyHold(shrink)
  try {
    lazyCommit(s, quiet)
  } finally {
    b.held = null
    if (lazyHeld.length) lazySoon()
  }
  if (at) placeKept(at)
}

// rt.afterLazy runs f once no block is held (at once when none is).
rt.afterLazy = f => (lazyHeld.length ? lazyWaits.push(f) : f())

// lazyOutside returns the entries of m (element -> value) outside the held
// blocks: fit.js leaves the rest for later. It walks only what is outside,
// a screen or two of a long page.
function lazyOutside(m) {
  const out = new Map(), w = document.createTreeWalker(document.body, 1, { acceptNode: e => (e.hasAttribute(lazyA) ? 2 : 1) })
  for (let e = w.currentNode; e; e = w.nextNode()) if (m.has(e)) out.set(e, m.get(e))
  return out
}

// lazyGrowth is roughly how much state s grows the page's text.
function lazyGrowth(s) {
  return Math.max(s.zoom, s.elder ? 1.5 : 1) * (s.spacing || s.elder ? 1.5 : 1)
}

// lazyHold holds the blocks that start more than half a screen below the
// screen once the change is made, which shrinks the text by shrink (the
// blocks move up as much): the browser draws what comes nearer at once
// anyway. The boxes that reach into that part are looked into.
function lazyHold(shrink) {
  // A short page has nothing to hold: no walk (half a millisecond of a
  // toggle on the example portal).
  if (lazyAll.length < lazyMin) return
  const h = innerHeight * 1.5 * Math.max(1, shrink), held = new Set(lazyHeld), add = []
  const walk = (e, d) => {
    for (const c of e.children) {
      if (held.has(c)) continue
      const r = c.getBoundingClientRect()
      if (r.top > h) {
        // At the height it will roughly have, so that the scrollbar
        // shows about the page's new length meanwhile.
        if (r.height && lazyMay(c)) add.push([c, Math.ceil(r.width) + "px " + Math.ceil(r.height / shrink) + "px"])
      } else if (r.bottom > 0 && d < 16 && c.childElementCount) walk(c, d + 1)
    }
  }
  if (document.body) walk(document.body, 0)
  let els = 0
  for (const [c] of add) els += c.getElementsByTagName("*").length + 1
  if (els < lazyMin) return
  const n = lazySizes.size
  for (const [, z] of add) lazySizes.add(z)
  if (lazySizes.size > n) lazySheet.replaceSync([...lazySizes].map(z => `[${lazyA}="${z}"]:not(#_#_#_){content-visibility:auto!important;contain-intrinsic-size:${z}!important}`).join(""))
  // First of the sheets, so that the loader's order of its own stays; a
  // page that set its sheets since dropped it.
  const a = document.adoptedStyleSheets
  if (!a.includes(lazySheet)) document.adoptedStyleSheets = [lazySheet, ...a]
  for (const [c, z] of add) c.setAttribute(lazyA, z), held.add(c)
  lazyHeld = [...lazyHeld, ...add.map(x => x[0])]
  // Held blocks come in document order only within one hold; nearest
  // first is what matters, and a second hold adds nearer ones rarely.
  lazySoon()
}

// lazyMay says whether block c may be held. What its style says is kept
// till the page adds or removes something; focus moves, and is looked at
// each time.
function lazyMay(c) {
  lazyWatch()
  let ok = lazyOK.get(c)
  if (ok == null) {
    const s = getComputedStyle(c)
    ok = /^(block|flow-root|flex|grid|table)$/.test(s.display) && /^(static|relative)$/.test(s.position) && s.float == "none" && !(lazyPos ||= lazyPositioned()).has(c)
    lazyOK.set(c, ok)
  }
  return ok && !c.contains(b.root.host) && !c.contains(document.activeElement)
}

// lazyWatch forgets what lazyMay found whenever the page adds or removes
// something.
function lazyWatch() {
  if (lazyOK) return
  lazyOK = new WeakMap()
  new MutationObserver(() => ((lazyOK = new WeakMap()), (lazyPos = null))).observe(document, { childList: true, subtree: true })
}

// lazyPositioned returns the elements with something positioned inside,
// which containment would move, or hide with the block: one pass over the
// page (10 ms on 10,000 elements), or over its elements from to to, adding
// to s.
function lazyPositioned(s = new WeakSet(), from = 0, to = lazyAll.length) {
  for (let i = from; i < to; i++) {
    const d = lazyAll[i]
    if (!/^(static|relative)$/.test(getComputedStyle(d).position))
      for (let a = d.parentElement; a && !s.has(a); a = a.parentElement) s.add(a)
  }
  return s
}

// A long page's first view change would make that pass: it is made while
// the page is idle, once the runtime has started, 500 elements at a time
// (a page of 100,000 would block input for 100 ms), and made anew when
// the page adds or removes something meanwhile.
if (lazyAll.length >= lazyMin && window.requestIdleCallback) {
  lazyWatch()
  let s, at, seen
  const more = d => {
    if (lazyPos) return
    if (seen != lazyOK) (seen = lazyOK), (s = new WeakSet()), (at = 0)
    while (at < lazyAll.length && d.timeRemaining() > 1) {
      const to = Math.min(at + 500, lazyAll.length)
      lazyPositioned(s, at, to)
      at = to
    }
    if (at < lazyAll.length) requestIdleCallback(more)
    else lazyPos = s
  }
  requestIdleCallback(more)
}

// lazySoon asks for idle time to let blocks go, within 100 ms at the
// latest.
function lazySoon() {
  if (lazyAsked) return
  if (window.requestIdleCallback) {
    const id = requestIdleCallback(lazyGo, { timeout: 100 })
    lazyAsked = () => cancelIdleCallback(id)
  } else lazyAsked = lazyTimer(16)
}

// lazyTimer runs lazyGo in ms and returns what cancels it.
function lazyTimer(ms) {
  const id = setTimeout(lazyGo, ms)
  return () => clearTimeout(id)
}

// lazyGo lets lazyRun blocks go, and lays them out there; once all are,
// the second pass sees them, and what waited runs. A turn is not held to
// the idle time the browser offers, a few milliseconds between frames:
// each turn lays out the page around the blocks anew, and 300 turns of
// one block each took 1.7 s on 10,000 elements; in turns of up to 40 ms,
// one a task, it takes about as long as laying out the whole page.
function lazyGo() {
  lazyAsked = 0
  const t = performance.now(), go = lazyHeld.splice(0, lazyRun)
  for (const e of go) e.removeAttribute(lazyA)
  document.body?.offsetHeight
  const ms = performance.now() - t
  if (ms < 20) lazyRun *= 2
  else if (ms > 40) lazyRun = Math.max(1, lazyRun >> 1)
  // The next turn in the next task: between idle periods the browser
  // draws a frame, and waiting for the next one doubled the time.
  if (lazyHeld.length) return (lazyAsked = lazyTimer(0))
  // Nothing of it stays on the page.
  lazySizes.clear()
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter(x => x != lazySheet)
  fitRest()
  for (const f of lazyWaits.splice(0)) f()
}
