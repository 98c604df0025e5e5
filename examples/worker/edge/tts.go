package edge

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
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
	// Put stores an entry under key.
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
	for _, k := range []string{"Content-Type", "Cache-Control", "ETag", "Retry-After"} {
		if v := resp.Header.Get(k); v != "" {
			e.Header.Set(k, v)
		}
	}
	if method == http.MethodHead || resp.StatusCode != http.StatusOK || !strings.HasPrefix(mediaType(e.Header.Get("Content-Type")), "audio/") {
		// Refusals and failures pass through and are not kept.
		for k, vs := range e.Header {
			hdr[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	if e.Header.Get("Cache-Control") == "" {
		e.Header.Set("Cache-Control", tts.CacheControl)
	}
	if h.cfg.Cache != nil {
		// A failed store only costs a later synthesis.
		h.cfg.Cache.Put(r.Context(), key, e)
	}
	hdr.Set(CacheHeader, "miss")
	serveEntry(w, r, e)
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
// emptied, which is enough for tests and small servers.
type MemoryCache struct {
	mu    sync.Mutex
	max   int
	size  int
	items map[string]*Entry
}

// NewMemoryCache returns a MemoryCache holding up to maxBytes of audio.
func NewMemoryCache(maxBytes int) *MemoryCache {
	return &MemoryCache{max: maxBytes, items: map[string]*Entry{}}
}

// Get implements Cache.
func (c *MemoryCache) Get(_ context.Context, key string) (*Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[key], nil
}

// Put implements Cache.
func (c *MemoryCache) Put(_ context.Context, key string, e *Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(e.Body) > c.max {
		return nil
	}
	if c.size+len(e.Body) > c.max {
		c.items, c.size = map[string]*Entry{}, 0
	}
	if old, ok := c.items[key]; ok {
		c.size -= len(old.Body)
	}
	c.items[key] = &Entry{Header: e.Header.Clone(), Body: e.Body}
	c.size += len(e.Body)
	return nil
}
