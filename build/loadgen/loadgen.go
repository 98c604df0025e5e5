// Package loadgen sends a server on loopback a seeded mix of good and
// malformed HTTP/1.1 requests, many at once, each on its own connection,
// and judges the answers the way a user would: good requests succeed,
// malformed ones are refused with a 4xx (or get the answer documented for
// them), nothing answers 5xx, nothing serves the repository's files.
//
// The load tests of the demo server and of the edge handler under net/http
// (build/e2e/robust) and of the Worker under wrangler dev (build/e2e/edge)
// share it, so that every server meets the same hostile mix.
package loadgen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// Secret is the first line of the repository's go.mod, the file that the
// path traversals in Malformed ask for: no answer may contain it.
const Secret = "module github.com/yiyue-a11y/yiyue"

// NoHost is the Req.Host that sends the request without a Host header.
const NoHost = "-"

// A Req is one raw HTTP/1.1 request, written as bytes on its own
// connection, so that it can be anything a client can put on the wire (no
// Host, a Host with spaces, paths with dot segments, invalid methods).
type Req struct {
	// Kind names what the request is, for the report.
	Kind string
	// Good is set for the requests a real client makes.
	Good bool
	// Method and Target make the request line; both empty send an empty
	// request line.
	Method, Target string
	// Host is the Host header: "" the server's address, NoHost none.
	Host string
	// Header holds extra header lines, each ending in "\r\n".
	Header string
	// Body, if not nil, is sent with its Content-Length.
	Body []byte
	// Vary, if set, gives the target of each copy of the request that
	// Mix makes (for example a text the TTS service has not seen yet).
	Vary func(r *rand.Rand) string
	// Answer lists what is right for a malformed request besides a 4xx.
	Answer Answer
}

// Answer is a set of answers, besides a 4xx, that are right for a
// malformed request.
type Answer uint8

const (
	// Served: the oddity does not change what is served (a Host header
	// that chooses nothing, a body on a GET, a form posted to the
	// origin), so a 2xx is right too.
	Served Answer = 1 << iota
	// Redirected: a 3xx to a path on the same site (a server cleaning a
	// path) is right too.
	Redirected
	// Closed: closing the connection without an answer is right too (a
	// server may drop a client that sends megabytes of header).
	Closed
	// Unimplemented: 501 is right too, the answer RFC 9110 (15.6.2)
	// gives to a method the server does not recognize (workerd reads an
	// empty request line as one).
	Unimplemented
)

// Bytes returns the request as sent to a server at addr.
func (q Req) Bytes(addr string) []byte {
	var b bytes.Buffer
	b.WriteString(q.Method + " " + q.Target + " HTTP/1.1\r\n")
	switch q.Host {
	case "":
		b.WriteString("Host: " + addr + "\r\n")
	case NoHost:
	default:
		b.WriteString("Host: " + q.Host + "\r\n")
	}
	b.WriteString("Connection: close\r\nAccept-Encoding: br, gzip\r\n")
	b.WriteString(q.Header)
	if q.Body != nil {
		b.WriteString("Content-Length: " + strconv.Itoa(len(q.Body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(q.Body)
	return b.Bytes()
}

// Sentences are page texts that the good /tts requests ask for.
var Sentences = []string{
	"横沥镇人民政府2020年法治政府建设年度报告", "一、主要工作成效", "坚持党的领导，全面推进依法行政。",
	"统一出件窗口经理发现问题后及时整改。", "群众办理社保、民政、计生等事项只需排一次队。", "欢迎访问明珠湾区人民政府门户网站",
	"本栏目选登网民留言及回复。", "公证服务实行预约办理。", "Hello, accessible government portals.", "港澳居民来往内地通行证",
}

// Site returns the good requests every server that serves yiyue answers:
// the TTS requests, the loader, the WASM and a dictionary (by their hashed
// names), the portal's pages and HEAD.
func Site(wasm, dict string) []Req {
	return append(TTS(),
		Req{Kind: "asset", Method: "GET", Target: "/yiyue.js"},
		Req{Kind: "asset", Method: "GET", Target: "/" + wasm},
		Req{Kind: "asset", Method: "GET", Target: "/" + dict},
		Req{Kind: "page", Method: "GET", Target: "/report.html"},
		Req{Kind: "page", Method: "GET", Target: "/forms.html?name=%E5%BC%A0"},
		Req{Kind: "head", Method: "HEAD", Target: "/yiyue.js"},
		Req{Kind: "head", Method: "HEAD", Target: "/report.html"},
	)
}

// TTS returns the good /tts requests: each of Sentences (cache hits after
// the first time), and one that asks for a new text each time (a
// synthesis).
func TTS() []Req {
	var out []Req
	for _, s := range Sentences {
		out = append(out, Req{Kind: "tts", Method: "GET", Target: "/tts?text=" + url.QueryEscape(s) + "&lang=zh-CN&rate=1"})
	}
	return append(out, Req{Kind: "tts new", Method: "GET", Vary: func(r *rand.Rand) string {
		return "/tts?text=" + url.QueryEscape("第"+strconv.Itoa(r.IntN(1e6))+"号通知已发布。") + "&lang=zh-CN&rate=1"
	}})
}

// Malformed returns the hostile requests: empty and oversized TTS texts,
// 1 MB bodies and queries, invalid UTF-8, unknown langs, path traversals
// towards go.mod, odd Host headers, huge headers and bad methods.
func Malformed() []Req {
	mb := []byte(strings.Repeat("发", 1<<20/3))
	return []Req{
		{Kind: "empty", Method: "GET", Target: "/tts"},
		{Kind: "empty", Method: "GET", Target: "/tts?text="},
		{Kind: "empty", Method: "GET", Target: "/tts?text=%20%0A%20"},
		{Kind: "empty request line", Answer: Unimplemented},
		{Kind: "oversized text", Method: "GET", Target: "/tts?text=" + strings.Repeat("%E5%8F%91", 1500) + "&lang=zh-CN"},
		{Kind: "1 MB body", Method: "POST", Target: "/tts?text=a", Body: mb},
		{Kind: "1 MB body", Method: "GET", Target: "/tts?text=a", Body: mb, Answer: Served},
		{Kind: "1 MB body", Method: "POST", Target: "/report.html", Body: mb, Header: "Content-Type: text/plain\r\n", Answer: Served},
		{Kind: "1 MB query", Method: "GET", Target: "/tts?text=" + strings.Repeat("%E5%8F%91", 1<<20/9)},
		{Kind: "invalid UTF-8", Method: "GET", Target: "/tts?text=%FF%FE%FD&lang=zh-CN"},
		{Kind: "invalid UTF-8", Method: "GET", Target: "/tts?text=%E5%8F&lang=zh-CN"},
		{Kind: "invalid UTF-8", Method: "GET", Target: "/%FF%FE.html"},
		{Kind: "invalid UTF-8", Method: "GET", Target: "/_zh-hant/%C0%AF%FF.html"},
		{Kind: "invalid UTF-8", Method: "GET", Target: "/\xff\xfe.html"},
		{Kind: "unknown lang", Method: "GET", Target: "/tts?text=%E4%BD%A0%E5%A5%BD&lang=xx-YY"},
		{Kind: "unknown lang", Method: "GET", Target: "/tts?text=a&lang=../../etc/passwd&rate=1e308"},
		{Kind: "path traversal", Method: "GET", Target: "/../../go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/%2e%2e/%2e%2e/go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/..%2f..%2fgo.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/tts/../../../go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/_zh-hant/../../go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/_zh-hant/%2e%2e/%2e%2e/go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/yiyue.js/..%2f..%2f..%2fgo.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "//etc/passwd", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "/..\\..\\go.mod", Answer: Redirected},
		{Kind: "path traversal", Method: "GET", Target: "http://evil.example/go.mod", Answer: Redirected},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: NoHost}, // HTTP/1.1 requires it: 400
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: "evil.example", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/_zh-hant/report.html", Host: "evil.example:1", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/tts?text=%E4%BD%A0%E5%A5%BD&lang=zh-CN", Host: "evil.example", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: strings.Repeat("a", 4000) + ".example", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: "a b", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: "例子.测试", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: "127.0.0.1:99999", Answer: Served},
		{Kind: "odd Host", Method: "GET", Target: "/report.html", Host: "[::1", Answer: Served},
		{Kind: "huge header", Method: "GET", Target: "/report.html", Header: "X-Junk: " + strings.Repeat("x", 2<<20) + "\r\n", Answer: Closed},
		{Kind: "bad method", Method: "DELETE", Target: "/tts?text=a"},
		{Kind: "bad method", Method: "PUT", Target: "/yiyue.js", Body: []byte("x")},
		{Kind: "bad method", Method: "CONNECT", Target: "evil.example:443"},
		{Kind: "bad method", Method: "TRACE", Target: "/yiyue.js"},
		{Kind: "bad method", Method: "BREW", Target: "/tts?text=a", Answer: Unimplemented},
		{Kind: "bad method", Method: "G(T", Target: "/yiyue.js", Answer: Unimplemented},
	}
}

// Mix returns n requests in a seeded random order, half drawn from good
// and half from bad.
func Mix(seed uint64, n int, good, bad []Req) []Req {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Req, 0, n)
	for i := 0; i < n; i++ {
		var q Req
		if i%2 == 0 {
			q = good[r.IntN(len(good))]
			q.Good = true
		} else {
			q = bad[r.IntN(len(bad))]
			q.Good = false
		}
		if q.Vary != nil {
			q.Target = q.Vary(r)
		}
		out = append(out, q)
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Options say how Send sends.
type Options struct {
	// Addr is the server's host:port on loopback.
	Addr string
	// Concurrency is how many requests are under way at once.
	Concurrency int
	// Timeout bounds each request, from dialling to the end of its body
	// (default 30 s), so that no request can hang a test.
	Timeout time.Duration
	// Sample, if set, is called every 20 ms during the run, and Run.Peak
	// is the largest value it returned (memory in use, say).
	Sample func() uint64
	// Retry, if set, says whether an answer came from something between
	// the client and the server under test that lost the request, so
	// that it is sent again (twice at most; Result.Retries counts).
	Retry func(Result) bool
}

// Result is the answer to one request.
type Result struct {
	Req Req
	// Status is 0 when the server closed the connection without an
	// answer; Err then says how.
	Status int
	// Header is the answer's header, Snippet the start of its body
	// (decoded), for messages.
	Header   http.Header
	Snippet  string
	Location string
	Took     time.Duration
	// Retries counts how many times the request was sent again.
	Retries int
	// Leak is set when the answer contained Secret.
	Leak bool
	Err  error
}

// Run is one load run.
type Run struct {
	Results     []Result
	Concurrency int
	Took        time.Duration
	Peak        uint64
}

// Send sends reqs to opts.Addr, opts.Concurrency at a time.
func Send(opts Options, reqs []Req) Run {
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	run := Run{Results: make([]Result, len(reqs)), Concurrency: opts.Concurrency}
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		if opts.Sample == nil {
			return
		}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := opts.Sample(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(reqs) {
					return
				}
				res := send(opts, reqs[i])
				for try := 1; try <= 2 && opts.Retry != nil && opts.Retry(res); try++ {
					took := res.Took
					res = send(opts, reqs[i])
					res.Took += took
					res.Retries = try
				}
				run.Results[i] = res
			}
		}()
	}
	wg.Wait()
	run.Took = time.Since(start)
	close(stop)
	<-sampled
	run.Peak = peak.Load()
	return run
}

// send writes one request and reads the answer.
func send(opts Options, q Req) (res Result) {
	res.Req = q
	start := time.Now()
	defer func() { res.Took = time.Since(start) }()
	c, err := net.DialTimeout("tcp", opts.Addr, 5*time.Second)
	if err != nil {
		res.Err = err
		return res
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(opts.Timeout))
	// A server may answer and close before a large body is sent: write
	// and read at once.
	go c.Write(q.Bytes(opts.Addr))
	// The method tells ReadResponse whether a body follows (not after HEAD).
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: q.Method})
	if err != nil {
		res.Err = err
		return res
	}
	defer resp.Body.Close()
	res.Status, res.Header = resp.StatusCode, resp.Header
	res.Location = resp.Header.Get("Location")
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil && res.Req.Good {
		res.Err = fmt.Errorf("read the body: %w", err)
	}
	body = decode(resp.Header.Get("Content-Encoding"), body)
	res.Leak = bytes.Contains(body, []byte(Secret))
	res.Snippet = string(body[:min(len(body), 200)])
	return res
}

// decode undoes a gzip or br Content-Encoding, as far as it can.
func decode(enc string, b []byte) []byte {
	var r io.Reader
	switch strings.TrimSpace(strings.ToLower(enc)) {
	case "gzip":
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return b
		}
		r = z
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		return b
	}
	out, _ := io.ReadAll(io.LimitReader(r, 64<<20))
	return out
}

// Problem says what is wrong with an answer, or "" if it is right.
func (r Result) Problem() string {
	q := r.Req
	what := fmt.Sprintf("%s %s %q", q.Kind, q.Method, short(q.Target))
	if q.Good {
		what = "good " + what
	}
	switch {
	case r.Leak:
		return what + ": answered with the repository's go.mod"
	case q.Good && r.Err != nil:
		return fmt.Sprintf("%s: status %d, %v", what, r.Status, r.Err)
	case q.Good && (r.Status < 200 || r.Status >= 400):
		return fmt.Sprintf("%s: status %d %.80q", what, r.Status, r.Snippet)
	case q.Good:
		return ""
	case r.Status == 0 && q.Answer&Closed == 0:
		return fmt.Sprintf("%s: no answer (%v)", what, r.Err)
	case r.Status/100 == 2 && q.Answer&Served == 0:
		return fmt.Sprintf("%s: served (%d), want a 4xx", what, r.Status)
	case r.Status == http.StatusNotImplemented && q.Answer&Unimplemented != 0:
		return ""
	case r.Status >= 500:
		return fmt.Sprintf("%s: status %d %.80q", what, r.Status, r.Snippet)
	case r.Status/100 == 3 && (q.Answer&Redirected == 0 || !local(r.Location)):
		return fmt.Sprintf("%s: redirected (%d) to %q", what, r.Status, r.Location)
	case r.Status != 0 && r.Status < 200:
		return fmt.Sprintf("%s: status %d", what, r.Status)
	}
	return ""
}

// local reports whether a Location stays on the site that sent it: a path,
// not a URL or a network-path reference naming a host.
func local(loc string) bool {
	u, err := url.Parse(loc)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(loc, "//") && !strings.HasPrefix(loc, "/\\")
}

func short(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}

// Summary sums up a Run.
type Summary struct {
	Run
	// Good counts the good requests; GoodFailed those answered wrongly.
	Good, GoodFailed int
	// Status4xx, Status5xx (Status501 of them 501) and Closed count
	// answers of any request.
	Status4xx, Status5xx, Status501, Closed int
	// Wrong counts malformed requests answered wrongly.
	Wrong int
	// Retried counts the requests sent again (Options.Retry).
	Retried int
	// P50, P95 and Max are the good requests' times.
	P50, P95, Max time.Duration
	// ByKind counts statuses by kind ("good …" for good requests).
	ByKind map[string]map[int]int
	// Problems lists what was wrong, one line each.
	Problems []string
	// Excused counts the wrong answers that the caller's excuse
	// explained, by the reason it gave.
	Excused map[string]int
}

// Summarize judges and sums up a run. excuse, if not nil, may explain a
// wrong answer (one a test knows to come from something other than the
// server under test) by returning a reason; it is then counted in
// Excused instead of Problems.
func Summarize(run Run, excuse func(Result) string) Summary {
	s := Summary{Run: run, ByKind: map[string]map[int]int{}, Excused: map[string]int{}}
	var times []time.Duration
	for _, r := range run.Results {
		k := r.Req.Kind
		if r.Req.Good {
			k = "good " + k
			s.Good++
			times = append(times, r.Took)
		}
		if s.ByKind[k] == nil {
			s.ByKind[k] = map[int]int{}
		}
		s.ByKind[k][r.Status]++
		if r.Retries > 0 {
			s.Retried++
		}
		switch {
		case r.Status == 0:
			s.Closed++
		case r.Status/100 == 4:
			s.Status4xx++
		case r.Status/100 == 5:
			s.Status5xx++
			if r.Status == http.StatusNotImplemented {
				s.Status501++
			}
		}
		p := r.Problem()
		if p != "" && excuse != nil {
			if why := excuse(r); why != "" {
				s.Excused[why]++
				continue
			}
		}
		if p != "" {
			s.Problems = append(s.Problems, p)
			if r.Req.Good {
				s.GoodFailed++
			} else {
				s.Wrong++
			}
		}
	}
	slices.Sort(times)
	pct := func(p float64) time.Duration {
		if len(times) == 0 {
			return 0
		}
		return times[int(p*float64(len(times)-1))].Round(100 * time.Microsecond)
	}
	s.P50, s.P95, s.Max = pct(0.5), pct(0.95), pct(1)
	return s
}

// String is the run's figures, for a report line.
func (s Summary) String() string {
	return fmt.Sprintf("%d requests (%d malformed) at concurrency %d in %s (%.0f req/s); good p50 %s p95 %s max %s; %d good failed, %d malformed answered wrongly; %d 4xx, %d 5xx (%d of them 501), %d closed without an answer",
		len(s.Results), len(s.Results)-s.Good, s.Concurrency, s.Took.Round(time.Millisecond), float64(len(s.Results))/s.Took.Seconds(),
		s.P50, s.P95, s.Max, s.GoodFailed, s.Wrong, s.Status4xx, s.Status5xx, s.Status501, s.Closed) + retried(s.Retried)
}

func retried(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d sent again", n)
}

// Kinds lists the statuses by kind, sorted.
func (s Summary) Kinds() string {
	kinds := make([]string, 0, len(s.ByKind))
	for k := range s.ByKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for i, k := range kinds {
		kinds[i] = fmt.Sprintf("%s %v", k, s.ByKind[k])
	}
	return strings.Join(kinds, "; ")
}

// HeapInUse returns this process's heap in use, for Options.Sample when
// the server runs in the test's own process.
func HeapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
