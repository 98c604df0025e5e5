package main

import (
	"io"
	"net/http"
)

// ttsHandler returns yiyue's TTS service, or nil when it cannot run here.
func ttsHandler(log io.Writer) http.Handler { return nil }
