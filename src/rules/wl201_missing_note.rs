use super::{Rule, RuleInfo, VaultContext, VaultFindings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{FileId, Target, VaultIndex, unresolved_key};
use crate::note::{Location, Note};
use crate::text::lowercase;
use crate::vault::{Vault, is_attachment_name};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub struct MissingNoteRule;

static INFO: RuleInfo = RuleInfo {
    code: "WL201",
    name: "missing-note",
    severity: Severity::Info,
    summary: "A note (or attachment) that links point to but that does not exist, ranked by links",
    docs: "## What it does
Lists each distinct target that links point to but no file satisfies: the stub pages to write.
Targets are compared case-insensitively (`[[trotskyism]]` and `[[Trotskyism]]` are one note)
without a trailing `.md`. Each is reported once, at its first link, with the number of links and
linking notes; `--format json` and the summary rank them by that number. Links inside
```` ```ad- ```` blocks count too (marked hidden), since a stub satisfies them as well. Targets with
an extension other than `.md` are reported as missing attachments. A link whose `missing-note`
finding is silenced (a directive, `[per-file-ignores]`, `links-in-comments = \"ignore\"`) does not
count.

## Why it matters
A link to a note that does not exist yet is how a vault grows, but the list of what is missing
is nowhere in Obsidian except scattered dimmed links.

## Example
```text
Russia.md:14:1: info[missing-note] missing note \"Lenin\": 3 links from 2 notes
```

## Fix
Write the note (or create stubs for the most linked ones), or correct the links. A link that
is only a placeholder can be silenced where it is (`%% wikilint-disable-next-line %%` on the line
before it): it then counts for no missing note and makes no stub; so can every link of a file
(`[per-file-ignores]`) or every link in a `%%` comment (`links-in-comments = \"ignore\"`).",
};

#[derive(Debug, Clone)]
pub struct Referrer {
    pub file: FileId,
    pub loc: Location,
    pub hidden: bool,
    /// The target as written in this link, without `.md`.
    pub written: String,
}

#[derive(Debug, Clone)]
pub struct MissingNote {
    /// Case-folded: the identity of the missing note.
    pub key: String,
    /// The most frequent casing as written (ties: the one visible links use, then the first in
    /// path order).
    pub title: String,
    pub referrers: Vec<Referrer>,
    /// The target names a non-Markdown file.
    pub attachment: bool,
}

impl MissingNote {
    /// The notes its links are in: one note's are next to each other (path order), so each
    /// new file among the referrers is one more, counted with no list of them.
    pub fn notes(&self) -> usize {
        let changes = self.referrers.windows(2).filter(|w| w[0].file != w[1].file).count();
        changes + usize::from(!self.referrers.is_empty())
    }
}

/// Every missing target of the notes that are reported on, most linked first.
pub fn missing_notes(vault: &Vault, index: &VaultIndex, reported: impl Fn(&str) -> bool + Sync) -> Vec<MissingNote> {
    let per_note: Vec<Vec<(String, Referrer)>> = (0..vault.files.len())
        .into_par_iter()
        .filter(|&id| reported(&vault.files[id].path))
        .map(|id| unresolved_referrers(vault, index, id))
        .collect();
    missing_from(vault, per_note.into_iter().flatten())
}

/// The missing notes of the unresolved links given, each with its case-folded target, in id
/// order.
pub(crate) fn missing_from(vault: &Vault, unresolved: impl Iterator<Item = (String, Referrer)>) -> Vec<MissingNote> {
    let mut by_key: FxHashMap<String, Vec<Referrer>> = FxHashMap::default();
    for (key, r) in unresolved {
        by_key.entry(key).or_default().push(r);
    }
    let by_key: Vec<(String, Vec<Referrer>)> = by_key.into_iter().collect();
    let mut missing: Vec<MissingNote> =
        by_key.into_par_iter().map(|(key, refs)| missing_note(vault, key, refs)).collect();
    rank(&mut missing);
    missing
}

/// Most linked first, then by target.
pub fn rank(missing: &mut [MissingNote]) {
    missing.sort_by(|a, b| b.referrers.len().cmp(&a.referrers.len()).then_with(|| a.key.cmp(&b.key)));
}

/// One note's unresolved links, each with its case-folded target.
pub fn unresolved_referrers(vault: &Vault, index: &VaultIndex, id: FileId) -> Vec<(String, Referrer)> {
    let Some(note) = vault.note(id) else { return Vec::new() };
    unresolved_in(note, &index.targets[id], id)
}

/// The unresolved links of note `id` (as parsed, its links' `targets` aligned), each with its
/// case-folded target.
pub(crate) fn unresolved_in(note: &Note, targets: &[Target], id: FileId) -> Vec<(String, Referrer)> {
    note.links
        .iter()
        .zip(targets)
        .filter(|(_, t)| t.resolution.file.is_none())
        .map(|(link, _)| {
            let written = unresolved_key(link.linkpath()).to_string();
            (lowercase(&written), Referrer { file: id, loc: link.loc, hidden: link.hidden, written })
        })
        .collect()
}

/// A missing note from all the links to it.
pub fn missing_note(vault: &Vault, key: String, mut referrers: Vec<Referrer>) -> MissingNote {
    // Path order, not id order: ids of files the watcher added come last. After a load ids
    // follow path order, which the neighbours of different files confirm: no path is compared
    // inside the sort.
    referrers.sort_by_key(|r| (r.file, r.loc.span.start));
    let path = |r: &Referrer| vault.files[r.file].path.as_str();
    if !referrers.windows(2).all(|w| w[0].file == w[1].file || path(&w[0]) < path(&w[1])) {
        referrers.sort_by(|a, b| path(a).cmp(path(b)).then(a.loc.span.start.cmp(&b.loc.span.start)));
    }
    // (casing, links, links Obsidian sees, first seen): the most frequent casing wins,
    // then the one visible links use (a hidden link's spelling is easy to miss), then the first.
    let mut counts: Vec<(&str, usize, usize, usize)> = Vec::new();
    for (i, r) in referrers.iter().enumerate() {
        match counts.iter_mut().find(|c| c.0 == r.written) {
            Some(c) => {
                c.1 += 1;
                c.2 += usize::from(!r.hidden);
            }
            None => counts.push((&r.written, 1, usize::from(!r.hidden), i)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
    let title = counts[0].0.to_string();
    let attachment = is_attachment_name(&key);
    MissingNote { key, title, referrers, attachment }
}

impl Rule for MissingNoteRule {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_vault(&self, cx: &VaultContext, out: &mut VaultFindings) {
        for m in cx.missing {
            let first = &m.referrers[0];
            let what = if m.attachment { "attachment" } else { "note" };
            let links = m.referrers.len();
            let notes = m.notes();
            out.push(
                Some(first.file),
                Diagnostic {
                    path: cx.vault.files[first.file].path.clone(),
                    loc: first.loc,
                    code: INFO.code,
                    name: INFO.name,
                    severity: INFO.severity,
                    message: super::join_parts(&[
                        "missing ",
                        what,
                        " \"",
                        &m.title,
                        "\": ",
                        itoa::Buffer::new().format(links),
                        if links == 1 { " link from " } else { " links from " },
                        itoa::Buffer::new().format(notes),
                        if notes == 1 { " note" } else { " notes" },
                    ]),
                    hint: None,
                    fix: None,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn one_per_case_folded_target_ranked() {
        let got = check_texts(
            &[("a.md", "[[Lenin]] [[lenin]] [[Stalin.md]] ![[x.png]]\n"), ("b.md", "[[Lenin]] [[Stalin]]\n")],
            "missing-note",
        );
        assert_eq!(
            got,
            [
                "a.md:1:1 missing note \"Lenin\": 3 links from 2 notes",
                "a.md:1:21 missing note \"Stalin\": 2 links from 2 notes",
                "a.md:1:35 missing attachment \"x.png\": 1 link from 1 note",
            ]
        );
    }
}
