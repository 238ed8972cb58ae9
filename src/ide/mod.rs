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
/// kept): what a whole-file rewrite becomes in an editor, so the cursor and the undo history
/// keep their place.
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

#[cfg(test)]
mod tests {
    use super::*;

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
