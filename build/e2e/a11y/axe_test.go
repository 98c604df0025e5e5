package a11y

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// axeVersion is the pinned axe-core (build/package.json).
const axeVersion = "4.14.1"

var axeSrc struct {
	sync.Once
	s   string
	err error
}

// injectAxe loads axe-core into the page from build/node_modules, where
// `go run ./build test` installs the pinned version.
func injectAxe(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	axeSrc.Do(func() {
		b, err := os.ReadFile(filepath.Join(env.Root, "build", "node_modules", "axe-core", "axe.min.js"))
		axeSrc.s, axeSrc.err = string(b), err
	})
	if axeSrc.err != nil {
		t.Fatalf("axe-core is not installed (run `go run ./build test`, or npm --prefix build install): %v", axeSrc.err)
	}
	if _, err := browsertest.TryEval[bool](tab, `!!window.axe`); err != nil {
		t.Fatal(err)
	}
	if has := browsertest.Eval[bool](tab, `!!window.axe`); !has {
		tab.Do(chromedp.Evaluate[chromedp.Void](axeSrc.s))
	}
	if v := browsertest.Eval[string](tab, `axe.version`); v != axeVersion {
		t.Fatalf("axe-core %s loaded, want %s", v, axeVersion)
	}
}

type axeNode struct {
	Target  json.RawMessage `json:"target"`
	HTML    string          `json:"html"`
	Summary string          `json:"failureSummary"`
}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

// widget reports whether an axe target is the widget's host or inside its
// shadow root; axe gives a shadow DOM target as an array of selectors that
// starts with the host's.
func (n axeNode) widget() bool { return strings.Contains(string(n.Target), "#yiyue-host") }

// runAxe audits the whole document, open shadow roots included, with
// axe's default rules plus two it leaves off by default, the AAA contrast
// rule (1.4.6) and target size (2.5.8), and returns the violations.
func runAxe(t *testing.T, tab *browsertest.Tab) []axeViolation {
	t.Helper()
	injectAxe(t, tab)
	js := `axe.run(document, {resultTypes: ["violations"], rules: {"color-contrast-enhanced": {enabled: true}, "target-size": {enabled: true}}})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary}))}))))`
	s := browsertest.Eval[string](tab, js)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(s), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return vs
}

// split counts the violating nodes per rule, for the widget and the page.
func split(vs []axeViolation) (widget []string, page map[string]int) {
	page = map[string]int{}
	for _, v := range vs {
		for _, n := range v.Nodes {
			if n.widget() {
				widget = append(widget, v.ID+" ("+v.Impact+"): "+string(n.Target)+" "+n.HTML+" — "+n.Summary)
			} else {
				page[v.ID]++
			}
		}
	}
	return widget, page
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

func rules(m map[string]int) string {
	var out []string
	for id, c := range m {
		out = append(out, id+"×"+itoa(c))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// auditModes are the modes the audit runs in: the list.
var auditModes = []struct{ name, patch string }{
	{"default", `{}`},
	{"traditional", `{script: "traditional"}`},
	{"yellow-on-black", `{contrast: "yellow-on-black"}`},
	{"white-on-black", `{contrast: "white-on-black"}`},
	{"black-on-white", `{contrast: "black-on-white"}`},
	{"black-on-yellow", `{contrast: "black-on-yellow"}`},
	{"yellow-on-blue", `{contrast: "yellow-on-blue"}`},
	{"zoom-200", `{zoom: 2}`},
	{"elder", `{elder: true}`},
	{"reading", `{reading: "continuous"}`},
}

// TestAxeInEveryMode runs axe-core on the report with the toolbar and its
// help panel open, in every mode: no violation may involve the widget,
// and the page's own violations, rule by rule, may not exceed those of
// the same page without yiyue.
func TestAxeInEveryMode(t *testing.T) {
	base := env.Tab(t)
	base.Go("report.html?no-widget")
	if browsertest.Eval[bool](base, `!!document.getElementById("yiyue-host") || "yiyue" in window`) {
		t.Fatal("the baseline page still has the widget")
	}
	_, basePage := split(runAxe(t, base))
	t.Logf("report.html without yiyue: %d page violations (%s)", total(basePage), rules(basePage))

	// One tab, reset between modes: what a mode leaves behind after reset
	// would show in the next mode's audit.
	tab := page(t, "report.html?data-tts=/tts")
	open(t, tab)
	for _, m := range auditModes {
		t.Run(m.name, func(t *testing.T) {
			set(t, tab, m.patch)
			// The help panel is part of the widget; audit it open.
			if browsertest.Eval[bool](tab, R+`.getElementById("help").hidden`) {
				tab.Do(chromedp.Evaluate[chromedp.Void](R + `.querySelector("[data-id=help]").click()`))
				tab.Wait(`!`+R+`.getElementById("help").hidden`, 2*time.Second)
			}
			settle(tab)
			widget, pg := split(runAxe(t, tab))
			t.Logf("%s: %d widget violations; %d page violations (%s)", m.name, len(widget), total(pg), rules(pg))
			for _, w := range widget {
				t.Errorf("widget violation: %s", w)
			}
			for id, n := range pg {
				if n > basePage[id] {
					t.Errorf("page violations of %s rose from %d to %d", id, basePage[id], n)
				}
			}
			shot(t, tab, "axe-"+m.name)
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
		})
	}
	noErrors(t, tab)
}

// settle waits until two frames have passed; the tabs emulate reduced
// motion, so no transition is under way.
func settle(tab *browsertest.Tab) {
	frames(tab)
}
