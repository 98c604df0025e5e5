// Package dictprep prepares yiyue's conversion dictionaries at build time.
// It reads OpenCC's dictionary texts and configs (from the pinned npm
// package opencc, or from gocc's copy as a fallback), merges each config's
// dictionary groups into one longest-match table per stage, and encodes
// every conversion in the form package convert opens without parsing.
package dictprep

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yiyue-a11y/yiyue/widget/convert"
)

// Conversions lists the conversions yiyue offers.
var Conversions = []string{"s2t", "s2tw", "s2twp", "s2hk", "t2s"}

// Corrections is yiyue's own correction list (simplified<TAB>traditional),
// for phrases the current OpenCC data gets wrong. It is applied with the
// same precedence as a site's phrase overrides.
//
//go:embed corrections.txt
var Corrections string

// Source is a set of OpenCC data files.
type Source struct {
	// Name says where the data came from, such as "npm opencc@1.4.2".
	Name string
	// Configs holds OpenCC config JSON by conversion name ("s2t").
	Configs map[string][]byte
	// Dicts holds dictionary texts by file name ("STPhrases.txt").
	Dicts map[string][]byte
}

// Options adjusts Prepare.
type Options struct {
	// Conversions to prepare; nil means Conversions.
	Conversions []string
	// GoccCompatible converts as github.com/liuzl/gocc does: every stage
	// of the chain sees the whole text (the config's segmentation is
	// ignored), OpenCC's normalization (which gocc lacks) is left out, and
	// no corrections apply. Tests use it to hold the engine against gocc.
	GoccCompatible bool
	// NoCorrections leaves out yiyue's correction list.
	NoCorrections bool
	// IncludeTofuRisk keeps the dictionaries OpenCC marks may_output_tofu
	// (TSCharactersExt: rare characters that common fonts lack), which
	// OpenCC, and so yiyue by default, leaves out.
	IncludeTofuRisk bool
}

// Prepare prepares every conversion of Conversions with yiyue's
// corrections, following OpenCC's configs. The result maps a conversion
// name to its prepared dictionary.
func Prepare(src Source) (map[string][]byte, error) {
	return PrepareWith(src, Options{})
}

// PrepareWith is Prepare with options.
func PrepareWith(src Source, opt Options) (map[string][]byte, error) {
	convs := opt.Conversions
	if convs == nil {
		convs = Conversions
	}
	var corr convert.Phrases
	if !opt.NoCorrections && !opt.GoccCompatible {
		p, errs := convert.ParsePhrases(Corrections)
		if len(errs) > 0 {
			return nil, fmt.Errorf("dictprep: corrections.txt: %w", errs[0])
		}
		corr = p
	}
	pr := &preparer{src: src, parsed: map[string]dict{}}
	out := map[string][]byte{}
	for _, name := range convs {
		spec, err := pr.spec(name, opt.GoccCompatible, opt.IncludeTofuRisk)
		if err != nil {
			return nil, fmt.Errorf("dictprep: %s (%s): %w", name, src.Name, err)
		}
		spec.Corrections = corr
		b, err := convert.Encode(spec)
		if err != nil {
			return nil, fmt.Errorf("dictprep: %s (%s): %w", name, src.Name, err)
		}
		out[name] = b
	}
	return out, nil
}

// dict is a longest-match table: key → candidates, the first being the
// output.
type dict map[string][]string

type preparer struct {
	src    Source
	parsed map[string]dict
}

// configDict is a dictionary node of an OpenCC config.
type configDict struct {
	Type          string       `json:"type"`
	File          string       `json:"file"`
	MatchPolicy   string       `json:"match_policy"`
	Dicts         []configDict `json:"dicts"`
	MayOutputTofu bool         `json:"may_output_tofu"`
}

type configStage struct {
	Dict configDict `json:"dict"`
}

type config struct {
	Name          string        `json:"name"`
	Normalization []configStage `json:"normalization"`
	Segmentation  *struct {
		Type string     `json:"type"`
		Dict configDict `json:"dict"`
	} `json:"segmentation"`
	ConversionChain []configStage `json:"conversion_chain"`
}

// spec turns the config of a conversion into an encodable Spec.
// includeTofu keeps dictionaries marked may_output_tofu, which OpenCC
// leaves out unless asked to.
func (pr *preparer) spec(name string, gocc, includeTofu bool) (convert.Spec, error) {
	raw, ok := pr.src.Configs[name]
	if !ok {
		return convert.Spec{}, fmt.Errorf("no config %s.json", name)
	}
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return convert.Spec{}, fmt.Errorf("config %s.json: %w", name, err)
	}
	if len(cfg.ConversionChain) == 0 {
		return convert.Spec{}, fmt.Errorf("config %s.json: empty conversion_chain", name)
	}
	spec := convert.Spec{Name: name, Reverse: strings.Contains(name, "2s"), SegmentStage: -1}
	var stages []configStage
	if !gocc {
		// gocc has no normalization; OpenCC runs it before everything.
		stages = append(stages, cfg.Normalization...)
	}
	first := len(stages)
	stages = append(stages, cfg.ConversionChain...)
	for _, st := range stages {
		d, err := pr.resolve(st.Dict, includeTofu)
		if err != nil {
			return convert.Spec{}, err
		}
		spec.Stages = append(spec.Stages, convert.Stage{Entries: entries(d)})
	}
	// OpenCC splits the text with its segmentation dictionary and converts
	// each segment separately; that only changes anything when more than
	// one stage follows.
	if !gocc && cfg.Segmentation != nil && len(stages)-first > 1 {
		if cfg.Segmentation.Type != "mmseg" {
			return convert.Spec{}, fmt.Errorf("unsupported segmentation %q", cfg.Segmentation.Type)
		}
		seg, err := pr.resolve(cfg.Segmentation.Dict, includeTofu)
		if err != nil {
			return convert.Spec{}, err
		}
		st := &spec.Stages[first]
		have := map[string]bool{}
		for i, e := range st.Entries {
			if _, ok := seg[e.Key]; ok {
				st.Entries[i].Segment = true
				have[e.Key] = true
			}
		}
		for k := range seg {
			if !have[k] {
				return convert.Spec{}, fmt.Errorf("segmentation key %q is not in the first stage", k)
			}
		}
		spec.SegmentStage = first
	}
	return spec, nil
}

func entries(d dict) []convert.Entry {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]convert.Entry, len(keys))
	for i, k := range keys {
		out[i] = convert.Entry{Key: k, Values: d[k]}
	}
	return out
}

// resolve merges a config dictionary node into one longest-match table.
func (pr *preparer) resolve(cd configDict, includeTofu bool) (dict, error) {
	if cd.MayOutputTofu && !includeTofu {
		return dict{}, nil
	}
	switch cd.Type {
	case "txt", "text", "ocd", "ocd2":
		return pr.load(cd.File)
	case "group":
		var parts []dict
		for _, sub := range cd.Dicts {
			d, err := pr.resolve(sub, includeTofu)
			if err != nil {
				return nil, err
			}
			parts = append(parts, d)
		}
		switch cd.MatchPolicy {
		case "", "short_circuit":
			return shortCircuit(parts), nil
		case "union":
			return union(parts), nil
		}
		return nil, fmt.Errorf("unsupported match_policy %q", cd.MatchPolicy)
	}
	return nil, fmt.Errorf("unsupported dictionary type %q", cd.Type)
}

// shortCircuit merges a group in which, at each position, the first
// dictionary with any match decides (the longest match within it). That
// equals one longest-match table holding a key of a later dictionary only
// when no prefix of it (itself included) is a key of an earlier one: if an
// earlier dictionary matches, every longer key of a later one has that
// match as a prefix and is left out.
func shortCircuit(parts []dict) dict {
	out := dict{}
	for _, d := range parts {
		var add []string
		for k := range d {
			blocked := false
			for i := range k {
				if i == 0 {
					continue
				}
				if _, ok := out[k[:i]]; ok {
					blocked = true
					break
				}
			}
			if _, ok := out[k]; ok {
				blocked = true
			}
			if !blocked {
				add = append(add, k)
			}
		}
		for _, k := range add {
			out[k] = d[k]
		}
	}
	return out
}

// union merges a group that takes the longest match of any of its
// dictionaries; for equal keys the first dictionary wins.
func union(parts []dict) dict {
	out := dict{}
	for _, d := range parts {
		for k, v := range d {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return out
}

// load parses a dictionary file, generating the ones OpenCC builds from
// others.
func (pr *preparer) load(file string) (dict, error) {
	name := strings.TrimSuffix(file, path.Ext(file)) + ".txt"
	if d, ok := pr.parsed[name]; ok {
		return d, nil
	}
	var d dict
	if raw, ok := pr.src.Dicts[name]; ok {
		d = parseDict(string(raw))
	} else {
		var err error
		switch name {
		case "TSCharactersExt.txt":
			d, err = pr.tofuRisk("TSCharacters.txt")
		case "STPhrases_GeneratedFromRegionalPhrases.txt":
			d, err = pr.regionalPhrases([]string{"HKPhrases.txt", "TWPhrases.txt"})
		default:
			err = fmt.Errorf("missing dictionary %s", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	pr.parsed[name] = d
	return d, nil
}

// parseDict reads OpenCC's dictionary text format the way gocc does:
// key<TAB>values, values separated by spaces, surrounding white space
// trimmed, lines without a value skipped, later lines winning. Lines
// starting with # are comments (current OpenCC files have headers).
func parseDict(text string) dict {
	d := dict{}
	text = strings.TrimPrefix(text, "\uFEFF")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		items := strings.Split(line, "\t")
		if len(items) < 2 {
			continue
		}
		var values []string
		if len(items) > 2 {
			values = items[1:]
		} else {
			values = strings.Fields(items[1])
		}
		if len(values) == 0 {
			continue
		}
		d[items[0]] = values
	}
	return d
}

const tofuRiskPrefix = "# @tofu-risk:"

// tofuRisk extracts OpenCC's TSCharactersExt: the mapping after each
// @tofu-risk annotation, without the candidate that keeps the character.
func (pr *preparer) tofuRisk(from string) (dict, error) {
	raw, ok := pr.src.Dicts[from]
	if !ok {
		return nil, fmt.Errorf("missing dictionary %s", from)
	}
	lines := strings.Split(string(raw), "\n")
	d := dict{}
	for i, line := range lines {
		if !strings.HasPrefix(line, tofuRiskPrefix) {
			continue
		}
		if i+1 >= len(lines) {
			return nil, fmt.Errorf("%s: no mapping after line %d", from, i+1)
		}
		key, vals, ok := strings.Cut(strings.TrimRight(lines[i+1], "\r"), "\t")
		if !ok || strings.HasPrefix(key, "#") {
			return nil, fmt.Errorf("%s: no mapping after line %d", from, i+1)
		}
		values := strings.Fields(vals)
		if len(values) > 0 && values[0] == key {
			values = values[1:]
		}
		if len(values) == 0 {
			return nil, fmt.Errorf("%s: no extension mapping after line %d", from, i+1)
		}
		d[key] = values
	}
	return d, nil
}

// regionalPhrases builds OpenCC's STPhrases_GeneratedFromRegionalPhrases:
// the keys of the regional phrase tables converted to Simplified (t2s with
// the tofu-risk table), mapped back to the key, so that Simplified input
// keeps those spans whole for the regional stage. Projections shorter than
// three characters are left out, as upstream does.
func (pr *preparer) regionalPhrases(inputs []string) (dict, error) {
	spec, err := pr.spec("t2s", false, true)
	if err != nil {
		return nil, err
	}
	b, err := convert.Encode(spec)
	if err != nil {
		return nil, err
	}
	t2s, err := convert.Open(b)
	if err != nil {
		return nil, err
	}
	type origin struct{ keys []string }
	found := map[string]*origin{}
	var order []string
	for _, in := range inputs {
		d, err := pr.load(in)
		if err != nil {
			return nil, err
		}
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s := t2s.Convert(k)
			if utf8.RuneCountInString(s) < 3 {
				continue
			}
			o := found[s]
			if o == nil {
				o = &origin{}
				found[s] = o
				order = append(order, s)
			}
			if len(o.keys) == 0 || o.keys[0] != k {
				o.keys = append(o.keys, k)
			}
		}
	}
	d := dict{}
	for _, s := range order {
		o := found[s]
		if len(o.keys) > 1 {
			return nil, fmt.Errorf("regional phrases %v all become %q in Simplified", o.keys, s)
		}
		d[s] = []string{o.keys[0]}
	}
	return d, nil
}
