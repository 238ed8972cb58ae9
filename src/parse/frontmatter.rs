//! YAML frontmatter (spec §6.1, §6.4): only at byte 0 (after a BOM), `---` alone on the
//! opening line, closed by the first later line that begins with `---`.

use super::wikilink::split_inner;
use crate::note::{Frontmatter, Link, LinkKind, Problem, ProblemKind};
use crate::text::{LineIndex, clean_target, decode_uri};
use serde_yaml::Value;

/// Where a frontmatter block sits: `yaml` is the text between the fences, `end` the offset
/// just past the closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub end: usize,
}

/// Finds the block, or `None` when the note has none (including an unclosed one, which
/// Obsidian reads as a thematic break).
pub fn locate(text: &str, start: usize) -> Option<Block> {
    let rest = &text[start..];
    let first_break = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = start + first_break;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..]).map_or(text.len(), |p| line_start + p);
        if text[line_start..line_end].starts_with("---") {
            let end = if line_end < text.len() { line_end + 1 } else { line_end };
            return Some(Block { start, yaml_start, yaml_end: line_start, end });
        }
        if line_end >= text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// Parses the block's YAML; links in whole-value properties are appended to `links`.
pub fn parse(
    text: &str,
    block: Block,
    lines: &LineIndex,
    links: &mut Vec<Link>,
    problems: &mut Vec<Problem>,
) -> Frontmatter {
    let yaml = &text[block.yaml_start..block.yaml_end];
    let loc = lines.loc(block.start, block.end);
    let yaml_span = crate::note::Span { start: block.yaml_start, end: block.yaml_end };
    let mut fm = Frontmatter { loc, yaml: yaml_span, value: None, aliases: Vec::new() };
    let value: Value = if yaml.trim().is_empty() {
        Value::Mapping(Default::default())
    } else {
        match serde_yaml::from_str(yaml) {
            Ok(v) => v,
            Err(e) => {
                let at = block.yaml_start + e.location().map_or(0, |l| l.index()).min(yaml.len());
                let message = yaml_message(&e);
                problems.push(Problem {
                    kind: ProblemKind::InvalidFrontmatter,
                    message: format!("frontmatter is not valid YAML: {message}; Obsidian ignores all its properties"),
                    loc: lines.loc(at, at),
                });
                return fm;
            }
        }
    };
    let Value::Mapping(map) = &value else {
        let what = match value {
            Value::Sequence(_) => "a list",
            Value::Null => "empty",
            _ => "a single value",
        };
        problems.push(Problem {
            kind: ProblemKind::InvalidFrontmatter,
            message: format!("frontmatter is {what}, not a mapping of properties; Obsidian ignores it"),
            loc: lines.loc(block.yaml_start, block.yaml_start),
        });
        return fm;
    };
    for (k, v) in map {
        if k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("aliases")) {
            match v {
                Value::String(s) => fm.aliases.push(s.trim().to_string()),
                Value::Sequence(items) => fm.aliases.extend(
                    items.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(String::from),
                ),
                _ => {}
            }
        }
    }
    let mut cursor = block.yaml_start;
    collect_links(text, &block, &value, &mut Vec::new(), &mut cursor, lines, links);
    fm.value = Some(value);
    fm
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    // serde_yaml appends " at line L column C", which is relative to the block; we give our own.
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn collect_links(
    text: &str,
    block: &Block,
    value: &Value,
    key: &mut Vec<String>,
    cursor: &mut usize,
    lines: &LineIndex,
    links: &mut Vec<Link>,
) {
    match value {
        Value::String(s) => {
            if let Some(link) = property_link(s) {
                // Locate the value in the raw YAML, in document order, to report a span.
                let yaml = &text[..block.yaml_end];
                let found = yaml[*cursor..]
                    .find(s.as_str())
                    .map(|p| *cursor + p)
                    .or_else(|| yaml[block.yaml_start..].find(s.as_str()).map(|p| block.yaml_start + p));
                let (start, end) = match found {
                    Some(p) => {
                        *cursor = p + s.len();
                        (p, p + s.len())
                    }
                    None => (block.yaml_start, block.yaml_start),
                };
                let (target, display, padded) = link;
                links.push(Link {
                    kind: LinkKind::Frontmatter { key: key.join(".") },
                    target,
                    display,
                    original: s.clone(),
                    padded,
                    glued: false,
                    hidden: false,
                    loc: lines.loc(start, end),
                });
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                key.push(i.to_string());
                collect_links(text, block, item, key, cursor, lines, links);
                key.pop();
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                if !may_hold_link(v) {
                    continue;
                }
                key.push(match k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
                });
                collect_links(text, block, v, key, cursor, lines, links);
                key.pop();
            }
        }
        Value::Tagged(t) => collect_links(text, block, &t.value, key, cursor, lines, links),
        _ => {}
    }
}

/// Whether a value is, or contains, a string: only those can be links.
fn may_hold_link(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with('['),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => true,
        _ => false,
    }
}

/// A property value that is a whole link: `[[…]]`, or since Obsidian 1.11 `[text](dest)`.
fn property_link(s: &str) -> Option<(String, Option<String>, bool)> {
    if let Some(inner) = s.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        if inner.is_empty() || inner.contains("[[") || inner.contains("]]") || inner.contains('\n') {
            return None;
        }
        return Some(split_inner(inner));
    }
    let rest = s.strip_prefix('[')?.strip_suffix(')')?;
    let mid = rest.find("](")?;
    let (label, dest) = (&rest[..mid], &rest[mid + 2..]);
    if label.contains(']') || dest.is_empty() || super::is_external(dest) {
        return None;
    }
    let dest = dest.strip_prefix('<').and_then(|d| d.strip_suffix('>')).unwrap_or(dest);
    Some((clean_target(&decode_uri(dest)?), Some(label.to_string()), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_like_obsidian() {
        assert!(locate("---\na: 1\n---\nbody", 0).is_some()); // T-122
        assert!(locate("---\r\na: 1\r\n---\r\n", 0).is_some()); // T-125
        assert!(locate("---\na: 1\n---   \n", 0).is_some()); // T-126
        assert!(locate("--- \na: 1\n---\n", 0).is_none()); // T-127
        assert!(locate("---\na: 1\n...\nBody", 0).is_none()); // T-128
        assert!(locate("\n---\na: 1\n---\n", 0).is_none()); // T-124
        let b = locate("---\n---\nBody", 0).unwrap(); // T-137
        assert_eq!((b.yaml_start, b.yaml_end, b.end), (4, 4, 8));
        assert_eq!(locate("---\na: 1\n---", 0).unwrap().end, 12);
    }

    #[test]
    fn property_links() {
        assert_eq!(property_link("[[Episode IV]]").unwrap().0, "Episode IV");
        assert_eq!(property_link("[[B|b]]").unwrap().1.as_deref(), Some("b"));
        assert!(property_link("see [[X]]").is_none());
        assert_eq!(property_link("[t](My%20Note.md)").unwrap().0, "My Note.md");
        assert!(property_link("[t](https://x.org)").is_none());
    }
}
