//! The human report: each finding as miette draws it, with the source line and a label under
//! the link, then a summary with the most linked missing notes.

use super::{CheckReport, Style};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::plural;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::io::{self, Write};

pub fn render(report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut source: Option<(String, String)> = None; // (path, text): findings come sorted by path
    for d in report.diagnostics.iter().filter(|d| d.name != "missing-note") {
        if source.as_ref().is_none_or(|(p, _)| *p != d.path) {
            let abs = crate::discover::on_disk(&report.vault.root, &d.path);
            let text = std::fs::read(&abs).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            source = Some((d.path.clone(), text));
        }
        let text = &source.as_ref().unwrap().1;
        let mut rendered = String::new();
        let diagnostic = miette_diagnostic(d, text);
        let source = NoteSource { name: d.path.clone(), text: text.clone() };
        let report = miette::Report::new(diagnostic).with_source_code(source);
        if handler.render_report(&mut rendered, report.as_ref()).is_err() {
            rendered = format!("{}:{}:{}: {}\n", d.path, d.loc.start.line, d.loc.start.col, d.message);
        }
        out.write_all(rendered.as_bytes())?;
        writeln!(out)?;
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
        "Checked {} ({}): {}, {} broken, {}.",
        plural(t.notes, "note"),
        plural(t.files, "file"),
        plural(t.links, "link"),
        t.broken_links,
        plural(t.missing_notes, "missing note")
    )?;
    writeln!(out, "{}, {}, {}.", plural(t.errors, "error"), plural(t.warnings, "warning"), plural(t.infos, "info"))?;
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

/// A note's text for miette, whose `[path:line:col]` header counts columns in bytes; ours
/// (and every other format's) count code points.
struct NoteSource {
    name: String,
    text: String,
}

impl SourceCode for NoteSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        let column = if before == 0 && after == 0 {
            let start = crate::text::floor_char_boundary(&self.text, span.offset().min(self.text.len()));
            let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
            self.text[line_start..start].chars().count()
                - usize::from(line_start == 0 && self.text.starts_with('\u{FEFF}') && start >= 3)
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
