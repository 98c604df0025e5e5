// Package script holds the browser tests of 简繁 switching: the whole page
// converted in place, exactly restored, dynamic content, lang, and the
// portal's own links.
package script

import (
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
	st := browsertest.Eval[map[string]any](tab, `yiyue.set({script: "traditional"})`)
	if st["script"] != "traditional" {
		t.Fatalf("state after set: %v", st)
	}
	got := browsertest.Eval[[]string](tab, texts)
	if len(got) != len(orig) {
		t.Fatalf("%d text nodes after conversion, %d before", len(got), len(orig))
	}
	changed := 0
	for i := range orig {
		if want := s2t.Convert(orig[i]); got[i] != want {
			t.Errorf("text %d = %q, want %q", i, got[i], want)
		}
		if got[i] != orig[i] {
			changed++
		}
	}
	if changed < 50 {
		t.Errorf("only %d text nodes changed", changed)
	}
	if tt := browsertest.Eval[string](tab, `document.title`); tt != s2t.Convert(title) {
		t.Errorf("title = %q, want %q", tt, s2t.Convert(title))
	}
	if lang := browsertest.Eval[string](tab, `document.documentElement.lang`); lang != "zh-Hant" {
		t.Errorf("html lang = %q, want zh-Hant", lang)
	}
	if !strings.Contains(strings.Join(got, ""), "統一出件") {
		t.Error("統一出件 missing: the correction list is not applied")
	}
	noops := browsertest.Eval[int](tab, `window.__writes.filter(w => w[0] === w[1]).length`)
	if noops != 0 {
		t.Errorf("%d writes left a node's text unchanged", noops)
	}

	browsertest.Eval[map[string]any](tab, `yiyue.set({script: "original"})`)
	if after := browsertest.Eval[string](tab, outer); after != before {
		t.Errorf("outerHTML differs after switching back (%d vs %d bytes)", len(after), len(before))
		for i := 0; i < len(after) && i < len(before); i++ {
			if after[i] != before[i] {
				lo := max(0, i-80)
				t.Logf("first difference at %d:\nbefore: %q\nafter:  %q", i, before[lo:min(len(before), i+80)], after[lo:min(len(after), i+80)])
				break
			}
		}
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
