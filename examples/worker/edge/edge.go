// Package edge is yiyue's edge handler: a plain net/http handler that the
// Cloudflare Worker in examples/worker runs through syumai/workers, and
// that runs just as well under net/http (tests, benchmarks, any Go server
// in front of a portal). It
//
//   - serves the files of a built dist/ (through widget/assets),
//   - proxies every other request to ORIGIN, inserting yiyue's script tag
//     into text/html responses,
//   - serves GET /_zh-hant/<path>: the origin's page converted to
//     Traditional Chinese on the server, for readers without JavaScript,
//   - answers /tts from a cache, sending misses to TTS_UPSTREAM.
//
// It only ever sends requests to ORIGIN and TTS_UPSTREAM; nothing in a
// request chooses another host. A Worker starts a fresh Go instance per
// request, so New does no expensive work: the dictionary is read only
// when a /_zh-hant/ page is asked for.
package edge

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/yiyue-a11y/yiyue/widget/assets"
)

// HantPrefix is the path prefix of the Traditional Chinese pages.
const HantPrefix = "/_zh-hant/"

// Config configures a Handler. Only Dist is required.
type Config struct {
	// Origin is the site the handler fronts, such as
	// https://www.example.gov.cn: a scheme and a host, nothing else.
	// Empty, the handler serves only yiyue's own routes.
	Origin string
	// TTSUpstream is the URL of a TTS service answering
	// GET ?text=&lang=&rate=[&voice=] with audio/mpeg, such as yiyue's own
	// (widget/tts). Empty, /tts answers 503.
	TTSUpstream string
	// Variant is the Traditional variant of /_zh-hant/ pages and the
	// widget's default: t (default), tw, twp or hk.
	Variant string
	// Phrases, if set, is the path on the origin of a phrase list
	// (simplified<TAB>traditional lines) that overrides the dictionary,
	// both in /_zh-hant/ pages and in the widget (as data-phrases).
	Phrases string
	// Dist holds the files of a built dist folder.
	Dist fs.FS
	// Manifest is dist's manifest.json; nil reads it from Dist.
	Manifest []byte
	// Transport sends requests to Origin and TTSUpstream, such as
	// http.DefaultTransport. It must not follow redirects, and it must
	// return bodies decoded, without Content-Encoding (net/http's
	// transport does so for the gzip it asks for itself; the handler
	// never forwards the client's Accept-Encoding).
	Transport http.RoundTripper
	// Cache keeps TTS audio; nil caches nothing.
	Cache Cache
}

func (m *Manifest) lookup(logical string) string { return m.Files[logical] }

// Handler is the edge handler.
type Handler struct {
	cfg       Config
	origin    *url.URL // nil: no origin
	upstream  *url.URL // nil: no TTS
	conv      string   // the conversion of /_zh-hant/ pages: s2t, s2tw, …; "" if off
	man       *Manifest
	assets    *assets.Handler
	transport http.RoundTripper

	// The settings that New could not use: their features are off.
	badOrigin, badTTS, badVariant bool
}

// Variants maps each Traditional variant to its conversion.
var Variants = map[string]string{"t": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}

// SettingsError reports the settings of a Config that New could not use.
// Its text quotes their values, which may be secret (a key in
// TTSUpstream's query) or internal (the origin's host): it is for the
// operator's log, never for visitors.
type SettingsError struct {
	// Errs holds one error per unusable setting.
	Errs []error
}

// Error joins the messages of the single settings.
func (e *SettingsError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the errors of the single settings.
func (e *SettingsError) Unwrap() []error { return e.Errs }

// New checks cfg and returns its Handler.
//
// A malformed setting does not stop it: New then returns a Handler that
// works without that setting's feature, together with a *SettingsError
// naming each such setting, so that a Worker keeps the portal and the
// widget up when one variable is wrong (a server that would rather not
// start refuses any error). Without a usable Origin the site's routes
// answer 502, without TTSUpstream /tts answers 503, without Variant the
// /_zh-hant/ pages answer 503 and the widget keeps its default variant,
// and a bad Phrases is left out. Visitors never see a setting's value.
//
// Any other error (no Dist, a bad manifest, no Transport) comes with no
// Handler.
func New(cfg Config) (*Handler, error) {
	h := &Handler{cfg: cfg, transport: cfg.Transport}
	if h.transport == nil && (cfg.Origin != "" || cfg.TTSUpstream != "") {
		// No default: naming http.DefaultTransport here would link Go's
		// whole HTTP client and TLS into the Worker.
		return nil, errors.New("edge: no Transport for ORIGIN and TTS_UPSTREAM")
	}
	if cfg.Dist == nil {
		return nil, errors.New("edge: no dist files")
	}
	raw := cfg.Manifest
	if raw == nil {
		b, err := fs.ReadFile(cfg.Dist, "manifest.json")
		if err != nil {
			return nil, fmt.Errorf("edge: read dist manifest: %w", err)
		}
		raw = b
	}
	m, err := ParseManifest(raw)
	if err != nil {
		return nil, err
	}
	h.man = m
	if h.man.Loader == "" || !strings.HasPrefix(h.man.Integrity, "sha384-") {
		return nil, errors.New("edge: dist manifest names no loader or no loader integrity")
	}
	var bad []error
	if cfg.Origin != "" {
		if u, err := baseURL("ORIGIN", cfg.Origin, false); err != nil {
			bad = append(bad, err)
			h.badOrigin = true
		} else {
			h.origin = u
		}
	}
	if cfg.TTSUpstream != "" {
		if u, err := baseURL("TTS_UPSTREAM", cfg.TTSUpstream, true); err != nil {
			bad = append(bad, err)
			h.badTTS = true
		} else {
			h.upstream = u
		}
	}
	v := cfg.Variant
	if v == "" {
		v = "t"
	}
	if h.conv = Variants[v]; h.conv == "" {
		bad = append(bad, fmt.Errorf("edge: VARIANT %q: use t, tw, twp or hk", cfg.Variant))
		h.badVariant = true
		v = "t" // the widget's own default; the tag names none
	}
	h.cfg.Variant = v
	if p := cfg.Phrases; p != "" && (!strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\"<> ")) {
		bad = append(bad, fmt.Errorf("edge: PHRASES %q: give a path on the origin, such as /yiyue-phrases.txt", p))
		h.cfg.Phrases = ""
	}
	h.assets = assets.New(cfg.Dist)
	if bad != nil {
		return h, &SettingsError{Errs: bad}
	}
	return h, nil
}

// baseURL checks an http(s) URL from the configuration. Only a service
// URL (TTS) may carry a path.
func baseURL(name, raw string, path bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("edge: %s: %w", name, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "" || u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("edge: %s %q: want an http(s) URL with a host and no query", name, raw)
	}
	if !path {
		if u.Path != "" && u.Path != "/" {
			return nil, fmt.Errorf("edge: %s %q: give the site's root, without a path", name, raw)
		}
		u.Path, u.RawPath = "", ""
	}
	return u, nil
}

// ScriptTag returns the tag inserted into pages served on scheme://host:
// the loader from the handler's own root, with its SRI, render-blocking
// as the README recommends (saved preferences apply before first paint),
// and the settings that make the widget use this edge's variant, phrases
// and TTS. Its URLs are absolute, on the handler's own scheme and host: a
// page's <base href> may point elsewhere (a CDN), and relative ones would
// be resolved against it.
//
// The loader's URL names its release (?v=, which the loader ignores): a
// browser keeps the loader for minutes, and the copy it kept from before
// a release would fail the new integrity and leave the page without the
// widget.
func (h *Handler) ScriptTag(scheme, host string) string {
	root := escapeAttr(scheme + "://" + host)
	release := sha256.Sum256([]byte(h.man.Integrity))
	var b strings.Builder
	b.WriteString(`<script src="` + root + `/`)
	b.WriteString(h.man.Loader)
	b.WriteString(`?v=` + hex.EncodeToString(release[:5]))
	b.WriteString(`" defer blocking="render" integrity="`)
	b.WriteString(h.man.Integrity)
	b.WriteString(`" crossorigin="anonymous"`)
	if h.cfg.Variant != "t" {
		b.WriteString(` data-variant="` + h.cfg.Variant + `"`)
	}
	if h.cfg.Phrases != "" {
		b.WriteString(` data-phrases="` + root + h.cfg.Phrases + `"`)
	}
	if h.upstream != nil {
		b.WriteString(` data-tts="` + root + `/tts"`)
	}
	b.WriteString(`></script>`)
	return b.String()
}

// ServeHTTP refuses open-proxy attempts, then serves dist's files, /tts
// and /_zh-hant/ pages, and proxies everything else to the origin.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if msg := refuse(r); msg != "" {
		plain(w, http.StatusBadRequest, "yiyue edge: "+msg)
		return
	}
	p := r.URL.Path
	switch {
	case h.assets.Has(p):
		h.assets.ServeHTTP(w, r)
	case p == "/tts":
		h.serveTTS(w, r)
	case p == strings.TrimSuffix(HantPrefix, "/"):
		// The query names the page (index.php?id=5): it goes along.
		target := HantPrefix
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	case strings.HasPrefix(p, HantPrefix):
		if h.badVariant && !h.badOrigin {
			plain(w, http.StatusServiceUnavailable, "yiyue edge: Traditional Chinese pages are off, as this edge's VARIANT setting is unusable (its log says why)")
			return
		}
		h.proxy(w, r, true)
	default:
		h.proxy(w, r, false)
	}
}

// plain answers with a short text message.
func plain(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(msg + "\n"))
}
