package robust

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/server"
	wedge "github.com/yiyue-a11y/yiyue/examples/worker/edge"
	"github.com/yiyue-a11y/yiyue/examples/worker/edge/edgetest"
)

// A loadReq is one raw HTTP/1.1 request: sent as bytes over its own
// connection, so that it can be anything a client can put on the wire
// (no Host, a Host with spaces, paths with dot segments).
type loadReq struct {
	kind   string // what it is, for the report
	good   bool
	method string
	target string // the request target, as written on the request line
	host   string // "-" for no Host header
	body   []byte
	header string // extra header lines, each ending in \r\n
}

func (q loadReq) bytes(addr string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", q.method, q.target)
	switch q.host {
	case "":
		fmt.Fprintf(&b, "Host: %s\r\n", addr)
	case "-":
	default:
		fmt.Fprintf(&b, "Host: %s\r\n", q.host)
	}
	b.WriteString("Connection: close\r\nAccept-Encoding: br, gzip\r\n")
	b.WriteString(q.header)
	if q.body != nil {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(q.body))
	}
	b.WriteString("\r\n")
	return append([]byte(b.String()), q.body...)
}

type loadResult struct {
	req    loadReq
	status int // 0: no response (the server closed the connection)
	took   time.Duration
	leak   bool
	err    error
}

// secret is text from a file outside what the servers may serve.
const secret = "module github.com/yiyue-a11y/yiyue"

var sentences = []string{
	"横沥镇人民政府2020年法治政府建设年度报告", "一、主要工作成效", "坚持党的领导，全面推进依法行政。",
	"统一出件窗口经理发现问题后及时整改。", "群众办理社保、民政、计生等事项只需排一次队。", "欢迎访问明珠湾区人民政府门户网站",
	"本栏目选登网民留言及回复。", "公证服务实行预约办理。", "Hello, accessible government portals.", "港澳居民来往内地通行证",
}

// loadMix is 1,000 requests, half of them malformed, in a seeded order.
func loadMix(seed uint64, good []loadReq) []loadReq {
	mb := []byte(strings.Repeat("发", 1<<20/3))
	bad := []loadReq{
		{kind: "empty", method: "GET", target: "/tts"},
		{kind: "empty", method: "GET", target: "/tts?text="},
		{kind: "empty", method: "GET", target: "/tts?text=%20%0A%20"},
		{kind: "empty request line", method: "", target: ""},
		{kind: "1 MB body", method: "POST", target: "/tts?text=a", body: mb},
		{kind: "1 MB body", method: "GET", target: "/tts?text=a", body: mb},
		{kind: "1 MB body", method: "POST", target: "/report.html", body: mb},
		{kind: "1 MB query", method: "GET", target: "/tts?text=" + strings.Repeat("%E5%8F%91", 1<<20/9)},
		{kind: "invalid UTF-8", method: "GET", target: "/tts?text=%FF%FE%FD&lang=zh-CN"},
		{kind: "invalid UTF-8", method: "GET", target: "/\xff\xfe.html"},
		{kind: "unknown lang", method: "GET", target: "/tts?text=%E4%BD%A0%E5%A5%BD&lang=xx-YY"},
		{kind: "unknown lang", method: "GET", target: "/tts?text=a&lang=../../etc/passwd&rate=1e308"},
		{kind: "path traversal", method: "GET", target: "/../../go.mod"},
		{kind: "path traversal", method: "GET", target: "/%2e%2e/%2e%2e/go.mod"},
		{kind: "path traversal", method: "GET", target: "/..%2f..%2fgo.mod"},
		{kind: "path traversal", method: "GET", target: "/tts/../../../go.mod"},
		{kind: "path traversal", method: "GET", target: "/_zh-hant/../../go.mod"},
		{kind: "path traversal", method: "GET", target: "/yiyue.js/..%2f..%2f..%2fgo.mod"},
		{kind: "path traversal", method: "GET", target: "//etc/passwd"},
		{kind: "path traversal", method: "GET", target: "/..\\..\\go.mod"},
		{kind: "path traversal", method: "GET", target: "http://evil.example/go.mod"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "-"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "evil.example"},
		{kind: "odd Host", method: "GET", target: "/_zh-hant/report.html", host: "evil.example:1"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: strings.Repeat("a", 4000) + ".example"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "a b"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "例子.测试"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "127.0.0.1:99999"},
		{kind: "odd Host", method: "GET", target: "/report.html", host: "[::1"},
		{kind: "huge header", method: "GET", target: "/report.html", header: "X-Junk: " + strings.Repeat("x", 2<<20) + "\r\n"},
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]loadReq, 0, 1000)
	for i := 0; i < 500; i++ {
		g := good[r.IntN(len(good))]
		g.good = true
		if g.kind == "tts new" {
			// Text the service has not seen: a synthesis, not a cache hit.
			g.target = "/tts?text=" + url.QueryEscape(fmt.Sprintf("第%d号通知已发布。", r.IntN(1e6))) + "&lang=zh-CN&rate=1"
		}
		out = append(out, g)
		out = append(out, bad[r.IntN(len(bad))])
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// hammer sends reqs to addr, conc at a time, each on its own connection,
// and samples the heap meanwhile.
func hammer(t *testing.T, addr string, reqs []loadReq, conc int) ([]loadResult, uint64, time.Duration) {
	results := make([]loadResult, len(reqs))
	var next atomic.Int64
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(reqs) {
					return
				}
				results[i] = send(addr, reqs[i])
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	close(stop)
	<-sampled
	return results, peak.Load(), took
}

// send writes one request and reads the response, with a deadline so that
// no request can hang the test.
func send(addr string, q loadReq) (res loadResult) {
	res.req = q
	start := time.Now()
	defer func() { res.took = time.Since(start) }()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		res.err = err
		return res
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	// A server may answer and close before a large body is sent: write
	// and read at once.
	go c.Write(q.bytes(addr))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	res.status = resp.StatusCode
	res.leak = strings.Contains(string(body), secret)
	if strings.Contains(resp.Header.Get("Content-Encoding"), "br") || strings.Contains(resp.Header.Get("Content-Encoding"), "gzip") {
		res.leak = false // compressed assets are ours, not the repository's files
	}
	return res
}

// judge checks and reports one run.
func judge(t *testing.T, name string, results []loadResult, peak uint64, took time.Duration) {
	t.Helper()
	byKind := map[string]map[int]int{}
	var goodTimes []time.Duration
	var closed, fivexx, goodFail int
	for _, r := range results {
		k := r.req.kind
		if r.req.good {
			k = "good " + k
			goodTimes = append(goodTimes, r.took)
		}
		if byKind[k] == nil {
			byKind[k] = map[int]int{}
		}
		byKind[k][r.status]++
		if r.leak {
			t.Errorf("%s: %s %q answered with the repository's go.mod", name, r.req.method, short(r.req.target))
		}
		switch {
		case r.req.good && (r.status < 200 || r.status >= 400):
			goodFail++
			if goodFail <= 5 {
				t.Errorf("%s: good request %s %q: status %d %v", name, r.req.method, short(r.req.target), r.status, r.err)
			}
		case r.status >= 500:
			fivexx++
			t.Errorf("%s: %s request %s %q: status %d", name, r.req.kind, r.req.method, short(r.req.target), r.status)
		case r.status == 0:
			closed++
		}
	}
	slices.Sort(goodTimes)
	pct := func(p float64) time.Duration {
		return goodTimes[int(p*float64(len(goodTimes)-1))].Round(100 * time.Microsecond)
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var lines []string
	for _, k := range kinds {
		lines = append(lines, fmt.Sprintf("%s %v", k, byKind[k]))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("report: load %s: %d requests (half malformed) at concurrency 50 in %s (%.0f req/s); good p50 %s p95 %s max %s; %d good failed, %d 5xx, %d refused by closing; heap in use %.1f MB at peak, %.1f MB after",
		name, len(results), took.Round(time.Millisecond), float64(len(results))/took.Seconds(), pct(0.5), pct(0.95), pct(1), goodFail, fivexx, closed, float64(peak)/1e6, float64(m.HeapInuse)/1e6)
	t.Logf("%s statuses by kind: %s", name, strings.Join(lines, "; "))
	if peak > 512<<20 {
		t.Errorf("%s: peak heap in use %.0f MB", name, float64(peak)/1e6)
	}
}

// stillServes checks that the server answers after the run.
func stillServes(t *testing.T, name, base string) {
	t.Helper()
	resp, err := http.Get(base + "/tts?text=" + url.QueryEscape("还在") + "&lang=zh-CN&rate=1")
	if err != nil {
		t.Fatalf("%s after the load: %v", name, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("%s after the load: %d %s", name, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestServersUnderLoad sends the demo server with yiyue's TTS service, and
// the edge Worker's handler under plain net/http in front of it, 1,000
// requests each at concurrency 50, half of them malformed, on loopback.
func TestServersUnderLoad(t *testing.T) {
	svc := speechService(t)
	demo := httptest.NewServer(server.New(server.Options{
		Dist: env.Dist, Examples: filepath.Join(env.Root, "examples", "portal"), TTS: svc,
	}))
	defer demo.Close()
	seed := uint64(time.Now().UnixNano())
	t.Logf("load seed %d", seed)

	wasm, _ := env.Manifest.Lookup("yiyue.wasm")
	dict, _ := env.Manifest.Lookup("s2t.dict")
	var good []loadReq
	for _, s := range sentences {
		good = append(good, loadReq{kind: "tts", method: "GET", target: "/tts?text=" + url.QueryEscape(s) + "&lang=zh-CN&rate=1"})
	}
	good = append(good,
		loadReq{kind: "tts new", method: "GET"},
		loadReq{kind: "asset", method: "GET", target: "/yiyue.js"},
		loadReq{kind: "asset", method: "GET", target: "/" + wasm.Name},
		loadReq{kind: "asset", method: "GET", target: "/" + dict.Name},
		loadReq{kind: "page", method: "GET", target: "/report.html"},
		loadReq{kind: "page", method: "GET", target: "/forms.html?name=%E5%BC%A0"},
	)

	t.Run("demo server", func(t *testing.T) {
		addr := strings.TrimPrefix(demo.URL, "http://")
		results, peak, took := hammer(t, addr, loadMix(seed, good), 50)
		judge(t, "demo server + TTS", results, peak, took)
		stillServes(t, "demo server", demo.URL)
	})

	t.Run("edge handler", func(t *testing.T) {
		origin := httptest.NewServer(edgetest.Origin(server.New(server.Options{
			Dist: env.Dist, Examples: filepath.Join(env.Root, "examples", "portal"),
		})))
		defer origin.Close()
		h, err := wedge.New(wedge.Config{
			Origin: origin.URL, TTSUpstream: demo.URL + "/tts", Dist: os.DirFS(env.Dist), Transport: http.DefaultTransport,
		})
		if err != nil {
			t.Fatal(err)
		}
		edge := httptest.NewServer(h)
		defer edge.Close()
		eg := append(slices.Clone(good),
			loadReq{kind: "page", method: "GET", target: "/_zh-hant/report.html"},
			loadReq{kind: "page", method: "GET", target: "/_zh-hant/index.html"},
		)
		addr := strings.TrimPrefix(edge.URL, "http://")
		results, peak, took := hammer(t, addr, loadMix(seed+1, eg), 50)
		judge(t, "edge handler (net/http)", results, peak, took)
		stillServes(t, "edge handler", edge.URL)
	})
}
