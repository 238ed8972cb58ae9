//! Reporters: the same findings as a human reads them (miette), one line each (concise),
//! JSON for tools, GitHub workflow commands or SARIF for CI. Each writes to any `Write`, so
//! tests capture it.

mod concise;
mod github;
mod human;
pub(crate) mod json;
pub mod output;
pub mod sarif;
pub mod statistics;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::MissingNote;
use crate::vault::Vault;
use rayon::prelude::*;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the offending link underlined, then a summary.
    Human,
    /// `path:line:col: severity[rule] message`, one line each.
    Concise,
    /// One JSON document: diagnostics, ranked missing notes and totals.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the diff.
    Github,
    /// SARIF 2.1.0, for code scanning and editors.
    Sarif,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Totals {
    pub files: usize,
    pub notes: usize,
    pub links: usize,
    pub broken_links: usize,
    pub missing_notes: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// Everything a reporter needs, computed once by the command.
pub struct CheckReport<'a> {
    pub vault: &'a Vault,
    pub diagnostics: &'a [Diagnostic],
    pub missing: &'a [MissingNote],
    pub totals: Totals,
    /// Put before each vault-relative path by the CI formats (github, sarif), which name files
    /// relative to the repository root: the vault's folder in its git repository (`notes/`),
    /// or empty.
    pub path_prefix: String,
    /// The findings `--min-severity` left out, which the human summary counts.
    pub below_min_severity: Option<BelowMinSeverity>,
    /// How many findings `--unsafe-fixes` would really fix (an unsafe fix that would add a
    /// finding is refused), when the front end asked the fixer; else every finding with an
    /// unsafe fix counts.
    pub unsafe_fixable: Option<usize>,
}

/// What `--min-severity` left out: errors are never below it.
#[derive(Debug, Clone, Copy)]
pub struct BelowMinSeverity {
    pub min: Severity,
    pub warnings: usize,
    pub infos: usize,
}

impl BelowMinSeverity {
    /// `Not shown: 5 warnings, 50 infos (below --min-severity error).`, when any was left out.
    pub fn line(&self) -> Option<String> {
        let counts: Vec<String> = [(self.warnings, "warning"), (self.infos, "info")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| crate::text::plural(n, what))
            .collect();
        (!counts.is_empty())
            .then(|| format!("Not shown: {} (below --min-severity {}).", counts.join(", "), self.min.as_str()))
    }
}

impl<'a> CheckReport<'a> {
    pub fn new(
        vault: &'a Vault,
        diagnostics: &'a [Diagnostic],
        missing: &'a [MissingNote],
        reported: impl Fn(&str) -> bool + Sync,
    ) -> Self {
        let mut totals = Totals { files: vault.live_ids().count(), missing_notes: missing.len(), ..Totals::default() };
        // In the pool: in a large vault nearly every note is out of cache by now, and the time
        // goes to fetching it.
        (totals.notes, totals.links) = (0..vault.files.len())
            .into_par_iter()
            .filter_map(|id| vault.note(id).filter(|_| reported(&vault.files[id].path)))
            .map(|note| (1, note.links.len()))
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        for d in diagnostics {
            match d.severity {
                Severity::Error => totals.errors += 1,
                Severity::Warning => totals.warnings += 1,
                Severity::Info => totals.infos += 1,
            }
            if d.name == "broken-link" {
                totals.broken_links += 1;
            }
        }
        CheckReport {
            vault,
            diagnostics,
            missing,
            totals,
            path_prefix: String::new(),
            below_min_severity: None,
            unsafe_fixable: None,
        }
    }

    pub fn with_path_prefix(mut self, prefix: String) -> Self {
        self.path_prefix = prefix;
        self
    }

    pub fn with_below_min_severity(mut self, below: Option<BelowMinSeverity>) -> Self {
        self.below_min_severity = below;
        self
    }

    /// See [`CheckReport::unsafe_fixable`].
    pub fn with_unsafe_fixable(mut self, unsafe_fixable: Option<usize>) -> Self {
        self.unsafe_fixable = unsafe_fixable;
        self
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// Human format: no summary.
    pub quiet: bool,
    /// A count per rule instead of the findings (human, concise and json).
    pub statistics: bool,
    /// `--unsafe-fixes` was given: unsafe fixes count as fixable.
    pub unsafe_fixes: bool,
}

/// The findings the line-per-finding formats (concise, github) print: all but a `missing-note`
/// info on a link that has another finding of its own (its `broken-link` error, or `hidden-link`),
/// which would say the same link is broken a second time at the same place. JSON, SARIF and
/// `wikilint stubs` keep every one; `--select missing-note` prints them all.
pub fn one_per_link(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    // Sorted by (path, span, code): the findings at one place are neighbours.
    let same_place = |a: &Diagnostic, b: &Diagnostic| a.path == b.path && a.loc.span.start == b.loc.span.start;
    diagnostics
        .iter()
        .enumerate()
        .filter(move |&(i, d)| {
            if d.name != "missing-note" {
                return true;
            }
            let before = diagnostics[..i].iter().rev().take_while(|o| same_place(o, d));
            let after = diagnostics[i + 1..].iter().take_while(|o| same_place(o, d));
            !before.chain(after).any(|o| o.name != "missing-note")
        })
        .map(|(_, d)| d)
}

pub fn render(format: Format, report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
    if style.statistics {
        return match format {
            Format::Human | Format::Concise => statistics::render(false, report, style, out),
            Format::Json => statistics::render(true, report, style, out),
            Format::Github | Format::Sarif => Err(io::Error::other("--statistics has no github or sarif form")),
        };
    }
    match format {
        Format::Human => human::render(report, style, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
    }
}
