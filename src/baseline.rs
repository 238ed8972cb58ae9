//! Baselines: adopt wikilint on a vault that already has findings. `--write-baseline FILE`
//! records today's findings; `--baseline FILE` then reports only the ones not recorded.
//!
//! A finding is identified by a fingerprint that survives edits elsewhere in its note: the
//! note's path, the rule code, the text at the finding (the link as written, `[[Lenin]]`; the
//! message when the finding covers no text) and its occurrence index among the findings with
//! that same path, code and text, in document order. Line numbers are not part of it, so a
//! paragraph added above a broken link does not make that link new.
//!
//! The file is JSON (documented in the README):
//!
//! ```json
//! { "version": 1,
//!   "findings": [ { "path": "Russia.md", "code": "WL101", "rule": "broken-link",
//!                   "text": "[[Lenin]]", "occurrence": 0 } ] }
//! ```
//!
//! `rule` is there for the reader; matching uses `path`, `code`, `text` and `occurrence`.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub const VERSION: u32 = 1;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint {
    pub path: String,
    pub code: String,
    pub text: String,
    pub occurrence: usize,
}

impl Fingerprint {
    /// A short stable hash (FNV-1a, 64 bits) of the whole fingerprint, in hex: SARIF's
    /// `partialFingerprints`.
    pub fn hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.path.as_bytes(), self.code.as_bytes(), self.text.as_bytes(), &self.occurrence.to_le_bytes()] {
            for &b in part.iter().chain(&[0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    rule: String,
    text: String,
    occurrence: usize,
}

/// The fingerprints of `diags` (sorted as `rules::check` returns them), aligned with them.
/// Reads each file with findings once, to take the text at each finding's span; a file whose
/// findings all have empty spans (an attachment's `unused-attachment`, a video of gigabytes)
/// is not read at all.
pub fn fingerprints(root: &Path, diags: &[Diagnostic]) -> Vec<Fingerprint> {
    let mut seen: HashMap<(&str, &str, String), usize> = HashMap::new();
    // The file of the findings at hand, and its bytes once a finding needed them.
    let mut file: Option<(&str, Option<Option<Vec<u8>>>)> = None;
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        if file.as_ref().is_none_or(|(p, _)| *p != d.path) {
            file = Some((&d.path, None));
        }
        let span = d.loc.span;
        let bytes = match file.as_mut() {
            Some((path, bytes)) if span.start < span.end => {
                bytes.get_or_insert_with(|| std::fs::read(crate::discover::on_disk(root, path)).ok()).as_deref()
            }
            _ => None,
        };
        let text = match bytes.and_then(|b| b.get(span.start..span.end)) {
            Some(t) if !t.is_empty() => String::from_utf8_lossy(t).into_owned(),
            _ => d.message.clone(),
        };
        let n = seen.entry((&d.path, d.code, text.clone())).or_default();
        out.push(Fingerprint { path: d.path.clone(), code: d.code.to_string(), text, occurrence: *n });
        *n += 1;
    }
    out
}

/// The findings recorded in a baseline file.
#[derive(Debug, Default)]
pub struct Baseline {
    pub fingerprints: HashSet<Fingerprint>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: File =
            serde_json::from_str(&text).map_err(|e| format!("{} is not a wikilint baseline: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "{} is a baseline of version {}; this wikilint reads version {VERSION}: write it again with --write-baseline",
                path.display(),
                file.version
            ));
        }
        let fingerprints = file
            .findings
            .into_iter()
            .map(|e| Fingerprint { path: e.path, code: e.code, text: e.text, occurrence: e.occurrence })
            .collect();
        Ok(Baseline { fingerprints })
    }

    /// Which of the current findings are new (not in the baseline), aligned with `current`;
    /// and how many baseline findings are gone, among those `counts` accepts (the rules that
    /// ran: a rule switched off does not make its findings "gone").
    pub fn compare(&self, current: &[Fingerprint], counts: impl Fn(&Fingerprint) -> bool) -> (Vec<bool>, usize) {
        let new: Vec<bool> = current.iter().map(|f| !self.fingerprints.contains(f)).collect();
        let present: HashSet<&Fingerprint> = current.iter().collect();
        let gone = self.fingerprints.iter().filter(|f| counts(f) && !present.contains(f)).count();
        (new, gone)
    }
}

/// The baseline file's content for these findings.
pub fn to_json(diags: &[Diagnostic], fingerprints: &[Fingerprint]) -> String {
    let findings = diags
        .iter()
        .zip(fingerprints)
        .map(|(d, f)| Entry {
            path: f.path.clone(),
            code: f.code.clone(),
            rule: d.name.to_string(),
            text: f.text.clone(),
            occurrence: f.occurrence,
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&File { version: VERSION, findings }).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::note::{Location, Span};

    fn diag(path: &str, start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            loc: Location { span: Span { start, end }, ..Location::default() },
            code: "WL101",
            name: "broken-link",
            severity: Severity::Error,
            message: "m".into(),
            hint: None,
            fix: None,
        }
    }

    #[test]
    fn fingerprints_count_occurrences_and_ignore_lines() {
        let dir = std::env::temp_dir().join(format!("wikilint-baseline-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.md"), "[[X]] [[Y]] [[X]]").unwrap();
        let before = fingerprints(&dir, &[diag("a.md", 0, 5), diag("a.md", 6, 11), diag("a.md", 12, 17)]);
        assert_eq!(
            before.iter().map(|f| (f.text.as_str(), f.occurrence)).collect::<Vec<_>>(),
            [("[[X]]", 0), ("[[Y]]", 0), ("[[X]]", 1)]
        );
        std::fs::write(dir.join("a.md"), "new line\n[[X]] [[Y]] [[X]] [[X]]").unwrap();
        let after = fingerprints(
            &dir,
            &[diag("a.md", 9, 14), diag("a.md", 15, 20), diag("a.md", 21, 26), diag("a.md", 27, 32)],
        );
        let baseline = Baseline { fingerprints: before.into_iter().collect() };
        let (new, gone) = baseline.compare(&after, |_| true);
        assert_eq!(new, [false, false, false, true]);
        assert_eq!(gone, 0);
        let (_, gone) = baseline.compare(&after[..1], |_| true);
        assert_eq!(gone, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
