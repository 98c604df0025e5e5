// The loader's boot code: it defines window.yiyue at once, applies the
// saved preferences before first paint, shows the launcher, wires the
// portal's own links, and fetches the WASM only when it is needed.
// The build wraps the loader files in one IIFE and defines before them:
// PAGE_CSS, LAUNCHER_CSS, SPEC (field -> default and range or choices),
// L10N (UI language -> [launcher name, load failure]) and ASSETS (hashed
// file names and their SRI).
const me = document.currentScript
const base = new URL(".", me.src).href
const ds = me.dataset
const KEY = "yiyue:v1"
const doc = document
const html = doc.documentElement
const api = {}
const DEFAULTS = {}
for (const k in SPEC) DEFAULTS[k] = SPEC[k][0]

// valid keeps what a saved or typed value may be; anything else is dropped.
function valid(k, v) {
  const s = SPEC[k]
  if (!s || typeof v != typeof s[0]) return false
  if (typeof v == "number") return v >= s[1] && v <= s[2]
  return typeof v != "string" || s[1].includes(v)
}

function readSaved() {
  const out = {}
  try {
    const o = JSON.parse(localStorage.getItem(KEY))
    for (const k in o) if (k != "open" && valid(k, o[k])) out[k] = o[k]
  } catch (e) {}
  return out
}

function save(s) {
  const o = {}
  for (const k in SPEC) if (SPEC[k][3] && s[k] !== DEFAULTS[k]) o[k] = s[k]
  try {
    if (Object.keys(o).length) localStorage.setItem(KEY, JSON.stringify(o))
    else localStorage.removeItem(KEY)
  } catch (e) {}
}

let state = Object.assign({}, DEFAULTS, readSaved())
if (state.reading == "continuous") state.reading = "off"
const lang = (() => {
  const t = (ds.lang || html.lang || "").toLowerCase()
  return /^en/.test(t) ? "en" : /hant|tw|hk|mo/.test(t) ? "zh-Hant" : "zh-Hans"
})()

const host = doc.createElement("div")
host.id = "yiyue-host"
host.setAttribute("data-yiyue-skip", "")
host.lang = lang
const root = host.attachShadow({ mode: "open" })
const sheet = new CSSStyleSheet()
sheet.replaceSync(LAUNCHER_CSS)
root.adoptedStyleSheets = [sheet]
const btn = doc.createElement("button")
btn.type = "button"
btn.id = "launcher"
btn.setAttribute("aria-expanded", "false")
btn.textContent = L10N[lang][0]
const msg = doc.createElement("p")
msg.id = "msg"
msg.setAttribute("role", "status")
root.append(btn, msg)
btn.onclick = () => (state.open ? api.close() : api.open())
doc.body.append(host)
applyView(state, root)

let impl, loading
function load() {
  if (impl) return Promise.resolve()
  const globals = ["fs", "process", "path", "Go"].filter(k => !(k in window))
  return (loading = loading || new Promise((ok, no) => {
    const s = doc.createElement("script")
    s.src = base + ASSETS.runtime
    s.integrity = ASSETS.runtimeSRI
    s.crossOrigin = "anonymous"
    s.onload = () => { s.remove(); ok() }
    s.onerror = () => { s.remove(); no(Error("yiyue: cannot load " + s.src)) }
    doc.head.append(s)
  }).then(() => {
    const go = new Go()
    return WebAssembly.instantiateStreaming(
      fetch(base + ASSETS.wasm, { integrity: ASSETS.wasmSRI }), go.importObject)
      .then(r => new Promise(ok => {
        bridge.ready = i => { impl = i; ok() }
        go.run(r.instance)
        // Go's glue defines these globals for its own start-up; the page
        // should not see them afterwards.
        for (const k of globals) delete window[k]
      }))
  }).catch(e => {
    loading = null
    msg.textContent = L10N[lang][1]
    console.error(e)
    throw e
  }))
}

// bridge is what the WASM glue reads and calls back; it is not API.
const bridge = {
  root, btn, msg, base, lang, assets: ASSETS, cfg: ds, view: applyView,
  state: () => Object.assign({}, state),
  commit(s) {
    state = Object.assign({}, s)
    applyView(state, root)
    save(state)
    doc.dispatchEvent(new CustomEvent("yiyue:change", { detail: Object.assign({}, state) }))
  },
}

api.load = load
api.get = () => Object.assign({}, state)
api.set = p => load().then(() => impl.set(p))
api.reset = () => impl ? impl.reset() : (bridge.commit(Object.assign({}, DEFAULTS)), Promise.resolve(api.get()))
api.open = () => load().then(() => impl.open())
api.close = () => impl ? impl.close() : Promise.resolve()
Object.defineProperty(api, "_b", { value: bridge })
window.yiyue = api

const binds = ["繁体版", "繁體版", "简体版", "簡體版"]
doc.addEventListener("click", e => {
  const a = e.target.closest && e.target.closest("[data-yiyue-action],a")
  if (!a || host.contains(a)) return
  let act = a.getAttribute("data-yiyue-action")
  if (!act && ds.bindLinks != null) {
    const i = binds.indexOf(a.textContent.trim())
    if (i >= 0) act = i < 2 ? "traditional" : "simplified"
  }
  const run = {
    open: api.open,
    traditional: () => api.set({ script: "traditional" }),
    simplified: () => api.set({ script: "simplified" }),
    elder: () => api.set({ elder: !state.elder }),
    read: () => api.set({ reading: state.reading == "off" ? "continuous" : "off" }),
  }[act]
  if (!run) return
  e.preventDefault()
  run().catch(() => {})
})

// A saved preference that only the WASM can apply starts it now.
if (state.script != "original" || state.guide || state.caption || state.elder || state.reading != "off") load().catch(() => {})
