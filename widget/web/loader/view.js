// The view layer: text zoom, contrast schemes, text spacing, link marking
// and the large cursor, applied synchronously before first paint and again
// after every change. All it does to the page is one data-yiyue attribute on
// <html>, data-yiyue-* attributes on page elements, and one constructed
// stylesheet (CSP-safe: no <style>, no style attributes), so turning the
// aids off restores the page exactly.
//
// Zoom without CSS zoom: every element that holds text is tagged with the
// index of its original (font-size, line-height) pair, and one generated
// rule per pair sets both × zoom; a zoom change rewrites a few rules, not
// thousands of elements. Boxes that would then clip or spill text (fixed
// heights, nowrap) are tagged to grow. Rules sit in @layer yiyue with
// !important: layered important rules beat the page's important rules,
// whatever their specificity.

const vD = document
const vH = vD.documentElement
const vP = "data-yiyue-"
const vF = "input,select,textarea,button"
let vS, vG, vV, vZ, vK, vTab, vHs, vCand, vBase, vObs, vQ

function applyView(s) {
  const el = s.elder
  const z = Math.max(+s.zoom || 1, el ? 1.5 : 1)
  const sp = !!(s.spacing || el)
  const c = s.contrast != "off" && s.contrast
  const t = [z > 1 && "zoom", c, sp && "spacing", s.links && "links", (s.cursor || el) && "cursor"].filter(x => x).join(" ")
  const a = vD.adoptedStyleSheets
  if (!vS) {
    vS = new CSSStyleSheet()
    addEventListener("resize", vLater)
    addEventListener("load", vLater)
  }
  if (t != (vH.getAttribute("data-yiyue") || "")) t ? vH.setAttribute("data-yiyue", t) : vH.removeAttribute("data-yiyue")
  if (!t != !a.includes(vS)) vD.adoptedStyleSheets = t ? [...a, vS] : a.filter(x => x != vS)
  // The toolbar, in the shadow root, reads these through inheritance.
  vV = `--yiyue-zoom:${(vZ = z)};--yiyue-elder:${el ? 1 : 0}`
  if (c) {
    // Named colours from the scheme's name (blue ground: navy); links cyan
    // on black, white on navy, blue on light grounds: each at least 7:1.
    const fb = c.split("-on-")
    vV += `;--yiyue-fg:${fb[0]};--yiyue-bg:${fb[1].replace("blue", "navy")};--yiyue-link:${{ black: "cyan", blue: "white" }[fb[1]] || "blue"}`
  }
  if (z > 1 || sp) {
    if (!vTab) {
      vTab = new Map()
      vHs = new Set()
      vCand = new Set()
      vBase = new WeakMap()
      vObs = new MutationObserver(r => {
        if (!vQ) (vQ = []), requestAnimationFrame(vFlush)
        for (const m of r) for (const n of m.addedNodes) vQ.push(n)
      })
      vObs.observe(vD.body, { childList: true, subtree: true })
      vScan([vD.body])
    }
    // Boxes grown for another size (or before the page stylesheet came)
    // start over, so that going down from 300 % leaves no oversized boxes.
    if (vK != z + sp + PAGE_CSS.length) {
      vK = z + sp + PAGE_CSS.length
      for (const e of vD.querySelectorAll(`[${vP}grow],[${vP}wrap],[${vP}flow]`)) for (const n of ["grow", "wrap", "flow"]) e.removeAttribute(vP + n)
      vHs.clear()
      vRules()
      vGrow()
    }
  } else if (vTab) {
    vObs.disconnect()
    for (const e of vD.querySelectorAll(`[${vP}z],[${vP}grow],[${vP}wrap],[${vP}flow]`)) for (const n of ["z", "grow", "wrap", "flow"]) e.removeAttribute(vP + n)
    vTab = vQ = vK = 0
  }
  vRules()
}

// vScan tags the text-holding elements under roots with their original
// size pair, and records how far each box already overflowed; it reads with
// yiyue's sheet disabled (no frame is painted in between).
function vScan(roots) {
  const ps = new Set()
  const nc = []
  const list = []
  for (const r of roots) {
    if (r.nodeType == 3) {
      if (/\S/.test(r.data)) ps.add(r.parentElement)
    } else if (r.nodeType == 1 && r.isConnected) {
      const w = vD.createTreeWalker(r, 4)
      for (let t; (t = w.nextNode()); ) if (/\S/.test(t.data)) ps.add(t.parentElement)
      if (r.matches(vF)) ps.add(r)
      for (const e of r.querySelectorAll(vF)) ps.add(e)
    }
  }
  for (const p of ps)
    // SVG text is drawing, not reading text: leave it to its viewBox.
    if (p && p.namespaceURI == vH.namespaceURI) {
      if (!p.hasAttribute(vP + "z")) list.push(p)
      for (let a = p; a && a != vD.body && a != vH && !vCand.has(a); a = a.parentElement) vCand.add(a), nc.push(a)
    }
  if (!nc.length && !list.length) return
  vS.disabled = true
  const keys = list.map(p => {
    const c = getComputedStyle(p)
    return c.fontSize + " " + c.lineHeight
  })
  for (const c of nc) vBase.set(c, [c.scrollHeight - c.clientHeight, c.scrollWidth - c.clientWidth, getComputedStyle(c).position == "absolute"])
  vS.disabled = false
  list.forEach((p, i) => {
    let k = vTab.get(keys[i])
    if (k == null) vTab.set(keys[i], (k = vTab.size))
    p.setAttribute(vP + "z", k)
  })
  return 1
}

function vRules() {
  let c = PAGE_CSS + `@layer yiyue{html{${vV}}`
  if (vTab) {
    vTab.forEach((i, k) => {
      const [f, l] = k.split(" ").map(parseFloat)
      c += `[${vP}z="${i}"]{font-size:${f * vZ}px!important${l ? `;line-height:${l * vZ}px!important` : ""}}`
    })
    for (const h of vHs) c += `[${vP}grow="${h}"]{min-height:${h}px!important}`
    c += `[${vP}grow]{height:auto!important;max-height:none!important;-webkit-line-clamp:none!important}[${vP}wrap]{white-space:normal!important;overflow-wrap:anywhere!important}[${vP}flow]{position:static!important}`
  }
  if ((c += "}") != vG) vS.replaceSync((vG = c))
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
      // A box 1 or 2 px wide is the visually-hidden pattern: leave it.
      if ((dh > 1 || w) && c.clientWidth > 2) g.push([c, dh > 1 && Math.ceil(parseFloat(getComputedStyle(c).height) + dh), w])
    }
    // Once nothing clips, positioned boxes (badges, "more" links) that now
    // sit on other text are put back into the flow.
    if (!g.length) for (const c of vCand) if (vBase.get(c)[2] && !c.hasAttribute(vP + "flow") && vOver(c)) g.push([c, 0, 0, 1])
    if (!g.length) return
    for (const [c, h, w, f] of g) {
      if (h) vHs.add(h), c.setAttribute(vP + "grow", h)
      if (w) c.setAttribute(vP + "wrap", "")
      if (f) c.setAttribute(vP + "flow", "")
    }
    vRules()
  }
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

function vFlush() {
  const q = vQ
  vQ = 0
  if (vTab && q && vScan(q)) vRules(), vGrow()
}

function vLater() {
  requestAnimationFrame(() => vTab && vGrow())
}
