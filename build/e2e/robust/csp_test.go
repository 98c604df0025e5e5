package robust

import (
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/tts"
)

// The policies the portal runs under: the one the issue names, and a
// stricter one of the kind portals send, with default-src 'self' (the
// large cursors are data: images, so img-src names data:). CSP.md
// documents both.
const (
	IssueCSP  = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'"
	StrictCSP = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

// violations records every CSP violation the document reports, from
// before any script runs.
const violations = `(() => {
	window.__csp = []
	document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber + " " + (e.sample || "")))
})()`

var speech struct {
	sync.Once
	svc *tts.Service
	err error
}

// speechService is yiyue's real TTS service (espeak-ng and LAME), made
// once for the package.
func speechService(t *testing.T) *tts.Service {
	t.Helper()
	speech.Do(func() {
		speech.svc, speech.err = tts.New(tts.Options{ErrorLog: log.New(io.Discard, "", 0)})
	})
	if speech.err != nil {
		// `go run ./build test` installs espeak-ng and LAME: a missing
		// program fails, it never skips.
		t.Fatalf("the TTS service cannot start: %v", speech.err)
	}
	return speech.svc
}

// TestStrictCSP runs the example portal under the strict policy and uses
// every feature, through the toolbar and through the API: no violation,
// no console error, and each feature does what it does without a CSP.
func TestStrictCSP(t *testing.T) {
	setTTS(t, speechService(t))
	for _, c := range []struct{ name, csp, page string }{
		{"issue", IssueCSP, "report.html"}, {"issue", IssueCSP, "forms.html"},
		{"issue", IssueCSP, "dynamic.html?ticker=0"}, {"issue", IssueCSP, "hostile.html"},
		{"strict", StrictCSP, "index.html"},
	} {
		p := c.page
		t.Run(c.name+"/"+strings.TrimSuffix(strings.Split(p, "?")[0], ".html"), func(t *testing.T) {
			setCSP(t, c.csp)
			tab := page(t, p+sep(p)+"data-tts=/tts&data-engine=tts", violations)
			before := browsertest.Eval[string](tab, outer)
			clickLauncher(tab)
			tab.Wait(`yiyue.get().open === true`, 10*time.Second)
			// Every control of the toolbar, pressed or changed as a user
			// does (close last).
			pressed := browsertest.Eval[[]string](tab, `(async () => {
				const r = `+R+`, done = []
				const frame = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 30)))
				for (const el of r.querySelectorAll("#dock [data-id]")) {
					const id = el.getAttribute("data-id")
					if (id == "close") continue
					if (el.tagName == "SELECT") {
						for (const o of el.options) { el.value = o.value; el.dispatchEvent(new Event("change", {bubbles: true})); await frame() }
					} else {
						el.click(); await frame()
						if (id != "help") { el.click(); await frame() }
					}
					done.push(id)
				}
				return done
			})()`)
			if len(pressed) < 15 {
				t.Errorf("only %d toolbar controls found: %v", len(pressed), pressed)
			}
			// And through the API, checking that each applies.
			st := browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional", variant: "hk", zoom: 2, contrast: "yellow-on-blue", elder: true, links: true, spacing: true, shortcuts: true})`)
			if st["script"] != "traditional" || st["zoom"] != 2.0 {
				t.Errorf("set under the strict CSP: %v", st)
			}
			if l := browsertest.Eval[string](tab, `document.documentElement.lang`); l != "zh-HK" {
				t.Errorf("lang %q under the strict CSP", l)
			}
			applied := browsertest.Eval[map[string]any](tab, `(() => {
				const p = document.querySelector("main p, #content p, p")
				return {
					attr: document.documentElement.getAttribute("data-yiyue"),
					sheets: document.adoptedStyleSheets.length,
					color: getComputedStyle(p).color,
					guide: !!`+R+`.querySelector(".yiyue-guide"),
					toolbarStyled: getComputedStyle(`+R+`.getElementById("dock")).position,
				}
			})()`)
			if a, _ := applied["attr"].(string); !strings.Contains(a, "yellow-on-blue") || !strings.Contains(a, "zoom") {
				t.Errorf("the view did not apply under the strict CSP: %v", applied)
			}
			if applied["color"] != "rgb(255, 255, 0)" {
				t.Errorf("yellow-on-blue text colour under the strict CSP: %v", applied["color"])
			}
			if applied["guide"] != true || applied["toolbarStyled"] != "fixed" {
				t.Errorf("the elder aids or the toolbar's stylesheet did not apply: %v", applied)
			}
			// Reading: the service is asked and audio is scheduled.
			browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "continuous"})`)
			tab.Wait(`performance.getEntriesByType("resource").some(e => e.name.includes("/tts?"))`, 10*time.Second)
			time.Sleep(300 * time.Millisecond)
			browsertest.Eval[map[string]any](tab, `yiyue.set({reading: "off"})`)
			browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
			browsertest.Eval[map[string]any](tab, `yiyue.close()`)
			intact(t, tab, before)
			if v := browsertest.Eval[[]string](tab, `window.__csp`); len(v) > 0 {
				t.Errorf("CSP violations: %q", v)
			}
			if e := tab.Errors(); len(e) > 0 {
				t.Errorf("console errors: %q", e)
			}
			noExceptions(t, tab)
		})
	}
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

// TestTrustedTypes: a site that enforces Trusted Types lets the widget's
// one script URL through with "trusted-types yiyue"; a site that does not
// name the policy gets the failure message and an untouched page.
func TestTrustedTypes(t *testing.T) {
	t.Run("allowed", func(t *testing.T) {
		setCSP(t, IssueCSP+"; require-trusted-types-for 'script'; trusted-types yiyue")
		tab := page(t, "report.html", violations)
		before := browsertest.Eval[string](tab, outer)
		clickLauncher(tab)
		tab.Wait(`yiyue.get().open === true`, 10*time.Second)
		st := browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional", zoom: 2, elder: true})`)
		if st["script"] != "traditional" {
			t.Errorf("set under Trusted Types: %v", st)
		}
		browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
		browsertest.Eval[map[string]any](tab, `yiyue.close()`)
		intact(t, tab, before)
		if v := browsertest.Eval[[]string](tab, `window.__csp`); len(v) > 0 {
			t.Errorf("CSP violations: %q", v)
		}
		noExceptions(t, tab)
	})
	t.Run("not allowed", func(t *testing.T) {
		loadFails(t, nil, IssueCSP+"; require-trusted-types-for 'script'; trusted-types other")
	})
}
