// The view layer: text zoom, contrast schemes, text spacing, link marking
// and the large cursor, applied synchronously before first paint and again
// after every change. All it does to the page is one data-yiyue attribute
// on <html>, data-yiyue-* attributes on page elements, and constructed
// stylesheets (CSP-safe: no <style>, no style attributes), so turning the
// aids off restores the page exactly.
//
// Zoom without CSS zoom: every element that holds text is tagged with the
// index of its original (font-size, line-height) pair, and one generated
// rule per pair sets both × zoom; a zoom change rewrites a few rules, not
// thousands of elements. Boxes around text get min-height: max-content
// (a fixed height then grows with its text, and percentages inside still
// resolve against it); what still clips or spills after layout (floats,
// positioned children, nowrap, badges on text) is fixed in a second pass,
// by generated rules on a per-box number, kept per zoom level: going back
// to a level is a rule swap, with no script per element and no layout
// forced.
//
// The rules are !important and not in a cascade layer: while a layer
// exists, Chromium lays the whole page out again on any stylesheet change
// (even one that matches nothing), so a contrast toggle would cost a full
// layout. Instead they outweigh the page's important rules by specificity:
// :not(#_#_#_) counts as three ids.

const vD = document
const vH = vD.documentElement
const vP = "data-yiyue-"
const vN = ["z", "fit", "off", "fix"]
// vS holds PAGE_CSS, one sheet per part: the build writes the parts a line
// each, in the order of dist.PageParts (zoom, spacing, links, cursor,
// contrast), and a part is adopted only while its aid is on. vR holds the
// generated rules; vCand maps the boxes around
// text to how they overflowed originally; vFx maps the boxes fixed at the
// current level to [number, min-height, wrap, flow], vC keeps them per
// level; vI numbers the fixed boxes.
let vS, vR, vPC, vG, vZ, vK, vTab, vCand, vObs, vQ, vFx, vC
let vI = 0

// applyView applies state s; it returns what it puts in data-yiyue: the
// aids that are on, or "".
function applyView(s) {
  const el = s.elder
  const z = Math.max(+s.zoom || 1, el ? 1.5 : 1)
  const sp = !!(s.spacing || el)
  const c = s.contrast != "off" && s.contrast
  const t = [z > 1 && "zoom", c, sp && "spacing", s.links && "links", (s.cursor || el) && "cursor"].filter(x => x).join(" ")
  const a = vD.adoptedStyleSheets
  if (!vS) {
    vS = []
    vR = new CSSStyleSheet()
    addEventListener("resize", vLater)
    addEventListener("load", vLater)
  }
  if (vPC != PAGE_CSS) (vPC = PAGE_CSS).split("\n").map((c, i) => (vS[i] ||= new CSSStyleSheet()).replaceSync(c))
  if (t != (vH.getAttribute("data-yiyue") || "")) t ? vH.setAttribute("data-yiyue", t) : vH.removeAttribute("data-yiyue")
  // The page's own sheets first, then the parts that are on, then vR.
  const n = a.filter(x => !vS.includes(x) && x != vR)
  if (t) n.push(...[z > 1 || sp, sp, s.links, s.cursor || el, c].map((o, i) => o && vS[i]).filter(x => x), vR)
  if (n.length != a.length || n.some((x, i) => x != a[i])) vD.adoptedStyleSheets = n
  vZ = z
  if (z > 1 || sp) {
    if (!vTab) {
      vTab = new Map()
      vCand = new Map()
      vC = new Map()
      vObs = new MutationObserver(r => {
        if (!vQ) (vQ = []), requestAnimationFrame(vFlush)
        for (const m of r) for (const n of m.addedNodes) vQ.push(n)
      })
      vObs.observe(vD.body, { childList: true, subtree: true })
      vScan([vD.body])
    }
    // Each size (and the page stylesheet, once it came) has its own second
    // pass, which starts from no fixes, so that going down from 300 %
    // leaves no oversized boxes; it needs the page stylesheet's rules.
    const k = z + "" + sp + PAGE_CSS.length
    if (vK != k) {
      vK = k
      if (!(vFx = vC.get(k))) (vFx = new Map()), vGrow()
    }
  } else if (vTab) {
    vObs.disconnect()
    vOff()
    vTab = vQ = vK = 0
  }
  vRules()
  return t
}

// vOff removes the attributes.
function vOff() {
  for (const e of vD.querySelectorAll(vN.map(a => `[${vP + a}]`).join())) for (const a of vN) e.removeAttribute(vP + a)
}

// vScan tags the text-holding elements under roots with their original
// size pair, and the boxes around them that may grow; it records how each
// box already overflowed. It reads with yiyue's sheets disabled (no frame
// is painted in between).
function vScan(roots) {
  const ps = new Set()
  const nc = []
  const list = []
  // Text, and form fields, whose text is not in the DOM.
  for (const r of roots)
    if (r.isConnected)
      for (let w = vD.createTreeWalker(r, 5), n = r; n; n = w.nextNode())
        if (n.nodeType == 3 ? /\S/.test(n.data) : n.matches("input,select,textarea,button")) ps.add(n.nodeType == 3 ? n.parentElement : n)
  for (const p of ps)
    // SVG text is drawing, not reading text: leave it to its viewBox.
    if (p?.namespaceURI == vH.namespaceURI) {
      if (!p.hasAttribute(vP + "z")) list.push(p)
      for (let a = p; a != vD.body && !vCand.has(a); a = a.parentElement) vCand.set(a), nc.push(a)
    }
  if (!nc.length && !list.length) return
  // With yiyue's sheets disabled its attributes match no rule, so tagging
  // between the reads invalidates nothing.
  for (const x of [...vS, vR]) x.disabled = true
  for (const p of list) {
    const c = getComputedStyle(p)
    const k = c.fontSize + " " + c.lineHeight
    if (!vTab.has(k)) vTab.set(k, vTab.size)
    p.setAttribute(vP + "z", vTab.get(k))
  }
  for (const c of nc) {
    const s = getComputedStyle(c)
    const b = [c.scrollHeight - c.clientHeight, c.scrollWidth - c.clientWidth, s.position == "absolute", /^(inline|contents|none)$/.test(s.display)]
    vCand.set(c, b)
    // Skip links wait above the page; grown, they would peek into it.
    if (b[2] && c.getBoundingClientRect().bottom + scrollY <= 0) c.setAttribute(vP + "off", "")
    // Every box that sets no min-height of its own: boxes that already
    // clipped their text (lists cut to a few items) show all of it too.
    if (!b[3] && /^(0px|auto)$/.test(s.minHeight)) c.setAttribute(vP + "fit", "")
  }
  for (const x of [...vS, vR]) x.disabled = false
  return 1
}

// vRules writes the generated rules: the zoom, one rule per size pair, and
// the fixes of the second pass at this level (after the page stylesheet, so
// that they win).
function vRules() {
  // The toolbar, in the shadow root, reads the zoom through inheritance.
  let c = `html{--yiyue-zoom:${vZ}}`
  if (vTab) {
    vTab.forEach((i, k) => {
      const [f, l] = k.split(" ").map(parseFloat)
      c += `[${vP}z="${i}"]:not(#_#_#_){font-size:${f * vZ}px!important;${l ? `line-height:${l * vZ}px!important;` : ""}}`
    })
    for (const [i, h, w, f] of vFx.values())
      c += `[${vP}fix="${i}"]:not(#_#_#_){${h ? `min-height:${h}px!important;` : ""}${w ? `white-space:normal!important;overflow-wrap:anywhere!important;` : ""}${f ? `position:static!important;` : ""}}`
  }
  if (c != vG) vR.replaceSync((vG = c))
}

// vGrow is the second pass, at the current level. Boxes that still
// overflow more than they did originally get a min-height of their height
// plus the overflow (floats and positioned children are not in
// max-content; a min-height outweighs height and max-height); nowrap
// text wraps; once nothing clips, positioned boxes (badges, "more" links)
// that now sit on other text go back into the flow. Each round reads
// everything first (one layout), then writes; a box keeps its number at
// every level.
function vGrow() {
  vRules()
  for (let i = 0; PAGE_CSS && i < 6; i++) {
    const g = []
    const o = []
    for (const [c, b] of vCand) {
      const x = vFx.get(c) || []
      if (!c.isConnected) vCand.delete(c)
      else if (!b[3]) {
        const dh = c.scrollHeight - c.clientHeight - b[0]
        const w = c.scrollWidth - c.clientWidth - b[1] > 1 && !x[2]
        // A box 1 or 2 px wide is the visually-hidden pattern: leave it.
        if ((dh > 1 || w) && c.clientWidth > 2) {
          if (dh > 1) x[1] = Math.ceil(parseFloat(getComputedStyle(c).height) + dh)
          if (w) x[2] = 1
          g.push([c, x])
        }
        if (b[2] && !x[3]) o.push([c, x])
      }
    }
    if (!g.length) for (const [c, x] of o) if (vOver(c)) (x[3] = 1), g.push([c, x])
    if (!g.length) break
    for (const [c, x] of g) vFx.set(c, x), c.setAttribute(vP + "fix", (x[0] = vCand.get(c)[4] ??= vI++))
    vRules()
  }
  vC.set(vK, vFx)
}

// vOver says whether text of the positioned box a's containing block, but
// outside a, overlaps a.
function vOver(a) {
  const r = a.getBoundingClientRect()
  const rg = new Range()
  const cb = a.offsetParent
  if (cb && cb != vD.body && r.width)
    for (const e of cb.querySelectorAll(`[${vP}z]`))
      if (!a.contains(e) && !e.contains(a))
        for (const t of e.childNodes)
          if (t.nodeType == 3) {
            rg.selectNodeContents(t)
            for (const q of rg.getClientRects()) if (q.right > r.left + 2 && q.left < r.right - 2 && q.bottom > r.top + 2 && q.top < r.bottom - 2) return 1
          }
}

// New text may need more fixes at this level; the other levels' fixes
// did not see it and are found again when visited.
function vFlush() {
  const q = vQ
  vQ = 0
  if (vTab && q && vScan(q)) vC.clear(), vGrow()
}

// Another viewport (or the images, once loaded) lays the page out anew:
// every level's fixes are found again, this one now, from none.
function vLater() {
  requestAnimationFrame(() => vTab && (vC.clear(), (vFx = new Map()), vGrow()))
}
