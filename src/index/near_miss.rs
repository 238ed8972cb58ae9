//! The near-miss judgement: whether a link that resolves to nothing is a mistake for a file
//! that exists (an alias, a spelling that differs only in case, spaces, punctuation or `%20`,
//! a missing extension, a likely typo) or a note the owner means to write.
//!
//! One judgement, asked by every part that must tell the two apart: `broken-link`'s hints and
//! its unsafe fix, the stub planner (a near miss is never stubbed by default: a stub would
//! make the link resolve and split the graph for good), and the watcher through the planner.

use super::{FileId, VaultIndex, last_segment, squash, stem_of};
use crate::text::is_acronym;
use crate::vault::Vault;
use rayon::prelude::*;

/// What an unresolved link's target is a near miss of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NearMiss {
    /// The name is an alias of these notes (path order; never empty). Aliases never resolve.
    /// `alias` is the alias as the first note writes it; `exact_case` whether the link writes
    /// it the same way.
    Alias { notes: Vec<FileId>, alias: String, exact_case: bool },
    /// A file whose name differs only in case, spaces, punctuation or `%20` (`percent`: the
    /// link writes `%20`, which wikilinks never decode).
    Spelling { file: FileId, percent: bool },
    /// An embed of an attachment without its extension (`![[diagram]]`, `diagram.png`).
    Extension { file: FileId },
    /// A note whose name is a small edit away (`Kyotoo`, `Kyoto.md`).
    Typo { file: FileId },
}

impl NearMiss {
    /// The file the link most likely means.
    pub fn file(&self) -> FileId {
        match self {
            NearMiss::Alias { notes, .. } => notes[0],
            NearMiss::Spelling { file, .. } | NearMiss::Extension { file } | NearMiss::Typo { file } => *file,
        }
    }

    /// Whether the link can be pointed at that file without guessing between several or
    /// reading an acronym into a word: `[[man]]` is not the alias `MAN`.
    pub fn is_certain(&self) -> bool {
        match self {
            NearMiss::Alias { notes, alias, exact_case } => notes.len() == 1 && (*exact_case || !is_acronym(alias)),
            _ => true,
        }
    }

    /// A few words on what kind of near miss it is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            NearMiss::Alias { .. } => "an alias",
            NearMiss::Spelling { percent: true, .. } => "`%20` for a space",
            NearMiss::Spelling { .. } => "a spelling",
            NearMiss::Extension { .. } => "a missing extension",
            NearMiss::Typo { .. } => "a likely typo",
        }
    }
}

/// The shortest squashed name a typo is looked for in: below it, one letter more or less is
/// more often another word (`Marx`, `Mars`) than a slip.
const TYPO_MIN_CHARS: usize = 5;
/// From this squashed length on, two edits may still be a typo.
const TYPO_TWO_EDITS_CHARS: usize = 10;

impl VaultIndex {
    /// The near miss of an unresolved link's target, if any. `key` is the linkpath without a
    /// trailing `.md` (`unresolved_key`), as written; `embed` whether the link is an embed.
    /// Ties among several files go to the first in path order.
    pub fn near_miss(&self, vault: &Vault, key: &str, embed: bool) -> Option<NearMiss> {
        // A missing target is linked many times over: judged once per spelling of it.
        let memo = |m: std::sync::MutexGuard<'_, NearMissMemo>| m.get(&(Box::from(key), embed)).cloned();
        if let Some(known) = memo(self.near_misses.lock().unwrap_or_else(std::sync::PoisonError::into_inner)) {
            return known;
        }
        let judged = self.judge(vault, key, embed);
        self.near_misses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((Box::from(key), embed), judged.clone());
        judged
    }

    fn judge(&self, vault: &Vault, key: &str, embed: bool) -> Option<NearMiss> {
        let name = last_segment(key);
        if name.is_empty() {
            return None;
        }
        // A link that names a folder means a note in that folder, however the folder is spelled
        // (`Combat Rules/` for `Combat-Rules/`): a file of that name elsewhere is another note,
        // not what the link misses (`Meetings/Notes`, `Projects/Notes`). A relative path
        // (`../Bat/Fire-Bat`) is what a tool wrote to a file that existed: one that leads nowhere
        // now misses the file of that name wherever it went.
        let relative = key.starts_with("./") || key.starts_with("../");
        let folder: Option<Vec<String>> = (!relative)
            .then(|| key.rfind('/').map(|i| folder_suffix(&key[..i]).split('/').map(squash).collect()))
            .flatten();
        let in_folder = |id: &FileId| {
            folder.as_ref().is_none_or(|f| {
                let path = &vault.files[*id].path;
                let parent: Vec<String> = path.split('/').rev().skip(1).take(f.len()).map(squash).collect();
                parent.iter().rev().eq(f.iter())
            })
        };
        let first = |ids: &[FileId]| {
            ids.iter().copied().filter(in_folder).min_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path))
        };
        if key.contains('/') {
            // Aliases are names, never paths.
        } else if let Some(notes) = self.aliases.get(&crate::text::lowercase(&crate::text::nfc(name))) {
            let mut notes = notes.clone();
            notes.sort_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path));
            let written = alias_as_written(vault, notes[0], name).unwrap_or_else(|| name.to_string());
            let exact_case = crate::text::nfc(&written) == crate::text::nfc(name);
            return Some(NearMiss::Alias { notes, alias: written, exact_case });
        }
        if let Some(file) = first(self.similar(vault, key)) {
            return Some(NearMiss::Spelling { file, percent: key.contains("%20") });
        }
        if embed
            && !name.contains('.')
            && let Some(file) = first(self.with_stem(&name.to_lowercase()))
        {
            return Some(NearMiss::Extension { file });
        }
        if has_other_extension(name) {
            return None;
        }
        self.typo_of(vault, name).filter(in_folder).map(|file| NearMiss::Typo { file })
    }

    /// The note whose name is a likely typo of `name`: within one edit (two for long names;
    /// a swap of neighbours is one), never a difference in digits (`2024-01-05` is not a typo
    /// of `2024-01-06`, nor `Chapter 2` of `Chapter 3`).
    fn typo_of(&self, vault: &Vault, name: &str) -> Option<FileId> {
        let query: Vec<char> = squash(name).chars().collect();
        if query.len() < TYPO_MIN_CHARS {
            return None;
        }
        let typos = self.typos.get_or_init(|| TypoIndex::build(vault));
        let mut best: Option<(usize, FileId)> = None;
        let mut consider = |id: FileId| {
            let file = &vault.files[id];
            if file.removed || !file.is_note {
                return;
            }
            let candidate: Vec<char> = squash(stem_of(&file.path)).chars().collect();
            let limit = if query.len().min(candidate.len()) >= TYPO_TWO_EDITS_CHARS { 2 } else { 1 };
            if candidate.len() < TYPO_MIN_CHARS - 1 || digits(&candidate) != digits(&query) {
                return;
            }
            let Some(d) = edit_distance(&query, &candidate, limit) else { return };
            // Equal squashed names are spellings, found before this.
            if d == 0 {
                return;
            }
            let better = match best {
                None => true,
                Some((bd, bid)) => d < bd || (d == bd && vault.files[id].path < vault.files[bid].path),
            };
            if better {
                best = Some((d, id));
            }
        };
        for hash in deletion_hashes(&query) {
            for id in typos.with_hash(hash) {
                consider(id);
            }
        }
        // Notes added since the index was built (the watcher): few, so checked one by one.
        let added = typos.built_for;
        for id in added..vault.files.len() {
            consider(id);
        }
        best.map(|(_, id)| id)
    }

    /// A file was added: found without the typo index (see `typo_of`) until they are many.
    /// A removed file stays in it and is skipped where it is found; one that comes back keeps
    /// its id and path, so its entries are right again.
    pub(super) fn typos_changed(&mut self, vault: &Vault) {
        self.forget_near_misses();
        // Rebuild only once the files added since are too many to check one by one.
        if let Some(t) = self.typos.get()
            && vault.files.len() - t.built_for > 4096
        {
            self.typos = std::sync::OnceLock::new();
        }
    }
}

/// The folder part of a linkpath as a lower-cased path suffix: `./`, `../` and a leading `/`
/// dropped (the folders they lead to are checked by their names alone).
fn folder_suffix(folder: &str) -> String {
    let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    crate::text::lowercase(&parts.join("/"))
}

impl VaultIndex {
    /// The folder an unresolved path link leads into, when that folder exists
    /// (`[[People/Lenin]]` with `People/` in the vault, under any parent, any case): a path
    /// Obsidian wrote to a file that has since moved or been renamed, more often than a note
    /// planned there. `None` for a link without a folder or into a folder that is not there.
    pub fn existing_folder(&self, vault: &Vault, key: &str) -> Option<String> {
        let folder = link_folder(key)?;
        let folders =
            self.folders.get_or_init(|| vault.live_ids().flat_map(|id| folder_tails(&vault.files[id].path)).collect());
        folders.contains(&folder).then_some(folder)
    }
}

impl VaultIndex {
    /// Files that existed a moment ago and are gone (deleted or renamed away since the last
    /// commit, as git says): their names' links were whole and are broken now, a mistake rather
    /// than a note to write. Told by the front end that knows (`check` asks git).
    pub fn set_gone<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        self.gone =
            paths.into_iter().map(|p| (crate::text::lowercase(&crate::text::nfc(stem_of(p))), p.to_string())).collect();
    }

    /// The gone file an unresolved link's target names, if any (`set_gone`).
    pub fn gone_file(&self, key: &str) -> Option<&str> {
        if self.gone.is_empty() {
            return None;
        }
        self.gone.get(&crate::text::lowercase(&crate::text::nfc(last_segment(key)))).map(String::as_str)
    }
}

/// Near misses judged so far, by the key as written and whether the link embeds.
pub(super) type NearMissMemo = rustc_hash::FxHashMap<(Box<str>, bool), Option<NearMiss>>;

impl VaultIndex {
    /// Any change to the files or to a note's aliases can change a judgement.
    pub(super) fn forget_near_misses(&mut self) {
        self.folders = std::sync::OnceLock::new();
        self.near_misses.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }
}

/// `name` ends in an extension other than `.md` (`report.pdf`): an attachment, whose typos
/// this does not guess.
fn has_other_extension(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// The alias of note `id` that `name` matches case-insensitively, as the note writes it.
fn alias_as_written(vault: &Vault, id: FileId, name: &str) -> Option<String> {
    let lower = crate::text::lowercase(&crate::text::nfc(name));
    let note = vault.note(id)?;
    note.frontmatter
        .iter()
        .flat_map(|f| &f.aliases)
        .find(|a| crate::text::lowercase(&crate::text::nfc(a)) == lower)
        .cloned()
}

fn digits(chars: &[char]) -> Vec<char> {
    chars.iter().copied().filter(char::is_ascii_digit).collect()
}

/// Every note's squashed name, by the hashes of the name with one character left out (and of
/// the whole name): two names within one edit share one of them (SymSpell's deletion
/// neighbourhood), so a query looks up a few hashes instead of comparing every name.
#[derive(Debug, Default)]
pub(super) struct TypoIndex {
    /// (hash, file), sorted by hash.
    entries: Vec<(u64, u32)>,
    /// The number of files when it was built: later ids are not in it.
    built_for: usize,
}

impl TypoIndex {
    fn build(vault: &Vault) -> TypoIndex {
        let mut entries: Vec<(u64, u32)> = (0..vault.files.len())
            .into_par_iter()
            .filter(|&id| vault.files[id].is_note)
            .flat_map_iter(|id| {
                let chars: Vec<char> = squash(stem_of(&vault.files[id].path)).chars().collect();
                let hashes = if chars.len() + 1 >= TYPO_MIN_CHARS { deletion_hashes(&chars) } else { Vec::new() };
                hashes.into_iter().map(move |h| (h, id as u32))
            })
            .collect();
        entries.par_sort_unstable();
        entries.dedup();
        TypoIndex { entries, built_for: vault.files.len() }
    }

    fn with_hash(&self, hash: u64) -> impl Iterator<Item = FileId> + '_ {
        let start = self.entries.partition_point(|&(h, _)| h < hash);
        self.entries[start..].iter().take_while(move |&&(h, _)| h == hash).map(|&(_, id)| id as usize)
    }
}

/// What a name can be a likely typo of, or have as a likely typo, as hashes: two names within
/// reach share one. The watcher keys its dependencies on them, so a note that appears re-checks
/// the links that might now be its typos.
pub fn typo_neighbourhood(name: &str) -> Vec<u64> {
    let chars: Vec<char> = squash(name).chars().collect();
    deletion_hashes(&chars)
}

/// The folder part of a path link as `existing_folder` compares it (`None` without one), and
/// every folder tail of a file's path: the watcher's keys for which path links a file's
/// appearance can turn into mistakes.
pub fn link_folder(key: &str) -> Option<String> {
    key.rfind('/').map(|i| folder_suffix(&key[..i])).filter(|f| !f.is_empty())
}

/// Every tail of every folder above `path` (`a/b/c.md`: `a/b`, `b`, `a`), lower-cased.
pub fn folder_tails(path: &str) -> Vec<String> {
    let lower = crate::text::lowercase(path);
    let mut out = Vec::new();
    let mut whole = lower.rfind('/').map_or("", |i| &lower[..i]);
    while !whole.is_empty() {
        let mut tail = whole;
        loop {
            out.push(tail.to_string());
            match tail.find('/') {
                Some(i) => tail = &tail[i + 1..],
                None => break,
            }
        }
        whole = whole.rfind('/').map_or("", |i| &whole[..i]);
    }
    out
}

/// Hashes of `chars` whole and with each one character left out.
fn deletion_hashes(chars: &[char]) -> Vec<u64> {
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(hash_chars(chars.iter()));
    for skip in 0..chars.len() {
        // A run of one character gives the same deletion at each place: hash it once.
        if skip > 0 && chars[skip] == chars[skip - 1] {
            continue;
        }
        out.push(hash_chars(chars[..skip].iter().chain(&chars[skip + 1..])));
    }
    out
}

/// FNV-1a over the characters: streaming, so a name with one character left out hashes the
/// same as that shorter name itself.
fn hash_chars<'a>(chars: impl Iterator<Item = &'a char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The optimal-string-alignment distance (a swap of neighbours is one edit), or `None` when
/// it is above `limit`.
fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = ((i % 3) * width, ((i - 1) % 3) * width, ((i + 1) % 3) * width);
        rows[cur] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = rows[(a.len() % 3) * width + b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::{NearMiss, edit_distance, is_acronym};
    use crate::index::VaultIndex;
    use crate::vault::Vault;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn judge(files: &[(&str, &str)], key: &str, embed: bool) -> Option<(String, &'static str)> {
        let vault = Vault::from_texts(std::path::Path::new("/v"), files);
        let index = VaultIndex::build(&vault);
        index.near_miss(&vault, key, embed).map(|m| (vault.files[m.file()].path.clone(), m.kind()))
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance(&chars("kyotoo"), &chars("kyoto"), 1), Some(1));
        assert_eq!(edit_distance(&chars("kyoto"), &chars("kyoot"), 1), Some(1));
        assert_eq!(edit_distance(&chars("kyoto"), &chars("tokyo"), 2), None);
        assert_eq!(edit_distance(&chars("abc"), &chars("abc"), 0), Some(0));
        assert_eq!(edit_distance(&chars("hashmaps"), &chars("hashmap"), 1), Some(1));
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("MAN") && is_acronym("AI") && is_acronym("C3PO"));
        assert!(!is_acronym("Man") && !is_acronym("man") && !is_acronym("Dot Product"));
    }

    #[test]
    fn each_kind_of_near_miss() {
        let files = [
            ("Kyoto.md", ""),
            ("Hashmap.md", ""),
            ("Math/Calculus 2.md", "---\naliases: [MATA37, Dot Product]\n---\n"),
            ("diagram.png", ""),
            ("2024-01-05.md", ""),
            ("Chapter 2.md", ""),
            ("Marx.md", ""),
        ];
        assert_eq!(judge(&files, "Kyotoo", false), Some(("Kyoto.md".into(), "a likely typo")));
        assert_eq!(judge(&files, "Kyoot", false), Some(("Kyoto.md".into(), "a likely typo")));
        assert_eq!(judge(&files, "Hash Map", false), Some(("Hashmap.md".into(), "a spelling")));
        assert_eq!(judge(&files, "Hash%20Map", false), Some(("Hashmap.md".into(), "`%20` for a space")));
        assert_eq!(judge(&files, "mata37", false), Some(("Math/Calculus 2.md".into(), "an alias")));
        assert_eq!(judge(&files, "diagram", true), Some(("diagram.png".into(), "a missing extension")));
        // Forward links: new dates, chapters, short names, other words.
        assert_eq!(judge(&files, "2024-01-06", false), None);
        assert_eq!(judge(&files, "Chapter 3", false), None);
        assert_eq!(judge(&files, "Mars", false), None);
        assert_eq!(judge(&files, "Lenin", false), None);
        assert_eq!(judge(&files, "Tokyo", false), None);
        // A link into a folder misses only files in that folder.
        assert_eq!(judge(&files, "Math/Calculus-2", false), Some(("Math/Calculus 2.md".into(), "a spelling")));
        assert_eq!(judge(&files, "Other/Kyoto", false), None);
        assert_eq!(judge(&files, "Other/MATA37", false), None);
        // However the folder is spelled; and a relative path misses the name wherever it went.
        let moved = [("Compendium/Combat-Rules/Combat-Rules.md", ""), ("Bestiary/Beast/Fire-Bat.md", "")];
        assert_eq!(
            judge(&moved, "Combat Rules/Combat-Rules", false),
            Some(("Compendium/Combat-Rules/Combat-Rules.md".into(), "a spelling"))
        );
        assert_eq!(judge(&moved, "../Bat/Fire-Bat", false), Some(("Bestiary/Beast/Fire-Bat.md".into(), "a spelling")));
        assert_eq!(judge(&moved, "Bat/Fire-Bat", false), None);
    }

    #[test]
    fn a_case_only_match_of_an_acronym_is_not_certain() {
        let files = [
            ("Metropolitan Area Network.md", "---\naliases: [MAN]\n---\n"),
            ("Dot.md", "---\naliases: [Dot Product]\n---\n"),
        ];
        let vault = Vault::from_texts(std::path::Path::new("/v"), &files);
        let index = VaultIndex::build(&vault);
        let man = index.near_miss(&vault, "man", false).unwrap();
        assert!(matches!(man, NearMiss::Alias { exact_case: false, .. }) && !man.is_certain());
        assert!(index.near_miss(&vault, "MAN", false).unwrap().is_certain());
        assert!(index.near_miss(&vault, "dot product", false).unwrap().is_certain());
    }
}
