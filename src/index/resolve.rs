//! Obsidian's `getFirstLinkpathDest` (spec §3.2), step by step. The only place that knows
//! how a linkpath becomes a file.

use super::{FileId, Names};
use crate::text::{find_byte, js_len, lowercase, rfind_byte};

/// Which step of Obsidian's algorithm produced the answer: the rules care, because only a
/// suffix match among several candidates is a silent guess worth warning about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Empty linkpath (`[[#Heading]]`): the source note itself.
    SameNote,
    /// The only file in the vault with that name.
    UniqueName,
    /// `./` or `../` joined to the source folder.
    Relative,
    /// The full vault path, written out.
    ExactPath,
    /// Suffix match: source-folder group first, then shortest path.
    Suffix,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub file: Option<FileId>,
    pub step: Option<Step>,
    /// For a suffix match among several files: all of them in Obsidian's order.
    pub candidates: Candidates,
}

/// The files an ambiguous link could mean: one pointer, null for the (nearly universal) none,
/// so that every link's [`super::Target`] stays small for the passes that walk them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
// The box around the `Vec` is the point: a thin pointer, where a `Vec` is three words.
#[allow(clippy::box_collection)]
pub struct Candidates(Option<Box<Vec<FileId>>>);

impl Candidates {
    fn of(files: Vec<FileId>) -> Self {
        Candidates(Some(Box::new(files)))
    }
}

impl std::ops::Deref for Candidates {
    type Target = [FileId];

    fn deref(&self) -> &[FileId] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'a> IntoIterator for &'a Candidates {
    type Item = &'a FileId;
    type IntoIter = std::slice::Iter<'a, FileId>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Resolution {
    fn found(file: FileId, step: Step) -> Self {
        Resolution { file: Some(file), step: Some(step), candidates: Candidates(None) }
    }

    pub const UNRESOLVED: Resolution = Resolution { file: None, step: None, candidates: Candidates(None) };

    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

pub fn resolve(names: &Names, linkpath: &str, source: FileId) -> Resolution {
    resolve_cased(names, linkpath, source).0
}

/// [`resolve`], and whether the link writes the target's name exactly as the file is named,
/// as far as the link-case rule compares them (`.md` implied): known for a unique bare name
/// only, since then the lookup has the file's written name at hand; `false` is "not known".
pub(crate) fn resolve_cased(names: &Names, linkpath: &str, source: FileId) -> (Resolution, bool) {
    // 1. Empty linkpath: the source itself.
    if linkpath.is_empty() {
        return (Resolution::found(source, Step::SameNote), false);
    }
    let mut buf = [0u8; SHORT];
    let Some(scan) = lower_ascii(linkpath.as_bytes(), &mut buf) else {
        return resolve_long_or_unicode(names, linkpath, source);
    };
    // 2. Look the file name up; the `.md` rule.
    let n = linkpath.len();
    buf[n..n + 3].copy_from_slice(b".md");
    let name = &linkpath[scan.name_start..];
    let (candidates, md_added, same) = named(names, name, &buf[scan.name_start..n + 3], scan.dotted_name);
    if candidates.is_empty() {
        return (Resolution::UNRESOLVED, false);
    }
    // 3. A bare name that only one file has.
    if candidates.len() == 1 && scan.name_start == 0 {
        return (Resolution::found(candidates[0], Step::UniqueName), same);
    }
    let lp = &buf[..if md_added { n + 3 } else { n }];
    (resolve_path(names, linkpath, lp, source, candidates), false)
}

/// [`resolve_cased`] for a linkpath that is not ASCII or does not fit the stack buffer.
fn resolve_long_or_unicode(names: &Names, linkpath: &str, source: FileId) -> (Resolution, bool) {
    let slash = rfind_byte(b'/', linkpath.as_bytes());
    let name = slash.map_or(linkpath, |i| &linkpath[i + 1..]);
    let mut lower_md = lowercase(name);
    lower_md.push_str(".md");
    let dotted = find_byte(b'.', &lower_md.as_bytes()[..lower_md.len() - 3]).is_some();
    let (candidates, md_added, same_case) = named(names, name, lower_md.as_bytes(), dotted);
    if candidates.is_empty() {
        return (Resolution::UNRESOLVED, false);
    }
    if candidates.len() == 1 && slash.is_none() {
        // Without folders, the name is the linkpath.
        return (Resolution::found(candidates[0], Step::UniqueName), same_case);
    }
    let mut lp = lowercase(linkpath);
    if md_added {
        lp.push_str(".md");
    }
    (resolve_path(names, linkpath, lp.as_bytes(), source, candidates), false)
}

/// Bytes of the stack buffer a linkpath is lower-cased into (with room for `.md`): nearly
/// every linkpath fits. A multiple of 8, the word [`lower_ascii`] reads.
const SHORT: usize = 128;

/// Where the file name starts in a linkpath [`lower_ascii`] scanned, and whether it has a `.`.
struct Scan {
    name_start: usize,
    dotted_name: bool,
}

pub(super) const ONES: u64 = u64::from_le_bytes([1; 8]);
pub(super) const HIGH: u64 = ONES * 0x80;

/// The high bit of every byte of `word` that is `b`: exact, no borrow from one byte to the next.
fn bytes_equal(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    // A byte's high bit comes out clear only if its low seven bits and its high bit are.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of every byte of `word` that is an ASCII capital letter; exact where the word
/// is ASCII (a byte of another character may carry into the next).
pub(super) fn ascii_capitals(word: u64) -> u64 {
    // The high bit set from `A` on, and from past `Z` on.
    let from_a = word.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let past_z = word.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    from_a & !past_z & HIGH
}

/// Copies an ASCII `linkpath` lower-cased into `buf` and finds its last `/` and `.`, eight
/// bytes at a time (this runs for every link, whose linkpaths are short): `None` when the
/// linkpath is not ASCII or `buf` has no room for it and `.md`. Bytes of `buf` past the
/// linkpath are left zero.
fn lower_ascii(linkpath: &[u8], buf: &mut [u8; SHORT]) -> Option<Scan> {
    let n = linkpath.len();
    if n + 3 > SHORT {
        return None;
    }
    buf[..n].copy_from_slice(linkpath);
    let (mut high, mut name_start, mut dot_end) = (0, 0, 0);
    // Whole words: the zeros after the linkpath are neither letters, `/` nor `.`.
    for (i, chunk) in buf[..n.next_multiple_of(8)].chunks_exact_mut(8).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        high |= word;
        chunk.copy_from_slice(&(word | ascii_capitals(word) >> 2).to_le_bytes());
        // Just past the last match in this word: its byte's index plus one.
        let end = |mask: u64| i * 8 + 8 - mask.leading_zeros() as usize / 8;
        let slashes = bytes_equal(word, b'/');
        if slashes != 0 {
            name_start = end(slashes);
        }
        let dots = bytes_equal(word, b'.');
        if dots != 0 {
            dot_end = end(dots);
        }
    }
    if high & HIGH != 0 {
        return None;
    }
    Some(Scan { name_start, dotted_name: dot_end > name_start })
}

/// Whether the link-case rule finds `linkpath` (no folders) written as the file is named: the
/// end of the name (without `.md` unless the link writes it) equals the linkpath byte for byte.
fn same_case(file_name: &[u8], linkpath: &str) -> bool {
    let implied_md = file_name.ends_with(b".md") && !ends_md(linkpath);
    let compared = if implied_md { &file_name[..file_name.len() - 3] } else { file_name };
    compared.ends_with(linkpath.as_bytes())
}

/// Whether a linkpath ends in `.md`, in any case.
pub(crate) fn ends_md(s: &str) -> bool {
    s.len() >= 3 && s.is_char_boundary(s.len() - 3) && s[s.len() - 3..].eq_ignore_ascii_case(".md")
}

/// Steps 4 to 8: a name several files have, or a linkpath with folders. `lp` is the
/// linkpath lower-cased, with the `.md` the lookup added (bytes of a string).
fn resolve_path(names: &Names, linkpath: &str, lp: &[u8], source: FileId, candidates: &[FileId]) -> Resolution {
    let lower = |f: FileId| names.lower(f).as_bytes();
    let source_path = lower(source);
    let dir = memchr::memrchr(b'/', source_path).map_or(&b""[..], |i| &source_path[..i]);
    // 5. Relative to the source folder.
    let joined;
    let lp = if lp.starts_with(b"./") || lp.starts_with(b"../") {
        joined = join_relative(dir, lp);
        if let Some(&f) = candidates.iter().find(|&&f| lower(f) == joined) {
            return Resolution::found(f, Step::Relative);
        }
        // Goes on with the joined path: `../../Note` above the root still finds `x/Note.md` (T-071).
        joined.as_slice()
    } else {
        lp
    };
    // 6. The exact vault path (one leading `/` allowed).
    let exact = lp.strip_prefix(b"/").unwrap_or(lp);
    // One match (the usual case) needs no list.
    let mut hits = candidates.iter().copied().filter(|&f| lower(f) == exact);
    match (hits.next(), hits.next()) {
        (None, _) => {}
        (Some(f), None) => return Resolution::found(f, Step::ExactPath),
        // Names that differ only in case (on a case-sensitive disk): Obsidian takes whichever
        // it listed first.
        (Some(a), Some(b)) => {
            let mut exact = vec![a, b];
            exact.extend(hits);
            exact.sort_by(|&a, &b| names.path_order(a, b));
            return Resolution { file: Some(exact[0]), step: Some(Step::ExactPath), candidates: Candidates::of(exact) };
        }
    }
    // 7. A leading `/` asks for the exact path only.
    if linkpath.starts_with('/') {
        return Resolution::UNRESOLVED;
    }
    // 8. Suffix match: files under the source folder (plain string prefix) first, then the
    //    rest, each by path length; equal lengths keep index order (we sort paths, Obsidian
    //    uses file-system order, so such ties are reported as ambiguous).
    let (mut near, mut far): (Vec<FileId>, Vec<FileId>) =
        candidates.iter().copied().filter(|&f| lower(f).ends_with(lp)).partition(|&f| lower(f).starts_with(dir));
    // Equal lengths: Obsidian keeps file-system order, which is arbitrary; we take path order,
    // so the answer never depends on when a file was added (the watcher adds files later).
    near.sort_by(|&a, &b| js_len(names.lower(a)).cmp(&js_len(names.lower(b))).then_with(|| names.path_order(a, b)));
    far.sort_by(|&a, &b| js_len(names.lower(a)).cmp(&js_len(names.lower(b))).then_with(|| names.path_order(a, b)));
    near.extend(far);
    match near.len() {
        0 => Resolution::UNRESOLVED,
        1 => Resolution::found(near[0], Step::Suffix),
        _ => Resolution { file: Some(near[0]), step: Some(Step::Suffix), candidates: Candidates::of(near) },
    }
}

/// The files named `name` (case-insensitively), or, when there are none or the name has no
/// extension, named `name.md`; whether `.md` was added; and whether the only file of that name
/// is named as `name` writes it ([`same_case`]). `lower_md` is `name` lower-cased, then `.md`.
fn named<'n>(names: &'n Names, name: &str, lower_md: &[u8], dotted: bool) -> (&'n [FileId], bool, bool) {
    let cased = |file_name: &[u8]| same_case(file_name, name);
    if dotted {
        let (found, same) = names.named_cased(&lower_md[..lower_md.len() - 3], cased);
        if !found.is_empty() {
            return (found, false, same);
        }
    }
    let (found, same) = names.named_cased(lower_md, cased);
    (found, true, same)
}

/// Joins a `./` or `../` linkpath to the source folder; `../` above the root is clamped.
fn join_relative(dir: &[u8], lp: &[u8]) -> Vec<u8> {
    let mut rest = lp.strip_prefix(b"./").filter(|r| r.starts_with(b"../")).unwrap_or(lp);
    let mut dir = dir;
    if let Some(r) = rest.strip_prefix(b"./") {
        rest = r;
    } else {
        while let Some(r) = rest.strip_prefix(b"../") {
            rest = r;
            dir = memchr::memrchr(b'/', dir).map_or(&b""[..], |i| &dir[..i]);
        }
    }
    if dir.is_empty() { rest.to_vec() } else { [dir, b"/", rest].concat() }
}

#[cfg(test)]
mod tests;
