package reading

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// tables are tables as portals write them, added to forms.html after its
// guide table: a head of two rows with spans, a layout table with no
// head, cells that name their headers, a title row over a head, a
// rowspan in the body, and a guide of row headers under section titles.
const tables = `<table id="t-spans"><thead><tr><th rowspan="2">指标</th><th colspan="2">2020年</th></tr><tr><th>金额</th><th>同比</th></tr></thead>` +
	`<tbody><tr><th scope="row">收入</th><td>12.5亿元</td><td>增长3%</td></tr></tbody></table>` +
	`<table id="t-layout"><tr><td>左栏文字</td><td>右栏文字</td></tr></table>` +
	`<table id="t-ids"><tr><td id="h-addr">办理地点</td><td headers="h-addr">政务中心一楼</td></tr></table>` +
	// A copy of the table above with the same ids: each cell's header is
	// its own table's.
	`<table><tr><td id="h-addr">咨询电话</td><td headers="h-addr">12345</td></tr></table>` +
	`<table id="t-rows"><thead><tr><th colspan="3">2020年财政收入</th></tr><tr><th>类别</th><th>项目<span style="display: none">（按科目）</span></th><th>金额</th></tr></thead>` +
	`<tbody><tr><td rowspan="2">一般公共预算</td><td>税收收入</td><td>10亿元</td></tr><tr><td>非税收入</td><td>2亿元</td></tr></tbody></table>` +
	`<table id="t-guide"><tr><th colspan="2">基本信息</th></tr><tr><th>事项类型</th><td>行政许可</td></tr><tr><th colspan="2">办理流程</th></tr><tr><th>受理</th><td>窗口受理</td></tr></table>`

// TestReadsTablesWithHeaders: a table's data cells are read after their
// headers (办理时限：即时办结), through spans in a head of two rows and a
// headers attribute; header cells, row headers and a layout table's cells
// are read as they are. 指读 on a cell says its headers too.
func TestReadsTablesWithHeaders(t *testing.T) {
	tab := openPage(t, "forms.html")
	browsertest.Eval[bool](tab, `document.getElementById("guide-table").insertAdjacentHTML("afterend", `+strconv.Quote(tables)+`), true`)
	press(tab, "read")
	tab.Wait(`yiyue._b.rt.readStats().texts.some(t => t.includes("窗口受理"))`, 10*time.Second)
	got := readStats(tab).Texts
	for _, want := range []string{"事项名称", "法律咨询", "办理机构：横沥镇公共法律服务站", "办理时限：即时办结", "收费标准：免费",
		"指标", "收入", "2020年 金额：12.5亿元", "2020年 同比：增长3%", "左栏文字", "右栏文字", "办理地点：政务中心一楼",
		"咨询电话：12345", "2020年财政收入", "类别：一般公共预算", "项目：税收收入", "金额：10亿元", "项目：非税收入", "金额：2亿元",
		"基本信息", "事项类型", "行政许可", "办理流程", "窗口受理"} {
		if !slices.Contains(got, want) {
			i := slices.IndexFunc(got, func(s string) bool { return strings.Contains(s, "事项名称") })
			t.Errorf("no sentence %q; the tables were read as %q", want, got[max(i, 0):])
		}
	}
	press(tab, "stop")
	pointOn(tab)
	m := mark()
	x, y := center(tab, `document.querySelector("#guide-table tbody td:nth-of-type(2)")`)
	moveTo(tab, x, y)
	waitRequest(t, m, "办理时限：即时办结", 5*time.Second)
	noErrors(t, tab)
}
