package core

import (
	"path"
	"strings"
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// Budgets in brotli bytes: the loader, and all of yiyue that a visitor
// downloads before using the widget (the page's HTML aside).
const (
	loaderBudget = 3000
	preUseBudget = 5000
)

// TestDownloadsBeforeUse adds up, at their brotli sizes from the build's
// manifest, the files of yiyue that a fresh visitor's browser fetched for
// the report before the widget was used, and holds them to the budgets.
func TestDownloadsBeforeUse(t *testing.T) {
	// A fresh visitor: nothing saved by an earlier test's pages.
	clean := env.Tab(t)
	clean.Go("index.html")
	browsertest.Eval[bool](clean, `(localStorage.clear(), true)`)
	tab := env.Tab(t)
	tab.Go("report.html")
	tab.Wait(`window.yiyue && document.getElementById("yiyue-host")`, 5*time.Second)
	tab.Wait(`document.readyState == "complete"`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	sizes := map[string]int{}
	for _, f := range env.Manifest.Files {
		sizes[f.Name] = f.Brotli
	}
	total, seen := 0, map[string]bool{}
	for _, u := range tab.Requests() {
		name := path.Base(strings.SplitN(u, "?", 2)[0])
		if n, ok := sizes[name]; ok && !seen[name] {
			seen[name] = true
			total += n
			t.Logf("before use: %s, %d B brotli", name, n)
		}
	}
	loader, ok := env.Manifest.Lookup(env.Manifest.Loader)
	if !ok || !seen[loader.Name] {
		t.Fatalf("the loader %q was not among the requests: %v", env.Manifest.Loader, tab.Requests())
	}
	if loader.Brotli > loaderBudget {
		t.Errorf("the loader is %d B brotli, over the %d B budget", loader.Brotli, loaderBudget)
	}
	if total > preUseBudget {
		t.Errorf("%d B brotli of yiyue before use, over the %d B budget", total, preUseBudget)
	}
}
