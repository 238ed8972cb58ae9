//! `wikilint stubs`: list the missing notes by importance; with `--create`, plan a stub for
//! each (`scaffold::plan`), write them (`write::VaultWriter::create_new`), then re-read the
//! vault and prove that their links now resolve.

use super::{print, thousands};
use crate::cli::{ListFormat, StubsArgs};
use crate::config::{Config, Overrides};
use crate::index::{FileId, VaultIndex};
use crate::rules::{MissingNote, missing_notes_checked};
use crate::scaffold::maker::{Outcome, StubMaker};
use crate::scaffold::{self, NearMissTarget, Plan};
use crate::vault::Vault;
use crate::write::WriteError;
use miette::miette;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(args: &StubsArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { root, config, vault, index }, scope) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let mut all = missing_notes_checked(&vault, &index, &config);
    if !scope.reported.is_empty() {
        // The missing notes linked from the files named, by their links from there.
        for m in &mut all {
            m.referrers.retain(|r| scope.reports(&vault.files[r.file].path));
        }
        all.retain(|m| !m.referrers.is_empty());
        all.sort_by_key(|m| std::cmp::Reverse(m.referrers.len()));
    }
    let matcher = match &args.pattern {
        Some(p) => Some(
            globset::GlobBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(|e| miette!("invalid --match pattern {p:?}: {e}"))?
                .compile_matcher(),
        ),
        None => None,
    };
    let selected: Vec<MissingNote> = all
        .iter()
        .filter(|m| m.referrers.len() >= args.min_links)
        .filter(|m| matcher.as_ref().is_none_or(|g| g.is_match(&m.title)))
        .cloned()
        .collect();

    if !args.create && !args.dry_run {
        let near: Vec<Option<NearMissTarget>> =
            selected.iter().map(|m| scaffold::near_miss_target(&vault, &index, m)).collect();
        let text = match args.format {
            ListFormat::Human => listing_human(&vault, &selected, &near),
            ListFormat::Json => json(&listing_json(&vault, &selected, &near))?,
        };
        return print(&text).map(|_| 0);
    }

    let maker = StubMaker::new(&root, &config, args.folder.as_deref(), args.template.as_deref())?
        .including_near_misses(args.include_near_misses);
    let plan = maker.plan(&vault, &index, &selected);

    if args.dry_run {
        let text = match args.format {
            ListFormat::Human => plan_human(&plan, &selected),
            ListFormat::Json => json(&plan_json(&plan, None, None))?,
        };
        print(&text)?;
        return Ok(u8::from(!plan.refused.is_empty()));
    }

    let (outcomes, failure) = maker.write(&plan, false);
    if crate::write::interrupted() {
        let done = count_created(&outcomes);
        if args.verbose {
            let mut s = String::new();
            for (stub, outcome) in plan.stubs.iter().zip(&outcomes) {
                if matches!(outcome, Outcome::Created(_)) {
                    let _ = writeln!(s, "created {}", stub.path);
                }
            }
            print(&s)?;
        }
        eprintln!(
            "interrupted: {} of {} stub{} written{}, each whole; no partial file left. \
             Run `wikilint stubs --create` again for the rest.",
            thousands(done),
            thousands(plan.stubs.len()),
            plural(plan.stubs.len()),
            if args.verbose { " (listed above)" } else { "" }
        );
        return Ok(130);
    }
    let check = recheck(&root, &config, &vault, &plan, &outcomes, &all);
    let text = match args.format {
        ListFormat::Human => created_human(&plan, &outcomes, &check, failure.as_ref(), args.verbose),
        ListFormat::Json => json(&plan_json(&plan, Some(&outcomes), Some(&check)))?,
    };
    print(&text)?;
    if let Some((path, e)) = failure {
        return Err(miette!(
            "stopped: cannot create {}: {e} ({} stub{} created before{}; no partial file left)",
            shorten(&path, 120),
            thousands(count_created(&outcomes)),
            plural(count_created(&outcomes)),
            if args.verbose { ", listed above" } else { "" }
        ));
    }
    Ok(u8::from(!plan.refused.is_empty() || !check.unresolved.is_empty()))
}

fn count_created(outcomes: &[Outcome]) -> usize {
    outcomes.iter().filter(|o| matches!(o, Outcome::Created(_))).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What the vault looks like once the stubs are written, read again from disk.
#[derive(Default, Serialize)]
struct Recheck {
    /// Links that did not resolve before and do now.
    resolved: usize,
    /// Links that still resolve to nothing, anywhere in the vault.
    remaining: usize,
    /// Links to a created stub that do not resolve to it: should never happen.
    unresolved: Vec<String>,
}

fn recheck(
    root: &Path,
    config: &Config,
    before: &Vault,
    plan: &Plan,
    outcomes: &[Outcome],
    missing_before: &[MissingNote],
) -> Recheck {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let ids: HashMap<&str, FileId> = vault.files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
    let target = |file: FileId, link: usize| -> Option<FileId> {
        let id = *ids.get(before.files[file].path.as_str())?;
        index.targets.get(id)?.get(link)?.resolution.file
    };
    let mut check = Recheck::default();
    for r in missing_before.iter().flat_map(|m| &m.referrers) {
        if let Some(i) = scaffold::link_index(before, r)
            && target(r.file, i).is_some()
        {
            check.resolved += 1;
        }
    }
    check.remaining = missing_notes_checked(&vault, &index, config).iter().map(|m| m.referrers.len()).sum();
    for (stub, outcome) in plan.stubs.iter().zip(outcomes) {
        if !matches!(outcome, Outcome::Created(_)) {
            continue;
        }
        let me = ids.get(stub.path.as_str()).copied();
        for &(file, link) in &stub.links {
            if me.is_none() || target(file, link) != me {
                let original = before.note(file).map_or("?", |n| n.links[link].original.as_str());
                check
                    .unresolved
                    .push(format!("{original} in {} does not resolve to {}", before.files[file].path, stub.path));
            }
        }
    }
    check
}

fn json(value: &impl Serialize) -> Result<String, miette::Report> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| miette!("cannot write JSON: {e}"))
}

// ---------------------------------------------------------------------------------------
// Human output
// ---------------------------------------------------------------------------------------

/// `path:line:col, line:col` per linking note, in path order.
fn where_linked(vault: &Vault, m: &MissingNote) -> Vec<String> {
    let mut out: Vec<(FileId, Vec<String>)> = Vec::new();
    for r in &m.referrers {
        let at = format!("{}:{}{}", r.loc.start.line, r.loc.start.col, if r.hidden { " (hidden)" } else { "" });
        match out.iter_mut().find(|(f, _)| *f == r.file) {
            Some((_, v)) => v.push(at),
            None => out.push((r.file, vec![at])),
        }
    }
    out.into_iter().map(|(f, at)| format!("{}:{}", vault.files[f].path, at.join(", "))).collect()
}

fn listing_human(vault: &Vault, selected: &[MissingNote], near: &[Option<NearMissTarget>]) -> String {
    let (notes, attachments): (Vec<&MissingNote>, Vec<&MissingNote>) = selected.iter().partition(|m| !m.attachment);
    let width = selected.iter().map(|m| m.referrers.len().to_string().len()).max().unwrap_or(1);
    let near_of: HashMap<&str, &NearMissTarget> = near.iter().flatten().map(|n| (n.key.as_str(), n)).collect();
    let mut s = String::new();
    let section = |s: &mut String, title: String, list: &[&MissingNote]| {
        let _ = writeln!(s, "{title}\n");
        for m in list {
            match near_of.get(m.key.as_str()) {
                Some(n) => {
                    let _ = writeln!(
                        s,
                        "  {:>width$}  {}  (near miss, {} of {}: fix the link instead, {})",
                        m.referrers.len(),
                        m.title,
                        n.kind,
                        n.file,
                        n.suggestion
                    );
                }
                None => {
                    let _ = writeln!(s, "  {:>width$}  {}", m.referrers.len(), m.title);
                }
            }
            for at in where_linked(vault, m) {
                let _ = writeln!(s, "  {:width$}    {at}", "");
            }
        }
        s.push('\n');
    };
    if notes.is_empty() && attachments.is_empty() {
        return "No missing notes.\n".into();
    }
    if !notes.is_empty() {
        let n = notes.len();
        section(&mut s, format!("{n} missing note{}, most linked first:", plural(n)), &notes);
    }
    if !attachments.is_empty() {
        let n = attachments.len();
        section(&mut s, format!("{n} missing attachment{} (never stubbed):", plural(n)), &attachments);
    }
    let links: usize = notes.iter().map(|m| m.referrers.len()).sum();
    if !notes.is_empty() {
        let _ = writeln!(
            s,
            "{links} link{} to {} missing note{}. `wikilint stubs --create` writes a stub for each; \
             `--dry-run` shows where first.",
            plural(links),
            notes.len(),
            plural(notes.len())
        );
    }
    if !near_of.is_empty() {
        let n = near_of.len();
        let _ = writeln!(
            s,
            "{n} of them {} near miss{} of a file that exists: no stub is made for {}; {}",
            if n == 1 { "is a" } else { "are" },
            if n == 1 { "" } else { "es" },
            if n == 1 { "it" } else { "them" },
            NEAR_MISS_ADVICE
        );
    }
    s
}

/// What to do about near misses, said wherever they are listed.
const NEAR_MISS_ADVICE: &str = "`wikilint check --fix --unsafe-fixes` rewrites the links marked fixable \
     (`--diff --unsafe-fixes` shows how first); `--include-near-misses` stubs them anyway.";

fn near_misses_human(s: &mut String, plan: &Plan) {
    if plan.near_misses.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nNear misses, not stubbed ({}): fix the link instead.", plan.near_misses.len());
    for n in &plan.near_misses {
        let _ = writeln!(
            s,
            "  {}:{}:{}: {} is {} of {}: write {}{} ({} link{})",
            n.link.path,
            n.link.line,
            n.link.column,
            n.title,
            n.kind,
            n.file,
            n.suggestion,
            if n.fixable { ", fixable" } else { "" },
            n.links,
            plural(n.links)
        );
    }
    let _ = writeln!(s, "  {NEAR_MISS_ADVICE}");
}

fn refusals_human(s: &mut String, plan: &Plan) {
    if plan.refused.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nRefused ({}), fix these links by hand:", plan.refused.len());
    for r in &plan.refused {
        let link: String = shorten(&r.link.original, 80)
            .chars()
            .map(|c| if c.is_control() && c != '\t' { char::REPLACEMENT_CHARACTER } else { c })
            .collect();
        let _ = writeln!(s, "  {}:{}:{}: {link}: {}", r.link.path, r.link.line, r.link.column, r.reason);
    }
}

fn warnings_human(s: &mut String, plan: &Plan) {
    if plan.warnings.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nWarnings:");
    for w in &plan.warnings {
        let _ = writeln!(s, "  {w}");
    }
}

fn satisfied_human(s: &mut String, plan: &Plan) {
    if plan.satisfied.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nNeed no stub of their own:");
    for x in &plan.satisfied {
        let _ = writeln!(s, "  {}: its links will reach {}", x.title, x.by.join(", "));
    }
}

/// At most `max` characters, the middle cut out with `…` (a link thousands of characters
/// long stays readable; JSON keeps it whole).
fn shorten(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = s.chars().skip(n - max / 2).collect();
    format!("{head}…{tail}")
}

fn plan_human(plan: &Plan, selected: &[MissingNote]) -> String {
    let mut s = String::new();
    let n = plan.stubs.len();
    let _ = writeln!(s, "Dry run: would create {n} stub{} (nothing written).", plural(n));
    // Grouped by why they go where they go, in the order of the most linked.
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for stub in &plan.stubs {
        match groups.iter_mut().find(|g| g.0 == stub.why) {
            Some(g) => g.1.push(&stub.path),
            None => groups.push((&stub.why, vec![&stub.path])),
        }
    }
    for (why, paths) in groups {
        let _ = writeln!(s, "\n{why}:");
        for p in paths {
            let _ = writeln!(s, "  {p}");
        }
    }
    satisfied_human(&mut s, plan);
    near_misses_human(&mut s, plan);
    warnings_human(&mut s, plan);
    refusals_human(&mut s, plan);
    let attachments = selected.iter().filter(|m| m.attachment).count();
    if attachments > 0 {
        let _ = writeln!(s, "\n{attachments} missing attachment{} not stubbed.", plural(attachments));
    }
    s
}

/// What `--create` did. Each stub (and each folder made for one) is listed only when
/// `verbose`; what needs the owner's attention (a name taken meanwhile, a failure, near misses,
/// refusals, warnings) always is; then one summary line.
fn created_human(
    plan: &Plan,
    outcomes: &[Outcome],
    check: &Recheck,
    failure: Option<&(String, WriteError)>,
    verbose: bool,
) -> String {
    let mut s = String::new();
    for (stub, outcome) in plan.stubs.iter().zip(outcomes) {
        match outcome {
            Outcome::Created(folders) if verbose => {
                for f in folders {
                    let _ = writeln!(s, "created folder {f}/");
                }
                let _ = writeln!(s, "created {}", stub.path);
            }
            Outcome::Created(_) => {}
            Outcome::Exists => {
                let _ = writeln!(s, "exists  {} (something already has that name; left untouched)", stub.path);
            }
        }
    }
    if let Some((path, e)) = failure {
        let _ = writeln!(s, "FAILED  {}: {e}", shorten(path, 120));
    }
    satisfied_human(&mut s, plan);
    near_misses_human(&mut s, plan);
    warnings_human(&mut s, plan);
    refusals_human(&mut s, plan);
    let created: Vec<&str> = plan
        .stubs
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| matches!(o, Outcome::Created(_)))
        .map(|(stub, _)| stub.path.as_str())
        .collect();
    let resolved = format!(
        "{} broken link{} now resolve{}",
        thousands(check.resolved),
        plural(check.resolved),
        if check.resolved == 1 { "s" } else { "" }
    );
    let gap = if s.is_empty() { "" } else { "\n" };
    match created.as_slice() {
        [] if plan.stubs.is_empty() => {
            let _ = writeln!(s, "{gap}Nothing to create.");
        }
        [] => {
            let _ = writeln!(s, "{gap}Created no stub.");
        }
        [one] => {
            let _ = writeln!(s, "{gap}Created 1 stub ({one}); {resolved}.");
        }
        many => {
            let folders: std::collections::BTreeSet<&str> =
                many.iter().map(|p| p.rsplit_once('/').map_or("", |(folder, _)| folder)).collect();
            let place = match folders.first() {
                Some(folder) if folders.len() == 1 && folder.is_empty() => "in the vault's top folder".to_string(),
                Some(folder) if folders.len() == 1 => format!("in {folder}/"),
                _ => format!("in {} folders", thousands(folders.len())),
            };
            let _ = writeln!(s, "{gap}Created {} stubs {place}; {resolved}.", thousands(many.len()));
        }
    }
    let _ = writeln!(s, "{} unresolved link{} left in the vault.", thousands(check.remaining), plural(check.remaining));
    for u in &check.unresolved {
        let _ = writeln!(s, "error: {u}");
    }
    s
}

// ---------------------------------------------------------------------------------------
// JSON output
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct Listing<'a> {
    version: u32,
    missing_notes: Vec<Missing<'a>>,
    missing_attachments: Vec<Missing<'a>>,
    totals: ListingTotals,
}

#[derive(Serialize)]
struct ListingTotals {
    missing_notes: usize,
    missing_attachments: usize,
    links: usize,
}

#[derive(Serialize)]
struct Missing<'a> {
    target: &'a str,
    title: &'a str,
    count: usize,
    notes: usize,
    referrers: Vec<JsonReferrer<'a>>,
    /// Set when the target is a near miss of a file that exists (never stubbed by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    near_miss: Option<JsonNearMiss<'a>>,
}

#[derive(Serialize)]
struct JsonNearMiss<'a> {
    file: &'a str,
    kind: &'a str,
    suggestion: &'a str,
    fixable: bool,
}

impl<'a> JsonNearMiss<'a> {
    fn of(n: &'a NearMissTarget) -> Self {
        JsonNearMiss { file: &n.file, kind: n.kind, suggestion: &n.suggestion, fixable: n.fixable }
    }
}

#[derive(Serialize)]
struct JsonNearMissTarget<'a> {
    target: &'a str,
    title: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    link: &'a str,
    links: usize,
    #[serde(flatten)]
    near_miss: JsonNearMiss<'a>,
}

#[derive(Serialize)]
struct JsonReferrer<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    hidden: bool,
}

fn listing_json<'a>(vault: &'a Vault, selected: &'a [MissingNote], near: &'a [Option<NearMissTarget>]) -> Listing<'a> {
    let near_of: HashMap<&str, &NearMissTarget> = near.iter().flatten().map(|n| (n.key.as_str(), n)).collect();
    let entry = |m: &'a MissingNote| Missing {
        near_miss: near_of.get(m.key.as_str()).map(|n| JsonNearMiss::of(n)),
        target: &m.key,
        title: &m.title,
        count: m.referrers.len(),
        notes: m.notes(),
        referrers: m
            .referrers
            .iter()
            .map(|r| JsonReferrer {
                path: &vault.files[r.file].path,
                line: r.loc.start.line,
                column: r.loc.start.col,
                hidden: r.hidden,
            })
            .collect(),
    };
    let missing_notes: Vec<Missing> = selected.iter().filter(|m| !m.attachment).map(entry).collect();
    let missing_attachments: Vec<Missing> = selected.iter().filter(|m| m.attachment).map(entry).collect();
    let totals = ListingTotals {
        missing_notes: missing_notes.len(),
        missing_attachments: missing_attachments.len(),
        links: selected.iter().map(|m| m.referrers.len()).sum(),
    };
    Listing { version: 1, missing_notes, missing_attachments, totals }
}

#[derive(Serialize)]
struct PlanDoc<'a> {
    version: u32,
    dry_run: bool,
    stubs: Vec<JsonStub<'a>>,
    satisfied: Vec<JsonSatisfied<'a>>,
    near_misses: Vec<JsonNearMissTarget<'a>>,
    refused: Vec<JsonRefusal<'a>>,
    warnings: &'a [String],
    /// After `--create`: the vault read again.
    recheck: Option<&'a Recheck>,
}

#[derive(Serialize)]
struct JsonStub<'a> {
    path: &'a str,
    title: &'a str,
    why: &'a str,
    targets: &'a [String],
    links: usize,
    /// `planned` (dry run), `created`, `exists` (left untouched), `not-written` (after a failure).
    status: &'static str,
}

#[derive(Serialize)]
struct JsonSatisfied<'a> {
    target: &'a str,
    title: &'a str,
    by: &'a [String],
}

#[derive(Serialize)]
struct JsonRefusal<'a> {
    target: &'a str,
    title: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    link: &'a str,
    links: usize,
    reason: &'a str,
}

fn plan_json<'a>(plan: &'a Plan, outcomes: Option<&[Outcome]>, check: Option<&'a Recheck>) -> PlanDoc<'a> {
    let stubs = plan
        .stubs
        .iter()
        .enumerate()
        .map(|(i, s)| JsonStub {
            path: &s.path,
            title: &s.title,
            why: &s.why,
            targets: &s.keys,
            links: s.links.len(),
            status: match outcomes.map(|o| o.get(i)) {
                None => "planned",
                Some(Some(Outcome::Created(_))) => "created",
                Some(Some(Outcome::Exists)) => "exists",
                Some(None) => "not-written",
            },
        })
        .collect();
    let satisfied =
        plan.satisfied.iter().map(|s| JsonSatisfied { target: &s.key, title: &s.title, by: &s.by }).collect();
    let refused = plan
        .refused
        .iter()
        .map(|r| JsonRefusal {
            target: &r.key,
            title: &r.title,
            path: &r.link.path,
            line: r.link.line,
            column: r.link.column,
            link: &r.link.original,
            links: r.links,
            reason: &r.reason,
        })
        .collect();
    let near_misses = plan
        .near_misses
        .iter()
        .map(|n| JsonNearMissTarget {
            target: &n.key,
            title: &n.title,
            path: &n.link.path,
            line: n.link.line,
            column: n.link.column,
            link: &n.link.original,
            links: n.links,
            near_miss: JsonNearMiss::of(n),
        })
        .collect();
    PlanDoc {
        version: 1,
        dry_run: outcomes.is_none(),
        stubs,
        satisfied,
        near_misses,
        refused,
        warnings: &plan.warnings,
        recheck: check,
    }
}
