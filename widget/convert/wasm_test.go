package convert_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// TestWebAssembly holds the engine compiled to WebAssembly, where its
// common steps are written in assembly (pipe_wasm.s), to the native one.
// Natively it runs some of this package's tests (TestPipeMatchesGo, which
// holds the assembly to its Go reference, and this one) under node
// (GOOS=js), with the prepared dictionaries and the digests of the native
// conversions; there, this test converts the same texts and compares.
func TestWebAssembly(t *testing.T) {
	if runtime.GOOS == "js" {
		want := os.Getenv("YIYUE_NATIVE_DIGESTS")
		if want == "" {
			if os.Getenv("CI") == "true" {
				t.Fatal("YIYUE_NATIVE_DIGESTS is not set: run this through the native TestWebAssembly")
			}
			t.Skip("run through the native TestWebAssembly")
		}
		b, err := os.ReadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		got := conversionDigests(t)
		for i, w := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if i >= len(got) || got[i] != w {
				t.Errorf("under WebAssembly: %v, natively: %s", got[min(i, len(got)-1)], w)
			}
		}
		return
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node is needed to run the WebAssembly build: %v", err)
		}
		t.Skipf("skipping: no node to run the WebAssembly build: %v", err)
	}
	t.Logf("node: %s", node)
	dir := t.TempDir()
	for name, b := range currentDicts(t) {
		if err := os.WriteFile(filepath.Join(dir, name+".yyd"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	digests := filepath.Join(dir, "digests.txt")
	if err := os.WriteFile(digests, []byte(strings.Join(conversionDigests(t), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goroot := runtime.GOROOT()
	cmd := exec.Command(filepath.Join(goroot, "bin", "go"), "test", "-count=1", "-run", "^(TestPipeMatchesGo|TestOvNextMatchesGo|TestFirstCandidates|TestSmallDictionary|TestWebAssembly)$",
		"-exec", filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "YIYUE_PREPARED_DIR="+dir, "YIYUE_NATIVE_DIGESTS="+digests)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("under WebAssembly: %v\n%s", err, out)
	}
}

// conversionDigests converts the seed report and a mixed corpus with
// every conversion, with and without site phrases, and returns a line
// per conversion with the digest of the output.
func conversionDigests(t *testing.T) []string {
	cur := currentDicts(t)
	phrases, errs := convert.ParsePhrases("头发\t頭髮\n发展\t發展\n横沥镇\t橫瀝鎮\n")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	inputs := []struct{ name, text string }{
		{"seed", seedText(t)},
		{"corpus", mixedCorpus(t, 1<<20)},
		{"words", strings.Join(ambiguous, "\x00")},
	}
	s2t := open(t, cur, "s2t")
	var lines []string
	for _, name := range dictprep.Conversions {
		c := open(t, cur, name)
		for _, in := range inputs {
			text := in.text
			if name == "t2s" {
				text = s2t.Convert(text)
			}
			for _, cv := range []*convert.Converter{c, c.WithPhrases(phrases)} {
				sum := sha256.Sum256([]byte(cv.Convert(text)))
				lines = append(lines, name+" "+in.name+" "+hex.EncodeToString(sum[:12]))
			}
		}
	}
	return lines
}
