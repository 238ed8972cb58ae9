//! The vault's health as one self-contained HTML page (`wikilint report --html`): the tables
//! are written here as static HTML (readable without JavaScript), the graph around the missing
//! notes is drawn by the page's own inline script from the JSON embedded beside it. Nothing is
//! fetched when the page is viewed.

use super::model::{Edge, Node, NodeKind, orphans};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::index::{FileId, VaultIndex};
use crate::rules::Findings;
use crate::vault::Vault;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("report.html");

/// Rows beyond these are counted, not listed: the page stays small on a 100 000-note vault
/// (`wikilint stubs` and `wikilint orphans` list everything).
const MAX_MISSING_ROWS: usize = 500;
const MAX_ORPHAN_ROWS: usize = 1000;
const MAX_QUERY_ROWS: usize = 1000;
/// The graph shows the most linked missing notes and, for each, the first notes linking to it.
const GRAPH_MISSING: usize = 30;
const GRAPH_REFERRERS: usize = 12;

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub notes: usize,
    pub attachments: usize,
    pub links: usize,
    pub broken_links: usize,
    pub missing_notes: usize,
    pub orphans: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub findings: usize,
}

#[derive(Debug, Serialize)]
pub struct MissingRow {
    pub title: String,
    pub links: usize,
    pub notes: usize,
    pub attachment: bool,
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
    pub totals: Totals,
    pub rules: Vec<RuleCount>,
    /// Most linked first, at most `MAX_MISSING_ROWS`.
    pub missing: Vec<MissingRow>,
    pub orphans: Vec<String>,
    pub queries: Vec<QueryResult>,
    /// The most linked missing notes and the notes around them.
    pub graph_nodes: Vec<Node>,
    pub graph_edges: Vec<Edge>,
}

impl Health {
    pub fn gather(
        vault: &Vault,
        index: &VaultIndex,
        config: &Config,
        findings: &Findings,
        queries: Vec<QueryResult>,
    ) -> Health {
        let mut totals = Totals::default();
        for id in vault.live_ids() {
            if vault.files[id].is_note {
                totals.notes += 1;
            } else {
                totals.attachments += 1;
            }
            totals.links += index.targets[id].len();
            totals.broken_links += index.targets[id].iter().filter(|t| t.resolution.file.is_none()).count();
        }
        let mut by_rule: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
        for d in &findings.diagnostics {
            match d.severity {
                Severity::Error => totals.errors += 1,
                Severity::Warning => totals.warnings += 1,
                Severity::Info => totals.infos += 1,
            }
            by_rule
                .entry(d.code)
                .or_insert(RuleCount { code: d.code, name: d.name, severity: d.severity, findings: 0 })
                .findings += 1;
        }
        let mut rules: Vec<RuleCount> = by_rule.into_values().collect();
        rules.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.findings.cmp(&a.findings)).then(a.code.cmp(b.code)));
        totals.missing_notes = findings.missing.len();
        let orphan_ids = orphans(vault, index, |p| config.is_reported(p));
        totals.orphans = orphan_ids.len();
        let missing = findings
            .missing
            .iter()
            .take(MAX_MISSING_ROWS)
            .map(|m| MissingRow {
                title: m.title.clone(),
                links: m.referrers.len(),
                notes: m.notes(),
                attachment: m.attachment,
            })
            .collect();
        let (graph_nodes, graph_edges) = around_missing(vault, index, findings);
        Health {
            vault: vault
                .root
                .file_name()
                .map_or_else(|| vault.root.display().to_string(), |n| n.to_string_lossy().into()),
            totals,
            rules,
            missing,
            orphans: orphan_ids.iter().take(MAX_ORPHAN_ROWS).map(|&id| vault.files[id].path.clone()).collect(),
            queries,
            graph_nodes,
            graph_edges,
        }
    }
}

/// The most linked missing notes, the notes linking to them, and every link among those.
fn around_missing(vault: &Vault, index: &VaultIndex, findings: &Findings) -> (Vec<Node>, Vec<Edge>) {
    let top = &findings.missing[..findings.missing.len().min(GRAPH_MISSING)];
    let mut notes: Vec<FileId> = Vec::new();
    for m in top {
        let mut files: Vec<FileId> = m.referrers.iter().map(|r| r.file).collect();
        files.dedup();
        notes.extend(files.into_iter().take(GRAPH_REFERRERS));
    }
    notes.sort_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path));
    notes.dedup();
    let position: HashMap<FileId, usize> = notes.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut nodes: Vec<Node> = notes
        .iter()
        .map(|&id| {
            let path = &vault.files[id].path;
            let name = path.rsplit('/').next().unwrap_or(path);
            let kind = if vault.files[id].is_note { NodeKind::Note } else { NodeKind::Attachment };
            Node { id: path.clone(), label: name.strip_suffix(".md").unwrap_or(name).to_string(), kind }
        })
        .collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &id in &notes {
        for t in &index.targets[id] {
            if let Some(&to) = t.resolution.file.filter(|&f| f != id).and_then(|f| position.get(&f)) {
                pairs.push((position[&id], to));
            }
        }
    }
    for m in top {
        let to = nodes.len();
        nodes.push(Node {
            id: format!("{}{}", super::model::MISSING_PREFIX, m.key),
            label: m.title.clone(),
            kind: NodeKind::Missing,
        });
        pairs.extend(m.referrers.iter().filter_map(|r| position.get(&r.file)).map(|&from| (from, to)));
    }
    pairs.sort_unstable();
    let mut edges: Vec<Edge> = Vec::new();
    for (source, target) in pairs {
        match edges.last_mut() {
            Some(e) if e.source == source && e.target == target => e.weight += 1,
            _ => edges.push(Edge { source, target, weight: 1 }),
        }
    }
    (nodes, edges)
}

/// The page: the template with the vault's name, the static sections and the graph data.
pub fn render(health: &Health) -> String {
    let data = serde_json::json!({ "nodes": health.graph_nodes, "edges": health.graph_edges, "totals": health.totals });
    // `<` never appears in JSON outside strings, so escaping it there keeps `</script>` out.
    let data = data.to_string().replace('<', "\\u003c");
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
    let t = &h.totals;
    let mut s = String::new();
    let _ = write!(s, "<h1>{}</h1>\n<section id=\"totals\"><h2>Totals</h2><dl class=\"cards\">", esc(&h.vault));
    let cards = [
        ("notes", "notes", t.notes),
        ("attachments", "attachments", t.attachments),
        ("links", "links", t.links),
        ("broken-links", "unresolved links", t.broken_links),
        ("missing-notes", "missing notes", t.missing_notes),
        ("orphans", "orphans", t.orphans),
        ("errors", "errors", t.errors),
        ("warnings", "warnings", t.warnings),
        ("infos", "infos", t.infos),
    ];
    for (id, label, n) in cards {
        let _ = write!(s, "<div class=\"card {id}\"><dt>{label}</dt><dd id=\"total-{id}\">{n}</dd></div>");
    }
    s.push_str("</dl></section>\n");

    s.push_str("<section id=\"rules\"><h2>Findings by rule</h2>");
    if h.rules.is_empty() {
        s.push_str("<p class=\"empty\">No findings.</p>");
    } else {
        s.push_str("<table><thead><tr><th>code</th><th>rule</th><th>severity</th><th class=\"n\">findings</th></tr></thead><tbody>");
        for r in &h.rules {
            let sev = r.severity.as_str();
            let _ = write!(
                s,
                "<tr><td>{}</td><td><code>{}</code></td><td><span class=\"sev {sev}\">{sev}</span></td><td class=\"n\">{}</td></tr>",
                r.code, r.name, r.findings
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");

    s.push_str("<section id=\"graph-section\"><h2>Around the missing notes</h2>");
    if h.graph_nodes.is_empty() {
        s.push_str("<p class=\"empty\">No missing notes.</p>");
    } else {
        let shown = h.graph_nodes.iter().filter(|n| n.kind == NodeKind::Missing).count();
        let _ = write!(
            s,
            "<p class=\"hint\">The {shown} most linked missing notes (dashed) and the notes linking to them. Click a node to see its links.</p>\
             <div class=\"graph-wrap\"><div id=\"graph\"><noscript>The graph needs JavaScript.</noscript></div><aside id=\"graph-info\"><p class=\"hint\">Nothing selected.</p></aside></div>"
        );
    }
    s.push_str("</section>\n");

    s.push_str("<section id=\"missing\"><h2>Missing notes</h2>");
    if h.missing.is_empty() {
        s.push_str("<p class=\"empty\">None: every link resolves.</p>");
    } else {
        s.push_str("<input id=\"missing-filter\" type=\"search\" placeholder=\"Filter\" aria-label=\"Filter the missing notes\">");
        s.push_str("<table id=\"missing-table\"><thead><tr><th class=\"n\">#</th><th>missing note</th><th class=\"n\">links</th><th class=\"n\">notes</th></tr></thead><tbody>");
        for (i, m) in h.missing.iter().enumerate() {
            let what = if m.attachment { " <span class=\"tag\">attachment</span>" } else { "" };
            let _ = write!(
                s,
                "<tr data-title=\"{}\"><td class=\"n\">{}</td><td>{}{what}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&m.title.to_lowercase()),
                i + 1,
                esc(&m.title),
                m.links,
                m.notes
            );
        }
        s.push_str("</tbody></table>");
        more(&mut s, t.missing_notes, h.missing.len(), "wikilint stubs");
    }
    s.push_str("</section>\n");

    s.push_str("<section id=\"orphans\"><h2>Orphans</h2><p class=\"hint\">Notes no other note links to.</p>");
    list(&mut s, &h.orphans, "None: every note is linked from another.");
    more(&mut s, t.orphans, h.orphans.len(), "wikilint orphans");
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
        let config = Config::load(Path::new("/nonexistent-wikilint-test-root"), &Default::default()).unwrap();
        let findings = crate::rules::check(&vault, &index, &config);
        Health::gather(&vault, &index, &config, &findings, vec![])
    }

    #[test]
    fn totals_and_the_graph_around_missing_notes() {
        let h = health(&[("A.md", "[[B]] [[Gone]] [[gone]]"), ("B.md", "[[A]] [[Gone]]"), ("C.md", ""), ("p.png", "")]);
        assert_eq!((h.totals.notes, h.totals.attachments, h.totals.links, h.totals.broken_links), (3, 1, 5, 3));
        assert_eq!((h.totals.missing_notes, h.totals.orphans), (1, 1));
        assert_eq!(h.orphans, ["C.md"]);
        let ids: Vec<_> = h.graph_nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["A.md", "B.md", "missing:gone"]);
        let edges: Vec<_> = h.graph_edges.iter().map(|e| (e.source, e.target, e.weight)).collect();
        assert_eq!(edges, [(0, 1, 1), (0, 2, 2), (1, 0, 1), (1, 2, 1)]);
    }

    #[test]
    fn names_are_escaped_and_the_data_cannot_close_its_script() {
        let page = render(&health(&[("A.md", "[[</script><b>x]] [[{{data}}]]")]));
        assert!(page.contains("<td>{{data}}</td>"), "a placeholder in a note name is text");
        assert!(!page.contains("</script><b>"), "raw markup leaked into the page");
        assert!(page.contains("&lt;/script&gt;&lt;b&gt;x"));
        assert!(!page.contains("{{title}}") && !page.contains("{{body}}"), "a placeholder was left");
        for fetch in ["src=", "href=\"http", "@import", "url(", "fetch(", "XMLHttpRequest"] {
            assert!(!page.contains(fetch), "the page must not fetch anything: {fetch}");
        }
    }
}
