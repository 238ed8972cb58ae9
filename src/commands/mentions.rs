//! `wikilint mentions`: unlinked mentions of notes (`mentions::scan` over every reported
//! note, in parallel), listed per mentioned note, or linked (`--link`, through the fix
//! framework and `write::VaultWriter`), or shown as a diff (`--diff`, nothing written).
//! Linking the whole vault is asked for first (or `--yes`): one wrong name is thousands of
//! edits.

use crate::cli::{ListFormat, MentionsArgs};
use crate::config::Overrides;
use crate::index::{FileId, VaultIndex};
use crate::mentions::common_words::CommonWords;
use crate::mentions::link::{self, Refusal, Rewrite};
use crate::mentions::{Dictionary, Mention, owner_for, scan, title_of, write_context};
use crate::parse::parse_note;
use crate::text::plural;
use crate::vault::Vault;
use crate::write::VaultWriter;
use miette::miette;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// What one source holds when linking: its text (to rewrite it) and its mentions.
struct Found {
    source: FileId,
    text: String,
    mentions: Vec<Mention>,
}

/// What one source holds when listing: its text (for the context of each mention) and its
/// mentions, in order of position, each only what the listing shows (a vault whose titles
/// are common words has tens of millions).
struct Listed {
    source: FileId,
    text: String,
    hits: Vec<Hit>,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    target: u32,
    start: u32,
    end: u32,
    line: u32,
    col: u32,
}

pub fn run(args: &MentionsArgs) -> Result<u8, miette::Report> {
    let located = super::locate(args.vault.as_deref(), &[])?;
    let super::Loaded { root, config, vault, index } = super::load_root(located.root, &Overrides::default(), false)?;
    let only = args.note.as_deref().map(|n| find_note(&root, &vault, &index, n)).transpose()?;
    // `--diff` alone previews `--link`: it writes nothing either way.
    let linking = args.link || args.diff;
    let dict = Dictionary::build(&vault, only, &CommonWords::new(&config.mentions.common_words));
    if let Some(only) = only
        && dict.is_empty()
    {
        eprintln!(
            "note: no name of {} is looked for (each is a common word, shorter than {} characters, or has no letter)",
            vault.files[only].path,
            crate::mentions::MIN_CHARS
        );
    }
    let sources: Vec<FileId> =
        vault.live_ids().filter(|&id| vault.files[id].is_note && config.is_reported(&vault.files[id].path)).collect();
    let by_path = |a: FileId, b: FileId| vault.files[a].path.cmp(&vault.files[b].path);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = if linking {
        let mut found: Vec<Found> = if dict.is_empty() {
            Vec::new()
        } else {
            sources
                .par_iter()
                .filter_map(|&id| {
                    let text = read_text(&vault.files[id].abs)?;
                    // To rewrite a file, its spans must be those of the text in hand, not of the
                    // text loaded a moment ago: parse it again.
                    let note = parse_note(&text);
                    let mut mentions =
                        scan(&text, &note, id, &dict, |p, caps| owner_for(&dict.names[p], id, &index, caps));
                    if let Some(only) = only {
                        mentions.retain(|m| m.target() == only);
                    }
                    // One link per note is enough: a note already linked from here stays as it is,
                    // so a second `--link` changes nothing.
                    let linked = link::linked_targets(&note, id, &index);
                    mentions.retain(|m| !linked.contains(&m.target()));
                    (!mentions.is_empty()).then_some(Found { source: id, text, mentions })
                })
                .collect()
        };
        found.sort_by(|a, b| by_path(a.source, b.source));
        let code = link_all(args, only.is_none(), &root, &vault, &index, &found, &mut out);
        std::mem::forget(found);
        code
    } else {
        let mut found: Vec<Listed> = if dict.is_empty() {
            Vec::new()
        } else {
            sources
                .par_iter()
                .filter_map(|&id| {
                    let text = read_text(&vault.files[id].abs)?;
                    let note = vault.note(id)?;
                    let hits: Vec<Hit> =
                        scan(&text, note, id, &dict, |p, caps| owner_for(&dict.names[p], id, &index, caps))
                            .into_iter()
                            .filter(|m| only.is_none_or(|only| m.target() == only))
                            .map(|m| Hit {
                                target: m.target() as u32,
                                start: m.span().start as u32,
                                end: m.span().end as u32,
                                line: m.line,
                                col: m.col,
                            })
                            .collect();
                    (!hits.is_empty()).then_some(Listed { source: id, text, hits })
                })
                .collect()
        };
        found.sort_by(|a, b| by_path(a.source, b.source));
        let listed = list(args.format, &vault, &found, &mut out).map(|()| 0);
        std::mem::forget(found);
        listed
    };
    let code = match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => return Err(miette!("cannot write: {e}")),
    };
    // Freeing a large vault takes longer than exiting.
    std::mem::forget((vault, index, dict));
    Ok(code)
}

/// The note's text, or `None` for a file that cannot be read, looks binary or is not UTF-8
/// (those are `check`'s business; a mention in them could not be linked safely).
fn read_text(abs: &Path) -> Option<String> {
    let bytes = std::fs::read(abs).ok()?;
    if crate::vault::binary_offset(&bytes).is_some() {
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

/// Mentions grouped per mentioned note, most mentioned first, each group in order of source
/// path and position. The groups are cut into chunks rendered in parallel, a window of them at
/// a time, and written in order while the next window renders: a vault whose titles are
/// common words has millions of mentions.
fn list(format: ListFormat, vault: &Vault, found: &[Listed], out: &mut impl Write) -> std::io::Result<()> {
    let json = format == ListFormat::Json;
    let path = |id: FileId| vault.files[id].path.as_str();
    // Mentions and mentioning notes per target.
    let n = vault.files.len();
    let (mut count, mut notes, mut last) = (vec![0u32; n], vec![0u32; n], vec![usize::MAX; n]);
    for (fi, f) in found.iter().enumerate() {
        for h in &f.hits {
            let t = h.target as usize;
            count[t] += 1;
            if last[t] != fi {
                last[t] = fi;
                notes[t] += 1;
            }
        }
    }
    drop(last);
    let mut groups: Vec<FileId> = (0..n).filter(|&t| count[t] > 0).collect();
    groups.sort_by(|&a, &b| count[b].cmp(&count[a]).then_with(|| path(a).cmp(path(b))));
    if groups.is_empty() {
        return writeln!(out, "{}", if json { "[]" } else { "no unlinked mentions" });
    }
    // Every mention has a number: `base[fi]` + its index in `found[fi].hits`. `slots` lists
    // them group after group, in order within each group.
    let mut base = Vec::with_capacity(found.len() + 1);
    let mut total = 0usize;
    for f in found {
        base.push(total);
        total += f.hits.len();
    }
    base.push(total);
    if u32::try_from(total).is_err() {
        return Err(std::io::Error::other("too many mentions to list"));
    }
    let mut next = vec![0u32; n];
    let mut group_at = Vec::with_capacity(groups.len() + 1);
    let mut at = 0u32;
    for &t in &groups {
        group_at.push(at as usize);
        next[t] = at;
        at += count[t];
    }
    group_at.push(total);
    let mut slots = vec![0u32; total];
    let mut number = 0u32;
    for f in found {
        for h in &f.hits {
            let t = h.target as usize;
            slots[next[t] as usize] = number;
            next[t] += 1;
            number += 1;
        }
    }
    drop(next);
    // A title several notes of the vault share is told apart by the path.
    let mut titles: HashMap<String, usize> = HashMap::new();
    for id in vault.live_ids().filter(|&id| vault.files[id].is_note) {
        *titles.entry(title_of(path(id)).to_lowercase()).or_default() += 1;
    }
    let headers: Vec<Vec<u8>> = groups
        .iter()
        .enumerate()
        .map(|(i, &target)| {
            let mut h = Vec::new();
            if json {
                let sep = if i > 0 { "," } else { "" };
                let note = serde_json::to_string(path(target)).map_err(std::io::Error::other)?;
                writeln!(h, "{sep}{{\"note\": {note}, \"mentions\": [")?;
            } else {
                let title = title_of(path(target));
                let shared = titles.get(&title.to_lowercase()).is_some_and(|&n| n > 1);
                let label = if shared { path(target).strip_suffix(".md").unwrap_or(path(target)) } else { title };
                if i > 0 {
                    writeln!(h)?;
                }
                let (ms, ns) = (count[target] as usize, notes[target] as usize);
                writeln!(h, "{label} ({} in {})", plural(ms, "mention"), plural(ns, "note"))?;
            }
            Ok(h)
        })
        .collect::<std::io::Result<_>>()?;
    drop(titles);

    // Chunks: (group, first slot, end slot).
    const CHUNK: usize = 1024;
    const WINDOW: usize = 1 << 16;
    let mut windows: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new()];
    let mut in_window = 0;
    for g in 0..groups.len() {
        let mut lo = group_at[g];
        while lo < group_at[g + 1] {
            let hi = (lo + CHUNK).min(group_at[g + 1]);
            if in_window >= WINDOW {
                windows.push(Vec::new());
                in_window = 0;
            }
            windows.last_mut().expect("one window at least").push((g, lo, hi));
            in_window += hi - lo;
            lo = hi;
        }
    }
    let render = |&(g, lo, hi): &(usize, usize, usize)| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity((hi - lo) * 160);
        if lo == group_at[g] {
            buf.extend_from_slice(&headers[g]);
        }
        let mut fi = 0;
        for (k, &number) in (lo..hi).zip(&slots[lo..hi]) {
            let number = number as usize;
            if !(base[fi] <= number && number < base[fi + 1]) {
                fi = base.partition_point(|&b| b <= number) - 1;
            }
            let (f, h) = (&found[fi], &found[fi].hits[number - base[fi]]);
            let (start, end) = (h.start as usize, h.end as usize);
            if json {
                let mut context = Vec::new();
                write_context(&f.text, start, end, &mut context);
                let row = JsonMention {
                    path: path(f.source),
                    line: h.line,
                    col: h.col,
                    text: f.text.get(start..end).unwrap_or_default(),
                    context: std::str::from_utf8(&context).unwrap_or_default(),
                    start,
                    end,
                };
                buf.extend_from_slice(b"  ");
                serde_json::to_writer(&mut buf, &row).map_err(std::io::Error::other)?;
                buf.extend_from_slice(if k + 1 < group_at[g + 1] { b",\n" } else { b"\n" });
            } else {
                buf.extend_from_slice(b"  ");
                buf.extend_from_slice(path(f.source).as_bytes());
                buf.push(b':');
                push_number(&mut buf, h.line);
                buf.push(b':');
                push_number(&mut buf, h.col);
                buf.extend_from_slice(b"  ");
                write_context(&f.text, start, end, &mut buf);
                buf.push(b'\n');
            }
        }
        if json && hi == group_at[g + 1] {
            buf.extend_from_slice(b"]}\n");
        }
        Ok(buf)
    };
    if json {
        writeln!(out, "[")?;
    }
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<Vec<u8>>>>(1);
        s.spawn(move || {
            for window in &windows {
                let rendered = window.par_iter().map(render).collect();
                if tx.send(rendered).is_err() {
                    break;
                }
            }
        });
        let mut result = Ok(());
        'write: for rendered in &rx {
            match rendered {
                Ok(bufs) => {
                    for buf in bufs {
                        if let Err(e) = out.write_all(&buf) {
                            result = Err(e);
                            break 'write;
                        }
                    }
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        // Stops the renderer.
        drop(rx);
        result
    })?;
    if json {
        writeln!(out, "]")?;
    }
    Ok(())
}

/// `n` in decimal.
fn push_number(buf: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Notes listed in the plan `--link` shows before it asks.
const PLAN_NOTES: usize = 10;
/// Texts listed per note in that plan.
const PLAN_TEXTS: usize = 3;

/// What vault-wide `--link` would do: how many links in how many notes, and the notes that
/// would get the most, with the words that would become links (`"and" 3446` gives a
/// common-word title away at once).
fn write_plan(
    planned: &[(&Found, Result<Option<Rewrite>, Refusal>)],
    vault: &Vault,
    links: usize,
    files: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut per_note: HashMap<FileId, (usize, HashMap<&str, usize>)> = HashMap::new();
    for (f, plan) in planned {
        let Ok(Some(rewrite)) = plan else { continue };
        for c in &rewrite.changes {
            let (count, texts) = per_note.entry(c.mention.target()).or_default();
            *count += 1;
            *texts.entry(c.mention.text(&f.text)).or_default() += 1;
        }
    }
    let path = |id: FileId| vault.files[id].path.as_str();
    let mut notes: Vec<(FileId, usize, HashMap<&str, usize>)> =
        per_note.into_iter().map(|(id, (count, texts))| (id, count, texts)).collect();
    notes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| path(a.0).cmp(path(b.0))));
    writeln!(out, "would link {} in {}; the notes linked most:", plural(links, "mention"), plural(files, "note"))?;
    let width = notes.first().map_or(1, |n| n.1.to_string().len());
    for (id, count, texts) in notes.iter().take(PLAN_NOTES) {
        let mut texts: Vec<(&str, usize)> = texts.iter().map(|(t, n)| (*t, *n)).collect();
        texts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut shown: Vec<String> =
            texts.iter().take(PLAN_TEXTS).map(|(t, n)| format!("{} {n}", serde_json::json!(t))).collect();
        if texts.len() > PLAN_TEXTS {
            shown.push("…".to_string());
        }
        writeln!(out, "  {count:>width$}  {}  {}", path(*id), shown.join(", "))?;
    }
    if notes.len() > PLAN_NOTES {
        writeln!(out, "  … and {}", plural(notes.len() - PLAN_NOTES, "other note"))?;
    }
    Ok(())
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
/// On the `whole_vault`, writing needs `--yes` or a yes on the terminal.
fn link_all(
    args: &MentionsArgs,
    whole_vault: bool,
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
    if whole_vault && !args.diff && !args.yes {
        let (links, files) = planned
            .iter()
            .filter_map(|(_, plan)| plan.as_ref().ok()?.as_ref())
            .fold((0, 0), |(links, files), r| (links + r.changes.len(), files + 1));
        if links > 0 {
            let mut err = std::io::stderr().lock();
            write_plan(&planned, vault, links, files, &mut err)?;
            if !std::io::stdin().is_terminal() {
                writeln!(
                    err,
                    "error: nothing written: --link on the whole vault asks first; pass --yes to write these links, \
                     or --diff to see them"
                )?;
                return Ok(2);
            }
            write!(err, "Link them? [y/N] ")?;
            err.flush()?;
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer)?;
            if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
                writeln!(err, "nothing written")?;
                return Ok(0);
            }
        }
    }
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
