package convert_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// Native:
//
//	go test ./widget/convert -run '^$' -bench 'Convert|Open|DictionarySize'
//
// In WebAssembly under node (V8, as in Chromium), from dictionaries the
// build prepared (dictprep.Build caches them under build/.cache/convert/):
//
//	YIYUE_PREPARED_DIR=$(ls -d $PWD/build/.cache/convert/*/ | head -1) \
//	GOOS=js GOARCH=wasm go test ./widget/convert -run '^$' -bench 'Convert/.*/yiyue$' \
//	  -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
//
// BenchmarkConvert converts the seed report and a 1 MB mixed corpus with
// yiyue's current dictionaries, with gocc's data through yiyue's engine,
// and with gocc itself. t2s converts the s2t output of the same texts.
func BenchmarkConvert(b *testing.B) {
	cur := currentDicts(b)
	inputs := []struct{ name, text string }{
		{"seed", seedText(b)},
		{"corpus1MB", mixedCorpus(b, 1<<20)},
	}
	s2t := open(b, cur, "s2t")
	for _, in := range inputs {
		for _, name := range dictprep.Conversions {
			text := in.text
			if name == "t2s" {
				text = s2t.Convert(text)
			}
			for _, impl := range []string{"yiyue", "yiyue-goccdata", "gocc"} {
				b.Run(in.name+"/"+name+"/"+impl, func(b *testing.B) {
					var conv func(string) string
					switch impl {
					case "yiyue":
						conv = open(b, cur, name).Convert
					case "yiyue-goccdata":
						conv = open(b, goccDicts(b), name).Convert
					default:
						g := goccConverter(b, name)
						conv = func(s string) string { out, _ := g.Convert(s); return out }
					}
					b.SetBytes(int64(len(text)))
					b.ReportAllocs()
					for b.Loop() {
						conv(text)
					}
				})
			}
		}
	}
}

// BenchmarkAppendConvert shows the steady state with a reused buffer.
func BenchmarkAppendConvert(b *testing.B) {
	c := open(b, currentDicts(b), "s2t")
	text := mixedCorpus(b, 1<<20)
	buf := make([]byte, 0, 2*len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		buf = c.AppendConvert(buf[:0], text)
	}
}

// BenchmarkOpen measures the time to ready a prepared dictionary.
func BenchmarkOpen(b *testing.B) {
	cur := currentDicts(b)
	for _, name := range dictprep.Conversions {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := convert.Open(cur[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func brotliSize(tb testing.TB, data []byte) int {
	tb.Helper()
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Len()
}

// BenchmarkDictionarySize reports each prepared dictionary's raw and
// brotli (quality 11) size as metrics.
func BenchmarkDictionarySize(b *testing.B) {
	cur := currentDicts(b)
	for _, name := range dictprep.Conversions {
		b.Run(name, func(b *testing.B) {
			var br int
			for b.Loop() {
				br = brotliSizeCached(b, cur[name])
			}
			b.ReportMetric(float64(len(cur[name])), "raw-bytes")
			b.ReportMetric(float64(br), "brotli-bytes")
		})
	}
}

// brotliSizeCached is brotliSize remembered in the build cache by the
// data's hash: quality 11, which servers use for static assets and which
// compresses these tables far better than lower qualities, takes seconds.
func brotliSizeCached(tb testing.TB, data []byte) int {
	tb.Helper()
	sum := sha256.Sum256(data)
	file := filepath.Join(cacheDir(tb), "convert-brotli", hex.EncodeToString(sum[:12]))
	if b, err := os.ReadFile(file); err == nil {
		if n, err := strconv.Atoi(string(b)); err == nil {
			return n
		}
	}
	n := brotliSize(tb, data)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err == nil {
		os.WriteFile(file, []byte(strconv.Itoa(n)), 0o644)
	}
	return n
}

// TestDictionarySize holds the s2t dictionary to the 350 KB brotli bar.
func TestDictionarySize(t *testing.T) {
	cur := currentDicts(t)
	d := cur["s2t"]
	br := brotliSizeCached(t, d)
	t.Logf("s2t: %d bytes raw, %d bytes brotli", len(d), br)
	if br > 350*1024 {
		t.Errorf("s2t dictionary is %d bytes brotli, over the 350 KB bar", br)
	}
}
