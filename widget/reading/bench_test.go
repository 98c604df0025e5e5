package reading

import "testing"

// BenchmarkBuildReport measures the model for the seed report page
// (about 15 KB of text, 130 sentences), as the page would request it.
func BenchmarkBuildReport(b *testing.B) {
	p := reportPage(b)
	opt := Options{DefaultLang: "zh-CN", Roles: DefaultRoles("zh-CN")}
	n := 0
	for _, s := range p.segs {
		n += len(s.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		Build(p.segs, opt)
	}
}

// BenchmarkPipelineReport adds the wire formats: parse the page script's
// payload, build, encode the answer.
func BenchmarkPipelineReport(b *testing.B) {
	p := reportPage(b)
	payload := string(AppendSegments(nil, p.segs))
	opt := Options{DefaultLang: "zh-CN", Roles: DefaultRoles("zh-CN")}
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		segs, err := ParseSegments(payload)
		if err != nil {
			b.Fatal(err)
		}
		_ = Build(segs, opt).Wire()
	}
}
