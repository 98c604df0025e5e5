package browsertest

import (
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// OnNewDocument runs script in every document the tab loads from now on,
// before the page's own scripts.
func (tab *Tab) OnNewDocument(script string) {
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		tab.T.Fatalf("add script to new documents: %v", err)
	}
}
