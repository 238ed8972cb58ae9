//! Block-level facts read from the raw text of a block pulldown-cmark found: heading text,
//! block ids, callout headers and Admonition parameters.

use crate::note::{BlockId, Callout, Note};
use crate::text::LineIndex;

/// Obsidian's `HeadingCache.heading`: the raw text between the markers, trimmed. For a setext
/// heading only the last text line counts (Obsidian's parser, spec §7).
pub fn heading_text(raw: &str) -> Option<String> {
    let raw = raw.trim_end_matches(['\n', '\r']);
    let lines: Vec<&str> = raw.lines().collect();
    let text = if lines.len() > 1 && lines.last().is_some_and(|l| is_setext_underline(l)) {
        lines[lines.len() - 2].trim_start_matches(['>', ' ', '\t']).trim()
    } else {
        let line = lines.first()?.trim_start();
        let line = line.trim_start_matches('#');
        let line = line.trim_end();
        // A closing sequence of `#` counts only after a space (or when nothing else is left).
        let stripped = line.trim_end_matches('#');
        if stripped.is_empty() || stripped.ends_with([' ', '\t']) { stripped.trim() } else { line.trim() }
    };
    Some(text.to_string())
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// A block id at the very end of a paragraph or list item, after whitespace (`text ^abc`),
/// or alone (`^abc`), made of ASCII letters, digits and `-` (spec §3.7).
pub fn push_block_id(text: &str, start: usize, end: usize, lines: &LineIndex, note: &mut Note) {
    let block = text[start..end].trim_end();
    // Only the last word can be an id: look at the tail, not the whole block.
    let word_start =
        block.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + block[i..].chars().next().map_or(1, char::len_utf8));
    let Some(id) = block[word_start..].strip_prefix('^') else { return };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return;
    }
    let caret = word_start;
    let at = start + caret;
    if note.block_ids.iter().any(|b| b.loc.span.start == at) {
        return;
    }
    note.block_ids.push(BlockId { id: id.to_string(), loc: lines.loc(at, at + 1 + id.len()) });
}

/// `> [!type|meta]± title` on the first line of a blockquote opened at `start`, the
/// `quote_depth`-th quote level on that line.
pub fn callout_header(text: &str, start: usize, quote_depth: usize) -> Option<Callout> {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let mut rest = &text[line_start..line_end];
    for _ in 0..quote_depth {
        rest = rest.trim_start().strip_prefix('>')?;
    }
    let rest = rest.trim_start().strip_prefix("[!")?;
    let close = rest.find(']')?;
    let inner = &rest[..close];
    let (kind, metadata) = match inner.split_once('|') {
        Some((k, m)) => (k, Some(m.trim().to_string())),
        None => (inner, None),
    };
    let kind = kind.trim();
    if kind.is_empty() || kind.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[close + 1..];
    let fold = after.chars().next().filter(|c| *c == '+' || *c == '-');
    let title = after[fold.map_or(0, |_| 1)..].trim().to_string();
    Some(Callout { kind: kind.to_lowercase(), metadata, fold, title, loc: Default::default() })
}

/// Admonition parameters: a leading run of `title:`/`collapse:`/`icon:`/`color:`/`metadata:`
/// lines, stopping at any other line or a repeated key. Returns (title, collapse, body start).
pub fn admonition_header(text: &str, start: usize, end: usize) -> (Option<String>, Option<String>, usize) {
    const KEYS: [&str; 5] = ["title:", "collapse:", "icon:", "color:", "metadata:"];
    let (mut title, mut collapse) = (None, None);
    let mut seen = Vec::new();
    let mut at = start;
    while at < end {
        let line_end = text[at..end].find('\n').map_or(end, |p| at + p + 1);
        let line = &text[at..line_end];
        let Some(key) = KEYS.iter().find(|k| line.starts_with(**k)) else {
            break;
        };
        if seen.contains(key) {
            break;
        }
        seen.push(*key);
        let value = line[key.len()..].trim().to_string();
        match *key {
            "title:" => title = Some(value),
            "collapse:" => collapse = Some(value),
            _ => {}
        }
        at = line_end;
    }
    (title, collapse, at)
}
