//! `wikilint mv SRC DST`: move or rename a note, attachment or folder (or rename a heading)
//! and rewrite every link that would otherwise stop leading where it led.

use super::thousands;
use crate::cli::MvArgs;
use crate::config::Overrides;
use crate::linktext::LinkSettings;
use crate::moves::apply::Applied;
use crate::moves::{self, Plan, RealDisk};
use crate::progress::Progress;
use crate::write::VaultWriter;
use miette::miette;
use std::io::Write;

pub fn run(args: &MvArgs) -> Result<u8, miette::Report> {
    // SRC and DST as the shell completes them (from the current folder), or vault-relative.
    let src_here = std::path::Path::new(&args.src);
    let from_here = !args.src.contains('#') && src_here.exists();
    let paths: Vec<std::path::PathBuf> = if from_here { vec![src_here.to_path_buf()] } else { Vec::new() };
    let located = super::locate(args.vault.as_deref(), &paths)?;
    let root = located.root.clone();
    let (src, dst) = vault_relative(&root, &args.src, &args.dst, from_here.then(|| located.reported.first()).flatten());
    let loaded = super::load_root(root.clone(), &Overrides::default(), args.quiet)?;
    let settings = LinkSettings::load(&loaded.root);
    let disk = RealDisk(loaded.root.clone());
    let plan =
        moves::plan(&loaded.vault, &loaded.index, settings, &disk, &src, &dst).map_err(|e| miette!("refused: {e}"))?;

    let mut out = std::io::stdout().lock();
    if args.dry_run {
        let text = dry_run_text(&plan);
        return write_out(&mut out, &text).map(|_| 0);
    }
    let writer =
        VaultWriter::new(&loaded.root).map_err(|e| miette!("cannot open the vault {}: {e}", loaded.root.display()))?;
    let progress = Progress::for_files(plan.rewrites.len(), "Rewriting links", args.quiet);
    let applied = moves::apply::apply(&plan, &writer, &progress);
    progress.finish();
    if let Applied::Interrupted { left } = applied.map_err(|e| miette!("stopped: {e}"))? {
        if left.is_empty() {
            eprintln!("interrupted: the move was undone; no file was changed or moved");
        } else {
            eprintln!("interrupted: the move was undone, but for these files, which need a look: {}", left.join(", "));
        }
        return Ok(130);
    }
    if !args.quiet {
        write_out(&mut out, &summary(&plan, false, args.verbose))?;
    }
    Ok(0)
}

/// What the move did: one line for the move (a folder's with its file count), one for the
/// links rewritten. `verbose` lists every moved file and rewritten file first; the dry run
/// lists every move (its diff already shows each rewrite), as the plan to review.
fn summary(plan: &Plan, dry_run: bool, verbose: bool) -> String {
    let mut text = String::new();
    let (moved, rewrote, renamed) =
        if dry_run { ("would move", "would rewrite", "would rename") } else { ("moved", "rewrote", "renamed") };
    let folder = plan.moves.first().filter(|m| plan.moved_files.as_slice() != std::slice::from_ref(*m));
    if folder.is_some() && (verbose || dry_run) {
        for m in &plan.moved_files {
            text.push_str(&format!("{moved} {} -> {}\n", m.from, m.to));
        }
    }
    if verbose {
        for r in plan.rewrites.iter().filter(|r| r.links > 0) {
            text.push_str(&format!("{rewrote} {} link{} in {}\n", thousands(r.links), plural(r.links), r.new_path));
        }
    }
    match folder {
        Some(m) => {
            let n = plan.moved_files.len();
            let slash = |p: &str| format!("{}/", p.trim_end_matches('/'));
            text.push_str(&format!(
                "{moved} {} -> {} ({} file{})\n",
                slash(&m.from),
                slash(&m.to),
                thousands(n),
                plural(n)
            ));
        }
        None => {
            for m in &plan.moves {
                text.push_str(&format!("{moved} {} -> {}\n", m.from, m.to));
            }
        }
    }
    if let Some((note, old, new)) = &plan.heading {
        text.push_str(&format!("{renamed} heading {old:?} -> {new:?} in {note}\n"));
    }
    let links = plan.links_rewritten();
    let files = plan.rewrites.iter().filter(|r| r.links > 0).count();
    text.push_str(&format!(
        "{rewrote} {} link{} in {} file{}\n",
        thousands(links),
        plural(links),
        thousands(files),
        plural(files)
    ));
    if !plan.newly_resolved.is_empty() {
        let n = plan.newly_resolved.len();
        let will = match (dry_run, n) {
            (true, _) => "would now resolve",
            (false, 1) => "now resolves",
            (false, _) => "now resolve",
        };
        text.push_str(&format!(
            "note: {n} link{} that did not resolve before {will}, left as written (the link graph gains {}):\n",
            plural(n),
            if n == 1 { "this edge" } else { "these edges" }
        ));
        for r in &plan.newly_resolved {
            text.push_str(&format!("  {}:{}: {} -> {}\n", r.source, r.line, r.original, r.target));
        }
    }
    text
}

/// A unified diff of every file that would be rewritten, then the summary.
fn dry_run_text(plan: &Plan) -> String {
    let mut text = String::new();
    for r in &plan.rewrites {
        let old = String::from_utf8_lossy(&r.old);
        let diff = similar::TextDiff::from_lines(old.as_ref(), r.new.as_str());
        let body = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{}", r.path), &format!("b/{}", r.new_path))
            .to_string();
        text.push_str(&body);
        if !body.ends_with('\n') {
            text.push_str("\n\\ No newline at end of file\n");
        }
    }
    text.push_str(&summary(plan, true, false));
    text.push_str("dry run: nothing was written\n");
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_out(out: &mut impl Write, text: &str) -> Result<(), miette::Report> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(miette!("cannot write the output: {e}")),
    }
}

/// SRC and DST as vault-relative paths. A SRC that names a file or folder from the current
/// folder (`reported`, found by `locate`) is taken as such, and so is DST when the current
/// folder is inside the vault; otherwise both are vault-relative already. A trailing `/`
/// (a folder, not the note beside it) is kept.
fn vault_relative(root: &std::path::Path, src: &str, dst: &str, reported: Option<&String>) -> (String, String) {
    let Some(rel_src) = reported else { return (src.to_string(), dst.to_string()) };
    let slash = |s: &str| if s.ends_with('/') { "/" } else { "" };
    let src = format!("{rel_src}{}", slash(src));
    let here = std::env::current_dir().ok().and_then(|cwd| {
        let cwd = std::fs::canonicalize(cwd).ok()?;
        let root = std::fs::canonicalize(root).ok()?;
        let rel = cwd.strip_prefix(root).ok()?;
        Some(rel.to_str()?.replace('\\', "/"))
    });
    let dst = match here {
        Some(folder) if !folder.is_empty() && !dst.contains('#') && !dst.starts_with('/') => {
            let joined = format!("{folder}/{}", dst.trim_start_matches("./"));
            normalize(&joined)
        }
        _ => dst.to_string(),
    };
    (src, dst)
}

/// `a/b/../c` as `a/c`; a `..` above the vault stays, for the planner to refuse.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() { "/" } else { "" };
    format!("{}{trailing}", parts.join("/"))
}
