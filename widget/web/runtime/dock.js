// dock.js closes the open toolbar when keyboard focus moves to a page
// control that the toolbar covers, wholly or in part (WCAG 2.4.11). The
// dock is fixed over the bottom of the screen (in the elder mode on a
// phone, over most of it): a reader who tabs from it into the page, or a
// page that moves focus itself, would otherwise put focus where nobody
// sees it. Focus stays where it went (the API's close() moves it to the
// launcher only from inside the toolbar); a control clear of the dock
// keeps the toolbar open. A task later: the browser has scrolled the
// control into view by then.
document.addEventListener("focusin", e => setTimeout(() => {
  const d = b.root.getElementById("dock"), t = e.target
  if (!d || d.hidden || t != document.activeElement || t == b.root.host) return
  const a = t.getBoundingClientRect(), k = d.getBoundingClientRect()
  if (a.right > k.left && a.left < k.right && a.bottom > k.top && a.top < k.bottom) window.yiyue.close()
}))

// Esc on the launcher closes the open toolbar too, as the help says: the
// toolbar's own keys are handled inside it (the WASM), and a reader who
// went back to the launcher with Shift+Tab is outside.
b.root.getElementById("launcher").addEventListener("keydown", e => {
  if (e.key == "Escape" && b.state().open) e.preventDefault(), window.yiyue.close()
})

// rt.docked is told of the toolbar once the WASM has built it. Its first
// row is at the bottom (toolbar.css), and on a small screen the toolbar
// grows past the room it has as the text grows: the control the reader
// pressed (focused), or else that first row, stays in view, as the
// reader's place, rather than the dock's top, where its scrolling starts;
// unless a message came since the reader last pressed, typed or moved
// focus there (said; a screen reader's press is a click and a focus): it
// stays in view till then, through the toolbar's new size in the same
// frame and the launcher's rise after it.
rt.docked = d => {
  const p = d.querySelector("#panel")
  let said
  for (const t of ["pointerdown", "keydown", "click", "focusin"]) d.addEventListener(t, () => (said = 0), true)
  // The toolbar opened or closed: its first row, or focus, comes first.
  new MutationObserver(() => (said = 0)).observe(d, { attributes: true, attributeFilter: ["hidden"] })
  const shown = () => b.msg.parentNode == d && b.msg.textContent
  // A press that changes the toolbar's size (长者助手 takes its text to
  // 150 % and its buttons to 60 px) moves the controls after the pressed
  // one, and a second press at the same spot soon after (a double click,
  // a habit of many older readers) would land on whatever moved there:
  // 配色's list opened. A pointer's press at the same spot on another
  // control, within half a second of such a change, is dropped; one aimed
  // elsewhere, and the keyboard's, are not.
  // A dropped press is over at its click, or a second on (a press dragged
  // away has none): a screen reader's press after it is not dropped.
  let pressed, pressAt = -1e4, movedAt = -1e4, x, y, drop
  const guard = e => {
    const t = performance.now()
    if (e.type == "pointerdown") {
      const c = e.target.closest("[data-id]")
      drop = t - movedAt < 500 && c != pressed && Math.abs(e.clientX - x) < 16 && Math.abs(e.clientY - y) < 16 && t
      if (!drop) (pressed = c), (pressAt = t), (x = e.clientX), (y = e.clientY)
    }
    if (drop && t - drop < 1000 && (e.type != "click" || e.detail)) e.preventDefault(), e.stopPropagation()
    if (e.type == "click") drop ? (drop = 0) : e.detail && (pressAt = t)
  }
  for (const t of ["pointerdown", "mousedown", "click"]) d.addEventListener(t, guard, true)
  const o = new ResizeObserver(() => {
    if (performance.now() - pressAt < 1000) movedAt = performance.now()
    // Only where it scrolls: a text size's change is timed to its frame.
    if (d.scrollHeight <= d.clientHeight + 1) return
    const a = b.root.activeElement
    ;(said && shown() ? b.msg : a && p.contains(a) ? a : p.firstElementChild)?.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" })
  })
  // The dock itself shrinks as the launcher below it rises (lift.js).
  o.observe(p)
  o.observe(d)
  // The help panel, below the rows, is brought into view when it opens:
  // on a small screen it would open out of sight.
  const h = d.querySelector("#help")
  new MutationObserver(() => h.hidden || h.scrollIntoView({ block: "nearest", behavior: "instant" })).observe(h, { attributes: true, attributeFilter: ["hidden"] })
  // A message (朗读：暂不可用) is the dock's first line, above the rows:
  // it is brought into view when it comes.
  new MutationObserver(() => shown() && ((said = 1), b.msg.scrollIntoView({ block: "nearest", behavior: "instant" }))).observe(b.msg, {
    childList: true,
    characterData: true,
    subtree: true,
  })
}
