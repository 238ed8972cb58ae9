//! Where a mention may be: the runs of plain text a reader sees as prose.
//!
//! The parser does not keep code spans, so this runs pulldown-cmark once more over the body,
//! with the parser's own options, and keeps only `Text` events outside headings, links,
//! images and code blocks (inline code, math and HTML are events of their own, never `Text`).
//! Wikilinks, tags, block ids and callout markers are plain text to pulldown-cmark: their
//! spans come from the parsed note and are cut out afterwards ([`Excluded`]). Bare URLs and
//! e-mail addresses inside a run are found here ([`urls`]). Obsidian comments `%%…%%` are
//! hidden in Reading view (their links are indexed like any other): they are found with the
//! parser's scanner ([`comments`]) and cut out of the runs.

use crate::note::Note;
use crate::parse::markdown_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

/// A run of prose, in bytes of the file as read (BOM included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    pub start: usize,
    pub end: usize,
    /// Inside a table, where a link's `|` must be written `\|`.
    pub in_table: bool,
}

/// Where the body starts: after the frontmatter, or after a BOM (the parser's offsets).
fn body_start(text: &str, note: &Note) -> usize {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    note.frontmatter.as_ref().map_or(bom, |f| f.loc.span.end.max(bom))
}

/// The runs of prose of `text`, in order, adjacent `Text` events merged (pulldown-cmark
/// splits a run at `[`, `]`, entities and the like, which would cut a name in two).
pub fn text_zones(text: &str, note: &Note) -> Vec<Zone> {
    let from = body_start(text, note);
    if from > text.len() || !text.is_char_boundary(from) {
        return Vec::new();
    }
    let mut zones: Vec<Zone> = Vec::new();
    // Code, math and HTML, where `%%` opens no comment.
    let mut opaque: Vec<(usize, usize)> = Vec::new();
    // Depth of enclosing constructs whose text is not prose.
    let mut skip = 0usize;
    let mut table = 0usize;
    for (event, range) in Parser::new_ext(&text[from..], markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_) => opaque.push((from + range.start, from + range.end)),
            _ => {}
        }
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock | TagEnd::MetadataBlock(_),
            ) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Table(_)) => table += 1,
            Event::End(TagEnd::Table) => table = table.saturating_sub(1),
            Event::Text(_) if skip == 0 => {
                let (start, end) = (from + range.start, from + range.end);
                let in_table = table > 0;
                match zones.last_mut() {
                    Some(last) if last.end == start && last.in_table == in_table => last.end = end,
                    _ => zones.push(Zone { start, end, in_table }),
                }
            }
            _ => {}
        }
    }
    cut(zones, &comments(text, from, &opaque))
}

/// `zones` without the bytes of `holes` (both sorted, holes not overlapping).
fn cut(zones: Vec<Zone>, holes: &[(usize, usize)]) -> Vec<Zone> {
    if holes.is_empty() {
        return zones;
    }
    let mut out = Vec::with_capacity(zones.len());
    let mut h = 0;
    for mut z in zones {
        while h < holes.len() && holes[h].1 <= z.start {
            h += 1;
        }
        let mut k = h;
        while k < holes.len() && holes[k].0 < z.end {
            let (hs, he) = holes[k];
            if hs > z.start {
                out.push(Zone { end: hs, ..z });
            }
            z.start = z.start.max(he);
            k += 1;
        }
        if z.start < z.end {
            out.push(z);
        }
    }
    out
}

pub use crate::parse::comment::comments;

/// Byte ranges no mention may touch: the note's links (wikilinks, embeds, Markdown links),
/// tags, block ids and callout markers. Sorted, with a running maximum of their ends so a
/// lookup is one binary search even when ranges nest.
#[derive(Debug, Default)]
pub struct Excluded {
    ranges: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

impl Excluded {
    pub fn of(note: &Note) -> Excluded {
        let mut ranges: Vec<(usize, usize)> = note
            .links
            .iter()
            .map(|l| l.loc.span)
            .chain(note.tags.iter().map(|t| t.loc.span))
            .chain(note.block_ids.iter().map(|b| b.loc.span))
            .chain(note.callouts.iter().map(|c| c.header.span))
            .map(|s| (s.start, s.end))
            .collect();
        ranges.sort_unstable();
        let mut max = 0;
        let max_end = ranges
            .iter()
            .map(|&(_, e)| {
                max = max.max(e);
                max
            })
            .collect();
        Excluded { ranges, max_end }
    }

    /// Whether `start..end` shares a byte with an excluded range.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let i = self.ranges.partition_point(|&(s, _)| s < end);
        i > 0 && self.max_end[i - 1] > start
    }
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)[^\s<>]*|[\w.+\-]+@[\w\-]+\.[\w.\-]+").expect("valid regex")
});

/// Bare URLs (`https://…`, `www.…`) and e-mail addresses in a run of text, as ranges of
/// `run` (a reader sees them as addresses, and a link inside one would break it).
pub fn urls(run: &str) -> Vec<(usize, usize)> {
    let bytes = run.as_bytes();
    let likely = memchr::memmem::find(bytes, b"://").is_some()
        || memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"www.").is_some()
        || memchr::memmem::find(bytes, b"WWW.").is_some();
    if !likely {
        return Vec::new();
    }
    URL.find_iter(run).map(|m| (m.start(), m.end())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_note;

    fn prose(text: &str) -> Vec<String> {
        let note = parse_note(text);
        let excluded = Excluded::of(&note);
        text_zones(text, &note)
            .into_iter()
            .map(|z| {
                // Cut the excluded ranges out, for a readable assertion.
                let mut s = String::new();
                for (i, c) in text[z.start..z.end].char_indices() {
                    let at = z.start + i;
                    if !excluded.overlaps(at, at + c.len_utf8()) {
                        s.push(c);
                    }
                }
                s
            })
            .collect()
    }

    #[test]
    fn only_prose_counts() {
        let text = "---\naliases: [Lenin]\n---\n# Lenin heading\nSaw Lenin `Lenin` $Lenin$ [Lenin](x.md) [[Lenin]] #lenin\n\n```\nLenin\n```\n\n    Lenin indented\n\n<div>Lenin</div>\n";
        assert_eq!(prose(text), vec!["Saw Lenin ", " ", " ", "  "]);
    }

    #[test]
    fn comments_are_not_prose() {
        let text = "a %%Lenin%% b %%%% c\n%%\nhidden\n%%\nd `%%` e `%%` f\n  %% g\nh %%\ni\n%%%\nj %% k\n%%%\nl %% m\n%%\nrest\n";
        assert_eq!(prose(text), vec!["a ", " b %%%% c", "d ", " e ", " f", "i", "l %% m"]);
        let code: Vec<(usize, usize)> = text.match_indices("`%%`").map(|(i, c)| (i, i + c.len())).collect();
        let found: Vec<&str> = comments(text, 0, &code).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["%%Lenin%%", "%%\nhidden\n%%", "%% g\nh %%", "%%%\nj %% k\n%%%", "%%\nrest\n"]);
        // Frontmatter is no comment, nor the `%%` in it.
        assert_eq!(prose("---\nx: \"%%\"\n---\nLenin\n"), vec!["Lenin"]);
    }

    #[test]
    fn runs_are_merged_across_brackets() {
        assert_eq!(prose("a [b] c\n"), vec!["a [b] c"]);
    }

    #[test]
    fn tables_are_marked() {
        let text = "| a | b |\n|---|---|\n| Lenin | x |\n";
        let note = parse_note(text);
        assert!(text_zones(text, &note).iter().any(|z| z.in_table && &text[z.start..z.end] == "Lenin"));
    }

    #[test]
    fn bom_and_frontmatter_offsets() {
        let text = "\u{FEFF}---\nx: 1\n---\nLenin\n";
        let note = parse_note(text);
        let zones = text_zones(text, &note);
        assert_eq!(zones.len(), 1);
        assert_eq!(&text[zones[0].start..zones[0].end], "Lenin");
    }

    #[test]
    fn urls_and_emails() {
        let run = "see https://example.org/Lenin and www.lenin.org or lenin@example.org, Lenin";
        let found: Vec<&str> = urls(run).into_iter().map(|(s, e)| &run[s..e]).collect();
        assert_eq!(found, vec!["https://example.org/Lenin", "www.lenin.org", "lenin@example.org"]);
    }
}
