package reading

import (
	"strings"
	"testing"
)

// fuzzPage turns fuzz text into segments: the bytes 0x01–0x07 (which the
// package drops from text anyway) start a new text node, a block, a link, a
// link end, an image whose alt text follows, a labelled link whose label
// follows, and a skipped region (0x07 toggles it).
func fuzzPage(data string) []Segment {
	p := &page{lang: "zh-CN"}
	cur := p.text("")
	inSkip := -1
	var text []byte
	for i := 0; i <= len(data); i++ {
		if i < len(data) && (data[i] > 7 || data[i] == 0) {
			text = append(text, data[i])
			continue
		}
		p.segs[cur].Text = string(text)
		text = text[:0]
		if i == len(data) {
			break
		}
		switch data[i] {
		case 1:
			cur = p.text("")
		case 2:
			p.block()
			cur = p.text("")
		case 3:
			p.add(LinkStart, "")
			cur = p.text("")
		case 4:
			p.add(LinkEnd, "")
			cur = p.text("")
		case 5:
			cur = p.img("")
		case 6:
			cur = p.add(LinkStart, "")
		case 7:
			if inSkip < 0 {
				inSkip = p.add(SkipStart, "")
			} else {
				p.segs = append(p.segs, Segment{Kind: SkipEnd, Node: inSkip})
				inSkip = -1
			}
			cur = p.text("")
		}
	}
	return p.segs
}

func FuzzSplit(f *testing.F) {
	f.Add("今天天气很好。我们去公园吧！", uint8(0))
	f.Fuzz(func(t *testing.T, data string, maxLen uint8) {
		n := int(maxLen % 160)
		for _, s := range Split(data, n) {
			lim := 2 * n
			if n == 0 {
				lim = 2 * DefaultMaxLen
			}
			if s == "" || weight(s) > lim {
				t.Fatalf("sentence %q: empty or over %d half units", s, lim)
			}
		}
		segs := fuzzPage(data)
		opt := Options{MaxLen: n}
		if len(segs) > 1 {
			opt.Start, opt.HasStart = segs[len(segs)/2].Node, true
		}
		checkModel(t, segs, opt, Build(segs, opt))
	})
}

func FuzzParseWire(f *testing.F) {
	f.Add(docPayload)
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := ParseCandidates(s); err == nil {
			if i := ChooseMain(c); i < -1 || i >= len(c) {
				t.Fatalf("ChooseMain = %d of %d", i, len(c))
			}
		}
		segs, err := ParseSegments(s)
		if err != nil {
			return
		}
		again, err := ParseSegments(string(AppendSegments(nil, segs)))
		if err != nil || len(again) != len(segs) {
			t.Fatalf("re-encoded segments: %v", err)
		}
		for i := range segs {
			if again[i] != segs[i] {
				t.Fatalf("segment %d: %+v became %+v", i, segs[i], again[i])
			}
		}
		opt := Options{MaxLen: 20}
		if len(segs) > 0 {
			opt.Start, opt.HasStart = segs[len(segs)-1].Node, true
		}
		// checkModel wants each node once, and nothing said that is not
		// in a node: a cell's headers are said before it (单位：亿元),
		// from no node of its own.
		unique := map[int]bool{}
		for _, sg := range segs {
			switch sg.Kind {
			case Text, Image, Control, LinkStart:
				if unique[sg.Node] {
					unique = nil
				}
			case CellStart:
				if speakable(sg.Text) {
					unique = nil
				}
			}
			if unique == nil {
				break
			}
			unique[sg.Node] = true
		}
		if unique != nil {
			checkModel(t, segs, opt, Build(segs, opt))
		}
		opt.Roles, opt.AnnounceLinks, opt.AnnounceHeadings, opt.AnnounceImages = DefaultRoles("en"), true, true, true
		m := Build(segs, opt)
		back, err := ParseModel(m.Wire())
		if err != nil || !sameModel(m, back) {
			t.Fatalf("output wire round trip: %v", err)
		}
		for _, sg := range segs {
			if i := m.At(sg.Node, 1); i < -1 || i >= len(m.Sentences) {
				t.Fatalf("At = %d", i)
			}
		}
		for _, st := range m.Sentences {
			if strings.TrimSpace(st.Text) == "" {
				t.Fatalf("empty sentence")
			}
		}
	})
}
