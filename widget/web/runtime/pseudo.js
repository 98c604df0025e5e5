// pseudo.js zooms the text a page writes in ::before and ::after at a size
// of its own (发布时间： before a date at 12px, 更多» after a link): the
// loader's rules zoom each element's size, and such a size does not
// follow it. The sizes come from the page's own rules, in px, pt or rem
// (a sheet from another origin cannot be read, and stays as it is); the
// rules written here multiply them by the level (--yiyue-zoom), keep the
// page's @media and @supports around them, and are in force while text is
// zoomed or spaced. The page's sheets are read again when their number
// or their rules' changes (a script's insertRule), and where a size is
// in rem, at every level: the page may have set the root's.
const pseudoSheet = new CSSStyleSheet()
// pseudoFrom is the key (pseudoKey) of the sheets the rules were written
// from; pseudoRem, that one of their sizes is in rem.
let pseudoFrom, pseudoRem

// The rules are written while the page is idle, once the runtime started
// and the page's sheets are in: written at the first zoom, their read of
// the root's size restyled the whole page as the loader had just tagged
// it, at its old size, 2 ms of that zoom on the example portal.
if (window.requestIdleCallback) {
  const soon = () => requestIdleCallback(() => pseudoFrom ?? pseudoZoom(1, 1))
  document.readyState == "complete" ? soon() : addEventListener("load", soon, { once: true })
}

// pseudoZoom puts the rules in force (on) or out of it; ready, only
// writes them.
function pseudoZoom(on, ready) {
  const k = on && pseudoKey()
  if (on && (k != pseudoFrom || pseudoRem)) (pseudoFrom = k), pseudoSheet.replaceSync(pseudoRules())
  if (ready) return
  const a = document.adoptedStyleSheets, has = a.includes(pseudoSheet)
  if (on != has) document.adoptedStyleSheets = on ? [...a, pseudoSheet] : a.filter(x => x != pseudoSheet)
}

// pseudoKey says which sheets the page has: their number and each one's
// number of rules, which reading needs no style.
function pseudoKey() {
  let k = ""
  for (const sh of document.styleSheets)
    try {
      k += sh.cssRules.length + " "
    } catch (e) {
      k += "- "
    }
  return k
}

// pseudoRules writes the zoomed rules of the page's generated text.
function pseudoRules() {
  pseudoRem = 0
  const root = parseFloat(getComputedStyle(document.documentElement).fontSize)
  // A length the zoom leaves as it is, as a calc() times the level; "" for
  // one that follows the element's size (em, %, a keyword) or none.
  const zoomed = v => {
    const m = /^([\d.]+)(px|pt|rem)$/.exec(v)
    if (m?.[2] == "rem") pseudoRem = 1
    return m ? `calc(${+m[1] * (m[2] == "pt" ? 4 / 3 : m[2] == "rem" ? root : 1)}px * var(--yiyue-zoom))!important` : ""
  }
  const walk = rules => {
    let c = ""
    for (const r of rules) {
      // @media, @supports, @container: the same condition around them.
      if (r.cssRules && r.conditionText != null) {
        const inner = walk(r.cssRules)
        if (inner) c += r.cssText.slice(0, r.cssText.indexOf("{")) + `{${inner}}`
        continue
      }
      // @layer's as if unlayered; @import's.
      if (r.cssRules && !r.selectorText) c += walk(r.cssRules)
      if (r.styleSheet) c += walk(r.styleSheet.cssRules)
      // A nested rule's & would be the page's root here.
      if (!/:(before|after)/.test(r.selectorText) || r.selectorText.includes("&")) continue
      const f = zoomed(r.style.fontSize), l = zoomed(r.style.lineHeight)
      if (!f && !l) continue
      // A list's selectors one by one: `h2, p::before` is p's only.
      for (const s of r.selectorText.split(/,(?![^(]*\))/)) {
        const m = /::?(before|after)\s*$/.exec(s)
        if (m) c += `html:not(#_#_#_) :is(${s.slice(0, m.index).trim() || "*"})::${m[1]}{${f && "font-size:" + f + ";"}${l && "line-height:" + l}}`
      }
    }
    return c
  }
  let c = ""
  for (const sh of document.styleSheets)
    try {
      c += walk(sh.cssRules)
    } catch (e) {
      // Another origin's.
    }
  return c
}
