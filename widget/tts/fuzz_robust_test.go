package tts

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// countingBody counts what is read of a request body.
type countingBody struct {
	r    io.Reader
	read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

func (b *countingBody) Close() error { return nil }

// FuzzParseHTTPRequest feeds the HTTP-level parser whole requests: any
// method, raw query and body. It answers with a Request or a *RequestError
// of status 400, 405 or 414 whose message is valid UTF-8; it never reads
// the body (a 1 MB upload costs the service nothing); and what it accepts
// passes ParseRequest again unchanged.
func FuzzParseHTTPRequest(f *testing.F) {
	f.Add("GET", "text=你好&lang=zh-CN&rate=1", []byte(nil))
	f.Add("POST", "text=a", []byte(strings.Repeat("x", 1<<20)))
	f.Add("HEAD", "text=%FF%FE&lang=xx-YY", []byte("body"))
	f.Add("GET", strings.Repeat("text=", 2000), []byte(nil))
	f.Add("GET", "text=../../etc/passwd&lang=../../&rate=1e308", []byte(nil))
	f.Add("DELETE", ";;;&&&===%%%", []byte(nil))
	f.Fuzz(func(t *testing.T, method, query string, body []byte) {
		if !token(method) {
			return // net/http (and the Workers runtime) refuse such a request before any handler
		}
		r := httptest.NewRequest(http.MethodGet, "/tts", nil)
		r.Method = method
		r.URL.RawQuery = query
		b := &countingBody{r: strings.NewReader(string(body))}
		r.Body = b
		req, err := ParseHTTPRequest(r)
		if b.read != 0 {
			t.Fatalf("read %d bytes of the body", b.read)
		}
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a RequestError", err)
			}
			switch re.Status {
			case http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusRequestURITooLong:
			default:
				t.Fatalf("status %d for %q %q", re.Status, method, query)
			}
			if !utf8.ValidString(re.Error()) || re.Reason == "" {
				t.Fatalf("message %q", re.Error())
			}
			return
		}
		if method != http.MethodGet && method != http.MethodHead {
			t.Fatalf("accepted method %q", method)
		}
		again, err := ParseRequest(req.Query())
		if err != nil || again != req {
			t.Fatalf("round trip of %+v: %+v, %v", req, again, err)
		}
	})
}

// token reports whether s is an HTTP token, as a method must be.
func token(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}
