//! JSON Canvas files (`.canvas`, spec §7): the links of each text card (Markdown) and each
//! file card (an embed of that exact vault path) are links of the canvas, as in Obsidian
//! since 1.12. A link's position is that of its card's JSON string value.

use super::parse_note;
use crate::note::{Link, LinkKind, Note, Problem, ProblemKind};
use crate::text::LineIndex;
use serde_json::Value;

pub fn parse_canvas(text: &str) -> Note {
    let lines = LineIndex::new(text);
    let mut note = Note::default();
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let at = offset_of(text, e.line(), e.column());
            note.problems.push(Problem {
                kind: ProblemKind::InvalidCanvas,
                message: format!("canvas is not valid JSON: {e}; Obsidian cannot open it"),
                loc: lines.loc(at, at),
            });
            return note;
        }
    };
    let Some(nodes) = doc.get("nodes").and_then(Value::as_array) else {
        if doc.get("nodes").is_some() || !doc.is_object() {
            note.problems.push(Problem {
                kind: ProblemKind::InvalidCanvas,
                message: "canvas has no list of \"nodes\"".into(),
                loc: lines.loc(0, 0),
            });
        }
        return note;
    };
    let mut cursor = 0;
    for node in nodes {
        let id = node.get("id").and_then(Value::as_str).unwrap_or_default();
        // Where this node's JSON starts, to place its values; nodes come in file order.
        if let Some(p) = find_after(text, cursor, &format!("\"{}\"", escape_json(id))) {
            cursor = p;
        }
        let kind = node.get("type").and_then(Value::as_str);
        let (key, value) = match kind {
            Some("text") => ("text", node.get("text").and_then(Value::as_str)),
            Some("file") => ("file", node.get("file").and_then(Value::as_str)),
            Some(_) => continue,
            None => ("type", None),
        };
        let at = find_after(text, cursor, &format!("\"{key}\"")).unwrap_or(cursor);
        let value_at = text[at..].find(':').and_then(|c| text[at + c..].find('"').map(|q| at + c + q)).unwrap_or(at);
        let loc = lines.loc(value_at, value_at);
        let Some(value) = value else {
            let what = if kind.is_none() { "no \"type\"" } else { "no string \"{key}\"" };
            note.problems.push(Problem {
                kind: ProblemKind::InvalidCanvas,
                message: format!("canvas node {id:?} has {}", what.replace("{key}", key)),
                loc,
            });
            continue;
        };
        if key == "file" {
            let subpath = node.get("subpath").and_then(Value::as_str).unwrap_or_default();
            note.links.push(Link {
                kind: LinkKind::Canvas { file: true },
                target: format!("{value}{subpath}"),
                display: None,
                original: value.to_string(),
                padded: false,
                glued: false,
                hidden: false,
                loc,
            });
        } else {
            for mut link in parse_note(value).links.into_iter().filter(|l| !l.hidden) {
                link.kind = LinkKind::Canvas { file: false };
                link.loc = loc;
                link.glued = false;
                note.links.push(link);
            }
        }
    }
    note
}

fn find_after(text: &str, from: usize, needle: &str) -> Option<usize> {
    text[from..].find(needle).map(|p| from + p)
}

fn escape_json(s: &str) -> String {
    serde_json::to_string(s).map(|q| q[1..q.len() - 1].to_string()).unwrap_or_default()
}

/// serde_json reports 1-based lines and columns (bytes); back to an offset.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    crate::text::floor_char_boundary(text, (start + column.saturating_sub(1)).min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_file_cards() {
        let t = r##"{"nodes":[
  {"id":"a","type":"text","text":"see [[Note]] and ![[pic.png]]"},
  {"id":"b","type":"file","file":"Gone.md","subpath":"#H"},
  {"id":"c","type":"link","url":"https://x.org"}
]}"##;
        let n = parse_canvas(t);
        let got: Vec<_> = n.links.iter().map(|l| (l.target.as_str(), l.loc.start.line)).collect();
        assert_eq!(got, [("Note", 2), ("pic.png", 2), ("Gone.md#H", 3)]);
        assert!(n.problems.is_empty());
    }

    #[test]
    fn bad_canvases_are_problems_not_panics() {
        assert_eq!(parse_canvas("{not json").problems.len(), 1);
        assert_eq!(parse_canvas(r#"{"nodes":[{"id":"x","type":"text"}]}"#).problems.len(), 1);
        assert_eq!(parse_canvas(r#"{"nodes":[{"id":"x"}]}"#).problems.len(), 1);
        assert_eq!(parse_canvas(r#"[1,2]"#).problems.len(), 1);
        assert!(parse_canvas("{}").problems.is_empty());
    }
}
