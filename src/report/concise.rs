use super::CheckReport;
use std::io::{self, Write};

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    for d in report.diagnostics {
        let (line, col) = (d.loc.start.line.max(1), d.loc.start.col.max(1));
        writeln!(out, "{}:{line}:{col}: {}[{}] {}", d.path, d.severity.as_str(), d.name, d.message)?;
    }
    Ok(())
}
