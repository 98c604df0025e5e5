// Page text for 简繁 switching, in one pass: collect every convertible
// string (text nodes, the title, some attributes, button values, option
// labels, meta description) as one joined string, hand it to the WASM in
// one call, and write back only what changes. The original of every
// string written is kept, so that switching back restores it byte for
// byte instead of converting back, which is lossy.
const SEP = "\u0000"
const ATTRS = ["title", "alt", "placeholder", "aria-label", "aria-description"]
const SKIP = "script,style,noscript,textarea,code,kbd,samp,template,[contenteditable]:not([contenteditable=false]),[translate=no],.notranslate,[data-yiyue-skip]"
// node or element+attribute key -> [original, what we wrote]. A string
// that no longer holds what we wrote was changed by the page since: its
// current text is its new original, whether or not the MutationObserver
// has told us yet (a restore can come before its records are delivered).
const orig = new Map()
const attrKeys = new WeakMap()
let observer, pending, conv

// An item is [kind, target, name]: 0 text node, 1 attribute.
function items(doc, out) {
  const add = (root) => {
    const w = doc.createTreeWalker(root, 5, {
      acceptNode: n => n.nodeType == 3 ? (/\S/.test(n.data) ? 1 : 3) : n.matches(SKIP) ? 2 : 1,
    })
    for (let n = w.currentNode; n; n = w.nextNode()) {
      if (n.nodeType == 3) out.push([0, n])
      else if (n.shadowRoot) add(n.shadowRoot)
      else if (n.tagName == "IFRAME") {
        let d
        try { d = n.contentDocument } catch (e) {}
        if (d && d.body) items(d, out)
      }
    }
    for (const el of root.querySelectorAll("[" + ATTRS.join("],[") + "],input[type=button],input[type=submit],input[type=reset]")) {
      if (el.closest(SKIP)) continue
      for (const a of ATTRS) if (el.hasAttribute(a)) out.push([1, el, a])
      if (el.tagName == "INPUT" && el.hasAttribute("value")) out.push([1, el, "value"])
    }
  }
  if (doc.body) add(doc.body)
  const meta = doc.querySelector("meta[name=description][content]")
  if (meta) out.push([1, meta, "content"])
  // The title's own text nodes, not document.title, which collapses white
  // space and so could not be restored byte for byte.
  const title = doc.head && doc.head.querySelector("title")
  if (title) for (const n of title.childNodes) if (n.nodeType == 3 && /\S/.test(n.data)) out.push([0, n])
  return out
}

function key(it) {
  if (it[0] == 0) return it[1]
  let m = attrKeys.get(it[1])
  if (!m) attrKeys.set(it[1], (m = {}))
  return m[it[2]] || (m[it[2]] = {})
}

function read(it) {
  return it[0] == 0 ? it[1].data : it[1].getAttribute(it[2])
}

function write(it, v) {
  if (it[0] == 0) it[1].data = v
  else it[1].setAttribute(it[2], v)
}

// ODD matches what cannot cross into Go and back unchanged: SEP itself,
// and lone surrogates (Go strings are UTF-8, so they would come back as
// U+FFFD). The text between them is converted; they stay as they are.
const ODD = /(\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/

// pass converts (or, with no fn, restores) the given items. fn takes the
// originals joined by SEP and returns the converted strings joined the
// same way.
function pass(list, fn) {
  const srcs = [], use = []
  for (const it of list) {
    const k = key(it), cur = read(it)
    if (cur == null) continue
    const o = orig.get(k)
    const src = o && o[1] == cur ? o[0] : cur
    // Even indexes: text to convert; odd ones: the characters kept.
    const segs = src.split(ODD)
    for (let j = 0; j < segs.length; j += 2) srcs.push(segs[j])
    use.push([it, k, cur, src, segs])
  }
  const out = fn && srcs.length ? fn(srcs.join(SEP)).split(SEP) : srcs
  if (out.length != srcs.length) return 0
  let writes = 0, n = 0
  for (const [it, k, cur, src, segs] of use) {
    for (let j = 0; j < segs.length; j += 2) segs[j] = out[n++]
    const v = segs.join("")
    if (v != cur) {
      write(it, v)
      writes++
    }
    if (v == src) orig.delete(k)
    else orig.set(k, [src, v])
  }
  return writes
}

// rt.convertPage switches the whole page: fn converts, null restores.
// langs maps a lang value to its converted value; it is applied to every
// lang attribute and restored the same way.
rt.convertPage = (fn, langs) => {
  conv = fn
  stop()
  const list = items(document, [])
  for (const el of document.querySelectorAll("[lang]")) if (!el.closest("[data-yiyue-skip]")) list.push([1, el, "lang"])
  const writes = pass(list.filter(it => !(it[0] == 1 && it[2] == "lang")), fn) +
    pass(list.filter(it => it[0] == 1 && it[2] == "lang"), fn && langs ? s => s.split(SEP).map(l => langs[l.toLowerCase()] || l).join(SEP) : null)
  if (fn) watch()
  return writes
}

// While the page is converted, text that it inserts or changes later is
// converted within one animation frame.
function watch() {
  observer = observer || new MutationObserver(recs => {
    for (const r of recs) {
      if (r.type == "characterData") orig.delete(r.target)
      else if (r.type == "attributes") { const m = attrKeys.get(r.target); if (m && m[r.attributeName]) orig.delete(m[r.attributeName]) }
      pending = pending || new Set()
      if (r.type == "childList") for (const n of r.addedNodes) pending.add(n)
      else pending.add(r.target)
    }
    if (pending && !pending.raf) pending.raf = requestAnimationFrame(flush)
  })
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS.concat("value") })
}

function stop() {
  if (observer) observer.disconnect()
  pending = null
}

function flush() {
  const p = pending
  pending = null
  if (!p || !conv) return
  const list = []
  for (const n of p) {
    if (!n.isConnected) continue
    if (n.nodeType == 3) {
      if (/\S/.test(n.data) && n.parentElement && !n.parentElement.closest(SKIP)) list.push([0, n])
      continue
    }
    if (n.nodeType != 1 || n.closest(SKIP)) continue
    const w = document.createTreeWalker(n, 4, { acceptNode: t => t.parentElement && t.parentElement.closest(SKIP) ? 2 : 1 })
    for (let t; (t = w.nextNode()); ) if (/\S/.test(t.data)) list.push([0, t])
    for (const el of [n, ...n.querySelectorAll("[" + ATTRS.join("],[") + "]")]) for (const a of ATTRS) if (el.hasAttribute(a)) list.push([1, el, a])
  }
  pass(list, conv)
  // Our own writes are not the page's changes.
  observer.takeRecords()
}

// rt.sample returns up to n characters of the page's text, for detecting
// its script when it has no lang.
rt.sample = n => (document.body ? document.body.innerText || "" : "").slice(0, n)
