// glyphs.js readies the text sizes a reader is likely to go to next: the
// toolbar's steps either side of the zoom in force, or at the first or
// last step the two beside it; the nearer first (a reader's first press of
// 大 goes to 125 %), or, for a reader who went up, the one above. At a
// size it has not drawn before, the browser loads each glyph's metrics
// anew, and on a Chinese page, with hundreds of distinct characters, that
// is most of the relayout. Measuring the page's characters at those sizes
// on a canvas loads them while the page is idle, a slice at a time, so
// that the next step only lays out.
// Two levels, not every step: the renderer keeps glyphs in a small cache
// (Skia's, which Chromium caps at 1 MiB; a memory dump of the example
// portal's renderer held 0.7-1.0 MB of it at 125-300 %, with two levels
// readied). Readying every step pushed out the nearest ones, so that a
// reader's step there took 12 ms against 8 ms, and a third level made a
// reader's steps and the elder mode 1-2 ms slower while it spared the
// jumps (go run ./build bench). Nor the page's own size: set up again at
// every level (a few characters a font), it took a zoom off after a
// reader's steps from 17 to 11 ms, and made a reader's jumps 4-5 ms
// slower (13 against 17 ms). Where the renderer also draws the glyphs
// (no GPU), those drawn at 300 % fill most of the cache themselves. For
// the same reason the levels are measured anew at every change, even if
// measured before. Every step's fonts are set up once, with a few
// characters each (see below): that takes little of the cache and saves a
// script's zooms back to back, with no idle time between them, about 3 ms
// a new level.
// fit.js calls glyphsSoon with its level's key whenever it fits, and
// without one when the zoom goes off; so does this script when it starts,
// for a reader's first step (and the elder mode's 150 %), which a reader
// takes once the toolbar is open. A browser without idle callbacks or
// OffscreenCanvas skips it.
const glyphsIdle = window.OffscreenCanvas && window.requestIdleCallback
// glyphsZ is the zoom the last job readied around. glyphsFew holds the
// runs that set up every step's fonts, still to measure, and glyphsSet
// the fonts they were made for.
let glyphsJob, glyphsKey, glyphsZ = 1
const glyphsFew = [], glyphsSet = new Set()

function glyphsSoon(key) {
  // Once per level: text the page adds later (a ticker) is not worth
  // measuring again and again.
  key ||= "off"
  if (!glyphsIdle || key == glyphsKey) return
  glyphsKey = key
  // The zoom in force, the steps either side, the zoomed elements; then,
  // per font at the original size ([style, weight, px, family, locale]),
  // its characters; then the [font, locale, text] runs to measure.
  let z, next, els, at = 0, measured = 0, setups = 0
  const fonts = new Map(), runs = []
  const steps = [() => {
    if (!els) {
      z = +getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") || 1
      const below = rt.steps.filter(t => t < z), above = rt.steps.filter(t => t > z)
      const lo = below.pop(), hi = above.shift()
      next = lo ? [lo, hi ?? below.pop()] : [hi, above.shift()]
      // A reader who went up goes on up, most likely: that one first.
      if (z > glyphsZ && hi) next.reverse()
      glyphsZ = z
      els = document.querySelectorAll("[data-yiyue-z]")
      // Unzoomed, nothing is tagged: the elements that hold text.
      if (!els.length) {
        els = new Set()
        for (const w = document.createTreeWalker(document.body, 4); w.nextNode(); ) els.add(w.currentNode.parentElement)
        els = [...els].filter(e => !e.closest("script,style,noscript,template,[data-yiyue-skip]"))
      }
    }
    for (const end = Math.min(at + 200, els.length); at < end; at++) {
      const e = els[at], c = getComputedStyle(e)
      let t = ""
      for (const n of e.childNodes) if (n.nodeType == 3) t += n.data
      if (!/\S/.test(t)) continue
      const k = [c.fontStyle, c.fontWeight, Math.round((parseFloat(c.fontSize) / z) * 100) / 100, c.fontFamily, (c.webkitLocale || "").replace(/"/g, "")].join("\n")
      const s = fonts.get(k) || new Set()
      for (const ch of t) s.add(ch)
      fonts.set(k, s)
    }
    if (at < els.length) return 1
    for (const t of next)
      for (const [k, s] of fonts) {
        const [font, lang] = glyphsFont(k, t), chars = [...s].join("")
        for (let j = 0; j < chars.length; j += 100) runs.push([font, lang, chars.slice(j, j + 100)])
      }
    // Then, once, every step's fonts: at a size new to the page, the
    // browser asks its host for each font's and fallback font's hinting,
    // 3 ms of a new level on the example portal. A few characters a font
    // set that up and take little of the glyph cache; a later job goes on
    // with them. At most 40 fonts: a page of many sizes (a tag cloud)
    // would keep the browser busy for little.
    for (const [k, s] of fonts) {
      if (glyphsSet.has(k) || glyphsSet.size >= 40) continue
      glyphsSet.add(k)
      const seen = new Set()
      let few = ""
      for (const ch of s) {
        const c = ch.codePointAt(0), kind = c < 128 ? /\d/.test(ch) + 2 * /[a-z]/i.test(ch) : c >> 10
        if (!seen.has(kind)) seen.add(kind), (few += ch)
      }
      for (const t of rt.steps) if (t != 1) glyphsFew.push([...glyphsFont(k, t), few])
    }
  }, () => {
    const setup = !runs.length, run = setup ? glyphsFew.shift() : runs.shift()
    if (!run) return 0
    // A new OffscreenCanvas each time: measured on one kept for the job,
    // or on a <canvas> element, the page's next step took 25-30 ms here,
    // as unreadied, against 15 ms.
    const ctx = new OffscreenCanvas(1, 1).getContext("2d")
    const [font, lang, text] = run
    ctx.font = font
    if (lang && lang != "auto") ctx.lang = lang
    ctx.measureText(text)
    setup ? setups++ : measured++
    return runs.length + glyphsFew.length
  }]
  // A newer job (another level) ends this one.
  const job = (glyphsJob = d => {
    if (job != glyphsJob) return
    // Blocks held by lazy.js would be styled one by one: wait for them.
    if (lazyHeld.length) return rt.afterLazy(() => glyphsIdle(job))
    // A long page's boxes first, unless that waits: they save its first
    // zoom more (prescan.js).
    if (prescanJob && !prescanHeld) return glyphsIdle(job)
    while (steps.length && d.timeRemaining() > 2) if (!steps[0]()) steps.shift()
    if (steps.length) glyphsIdle(job)
    // Done: a mark in the page's performance timeline says what for.
    else if (next.length) performance.mark("yiyue-glyphs", { detail: { levels: next, fonts: fonts.size, runs: measured, setups } })
  })
  glyphsIdle(job)
}

// glyphsFont is the canvas font and the locale of font key k (as
// glyphsSoon files them) at level t: the size the zoom rule writes,
// original × level.
function glyphsFont(k, t) {
  const [style, weight, px, family, lang] = k.split("\n")
  return [`${style} ${weight} ${px * t}px ${family}`, lang]
}

glyphsSoon()
