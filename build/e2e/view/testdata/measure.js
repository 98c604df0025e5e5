// What a reader sees, measured in the page: snap() records the text sizes,
// the boxes that clip text, the document's scroll width and every pair of
// overlapping text lines; compare(a, b, z) lists what got worse from a to b.
window.__view = {
  // texts are the page's non-blank text nodes, outside the widget, scripts
  // and SVG drawings.
  texts() {
    const out = []
    const host = document.getElementById("yiyue-host")
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let t; (t = w.nextNode()); ) {
      if (!/\S/.test(t.data)) continue
      const p = t.parentElement
      if (!p || (host && host.contains(p)) || p.closest("script,style,noscript,template")) continue
      if (p.namespaceURI != document.documentElement.namespaceURI) continue
      out.push(t)
    }
    return out
  },

  // visible clips a line box by every ancestor that clips or scrolls, and
  // drops it when it cannot be seen (hidden, the sr-only pattern, fixed or
  // sticky boxes, which overlap whatever scrolls under them by design).
  visible(r, el) {
    let x0 = r.left, y0 = r.top, x1 = r.right, y1 = r.bottom
    for (let a = el; a && a != document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a)
      if (cs.display == "none" || cs.visibility == "hidden" || cs.opacity == "0" || /fixed|sticky/.test(cs.position)) return null
      if (cs.clip != "auto" || cs.clipPath != "none") {
        const b = a.getBoundingClientRect()
        if (b.width <= 2 || b.height <= 2) return null
      }
      if (/hidden|clip|auto|scroll/.test(cs.overflowX + cs.overflowY)) {
        const b = a.getBoundingClientRect()
        x0 = Math.max(x0, b.left)
        y0 = Math.max(y0, b.top)
        x1 = Math.min(x1, b.right)
        y1 = Math.min(y1, b.bottom)
      }
    }
    return x1 - x0 > 1 && y1 - y0 > 1 ? [x0, y0, x1, y1] : null
  },

  snap() {
    const texts = this.texts()
    const els = [...new Set(texts.map(t => t.parentElement))]
    const sizes = new Map(els.map(e => [e, parseFloat(getComputedStyle(e).fontSize)]))
    // Clipping boxes: overflow hidden or clip on an axis, on an element
    // that holds text, with content larger than the box on that axis.
    const clipped = new Set()
    const boxes = new Set()
    for (const e of els) for (let a = e; a && a != document.body; a = a.parentElement) boxes.add(a)
    for (const b of boxes) {
      const cs = getComputedStyle(b)
      if (!/hidden|clip/.test(cs.overflowX + cs.overflowY)) continue
      if (b.clientWidth <= 2 || b.clientHeight <= 2) continue // sr-only
      const ox = /hidden|clip/.test(cs.overflowX) && b.scrollWidth > b.clientWidth + 1
      const oy = /hidden|clip/.test(cs.overflowY) && b.scrollHeight > b.clientHeight + 1
      if (ox || oy) clipped.add(b)
    }
    // Line boxes of every text node's runs of ink (Range client rects: one
    // per line), cut to what is visible, then every pair from two different
    // text nodes that share area. Spaces have no ink: one at a line's end
    // (a full-width one, say) may hang past its box into the next one.
    // Sorted by top, so that only neighbours are compared.
    const rects = []
    const rg = document.createRange()
    for (const t of texts)
      for (const m of t.data.matchAll(/\S+/g)) {
        rg.setStart(t, m.index)
        rg.setEnd(t, m.index + m[0].length)
        for (const r of rg.getClientRects()) {
          const v = this.visible(r, t.parentElement)
          if (v) rects.push([t, ...v])
        }
      }
    const ids = (this.ids = this.ids || new Map())
    const id = t => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1)
    const overlaps = new Map()
    rects.sort((a, b) => a[2] - b[2])
    for (let i = 0; i < rects.length; i++) {
      const a = rects[i]
      for (let j = i + 1; j < rects.length && rects[j][2] < a[4]; j++) {
        const b = rects[j]
        if (a[0] == b[0]) continue
        const w = Math.min(a[3], b[3]) - Math.max(a[1], b[1])
        const h = Math.min(a[4], b[4]) - Math.max(a[2], b[2])
        // Neighbouring lines may share a sliver of their boxes, and ruby
        // and CJK punctuation may overhang a little; ink overlaps when a
        // third of the shorter line's height and an eighth of it across
        // are shared.
        const m = Math.min(a[4] - a[2], b[4] - b[2])
        if (w > Math.max(2, m / 8) && h > m / 3) {
          const k = Math.min(id(a[0]), id(b[0])) + "-" + Math.max(id(a[0]), id(b[0]))
          overlaps.set(k, JSON.stringify(a[0].data.trim().slice(0, 16)) + " × " + JSON.stringify(b[0].data.trim().slice(0, 16)))
        }
      }
    }
    const html = document.documentElement
    return { sizes, clipped, overlaps, sw: html.scrollWidth, cw: html.clientWidth, lines: rects.length }
  },

  // compare lists what is worse in b than in a: text not at z times its
  // size (skipped when z is 0), boxes that clip now and did not, a wider
  // document, and overlapping lines that did not overlap.
  compare(a, b, z) {
    const bad = []
    let maxDev = 0
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className == "string" ? "." + e.className.trim().split(/\s+/).join(".") : "")
    if (z)
      for (const [e, s] of a.sizes) {
        if (!e.isConnected) continue
        const now = parseFloat(getComputedStyle(e).fontSize)
        const dev = Math.abs(now - s * z)
        maxDev = Math.max(maxDev, dev)
        if (dev > 1) bad.push(`size ${name(e)}: ${s}px became ${now}px, want ${s * z}px`)
      }
    for (const c of b.clipped) if (!a.clipped.has(c)) bad.push(`clipped ${name(c)}: content ${c.scrollWidth}×${c.scrollHeight} in ${c.clientWidth}×${c.clientHeight}`)
    if (b.sw > Math.max(a.sw, b.cw) + 1) bad.push(`horizontal scrolling: document ${a.sw}px wide before, ${b.sw}px now, viewport ${b.cw}px`)
    for (const [k, o] of b.overlaps) if (!a.overlaps.has(k)) bad.push("overlap " + o)
    return { bad, maxDev, sizes: a.sizes.size, lines: b.lines }
  },

  // frame resolves after the next frame has been produced.
  frame() {
    return new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))
  },
}
