package edge

import (
	"net/url"
	"testing"
)

func TestLocation(t *testing.T) {
	for _, tc := range []struct {
		origin, scheme, loc, want string
		hant                      bool
	}{
		// The origin's own scheme and host become the edge's.
		{"http://backend.example", "https", "http://backend.example/a?b#c", "https://edge.example/a?b#c", false},
		{"https://www.example.gov.cn", "http", "https://www.example.gov.cn/a", "http://edge.example/a", false},
		// A redirect to https stays https: an http ORIGIN's upgrade.
		{"http://backend.example", "http", "https://backend.example/login", "https://edge.example/login", false},
		{"http://backend.example", "https", "HTTPS://BACKEND.example/login", "https://edge.example/login", false},
		{"http://backend.example", "http", "https://backend.example/x", "https://edge.example/_zh-hant/x", true},
		// Scheme-relative: the browser keeps the edge's scheme.
		{"https://www.example.gov.cn", "https", "//www.example.gov.cn/a", "//edge.example/a", false},
		// Under the prefix, a path that is not ASCII is sent escaped as
		// UTF-8, as browsers read a Location's bytes.
		{"http://backend.example", "https", "/新闻/x?q=1", "/_zh-hant/%E6%96%B0%E9%97%BB/x?q=1", true},
		{"http://backend.example", "https", "http://backend.example", "https://edge.example/_zh-hant/", true},
		// The origin named with the port its scheme implies is the origin.
		{"https://www.example.gov.cn", "http", "https://www.example.gov.cn:443/a", "http://edge.example/a", false},
		{"http://backend.example", "https", "http://backend.example:80/login", "https://edge.example/login", false},
		{"http://backend.example:80", "https", "http://backend.example/login", "https://edge.example/login", false},
		{"http://backend.example", "https", "https://backend.example:443/x", "https://edge.example/_zh-hant/x", true},
		// Another port is another server.
		{"http://backend.example", "https", "http://backend.example:8080/a", "http://backend.example:8080/a", false},
		{"http://backend.example", "https", "http://backend.example:443/a", "http://backend.example:443/a", false},
		// Under the prefix, the edge's own host is the site too.
		{"http://backend.example", "https", "https://edge.example/x?y", "https://edge.example/_zh-hant/x?y", true},
		{"http://backend.example", "https", "https://edge.example/x", "https://edge.example/x", false},
		// Elsewhere and relative targets are left alone.
		{"http://backend.example", "https", "https://other.example/a", "https://other.example/a", false},
		{"http://backend.example", "https", "/a", "/a", false},
		{"http://backend.example", "https", "ftp://backend.example/a", "ftp://backend.example/a", false},
	} {
		u, err := url.Parse(tc.origin)
		if err != nil {
			t.Fatal(err)
		}
		h := &Handler{origin: u}
		if got := h.location(tc.loc, tc.scheme, "edge.example", "/page", tc.hant); got != tc.want {
			t.Errorf("ORIGIN %s, edge on %s, hant %v: Location %s became %s, want %s", tc.origin, tc.scheme, tc.hant, tc.loc, got, tc.want)
		}
	}
}

func TestScriptNonce(t *testing.T) {
	for _, tc := range []struct {
		policies []string
		want     string
	}{
		{[]string{"script-src 'nonce-abc123' 'strict-dynamic'; object-src 'none'"}, "abc123"},
		{[]string{"default-src 'self' 'NONCE-r4+nd/0m='"}, "r4+nd/0m="},
		// script-src-elem governs script elements before script-src.
		{[]string{"script-src 'nonce-a'; script-src-elem 'nonce-b'"}, "b"},
		{[]string{"script-src-elem 'self'; script-src 'nonce-a'"}, ""},
		// script-src before default-src, and the first of a repeated one.
		{[]string{"default-src 'nonce-a'; script-src 'self'"}, ""},
		{[]string{"script-src 'nonce-a'; script-src 'nonce-b'"}, "a"},
		// Another policy of the header, or another header.
		{[]string{"frame-ancestors 'self', script-src 'nonce-x1'"}, "x1"},
		{[]string{"upgrade-insecure-requests", "script-src 'nonce-y2'"}, "y2"},
		{[]string{"style-src 'nonce-s'"}, ""},
		{nil, ""},
		// Not a nonce a policy can hold.
		{[]string{`script-src 'nonce-a"b'`}, ""},
		{[]string{"script-src 'nonce-'"}, ""},
	} {
		if got := scriptNonce(tc.policies); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.policies, got, tc.want)
		}
	}
}

func TestMarkup(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"\xEF\xBB\xBF\r\n  <html>", true},
		{"<li>一</li><li>二</li>", true},
		// A page behind the warning a sloppy server prints first.
		{"\nWarning: Undefined variable $x in /www/index.php on line 3<br />\n<!DOCTYPE html><html><head></head></html>", true},
		{`{"ok":true,"html":"<p>x</p>"}`, false},
		{` [1,2]`, false},
		{`jQuery1720_99({"list":"<li>一</li>"});`, false},
		{"success", false},
		{"操作成功", false},
		{"", false},
		{"  \n", false},
	} {
		if got := markup([]byte(tc.body)); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.body, got, tc.want)
		}
	}
}
