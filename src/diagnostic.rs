//! A finding is plain data: where, which rule, how bad, what to say. Only the human
//! reporter knows miette.

use crate::note::Location;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Vault-relative, `/`-separated.
    pub path: String,
    pub loc: Location,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// What to do about it, when we can say.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.path, self.loc.span.start, self.loc.span.end, self.code, &self.message)
    }
}

/// Sorted by path, position and code, so output is identical across runs.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}
