//! Rewriting one link's text: its path part, or some parts of its heading subpath, keeping
//! every other byte as written (display text, `|size`, `\|` in tables, padding, titles).

use crate::linktext::{encode_angle_destination, encode_destination};
use crate::text::{clean_target, decode_uri, is_js_space};

/// How a link is written, which decides how a new path is spelled inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `[[…]]` or `![[…]]`, in the body or as a property value.
    Wiki,
    /// `[text](dest)` or `![alt](dest)`, in the body or as a property value.
    Markdown,
}

/// A change to make inside one link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkChange {
    /// The new linkpath, unencoded (`Archive/Lenin`).
    pub path: Option<String>,
    /// New text for some parts of the heading subpath: (index among the non-empty parts, text).
    pub subpath_parts: Vec<(usize, String)>,
}

/// Where the pieces of a link sit in its original text (byte ranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pieces {
    /// The linkpath as written (may be empty for `[[#Heading]]`).
    path: (usize, usize),
    /// The subpath after the first `#`, without it (empty range when there is none).
    subpath: (usize, usize),
    /// A Markdown destination in `<…>`.
    angle: bool,
}

/// `original` with `change` made, or why it cannot be done. `target` is the link's cleaned
/// target (`linkpath#subpath`), used to make sure the right characters are being replaced.
pub fn rewrite(original: &str, syntax: Syntax, target: &str, change: &LinkChange) -> Result<String, String> {
    let pieces = match syntax {
        Syntax::Wiki => wiki_pieces(original),
        Syntax::Markdown => markdown_pieces(original, target),
    }
    .ok_or_else(|| format!("cannot find the path inside the link {original}"))?;
    let markdown = syntax == Syntax::Markdown;
    let encode = |s: &str| match (markdown, pieces.angle) {
        (false, _) => s.to_string(),
        (true, true) => encode_angle_destination(s),
        (true, false) => encode_destination(s),
    };
    let mut out = String::with_capacity(original.len() + 16);
    out.push_str(&original[..pieces.path.0]);
    match &change.path {
        Some(p) => out.push_str(&encode(p)),
        None => out.push_str(&original[pieces.path.0..pieces.path.1]),
    }
    out.push_str(&original[pieces.path.1..pieces.subpath.0]);
    let subpath = &original[pieces.subpath.0..pieces.subpath.1];
    out.push_str(&replace_parts(subpath, &change.subpath_parts, encode));
    out.push_str(&original[pieces.subpath.1..]);
    Ok(out)
}

/// `subpath` (the text after a link's first `#`) with some of its non-empty `#` parts
/// replaced, each new part passed through `encode`; everything else kept as written.
pub fn replace_parts(subpath: &str, parts: &[(usize, String)], encode: impl Fn(&str) -> String) -> String {
    if parts.is_empty() {
        return subpath.to_string();
    }
    let mut out = String::with_capacity(subpath.len() + 16);
    let mut index = 0;
    for (i, part) in subpath.split('#').enumerate() {
        if i > 0 {
            out.push('#');
        }
        if part.is_empty() {
            continue;
        }
        match parts.iter().find(|(k, _)| *k == index) {
            Some((_, new)) => out.push_str(&encode(new)),
            None => out.push_str(part),
        }
        index += 1;
    }
    out
}

/// The pieces of `[[target|display]]` (or `![[…]]`), mirroring Obsidian's `parseAliasLink`.
fn wiki_pieces(original: &str) -> Option<Pieces> {
    let open = if original.starts_with("![[") { 3 } else { 2 };
    let inner_end = original.len().checked_sub(2).filter(|&e| e >= open && original.ends_with("]]"))?;
    let inner = &original[open..inner_end];
    let target_end = match inner.find('|') {
        Some(i) if i > 0 && !inner[..i].trim_matches(is_js_space).is_empty() => i,
        _ => inner.len(),
    };
    let raw = &inner[..target_end];
    let start = raw.len() - raw.trim_start_matches(is_js_space).len();
    let mut end = raw.trim_end_matches(is_js_space).len().max(start);
    if raw[start..end].ends_with('\\') {
        end -= 1;
    }
    let (start, end) = (open + start, open + end);
    Some(split_at_hash(original, start, end, false))
}

fn split_at_hash(original: &str, start: usize, end: usize, angle: bool) -> Pieces {
    match original[start..end].find('#') {
        Some(h) => Pieces { path: (start, start + h), subpath: (start + h + 1, end), angle },
        None => Pieces { path: (start, end), subpath: (end, end), angle },
    }
}

/// The pieces of `[text](dest "title")`: the first `](` whose destination, read as
/// CommonMark and Obsidian read it, gives back the link's target.
fn markdown_pieces(original: &str, target: &str) -> Option<Pieces> {
    let parts = markdown_parts(original, target)?;
    let (start, end) = parts.destination;
    Some(split_at_hash(original, start, end, parts.angle))
}

/// Where the parts of a Markdown link or image sit in its text (byte ranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownParts {
    /// The link text (or alt text), without its brackets.
    pub label: (usize, usize),
    /// The destination, without `<…>`.
    pub destination: (usize, usize),
    pub angle: bool,
    /// A title follows the destination (`"…"`, `'…'` or `(…)`).
    pub titled: bool,
}

/// The parts of `[text](dest "title")` (or `![alt](…)`): the first `](` whose destination,
/// read as CommonMark and Obsidian read it, gives back the link's cleaned `target`.
pub fn markdown_parts(original: &str, target: &str) -> Option<MarkdownParts> {
    let close = original.len().checked_sub(1).filter(|_| original.ends_with(')'))?;
    let open = if original.starts_with("![") { 2 } else { 1 };
    let mut from = open;
    while let Some(k) = original[from..].find("](").map(|k| from + k) {
        from = k + 2;
        if let Some((start, end, angle)) = destination(original, k + 2, close) {
            let raw = &original[start..end];
            let unescaped = unescape(raw);
            let decoded = decode_uri(&unescaped).unwrap_or(unescaped);
            if clean_target(&decoded) == target {
                let after = if angle { end + 1 } else { end };
                let titled = !original[after..close].trim().is_empty();
                return Some(MarkdownParts { label: (open, k), destination: (start, end), angle, titled });
            }
        }
    }
    None
}

/// The destination inside `text[from..close]` (just after `](`, up to the closing `)`):
/// (start, end, angle brackets), provided only whitespace and a title follow it.
fn destination(text: &str, from: usize, close: usize) -> Option<(usize, usize, bool)> {
    let body = &text[from..close];
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    let (start, end, angle, after) = if let Some(inner) = rest.strip_prefix('<') {
        let mut escaped = false;
        let end = inner.char_indices().find_map(|(i, c)| {
            let found = c == '>' && !escaped;
            escaped = c == '\\' && !escaped;
            found.then_some(i)
        })?;
        (from + lead + 1, from + lead + 1 + end, true, &inner[end + 1..])
    } else {
        let mut depth = 0i32;
        let mut escaped = false;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' if depth == 0 => return None,
                ')' => depth -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        (from + lead, from + lead + end, false, &rest[end..])
    };
    let after = after.trim();
    let titled = after.is_empty()
        || (after.len() >= 2
            && matches!(
                (after.as_bytes()[0], after.as_bytes()[after.len() - 1]),
                (b'"', b'"') | (b'\'', b'\'') | (b'(', b')')
            ));
    (titled && (end > start || angle)).then_some((start, end, angle))
}

/// CommonMark backslash escapes: `\(` is `(`.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(original: &str, syntax: Syntax, target: &str, new: &str) -> String {
        let change = LinkChange { path: Some(new.into()), subpath_parts: Vec::new() };
        rewrite(original, syntax, target, &change).unwrap()
    }

    #[test]
    fn wikilinks_keep_everything_but_the_path() {
        use Syntax::Wiki;
        assert_eq!(path("[[Lenin]]", Wiki, "Lenin", "A/Lenin"), "[[A/Lenin]]");
        assert_eq!(
            path("[[ Lenin#Early life | Vladimir ]]", Wiki, "Lenin#Early life", "A/Lenin"),
            "[[ A/Lenin#Early life | Vladimir ]]"
        );
        assert_eq!(path("![[pic.png|100x20]]", Wiki, "pic.png", "img/pic.png"), "![[img/pic.png|100x20]]");
        assert_eq!(path("[[Lenin\\|Vl]]", Wiki, "Lenin", "A/Lenin"), "[[A/Lenin\\|Vl]]");
        assert_eq!(path("[[Lenin#H\\|Vl]]", Wiki, "Lenin#H", "A/Lenin"), "[[A/Lenin#H\\|Vl]]");
        assert_eq!(path("[[|x]]", Wiki, "|x", "y"), "[[y]]");
    }

    #[test]
    fn markdown_links_are_encoded_in_their_own_form() {
        use Syntax::Markdown;
        assert_eq!(path("[t](My%20Note.md)", Markdown, "My Note.md", "A/My Note.md"), "[t](A/My%20Note.md)");
        assert_eq!(
            path("[t](<My Note.md#Part 2> \"title\")", Markdown, "My Note.md#Part 2", "../B C.md"),
            "[t](<../B C.md#Part 2> \"title\")"
        );
        assert_eq!(path("![a](../img/x.png)", Markdown, "../img/x.png", "x.png"), "![a](x.png)");
        assert_eq!(path("[a](b)](Note.md)", Markdown, "Note.md", "N.md"), "[a](b)](N.md)");
        assert_eq!(
            path("[t](Note.md#Heading%20One)", Markdown, "Note.md#Heading One", "X.md"),
            "[t](X.md#Heading%20One)"
        );
    }

    #[test]
    fn heading_parts() {
        let change = LinkChange { path: None, subpath_parts: vec![(1, "New name".into())] };
        let got = rewrite("[[Note#Top##Old|shown]]", Syntax::Wiki, "Note#Top##Old", &change).unwrap();
        assert_eq!(got, "[[Note#Top##New name|shown]]");
        let got = rewrite("[x](#Top#Old)", Syntax::Markdown, "#Top#Old", &change).unwrap();
        assert_eq!(got, "[x](#Top#New%20name)");
    }
}
