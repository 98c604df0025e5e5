package robust

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/input"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

//go:embed testdata/property.js
var propertyJS string

// readingModes are the reading values the property test sets. Reading
// aloud needs the reading glue and audio; until the glue lands, only
// "off" is set (rate and volume are set over their whole range).
var readingModes = []string{"off"}

// seed is the property tests' seed: $YIYUE_SEED, or else the clock. It is
// logged, and printed with every failure, so that any run can be replayed.
func seed(t *testing.T) int64 {
	if s := os.Getenv("YIYUE_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			t.Fatalf("YIYUE_SEED=%q: %v", s, err)
		}
		return n
	}
	return time.Now().UnixNano() % (1 << 31)
}

// sequences is how many sequences a property test runs: def, or
// $YIYUE_SEQUENCES for each. By default the two pages share 1,000
// sequences: 850 on the dynamic page, 150 on the forms page.
func sequences(t *testing.T, def int) int {
	if s := os.Getenv("YIYUE_SEQUENCES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("YIYUE_SEQUENCES=%q: want a positive number", s)
		}
		return n
	}
	return def
}

type propStats struct {
	Seqs, Sets, Rejects, PageOps, Checks int
	Ms                                   map[string]float64
	Failure                              *struct {
		Seq  int
		Msg  string
		Ops  []any
		Diff *struct {
			At      int
			Lengths []int
			Page    string
			Twin    string
		}
	}
}

// heap returns the tab's used JS heap after a garbage collection.
func heap(t *testing.T, tab *browsertest.Tab) float64 {
	t.Helper()
	if _, err := chromedp.Call(tab.Ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		t.Fatalf("collect garbage: %v", err)
	}
	u, err := chromedp.Call(tab.Ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		t.Fatalf("heap usage: %v", err)
	}
	return u.UsedSize
}

// property runs n random sequences of 20 operations on path, in batches
// of one Evaluate each, against the page's twin without the widget.
func property(t *testing.T, path string, n int, box string, ops []string) *browsertest.Tab {
	t.Helper()
	s := seed(t)
	t.Logf("report: property %s seed=%d sequences=%d (replay: YIYUE_SEED=%d go test -run '%s' ./build/e2e/robust/)", path, s, n, s, t.Name())
	tab := page(t, path)
	browsertest.Eval[bool](tab, propertyJS+";true")
	q := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		q = path[i:]
		path = path[:i]
	}
	opts := map[string]any{"len": 20, "reading": readingModes, "box": box, "ops": ops}
	o, _ := json.Marshal(opts)
	if !browsertest.Eval[bool](tab, `__property.prepare("/twin/`+path+q+`", `+string(o)+`)`) {
		t.Fatal("the page and its twin differ before any operation: the comparison is broken")
	}
	if !browsertest.Eval[bool](tab, `__property.selfTest()`) {
		t.Fatal("the comparison does not see a one-character change")
	}
	sheets := browsertest.Eval[int](tab, `document.adoptedStyleSheets.length`)
	opts["seed"], opts["sheets"] = s, sheets
	const batch = 50
	var total propStats
	var batches []string
	browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
	heap0 := heap(t, tab)
	start := time.Now()
	for from := 0; from < n; from += batch {
		bstart := time.Now()
		opts["from"], opts["count"] = from, min(batch, n-from)
		js, _ := json.Marshal(opts)
		st, err := browsertest.TryEval[propStats](tab, `__property.run(`+string(js)+`)`)
		if err != nil {
			t.Fatalf("seed %d: batch from sequence %d: %v", s, from, err)
		}
		batches = append(batches, time.Since(bstart).Round(time.Millisecond).String())
		total.Seqs += st.Seqs
		total.Sets += st.Sets
		total.Rejects += st.Rejects
		total.PageOps += st.PageOps
		total.Checks += st.Checks
		if total.Ms == nil {
			total.Ms = map[string]float64{}
		}
		for k, v := range st.Ms {
			total.Ms[k] += v
		}
		if f := st.Failure; f != nil {
			ops, _ := json.Marshal(f.Ops)
			msg := fmt.Sprintf("seed %d, sequence %d (YIYUE_SEED=%d): %s\noperations: %s", s, f.Seq, s, f.Msg, ops)
			if d := f.Diff; d != nil {
				msg += fmt.Sprintf("\nfirst difference at byte %d (lengths page %d, twin %d):\npage: %q\ntwin: %q", d.At, d.Lengths[0], d.Lengths[1], d.Page, d.Twin)
			}
			t.Fatal(msg)
		}
	}
	took := time.Since(start)
	t.Logf("report: property %s: %d sequences × 20 ops in %s (%.1f ms/sequence): %d valid sets, %d invalid sets rejected, %d page edits, %d state checks",
		path, total.Seqs, took.Round(time.Millisecond), float64(took.Milliseconds())/float64(max(total.Seqs, 1)), total.Sets, total.Rejects, total.PageOps, total.Checks)
	t.Logf("time by operation (ms): %v; by batch of %d: %v", total.Ms, batch, batches)
	heap1 := heap(t, tab)
	t.Logf("report: property %s: JS heap %.1f MB with the widget loaded, %.1f MB after the run", path, heap0/1e6, heap1/1e6)
	// The widget keeps nothing per operation: the run must not leave the
	// page's heap much larger than it was with the widget loaded.
	if heap1 > heap0+16e6 {
		t.Errorf("the JS heap grew from %.1f MB to %.1f MB over the run", heap0/1e6, heap1/1e6)
	}
	if total.Seqs != n {
		t.Fatalf("ran %d sequences, want %d", total.Seqs, n)
	}
	noExceptions(t, tab)
	return tab
}

// TestPropertyDynamicPage runs random State changes against a page that
// inserts, changes and removes its own text (dynamic.html's hooks, plus
// generic edits of text, attributes and <head>), and checks after every
// sequence that reset() restores the DOM exactly as the twin has it.
func TestPropertyDynamicPage(t *testing.T) {
	property(t, "dynamic.html?ticker=0", sequences(t, 850), "#more-list",
		[]string{"append", "change", "remove", "append", "change", "remove", "insert", "edit", "retitle", "drop", "head", "unhead"})
}

// TestPropertyFormsPage runs the same on the forms page, whose own script
// counts clicks, and then checks that its form still submits what the user
// typed, with the widget on.
func TestPropertyFormsPage(t *testing.T) {
	tab := property(t, "forms.html", sequences(t, 150), "#news-service",
		[]string{"click", "click", "type", "insert", "edit", "retitle", "drop"})

	// With conversion, zoom and contrast on, the counter still counts and
	// the form submits the typed value, unconverted.
	browsertest.Eval[map[string]any](tab, `yiyue.set({open: false, script: "traditional", zoom: 2, contrast: "yellow-on-black", elder: true})`)
	before := browsertest.Eval[int](tab, `portalForms.clicks()`)
	for i := 0; i < 3; i++ {
		tab.Do(chromedp.Click(chromedp.CSS("#counter")))
	}
	if got := browsertest.Eval[string](tab, `document.getElementById("count").textContent`); got != strconv.Itoa(before+3) {
		t.Errorf("after three clicks the counter shows %q, want %d; at the button's centre: %s", got, before+3,
			browsertest.Eval[string](tab, `(() => { const r = document.getElementById("counter").getBoundingClientRect(); let e = document.elementFromPoint(r.x + r.width/2, r.y + r.height/2); return JSON.stringify([r.x, r.y, r.width, r.height, innerHeight, e && e.outerHTML.slice(0, 300), (e = e && e.shadowRoot && e.shadowRoot.elementFromPoint(r.x + r.width/2, r.y + r.height/2)) && e.outerHTML.slice(0, 300), e && getComputedStyle(e).pointerEvents, yiyue.get().open, `+R+`.getElementById("dock").hidden, `+R+`.getElementById("panel").hidden, JSON.stringify(`+R+`.getElementById("dock").getBoundingClientRect())]) })()`))
	}
	const typed = "张发 <b>&amp;"
	browsertest.Eval[bool](tab, `(() => { const f = document.getElementById("f-name"); f.value = ""; f.focus(); return document.activeElement === f })()`)
	if _, err := chromedp.Call(tab.Ctx, input.InsertText, input.InsertTextParams{Text: typed}); err != nil {
		t.Fatal(err)
	}
	if v := browsertest.Eval[string](tab, `document.getElementById("f-name").value`); v != typed {
		t.Fatalf("the name field holds %q after typing %q", v, typed)
	}
	browsertest.Eval[bool](tab, `new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`)
	if v := browsertest.Eval[string](tab, `document.getElementById("f-name").value`); v != typed {
		t.Errorf("the widget changed what the user typed: %q, typed %q", v, typed)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("apply-form").requestSubmit()`))
	tab.Wait(`location.search.includes("name=") && document.readyState === "complete" && window.yiyue`, 10*time.Second)
	q, err := url.ParseQuery(strings.TrimPrefix(browsertest.Eval[string](tab, `location.search`), "?"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("name") != typed {
		t.Errorf("the form submitted name=%q, typed %q", q.Get("name"), typed)
	}
	browsertest.Eval[map[string]any](tab, `yiyue.reset()`)
	if res := browsertest.Eval[string](tab, `document.getElementById("result").textContent`); !strings.Contains(res, typed) {
		t.Errorf("the page's result line %q does not repeat the typed name %q", res, typed)
	}
	noExceptions(t, tab)
}
