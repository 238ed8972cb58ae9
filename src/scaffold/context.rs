//! The sentence around a link, as plain Markdown for a stub's "Mentioned in" list: what the
//! vault already says about the missing note.
//!
//! The sentence is cut from the linking note's own text (its byte spans come from the
//! parser). Links inside it become their display text, the link to the stub in bold, so the
//! stub adds no links, tags or comments to the vault; block markers, block ids and
//! `%%` are dropped.

use crate::note::{Link, LinkKind};

/// Longest context kept, in characters; a longer sentence is cut around the link.
const MAX_CHARS: usize = 280;

/// The sentence holding `links[which]` in `text`, or `None` when the text no longer holds
/// the link where the parser saw it (the file changed) or nothing readable is left.
/// `same_target` tells which links name the stub (they are set in bold).
pub fn sentence(text: &str, links: &[Link], which: usize, same_target: impl Fn(&Link) -> bool) -> Option<String> {
    let link = links.get(which)?;
    let span = link.loc.span;
    if text.get(span.start..span.end)? != link.original {
        return None;
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    let in_line: Vec<&Link> = links
        .iter()
        .filter(|l| !matches!(l.kind, LinkKind::Frontmatter { .. }))
        .filter(|l| l.loc.span.start >= line_start && l.loc.span.end <= line_end && l.loc.span.end > l.loc.span.start)
        .filter(|l| text.get(l.loc.span.start..l.loc.span.end) == Some(l.original.as_str()))
        .collect();
    let inside_link = |i: usize| in_line.iter().any(|l| l.loc.span.start <= i && i < l.loc.span.end);

    // Sentence bounds: after the last terminator before the link, through the first after it.
    let mut start = line_start;
    for (i, c) in text[line_start..span.start].char_indices().map(|(i, c)| (line_start + i, c)) {
        if let Some(after) = terminator_end(text, i, c, line_end)
            && !inside_link(i)
            && after <= span.start
        {
            start = after;
        }
    }
    let mut end = line_end;
    for (i, c) in text[span.end..line_end].char_indices().map(|(i, c)| (span.end + i, c)) {
        if !inside_link(i)
            && let Some(after) = terminator_end(text, i, c, line_end)
        {
            end = after;
            break;
        }
    }
    if start == line_start {
        start = skip_block_markers(text, line_start, span.start);
    }
    if end == line_end {
        end = strip_block_id(text, start, end);
    }

    // Copy, links replaced by their text.
    let mut out = String::new();
    let mut mention_at = None;
    let mut at = start;
    let mut spans: Vec<&Link> =
        in_line.iter().copied().filter(|l| l.loc.span.start >= start && l.loc.span.end <= end).collect();
    spans.sort_by_key(|l| l.loc.span.start);
    for l in spans {
        if l.loc.span.start < at {
            continue;
        }
        out.push_str(&text[at..l.loc.span.start]);
        let shown = shown_text(l);
        let is_this = std::ptr::eq(l, link);
        if same_target(l) && !shown.is_empty() {
            if is_this {
                mention_at = Some(out.chars().count());
            }
            out.push_str("**");
            out.push_str(&shown);
            out.push_str("**");
        } else if !l.is_embed() {
            out.push_str(&shown);
        }
        at = l.loc.span.end;
    }
    out.push_str(&text[at..end]);
    let out = clean(&out);
    let out = shorten(&out, mention_at.unwrap_or(0));
    (!out.is_empty()).then_some(out)
}

/// Where a sentence ends if `c` at `i` ends one: `.`, `!`, `?` or `…` (closing quotes and
/// brackets included) followed by a space or the end of the line; CJK stops need no space.
fn terminator_end(text: &str, i: usize, c: char, line_end: usize) -> Option<usize> {
    let after = i + c.len_utf8();
    if matches!(c, '。' | '！' | '？') {
        return Some(after);
    }
    if !matches!(c, '.' | '!' | '?' | '…') {
        return None;
    }
    if c == '.' && abbreviation(&text[..i]) {
        return None;
    }
    let rest = &text[after..line_end];
    let closing = rest.len() - rest.trim_start_matches(['"', '\'', '”', '’', ')', '»', '*', '_']).len();
    let next = rest[closing..].chars().next();
    match next {
        None => Some(after + closing),
        Some(n) if n.is_whitespace() => Some(after + closing),
        _ => None,
    }
}

/// Whether the word before a `.` is an abbreviation or an initial (`e.g.`, `Dr.`, `V. I. Lenin`).
fn abbreviation(before: &str) -> bool {
    const WORDS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "vs", "cf", "etc", "no", "nos", "jr", "sr", "prof", "gen", "col", "lt", "sgt",
        "fig", "vol", "ed", "eds", "approx", "ca", "pp", "p",
    ];
    let word = before.rsplit(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    WORDS.contains(&lower.as_str())
        || word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Past `> `, list markers, task boxes, heading `#`s and a callout's `[!type]` at the start
/// of a line.
fn skip_block_markers(text: &str, mut at: usize, limit: usize) -> usize {
    loop {
        let rest = &text[at..limit];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let mut skip = rest.len() - trimmed.len();
        let t = trimmed;
        let marker = if let Some(r) = t.strip_prefix('>') {
            Some(t.len() - r.len())
        } else if let Some(r) = t.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with([' ', '\t'])) {
            Some(t.len() - r.len())
        } else if t.starts_with('#') {
            let hashes = t.len() - t.trim_start_matches('#').len();
            (hashes <= 6 && t[hashes..].starts_with([' ', '\t'])).then_some(hashes)
        } else if t.starts_with(|c: char| c.is_ascii_digit()) {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits <= 9 && t[digits..].starts_with(['.', ')']) && t[digits + 1..].starts_with([' ', '\t']))
                .then_some(digits + 1)
        } else if t.starts_with("[!") {
            t.find(']').map(|i| {
                let after = &t[i + 1..];
                i + 1 + usize::from(after.starts_with(['+', '-']))
            })
        } else if t.starts_with("[ ] ") || t.starts_with("[x] ") || t.starts_with("[X] ") {
            Some(3)
        } else {
            None
        };
        match marker {
            Some(m) if m > 0 => {
                skip += m;
                at += skip;
            }
            _ => return at + skip,
        }
    }
}

/// Drops a trailing ` ^block-id`.
fn strip_block_id(text: &str, start: usize, end: usize) -> usize {
    let s = &text[start..end];
    let trimmed = s.trim_end();
    if let Some(caret) = trimmed.rfind('^') {
        let id = &trimmed[caret + 1..];
        let before = &trimmed[..caret];
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && before.ends_with([' ', '\t'])
        {
            return start + before.trim_end().len();
        }
    }
    start + trimmed.len()
}

/// What a reader sees of a link.
fn shown_text(l: &Link) -> String {
    let raw = match &l.display {
        Some(d) if !d.trim().is_empty() => d.trim().to_string(),
        _ => l.target.clone(),
    };
    raw.replace("[[", "").replace("]]", "")
}

/// One line, no comment markers, and `#tag` or a leading `#` defused so the stub gets no tag
/// or heading from a quotation.
fn clean(s: &str) -> String {
    let s = s.replace("%%", "");
    let mut out = String::with_capacity(s.len());
    let mut prev_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
            continue;
        }
        if c == '#' && prev_space {
            out.push('\\');
        }
        out.push(c);
        prev_space = false;
    }
    out.trim_end().to_string()
}

/// At most [`MAX_CHARS`] characters, cut at spaces around the mention, with `…`.
fn shorten(s: &str, mention: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= MAX_CHARS {
        return s.to_string();
    }
    let half = MAX_CHARS / 2;
    let mut from = mention.saturating_sub(half).min(chars.len().saturating_sub(MAX_CHARS));
    let mut to = (from + MAX_CHARS).min(chars.len());
    if from > 0 {
        while from < to && !chars[from - 1].is_whitespace() {
            from += 1;
        }
    }
    if to < chars.len() {
        while to > from && !chars[to].is_whitespace() {
            to -= 1;
        }
    }
    let mut out: String = chars[from..to].iter().collect::<String>().trim().to_string();
    // Do not leave a bold marker open.
    if out.matches("**").count() % 2 == 1 {
        out = out.replace("**", "");
    }
    format!("{}{out}{}", if from > 0 { "…" } else { "" }, if to < chars.len() { "…" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::unresolved_key;
    use crate::parse::parse_note;

    /// The context of each link to `key` in `text`.
    fn contexts(text: &str, key: &str) -> Vec<Option<String>> {
        let note = parse_note(text);
        let same = |l: &Link| unresolved_key(l.linkpath()).to_lowercase() == key;
        (0..note.links.len()).filter(|&i| same(&note.links[i])).map(|i| sentence(text, &note.links, i, same)).collect()
    }

    fn one(text: &str, key: &str) -> String {
        contexts(text, key).remove(0).unwrap()
    }

    #[test]
    fn cuts_the_sentence_around_the_link() {
        let t = "# T\nFirst one. Then [[Lenin]] and [[Trotsky|Leon]] spoke, e.g. loudly! Last one.\n";
        assert_eq!(one(t, "lenin"), "Then **Lenin** and Leon spoke, e.g. loudly!");
        assert_eq!(one(t, "trotsky"), "Then Lenin and **Leon** spoke, e.g. loudly!");
    }

    #[test]
    fn block_markup_is_dropped() {
        assert_eq!(one("- [ ] ask [[Lenin]] ^task-1\n", "lenin"), "ask **Lenin**");
        assert_eq!(one("> [!quote]+ From [[Lenin]]\n", "lenin"), "From **Lenin**");
        assert_eq!(one("## About [[Lenin]]\n", "lenin"), "About **Lenin**");
        assert_eq!(one("1. [[Lenin]] #person %%x%%\n", "lenin"), "**Lenin** \\#person x");
        assert_eq!(one("a\r\nSee [[Lenin.md#Life|his life]].\r\n", "lenin"), "See **his life**.");
    }

    #[test]
    fn terminators_inside_links_do_not_cut() {
        let t = "Read [[Dr. No]]. Then [[What? Now]] was [[Lenin]] said. Next.\n";
        assert_eq!(one(t, "lenin"), "Then What? Now was **Lenin** said.");
        assert_eq!(one("“Quote.” See [[Lenin]].\n", "lenin"), "See **Lenin**.");
    }

    #[test]
    fn embeds_vanish_and_long_sentences_are_cut() {
        assert_eq!(one("![[x.png]] [[Lenin]] here\n", "lenin"), "**Lenin** here");
        let long = format!("{} [[Lenin]] {}\n", "word ".repeat(100), "more ".repeat(100));
        let got = one(&long, "lenin");
        assert!(got.starts_with('…') && got.ends_with('…') && got.contains("**Lenin**"), "{got}");
        assert!(got.chars().count() <= MAX_CHARS + 2);
    }

    #[test]
    fn a_changed_file_gives_no_context() {
        let note = parse_note("See [[Lenin]].\n");
        assert_eq!(sentence("Changed text here", &note.links, 0, |_| true), None);
    }
}
