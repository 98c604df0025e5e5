// The in-page half of the property test. It runs whole sequences of
// operations inside the page, so that one CDP round trip covers a batch of
// sequences. Each sequence is drawn from its own seeded generator; the
// operations are random State changes through the public API (valid ones,
// and invalid ones that must reject and change nothing), resets, the
// toolbar opening and closing, and the page's own edits. Every page edit is
// done twice: on this page and on its twin, the same page without the
// widget in a hidden iframe. After each sequence, reset() must leave this
// page's serialized DOM equal to the twin's.
(() => {
  "use strict"

  // mulberry32: small, fast and good enough to drive tests.
  const rng = seed => () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  // Each sequence has its own seed, so that one can be replayed alone.
  const seqSeed = (seed, i) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) | 0

  const DEFAULTS = yiyue.get()
  DEFAULTS.open = false
  const FIELDS = Object.keys(DEFAULTS)
  const CONTRASTS = ["off", "yellow-on-black", "white-on-black", "black-on-white", "black-on-yellow", "yellow-on-blue"]
  const LANGS = { t: "zh-Hant", tw: "zh-TW", twp: "zh-TW", hk: "zh-HK" }
  // Text for the page's generic edits: convertible characters (发 always
  // converts, to 發 or 髮), ASCII, markup-like strings, and characters
  // the conversion must pass through.
  const WORDS = ["发展", "头发", "里面", "以后", "干部", "台风", "面条", "一只", "出租车", "软件", "<b>粗</b>", "&amp;", "{{x}}", "\u200b", "𠮷", "Ａ", "1", " ", "。", "信息"]

  const valid = {
    open: r => r() < 0.5,
    script: r => pick(r, ["original", "traditional", "simplified"]),
    variant: r => pick(r, ["t", "tw", "twp", "hk"]),
    zoom: r => pick(r, [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 1 + Math.round(r() * 200) / 100]),
    contrast: r => pick(r, CONTRASTS),
    elder: r => r() < 0.5,
    cursor: r => r() < 0.5,
    guide: r => r() < 0.5,
    caption: r => r() < 0.5,
    spacing: r => r() < 0.5,
    links: r => r() < 0.5,
    reading: r => pick(r, READING),
    rate: r => pick(r, [0.5, 2, 0.75, 1, 1.25, 1.5, 0.5 + Math.round(r() * 150) / 100]),
    volume: r => pick(r, [0, 1, Math.round(r() * 100) / 100]),
    shortcuts: r => r() < 0.5,
  }
  // Invalid fields: [name, value]; each must reject naming the field.
  const invalid = [
    ["nonsense", 1], ["Zoom", 2], ["constructor", 1], ["toString", "x"], ["", 1], ["script ", "traditional"],
    ["zoom", "2"], ["zoom", true], ["zoom", 0.99], ["zoom", 3.01], ["zoom", NaN], ["zoom", Infinity], ["zoom", -1], ["zoom", null],
    ["elder", 1], ["elder", "true"], ["open", undefined], ["links", null],
    ["script", "Traditional"], ["script", 1], ["contrast", "pink"], ["contrast", ""], ["variant", "cn"], ["reading", "loud"],
    ["rate", 0.49], ["rate", 2.01], ["volume", -0.001], ["volume", 1.001], ["volume", "1"],
  ]
  const notObjects = [null, 5, "zoom", [1], true, undefined]

  let READING = ["off"]
  const pick = (r, a) => a[Math.floor(r() * a.length)]
  const frame = () => new Promise(ok => requestAnimationFrame(() => ok()))

  function serialize(d) {
    let s = d.documentElement.outerHTML
    for (const id of ["yiyue-host", "yiyue-twin"]) {
      const e = d.getElementById(id)
      if (e) s = s.split(e.outerHTML).join("")
    }
    return s
  }

  function firstDiff(a, b) {
    let i = 0
    while (i < a.length && i < b.length && a[i] == b[i]) i++
    const lo = Math.max(0, i - 100)
    return { at: i, lengths: [a.length, b.length], page: a.slice(lo, i + 100), twin: b.slice(lo, i + 100) }
  }

  function sameState(a, b) {
    return FIELDS.every(k => Object.is(a[k], b[k]))
  }

  // expect is what the state must be after a valid patch: the patch
  // applied (a request for the page's own script stays the reader's
  // choice; the page shows its own text, which check verifies).
  function expect(model, patch) {
    return Object.assign({}, model, patch)
  }

  // Page edits, each applied to a window (this page's or the twin's) with
  // the same arguments.
  const pageOps = {
    append: w => w.portalDynamic.append(),
    change: w => w.portalDynamic.change(),
    remove: w => w.portalDynamic.remove(),
    click: w => w.document.getElementById("counter").click(),
    type: (w, a) => {
      const f = w.document.getElementById("f-name")
      f.value = a.text
      f.dispatchEvent(new w.Event("input", { bubbles: true }))
    },
    insert: (w, a) => {
      const p = w.document.createElement("p")
      p.textContent = a.text
      if (a.title) p.setAttribute("title", a.title)
      w.document.querySelector(BOX).appendChild(p)
    },
    edit: (w, a) => {
      const ts = texts(w.document)
      if (ts.length) ts[a.k % ts.length].data = a.text
    },
    retitle: (w, a) => {
      const es = w.document.querySelectorAll(BOX + " *")
      if (es.length) es[a.k % es.length].setAttribute("title", a.text)
    },
    drop: (w, a) => {
      const es = w.document.querySelectorAll(BOX + " > *")
      if (es.length > 1) es[a.k % es.length].remove()
    },
    head: (w, a) => {
      const m = w.document.createElement("meta")
      m.name = "x-page-" + a.k
      m.content = a.text
      w.document.head.appendChild(m)
    },
    unhead: w => {
      const m = w.document.head.querySelector("meta[name^=x-page-]")
      if (m) m.remove()
    },
  }
  let BOX = "#more-list", OPS = ["append", "change", "remove"]
  const MAX_BOX = 24
  const GROW = { append: "remove", insert: "drop", head: "unhead" }

  function texts(d) {
    const out = [], w = d.createTreeWalker(d.querySelector(BOX), 4)
    for (let n; (n = w.nextNode()); ) out.push(n)
    return out
  }

  function words(r, n) {
    let s = ""
    for (let i = 0; i < n; i++) s += pick(r, WORDS)
    return s
  }

  // check verifies, one frame after the page's edits, what the page shows for the state: lang, title and every text of
  // the box converted exactly when the page is in Traditional, untouched
  // otherwise; and the page's counter agrees with its twin's.
  async function check(model, twin) {
    // The page's mutation records first (a microtask), then the frame in
    // which the widget converts what they added.
    await null
    await frame()
    const dock = document.getElementById("yiyue-host").shadowRoot.getElementById("dock")
    if (dock ? dock.hidden == model.open : model.open) return "the toolbar is " + (dock && !dock.hidden ? "shown" : "hidden") + " while open is " + model.open
    const trad = model.script == "traditional"
    const want = trad ? LANGS[model.variant] : twin.document.documentElement.lang
    if (document.documentElement.lang != want) return "html lang is " + document.documentElement.lang + ", want " + want
    const a = texts(document), b = texts(twin.document)
    if (a.length != b.length) return "the box has " + a.length + " text nodes, the twin " + b.length
    for (let i = 0; i < a.length; i++) {
      if (b[i].data.includes("发") && (a[i].data != b[i].data) != trad) return (trad ? "not converted: " : "converted while original: ") + JSON.stringify([a[i].data, b[i].data])
      if (!b[i].data.includes("发") && !trad && a[i].data != b[i].data) return "changed while original: " + JSON.stringify([a[i].data, b[i].data])
    }
    if (window.portalForms) {
      const n = twin.portalForms.clicks()
      if (portalForms.clicks() != n || document.getElementById("count").textContent != String(n)) return "the counter shows " + document.getElementById("count").textContent + " (" + portalForms.clicks() + " clicks), the twin " + n
    }
    return ""
  }

  async function sequence(o, i, twin, stats) {
    const r = rng(seqSeed(o.seed, i))
    const log = []
    let model = yiyue.get()
    const fail = msg => ({ seq: i, msg, ops: log })
    let t0 = performance.now()
    const lap = k => {
      const t = performance.now()
      stats.ms[k] = (stats.ms[k] || 0) + t - t0
      t0 = t
    }
    for (let n = 0; n < o.len; n++) {
      if (n) lap(log[log.length - 1][0])
      const x = r()
      if (x < 0.3) {
        const patch = {}
        const k = 1 + Math.floor(r() * 3)
        for (let j = 0; j < k; j++) {
          const f = pick(r, FIELDS)
          patch[f] = valid[f](r)
        }
        log.push(["set", patch])
        const want = expect(model, patch)
        let got
        try {
          got = await yiyue.set(patch)
        } catch (e) {
          return fail("set(" + JSON.stringify(patch) + ") rejected: " + e.message)
        }
        if (!sameState(got, want)) return fail("set resolved with " + JSON.stringify(got) + ", want " + JSON.stringify(want))
        if (!sameState(yiyue.get(), want)) return fail("get() is " + JSON.stringify(yiyue.get()) + " after set, want " + JSON.stringify(want))
        model = want
        stats.sets++
      } else if (x < 0.4) {
        let patch, names
        if (r() < 0.15) {
          patch = pick(r, notObjects)
          names = []
        } else {
          // A valid field first, then an invalid one: nothing may apply.
          const f = pick(r, FIELDS), [name, value] = pick(r, invalid)
          patch = {}
          if (r() < 0.5 && f != name) patch[f] = valid[f](r)
          patch[name] = value
          names = [JSON.stringify(name)]
          // __proto__ as an own property, as JSON.parse makes it.
          if (r() < 0.05) patch = JSON.parse('{"__proto__": 1}'), (names = ['"__proto__"'])
        }
        log.push(["set-invalid", patch === undefined ? "undefined" : patch])
        const before = yiyue.get(), attr = document.documentElement.getAttribute("data-yiyue")
        let changes = 0
        const count = () => changes++
        document.addEventListener("yiyue:change", count)
        let msg = ""
        try {
          await yiyue.set(patch)
          msg = "resolved"
        } catch (e) {
          if (!(e instanceof Error)) msg = "rejected with a non-Error " + String(e)
          else if (!names.every(nm => e.message.includes(nm))) msg = "rejected without naming " + names.join(", ") + ": " + e.message
        } finally {
          document.removeEventListener("yiyue:change", count)
        }
        if (msg) return fail("invalid set(" + JSON.stringify(patch) + "): " + msg)
        if (!sameState(yiyue.get(), before) || changes || document.documentElement.getAttribute("data-yiyue") != attr) return fail("invalid set(" + JSON.stringify(patch) + ") changed something: " + JSON.stringify(yiyue.get()))
        stats.rejects++
      } else if (x < 0.44) {
        log.push(["reset"])
        const got = await yiyue.reset()
        const want = Object.assign({}, DEFAULTS, { open: model.open })
        if (!sameState(got, want)) return fail("reset resolved with " + JSON.stringify(got))
        model = want
      } else if (x < 0.48) {
        const open = r() < 0.5
        log.push([open ? "open" : "close"])
        await (open ? yiyue.open() : yiyue.close())
        model = Object.assign({}, model, { open })
        if (yiyue.get().open != open) return fail((open ? "open" : "close") + "() left open = " + yiyue.get().open)
      } else if (x < 0.92) {
        let op = pick(r, OPS)
        // Keep the page small, so that a sequence costs the same at the
        // end of a run as at its start: past a size, additions become
        // removals (decided on this page; the twin has the same size).
        if (document.querySelector(BOX).children.length >= MAX_BOX && GROW[op]) op = GROW[op]
        const a = { k: Math.floor(r() * 1000), text: words(r, 1 + Math.floor(r() * 6)), title: r() < 0.3 ? words(r, 2) : "" }
        log.push(["page", op, a])
        pageOps[op](window, a)
        pageOps[op](twin, a)
        stats.pageOps++
      } else if (x < 0.96) {
        log.push(["frame"])
        await frame()
      } else {
        log.push(["check"])
        const m = await check(model, twin)
        if (m) return fail(m)
        stats.checks++
      }
    }
    lap(log[log.length - 1][0])
    log.push(["reset", "final"])
    await yiyue.reset()
    lap("final reset")
    const a = serialize(document), b = serialize(twin.document)
    lap("compare")
    if (a != b) return Object.assign(fail("after reset() the page differs from its twin"), { diff: firstDiff(a, b) })
    if (document.adoptedStyleSheets.length != o.sheets) return fail("after reset() the document has " + document.adoptedStyleSheets.length + " adopted stylesheets, " + o.sheets + " before")
    if (localStorage.getItem("yiyue:v1") != null) return fail("after reset() localStorage still holds " + localStorage.getItem("yiyue:v1"))
    return null
  }

  window.__property = {
    // prepare adds the twin and resolves once it has loaded.
    prepare(twinURL, o) {
      READING = o.reading
      BOX = o.box
      OPS = o.ops
      return new Promise((ok, no) => {
        const f = document.createElement("iframe")
        f.id = "yiyue-twin"
        f.hidden = true
        f.setAttribute("data-yiyue-skip", "")
        f.onload = () => ok(serialize(document) == serialize(f.contentDocument))
        f.onerror = no
        f.src = twinURL
        document.body.appendChild(f)
      })
    },
    // selfTest shows that the comparison sees a one-character change.
    selfTest() {
      const twin = document.getElementById("yiyue-twin").contentWindow
      const t = texts(document)[0]
      const old = t.data
      t.data = old + "x"
      const differs = serialize(document) != serialize(twin.document)
      t.data = old
      return differs && serialize(document) == serialize(twin.document)
    },
    // run runs sequences from..from+count-1 and returns the stats and the
    // first failure.
    async run(o) {
      const twin = document.getElementById("yiyue-twin").contentWindow
      const stats = { ms: {}, seqs: 0, sets: 0, rejects: 0, pageOps: 0, checks: 0, failure: null }
      for (let i = o.from; i < o.from + o.count; i++) {
        let f
        try {
          f = await sequence(o, i, twin, stats)
        } catch (e) {
          f = { seq: i, msg: "threw " + (e && e.stack || e) }
        }
        if (f) {
          stats.failure = f
          break
        }
        stats.seqs++
      }
      return stats
    },
  }
})()
