//! The human report: each finding as miette draws it, with the source line and a label under
//! the link, then a summary with the most linked missing notes. Each finding is drawn from
//! the few lines it shows, so the report takes time in proportion to the findings, whatever
//! the size of the notes.

use super::{CheckReport, Style, statistics};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::plural;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

pub fn render(report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut note: Option<NoteText> = None; // findings come sorted by path
    let mut rendered = String::new();
    for d in report.diagnostics.iter().filter(|d| d.name != "missing-note") {
        if note.as_ref().is_none_or(|n| n.path != d.path) {
            note = Some(NoteText::read(report, &d.path));
        }
        let finding = Finding::new(d, note.as_ref().unwrap());
        rendered.clear();
        if handler.render_report(&mut rendered, &finding).is_err() {
            rendered.clear();
            rendered.push_str(&format!("{}:{}:{}: {}\n", d.path, d.loc.start.line, d.loc.start.col, d.message));
        }
        out.write_all(rendered.as_bytes())?;
        writeln!(out)?;
    }
    if !style.quiet {
        summary(report, style, out)?;
    }
    Ok(())
}

/// A note's text as read for its findings, once, with where each of its lines starts: each
/// finding then finds its lines by a binary search instead of a scan from the top of the note
/// (which made the report quadratic in a note with many findings).
struct NoteText {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl NoteText {
    /// Only notes and canvases are text: an attachment's finding (`unused-attachment`) is about
    /// the whole file, and an image, a PDF or a video read as text would be bytes on the
    /// terminal (and all of a large one in memory). Those get no snippet.
    fn read(report: &CheckReport, path: &str) -> Self {
        let text = if crate::vault::is_note_path(path) || crate::vault::is_canvas_path(path) {
            let abs = crate::discover::on_disk(&report.vault.root, path);
            std::fs::read(&abs).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
        } else {
            String::new()
        };
        NoteText::new(path, text)
    }

    fn new(path: &str, text: String) -> Self {
        let line_starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        NoteText { path: path.to_string(), text, line_starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Line `line`'s bytes, its line break included.
    fn line(&self, line: usize) -> (usize, usize) {
        (self.line_starts[line], self.line_starts.get(line + 1).copied().unwrap_or(self.text.len()))
    }
}

/// Lines longer than this (in bytes) are shown in part: `AROUND` bytes either side of where the
/// finding starts and ends, with `…` where text is left out. Paragraphs are single lines in
/// Markdown and are shown whole; a note of one enormous line (generated, minified) would
/// otherwise be printed again for each of its findings.
const LONG_LINE: usize = 1000;
const AROUND: usize = 120;

/// One finding for miette, with only the lines it shows as its source.
struct Finding<'a> {
    d: &'a Diagnostic,
    code: String,
    snippet: Option<Snippet<'a>>,
}

impl<'a> Finding<'a> {
    fn new(d: &'a Diagnostic, note: &'a NoteText) -> Self {
        Finding { d, code: format!("{}({})", d.name, d.code), snippet: Snippet::new(d, note) }
    }
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Without a snippet miette names no file: the message does (an attachment, an empty note).
        if self.snippet.is_none() {
            write!(f, "{}: ", self.d.path)?;
        }
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d.hint.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.snippet.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new(Some(self.d.name.to_string()), s.label.0, s.label.1))))
    }
}

/// The lines a finding shows (the one before it, its own, the one after), cut where very long,
/// as the whole source miette sees; line numbers are those of the note.
struct Snippet<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    /// The 0-based line number of `text`'s first line in the note.
    first_line: usize,
    /// The finding in `text`: offset and length.
    label: (usize, usize),
    /// The 0-based line and column (in code points) the header names: the finding's, as
    /// every other format gives it. (miette counts columns in bytes.)
    at: (usize, usize),
}

impl<'a> Snippet<'a> {
    fn new(d: &Diagnostic, note: &'a NoteText) -> Option<Self> {
        let text = note.text.as_str();
        if text.is_empty() {
            return None;
        }
        let start = crate::text::floor_char_boundary(text, d.loc.span.start.min(text.len()));
        let end = crate::text::floor_char_boundary(text, d.loc.span.end.min(text.len())).max(start);
        // miette takes a span's line from its last byte.
        let (first, last) = (note.line_of(start), note.line_of(if end > start { end - 1 } else { start }));
        let (from_line, to_line) = (first.saturating_sub(1), (last + 1).min(note.line_starts.len() - 1));
        let (from, to) = (note.line(from_line).0, note.line(to_line).1);
        let short = (from_line..=to_line).all(|l| {
            let (a, b) = note.line(l);
            b - a <= LONG_LINE
        });
        let (text, label) = if short {
            (Cow::Borrowed(&text[from..to]), (start - from, end - start))
        } else {
            let (cut, s, e) = cut_long_lines(note, from_line..=to_line, start, end);
            (Cow::Owned(cut), (s?, e? - s?))
        };
        let at = (d.loc.start.line.max(1) as usize - 1, d.loc.start.col.max(1) as usize - 1);
        Some(Snippet { name: &note.path, text, first_line: from_line, label, at })
    }
}

/// The lines `lines` of the note with each line longer than `LONG_LINE` cut down to the text
/// around `start` and `end` (or to its beginning, on a line holding neither), and where
/// `start` and `end` land in the result.
fn cut_long_lines(
    note: &NoteText,
    lines: std::ops::RangeInclusive<usize>,
    start: usize,
    end: usize,
) -> (String, Option<usize>, Option<usize>) {
    let text = note.text.as_str();
    let floor = |i: usize| crate::text::floor_char_boundary(text, i);
    let mut out = String::new();
    // `text[from..to]` is `out[at..]`.
    let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
    let mut copy = |out: &mut String, from: usize, to: usize| {
        pieces.push((from, to, out.len()));
        out.push_str(&text[from..to]);
    };
    for line in lines {
        let (a, b) = note.line(line);
        if b - a <= LONG_LINE {
            copy(&mut out, a, b);
            continue;
        }
        let content_end = text[a..b].strip_suffix('\n').map_or(b, |l| a + l.strip_suffix('\r').unwrap_or(l).len());
        let mut points: Vec<usize> = [start, end].into_iter().filter(|p| (a..=b).contains(p)).collect();
        if points.is_empty() {
            points.push(a);
        }
        let mut keep: Vec<(usize, usize)> = Vec::new();
        for p in points {
            let p = p.min(content_end);
            let (x, y) = (floor(p.saturating_sub(AROUND).max(a)), floor((p + AROUND).min(content_end)));
            match keep.last_mut() {
                Some(last) if x <= last.1 => last.1 = last.1.max(y),
                _ => keep.push((x, y)),
            }
        }
        let mut shown_to = a;
        for (x, y) in keep {
            if x > shown_to {
                out.push('…');
            }
            copy(&mut out, x, y);
            shown_to = y;
        }
        if shown_to < content_end {
            out.push('…');
        }
        copy(&mut out, content_end, b);
    }
    // Where a cut falls on `start` or `end`, the start goes after the `…` and the end before it.
    let s = pieces.iter().rev().find(|(f, t, _)| (*f..=*t).contains(&start)).map(|(f, _, at)| at + start - f);
    let e = pieces.iter().find(|(f, t, _)| (*f..=*t).contains(&end)).map(|(f, _, at)| at + end - f);
    (out, s, e)
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.as_ref().read_span(span, before, after)?;
        let (line, column) = if before == 0 && after == 0 && span.offset() == self.label.0 {
            self.at
        } else {
            (self.first_line + inner.line(), inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

/// The totals, broken down by rule, the most linked missing notes, and the commands that
/// take it from there.
fn summary(report: &CheckReport, style: &Style, out: &mut impl Write) -> io::Result<()> {
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
    if report.diagnostics.is_empty() {
        writeln!(out, "No findings.")?;
    } else {
        writeln!(out, "{}.", statistics::findings_by_severity(report))?;
        let counts = statistics::count(report.diagnostics, style.unsafe_fixes);
        for (line, c) in statistics::lines(&counts).iter().zip(&counts) {
            // The one rule whose findings are not drawn above: say where they are.
            let where_ = match c.name {
                "missing-note" if report.missing.is_empty() => "  (not drawn above: `wikilint stubs` lists them)",
                "missing-note" => "  (not drawn above: the most linked are below)",
                _ => "",
            };
            writeln!(out, "  {line}{where_}")?;
        }
    }
    if let Some(line) = report.below_min_severity.and_then(|b| b.line()) {
        writeln!(out, "{line}")?;
    }
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
            writeln!(out, "  … and {} more.", report.missing.len() - 10)?;
        }
    }
    if t.missing_notes > 0 {
        writeln!(
            out,
            "`wikilint stubs` lists all {} with the links to each; `wikilint stubs --create` writes their stubs.",
            plural(t.missing_notes, "missing note")
        )?;
    }
    if let Some(line) = statistics::fixable_line(statistics::fixable_in(report), style.unsafe_fixes) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::{Location, Pos, Span};
    use proptest::prelude::*;

    fn finding(start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            path: "n.md".into(),
            loc: Location { span: Span { start, end }, start: Pos { line: 1, col: 1 }, end: Pos { line: 1, col: 1 } },
            code: "WL101",
            name: "broken-link",
            severity: Severity::Error,
            message: "m".into(),
            hint: None,
            fix: None,
        }
    }

    fn label_text<'a>(s: &'a Snippet) -> &'a str {
        &s.text[s.label.0..s.label.0 + s.label.1]
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let note = NoteText::new("n.md", "one\ntwo [[x]] two\nthree\nfour\n".into());
        let s = Snippet::new(&finding(8, 13), &note).unwrap();
        assert_eq!(&*s.text, "one\ntwo [[x]] two\nthree\n");
        assert_eq!((s.first_line, label_text(&s)), (0, "[[x]]"));
        let s = Snippet::new(&finding(26, 26), &note).unwrap();
        assert_eq!((&*s.text, s.first_line), ("three\nfour\n", 2));
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let long = format!("{}[[x]]{}\r\n", "a".repeat(2000), "é".repeat(2000));
        let note = NoteText::new("n.md", format!("top\r\n{long}{}\r\nend\r\n", "b".repeat(3000)));
        let s = Snippet::new(&finding(5 + 2000, 5 + 2005), &note).unwrap();
        assert_eq!(label_text(&s), "[[x]]");
        let lines: Vec<&str> = s.text.split("\r\n").collect();
        assert_eq!(lines[0], "top");
        assert_eq!(lines[1], format!("…{}[[x]]{}…", "a".repeat(AROUND), "é".repeat(AROUND / 2)));
        assert_eq!(lines[2], format!("{}…", "b".repeat(AROUND)));
        assert_eq!(lines.len(), 4, "no line after the one after: {lines:?}");
    }

    #[test]
    fn a_long_finding_keeps_both_ends() {
        let note = NoteText::new("n.md", format!("{}\n", "x".repeat(5000)));
        let s = Snippet::new(&finding(1000, 4000), &note).unwrap();
        assert_eq!(s.text, format!("…{}…{}…\n", "x".repeat(2 * AROUND), "x".repeat(2 * AROUND)));
        // The underline runs from the start, through the cut, to the end.
        assert_eq!(s.label, (AROUND + 3, 2 * AROUND + 3));
    }

    fn note_text() -> impl Strategy<Value = String> {
        let line = (
            0..2500usize,
            prop_oneof![Just("a"), Just("é"), Just("\r"), Just("[[")],
            prop_oneof![Just("\n"), Just("\r\n")],
        )
            .prop_map(|(n, unit, end)| format!("{}{end}", unit.repeat(n / unit.len().max(1))));
        proptest::collection::vec(line, 1..6).prop_map(|l| l.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any span, anywhere: a snippet with the finding's own text under its label (cut in
        /// the middle only when it is long), never a panic, and miette can read it.
        #[test]
        fn every_span_has_its_text_under_the_label(text in note_text(), a in any::<usize>(), b in any::<usize>()) {
            let (a, b) = (a % (text.len() + 2), b % (text.len() + 2));
            let note = NoteText::new("n.md", text.clone());
            let d = finding(a.min(b), a.max(b));
            let s = Snippet::new(&d, &note).expect("a snippet");
            let start = crate::text::floor_char_boundary(&text, a.min(b).min(text.len()));
            let end = crate::text::floor_char_boundary(&text, a.max(b).min(text.len())).max(start);
            let label = label_text(&s);
            if end - start <= AROUND {
                prop_assert_eq!(label, &text[start..end]);
            } else {
                prop_assert_eq!(label.chars().next(), text[start..].chars().next());
            }
            let span = SourceSpan::from(s.label);
            prop_assert!(s.read_span(&span, 1, 1).is_ok());
            prop_assert!(s.read_span(&span, 0, 0).is_ok());
        }
    }
}
