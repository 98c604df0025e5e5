// Package mp3stream decodes an MP3 stream that arrives in pieces (for
// example the body of a fetch() response) into float32 PCM chunks that can be
// scheduled in Web Audio while the rest of the stream is still arriving.
//
// It wraps github.com/hajimehoshi/go-mp3, whose decoder pulls from an
// io.Reader and therefore blocks when data is missing. The package turns that
// pull model into two sides that never block each other:
//
//   - the producer (the JS event loop) calls [Decoder.Write] for every chunk of
//     bytes and [Decoder.Close] at the end, or [Decoder.CloseWithError] to
//     abort. These calls only copy bytes and wake the consumer; they never
//     block, so they are safe inside a js.FuncOf callback.
//   - the consumer, on its own goroutine, calls [Decoder.Next] in a loop. Next
//     blocks until at least one MP3 frame is decoded, then returns all PCM that
//     can be decoded without waiting (up to Options.MaxChunkFrames), so the
//     first chunk comes as early as possible and later chunks are batched when
//     the network is ahead of playback.
//
// Robustness: corrupt input yields an error, never a panic (panics inside
// go-mp3 are recovered) and never an endless search (the decoder gives up
// after Options.MaxGap bytes without a decodable frame). Memory is bounded by
// Options.MaxBuffered for unread input and by Options.MaxChunkFrames for the
// output buffers, which are reused between calls to Next.
//
// The package is compiled into the WebAssembly widget, so it avoids fmt,
// net/http, encoding/json and reflect.
package mp3stream

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/hajimehoshi/go-mp3"
)

// Errors returned by [Decoder.Next] and [Decoder.Write].
var (
	// ErrNoAudio means the input ended before a single MP3 frame could be
	// decoded (empty input, a text or HTML error page, a truncated header).
	ErrNoAudio = errors.New("mp3stream: no MP3 frame in input")
	// ErrNoSync means Options.MaxGap bytes went by without a decodable frame.
	ErrNoSync = errors.New("mp3stream: too many bytes without a decodable MP3 frame")
	// ErrBufferFull means the producer got more than Options.MaxBuffered
	// bytes ahead of the decoder.
	ErrBufferFull = errors.New("mp3stream: too much undecoded input buffered")
	// ErrClosed is what Next reports after CloseWithError(nil), and what
	// Write reports after Close.
	ErrClosed = errors.New("mp3stream: decoder closed")
	// ErrCorrupt wraps a failure inside the MP3 decoder (including a
	// recovered panic); errors.Is(err, ErrCorrupt) identifies it.
	ErrCorrupt = errors.New("mp3stream: corrupt MP3 data")
	// ErrUnsupported means the input is MPEG audio that go-mp3 does not
	// decode: layers I and II, and MPEG 2.5 (8 to 12 kHz). Unlike a
	// damaged frame, every frame of such a stream fails alike.
	ErrUnsupported = errors.New("mp3stream: unsupported MPEG audio (only layer III at 16 kHz or more)")
)

// Defaults for the zero values in [Options].
const (
	DefaultMaxChunkFrames = 8192
	DefaultMaxBuffered    = 8 << 20
	DefaultMaxGap         = 32 << 10
)

// maxFramePCM is the largest PCM output of one MP3 frame: 1152 samples
// (MPEG-1) of 16-bit stereo, which go-mp3 always produces.
const maxFramePCM = 1152 * 4

// readyBytes is how much buffered input makes it safe to decode one more
// frame without blocking: go-mp3 rejects frames above 2,000 bytes.
const readyBytes = 2048

// Options tune a [Decoder]. The zero value is ready to use.
type Options struct {
	// Stereo selects two output channels. When false (the default, right for
	// speech) the two channels go-mp3 produces are averaged into one, which
	// is exact for mono MP3s because go-mp3 duplicates the channel.
	Stereo bool
	// MaxChunkFrames caps the sample frames in one Chunk (default
	// DefaultMaxChunkFrames; at least one MP3 frame is always returned).
	MaxChunkFrames int
	// MaxBuffered caps the undecoded input held in memory (default
	// DefaultMaxBuffered bytes).
	MaxBuffered int
	// MaxGap is how many bytes the decoder may read without finding a
	// decodable frame before it gives up with ErrNoSync (default
	// DefaultMaxGap). ID3v2 tags at the start do not count.
	MaxGap int
}

// Chunk is a run of decoded PCM. Its slices belong to the Decoder and are
// overwritten by the next call to Next: copy them (for example into a Web
// Audio buffer) before calling Next again.
type Chunk struct {
	// SampleRate in Hz, for example 22050.
	SampleRate int
	// Channels is 1 (Left only, Right nil) or 2 (Options.Stereo).
	Channels int
	// Start is the index of the chunk's first sample frame in the stream;
	// Start/SampleRate is its time offset, for gapless scheduling.
	Start int64
	// Frames is the number of sample frames, equal to len(Left).
	Frames int
	// Left holds channel 0 (the only channel when Channels is 1) in [-1, 1).
	Left []float32
	// Right holds channel 1 when Channels is 2, otherwise nil.
	Right []float32
}

// Duration returns the chunk's length in seconds.
func (c Chunk) Duration() float64 {
	if c.SampleRate == 0 {
		return 0
	}
	return float64(c.Frames) / float64(c.SampleRate)
}

// AppendFloat32LE appends the samples as little-endian float32, planar
// (all of Left, then all of Right), and returns the extended slice. This is
// the byte layout of a Float32Array over the same memory, so glue code can
// hand it to JS with one js.CopyBytesToJS call.
func (c Chunk) AppendFloat32LE(dst []byte) []byte {
	for _, v := range c.Left {
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
	}
	for _, v := range c.Right {
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
	}
	return dst
}

// Decoder decodes one MP3 stream. Write, Close and CloseWithError may be
// called from any goroutine and never block; Next must be called from a
// single goroutine (not the JS event loop, since it blocks).
type Decoder struct {
	opts Options

	// Shared between producer and consumer, guarded by mu.
	mu     sync.Mutex
	cond   sync.Cond
	in     []byte // input; in[off:] is not yet read by go-mp3
	off    int
	closed bool  // producer finished normally
	fail   error // abort or decoder failure; ends both sides
	skip   int64 // bytes of an ID3v2 tag still to discard
	tagged bool  // leading ID3v2 tags have been dealt with
	gap    int   // bytes read since the last decoded frame

	// Consumer-only state.
	dec   *mp3.Decoder
	rate  int
	pos   int64
	pcm   []byte
	left  []float32
	right []float32
	eof   bool
	done  error // sticky result once the stream is over
}

// NewDecoder returns a Decoder that is waiting for input.
func NewDecoder(opts Options) *Decoder {
	if opts.MaxChunkFrames <= 0 {
		opts.MaxChunkFrames = DefaultMaxChunkFrames
	}
	if opts.MaxBuffered <= 0 {
		opts.MaxBuffered = DefaultMaxBuffered
	}
	if opts.MaxGap <= 0 {
		opts.MaxGap = DefaultMaxGap
	}
	d := &Decoder{opts: opts}
	d.cond.L = &d.mu
	return d
}

// Write queues a copy of p for decoding and wakes the consumer. It never
// blocks. It fails, and the producer should stop sending, once the input is
// closed, the decoder has failed, or more than Options.MaxBuffered bytes are
// waiting.
func (d *Decoder) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return 0, d.fail
	}
	if d.closed {
		return 0, ErrClosed
	}
	pending := len(d.in) - d.off
	if pending+len(p) > d.opts.MaxBuffered {
		d.fail = ErrBufferFull
		d.cond.Broadcast()
		return 0, ErrBufferFull
	}
	// Move unread bytes to the front before growing, so the buffer stays
	// about the size of what is pending rather than of the whole stream.
	if d.off > 0 && (d.off >= len(d.in)/2 || len(d.in)+len(p) > cap(d.in)) {
		n := copy(d.in, d.in[d.off:])
		d.in = d.in[:n]
		d.off = 0
	}
	d.in = append(d.in, p...)
	d.cond.Broadcast()
	return len(p), nil
}

// Close marks the end of the input. Next then returns the remaining audio
// followed by io.EOF.
func (d *Decoder) Close() error {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
	return nil
}

// CloseWithError aborts decoding: a pending or later Next returns err (or
// ErrClosed if err is nil) and later Writes fail. Use it when the fetch fails
// or the user stops playback.
func (d *Decoder) CloseWithError(err error) {
	if err == nil {
		err = ErrClosed
	}
	d.mu.Lock()
	if d.fail == nil {
		d.fail = err
	}
	d.cond.Broadcast()
	d.mu.Unlock()
}

// Next returns the next chunk of PCM. It blocks until at least one MP3 frame
// is decoded or the stream is over. At the clean end of the stream it
// returns io.EOF; a truncated last frame counts as the end. Any other error
// is final: every later call returns it too.
func (d *Decoder) Next() (c Chunk, err error) {
	if d.done != nil {
		return Chunk{}, d.done
	}
	c, err = d.decodeChunk()
	if err != nil {
		d.done = err
	}
	if d.done != nil && d.done != io.EOF {
		// Tell the producer to stop; the error it sees is the same.
		d.mu.Lock()
		if d.fail == nil {
			d.fail = d.done
		}
		d.cond.Broadcast()
		d.mu.Unlock()
	}
	return c, err
}

// decodeChunk decodes frames until a chunk is full or more input would have
// to be waited for.
func (d *Decoder) decodeChunk() (c Chunk, err error) {
	if d.eof {
		return Chunk{}, io.EOF
	}
	defer func() {
		// go-mp3 indexes tables with values read from the stream; a
		// corrupt stream must end in an error, not crash the page.
		if r := recover(); r != nil {
			c, err = Chunk{}, d.panicError(r)
		}
	}()
	if d.dec == nil {
		dec, err := mp3.NewDecoder((*source)(d))
		if err != nil {
			return Chunk{}, d.decodeError(err, true)
		}
		d.dec = dec
		d.rate = dec.SampleRate()
		d.pcm = make([]byte, maxFramePCM)
		d.left = make([]float32, 0, d.opts.MaxChunkFrames+maxFramePCM/4)
		if d.opts.Stereo {
			d.right = make([]float32, 0, d.opts.MaxChunkFrames+maxFramePCM/4)
		}
	}
	d.left = d.left[:0]
	if d.right != nil {
		d.right = d.right[:0]
	}
	for {
		n, err := d.dec.Read(d.pcm)
		if n > 0 {
			d.convert(d.pcm[:n&^3])
			d.mu.Lock()
			d.gap = 0
			d.mu.Unlock()
		}
		if err != nil {
			if err == io.EOF {
				d.eof = true
				if len(d.left) == 0 {
					return Chunk{}, io.EOF
				}
				break
			}
			err = d.decodeError(err, d.pos == 0 && len(d.left) == 0)
			if len(d.left) > 0 {
				// Play what was decoded; the error comes with the next call.
				d.done = err
				break
			}
			return Chunk{}, err
		}
		if len(d.left)+maxFramePCM/4 > d.opts.MaxChunkFrames || !d.ready() {
			break
		}
	}
	c = Chunk{
		SampleRate: d.rate,
		Channels:   1,
		Start:      d.pos,
		Frames:     len(d.left),
		Left:       d.left,
	}
	if d.opts.Stereo {
		c.Channels = 2
		c.Right = d.right
	}
	d.pos += int64(c.Frames)
	return c, nil
}

// convert appends 16-bit little-endian stereo PCM to the output buffers.
func (d *Decoder) convert(pcm []byte) {
	const scale = 1.0 / 32768
	if d.opts.Stereo {
		for i := 0; i+3 < len(pcm); i += 4 {
			l := int16(binary.LittleEndian.Uint16(pcm[i:]))
			r := int16(binary.LittleEndian.Uint16(pcm[i+2:]))
			d.left = append(d.left, float32(l)*scale)
			d.right = append(d.right, float32(r)*scale)
		}
		return
	}
	for i := 0; i+3 < len(pcm); i += 4 {
		l := int32(int16(binary.LittleEndian.Uint16(pcm[i:])))
		r := int32(int16(binary.LittleEndian.Uint16(pcm[i+2:])))
		d.left = append(d.left, float32(l+r)*(scale/2))
	}
}

// ready reports whether one more frame can be decoded without waiting.
func (d *Decoder) ready() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil || d.closed {
		return true
	}
	return d.skip == 0 && len(d.in)-d.off >= readyBytes
}

// decodeError turns an error from go-mp3 into the error Next reports.
// go-mp3 formats some reader errors into strings, so the reason recorded by
// the source (abort, ErrNoSync) takes precedence.
func (d *Decoder) decodeError(err error, first bool) error {
	d.mu.Lock()
	fail := d.fail
	d.mu.Unlock()
	if fail != nil {
		return fail
	}
	if first && err == io.EOF {
		return ErrNoAudio
	}
	// go-mp3 says so only in its messages; a header that says so after
	// good frames is damage.
	m := err.Error()
	if first && (strings.Contains(m, "MPEG version 2.5") || strings.Contains(m, "only layer3")) {
		return fmt.Errorf("%w: %s", ErrUnsupported, m)
	}
	// Damage before any audio came out is not a damaged MP3 but something
	// else (WAV, noise) that happened to hold a frame header.
	if first {
		return fmt.Errorf("%w: %s", ErrNoAudio, m)
	}
	return &corruptError{msg: m}
}

// panicError describes a recovered panic from go-mp3.
func (d *Decoder) panicError(r any) error {
	msg := "decoder panicked"
	switch v := r.(type) {
	case error: // including runtime errors such as an index out of range
		msg += ": " + v.Error()
	case string:
		msg += ": " + v
	}
	d.mu.Lock()
	fail := d.fail
	d.mu.Unlock()
	if fail != nil {
		return fail
	}
	return &corruptError{msg: msg}
}

// corruptError carries go-mp3's message and matches ErrCorrupt.
type corruptError struct{ msg string }

// Error names the package and go-mp3's message.
func (e *corruptError) Error() string { return "mp3stream: corrupt MP3 data: " + e.msg }

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }

// source is the io.Reader go-mp3 pulls from. It blocks (on the consumer
// goroutine) until the producer has written bytes, skips leading ID3v2 tags
// itself (go-mp3 would allocate the tag's declared size, up to 256 MB, from
// four untrusted bytes) and enforces MaxGap.
type source Decoder

// Read implements io.Reader.
func (s *source) Read(p []byte) (int, error) {
	d := (*Decoder)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		if d.fail != nil {
			return 0, d.fail
		}
		pending := len(d.in) - d.off
		if d.skip > 0 && pending > 0 {
			n := int64(pending)
			if n > d.skip {
				n = d.skip
			}
			d.off += int(n)
			d.skip -= n
			continue
		}
		if !d.tagged && d.skip == 0 {
			if pending < 10 && !d.closed {
				d.cond.Wait()
				continue
			}
			d.tagged = !d.startTag()
			continue
		}
		if pending > 0 {
			break
		}
		if d.closed {
			return 0, io.EOF
		}
		d.cond.Wait()
	}
	if d.gap >= d.opts.MaxGap {
		d.fail = ErrNoSync
		return 0, ErrNoSync
	}
	n := copy(p, d.in[d.off:])
	d.off += n
	d.gap += n
	return n, nil
}

// startTag checks for an ID3v2 header at the read position and, if there is
// one, arranges for the whole tag to be skipped. Called with mu held.
func (d *Decoder) startTag() bool {
	b := d.in[d.off:]
	if len(b) < 10 || b[0] != 'I' || b[1] != 'D' || b[2] != '3' {
		return false
	}
	// The size is 28 bits spread over four bytes of 7 bits each.
	size := int64(b[6]&0x7f)<<21 | int64(b[7]&0x7f)<<14 | int64(b[8]&0x7f)<<7 | int64(b[9]&0x7f)
	size += 10
	if b[5]&0x10 != 0 { // footer present
		size += 10
	}
	d.skip = size
	return true
}
