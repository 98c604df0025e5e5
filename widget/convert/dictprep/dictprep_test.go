package dictprep

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/yiyue-a11y/yiyue/widget/convert"
)

func TestParseDict(t *testing.T) {
	d := parseDict("\uFEFF# header\tline\n" +
		"发\t發 髮\n" +
		"绷\t繃 綳 \r\n" + // a trailing space, as in gocc's STCharacters.txt
		"\n" +
		"没有值\n" +
		"空\t \n" +
		"三\t甲 乙\t丙\n" + // more than two fields: gocc keeps them whole
		"发\t發\n") // a repeated key: the later line wins, as in gocc
	want := dict{"发": {"發"}, "绷": {"繃", "綳"}, "三": {"甲 乙", "丙"}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("parseDict = %v, want %v", d, want)
	}
}

// firstMatch is the group semantics spelled out: the first dictionary
// with any prefix match decides, with its longest match.
func firstMatch(parts []dict, s string) (string, bool) {
	for _, d := range parts {
		best := ""
		for k := range d {
			if strings.HasPrefix(s, k) && len(k) > len(best) {
				best = k
			}
		}
		if best != "" {
			return d[best][0], true
		}
	}
	return "", false
}

func longestMatch(d dict, s string) (string, bool) {
	best := ""
	for k := range d {
		if strings.HasPrefix(s, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return "", false
	}
	return d[best][0], true
}

func TestShortCircuit(t *testing.T) {
	parts := []dict{
		{"ab": {"1"}, "x": {"2"}},
		{"a": {"3"}, "abc": {"4"}, "xy": {"5"}, "b": {"6"}},
		{"abcd": {"7"}, "bc": {"8"}, "c": {"9"}},
	}
	merged := shortCircuit(parts)
	for _, s := range []string{"a", "ab", "abc", "abcd", "abx", "x", "xy", "b", "bc", "bcd", "c", "z", ""} {
		v1, ok1 := firstMatch(parts, s)
		v2, ok2 := longestMatch(merged, s)
		if v1 != v2 || ok1 != ok2 {
			t.Errorf("%q: group gives %q,%v, merged table %q,%v", s, v1, ok1, v2, ok2)
		}
	}
}

func TestUnion(t *testing.T) {
	u := union([]dict{{"ab": {"1"}, "a": {"2"}}, {"ab": {"3"}, "abc": {"4"}}})
	want := dict{"ab": {"1"}, "a": {"2"}, "abc": {"4"}}
	if !reflect.DeepEqual(u, want) {
		t.Errorf("union = %v, want %v", u, want)
	}
}

func TestTofuRisk(t *testing.T) {
	pr := &preparer{src: Source{Dicts: map[string][]byte{"TSCharacters.txt": []byte(
		"# header\n殢\t殢 𣨼\n# @tofu-risk: not covered: 𣨼\n殢\t殢 𣨼\n團\t团\n")}}}
	d, err := pr.tofuRisk("TSCharacters.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, dict{"殢": {"𣨼"}}) {
		t.Errorf("tofuRisk = %v", d)
	}
	pr.src.Dicts["TSCharacters.txt"] = []byte("# @tofu-risk: x\n# not a mapping\n")
	if _, err := pr.tofuRisk("TSCharacters.txt"); err == nil {
		t.Error("a tofu-risk note without a mapping was accepted")
	}
}

// TestFetchFallsBack checks that without npm the build says so and uses
// gocc's dictionaries, which still convert.
func TestFetchFallsBack(t *testing.T) {
	defer func(c string) { npmCommand = c }(npmCommand)
	npmCommand = filepath.Join(t.TempDir(), "no-npm-here")
	var logs []string
	src, err := Fetch(t.TempDir(), func(f string, a ...any) { logs = append(logs, f) })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(src.Name, GoccModule) {
		t.Errorf("fallback source is %q", src.Name)
	}
	if len(logs) != 1 || !strings.Contains(logs[0], "FALLING BACK") {
		t.Errorf("fallback was not reported: %q", logs)
	}
	out, err := Prepare(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := convert.Open(out["s2t"])
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Convert("头发统一出件"); got != "頭髮統一出件" {
		t.Errorf("s2t from gocc's data: %s", got)
	}
}

// npmTarball returns the pinned opencc tarball, fetched into the build's
// cache; it fails when npm cannot fetch it.
func npmTarball(t *testing.T) string {
	t.Helper()
	wd, _ := os.Getwd()
	file, err := Pack(filepath.Join(wd, "..", "..", "..", "build", ".cache"), OpenCC)
	if err != nil {
		t.Fatalf("npm pack failed (go run ./build test needs npm): %v", err)
	}
	return file
}

func TestBuildCaches(t *testing.T) {
	tgz := npmTarball(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "npm"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(tgz)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "npm", filepath.Base(tgz)), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs []string
	logf := func(f string, a ...any) { logs = append(logs, f) }
	first, err := Build(dir, logf)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Build(dir, logf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(second))) || len(first) != len(Conversions) {
		t.Fatalf("conversions %v then %v", slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(second)))
	}
	for name := range first {
		if string(first[name]) != string(second[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
	if len(logs) != 2 || !strings.Contains(logs[0], "prepared") || !strings.Contains(logs[1], "from cache") {
		t.Errorf("logs %q", logs)
	}
	// A damaged tarball is refused by its integrity hash.
	if err := os.WriteFile(filepath.Join(dir, "npm", filepath.Base(tgz)), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkIntegrity(filepath.Join(dir, "npm", filepath.Base(tgz)), OpenCC.Integrity); err == nil {
		t.Error("a truncated tarball passed the integrity check")
	}
}

func TestRegionalPhrases(t *testing.T) {
	src, err := FetchNPM(filepath.Dir(filepath.Dir(npmTarball(t))))
	if err != nil {
		t.Fatal(err)
	}
	pr := &preparer{src: src, parsed: map[string]dict{}}
	d, err := pr.load("STPhrases_GeneratedFromRegionalPhrases.ocd2")
	if err != nil {
		t.Fatal(err)
	}
	// Taiwan's 計程車 is keyed in OpenCC's standard form 出租車, whose
	// simplified form must keep that span whole for the regional stage.
	if v := d["出租车"]; len(v) != 1 || v[0] != "出租車" {
		t.Errorf("出租车 → %v", v)
	}
	for k := range d {
		if n := len([]rune(k)); n < 3 {
			t.Errorf("generated key %q has %d characters", k, n)
		}
	}
	if len(d) < 100 {
		t.Errorf("only %d generated phrases", len(d))
	}
}
