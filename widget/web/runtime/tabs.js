// tabs.js keeps the reader's choices one across the site's tabs. Portals
// open most links in a new tab, and a tab kept from before showed the
// choices the reader had since changed in another, and saved its own
// over them. While its runtime is loaded, a tab takes what another saves
// (Go's sync); and what a tab saves changes only the fields it changed,
// on top of what is saved by then.
const TABS_KEY = "yiyue:v1"

// tabsSaved is the saved choices as stored (null: none); undefined where
// storage is off.
function tabsSaved() {
  try {
    return localStorage.getItem(TABS_KEY)
  } catch (e) {}
}

addEventListener("storage", e => {
  if (e.key != TABS_KEY || !rt.impl) return
  let saved
  try {
    saved = JSON.parse(e.newValue)
  } catch (err) {
    return // not the loader's: another script's
  }
  rt.impl.sync(saved, () => {}, err => console.warn("yiyue: cannot take another tab's choices:", err))
})

// The loader saves a tab's whole state a task after each change, in the
// stored form (the fields away from their defaults), in a timer that a
// hidden tab's browser may hold back for a second or a minute. Timers
// just before and after it see what was saved by then, and put it back
// with only the fields this change changed: none when it took another
// tab's choices (kind "tab"), which may have been saved over since; all
// for a reset ("all"), which leaves nothing saved.
const tabsCommit = b.commit
b.commit = (s, kind) => {
  const was = b.state(), now = JSON.parse(s)
  const changed = kind == "tab" ? [] : Object.keys(now).filter(k => k != "open" && now[k] !== was[k])
  let before
  setTimeout(() => (before = tabsSaved()), 0)
  // A reset of a tab at the defaults already changes nothing here, and
  // fires no yiyue:change: only what the other tabs saved goes.
  if (kind != "all" || Object.keys(now).some(k => now[k] !== was[k])) tabsCommit(s)
  setTimeout(() => {
    try {
      const mine = tabsSaved(), m = JSON.parse(mine) || {}
      let o = JSON.parse(before) || {}
      if (kind == "all") o = {}
      else for (const k of changed) k in m ? (o[k] = m[k]) : delete o[k]
      const v = JSON.stringify(o)
      if (v != mine) Object.keys(o).length ? localStorage.setItem(TABS_KEY, v) : localStorage.removeItem(TABS_KEY)
    } catch (e) {
      // Storage off, or what another script wrote there.
    }
  }, 0)
}
