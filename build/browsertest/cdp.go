package browsertest

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
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

// Phone makes the tab a phone's browser with a w×h screen (in CSS px, at
// 2 device px each) and touch: a page without a viewport meta is laid out
// for desktops and shrunk to fit the screen, as phones do.
func (tab *Tab) Phone(w, h int64) {
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		tab.T.Fatalf("emulate a phone: %v", err)
	}
	tab.Touch()
}

// Touch makes the tab a touch screen, as a phone's browser is.
func (tab *Tab) Touch() {
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1}); err != nil {
		tab.T.Fatalf("emulate a touch screen: %v", err)
	}
}

// Tap taps the screen at x, y with one finger: Chromium makes the tap's
// pointer, touch, mouse and click events from it, as on a phone.
func (tab *Tab) Tap(x, y float64) {
	tab.T.Helper()
	for _, p := range []input.DispatchTouchEventParams{
		{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}},
		{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}},
	} {
		if _, err := chromedp.Call(tab.Ctx, input.DispatchTouchEvent, p); err != nil {
			tab.T.Fatalf("tap at %.0f, %.0f: %v", x, y, err)
		}
	}
}

// EmulateMedia sets the tab's CSS media type ("" for the screen, "print")
// and media features, as the user's system would, given as name, value
// pairs ("forced-colors", "active"); each call replaces the last.
func (tab *Tab) EmulateMedia(media string, features ...string) {
	tab.T.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	var fs []*emulation.MediaFeature
	for i := 0; i+1 < len(features); i += 2 {
		fs = append(fs, &emulation.MediaFeature{Name: features[i], Value: features[i+1]})
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media, Features: fs}); err != nil {
		tab.T.Fatalf("emulate media %q %v: %v", media, features, err)
	}
}
