//! How many findings each rule has, most frequent first: `check --statistics` prints it in
//! place of the findings (as ruff and flake8 do), and the human summary prints it under the
//! totals.
//!
//! ```text
//! 52  WL101  [ ] broken-link
//!  2  WL106  [*] glued-link
//! ```
//!
//! `[*]` marks a rule some of whose findings `--fix` repairs (with `--unsafe-fixes`, counting
//! the unsafe fixes); the column is left out when no rule has one. `--format json` prints the
//! same as a list of `{code, name, severity, count, fixable}`.

use super::{CheckReport, Style};
use crate::diagnostic::{Diagnostic, Safety, Severity};
use crate::text::plural;
use std::io::{self, Write};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub count: usize,
    /// Some of its findings have a fix that `check --fix` (with `--unsafe-fixes` when given)
    /// applies.
    pub fixable: bool,
}

/// The safety of the fix `--fix` would apply to `d`, if any: its own, or, for a rule that
/// builds its fixes only when fixing (they need the note's text), the rule's.
pub fn fix_safety(d: &Diagnostic) -> Option<Safety> {
    match &d.fix {
        Some(fix) => Some(fix.safety),
        None => crate::rules::by_code(d.code).filter(|r| r.fix_needs_text()).and_then(|r| r.fixable()),
    }
}

/// One entry per rule with findings: most findings first, then by code.
pub fn count(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    let mut at: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for d in diagnostics {
        let fixable = match fix_safety(d) {
            Some(Safety::Safe) => true,
            Some(Safety::Unsafe) => unsafe_fixes,
            None => false,
        };
        let i = *at.entry(d.code).or_insert_with(|| {
            counts.push(RuleCount { code: d.code, name: d.name, severity: d.severity, count: 0, fixable: false });
            counts.len() - 1
        });
        let c = &mut counts[i];
        c.count += 1;
        c.fixable |= fixable;
        c.severity = c.severity.max(d.severity);
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

/// The table's lines, aligned: count, code, `[*]` when some rule is fixable, name.
pub fn lines(counts: &[RuleCount]) -> Vec<String> {
    let width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(1);
    let code_width = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
    let any_fixable = counts.iter().any(|c| c.fixable);
    counts
        .iter()
        .map(|c| {
            let mark = match (any_fixable, c.fixable) {
                (false, _) => "",
                (true, true) => "[*] ",
                (true, false) => "[ ] ",
            };
            format!("{:>width$}  {:<code_width$}  {mark}{}", c.count, c.code, c.name)
        })
        .collect()
}

/// The fixes `--fix` would apply, and those it leaves to `--unsafe-fixes`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fixable {
    pub safe: usize,
    pub unsafe_: usize,
}

/// What `--fix` and `--fix --unsafe-fixes` would repair among the report's findings.
pub fn fixable_in(report: &CheckReport) -> Fixable {
    let mut f = fixable(report.diagnostics);
    if let Some(n) = report.unsafe_fixable {
        f.unsafe_ = n;
    }
    f
}

pub fn fixable(diagnostics: &[Diagnostic]) -> Fixable {
    let mut f = Fixable::default();
    for d in diagnostics {
        match fix_safety(d) {
            Some(Safety::Safe) => f.safe += 1,
            Some(Safety::Unsafe) => f.unsafe_ += 1,
            None => {}
        }
    }
    f
}

/// The line that names the command repairing what can be repaired, as ruff's `[*] N fixable
/// with the --fix option` does; `None` when nothing can be.
pub fn fixable_line(f: Fixable, unsafe_fixes: bool) -> Option<String> {
    Some(match (f.safe, f.unsafe_) {
        (0, 0) => return None,
        (safe, unsafe_) if unsafe_fixes => {
            format!("[*] {} fixable with `wikilint check --fix --unsafe-fixes`.", safe + unsafe_)
        }
        (0, n) => format!(
            "No safe fixes; {n} fixable with `wikilint check --fix --unsafe-fixes` (review the diff first: `--diff --unsafe-fixes`)."
        ),
        (safe, 0) => format!("[*] {safe} fixable with `wikilint check --fix`."),
        (safe, n) => format!("[*] {safe} fixable with `wikilint check --fix` ({n} more with `--fix --unsafe-fixes`)."),
    })
}

/// `--statistics`: the table, then (unless `--quiet`) the totals and what `--fix` repairs; a
/// JSON list for `--format json`.
pub fn render(json: bool, report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
    let counts = count(report.diagnostics, style.unsafe_fixes);
    if json {
        serde_json::to_writer_pretty(&mut *out, &counts)?;
        return writeln!(out);
    }
    for line in lines(&counts) {
        writeln!(out, "{line}")?;
    }
    if !style.quiet {
        writeln!(out, "Found {}.", findings_by_severity(report))?;
        if let Some(line) = report.below_min_severity.and_then(|b| b.line()) {
            writeln!(out, "{line}")?;
        }
        if let Some(line) = fixable_line(fixable_in(report), style.unsafe_fixes) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// `107 findings: 0 errors, 57 warnings, 50 infos`: the summary's count, in both reports.
pub(super) fn findings_by_severity(report: &super::CheckReport) -> String {
    let t = &report.totals;
    format!(
        "{}: {}, {}, {}",
        plural(report.diagnostics.len(), "finding"),
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.infos, "info")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use crate::note::Location;

    fn d(code: &'static str, name: &'static str, fix: Option<Safety>) -> Diagnostic {
        Diagnostic {
            path: "a.md".into(),
            loc: Location::default(),
            code,
            name,
            severity: Severity::Warning,
            message: String::new(),
            hint: None,
            fix: fix.map(|s| Fix { title: "t".into(), safety: s, edits: vec![Edit::insert(0, "x")] }),
        }
    }

    #[test]
    fn most_frequent_first_then_by_code() {
        let diags = [
            d("WL106", "glued-link", Some(Safety::Safe)),
            d("WL105", "padded-link", None),
            d("WL101", "broken-link", None),
            d("WL101", "broken-link", Some(Safety::Unsafe)),
        ];
        let c = count(&diags, false);
        let order: Vec<(&str, usize, bool)> = c.iter().map(|c| (c.code, c.count, c.fixable)).collect();
        assert_eq!(order, [("WL101", 2, false), ("WL105", 1, false), ("WL106", 1, true)]);
        assert!(count(&diags, true)[0].fixable, "unsafe fixes count with --unsafe-fixes");
        assert_eq!(lines(&c), ["2  WL101  [ ] broken-link", "1  WL105  [ ] padded-link", "1  WL106  [*] glued-link"]);
        assert_eq!(
            lines(&c[..2]),
            ["2  WL101  broken-link", "1  WL105  padded-link"],
            "no column when none is fixable"
        );
    }

    #[test]
    fn fixable_line_names_the_command() {
        let line = |safe, unsafe_, u| fixable_line(Fixable { safe, unsafe_ }, u);
        assert_eq!(line(0, 0, false), None);
        assert_eq!(line(4, 0, false).unwrap(), "[*] 4 fixable with `wikilint check --fix`.");
        assert_eq!(
            line(4, 2, false).unwrap(),
            "[*] 4 fixable with `wikilint check --fix` (2 more with `--fix --unsafe-fixes`)."
        );
        assert_eq!(line(4, 2, true).unwrap(), "[*] 6 fixable with `wikilint check --fix --unsafe-fixes`.");
        assert!(
            line(0, 2, false)
                .unwrap()
                .starts_with("No safe fixes; 2 fixable with `wikilint check --fix --unsafe-fixes`")
        );
    }
}
