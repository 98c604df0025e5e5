// The view layer: text zoom, contrast schemes, spacing, link marking and the
// large cursor, applied synchronously before first paint and after every
// change. Everything it does to the page is either an attribute named
// data-yiyue-* (removed again when off) or a rule in a constructed
// stylesheet (CSP-safe; no style attributes are written), so turning an aid
// off restores the page exactly.
//
// Zoom works on px-based portals without CSS zoom: each element that holds
// text is tagged with the index of its original (font-size, line-height)
// pair, and one generated rule per pair sets both × zoom. Changing the zoom
// rewrites a handful of rules instead of touching every element. Boxes that
// would then clip or spill text (fixed heights, nowrap) are tagged to grow.
// All rules live in @layer yiyue with !important: layered important rules
// beat the page's own important rules, whatever their specificity.

const vD = document
const vH = vD.documentElement
const vP = "data-yiyue-"
const vF = "input,select,textarea,button"
// vPage holds PAGE_CSS; vZs the generated zoom and grow rules.
let vPage, vZs, vTab, vHs, vCand, vBase, vObs, vZ, vK, vQ, vHost

function vAttr(e, n, v) {
  n = vP + n
  if (v == null || v === false) e.removeAttribute(n)
  else if (e.getAttribute(n) !== (v += "")) e.setAttribute(n, v)
}

function vAdopt(sh, on) {
  const a = vD.adoptedStyleSheets
  if (on != a.includes(sh)) vD.adoptedStyleSheets = on ? [...a, sh] : a.filter(x => x != sh)
}

function applyView(s, root) {
  const el = s.elder
  const z = Math.max(+s.zoom || 1, el ? 1.5 : 1)
  const sp = !!(s.spacing || el)
  const c = s.contrast != "off" && s.contrast
  const on = z > 1 || sp
  vHost = root && root.host
  vAttr(vH, "contrast", c)
  vAttr(vH, "spacing", sp && 1)
  vAttr(vH, "links", s.links && 1)
  vAttr(vH, "cursor", (s.cursor || el) && 1)
  if (!vPage) {
    vPage = new CSSStyleSheet()
    vPage.replaceSync(PAGE_CSS)
    vZs = new CSSStyleSheet()
    addEventListener("resize", vLater)
    addEventListener("load", vLater)
  }
  vAdopt(vPage, on || c || s.links || s.cursor || el)
  vAdopt(vZs, on)
  if (!on) {
    if (vTab) {
      vObs.disconnect()
      for (const e of vD.querySelectorAll(`[${vP}z],[${vP}grow],[${vP}wrap]`))
        for (const n of ["z", "grow", "wrap"]) e.removeAttribute(vP + n)
      vTab = vQ = 0
      vZs.replaceSync("")
    }
    return
  }
  if (!vTab) {
    vTab = new Map()
    vHs = new Set()
    vCand = new Set()
    vBase = new WeakMap()
    vK = 0
    vObs = new MutationObserver(r => {
      if (!vQ) (vQ = []), requestAnimationFrame(vFlush)
      for (const m of r) for (const n of m.addedNodes) vQ.push(n)
    })
    vObs.observe(vD.body, { childList: true, subtree: true })
    vScan([vD.body])
  }
  vZ = z + ";--yiyue-elder:" + (el ? 1 : 0)
  if (vK != vZ + sp) {
    // Boxes grown for another size start over, so that going down from
    // 300 % leaves no oversized boxes behind.
    vK = vZ + sp
    for (const e of vD.querySelectorAll(`[${vP}grow],[${vP}wrap]`)) e.removeAttribute(vP + "grow"), e.removeAttribute(vP + "wrap")
    vHs.clear()
    vRules()
    vGrow()
  }
}

// vScan tags the text-holding elements under roots with their original
// size pair, and records how far each box already overflowed, all read
// with yiyue's sheets disabled (no paint happens in between).
function vScan(roots) {
  const ps = new Set()
  const nc = []
  for (const r of roots) {
    if (r.nodeType == 3) {
      if (/\S/.test(r.data)) ps.add(r.parentElement)
    } else if (r.nodeType == 1 && r.isConnected && r != vHost) {
      const w = vD.createTreeWalker(r, 4)
      for (let t; (t = w.nextNode()); ) if (/\S/.test(t.data)) ps.add(t.parentElement)
      if (r.matches(vF)) ps.add(r)
      for (const e of r.querySelectorAll(vF)) ps.add(e)
    }
  }
  const list = []
  for (const p of ps)
    if (p && p.namespaceURI == vH.namespaceURI && !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(p.tagName)) {
      if (!p.hasAttribute(vP + "z")) list.push(p)
      for (let a = p; a && a != vD.body && a != vH && !vCand.has(a); a = a.parentElement) vCand.add(a), nc.push(a)
    }
  if (!nc.length && !list.length) return 0
  vPage.disabled = vZs.disabled = true
  const keys = list.map(p => {
    const c = getComputedStyle(p)
    return c.fontSize + " " + c.lineHeight
  })
  for (const c of nc) vBase.set(c, [c.scrollHeight - c.clientHeight, c.scrollWidth - c.clientWidth])
  vPage.disabled = vZs.disabled = false
  list.forEach((p, i) => {
    let k = vTab.get(keys[i])
    if (k == null) vTab.set(keys[i], (k = vTab.size))
    p.setAttribute(vP + "z", k)
  })
  return 1
}

function vRules() {
  const z = parseFloat(vZ)
  let c = `@layer yiyue{html{--yiyue-zoom:${vZ}}`
  vTab.forEach((i, k) => {
    const [f, l] = k.split(" ").map(parseFloat)
    c += `[${vP}z="${i}"]{font-size:${f * z}px!important${l ? `;line-height:${l * z}px!important` : ""}}`
  })
  for (const h of vHs) c += `[${vP}grow="${h}"]{min-height:${h}px!important}`
  vZs.replaceSync(c + "}")
}

// vGrow lets boxes grow that now overflow more than they did originally:
// height auto with a min-height of the old height plus the overflow (which
// also covers floats and positioned children), and nowrap text wraps.
function vGrow() {
  for (let i = 0; i < 6; i++) {
    const g = []
    for (const c of vCand) {
      if (!c.isConnected) {
        vCand.delete(c)
        continue
      }
      const b = vBase.get(c)
      const dh = c.scrollHeight - c.clientHeight - b[0]
      const w = c.scrollWidth - c.clientWidth - b[1] > 1 && !c.hasAttribute(vP + "wrap")
      if (dh > 1 || w) g.push([c, dh > 1 && Math.ceil(parseFloat(getComputedStyle(c).height) + dh), w])
    }
    if (!g.length) return
    for (const [c, h, w] of g) {
      if (h) vHs.add(h), c.setAttribute(vP + "grow", h)
      if (w) c.setAttribute(vP + "wrap", "")
    }
    vRules()
  }
}

function vFlush() {
  const q = vQ
  vQ = 0
  if (vTab && q && vScan(q)) vRules(), vGrow()
}

function vLater() {
  requestAnimationFrame(() => vTab && vGrow())
}
