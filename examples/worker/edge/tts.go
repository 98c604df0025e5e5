package edge

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yiyue-a11y/yiyue/widget/tts"
)

// Cache keeps TTS audio at the edge. In a Worker it is the Cache API;
// NewMemoryCache serves tests and plain Go servers.
type Cache interface {
	// Get returns the entry stored under key, or nil if there is none.
	Get(ctx context.Context, key string) (*Entry, error)
	// Put stores an entry under key, for no longer than its header's
	// Cache-Control (or Expires) allows a shared cache to keep it, and
	// not at all if that forbids it, as the Cache API does.
	Put(ctx context.Context, key string, e *Entry) error
}

// Entry is one cached response.
type Entry struct {
	Header http.Header
	Body   []byte
}

// MaxAudio bounds the audio the handler caches and serves for one request.
const MaxAudio = 16 << 20

// CacheHeader says whether /tts came from the edge's cache: "hit" or
// "miss".
const CacheHeader = "X-Edge-Cache"

// cacheKey is the cache's key for a valid request: a URL on the edge's
// own host whose query holds the request's canonical text, lang, rate and
// voice, and nothing else.
func cacheKey(scheme, host string, req tts.Request) string {
	q := req.Query()
	q.Set("v", "1")
	return scheme + "://" + host + "/tts?" + q.Encode()
}

// serveTTS answers /tts: from the cache, or else from TTSUpstream, storing
// the audio before any of it is sent (a Worker cannot store after its
// response is complete).
func (h *Handler) serveTTS(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("X-Content-Type-Options", "nosniff")
	req, err := tts.ParseHTTPRequest(r)
	if err != nil {
		var re *tts.RequestError
		if !errors.As(err, &re) {
			re = &tts.RequestError{Status: http.StatusBadRequest, Reason: err.Error()}
		}
		if re.Status == http.StatusMethodNotAllowed {
			hdr.Set("Allow", "GET, HEAD")
		}
		plain(w, re.Status, strings.TrimPrefix(re.Error(), "tts: "))
		return
	}
	if h.badTTS {
		plain(w, http.StatusServiceUnavailable, "yiyue edge: read-aloud audio is off, as this edge's TTS_UPSTREAM setting is unusable (its log says why)")
		return
	}
	if h.upstream == nil {
		plain(w, http.StatusServiceUnavailable, "yiyue edge: no TTS_UPSTREAM is configured")
		return
	}
	scheme, host := publicBase(r)
	key := cacheKey(scheme, host, req)
	if h.cfg.Cache != nil {
		if e, err := h.cfg.Cache.Get(r.Context(), key); err == nil && e != nil {
			hdr.Set(CacheHeader, "hit")
			serveEntry(w, r, e)
			return
		}
	}
	u := *h.upstream
	u.RawQuery = req.Query().Encode()
	method := http.MethodGet
	if r.Method == http.MethodHead {
		method = http.MethodHead // a probe: no synthesis, nothing to keep
	}
	up, err := http.NewRequestWithContext(r.Context(), method, u.String(), nil)
	if err != nil {
		plain(w, http.StatusInternalServerError, "yiyue edge: bad TTS request")
		return
	}
	resp, err := h.transport.RoundTrip(up)
	if err != nil {
		plain(w, http.StatusBadGateway, "yiyue edge: the TTS service did not answer")
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAudio+1))
	if err != nil || len(body) > MaxAudio {
		plain(w, http.StatusBadGateway, "yiyue edge: the TTS service's answer was cut short or too long")
		return
	}
	e := &Entry{Header: http.Header{}, Body: body}
	for _, k := range []string{"Content-Type", "Cache-Control", "Expires", "ETag", "Retry-After"} {
		if v := resp.Header.Get(k); v != "" {
			e.Header.Set(k, v)
		}
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(mediaType(e.Header.Get("Content-Type")), "audio/") {
		// Not kept, and not relayed: the service's own error page would
		// be shown from the portal's origin (HTML with its scripts, or
		// the internal names it gives). The widget needs only the status
		// (a busy 503 or 429 is asked again) and when to ask.
		serviceFailed(w, resp)
		return
	}
	if method == http.MethodHead {
		for k, vs := range e.Header {
			hdr[k] = vs
		}
		hdr.Set(CacheHeader, "miss")
		w.WriteHeader(resp.StatusCode)
		return
	}
	if !isMP3(body) {
		// An empty or broken answer (an error page sent as audio) would
		// be kept and replayed to every reader of this text.
		plain(w, http.StatusBadGateway, "yiyue edge: the TTS service sent no MP3 audio")
		return
	}
	defaultLifetime(e.Header)
	if _, ok := sharedLifetime(e.Header, time.Now()); ok && h.cfg.Cache != nil {
		// A failed store only costs a later synthesis.
		h.cfg.Cache.Put(r.Context(), key, e)
	}
	hdr.Set(CacheHeader, "miss")
	serveEntry(w, r, e)
}

// serviceFailed answers for a TTS service whose answer is not audio: with
// its status if that is an error, with its Retry-After if that is well
// formed, and with a message of the edge's own.
func serviceFailed(w http.ResponseWriter, resp *http.Response) {
	if ra := strings.TrimSpace(resp.Header.Get("Retry-After")); ra != "" {
		if n, err := strconv.Atoi(ra); err == nil && n >= 0 {
			w.Header().Set("Retry-After", strconv.Itoa(n))
		} else if t, err := http.ParseTime(ra); err == nil {
			w.Header().Set("Retry-After", t.UTC().Format(http.TimeFormat))
		}
	}
	status := resp.StatusCode
	switch {
	case status == http.StatusOK:
		plain(w, http.StatusBadGateway, "yiyue edge: the TTS service sent no audio")
	case status >= 400 && status <= 599:
		plain(w, status, strings.TrimSpace("yiyue edge: the TTS service answered "+strconv.Itoa(status)+" "+http.StatusText(status)))
	default:
		// A redirect (not followed) or an odd status is no answer the
		// widget can use.
		plain(w, http.StatusBadGateway, "yiyue edge: the TTS service answered "+strconv.Itoa(status))
	}
}

// AudioLifetime is the Cache-Control that audio gets when its service
// gave it no lifetime: an hour at the edge and in browsers. The service
// did not vouch for more, and an hour already spares it every repeated
// sentence of a visit and of the readers after.
const AudioLifetime = "public, max-age=3600"

// defaultLifetime gives audio without a lifetime (no max-age, s-maxage or
// Expires) AudioLifetime's, keeping the service's other directives,
// unless the service forbade keeping it.
func defaultLifetime(h http.Header) {
	cc := h.Get("Cache-Control")
	if h.Get("Expires") != "" {
		return
	}
	for _, name := range []string{"max-age", "s-maxage", "no-store", "no-cache", "private"} {
		if directive(cc, name) {
			return
		}
	}
	if cc == "" {
		h.Set("Cache-Control", AudioLifetime)
		return
	}
	h.Set("Cache-Control", cc+", max-age=3600")
}

// directive says whether a Cache-Control value holds the directive name.
func directive(cc, name string) bool {
	_, ok := directiveValue(cc, name)
	return ok
}

// directiveValue returns the value of the directive name in a
// Cache-Control value, unquoted.
func directiveValue(cc, name string) (string, bool) {
	for _, d := range strings.Split(cc, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		if strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.Trim(strings.TrimSpace(v), `"`), true
		}
	}
	return "", false
}

// sharedLifetime returns how long a shared cache such as the edge's may
// keep a response with header h, from its Cache-Control (s-maxage, else
// max-age) or else its Expires. ok is false when it must not keep it at
// all: no-store, private, no-cache, no lifetime, or one that is over.
func sharedLifetime(h http.Header, now time.Time) (d time.Duration, ok bool) {
	cc := h.Get("Cache-Control")
	for _, name := range []string{"no-store", "private", "no-cache"} {
		if directive(cc, name) {
			return 0, false
		}
	}
	for _, name := range []string{"s-maxage", "max-age"} {
		if v, found := directiveValue(cc, name); found {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return 0, false
			}
			return time.Duration(min(n, 1<<31)) * time.Second, true
		}
	}
	exp, err := http.ParseTime(h.Get("Expires"))
	if err != nil {
		return 0, false
	}
	d = exp.Sub(now)
	return d, d > 0
}

// isMP3 says whether b begins as an MP3 file does: with an ID3v2 tag or
// with the sync word of an MPEG audio frame (eleven bits set).
func isMP3(b []byte) bool {
	return bytes.HasPrefix(b, []byte("ID3")) || len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0
}

// serveEntry sends cached audio; ServeContent answers Range requests (the
// <audio> element makes them), HEAD and If-None-Match.
func serveEntry(w http.ResponseWriter, r *http.Request, e *Entry) {
	for k, vs := range e.Header {
		w.Header()[k] = vs
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.Body))
}

// MemoryCache is a Cache in memory, bounded in bytes; when full it is
// emptied, which is enough for tests and small servers. It keeps an entry
// for as long as its Cache-Control or Expires allows a shared cache to,
// as the Cache API does.
type MemoryCache struct {
	mu    sync.Mutex
	max   int
	size  int
	items map[string]*memoryEntry
	now   func() time.Time // time.Now; tests move it
}

type memoryEntry struct {
	*Entry
	expires time.Time
}

// NewMemoryCache returns a MemoryCache holding up to maxBytes of audio.
func NewMemoryCache(maxBytes int) *MemoryCache {
	return &MemoryCache{max: maxBytes, items: map[string]*memoryEntry{}, now: time.Now}
}

// Get implements Cache.
func (c *MemoryCache) Get(_ context.Context, key string) (*Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.items[key]
	if e == nil {
		return nil, nil
	}
	if !c.now().Before(e.expires) {
		c.size -= len(e.Body)
		delete(c.items, key)
		return nil, nil
	}
	return e.Entry, nil
}

// Put implements Cache. An entry that a shared cache must not keep is
// not stored.
func (c *MemoryCache) Put(_ context.Context, key string, e *Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	d, ok := sharedLifetime(e.Header, now)
	if !ok || len(e.Body) > c.max {
		return nil
	}
	if c.size+len(e.Body) > c.max {
		c.items, c.size = map[string]*memoryEntry{}, 0
	}
	if old, ok := c.items[key]; ok {
		c.size -= len(old.Body)
	}
	c.items[key] = &memoryEntry{Entry: &Entry{Header: e.Header.Clone(), Body: e.Body}, expires: now.Add(d)}
	c.size += len(e.Body)
	return nil
}
