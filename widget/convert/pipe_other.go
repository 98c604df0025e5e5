//go:build !wasm

package convert

// pipe is pipeGo where it is not written in assembly.
func pipe(p *pipeState) { pipeGo(p) }
