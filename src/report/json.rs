//! `--format json`; the schema is documented in the README ("JSON output"). Serialized
//! straight from borrowed structs, so a vault with 100 000 findings builds no JSON tree.

use super::CheckReport;
use crate::diagnostic::{Fix, Safety, Severity};
use serde::Serialize;
use std::io::{self, Write};

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
    write!(out, "{{\n  \"version\": 1,\n  \"diagnostics\": ")?;
    write_items(out, report.diagnostics, |d| Diag {
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
    })?;
    write!(out, ",\n  \"missing_notes\": ")?;
    write_items(out, report.missing, |m| Missing {
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
    })?;
    write!(out, ",\n  \"totals\": ")?;
    out.write_all(&indented(&serde_json::to_vec_pretty(&report.totals)?, 2))?;
    writeln!(out, "\n}}")
}

/// Writes `items` as a pretty-printed JSON array that is a member of the top-level object,
/// byte for byte what `serde_json::to_writer_pretty` writes there. Items are rendered in
/// parallel, a batch at a time (a large vault's report is tens of megabytes; a batch is not).
fn write_items<'a, T: Sync, S: Serialize>(
    out: &mut impl Write,
    items: &'a [T],
    view: impl Fn(&'a T) -> S + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (b, batch) in items.chunks(16 * 1024).enumerate() {
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(256)
            .map(|chunk| -> io::Result<Vec<u8>> {
                let mut buf = Vec::new();
                for item in chunk {
                    buf.extend_from_slice(b",\n    ");
                    buf.extend_from_slice(&indented(&serde_json::to_vec_pretty(&view(item))?, 4));
                }
                Ok(buf)
            })
            .collect::<io::Result<_>>()?;
        for (i, chunk) in rendered.iter().enumerate() {
            // Every item comes after `,` but the very first.
            out.write_all(if b == 0 && i == 0 { &chunk[1..] } else { chunk })?;
        }
    }
    out.write_all(b"\n  ]")
}

/// Pretty JSON moved `by` spaces to the right from its second line on. A JSON string holds
/// no raw line break, so every `\n` byte ends a line.
fn indented(json: &[u8], by: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    let mut rest = json;
    while let Some(i) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.extend(std::iter::repeat_n(b' ', by));
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out
}
