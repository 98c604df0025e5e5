// Package reading is yiyue's read-aloud model: it turns the readable content
// of a page, handed over by the page glue as one flat list of segments, into
// short sentences in reading order, each with the text to speak, its language
// and the DOM ranges it came from (for the highlight).
//
// It is plain Go with no dependencies beyond strings, strconv, errors and
// unicode/utf8, so that it costs little inside the WebAssembly build, and it
// is tested natively.
//
// # Flow
//
//  1. The page script collects candidate content roots and passes them in the
//     candidate wire format (see [ParseCandidates]); [ChooseMain] returns the
//     index of the root to read.
//  2. The page script walks that root (or document.body, see "Skipped regions")
//     with a TreeWalker and passes the segments in the input wire format (see
//     [ParseSegments]).
//  3. [Build] returns a [Model]; [Model.Wire] encodes it in the output wire
//     format for the page script, and [Model.At] finds the sentence to start
//     playing at for a caret, focus or click position.
//  4. For point-to-read, [Utterance] turns one element's role and name into
//     the text to speak, and [Split] cuts a long text into sentences.
//
// # Node indexes and offsets
//
// The page script numbers the DOM nodes it reports 0, 1, 2, … in document
// order (the order a TreeWalker visits them) and keeps an array from index to
// node. Indexes must increase in document order: [Model.At] relies on it. All
// offsets in output ranges are UTF-16 code units into the text node's data,
// exactly what Range.setStart and Range.setEnd take.
//
// # Input wire format (page script → Go)
//
// One JavaScript string. Records are separated by U+001E (RS); an empty
// record (for example after a trailing RS) is ignored, and the empty string is
// zero segments. Each record has exactly four fields separated by U+001F (US):
//
//	kind US node US lang US text
//
// The page script must delete every U+001E and U+001F from text and lang
// (text.replace(/[\x1e\x1f]/g, "")); they never occur in rendered text.
//
//   - node: the node index, decimal ASCII digits, 0 to 999999999.
//   - lang: the BCP-47 tag of the nearest lang attribute (element.closest("[lang]")),
//     or empty when there is none; empty is read as Options.DefaultLang.
//   - text: depends on kind, see below. Raw DOM text: the page script must not
//     trim or collapse it, or offsets would no longer match the DOM.
//   - kind: one ASCII letter, for some kinds followed by an argument, from
//     the table below.
//
// Kinds:
//
//	t       text node; node = the Text node, text = its data, unmodified.
//	i       image; node = the <img> (or role=img) element, text = its alt
//	        text. An empty alt marks a decorative image: it is not read.
//	a       link start; node = the <a> element, text = its aria-label or
//	        empty. With a label the link is read as the label and the
//	        segments up to the matching "A" are not read.
//	A       link end; node = the <a> element, text empty.
//	h1..h6  heading start with its level (a bare "h" is allowed);
//	        node = the heading element, text empty.
//	H       heading end; node = the heading element, text empty.
//	b       block boundary: the start or end of a p, li, div, td, tr,
//	        section, blockquote, pre, dt, dd, figcaption… element, or a <br>.
//	        node = that element, text empty. Always ends a sentence. Sending
//	        one at both the start and the end of each block is right;
//	        repeated boundaries cost nothing.
//	d       start of a table data cell; node = the <td>, text = the text of
//	        its headers (its column's header cell, or those its headers
//	        attribute names), or empty. Ends a sentence, like b; its
//	        content is read after the headers and Roles.Sep ("单位：亿元").
//	D       end of such a cell; node = the <td>, text empty.
//	cROLE   form control or other widget, ROLE being its ARIA role
//	        ("cbutton", "ctextbox", "ccheckbox", "cradio", "ccombobox"…);
//	        node = the element, text = its accessible name (label text,
//	        aria-label, value of a button input, placeholder as a last resort).
//	        The page script does not walk into it.
//	s       start of a region skipped unless reading starts inside it
//	        (nav, header and footer not inside article/section/main,
//	        role=navigation|banner|contentinfo|complementary, aside, and
//	        menus built without nav: three or more short links and
//	        nothing else but separators);
//	        node = the region element, text empty.
//	S       end of such a region; node = the region element, text empty.
//
// Elements that are not rendered (display:none, visibility:hidden, hidden,
// aria-hidden=true, script, style, noscript, template) are not reported.
//
// Example, for <h2>通知</h2><p>请访问<a href="/">政务公开</a>。<img alt="国徽"></p>:
//
//	"h2␟0␟zh-CN␟␞t␟1␟zh-CN␟通知␞H␟0␟zh-CN␟␞b␟2␟zh-CN␟␞t␟3␟zh-CN␟请访问␞" +
//	"a␟4␟zh-CN␟␞t␟5␟zh-CN␟政务公开␞A␟4␟zh-CN␟␞t␟6␟zh-CN␟。␞i␟7␟zh-CN␟国徽␞b␟2␟zh-CN␟"
//
// where ␞ is U+001E and ␟ is U+001F.
//
// # Output wire format (Go → page script)
//
// One JavaScript string. Sentences, in reading order, are separated by
// U+001E (RS); the empty string means no sentences (a sentence is never
// empty). Each sentence has exactly three fields separated by U+001F (US):
//
//	lang US text US ranges
//
// where:
//
//   - lang: BCP-47 tag to speak the sentence in (the language of most of its
//     characters), never empty when Options.DefaultLang is set.
//   - text: the text to speak, whitespace collapsed, never containing
//     U+001E or U+001F.
//   - ranges: decimal integers separated by ",", in groups of three:
//     node,start,end. For a text node, start and end are UTF-16 offsets
//     (start < end). For an element (image, form control, labelled link),
//     start = end = -1 and the whole element is meant (Range.selectNode).
//     Ranges are in document order; the field is empty when the sentence
//     was made only of inserted announcement words.
//
// Decoding it in JavaScript:
//
//	const sentences = out === "" ? [] : out.split("\x1e").map(rec => {
//	  const [lang, text, r] = rec.split("\x1f");
//	  const n = r === "" ? [] : r.split(",").map(Number);
//	  const ranges = [];
//	  for (let i = 0; i < n.length; i += 3) {
//	    const node = nodes[n[i]], range = new Range();
//	    if (n[i + 1] < 0) range.selectNode(node);
//	    else { range.setStart(node, n[i + 1]); range.setEnd(node, n[i + 2]); }
//	    ranges.push(range);
//	  }
//	  return { lang, text, ranges };
//	});
//
// # Skipped regions
//
// When reading starts from the top, the page script walks the root chosen by
// [ChooseMain]. When it starts from a point outside that root (the user
// clicked or focused something in the header), the page script walks
// document.body instead, marking skipped regions with "s"/"S", and sets
// Options.Start to the node index of the first reported node at or after that
// point: [Build] then reads the outermost skipped region containing that node
// and skips the others.
package reading
