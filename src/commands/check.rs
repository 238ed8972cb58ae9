use crate::baseline::{self, Baseline};
use crate::cli::CheckArgs;
use crate::config::Overrides;
use crate::diagnostic::{Diagnostic, Severity};
use crate::git::{self, Changes, Since};
use crate::index::{FileId, Names, VaultIndex, resolve};
use crate::report::{self, CheckReport, Format, Style, output};
use crate::rules;
use crate::text::plural;
use crate::vault::Vault;
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(args: &CheckArgs) -> Result<u8, miette::Report> {
    let overrides = Overrides { select: args.select.clone(), ignore: args.ignore.clone() };
    if args.statistics && matches!(args.format, Format::Github | Format::Sarif) {
        return Err(miette::miette!(
            "--statistics prints a table (--format human or concise) or a JSON list (--format json); it has no {} form",
            if args.format == Format::Github { "github" } else { "sarif" }
        ));
    }
    let mut timer = PhaseTimer::from_env();
    let located = super::locate(args.vault.as_deref(), &args.paths)?;
    let root = located.root.clone();
    // Everything that can refuse the command line does so before the vault is read.
    let since = match (&args.changed_since, args.staged) {
        (Some(rev), _) => Some(Since::Revision(rev)),
        (None, true) => Some(Since::Staged),
        (None, false) => None,
    };
    let changes = since.map(|s| git::changes(&root, s).map_err(|e| git_error(&e, s, &root))).transpose()?;
    let baseline =
        args.baseline.as_deref().map(|p| Baseline::load(p).map_err(|e| miette::miette!("{e}"))).transpose()?;
    timer.done("git+baseline");
    if (args.fix || args.diff)
        && let Some(code) = super::fix::run(args, &located, &overrides)?
    {
        return Ok(code);
    }
    // Links to a note deleted since the last commit are mistakes, not forward links: git says
    // which, while the vault is read.
    let gone_since_head = (changes.is_none()).then(|| {
        let root = root.clone();
        std::thread::spawn(move || git::gone_since_head(&root))
    });
    let super::Loaded { config, vault, mut index, .. } = super::load_root(root.clone(), &overrides, args.quiet)?;
    match (&changes, gone_since_head) {
        (Some(c), _) => index.set_gone(c.gone.iter().map(String::as_str)),
        (None, Some(thread)) => index.set_gone(thread.join().unwrap_or_default().iter().map(String::as_str)),
        (None, None) => {}
    }
    timer.done("load+parse+resolve");
    let findings = rules::check(&vault, &index, &config);
    timer.done("rules");
    let diagnostics = findings.diagnostics;
    let mut missing = if config.rules.severity("WL201").is_some() { findings.missing } else { Vec::new() };

    if let Some(path) = &args.write_baseline {
        let fingerprints = baseline::fingerprints(&vault.root, &diagnostics);
        let json = baseline::to_json(&diagnostics, &fingerprints);
        output::write_atomically(path, json.as_bytes())
            .map_err(|e| miette::miette!("cannot write the baseline {}: {e}", path.display()))?;
        if !args.quiet {
            eprintln!("Wrote {} to the baseline {}.", plural(diagnostics.len(), "finding"), path.display());
        }
        return Ok(0);
    }

    // Which findings to show: not in the baseline, and within the changes.
    let mut notes = Vec::new();
    let mut new = vec![true; diagnostics.len()];
    if let Some(b) = &baseline {
        let fingerprints = baseline::fingerprints(&vault.root, &diagnostics);
        let (is_new, gone) =
            b.compare(&fingerprints, |f| config.rules.severity(&f.code).is_some() && config.is_reported(&f.path));
        let known = is_new.iter().filter(|n| !**n).count();
        new = is_new;
        let mut line = format!("Baseline: {} not shown", plural(known, "known finding"));
        line.push_str(&match gone {
            0 => "; none of its findings is gone.".to_string(),
            1 => "; 1 of its findings is gone (fixed or removed): write the baseline again to drop it.".to_string(),
            n => format!("; {n} of its findings are gone (fixed or removed): write the baseline again to drop them."),
        });
        notes.push(line);
    }
    let mut shown = new.clone();
    if !located.reported.is_empty() {
        for (keep, d) in shown.iter_mut().zip(&diagnostics) {
            *keep = *keep && located.reports(&d.path);
        }
        notes.push(format!(
            "Reported on: {} (links resolve against the whole vault {}).",
            located.reported.join(", "),
            root.display()
        ));
    }
    if !located.marked && args.format == Format::Human {
        notes.push(format!("no .obsidian/ or wikilint.toml found: checked {} as the vault.", root.display()));
    }
    if let Some(changes) = &changes {
        let scope = Scope::new(&vault, &index, changes);
        for (keep, d) in shown.iter_mut().zip(&diagnostics) {
            *keep = *keep && scope.contains(d);
        }
        let what = match since {
            Some(Since::Revision(rev)) => format!("Changes since {rev}"),
            _ => "Staged changes".to_string(),
        };
        notes.push(format!(
            "{what}: {} changed, {} deleted or renamed; findings shown for those and for the links they broke.",
            plural(changes.changed.len(), "file"),
            plural(changes.gone.len(), "file"),
        ));
    }
    // A missing note stays in the ranking when its finding is shown, or (for --changed-since)
    // when a changed note links to it, unless the baseline knows it.
    let wl201 = |keep: &[bool]| -> FxHashSet<(&str, usize)> {
        diagnostics
            .iter()
            .zip(keep)
            .filter(|(d, k)| **k && d.code == "WL201")
            .map(|(d, _)| (d.path.as_str(), d.loc.span.start))
            .collect()
    };
    let (new_missing, shown_missing) = (wl201(&new), wl201(&shown));
    missing.retain(|m| {
        let first = (vault.files[m.referrers[0].file].path.as_str(), m.referrers[0].loc.span.start);
        new_missing.contains(&first)
            && (shown_missing.contains(&first)
                || changes
                    .as_ref()
                    .is_some_and(|c| m.referrers.iter().any(|r| c.changed.contains(&vault.files[r.file].path))))
    });
    let diagnostics: Vec<Diagnostic> = if shown.contains(&false) {
        diagnostics.into_iter().zip(shown).filter_map(|(d, s)| s.then_some(d)).collect()
    } else {
        diagnostics
    };
    // Decided before --min-severity, which changes what is shown, never the exit code.
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let mut below_min_severity = None;
    let diagnostics: Vec<Diagnostic> = match args.min_severity.map(Severity::from) {
        Some(min) if diagnostics.iter().any(|d| d.severity < min) => {
            let mut below = report::BelowMinSeverity { min, warnings: 0, infos: 0 };
            for d in diagnostics.iter().filter(|d| d.severity < min) {
                match d.severity {
                    Severity::Warning => below.warnings += 1,
                    _ => below.infos += 1,
                }
            }
            below_min_severity = Some(below);
            diagnostics.into_iter().filter(|d| d.severity >= min).collect()
        }
        _ => diagnostics,
    };

    // The summary counts the notes looked at: the changed ones and those with a broken link shown.
    // Only `--changed-since` / `--staged` asks which notes have findings.
    let with_findings: FxHashSet<&str> = match &changes {
        Some(_) => diagnostics.iter().map(|d| d.path.as_str()).collect(),
        None => FxHashSet::default(),
    };
    let in_scope = |p: &str| {
        config.is_reported(p)
            && located.reports(p)
            && changes.as_ref().is_none_or(|c| c.changed.contains(p) || with_findings.contains(p))
    };
    // The summary promises only the unsafe fixes `--unsafe-fixes` would make (one that would add
    // a finding is refused): the fixer says which, for the files that have any.
    let summary_says_fixes = (args.format == Format::Human && !args.quiet) || args.statistics;
    let unsafe_fixable = (summary_says_fixes && report::statistics::fixable(&diagnostics).unsafe_ > 0).then(|| {
        crate::fix::plan(&vault, &index, &config, &diagnostics, crate::fix::FixOptions { unsafe_fixes: false })
            .unsafe_skipped
    });
    let mut report = CheckReport::new(&vault, &diagnostics, &missing, in_scope)
        .with_below_min_severity(below_min_severity)
        .with_unsafe_fixable(unsafe_fixable);
    if matches!(args.format, Format::Github | Format::Sarif) {
        // CI matches annotations to files by their path in the repository.
        report = report.with_path_prefix(git::repo(&root).map(|r| r.prefix).unwrap_or_default());
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let style = Style { color, quiet: args.quiet, statistics: args.statistics, unsafe_fixes: args.unsafe_fixes };
    let notes_inline = args.format == Format::Human && !args.quiet;
    let render = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = out;
        report::render(args.format, &report, &style, &mut out)?;
        if notes_inline {
            for n in &notes {
                writeln!(out, "{n}")?;
            }
        }
        Ok(())
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match render(&mut out).and_then(|_| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
                Err(e) => return Err(miette::miette!("cannot write the report: {e}")),
            }
        }
        Some(path) => {
            let mut buf = Vec::new();
            render(&mut buf).map_err(|e| miette::miette!("cannot render the report: {e}"))?;
            output::write_atomically(path, &buf)
                .map_err(|e| miette::miette!("cannot write the report to {}: {e}", path.display()))?;
        }
    }
    if !notes_inline && !args.quiet {
        for n in &notes {
            eprintln!("{n}");
        }
    }
    timer.done("report");
    // The process ends here: freeing a large vault's notes one by one would only cost time.
    std::mem::forget((vault, index, diagnostics, missing));
    Ok(u8::from(failed))
}

fn git_error(e: &git::Error, since: Since, root: &Path) -> miette::Report {
    let flag = match since {
        Since::Revision(_) => "--changed-since",
        Since::Staged => "--staged",
    };
    match e {
        git::Error::NotARepo => {
            miette::miette!("{flag} needs a git repository, and {} is not inside one", root.display())
        }
        git::Error::BadRevision(rev) => miette::miette!(
            "{flag} {rev}: not a revision of this repository (give a branch, a tag or a commit, e.g. main or HEAD~1)"
        ),
        other => miette::miette!("{flag}: {other}"),
    }
}

/// The findings `--changed-since` / `--staged` shows: those in changed files, and those of
/// the link rules (broken link, heading or block, missing note) elsewhere whose link names a
/// file that was deleted or renamed away, or points into a changed note (a heading removed).
struct Scope<'a> {
    vault: &'a Vault,
    index: &'a VaultIndex,
    changes: &'a Changes,
    ids: HashMap<&'a str, FileId>,
    /// The vault's files, then the gone ones: a link that resolves to one of the latter named a
    /// file the changes took away.
    before: Option<Names>,
}

impl<'a> Scope<'a> {
    fn new(vault: &'a Vault, index: &'a VaultIndex, changes: &'a Changes) -> Self {
        let ids = vault.files.iter().enumerate().map(|(id, f)| (f.path.as_str(), id)).collect();
        let before = (!changes.gone.is_empty()).then(|| {
            Names::new(vault.files.iter().map(|f| f.path.as_str()).chain(changes.gone.iter().map(String::as_str)))
        });
        Scope { vault, index, changes, ids, before }
    }

    fn contains(&self, d: &Diagnostic) -> bool {
        if self.changes.changed.contains(&d.path) {
            return true;
        }
        if !matches!(d.code, "WL101" | "WL102" | "WL103" | "WL201") {
            return false;
        }
        let Some(&id) = self.ids.get(d.path.as_str()) else { return false };
        let Some(note) = self.vault.note(id) else { return false };
        let Some(i) = note.links.iter().position(|l| l.loc.span == d.loc.span) else { return false };
        let target = &self.index.targets[id][i];
        if target.resolution.file.is_some_and(|f| self.changes.changed.contains(&self.vault.files[f].path)) {
            return true;
        }
        self.before.as_ref().is_some_and(|names| {
            resolve::resolve(names, note.links[i].linkpath(), id).file.is_some_and(|f| f >= self.vault.files.len())
        })
    }
}

/// `WIKILINT_TIMINGS=1` prints how long each stage took, on stderr, for profiling.
struct PhaseTimer(Option<std::time::Instant>);

impl PhaseTimer {
    fn from_env() -> Self {
        PhaseTimer(std::env::var_os("WIKILINT_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn done(&mut self, phase: &str) {
        if let Some(t) = self.0 {
            eprintln!("{phase:>20}: {:>7.1} ms", t.elapsed().as_secs_f64() * 1e3);
            self.0 = Some(std::time::Instant::now());
        }
    }
}
