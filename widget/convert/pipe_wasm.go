package convert

// pipe is pipeGo in assembly (pipe_wasm.s).
//
//go:noescape
func pipe(p *pipeState)
