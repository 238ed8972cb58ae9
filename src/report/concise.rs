//! `--format concise`: one line per finding, its hint at the end when it has one:
//!
//! `path:line:col: severity[rule] message (help: hint)`
//!
//! One line each, so that grep, `wc -l` and an editor's quickfix list read it (ruff's and
//! rustc's short formats are single lines too). A missing note's first link is printed once,
//! as its broken link (see `one_per_link`).

use super::CheckReport;
use std::io::{self, Write};

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    for d in super::one_per_link(report.diagnostics) {
        let (line, col) = (d.loc.start.line.max(1), d.loc.start.col.max(1));
        write!(out, "{}:{line}:{col}: {}[{}] {}", d.path, d.severity.as_str(), d.name, d.message)?;
        match &d.hint {
            Some(hint) => writeln!(out, " (help: {})", one_line(hint))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// A hint on one line, whatever it holds.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ").into() } else { s.into() }
}
