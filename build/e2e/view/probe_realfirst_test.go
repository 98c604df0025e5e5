package view

import (
	"testing"
	"time"

	"github.com/yiyue-a11y/yiyue/build/browsertest"
)

func TestProbeRealFirst(t *testing.T) {
	tab := open(t, 1280, 800, "gen10k.html")
	browsertest.Eval[bool](tab, `yiyue.set({links: true}).then(async () => { while (!localStorage.getItem("yiyue:css")) await new Promise(r => setTimeout(r, 20)); await yiyue.set({links: false}); return true })`)
	for i := 0; i < 3; i++ {
		tab.Go("gen10k.html")
		browsertest.Eval[bool](tab, `yiyue.load().then(() => true)`)
		time.Sleep(time.Second)
		r := browsertest.Eval[[]float64](tab, `new Promise(ok => requestAnimationFrame(() => {
			const t0 = performance.now()
			document.addEventListener("yiyue:change", () => {
				const js = performance.now() - t0
				setTimeout(() => ok([performance.now() - t0, js]), 0)
			}, {once: true})
			yiyue.set({zoom: 1.25})
		}))`)
		t.Logf("first zoom: %v", r)
		browsertest.Eval[bool](tab, `yiyue.reset().then(() => true)`)
	}
}
