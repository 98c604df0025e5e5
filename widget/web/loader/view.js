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
const vN = ["z", "fit", "off", "grow", "wrap", "flow"]
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
  // The toolbar, in the shadow root, reads this through inheritance.
  vV = "--yiyue-zoom:" + (vZ = z)
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
      vOff(3)
      vHs.clear()
      vRules()
      // The second pass needs the page stylesheet's rules; it runs again
      // when they come.
      if (PAGE_CSS) vGrow()
    }
  } else if (vTab) {
    vObs.disconnect()
    vOff(0)
    vTab = vQ = vK = 0
  }
  vRules()
}

// vOff removes the attributes from vN[k] on.
function vOff(k) {
  const n = vN.slice(k)
  for (const e of vD.querySelectorAll(n.map(a => `[${vP + a}]`).join())) for (const a of n) e.removeAttribute(vP + a)
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
        if (n.nodeType == 3 ? /\S/.test(n.data) : /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(n.tagName)) ps.add(n.nodeType == 3 ? n.parentElement : n)
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
  const off = []
  const fit = nc.filter(c => {
    const s = getComputedStyle(c)
    const b = [c.scrollHeight - c.clientHeight, c.scrollWidth - c.clientWidth, s.position == "absolute", /^(inline|contents|none)$/.test(s.display)]
    vBase.set(c, b)
    // Skip links wait above the page; grown, they would peek into it.
    if (b[2] && c.getBoundingClientRect().bottom + scrollY <= 0) off.push(c)
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
  for (const c of off) c.setAttribute(vP + "off", "")
  return 1
}

// vRules writes the generated rules: the zoom, one rule per size pair, and
// the min-heights of the second pass (after page.css's rules for fit, grow,
// wrap and flow, so that they win).
function vRules() {
  let c = `@layer yiyue{html{${vV}}`
  if (vTab) {
    vTab.forEach((i, k) => {
      const [f, l] = k.split(" ").map(parseFloat)
      c += `[${vP}z="${i}"]{font-size:${f * vZ}px!important${l ? `;line-height:${l * vZ}px!important` : ""}}`
    })
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
  if (vTab && q && vScan(q)) vRules(), PAGE_CSS && vGrow()
}

function vLater() {
  requestAnimationFrame(() => vTab && PAGE_CSS && vGrow())
}
