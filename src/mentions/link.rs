//! Turning mentions into links: the first mention of each note in each source becomes
//! `[[Title]]`, or `[[Title|text as written]]` when the text is an alias or differs in case.

use super::{Mention, title_of};
use crate::diagnostic::{Edit, Fix};
use crate::fix::apply_fixes;
use crate::index::{FileId, VaultIndex};
use crate::note::{LinkKind, Note};
use crate::parse::parse_note;
use crate::vault::Vault;
use std::collections::HashSet;

/// Characters a wikilink cannot carry in its target or display text.
const FORBIDDEN: &[char] = &['[', ']', '|', '#', '^'];

/// The link that replaces `m`, or `None` when no link could say it (a name with `#`, `|`…,
/// or a note that cannot be named from the source).
pub fn link_for(m: &Mention, text: &str, vault: &Vault, index: &VaultIndex) -> Option<String> {
    let (source, target, written) = (m.source(), m.target(), m.text(text));
    let path = &vault.files[target].path;
    let title = title_of(path);
    // The bare title when it reaches the note from here, else the full path.
    let linkpath = if index.resolve(title, source).file == Some(target) {
        title
    } else {
        path.strip_suffix(".md").unwrap_or(path)
    };
    if written.is_empty()
        || index.resolve(linkpath, source).file != Some(target)
        || linkpath.contains(FORBIDDEN)
        || written.contains(FORBIDDEN)
    {
        return None;
    }
    if linkpath == written {
        Some(format!("[[{linkpath}]]"))
    } else {
        // A bare `|` would end a table cell.
        let bar = if m.in_table { "\\|" } else { "|" };
        Some(format!("[[{linkpath}{bar}{written}]]"))
    }
}

/// The first mention of each target, in order of position: the ones `--link` links.
pub fn first_per_target(mentions: &[Mention]) -> Vec<&Mention> {
    let mut seen = HashSet::new();
    let mut firsts: Vec<&Mention> = mentions.iter().filter(|m| seen.insert((m.source(), m.target()))).collect();
    firsts.sort_by_key(|m| (m.source(), m.span().start));
    firsts
}

/// The notes `note` (the text of `source`) already links to, frontmatter links included.
pub fn linked_targets(note: &Note, source: FileId, index: &VaultIndex) -> HashSet<FileId> {
    note.links.iter().filter_map(|l| index.resolve(l.linkpath(), source).file).collect()
}

/// A planned change to one source.
#[derive(Debug)]
pub struct Change<'a> {
    pub mention: &'a Mention,
    pub link: String,
}

/// What linking does to one file.
#[derive(Debug)]
pub struct Rewrite<'a> {
    pub source: FileId,
    pub new_text: String,
    pub changes: Vec<Change<'a>>,
}

/// Why a file is left as it is.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// After the edit, a new link does not parse as a wikilink to its note where it was put.
    NotALink { line: u32, col: u32 },
}

/// Rewrites `text` (the source as read) with a link at each of `mentions` (all of one
/// source, at most one per target) that can be linked, through the fix framework; then
/// parses the result and checks that each new link is there and reaches its note.
pub fn rewrite<'a>(
    text: &str,
    mentions: &[&'a Mention],
    vault: &Vault,
    index: &VaultIndex,
) -> Result<Option<Rewrite<'a>>, Refusal> {
    let Some(source) = mentions.first().map(|m| m.source()) else { return Ok(None) };
    let changes: Vec<Change> =
        mentions.iter().filter_map(|&m| Some(Change { mention: m, link: link_for(m, text, vault, index)? })).collect();
    let fixes: Vec<Fix> = changes
        .iter()
        .map(|c| {
            Fix::safe(format!("link {}", c.mention.text(text)), vec![Edit::replace(c.mention.span(), c.link.clone())])
        })
        .collect();
    let applied = apply_fixes(text, &fixes.iter().collect::<Vec<_>>());
    if applied.fixes == 0 {
        return Ok(None);
    }
    // Mentions never overlap, so every fix is taken; check each link where it landed.
    let note = parse_note(&applied.text);
    let mut shift: isize = 0;
    let mut ordered: Vec<&Change> = changes.iter().collect();
    ordered.sort_by_key(|c| c.mention.span().start);
    for c in &ordered {
        let span = c.mention.span();
        let at = (span.start as isize + shift) as usize;
        shift += c.link.len() as isize - (span.end - span.start) as isize;
        let ok = note.links.iter().any(|l| {
            l.loc.span.start == at
                && l.loc.span.end == at + c.link.len()
                && l.kind == LinkKind::Wikilink
                && index.resolve(l.linkpath(), source).file == Some(c.mention.target())
        });
        if !ok {
            return Err(Refusal::NotALink { line: c.mention.line, col: c.mention.col });
        }
    }
    Ok(Some(Rewrite { source, new_text: applied.text, changes }))
}

/// A unified diff of one file, `a/PATH` against `b/PATH`.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{Dictionary, common_words::CommonWords, owner_for, scan};
    use super::*;
    use std::path::Path;

    fn linked(files: &[(&str, &str)], source: &str) -> String {
        let vault = Vault::from_texts(Path::new("/v"), files);
        let index = VaultIndex::build(&vault);
        let dict = Dictionary::build(&vault, None, &CommonWords::default());
        let id = vault.files.iter().position(|f| f.path == source).unwrap();
        let text = files.iter().find(|(p, _)| *p == source).unwrap().1;
        let mentions = scan(text, &parse_note(text), id, &dict, |p, caps| owner_for(&dict.names[p], id, &index, caps));
        let firsts = first_per_target(&mentions);
        match rewrite(text, &firsts, &vault, &index) {
            Ok(Some(r)) => r.new_text,
            Ok(None) => text.to_string(),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn first_mention_per_note() {
        let files = [("Lenin.md", ""), ("Stalin.md", ""), ("a.md", "Lenin, then stalin, then Lenin again\n")];
        assert_eq!(linked(&files, "a.md"), "[[Lenin]], then [[Stalin|stalin]], then Lenin again\n");
    }

    #[test]
    fn alias_keeps_text_and_tables_escape_the_bar() {
        let files = [
            ("Vladimir Lenin.md", "---\naliases: [Lenin]\n---\n"),
            ("a.md", "| who |\n|---|\n| Lenin |\n"),
            ("b.md", "Lenin\r\n"),
        ];
        assert_eq!(linked(&files, "a.md"), "| who |\n|---|\n| [[Vladimir Lenin\\|Lenin]] |\n");
        assert_eq!(linked(&files, "b.md"), "[[Vladimir Lenin|Lenin]]\r\n");
    }

    #[test]
    fn ambiguous_title_written_as_path() {
        // The alias belongs to x/Lenin; from y/, the bare title would open y/Lenin.
        let files = [("x/Lenin.md", "---\naliases: [Ilyich]\n---\n"), ("y/Lenin.md", ""), ("y/a.md", "Ilyich")];
        assert_eq!(linked(&files, "y/a.md"), "[[x/Lenin|Ilyich]]");
    }

    #[test]
    fn diff_has_headers() {
        let d = diff("a.md", "Lenin\n", "[[Lenin]]\n");
        assert!(d.starts_with("--- a/a.md\n+++ b/a.md\n"), "{d}");
        assert!(d.contains("-Lenin\n+[[Lenin]]\n"), "{d}");
    }
}
