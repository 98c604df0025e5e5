// scale.js keeps the widget on the screen, at its own size, when the page
// is scaled: a phone shows a page laid out for desktops (no viewport meta)
// shrunk to fit its screen, a third or less, and everything fixed on it;
// a reader pinch-zooms in to read, and what is fixed stays with the page's
// layout, off the screen. launcher.css makes up for the first roughly
// until this script runs. From here, while the page is scaled, the host
// is a box over what the screen shows (a transform makes it the box its
// fixed parts are placed in), zoomed by the inverse of the scale, and
// moved whenever the screen's view of the page moves. Unscaled (a
// desktop, a page made for phones) nothing is written.
const scaleVV = window.visualViewport
// scaleZoom and scaleTop are the host's zoom and its offset from the top
// of the layout: the reading guide, placed in page coordinates, needs both.
let scaleZoom = 1, scaleTop = 0
function scaleFit() {
  const h = b.root.host, v = scaleVV, s = v.scale
  // Scaled, or pinch-zoomed to a part of the layout (at a scale of 1 on a
  // desktop page a phone's screen shows a third of its width).
  const on = Math.abs(s - 1) > 0.01 || v.offsetLeft > 0.5 || v.offsetTop > 0.5 || v.width < innerWidth * 0.9
  if (!on && !h.style.zoom && getComputedStyle(h).zoom == "1") return
  // The host's own lengths are zoomed too: each is given times the scale.
  scaleZoom = on ? 1 / s : 1
  scaleTop = on ? v.offsetTop : 0
  Object.assign(h.style, on
    ? { zoom: scaleZoom, position: "fixed", left: 0, top: 0, width: v.width * s + "px", height: v.height * s + "px", translate: `${v.offsetLeft * s}px ${v.offsetTop * s}px`, pointerEvents: "none" }
    : { zoom: 1, position: "", left: "", top: "", width: "", height: "", translate: "", pointerEvents: "" })
  // What the widget has of the screen is narrow: aids.css.
  h.toggleAttribute("data-narrow", on && v.width * s < 600)
}
if (scaleVV) {
  scaleVV.addEventListener("resize", scaleFit)
  scaleVV.addEventListener("scroll", scaleFit)
  scaleFit()
}
