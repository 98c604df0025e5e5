// b.act carries out the data-yiyue-action of a portal link that the loader
// has checked: open the toolbar, or toggle elder mode, reading or the
// script, as the reader's own press, said as the toolbar says it (Go's
// act). A link pressed with Enter opens the toolbar once the key is up:
// focus moved into it at once would take the rest of the key press, and
// press the control it lands on.
let actKey
addEventListener("keydown", e => (actKey = e.key == "Enter"), true)
addEventListener("keyup", () => (actKey = false), true)
b.act = a =>
  a == "open" && actKey
    ? new Promise(ok => {
        const go = () => (clearTimeout(t), removeEventListener("keyup", go, true), (actKey = false), ok(b.act(a)))
        // A key up that never comes (the window lost focus) waits no longer.
        const t = setTimeout(go, 1000)
        addEventListener("keyup", go, true)
      })
    : new Promise((ok, no) => rt.impl.act(a, ok, no)).then(JSON.parse)
