package mp3stream_test

import (
	"fmt"
	"io"
	"os"

	"github.com/yiyue-a11y/yiyue/widget/mp3stream"
)

// The producer (in the widget: the fetch() body reader's callback) writes
// pieces as they arrive; the consumer goroutine schedules each chunk at
// start + Chunk.Start/SampleRate, so chunks join without gaps.
func ExampleDecoder() {
	mp3, err := os.ReadFile("testdata/speech.mp3")
	if err != nil {
		panic(err)
	}
	d := mp3stream.NewDecoder(mp3stream.Options{})

	go func() {
		for len(mp3) > 0 {
			n := min(1024, len(mp3))
			if _, err := d.Write(mp3[:n]); err != nil {
				return // decoding failed or was aborted: stop fetching
			}
			mp3 = mp3[n:]
		}
		d.Close()
	}()

	var frames int64
	var rate int
	for {
		c, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		// Copy c.Left (and c.Right) out here: Next reuses them.
		rate = c.SampleRate
		frames = c.Start + int64(c.Frames)
	}
	fmt.Printf("%d Hz, %.2f s\n", rate, float64(frames)/float64(rate))
	// Output: 22050 Hz, 3.45 s
}
