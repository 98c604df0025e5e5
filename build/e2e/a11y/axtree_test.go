package a11y

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// featureModes are the states each feature produces, one at a time and
// all together; converts marks those that may change text.
var featureModes = []struct {
	name, patch string
	converts    bool
}{
	{"traditional", `{script: "traditional"}`, true},
	{"traditional-hk", `{script: "traditional", variant: "hk"}`, true},
	{"zoom-150", `{zoom: 1.5}`, false},
	{"zoom-300", `{zoom: 3}`, false},
	{"yellow-on-black", `{contrast: "yellow-on-black"}`, false},
	{"white-on-black", `{contrast: "white-on-black"}`, false},
	{"black-on-white", `{contrast: "black-on-white"}`, false},
	{"black-on-yellow", `{contrast: "black-on-yellow"}`, false},
	{"yellow-on-blue", `{contrast: "yellow-on-blue"}`, false},
	{"elder", `{elder: true}`, false},
	{"cursor", `{cursor: true}`, false},
	{"guide", `{guide: true}`, false},
	{"caption", `{caption: true}`, false},
	{"spacing", `{spacing: true}`, false},
	{"links", `{links: true}`, false},
	{"reading", `{reading: "continuous"}`, false},
	{"point", `{reading: "point"}`, false},
	{"shortcuts", `{shortcuts: true}`, false},
	{"everything", `{script: "traditional", zoom: 2, contrast: "yellow-on-black", elder: true, links: true, reading: "point", shortcuts: true}`, true},
}

// axLine is one node of the accessibility tree, flattened in tree order.
type axLine struct {
	depth int
	text  string
}

// axTree returns Chromium's full accessibility tree of the page, as one
// line per node (role, name, value, description, properties, ignored
// reasons) in tree order, without the widget's host and what is under it,
// without the "focused" state, which moves to the toolbar by design, and
// without inline text boxes (how text wraps).
func axTree(t *testing.T, tab *browsertest.Tab) []axLine {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	skip := map[int64]bool{}
	if hosts, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#yiyue-host"), chromedp.AtLeast(0))); err != nil {
		t.Fatalf("find the widget's host: %v", err)
	} else {
		for _, h := range hosts {
			skip[h.BackendNodeID.Int64()] = true
		}
	}
	res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatalf("Accessibility.getFullAXTree: %v", err)
	}
	byID := map[accessibility.NodeID]*accessibility.Node{}
	for _, n := range res.Nodes {
		byID[n.NodeID] = n
	}
	var out []axLine
	var walk func(n *accessibility.Node, depth int)
	walk = func(n *accessibility.Node, depth int) {
		// Inline text boxes are lines of wrapped text: layout, which zoom
		// and spacing are meant to change, not semantics.
		if n == nil || skip[n.BackendDOMNodeID.Int64()] || axValue(n.Role) == "InlineTextBox" {
			return
		}
		out = append(out, axLine{depth, describe(n)})
		for _, c := range n.ChildIDs {
			walk(byID[c], depth+1)
		}
	}
	if len(res.Nodes) == 0 {
		t.Fatal("empty accessibility tree")
	}
	walk(res.Nodes[0], 0)
	return out
}

func describe(n *accessibility.Node) string {
	var b strings.Builder
	b.WriteString(axValue(n.Role))
	for _, v := range []struct {
		k string
		v *accessibility.Value
	}{{"name", n.Name}, {"value", n.Value}, {"desc", n.Description}} {
		if s := axValue(v.v); s != "" {
			b.WriteString(" " + v.k + "=" + s)
		}
	}
	for _, p := range n.Properties {
		if p.Name == accessibility.PropertyNameFocused {
			continue
		}
		b.WriteString(" " + string(p.Name) + "=" + axValue(p.Value))
	}
	if n.Ignored {
		b.WriteString(" IGNORED")
		for _, r := range n.IgnoredReasons {
			b.WriteString(" " + string(r.Name))
		}
	}
	return b.String()
}

func axValue(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	s := string(v.Value)
	var str string
	if json.Unmarshal(v.Value, &str) == nil {
		s = str
	}
	for _, r := range v.RelatedNodes {
		s += "→" + r.Idref + r.Text
	}
	return s
}

// sameButConverted reports whether two lines differ only in Han
// characters at the same positions: what 简繁 conversion may change. The
// conversions yiyue offers map characters and phrases to ones of the same
// length.
func sameButConverted(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if ra[i] != rb[i] && !(unicode.Is(unicode.Han, ra[i]) && unicode.Is(unicode.Han, rb[i])) {
			return false
		}
	}
	return true
}

// diffAX compares two trees; converts allows converted text.
func diffAX(before, after []axLine, converts bool) []string {
	var out []string
	n := max(len(before), len(after))
	for i := 0; i < n && len(out) < 10; i++ {
		switch {
		case i >= len(before):
			out = append(out, "added: "+after[i].text)
		case i >= len(after):
			out = append(out, "removed: "+before[i].text)
		case before[i].depth != after[i].depth:
			out = append(out, "moved: "+before[i].text+" ⇒ "+after[i].text)
		case before[i].text == after[i].text:
		case converts && sameButConverted(before[i].text, after[i].text):
		default:
			out = append(out, "changed: "+before[i].text+" ⇒ "+after[i].text)
		}
	}
	return out
}

// domSemantics lists, for every element of the page outside the widget,
// the attributes that carry semantics (role, tabindex, aria-hidden,
// hidden, inert, alt's presence) and the heading levels: what the widget
// must never add, change or remove.
func domSemantics(tab *browsertest.Tab) string {
	return browsertest.Eval[string](tab, `(() => {
		const host = document.getElementById("yiyue-host")
		const out = []
		for (const e of document.querySelectorAll("*")) {
			if (host && (e === host || host.contains(e))) continue
			let s = e.tagName
			for (const a of ["role", "tabindex", "aria-hidden", "hidden", "inert", "aria-live", "aria-modal"])
				if (e.hasAttribute(a)) s += " " + a + "=" + e.getAttribute(a)
			if (e.hasAttribute("alt")) s += " alt"
			out.push(s)
		}
		return out.join("\n")
	})()`)
}

// TestAccessibilityTreeUnchanged compares Chromium's full accessibility
// tree of the report and of the forms-and-tables page before and after
// each feature: equal but for converted text (and lang, which the tree
// does not carry), the widget's own subtree aside. After reset it must be
// equal, exactly.
func TestAccessibilityTreeUnchanged(t *testing.T) {
	for _, path := range []string{"report.html", "forms.html"} {
		t.Run(strings.TrimSuffix(path, ".html"), func(t *testing.T) {
			tab := page(t, path+"?data-tts=/tts")
			frames(tab)
			before, beforeDOM := axTree(t, tab), domSemantics(tab)
			if len(before) < 50 {
				t.Fatalf("only %d accessibility nodes on %s", len(before), path)
			}
			open(t, tab)
			if d := diffAX(before, axTree(t, tab), false); len(d) > 0 {
				t.Errorf("opening the toolbar changed the page's tree:\n%s", strings.Join(d, "\n"))
			}
			for _, m := range featureModes {
				set(t, tab, m.patch)
				settle(tab)
				after := axTree(t, tab)
				if d := diffAX(before, after, m.converts); len(d) > 0 {
					t.Errorf("%s changed the page's accessibility tree:\n%s", m.name, strings.Join(d, "\n"))
				}
				if got := domSemantics(tab); got != beforeDOM {
					t.Errorf("%s changed the page's semantic attributes:\n%s", m.name, strings.Join(firstDiff(beforeDOM, got), "\n"))
				}
				browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
				settle(tab)
				if d := diffAX(before, axTree(t, tab), false); len(d) > 0 {
					t.Errorf("after %s and reset, the tree differs:\n%s", m.name, strings.Join(d, "\n"))
				}
			}
			t.Logf("%s: %d accessibility nodes compared in %d modes", path, len(before), len(featureModes))
			noErrors(t, tab)
		})
	}
}

func firstDiff(a, b string) []string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(la), len(lb)) && len(out) < 5; i++ {
		x, y := "", ""
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			out = append(out, x+" ⇒ "+y)
		}
	}
	return out
}

// statusRegions counts the nodes of role status in the page's whole
// accessibility tree, the widget's included.
func statusRegions(t *testing.T, tab *browsertest.Tab) int {
	t.Helper()
	res, err := chromedp.Call(tab.Ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatalf("Accessibility.getFullAXTree: %v", err)
	}
	n := 0
	for _, x := range res.Nodes {
		if !x.Ignored && axValue(x.Role) == "status" {
			n++
		}
	}
	return n
}

// TestLiveRegionsReady: the widget's live regions are in the accessibility
// tree before anything is said into them, or a screen reader may not
// speak what appears (the message that the tools failed to load, or that
// reading is unavailable, appeared together with its box). Its
// announcements stay hidden to the eye before the toolbar was ever opened
// (a shortcut's 放大 is said then too).
func TestLiveRegionsReady(t *testing.T) {
	tab := page(t, "report.html")
	launcherShown(tab)
	if n := statusRegions(t, tab); n != 1 {
		t.Errorf("before the WASM starts, %d status regions in the accessibility tree, want 1 (the loader's message)", n)
	}
	set(t, tab, `{shortcuts: true}`)
	if n := statusRegions(t, tab); n != 2 {
		t.Errorf("once the WASM runs, %d status regions in the accessibility tree, want 2 (with the toolbar's announcements)", n)
	}
	blur(tab)
	key(tab, "=", alt, shift)
	tab.Wait(R+`.getElementById("say").textContent != ""`, 3*time.Second)
	if r := browsertest.Eval[[]float64](tab, `(() => { const r = `+R+`.getElementById("say").getBoundingClientRect(); return [r.width, r.height] })()`); r[0] > 1 || r[1] > 1 {
		t.Errorf("the announcement %q shows on the screen, %g×%g px", browsertest.Eval[string](tab, R+`.getElementById("say").textContent`), r[0], r[1])
	}
}

// TestZoomedTableMenuKeepsTree: on a page laid out with tables
// (legacy.html), text zoom at 300 % flows the menu's row of cells as a
// line of inline blocks, so that it wraps between its items; the page's
// accessibility tree stays as it was (Chromium takes its roles from the
// table's markup, not from how its cells are drawn).
func TestZoomedTableMenuKeepsTree(t *testing.T) {
	tab := page(t, "legacy.html")
	frames(tab)
	before := axTree(t, tab)
	set(t, tab, `{zoom: 3}`)
	settle(tab)
	if d := browsertest.Eval[string](tab, `getComputedStyle(document.querySelector("#nav td")).display`); d != "inline-block" {
		t.Fatalf("at 300 %% the menu's cells are %s; this test is for cells that flow (inline-block)", d)
	}
	if d := diffAX(before, axTree(t, tab), false); len(d) > 0 {
		t.Errorf("at 300 %% the page's accessibility tree changed:\n%s", strings.Join(d, "\n"))
	}
}
