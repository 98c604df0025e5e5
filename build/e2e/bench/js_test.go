package bench

// benchJS runs in a fresh tab of the bench page: bench(peer, dict, runs)
// makes one converter ready (timed from nothing: fetch, instantiate,
// dictionary, first conversion), then converts the seed text and the 1 MB
// corpus runs times each, after warm runs of each that are not timed, and
// returns every time and both outputs. Without them the median caught the
// engines still compiling: yiyue's first corpus runs took 40-64, 19-28
// and 17-36 ms, then 10-15; opencc-js's 29-32 ms, then 18-36.
const benchJS = `
const peers = {
	async yiyue(dict) {
		const go = new Go()
		const r = await WebAssembly.instantiateStreaming(fetch("yiyuewasm.wasm"), go.importObject)
		go.run(r.instance)
		const buf = await (await fetch(dict)).arrayBuffer()
		const err = yiyueLoad(new Uint8Array(buf))
		if (err) throw new Error(err)
		return yiyueConvert
	},
	async gocc() {
		const go = new Go()
		const r = await WebAssembly.instantiateStreaming(fetch("goccwasm.wasm"), go.importObject)
		go.run(r.instance)
		const err = goccLoad("s2t")
		if (err) throw new Error(err)
		return goccConvert
	},
	async "opencc-js"() {
		await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = "/npm/opencc-js/dist/umd/cn2t.js"; s.onload = ok; s.onerror = fail; document.head.append(s) })
		return OpenCC.Converter({from: "cn", to: "t"})
	},
	async "simplecc-wasm"() {
		const m = await import("/npm/simplecc-wasm/pkg/web/simplecc_wasm.js")
		await m.default({module_or_path: "/npm/simplecc-wasm/pkg/web/simplecc_wasm_bg.wasm"})
		return s => m.simplecc(s, "s2t")
	},
}
const warm = 3
window.bench = async (peer, dict, runs) => {
	const [seed, corpus] = await Promise.all(["seed.txt", "corpus.txt"].map(async f => (await fetch(f)).text()))
	const t0 = performance.now()
	const conv = await peers[peer](dict)
	const first = conv("汉字转换")
	const ready = performance.now() - t0
	const time = (text, n) => { const ts = []; let out; for (let i = 0; i < n; i++) { const t = performance.now(); out = conv(text); ts.push(performance.now() - t) } return [ts, out] }
	time(seed, warm * 4)
	const [seedMs, seedOut] = time(seed, runs * 4)
	time(corpus, warm)
	const [corpusMs, corpusOut] = time(corpus, runs)
	return {ready, first, seedMs, corpusMs, seedOut, corpusOut}
}
`
