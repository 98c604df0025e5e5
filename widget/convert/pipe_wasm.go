package convert

// pipe is pipeGo in assembly (pipe_wasm.s).
//
//go:noescape
func pipe(p *pipeState)

// ovNext is ovNextGo in assembly (pipe_wasm.s).
//
//go:noescape
func ovNext(p *pipeState)
