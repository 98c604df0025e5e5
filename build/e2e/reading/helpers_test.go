package reading

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/yiyue-a11y/yiyue/widget/mp3stream"
	"github.com/yiyue-a11y/yiyue/widget/tts"
)

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
func itoa(i int) string     { return strconv.Itoa(i) }

func keyEscape() chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(kb.Escape) }

// nativeFrames synthesises a request again, straight from the service,
// and counts the sample frames go-mp3 decodes from it natively.
func nativeFrames(t *testing.T, r ttsReq) int {
	t.Helper()
	req, err := tts.ParseRequest(url.Values{"text": {r.Text}, "lang": {r.Lang}, "rate": {ftoa(r.Rate)}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := service.Load().Synthesize(context.Background(), req, &buf); err != nil {
		t.Fatal(err)
	}
	dec := mp3stream.NewDecoder(mp3stream.Options{})
	dec.Write(buf.Bytes())
	dec.Close()
	n := 0
	for {
		c, err := dec.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		n += c.Frames
	}
}
