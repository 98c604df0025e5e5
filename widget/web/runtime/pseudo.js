// pseudo.js zooms text that a page's stylesheet writes (content in
// ::before or ::after) where the loader's zoom misses it: the loader sizes
// the elements that hold text of their own, and a ::before or ::after
// grows with them only if it takes its size from one. A breadcrumb's " > "
// between its items, an 更多>> link drawn empty, a 置顶 badge sized in px
// stayed as small as at 100 % beside text three times as large.
// Such text gets its size as the page gave it × zoom (--yiyue-zoom, which
// the loader sets at every level) from a sheet of its own: by the page's
// selector where its rule sets the size in px, else by a token per size
// on the element (data-yiyue-p="b12/18 a14": ::before at 12 px with an
// 18 px line, ::after at 14 px). Icons drawn with an icon font (its
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
// force left at the page's size, and sizes them. One that its rule sizes
// in px is sized by a rule of the same selector; one that takes its size
// from its element grows with it where the loader tagged that (it holds
// text), and is sized on its own where not. Only where the element is in
// zoomed text (an icon in a paragraph) may its size be zoomed already:
// those are read with yiyue's sheets off, as the loader reads text.
function pseudoTag() {
  const h = document.documentElement, z = +getComputedStyle(h).getPropertyValue("--yiyue-zoom") || 1
  // At 100 % (spacing alone) nothing tells the sizes apart: at the first
  // level above.
  if (z == 1 || !document.body) return
  pseudoDone = 1
  const rules = new Set(), tokens = new Map(), unsure = []
  const token = (e, p, px, lh) => {
    const t = p[2] + px + (/px$/.test(lh) ? "/" + parseFloat(lh) : "")
    tokens.set(e, [...(tokens.get(e) || []), t])
    rules.add(pseudoRule(`[${pseudoA}~="${t}"]`, p, px + "px", lh))
  }
  let n = 0
  for (const [sel, p, size, lh] of pseudoRules())
    if (/^[\d.]+px$/.test(size)) rules.add(pseudoRule(sel, p, size, lh))
    else
      for (const e of pseudoAll(sel)) {
        if (e.hasAttribute(fitZ) || e.closest("[data-yiyue-skip]")) continue
        // A page that gives one to every list item: its first 5,000 (on
        // 10,000 elements, 3,000 list items' bullets added about 50 ms to
        // the first zoom).
        if (++n > 5000) break
        if (e.parentElement.closest(`[${fitZ}]`)) unsure.push([e, p])
        else {
          const c = getComputedStyle(e, p)
          token(e, p, parseFloat(c.fontSize), c.lineHeight)
        }
      }
  if (unsure.length) {
    const mine = document.adoptedStyleSheets.filter(s => [...s.cssRules].some(r => r.cssText.includes("yiyue")))
    for (const s of mine) s.disabled = true
    const was = unsure.map(([e, p]) => getComputedStyle(e, p)).map(c => [parseFloat(c.fontSize), c.lineHeight])
    for (const s of mine) s.disabled = false
    unsure.forEach(([e, p], i) => Math.abs(parseFloat(getComputedStyle(e, p).fontSize) - was[i][0] * z) < 0.5 || token(e, p, ...was[i]))
  }
  if (!rules.size) return
  pseudoSheet.replaceSync([...rules].join(""))
  for (const [e, t] of tokens) e.setAttribute(pseudoA, t.join(" "))
  if (!document.adoptedStyleSheets.includes(pseudoSheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pseudoSheet]
}

// pseudoAll returns the elements of <body> that sel matches: none where
// it is not a selector without its pseudo-element (one of a newer syntax).
function pseudoAll(sel) {
  try {
    return document.body.querySelectorAll(sel)
  } catch (e) {
    return []
  }
}

// pseudoRule is the rule that sizes the p (::before or ::after) of sel
// at size (px) × zoom, and its line height lh if in px.
function pseudoRule(sel, p, size, lh) {
  return `${sel}:not(#_#_#_)${p}{font-size:calc(${size} * var(--yiyue-zoom))!important;${/px$/.test(lh) ? `line-height:calc(${lh} * var(--yiyue-zoom))!important` : ""}}`
}

// pseudoRules returns, for each readable rule that writes text in a
// ::before or ::after, [selector of its elements, the pseudo-element,
// the size and line height it sets]. Text: a quoted string with a
// character that is not a space or an icon font's. A rule under a media
// query or the like sizes nothing itself: its elements are looked at.
function pseudoRules() {
  const out = []
  const walk = (rules, cond) => {
    for (const r of rules) {
      if (r.cssRules) walk(r.cssRules, 1)
      const c = r.selectorText && r.style.content
      if (c && /(["'])[^"']*[^\s"'\ue000-\uf8ff][^"']*\1/.test(c))
        for (const s of r.selectorText.split(",")) {
          const m = /::?(before|after)\b/i.exec(s)
          if (m) out.push([s.replace(m[0], "").trim() || "*", "::" + m[1].toLowerCase(), cond ? "" : r.style.fontSize, r.style.lineHeight])
        }
    }
  }
  for (const s of [...document.styleSheets, ...document.adoptedStyleSheets])
    if (s != pseudoSheet)
      try {
        walk(s.cssRules)
      } catch (e) {}
  return out
}
