//! Renaming a heading (`wikilint mv "Note#Old" "Note#New"`): the heading line changes, and
//! every link whose heading chain reached that heading gets the new text in that part.
//!
//! The source is a heading by its exact text when one has it (`Note#Plans #project`, a
//! heading holding a tag), else a chain of headings as a link reads it (`Note#Plans#project`).

use super::edit::LinkChange;
use super::plan::{Disk, FileChanges, Layout, Plan, build_rewrites, vault_relative};
use crate::diagnostic::Edit;
use crate::index::subpath::same_heading;
use crate::index::{FileId, VaultIndex};
use crate::note::{Heading, Span};
use crate::vault::Vault;
use std::collections::BTreeMap;

/// Plans a heading rename; `src` and `dst` are `Note#Heading` (the note as a vault path or a
/// unique name; `dst` may leave the note out: `#New heading`).
pub fn plan_heading(vault: &Vault, index: &VaultIndex, disk: &dyn Disk, src: &str, dst: &str) -> Result<Plan, String> {
    let (src_note, src_sub) = src.split_once('#').ok_or("the source names no heading")?;
    let (dst_note, dst_sub) = dst
        .split_once('#')
        .ok_or("to rename a heading, give the new one as Note#New heading (a note cannot become a heading)")?;
    let id = find_note(vault, index, src_note)?;
    let path = vault.files[id].path.clone();
    if !dst_note.trim().is_empty() && find_note(vault, index, dst_note).ok() != Some(id) {
        return Err(format!(
            "{dst_note} is not {path}: a heading is renamed within its note (move the note separately)"
        ));
    }
    let parts = parts_of(src_sub);
    if parts.is_empty() {
        return Err("the source names no heading after #".into());
    }
    if parts.len() == 1 && parts[0].starts_with('^') {
        return Err("block ids are not headings; wikilint mv renames headings only".into());
    }
    let note = vault.note(id).ok_or_else(|| format!("{path} could not be read"))?;
    let headings = &note.headings;
    let (renamed, new_text) = match heading_by_exact_text(headings, src_sub) {
        Some(renamed) => (renamed, dst_sub.trim().to_string()),
        None => {
            let Some(renamed) = chain_match(headings, &parts).and_then(|m| m.last().copied()) else {
                let list: Vec<&str> = headings.iter().map(|h| h.text.as_str()).collect();
                return Err(format!("{path} has no heading {:?}; its headings: {}", src_sub, list.join(" | ")));
            };
            (renamed, new_heading_text(&parts, dst_sub)?)
        }
    };
    if new_text.is_empty() || new_text.contains(['\n', '\r']) {
        return Err("the new heading is empty; give it as Note#New heading".into());
    }
    if let Some(why) = unlinkable(&new_text) {
        return Err(format!("links cannot name a heading {new_text:?} as written: {why}; choose another text"));
    }
    let old_text = headings[renamed].text.clone();
    if old_text == new_text {
        return Err(format!("the heading is already {new_text:?}; nothing to do"));
    }
    if let Some(other) = headings.iter().enumerate().find(|(i, h)| *i != renamed && same_heading(&h.text, &new_text)) {
        return Err(format!(
            "{path} already has a heading {:?} (line {}), which links could not tell apart from the new one; choose another text",
            other.1.text, other.1.loc.start.line
        ));
    }
    let link_text = heading_link_text(&new_text);
    if link_text.is_empty() || !same_heading(&link_text, &new_text) {
        return Err(format!("links cannot name a heading {new_text:?}; choose another text"));
    }
    let mut after_headings = headings.clone();
    after_headings[renamed].text = new_text.clone();

    let mut changes: BTreeMap<FileId, FileChanges> = BTreeMap::new();
    let text = disk.read(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text = String::from_utf8(text).map_err(|_| format!("{path} is not valid UTF-8; fix its encoding first"))?;
    changes.entry(id).or_default().edits.push(heading_edit(&text, &headings[renamed], &new_text)?);
    let renamed_text = [(renamed, link_text.clone())];
    for c in links_to_renamed_headings(vault, index, id, headings, &after_headings, &renamed_text)? {
        let change = LinkChange { path: None, subpath_parts: c.parts };
        changes.entry(c.source).or_default().links.push((c.link, change));
    }
    let paths: Vec<String> = vault.files.iter().map(|f| f.path.clone()).collect();
    let layout = Layout { paths: &paths, names: &index.names };
    let rewrites = build_rewrites(vault, index, disk, &layout, changes)?;
    // What the note's parser reads back must be the heading asked for (Markdown in the text,
    // a trailing `\`, an HTML comment could make it another heading or none).
    let edited = rewrites.iter().find(|r| r.path == path).ok_or("cannot edit the heading")?;
    let reread = crate::vault::parse_bytes(edited.new.as_bytes()).headings;
    if reread.len() != headings.len() || reread[renamed].text != new_text {
        return Err(format!("the note would not read {new_text:?} back as a heading; choose another text"));
    }
    Ok(Plan { heading: Some((path, old_text, new_text)), rewrites, ..Plan::default() })
}

/// The heading whose own text is the whole subpath, `#` and all (`Plans #project`, a heading
/// holding a tag), when the subpath holds a `#`. A link cannot name it that way (Obsidian
/// splits a link's subpath on every `#`, spec §3.6, and links to it as `Note#Plans project`),
/// but it is how the user reads the heading, so `mv` takes it, before reading the subpath as
/// a chain of headings. The first such heading, as Obsidian's matching takes the first.
fn heading_by_exact_text(headings: &[Heading], sub: &str) -> Option<usize> {
    let text = sub.trim();
    if !text.contains('#') {
        return None;
    }
    headings.iter().position(|h| h.text == text)
}

/// The new heading's text from what follows `#` in the destination: the text alone
/// (`#New`), or the source's chain with its last part changed (`#Parent#New`). Anything
/// else holds a `#` that a link would read as a step into a sub-heading.
fn new_heading_text(source: &[&str], dst_sub: &str) -> Result<String, String> {
    let parts = parts_of(dst_sub);
    let text = match parts.as_slice() {
        [] => "",
        [text] => text,
        [parents @ .., text]
            if parents.len() + 1 == source.len() && parents.iter().zip(source).all(|(a, b)| same_heading(a, b)) =>
        {
            text
        }
        _ => {
            return Err(format!(
                "links cannot name a heading {:?}: '#' separates a heading from its sub-headings in a link, so a heading text cannot hold it (give the new text alone, or the source's chain with only its last part changed)",
                dst_sub.trim()
            ));
        }
    };
    Ok(text.trim().to_string())
}

/// Why a link could not name a heading with this text as written, if it could not. Obsidian
/// leaves these out of the links it writes (`stripHeadingForLink`, spec §3.6), and in the
/// heading line they change what the line holds. `:` and other punctuation are fine: links
/// leave them out and Obsidian's matching ignores them.
///
/// A `#` is not among them: only a heading named by its exact text gets one (any other
/// destination is read as a chain), and its links are written without it, as Obsidian
/// writes them (`## Plans #work` is linked as `Note#Plans work`).
fn unlinkable(text: &str) -> Option<&'static str> {
    if text.contains('|') {
        Some("'|' ends a link's path (what follows is the text shown)")
    } else if text.contains('^') {
        Some("'^' starts a block id in a link")
    } else if text.contains("[[") || text.contains("]]") {
        Some("the heading would hold a link")
    } else if text.contains("%%") {
        Some("'%%' starts a comment, which hides text")
    } else {
        None
    }
}

/// A link whose heading chain passes through a renamed heading.
pub(crate) struct HeadingLinkChange {
    pub source: FileId,
    /// Its index among the source's links.
    pub link: usize,
    /// The subpath parts to replace: (index among the non-empty parts, new text).
    pub parts: Vec<(usize, String)>,
}

/// The links into note `id` whose heading chain passes through a heading that gets new
/// text, with the parts to rewrite. `renamed`
/// gives each such heading (an index into `headings`) and the text links should now use;
/// `after` is the note's headings once renamed. Fails when a rewritten chain would lead to
/// another heading (the new text clashes with an earlier one).
pub(crate) fn links_to_renamed_headings(
    vault: &Vault,
    index: &VaultIndex,
    id: FileId,
    headings: &[Heading],
    after: &[Heading],
    renamed: &[(usize, String)],
) -> Result<Vec<HeadingLinkChange>, String> {
    let mut out = Vec::new();
    for (source, other) in vault.notes() {
        let Some(targets) = index.targets.get(source) else { continue };
        for (k, (link, target)) in other.links.iter().zip(targets).enumerate() {
            let (Some(file), Some(sub)) = (target.resolution.file, link.subpath()) else { continue };
            if file != id {
                continue;
            }
            let parts = parts_of(sub);
            if parts.len() == 1 && parts[0].starts_with('^') {
                continue;
            }
            let Some(before) = chain_match(headings, &parts) else { continue };
            let replaced: Vec<(usize, String)> = before
                .iter()
                .enumerate()
                .filter_map(|(i, h)| renamed.iter().find(|(r, _)| r == h).map(|(_, text)| (i, text.clone())))
                .collect();
            let mut new_parts: Vec<&str> = parts.clone();
            for (i, t) in &replaced {
                new_parts[*i] = t;
            }
            if chain_match(after, &new_parts).and_then(|m| m.last().copied()) != before.last().copied() {
                return Err(format!(
                    "after the rename, {} in {} would lead to another heading; rename by hand or choose another text",
                    link.original, vault.files[source].path
                ));
            }
            if !replaced.is_empty() {
                out.push(HeadingLinkChange { source, link: k, parts: replaced });
            }
        }
    }
    Ok(out)
}

fn parts_of(sub: &str) -> Vec<&str> {
    sub.split('#').filter(|p| !p.is_empty()).collect()
}

/// The heading each part of a chain matched, like `heading_chain_exists` (spec §3.6).
pub fn chain_match(headings: &[Heading], parts: &[&str]) -> Option<Vec<usize>> {
    if parts.is_empty() {
        return None; // `[[Note#]]` names the note, not a heading
    }
    let (mut matched, mut level) = (Vec::new(), 0u8);
    for (i, h) in headings.iter().enumerate() {
        if h.level > level && same_heading(&h.text, parts[matched.len()]) {
            matched.push(i);
            level = h.level;
            if matched.len() == parts.len() {
                return Some(matched);
            }
        }
    }
    None
}

/// Obsidian's `stripHeadingForLink`: the heading as a link writes it.
pub fn heading_link_text(heading: &str) -> String {
    let mut s = heading.replace("%%", " ").replace("[[", " ").replace("]]", " ");
    s = s.chars().map(|c| if ":#|^\\\r\n".contains(c) { ' ' } else { c }).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The edit that puts `new` in place of the heading's text on its line.
fn heading_edit(text: &str, heading: &Heading, new: &str) -> Result<Edit, String> {
    let span = heading.loc.span;
    let block = text.get(span.start..span.end).ok_or("cannot locate the heading")?;
    let skip = if block.trim_start().starts_with('#') {
        block.len() - block.trim_start().trim_start_matches('#').len()
    } else {
        0
    };
    let at = block[skip..].find(&heading.text).ok_or("cannot locate the heading's text")? + skip;
    let start = span.start + at;
    Ok(Edit::replace(Span { start, end: start + heading.text.len() }, new))
}

/// A note by vault path (with or without `.md`) or by a name only one note has.
fn find_note(vault: &Vault, index: &VaultIndex, typed: &str) -> Result<FileId, String> {
    let (rel, _) = vault_relative(&vault.root, typed.trim())?;
    let md = if rel.ends_with(".md") { rel.clone() } else { format!("{rel}.md") };
    if let Some(id) = vault.live_ids().find(|&id| vault.files[id].path == md) {
        return Ok(id);
    }
    let lower = md.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let found: Vec<FileId> =
        index.names.named(name).iter().copied().filter(|&f| index.names.lower(f).ends_with(&lower)).collect();
    match found.as_slice() {
        [id] => Ok(*id),
        [] => Err(format!("no note {typed} in the vault")),
        _ => Err(format!("several notes are called {typed}; give its path")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_text_of_headings() {
        assert_eq!(heading_link_text("Q&A: Part 1"), "Q&A Part 1");
        assert_eq!(heading_link_text("See [[Other]]"), "See Other");
    }

    #[test]
    fn chains() {
        let n = crate::parse::parse_note("# A\n## B\n# C\n## B\n");
        assert_eq!(chain_match(&n.headings, &["C", "B"]), Some(vec![2, 3]));
        assert_eq!(chain_match(&n.headings, &["B"]), Some(vec![1]));
        assert_eq!(chain_match(&n.headings, &["X"]), None);
        assert_eq!(chain_match(&n.headings, &[]), None);
    }
}
