//! Rewriting links inside a canvas: a file card's `"file"` path, or the Markdown of a text
//! card. Each card's links share the position of its JSON string value, so the string is
//! decoded, rewritten and encoded again; the rest of the file stays as written.

use super::edit::{LinkChange, replace_parts};
use super::plan::{FileChanges, rewrite_note};
use crate::diagnostic::{Edit, Fix};
use crate::note::{LinkKind, Note, Span};
use std::collections::BTreeMap;

pub fn rewrite_canvas(text: &str, note: &Note, changes: &[(usize, LinkChange)]) -> Result<String, String> {
    // Links by card (the start of the card's JSON string), with their index within the card.
    let mut cards: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, link) in note.links.iter().enumerate() {
        cards.entry(link.loc.span.start).or_default().push(k);
    }
    let mut fixes = Vec::new();
    for (&at, members) in &cards {
        let wanted: Vec<(usize, &LinkChange)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, k)| changes.iter().find(|(c, _)| c == k).map(|(_, ch)| (i, ch)))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let first = &note.links[members[0]];
        if first.kind == (LinkKind::Canvas { file: true }) {
            let change = wanted[0].1;
            if let Some(path) = &change.path {
                let (_, end) = json_string_at(text, at).ok_or("cannot read a file card's path")?;
                fixes.push(json_fix(at, end, path)?);
            }
            if !change.subpath_parts.is_empty() {
                let sub_at = subpath_value(text, at).ok_or("cannot find a file card's subpath")?;
                let (sub, end) = json_string_at(text, sub_at).ok_or("cannot read a file card's subpath")?;
                let rest = sub.strip_prefix('#').ok_or("a file card's subpath does not start with #")?;
                let new = format!("#{}", replace_parts(rest, &change.subpath_parts, str::to_string));
                fixes.push(json_fix(sub_at, end, &new)?);
            }
            continue;
        }
        let (value, end) = json_string_at(text, at).ok_or("cannot read a card's text")?;
        let inner = crate::parse::parse_note(&value);
        let visible: Vec<_> = inner.links.into_iter().filter(|l| !l.hidden).collect();
        if visible.len() != members.len() {
            return Err("cannot match a text card's links".into());
        }
        let card = Note { links: visible, ..Note::default() };
        let file_changes =
            FileChanges { links: wanted.iter().map(|(i, ch)| (*i, (*ch).clone())).collect(), edits: Vec::new() };
        let new_value = rewrite_note(&value, &card, &file_changes)?;
        fixes.push(json_fix(at, end, &new_value)?);
    }
    let refs: Vec<&Fix> = fixes.iter().collect();
    Ok(crate::edits::apply_fixes(text, &refs).text)
}

fn json_fix(start: usize, end: usize, value: &str) -> Result<Fix, String> {
    let encoded = serde_json::to_string(value).map_err(|e| e.to_string())?;
    Ok(Fix::safe("rewrite card", vec![Edit::replace(Span { start, end }, encoded)]))
}

/// Where the `"subpath"` string of the card whose `"file"` value starts at `at` begins,
/// whatever the order of the card's keys.
fn subpath_value(text: &str, at: usize) -> Option<usize> {
    crate::parse::canvas::card_member(text, at, "subpath").filter(|&v| text.as_bytes()[v] == b'"')
}

/// The JSON string starting at byte `at` (its opening quote), decoded, and where it ends.
fn json_string_at(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = text.get(at..)?;
    if !rest.starts_with('"') {
        return None;
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    let value = stream.next()?.ok()?;
    Some((value, at + stream.byte_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_file_and_text_cards() {
        let text = r##"{"nodes":[
  {"id":"a","type":"text","text":"see [[Lenin]] and [[Marx|K]]"},
  {"id":"b","type":"file","file":"People/Lenin.md","subpath":"#H"}
  ]}"##;
        let note = crate::parse::canvas::parse_canvas(text);
        let to = |p: &str| LinkChange { path: Some(p.into()), subpath_parts: Vec::new() };
        let got = rewrite_canvas(text, &note, &[(1, to("B/Marx")), (2, to("Archive/Lenin.md"))]).unwrap();
        assert!(got.contains(r#""text":"see [[Lenin]] and [[B/Marx|K]]""#), "{got}");
        assert!(got.contains(r##""file":"Archive/Lenin.md","subpath":"#H""##), "{got}");
    }
}
