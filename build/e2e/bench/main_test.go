// Package bench sets yiyue's 简繁 conversion beside its peers in one
// Chromium: opencc-js and simplecc-wasm (npm, pinned in build/package.json)
// and gocc compiled to WebAssembly as it is. `go run ./build bench` runs
// BenchmarkConvert, which prints the figures and whether the bars
// are reached; TestConvertReport takes the same figures quickly and asserts
// only that every converter's output is right.
package bench

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
	"github.com/yiyue-a11y/yiyue/build/dist"
)

var (
	env *browsertest.Env
	// work holds what the bench pages load: the two Go WASM builds, Go's
	// JS glue, the inputs and the page itself.
	work string
)

func TestMain(m *testing.M) {
	root, err := dist.Root()
	if err == nil {
		work, err = os.MkdirTemp("", "yiyue-bench")
	}
	if err == nil {
		err = prepare(root, work)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(work)
	npm := filepath.Join(root, "build", "node_modules")
	browsertest.Main(m, &env, browsertest.Options{Wrap: func(h http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/bench/", http.StripPrefix("/bench/", http.FileServer(http.Dir(work))))
		// Only the two pinned peers, not the whole folder.
		for _, p := range []string{"opencc-js", "simplecc-wasm"} {
			mux.Handle("/npm/"+p+"/", http.StripPrefix("/npm/", http.FileServer(http.Dir(npm))))
		}
		mux.Handle("/", h)
		return mux
	}})
}

// prepare builds the two Go WASM mains and writes the inputs and the page.
func prepare(root, dir string) error {
	for _, p := range []string{"goccwasm", "yiyuewasm"} {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, p+".wasm"), "./build/e2e/bench/"+p)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %w\n%s", p, err, out)
		}
	}
	glue, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return fmt.Errorf("read Go's wasm_exec.js: %w", err)
	}
	seed, err := os.ReadFile(filepath.Join(root, "widget", "convert", "testdata", "hengli-2020-report.txt"))
	if err != nil {
		return fmt.Errorf("read seed text: %w", err)
	}
	files := map[string]string{
		"wasm_exec.js": string(glue),
		"seed.txt":     string(seed),
		"corpus.txt":   corpus(string(seed), 1<<20),
		"index.html":   `<!doctype html><meta charset=utf-8><title>bench</title><link rel=icon href="data:,"><script src="wasm_exec.js"></script><script src="bench.js"></script>`,
		"bench.js":     benchJS,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// corpus is a deterministic mixed text of about n bytes: lines of the seed
// report in a fixed pseudo-random order, interleaved with ambiguous words,
// Latin text, numbers and punctuation, as on a portal page.
func corpus(seed string, n int) string {
	lines := strings.FieldsFunc(seed, func(r rune) bool { return r == '\n' })
	words := strings.Fields("头发 发展 皇后 以后 干部 干净 干活 里面 公里 面条 方面 一只 只有 台风 台湾 出租车 软件 信息 打印机 鼠标 网络 程序 著名 乾隆 经理发现 胚胎发育 统一出件 什么 后来 制造 系统")
	latin := []string{"Hengli District, Dongguan 2020 ", "PDF (2.3 MB) ", "https://www.example.gov.cn/zwgk/ ", "No. 12345-678 ", "GDP +4.5% ", "Tel: 0769-8888 8888 "}
	r := rand.New(rand.NewPCG(2020, 11))
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(4) {
		case 0:
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString("，")
		case 1:
			b.WriteString(latin[r.IntN(len(latin))])
		default:
			b.WriteString(lines[r.IntN(len(lines))])
			b.WriteString("\n")
		}
	}
	// Cut at a rune boundary.
	s := b.String()[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
