package edge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// MaxPage is the largest HTML page the handler rewrites; a larger one
// passes through unchanged, without the script tag.
const MaxPage = 8 << 20

// hopHeaders are meaningful for one connection only and are never
// forwarded either way.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// refuse says why a request must not be forwarded, or "" if it may be.
// Forwarding never lets the request choose the host (the upstream URL is
// built from ORIGIN and the path alone); these refusals make the usual
// open-proxy probes fail loudly instead of landing on the origin.
func refuse(r *http.Request) string {
	if r.Method == http.MethodConnect {
		return "CONNECT is not supported: this is not a proxy"
	}
	// A request-target in absolute form ("GET http://host/ HTTP/1.1") is
	// a proxy request. (A Worker's request has no RequestURI, and its
	// URL's host is the Host header's.)
	if u := strings.ToLower(r.RequestURI); strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") ||
		r.URL.Host != "" && !strings.EqualFold(r.URL.Host, r.Host) {
		return "this is not a proxy: the request names a host"
	}
	p := r.URL.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		return "the path must start with /"
	}
	rest := strings.ToLower(p[1:])
	if strings.HasPrefix(p, HantPrefix) {
		rest = strings.ToLower(p[len(HantPrefix):])
	}
	for _, bad := range []string{"/", "\\", "%2f", "%5c", "http:", "https:", "http%3a", "https%3a"} {
		if strings.HasPrefix(rest, bad) {
			return "this is not a proxy: a path cannot name another host"
		}
	}
	return ""
}

// publicBase returns the scheme and host the client used to reach the
// handler.
func publicBase(r *http.Request) (scheme, host string) {
	scheme, host = r.URL.Scheme, r.URL.Host
	if host == "" {
		host = r.Host
	}
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	return scheme, host
}

// clientIP returns the address of the client that sent r, or "" if it is
// not known: the connection's peer under net/http, the runtime's
// CF-Connecting-IP in a Worker (syumai/workers puts it in RemoteAddr,
// without a port). Without it the origin sees every visitor as the edge.
func clientIP(r *http.Request) string {
	a := r.RemoteAddr
	if host, _, err := net.SplitHostPort(a); err == nil {
		a = host
	}
	ip, err := netip.ParseAddr(a)
	if err != nil {
		return ""
	}
	return ip.String()
}

// originPath returns the escaped path on the origin that a request path
// stands for.
func originPath(r *http.Request, hant bool) string {
	p := r.URL.EscapedPath()
	if hant {
		p = "/" + strings.TrimPrefix(p, HantPrefix)
	}
	return p
}

// mark identifies what the handler does to a page, inserting tag, so
// that a validator (ETag) of a rewritten page changes when the rewriting
// changes. phrases is the hash of the site's phrase list that a
// /_zh-hant/ page is converted with, "" for none.
func (h *Handler) mark(tag string, hant bool, phrases string) string {
	s := tag
	if hant {
		s += "\x00" + h.conv + "\x00" + h.man.lookup(h.conv+".dict")
		if phrases != "" {
			s += "\x00" + phrases
		}
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// proxy forwards a request to the origin; hant serves the /_zh-hant/
// form of the page.
func (h *Handler) proxy(w http.ResponseWriter, r *http.Request, hant bool) {
	if h.badOrigin {
		plain(w, http.StatusBadGateway, "yiyue edge: the site cannot be reached, as this edge's ORIGIN setting is unusable (its log says why)")
		return
	}
	if h.origin == nil {
		plain(w, http.StatusNotFound, "yiyue edge: not found (no ORIGIN is configured; this edge serves yiyue's files only)")
		return
	}
	escaped := originPath(r, hant)
	path, err := url.PathUnescape(escaped)
	if err != nil {
		plain(w, http.StatusBadRequest, "yiyue edge: malformed path")
		return
	}
	u := &url.URL{Scheme: h.origin.Scheme, Host: h.origin.Host, Path: path, RawPath: escaped, RawQuery: r.URL.RawQuery}
	body := io.Reader(r.Body)
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Body == nil {
		body = http.NoBody
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), body)
	if err != nil {
		plain(w, http.StatusBadRequest, "yiyue edge: cannot forward this request")
		return
	}
	if body != http.NoBody {
		out.ContentLength = r.ContentLength
	}
	scheme, host := publicBase(r)
	tag := h.ScriptTag(scheme, host)

	// A /_zh-hant/ page is converted with the site's phrase list, read
	// from the origin at most once, while the origin answers for a page;
	// its validators carry the list's hash.
	var phr *phrasesLoad
	phrases := func() *phrasesLoad {
		if phr == nil && hant && h.cfg.Phrases != "" {
			phr = h.loadPhrases(r)
		}
		return phr
	}
	// Not left running: a Worker's Go program ends with its response.
	defer func() {
		if phr != nil {
			<-phr.done
		}
	}()
	markFor := func() string {
		sum := ""
		if p := phrases(); p != nil {
			<-p.done
			sum = p.sum
		}
		return h.mark(tag, hant, sum)
	}
	var load *converterLoad
	if hant && looksLikePage(path) {
		phrases() // for HEAD too, whose ETag carries the list's hash
		if r.Method != http.MethodHead {
			load = h.loadConverter(phrases())
			defer func() { <-load.done }()
		}
	}

	revalidating := false
	// A page the edge served carries no Last-Modified and only marked
	// ETags: a navigation's other validators come from a copy kept before
	// the edge fronted the site, which a 304 would keep without the tag.
	nav := navigation(r)
	for k, vs := range r.Header {
		switch {
		case strings.EqualFold(k, "Host"), strings.EqualFold(k, "Accept-Encoding"), strings.EqualFold(k, "Expect"),
			strings.EqualFold(k, "X-Forwarded-Host"), strings.EqualFold(k, "X-Forwarded-Proto"),
			len(k) > 3 && strings.EqualFold(k[:3], "cf-"),
			nav && strings.EqualFold(k, "If-Modified-Since"):
			continue
		case strings.EqualFold(k, "If-None-Match"):
			v := strings.Join(vs, ",")
			mark := ""
			if strings.Contains(v, markPrefix) {
				// Telling our current validators from stale ones needs
				// the phrase list before the origin is asked.
				mark = markFor()
			}
			v, ours := unmarkETags(v, mark, nav)
			revalidating = revalidating || ours
			if v != "" {
				out.Header.Set(k, v)
			}
			continue
		}
		out.Header[k] = append([]string(nil), vs...)
	}
	dropHop(out.Header)
	out.Header.Set("X-Forwarded-Host", host)
	out.Header.Set("X-Forwarded-Proto", scheme)
	if ip := clientIP(r); ip != "" {
		// Appended, as proxies do: the origin can trust the last entry,
		// which is the edge's, and not what the client claimed.
		if prior := out.Header.Values("X-Forwarded-For"); len(prior) > 0 {
			ip = strings.Join(prior, ", ") + ", " + ip
		}
		out.Header.Set("X-Forwarded-For", ip)
	}

	resp, err := h.transport.RoundTrip(out)
	if err != nil {
		plain(w, http.StatusBadGateway, "yiyue edge: the origin did not answer")
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 599 {
		// No answer can carry it on: the Workers runtime refuses such a
		// status (and the request then hangs), and a 1xx is interim.
		plain(w, http.StatusBadGateway, "yiyue edge: the origin answered with an invalid status")
		return
	}

	hdr := w.Header()
	for k, vs := range resp.Header {
		hdr[k] = vs
	}
	dropHop(hdr)
	if loc := hdr.Get("Location"); loc != "" {
		hdr.Set("Location", h.location(loc, scheme, host, escaped, hant))
	}
	// A Refresh header sends the reader on as a redirect does.
	if rf := hdr.Get("Refresh"); rf != "" {
		if i, j, ok := refreshURL(rf); ok {
			hdr.Set("Refresh", rf[:i]+h.location(rf[i:j], scheme, host, escaped, hant)+rf[j:])
		}
	}
	if cs := hdr["Set-Cookie"]; len(cs) > 0 {
		hdr["Set-Cookie"] = h.cookies(cs, (&url.URL{Host: host}).Hostname())
	}
	status := resp.StatusCode
	isHTML := mediaType(resp.Header.Get("Content-Type")) == "text/html"
	noBody := r.Method == http.MethodHead || status < 200 || status == http.StatusNoContent || status == http.StatusNotModified
	if status == http.StatusNotModified && revalidating || isHTML && status != http.StatusPartialContent {
		// The page is rewritten: its validators must say so.
		markETag(hdr, markFor())
		hdr.Del("Last-Modified")
		if hant && hdr.Get("Content-Language") != "" {
			hdr.Set("Content-Language", langTo[h.conv])
		}
	}
	if !isHTML || status == http.StatusPartialContent || noBody {
		if isHTML {
			hdr.Del("Content-Length") // the rewritten page's length is not known here
		}
		w.WriteHeader(status)
		if !noBody {
			io.Copy(w, resp.Body)
		}
		return
	}
	page, err := io.ReadAll(io.LimitReader(resp.Body, MaxPage+1))
	if err != nil {
		// The origin's headers describe its page, not this answer.
		clear(hdr)
		plain(w, http.StatusBadGateway, "yiyue edge: the origin's page was cut short")
		return
	}
	if len(page) > MaxPage {
		hdr.Del("Content-Length")
		w.WriteHeader(status)
		w.Write(page)
		io.Copy(w, resp.Body)
		return
	}
	if !markup(page) {
		// What a script asked for (JSON, a bare "success") that the
		// server labelled text/html, as PHP does by default: a tag or a
		// conversion would break the script that reads it.
		hdr.Set("Content-Length", strconv.Itoa(len(page)))
		w.WriteHeader(status)
		w.Write(page)
		return
	}
	// A piece of a page that a script asked for (jQuery's load(), a
	// "more news" list) is put into a page that has the widget already:
	// its script would be run again, fetched synchronously. Converted,
	// under /_zh-hant/, all the same.
	if r.Header.Get("X-Requested-With") != "" || !wholePage.Match(page) {
		tag = ""
	}
	// The nonce changes with each answer: it is not part of the mark.
	rw := &rewriter{tag: withNonce(tag, scriptNonce(resp.Header.Values("Content-Security-Policy")))}
	if hant {
		utf8 := utf8Page(resp.Header.Get("Content-Type"), page)
		if load == nil && utf8 {
			load = h.loadConverter(phrases()) // prepareHant waits for it
		}
		if err := h.prepareHant(rw, escaped, &url.URL{Scheme: scheme, Host: host}, utf8, load); err != nil {
			clear(hdr)
			plain(w, http.StatusServiceUnavailable, "yiyue edge: "+err.Error())
			return
		}
	}
	page = rw.rewrite(page)
	hdr.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	w.Write(page)
}

// scriptNonce returns a nonce by which the Content-Security-Policy
// headers policies run script elements, or "" if they name none. A strict
// policy ('strict-dynamic') runs no script by its host, not even the
// page's own ('self'): the tag needs the nonce the page's scripts have.
func scriptNonce(policies []string) string {
	for _, header := range policies {
		for _, policy := range strings.Split(header, ",") {
			dirs := map[string][]string{}
			for _, d := range strings.Split(policy, ";") {
				f := strings.Fields(d)
				if len(f) == 0 {
					continue
				}
				name := strings.ToLower(f[0])
				if _, ok := dirs[name]; !ok { // a repeated directive is ignored
					dirs[name] = f[1:]
				}
			}
			var srcs []string
			for _, name := range []string{"script-src-elem", "script-src", "default-src"} {
				if v, ok := dirs[name]; ok {
					srcs = v
					break
				}
			}
			for _, src := range srcs {
				const prefix = "'nonce-"
				if len(src) > len(prefix)+1 && strings.EqualFold(src[:len(prefix)], prefix) && strings.HasSuffix(src, "'") {
					if n := src[len(prefix) : len(src)-1]; base64Value(n) {
						return n
					}
				}
			}
		}
	}
	return ""
}

// base64Value says whether s is a nonce as a policy writes one.
func base64Value(s string) bool {
	t := strings.TrimRight(s, "=")
	if t == "" || len(s)-len(t) > 2 {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// withNonce returns the script tag tag carrying nonce, if any.
func withNonce(tag, nonce string) string {
	if nonce == "" || tag == "" {
		return tag
	}
	return strings.TrimSuffix(tag, "></script>") + ` nonce="` + nonce + `"></script>`
}

// markup says whether an HTML answer's body is markup: a page, or a
// fragment of one, rather than JSON, a script's call (JSONP) or a bare
// message. Text before the first tag is a page behind what a sloppy
// server printed first (a PHP warning).
func markup(page []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(page, []byte("\xEF\xBB\xBF")), " \t\n\f\r")
	switch {
	case len(b) == 0 || b[0] == '{' || b[0] == '[' || jsonpCall.Match(b):
		return false
	case b[0] == '<':
		return true
	}
	return tagOpen.Match(b)
}

var (
	// jsonpCall matches the start of a script's call: name(…
	jsonpCall = regexp.MustCompile(`^[A-Za-z_$][\w$.]*\s*\(`)
	// tagOpen matches the start of a tag, a comment or a doctype.
	tagOpen = regexp.MustCompile(`<[A-Za-z!/]`)
	// wholePage matches what only a whole page has: a doctype, or the
	// tag of its html, head or body element.
	wholePage = regexp.MustCompile(`(?i)<(!doctype|html|head|body)[\s>/]`)
)

func dropHop(h http.Header) {
	for _, f := range h.Values("Connection") {
		for _, name := range strings.Split(f, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	return mt
}

// location rewrites a redirect's target: the origin's host becomes the
// handler's, and a /_zh-hant/ page's redirects on the site (the origin's
// host or the handler's) stay under the prefix.
// Only the origin's own scheme becomes the handler's: a redirect to
// https (from an http ORIGIN, say) stays https.
func (h *Handler) location(loc, scheme, host, from string, hant bool) string {
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	if u.Host != "" {
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" || u.User != nil {
			return loc
		}
		switch hostOf(u) {
		case hostOf(h.origin):
			if u.Scheme == h.origin.Scheme {
				u.Scheme = scheme
			}
			u.Host = host
		case hostOf(&url.URL{Scheme: scheme, Host: host}):
			// The site's public name, which the origin may know (from
			// X-Forwarded-Host or its settings): only the prefix changes.
			if !hant {
				return loc
			}
		default:
			return loc
		}
	} else if u.Scheme != "" {
		return loc
	}
	if !hant {
		return u.String()
	}
	p := hantPath(u, from)
	v, err := url.Parse(p)
	if err != nil {
		return loc
	}
	// Escaped again as a Location's bytes are read: as UTF-8.
	u.Path, u.RawPath = v.Path, v.RawPath
	return u.String()
}

// cookies returns the Set-Cookie values cs with each Domain attribute
// that names the origin's host left out, unless the edge's host, host,
// is under it: an application that takes the domain from the Host it was
// asked for, which is ORIGIN's, would set cookies that the browser
// refuses on the edge's host, and no one could log in. Such a cookie
// becomes one for the edge's host alone; other domains are kept.
func (h *Handler) cookies(cs []string, host string) []string {
	origin := strings.ToLower(h.origin.Hostname())
	host = strings.ToLower(host)
	if host == origin || strings.HasSuffix(host, "."+origin) {
		return cs // the browser takes them as they are
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		parts := strings.Split(c, ";")
		keep := []string{parts[0]}
		for _, a := range parts[1:] {
			k, v, _ := strings.Cut(a, "=")
			if strings.EqualFold(strings.TrimSpace(k), "domain") &&
				strings.EqualFold(strings.TrimPrefix(strings.TrimSpace(v), "."), origin) {
				continue
			}
			keep = append(keep, a)
		}
		out[i] = strings.Join(keep, ";")
	}
	return out
}

// hostOf returns u's host, lower-cased and without the port its scheme
// implies, to tell whether u is on the origin: servers and templates
// write http://host:80/ for http://host/. A scheme-relative URL's scheme
// is the page's, either.
func hostOf(u *url.URL) string {
	host := strings.ToLower(u.Host)
	switch port := u.Port(); {
	case port == "80" && (u.Scheme == "http" || u.Scheme == ""),
		port == "443" && (u.Scheme == "https" || u.Scheme == ""):
		host = strings.TrimSuffix(host, ":"+port)
	}
	return host
}

// hantPath returns the path under HantPrefix for a reference on the
// origin, resolved against the origin page's path from. Both are as
// written, and so is the result: a page's link is left in the page's
// charset, to be percent-encoded by the browser, which encodes a path as
// UTF-8 whatever the charset (escaping its GBK bytes here would make
// another URL).
func hantPath(ref *url.URL, from string) string {
	p := resolvePath(from, refPath(ref))
	if strings.HasPrefix(p, HantPrefix) {
		return p
	}
	return HantPrefix + strings.TrimPrefix(p, "/")
}

// refPath returns the path of a parsed reference as it was written.
func refPath(u *url.URL) string {
	if u.Host != "" && u.Path == "" {
		return "/" // http://host is http://host/
	}
	if u.RawPath != "" {
		// Set when the text differs from what escaping the path gives:
		// bytes that are not ASCII, or escapes of its own.
		return u.RawPath
	}
	return u.EscapedPath() // which is then the text
}

// resolvePath resolves the path ref against the path base as a browser
// does (RFC 3986, section 5.2), on the text: nothing is escaped or
// unescaped, so a page's charset does not matter (GBK and GB18030 bytes
// are never '/', '.', '?' or '#').
func resolvePath(base, ref string) string {
	if !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	switch {
	case ref == "":
		return base
	case ref[0] != '/':
		ref = base[:strings.LastIndexByte(base, '/')+1] + ref
	}
	segs := strings.Split(ref, "/")[1:]
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case ".", "%2e":
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "") // "a/." and "a/b/.." end in a slash
		}
	}
	return "/" + strings.Join(out, "/")
}

// markPrefix joins the origin's validator and the handler's mark in the
// ETag of a rewritten page.
const markPrefix = "~yy-"

// unmarkETags turns the validators in an If-None-Match that the handler
// issued for rewritten pages back into the origin's; those issued for
// another rewriting are dropped, and so are the origin's own if onlyOurs
// is set. ours says whether any were the handler's.
func unmarkETags(v, mark string, onlyOurs bool) (out string, ours bool) {
	var keep []string
	for _, t := range splitETags(v) {
		if t == "*" {
			keep = append(keep, t)
			continue
		}
		opaque := strings.TrimPrefix(t, "W/")
		if i := strings.LastIndex(opaque, markPrefix); i >= 0 && strings.HasSuffix(opaque, `"`) {
			ours = true
			if opaque[i+len(markPrefix):len(opaque)-1] != mark {
				continue
			}
			keep = append(keep, `W/`+opaque[:i]+`"`)
			continue
		}
		if !onlyOurs {
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, ", "), ours
}

// navigation says whether r loads a document into the reader's tab or a
// frame: by Sec-Fetch-Dest, or, from a browser that does not send it, by
// an Accept that puts HTML first.
func navigation(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Dest") {
	case "document", "iframe", "frame":
		return true
	case "":
		return strings.HasPrefix(strings.TrimSpace(r.Header.Get("Accept")), "text/html")
	}
	return false
}

func splitETags(v string) []string {
	var out []string
	inQuote := false
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' && !inQuote {
			if t := strings.TrimSpace(v[start:i]); t != "" {
				out = append(out, t)
			}
			start = i + 1
			continue
		}
		if v[i] == '"' {
			inQuote = !inQuote
		}
	}
	return out
}

// markETag makes a rewritten page's ETag weak and tags it with mark.
func markETag(h http.Header, mark string) {
	t := strings.TrimPrefix(h.Get("ETag"), "W/")
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
		h.Del("ETag")
		return
	}
	h.Set("ETag", `W/`+t[:len(t)-1]+markPrefix+mark+`"`)
}
