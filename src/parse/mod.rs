//! `parse_note`: text in, facts with byte spans out. Pure: no I/O, no knowledge of other notes.
//!
//! pulldown-cmark tells us where Markdown puts code, math, HTML, tables, headings, quotes and
//! Markdown links; Obsidian's own wikilink tokenizer (`wikilink.rs`) then runs over the rest.
//! Frontmatter is located by Obsidian's rules (`frontmatter.rs`) rather than pulldown-cmark's
//! YAML-metadata option, which also accepts `...` as a closer; the body after it is parsed alone.

pub mod block;
pub mod canvas;
pub mod comment;
pub mod frontmatter;
pub mod properties;
pub mod script;
mod simple_yaml;
pub mod wikilink;

use crate::note::{Heading, Link, LinkKind, Note, Problem, ProblemKind, Tag};
use crate::text::{LineIndex, clean_target, decode_uri};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag as MdTag, TagEnd};

/// The one place that decides which Markdown dialect we parse: Obsidian's (GFM tables,
/// footnotes, strikethrough, task lists, `$` math).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

pub fn parse_note(text: &str) -> Note {
    // Where a tag could start, found with the line starts in one pass over the text: most runs
    // of text hold none. The vector is kept per thread, like the scratch below.
    let mut hashes = HASHES.with(|c| std::mem::take(&mut *c.borrow_mut()));
    hashes.clear();
    let lines = LineIndex::with_hashes(text, &mut hashes);
    // The parse fills vectors kept per thread, which have room from the notes before, then
    // moves what it found into vectors of just the right size: no growing while parsing, and
    // no spare room in the notes a vault (and the watcher) keeps.
    let mut note = NOTE_SCRATCH.with(|c| std::mem::take(&mut *c.borrow_mut()));
    let base = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut body_start = base;
    if let Some(block) = frontmatter::locate(text, base) {
        note.frontmatter = Some(frontmatter::parse(text, block, &lines, &mut note.links, &mut note.problems));
        body_start = block.end;
    } else {
        frontmatter::absent(text, base, &lines, &mut note.problems);
    }
    let frontmatter_links = note.links.len();
    // The `#`s in the frontmatter are not the body's.
    let body_hashes = &hashes[hashes.partition_point(|&h| h < body_start)..];
    parse_markdown(text, body_start, text.len(), Some(body_hashes), &lines, &mut note);
    HASHES.with(|c| *c.borrow_mut() = hashes);
    note.links[frontmatter_links..].sort_by_key(|l| l.loc.span.start);
    // Those of ad- blocks come after the rest.
    note.tables.sort_unstable_by_key(|t| t.start);
    let exact = Note {
        frontmatter: note.frontmatter.take(),
        links: exact(&mut note.links),
        headings: exact(&mut note.headings),
        block_ids: exact(&mut note.block_ids),
        tags: exact(&mut note.tags),
        callouts: exact(&mut note.callouts),
        admonitions: exact(&mut note.admonitions),
        problems: exact(&mut note.problems),
        tables: exact(&mut note.tables),
        comments: exact(&mut note.comments),
        directives: exact(&mut note.directives),
    };
    NOTE_SCRATCH.with(|c| *c.borrow_mut() = note);
    exact
}

thread_local! {
    static NOTE_SCRATCH: std::cell::RefCell<Note> = std::cell::RefCell::default();
    static HASHES: std::cell::RefCell<Vec<usize>> = std::cell::RefCell::default();
}

/// Moves the items of `v` into a vector with no spare room, leaving `v` empty with its room.
fn exact<T>(v: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(v.len());
    out.append(v);
    out
}

/// A destination with a URL scheme (`https:`, `mailto:`, `obsidian:`) is a web link (§2.2).
pub fn is_external(dest: &str) -> bool {
    let mut chars = dest.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-') => {}
            _ => return false,
        }
    }
    false
}

/// The offsets of every `](` in `hay`. One searcher for the whole run: it looks for both
/// bytes at once, where a search for `]` stops at every wikilink's `]]` (a hundred times
/// more of those than of `](` in a typical vault).
fn link_closers(hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    static CLOSER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"]("));
    CLOSER.find_iter(hay)
}

/// Ranges of the text where Markdown says no link can start, and table cells, which a
/// wikilink may not cross.
#[derive(Default)]
struct Regions {
    opaque: Vec<(usize, usize)>,
    tables: Vec<(usize, usize)>,
    cells: Vec<(usize, usize)>,
}

impl Regions {
    fn blocks_link(&self, start: usize, end: usize) -> bool {
        if inside(&self.opaque, start) {
            return true;
        }
        if inside(&self.tables, start) {
            let i = self.cells.partition_point(|&(s, _)| s <= start);
            return i == 0 || !(start < self.cells[i - 1].1 && end <= self.cells[i - 1].1);
        }
        false
    }
}

/// Whether `at` falls inside one of the sorted, possibly nested ranges.
fn inside(ranges: &[(usize, usize)], at: usize) -> bool {
    let i = ranges.partition_point(|&(s, _)| s <= at);
    ranges[..i].iter().rev().take(8).any(|&(s, e)| s <= at && at < e)
}

/// Buffers `parse_markdown` needs only while it runs, kept per thread so that a note's parse
/// starts with room from the notes before instead of growing fresh vectors every time.
#[derive(Default)]
struct Scratch {
    regions: Regions,
    items: Vec<(usize, usize, Option<usize>)>,
    /// The spans pulldown-cmark read as wikilinks, when its wikilink option is on.
    wikilinks: Vec<(usize, usize)>,
    /// The spans of the inline Markdown links and images, external ones too.
    inline_links: Vec<(usize, usize)>,
}

impl Scratch {
    fn take() -> Scratch {
        let mut s = SCRATCH.with(|c| std::mem::take(&mut *c.borrow_mut()));
        s.regions.opaque.clear();
        s.regions.tables.clear();
        s.regions.cells.clear();
        s.items.clear();
        s.wikilinks.clear();
        s.inline_links.clear();
        s
    }

    fn give_back(self) {
        SCRATCH.with(|c| *c.borrow_mut() = self);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

struct AdBlock {
    kind: String,
    start: usize,
    end: usize,
    content: Option<(usize, usize)>,
}

/// Parses `text[from..to]` as Markdown into `note`. `hashes`: the offsets of the `#`s in it, in
/// order (the parse looks for tags there), or `None` for a hidden parse (the text of an ad-
/// block, which holds no tags).
///
/// pulldown-cmark's own wikilink option makes it take `[[…]]` as one link instead of trying
/// each bracket as a reference link, which on a note full of wikilinks is a good part of its
/// work (6% of the instructions of a check of 10 000 notes). The links themselves always come
/// from `wikilink.rs`,
/// but the option changes what else pulldown reports where its idea of a wikilink is not
/// Obsidian's, and around Markdown links (a link cannot hold a link, so `[see [[A]]](b.md)` is
/// no Markdown link with it). So the result is kept only when pulldown's wikilinks are exactly
/// the ones `wikilink.rs` found, and every `](` in the text (every inline Markdown link and
/// image has one) lies inside a Markdown link or image that was read, or in code, math or
/// HTML; otherwise the text is parsed again without the option. A proptest checks that the two
/// parses agree.
fn parse_markdown(text: &str, from: usize, to: usize, hashes: Option<&[usize]>, lines: &LineIndex, note: &mut Note) {
    #[cfg(not(test))]
    let fast = true;
    #[cfg(test)]
    let fast = tests::FORCE_WIKILINKS.get().unwrap_or(true);
    if fast {
        let before = Lengths::of(note);
        if parse_markdown_with(text, from, to, hashes, true, lines, note) {
            return;
        }
        before.truncate(note);
    }
    parse_markdown_with(text, from, to, hashes, false, lines, note);
}

/// How many items each list of a note held, to take back what a parse added.
struct Lengths([usize; 10]);

impl Lengths {
    fn of(n: &Note) -> Lengths {
        Lengths([
            n.links.len(),
            n.headings.len(),
            n.block_ids.len(),
            n.tags.len(),
            n.callouts.len(),
            n.admonitions.len(),
            n.problems.len(),
            n.tables.len(),
            n.comments.len(),
            n.directives.len(),
        ])
    }

    fn truncate(&self, n: &mut Note) {
        let [links, headings, block_ids, tags, callouts, admonitions, problems, tables, comments, directives] = self.0;
        n.links.truncate(links);
        n.headings.truncate(headings);
        n.block_ids.truncate(block_ids);
        n.tags.truncate(tags);
        n.callouts.truncate(callouts);
        n.admonitions.truncate(admonitions);
        n.problems.truncate(problems);
        n.tables.truncate(tables);
        n.comments.truncate(comments);
        n.directives.truncate(directives);
    }
}

/// One parse of `text[from..to]`; with `wikilinks`, pulldown-cmark's wikilink option is on, and
/// `false` means its wikilinks differ from Obsidian's: the caller throws this parse away.
#[allow(clippy::too_many_arguments)]
fn parse_markdown_with(
    text: &str,
    from: usize,
    to: usize,
    hashes: Option<&[usize]>,
    wikilinks: bool,
    lines: &LineIndex,
    note: &mut Note,
) -> bool {
    let src = &text[from..to];
    let hidden = hashes.is_none();
    let hashes = hashes.unwrap_or_default();
    // A hidden parse runs inside another one, which holds the scratch: it starts afresh.
    let mut scratch = Scratch::take();
    let Scratch { regions, items, wikilinks: pulldown_wikilinks, inline_links } = &mut scratch;
    let options = if wikilinks { markdown_options() | Options::ENABLE_WIKILINKS } else { markdown_options() };
    let mut depth = 0usize; // enclosing quotes, lists, items, footnotes: headings there are not linkable
    let mut quote_depth = 0usize;
    let mut code: Option<AdBlock> = None;
    let mut ad_blocks = Vec::new();
    // The Markdown link whose text is being read (its display text).
    let mut md_link: Option<usize> = None;
    let mut next_hash = 0; // the first `#` not before the last run of text (runs come in order)
    let tags_before = note.tags.len();
    let problems_before = note.problems.len();
    let markdown_links_from = note.links.len();
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        let (start, end) = (from + range.start, from + range.end);
        // Most events are plain text outside link labels and code, and most of those hold no
        // `#`: they are done with before the general dispatch below.
        if let Event::Text(ref t) = event
            && md_link.is_none()
            && code.is_none()
        {
            let owns_nothing = !matches!(t, CowStr::Boxed(_));
            if let Some(first) = first_hash_in(hashes, &mut next_hash, start, end) {
                push_tags(text, start, end, &hashes[first..], lines, note);
            }
            // Text borrowed from the note (or inlined) holds no memory: dropping it would only
            // be a call into the drop glue of all events.
            if owns_nothing {
                std::mem::forget(event);
            }
            continue;
        }
        match event {
            Event::Text(ref t) | Event::Code(ref t) if md_link.is_some() => {
                let link = &mut note.links[md_link.unwrap()];
                link.display.get_or_insert_with(String::new).push_str(t);
                if matches!(event, Event::Code(_)) {
                    regions.opaque.push((start, end));
                } else if let Some(first) = first_hash_in(hashes, &mut next_hash, start, end) {
                    push_tags(text, start, end, &hashes[first..], lines, note);
                }
            }
            Event::Start(MdTag::CodeBlock(kind)) => {
                regions.opaque.push((start, end));
                let kind = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.split_whitespace().next().and_then(|l| l.strip_prefix("ad-")).map(String::from)
                    }
                    CodeBlockKind::Indented => None,
                };
                code = Some(AdBlock { kind: kind.unwrap_or_default(), start, end, content: None });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = code.take().filter(|b| !b.kind.is_empty()) {
                    ad_blocks.push(block);
                }
            }
            Event::Text(_) if code.is_some() => {
                let block = code.as_mut().unwrap();
                let first = block.content.map_or(start, |c| c.0);
                block.content = Some((first, end));
            }
            Event::Start(MdTag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) | Event::Code(_) => {
                regions.opaque.push((start, end))
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => regions.opaque.push((start, end)),
            Event::Start(MdTag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                regions.opaque.push((start, end))
            }
            Event::Start(MdTag::Link { link_type: LinkType::Inline, dest_url, .. }) => {
                inline_links.push((start, end));
                if push_markdown_link(text, &dest_url, false, start, end, hidden, lines, note) {
                    md_link = Some(note.links.len() - 1);
                }
            }
            Event::Start(MdTag::Image { link_type: LinkType::Inline, dest_url, .. }) => {
                inline_links.push((start, end));
                if push_markdown_link(text, &dest_url, true, start, end, hidden, lines, note) {
                    md_link = Some(note.links.len() - 1);
                }
            }
            Event::Start(
                MdTag::Link { link_type: LinkType::WikiLink { .. }, .. }
                | MdTag::Image { link_type: LinkType::WikiLink { .. }, .. },
            ) => pulldown_wikilinks.push((start, end)),
            Event::End(TagEnd::Link | TagEnd::Image) => md_link = None,
            Event::Start(MdTag::Table(_)) => {
                regions.tables.push((start, end));
                note.tables.push(crate::note::Span { start, end });
                // `^id` on the line right under a table becomes its last row; it names the table.
                if !hidden {
                    let table = text[start..end].trim_end();
                    let last_line = table.rfind('\n').map_or(0, |i| i + 1);
                    let row = table[last_line..].trim_matches(|c: char| c == '|' || c.is_whitespace());
                    if row.starts_with('^') && !row.contains(char::is_whitespace) {
                        let row_start = start + last_line + table[last_line..].find('^').unwrap_or(0);
                        block::push_block_id(text, row_start, row_start + row.len(), lines, note);
                        if let Some(b) = note.block_ids.last_mut().filter(|b| b.loc.span.start == row_start) {
                            b.block = crate::note::Span { start, end: start + last_line };
                        }
                    }
                }
            }
            Event::Start(MdTag::TableCell) => regions.cells.push((start, end)),
            Event::Start(MdTag::Heading { level, .. }) => {
                if depth == 0
                    && !hidden
                    && let Some(text) = block::heading_text(&text[start..end])
                {
                    note.headings.push(Heading { text, level: level as u8, loc: lines.loc(start, end) });
                }
            }
            Event::Start(MdTag::Paragraph) if !hidden => block::push_block_id(text, start, end, lines, note),
            Event::Start(MdTag::BlockQuote(_)) => {
                quote_depth += 1;
                depth += 1;
                block::push_callout(text, start, end, quote_depth, lines, note);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth -= 1;
                depth -= 1;
            }
            Event::Start(MdTag::List(_)) => {
                if let Some(item) = items.last_mut().filter(|i| i.2.is_none()) {
                    item.2 = Some(start);
                }
                depth += 1;
            }
            Event::Start(MdTag::Item) => {
                items.push((start, end, None));
                depth += 1;
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if let Some((s, e, sub)) = items.pop()
                    && !hidden
                {
                    block::push_block_id(text, s, sub.unwrap_or(e), lines, note);
                }
            }
            Event::Start(MdTag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::FootnoteDefinition) => depth -= 1,
            _ => {}
        }
    }
    regions.opaque.sort_unstable();
    regions.cells.sort_unstable();
    regions.tables.sort_unstable();
    // The body's comments, where `%%` in code, math or HTML opens none. An ad- block's text is
    // code to Obsidian: a comment there holds no directive.
    if !hidden {
        comment::push_comments(text, from, &regions.opaque, lines, note);
    }
    let links_before = note.links.len();
    let links = &mut note.links;
    wikilink::scan_each(
        text,
        from,
        to,
        |s, e| regions.blocks_link(s, e),
        |raw| {
            let shown = || script::first_shown(&raw.target, raw.display.as_deref());
            let glued = script::needs_space(&text[..raw.start], shown);
            let kind = if raw.embed { LinkKind::Embed } else { LinkKind::Wikilink };
            links.push(Link {
                kind,
                target: raw.target,
                display: raw.display,
                original: text[raw.start..raw.end].to_string(),
                padded: raw.padded,
                glued,
                hidden,
                loc: lines.loc(raw.start, raw.end),
            });
        },
    );
    let links_before = drop_markdown_links_in_wikilinks(note, markdown_links_from, links_before);
    let agree = !wikilinks || {
        let ours = note.links[links_before..].iter().map(|l| (l.loc.span.start, l.loc.span.end));
        let Scratch { regions, inline_links, wikilinks, .. } = &scratch;
        // Every `](` closes an inline link or image that was read, or lies in code, math or
        // HTML: else a Markdown link may have been lost to a wikilink inside it. And no link or
        // image that was read holds a wikilink: pulldown may have taken it on past its own `](`
        // (`![\[a [[B]] c](B.md)](x.md)` becomes one image of `x.md`).
        ours.eq(wikilinks.iter().copied())
            && !wikilinks.iter().any(|&(s, _)| inside(inline_links, s))
            && link_closers(src.as_bytes()).all(|i| inside(inline_links, from + i) || inside(&regions.opaque, from + i))
    };
    scratch.give_back();
    if !agree {
        return false;
    }
    // `[[#Heading]]` is a link, not a tag, and a wikilink wins over a code span: `[[`#a^b]]` is
    // link text too, though without pulldown-cmark's wikilinks its `#` starts a run of text.
    // So neither the tags nor the tag problems found in a wikilink stand. Only those found above
    // can be inside these links: the text of an ad- block, parsed after, lies in a code block,
    // where no tag or link is.
    let tag_problems = note.problems[problems_before..].iter().any(|p| p.kind == ProblemKind::InvalidTag);
    if (note.tags.len() > tags_before || tag_problems) && note.links.len() > links_before {
        let wikilinks: Vec<(usize, usize)> = note.links[links_before..]
            .iter()
            .filter(|l| !matches!(l.kind, LinkKind::Markdown | LinkKind::MarkdownImage))
            .map(|l| (l.loc.span.start, l.loc.span.end))
            .collect();
        let in_wikilink = |at: usize| from <= at && at < to && inside(&wikilinks, at);
        let mut i = 0;
        note.tags.retain(|t| {
            i += 1;
            i <= tags_before || !in_wikilink(t.loc.span.start)
        });
        let mut i = 0;
        note.problems.retain(|p| {
            i += 1;
            i <= problems_before || p.kind != ProblemKind::InvalidTag || !in_wikilink(p.loc.span.start)
        });
    }
    for ad in ad_blocks {
        let body = block::push_admonition(text, ad.kind, (ad.start, ad.end), ad.content, lines, note);
        if let Some((_, content_end)) = ad.content
            && body < content_end
        {
            parse_markdown(text, body, content_end, None, lines, note);
        }
    }
    true
}

/// Obsidian reads a wikilink before any Markdown link: a Markdown link or image that starts
/// inside one is no link. CommonMark reads `[[Note]](text)` as a link to `text` whose label
/// is `[Note]` (and `![[x]](y)` as an image of `y`); Obsidian sees the wikilink and the plain
/// text `(text)`. `note.links[from..wikilinks]` are this parse's Markdown links, the rest its
/// wikilinks, in order; returns where the wikilinks start now.
fn drop_markdown_links_in_wikilinks(note: &mut Note, from: usize, wikilinks: usize) -> usize {
    if from == wikilinks || wikilinks == note.links.len() {
        return wikilinks;
    }
    let spans: Vec<(usize, usize)> =
        note.links[wikilinks..].iter().map(|l| (l.loc.span.start, l.loc.span.end)).collect();
    let mut i = 0;
    note.links.retain(|l| {
        let keep = i < from || i >= wikilinks || !inside(&spans, l.loc.span.start);
        i += 1;
        keep
    });
    wikilinks - (i - note.links.len())
}

#[allow(clippy::too_many_arguments)]
fn push_markdown_link(
    text: &str,
    dest: &str,
    image: bool,
    start: usize,
    end: usize,
    hidden: bool,
    lines: &LineIndex,
    note: &mut Note,
) -> bool {
    if dest.is_empty() || is_external(dest) {
        return false;
    }
    // decodeURI throws on a malformed escape: Obsidian then drops a link, but keeps an image raw.
    let decoded = match decode_uri(dest) {
        Some(d) => d,
        None if image => dest.to_string(),
        None => return false,
    };
    let target = clean_target(&decoded);
    if target.is_empty() {
        return false;
    }
    note.links.push(Link {
        kind: if image { LinkKind::MarkdownImage } else { LinkKind::Markdown },
        target,
        display: None,
        original: text[start..end].to_string(),
        padded: false,
        glued: false,
        hidden,
        loc: lines.loc(start, end),
    });
    true
}

/// The index in `hashes` (the offsets of every `#` in the text being parsed, in order) of the
/// first one in `start..end`, if any. `next` is where the previous run's search ended: runs of
/// text come in document order, so the search goes on from there.
#[inline]
fn first_hash_in(hashes: &[usize], next: &mut usize, start: usize, end: usize) -> Option<usize> {
    let mut first = *next;
    if first > 0 && hashes[first - 1] >= start {
        first = hashes.partition_point(|&h| h < start);
    }
    while hashes.get(first).is_some_and(|&h| h < start) {
        first += 1;
    }
    *next = first;
    hashes.get(first).is_some_and(|&h| h < end).then_some(first)
}

/// Inline tags (§6.5) in one run of text. `hashes`: the offsets of the `#`s from the first
/// one in the run on, in order.
fn push_tags(text: &str, start: usize, end: usize, hashes: &[usize], lines: &LineIndex, note: &mut Note) {
    let run = &text[start..end];
    for &at in hashes.iter().take_while(|&&h| h < end) {
        let i = at - start;
        let before = if i > 0 { run[..i].chars().next_back() } else { text[..at].chars().next_back() };
        // A tag starts a run of text: after whitespace, after another inline element, or
        // after an escaped character (`\[#tag`), which Obsidian's parser makes a node of its own.
        let after_escape = before.is_some_and(|b| !b.is_whitespace()) && {
            let prefix = &text[..at - before.map_or(0, char::len_utf8)];
            prefix.len() - prefix.trim_end_matches('\\').len() == 1
        };
        if at != start && !before.is_some_and(char::is_whitespace) && !after_escape {
            continue;
        }
        if before == Some('\\') {
            continue;
        }
        let len: usize = run[i + 1..].chars().take_while(|&c| is_tag_char(c)).map(char::len_utf8).sum();
        // Since Obsidian 1.5.0 a trailing `/` is not part of the tag (`#inbox/` is `#inbox`).
        let name = run[i + 1..i + 1 + len].trim_end_matches('/');
        let len = name.len();
        if len == 0 {
            continue;
        }
        let tag_end = at + 1 + len;
        if name.bytes().all(|c| c.is_ascii_digit()) {
            if digits_in_tag_position(text, at, tag_end, note) {
                let message = format!(
                    "`#{name}` is not a tag: Obsidian ignores tags made only of digits; add a letter or a \
                     parent (`#y{name}`, `#year/{name}`)"
                );
                note.problems.push(Problem { kind: ProblemKind::InvalidTag, message, loc: lines.loc(at, tag_end) });
            }
            continue;
        }
        note.tags.push(Tag { name: format!("#{name}"), loc: lines.loc(at, tag_end) });
        // `#v1.2`, `#a:b`: a character tags cannot hold cuts the word short.
        let mut rest = text[tag_end..end].chars();
        if let (Some(c @ ('.' | ':' | ',' | '+' | '&' | '@' | '$' | '%' | '^' | '=')), Some(d)) =
            (rest.next(), rest.next())
            && d.is_alphanumeric()
        {
            let more: usize =
                text[tag_end + c.len_utf8()..end].chars().take_while(|&c| is_tag_char(c)).map(char::len_utf8).sum();
            let word = &text[at..tag_end + c.len_utf8() + more];
            let message = format!("Obsidian reads `{word}` as the tag `#{name}`: `{c}` cannot be part of a tag");
            note.problems.push(Problem { kind: ProblemKind::InvalidTag, message, loc: lines.loc(at, at + word.len()) });
        }
    }
}

/// Whether `#1984` stands where a tag would: alone on its line, or next to a tag
/// (`#books #1984`), unlike `issue #123`.
fn digits_in_tag_position(text: &str, at: usize, end: usize, note: &Note) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    let line_start = before.is_empty() || before.ends_with('\n');
    let line_end = after.is_empty() || after.starts_with(['\n', '\r']);
    let prev_tag = before.len() < at && note.tags.last().is_some_and(|t| t.loc.span.end == before.len());
    let next_tag = after.len() < text.len() - end
        && after.strip_prefix('#').is_some_and(|r| {
            let mut name = r.chars().take_while(|&c| is_tag_char(c)).peekable();
            name.peek().is_some() && !name.all(|c| c.is_ascii_digit())
        });
    (line_start && line_end) || prev_tag || next_tag
}

pub(crate) fn is_tag_char(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_whitespace()
            || matches!(
                c,
                '\'' | '!'
                    | '"'
                    | '#'
                    | '$'
                    | '%'
                    | '&'
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | '.'
                    | ':'
                    | ';'
                    | '<'
                    | '='
                    | '>'
                    | '?'
                    | '@'
                    | '^'
                    | '`'
                    | '{'
                    | '|'
                    | '}'
                    | '~'
                    | '['
                    | ']'
                    | '\\'
            ));
    }
    !(c.is_whitespace() || ('\u{2000}'..='\u{206F}').contains(&c) || ('\u{2E00}'..='\u{2E7F}').contains(&c))
}

#[cfg(test)]
mod tests;
