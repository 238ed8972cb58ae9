//! The vault's link graph: names → files, every link → its target, unresolved targets.
//! The one place that knows Obsidian's resolution order (see `resolve.rs`).

pub mod resolve;
pub mod subpath;

use crate::note::Link;
use crate::text::nfc;
use crate::vault::Vault;
use rayon::prelude::*;
use resolve::Resolution;
use std::collections::HashMap;

pub type FileId = usize;

/// Every file's lower-cased path and a multimap from lower-cased file name (with extension)
/// to files: Obsidian's candidate index.
#[derive(Debug, Default)]
pub struct Names {
    lower_paths: Vec<String>,
    by_name: HashMap<String, Vec<FileId>>,
}

impl Names {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = Names::default();
        for (id, path) in paths.into_iter().enumerate() {
            let lower = nfc(path).to_lowercase();
            let name = lower.rsplit('/').next().unwrap_or(&lower).to_string();
            names.by_name.entry(name).or_default().push(id);
            names.lower_paths.push(lower);
        }
        names
    }

    pub fn named(&self, lower_name: &str) -> &[FileId] {
        self.by_name.get(lower_name).map_or(&[], Vec::as_slice)
    }

    pub fn lower(&self, id: FileId) -> &str {
        &self.lower_paths[id]
    }
}

/// What a link points at, once resolved.
#[derive(Debug, Clone)]
pub struct Target {
    pub resolution: Resolution,
    pub subpath: subpath::SubpathStatus,
}

#[derive(Debug)]
pub struct VaultIndex {
    pub names: Names,
    /// Per file (aligned with `Vault::files`), per link (aligned with `Note::links`).
    pub targets: Vec<Vec<Target>>,
    /// Lower-cased alias → notes that declare it (aliases never resolve; they make hints).
    pub aliases: HashMap<String, Vec<FileId>>,
    /// File name squashed to letters and digits → files: near misses for broken links, built
    /// on the first broken link (most checks of a clean vault never need it).
    squashed: std::sync::OnceLock<HashMap<String, Vec<FileId>>>,
    /// Lower-cased attachment name without its extension → attachments.
    stems: HashMap<String, Vec<FileId>>,
}

impl VaultIndex {
    pub fn build(vault: &Vault) -> Self {
        let names = Names::new(vault.files.iter().map(|f| f.path.as_str()));
        let targets = (0..vault.files.len())
            .into_par_iter()
            .map(|id| match vault.note(id) {
                Some(note) => note.links.iter().map(|l| target_of(vault, &names, l, id)).collect(),
                None => Vec::new(),
            })
            .collect();
        let mut aliases: HashMap<String, Vec<FileId>> = HashMap::new();
        for (id, note) in vault.notes() {
            for alias in note.frontmatter.iter().flat_map(|f| &f.aliases) {
                let ids = aliases.entry(nfc(alias).to_lowercase()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut stems: HashMap<String, Vec<FileId>> = HashMap::new();
        for (id, file) in vault.files.iter().enumerate() {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            if !file.is_note
                && let Some((stem, _)) = name.rsplit_once('.')
            {
                stems.entry(stem.to_lowercase()).or_default().push(id);
            }
        }
        let squashed = std::sync::OnceLock::new();
        VaultIndex { names, targets, aliases, squashed, stems }
    }

    /// Files whose name equals the last segment of `linkpath` once both are squashed to
    /// lower-case letters and digits (`%20` read as a space).
    pub fn similar(&self, vault: &Vault, linkpath: &str) -> Vec<FileId> {
        let name = linkpath.rsplit('/').next().unwrap_or(linkpath);
        let key = squash(name);
        if key.is_empty() {
            return Vec::new();
        }
        let squashed = self.squashed.get_or_init(|| {
            let mut map: HashMap<String, Vec<FileId>> = HashMap::new();
            for (id, file) in vault.files.iter().enumerate() {
                let name = file.path.rsplit('/').next().unwrap_or(&file.path);
                map.entry(squash(name.strip_suffix(".md").unwrap_or(name))).or_default().push(id);
            }
            map
        });
        squashed.get(&key).cloned().unwrap_or_default()
    }

    /// Attachments named `stem.<any extension>`.
    pub fn with_stem(&self, lower_stem: &str) -> Vec<FileId> {
        self.stems.get(lower_stem).cloned().unwrap_or_default()
    }

    pub fn resolve(&self, linkpath: &str, source: FileId) -> Resolution {
        resolve::resolve(&self.names, linkpath, source)
    }
}

fn target_of(vault: &Vault, names: &Names, link: &Link, source: FileId) -> Target {
    let resolution = resolve::resolve(names, link.linkpath(), source);
    let subpath = match (resolution.file, link.subpath()) {
        (Some(file), Some(sub)) => subpath::check(vault, file, sub),
        _ => subpath::SubpathStatus::None,
    };
    Target { resolution, subpath }
}

fn squash(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%20") {
            rest = after;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Obsidian's unresolved-link key: the linkpath without one trailing `.md`.
pub fn unresolved_key(linkpath: &str) -> &str {
    let n = linkpath.len();
    if n >= 3 && linkpath.is_char_boundary(n - 3) && linkpath[n - 3..].eq_ignore_ascii_case(".md") {
        &linkpath[..n - 3]
    } else {
        linkpath
    }
}
