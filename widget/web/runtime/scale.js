// scale.js keeps the widget at its own size on a phone that shows a page
// laid out for desktops (no viewport meta): the browser shrinks such a
// page to fit the screen, a third or less, and everything fixed on it,
// so the launcher and toolbar would be too small to read or tap.
// launcher.css makes up for it roughly until this script runs; from here
// the host is zoomed by exactly the inverse of the page's scale, whenever
// it changes (rotation, the reader zooming out). A reader who zooms in
// (a scale above 1) zooms the widget too, as before.
// scaleZoom is the host's zoom: lengths that the widget writes in page
// coordinates (the reading guide's position) are divided by it.
const scaleVV = window.visualViewport
let scaleZoom = 1
function scaleFit() {
  const h = b.root.host, z = Math.max(1, 1 / scaleVV.scale)
  // Elsewhere (a desktop, a page made for phones) nothing is written.
  if (z > 1 || h.style.zoom || getComputedStyle(h).zoom != "1") {
    h.style.zoom = scaleZoom = z
    // What the widget has of the screen is narrow: aids.css.
    h.toggleAttribute("data-narrow", innerWidth / z < 600)
  }
}
if (scaleVV) scaleVV.addEventListener("resize", scaleFit), scaleFit()
