// place.js keeps the reader's place when a change of the view grows or
// shrinks the text (zoom, spacing, the elder mode). Everything above the
// screen grows too, and the browser's own scroll anchoring gives up when
// the boxes around the anchor change size, as they all do: a reader halfway
// down an article who pressed 大 found another part of it on the screen.
// So before such a change the text at the top of the screen (or the
// element with focus, for a keyboard's reader) is marked, and after it the
// page is scrolled so that it stands where it stood; for a reader
// listening, the sentence being read. At the top of the page there is
// nothing else to keep. On a site's first use the boxes grow
// later, when the page stylesheet comes (the loader runs the second pass,
// b.fit, then): the place is kept then too. lazy.js's hold on b.commit,
// which sees every view change, calls placeMark before it and placeKept
// after.
const placeFit = b.fit
let placeFitted, placeLater
b.fit = (...a) => {
  placeFitted = 1
  placeFit(...a)
  if (placeLater) placeKeep(placeLater), (placeLater = 0)
}
// A reader who scrolls, taps or types on the page meanwhile has a new
// place: a mark still waiting for the stylesheet (whose fetch may have
// failed, to be tried again at the next change) is theirs no longer.
for (const t of ["wheel", "touchstart", "keydown", "mousedown"])
  addEventListener(t, e => e.target != b.root.host && (placeLater = 0), { capture: true, passive: true })

// placeKept keeps the place mark after a commit, or, when the second pass
// has not run (the page stylesheet is on its way), when it does.
function placeKept(mark) {
  placeKeep(mark)
  if (!placeFitted) placeLater = mark
}

// placeKeep scrolls mark[0] back to where it stood, mark[1], or as much
// lower as the header above it (mark[2], whose bottom was at mark[3])
// grew.
function placeKeep(mark) {
  const d = mark[0].getBoundingClientRect().top - mark[1] - (mark[2] ? Math.max(0, mark[2].getBoundingClientRect().bottom - mark[3]) : 0)
  if (Math.abs(d) >= 1) scrollBy({ top: d, behavior: "instant" })
}

// placeMark returns what marks the reader's place and where on the screen
// it is: [element or Range, top]. The sentence being read aloud, if it is
// on the screen, is the place, even at the top of the page; else nothing
// there.
function placeMark() {
  placeFitted = placeLater = 0
  const s = CSS.highlights?.get("yiyue-reading")
  if (s && s.size) {
    const r = s.values().next().value, q = r.getBoundingClientRect()
    if (q.height && q.bottom > 0 && q.top < innerHeight) return [r, q.top]
  }
  if (scrollY < 1) return
  const a = document.activeElement, h = b.root.host
  if (a && a != document.body && !h.contains(a)) {
    const r = a.getBoundingClientRect()
    if (r.bottom > 0 && r.top < innerHeight) return [a, r.top]
  }
  // The first character down the screen, a third of the way across and
  // either side (a column of text is rarely missed by all three); not one
  // of a header that stays on the screen (fixed.js), which scrolling
  // does not move, and which may grow over the place.
  let bar
  for (let y = 4; y < innerHeight / 2; y += 12)
    for (const f of [0.5, 0.3, 0.7]) {
      const p = placeCaret(innerWidth * f, y)
      if (p && p[0].nodeType == 3 && p[0].length && !h.contains(p[0].parentElement)) {
        const fx = fixedBox(p[0].parentElement)
        if (fx) {
          bar = fx
          continue
        }
        let [r, q] = placeChar(p)
        if (!q.height) continue
        if (!bar) return [r, q.top]
        // Under a header: the start of that line, so that none of the
        // line wraps up under the grown header. (Elsewhere the character
        // itself: a line's start, kept, walks the place back up the text
        // at each change, as it falls mid-line at the new size.)
        const blk = p[0].parentElement.closest("p,li,dd,dt,td,th,h1,h2,h3,h4,h5,h6,blockquote,pre,div") || p[0].parentElement
        const s = placeCaret(Math.max(1, blk.getBoundingClientRect().left + 1), (q.top + q.bottom) / 2)
        if (s && s[0].nodeType == 3 && s[0].length && blk.contains(s[0])) {
          const [r1, q1] = placeChar(s)
          if (q1.height && Math.abs(q1.top - q.top) < q.height / 2) (r = r1), (q = q1)
        }
        return [r, q.top, bar, bar.getBoundingClientRect().bottom]
      }
    }
}

// placeChar returns a Range over the character at caret p (a text node
// and an offset, as placeCaret gives it; the last one at the end) and its
// box.
function placeChar(p) {
  const r = new Range(), i = Math.min(p[1], p[0].length - 1)
  r.setStart(p[0], i)
  r.setEnd(p[0], i + 1)
  return [r, r.getBoundingClientRect()]
}

// placeCaret returns the [node, offset] at a point of the screen.
function placeCaret(x, y) {
  const d = document
  const p = d.caretPositionFromPoint ? d.caretPositionFromPoint(x, y) : d.caretRangeFromPoint?.(x, y)
  return p && (p.offsetNode ? [p.offsetNode, p.offset] : [p.startContainer, p.startOffset])
}
