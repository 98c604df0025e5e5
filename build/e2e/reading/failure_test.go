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

// requestsFor counts the requests for text after mark m.
func requestsFor(m int, text string) int {
	n := 0
	for _, r := range since(m) {
		if r.Text == text {
			n++
		}
	}
	return n
}

// TestServiceFailuresKeepThePlace: a speech service that fails a
// sentence now and then (a gateway's 502, a dropped request) costs the
// reader at most that sentence, not the reading: a failure that passes
// is asked again, one sentence that keeps failing is skipped, and only a
// service that keeps failing stops reading, with 朗读：暂不可用; reading
// then starts again at the sentence that was sounding, not at the title.
func TestServiceFailuresKeepThePlace(t *testing.T) {
	t.Run("blip", func(t *testing.T) {
		tab, m := startReading(t, "report.html", 2)
		waitStarted(tab, 0, 10*time.Second)
		target := readStats(tab).Texts[2]
		var mu sync.Mutex
		failed := false
		setTTSFault(t, func(text string) int {
			mu.Lock()
			defer mu.Unlock()
			if text == target && !failed {
				failed = true
				return 502
			}
			return 0
		})
		press(tab, "next")
		press(tab, "next")
		waitStarted(tab, 2, 15*time.Second)
		if n := requestsFor(m, target); n < 2 {
			t.Errorf("the sentence whose request failed once was asked %d times, want it asked again", n)
		}
		if r := yiyueReading(tab); r != "continuous" {
			t.Errorf("after one failed request reading is %q", r)
		}
		noErrorsBut(t, tab, "Failed to load resource")
	})
	t.Run("lost sentence", func(t *testing.T) {
		tab, m := startReading(t, "report.html", 2)
		waitStarted(tab, 0, 10*time.Second)
		target := readStats(tab).Texts[2]
		setTTSFault(t, func(text string) int {
			if text == target {
				return 500
			}
			return 0
		})
		press(tab, "next")
		press(tab, "next")
		waitStarted(tab, 3, 20*time.Second)
		if n := requestsFor(m, target); n < 3 {
			t.Errorf("the sentence the service always failed was asked %d times, want 3 at least", n)
		}
		if r := yiyueReading(tab); r != "continuous" {
			t.Errorf("after one lost sentence reading is %q", r)
		}
		noErrorsBut(t, tab, "Failed to load resource")
	})
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
