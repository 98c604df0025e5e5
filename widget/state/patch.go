package state

import (
	"errors"
	"strconv"
	"strings"
)

// Other is the kind of a JavaScript value that no field takes: an object,
// null, undefined, a BigInt or a symbol.
const Other Kind = 255

// errPatch is a patch string that the runtime cannot have written.
var errPatch = errors.New("yiyue: set(): unreadable patch")

// DecodePatch reads a patch as the runtime writes it (rt.patch, in
// widget/web/runtime/start.js), so that it crosses from JavaScript in one
// string rather than in several calls per field. Fields are joined by
// "&"; each is its name, "=", a kind letter and the value: b with 1 or 0,
// n with a number as JavaScript's String writes it, s with a string, or x
// alone for a value of a type no field takes. Names and strings are
// percent-encoded as encodeURIComponent does.
func DecodePatch(s string) ([]Change, error) {
	if s == "" {
		return nil, nil
	}
	fields := strings.Split(s, "&")
	out := make([]Change, len(fields))
	for i, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		name, err := unescape(k)
		if !ok || err != nil || v == "" {
			return nil, errPatch
		}
		out[i].Name = name
		switch kind, val := v[0], v[1:]; kind {
		case 'b':
			if val != "0" && val != "1" {
				return nil, errPatch
			}
			out[i].Value = Value{Kind: Bool, B: val == "1"}
		case 'n':
			n, err := strconv.ParseFloat(val, 64)
			// ParseFloat refuses only out-of-range numbers of those
			// JavaScript writes; they are ±Infinity there too.
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				return nil, errPatch
			}
			out[i].Value = Value{Kind: Number, N: n}
		case 's':
			str, err := unescape(val)
			if err != nil {
				return nil, errPatch
			}
			out[i].Value = Value{Kind: Enum, S: str}
		case 'x':
			out[i].Value = Value{Kind: Other}
		default:
			return nil, errPatch
		}
	}
	return out, nil
}

// unescape undoes encodeURIComponent: %XX is a byte, anything else
// stands for itself.
func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", errPatch
		}
		h, ok1 := unhex(s[i+1])
		l, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", errPatch
		}
		b = append(b, h<<4|l)
		i += 2
	}
	return string(b), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
