package reading

import (
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// TestPointReadsSelectedTabsAndFolds: 指读 says which tab is the selected
// one (aria-selected), and whether a <details> is open, as screen readers
// do: a tab was read by its name alone, and a fold's summary as a plain
// button, 按钮：展开全文, open or shut.
func TestPointReadsSelectedTabsAndFolds(t *testing.T) {
	tab := openPage(t, "forms.html")
	pointOn(tab)
	browsertest.Eval[bool](tab, `(() => {
		document.querySelector("main, body").insertAdjacentHTML("afterbegin",
			'<div role="tablist"><button role="tab" id="t-on" aria-selected="true">政务动态</button><button role="tab" id="t-off" aria-selected="false" tabindex="-1">通知公告</button></div>' +
			'<details id="t-fold"><summary>展开全文</summary><p>全文。</p></details>')
		return true })()`)
	m := mark()
	for _, c := range []struct{ sel, js, want string }{
		{"#t-on", "", "选项卡：政务动态，已选中"},
		{"#t-off", "", "选项卡：通知公告"},
		{"#t-fold summary", "", "按钮：展开全文，已折叠"},
		{"#t-on", `document.querySelector("#t-fold").open = true`, ""},
		{"#t-fold summary", "", "按钮：展开全文，已展开"},
	} {
		if c.js != "" {
			browsertest.Eval[bool](tab, `(`+c.js+`, true)`)
		}
		browsertest.Eval[bool](tab, `(document.querySelector("`+c.sel+`").focus(), true)`)
		if c.want != "" {
			waitRequest(t, m, c.want, 5*time.Second)
		}
	}
	noErrors(t, tab)
}
