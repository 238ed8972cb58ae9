//! Planning a move: which files go where, and which links need which new text so that every
//! link keeps resolving to the file it resolved to before. Reads the disk, writes nothing.

use super::edit::{LinkChange, Syntax, rewrite};
use super::heading::{heading_link_text, links_to_renamed_headings};
use crate::diagnostic::{Edit, Fix};
use crate::index::resolve::{Resolution, resolve};
use crate::index::{FileId, Names, VaultIndex};
use crate::linktext::{LinkFormat, LinkSettings, PathStyle, linkpath_to};
use crate::note::{Link, LinkKind, Note};
use crate::scaffold::names;
use crate::text::nfc;
use crate::vault::{Vault, is_canvas_path};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What planning may look at on disk (read-only): tests can fake it, the command uses
/// [`RealDisk`].
pub trait Disk {
    /// The bytes of a vault-relative file.
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>>;
    /// What a vault-relative path names, if anything (symbolic links are not followed).
    fn entry(&self, rel: &str) -> Option<Entry>;
    /// Why a file or folder could not be put at the vault-relative `rel` (its folders lead
    /// out of the vault, or one is a file), judged from the folders that exist now.
    fn writable(&self, rel: &str) -> Result<(), String> {
        let _ = rel;
        Ok(())
    }
    /// Whether the vault-relative file or folder (`""` is the vault folder) is marked
    /// read-only: no write permission for anyone, whoever runs wikilint (root included).
    fn read_only(&self, rel: &str) -> bool {
        let _ = rel;
        false
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File,
    Folder,
}

/// The vault on disk (names found in whatever normal form they are stored in).
pub struct RealDisk(pub PathBuf);

impl Disk for RealDisk {
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(crate::discover::on_disk(&self.0, rel))
    }

    fn entry(&self, rel: &str) -> Option<Entry> {
        let meta = std::fs::symlink_metadata(crate::discover::on_disk(&self.0, rel)).ok()?;
        Some(if meta.is_dir() { Entry::Folder } else { Entry::File })
    }

    fn writable(&self, rel: &str) -> Result<(), String> {
        let writer = crate::write::VaultWriter::new(&self.0).map_err(|e| format!("cannot open the vault: {e}"))?;
        writer.check(rel).map_err(|e| format!("{rel}: {e}"))
    }

    fn read_only(&self, rel: &str) -> bool {
        std::fs::symlink_metadata(crate::discover::on_disk(&self.0, rel))
            .is_ok_and(|meta| crate::write::is_read_only(&meta))
    }
}

/// Refuses a plan that would change a read-only file or write into a read-only folder
/// (`chmod 444`, `chmod -R a-w`): read-only means "do not touch" to the owner, so not its
/// text, not its name or place. Checked on the mode bits, since root may write anyway.
pub fn refuse_read_only(disk: &dyn Disk, plan: &Plan) -> Result<(), String> {
    let parent = |path: &str| path.rsplit_once('/').map_or(String::new(), |(folder, _)| folder.to_string());
    let refuse_file = |path: &str, what: &str| -> Result<(), String> {
        if disk.read_only(path) {
            return Err(format!(
                "{path} is read-only, and wikilint mv does not {what} a read-only file; nothing was changed (make it writable, e.g. chmod u+w, to go ahead)"
            ));
        }
        Ok(())
    };
    let mut folders = std::collections::BTreeSet::new();
    for r in &plan.rewrites {
        refuse_file(&r.path, "rewrite")?;
        folders.insert(parent(&r.path));
    }
    for m in &plan.moved_files {
        refuse_file(&m.from, "move")?;
    }
    for m in &plan.moves {
        if disk.entry(&m.from) == Some(Entry::Folder) {
            folders.insert(m.from.clone());
        }
        folders.insert(parent(&m.from));
        // The folder the new name goes in, or the nearest one that exists (folders are made).
        let mut into = parent(&m.to);
        while !into.is_empty() && disk.entry(&into) != Some(Entry::Folder) {
            into = parent(&into);
        }
        folders.insert(into);
    }
    for folder in folders {
        if disk.read_only(&folder) {
            let name = if folder.is_empty() { "the vault folder".to_string() } else { format!("the folder {folder}") };
            return Err(format!(
                "{name} is read-only, and wikilint mv does not write into a read-only folder; nothing was changed (make it writable, e.g. chmod u+w, to go ahead)"
            ));
        }
    }
    Ok(())
}

/// One file or folder changing its vault path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
}

/// One file whose text changes (before it moves, when it moves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// Where it is now.
    pub path: String,
    /// Where it will be once the moves are done (the same path when it does not move).
    pub new_path: String,
    pub old: Vec<u8>,
    pub new: String,
    /// Links rewritten in it.
    pub links: usize,
}

/// Everything a move will do, decided before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The move to make: at most one (a file or a whole folder); none for a heading rename.
    pub moves: Vec<Move>,
    /// Every file that changes path, for the report (a folder move lists each file under it).
    pub moved_files: Vec<Move>,
    pub rewrites: Vec<Rewrite>,
    /// A renamed heading: (note, old text, new text).
    pub heading: Option<(String, String, String)>,
    /// What the journal (and the message of a run that settles it) calls a plan that is not
    /// `mv`'s: other commands that rewrite many notes all or nothing (`tags rename a b`).
    pub what: Option<String>,
    /// Links that were broken and will resolve once the files have moved (left as written):
    /// the link graph gains these edges, which the owner should see.
    pub newly_resolved: Vec<NewlyResolved>,
}

/// A broken link that a move makes resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewlyResolved {
    /// The note holding it, at its path after the move.
    pub source: String,
    pub line: u32,
    pub original: String,
    /// The file it will lead to, at its path after the move.
    pub target: String,
}

impl Plan {
    pub fn links_rewritten(&self) -> usize {
        self.rewrites.iter().map(|r| r.links).sum()
    }
}

/// The changes to one file's text: link changes by link index, plus plain edits.
#[derive(Debug, Default)]
pub(crate) struct FileChanges {
    pub links: Vec<(usize, LinkChange)>,
    pub edits: Vec<Edit>,
}

/// Plans `wikilint mv SRC DST` for paths (`SRC` and `DST` as the user typed them; relative
/// ones are vault-relative).
pub fn plan_move(
    vault: &Vault,
    index: &VaultIndex,
    settings: LinkSettings,
    disk: &dyn Disk,
    src: &str,
    dst: &str,
) -> Result<Plan, String> {
    let (src_rel, src_is_folder) = vault_relative(&vault.root, src)?;
    let (dst_rel, dst_is_folder) = vault_relative(&vault.root, dst)?;
    let by_path: BTreeMap<&str, FileId> = vault.live_ids().map(|id| (vault.files[id].path.as_str(), id)).collect();
    let source = find_source(vault, &by_path, disk, &src_rel, src_is_folder)?;
    let (src_path, src_file) = match source {
        Source::File(id) => (vault.files[id].path.clone(), Some(id)),
        Source::Folder(path) => (path, None),
    };
    let src_name = src_path.rsplit('/').next().unwrap_or(&src_path).to_string();
    let src_is_note = src_file.is_some_and(|id| vault.files[id].is_note);
    let into_folder = dst_rel.is_empty() || dst_is_folder || disk.entry(&dst_rel) == Some(Entry::Folder);
    let mut dst_path = if into_folder { join(&dst_rel, &src_name) } else { dst_rel.clone() };
    if !into_folder && src_is_note && !dst_path.ends_with(".md") {
        dst_path.push_str(".md");
    }
    for path in [&src_path, &dst_path] {
        if path.as_str() == crate::config::FILE_NAME {
            // Obsidian lists it as an attachment, but moving it changes how wikilint checks
            // the whole vault: not something a link-preserving rename should do by the way.
            return Err(format!("{path} is wikilint's configuration for this vault; move or rename it by hand"));
        }
    }
    if dst_path == src_path {
        return Err(format!("{src_path} is already there; nothing to move"));
    }
    let case_only = dst_path.to_lowercase() == src_path.to_lowercase();
    if src_file.is_none() && (dst_path.starts_with(&format!("{src_path}/")) || case_only && dst_path == src_path) {
        return Err(format!("cannot move the folder {src_path} into itself"));
    }
    check_name(disk, &dst_path)?;
    disk.writable(&dst_path)?;
    if !case_only && disk.entry(&dst_path).is_some() {
        return Err(format!("{dst_path} already exists; wikilint mv never overwrites (move or rename it first)"));
    }
    if let Some(id) = src_file
        && !vault.files[id].is_note
        && dst_path.ends_with(".md")
    {
        return Err(format!(
            "{src_path} is an attachment; moving it to {dst_path} would turn it into a note (keep its extension)"
        ));
    }
    if src_file.is_some_and(|id| !vault.files[id].is_note) && !dst_path.rsplit('/').next().unwrap_or("").contains('.') {
        // Obsidian looks up an extensionless link path as `path.md`, so nothing could link to it.
        return Err(format!(
            "{dst_path} has no extension: Obsidian reads a link to it as one to {dst_path}.md, so no link could reach it (keep its extension)"
        ));
    }
    // Every file that changes path, and the vault as it will be.
    let mut moved: Vec<(FileId, String)> = Vec::new();
    match src_file {
        Some(id) => moved.push((id, dst_path.clone())),
        None => {
            let prefix = format!("{src_path}/");
            for id in vault.live_ids() {
                if let Some(rest) = vault.files[id].path.strip_prefix(&prefix) {
                    moved.push((id, format!("{dst_path}/{rest}")));
                }
            }
        }
    }
    let mut after: Vec<String> = vault.files.iter().map(|f| f.path.clone()).collect();
    for (id, to) in &moved {
        after[*id] = to.clone();
    }
    let moving: std::collections::HashSet<FileId> = moved.iter().map(|(id, _)| *id).collect();
    let taken: std::collections::HashMap<String, FileId> = vault
        .live_ids()
        .filter(|id| !moving.contains(id))
        .map(|id| (vault.files[id].path.to_lowercase(), id))
        .collect();
    for (_, to) in &moved {
        if let Some(&other) = taken.get(&to.to_lowercase()) {
            return Err(format!(
                "{to} would differ from {} only in letter case, which Obsidian takes for the same file; choose another name",
                vault.files[other].path
            ));
        }
    }
    let names_after = Names::new(after.iter().map(String::as_str));
    let layout = Layout { paths: &after, names: &names_after };

    let mut changes: BTreeMap<FileId, FileChanges> = BTreeMap::new();
    let mut newly_resolved = Vec::new();
    for (id, note) in vault.notes() {
        let Some(targets) = index.targets.get(id) else { continue };
        for (k, (link, target)) in note.links.iter().zip(targets).enumerate() {
            let before = &target.resolution;
            let now = resolve_link(&names_after, link, id);
            let Some(wanted) = before.file else {
                if let Some(found) = now.file {
                    newly_resolved.push(NewlyResolved {
                        source: after[id].clone(),
                        line: link.loc.start.line,
                        original: link.original.clone(),
                        target: after[found].clone(),
                    });
                }
                continue;
            };
            // Same file, and no new tie-break to rely on: left as written.
            let newly_ambiguous = now.is_ambiguous() && !before.is_ambiguous();
            if now.file == Some(wanted) && !newly_ambiguous {
                continue;
            }
            let path = new_linkpath(&layout, link, wanted, id, settings.format).ok_or_else(|| {
                format!(
                    "no link from {} can name {} once moved (another file's path differs from it only in letter case); nothing was changed",
                    after[id], after[wanted]
                )
            })?;
            let change = LinkChange { path: Some(path), subpath_parts: Vec::new() };
            changes.entry(id).or_default().links.push((k, change));
        }
    }
    follow_renamed_headings(vault, index, disk, &mut changes)?;
    let rewrites = build_rewrites(vault, index, disk, &layout, changes)?;
    let moved_files =
        moved.iter().map(|(id, to)| Move { from: vault.files[*id].path.clone(), to: to.clone() }).collect();
    Ok(Plan {
        moves: vec![Move { from: src_path, to: dst_path }],
        moved_files,
        rewrites,
        heading: None,
        newly_resolved,
        what: None,
    })
}

/// A rewritten link inside a heading changes that heading's text (`## See [[Other]]` becomes
/// `## See [[Archive/Other]]`), so the links to that heading would break: they get the new
/// text too, as a heading rename gives them. Those rewrites may lie in headings in turn,
/// hence the rounds.
fn follow_renamed_headings(
    vault: &Vault,
    index: &VaultIndex,
    disk: &dyn Disk,
    changes: &mut BTreeMap<FileId, FileChanges>,
) -> Result<(), String> {
    let mut followed: BTreeMap<FileId, Vec<(usize, String)>> = BTreeMap::new();
    for _ in 0..16 {
        let mut again = false;
        let ids: Vec<FileId> = changes.keys().copied().collect();
        for id in ids {
            let path = &vault.files[id].path;
            let Some(note) = vault.note(id).filter(|_| !is_canvas_path(path)) else { continue };
            let inside_heading = |k: &usize| {
                let span = note.links[*k].loc.span;
                note.headings.iter().any(|h| h.loc.span.start <= span.start && span.end <= h.loc.span.end)
            };
            if !changes[&id].links.iter().any(|(k, _)| inside_heading(k)) {
                continue;
            }
            let old = disk.read(path).map_err(|e| format!("cannot read {path}: {e}; nothing was changed"))?;
            let text = std::str::from_utf8(&old).map_err(|_| {
                format!("{path} is not valid UTF-8, so its links cannot be rewritten safely; fix its encoding first")
            })?;
            let new =
                rewrite_note(text, note, &changes[&id]).map_err(|e| format!("{path}: {e}; nothing was changed"))?;
            let after = crate::vault::parse_bytes(new.as_bytes()).headings;
            if after.len() != note.headings.len() {
                return Err(format!("rewriting the links of {path} would change its headings; nothing was changed"));
            }
            let renamed: Vec<(usize, String)> = (note.headings.iter().zip(&after).enumerate())
                .filter(|(_, (old, new))| old.text != new.text)
                .map(|(i, (_, new))| (i, heading_subpath(&new.text)))
                .collect();
            if followed.get(&id) == Some(&renamed) {
                continue;
            }
            for c in links_to_renamed_headings(vault, index, id, &note.headings, &after, &renamed)? {
                let file_changes = changes.entry(c.source).or_default();
                match file_changes.links.iter_mut().find(|(j, _)| *j == c.link) {
                    Some((_, change)) => change.subpath_parts = c.parts,
                    None => file_changes.links.push((c.link, LinkChange { path: None, subpath_parts: c.parts })),
                }
            }
            followed.insert(id, renamed);
            again = true;
        }
        if !again {
            return Ok(());
        }
    }
    Err("links inside headings keep renaming other headings; nothing was changed".into())
}

/// How a link names a heading whose text holds a link: Obsidian's form, without the
/// brackets a wikilink cannot hold (heading matching reads them as spaces anyway).
fn heading_subpath(heading: &str) -> String {
    let text = heading_link_text(heading).replace(['[', ']'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The vault's paths and candidate index in some state (before or after the move).
pub(crate) struct Layout<'a> {
    pub paths: &'a [String],
    pub names: &'a Names,
}

enum Source {
    File(FileId),
    Folder(String),
}

/// The file or folder `rel` names. A trailing `/` (`folder_only`) names a folder; a name
/// without extension that is both a note (`Proj.md`) and a folder (`Proj/`), as in vaults
/// that keep a folder note beside its folder, is refused: either guess would move what the
/// user may not have meant.
fn find_source(
    vault: &Vault,
    by_path: &BTreeMap<&str, FileId>,
    disk: &dyn Disk,
    rel: &str,
    folder_only: bool,
) -> Result<Source, String> {
    if rel.is_empty() {
        return Err("cannot move the vault folder itself; give a file or folder inside it".into());
    }
    let hidden = || {
        format!(
            "{rel} is hidden (a dot-named file or folder): Obsidian does not see it, so wikilint mv does not move it"
        )
    };
    if folder_only {
        if rel.split('/').any(|s| s.starts_with('.')) {
            return Err(hidden());
        }
        return match disk.entry(rel) {
            Some(Entry::Folder) => Ok(Source::Folder(rel.to_string())),
            _ => Err(format!("{rel}/ is not a folder of the vault (without the trailing / it names a file)")),
        };
    }
    if let Some(&id) = by_path.get(rel) {
        return Ok(Source::File(id));
    }
    if let Some(&id) = by_path.get(format!("{rel}.md").as_str()) {
        if disk.entry(rel) == Some(Entry::Folder) {
            return Err(both_note_and_folder(rel, &vault.files[id].path));
        }
        return Ok(Source::File(id));
    }
    if rel.split('/').any(|s| s.starts_with('.')) {
        return Err(hidden());
    }
    match disk.entry(rel) {
        Some(Entry::Folder) => Ok(Source::Folder(rel.to_string())),
        _ => {
            // A path typed in another letter case than on disk.
            let lower = rel.to_lowercase();
            let matches: Vec<FileId> = vault
                .live_ids()
                .filter(|&id| {
                    let p = vault.files[id].path.to_lowercase();
                    p == lower || p == format!("{lower}.md")
                })
                .collect();
            match matches.as_slice() {
                [id] => {
                    let path = &vault.files[*id].path;
                    let folder = format!("{lower}/");
                    if path.to_lowercase() != lower
                        && vault.live_ids().any(|f| vault.files[f].path.to_lowercase().starts_with(&folder))
                    {
                        return Err(both_note_and_folder(rel, path));
                    }
                    Ok(Source::File(*id))
                }
                _ => {
                    Err(format!("{rel} is not a file or folder of the vault (paths are relative to the vault folder)"))
                }
            }
        }
    }
}

fn both_note_and_folder(rel: &str, note: &str) -> String {
    let folder = note.strip_suffix(".md").unwrap_or(rel);
    format!(
        "{rel} is both a note ({note}) and a folder ({folder}/): give {note} to move the note, or {folder}/ (with the trailing /) to move the folder"
    )
}

/// A path the user typed, made vault-relative and `/`-separated: `./`, empty segments and a
/// trailing `/` dropped (the `bool` says whether there was one), `..` refused, an absolute
/// path accepted only inside the vault.
pub fn vault_relative(root: &Path, typed: &str) -> Result<(String, bool), String> {
    let as_path = Path::new(typed);
    let owned;
    let rel: &str = if as_path.is_absolute() {
        let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let inside = as_path.strip_prefix(root).or_else(|_| as_path.strip_prefix(&canonical_root)).map_err(|_| {
            format!("{typed} is outside the vault {}; wikilint mv only moves within the vault", root.display())
        })?;
        owned = inside.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        &owned
    } else {
        typed
    };
    let trailing = rel.ends_with('/') || (rel.ends_with(std::path::MAIN_SEPARATOR) && std::path::MAIN_SEPARATOR != '/');
    let mut segments = Vec::new();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(format!("{typed} climbs out with \"..\"; give a path inside the vault")),
            s => segments.push(s),
        }
    }
    Ok((nfc(&segments.join("/")), trailing))
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() { name.to_string() } else { format!("{folder}/{name}") }
}

/// Refuses a destination whose new names Obsidian forbids or cannot link to (spec §1.5), or
/// that Windows and the common file systems refuse (device names, a trailing dot or space,
/// over 255 bytes): the same rules `wikilint stubs` applies to the names it makes.
fn check_name(disk: &dyn Disk, path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("the destination is empty".into());
    }
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        // Even an existing dot-named folder (`.trash`, `.obsidian`) hides what goes into
        // it: every link to the moved file would break.
        if seg.starts_with('.') {
            return Err(format!(
                "{path}: \"{seg}\" starts with a dot, which hides it and everything in it from Obsidian; choose another name"
            ));
        }
        let is_last = i + 1 == segments.len();
        if !is_last && disk.entry(&segments[..=i].join("/")) == Some(Entry::Folder) {
            continue; // an existing folder: not a name this move chooses
        }
        if let Some(problem) = names::problem(seg) {
            return Err(format!("{path}: the name {} has {problem}; choose another name", names::quote(seg)));
        }
    }
    Ok(())
}

/// How the resolver sees a link: a canvas file card names an exact vault path.
pub(crate) fn resolve_link(names: &Names, link: &Link, source: FileId) -> Resolution {
    match link.kind {
        LinkKind::Canvas { file: true } => resolve(names, &format!("/{}", link.linkpath()), source),
        _ => resolve(names, link.linkpath(), source),
    }
}

/// The new linkpath for `link` (in `source`) to reach `target` in `layout`, in the link's own
/// style where it has one (`./`/`../`, a leading `/`, `.md`), else the vault's format.
fn new_linkpath(layout: &Layout, link: &Link, target: FileId, source: FileId, format: LinkFormat) -> Option<String> {
    if let LinkKind::Canvas { file: true } = link.kind {
        return Some(layout.paths[target].clone());
    }
    let written = link.linkpath();
    let relative = written.starts_with("./") || written.starts_with("../");
    let style = PathStyle {
        format: if relative { LinkFormat::Relative } else { format },
        md_extension: written.to_lowercase().ends_with(".md"),
        leading_slash: written.starts_with('/'),
    };
    linkpath_to(layout.names, |id| layout.paths[id].as_str(), target, source, style)
}

fn syntax_of(link: &Link) -> Syntax {
    match &link.kind {
        LinkKind::Markdown | LinkKind::MarkdownImage => Syntax::Markdown,
        LinkKind::Frontmatter { .. } if !link.original.starts_with("[[") => Syntax::Markdown,
        _ => Syntax::Wiki,
    }
}

/// Turns planned link changes into new file texts, and checks each new text: parsed again,
/// every link that resolved before resolves to the same file in the new layout.
pub(crate) fn build_rewrites(
    vault: &Vault,
    index: &VaultIndex,
    disk: &dyn Disk,
    layout: &Layout,
    changes: BTreeMap<FileId, FileChanges>,
) -> Result<Vec<Rewrite>, String> {
    let mut out = Vec::new();
    for (id, file_changes) in changes {
        let path = &vault.files[id].path;
        let note = vault.note(id).ok_or_else(|| format!("{path} has links but could not be read"))?;
        let old = disk.read(path).map_err(|e| format!("cannot read {path}: {e}; nothing was changed"))?;
        let text = std::str::from_utf8(&old).map_err(|_| {
            format!("{path} is not valid UTF-8, so its links cannot be rewritten safely; fix its encoding first")
        })?;
        let links = file_changes.links.len();
        let new = if is_canvas_path(path) {
            super::canvas::rewrite_canvas(text, note, &file_changes.links)
        } else {
            rewrite_note(text, note, &file_changes)
        }
        .map_err(|e| format!("{path}: {e}; nothing was changed"))?;
        verify(vault, index, layout, id, &new)?;
        out.push(Rewrite { path: path.clone(), new_path: layout.paths[id].clone(), old, new, links });
    }
    Ok(out)
}

/// The text of a note with its link changes and edits made.
pub(crate) fn rewrite_note(text: &str, note: &Note, changes: &FileChanges) -> Result<String, String> {
    let mut fixes = Vec::new();
    for (k, change) in &changes.links {
        let link = &note.links[*k];
        let span = link.loc.span;
        if text.get(span.start..span.end) != Some(link.original.as_str()) {
            return Err(format!("cannot locate the link {} in the text", link.original));
        }
        let mut new = rewrite(&link.original, syntax_of(link), &link.target, change)?;
        if let LinkKind::Frontmatter { key } = &link.kind {
            new = match text[..span.start].chars().next_back() {
                Some('"') => new.replace('\\', "\\\\").replace('"', "\\\""),
                Some('\'') => new.replace('\'', "''"),
                _ => return Err(format!("the property {key} holds a link that is not quoted")),
            };
        }
        fixes.push(Fix::safe("rewrite link", vec![Edit::replace(span, new)]));
    }
    fixes.extend(changes.edits.iter().map(|e| Fix::safe("edit", vec![e.clone()])));
    let refs: Vec<&Fix> = fixes.iter().collect();
    let applied = crate::edits::apply_fixes(text, &refs);
    if applied.fixes != fixes.len() {
        return Err("two changes overlap in the text".into());
    }
    Ok(applied.text)
}

/// Parses the new text of file `id` and checks each of its links against the old ones.
fn verify(vault: &Vault, index: &VaultIndex, layout: &Layout, id: FileId, new: &str) -> Result<(), String> {
    let path = &vault.files[id].path;
    let reparsed = if is_canvas_path(path) {
        crate::parse::canvas::parse_canvas(new)
    } else {
        crate::vault::parse_bytes(new.as_bytes())
    };
    let old = vault.note(id).map_or(&[][..], |n| &n.links[..]);
    if reparsed.links.len() != old.len() {
        return Err(format!(
            "rewriting the links of {path} would change how many links it holds ({} → {}); nothing was changed",
            old.len(),
            reparsed.links.len()
        ));
    }
    for ((link, target), old_link) in reparsed.links.iter().zip(&index.targets[id]).zip(old) {
        let Some(wanted) = target.resolution.file else { continue };
        let now = resolve_link(layout.names, link, id);
        if now.file != Some(wanted) {
            return Err(format!(
                "in {path}, {} would become {}, which does not lead to {}; nothing was changed",
                old_link.original, link.original, layout.paths[wanted]
            ));
        }
    }
    Ok(())
}
