//! `wikilint watch`: a full check, then the findings each change adds or removes.

use super::thousands;
use crate::cli::{ListFormat, WatchArgs};
use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Severity};
use crate::live::{Delta, LiveCheck, Sync, diff, moves};
use crate::rules::{self, MissingNote};
use crate::scaffold::PlannedNote;
use crate::scaffold::maker::{Outcome, StubMaker};
use crate::watch::{Links, Settle, VaultChange, classify, linked_folders, native_unusable};
use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

enum Message {
    Events(DebounceEventResult),
    Stop,
}

/// The longest a burst is gathered before it is reported: a stream of changes that never
/// pauses (a sync client, a long `git checkout`) still shows progress.
const MAX_GATHER: Duration = Duration::from_secs(3);

/// The file watcher in use: held, never read; dropping it stops it.
#[allow(dead_code)]
enum Watcher {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<notify::PollWatcher, NoCache>),
}

fn start_polling(root: &Path, debounce: Duration, tx: &mpsc::Sender<Message>) -> Result<Watcher, miette::Report> {
    let events = tx.clone();
    let config = notify::Config::default().with_poll_interval(Duration::from_secs(1));
    let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
        debounce,
        None,
        move |r: DebounceEventResult| {
            let _ = events.send(Message::Events(r));
        },
        NoCache,
        config,
    )
    .map_err(|e| miette::miette!("cannot watch {}: {e}", root.display()))?;
    d.watch(root, RecursiveMode::Recursive).map_err(|e| miette::miette!("cannot watch {}: {e}", root.display()))?;
    Ok(Watcher::Polling(d))
}

/// Native events, or polling (said on stderr) when they cannot be had.
fn start(root: &Path, debounce: Duration, tx: &mpsc::Sender<Message>) -> Result<Watcher, miette::Report> {
    let events = tx.clone();
    let handler = move |r: DebounceEventResult| {
        let _ = events.send(Message::Events(r));
    };
    let error = match new_debouncer(debounce, None, handler) {
        Ok(mut d) => match d.watch(root, RecursiveMode::Recursive) {
            Ok(()) => return Ok(Watcher::Native(d)),
            Err(e) => e,
        },
        Err(e) => e,
    };
    // A limit or a missing facility is not the same news as, say, an unreadable subfolder.
    match native_unusable(&error) {
        Some(why) => {
            eprintln!("wikilint: native file events are unavailable: {why} ({error}); polling every second instead")
        }
        None => {
            eprintln!("wikilint: cannot watch the vault with native file events: {error}; polling every second instead")
        }
    }
    start_polling(root, debounce, tx)
}

pub fn run(args: &WatchArgs) -> Result<u8, miette::Report> {
    let paths: Vec<std::path::PathBuf> = args.vault.iter().cloned().collect();
    let root = super::locate(args.vault_dir.as_deref(), &paths)?.root;
    // Paths in events are absolute and canonical; so is the root we compare them with.
    let root = root.canonicalize().map_err(|e| miette::miette!("cannot open the vault {}: {e}", root.display()))?;
    let (tx, rx) = mpsc::channel::<Message>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .map_err(|e| miette::miette!("cannot handle Ctrl-C: {e}"))?;
    // `--debounce` is the quiet that ends a burst, measured by the loop below. The debouncer
    // only merges each path's events; it hands a path over after half that quiet, so its
    // batches keep coming (a tick apart) for as long as the burst goes on.
    let debounce = Duration::from_millis(args.debounce.max(10));
    let per_path = (debounce / 2).max(Duration::from_millis(5));
    let mut watcher = if args.poll { start_polling(&root, per_path, &tx)? } else { start(&root, per_path, &tx)? };

    // With --create-stubs, everything that can fail on the stub settings fails now.
    let period = if args.create_stubs {
        Some(
            Duration::try_from_secs_f64(args.settle)
                .map_err(|_| miette::miette!("--settle {}: give a number of seconds, 0 or more", args.settle))?,
        )
    } else {
        None
    };
    // --select and --ignore as `check` takes them, kept over a reload of wikilint.toml.
    let overrides = Overrides { select: args.select.clone(), ignore: args.ignore.clone() };
    let mut live = LiveCheck::new(&root, Config::load(&root, &overrides, crate::rules::catalog())?);
    if period.is_some() {
        StubMaker::new(&root, &live.config, None, None)?;
    }
    let mut settle = period.map(Settle::new);
    let mut out = std::io::stdout().lock();
    let initial = Delta { new: live.diagnostics(), files_changed: live.vault.live_ids().count(), ..Delta::default() };
    print_batch(args, &live, &initial, Kind::Initial, &mut out);
    if let Some(settle) = &mut settle {
        // The links there before the watch started are not new: what they miss is the backlog
        // of `stubs --create`, a stub comes only with a new link.
        live.count_links();
        for (key, count) in live.link_counts() {
            settle.existing(key, count);
        }
    }
    // A burst longer than the debouncer's quiet (a `git checkout` of thousands of files)
    // arrives as a train of batches a tick apart: batches that follow each other within the
    // rest of `debounce` are one burst, reported once. The two waits add up to `debounce`, so a
    // lone save is reported `debounce` after it, not half as late again.
    let window = debounce.saturating_sub(per_path).max(Duration::from_millis(5));
    // The stubs written lately, and when to read them again: each was taken into the check at
    // once, and the debouncer drops a file created and deleted within its window without a
    // word, so a stub deleted that soon would stay a ghost.
    let mut recheck: Option<(Instant, Vec<Sync>)> = None;
    loop {
        // Wake up for file events, when the next missing note has settled, or to read the new
        // stubs again.
        let deadline = [settle.as_ref().and_then(Settle::next_deadline), recheck.as_ref().map(|r| r.0)]
            .into_iter()
            .flatten()
            .min();
        let message = match deadline {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(0),
            },
            None => Some(rx.recv().unwrap_or(Message::Stop)),
        };
        if let Some(message) = message {
            let Message::Events(first) = message else { return Ok(0) };
            let mut events = Vec::new();
            let mut errors = Vec::new();
            let mut take = |r: DebounceEventResult| match r {
                Ok(e) => events.extend(e),
                Err(e) => errors.extend(e),
            };
            take(first);
            let started = Instant::now();
            loop {
                let left = MAX_GATHER.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match rx.recv_timeout(window.min(left)) {
                    Ok(Message::Events(r)) => take(r),
                    Ok(Message::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(0),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                }
            }

            let mut rescan = false;
            for e in errors {
                match native_unusable(&e) {
                    Some(why) if matches!(watcher, Watcher::Native(_)) => {
                        // Native events would go on, blind to the folders they could not add:
                        // poll the whole vault instead, and catch up on what was missed.
                        eprintln!(
                            "wikilint: native file events stopped covering the vault: {why} ({e}); polling every second instead"
                        );
                        drop(watcher);
                        watcher = start_polling(&root, per_path, &tx)?;
                        rescan = true;
                    }
                    _ => eprintln!("wikilint: watch error: {e}"),
                }
            }
            // Before the vault is read again: what is written under a new link from now on
            // has its events, what was written before is found by reading the link's folder.
            if let Watcher::Native(d) = &mut watcher {
                for link in linked_folders(&root, events.iter().map(|e| &e.event)) {
                    if let Err(e) = d.watch(&link, RecursiveMode::Recursive) {
                        eprintln!("wikilint: cannot watch the linked folder {}: {e}", link.display());
                    }
                }
            }
            let mut syncs = Vec::new();
            let mut reload = false;
            for change in events.iter().flat_map(|e| classify(&root, e)) {
                match change {
                    VaultChange::Sync(s) => syncs.push(s),
                    VaultChange::Reload => reload = true,
                    VaultChange::Rescan => rescan = true,
                    VaultChange::RootGone => {}
                }
            }
            if !root.is_dir() {
                eprintln!("wikilint: the vault folder {} is gone; stopping", root.display());
                return Ok(2);
            }
            if reload {
                let before = live.diagnostics();
                match Config::load(&root, &overrides, crate::rules::catalog()) {
                    Ok(config) => live = LiveCheck::new(&root, config),
                    Err(e) => {
                        eprintln!("{e:?}\nwikilint: keeping the previous configuration");
                        continue;
                    }
                }
                let mut delta = diff(before.iter(), live.diagnostics().iter(), live.vault.live_ids().count());
                delta.touched = live.missing_keys();
                if let Some(settle) = &mut settle {
                    let keep: HashSet<&str> = delta.touched.iter().map(String::as_str).collect();
                    settle.retain(&keep);
                    live.count_links();
                    let counted: Vec<String> = live.link_counts().map(|(k, _)| k.to_string()).collect();
                    track(settle, &live, &delta.touched);
                    track(settle, &live, &counted);
                }
                // Always said, even when no finding changed: the new settings are in force.
                print_batch(args, &live, &delta, Kind::Reload, &mut out);
            } else if rescan {
                let delta = live.rescan();
                report(args, &live, &delta, settle.as_mut(), &mut out);
            } else if !syncs.is_empty() {
                let delta = live.apply(&syncs);
                report(args, &live, &delta, settle.as_mut(), &mut out);
            }
        }
        if let Some((_, stubs)) = recheck.take_if(|(at, _)| *at <= Instant::now()) {
            let delta = live.apply(&stubs);
            report(args, &live, &delta, settle.as_mut(), &mut out);
        }
        if let Some(settle) = &mut settle {
            let created = create_due(args, &root, &mut live, settle, &mut out);
            if !created.is_empty() {
                let mut stubs = recheck.take().map(|r| r.1).unwrap_or_default();
                stubs.extend(created);
                recheck = Some((Instant::now() + 2 * debounce, stubs));
            }
        }
    }
}

/// Prints what a batch changed (if anything) and tells the settle clock which missing notes'
/// links it touched.
fn report(args: &WatchArgs, live: &LiveCheck, delta: &Delta, settle: Option<&mut Settle>, out: &mut impl Write) {
    if let Some(settle) = settle {
        track(settle, live, &delta.touched);
        track(settle, live, &delta.recounted);
    }
    if delta.new.is_empty() && delta.resolved.is_empty() && delta.changed.is_empty() && !args.clear {
        return;
    }
    print_batch(args, live, delta, Kind::Changes, out);
}

/// Tells the settle clock how the links to these targets are now.
fn track(settle: &mut Settle, live: &LiveCheck, keys: &[String]) {
    let now = Instant::now();
    for key in keys {
        let count = live.links_to(key);
        let links = if !live.is_missing(key) {
            Links::Resolved { count }
        } else {
            match live.missing_fingerprint(key) {
                Some(fingerprint) => Links::Missing { count, fingerprint },
                None => Links::Never,
            }
        };
        settle.update(key, links, now);
    }
}

/// Creates the stubs of the missing notes that have settled, exactly as `stubs --create`
/// would (same planner, folder, template, no-clobber write), and takes them into the live
/// check at once, as the created files the watcher will also report. Returns their paths.
fn create_due(
    args: &WatchArgs,
    root: &Path,
    live: &mut LiveCheck,
    settle: &mut Settle,
    out: &mut impl Write,
) -> Vec<Sync> {
    let due = settle.due(Instant::now());
    if due.is_empty() {
        return Vec::new();
    }
    for key in &due {
        settle.attempted(key);
    }
    let mut missing: Vec<MissingNote> = due.iter().filter_map(|k| live.missing_note(k)).collect();
    rules::rank(&mut missing);
    // Settings and template are read again each time, as a new `stubs --create` run would.
    let maker = match StubMaker::new(root, &live.config, None, None) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e:?}\nwikilint: no stub created");
            return Vec::new();
        }
    };
    let plan = maker.plan(&live.vault, &live.index, &missing);
    for r in &plan.refused {
        eprintln!(
            "wikilint: no stub for {:?} ({}:{}:{} {}): {}",
            r.title, r.link.path, r.link.line, r.link.column, r.link.original, r.reason
        );
    }
    let (outcomes, failure) = maker.write(&plan, true);
    if let Some((path, e)) = failure {
        eprintln!("wikilint: cannot create the stub {path}: {e}");
    }
    let mut syncs = Vec::new();
    for (stub, outcome) in plan.stubs.iter().zip(&outcomes) {
        match outcome {
            Outcome::Created(folders) => {
                print_stub(args, stub, folders, out);
                syncs.push(Sync(stub.path.clone()));
            }
            Outcome::Exists => {
                // Someone else wrote it meanwhile; the watcher reports that file.
                eprintln!("wikilint: {} exists already; left untouched", stub.path);
            }
        }
    }
    if !syncs.is_empty() {
        let delta = live.apply(&syncs);
        report(args, live, &delta, Some(settle), out);
    }
    syncs
}

#[derive(Serialize)]
struct StubCreated<'a> {
    event: &'static str,
    time: String,
    path: &'a str,
    title: &'a str,
    /// The missing targets it satisfies (case-folded).
    targets: &'a [String],
    links: usize,
    /// Why that folder (wikilint.toml, Obsidian's settings, the link itself).
    why: &'a str,
    /// Folders created for it.
    folders: &'a [String],
}

fn print_stub(args: &WatchArgs, stub: &PlannedNote, folders: &[String], out: &mut impl Write) {
    let time = local_now(args.format);
    let written = if args.format == ListFormat::Json {
        let line = StubCreated {
            event: "stub-created",
            time,
            path: &stub.path,
            title: &stub.title,
            targets: &stub.keys,
            links: stub.links.len(),
            why: &stub.why,
            folders,
        };
        serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from).and_then(|_| writeln!(out))
    } else {
        let n = stub.links.len();
        let links = if n == 1 { "1 link now resolves".to_string() } else { format!("{n} links now resolve") };
        writeln!(out, "[{time}] created stub {} ({links})", stub.path)
    };
    if written.and_then(|_| out.flush()).is_err() {
        std::process::exit(0);
    }
}

#[derive(Serialize)]
struct Batch<'a> {
    time: String,
    initial: bool,
    /// The configuration was reloaded and the vault checked again.
    reloaded: bool,
    files_changed: usize,
    new: Vec<Finding<'a>>,
    resolved: Vec<Finding<'a>>,
    /// Findings that stay, with a new hint.
    changed: Vec<Finding<'a>>,
    /// Folders (or notes) that moved with their findings: each accounts for findings that are
    /// in both `new` (at the new path) and `resolved` (at the old one).
    moves: Vec<MoveOut<'a>>,
    totals: Totals,
}

#[derive(Serialize)]
struct MoveOut<'a> {
    from: &'a str,
    to: &'a str,
    notes: usize,
    findings: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    /// As `check --format json` has it: what would fix it, or null.
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct Totals {
    errors: usize,
    warnings: usize,
    infos: usize,
    missing_notes: usize,
}

/// What a printed batch is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The full check at the start.
    Initial,
    /// What some file changes did.
    Changes,
    /// The configuration changed: the vault was checked again with it.
    Reload,
}

fn print_batch(args: &WatchArgs, live: &LiveCheck, delta: &Delta, kind: Kind, out: &mut impl Write) {
    let t = live.totals();
    let totals = Totals { errors: t.errors, warnings: t.warnings, infos: t.infos, missing_notes: t.missing_notes };
    let time = local_now(args.format);
    fn finding(d: &Diagnostic) -> Finding<'_> {
        Finding {
            path: &d.path,
            line: d.loc.start.line.max(1),
            column: d.loc.start.col.max(1),
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
    let line = |d: &Diagnostic| {
        format!(
            "{}:{}:{}: {}[{}] {}",
            d.path,
            d.loc.start.line.max(1),
            d.loc.start.col.max(1),
            d.severity.as_str(),
            d.name,
            d.message
        )
    };
    let now = format!("now {} errors, {} warnings, {} infos", totals.errors, totals.warnings, totals.infos);
    let (moved, paired_new, paired_resolved) =
        if kind == Kind::Changes { moves(delta) } else { (Vec::new(), Vec::new(), Vec::new()) };
    let unpaired = |list: &'_ [Diagnostic], paired: &[bool]| -> Vec<usize> {
        (0..list.len()).filter(|i| !paired.get(*i).copied().unwrap_or(false)).collect()
    };
    let new = unpaired(&delta.new, &paired_new);
    let resolved = unpaired(&delta.resolved, &paired_resolved);
    let written = if args.format == ListFormat::Json {
        let batch = Batch {
            time,
            initial: kind == Kind::Initial,
            reloaded: kind == Kind::Reload,
            files_changed: delta.files_changed,
            new: delta.new.iter().map(finding).collect(),
            resolved: delta.resolved.iter().map(finding).collect(),
            changed: delta.changed.iter().map(finding).collect(),
            moves: moved
                .iter()
                .map(|m| MoveOut { from: &m.from, to: &m.to, notes: m.notes, findings: m.findings })
                .collect(),
            totals,
        };
        serde_json::to_writer(&mut *out, &batch).map_err(std::io::Error::from).and_then(|_| writeln!(out))
    } else if args.clear {
        (|| {
            write!(out, "\x1b[2J\x1b[H")?;
            for d in &live.diagnostics() {
                writeln!(out, "{}", line(d))?;
            }
            let reloaded = if kind == Kind::Reload { "configuration reloaded; " } else { "" };
            writeln!(
                out,
                "[{time}] {reloaded}{} errors, {} warnings, {} infos; watching {}",
                totals.errors,
                totals.warnings,
                totals.infos,
                display(&live.vault.root)
            )
        })()
    } else {
        (|| {
            match kind {
                Kind::Initial => {
                    if args.quiet {
                        return Ok(());
                    }
                    if delta.new.len() > LIST_AT_START {
                        start_up_summary(out, &delta.new)?;
                    } else {
                        for d in &delta.new {
                            writeln!(out, "{}", line(d))?;
                        }
                    }
                    return writeln!(
                        out,
                        "[{time}] checked {} files: {} errors, {} warnings, {} infos; watching for changes (Ctrl-C to stop)",
                        thousands(delta.files_changed),
                        thousands(totals.errors),
                        thousands(totals.warnings),
                        thousands(totals.infos)
                    );
                }
                Kind::Reload => {
                    write!(out, "[{time}] configuration reloaded, vault checked again: ")?;
                }
                Kind::Changes => write!(out, "[{time}] ")?,
            }
            let updated = match delta.changed.len() {
                0 => String::new(),
                n => format!(", {n} with a new hint"),
            };
            let files = if kind == Kind::Reload {
                String::new()
            } else {
                let s = if delta.files_changed == 1 { "" } else { "s" };
                format!(" ({} file{s} changed)", delta.files_changed)
            };
            writeln!(out, "{} new, {} resolved{updated}{files}; {now}", new.len(), resolved.len())?;
            for m in &moved {
                let notes = if m.notes == 1 { "1 note".to_string() } else { format!("{} notes", thousands(m.notes)) };
                let findings = if m.findings == 1 {
                    "1 finding".to_string()
                } else {
                    format!("{} findings", thousands(m.findings))
                };
                writeln!(out, "  moved {} -> {} ({notes}, {findings})", m.from, m.to)?;
            }
            for &i in &new {
                writeln!(out, "  + {}", line(&delta.new[i]))?;
            }
            for &i in &resolved {
                writeln!(out, "  - {}", line(&delta.resolved[i]))?;
            }
            for d in &delta.changed {
                match &d.hint {
                    Some(hint) => writeln!(out, "  ~ {} (hint: {hint})", line(d))?,
                    None => writeln!(out, "  ~ {} (no hint now)", line(d))?,
                }
            }
            Ok(())
        })()
    };
    if written.and_then(|_| out.flush()).is_err() {
        // stdout closed (`| head`): nothing more to say to anyone.
        std::process::exit(0);
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Now in the local time zone: `2026-12-07 20:25:47` for a person, RFC 3339 with the offset
/// (`2026-12-07T20:25:47+01:00`) for a program.
fn local_now(format: ListFormat) -> String {
    let now = chrono::Local::now();
    match format {
        ListFormat::Human => now.format("%Y-%m-%d %H:%M:%S").to_string(),
        ListFormat::Json => now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}

/// Beyond this many findings the start-up report is summarised: a screenful of lines scrolls
/// by unread, and `wikilint check` lists them all.
const LIST_AT_START: usize = 50;

/// The start-up findings by rule (most first) and the files with most of them.
fn start_up_summary(out: &mut impl Write, findings: &[Diagnostic]) -> std::io::Result<()> {
    fn ranked<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for item in items {
            *counts.entry(item).or_default() += 1;
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked
    }
    let rules = ranked(findings.iter().map(|d| d.name));
    let files = ranked(findings.iter().map(|d| d.path.as_str()));
    let by_rule: Vec<String> = rules.iter().map(|(name, n)| format!("{} {name}", thousands(*n))).collect();
    writeln!(out, "{} findings: {}", thousands(findings.len()), by_rule.join(", "))?;
    let top: Vec<String> = files.iter().take(5).map(|(path, n)| format!("{path} ({})", thousands(*n))).collect();
    let more = if files.len() > 5 { format!(" and {} more files", thousands(files.len() - 5)) } else { String::new() };
    writeln!(out, "most in {}{more}", top.join(", "))?;
    writeln!(out, "(not listed one by one at start-up; `wikilint check` lists them all)")
}
