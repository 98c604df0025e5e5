// The runtime aids of the elder mode (长者助手), loaded with the WASM runtime:
// the reading guide (a band that follows the pointer), the caption bar
// (大字幕: the text under the pointer or keyboard focus, large, at the
// bottom) and the large cursors. The guide and the bar live in the widget's
// shadow root and are aria-hidden, because they repeat page text; the
// cursors and the room kept for the bar are one constructed stylesheet on
// the document. Turning an aid off removes all of it.
//
// rt.aids(state, root) applies a state; it is idempotent. It is also wired
// to yiyue:change here, so the aids follow every change however it is made.

const aidSvg = (p, x, y, k) =>
  `url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64' viewBox='0 0 32 32'><path d='${p}' stroke='white' stroke-width='1.5' stroke-linejoin='round'/></svg>") ${x} ${y},${k}!important`
// Arrow and hand, 64 px: black with a white edge, visible on any ground.
const aidCursorCSS =
  `@layer yiyue{:host,*{cursor:${aidSvg("M3 2v25l6-6 4.5 9 4-2-4.5-9h8.5z", 6, 4, "auto")}}` +
  `:is(a[href],button,label,select,summary,[role=button],[role=link],[role=tab],[onclick],input:is([type=submit],[type=button],[type=reset],[type=checkbox],[type=radio],[type=image])),:is(a[href],button,[role=button]) *{cursor:${aidSvg("M11 4a2 2 0 0 1 4 0v9a2 2 0 0 1 4 0v1a2 2 0 0 1 4 0v1a2 2 0 0 1 4 0v7c0 4-3 8-7 8h-4c-2 0-3-1-4-2l-6-8a2 2 0 0 1 3-3l2 2z", 26, 4, "pointer")}}` +
  `input:not([type]),input:is([type=text],[type=search],[type=email],[type=tel],[type=url],[type=password],[type=number]),textarea,[contenteditable=""],[contenteditable=true]{cursor:text!important}}`
// Room at the end of the page, so that the caption bar never hides the
// last lines: an ::after of <html>, which adds no element and shifts nothing.
const aidRoomCSS = `html::after{content:"";display:block;height:40vh}`

let aidRoot, aidSheet, aidLink, aidGuide, aidBar, aidFrame, aidPoint, aidOn

rt.aids = function (s, root) {
  const guide = !!(s.guide || s.elder)
  const cap = !!(s.caption || s.elder)
  const cur = !!(s.cursor || s.elder)
  const doc = document
  aidRoot = root

  const css = (cur ? aidCursorCSS : "") + (cap ? aidRoomCSS : "")
  if (css) {
    if (!aidSheet) aidSheet = new CSSStyleSheet()
    if (aidSheet.css != css) aidSheet.replaceSync((aidSheet.css = css))
  }
  aidAdopt(doc, !!css)
  aidAdopt(root, cur)

  if ((guide || cap) && !aidLink) {
    aidLink = doc.createElement("link")
    aidLink.rel = "stylesheet"
    aidLink.href = rt.asset("aids.css")
    root.append(aidLink)
  }
  aidGuide = aidPart(aidGuide, guide, "yiyue-guide")
  aidBar = aidPart(aidBar, cap, "yiyue-caption")
  if (aidBar && !aidBar.firstChild) aidBar.append(doc.createElement("span"))

  const on = guide || cap
  if (on != !!aidOn) {
    aidOn = on
    const f = on ? addEventListener : removeEventListener
    f("pointermove", aidMove, { passive: true })
    f("focusin", aidFocus)
    f("scroll", aidMove, { passive: true })
  }
  if (!on && aidLink) aidLink.remove(), (aidLink = null)
  if (on && aidPoint) aidMove()
}

function aidAdopt(t, on) {
  const a = t.adoptedStyleSheets
  if (on != a.includes(aidSheet)) t.adoptedStyleSheets = on ? [...a, aidSheet] : a.filter(x => x != aidSheet)
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
  if (e && e.type == "pointermove") aidPoint = [e.clientX, e.clientY, e.target]
  if (!aidFrame && aidPoint) aidFrame = requestAnimationFrame(aidDraw)
}

function aidDraw() {
  aidFrame = 0
  const [x, y, target] = aidPoint
  if (aidGuide) aidPlace(y)
  if (aidBar && target != aidRoot.host) aidShow(aidTextAt(x, y))
}

function aidPlace(y) {
  aidGuide.style.transform = `translateY(${Math.round(y - aidGuide.offsetHeight / 2)}px)`
}

function aidFocus(e) {
  const el = e.target
  if (!el || el == aidRoot.host || !el.getBoundingClientRect) return
  const r = el.getBoundingClientRect()
  if (aidGuide) aidPlace((r.top + r.bottom) / 2)
  if (aidBar) aidShow(aidLabel(el))
}

function aidShow(t) {
  t = (t || "").replace(/\s+/g, " ").trim()
  const span = aidBar.firstChild
  if (t && span.textContent != t) span.textContent = t
}

// aidLabel is what a focused element says: its label, text or value.
function aidLabel(el) {
  return (
    el.getAttribute("aria-label") ||
    (el.labels && el.labels[0] && el.labels[0].textContent + " " + (el.value || el.placeholder || "")) ||
    el.innerText ||
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
  const el = node.parentElement
  const whole = el.textContent.replace(/\s+/g, " ").trim()
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
