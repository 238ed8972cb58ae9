//! `--format json`; the schema is documented in the README ("JSON output").

use super::CheckReport;
use serde_json::json;
use std::io::{self, Write};

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "path": d.path,
                "line": d.loc.start.line.max(1),
                "column": d.loc.start.col.max(1),
                "end_line": d.loc.end.line.max(1),
                "end_column": d.loc.end.col.max(1),
                "byte_start": d.loc.span.start,
                "byte_end": d.loc.span.end,
                "code": d.code,
                "name": d.name,
                "severity": d.severity,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let missing: Vec<_> = report
        .missing
        .iter()
        .map(|m| {
            let referrers: Vec<_> = m
                .referrers
                .iter()
                .map(|r| {
                    json!({
                        "path": report.vault.files[r.file].path,
                        "line": r.loc.start.line,
                        "column": r.loc.start.col,
                        "hidden": r.hidden,
                    })
                })
                .collect();
            json!({
                "target": m.key,
                "title": m.title,
                "attachment": m.attachment,
                "count": m.referrers.len(),
                "notes": m.notes(),
                "referrers": referrers,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "missing_notes": missing,
        "totals": report.totals,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
