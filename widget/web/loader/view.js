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
// resolve against it). What still clips or spills after layout is fixed
// by a second pass, which the runtime script carries (runtime/fit.js):
// the loader carries only what the first frame needs. A page opened with
// a saved zoom loads that script, without starting Go, and is shown once
// its fixes are in (or after 3 s), so that they shift nothing the
// reader has seen.
//
// The rules are !important and not in a cascade layer: while a layer
// exists, Chromium lays the whole page out again on any stylesheet change
// (even one that matches nothing), so a contrast toggle would cost a full
// layout. Instead they outweigh the page's important rules by specificity:
// :not(#_#_#_) counts as three ids.

const vD = document
const vH = vD.documentElement
const vP = "data-yiyue-"
// vS holds PAGE_CSS, one sheet per part: the build writes the parts a line
// each, in the order of dist.PageParts (zoom, spacing, links, cursor,
// contrast), and a part is adopted only while its aid is on. vR holds the
// generated rules; vCand maps the boxes around text to how they overflowed
// originally (the second pass keeps its fixes in a sheet of its own).
// vAsked says the runtime script was asked for; vHide, that the page is
// hidden: 1 till that script comes (vGrow), 2 till Go has converted it
// (boot.js); vBoot, that the loader's first pass is running.
const vS = [], vR = new CSSStyleSheet()
let vPC, vG, vZ, vK, vTab, vCand, vAsked, vHide
let vBoot = 1

// applyView applies state s; it returns what it puts in data-yiyue: the
// aids that are on, or "".
function applyView(s) {
  const el = s.elder
  const z = Math.max(+s.zoom || 1, el ? 1.5 : 1)
  const sp = !!(s.spacing || el)
  const c = s.contrast != "off" && s.contrast
  const cu = s.cursor || el
  const t = [z > 1 && "zoom", c, sp && "spacing", s.links && "links", cu && "cursor"].filter(x => x).join(" ")
  const a = vD.adoptedStyleSheets
  if (vPC != PAGE_CSS) (vPC = PAGE_CSS).split("\n").map((c, i) => (vS[i] ||= new CSSStyleSheet()).replaceSync(c))
  const hd = vH.dataset
  if (t != (hd.yiyue || "")) t ? (hd.yiyue = t) : delete hd.yiyue
  // The page's own sheets first, then the parts that are on, then vR.
  const n = a.filter(x => !vS.includes(x) && x != vR)
  if (t || vHide) n.push(...[z > 1 || sp, sp, s.links, cu, c].map((o, i) => o && vS[i]).filter(x => x), vR)
  if (n.length != a.length || n.some((x, i) => x != a[i])) vD.adoptedStyleSheets = n
  vZ = z
  if (z > 1 || sp) {
    if (!vTab) {
      vTab = new Map()
      vCand = new Map()
      // The runtime gives back what it kept when they went off, if the
      // page is as it was then (runtime/kept.js).
      bridge.back?.(vTab, vCand) || vScan([vD.body])
    }
    // Each size (and the page stylesheet, once it came) has its own second
    // pass, which starts from no fixes, so that going down from 300 %
    // leaves no oversized boxes; it needs the page stylesheet's rules.
    const k = z + "" + sp + PAGE_CSS.length
    if (vK != k) (vK = k), vGrow()
  } else if (vTab) {
    // The runtime takes the attributes off (it is there: the first pass
    // asked for it), and keeps them with the table.
    bridge.fit?.(vTab)
    vTab = vK = 0
  }
  vRules()
  return t
}

// vScan tags the text-holding elements under roots with their original
// size pair, and the boxes around them that may grow; it records how each
// box already overflowed. It reads with yiyue's sheets disabled (no frame
// is painted in between), unless on: the runtime found that what it reads
// is the same with them (runtime/fit.js, grown).
function vScan(roots, on) {
  const ps = new Set()
  const nc = []
  const list = []
  // Text, and form fields, whose text is not in the DOM.
  // A root may be null: a tag in <head> without defer runs before <body>.
  for (const r of roots)
    if (r?.isConnected)
      for (let w = vD.createTreeWalker(r, 5), n = r; n; n = w.nextNode())
        ps.add(n.nodeType == 3 ? /\S/.test(n.data) && n.parentElement : n.matches("input,select,textarea,button") && n)
  for (const p of ps)
    // SVG text is drawing, not reading text: leave it to its viewBox.
    if (p?.namespaceURI == vH.namespaceURI) {
      if (!p.hasAttribute(vP + "z")) list.push(p)
      for (let a = p; a != vD.body && !vCand.has(a); a = a.parentElement) vCand.set(a), nc.push(a)
    }
  if (!nc.length && !list.length) return
  // With yiyue's sheets disabled its attributes match no rule, so tagging
  // between the reads invalidates nothing. A long page's boxes were read
  // while it was idle (runtime/prescan.js).
  vOwn(!on)
  for (const c of nc) {
    const b = bridge.pre?.get(c) || vRead(c)
    vCand.set(c, b)
    // Skip links wait above the page; grown, they would peek into it.
    // A box not drawn now (a menu, a slide's caption, a panel shown
    // later) has no height: it is not one (at 0, it was taken for one).
    if (b[2] && c.offsetHeight && c.getBoundingClientRect().bottom + scrollY <= 0) c.setAttribute(vP + "off", "")
    if (b[4]) c.setAttribute(vP + "fit", "")
  }
  // Sizes are read now: a page may have changed them in ways that the
  // runtime does not see (its own size links, say). All of them before
  // any is tagged: with yiyue's sheets on, a tag would zoom the text
  // inside it before that is read.
  for (const [p, k] of list.map(p => [p, (p = getComputedStyle(p)).fontSize + " " + p.lineHeight])) {
    if (!vTab.has(k)) vTab.set(k, vTab.size)
    p.setAttribute(vP + "z", vTab.get(k))
  }
  // The page's first scan lays it out as it was: the runtime holds the
  // blocks far below the screen now (runtime/lazy.js), not before, when
  // each read in one would lay it out.
  bridge.held?.()
  vOwn(false)
  return 1
}

// vRead reads what the scan keeps of element e, as the page has it: [how
// far its content overflows it down, across; whether it is positioned
// absolutely; inline; whether it may grow: a box that sets no min-height
// of its own (boxes that already clipped their text, lists cut to a few
// items, then show all of it too)]. The second pass adds its number for
// the box (fit.js).
function vRead(e) {
  const s = getComputedStyle(e), i = /^(inline|contents|none)$/.test(s.display)
  return [e.scrollHeight - e.clientHeight, e.scrollWidth - e.clientWidth, s.position == "absolute", i, !i && /^(0px|auto)$/.test(s.minHeight)]
}

// vOwn disables or enables yiyue's sheets.
function vOwn(off) {
  for (const x of [...vS, vR]) x.disabled = off
}

// vRules writes the generated rules: the zoom, one rule per size pair. A
// line height over twice its text (a one-line item centred in its box)
// grows only to twice the zoomed text, never below the page's: wrapped,
// such an item's lines would stand three lines apart.
function vRules() {
  // The toolbar, in the shadow root, reads the zoom through inheritance.
  // Hidden, not invisible: the page's autofocus and focus() still work,
  // and what a page makes visible on its own is hidden too; clicks do not
  // land on it. Important, so that a page's own opacity (a fade-in) does
  // not show it meanwhile.
  let c = (vHide ? "body{opacity:0!important;pointer-events:none!important}" : "") + `html{--yiyue-zoom:${vZ}}`
  if (vTab)
    vTab.forEach((i, k) => {
      const [f, l] = k.split(" ").map(parseFloat)
      c += `[${vP}z="${i}"]:not(#_#_#_){font-size:${f * vZ}px!important;${l ? `line-height:${Math.max(l, Math.min(l, 2 * f) * vZ)}px!important;` : ""}}`
    })
  if (c != vG) vR.replaceSync((vG = c))
}

// vGrow runs the second pass at the current level (fresh: every level
// anew); the runtime also calls it (bridge.grow) when new text, a new
// viewport or the images' layout call for new fixes. Without the runtime
// script, it asks for it, once: a page opened with a saved zoom (vBoot) is
// hidden until it comes, or fails, or 3 s passed (boot.js); what the page
// added meanwhile is scanned then. (Any change made through the API loads
// the script.)
function vGrow(fresh) {
  if (vTab && PAGE_CSS) {
    if (bridge.fit) return bridge.fit(vCand, vK, fresh, vRules)
    if (!vAsked) {
      vAsked = 1
      vHide |= vBoot
      const go = () => {
        vHide &= 2
        if (vTab) vScan([vD.body])
        vGrow(1)
      }
      script().then(go, go)
    }
  }
  vRules()
}
