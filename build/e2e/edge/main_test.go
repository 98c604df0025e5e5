// Package edge tests yiyue's Cloudflare Worker (examples/worker) as it
// runs: built for GOOS=js, served by `wrangler dev` offline (workerd), in
// front of a local origin (the example portal, served by the demo server
// without its script tag), and driven over HTTP and in Chromium. It also
// measures each route under wrangler against the same handler under plain
// net/http, sends the Worker build/loadgen's half-malformed load, and
// reports the Worker's size.
//
// A missing wrangler or Chromium fails the package; `go run ./build test`
// installs both.
package edge

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/build/dist"
	"github.com/yiyue-a11y/yiyue/build/server"
	wedge "github.com/yiyue-a11y/yiyue/examples/worker/edge"
	"github.com/yiyue-a11y/yiyue/examples/worker/edge/edgetest"
	"github.com/yiyue-a11y/yiyue/widget/tts"
)

var (
	env *browsertest.Env
	// wk is the Worker under wrangler dev, native the same handler under
	// net/http; both front origin.
	wk, native string
	origin     *httptest.Server
	evil       = &edgetest.Evil{}
	evilURL    string
	ttsHits    atomic.Int64
	ttsSvc     *tts.Service
	// workerDir holds the built Worker.
	workerDir string
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "edge e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	e, err := browsertest.Start(browsertest.Options{})
	if err != nil {
		return 0, err
	}
	env = e
	defer e.Close()
	// wrangler dev reloads when its assets folder changes, and dist/ is
	// rebuilt by whoever runs `go run ./build`: the Worker serves a copy.
	snap, err := snapshot(e.Dist)
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(snap)
	e.Dist = filepath.Join(snap, "dist")
	if e.Manifest, err = dist.ReadManifest(e.Dist); err != nil {
		return 0, err
	}

	if ttsSvc, err = tts.New(tts.Options{}); err != nil {
		return 0, fmt.Errorf("TTS service (espeak-ng and lame; `go run ./build test` installs them): %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", edgetest.Origin(server.New(server.Options{Dist: e.Dist, Examples: filepath.Join(e.Root, "examples", "portal")})))
	mux.HandleFunc("/tts", func(w http.ResponseWriter, r *http.Request) {
		ttsHits.Add(1)
		ttsSvc.ServeHTTP(w, r)
	})
	origin = httptest.NewServer(mux)
	defer origin.Close()
	evilSrv := httptest.NewServer(evil)
	defer evilSrv.Close()
	evilURL = evilSrv.URL

	h, err := wedge.New(wedge.Config{
		Origin: origin.URL, TTSUpstream: origin.URL + "/tts", Variant: "t",
		Dist: os.DirFS(e.Dist), Transport: http.DefaultTransport, Cache: wedge.NewMemoryCache(32 << 20),
	})
	if err != nil {
		return 0, err
	}
	nat := httptest.NewServer(h)
	defer nat.Close()
	native = nat.URL

	if workerDir, err = buildWorker(e.Root, e.Dist, filepath.Join(snap, "worker")); err != nil {
		return 0, err
	}
	dev, err := startWrangler(e.Root, e.Dist, workerDir, map[string]string{
		"ORIGIN": origin.URL, "TTS_UPSTREAM": origin.URL + "/tts", "VARIANT": "t",
	})
	if dev != nil {
		defer dev.stop()
	}
	if err != nil {
		return 0, err
	}
	wk, wranglerLog, wranglerConfig = dev.url, dev.log, dev.config
	wranglerPID, wranglerExited = dev.pid, dev.exited
	code := m.Run()
	if code != 0 {
		// What wrangler and the Worker logged, for the failure.
		if b, err := os.ReadFile(wranglerLog); err == nil {
			if len(b) > 8000 {
				b = b[len(b)-8000:]
			}
			fmt.Fprintf(os.Stderr, "--- wrangler dev log (end):\n%s\n", b)
		}
	}
	return code, nil
}

// wranglerLog is wrangler dev's output; wranglerConfig its configuration.
var wranglerLog, wranglerConfig string

// wranglerPID is wrangler dev's process, which leads its process group
// (workerd among it); wranglerExited is closed when it ends.
var (
	wranglerPID    int
	wranglerExited <-chan struct{}
)

// snapshot copies dist into a new temporary folder and returns that
// folder.
func snapshot(dist string) (string, error) {
	tmp, err := os.MkdirTemp("", "yiyue-edge-assets")
	if err != nil {
		return "", err
	}
	if err := os.CopyFS(filepath.Join(tmp, "dist"), os.DirFS(dist)); err != nil {
		return "", fmt.Errorf("copy dist: %w", err)
	}
	return tmp, nil
}

// wranglerEnv runs wrangler offline, quiet, and with its own
// configuration folder under dir.
func wranglerEnv(dir string) []string {
	return append(os.Environ(), "WRANGLER_SEND_METRICS=false", "WRANGLER_HIDE_BANNER=true", "CI=1",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "NO_COLOR=1")
}

// buildWorker builds the Worker the way wrangler.toml's [build] command
// does, into examples/worker/build (git-ignored), and copies the result to
// dst, which it returns. wrangler dev serves the copy: it reloads the
// Worker when its files change, and another run of these tests may
// rebuild examples/worker/build meanwhile.
func buildWorker(root, dist, dst string) (string, error) {
	src := filepath.Join(root, "examples", "worker")
	out := filepath.Join(src, "build")
	steps := []struct {
		env  []string
		args []string
	}{
		// It empties its output folder, so it runs first.
		{nil, []string{"go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", out}},
		{[]string{"GOOS=js", "GOARCH=wasm"}, []string{"go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(out, "app.wasm"), "."}},
	}
	for i, s := range steps {
		if i == 1 {
			man, err := os.ReadFile(filepath.Join(dist, "manifest.json"))
			if err != nil {
				return "", err
			}
			if err := os.WriteFile(filepath.Join(out, "manifest.json"), man, 0o644); err != nil {
				return "", err
			}
		}
		cmd := exec.Command(s.args[0], s.args[1:]...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), s.env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("build the Worker: %s: %w\n%s", strings.Join(s.args, " "), err, b)
		}
	}
	if err := os.CopyFS(dst, os.DirFS(out)); err != nil {
		return "", fmt.Errorf("copy the built Worker: %w", err)
	}
	return dst, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// devWorker is one `wrangler dev` running the built Worker.
type devWorker struct {
	url         string // where it listens
	log, config string // its output and its configuration
	pid         int    // wrangler's process, which leads its group
	exited      <-chan struct{}
	stop        func() // ends the whole group
}

// startWrangler runs `wrangler dev` offline on a free loopback port, in
// its own process group (its workerd child outlives it otherwise), with
// a configuration in a temporary folder pointing at the built Worker and
// at dist, and vars as the Worker's variables. The returned devWorker's
// stop, which must be called even with an error, ends the whole group.
func startWrangler(root, dist, built string, vars map[string]string) (*devWorker, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	return startWranglerOn(port, root, dist, built, vars)
}

// startWranglerOn is startWrangler on a given port: a Worker deployed
// anew on the same host, for a browser that kept what the old one sent.
func startWranglerOn(port int, root, dist, built string, vars map[string]string) (*devWorker, error) {
	bin := filepath.Join(root, "build", "node_modules", ".bin", "wrangler")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("wrangler is not installed at %s (run `go run ./build test`, which installs the pinned version): %w", bin, err)
	}
	dir, err := os.MkdirTemp("", "yiyue-wrangler")
	if err != nil {
		return nil, err
	}
	inspector, err := freePort()
	if err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`name = "yiyue-edge-test"
main = %q
compatibility_date = "2025-06-01"

[assets]
directory = %q
binding = "ASSETS"
run_worker_first = true

[vars]
`, filepath.Join(built, "worker.mjs"), dist)
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		// The values are printable ASCII, which TOML quotes as Go does.
		conf += fmt.Sprintf("%s = %q\n", k, vars[k])
	}
	cfg := filepath.Join(dir, "wrangler.toml")
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "wrangler.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	// Log level "log", one step more than info, also shows when wrangler
	// reloads the Worker.
	cmd := exec.Command(bin, "dev", "--config", cfg, "--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--inspector-port", strconv.Itoa(inspector), "--persist-to", filepath.Join(dir, "state"), "--log-level", "log")
	cmd.Dir = dir
	cmd.Env = wranglerEnv(dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start wrangler: %w", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	dev := &devWorker{url: "http://127.0.0.1:" + strconv.Itoa(port), log: logPath, config: cfg, pid: cmd.Process.Pid, exited: exited}
	dev.stop = func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		logf.Close()
		os.RemoveAll(dir)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(dev.url + "/yiyue.js")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return dev, nil
			}
		}
		select {
		case <-exited:
			b, _ := os.ReadFile(logPath)
			return dev, fmt.Errorf("wrangler dev exited:\n%s", b)
		default:
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			return dev, errors.New("wrangler dev did not serve /yiyue.js within 90 s:\n" + string(b))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
