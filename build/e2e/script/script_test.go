// Package script holds the browser tests of 简繁 switching: the whole page
// converted in place, exactly restored, dynamic content, lang, and the
// portal's own links.
package script

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

var env *browsertest.Env

func TestMain(m *testing.M) { browsertest.Main(m, &env, browsertest.Options{Wrap: testPages}) }

// outer is the page's HTML without the widget's own host element.
const outer = `(() => { const h = document.getElementById("yiyue-host"); const p = h && h.parentNode, n = h && h.nextSibling; h && h.remove(); const s = document.documentElement.outerHTML; h && p.insertBefore(h, n); return s })()`

// texts lists the page's text nodes outside the widget, in order.
const texts = `(() => { const out = [], w = document.createTreeWalker(document.body, 4); for (let n; n = w.nextNode();) { if (!n.parentElement.closest("#yiyue-host,script,style,noscript,textarea,code,kbd,samp,[translate=no],.notranslate,[data-yiyue-skip]")) out.push(n.data) } return out })()`

func TestWholePageConvertsAndRestoresExactly(t *testing.T) {
	s2t := env.Converter(t, "s2t")
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	before := browsertest.Eval[string](tab, outer)
	orig := browsertest.Eval[[]string](tab, texts)
	title := browsertest.Eval[string](tab, `document.title`)

	// Count writes to nodes whose text does not change.
	browsertest.Eval[bool](tab, `(() => { window.__writes = []; new MutationObserver(rs => { for (const r of rs) window.__writes.push([r.target.nodeType == 3 ? r.oldValue : r.oldValue, r.target.nodeType == 3 ? r.target.data : r.target.getAttribute(r.attributeName)]) }).observe(document, {subtree: true, characterData: true, characterDataOldValue: true, attributes: true, attributeOldValue: true, attributeFilter: ["title","alt","placeholder","aria-label","value","content"]}); return true })()`)
	// The second round converts from what the first remembered, without
	// the WASM: it must give the same page, and restore it as exactly.
	for round := 1; round <= 2; round++ {
		st := browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional"})`)
		if st["script"] != "traditional" {
			t.Fatalf("round %d: state after set: %v", round, st)
		}
		got := browsertest.Eval[[]string](tab, texts)
		if len(got) != len(orig) {
			t.Fatalf("round %d: %d text nodes after conversion, %d before", round, len(got), len(orig))
		}
		changed := 0
		for i := range orig {
			if want := s2t.Convert(orig[i]); got[i] != want {
				t.Errorf("round %d: text %d = %q, want %q", round, i, got[i], want)
			}
			if got[i] != orig[i] {
				changed++
			}
		}
		if changed < 50 {
			t.Errorf("round %d: only %d text nodes changed", round, changed)
		}
		if tt := browsertest.Eval[string](tab, `document.title`); tt != s2t.Convert(title) {
			t.Errorf("round %d: title = %q, want %q", round, tt, s2t.Convert(title))
		}
		if lang := browsertest.Eval[string](tab, `document.documentElement.lang`); lang != "zh-Hant" {
			t.Errorf("round %d: html lang = %q, want zh-Hant", round, lang)
		}
		if !strings.Contains(strings.Join(got, ""), "統一出件") {
			t.Errorf("round %d: 統一出件 missing: the correction list is not applied", round)
		}
		noops := browsertest.Eval[int](tab, `window.__writes.filter(w => w[0] === w[1]).length`)
		if noops != 0 {
			t.Errorf("round %d: %d writes left a node's text unchanged", round, noops)
		}

		browsertest.Eval[map[string]any](tab, `yiyue.set({script: "original"})`)
		restored(t, tab, before, fmt.Sprintf("round %d, switched back", round))
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
