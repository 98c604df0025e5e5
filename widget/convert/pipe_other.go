//go:build !wasm

package convert

// pipe is pipeGo where it is not written in assembly.
func pipe(p *pipeState) { pipeGo(p) }

// ovNext is ovNextGo where it is not written in assembly.
func ovNext(p *pipeState) { ovNextGo(p) }
