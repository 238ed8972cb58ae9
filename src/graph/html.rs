//! The vault's health as one self-contained HTML page (`wikilint report --html`), a place to
//! work from: every finding, grouped by note, filterable by rule and severity and searchable;
//! the missing notes ranked by links, each opening on the notes and lines that link to it.
//!
//! The totals, what is not reported on, the orphans and the property queries are written here
//! as static HTML (readable without JavaScript). The findings and the missing notes, which
//! run to tens of thousands on a large vault, are one JSON blob the page's inline script draws
//! a page at a time. Nothing is fetched when the page is viewed; note names and text are
//! untrusted, so the script sets only `textContent`, and the blob cannot close its `<script>`.
//!
//! The blob (`#wikilint-data`), compact because its arrays are long:
//! - `totals`: `check --format json`'s totals, plus `orphans`;
//! - `paths`: the notes the findings and links are in, indexed by the arrays below;
//! - `rules`: `{code, name, findings, error, warning, info}`, most severe and most found first;
//! - `findings`: `[path, line, column, rule, severity, message, text, hint]`, in `check`'s
//!   order, `text` being the note's text at the finding's span (its first line, cut short);
//! - `missing`: `{title, attachment, links, notes, refs: [[path, line, column, text, hidden]]}`,
//!   most linked first;
//! - `excluded`: how many notes are not reported on, by reason.

use crate::config::{Config, NotReported};
use crate::diagnostic::Severity;
use crate::index::{FileId, VaultIndex};
use crate::note::{Note, Span};
use crate::report::Totals;
use crate::rules::{Findings, MissingNote};
use crate::vault::Vault;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("report.html");

/// Rows beyond these are counted, not listed: `wikilint orphans` and `wikilint props` list
/// everything.
const MAX_ORPHAN_ROWS: usize = 1000;
const MAX_QUERY_ROWS: usize = 1000;
const MAX_EXCLUDED_ROWS: usize = 500;
/// The text at a finding's span is cut to this many characters.
const MAX_TEXT_CHARS: usize = 160;

#[derive(Debug, Default, Serialize)]
pub struct PageTotals {
    #[serde(flatten)]
    pub check: Totals,
    pub orphans: usize,
}

#[derive(Debug, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub findings: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

/// `[path, line, column, rule, severity, message, text, hint]`.
pub type FindingRow = (usize, u32, u32, usize, &'static str, String, String, Option<String>);
/// `[path, line, column, text, hidden]`.
pub type ReferrerRow = (usize, u32, u32, String, bool);

#[derive(Debug, Serialize)]
pub struct MissingRow {
    pub title: String,
    pub attachment: bool,
    pub links: usize,
    pub notes: usize,
    pub refs: Vec<ReferrerRow>,
}

/// The notes that are not reported on, counted by reason, and the first few of them.
#[derive(Debug, Default, Serialize)]
pub struct Excluded {
    pub templates: usize,
    pub exclude: usize,
    pub ignore_filters: usize,
    /// The templates folder as the vault spells it, when there is one.
    pub templates_folder: Option<String>,
    #[serde(skip)]
    pub paths: Vec<String>,
}

impl Excluded {
    pub fn total(&self) -> usize {
        self.templates + self.exclude + self.ignore_filters
    }
}

/// One `[report] queries` entry and the notes it finds (`None`: not a `NAME=VALUE` query).
#[derive(Debug, Serialize)]
pub struct QueryResult {
    pub query: String,
    pub notes: Option<Vec<String>>,
}

/// Everything the page shows, gathered once.
#[derive(Debug, Serialize)]
pub struct Health {
    pub vault: String,
    pub totals: PageTotals,
    pub excluded: Excluded,
    pub rules: Vec<RuleCount>,
    pub paths: Vec<String>,
    pub findings: Vec<FindingRow>,
    pub missing: Vec<MissingRow>,
    #[serde(skip)]
    pub orphans: Vec<String>,
    #[serde(skip)]
    pub queries: Vec<QueryResult>,
}

/// What the page is made from: the engine's findings and the totals `check` computes from
/// them, so the two agree.
pub struct Inputs<'a> {
    pub vault: &'a Vault,
    pub index: &'a VaultIndex,
    pub config: &'a Config,
    pub findings: &'a Findings,
    /// The missing notes `check` shows (none when `missing-note` is switched off).
    pub missing: &'a [MissingNote],
    pub totals: Totals,
    pub queries: Vec<QueryResult>,
}

impl Health {
    /// `read` gives a file's bytes by vault path, for the text at each finding's span.
    pub fn gather(inputs: Inputs, read: impl Fn(&str) -> Option<Vec<u8>> + Sync) -> Health {
        let Inputs { vault, index, config, findings, missing, totals, queries } = inputs;
        let diagnostics = &findings.diagnostics;

        let mut paths: Vec<String> = Vec::new();
        let mut path_ids: HashMap<String, usize> = HashMap::new();
        let mut intern = |path: &str| -> usize {
            if let Some(&id) = path_ids.get(path) {
                return id;
            }
            paths.push(path.to_string());
            path_ids.insert(path.to_string(), paths.len() - 1);
            paths.len() - 1
        };
        let finding_paths: Vec<usize> = diagnostics.iter().map(|d| intern(&d.path)).collect();
        let referrer_paths: Vec<Vec<usize>> =
            missing.iter().map(|m| m.referrers.iter().map(|r| intern(&vault.files[r.file].path)).collect()).collect();
        let texts: Vec<Option<Vec<u8>>> = paths.par_iter().map(|p| read(p)).collect();
        let by_path: HashMap<&str, FileId> = vault.live_ids().map(|id| (vault.files[id].path.as_str(), id)).collect();
        let notes: Vec<Option<&Note>> =
            paths.iter().map(|p| by_path.get(p.as_str()).and_then(|&id| vault.note(id))).collect();
        // A canvas card's link has an empty span (at the card's text): its text is the link as written.
        let text_at = |path: usize, span: Span| {
            if span.start < span.end {
                texts[path].as_deref().map(|t| text_at(t, span)).unwrap_or_default()
            } else {
                let link = notes[path].and_then(|n| n.links.iter().find(|l| l.loc.span.start == span.start));
                link.map(|l| l.original.clone()).unwrap_or_default()
            }
        };

        let mut by_code: HashMap<&'static str, RuleCount> = HashMap::new();
        for d in diagnostics {
            let r = by_code.entry(d.code).or_insert(RuleCount {
                code: d.code,
                name: d.name,
                findings: 0,
                error: 0,
                warning: 0,
                info: 0,
            });
            r.findings += 1;
            match d.severity {
                Severity::Error => r.error += 1,
                Severity::Warning => r.warning += 1,
                Severity::Info => r.info += 1,
            }
        }
        let mut rules: Vec<RuleCount> = by_code.into_values().collect();
        // Those with errors first, then those with warnings, each most found first.
        let rank = |r: &RuleCount| (r.error > 0, r.warning > 0, r.findings);
        rules.sort_by(|a, b| rank(b).cmp(&rank(a)).then(a.code.cmp(b.code)));
        let rule_ids: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect();

        let findings_rows: Vec<FindingRow> = diagnostics
            .par_iter()
            .zip(&finding_paths)
            .map(|(d, &path)| {
                (
                    path,
                    d.loc.start.line.max(1),
                    d.loc.start.col.max(1),
                    rule_ids[d.code],
                    d.severity.as_str(),
                    d.message.clone(),
                    text_at(path, d.loc.span),
                    d.hint.clone(),
                )
            })
            .collect();
        let missing_rows = missing
            .iter()
            .zip(&referrer_paths)
            .map(|(m, ids)| MissingRow {
                title: m.title.clone(),
                attachment: m.attachment,
                links: m.referrers.len(),
                notes: m.notes(),
                refs: m
                    .referrers
                    .iter()
                    .zip(ids)
                    .map(|(r, &path)| {
                        (path, r.loc.start.line.max(1), r.loc.start.col.max(1), text_at(path, r.loc.span), r.hidden)
                    })
                    .collect(),
            })
            .collect();

        let mut excluded = Excluded::default();
        for id in vault.live_ids().filter(|&id| vault.note(id).is_some()) {
            let path = &vault.files[id].path;
            let Some(reason) = config.not_reported_because(path) else { continue };
            match reason {
                NotReported::TemplatesFolder => {
                    excluded.templates += 1;
                    if excluded.templates_folder.is_none() {
                        excluded.templates_folder = config.templates_folder().map(|f| spelled_in(path, f));
                    }
                }
                NotReported::Exclude => excluded.exclude += 1,
                NotReported::IgnoreFilter => excluded.ignore_filters += 1,
            }
            if excluded.paths.len() < MAX_EXCLUDED_ROWS {
                excluded.paths.push(path.clone());
            }
        }
        if excluded.templates_folder.is_none() {
            excluded.templates_folder = config.templates_folder().map(str::to_string);
        }

        let orphan_ids = super::model::orphans(vault, index, |p| config.is_reported(p));
        Health {
            vault: vault
                .root
                .file_name()
                .map_or_else(|| vault.root.display().to_string(), |n| n.to_string_lossy().into()),
            totals: PageTotals { check: totals, orphans: orphan_ids.len() },
            excluded,
            rules,
            paths,
            findings: findings_rows,
            missing: missing_rows,
            orphans: orphan_ids.iter().take(MAX_ORPHAN_ROWS).map(|&id| vault.files[id].path.clone()).collect(),
            queries,
        }
    }
}

/// The note's text at `span`: its first line, at most `MAX_TEXT_CHARS` characters, `…` marking a cut.
fn text_at(text: &[u8], span: Span) -> String {
    let end = span.end.min(text.len());
    let bytes = &text[span.start.min(end)..end];
    let line_end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let line = String::from_utf8_lossy(&bytes[..line_end]);
    let line = line.trim_end_matches('\r');
    let mut out: String = line.chars().take(MAX_TEXT_CHARS).collect();
    if out.len() < line.len() || bytes[line_end..].iter().any(|b| !b.is_ascii_whitespace()) {
        out.push('…');
    }
    out
}

/// The folder `lower` (lower-cased, with its `/`) as `path`, which lies in it, spells it.
fn spelled_in(path: &str, lower: &str) -> String {
    path.get(..lower.len()).filter(|p| p.to_lowercase() == lower).unwrap_or(lower).to_string()
}

/// The page: the template with the vault's name, the static sections and the data.
pub fn render(health: &Health) -> String {
    // `<` never appears in JSON outside strings, so escaping it there keeps `</script>` and
    // `<!--` out of the script element.
    let data = serde_json::to_string(health).unwrap_or_default().replace('<', "\\u003c");
    let title = esc(&format!("{} — wikilint report", health.vault));
    let body = body(health);
    fill(TEMPLATE, |name| match name {
        "title" => &title,
        "version" => env!("CARGO_PKG_VERSION"),
        "body" => &body,
        "data" => &data,
        _ => "",
    })
}

/// Replaces each `{{name}}` of the template in one pass, so a note named `{{data}}` stays text.
fn fill<'a>(template: &str, value: impl Fn(&str) -> &'a str) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        let Some(j) = rest[i..].find("}}") else { break };
        out.push_str(&rest[..i]);
        out.push_str(value(&rest[i + 2..i + j]));
        rest = &rest[i + j + 2..];
    }
    out.push_str(rest);
    out
}

fn body(h: &Health) -> String {
    let t = &h.totals.check;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<header><h1>{}</h1><p class=\"hint\">{} in the vault. The numbers are <code>wikilint check</code>’s.</p></header>",
        esc(&h.vault),
        crate::text::plural(t.files, "file")
    );
    s.push_str("<section id=\"totals\"><dl class=\"cards\">");
    let cards = [
        ("notes", "notes", t.notes, "#findings"),
        ("links", "links", t.links, "#findings"),
        ("broken-links", "broken links", t.broken_links, "#rule=broken-link"),
        ("missing-notes", "missing notes", t.missing_notes, "#missing"),
        ("orphans", "orphans", h.totals.orphans, "#orphans"),
        ("errors", "errors", t.errors, "#severity=error"),
        ("warnings", "warnings", t.warnings, "#severity=warning"),
        ("infos", "infos", t.infos, "#severity=info"),
    ];
    for (id, label, n, href) in cards {
        let _ = write!(
            s,
            "<div class=\"card {id}\"><dt><a href=\"{href}\">{label}</a></dt><dd id=\"total-{id}\">{n}</dd></div>"
        );
    }
    s.push_str("</dl></section>\n");
    not_reported(&mut s, &h.excluded);

    s.push_str(
        "<nav class=\"toc\"><a href=\"#findings\">Findings</a><a href=\"#missing\">Missing notes</a>\
         <a href=\"#orphans\">Orphans</a><a href=\"#queries\">Notes by property</a></nav>\n",
    );

    s.push_str("<section id=\"findings\"><h2>Findings</h2>");
    if h.findings.is_empty() {
        s.push_str("<p class=\"empty\">No findings.</p>");
    } else {
        s.push_str(
            "<div id=\"rule-summary\"></div>\
             <div class=\"toolbar\" role=\"search\">\
             <input id=\"finding-search\" type=\"search\" placeholder=\"Search messages, links, notes\" aria-label=\"Search the findings\">\
             <select id=\"rule-filter\" aria-label=\"Rule\"></select>\
             <span id=\"severity-filter\" role=\"group\" aria-label=\"Severity\"></span>\
             <button type=\"button\" id=\"clear-filters\">Clear</button></div>\
             <p class=\"status\">Showing <span id=\"shown-count\"></span> findings<span id=\"shown-notes\"></span>.</p>\
             <div id=\"finding-list\"><noscript><p class=\"empty\">The findings are listed by the page’s script: \
             allow JavaScript, or run <code>wikilint check</code>.</p></noscript></div>",
        );
    }
    s.push_str("</section>\n");

    s.push_str("<section id=\"missing\"><h2>Missing notes</h2>");
    if h.missing.is_empty() {
        s.push_str("<p class=\"empty\">None: every link resolves.</p>");
    } else {
        let _ = write!(
            s,
            "<p class=\"hint\">{}, most linked first. Click one to see the notes and lines that link to it; \
             <code>wikilint stubs --create</code> writes them.</p>\
             <input id=\"missing-filter\" type=\"search\" placeholder=\"Filter\" aria-label=\"Filter the missing notes\">\
             <div id=\"missing-list\"><noscript><p class=\"empty\">The missing notes are listed by the page’s script: \
             allow JavaScript, or run <code>wikilint stubs</code>.</p></noscript></div>",
            {
                let attachments = h.missing.iter().filter(|m| m.attachment).count();
                match attachments {
                    0 => crate::text::plural(h.missing.len(), "note"),
                    n => format!(
                        "{} and {}",
                        crate::text::plural(h.missing.len() - n, "note"),
                        crate::text::plural(n, "attachment")
                    ),
                }
            }
        );
    }
    s.push_str("</section>\n");

    s.push_str("<section id=\"orphans\"><h2>Orphans</h2><p class=\"hint\">Notes no other note links to.</p>");
    list(&mut s, &h.orphans, "None: every note is linked from another.");
    more(&mut s, h.totals.orphans, h.orphans.len(), "wikilint orphans");
    s.push_str("</section>\n");

    s.push_str("<section id=\"queries\"><h2>Notes by property</h2>");
    if h.queries.is_empty() {
        s.push_str(
            "<p class=\"empty\">No queries: add <code>[report] queries = [\"rating=WIP\"]</code> to wikilint.toml.</p>",
        );
    }
    for q in &h.queries {
        let _ = write!(s, "<h3><code>{}</code></h3>", esc(&q.query));
        match &q.notes {
            None => {
                s.push_str("<p class=\"empty\">Not a query: write NAME=VALUE, as for <code>wikilint props</code>.</p>")
            }
            Some(notes) => {
                let shown = &notes[..notes.len().min(MAX_QUERY_ROWS)];
                list(&mut s, shown, "No note matches.");
                more(&mut s, notes.len(), shown.len(), &format!("wikilint props {}", q.query));
            }
        }
    }
    s.push_str("</section>\n");
    s
}

/// What the totals leave out, and why: the difference between the vault's notes and `check`'s.
fn not_reported(s: &mut String, e: &Excluded) {
    s.push_str("<section id=\"not-reported\" class=\"aside\">");
    let total = e.total();
    if total == 0 {
        s.push_str("<p>Every note is reported on.</p></section>\n");
        return;
    }
    let mut reasons = Vec::new();
    if e.templates > 0 {
        let folder = e.templates_folder.as_deref().unwrap_or_default();
        reasons.push(format!("{} in the templates folder <code>{}</code>", e.templates, esc(folder)));
    }
    if e.exclude > 0 {
        reasons.push(format!("{} matched by <code>exclude</code> in wikilint.toml", e.exclude));
    }
    if e.ignore_filters > 0 {
        reasons.push(format!("{} in Obsidian’s excluded files (<code>userIgnoreFilters</code>)", e.ignore_filters));
    }
    let _ = write!(
        s,
        "<p>{} not reported on: {}. Their links still resolve, and links to them count, as in Obsidian.</p>",
        if total == 1 { "1 note is".to_string() } else { format!("{total} notes are") },
        reasons.join(", ")
    );
    s.push_str("<details><summary>Show them</summary>");
    list(s, &e.paths, "");
    more(s, total, e.paths.len(), "wikilint.toml and .obsidian/");
    s.push_str("</details></section>\n");
}

fn list(s: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = write!(s, "<p class=\"empty\">{empty}</p>");
        return;
    }
    s.push_str("<ul class=\"paths\">");
    for p in items {
        let _ = write!(s, "<li>{}</li>", esc(p));
    }
    s.push_str("</ul>");
}

fn more(s: &mut String, total: usize, shown: usize, command: &str) {
    if total > shown {
        let _ = write!(
            s,
            "<p class=\"hint\">… and {} more: <code>{}</code> lists them all.</p>",
            total - shown,
            esc(command)
        );
    }
}

/// Text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn health(texts: &[(&str, &str)]) -> Health {
        let vault = Vault::from_texts(Path::new("/vault"), texts);
        let index = VaultIndex::build(&vault);
        let config =
            Config::load(Path::new("/nonexistent-wikilint-test-root"), &Default::default(), crate::rules::catalog())
                .unwrap();
        let findings = crate::rules::check(&vault, &index, &config);
        let report = crate::report::CheckReport::new(&vault, &findings.diagnostics, &findings.missing, |_| true);
        let inputs = Inputs {
            vault: &vault,
            index: &index,
            config: &config,
            findings: &findings,
            missing: &findings.missing,
            totals: report.totals,
            queries: vec![],
        };
        let texts: HashMap<String, Vec<u8>> =
            texts.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect();
        Health::gather(inputs, |p| texts.get(p).cloned())
    }

    #[test]
    fn findings_carry_their_line_and_text_and_missing_notes_their_referrers() {
        let h = health(&[("A.md", "x\n[[B]] [[Gone]] [[gone]]"), ("B.md", "[[A]] [[Gone]]"), ("C.md", "")]);
        assert_eq!((h.totals.check.notes, h.totals.check.links, h.totals.orphans), (3, 5, 1));
        assert_eq!(h.paths, ["A.md", "B.md"]);
        let (path, line, col, _, _, _, text, _) = &h.findings[0];
        assert_eq!((*path, *line, *col, text.as_str()), (0, 2, 7, "[[Gone]]"));
        assert_eq!(h.missing[0].title, "Gone");
        let refs: Vec<_> = h.missing[0].refs.iter().map(|r| (r.0, r.1, r.3.as_str())).collect();
        assert_eq!(refs, [(0, 2, "[[Gone]]"), (0, 2, "[[gone]]"), (1, 1, "[[Gone]]")]);
        // The rules' order puts the most severe first, and each finding names its rule there.
        for f in &h.findings {
            assert!(h.rules[f.3].findings > 0);
        }
    }

    #[test]
    fn the_text_at_a_span_is_its_first_line_cut_short() {
        let span = |start, end| Span { start, end };
        assert_eq!(text_at(b"ab[[x]]cd", span(2, 7)), "[[x]]");
        assert_eq!(text_at(b"ab\r\ncd", span(0, 6)), "ab…");
        assert_eq!(text_at(b"ab", span(5, 9)), "");
        let long = "é".repeat(200);
        assert_eq!(text_at(long.as_bytes(), span(0, long.len())).chars().count(), MAX_TEXT_CHARS + 1);
        assert_eq!(text_at("é".as_bytes(), span(1, 2)), "\u{fffd}");
    }

    #[test]
    fn names_are_escaped_and_the_data_cannot_close_its_script() {
        let page = render(&health(&[("A.md", "[[</script><b>x]] [[{{data}}]]"), ("<i>.md", "")]));
        assert!(!page.contains("</script><b>"), "raw markup leaked into the page");
        assert!(page.contains("<li>&lt;i&gt;.md</li>"), "an orphan's name is text");
        assert!(page.contains("\\u003c/script>\\u003cb>x"), "the data keeps the name, escaped");
        assert!(!page.contains("{{title}}") && !page.contains("{{body}}"), "a placeholder was left");
        for fetch in ["src=", "href=\"http", "@import", "url(", "fetch(", "XMLHttpRequest"] {
            assert!(!page.contains(fetch), "the page must not fetch anything: {fetch}");
        }
    }
}
