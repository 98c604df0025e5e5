package view

import (
	"encoding/json"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpio "github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

// trace records a tab's trace events of some categories: the benchmark
// reads the CPU time of each toggle off it (unlike wall time, it changes
// little with what else runs on the machine), tests what the browser did
// in a frame.
type trace struct {
	tab  *browsertest.Tab
	done chan cdpio.StreamHandle
}

// traceEvent is a trace event, as much of it as the tests read.
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`
	Dur  float64 `json:"dur"`
	Tdur float64 `json:"tdur"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
}

func startTrace(tab *browsertest.Tab, categories ...string) *trace {
	tab.T.Helper()
	tr := &trace{tab: tab, done: make(chan cdpio.StreamHandle, 1)}
	go func() {
		for ev, err := range chromedp.Events(tab.Ctx, tracing.TracingComplete) {
			if err == nil {
				tr.done <- ev.Stream
			}
			return
		}
	}()
	if _, err := chromedp.Call(tab.Ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReturnAsStream,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: categories},
	}); err != nil {
		tab.T.Fatalf("start tracing: %v", err)
	}
	return tr
}

// events ends the trace and returns its events.
func (tr *trace) events() []traceEvent {
	tab := tr.tab
	tab.T.Helper()
	if _, err := chromedp.Call(tab.Ctx, tracing.End, cdp.Empty{}); err != nil {
		tab.T.Fatalf("end tracing: %v", err)
	}
	var h cdpio.StreamHandle
	select {
	case h = <-tr.done:
	case <-time.After(30 * time.Second):
		tab.T.Fatal("tracing did not complete")
	}
	var data []byte
	for {
		r, err := chromedp.Call(tab.Ctx, cdpio.Read, cdpio.ReadParams{Handle: h, Size: 1 << 20})
		if err != nil {
			tab.T.Fatalf("read trace: %v", err)
		}
		data = append(data, r.Data...)
		if r.EOF {
			break
		}
	}
	chromedp.Call(tab.Ctx, cdpio.Close, cdpio.CloseParams{Handle: h})
	var tf struct {
		TraceEvents []traceEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &tf); err != nil {
		tab.T.Fatalf("decode trace: %v", err)
	}
	return tf.TraceEvents
}
