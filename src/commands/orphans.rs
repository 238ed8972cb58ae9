//! `wikilint orphans`: the notes no other note links to; with `--attachments`, the
//! attachments no file links to, and with `--delete`, their cleaning: planned by
//! `housekeeping::attachments`, checked again on a fresh read of the vault just before, moved
//! (or deleted) one by one through `write.rs`, and the link graph compared after.

use super::{Loaded, Located};
use crate::cli::{ListFormat, OrphansArgs, TrashArg};
use crate::config::Overrides;
use crate::graph;
use crate::housekeeping::attachments::{self as cleaning, Cleaning, Disk, Kept, LOCAL_TRASH, TrashOption};
use crate::index::{FileId, VaultIndex};
use crate::text::plural;
use crate::vault::Vault;
use crate::write::trash::numbered_name;
use crate::write::{SystemTrash, VaultWriter, WriteError};
use miette::miette;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub fn run(args: &OrphansArgs) -> Result<u8, miette::Report> {
    let (loaded, scope) = super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    if args.delete {
        return delete(args, loaded, &scope);
    }
    let Loaded { config, vault, index, .. } = loaded;
    let reported = |p: &str| config.is_reported(p) && scope.reports(p);
    let (ids, doc) = if args.attachments {
        let found = graph::unused_attachments(&vault, &index, &config.attachments, reported);
        let paths: Vec<&str> = found.unused.iter().map(|&id| vault.files[id].path.as_str()).collect();
        let doc = serde_json::json!({ "attachments": found.attachments, "unused": paths });
        (found.unused, doc)
    } else {
        let orphans = graph::orphans(&vault, &index, reported);
        let paths: Vec<&str> = orphans.iter().map(|&id| vault.files[id].path.as_str()).collect();
        let notes = vault.live_ids().filter(|&id| vault.files[id].is_note).count();
        let doc = serde_json::json!({ "notes": notes, "orphans": paths });
        (orphans, doc)
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from).and_then(|_| writeln!(out))
        }
        ListFormat::Human => ids.iter().try_for_each(|&id| writeln!(out, "{}", vault.files[id].path)),
    };
    finish(written.and_then(|_| out.flush()))
}

fn finish(written: std::io::Result<()>) -> Result<u8, miette::Report> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

/// Where the files go, and who said so.
struct Destination {
    option: TrashOption,
    /// Obsidian's setting said so (else `--trash`).
    from_obsidian: bool,
}

impl Destination {
    /// Who says where the files go: `Obsidian's "Deleted files" setting (trashOption "local")`.
    fn said_by(&self) -> String {
        if self.from_obsidian {
            format!("Obsidian's \"Deleted files\" setting (trashOption \"{}\")", self.option.setting())
        } else {
            format!("--trash {}", self.option.setting())
        }
    }
}

/// Where one file goes.
#[derive(Clone)]
enum Place {
    /// Vault-relative, in `.trash/`.
    Local(String),
    System(SystemTrash),
    Gone,
}

/// One file to remove, with where it goes.
struct Removal {
    path: String,
    bytes: u64,
    place: Place,
}

fn delete(args: &OrphansArgs, loaded: Loaded, scope: &Located) -> Result<u8, miette::Report> {
    let Loaded { root, config, vault, index } = loaded;
    if !scope.marked && args.vault_dir.is_none() {
        // A folder of images and pages that is no vault (a website, a code repository) uses
        // them from HTML and CSS, which count for nothing here.
        return Err(miette!(
            "refused: {} holds no .obsidian/ or wikilint.toml, so it is not known to be a vault; --vault {} \
             cleans it anyway; nothing was removed",
            root.display(),
            root.display()
        ));
    }
    let destination = destination(args, &root)?;
    let reported = |p: &str| config.is_reported(p) && scope.reports(p);
    let planned = plan(&root, &vault, &index, &config, &reported)?;
    let removals = place(&root, &destination, &planned)?;
    let human = args.format == ListFormat::Human;
    let ask = human && !args.yes && !args.dry_run && std::io::stdin().is_terminal();
    if removals.is_empty() || args.dry_run || !args.yes && !ask {
        let text = match args.format {
            ListFormat::Human if removals.is_empty() => plan_text(&destination, &removals, &planned.kept),
            ListFormat::Human => plan_text(&destination, &removals, &planned.kept) + DRY_RUN,
            ListFormat::Json => json(&destination, &planned, &removals, &[], true, false),
        };
        return finish(print(&text));
    }
    if ask {
        print(&plan_text(&destination, &removals, &planned.kept)).ok();
        eprint!("{}? [y/N] ", question(&destination, &removals));
        let mut answer = String::new();
        let _ = std::io::stderr().flush();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| miette!("cannot read the answer: {e}"))?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            eprintln!("nothing was removed");
            return Ok(0);
        }
    }

    let (confirmed, graph_before) = reverify(&root, &config, &reported, planned)?;
    let removals = place(&root, &destination, &confirmed)?;
    let writer = VaultWriter::new(&root).map_err(|e| miette!("cannot open the vault {}: {e}", root.display()))?;
    let mut done: Vec<(&Removal, String)> = Vec::new();
    let mut failure = None;
    {
        // Ctrl-C stops between two files: each is moved whole or not at all, and the list says which.
        let _deferred = crate::write::defer_interrupts();
        for r in &removals {
            if crate::write::interrupted() {
                break;
            }
            match remove_one(&writer, r) {
                Ok(to) => {
                    if human {
                        let line = match &r.place {
                            Place::Gone => format!("deleted {}\n", r.path),
                            _ => format!("moved {} -> {to}\n", r.path),
                        };
                        let _ = print(&line);
                    }
                    done.push((r, to));
                }
                Err(e) => {
                    failure = Some((r.path.clone(), e));
                    break;
                }
            }
        }
    }
    drop(writer);
    let interrupted = crate::write::interrupted();
    let text = match args.format {
        ListFormat::Human => done_text(&destination, &done, &confirmed.kept),
        ListFormat::Json => json(&destination, &confirmed, &removals, &done, false, interrupted),
    };
    print(&text).ok();
    if !interrupted && failure.is_none() {
        changed_links(&root, &graph_before);
    }
    if interrupted {
        eprintln!(
            "interrupted: {} of {} removed{}, each whole; the rest are where they were",
            done.len(),
            plural(removals.len(), "unused attachment"),
            if done.is_empty() { "" } else { " (listed above)" }
        );
        return Ok(130);
    }
    if let Some((path, e)) = failure {
        return Err(miette!(
            "stopped: cannot remove {path}: {e} ({} removed before{}; the rest are where they were)",
            done.len(),
            if done.is_empty() { "" } else { ", listed above" }
        ));
    }
    Ok(0)
}

/// Just before anything goes: the vault read again, planned again, and only what both plans
/// remove goes (a file linked since, or gone, stays; one unused since was not asked about).
/// With the resolved links of that reading, to compare after.
fn reverify(
    root: &Path,
    config: &crate::config::Config,
    reported: &dyn Fn(&str) -> bool,
    planned: Cleaning,
) -> Result<(Cleaning, ResolvedLinks), miette::Report> {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let again = plan(root, &vault, &index, config, reported)?;
    let still: HashSet<&str> = again.remove.iter().map(String::as_str).collect();
    let present: HashSet<&str> = vault.live_ids().map(|id| vault.files[id].path.as_str()).collect();
    let Cleaning { remove, mut kept, .. } = planned;
    let mut confirmed = Vec::new();
    for path in remove {
        if still.contains(path.as_str()) {
            confirmed.push(path);
            continue;
        }
        let why = match again.kept.iter().find(|k| k.path == path) {
            Some(k) => k.why.clone(),
            None if !present.contains(path.as_str()) => "gone since the plan".to_string(),
            None => "a link reaches it since the plan".to_string(),
        };
        kept.push(Kept { path, why });
    }
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    let graph = resolved_links(&vault, &index);
    Ok((Cleaning { attachments: again.attachments, remove: confirmed, kept }, graph))
}

/// Where Obsidian sends deleted files (or `--trash`), and whether `--permanently` fits it.
fn destination(args: &OrphansArgs, root: &Path) -> Result<Destination, miette::Report> {
    let (option, from_obsidian) = match args.trash {
        Some(TrashArg::System) => (TrashOption::System, false),
        Some(TrashArg::Local) => (TrashOption::Local, false),
        Some(TrashArg::None) => (TrashOption::Permanent, false),
        None => {
            let path = root.join(".obsidian/app.json");
            let app: serde_json::Value = match std::fs::read_to_string(&path) {
                Ok(text) if !text.trim().is_empty() => serde_json::from_str(&text).map_err(|e| {
                    miette!(
                        "refused: {} is not valid JSON ({e}), so where Obsidian sends deleted files is unknown; \
                         --trash local or --trash system says where; nothing was removed",
                        path.display()
                    )
                })?,
                _ => serde_json::Value::Null,
            };
            let option = TrashOption::from_setting(app.get("trashOption")).map_err(|e| {
                miette!("refused: {e}; --trash local or --trash system says where; nothing was removed")
            })?;
            (option, true)
        }
    };
    let destination = Destination { option, from_obsidian };
    let said_by = destination.said_by();
    match (option, args.permanently) {
        (TrashOption::Permanent, false) => Err(miette!(
            "refused: {said_by} deletes files permanently; pass --permanently to delete them for good, or \
             --trash local to move them to the vault's .trash/ instead; nothing was removed"
        )),
        (TrashOption::Local, true) | (TrashOption::System, true) => Err(miette!(
            "refused: --permanently, but {said_by} sends deleted files to {}: drop --permanently (or pass \
             --trash none with it); nothing was removed",
            if option == TrashOption::Local { "the vault's .trash/" } else { "the system trash" }
        )),
        _ => Ok(destination),
    }
}

/// The engine's plan, with the disk's answers.
fn plan(
    root: &Path,
    vault: &Vault,
    index: &VaultIndex,
    config: &crate::config::Config,
    reported: &dyn Fn(&str) -> bool,
) -> Result<Cleaning, miette::Report> {
    let read = |id: FileId| read_text(vault, id);
    let removable = |path: &str| removable(root, path);
    let disk = Disk { read_text: &read, removable: &removable };
    cleaning::plan(vault, index, config, reported, &disk).map_err(|e| miette!("refused: {e}; nothing was removed"))
}

/// Where each file of the plan goes; refused when the system trash is wanted and there is none.
fn place(root: &Path, destination: &Destination, planned: &Cleaning) -> Result<Vec<Removal>, miette::Report> {
    let on_disk = |p: &str| crate::discover::on_disk(root, p);
    let places: Vec<Place> = match destination.option {
        TrashOption::Local => {
            let taken = |p: &str| std::fs::symlink_metadata(on_disk(p)).is_ok();
            cleaning::local_trash_paths(&planned.remove, &taken).into_iter().map(Place::Local).collect()
        }
        TrashOption::System => planned
            .remove
            .iter()
            .map(|p| {
                SystemTrash::for_file(&on_disk(p)).map(Place::System).map_err(|why| {
                    miette!(
                        "refused: {why}; --trash local moves the files to the vault's .trash/ instead (Obsidian's \
                         \"Move to Obsidian trash\"); nothing was removed"
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        TrashOption::Permanent => vec![Place::Gone; planned.remove.len()],
    };
    Ok(planned
        .remove
        .iter()
        .zip(places)
        .map(|(path, place)| {
            let bytes = std::fs::symlink_metadata(on_disk(path)).map_or(0, |m| m.len());
            Removal { path: path.clone(), bytes, place }
        })
        .collect())
}

/// Removes one file as planned; where it is now (for the output).
fn remove_one(writer: &VaultWriter, r: &Removal) -> Result<String, WriteError> {
    match &r.place {
        Place::Local(planned) => {
            let name = r.path.rsplit('/').next().unwrap_or(&r.path);
            let mut to = planned.clone();
            // Something took the name since the plan: the next free one, never over it.
            for n in 1..10_000 {
                match writer.move_to(&r.path, &to) {
                    Err(WriteError::Exists) => to = format!("{LOCAL_TRASH}/{}", numbered_name(name, n)),
                    other => return other.map(|_| to),
                }
            }
            Err(WriteError::Exists)
        }
        Place::System(trash) => writer.trash_system(&r.path, trash).map(|p| p.display().to_string()),
        Place::Gone => writer.delete_file(&r.path).map(|_| String::new()),
    }
}

/// A file's text when it may name an attachment: not an image, audio, video or PDF (their bytes
/// name nothing), not binary, not huge.
fn read_text(vault: &Vault, id: FileId) -> Option<String> {
    const LARGEST: u64 = 8 << 20;
    let file = &vault.files[id];
    let path = file.path.to_lowercase();
    if crate::vault::is_media_name(&path) && !path.ends_with(".svg") {
        return None;
    }
    if std::fs::metadata(&file.abs).ok()?.len() > LARGEST {
        return None;
    }
    let bytes = std::fs::read(&file.abs).ok()?;
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return None;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Why an attachment may not be moved or deleted, if so.
fn removable(root: &Path, path: &str) -> Result<(), String> {
    let abs = crate::discover::on_disk(root, path);
    let meta = std::fs::symlink_metadata(&abs).map_err(|e| format!("cannot read it: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("a symbolic link: wikilint removes neither links nor what they lead to".into());
    }
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if crate::write::is_read_only(&meta) {
        return Err("read-only (no write permission): someone protected it".into());
    }
    let folder = abs.parent().ok_or("not in a folder")?;
    let real = std::fs::canonicalize(folder).map_err(|e| format!("cannot read its folder: {e}"))?;
    // A folder linked into the vault from elsewhere: Obsidian lists its files, but they are not the vault's.
    if !std::fs::canonicalize(root).is_ok_and(|r| real.starts_with(r)) {
        return Err(format!("outside the vault (its folder is {})", real.display()));
    }
    if std::fs::metadata(folder).is_ok_and(|m| crate::write::is_read_only(&m)) {
        return Err("its folder is read-only".into());
    }
    Ok(())
}

/// Every resolved link of the vault: (source, link number) → target, by path.
type ResolvedLinks = HashMap<(String, usize), String>;

fn resolved_links(vault: &Vault, index: &VaultIndex) -> ResolvedLinks {
    let mut out = HashMap::new();
    for (source, note) in vault.notes() {
        for (i, t) in index.targets[source].iter().enumerate().take(note.links.len()) {
            if let Some(f) = t.resolution.file {
                out.insert((vault.files[source].path.clone(), i), vault.files[f].path.clone());
            }
        }
    }
    out
}

/// After the removal: the vault read again, and every link that resolved before must resolve
/// to the same file (the files removed were linked from nowhere). Says so on stderr if not.
fn changed_links(root: &Path, before: &ResolvedLinks) {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let after = resolved_links(&vault, &index);
    let mut changed: Vec<String> = before
        .iter()
        .filter(|(key, target)| after.get(*key) != Some(*target))
        .map(|((source, i), target)| format!("{source} (link {}) led to {target}", i + 1))
        .collect();
    if !changed.is_empty() {
        changed.sort();
        eprintln!(
            "warning: {} no longer {} where {} did (the vault changed meanwhile?): {}",
            plural(changed.len(), "link"),
            if changed.len() == 1 { "resolves" } else { "resolve" },
            if changed.len() == 1 { "it" } else { "they" },
            changed.join("; ")
        );
    }
}

fn total_bytes<'a>(removals: impl IntoIterator<Item = &'a Removal>) -> u64 {
    removals.into_iter().map(|r| r.bytes).sum()
}

/// `24 bytes`, `1.2 kB`, `3.4 MB`, `1.0 GB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return plural(bytes as usize, "byte");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The trash folders the files go to, as the summary names them.
fn where_to(destination: &Destination, removals: &[&Removal]) -> String {
    match destination.option {
        TrashOption::Local => format!("the vault's trash, {LOCAL_TRASH}/"),
        TrashOption::System => {
            let mut dirs: Vec<String> = removals
                .iter()
                .filter_map(|r| match &r.place {
                    Place::System(t) => Some(t.dir().display().to_string()),
                    _ => None,
                })
                .collect();
            dirs.dedup();
            if dirs.is_empty() { "the system trash".into() } else { format!("the system trash, {}", dirs.join(", ")) }
        }
        TrashOption::Permanent => "nowhere".into(),
    }
}

fn kept_lines(text: &mut String, kept: &[Kept]) {
    for k in kept {
        text.push_str(&format!("kept {}: {}\n", k.path, k.why));
    }
}

const DRY_RUN: &str = "dry run: nothing was removed; --yes removes them\n";

/// What would go where, what stays and why, and the totals.
fn plan_text(destination: &Destination, removals: &[Removal], kept: &[Kept]) -> String {
    let mut text = String::new();
    for r in removals {
        text.push_str(&match &r.place {
            Place::Local(to) => format!("would move {} -> {to}\n", r.path),
            Place::System(_) => format!("would move {} to the system trash\n", r.path),
            Place::Gone => format!("would delete {} permanently\n", r.path),
        });
    }
    kept_lines(&mut text, kept);
    if removals.is_empty() {
        text.push_str("no unused attachment to remove\n");
        return text;
    }
    let all: Vec<&Removal> = removals.iter().collect();
    let what = format!("{} ({})", plural(removals.len(), "unused attachment"), size(total_bytes(all.iter().copied())));
    let will = match destination.option {
        TrashOption::Permanent => "would be deleted permanently".to_string(),
        _ => format!("would go to {}", where_to(destination, &all)),
    };
    let as_said = if destination.from_obsidian {
        format!("as Obsidian's \"Deleted files\" setting says (trashOption \"{}\")", destination.option.setting())
    } else {
        format!("as --trash {} says", destination.option.setting())
    };
    text.push_str(&format!("{what} {will}, {as_said}\n"));
    text
}

fn question(destination: &Destination, removals: &[Removal]) -> String {
    let n = plural(removals.len(), "unused attachment");
    match destination.option {
        TrashOption::Permanent => format!("Delete {n} permanently"),
        _ => format!("Move {n} to {}", where_to(destination, &removals.iter().collect::<Vec<_>>())),
    }
}

/// What was done (the files are listed as they go), and how to undo it.
fn done_text(destination: &Destination, done: &[(&Removal, String)], kept: &[Kept]) -> String {
    let mut text = String::new();
    kept_lines(&mut text, kept);
    if done.is_empty() {
        text.push_str("no unused attachment was removed\n");
        return text;
    }
    let all: Vec<&Removal> = done.iter().map(|(r, _)| *r).collect();
    let what = format!("{} ({})", plural(done.len(), "unused attachment"), size(total_bytes(all.iter().copied())));
    match destination.option {
        TrashOption::Local => {
            text.push_str(&format!("Moved {what} to {}.\n", where_to(destination, &all)));
            text.push_str(&format!(
                "To put {} back, from the vault folder:\n",
                if done.len() == 1 { "it" } else { "them" }
            ));
            for (r, to) in done {
                text.push_str(&format!("  mv -n {} {}\n", shell_quoted(to), shell_quoted(&r.path)));
            }
        }
        TrashOption::System => {
            text.push_str(&format!("Moved {what} to {}.\n", where_to(destination, &all)));
            text.push_str(
                "To put them back: Restore in your file manager's Trash, or `gio trash --restore` or \
                 `trash-restore`; the trash remembers where each was.\n",
            );
        }
        TrashOption::Permanent => {
            text.push_str(&format!("Deleted {what} permanently: only a backup (or git) brings them back.\n"));
        }
    }
    text
}

/// A word for `sh`: single-quoted, a `'` written as `'\''`.
fn shell_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn json(
    destination: &Destination,
    planned: &Cleaning,
    removals: &[Removal],
    done: &[(&Removal, String)],
    dry_run: bool,
    interrupted: bool,
) -> String {
    let folder = match destination.option {
        TrashOption::Local => Some(LOCAL_TRASH.to_string()),
        TrashOption::System => removals.iter().find_map(|r| match &r.place {
            Place::System(t) => Some(t.dir().display().to_string()),
            _ => None,
        }),
        TrashOption::Permanent => None,
    };
    let entry = |r: &Removal, to: Option<String>| serde_json::json!({ "path": r.path, "to": to, "bytes": r.bytes });
    let removed: Vec<serde_json::Value> = if dry_run {
        removals
            .iter()
            .map(|r| {
                let to = match &r.place {
                    Place::Local(to) => Some(to.clone()),
                    Place::System(t) => Some(t.dir().display().to_string()),
                    Place::Gone => None,
                };
                entry(r, to)
            })
            .collect()
    } else {
        done.iter().map(|(r, to)| entry(r, (!to.is_empty()).then(|| to.clone()))).collect()
    };
    let kept: Vec<serde_json::Value> =
        planned.kept.iter().map(|k| serde_json::json!({ "path": k.path, "reason": k.why })).collect();
    let doc = serde_json::json!({
        "dry_run": dry_run,
        "trash": destination.option.setting(),
        "trash_folder": folder,
        "attachments": planned.attachments,
        "removed": removed,
        "kept": kept,
        "interrupted": interrupted,
    });
    serde_json::to_string_pretty(&doc).map(|s| s + "\n").unwrap_or_default()
}

fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(1234), "1.2 kB");
        assert_eq!(size(3_400_000), "3.4 MB");
        assert_eq!(size(2_000_000_000_000_000), "2000.0 TB");
    }

    #[test]
    fn shell_words_survive_quotes() {
        assert_eq!(shell_quoted("it's a.png"), r#"'it'\''s a.png'"#);
    }
}
