//! `wikilint mentions`: unlinked mentions of notes (`mentions::scan` over every reported
//! note, in parallel), listed per mentioned note, or linked (`--link`, through the fix
//! framework and `write::VaultWriter`), or shown as a diff (`--diff`, nothing written).

use crate::cli::{ListFormat, MentionsArgs};
use crate::config::Overrides;
use crate::index::{FileId, VaultIndex};
use crate::mentions::link::{self, Refusal, Rewrite};
use crate::mentions::{Dictionary, Mention, owner_for, scan, title_of};
use crate::note::Note;
use crate::parse::parse_note;
use crate::vault::Vault;
use crate::write::VaultWriter;
use miette::miette;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// What one source holds: its text (for the context of each mention, and to rewrite it)
/// and its mentions.
struct Found {
    source: FileId,
    text: String,
    mentions: Vec<Mention>,
}

pub fn run(args: &MentionsArgs) -> Result<u8, miette::Report> {
    let super::Loaded { root, config, vault, index } = super::load(args.vault.as_deref(), &Overrides::default())?;
    let only = args.note.as_deref().map(|n| find_note(&root, &vault, &index, n)).transpose()?;
    // `--diff` alone previews `--link`: it writes nothing either way.
    let linking = args.link || args.diff;
    let dict = Dictionary::build(&vault, only);
    let sources: Vec<FileId> =
        vault.live_ids().filter(|&id| vault.files[id].is_note && config.is_reported(&vault.files[id].path)).collect();
    let mut found: Vec<Found> = if dict.is_empty() {
        Vec::new()
    } else {
        sources
            .par_iter()
            .filter_map(|&id| {
                let text = read_text(&vault.files[id].abs)?;
                // To rewrite a file, its spans must be those of the text in hand, not of the
                // text loaded a moment ago: parse it again.
                let fresh: Note;
                let note = if linking {
                    fresh = parse_note(&text);
                    &fresh
                } else {
                    vault.note(id)?
                };
                let mut mentions = scan(&text, note, id, &dict, |p| owner_for(&dict.names[p], id, &index));
                if let Some(only) = only {
                    mentions.retain(|m| m.target() == only);
                }
                if linking {
                    // One link per note is enough: a note already linked from here stays as it is,
                    // so a second `--link` changes nothing.
                    let linked = link::linked_targets(note, id, &index);
                    mentions.retain(|m| !linked.contains(&m.target()));
                }
                (!mentions.is_empty()).then_some(Found { source: id, text, mentions })
            })
            .collect()
    };
    found.sort_by(|a, b| vault.files[a.source].path.cmp(&vault.files[b.source].path));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = if linking {
        link_all(args, &root, &vault, &index, &found, &mut out)
    } else {
        list(args.format, &vault, &found, &mut out).map(|()| 0)
    };
    let code = match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => return Err(miette!("cannot write: {e}")),
    };
    // Freeing a large vault takes longer than exiting.
    std::mem::forget((vault, index, dict, found));
    Ok(code)
}

/// The note's text, or `None` for a file that cannot be read, looks binary or is not UTF-8
/// (those are `check`'s business; a mention in them could not be linked safely).
fn read_text(abs: &Path) -> Option<String> {
    let bytes = std::fs::read(abs).ok()?;
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The note the NOTE argument names: a vault path (with or without `.md`), a file path on
/// disk inside the vault, a name as a link would write it, or an alias of one note.
fn find_note(root: &Path, vault: &Vault, index: &VaultIndex, arg: &str) -> Result<FileId, miette::Report> {
    let mut name = arg.replace('\\', "/");
    let on_disk = Path::new(arg);
    if on_disk.is_file()
        && let (Ok(abs), Ok(root)) = (std::fs::canonicalize(on_disk), std::fs::canonicalize(root))
        && let Ok(rel) = abs.strip_prefix(&root)
    {
        name = rel.to_string_lossy().replace('\\', "/");
    }
    let name = crate::text::nfc(name.trim_start_matches("./"));
    let is_note = |id: FileId| vault.files[id].is_note && !vault.files[id].removed;
    for path in [name.clone(), format!("{name}.md")] {
        if let Some(id) = vault.live_ids().find(|&id| is_note(id) && vault.files[id].path == path) {
            return Ok(id);
        }
    }
    let not_found = || miette!("no note named {arg:?} in {}", root.display());
    let any = vault.live_ids().next().ok_or_else(not_found)?;
    let r = index.resolve(&name, any);
    if r.is_ambiguous() {
        let paths: Vec<&str> = r.candidates.iter().map(|&c| vault.files[c].path.as_str()).collect();
        return Err(miette!("{arg:?} names several notes ({}); give the path", paths.join(", ")));
    }
    match r.file {
        Some(id) if is_note(id) => Ok(id),
        Some(id) => Err(miette!("{} is not a note", vault.files[id].path)),
        // Not a file name: an alias of exactly one note will do.
        None => match index.aliases.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some(&[id]) if is_note(id) => Ok(id),
            Some(ids) if ids.len() > 1 => {
                let paths: Vec<&str> = ids.iter().map(|&c| vault.files[c].path.as_str()).collect();
                Err(miette!("{arg:?} is an alias of several notes ({}); give the path", paths.join(", ")))
            }
            _ => Err(not_found()),
        },
    }
}

#[derive(Serialize)]
struct JsonMention<'a> {
    path: &'a str,
    line: u32,
    col: u32,
    text: &'a str,
    context: &'a str,
    /// Byte offsets in the file as read.
    start: usize,
    end: usize,
}

/// Mentions grouped per mentioned note, most mentioned first. Written as it goes (JSON
/// included): a vault whose titles are common words has millions of mentions.
fn list(format: ListFormat, vault: &Vault, found: &[Found], out: &mut impl Write) -> std::io::Result<()> {
    let mut groups: HashMap<FileId, Vec<(usize, usize)>> = HashMap::new();
    for (fi, f) in found.iter().enumerate() {
        for (mi, m) in f.mentions.iter().enumerate() {
            groups.entry(m.target()).or_default().push((fi, mi));
        }
    }
    let path = |id: FileId| vault.files[id].path.as_str();
    let mut groups: Vec<(FileId, Vec<(usize, usize)>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| path(a.0).cmp(path(b.0))));
    let json = format == ListFormat::Json;
    if groups.is_empty() {
        return writeln!(out, "{}", if json { "[]" } else { "no unlinked mentions" });
    }
    // A title several notes of the vault share is told apart by the path.
    let mut titles: HashMap<String, usize> = HashMap::new();
    for id in vault.live_ids().filter(|&id| vault.files[id].is_note) {
        *titles.entry(title_of(path(id)).to_lowercase()).or_default() += 1;
    }
    let mut context = String::new();
    if json {
        writeln!(out, "[")?;
    }
    for (i, (target, ms)) in groups.iter().enumerate() {
        if json {
            let sep = if i > 0 { "," } else { "" };
            writeln!(out, "{sep}{{\"note\": {}, \"mentions\": [", serde_json::to_string(path(*target))?)?;
        } else {
            let title = title_of(path(*target));
            let shared = titles.get(&title.to_lowercase()).is_some_and(|&n| n > 1);
            let label = if shared { path(*target).strip_suffix(".md").unwrap_or(path(*target)) } else { title };
            let mut sources: Vec<usize> = ms.iter().map(|&(fi, _)| fi).collect();
            sources.dedup();
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{label} ({} in {})", plural(ms.len(), "mention"), plural(sources.len(), "note"))?;
        }
        for (j, &(fi, mi)) in ms.iter().enumerate() {
            let (f, m) = (&found[fi], &found[fi].mentions[mi]);
            context.clear();
            m.context(&f.text, &mut context);
            if json {
                let row = JsonMention {
                    path: path(f.source),
                    line: m.line,
                    col: m.col,
                    text: m.text(&f.text),
                    context: &context,
                    start: m.span().start,
                    end: m.span().end,
                };
                let sep = if j + 1 < ms.len() { "," } else { "" };
                writeln!(out, "  {}{sep}", serde_json::to_string(&row)?)?;
            } else {
                writeln!(out, "  {}:{}:{}  {context}", path(f.source), m.line, m.col)?;
            }
        }
        if json {
            writeln!(out, "]}}")?;
        }
    }
    if json {
        writeln!(out, "]")?;
    }
    Ok(())
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

#[derive(Serialize)]
struct JsonChange<'a> {
    path: &'a str,
    line: u32,
    col: u32,
    text: &'a str,
    note: &'a str,
    link: &'a str,
}

/// Links the first mention of each note in each source: prints a diff (`--diff`), or
/// writes each file (atomically, and only if it is still what was read) and lists the links.
fn link_all(
    args: &MentionsArgs,
    root: &Path,
    vault: &Vault,
    index: &VaultIndex,
    found: &[Found],
    out: &mut impl Write,
) -> std::io::Result<u8> {
    let planned: Vec<(&Found, Result<Option<Rewrite>, Refusal>)> = found
        .par_iter()
        .map(|f| {
            let text = f.text.as_str();
            (f, link::rewrite(text, &link::first_per_target(&f.mentions), vault, index))
        })
        .collect();
    let writer = if args.diff {
        None
    } else {
        match VaultWriter::new(root) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("error: cannot open the vault {}: {e}", root.display());
                return Ok(2);
            }
        }
    };
    let mut code = 0;
    let (mut links, mut files) = (0, 0);
    let mut json = Vec::new();
    for (f, plan) in &planned {
        let path = vault.files[f.source].path.as_str();
        let text = f.text.as_str();
        let rewrite = match plan {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(Refusal::NotALink { line, col }) => {
                eprintln!("warning: {path}: left as it is: the link at {line}:{col} would not read as one");
                continue;
            }
        };
        if let Some(writer) = &writer
            && let Err(e) = writer.replace(path, text.as_bytes(), rewrite.new_text.as_bytes())
        {
            eprintln!("error: {path}: not written: {e}");
            code = 2;
            continue;
        }
        links += rewrite.changes.len();
        files += 1;
        if args.diff {
            out.write_all(link::diff(path, text, &rewrite.new_text).as_bytes())?;
            continue;
        }
        for c in &rewrite.changes {
            let m = c.mention;
            if args.format == ListFormat::Json {
                json.push(JsonChange {
                    path,
                    line: m.line,
                    col: m.col,
                    text: m.text(text),
                    note: &vault.files[m.target()].path,
                    link: &c.link,
                });
            } else {
                writeln!(out, "{path}:{}:{}  {} -> {}", m.line, m.col, m.text(text), c.link)?;
            }
        }
    }
    let summary = |verb: &str| format!("{verb} {} in {}", plural(links, "mention"), plural(files, "note"));
    if args.diff {
        eprintln!("{}", summary("would link"));
    } else if args.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    } else if links == 0 {
        writeln!(out, "no mentions to link")?;
    } else {
        writeln!(out, "{}", summary("linked"))?;
    }
    Ok(code)
}
