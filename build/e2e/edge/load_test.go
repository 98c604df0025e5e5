package edge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/loadgen"
	wedge "github.com/yiyue-a11y/yiyue/examples/worker/edge"
)

// proc is one live process of wrangler dev's process group.
type proc struct {
	pid     int
	comm    string
	cmdline string
	rss     uint64 // bytes
}

// group lists the live processes of wrangler dev's process group, from
// /proc: wrangler (node), its dev proxy (a workerd listening on the port
// the tests use) and the workerd that runs the Worker.
func group() ([]proc, error) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("list /proc: %w", err)
	}
	var out []proc
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue // it ended meanwhile
		}
		// "pid (comm) state ppid pgrp …", rss the 24th field; comm may
		// hold spaces and parentheses, so fields count from its last ")".
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(s[end+1:])
		if len(f) < 22 || f[0] == "Z" {
			continue
		}
		if pg, _ := strconv.Atoi(f[2]); pg != wranglerPID {
			continue
		}
		pages, _ := strconv.ParseUint(f[21], 10, 64)
		cmd, _ := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		out = append(out, proc{pid: pid, comm: s[open+1 : end], cmdline: string(cmd), rss: pages * uint64(os.Getpagesize())})
	}
	return out, nil
}

// usage is the resident memory of wrangler dev's processes.
type usage struct {
	worker, proxy, wrangler uint64 // bytes
	workerPID               int
}

// memory measures wrangler dev's processes: the workerd that runs the
// Worker, the workerd of wrangler's dev proxy (the one listening on the
// port the tests use), and everything else in the group.
func memory() (usage, error) {
	ps, err := group()
	if err != nil {
		return usage{}, err
	}
	var u usage
	entry := "entry=" + strings.TrimPrefix(wk, "http://")
	for _, p := range ps {
		switch {
		case strings.HasPrefix(p.comm, "workerd") && strings.Contains(p.cmdline, entry):
			u.proxy += p.rss
		case strings.HasPrefix(p.comm, "workerd"):
			if u.workerPID != 0 {
				return u, fmt.Errorf("two workerd processes besides the dev proxy: %d and %d", u.workerPID, p.pid)
			}
			u.worker, u.workerPID = p.rss, p.pid
		default:
			u.wrangler += p.rss
		}
	}
	if u.workerPID == 0 || u.proxy == 0 {
		return u, fmt.Errorf("wrangler dev's group has no workerd for the Worker or none for the dev proxy (%d processes)", len(ps))
	}
	return u, nil
}

// plainHost is a Host header that workerd can make a URL of: an ASCII
// host name or address, and a port.
var plainHost = regexp.MustCompile(`^[A-Za-z0-9.-]+(:([0-9]{1,5}))?$`)

// beforeWorker reports whether wrangler dev fails on a request before any
// Worker code runs. A Host header that is not a valid host, an
// absolute-form request target and CONNECT make workerd throw while it
// builds the Request (kj/compat/url.c++, "Incoming CONNECT on a worker not
// supported"), or make the JavaScript in front of the Worker throw (a
// port out of range: miniflare's entry worker makes a URL of it,
// "remote.jsg.TypeError: Invalid URL string."); wrangler's dev proxy then
// answers a bare 500. On Cloudflare such requests never reach a Worker.
func beforeWorker(q loadgen.Req) bool {
	if q.Method == "CONNECT" || strings.Contains(q.Target, "://") {
		return true
	}
	if q.Host == "" || q.Host == loadgen.NoHost {
		return false
	}
	m := plainHost.FindStringSubmatch(q.Host)
	if m == nil {
		return true
	}
	port, _ := strconv.Atoi(m[2])
	return port > 65535
}

// droppedByDevProxy reports whether an answer is wrangler dev's proxy
// saying it lost a request on its way to the Worker. wrangler 4.86's
// ProxyWorker keeps idle connections to the Worker's workerd, which
// closes them after 5 s; a request sent on one as it closes never arrives
// (workers-sdk issue 14641, more frequent on a loaded machine). The proxy
// then answers a request with a body "Your worker restarted
// mid-request" (503, Retry-After: 0) although nothing restarted, and
// queues a GET to send it again, which fails on the next request it
// handles with "Cannot reconstruct a Request with a used body" (500).
// The Worker writes neither text; the request is sent again, as the 503
// asks. A lost GET waits in the proxy's queue until another request
// arrives.
func droppedByDevProxy(r loadgen.Result) bool {
	return r.Status == http.StatusServiceUnavailable && strings.HasPrefix(r.Snippet, "Your worker restarted mid-request.") ||
		r.Status == http.StatusInternalServerError && strings.HasPrefix(r.Snippet, "TypeError: Cannot reconstruct a Request with a used body.")
}

// hungInDevProxy reports whether a GET or HEAD without a body got no
// answer at all before the timeout: a lost GET that stayed in the dev
// proxy's queue although requests kept coming (seen once in a hundred
// runs on a loaded machine). It is sent again like the others; a Worker
// that hangs on it would hang again, and the test fails.
func hungInDevProxy(r loadgen.Result) bool {
	var ne net.Error
	return r.Status == 0 && r.Req.Body == nil && (r.Req.Method == "GET" || r.Req.Method == "HEAD") &&
		errors.As(r.Err, &ne) && ne.Timeout()
}

// nudge sends wrangler dev a HEAD request every second until the returned
// func is called (which waits for the last one). A GET that the dev proxy
// lost waits in its queue until the next request reaches it (see
// droppedByDevProxy): keep some coming until the end, or the last ones
// would hang.
func nudge() (stop func()) {
	nudged := make(chan struct{})
	stopNudging := make(chan struct{})
	go func() {
		defer close(nudged)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stopNudging:
				return
			case <-tick.C:
			}
			req, _ := http.NewRequest("HEAD", wk+"/yiyue.js", nil)
			if resp, err := client.Do(req); err == nil {
				resp.Body.Close()
			}
		}
	}()
	return func() {
		close(stopNudging)
		<-nudged
	}
}

// byRuntime explains the bare 500 that wrangler dev's proxy gives to a
// request that fails before the Worker (see beforeWorker). The wrangler
// log must show one of its exceptions for each (see runtimeException).
func byRuntime(r loadgen.Result) string {
	if !beforeWorker(r.Req) || r.Status != http.StatusInternalServerError || r.Snippet != "Internal Server Error" || r.Header.Get("Content-Type") != "" {
		return ""
	}
	switch {
	case r.Req.Method == "CONNECT":
		return "CONNECT"
	case strings.Contains(r.Req.Target, "://"):
		return "absolute-form target"
	}
	return "invalid Host " + r.Req.Host
}

var (
	// runtimeException is how the wrangler log shows one of byRuntime's
	// refusals.
	runtimeException = regexp.MustCompile(`Uncaught exception: (kj/compat/url\.c\+\+:\d+: failed: (invalid hostname when stringifying URL|expected tryParse\(url, context, options\) != nullptr; invalid URL)|workerd/io/worker-entrypoint\.c\+\+:\d+: failed: jsg\.TypeError: Incoming CONNECT on a worker not supported|workerd/jsg/\S+: failed: remote\.jsg\.TypeError: Invalid URL string\.)`)
	// devProxy503 is how the log shows a 503 of droppedByDevProxy.
	devProxy503 = regexp.MustCompile(`\[wrangler:info\] \S+ \S+ 503 Service Unavailable `)
	// workerTrouble is anything else that says the Worker failed: an
	// uncaught exception, a Go panic, a 5xx that the Worker answered, or
	// a reload (its files changed under the test).
	workerTrouble = regexp.MustCompile(`Reloading local server|Uncaught exception|panic:|fatal error:|never generate a response|\[wrangler:info\] \S+ \S+ 5\d\d `)
)

// logSince returns what wrangler dev logged from offset on.
func logSince(t *testing.T, offset int64) string {
	t.Helper()
	b, err := os.ReadFile(wranglerLog)
	if err != nil {
		t.Fatal(err)
	}
	return string(b[min(int(offset), len(b)):])
}

// TestWorkerUnderLoad sends the Worker, running in workerd under wrangler
// dev, 1,000 requests at concurrency 50 on loopback, half of them
// malformed (loadgen.Malformed: empty and oversized texts, 1 MB bodies and
// queries, invalid UTF-8, unknown langs, path traversals, odd Host
// headers, bad methods). The good half are pages and their /_zh-hant/
// form through the origin, dist's files, HEAD requests, a form post, and
// /tts (cache hits and fresh syntheses). Every good request must succeed,
// every malformed one must be refused with a 4xx or get its documented
// answer, wrangler dev must still run the same workerd and answer
// afterwards, and the Worker's memory must stay bounded. The bare 500s
// that wrangler dev gives some malformed requests before any Worker code
// runs (beforeWorker) are counted apart and checked against its log; a
// request that wrangler dev's proxy lost on its way to the Worker
// (droppedByDevProxy) is sent again.
func TestWorkerUnderLoad(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("load seed %d", seed)
	wasm, _ := env.Manifest.Lookup("yiyue.wasm")
	dict, _ := env.Manifest.Lookup("s2t.dict")
	good := append(loadgen.Site(wasm.Name, dict.Name),
		loadgen.Req{Kind: "page", Method: "GET", Target: "/_zh-hant/report.html"},
		loadgen.Req{Kind: "page", Method: "GET", Target: "/_zh-hant/index.html"},
		loadgen.Req{Kind: "origin", Method: "GET", Target: "/_t/bin"},
		loadgen.Req{Kind: "origin", Method: "POST", Target: "/_t/echo", Header: "Content-Type: text/plain; charset=utf-8\r\n", Body: []byte("留言：网站很好用")},
	)
	var bad []loadgen.Req
	for _, q := range loadgen.Malformed() {
		// Not a GET with a body: wrangler dev's proxy hangs on one that
		// it lost (see droppedByDevProxy), as it can neither send it
		// again nor answer it.
		if q.Method != "GET" || q.Body == nil {
			bad = append(bad, q)
		}
	}

	before, err := memory()
	if err != nil {
		t.Fatal(err)
	}
	logStart := int64(0)
	if fi, err := os.Stat(wranglerLog); err == nil {
		logStart = fi.Size()
	}
	stopNudging := nudge()
	var dropped503, dropped500, hung atomic.Int64
	run := loadgen.Send(loadgen.Options{
		Addr: strings.TrimPrefix(wk, "http://"), Concurrency: 50,
		// Requests queue in workerd's one thread; allow for a busy machine.
		Timeout: 60 * time.Second,
		Sample: func() uint64 {
			u, _ := memory()
			return u.worker
		},
		Retry: func(r loadgen.Result) bool {
			switch {
			case hungInDevProxy(r):
				hung.Add(1)
			case !droppedByDevProxy(r):
				return false
			case r.Status == http.StatusServiceUnavailable:
				dropped503.Add(1)
			default:
				dropped500.Add(1)
			}
			return true
		},
	}, loadgen.Mix(seed, 1000, good, bad))
	stopNudging()
	sum := loadgen.Summarize(run, byRuntime)
	for i, p := range sum.Problems {
		if i == 20 {
			t.Errorf("… and %d more", len(sum.Problems)-i)
			break
		}
		t.Error(p)
	}

	// Still the same wrangler dev and workerd, and still answering.
	select {
	case <-wranglerExited:
		t.Fatal("wrangler dev exited under the load")
	default:
	}
	if err := syscall.Kill(before.workerPID, 0); err != nil {
		t.Errorf("the Worker's workerd (pid %d) is gone after the load: %v", before.workerPID, err)
	}
	stillAnswers(t)
	after, err := memory()
	if err != nil {
		t.Fatal(err)
	}
	if after.workerPID != before.workerPID {
		t.Errorf("the Worker's workerd was restarted under the load: pid %d, then %d", before.workerPID, after.workerPID)
	}

	// Each refusal before the Worker is in the log, and nothing there
	// says the Worker failed. (The log is written asynchronously.)
	excused := 0
	var refused []string
	for why, n := range sum.Excused {
		excused += n
		refused = append(refused, fmt.Sprintf("%d× %s", n, why))
	}
	slices.Sort(refused)
	var logged string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		logged = logSince(t, logStart)
		if len(runtimeException.FindAllString(logged, -1)) >= excused || time.Now().After(deadline) {
			break
		}
	}
	if n := len(runtimeException.FindAllString(logged, -1)); n != excused {
		t.Errorf("%d bare 500s were put down to wrangler dev, but its log shows %d of its exceptions", excused, n)
	}
	// The dev proxy logs its 503s like any answer.
	proxy503 := int64(0)
	for _, line := range strings.Split(runtimeException.ReplaceAllString(logged, ""), "\n") {
		if devProxy503.MatchString(line) && proxy503 < dropped503.Load() {
			proxy503++
			continue
		}
		if workerTrouble.MatchString(line) {
			t.Errorf("wrangler dev logged: %.300s", line)
		}
	}
	if n := dropped503.Load() + dropped500.Load() + hung.Load(); n > int64(len(run.Results))/10 {
		t.Errorf("wrangler dev's proxy lost %d requests on their way to the Worker", n)
	}

	t.Logf("report: load Worker (wrangler dev): %s; of the 5xx, %d bare 500s from wrangler dev's proxy before the Worker, each with its exception in the log (%s); %d answers were wrangler dev's proxy losing the request (%d× 503, %d× 500), %d GETs got no answer before the timeout and were sent again; workerd RSS (Worker) %.1f MB before, %.1f MB at peak, %.1f MB after; wrangler's dev proxy (workerd) %.1f MB before, %.1f MB after; wrangler (node) %.1f MB before, %.1f MB after",
		sum, excused, strings.Join(refused, ", "), dropped503.Load()+dropped500.Load(), dropped503.Load(), dropped500.Load(), hung.Load(), mb(int(before.worker)), mb(int(run.Peak)), mb(int(after.worker)), mb(int(before.proxy)), mb(int(after.proxy)), mb(int(before.wrangler)), mb(int(after.wrangler)))
	t.Logf("Worker (wrangler dev) statuses by kind: %s", sum.Kinds())
	// Bounded: the Go instance of each request is freed with it (about
	// 5 MB each at 50 at once). Were they kept, 1,000 of them would take
	// gigabytes. (Earlier tests may leave garbage that V8 has not
	// collected yet, so the bounds are on growth.)
	if grew := int64(after.worker) - int64(before.worker); grew > 512<<20 {
		t.Errorf("the Worker's workerd grew by %.0f MB under the load", mb(int(grew)))
	}
	if peak := int64(run.Peak) - int64(before.worker); peak > 1<<30 {
		t.Errorf("the Worker's workerd took %.0f MB more at its peak under the load", mb(int(peak)))
	}
}

// stillAnswers checks that the Worker still serves a page and reads a new
// text aloud.
func stillAnswers(t *testing.T) {
	t.Helper()
	resp, page := get(t, "GET", wk+"/report.html", nil, nil)
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte(scriptTag())) {
		t.Errorf("after the load /report.html: %d, script tag %v", resp.StatusCode, bytes.Contains(page, []byte(scriptTag())))
	}
	text := "负载之后还在朗读第" + strconv.FormatInt(time.Now().UnixNano()%1e6, 10) + "句。"
	resp, err := client.Get(wk + "/tts?text=" + url.QueryEscape(text) + "&lang=zh-CN")
	if err != nil {
		t.Fatalf("after the load /tts: %v", err)
	}
	defer resp.Body.Close()
	audio, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/mpeg" || resp.Header.Get(wedge.CacheHeader) != "miss" || len(audio) < 1000 {
		t.Errorf("after the load /tts: %d %q %s=%q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), wedge.CacheHeader, resp.Header.Get(wedge.CacheHeader), len(audio))
	}
}
