// pseudo.js zooms text that a page's stylesheet writes (content in
// ::before or ::after) where the loader's zoom misses it: the loader sizes
// the elements that hold text of their own, and a ::before or ::after
// grows with them only if it takes its size from one. A breadcrumb's " > "
// between its items, an 更多>> link drawn empty, a 置顶 badge sized in px
// stayed as small as at 100 % beside text three times as large.
// Such text gets its size as the page gave it × zoom (--yiyue-zoom, which
// the loader sets at every level) from a sheet of its own, by a token per
// size on the element (data-yiyue-p="b12/18 a14": ::before at 12 px with
// an 18 px line, ::after at 14 px). Icons drawn with an icon font (its
// private-use characters) are no text, and keep their boxes' sizes.
// It is looked for once each time zoom comes on, in the page's readable
// stylesheets (one from another origin cannot be read: its text stays as
// it is); a page with none such pays only that walk.
const pseudoA = "data-yiyue-p", pseudoSheet = new CSSStyleSheet()
// pseudoDone says the page was looked at since zoom came on.
let pseudoDone

const pseudoFit = b.fit
b.fit = (...a) => {
  if (!a[1]) return pseudoOff(), pseudoFit(...a)
  // Once the level's sizes are written, before the boxes are fitted.
  const zoom = a[3]
  a[3] = () => (zoom(), pseudoDone || pseudoTag())
  pseudoFit(...a)
}

// pseudoOff takes the tokens and the sheet off the page.
function pseudoOff() {
  pseudoDone = 0
  for (const e of document.querySelectorAll(`[${pseudoA}]`)) e.removeAttribute(pseudoA)
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s != pseudoSheet)
}

// pseudoTag finds the ::before and ::after with text that the zoom in
// force left at the page's size, and sizes them.
function pseudoTag() {
  const h = document.documentElement, z = +getComputedStyle(h).getPropertyValue("--yiyue-zoom") || 1
  // At 100 % (spacing alone) nothing tells the sizes apart: at the first
  // level above.
  if (z == 1) return
  pseudoDone = 1
  const found = []
  for (const e of pseudoHosts())
    for (const p of ["::before", "::after"])
      // Text: a quoted string with a character that is not a space or an
      // icon font's.
      if (/"[^"]*[^\s"\ue000-\uf8ff][^"]*"/.test(getComputedStyle(e, p).content)) found.push([e, p])
  if (!found.length) return
  // The sizes as the page gives them: read with yiyue's sheets off (those
  // whose rules name it), as the loader reads the rest; then as they are.
  const mine = document.adoptedStyleSheets.filter(s => [...s.cssRules].some(r => r.cssText.includes("yiyue")))
  for (const s of mine) s.disabled = true
  const was = found.map(([e, p]) => getComputedStyle(e, p)).map(s => [parseFloat(s.fontSize), s.lineHeight])
  for (const s of mine) s.disabled = false
  const tokens = new Map(), rules = new Set()
  found.forEach(([e, p], i) => {
    const [px, lh] = was[i]
    // One that grows with its element already.
    if (Math.abs(parseFloat(getComputedStyle(e, p).fontSize) - px * z) < 0.5) return
    const t = p[2] + px + (/px$/.test(lh) ? "/" + parseFloat(lh) : "")
    tokens.set(e, [...(tokens.get(e) || []), t])
    rules.add(`[${pseudoA}~="${t}"]:not(#_#_#_)${p}{font-size:calc(${px}px * var(--yiyue-zoom))!important;${/px$/.test(lh) ? `line-height:calc(${lh} * var(--yiyue-zoom))!important` : ""}}`)
  })
  if (!rules.size) return
  pseudoSheet.replaceSync([...rules].join(""))
  for (const [e, t] of tokens) e.setAttribute(pseudoA, t.join(" "))
  if (!document.adoptedStyleSheets.includes(pseudoSheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pseudoSheet]
}

// pseudoHosts returns the page's elements that a readable rule gives a
// ::before or ::after with content: at most 2,000 (a page that gives one
// to every list item, say), outside the widget and what the site marks.
function pseudoHosts() {
  const sel = new Set()
  const walk = rules => {
    for (const r of rules) {
      if (r.cssRules) walk(r.cssRules)
      const c = r.selectorText && r.style.content
      if (c && c != "none" && c != "normal" && c != '""')
        for (const s of r.selectorText.split(",")) if (/::?(before|after)\b/i.test(s)) sel.add(s.replace(/::?(before|after)\b/gi, "").trim() || "*")
    }
  }
  for (const s of [...document.styleSheets, ...document.adoptedStyleSheets])
    try {
      walk(s.cssRules)
    } catch (e) {}
  const out = new Set()
  for (const s of sel)
    try {
      for (const e of document.body.querySelectorAll(s)) if (out.size < 2000 && !e.closest("[data-yiyue-skip]")) out.add(e)
    } catch (e) {}
  return out
}
