//! Which files make up the vault: every file not under a dot-named folder and not
//! dot-named itself (spec §3.3). Attachments are link targets too.

use crate::text::{find_byte, nfc, rfind_byte};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Vault-relative, `/`-separated, NFC.
    pub path: String,
    pub abs: PathBuf,
}

/// A path the walk could not list (permission denied, symlink loop, vanished).
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by path.
    pub files: Vec<FoundFile>,
    pub problems: Vec<WalkProblem>,
}

/// What the walk says of a file whose name is not valid UTF-8 (it is listed under the name with
/// U+FFFD, as `to_string_lossy` gives it).
pub const NOT_UTF8: &str = "file name is not valid UTF-8; Obsidian cannot link to it reliably";

pub fn discover(root: &Path) -> Discovery {
    let mut found = Discovery::default();
    walk(root, |file| found.files.push(file), &mut found.problems);
    found.files.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Walks the vault, handing each file to `found` as soon as it is listed, in walk order (not
/// sorted), so that reading can start before the walk ends.
pub fn walk(root: &Path, mut found: impl FnMut(FoundFile), problems: &mut Vec<WalkProblem>) {
    let walk = WalkDir::new(root).follow_links(true).into_iter().filter_entry(|e| e.depth() == 0 || !dot_named(e));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let (path, utf8) = relative(root, e.path());
                if !utf8 {
                    problems.push(WalkProblem { path: path.clone(), message: NOT_UTF8.into() });
                }
                found(FoundFile { path, abs: e.into_path() });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(|p| relative(root, p).0).unwrap_or_default();
                let message = if let Some(ancestor) = err.loop_ancestor() {
                    let target = relative(root, ancestor).0;
                    let target = if target.is_empty() { "the vault folder itself".to_string() } else { target };
                    format!("symbolic link loop: leads back to {target}; not followed")
                } else if let Some(io) = err.io_error() {
                    match io.kind() {
                        std::io::ErrorKind::NotFound => "vanished while the vault was being read".to_string(),
                        _ => format!("cannot be read: {io}"),
                    }
                } else {
                    err.to_string()
                };
                problems.push(WalkProblem { path, message });
            }
        }
    }
}

/// Whether an entry below the root is dot-named. Its path is its folder's joined with the name
/// the folder listed, so the name is what follows the last `/`: found with one byte search,
/// where `file_name` walks the path's components from the end.
fn dot_named(e: &walkdir::DirEntry) -> bool {
    if std::path::MAIN_SEPARATOR == '/' {
        let path = e.path().as_os_str().as_encoded_bytes();
        let name = rfind_byte(b'/', path).map_or(path, |i| &path[i + 1..]);
        if !name.is_empty() {
            return name[0] == b'.';
        }
    }
    e.file_name().as_encoded_bytes().starts_with(b".")
}

/// The vault-relative path of `path` (NFC, `/`-separated), and whether it was valid UTF-8.
fn relative(root: &Path, path: &Path) -> (String, bool) {
    if let Some(rel) = utf8_under(root, path) {
        return (nfc(rel), true);
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    match rel.to_str() {
        Some(s) if std::path::MAIN_SEPARATOR == '/' => (nfc(s), true),
        utf8 => {
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            (nfc(&parts.join("/")), utf8.is_some())
        }
    }
}

/// The part of `path` under `root` as text, found by comparing bytes: the walk's paths are
/// `root` joined with names, and `Path::strip_prefix` (component by component) cost more than
/// the rest of the walk. `None` where that shortcut does not apply.
fn utf8_under<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    if std::path::MAIN_SEPARATOR != '/' {
        return None;
    }
    let rest = path.as_os_str().as_encoded_bytes().strip_prefix(root.as_os_str().as_encoded_bytes())?;
    let rest = if root.as_os_str().as_encoded_bytes().ends_with(b"/") { rest } else { rest.strip_prefix(b"/")? };
    // No `.`, `..` or empty segment (but a last one): then the bytes are the path as written.
    // Walked paths never have one; the check jumps from `/` to `/`, for it runs once per file.
    let mut start = 0;
    while let Some(i) = find_byte(b'/', &rest[start..]) {
        if matches!(&rest[start..start + i], b"" | b"." | b"..") {
            return None;
        }
        start += i + 1;
    }
    if matches!(&rest[start..], b"." | b"..") {
        return None;
    }
    std::str::from_utf8(rest).ok()
}

/// The real path of the vault-relative `rel` (NFC, `/`-separated) under `root`: each name as
/// written if it exists, else the entry of its folder whose name has the same NFC form.
/// Where nothing matches, the rest is joined as written (the path of something new).
pub fn on_disk(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').filter(|s| !s.is_empty()).fold(root.to_path_buf(), |dir, seg| entry_in(&dir, seg))
}

/// `dir/name`, or, when no entry has exactly that name, the entry whose name is the same in
/// NFC (one stored as NFD on macOS), or whose name is not UTF-8 and reads as `name` with
/// U+FFFD (as the walk lists it); the first in sorted order if several are.
pub(crate) fn entry_in(dir: &Path, name: &str) -> PathBuf {
    let exact = dir.join(name);
    if name.is_ascii() || std::fs::symlink_metadata(&exact).is_ok() {
        return exact;
    }
    let wanted = nfc(name);
    let Ok(entries) = std::fs::read_dir(dir) else { return exact };
    let mut same: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            n.to_str() != Some(name) && nfc(&n.to_string_lossy()) == wanted
        })
        .map(|e| e.path())
        .collect();
    same.sort();
    same.into_iter().next().unwrap_or(exact)
}

/// The file system's root, the home folder, or a folder above it.
/// Walking it by accident would read everything below: refused as a vault without a marker.
pub fn is_too_wide(root: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if root.parent().is_none() {
        return true;
    }
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from).and_then(|h| std::fs::canonicalize(h).ok());
    home.is_some_and(|h| h.starts_with(&root))
}
