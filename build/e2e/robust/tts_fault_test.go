package robust

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// ttsLog counts the speech requests a test's TTS handler received, and
// how many of them the browser gave up on.
type ttsLog struct {
	sync.Mutex
	got, cancelled int
}

func (l *ttsLog) counts() (int, int) {
	l.Lock()
	defer l.Unlock()
	return l.got, l.cancelled
}

// ttsFault serves /tts broken in one way, counting requests.
func ttsFault(how string, l *ttsLog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		l.Lock()
		l.got++
		l.Unlock()
		switch how {
		case "503":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "slow":
			select {
			case <-time.After(10 * time.Second):
				http.Error(w, "too late", http.StatusGatewayTimeout)
			case <-r.Context().Done():
				l.Lock()
				l.cancelled++
				l.Unlock()
			}
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><title>error</title><p>the gateway is down</p>" + strings.Repeat("<!-- -->", 500)))
		case "garbage":
			// Says audio/mpeg, is not.
			w.Header().Set("Content-Type", "audio/mpeg")
			b := make([]byte, 64<<10)
			for i := range b {
				b[i] = byte(i*7 + i>>8)
			}
			w.Write(b)
		case "8khz":
			// MPEG 2.5 at 8 kHz, which the decoder does not read: frame
			// headers only, each with an empty frame after it.
			w.Header().Set("Content-Type", "audio/mpeg")
			for range 200 {
				w.Write(append([]byte{0xff, 0xe3, 0x18, 0xc4}, make([]byte, 22)...))
			}
		case "wav", "wav-as-mpeg":
			// Speech as WAV, which the decoder does not read, labelled as
			// such or as MP3: a tone, whose samples hold bytes that look
			// like MP3 frame headers.
			ct := "audio/wav"
			if how == "wav-as-mpeg" {
				ct = "audio/mpeg"
			}
			w.Header().Set("Content-Type", ct)
			w.Write(wavTone(22050, 2))
		case "bad-frames":
			// MP3 frame headers, each followed by noise: no frame decodes.
			w.Header().Set("Content-Type", "audio/mpeg")
			rng := rand.New(rand.NewPCG(1, 2))
			for range 100 {
				f := make([]byte, 417)
				for i := range f {
					f[i] = byte(rng.UintN(256))
				}
				copy(f, []byte{0xff, 0xfb, 0x90, 0x64})
				w.Write(f)
			}
		case "hangup":
			w.Header().Set("Content-Type", "audio/mpeg")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
		}
	})
}

// wavTone returns secs seconds of a 440 Hz tone as 16-bit mono WAV.
func wavTone(rate, secs int) []byte {
	n := rate * secs
	b := make([]byte, 44+2*n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+2*n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], uint32(rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(2*rate))
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*n))
	for i := range n {
		v := int16(12000 * math.Sin(2*math.Pi*440*float64(i)/float64(rate)))
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(v))
	}
	return b
}

// closedPort returns a loopback URL that refuses connections.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/tts"
}

// readingFails starts reading on the report with a broken speech service
// and checks that the page is intact, no exception escapes, the widget
// says that reading is unavailable, and the other aids still work.
func TestTTSFailures(t *testing.T) {
	for _, how := range []string{"down", "503", "html", "garbage", "8khz", "wav", "wav-as-mpeg", "bad-frames", "hangup"} {
		t.Run(how, func(t *testing.T) {
			var l ttsLog
			endpoint := "/tts"
			if how == "down" {
				endpoint = closedPort(t)
			} else {
				setTTS(t, ttsFault(how, &l))
			}
			// A short page too: there, skipping every sentence that does
			// not decode would end the reading without a word.
			serveAll(t, map[string]string{"/short.html": `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>短页</title><script src="/yiyue.js" defer></script></head><body><p>第一句话。第二句话。</p></body></html>`})
			for _, pg := range []string{"short.html", "report.html"} {
				failsOn(t, pg+"?data-engine=tts&data-tts="+endpoint, &l, how)
			}
		})
	}
}

// failsOn starts reading on page, whose speech service is broken, and
// checks that the page is intact, no exception escapes, the widget says
// that reading is unavailable and logs an error, and the other aids
// still work.
func failsOn(t *testing.T, pg string, l *ttsLog, how string) {
	t.Helper()
	tab := page(t, pg)
	before := browsertest.Eval[string](tab, outer)
	if _, err := browsertest.TryEval[map[string]any](tab, `yiyue.set({reading: "continuous"})`); err != nil {
		t.Fatalf("%s: set({reading: continuous}): %v", pg, err)
	}
	// Reading gives up: the field goes back to off, and the widget says
	// why in its own UI, and in the console as an error.
	tab.Wait(`yiyue.get().reading === "off"`, 15*time.Second)
	tab.Wait(R+`.getElementById("msg").textContent !== ""`, 5*time.Second)
	if m := msg(tab); !strings.Contains(m, "朗读") || !strings.Contains(m, "暂不可用") {
		t.Errorf("%s: the widget says %q, want that 朗读 is unavailable", pg, m)
	}
	logged := false
	for _, m := range tab.Console() {
		logged = logged || m.Type == chromedp.ConsoleError && strings.Contains(m.Text, "yiyue")
	}
	if !logged {
		t.Errorf("%s: no error in the console", pg)
	}
	if got, _ := l.counts(); how != "down" && got == 0 {
		t.Errorf("%s: the speech service was never asked", pg)
	}
	if got, _ := l.counts(); got > 24 {
		t.Errorf("%s: the widget asked the broken service %d times", pg, got)
	}
	intact(t, tab, before)
	otherAidsWork(t, tab, before)
	noExceptions(t, tab)
}

// TestTTSSlow: a service that takes 10 s blocks nothing: the other aids
// answer at once, and stopping cancels the request.
func TestTTSSlow(t *testing.T) {
	var l ttsLog
	setTTS(t, ttsFault("slow", &l))
	tab := page(t, "report.html?data-engine=tts&data-tts=/tts")
	before := browsertest.Eval[string](tab, outer)
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "continuous"})`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, _ := l.counts(); got > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no speech request within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	st := browsertest.Eval[map[string]any](tab, `yiyue.set({zoom: 2, contrast: "black-on-yellow", script: "traditional"})`)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("set() took %s while the speech service was slow", took)
	}
	if st["zoom"] != 2.0 || st["script"] != "traditional" {
		t.Errorf("set() while reading: %v", st)
	}
	start = time.Now()
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
	for {
		if _, c := l.counts(); c > 0 {
			break
		}
		if time.Since(start) > 3*time.Second {
			t.Fatal("turning reading off did not cancel the pending speech request within 3 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	intact(t, tab, before)
	noExceptions(t, tab)
}

// otherAidsWork sets the other aids, checks they apply, and resets.
func otherAidsWork(t *testing.T, tab *browsertest.Tab, before string) {
	t.Helper()
	st, err := browsertest.TryEval[map[string]any](tab, `yiyue.set({zoom: 1.5, contrast: "yellow-on-black", script: "traditional"})`)
	if err != nil {
		t.Errorf("the other aids fail: %v", err)
		return
	}
	if st["zoom"] != 1.5 || st["contrast"] != "yellow-on-black" || st["script"] != "traditional" {
		t.Errorf("the other aids: %v", st)
	}
	if l := browsertest.Eval[string](tab, `document.documentElement.lang`); l != "zh-Hant" {
		t.Errorf("lang %q after converting", l)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	intact(t, tab, before)
}

// TestSiteTTSBusyAtFirst: a site's own /tts (no data-tts) that is busy
// (503) for its first two requests is asked again, and reading goes on
// once it answers: a busy answer is not taken as the site having no
// speech service, which turned read-aloud off for the visit.
func TestSiteTTSBusyAtFirst(t *testing.T) {
	svc := speechService(t)
	var mu sync.Mutex
	asked, spoken := 0, 0
	setTTS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked++
		busy := asked <= 2
		if !busy && r.Method == http.MethodGet {
			spoken++
		}
		mu.Unlock()
		if busy {
			http.Error(w, "too many speech requests", http.StatusServiceUnavailable)
			return
		}
		svc.ServeHTTP(w, r)
	}))
	tab := page(t, "report.html?data-engine=tts")
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "continuous"})`)
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n := spoken
		mu.Unlock()
		if n >= 2 {
			break
		}
		if st := browsertest.Eval[string](tab, `yiyue.get().reading`); st != "continuous" || time.Now().After(deadline) {
			t.Fatalf("reading is %q with %d sentences spoken; the widget says %q", st, n, msg(tab))
		}
		time.Sleep(100 * time.Millisecond)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
	noExceptions(t, tab)
}
