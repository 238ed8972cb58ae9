//! Renaming a tag everywhere (`wikilint tags rename OLD NEW`): the inline `#tags` the parser
//! found (none in code, math, HTML, link targets or URLs; those in `%%` comments are indexed by
//! Obsidian, so they follow) and the entries of the `tags` property, with the tags nested in
//! OLD (`#project/a` follows `#project`), matched in any casing as Obsidian groups tags (spec
//! §6.3, §6.5). The singular `tag:` key is not read since Obsidian 1.9, so it is left alone.
//!
//! Only the name's bytes change: the `#`, the quotes, a nested tag's own part and every other
//! byte stay. A plain YAML entry whose new text YAML would read as something other than text
//! (`true`, `null`, `-1`) is double-quoted. An entry that would repeat one its list has already
//! (a merge) is dropped, and said. What Obsidian drops but the owner clearly meant as tags (a
//! `tags: a, b` string, a `- #a` item, which YAML reads as a comment) is renamed all the same,
//! and said: `invalid-tag` reports those.
//!
//! Each note's new text is parsed again and must hold the same links, the same properties but
//! for `tags`, and exactly the renamed tags; a link to a heading that holds the tag, which the
//! rename would break, refuses the whole rename. Planning reads through a closure and writes
//! nothing: the front end shows the plan or writes it, all notes or none.

use crate::diagnostic::{Edit, Fix};
use crate::index::VaultIndex;
use crate::index::subpath::{SubpathStatus, check_in, same_heading};
use crate::note::{Frontmatter, Link, Note, RawValue, ValueStyle};
use crate::parse::{is_tag_char, parse_note};
use crate::vault::{FileId, Vault};
use rayon::prelude::*;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

/// OLD and NEW, checked: NEW is a tag Obsidian takes, in a note and in the `tags` property.
#[derive(Debug, Clone)]
pub struct Rename {
    /// Without `#`, as given.
    pub old: String,
    /// Without `#`, as given: written as it is.
    pub new: String,
    /// OLD's segments (between `/`), lower-cased.
    old_key: Vec<String>,
    old_lower: String,
}

impl Rename {
    /// From OLD and NEW as typed (`#` optional); why not, when NEW is no tag Obsidian takes.
    pub fn new(old: &str, new: &str) -> Result<Rename, String> {
        let bare = |s: &str| {
            let s = s.trim();
            s.strip_prefix('#').unwrap_or(s).to_string()
        };
        // `#project/` names `#project`, as in a note since Obsidian 1.5.
        let old = bare(old).trim_end_matches('/').to_string();
        if old.is_empty() {
            return Err("the tag to rename is empty".into());
        }
        if let Some(c) = old.chars().find(|&c| !is_tag_char(c)) {
            return Err(format!("`{old}` holds `{c}`, which a tag cannot: there is no such tag to rename"));
        }
        let new = bare(new);
        if new.is_empty() {
            return Err("the new name is empty".into());
        }
        if new == old {
            return Err(format!("#{old} is named so already"));
        }
        if let Some(why) = crate::rules::written_tag_problem(&new) {
            return Err(format!("cannot rename to `{new}`: {why}"));
        }
        // In a note the tag must read whole (`#a/` is `#a`, `##a` no tag), or the rename could
        // not be written inline.
        let read = parse_note(&format!("#{new}\n")).tags;
        if read.len() != 1 || read[0].name[1..] != new {
            let got = read.first().map_or_else(|| "no tag at all".to_string(), |t| format!("`{}`", t.name));
            return Err(format!("cannot rename to `{new}`: Obsidian reads `#{new}` in a note as {got}"));
        }
        let old_lower = old.to_lowercase();
        let old_key = old.split('/').map(str::to_lowercase).collect();
        Ok(Rename { old, new, old_key, old_lower })
    }

    /// The length of the part of `name` (a tag without `#`) that is OLD, when `name` is OLD or
    /// nested in it: `#Project/a` for `project`, not `#projects` nor `#project-x`.
    pub fn matched(&self, name: &str) -> Option<usize> {
        let mut end = 0;
        let mut segments = name.split('/');
        for (i, wanted) in self.old_key.iter().enumerate() {
            let segment = segments.next()?;
            // Most segments differ in their first letter: no lower-casing for those.
            if !segment.eq_ignore_ascii_case(wanted) && segment.to_lowercase() != *wanted {
                return None;
            }
            end += segment.len() + usize::from(i > 0);
        }
        (end == name.len() || name.as_bytes()[end] == b'/').then_some(end)
    }

    /// `name` (without `#`) renamed, when it is OLD or nested in it.
    pub fn renamed(&self, name: &str) -> Option<String> {
        self.matched(name).map(|len| format!("{}{}", self.new, &name[len..]))
    }

    /// Whether a `tags` value may hold OLD: worth reading the note for.
    fn may_hold(&self, value: &Value) -> bool {
        match value {
            Value::String(s) => s.to_lowercase().contains(&self.old_lower),
            Value::Sequence(items) => items.iter().any(|v| self.may_hold(v)),
            // `- #tag` and `tags: #tag` are YAML comments: only the text tells.
            Value::Null => true,
            _ => false,
        }
    }
}

/// One note's new text.
#[derive(Debug, Clone)]
pub struct NoteRename {
    pub id: FileId,
    pub path: String,
    pub old: Vec<u8>,
    pub new: String,
    /// Tags renamed: inline, entries of `tags` (dropped duplicates included), and words of a
    /// `tags` value Obsidian drops.
    pub occurrences: usize,
    /// What the owner should know about this note: a duplicate dropped, a tag Obsidian drops
    /// renamed all the same.
    pub said: Vec<String>,
    /// The new names, without `#`.
    pub renamed_to: Vec<String>,
}

/// Everything a rename will do, decided before anything is written.
#[derive(Debug, Default)]
pub struct Plan {
    /// In path order.
    pub rewrites: Vec<NoteRename>,
    pub occurrences: usize,
    /// Tags that exist already (outside what is renamed) and that renamed tags join, in their
    /// first casing met: only the outermost (`work`, not also `work/a`).
    pub merged_into: Vec<String>,
    /// Why a note cannot be renamed in (`path: why`): the rename is refused while there is one.
    pub refused: Vec<String>,
    /// Links to a heading that holds the tag, which did not resolve and will after the rename.
    pub newly_resolved: Vec<String>,
}

/// Plans the rename in the notes whose path `in_scope` accepts; `read` gives a note's bytes
/// as they are now (its spans are taken from them, not from the vault as loaded).
pub fn plan(
    vault: &Vault,
    index: &VaultIndex,
    rename: &Rename,
    in_scope: impl Fn(&str) -> bool + Sync,
    read: impl Fn(&str) -> std::io::Result<Vec<u8>> + Sync,
) -> Plan {
    let candidates: Vec<FileId> = vault
        .notes()
        .filter(|&(id, note)| {
            let file = &vault.files[id];
            file.is_note && !file.removed && in_scope(&file.path) && may_hold(note, rename)
        })
        .map(|(id, _)| id)
        .collect();
    // Each note's rewrite with its text parsed before and after (for the heading links), or
    // why it cannot be renamed in.
    type Planned = Result<Option<(NoteRename, Note, Note)>, String>;
    let planned: Vec<Planned> = candidates
        .par_iter()
        .map(|&id| {
            let path = &vault.files[id].path;
            let bytes = read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| format!("{path} is not valid UTF-8, so its tags cannot be renamed safely"))?;
            let Some(renamed) = rename_text(text, rename).map_err(|e| format!("{path}: {e}"))? else {
                return Ok(None);
            };
            let rewrite = NoteRename {
                id,
                path: path.clone(),
                new: renamed.text,
                old: bytes,
                occurrences: renamed.occurrences,
                said: renamed.said,
                renamed_to: renamed.renamed_to,
            };
            Ok(Some((rewrite, renamed.old_note, renamed.new_note)))
        })
        .collect();
    let mut plan = Plan::default();
    let mut reparsed = BTreeMap::new();
    for p in planned {
        match p {
            Ok(Some((rewrite, old, new))) => {
                plan.occurrences += rewrite.occurrences;
                reparsed.insert(rewrite.id, (old, new));
                plan.rewrites.push(rewrite);
            }
            Ok(None) => {}
            Err(why) => plan.refused.push(why),
        }
    }
    check_heading_links(vault, index, rename, &reparsed, &mut plan);
    plan.merged_into = merged_into(vault, rename, &in_scope, &plan.rewrites);
    plan
}

/// Whether the note as loaded may hold OLD: an inline tag, or a `tags` value that mentions it.
fn may_hold(note: &Note, rename: &Rename) -> bool {
    note.tags.iter().any(|t| rename.matched(&t.name[1..]).is_some())
        || tags_property(note.frontmatter.as_ref()).is_some_and(|(_, v)| rename.may_hold(v))
}

/// The `tags` property as Obsidian's cache finds it: the first key `tags` in any casing.
fn tags_property(fm: Option<&Frontmatter>) -> Option<(&Value, &Value)> {
    let Some(Value::Mapping(map)) = fm.and_then(|fm| fm.value.as_ref()) else { return None };
    map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("tags")))
}

/// A note's text with the tag renamed, parsed again and checked.
pub struct Renamed {
    pub text: String,
    pub occurrences: usize,
    pub said: Vec<String>,
    pub renamed_to: Vec<String>,
    pub old_note: Note,
    pub new_note: Note,
}

/// Renames the tag in one note's text; `None` when it holds none. Pure.
pub fn rename_text(text: &str, rename: &Rename) -> Result<Option<Renamed>, String> {
    let note = parse_note(text);
    let mut found = Found::default();
    for tag in &note.tags {
        let Some(len) = rename.matched(&tag.name[1..]) else { continue };
        let at = tag.loc.span.start + 1;
        if text.get(at - 1..at + len) != Some(&tag.name[..1 + len]) {
            return Err(format!("cannot locate the tag {} in the text", tag.name));
        }
        found.rename(at, len, rename);
    }
    let expected_tags = property_edits(text, note.frontmatter.as_ref(), rename, &mut found)?;
    if found.occurrences == 0 {
        return Ok(None);
    }
    let fixes: Vec<Fix> = found.edits.into_iter().map(|e| Fix::safe("rename tag", vec![e])).collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    let applied = crate::edits::apply_fixes(text, &refs);
    if applied.fixes != fixes.len() {
        return Err("two of its changes overlap in the text".into());
    }
    let new_note = parse_note(&applied.text);
    verify(&note, &new_note, rename, expected_tags)?;
    // The tags Obsidian reads that were renamed, under their new names: what may merge.
    let written = note.frontmatter.iter().flat_map(|fm| fm.tags());
    let renamed_to = written.chain(note.tags.iter().map(|t| &t.name[1..])).filter_map(|n| rename.renamed(n)).collect();
    Ok(Some(Renamed {
        text: applied.text,
        occurrences: found.occurrences,
        said: found.said,
        renamed_to,
        old_note: note,
        new_note,
    }))
}

/// The edits planned in one note, and what goes with them.
#[derive(Default)]
struct Found {
    edits: Vec<Edit>,
    occurrences: usize,
    said: Vec<String>,
}

impl Found {
    /// OLD's `len` bytes at `at` become NEW.
    fn rename(&mut self, at: usize, len: usize, rename: &Rename) {
        self.edits.push(Edit::replace(crate::note::Span { start: at, end: at + len }, rename.new.clone()));
        self.occurrences += 1;
    }
}

/// What becomes of one entry of the `tags` list.
enum Entry {
    /// Left as it is (not the tag, or not a string).
    Kept,
    /// Renamed: its edits, and its new YAML value.
    Renamed { edits: Vec<Edit>, value: String },
    /// Words renamed in an entry Obsidian drops (a YAML comment, a text with spaces).
    Words { edits: Vec<Edit> },
}

/// Plans the edits of the `tags` property into `found`; returns the key and the value the
/// property must have afterwards, for [`verify`].
fn property_edits(
    text: &str,
    fm: Option<&Frontmatter>,
    rename: &Rename,
    found: &mut Found,
) -> Result<Option<(Value, Value)>, String> {
    let Some((key, value)) = tags_property(fm) else { return Ok(None) };
    let fm = fm.expect("a property has a frontmatter");
    let raw = key.as_str().and_then(|k| fm.property(k));
    let unwritable = || {
        "its `tags` property is written in a form wikilint does not rewrite (a flow list over several lines, a \
         block scalar, an anchor…): rename the tag there by hand"
            .to_string()
    };
    let key_text = key.as_str().unwrap_or("tags");
    match value {
        Value::Sequence(items) => {
            let raw_items = raw.map(|r| &r.items[..]).filter(|r| r.len() == items.len());
            let flow = raw.is_some_and(|r| r.value.style == ValueStyle::Flow);
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let entry = entry_edits(text, item, raw_items.map(|r| &r[i]), rename)
                    .map_err(|e| if raw_items.is_none() { unwritable() } else { e })?;
                if !matches!(entry, Entry::Kept) && raw_items.is_none() {
                    return Err(unwritable());
                }
                if let (Entry::Words { .. }, Some(r)) = (&entry, raw_items) {
                    let written = &text[r[i].span.start as usize..r[i].span.end as usize];
                    let dash = if flow { "" } else { "- " };
                    found.said.push(format!(
                        "Obsidian reads no tag in `{dash}{written}` (invalid-tag); renamed all the same"
                    ));
                }
                entries.push(entry);
            }
            let groups = duplicates(items, &entries);
            let mut dropped = vec![false; items.len()];
            for i in groups.iter().flat_map(|(_, drop)| drop) {
                dropped[*i] = true;
            }
            let spans: Vec<RawValue> = raw_items.map(<[RawValue]>::to_vec).unwrap_or_default();
            let deletions = if groups.is_empty() { None } else { deletions(text, &spans, &dropped, flow) };
            for (kept, _) in &groups {
                found.said.push(match deletions {
                    Some(_) => format!("`tags` lists {kept} already: the renamed entry is dropped"),
                    None => format!("`tags` lists {kept} twice after the rename: remove one by hand"),
                });
            }
            let mut expected = Vec::with_capacity(items.len());
            for (i, (item, entry)) in items.iter().zip(entries).enumerate() {
                match (entry, deletions.as_ref().and_then(|d| d[i])) {
                    (Entry::Renamed { .. }, Some(span)) => {
                        found.edits.push(Edit::delete(span));
                        found.occurrences += 1;
                    }
                    (Entry::Renamed { edits, value }, None) => {
                        found.edits.extend(edits);
                        found.occurrences += 1;
                        expected.push(Value::String(value));
                    }
                    (Entry::Words { edits }, _) => {
                        found.occurrences += edits.len();
                        found.edits.extend(edits);
                        expected.push(item.clone());
                    }
                    (Entry::Kept, _) => expected.push(item.clone()),
                }
            }
            Ok(Some((key.clone(), Value::Sequence(expected))))
        }
        Value::String(_) | Value::Null => {
            let entry = entry_edits(text, value, raw.map(|r| &r.value), rename)?;
            let expected = match entry {
                Entry::Kept => value.clone(),
                Entry::Renamed { edits, value } => {
                    found.edits.extend(edits);
                    found.occurrences += 1;
                    Value::String(value)
                }
                Entry::Words { edits } => {
                    let r = raw.ok_or_else(unwritable)?;
                    let written = &text[r.value.span.start as usize..r.value.span.end as usize];
                    found.said.push(format!(
                        "Obsidian reads no tag in `{key_text}: {written}` (invalid-tag); renamed all the same"
                    ));
                    found.occurrences += edits.len();
                    found.edits.extend(edits);
                    match value {
                        // A comment: YAML reads null before and after.
                        Value::Null => Value::Null,
                        _ => rename_words(value, rename).ok_or_else(unwritable)?,
                    }
                }
            };
            Ok(Some((key.clone(), expected)))
        }
        _ => Ok(Some((key.clone(), value.clone()))),
    }
}

/// The edits for one entry of `tags` (or its only value), written as `raw`.
fn entry_edits(text: &str, item: &Value, raw: Option<&RawValue>, rename: &Rename) -> Result<Entry, String> {
    let unwritable = |s: &str| format!("the `tags` entry `{s}` is written in a form wikilint does not rewrite");
    match item {
        Value::String(s) => {
            let entry = s.trim();
            if entry.contains(char::is_whitespace) {
                let Some(raw) = raw else { return Ok(Entry::Kept) };
                let Some((start, end)) = content(text, raw, s) else {
                    return if rename_words(item, rename).is_some() { Err(unwritable(s)) } else { Ok(Entry::Kept) };
                };
                let edits = word_edits(text, start, end, rename, false);
                return Ok(if edits.is_empty() { Entry::Kept } else { Entry::Words { edits } });
            }
            let hash = entry.starts_with('#');
            let name = &entry[usize::from(hash)..];
            let Some(len) = rename.matched(name) else { return Ok(Entry::Kept) };
            let raw = raw.ok_or_else(|| unwritable(s))?;
            let (start, _) = content(text, raw, s).ok_or_else(|| unwritable(s))?;
            let lead = s.len() - s.trim_start().len() + usize::from(hash);
            let at = start + lead;
            let value = format!("{}{}{}", &s[..lead], rename.new, &s[lead + len..]);
            let edits = if raw.style == ValueStyle::Plain && !plain_reads_as_text(&value) {
                let span = raw.loc().span;
                vec![Edit::replace(span, format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))]
            } else {
                vec![Edit::replace(crate::note::Span { start: at, end: at + len }, rename.new.clone())]
            };
            Ok(Entry::Renamed { edits, value })
        }
        Value::Null => {
            let Some(raw) = raw.filter(|r| r.style == ValueStyle::Comment) else { return Ok(Entry::Kept) };
            let span = raw.loc().span;
            let edits = word_edits(text, span.start, span.end, rename, true);
            Ok(if edits.is_empty() { Entry::Kept } else { Entry::Words { edits } })
        }
        _ => Ok(Entry::Kept),
    }
}

/// Where the characters of the YAML string `s` lie in the text, written as `raw`: a plain
/// scalar is `s` itself, a quoted one `s` between its quotes with nothing escaped. `None`
/// otherwise (escapes, a scalar folded over lines, a block scalar).
fn content(text: &str, raw: &RawValue, s: &str) -> Option<(usize, usize)> {
    let span = raw.loc().span;
    let written = text.get(span.start..span.end)?;
    let (start, end) = match raw.style {
        ValueStyle::Plain => (span.start, span.end),
        ValueStyle::Quoted if written.len() >= 2 => (span.start + 1, span.end - 1),
        _ => return None,
    };
    (text.get(start..end)? == s).then_some((start, end))
}

/// The edits renaming each word of `text[start..end]` that is the tag: words are split at
/// whitespace and commas, a leading `#` is optional (required in a comment).
fn word_edits(text: &str, start: usize, end: usize, rename: &Rename, hash_required: bool) -> Vec<Edit> {
    let mut edits = Vec::new();
    let region = &text[start..end];
    let mut at = 0;
    for word in region.split(|c: char| c.is_whitespace() || c == ',') {
        let word_at = start + at;
        at += word.len() + region[at + word.len()..].chars().next().map_or(0, char::len_utf8);
        let hash = word.starts_with('#');
        if hash_required && !hash {
            continue;
        }
        let name = &word[usize::from(hash)..];
        if name.is_empty() || !name.chars().all(is_tag_char) {
            continue;
        }
        if let Some(len) = rename.matched(name) {
            let from = word_at + usize::from(hash);
            edits.push(Edit::replace(crate::note::Span { start: from, end: from + len }, rename.new.clone()));
        }
    }
    edits
}

/// A string value with the tag renamed in each of its words (as [`word_edits`] does to the
/// text); `None` when that renames nothing.
fn rename_words(value: &Value, rename: &Rename) -> Option<Value> {
    let Value::String(s) = value else { return None };
    let edits = word_edits(s, 0, s.len(), rename, false);
    if edits.is_empty() {
        return None;
    }
    let fixes: Vec<Fix> = edits.into_iter().map(|e| Fix::safe("", vec![e])).collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    Some(Value::String(crate::edits::apply_fixes(s, &refs).text))
}

/// The renamed entries that repeat a tag their list holds already (in any casing), to be
/// dropped, with the entry that stays (as written, without `#`): of each repeated tag, the
/// entry that was there before (else the first).
fn duplicates(items: &[Value], entries: &[Entry]) -> Vec<(String, Vec<usize>)> {
    let written = |i: usize| -> Option<String> {
        let name = match (&entries[i], &items[i]) {
            (Entry::Renamed { value, .. }, _) => value.trim(),
            (Entry::Kept, Value::String(s)) if !s.trim().contains(char::is_whitespace) => s.trim(),
            _ => return None,
        };
        let name = name.strip_prefix('#').unwrap_or(name);
        (!name.is_empty()).then(|| name.to_string())
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        if let Some(name) = written(i) {
            groups.entry(name.to_lowercase()).or_default().push(i);
        }
    }
    let renamed = |i: usize| matches!(entries[i], Entry::Renamed { .. });
    let mut out: Vec<(String, Vec<usize>)> = groups
        .into_values()
        .filter(|group| group.len() > 1 && group.iter().any(|&i| renamed(i)))
        .map(|group| {
            let keep = group.iter().copied().find(|&i| !renamed(i)).unwrap_or(group[0]);
            let drop = group.into_iter().filter(|&i| i != keep && renamed(i)).collect();
            (written(keep).unwrap_or_default(), drop)
        })
        .collect();
    out.sort_by_key(|(_, drop)| drop.first().copied());
    out
}

/// The span to delete for each dropped entry of a list: a block item's whole line (when it
/// holds nothing else, not even a comment), a flow item with the comma between it and its
/// neighbour. `None` when one cannot be dropped so: all are then kept.
fn deletions(text: &str, items: &[RawValue], dropped: &[bool], flow: bool) -> Option<Vec<Option<crate::note::Span>>> {
    use crate::note::Span;
    if items.len() != dropped.len() {
        return None;
    }
    let spans: Vec<Span> = items.iter().map(|r| r.loc().span).collect();
    let mut out = vec![None; items.len()];
    for i in (0..items.len()).filter(|&i| dropped[i]) {
        let span = spans[i];
        out[i] = Some(if flow {
            // The entries before it are all dropped: it goes with the comma after it, up to the
            // next entry; else with the comma before it, from the previous entry's end.
            let (from, to, gap) = if dropped[..i].iter().all(|&d| d) {
                let next = spans.get(i + 1)?;
                (span.start, next.start, &text[span.end..next.start])
            } else {
                let prev = spans[i - 1];
                (prev.end, span.end, &text[prev.end..span.start])
            };
            if gap.trim() != "," {
                return None;
            }
            Span { start: from, end: to }
        } else {
            let line_start = text[..span.start].rfind('\n').map_or(0, |p| p + 1);
            let line_end = text[span.end..].find('\n').map_or(text.len(), |p| span.end + p + 1);
            let before = text[line_start..span.start].trim();
            let after = text[span.end..line_end].trim();
            if before != "-" || !after.is_empty() {
                return None;
            }
            Span { start: line_start, end: line_end }
        });
    }
    Some(out)
}

/// Whether YAML (Obsidian's `yaml` package, core schema, and ours) reads `s` written plain as
/// the text `s`: not a boolean, null or number.
fn plain_reads_as_text(s: &str) -> bool {
    let core = matches!(s, "null" | "Null" | "NULL" | "~" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || is_core_number(s);
    !core && matches!(serde_yaml::from_str::<Value>(s), Ok(Value::String(read)) if read == s)
}

/// A YAML 1.2 core schema integer or float: `-1`, `0x1f`, `0o17`, `1e5`, `.5`, `.inf`, `.nan`.
fn is_core_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (digits(int) && frac.bytes().all(|b| b.is_ascii_digit())) || (int.is_empty() && digits(frac))
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// The new text, parsed, says what the old one did but for the tag: the same links, the same
/// properties but `tags`, which holds `expected`, and the same inline tags, renamed.
fn verify(old: &Note, new: &Note, rename: &Rename, expected: Option<(Value, Value)>) -> Result<(), String> {
    let link = |l: &Link| (l.kind.clone(), l.target.clone(), l.display.clone(), l.original.clone(), l.padded, l.glued);
    if old.links.len() != new.links.len() || old.links.iter().zip(&new.links).any(|(a, b)| link(a) != link(b)) {
        return Err("the rename would change one of its links; nothing was changed".into());
    }
    let wanted: Vec<String> = old
        .tags
        .iter()
        .map(|t| rename.renamed(&t.name[1..]).map_or_else(|| t.name.clone(), |n| format!("#{n}")))
        .collect();
    if new.tags.iter().map(|t| &t.name).ne(wanted.iter()) {
        return Err("its tags would not read as renamed after the rename; nothing was changed".into());
    }
    let value = |n: &Note| n.frontmatter.as_ref().and_then(|f| f.value.clone());
    let mut want = value(old);
    if let (Some(Value::Mapping(map)), Some((key, v))) = (&mut want, expected) {
        map.insert(key, v);
    }
    if value(new) != want {
        return Err("its properties would not read as they should after the rename; nothing was changed".into());
    }
    Ok(())
}

/// Refuses the rename where it would break a link to a heading that holds the tag; notes the
/// heading links it would make resolve.
fn check_heading_links(
    vault: &Vault,
    index: &VaultIndex,
    rename: &Rename,
    reparsed: &BTreeMap<FileId, (Note, Note)>,
    plan: &mut Plan,
) {
    let changed: BTreeMap<FileId, &(Note, Note)> = reparsed
        .iter()
        .filter(|(_, (old, new))| old.headings.iter().map(|h| &h.text).ne(new.headings.iter().map(|h| &h.text)))
        .map(|(id, notes)| (*id, notes))
        .collect();
    if changed.is_empty() {
        return;
    }
    for (source, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[source]) {
            let Some(subpath) = link.subpath().filter(|s| !s.is_empty()) else { continue };
            let Some((target, (old, new))) = target.resolution.file.and_then(|t| changed.get_key_value(&t)) else {
                continue;
            };
            let before = check_in(old, subpath);
            let after = check_in(new, subpath);
            let here = format!("{}:{}: {}", vault.files[source].path, link.loc.start.line, link.original);
            if before == SubpathStatus::Found && after != SubpathStatus::Found {
                let path = &vault.files[*target].path;
                let part = subpath.rsplit('#').next().unwrap_or(subpath);
                let heading = old
                    .headings
                    .iter()
                    .zip(&new.headings)
                    .find(|(o, n)| o.text != n.text && same_heading(&o.text, part));
                // Not `mv "Note#Heading"`: it reads each `#` as a step of a heading chain, so it
                // cannot name a heading that holds a tag. The link is the owner's to mend.
                plan.refused.push(match heading {
                    Some((o, n)) => format!(
                        "{here} leads to the heading \"{}\" of {path}, which the rename makes \"{}\", so the link \
                         would break: change the link or the heading first, then rename the tag",
                        o.text, n.text
                    ),
                    None => format!(
                        "{here} leads to a heading of {path} that holds #{}, so the link would break: change the link \
                         or the heading first, then rename the tag",
                        rename.old
                    ),
                });
            } else if before != SubpathStatus::Found && after == SubpathStatus::Found {
                plan.newly_resolved.push(here);
            }
        }
    }
}

/// The tags that exist outside what is renamed and that renamed tags join: outermost only,
/// in the first casing met (notes in path order).
fn merged_into(
    vault: &Vault,
    rename: &Rename,
    in_scope: &impl Fn(&str) -> bool,
    rewrites: &[NoteRename],
) -> Vec<String> {
    let renamed: BTreeSet<String> = rewrites.iter().flat_map(|r| &r.renamed_to).map(|n| n.to_lowercase()).collect();
    if renamed.is_empty() {
        return Vec::new();
    }
    // Lower-cased tag (and each parent) → first casing met.
    let mut existing: BTreeMap<String, String> = BTreeMap::new();
    for (id, note) in vault.notes() {
        let file = &vault.files[id];
        if !file.is_note || file.removed {
            continue;
        }
        let renaming = in_scope(&file.path);
        let written = note.frontmatter.iter().flat_map(|fm| fm.tags());
        let inline = note.tags.iter().map(|t| &t.name[1..]);
        for name in written.chain(inline) {
            if renaming && rename.matched(name).is_some() {
                continue;
            }
            let ends = name.match_indices('/').map(|(i, _)| i).chain([name.len()]);
            for end in ends {
                existing.entry(name[..end].to_lowercase()).or_insert_with(|| name[..end].to_string());
            }
        }
    }
    let merged: Vec<&String> = renamed.iter().filter(|r| existing.contains_key(*r)).collect();
    merged
        .iter()
        .filter(|r| {
            !merged.iter().any(|p| r.len() > p.len() && r.starts_with(p.as_str()) && r.as_bytes()[p.len()] == b'/')
        })
        .map(|r| existing[*r].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(text: &str, old: &str, new: &str) -> String {
        let rename = Rename::new(old, new).unwrap();
        match rename_text(text, &rename) {
            Ok(Some(r)) => r.text,
            Ok(None) => text.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn nested_tags_follow_and_near_names_do_not() {
        let rename = Rename::new("#Project", "work").unwrap();
        assert_eq!(rename.renamed("project"), Some("work".into()));
        assert_eq!(rename.renamed("PROJECT/Sub/x"), Some("work/Sub/x".into()));
        assert_eq!(rename.renamed("projects"), None);
        assert_eq!(rename.renamed("project-x"), None);
        let nested = Rename::new("a/b", "c").unwrap();
        assert_eq!(nested.renamed("A/B/c"), Some("c/c".into()));
        assert_eq!(nested.renamed("a"), None);
        assert_eq!(nested.renamed("a/bc"), None);
        let greek = Rename::new("ΣΟΦΙΑ", "x").unwrap();
        assert_eq!(greek.renamed("σοφια/a"), Some("x/a".into()));
    }

    #[test]
    fn plain_yaml_that_is_not_text() {
        for s in ["true", "False", "null", "~", "-1", "12", "0x1F", "0o17", "1e5", "-2E-3", "1.5", ".5", ".inf", "-"] {
            assert!(!plain_reads_as_text(s), "{s}");
        }
        for s in ["yes", "no", "on", "work", "2024/01", "1984y", "0x", "1e", "e5", "-a", "y2024"] {
            assert!(plain_reads_as_text(s), "{s}");
        }
    }

    #[test]
    fn a_duplicate_on_a_commented_line_stays_and_is_said() {
        let text = "---\ntags:\n  - work\n  - project # mine\n---\n";
        let rename = Rename::new("project", "work").unwrap();
        let r = rename_text(text, &rename).unwrap().unwrap();
        assert_eq!(r.text, "---\ntags:\n  - work\n  - work # mine\n---\n");
        assert!(r.said.iter().any(|s| s.contains("twice")), "{:?}", r.said);
    }

    #[test]
    fn flow_lists_lose_duplicates_wherever_they_stand() {
        let t = |s: &str| renamed(&format!("---\ntags: {s}\n---\n"), "project", "work");
        assert_eq!(t("[project, Project, work]"), "---\ntags: [work]\n---\n");
        assert_eq!(t("[work, project, Project]"), "---\ntags: [work]\n---\n");
        assert_eq!(t("[project, x, PROJECT]"), "---\ntags: [work, x]\n---\n");
        assert_eq!(t("[ \"#project\" ,  'work' ]"), "---\ntags: [ 'work' ]\n---\n");
    }

    #[test]
    fn properties_other_than_tags_and_odd_forms() {
        // Other keys, aliases and links holding the word are not tags.
        let text = "---\naliases: [project]\nup: \"[[project]]\"\ntags: [project]\n---\n[[project#project]]\n";
        assert_eq!(
            renamed(text, "project", "work"),
            "---\naliases: [project]\nup: \"[[project]]\"\ntags: [work]\n---\n[[project#project]]\n"
        );
        // A flow list over two lines: refused, not guessed.
        let text = "---\ntags: [a,\n  project]\n---\n";
        let got = renamed(text, "project", "work");
        assert!(got.starts_with("error: its `tags` property"), "{got}");
        // An escaped quoted entry: refused too.
        let text = "---\ntags: [\"proj\\u0065ct\"]\n---\n";
        assert!(renamed(text, "project", "work").starts_with("error:"), "{}", renamed(text, "project", "work"));
        // Invalid YAML: Obsidian reads no tags there, and neither do we.
        let text = "---\ntags: [project\n---\n#project\n";
        assert_eq!(renamed(text, "project", "work"), "---\ntags: [project\n---\n#work\n");
    }

    #[test]
    fn names_refused_with_their_reason() {
        let why = |new: &str| Rename::new("a", new).unwrap_err();
        assert!(why("b c").contains("space"));
        assert!(why("12").contains("digits"));
        assert!(why("b/").contains("as `#b`"));
        assert!(why("##b").contains("no tag at all") || why("##b").contains("holds `#`"), "{}", why("##b"));
        assert!(why("a").contains("already"));
        assert!(Rename::new("a", "A").is_ok(), "a change of casing is a rename");
        assert!(Rename::new("a b", "c").unwrap_err().contains("holds ` `"));
    }
}
