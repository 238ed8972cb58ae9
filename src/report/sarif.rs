//! `--format sarif`: a SARIF 2.1.0 log with one run. The tool's `rules` list every rule of
//! the registry (id = code, name, descriptions and help from its docs, default level), so a
//! viewer can explain a finding without wikilint at hand; each result points at its rule by
//! `ruleId` and `ruleIndex`.
//!
//! Locations: artifact URIs are relative (percent-encoded, `/`-separated) to `%SRCROOT%`, the
//! repository root when the vault is in a git repository (as GitHub code scanning expects),
//! else the vault folder. Regions are 1-based; `endColumn` is the column just after the
//! finding, as SARIF defines it, and columns count Unicode code points (`columnKind`).
//! `partialFingerprints["wikilint/v1"]` hashes the baseline fingerprint (path, rule, text at
//! the finding, occurrence), which does not change when lines move.

use super::CheckReport;
use crate::diagnostic::Severity;
use crate::rules::{self, RuleInfo};
use serde_json::{Value, json};
use std::io::{self, Write};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let infos: Vec<&RuleInfo> = rules::ALL.iter().map(|r| r.info()).collect();
    let rules: Vec<Value> = infos.iter().map(|i| rule(i)).collect();
    let fingerprints = crate::baseline::fingerprints(&report.vault.root, report.diagnostics);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, fingerprint)| {
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": match &d.hint {
                    Some(h) => format!("{}\n{h}", d.message),
                    None => d.message.clone(),
                } },
                // Lets code scanning follow a finding across commits that move its line.
                "partialFingerprints": { "wikilint/v1": fingerprint.hash() },
            });
            if let Some(index) = infos.iter().position(|i| i.code == d.code) {
                result["ruleIndex"] = json!(index);
            }
            if !d.path.is_empty() {
                let (line, col) = (d.loc.start.line.max(1), d.loc.start.col.max(1));
                let end_line = d.loc.end.line.max(line);
                let end_col = if end_line == line { d.loc.end.col.max(col) } else { d.loc.end.col.max(1) };
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": uri(&format!("{}{}", report.path_prefix, d.path)),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                            "byteOffset": d.loc.span.start,
                            "byteLength": d.loc.span.end.saturating_sub(d.loc.span.start),
                        },
                    },
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "wikilint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule(info: &RuleInfo) -> Value {
    json!({
        "id": info.code,
        "name": info.name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": section(info.docs, "What it does") },
        "help": { "text": info.docs, "markdown": info.docs },
        "defaultConfiguration": { "level": level(info.severity) },
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The text under `## {heading}` in a rule's docs, joined into one paragraph.
fn section(docs: &str, heading: &str) -> String {
    let marker = format!("## {heading}\n");
    let Some(start) = docs.find(&marker).map(|i| i + marker.len()) else {
        return String::new();
    };
    let body = &docs[start..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A relative URI reference for a `/`-separated path: everything but unreserved characters
/// and `/` percent-encoded (RFC 3986), so spaces and non-ASCII names survive.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("notes/Socialism Didn't Fail.md"), "notes/Socialism%20Didn%27t%20Fail.md");
        assert_eq!(uri("Café#1.md"), "Caf%C3%A9%231.md");
    }

    #[test]
    fn full_description_is_the_first_section() {
        let docs = "## What it does\nReports a\nlink.\n\n## Why it matters\nNo.";
        assert_eq!(section(docs, "What it does"), "Reports a link.");
    }
}
