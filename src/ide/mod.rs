//! What an editor asks of the vault, answered from the live check: what is under the cursor,
//! where a link leads, who links here, what to show on hover, what to complete, which edits
//! fix or rename something. Everything here works in vault paths and byte offsets; the
//! language server (`lsp/`) only translates to and from the protocol.

pub mod actions;
pub mod complete;
pub mod navigate;

use crate::index::FileId;
use crate::live::LiveCheck;
use crate::note::{Note, Span};

/// A place in a file of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub span: Span,
}

/// One change to the vault an editor applies: edits to files' texts, then files created or
/// renamed. Offsets are bytes of the text as the check reads it (the editor's, for an open file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub edits: Vec<FileEdit>,
    pub creates: Vec<(String, String)>,
    pub renames: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub path: String,
    pub span: Span,
    pub replacement: String,
}

/// What the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under {
    /// A link, by its index in the note's links.
    Link(usize),
    Heading(usize),
    Block(usize),
    Tag(usize),
    Nothing,
}

/// The element of `note` under byte `offset` (the end of an element counts as on it, so a
/// cursor just after `]]` still finds the link).
pub fn under(note: &Note, offset: usize) -> Under {
    let on = |s: Span| s.start <= offset && offset <= s.end;
    if let Some(i) = note.links.iter().position(|l| on(l.loc.span)) {
        return Under::Link(i);
    }
    if let Some(i) = note.tags.iter().position(|t| on(t.loc.span)) {
        return Under::Tag(i);
    }
    if let Some(i) = note.headings.iter().position(|h| on(h.loc.span)) {
        return Under::Heading(i);
    }
    if let Some(i) = note.block_ids.iter().position(|b| on(b.loc.span)) {
        return Under::Block(i);
    }
    Under::Nothing
}

/// Where a heading's own text is (`Early life` in `## Early life`): what an editor selects,
/// without the markers and the line end the heading's span holds.
pub fn heading_text_span(text: &str, heading: &crate::note::Heading) -> Span {
    let span = heading.loc.span;
    let Some(line) = text.get(span.start..span.end.min(text.len())) else { return span };
    match line.find(heading.text.as_str()) {
        Some(at) if !heading.text.is_empty() => {
            Span { start: span.start + at, end: span.start + at + heading.text.len() }
        }
        _ => trim_line_end(text, span),
    }
}

/// A span without the line end and trailing spaces it may hold.
pub fn trim_line_end(text: &str, span: Span) -> Span {
    match text.get(span.start..span.end.min(text.len())) {
        Some(s) => Span { start: span.start, end: span.start + s.trim_end().len() },
        None => span,
    }
}

/// The file id and parsed note of a vault path.
pub fn note_at<'a>(live: &'a LiveCheck, path: &str) -> Option<(FileId, &'a Note)> {
    let id = live.file_id(path)?;
    Some((id, live.vault.note(id)?))
}

/// Replaces the part of `old` that differs from `new` (one edit, the common start and end
/// kept). [`edits_between`] cuts that part finer.
pub fn minimal_edit(path: &str, old: &str, new: &str) -> Option<FileEdit> {
    if old == new {
        return None;
    }
    let mut start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = old[start..].bytes().rev().zip(new[start..].bytes().rev()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    Some(FileEdit {
        path: path.to_string(),
        span: Span { start, end: old.len() - end },
        replacement: new[start..new.len() - end].to_string(),
    })
}

/// The edits that turn `old` into `new`, one per changed stretch (lines compared first, then
/// the words of each changed hunk): a rename that rewrites two links far apart leaves
/// the text between them alone (the editor's marks, folds and cursor stay), and the edits of
/// several renames of one note at once do not overlap.
pub fn edits_between(path: &str, old: &str, new: &str) -> Vec<FileEdit> {
    use similar::{Algorithm, DiffTag, TextDiff};
    let Some(outer) = minimal_edit(path, old, new) else { return Vec::new() };
    let base = outer.span.start;
    let (old_mid, new_mid) = (&old[base..outer.span.end], outer.replacement.as_str());
    let budget = std::time::Duration::from_millis(200);
    let lines: TextDiff<str> =
        TextDiff::configure().algorithm(Algorithm::Myers).timeout(budget).diff_lines(old_mid, new_mid);
    let mut out: Vec<FileEdit> = Vec::new();
    let mut push = |start: usize, end: usize, replacement: &str| match out.last_mut() {
        Some(last) if last.span.end == start => {
            last.span.end = end;
            last.replacement.push_str(replacement);
        }
        _ => out.push(FileEdit {
            path: path.to_string(),
            span: Span { start, end },
            replacement: replacement.to_string(),
        }),
    };
    let old_at = offsets(lines.iter_old_slices());
    let new_at = offsets(lines.iter_new_slices());
    for op in lines.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let (o_start, o_end) = (old_at[o.start], old_at[o.end]);
        let (old_hunk, new_hunk) = (&old_mid[o_start..o_end], &new_mid[new_at[n.start]..new_at[n.end]]);
        let (old_words, new_words) = (words(old_hunk), words(new_hunk));
        let words_diff: TextDiff<str> =
            TextDiff::configure().algorithm(Algorithm::Myers).timeout(budget).diff_slices(&old_words, &new_words);
        let (co, cn) = (offsets(old_words.iter().copied()), offsets(new_words.iter().copied()));
        for op in words_diff.ops() {
            let (tag, o, n) = op.as_tag_tuple();
            if tag != DiffTag::Equal {
                let start = base + o_start + co[o.start];
                push(start, base + o_start + co[o.end], &new_hunk[cn[n.start]..cn[n.end]]);
            }
        }
    }
    out
}

/// A text cut into words (runs of letters and digits) and single other characters: a renamed
/// word is one edit, and links glued together (`[[A]][[B]]`) are apart.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphanumeric();
        if i > start && !(letter && in_word) {
            out.push(&text[start..i]);
            start = i;
        }
        in_word = letter;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The byte offset where each slice starts, and the end.
fn offsets<'a>(slices: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut at = Vec::new();
    let mut sum = 0;
    at.push(0);
    for s in slices {
        sum += s.len();
        at.push(sum);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `edits` applied to `old`, from the last.
    fn apply(old: &str, edits: &[FileEdit]) -> String {
        let mut text = old.to_string();
        for e in edits.iter().rev() {
            text.replace_range(e.span.start..e.span.end, &e.replacement);
        }
        text
    }

    #[test]
    fn edits_between_touch_only_what_changed() {
        let old = "[[Marx]] and
some text
[[Marx]] é
";
        let new = "[[Karl Marx]] and
some text
[[Karl Marx]] é
";
        let edits = edits_between("a.md", old, new);
        assert_eq!(apply(old, &edits), new);
        assert!(edits.iter().all(|e| !old[e.span.start..e.span.end].contains("some")), "{edits:?}");
        assert_eq!(edits.len(), 2, "{edits:?}");
        let edits = edits_between("a.md", "[[Lenin#Revolution]], x", "[[Lenin#October]], x");
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].replacement, "October", "a word is replaced whole: {edits:?}");
        assert_eq!(words("[[A b]]é1"), ["[", "[", "A", " ", "b", "]", "]", "é1"]);
        for (old, new) in [("é", "è"), ("", "x"), ("abc", ""), ("a\nb\n", "a\nc\nb\n"), ("日本", "日本語")] {
            assert_eq!(apply(old, &edits_between("a.md", old, new)), new, "{old:?} -> {new:?}");
        }
        assert!(edits_between("a.md", "same", "same").is_empty());
    }

    #[test]
    fn minimal_edit_keeps_common_ends() {
        let e = minimal_edit("a.md", "see [[Old]] here", "see [[New]] here").unwrap();
        assert_eq!((e.span.start, e.span.end, e.replacement.as_str()), (6, 9, "New"));
        assert_eq!(minimal_edit("a.md", "same", "same"), None);
        // Not in the middle of a character.
        let e = minimal_edit("a.md", "é", "è").unwrap();
        assert_eq!((e.span.start, e.span.end), (0, 2));
    }
}
