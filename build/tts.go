package main

import (
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/yiyue-a11y/yiyue/widget/tts"
)

// ttsHandler returns yiyue's TTS service for the demo server, or nil when
// it cannot run here (espeak-ng or LAME missing): the server then answers
// /tts with 503 and the widget reads with browser voices only.
func ttsHandler(w io.Writer) http.Handler {
	logger := log.New(w, "tts: ", log.LstdFlags)
	svc, err := tts.New(tts.Options{ErrorLog: logger})
	if err != nil {
		fmt.Fprintf(w, "serve: read-aloud service disabled: %v\n", err)
		return nil
	}
	return svc
}
