package robust

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/loadgen"
	"github.com/yiyue-a11y/yiyue/build/server"
	wedge "github.com/yiyue-a11y/yiyue/examples/worker/edge"
	"github.com/yiyue-a11y/yiyue/examples/worker/edge/edgetest"
)

// judge checks and reports one run.
func judge(t *testing.T, name string, run loadgen.Run) {
	t.Helper()
	sum := loadgen.Summarize(run, nil)
	for i, p := range sum.Problems {
		if i == 20 {
			t.Errorf("%s: … and %d more", name, len(sum.Problems)-i)
			break
		}
		t.Errorf("%s: %s", name, p)
	}
	runtime.GC()
	t.Logf("report: load %s: %s; heap in use %.1f MB at peak, %.1f MB after",
		name, sum, float64(run.Peak)/1e6, float64(loadgen.HeapInUse())/1e6)
	t.Logf("%s statuses by kind: %s", name, sum.Kinds())
	if run.Peak > 512<<20 {
		t.Errorf("%s: peak heap in use %.0f MB", name, float64(run.Peak)/1e6)
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
// requests each at concurrency 50, half of them malformed
// (loadgen.Malformed), on loopback. (build/e2e/edge sends the same mix to
// the Worker under wrangler dev.)
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
	good := loadgen.Site(wasm.Name, dict.Name)
	send := func(addr string, reqs []loadgen.Req) loadgen.Run {
		return loadgen.Send(loadgen.Options{Addr: addr, Concurrency: 50, Sample: loadgen.HeapInUse}, reqs)
	}

	t.Run("demo server", func(t *testing.T) {
		run := send(strings.TrimPrefix(demo.URL, "http://"), loadgen.Mix(seed, 1000, good, loadgen.Malformed()))
		judge(t, "demo server + TTS", run)
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
			loadgen.Req{Kind: "page", Method: "GET", Target: "/_zh-hant/report.html"},
			loadgen.Req{Kind: "page", Method: "GET", Target: "/_zh-hant/index.html"},
		)
		run := send(strings.TrimPrefix(edge.URL, "http://"), loadgen.Mix(seed+1, 1000, eg, loadgen.Malformed()))
		judge(t, "edge handler (net/http)", run)
		stillServes(t, "edge handler", edge.URL)
	})
}
