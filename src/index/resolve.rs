//! Obsidian's `getFirstLinkpathDest` (spec §3.2), step by step. The only place that knows
//! how a linkpath becomes a file.

use super::{FileId, Names};
use crate::text::{find_byte, js_len, rfind_byte};

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
    // 2. Look the file name up; the `.md` rule. The last `/` found once: it also tells
    //    whether the linkpath has folders at all.
    let slash = rfind_byte(b'/', linkpath.as_bytes());
    let name = slash.map_or(linkpath, |i| &linkpath[i + 1..]);
    let (candidates, md_added, same_case) = named(names, name);
    if candidates.is_empty() {
        return (Resolution::UNRESOLVED, false);
    }
    // 3. A bare name that only one file has.
    if candidates.len() == 1 && slash.is_none() {
        // Without folders, the name is the linkpath.
        return (Resolution::found(candidates[0], Step::UniqueName), same_case);
    }
    (resolve_path(names, linkpath, source, candidates, md_added), false)
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

/// Steps 4 to 8: a name several files have, or a linkpath with folders.
fn resolve_path(names: &Names, linkpath: &str, source: FileId, candidates: &[FileId], md_added: bool) -> Resolution {
    // Room for the `.md` from the start: no second allocation to add it.
    let mut lp = String::with_capacity(linkpath.len() + 3);
    if linkpath.is_ascii() {
        lp.push_str(linkpath);
        lp.make_ascii_lowercase();
    } else {
        lp.push_str(&linkpath.to_lowercase());
    }
    if md_added {
        lp.push_str(".md");
    }
    let source_path = &names.lower(source);
    let dir = memchr::memrchr(b'/', source_path.as_bytes()).map_or("", |i| &source_path[..i]);
    // 5. Relative to the source folder.
    if lp.starts_with("./") || lp.starts_with("../") {
        let joined = join_relative(dir, &lp);
        if let Some(&f) = candidates.iter().find(|&&f| names.lower(f) == joined) {
            return Resolution::found(f, Step::Relative);
        }
        // Falls through with the joined path: `../../Note` above the root still finds `x/Note.md` (T-071).
        lp = joined;
    }
    // 6. The exact vault path (one leading `/` allowed).
    let exact = lp.strip_prefix('/').unwrap_or(&lp);
    // One match (the usual case) needs no list.
    let mut hits = candidates.iter().copied().filter(|&f| names.lower(f) == exact);
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
    let (mut near, mut far): (Vec<FileId>, Vec<FileId>) = candidates
        .iter()
        .copied()
        .filter(|&f| names.lower(f).ends_with(lp.as_str()))
        .partition(|&f| names.lower(f).starts_with(dir));
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
/// is named as `name` writes it ([`same_case`]). Short ASCII names (nearly all) are lower-cased
/// on the stack: this runs for every link.
fn named<'n>(names: &'n Names, name: &str) -> (&'n [FileId], bool, bool) {
    let cased = |file_name: &[u8]| same_case(file_name, name);
    let mut buf = [0u8; 128];
    let n = name.len();
    let owned;
    let lower: &[u8] = if name.is_ascii() && n + 3 <= buf.len() {
        // Copied and lower-cased in one pass.
        for (to, &from) in buf[..n].iter_mut().zip(name.as_bytes()) {
            *to = from.to_ascii_lowercase();
        }
        buf[n..n + 3].copy_from_slice(b".md");
        &buf[..n + 3]
    } else {
        let mut lower = name.to_lowercase();
        lower.push_str(".md");
        owned = lower;
        owned.as_bytes()
    };
    let (bare, with_md) = (&lower[..lower.len() - 3], lower);
    if find_byte(b'.', bare).is_some() {
        let (found, same) = names.named_cased(bare, cased);
        if !found.is_empty() {
            return (found, false, same);
        }
    }
    let (found, same) = names.named_cased(with_md, cased);
    (found, true, same)
}

/// Joins a `./` or `../` linkpath to the source folder; `../` above the root is clamped.
fn join_relative(dir: &str, lp: &str) -> String {
    let mut rest = lp.strip_prefix("./").filter(|r| r.starts_with("../")).unwrap_or(lp);
    let mut dir = dir;
    if let Some(r) = rest.strip_prefix("./") {
        rest = r;
    } else {
        while let Some(r) = rest.strip_prefix("../") {
            rest = r;
            dir = dir.rfind('/').map_or("", |i| &dir[..i]);
        }
    }
    if dir.is_empty() { rest.to_string() } else { format!("{dir}/{rest}") }
}

#[cfg(test)]
mod tests;
