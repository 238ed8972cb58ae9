//! Planning stub notes for missing link targets: which path each gets and why, and what it
//! says. Pure: it reads the parsed vault and the linking notes' text (through a closure) and
//! writes nothing; `write::VaultWriter::create_new` does the writing.
//!
//! Every plan is proved before it is returned: the planned files are added to Obsidian's
//! name index (`index::Names`) and every link to each stub is resolved with Obsidian's
//! algorithm (`index::resolve`), which must now land on that stub, while every link that
//! resolved before must still land where it did. A stub that fails either test is left out
//! with the reason.

pub mod context;
pub mod maker;
pub mod moment;
pub mod names;
pub mod template;

use crate::index::{FileId, Names, VaultIndex, resolve, unresolved_key};
use crate::note::{Link, LinkKind};
use crate::rules::{MissingNote, Referrer};
use crate::vault::Vault;
use chrono::{DateTime, FixedOffset};
use std::collections::{BTreeMap, HashMap, HashSet};
pub use template::{Template, TemplateError};

/// Where a stub whose link names no folder goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// In `folder` (vault-relative, `""` for the root); `why` says who chose it.
    Folder { folder: String, why: String },
    /// In the folder of the first note that links to it (Obsidian's `newFileLocation: current`).
    LinkingNote,
}

/// What `.obsidian/` says about new notes (spec §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObsidianSettings {
    pub placement: Placement,
    /// `templates.json` `dateFormat`, default `YYYY-MM-DD`.
    pub date_format: String,
    /// `templates.json` `timeFormat`, default `HH:mm`.
    pub time_format: String,
}

impl ObsidianSettings {
    /// From the parsed `app.json` and `templates.json` (`Null` when absent). A folder that is
    /// not a valid vault path is an error naming the setting.
    pub fn from_json(app: &serde_json::Value, templates: &serde_json::Value) -> Result<Self, String> {
        let text = |v: &serde_json::Value, key: &str| v.get(key).and_then(|x| x.as_str()).map(str::to_string);
        let placement = match text(app, "newFileLocation").as_deref() {
            Some("current") => Placement::LinkingNote,
            Some("folder") => {
                let raw = text(app, "newFileFolderPath").unwrap_or_default();
                let folder =
                    folder_path(&raw).map_err(|e| format!(".obsidian/app.json newFileFolderPath {raw:?}: {e}"))?;
                let why = format!("Obsidian's new-note folder (.obsidian/app.json newFileFolderPath {raw:?})");
                Placement::Folder { folder, why }
            }
            Some(other) => Placement::Folder {
                folder: String::new(),
                why: format!("the vault root (.obsidian/app.json newFileLocation {other:?})"),
            },
            None => Placement::Folder {
                folder: String::new(),
                why: "the vault root (Obsidian's default new-note location)".into(),
            },
        };
        let format = |key: &str, default: &str| {
            text(templates, key).filter(|f| !f.trim().is_empty()).unwrap_or_else(|| default.to_string())
        };
        Ok(ObsidianSettings {
            placement,
            date_format: format("dateFormat", "YYYY-MM-DD"),
            time_format: format("timeFormat", "HH:mm"),
        })
    }
}

/// A vault folder as a user writes it (`People/`, `/Inbox`, `a\b`) as a clean vault-relative
/// path (`""` for the root), or why it cannot be one.
pub fn folder_path(raw: &str) -> Result<String, String> {
    let unified = raw.replace('\\', "/");
    let mut segments = Vec::new();
    for seg in unified.split('/').filter(|s| !s.is_empty()) {
        if seg == "." {
            continue;
        }
        if seg == ".." {
            return Err("a folder path may not climb with \"..\"".into());
        }
        if let Some(p) = names::problem(seg) {
            return Err(format!("the folder name {} has {p}", names::quote(seg)));
        }
        segments.push(seg);
    }
    Ok(segments.join("/"))
}

pub struct Options<'a> {
    pub placement: Placement,
    pub template: &'a Template,
    pub now: DateTime<FixedOffset>,
    pub date_format: String,
    pub time_format: String,
    /// Stub near misses too (`--include-near-misses`): targets that are an alias, a spelling or
    /// a likely typo of a file that exists. Off by default: such a stub makes the mistaken link
    /// resolve, its hint vanishes, and the vault has two notes for one thing.
    pub include_near_misses: bool,
}

/// One link, as a diagnostic names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The link as written, e.g. `[[../../.bashrc]]`.
    pub original: String,
}

#[derive(Debug, Clone)]
pub struct PlannedNote {
    /// Vault-relative, `/`-separated, `.md` included.
    pub path: String,
    /// The file name without `.md`: the stub's `{{title}}`.
    pub title: String,
    /// Why that folder.
    pub why: String,
    /// The missing targets it satisfies (case-folded keys; more than one when, say,
    /// `[[./Lenin]]` and `[[Lenin]]` both mean the root `Lenin.md`).
    pub keys: Vec<String>,
    /// Every link it satisfies: (linking file, index in its `Note::links`).
    pub links: Vec<(FileId, usize)>,
    pub content: String,
}

#[derive(Debug, Clone)]
pub struct Refusal {
    pub key: String,
    pub title: String,
    /// The first link to the target.
    pub link: LinkRef,
    pub links: usize,
    pub reason: String,
}

/// A target that needs no stub of its own: once the planned stubs exist, all its links
/// resolve to them (`[[Lenin]]` reaches `People/Lenin.md`).
#[derive(Debug, Clone)]
pub struct Satisfied {
    pub key: String,
    pub title: String,
    pub by: Vec<String>,
}

/// A missing target left without a stub because it is a near miss of a file that exists:
/// the link is to be fixed instead.
#[derive(Debug, Clone)]
pub struct NearMissTarget {
    pub key: String,
    pub title: String,
    /// The first link to the target.
    pub link: LinkRef,
    pub links: usize,
    /// The file the links most likely mean.
    pub file: String,
    /// What kind of near miss (`an alias`, `a likely typo`, …).
    pub kind: &'static str,
    /// The link written so that it reaches that file and reads the same: `[[Calculus 2|MATA37]]`.
    pub suggestion: String,
    /// `check --fix --unsafe-fixes` rewrites its links (one candidate, not an acronym matched by
    /// case alone); otherwise the owner decides.
    pub fixable: bool,
}

/// The near miss a missing note is, if any (see `index::near_miss`).
pub fn near_miss_target(vault: &Vault, index: &VaultIndex, m: &MissingNote) -> Option<NearMissTarget> {
    if m.attachment || m.referrers.is_empty() {
        return None;
    }
    let embed = m.referrers.iter().any(|r| link_of(vault, r).is_some_and(Link::is_embed));
    let miss = index.near_miss(vault, &m.title, embed)?;
    let file = &vault.files[miss.file()].path;
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let name = file.rsplit('/').next().unwrap_or(file);
    let unique = index.names.named(&crate::text::lowercase(name)).len() == 1;
    let written = if unique { stem.rsplit('/').next().unwrap_or(stem) } else { stem };
    let shown = match &miss {
        // An acronym matched by case alone (`man`, alias `MAN`): the link to write, if that is
        // meant, shows the acronym, as broken-link's hint says.
        crate::index::near_miss::NearMiss::Alias { alias, .. } if !miss.is_certain() => alias.as_str(),
        _ => m.title.rsplit('/').next().unwrap_or(&m.title),
    };
    let suggestion = match miss {
        crate::index::near_miss::NearMiss::Extension { .. } => format!("![[{written}]]"),
        _ if shown == written => format!("[[{written}]]"),
        _ => format!("[[{written}|{shown}]]"),
    };
    Some(NearMissTarget {
        key: m.key.clone(),
        title: m.title.clone(),
        link: link_ref(vault, &m.referrers[0]),
        links: m.referrers.len(),
        file: file.clone(),
        kind: miss.kind(),
        suggestion,
        fixable: miss.is_certain(),
    })
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Most linked first.
    pub stubs: Vec<PlannedNote>,
    /// Targets that are near misses of files that exist, left without a stub (unless
    /// `Options::include_near_misses`).
    pub near_misses: Vec<NearMissTarget>,
    pub refused: Vec<Refusal>,
    pub satisfied: Vec<Satisfied>,
    /// Links that will resolve only by Obsidian's tie-break among several files of one name
    /// once the stubs exist (they still resolve where they should), one line per file.
    pub warnings: Vec<String>,
}

/// The link a referrer stands for: its index in the linking note's links.
pub fn link_index(vault: &Vault, r: &Referrer) -> Option<usize> {
    vault.note(r.file)?.links.iter().position(|l| l.loc == r.loc && unresolved_key(l.linkpath()) == r.written)
}

fn link_ref(vault: &Vault, r: &Referrer) -> LinkRef {
    let original = link_index(vault, r)
        .and_then(|i| vault.note(r.file).map(|n| n.links[i].original.clone()))
        .unwrap_or_else(|| format!("[[{}]]", r.written));
    LinkRef { path: vault.files[r.file].path.clone(), line: r.loc.start.line, column: r.loc.start.col, original }
}

/// A stub's place before it is proved.
struct Candidate {
    /// Indices into `missing`.
    members: Vec<usize>,
    folder: String,
    name: String,
    why: String,
    /// The link itself says where (a folder or a relative path).
    explicit: bool,
}

impl Candidate {
    fn path(&self) -> String {
        if self.folder.is_empty() { format!("{}.md", self.name) } else { format!("{}/{}.md", self.folder, self.name) }
    }
}

/// Folder casing: a folder the vault already has (or a stub already planned) is reused
/// whatever the case the link writes it in, so `People/` and `people/` make one folder on
/// every file system.
struct Folders(HashMap<String, String>);

impl Folders {
    fn new(vault: &Vault) -> Self {
        let mut map = HashMap::new();
        for f in &vault.files {
            let mut end = 0;
            while let Some(i) = f.path[end..].find('/') {
                end += i;
                map.entry(f.path[..end].to_lowercase()).or_insert_with(|| f.path[..end].to_string());
                end += 1;
            }
        }
        Folders(map)
    }

    /// `folder` with each leading part spelled as it already exists.
    fn canonical(&mut self, folder: &str) -> String {
        if folder.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        for seg in folder.split('/') {
            let candidate = if out.is_empty() { seg.to_string() } else { format!("{out}/{seg}") };
            out = self.0.entry(candidate.to_lowercase()).or_insert(candidate).clone();
        }
        out
    }
}

/// The file system, as far as planning needs it: read-only.
pub struct Io<'a> {
    /// The text of a linking file, for the sentences quoted in the stub.
    pub read: &'a dyn Fn(FileId) -> Option<String>,
    /// Whether a vault-relative path may be written as far as the folders that exist today
    /// tell (`write::VaultWriter::check`): a folder that is a symbolic link out of the vault,
    /// or a file where a folder should be, is a refusal in the plan.
    pub writable: &'a dyn Fn(&str) -> Result<(), String>,
}

/// Plans one stub per missing note of `missing` (attachments are skipped).
pub fn plan(vault: &Vault, index: &VaultIndex, missing: &[MissingNote], opts: &Options, io: &Io) -> Plan {
    let mut plan = Plan::default();
    let mut folders = Folders::new(vault);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (i, m) in missing.iter().enumerate() {
        if m.attachment || m.referrers.is_empty() {
            continue;
        }
        if !opts.include_near_misses
            && let Some(near) = near_miss_target(vault, index, m)
        {
            plan.near_misses.push(near);
            continue;
        }
        match place(vault, m, &opts.placement) {
            Ok((folder, name, why, explicit)) => {
                let folder = folders.canonical(&folder);
                let c = Candidate { members: vec![i], folder, name, why, explicit };
                if let Err(reason) = (io.writable)(&c.path()) {
                    plan.refused.push(refusal(vault, m, format!("{}: {reason}", c.path())));
                    continue;
                }
                match by_path.get(&c.path().to_lowercase()) {
                    Some(&at) => candidates[at].members.push(i),
                    None => {
                        by_path.insert(c.path().to_lowercase(), candidates.len());
                        candidates.push(c);
                    }
                }
            }
            Err(reason) => plan.refused.push(refusal(vault, m, reason)),
        }
    }

    // Stubs whose links say where they go first; a bare `[[Lenin]]` that `People/Lenin.md`
    // already satisfies gets no second note (which would make both links ambiguous).
    let explicit: Vec<usize> = (0..candidates.len()).filter(|&c| candidates[c].explicit).collect();
    let (first, _) = prove(vault, index, missing, &candidates, explicit);
    let names = SimNames::new(vault, &candidates, &first);
    let needed: Vec<usize> = (0..candidates.len())
        .filter(|&c| {
            candidates[c].explicit
                || !candidates[c].members.iter().flat_map(|&i| &missing[i].referrers).all(|r| {
                    link_of(vault, r).is_some_and(|l| {
                        let got = names.resolution(l.linkpath(), r.file);
                        got.file.is_some() && !got.is_ambiguous()
                    })
                })
        })
        .collect();
    let (active, failures) = prove(vault, index, missing, &candidates, needed);

    // Targets left out: satisfied by the others, or refused with the reason.
    let names = SimNames::new(vault, &candidates, &active);
    plan.warnings = ambiguity_warnings(vault, index, missing, &candidates, &names);
    let kept: HashSet<usize> = active.iter().copied().collect();
    for c in (0..candidates.len()).filter(|c| !kept.contains(c)) {
        let reason = failures.get(&c).cloned().unwrap_or_else(|| "its links would reach another stub".to_string());
        for &i in &candidates[c].members {
            let m = &missing[i];
            let mut by = Vec::new();
            let resolves = m.referrers.iter().all(|r| match link_of(vault, r) {
                Some(link) => match names.resolve(link.linkpath(), r.file) {
                    Some(f) => {
                        let p = names.path(vault, f).to_string();
                        if !by.contains(&p) {
                            by.push(p);
                        }
                        true
                    }
                    None => false,
                },
                None => false,
            });
            if resolves {
                plan.satisfied.push(Satisfied { key: m.key.clone(), title: m.title.clone(), by });
            } else {
                plan.refused.push(refusal(vault, m, reason.clone()));
            }
        }
    }

    let mut texts: HashMap<FileId, Option<String>> = HashMap::new();
    for &c in &active {
        let cand = &candidates[c];
        let stub_id = names.id_of(c);
        let referrers: Vec<&Referrer> = cand.members.iter().flat_map(|&i| &missing[i].referrers).collect();
        let keys: HashSet<&str> = cand.members.iter().map(|&i| missing[i].key.as_str()).collect();
        let mentions = if opts.template.uses_mentions() {
            mentions(vault, &names, stub_id, &referrers, &keys, &mut texts, io.read)
        } else {
            String::new()
        };
        let content = opts.template.render(&template::Values {
            title: &cand.name,
            now: &opts.now,
            date_format: &opts.date_format,
            time_format: &opts.time_format,
            mentions: &mentions,
        });
        let mut links: Vec<(FileId, usize)> =
            referrers.iter().filter_map(|r| link_index(vault, r).map(|i| (r.file, i))).collect();
        links.sort_unstable();
        links.dedup();
        plan.stubs.push(PlannedNote {
            path: cand.path(),
            title: cand.name.clone(),
            why: cand.why.clone(),
            keys: cand.members.iter().map(|&i| missing[i].key.clone()).collect(),
            links,
            content,
        });
    }
    let ranks: HashMap<&str, usize> = missing.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
    let rank = |key: &str| ranks.get(key).copied().unwrap_or(usize::MAX);
    plan.stubs.sort_by_key(|s| s.keys.iter().map(|k| rank(k)).min());
    plan.refused.sort_by_key(|r| rank(&r.key));
    plan.satisfied.sort_by_key(|s| rank(&s.key));
    plan.near_misses.sort_by_key(|n| rank(&n.key));
    plan
}

fn refusal(vault: &Vault, m: &MissingNote, reason: String) -> Refusal {
    Refusal {
        key: m.key.clone(),
        title: m.title.clone(),
        link: link_ref(vault, &m.referrers[0]),
        links: m.referrers.len(),
        reason,
    }
}

fn link_of<'v>(vault: &'v Vault, r: &Referrer) -> Option<&'v Link> {
    link_index(vault, r).and_then(|i| vault.note(r.file).map(|n| &n.links[i]))
}

/// The folder, file name (without `.md`) and the reason for a missing note, or why it gets
/// no stub.
fn place(vault: &Vault, m: &MissingNote, placement: &Placement) -> Result<(String, String, String, bool), String> {
    let title = m.title.as_str();
    if title.starts_with('/') || title.starts_with('\\') || title.starts_with('~') || has_drive(title) {
        return Err("an absolute path; stubs are only created inside the vault".into());
    }
    let (folder, name, why) = if title.starts_with("./") || title.starts_with("../") {
        // Relative to each linking note: all of them must mean the same file.
        let mut joined: Option<String> = None;
        for r in &m.referrers {
            let source = &vault.files[r.file].path;
            let dir = source.rfind('/').map_or("", |i| &source[..i]);
            let j = join_relative(dir, title)
                .ok_or_else(|| format!("climbs above the vault root from {source}; stubs stay inside the vault"))?;
            match &joined {
                Some(prev) if prev.to_lowercase() != j.to_lowercase() => {
                    return Err(format!(
                        "a relative link that means {prev}.md from one note and {j}.md from {source}; \
                         write the note's vault path instead"
                    ));
                }
                Some(_) => {}
                None => joined = Some(j),
            }
        }
        let joined = joined.unwrap_or_default();
        let (folder, name) = joined.rsplit_once('/').unwrap_or(("", &joined));
        let first = &vault.files[m.referrers[0].file].path;
        (folder.to_string(), name.to_string(), format!("the link's relative path from {first}"))
    } else if let Some((folder, name)) = title.rsplit_once('/') {
        (folder.to_string(), name.to_string(), "the folder named in the link".to_string())
    } else {
        match placement {
            Placement::Folder { folder, why } => (folder.clone(), title.to_string(), why.clone()),
            Placement::LinkingNote => {
                let first = &vault.files[m.referrers[0].file].path;
                let folder = first.rfind('/').map_or("", |i| &first[..i]);
                let why = format!(
                    "Obsidian's new-note location (.obsidian/app.json newFileLocation \"current\"): \
                     the folder of {first}, the first note linking to it"
                );
                (folder.to_string(), title.to_string(), why)
            }
        }
    };
    for seg in folder.split('/').filter(|_| !folder.is_empty()) {
        if seg == "." || seg == ".." {
            return Err(format!("the folder part {} climbs with \"{seg}\"", names::quote(&folder)));
        }
        if let Some(p) = names::problem(seg) {
            return Err(format!("the folder name {} has {p}", names::quote(seg)));
        }
    }
    if let Some(p) = names::problem(&name) {
        return Err(format!("the name {} has {p}", names::quote(&name)));
    }
    if let Some(p) = names::problem(&format!("{name}.md")) {
        return Err(format!("the file name {} has {p}", names::quote(&format!("{name}.md"))));
    }
    let explicit = title.contains('/');
    Ok((folder, name, why, explicit))
}

/// `C:/` or `c:\` at the start: a Windows drive (a bare `a:b` is refused for its `:`).
fn has_drive(title: &str) -> bool {
    let b = title.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\')
}

/// Joins a `./` or `../` path to `dir` like Obsidian (§3.2 step 5), keeping case; `None`
/// when it climbs above the root (which Obsidian would clamp).
fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut rest = rel;
    if let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    while let Some(r) = rest.strip_prefix("../") {
        parts.pop()?;
        rest = r;
    }
    parts.push(rest);
    Some(parts.join("/"))
}

/// The vault's names plus the planned stubs, for Obsidian's resolver. Vault files keep
/// their ids; the stubs follow.
struct SimNames {
    names: Names,
    base: usize,
    /// Candidate index of each planned id past `base`.
    planned: Vec<usize>,
    /// Candidate index → its id.
    ids: HashMap<usize, FileId>,
    paths: Vec<String>,
}

impl SimNames {
    fn new(vault: &Vault, candidates: &[Candidate], active: &[usize]) -> SimNames {
        let paths: Vec<String> = active.iter().map(|&c| candidates[c].path()).collect();
        let mut names = Names::new(vault.files.iter().map(|f| f.path.as_str()).chain(paths.iter().map(String::as_str)));
        // Files the watcher saw deleted keep their ids, but no link reaches them.
        for id in (0..vault.files.len()).filter(|&id| vault.files[id].removed) {
            names.remove(id);
        }
        let base = vault.files.len();
        let ids = active.iter().enumerate().map(|(i, &c)| (c, base + i)).collect();
        SimNames { names, base, planned: active.to_vec(), ids, paths }
    }

    fn id_of(&self, candidate: usize) -> FileId {
        self.ids[&candidate]
    }

    fn candidate(&self, id: FileId) -> Option<usize> {
        id.checked_sub(self.base).map(|i| self.planned[i])
    }

    fn path<'a>(&'a self, vault: &'a Vault, id: FileId) -> &'a str {
        if id < self.base { &vault.files[id].path } else { &self.paths[id - self.base] }
    }

    fn resolve(&self, linkpath: &str, source: FileId) -> Option<FileId> {
        self.resolution(linkpath, source).file
    }

    fn resolution(&self, linkpath: &str, source: FileId) -> resolve::Resolution {
        resolve::resolve(&self.names, linkpath, source)
    }
}

/// Lower-cased last path segment without a trailing `.md`: the links a new `name.md` may
/// change are exactly those with this stem.
fn stem(linkpath: &str) -> String {
    let last = linkpath.rsplit('/').next().unwrap_or(linkpath);
    unresolved_key(last).to_lowercase()
}

/// Links that resolve today and that a stub could take, because it has the name they look
/// up: (linking file, link index, file it resolves to).
fn resolved_links(vault: &Vault, index: &VaultIndex, candidates: &[Candidate]) -> Vec<(FileId, usize, FileId)> {
    let stems: HashSet<String> = candidates.iter().map(|c| c.name.to_lowercase()).collect();
    let mut resolved = Vec::new();
    for (id, note) in vault.notes() {
        for (i, (link, target)) in note.links.iter().zip(&index.targets[id]).enumerate() {
            if let Some(to) = target.resolution.file
                && !link.linkpath().is_empty()
                && stems.contains(&stem(link.linkpath()))
            {
                resolved.push((id, i, to));
            }
        }
    }
    resolved
}

/// Links that the planned stubs leave resolving by Obsidian's tie-break among several
/// files, where they did not before: one line per file they reach.
fn ambiguity_warnings(
    vault: &Vault,
    index: &VaultIndex,
    missing: &[MissingNote],
    candidates: &[Candidate],
    names: &SimNames,
) -> Vec<String> {
    let mut by_target: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut note = |to: FileId, file: FileId, link: &Link| {
        let e = by_target.entry(names.path(vault, to).to_string()).or_insert((0, String::new()));
        e.0 += 1;
        if e.1.is_empty() {
            e.1 = format!("{} in {}", link.original, vault.files[file].path);
        }
    };
    for (file, i, before) in resolved_links(vault, index, candidates) {
        let link = &vault.note(file).expect("a note").links[i];
        let now = names.resolution(link.linkpath(), file);
        if now.file == Some(before) && now.is_ambiguous() && !index.targets[file][i].resolution.is_ambiguous() {
            note(before, file, link);
        }
    }
    for r in missing.iter().filter(|m| !m.attachment).flat_map(|m| &m.referrers) {
        if let Some(link) = link_of(vault, r) {
            let now = names.resolution(link.linkpath(), r.file);
            if let Some(to) = now.file.filter(|_| now.is_ambiguous()) {
                note(to, r.file, link);
            }
        }
    }
    by_target
        .into_iter()
        .map(|(to, (n, example))| {
            format!(
                "{n} link{} to {to} will resolve by Obsidian's tie-break among files of the same name \
                 (e.g. {example})",
                if n == 1 { "" } else { "s" }
            )
        })
        .collect()
}

/// Drops candidates until the rest are proved; returns the kept ones (in order) and, for
/// each dropped one, why.
fn prove(
    vault: &Vault,
    index: &VaultIndex,
    missing: &[MissingNote],
    candidates: &[Candidate],
    mut active: Vec<usize>,
) -> (Vec<usize>, BTreeMap<usize, String>) {
    let mut failures: BTreeMap<usize, String> = BTreeMap::new();
    let resolved = resolved_links(vault, index, candidates);
    loop {
        let names = SimNames::new(vault, candidates, &active);
        let mut failed: BTreeMap<usize, String> = BTreeMap::new();
        for &c in &active {
            let me = names.id_of(c);
            for r in candidates[c].members.iter().flat_map(|&i| &missing[i].referrers) {
                let Some(link) = link_of(vault, r) else { continue };
                let got = names.resolve(link.linkpath(), r.file);
                if got != Some(me) {
                    let source = &vault.files[r.file].path;
                    let reason = match got {
                        Some(other) => format!(
                            "{} from {source} would go to {} instead, by Obsidian's tie-break",
                            link.original,
                            names.path(vault, other)
                        ),
                        None => format!("{} from {source} would still not resolve to it", link.original),
                    };
                    failed.entry(c).or_insert(reason);
                    break;
                }
            }
        }
        for &(file, i, before) in &resolved {
            let link = &vault.note(file).expect("a note").links[i];
            let now = names.resolve(link.linkpath(), file);
            if now != Some(before)
                && let Some(c) = now.and_then(|n| names.candidate(n))
            {
                failed.entry(c).or_insert_with(|| {
                    format!(
                        "it would take {} in {} away from {}",
                        link.original, vault.files[file].path, vault.files[before].path
                    )
                });
            }
        }
        if failed.is_empty() {
            return (active, failures);
        }
        active.retain(|c| !failed.contains_key(c));
        failures.extend(failed);
    }
}

/// The "Mentioned in" list: each linking note as a link, with the sentence around each link.
fn mentions(
    vault: &Vault,
    names: &SimNames,
    stub: FileId,
    referrers: &[&Referrer],
    keys: &HashSet<&str>,
    texts: &mut HashMap<FileId, Option<String>>,
    read: &dyn Fn(FileId) -> Option<String>,
) -> String {
    let mut order: Vec<FileId> = Vec::new();
    let mut by_file: HashMap<FileId, Vec<String>> = HashMap::new();
    for r in referrers {
        if !order.contains(&r.file) {
            order.push(r.file);
        }
        let Some(note) = vault.note(r.file) else { continue };
        let Some(i) = link_index(vault, r) else { continue };
        let context = match &note.links[i].kind {
            LinkKind::Frontmatter { key } => Some(format!("property `{key}`")),
            _ => {
                let text = texts.entry(r.file).or_insert_with(|| read(r.file));
                text.as_deref().and_then(|t| {
                    context::sentence(t, &note.links, i, |l| {
                        keys.contains(unresolved_key(l.linkpath()).to_lowercase().as_str())
                    })
                })
            }
        };
        let list = by_file.entry(r.file).or_default();
        if let Some(c) = context
            && !list.contains(&c)
        {
            list.push(c);
        }
    }
    let mut out = String::new();
    for file in order {
        let link = link_to(vault, names, file, stub);
        let contexts = by_file.remove(&file).unwrap_or_default();
        match contexts.as_slice() {
            [] => out.push_str(&format!("- {link}\n")),
            [one] => out.push_str(&format!("- {link}: {one}\n")),
            many => {
                out.push_str(&format!("- {link}\n"));
                for c in many {
                    out.push_str(&format!("  - {c}\n"));
                }
            }
        }
    }
    out
}

/// A wikilink from the stub to `file` the way Obsidian writes one (shortest form, §3.9):
/// the bare name when it reaches that file, else the full path with the name as display.
fn link_to(vault: &Vault, names: &SimNames, file: FileId, stub: FileId) -> String {
    let path = &vault.files[file].path;
    let linkpath = path.strip_suffix(".md").unwrap_or(path);
    let name = linkpath.rsplit('/').next().unwrap_or(linkpath);
    if name.contains(['|', '#', '^', '[', ']']) || linkpath.contains("]]") {
        // Obsidian cannot link to such a name; say where it is instead.
        return format!("`{path}`");
    }
    let bare = names.resolution(name, stub);
    if bare.file == Some(file) && !bare.is_ambiguous() {
        format!("[[{name}]]")
    } else {
        format!("[[{linkpath}|{name}]]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::missing_notes;
    use std::path::Path;

    fn plan_texts(files: &[(&str, &str)], placement: Placement) -> Plan {
        let vault = Vault::from_texts(Path::new("/v"), files);
        let index = VaultIndex::build(&vault);
        let missing = missing_notes(&vault, &index, |_| true);
        let template = Template::parse("# {{title}}\n{{mentions}}\n").unwrap();
        let opts = Options {
            placement,
            template: &template,
            now: DateTime::parse_from_rfc3339("2026-01-02T00:00:00Z").unwrap(),
            date_format: "YYYY-MM-DD".into(),
            time_format: "HH:mm".into(),
            include_near_misses: false,
        };
        let texts: HashMap<FileId, String> = vault
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((i, files.iter().find(|x| x.0 == f.path)?.1.to_string())))
            .collect();
        plan(&vault, &index, &missing, &opts, &Io { read: &|id| texts.get(&id).cloned(), writable: &|_| Ok(()) })
    }

    fn root() -> Placement {
        Placement::Folder { folder: String::new(), why: "root".into() }
    }

    fn paths(p: &Plan) -> Vec<&str> {
        p.stubs.iter().map(|s| s.path.as_str()).collect()
    }

    #[test]
    fn one_stub_per_case_folded_target_in_its_folder() {
        let p = plan_texts(
            &[
                ("a.md", "[[Lenin]] [[lenin]] [[People/Trotsky]] [[people/trotsky.md]] ![[x.png]]\n"),
                ("people/b.md", ""),
            ],
            root(),
        );
        assert_eq!(paths(&p), ["Lenin.md", "people/Trotsky.md"]);
        assert!(p.refused.is_empty());
        assert_eq!(p.stubs[0].content, "# Lenin\n- [[a]]: **Lenin** **lenin** People/Trotsky people/trotsky.md\n");
    }

    #[test]
    fn a_bare_link_reached_by_a_folder_stub_needs_none() {
        let p = plan_texts(
            &[("a.md", "[[People/Lenin]] [[Lenin]]\n")],
            Placement::Folder { folder: "Stubs".into(), why: "x".into() },
        );
        assert_eq!(paths(&p), ["People/Lenin.md"]);
        assert_eq!(p.satisfied.len(), 1);
        assert_eq!(p.satisfied[0].by, ["People/Lenin.md"]);
    }

    #[test]
    fn a_stub_that_would_steal_links_is_refused() {
        // `[[Lenin]]` from x/ resolves to Other/Lenin.md today; x/Lenin.md would take it.
        let p = plan_texts(&[("Other/Lenin.md", ""), ("x/n.md", "[[Lenin]] [[x/Lenin]]\n")], root());
        assert!(p.stubs.is_empty(), "{:?}", paths(&p));
        assert_eq!(p.refused.len(), 1);
        assert!(p.refused[0].reason.contains("away from Other/Lenin.md"), "{}", p.refused[0].reason);
    }

    #[test]
    fn relative_links() {
        let p = plan_texts(&[("a/n.md", "[[./Lenin]] [[../Stalin]] [[../../Out]]\n")], root());
        assert_eq!(paths(&p), ["Stalin.md", "a/Lenin.md"]);
        assert_eq!(p.refused.len(), 1);
        assert!(p.refused[0].reason.contains("climbs above the vault root"));
    }

    #[test]
    fn linking_note_placement_and_unsafe_names() {
        let p = plan_texts(
            &[("z/n.md", "[[Lenin]] [[What?]] [[CON]] [[/etc/passwd]] [[.bashrc]]\n")],
            Placement::LinkingNote,
        );
        assert_eq!(paths(&p), ["z/Lenin.md"]);
        let refused: Vec<&str> = p.refused.iter().map(|r| r.link.original.as_str()).collect();
        assert_eq!(refused.len(), 4, "{refused:?}");
    }

    #[test]
    fn folder_paths() {
        assert_eq!(folder_path("/Inbox/").unwrap(), "Inbox");
        assert_eq!(folder_path("a\\b").unwrap(), "a/b");
        assert_eq!(folder_path("/").unwrap(), "");
        assert!(folder_path("../x").is_err());
        assert!(folder_path(".hidden").is_err());
    }
}
