//! `--format github`: one GitHub Actions workflow command per finding, which the runner turns
//! into an annotation on the file and line of the pull request's diff:
//!
//! `::error file=notes/Russia.md,line=15,endLine=15,col=1,endColumn=10,title=broken-link (WL101)::broken link: …`
//!
//! A hint follows the message on a line of its own, `help: …` (the runner decodes `%0A`).
//! A missing note's first link is annotated once, as its broken link (see `one_per_link`).
//!
//! Severities map to `error`, `warning` and `notice`. Paths are relative to the repository root
//! (`CheckReport::path_prefix`), since that is how the runner matches them to the diff.

use super::CheckReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    for d in super::one_per_link(report.diagnostics) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = (d.loc.start.line.max(1), d.loc.start.col.max(1));
        let (end_line, end_col) = (d.loc.end.line.max(line), d.loc.end.col.max(1));
        let mut props = Vec::new();
        if !d.path.is_empty() {
            props.push(format!("file={}", property(&format!("{}{}", report.path_prefix, d.path))));
            props.push(format!("line={line}"));
            props.push(format!("endLine={end_line}"));
            props.push(format!("col={col}"));
            // GitHub reads a column range only on a single line.
            if end_line == line {
                props.push(format!("endColumn={end_col}"));
            }
        }
        props.push(format!("title={}", property(&format!("{} ({})", d.name, d.code))));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str("\nhelp: ");
            message.push_str(hint);
        }
        writeln!(out, "::{command} {}::{}", props.join(","), data(&message))?;
    }
    Ok(())
}

/// The escaping of a workflow command's message (the runner's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// The escaping of a property value (the runner's `escapeProperty`): also `:` and `,`, which
/// would end the value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner() {
        assert_eq!(data("50% done\r\nnext: a, b"), "50%25 done%0D%0Anext: a, b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
