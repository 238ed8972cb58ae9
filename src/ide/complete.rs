//! Completion: what may be typed at the cursor, from what the vault holds. Link targets after
//! `[[`, `![[` and `](` (written as Obsidian would write a new link: the shortest form that
//! reaches the file, or the vault's `newLinkFormat`), headings after `#`, blocks after `#^`,
//! callout types after `> [!`, property names and values in the frontmatter, tags after `#`.

use crate::index::FileId;
use crate::live::LiveCheck;
use crate::note::{Note, Span};
use rayon::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub kind: ItemKind,
    /// Where the item comes from (a note's path, "alias of …", a count).
    pub detail: Option<String>,
    /// Replaces the bytes of `replace` (the part typed so far).
    pub insert: String,
    pub replace: Span,
    /// What the editor filters on as more is typed.
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Note,
    Attachment,
    Alias,
    Heading,
    Block,
    Callout,
    Property,
    Value,
    Tag,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    pub items: Vec<Item>,
    /// More would match: the editor should ask again as the user types.
    pub incomplete: bool,
}

/// At most this many items per answer: the best ones; the editor asks again as more is typed.
pub const LIMIT: usize = 100;

/// What may be typed at byte `offset` of `text`, the current content of the note at `path`.
pub fn complete(live: &LiveCheck, path: &str, text: &str, offset: usize) -> Completion {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let after = &text[offset..];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let source = live.file_id(path);
    if let Some(open) = unclosed(before, "[[", "]]") {
        let embed = before[..open].ends_with('!');
        return wikilink(live, source, text, line_start + open + 2, offset, embed, after);
    }
    if let Some(open) = unclosed(before, "](", ")") {
        // Inside a destination already closed, an item replaces it up to its `#` or `)`.
        let rest = after.find(')').map_or("", |k| &after[..k]);
        return markdown_link(live, source, line_start + open + 2, text, offset, rest);
    }
    let note = source.and_then(|id| live.vault.note(id));
    if let Some(fm) = note.and_then(|n| n.frontmatter.as_ref())
        && fm.yaml.start <= line_start
        && offset <= fm.yaml.end
    {
        return frontmatter(live, text, line_start, offset, after);
    }
    if let Some(start) = callout_start(before) {
        let end = offset + word_len(after, |c| c.is_alphanumeric() || matches!(c, '-' | '_'));
        return callouts(live, line_start + start, end);
    }
    if let Some(start) = tag_start(before) {
        let typed = &before[start..];
        let end = offset + word_len(after, |c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'));
        return tags(live, typed, Span { start: line_start + start, end }, "");
    }
    Completion::default()
}

/// The length of the word that goes on after the cursor: an item replaces it with what it is
/// typed from, so completing inside a word does not leave its tail behind.
fn word_len(after: &str, in_word: impl Fn(char) -> bool) -> usize {
    after.find(|c: char| !in_word(c)).unwrap_or(after.len())
}

/// Where the last `open` of `before` ends its search, if no `close` follows it.
fn unclosed(before: &str, open: &str, close: &str) -> Option<usize> {
    let at = before.rfind(open)?;
    (!before[at + open.len()..].contains(close)).then_some(at)
}

fn wikilink(
    live: &LiveCheck,
    source: Option<FileId>,
    text: &str,
    start: usize,
    offset: usize,
    embed: bool,
    after: &str,
) -> Completion {
    let typed = &text[start..offset];
    if typed.contains('|') {
        return Completion::default();
    }
    // Inside a link already closed (`[[Len|in#Early life]]`), an item replaces the whole part
    // under the cursor (up to the next `#`, `|` or `]]`) and adds no brackets.
    let rest_of_link = after.find("]]").map(|k| &after[..k]).filter(|rest| !rest.contains("[["));
    let close = if rest_of_link.is_some() { "" } else { "]]" };
    let rest = rest_of_link.unwrap_or("");
    let part_end = |stops: &[char]| {
        let at = rest.find(stops).unwrap_or(rest.len());
        // A table's `\|` ends the part at its backslash.
        offset + if rest[..at].ends_with('\\') { at - 1 } else { at }
    };
    if let Some(hash) = typed.find('#') {
        let target = &typed[..hash];
        let sub_start = start + hash + 1;
        let file = if target.is_empty() { source } else { resolve(live, target, source) };
        let Some(note) = file.and_then(|f| live.vault.note(f)) else { return Completion::default() };
        let sub = &text[sub_start..offset];
        let end = part_end(&['#', '|']);
        return if let Some(block) = sub.strip_prefix('^') {
            blocks(note, block, Span { start: sub_start + 1, end }, close)
        } else {
            headings(note, sub, Span { start: sub_start, end }, close)
        };
    }
    let replace = Span { start, end: part_end(&['#', '|']) };
    // An alias item writes `Note|alias`: not before a heading or display text already there.
    let aliases = !embed && !rest.contains(['#', '|']);
    let format = crate::linktext::LinkSettings::load(&live.vault.root).format;
    let by_path = typed.contains('/');
    // Every file of the vault is scored per keystroke: in parallel.
    let mut found: Vec<(u32, Candidate)> = live
        .vault
        .files
        .par_iter()
        .enumerate()
        .filter(|(id, file)| !file.removed && (embed || Some(*id) != source))
        .flat_map_iter(|(id, file)| {
            let mut out: Vec<(u32, Candidate)> = Vec::new();
            // Any file may be linked, but a link suggests notes, canvases and media first;
            // the rest only by name.
            let listed = embed
                || file.is_note
                || crate::vault::is_canvas_path(&file.path)
                || crate::vault::is_media_name(&file.path);
            if !listed && typed.is_empty() {
                return out;
            }
            let path = file.path.strip_suffix(".md").unwrap_or(&file.path);
            let name = path.rsplit('/').next().unwrap_or(path);
            let key = if by_path { path } else { name };
            if let Some(s) = score(key, typed) {
                out.push((s, Candidate::File(id)));
            }
            if aliases {
                let names = live.vault.note(id).into_iter().flat_map(|n| n.frontmatter.iter()).flat_map(|f| &f.aliases);
                for (i, alias) in names.enumerate() {
                    if let Some(s) = score(alias, typed) {
                        out.push((s + 1, Candidate::Alias(id, i)));
                    }
                }
            }
            out
        })
        .collect();
    let incomplete = found.len() > LIMIT;
    // In a table cell a bare `|` ends the cell (as the note is now: the editor's text).
    let in_table = source.and_then(|id| live.vault.note(id)).is_some_and(|n| n.in_table(start));
    let bar = if in_table { "\\|" } else { "|" };
    // Same name in several folders: the shallower file first, which the bare name reaches.
    let path = |c: &Candidate| live.vault.files[c.file()].path.as_str();
    best(&mut found, |a, b| {
        let (la, lb) = (a.1.label(live), b.1.label(live));
        a.0.cmp(&b.0)
            .then(la.len().cmp(&lb.len()))
            .then_with(|| la.cmp(lb))
            .then_with(|| path(&a.1).matches('/').count().cmp(&path(&b.1).matches('/').count()))
            .then_with(|| path(&a.1).cmp(path(&b.1)))
    });
    let items = found
        .into_iter()
        .map(|(_, c)| {
            let (id, alias) = match &c {
                Candidate::File(id) => (*id, None),
                Candidate::Alias(id, _) => (*id, Some(c.label(live).to_string())),
            };
            let file = &live.vault.files[id];
            let written = match source {
                Some(source) => crate::linktext::link_text(&live.vault, &live.index.names, id, source, format, false),
                None => file.path.strip_suffix(".md").unwrap_or(&file.path).to_string(),
            };
            let kind = if alias.is_some() {
                ItemKind::Alias
            } else if file.is_note {
                ItemKind::Note
            } else {
                ItemKind::Attachment
            };
            match alias {
                Some(alias) => Item {
                    label: alias.clone(),
                    kind,
                    detail: Some(format!("alias of {}", file.path)),
                    insert: format!("{written}{bar}{alias}{close}"),
                    replace,
                    filter: alias,
                },
                None => {
                    let label = c.label(live).to_string();
                    Item {
                        filter: if by_path { written.clone() } else { label.clone() },
                        label,
                        kind,
                        detail: Some(file.path.clone()),
                        insert: format!("{written}{close}"),
                        replace,
                    }
                }
            }
        })
        .collect();
    Completion { items, incomplete }
}

enum Candidate {
    File(FileId),
    /// A note and the index of the alias in its frontmatter.
    Alias(FileId, usize),
}

impl Candidate {
    fn file(&self) -> FileId {
        match self {
            Candidate::File(id) | Candidate::Alias(id, _) => *id,
        }
    }

    fn label<'a>(&'a self, live: &'a LiveCheck) -> &'a str {
        match self {
            Candidate::File(id) => {
                let path = &live.vault.files[*id].path;
                let name = path.rsplit('/').next().unwrap_or(path);
                name.strip_suffix(".md").unwrap_or(name)
            }
            Candidate::Alias(id, i) => live
                .vault
                .note(*id)
                .and_then(|n| n.frontmatter.as_ref())
                .and_then(|f| f.aliases.get(*i))
                .map_or("", String::as_str),
        }
    }
}

fn resolve(live: &LiveCheck, linkpath: &str, source: Option<FileId>) -> Option<FileId> {
    // Every open note is in the check (its buffer counts as the file): a note with no id is
    // outside the vault and has nothing to resolve from.
    live.index.resolve(linkpath.trim(), source?).file
}

fn headings(note: &Note, typed: &str, replace: Span, close: &str) -> Completion {
    let mut items: Vec<(u32, Item)> = note
        .headings
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let s = score(&h.text, typed)?;
            let item = Item {
                label: h.text.clone(),
                kind: ItemKind::Heading,
                detail: Some(format!("{} {}", "#".repeat(usize::from(h.level)), h.text)),
                // As Obsidian writes a link to it: `:`, `#`, `|`, `^`… left out.
                insert: format!("{}{close}", crate::moves::heading::heading_link_text(&h.text)),
                replace,
                filter: h.text.clone(),
            };
            // Document order among equals.
            Some((s * 10_000 + i as u32, item))
        })
        .collect();
    items.sort_by_key(|(s, _)| *s);
    Completion { items: items.into_iter().map(|(_, i)| i).take(LIMIT).collect(), incomplete: false }
}

fn blocks(note: &Note, typed: &str, replace: Span, close: &str) -> Completion {
    let items = note
        .block_ids
        .iter()
        .filter(|b| score(&b.id, typed).is_some())
        .map(|b| Item {
            label: b.id.clone(),
            kind: ItemKind::Block,
            detail: None,
            insert: format!("{}{close}", b.id),
            replace,
            filter: b.id.clone(),
        })
        .take(LIMIT)
        .collect();
    Completion { items, incomplete: false }
}

fn markdown_link(
    live: &LiveCheck,
    source: Option<FileId>,
    start: usize,
    text: &str,
    offset: usize,
    rest: &str,
) -> Completion {
    let typed = &text[start..offset];
    if let Some(hash) = typed.find('#') {
        let decoded = decode(&typed[..hash]);
        let file = if decoded.is_empty() { source } else { resolve(live, &decoded, source) };
        let Some(note) = file.and_then(|f| live.vault.note(f)) else { return Completion::default() };
        let sub_start = start + hash + 1;
        let replace = Span { start: sub_start, end: offset + rest.len() };
        let mut c = headings(note, &text[sub_start..offset], replace, "");
        for item in &mut c.items {
            item.insert = crate::linktext::encode_destination(&item.insert);
        }
        return c;
    }
    let format = crate::linktext::LinkSettings::load(&live.vault.root).format;
    let decoded = decode(typed);
    let mut found: Vec<(u32, FileId)> = live
        .vault
        .live_ids()
        .filter(|&id| Some(id) != source)
        .filter_map(|id| score(&live.vault.files[id].path, &decoded).map(|s| (s, id)))
        .collect();
    let incomplete = found.len() > LIMIT;
    best(&mut found, |a, b| a.0.cmp(&b.0).then_with(|| live.vault.files[a.1].path.cmp(&live.vault.files[b.1].path)));
    let items = found
        .into_iter()
        .map(|(_, id)| {
            let file = &live.vault.files[id];
            let written = match source {
                Some(source) => crate::linktext::link_text(&live.vault, &live.index.names, id, source, format, true),
                None => crate::linktext::encode_destination(&file.path),
            };
            Item {
                label: file.path.rsplit('/').next().unwrap_or(&file.path).to_string(),
                kind: if file.is_note { ItemKind::Note } else { ItemKind::Attachment },
                detail: Some(file.path.clone()),
                filter: written.clone(),
                insert: written,
                replace: Span { start, end: offset + rest.find('#').unwrap_or(rest.len()) },
            }
        })
        .collect();
    Completion { items, incomplete }
}

/// A Markdown link destination as typed, `%20` and `<…>` undone.
fn decode(typed: &str) -> String {
    let typed = typed.strip_prefix('<').unwrap_or(typed);
    crate::text::decode_uri(typed).unwrap_or_else(|| typed.to_string())
}

/// Where the callout type being typed starts, after `> [!` (in a quote at any depth).
fn callout_start(before: &str) -> Option<usize> {
    let at = before.rfind("[!")?;
    let quote = &before[..at];
    let typed = &before[at + 2..];
    let only_quote_markers = !quote.trim().is_empty() && quote.chars().all(|c| c == '>' || c.is_whitespace());
    (only_quote_markers && typed.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')).then_some(at + 2)
}

fn callouts(live: &LiveCheck, start: usize, offset: usize) -> Completion {
    let mut types: Vec<String> = crate::rules::BUILT_IN_CALLOUTS.iter().map(|s| s.to_string()).collect();
    types.extend(live.config.schema.callout_types.iter().cloned());
    types.sort();
    types.dedup();
    let items = types
        .into_iter()
        .map(|t| Item {
            label: t.clone(),
            kind: ItemKind::Callout,
            detail: None,
            insert: t.clone(),
            replace: Span { start, end: offset },
            filter: t,
        })
        .collect();
    Completion { items, incomplete: false }
}

/// Where a tag being typed starts (its `#`), when the cursor ends one.
fn tag_start(before: &str) -> Option<usize> {
    let at = before.rfind('#')?;
    let ok_before = before[..at].chars().next_back().is_none_or(char::is_whitespace);
    let typed = &before[at + 1..];
    (ok_before && typed.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))).then_some(at)
}

/// Tags of the vault holding `typed` (with or without its `#`), most used first.
fn tags(live: &LiveCheck, typed: &str, replace: Span, prefix_kept: &str) -> Completion {
    let hash = typed.starts_with('#');
    let typed = typed.trim_start_matches('#');
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (_, note) in live.vault.notes() {
        let inline = note.tags.iter().map(|t| t.name.trim_start_matches('#'));
        for tag in note.frontmatter.iter().flat_map(|f| f.tags()).chain(inline) {
            counts.entry(tag.to_lowercase()).or_insert_with(|| (tag.to_string(), 0)).1 += 1;
        }
    }
    let mut found: Vec<(u32, usize, String)> =
        counts.into_values().filter_map(|(tag, n)| score(&tag, typed).map(|s| (s, n, tag))).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    let incomplete = found.len() > LIMIT;
    let items = found
        .into_iter()
        .take(LIMIT)
        .map(|(_, n, tag)| {
            let shown = if hash { format!("#{tag}") } else { tag };
            Item {
                label: shown.clone(),
                kind: ItemKind::Tag,
                detail: Some(format!("{n} use{}", if n == 1 { "" } else { "s" })),
                insert: format!("{prefix_kept}{shown}"),
                replace,
                filter: shown,
            }
        })
        .collect();
    Completion { items, incomplete }
}

/// In the frontmatter: property names at the start of a line; after `key:` (or in a list under
/// it), the values that key has in the vault and those the schema allows.
fn frontmatter(live: &LiveCheck, text: &str, line_start: usize, offset: usize, after: &str) -> Completion {
    let before = &text[line_start..offset];
    if !before.starts_with([' ', '\t', '-']) && !before.contains(':') {
        // A name already followed by its `:`: the item replaces the name and keeps the rest.
        return match after.find(':') {
            Some(colon) => {
                let mut c = property_names(live, before, Span { start: line_start, end: offset + colon });
                for item in &mut c.items {
                    item.insert = item.label.clone();
                }
                c
            }
            None => property_names(live, before, Span { start: line_start, end: offset }),
        };
    }
    let (key, typed_start) = match before.split_once(':') {
        Some((key, rest)) if !before.starts_with([' ', '\t', '-']) => {
            // In a flow list (`tags: [a, b`), the item being typed starts after `[` or the last `,`.
            let item = match rest.trim_start().starts_with('[') {
                true => rest.rfind([',', '[']).map_or(0, |i| i + 1),
                false => 0,
            };
            let value = &rest[item..];
            (key.trim().to_string(), line_start + key.len() + 1 + item + (value.len() - value.trim_start().len()))
        }
        _ => {
            // A list item: the key is on the nearest line above that starts at column 0.
            let above = &text[..line_start];
            let key_line = above.lines().rev().find(|l| !l.starts_with([' ', '\t', '-']) && l.contains(':'));
            let Some(key) = key_line.and_then(|l| l.split_once(':')).map(|(k, _)| k.trim().to_string()) else {
                return Completion::default();
            };
            let dash = before.find('-').map_or(0, |d| d + 1);
            let rest = &before[dash..];
            (key, line_start + dash + (rest.len() - rest.trim_start().len()))
        }
    };
    let typed_start = typed_start.min(offset);
    let typed = &text[typed_start..offset];
    // The value goes on to the end of the line, or of its item in a flow list.
    let in_flow_list = !before.starts_with([' ', '\t', '-'])
        && before.split_once(':').is_some_and(|(_, value)| value.trim_start().starts_with('['));
    let tail = if in_flow_list { &after[..after.find([',', ']']).unwrap_or(after.len())] } else { after };
    let replace = Span { start: typed_start, end: offset + tail.trim_end().len() };
    if key.eq_ignore_ascii_case("tags") || key.eq_ignore_ascii_case("tag") {
        return tags(live, typed, replace, "");
    }
    let mut values: BTreeMap<String, usize> = BTreeMap::new();
    for (_, note) in live.vault.notes() {
        let Some(fm) = &note.frontmatter else { continue };
        let Some(p) = fm.properties.iter().find(|p| p.key.eq_ignore_ascii_case(&key)) else { continue };
        let Some(serde_yaml::Value::Mapping(map)) = &fm.value else { continue };
        let Some(value) = map.iter().find(|(k, _)| k.as_str() == Some(&*p.key)).map(|e| e.1) else { continue };
        let listed: Vec<&serde_yaml::Value> = match value {
            serde_yaml::Value::Sequence(items) => items.iter().collect(),
            one => vec![one],
        };
        for v in listed {
            let shown = match v {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => continue,
            };
            if !shown.is_empty() {
                *values.entry(shown).or_default() += 1;
            }
        }
    }
    if let Some(schema) = live.config.schema.property(&key) {
        for allowed in &schema.allowed {
            values.entry(allowed.clone()).or_default();
        }
    }
    let typed_plain = typed.trim_matches(['"', '\'']);
    let mut found: Vec<(u32, usize, String)> =
        values.into_iter().filter_map(|(v, n)| score(&v, typed_plain).map(|s| (s, n, v))).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    let incomplete = found.len() > LIMIT;
    let items = found
        .into_iter()
        .take(LIMIT)
        .map(|(_, n, v)| Item {
            label: v.clone(),
            kind: ItemKind::Value,
            detail: Some(format!("{n} note{}", if n == 1 { "" } else { "s" })),
            insert: yaml_scalar(&v),
            replace,
            filter: v,
        })
        .collect();
    Completion { items, incomplete }
}

fn property_names(live: &LiveCheck, typed: &str, replace: Span) -> Completion {
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (_, note) in live.vault.notes() {
        for p in note.frontmatter.iter().flat_map(|f| f.properties.iter()) {
            names.entry(p.key.to_lowercase()).or_insert_with(|| (p.key.to_string(), 0)).1 += 1;
        }
    }
    for schema in live.config.schema.properties() {
        names.entry(schema.name.to_lowercase()).or_insert_with(|| (schema.name.clone(), 0));
    }
    let mut found: Vec<(u32, usize, String)> =
        names.into_values().filter_map(|(name, n)| score(&name, typed.trim()).map(|s| (s, n, name))).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    let incomplete = found.len() > LIMIT;
    let items = found
        .into_iter()
        .take(LIMIT)
        .map(|(_, n, name)| Item {
            label: name.clone(),
            kind: ItemKind::Property,
            detail: Some(format!("in {n} note{}", if n == 1 { "" } else { "s" })),
            insert: format!("{name}: "),
            replace,
            filter: name,
        })
        .collect();
    Completion { items, incomplete }
}

/// A value as a YAML scalar: quoted when plain YAML would read it otherwise.
fn yaml_scalar(v: &str) -> String {
    let risky = v.is_empty()
        || v.starts_with(['[', '{', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '-', '?', ' '])
        || v.contains(": ")
        || v.contains(" #")
        || v.ends_with(' ');
    if risky { format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")) } else { v.to_string() }
}

/// How well `candidate` matches what was typed, lower is better; `None`: no match. Prefix,
/// then a word start, then anywhere, then the letters in order; case-insensitive.
pub fn score(candidate: &str, typed: &str) -> Option<u32> {
    if typed.is_empty() {
        return Some(3);
    }
    // Asked of every file of the vault per keystroke: ASCII (nearly every name) is compared
    // in place, without lower-casing copies.
    if candidate.is_ascii() && typed.is_ascii() {
        return score_ascii(candidate.as_bytes(), typed.as_bytes());
    }
    let c = candidate.to_lowercase();
    let t = typed.to_lowercase();
    if c.starts_with(&t) {
        return Some(0);
    }
    if let Some(at) = c.find(&t) {
        let word_start = c[..at].chars().next_back().is_some_and(|p| !p.is_alphanumeric());
        return Some(if word_start { 1 } else { 2 });
    }
    let mut letters = c.chars();
    t.chars().all(|wanted| letters.any(|l| l == wanted)).then_some(4)
}

fn score_ascii(c: &[u8], t: &[u8]) -> Option<u32> {
    let same = |a: &[u8]| a.eq_ignore_ascii_case(t);
    if c.len() >= t.len() && same(&c[..t.len()]) {
        return Some(0);
    }
    if let Some(at) = (1..=c.len().saturating_sub(t.len())).find(|&i| same(&c[i..i + t.len()])) {
        return Some(if c[at - 1].is_ascii_alphanumeric() { 2 } else { 1 });
    }
    let mut letters = c.iter();
    t.iter().all(|w| letters.any(|l| l.eq_ignore_ascii_case(w))).then_some(4)
}

/// Keeps the `LIMIT` best of `found`, sorted: a selection, then a sort of those alone, rather
/// than a sort of every match in a large vault.
fn best<T>(found: &mut Vec<T>, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if found.len() > LIMIT {
        found.select_nth_unstable_by(LIMIT, &order);
        found.truncate(LIMIT);
    }
    found.sort_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_rank_prefix_then_word_then_substring_then_letters() {
        assert_eq!(score("Lenin", "len"), Some(0));
        assert_eq!(score("Vladimir Lenin", "len"), Some(1));
        assert_eq!(score("Violence", "len"), Some(2));
        assert_eq!(score("Labour Economics", "lec"), Some(4));
        assert_eq!(score("Marx", "len"), None);
    }

    #[test]
    fn contexts() {
        assert_eq!(unclosed("see [[Len", "[[", "]]"), Some(4));
        assert_eq!(unclosed("see [[Len]] and", "[[", "]]"), None);
        assert_eq!(callout_start("> [!no"), Some(4));
        assert_eq!(callout_start("a [!no"), None);
        assert_eq!(tag_start("text #pro"), Some(5));
        assert_eq!(tag_start("a#pro"), None);
        assert_eq!(yaml_scalar("WIP"), "WIP");
        assert_eq!(yaml_scalar("[[Lenin]]"), "\"[[Lenin]]\"");
    }
}
