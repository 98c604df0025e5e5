package edge

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Manifest is what the handler needs from dist/manifest.json.
type Manifest struct {
	// Loader is the loader's file name; Integrity its SRI.
	Loader, Integrity string
	// Files maps logical names (yiyue.wasm, s2t.dict) to file names.
	Files map[string]string
}

// ParseManifest reads dist/manifest.json. It is a small JSON reader of its
// own: encoding/json would add half a megabyte to the Worker, which loads
// it for every request.
func ParseManifest(b []byte) (*Manifest, error) {
	p := &jsonReader{b: b}
	v, err := p.value(0)
	if err == nil {
		p.space()
		if p.i != len(p.b) {
			err = p.fail("trailing data")
		}
	}
	if err != nil {
		return nil, errors.New("edge: dist manifest: " + err.Error())
	}
	top, _ := v.(map[string]any)
	m := &Manifest{Files: map[string]string{}}
	m.Loader, _ = top["loader"].(string)
	m.Integrity, _ = top["integrity"].(string)
	files, _ := top["files"].([]any)
	for _, f := range files {
		o, _ := f.(map[string]any)
		logical, _ := o["logical"].(string)
		name, _ := o["name"].(string)
		if logical != "" && name != "" {
			m.Files[logical] = name
		}
	}
	return m, nil
}

// jsonReader parses JSON into map[string]any, []any, string, float64,
// bool and nil.
type jsonReader struct {
	b []byte
	i int
}

func (p *jsonReader) fail(msg string) error {
	return errors.New(msg + " at byte " + strconv.Itoa(p.i))
}

func (p *jsonReader) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonReader) value(depth int) (any, error) {
	if depth > 64 {
		return nil, p.fail("nested too deeply")
	}
	p.space()
	if p.i >= len(p.b) {
		return nil, p.fail("unexpected end")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		o := map[string]any{}
		p.space()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return o, nil
		}
		for {
			p.space()
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return nil, p.fail("want :")
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			o[k] = v
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				return o, nil
			}
			return nil, p.fail("want , or }")
		}
	case c == '[':
		p.i++
		a := []any{}
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return a, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return a, nil
			}
			return nil, p.fail("want , or ]")
		}
	case c == '"':
		return p.str()
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []struct {
			s string
			v any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if len(p.b)-p.i >= len(lit.s) && string(p.b[p.i:p.i+len(lit.s)]) == lit.s {
				p.i += len(lit.s)
				return lit.v, nil
			}
		}
		return nil, p.fail("bad literal")
	case c == '-' || '0' <= c && c <= '9':
		start := p.i
		for p.i < len(p.b) && (p.b[p.i] == '-' || p.b[p.i] == '+' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E' || '0' <= p.b[p.i] && p.b[p.i] <= '9') {
			p.i++
		}
		f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
		if err != nil {
			return nil, p.fail("bad number")
		}
		return f, nil
	}
	return nil, p.fail("unexpected character")
}

func (p *jsonReader) str() (string, error) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return "", p.fail("want a string")
	}
	p.i++
	var out []byte
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			break
		}
		e := p.b[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.fail("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if v, ok := p.hex4(); ok {
						r2 = v
					} else {
						p.i = save
					}
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
				} else {
					r = utf8.RuneError
					if r2 >= 0 {
						p.i -= 6 // not a pair: read the second escape again
					}
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", p.fail("bad escape")
		}
	}
	return "", p.fail("unterminated string")
}

func (p *jsonReader) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}
