// Package dist builds yiyue's dist/ folder: the WASM, the loader, the
// runtime script and stylesheets, minified, content-hashed (all but the
// loader), precompressed as .gz and .br, and described in manifest.json.
package dist

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"github.com/yiyue-a11y/yiyue/widget/assets"
	"github.com/yiyue-a11y/yiyue/widget/i18n"
	"github.com/yiyue-a11y/yiyue/widget/state"
)

// Loader is the name of the one file that is not content-hashed: the
// script tag site owners paste.
const Loader = "yiyue.js"

// Options says where the sources are and where dist goes.
type Options struct {
	Root  string // the repository root
	Out   string // the dist folder
	Cache string // a folder for slow, content-addressed work (compression)
	// Dicts returns the prepared conversion dictionaries by conversion name
	// (s2t, t2s, …); nil builds without them.
	Dicts func() (map[string][]byte, error)
	Log   io.Writer
}

// File is one entry of the manifest.
type File struct {
	Logical   string `json:"logical"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Raw       int    `json:"raw"`
	Gzip      int    `json:"gzip"`
	Brotli    int    `json:"br"`
	Integrity string `json:"integrity"`
	// PreUse marks what a visitor downloads before using the widget.
	PreUse bool `json:"preUse,omitempty"`
}

// Manifest describes a built dist folder.
type Manifest struct {
	Loader string `json:"loader"`
	// Integrity is the loader's SRI, for the script tag.
	Integrity string `json:"integrity"`
	Files     []File `json:"files"`
}

// Lookup returns the manifest entry with the given logical name.
func (m *Manifest) Lookup(logical string) (File, bool) {
	for _, f := range m.Files {
		if f.Logical == logical {
			return f, true
		}
	}
	return File{}, false
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("dist: %w (run `go run ./build` first)", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("dist: manifest.json: %w", err)
	}
	return &m, nil
}

type builder struct {
	Options
	min   *minify.M
	files []File
	out   map[string][]byte
}

// Build builds dist and returns its manifest.
func Build(o Options) (*Manifest, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	b := &builder{Options: o, min: minify.New(), out: map[string][]byte{}}
	b.min.AddFunc("text/css", css.Minify)
	b.min.AddFunc("text/javascript", js.Minify)
	web := filepath.Join(o.Root, "widget", "web")

	wasm, err := b.compileWASM()
	if err != nil {
		return nil, err
	}
	b.add("yiyue.wasm", wasm, false)

	sheets, err := filepath.Glob(filepath.Join(web, "*.css"))
	if err != nil {
		return nil, err
	}
	for _, p := range sheets {
		m, err := b.minifyCSS(p)
		if err != nil {
			return nil, err
		}
		name := filepath.Base(p)
		b.add(name, m, name == "launcher.css")
	}
	page, err := b.pageCSS(filepath.Join(web, "page"))
	if err != nil {
		return nil, err
	}
	b.add("page.css", page, false)

	if o.Dicts != nil {
		dicts, err := o.Dicts()
		if err != nil {
			return nil, fmt.Errorf("dist: dictionaries: %w", err)
		}
		names := make([]string, 0, len(dicts))
		for n := range dicts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			b.add(n+".dict", dicts[n], false)
		}
	}

	runtimeJS, err := b.runtimeScript(web)
	if err != nil {
		return nil, err
	}
	b.add("runtime.js", runtimeJS, false)
	b.share(append(loaderLoads, "runtime.js")...)
	runtimeName := b.name("runtime.js")

	// The loader's SRI for the runtime covers the bytes served (add may
	// have marked them).
	loader, err := b.loader(web, b.out[runtimeName], runtimeName)
	if err != nil {
		return nil, err
	}
	b.add(Loader, loader, true)

	return b.write()
}

// minifyCSS reads the stylesheet at path p and minifies it.
func (b *builder) minifyCSS(p string) ([]byte, error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	m, err := b.min.Bytes("text/css", src)
	if err != nil {
		return nil, fmt.Errorf("dist: minify %s: %w", filepath.Base(p), err)
	}
	return m, nil
}

func (b *builder) compileWASM() ([]byte, error) {
	tmp, err := os.MkdirTemp("", "yiyue-wasm")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "yiyue.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = b.Root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dist: compile wasm: %w", err)
	}
	return os.ReadFile(out)
}

// runtimeScript joins Go's wasm_exec.js, which must match the compiler, with
// the runtime helpers in widget/web/runtime and their stylesheets, and
// minifies the lot.
func (b *builder) runtimeScript(web string) ([]byte, error) {
	goroot := runtime.GOROOT()
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		goroot = strings.TrimSpace(string(out))
	}
	glue, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("dist: Go's wasm_exec.js: %w", err)
	}
	files, sri := map[string]string{}, map[string]string{}
	// Only what the runtime loads: the loader names the files it loads
	// itself, which share the runtime's hash (share).
	for _, f := range b.files {
		if !slices.Contains(loaderLoads, f.Logical) {
			files[f.Logical] = f.Name
			sri[f.Logical] = f.Integrity
		}
	}
	// What the launcher says while Go starts, by UI language (start.js).
	loading := map[string]string{}
	for _, l := range i18n.Langs {
		loading[l.Tag()] = i18n.T(l, i18n.Loading)
	}
	// The runtime's own sheets (widget/web/runtime/*.css), by name without
	// .css: the aids adopt them as constructed sheets, which apply in the
	// frame that turns an aid on and need no 'unsafe-inline'.
	sheets, err := filepath.Glob(filepath.Join(web, "runtime", "*.css"))
	if err != nil {
		return nil, err
	}
	css := map[string]string{}
	for _, p := range sheets {
		m, err := b.minifyCSS(p)
		if err != nil {
			return nil, err
		}
		css[strings.TrimSuffix(filepath.Base(p), ".css")] = string(m)
	}
	var src bytes.Buffer
	// The toolbar's zoom steps, which glyphs.js readies in advance.
	fmt.Fprintf(&src, "(()=>{\"use strict\";const b=window.yiyue._b,rt=b.rt={files:%s,sri:%s,loading:%s,steps:%s,css:%s};rt.asset=n=>b.base+rt.files[n];\n", mustJSON(files), mustJSON(sri), mustJSON(loading), mustJSON(state.ZoomSteps), mustJSON(css))
	// Go's glue defines globals (Go, fs, process, path) as it runs. The
	// loader may load this script for the text zoom's second pass alone,
	// without starting Go: the glue runs only when Go starts (b.go). The
	// glue writes Go's output through a bare fs, which a page's own (a
	// global, an element's id) would answer: a local fs, set to the glue's
	// own once it ran, comes first.
	src.WriteString("rt.glue=()=>{let fs;\n")
	src.Write(glue)
	src.WriteString("\nfs=globalThis.fs};\n")
	parts, err := filepath.Glob(filepath.Join(web, "runtime", "*.js"))
	if err != nil {
		return nil, err
	}
	// start.js first: the others use what it defines as they run.
	sort.SliceStable(parts, func(i, j int) bool { return filepath.Base(parts[i]) == "start.js" })
	for _, p := range parts {
		part, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		src.Write(part)
		src.WriteString("\n")
	}
	src.WriteString("})()\n")
	m, err := b.min.Bytes("text/javascript", src.Bytes())
	if err != nil {
		return nil, fmt.Errorf("dist: minify runtime: %w", err)
	}
	return m, nil
}

// loader builds yiyue.js: the constants derived from the Go core, the
// inlined page and launcher stylesheets, then view.js and boot.js, in one
// IIFE.
func (b *builder) loader(web string, runtimeJS []byte, runtimeName string) ([]byte, error) {
	var src bytes.Buffer
	// A page that carries the script tag twice (a CMS template and a
	// footer include, say) gets one widget: the second copy stops here.
	// (Not window.yiyue alone: a page element with the id yiyue is that
	// too.)
	// Sloppy mode: "use strict" costs 17 bytes of its 3 KB, and the code
	// is tested as it ships.
	src.WriteString("(()=>{if(window.yiyue?._b)return;\n")
	src.WriteString("let PAGE_CSS=\"\";\n")
	fmt.Fprintf(&src, "const SPEC=%s;\n", mustJSON(Spec()))
	// The load failure's text begins with the launcher's name (无障碍 ->
	// 无障碍工具加载失败): the loader has the rest only.
	l10n := map[string][2]string{}
	for _, l := range i18n.Langs {
		name, failed := i18n.T(l, i18n.Launcher), i18n.T(l, i18n.LoadFailed)
		rest, ok := strings.CutPrefix(failed, name)
		if !ok {
			return nil, fmt.Errorf("dist: loader: %s: the load failure %q does not begin with the launcher's name %q", l.Tag(), failed, name)
		}
		l10n[l.Tag()] = [2]string{name, rest}
	}
	fmt.Fprintf(&src, "const L10N=%s;\n", mustJSON(l10n))
	// The runtime's SRI is SHA-256, the shortest that browsers accept: the
	// loader pays for every byte of it. The keys are a letter each (p: the
	// page stylesheet, l: the launcher's, r: the runtime, i: its SRI): the
	// minifier leaves keys as they are, and whole words cost the loader
	// 14 B brotli.
	sum := sha256.Sum256(runtimeJS)
	assets := map[string]any{
		"r": runtimeName, "i": "sha256-" + base64.StdEncoding.EncodeToString(sum[:]),
		"p": b.name("page.css"), "l": b.name("launcher.css"),
	}
	fmt.Fprintf(&src, "const ASSETS=%s;\n", mustJSON(assets))
	for _, part := range []string{"view.js", "boot.js"} {
		p, err := os.ReadFile(filepath.Join(web, "loader", part))
		if err != nil {
			return nil, fmt.Errorf("dist: loader: %w", err)
		}
		src.Write(p)
		src.WriteString("\n")
	}
	src.WriteString("})()\n")
	m, err := b.min.Bytes("text/javascript", src.Bytes())
	if err != nil {
		return nil, fmt.Errorf("dist: minify loader: %w", err)
	}
	return m, nil
}

// Spec is the State contract as the loader needs it before the WASM runs:
// field -> false for a boolean, [default, min, max] for a number, or the
// choices with the default first. (The shortest form: the loader pays for
// every byte.)
func Spec() map[string]any {
	out := map[string]any{}
	d := state.Default()
	for _, f := range state.Fields {
		v := d.Get(f.Name)
		switch f.Kind {
		case state.Bool:
			out[f.Name] = v.B
		case state.Number:
			out[f.Name] = []any{v.N, f.Min, f.Max}
		default:
			choices := []string{v.S}
			for _, c := range f.Enum {
				if c != v.S {
					choices = append(choices, c)
				}
			}
			out[f.Name] = choices
		}
	}
	return out
}

// name returns the hashed name of a logical file.
func (b *builder) name(logical string) string {
	for _, f := range b.files {
		if f.Logical == logical {
			return f.Name
		}
	}
	return ""
}

// loaderLoads are the files the loader fetches itself, by the names it
// carries.
var loaderLoads = []string{"launcher.css", "page.css"}

// share names the files of logical names ls with one hash, of all their
// contents: the loader carries their names, and one hash three times
// costs it fewer bytes than three hashes (its budget is 3 KB brotli).
func (b *builder) share(ls ...string) {
	h := sha256.New()
	var shared []*File
	for _, l := range ls {
		for i := range b.files {
			if f := &b.files[i]; f.Logical == l {
				h.Write(b.out[f.Name])
				shared = append(shared, f)
			}
		}
	}
	sum := h.Sum(nil)
	for _, f := range shared {
		ext := filepath.Ext(f.Logical)
		name := strings.TrimSuffix(f.Logical, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		b.out[name] = b.out[f.Name]
		delete(b.out, f.Name)
		f.Name = name
	}
}

// add records a file; all but the loader get a content-hashed name.
func (b *builder) add(logical string, data []byte, preUse bool) string {
	data = markUTF8(logical, data)
	name := logical
	if logical != Loader {
		sum := sha256.Sum256(data)
		ext := filepath.Ext(logical)
		name = strings.TrimSuffix(logical, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	}
	sri := sha512.Sum384(data)
	b.files = append(b.files, File{
		Logical: logical, Name: name, Type: assets.ContentType(name), Raw: len(data),
		Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]), PreUse: preUse,
	})
	b.out[name] = data
	return name
}

// markUTF8 puts a UTF-8 byte order mark before a script or stylesheet
// that holds text other than ASCII (the launcher's name, the toolbar's
// icon glyphs). A browser decodes a script or stylesheet served without a
// charset in the page's encoding, GBK on many portals, which would garble
// that text; the mark outweighs both.
func markUTF8(name string, data []byte) []byte {
	ext := filepath.Ext(name)
	if ext != ".js" && ext != ".css" || bytes.HasPrefix(data, utf8BOM) {
		return data
	}
	for _, c := range data {
		if c >= 0x80 {
			return append(append([]byte(nil), utf8BOM...), data...)
		}
	}
	return data
}

var utf8BOM = []byte("\xef\xbb\xbf")

// write replaces the dist folder with the built files and their
// compressed variants.
func (b *builder) write() (*Manifest, error) {
	tmp := b.Out + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, err
	}
	m := &Manifest{Loader: Loader}
	for i := range b.files {
		f := &b.files[i]
		data := b.out[f.Name]
		gz, br, err := compress(b.Cache, data)
		if err != nil {
			return nil, fmt.Errorf("dist: compress %s: %w", f.Name, err)
		}
		f.Gzip, f.Brotli = len(gz), len(br)
		for suffix, d := range map[string][]byte{"": data, ".gz": gz, ".br": br} {
			if err := os.WriteFile(filepath.Join(tmp, f.Name+suffix), d, 0o644); err != nil {
				return nil, err
			}
		}
		if f.Logical == Loader {
			m.Integrity = f.Integrity
		}
	}
	m.Files = b.files
	j, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), append(j, '\n'), 0o644); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(b.Out); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, b.Out); err != nil {
		return nil, err
	}
	return m, nil
}

// PrintTable writes the size table: raw, gzip and brotli per file, and the
// total a visitor downloads before using the widget.
func PrintTable(w io.Writer, m *Manifest) {
	fmt.Fprintf(w, "%-34s %10s %10s %10s\n", "file", "raw", "gzip", "brotli")
	pre := 0
	for _, f := range m.Files {
		fmt.Fprintf(w, "%-34s %10d %10d %10d\n", f.Name, f.Raw, f.Gzip, f.Brotli)
		if f.PreUse {
			pre += f.Brotli
		}
	}
	fmt.Fprintf(w, "%-34s %10s %10s %10d\n", "before use (HTML aside)", "", "", pre)
}

func mustJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSpace(buf.String())
}

// PageParts are the parts of the page stylesheet, widget/web/page/*.css,
// in the order that view.js expects them: one constructed stylesheet per
// aid, adopted only while the aid is on, because every rule present costs
// the style recalculation of every element on each toggle, even a rule
// that matches nothing (about 15 ms on a 10,000-element page).
var PageParts = []string{"zoom", "spacing", "links", "cursor", "contrast"}

// pageCSS minifies the parts and writes them one to a line: minified CSS
// has no line breaks of its own (a string cannot hold one).
func (b *builder) pageCSS(dir string) ([]byte, error) {
	var out []byte
	for i, part := range PageParts {
		src, err := os.ReadFile(filepath.Join(dir, part+".css"))
		if err != nil {
			return nil, fmt.Errorf("dist: page stylesheet: %w", err)
		}
		m, err := b.min.Bytes("text/css", src)
		if err != nil {
			return nil, fmt.Errorf("dist: minify page/%s.css: %w", part, err)
		}
		if bytes.ContainsAny(m, "\r\n") {
			return nil, fmt.Errorf("dist: page/%s.css minified holds a line break", part)
		}
		if i > 0 {
			out = append(out, '\n')
		}
		out = append(out, m...)
	}
	return out, nil
}
