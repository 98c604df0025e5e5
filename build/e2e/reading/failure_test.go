package reading

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// noErrorsBut is noErrors, but for the errors that contain what: the
// browser's own report of a request the test failed.
func noErrorsBut(t testing.TB, tab *browsertest.Tab, what string) {
	t.Helper()
	for _, e := range tab.Errors() {
		if !strings.Contains(e, what) {
			t.Errorf("console error: %s", e)
		}
	}
}

// TestServiceFailuresKeepThePlace: a speech service that fails a
// sentence now and then (a gateway's 502, a dropped request) costs the
// reader at most that sentence, not the reading: a failure that passes
// is asked again, one sentence that keeps failing is skipped, and only a
// service that keeps failing stops reading, with 朗读：暂不可用; reading
// then starts again at the sentence that was sounding, not at the title.
func TestServiceFailuresKeepThePlace(t *testing.T) {
	// A blip: one request fails once, and is asked again. A lost sentence:
	// every request for it fails; it is skipped, and the next is read.
	for _, c := range []struct {
		name     string
		status   int
		once     bool
		next     int // the sentence that must start
		requests int // at least, for the failing sentence
	}{
		{"blip", 502, true, 2, 2},
		{"lost sentence", 500, false, 3, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab, m := startReading(t, "report.html", 2)
			waitStarted(tab, 0, 10*time.Second)
			target := readStats(tab).Texts[2]
			var mu sync.Mutex
			failed := false
			setTTSFault(t, func(text string) int {
				mu.Lock()
				defer mu.Unlock()
				if text == target && !(c.once && failed) {
					failed = true
					return c.status
				}
				return 0
			})
			press(tab, "next")
			press(tab, "next")
			waitStarted(tab, c.next, 20*time.Second)
			if n := count(m, target); n < c.requests {
				t.Errorf("the failing sentence was asked %d times, want %d at least", n, c.requests)
			}
			if r := yiyueReading(tab); r != "continuous" {
				t.Errorf("reading is %q", r)
			}
			noErrorsBut(t, tab, "Failed to load resource")
		})
	}
	t.Run("outage", func(t *testing.T) {
		tab, _ := startReading(t, "report.html", 2)
		waitStarted(tab, 0, 10*time.Second)
		for range 4 {
			press(tab, "next")
		}
		waitStarted(tab, 4, 15*time.Second)
		texts := readStats(tab).Texts
		setTTSFault(t, func(string) int { return 503 })
		tab.Wait(`yiyue.get().reading === "off"`, 30*time.Second)
		tab.Wait(R+`.getElementById("msg").textContent.includes("朗读")`, 5*time.Second)
		ttsFault.Store(nil)
		m := mark()
		press(tab, "read")
		reqs := since(m)
		for end := time.Now().Add(15 * time.Second); len(reqs) == 0 && time.Now().Before(end); reqs = since(m) {
			time.Sleep(50 * time.Millisecond)
		}
		if len(reqs) == 0 {
			t.Fatal("reading again asked the service for nothing")
		}
		at := -1
		for i, s := range texts {
			if s == reqs[0].Text {
				at = i
			}
		}
		if at < 4 {
			t.Errorf("after the service failed at sentence 4 or later, reading started again at sentence %d (%.40q)", at, reqs[0].Text)
		}
	})
}

// TestServiceThatNeverAnswers: a speech service that does not answer a
// sentence left reading silent for good, still 'continuous', and pause
// and resume asked it for nothing. Resuming now asks again at once, and a
// request with no answer in 15 s fails as a dropped one does: it is asked
// again, and reading goes on.
func TestServiceThatNeverAnswers(t *testing.T) {
	tab, _ := startReading(t, "report.html", 2)
	waitStarted(tab, 0, 10*time.Second)
	target := readStats(tab).Texts[2]
	var mu sync.Mutex
	hangs := 2 // the first request, and the one resuming sends
	setTTSHang(t, func(text string) bool {
		mu.Lock()
		defer mu.Unlock()
		hang := text == target && hangs > 0
		if hang {
			hangs--
		}
		return hang
	})
	m := mark()
	press(tab, "next")
	press(tab, "next")
	waitRequest(t, m, target, 5*time.Second)
	time.Sleep(1500 * time.Millisecond)
	press(tab, "read") // pause
	time.Sleep(300 * time.Millisecond)
	press(tab, "read") // resume
	for end := time.Now().Add(3 * time.Second); count(m, target) < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("resuming a reading that waits on the service asked it for nothing (%d requests)", count(m, target))
		}
	}
	// Unanswered again: after the time limit it is asked a third time.
	waitStarted(tab, 2, 20*time.Second)
	if n := count(m, target); n < 3 {
		t.Errorf("the sentence was asked %d times, want 3", n)
	}
	if r := yiyueReading(tab); r != "continuous" {
		t.Errorf("reading is %q", r)
	}
	noErrorsBut(t, tab, "Failed to load resource")
}

// TestServiceThatNeverAnswersAtAll: a service that takes requests and
// never answers stops reading with 朗读：暂不可用 once the first sentence
// was asked twice, each given the time limit (15 s): asked three times,
// a reader sat in silence for most of a minute.
func TestServiceThatNeverAnswersAtAll(t *testing.T) {
	setTTSHang(t, func(string) bool { return true })
	m := mark()
	tab, _ := startReading(t, "report.html", 2)
	start := time.Now()
	tab.Wait(`yiyue.get().reading === "off"`, 45*time.Second)
	tab.Wait(R+`.getElementById("msg").textContent.includes("朗读")`, 5*time.Second)
	t.Logf("reading stopped %.1f s after it started", time.Since(start).Seconds())
	first := since(m)
	if len(first) == 0 {
		t.Fatal("the service was asked for nothing")
	}
	if n := count(m, first[0].Text); n != 2 {
		t.Errorf("the first sentence was asked %d times, want 2", n)
	}
	// The console names the failure, for the site's owner.
	noErrorsBut(t, tab, "yiyue: speech service: no answer in 15 s")
}

// TestServiceThatHangsMidReading: a service that served the first
// sentences and then stops answering. Its sentence was skipped after two
// waits of 15 s, and the next waited as long again before reading
// stopped: a reader sat through a minute of silence and lost a sentence.
// A service that does not answer is down, not refusing one sentence:
// reading now stops with 朗读：暂不可用 after the two waits, asks for no
// sentence past it, and 朗读 pressed again reads on from there (from the
// last sentence heard, as after any failure).
func TestServiceThatHangsMidReading(t *testing.T) {
	var mu sync.Mutex
	n, down := 0, true
	setTTSHang(t, func(string) bool {
		mu.Lock()
		defer mu.Unlock()
		n++
		return down && n > 2
	})
	m := mark()
	tab, _ := startReading(t, "report.html", 2)
	waitRequestFor(t, m, "a third request", func(string) bool { return len(since(m)) >= 3 }, 20*time.Second)
	start := time.Now()
	heard, target := since(m)[1].Text, since(m)[2].Text
	tab.Wait(`yiyue.get().reading === "off"`, 50*time.Second)
	took := time.Since(start)
	t.Logf("reading stopped %.1f s after the service stopped answering", took.Seconds())
	if took > 40*time.Second {
		t.Errorf("reading stopped %.1f s after the service stopped answering, want about 31 s", took.Seconds())
	}
	if msg := browsertest.Eval[string](tab, R+`.getElementById("msg").textContent`); !strings.Contains(msg, "朗读") {
		t.Errorf("the widget says %q, want 朗读：暂不可用", msg)
	}
	for _, r := range since(m)[2:] {
		if r.Text != target {
			t.Errorf("after the service stopped answering at %.40q, it was asked for %.40q", target, r.Text)
		}
	}
	mu.Lock()
	down = false
	mu.Unlock()
	m = mark()
	press(tab, "read")
	waitRequestFor(t, m, "a request", func(string) bool { return true }, 10*time.Second)
	if first := since(m)[0].Text; first != target && first != heard {
		t.Errorf("read again, reading started at %.40q, not at the sentence the service did not answer (%.40q) or the last one heard", first, target)
	}
	noErrorsBut(t, tab, "yiyue: speech service: no answer in 15 s")
}

// TestPauseHoldsThroughStepsAndSwitch: a paused reading stays paused when
// the reader steps to the next sentence or switches the page to 繁體: the
// place moves, the pause holds, and nothing is heard till they resume.
func TestPauseHoldsThroughStepsAndSwitch(t *testing.T) {
	tab, _ := startReading(t, "report.html", 2)
	waitStarted(tab, 1, 20*time.Second)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().paused && `+control("read")+`.textContent === "继续"`, 3*time.Second)
	for _, step := range []struct {
		name string
		do   func()
	}{
		{"next", func() { press(tab, "next") }},
		{"traditional", func() { browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional"})`) }},
		{"previous", func() { press(tab, "prev") }},
	} {
		step.do()
		time.Sleep(700 * time.Millisecond)
		a := readStats(tab)
		time.Sleep(1200 * time.Millisecond)
		b := readStats(tab)
		label := browsertest.Eval[string](tab, control("read")+`.textContent`)
		if !b.Paused || b.CtxTime != a.CtxTime || label != "继续" && label != "繼續" {
			t.Errorf("after %s while paused: paused %v, clock %.3f ⇒ %.3f s, read button %q", step.name, b.Paused, a.CtxTime, b.CtxTime, label)
		}
	}
	press(tab, "read")
	tab.Wait(`!yiyue._b.rt.readStats().paused`, 3*time.Second)
	a := readStats(tab)
	time.Sleep(1500 * time.Millisecond)
	if b := readStats(tab); b.CtxTime <= a.CtxTime+0.2 {
		t.Errorf("the clock did not move after resuming: %.3f ⇒ %.3f s", a.CtxTime, b.CtxTime)
	}
	noErrors(t, tab)
}
