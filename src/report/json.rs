//! `--format json`; the schema is documented in the README ("JSON output"). Serialized
//! straight from borrowed structs, so a vault with 100 000 findings builds no JSON tree.

use super::{CheckReport, Totals};
use crate::diagnostic::{Fix, Safety, Severity};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Diag<'a>>,
    missing_notes: Vec<Missing<'a>>,
    totals: Totals,
}

#[derive(Serialize)]
struct Diag<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    byte_start: usize,
    byte_end: usize,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    hint: Option<&'a str>,
    /// The edits `--fix` would make for it (byte offsets in the file as read); absent when
    /// it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    title: &'a str,
    safety: Safety,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
struct EditOut<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

impl<'a> FixOut<'a> {
    fn new(fix: &'a Fix) -> Self {
        let edits = fix
            .edits
            .iter()
            .map(|e| EditOut { byte_start: e.span.start, byte_end: e.span.end, replacement: &e.replacement })
            .collect();
        FixOut { title: &fix.title, safety: fix.safety, edits }
    }
}

#[derive(Serialize)]
struct Missing<'a> {
    target: &'a str,
    title: &'a str,
    attachment: bool,
    count: usize,
    notes: usize,
    referrers: Vec<Referrer<'a>>,
}

#[derive(Serialize)]
struct Referrer<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    hidden: bool,
}

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| Diag {
            path: &d.path,
            line: d.loc.start.line.max(1),
            column: d.loc.start.col.max(1),
            end_line: d.loc.end.line.max(1),
            end_column: d.loc.end.col.max(1),
            byte_start: d.loc.span.start,
            byte_end: d.loc.span.end,
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: &d.message,
            hint: d.hint.as_deref(),
            fix: d.fix.as_ref().map(FixOut::new),
        })
        .collect();
    let missing_notes = report
        .missing
        .iter()
        .map(|m| Missing {
            target: &m.key,
            title: &m.title,
            attachment: m.attachment,
            count: m.referrers.len(),
            notes: m.notes(),
            referrers: m
                .referrers
                .iter()
                .map(|r| Referrer {
                    path: &report.vault.files[r.file].path,
                    line: r.loc.start.line,
                    column: r.loc.start.col,
                    hidden: r.hidden,
                })
                .collect(),
        })
        .collect();
    let doc = Document { version: 1, diagnostics, missing_notes, totals: report.totals };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
