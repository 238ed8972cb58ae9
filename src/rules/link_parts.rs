//! Where the parts of a link sit in the file, recovered from the link as written: what the
//! fixes that rewrite a target need (the parser keeps the whole link's span only).

use crate::note::{Link, LinkKind, Span};
use crate::text::{is_js_space, js_trim};

/// The target as written between `[[` and the first `|` (or `]]`) of a wikilink or embed,
/// padding included, as a span of the file.
pub fn raw_target(link: &Link) -> Option<Span> {
    if !matches!(link.kind, LinkKind::Wikilink | LinkKind::Embed) || !consistent(link) {
        return None;
    }
    let open = if link.original.starts_with("![[") { 3 } else { 2 };
    let inner = link.original.get(open..link.original.len().checked_sub(2)?)?;
    // The same split as the parser's (`parse::wikilink::split_inner`).
    let raw = match inner.find('|') {
        Some(i) if i > 0 && !js_trim(&inner[..i]).is_empty() => &inner[..i],
        _ => inner,
    };
    let start = link.loc.span.start + open;
    Some(Span { start, end: start + raw.len() })
}

/// The target without the padding Obsidian trims.
pub fn trimmed_target(link: &Link) -> Option<Span> {
    let raw = raw_target(link)?;
    let text = &link.original[raw.start - link.loc.span.start..raw.end - link.loc.span.start];
    let lead = text.len() - text.trim_start_matches(is_js_space).len();
    let trail = text.len() - text.trim_end_matches(is_js_space).len();
    (lead + trail < text.len()).then(|| Span { start: raw.start + lead, end: raw.end - trail })
}

/// The linkpath (the part before `#`) as written, when it is written exactly as the parser
/// read it (no NBSP or decomposed characters to clean, no percent-encoding): the span a
/// rewrite of the path replaces. Wikilinks, embeds and plain Markdown destinations.
pub fn linkpath(link: &Link) -> Option<Span> {
    let written = link.linkpath();
    if written.is_empty() {
        return None;
    }
    let start = match link.kind {
        LinkKind::Wikilink | LinkKind::Embed => trimmed_target(link)?.start,
        LinkKind::Markdown | LinkKind::MarkdownImage if consistent(link) => {
            let dest = link.original.rfind("](")? + 2;
            link.loc.span.start + dest
        }
        _ => return None,
    };
    let at = start - link.loc.span.start;
    link.original.get(at..)?.starts_with(written).then(|| Span { start, end: start + written.len() })
}

/// The parser's span covers exactly the link as written.
fn consistent(link: &Link) -> bool {
    link.loc.span.end.checked_sub(link.loc.span.start) == Some(link.original.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_note;

    fn parts(text: &str) -> Vec<(Option<&str>, Option<&str>, Option<&str>)> {
        let note = parse_note(text);
        let cut = |s: Option<Span>| s.map(|s| &text[s.start..s.end]);
        let out: Vec<_> =
            note.links.iter().map(|l| (cut(raw_target(l)), cut(trimmed_target(l)), cut(linkpath(l)))).collect();
        // Leaks are fine in a test: the strings borrow `text`, which lives as long.
        out.into_iter().map(|(a, b, c)| (a.map(leak), b.map(leak), c.map(leak))).collect()
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    #[test]
    fn finds_the_parts() {
        let got = parts("x [[ a b #h| d ]] ![[img.png|200]] [t](Some%20Note.md) [u](Note.md#x)\n");
        assert_eq!(got[0], (Some(" a b #h"), Some("a b #h"), Some("a b ")));
        assert_eq!(got[1], (Some("img.png"), Some("img.png"), Some("img.png")));
        assert_eq!(got[2], (None, None, None), "percent-encoded: the path is not written as read");
        assert_eq!(got[3], (None, None, Some("Note.md")));
    }

    #[test]
    fn table_pipes() {
        let got = parts("| a | b |\n|---|---|\n| [[Note\\|Alias]] | x |\n");
        assert_eq!(got[0].0, Some("Note\\"));
        assert_eq!(got[0].2, Some("Note"));
    }
}
