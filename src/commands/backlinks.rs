//! `wikilint backlinks NOTE`: every link into one note (Obsidian's "linked mentions"), with
//! the text around each. NOTE may also be an alias of one note, or a note that does not exist
//! yet: then the links that wait for it are listed (what `stubs` would give a stub).

use crate::cli::{BacklinksArgs, ListFormat};
use crate::config::Overrides;
use crate::graph::{self, context};
use crate::index::{FileId, Names, VaultIndex, resolve, unresolved_key};
use crate::note::LinkKind;
use crate::vault::Vault;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct Row<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    kind: &'static str,
    original: &'a str,
    /// Inside an ```ad- block: rendered, but Obsidian's backlinks pane does not list it.
    hidden: bool,
    context: String,
}

/// What NOTE names.
enum Wanted {
    Note(FileId),
    /// No file, but links wait for one: named as the first of them writes it.
    Missing {
        name: String,
        links: Vec<graph::Backlink>,
    },
}

pub fn run(args: &BacklinksArgs) -> Result<u8, miette::Report> {
    // The vault: --vault, else the one holding PATH, else NOTE's file when it is a path, else
    // the current folder's.
    let note_path = Path::new(&args.note);
    let paths: Vec<std::path::PathBuf> = match &args.path {
        Some(p) => vec![p.clone()],
        None if note_path.is_file() => vec![note_path.to_path_buf()],
        None => Vec::new(),
    };
    let located = super::locate(args.vault.as_deref(), &paths)?;
    let super::Loaded { root, vault, index, .. } = super::load_root(located.root, &Overrides::default(), false)?;
    let wanted = find_note(&root, &vault, &index, &args.note)?;
    let links = match &wanted {
        Wanted::Note(target) => graph::backlinks(&vault, &index, *target),
        Wanted::Missing { links, .. } => links.clone(),
    };
    // The note text is not kept after parsing: read each linking file once more.
    let mut texts: HashMap<FileId, String> = HashMap::new();
    let mut rows = Vec::with_capacity(links.len());
    for b in &links {
        let text = texts.entry(b.source).or_insert_with(|| {
            std::fs::read(&vault.files[b.source].abs)
                .map(|t| String::from_utf8_lossy(&t).into_owned())
                .unwrap_or_default()
        });
        let link = &vault.note(b.source).expect("a linking file has links").links[b.link];
        rows.push(Row {
            path: &vault.files[b.source].path,
            line: link.loc.start.line,
            column: link.loc.start.col,
            kind: kind_name(&link.kind),
            original: &link.original,
            hidden: link.hidden,
            context: context::around(text, link.loc.span),
        });
    }
    // A missing note is named as its links write it.
    let (path, missing) = match &wanted {
        Wanted::Note(target) => (vault.files[*target].path.as_str(), false),
        Wanted::Missing { name, .. } => (name.as_str(), true),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                note: &'a str,
                #[serde(skip_serializing_if = "std::ops::Not::not")]
                missing: bool,
                backlinks: &'a [Row<'a>],
            }
            let doc = Doc { note: path, missing, backlinks: &rows };
            serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from).and_then(|_| writeln!(out))
        }
        ListFormat::Human if missing => human(&format!("{path} (does not exist yet)"), &rows, &mut out),
        ListFormat::Human => human(path, &rows, &mut out),
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

fn human(path: &str, rows: &[Row], out: &mut impl Write) -> std::io::Result<()> {
    let mut notes: Vec<&str> = rows.iter().map(|r| r.path).collect();
    notes.dedup();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    writeln!(out, "{path}: {} link{} from {} note{}", rows.len(), s(rows.len()), notes.len(), s(notes.len()))?;
    for r in rows {
        let hidden = if r.hidden { " (hidden: in an ad- block)" } else { "" };
        writeln!(out, "{}:{}:{}: {}{hidden}", r.path, r.line, r.column, r.context)?;
    }
    Ok(())
}

fn kind_name(kind: &LinkKind) -> &'static str {
    match kind {
        LinkKind::Wikilink => "wikilink",
        LinkKind::Embed => "embed",
        LinkKind::Markdown => "mdlink",
        LinkKind::MarkdownImage => "mdembed",
        LinkKind::Frontmatter { .. } => "frontmatter",
        LinkKind::Canvas { .. } => "canvas",
    }
}

/// The links no file answers whose key (the linkpath without `.md`, lower-cased) is `key`,
/// in path order, as [`graph::backlinks`] gives a note's.
fn unresolved_links(vault: &Vault, index: &VaultIndex, key: &str) -> Vec<graph::Backlink> {
    let mut out: Vec<graph::Backlink> = vault
        .notes()
        .flat_map(|(source, note)| {
            note.links.iter().zip(&index.targets[source]).enumerate().filter_map(move |(link, (l, t))| {
                (t.resolution.file.is_none() && unresolved_key(l.linkpath()).to_lowercase() == key)
                    .then_some(graph::Backlink { source, link })
            })
        })
        .collect();
    out.sort_by(|a, b| vault.files[a.source].path.cmp(&vault.files[b.source].path).then(a.link.cmp(&b.link)));
    out
}

/// What NOTE names: a file path (as the shell completes it), a vault path, or a name as a
/// link would write it (`Lenin`, `[[Lenin]]`, `People/Lenin`), resolved as a link written in a
/// note at the vault root would be; else an alias of one note (as `mentions` takes it); else
/// a note that does not exist yet but has links waiting for it.
fn find_note(root: &Path, vault: &Vault, index: &VaultIndex, note: &str) -> Result<Wanted, miette::Report> {
    let by_path = |p: &str| vault.live_ids().find(|&id| vault.files[id].path == p);
    // A path on disk, relative to the working folder or absolute.
    if let (Ok(file), Ok(root)) = (std::fs::canonicalize(note), std::fs::canonicalize(root))
        && let Ok(rel) = file.strip_prefix(&root)
        && let Some(id) = rel.to_str().and_then(|r| by_path(&crate::text::nfc(&r.replace('\\', "/"))))
    {
        return Ok(Wanted::Note(id));
    }
    let written = note.trim();
    let written = written.strip_prefix("![[").or_else(|| written.strip_prefix("[[")).unwrap_or(written);
    let written = written.strip_suffix("]]").unwrap_or(written);
    let written = written.split('|').next().unwrap_or(written);
    let linkpath = crate::text::clean_target(written.split('#').next().unwrap_or(written));
    if linkpath.is_empty() {
        return Err(miette::miette!("give a note: a path, or a name as a link writes it"));
    }
    if let Some(id) = by_path(&linkpath) {
        return Ok(Wanted::Note(id));
    }
    let resolution = resolve_from_root(vault, index, &linkpath);
    let path = |id: &FileId| vault.files[*id].path.as_str();
    match resolution.file {
        Some(_) if resolution.is_ambiguous() => Err(miette::miette!(
            help = "give the note's path to choose one",
            "{note:?} is ambiguous: {} files have that name ({}); a link from the vault root goes to the first",
            resolution.candidates.len(),
            resolution.candidates.iter().map(path).collect::<Vec<_>>().join(", ")
        )),
        Some(id) => Ok(Wanted::Note(id)),
        None => {
            // Not a file name: an alias of exactly one note will do, as for `mentions`.
            let is_note = |id: FileId| vault.files[id].is_note && !vault.files[id].removed;
            match index.aliases.get(&linkpath.to_lowercase()).map(Vec::as_slice) {
                Some(&[id]) if is_note(id) => return Ok(Wanted::Note(id)),
                Some(ids) if ids.len() > 1 => {
                    return Err(miette::miette!(
                        help = "give the note's path to choose one",
                        "{note:?} is an alias of several notes ({})",
                        ids.iter().map(path).collect::<Vec<_>>().join(", ")
                    ));
                }
                _ => {}
            }
            // No note yet, but links wait for one.
            let links = unresolved_links(vault, index, &unresolved_key(&linkpath).to_lowercase());
            if let Some(first) = links.first() {
                let link = &vault.note(first.source).expect("a linking file has links").links[first.link];
                let name = unresolved_key(link.linkpath()).to_string();
                return Ok(Wanted::Missing { name, links });
            }
            let similar = index.similar(vault, &linkpath);
            let help = if similar.is_empty() {
                "give a vault path or a name as a link would write it".to_string()
            } else {
                format!("did you mean {}?", similar.iter().map(path).collect::<Vec<_>>().join(", "))
            };
            Err(miette::miette!(help = help, "no note {note:?} in the vault {}", root.display()))
        }
    }
}

/// Resolves `linkpath` as a link written in a note at the vault root. The resolver needs a
/// source file: any root-level file does (only its folder matters), else a stand-in is added.
fn resolve_from_root(vault: &Vault, index: &VaultIndex, linkpath: &str) -> resolve::Resolution {
    match vault.live_ids().find(|&id| !vault.files[id].path.contains('/')) {
        Some(source) => index.resolve(linkpath, source),
        None => {
            let probe = vault.files.len();
            let names = Names::new(vault.files.iter().map(|f| f.path.as_str()).chain(["\u{0}.md"]));
            resolve::resolve(&names, linkpath, probe)
        }
    }
}
