//! The human report: each finding as miette draws it, with the source line and a label under
//! the link, then a summary with the most linked missing notes.

use super::{CheckReport, Style};
use crate::diagnostic::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::io::{self, Write};

pub fn render(report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut source: Option<(String, String)> = None; // (path, text): findings come sorted by path
    for d in report.diagnostics.iter().filter(|d| d.name != "missing-note") {
        if source.as_ref().is_none_or(|(p, _)| *p != d.path) {
            let abs = report.vault.root.join(&d.path);
            let text = std::fs::read(&abs).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            source = Some((d.path.clone(), text));
        }
        let text = &source.as_ref().unwrap().1;
        let mut rendered = String::new();
        let diagnostic = miette_diagnostic(d, text);
        let report = miette::Report::new(diagnostic).with_source_code(NamedSource::new(&d.path, text.clone()));
        if handler.render_report(&mut rendered, report.as_ref()).is_err() {
            rendered = format!("{}:{}:{}: {}\n", d.path, d.loc.start.line, d.loc.start.col, d.message);
        }
        out.write_all(rendered.as_bytes())?;
    }
    if !style.quiet {
        summary(report, out)?;
    }
    Ok(())
}

fn miette_diagnostic(d: &Diagnostic, text: &str) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut m =
        MietteDiagnostic::new(d.message.clone()).with_code(format!("{}({})", d.name, d.code)).with_severity(severity);
    if let Some(h) = &d.hint {
        m = m.with_help(h.clone());
    }
    let start = crate::text::floor_char_boundary(text, d.loc.span.start.min(text.len()));
    let end = crate::text::floor_char_boundary(text, d.loc.span.end.min(text.len())).max(start);
    if !text.is_empty() {
        m = m.with_label(LabeledSpan::new(Some(d.name.to_string()), start, end - start));
    }
    m
}

fn summary(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let t = &report.totals;
    writeln!(
        out,
        "Checked {} notes ({} files): {} links, {} broken, {} missing notes.",
        t.notes, t.files, t.links, t.broken_links, t.missing_notes
    )?;
    writeln!(out, "{} errors, {} warnings, {} infos.", t.errors, t.warnings, t.infos)?;
    if !report.missing.is_empty() {
        writeln!(out, "Most linked missing notes:")?;
        for m in report.missing.iter().take(10) {
            let from: Vec<&str> = {
                let mut f: Vec<&str> = m.referrers.iter().map(|r| report.vault.files[r.file].path.as_str()).collect();
                f.dedup();
                f
            };
            let more = if from.len() > 3 { format!(" and {} more", from.len() - 3) } else { String::new() };
            let kind = if m.attachment { " (attachment)" } else { "" };
            writeln!(
                out,
                "  {:>4}  {}{kind}  <- {}{more}",
                m.referrers.len(),
                m.title,
                from[..from.len().min(3)].join(", ")
            )?;
        }
        if report.missing.len() > 10 {
            writeln!(out, "  … and {} more (see --format json)", report.missing.len() - 10)?;
        }
    }
    Ok(())
}
