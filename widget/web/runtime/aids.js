// The runtime aids of the elder mode (长者助手), loaded with the WASM runtime:
// the reading guide (a band that follows the pointer), the caption bar
// (大字幕: the text under the pointer or keyboard focus, large, at the
// bottom; on a touch screen, where nothing hovers, what a finger touches)
// and the large cursors inside the toolbar. The guide and the bar live in
// the widget's shadow root and are aria-hidden, because they repeat page
// text. Their rules are the runtime's own sheets (aids.css, cursor.css,
// room.css beside this file), which the build inlines. Turning an aid off
// removes all of it.
//
// rt.aids(state, root) applies a state; it is idempotent. It is also wired
// to yiyue:change here, so the aids follow every change however it is made.

// aidSheets holds the runtime's sheets that the aids adopt (rt.css):
// aids.css (guide and bar) and cursor.css in the shadow root, room.css on
// the document. aidImages holds the large cursors' images, loaded ahead.
let aidRoot, aidSheets, aidImages, aidGuide, aidBar, aidFrame, aidPoint, aidOn
// aidAt is what the guide was last placed on: a character under the
// pointer ([text node, offset]) or the element with focus. When the
// screen changes its size (a phone turned) the text reflows under the
// guide, which goes to that line again rather than stay where the pointer
// last was, over other text.
let aidAt

rt.aids = function (s, root) {
  const guide = !!(s.guide || s.elder)
  const cap = !!(s.caption || s.elder)
  const cur = !!(s.cursor || s.elder)
  const doc = document
  aidRoot = root

  if (!aidSheets) {
    aidSheets = {}
    for (const n of ["aids", "cursor", "room"]) (aidSheets[n] = new CSSStyleSheet()).replaceSync(rt.css[n])
  }
  aidAdopt(doc, aidSheets.room, cap)
  aidAdopt(root, aidSheets.cursor, cur)
  aidAdopt(root, aidSheets.aids, guide || cap)
  // The elder mode's launcher is a 60 px target (aids.css) before the
  // toolbar and its stylesheet come, on every page the mode is on.
  root.getElementById("launcher")?.toggleAttribute("data-elder", !!s.elder)
  aidGuide = aidPart(aidGuide, guide, "yiyue-guide")
  aidBar = aidPart(aidBar, cap, "yiyue-caption")
  if (aidBar && !aidBar.firstChild) aidBar.append(doc.createElement("span"))

  const on = guide || cap
  if (on != !!aidOn) {
    aidOn = on
    const f = on ? addEventListener : removeEventListener
    f("pointermove", aidMove, { passive: true })
    f("pointerdown", aidMove, { passive: true })
    f("focusin", aidFocus)
    f("scroll", aidMove, { passive: true })
    // A new size of the screen moves the open toolbar: the bar above it
    // follows.
    f("resize", aidResize)
    // A pinch zoom moves the widget (scale.js): the guide follows.
    window.visualViewport?.[on ? "addEventListener" : "removeEventListener"]("resize", aidMove)
  }
  if (on && aidPoint) aidMove()
  // The toolbar opened or closed, or changed its size.
  if (aidBar) aidAbove(document.activeElement == root.host)
  aidBoxFixed(s.contrast != "off")
  if (!aidImages) window.requestIdleCallback?.(aidsAhead)
}

// aidBoxFixed marks, while a contrast scheme is on, what its colours
// would lose: the page's controls fixed on the screen (data-yiyue-box),
// which lose their coloured box and read as loose text over the page
// (返回顶部, a chat button), and the strokes of an icon drawn with boxes
// in a control (data-yiyue-ink), which keep the page's colour while the
// control takes the scheme's: a menu button's three white bars vanish on
// 白底黑字. A thin empty box with a plain colour, an empty box's border,
// and a thin ::before or ::after with no text and a plain colour are
// strokes; a picture (a background image), a spacer and a swatch are
// not. page/contrast.css draws them in the control's text colour. It
// leaves out the fades marked here (data-yiyue-ink "fade": an empty box
// whose background is a gradient to nothing, over a summary's foot),
// whose white haze would grey the scheme's text, and draws solid what the
// page dims ("solid": a box that holds something, drawn with an opacity,
// a caption bar at 60 % over its picture), whose colours would be mixed
// with what is under it. A box the page hides with an opacity of 0 stays
// hidden, and a disabled control keeps its dimmed look. They are found
// once the browser is idle after the scheme comes on; the marks go with
// it.
let aidBoxed = null
function aidBoxFixed(on) {
  if (!on) {
    for (const e of aidBoxed || []) e.removeAttribute("data-yiyue-box"), e.removeAttribute("data-yiyue-ink")
    return (aidBoxed = null)
  }
  if (aidBoxed) return
  const mine = (aidBoxed = [])
  const seen = c => !/^(transparent|rgba\(.*, 0\))$/.test(c)
  const ink = e => {
    if (/^(img|svg|picture|video|canvas|iframe|object|embed|input|select|textarea)$/.test(e.localName)) return
    const k = []
    // Only a box with nothing in it, not even a space: contrast.css gives
    // any other its own colours, and what is read here is the page's.
    for (const [p, t] of [["", e.matches(":empty") ? "bg" : ""], ["::before", "before"], ["::after", "after"]]) {
      if (!t) continue
      const c = getComputedStyle(e, p || null)
      if (p && c.content != '""') continue
      // A stroke is thin: a filled box (a spacer, a swatch) stays as it is.
      if (c.backgroundImage == "none" && seen(c.backgroundColor) && Math.min(parseFloat(c.width), parseFloat(c.height)) <= 4) k.push(t)
      if (!p && parseFloat(c.borderTopWidth) + parseFloat(c.borderRightWidth) + parseFloat(c.borderBottomWidth) + parseFloat(c.borderLeftWidth) > 0) k.push("line")
    }
    if (k.length) e.setAttribute("data-yiyue-ink", k.join(" ")), mine.push(e)
  }
  const mark = () => {
    if (aidBoxed != mine || !document.body) return
    for (const e of document.body.getElementsByTagName("*")) {
      if (e.closest("[data-yiyue-skip]")) continue
      const c = getComputedStyle(e)
      if (c.position == "fixed" && (e.matches(rdTapAct) || e.querySelector(rdTapAct))) e.setAttribute("data-yiyue-box", ""), mine.push(e)
      if (e.parentElement?.closest(rdTapAct)) ink(e)
      else if (e.matches(":empty")) /gradient.*rgba\([^)]*, 0\)/.test(c.backgroundImage) && (e.setAttribute("data-yiyue-ink", "fade"), mine.push(e))
      else if (c.opacity > 0.05 && c.opacity < 1 && !e.matches(":disabled,[aria-disabled=true]")) e.setAttribute("data-yiyue-ink", "solid"), mine.push(e)
    }
    for (const e of aidFirsts())
      if (!e.closest("[data-yiyue-skip]")) e.setAttribute("data-yiyue-ink", ((e.getAttribute("data-yiyue-ink") || "") + " first").trim()), mine.push(e)
  }
  window.requestIdleCallback ? requestIdleCallback(mark, { timeout: 1000 }) : setTimeout(mark, 50)
}

// aidFirsts finds the elements whose ::first-letter or ::first-line the
// page colours (a drop cap, a lead's grey first line), by its own rules:
// those pseudo-elements match no rule that colours every element, and
// one for every element's would give each a box of its own (contrast.css).
// A sheet from another origin cannot be read, and is left as it is.
function aidFirsts() {
  const found = new Set()
  const walk = rules => {
    for (const r of rules) {
      // A list's selectors one by one: `h2, p::first-letter` is p's only.
      if (/:first-l/i.test(r.selectorText))
        for (const s of r.selectorText.split(/,(?![^(]*\))/))
          if (/::?first-l(etter|ine)/i.test(s))
            try {
              for (const e of document.querySelectorAll(s.replace(/::?first-l(etter|ine)/gi, "") || "*")) found.add(e)
            } catch (e) {
              // What the selector keeps without its pseudo-element is not one.
            }
      // Inside @media, @supports, @layer and nested rules.
      if (r.cssRules) walk(r.cssRules)
    }
  }
  for (const sh of document.styleSheets)
    try {
      walk(sh.cssRules)
    } catch (e) {
      // Another origin's.
    }
  return found
}

// aidsAhead loads the large cursors' images while the page is idle. The
// browser makes a document of each SVG image when it first needs it,
// which was 2 ms of the frame that first turned the elder mode on; images
// of the same URLs, kept here, leave the page's cursor rules only the
// drawing. It reads them from the page stylesheet that the loader keeps
// (boot.js, under this key) once a view aid had it fetched: a reader who
// only switches script never downloads it. rt.aids tries again at every
// change till then. One kept by an earlier release would only load
// images that go unused.
function aidsAhead() {
  if (aidImages) return
  let urls
  try {
    const [, css] = JSON.parse(localStorage.getItem("yiyue:css"))
    urls = [...css.matchAll(/url\("(data:image\/svg\+xml,[^"]*)"/g)]
  } catch (e) {
    // Not kept yet (null), storage off, or not what the loader wrote.
    return
  }
  aidImages = urls.map(([, u]) => Object.assign(new Image(), { src: u }))
}

function aidAdopt(t, sh, on) {
  const a = t.adoptedStyleSheets
  if (on != a.includes(sh)) t.adoptedStyleSheets = on ? [...a, sh] : a.filter(x => x != sh)
}

function aidPart(el, on, cls) {
  if (on && !el) {
    el = document.createElement("div")
    el.className = cls
    el.setAttribute("aria-hidden", "true")
    aidRoot.append(el)
  }
  if (!on && el) el.remove(), (el = null)
  return el
}

// Pointer moves are handled once per frame.
function aidMove(e) {
  // The pointer leads now: the bar that made way for a focused fixed
  // control (aidClear) goes back to the bottom.
  if (e instanceof PointerEvent) (aidPoint = [e.clientX, e.clientY, e.target]), aidBar?.removeAttribute("data-top")
  if (!aidFrame && aidPoint) aidFrame = requestAnimationFrame(aidDraw)
}

function aidDraw() {
  aidFrame = 0
  if (!aidPoint) return
  const [x, y, target] = aidPoint
  const mine = target == aidRoot.host
  if (aidGuide) aidPlace(y, !mine && aidLine(x, y))
  if (aidBar) mine ? aidAbove(true) : aidShow(aidTextAt(x, y))
}

// aidPlace centres the guide on y, in the page's coordinates, which the
// host's zoom and offset on a scaled page (scale.js) would shift. Over a
// line of text (line: its line box's height) the band is as tall as the
// line box, so that its edges lie between lines, not through them.
function aidPlace(y, line) {
  const h = line ? line[1] : 0
  aidGuide.style.height = h ? Math.round(h / scaleZoom) + "px" : ""
  if (h) y = line[0]
  aidGuide.style.transform = `translateY(${Math.round((y - scaleTop - (h || aidGuide.offsetHeight) / 2) / scaleZoom)}px)`
}

// aidLine returns the middle and the height of the line box of the text
// under the point, or nothing; the character there is where the guide is
// now (aidAt).
function aidLine(x, y) {
  aidAt = null
  const p = placeCaret(x, y)
  if (!p || p[0].nodeType != 3 || !p[0].length) return
  const q = placeChar(p)[1], c = getComputedStyle(p[0].parentElement)
  if (!q.height || y < q.top - q.height || y > q.bottom + q.height) return
  aidAt = p
  return [(q.top + q.bottom) / 2, Math.max(q.height, parseFloat(c.lineHeight) || 1.2 * parseFloat(c.fontSize))]
}

function aidFocus(e) {
  const el = e.target
  if (el == aidRoot.host && aidBar) aidAbove(true)
  if (!el || el == aidRoot.host || !el.getBoundingClientRect) return
  // Focus that a press gave (a tap on a link) is the pointer's.
  const keys = !(aidPoint?.[2] instanceof Node && el.contains(aidPoint[2]))
  // The keyboard leads now: the scroll that focusing may cause must not
  // put the text under the old pointer position back.
  aidPoint = null
  aidBar?.removeAttribute("data-top")
  const r = el.getBoundingClientRect()
  if (aidGuide) aidPlace((r.top + r.bottom) / 2), (aidAt = el)
  if (aidBar) aidShow(aidLabel(el), keys), setTimeout(aidClear, 0, el)
}

// aidClear scrolls a focused control out from under the caption bar,
// which would hide it, on a phone wholly (WCAG 2.4.11): to just above the
// bar, or, if it is taller than the room there, to the top of the screen.
// room.css gives the page's end as much room as the bar can take. A
// control that scrolling does not move (fixed, as a portal's 返回顶部)
// has the bar go to the top of the screen instead, till focus moves on. A
// task after the focus, once the browser has scrolled the control into
// view. With the toolbar open the bar waits instead.
function aidClear(el) {
  if (!aidBar || el != document.activeElement) return
  const under = () => {
    const a = el.getBoundingClientRect(), k = aidBar.getBoundingClientRect()
    return k.height && a.bottom > k.top && a.top < k.bottom && [a, k]
  }
  if (!under()) return
  // Raised or at the top to leave a fixed control clear for a tap, the
  // bar hides what the tap focused: at the bottom it may not.
  if (aidBar.hasAttribute("data-top") || (aidBar.style.getPropertyValue("--rise") || "0px") != "0px") {
    aidBar.removeAttribute("data-top"), aidBar.style.setProperty("--rise", "0px")
    if (!under()) return
  }
  const [a, k] = under(), x = scrollX, y = scrollY
  scrollBy({ top: Math.min(a.bottom - k.top + 8, a.top - 8), behavior: "instant" })
  if (!under()) return
  scrollTo({ left: x, top: y, behavior: "instant" })
  // Above the open toolbar, which leaves a phone's screen little room, the
  // bar has no other place: it waits till focus moves on (a field at the
  // top of a page at rest was wholly under it).
  aidBar.setAttribute(aidRoot.getElementById("dock")?.hidden === false ? "data-wait" : "data-top", "")
}

// aidShow shows text t in the caption bar. For the keyboard (keys) the bar
// stays at the bottom, over what is fixed there if need be: the reader
// can Tab to that, and aidClear moves the bar off what has focus. Sent to
// the top to leave a fixed 返回顶部 clear, it hid the focused link at the
// top of the page, which no scroll could move from under it.
function aidShow(t, keys) {
  t = (t || "").replace(/\s+/g, " ").trim()
  const span = aidBar.firstChild
  if (t && span.textContent != t) span.textContent = t
  aidAbove(false)
  const to = keys ? 0 : aidFixedUnder()
  if (to < 0) aidBar.setAttribute("data-top", "")
  aidBar.style.setProperty("--rise", Math.max(0, to) + "px")
}

// aidFixedUnder says where the bar goes so as not to hide a page control
// that stays on the screen (fixed.js: a portal's 返回顶部, a phone's tab
// bar) from a reader who points or taps, who cannot move it from under
// the bar (WCAG 2.4.11 asks it for focus; aidClear sees to that): 0, the
// bottom, where it hides none; -1, the top, where at the bottom it would
// and at the top would not; else how far up from the bottom, in the
// host's px, it clears them (a phone portal's header keeps the top from
// it too). The page is looked at in a few points of each place, at most
// twice a second (a page shows its 返回顶部 as it scrolls).
let aidSpot = { at: 0 }
function aidFixedUnder() {
  const h = aidBar.getBoundingClientRect().height, now = performance.now()
  if (!h || aidRoot.getElementById("dock")?.hidden === false) return 0
  if (aidSpot.h == h && now - aidSpot.at < 500) return aidSpot.v
  const host = aidRoot.host, box = scaleZoom != 1 ? host.getBoundingClientRect() : { top: 0, left: 0, bottom: document.documentElement.clientHeight, right: document.documentElement.clientWidth }
  // The top of the highest such control in the band y0 to y1, or null.
  const under = (y0, y1) => {
    let top = null
    // Every 24 px down the band, and at its foot: a control is rarely
    // shorter.
    const ys = []
    for (let y = y0 + 4; y < y1 - 4; y += 24) ys.push(y)
    ys.push(y1 - 4)
    for (let i = 0; i < 9; i++)
      for (const y of ys) {
        const e = document.elementsFromPoint(box.left + ((box.right - box.left) * (i + 0.5)) / 9, y).find(e => e != host && e != document.documentElement)
        const c = e?.closest(rdTapAct)
        if (c && fixedBox(c)) top = Math.min(top ?? Infinity, c.getBoundingClientRect().top)
      }
    return top
  }
  let v = 0, t = under(box.bottom - h, box.bottom)
  if (t != null) v = under(box.top, box.top + h) == null ? -1 : 0
  // Up, past each row of controls found, while a third of the screen is
  // left above the bar.
  for (let up = 0, i = 0; t != null && !v && i < 3; i++) {
    up = box.bottom - t + 4
    if (up + h > ((box.bottom - box.top) * 2) / 3) break
    t = under(box.bottom - up - h, box.bottom - up)
    if (t == null) v = Math.round(up / scaleZoom)
  }
  aidSpot = { h, at: now, v }
  return v
}

function aidResize() {
  if (aidBar && !aidBar.hasAttribute("data-wait")) aidAbove(false)
  const a = aidAt
  if (!aidGuide || !a || !(a[0] || a).isConnected) return
  // The pointer is taken to be where that text is now, so that the
  // guide stays there as the page scrolls; focus has no pointer.
  const r = a[0] ? placeChar(a)[1] : a.getBoundingClientRect()
  if (!r.height) return
  if (a[0]) (aidPoint = [r.left + r.width / 2, (r.top + r.bottom) / 2, a[0].parentElement]), aidMove()
  else aidPlace((r.top + r.bottom) / 2)
}

// aidAbove places the bar above the open toolbar, which covers the bottom
// of the screen: a keyboard reader who tabs from it into the page, where
// it stays open, still gets captions. It waits (data-wait) while the
// reader is in the toolbar (mine), whose own labels are large, or where
// there is no room above it (the elder mode's toolbar on a phone). With
// the toolbar closed, aids.css keeps it at the bottom.
function aidAbove(mine) {
  const d = aidRoot.getElementById("dock")
  if (!d || d.hidden) return aidBar.removeAttribute("data-wait")
  if (mine) return aidBar.setAttribute("data-wait", "")
  // The bottom of the box the bar is placed in: the screen's, or the
  // host's while the page is scaled (scale.js), where lengths are zoomed.
  const end = scaleZoom != 1 ? aidRoot.host.getBoundingClientRect().bottom : document.documentElement.clientHeight
  const top = d.getBoundingClientRect().top
  aidBar.style.bottom = Math.max(0, Math.round((end - top) / scaleZoom + 8)) + "px"
  aidBar.removeAttribute("data-wait")
  aidBar.toggleAttribute("data-wait", aidBar.offsetHeight * scaleZoom > top)
}

// aidLabel is what a focused element says: its label, text or value.
function aidLabel(el) {
  return (
    el.getAttribute("aria-label") ||
    (el.labels && el.labels[0] && el.labels[0].textContent + " " + (el.value || el.placeholder || "")) ||
    rdInner(el) ||
    el.alt ||
    el.value ||
    el.placeholder ||
    el.title ||
    ""
  )
}

// aidTextAt is the text under the point: an image's alt text, a short
// element's whole text (a link, a button, a heading), or else the sentence
// of the paragraph that holds the point.
function aidTextAt(x, y) {
  const doc = document
  const hit = doc.elementFromPoint(x, y)
  if (!hit || hit == aidRoot.host) return ""
  if (hit.alt) return hit.alt
  if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(hit.tagName)) return aidLabel(hit)
  const pos = doc.caretPositionFromPoint ? doc.caretPositionFromPoint(x, y) : null
  const r = !pos && doc.caretRangeFromPoint ? doc.caretRangeFromPoint(x, y) : null
  const node = pos ? pos.offsetNode : r && r.startContainer
  const at = pos ? pos.offset : r && r.startOffset
  if (!node || node.nodeType != 3 || !hit.contains(node)) return ""
  // Only text the pointer is over (its line, gaps between lines included),
  // not the nearest text of a wide box.
  const rg = doc.createRange()
  rg.selectNodeContents(node)
  if (![...rg.getClientRects()].some(q => x >= q.left - 2 && x <= q.right + 2 && Math.abs(y - (q.top + q.bottom) / 2) <= q.height * 0.75)) return ""
  // An icon hidden from screen readers stands for what holds it, whose
  // text is shown without it (我的, not ☺ 我的).
  const el = (node.parentElement.closest('[aria-hidden="true"]') || node).parentElement
  const whole = rdInner(el).replace(/\s+/g, " ").trim()
  if (whole.length <= 60) return whole
  const block = el.closest("p,li,td,th,dd,dt,h1,h2,h3,h4,h5,h6,blockquote,figcaption,caption,div") || el
  // The sentence around the point, across inline elements of its block.
  const before = doc.createRange()
  before.selectNodeContents(block)
  before.setEnd(node, at)
  const text = block.textContent
  const i = before.toString().length
  const stop = /[。！？!?；;\n]/
  let a = i
  while (a > 0 && !stop.test(text[a - 1])) a--
  let b = i
  while (b < text.length && !stop.test(text[b])) b++
  return text.slice(a, b + 1)
}

document.addEventListener("yiyue:change", e => rt.aids(e.detail, window.yiyue._b.root))
rt.aids(window.yiyue._b.state(), window.yiyue._b.root)
