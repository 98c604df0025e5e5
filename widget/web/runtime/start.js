// start.js runs first in the runtime script (the build puts it there).

// What the runtime does to the page (conversion, reading, point-to-read,
// the aids) leaves out the widget's own host, and whatever else the site
// marks so. The loader, which does none of it, leaves the mark to here.
b.root.host.dataset.yiyueSkip = ""
// The loader hands over its shadow root, not what is in it: each of its
// bytes is downloaded by every visitor.
b.btn = b.root.getElementById("launcher")
b.msg = b.root.getElementById("msg")
b.lang = b.root.host.lang
b.state = window.yiyue.get

// Where the site's storage refuses writes (a sandboxed iframe, storage
// turned off), the reader's choices last for this page only: said once, for
// the site's owner. The loader's writes fail silently.
try {
  localStorage.setItem("yiyue:probe", "")
  localStorage.removeItem("yiyue:probe")
} catch (e) {
  console.warn("yiyue: cannot save preferences:", e)
}

// b.go starts Go: it fetches the WASM, checked against the SRI that this
// script (itself checked by the loader) carries, instantiates it while it
// streams in, and resolves with the API object that Go hands to b.ready.
// Go's glue (rt.glue) defines globals for its start-up (Go, fs, process,
// path), which Go's syscall package takes as it starts: the page's own
// under those names (its globals, its elements' ids) are hidden while the
// glue runs and while Go starts (goAs), and put back after each.
const goKeys = ["fs", "process", "path", "Go"]

// goAs runs f with window's fs, process, path and Go as descs gives them
// (property descriptors; none given: hidden), and puts the page's back
// after, as they are then, even if f throws. A property the page made
// unconfigurable (a var) keeps its attributes and takes only the value.
function goAs(descs, f) {
  const page = goKeys.map(k => Object.getOwnPropertyDescriptor(window, k))
  const set = (d, k) => {
    try {
      const o = Object.getOwnPropertyDescriptor(window, k)
      if (!d) delete window[k]
      else Object.defineProperty(window, k, o && !o.configurable ? { value: d.value } : d)
    } catch (e) {}
  }
  goKeys.forEach((k, i) => set(descs?.[i] || { value: undefined, writable: true, configurable: true }, k))
  try {
    return f()
  } finally {
    goKeys.forEach((k, i) => set(page[i], k))
  }
}

// rt.fetchAsset fetches one of yiyue's hashed files (the WASM, a
// dictionary), checked against its SRI. A failure says why and names the
// file, for the site's owner: a missing file fails the integrity check
// too (its error page is not the file), so its status is asked for
// again; a connection that fails (offline, a blocking proxy) says only
// "Failed to fetch" by itself.
rt.fetchAsset = n => {
  const u = rt.asset(n)
  return fetch(u, { integrity: rt.sri[n] }).then(
    r => r.ok ? r : Promise.reject(Error("cannot load " + u + ": HTTP " + r.status)),
    e => fetch(u, { method: "HEAD", cache: "no-store" }).then(r => {
      throw Error(r.ok ? u + " does not match its integrity value (a copy from another build?)" : "cannot load " + u + ": HTTP " + r.status)
    }, () => { throw Error("cannot load " + u + ": " + e.message) }),
  )
}

b.go = () => {
  // A CSP without 'wasm-unsafe-eval' forbids compiling: an empty module
  // finds that out (it throws) before the real one is downloaded for nothing.
  new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0))
  let mine, go
  goAs(null, () => {
    rt.glue()
    mine = goKeys.map(k => Object.getOwnPropertyDescriptor(window, k))
    go = new (mine[3].value)()
  })
  // A reader who pressed something (the launcher, a portal link) and waits
  // for the WASM on a slow network is told so after half a second; the
  // launcher is busy meanwhile. A start without a user's gesture (saved
  // preferences, a site's script) says nothing. It goes once Go is ready
  // (b.ready), or the loader's failure message replaces it.
  const slow = navigator.userActivation?.hasBeenActive && setTimeout(() => {
    b.msg.textContent = rt.loading[b.lang]
    b.msg.dataset.busy = b.btn.ariaBusy = "true"
  }, 500)
  return rt.fetchAsset("yiyue.wasm")
    // A server that does not send .wasm as application/wasm (IIS, an old
    // mime.types) still serves it: it is compiled from its bytes.
    .then(r => /^application\/wasm/.test(r.headers.get("content-type")) ? WebAssembly.instantiateStreaming(r, go.importObject) : r.arrayBuffer().then(a => WebAssembly.instantiate(a, go.importObject)))
    .then(r => new Promise((ok, no) => {
      // A call resolves a task later, after what a change leaves for then
      // (the page's title, text.js, which rt.afterTitle waits for; the
      // blocks below the screen, lazy.js, which rt.afterLazy waits for;
      // saving the preferences, the loader, which a timer set earlier runs
      // first). A set() of the script alone that rt.quick can replay
      // switches the page at once (rt.later).
      const settled = (f, v) => rt.afterTitle(() => rt.afterLazy(() => setTimeout(f, 0, v)))
      b.ready = i => {
        for (const m in i) {
          const f = i[m]
          i[m] = (p, ok, no) => {
            let s
            try {
              s = m == "set" && rtPlain(p) && Object.keys(p).join() == "script" && p.script
            } catch (e) {}
            // Go gets the script as read here (a getter may change it).
            if (typeof s == "string") p = { script: s }
            else s = false
            const send = () => {
              busy++
              f(p, s => (busy--, settled(ok, s)), e => (busy--, settled(no, e)))
            }
            if (!rt.later(s, b.state().variant, send)) send()
          }
        }
        // Ready: the message of a start that failed before, or of this
        // slow one, goes now, before Go applies the saved preferences
        // and says what it could not (a saved 繁體 whose dictionary did
        // not come: 繁體：暫不可用).
        b.msg.textContent = ""
        rt.impl = i
        ok(i)
      }
      // Go's main returns only if it stops before it is ready (a panic,
      // which it has logged): the start fails then, rather than wait.
      goAs(mine, () => go.run(r.instance)).then(() => no(Error("yiyue.wasm stopped before it was ready")), no)
    }))
    .finally(() => {
      clearTimeout(slow)
      delete b.msg.dataset.busy
      b.btn.ariaBusy = null
    })
}

// While no call is under way (busy counts them), a switch of the script
// that rt.quick can replay is made at once, and the WASM hears of it in a
// task of its own, after the page could be drawn; the calls after it wait
// their turn in queue, one a task, so that they keep their order. (A
// message, not a timer: nested timers wait 4 ms.) rt.later takes a call
// f(...a) that asks for script (or for nothing quick, script false): it
// queues it and says so when it made the switch or the queue is not
// empty; otherwise the caller makes the call itself, now. Toolbar presses
// come here too (wasm/toolbar.go).
let busy = 0
const queue = [], turns = new MessageChannel()
// A call stays queued while it runs, so that one made meanwhile (from a
// yiyue:change listener) waits its turn.
turns.port1.onmessage = () => {
  try {
    queue[0]()
  } finally {
    queue.shift()
    if (queue.length) turns.port2.postMessage(0)
  }
}
rt.later = (script, variant, f, ...a) => {
  if (!queue.length && (busy || !script || !rt.quick(script, variant))) return false
  if (queue.push(() => f(...a)) == 1) turns.port2.postMessage(0)
  return true
}

// rt.sheet makes a <link> to one of yiyue's stylesheets, checked against its
// SRI like everything the runtime loads.
rt.sheet = n => {
  const l = document.createElement("link")
  l.rel = "stylesheet"
  l.crossOrigin = "anonymous"
  l.integrity = rt.sri[n]
  l.href = rt.asset(n)
  return l
}

// rtPlain says whether set() takes p as a patch: an array or a Map given
// a field is not one, not even for a quick switch of script.
const rtPlain = p => !Array.isArray(p) && Object.prototype.toString.call(p) == "[object Object]"

// rt.patch writes a set() patch as one string for the WASM, which reads it
// with state.DecodePatch: one call across syscall/js instead of several
// per field. A value of a type no field takes is marked x, so that the
// WASM's error names the field; null means the patch is not a plain
// object (a Map, a Promise that a page forgot to await, an element),
// whose fields set() would not see. Reading the patch may throw (a
// getter, a Proxy): set() then rejects with that error.
rt.patch = p => {
  if (!rtPlain(p)) return null
  const e = s => encodeURIComponent(s.toWellFormed ? s.toWellFormed() : s)
  return Object.keys(p).map(k => {
    const v = p[k], t = typeof v
    return e(k) + "=" + (t == "boolean" ? "b" + +v : t == "number" ? "n" + v : t == "string" ? "s" + e(v) : "x")
  }).join("&")
}

// rt.ui makes a batch of writes to the widget's own elements, in order
// (wasm/batch.go): s holds, for each element after it, a kind, a name and
// a value, separated by U+001F. One call across syscall/js instead of one
// per write.
rt.ui = (s, ...els) => {
  const f = s.split("\x1f")
  els.forEach((e, i) => {
    const [k, n, v] = f.slice(i * 3, i * 3 + 3)
    if (k == "t") e.textContent = v
    else if (k == "a") e.setAttribute(n, v)
    else if (k == "r") e.removeAttribute(n)
    else if (k == "s") e.style.setProperty(n, v)
    else if (k == "f") e.focus()
    else if (e[n] !== v) e[n] = v
  })
}
