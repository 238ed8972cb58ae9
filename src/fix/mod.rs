//! Fixes: applying the edits that rules attach to their findings, to a fixed point, and
//! writing the result back safely.

mod compose;

pub use crate::edits::{Applied, apply_fixes};
use compose::Changes;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix, Safety};
use crate::index::{FileId, VaultIndex};
use crate::note::Span;
use crate::vault::{Vault, parse_bytes};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Rounds of fix → re-parse → re-check per file: fixes that uncover fixes (a padded and
/// glued link) settle in two; the cap only stops a pair of rules that would undo each other.
const MAX_ROUNDS: usize = 8;

/// Fixes tried one by one when the whole set would add a finding: each trial re-checks the
/// note, so a note with more fixes than this is finished by the next run.
const MAX_TRIALS: usize = 1000;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixOptions {
    pub unsafe_fixes: bool,
}

impl FixOptions {
    fn allows(&self, fix: &Fix) -> bool {
        fix.safety == Safety::Safe || self.unsafe_fixes
    }
}

/// One file's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// The new content, ready to write over `original`; `edits` are the changes as edits
    /// on `original` (every other byte is the same). `withheld`: the fixes left out because
    /// each would add a finding, described for the output.
    Fixed {
        original: Vec<u8>,
        fixed: Vec<u8>,
        fixes: usize,
        titles: Vec<String>,
        edits: Vec<(Span, String)>,
        withheld: Vec<String>,
    },
    /// Every fix would add findings the file did not have: left untouched. `withheld`
    /// describes each fix left out.
    Reverted { withheld: Vec<String> },
    /// It could not be fixed as it is (not UTF-8, unreadable).
    Skipped { why: String },
}

/// What `--fix` would do, file by file (vault-relative paths, sorted).
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<(String, FileOutcome)>,
    /// Findings left unfixed because their fixes are unsafe and unsafe fixes were not asked
    /// for, counting only those `--unsafe-fixes` would then fix: an unsafe fix that would add
    /// a finding is refused, so promising it would be a lie.
    pub unsafe_skipped: usize,
}

impl Plan {
    pub fn fixes(&self) -> usize {
        self.files.iter().map(|(_, o)| if let FileOutcome::Fixed { fixes, .. } = o { *fixes } else { 0 }).sum()
    }

    /// The files with something to write: (path, as read, fixed).
    pub fn fixed_files(&self) -> impl Iterator<Item = (&str, &[u8], &[u8])> {
        self.files.iter().filter_map(|(p, o)| match o {
            FileOutcome::Fixed { original, fixed, fixes, .. } if *fixes > 0 => {
                Some((p.as_str(), original.as_slice(), fixed.as_slice()))
            }
            _ => None,
        })
    }
}

/// Plans the fixes for the files where `findings` carry one: each such file is read again,
/// fixed to a fixed point (re-parsed and re-checked after every round, the rest of the vault
/// as loaded), and kept only when the result has no finding the file did not have.
pub fn plan(vault: &Vault, index: &VaultIndex, config: &Config, findings: &[Diagnostic], options: FixOptions) -> Plan {
    let ids: HashMap<&str, FileId> = vault.live_ids().map(|id| (vault.files[id].path.as_str(), id)).collect();
    let mut candidates: Vec<FileId> = Vec::new();
    let mut with_unsafe: Vec<FileId> = Vec::new();
    for d in findings {
        let Some(fix) = &d.fix else {
            // Fixes that need the text (hidden-link) are only built when fixing.
            match crate::rules::by_code(d.code).filter(|r| r.fix_needs_text()).and_then(|r| r.fixable()) {
                Some(Safety::Unsafe) if !options.unsafe_fixes => with_unsafe.extend(ids.get(d.path.as_str())),
                Some(_) => candidates.extend(ids.get(d.path.as_str())),
                None => {}
            }
            continue;
        };
        if !options.allows(fix) {
            with_unsafe.extend(ids.get(d.path.as_str()));
            continue;
        }
        if let Some(&id) = ids.get(d.path.as_str()) {
            candidates.push(id);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut files: Vec<(String, FileOutcome)> = candidates
        .par_iter()
        .map(|&id| (vault.files[id].path.clone(), fix_file(vault, index, config, id, options)))
        .filter(|(_, o)| !matches!(o, FileOutcome::Fixed { fixes: 0, withheld, .. } if withheld.is_empty()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    with_unsafe.sort_unstable();
    with_unsafe.dedup();
    let unsafe_skipped = with_unsafe
        .par_iter()
        .map(|&id| {
            let path = vault.files[id].path.as_str();
            let after_safe =
                files.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok().and_then(|i| match &files[i].1 {
                    FileOutcome::Fixed { fixed, .. } => Some(fixed.as_slice()),
                    _ => None,
                });
            unsafe_fixable(vault, index, config, id, after_safe)
        })
        .sum();
    Plan { files, unsafe_skipped }
}

/// How many findings of a file `--unsafe-fixes` would fix once its safe fixes are applied
/// (`after_safe`, else the file as it is): the findings with an unsafe fix that are gone from
/// the result, which keeps only the fixes that add no finding.
fn unsafe_fixable(vault: &Vault, index: &VaultIndex, config: &Config, id: FileId, after_safe: Option<&[u8]>) -> usize {
    let read;
    let bytes = match after_safe {
        Some(b) => b,
        None => match std::fs::read(&vault.files[id].abs) {
            Ok(b) => {
                read = b;
                &read
            }
            Err(_) => return 0,
        },
    };
    let Ok(text) = std::str::from_utf8(bytes) else { return 0 };
    let check = |text: &str| {
        let note = parse_bytes(text.as_bytes());
        crate::rules::check_note_text(vault, index, config, id, &note, text)
    };
    let fixed = fix_text(text, &check, FixOptions { unsafe_fixes: true });
    let unsafe_before: Vec<Diagnostic> =
        fixed.before.into_iter().filter(|d| d.fix.as_ref().is_some_and(|f| f.safety == Safety::Unsafe)).collect();
    gone(&unsafe_before, &fixed.after)
}

fn fix_file(vault: &Vault, index: &VaultIndex, config: &Config, id: FileId, options: FixOptions) -> FileOutcome {
    let original = match std::fs::read(&vault.files[id].abs) {
        Ok(b) => b,
        Err(e) => return FileOutcome::Skipped { why: format!("cannot be read: {e}") },
    };
    let Ok(text) = std::str::from_utf8(&original) else {
        return FileOutcome::Skipped { why: "is not valid UTF-8, and wikilint does not rewrite such a file".into() };
    };
    let check = |text: &str| {
        let note = parse_bytes(text.as_bytes());
        crate::rules::check_note_text(vault, index, config, id, &note, text)
    };
    match fix_text(text, &check, options).outcome {
        FileOutcome::Fixed { fixed, fixes, titles, edits, withheld, .. } => {
            FileOutcome::Fixed { original, fixed, fixes, titles, edits, withheld }
        }
        other => other,
    }
}

/// Picks the fixes of a round among those on offer, given the text and the changes since
/// the trial began.
type Choose<'a> = dyn for<'f> Fn(Vec<&'f Fix>, &str, &Changes) -> Vec<&'f Fix> + 'a;

/// A text part-way through fixing: what it is now, where it differs from the original, and
/// what has been applied to get there.
#[derive(Clone)]
struct Progress {
    text: String,
    changes: Changes,
    /// The changes since a trial began, on the text it began with.
    since: Changes,
    findings: Vec<Diagnostic>,
    fixes: usize,
    titles: Vec<String>,
}

impl Progress {
    fn new(text: &str, findings: Vec<Diagnostic>) -> Progress {
        Progress {
            text: text.to_string(),
            changes: Changes::default(),
            since: Changes::default(),
            findings,
            fixes: 0,
            titles: Vec::new(),
        }
    }

    /// Applies one round of fixes and re-checks; false when nothing changed.
    fn round(&mut self, chosen: &[&Fix], check: &dyn Fn(&str) -> Vec<Diagnostic>) -> bool {
        let applied = apply_fixes(&self.text, chosen);
        if applied.fixes == 0 || applied.text == self.text {
            return false;
        }
        let mut edits: Vec<(Span, usize)> =
            applied.taken.iter().flat_map(|&i| chosen[i].edits.iter().map(|e| (e.span, e.replacement.len()))).collect();
        edits.sort_by_key(|(s, _)| (s.start, s.end));
        self.changes.record(&edits);
        self.since.record(&edits);
        for &i in &applied.taken {
            if !self.titles.contains(&chosen[i].title) {
                self.titles.push(chosen[i].title.clone());
            }
        }
        self.fixes += applied.fixes;
        self.text = applied.text;
        self.findings = check(&self.text);
        true
    }

    /// Rounds of the fixes `choose` picks among those on offer (given the text and the changes
    /// since the trial began), until none is left or the cap is reached.
    fn settle(&mut self, choose: &Choose, check: &dyn Fn(&str) -> Vec<Diagnostic>) {
        for _ in 0..MAX_ROUNDS {
            let findings = std::mem::take(&mut self.findings);
            let chosen = choose(findings.iter().filter_map(|d| d.fix.as_ref()).collect(), &self.text, &self.since);
            let changed = !chosen.is_empty() && self.round(&chosen, check);
            if !changed {
                self.findings = findings;
                break;
            }
        }
    }

    fn into_outcome(self, original: &str, withheld: Vec<String>) -> FileOutcome {
        if self.fixes == 0 && !withheld.is_empty() {
            return FileOutcome::Reverted { withheld };
        }
        let edits = self.changes.edits(original, &self.text);
        FileOutcome::Fixed {
            original: Vec::new(),
            fixed: self.text.into_bytes(),
            fixes: self.fixes,
            titles: self.titles,
            edits,
            withheld,
        }
    }
}

/// What makes two fixes the same fix across rounds, when positions have moved: the rule's
/// title, and each edit's old text and replacement.
type FixKey = (String, Vec<(String, String)>);

fn key_of(text: &str, fix: &Fix) -> FixKey {
    let old = |e: &crate::diagnostic::Edit| text.get(e.span.start..e.span.end).unwrap_or_default().to_string();
    (fix.title.clone(), fix.edits.iter().map(|e| (old(e), e.replacement.clone())).collect())
}

/// Fixes `text` to a fixed point. When the result has a finding the text did not have, the
/// fixes are tried one at a time instead, in order of position, each together with the
/// fixes it uncovers (an ad- block turned callout frees a link that an alias fix then
/// mends), and each that would add a finding is left out and described.
fn fix_text(text: &str, check: &dyn Fn(&str) -> Vec<Diagnostic>, options: FixOptions) -> FixedText {
    let before = check(text);
    let mut all = Progress::new(text, before.clone());
    all.settle(&|fixes, _, _| fixes.into_iter().filter(|f| options.allows(f)).collect(), check);
    if added(&before, &all.findings).is_empty() {
        let after = std::mem::take(&mut all.findings);
        return FixedText { outcome: all.into_outcome(text, Vec::new()), before, after };
    }
    let mut done = Progress::new(text, before.clone());
    let mut refused: HashSet<FixKey> = HashSet::new();
    let mut withheld = Vec::new();
    for _ in 0..MAX_TRIALS {
        let mut seen = HashSet::new();
        let mut candidates: Vec<(&Fix, FixKey)> = done
            .findings
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| options.allows(f))
            .map(|f| (f, key_of(&done.text, f)))
            .filter(|(_, k)| !refused.contains(k) && seen.insert(k.clone()))
            .collect();
        candidates.sort_by_key(|(f, _)| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
        let Some((first, first_key)) = candidates.first().cloned() else { break };
        // The other candidates are tried on their own later; the trial applies only what the
        // first fix uncovers: a fix that is not a candidate at the same place (traced back
        // through the trial's edits), so an ad- block turned callout that frees an `[[AI]]`
        // applies its alias fix, not the equal one due at `![[AI]]` after the block.
        let known: HashSet<(FixKey, usize)> =
            done.findings.iter().filter_map(|d| d.fix.as_ref()).map(|f| (key_of(&done.text, f), start_of(f))).collect();
        let mut trial = done.clone();
        trial.since = Changes::default();
        if !trial.round(&[first], check) {
            refused.insert(first_key);
            continue;
        }
        trial.settle(
            &|fixes, text, since| {
                fixes
                    .into_iter()
                    .filter(|f| options.allows(f))
                    .filter(|f| {
                        let k = key_of(text, f);
                        !refused.contains(&k) && !known.contains(&(k, since.to_original(start_of(f))))
                    })
                    .collect()
            },
            check,
        );
        let new = added(&before, &trial.findings);
        if new.is_empty() {
            done = trial;
            continue;
        }
        withheld.push(format!("{}: {} would add {}", where_(&done, first, text), first.title, new.join("; ")));
        refused.insert(first_key);
    }
    let after = std::mem::take(&mut done.findings);
    FixedText { outcome: done.into_outcome(text, withheld), before, after }
}

/// A text fixed: the outcome, and the findings of the text before and after.
struct FixedText {
    outcome: FileOutcome,
    before: Vec<Diagnostic>,
    after: Vec<Diagnostic>,
}

/// Where a fix's first edit starts.
fn start_of(fix: &Fix) -> usize {
    fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
}

/// Where a fix left out would have applied, for the output: its line in the original and
/// the text it edits (what follows, for an insertion).
fn where_(done: &Progress, fix: &Fix, original: &str) -> String {
    let start = fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
    let end = fix.edits.iter().map(|e| e.span.end).max().unwrap_or(0);
    let at = done.changes.to_original(start).min(original.len());
    let line = original.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let rest = done.text.get(start..).unwrap_or_default();
    let old = done.text.get(start..end).filter(|s| !s.is_empty()).unwrap_or(rest);
    let old = old.lines().next().unwrap_or_default();
    let old: String = if old.chars().count() > 40 { old.chars().take(39).chain(['…']).collect() } else { old.into() };
    format!("line {line}, \"{old}\"")
}

/// Findings of `after` that `before` did not have, compared by rule and message (positions
/// move when text is inserted), the message case-folded and its whitespace collapsed: a
/// finding that quotes a link whose case or padding a fix just mended is the same finding.
fn added(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<String> {
    let mut counts: HashMap<(&str, String), isize> = HashMap::new();
    for d in before {
        *counts.entry(finding_key(d)).or_default() += 1;
    }
    let mut out = Vec::new();
    for d in after {
        let n = counts.entry(finding_key(d)).or_default();
        *n -= 1;
        if *n < 0 {
            out.push(format!("{}: {}", d.name, d.message));
        }
    }
    out
}

/// How many findings of `before` are gone from `after`, compared as [`added`] compares them.
fn gone(before: &[Diagnostic], after: &[Diagnostic]) -> usize {
    let mut counts: HashMap<(&str, String), isize> = HashMap::new();
    for d in before {
        *counts.entry(finding_key(d)).or_default() += 1;
    }
    for d in after {
        if let Some(n) = counts.get_mut(&finding_key(d)) {
            *n -= 1;
        }
    }
    counts.values().map(|&n| n.max(0) as usize).sum()
}

/// What makes a finding the same finding after a fix: its rule and its message, case-folded
/// and its whitespace collapsed.
fn finding_key(d: &Diagnostic) -> (&'static str, String) {
    (d.name, d.message.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
}

/// A unified diff of one file's fix, for `--diff`.
pub fn unified_diff(path: &str, original: &[u8], fixed: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(original), String::from_utf8_lossy(fixed));
    similar::TextDiff::from_lines(a.as_ref(), b.as_ref())
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check_texts_diagnostics;

    #[test]
    fn a_finding_that_only_quotes_the_mended_link_is_not_new() {
        let before = check_texts_diagnostics(&[("a/Src.md", "[[stat]]\n"), ("a/stat.md", ""), ("b/Stat.md", "")]);
        let after = check_texts_diagnostics(&[("a/Src.md", "[[Stat]]\n"), ("a/stat.md", ""), ("b/Stat.md", "")]);
        assert!(before.iter().any(|d| d.name == "ambiguous-link"));
        assert!(
            added(&before, &after).iter().all(|f| !f.starts_with("ambiguous-link")),
            "{:?}",
            added(&before, &after)
        );
        let broken =
            check_texts_diagnostics(&[("a/Src.md", "[[stat]] [[Gone]]\n"), ("a/stat.md", ""), ("b/Stat.md", "")]);
        assert_eq!(added(&before, &broken).len(), 1 + 1, "the broken link and its missing note are new");
    }
}
