//! A check kept up to date as files change: the watcher's state. Only what a change can
//! affect is recomputed: the changed notes, the notes whose links look up a name that
//! appeared or vanished, and the notes that link into a changed note (their headings and
//! blocks). The result always equals a fresh check of the tree as it now is (tested).

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::WalkProblem;
use crate::index::{FileId, FileIndex, VaultIndex, near_miss};
use crate::rules::{self, MissingNote};
use crate::text::nfc;
use crate::vault::Vault;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// What the watcher saw, as a vault-relative path: re-read it from disk, whatever it is now
/// (a file, a folder, or gone).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sync(pub String);

/// What a batch of changes did to the findings.
#[derive(Debug, Default)]
pub struct Delta {
    pub new: Vec<Diagnostic>,
    pub resolved: Vec<Diagnostic>,
    /// Findings still there, same place, rule, severity and message, whose hint changed (as it
    /// is now): printed once as changed rather than as an identical new and resolved pair.
    pub changed: Vec<Diagnostic>,
    /// Distinct files re-read, added or removed.
    pub files_changed: usize,
    /// The missing targets (case-folded) whose links were recomputed: they may have appeared,
    /// vanished or changed (see [`LiveCheck::missing_fingerprint`]). Sorted.
    pub touched: Vec<String>,
    /// While links are counted ([`LiveCheck::count_links`]): the targets (case-folded) whose
    /// number of links changed. Sorted.
    pub recounted: Vec<String>,
}

pub struct LiveCheck {
    pub config: Config,
    pub vault: Vault,
    pub index: VaultIndex,
    /// Sorted, so that the files under a folder are one range.
    by_path: BTreeMap<String, FileId>,
    /// A key a link's resolution or hint depends on (hashed) → the notes with such links, sorted.
    /// FxHash: the keys are hashes already, and millions go in when a large vault is read.
    watchers: FxHashMap<u64, Vec<FileId>>,
    /// Per note: the keys it registered, the files its links resolved to.
    keys_of: Vec<Vec<u64>>,
    links_into: FxHashMap<FileId, Vec<FileId>>,
    targets_of: Vec<Vec<FileId>>,
    note_diags: Vec<Vec<Diagnostic>>,
    /// Unresolved links by case-folded target, and the targets each note links to.
    referrers: HashMap<String, Vec<rules::Referrer>>,
    missing_of: Vec<Vec<String>>,
    /// Findings of the vault-level rules, per missing target; and those about the walk.
    missing_diags: HashMap<String, Vec<Diagnostic>>,
    walk_diags: Vec<Diagnostic>,
    /// Per file: how it looked on disk when last read, so that an event on a folder (a poll
    /// tick, a rescan) re-reads only the files under it that changed.
    stamps: Vec<Option<Stamp>>,
    /// Per case-folded target, how many links name it in any file (reported on or not,
    /// resolved or not); kept only once asked for ([`LiveCheck::count_links`]).
    link_counts: Option<HashMap<String, usize>>,
    /// The vault is in a git repository: which notes are gone since the last commit is asked.
    in_git: bool,
    /// Texts an editor holds for files (the language server's open documents, saved or not):
    /// read instead of the file on disk, and a file that exists only there exists.
    overlay: HashMap<String, String>,
}

/// What tells a file changed without reading it: modification time, size and (Unix) inode,
/// which an editor's atomic save replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(abs: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(abs).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp { modified: m.modified().ok(), len: m.len(), inode })
}

const MISSING_NOTE: &str = "WL201";
const ORPHAN_NOTE: &str = "WL202";
const UNUSED_ATTACHMENT: &str = "WL203";

/// Counts of the current findings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub missing_notes: usize,
}

/// What a note's findings depend on: the keys it watches and the files its links lead into.
type Dependencies = (Vec<u64>, Vec<FileId>);

impl LiveCheck {
    pub fn new(root: &Path, config: Config) -> Self {
        // The near-miss map comes with the file index: the watcher keeps it up to date.
        let (vault, files) = Vault::load_overlapped(root, false, FileIndex::new);
        let mut index = VaultIndex::with_files(&vault, files);
        // As `check`: a link to a note deleted since the last commit is a mistake, not a
        // forward link. Asked again whenever files come or go.
        let in_git = crate::git::repo(root).is_ok();
        if in_git {
            index.set_gone(crate::git::gone_since_head(root).iter().map(String::as_str));
        }
        let n = vault.files.len();
        let note_diags: Vec<Vec<Diagnostic>> =
            (0..n).into_par_iter().map(|id| rules::check_note(&vault, &index, &config, id)).collect();
        let walk_diags = rules::check_vault(&vault, &index, &config, &[]);
        // Stamped after reading: a file that changes in between has its own event coming,
        // and a file's own event always re-reads it.
        let stamps = vault.files.par_iter().map(|f| stamp(&f.abs)).collect();
        let mut live = LiveCheck {
            config,
            by_path: vault.files.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect(),
            vault,
            index,
            watchers: FxHashMap::default(),
            keys_of: vec![Vec::new(); n],
            links_into: FxHashMap::default(),
            targets_of: vec![Vec::new(); n],
            note_diags,
            referrers: HashMap::new(),
            missing_of: vec![Vec::new(); n],
            missing_diags: HashMap::new(),
            walk_diags,
            stamps,
            link_counts: None,
            in_git,
            overlay: HashMap::new(),
        };
        // What each note depends on and which missing targets it links to, found in parallel
        // (the language server and the watcher start on this), then filed one by one.
        let ids: Vec<FileId> = (0..n).collect();
        live.register_all(&ids);
        let mut touched = HashSet::new();
        let found: Vec<Vec<(String, rules::Referrer)>> = ids.par_iter().map(|&id| live.missing_links_of(id)).collect();
        for (id, refs) in ids.into_iter().zip(found) {
            touched.extend(live.file_referrers(id, refs));
        }
        live.refresh_missing(touched);
        live
    }

    /// Every finding, sorted, as `check` would print it.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .note_diags
            .iter()
            .flatten()
            .chain(self.missing_diags.values().flatten())
            .chain(&self.walk_diags)
            .cloned()
            .collect();
        crate::diagnostic::sort(&mut all);
        all
    }

    /// The missing notes, most linked first.
    pub fn missing(&self) -> Vec<MissingNote> {
        let mut all: Vec<MissingNote> =
            self.referrers.iter().map(|(k, refs)| rules::missing_note(&self.vault, k.clone(), refs.clone())).collect();
        rules::rank(&mut all);
        all
    }

    pub fn totals(&self) -> Totals {
        // As `check`: no missing notes are counted when their rule is off.
        let missing_notes = if self.config.rules.severity(MISSING_NOTE).is_some() { self.referrers.len() } else { 0 };
        let mut t = Totals { missing_notes, ..Totals::default() };
        let all = self.note_diags.iter().flatten().chain(self.missing_diags.values().flatten()).chain(&self.walk_diags);
        for d in all {
            match d.severity {
                crate::diagnostic::Severity::Error => t.errors += 1,
                crate::diagnostic::Severity::Warning => t.warnings += 1,
                crate::diagnostic::Severity::Info => t.infos += 1,
            }
        }
        t
    }

    /// Takes a batch of changed paths into the check. Each file is handled once however many
    /// times the batch names it (an editor or `git checkout` gives several events per file).
    pub fn apply(&mut self, changes: &[Sync]) -> Delta {
        let mut files: std::collections::BTreeMap<String, bool> = std::collections::BTreeMap::new();
        for Sync(path) in changes {
            files.extend(self.expand(path));
        }
        self.apply_files(files)
    }

    /// Re-reads the whole vault from disk, but only the files that changed (by their
    /// [`Stamp`]): after the watcher may have missed events (an inotify queue overflow, a
    /// switch to polling).
    pub fn rescan(&mut self) -> Delta {
        let files = self.expand("").into_iter().collect();
        self.apply_files(files)
    }

    fn apply_files(&mut self, files: std::collections::BTreeMap<String, bool>) -> Delta {
        let mut dirty: HashSet<FileId> = HashSet::new();
        let mut keys: HashSet<u64> = HashSet::new();
        let mut files_changed = 0;
        // The findings about to be recomputed (or dropped with their file), for the delta.
        let mut before: Vec<Diagnostic> = Vec::new();
        let mut removed_targets: HashSet<String> = HashSet::new();
        let mut walk_changed = false;
        let mut recounted: HashMap<String, isize> = HashMap::new();
        let mut files_came_or_went = false;
        for (path, on_disk) in files {
            let known = self.by_path.get(&path).copied();
            if known.is_some() || on_disk {
                files_changed += 1;
            }
            match (known, on_disk) {
                (Some(id), true) => {
                    self.count_links_of(id, false, &mut recounted);
                    let before = self.alias_keys(id);
                    self.stamps[id] = stamp(&self.vault.files[id].abs);
                    self.reread(id);
                    self.index.note_changed(&self.vault, id);
                    keys.extend(before.into_iter().chain(self.alias_keys(id)));
                    dirty.insert(id);
                    dirty.extend(self.links_into.get(&id).into_iter().flatten());
                    self.count_links_of(id, true, &mut recounted);
                }
                (None, true) => {
                    files_came_or_went = true;
                    // A path deleted earlier gets its old id back: all per-id state of a
                    // removed file is empty, so only a genuinely new path grows it.
                    let id = self.vault.add_file(path.clone());
                    self.by_path.insert(path.clone(), id);
                    if id == self.keys_of.len() {
                        self.keys_of.push(Vec::new());
                        self.targets_of.push(Vec::new());
                        self.missing_of.push(Vec::new());
                        self.note_diags.push(Vec::new());
                        self.stamps.push(None);
                    }
                    // Stamped before reading: a file still being written reads as changed
                    // on the next look.
                    self.stamps[id] = stamp(&self.vault.files[id].abs);
                    self.reread(id);
                    self.index.file_added(&self.vault, id);
                    self.index.note_changed(&self.vault, id);
                    keys.extend(name_keys(&path).into_iter().chain(self.alias_keys(id)));
                    dirty.insert(id);
                    self.count_links_of(id, true, &mut recounted);
                    if !self.name_is_utf8(id) {
                        let message = crate::discover::NOT_UTF8.to_string();
                        self.vault.walk_problems.push(WalkProblem { path: path.clone(), message });
                        walk_changed = true;
                    }
                }
                (Some(id), false) => {
                    files_came_or_went = true;
                    self.count_links_of(id, false, &mut recounted);
                    keys.extend(name_keys(&path).into_iter().chain(self.alias_keys(id)));
                    dirty.extend(self.links_into.get(&id).into_iter().flatten());
                    removed_targets.extend(self.remove_referrers(id));
                    self.unregister(id);
                    self.by_path.remove(&path);
                    self.stamps[id] = None;
                    self.vault.remove_file(id);
                    self.index.file_removed(&self.vault, id);
                    before.append(&mut self.note_diags[id]);
                    let problems = self.vault.walk_problems.len();
                    self.vault.walk_problems.retain(|p| p.path != path || p.message != crate::discover::NOT_UTF8);
                    walk_changed |= self.vault.walk_problems.len() != problems;
                }
                (None, false) => {}
            }
        }
        if self.in_git && files_came_or_went {
            self.index.set_gone(crate::git::gone_since_head(&self.vault.root).iter().map(String::as_str));
        }
        for key in &keys {
            dirty.extend(self.watchers.get(key).into_iter().flatten());
        }
        let dirty: Vec<FileId> = dirty.into_iter().filter(|&id| !self.vault.files[id].removed).collect();
        for &id in &dirty {
            self.index.retarget(&self.vault, id);
        }
        self.register_many(&dirty);
        let mut touched: HashSet<String> = removed_targets;
        let fresh: Vec<Vec<Diagnostic>> =
            dirty.par_iter().map(|&id| rules::check_note(&self.vault, &self.index, &self.config, id)).collect();
        for (&id, diags) in dirty.iter().zip(fresh) {
            before.append(&mut self.note_diags[id]);
            self.note_diags[id] = diags;
        }
        touched.extend(self.remove_referrers_many(&dirty));
        for &id in &dirty {
            touched.extend(self.add_referrers(id));
        }
        for key in &touched {
            before.extend(self.missing_diags.get(key).into_iter().flatten().cloned());
        }
        // The findings about the whole vault: the names the walk lists as bad, and orphans and
        // unused attachments (any link anywhere makes or unmakes one). Before the missing notes, which tell
        // theirs from these.
        let graph_rules = [ORPHAN_NOTE, UNUSED_ATTACHMENT].iter().any(|c| self.config.rules.severity(c).is_some());
        let whole_vault = walk_changed || (files_changed > 0 && graph_rules);
        if whole_vault {
            let fresh = rules::check_vault(&self.vault, &self.index, &self.config, &[]);
            before.extend(std::mem::replace(&mut self.walk_diags, fresh));
        }
        self.refresh_missing(touched.clone());
        let walk_diags: &[Diagnostic] = if whole_vault { &self.walk_diags } else { &[] };
        let after = dirty
            .iter()
            .flat_map(|&id| &self.note_diags[id])
            .chain(touched.iter().flat_map(|k| self.missing_diags.get(k).into_iter().flatten()))
            .chain(walk_diags);
        let mut delta = diff(before.iter(), after, files_changed);
        delta.touched = touched.into_iter().collect();
        delta.touched.sort();
        delta.recounted = recounted.into_iter().filter(|(_, n)| *n != 0).map(|(k, _)| k).collect();
        delta.recounted.sort();
        delta
    }

    /// Makes the check read `text` for `path` instead of the file (`None`: the file again), and
    /// takes the change in: what an editor's unsaved buffer does to the findings.
    pub fn set_overlay(&mut self, path: &str, text: Option<String>) -> Delta {
        let path = nfc(path.trim_matches('/'));
        match text {
            Some(text) => self.overlay.insert(path.clone(), text),
            None => self.overlay.remove(&path),
        };
        // A changed buffer must be read again even when the file on disk did not change.
        if let Some(&id) = self.by_path.get(&path) {
            self.stamps[id] = None;
        }
        self.apply(&[Sync(path)])
    }

    /// The text an editor holds for `path`, if any.
    pub fn overlay(&self, path: &str) -> Option<&str> {
        self.overlay.get(path).map(String::as_str)
    }

    /// The text of a file as the check sees it: the editor's, else the file on disk.
    pub fn text(&self, id: FileId) -> Option<String> {
        let file = self.vault.files.get(id)?;
        match self.overlay.get(&file.path) {
            Some(text) => Some(text.clone()),
            None => std::fs::read_to_string(&file.abs).ok(),
        }
    }

    /// The findings of one file, as `check` reports them there.
    pub fn findings_in(&self, path: &str) -> Vec<&Diagnostic> {
        let id = self.by_path.get(path).copied();
        let mut found: Vec<&Diagnostic> = id.map(|id| self.note_diags[id].iter().collect()).unwrap_or_default();
        // The missing-note findings a file can hold are those of the targets it links to: asked
        // per file for every file of the vault when an editor opens it, so not a scan of all.
        let keys = id.map_or(&[][..], |id| self.missing_of[id].as_slice());
        let missing = keys.iter().filter_map(|k| self.missing_diags.get(k)).flatten();
        found.extend(missing.chain(&self.walk_diags).filter(|d| d.path == path));
        found.sort_by(|a, b| a.loc.span.start.cmp(&b.loc.span.start).then(a.code.cmp(b.code)));
        found
    }

    /// The id of the file at a vault path, if it exists.
    pub fn file_id(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// The notes with links that resolve into `id` (its backlinks' sources), sorted.
    pub fn linked_from(&self, id: FileId) -> &[FileId] {
        self.links_into.get(&id).map_or(&[], Vec::as_slice)
    }

    fn reread(&mut self, id: FileId) {
        match self.overlay.get(&self.vault.files[id].path) {
            Some(text) => self.vault.set_text(id, text),
            None => self.vault.reread(id),
        }
    }

    /// Starts counting the links to each target (what `watch --create-stubs` needs to tell a
    /// link written while watching from one that was there): from now on [`Self::links_to`]
    /// answers, and each [`Delta`] says which counts changed.
    pub fn count_links(&mut self) {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (_, note) in self.vault.notes() {
            for key in link_keys(note) {
                *counts.entry(key).or_default() += 1;
            }
        }
        self.link_counts = Some(counts);
    }

    /// How many links name the case-folded target `key`, in any file, resolved or not (0 until
    /// [`Self::count_links`]).
    pub fn links_to(&self, key: &str) -> usize {
        self.link_counts.as_ref().and_then(|c| c.get(key)).copied().unwrap_or(0)
    }

    /// Every target some link names, with how many do (empty until [`Self::count_links`]).
    pub fn link_counts(&self) -> impl Iterator<Item = (&str, usize)> {
        self.link_counts.iter().flatten().map(|(k, &n)| (k.as_str(), n))
    }

    /// Adds (or takes out) the links of a file's note as it is now to the counts; `recounted`
    /// gathers the net change per target (a note saved with the same links changes none).
    fn count_links_of(&mut self, id: FileId, add: bool, recounted: &mut HashMap<String, isize>) {
        let (Some(counts), Some(note)) = (self.link_counts.as_mut(), self.vault.note(id)) else { return };
        for key in link_keys(note) {
            if add {
                *counts.entry(key.clone()).or_default() += 1;
            } else if let Some(n) = counts.get_mut(&key) {
                *n -= 1;
                if *n == 0 {
                    counts.remove(&key);
                }
            }
            *recounted.entry(key).or_default() += if add { 1 } else { -1 };
        }
    }

    /// Whether a file's name, as stored, is valid UTF-8 (the vault lists the others under the
    /// name with U+FFFD, and the walk says so).
    fn name_is_utf8(&self, id: FileId) -> bool {
        self.vault.files[id].abs.strip_prefix(&self.vault.root).map_or(true, |rel| rel.to_str().is_some())
    }

    /// The case-folded keys of every missing target, sorted.
    pub fn missing_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.referrers.keys().cloned().collect();
        keys.sort();
        keys
    }

    /// Whether links from reported files name the case-folded target `key` and do not resolve.
    pub fn is_missing(&self, key: &str) -> bool {
        self.referrers.contains_key(key)
    }

    /// One missing target, as `stubs` sees it; `None` once nothing links to it unresolved.
    pub fn missing_note(&self, key: &str) -> Option<MissingNote> {
        let refs = self.referrers.get(key)?;
        Some(rules::missing_note(&self.vault, key.to_string(), refs.clone()))
    }

    /// What a missing target's links say, hashed: which files link to it, as written, visible
    /// or hidden (not where in the file, so typing above a link does not count as changing it).
    /// `None` when the target is not missing, or is an attachment (never stubbed).
    pub fn missing_fingerprint(&self, key: &str) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let refs = self.referrers.get(key)?;
        if crate::vault::is_attachment_name(key) {
            return None;
        }
        let mut parts: Vec<(&str, &str, bool)> =
            refs.iter().map(|r| (self.vault.files[r.file].path.as_str(), r.written.as_str(), r.hidden)).collect();
        parts.sort_unstable();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        parts.hash(&mut h);
        Some(h.finish())
    }

    /// Recomputes the vault-level findings (missing-note, and the casings of a missing note) of
    /// the targets whose links changed.
    fn refresh_missing(&mut self, touched: HashSet<String>) {
        for key in touched {
            self.missing_diags.remove(&key);
            let Some(refs) = self.referrers.get(&key) else { continue };
            let m = rules::missing_note(&self.vault, key.clone(), refs.clone());
            // The walk's findings are computed once; keep only this target's.
            let diags: Vec<Diagnostic> = rules::check_vault(&self.vault, &self.index, &self.config, &[m])
                .into_iter()
                .filter(|d| !self.walk_diags.contains(d))
                .collect();
            self.missing_diags.insert(key, diags);
        }
    }

    /// Files not reported on contribute no missing notes.
    fn add_referrers(&mut self, id: FileId) -> Vec<String> {
        let refs = self.missing_links_of(id);
        self.file_referrers(id, refs)
    }

    /// The unresolved links of a note that count as missing notes.
    fn missing_links_of(&self, id: FileId) -> Vec<(String, rules::Referrer)> {
        if self.vault.files[id].removed || !self.config.is_reported(&self.vault.files[id].path) {
            return Vec::new();
        }
        rules::missing_links(&self.vault, &self.index, &self.config, id)
    }

    /// Files a note's unresolved links under their missing targets; returns those targets.
    fn file_referrers(&mut self, id: FileId, refs: Vec<(String, rules::Referrer)>) -> Vec<String> {
        let mut keys = Vec::new();
        for (key, r) in refs {
            self.referrers.entry(key.clone()).or_default().push(r);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        self.missing_of[id] = keys.clone();
        keys
    }

    fn remove_referrers(&mut self, id: FileId) -> Vec<String> {
        self.remove_referrers_many(&[id])
    }

    /// Takes the files' links out of the missing targets they point to, each target's list
    /// filtered once (thousands of notes lose a popular target together); returns those targets.
    fn remove_referrers_many(&mut self, ids: &[FileId]) -> Vec<String> {
        let mut gone: HashMap<String, HashSet<FileId>> = HashMap::new();
        for &id in ids {
            for key in std::mem::take(&mut self.missing_of[id]) {
                gone.entry(key).or_default().insert(id);
            }
        }
        for (key, files) in &gone {
            if let Some(refs) = self.referrers.get_mut(key) {
                refs.retain(|r| !files.contains(&r.file));
                if refs.is_empty() {
                    self.referrers.remove(key);
                }
            }
        }
        gone.into_keys().collect()
    }

    /// The known files under a folder (`prefix` ends with `/`, or is empty for the whole vault).
    fn known_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.by_path
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix))
    }

    /// The files a synced path stands for now: itself, or what changed under a folder (the
    /// files found that are new or whose stamp changed, the known ones gone); `""` is the
    /// whole vault. `true` when the file is on disk. A path is whatever it is now, whatever it
    /// was: a note replaced by a folder of the same name (or the reverse) within one burst
    /// comes as one event for the path, and the deletes of a removed folder's files are
    /// dropped by the debouncer.
    fn expand(&self, path: &str) -> Vec<(String, bool)> {
        let path = nfc(path.trim_matches('/'));
        if path.split('/').any(|c| c.starts_with('.')) {
            return Vec::new();
        }
        let abs = crate::discover::on_disk(&self.vault.root, &path);
        let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
        let mut out: Vec<(String, bool)> = Vec::new();
        match std::fs::metadata(&abs) {
            Ok(m) if m.is_file() => {
                out.extend(self.known_under(&prefix).map(|k| (k.clone(), false)));
                out.push((path, true));
            }
            Ok(m) if m.is_dir() => {
                if self.by_path.contains_key(&path) {
                    out.push((path.clone(), false));
                }
                let found = crate::discover::discover(&abs);
                let on_disk: HashSet<String> = found.files.into_iter().map(|f| format!("{prefix}{}", f.path)).collect();
                for known in self.known_under(&prefix).filter(|k| !on_disk.contains(*k)) {
                    out.push((known.clone(), false));
                }
                // A poll tick or a rescan names the folder of a burst, and every file under it:
                // the ones known and unchanged need not be read again.
                let changed: Vec<String> = on_disk
                    .into_par_iter()
                    .filter(|p| match self.by_path.get(p) {
                        Some(&id) => self.stamps[id].is_none() || stamp(&self.vault.files[id].abs) != self.stamps[id],
                        None => true,
                    })
                    .collect();
                out.extend(changed.into_iter().map(|p| (p, true)));
            }
            _ if self.overlay.contains_key(&path) => out.push((path, true)),
            _ => {
                if self.by_path.contains_key(&path) {
                    out.push((path.clone(), false));
                }
                out.extend(self.known_under(&prefix).map(|k| (k.clone(), false)));
            }
        }
        out.sort();
        out
    }

    fn unregister(&mut self, id: FileId) {
        self.unregister_many(&[id]);
    }

    /// [`Self::register`] for a batch of notes, already registered or not. A popular name is
    /// looked up by thousands of notes: only what changed for each note is added or taken out
    /// (a note whose link now resolves loses its hint keys and gains a target), and each list
    /// is edited once per batch, not once per note, so a note with 7000 links can come and go
    /// without rewriting the lists of every name its linkers also look up.
    fn register_many(&mut self, ids: &[FileId]) {
        let new: Vec<_> = ids.par_iter().map(|&id| (id, self.dependencies(id))).collect();
        self.set_dependencies(new);
    }

    /// [`Self::register_many`] for every note of a check with none registered yet: each list is
    /// built in id order, so it comes out sorted without the merging a change needs.
    fn register_all(&mut self, ids: &[FileId]) {
        let found: Vec<Dependencies> = ids.par_iter().map(|&id| self.dependencies(id)).collect();
        for (&id, (keys, into)) in ids.iter().zip(found) {
            for &k in &keys {
                self.watchers.entry(k).or_default().push(id);
            }
            for &f in &into {
                self.links_into.entry(f).or_default().push(id);
            }
            self.keys_of[id] = keys;
            self.targets_of[id] = into;
        }
    }

    /// [`Self::unregister`] for a batch of notes.
    fn unregister_many(&mut self, ids: &[FileId]) {
        self.set_dependencies(ids.iter().map(|&id| (id, (Vec::new(), Vec::new()))).collect());
    }

    fn set_dependencies(&mut self, new: Vec<(FileId, Dependencies)>) {
        let mut watch: Changes<u64> = Changes::default();
        let mut link: Changes<FileId> = Changes::default();
        for (id, (keys, into)) in new {
            watch.between(id, &self.keys_of[id], &keys);
            link.between(id, &self.targets_of[id], &into);
            self.keys_of[id] = keys;
            self.targets_of[id] = into;
        }
        for (k, gone) in watch.removed {
            if let Some(list) = self.watchers.get_mut(&k) {
                remove_all_sorted(list, gone);
                if list.is_empty() {
                    self.watchers.remove(&k);
                }
            }
        }
        for (k, new) in watch.added {
            merge_sorted(self.watchers.entry(k).or_default(), new);
        }
        for (f, gone) in link.removed {
            if let Some(list) = self.links_into.get_mut(&f) {
                remove_all_sorted(list, gone);
            }
        }
        for (f, new) in link.added {
            merge_sorted(self.links_into.entry(f).or_default(), new);
        }
    }

    /// The keys a note's links look up (sorted) and the files they resolve into (sorted, once each).
    fn dependencies(&self, id: FileId) -> Dependencies {
        let Some(note) = self.vault.note(id) else { return (Vec::new(), Vec::new()) };
        let mut keys: BTreeSet<u64> = BTreeSet::new();
        let mut into: Vec<FileId> = Vec::new();
        for (link, target) in note.links.iter().zip(&self.index.targets[id]) {
            let lp = link.linkpath().to_lowercase();
            let name = lp.rsplit('/').next().unwrap_or(&lp);
            if !name.is_empty() {
                keys.insert(key(NAME, name));
                keys.insert(key_md(name));
                if target.resolution.file.is_none() {
                    let target = crate::index::unresolved_key(name);
                    keys.insert(key(ALIAS, &nfc(target).to_lowercase()));
                    keys.insert(key(SQUASH, &crate::index::squash(target)));
                    keys.insert(key(STEM, name));
                    // A note appearing or going can make this a likely typo, or a path into a
                    // folder that exists (a mistake), or no longer.
                    keys.extend(near_miss::typo_neighbourhood(target).into_iter().map(|h| key_hash(TYPO, h)));
                    if let Some(folder) = near_miss::link_folder(&lp) {
                        keys.insert(key(FOLDER, &folder));
                    }
                }
            }
            if let Some(f) = target.resolution.file {
                into.push(f);
            }
        }
        into.sort_unstable();
        into.dedup();
        (keys.into_iter().collect(), into)
    }

    fn alias_keys(&self, id: FileId) -> Vec<u64> {
        self.vault
            .note(id)
            .and_then(|n| n.frontmatter.as_ref())
            .map(|f| f.aliases.iter().map(|a| key(ALIAS, &nfc(a).to_lowercase())).collect())
            .unwrap_or_default()
    }
}

/// The case-folded targets of a note's links, as missing notes are keyed (once per link).
fn link_keys(note: &crate::note::Note) -> impl Iterator<Item = String> + '_ {
    note.links
        .iter()
        .map(|l| l.linkpath())
        .filter(|p| !p.is_empty())
        .map(|p| crate::text::lowercase(crate::index::unresolved_key(p)))
}

/// The keys a file's appearance or disappearance touches: its name (what links look up), and
/// what broken-link hints compare (squashed name, attachment stem).
fn name_keys(path: &str) -> Vec<u64> {
    let lower = path.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let mut keys = vec![key(NAME, name), key(SQUASH, &crate::index::squash(stem))];
    if let Some((s, _)) = name.rsplit_once('.') {
        keys.push(key(STEM, s));
    }
    keys.extend(near_miss::typo_neighbourhood(stem).into_iter().map(|h| key_hash(TYPO, h)));
    keys.extend(near_miss::folder_tails(&lower).iter().map(|f| key(FOLDER, f)));
    keys
}

/// A dependency key from a hash the near-miss judgement made.
fn key_hash(kind: u8, h: u64) -> u64 {
    fnv(fnv(0xcbf2_9ce4_8422_2325, &[kind]), &h.to_le_bytes())
}

const NAME: u8 = 1;
const ALIAS: u8 = 2;
const SQUASH: u8 = 3;
const STEM: u8 = 4;
const TYPO: u8 = 5;
const FOLDER: u8 = 6;

/// A dependency key, hashed (FNV-1a): a collision only re-checks a note that did not need it.
fn key(kind: u8, s: &str) -> u64 {
    fnv(fnv(0xcbf2_9ce4_8422_2325, &[kind]), s.as_bytes())
}

/// The key of `name` + `.md` (what `[[Note]]` looks up), without building the string.
fn key_md(name: &str) -> u64 {
    fnv(key(NAME, name), b".md")
}

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Per key, the notes to add to its list and to take out of it.
struct Changes<K> {
    added: FxHashMap<K, Vec<FileId>>,
    removed: FxHashMap<K, Vec<FileId>>,
}

impl<K> Default for Changes<K> {
    fn default() -> Self {
        Changes { added: FxHashMap::default(), removed: FxHashMap::default() }
    }
}

impl<K: Copy + Ord + std::hash::Hash> Changes<K> {
    /// Records what note `id` stops and starts depending on, from two sorted, distinct lists.
    fn between(&mut self, id: FileId, old: &[K], new: &[K]) {
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) if a == b => (i, j) = (i + 1, j + 1),
                (Some(a), b) if b.is_none_or(|b| a < b) => {
                    self.removed.entry(*a).or_default().push(id);
                    i += 1;
                }
                (_, Some(b)) => {
                    self.added.entry(*b).or_default().push(id);
                    j += 1;
                }
                _ => unreachable!("one of the lists has an element left"),
            }
        }
    }
}

/// Adds `new` (sorted, distinct) to the sorted, distinct `ids`.
fn merge_sorted(ids: &mut Vec<FileId>, new: Vec<FileId>) {
    if let [id] = new[..] {
        if let Err(at) = ids.binary_search(&id) {
            ids.insert(at, id);
        }
        return;
    }
    ids.extend(new);
    ids.sort_unstable();
    ids.dedup();
}

/// Takes `gone` out of the sorted `ids`.
fn remove_all_sorted(ids: &mut Vec<FileId>, mut gone: Vec<FileId>) {
    if let [id] = gone[..] {
        if let Ok(at) = ids.binary_search(&id) {
            ids.remove(at);
        }
        return;
    }
    gone.sort_unstable();
    ids.retain(|x| gone.binary_search(x).is_err());
}

/// Findings that left one folder and came back, alike in all else, in another: a folder (or a
/// note) that moved, which a person reads as one move, not as so many new and resolved ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The folder before and after (`People/`, `Archive/People/`; `` for the vault's top), or
    /// the note's two paths when one note moved alone.
    pub from: String,
    pub to: String,
    pub notes: usize,
    pub findings: usize,
}

/// The moves in a delta, and which of its `new` and `resolved` findings they account for.
/// A new finding pairs with a resolved one of the same rule, place, severity, message and hint
/// whose path ends the same (the file name, and any folders under the moved one).
pub fn moves(delta: &Delta) -> (Vec<Moved>, Vec<bool>, Vec<bool>) {
    type Key<'a> = (&'a str, u32, u32, &'a str, &'a str, Option<&'a str>, &'a str);
    fn key(d: &Diagnostic) -> Key<'_> {
        let name = d.path.rsplit('/').next().unwrap_or(&d.path);
        (d.code, d.loc.start.line, d.loc.start.col, d.severity.as_str(), &d.message, d.hint.as_deref(), name)
    }
    let mut gone: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, d) in delta.resolved.iter().enumerate().rev() {
        gone.entry(key(d)).or_default().push(i);
    }
    let mut paired_new = vec![false; delta.new.len()];
    let mut paired_resolved = vec![false; delta.resolved.len()];
    // (from folder, to folder) -> (note paths, findings, one note's old and new paths)
    type Seen<'a> = (BTreeSet<&'a str>, usize, (&'a str, &'a str));
    let mut found: BTreeMap<(String, String), Seen<'_>> = BTreeMap::new();
    for (i, d) in delta.new.iter().enumerate() {
        let Some(j) = gone.get_mut(&key(d)).and_then(Vec::pop) else { continue };
        let old = delta.resolved[j].path.as_str();
        paired_new[i] = true;
        paired_resolved[j] = true;
        let entry = found.entry(folders_apart(old, &d.path)).or_insert_with(|| (BTreeSet::new(), 0, (old, &d.path)));
        entry.0.insert(&d.path);
        entry.1 += 1;
    }
    let moved = found
        .into_iter()
        .map(|((from, to), (notes, findings, (old, new)))| {
            // One note alone is shown by its paths.
            let (from, to) = if notes.len() == 1 { (old.to_string(), new.to_string()) } else { (from, to) };
            Moved { from, to, notes: notes.len(), findings }
        })
        .collect();
    (moved, paired_new, paired_resolved)
}

/// The folders of two paths once their common tail (the file name and the folders under the
/// moved one) is set aside: `People/A/x.md`, `Folk/A/x.md` -> (`People/`, `Folk/`).
fn folders_apart(old: &str, new: &str) -> (String, String) {
    let a: Vec<&str> = old.split('/').collect();
    let b: Vec<&str> = new.split('/').collect();
    let mut common = 0;
    while common < a.len().min(b.len()) && a[a.len() - 1 - common] == b[b.len() - 1 - common] {
        common += 1;
    }
    let folder = |parts: &[&str]| if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) };
    (folder(&a[..a.len() - common]), folder(&b[..b.len() - common]))
}

/// What changed between two sets of findings. A finding that only changed its hint (a deleted
/// folder's note is no longer the suggestion) is `changed`, not both `new` and `resolved`:
/// the output would show the same line twice.
pub fn diff<'a>(
    before: impl Iterator<Item = &'a Diagnostic>,
    after: impl Iterator<Item = &'a Diagnostic>,
    files_changed: usize,
) -> Delta {
    let seen = |d: &Diagnostic| (d.path.clone(), d.loc.span, d.code, d.message.clone(), d.severity);
    let full = |d: &Diagnostic| (seen(d), d.hint.clone());
    let before: Vec<&Diagnostic> = before.collect();
    let after: Vec<&Diagnostic> = after.collect();
    let old: HashSet<_> = before.iter().map(|d| full(d)).collect();
    let new: HashSet<_> = after.iter().map(|d| full(d)).collect();
    let mut resolved: Vec<Diagnostic> =
        before.iter().filter(|d| !new.contains(&full(d))).map(|d| (*d).clone()).collect();
    // Pair each new finding with a resolved one that looks the same but for its hint.
    let mut gone: HashMap<_, usize> = HashMap::new();
    for d in &resolved {
        *gone.entry(seen(d)).or_default() += 1;
    }
    let mut delta = Delta { files_changed, ..Delta::default() };
    let mut paired: HashMap<_, usize> = HashMap::new();
    for d in after.iter().filter(|d| !old.contains(&full(d))) {
        match gone.get_mut(&seen(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                *paired.entry(seen(d)).or_default() += 1;
                delta.changed.push((*d).clone());
            }
            _ => delta.new.push((*d).clone()),
        }
    }
    resolved.retain(|d| match paired.get_mut(&seen(d)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    delta.resolved = resolved;
    crate::diagnostic::sort(&mut delta.new);
    crate::diagnostic::sort(&mut delta.resolved);
    crate::diagnostic::sort(&mut delta.changed);
    delta
}
