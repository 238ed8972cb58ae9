//! A note in the shape of Obsidian's `CachedMetadata` (`app.metadataCache.getFileCache`):
//! the fields a linter knows, with Obsidian's positions (0-based line and column, column and
//! offset in UTF-16 code units, offsets counted without a BOM). Fields Obsidian would leave
//! out (no links, no frontmatter) are left out.

use crate::note::{Link, LinkKind, Note, Span};
use serde_json::{Map, Value, json};

/// Converts byte offsets of one text to Obsidian's `Loc`.
pub struct Utf16Positions<'a> {
    text: &'a str,
    bom: usize,
    /// (byte offset of the line start, UTF-16 offset of the line start)
    lines: Vec<(usize, usize)>,
}

impl<'a> Utf16Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let mut lines = vec![(bom, 0)];
        let mut utf16 = 0;
        let mut last = bom;
        for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
            if nl < bom {
                continue;
            }
            utf16 += crate::text::js_len(&text[last..=nl]);
            last = nl + 1;
            lines.push((last, utf16));
        }
        Utf16Positions { text, bom, lines }
    }

    pub fn loc(&self, offset: usize) -> Value {
        let offset = crate::text::floor_char_boundary(self.text, offset.clamp(self.bom, self.text.len()));
        let line = self.lines.partition_point(|&(s, _)| s <= offset) - 1;
        let (start, start16) = self.lines[line];
        let col = crate::text::js_len(&self.text[start..offset]);
        json!({ "line": line, "col": col, "offset": start16 + col })
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
    match &l.display {
        Some(d) => d.clone(),
        None => l.target.split('#').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" > "),
    }
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
