// Read-aloud in the page (the decisions are the WASM's: widget/reading
// builds the sentences, widget/speech picks engines and voices):
//
//   - the DOM walk: candidate content roots, then the segments of the
//     chosen root in the wire format of widget/reading, numbering the nodes;
//   - the highlight of the sentence being read, through the CSS Custom
//     Highlight API (no DOM change), scrolled into view;
//   - engine A, speechSynthesis, one utterance per sentence;
//   - engine B's output: PCM chunks decoded by the WASM, scheduled back to
//     back on one AudioContext timeline, with short fades at the joins;
//   - point-to-read (指读): the unit under the pointer after a dwell, the
//     unit tapped on a touch screen, or the element that takes keyboard
//     focus;
//   - Esc, which stops reading at once.
//
// Events go to the WASM through rt.onRead(kind, gen, i, …); everything
// here is prefixed rd, since the runtime files share one scope.

const rdRS = "\x1e"
const rdUS = "\x1f"
const rdHL = "yiyue-reading" // the highlight's name, which reading.css styles
const rdLead = 0.02 // s from now to the first sample of a reading
const rdFade = 0.004 // s of fade at each end of a sentence
const rdDwell = 300 // ms the pointer rests before point-to-read speaks
const rdClean = s => (s || "").replace(/[\x1e\x1f]/g, "")
const rdSkipTag = /^(script|style|noscript|template|iframe|object|embed|canvas|video|audio|svg|math|head|title|meta|link|datalist)$/
const rdBlock = /^(address|article|aside|blockquote|br|caption|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|legend|h[1-6])$/
const rdCtlRole = /^(button|checkbox|radio|textbox|searchbox|combobox|listbox|slider|spinbutton|switch|tab|menuitem|menuitemcheckbox|menuitemradio|option)$/
const rdUnitSel = "a[href],button,input,select,textarea,img,summary,[role=button],[role=link],[role=img],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[role=textbox],[role=searchbox],[role=combobox],[role=slider]"

let rdCands = [], rdNodes = [], rdWhole = new Set(), rdSents = [], rdTexts = [], rdFromP = null, rdUsed = null, rdResumeP = null
// The walk's root, and each sentence's node indices (into rdNodes).
let rdRoot = null, rdIdx = []
let rdGen = -1, rdEng = "", rdPointMode = false, rdPaused = false, rdShown = -1, rdUtter
let rdCtx, rdOut, rdTimeline = 0, rdMarks = [], rdSrcs = new Set(), rdTimer = 0, rdSheet
let rdS = {}, rdLog = [], rdSteps = {}
// rdTall: the sentence shown is taller than the room it has (rdFollow).
let rdTall = false, rdFollowAt = 0
// rdStep notes when a step of starting to read finished, for the figures.
const rdStep = k => (rdSteps[k] = performance.now())
rt.readStep = k => rdSteps[k] || rdStep(k)
const rdPt = { on: false, wait: null, key: null, timer: 0, raf: 0, x: 0, y: 0, ranges: null, touch: false, was: null }
// rdTapAct matches what a tap activates; rdTapField, the fields among
// them, whose tap is left alone: it focuses them for typing, and focus
// reads them.
const rdTapAct = "a[href],button,summary,label,input,select,textarea,[role=button],[role=link],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[role=option]"
const rdTapField = "select,textarea,input:not([type=button],[type=submit],[type=reset],[type=checkbox],[type=radio],[type=image])"

function rdEvent(kind, gen, i, a, b, c) {
  if (gen != rdGen) return
  if (kind == "end") rdNowOK = true
  if (kind == "start") {
    rdShow(i)
    rdLog.push({ gen, i, ctx: rdCtx ? rdCtx.currentTime : 0, at: performance.now() })
    if (rdLog.length > 1000) rdLog.shift()
  }
  if (rt.onRead) rt.onRead(kind, gen, i, a || "", b || "", c || "")
}

// ---- The DOM walk ----------------------------------------------------

function rdShownEl(el) {
  if (el.hidden || el.getAttribute("aria-hidden") == "true") return false
  if (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true })) return true
  return getComputedStyle(el).display == "contents"
}

function rdRole(el) {
  const r = (el.getAttribute("role") || "").trim().split(/\s+/)[0], n = el.localName
  if (r == "presentation" || r == "none") {
    if (n == "img") return "hidden" // decorative: it says nothing
  } else if (r) return r
  switch (n) {
    case "a": return el.hasAttribute("href") ? "link" : ""
    case "button": case "summary": return "button"
    case "img": return "img"
    case "textarea": return "textbox"
    case "select": return el.multiple || el.size > 1 ? "listbox" : "combobox"
    case "input": {
      const t = el.type
      return t == "hidden" ? "hidden" : /^(button|submit|reset|image|file|color)$/.test(t) ? "button" : t == "checkbox" ? "checkbox" : t == "radio" ? "radio"
        : t == "range" ? "slider" : t == "number" ? "spinbutton" : t == "search" ? "searchbox" : "textbox"
    }
  }
  return /^h[1-6]$/.test(n) ? "heading" : ""
}

// rdName is an element's accessible name, as far as a page script can
// tell: aria-labelledby, aria-label, alt, labels, value, text, title.
function rdName(el) {
  const by = el.getAttribute("aria-labelledby")
  if (by) {
    const t = by.split(/\s+/).map(id => el.getRootNode().getElementById(id)).filter(x => x).map(x => x.textContent).join(" ")
    if (t.trim()) return t
  }
  const al = el.getAttribute("aria-label")
  if (al && al.trim()) return al
  const n = el.localName
  if (n == "img" || n == "area" || (n == "input" && el.type == "image")) return el.getAttribute("alt") || el.title || ""
  if (n == "input" || n == "select" || n == "textarea") {
    // A label around the control names it without the control's own
    // text (a select's every option): its value is read after the name.
    const l = el.labels ? [...el.labels].map(x => rdInner(x, el)).join(" ") : ""
    if (l.trim()) return l
    if (n == "input" && /^(button|submit|reset)$/.test(el.type)) return el.value
    return el.title || el.placeholder || ""
  }
  let t = rdInner(el)
  if (!t.trim()) {
    const i = el.querySelector("img[alt]")
    if (i) t = i.alt
  }
  return t.trim() ? t : el.title || ""
}

// rdInner is el's text as innerText gives it, less what the page hides
// from screen readers (aria-hidden): a tab's icon, ☰ before 办事, is not
// read, nor shown in the caption bar.
// Where there is such a part, the text is gathered as innerText would:
// what is not shown is left out, and a line break or a block breaks the
// line (Annual / report is not Annualreport). An element skip, inside,
// is left out too.
function rdInner(el, skip) {
  if (!el.querySelector('[aria-hidden="true"]') && !(skip && el.contains(skip))) return el.innerText || ""
  let t = ""
  for (const n of el.childNodes)
    if (n.nodeType == 3) t += n.data.replace(/\s+/g, " ")
    else if (n.nodeType == 1 && n != skip && n.getAttribute("aria-hidden") != "true" && n.checkVisibility?.() !== false)
      t += n.localName == "br" || !/^inline/.test(getComputedStyle(n).display) ? "\n" + rdInner(n, skip) + "\n" : rdInner(n, skip)
  return t
}

// rdNamed is an element's name (rdName) and, for a field, what it holds:
// the text typed, the option chosen, the slider's value; never a
// password's.
function rdNamed(el, role, lang) {
  const n = el.localName, name = rdName(el).trim()
  let v = ""
  if (n == "select") v = [...el.selectedOptions].map(o => o.label).join(" ")
  else if (n == "textarea" || n == "input" && el.type != "password" && /^(textbox|searchbox|spinbutton|slider)$/.test(role)) v = el.value
  v = v.trim().slice(0, 200)
  return name && v ? name + (/^zh/i.test(lang) ? "，" : ", ") + v : name || v
}

// rdState is a control's state, as the WASM's role words name it, after
// a slash ("/checked", "/expanded"), or "".
function rdState(el, role) {
  if (/^(checkbox|radio|switch|menuitemcheckbox|menuitemradio)$/.test(role)) {
    const c = el.localName == "input" ? (el.indeterminate ? "mixed" : String(el.checked)) : el.getAttribute("aria-checked")
    return c == "true" ? "/checked" : c == "mixed" ? "/mixed" : "/unchecked"
  }
  // The selected tab of a tab list, or option of a list box (the others
  // say nothing, as screen readers do).
  if (/^(tab|option)$/.test(role)) return el.getAttribute("aria-selected") == "true" || el.selected ? "/checked" : ""
  // A <details> element's summary says whether it is open.
  if (el.localName == "summary" && el.parentElement?.localName == "details") return el.parentElement.open ? "/expanded" : "/collapsed"
  const e = el.getAttribute("aria-expanded")
  if (e == "true" || e == "false") return e == "true" ? "/expanded" : "/collapsed"
  return el.getAttribute("aria-pressed") == "true" ? "/pressed" : ""
}

// rdRegion: content skipped unless reading starts inside it.
function rdRegion(el) {
  const n = el.localName
  if (/^(navigation|banner|contentinfo|complementary)$/.test(el.getAttribute("role"))) return true
  if (n == "nav" || n == "aside") return true
  if ((n == "header" || n == "footer") && !(el.parentElement && el.parentElement.closest("article,section,main,[role=main]"))) return true
  return rdMenu(el)
}

// rdMenu says whether el is a menu built without <nav>, as older portals
// build their top bars and menus (a table row of link cells, a cell or a
// list of links): three links or more, none longer than a menu item (8
// characters; a news title is longer) nor naming a file (申请表.doc: a
// list of attachments), and nothing else but separators; not in the
// page's marked main content, where such a list is content.
function rdMenu(el) {
  if (!/^(div|p|td|th|tr|ul|ol|dl)$/.test(el.localName) || el.closest("main,[role=main],article")) return false
  const links = el.getElementsByTagName("a")
  if (links.length < 3) return false
  for (const a of links) if (a.textContent.trim().length > 8 || rdFile.test(a.textContent.trim())) return false
  for (let w = document.createTreeWalker(el, 4); w.nextNode(); ) {
    const t = w.currentNode
    if (/[\p{L}\p{N}]/u.test(t.data) && !t.parentElement.closest("a")) return false
  }
  return true
}

const rdFile = /\.(docx?|xlsx?|pptx?|pdf|wps|et|ofd|txt|zip|rar|7z)$/i

function rdPass(el) {
  return el.nodeType == 1 && !el.hasAttribute("data-yiyue-skip") && !el.inert && !rdSkipTag.test(el.localName) && rdShownEl(el)
}

// rt.readCandidates lists body, main, [role=main], article, and the div,
// section, td and table elements, with their text and link-text lengths
// (not counting skipped regions), in the candidate wire format.
rt.readCandidates = () => {
  const recs = []
  rdCands = []
  const visit = (el, parent) => {
    if (!rdPass(el)) return [0, 0]
    const n = el.localName
    const k = n == "main" ? "m" : el.getAttribute("role") == "main" ? "r" : n == "article" ? "a" : /^(body|div|section|td|table)$/.test(n) ? "b" : ""
    let me = -1
    if (k) {
      me = rdCands.length
      rdCands.push(el)
      recs.push("")
    }
    let t = 0, l = 0
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType == 3) t += c.data.replace(/\s+/g, "").length
      else if (c.nodeType == 1) {
        const [a, b] = visit(c, me >= 0 ? me : parent)
        t += a
        l += b
      }
    }
    if (n == "a") l = t
    if (me >= 0) recs[me] = k + rdUS + parent + rdUS + t + rdUS + l
    return rdRegion(el) ? [0, 0] : [t, l]
  }
  rdStep("candidates0")
  if (document.body) visit(document.body, -1)
  rdStep("candidates")
  return recs.join(rdRS)
}

// rt.readFrom notes where reading should start: the focused page element
// (a shortcut pressed while reading the page), else the caret or the
// selection the user last made (a click in the text), once, else where
// reading last failed.
rt.readFrom = () => {
  rdSteps = {}
  rdStep("from")
  const R = rdResumeP
  rdFromP = rdResumeP = null
  const a = document.activeElement
  if (a && a != document.body && a != document.documentElement && !a.closest("[data-yiyue-skip],[data-yiyue-action]")) {
    rdFromP = [a, 0]
    return 1
  }
  const s = getSelection()
  if (!s || !s.rangeCount) return rdResume(R)
  const r = s.getRangeAt(0)
  let n = r.startContainer, o = r.startOffset
  if (n.nodeType == 1) {
    n = n.childNodes[o] || n
    o = 0
  }
  const el = n.nodeType == 1 ? n : n.parentElement
  if (!el || !document.body || !document.body.contains(el) || el.closest("[data-yiyue-skip]")) return rdResume(R)
  if (rdUsed && rdUsed[0] == n && rdUsed[1] == o) return rdResume(R)
  rdFromP = rdUsed = [n, o]
  return 1
}

// rdResume starts the walk where reading failed, when the reader asked
// for nowhere else: a failure is not the reader's stop.
const rdResume = R => R && R[0].isConnected ? (rdFromP = R, 1) : 0

// rdAt is node i of the last walk, at a UTF-16 offset; if the page has
// removed it, the next node still in the page, else the last one before.
const rdAt = (i, o) => {
  const n = rdNodes[i]
  if (n && n.isConnected) return [n, n.nodeType == 3 ? Math.min(o, n.data.length) : 0]
  for (let j = i + 1; j < rdNodes.length; j++) if (rdNodes[j].isConnected) return [rdNodes[j], 0]
  for (let j = Math.min(i, rdNodes.length) - 1; j >= 0; j--) if (rdNodes[j].isConnected) return [rdNodes[j], 0]
  return null
}

// rt.readResume notes a place of the last walk (rdAt) for the next
// start, should the reader ask for nowhere else (see rdResume).
rt.readResume = (i, o) => { rdResumeP = rdAt(i, o) }

// rt.readFromNode starts the next walk at a place of the last one
// (rdAt): the sentence being read, after the page text changed.
rt.readFromNode = (i, o) => { rdFromP = rdAt(i, o) }

// rt.readWalk walks the chosen root (or the body, when reading starts
// outside it) and returns [segments, start node, start offset, page lang].
rt.readWalk = ri => {
  // A page's own modal dialog (a <dialog> shown modal, or a script's
  // role=dialog aria-modal=true) is all there is to read while it is
  // open: the page behind it is inert, as for a screen reader.
  const modal = document.querySelector("dialog:modal") || [...document.querySelectorAll("[aria-modal=true]")].find(e => /^(alert)?dialog$/.test(e.getAttribute("role")) && rdShownEl(e))
  const root = modal || rdCands[ri] || document.body
  const P = rdFromP
  rdFromP = null
  const top = (rdRoot = P && !root.contains(P[0]) && !modal ? document.body : root)
  rdNodes = []
  rdWhole = new Set()
  rdHeads = new Map()
  const out = []
  const rec = (k, i, lang, t) => out.push(k + rdUS + i + rdUS + rdClean(lang) + rdUS + rdClean(t))
  const visit = (n, lang) => {
    if (n.nodeType == 3) {
      if (n.data) rec("t", rdNodes.push(n) - 1, lang, n.data)
      return
    }
    if (!rdPass(n)) return
    if (n.hasAttribute("lang")) lang = n.getAttribute("lang")
    const role = rdRole(n)
    if (role == "hidden") return
    if (role == "img" || rdCtlRole.test(role)) {
      const i = rdNodes.push(n) - 1
      rdWhole.add(n)
      rec(role == "img" ? "i" : "c" + role + rdState(n, role), i, lang, rdNamed(n, role, lang))
      return
    }
    // A label says its text with its field: the field alone is read.
    if (n.localName == "label" && n.control && rdShownEl(n.control)) {
      if (n.contains(n.control)) visit(n.control, lang)
      return
    }
    let k = "", end = "", label = ""
    if (rdRegion(n)) (k = "s"), (end = "S")
    else if (n.localName == "td" && (label = rdHead(n))) (k = "d"), (end = "D")
    else if (role == "link") {
      k = "a"
      end = "A"
      label = n.getAttribute("aria-label") || ""
    } else if (role == "heading") {
      const lv = /^h[1-6]$/.test(n.localName) ? n.localName[1] : n.getAttribute("aria-level") || ""
      k = "h" + (/^[1-6]$/.test(lv) ? lv : "")
      end = "H"
    } else if (rdBlock.test(n.localName)) k = end = "b"
    let i = -1
    if (k) {
      i = rdNodes.push(n) - 1
      if (k == "a" && label.trim()) rdWhole.add(n)
      rec(k, i, lang, label)
    }
    for (let c = n.firstChild; c; c = c.nextSibling) visit(c, lang)
    if (end) rec(end, i, lang, "")
  }
  const h = document.documentElement
  const lang0 = (top.closest("[lang]") || h).getAttribute("lang") || ""
  visit(top, lang0)
  let at = [-1, 0]
  if (P && top.contains(P[0])) at = rdLocate(P[0], P[1])
  rdStep("walk")
  return [out.join(rdRS), at[0], at[1], h.getAttribute("lang") || "zh-CN"]
}

// rdHeads maps each table of a walk to its head (rdHeadOf).
let rdHeads

// rdHead is the text of data cell td's headers, said before it: those
// its headers attribute names in its table, else its column's in the
// table's head. "" when there are none: a layout table's cells are read
// as they are.
function rdHead(td) {
  const tb = td.closest("table")
  let h = rdHeads.get(tb)
  if (h === undefined) rdHeads.set(tb, (h = tb && rdHeadOf(tb)))
  if (!h) return ""
  const ids = (td.getAttribute("headers") || "").trim()
  const named = ids && ids.split(/\s+/).map(id => h[2].get(id)).filter(x => x)
  if (named?.length) return named.map(rdText).join(" ")
  return h[0].includes(td.parentElement) ? "" : h[1][h[3].get(td)] || ""
}

// rdText is a header's text as the page shows it: not what it hides.
const rdText = c => c.innerText.trim()

// rdHeadOf reads table tb: [its head's rows, each column's header text,
// its cells by id, each cell's column]. The head is <thead>, or else a
// first row of two or more <th> only. A column's text is that of each
// header cell over it, top down (2020年 同比), through spans across rows
// and columns; a cell across every column is a title (基本信息), not a
// column's header. Columns are counted through the spans of the rows
// above (a cell that a rowspan pushes right is in the next column).
function rdHeadOf(tb) {
  const all = [...tb.rows], r0 = all[0]?.cells
  const head = tb.tHead ? [...tb.tHead.rows] : r0?.length > 1 && [...r0].every(c => c.localName == "th") ? [all[0]] : []
  const grid = all.map(() => []), col = new Map(), ids = new Map()
  all.forEach((r, y) => {
    let x = 0
    for (const c of r.cells) {
      while (grid[y][x]) x++
      col.set(c, x)
      if (c.id) ids.set(c.id, c)
      for (let dy = 0; dy < Math.min(c.rowSpan || 1, all.length - y); dy++) for (let dx = 0; dx < (c.colSpan || 1); dx++) grid[y + dy][x + dx] = c
      x += c.colSpan || 1
    }
  })
  const n = Math.max(...grid.map(g => g.length)), cols = []
  head.forEach(r => {
    const y = all.indexOf(r)
    grid[y].forEach((c, x) => {
      const t = c.localName == "th" && (c.colSpan || 1) < n && c != grid[y - 1]?.[x] && rdText(c)
      if (t) cols[x] = cols[x] ? cols[x] + " " + t : t
    })
  })
  return (head.length || ids.size) && [head, cols, ids, col]
}

// rdLocate finds the first reported node at or after a DOM point, or the
// element read as a whole that holds it.
function rdLocate(P, o) {
  for (let i = 0; i < rdNodes.length; i++) if (rdNodes[i] === P) return [i, P.nodeType == 3 ? o : 0]
  for (let i = 0; i < rdNodes.length; i++) {
    const n = rdNodes[i]
    if (rdWhole.has(n) && n.contains(P)) return [i, 0]
    const pos = P.compareDocumentPosition(n)
    if (pos & 16 || (pos & 4 && !(pos & 8))) return [i, 0]
  }
  return [-1, 0]
}

// rt.readSentences takes the sentences in the output wire format of
// widget/reading; their node ranges become DOM Ranges when shown.
rt.readSentences = w => {
  rdTexts = []
  rdIdx = []
  rdSents = w == "" ? [] : w.split(rdRS).map(rec => {
    const f = rec.split(rdUS)
    rdTexts.push(f[1])
    rdIdx.push(f[2] ? f[2].split(",").filter((_, k) => k % 3 == 0).map(Number) : [])
    return f[2]
  })
  rdStep("sentences")
  return rdSents.length
}

// rdRanges makes the DOM Ranges of sentence i when it is first shown.
function rdRanges(i) {
  const s = rdSents[i]
  if (typeof s != "string") return s
  const n = s ? s.split(",").map(Number) : []
  const ranges = []
  for (let k = 0; k + 2 < n.length; k += 3) {
    const node = rdNodes[n[k]]
    if (!node) continue
    const r = new Range()
    try {
      if (n[k + 1] < 0) r.selectNode(node)
      else r.setStart(node, n[k + 1]), r.setEnd(node, n[k + 2])
      ranges.push(r)
    } catch (e) {}
  }
  return (rdSents[i] = ranges)
}

// ---- The highlight -----------------------------------------------------

function rdShow(i) {
  rdShown = i
  const rs = rdPointMode ? rdPt.ranges : rdRanges(i)
  if (!rs || !rs.length || !window.Highlight || !window.CSS || !CSS.highlights) return
  if (!rdSheet) {
    rdSheet = new CSSStyleSheet()
    rdSheet.replaceSync(rt.css.reading)
  }
  const a = document.adoptedStyleSheets
  if (!a.includes(rdSheet)) document.adoptedStyleSheets = [...a, rdSheet]
  CSS.highlights.set(rdHL, new Highlight(...rs))
  if (!rdPointMode) rdScroll(rs)
}

function rdClear() {
  rdShown = -1
  rdTall = false
  if (window.CSS && CSS.highlights) CSS.highlights.delete(rdHL)
  if (rdSheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter(x => x != rdSheet)
}

// rdScroll brings a sentence, all its lines, into the room the screen
// leaves it: below the page's top bar, above its bottom bar (fixed.js)
// and above the widget's dock and caption bar where they are across it;
// a third of the way down that room, or at its top when the sentence is
// too tall for that. Where the open toolbar leaves too little room (the
// elder mode's toolbar at 300 % covers most of the screen, and a phone's
// all of it), the toolbar yields: a compact bar of the reading controls
// (toolbar.css) till reading stops, so that what is read can be seen.
// A sentence taller than the room is followed as it is heard (rdFollow).
function rdScroll(rs) {
  let q = rdRect(rs)
  rdTall = false
  if (!q) return
  const [top, low] = fixedBars()
  const bottom = q => Math.min(rdBottom(q), innerHeight - low)
  const off = q => q.top < top || q.bottom > bottom(q)
  if (!off(q)) return
  const d = b.root.getElementById("dock")
  // Too little: not the sentence, or not a third of the screen.
  if (d && !d.hidden && bottom(q) - top < Math.max(q.height + 16, innerHeight / 3)) d.setAttribute("data-compact", "")
  if (!off(q)) return
  const r = rs[0], el = r.startContainer.nodeType == 1 ? r.startContainer : r.startContainer.parentElement
  if (el) el.scrollIntoView({ block: "nearest", inline: "nearest" })
  q = rdRect(rs)
  const room = bottom(q) - top
  rdTall = q.height > room - 16
  if (off(q)) scrollBy(0, q.top - top - (q.height < (room * 2) / 3 ? room / 3 : 8))
}

// rdFollow keeps what is heard of a sentence taller than its room (a long
// one at 300 % on a phone) in view: f is how far through the sentence the
// voice is. As that nears the room's foot, the lines after it come up,
// in one step, as a page turns, not a crawl.
function rdFollow(f) {
  const t = performance.now()
  if (!rdTall || t - rdFollowAt < 200) return
  rdFollowAt = t
  const q = rdRect(rdRanges(rdShown) || [])
  if (!q) return
  const [top, low] = fixedBars(), room = Math.min(rdBottom(q), innerHeight - low) - top, y = q.top + f * q.height
  if (y > top + room * 0.7 && q.bottom > top + room) scrollBy(0, Math.min(y - top - room * 0.2, q.bottom - top - room + 8))
}

// rdRect is the box round a sentence's ranges, or null if none shows.
function rdRect(rs) {
  let t = Infinity, l = Infinity, bo = -Infinity, ri = -Infinity
  for (const r of rs) {
    const q = r.getBoundingClientRect()
    if (q.width || q.height) (t = Math.min(t, q.top)), (l = Math.min(l, q.left)), (bo = Math.max(bo, q.bottom)), (ri = Math.max(ri, q.right))
  }
  return t < Infinity ? { top: t, left: l, bottom: bo, right: ri, height: bo - t } : null
}

// The toolbar is whole again once reading stops.
document.addEventListener("yiyue:change", e => e.detail.reading == "continuous" || b.root.getElementById("dock")?.removeAttribute("data-compact"))

function rdBottom(q) {
  let y = innerHeight
  for (const el of window.yiyue._b.root.querySelectorAll("#dock:not([hidden]),.yiyue-caption")) {
    const w = el.getBoundingClientRect()
    if (w.height && w.left < q.right && w.right > q.left) y = Math.min(y, w.top)
  }
  return y
}

// ---- Changes of the page -----------------------------------------------

// A page that changes under a continuous reading (a script replaces the
// paragraph being read, a list grows below it) is read as it is now: the
// WASM is told "now" when the sentence being read lost a node (reading
// goes on from the nearest node left, noted here), "later" when what
// follows it changed (reading takes the new text once the sentence ends).
// Only nodes added or removed count: the widget's own 简繁 conversion
// changes text in place, and restarts the reading itself; what changes
// before the sentence, or outside what is read, does not matter.
let rdObs, rdObsTimer = 0, rdObsAdded = false, rdObsRemoved = false, rdObsWhere = null
// rdNowOK: a sentence has ended since reading last went on from a change
// "now". A page that keeps rewriting the sentence being read (a clock in
// it) would otherwise restart it for ever: once, then at its end.
let rdNowOK = true

function rdWatch(on) {
  clearTimeout(rdObsTimer)
  rdObsTimer = 0
  rdObsAdded = rdObsRemoved = false
  rdObsWhere = null
  rdObs?.disconnect()
  if (!on || !document.body) return
  rdObs = rdObs || new MutationObserver(rdChanged)
  rdObs.observe(document.body, { childList: true, subtree: true })
}

function rdChanged(recs) {
  // Before the session's first sentence sounds, where it is is not known
  // here: what is added anywhere counts as after it.
  const at = rdShown >= 0 && rdNodes[rdIdx[rdShown]?.[0]]
  if (rdGen < 0 || !rdRoot) return
  for (const r of recs) {
    if (!rdRoot.contains(r.target) && !r.removedNodes.length) continue
    for (const n of r.addedNodes)
      if ((n.nodeType == 1 || /\S/.test(n.data)) && (!at || at.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)) rdObsAdded = true
    if (!r.removedNodes.length) continue
    rdObsRemoved = true // checked against the nodes read in rdChangedNow
    // Where the sentence read was: what replaced it, or what followed it.
    if (at && !rdObsWhere && [...r.removedNodes].some(n => rdIdx[rdShown].some(j => n.contains(rdNodes[j]))))
      rdObsWhere = r.addedNodes[0] || r.nextSibling
  }
  if ((rdObsAdded || rdObsRemoved) && !rdObsTimer) rdObsTimer = setTimeout(rdChangedNow, 300, rdGen)
}

function rdChangedNow(gen) {
  rdObsTimer = 0
  const i = rdShown, idx = rdIdx[i]
  const added = rdObsAdded, removed = rdObsRemoved, where = rdObsWhere
  rdObsAdded = rdObsRemoved = false
  rdObsWhere = null
  if (gen != rdGen) return
  if (!idx || !idx.length) {
    if (added || removed) rt.onRead("changed", gen, i, "later", "", "")
    return
  }
  // Text of the sentence sounding is gone: now, once a sentence.
  const gone = removed && idx.some(j => !rdNodes[j].isConnected)
  if (gone && rdNowOK) {
    rdFromP = where && where.isConnected ? [where, 0] : rdAt(idx[0], 0)
    rdNowOK = false
    rt.onRead("changed", gen, i, "now", "", "")
  } else if (gone || added || removed && rdNodes.slice(idx[idx.length - 1] + 1).some(n => !n.isConnected)) {
    rt.onRead("changed", gen, i, "later", "", "")
  }
}

// ---- Sessions ------------------------------------------------------------

// rt.readBegin starts a reading session: gen numbers it (events of older
// sessions are dropped), engine is "browser" or "tts".
rt.readBegin = (gen, engine, volume, point) => {
  rt.readHalt()
  rdGen = gen
  rdEng = engine
  rdPointMode = point
  rdWatch(!point)
  rdS = { gen, engine, beginAt: performance.now(), firstAudioAt: 0, chunks: 0, scheduledSec: 0, underruns: 0, decodeSec: 0, done: [] }
  if (engine == "tts") {
    rdAudio()
    rdStep("context")
    rdOut.gain.value = volume
    rdTimeline = 0
  }
  rdStep("begin")
}

// rt.readHalt stops all sound at once and clears the highlight.
rt.readHalt = () => {
  rdGen = -1
  rdWatch(false)
  rdPaused = false
  if (rdCtx) {
    const now = rdCtx.currentTime
    for (const m of rdMarks) {
      const g = m.g.gain
      g.cancelScheduledValues(now)
      g.setValueAtTime(g.value, now)
      g.linearRampToValueAtTime(0, now + 0.006)
    }
    for (const s of rdSrcs) {
      try {
        s.stop(now + 0.008)
      } catch (e) {}
    }
    rdSrcs.clear()
    rdMarks = []
    rdTimeline = 0
    // Once the fade is over, an idle context is suspended: it would
    // otherwise render silence for nothing.
    if (rdCtx.state == "running") setTimeout(() => rdGen < 0 && rdCtx.suspend().catch(() => {}), 60)
  }
  if (rdEng == "browser" && window.speechSynthesis) speechSynthesis.cancel()
  clearTimeout(rdTimer)
  rdTimer = 0
  rdClear()
}

// rt.readShowAt highlights sentence i of a paused reading, where it will
// resume.
rt.readShowAt = i => rdShow(i)

// rt.readPause pauses (on) or resumes the session; for speechSynthesis,
// whose pause() is unreliable, the WASM speaks the sentence again.
rt.readPause = (on, gen) => {
  rdPaused = on
  rdGen = gen
  if (rdEng == "tts" && rdCtx) on ? rdCtx.suspend().catch(() => {}) : rdCtx.resume().then(rdTickSoon, () => {})
  if (rdEng == "browser" && on && window.speechSynthesis) speechSynthesis.cancel()
}

rt.readVolume = v => {
  if (rdOut) rdOut.gain.value = v
}

// ---- Engine A: speechSynthesis -----------------------------------------

rt.readVoices = () => {
  const ss = window.speechSynthesis
  if (!ss || !ss.getVoices) return ""
  return ss.getVoices().map(v => [rdClean(v.lang), rdClean(v.name), v.localService ? 1 : "", v.default ? 1 : ""].join(rdUS)).join(rdRS)
}

// rt.readVoicesReady resolves with the voices once the browser has listed
// them, or after ms without any.
rt.readVoicesReady = ms => new Promise(ok => {
  const ss = window.speechSynthesis
  if (!ss || !ss.getVoices || ss.getVoices().length) return ok(rt.readVoices())
  const done = () => {
    clearTimeout(t)
    ok(rt.readVoices())
  }
  const t = setTimeout(done, ms)
  if (ss.addEventListener) ss.addEventListener("voiceschanged", done, { once: true })
})

if (window.speechSynthesis && speechSynthesis.addEventListener)
  speechSynthesis.addEventListener("voiceschanged", () => rt.onRead && rt.onRead("voices", -1, -1, "", "", ""))

rt.readSpeak = (gen, i, text, lang, rate, volume, vi) => {
  const ss = window.speechSynthesis
  if (gen != rdGen || !ss) return
  const u = new SpeechSynthesisUtterance(text)
  u.lang = lang
  u.rate = rate
  u.volume = volume
  const v = ss.getVoices()[vi]
  if (v) u.voice = v
  u.onstart = () => rdEvent("start", gen, i)
  u.onend = () => rdEvent("end", gen, i)
  u.onboundary = e => i == rdShown && rdFollow(e.charIndex / text.length)
  u.onerror = e => rdEvent(/^(interrupted|canceled)$/.test(e && e.error) ? "cancel" : "error", gen, i, (e && e.error) || "error")
  rdUtter = u // Chrome may collect an utterance before it ends otherwise
  ss.speak(u)
}

// ---- Engine B: Web Audio -------------------------------------------------

// rt.readWarm makes the AudioContext ahead of play, suspended (silent),
// once the user has interacted with the page: starting the browser's audio
// output is the slowest part of the first play.
rt.readWarm = () => {
  if (rdCtx || !(navigator.userActivation && navigator.userActivation.hasBeenActive)) return
  rdAudio()
  if (rdGen < 0) rdCtx.suspend().catch(() => {})
}

function rdAudio() {
  if (!rdCtx) {
    const AC = window.AudioContext || window.webkitAudioContext
    // The service sends 22,050 Hz; a context at that rate joins chunks
    // on exact sample boundaries.
    try {
      rdCtx = new AC({ sampleRate: 22050 })
    } catch (e) {
      rdCtx = new AC()
    }
    rdOut = rdCtx.createGain()
    rdOut.connect(rdCtx.destination)
  }
  if (rdCtx.state == "suspended") rdCtx.resume().catch(() => {})
  return rdCtx
}

// rdMark is sentence i on the timeline: it starts where the previous one
// ends, or just after now.
function rdMark(i, rate) {
  for (const m of rdMarks) if (m.i == i) return m
  const t0 = Math.max(rdTimeline, rdCtx.currentTime + rdLead)
  const g = rdCtx.createGain()
  g.connect(rdOut)
  g.gain.setValueAtTime(0, t0)
  g.gain.linearRampToValueAtTime(1, t0 + rdFade)
  const m = { i, t0, t1: -1, frames: 0, rate, g, on: 0, off: 0 }
  rdMarks.push(m)
  rdTimeline = t0
  return m
}

// rt.readChunk schedules decoded PCM (mono float32, in a Uint8Array)
// right after what sentence i already has.
rt.readChunk = (gen, i, u8, frames, rate, sec) => {
  if (gen != rdGen || !rdCtx || !frames) return
  const m = rdMark(i, rate)
  const buf = rdCtx.createBuffer(1, frames, rate)
  buf.copyToChannel(new Float32Array(u8.buffer, u8.byteOffset, frames), 0)
  const now = rdCtx.currentTime
  let at = m.t0 + m.frames / rate
  if (at < now + 0.003) {
    // The network fell behind playback: start again a little later.
    const d = now + rdLead - at
    m.t0 += d
    at += d
    rdS.underruns++
  }
  const src = rdCtx.createBufferSource()
  src.buffer = buf
  src.connect(m.g)
  src.onended = () => rdSrcs.delete(src)
  rdSrcs.add(src)
  src.start(at)
  m.frames += frames
  rdTimeline = Math.max(rdTimeline, m.t0 + m.frames / rate)
  if (!rdS.firstAudioAt) rdS.firstAudioAt = rdStep("audio")
  rdS.chunks++
  rdS.scheduledSec += frames / rate
  rdS.decodeSec += sec
  rdTickSoon()
}

// rt.readEnd says that sentence i has all its audio (none, if the
// service refused it): its end gets a fade, and the next one follows.
rt.readEnd = (gen, i) => {
  if (gen != rdGen || !rdCtx) return
  const m = rdMark(i, 22050)
  m.t1 = m.t0 + m.frames / m.rate
  rdTimeline = Math.max(rdTimeline, m.t1)
  const s = Math.max(m.t1 - rdFade, m.t0 + rdFade, rdCtx.currentTime)
  if (m.frames && s < m.t1) {
    m.g.gain.setValueAtTime(1, s)
    m.g.gain.linearRampToValueAtTime(0, m.t1)
  }
  rdTickSoon()
}

function rdTickSoon() {
  if (!rdTimer && rdGen >= 0) rdTimer = setTimeout(rdTick, 15)
}

// rdTick turns the audio clock into start and end events, in order.
function rdTick() {
  rdTimer = 0
  const gen = rdGen
  if (!rdCtx || gen < 0) return
  const now = rdCtx.currentTime
  let wait = false
  for (const m of rdMarks.slice()) {
    if (!m.on && now >= m.t0) {
      m.on = 1
      rdEvent("start", gen, m.i)
    }
    if (gen != rdGen) return
    if (m.on && m.t1 >= 0 && !m.off && now >= m.t1) {
      m.off = 1
      rdEvent("end", gen, m.i)
    }
    if (gen != rdGen) return
    if (!m.off) wait = true
    if (m.i == rdShown && m.on && m.t1 > m.t0) rdFollow((now - m.t0) / (m.t1 - m.t0))
  }
  rdMarks = rdMarks.filter(m => {
    if (!m.off) return true
    m.g.disconnect()
    rdS.done.push({ i: m.i, t0: m.t0, t1: m.t1, frames: m.frames, rate: m.rate })
    if (rdS.done.length > 200) rdS.done.shift()
  })
  if (wait && !rdPaused) rdTickSoon()
}

// ---- Point-to-read --------------------------------------------------------

// rt.readPoint turns point-to-read on or off. With wait (a preference
// saved on another page), it starts only after the user's first
// interaction with this page.
rt.readPoint = (on, wait) => {
  if (rdPt.wait) {
    removeEventListener("pointerdown", rdPt.wait, true)
    removeEventListener("keydown", rdPt.wait, true)
    rdPt.wait = null
  }
  const f = on ? addEventListener : removeEventListener
  if (on && wait && !(navigator.userActivation && navigator.userActivation.hasBeenActive)) {
    rdPt.wait = e => {
      rt.readPoint(true, false)
      if (e.type == "pointerdown") rdPtMove(e), rdPtDown(e)
    }
    addEventListener("pointerdown", rdPt.wait, true)
    addEventListener("keydown", rdPt.wait, true)
    return
  }
  if (on == rdPt.on) return
  rdPt.on = on
  f("pointermove", rdPtMove, { passive: true })
  f("pointerout", rdPtOut, { passive: true })
  f("pointerdown", rdPtDown, { capture: true, passive: true })
  f("click", rdPtTap, true)
  f("focusin", rdPtFocus)
  // Focus that moves inside the toolbar stays there: the page sees none.
  ;(on ? b.root.addEventListener : b.root.removeEventListener).call(b.root, "focusin", rdPtFocus)
  f("change", rdPtChange, true)
  const say = b.root.getElementById("say")
  on && say ? rdSaid.observe(say, { childList: true, characterData: true, subtree: true }) : rdSaid.disconnect()
  if (!on) {
    clearTimeout(rdPt.timer)
    rdPt.key = null
  }
}

// rdSaid reads what the toolbar says in its live region (文字大小 150%, 指读
// on) as a screen reader would: a reader who uses 指读 hears what a press
// did, not only what the control is called. A pointer that trembles on
// the control pressed, or focus that stays on it, does not cut that off
// to read the control again (the unit's over); what the reader moved to
// meanwhile is read instead.
const rdSaid = new MutationObserver(() => {
  const s = b.root.getElementById("say"), t = s?.textContent.trim()
  // What the pointer or focus has just come to, still to be read, goes
  // first: the reader moved on.
  if (!rdPt.on || !t || (rdPt.key && !rdPt.key.spoken)) return
  const r = new Range()
  r.selectNodeContents(s)
  rdPtSet({ el: s, a: -1, role: "", name: t, lang: rdLangOf(b.root.host), range: r, over: rdPt.key?.el == s ? rdPt.key.over : rdPt.key }, 0, true)
})

function rdPtMove(e) {
  if (e.pointerType == "touch") return
  rdPt.x = e.clientX
  rdPt.y = e.clientY
  if (!rdPt.raf) rdPt.raf = requestAnimationFrame(rdPtCheck)
}

function rdPtOut(e) {
  // A finger leaves the page at every tap: what it tapped goes on.
  if (!e.relatedTarget && e.pointerType != "touch") rdPtSet(null, rdDwell)
}

// On a touch screen nothing hovers, so a tap reads what it lands on, at
// once, and a tap on nothing stops it. A tap on a link or button that was
// not being read reads it instead of following it; the next tap on it
// follows it, as with a screen reader's touch exploration. rdPtDown notes,
// before the tap moves focus, whether it is a touch and what was being
// read.
function rdPtDown(e) {
  rdPt.touch = e.pointerType == "touch"
  rdPt.was = rdPt.touch && rdPt.key ? rdPt.key.el : null
}

function rdPtTap(e) {
  // A click that Enter or a script made has no pointer (detail 0).
  if (!rdPt.touch || !e.detail || (e.pointerType && e.pointerType != "touch")) return
  rdPt.touch = false
  const t = e.target.closest ? e.target : e.target.parentElement
  if (!t || t.closest("[data-yiyue-skip]")) return
  const act = t.closest(rdTapAct)
  if (act && act.matches(rdTapField)) return
  const u = rdUnitAt(e.clientX, e.clientY)
  if (act) {
    // Nothing to read, or read already: the tap does what it does.
    if (!u || u.el == rdPt.was) return
    e.preventDefault()
  }
  // The same text tapped again is read again.
  if (u && u.el == rdPt.was && rdPt.key && u.a == rdPt.key.a) rdPtSet(null, 0)
  rdPtSet(u, 0)
}

function rdPtCheck() {
  rdPt.raf = 0
  if (!rdPt.on) return
  const u = rdUnitAt(rdPt.x, rdPt.y), k = rdPt.key
  // Between the lines of what is being read, or a tremor off its edge,
  // reading goes on; other text, or a pointer clear of it, stops it.
  if (!u && k && k.el.isConnected) {
    const r = k.el.getBoundingClientRect(), x = rdPt.x, y = rdPt.y
    if (x >= r.left - 8 && x <= r.right + 8 && y >= r.top - 8 && y <= r.bottom + 8) return
  }
  rdPtSet(u, rdDwell)
}

// rdPtFocus reads what takes focus, a task later: an arrow key moves
// focus to a radio before the browser checks it, and its state is read.
// The toolbar's controls are read too: a reader who cannot make out its
// labels hears them.
function rdPtFocus(e) {
  const t = rdInWidget(e.target, r => r.activeElement)
  if (!t || t.nodeType != 1 || t == document.body || t.closest("[data-yiyue-skip]")) return
  setTimeout(() => {
    if (rdPt.on && rdInWidget(document.activeElement, r => r.activeElement) == t) rdPtSet(rdElemUnit(t.closest(rdUnitSel) || t), 0)
  }, 0)
}

// rdInWidget is e, or, if e is the widget's host, inner(its shadow root):
// what the widget has of a point or of focus.
function rdInWidget(e, inner) {
  return e && e == b.root.host ? inner(b.root) : e
}

// rdPtChange reads the focused control again when Space, an arrow key or
// a click changes its state or value (a checkbox, a radio, a select), as
// a screen reader does; once, if its focus read it changed already.
function rdPtChange(e) {
  const t = e.target, k = rdPt.key
  if (t != document.activeElement || !k || k.el != t) return
  const u = rdElemUnit(t)
  if (u && (u.role != k.role || u.name != k.name)) rdPtSet(u, 0, true)
}

// rdPtSet moves point-to-read to a unit: leaving one stops its speech;
// the same unit again (the pointer resting) changes nothing, unless it is
// read again (again: its state changed).
function rdPtSet(u, delay, again) {
  if (!again && u && rdPt.key && [rdPt.key, rdPt.key.over].some(k => k && u.el == k.el && u.a == k.a)) return
  if (!u && !rdPt.key) return
  clearTimeout(rdPt.timer)
  if (rdPt.key && rdPt.key.spoken) {
    rt.readHalt()
    if (rt.onRead) rt.onRead("leave", -1, -1, "", "", "")
  }
  rdPt.key = u
  if (!u) return
  rdPt.timer = setTimeout(() => {
    if (rdPt.key != u) return
    u.spoken = 1
    rdPt.ranges = [u.range]
    if (rt.onRead) rt.onRead("point", -1, -1, u.role, rdClean(u.name), rdClean(u.lang), rdClean(u.head))
  }, delay)
}

function rdLangOf(el) {
  return ((el.closest("[lang]") || document.documentElement).getAttribute("lang") || "").trim()
}

// rdElemUnit: a link, button, image or field, read as its role and name;
// another element, read as its text.
function rdElemUnit(el) {
  if (!el || el.closest("[data-yiyue-skip]")) return null
  let role = rdRole(el)
  if (!role || role == "hidden" || (role != "link" && role != "img" && role != "heading" && !rdCtlRole.test(role))) role = ""
  const lang = rdLangOf(el), name = role ? rdNamed(el, role, lang) : rdInner(el)
  if (!name.trim() && (role == "img" || !role)) return null
  const r = new Range()
  r.selectNodeContents(el)
  return { el, a: -1, role: role && role + rdState(el, role), name, lang, range: r }
}

// rdUnitAt is what lies under the pointer: an element read as a whole, a
// heading, a short block of text, or the sentence of a long one.
function rdUnitAt(x, y) {
  const hit = rdInWidget(document.elementFromPoint(x, y), r => r.elementFromPoint(x, y))
  if (!hit || hit.closest("[data-yiyue-skip]")) return null
  // A picture without a name (alt="") in a link is the link's.
  for (let c = hit.closest(rdUnitSel); c; c = c.parentElement?.closest(rdUnitSel)) {
    const u = rdElemUnit(c)
    if (u) return u
  }
  const pos = document.caretPositionFromPoint ? document.caretPositionFromPoint(x, y) : null
  const cr = !pos && document.caretRangeFromPoint ? document.caretRangeFromPoint(x, y) : null
  const node = pos ? pos.offsetNode : cr && cr.startContainer
  const at = pos ? pos.offset : cr && cr.startOffset
  if (!node || node.nodeType != 3 || !hit.contains(node)) return null
  // Only text the pointer is over, not the nearest text of a wide box.
  const nr = new Range()
  nr.selectNodeContents(node)
  if (![...nr.getClientRects()].some(q => x >= q.left - 2 && x <= q.right + 2 && y >= q.top - 2 && y <= q.bottom + 2)) return null
  const head = node.parentElement.closest("h1,h2,h3,h4,h5,h6,[role=heading]")
  if (head) return rdElemUnit(head)
  const block = node.parentElement.closest("p,li,td,th,dd,dt,blockquote,figcaption,caption,pre,label,legend,div") || node.parentElement
  const text = block.textContent
  if (text.replace(/\s+/g, "").length <= 80) {
    // A table cell's is said after its headers (单位：亿元).
    const u = rdElemUnit(block), td = block.closest("td")
    if (u && td) (rdHeads = new Map()), (u.head = rdHead(td))
    return u
  }
  // The sentence around the point, across the inline elements of the block.
  const before = new Range()
  before.selectNodeContents(block)
  before.setEnd(node, at)
  const i = before.toString().length
  const stop = /[。！？!?；;\n]/
  let a = i, b = i
  while (a > 0 && !stop.test(text[a - 1])) a--
  while (b < text.length && !stop.test(text[b])) b++
  const range = rdRangeIn(block, a, Math.min(b + 1, text.length))
  return { el: block, a, role: "", name: text.slice(a, b + 1), lang: rdLangOf(node.parentElement), range }
}

// rdRangeIn is the Range of characters a to b of an element's text.
function rdRangeIn(el, a, b) {
  const r = new Range()
  r.selectNodeContents(el)
  const w = document.createTreeWalker(el, 4)
  let pos = 0, set = 0
  for (let t; (t = w.nextNode()); ) {
    const len = t.data.length
    if (!set && a <= pos + len) r.setStart(t, a - pos), (set = 1)
    if (set && b <= pos + len) {
      r.setEnd(t, b - pos)
      break
    }
    pos += len
  }
  return r
}

// ---- Esc, and figures for tests ----------------------------------------

// Esc stops reading, but in the open toolbar it closes the toolbar only
// (as its help says): a reader who closes it goes on listening.
addEventListener("keydown", e => {
  if (e.key != "Escape" || rdGen < 0 || e.target == b.root.host && b.root.getElementById("dock")?.hidden === false) return
  rt.readHalt()
  if (rt.onRead) rt.onRead("esc", -1, -1, "", "", "")
}, true)

// rt.readStats describes the reading for tests and benchmarks: the audio
// clock, the sentences on the timeline, and the history of started
// sentences.
rt.readStats = () => ({
  engine: rdEng,
  gen: rdGen,
  paused: rdPaused,
  point: rdPt.on,
  pointWaits: !!rdPt.wait,
  ctxTime: rdCtx ? rdCtx.currentTime : 0,
  ctxState: rdCtx ? rdCtx.state : "",
  sampleRate: rdCtx ? rdCtx.sampleRate : 0,
  volume: rdOut ? rdOut.gain.value : 1,
  shown: rdShown,
  sentences: rdSents.length,
  sources: rdSrcs.size,
  marks: rdMarks.map(m => ({ i: m.i, t0: m.t0, t1: m.t1, frames: m.frames, rate: m.rate })),
  session: Object.assign({}, rdS, { done: (rdS.done || []).slice() }),
  steps: rdSteps,
  log: rdLog.slice(),
  texts: rdTexts,
})

// rt.readURL resolves a URL from a data attribute against the page; ""
// unless it is http(s).
rt.readURL = s => {
  try {
    const u = new URL(s, document.baseURI)
    return /^https?:$/.test(u.protocol) ? u.href : ""
  } catch (e) {
    return ""
  }
}
