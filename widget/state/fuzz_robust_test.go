package state

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// FuzzApply feeds Apply patches as a page (yiyue.set) or a stale store
// (the saved preferences) could: any names, kinds and values. A patch is
// either refused whole, naming one of its fields, or it yields a state in
// which every field is valid; a refused patch changes nothing, and an
// accepted one changes only the fields it names. The saved form of the
// result applies to the defaults and gives the result back (open aside,
// which is not saved).
func FuzzApply(f *testing.F) {
	f.Add("zoom", uint8(1), 2.0, "", false, "contrast", uint8(2), 0.0, "yellow-on-black", false)
	f.Add("zoom", uint8(1), math.NaN(), "", false, "elder", uint8(0), 0.0, "", true)
	f.Add("__proto__", uint8(2), 0.0, "x", false, "script", uint8(2), 0.0, "traditional", false)
	f.Add("rate", uint8(1), 0.49999999999999994, "", false, "volume", uint8(1), math.Inf(1), "", false)
	f.Add("open", uint8(0), 0.0, "", true, "reading", uint8(2), 0.0, "continuous", false)
	f.Add("script", uint8(255), 0.0, "", false, "", uint8(1), 1.0, "", false)
	f.Fuzz(func(t *testing.T, n1 string, k1 uint8, f1 float64, s1 string, b1 bool, n2 string, k2 uint8, f2 float64, s2 string, b2 bool) {
		patch := []Change{
			{Name: n1, Value: Value{Kind: Kind(k1 % 4), N: f1, S: s1, B: b1}},
			{Name: n2, Value: Value{Kind: Kind(k2 % 4), N: f2, S: s2, B: b2}},
		}
		if k1 == 255 {
			patch[0].Value.Kind = 255
		}
		base := Default()
		got, err := base.Apply(patch)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || (fe.Field != n1 && fe.Field != n2) || fe.Reason == "" {
				t.Fatalf("Apply(%+v): error %v names no field of the patch", patch, err)
			}
			if !strings.Contains(err.Error(), strconv.Quote(fe.Field)) {
				t.Fatalf("message %q does not quote the field %q", err, fe.Field)
			}
			if got != base {
				t.Fatalf("a refused patch changed the state")
			}
			return
		}
		for i, fl := range Fields {
			v := got.At(i)
			if v.Kind != fl.Kind {
				t.Fatalf("%s has kind %v", fl.Name, v.Kind)
			}
			switch fl.Kind {
			case Number:
				if !(v.N >= fl.Min && v.N <= fl.Max) {
					t.Fatalf("%s = %v, outside %v..%v", fl.Name, v.N, fl.Min, fl.Max)
				}
			case Enum:
				ok := false
				for _, e := range fl.Enum {
					ok = ok || e == v.S
				}
				if !ok {
					t.Fatalf("%s = %q, not a choice", fl.Name, v.S)
				}
			}
		}
		for _, name := range Diff(base, got) {
			if name != n1 && name != n2 {
				t.Fatalf("patch of %q and %q changed %q", n1, n2, name)
			}
		}
		again, err := Default().Apply(got.Saved())
		if err != nil {
			t.Fatalf("the saved form of a valid state is refused: %v", err)
		}
		if d := Diff(again, got); len(d) > 1 || len(d) == 1 && d[0] != "open" {
			t.Fatalf("saved and applied again differs in %v", d)
		}
	})
}
