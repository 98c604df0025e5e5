package mp3stream

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/hajimehoshi/go-mp3"
)

// BenchmarkDecode measures streamed decoding of the TTS-format fixture and
// reports it as a multiple of real time (x_realtime): seconds of audio
// decoded per second of CPU.
func BenchmarkDecode(b *testing.B) {
	for _, tc := range []struct {
		name, file string
		stereo     bool
	}{
		{"speech-mono-22k", "speech.mp3", false},
		{"tones-stereo-44k", "tones.mp3", true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			in := readFixture(b, tc.file)
			var audio float64
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				d := NewDecoder(Options{Stereo: tc.stereo})
				// Pieces the size a fetch() body reader typically hands over.
				for off := 0; off < len(in); off += 4096 {
					if _, err := d.Write(in[off:min(off+4096, len(in))]); err != nil {
						b.Fatal(err)
					}
				}
				d.Close()
				for {
					c, err := d.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					audio += c.Duration()
				}
			}
			b.ReportMetric(audio/time.Since(start).Seconds(), "x_realtime")
		})
	}
}

// BenchmarkGoMP3 is go-mp3 alone on the same input, for comparison: the
// difference is this package's cost (buffering and float conversion).
func BenchmarkGoMP3(b *testing.B) {
	in := readFixture(b, "speech.mp3")
	buf := make([]byte, 4608)
	var frames int
	start := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		dec, err := mp3.NewDecoder(bytes.NewReader(in))
		if err != nil {
			b.Fatal(err)
		}
		for {
			n, err := dec.Read(buf)
			frames += n / 4
			if err != nil {
				break
			}
		}
	}
	b.ReportMetric(float64(frames)/22050/time.Since(start).Seconds(), "x_realtime")
}
