package edge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yiyue-a11y/yiyue/widget/convert"
	"github.com/yiyue-a11y/yiyue/widget/script"
)

// langTo is what a lang attribute that names Simplified Chinese, or
// Chinese of no script (script.Lang), becomes under each conversion: the
// same as the widget's in-page switch, so that both give the same page.
var langTo = map[string]string{"s2t": "zh-Hant", "s2tw": "zh-TW", "s2twp": "zh-TW", "s2hk": "zh-HK"}

// maxPhrases bounds the phrase list read from the origin.
const maxPhrases = 1 << 20

// A converterLoad is the dictionary being read, so that reading it can
// overlap the request to the origin.
type converterLoad struct {
	done chan struct{}
	c    *convert.Converter
	err  error
}

// loadConverter starts reading the variant's dictionary in the
// background, to be used with the site's phrases from phr (nil for none).
func (h *Handler) loadConverter(phr *phrasesLoad) *converterLoad {
	l := &converterLoad{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		name := h.man.lookup(h.conv + ".dict")
		if name == "" {
			l.err = errors.New("this build has no " + h.conv + " dictionary; run `go run ./build`")
			return
		}
		data, err := fs.ReadFile(h.cfg.Dist, name)
		if err != nil {
			l.err = errors.New("cannot read the " + h.conv + " dictionary: " + err.Error())
			return
		}
		c, err := convert.Open(data)
		if err != nil {
			l.err = errors.New("the " + h.conv + " dictionary: " + err.Error())
			return
		}
		if phr != nil {
			// The widget reads the same list (data-phrases); a list that
			// cannot be read is skipped by both.
			if <-phr.done; phr.ok {
				c = c.WithPhrases(phr.p)
			}
		}
		l.c = c
	}()
	return l
}

// A phrasesLoad is the site's phrase list being read from the origin.
type phrasesLoad struct {
	done chan struct{}
	p    convert.Phrases
	ok   bool   // the list was read
	sum  string // a hash of the list as read; "" if it was not
}

// loadPhrases starts reading the site's phrase list in the background.
func (h *Handler) loadPhrases(r *http.Request) *phrasesLoad {
	l := &phrasesLoad{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		b, ok := h.phrases(r)
		if !ok {
			return
		}
		l.p, _ = convert.ParsePhrases(string(b))
		sum := sha256.Sum256(b)
		l.ok, l.sum = true, hex.EncodeToString(sum[:8])
	}()
	return l
}

// looksLikePage says whether a path probably names an HTML page, whose
// dictionary is worth reading before the origin answers.
func looksLikePage(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case "", ".html", ".htm", ".shtml", ".xhtml", ".php", ".jsp", ".asp", ".aspx", ".do", ".action":
		return true
	}
	return false
}

// prepareHant sets up rw to convert a page to Traditional Chinese with
// the converter from load (which only a UTF-8 page needs), and to keep
// its links under HantPrefix. A page already in Traditional is only
// relinked. edge is the scheme and host the page is served on.
func (h *Handler) prepareHant(rw *rewriter, from string, edge *url.URL, utf8 bool, load *converterLoad) error {
	rw.hant = true
	rw.from = from
	rw.originHost = hostOf(h.origin)
	rw.edgeHost = hostOf(edge)
	if !utf8 {
		return nil // the converter reads UTF-8 only: relink, convert nothing
	}
	rw.detect = func(lang, sample string) bool {
		s := script.FromLang(lang)
		if s == script.Unknown {
			s = script.Detect(sample)
		}
		return s != script.Traditional
	}
	<-load.done
	if load.err != nil {
		return load.err
	}
	rw.conv = load.c
	rw.langTo = langTo[h.conv]
	return nil
}

// PhrasesTimeout is how long the site's phrase list may take to come:
// every /_zh-hant/ page waits for it, and one that never comes is skipped
// (the widget skips a list that does not come too).
const PhrasesTimeout = 5 * time.Second

// phrases reads the site's phrase list from the origin.
func (h *Handler) phrases(r *http.Request) ([]byte, bool) {
	u := &url.URL{Scheme: h.origin.Scheme, Host: h.origin.Host, Path: h.cfg.Phrases}
	ctx, cancel := context.WithTimeout(r.Context(), PhrasesTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, false
	}
	resp, err := h.transport.RoundTrip(req)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPhrases))
	if err != nil {
		return nil, false
	}
	return b, true
}

// utf8Page says whether a page is UTF-8: by its Content-Type's charset,
// else by a charset declared near its start, else by its bytes.
func utf8Page(contentType string, page []byte) bool {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs, ok := params["charset"]; ok {
			return isUTF8Name(cs)
		}
	}
	head := page[:min(len(page), 1024)]
	if i := bytes.Index(bytes.ToLower(head), []byte("charset=")); i >= 0 {
		cs := strings.TrimLeft(string(head[i+len("charset="):]), `"' `)
		if j := strings.IndexAny(cs, `"'; />`); j >= 0 {
			cs = cs[:j]
		}
		return isUTF8Name(cs)
	}
	return utf8.Valid(page)
}

func isUTF8Name(cs string) bool {
	cs = strings.ToLower(strings.TrimSpace(cs))
	return cs == "utf-8" || cs == "utf8"
}
