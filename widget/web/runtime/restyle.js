// restyle.js keeps text zoom multiplying the size the page shows when the
// page changes it later: its own 字号 大/中/小 links, an inline size, a
// class. The loader tags each element that holds text with its size as
// the page had it and sizes it × zoom with an !important rule (view.js),
// which would hide the page's new size. So while text zoom or spacing is
// on, a change of an element's style or class is seen here, and the
// elements under it are read again as the page now has them (b.scan,
// with yiyue's sheets off) before the next frame. Style changes that set
// no size (a carousel's moves) are told apart by their declarations; a
// class value that sized nothing is not read again on that element.
const restyleZ = "data-yiyue-z"
const restyleDecl = document.createElement("i").style
// restyleSame maps an element to the class values found to size nothing;
// restyleQ holds what changed since the last frame (element -> whether
// its class did).
const restyleSame = new WeakMap()
let restyleObs, restyleQ

const restyleFit = b.fit
b.fit = (...a) => {
  restyleFit(...a)
  if (!a[1]) return restyleObs && restyleObs.disconnect()
  restyleObs = restyleObs || new MutationObserver(restyleNote)
  restyleObs.observe(document.body, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["style", "class"] })
}

// restyleSize gives what a style attribute's value says of text size.
function restyleSize(v) {
  restyleDecl.cssText = v || ""
  return restyleDecl.fontSize + " " + restyleDecl.lineHeight
}

function restyleNote(recs) {
  for (const r of recs) {
    const e = r.target, cls = r.attributeName == "class"
    if (e == b.root.host || (cls ? restyleSame.get(e)?.has(e.className) : restyleSize(r.oldValue) == restyleSize(e.getAttribute("style")))) continue
    if (!restyleQ) (restyleQ = new Map()), requestAnimationFrame(restyleRun)
    restyleQ.set(e, cls || restyleQ.get(e))
  }
}

// restyleRun reads again the sizes of the tagged elements under what
// changed, and fits the boxes anew when any moved.
function restyleRun() {
  const q = restyleQ, old = new Map()
  restyleQ = null
  if (!document.querySelector(`[${restyleZ}]`)) return
  const roots = [...q.keys()].filter(e => e.isConnected)
  for (const e of roots) for (const x of [e, ...e.querySelectorAll(`[${restyleZ}]`)]) if (x.hasAttribute(restyleZ)) old.set(x, x.getAttribute(restyleZ))
  if (!old.size) return
  // Untagged, they are read and tagged anew by the loader's scan.
  for (const x of old.keys()) x.removeAttribute(restyleZ)
  fitSheet.disabled = true
  try {
    b.scan(roots)
  } finally {
    fitSheet.disabled = false
  }
  for (const [x, i] of old) if (x.getAttribute(restyleZ) != i) return b.grow(1)
  for (const [e, cls] of q) if (cls) restyleSame.has(e) ? restyleSame.get(e).add(e.className) : restyleSame.set(e, new Set([e.className]))
}
