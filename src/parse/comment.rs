//! Obsidian comments (`%%…%%`): where they are, and the `%% wikilint-… %%` directives among
//! them. Obsidian hides a comment in Reading view but indexes its links, so the parser keeps
//! the links and only records where the comments are.

use crate::note::{Directive, DirectiveKind, DirectiveRule, Note, Span};
use crate::text::LineIndex;

/// Obsidian comments in `text[from..]`, markers included, in order. As the spec has it
/// (§ Comments): an inline `%%…%%` closes on its own line and holds something; a line that
/// starts with `%%` (spaces before it only) and has no other `%` opens a block comment, which
/// ends after the next run of as many `%` as opened it, or at the end of the file. `%%%%`
/// is an empty comment, which is none. A `%%` in code, math or HTML (`opaque`, sorted by
/// start) opens nothing.
pub fn comments(text: &str, from: usize, opaque: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut at = from;
    let mut o = 0;
    while let Some(k) = memchr::memmem::find(&b[at..], b"%%") {
        let p = at + k;
        let q = p + b[p..].iter().take_while(|&&c| c == b'%').count();
        while o < opaque.len() && opaque[o].1 <= p {
            o += 1;
        }
        if o < opaque.len() && opaque[o].0 <= p {
            at = q;
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1).max(from);
        let line_end = memchr::memchr(b'\n', &b[q..]).map_or(b.len(), |i| q + i);
        let rest = &b[q..line_end];
        let block = b[line_start..p].iter().all(|&c| c == b' ')
            && memchr::memchr(b'%', rest).is_none()
            && !(q - p >= 4 && rest.iter().all(u8::is_ascii_whitespace));
        if block {
            let closer = vec![b'%'; q - p];
            let end = memchr::memmem::find(&b[q..], &closer).map_or(b.len(), |i| q + i + closer.len());
            out.push((p, end));
            at = end;
            continue;
        }
        match memchr::memmem::find(&b[p + 2..line_end], b"%%") {
            Some(c) if c > 0 => {
                let end = p + 2 + c + 2;
                out.push((p, end));
                at = end;
            }
            _ => at = q,
        }
    }
    out
}

/// Records the comments of the body (`text[from..]`, whose code, math and HTML are `opaque`)
/// and the directives among them.
pub(super) fn push_comments(text: &str, from: usize, opaque: &[(usize, usize)], lines: &LineIndex, note: &mut Note) {
    if memchr::memmem::find(&text.as_bytes()[from..], b"%%").is_none() {
        return;
    }
    for (start, end) in comments(text, from, opaque) {
        note.comments.push(Span { start, end });
        if let Some(d) = directive(text, start, end, lines) {
            note.directives.push(d);
        }
    }
}

/// The directive a comment holds: its text (markers and surrounding whitespace aside) starts
/// with a `wikilint-` word. The rules follow, separated by spaces or commas, up to a `--` that
/// starts a reason. A comment left open to the end of the note is none: it swallows the note.
fn directive(text: &str, start: usize, end: usize, lines: &LineIndex) -> Option<Directive> {
    let raw = &text[start..end];
    if raw.len() < 4 || !raw.ends_with("%%") {
        return None;
    }
    let open = raw.len() - raw.trim_start_matches('%').len();
    let close = raw.len() - raw.trim_end_matches('%').len();
    if open + close > raw.len() {
        return None;
    }
    let inner_start = start + open;
    let mut words = words(&text[inner_start..end - close]).map(|(i, w)| (inner_start + i, w));
    let (_, first) = words.next()?;
    let keyword = first.strip_suffix(':').unwrap_or(first);
    if !keyword.get(..9).is_some_and(|p| p.eq_ignore_ascii_case("wikilint-")) {
        return None;
    }
    let kind = match keyword.to_ascii_lowercase().as_str() {
        "wikilint-disable-next-line" => DirectiveKind::DisableNextLine,
        "wikilint-disable-line" => DirectiveKind::DisableLine,
        "wikilint-disable" => DirectiveKind::Disable,
        "wikilint-enable" => DirectiveKind::Enable,
        "wikilint-disable-file" => DirectiveKind::DisableFile,
        _ => DirectiveKind::Unknown(keyword.to_string()),
    };
    let rules = words
        .take_while(|(_, w)| !w.starts_with("--"))
        .map(|(at, w)| DirectiveRule { name: w.to_string(), loc: lines.loc(at, at + w.len()) })
        .collect();
    Some(Directive { kind, rules, loc: lines.loc(start, end) })
}

/// The words of `s` between whitespace and commas, each with its offset.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests {
    use crate::note::DirectiveKind;
    use crate::parse::parse_note;

    /// (kind, rules, first line, last line) of each directive.
    fn directives(text: &str) -> Vec<(DirectiveKind, Vec<String>, u32, u32)> {
        parse_note(text)
            .directives
            .into_iter()
            .map(|d| (d.kind, d.rules.into_iter().map(|r| r.name).collect(), d.loc.start.line, d.loc.end.line))
            .collect()
    }

    #[test]
    fn comments_are_found_outside_code() {
        let text = "a %%Lenin%% b %%%% c\n%%\nhidden\n%%\nd `%%` e `%%` f\n  %% g\nh %%\ni\n%%%\nj %% k\n%%%\nl %% m\n%%\nrest\n";
        let code: Vec<(usize, usize)> = text.match_indices("`%%`").map(|(i, c)| (i, i + c.len())).collect();
        let found: Vec<&str> = super::comments(text, 0, &code).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["%%Lenin%%", "%%\nhidden\n%%", "%% g\nh %%", "%%%\nj %% k\n%%%", "%%\nrest\n"]);
        let note = parse_note(text);
        let spans: Vec<&str> = note.comments.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(spans, found, "the parser finds the same, code spans excluded");
        assert!(note.in_comment(text.find("Lenin").unwrap()));
        assert!(!note.in_comment(text.find(" b ").unwrap()));
    }

    #[test]
    fn directives_name_rules_by_words_up_to_a_reason() {
        let text = "%% wikilint-disable-next-line broken-link, WL106 WL2 -- placeholders %%\n\
                    x %%wikilint-disable-line%%\n\
                    %% wikilint-disable: padded-link %%\n\
                    %%\nwikilint-enable\n  padded-link\n%%\n\
                    %% Wikilint-Disable-File %%\n\
                    %% wikilint-disable-nextline x %%\n\
                    %% not wikilint-disable %%\n%% wikilint %%\n";
        assert_eq!(
            directives(text),
            [
                (DirectiveKind::DisableNextLine, vec!["broken-link".into(), "WL106".into(), "WL2".into()], 1, 1),
                (DirectiveKind::DisableLine, vec![], 2, 2),
                (DirectiveKind::Disable, vec!["padded-link".into()], 3, 3),
                (DirectiveKind::Enable, vec!["padded-link".into()], 4, 7),
                (DirectiveKind::DisableFile, vec![], 8, 8),
                (DirectiveKind::Unknown("wikilint-disable-nextline".into()), vec!["x".into()], 9, 9),
            ]
        );
    }

    #[test]
    fn no_directive_in_code_math_html_frontmatter_or_an_open_comment() {
        let text = "---\nx: \"%% wikilint-disable %%\"\n---\n```\n%% wikilint-disable %%\n```\n\
                    `%% wikilint-disable %%` $%% wikilint-disable %%$\n\n<div>%% wikilint-disable %%</div>\n\n\
                    ```ad-note\n%% wikilint-disable %%\n```\n\n%%\nwikilint-disable\n";
        assert!(directives(text).is_empty());
    }

    #[test]
    fn a_rule_knows_its_place() {
        let note = parse_note("%% wikilint-disable-next-line  WL101 %%\n");
        let r = &note.directives[0].rules[0];
        assert_eq!((r.loc.start.line, r.loc.start.col, r.loc.span.end - r.loc.span.start), (1, 32, 5));
    }
}
