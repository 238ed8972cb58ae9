//! Removing a file from the vault: into the system trash, as the freedesktop.org Trash
//! specification (1.0) describes it, or for good. (Obsidian's own `.trash/` folder is inside
//! the vault: [`VaultWriter::move_to`] moves files there.)
//!
//! A trash is a folder with `files/` and `info/`. A file goes in under a name no other file of
//! that trash has: its `info/NAME.trashinfo` (where it was, when it went) is created first,
//! exclusively, which claims the name; then the file is moved to `files/NAME`, by a hard link
//! and an unlink as every move here, never over anything. File managers (Restore) and
//! `gio trash --restore` or `trash-restore` put it back from there.
//!
//! Which trash: the home trash (`$XDG_DATA_HOME/Trash`, by default `~/.local/share/Trash`)
//! when it is on the file's file system; otherwise, on Linux, the trash at the top of the
//! file's file system (`$topdir/.Trash/$uid` when an administrator made `.Trash` for all,
//! else `$topdir/.Trash-$uid`), as the specification says, since a file is never copied
//! across file systems. Elsewhere (macOS, Windows) there is none that wikilint can use.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{VaultWriter, WriteError, interrupt, not_found_as_missing, sync_folder};

/// A trash folder of the freedesktop.org specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemTrash {
    dir: PathBuf,
    /// For a trash at the top of a file system: the folder its `Path=` entries are relative to.
    top: Option<PathBuf>,
}

/// The `n`-th name a file called `name` may take where `name` is taken: `name` itself, then
/// `photo 1.png`, `photo 2.png`, … (a number before the extension, as Obsidian numbers a
/// copy).
pub fn numbered_name(name: &str, n: usize) -> String {
    if n == 0 {
        return name.to_string();
    }
    match name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()) {
        Some((stem, ext)) => format!("{stem} {n}.{ext}"),
        None => format!("{name} {n}"),
    }
}

impl SystemTrash {
    /// The trash a file at `path` would go to (made when the first file goes); `Err` says why
    /// there is none.
    pub fn for_file(path: &Path) -> Result<SystemTrash, String> {
        platform::trash_for(path)
    }

    /// The trash folder (holding `files/` and `info/`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What `info/NAME.trashinfo` says of a file that was at `original` (absolute, canonical).
    fn info(&self, original: &Path) -> String {
        let path = match &self.top {
            Some(top) => original.strip_prefix(top).unwrap_or(original),
            None => original,
        };
        let date = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S");
        format!("[Trash Info]\nPath={}\nDeletionDate={date}\n", encode_path(path))
    }
}

/// A path as the specification writes it: URL-escaped bytes, `/` kept.
fn encode_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl VaultWriter {
    /// Moves the vault file `rel` into `trash` under its own name, or a numbered one when a
    /// file of the trash has that name ([`numbered_name`]); returns where it is now. Never
    /// replaces anything; on failure the file is where it was and no record is left.
    pub fn trash_system(&self, rel: &str, trash: &SystemTrash) -> Result<PathBuf, WriteError> {
        let source = self.existing(rel)?;
        let meta = fs::symlink_metadata(&source).map_err(not_found_as_missing)?;
        if !meta.is_file() {
            return Err(WriteError::BadPath(format!("{rel} is not a regular file")));
        }
        let original = fs::canonicalize(&source).map_err(not_found_as_missing)?;
        let name = source.file_name().and_then(|n| n.to_str()).ok_or_else(|| WriteError::BadPath(rel.into()))?;
        platform::make_trash(&trash.dir)?;
        let (files, infos) = (trash.dir.join("files"), trash.dir.join("info"));
        for n in 0..100_000 {
            let taken = numbered_name(name, n);
            let info = infos.join(format!("{taken}.trashinfo"));
            let target = files.join(&taken);
            let mut record = match create_private(&info) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e.into()),
            };
            // A file left in files/ without its record is still someone's.
            if fs::symlink_metadata(&target).is_ok() {
                drop(record);
                let _ = fs::remove_file(&info);
                continue;
            }
            let written = record.write_all(trash.info(&original).as_bytes()).and_then(|_| record.sync_all());
            drop(record);
            if let Err(e) = written {
                let _ = fs::remove_file(&info);
                return Err(e.into());
            }
            sync_folder(&infos);
            interrupt::step();
            match move_file(&source, &target) {
                Ok(()) => {}
                Err(e) => {
                    let _ = fs::remove_file(&info);
                    if e.kind() == io::ErrorKind::AlreadyExists {
                        continue;
                    }
                    return Err(e.into());
                }
            }
            sync_folder(&files);
            if let Some(parent) = source.parent() {
                sync_folder(parent);
            }
            interrupt::step();
            return Ok(target);
        }
        Err(WriteError::Exists)
    }

    /// Deletes the vault file `rel` for good.
    pub fn delete_file(&self, rel: &str) -> Result<(), WriteError> {
        let path = self.existing(rel)?;
        let meta = fs::symlink_metadata(&path).map_err(not_found_as_missing)?;
        if !meta.is_file() {
            return Err(WriteError::BadPath(format!("{rel} is not a regular file")));
        }
        fs::remove_file(&path).map_err(not_found_as_missing)?;
        if let Some(parent) = path.parent() {
            sync_folder(parent);
        }
        interrupt::step();
        Ok(())
    }
}

/// Moves a file to a new name that must be free: a hard link, then the old name unlinked, so
/// an existing file is never replaced (`AlreadyExists`). Where hard links are not to be had,
/// a rename after checking the name is free.
fn move_file(source: &Path, target: &Path) -> io::Result<()> {
    match fs::hard_link(source, target) {
        Ok(()) => {
            interrupt::step();
            if let Err(e) = fs::remove_file(source) {
                let _ = fs::remove_file(target);
                return Err(e);
            }
            Ok(())
        }
        Err(e) if matches!(e.kind(), io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied) => {
            if fs::symlink_metadata(target).is_ok() {
                return Err(io::ErrorKind::AlreadyExists.into());
            }
            fs::rename(source, target)
        }
        Err(e) => Err(e),
    }
}

/// Creates a file readable by its owner only, failing if the name is taken.
fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    use super::SystemTrash;
    use std::fs;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    pub(super) fn trash_for(path: &Path) -> Result<SystemTrash, String> {
        let file = fs::canonicalize(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let device = fs::metadata(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?.dev();
        let home = home_trash();
        if let Some(home) = &home
            && nearest_existing(home).is_some_and(|m| m.dev() == device)
        {
            return Ok(SystemTrash { dir: home.clone(), top: None });
        }
        #[cfg(target_os = "linux")]
        {
            let top = top_of(&file, device);
            // SAFETY: getuid(2) has no preconditions and cannot fail.
            let uid = unsafe { libc::getuid() };
            if let Some(dir) = top_trash(&top, uid) {
                return Ok(SystemTrash { dir, top: Some(top) });
            }
        }
        Err(match home {
            Some(home) => format!(
                "the system trash ({}) is on another file system than the vault, and there is no trash on the \
                 vault's own",
                home.display()
            ),
            None => "there is no system trash: neither XDG_DATA_HOME nor HOME is set".to_string(),
        })
    }

    /// `$XDG_DATA_HOME/Trash`; an XDG_DATA_HOME that is not absolute is ignored, as the base
    /// directory specification says.
    fn home_trash() -> Option<PathBuf> {
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| Some(PathBuf::from(std::env::var_os("HOME")?).join(".local/share")))?;
        Some(data.join("Trash"))
    }

    fn nearest_existing(path: &Path) -> Option<fs::Metadata> {
        path.ancestors().find_map(|a| fs::metadata(a).ok())
    }

    /// The trash's `files/` and `info/` (and the trash itself), made private where missing.
    pub(super) fn make_trash(dir: &Path) -> std::io::Result<()> {
        for sub in ["files", "info"] {
            fs::DirBuilder::new().recursive(true).mode(0o700).create(dir.join(sub))?;
        }
        Ok(())
    }

    /// The top of the file system `file` is on: its highest folder on the same device.
    #[cfg(target_os = "linux")]
    fn top_of(file: &Path, device: u64) -> PathBuf {
        let mut top = file.parent().unwrap_or(file).to_path_buf();
        for folder in file.ancestors().skip(1) {
            match fs::metadata(folder) {
                Ok(m) if m.dev() == device => top = folder.to_path_buf(),
                _ => break,
            }
        }
        top
    }

    /// `$top/.Trash/$uid` when `.Trash` is a real folder with the sticky bit (made for all
    /// users by an administrator), else `$top/.Trash-$uid`; either is made when the first file
    /// goes, and refused if what is there looks wrong (a symbolic link, another owner).
    #[cfg(target_os = "linux")]
    fn top_trash(top: &Path, uid: u32) -> Option<PathBuf> {
        let shared = top.join(".Trash");
        if let Ok(m) = fs::symlink_metadata(&shared)
            && m.is_dir()
            && m.permissions().mode() & 0o1000 != 0
        {
            let mine = shared.join(uid.to_string());
            if own_or_absent(&mine, uid) {
                return Some(mine);
            }
        }
        let own = top.join(format!(".Trash-{uid}"));
        own_or_absent(&own, uid).then_some(own)
    }

    /// Whether `dir` is absent, or a folder of `uid`'s own (not a symbolic link).
    #[cfg(target_os = "linux")]
    fn own_or_absent(dir: &Path, uid: u32) -> bool {
        match fs::symlink_metadata(dir) {
            Ok(m) => m.is_dir() && m.uid() == uid,
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        }
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
mod platform {
    use super::SystemTrash;
    use std::path::Path;

    pub(super) fn trash_for(_: &Path) -> Result<SystemTrash, String> {
        Err("wikilint knows no system trash on this system (only the freedesktop.org one of Linux and BSD)".into())
    }

    pub(super) fn make_trash(_: &Path) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_url_escaped() {
        assert_eq!(encode_path(Path::new("/v/Media/my photo #1.png")), "/v/Media/my%20photo%20%231.png");
        assert_eq!(encode_path(Path::new("/v/Café.png")), "/v/Caf%C3%A9.png");
    }

    #[test]
    fn numbered_names_keep_the_extension() {
        assert_eq!(numbered_name("photo.png", 0), "photo.png");
        assert_eq!(numbered_name("photo.png", 2), "photo 2.png");
        assert_eq!(numbered_name("README", 1), "README 1");
        assert_eq!(numbered_name(".hidden", 1), ".hidden 1");
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn into_a_trash_never_over_a_file_there() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        fs::create_dir_all(vault.join("Media")).unwrap();
        fs::write(vault.join("Media/a b.png"), "new").unwrap();
        let trash = SystemTrash { dir: dir.path().join("Trash"), top: None };
        fs::create_dir_all(trash.dir.join("files")).unwrap();
        fs::create_dir_all(trash.dir.join("info")).unwrap();
        // A file trashed before, and a file left in files/ without its record.
        fs::write(trash.dir.join("files/a b.png"), "old").unwrap();
        fs::write(trash.dir.join("info/a b.png.trashinfo"), "[Trash Info]\n").unwrap();
        fs::write(trash.dir.join("files/a b 1.png"), "stray").unwrap();
        let w = VaultWriter::new(&vault).unwrap();
        let to = w.trash_system("Media/a b.png", &trash).unwrap();
        assert_eq!(to, trash.dir.join("files/a b 2.png"));
        assert_eq!(fs::read_to_string(&to).unwrap(), "new");
        assert_eq!(fs::read_to_string(trash.dir.join("files/a b.png")).unwrap(), "old");
        assert_eq!(fs::read_to_string(trash.dir.join("files/a b 1.png")).unwrap(), "stray");
        assert!(!trash.dir.join("info/a b 1.png.trashinfo").exists(), "the claim on a taken name was undone");
        let info = fs::read_to_string(trash.dir.join("info/a b 2.png.trashinfo")).unwrap();
        let original = fs::canonicalize(&vault).unwrap().join("Media/a b.png");
        assert!(info.starts_with(&format!("[Trash Info]\nPath={}\nDeletionDate=", encode_path(&original))), "{info}");
        assert!(!vault.join("Media/a b.png").exists());
        assert!(matches!(w.trash_system("Media/a b.png", &trash), Err(WriteError::Missing)));
        assert!(w.trash_system("../outside.png", &trash).is_err());
    }
}
