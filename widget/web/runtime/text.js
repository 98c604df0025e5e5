// Page text for 简繁 switching. A conversion walks the page once, collecting
// every convertible string (text nodes, the title, some attributes, button
// values, option labels, meta description), hands what is not yet known to
// the WASM in one call as one joined string, and writes back only what
// changes. The original of every string written is recorded, so that
// switching back restores it byte for byte from the record, without a walk
// and without converting back, which is lossy.
const SEP = "\u0000"
const ATTRS = ["title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "aria-placeholder", "abbr", "label"]
// What a form submits stays as the page set it: an option without a value
// submits its text, so its text is shown converted through a label
// attribute of ours (BARE), and a named submit button's value is left.
const BARE = "option:not([value],[label])"
const ASEL = "[" + ATTRS.join("],[") + "],input[type=button],input[type=submit],input[type=reset]," + BARE
const BUTTON = /^(button|submit|reset)$/
// LATE marks what the page keeps as its own, which a page may mark after
// the text was walked (an editor starts, a widget of its own adds
// translate=no); SKIP, all that is not converted.
const OWN = "[translate=no],.notranslate,[data-yiyue-skip]"
const LATE = "[contenteditable]:not([contenteditable=false])," + OWN
// FOREIGN is text in another language, which stays as written (Japanese
// <p lang="ja">写真</p> is not 寫真): an element whose lang names no
// Chinese, and all in it but what a nearer lang marks as Chinese (ZH:
// <span lang="zh-CN"> in a lang="en" block), as HTML reads lang. The
// root's lang is not trusted: CMS templates write <html lang="en"> on
// Chinese pages.
const FOREIGN = "[lang]:not(html,[lang=''],[lang^=zh_ i]," + ["zh", "cmn", "yue", "wuu", "hak", "nan", "gan", "hsn", "lzh", "cdo", "und"].map(l => `[lang|=${l} i]`).join() + ")"
const ZH = "[lang]:not(" + FOREIGN + ")"
const SKIP0 = "script,style,noscript,textarea,code,kbd,samp,template," + LATE
const SKIP = SKIP0 + "," + FOREIGN
// skipped says whether element e is skipped (SKIP), or in something
// skipped: for its language, its nearest lang counts.
function skipped(e) {
  if (!e || !e.closest || e.closest(SKIP0)) return !!e?.closest
  const l = e.closest("[lang]:not(html)")
  return !!l && l.matches(FOREIGN)
}
// TYPED are the skipped elements whose text the reader types; their own
// attributes (a placeholder, an aria-label) are the page's, and are
// converted (typed).
const TYPED = "textarea,[contenteditable]:not([contenteditable=false])"
// PHRASING are the elements that text runs on through: a word split by
// one (保持<em>干</em>净, a search hit's <mark>) or by a comment is
// converted whole, as OpenCC converts the text as read, when the
// conversion keeps every character's place (convAligned; Go's
// convert.Converter.Aligned) and the result can be cut back at the
// nodes' lengths. Any other element, a skipped one, a shadow root or an
// iframe parts the text before it from the text after it. The edge's
// /_zh-hant/ pages join the same runs (examples/worker/edge/page.go).
const PHRASING = new Set(["a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i", "ins", "label", "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"])
// runPrev maps a text node to the text node before it in its run, as the
// last walk over them found it.
const runPrev = new WeakMap()
// An item is a text node or an attribute reference {el, a}; one reference
// per element and attribute, so that items can key maps across passes.
// orig maps an item to [original, what we wrote]. A string that no longer
// holds what we wrote was changed by the page since: its current text is
// its new original, whether or not the MutationObserver has told us yet.
let orig = new Map()
const attrRefs = new WeakMap()
// origMax is the size of orig that sets off origPrune: the records of text
// the page has removed (a list it reloads every few seconds) would pile up
// for as long as the page stays converted.
let origMax = 4096
// memos maps a conversion's name to its results so far (original ->
// converted): switching again, or dynamic content repeating itself, costs
// no conversion. Conversion is a function of the string alone (the joined
// strings are separated by SEP, which no dictionary key contains).
const memos = new Map()
const MEMO_MAX = 50000
// pre is a walk made while a dictionary was on its way (rt.collect).
// last is what the last restore undid (the record, as orig holds it) with
// the conversion's name, kept while the page stays as it was: switching
// again writes it back without a walk. deep says the walk met a shadow
// root or an iframe, whose changes the observer does not see: then the
// page is walked every time.
let observer, pending, pre, conv, convLangs, convName, convMin, convable, convAligned, last, deep

function ref(el, a) {
  let m = attrRefs.get(el)
  if (!m) attrRefs.set(el, (m = {}))
  return m[a] || (m[a] = { el, a })
}

// The title's text is written a task after the rest of the page: Chromium
// tells the browser process of each title change, which after a drawn
// frame cost 1.5-2.5 ms here, more than all the report's other text, and
// the tab's label can follow the converted page a moment later. later
// holds what is on its way (item -> value), which read() already sees.
// A title's text is any text in an HTML <title> (SVG's is "title").
let later

function read(it) {
  if (later && later.has(it)) return later.get(it)
  if (it.nodeType == 3) return it.data
  // An option's label is its text till we write one (bare says we may).
  if (it.a == "label" && it.el.localName == "option" && !it.el.hasAttribute("label")) {
    if (it.el.hasAttribute("value")) return null
    it.bare = 1
    return it.el.text
  }
  return it.el.getAttribute(it.a)
}

function write(it, v) {
  if (it.parentNode && it.parentNode.nodeName == "TITLE") {
    if (!later) {
      later = new Map()
      setTimeout(writeLater)
    }
    later.set(it, v)
  } else if (it.nodeType == 3) it.data = v
  else if (it.bare && v === it.el.text) it.el.removeAttribute(it.a)
  else it.el.setAttribute(it.a, v)
}

function writeLater() {
  absorb()
  for (const [it, v] of later) if (it.data !== v) it.data = v
  later = null
  // Our own writes are not the page's changes.
  if (observer) observer.takeRecords()
  for (const f of titleWaits.splice(0)) f()
}

// rt.afterTitle runs f once the title's text on its way is written (at
// once when none is): a call settles after it (start.js). Its timer is
// not always first: set in a deeply nested timer, it waits 4 ms, and a
// switch replayed at once sets it outside the WASM's task.
const titleWaits = []
rt.afterTitle = f => (later ? titleWaits.push(f) : f())

// frames holds the iframes met by a walk. One still loading when it was
// walked (a page opened with 繁體 saved converts before its frames are
// in), or added while converted, is converted once it has loaded, and so
// is each page it goes to.
const frames = new WeakSet()
function frameLoaded(e) {
  let d
  try { d = e.target.contentDocument } catch (e) {}
  if (conv && d && d.body && e.target.isConnected && !skipped(e.target)) (deep = 1), pass(items(d, []), conv, memos.get(convName))
}

// items collects the convertible items of a document, its open shadow roots
// and its same-origin iframes.
function items(doc, out) {
  // A document in design mode is an editor: its text is the reader's.
  if (doc.designMode == "on") return out
  if (doc.body) collect(doc, doc.body, out)
  const meta = doc.querySelector("meta[name=description][content]")
  if (meta) out.push(ref(meta, "content"))
  // The title's own text nodes, not document.title, which collapses white
  // space and so could not be restored byte for byte.
  const title = doc.head && doc.head.querySelector("title")
  if (title) for (const n of title.childNodes) if (n.nodeType == 3) out.push(n)
  return out
}

// collect adds the items of root's tree (an element or a shadow root), or
// only of its children first to last and theirs. Text nodes of white
// space only are kept too: the pass drops them when it reads them.
function collect(doc, root, out, first, last) {
  // in_ says that the walk is in text in another language, for Chinese
  // marked in it (ZH), whose other text it passes by.
  let in_
  // <html translate=no> covers the whole page.
  if (skipped(root)) {
    if (!root.closest || root.closest(SKIP0) || !root.querySelector(ZH)) return !first && typed(root) && attrs(root, out)
    in_ = 1
  }
  // Skipped subtrees are found natively, then stepped over whole.
  const found = root.querySelectorAll(SKIP), skip = (found.length || in_) && new Set(found)
  const w = doc.createTreeWalker(root, 5)
  // The last text node, while nothing but PHRASING elements came since,
  // and the element its run is in; past, whether last was reached.
  let prev, box, past
  for (let n = first ? (w.currentNode = first) : w.nextNode(); n && !(past && n.parentNode == root); ) {
    past ||= n == last
    if (n.nodeType == 3 && in_ && skipped(n.parentNode)) {
      prev = null
      n = w.nextNode()
    } else if (n.nodeType == 3) {
      const b = runBox(n)
      if (prev && b == box) runPrev.set(n, prev)
      else runPrev.delete(n)
      ;(prev = n), (box = b)
      if (!bareText(n)) out.push(n)
      n = w.nextNode()
    } else if (skip && skip.has(n)) {
      prev = null
      if (!n.matches(SKIP0) && n.querySelector(ZH)) (in_ = 1), (n = w.nextNode())
      else while (!(n = w.nextSibling()) && w.parentNode()) {}
    } else {
      if (!PHRASING.has(n.localName)) prev = null
      if (n.shadowRoot && !(in_ && skipped(n))) collect(doc, n.shadowRoot, out), (deep = 1), (prev = null)
      n = w.nextNode()
    }
  }
  const tops = first ? [] : [root]
  for (let e = first; e; e = e != last && e.nextSibling) if (e.nodeType == 1 && !skipped(e)) tops.push(e)
  for (const t of tops) {
    for (const f of [t, ...t.querySelectorAll("iframe")]) {
      if (f.localName != "iframe" || (skip && skipped(f))) continue
      let d
      try { d = f.contentDocument } catch (e) {}
      if (d && d.body) items(d, out), (deep = 1)
      if (!frames.has(f)) frames.add(f), f.addEventListener("load", frameLoaded)
    }
    if (t.nodeType == 1 && t.matches(ASEL) && !(in_ && skipped(t))) attrs(t, out)
    for (const el of t.querySelectorAll(ASEL)) if (!skip || !skipped(el) || typed(el)) attrs(el, out)
  }
}

// runAround returns the run of text that n (text, or a PHRASING element)
// is in: the element holding it, and the first and last of that
// element's children that the run spans; or nothing when it spans more
// than RUN_MAX of them on a side (a page that fills one element with
// thousands of links would have all of it walked and converted again at
// every change), when n is converted on its own.
function runAround(n) {
  let t = n
  while (t.parentNode && PHRASING.has(t.parentNode.localName)) t = t.parentNode
  const runs = x => x && (x.nodeType == 3 || x.nodeType == 8 || PHRASING.has(x.localName))
  let first = t, last = t, k = 0
  while (runs(first.previousSibling)) if (((first = first.previousSibling), ++k > RUN_MAX)) return
  for (k = 0; runs(last.nextSibling); ) if (((last = last.nextSibling), ++k > RUN_MAX)) return
  // The walk shows no comments: it would not see one as its end.
  while (first.nodeType == 8) first = first.nextSibling
  while (last.nodeType == 8) last = last.previousSibling
  return [t.parentNode, first, last]
}
const RUN_MAX = 64

// runCheck forgets the joins of a walk made while the dictionary came
// (rt.collect) that the page has parted since: an element put between
// two nodes of a run, or one moved out of it.
function runCheck(list) {
  for (const n of list) {
    const a = runPrev.get(n)
    if (a && !runJoined(a, n)) runPrev.delete(n)
  }
}

// runJoined says whether text nodes a and b, in this order, are next to
// each other in one run: in the same element, with nothing between them
// but PHRASING elements that are not skipped.
function runJoined(a, b) {
  const box = a.isConnected && runBox(a)
  if (!box || box != runBox(b)) return false
  const w = document.createTreeWalker(box, 5)
  w.currentNode = a
  let n = w.nextNode()
  while (n && n != b && n.nodeType == 1 && PHRASING.has(n.localName) && !n.matches(SKIP)) n = w.nextNode()
  return n == b
}

// runBox is the element that text node n's run is in: its nearest
// ancestor that is not PHRASING.
function runBox(n) {
  let e = n.parentNode
  while (e && PHRASING.has(e.localName)) e = e.parentNode
  return e
}

function attrs(el, out) {
  for (const a of ATTRS) if (el.hasAttribute(a)) out.push(ref(el, a))
  if (el.matches(BARE)) out.push(ref(el, "label"))
  if (shownValue(el)) out.push(ref(el, "value"))
}

// typed says whether element e is where the reader types (TYPED), not
// the page's own (OWN) nor in anything skipped: its attributes are
// converted, not its text.
function typed(e) {
  return e.matches(TYPED) && !e.matches(OWN) && !skipped(e.parentElement)
}

// shownValue says whether el's value attribute is only shown: a button's,
// unless a named submit button sends it with the form.
function shownValue(el) {
  return el.localName == "input" && BUTTON.test(el.type) && el.hasAttribute("value") && !(el.type == "submit" && el.name)
}

// bareText says whether text node n is the text of an option without a
// value (its label item shows it converted).
function bareText(n) {
  const e = n.parentNode
  return e && e.localName == "option" && !e.hasAttribute("value")
}

// ODD matches what cannot cross into Go and back unchanged: SEP itself,
// and lone surrogates (Go strings are UTF-8, so they would come back as
// U+FFFD). The text between them is converted; they stay as they are.
// MAYBE_ODD is the cheap test that rules it out for most strings; an
// emoji or an Extension B character (a surrogate pair) passes it.
const ODD = /(\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/
const MAYBE_ODD = /[\u0000\uD800-\uDFFF]/

// pass converts the items with fn, which takes strings joined by SEP and
// returns the converted strings joined the same way, and memo, which
// holds what fn gave before. Strings that convable (a RegExp) rejects hold
// no character any dictionary key could match, and stay as they are.
// Text nodes of a run (runPrev) are converted as one string, cut back at
// their lengths, unless apart (or the conversion is not aligned).
function pass(list, fn, memo, apart, own = owns) {
  const srcs = [], use = [], odd = []
  let writes = 0
  let back = backs.get(convName)
  if (!back || back.size > MEMO_MAX) backs.set(convName, (back = new Map()))
  const put = (it, o, cur, src, v) => {
    if (v !== cur) {
      write(it, v)
      writes++
    }
    if (v !== src) {
      if (o && o[0] === src) o[1] = v
      else orig.set(it, [src, v])
      if (v.length > 1) back.set(v, back.has(v) && back.get(v) !== src ? null : src)
    } else {
      if (o) orig.delete(it)
      if (own && v.length >= 4 && /\p{sc=Han}/u.test(v)) own.size > MEMO_MAX || own.add(v)
    }
  }
  const source = (o, cur) => (o && o[1] === cur ? o[0] : cur)
  for (const it of list) if (it.nodeType == 3) read1.add(it)
  for (let i = 0; i < list.length; i++) {
    const it = list[i]
    let j = i + 1
    if (convAligned && !apart) while (j < list.length && runPrev.get(list[j]) === list[j - 1]) j++
    if (j > i + 1) {
      // A run: [item, record, current text, source] of each node.
      const r = list.slice(i, j).map(it => {
        const cur = read(it), o = orig.get(it)
        return [it, o, cur, source(o, cur)]
      })
      const src = r.map(x => x[3]).join("")
      i = j - 1
      const v = memo.get(src)
      if (MAYBE_ODD.test(src) && ODD.test(src)) odd.push(...r.map(x => x[0]))
      else if (!convable.test(src)) for (const x of r) put(...x, x[3])
      // A run is used as [no item, its nodes, -, its source, one segment].
      else if (v === undefined) srcs.push(src), use.push([null, r, null, src, [src]])
      else if (!share(r, v, put)) odd.push(...r.map(x => x[0]))
      continue
    }
    const cur = read(it)
    if (cur == null) continue
    const o = orig.get(it)
    const src = source(o, cur)
    if (!convable.test(src)) {
      put(it, o, cur, src, src)
      continue
    }
    const v = memo.get(src)
    if (v !== undefined) {
      put(it, o, cur, src, v)
      continue
    }
    // Segments at even indexes are converted; those at odd ones are kept.
    const segs = MAYBE_ODD.test(src) ? src.split(ODD) : [src]
    for (let j = 0; j < segs.length; j += 2) srcs.push(segs[j])
    use.push([it, o, cur, src, segs])
  }
  if (srcs.length) {
    const out = fn(srcs.join(SEP)).split(SEP)
    if (out.length != srcs.length) return writes
    if (memo.size > MEMO_MAX) memo.clear()
    let n = 0
    for (const [it, o, cur, src, segs] of use) {
      let v
      if (segs.length == 1) v = out[n++]
      else {
        for (let j = 0; j < segs.length; j += 2) segs[j] = out[n++]
        v = segs.join("")
      }
      // A long run (a page's list of links in one element) is not kept:
      // each change to it would keep another copy.
      if (it || src.length < 4096) memo.set(src, v)
      if (it) put(it, o, cur, src, v)
      else if (!share(o, v, put)) odd.push(...o.map(x => x[0]))
    }
  }
  if (orig.size > origMax) origPrune()
  // Runs that hold what cannot cross into Go whole, or whose conversion
  // did not keep its length, node by node.
  return odd.length ? writes + pass(odd, fn, memo, true, own) : writes
}

// read1 holds the text nodes a pass has read: one the page moves later
// is its own, or ours with a record, never a copy (copies).
const read1 = new WeakSet()

// owns holds the page's own text that a conversion left as it was (of 4
// characters or more, with a Han one), as a walk of the page found it:
// what the page adds while converted is not in it. A text of ours that it
// holds (a language menu's own 繁體中文) is a word the page writes itself,
// which unmix leaves.
const owns = new Set()

// backs maps a conversion's name to what it wrote, each to its original
// (null where two originals gave it), for adopt.
const backs = new Map()

// share puts v, the conversion of run r's sources joined, into r's
// items, cut at the sources' lengths in code points. It says whether v
// has the sources' length; if not, it puts nothing.
function share(r, v, put) {
  const cuts = []
  let at = 0
  for (const x of r) cuts.push((at = cpIndex(v, cpCount(x[3]), at)))
  if (at != v.length) return false
  at = 0
  r.forEach((x, k) => put(...x, v.slice(at, (at = cuts[k]))))
  return true
}

// origPrune drops the records of text that the page has removed, having
// written each original back into its node: a node the page puts back
// later (a carousel's slide) comes back as the page wrote it, and is
// converted as new text is, so switching back still restores it exactly.
// A detached node is no longer observed: nothing else sees the write.
function origPrune() {
  for (const [it, o] of orig)
    if (!(it.el || it).isConnected) {
      if (read(it) === o[1]) write(it, o[0])
      orig.delete(it)
    }
  origMax = Math.max(4096, 2 * orig.size)
}

// langPass applies langs (lang value -> its converted value, or "") to
// the lang attributes of els (all the page's) outside the widget's own
// elements.
function langPass(langs, els = document.querySelectorAll("[lang]")) {
  let writes = 0
  for (const el of els) {
    if (el.closest("[data-yiyue-skip]")) continue
    const it = ref(el, "lang"), cur = el.getAttribute("lang"), o = orig.get(it)
    const src = o && o[1] === cur ? o[0] : cur
    const v = langs(src) || src
    if (v !== cur) {
      el.setAttribute("lang", v)
      writes++
    }
    if (v === src) orig.delete(it)
    else orig.set(it, [src, v])
  }
  return writes
}

// restore writes every recorded original back where our text still stands,
// and, when the record covers the whole page (whole), keeps what it undid
// for the next switch while the page stays as it is.
function restore(whole) {
  let writes = 0
  for (const [it, o] of orig)
    if (read(it) === o[1]) {
      write(it, o[0])
      writes++
    }
  last = whole && !deep && convName && { name: convName, rec: orig }
  orig = new Map()
  if (last) watch()
  return writes
}

// rt.convertPage switches the whole page: fn converts, null restores.
// langs maps a lang value to its converted value ("" to keep it); it is
// applied to every lang attribute, and to those the page adds while
// converted, and restored the same way. name names the conversion,
// for its memo; min is the lowest UTF-16 code unit that any key of the
// conversion (dictionary or phrase override) may need: a string without
// one is not converted. key is what set() asked for ("script|variant"),
// for rt.quick. aligned says that the conversion keeps every character's
// place, so that runs of text are converted whole (pass). A page that
// already shows the conversion (rt.quick made it) is left as it is.
rt.convertPage = (fn, langs, name, min, key, aligned) => {
  if (key) quick.set(key, [fn, langs, name, min, null, aligned])
  if (fn ? conv == fn && name == convName : !conv) return 0
  absorb()
  const walked = pre, since = pending
  pre = null
  stop()
  if (!fn) {
    conv = null
    // Changes the page made that were not converted yet are in no
    // record: the next switch walks the page.
    return restore(!since)
  }
  if (min !== convMin) {
    convMin = min
    convable = new RegExp("[^\\0-\\u" + Math.max(0, (min | 0) - 1).toString(16).padStart(4, "0") + "]")
  }
  conv = fn
  convLangs = langs
  convName = name
  convAligned = aligned
  let memo = memos.get(name)
  if (!memo) memos.set(name, (memo = new Map()))
  let writes = 0
  if (last && last.name == name && !walked) {
    // What the page marked as its own since (a class, which is not
    // watched) is left as it is.
    const marked = [...document.querySelectorAll(LATE)].some(e => e != b.root.host) && new Map()
    const late = e => {
      if (!e) return false
      let m = marked.get(e)
      if (m === undefined) marked.set(e, (m = !!e.closest(LATE)))
      return m
    }
    for (const [it, o] of last.rec)
      if (read(it) === o[0] && !(marked && late(it.el ? (typed(it.el) ? it.el.parentElement : it.el) : it.parentElement))) {
        write(it, o[1])
        orig.set(it, o)
        writes++
      }
  } else {
    if (!walked) deep = 0
    // A walk made while the dictionary came, with what changed since.
    if (walked && since) runCheck(walked)
    // A lang the page set meanwhile may mark walked text as another
    // language's.
    const kept = walked && since?.langs ? walked.filter(it => (it.el ? !skipped(it.el) || typed(it.el) : !skipped(it.parentNode))) : walked
    const list = walked ? (since ? kept.concat(changed(since)) : walked) : items(document, [])
    writes = pass(list, fn, memo) + (langs ? langPass(langs) : 0)
  }
  last = null
  watch()
  return writes
}

// quick maps what set() asked for (script|variant) to the WASM's
// rt.convertPage arguments for it, as the WASM last chose them.
const quick = new Map()

// rt.quick makes the switch that set({script}) asks for at once, before the
// WASM hears of it, when the WASM made it before and it is a replay of the
// record: the page is as the last switch left it, so nothing is walked or
// converted. It says whether it did; the WASM's own call follows (in
// start.js) and finds the page switched.
rt.quick = (script, variant) => {
  const a = quick.get(script + "|" + variant)
  if (!a) return false
  absorb()
  if (a[0] ? conv || !last || last.name != a[2] || pre : !conv) return false
  rt.convertPage(...a)
  return true
}

// rt.collect walks the page while the first dictionary is on its way, so
// that the walk costs no time after it comes; the observer notes what
// the page changes meanwhile. A page already converted is walked at the
// switch as usual. rt.drop forgets the walk when the dictionary failed.
rt.collect = () => {
  if (conv) return
  deep = 0
  pre = items(document, [])
  watch()
}

rt.drop = () => {
  pre = last = null
  if (!conv) stop()
}

// absorb takes the page's changes that the observer has not yet delivered:
// a string the page set is its new original.
function absorb() {
  if (observer) note(observer.takeRecords())
}

function note(recs) {
  // The widget's own lang (its toolbar follows the page) is no change.
  recs = recs.filter(r => r.attributeName != "lang" || !r.target.closest("[data-yiyue-skip]"))
  // The page changed while it was as it was: the next switch walks it.
  if (recs.length && last) {
    last = null
    if (!pre) stop()
  }
  const vals = convAligned && orig.size && values(recs)
  for (const r of recs) {
    let it = r.target
    // The page rewrote the text of an option we show through a label of
    // ours: the label goes, and is written again from the new text.
    const opt = r.type == "childList" ? it : r.type == "characterData" && it.parentNode
    if (opt && opt.localName == "option" && opt.hasAttribute("label") && attrRefs.get(opt)?.label?.bare) {
      orig.delete(ref(opt, "label"))
      opt.removeAttribute("label")
    }
    // What the page wrote wins over what is on its way.
    if (r.type == "characterData") (vals && noteSplit(r, recs, vals)) || orig.delete(it), later && later.delete(it)
    else if (r.type == "childList" && vals) noteSplits(r, vals)
    else if (r.type == "attributes") /^(contenteditable|translate|lang)$/.test(r.attributeName) ? giveBack(it) : orig.delete((it = ref(it, r.attributeName)))
    if (!conv && !pre) continue
    pending = pending || new Set()
    // What is added in an editor is typed, not copied (copies).
    if (r.type == "childList") for (const n of r.addedNodes) pending.add(n), it.closest?.(LATE) || (pending.added ||= new Set()).add(n)
    else pending.add(it), r.type == "characterData" && (pending.set ||= new Set()).add(it), r.attributeName == "lang" && (pending.langs ||= new Set()).add(it)
  }
  // What was split off and not seen added is the page's.
  splits.clear()
  if (pending && conv && !pending.raf) pending.raf = requestAnimationFrame(flush)
}

// giveBack gives the page back the text under element e, once the page
// marks it as its own (an editor starts on it while the page is
// converted, whose draft the reader would edit, and send, in 繁體), or
// as another language (el.lang = "en"): the originals go back where ours
// still stands. The element is walked again
// (flush) in case the mark came off.
function giveBack(e) {
  if (!skipped(e)) return
  const give = it => {
    const o = orig.get(it)
    if (!o) return
    if (read(it) === o[1]) write(it, o[0])
    orig.delete(it)
  }
  const w = document.createTreeWalker(e, 5)
  for (let n = e; n; n = w.nextNode())
    if (n.nodeType == 3) give(n)
    else for (const it of Object.values(attrRefs.get(n) || {})) give(it)
}

// splits maps the text that the page split off a node of ours (splitText
// keeps the head in the node and puts the rest in a new one: a search
// hit wrapped in <mark>), or took out whole, to the originals of that
// text, till the new nodes are seen. A page that joins such nodes again (normalize) appends ours to
// ours. Either way the text is still ours, and switching back restores
// its original, cut or joined at the same place: an aligned conversion
// keeps every character's place. Any other change keeps the originals of
// the head and the tail of ours that it left (noteSplit).
const splits = new Map()

// noteSplit takes characterData record r of recs as a cut or a join of
// text of ours, and keeps its original; it says whether it did. vals
// are the texts around the records (values). A cut (splitText, or a
// Range's surroundContents, which takes the middle out) keeps the rest
// in the node; the text taken out comes back in a new node (noteSplits).
// A join (normalize) appends ours to ours. Any other edit puts the
// page's new text between the originals of what it left of ours.
function noteSplit(r, recs, vals) {
  const it = r.target, was = r.oldValue, now = vals.after.get(r)
  // Text that the conversion left as it was has no record: it is its own
  // original, which a join appends to.
  const o = orig.get(it) || (now.startsWith(was) && [was, was])
  if (!o || was !== o[1]) return false
  if (now == was) return true
  // Any other edit (a countdown's digits, a counter): the page's new
  // text between a head and a tail of ours, whose originals stay:
  // switched back, 剩餘時間：9秒 stayed in 繁體. It is taken for one only
  // where the new middle holds no Chinese character (digits, full-width
  // ones too): a page that writes its own text over ours may share
  // characters with it (后 is 繁體 too), and its 皇后 must not come back
  // as 皇後. So an edit to 两天 makes all of the text the page's.
  const edit = () => {
    let h = 0, t = 0
    const m = Math.min(now.length, was.length)
    while (h < m && now[h] == was[h]) h++
    if (h && /[\uD800-\uDBFF]/.test(was[h - 1])) h--
    while (t < m - h && now[now.length - 1 - t] == was[was.length - 1 - t]) t++
    if (t && /[\uDC00-\uDFFF]/.test(was[was.length - t])) t--
    const a = cpIndex(o[0], cpCount(was.slice(0, h))), z = cpIndex(o[0], cpCount(was.slice(0, was.length - t)))
    const mid = now.slice(h, now.length - t)
    if (!h && !t || /\p{sc=Han}/u.test(mid)) return false
    return orig.set(it, [o[0].slice(0, a) + mid + o[0].slice(z), now]), true
  }
  if (now.length < was.length) {
    // What is left is a head and a tail of what was, each of whole
    // characters: the longest head, then the tail.
    let h = 0, t = 0
    while (h < now.length && now[h] == was[h]) h++
    if (h && /[\uD800-\uDBFF]/.test(was[h - 1])) h--
    while (t < now.length && now[now.length - 1 - t] == was[was.length - 1 - t]) t++
    if (t && /[\uDC00-\uDFFF]/.test(was[was.length - t])) t--
    if (h + t < now.length) return edit()
    // cut(at) is [the original kept, the original taken out] for a cut of
    // n characters at at. The place is certain where all of what is left
    // is the head (splitText, the page's commonest cut), or where every
    // place it may have been (理发|发现 less one 发) takes out the same
    // original: t2s writes 发 for both 髮 and 發.
    const n = was.length - now.length
    const cut = at => {
      const a = cpIndex(o[0], cpCount(was.slice(0, at))), b = cpIndex(o[0], cpCount(was.slice(at, at + n)), a)
      return [o[0].slice(0, a) + o[0].slice(b), o[0].slice(a, b)]
    }
    const c = cut(h), c2 = h == now.length ? c : cut(now.length - t)
    if (c[0] != c2[0] || c[1] != c2[1]) return false
    orig.set(it, [c[0], now])
    splitsAdd(was.slice(h, h + n), c[1])
    return true
  }
  // Joined: the rest is the text of the nodes of ours taken out with it.
  if (!now.startsWith(was)) return edit()
  let rest = now.slice(was.length), src = o[0]
  for (const q of recs)
    for (const m of q.type == "childList" ? q.removedNodes : [])
      if (rest && orig.has(m) && rest.startsWith(orig.get(m)[1])) (rest = rest.slice(orig.get(m)[1].length)), (src += orig.get(m)[0])
  if (rest) return edit()
  orig.set(it, [src, now])
  return true
}

// splitsAdd files src as an original of text t that the page took out.
function splitsAdd(t, src) {
  const l = splits.get(t)
  l ? l.push(src) : splits.set(t, [src])
}

// noteSplits gives a text node that childList record r added, or that an
// element it added holds, its original, when its text is what the page
// took out of a node of ours: split off, or a node of ours taken out whole
// (a highlighter that puts a new <mark> with the same text in its place).
function noteSplits(r, vals) {
  rebuilt(r, vals)
  for (const m of r.removedNodes) {
    const o = orig.get(m)
    if (o && m.data === o[1]) splitsAdd(o[1], o[0])
  }
  if (!splits.size) return
  const give = (n, v) => {
    const l = !orig.has(n) && splits.get(v)
    if (l && l.length) orig.set(n, [l.shift(), v])
  }
  for (const n of r.addedNodes)
    if (n.nodeType == 3) give(n, vals.added.get(n))
    else if (n.nodeType == 1) for (const w = document.createTreeWalker(n, 4); w.nextNode(); ) give(w.currentNode, w.currentNode.data)
}

// rebuilt gives the text nodes that childList record r added their
// originals, where the page rebuilt an element from text of ours (a
// highlighter's el.innerHTML = el.textContent.replace(kw, "<mark>$&</mark>")):
// the text it added is, in order, all the text it took out, some of it
// ours, cut at other places. Each new node's original is the originals
// cut at the same places: an aligned conversion keeps every character's
// place. So do the attributes of ours that it put back as they were (a
// link's title, by innerHTML.replace). Text the page adds of its own
// beside ours is no such match, and stays as the page wrote it.
function rebuilt(r, vals) {
  if (!r.addedNodes.length || !r.removedNodes.length) return
  const each = (nodes, f) => {
    for (const m of nodes)
      if (m.nodeType == 3) f(m)
      else if (m.nodeType == 1) for (let w = document.createTreeWalker(m, 5), n = m; n; n = w.nextNode()) f(n)
  }
  // The attributes of ours it took out (a link's title), by element name,
  // attribute and text, each with its originals in order.
  const took = new Map()
  let was = "", src = "", ours = 0, now = ""
  each(r.removedNodes, m => {
    if (m.nodeType == 1) {
      for (const it of Object.values(attrRefs.get(m) || {})) {
        const o = orig.get(it), k = m.localName + " " + it.a + " " + o?.[1]
        if (o && !it.bare && read(it) === o[1]) ours++, took.has(k) ? took.get(k).push(o[0]) : took.set(k, [o[0]])
      }
      return
    }
    const o = orig.get(m), v = m.data
    was += v
    src += o && o[1] === v && cpCount(o[0]) == cpCount(v) ? (ours++, o[0]) : v
  })
  if (!ours) return
  const add = []
  each(r.addedNodes, n => {
    const v = n.nodeType == 1 ? "" : vals.added.has(n) ? vals.added.get(n) : n.data
    add.push([n, v]), (now += v)
  })
  if (now !== was) return
  let a = 0
  for (const [n, v] of add) {
    if (n.nodeType == 1) {
      if (skipped(n) && !typed(n)) continue
      for (const at of ATTRS.concat("value")) {
        const l = took.get(n.localName + " " + at + " " + n.getAttribute(at)), it = l && l.length && ref(n, at)
        if (it && !orig.has(it) && (at != "value" || shownValue(n))) orig.set(it, [l.shift(), n.getAttribute(at)])
      }
      continue
    }
    const z = cpIndex(src, cpCount(v), a), o = src.slice(a, z)
    if (o !== v && !orig.has(n) && !skipped(n.parentElement)) orig.set(n, [o, v])
    a = z
  }
}

// values reads, from the end of recs back, the text of each characterData
// record's node just after it (after: the old value of its next record,
// else its text now), and of each text node as a record added it (added).
function values(recs) {
  const after = new Map(), added = new Map(), next = new Map()
  for (let i = recs.length - 1; i >= 0; i--) {
    const r = recs[i], t = r.target
    if (r.type == "characterData") after.set(r, next.has(t) ? next.get(t) : t.data), next.set(t, r.oldValue)
    else if (r.type == "childList") for (const n of r.addedNodes) if (n.nodeType == 3) added.set(n, next.has(n) ? next.get(n) : n.data)
  }
  return { after, added }
}

// cpCount is the number of code points of s; cpIndex, the index in s
// n code points after i.
function cpCount(s) {
  let n = 0
  for (const _ of s) n++
  return n
}
function cpIndex(s, n, i = 0) {
  for (; n > 0; n--) i += s.codePointAt(i) > 0xffff ? 2 : 1
  return i
}

// While the page is converted, text that it inserts or changes later is
// converted within one animation frame.
function watch() {
  observer = observer || new MutationObserver(note)
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, characterDataOldValue: true, attributes: true, attributeFilter: ATTRS.concat("value", "contenteditable", "translate", "lang") })
}

function stop() {
  if (observer) observer.disconnect()
  if (pending && pending.raf) cancelAnimationFrame(pending.raf)
  pending = null
}

function flush() {
  absorb()
  const p = pending
  pending = null
  if (!p || !conv) return
  const c = copies(p.added || [])
  pass(changed(p), conv, memos.get(convName), false, null)
  adopt(c)
  // What the page adds with lang="zh-CN" is converted too.
  if (convLangs) for (const n of p.added || []) n.nodeType == 1 && n.isConnected && langPass(convLangs, [n, ...n.querySelectorAll("[lang]")].filter(e => e.hasAttribute("lang")))
  // So is a lang the page sets (lang="zh-CN" on a region); one it removes
  // leaves no record.
  if (convLangs) for (const e of p.langs || []) e.isConnected && (e.hasAttribute("lang") ? langPass(convLangs, [e]) : orig.delete(ref(e, "lang")))
  // Text the page wrote into a node it has (a framework's breadcrumb,
  // patched in place) may be built from ours too.
  const back = backs.get(convName)
  if (back) for (const t of p.set || []) {
    const o = orig.get(t)
    if (o) o[1] === t.data && (o[0] = unmix(o[0], back))
    else if (t.isConnected && !skipped(t.parentElement) && !bareText(t)) built(t, back)
  }
  // Our own writes are not the page's changes.
  observer.takeRecords()
}

// copies lists, for each subtree the page added (added), the items a walk
// converts there (text, attributes) that have no record, before they are
// converted: it may be a copy of text of ours (a marquee's second copy,
// made by innerHTML). Text the page changed in place, keeps as its own
// (SKIP), or moved (a ticker's first item put last: read1) is not.
function copies(added) {
  const out = []
  if (backs.get(convName)?.size)
    for (const n of added)
      if (n.isConnected && (n.nodeType == 1 || n.nodeType == 3)) {
        // What a walk converts: no skipped text, attributes too (a copy's
        // title and alt).
        const l = [], e = n.parentElement
        if (n.nodeType == 1) collect(document, n, l)
        else if (e && !skipped(e) && !bareText(n)) l.push(n)
        out.push(l.filter(t => !orig.has(t) && !read1.has(t) && !(t.a == "label" && t.el.localName == "option")))
      }
  return out
}

// adopt gives the text of a copy (copies) the originals of the text it
// copies, as the conversion wrote them (backs). A copy is a subtree that
// the conversion left as it was, holding text that it wrote: a subtree
// with text it changed is the page's own, even where some of its text is
// the same as ours (a language menu's 繁體中文, beside its 简体中文).
// Text the conversion changed in a subtree that is not a copy may have
// been built from the page's own text and ours (unmix).
function adopt(subtrees) {
  const back = backs.get(convName)
  for (const l of subtrees)
    // A short text alone (台北) is too likely the page's own word: a copy
    // holds one of a menu item's length at least.
    if (!l.some(t => orig.has(t)) && l.some(t => t.nodeType == 3 && t.data.length >= 4 && back.get(t.data)))
      for (const t of l) {
        const cur = read(t), src = cur != null && back.get(cur)
        if (src) orig.set(t, [src, cur])
      }
    else for (const t of l) {
      const o = orig.get(t)
      if (o) o[0] = unmix(o[0], back)
      else built(t, back)
    }
}

// built gives item t, which the conversion left as it was, an original
// where the page built it from its own text and ours (您正在查看： + a
// menu item's 發展規劃: no character of the page's part is one that the
// conversion changes): unmix. Text that is all one text of ours is a
// copy, or the page's own, as adopt decides.
function built(t, back) {
  const cur = read(t), s = cur != null && !back.has(cur) && unmix(cur, back)
  if (s && s !== cur) orig.set(t, [s, cur])
}

// unmix takes the text of ours out of s, the source of text the page
// built from its own and ours (当前位置： + a menu item's 發展規劃, read
// while converted): each part that a conversion wrote for a whole node,
// of 4 to 64 characters (a menu item, a heading), longest first, is its
// original again, so that switching back shows all of it in the page's
// script. Shorter parts (台北) are too likely to be the page's own words.
// Only a source holding a character that such a part has in place of
// another is looked at, and no part that the page's own text holds
// (owns). unmixParts and unmixChars grow with back. Only
// into Traditional: a 繁體 page's own words may hold what t2s writes (台,
// 后 and 里 are 繁體 too: its own 台北市政府 is no part of ours), while a
// 简体 page does not write 發 or 規.
let unmixOf, unmixSize, unmixChars, unmixParts
function unmix(s, back) {
  if (/^t2/.test(convName)) return s
  if (unmixOf != back) (unmixOf = back), (unmixSize = 0), (unmixChars = new Set()), (unmixParts = [])
  if (unmixSize != back.size) {
    let i = 0
    for (const [v, src] of back)
      if (i++ >= unmixSize && src && v.length >= 4 && v.length <= 64 && v.length == src.length) {
        unmixParts.push(v)
        for (let k = 0; k < v.length; k++) v[k] != src[k] && unmixChars.add(v[k])
      }
    unmixSize = back.size
  }
  if (![...s].some(c => unmixChars.has(c))) return s
  const mine = v => {
    if (!s.includes(v) || !back.get(v)) return false
    for (const o of owns) if (o.includes(v)) return false
    return true
  }
  for (const v of unmixParts.filter(mine).sort((a, b) => b.length - a.length)) s = s.split(v).join(back.get(v))
  return s
}

// changed lists the items of what the page added or changed: nodes and
// attribute references, as the observer noted them.
function changed(p) {
  const list = []
  // A page in design mode is an editor: what it gets is typed.
  if (document.designMode == "on") return list
  // The runs walked so far, by their first node.
  const runs = new Set()
  for (const n of p) {
    // Text, or an inline element, is converted with the run it joins (a
    // <mark> wrapped round a word): the run is walked again.
    const r = n.isConnected && (n.nodeType == 3 || PHRASING.has(n.localName)) && runAround(n)
    if (r) {
      const [box, first, last] = r
      if (box && !runs.has(first)) runs.add(first), collect(document, box, list, first, last)
    } else if (n.nodeType == 3) {
      const e = n.parentElement
      runPrev.delete(n)
      if (n.isConnected && e && !skipped(e) && !bareText(n)) list.push(n)
    } else if (n.nodeType == 1) {
      if (n.isConnected) collect(document, n, list)
    } else if (n.el && n.el.isConnected && (!skipped(n.el) || typed(n.el)) && (n.a != "value" || shownValue(n.el))) list.push(n)
  }
  return list
}

// rt.dict fetches a conversion's prepared dictionary as an ArrayBuffer,
// checked against its SRI (a truncated or altered file fails to load). A
// fetch started early (below) is handed over, so that it is made once.
const dictFetches = {}
function fetchDict(name) {
  if (!dictFetches[name]) {
    dictFetches[name] = rt.fetchAsset(name + ".dict").then(r => r.arrayBuffer())
  }
  return dictFetches[name]
}

rt.dict = name => {
  const p = fetchDict(name)
  delete dictFetches[name]
  return p
}

// A page that opens with a saved choice of script is converted as soon as
// the WASM runs: its dictionary is fetched now, beside the WASM. So is the
// one a press of the portal's 繁体版 or 简体版 link asks for, when that press
// started Go (the link keeps the focus). The guess follows the WASM's
// choice (which also detects a page without lang from its text); a wrong
// guess costs a fetch, never a wrong conversion.
{
  const s = b.state(), hant = /^zh.*(hant|-tw|-hk|-mo)/i.test(document.documentElement.lang)
  const link = document.activeElement?.closest?.("[data-yiyue-action],a")
  const act = link && (link.getAttribute("data-yiyue-action") ||
    b.cfg.bindLinks != null && { 繁体版: "traditional", 繁體版: "traditional", 简体版: "simplified", 簡體版: "simplified" }[link.textContent.trim()])
  const script = act == "traditional" || act == "simplified" ? act : s.script
  const name = script == "traditional" && !hant ? (s.variant == "t" ? "s2t" : "s2" + s.variant)
    : script == "simplified" && hant ? "t2s" : ""
  if (name && rt.files[name + ".dict"]) fetchDict(name).catch(() => {})
}

// rt.sample returns up to n characters of the page's text, for detecting
// its script when it has no lang.
rt.sample = n => (document.body ? document.body.innerText || "" : "").slice(0, n)
