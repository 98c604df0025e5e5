//go:build js && wasm

package main

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/yiyue-a11y/yiyue/widget/mp3stream"
	"github.com/yiyue-a11y/yiyue/widget/speech"
)

// Engine B: each sentence is one GET to the speech service. The body is
// read as it arrives, decoded by widget/mp3stream, and every decoded chunk
// goes straight to read.js, which schedules it on the AudioContext
// timeline, so sound starts before the whole MP3 has arrived. The next
// sentence is fetched while the current one plays (speech.Ahead).

var (
	abortMu sync.Mutex
	aborts  = map[int]*request{} // the fetches in flight
	abortID int
)

// request is a fetch in flight: its AbortController, whether the service
// has begun to answer, and why it was cut short (errLate, errAgain; nil
// for a stop); when it last had news of the answer, and whether it is
// over (for watch).
type request struct {
	ctrl     js.Value
	answered bool
	cut      error
	last     time.Time
	over     bool
}

// answerWait is how long a sentence waits for the service to begin its
// answer, or for more of an answer begun, before the request counts as
// failed: a service that never answers left reading silent for good. It
// is long enough for a slow phone network, which can take 10 s to begin.
const answerWait = 15 * time.Second

var (
	errLate  = errors.New("yiyue: speech service: no answer in 15 s")
	errAgain = errors.New("yiyue: speech service: asked again")
)

// abortStreams cancels every fetch in flight, at once.
func abortStreams() {
	abortMu.Lock()
	list := aborts
	aborts = map[int]*request{}
	abortMu.Unlock()
	for _, r := range list {
		r.ctrl.Call("abort")
	}
}

// askAgain cuts short every request the service has not begun to answer,
// to be sent again at once: resuming a reading that waits on the service
// asks it again.
func askAgain() {
	abortMu.Lock()
	var list []*request
	for _, r := range aborts {
		if !r.answered && r.cut == nil {
			r.cut = errAgain
			list = append(list, r)
		}
	}
	abortMu.Unlock()
	for _, r := range list {
		r.ctrl.Call("abort")
	}
}

// abort cuts r short for reason, unless it was cut short already.
func (r *request) abort(reason error) {
	abortMu.Lock()
	if r.cut == nil {
		r.cut = reason
	}
	abortMu.Unlock()
	r.ctrl.Call("abort")
}

// news notes that the answer began, or that more of it came.
func (r *request) news(answered bool) {
	abortMu.Lock()
	r.last = time.Now()
	r.answered = r.answered || answered
	abortMu.Unlock()
}

// watch cuts r short once answerWait passes with no news of its answer,
// looking once a second till r is over. (A Go timer that can be reset,
// time.AfterFunc, costs the WASM 18 KB.)
func (r *request) watch() {
	for {
		time.Sleep(time.Second)
		abortMu.Lock()
		over, late := r.over, time.Since(r.last) > answerWait
		abortMu.Unlock()
		if over {
			return
		}
		if late {
			r.abort(errLate)
			return
		}
	}
}

// cutBy is why r was cut short, or nil.
func (r *request) cutBy() error {
	abortMu.Lock()
	defer abortMu.Unlock()
	return r.cut
}

// feed starts fetching the next sentence when it is time to.
func (p *player) feed() {
	if p.eng != speech.Service || p.feeding || p.fed >= len(p.sents) || !speech.Ahead(p.fed, p.start, p.cur) {
		return
	}
	i := p.fed
	s := p.sents[i]
	lang := speech.ServiceLang(s.Lang)
	if lang == "" {
		lang = speech.ServiceLang(p.pageLang)
	}
	if lang == "" {
		lang = "zh-CN"
	}
	p.feeding = true
	go stream(p.gen(), i, speech.URL(ttsEndpoint, s.Text, lang, p.rate))
}

// errSkip marks a sentence the service refused: it is skipped, reading
// goes on.
var errSkip = errors.New("skip")

// errNoService: the page's own /tts does not answer like a speech
// service.
var errNoService = errors.New("yiyue: read-aloud: no speech service at /tts on this site (data-tts), and no browser voice")

// stream fetches and plays sentence i of session gen, then tells the
// player. A failure that may pass (a busy service, a gateway's error, a
// network that dropped the request, no answer in answerWait) is asked
// again twice, a second apart; the page's own /tts on trust too: a busy
// answer says nothing of whether it is a service. A request cut short to
// be asked again (askAgain) is sent again at once, and is no failure.
func stream(gen, i int, url string) {
	var err error
	lost := false // the failure stayed although asked again: the player may skip it
	for try := 0; ; try++ {
		var status int
		status, err = streamOnce(gen, i, url)
		for errors.Is(err, errAgain) && int(liveGen.Load()) == gen {
			status, err = streamOnce(gen, i, url)
		}
		if !passing(status, err) || int(liveGen.Load()) != gen {
			break
		}
		// A service that gave no answer in answerWait is asked once
		// more, not twice: a reader would wait most of a minute in
		// silence for each sentence.
		if try == 2 || try == 1 && errors.Is(err, errLate) {
			lost = true
			break
		}
		time.Sleep(time.Second)
	}
	if errors.Is(err, errSkip) {
		warn(err.Error())
		err = nil
	}
	if int(liveGen.Load()) == gen {
		rtJS().Call("readEnd", gen, i)
	}
	rd.in <- rmsg{kind: eFed, gen: gen, i: i, err: err, lost: lost && err != nil}
}

// passing says whether a failed request may succeed if sent again: the
// request never got an answer, or the service or a gateway before it
// answered that it could not serve it now.
func passing(status int, err error) bool {
	switch {
	case err == nil || errors.Is(err, errNoService) || errors.Is(err, errSkip):
		return false
	case status == 0:
		return true
	}
	return status == 429 || status == 500 || status == 502 || status == 503 || status == 504
}

type skipError struct{ msg string }

func (e *skipError) Error() string        { return e.msg }
func (e *skipError) Is(target error) bool { return target == errSkip }

// streamOnce does one request, returning its HTTP status.
func streamOnce(gen, i int, url string) (int, error) {
	req := &request{ctrl: js.Global().Get("AbortController").New()}
	abortMu.Lock()
	abortID++
	id := abortID
	aborts[id] = req
	abortMu.Unlock()
	// Cut short when the answer does not begin, or stalls, in answerWait.
	req.news(false)
	go req.watch()
	defer func() {
		abortMu.Lock()
		req.over = true
		delete(aborts, id)
		abortMu.Unlock()
	}()
	opts := object.New()
	opts.Set("signal", req.ctrl.Get("signal"))
	rtJS().Call("readStep", "fetch")
	resp, err := await(js.Global().Call("fetch", url, opts))
	rtJS().Call("readStep", "response")
	if err != nil {
		if c := req.cutBy(); c != nil {
			return 0, c
		}
		return 0, errors.New("yiyue: speech service: " + err.Error())
	}
	req.news(true)
	status := resp.Get("status").Int()
	if ttsGuess {
		// The page's own /tts, on trust so far: it must answer with audio.
		// Busy (503, 429) is no answer either way: reading fails this time
		// and the service is asked again next time.
		ct := resp.Get("headers").Call("get", "content-type")
		if status == 503 || status == 429 {
			return status, errors.New("yiyue: speech service: HTTP " + strconv.Itoa(status) + ", busy")
		}
		if !resp.Get("ok").Bool() || ct.Type() != js.TypeString || !mp3Type(ct.String()) {
			return status, errNoService
		}
		ttsGuess = false
	}
	if !resp.Get("ok").Bool() {
		msg := ""
		if t, err := await(resp.Call("text")); err == nil {
			msg = ": " + strings.TrimSpace(t.String())
		}
		err := errors.New("yiyue: speech service: HTTP " + strconv.Itoa(status) + msg)
		switch status {
		case 400, 413, 414, 422:
			// This text was refused; the next one may not be.
			return status, &skipError{err.Error()}
		}
		return status, err
	}

	// A service that answers with something other than MP3 (an error
	// page, WAV) is broken for every sentence, not just this one: stop and
	// say so.
	if ct := resp.Get("headers").Call("get", "content-type"); ct.Type() != js.TypeString || !mp3Type(ct.String()) {
		if b := resp.Get("body"); b.Type() == js.TypeObject {
			quiet(b.Call("cancel"))
		}
		return status, errors.New("yiyue: speech service: the answer is not MP3 audio (" + ct.String() + ")")
	}

	// Small chunks: the first sound waits for the first chunk only.
	dec := mp3stream.NewDecoder(mp3stream.Options{MaxChunkFrames: 2048})
	done := make(chan error, 1)
	go decode(gen, i, dec, done)
	reader := resp.Get("body").Call("getReader")
	for {
		if int(liveGen.Load()) != gen {
			quiet(reader.Call("cancel"))
			dec.CloseWithError(nil)
			break
		}
		r, err := await(reader.Call("read"))
		if err != nil {
			if c := req.cutBy(); c != nil {
				dec.CloseWithError(c)
			} else {
				dec.CloseWithError(errors.New("yiyue: speech service: " + err.Error()))
			}
			break
		}
		req.news(false)
		if r.Get("done").Bool() {
			dec.Close()
			break
		}
		rtJS().Call("readStep", "body")
		v := r.Get("value")
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		if _, err := dec.Write(b); err != nil {
			quiet(reader.Call("cancel"))
			break
		}
	}
	err = <-done
	if err != nil && int(liveGen.Load()) == gen {
		// A damaged file skips its sentence; one with no audio in it at
		// all means the service is broken.
		if errors.Is(err, mp3stream.ErrCorrupt) {
			return status, &skipError{"yiyue: speech service: " + err.Error()}
		}
		if !strings.HasPrefix(err.Error(), "yiyue:") {
			err = errors.New("yiyue: speech service: " + err.Error())
		}
		return status, err
	}
	return status, nil
}

// mp3Type says whether a Content-Type names MP3: audio/mpeg, or the
// audio/mp3 that some servers send.
func mp3Type(ct string) bool {
	t, _, _ := strings.Cut(strings.ToLower(ct), ";")
	t = strings.TrimSpace(t)
	return t == "audio/mpeg" || t == "audio/mp3"
}

var noop = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// quiet drops a Promise's rejection (cancelling a body that an abort has
// already failed), which would otherwise show as an uncaught error.
func quiet(p js.Value) {
	if p.Type() == js.TypeObject {
		p.Call("catch", noop)
	}
}

// decode hands every decoded chunk of one sentence to read.js.
func decode(gen, i int, dec *mp3stream.Decoder, done chan<- error) {
	var buf []byte
	var u8 js.Value
	for {
		t := time.Now()
		c, err := dec.Next()
		dt := time.Since(t).Seconds()
		if err == io.EOF {
			done <- nil
			return
		}
		if err != nil {
			done <- err
			return
		}
		if int(liveGen.Load()) != gen {
			dec.CloseWithError(nil)
			done <- nil
			return
		}
		buf = c.AppendFloat32LE(buf[:0])
		if u8.IsUndefined() || u8.Length() < len(buf) {
			u8 = js.Global().Get("Uint8Array").New(max(len(buf), 64<<10))
		}
		js.CopyBytesToJS(u8, buf)
		rtJS().Call("readChunk", gen, i, u8, c.Frames, c.SampleRate, dt)
	}
}

// benchDecode decodes a whole MP3 (a Uint8Array) and returns [seconds of
// audio, milliseconds taken]: go-mp3's speed in the WASM, for the
// benchmark. It blocks on nothing, so it runs in the callback itself; a
// failure comes back as a rejected Promise.
func benchDecode(_ js.Value, args []js.Value) any {
	secs, ms, err := decodeAll(arg(args, 0))
	if err != nil {
		return js.Global().Get("Promise").Call("reject", js.Global().Get("Error").New(err.Error()))
	}
	return js.ValueOf([]any{secs, ms})
}

func decodeAll(src js.Value) (secs, ms float64, err error) {
	if src.Type() != js.TypeObject {
		return 0, 0, errors.New("readBenchDecode takes a Uint8Array")
	}
	b := make([]byte, src.Get("length").Int())
	js.CopyBytesToGo(b, src)
	t := time.Now()
	dec := mp3stream.NewDecoder(mp3stream.Options{MaxBuffered: len(b) + 1})
	if _, err := dec.Write(b); err != nil {
		return 0, 0, err
	}
	dec.Close()
	frames, rate := 0, 1
	for {
		c, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		frames, rate = frames+c.Frames, c.SampleRate
	}
	return float64(frames) / float64(rate), float64(time.Since(t).Microseconds()) / 1000, nil
}
