//! The graph in the formats other tools read: Graphviz DOT, JSON, GraphML. Each writes the
//! graph as built (its order is already deterministic) to any `Write`.

use super::model::{Graph, Node, NodeKind};
use serde::Serialize;
use std::io::{self, Write};

/// Graphviz DOT: `dot -Tsvg` renders it as is. Ids and labels are always quoted.
pub fn dot(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "digraph vault {{")?;
    writeln!(out, "  node [shape=box, style=rounded];")?;
    for n in &graph.nodes {
        let style = match n.kind {
            NodeKind::Note => "",
            NodeKind::Attachment => ", shape=note, style=\"\"",
            NodeKind::Missing => ", style=\"rounded,dashed\", color=gray50, fontcolor=gray40",
        };
        writeln!(out, "  {} [label={}, kind={}{style}];", dot_id(&n.id), dot_id(&n.label), n.kind.as_str())?;
    }
    for e in &graph.edges {
        let (s, t) = (&graph.nodes[e.source].id, &graph.nodes[e.target].id);
        let style = if graph.nodes[e.target].kind == NodeKind::Missing { ", style=dashed" } else { "" };
        writeln!(out, "  {} -> {} [weight={}{style}];", dot_id(s), dot_id(t), e.weight)?;
    }
    writeln!(out, "}}")
}

/// A quoted DOT string, for ids and labels alike. A backslash before the closing quote would
/// swallow it, and in a label (an escString) `\N`, `\l`… mean something, so every backslash is
/// doubled (a label shows it once; an id stays consistent across its uses). Line breaks are
/// written escaped so each statement keeps to one line.
fn dot_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{ "nodes": [{id, label, kind}], "edges": [{source, target, weight}] }`, edges by node id.
pub fn json(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct JsonEdge<'a> {
        source: &'a str,
        target: &'a str,
        weight: u32,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        nodes: &'a [Node],
        edges: Vec<JsonEdge<'a>>,
    }
    let edges = graph
        .edges
        .iter()
        .map(|e| JsonEdge { source: &graph.nodes[e.source].id, target: &graph.nodes[e.target].id, weight: e.weight })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &Doc { nodes: &graph.nodes, edges })?;
    writeln!(out)
}

/// GraphML with `label` and `kind` on nodes and `weight` on edges (Gephi, yEd, NetworkX,
/// Cytoscape read these keys).
pub fn graphml(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(out, r#"  <key id="label" for="node" attr.name="label" attr.type="string"/>"#)?;
    writeln!(out, r#"  <key id="kind" for="node" attr.name="kind" attr.type="string"/>"#)?;
    writeln!(out, r#"  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>"#)?;
    writeln!(out, r#"  <graph id="vault" edgedefault="directed">"#)?;
    for n in &graph.nodes {
        writeln!(
            out,
            r#"    <node id="{}"><data key="label">{}</data><data key="kind">{}</data></node>"#,
            xml(&n.id),
            xml(&n.label),
            n.kind.as_str()
        )?;
    }
    for e in &graph.edges {
        writeln!(
            out,
            r#"    <edge source="{}" target="{}"><data key="weight">{}</data></edge>"#,
            xml(&graph.nodes[e.source].id),
            xml(&graph.nodes[e.target].id),
            e.weight
        )?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// Text for an XML attribute or element. Characters XML 1.0 cannot hold at all (control
/// characters a file name may contain on Linux) become U+FFFD.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::model::Edge;

    fn graph() -> Graph {
        let node = |id: &str, label: &str, kind| Node { id: id.into(), label: label.into(), kind };
        Graph {
            nodes: vec![
                node("a \"q\".md", "a \"q\"", NodeKind::Note),
                node("b\\x<&>.png", "b\\x<&>.png", NodeKind::Attachment),
                node("missing:lenin", "Lenin", NodeKind::Missing),
            ],
            edges: vec![Edge { source: 0, target: 1, weight: 2 }, Edge { source: 0, target: 2, weight: 1 }],
        }
    }

    #[test]
    fn dot_quotes_and_escapes() {
        let mut out = Vec::new();
        dot(&graph(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#""a \"q\".md" [label="a \"q\"", kind=note];"#), "{s}");
        assert!(s.contains(r#""a \"q\".md" -> "b\\x<&>.png" [weight=2];"#), "{s}");
        assert!(s.contains(r#"-> "missing:lenin" [weight=1, style=dashed];"#), "{s}");
    }

    #[test]
    fn graphml_escapes_markup_and_control_characters() {
        assert_eq!(xml("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}");
        let mut out = Vec::new();
        graphml(&graph(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(
            r#"<edge source="a &quot;q&quot;.md" target="b\x&lt;&amp;&gt;.png"><data key="weight">2</data>"#
        ));
    }
}
