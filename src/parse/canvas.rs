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
    // Where each node's object starts in the text, in the order serde_json read them.
    let starts = node_starts(text);
    for (i, node) in nodes.iter().enumerate() {
        let id = node.get("id").and_then(Value::as_str).unwrap_or_default();
        let kind = node.get("type").and_then(Value::as_str);
        let (key, value) = match kind {
            Some("text") => ("text", node.get("text").and_then(Value::as_str)),
            Some("file") => ("file", node.get("file").and_then(Value::as_str)),
            Some(_) => continue,
            None => ("type", None),
        };
        let object = starts.get(i).copied().unwrap_or(0);
        let value_at = member(text, object, key).unwrap_or(object);
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

/// Where the value of `key` starts in the JSON object that starts at `object`: any key order,
/// the last of duplicate keys (as serde_json keeps it). `text` is valid JSON.
pub fn member(text: &str, object: usize, key: &str) -> Option<usize> {
    let found =
        members(text.as_bytes(), object)?.into_iter().rev().find(|(k, _)| json_key(text, *k).as_deref() == Some(key));
    found.map(|(_, v)| v)
}

/// The start of each element of the top-level `"nodes"` array.
fn node_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let Some(top) = skip_ws(bytes, 0).filter(|&i| bytes[i] == b'{') else { return Vec::new() };
    match member(text, top, "nodes") {
        Some(at) if bytes[at] == b'[' => elements(bytes, at).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The (key start, value start) of each member of the object at `at`.
fn members(bytes: &[u8], at: usize) -> Option<Vec<(usize, usize)>> {
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = skip_ws(bytes, at + 1)?;
    if bytes[i] == b'}' {
        return Some(out);
    }
    loop {
        let key = i;
        i = skip_ws(bytes, skip_string(bytes, i)?)?;
        if bytes[i] != b':' {
            return None;
        }
        let value = skip_ws(bytes, i + 1)?;
        out.push((key, value));
        i = skip_ws(bytes, skip_value(bytes, value)?)?;
        match bytes[i] {
            b',' => i = skip_ws(bytes, i + 1)?,
            b'}' => return Some(out),
            _ => return None,
        }
    }
}

/// The start of each element of the array at `at`.
fn elements(bytes: &[u8], at: usize) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut i = skip_ws(bytes, at + 1)?;
    if bytes[i] == b']' {
        return Some(out);
    }
    loop {
        out.push(i);
        i = skip_ws(bytes, skip_value(bytes, i)?)?;
        match bytes[i] {
            b',' => i = skip_ws(bytes, i + 1)?,
            b']' => return Some(out),
            _ => return None,
        }
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> Option<usize> {
    while matches!(bytes.get(i)?, b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    Some(i)
}

/// Past the string that starts (with its quote) at `at`.
pub(crate) fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// Past the value that starts at `at`.
pub(crate) fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let rest = &bytes[at..];
            let len = rest.iter().position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'));
            Some(at + len.unwrap_or(rest.len()))
        }
    }
}

/// The key whose string starts at `at`, decoded (a key may be written with escapes).
fn json_key(text: &str, at: usize) -> Option<std::borrow::Cow<'_, str>> {
    let end = skip_string(text.as_bytes(), at)?;
    let raw = &text[at + 1..end - 1];
    if !raw.contains('\\') {
        return Some(raw.into());
    }
    serde_json::from_str::<String>(&text[at..end]).ok().map(Into::into)
}

/// Where the value of `key` starts in the card (node) one of whose values starts at
/// `value_at`: the `"subpath"` of a file card, found from its `"file"`.
pub fn card_member(text: &str, value_at: usize, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let card = node_starts(text)
        .into_iter()
        .find(|&node| members(bytes, node).is_some_and(|m| m.iter().any(|&(_, v)| v == value_at)))?;
    member(text, card, key)
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
    fn positions_do_not_depend_on_key_order() {
        let t = r##"{"edges":[{"id":"e"}],"nodes":[
  {"text":"q \"}]\" [[A]]","type":"text","id":"a","meta":{"k":["}"]}},
  {"f\u0069le":"B.md","type":"file","id":"b"}
]}"##;
        let n = parse_canvas(t);
        let got: Vec<_> = n.links.iter().map(|l| (l.target.as_str(), l.loc.span.start)).collect();
        assert_eq!(got, [("A", t.find("\"q ").unwrap()), ("B.md", t.find("\"B.md").unwrap())]);
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
