package edge

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// maxWorkerGzip is Cloudflare's limit on a Worker's compressed size on
// the free plan.
const maxWorkerGzip = 3 << 20

func gzipSize(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	z, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	z.Write(b)
	z.Close()
	return buf.Len()
}

// TestWorkerSize reports the Worker's size as wrangler counts it for an
// upload (`wrangler deploy --dry-run`, offline): it must stay under the
// free plan's 3 MB compressed. dist's files are static assets beside it
// and do not count; embedding them instead is reported for comparison.
func TestWorkerSize(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(workerDir, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(env.Root, "build", "node_modules", ".bin", "wrangler"), "deploy", "--dry-run",
		"--config", wranglerConfig, "--outdir", t.TempDir())
	cmd.Dir = filepath.Dir(wranglerConfig)
	cmd.Env = wranglerEnv(t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Total Upload: ([0-9.]+) KiB / gzip: ([0-9.]+) KiB`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no upload size in wrangler's output:\n%s", out)
	}
	total, _ := strconv.ParseFloat(string(m[1]), 64)
	gz, _ := strconv.ParseFloat(string(m[2]), 64)
	distGz := 0
	for _, f := range env.Manifest.Files {
		distGz += f.Gzip
	}
	t.Logf("report: edge: Worker upload %.2f MB, %.2f MB gzip (limit 3 MB; app.wasm %.2f MB raw, %.2f MB gzip); embedding dist instead would add about %.2f MB gzip",
		total/1024, gz/1024, mb(len(raw)), mb(gzipSize(t, raw)), mb(distGz))
	if gz*1024 > maxWorkerGzip {
		t.Errorf("the Worker is %.0f KiB gzip, over Cloudflare's 3 MB", gz)
	}
}

func mb(n int) float64 { return float64(n) / (1 << 20) }

// route is one request measured under both servers.
type route struct {
	name, path, accept string
	n                  int // requests measured
}

func measure(t *testing.T, base string, r route) (p50, p95 time.Duration) {
	t.Helper()
	d := make([]time.Duration, 0, r.n)
	for i := range r.n + 3 {
		req, _ := http.NewRequest("GET", base+r.path, nil)
		if r.accept != "" {
			req.Header.Set("Accept-Encoding", r.accept)
		}
		start := time.Now()
		resp, err := slowClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", base, r.path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		el := time.Since(start)
		if resp.StatusCode != 200 {
			t.Fatalf("%s %s: status %d", base, r.path, resp.StatusCode)
		}
		if i >= 3 { // the first requests warm caches on both sides
			d = append(d, el)
		}
	}
	slices.Sort(d)
	return d[len(d)/2], d[(len(d)*95+99)/100-1]
}

// TestLatencyReport measures p50/p95 per route, sequentially, under
// wrangler dev (a fresh Go instance per request in workerd) and for the
// same handler under net/http, in the same run against the same origin.
func TestLatencyReport(t *testing.T) {
	wasmName := ""
	for _, f := range env.Manifest.Files {
		if f.Logical == "yiyue.wasm" {
			wasmName = f.Name
		}
	}
	tts := "/tts?text=%E6%A8%AA%E6%B2%A5%E9%95%87&lang=zh-CN&rate=1"
	// Fewer WASM requests: each costs about a second of CPU in workerd
	// while widget/assets hashes the file for its ETag.
	routes := []route{
		{"loader /yiyue.js (br)", "/yiyue.js", "br", 20},
		{"WASM (br)", "/" + wasmName, "br", 6},
		{"proxied page /report.html", "/report.html", "gzip", 20},
		{"proxied binary /_t/bin (300 KB)", "/_t/bin", "gzip", 20},
		{"/_zh-hant/report.html", "/_zh-hant/report.html", "gzip", 20},
		{"/tts (cache hit)", tts, "", 20},
	}
	for _, r := range routes {
		wp50, wp95 := measure(t, wk, r)
		np50, np95 := measure(t, native, r)
		t.Logf("report: edge latency %-32s (n=%2d) wrangler dev p50 %7.1f ms p95 %7.1f ms | net/http p50 %6.2f ms p95 %6.2f ms",
			r.name, r.n, ms(wp50), ms(wp95), ms(np50), ms(np95))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
