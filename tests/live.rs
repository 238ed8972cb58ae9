//! The watcher's incremental check must always equal a fresh check of the tree as it is:
//! random sequences of creates, edits, renames and deletes (of notes, attachments and
//! folders) on a temp vault, applied through `LiveCheck::apply`, compared after each step.

use proptest::prelude::*;
use std::path::Path;
use wikilint::config::Config;
use wikilint::index::VaultIndex;
use wikilint::live::{LiveCheck, Sync};
use wikilint::vault::Vault;

const PATHS: &[&str] =
    &["A.md", "B.md", "x/A.md", "x/Dup.md", "y/Dup.md", "y/z/c.md", "pic.png", "x/pic.png", "Café.md"];
const LINKS: &[&str] = &[
    "[[A]]",
    "[[a]]",
    "[[B#Head]]",
    "[[Dup]]",
    "[[x/Dup]]",
    "[[c#^blk]]",
    "![[pic.png]]",
    "![[pic]]",
    "[[Missing]]",
    "[[missing]]",
    "[[Alias One]]",
    "[[#Head]]",
    "[t](B.md#Other)",
    "[[cafe]]",
    "[[Café]]",
];
const BODIES: &[&str] = &[
    "# Head\n\ntext ^blk\n",
    "---\nauthor:\nrating: WIP \n---\n> [!weird] x\n",
    "---\naliases: [Alias One]\n---\n## Other\n",
    "no headings\n",
    "",
];

#[derive(Debug, Clone)]
enum Op {
    Write { path: usize, body: usize, links: Vec<usize> },
    Delete { path: usize },
    Rename { from: usize, to: usize },
    RenameFolder { from: bool },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..PATHS.len(), 0..BODIES.len(), proptest::collection::vec(0..LINKS.len(), 0..4))
            .prop_map(|(path, body, links)| Op::Write { path, body, links }),
        1 => (0..PATHS.len()).prop_map(|path| Op::Delete { path }),
        1 => (0..PATHS.len(), 0..PATHS.len()).prop_map(|(from, to)| Op::Rename { from, to }),
        1 => any::<bool>().prop_map(|from| Op::RenameFolder { from }),
    ]
}

fn fresh(root: &Path) -> Vec<String> {
    let config = Config::load(root, &Default::default()).unwrap();
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    render(&wikilint::rules::check(&vault, &index, &config).diagnostics)
}

fn render(diags: &[wikilint::diagnostic::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {:?} {} {} {:?}",
                d.path, d.loc.start.line, d.loc.start.col, d.severity, d.name, d.message, d.hint
            )
        })
        .collect()
}

/// Applies one operation on disk; returns the paths the watcher would report.
fn apply(root: &Path, op: &Op) -> Vec<String> {
    let write = |p: &str, text: &str| {
        let abs = root.join(p);
        std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
        std::fs::write(abs, text).unwrap();
    };
    match op {
        Op::Write { path, body, links } => {
            let p = PATHS[*path];
            let text = if p.ends_with(".md") {
                let links: Vec<&str> = links.iter().map(|&l| LINKS[l]).collect();
                format!("{}\n{}\n", BODIES[*body], links.join(" "))
            } else {
                "PNG".to_string()
            };
            write(p, &text);
            vec![p.to_string()]
        }
        Op::Delete { path } => {
            let _ = std::fs::remove_file(root.join(PATHS[*path]));
            vec![PATHS[*path].to_string()]
        }
        Op::Rename { from, to } => {
            let (f, t) = (PATHS[*from], PATHS[*to]);
            if root.join(f).is_file() && f != t {
                std::fs::create_dir_all(root.join(t).parent().unwrap()).unwrap();
                std::fs::rename(root.join(f), root.join(t)).unwrap();
            }
            vec![f.to_string(), t.to_string()]
        }
        Op::RenameFolder { from } => {
            let (f, t) = if *from { ("x", "w") } else { ("w", "x") };
            if root.join(f).is_dir() && !root.join(t).exists() {
                std::fs::rename(root.join(f), root.join(t)).unwrap();
            }
            vec![f.to_string(), t.to_string()]
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(initial in proptest::collection::vec(op(), 0..6), steps in proptest::collection::vec(proptest::collection::vec(op(), 1..4), 1..8)) {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".obsidian")).unwrap();
        for op in &initial {
            apply(root, op);
        }
        let config = Config::load(root, &Default::default()).unwrap();
        let mut live = LiveCheck::new(root, config);
        prop_assert_eq!(render(&live.diagnostics()), fresh(root));
        for batch in &steps {
            let mut synced = Vec::new();
            for op in batch {
                synced.extend(apply(root, op).into_iter().map(Sync));
            }
            live.apply(&synced);
            prop_assert_eq!(render(&live.diagnostics()), fresh(root), "after {:?}", batch);
        }
    }
}

#[test]
fn delta_reports_new_and_resolved_findings() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[Lenin]]\n").unwrap();
    let config = Config::load(root, &Default::default()).unwrap();
    let mut live = LiveCheck::new(root, config);
    assert!(live.diagnostics().iter().any(|d| d.name == "broken-link"));
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let delta = live.apply(&[Sync("Lenin.md".into())]);
    assert_eq!(delta.resolved.iter().filter(|d| d.name == "broken-link").count(), 2);
    assert!(delta.new.is_empty(), "{:?}", delta.new);
    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    let delta = live.apply(&[Sync("Lenin.md".into())]);
    assert_eq!(delta.new.iter().filter(|d| d.name == "broken-link").count(), 2);
}
