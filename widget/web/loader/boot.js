// The loader's boot code: it defines window.yiyue at once, applies the
// saved preferences before first paint, shows the launcher, wires the
// portal's own links, and fetches the WASM only when it is needed.
// The build wraps the loader files in one IIFE and defines before them:
// SPEC (field -> false for a boolean, [default, min, max] for a number,
// or the choices with the default first), L10N (UI language -> [launcher
// name, the rest of the load failure's text, which begins with it]),
// ASSETS (hashed names and SRI: p, the page stylesheet; l, the
// launcher's; r, the runtime script; i, its SRI), and PAGE_CSS = ""
// (the page stylesheet is a hashed file, fetched once and kept in
// localStorage so that later pages apply it before first paint). The
// launcher's own stylesheet is a hashed file too; the launcher shows once
// it has loaded, so it never flashes unstyled.
const me = vD.currentScript
const base = new URL(".", me.src).href
const ds = me.dataset
const KEY = "yiyue:v1"
const CSS = "yiyue:css"
// view.js defines vD (document), vH (<html>) and vP (the attribute prefix).
const api = {}
const copy = o => ({ ...o })

// store reads (one argument) or writes localStorage, which may throw (in a
// sandboxed iframe, for one): then nothing is saved. The runtime says so
// (start.js): each byte here is downloaded by every visitor.
function store(k, v) {
  try {
    // A missing key reads as undefined, which JSON.parse throws at.
    return v == null ? JSON.parse(localStorage[k]) : v ? (localStorage[k] = JSON.stringify(v)) : delete localStorage[k]
  } catch {}
}

// Saved values that are not valid are dropped before anything uses them;
// the WASM checks them again when it starts.
const DEFAULTS = {}
for (const k in SPEC) DEFAULTS[k] = SPEC[k].map ? SPEC[k][0] : SPEC[k]
// The site's default Traditional variant.
if (SPEC.variant.includes(ds.variant)) DEFAULTS.variant = ds.variant
let state = copy(DEFAULTS)
const saved = store(KEY)
for (const k in saved) {
  // Not objects: a saved "__proto__" must not reach the state.
  const v = saved[k], s = SPEC[k], t = typeof v
  if (k != "open" && t == typeof DEFAULTS[k] && t != "object" && (t != "number" || v >= s[1] && v <= s[2]) && (t != "string" || s.includes(v))) state[k] = v
}
if (state.reading == "continuous") state.reading = "off"
// The page stylesheet kept by an earlier page: this release's, and
// whole (a value that some script overwrote is fetched anew).
const css = store(CSS)
if (css?.[0] == ASSETS.p && /yiyue/.test(css[1])) PAGE_CSS = css[1]

// hant says whether a lang tag names Traditional: its script subtag
// first (zh-Hans-HK is Simplified), else its region (a CMS's zh_TW
// too, as Go reads it).
const hant = l => /hant|^(?!.*hans).*[-_](tw|hk|mo)/i.test(l)
const t = ds.lang || vH.lang
const lang = /^en/i.test(t) ? "en" : hant(t) ? "zh-Hant" : "zh-Hans"
// el makes an element with properties props, the last child of p.
const el = (tag, p, props) => p.appendChild(Object.assign(vD.createElement(tag), props))
// Beside <body>, not in it: a page that replaces its body (Turbo, pjax)
// keeps the widget. In the top layer (popover) it stays on the screen
// where the page filters or transforms <body> (grey pages on days of
// mourning), which otherwise carries everything fixed away with the page.
const host = el("div", vH, { id: "yiyue-host", lang, popover: "manual" })
host.showPopover?.()
const root = host.attachShadow({ mode: "open" })
const link = el("link", root, { rel: "stylesheet", href: base + ASSETS.l })
const btn = el("button", root, {
  id: "launcher",
  ariaExpanded: "false",
  textContent: L10N[lang][0],
  // A failed start is shown in #msg; the click has no one to reject to.
  onclick: () => (state.open ? api.close : api.open)().catch(() => {}),
})
btn.hidden = link.onerror = link.onload = () => (btn.hidden = false)
const msg = el("p", root, { id: "msg", role: "status" })

// bridge is what the runtime script and the WASM read and call back; it is
// not API.
const bridge = {
  root, base, cfg: ds, defaults: DEFAULTS,
  // Text zoom's passes, for the runtime's second pass (runtime/fit.js),
  // and the first's reads of a box, which the runtime makes beforehand on
  // a long page (runtime/prescan.js).
  scan: (q, on) => vTab && vScan(q, on),
  read: vRead,
  grow: vGrow,
  // shows the page that the loader hid (vHide): Go calls it once started.
  shown: () => ((vHide = 0), show()),
  // The WASM hands over each new state as JSON: one call across
  // syscall/js instead of one per field; quiet, the runtime saves it
  // (runtime/tabs.js).
  commit(s, quiet) {
    s = state = JSON.parse(s)
    show()
    const o = {}
    for (const k in s) if (k != "open" && s[k] !== DEFAULTS[k]) o[k] = s[k]
    // Saved a task later: the page shows the change first.
    quiet || setTimeout(store, 0, KEY, Object.keys(o).length && o)
    vD.dispatchEvent(new CustomEvent("yiyue:change", { detail: copy(s) }))
  },
}

// show applies the state to the page, fetching the page stylesheet, once,
// the first time an aid of the view layer is on (a switch of script or of
// reading needs none of it); cssReady settles once it is there, or the
// fetch failed (the next show tries again). A failure is named for the
// site's owner: without the sheet the aids do not show.
let cssReady, cssAsked
function show() {
  if (applyView(state) && !PAGE_CSS && !cssAsked)
    cssAsked = cssReady = fetch(base + ASSETS.p).then(r => r.ok ? r.text() : Promise.reject()).then(c => {
      store(CSS, [ASSETS.p, (PAGE_CSS = c)])
      applyView(state)
    }, () => (cssAsked = 0, console.error("yiyue: cannot load", base + ASSETS.p)))
}

// script loads the runtime script, once (again after a failure). The
// runtime carries the WASM's name and SRI, so this one SRI vouches for
// everything loaded after it.
let ran, tt, impl, loading
function script() {
  return (ran ||= new Promise((ok, no) => {
    // Only our own element goes: the page may have added to <head> meanwhile.
    const s = Object.assign(vD.createElement("script"), {
      onload: () => ok(s.remove()),
      // The console says yiyue: and the URL that failed.
      onerror: () => no(Error(s.src), s.remove()),
      crossOrigin: "anonymous",
      integrity: ASSETS.i,
    })
    // Under Trusted Types a script URL needs a policy: sites that enforce
    // them allow ours with "trusted-types yiyue". It makes one URL,
    // whatever it is asked for; without it, this throws, before anything
    // is added to the page.
    const u = base + ASSETS.r
    try {
      tt ||= trustedTypes.createPolicy("yiyue", { createScriptURL: () => u })
    } catch (e) {}
    s.src = tt ? tt.createScriptURL(u) : u
    vD.head.append(s)
  }).catch(e => {
    ran = 0
    throw e
  }))
}

// load starts Go, once it has the runtime script; once Go has started, it
// returns the promise of that start, settled. (The runtime clears the
// message of a failed start once Go is ready: here, a task later, it
// would clear what Go said meanwhile.)
function load() {
  return (loading ||= script().then(() => bridge.go()).then(i => {
    impl = i
  }, e => {
    loading = 0
    bridge.shown()
    msg.textContent = L10N[lang].join("")
    console.error((e = Error("yiyue: " + e.message)))
    throw e
  }))
}

// A page control that takes keyboard focus under the launcher is not
// hidden by it (WCAG 2.4.11): the launcher moves to the other corner till
// focus moves on. A task later, once the browser scrolled the control into
// view. (Focus in the widget is on its host.) The control is measured
// against the launcher's own corner, where it is put back first: a
// control in the other corner sends it home.
vD.addEventListener("focusin", e => setTimeout(() => {
  if (e.target == host) return
  btn.removeAttribute("data-r")
  const a = e.target.getBoundingClientRect(), l = btn.getBoundingClientRect()
  btn.toggleAttribute("data-r", a.left < l.right && a.bottom > l.top)
}))

// call runs one of the WASM's methods, which takes the Promise's settling
// functions last: it resolves with the new state as JSON and rejects with
// a message.
const call = (m, p) => load().then(() => new Promise((ok, no) => impl[m](p, ok, e => no(Error(e))))).then(JSON.parse)
api.load = load
api.get = () => copy(state)
api.set = p => call("set", p).then(async s => (await cssReady, s))
api.open = () => call("open")
// Before Go has started, and while nothing starts it, reset() commits
// the defaults itself, and, as Go's does, fires yiyue:change only if
// something changed. While Go is coming it waits its turn behind the
// calls made before it.
api.reset = () => impl || loading ? call("reset") : ((d => JSON.stringify(state) != d && bridge.commit(d))(JSON.stringify(DEFAULTS)), new Promise(ok => setTimeout(ok, 0, api.get())))
// Before Go has started, and while nothing starts it, the toolbar is
// closed: close() has nothing to do and resolves with the State, as it
// does after.
api.close = async () => (impl || loading ? call : api.get)("close")
// The runtime script finds the bridge here (not API: see above).
api._b = bridge

// Defined, with all its methods, before the first show: should it throw,
// the API still works.
window.yiyue = api
// A saved script other than the page's own: the page opens converted. It
// is hidden till Go has converted it (bridge.shown), or failed to start;
// the page's own text never flashes first. A page hidden, for that or
// for a saved zoom (vGrow), is shown after 3 s whatever happens.
// A page whose lang names the script chosen is left alone: it is shown
// as it is, and nothing starts Go for it.
if (state.script != "original" && (state.script == "traditional") != hant(vH.lang)) vHide = 2
show()
vBoot = 0
if (vHide) setTimeout(bridge.shown, 3e3)

// A click in the widget comes here from its host, which is in no link.
vD.addEventListener("click", e => {
  const a = e.target.closest?.("[data-yiyue-action],a")
  if (!a) return
  // 繁体版 or 繁體版, 简体版 or 簡體版.
  const m = "bindLinks" in ds && /^([繁简簡])[体體]版$/.exec(a.textContent.trim())
  const act = a.getAttribute("data-yiyue-action") || (m && (m[1] == "繁" ? "traditional" : "simplified"))
  if (!/^(open|elder|read|traditional|simplified)$/.test(act)) return
  e.preventDefault()
  // The runtime carries the action out.
  load().then(() => bridge.act(act)).catch(() => {})
})

// A saved preference that only the WASM can apply starts it now (a
// saved script hid the page: vHide 2).
if (vHide > 1 || state.guide || state.caption || state.elder || state.reading != "off" || state.shortcuts || "shortcuts" in ds) load().catch(() => {})
