//! Cleaning the unused attachments (`wikilint orphans --attachments --delete`): which of the
//! attachments no file links to (`graph::unused_attachments`) may go, which stay and why, and
//! where Obsidian's own setting sends a deleted file. Plans only; the front end moves the
//! files through `write.rs`.
//!
//! Obsidian's link graph decides what is unused. Before a file goes, two more questions are
//! asked, and either keeps it (refuse rather than guess):
//!
//! - does a broken link mean it? `![[diagram]]` for `diagram.png` (a missing extension),
//!   `![[Old/photo.png]]` after a move, `[[my%20photo.jpg]]`: the owner wants the file and
//!   the link fixed, not the file gone;
//! - is its name written anywhere outside a link that resolves? HTML (`<img src="x.png">`),
//!   code, CSS, a plugin's own syntax, a canvas Obsidian cannot read: Obsidian indexes none of
//!   those, but the file may be shown or wanted all the same.
//!
//! A file or folder the vault walk could not read, or a note that could not be read, may hold
//! links to any attachment: then nothing is planned at all.

use crate::config::Config;
use crate::index::{FileId, VaultIndex, unresolved_key};
use crate::vault::Vault;
use crate::write::trash::numbered_name;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Where Obsidian sends a deleted file: `.obsidian/app.json` `trashOption`, "Files and links →
/// Deleted files" in its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrashOption {
    /// `"system"` (Obsidian's default): the operating system's trash.
    System,
    /// `"local"`: the vault's own `.trash/` folder.
    Local,
    /// `"none"`: deleted permanently.
    Permanent,
}

impl TrashOption {
    /// The setting's value as `app.json` holds it; absent (or `null`), Obsidian's default.
    pub fn from_setting(value: Option<&serde_json::Value>) -> Result<TrashOption, String> {
        match value {
            None | Some(serde_json::Value::Null) => Ok(TrashOption::System),
            Some(serde_json::Value::String(s)) if s == "system" => Ok(TrashOption::System),
            Some(serde_json::Value::String(s)) if s == "local" => Ok(TrashOption::Local),
            Some(serde_json::Value::String(s)) if s == "none" => Ok(TrashOption::Permanent),
            Some(other) => Err(format!(
                "Obsidian's trashOption is {other}, which wikilint does not know (it knows \"system\", \"local\" and \
                 \"none\")"
            )),
        }
    }

    /// The value `app.json` writes for it.
    pub fn setting(self) -> &'static str {
        match self {
            TrashOption::System => "system",
            TrashOption::Local => "local",
            TrashOption::Permanent => "none",
        }
    }
}

/// Obsidian's trash folder in the vault.
pub const LOCAL_TRASH: &str = ".trash";

/// An unused attachment that stays, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub path: String,
    pub why: String,
}

/// What a cleaning would do.
#[derive(Debug, Default)]
pub struct Cleaning {
    /// How many attachments of the types considered the vault holds.
    pub attachments: usize,
    /// The unused attachments that may go, in path order.
    pub remove: Vec<String>,
    /// The unused attachments that stay, in path order.
    pub kept: Vec<Kept>,
}

/// What the planner needs from the disk, asked once per file.
pub struct Disk<'a> {
    /// A file's text, when it may hold a name (no binary file, nothing huge).
    pub read_text: &'a (dyn Fn(FileId) -> Option<String> + Sync),
    /// Whether an attachment may be moved or deleted (not read-only, not a symbolic link, …):
    /// the reason it may not.
    pub removable: &'a dyn Fn(&str) -> Result<(), String>,
}

/// Plans the cleaning of the unused attachments among those `reported` accepts. Refuses (the
/// message says why) when the vault could not be read whole.
pub fn plan(
    vault: &Vault,
    index: &VaultIndex,
    config: &Config,
    reported: impl Fn(&str) -> bool,
    disk: &Disk,
) -> Result<Cleaning, String> {
    refuse_if_unreadable(vault)?;
    let found = crate::graph::unused_attachments(vault, index, &config.attachments, reported);
    let candidates: HashSet<FileId> = found.unused.iter().copied().collect();
    let mut why_kept: HashMap<FileId, String> = HashMap::new();
    for (file, why) in meant_by_broken_links(vault, index, &candidates) {
        why_kept.entry(file).or_insert(why);
    }
    for (file, why) in named_in_text(vault, index, &found.unused, disk.read_text) {
        why_kept.entry(file).or_insert(why);
    }
    let mut cleaning = Cleaning { attachments: found.attachments, ..Cleaning::default() };
    for id in found.unused {
        let path = vault.files[id].path.clone();
        match why_kept.remove(&id).or_else(|| (disk.removable)(&path).err()) {
            Some(why) => cleaning.kept.push(Kept { path, why }),
            None => cleaning.remove.push(path),
        }
    }
    Ok(cleaning)
}

fn refuse_if_unreadable(vault: &Vault) -> Result<(), String> {
    let mut unreadable: Vec<&str> = vault.walk_problems.iter().map(|p| p.path.as_str()).collect();
    unreadable.extend(vault.notes().filter_map(|(id, note)| {
        note.problems
            .iter()
            .any(|p| p.kind == crate::note::ProblemKind::Unreadable)
            .then_some(vault.files[id].path.as_str())
    }));
    if unreadable.is_empty() {
        return Ok(());
    }
    let n = unreadable.len();
    let shown: Vec<&str> = unreadable.iter().take(5).copied().collect();
    let more = if n > 5 { format!(" and {} more", n - 5) } else { String::new() };
    Err(format!(
        "{} could not be read ({}{more}), so the links in {} are unknown and any attachment may be one they \
         show; `wikilint check` says why",
        crate::text::plural(n, "file or folder"),
        shown.join(", "),
        if n == 1 { "it" } else { "them" }
    ))
}

/// The candidates a broken link means: its near miss (a missing extension, a spelling) is the
/// file. Hidden links count: the owner sees them.
fn meant_by_broken_links(vault: &Vault, index: &VaultIndex, candidates: &HashSet<FileId>) -> Vec<(FileId, String)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (source, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[source]) {
            if target.resolution.file.is_some() {
                continue;
            }
            let key = unresolved_key(link.linkpath());
            let Some(miss) = index.near_miss(vault, key, link.is_embed()) else { continue };
            if candidates.contains(&miss.file()) {
                out.push((
                    miss.file(),
                    format!(
                        "the broken link {} in {}:{} means it ({}); fix the link, or delete the file yourself",
                        link.original,
                        vault.files[source].path,
                        link.loc.start.line,
                        miss.kind()
                    ),
                ));
            }
        }
    }
    out
}

/// The candidates whose file name (or that name with `%20` for its spaces) is written in some
/// file outside every link that resolves: the first place each is written.
fn named_in_text(
    vault: &Vault,
    index: &VaultIndex,
    candidates: &[FileId],
    read_text: &(dyn Fn(FileId) -> Option<String> + Sync),
) -> Vec<(FileId, String)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut patterns: Vec<String> = Vec::new();
    let mut owner: Vec<FileId> = Vec::new();
    for &id in candidates {
        let name = file_name(&vault.files[id].path);
        patterns.push(name.to_string());
        owner.push(id);
        if name.contains(' ') {
            patterns.push(name.replace(' ', "%20"));
            owner.push(id);
        }
    }
    let Ok(matcher) =
        AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&patterns)
    else {
        // Too many names for one automaton: every candidate is taken as named (kept).
        return candidates.iter().map(|&id| (id, "wikilint could not search the vault for its name".into())).collect();
    };
    let sources: Vec<FileId> = vault.live_ids().collect();
    let mut found: Vec<(FileId, FileId, usize)> = sources
        .par_iter()
        .flat_map_iter(|&source| occurrences(vault, index, &matcher, &owner, source, read_text(source)))
        .collect();
    // The first place in path order, for a stable message.
    found.sort_by(|a, b| vault.files[a.1].path.cmp(&vault.files[b.1].path).then(a.2.cmp(&b.2)));
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|(id, _, _)| seen.insert(*id))
        .map(|(id, source, line)| {
            (
                id,
                format!(
                    "its name is written in {}:{} outside any link Obsidian resolves (HTML, code, a plugin's own \
                     syntax); delete it yourself if nothing uses it",
                    vault.files[source].path, line
                ),
            )
        })
        .collect()
}

/// `(candidate, source, line)` for each place in `source`'s text a candidate's name stands on
/// its own (not inside a longer word) outside every link of the note that resolves.
fn occurrences(
    vault: &Vault,
    index: &VaultIndex,
    matcher: &AhoCorasick,
    owner: &[FileId],
    source: FileId,
    text: Option<String>,
) -> Vec<(FileId, FileId, usize)> {
    let Some(text) = text else { return Vec::new() };
    let resolved_spans: Vec<(usize, usize)> = vault
        .note(source)
        .map(|note| {
            note.links
                .iter()
                .zip(&index.targets[source])
                .filter(|(_, t)| t.resolution.file.is_some())
                .map(|(l, _)| (l.loc.span.start, l.loc.span.end))
                .collect()
        })
        .unwrap_or_default();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for m in matcher.find_overlapping_iter(&text) {
        let (start, end) = (m.start(), m.end());
        let glued_before = start > 0 && is_word_byte(bytes[start - 1]);
        let glued_after = end < bytes.len() && is_word_byte(bytes[end]);
        if glued_before || glued_after || resolved_spans.iter().any(|&(s, e)| s <= start && end <= e) {
            continue;
        }
        let line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        out.push((owner[m.pattern().as_usize()], source, line));
    }
    out
}

/// A byte that continues a name written in text: `xphoto.png` is not `photo.png`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Where each file goes in the vault's `.trash/`: its name, numbered when `taken` (a file in
/// the trash already) or claimed by an earlier file of the list. Vault-relative.
pub fn local_trash_paths(paths: &[String], taken: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut claimed: HashSet<String> = HashSet::new();
    paths
        .iter()
        .map(|path| {
            let name = file_name(path);
            let mut n = 0;
            loop {
                let candidate = format!("{LOCAL_TRASH}/{}", numbered_name(name, n));
                // Names that differ only in case are one file on macOS and Windows.
                if !claimed.contains(&candidate.to_lowercase()) && !taken(&candidate) {
                    claimed.insert(candidate.to_lowercase());
                    return candidate;
                }
                n += 1;
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn plan_texts(texts: &[(&str, &str)], removable: &dyn Fn(&str) -> Result<(), String>) -> Cleaning {
        let vault = Vault::from_texts(Path::new("/vault"), texts);
        let index = VaultIndex::build(&vault);
        let config =
            Config::load(Path::new("/nonexistent-wikilint-test-root"), &Default::default(), crate::rules::catalog())
                .unwrap();
        let by_path: HashMap<&str, &str> = texts.iter().copied().collect();
        let read = |id: FileId| by_path.get(vault.files[id].path.as_str()).map(|t| t.to_string());
        plan(&vault, &index, &config, |_| true, &Disk { read_text: &read, removable }).unwrap()
    }

    #[test]
    fn the_trash_option_is_obsidians() {
        let v = |s: &str| serde_json::json!(s);
        assert_eq!(TrashOption::from_setting(None), Ok(TrashOption::System));
        assert_eq!(TrashOption::from_setting(Some(&serde_json::Value::Null)), Ok(TrashOption::System));
        assert_eq!(TrashOption::from_setting(Some(&v("local"))), Ok(TrashOption::Local));
        assert_eq!(TrashOption::from_setting(Some(&v("none"))), Ok(TrashOption::Permanent));
        assert!(TrashOption::from_setting(Some(&v("Local"))).is_err(), "refused, not guessed");
        assert!(TrashOption::from_setting(Some(&serde_json::json!(true))).is_err());
    }

    #[test]
    fn a_broken_link_that_means_the_file_keeps_it() {
        let texts = [("A.md", "![[diagram]] and ![[spare.png]]\n"), ("diagram.png", ""), ("other.png", "")];
        let c = plan_texts(&texts, &|_| Ok(()));
        assert_eq!(c.remove, ["other.png"]);
        assert_eq!(c.kept.len(), 1);
        assert_eq!(c.kept[0].path, "diagram.png");
        assert!(c.kept[0].why.contains("![[diagram]] in A.md:1"), "{}", c.kept[0].why);
    }

    #[test]
    fn a_name_written_outside_a_resolved_link_keeps_the_file() {
        let texts = [
            ("A.md", "HTML <img src=\"Media/chart.png\">\n![[used.png]]\n`my photo.png` and xicon.png\n"),
            ("B.md", "![[Other/scan.pdf]] is broken, `[[used.png]]` is code\n"),
            ("Media/chart.png", ""),
            ("used.png", ""),
            ("Media/Sub/my photo.png", ""),
            ("icon.png", ""),
            ("scan.pdf", ""),
            ("Folder/used.png", ""),
        ];
        let c = plan_texts(&texts, &|_| Ok(()));
        let kept: Vec<(&str, &str)> =
            c.kept.iter().map(|k| (k.path.as_str(), k.why.split(" outside").next().unwrap())).collect();
        assert_eq!(
            kept,
            [
                // `used.png` is written in code in B.md: the unused one of that name stays too.
                ("Folder/used.png", "its name is written in B.md:1"),
                ("Media/Sub/my photo.png", "its name is written in A.md:3"),
                ("Media/chart.png", "its name is written in A.md:1"),
                ("scan.pdf", "its name is written in B.md:1"),
            ]
        );
        // `xicon.png` is another name; `used.png` is linked.
        assert_eq!(c.remove, ["icon.png"]);
    }

    #[test]
    fn what_may_not_be_removed_stays_with_its_reason() {
        let texts = [("A.md", ""), ("a.png", ""), ("b.png", "")];
        let c = plan_texts(&texts, &|p| if p == "a.png" { Err("read-only".into()) } else { Ok(()) });
        assert_eq!(c.remove, ["b.png"]);
        assert_eq!(c.kept, [Kept { path: "a.png".into(), why: "read-only".into() }]);
        assert_eq!(c.attachments, 2);
    }

    #[test]
    fn trash_names_never_collide() {
        let paths: Vec<String> =
            ["a/photo.png", "b/photo.png", "c/Photo.png", "README"].iter().map(|s| s.to_string()).collect();
        let taken = |p: &str| p == ".trash/photo.png" || p == ".trash/README";
        assert_eq!(
            local_trash_paths(&paths, &taken),
            // `Photo.png` is free here: on a file system that ignores case, `taken` says it is not.
            [".trash/photo 1.png", ".trash/photo 2.png", ".trash/Photo.png", ".trash/README 1"]
        );
    }
}
