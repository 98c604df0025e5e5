// b.act carries out the data-yiyue-action of a portal link that the loader
// has checked: open the toolbar, or toggle elder mode, reading or the
// script.
b.act = a => {
  const s = b.state(), y = window.yiyue
  return a == "open" ? y.open()
    : y.set(a == "elder" ? { elder: !s.elder } : a == "read" ? { reading: s.reading == "off" ? "continuous" : "off" } : { script: a })
}
