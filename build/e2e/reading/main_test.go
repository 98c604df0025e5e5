// Package reading tests read-aloud in a real Chromium: continuous reading
// of the example report through yiyue's own TTS service (espeak-ng and
// LAME, mounted at /tts), the Web Audio timeline, the highlight, pause,
// rate, point-to-read, Esc, the saved point preference, the service's
// refusals, and engine A through a scripted stand-in for speechSynthesis
// (headless Chromium has no voices). It also reports the time from
// pressing play to the first audio scheduled, and go-mp3's speed in the
// WASM.
package reading

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/tts"
)

var env *browsertest.Env

func TestMain(m *testing.M) {
	s, err := newService()
	if err != nil {
		// `go run ./build test` installs espeak-ng and LAME; a missing
		// program is a failure, never a skip.
		os.Stderr.WriteString("reading: " + err.Error() + "\n")
		os.Exit(1)
	}
	service.Store(s)
	browsertest.Main(m, &env, browsertest.Options{Wrap: scriptAttrs, TTS: http.HandlerFunc(recordTTS)})
}

func newService() (*tts.Service, error) {
	return tts.New(tts.Options{ErrorLog: log.New(io.Discard, "", 0)})
}

// service is the TTS service behind /tts; a benchmark swaps in a fresh
// one to measure with an empty cache.
var service atomic.Pointer[tts.Service]

// ttsReq is one speech request the service received.
type ttsReq struct {
	Text, Lang string
	Rate       float64
	At         time.Time
}

var requests struct {
	sync.Mutex
	list []ttsReq
}

// recordTTS notes every GET with a text, then lets the real service
// answer.
func recordTTS(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method == http.MethodGet && q.Has("text") {
		rate, _ := strconv.ParseFloat(q.Get("rate"), 64)
		requests.Lock()
		requests.list = append(requests.list, ttsReq{Text: q.Get("text"), Lang: q.Get("lang"), Rate: rate, At: time.Now()})
		requests.Unlock()
		if f := ttsFault.Load(); f != nil {
			if status := (*f)(q.Get("text")); status != 0 {
				http.Error(w, "the speech service failed", status)
				return
			}
		}
	}
	service.Load().ServeHTTP(w, r)
}

// ttsFault, when set, gives the status that a request for a text is
// answered with instead of audio; 0 lets the service answer.
var ttsFault atomic.Pointer[func(text string) int]

// setTTSFault sets ttsFault for the rest of the test.
func setTTSFault(t testing.TB, f func(text string) int) {
	ttsFault.Store(&f)
	t.Cleanup(func() { ttsFault.Store(nil) })
}

// setTTSHang makes the service take the requests for which hang says so
// and not answer them, till the test ends (a minute at most).
func setTTSHang(t testing.TB, hang func(text string) bool) {
	hold := make(chan struct{})
	t.Cleanup(func() { close(hold) })
	setTTSFault(t, func(text string) int {
		if hang(text) {
			select {
			case <-hold:
			case <-time.After(time.Minute):
			}
		}
		return 0
	})
}

// mark returns the number of requests so far; since returns the ones
// after a mark.
func mark() int {
	requests.Lock()
	defer requests.Unlock()
	return len(requests.list)
}

func since(n int) []ttsReq {
	requests.Lock()
	defer requests.Unlock()
	return append([]ttsReq(nil), requests.list[n:]...)
}

// scriptAttrs configures the widget as a site owner would: the data-*
// query parameters of a page become attributes of its yiyue script tag
// (report.html?data-engine=tts, see browsertest.ScriptAttrs).
func scriptAttrs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A page opened with ?no-tts stands for a site without a speech
		// service: its /tts is not found.
		if r.URL.Path == "/tts" && strings.Contains(r.Referer(), "no-tts") {
			http.NotFound(w, r)
			return
		}
		browsertest.ScriptAttrs(next).ServeHTTP(w, r)
	})
}

// R is the widget's shadow root.
const R = `document.getElementById("yiyue-host").shadowRoot`

// control is a toolbar control by its data-id.
func control(id string) string { return R + `.querySelector('[data-id="` + id + `"]')` }

// openPage loads a page and opens the toolbar, and waits until reading
// can start (the engines have been detected).
func openPage(t testing.TB, path string, onNewDocument ...string) *browsertest.Tab {
	t.Helper()
	return openOn(t, nil, path, onNewDocument...)
}

// openOn is openPage on a tab that screen sets up first (a phone's), if
// not nil.
func openOn(t testing.TB, screen func(*browsertest.Tab), path string, onNewDocument ...string) *browsertest.Tab {
	t.Helper()
	tab := env.Tab(t)
	noCache(tab)
	if screen != nil {
		screen(tab)
	}
	for _, js := range onNewDocument {
		tab.OnNewDocument(js)
	}
	// Saved choices would carry over to the next test's pages.
	t.Cleanup(func() { browsertest.TryEval[bool](tab, `localStorage.removeItem("yiyue:v1"), true`) })
	tab.Go(path)
	tab.Wait(`window.yiyue`, 10*time.Second)
	browsertest.Eval[map[string]any](tab, `yiyue.open()`)
	tab.Wait(control("read")+` && `+control("read")+`.getAttribute("aria-disabled") !== "true"`, 10*time.Second)
	return tab
}

// noCache turns the browser's HTTP cache off for a tab, so that every
// sentence reaches the service and the tests see every request.
func noCache(tab *browsertest.Tab) {
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		tab.T.Fatalf("disable the cache: %v", err)
	}
}

// press clicks a toolbar control.
func press(tab *browsertest.Tab, id string) {
	tab.T.Helper()
	browsertest.Eval[bool](tab, control(id)+`.click(), true`)
}

// pointOn presses 指读 and waits until point-to-read listens.
func pointOn(tab *browsertest.Tab) {
	tab.T.Helper()
	press(tab, "point")
	tab.Wait(`yiyue.get().reading === "point" && yiyue._b.rt.readStats().point`, 5*time.Second)
}

type slot struct {
	I      int     `json:"i"`
	T0     float64 `json:"t0"`
	T1     float64 `json:"t1"`
	Frames int     `json:"frames"`
	Rate   float64 `json:"rate"`
}

type logEntry struct {
	Gen int     `json:"gen"`
	I   int     `json:"i"`
	Ctx float64 `json:"ctx"`
	At  float64 `json:"at"`
}

type session struct {
	BeginAt      float64 `json:"beginAt"`
	FirstAudioAt float64 `json:"firstAudioAt"`
	Chunks       int     `json:"chunks"`
	ScheduledSec float64 `json:"scheduledSec"`
	DecodeSec    float64 `json:"decodeSec"`
	Underruns    int     `json:"underruns"`
	Done         []slot  `json:"done"`
}

// stats is rt.readStats(): what read.js knows of the reading.
type stats struct {
	Engine     string     `json:"engine"`
	Gen        int        `json:"gen"`
	Paused     bool       `json:"paused"`
	Point      bool       `json:"point"`
	CtxTime    float64    `json:"ctxTime"`
	CtxState   string     `json:"ctxState"`
	SampleRate float64    `json:"sampleRate"`
	Volume     float64    `json:"volume"`
	Shown      int        `json:"shown"`
	Sentences  int        `json:"sentences"`
	Sources    int        `json:"sources"`
	Marks      []slot     `json:"marks"`
	Session    session    `json:"session"`
	Log        []logEntry `json:"log"`
	Texts      []string   `json:"texts"`
}

func readStats(tab *browsertest.Tab) stats {
	tab.T.Helper()
	s := browsertest.Eval[string](tab, `JSON.stringify(yiyue._b.rt.readStats())`)
	var st stats
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		tab.T.Fatalf("readStats: %v", err)
	}
	return st
}

// started lists the sentences that started, in order, in the log.
func started(st stats) []int {
	var out []int
	for _, e := range st.Log {
		out = append(out, e.I)
	}
	return out
}

// highlightJS is the text of the reading highlight, or "".
const highlightJS = `(() => { const h = CSS.highlights.get("yiyue-reading"); return h ? [...h].map(r => r.toString()).join("") : "" })()`

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func noErrors(t testing.TB, tab *browsertest.Tab) {
	t.Helper()
	for _, e := range tab.Errors() {
		t.Errorf("console error: %s", e)
	}
}
