// tabs.js keeps the reader's choices one across the site's tabs. Portals
// open most links in a new tab, and a tab kept from before showed the
// choices the reader had since changed in another, and saved its own
// over them. While its runtime is loaded, a tab takes what another saves
// (Go's sync), and saves only the fields a change of its own changed, on
// top of what is saved by then; what it takes it does not save again: a
// copy saved late reached a tab changed since, which took its old choice
// back.
const TABS_KEY = "yiyue:v1"

// tabsTaking says that a sync is under way, and tabsLater holds the
// choices saved meanwhile, taken next: Go may start two calls in either
// order, and the last saved must be the last taken. tabsGaveUp says that
// Go, started for another tab's change, failed to start.
let tabsTaking, tabsLater, tabsGaveUp
function tabsTake(saved) {
  if (tabsTaking) return (tabsLater = [saved])
  tabsTaking = 1
  const next = () => {
    const l = tabsLater
    tabsTaking = tabsLater = 0
    l && tabsTake(l[0])
  }
  rt.impl.sync(saved, next, err => (console.warn("yiyue: cannot take another tab's choices:", err), next()))
}

// tabsParse reads saved text: the choices, null for none, and undefined
// for what is not the loader's (another script's), which is left alone.
function tabsParse(text) {
  try {
    const v = JSON.parse(text)
    if (v === null || v.constructor == Object) return v
  } catch (e) {}
}

// b.stored is what the site's pages saved last, for Go's start: a page
// kept from before (the browser's back-forward cache), or a tab whose
// widget was not in use, shows what it was opened with (wasm/main.go).
// Storage that is off says nothing (undefined).
b.stored = () => {
  try {
    return tabsParse(localStorage.getItem(TABS_KEY))
  } catch (e) {}
}

addEventListener("storage", e => {
  if (e.key != TABS_KEY) return
  // A page opened zoomed has this script but not Go: it starts Go, whose
  // start takes what is saved (b.stored), from the HTTP cache most often
  // (the tab that saved it had it). Its view follows at once, not at the
  // reader's first press; the list a zoomed reader goes back to from an
  // article is such a page. A start that failed (a blocked network) is not
  // tried again for the next change: the reader did not ask for it, and
  // the failure shows under the launcher once.
  if (!rt.impl) return tabsGaveUp || window.yiyue.load().catch(() => (tabsGaveUp = 1))
  const saved = tabsParse(e.newValue)
  if (saved !== undefined) tabsTake(saved)
})

// A change of this tab's own is shown by the loader, which does not save
// it (quiet); it is saved here a task later, as the loader would (the
// fields away from their defaults), each field it changed on top of what
// is saved by then. Another tab's, taken (Go's sync), is saved there.
const tabsCommit = b.commit
b.commit = (s, taken) => {
  if (taken) return tabsCommit(s, 1)
  const was = b.state()
  tabsCommit(s, 1)
  const now = JSON.parse(s), changed = Object.keys(now).filter(k => k != "open" && now[k] !== was[k])
  if (changed.length)
    setTimeout(() => {
      try {
        // All at their defaults (a reset): nothing is saved, whatever
        // another tab saved before this one was in use.
        const mine = localStorage.getItem(TABS_KEY), m = Object.keys(now).every(k => k == "open" || now[k] === b.defaults[k]) ? {} : tabsParse(mine) || {}
        for (const k of changed) now[k] === b.defaults[k] ? delete m[k] : (m[k] = now[k])
        const v = JSON.stringify(m)
        if (v != mine) Object.keys(m).length ? localStorage.setItem(TABS_KEY, v) : localStorage.removeItem(TABS_KEY)
      } catch (e) {} // storage off
    }, 0)
}
