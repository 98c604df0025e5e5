package convert

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// warmSpec is what warmData encodes: two stages with a segmentation
// stage and a correction, so that WarmUp takes Open and Convert through
// the code of every conversion yiyue ships (s2t has one stage; s2tw, s2twp
// and s2hk have segmentation and more stages; all have corrections).
func warmSpec(t *testing.T) Spec {
	corr, errs := ParsePhrases("统一出件\t統一出件\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return Spec{
		Name:         "warm",
		SegmentStage: 0,
		Stages: []Stage{
			{Entries: []Entry{
				{Key: "汉字", Values: []string{"漢字"}, Segment: true},
				{Key: "头发", Values: []string{"頭髮"}, Segment: true},
				{Key: "汉", Values: []string{"漢"}},
				{Key: "发", Values: []string{"發", "髮"}},
				{Key: "头", Values: []string{"頭"}},
				{Key: "现", Values: []string{"現"}},
				{Key: "里", Values: []string{"裏", "里"}},
			}},
			{Entries: []Entry{
				{Key: "裏", Values: []string{"裡"}},
				{Key: "發現", Values: []string{"發現"}},
			}},
		},
		Corrections: corr,
	}
}

// TestWarmData holds warmData to Encode(warmSpec): after a change of the
// prepared form, it fails with the new warmLen and warmRuns to paste into
// warm.go.
func TestWarmData(t *testing.T) {
	want, err := Encode(warmSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(warmData(), want) {
		return
	}
	// Runs of bytes that are not zero, joined across gaps of up to 8 zeros.
	var b strings.Builder
	fmt.Fprintf(&b, "const warmLen = %d\n\nvar warmRuns = []struct {\n\tat int\n\tb  string\n}{\n", len(want))
	for i := 0; i < len(want); {
		if want[i] == 0 {
			i++
			continue
		}
		j, zeros := i, 0
		for ; j < len(want) && zeros <= 8; j++ {
			if want[j] == 0 {
				zeros++
			} else {
				zeros = 0
			}
		}
		end := j - zeros
		fmt.Fprintf(&b, "\t{%d, %+q},\n", i, want[i:end])
		i = end
	}
	b.WriteString("}")
	t.Errorf("warmData() is not Encode(warmSpec); warm.go should have:\n%s", b.String())
}

// TestWarmUp: the built-in conversion opens and converts its text through
// both stages, the segmentation and the correction.
func TestWarmUp(t *testing.T) {
	c, err := Open(warmData())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Convert(warmText), "漢字頭髮發現，統一出件裡 ABC 123。"; got != want {
		t.Errorf("Convert(%q) = %q, want %q", warmText, got, want)
	}
	WarmUp()
}
