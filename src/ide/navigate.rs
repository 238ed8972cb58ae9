//! Where things lead and who points at them: go to definition, references, hover, and the
//! symbols of a note and of the vault.

use super::{Place, Under, note_at, under};
use crate::index::FileId;
use crate::index::subpath::same_heading;
use crate::live::LiveCheck;
use crate::note::{Link, Note, Span};

/// Where a link leads: the file, the heading or the block it names. `None` for a link that
/// resolves to nothing.
pub fn link_destination(live: &LiveCheck, source: FileId, link: usize) -> Option<Place> {
    let note = live.vault.note(source)?;
    let target = live.index.targets.get(source)?.get(link)?;
    let file = target.resolution.file?;
    let path = live.vault.files[file].path.clone();
    let span = live
        .vault
        .note(file)
        .and_then(|t| subpath_span(t, note.links[link].subpath()?))
        // A heading's span holds its line end: the editor is to select the line only.
        .map(|s| live.text(file).map_or(s, |text| super::trim_line_end(&text, s)))
        .unwrap_or(Span { start: 0, end: 0 });
    Some(Place { path, span })
}

/// Go to definition: the destination of the link under the cursor.
pub fn definition(live: &LiveCheck, path: &str, offset: usize) -> Option<Place> {
    let (id, note) = note_at(live, path)?;
    match under(note, offset) {
        Under::Link(i) => link_destination(live, id, i),
        _ => None,
    }
}

/// The span of the heading (`Heading` or a chain `A#B`) or block (`^id`) a subpath names.
fn subpath_span(note: &Note, subpath: &str) -> Option<Span> {
    if let Some(id) = subpath.strip_prefix('^') {
        return note.block_ids.iter().find(|b| b.id.eq_ignore_ascii_case(id)).map(|b| b.block);
    }
    heading_of(note, subpath).map(|i| note.headings[i].loc.span)
}

/// Which heading a subpath's chain ends on, as Obsidian walks it (`subpath::check`).
fn heading_of(note: &Note, subpath: &str) -> Option<usize> {
    let parts: Vec<&str> = subpath.split('#').filter(|p| !p.is_empty()).collect();
    let (mut next, mut level) = (0, 0u8);
    for (i, h) in note.headings.iter().enumerate() {
        if next < parts.len() && h.level > level && same_heading(&h.text, parts[next]) {
            next += 1;
            level = h.level;
            if next == parts.len() {
                return Some(i);
            }
        }
    }
    None
}

/// References: of the note or heading a link under the cursor leads to; of the heading under
/// the cursor; of a tag (every occurrence, any casing); elsewhere, of the note itself (its
/// backlinks). Links to a missing note: every link naming it.
pub fn references(live: &LiveCheck, path: &str, offset: usize) -> Vec<Place> {
    let Some((id, note)) = note_at(live, path) else { return Vec::new() };
    match under(note, offset) {
        Under::Link(i) => match live.index.targets[id][i].resolution.file {
            Some(file) => {
                let heading = note.links[i]
                    .subpath()
                    .filter(|s| !s.starts_with('^'))
                    .and_then(|s| live.vault.note(file).and_then(|t| heading_of(t, s)).map(|h| (file, h)));
                match heading {
                    Some((file, h)) => links_to_heading(live, file, h),
                    None => links_into(live, file),
                }
            }
            None => links_to_missing(live, &crate::index::unresolved_key(note.links[i].linkpath()).to_lowercase()),
        },
        Under::Heading(h) => links_to_heading(live, id, h),
        Under::Tag(t) => tag_occurrences(live, &note.tags[t].name),
        Under::Block(b) => {
            let wanted = &note.block_ids[b].id;
            links_matching(live, id, |l| {
                l.subpath().and_then(|s| s.strip_prefix('^')).is_some_and(|s| s.eq_ignore_ascii_case(wanted))
            })
        }
        Under::Nothing => links_into(live, id),
    }
}

/// Every link that resolves to `file` (its backlinks), in path order.
pub fn links_into(live: &LiveCheck, file: FileId) -> Vec<Place> {
    links_matching(live, file, |_| true)
}

fn links_to_heading(live: &LiveCheck, file: FileId, heading: usize) -> Vec<Place> {
    let Some(target) = live.vault.note(file) else { return Vec::new() };
    links_matching(live, file, |l| {
        l.subpath().filter(|s| !s.starts_with('^')).is_some_and(|s| heading_of(target, s) == Some(heading))
    })
}

/// The links resolving to `file` for which `keep` holds.
fn links_matching(live: &LiveCheck, file: FileId, keep: impl Fn(&Link) -> bool) -> Vec<Place> {
    let mut out = Vec::new();
    for &source in live.linked_from(file) {
        let Some(note) = live.vault.note(source) else { continue };
        for (link, target) in note.links.iter().zip(&live.index.targets[source]) {
            if target.resolution.file == Some(file) && keep(link) {
                out.push(Place { path: live.vault.files[source].path.clone(), span: link.loc.span });
            }
        }
    }
    out
}

/// Every link to a missing note (by its case-folded key).
pub fn links_to_missing(live: &LiveCheck, key: &str) -> Vec<Place> {
    let mut out = Vec::new();
    for (source, note) in live.vault.notes() {
        for (link, target) in note.links.iter().zip(&live.index.targets[source]) {
            if target.resolution.file.is_none()
                && !link.linkpath().is_empty()
                && crate::index::unresolved_key(link.linkpath()).to_lowercase() == key
            {
                out.push(Place { path: live.vault.files[source].path.clone(), span: link.loc.span });
            }
        }
    }
    out
}

/// Every occurrence of a tag, inline or in the `tags` property, in any casing (Obsidian
/// groups tags so, and its tag pane counts both).
pub fn tag_occurrences(live: &LiveCheck, tag: &str) -> Vec<Place> {
    let wanted = tag.trim_start_matches('#').to_lowercase();
    let mut out = Vec::new();
    for (id, note) in live.vault.notes() {
        // The text is read only for a note whose parsed tags hold it (the spans are the raw text's).
        let fm = note.frontmatter.as_ref().filter(|f| f.tags().iter().any(|t| t.to_lowercase() == wanted));
        let text = fm.and_then(|_| live.text(id)).unwrap_or_default();
        let properties = fm.iter().flat_map(|f| f.properties.iter());
        for p in properties.filter(|p| p.key.eq_ignore_ascii_case("tags")) {
            let values = if p.items.is_empty() { std::slice::from_ref(&p.value) } else { &p.items[..] };
            for v in values {
                let span = v.loc().span;
                let Some(written) = text.get(span.start..span.end) else { continue };
                let bare = written.trim_matches(['"', '\'']).trim().trim_start_matches('#');
                if !bare.is_empty() && bare.to_lowercase() == wanted {
                    let start = span.start + written.find(bare).unwrap_or(0);
                    out.push(Place {
                        path: live.vault.files[id].path.clone(),
                        span: Span { start, end: start + bare.len() },
                    });
                }
            }
        }
        for t in &note.tags {
            if t.name.trim_start_matches('#').to_lowercase() == wanted {
                out.push(Place { path: live.vault.files[id].path.clone(), span: t.loc.span });
            }
        }
    }
    out
}

/// What to show on hover, as Markdown: for a link, the beginning of the note it leads to (or
/// the heading's section, or the block); for a link to nothing, that the note does not exist
/// yet and who links it.
pub fn hover(live: &LiveCheck, path: &str, offset: usize) -> Option<(Span, String)> {
    let (id, note) = note_at(live, path)?;
    let Under::Link(i) = under(note, offset) else { return None };
    let link = &note.links[i];
    let span = link.loc.span;
    let Some(dest) = link_destination(live, id, i) else {
        let written = crate::index::unresolved_key(link.linkpath());
        let key = written.to_lowercase();
        let sources = links_to_missing(live, &key);
        let mut notes: Vec<&str> = sources.iter().map(|p| p.path.as_str()).collect();
        notes.dedup();
        // A mistake for a file that exists is not a note to write (the near-miss judgement).
        let nearly = live.index.near_miss(&live.vault, written, link.is_embed()).map(|miss| {
            format!(
                "**{}** names no file: did you mean {}? ({})",
                link.linkpath(),
                live.vault.files[miss.file()].path,
                miss.kind()
            )
        });
        let mut text = nearly.unwrap_or(format!(
            "**{}** does not exist yet: {} link{} from {} note{}",
            link.linkpath(),
            sources.len(),
            plural(sources.len()),
            notes.len(),
            plural(notes.len())
        ));
        for n in notes.iter().take(10) {
            text.push_str(&format!("\n- {n}"));
        }
        if notes.len() > 10 {
            text.push_str(&format!("\n- … and {} more", notes.len() - 10));
        }
        return Some((span, text));
    };
    let file = live.file_id(&dest.path)?;
    let mut text = format!("**{}**\n\n", dest.path);
    if !live.vault.files[file].is_note {
        if crate::vault::is_media_name(&dest.path) {
            let abs = live.vault.files[file].abs.to_string_lossy().replace(' ', "%20");
            text.push_str(&format!("![{}](file://{abs})", dest.path));
        }
        return Some((span, text));
    }
    let body = live.text(file).unwrap_or_default();
    text.push_str(&preview(live.vault.note(file), &body, link.subpath()));
    Some((span, text))
}

/// The beginning of a note after its frontmatter, or the section of a heading, or a block:
/// at most [`PREVIEW_LINES`] lines.
fn preview(note: Option<&Note>, text: &str, subpath: Option<&str>) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut start = note.and_then(|n| n.frontmatter.as_ref()).map_or(0, |f| f.loc.span.end.min(text.len()));
    let mut end = text.len();
    if let (Some(note), Some(sub)) = (note, subpath) {
        if let Some(id) = sub.strip_prefix('^') {
            if let Some(b) = note.block_ids.iter().find(|b| b.id.eq_ignore_ascii_case(id)) {
                start = b.block.start;
                end = b.block.end;
            }
        } else if let Some(h) = heading_of(note, sub) {
            let heading = &note.headings[h];
            start = heading.loc.span.start;
            end = note.headings[h + 1..]
                .iter()
                .find(|n| n.level <= heading.level)
                .map_or(text.len(), |n| n.loc.span.start);
        }
    }
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    let section = text.get(start..end).unwrap_or("");
    let mut lines: Vec<&str> = section.trim_start_matches(['\n', '\r']).lines().collect();
    let cut = lines.len() > PREVIEW_LINES;
    lines.truncate(PREVIEW_LINES);
    let mut out = lines.join("\n").trim_end().to_string();
    if cut {
        out.push_str("\n\n…");
    }
    out
}

const PREVIEW_LINES: usize = 30;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A heading of a note, with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub level: u8,
    /// The heading's text (what an editor selects).
    pub span: Span,
    /// The heading and its section, up to the next heading of its level or above: an editor
    /// shows the symbol the cursor is in (breadcrumbs, sticky scroll) by this.
    pub section: Span,
    pub children: Vec<Symbol>,
}

/// The headings of a note, nested by level; `text` is the note's text.
pub fn document_symbols(note: &Note, text: &str) -> Vec<Symbol> {
    fn nest(headings: &[crate::note::Heading], text: &str, i: &mut usize, parent_level: u8) -> Vec<Symbol> {
        let mut out = Vec::new();
        while *i < headings.len() && headings[*i].level > parent_level {
            let h = &headings[*i];
            *i += 1;
            let children = nest(headings, text, i, h.level);
            let end = headings[*i..].iter().find(|n| n.level <= h.level).map_or(text.len(), |n| n.loc.span.start);
            let section = super::trim_line_end(text, Span { start: h.loc.span.start, end: end.max(h.loc.span.start) });
            let span = super::heading_text_span(text, h);
            out.push(Symbol { name: h.text.clone(), level: h.level, span, section, children });
        }
        out
    }
    nest(&note.headings, text, &mut 0, 0)
}

/// A note, an alias or a heading found by a workspace symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub kind: FoundKind,
    pub place: Place,
    /// The note it is in (for an alias or a heading).
    pub container: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundKind {
    Note,
    Alias,
    Heading,
}

/// Notes, aliases and headings whose name holds `query`'s letters in order (case-insensitive),
/// best matches first, at most `limit`.
pub fn workspace_symbols(live: &LiveCheck, query: &str, limit: usize) -> Vec<Found> {
    let query = query.to_lowercase();
    let mut found: Vec<(u32, Found)> = Vec::new();
    for id in live.vault.live_ids() {
        let file = &live.vault.files[id];
        // Symbols are what notes define; images, PDFs and wikilint.toml are found by file name.
        if !file.is_note {
            continue;
        }
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let at_start = Span { start: 0, end: 0 };
        if let Some(score) = super::complete::score(stem, &query) {
            let place = Place { path: file.path.clone(), span: at_start };
            found.push((score, Found { name: stem.to_string(), kind: FoundKind::Note, place, container: None }));
        }
        let Some(note) = live.vault.note(id) else { continue };
        for alias in note.frontmatter.iter().flat_map(|f| &f.aliases) {
            if let Some(score) = super::complete::score(alias, &query) {
                let place = Place { path: file.path.clone(), span: at_start };
                let container = Some(stem.to_string());
                found.push((score + 1, Found { name: alias.clone(), kind: FoundKind::Alias, place, container }));
            }
        }
        if query.is_empty() {
            continue;
        }
        for h in &note.headings {
            if let Some(score) = super::complete::score(&h.text, &query) {
                let place = Place { path: file.path.clone(), span: h.loc.span };
                let container = Some(stem.to_string());
                found.push((score + 2, Found { name: h.text.clone(), kind: FoundKind::Heading, place, container }));
            }
        }
    }
    found.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| a.1.name.len().cmp(&b.1.name.len())).then(a.1.place.path.cmp(&b.1.place.path))
    });
    found.truncate(limit);
    // A heading's span holds its line end: cut it, reading each file with a heading found once.
    let mut texts: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
    found
        .into_iter()
        .map(|(_, mut f)| {
            if f.kind == FoundKind::Heading {
                let text = texts
                    .entry(f.place.path.clone())
                    .or_insert_with(|| live.file_id(&f.place.path).and_then(|id| live.text(id)));
                if let Some(text) = text {
                    f.place.span = super::trim_line_end(text, f.place.span);
                }
            }
            f
        })
        .collect()
}
