package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/liuzl/gocc"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/widget/convert"
)

// peerNames are the converters, in the order the table shows them.
var peerNames = []string{"yiyue", "opencc-js", "simplecc-wasm", "gocc"}

// run is what bench() returns for one converter.
type run struct {
	Ready     float64   `json:"ready"`
	First     string    `json:"first"`
	SeedMs    []float64 `json:"seedMs"`
	CorpusMs  []float64 `json:"corpusMs"`
	SeedOut   string    `json:"seedOut"`
	CorpusOut string    `json:"corpusOut"`
}

// pageRun is the whole-page switch on report.html with the widget. Each
// switch is timed twice: to the converted page (the bar: the task that
// converts the page has ended, so the browser can paint it) and to the
// resolution of yiyue.set's Promise, which comes a task later, once the
// page's title is written and the choice saved (a script switch needs no
// page stylesheet, so it does not wait for one).
type pageRun struct {
	FirstUse    float64   `json:"firstUse"`
	FirstUseSet float64   `json:"firstUseSet"`
	FirstConv   float64   `json:"firstConv"`
	LoopConv    float64   `json:"loopConv"`
	Lang        string    `json:"lang"`
	Switch      []float64 `json:"switch"`
	SwitchSet   []float64 `json:"switchSet"`
	Back        []float64 `json:"back"`
	BackSet     []float64 `json:"backSet"`
	Pass        []float64 `json:"pass"`
	Button      []float64 `json:"button"`
	Nodes       int       `json:"nodes"`
	FirstUses   []float64 `json:"-"` // one per tab (measurePages)
}

// fresh opens a tab with an empty HTTP cache, so that what it loads is
// timed as a first use.
func fresh(tb testing.TB) *browsertest.Tab {
	tab := env.Tab(tb)
	if _, err := chromedp.Call(tab.Ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		tb.Fatalf("clear the HTTP cache: %v", err)
	}
	return tab
}

// measure runs one converter in its own fresh tab.
func measure(tb testing.TB, peer string, runs int) run {
	tb.Helper()
	dict, ok := env.Manifest.Lookup("s2t.dict")
	if !ok {
		tb.Fatal("dist has no s2t dictionary")
	}
	tab := fresh(tb)
	tab.Go("bench/index.html")
	tab.Wait(`window.bench`, 10*time.Second)
	r := browsertest.Eval[run](tab, fmt.Sprintf(`bench(%q, %q, %d)`, peer, "/"+dict.Name, runs))
	if errs := tab.Errors(); len(errs) > 0 {
		tb.Errorf("%s: console errors: %v", peer, errs)
	}
	return r
}

// switchJS times the whole-page switch on report.html: first use (the
// dictionary fetched, opened and the page converted, the WASM already
// loaded), then with the dictionary loaded, to Traditional and back. The
// page is converted when the task that wrote its lang has ended: a
// MutationObserver's callback runs then. Each switch with the dictionary
// loaded starts after the page has been drawn, as a reader's click does:
// a switch straight after another finds the layout still to be done and
// costs less. (Such a switch repeats one made before: the runtime replays
// it, and the WASM hears of it in a task of its own, which the time to
// the converted page leaves out and yiyue.set's resolution includes.)
// Then the same switch as a reader makes it, by the toolbar's 简/繁
// button with the toolbar open, replayed the same way: the toolbar's
// labels switch between 简体 and 繁體 in the WASM's task, after it.
const switchJS = `(async () => {
	await yiyue.load()
	const converted = () => new Promise(ok => {
		const mo = new MutationObserver(() => { mo.disconnect(); ok(performance.now()) })
		mo.observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]})
	})
	const drawn = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok)))
	const time = async p => { const c = converted(), t = performance.now(); await yiyue.set(p); const end = performance.now(); return [await c - t, end - t] }
	// The runtime's one batched pass over the page, which the WASM calls
	// inside set(), and the conversion call it makes into the WASM.
	const rt = yiyue._b.rt, cp = rt.convertPage, pass = []
	let conv = 0
	rt.convertPage = (fn, ...a) => {
		const f = fn && (s => { const t = performance.now(); try { return fn(s) } finally { conv += performance.now() - t } })
		const t = performance.now()
		try { return cp(f, ...a) } finally { pass.push(performance.now() - t) }
	}
	const [firstUse, firstUseSet] = await time({script: "traditional"})
	const firstConv = conv
	const lang = document.documentElement.lang
	await time({script: "original"})
	pass.length = 0
	const sw = [], swSet = [], back = [], backSet = []
	for (let i = 0; i < %d; i++) {
		await drawn()
		let [c, s] = await time({script: "traditional"}); sw.push(c); swSet.push(s)
		await drawn()
		;[c, s] = await time({script: "original"}); back.push(c); backSet.push(s)
	}
	rt.convertPage = cp
	// A reader's own switch: the toolbar's 简/繁 button, the toolbar open
	// (its labels switch to 繁體 a task after the page), pressed and
	// pressed again.
	await yiyue.open()
	const btn = yiyue._b.root.querySelector("[data-id=script]"), button = []
	const changed = () => new Promise(ok => document.addEventListener("yiyue:change", ok, {once: true}))
	for (let i = 0; i < %d; i++) {
		for (const to of ["traditional", "original"]) {
			await drawn()
			const c = converted(), ch = changed(), t = performance.now()
			btn.click()
			const end = await c
			if (to == "traditional") button.push(end - t)
			await ch
			if (yiyue.get().script != to) throw Error("the toolbar's button switched to " + yiyue.get().script + ", want " + to)
		}
	}
	await yiyue.close()
	return {firstUse, firstUseSet, firstConv, loopConv: conv - firstConv, lang, switch: sw, switchSet: swSet, back, backSet, pass: pass.filter((_, i) => i %% 2 == 0), button, nodes: document.body.getElementsByTagName("*").length}
})()`

func measurePage(tb testing.TB, runs int) pageRun {
	tb.Helper()
	tab := fresh(tb)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 10*time.Second)
	// Tabs share the profile's storage: a first use starts with nothing
	// that an earlier tab saved.
	if browsertest.Eval[bool](tab, `(() => { const had = localStorage.length > 0; localStorage.clear(); return had })()`) {
		tab.Go("report.html")
		tab.Wait(`window.yiyue`, 10*time.Second)
	}
	p := browsertest.Eval[pageRun](tab, fmt.Sprintf(switchJS, runs, runs))
	if errs := tab.Errors(); len(errs) > 0 {
		tb.Errorf("report.html: console errors: %v", errs)
	}
	return p
}

// measurePages runs measurePage in tabs fresh tabs. Each tab gives one
// first use, and the machine's load varies from tab to tab: the figures
// are the median over the tabs, each tab's first use listed in FirstUses.
// The switches of all tabs are pooled.
func measurePages(tb testing.TB, tabs, runs int) pageRun {
	tb.Helper()
	var all pageRun
	var conv, set []float64
	for range tabs {
		p := measurePage(tb, runs)
		all.FirstUses = append(all.FirstUses, p.FirstUse)
		conv, set = append(conv, p.FirstConv), append(set, p.FirstUseSet)
		all.Switch, all.SwitchSet = append(all.Switch, p.Switch...), append(all.SwitchSet, p.SwitchSet...)
		all.Back, all.BackSet = append(all.Back, p.Back...), append(all.BackSet, p.BackSet...)
		all.Pass = append(all.Pass, p.Pass...)
		all.Button = append(all.Button, p.Button...)
		all.LoopConv += p.LoopConv
		all.Nodes = p.Nodes
		if all.Lang == "" || p.Lang != "zh-Hant" {
			all.Lang = p.Lang
		}
	}
	all.FirstUse, all.FirstConv, all.FirstUseSet = median(all.FirstUses), median(conv), median(set)
	return all
}

// results are every figure of one run.
type results struct {
	peers       map[string]run
	page        pageRun
	seed, corp  int
	dictBrotli  int
	peerBrotli  map[string]int
	withBrotlis bool
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// mbps is MiB per second over n bytes in ms milliseconds.
func mbps(n int, ms float64) float64 { return float64(n) / (1 << 20) / (ms / 1000) }

// collect takes every figure and checks every output: runs per converter,
// and, in each of tabs fresh tabs, a first use and switches of the whole
// page to Traditional and back.
func collect(tb testing.TB, runs, tabs, switches int, sizes bool) results {
	tb.Helper()
	seed, err := os.ReadFile(filepath.Join(work, "seed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	corp, err := os.ReadFile(filepath.Join(work, "corpus.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	res := results{peers: map[string]run{}, seed: len(seed), corp: len(corp), peerBrotli: map[string]int{}, withBrotlis: sizes}
	for _, p := range peerNames {
		res.peers[p] = measure(tb, p, runs)
	}
	res.page = measurePages(tb, tabs, switches)
	f, _ := env.Manifest.Lookup("s2t.dict")
	res.dictBrotli = f.Brotli
	check(tb, res, string(seed), string(corp))
	if sizes {
		root := env.Root
		for p, files := range map[string][]string{
			"opencc-js":     {"build/node_modules/opencc-js/dist/umd/cn2t.js"},
			"simplecc-wasm": {"build/node_modules/simplecc-wasm/pkg/web/simplecc_wasm.js", "build/node_modules/simplecc-wasm/pkg/web/simplecc_wasm_bg.wasm"},
		} {
			for _, f := range files {
				res.peerBrotli[p] += brotliSize(tb, filepath.Join(root, f))
			}
		}
		res.peerBrotli["gocc"] = brotliSize(tb, filepath.Join(work, "goccwasm.wasm"))
	}
	return res
}

func brotliSize(tb testing.TB, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// check asserts correctness only: yiyue in Chromium equals the converter
// natively on the dist dictionary, gocc in Chromium equals gocc natively,
// and the npm peers converted the text.
func check(tb testing.TB, res results, seed, corp string) {
	tb.Helper()
	f, _ := env.Manifest.Lookup("s2t.dict")
	data, err := os.ReadFile(filepath.Join(env.Dist, f.Name))
	if err != nil {
		tb.Fatal(err)
	}
	c, err := convert.Open(data)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gocc.New("s2t")
	if err != nil {
		tb.Fatal(err)
	}
	gs, _ := g.Convert(seed)
	gc, _ := g.Convert(corp)
	want := map[string][2]string{"yiyue": {c.Convert(seed), c.Convert(corp)}, "gocc": {gs, gc}}
	for _, p := range peerNames {
		r := res.peers[p]
		if r.First != "漢字轉換" {
			tb.Errorf("%s: 汉字转换 → %q", p, r.First)
		}
		if w, ok := want[p]; ok {
			if r.SeedOut != w[0] {
				tb.Errorf("%s in Chromium: seed output differs from the native one", p)
			}
			if r.CorpusOut != w[1] {
				tb.Errorf("%s in Chromium: corpus output differs from the native one", p)
			}
		} else if r.SeedOut == seed || !strings.Contains(r.SeedOut, "發展") || len(r.CorpusOut) < len(corp)*9/10 {
			tb.Errorf("%s did not convert the inputs", p)
		}
	}
	if !strings.Contains(res.peers["yiyue"].SeedOut, "統一出件") {
		tb.Error("yiyue: 統一出件 missing from the seed output")
	}
	if len(res.page.Button) == 0 {
		tb.Error("no switch by the toolbar's button was timed")
	}
	if res.page.Lang != "zh-Hant" {
		tb.Errorf("report.html lang after the switch = %q, want zh-Hant", res.page.Lang)
	}
}

// report formats the figures as a table and the bars, one line each.
func (res results) report() []string {
	var out []string
	out = append(out, fmt.Sprintf("%-14s %9s %12s %10s %14s %10s %12s", "converter", "ready ms", "seed ms", "seed MB/s", "1MB corpus ms", "MB/s", "brotli KB"))
	for _, p := range peerNames {
		r := res.peers[p]
		size := "-"
		if p == "yiyue" {
			size = fmt.Sprintf("%.0f (dict)", float64(res.dictBrotli)/1024)
		} else if n, ok := res.peerBrotli[p]; ok {
			size = fmt.Sprintf("%.0f", float64(n)/1024)
		}
		sm, cm := median(r.SeedMs), median(r.CorpusMs)
		out = append(out, fmt.Sprintf("%-14s %9.1f %12.3f %10.1f %14.1f %10.1f %12s", p, r.Ready, sm, mbps(res.seed, sm), cm, mbps(res.corp, cm), size))
	}
	pg := res.page
	out = append(out, fmt.Sprintf("page switch on report.html (%d elements), timed to the converted page: first use (dictionary fetch to converted page) %.1f ms (median of %d fresh tabs: %s), of which %.1f ms in the WASM's conversion call (yiyue.set resolves after %.1f ms); with the dictionary loaded: to traditional median %.2f ms (max %.2f; yiyue.set resolves at median %.2f ms), back median %.2f ms (yiyue.set %.2f ms); by the toolbar's 简/繁 button, the toolbar open, to traditional median %.2f ms; the page pass alone (rt.convertPage, to traditional) median %.2f ms, which remembers the first pass's conversions (%.1f ms in WASM conversion calls over all %d switches)",
		pg.Nodes, pg.FirstUse, len(pg.FirstUses), list(pg.FirstUses), pg.FirstConv, pg.FirstUseSet, median(pg.Switch), maxOf(pg.Switch), median(pg.SwitchSet), median(pg.Back), median(pg.BackSet), median(pg.Button), median(pg.Pass), pg.LoopConv, len(pg.Switch)))
	y, o := res.peers["yiyue"], res.peers["opencc-js"]
	yt, ot := mbps(res.corp, median(y.CorpusMs)), mbps(res.corp, median(o.CorpusMs))
	st := mbps(res.corp, median(res.peers["simplecc-wasm"].CorpusMs))
	out = append(out,
		bar(yt >= ot, "throughput ≥ opencc-js", fmt.Sprintf("%.1f vs %.1f MB/s on the corpus (simplecc-wasm %.1f)", yt, ot, st)),
		bar(pg.FirstUse <= 100, "first use ≤ 100 ms", fmt.Sprintf("%.1f ms, median of %s", pg.FirstUse, list(pg.FirstUses))),
		bar(median(pg.Switch) <= 1, "page switch ≤ 1 ms", fmt.Sprintf("%.2f ms median to the converted page (yiyue.set resolves at %.2f ms; by the toolbar's button %.2f ms); the page pass alone %.2f ms", median(pg.Switch), median(pg.SwitchSet), median(pg.Button), median(pg.Pass))),
		bar(res.dictBrotli <= 350*1024, "s2t dictionary ≤ 350 KB brotli", fmt.Sprintf("%.1f KB", float64(res.dictBrotli)/1024)),
	)
	return out
}

// list writes figures in ms, one decimal, comma separated.
func list(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.1f", x)
	}
	return strings.Join(s, ", ")
}

func bar(ok bool, name, fig string) string {
	if ok {
		return "bar " + name + ": reached (" + fig + ")"
	}
	return "bar " + name + ": NOT reached (" + fig + ")"
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// BenchmarkConvert prints the figures table and the bars; run it with
// `go run ./build bench`.
func BenchmarkConvert(b *testing.B) {
	for range b.N {
		// Five fresh tabs: one tab's first use varies with what else the
		// machine does (50-92 ms in seven tabs of an idle machine here).
		// Thirty switches each: a median of the steady state, past the
		// first few (JIT warm-up), which the max still shows.
		res := collect(b, 5, 5, 30, true)
		fmt.Println("yiyue 简繁 (s2t) beside its peers, one Chromium, loopback; MB/s = MiB of UTF-8 per second, median of runs after 3 warm ones; " + browsertest.LoadAvg())
		for _, l := range res.report() {
			fmt.Println(l)
		}
	}
}

// TestConvertReport takes the same figures with fewer runs and logs them as
// report: lines; it asserts only that the outputs are right, never a time.
func TestConvertReport(t *testing.T) {
	res := collect(t, 2, 1, 4, false)
	t.Log("report: " + browsertest.LoadAvg())
	for _, l := range res.report() {
		t.Log("report: " + l)
	}
}
