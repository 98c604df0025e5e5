// The view layer: text zoom, contrast schemes, text spacing, link marking
// and the large cursor, applied synchronously before first paint and again
// after every change. All it does to the page is one data-yiyue attribute
// on <html>, data-yiyue-* attributes on page elements, and two constructed
// stylesheets (CSP-safe: no <style>, no style attributes), so turning the
// aids off restores the page exactly.
//
// Zoom without CSS zoom: every element that holds text is tagged with the
// index of its original (font-size, line-height) pair, and one generated
// rule per pair sets both × zoom; a zoom change rewrites a few rules, not
// thousands of elements. Boxes around text get min-height: max-content
// (a fixed height then grows with its text, and percentages inside still
// resolve against it); what still clips or spills after layout (floats,
// positioned children, nowrap, badges on text) is fixed in a second pass.
// Rules sit in @layer yiyue with !important: layered important rules beat
// the page's important rules, whatever their specificity.

const vD = document
const vH = vD.documentElement
const vP = "data-yiyue-"
const vF = "input,select,textarea,button"
const vN = ["z", "fit", "grow", "wrap", "flow"]
// vS holds PAGE_CSS, vR the generated rules.
let vS, vR, vPC, vG, vV, vZ, vK, vTab, vHs, vCand, vBase, vObs, vQ

function applyView(s) {
  const el = s.elder
  const z = Math.max(+s.zoom || 1, el ? 1.5 : 1)
  const sp = !!(s.spacing || el)
  const c = s.contrast != "off" && s.contrast
  const t = [z > 1 && "zoom", c, sp && "spacing", s.links && "links", (s.cursor || el) && "cursor"].filter(x => x).join(" ")
  const a = vD.adoptedStyleSheets
  if (!vS) {
    vS = new CSSStyleSheet()
    vR = new CSSStyleSheet()
    addEventListener("resize", vLater)
    addEventListener("load", vLater)
  }
  if (vPC != PAGE_CSS) vS.replaceSync((vPC = PAGE_CSS))
  if (t != (vH.getAttribute("data-yiyue") || "")) t ? vH.setAttribute("data-yiyue", t) : vH.removeAttribute("data-yiyue")
  if (!t != !a.includes(vS)) vD.adoptedStyleSheets = t ? [...a, vS, vR] : a.filter(x => x != vS && x != vR)
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
    // The second pass starts over for another size (or once the page
    // stylesheet came), so that going down from 300 % leaves no oversized
    // boxes.
    if (vK != z + sp + PAGE_CSS.length) {
      vK = z + sp + PAGE_CSS.length
      for (const e of vD.querySelectorAll(`[${vP}grow],[${vP}wrap],[${vP}flow]`)) for (const n of vN.slice(2)) e.removeAttribute(vP + n)
      vHs.clear()
      vRules()
      vGrow()
    }
  } else if (vTab) {
    vObs.disconnect()
    for (const e of vD.querySelectorAll(vN.map(n => `[${vP + n}]`).join())) for (const n of vN) e.removeAttribute(vP + n)
    vTab = vQ = vK = 0
  }
  vRules()
}

// vScan tags the text-holding elements under roots with their original
// size pair, and the boxes around them that may grow; it records how each
// box already overflowed. It reads with yiyue's sheets disabled (no frame
// is painted in between).
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
  vS.disabled = vR.disabled = true
  const keys = list.map(p => {
    const c = getComputedStyle(p)
    return c.fontSize + " " + c.lineHeight
  })
  const fit = nc.filter(c => {
    const s = getComputedStyle(c)
    const b = [c.scrollHeight - c.clientHeight, c.scrollWidth - c.clientWidth, s.position == "absolute", /^(inline|contents|none)$/.test(s.display)]
    vBase.set(c, b)
    // Every box that sets no min-height of its own: boxes that already
    // clipped their text (lists cut to a few items) show all of it too.
    return !b[3] && /^(0px|auto)$/.test(s.minHeight)
  })
  vS.disabled = vR.disabled = false
  list.forEach((p, i) => {
    let k = vTab.get(keys[i])
    if (k == null) vTab.set(keys[i], (k = vTab.size))
    p.setAttribute(vP + "z", k)
  })
  for (const c of fit) c.setAttribute(vP + "fit", "")
  return 1
}

function vRules() {
  let c = `@layer yiyue{html{${vV}}`
  if (vTab) {
    vTab.forEach((i, k) => {
      const [f, l] = k.split(" ").map(parseFloat)
      c += `[${vP}z="${i}"]{font-size:${f * vZ}px!important${l ? `;line-height:${l * vZ}px!important` : ""}}`
    })
    c += `[${vP}fit]{min-height:max-content!important}[${vP}fit],[${vP}grow]{max-height:none!important;-webkit-line-clamp:none!important}[${vP}grow]{height:auto!important}[${vP}wrap]{white-space:normal!important;overflow-wrap:anywhere!important}[${vP}flow]{position:static!important}`
    for (const h of vHs) c += `[${vP}grow="${h}"]{min-height:${h}px!important}`
  }
  if ((c += "}") != vG) vR.replaceSync((vG = c))
}

// vGrow is the second pass. Boxes that still overflow more than they did
// originally get height auto and a min-height of their height plus the
// overflow (floats and positioned children are not in max-content); nowrap
// text wraps; once nothing clips, positioned boxes (badges, "more" links)
// that now sit on other text go back into the flow.
function vGrow() {
  for (let i = 0; i < 6; i++) {
    const g = []
    for (const c of vCand) {
      const b = vBase.get(c)
      if (!c.isConnected) vCand.delete(c)
      else if (!b[3]) {
        const dh = c.scrollHeight - c.clientHeight - b[0]
        const w = c.scrollWidth - c.clientWidth - b[1] > 1 && !c.hasAttribute(vP + "wrap")
        // A box 1 or 2 px wide is the visually-hidden pattern: leave it.
        if ((dh > 1 || w) && c.clientWidth > 2) g.push([c, dh > 1 && Math.ceil(parseFloat(getComputedStyle(c).height) + dh), w])
      }
    }
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
