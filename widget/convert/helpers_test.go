package convert_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/liuzl/gocc"
	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// cacheDir is the build's download cache, build/.cache at the repo root.
func cacheDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "build", ".cache")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// needNetwork fails the test in CI and skips it elsewhere when something
// had to be fetched and could not be.
func needNetwork(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("fetching test data failed (CI=true, so this fails): %v", err)
	}
	tb.Skipf("skipping: fetching test data failed (npm unreachable?): %v", err)
}

type prepared struct {
	once  sync.Once
	dicts map[string][]byte
	err   error
}

var current, currentTofu, goccData prepared

// currentDicts returns yiyue's dictionaries prepared from the pinned npm
// package opencc, as the build prepares them; or, when YIYUE_PREPARED_DIR
// names a directory of prepared <conversion>.yyd files (such as the one
// dictprep.Build caches under build/.cache/convert/), those: under
// GOOS=js, where npm cannot run, benchmarks use them.
func currentDicts(tb testing.TB) map[string][]byte {
	tb.Helper()
	current.once.Do(func() {
		if dir := os.Getenv("YIYUE_PREPARED_DIR"); dir != "" {
			current.dicts = map[string][]byte{}
			for _, name := range dictprep.Conversions {
				b, err := os.ReadFile(filepath.Join(dir, name+".yyd"))
				if err != nil {
					current.err = err
					return
				}
				current.dicts[name] = b
			}
			return
		}
		src, err := dictprep.FetchNPM(cacheDir(tb))
		if err != nil {
			current.err = err
			return
		}
		current.dicts, current.err = dictprep.Prepare(src)
	})
	if current.err != nil {
		needNetwork(tb, current.err)
	}
	return current.dicts
}

// currentTofuDicts is currentDicts with OpenCC's tofu-risk tables kept.
func currentTofuDicts(tb testing.TB) map[string][]byte {
	tb.Helper()
	currentTofu.once.Do(func() {
		src, err := dictprep.FetchNPM(cacheDir(tb))
		if err != nil {
			currentTofu.err = err
			return
		}
		currentTofu.dicts, currentTofu.err = dictprep.PrepareWith(src, dictprep.Options{IncludeTofuRisk: true})
	})
	if currentTofu.err != nil {
		needNetwork(tb, currentTofu.err)
	}
	return currentTofu.dicts
}

// goccDicts returns gocc's own dictionaries prepared to convert exactly as
// gocc does.
func goccDicts(tb testing.TB) map[string][]byte {
	tb.Helper()
	goccData.once.Do(func() {
		if runtime.GOOS == "js" {
			goccData.err = errors.New("gocc's module directory cannot be read under GOOS=js")
			return
		}
		src, err := dictprep.GoccSource()
		if err != nil {
			goccData.err = err
			return
		}
		goccData.dicts, goccData.err = dictprep.PrepareWith(src, dictprep.Options{GoccCompatible: true})
	})
	if goccData.err != nil {
		// Under node (a manual benchmark run) gocc's module may be out of
		// reach; its rows are left out there, never in CI.
		if runtime.GOOS == "js" && os.Getenv("CI") != "true" {
			tb.Skip(goccData.err)
		}
		tb.Fatal(goccData.err)
	}
	return goccData.dicts
}

func open(tb testing.TB, dicts map[string][]byte, name string) *convert.Converter {
	tb.Helper()
	c, err := convert.Open(dicts[name])
	if err != nil {
		tb.Fatalf("open %s: %v", name, err)
	}
	return c
}

var (
	goccMu    sync.Mutex
	goccConvs = map[string]*gocc.OpenCC{}
)

// goccConverter returns gocc's converter, built once per conversion (it
// builds its tries at New).
func goccConverter(tb testing.TB, name string) *gocc.OpenCC {
	tb.Helper()
	goccMu.Lock()
	defer goccMu.Unlock()
	if c, ok := goccConvs[name]; ok {
		return c
	}
	c, err := gocc.New(name)
	if err != nil {
		tb.Fatalf("gocc.New(%s): %v", name, err)
	}
	goccConvs[name] = c
	return c
}

func goccConvert(tb testing.TB, name, s string) string {
	tb.Helper()
	out, err := goccConverter(tb, name).Convert(s)
	if err != nil {
		tb.Fatalf("gocc %s: %v", name, err)
	}
	return out
}

func seedText(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hengli-2020-report.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// mixedCorpus returns about size bytes of text built deterministically
// from the seed report's lines, ambiguous words, Latin text, numbers and
// the U+0000 separators the page glue puts between text nodes.
func mixedCorpus(tb testing.TB, size int) string {
	tb.Helper()
	lines := strings.Split(seedText(tb), "\n")
	rng := rand.New(rand.NewPCG(2020, 11))
	latin := []string{"Portal", "IPv6", "English", "PDF", "2021-01-11", "www.gov.cn", "ID 4401150", "Q&A", "(3/4)"}
	var b strings.Builder
	for b.Len() < size {
		switch n := rng.IntN(10); {
		case n < 6:
			b.WriteString(lines[rng.IntN(len(lines))])
		case n < 8:
			for range 1 + rng.IntN(6) {
				b.WriteString(ambiguous[rng.IntN(len(ambiguous))])
				b.WriteString("，")
			}
		case n < 9:
			b.WriteString(latin[rng.IntN(len(latin))])
			b.WriteByte(' ')
		default:
			b.WriteByte(0)
		}
		if rng.IntN(4) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// ambiguous lists words and sentences whose conversion depends on context
// or on the region.
var ambiguous = []string{
	"头发", "发展", "理发", "发现", "皇后", "以后", "后来", "干部", "干净", "干活", "干燥", "树干",
	"里面", "公里", "这里", "面条", "方面", "面积", "一只", "只有", "只是", "台风", "台湾", "台上",
	"出租车", "软件", "信息", "打印机", "鼠标", "网络", "程序", "著名", "乾隆", "经理发现",
	"胚胎发育", "统一出件", "口吃", "吃饭", "钟表", "钟情", "范围", "模范", "松树", "放松",
	"系统", "关系", "联系", "制度", "制造", "复杂", "恢复", "重复", "准备", "标准", "斗争", "北斗",
	"征求意见", "特征", "历史", "日历", "云彩", "人云亦云", "冲突", "冲茶", "丑陋", "子丑寅卯",
	"借鉴", "凭借", "了解", "了不起", "卷尺", "试卷", "尽管", "尽力", "几乎", "茶几", "谷物", "山谷",
	"饥饿", "面包", "咸鱼", "秋千", "一千", "升级", "一升", "签名", "竹签", "须知", "胡须", "家具",
	"工具", "获得", "收获", "御寒", "防御", "云计算", "数据库", "硬盘", "内存", "视频", "质量",
	"互联网", "服务器", "操作系统", "数字化", "政务公开", "依法行政", "行政复议", "营商环境",
	"镇党委", "人民政府", "横沥镇", "南沙区", "广州市", "法治政府建设", "统一出件窗口",
	"我干什么不干你事。", "太后的头发很干燥。", "想到自己一紧张就口吃，我就没胃口吃饭。",
	"新的理论被发现了。", "他把电脑里面的软件卸载了。", "请在打印机旁边等一下。",
}
