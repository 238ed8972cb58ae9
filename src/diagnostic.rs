//! A finding is plain data: where, which rule, how bad, what to say. Only the human
//! reporter knows miette.

use crate::note::{Location, Span};
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
    /// Edits that repair it, when a rule can offer them (`check --fix`).
    pub fix: Option<Fix>,
}

/// Replace the bytes of `span` (in the file as read, BOM included) with `replacement`; an
/// empty span inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit { span, replacement: replacement.into() }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { span: Span { start: at, end: at }, replacement: text.into() }
    }

    pub fn delete(span: Span) -> Edit {
        Edit { span, replacement: String::new() }
    }
}

/// Safe fixes keep what the note means and how it renders (`--fix`); unsafe ones change one
/// of them and need `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Safe,
    Unsafe,
}

/// A repair: all of its edits are applied, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for the output: "trim the padding inside the brackets".
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), safety: Safety::Safe, edits }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), safety: Safety::Unsafe, edits }
    }
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

/// `sort` for the findings of one file: their paths are all the same, so none is compared.
pub fn sort_in_file(diags: &mut [Diagnostic]) {
    debug_assert!(diags.windows(2).all(|w| w[0].path == w[1].path));
    fn key(d: &Diagnostic) -> (usize, usize, &str, &str) {
        (d.loc.span.start, d.loc.span.end, d.code, &d.message)
    }
    diags.sort_by(|a, b| key(a).cmp(&key(b)));
}

/// What a rule is, for the registry, the docs, the reporters and the configuration (which selects
/// rules from a catalog of these without knowing the rules themselves).
#[derive(Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line for the rule table.
    pub summary: &'static str,
    /// Markdown under the fixed headings: What it does / Why it matters / Example / Fix.
    pub docs: &'static str,
}

/// The rules a selector names in `catalog`: a rule by its exact name, or every rule whose code
/// starts with it (`WL1`, `wl101`).
pub fn matching(catalog: &[&'static RuleInfo], selector: &str) -> Vec<&'static RuleInfo> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    catalog
        .iter()
        .copied()
        .filter(|i| i.name == s || (upper.starts_with("WL") && i.code.starts_with(upper.as_str())))
        .collect()
}
