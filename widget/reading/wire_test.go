package reading

import (
	"reflect"
	"strings"
	"testing"
)

// docPayload is the example from the package documentation.
const docPayload = "h2\x1f0\x1fzh-CN\x1f\x1et\x1f1\x1fzh-CN\x1f通知\x1eH\x1f0\x1fzh-CN\x1f\x1eb\x1f2\x1fzh-CN\x1f\x1et\x1f3\x1fzh-CN\x1f请访问\x1e" +
	"a\x1f4\x1fzh-CN\x1f\x1et\x1f5\x1fzh-CN\x1f政务公开\x1eA\x1f4\x1fzh-CN\x1f\x1et\x1f6\x1fzh-CN\x1f。\x1ei\x1f7\x1fzh-CN\x1f国徽\x1eb\x1f2\x1fzh-CN\x1f"

func TestDocExample(t *testing.T) {
	segs, err := ParseSegments(docPayload)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 11 || segs[0].Kind != HeadingStart || segs[0].Level != 2 || segs[9].Kind != Image || segs[9].Text != "国徽" {
		t.Fatalf("parsed %+v", segs)
	}
	got := Build(segs, Options{}).Wire()
	want := "zh-CN\x1f通知\x1f1,0,2\x1ezh-CN\x1f请访问政务公开。\x1f3,0,3,5,0,4,6,0,1\x1ezh-CN\x1f国徽\x1f7,-1,-1"
	if got != want {
		t.Errorf("wire\n got %q\nwant %q", got, want)
	}
}

func TestSegmentsWire(t *testing.T) {
	segs := []Segment{
		{Kind: SkipStart, Node: 0, Lang: "zh-CN"},
		{Kind: Text, Node: 1, Lang: "zh-CN", Text: "网站首页\n"},
		{Kind: SkipEnd, Node: 0, Lang: "zh-CN"},
		{Kind: HeadingStart, Level: 1, Node: 2, Lang: "zh-Hant-HK"},
		{Kind: HeadingStart, Node: 3},
		{Kind: Text, Node: 4, Lang: "en", Text: " 😀 𠀀 tab\there "},
		{Kind: HeadingEnd, Node: 2},
		{Kind: Block, Node: 999999999},
		{Kind: LinkStart, Node: 5, Text: "label"},
		{Kind: LinkEnd, Node: 5},
		{Kind: Image, Node: 6, Text: "国徽"},
		{Kind: Control, Role: "button", Node: 7, Text: "提交"},
		{Kind: Control, Node: 8},
		{Kind: Text, Node: 9, Text: ""},
	}
	wire := string(AppendSegments(nil, segs))
	got, err := ParseSegments(wire)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, segs) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, segs)
	}
	// Separators inside strings are deleted, as the page script does.
	got, err = ParseSegments(string(AppendSegments(nil, []Segment{{Kind: Text, Node: 1, Lang: "e\x1en", Text: "a\x1fb\x1ec"}})))
	if err != nil || len(got) != 1 || got[0].Text != "abc" || got[0].Lang != "en" {
		t.Errorf("separators not deleted: %+v %v", got, err)
	}
	// Empty records are ignored.
	got, err = ParseSegments("\x1et\x1f1\x1f\x1fx\x1e\x1e")
	if err != nil || len(got) != 1 || got[0].Text != "x" {
		t.Errorf("empty records: %+v %v", got, err)
	}
	if got, err := ParseSegments(""); err != nil || len(got) != 0 {
		t.Errorf("empty payload: %+v %v", got, err)
	}
}

func TestParseSegmentsErrors(t *testing.T) {
	for _, in := range []string{
		"t\x1f1\x1fzh",               // three fields
		"t\x1f1\x1fzh\x1fa\x1fb",     // five fields
		"\x1f1\x1fzh\x1fa",           // no kind
		"x\x1f1\x1fzh\x1fa",          // unknown kind
		"tt\x1f1\x1fzh\x1fa",         // argument on a kind without one
		"h7\x1f1\x1fzh\x1f",          // heading level
		"h12\x1f1\x1fzh\x1f",         // heading level
		"t\x1f-1\x1fzh\x1fa",         // negative node
		"t\x1f+1\x1fzh\x1fa",         // sign
		"t\x1f\x1fzh\x1fa",           // empty node
		"t\x1f1a\x1fzh\x1fa",         // not a number
		"t\x1f1234567890\x1fzh\x1fa", // too large
		"t\x1f1\x1f\x1fa\x1ezz",      // bad second record
	} {
		if _, err := ParseSegments(in); err == nil {
			t.Errorf("ParseSegments(%q) accepted", in)
		} else if !strings.HasPrefix(err.Error(), "reading: segment record ") {
			t.Errorf("ParseSegments(%q): error %q lacks context", in, err)
		}
	}
}

func TestModelWire(t *testing.T) {
	p := reportPage(t)
	p.img("国徽")
	p.control("button", "提交")
	m := Build(p.segs, Options{DefaultLang: "zh-CN", Roles: DefaultRoles("zh-CN")})
	w := m.Wire()
	if strings.Count(w, "\x1e") != len(m.Sentences)-1 {
		t.Fatalf("%d records for %d sentences", strings.Count(w, "\x1e")+1, len(m.Sentences))
	}
	back, err := ParseModel(w)
	if err != nil {
		t.Fatal(err)
	}
	if !sameModel(m, back) {
		t.Errorf("round trip differs")
	}
	if back, err := ParseModel(""); err != nil || len(back.Sentences) != 0 {
		t.Errorf("empty: %+v %v", back, err)
	}
	for _, in := range []string{"zh\x1fa", "zh\x1fa\x1f1,2", "zh\x1fa\x1f1,2,x", "zh\x1fa\x1f1,2,3\x1f"} {
		if _, err := ParseModel(in); err == nil {
			t.Errorf("ParseModel(%q) accepted", in)
		}
	}
}

func sameModel(a, b *Model) bool {
	if len(a.Sentences) != len(b.Sentences) {
		return false
	}
	for i := range a.Sentences {
		x, y := a.Sentences[i], b.Sentences[i]
		if x.Text != y.Text || x.Lang != y.Lang || len(x.Ranges) != len(y.Ranges) {
			return false
		}
		for j := range x.Ranges {
			if x.Ranges[j] != y.Ranges[j] {
				return false
			}
		}
	}
	return true
}

func TestCandidatesWire(t *testing.T) {
	c := []Candidate{{CandBlock, -1, 1200, 300}, {CandMain, 0, 800, 10}, {CandRoleMain, 1, 0, 0}, {CandArticle, 0, 5, 5}}
	got, err := ParseCandidates(string(AppendCandidates(nil, c)) + "\x1e")
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("round trip %+v %v", got, err)
	}
	if i := ChooseMain(got); i != 1 {
		t.Errorf("ChooseMain = %d, want 1", i)
	}
	for _, in := range []string{"b\x1f-1\x1f1", "x\x1f-1\x1f1\x1f0", "bb\x1f-1\x1f1\x1f0", "b\x1f-2\x1f1\x1f0", "b\x1f0\x1f-1\x1f0", "b\x1f0\x1f1\x1fx"} {
		if _, err := ParseCandidates(in); err == nil {
			t.Errorf("ParseCandidates(%q) accepted", in)
		}
	}
}
