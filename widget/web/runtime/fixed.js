// fixed.js finds what the page keeps on the screen as it scrolls: boxes
// fixed or sticky, such as a phone portal's header and tab bar or a
// 返回顶部. They are not the reader's place in the page (place.js), and
// what the widget shows or scrolls to keeps clear of them: the launcher
// (lift.js), the caption bar (aids.js), the sentence read aloud (read.js).

// fixedBox returns el, or the nearest box that holds it, if it is fixed or
// sticky; else null.
function fixedBox(el) {
  for (let a = el; a && a != document.body && a != document.documentElement; a = a.parentElement)
    if (/fixed|sticky/.test(getComputedStyle(a).position)) return a
  return null
}

// fixedBars returns how far the page's bars reach into the screen from
// its top and from its bottom, in px: fixed or sticky boxes at either
// edge, less than a third of the screen tall (taller is a panel or a
// dialog, not a bar), looked at in three points across; then the two
// bars (the last found at each edge), or nothing.
function fixedBars() {
  const h = innerHeight, w = document.documentElement.clientWidth, host = b.root.host
  let top = 0, bottom = 0, upper, lower
  for (const f of [0.25, 0.5, 0.75])
    for (const y of [1, h - 2]) {
      // Under a panel or a dialog (a notice over the whole page), what is
      // there beneath it.
      let box, r
      for (const e of document.elementsFromPoint(w * f, y)) {
        if (e == host) continue
        box = fixedBox(e)
        if (!box || (r = box.getBoundingClientRect()).height <= h / 3) break
        box = null
      }
      if (!box) continue
      if (y == 1) (top = Math.max(top, r.bottom)), (upper = box)
      else (bottom = Math.max(bottom, h - r.top)), (lower = box)
    }
  return [top, bottom, upper, lower]
}
