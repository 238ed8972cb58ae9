//! The rules: one file each, one registry table. A rule sees a note (in parallel) or the
//! whole vault (once) and never touches the file system.

mod link_parts;
mod suppress;
mod wl101_broken_link;
mod wl102_broken_heading;
mod wl103_broken_block;
mod wl104_ambiguous_link;
mod wl105_padded_link;
mod wl106_glued_link;
mod wl107_link_case_mismatch;
mod wl108_hidden_link;
mod wl109_unpublished_link;
mod wl201_missing_note;
mod wl202_orphan_note;
mod wl203_unused_attachment;
mod wl301_invalid_frontmatter;
mod wl302_unclosed_frontmatter;
mod wl303_misplaced_frontmatter;
mod wl304_empty_property;
mod wl305_property_whitespace;
mod wl306_unquoted_link_property;
mod wl307_deprecated_property;
mod wl308_invalid_tag;
mod wl309_property_type;
mod wl310_property_value;
mod wl311_missing_property;
mod wl401_unknown_callout_type;
/// The callout types Obsidian knows without a snippet.
pub use wl401_unknown_callout_type::BUILT_IN as BUILT_IN_CALLOUTS;
mod wl402_malformed_callout;
mod wl403_unknown_admonition_type;
mod wl404_admonition_parameter;
mod wl901_unreadable_file;
mod wl902_invalid_utf8;
mod wl903_binary_note;
mod wl904_invalid_canvas;
mod wl905_unused_suppression;
mod wl906_invalid_suppression;

pub use wl201_missing_note::{MissingNote, Referrer, missing_note, missing_notes, rank, unresolved_referrers};
pub use wl308_invalid_tag::written_tag_problem;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Safety, Severity};
use crate::index::{FileId, Target, VaultIndex};
use crate::linktext::LinkFormat;
use crate::note::{Location, Note};
use crate::vault::Vault;
use rayon::prelude::*;
use std::sync::OnceLock;
use suppress::Silencer;

pub use crate::diagnostic::RuleInfo;

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check_note(&self, _cx: &NoteContext, _out: &mut Vec<Diagnostic>) {}
    fn check_vault(&self, _cx: &VaultContext, _out: &mut VaultFindings) {}
    /// Whether some of its findings carry a fix, and how safe the least safe one is.
    fn fixable(&self) -> Option<Safety> {
        None
    }
    /// Whether its fixes are built only when the note's text is at hand (`--fix`), so that a
    /// plain check's findings of this rule carry none yet.
    fn fix_needs_text(&self) -> bool {
        false
    }
    /// Whether its `check_note` only turns the note's parse or read problems into findings,
    /// so that a note without problems need not ask it.
    fn problems_only(&self) -> bool {
        false
    }
}

pub static ALL: &[&dyn Rule] = &[
    &wl101_broken_link::BrokenLink,
    &wl102_broken_heading::BrokenHeading,
    &wl103_broken_block::BrokenBlock,
    &wl104_ambiguous_link::AmbiguousLink,
    &wl105_padded_link::PaddedLink,
    &wl106_glued_link::GluedLink,
    &wl107_link_case_mismatch::LinkCaseMismatch,
    &wl108_hidden_link::HiddenLink,
    &wl109_unpublished_link::UnpublishedLink,
    &wl201_missing_note::MissingNoteRule,
    &wl202_orphan_note::OrphanNote,
    &wl203_unused_attachment::UnusedAttachment,
    &wl301_invalid_frontmatter::InvalidFrontmatter,
    &wl302_unclosed_frontmatter::UnclosedFrontmatter,
    &wl303_misplaced_frontmatter::MisplacedFrontmatter,
    &wl304_empty_property::EmptyProperty,
    &wl305_property_whitespace::PropertyWhitespace,
    &wl306_unquoted_link_property::UnquotedLinkProperty,
    &wl307_deprecated_property::DeprecatedProperty,
    &wl308_invalid_tag::InvalidTag,
    &wl309_property_type::PropertyTypeRule,
    &wl310_property_value::PropertyValue,
    &wl311_missing_property::MissingProperty,
    &wl401_unknown_callout_type::UnknownCalloutType,
    &wl402_malformed_callout::MalformedCallout,
    &wl403_unknown_admonition_type::UnknownAdmonitionType,
    &wl404_admonition_parameter::AdmonitionParameter,
    &wl901_unreadable_file::UnreadableFile,
    &wl902_invalid_utf8::InvalidUtf8,
    &wl903_binary_note::BinaryNote,
    &wl904_invalid_canvas::InvalidCanvas,
    &wl905_unused_suppression::UnusedSuppression,
    &wl906_invalid_suppression::InvalidSuppression,
];

/// Rules a user names by code (`WL101`), name (`broken-link`) or code prefix (`WL1`).
pub fn matching(selector: &str) -> Vec<&'static RuleInfo> {
    crate::diagnostic::matching(catalog(), selector)
}

/// What each rule of the registry is, in its order: what `Config::load` selects from.
pub fn catalog() -> &'static [&'static RuleInfo] {
    static CATALOG: OnceLock<Vec<&'static RuleInfo>> = OnceLock::new();
    CATALOG.get_or_init(|| ALL.iter().map(|r| r.info()).collect())
}

pub struct NoteContext<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub index: &'a VaultIndex,
    pub file: FileId,
    pub path: &'a str,
    pub note: &'a Note,
    /// Aligned with `note.links`.
    pub targets: &'a [Target],
    /// The note's text, when the caller holds it (`--fix`): fixes that rebuild a whole block
    /// need it; a plain check drops texts after parsing.
    pub text: Option<&'a str>,
    /// Shared by the notes of one check: `.obsidian/app.json` is read once, if at all.
    pub link_format: &'a OnceLock<LinkFormat>,
}

impl NoteContext<'_> {
    pub fn diag(&self, rule: &'static RuleInfo, loc: Location, message: String) -> Diagnostic {
        Diagnostic {
            path: self.path.to_string(),
            loc,
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message,
            hint: None,
            fix: None,
        }
    }

    /// A path as the user should read it in a message.
    pub fn path_of(&self, file: FileId) -> &str {
        &self.vault.files[file].path
    }

    /// The vault's `newLinkFormat`.
    pub fn link_format(&self) -> LinkFormat {
        *self.link_format.get_or_init(|| crate::linktext::LinkSettings::load(&self.vault.root).format)
    }
}

pub struct VaultContext<'a> {
    pub vault: &'a Vault,
    pub index: &'a VaultIndex,
    pub config: &'a Config,
    /// Computed once: the missing-note and link-case-mismatch rules both need it.
    pub missing: &'a [MissingNote],
}

/// The findings of the vault-level rules, each with the file it is in when that is one of the
/// vault's (a file the walk could not read is not): a check puts each among its file's findings
/// by id, where looking its path up among a large vault's cost more than the rules.
#[derive(Default)]
pub struct VaultFindings {
    diagnostics: Vec<Diagnostic>,
    files: Vec<Option<FileId>>,
}

impl VaultFindings {
    pub fn push(&mut self, file: Option<FileId>, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        self.files.push(file);
    }
}

/// An unresolved link, with its case-folded target.
type Unresolved = (String, Referrer);

/// What a check found: the diagnostics, sorted, and the missing notes, most linked first.
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    pub missing: Vec<MissingNote>,
}

/// Runs every enabled rule; returns the findings sorted, severities as configured.
pub fn check(vault: &Vault, index: &VaultIndex, config: &Config) -> Findings {
    let active = active(config);
    let link_format = OnceLock::new();
    // Each note's findings sorted in the pool: ids follow path order, so the lists one after
    // the other are sorted, with no sort of the whole. Its unresolved links are gathered
    // for the missing notes while its links are in cache, not in a second pass over the vault.
    let (mut per_note, unresolved): (Vec<Vec<Diagnostic>>, Vec<Vec<Unresolved>>) = (0..vault.files.len())
        .into_par_iter()
        .map(|id| {
            let (mut found, unresolved) = check_one(vault, index, config, &active, &link_format, id, true);
            crate::diagnostic::sort_in_file(&mut found);
            (found, unresolved)
        })
        .unzip();
    // The vault-level rules, while the other thread asks whether ids follow path order.
    let ((missing, vault_found), in_path_order) = rayon::join(
        || {
            let missing = wl201_missing_note::missing_from(vault, unresolved.into_iter().flatten());
            let vault_found = vault_findings(vault, index, config, &missing, &active);
            (missing, vault_found)
        },
        || vault.files.windows(2).all(|w| w[0].path < w[1].path),
    );
    let VaultFindings { diagnostics: vault_diags, files } = vault_found;
    if !vault_diags.is_empty() {
        // When ids follow path order, the notes' sorted findings are already in order one after
        // the other: each vault-level finding joins its file's, which are sorted again, so the
        // whole list needs no sort (a stable sort of the concatenation puts every tie the same
        // way: the notes' findings first, then the vault's in the order the rules gave them).
        let ids: Option<Vec<FileId>> = if in_path_order { files.into_iter().collect() } else { None };
        match ids {
            Some(ids) => {
                let mut joined = Vec::new();
                for (d, id) in vault_diags.into_iter().zip(ids) {
                    per_note[id].push(d);
                    joined.push(id);
                }
                joined.sort_unstable();
                joined.dedup();
                for id in joined {
                    crate::diagnostic::sort_in_file(&mut per_note[id]);
                }
            }
            None => {
                let mut diags = concat(per_note);
                diags.extend(vault_diags);
                crate::diagnostic::sort(&mut diags);
                return Findings { diagnostics: diags, missing };
            }
        }
    }
    let diags = concat(per_note);
    Findings { diagnostics: diags, missing }
}

/// The parts one after the other, in a string of exactly their length: messages of findings
/// many notes have, where `format!` cost more than the rest of their rule.
fn join_parts(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The findings of every note, one list after the other.
fn concat(per_note: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut diags = Vec::with_capacity(per_note.iter().map(Vec::len).sum());
    for d in per_note {
        diags.extend(d);
    }
    diags
}

/// The rules that run, each with the severity it reports at: looked up once per check, not
/// once per note.
fn active(config: &Config) -> Vec<Active> {
    ALL.iter().filter_map(|&r| config.rules.severity(r.info().code).map(|s| (r, s, r.problems_only()))).collect()
}

/// A rule that runs, its severity, and whether it only reports the note's problems.
type Active = (&'static dyn Rule, Severity, bool);

/// Runs the per-note rules over one note, each finding at its rule's configured severity.
fn run_note_rules(active: &[Active], cx: &NoteContext, out: &mut Vec<Diagnostic>) {
    let no_problems = cx.note.problems.is_empty();
    for &(rule, severity, problems_only) in active {
        if problems_only && no_problems {
            continue;
        }
        let from = out.len();
        rule.check_note(cx, out);
        // A rule may report a finding below its own level (a forward link is a warning where
        // a broken link is an error); the configured level caps it.
        let default = rule.info().severity;
        for d in &mut out[from..] {
            d.severity = if d.severity == default { severity } else { d.severity.min(severity) };
        }
    }
}

/// The findings of the per-note rules for one file (none when it is not reported on), those
/// silenced taken out.
pub fn check_note(vault: &Vault, index: &VaultIndex, config: &Config, id: FileId) -> Vec<Diagnostic> {
    check_one(vault, index, config, &active(config), &OnceLock::new(), id, false).0
}

/// One note's findings and, with `referrers`, its links that make missing notes; both without
/// what the note or wikilint.toml silences.
fn check_one(
    vault: &Vault,
    index: &VaultIndex,
    config: &Config,
    active: &[Active],
    link_format: &OnceLock<LinkFormat>,
    id: FileId,
    referrers: bool,
) -> (Vec<Diagnostic>, Vec<Unresolved>) {
    let file = &vault.files[id];
    let Some(note) = vault.note(id).filter(|_| config.is_reported(&file.path)) else {
        return (Vec::new(), Vec::new());
    };
    let cx = NoteContext {
        vault,
        config,
        index,
        file: id,
        path: &file.path,
        note,
        targets: &index.targets[id],
        text: None,
        link_format,
    };
    let mut out = Vec::new();
    run_note_rules(active, &cx, &mut out);
    silence(&cx, active, out, referrers)
}

/// Takes out of a note's findings (of the `active` rules) what the note or wikilint.toml
/// silences; returns what is left and, with `referrers`, the note's links that make missing
/// notes, those silenced taken out too. Then, if it runs, `unused-suppression` reports the
/// directives that silenced nothing.
fn silence(
    cx: &NoteContext,
    active: &[Active],
    mut found: Vec<Diagnostic>,
    referrers: bool,
) -> (Vec<Diagnostic>, Vec<Unresolved>) {
    let unresolved = || wl201_missing_note::unresolved_in(cx.note, cx.targets, cx.file);
    let Some(mut silencer) = Silencer::of(cx.config, cx.path, cx.note) else {
        return (found, if referrers { unresolved() } else { Vec::new() });
    };
    let unused = active.iter().find(|(r, _, _)| r.info().code == UNUSED_SUPPRESSION).map(|&(_, s, _)| s);
    found.retain(|d| !silencer.silences(d.code, d.loc));
    let mut links = if referrers || unused.is_some() { unresolved() } else { Vec::new() };
    links.retain(|(_, r)| !silencer.silences(MISSING_NOTE, r.loc));
    if let Some(severity) = unused {
        let runs = |code: &str| active.iter().any(|(r, _, _)| r.info().code == code);
        // Findings that hang on other notes too, and are not recomputed with this one: a
        // directive that could silence them is taken as used, never reported by mistake.
        if runs(LINK_CASE_MISMATCH) {
            for (_, r) in &links {
                silencer.silences(LINK_CASE_MISMATCH, r.loc);
            }
        }
        if runs(ORPHAN_NOTE) {
            let top = crate::note::Pos { line: 1, col: 1 };
            silencer.silences(ORPHAN_NOTE, Location { start: top, end: top, ..Location::default() });
        }
        let mut reported = Vec::new();
        wl905_unused_suppression::report(cx, &silencer, &runs, severity, &mut reported);
        reported.retain(|d| !silencer.silences(d.code, d.loc));
        found.extend(reported);
    }
    if !referrers {
        links.clear();
    }
    (found, links)
}

const MISSING_NOTE: &str = "WL201";
const ORPHAN_NOTE: &str = "WL202";
const LINK_CASE_MISMATCH: &str = "WL107";
const UNUSED_SUPPRESSION: &str = "WL905";

/// The links of one note that make missing notes: unresolved, in a note reported on, and not
/// silenced for `missing-note` (by a directive, `[per-file-ignores]`, or as a link in a
/// comment with `links-in-comments = "ignore"`). What the missing notes of `check`, `watch` and
/// `stubs` are made of.
pub fn missing_links(vault: &Vault, index: &VaultIndex, config: &Config, id: FileId) -> Vec<(String, Referrer)> {
    let path = &vault.files[id].path;
    let Some(note) = vault.note(id).filter(|_| config.is_reported(path)) else { return Vec::new() };
    let mut found = wl201_missing_note::unresolved_in(note, &index.targets[id], id);
    if let Some(mut silencer) = Silencer::of(config, path, note) {
        found.retain(|(_, r)| !silencer.silences(MISSING_NOTE, r.loc));
    }
    found
}

/// Every missing note as `check` counts it, most linked first (see [`missing_links`]).
pub fn missing_notes_checked(vault: &Vault, index: &VaultIndex, config: &Config) -> Vec<MissingNote> {
    let per_note: Vec<Vec<Unresolved>> =
        (0..vault.files.len()).into_par_iter().map(|id| missing_links(vault, index, config, id)).collect();
    wl201_missing_note::missing_from(vault, per_note.into_iter().flatten())
}

/// The findings of the per-note rules for a new version of a file's note (its text at hand):
/// what `--fix` re-checks after each round of edits. The rest of the vault is as loaded.
pub fn check_note_text(
    vault: &Vault,
    index: &VaultIndex,
    config: &Config,
    id: FileId,
    note: &Note,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let path = &vault.files[id].path;
    if config.is_reported(path) {
        let targets = index.targets_of(vault, note, id);
        let link_format = &OnceLock::new();
        let cx = NoteContext {
            vault,
            config,
            index,
            file: id,
            path,
            note,
            targets: &targets,
            text: Some(text),
            link_format,
        };
        let active = active(config);
        run_note_rules(&active, &cx, &mut out);
        out = silence(&cx, &active, out, false).0;
    }
    out
}

/// The rule that reports a code, for its fix safety.
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.info().code == code)
}

/// The findings of the vault-level rules (missing notes, casings of a missing note, files the
/// walk could not read).
pub fn check_vault(vault: &Vault, index: &VaultIndex, config: &Config, missing: &[MissingNote]) -> Vec<Diagnostic> {
    vault_findings(vault, index, config, missing, &active(config)).diagnostics
}

fn vault_findings(
    vault: &Vault,
    index: &VaultIndex,
    config: &Config,
    missing: &[MissingNote],
    active: &[Active],
) -> VaultFindings {
    let mut out = VaultFindings::default();
    let cx = VaultContext { vault, index, config, missing };
    for &(rule, severity, _) in active {
        let from = out.diagnostics.len();
        rule.check_vault(&cx, &mut out);
        for d in &mut out.diagnostics[from..] {
            d.severity = severity;
        }
    }
    // Those in a note pass through its silencer, as its own findings do.
    if out.files.iter().flatten().next().is_some() {
        let mut silencers: std::collections::HashMap<FileId, Option<Silencer>> = std::collections::HashMap::new();
        let VaultFindings { diagnostics, files } = std::mem::take(&mut out);
        for (d, file) in diagnostics.into_iter().zip(files) {
            let silenced = file.is_some_and(|id| {
                let silencer = silencers.entry(id).or_insert_with(|| {
                    vault.note(id).and_then(|note| Silencer::of(config, &vault.files[id].path, note))
                });
                silencer.as_mut().is_some_and(|s| s.silences(d.code, d.loc))
            });
            if !silenced {
                out.push(file, d);
            }
        }
    }
    out
}

/// A finding about a whole file (an orphan note, an unused attachment): at its start, no span.
pub fn whole_file(rule: &'static RuleInfo, path: &str, message: &str) -> Diagnostic {
    let start = crate::note::Pos { line: 1, col: 1 };
    Diagnostic {
        path: path.to_string(),
        loc: Location { start, end: start, ..Default::default() },
        code: rule.code,
        name: rule.name,
        severity: rule.severity,
        message: message.to_string(),
        hint: None,
        fix: None,
    }
}

/// Every finding of an in-memory vault, for unit tests.
#[cfg(test)]
pub(crate) fn check_texts_diagnostics(texts: &[(&str, &str)]) -> Vec<Diagnostic> {
    let vault = Vault::from_texts(std::path::Path::new("/vault"), texts);
    let index = VaultIndex::build(&vault);
    let config = Config::load(
        std::path::Path::new("/nonexistent-wikilint-test-root"),
        &Default::default(),
        crate::rules::catalog(),
    )
    .unwrap();
    check(&vault, &index, &config).diagnostics
}

/// Runs every rule over an in-memory vault and returns `path:line:col name` lines, for the
/// rule unit tests at the bottom of each rule file.
#[cfg(test)]
pub(crate) fn check_texts(texts: &[(&str, &str)], rule: &str) -> Vec<String> {
    check_texts_diagnostics(texts)
        .into_iter()
        .filter(|d| d.name == rule)
        .map(|d| format!("{}:{}:{} {}", d.path, d.loc.start.line, d.loc.start.col, d.message))
        .collect()
}

/// Turns the parse or read problems of one kind into findings: the shared body of the
/// file-level rules.
#[inline]
fn report_problems(
    cx: &NoteContext,
    rule: &'static RuleInfo,
    kind: crate::note::ProblemKind,
    out: &mut Vec<Diagnostic>,
) {
    // Nine rules ask this of every note: one without problems is done at once.
    if cx.note.problems.is_empty() {
        return;
    }
    for p in cx.note.problems.iter().filter(|p| p.kind == kind) {
        out.push(cx.diag(rule, p.loc, p.message.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let codes: HashSet<_> = ALL.iter().map(|r| r.info().code).collect();
        let names: HashSet<_> = ALL.iter().map(|r| r.info().name).collect();
        assert_eq!(codes.len(), ALL.len());
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn every_rule_has_its_docs_headings() {
        for r in ALL {
            for h in ["## What it does", "## Why it matters", "## Example", "## Fix"] {
                assert!(r.info().docs.contains(h), "{} lacks {h}", r.info().name);
            }
        }
    }

    #[test]
    fn readme_rule_table_lists_exactly_the_registry() {
        let readme = include_str!("../../README.md");
        for r in ALL {
            let row = format!("| {} | `{}` |", r.info().code, r.info().name);
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
        let rows = readme.lines().filter(|l| l.starts_with("| WL")).count();
        assert_eq!(rows, ALL.len(), "README's rule table has rows for rules that do not exist");
    }

    #[test]
    fn selectors() {
        assert_eq!(matching("broken-link")[0].code, "WL101");
        assert!(matching("wl1").len() >= 8);
        assert!(matching("nope").is_empty());
    }
}
