//! The link graph as data: which file links to which and how often, the notes nothing links
//! to, and the links into one note. Everything here reads the index's resolutions; nothing
//! resolves a link again.
//!
//! A note's links to itself (`[[#Heading]]`, or its own name) are left out everywhere: they
//! are navigation inside the note, not a connection between notes (Obsidian's graph shows no
//! loops and its backlinks pane lists other notes). Links inside ```` ```ad- ```` blocks count:
//! they render and can be clicked, so the note they point at is not an orphan.

use crate::index::{FileId, VaultIndex};
use crate::rules::MissingNote;
use crate::vault::Vault;
use serde::Serialize;
use std::collections::HashMap;

/// One link into a note: the linking file and the position of the link in its `Note::links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    pub source: FileId,
    pub link: usize,
}

/// Every link into `target` from another file (notes and canvases), in path order, then in
/// the order the links appear in their note.
pub fn backlinks(vault: &Vault, index: &VaultIndex, target: FileId) -> Vec<Backlink> {
    let mut out: Vec<Backlink> = vault
        .notes()
        .filter(|&(source, _)| source != target)
        .flat_map(|(source, _)| {
            index.targets[source]
                .iter()
                .enumerate()
                .filter(|(_, t)| t.resolution.file == Some(target))
                .map(move |(link, _)| Backlink { source, link })
        })
        .collect();
    out.sort_by(|a, b| vault.files[a.source].path.cmp(&vault.files[b.source].path).then(a.link.cmp(&b.link)));
    out
}

/// Per file, whether another file links to it (any kind of link: embeds, properties and
/// canvas cards count).
pub fn linked_from_elsewhere(vault: &Vault, index: &VaultIndex) -> Vec<bool> {
    let mut linked = vec![false; vault.files.len()];
    for (source, _) in vault.notes() {
        for t in &index.targets[source] {
            if let Some(f) = t.resolution.file.filter(|&f| f != source) {
                linked[f] = true;
            }
        }
    }
    linked
}

/// The Markdown notes no other file links to, among those `reported` accepts, in path order.
/// Links from files that are not reported on (excluded, templates) still count: the link is
/// there, only its own findings are not shown.
pub fn orphans(vault: &Vault, index: &VaultIndex, reported: impl Fn(&str) -> bool) -> Vec<FileId> {
    let linked = linked_from_elsewhere(vault, index);
    let mut out: Vec<FileId> = vault
        .live_ids()
        .filter(|&id| vault.files[id].is_note && !linked[id] && reported(&vault.files[id].path))
        .collect();
    out.sort_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path));
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Note,
    Attachment,
    /// A link target no file satisfies (a missing note or attachment).
    Missing,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Note => "note",
            NodeKind::Attachment => "attachment",
            NodeKind::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// A file's vault path, or `missing:` and the case-folded target of a missing note.
    pub id: String,
    /// A note's name without `.md`, an attachment's file name, a missing note's most used casing.
    pub label: String,
    pub kind: NodeKind,
}

/// `weight` links from `source` to `target` (indices into `Graph::nodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub source: usize,
    pub target: usize,
    pub weight: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphOptions {
    /// Add the missing notes as nodes, with the links to them.
    pub include_missing: bool,
    pub attachments: bool,
}

/// Nodes in path order (missing notes after the files, by target), edges by source then
/// target: the same vault always gives the same bytes.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

pub const MISSING_PREFIX: &str = "missing:";

impl Graph {
    /// `missing` is `rules::missing_notes(...)`: the missing notes as `check` counts them.
    pub fn build(vault: &Vault, index: &VaultIndex, missing: &[MissingNote], options: GraphOptions) -> Graph {
        let mut ids: Vec<FileId> = vault.live_ids().collect();
        ids.sort_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path));
        let mut node_of: Vec<Option<u32>> = vec![None; vault.files.len()];
        let mut nodes = Vec::with_capacity(ids.len());
        for id in ids {
            let file = &vault.files[id];
            if !file.is_note && !options.attachments {
                continue;
            }
            node_of[id] = Some(nodes.len() as u32);
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            nodes.push(Node {
                id: file.path.clone(),
                label: name.strip_suffix(".md").filter(|_| file.is_note).unwrap_or(name).to_string(),
                kind: if file.is_note { NodeKind::Note } else { NodeKind::Attachment },
            });
        }
        // Each link as a (source node, target node) pair; sorting groups the pairs into weights.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (source, _) in vault.notes() {
            let Some(from) = node_of[source] else { continue };
            for t in &index.targets[source] {
                if let Some(to) = t.resolution.file.filter(|&f| f != source).and_then(|f| node_of[f]) {
                    pairs.push((from, to));
                }
            }
        }
        if options.include_missing {
            let mut missing: Vec<&MissingNote> =
                missing.iter().filter(|m| options.attachments || !m.attachment).collect();
            missing.sort_by(|a, b| a.key.cmp(&b.key));
            for m in missing {
                let to = nodes.len() as u32;
                nodes.push(Node {
                    id: format!("{MISSING_PREFIX}{}", m.key),
                    label: m.title.clone(),
                    kind: NodeKind::Missing,
                });
                pairs.extend(m.referrers.iter().filter_map(|r| node_of[r.file]).map(|from| (from, to)));
            }
        }
        pairs.sort_unstable();
        let mut edges: Vec<Edge> = Vec::new();
        for (from, to) in pairs {
            match edges.last_mut() {
                Some(e) if e.source == from as usize && e.target == to as usize => e.weight += 1,
                _ => edges.push(Edge { source: from as usize, target: to as usize, weight: 1 }),
            }
        }
        Graph { nodes, edges }
    }

    /// Node index by id.
    pub fn position(&self) -> HashMap<&str, usize> {
        self.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::missing_notes;
    use std::path::Path;

    fn vault(texts: &[(&str, &str)]) -> (Vault, VaultIndex) {
        let vault = Vault::from_texts(Path::new("/vault"), texts);
        let index = VaultIndex::build(&vault);
        (vault, index)
    }

    fn paths(vault: &Vault, ids: &[FileId]) -> Vec<String> {
        ids.iter().map(|&i| vault.files[i].path.clone()).collect()
    }

    #[test]
    fn self_links_do_not_rescue_an_orphan_but_embeds_properties_and_canvases_do() {
        let (v, i) = vault(&[
            ("Alone.md", "[[Alone]] and [[#Top]]\n# Top"),
            ("Embedded.md", ""),
            ("Property.md", ""),
            ("Carded.md", ""),
            ("Hub.md", "---\nup: \"[[Property]]\"\n---\n![[Embedded]]"),
            (
                "Board.canvas",
                r#"{"nodes":[{"id":"1","type":"file","file":"Carded.md","x":0,"y":0,"width":1,"height":1}]}"#,
            ),
        ]);
        assert_eq!(paths(&v, &orphans(&v, &i, |_| true)), ["Alone.md", "Hub.md"]);
        assert_eq!(paths(&v, &orphans(&v, &i, |p| p != "Hub.md")), ["Alone.md"]);
    }

    #[test]
    fn backlinks_are_other_files_links_in_path_order() {
        let (v, i) = vault(&[("T.md", "[[T]]"), ("b.md", "[[T]] [[t#x]]"), ("a.md", "![[T]]")]);
        let t = v.files.iter().position(|f| f.path == "T.md").unwrap();
        let got: Vec<_> = backlinks(&v, &i, t).iter().map(|b| (v.files[b.source].path.as_str(), b.link)).collect();
        assert_eq!(got, [("a.md", 0), ("b.md", 0), ("b.md", 1)]);
    }

    #[test]
    fn edges_are_weighted_and_missing_notes_optional() {
        let (v, i) =
            vault(&[("A.md", "[[B]] [[B]] [[Gone]] ![[pic.png]] [[A]]"), ("B.md", "[[gone]]"), ("pic.png", "")]);
        let missing = missing_notes(&v, &i, |_| true);
        let g = Graph::build(&v, &i, &missing, GraphOptions { include_missing: false, attachments: true });
        let ids: Vec<_> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["A.md", "B.md", "pic.png"]);
        assert_eq!(g.edges, [Edge { source: 0, target: 1, weight: 2 }, Edge { source: 0, target: 2, weight: 1 }]);

        let g = Graph::build(&v, &i, &missing, GraphOptions { include_missing: true, attachments: false });
        let ids: Vec<_> = g.nodes.iter().map(|n| (n.id.as_str(), n.label.as_str(), n.kind)).collect();
        assert_eq!(
            ids,
            [("A.md", "A", NodeKind::Note), ("B.md", "B", NodeKind::Note), ("missing:gone", "Gone", NodeKind::Missing)]
        );
        assert_eq!(
            g.edges,
            [
                Edge { source: 0, target: 1, weight: 2 },
                Edge { source: 0, target: 2, weight: 1 },
                Edge { source: 1, target: 2, weight: 1 }
            ]
        );
    }
}
