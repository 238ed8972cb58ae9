//! The vault's link graph: names → files, every link → its target, unresolved targets.
//! The one place that knows Obsidian's resolution order (see `resolve.rs`).

pub mod near_miss;
pub mod resolve;
pub mod subpath;

use crate::note::{Link, LinkKind};
use crate::text::{lowercase, nfc, rfind_byte};
use crate::vault::Vault;
use rayon::prelude::*;
use resolve::Resolution;
use rustc_hash::FxHashMap;

pub use crate::vault::FileId;

/// Every file's lower-cased path and a multimap from lower-cased file name (with extension)
/// to files: Obsidian's candidate index.
#[derive(Debug, Default)]
pub struct Names {
    /// Per file, its lower-cased path and its path as written (NFC), in one allocation.
    paths: Vec<FilePath>,
    /// FxHash: a lookup per link, on short keys no adversary chooses.
    by_name: FxHashMap<NameKey, Ids>,
}

/// A file's lower-cased path, then its path as written (NFC; for a deterministic order among
/// equal candidates) unless that is the same text: one allocation per file, not two.
#[derive(Debug, Clone, Default)]
struct FilePath {
    text: Box<str>,
    lower_len: usize,
}

impl FilePath {
    fn new(path: &str) -> Self {
        // ASCII (nearly every path) is NFC already: one scan for both.
        if path.is_ascii() {
            let len = path.len();
            if !path.bytes().any(|b| b.is_ascii_uppercase()) {
                return FilePath { text: path.into(), lower_len: len };
            }
            let mut text = String::with_capacity(2 * len);
            text.push_str(path);
            text.make_ascii_lowercase();
            text.push_str(path);
            return FilePath { text: text.into_boxed_str(), lower_len: len };
        }
        let path = nfc(path);
        let mut text = lowercase(&path);
        let lower_len = text.len();
        if text != path {
            text.push_str(&path);
        }
        FilePath { text: text.into_boxed_str(), lower_len }
    }

    fn lower(&self) -> &str {
        &self.text[..self.lower_len]
    }

    fn written(&self) -> &str {
        if self.lower_len == self.text.len() { &self.text } else { &self.text[self.lower_len..] }
    }
}

/// Bytes of a lower-cased name the table holds itself: nearly every name is shorter.
const INLINE: usize = 38;
/// [`INLINE`] rounded up to whole words, for the word-at-a-time scan in [`NameKey::new`].
const PADDED: usize = INLINE.next_multiple_of(8);

/// A lower-cased file name, and the name as written (what the link-case rule compares a unique
/// name's links with). A short ASCII name lives in the table itself, its capitals as a bit
/// mask: the lookup each link makes then reads one bucket, not a bucket and a string elsewhere.
#[derive(Debug)]
enum NameKey {
    Inline {
        len: u8,
        lower: [u8; INLINE],
        upper: u64,
    },
    /// The lower-cased name, then the name as written.
    Heap {
        text: Box<str>,
        lower_len: usize,
    },
}

impl NameKey {
    fn new(lower: &str, written: &str) -> Self {
        let (l, w) = (lower.as_bytes(), written.as_bytes());
        if l.len() <= INLINE && l.len() == w.len() {
            let (mut padded_lower, mut padded_written) = ([0; PADDED], [0; PADDED]);
            padded_lower[..l.len()].copy_from_slice(l);
            padded_written[..w.len()].copy_from_slice(w);
            // Eight bytes at a time: the capitals' mask, and whether lower-casing ASCII alone
            // gives `lower`.
            let (mut upper, mut differs) = (0u64, false);
            let word = |bytes: &[u8; PADDED], i: usize| {
                u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().expect("8 bytes"))
            };
            for i in 0..PADDED / 8 {
                let (w, l) = (word(&padded_written, i), word(&padded_lower, i));
                // On each byte's low seven bits (no carries), then only the ASCII bytes.
                let capitals = resolve::ascii_capitals(w & !resolve::HIGH) & !w;
                differs |= w | capitals >> 2 != l;
                // One bit per byte: byte j's high bit lands on bit 56 + j (no two products overlap).
                upper |= ((capitals >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (i * 8);
            }
            if !differs {
                let key = padded_lower[..INLINE].try_into().expect("INLINE bytes");
                // l.len() <= INLINE < 256.
                return NameKey::Inline { len: l.len() as u8, lower: key, upper };
            }
        }
        let mut text = String::with_capacity(lower.len() + written.len());
        text.push_str(lower);
        text.push_str(written);
        NameKey::Heap { text: text.into_boxed_str(), lower_len: lower.len() }
    }

    fn lower(&self) -> &[u8] {
        match self {
            NameKey::Inline { len, lower, .. } => &lower[..usize::from(*len)],
            NameKey::Heap { text, lower_len } => &text.as_bytes()[..*lower_len],
        }
    }

    /// Whether `f` holds for the file name as written: meaningful while exactly one file has
    /// the name.
    fn written_is(&self, f: impl FnOnce(&[u8]) -> bool) -> bool {
        match self {
            NameKey::Inline { len, lower, upper } => {
                let mut written = *lower;
                // Only the capitals (a name has a few), not every byte: this runs per link.
                let mut capitals = *upper;
                while capitals != 0 {
                    written[capitals.trailing_zeros() as usize].make_ascii_uppercase();
                    capitals &= capitals - 1;
                }
                f(&written[..usize::from(*len)])
            }
            NameKey::Heap { text, lower_len } => f(&text.as_bytes()[*lower_len..]),
        }
    }
}

impl std::borrow::Borrow<[u8]> for NameKey {
    fn borrow(&self) -> &[u8] {
        self.lower()
    }
}

impl std::hash::Hash for NameKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.lower().hash(state);
    }
}

impl PartialEq for NameKey {
    fn eq(&self, other: &Self) -> bool {
        self.lower() == other.lower()
    }
}

impl Eq for NameKey {}

/// The files of one name: nearly every name has one, stored inline (no second allocation
/// to chase on the lookup each link makes).
#[derive(Debug)]
enum Ids {
    One(FileId),
    Many(Box<[FileId]>),
}

impl Ids {
    fn as_slice(&self) -> &[FileId] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }

    fn push(&mut self, id: FileId) {
        let mut all = self.as_slice().to_vec();
        all.push(id);
        *self = Ids::Many(all.into_boxed_slice());
    }

    /// Drops `id`; the list may be left empty.
    fn remove(&mut self, id: FileId) {
        if self.as_slice().contains(&id) {
            let left: Vec<FileId> = self.as_slice().iter().copied().filter(|&i| i != id).collect();
            *self = Ids::Many(left.into_boxed_slice());
        }
    }
}

impl Names {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let paths = paths.into_iter();
        let mut names = Names::default();
        names.by_name.reserve(paths.size_hint().0);
        names.paths.reserve(paths.size_hint().0);
        for (id, path) in paths.enumerate() {
            names.add(id, path);
        }
        names
    }

    /// Adds (or re-adds) file `id`; ids are positions, so a new file takes the next one.
    pub fn add(&mut self, id: FileId, path: &str) {
        let file = FilePath::new(path);
        // The key is built first (a name is nearly always new): one hash and probe, not two.
        let key = NameKey::new(last_segment(file.lower()), last_segment(file.written()));
        match self.by_name.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut().push(id),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Ids::One(id));
            }
        }
        // Ids come in order while the table is built: a push, not a resize and a store.
        if id == self.paths.len() {
            self.paths.push(file);
            return;
        }
        if id > self.paths.len() {
            self.paths.resize(id + 1, FilePath::default());
        }
        self.paths[id] = file;
    }

    /// Forgets file `id`: it is no longer a candidate for any link.
    pub fn remove(&mut self, id: FileId) {
        let name = last_segment(self.paths[id].lower());
        let Some(ids) = self.by_name.get_mut(name.as_bytes()) else { return };
        let left: Vec<FileId> = ids.as_slice().iter().copied().filter(|&i| i != id).collect();
        match left.as_slice() {
            [] => {
                self.by_name.remove(name.as_bytes());
            }
            // The key holds the written name of the file that is left.
            &[only] => {
                let key = NameKey::new(name, last_segment(self.paths[only].written()));
                self.by_name.remove(name.as_bytes());
                self.by_name.insert(key, Ids::One(only));
            }
            _ => *ids = Ids::Many(left.into_boxed_slice()),
        }
    }

    pub fn named(&self, lower_name: &str) -> &[FileId] {
        self.by_name.get(lower_name.as_bytes()).map_or(&[], Ids::as_slice)
    }

    /// The files named `lower_name` (bytes of a string), and whether `same_case` holds for
    /// the name as written, asked only when exactly one file has it.
    fn named_cased(&self, lower_name: &[u8], same_case: impl FnOnce(&[u8]) -> bool) -> (&[FileId], bool) {
        match self.by_name.get_key_value(lower_name) {
            Some((key, ids @ Ids::One(_))) => (ids.as_slice(), key.written_is(same_case)),
            Some((_, ids)) => (ids.as_slice(), false),
            None => (&[], false),
        }
    }

    pub fn lower(&self, id: FileId) -> &str {
        self.paths[id].lower()
    }

    pub fn path_order(&self, a: FileId, b: FileId) -> std::cmp::Ordering {
        self.paths[a].written().cmp(self.paths[b].written())
    }
}

// Every link has one, and resolution and the per-link rules walk them all: keep it small.
const _: () = assert!(std::mem::size_of::<Target>() <= 40);

/// What a link points at, once resolved.
#[derive(Debug, Clone)]
pub struct Target {
    pub resolution: Resolution,
    pub subpath: subpath::SubpathStatus,
    /// The link writes the file's name exactly as the file is named (see
    /// `resolve::resolve_cased`): the link-case rule has nothing to compare. `false` when not
    /// known.
    pub same_case: bool,
}

#[derive(Debug)]
pub struct VaultIndex {
    pub names: Names,
    /// Per file (aligned with `Vault::files`), per link (aligned with `Note::links`).
    pub targets: Vec<Vec<Target>>,
    /// Lower-cased alias → notes that declare it (aliases never resolve; they make hints).
    /// FxHash: looked up per broken link, built per alias, on keys no adversary chooses.
    pub aliases: FxHashMap<String, Vec<FileId>>,
    /// File name squashed to letters and digits → files: near misses for broken links, built
    /// on the first broken link (most checks of a clean vault never need it).
    squashed: std::sync::OnceLock<FxHashMap<String, Ids>>,
    /// Lower-cased attachment name without its extension → attachments.
    stems: FxHashMap<String, Vec<FileId>>,
    /// Note names by their one-deletion neighbours: likely typos, built on the first question.
    typos: std::sync::OnceLock<near_miss::TypoIndex>,
    near_misses: std::sync::Mutex<near_miss::NearMissMemo>,
    /// Every folder of the vault and each tail of its path, lower-cased, built on the first
    /// question (`existing_folder`).
    folders: std::sync::OnceLock<rustc_hash::FxHashSet<String>>,
    /// Lower-cased name (without `.md`) of each file gone since the last commit → its path.
    gone: FxHashMap<String, String>,
}

/// The part of the index that needs only the list of files: a check builds it while the
/// notes are still being read (`Vault::load_overlapped`).
pub struct FileIndex {
    names: Names,
    stems: FxHashMap<String, Vec<FileId>>,
    squashed: std::sync::OnceLock<FxHashMap<String, Ids>>,
}

impl FileIndex {
    /// From every path of a freshly loaded vault, in id order; the near-miss map included,
    /// since it is built here for free while the pool reads.
    pub fn new(paths: &[String]) -> FileIndex {
        let names = Names::new(paths.iter().map(String::as_str));
        let live = || paths.iter().map(String::as_str).enumerate();
        FileIndex { names, stems: stems(live()), squashed: squashed(live()).into() }
    }
}

/// Lower-cased attachment name without its extension → attachments.
fn stems<'a>(files: impl Iterator<Item = (FileId, &'a str)>) -> FxHashMap<String, Vec<FileId>> {
    let mut map: FxHashMap<String, Vec<FileId>> = FxHashMap::default();
    for (id, path) in files {
        if let Some(stem) = stem_key(path) {
            map.entry(stem).or_default().push(id);
        }
    }
    map
}

fn stem_key(path: &str) -> Option<String> {
    if crate::vault::is_note_path(path) {
        return None;
    }
    let (stem, _) = last_segment(path).rsplit_once('.')?;
    Some(stem.to_lowercase())
}

/// File name squashed to letters and digits → files.
/// Nearly every squashed name is one file's: its id is held in the map, not in a list of its own.
fn squashed<'a>(files: impl Iterator<Item = (FileId, &'a str)>) -> FxHashMap<String, Ids> {
    // Room for every file from the start: no rehash as the map grows.
    let (low, high) = files.size_hint();
    let mut map: FxHashMap<String, Ids> = FxHashMap::with_capacity_and_hasher(high.unwrap_or(low), Default::default());
    for (id, path) in files {
        add_squashed(&mut map, id, path);
    }
    map
}

fn add_squashed(map: &mut FxHashMap<String, Ids>, id: FileId, path: &str) {
    match map.entry(squash(stem_of(path))) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut().push(id),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(Ids::One(id));
        }
    }
}

impl VaultIndex {
    pub fn build(vault: &Vault) -> Self {
        let mut names = Names::new(vault.files.iter().map(|f| f.path.as_str()));
        for id in (0..vault.files.len()).filter(|&id| vault.files[id].removed) {
            names.remove(id);
        }
        let stems = stems(vault.live_ids().map(|id| (id, vault.files[id].path.as_str())));
        Self::with_files(vault, FileIndex { names, stems, squashed: std::sync::OnceLock::new() })
    }

    /// The index of a vault whose file part is built already.
    pub fn with_files(vault: &Vault, files: FileIndex) -> Self {
        let FileIndex { names, stems, squashed } = files;
        // The aliases are gathered while the pool resolves the links.
        let (targets, aliases) = rayon::join(
            || {
                (0..vault.files.len())
                    .into_par_iter()
                    .map(|id| match vault.note(id) {
                        Some(note) => note.links.iter().map(|l| target_of(vault, &names, l, id)).collect(),
                        None => Vec::new(),
                    })
                    .collect()
            },
            || {
                let mut aliases = FxHashMap::default();
                for id in vault.live_ids() {
                    add_aliases(&mut aliases, vault, id);
                }
                aliases
            },
        );
        VaultIndex {
            names,
            targets,
            aliases,
            squashed,
            stems,
            typos: std::sync::OnceLock::new(),
            near_misses: Default::default(),
            folders: std::sync::OnceLock::new(),
            gone: FxHashMap::default(),
        }
    }

    /// A file appeared: it becomes a candidate for links (callers then re-resolve the links
    /// that could now find it, and the file's own links with [`VaultIndex::note_changed`]).
    pub fn file_added(&mut self, vault: &Vault, id: FileId) {
        let path = &vault.files[id].path;
        self.names.add(id, path);
        if self.targets.len() <= id {
            self.targets.resize_with(id + 1, Vec::new);
        }
        if let Some(stem) = stem_key(path) {
            self.stems.entry(stem).or_default().push(id);
        }
        if let Some(map) = self.squashed.get_mut() {
            add_squashed(map, id, path);
        }
        self.typos_changed(vault);
    }

    /// A file vanished: call after `Vault::remove_file`.
    pub fn file_removed(&mut self, vault: &Vault, id: FileId) {
        self.forget_near_misses();
        self.names.remove(id);
        self.targets[id].clear();
        self.remove_aliases(id);
        let path = &vault.files[id].path;
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some((stem, _)) = name.rsplit_once('.')
            && let Some(ids) = self.stems.get_mut(&stem.to_lowercase())
        {
            ids.retain(|&i| i != id);
        }
        if let Some(map) = self.squashed.get_mut()
            && let Some(ids) = map.get_mut(&squash(stem_of(path)))
        {
            ids.remove(id);
        }
    }

    /// A note was read again: its aliases and its links' targets are recomputed.
    pub fn note_changed(&mut self, vault: &Vault, id: FileId) {
        self.forget_near_misses();
        self.remove_aliases(id);
        add_aliases(&mut self.aliases, vault, id);
        self.retarget(vault, id);
    }

    /// Resolves one note's links again (a name it looks up appeared or vanished, or a note
    /// it links into changed its headings).
    pub fn retarget(&mut self, vault: &Vault, id: FileId) {
        self.targets[id] = match vault.note(id) {
            Some(note) => note.links.iter().map(|l| target_of(vault, &self.names, l, id)).collect(),
            None => Vec::new(),
        };
    }

    fn remove_aliases(&mut self, id: FileId) {
        self.aliases.retain(|_, ids| {
            ids.retain(|&i| i != id);
            !ids.is_empty()
        });
    }

    /// Files whose name equals the last segment of `linkpath` once both are squashed to
    /// lower-case letters and digits (`%20` read as a space).
    pub fn similar(&self, vault: &Vault, linkpath: &str) -> &[FileId] {
        let key = squash(last_segment(linkpath));
        if key.is_empty() {
            return &[];
        }
        let squashed =
            self.squashed.get_or_init(|| squashed(vault.live_ids().map(|id| (id, vault.files[id].path.as_str()))));
        squashed.get(&key).map_or(&[], Ids::as_slice)
    }

    /// Attachments named `stem.<any extension>`.
    pub fn with_stem(&self, lower_stem: &str) -> &[FileId] {
        self.stems.get(lower_stem).map_or(&[], Vec::as_slice)
    }

    /// What the links of `note` resolve to, as if it were the content of `source`.
    pub fn targets_of(&self, vault: &Vault, note: &crate::note::Note, source: FileId) -> Vec<Target> {
        note.links.iter().map(|l| target_of(vault, &self.names, l, source)).collect()
    }

    pub fn resolve(&self, linkpath: &str, source: FileId) -> Resolution {
        resolve::resolve(&self.names, linkpath, source)
    }
}

fn add_aliases(aliases: &mut FxHashMap<String, Vec<FileId>>, vault: &Vault, id: FileId) {
    let Some(note) = vault.note(id) else { return };
    for alias in note.frontmatter.iter().flat_map(|f| &f.aliases) {
        let ids = aliases.entry(lowercase(&nfc(alias))).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

fn target_of(vault: &Vault, names: &Names, link: &Link, source: FileId) -> Target {
    // One search for the `#` (`Link::linkpath`, `Link::subpath`): this runs for every link.
    let (linkpath, subpath) = match crate::text::find_byte(b'#', link.target.as_bytes()) {
        Some(i) => (&link.target[..i], Some(&link.target[i + 1..])),
        None => (link.target.as_str(), None),
    };
    let (resolution, same_case) = match link.kind {
        // A canvas file card names an exact vault path.
        LinkKind::Canvas { file: true } => (resolve::resolve(names, &format!("/{linkpath}"), source), false),
        _ => resolve::resolve_cased(names, linkpath, source),
    };
    let subpath = match (resolution.file, subpath) {
        (Some(file), Some(sub)) => subpath::check(vault, file, sub),
        _ => subpath::SubpathStatus::None,
    };
    Target { resolution, subpath, same_case }
}

/// The part after the last `/` (all of `s` when it has none), as `text::last_segment`, with
/// the inlined SSE2 search: on names this short, memchr's dispatched search costs more.
fn last_segment(s: &str) -> &str {
    rfind_byte(b'/', s.as_bytes()).map_or(s, |i| &s[i + 1..])
}

/// A file's name without `.md`, the part a link names.
fn stem_of(path: &str) -> &str {
    let name = last_segment(path);
    name.strip_suffix(".md").unwrap_or(name)
}

pub fn squash(name: &str) -> String {
    // Nearly every name: ASCII without `%`, squashed in one pass with a table that says what
    // each byte becomes; any other byte sends the name to the decoding loop below. Every byte
    // is written and the length moves on only for kept ones: no branch on which bytes a name
    // drops (spaces, punctuation), which no predictor guesses.
    let mut out = vec![0; name.len()];
    let mut len = 0;
    for &b in name.as_bytes() {
        let kept = SQUASHED[usize::from(b)];
        if kept == OTHER {
            return squash_decoding(name, String::with_capacity(name.len()));
        }
        out[len] = kept;
        len += usize::from(kept != DROP);
    }
    out.truncate(len);
    String::from_utf8(out).expect("letters and digits are ASCII")
}

/// What [`squash`] makes of a byte: a lower-cased letter or digit, [`DROP`] (other ASCII),
/// or [`OTHER`] (`%`, and bytes of non-ASCII characters).
static SQUASHED: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { DROP };
        b += 1;
    }
    table[b'%' as usize] = OTHER;
    table
};
const DROP: u8 = 0;
const OTHER: u8 = 0xFF;

/// [`squash`] for a name with `%` or non-ASCII characters, decoding as it goes.
fn squash_decoding(name: &str, mut out: String) -> String {
    let bytes = name.as_bytes();
    let mut i = 0;
    // Byte by byte for ASCII (nearly every name); only other characters are decoded.
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && bytes[i + 1..].starts_with(b"20") {
            i += 3;
        } else if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            }
            i += 1;
        } else {
            let c = name[i..].chars().next().unwrap_or_default();
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            }
            i += c.len_utf8();
        }
    }
    out
}

/// Obsidian's unresolved-link key: the linkpath without one trailing `.md`.
pub fn unresolved_key(linkpath: &str) -> &str {
    if resolve::ends_md(linkpath) { &linkpath[..linkpath.len() - 3] } else { linkpath }
}

#[cfg(test)]
mod tests {
    use super::resolve::resolve_cased;
    use super::{NameKey, Names, squash, squash_decoding};

    /// Whether the link resolves, and whether the resolver saw it written as the file is named.
    fn cased(names: &Names, linkpath: &str) -> (Option<usize>, bool) {
        let (r, same) = resolve_cased(names, linkpath, 0);
        (r.file, same)
    }

    #[test]
    fn written_names_short_long_and_unicode() {
        let long = "A Very Long Note Name That Does Not Fit Inline.md";
        let names = Names::new(["src.md", "a/Note.md", long, "b/Émile Zola.md", "c/Report.PDF"]);
        assert_eq!(cased(&names, "Note"), (Some(1), true));
        assert_eq!(cased(&names, "Note.md"), (Some(1), true));
        assert_eq!(cased(&names, "note"), (Some(1), false));
        assert_eq!(cased(&names, "NOTE.md"), (Some(1), false));
        assert_eq!(cased(&names, "Note.MD"), (Some(1), false));
        assert_eq!(cased(&names, "A Very Long Note Name That Does Not Fit Inline"), (Some(2), true));
        assert_eq!(cased(&names, "a very long note name that does not fit inline"), (Some(2), false));
        assert_eq!(cased(&names, "Émile Zola"), (Some(3), true));
        assert_eq!(cased(&names, "émile zola"), (Some(3), false));
        assert_eq!(cased(&names, "Report.PDF"), (Some(4), true));
        assert_eq!(cased(&names, "report.pdf"), (Some(4), false));
        // With a folder the resolver does not know: the rule compares itself.
        assert_eq!(cased(&names, "a/Note"), (Some(1), false));
    }

    #[test]
    fn a_name_shared_then_unique_again() {
        let mut names = Names::new(["src.md", "a/Note.md"]);
        names.add(2, "b/NOTE.md");
        assert_eq!(names.named("note.md"), &[1, 2]);
        assert!(!cased(&names, "Note").1);
        // The file left keeps its own spelling, not the removed one's.
        names.remove(1);
        assert_eq!(names.named("note.md"), &[2]);
        assert_eq!(cased(&names, "NOTE"), (Some(2), true));
        assert_eq!(cased(&names, "Note"), (Some(2), false));
        names.remove(2);
        assert!(names.named("note.md").is_empty());
        assert_eq!(cased(&names, "Note"), (None, false));
    }

    proptest::proptest! {
        /// The word-at-a-time key keeps the lower-cased name and gives back the written one.
        #[test]
        fn name_keys_keep_both_spellings(written in "[a-zA-Z0-9 .É猫ß-]{0,45}") {
            let lower = written.to_lowercase();
            let key = NameKey::new(&lower, &written);
            proptest::prop_assert_eq!(key.lower(), lower.as_bytes());
            proptest::prop_assert!(key.written_is(|w| w == written.as_bytes()));
        }

        /// The branch-free ASCII squash agrees with the decoding loop.
        #[test]
        fn squash_fast_path_is_the_plain_one(name in "[ -~]{0,40}|[a-zA-Z %Ü2-]{0,12}") {
            proptest::prop_assert_eq!(squash(&name), squash_decoding(&name, String::new()));
        }
    }
}
