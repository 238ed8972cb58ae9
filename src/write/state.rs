//! wikilint's own files in a vault, in its dot-named folder `.wikilint/` (hidden from Obsidian
//! and from wikilint's own discovery), there only while something is being written:
//!
//! - `temps-PID-N`: the folders where the writer of process PID makes temporary files
//!   (`.wikilint-PID-N.tmp`), one per line, recorded before the first one is made there;
//! - `journal-PID-N.json`: what a multi-file change (a move) is doing, written in full before
//!   its first write, so that the next run can finish it or undo it.
//!
//! Each is made under a `new-…` name, locked (an advisory lock, which the system releases when
//! its process ends, however it ends), filled, fsynced and only then renamed to its name: a
//! file under its name is complete, and it belongs to a live process exactly when its lock is
//! taken. The next run of any command ([`remove_stale_temps`], and the move journal's
//! recovery) deals with those whose lock is free, and removes the folder once it is empty.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use super::{TEMP_COUNTER, interrupt, sync_folder};

/// The vault's folder for wikilint's own files.
pub const FOLDER: &str = ".wikilint";

/// Where this writer makes temporary files, recorded for the next run should it be killed.
#[derive(Debug)]
pub(super) struct Session {
    path: PathBuf,
    file: File,
    folders: HashSet<PathBuf>,
    /// A signal that removes the temporary files removes their record too.
    _in_flight: interrupt::InFlight,
}

impl Session {
    pub(super) fn open(canonical_root: &Path) -> io::Result<Session> {
        let (path, file) = create_locked(canonical_root, "temps", "", b"")?;
        let registered = interrupt::in_flight(&path);
        Ok(Session { path, file, folders: HashSet::new(), _in_flight: registered })
    }

    /// Records `dir` (inside `canonical_root`) before the first temporary file is made there.
    pub(super) fn record(&mut self, canonical_root: &Path, dir: &Path) -> io::Result<()> {
        if self.folders.contains(dir) {
            return Ok(());
        }
        let rel = dir.strip_prefix(canonical_root).map_err(|_| io::Error::other("a folder outside the vault"))?;
        let rel = rel.to_str().ok_or_else(|| io::Error::other("a folder name that is not UTF-8"))?;
        let line = if rel.is_empty() { ".".to_string() } else { rel.replace(std::path::MAIN_SEPARATOR, "/") };
        self.file.write_all(format!("{line}\n").as_bytes())?;
        self.file.sync_data()?;
        self.folders.insert(dir.to_path_buf());
        Ok(())
    }

    /// Every temporary file is gone: the record goes too.
    pub(super) fn close(self, canonical_root: &Path) {
        let _ = fs::remove_file(&self.path);
        drop(self.file);
        remove_folder_if_empty(canonical_root);
    }
}

/// A journal of a change under way, removed by [`Journal::close`] once the change is whole. If
/// the process ends first, the journal stays, and the next run finds it.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    root: PathBuf,
    _lock: File,
}

impl Journal {
    pub(super) fn create(canonical_root: &Path, content: &[u8]) -> io::Result<Journal> {
        let (path, lock) = create_locked(canonical_root, "journal", ".json", content)?;
        Ok(Journal { path, root: canonical_root.to_path_buf(), _lock: lock })
    }

    /// The change is whole (done or undone): the journal is removed.
    pub fn close(self) -> io::Result<()> {
        fs::remove_file(&self.path)?;
        interrupt::step();
        sync_folder(&self.root.join(FOLDER));
        remove_folder_if_empty(&self.root);
        Ok(())
    }
}

/// A journal whose process has ended before closing it, locked by this process while it is
/// dealt with.
#[derive(Debug)]
pub struct Unfinished {
    /// The process that wrote it.
    pub pid: u32,
    pub content: Vec<u8>,
    path: PathBuf,
    root: PathBuf,
    _lock: File,
}

impl Unfinished {
    /// Dealt with: the journal is removed.
    pub fn close(self) -> io::Result<()> {
        fs::remove_file(&self.path)?;
        sync_folder(&self.root.join(FOLDER));
        remove_folder_if_empty(&self.root);
        Ok(())
    }
}

/// The journals in the vault at `root` that no live process holds, oldest process first.
/// Cheap when there are none: one look for the folder.
pub fn unfinished_journals(root: &Path) -> Vec<Unfinished> {
    let Ok(root) = fs::canonicalize(root) else { return Vec::new() };
    let mut out = Vec::new();
    for (name, pid) in entries(&root, "journal-", ".json") {
        let path = root.join(FOLDER).join(&name);
        let Some(mut file) = lock_if_free(&path) else { continue };
        let mut content = Vec::new();
        if file.read_to_end(&mut content).is_ok() {
            out.push(Unfinished { pid, content, path, root: root.clone(), _lock: file });
        }
    }
    out.sort_by_key(|u| u.pid);
    out
}

/// Removes the temporary files left by wikilint processes that were killed while writing
/// (their `temps-…` record is not locked any more), and the records. Says what it removed.
pub fn remove_stale_temps(root: &Path) -> Vec<String> {
    let Ok(root) = fs::canonicalize(root) else { return Vec::new() };
    let state = root.join(FOLDER);
    if !state.is_dir() {
        return Vec::new();
    }
    let mut messages = Vec::new();
    // A record made but not yet named: its process died before writing anything under it.
    for (name, _) in entries(&root, "new-", "") {
        let path = state.join(&name);
        if let Some(lock) = lock_if_free(&path) {
            let _ = fs::remove_file(&path);
            drop(lock);
        }
    }
    let records = entries(&root, "temps-", "");
    let live: HashSet<u32> = records
        .iter()
        .filter(|(name, _)| {
            let path = state.join(name);
            matches!(File::open(&path).map(|f| f.try_lock()), Ok(Err(TryLockError::WouldBlock)))
        })
        .map(|(_, pid)| *pid)
        .collect();
    for (name, pid) in records {
        let path = state.join(&name);
        let Some(mut lock) = lock_if_free(&path) else { continue };
        let mut listed = String::new();
        let _ = lock.read_to_string(&mut listed);
        let mut removed = 0;
        // A live process that reuses the pid makes files of the same names: leave them.
        if !live.contains(&pid) {
            let prefix = format!(".wikilint-{pid}-");
            for line in listed.lines().filter(|l| !l.is_empty()) {
                let dir = if line == "." { root.clone() } else { root.join(line) };
                if line.split('/').any(|s| s == ".." || s.is_empty()) {
                    continue;
                }
                let Ok(entries) = fs::read_dir(&dir) else { continue };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let Some(name) = name.to_str() else { continue };
                    let ours = name
                        .strip_prefix(&prefix)
                        .and_then(|rest| rest.strip_suffix(".tmp"))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                    if ours && entry.file_type().is_ok_and(|t| t.is_file()) && fs::remove_file(entry.path()).is_ok() {
                        removed += 1;
                    }
                }
            }
        }
        let _ = fs::remove_file(&path);
        drop(lock);
        if removed > 0 {
            messages.push(format!(
                "removed {removed} temporary file{} (.wikilint-{pid}-….tmp) left by a wikilint (process {pid}) that was stopped while writing",
                if removed == 1 { "" } else { "s" }
            ));
        }
    }
    remove_folder_if_empty(&root);
    messages
}

/// Makes `.wikilint/{kind}-PID-N{suffix}` holding `content`: made under a `new-` name, locked,
/// written and fsynced, then renamed (see the module's documentation).
fn create_locked(canonical_root: &Path, kind: &str, suffix: &str, content: &[u8]) -> io::Result<(PathBuf, File)> {
    let state = canonical_root.join(FOLDER);
    match fs::create_dir(&state) {
        Ok(()) => sync_folder(canonical_root),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    if !fs::symlink_metadata(&state)?.is_dir() {
        return Err(io::Error::other(format!("{FOLDER} in the vault is not a folder")));
    }
    let pid = std::process::id();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let new = state.join(format!("new-{pid}-{n}"));
        let mut file = match OpenOptions::new().read(true).write(true).create_new(true).open(&new) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
            Err(e) => return Err(e),
        };
        let written = (|| {
            file.lock()?;
            file.write_all(content)?;
            file.sync_all()?;
            let path = state.join(format!("{kind}-{pid}-{n}{suffix}"));
            fs::rename(&new, &path)?;
            sync_folder(&state);
            Ok(path)
        })();
        return match written {
            Ok(path) => Ok((path, file)),
            Err(e) => {
                let _ = fs::remove_file(&new);
                Err(e)
            }
        };
    }
}

/// The entries of `.wikilint/` named `{prefix}PID-N{suffix}`, with their PID.
fn entries(root: &Path, prefix: &str, suffix: &str) -> Vec<(String, u32)> {
    let Ok(list) = fs::read_dir(root.join(FOLDER)) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in list.flatten() {
        let Ok(name) = entry.file_name().into_string() else { continue };
        let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_suffix(suffix)) else { continue };
        let Some((pid, n)) = rest.split_once('-') else { continue };
        if let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), n.parse::<u64>()) {
            out.push((name, pid));
        }
    }
    out.sort();
    out
}

/// Opens and locks `path` if no live process holds it.
fn lock_if_free(path: &Path) -> Option<File> {
    let file = OpenOptions::new().read(true).write(true).open(path).ok()?;
    match file.try_lock() {
        Ok(()) => Some(file),
        Err(_) => None,
    }
}

fn remove_folder_if_empty(canonical_root: &Path) {
    // Fails, as it should, while anything is left in it.
    let _ = fs::remove_dir(canonical_root.join(FOLDER));
}
