// fit.js is text zoom's second pass, which the loader (view.js) runs once
// the first has grown the text: what still clips or spills after layout
// (floats, positioned children, nowrap, badges on text) is fixed by
// generated rules on a per-box number, kept per zoom level, so that going
// back to a level is a rule swap. It lives here, not in the loader, because
// only readers who zoom need it: a page opened with a saved zoom loads this
// script (from the HTTP cache) before it is first drawn, without starting
// Go.

// levels maps a level's key to its fixes: box -> [number, min-height,
// wrap (1: anywhere, 2: where the text may break, 3 and 4: see fitWrap,
// 5 and 6: fitItem), flow, a form field's width in px and its padding
// and border (fitFields), the width in px that a box keeps at least as it
// takes its text's (fitFixed, a label's; -1 to -3: see fitLabel), the
// declaration that moves it off a page's bar (fitBars, fitMove), whether
// its background picture is drawn as tall as it (fitBands), whether a
// table's row of labels flows as a line (fitWide), a cell's width in px,
// which its column takes times the zoom (a date's: fitLabel), the page's
// padding left and right of a grid's item given room, whether its label
// was centred and the room in px (fitApart)]. boxes
// numbers the fixed boxes; a box keeps its number at every level. watcher
// sees what the page adds; added holds what it added since the last frame.
// fitSheet holds the rules of the level in force: a sheet of its own, so
// that writing them restyles only the fixed boxes (written with the
// loader's zoom rules, each round restyled every zoomed element, 3 ms of a
// new level on the example portal).
const levels = new Map(), fitSheet = new CSSStyleSheet()
let fitText = ""
let boxes = 0, watcher, added

// b.fit fixes the boxes of cand (box -> how it overflowed originally: [dy,
// dx, positioned, inline, may grow], and its number once it has one) at
// the level key; fresh drops every level's fixes first (new text, a new
// viewport).
// zoom writes the loader's rules, the level's sizes. Boxes that still
// overflow more than they did originally get a min-height of their height
// plus the overflow (floats and positioned children are not in
// max-content; a min-height outweighs height and max-height); nowrap text
// wraps; once nothing clips, positioned boxes (badges, "more" links) that
// now sit on other text go back into the flow. Each round reads
// everything first (one layout), then writes.
b.fit = (cand, key, fresh, zoom) => {
  // The loader calls it without a level, with its table of sizes, when
  // zoom and spacing go off; the fixes go with their attributes (kept.js
  // keeps them, and the table, for a return).
  glyphsSoon(key)
  pseudoZoom(!!key)
  if (!key) {
    // yiyue's attributes come off the page, and off the boxes the page
    // took out meanwhile (a view a router keeps), which are only in cand.
    // Unwatched first: its own attributes going are no news.
    watcher && watcher.disconnect()
    for (const e of fitTagged()) for (const a of FIT_ATTRS) e.removeAttribute("data-yiyue-" + a)
    if (fitNow) for (const c of fitNow[0].keys()) if (!c.isConnected) fitForget(c)
    return (fitLeft = fitNow = null), levels.clear(), fitWrite("")
  }
  if (!watcher) {
    // The loader's scan read the sizes at this width.
    fitWidthWas = innerWidth
    // New text may need more fixes at this level, and be tagged first; the
    // other levels' fixes did not see it and are found again when visited.
    // So does another viewport, or the page once its images are in.
    const add = n => {
      if (!added) (added = []), requestAnimationFrame(grown)
      added.push(n)
    }
    watcher = new MutationObserver(r => {
      for (const m of r)
        // An attribute may show a box (hidden, open, aria-expanded, a
        // framework's data-state): fitShown looks. Not yiyue's own.
        if (m.type == "attributes") m.attributeName.startsWith("data-yiyue") || fitSoon(m.target)
        else
        // Text that a page filled in (a framework's {{ msg }}, rendered
        // empty first) where there was none to tag: its element is new
        // to the zoom. Elsewhere a text's element has its size already;
        // a script's or a style's text is no reading.
        if (m.type == "characterData") {
          const e = m.target.parentElement
          if (e && !e.hasAttribute(fitZ) && !/^(SCRIPT|STYLE)$/.test(e.nodeName) && /\S/.test(m.target.data)) add(m.target)
        } else
        for (const n of m.addedNodes)
          // Of what <html> gets, only a new <body> (Turbo, pjax), watched
          // at once: it may come empty and be filled later. Elsewhere,
          // elements and text: a comment (a framework's <!--v-if-->) holds
          // nothing to scan.
          if (m.target == document.documentElement) n == document.body && (watcher.observe(n, FIT_WATCH), add(n))
          else if (n.nodeType == 1 || n.nodeType == 3) add(n)
    })
    addEventListener("resize", () => {
      fitW = 0
      relayout()
      // A new width may size text anew (a media query, vw units): once
      // the window has settled, every size is read again. Not for a new
      // height alone, which a phone's address bar makes as it scrolls.
      clearTimeout(fitSized)
      if (innerWidth != fitWidthWas) fitSized = setTimeout(fitResized, 200)
    })
    addEventListener("load", relayout)
  }
  // A tag in <head> without defer may start this before <body> exists:
  // <body> comes as a new one (below).
  if (document.body) watcher.observe(document.body, FIT_WATCH)
  // A page that swaps its <body> for a new one (Turbo, pjax) adds it here.
  watcher.observe(document.documentElement, { childList: true })
  // A tag in <head> without defer ran the loader's first scan before
  // <body> existed: nothing was tagged, and <body> is scanned now.
  if (!cand.size && document.body) fitScan([document.body])
  if (fresh) levels.clear()
  let fx = levels.get(key)
  fitLeft = null
  // The page's bars as they are at 100 %, for fitBars: read before the
  // first zoom, at each width (lazy.js reads them before the change, when
  // it is cheaper; here, if a change came another way).
  if (!fitAt1 && !(+getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") > 1)) fitAt1 = fixedBars()
  zoom()
  fitLh = fitSpaced()
  if (fx) fitNow = [cand, fx]
  // A level left before its held blocks were fitted is fitted anew.
  // What was shown since it was fitted is fitted before the next frame.
  if (fx && !fx.rest) return fitWrite(fixRules(fx)), fitSoon()
  levels.set(key, (fx = new Map()))
  fitNow = [cand, fx]
  fitWrite(fixRules(fx))
  // What lazy.js holds is fitted once it is let go (fitRest).
  const held = lazyHeld.length, some = held ? lazyOutside(cand) : cand
  fitFoldIn(some)
  fitRounds(some, cand, fx)
  fitBars(fx, cand)
  if (held) (fx.rest = 1), (fitLeft = [cand, fx])
}

// FIT_WATCH is what the watcher sees of <body>: what is added, text that
// changes, and attributes, which may show a box (fitShown).
const FIT_WATCH = { childList: true, subtree: true, characterData: true, attributes: true }

// fitAt1 is fixedBars at 100 %, at this width.
let fitAt1

// fitBars makes room for the page's bars fixed at the top and the bottom
// of the screen (fixed.js) as they grow with their text: the page keeps
// its content clear of them by offsets in px (a body's padding as tall as
// its header), and the part the grown bars take beyond those was out of
// reach, under them, at the top of the page and at its end (a phone
// portal's 48 px header, at 300 %, hid the first 120 px of the page for
// good). The missing room goes before and after the page's content (the
// level's fix [top, bottom] in px: fixRules), measured against the first
// and the last of <body>'s children in the flow that hold something.
// A box the page placed by px beside a bar, fixed or sticky (返回顶部
// above the tab bar, a sidebar under a header), was under the grown bar:
// it moves off it (a fix's [7]: fitMove).
function fitBars(fx, cand) {
  const [top, low, upper, lower] = fixedBars()
  if (!top && !low) return
  const off = [], w = document.documentElement.clientWidth
  for (const [bar, down] of [[upper, 1], [lower, 0]]) {
    if (!bar) continue
    const r = bar.getBoundingClientRect(), seen = new Set()
    for (let i = 0; i < 9; i++)
      for (const e of document.elementsFromPoint((w * (i + 0.5)) / 9, down ? r.bottom - 4 : r.top + 4)) {
        const f = fixedBox(e)
        if (!f || seen.has(f) || f == bar || bar.contains(f) || f.contains(bar) || !cand.has(f)) continue
        seen.add(f)
        const q = f.getBoundingClientRect(), x = fx.get(f) || []
        if (q.height < innerHeight / 3) (x[7] = fitMove(f, down ? Math.ceil(r.bottom - q.top + 8) : -Math.ceil(q.bottom - r.top + 8))), off.push([f, x])
      }
  }
  fitMark(off, cand, fx)
  // A sticky bar makes its own room, in the flow.
  const fu = upper && getComputedStyle(upper).position == "fixed", fl = lower && getComputedStyle(lower).position == "fixed"
  if (!fu && !fl) return
  const kids = [...document.body.children].filter(e => !/absolute|fixed/.test(getComputedStyle(e).position) && e.getClientRects().length && (/\S/.test(e.textContent) || e.querySelector("img,svg,video,canvas,iframe,input")))
  if (!kids.length) return
  // The room of an earlier level is not in force: the page is measured
  // as it lays itself out.
  const y = scrollY, first = kids[0].getBoundingClientRect().top + y, last = kids[kids.length - 1].getBoundingClientRect().bottom + y
  // No more than the bar grew: a page may lay its content under a bar on
  // purpose (a picture under a clear menu), or keep it clear with a box's
  // padding, which counts as its content here.
  const grew = (bar, i) => {
    if (fitAt1) return (i ? low : top) - fitAt1[i]
    // A page opened zoomed: from the height it set the bar in px, if so.
    const v = bar.computedStyleMap?.().get("height")
    return v?.unit == "px" ? bar.getBoundingClientRect().height - v.value : Infinity
  }
  const need = (bar, i, n) => Math.max(0, Math.ceil(Math.min(n, grew(bar, i))))
  const pad = [fu ? need(upper, 0, top - first) : 0, fl ? need(lower, 1, last + low - document.scrollingElement.scrollHeight) : 0]
  if (pad[0] || pad[1]) (fx.pad = pad), fitWrite(fixRules(fx))
}

// fitMove is the declaration that moves box f dy px down: by its margin
// on the side it is placed from (bottom: 64px above a tab bar), which a
// page rarely sets on such a box, and so leaves it its translate and
// transform (a box centred with translate: -50%, hidden off the screen
// with one); else by its translate, with the page's own.
function fitMove(f, dy) {
  const m = f.computedStyleMap?.(), c = getComputedStyle(f)
  if (m && m.get("top") != "auto") return `margin-top:calc(${c.marginTop} + ${dy}px)`
  if (m && m.get("bottom") != "auto") return `margin-bottom:calc(${c.marginBottom} - ${dy}px)`
  const t = c.translate, [x = "0px", y = "0px", z = ""] = t == "none" ? [] : t.split(" ")
  return `translate:${x} calc(${y} + ${dy}px) ${z}`
}

// fitZ is the loader's attribute on an element that holds text: the index
// of its size as the page had it (view.js).
const fitZ = "data-yiyue-z"

// fitForget takes yiyue's attributes off a box the page took out: it
// comes back as the page made it, and is scanned anew if it comes back
// while text is zoomed.
function fitForget(c) {
  for (const a of [...FIT_ATTRS, "lazy"]) c.removeAttribute("data-yiyue-" + a)
}

// FIT_ATTRS are the attributes text zoom's passes put on the page.
const FIT_ATTRS = ["z", "fit", "off", "fix"]

// fitTagged returns the elements with any of them.
function fitTagged() {
  return document.querySelectorAll(FIT_ATTRS.map(a => `[data-yiyue-${a}]`).join())
}

// fitWrite puts the rules c in force. The sheet is adopted while it has
// any, after the others (a page that set its sheets since dropped it).
function fitWrite(c) {
  if (c != fitText) fitSheet.replaceSync((fitText = c))
  const a = document.adoptedStyleSheets, on = a.includes(fitSheet)
  if (c && !on) document.adoptedStyleSheets = [...a, fitSheet]
  else if (!c && on) document.adoptedStyleSheets = a.filter(x => x != fitSheet)
}

// fitLeft is what the last b.fit left for fitRest: the boxes and the
// level's fixes; fitNow, the boxes and the fixes of the level in force.
let fitLeft, fitNow

// fitRest fits every box at the level of the last b.fit, when it left held
// boxes for later: lazy.js calls it once all are let go.
function fitRest() {
  if (!fitLeft) return
  const [cand, fx] = fitLeft
  fitLeft = null
  fitFoldIn(cand)
  fitRounds(cand, cand, fx)
  fx.rest = 0
}

// fitRounds fits the boxes of some (a part of cand) into fx, in rounds,
// after their form fields.
function fitRounds(some, cand, fx) {
  fitTickers(some)
  const z = +getComputedStyle(document.documentElement).getPropertyValue("--yiyue-zoom") || 1
  const first = [...fitFields(some, fx), ...fitFixed(some, fx)], fixing = new Map(first)
  // A label found at a lower level (its scan's [10]: the lowest, at the
  // window's width [11]) breaks here too, its box as wide and its text
  // wider: fixed at once, it spares this level the labels' round.
  for (const [c, o] of some) {
    const x = fixing.get(c) || fx.get(c) || []
    if (o[10] <= z && o[11] == innerWidth && !x[6] && !x[10] && !fitFolds.has(c) && c.isConnected) (x[/^T[DH]$/.test(c.tagName) ? 10 : 6] = o[8]), fixing.has(c) || first.push([c, x])
  }
  fitMark(first, cand, fx)
  const caps = new Set()
  for (let i = 0; i < 6; i++) {
    let grow = []
    const flow = [], labels = [], spills = [], tall = []
    for (const [c, o] of some) {
      const x = fx.get(c) || []
      if (!c.isConnected) {
        cand.delete(c), some.delete(c), fitForget(c)
        continue
      }
      // A box not drawn (in a closed menu, a hidden tab panel) is fitted
      // once it is (fitShown).
      if (!i && !c.offsetParent && !c.getClientRects().length) (fx.unseen ||= new Set()).add(c)
      // A folded box is the page's to open: grown, it would show what the
      // page keeps shut (fitFold).
      if (!o[3] && !fitFolds.has(c)) {
        // A ticker (fitTickers) grows as its text does, and no more, and
        // its lines do not wrap; nor does a marquee's line.
        const dh = o[7] ? 0 : c.scrollHeight - c.clientHeight - o[0]
        const w = !o[7] && c.scrollWidth - c.clientWidth - o[1] > 1 && !x[2] && c.localName != "marquee"
        // A label in a box the page made so many px wide (a menu's 政务公开
        // in a 70 px item, a 字号 button's 大 in a 24 px one, a news
        // list's 2021-03-10 floated right) broke mid-word as it grew, or
        // spilled over the next: the box takes the width of its text, at
        // most its width times the zoom (fixRules), and wraps no more. Read
        // once a box ([8]). In a round of their own: the boxes around
        // them are read again once they are one line.
        // A cell's column takes its width times the zoom, which the date
        // needs.
        if (!i && !x[6] && !x[10] && (o[8] ??= fitLabel(c)) && (w || fitLines(c) > 1)) (x[/^T[DH]$/.test(c.tagName) ? 10 : 6] = o[8]), (o[10] = o[11] == innerWidth ? Math.min(o[10], z) : z), (o[11] = innerWidth), labels.push([c, x])
        else if (o[7] && !x[1]) (x[1] = Math.ceil(parseFloat(getComputedStyle(c).height) * z)), grow.push([c, x])
        // A box 1 or 2 px wide is the visually-hidden pattern: leave it.
        else if ((dh > 1 || w) && c.clientWidth > 2) {
          // Text the page keeps on one line wraps only if it spills onto
          // something: looked at once nothing else grows (fitClear).
          const one = w && fitOneLine(c)
          if (one) spills.push([c, x])
          if (dh > 1) x[1] = Math.ceil(parseFloat(getComputedStyle(c).height) + dh)
          if (w && !one) x[2] = fitWrap(c)
          if (dh > 1 || !one) grow.push([c, x])
          if (dh > 1 && !w) tall.push([c, x])
        }
        if (o[2] && !x[3] && !(o[2] == 2 && x[7])) flow.push([c, x, o])
        // A box placed at the bottom of the one it is placed in (a
        // picture's caption) grows upwards, over the picture, or out of
        // it, where nothing scrolls to it: that one grows as much, and
        // takes it down (a caption of one line at 100 %, 30 px, wrapped at
        // 300 % over all of its 240 px picture).
        const p = o[2] && c.offsetParent, m = p && cand.has(p) && c.computedStyleMap?.()
        if (m && m.get("top") == "auto" && m.get("bottom") != "auto") {
          caps.add(c)
          const up = p.getBoundingClientRect().top - c.getBoundingClientRect().top, xp = fx.get(p) || []
          if (up > 1) (xp[1] = Math.ceil(parseFloat(getComputedStyle(p).height) + up)), grow.push([p, xp])
          // Both of a height the page set in px: that one as much taller
          // as the caption grew.
          const ch = m.get("height"), ph = p.computedStyleMap().get("height")
          if (up <= 1 && ch?.unit == "px" && ph?.unit == "px") {
            const h = Math.ceil(ph.value + parseFloat(getComputedStyle(c).height) - ch.value)
            if (h > parseFloat(getComputedStyle(p).height) + 1 && h > (xp[1] || 0)) (xp[1] = h), grow.push([p, xp])
          }
        }
      } else if (!i && o[3] && !x[2]) {
        // A short item broken inside (fitItem).
        const k = (o[13] ??= fitItem(c))
        if (k && fitLines(c) > 1 && (k == 5 || fitFits(c))) (x[2] = k), labels.push([c, x])
      }
    }
    // A share of a row that broke takes its row's other labels with it:
    // sized by its text alone, it left them narrower, to break next, or
    // stood apart from them.
    for (const [c, y] of labels.slice())
      if (y[6] == -1)
        for (const e of c.parentElement.children) {
          const o = cand.get(e), x = fx.get(e) || []
          if (e != c && o && !x[6] && (o[8] ??= fitLabel(e)) == -1 && !labels.some(l => l[0] == e)) (x[6] = o[8]), (o[10] = o[11] == innerWidth ? Math.min(o[10], z) : z), (o[11] = innerWidth), labels.push([e, x])
        }
    // A box that only grows taller, and holds no label nor stands beside
    // one, grows in the labels' round: it spares a level a round (the
    // report's masthead, in its own round after the 字号 links).
    if (labels.length) grow = [...labels, ...tall.filter(([c]) => !labels.some(([l]) => c.contains(l) || l.parentElement.contains(c)))]
    // A positioned box on other text goes into the flow; one that shows
    // over the page goes down, off that text.
    if (!grow.length)
      for (const [c, x, o] of flow) {
        const d = overlaps(c, o[2] == 2)
        if (d) o[2] == 2 ? (x[7] = fitMove(c, Math.ceil(d))) : (x[3] = 1), grow.push([c, x])
      }
    // The last round wraps what spills onto something, whatever else grows.
    if (!grow.length || i == 5) for (const [c, x] of spills) fitClear(c) || ((x[2] = 1), grow.push([c, x]))
    if (!grow.length) grow = fitSqueezed(some, fx)
    if (!grow.length) grow = fitWide(some, fx)
    if (!grow.length) grow = fitApart(some, fx)
    if (!grow.length) break
    fitMark(grow, cand, fx)
  }
  fitMark(fitAbove(caps, fx, z), cand, fx)
  // A band changes no layout: it is drawn a frame later, rather than its
  // reads (every box's background, at a page's first zoom) in the frame
  // that shows the new size.
  requestAnimationFrame(() => fitNow?.[1] == fx && fitMark(fitBands(some, fx), cand, fx))
}

// A level's fixes hold, as unseen, the boxes that were not drawn when it
// was fitted (a menu shown on hover, a tab panel, a slide's caption):
// read then, they had nothing to clip, and the page's own scripts or its
// :hover rules show them later, with no change that the watchers see as
// new text. Each level has its own: a carousel's next slide is fitted at
// the level in force, and the other levels keep their fixes. fitLook is
// the frame asked for to look at them.
let fitLook

// fitShown fits, at the level in force, its unseen boxes that are drawn
// now, and the boxes around them, whose content they grew, before the
// frame that shows them: a panel's titles shown while zoomed were cut
// with … till the window was resized. A box the loader read while it was
// not drawn (display: none) is read now as the page draws it, as one
// that did not overflow. It opens and shuts the folded boxes as the page
// does (fitFold). After a change of attributes alone, it looks only near
// the elements that changed, and at all of them a little later
// (fitSoon): a page that sets a ticker's style every frame made it read
// every box not drawn, each time (4.7 ms with a menu of 1,000 hidden
// links).
function fitShown() {
  fitLook = 0
  const all = fitAll, moved = [...fitMoved].filter(t => t.isConnected)
  fitAll = 0
  fitMoved.clear()
  if (!fitNow) return
  const [cand, fx] = fitNow, unseen = fx.unseen, some = new Map(), near = [...new Set(moved.flatMap(t => [t.parentElement == document.body ? t : t.parentElement || t, ...fitControls(t)]))]
  // around puts box c and the boxes around it into those fitted anew;
  // turned drops their fixed heights too. It stops at a box out of the
  // flow, which the boxes around do not hold: what shows over the page (a
  // menu's drop-down, shown on hover) is fitted in itself and stays out of
  // the flow (its [2] is 2: fitRounds moves it below text it would cover).
  // Its bar grew to hold it, pushing the page down, and stayed that tall
  // once it shut.
  const around = (c, turned) => {
    some.set(c, cand.get(c))
    for (let a = c; a.parentElement && a != document.body; ) {
      if (/^(absolute|fixed)$/.test(getComputedStyle(a).position)) {
        if (a != c && cand.has(a)) cand.get(a)[2] = 2
        break
      }
      a = a.parentElement
      if (a == document.body) break
      if (turned && fx.get(a)?.[1]) fx.get(a)[1] = 0
      if (cand.has(a) && !some.has(a)) some.set(a, cand.get(a))
    }
  }
  // A box the page folds shut after it was read open (an accordion's
  // item closed while zoomed) is found where the page changed something:
  // the changed element and the boxes in it, unless it holds many (a
  // class on <body>).
  const folds = new Set(), shown = []
  for (const t of moved)
    if (t != document.body) {
      const q = t.querySelectorAll("[data-yiyue-fit]")
      if (q.length < 50) for (const c of [t, ...q]) if (cand.has(c) && fitShut(c)) folds.add(c)
    }
  for (const c of fitFolds)
    if (!c.isConnected) fitFolds.delete(c)
    else if ((all || near.some(t => t.contains(c))) && cand.has(c)) folds.add(c)
  if (unseen && !fx.rest)
    for (const c of unseen)
      if (!c.isConnected || !cand.has(c)) unseen.delete(c)
      else if ((all || near.some(t => t.contains(c))) && (c.offsetParent || c.getClientRects().length)) {
        unseen.delete(c)
        let o = cand.get(c)
        const s = o[3] && getComputedStyle(c)
        if (s && !/^(inline|contents|none)$/.test(s.display)) {
          cand.set(c, (o = [0, 0, s.position == "absolute", false, /^(0px|auto)$/.test(s.minHeight), o[5], o[6]]))
          if (o[4]) c.setAttribute("data-yiyue-fit", "")
        }
        shown.push(c)
      }
  // What is shown may hold answers the page keeps folded (an FAQ on a
  // tab shown later).
  for (const c of shown) if (c.hasAttribute("data-yiyue-fit") && fitShut(c)) folds.add(c)
  // A panel that opens or shuts changes the boxes around it: their
  // heights are fitted anew (opened and shut, an FAQ's box kept the
  // height of its open answer).
  const turned = fitFold([...folds])
  for (const c of turned) around(c, true)
  if (turned.length) fitWrite(fixRules(fx))
  for (const c of shown) around(c)
  if (some.size) fitRounds(some, cand, fx)
}

// fitMoved holds the elements whose attributes changed since fitShown
// last looked (or a transition ended on: a panel opens or shuts by its
// max-height); fitAll, that the reader did something that may show or
// open any box: the pointer (:hover), focus, a click, a new hash.
const fitMoved = new Set()
let fitAll, fitLate

// fitSoon asks for fitShown when what the reader does (no t), or a change
// of element t's attributes, may have shown a box (restyle.js calls it
// too). Such a change may show a box far from t (a tab's aria-selected,
// which a rule with :has() shows its panel by, unless the tab names it
// in aria-controls): all are looked at within 150 ms of it, at most that
// often.
function fitSoon(t) {
  if (!fitNow) return
  if (t) (fitMoved.add(t), (fitLate ||= setTimeout(() => ((fitLate = 0), fitSoon()), 150)))
  else if (fitNow[1].unseen?.size || fitFolds.size) fitAll = 1
  else return
  fitLook ||= requestAnimationFrame(fitShown)
}
for (const t of ["pointerover", "focusin", "click", "hashchange"]) addEventListener(t, () => fitSoon(), true)
addEventListener("transitionend", e => fitSoon(e.target), true)

// fitControls returns the elements that element t says it controls
// (aria-controls: a tab its panel, a button its menu).
function fitControls(t) {
  return (t.getAttribute("aria-controls") || "").split(/\s+/).map(id => id && document.getElementById(id)).filter(e => e)
}

// fitFolds holds the boxes the page has folded shut, or had when they
// were read: an accordion's panel, closed by a max-height or a height of
// 0 with its overflow hidden, by a grid row of 0fr. Tagged to grow like other boxes, such a
// panel was drawn open while text was zoomed (240 px at 300 %), and the
// page could not close it again.
const fitFolds = new Set()

// fitScrolled holds the elements the page has scrolled (a ticker's box,
// whose scrollTop a timer steps), as seen since the runtime started.
const fitScrolled = new WeakSet()
addEventListener("scroll", e => e.target.nodeType == 1 && fitScrolled.add(e.target), { capture: true, passive: true })

// fitTicker says whether box c is a ticker: the page scrolls it (seen
// since the runtime started), or it holds its list twice, for the loop (a
// page opened with a saved zoom grows it before its timer first moves).
function fitTicker(c) {
  const k = c.children, t = k.length > 1 && k[0].textContent.trim()
  return fitScrolled.has(c) || (t?.length > 8 && t == k[k.length - 1].textContent.trim())
}

// fitTickers keeps the tickers of some that hid part of their content at
// 100 % from growing to all of it (the loader tags them so): grown open, a
// ticker showed its list twice and stood still. fitRounds grows them as
// their text grows instead ([7] of their read: 1).
function fitTickers(some) {
  for (const [c, o] of some) if (o[4] && o[0] > 1 && fitTicker(c)) (o[4] = false), (o[7] = 1), c.removeAttribute("data-yiyue-fit")
}

// fitFoldIn leaves shut the boxes of some (box -> read) that the page
// folds shut: an accordion's closed panel, which the loader let grow like
// any box that clipped its text (fitShut reads those), and the folds
// known; outside the blocks lazy.js holds.
function fitFoldIn(some) {
  const cs = []
  for (const [c, o] of some) if (c.isConnected && (fitFolds.has(c) || (o[4] && (o[0] > 1 || c.hidden)))) cs.push(c)
  if (cs.length) fitFold(cs)
}

// fitShut says whether the page folds box c shut, by what it computes
// alone: no layout is read, and no tag taken off (untagged, a tall box
// shrank the page, and the browser moved the reader's place up to its new
// end). Content hidden until found is skipped; a box that clips its
// content has a max-height of 0 (the page's: zoom.css grows boxes by
// their min-height alone), a height of 0 where the browser gives its
// computed value, or a grid row of 0fr around it.
function fitShut(c) {
  const s = getComputedStyle(c), m = c.computedStyleMap?.(), g = c.parentElement?.computedStyleMap?.()
  return s.contentVisibility == "hidden" || (s.overflowY != "visible" && (s.maxHeight == "0px" || m?.get("height")?.value === 0 || g?.get("grid-template-rows") == "0fr"))
}

// fitFold lets each of boxes cs grow with its text while the page has it
// open, and not while the page has it folded shut; it returns those it
// opened or shut. A box not let grow is open once it has a height.
function fitFold(cs) {
  const F = "data-yiyue-fit", shut = cs.map(c => (c.hasAttribute(F) ? fitShut(c) : !c.clientHeight))
  const moved = []
  cs.forEach((c, i) => {
    if (shut[i]) fitFolds.add(c), c.hasAttribute(F) && (c.removeAttribute(F), moved.push(c))
    else if (fitFolds.has(c) && !c.hasAttribute(F)) c.setAttribute(F, ""), moved.push(c)
  })
  return moved
}

// fitWhole says whether box c's text is a date or a number (2024-03-05,
// 12:30): made to wrap where its text may break, it would break at its
// hyphens, into a column of 2024- / 03- / 05.
function fitWhole(c, t = c.textContent.trim()) {
  return t.length < 20 && /^[\d\s.:/-]+$/.test(t)
}

// fitLabel is the width in px that the page gave box c if the box holds a
// label (-1 if it gave it a share of its row, -2 for a date or a number
// that a flex row may shrink, -3 for another label that a flex row may
// shrink), else 0: a few characters
// with no space (or a date, a number), in the box or in its one child,
// which holds no more. Of a table's cells,
// only a date or a number (a table of fixed layout cut a date's 80 px
// column's 2021-03-10 to three lines at 300 %); a row of labels is a
// menu (fitWide).
function fitLabel(c) {
  const e = c.firstElementChild
  if (c.childElementCount > 1 || e?.childElementCount) return 0
  // The text once, and a long one ruled out at once: every box at the
  // first zoom of a page comes here.
  const t = c.textContent.trim()
  if (!t || t.length >= 20 || (/^T[DH]$/.test(c.tagName) ? !fitWhole(c, t) : !fitShort(c, t) && !fitWhole(c, t))) return 0
  // A box 1 or 2 px wide is the visually-hidden pattern: not one.
  const v = c.computedStyleMap?.().get("width")
  if (v?.unit == "px") return v.value > 2 ? v.value : 0
  // A share of its row, as wide at any zoom (a float of 14.28 %, a flex
  // item that grows: a menu's items): it is sized by its text, and a flex
  // row shares out the rest (fixRules). Not a cell, nor a box that lays
  // its parts out itself (a tab bar's item, its icon over its label in a
  // column).
  if (/^T[DH]$/.test(c.tagName)) return 0
  const s = getComputedStyle(c), p = c.parentElement && getComputedStyle(c.parentElement)
  const row = p && /flex$/.test(p.display) && p.flexDirection.startsWith("row"), shrinks = row && +s.flexShrink > 0 && !(+s.flexGrow > 0)
  // A short label that a flex row shrank as it grew broke into a column
  // of characters (a form's 公开 beside its radio button, as 公 over 开,
  // and its fieldset's 是否公开, on a phone at 200 %): it keeps its width,
  // and the row wraps between its items. So does one that lays out its
  // parts in a row itself (the radio button and its text).
  if (/flex|grid/.test(s.display)) return shrinks && /^(inline-)?flex$/.test(s.display) && s.flexDirection.startsWith("row") ? -3 : 0
  if (v?.unit == "percent") return -1
  // A date or a number in a flex row shrank with the text beside it as
  // both grew, and broke at its hyphens (an article's 来源 and 2021-01-
  // over 11 on a phone): it keeps its own width, and the text beside it
  // wraps.
  if (row && fitWhole(c, t) && +s.flexShrink > 0) return -2
  return row && +s.flexGrow > 0 ? -1 : shrinks ? -3 : 0
}

// fitShort says whether box c's text is short enough to be a label: at
// most 8 characters, with no space.
function fitShort(c, t = c.textContent.trim()) {
  return t.length <= 8 && !/\s/.test(t)
}

// fitItem says how inline element c is kept whole, which a reader reads
// as one word, where its text grows and breaks inside: 6, a date or a
// number (a notice's 2020-12-22 after its title broke as 2020- over
// 12-22), does not wrap while it fits on a line (fitFits); 5, an item of
// a line of such items (a breadcrumb's 法治政府建设, an article's 【语音朗读】
// beside its 来源 and date: a short text with no space, in a block with
// little text of its own; 【语 over 音朗读】), goes to the next line whole,
// and breaks anywhere only if it is longer than a line (fixRules). Else
// 0: a word in running text, whose justified lines would gape. Read once
// a box (its scan's [13]).
function fitItem(c) {
  const t = c.textContent.trim()
  if (fitWhole(c, t)) return 6
  if (!t || t.length > 12 || /\s/.test(t)) return 0
  let own = 0
  for (const n of fitBlock(c).childNodes) if (n.nodeType == 3) own += n.data.trim().length
  return own <= 20 ? 5 : 0
}

// fitBlock is the block that inline element c is in.
function fitBlock(c) {
  let a = c.parentElement
  while (a.parentElement && /^(inline|contents)$/.test(getComputedStyle(a).display)) a = a.parentElement
  return a
}

// fitFits says whether inline element c's text, on one line, is narrower
// than the block it is in.
function fitFits(c) {
  const r = new Range(), a = fitBlock(c), s = getComputedStyle(a)
  let w = 0
  r.selectNodeContents(c)
  for (const q of r.getClientRects()) w += q.width
  return w < a.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
}

// fitLines is how many lines box c's text takes: its text's own boxes,
// not its child's (a menu item's link, a block as tall as the line, and
// its text, centred in it, begin at two heights on one line).
function fitLines(c) {
  const r = new Range(), tops = new Set(), w = document.createTreeWalker(c, NodeFilter.SHOW_TEXT)
  while (w.nextNode()) {
    r.selectNodeContents(w.currentNode)
    for (const q of r.getClientRects()) tops.add(Math.round(q.top))
  }
  return tops.size
}

// fitClear says whether box c, whose text the page keeps on one line
// (nowrap: a site's name in its logo), spills sideways only where nothing
// else is: on the screen, over no box but c's own, those inside it and
// those around it. Such text stays whole, as the page wanted it: wrapped,
// 明珠湾区 in a 480 px logo broke as 明珠湾 over 区 at 300 %, beside empty
// masthead. It is looked at once no box grows any more: in a first
// round, the bar above, not yet grown, still reached down to it. Only
// what is on the screen can be looked at; text elsewhere wraps.
function fitClear(c) {
  const r = c.getBoundingClientRect(), rg = new Range(), right = document.documentElement.clientWidth
  // Boxes around c that clip what spills past them.
  const clips = []
  for (let a = c.parentElement; a && a != document.body; a = a.parentElement) if (getComputedStyle(a).overflowX != "visible") clips.push(a.getBoundingClientRect())
  const mine = e => e == c || e.contains(c) || c.contains(e) || e.id == "yiyue-host"
  for (const t = document.createTreeWalker(c, NodeFilter.SHOW_TEXT); t.nextNode(); ) {
    rg.selectNodeContents(t.currentNode)
    for (const q of rg.getClientRects())
      for (const [a, z] of [[q.left, Math.min(q.right, r.left)], [Math.max(q.left, r.right), q.right]]) {
        if (z - a < 1) continue
        if (a < 0 || z > right || q.top < 0 || q.bottom > innerHeight || clips.some(k => a < k.left || z > k.right)) return false
        // Within c's own height: where the text spills below c too (c
        // not yet as tall as its text, in a first round), c grows.
        let t0 = Math.max(q.top, r.top), t1 = Math.min(q.bottom, r.bottom)
        if (t1 - t0 < 4) (t0 = q.top), (t1 = q.bottom)
        for (const x of [a + 1, (a + z) / 2, z - 1])
          for (const y of [t0 + 2, (t0 + t1) / 2, t1 - 2])
            if (!document.elementsFromPoint(x, y).every(mine)) return false
      }
  }
  return true
}

// fitOneLine says whether box c keeps its text on one line where fitClear
// can look at it: text the page keeps so (nowrap), not clipped by c itself
// (an ellipsis), not in a cell (fitSqueezed sees to those), on the screen.
function fitOneLine(c) {
  const s = getComputedStyle(c), r = c.getBoundingClientRect()
  return s.whiteSpace == "nowrap" && s.overflowX == "visible" && !/^T[DH]$/.test(c.tagName) && r.top >= 0 && r.bottom <= innerHeight
}

// fitWrap is how box c, whose text spills sideways, is made to wrap (a
// fix's wrap): anywhere (1); anywhere, keeping its line breaks and spaces
// (3: code in a <pre>, whose lines would otherwise run together); or, for
// text that wraps already (pre-wrap), only its long words (4).
function fitWrap(c) {
  const w = getComputedStyle(c).whiteSpace
  return w == "pre" ? 3 : /^(pre|break)/.test(w) ? 4 : 1
}

// fitOther keeps, as cand does for a box around text, the number of a
// box with no text that a fix moves (fitAbove): [5].
const fitOther = new WeakMap()

// fitMark puts fixes ([box, fix]) in force: each box is numbered (once,
// in cand or fitOther) and marked, and the level's rules are written.
function fitMark(fixes, cand, fx) {
  if (!fixes.length) return
  for (const [c, x] of fixes) fx.set(c, x), c.setAttribute("data-yiyue-fix", (x[0] = (cand.get(c) || fitOther.get(c) || fitOther.set(c, []).get(c))[5] ??= boxes++))
  fitWrite(fixRules(fx))
}

// fitAbove moves up what the page placed with no text just above a
// caption at the bottom of a picture (a carousel's dots, bottom: 44px over
// a caption 36 px tall), which the caption grew over, its text under them:
// as far as it grew, keeping the gap it had. caps are the captions, z the
// level; a caption's height at 100 % is the one the page set in px, else
// its height over z.
function fitAbove(caps, fx, z) {
  const out = []
  for (const cap of caps) {
    const r = cap.getBoundingClientRect(), h = cap.computedStyleMap().get("height")
    const top0 = r.bottom - (h?.unit == "px" ? h.value : r.height / z)
    if (!r.width || top0 - r.top < 1) continue
    for (let p = cap.offsetParent, k = 0; p && p != document.body && k < 3; p = p.parentElement, k++)
      for (const e of p.children) {
        if (e.contains(cap) || fx.has(e) || /\S/.test(e.textContent) || getComputedStyle(e).position != "absolute") continue
        const q = e.getBoundingClientRect()
        if (q.width && q.bottom <= top0 + 0.5 && q.bottom > r.top && q.right > r.left && q.left < r.right) out.push([e, [, , , , , , , fitMove(e, -Math.ceil(top0 - r.top))]])
      }
  }
  return out
}

// FIELDS are the form fields whose text zoom grows: a field the page
// made so many px wide would show a few zoomed characters of what is typed
// in it, and cut its placeholder.
const FIELDS = "input:not([type=checkbox],[type=radio],[type=hidden],[type=range],[type=color],[type=image],[type=file]),textarea,select,button"

// fitFields returns the fixes for the form fields of some whose width the
// page set in px: at least that width × zoom, within their container. A
// width in em, %, or auto grows with the text already: the width is read
// again without the field's own zoom rule, and only one that stays is px.
// A field in a row that does not wrap (flex, grid) is left as it is: a
// minimum width there would push the field's neighbours out of the row.
// A content-box field's cap leaves room for its padding and border.
function fitFields(some, fx) {
  const out = []
  for (const [c, o] of some) {
    const x = fx.get(c) || [], w = !x[4] && c.matches(FIELDS) && c.computedStyleMap?.().get("width")
    if (!w || w.unit != "px" || !c.hasAttribute(fitZ)) continue
    const p = c.parentElement && getComputedStyle(c.parentElement)
    if (p && (/grid/.test(p.display) || /flex/.test(p.display) && p.flexWrap == "nowrap")) continue
    // The same at every level: read once a field (its scan's [12]).
    const w0 = (o[12] ??= fitFieldWidth(c))
    if (w0.unit != "px" || Math.abs(w0.value - w.value) > 0.5) continue
    const s = getComputedStyle(c)
    x[4] = w.value
    x[5] = s.boxSizing == "content-box" ? parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth) : 0
    out.push([c, x])
  }
  return out
}

// fitFieldWidth is field c's width as the page sets it: read without its
// zoomed size, which a width in em follows.
function fitFieldWidth(c) {
  const i = c.getAttribute(fitZ)
  if (i == null) return c.computedStyleMap().get("width")
  c.removeAttribute(fitZ)
  const w = c.computedStyleMap().get("width")
  c.setAttribute(fitZ, i)
  return w
}

// fitFixed returns the fixes for the small buttons of some that stay on
// the screen (position: fixed) and are as wide as the page set in px,
// under a quarter of the screen, with a few words and no picture or field:
// their text, grown, would wrap a character or two a line into a tall
// column over the page (a 56 px 返回顶部 at 300 % stood 226 px tall). Such
// a box takes the width its lines need (fit-content), never less than it
// had and at most as much more as its text grew; no content moves for it.
// A panel, a notice or a QR code keeps its width: widened, it would lie
// across the page. Whether a box is one is read once for it (its scan's
// [6]).
function fitFixed(some, fx) {
  const out = []
  for (const [c, o] of some) {
    o[6] ??= !o[3] && fitButton(c)
    const x = fx.get(c) || []
    if (o[6] && !x[6]) (x[6] = o[6]), out.push([c, x])
  }
  return out
}

// fitButton is the width in px of box c if it is such a button, else 0.
function fitButton(c) {
  // The position first: a large box's text is long to gather.
  const w = getComputedStyle(c).position == "fixed" && c.textContent.trim().length <= 12 && !c.querySelector(FIXED_NOT) && c.computedStyleMap?.().get("width")
  // The screen's width is read only for such a box: the read lays the
  // page out.
  return w && w.unit == "px" && w.value < document.documentElement.clientWidth / 4 ? w.value : 0
}

// fitBands returns the fixes for the boxes of some whose background is a
// picture made to fill them, repeated across (a title bar's band, as tall
// as the bar's height in px), that grew taller than it: below the band,
// the bar's white title stood on the page's white. The picture is drawn
// as tall as the box. A shorter picture (a dotted line under each item of
// a list) is left as it is. Whether a box has one is read once for it
// (its scan's [9]).
function fitBands(some, fx) {
  const out = []
  for (const [c, o] of some) {
    if (o[9] == null) {
      const s = !o[3] && getComputedStyle(c), u = s && s.backgroundRepeat == "repeat-x" && /^url\("(.*)"\)$/.exec(s.backgroundImage)
      const h = u && c.computedStyleMap?.().get("height")
      o[9] = h?.unit == "px" ? [u[1], h.value] : 0
    }
    const x = fx.get(c) || [], n = o[9] && fitPicture(o[9][0])
    if (n >= 12 && n >= o[9][1] - 2 && c.offsetHeight > n + 1 && !x[8]) (x[8] = 1), out.push([c, x])
  }
  return out
}

// fitPicture is the height of the picture at url, once loaded (the page's
// own, in the browser's cache): 0 until then, and it fits the level in
// force again when it is.
const fitPictures = new Map()
function fitPicture(url) {
  let i = fitPictures.get(url)
  if (!i) {
    fitPictures.set(url, (i = new Image()))
    i.src = url
    if (!i.complete) i.onload = relayout
  }
  return i.naturalHeight
}

// FIXED_NOT is what a fixed box that fitFixed widens does not hold.
const FIXED_NOT = "img,svg,video,canvas,iframe,object,embed,picture,input,select,textarea"

// fitSqueezed returns the fixes for table cells whose text does not wrap
// and leaves a cell beside it too little room: grown, such a cell (a top
// bar's links) takes all the row it can, and the text beside it (the
// date) is squeezed into a column a character or two wide. Wrapped, the
// table shares the row between them. Only cells are looked at: on a page
// without tables this costs nothing.
function fitSqueezed(some, fx) {
  const out = []
  for (const c of some.keys()) {
    const x = fx.get(c) || []
    if (x[2] || !/^T[DH]$/.test(c.tagName) || getComputedStyle(c).whiteSpace != "nowrap" || fitWhole(c)) continue
    for (const s of c.parentElement.children)
      if (s != c && /^T[DH]$/.test(s.tagName) && s.textContent.trim().length > 3) {
        const st = getComputedStyle(s)
        if (st.whiteSpace != "nowrap" && s.clientWidth < 3 * parseFloat(st.fontSize)) {
          x[2] = 2
          out.push([c, x])
          break
        }
      }
  }
  return out
}

// fitApart returns the fixes for the items of a grid (each a short label)
// whose texts came within half a character of each other, or of the
// screen's edge, as they grew: on a phone portal at 150 % with the elder
// mode's spacing, the service grid's 医保服务 and 户籍办理 read as one run,
// and 社保查询 touched the screen's edge. Each item of such a grid gets a
// quarter of a character of room either side, or less to keep two
// characters a line (the page's own padding, if more). A label that no
// longer fits wraps, as the zoom's text-wrap wraps it (医保 over 服务, not
// 医保服 over 务: zoom.css), centred if the label was (under a centred
// icon). A grid whose columns have no room for that takes fewer
// (fitColumns). Not a flex row's items: a menu's share of its row, a
// bar's items, grew past the row and the screen; but a date after a
// title there gets half a character before it, off the title (fitRowItem).
function fitApart(some, fx) {
  const rows = new Map(), out = [], w = document.documentElement.clientWidth
  for (const [c, o] of some) {
    const x = fx.get(c) || []
    if (o[3] || x[11] || x[13] != null || !(o[14] ??= fitRowItem(c))) continue
    const q = fitTextBox(c), p = c.parentElement, st = getComputedStyle(c), f = parseFloat(st.fontSize)
    if (o[14] == 2) {
      // A date after a title: room before it, which the title gives.
      const t = q && fitTextBox(c.previousElementSibling), m = parseFloat(st.marginLeft)
      if (t && t.top < q.bottom && t.bottom > q.top && q.left >= t.right - 1 && q.left - t.right < f / 2) (x[13] = m), out.push([c, x])
    } else if (q) (rows.get(p) || rows.set(p, []).get(p)).push([c, q, f, st])
  }
  // Centred where it stood so, or where the item centres its content (a
  // label wrapped already fills the item's width).
  const centred = (c, q, st) => {
    const b = c.getBoundingClientRect(), col = st.flexDirection.startsWith("column")
    return +(Math.abs(q.left - b.left - (b.right - q.right)) < 2 || (/flex$/.test(st.display) && (col ? st.alignItems : st.justifyContent) == "center"))
  }
  for (const r of rows.values()) {
    const near = ([, q, f]) =>
      (q.left >= 0 && q.left < f / 4) || (q.right <= w && q.right > w - f / 4) ||
      r.some(([, s]) => s != q && s.left >= q.left && s.left - q.right < f / 2 && s.top < q.bottom && s.bottom > q.top)
    if (r.length < 2 || !r.some(near)) continue
    // A grid that takes fewer columns gives its items their room in the
    // same round, as wide as they will be: a phone at 300 % needs all of
    // a level's rounds for the rest (a carousel's slides grow in three).
    const p = r[0][0].parentElement, xp = fx.get(p) || [], [m, cw] = xp[12] ? [] : fitColumns(p, r)
    if (m) (xp[12] = m), out.push([p, xp])
    for (const [c, q, f, st] of r) {
      // No more room than leaves two characters a line: a label a
      // character a line is worse than one close to the next.
      const x = fx.get(c) || [], pl = parseFloat(st.paddingLeft), pr = parseFloat(st.paddingRight)
      const room = Math.min(f / 4, ((cw || c.clientWidth) - pl - pr - 2 * (f + (parseFloat(st.letterSpacing) || 0))) / 2)
      if (room < 1) continue
      x[11] = [pl, pr, centred(c, q, st), Math.floor(room * 10) / 10]
      out.push([c, x])
    }
  }
  return out
}

// fitColumns returns how many columns grid p, of its items r (fitApart's
// [item, its text's box, its size, its style]), lays them out in where
// they have no room for two characters a line and a quarter of one
// either side: as many as have that room, in rows as even as they can
// be; and how wide each is then. Nothing where they have that room, or
// the page places them (columns of other widths, an item in a column of
// its own). On a phone at 300 %, the portal's four 1fr columns of 90 px
// left 医保服务 and 户籍办理 2 px apart, 医保 over 服务; two columns give
// each its line.
function fitColumns(p, r) {
  const s = getComputedStyle(p), cols = s.gridTemplateColumns.split(" ").map(parseFloat), n = p.children.length, gap = parseFloat(s.columnGap) || 0
  if (cols.length < 2 || cols.some(v => !(Math.abs(v - cols[0]) <= 1)) || !s.gridAutoFlow.startsWith("row") || [...p.children].some(e => getComputedStyle(e).gridColumnStart != "auto")) return []
  let need = 0
  for (const [c, , f, st] of r) {
    const v = 2.5 * f + 2 * (parseFloat(st.letterSpacing) || 0) + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight)
    if (v > c.clientWidth) need = Math.max(need, v)
  }
  const w = p.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight), m = need && Math.max(1, Math.floor((w + gap) / (need + gap)))
  if (!m || m >= cols.length) return []
  const k = Math.ceil(n / Math.ceil(n / m))
  return [k, (w - (k - 1) * gap) / k]
}

// fitTextBox returns the box round the text of element c, its text's
// alone (not the padding of a link inside it, nor text visually hidden in
// a box 1 or 2 px wide), or null where it has none drawn.
function fitTextBox(c) {
  const rg = new Range(), walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT)
  let l = Infinity, t = Infinity, r = -Infinity, b = -Infinity
  for (let n; (n = walk.nextNode()); )
    if (/\S/.test(n.data) && n.parentElement.getBoundingClientRect().width > 2) {
      rg.selectNodeContents(n)
      const q = rg.getBoundingClientRect()
      if (q.width) (l = Math.min(l, q.left)), (t = Math.min(t, q.top)), (r = Math.max(r, q.right)), (b = Math.max(b, q.bottom))
    }
  return r > l ? { left: l, top: t, right: r, bottom: b } : null
}

// fitRowItem says whether box c is an item of a grid, for fitApart,
// beside others, with a label of 12 characters at most (1); or such a
// label in a flex row after a text at least twice as long that takes
// the row's free room, and gives it up (2: a news list's date after its
// title, which kept the page's 8 px before it, a quarter of a character
// at 300 %; not a header's 搜索 after its site's name, which the room
// before it pushed off the screen).
function fitRowItem(c) {
  const p = c.parentElement, t = c.textContent.trim(), s = p && getComputedStyle(p)
  if (!(p && p.children.length > 1 && t && t.length <= 12)) return 0
  if (/grid$/.test(s.display)) return 1
  const e = c.previousElementSibling
  return /flex$/.test(s.display) && s.flexDirection == "row" && e && e.textContent.trim().length >= 2 * t.length && getComputedStyle(e).flexGrow > 0 ? 2 : 0
}

// fitW is the page's width before its text grew, or 0 till it is known:
// lazy.js reads it when the first change that grows text is made; a page
// opened zoomed, or a new viewport, has fitPageWidth read it (a long one
// once the browser is idle: fitLater). fitAsked says that fitLater waits.
let fitW = 0, fitAsked

// fitWide returns the fixes for text that makes the page wider than it
// was: boxes that grow with their text (the nowrap cells of a menu laid
// out as a table widen it past its width; so do inline blocks) spill out
// of no box, so the rounds above do not see them.
// Inside each outermost box that now reaches past that width (not inside a
// box that clips it, other than the page itself), every box whose text
// does not wrap wraps: all of a menu's items, so that they share the room
// alike, and only where their text may break; a date or a number
// (fitWhole) not yet. Text kept as written (pre) is left as it is.
// A bar fixed at the top or the bottom of the screen (a phone's header: a
// site name that does not wrap, 搜索 beside it) widens no page, and
// nothing scrolls to what of it grows past the screen's edge (at 300 % in
// the elder mode, 索 was cut off): its boxes wrap alike.
function fitWide(some, fx) {
  const d = document.documentElement, out = [], all = [...some.keys()]
  const [, , upper, lower] = fixedBars()
  const wide = [upper, lower].filter(f => f && all.some(c => f.contains(c) && c.getBoundingClientRect().right > d.clientWidth + 1))
  // Reading fitW costs two layouts of the whole page: 6-8 ms on the example
  // portal, 150-200 ms on 10,000 elements. A long page has it read later,
  // not within a change's frame.
  if (fitWidth() > d.clientWidth + 1 && !fitW) {
    if (lazyAll.length >= lazyMin) fitLater()
    else fitW = fitPageWidth()
  }
  const lim = Math.max(d.clientWidth, fitW) + 1
  const far = e => e.getBoundingClientRect().right + scrollX > lim
  if (fitW && fitWidth() > lim)
    wide.push(...all.filter(c => {
      const p = c.parentElement
      return far(c) && !(some.has(p) && far(p)) && (p == document.body || getComputedStyle(p).overflowX == "visible")
    }))
  if (!wide.length) return out
  const inside = all.filter(c => wide.some(w => w.contains(c)))
  // A menu laid out as a table's row of labels (legacy.html's 首页 …
  // 法治政府建设) wraps between its items, each whole: its cells flow as
  // inline blocks (in the one cell the browser makes round them), centred,
  // half a character's room either side (fixRules). Wrapped inside, 首页
  // stood as 首 over 页, beside 镇情 over 概况.
  for (const c of inside) {
    const x = fx.get(c) || []
    if (!x[9] && c.localName == "tr" && [...c.children].every(d => d.localName == "td" && fitShort(d))) (x[9] = 1), out.push([c, x])
  }
  if (out.length) return out
  for (const c of inside) {
    const x = fx.get(c) || []
    if (!x[2] && getComputedStyle(c).whiteSpace == "nowrap" && !fitWhole(c)) (x[2] = 2), out.push([c, x])
  }
  // Then, if it is still too wide, long unbroken runs (an address, a
  // link's URL in a table cell, a row of dates) break anywhere, as in a
  // box that clips: the page must not scroll sideways.
  if (!out.length)
    for (const c of inside) {
      const x = fx.get(c) || []
      if (x[2] != 1 && /^(normal|nowrap)$/.test(getComputedStyle(c).whiteSpace)) (x[2] = 1), out.push([c, x])
    }
  return out
}

// fitLater reads a long page's width before zoom once the browser is idle
// and no block is held, and fits the level in force again with it. Only
// when nowrap text escapes past the screen (fitEscapes): the read is a
// long task (150-200 ms on 10,000 elements, as long as the page's first
// layout), worth paying for a page that would otherwise scroll sideways
// while it is read, not for one that was that wide anyway.
function fitLater() {
  if (fitAsked || !window.requestIdleCallback) return
  fitAsked = 1
  rt.afterLazy(() =>
    requestIdleCallback(() => {
      fitAsked = 0
      // A change made meanwhile holds blocks again: after those.
      if (lazyHeld.length) return fitLater()
      if (fitW || !fitNow || fitWidth() <= document.documentElement.clientWidth + 1 || !fitEscapes(fitNow[0])) return
      fitW = fitPageWidth()
      fitRounds(fitNow[0], ...fitNow)
    }),
  )
}

// fitEscapes says whether a box of cand whose text does not wrap reaches
// past the screen with nothing that clips it on the way: such a box may
// have made the page wider (a menu laid out as a table); a page whose
// nowrap text all sits in boxes that clip was as wide before.
function fitEscapes(cand) {
  const w = document.documentElement.clientWidth, clips = new Map()
  const clipped = p => {
    if (!p || p == document.body) return false
    let c = clips.get(p)
    if (c == null) clips.set(p, (c = getComputedStyle(p).overflowX != "visible" || clipped(p.parentElement)))
    return c
  }
  for (const c of cand.keys())
    if (getComputedStyle(c).whiteSpace == "nowrap" && c.getBoundingClientRect().right + scrollX > w + 1 && !clipped(c.parentElement)) return true
  return false
}

// fitPageWidth reads the page's width without yiyue's sheets (those whose
// rules name its attributes or its zoom): a layout of the page as it was,
// and one back, once for a page and viewport whose zoomed text is wider
// than the screen. A guess would not do: taken as the screen's width, a
// page that was wider (a fixed 1000 px layout on a phone) would have every
// nowrap cell in it wrapped, its dates too.
function fitPageWidth() {
  const mine = document.adoptedStyleSheets.filter(s => [...s.cssRules].some(r => r.cssText.includes("yiyue")))
  for (const s of mine) s.disabled = true
  const w = fitWidth()
  for (const s of mine) s.disabled = false
  return w
}

// fitWidth is the page's width: <body>'s too, which a page that hides
// sideways scrolling (overflow-x: hidden) clips, and zoomed text must not
// reach past either.
function fitWidth() {
  return Math.max(document.documentElement.scrollWidth, document.body?.scrollWidth || 0)
}

// fixRules writes a level's fixes as rules, which outweigh the page's as
// the loader's do (see view.js), and the loader's own by one id more: they
// come before them when the loader orders the sheets. A box that takes its
// text's width (fitFixed, a label's) gets a pixel more than its width
// times the zoom, which its text may need by rounding, and does not
// shrink in a flex row (a header's 搜索 beside its nowrap title broke as
// 搜 over 索).
function fixRules(fx) {
  // The room for the page's grown bars (fitBars): after the page, at
  // least the caption bar's (runtime/room.css).
  const p = fx.pad || [0, 0]
  let c = (p[0] ? `html:not(#_#_#_#_)::before{content:"";display:block;height:${p[0]}px}` : "") + (p[1] ? `html:not(#_#_#_#_)::after{content:"";display:block;height:max(${p[1]}px,var(--yiyue-room,0px))}` : "") + fitLh
  for (const [i, h, w, f, fw, fe, fc, mv, bd, row, cw, ap, cols, gap] of fx.values()) {
    const box = `[data-yiyue-fix="${i}"]:not(#_#_#_#_)`, d = []
    if (row) (c += `${box}>td{display:inline-block!important;width:auto!important;padding:0 .5em!important}`), d.push("text-align:center")
    if (mv) d.push(mv)
    if (fc > 0) d.push("width:fit-content", `min-width:${fc}px`, `max-width:min(${fc}px * var(--yiyue-zoom) + 1px,100%)`, "flex-shrink:0")
    // A share of a row: its text's width and room either side, and in a
    // flex row what the row has over, the row wrapping between its items
    // where they do not fit.
    // A label a flex row would shrink keeps its width (a date beside text
    // that wraps; another label, its row wrapping too).
    if (fc == -1 || fc == -3) c += `:not(#_#_#_#_):has(>${box}){flex-wrap:wrap!important}`
    if (fc == -1) d.push("width:fit-content", "flex:1 0 auto", "max-width:100%", "padding-left:.5em", "padding-right:.5em")
    else if (fc < -1) d.push("flex-shrink:0", "max-width:100%")
    if (h) d.push(`min-height:${h}px`)
    if (w && w < 4) d.push(`white-space:${w == 3 ? "pre-wrap" : "normal"}`)
    if (w && w != 2 && w != 6) d.push("overflow-wrap:anywhere")
    if (w == 5) d.push("word-break:keep-all")
    if (w == 6) d.push("white-space:nowrap")
    if (f) d.push("position:static")
    if (fw) d.push(`min-width:min(${fw}px * var(--yiyue-zoom),100% - ${fe}px)`)
    if (bd) d.push("background-size:auto 100%")
    if (cw) d.push(`width:calc(${cw}px * var(--yiyue-zoom))`)
    if (cols) d.push(`grid-template-columns:repeat(${cols},minmax(0,1fr))`)
    if (gap != null) d.push(`margin-left:max(${gap}px,.5em)`)
    if (ap) d.push(`padding-left:max(${ap[3]}px,${ap[0]}px)`, `padding-right:max(${ap[3]}px,${ap[1]}px)`, ...(ap[2] ? ["text-align:center"] : []))
    c += `${box}{${d.map(x => x + "!important;").join("")}}`
  }
  return c
}

// fitSpaced returns rules that keep, with the spacing on, a line height
// of the page's that is taller than the spacing's 1.5 (spacing.css sets
// 1.5 on all text): a bar's 搜索 or a menu's items, centred in their box
// by a line height as tall as it, stood at its top in the elder mode.
// The line heights are the loader's zoom rules' at the level in force
// (view.js); fitLh holds the rules, written once a level (none while the
// spacing is off).
let fitLh = ""
function fitSpaced() {
  let c = ""
  if (!/spacing/.test(document.documentElement.dataset.yiyue)) return c
  for (const s of document.adoptedStyleSheets)
    for (const r of s.cssRules) {
      const m = /^\[data-yiyue-z="(\d+)"\]/.exec(r.selectorText), l = m && parseFloat(r.style.lineHeight)
      if (m && l > 1.5 * parseFloat(r.style.fontSize)) c += `html:not(#_#_#_)[data-yiyue~="spacing"] [data-yiyue-z="${m[1]}"]:not(#_#_#_){line-height:${l}px!important}`
    }
  return c
}

// overlaps says how far text of the positioned box a's containing block,
// but outside a, reaches down into a where they overlap (0: nowhere): the
// block's own text too (a heading's 领导信箱 under its 更多>> placed at its
// right end). Text not drawn (a tab panel stacked under the one shown,
// visibility: hidden) overlaps nothing, and neither does a box not drawn.
// Unless asked how far (deep), any overlap answers at once.
function overlaps(a, deep) {
  const r = a.getBoundingClientRect()
  const rg = new Range()
  let d = 0
  const cb = a.offsetParent, shown = e => e.checkVisibility?.({ visibilityProperty: true }) ?? true
  if (cb && cb != document.body && r.width && shown(a))
    for (const e of [cb, ...cb.querySelectorAll("[data-yiyue-z]")])
      if (!a.contains(e) && e.hasAttribute("data-yiyue-z") && shown(e))
        for (const t of e.childNodes)
          if (t.nodeType == 3) {
            rg.selectNodeContents(t)
            for (const q of rg.getClientRects()) if (q.right > r.left + 2 && q.left < r.right - 2 && q.bottom > r.top + 2 && q.top < r.bottom - 2) {
              d = Math.max(d, q.bottom - r.top)
              if (!deep) return d
            }
          }
  return d
}

// grown tags and fits what the page added since the last frame, before
// that frame is drawn. On a long page with a ticker this runs every few
// seconds, and it costs a fraction of a change of level: new boxes that
// do not clip (overflow visible) are read as they are, with no overflow
// of their own, so that the loader's scan, which reads text sizes without
// yiyue's sheets, lays nothing out without them (a box that clips, a
// scrolling panel, is read by the scan as the page has it); and only the
// boxes around and inside what was added are fitted, at the level in
// force. (On 10,000 elements each item a ticker added cost 75 ms of scan
// and 100 ms of fitting every box anew.)
//
// What was added where no zoomed text is around it (a ticker's item in a
// list) has its sizes as the page gives them, yiyue's sheets or not, and
// is read so: turning the sheets off and on restyled and laid out all of a
// long page (120 ms an item on 10,000 elements). Not with the spacing aid
// on (its line height is read otherwise), nor where a box must be read
// (one that clips, one around it not read before), nor in or around a
// size container (@container, cqi), whose width the zoom changed.
// FIT_PICTURE is what holds no text of the page's: the loader's scan
// reads no box of it.
const FIT_PICTURE = "img,svg,svg *,video,canvas,picture,iframe,object,embed"

function grown() {
  const q = added
  added = null
  const pre = b.pre, mine = new Map(pre || []), cand = fitNow?.[0], z = `[${fitZ}]`
  // seen: boxes around what was added, found fine for an earlier root.
  const seen = new Set()
  let as = cand && !/spacing/.test(document.documentElement.dataset.yiyue)
  for (const n of q) {
    // No zoomed text in it (a subtree the page moved into a new box) or
    // around it; every box around it read already.
    if (as) {
      const p = n.nodeType == 1 ? n : n.parentElement
      as = p && !p.closest(z) && !(n.nodeType == 1 && n.querySelector(z))
      for (let a = n.parentElement; as && a && a != document.body && !seen.has(a); a = a.parentElement)
        (as = cand.has(a) && getComputedStyle(a).containerType == "normal") && seen.add(a)
    }
    if (n.nodeType == 1 && n.isConnected)
      for (const e of [n, ...n.getElementsByTagName("*")]) {
        const c = getComputedStyle(e), i = /^(inline|contents|none)$/.test(c.display)
        // A container's queries and units follow its zoomed width.
        if (c.containerType != "normal") as = false
        if (c.overflowX == "visible" && c.overflowY == "visible") mine.set(e, [0, 0, c.position == "absolute", i, !i && /^(0px|auto)$/.test(c.minHeight)])
        // A picture holds no text: no box to read (an icon clips).
        else if (!e.matches(FIT_PICTURE)) as = false
      }
  }
  b.pre = mine
  let more
  try {
    more = as ? b.scan(q, 1) : fitScan(q)
  } finally {
    b.pre = pre
  }
  if (more) fitAround(q)
}

// fitScan has the loader tag what is under roots and not tagged yet. It
// reads text sizes as the page has them, without yiyue's sheets: without
// this one too.
function fitScan(roots) {
  fitSheet.disabled = true
  try {
    return b.scan(roots)
  } finally {
    fitSheet.disabled = false
  }
}

// fitAround fits again, at the level in force, the boxes around and
// inside roots (nodes), whose text is new or sized anew and tagged: their
// fixes start from none (text that shrank leaves no room behind), the
// others' are kept, and the new sizes' rules are written. The other
// levels' fixes did not see the change: they are found again when
// visited. A level fitted in part (lazy.js still holds blocks) is fitted
// anew.
function fitAround(roots) {
  if (!fitNow || fitNow[1].rest) return b.grow(1)
  const [cand, fx] = fitNow, some = new Map()
  const take = e => cand.has(e) && some.set(e, cand.get(e))
  for (const n of roots) {
    for (let e = n.nodeType == 1 ? n : n.parentElement; e && e != document.body; e = e.parentElement) take(e)
    if (n.nodeType == 1) for (const e of n.getElementsByTagName("*")) take(e)
  }
  for (const c of some.keys()) fx.delete(c)
  b.grow()
  for (const [k, f] of levels) if (f != fx) levels.delete(k)
  fitRounds(some, cand, fx)
}

// fitSized waits for the window to settle after a resize; fitWidthWas
// is the width whose text sizes the tags hold.
let fitSized, fitWidthWas

// fitResized tags every text anew with its size as the page now has it,
// and fits the level in force again.
function fitResized() {
  fitWidthWas = innerWidth
  fitAt1 = null
  if (!fitNow) return
  // What was read once a box (a label's width, a field's) may differ at
  // this width (a media query).
  for (const o of fitNow[0].values()) o[6] = o[8] = o[9] = o[10] = o[12] = o[14] = undefined
  for (const e of document.querySelectorAll("[" + fitZ + "]")) e.removeAttribute(fitZ)
  fitScan([document.body])
  b.grow(1)
}

function relayout() {
  requestAnimationFrame(() => b.grow(1))
}
