//go:build js && wasm

package main

import (
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/reading"
	"github.com/yiyue-a11y/yiyue/widget/speech"
	"github.com/yiyue-a11y/yiyue/widget/state"
	"github.com/yiyue-a11y/yiyue/widget/toolbar"
)

// Read-aloud (朗读): continuous reading and point-to-read. One goroutine,
// the player, owns a reading session; the State effect, the toolbar's
// commands and the page's events (rt.onRead, from read.js) only post
// messages to it, so nothing here blocks the event loop or the state lock.
// The page side (DOM walk, highlight, voices, Web Audio) is read.js; the
// decisions are widget/reading and widget/speech.

// A message to the player.
type rmsg struct {
	kind             uint8
	gen, i           int
	mode             string // for mMode
	wait             bool   // for mMode: a saved preference, wait for the user
	num              float64
	role, name, lang string // for ePoint
	head             string // for ePoint: a table cell's headers
	err              error
	lost             bool // for eFed: err stayed although asked again
}

const (
	mMode    uint8 = iota // the reading field changed
	mToggle               // pause or resume
	mPrev                 // previous sentence
	mNext                 // next sentence
	mRate                 // rate changed
	mVolume               // volume changed
	mRebuild              // the page's text changed (简繁)
	mWarm                 // the toolbar opened: get ready to play
	eStart                // a sentence started sounding
	eEnd                  // a sentence finished
	eError                // the browser could not speak a sentence
	eFed                  // engine B has all of a sentence's audio (or gave up)
	ePoint                // point-to-read: read this element
	eLeave                // point-to-read: the pointer left what was read
	eEsc                  // Esc pressed
	eVoices               // the browser's voices changed
	eChanged              // the page changed what is read: now, or after this sentence
)

// player is the one reading session. Only its goroutine touches it.
type player struct {
	in       chan rmsg
	mode     string // "off", "continuous" or "point"
	eng      speech.Engine
	voice    int // the browser voice for the page's language
	sents    []reading.Sentence
	start    int // the sentence reading started at
	cur      int // the sentence sounding, -1 before the first
	fed      int // engine B: the next sentence to fetch
	feeding  bool
	paused   bool
	stale    bool      // paused with a new rate or place: start anew on resume
	errs     int       // consecutive sentences the browser failed to speak
	lost     bool      // engine B: the last sentence fetched was lost (rmsg.lost)
	served   bool      // engine B: the service has sent a sentence since play
	changed  bool      // the page changed after the sentence sounding
	rebuilt  time.Time // when the sentences were last built
	rate     float64
	volume   float64
	voices   []speech.Voice
	pageLang string
}

// rebuildEvery is the least time between two readings of a page that keeps
// changing after the sentence sounding.
const rebuildEvery = 10 * time.Second

var (
	rd = player{in: make(chan rmsg, 64), mode: "off", cur: -1, rate: 1, volume: 1}
	// liveGen is the session number; events and chunks of older sessions
	// are dropped. Written by the player, read by the streams.
	liveGen atomic.Int64
	// detected is closed once the engines available here are known.
	detected = make(chan struct{})
	// What detection found; written before detected is closed.
	// voiceFound: the browser had a voice for the page's language then.
	engineForce speech.Engine
	ttsEndpoint string
	voiceFound  bool
	// ttsGuess: ttsEndpoint is the page's own /tts, not yet seen to
	// answer with audio. Written by the streams once confirmed.
	ttsGuess   bool
	readBooted bool
)

func init() {
	effects = append(effects, readEffect)
	commands["read"] = pressRead
	commands["stop"] = func() { setReading("off", i18n.SaidStopped) }
	commands["prev"] = func() { rd.post(rmsg{kind: mPrev}) }
	commands["next"] = func() { rd.post(rmsg{kind: mNext}) }
	rtv := rtJS()
	rtv.Set("onRead", js.FuncOf(guarded(onRead)))
	rtv.Set("readBenchDecode", js.FuncOf(benchDecode))
	go rd.loop()
	go detectEngines()
}

func rtJS() js.Value { return js.Global().Get("yiyue").Get("_b").Get("rt") }

// post hands a message to the player without ever blocking: it is called
// from JavaScript callbacks and with the state lock held.
func (p *player) post(m rmsg) {
	select {
	case p.in <- m:
	default:
		warn("yiyue: read-aloud: message dropped")
	}
}

// onRead receives the page's events: rt.onRead(kind, gen, i, a, b, c, d).
func onRead(_ js.Value, args []js.Value) any {
	s := func(i int) string {
		if v := arg(args, i); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
	n := func(i int) int {
		if v := arg(args, i); v.Type() == js.TypeNumber {
			return v.Int()
		}
		return -1
	}
	m := rmsg{gen: n(1), i: n(2)}
	switch s(0) {
	case "start":
		m.kind = eStart
	case "end":
		m.kind = eEnd
	case "error":
		m.kind, m.err = eError, errors.New("speechSynthesis: "+s(3))
	case "point":
		m.kind, m.role, m.name, m.lang, m.head = ePoint, s(3), s(4), s(5), s(6)
	case "leave":
		m.kind = eLeave
	case "esc":
		m.kind = eEsc
	case "voices":
		m.kind = eVoices
	case "changed":
		m.kind, m.name = eChanged, s(3)
	default:
		return nil // "cancel": the session that was cancelled is over
	}
	rd.post(m)
	return nil
}

// readEffect applies the reading, rate and volume fields. It only checks
// that reading can work at all and tells the player.
func readEffect(prev state.State, next *state.State) error {
	startup := !readBooted
	readBooted = true
	pm, nm := prev.Str("reading"), next.Str("reading")
	if nm != pm {
		// Only continuous reading waits for the engines. 指读 says nothing
		// till the reader points; waiting, it would start listening before
		// the toolbar says 指读已开启, and read that out.
		if nm != "off" && !readingPossible(!startup && nm == "continuous") {
			*next, _ = next.Apply([]state.Change{{Name: "reading", Value: prev.Get("reading")}})
			return &featureError{i18n.Read, errors.New("yiyue: read-aloud: no browser voice for this page and no speech service (data-tts)")}
		}
		if nm == "continuous" {
			// Where to start is where the user was when they asked.
			rtJS().Call("readFrom")
		}
		rd.post(rmsg{kind: mMode, mode: nm, wait: startup, num: next.Num("rate")})
		// Let the player start now rather than after the toolbar and the
		// loader have caught up: the first sound comes sooner.
		runtime.Gosched()
	}
	if next.Bool("open") && !prev.Bool("open") {
		rd.post(rmsg{kind: mWarm})
	}
	if r := next.Num("rate"); r != prev.Num("rate") {
		rd.post(rmsg{kind: mRate, num: r})
	}
	if v := next.Num("volume"); v != prev.Num("volume") || startup {
		rd.post(rmsg{kind: mVolume, num: v})
	}
	// Only a change of what the page shows: a choice of the page's own
	// script, or a variant on it, changes no text.
	if nm == "continuous" && pm == "continuous" && conversion(*next) != conversion(prev) {
		rd.post(rmsg{kind: mRebuild})
	}
	return nil
}

// readingPossible is false once detection has found no engine. Asked
// before that (a site's script that calls set() as soon as the widget
// starts, a reader quick to press 朗读), it waits for detection (at most
// the browser's voices' 600 ms) if told to. What detection found counts as well as
// the toolbar's view of it (page.Reading), which is updated a moment
// later, and by voices a browser lists late.
func readingPossible(wait bool) bool {
	select {
	case <-detected:
	default:
		if !wait {
			return true
		}
		<-detected
	}
	return page.Reading || speech.Choose(engineForce, voiceFound, ttsEndpoint != "") != speech.None
}

// pressRead is the read button: start reading, or pause and resume it.
func pressRead() {
	mu.Lock()
	on := cur.Str("reading") == "continuous"
	prev := cur
	patch := toolbar.Press("read", cur, page)
	mu.Unlock()
	if on {
		rd.post(rmsg{kind: mToggle})
		return
	}
	if _, err := change(func(s state.State) (state.State, error) { return s.Apply(patch) }); err != nil {
		warn(err.Error())
		return
	}
	mu.Lock()
	msg := toolbar.Said("read", prev, cur, page)
	mu.Unlock()
	announce(msg)
}

// setReading changes the reading field, as the stop button, Esc and the
// end of the page do, and says so.
func setReading(v string, said i18n.Key) {
	_, err := change(func(s state.State) (state.State, error) {
		return s.Apply([]state.Change{{Name: "reading", Value: state.Value{Kind: state.Enum, S: v}}})
	})
	if err == nil && said >= 0 {
		announce(i18n.T(ui, said))
	}
}

// setPage updates the toolbar's view of reading.
func setPage(f func(*toolbar.Page)) {
	go func() {
		defer survive()
		mu.Lock()
		defer mu.Unlock()
		f(&page)
		refreshToolbar()
	}()
}

func (p *player) loop() {
	for m := range p.in {
		surviving(func() { p.handle(m) })
	}
}

func (p *player) handle(m rmsg) {
	switch m.kind {
	case mMode:
		<-detected
		p.rate = m.num
		p.served = false // a new reading: the service has to prove itself again
		p.halt()
		p.mode = m.mode
		rtJS().Call("readPoint", m.mode == "point", m.wait)
		if m.mode == "continuous" {
			p.play()
		}
	case mToggle:
		if p.mode == "continuous" && len(p.sents) > 0 {
			p.pause(!p.paused)
		}
	case mPrev, mNext:
		if p.mode == "continuous" && len(p.sents) > 0 {
			d := 1
			if m.kind == mPrev {
				d = -1
			}
			i := speech.Step(p.cur, p.start, len(p.sents), d)
			if p.paused {
				p.moveWhilePaused(i)
				return
			}
			p.startAt(i)
		}
	case mRate:
		p.rate = m.num
		switch {
		case p.mode != "continuous" || p.cur < 0:
		case p.paused:
			p.stale = true
		default:
			p.startAt(p.cur)
		}
	case mWarm:
		<-detected
		if e, _ := p.choose(p.pageLangNow()); e == speech.Service {
			rtJS().Call("readWarm")
		}
	case mVolume:
		p.volume = m.num
		rtJS().Call("readVolume", m.num)
	case mRebuild:
		if p.mode == "continuous" && p.cur >= 0 && p.cur < len(p.sents) {
			if rs := p.sents[p.cur].Ranges; len(rs) > 0 {
				rtJS().Call("readFromNode", rs[0].Node, max(rs[0].Start, 0))
			}
			p.readAgain()
		}
	case eStart:
		if m.gen == p.gen() {
			p.cur = m.i
			p.errs = 0
			p.feed()
		}
	case eEnd:
		if m.gen != p.gen() {
			return
		}
		if p.changed && p.mode == "continuous" && time.Since(p.rebuilt) >= rebuildEvery {
			// The page changed after this sentence: read what it has now,
			// from the next sentence's place (read.js finds the nearest
			// node left if it is gone), or from the end of this one. Not
			// more often than rebuildEvery: a page whose ticker or clock
			// keeps changing would cost every sentence its prefetched
			// audio.
			p.changed = false
			if m.i+1 < len(p.sents) && len(p.sents[m.i+1].Ranges) > 0 {
				r := p.sents[m.i+1].Ranges[0]
				rtJS().Call("readFromNode", r.Node, max(r.Start, 0))
			} else if m.i >= 0 && m.i < len(p.sents) && len(p.sents[m.i].Ranges) > 0 {
				rs := p.sents[m.i].Ranges
				r := rs[len(rs)-1]
				rtJS().Call("readFromNode", r.Node, max(r.End, 0))
			}
			p.play()
			return
		}
		p.next(m.i)
	case eChanged:
		if m.gen != p.gen() || p.mode != "continuous" {
			return
		}
		if m.name == "now" {
			// What is being read is gone: go on from where read.js noted.
			p.readAgain()
			return
		}
		p.changed = true
	case eError:
		if m.gen != p.gen() {
			return
		}
		warn("yiyue: read-aloud: " + m.err.Error())
		if p.errs++; p.errs >= 3 {
			p.fail(m.err)
			return
		}
		p.next(m.i)
	case eFed:
		if m.gen != p.gen() {
			return
		}
		p.feeding = false
		p.fed = m.i + 1
		if m.lost && !p.lost && p.served && !errors.Is(m.err, errLate) {
			// One sentence the service failed is skipped, once it has
			// served this reading: a blip costs the reader a sentence,
			// not their place on the page. Not one it left unanswered
			// twice (30 s): a service that does not answer is down, and
			// the next sentence would wait as long in silence.
			warn(m.err.Error())
			p.lost = true
			p.feed()
			return
		}
		if m.err != nil {
			if errors.Is(m.err, errNoService) {
				p.noService()
			}
			p.fail(m.err)
			return
		}
		p.lost, p.served = false, true
		p.feed()
	case ePoint:
		if p.mode == "point" {
			p.point(m.role, m.name, m.lang, m.head)
		}
	case eLeave:
		if p.mode == "point" {
			p.halt()
		}
	case eEsc:
		p.halt()
		if p.mode == "continuous" {
			go setReading("off", i18n.SaidStopped)
		}
	case eVoices:
		p.loadVoices(js.Undefined())
	}
}

func (p *player) gen() int { return int(liveGen.Load()) }

// halt stops all sound and fetching, and ends the session.
func (p *player) halt() {
	liveGen.Add(1)
	abortStreams()
	rtJS().Call("readHalt")
	p.feeding = false
	if p.paused {
		p.paused = false
		setPage(func(pg *toolbar.Page) { pg.Paused = false })
	}
}

// play builds the sentences of the page, from the point read.js noted,
// and starts reading.
func (p *player) play() {
	p.halt()
	eng, voice := p.choose(p.pageLangNow())
	if eng == speech.None {
		p.fail(errors.New("yiyue: read-aloud: no engine for this page"))
		return
	}
	p.eng, p.voice, p.changed, p.rebuilt = eng, voice, false, time.Now()
	sents, at, err := buildModel(speech.MaxLen(eng))
	if err != nil {
		p.fail(err)
		return
	}
	p.sents = sents
	if len(sents) == 0 {
		go setReading("off", -1)
		return
	}
	p.startAt(at)
}

// point reads one element for point-to-read; a table cell after its
// headers.
func (p *player) point(role, name, lang, head string) {
	if lang == "" {
		lang = p.pageLangNow()
	}
	eng, voice := p.choose(lang)
	if eng == speech.None {
		return
	}
	roles := reading.DefaultRoles(lang)
	text := reading.Headed(head, reading.Utterance(role, name, roles), roles)
	if text == "" {
		return
	}
	p.eng, p.voice = eng, voice
	p.sents = nil
	for _, s := range reading.Split(text, speech.MaxLen(eng)) {
		p.sents = append(p.sents, reading.Sentence{Text: s, Lang: lang})
	}
	if len(p.sents) > 0 {
		p.startAt(0)
	}
}

// startAt (re)starts reading at sentence i.
func (p *player) startAt(i int) {
	if i < 0 || i >= len(p.sents) {
		return
	}
	p.halt()
	p.start, p.cur, p.fed, p.errs, p.stale, p.lost = i, -1, i, 0, false, false
	rtJS().Call("readBegin", p.gen(), p.eng.String(), p.volume, p.mode == "point")
	if p.eng == speech.Browser {
		p.speak(i)
		return
	}
	p.feed()
}

// next goes on after sentence i ended.
func (p *player) next(i int) {
	if p.eng == speech.Browser && !p.paused && i+1 < len(p.sents) {
		p.speak(i + 1)
		return
	}
	if i+1 >= len(p.sents) {
		p.done()
	}
}

// done: the last sentence has been read, and the reader is told so.
func (p *player) done() {
	p.halt()
	if p.mode == "continuous" {
		go setReading("off", i18n.SaidFinished)
	}
}

// fail stops reading and says in the widget that it is unavailable. The
// sentence that was sounding is where reading starts next time, unless
// the reader then asks for another place.
func (p *player) fail(err error) {
	js.Global().Get("console").Call("error", err.Error())
	if at := max(p.cur, p.start); p.mode == "continuous" && at >= 0 && at < len(p.sents) {
		if rs := p.sents[at].Ranges; len(rs) > 0 {
			rtJS().Call("readResume", rs[0].Node, max(rs[0].Start, 0))
		}
	}
	p.halt()
	if p.mode != "off" {
		p.mode = "off"
		rtJS().Call("readPoint", false, false)
		go func() {
			setReading("off", -1)
			unavailable(&featureError{i18n.Read, err})
		}()
	}
}

func (p *player) pause(on bool) {
	p.paused = on
	if p.eng == speech.Browser {
		// speechSynthesis.pause() is unreliable: cancel, and speak the
		// sentence again on resume.
		liveGen.Add(1)
		rtJS().Call("readPause", on, p.gen())
		if !on {
			p.speak(max(p.cur, p.start))
		}
	} else if !on && p.stale {
		// Anew, where the reader now is: what was scheduled is dropped.
		p.startAt(max(p.cur, p.start))
	} else {
		rtJS().Call("readPause", on, p.gen())
		if !on {
			// A sentence still waiting for the service is asked for again.
			askAgain()
		}
	}
	said := i18n.SaidPaused
	if !on {
		said = i18n.SaidReading
	}
	announce(i18n.T(ui, said))
	setPage(func(pg *toolbar.Page) { pg.Paused = on })
}

// moveWhilePaused moves a paused reading to sentence i: a step moves the
// place, not the pause. Nothing sounds or is fetched till the reader
// resumes (pause), which starts there; the highlight moves now.
func (p *player) moveWhilePaused(i int) {
	if i < 0 || i >= len(p.sents) {
		return
	}
	p.start, p.cur, p.stale = i, -1, true
	rtJS().Call("readShowAt", i)
}

// readAgain takes the page's text anew, from where read.js noted: a
// paused reading stays paused there.
func (p *player) readAgain() {
	if p.paused {
		p.rebuildPaused()
		return
	}
	p.play()
}

// rebuildPaused takes the page's text anew for a paused reading (a 简繁
// switch, a paragraph the page rewrote), from where read.js noted, and
// stays paused there.
func (p *player) rebuildPaused() {
	sents, at, err := buildModel(speech.MaxLen(p.eng))
	if err != nil {
		p.fail(err)
		return
	}
	if len(sents) == 0 {
		p.done()
		return
	}
	p.sents = sents
	p.moveWhilePaused(at)
}

// speak hands sentence i to speechSynthesis.
func (p *player) speak(i int) {
	s := p.sents[i]
	v := p.voice
	if s.Lang != "" && s.Lang != p.pageLang {
		if w := speech.PickVoice(p.voices, s.Lang); w >= 0 {
			v = w
		}
	}
	rtJS().Call("readSpeak", p.gen(), i, s.Text, s.Lang, p.rate, p.volume, v)
}

// choose picks the engine and browser voice for a language.
func (p *player) choose(lang string) (speech.Engine, int) {
	v := speech.PickVoice(p.voices, lang)
	return speech.Choose(engineForce, v >= 0, ttsEndpoint != ""), v
}

// noService forgets the page's own /tts after it failed to answer.
func (p *player) noService() {
	ttsEndpoint, ttsGuess = "", false
	p.loadVoices(js.Undefined())
	setPage(func(*toolbar.Page) { textLang = i18n.Lang(255) })
}

func (p *player) pageLangNow() string {
	p.pageLang = docLang()
	return p.pageLang
}

// docLang is the page's language now: its lang, or zh-CN.
func docLang() string {
	if l := doc.Get("documentElement").Call("getAttribute", "lang"); l.Type() == js.TypeString && strings.TrimSpace(l.String()) != "" {
		return strings.TrimSpace(l.String())
	}
	return "zh-CN"
}

// loadVoices reads the browser's voices (or takes the list given) and
// says on the toolbar whether reading is possible.
func (p *player) loadVoices(list js.Value) {
	p.voices = voicesOf(list, p.voices[:0])
	e, _ := p.choose(p.pageLangNow())
	setPage(func(pg *toolbar.Page) { pg.Reading = e != speech.None })
}

// voicesOf appends to vs the browser's voices as read.js lists them: the
// list given, or the browser's now.
func voicesOf(list js.Value, vs []speech.Voice) []speech.Voice {
	if list.Type() != js.TypeString {
		list = rtJS().Call("readVoices")
	}
	for _, rec := range strings.Split(list.String(), "\x1e") {
		f := strings.Split(rec, "\x1f")
		if len(f) == 4 {
			vs = append(vs, speech.Voice{Lang: f[0], Name: f[1], Local: f[2] != "", Default: f[3] != ""})
		}
	}
	return vs
}

// warmReading runs the sentence model once on a made-up paragraph: the
// browser compiles WebAssembly functions on first call, and the first
// play should not wait for that.
func warmReading() {
	segs, _ := reading.ParseSegments("b\x1f0\x1fzh-CN\x1f\x1et\x1f1\x1fzh-CN\x1f朗读。Read.\x1eb\x1f0\x1fzh-CN\x1f")
	cands, _ := reading.ParseCandidates("b\x1f-1\x1f5\x1f0")
	m := reading.Build(segs, reading.Options{MaxLen: 120, DefaultLang: "zh-CN", Roles: reading.DefaultRoles("zh-CN"), AnnounceLinks: true})
	_ = m.Wire()
	_ = m.At(1, 0) + reading.ChooseMain(cands)
}

// buildModel turns the page into sentences: the candidates go to
// ChooseMain, read.js walks the chosen root, Build splits it. It returns
// the sentences and the one to start at.
func buildModel(maxLen int) ([]reading.Sentence, int, error) {
	rt := rtJS()
	cands, err := reading.ParseCandidates(rt.Call("readCandidates").String())
	if err != nil {
		return nil, 0, err
	}
	res := rt.Call("readWalk", reading.ChooseMain(cands))
	wire := res.Index(0).String()
	rt.Call("readStep", "wire")
	segs, err := reading.ParseSegments(wire)
	if err != nil {
		return nil, 0, err
	}
	start, off, lang := res.Index(1).Int(), res.Index(2).Int(), res.Index(3).String()
	opt := reading.Options{
		MaxLen: maxLen, DefaultLang: lang, Roles: reading.DefaultRoles(lang),
		AnnounceLinks: true, AnnounceHeadings: true, AnnounceImages: true,
	}
	if start >= 0 {
		opt.Start, opt.HasStart = start, true
	}
	m := reading.Build(segs, opt)
	rt.Call("readStep", "built")
	rt.Call("readSentences", m.Wire())
	at := 0
	if start >= 0 {
		at = max(m.At(start, off), 0)
	}
	return m.Sentences, at, nil
}

// detectEngines finds out, once, what can speak here: the site's choice
// (data-engine), its speech service (data-tts, or /tts on the page's own
// origin when it answers like one), and the browser's voices.
func detectEngines() {
	defer close(detected)
	defer survive()
	cfg := js.Global().Get("yiyue").Get("_b").Get("cfg")
	if v := cfg.Get("engine"); v.Type() == js.TypeString {
		e, ok := speech.ParseEngine(v.String())
		if !ok {
			warn("yiyue: data-engine must be \"browser\" or \"tts\"; ignored: " + v.String())
		}
		engineForce = e
	}
	attr := cfg.Get("tts")
	switch {
	case attr.Type() != js.TypeString:
		// No data-tts: /tts on the page's own origin, on trust until its
		// first answer (a site without one sees a failed request only
		// when reading needs it, never on page load).
		if engineForce != speech.Browser {
			ttsEndpoint = rtJS().Call("readURL", "/tts").String()
			ttsGuess = ttsEndpoint != ""
		}
	case attr.String() == "":
		// data-tts="" turns the service off, the default one included.
	default:
		if u := rtJS().Call("readURL", attr.String()).String(); u != "" {
			ttsEndpoint = u
		} else {
			js.Global().Get("console").Call("error", "yiyue: data-tts must be an http(s) URL; the speech service is not used: "+attr.String())
		}
	}
	if engineForce != speech.Browser && ttsEndpoint != "" {
		setPage(func(pg *toolbar.Page) { pg.Reading = true })
	}
	if engineForce != speech.Service {
		// Browsers list their voices a moment after the page loads.
		await(rtJS().Call("readVoicesReady", 600))
		voiceFound = speech.PickVoice(voicesOf(js.Undefined(), nil), docLang()) >= 0
	}
	rd.post(rmsg{kind: eVoices})
	warmReading()
	rtJS().Set("readReady", true)
	// The help panel names the service that page text is sent to.
	setPage(func(*toolbar.Page) { textLang = i18n.Lang(255) })
}

// speechHost names the host that page text is sent to when reading, or
// "" when it never leaves the browser.
func speechHost() string {
	select {
	case <-detected:
	default:
		return ""
	}
	if ttsEndpoint == "" || engineForce == speech.Browser {
		return ""
	}
	return js.Global().Get("URL").New(ttsEndpoint).Get("host").String()
}
