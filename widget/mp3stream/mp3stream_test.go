package mp3stream

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/go-mp3"
)

// The fixtures are output of yiyue's own tools; testdata/README.md says how
// they were made.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// wholeFile decodes b in one go with go-mp3 itself: the reference that
// streamed decoding must reproduce.
func wholeFile(tb testing.TB, b []byte) (rate int, pcm []byte) {
	tb.Helper()
	dec, err := mp3.NewDecoder(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	pcm, err = io.ReadAll(dec)
	if err != nil {
		tb.Fatal(err)
	}
	return dec.SampleRate(), pcm
}

// result is everything a consumer saw, with chunk slices copied.
type result struct {
	chunks      int
	rate        int
	channels    int
	left, right []float32
	err         error // the error that ended the stream; nil means io.EOF
}

// drain runs the consumer side until the end of the stream, failing the test
// if that takes longer than limit (a hang).
func drain(tb testing.TB, d *Decoder, limit time.Duration) result {
	tb.Helper()
	done := make(chan result, 1)
	go func() {
		var r result
		var next int64
		for {
			c, err := d.Next()
			if err != nil {
				if err != io.EOF {
					r.err = err
				}
				done <- r
				return
			}
			if c.Frames == 0 || c.Frames != len(c.Left) {
				r.err = errors.New("chunk with inconsistent frame count")
				done <- r
				return
			}
			if c.Start != next {
				r.err = errors.New("chunk Start does not continue the previous chunk")
				done <- r
				return
			}
			next += int64(c.Frames)
			r.chunks++
			r.rate = c.SampleRate
			r.channels = c.Channels
			r.left = append(r.left, c.Left...)
			r.right = append(r.right, c.Right...)
		}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		tb.Fatalf("decoder did not finish within %v", limit)
		return result{}
	}
}

// feed writes b in random-sized pieces of 1..maxPiece bytes, pausing now and
// then so the consumer really has to wait for data, then closes.
func feed(d *Decoder, b []byte, rng *rand.Rand, maxPiece int) {
	for len(b) > 0 {
		n := 1 + rng.IntN(maxPiece)
		if n > len(b) {
			n = len(b)
		}
		if _, err := d.Write(b[:n]); err != nil {
			return
		}
		b = b[n:]
		if rng.IntN(64) == 0 {
			time.Sleep(50 * time.Microsecond)
		}
	}
	d.Close()
}

func TestChunkedMatchesWholeFile(t *testing.T) {
	for _, tc := range []struct {
		file     string
		stereo   bool
		rate     int
		minSecs  float64
		maxSecs  float64
		maxPiece int
	}{
		{"speech.mp3", false, 22050, 2.5, 5, 37},
		{"speech.mp3", false, 22050, 2.5, 5, 4096},
		{"speech.mp3", true, 22050, 2.5, 5, 700},
		{"tones.mp3", true, 44100, 0.95, 1.2, 313},
		{"tones.mp3", false, 44100, 0.95, 1.2, 2},
	} {
		b := readFixture(t, tc.file)
		wantRate, pcm := wholeFile(t, b)
		if wantRate != tc.rate {
			t.Fatalf("%s: go-mp3 says %d Hz, fixture should be %d", tc.file, wantRate, tc.rate)
		}
		d := NewDecoder(Options{Stereo: tc.stereo, MaxChunkFrames: 3000})
		rng := rand.New(rand.NewPCG(uint64(tc.maxPiece), 7))
		go feed(d, b, rng, tc.maxPiece)
		r := drain(t, d, 10*time.Second)
		if r.err != nil {
			t.Fatalf("%s: %v", tc.file, r.err)
		}
		if r.rate != tc.rate {
			t.Errorf("%s: sample rate %d, want %d", tc.file, r.rate, tc.rate)
		}
		if got, want := len(r.left), len(pcm)/4; got != want {
			t.Errorf("%s piece ≤%d: %d frames, whole-file decode has %d", tc.file, tc.maxPiece, got, want)
		}
		secs := float64(len(r.left)) / float64(r.rate)
		if secs < tc.minSecs || secs > tc.maxSecs {
			t.Errorf("%s: %.2f s of audio, want %.1f–%.1f", tc.file, secs, tc.minSecs, tc.maxSecs)
		}
		if r.chunks < 2 {
			t.Errorf("%s: %d chunks; streaming should give several", tc.file, r.chunks)
		}
		// Sample for sample equal to go-mp3's own output.
		wantCh := 1
		if tc.stereo {
			wantCh = 2
		}
		if r.channels != wantCh {
			t.Errorf("%s: %d channels, want %d", tc.file, r.channels, wantCh)
		}
		for i := 0; i < len(r.left) && i < len(pcm)/4; i++ {
			l := float32(int16(binary.LittleEndian.Uint16(pcm[4*i:]))) / 32768
			rr := float32(int16(binary.LittleEndian.Uint16(pcm[4*i+2:]))) / 32768
			if tc.stereo {
				if r.left[i] != l || r.right[i] != rr {
					t.Fatalf("%s: frame %d is (%v,%v), want (%v,%v)", tc.file, i, r.left[i], r.right[i], l, rr)
				}
			} else if math.Abs(float64(r.left[i]-(l+rr)/2)) > 1e-6 {
				t.Fatalf("%s: mono frame %d is %v, want %v", tc.file, i, r.left[i], (l+rr)/2)
			}
		}
		if !tc.stereo && r.right != nil {
			t.Errorf("%s: mono output has a Right channel", tc.file)
		}
	}
}

// The point of streaming: sound is available before the whole file is.
func TestFirstChunkBeforeInputEnds(t *testing.T) {
	b := readFixture(t, "speech.mp3")
	d := NewDecoder(Options{})
	if _, err := d.Write(b[:len(b)/4]); err != nil {
		t.Fatal(err)
	}
	got := make(chan Chunk, 1)
	go func() {
		c, err := d.Next()
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	select {
	case c := <-got:
		if c.Frames == 0 || c.Start != 0 || c.SampleRate != 22050 {
			t.Fatalf("first chunk: %d frames from %d at %d Hz", c.Frames, c.Start, c.SampleRate)
		}
		var peak float32
		for _, v := range c.Left {
			peak = max(peak, v, -v)
		}
		if peak < 0.01 {
			t.Errorf("first chunk is silent (peak %v); speech starts within the first quarter", peak)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no chunk from the first quarter of the file while the input is still open")
	}
	d.CloseWithError(nil)
}

// Tones: left 440 Hz, right 660 Hz. Zero crossings show the channels are
// kept apart and in the right order.
func TestStereoChannels(t *testing.T) {
	d := NewDecoder(Options{Stereo: true})
	go feed(d, readFixture(t, "tones.mp3"), rand.New(rand.NewPCG(1, 2)), 500)
	r := drain(t, d, 10*time.Second)
	if r.err != nil {
		t.Fatal(r.err)
	}
	freq := func(x []float32) float64 {
		// Skip the encoder delay and the fade at the end.
		x = x[r.rate/10 : len(x)-r.rate/10]
		n := 0
		for i := 1; i < len(x); i++ {
			if (x[i-1] < 0) != (x[i] < 0) {
				n++
			}
		}
		return float64(n) / 2 / (float64(len(x)) / float64(r.rate))
	}
	if f := freq(r.left); math.Abs(f-440) > 10 {
		t.Errorf("left channel is %.0f Hz, want 440", f)
	}
	if f := freq(r.right); math.Abs(f-660) > 10 {
		t.Errorf("right channel is %.0f Hz, want 660", f)
	}
}

func TestID3TagSkipped(t *testing.T) {
	b := readFixture(t, "speech.mp3")
	_, pcm := wholeFile(t, b)
	// A 300 KB tag (as with cover art), bigger than MaxGap, full of
	// bytes that look like frame sync.
	body := bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x64}, 75000)
	size := len(body)
	tag := []byte{'I', 'D', '3', 4, 0, 0,
		byte(size >> 21 & 0x7f), byte(size >> 14 & 0x7f), byte(size >> 7 & 0x7f), byte(size & 0x7f)}
	in := append(append(tag, body...), b...)
	d := NewDecoder(Options{})
	go feed(d, in, rand.New(rand.NewPCG(3, 4)), 9000)
	r := drain(t, d, 10*time.Second)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.left) != len(pcm)/4 {
		t.Errorf("%d frames after the tag, want %d", len(r.left), len(pcm)/4)
	}
}

func TestBadInput(t *testing.T) {
	speech := readFixture(t, "speech.mp3")
	_, pcm := wholeFile(t, speech)
	hugeTag := []byte{'I', 'D', '3', 3, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}
	corrupted := bytes.Clone(speech)
	for i := 600; i < len(corrupted); i += 97 {
		corrupted[i] ^= 0x5a
	}
	rng := rand.New(rand.NewPCG(9, 9))
	headed := make([]byte, 0, 100*417)
	for i := range 100 {
		f := make([]byte, 417)
		for j := range f {
			f[j] = byte((i*417 + j) * 2654435761 >> 13)
		}
		headed = append(headed, append([]byte{0xff, 0xfb, 0x90, 0x64}, f[4:]...)...)
	}
	noise := make([]byte, 1<<20)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	for _, tc := range []struct {
		name string
		in   []byte
		// want is the error that must end the stream; nil means a clean
		// end, errAny any error.
		want      error
		maxFrames int
	}{
		{"empty", nil, ErrNoAudio, 0},
		{"two bytes", []byte{0xff, 0xfb}, ErrNoAudio, 0},
		{"html error page", []byte("<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>"), ErrNoAudio, 0},
		{"plain text 400", []byte("text: longer than 1000 characters (2000)\n"), ErrNoAudio, 0},
		{"1 MB of zeros", make([]byte, 1<<20), ErrNoSync, 0},
		{"1 MB of noise", noise, errAny, 0},
		{"ID3 tag declaring 256 MB, then end", hugeTag, ErrNoAudio, 0},
		{"header only", speech[:4], ErrNoAudio, 0},
		{"MPEG 2.5 (8 kHz)", append([]byte{0xff, 0xe3, 0x18, 0xc4}, make([]byte, 4000)...), ErrUnsupported, 0},
		{"layer II", append([]byte{0xff, 0xfd, 0x94, 0x44}, make([]byte, 4000)...), ErrUnsupported, 0},
		// Not MP3, but holding frame headers by chance (WAV, noise): an
		// error before any audio says there is none, not that it is damaged.
		{"frame headers with noise", headed, ErrNoAudio, 0},
		{"truncated in the middle", speech[:len(speech)/2], nil, len(pcm) / 4 / 2},
		{"flipped bytes", corrupted, errAny, len(pcm) / 4},
	} {
		d := NewDecoder(Options{})
		// Each feeder has its own generator: a feeder may still be
		// running when the next case starts.
		go feed(d, tc.in, rand.New(rand.NewPCG(uint64(len(tc.in)), 5)), 1000)
		r := drain(t, d, 10*time.Second)
		t.Logf("%s: %d frames, %v", tc.name, len(r.left), r.err)
		switch {
		case tc.want == nil && r.err != nil:
			t.Errorf("%s: %v, want a clean end", tc.name, r.err)
		case tc.want == errAny && r.err == nil && len(r.left) == 0:
			t.Errorf("%s: clean end with no audio, want an error", tc.name)
		case tc.want != nil && tc.want != errAny && !errors.Is(r.err, tc.want):
			t.Errorf("%s: error %v, want %v", tc.name, r.err, tc.want)
		}
		if len(r.left) > tc.maxFrames+1152 {
			t.Errorf("%s: %d frames decoded, at most %d expected", tc.name, len(r.left), tc.maxFrames)
		}
	}
}

var errAny = errors.New("any error")

func TestCloseWithErrorStopsBothSides(t *testing.T) {
	b := readFixture(t, "speech.mp3")
	d := NewDecoder(Options{})
	if _, err := d.Write(b[:3000]); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("user pressed stop")
	res := make(chan error, 1)
	go func() {
		// Drains what is buffered, then blocks waiting for more.
		for {
			if _, err := d.Next(); err != nil {
				res <- err
				return
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	d.CloseWithError(stop)
	select {
	case err := <-res:
		if !errors.Is(err, stop) {
			t.Errorf("Next after abort: %v, want %v", err, stop)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next still blocked after CloseWithError")
	}
	if _, err := d.Write(b[3000:]); !errors.Is(err, stop) {
		t.Errorf("Write after abort: %v, want %v", err, stop)
	}
	if _, err := d.Next(); !errors.Is(err, stop) {
		t.Errorf("Next is not sticky: %v", err)
	}
}

func TestWriteAfterClose(t *testing.T) {
	d := NewDecoder(Options{})
	d.Close()
	if _, err := d.Write([]byte{1}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
}

func TestBufferLimit(t *testing.T) {
	d := NewDecoder(Options{MaxBuffered: 10000})
	if _, err := d.Write(make([]byte, 6000)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write(make([]byte, 6000)); !errors.Is(err, ErrBufferFull) {
		t.Fatalf("second write: %v, want ErrBufferFull", err)
	}
	if _, err := d.Next(); !errors.Is(err, ErrBufferFull) {
		t.Errorf("Next after overflow: %v, want ErrBufferFull", err)
	}
}

// The buffer must not grow with the stream when the consumer keeps up.
func TestBufferCompacts(t *testing.T) {
	b := readFixture(t, "speech.mp3")
	d := NewDecoder(Options{})
	var peak int
	for round := 0; round < 20; round++ {
		for off := 0; off < len(b); off += 512 {
			if _, err := d.Write(b[off:min(off+512, len(b))]); err != nil {
				t.Fatal(err)
			}
			for d.ready() && !d.closed {
				d.mu.Lock()
				pending := len(d.in) - d.off
				d.mu.Unlock()
				if pending < 4*readyBytes {
					break
				}
				if _, err := d.Next(); err != nil {
					t.Fatal(err)
				}
			}
			d.mu.Lock()
			peak = max(peak, cap(d.in))
			d.mu.Unlock()
		}
	}
	if peak > 64<<10 {
		t.Errorf("input buffer grew to %d bytes for a stream consumed as it arrives", peak)
	}
}

func TestAppendFloat32LE(t *testing.T) {
	c := Chunk{Channels: 2, Frames: 2, Left: []float32{0.5, -1}, Right: []float32{0.25, 0}}
	b := c.AppendFloat32LE([]byte{9})
	if len(b) != 1+16 || b[0] != 9 {
		t.Fatalf("got %d bytes", len(b))
	}
	want := []float32{0.5, -1, 0.25, 0}
	for i, w := range want {
		if got := math.Float32frombits(binary.LittleEndian.Uint32(b[1+4*i:])); got != w {
			t.Errorf("value %d = %v, want %v", i, got, w)
		}
	}
	if d := (Chunk{SampleRate: 22050, Frames: 11025}).Duration(); d != 0.5 {
		t.Errorf("Duration = %v", d)
	}
}

// FuzzDecode feeds arbitrary bytes in pieces of arbitrary size: the stream
// must end in io.EOF or an error within a bounded time, without a panic.
func FuzzDecode(f *testing.F) {
	speech := readFixture(f, "speech.mp3")
	tones := readFixture(f, "tones.mp3")
	f.Add(speech[:1500], uint16(100))
	f.Add(tones[:2000], uint16(7))
	f.Add(speech[len(speech)-900:], uint16(64))
	f.Fuzz(func(t *testing.T, in []byte, piece uint16) {
		d := NewDecoder(Options{MaxGap: 4096, MaxBuffered: 1 << 20})
		go func() {
			step := int(piece%2048) + 1
			for b := in; len(b) > 0; b = b[min(step, len(b)):] {
				if _, err := d.Write(b[:min(step, len(b))]); err != nil {
					return
				}
			}
			d.Close()
		}()
		r := drain(t, d, 10*time.Second)
		// Output is bounded by the input: at most one 1152-frame per
		// 24 bytes of input (the smallest MPEG-2 frame), plus one.
		if max := (len(in)/24 + 1) * 1152; len(r.left) > max {
			t.Fatalf("%d frames from %d bytes", len(r.left), len(in))
		}
		for _, v := range r.left {
			if v < -1 || v >= 1 || v != v {
				t.Fatalf("sample %v out of range", v)
			}
		}
	})
}

func TestPanicBecomesError(t *testing.T) {
	d := NewDecoder(Options{})
	for _, v := range []any{errors.New("index out of range [5]"), "boom", 42} {
		err := d.panicError(v)
		if !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(err.Error(), "mp3stream: corrupt MP3 data: decoder panicked") {
			t.Errorf("panic %v became %v", v, err)
		}
	}
	// An abort that caused the panic is reported as itself.
	stop := errors.New("stopped")
	d.CloseWithError(stop)
	if err := d.panicError("boom"); err != stop {
		t.Errorf("after abort: %v", err)
	}
}
