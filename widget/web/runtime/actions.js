// b.act carries out the data-yiyue-action of a portal link that the loader
// has checked: open the toolbar, or toggle elder mode, reading or the
// script, as the reader's own press, said as the toolbar says it (Go's
// act). A link pressed with Enter opens the toolbar once the key is up:
// focus moved into it at once would take the rest of the key press (and
// the repeats of a key held down), and press the control it lands on. A
// key up that never comes (the window lost focus, a dialog took it) waits
// no longer than the focus stays, or the next pointer press.
let actKey
addEventListener("keydown", e => (actKey = e.key == "Enter"), true)
for (const t of ["keyup", "blur", "pointerdown"]) addEventListener(t, () => (actKey = false), true)
b.act = a =>
  a == "open" && actKey
    ? new Promise(ok => {
        const go = () => {
          for (const t of ["keyup", "blur", "pointerdown"]) removeEventListener(t, go, true)
          ok(b.act(a))
        }
        for (const t of ["keyup", "blur", "pointerdown"]) addEventListener(t, go, true)
      })
    : new Promise((ok, no) => rt.impl.act(a, ok, no)).then(JSON.parse)
