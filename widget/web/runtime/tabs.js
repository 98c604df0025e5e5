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

// The loader saves a tab's whole state a task after each change (in
// the stored form: the fields away from their defaults); after it, the
// fields that the change left alone go back to what was saved before it,
// which another tab may have saved since this one loaded. tabsNext is
// that saved form as this tab's pending changes build it; tabsPending
// counts them.
const tabsCommit = b.commit
let tabsNext, tabsPending = 0
b.commit = s => {
  const was = b.state()
  tabsCommit(s)
  const now = JSON.parse(s), changed = Object.keys(now).filter(k => k != "open" && now[k] !== was[k])
  try {
    tabsNext ||= JSON.parse(tabsSaved()) || {}
  } catch (e) {
    return // storage off, or what another script wrote there
  }
  const o = tabsNext
  tabsPending++
  setTimeout(() => {
    if (!--tabsPending) tabsNext = null
    try {
      const mine = tabsSaved(), m = JSON.parse(mine) || {}
      for (const k of changed) k in m ? (o[k] = m[k]) : delete o[k]
      const v = JSON.stringify(o)
      if (v != mine) Object.keys(o).length ? localStorage.setItem(TABS_KEY, v) : localStorage.removeItem(TABS_KEY)
    } catch (e) {}
  }, 0)
}
