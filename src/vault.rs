//! A vault in memory: its files and, for each note, what it says. Reading and parsing
//! happen once, in parallel.

use crate::discover::WalkProblem;
use crate::note::{Location, Note, Problem, ProblemKind};
use crate::parse::parse_note;
use crate::progress::Progress;
use crate::text::LineIndex;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file's place in `Vault::files`: stable for the vault's life (the watcher keeps the ids of
/// deleted files), and the index's key for everything it knows of the file.
pub type FileId = usize;

#[derive(Debug)]
pub struct VaultFile {
    /// Vault-relative, `/`-separated, NFC.
    pub path: String,
    pub abs: PathBuf,
    pub is_note: bool,
    /// Deleted since the vault was loaded (the watcher keeps ids stable); never set by `load`.
    pub removed: bool,
}

#[derive(Debug)]
pub struct Vault {
    pub root: PathBuf,
    pub files: Vec<VaultFile>,
    /// Aligned with `files`; `None` for attachments other than canvases. Boxed: a note is a few
    /// hundred bytes, moved several times between the pool and its place here.
    notes: Vec<Option<Box<Note>>>,
    pub walk_problems: Vec<WalkProblem>,
    /// Paths deleted since loading → their ids: a file that comes back takes its old slot, so
    /// an editor that keeps writing and deleting the same scratch file does not grow `files`.
    gone: HashMap<String, FileId>,
}

/// Markdown notes are `.md` files; everything else is an attachment.
pub fn is_note_path(path: &str) -> bool {
    path.ends_with(".md")
}

/// Canvas files are attachments that hold links too.
pub fn is_canvas_path(path: &str) -> bool {
    path.ends_with(".canvas")
}

/// The file types Obsidian opens itself, in its own viewers: images, audio, video and PDF.
/// Canvases and `.base` files are left out: they are documents the owner opens, like notes.
pub const MEDIA_TYPES: &[&str] = &[
    "avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp", // images
    "flac", "m4a", "mp3", "ogg", "wav", "webm", "3gp", // audio (`webm` is video too)
    "mkv", "mov", "mp4", "ogv", // video
    "pdf",
];

/// Whether a link target names an attachment rather than a note: its extension is one of the
/// file types Obsidian opens, or a common document type. `[[2024.01.15]]` is a note.
pub fn is_attachment_name(target: &str) -> bool {
    const OTHER_TYPES: &[&str] = &[
        "base",
        "canvas",
        "txt",
        "csv",
        "json",
        "zip",
        "docx",
        "xlsx",
        "pptx",
        "doc",
        "xls",
        "ppt",
        "epub",
        "html",
        "htm",
        "excalidraw",
        "tif",
        "tiff",
        "heic",
        "ico",
    ];
    extension(target).is_some_and(|ext| MEDIA_TYPES.contains(&ext.as_str()) || OTHER_TYPES.contains(&ext.as_str()))
}

/// Whether a file is an image, audio, video or PDF that Obsidian shows itself (`MEDIA_TYPES`):
/// the attachments `wikilint orphans --attachments` considers.
pub fn is_media_name(path: &str) -> bool {
    extension(path).is_some_and(|ext| MEDIA_TYPES.contains(&ext.as_str()))
}

/// The lower-cased extension of the last path component, if it has one.
fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map(|(_, ext)| ext.to_lowercase())
}

impl Vault {
    /// Reads and parses every file under `root`, silently.
    pub fn load(root: &Path) -> Vault {
        Self::load_with_progress(root, true)
    }

    /// [`Vault::load`], with a progress bar on stderr while reading and parsing when stderr is
    /// a terminal, the vault is large and `quiet` is false (`progress::enabled`).
    pub fn load_with_progress(root: &Path, quiet: bool) -> Vault {
        Self::load_overlapped(root, quiet, |_| ()).0
    }

    /// [`Vault::load_with_progress`], running `with_paths` over the vault-relative paths in id
    /// order as soon as the walk has listed them all, on this thread, while the pool is still
    /// reading and parsing: what needs only the list of files (the name index) is then ready
    /// when the last note is, instead of being built after it.
    pub fn load_overlapped<T>(root: &Path, quiet: bool, with_paths: impl FnOnce(&[String]) -> T) -> (Vault, T) {
        let progress = Progress::growing("Reading", quiet);
        let mut problems = Vec::new();
        // The walk lists files on this thread while the pool reads and parses those already
        // listed: on a large vault the walk is a tenth of the work, and it no longer waits.
        // Each file goes out with its place in the walk and comes back with its note.
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, PathBuf, Kind)>();
        let (read, paths, rank, extra) = std::thread::scope(|scope| {
            let reader = scope.spawn(|| {
                receiver
                    .into_iter()
                    .par_bridge()
                    .map(|(seq, abs, kind)| {
                        let note = read_file(&abs, kind);
                        progress.inc();
                        (seq, abs, note)
                    })
                    .collect::<Vec<_>>()
            });
            let mut listed: Vec<String> = Vec::new();
            crate::discover::walk(
                root,
                |file| {
                    progress.found();
                    // The receiver lives until every file is read; a send cannot fail.
                    let _ = sender.send((listed.len(), file.abs, Kind::of(&file.path)));
                    listed.push(file.path);
                },
                &mut problems,
            );
            drop(sender);
            // Ids follow path order.
            let mut order: Vec<usize> = (0..listed.len()).collect();
            order.sort_unstable_by(|&a, &b| listed[a].cmp(&listed[b]));
            let mut rank = vec![0; listed.len()];
            for (id, &seq) in order.iter().enumerate() {
                rank[seq] = id;
            }
            let paths: Vec<String> = order.iter().map(|&seq| std::mem::take(&mut listed[seq])).collect();
            let extra = with_paths(&paths);
            let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (read, paths, rank, extra)
        });
        progress.finish();
        let mut abs: Vec<PathBuf> = vec![PathBuf::new(); paths.len()];
        let mut notes: Vec<Option<Box<Note>>> = Vec::with_capacity(paths.len());
        notes.resize_with(paths.len(), || None);
        for (seq, path, note) in read {
            abs[rank[seq]] = path;
            notes[rank[seq]] = note;
        }
        let files = paths
            .into_iter()
            .zip(abs)
            .map(|(path, abs)| VaultFile { is_note: is_note_path(&path), path, abs, removed: false })
            .collect();
        (Vault { root: root.to_path_buf(), files, notes, walk_problems: problems, gone: HashMap::new() }, extra)
    }

    /// Builds a vault from in-memory notes (tests, and later the watcher).
    pub fn from_texts(root: &Path, texts: &[(&str, &str)]) -> Vault {
        let mut texts: Vec<_> = texts.to_vec();
        texts.sort();
        let files = texts
            .iter()
            .map(|(p, _)| VaultFile {
                path: p.to_string(),
                abs: root.join(p),
                is_note: is_note_path(p),
                removed: false,
            })
            .collect();
        let notes =
            texts.iter().map(|(p, t)| (Kind::of(p) != Kind::Attachment).then(|| Box::new(parse_text(t, p)))).collect();
        Vault { root: root.to_path_buf(), files, notes, walk_problems: Vec::new(), gone: HashMap::new() }
    }

    /// Adds a file found after loading (the watcher); returns its id: the one it had if it
    /// was deleted earlier, else the next free one (`files.len()` before the call). Not read yet.
    pub fn add_file(&mut self, path: String) -> FileId {
        if let Some(id) = self.gone.remove(&path) {
            self.files[id].removed = false;
            return id;
        }
        // The event names the file as stored, maybe NFD; `path` is NFC.
        let abs = crate::discover::on_disk(&self.root, &path);
        self.files.push(VaultFile { is_note: is_note_path(&path), path, abs, removed: false });
        self.notes.push(None);
        self.files.len() - 1
    }

    /// Reads and parses a file again (or for the first time); attachments hold nothing.
    pub fn reread(&mut self, id: FileId) {
        let f = &self.files[id];
        self.notes[id] = read_file(&f.abs, Kind::of(&f.path));
    }

    /// Parses `text` as the content of a file (an editor's unsaved buffer).
    pub fn set_text(&mut self, id: FileId, text: &str) {
        let path = &self.files[id].path;
        self.notes[id] = (Kind::of(path) != Kind::Attachment).then(|| Box::new(parse_text(text, path)));
    }

    /// Marks a file deleted: it keeps its id, so nothing else shifts.
    pub fn remove_file(&mut self, id: FileId) {
        self.files[id].removed = true;
        self.notes[id] = None;
        self.gone.insert(self.files[id].path.clone(), id);
    }

    /// Ids of the files that exist.
    pub fn live_ids(&self) -> impl Iterator<Item = FileId> + '_ {
        self.files.iter().enumerate().filter(|(_, f)| !f.removed).map(|(i, _)| i)
    }

    pub fn note(&self, id: FileId) -> Option<&Note> {
        self.notes.get(id)?.as_deref()
    }

    pub fn notes(&self) -> impl Iterator<Item = (FileId, &Note)> {
        self.notes.iter().enumerate().filter_map(|(i, n)| Some((i, n.as_deref()?)))
    }
}

/// What the load does with a file: parse it as a note or a canvas, or only list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Note,
    Canvas,
    Attachment,
}

impl Kind {
    fn of(vault_path: &str) -> Kind {
        if is_note_path(vault_path) {
            Kind::Note
        } else if is_canvas_path(vault_path) {
            Kind::Canvas
        } else {
            Kind::Attachment
        }
    }
}

/// Reads and parses one note or canvas (`None` for an attachment, which holds no links); a
/// problem reading it becomes a fact on an empty note, so the check goes on and the rules
/// report it.
fn read_file(path: &Path, kind: Kind) -> Option<Box<Note>> {
    if kind == Kind::Attachment {
        return None;
    }
    let mut buffer = READ_BUFFER.take();
    let bytes = match read_whole(path, &mut buffer) {
        Ok(len) => &buffer[..len],
        Err(e) => {
            let message = match e.kind() {
                std::io::ErrorKind::NotFound => "vanished while the vault was being read".to_string(),
                _ => format!("cannot be read: {e}"),
            };
            READ_BUFFER.set(buffer);
            return Some(Box::new(problem_note(ProblemKind::Unreadable, message, Location::default())));
        }
    };
    let note = if kind == Kind::Canvas {
        match std::str::from_utf8(bytes) {
            Ok(text) => crate::parse::canvas::parse_canvas(text),
            Err(e) => problem_note(
                ProblemKind::InvalidCanvas,
                format!("canvas is not valid UTF-8 (byte offset {})", e.valid_up_to()),
                Location::default(),
            ),
        }
    } else {
        parse_bytes(bytes)
    };
    if buffer.len() <= MAX_KEPT_BUFFER {
        READ_BUFFER.set(buffer);
    }
    Some(Box::new(note))
}

thread_local! {
    /// Each pool thread reads every file into the same buffer: notes keep no text, so a file's
    /// bytes are needed only while it is parsed.
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A buffer grown by one huge file is not kept for the next.
const MAX_KEPT_BUFFER: usize = 4 << 20;

/// Reads the whole file into `buffer` (kept zero-filled to its length, so no byte is ever
/// uninitialised) and returns how many bytes it holds. Unlike `fs::read`, it asks for no
/// metadata first: one system call less per file, and no new allocation per file.
fn read_whole(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize((2 * buffer.len()).max(64 << 10), 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn parse_text(text: &str, vault_path: &str) -> Note {
    if is_canvas_path(vault_path) { crate::parse::canvas::parse_canvas(text) } else { parse_note(text) }
}

/// Where a file's bytes show it is not text: the offset of its first NUL byte when it holds
/// NULs and is not valid UTF-8 (an image or a PDF under a `.md` name), or when NULs are at
/// least a quarter of its first 8 KiB (UTF-16 text without a byte-order mark, a file of zeroes
/// left by a failed sync). A valid UTF-8 note with a few NULs (a PDF pasted into a code block)
/// is text: Obsidian opens and indexes it.
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    let first = memchr::memchr(0, head)?;
    let mostly_nul = 4 * memchr::memchr_iter(0, head).count() >= head.len();
    (mostly_nul || std::str::from_utf8(bytes).is_err()).then_some(first)
}

pub fn parse_bytes(bytes: &[u8]) -> Note {
    if let Some(at) = binary_offset(bytes) {
        let message = format!("looks like a binary file (NUL byte at offset {at}), not Markdown; not checked");
        return problem_note(ProblemKind::Binary, message, Location::default());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_note(text),
        Err(e) => {
            // Obsidian shows such a note with replacement characters; we check that text too.
            let text = String::from_utf8_lossy(bytes);
            let mut note = parse_note(&text);
            let at = e.valid_up_to();
            let loc = LineIndex::new(&text).loc(at, at + 1);
            let message = format!("not valid UTF-8: bad byte sequence at byte offset {at}");
            note.problems.push(Problem { kind: ProblemKind::InvalidUtf8, message, loc });
            note
        }
    }
}

fn problem_note(kind: ProblemKind, message: String, loc: Location) -> Note {
    let mut loc = loc;
    loc.start = crate::note::Pos { line: 1, col: 1 };
    loc.end = loc.start;
    Note { problems: vec![Problem { kind, message, loc }], ..Note::default() }
}

#[cfg(test)]
mod tests {
    use super::binary_offset;

    #[test]
    fn binary_means_not_text() {
        // Text with a few NULs: a note.
        assert_eq!(binary_offset(b"# Note\n\n```\n\x00\x00 pasted\n```\n[[Link]]\n"), None);
        assert_eq!(binary_offset(b"plain text"), None);
        // NULs and bytes that are not UTF-8: an image under a `.md` name.
        assert_eq!(binary_offset(b"\x89PNG\r\n\x1a\n\x00\x00"), Some(8));
        // Mostly NULs, valid UTF-8 or not: UTF-16 text, a file of zeroes.
        assert_eq!(binary_offset(b"a\x00b\x00c\x00"), Some(1));
        assert_eq!(binary_offset(&[0; 100]), Some(0));
        // Invalid UTF-8 without a NUL is a note with bad bytes (invalid-utf8), not binary.
        assert_eq!(binary_offset(b"caf\xe9"), None);
    }
}
