//! The one module that writes files into a vault.
//!
//! [`VaultWriter::create_new`] creates a file and never replaces one: the content is written
//! and fsynced under a hidden temporary name in the target folder, then hard-linked to its
//! real name, which the operating system refuses to do when the name is taken (by a file, a
//! folder or a dangling symbolic link), even if it appeared a moment ago. So a file is
//! either absent or complete under its name, and an existing one is never touched.
//!
//! Every path is vault-relative and checked on the way down: no `..`, no absolute path, and
//! every existing folder on the way, symbolic links resolved, must stay inside the
//! canonical vault root.
//!
//! Temporary files are registered while they exist, so a signal removes them
//! ([`interrupt`]), and recorded, so the next run removes those a killed process left
//! ([`state`], which also keeps the journals of moves under way).
//!
//! Vault paths are NFC (`discover` normalizes them) but the names on disk need not be: macOS
//! keeps what the creating program wrote, often NFD. So each name is looked up as written
//! first, then among its folder's entries by its NFC form ([`crate::discover::on_disk`]): a writer finds the
//! note the vault listed, and never creates a second entry that only differs in normal form.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::discover::entry_in;

pub mod interrupt;
pub mod state;
pub mod trash;

pub use interrupt::{InFlight, InterruptGuard, defer_interrupts, in_flight, interrupted};
pub use state::{Journal, Unfinished, remove_stale_temps, unfinished_journals};
pub use trash::SystemTrash;

#[derive(Debug)]
pub enum WriteError {
    /// Something already has that name: nothing was written.
    Exists,
    /// The path would lead out of the vault (`..`, an absolute path, a folder that is a
    /// symbolic link to somewhere outside).
    Outside(String),
    /// A vault-relative path that is not a plain `/`-separated list of names.
    BadPath(String),
    /// A folder on the way is a file.
    NotAFolder(String),
    /// The file is not what it was when it was read (someone saved it since): nothing written.
    Changed,
    /// The file to replace or move is not there.
    Missing,
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Exists => f.write_str("a file with that name already exists; left untouched"),
            WriteError::Outside(why) | WriteError::BadPath(why) => f.write_str(why),
            WriteError::NotAFolder(p) => write!(f, "{p} is a file, not a folder"),
            WriteError::Changed => f.write_str("the file changed since it was read; left untouched"),
            WriteError::Missing => f.write_str("the file is not there any more"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// How far a move got ([`VaultWriter::move_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveProgress {
    /// Only the old name is there (or the new one is another file's).
    NotStarted,
    /// Both names lead to the file: linked under the new name, not yet unlinked from the old.
    Halfway,
    /// Only the new name is there.
    Done,
    /// Neither name is there.
    Lost,
}

/// What [`VaultWriter::create_new`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Absolute, canonical path of the new file.
    pub path: PathBuf,
    /// Folders it had to create, vault-relative, outermost first.
    pub folders: Vec<String>,
}

/// Writes inside one vault.
///
/// Its temporary files are registered with [`interrupt`] (a signal removes them) and, before
/// the first one in each folder, recorded in `.wikilint/` ([`state`]), so that the next run
/// removes any a killed process left. The record goes when the writer is dropped.
#[derive(Debug)]
pub struct VaultWriter {
    root: PathBuf,
    canonical_root: PathBuf,
    session: Mutex<Option<state::Session>>,
    /// Whether making a temporary file installs the signal handler ([`interrupt`]).
    catch_signals: bool,
}

static TEMP_COUNTER: AtomicU32 = AtomicU32::new(0);

impl VaultWriter {
    pub fn new(root: &Path) -> io::Result<Self> {
        let canonical_root = fs::canonicalize(root)?;
        Ok(VaultWriter { root: root.to_path_buf(), canonical_root, session: Mutex::new(None), catch_signals: true })
    }

    /// A writer that leaves signals as they are: for the repairs made when a vault is opened,
    /// before a front end (`watch`) installs its own handler.
    pub fn leaving_signals(root: &Path) -> io::Result<Self> {
        let mut writer = VaultWriter::new(root)?;
        writer.catch_signals = false;
        Ok(writer)
    }

    /// Writes the journal of a multi-file change into `.wikilint/`, fsynced, before the
    /// change's first write; [`Journal::close`] removes it once the change is whole.
    pub fn begin_journal(&self, content: &[u8]) -> Result<Journal, WriteError> {
        let journal = Journal::create(&self.canonical_root, content)?;
        interrupt::step();
        Ok(journal)
    }

    /// A temporary file in `dir` (a checked folder inside the vault), recorded first.
    fn temp_in(&self, dir: &Path) -> io::Result<TempFile> {
        if self.catch_signals {
            interrupt::catch_signals();
        }
        let mut session = self.session.lock().unwrap_or_else(|e| e.into_inner());
        if session.is_none() {
            // Best effort: without a record, a temporary file left by `kill -9` stays
            // (hidden, and harmless to Obsidian and wikilint).
            *session = state::Session::open(&self.canonical_root).ok();
        }
        if let Some(record) = session.as_mut()
            && record.record(&self.canonical_root, dir).is_err()
        {
            *session = None;
        }
        TempFile::create(dir)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `create_new(rel, …)` could go ahead as far as the folders that exist today
    /// are concerned: the same checks, read-only (a planner reports problems before
    /// anything is written; `create_new` checks again when it writes).
    pub fn check(&self, rel: &str) -> Result<(), WriteError> {
        let segments = split_relative(rel)?;
        let (_, folders) = segments.split_last().ok_or_else(|| WriteError::BadPath("empty path".into()))?;
        let mut dir = self.canonical_root.clone();
        let mut walked = String::new();
        for seg in folders {
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(seg);
            let next = entry_in(&dir, seg);
            match fs::symlink_metadata(&next) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e.into()),
                Ok(meta) if meta.is_dir() => dir = next,
                Ok(meta) if meta.file_type().is_symlink() => dir = self.follow(&next, &walked)?,
                Ok(_) => return Err(WriteError::NotAFolder(walked)),
            }
        }
        Ok(())
    }

    /// Creates the vault-relative file `rel` (`/`-separated) holding `content`, creating its
    /// folders as needed. Never replaces anything: a taken name is [`WriteError::Exists`].
    /// On any failure no partial file is left under the name (folders it created stay).
    pub fn create_new(&self, rel: &str, content: &[u8]) -> Result<Created, WriteError> {
        let mut created = Vec::new();
        let result = self.create_in(rel, content, &mut created);
        if result.is_err() {
            // Leave no empty folder behind either: remove what this call made, innermost first.
            for folder in created.iter().rev() {
                let _ = fs::remove_dir(self.canonical_root.join(folder));
            }
        }
        result.map(|path| Created { path, folders: created })
    }

    fn create_in(&self, rel: &str, content: &[u8], created: &mut Vec<String>) -> Result<PathBuf, WriteError> {
        let segments = split_relative(rel)?;
        let (name, folders) = segments.split_last().ok_or_else(|| WriteError::BadPath("empty path".into()))?;
        let dir = self.make_folders(folders, created)?;
        let target = dir.join(name);
        if entry_in(&dir, name) != target {
            return Err(WriteError::Exists); // taken by a name in another normal form
        }
        let mut temp = self.temp_in(&dir)?;
        temp.file().write_all(content)?;
        temp.file().sync_all()?;
        interrupt::step();
        match fs::hard_link(&temp.path, &target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
            Err(e) if matches!(e.kind(), io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied) => {
                // A file system without hard links (FAT, some network shares): exclusive
                // create is still checked by the OS at write time, only not atomic, so a
                // failure removes the file it started.
                write_exclusive(&target, content)?;
            }
            Err(e) => return Err(e.into()),
        }
        interrupt::step();
        drop(temp);
        sync_folder(&dir);
        Ok(target)
    }

    /// Replaces the content of the existing vault-relative file `rel` with `new`, provided it
    /// still holds exactly `expected` (else [`WriteError::Changed`], nothing written). The new
    /// content is written and fsynced under a hidden temporary name beside the file, with the
    /// file's permissions, owner and group, then renamed over it: a reader (or a crash) sees
    /// the old file or the new one, never a mix. Being a new file, it is not the one a program
    /// holding the old one open writes to.
    pub fn replace(&self, rel: &str, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
        let target = self.existing(rel)?;
        let dir = target.parent().ok_or_else(|| WriteError::BadPath(format!("{rel:?} has no folder")))?;
        let meta = fs::symlink_metadata(&target).map_err(not_found_as_missing)?;
        if !meta.is_file() {
            return Err(WriteError::BadPath(format!("{rel} is not a regular file")));
        }
        if fs::read(&target).map_err(not_found_as_missing)? != expected {
            return Err(WriteError::Changed);
        }
        let mut temp = self.temp_in(dir)?;
        temp.file().write_all(new)?;
        keep_owner(temp.file(), &meta)?;
        temp.file().set_permissions(meta.permissions())?;
        temp.file().sync_all()?;
        crash_point();
        interrupt::step();
        // The window between this read and the rename is as small as a rename-based write
        // allows; an editor saving inside it loses to us, which no portable call prevents.
        if fs::read(&target).map_err(not_found_as_missing)? != expected {
            return Err(WriteError::Changed);
        }
        fs::rename(&temp.path, &target)?;
        temp.file.take();
        sync_folder(dir);
        interrupt::step();
        Ok(())
    }

    /// Moves the vault-relative file or folder `from` to `to`, creating `to`'s folders. Never
    /// replaces anything: a taken name is [`WriteError::Exists`]. A file is moved by a hard
    /// link and an unlink, so the new name is claimed atomically; a folder by a rename after
    /// checking the name is free.
    pub fn move_to(&self, from: &str, to: &str) -> Result<Created, WriteError> {
        let source = self.existing(from)?;
        let meta = fs::symlink_metadata(&source).map_err(not_found_as_missing)?;
        let segments = split_relative(to)?;
        let (name, folders) = segments.split_last().ok_or_else(|| WriteError::BadPath("empty path".into()))?;
        let mut created = Vec::new();
        let result = (|| {
            let dir = self.make_folders(folders, &mut created)?;
            if !created.is_empty() {
                interrupt::step();
            }
            let target = dir.join(name);
            let taken = entry_in(&dir, name);
            if taken != target && !fs::symlink_metadata(&taken).ok().is_some_and(|t| same_inode(&t, &meta)) {
                return Err(WriteError::Exists); // taken by a name in another normal form
            }
            if meta.is_dir() {
                if target.starts_with(&source) {
                    return Err(WriteError::BadPath(format!("cannot move the folder {from} into itself")));
                }
                if fs::symlink_metadata(&target).is_ok() {
                    return Err(WriteError::Exists);
                }
                fs::rename(&source, &target)?;
            } else {
                let same_file =
                    fs::symlink_metadata(&target).ok().zip(Some(&meta)).is_some_and(|(t, s)| same_inode(&t, s));
                if same_file {
                    // A change of case on a case-insensitive file system: the names are one file.
                    fs::rename(&source, &target)?;
                } else {
                    match fs::hard_link(&source, &target) {
                        Ok(()) => {
                            interrupt::step();
                            fs::remove_file(&source)?
                        }
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
                        Err(e) if matches!(e.kind(), io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied) => {
                            if fs::symlink_metadata(&target).is_ok() {
                                return Err(WriteError::Exists);
                            }
                            fs::rename(&source, &target)?;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            sync_folder(&dir);
            if let Some(parent) = source.parent() {
                sync_folder(parent);
            }
            interrupt::step();
            Ok(target)
        })();
        if result.is_err() {
            for folder in created.iter().rev() {
                let _ = fs::remove_dir(self.canonical_root.join(folder));
            }
        }
        result.map(|path| Created { path, folders: created })
    }

    /// How far a [`move_to`](Self::move_to) of `from` to `to` got, judged from what is on
    /// disk now: for the next run after a process stopped in the middle of a move.
    pub fn move_progress(&self, from: &str, to: &str) -> Result<MoveProgress, WriteError> {
        let source = self.look(from)?;
        let target = self.look(to)?;
        let (s, t) = (fs::symlink_metadata(&source).ok(), fs::symlink_metadata(&target).ok());
        Ok(match (s, t) {
            (Some(_), None) => MoveProgress::NotStarted,
            (None, Some(_)) => MoveProgress::Done,
            (None, None) => MoveProgress::Lost,
            (Some(s), Some(t)) if same_inode(&s, &t) => {
                if from.to_lowercase() != to.to_lowercase() || both_listed(&source, &target) {
                    MoveProgress::Halfway
                } else if listed(&target) {
                    // One entry under two spellings (a case-insensitive file system): its name says.
                    MoveProgress::Done
                } else {
                    MoveProgress::NotStarted
                }
            }
            // The destination is another file: this move never took it.
            (Some(_), Some(_)) => MoveProgress::NotStarted,
        })
    }

    /// Finishes a move that stopped [`MoveProgress::Halfway`]: the new name is there, and the
    /// old one, a second link to the same file, goes.
    pub fn finish_move(&self, from: &str, to: &str) -> Result<(), WriteError> {
        if self.move_progress(from, to)? != MoveProgress::Halfway {
            return Err(WriteError::Changed);
        }
        let source = self.existing(from)?;
        fs::remove_file(&source)?;
        if let Some(parent) = source.parent() {
            sync_folder(parent);
        }
        interrupt::step();
        Ok(())
    }

    /// Removes the vault-relative folder `rel` if it is empty; whether it did.
    pub fn remove_empty_folder(&self, rel: &str) -> bool {
        let Ok(path) = self.existing(rel) else { return false };
        let removed = fs::remove_dir(&path).is_ok();
        if removed && let Some(parent) = path.parent() {
            sync_folder(parent);
        }
        removed
    }

    /// Where the vault-relative `rel` is or would be, its folders checked as for
    /// [`existing`](Self::existing) where they exist.
    fn look(&self, rel: &str) -> Result<PathBuf, WriteError> {
        match self.existing(rel) {
            Err(WriteError::Missing) => {
                split_relative(rel)?;
                Ok(crate::discover::on_disk(&self.canonical_root, rel))
            }
            other => other,
        }
    }

    /// The real path of an existing vault-relative file or folder, refusing anything whose
    /// folders lead outside the vault.
    fn existing(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let segments = split_relative(rel)?;
        let (name, folders) = segments.split_last().ok_or_else(|| WriteError::BadPath("empty path".into()))?;
        let mut dir = self.canonical_root.clone();
        for seg in folders {
            dir = entry_in(&dir, seg);
        }
        let dir = fs::canonicalize(&dir).map_err(not_found_as_missing)?;
        self.ensure_inside(&dir, &folders.join("/"))?;
        let path = entry_in(&dir, name);
        if fs::symlink_metadata(&path).map_err(not_found_as_missing)?.file_type().is_symlink() {
            return Err(WriteError::BadPath(format!(
                "{rel} is a symbolic link; wikilint does not write through links"
            )));
        }
        Ok(path)
    }

    /// Walks down `folders` from the root, creating the missing ones (recorded in `created`),
    /// and returns where the last one really is, every link resolved, inside the vault: the
    /// folder a new name goes exactly into.
    fn make_folders(&self, folders: &[&str], created: &mut Vec<String>) -> Result<PathBuf, WriteError> {
        let mut dir = self.canonical_root.clone();
        let mut walked = String::new();
        for seg in folders {
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(seg);
            dir = self.enter_folder(&entry_in(&dir, seg), &walked, created)?;
        }
        let dir = fs::canonicalize(&dir)?;
        self.ensure_inside(&dir, &walked)?;
        Ok(dir)
    }

    /// Steps into `path` (one level below a checked folder), creating it if missing, and
    /// returns where it really is; refuses a symbolic link that leads out of the vault.
    fn enter_folder(&self, path: &Path, rel: &str, created: &mut Vec<String>) -> Result<PathBuf, WriteError> {
        for _ in 0..2 {
            match fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => return Ok(path.to_path_buf()),
                Ok(meta) if meta.file_type().is_symlink() => return self.follow(path, rel),
                Ok(_) => return Err(WriteError::NotAFolder(rel.to_string())),
                Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::create_dir(path) {
                    Ok(()) => {
                        created.push(rel.to_string());
                        return Ok(path.to_path_buf());
                    }
                    // Someone made it in between: look again at what it is.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(e.into()),
                },
                Err(e) => return Err(e.into()),
            }
        }
        Err(WriteError::Io(io::Error::other(format!("the folder {rel} keeps changing"))))
    }

    /// Where a symbolic link to a folder leads, if that is a folder inside the vault.
    fn follow(&self, link: &Path, rel: &str) -> Result<PathBuf, WriteError> {
        let real = fs::canonicalize(link)
            .map_err(|_| WriteError::Outside(format!("the folder {rel} is a symbolic link that leads nowhere")))?;
        self.ensure_inside(&real, rel)?;
        if !real.is_dir() {
            return Err(WriteError::NotAFolder(rel.to_string()));
        }
        Ok(real)
    }

    fn ensure_inside(&self, real: &Path, rel: &str) -> Result<(), WriteError> {
        if real.starts_with(&self.canonical_root) {
            Ok(())
        } else {
            let what = if rel.is_empty() { "the vault folder".to_string() } else { format!("the folder {rel}") };
            Err(WriteError::Outside(format!("{what} leads outside the vault (to {})", real.display())))
        }
    }
}

/// The segments of a vault-relative path; anything that could climb or jump is refused.
fn split_relative(rel: &str) -> Result<Vec<&str>, WriteError> {
    if rel.starts_with('/') || rel.starts_with('\\') || Path::new(rel).is_absolute() || Path::new(rel).has_root() {
        return Err(WriteError::Outside(format!("{rel:?} is an absolute path")));
    }
    let mut out = Vec::new();
    for seg in rel.split('/') {
        match seg {
            "" => return Err(WriteError::BadPath(format!("{rel:?} has an empty folder name"))),
            "." | ".." => return Err(WriteError::Outside(format!("{rel:?} climbs with {seg:?}"))),
            _ => {}
        }
        if seg.contains('\\') || seg.contains('\0') {
            return Err(WriteError::BadPath(format!("{rel:?} holds a backslash or NUL")));
        }
        let mut parts = Path::new(seg).components();
        match (parts.next(), parts.next()) {
            (Some(std::path::Component::Normal(_)), None) => out.push(seg),
            _ => return Err(WriteError::Outside(format!("{rel:?} is not a plain vault path"))),
        }
    }
    Ok(out)
}

/// A hidden (dot-named, so neither Obsidian nor wikilint sees it) temporary file, removed
/// when dropped, and by the signal handler while it exists.
struct TempFile {
    path: PathBuf,
    file: Option<File>,
    _in_flight: InFlight,
}

impl TempFile {
    fn create(dir: &Path) -> io::Result<TempFile> {
        let pid = std::process::id();
        loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".wikilint-{pid}-{n}.tmp"));
            // Registered before it exists, so a signal at any moment finds it.
            let registered = in_flight(&path);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(TempFile { path, file: Some(file), _in_flight: registered }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until dropped")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file.take();
        let _ = fs::remove_file(&self.path);
    }
}

impl Drop for VaultWriter {
    fn drop(&mut self) {
        let session = self.session.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(record) = session {
            record.close(&self.canonical_root);
        }
    }
}

fn write_exclusive(target: &Path, content: &[u8]) -> Result<(), WriteError> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(target) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
        Err(e) => return Err(e.into()),
    };
    let written = file.write_all(content).and_then(|_| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = fs::remove_file(target);
        return Err(e.into());
    }
    Ok(())
}

fn not_found_as_missing(e: io::Error) -> WriteError {
    if e.kind() == io::ErrorKind::NotFound { WriteError::Missing } else { WriteError::Io(e) }
}

/// Whether the folder lists `path`'s name exactly as written.
fn listed(path: &Path) -> bool {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return false };
    fs::read_dir(dir).is_ok_and(|mut entries| entries.any(|e| e.is_ok_and(|e| e.file_name() == name)))
}

fn both_listed(a: &Path, b: &Path) -> bool {
    listed(a) && listed(b)
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Lets the crash test stop the process after the temporary file is complete and before
/// it is renamed, the one moment a crash could matter.
fn crash_point() {
    if std::env::var_os("WIKILINT_CRASH_BEFORE_RENAME").is_some() {
        std::process::abort();
    }
}

/// Gives the new copy of a file the owner and group of the file it replaces (`meta`), when
/// they differ from the writer's: root rewriting another user's vault must not leave notes
/// their owner cannot save. A writer that may not give files away (not root) keeps at least
/// the group where it may (it belongs to it); the owner then becomes the writer, which no
/// replace-by-rename can avoid.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    let uid = (now.uid() != meta.uid()).then_some(meta.uid());
    let gid = (now.gid() != meta.gid()).then_some(meta.gid());
    match std::os::unix::fs::fchown(file, uid, gid) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && uid.is_some() && gid.is_some() => {
            let _ = std::os::unix::fs::fchown(file, None, gid);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Whether a file or folder is marked read-only: no write permission bit for anyone (what
/// `chmod 444` or `chmod -R a-w` leaves). The bits, not whether this process may write: root
/// may write anyway, and a rename replaces a read-only file whatever its bits.
pub fn is_read_only(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o222 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

/// Makes the new name durable; best effort (not every platform can open a folder).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> (tempfile::TempDir, VaultWriter) {
        let dir = tempfile::tempdir().unwrap();
        let w = VaultWriter::new(dir.path()).unwrap();
        (dir, w)
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                out.push(name);
            }
        }
        out
    }

    #[test]
    fn creates_with_folders_and_no_temp_left() {
        let (dir, w) = vault();
        let made = w.create_new("People/Bolsheviks/Lenin.md", b"# Lenin\n").unwrap();
        assert_eq!(made.folders, ["People", "People/Bolsheviks"]);
        assert_eq!(fs::read(dir.path().join("People/Bolsheviks/Lenin.md")).unwrap(), b"# Lenin\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn never_replaces() {
        let (dir, w) = vault();
        fs::write(dir.path().join("Lenin.md"), "mine").unwrap();
        assert!(matches!(w.create_new("Lenin.md", b"stub"), Err(WriteError::Exists)));
        assert_eq!(fs::read_to_string(dir.path().join("Lenin.md")).unwrap(), "mine");
        fs::create_dir(dir.path().join("Folder.md")).unwrap();
        assert!(matches!(w.create_new("Folder.md", b"stub"), Err(WriteError::Exists)));
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn never_follows_a_symlink_at_the_name() {
        let (dir, w) = vault();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::os::unix::fs::symlink(&victim, dir.path().join("Dangling.md")).unwrap();
        assert!(matches!(w.create_new("Dangling.md", b"stub"), Err(WriteError::Exists)));
        assert!(!victim.exists());
    }

    #[test]
    fn refuses_paths_that_climb_or_jump() {
        let (_dir, w) = vault();
        for bad in ["../x.md", "a/../../x.md", "/etc/x.md", "./x.md", "a//x.md", "", "a\\..\\x.md"] {
            assert!(w.create_new(bad, b"x").is_err(), "{bad:?} was accepted");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlinked_folder_leading_outside() {
        let (dir, w) = vault();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("Out")).unwrap();
        let err = w.create_new("Out/Lenin.md", b"x").unwrap_err();
        assert!(matches!(err, WriteError::Outside(_)), "{err}");
        assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
        // A symlinked folder that stays inside is fine.
        fs::create_dir(dir.path().join("Real")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("Real"), dir.path().join("Alias")).unwrap();
        w.create_new("Alias/Lenin.md", b"x").unwrap();
        assert!(dir.path().join("Real/Lenin.md").exists());
    }

    #[test]
    fn a_failed_write_leaves_no_folder_it_made() {
        let (dir, w) = vault();
        // Past PATH_MAX (4096 bytes on Linux): the folders are made, then the file fails.
        let deep = vec!["x".repeat(250); 20].join("/");
        let rel = format!("{deep}/Lenin.md");
        assert!(matches!(w.create_new(&rel, b"x"), Err(WriteError::Io(_))));
        assert!(fs::read_dir(dir.path()).unwrap().next().is_none(), "folders left behind");
    }

    #[cfg(unix)]
    #[test]
    fn check_reads_what_create_would_refuse() {
        let (dir, w) = vault();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("Out")).unwrap();
        fs::write(dir.path().join("File"), "x").unwrap();
        assert!(matches!(w.check("Out/deeper/Lenin.md"), Err(WriteError::Outside(_))));
        assert!(matches!(w.check("File/Lenin.md"), Err(WriteError::NotAFolder(_))));
        assert!(matches!(w.check("../Lenin.md"), Err(WriteError::Outside(_))));
        w.check("New/Folder/Lenin.md").unwrap();
        assert!(!dir.path().join("New").exists());
    }

    #[test]
    fn replace_keeps_permissions_and_refuses_a_changed_file() {
        let (dir, w) = vault();
        let p = dir.path().join("Note.md");
        fs::write(&p, "old\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        w.replace("Note.md", b"old\r\n", b"new\r\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
        }
        assert!(matches!(w.replace("Note.md", b"old\r\n", b"newer"), Err(WriteError::Changed)));
        assert_eq!(fs::read(&p).unwrap(), b"new\r\n");
        assert!(matches!(w.replace("Gone.md", b"", b"x"), Err(WriteError::Missing)));
        assert!(w.replace("../Note.md", b"", b"x").is_err());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn move_never_replaces_and_makes_folders() {
        let (dir, w) = vault();
        fs::write(dir.path().join("A.md"), "a").unwrap();
        fs::write(dir.path().join("B.md"), "b").unwrap();
        assert!(matches!(w.move_to("A.md", "B.md"), Err(WriteError::Exists)));
        assert_eq!(fs::read_to_string(dir.path().join("B.md")).unwrap(), "b");
        w.move_to("A.md", "New/Deep/A2.md").unwrap();
        assert!(!dir.path().join("A.md").exists());
        assert_eq!(fs::read_to_string(dir.path().join("New/Deep/A2.md")).unwrap(), "a");
        fs::create_dir(dir.path().join("Folder")).unwrap();
        fs::write(dir.path().join("Folder/x.md"), "x").unwrap();
        assert!(w.move_to("Folder", "Folder/Inner").is_err());
        assert!(matches!(w.move_to("Folder", "New"), Err(WriteError::Exists)));
        w.move_to("Folder", "Moved").unwrap();
        assert!(dir.path().join("Moved/x.md").exists());
        assert!(w.move_to("Moved", "../Out").is_err());
        assert!(matches!(w.move_to("Nothing.md", "Else.md"), Err(WriteError::Missing)));
    }

    #[test]
    fn finds_names_stored_in_another_normal_form() {
        let (dir, w) = vault();
        fs::create_dir(dir.path().join("Re\u{301}sume\u{301}")).unwrap();
        fs::write(dir.path().join("Re\u{301}sume\u{301}/Cafe\u{301}.md"), "old").unwrap();
        w.replace("Résumé/Café.md", b"old", b"new").unwrap();
        assert_eq!(fs::read(dir.path().join("Re\u{301}sume\u{301}/Cafe\u{301}.md")).unwrap(), b"new");
        assert!(matches!(w.create_new("Résumé/Café.md", b"x"), Err(WriteError::Exists)));
        let made = w.create_new("Résumé/Thé.md", b"x").unwrap();
        assert!(made.folders.is_empty(), "a second Résumé folder was made");
        w.move_to("Résumé/Café.md", "Café.md").unwrap();
        drop(w); // and with it, its record of where it made temporary files
        let mut names: Vec<_> = walkdir::WalkDir::new(dir.path()).min_depth(1).into_iter().flatten().collect();
        names.sort_by(|a, b| a.path().cmp(b.path()));
        let names: Vec<_> = names.iter().map(|e| e.path().strip_prefix(dir.path()).unwrap().to_path_buf()).collect();
        assert_eq!(names, ["Café.md", "Re\u{301}sume\u{301}", "Re\u{301}sume\u{301}/Thé.md"].map(PathBuf::from));
    }

    #[test]
    fn temporary_files_of_a_live_writer_are_not_stale() {
        let (dir, w) = vault();
        fs::create_dir(dir.path().join("Notes")).unwrap();
        fs::write(dir.path().join("Notes/A.md"), "old").unwrap();
        w.replace("Notes/A.md", b"old", b"new").unwrap();
        // One of this writer's temporary files, as if in flight.
        let pid = std::process::id();
        let in_flight = dir.path().join(format!("Notes/.wikilint-{pid}-999999.tmp"));
        fs::write(&in_flight, "partial").unwrap();
        assert!(remove_stale_temps(dir.path()).is_empty());
        assert!(in_flight.exists(), "a live writer's file was removed");
        fs::remove_file(&in_flight).unwrap();
        drop(w);
        assert!(!dir.path().join(state::FOLDER).exists(), "the record outlived its writer");
    }

    #[test]
    fn refuses_a_file_as_folder() {
        let (dir, w) = vault();
        fs::write(dir.path().join("People"), "x").unwrap();
        assert!(matches!(w.create_new("People/Lenin.md", b"x"), Err(WriteError::NotAFolder(_))));
    }
}
