//! `wikilint tags`: every tag of the vault with its count, as Obsidian's Tags pane lists them.
//!
//! What counts is what Obsidian's `getAllTags` gives: the `tags` property (spec §6.3), then the
//! inline tags the parser found (§6.5: none in code, math, HTML or link targets; those in `%%`
//! comments are indexed, §1.7). Each occurrence counts, as in the pane. Tags are grouped
//! case-insensitively and shown in the first casing met (notes in path order). A nested tag
//! also counts for each parent (`#project/a` for `#project`), except a parent Obsidian would not
//! take as a tag (only digits: `#2024` of `#2024/01`), spec §6.5.

use super::print;
use crate::cli::{ListFormat, TagsAction, TagsArgs, TagsRenameArgs};
use crate::config::Overrides;
use crate::housekeeping::tags::{Plan, Rename};
use crate::moves::apply::Applied;
use crate::progress::Progress;
use crate::write::VaultWriter;
use miette::miette;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

pub fn run(args: &TagsArgs) -> Result<u8, miette::Report> {
    if let Some(TagsAction::Rename(rename)) = &args.action {
        return run_rename(rename);
    }
    let (super::Loaded { config, vault, .. }, scope) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let mut tally = Tally::default();
    // `notes()` goes in id order, which is path order: the first casing met is deterministic.
    for (id, note) in vault.notes() {
        let file = &vault.files[id];
        if !file.is_note || file.removed || !config.is_reported(&file.path) || !scope.reports(&file.path) {
            continue;
        }
        let written = note.frontmatter.iter().flat_map(|fm| fm.tags());
        let inline = note.tags.iter().map(|t| t.name.strip_prefix('#').unwrap_or(&t.name));
        for tag in written.chain(inline) {
            tally.add(tag, &file.path);
        }
    }
    let tags = tally.sorted();
    let out = match args.format {
        ListFormat::Json => {
            let items: Vec<_> = tags
                .iter()
                .map(|(_, t)| json!({ "tag": t.shown, "count": t.own, "total": t.total, "notes": t.notes }))
                .collect();
            format!("{:#}\n", json!({ "tags": items }))
        }
        ListFormat::Human => {
            if tags.is_empty() {
                eprintln!("no tags in the notes reported on");
            }
            tree(&tags)
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

/// `wikilint tags rename OLD NEW [PATHS]`: plans with `housekeeping::tags`, prints the diff
/// (the default) or writes every note or none, through `moves::apply` and its journal, so that
/// a stopped run is undone (or finished) like a stopped `mv`.
fn run_rename(args: &TagsRenameArgs) -> Result<u8, miette::Report> {
    let rename = Rename::new(&args.old, &args.new).map_err(|e| miette!("refused: {e}"))?;
    let located = super::locate(args.vault.as_deref(), &args.paths)?;
    let loaded = super::load_root(located.root.clone(), &Overrides::default(), false)?;
    let root = &loaded.root;
    let plan = crate::housekeeping::tags::plan(
        &loaded.vault,
        &loaded.index,
        &rename,
        |path| located.reports(path),
        |path| std::fs::read(crate::discover::on_disk(root, path)),
    );
    let old = format!("#{}", rename.old);
    if !plan.refused.is_empty() {
        // One line each: there may be several, and each names a note to look at.
        for why in &plan.refused {
            eprintln!("refused: {why}");
        }
        eprintln!("nothing was changed");
        return Ok(2);
    }
    if plan.rewrites.is_empty() {
        let where_ =
            if located.reported.is_empty() { String::new() } else { format!(" under {}", located.reported.join(", ")) };
        return Err(miette!("refused: no tag {old} (nor one nested in it) in the notes{where_}: nothing to rename"));
    }
    refuse_unwritable(root, &plan)?;
    let mut text = String::new();
    if !args.write {
        for r in &plan.rewrites {
            text.push_str(&crate::fix::unified_diff(&r.path, &r.old, r.new.as_bytes()));
        }
    }
    for r in &plan.rewrites {
        for said in &r.said {
            text.push_str(&format!("note: {}: {said}\n", r.path));
        }
    }
    let will = if args.write { "now resolves" } else { "would resolve" };
    for link in &plan.newly_resolved {
        text.push_str(&format!("note: {link} did not resolve and {will}: the heading it names holds the new tag\n"));
    }
    let summary = summary(&plan, &rename, args.write);
    if !args.write {
        text.push_str(&summary);
        text.push_str("dry run: nothing was written; --write renames\n");
        return print(&text).map(|_| 0);
    }
    let writer = VaultWriter::new(root).map_err(|e| miette!("cannot open the vault {}: {e}", root.display()))?;
    let rewrites = plan
        .rewrites
        .iter()
        .map(|r| crate::moves::Rewrite {
            path: r.path.clone(),
            new_path: r.path.clone(),
            old: r.old.clone(),
            new: r.new.clone(),
            links: 0,
        })
        .collect();
    let what = format!("tags rename {old} #{}", rename.new);
    let journaled = crate::moves::Plan { rewrites, what: Some(what), ..Default::default() };
    let progress = Progress::for_files(journaled.rewrites.len(), "Renaming tags", false);
    let applied = crate::moves::apply::apply(&journaled, &writer, &progress);
    progress.finish();
    if let Applied::Interrupted { left } = applied.map_err(|e| miette!("stopped: {e}"))? {
        if left.is_empty() {
            eprintln!("interrupted: the rename was undone; no note was changed");
        } else {
            eprintln!(
                "interrupted: the rename was undone, but for these notes, which need a look: {}",
                left.join(", ")
            );
        }
        return Ok(130);
    }
    text.push_str(&summary);
    print(&text).map(|_| 0)
}

/// `renamed #project to #work: 10 occurrences in 4 notes; merged into existing tag #work`.
fn summary(plan: &Plan, rename: &Rename, written: bool) -> String {
    let count = |n: usize, what: &str| format!("{} {what}{}", super::thousands(n), if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{} #{} to #{}: {} in {}",
        if written { "renamed" } else { "would rename" },
        rename.old,
        rename.new,
        count(plan.occurrences, "occurrence"),
        count(plan.rewrites.len(), "note"),
    );
    if !plan.merged_into.is_empty() {
        let tags: Vec<String> = plan.merged_into.iter().map(|t| format!("#{t}")).collect();
        let noun = if tags.len() == 1 { "tag" } else { "tags" };
        line.push_str(&format!("; merged into existing {noun} {}", tags.join(", ")));
    }
    line.push('\n');
    line
}

/// Refuses, before the dry run shows a plan the write would not carry out, to rewrite a note
/// that is a symbolic link (the writer does not write through links), one marked read-only, or
/// one in a read-only folder (the new text is written beside it, then renamed over it):
/// read-only means "do not touch" to its owner.
fn refuse_unwritable(root: &std::path::Path, plan: &Plan) -> Result<(), miette::Report> {
    let meta = |rel: &str| std::fs::symlink_metadata(crate::discover::on_disk(root, rel));
    let read_only = |rel: &str| meta(rel).is_ok_and(|m| crate::write::is_read_only(&m));
    for r in &plan.rewrites {
        if meta(&r.path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(miette!(
                "refused: {} is a symbolic link, and tags rename does not write through links; nothing was changed",
                r.path
            ));
        }
        if read_only(&r.path) {
            return Err(miette!(
                "refused: {} is read-only, and tags rename does not rewrite a read-only file; nothing was changed \
                 (make it writable, e.g. chmod u+w, to go ahead)",
                r.path
            ));
        }
        let folder = r.path.rsplit_once('/').map_or("", |(f, _)| f);
        if read_only(folder) {
            return Err(miette!(
                "refused: the folder {} is read-only, so {} cannot be rewritten in it; nothing was changed",
                if folder.is_empty() { "of the vault" } else { folder },
                r.path
            ));
        }
    }
    Ok(())
}

/// One tag, its children's occurrences included in `total`.
#[derive(Default)]
struct Counted<'a> {
    /// The first casing met, without `#`.
    shown: String,
    /// Occurrences of the tag itself.
    own: usize,
    /// Occurrences of the tag and of the tags nested in it: the number Obsidian's pane shows.
    total: usize,
    /// The notes holding the tag itself, in path order.
    notes: Vec<&'a str>,
}

#[derive(Default)]
struct Tally<'a> {
    /// By lower-cased name.
    tags: BTreeMap<String, Counted<'a>>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, tag: &str, path: &'a str) {
        let own = self.entry(tag);
        own.own += 1;
        own.total += 1;
        if own.notes.last() != Some(&path) {
            own.notes.push(path);
        }
        for (i, _) in tag.match_indices('/') {
            let parent = &tag[..i];
            if is_parent(parent) {
                self.entry(parent).total += 1;
            }
        }
    }

    fn entry(&mut self, name: &str) -> &mut Counted<'a> {
        self.tags
            .entry(name.to_lowercase())
            .or_insert_with(|| Counted { shown: name.to_string(), ..Counted::default() })
    }

    /// Parents before their children, siblings by name (`project`, `project/a`, `project-x`).
    fn sorted(self) -> Vec<(Vec<String>, Counted<'a>)> {
        let mut tags: Vec<_> =
            self.tags.into_iter().map(|(k, v)| (k.split('/').map(String::from).collect(), v)).collect();
        tags.sort_by(|a: &(Vec<String>, _), b| a.0.cmp(&b.0));
        tags
    }
}

/// A prefix of a nested tag that is a tag of its own for the pane: not empty (`a//b`), not
/// only digits.
fn is_parent(prefix: &str) -> bool {
    !prefix.is_empty() && !prefix.ends_with('/') && !prefix.bytes().all(|b| b.is_ascii_digit())
}

/// One line per tag, children indented under their parent; the count is the pane's (children
/// included), with the tag's own count beside it when that differs.
fn tree(tags: &[(Vec<String>, Counted)]) -> String {
    let keys: std::collections::BTreeSet<&[String]> = tags.iter().map(|(k, _)| k.as_slice()).collect();
    let names: Vec<String> = tags
        .iter()
        .map(|(key, t)| {
            let depth = (1..key.len()).filter(|&n| keys.contains(&key[..n])).count();
            format!("{}#{}", "  ".repeat(depth), t.shown)
        })
        .collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let count_width = tags.iter().map(|(_, t)| t.total.to_string().len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, (_, t)) in names.iter().zip(tags) {
        let pad = name_width - name.chars().count();
        out.push_str(&format!("{name}{}  {:>count_width$}", " ".repeat(pad), t.total));
        if t.own != t.total {
            out.push_str(&format!("  ({} own)", t.own));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_count_their_children_in_one_casing() {
        let mut t = Tally::default();
        t.add("Project/a", "1.md");
        t.add("project", "2.md");
        t.add("project/a", "2.md");
        t.add("project-x", "3.md");
        t.add("2024/01", "3.md");
        let got = tree(&t.sorted());
        assert_eq!(got, "#2024/01      1\n#Project      3  (1 own)\n  #Project/a  2\n#project-x    1\n");
    }
}
