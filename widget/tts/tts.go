// Package tts is yiyue's text-to-speech HTTP service: an http.Handler that
// answers
//
//	GET ?text=…&lang=zh-CN&rate=1[&voice=f2]
//
// with speech as audio/mpeg. It runs espeak-ng (Mandarin through the
// cmn-latn-pinyin voice, which reads Chinese characters with the right tones,
// Cantonese through yue, English through en) and pipes its WAV output through
// LAME into mono MP3, streaming the MP3 to the client as LAME produces it.
// Nothing is downloaded at run time; both programs must be installed (Debian
// packages espeak-ng and lame).
//
// Identical requests are answered from a bounded in-memory LRU cache, and
// responses carry an ETag and a one-day public Cache-Control. At most
// Options.MaxConcurrent syntheses run at once, so load cannot exhaust the
// host's processes.
//
// Site owners can mount a Service at any path:
//
//	svc, err := tts.New(tts.Options{})
//	if err != nil { … }
//	http.Handle("/tts", svc)
//
// Request validation is separate ([ParseRequest], [ParseHTTPRequest]) so that
// a front end such as an edge worker can refuse bad requests with the same
// rules and messages before they reach the service.
package tts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero values in [Options].
const (
	DefaultBitrate       = 48
	DefaultMaxConcurrent = 4
	DefaultTimeout       = 30 * time.Second
	DefaultQueueWait     = 10 * time.Second
	DefaultCacheBytes    = 64 << 20
)

// CacheControl is the Cache-Control header of every audio response: the
// audio for a given request does not change, so shared caches may keep it.
const CacheControl = "public, max-age=86400"

// espeakVoice maps a canonical language to the espeak-ng voice that reads it.
// Mandarin uses cmn-latn-pinyin for both scripts: the plain cmn voice reads
// the tone numbers of its own romanisation aloud in English.
var espeakVoice = map[string]string{
	"zh-CN": "cmn-latn-pinyin",
	"zh-TW": "cmn-latn-pinyin",
	"zh-HK": "yue",
	"en":    "en",
}

// Options configure a [Service]. The zero value is ready to use.
type Options struct {
	// Espeak is the espeak-ng program, a name looked up in PATH or a path
	// (default "espeak-ng").
	Espeak string
	// Lame is the LAME program (default "lame").
	Lame string
	// Bitrate of the MP3 in kbit/s (default DefaultBitrate). The output is
	// mono at espeak-ng's 22,050 Hz.
	Bitrate int
	// MaxConcurrent caps simultaneous syntheses (default
	// DefaultMaxConcurrent). Each one runs two processes.
	MaxConcurrent int
	// Timeout bounds one synthesis (default DefaultTimeout).
	Timeout time.Duration
	// QueueWait is how long a request waits for a free synthesis slot
	// before it is answered 503 (default DefaultQueueWait).
	QueueWait time.Duration
	// CacheBytes bounds the cache (default DefaultCacheBytes); negative
	// disables caching.
	CacheBytes int64
	// ErrorLog receives synthesis failures that happen after the response
	// has started (default log.Default()).
	ErrorLog *log.Logger
}

// Service synthesises speech. It is an http.Handler and safe for
// concurrent use.
type Service struct {
	espeak, lame string
	bitrate      int
	timeout      time.Duration
	queueWait    time.Duration
	sem          chan struct{}
	cache        *lru
	maxEntry     int
	etagSeed     string
	log          *log.Logger

	running atomic.Int32 // syntheses in progress, for tests
	peak    atomic.Int32 // highest value running has had
}

// New checks that espeak-ng and LAME are installed and work, and that
// espeak-ng has the voices the languages need, and returns a Service.
func New(opts Options) (*Service, error) {
	if opts.Espeak == "" {
		opts.Espeak = "espeak-ng"
	}
	if opts.Lame == "" {
		opts.Lame = "lame"
	}
	if opts.Bitrate <= 0 {
		opts.Bitrate = DefaultBitrate
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = DefaultQueueWait
	}
	if opts.CacheBytes == 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = log.Default()
	}
	espeak, err := exec.LookPath(opts.Espeak)
	if err != nil {
		return nil, fmt.Errorf("tts: espeak-ng not found (install the Debian package espeak-ng): %w", err)
	}
	lame, err := exec.LookPath(opts.Lame)
	if err != nil {
		return nil, fmt.Errorf("tts: lame not found (install the Debian package lame): %w", err)
	}
	s := &Service{
		espeak:    espeak,
		lame:      lame,
		bitrate:   opts.Bitrate,
		timeout:   opts.Timeout,
		queueWait: opts.QueueWait,
		sem:       make(chan struct{}, opts.MaxConcurrent),
		log:       opts.ErrorLog,
	}
	if opts.CacheBytes > 0 {
		s.cache = newLRU(opts.CacheBytes)
		s.maxEntry = int(min(opts.CacheBytes/4, 1<<30))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	espeakVersion, err := output(ctx, espeak, nil, "--version")
	if err != nil {
		return nil, fmt.Errorf("tts: run %s: %w", espeak, err)
	}
	lameVersion, err := output(ctx, lame, nil, "--version")
	if err != nil {
		return nil, fmt.Errorf("tts: run %s: %w", lame, err)
	}
	seen := map[string]bool{}
	for _, lang := range Languages {
		v := espeakVoice[lang]
		if seen[v] {
			continue
		}
		seen[v] = true
		// -q synthesises nothing but fails if the voice is missing.
		if _, err := output(ctx, espeak, strings.NewReader("a"), "-q", "--stdin", "-v", v); err != nil {
			return nil, fmt.Errorf("tts: espeak-ng voice %s for %s: %w", v, lang, err)
		}
	}
	// The audio depends on the programs' versions and the encoder settings
	// as well as on the request, so all of them go into the ETag.
	s.etagSeed = firstLine(espeakVersion) + "\x00" + firstLine(lameVersion) + "\x00" + strconv.Itoa(s.bitrate)
	return s, nil
}

// output runs a short command and returns its standard output.
func output(ctx context.Context, name string, stdin io.Reader, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = stdin
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", withStderr(err, &stderr)
	}
	return string(out), nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// ETag returns the entity tag of the audio for req. It is derived from the
// request and the programs' versions, so it is known before synthesis and
// a client's revalidation needs no synthesis at all.
func (s *Service) ETag(req Request) string {
	sum := sha256.Sum256([]byte(s.etagSeed + "\x00" + req.Key()))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// ServeHTTP answers a TTS request: 200 audio/mpeg, 304 when If-None-Match
// matches, 400/405/414 with a plain-text reason for a bad request, 503 when
// all synthesis slots stay busy for Options.QueueWait, 500 when synthesis
// fails before any audio was sent. The X-Cache header says hit or miss.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// The service is public and cookie-free; the widget may fetch it from a
	// page on another origin.
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("X-Content-Type-Options", "nosniff")

	req, err := ParseHTTPRequest(r)
	if err != nil {
		var re *RequestError
		if !errors.As(err, &re) {
			re = &RequestError{Status: http.StatusBadRequest, Reason: err.Error()}
		}
		if re.Status == http.StatusMethodNotAllowed {
			h.Set("Allow", "GET, HEAD")
		}
		plainError(w, re.Status, strings.TrimPrefix(re.Error(), "tts: "))
		return
	}

	etag := s.ETag(req)
	h.Set("ETag", etag)
	h.Set("Cache-Control", CacheControl)
	h.Set("Content-Type", "audio/mpeg")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	key := req.Key()
	if s.serveCached(w, r, key) {
		return
	}
	h.Set("X-Cache", "miss")
	if r.Method == http.MethodHead {
		// Headers only: do not spend a synthesis on a probe.
		w.WriteHeader(http.StatusOK)
		return
	}

	wait := time.NewTimer(s.queueWait)
	defer wait.Stop()
	select {
	case s.sem <- struct{}{}:
	case <-wait.C:
		h.Set("Retry-After", "1")
		plainError(w, http.StatusServiceUnavailable, "too many speech requests at once; try again shortly")
		return
	case <-r.Context().Done():
		return
	}
	// An identical request may have filled the cache while this one waited.
	if s.serveCached(w, r, key) {
		<-s.sem
		return
	}

	// The pipeline writes into a job and this goroutine sends from it, so
	// synthesis runs at full speed and frees its slot however slowly the
	// client reads; the client leaving (r.Context) stops it.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	j := newJob()
	go func() {
		defer func() { <-s.sem }() // the slot is held until the processes exit
		err := s.synthesize(ctx, req, j)
		if err == nil && s.cache != nil && len(j.data) <= s.maxEntry {
			s.cache.put(key, j.data)
		}
		j.finish(err)
	}()

	rc := http.NewResponseController(w)
	started := false
	for off := 0; ; {
		chunk, done, err := j.next(off)
		if len(chunk) > 0 {
			if !started {
				started = true
				w.WriteHeader(http.StatusOK)
			}
			if _, err := w.Write(chunk); err != nil {
				return // client gone; cancel stops the synthesis
			}
			// Flush each piece so the first audio leaves at once. Not
			// every ResponseWriter can flush; then it just goes later.
			_ = rc.Flush()
			off += len(chunk)
			continue
		}
		if !done {
			continue
		}
		if err == nil {
			return
		}
		if !started {
			plainError(w, http.StatusInternalServerError, "speech synthesis failed")
			s.log.Printf("tts: %q (%s): %v", shorten(req.Text), req.Lang, err)
			return
		}
		if r.Context().Err() == nil {
			s.log.Printf("tts: %q (%s) failed after the response started: %v", shorten(req.Text), req.Lang, err)
		}
		// Status 200 is already sent: abort the connection so the client
		// sees a failed transfer rather than a short MP3 it might keep.
		panic(http.ErrAbortHandler)
	}
}

// serveCached answers from the cache if it holds key.
func (s *Service) serveCached(w http.ResponseWriter, r *http.Request, key string) bool {
	if s.cache == nil {
		return false
	}
	b, ok := s.cache.get(key)
	if !ok {
		return false
	}
	w.Header().Set("X-Cache", "hit")
	// ServeContent adds Content-Length and handles Range and HEAD, which
	// an <audio> element uses.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	return true
}

// Synthesize writes the MP3 for req to w as it is produced. It does not use
// the cache or the concurrency limit; ServeHTTP adds those.
func (s *Service) Synthesize(ctx context.Context, req Request, w io.Writer) error {
	return s.synthesize(ctx, req, w)
}

func (s *Service) synthesize(ctx context.Context, req Request, w io.Writer) (err error) {
	n := s.running.Add(1)
	defer s.running.Add(-1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}

	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	voice := espeakVoice[req.Lang]
	if voice == "" {
		return fmt.Errorf("tts: no voice for language %q", req.Lang)
	}
	if req.Voice != "" {
		voice += "+" + req.Voice
	}
	// Text goes in on standard input, so nothing in it can be read as an
	// option; without -m espeak-ng treats markup as plain text.
	espeak := exec.CommandContext(ctx, s.espeak,
		"--stdin", "-b", "1", "-v", voice, "-s", strconv.Itoa(req.WPM()), "--stdout")
	text := req.Text
	if strings.HasPrefix(req.Lang, "zh") {
		text = spoken(text)
	}
	espeak.Stdin = strings.NewReader(text)
	var espeakErr, lameErr limitedBuffer
	espeak.Stderr = &espeakErr
	// -t: no Xing/Info tag. LAME cannot seek back in a pipe to fill it in,
	// and without it the stream starts with a real audio frame.
	lame := exec.CommandContext(ctx, s.lame,
		"--quiet", "-m", "m", "-b", strconv.Itoa(s.bitrate), "-t", "-", "-")
	lame.Stderr = &lameErr
	for _, c := range []*exec.Cmd{espeak, lame} {
		c.WaitDelay = 2 * time.Second
	}

	pr, pw, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("tts: pipe: %w", err)
	}
	espeak.Stdout = pw
	lame.Stdin = pr
	mp3, err := lame.StdoutPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return fmt.Errorf("tts: lame stdout: %w", err)
	}
	if err := espeak.Start(); err != nil {
		pr.Close()
		pw.Close()
		return fmt.Errorf("tts: start espeak-ng: %w", err)
	}
	if err := lame.Start(); err != nil {
		pr.Close()
		pw.Close()
		cancel()
		espeak.Wait()
		return fmt.Errorf("tts: start lame: %w", err)
	}
	// The children hold their own copies of the pipe ends.
	pr.Close()
	pw.Close()

	written, copyErr := io.Copy(w, mp3)
	if copyErr != nil {
		// The client went away or the writer failed: stop the programs.
		cancel()
	}
	lameWait := lame.Wait()
	espeakWait := espeak.Wait()
	switch {
	case ctx.Err() != nil && copyErr == nil && (lameWait != nil || espeakWait != nil):
		return fmt.Errorf("tts: synthesis stopped: %w", context.Cause(ctx))
	case copyErr != nil:
		return fmt.Errorf("tts: send audio: %w", copyErr)
	case espeakWait != nil:
		return fmt.Errorf("tts: espeak-ng: %w", withStderr(espeakWait, &espeakErr))
	case lameWait != nil:
		return fmt.Errorf("tts: lame: %w", withStderr(lameWait, &lameErr))
	case written == 0:
		return errors.New("tts: lame produced no audio")
	}
	return nil
}

// job is one synthesis in progress: the MP3 so far, written by the
// pipeline and read by the handler sending it.
type job struct {
	mu   sync.Mutex
	cond sync.Cond
	data []byte // only ever appended to, so slices handed out stay valid
	done bool
	err  error
}

func newJob() *job {
	j := &job{}
	j.cond.L = &j.mu
	return j
}

// Write appends the job's encoded audio and wakes its readers.
func (j *job) Write(p []byte) (int, error) {
	j.mu.Lock()
	j.data = append(j.data, p...)
	j.cond.Broadcast()
	j.mu.Unlock()
	return len(p), nil
}

func (j *job) finish(err error) {
	j.mu.Lock()
	j.done, j.err = true, err
	j.cond.Broadcast()
	j.mu.Unlock()
}

// next waits until there is data beyond off or the job is done, and returns
// that data, whether the job is done, and its error.
func (j *job) next(off int) ([]byte, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for len(j.data) <= off && !j.done {
		j.cond.Wait()
	}
	return j.data[off:len(j.data):len(j.data)], j.done, j.err
}

// plainError answers with a plain-text message.
func plainError(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Del("Content-Length")
	h.Del("ETag")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}

// etagMatch implements the weak comparison of If-None-Match.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// limitedBuffer keeps the first 4 KB written to it: enough of a program's
// stderr to explain a failure.
type limitedBuffer struct{ bytes.Buffer }

// Write keeps what fits in the first 4 KB and drops the rest, never
// failing the program that writes.
func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func withStderr(err error, stderr *limitedBuffer) error {
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		return fmt.Errorf("%w: %s", err, msg)
	}
	return err
}
