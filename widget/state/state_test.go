package state

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func number(n float64) Value { return Value{Kind: Number, N: n} }
func str(s string) Value     { return Value{Kind: Enum, S: s} }
func boolean(b bool) Value   { return Value{Kind: Bool, B: b} }

func TestApply(t *testing.T) {
	for _, c := range []struct {
		name    string
		patch   []Change
		errName string // the field the error must name; "" for success
	}{
		{"zoom", []Change{{"zoom", number(2)}}, ""},
		{"zoom too big", []Change{{"zoom", number(3.5)}}, "zoom"},
		{"zoom NaN", []Change{{"zoom", number(math.NaN())}}, "zoom"},
		{"zoom as string", []Change{{"zoom", str("2")}}, "zoom"},
		{"unknown", []Change{{"nonsense", number(1)}}, "nonsense"},
		{"contrast", []Change{{"contrast", str("yellow-on-blue")}}, ""},
		{"contrast bad", []Change{{"contrast", str("pink")}}, "contrast"},
		{"elder", []Change{{"elder", boolean(true)}}, ""},
		{"elder as number", []Change{{"elder", number(1)}}, "elder"},
		{"rate low", []Change{{"rate", number(0.4)}}, "rate"},
		{"good then bad", []Change{{"zoom", number(2)}, {"bogus", boolean(true)}}, "bogus"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Default()
			got, err := s.Apply(c.patch)
			if c.errName == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if len(Diff(s, got)) == 0 {
					t.Error("patch changed nothing")
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.errName || !strings.Contains(err.Error(), c.errName) {
				t.Fatalf("error %v does not name %q", err, c.errName)
			}
			if got != s {
				t.Error("a rejected patch changed the state")
			}
		})
	}
}

func TestDefaultsAndSaved(t *testing.T) {
	d := Default()
	if d.Str("script") != "original" || d.Num("zoom") != 1 || d.Str("contrast") != "off" || d.Bool("open") {
		t.Fatalf("unexpected defaults")
	}
	if len(d.Saved()) != 0 {
		t.Errorf("defaults should save nothing, got %v", d.Saved())
	}
	s, _ := d.Apply([]Change{{"open", boolean(true)}, {"zoom", number(2)}})
	saved := s.Saved()
	if len(saved) != 1 || saved[0].Name != "zoom" {
		t.Errorf("Saved() = %v, want only zoom (open is not persisted)", saved)
	}
}

func TestFieldsFitState(t *testing.T) {
	var s State
	if len(Fields) > len(s.v) {
		t.Fatalf("%d fields but State holds %d", len(Fields), len(s.v))
	}
	seen := map[string]bool{}
	for _, f := range Fields {
		if seen[f.Name] {
			t.Errorf("field %q twice", f.Name)
		}
		seen[f.Name] = true
	}
}

// TestJSON holds State.JSON to encoding/json: every field, with its value,
// whatever the values.
func TestJSON(t *testing.T) {
	for _, c := range []struct {
		name  string
		patch []Change
	}{
		{"default", nil},
		{"everything set", []Change{{"open", boolean(true)}, {"script", str("traditional")}, {"variant", str("twp")}, {"zoom", number(1.75)}, {"contrast", str("yellow-on-blue")}, {"elder", boolean(true)}, {"rate", number(0.5)}, {"volume", number(0)}, {"reading", str("point")}}},
		{"awkward numbers", []Change{{"zoom", number(1.1000000000000001)}, {"rate", number(1.9999999999999998)}, {"volume", number(5e-324)}}},
	} {
		s, err := Default().Apply(c.patch)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(s.JSON()), &got); err != nil {
			t.Fatalf("%s: JSON() = %s: %v", c.name, s.JSON(), err)
		}
		if len(got) != len(Fields) {
			t.Errorf("%s: JSON() has %d fields, want %d", c.name, len(got), len(Fields))
		}
		for i, f := range Fields {
			var want any
			switch v := s.At(i); f.Kind {
			case Bool:
				want = v.B
			case Number:
				want = v.N
			default:
				want = v.S
			}
			if got[f.Name] != want {
				t.Errorf("%s: %s = %v, want %v", c.name, f.Name, got[f.Name], want)
			}
		}
	}
}

func TestTextZoom(t *testing.T) {
	for _, c := range []struct {
		zoom  float64
		elder bool
		want  float64
	}{{1, false, 1}, {2, false, 2}, {1, true, ElderZoom}, {1.25, true, ElderZoom}, {1.75, true, 1.75}, {3, true, 3}} {
		s, err := Default().Apply([]Change{{Name: "zoom", Value: Value{Kind: Number, N: c.zoom}}, {Name: "elder", Value: Value{Kind: Bool, B: c.elder}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.TextZoom(); got != c.want {
			t.Errorf("zoom %v, elder %v: TextZoom = %v, want %v", c.zoom, c.elder, got, c.want)
		}
	}
}
