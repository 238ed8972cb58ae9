//! Block-level facts read from the raw text of a block pulldown-cmark found: heading text,
//! block ids, callout headers and Admonition parameters.

use crate::note::{Admonition, BlockId, Callout, Note, Problem, ProblemKind, Span};
use crate::text::{LineIndex, find_byte, lowercase, rfind_byte};

/// Obsidian's `HeadingCache.heading`: the raw text between the markers, trimmed. For a setext
/// heading only the last text line counts (Obsidian's parser, spec §7).
pub fn heading_text(raw: &str) -> Option<String> {
    let raw = raw.trim_end_matches(['\n', '\r']);
    if raw.is_empty() {
        return None;
    }
    // The last two lines and the first, found with byte searches: most headings are one ATX line.
    let bytes = raw.as_bytes();
    let last_break = rfind_byte(b'\n', bytes);
    let setext = last_break.filter(|&nl| is_setext_underline(&raw[nl + 1..])).map(|nl| {
        let before = raw[..nl].strip_suffix('\r').unwrap_or(&raw[..nl]);
        &before[rfind_byte(b'\n', before.as_bytes()).map_or(0, |i| i + 1)..]
    });
    let text = match setext {
        Some(before_last) => before_last.trim_start_matches(['>', ' ', '\t']).trim(),
        None => {
            let first_end = last_break.map_or(raw.len(), |_| find_byte(b'\n', bytes).unwrap_or(raw.len()));
            let first = &raw[..first_end];
            let line = first.strip_suffix('\r').unwrap_or(first).trim_start();
            let line = line.trim_start_matches('#');
            let line = line.trim_end();
            // A closing sequence of `#` counts only after a space (or when nothing else is left).
            let stripped = line.trim_end_matches('#');
            if stripped.is_empty() || stripped.ends_with([' ', '\t']) { stripped.trim() } else { line.trim() }
        }
    };
    Some(text.to_string())
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// A block id at the very end of a paragraph or list item, after whitespace (`text ^abc`),
/// or alone (`^abc`), made of ASCII letters, digits and `-` (spec §3.7).
#[inline]
pub fn push_block_id(text: &str, start: usize, end: usize, lines: &LineIndex, note: &mut Note) {
    if may_end_in_id(&text.as_bytes()[start..end]) {
        push_block_id_at_end(text, start, end, lines, note);
    }
}

/// Whether the last character before trailing whitespace could end an id. Most blocks end in
/// punctuation: that is told from the last bytes, without a call. ASCII whitespace is the only
/// whitespace a byte below 0x80 can be; a last byte above it may be a character `trim_end`
/// removes, and is left to the full check.
#[inline]
fn may_end_in_id(block: &[u8]) -> bool {
    let last = block.iter().rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'));
    last.is_some_and(|i| block[i].is_ascii_alphanumeric() || block[i] == b'-' || !block[i].is_ascii())
}

fn push_block_id_at_end(text: &str, start: usize, end: usize, lines: &LineIndex, note: &mut Note) {
    let block = text[start..end].trim_end();
    // Most blocks end in a word that is no id: `^` and id characters must end the block.
    let id_chars = block.bytes().rev().take_while(|&b| b.is_ascii_alphanumeric() || b == b'-').count();
    if id_chars == 0 || !block[..block.len() - id_chars].ends_with('^') {
        return;
    }
    // Only the last word can be an id: look at the tail, not the whole block.
    let word_start =
        block.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + block[i..].chars().next().map_or(1, char::len_utf8));
    let Some(id) = block[word_start..].strip_prefix('^') else { return };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return;
    }
    let caret = word_start;
    let at = start + caret;
    let span = Span { start, end: start + block.len() };
    // A list item's paragraph comes first; the item that holds it names the block.
    if let Some(known) = note.block_ids.iter_mut().find(|b| b.loc.span.start == at) {
        known.block = span;
        return;
    }
    note.block_ids.push(BlockId { id: id.to_string(), loc: lines.loc(at, at + 1 + id.len()), block: span });
}

/// The callout a blockquote opened at `start` (the `quote_depth`-th quote level on that line)
/// starts with `> [!type|meta]± title`, or a problem when its first line tries to be a callout
/// header and fails (`> [!note`, `> [! note]`, `> [!note-]`, `> [!note] - Title`).
pub fn push_callout(text: &str, start: usize, end: usize, quote_depth: usize, lines: &LineIndex, note: &mut Note) {
    let line_start = rfind_byte(b'\n', &text.as_bytes()[..start]).map_or(0, |p| p + 1);
    let line_end = find_byte(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |p| start + p);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let mut rest = line;
    for _ in 0..quote_depth {
        let Some(r) = rest.trim_start().strip_prefix('>') else { return };
        rest = r;
    }
    let rest = rest.trim_start();
    let at = line_start + (line.len() - rest.len());
    let Some(after_open) = rest.strip_prefix("[!") else { return };
    let mut problem = |message: String, len: usize| {
        let loc = lines.loc(at, at + len);
        note.problems.push(Problem { kind: ProblemKind::MalformedCallout, message, loc });
    };
    let Some(close) = after_open.find(']') else {
        let shown = rest.trim_end();
        problem(format!("`{shown}` is not closed by `]`, so Obsidian shows a plain quote, not a callout"), shown.len());
        return;
    };
    let header_len = 2 + close + 1;
    let inner = &after_open[..close];
    let (kind, metadata) = match inner.split_once('|') {
        Some((k, m)) => (k, Some(m.trim().to_string())),
        None => (inner, None),
    };
    let trimmed = kind.trim();
    if trimmed.is_empty() {
        problem("no callout type between `[!` and `]`".to_string(), header_len);
        return;
    }
    if trimmed.contains(char::is_whitespace) {
        let dashed = trimmed.split_whitespace().collect::<Vec<_>>().join("-");
        problem(
            format!("the callout type `{trimmed}` has a space, so Obsidian shows a plain quote; write `[!{dashed}]`"),
            header_len,
        );
        return;
    }
    if trimmed.len() != kind.len() {
        problem(format!("space inside the callout marker `[!{inner}]`; write `[!{trimmed}]`"), header_len);
    }
    let after = &after_open[close + 1..];
    let fold = after.chars().next().filter(|c| *c == '+' || *c == '-');
    if let Some(sign) = trimmed.chars().last().filter(|c| *c == '+' || *c == '-')
        && trimmed.len() > 1
    {
        let base = &trimmed[..trimmed.len() - 1];
        problem(
            format!(
                "the fold marker `{sign}` is inside the brackets, so the type is `{trimmed}`; write `[!{base}]{sign}`"
            ),
            header_len,
        );
    } else if fold.is_none() {
        let spaced = after.trim_start_matches([' ', '\t']);
        if spaced.len() < after.len()
            && let Some(sign) = spaced.chars().next().filter(|c| *c == '+' || *c == '-')
            && spaced[1..].chars().next().is_none_or(char::is_whitespace)
        {
            problem(
                format!(
                    "the fold marker `{sign}` is separated from `]`, so the callout does not fold and its title \
                     starts with `{sign}`; write `[!{trimmed}]{sign}`"
                ),
                header_len + (after.len() - spaced.len()) + 1,
            );
        }
    }
    let title = after[fold.map_or(0, |_| 1)..].trim().to_string();
    note.callouts.push(Callout {
        kind: lowercase(trimmed),
        metadata,
        fold,
        title,
        loc: lines.loc(start, end),
        header: lines.loc(at, at + header_len),
    });
}

/// Admonition parameters (spec §5.2): a leading run of `title:`/`collapse:`/`icon:`/`color:`/
/// `metadata:` lines, stopping at any other line or a repeated key. Records the block and
/// returns where its body starts.
pub fn push_admonition(
    text: &str,
    kind: String,
    (start, end): (usize, usize),
    content: Option<(usize, usize)>,
    lines: &LineIndex,
    note: &mut Note,
) -> usize {
    const KEYS: [&str; 5] = ["title:", "collapse:", "icon:", "color:", "metadata:"];
    let fence = &text[start..end];
    let kind_at = fence.find("ad-").map_or(start, |p| start + p);
    let kind_loc = lines.loc(kind_at, kind_at + 3 + kind.len());
    let mut ad = Admonition {
        kind,
        title: None,
        collapse: None,
        loc: lines.loc(start, end),
        kind_loc,
        collapse_loc: None,
        stray_params: Vec::new(),
    };
    let Some((content_start, content_end)) = content else {
        note.admonitions.push(ad);
        return end;
    };
    let line_at = |at: usize| text[at..content_end].find('\n').map_or(content_end, |p| at + p + 1);
    let mut seen = [false; 5];
    let mut at = content_start;
    while at < content_end {
        let line_end = line_at(at);
        let line = &text[at..line_end];
        let Some(k) = KEYS.iter().position(|k| line.starts_with(k)) else { break };
        if seen[k] {
            break;
        }
        seen[k] = true;
        let raw = &line[KEYS[k].len()..];
        let value = raw.trim();
        match k {
            0 => ad.title = Some(value.to_string()),
            1 => {
                ad.collapse = Some(value.to_string());
                let v = at + KEYS[k].len() + (raw.len() - raw.trim_start_matches([' ', '\t']).len());
                ad.collapse_loc = Some(lines.loc(v, v + value.len()));
            }
            _ => {}
        }
        at = line_end;
    }
    let body = at;
    // Parameter-like lines the plugin reads as body text: a key at the start of any later line
    // (up to a nested fence, whose content is code), and an indented or capitalised key on the
    // first line of the body.
    let mut first = true;
    while at < content_end {
        let line_end = line_at(at);
        let line = text[at..line_end].trim_end_matches(['\n', '\r']);
        let lead = line.trim_start();
        if lead.starts_with("```") || lead.starts_with("~~~") {
            break;
        }
        let stray = if first {
            KEYS.iter().any(|k| {
                lead.len() >= k.len() && lead.is_char_boundary(k.len()) && lead[..k.len()].eq_ignore_ascii_case(k)
            })
        } else {
            KEYS.iter().any(|k| line.starts_with(k))
        };
        if stray {
            let s = at + (line.len() - lead.len());
            ad.stray_params.push(lines.loc(s, s + lead.trim_end().len()));
        }
        first = false;
        at = line_end;
    }
    note.admonitions.push(ad);
    body
}

#[cfg(test)]
mod tests {
    use crate::note::Note;
    use crate::parse::parse_note;
    use crate::text::LineIndex;

    proptest::proptest! {
        /// The byte pre-check turns away only blocks the full check finds no id in: Unicode
        /// whitespace after an id (U+3000, U+0085, NBSP), `\r\n`, a BOM, ids and near-ids.
        #[test]
        fn block_id_precheck_agrees_with_the_full_check(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z0-9 ^.-]{0,8}").unwrap(),
                    proptest::strategy::Just("^ab-1".to_string()),
                    proptest::strategy::Just(" ^x".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("\t".to_string()),
                    proptest::strategy::Just("\u{3000}".to_string()),
                    proptest::strategy::Just("\u{85}".to_string()),
                    proptest::strategy::Just("\u{A0}".to_string()),
                    proptest::strategy::Just("\u{FEFF}".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("\x0b\x0c\x1f".to_string()),
                ],
                0..10,
            ),
        ) {
            let text: String = parts.concat();
            let lines = LineIndex::new(&text);
            let (mut fast, mut full) = (Note::default(), Note::default());
            super::push_block_id(&text, 0, text.len(), &lines, &mut fast);
            super::push_block_id_at_end(&text, 0, text.len(), &lines, &mut full);
            proptest::prop_assert_eq!(fast.block_ids, full.block_ids);
        }
    }

    #[test]
    fn callout_headers() {
        let n = parse_note("> [!info|wide] Title\n\n> > [!todo] Nested\n\n> [! note] spaced\n\n> [!note\n");
        let c: Vec<_> = n.callouts.iter().map(|c| (c.kind.as_str(), c.header.start.col, c.header.end.col)).collect();
        assert_eq!(c, [("info", 3, 15), ("todo", 5, 12), ("note", 3, 11)]);
        assert_eq!(n.callouts[0].metadata.as_deref(), Some("wide"));
        assert_eq!(n.problems.len(), 2, "{:?}", n.problems);
        // A nested quote is its own callout only when its own first line says so.
        let n = parse_note("> [!question] Q\n> > [!todo] Yes\n");
        assert_eq!(n.callouts.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(), ["question", "todo"]);
        assert_eq!(n.callouts[1].header.start.col, 5);
    }

    #[test]
    fn admonition_facts() {
        // T-116..T-119
        let n =
            parse_note("```ad-tip\ntitle: Custom\ncollapse: maybe\nBody\ntitle: X\n```\n\n```ad-tip\n title: X\n```\n");
        let a = &n.admonitions[0];
        assert_eq!(
            (a.kind.as_str(), a.title.as_deref(), a.collapse.as_deref()),
            ("tip", Some("Custom"), Some("maybe"))
        );
        assert_eq!((a.kind_loc.start.col, a.kind_loc.end.col), (4, 10));
        assert_eq!(a.collapse_loc.map(|l| (l.start.line, l.start.col)), Some((3, 11)));
        assert_eq!(a.stray_params.iter().map(|l| l.start.line).collect::<Vec<_>>(), [5]);
        let b = &n.admonitions[1];
        assert_eq!((b.title.as_deref(), b.stray_params.len()), (None, 1));
    }
}
