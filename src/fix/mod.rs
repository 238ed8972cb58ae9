//! Fixes: applying the edits that rules attach to their findings, to a fixed point, and
//! writing the result back safely.

mod apply;

pub use apply::{Applied, apply_fixes};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix, Safety};
use crate::index::{FileId, VaultIndex};
use crate::vault::{Vault, parse_bytes};
use rayon::prelude::*;
use std::collections::HashMap;

/// Rounds of fix → re-parse → re-check per file: fixes that uncover fixes (a padded and
/// glued link) settle in two; the cap only stops a pair of rules that would undo each other.
const MAX_ROUNDS: usize = 8;

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
    /// The new content, ready to write over `original`.
    /// `withheld`: the findings the unsafe fixes would have added, when they were dropped
    /// for that and only the safe ones applied.
    Fixed { original: Vec<u8>, fixed: Vec<u8>, fixes: usize, titles: Vec<String>, withheld: Vec<String> },
    /// Fixing it would add findings the file did not have: left untouched.
    Reverted { new_findings: Vec<String> },
    /// It could not be fixed as it is (not UTF-8, unreadable).
    Skipped { why: String },
}

/// What `--fix` would do, file by file (vault-relative paths, sorted).
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<(String, FileOutcome)>,
    /// Findings left unfixed because their fixes are unsafe and unsafe fixes were not asked for.
    pub unsafe_skipped: usize,
}

impl Plan {
    pub fn fixes(&self) -> usize {
        self.files.iter().map(|(_, o)| if let FileOutcome::Fixed { fixes, .. } = o { *fixes } else { 0 }).sum()
    }

    pub fn fixed_files(&self) -> impl Iterator<Item = (&str, &[u8], &[u8])> {
        self.files.iter().filter_map(|(p, o)| match o {
            FileOutcome::Fixed { original, fixed, .. } => Some((p.as_str(), original.as_slice(), fixed.as_slice())),
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
    let mut unsafe_skipped = 0;
    for d in findings {
        let Some(fix) = &d.fix else {
            // Fixes that need the text (hidden-link) are only built when fixing.
            match crate::rules::by_code(d.code).filter(|r| r.fix_needs_text()).and_then(|r| r.fixable()) {
                Some(Safety::Unsafe) if !options.unsafe_fixes => unsafe_skipped += 1,
                Some(_) => candidates.extend(ids.get(d.path.as_str())),
                None => {}
            }
            continue;
        };
        if !options.allows(fix) {
            unsafe_skipped += 1;
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
        .filter(|(_, o)| !matches!(o, FileOutcome::Fixed { fixes: 0, .. }))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Plan { files, unsafe_skipped }
}

fn fix_file(vault: &Vault, index: &VaultIndex, config: &Config, id: FileId, options: FixOptions) -> FileOutcome {
    let original = match std::fs::read(&vault.files[id].abs) {
        Ok(b) => b,
        Err(e) => return FileOutcome::Skipped { why: format!("cannot be read: {e}") },
    };
    let Ok(text) = std::str::from_utf8(&original) else {
        return FileOutcome::Skipped { why: "is not valid UTF-8, and wikilint does not rewrite such a file".into() };
    };
    let outcome = fix_text(vault, index, config, id, text, options);
    let outcome = match outcome {
        // Unsafe fixes that uncover findings (an ad- block whose links turn out broken once
        // Obsidian indexes them) must not hold back the safe ones.
        FileOutcome::Reverted { new_findings } if options.unsafe_fixes => {
            match fix_text(vault, index, config, id, text, FixOptions { unsafe_fixes: false }) {
                FileOutcome::Fixed { fixed, fixes, titles, .. } => {
                    FileOutcome::Fixed { original: Vec::new(), fixed, fixes, titles, withheld: new_findings }
                }
                _ => FileOutcome::Reverted { new_findings },
            }
        }
        other => other,
    };
    match outcome {
        FileOutcome::Fixed { fixed, fixes, titles, withheld, .. } => {
            FileOutcome::Fixed { original, fixed, fixes, titles, withheld }
        }
        other => other,
    }
}

fn fix_text(
    vault: &Vault,
    index: &VaultIndex,
    config: &Config,
    id: FileId,
    text: &str,
    options: FixOptions,
) -> FileOutcome {
    let check = |text: &str| {
        let note = parse_bytes(text.as_bytes());
        crate::rules::check_note_text(vault, index, config, id, &note, text)
    };
    let before = check(text);
    let mut current = text.to_string();
    let mut findings = before.clone();
    let (mut fixes, mut titles) = (0, Vec::new());
    for _ in 0..MAX_ROUNDS {
        let chosen: Vec<&Fix> = findings.iter().filter_map(|d| d.fix.as_ref()).filter(|f| options.allows(f)).collect();
        if chosen.is_empty() {
            break;
        }
        let applied = apply_fixes(&current, &chosen);
        if applied.fixes == 0 || applied.text == current {
            break;
        }
        for f in &chosen {
            if !titles.contains(&f.title) {
                titles.push(f.title.clone());
            }
        }
        fixes += applied.fixes;
        current = applied.text;
        findings = check(&current);
    }
    let new_findings = added(&before, &findings);
    if !new_findings.is_empty() {
        return FileOutcome::Reverted { new_findings };
    }
    FileOutcome::Fixed { fixed: current.into_bytes(), original: Vec::new(), fixes, titles, withheld: Vec::new() }
}

/// Findings of `after` that `before` did not have, compared by rule and message (positions
/// move when text is inserted), the message case-folded and its whitespace collapsed: a
/// finding that quotes a link whose case or padding a fix just mended is the same finding.
fn added(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<String> {
    let key = |d: &Diagnostic| (d.name, d.message.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    let mut counts: HashMap<(&str, String), isize> = HashMap::new();
    for d in before {
        *counts.entry(key(d)).or_default() += 1;
    }
    let mut out = Vec::new();
    for d in after {
        let n = counts.entry(key(d)).or_default();
        *n -= 1;
        if *n < 0 {
            out.push(format!("{}: {}", d.name, d.message));
        }
    }
    out
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
