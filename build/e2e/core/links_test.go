package core

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// TestPortalActionLinks clicks the portal's own 长者助手 and 无障碍浏览
// links: they act in place (no navigation), and a second click on 长者助手
// turns elder mode off again.
func TestPortalActionLinks(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	href := browsertest.Eval[string](tab, `location.href`)
	click := func(action string) {
		tab.Do(chromedp.Click(chromedp.CSS(`a[data-yiyue-action="` + action + `"]`)))
	}
	click("elder")
	tab.Wait(`yiyue.get().elder === true && document.documentElement.getAttribute("data-yiyue").includes("zoom")`, 10*time.Second)
	click("elder")
	tab.Wait(`yiyue.get().elder === false && !document.documentElement.hasAttribute("data-yiyue")`, 5*time.Second)
	click("open")
	tab.Wait(`yiyue.get().open === true`, 5*time.Second)
	if got := browsertest.Eval[string](tab, `location.href`); got != href {
		t.Errorf("an action link navigated: %s → %s", href, got)
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestInvalidActionIgnored: a link whose data-yiyue-action names nothing
// yiyue does stays an ordinary link (here a fragment link, so the page
// stays), and the WASM is not started for it.
func TestInvalidActionIgnored(t *testing.T) {
	tab := env.Tab(t)
	tab.Go("hostile.html")
	tab.Wait(`window.yiyue`, 5*time.Second)
	tab.Do(chromedp.Click(chromedp.CSS(`a[data-yiyue-action="__proto__"]`)))
	tab.Wait(`location.hash === "#msg-2"`, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if w := wasmRequests(tab); len(w) > 0 {
		t.Errorf("an invalid action started the WASM: %v", w)
	}
}
