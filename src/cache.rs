//! A note in the shape of Obsidian's `CachedMetadata` (`app.metadataCache.getFileCache`):
//! the fields a linter knows, with Obsidian's positions (0-based line and column, column and
//! offset in UTF-16 code units, offsets counted without a BOM). Fields Obsidian would leave
//! out (no links, no frontmatter) are left out.

use crate::note::{Link, LinkKind, Note, Span};
use crate::report::json::{indented, write_num, write_str};
use serde_json::{Map, Value, json};

/// Converts byte offsets of one text to Obsidian's `Loc`.
pub struct Utf16Positions<'a> {
    text: &'a str,
    bom: usize,
    /// (byte offset of the line start, UTF-16 offset of the line start)
    lines: Vec<(usize, usize)>,
    /// Every byte is a character of one UTF-16 unit (most notes): no counting.
    ascii: bool,
    /// The line of the previous lookup: a span's end is mostly on its start's line.
    last: std::cell::Cell<usize>,
}

/// Obsidian's `Loc`: 0-based line, column and offset, the last two in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Loc {
    line: usize,
    col: usize,
    offset: usize,
}

impl<'a> Utf16Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let ascii = text.is_ascii();
        let mut lines = vec![(bom, 0)];
        let mut utf16 = 0;
        let mut last = bom;
        for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
            if nl < bom {
                continue;
            }
            utf16 += if ascii { nl + 1 - last } else { crate::text::js_len(&text[last..=nl]) };
            last = nl + 1;
            lines.push((last, utf16));
        }
        Utf16Positions { text, bom, lines, ascii, last: std::cell::Cell::new(0) }
    }

    pub fn loc(&self, offset: usize) -> Value {
        let Loc { line, col, offset } = self.at(offset);
        json!({ "line": line, "col": col, "offset": offset })
    }

    fn at(&self, offset: usize) -> Loc {
        let offset = crate::text::floor_char_boundary(self.text, offset.clamp(self.bom, self.text.len()));
        let last = self.last.get();
        let on_last = self.lines[last].0 <= offset && self.lines.get(last + 1).is_none_or(|&(s, _)| offset < s);
        let line = if on_last { last } else { self.lines.partition_point(|&(s, _)| s <= offset) - 1 };
        self.last.set(line);
        let (start, start16) = self.lines[line];
        let col = if self.ascii { offset - start } else { crate::text::js_len(&self.text[start..offset]) };
        Loc { line, col, offset: start16 + col }
    }

    pub fn position(&self, span: Span) -> Value {
        json!({ "start": self.loc(span.start), "end": self.loc(span.end) })
    }
}

/// `CachedMetadata` of one note. `text` is the note as read (the spans index into it).
pub fn cached_metadata(note: &Note, text: &str) -> Value {
    let pos = Utf16Positions::new(text);
    let mut out = Map::new();
    let visible = || note.links.iter().filter(|l| !l.hidden);
    let links: Vec<Value> = visible()
        .filter(|l| matches!(l.kind, LinkKind::Wikilink | LinkKind::Markdown))
        .map(|l| reference(l, &pos))
        .collect();
    let embeds: Vec<Value> = visible()
        .filter(|l| matches!(l.kind, LinkKind::Embed | LinkKind::MarkdownImage))
        .map(|l| reference(l, &pos))
        .collect();
    let frontmatter_links: Vec<Value> = visible()
        .filter_map(|l| match &l.kind {
            LinkKind::Frontmatter { key } => Some(json!({
                "key": key,
                "link": l.target,
                "original": l.original,
                "displayText": display_text(l),
            })),
            _ => None,
        })
        .collect();
    let put = |out: &mut Map<String, Value>, k: &str, v: Vec<Value>| {
        if !v.is_empty() {
            out.insert(k.into(), Value::Array(v));
        }
    };
    put(&mut out, "links", links);
    put(&mut out, "embeds", embeds);
    put(&mut out, "frontmatterLinks", frontmatter_links);
    let headings = note
        .headings
        .iter()
        .map(|h| json!({ "heading": h.text, "level": h.level, "position": pos.position(trim_line_end(text, h.loc.span)) }))
        .collect();
    put(&mut out, "headings", headings);
    let tags = note.tags.iter().map(|t| json!({ "tag": t.name, "position": pos.position(t.loc.span) })).collect();
    put(&mut out, "tags", tags);
    if !note.block_ids.is_empty() {
        let mut blocks = Map::new();
        for b in &note.block_ids {
            // Duplicate ids: the last one wins in Obsidian's map.
            blocks.insert(b.id.to_lowercase(), json!({ "id": b.id, "position": pos.position(b.block) }));
        }
        out.insert("blocks".into(), Value::Object(blocks));
    }
    // An empty block (`---` right after `---`) is no frontmatter for Obsidian's cache.
    if let Some(fm) = note.frontmatter.as_ref().filter(|fm| !text[fm.yaml.start..fm.yaml.end].trim().is_empty()) {
        if let Some(value) = &fm.value {
            out.insert("frontmatter".into(), yaml_to_json(value));
        }
        let block = trim_line_end(text, fm.loc.span);
        out.insert("frontmatterPosition".into(), pos.position(block));
    }
    Value::Object(out)
}

fn reference(l: &Link, pos: &Utf16Positions) -> Value {
    json!({
        "link": l.target,
        "original": l.original,
        "displayText": display_text(l),
        "position": pos.position(l.loc.span),
    })
}

/// Obsidian's display text: the alias when there is one, else the target's parts split on
/// `#` and joined with ` > ` (`Note > Heading`).
pub fn display_text(l: &Link) -> String {
    l.shown_text()
}

fn trim_line_end(text: &str, span: Span) -> Span {
    let end = span.start + text[span.start..span.end.min(text.len())].trim_end_matches(['\n', '\r']).len();
    Span { start: span.start, end }
}

/// YAML values as Obsidian's `parseYaml` gives them to JavaScript.
pub fn yaml_to_json(v: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                json!(i)
            } else if let Some(u) = n.as_u64() {
                json!(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(&t.value),
    }
}

/// [`cached_metadata`] written straight out: byte for byte what `serde_json::to_writer_pretty`
/// writes for that value, nested `depth` levels deep (its first line not indented). `inspect`
/// writes a whole vault of these; building and pretty-printing `Value`s cost it more than the parse.
pub fn write_cached_metadata(buf: &mut Vec<u8>, note: &Note, text: &str, depth: usize) {
    let pos = Utf16Positions::new(text);
    let mut w = Pretty { buf, depth };
    let mut fields = w.open(b'{');
    let visible = || note.links.iter().filter(|l| !l.hidden);
    // serde_json's `Map` is sorted by key: the fields come in that order.
    if !note.block_ids.is_empty() {
        // Duplicate ids: the last one wins in Obsidian's map.
        let mut blocks = std::collections::BTreeMap::new();
        for b in &note.block_ids {
            blocks.insert(b.id.to_lowercase(), b);
        }
        w.key(&mut fields, "blocks");
        let mut map = w.open(b'{');
        for (key, b) in blocks {
            w.key(&mut map, &key);
            let mut obj = w.open(b'{');
            w.str_field(&mut obj, "id", &b.id);
            w.key(&mut obj, "position");
            w.position(&pos, b.block);
            w.close(obj, b'}');
        }
        w.close(map, b'}');
    }
    let embeds = visible().filter(|l| matches!(l.kind, LinkKind::Embed | LinkKind::MarkdownImage));
    w.objects(&mut fields, "embeds", embeds, |w, obj, l| w.reference(obj, l, &pos));
    // An empty block (`---` right after `---`) is no frontmatter for Obsidian's cache.
    let frontmatter = note.frontmatter.as_ref().filter(|fm| !text[fm.yaml.start..fm.yaml.end].trim().is_empty());
    if let Some(value) = frontmatter.and_then(|fm| fm.value.as_ref()) {
        w.key(&mut fields, "frontmatter");
        // Property values are few and varied (numbers, nesting): serde writes them.
        let json = serde_json::to_vec_pretty(&yaml_to_json(value)).unwrap_or_default();
        w.buf.extend_from_slice(&indented(&json, 2 * w.depth));
    }
    let property_links = visible().filter_map(|l| match &l.kind {
        LinkKind::Frontmatter { key } => Some((key, l)),
        _ => None,
    });
    w.objects(&mut fields, "frontmatterLinks", property_links, |w, obj, (key, l)| {
        w.str_field(obj, "displayText", &display_text(l));
        w.str_field(obj, "key", key);
        w.str_field(obj, "link", &l.target);
        w.str_field(obj, "original", &l.original);
    });
    if let Some(fm) = frontmatter {
        w.key(&mut fields, "frontmatterPosition");
        w.position(&pos, trim_line_end(text, fm.loc.span));
    }
    w.objects(&mut fields, "headings", note.headings.iter(), |w, obj, h| {
        w.str_field(obj, "heading", &h.text);
        w.key(obj, "level");
        write_num(w.buf, u64::from(h.level));
        w.key(obj, "position");
        w.position(&pos, trim_line_end(text, h.loc.span));
    });
    let links = visible().filter(|l| matches!(l.kind, LinkKind::Wikilink | LinkKind::Markdown));
    w.objects(&mut fields, "links", links, |w, obj, l| w.reference(obj, l, &pos));
    w.objects(&mut fields, "tags", note.tags.iter(), |w, obj, t| {
        w.key(obj, "position");
        w.position(&pos, t.loc.span);
        w.str_field(obj, "tag", &t.name);
    });
    w.close(fields, b'}');
}

/// A pretty JSON writer at serde_json's layout: two spaces per level, `"key": value`.
struct Pretty<'b> {
    buf: &'b mut Vec<u8>,
    /// The level of the value being written.
    depth: usize,
}

/// An open object or array: whether it has a member yet.
struct Open {
    empty: bool,
}

impl Pretty<'_> {
    fn open(&mut self, bracket: u8) -> Open {
        self.buf.push(bracket);
        self.depth += 1;
        Open { empty: true }
    }

    fn close(&mut self, open: Open, bracket: u8) {
        self.depth -= 1;
        if !open.empty {
            self.newline();
        }
        self.buf.push(bracket);
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        self.buf.extend(std::iter::repeat_n(b' ', 2 * self.depth));
    }

    /// Starts the next array element.
    fn item(&mut self, open: &mut Open) {
        if !open.empty {
            self.buf.push(b',');
        }
        open.empty = false;
        self.newline();
    }

    /// Starts the next object member, up to its value.
    fn key(&mut self, open: &mut Open, key: &str) {
        self.item(open);
        write_str(self.buf, key);
        self.buf.extend_from_slice(b": ");
    }

    fn str_field(&mut self, open: &mut Open, key: &str, value: &str) {
        self.key(open, key);
        write_str(self.buf, value);
    }

    /// The member `name` of `parent`: a list with an object per item, whose members `fields`
    /// writes; left out when there are no items, as Obsidian's cache leaves out empty lists.
    fn objects<T>(
        &mut self,
        parent: &mut Open,
        name: &str,
        items: impl Iterator<Item = T>,
        mut fields: impl FnMut(&mut Self, &mut Open, T),
    ) {
        let mut items = items.peekable();
        if items.peek().is_none() {
            return;
        }
        self.key(parent, name);
        let mut list = self.open(b'[');
        for item in items {
            self.item(&mut list);
            let mut obj = self.open(b'{');
            fields(self, &mut obj, item);
            self.close(obj, b'}');
        }
        self.close(list, b']');
    }

    fn position(&mut self, pos: &Utf16Positions, span: Span) {
        let mut obj = self.open(b'{');
        self.key(&mut obj, "end");
        self.loc(pos.at(span.end));
        self.key(&mut obj, "start");
        self.loc(pos.at(span.start));
        self.close(obj, b'}');
    }

    fn loc(&mut self, loc: Loc) {
        let mut obj = self.open(b'{');
        for (key, n) in [("col", loc.col), ("line", loc.line), ("offset", loc.offset)] {
            self.key(&mut obj, key);
            write_num(self.buf, n as u64);
        }
        self.close(obj, b'}');
    }

    /// One of Obsidian's `ReferenceCache` entries (`links`, `embeds`).
    fn reference(&mut self, obj: &mut Open, l: &Link, pos: &Utf16Positions) {
        self.str_field(obj, "displayText", &display_text(l));
        self.str_field(obj, "link", &l.target);
        self.str_field(obj, "original", &l.original);
        self.key(obj, "position");
        self.position(pos, l.loc.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_note;

    proptest::proptest! {
        /// Positions against a plain count from the start of the text, whatever the order of
        /// the lookups (the previous line is tried first) and whether the text is ASCII.
        #[test]
        fn utf16_positions_match_a_plain_count(
            text in "\u{FEFF}?([a-z #]{0,6}(\n|\r\n|é|😀|\u{a0})?){0,12}",
            offsets in proptest::collection::vec(0usize..80, 1..12),
        ) {
            let pos = Utf16Positions::new(&text);
            let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
            for at in offsets {
                let o = crate::text::floor_char_boundary(&text, at.clamp(bom, text.len()));
                let before = &text[bom..o];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let want = Loc {
                    line: before.matches('\n').count(),
                    col: before[line_start..].encode_utf16().count(),
                    offset: before.encode_utf16().count(),
                };
                proptest::prop_assert_eq!(pos.at(at), want);
            }
        }
    }

    /// The hand-written writer against serde_json's pretty printer over `cached_metadata`,
    /// nested as `inspect` nests it.
    fn assert_same(text: &str) {
        let note = parse_note(text);
        let mut ours = Vec::new();
        write_cached_metadata(&mut ours, &note, text, 1);
        let reference = serde_json::to_string_pretty(&cached_metadata(&note, text)).unwrap().replace('\n', "\n  ");
        assert_eq!(String::from_utf8(ours).unwrap(), reference, "{text:?}");
    }

    #[test]
    fn written_metadata_matches_serde_json() {
        for text in [
            "",
            "plain text, nothing to cache",
            "---\n---\nempty frontmatter",
            "\u{FEFF}---\r\ntitle: \"x\"\r\nn: 1.5\r\nlist: [a, 2, {k: v}]\r\nup: \"[[Up]]\"\r\nnested:\n  b: 1\n  a: [[x]]\n---\r\n# Head 😀\r\ntext ^blk\r\n",
            "# Título ✓\n\n[[Note#Héad|shown]] ![[pic.png]] [md](Other%20note.md) ![img](a.png)\n\n#tag #日本 😀 [[x]]\n\npara ^ID\n\npara ^id\n\n- item ^li\n",
            "---\nrelated: \"[[A]]\"\nalso:\n  - \"[[B|b]]\"\n---\n## \"quoted\" \\ back\n```ad-note\n[[hidden]]\n```\n",
            "---\n: bad yaml [\n---\nbody",
            "---\n- a list\n---\nbody [[x#^blk]]",
        ] {
            assert_same(text);
        }
    }

    #[test]
    fn utf16_length_counts_surrogate_pairs() {
        for s in ["", "ascii", "é", "日本語", "😀", "a😀é日\r\n\u{10FFFF}\u{FFFF}"] {
            assert_eq!(crate::text::js_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    /// Every note of every fixture vault: real files with CRLF, BOM, NFD names, canvases' notes.
    #[test]
    fn written_metadata_matches_serde_json_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                assert_same(&text);
                seen += 1;
            }
        }
        assert!(seen > 100, "only {seen} fixture notes");
    }
}
