package edge

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestParseManifest(t *testing.T) {
	m, err := ParseManifest([]byte(`{
  "loader": "yiyue.js",
  "integrity": "sha384-abc\u002Bdef/==",
  "files": [
    {"logical": "yiyue.wasm", "name": "yiyue.0123456789.wasm", "raw": 2189657, "gzip": 6.5e5, "preUse": false, "x": null},
    {"logical": "s2t.dict", "name": "s2t.abcdef0123.dict", "tags": ["a", {"b": []}]}
  ]
}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Manifest{Loader: "yiyue.js", Integrity: "sha384-abc+def/==", Files: map[string]string{"yiyue.wasm": "yiyue.0123456789.wasm", "s2t.dict": "s2t.abcdef0123.dict"}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v, want %+v", m, want)
	}
	for _, bad := range []string{``, `{`, `{"a":}`, `{"a":1,}`, `[1 2]`, `"\x"`, `{"a":"b"} x`, `{"a":tru}`, "\"\x01\""} {
		if _, err := ParseManifest([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzJSON holds the small JSON reader to encoding/json on valid UTF-8.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `[1,-2.5e3,true,false,null]`, `"\ud83d\ude00\u00e9\n"`, `{"a":{"b":[{}]}}`, `"\ud800"`, `"\ud800\u0041"`, ` 0 `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var want any
		wantErr := json.Unmarshal([]byte(s), &want)
		p := &jsonReader{b: []byte(s)}
		got, err := p.value(0)
		if err == nil {
			p.space()
			if p.i != len(p.b) {
				err = p.fail("trailing data")
			}
		}
		if (err == nil) != (wantErr == nil) {
			// encoding/json is stricter about numbers ("01", "1."); the
			// reader only needs to read what dist writes.
			if err == nil {
				return
			}
			t.Fatalf("%q: reader error %v, encoding/json error %v", s, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: reader %#v, encoding/json %#v", s, got, want)
		}
	})
}
