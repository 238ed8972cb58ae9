//! The watcher's incremental check must always equal a fresh check of the tree as it is:
//! random sequences of creates, edits, renames and deletes (of notes, attachments and
//! folders) on a temp vault, applied through `LiveCheck::apply`, compared after each step:
//! the findings, and the index (where each link resolves, the missing notes and who links
//! to them).

use proptest::prelude::*;
use std::path::Path;
use wikilint::config::Config;
use wikilint::index::VaultIndex;
use wikilint::live::{LiveCheck, Sync};
use wikilint::rules::MissingNote;
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

/// A fresh full check of the tree as it is: its findings and its index.
fn fresh(root: &Path) -> (Vec<String>, Vec<String>) {
    let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let findings = wikilint::rules::check(&vault, &index, &config);
    (render(&findings.diagnostics), render_index(&vault, &index, &findings.missing))
}

/// The live check's findings and index, rendered as [`fresh`] renders them.
fn live_state(live: &LiveCheck) -> (Vec<String>, Vec<String>) {
    (render(&live.diagnostics()), render_index(&live.vault, &live.index, &live.missing()))
}

/// The index by path (the live check keeps the ids of deleted files, a fresh one does not):
/// for every link of every file, where it resolves (file, candidates, subpath); then every
/// missing note with its referrers.
fn render_index(vault: &Vault, index: &VaultIndex, missing: &[MissingNote]) -> Vec<String> {
    let path = |id: usize| vault.files[id].path.clone();
    let mut out = Vec::new();
    for id in vault.live_ids() {
        let Some(note) = vault.note(id) else { continue };
        assert_eq!(note.links.len(), index.targets[id].len(), "{}: one target per link", path(id));
        for (link, target) in note.links.iter().zip(&index.targets[id]) {
            let mut candidates: Vec<String> = target.resolution.candidates.iter().map(|&c| path(c)).collect();
            candidates.sort();
            out.push(format!(
                "link {}:{}:{} {} -> {:?} {:?} {:?}",
                path(id),
                link.loc.start.line,
                link.loc.start.col,
                link.original,
                target.resolution.file.map(path),
                candidates,
                target.subpath
            ));
        }
    }
    out.sort();
    let mut notes: Vec<String> = missing
        .iter()
        .map(|m| {
            let mut refs: Vec<String> = m
                .referrers
                .iter()
                .map(|r| {
                    format!(
                        "{}:{}:{} {:?} hidden={}",
                        path(r.file),
                        r.loc.start.line,
                        r.loc.start.col,
                        r.written,
                        r.hidden
                    )
                })
                .collect();
            refs.sort();
            format!("missing {} {:?} <- {refs:?}", m.key, m.title)
        })
        .collect();
    notes.sort();
    out.extend(notes);
    out
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
        let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
        let mut live = LiveCheck::new(root, config);
        prop_assert_eq!(live_state(&live), fresh(root));
        for batch in &steps {
            let mut synced = Vec::new();
            for op in batch {
                synced.extend(apply(root, op).into_iter().map(Sync));
            }
            live.apply(&synced);
            prop_assert_eq!(live_state(&live), fresh(root), "after {:?}", batch);
            // Everything changed was synced: a rescan of the whole vault finds nothing to
            // re-read (the stamps of what was read are up to date).
            let rescan = live.rescan();
            prop_assert_eq!(rescan.files_changed, 0, "after {:?}", batch);
            prop_assert!(rescan.new.is_empty() && rescan.resolved.is_empty() && rescan.changed.is_empty());
        }
    }
}

#[test]
fn delta_reports_new_and_resolved_findings() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[Lenin]]\n").unwrap();
    let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
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

#[test]
fn each_file_is_read_once_per_batch_and_folders_reread_only_what_changed() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("x")).unwrap();
    for i in 0..5 {
        std::fs::write(root.join(format!("x/N{i}.md")), format!("# N{i}\n")).unwrap();
    }
    let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
    let mut live = LiveCheck::new(root, config);
    // `git checkout` gives a create, a modify and a close-write per file, and the folder.
    std::fs::write(root.join("x/N0.md"), "# N0\n\n[[Gone]]\n").unwrap();
    std::fs::write(root.join("x/New.md"), "# New\n").unwrap();
    let events: Vec<Sync> =
        ["x/N0.md", "x/New.md", "x/N0.md", "x", "x/New.md", "x/N0.md"].into_iter().map(|p| Sync(p.into())).collect();
    let delta = live.apply(&events);
    assert_eq!(delta.files_changed, 2, "N0 and New, each once; the other four unchanged");
    assert_eq!(delta.new.len(), 2, "broken-link and missing-note: {:?}", delta.new);
    // A poll tick names the folder alone: nothing in it changed since.
    assert_eq!(live.apply(&[Sync("x".into())]).files_changed, 0);
    // A file whose events were lost is found by a rescan, and only it.
    std::fs::write(root.join("x/N3.md"), "# N3, longer now\n\n[[Gone]]\n").unwrap();
    std::fs::remove_file(root.join("x/N4.md")).unwrap();
    let delta = live.rescan();
    assert_eq!(delta.files_changed, 2, "N3 changed, N4 gone");
    assert_eq!(render(&live.diagnostics()), fresh(root).0);
}

#[test]
fn a_finding_whose_hint_alone_changed_is_changed_not_new_and_resolved() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("x")).unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin Vladimir]]\n").unwrap();
    std::fs::write(root.join("x/LeninVladimir.md"), "# Lenin\n").unwrap();
    std::fs::create_dir(root.join("y")).unwrap();
    std::fs::write(root.join("y/Lenin_Vladimir.md"), "# Lenin\n").unwrap();
    let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
    let mut live = LiveCheck::new(root, config);
    let hint = |live: &LiveCheck| live.diagnostics().iter().find(|d| d.name == "broken-link").unwrap().hint.clone();
    assert!(hint(&live).is_some_and(|h| h.contains("x/LeninVladimir")), "{:?}", hint(&live));
    // The folder with the first near miss is deleted: the link stays broken, the same kind of
    // mistake (a spelling), with a hint that names the other one now.
    std::fs::remove_dir_all(root.join("x")).unwrap();
    let delta = live.apply(&[Sync("x".into())]);
    assert!(hint(&live).is_some_and(|h| h.contains("y/Lenin_Vladimir")), "{:?}", hint(&live));
    let broken = |ds: &[wikilint::diagnostic::Diagnostic]| ds.iter().filter(|d| d.name == "broken-link").count();
    assert_eq!(broken(&delta.new), 0, "{:?}", delta.new);
    assert_eq!(broken(&delta.resolved), 0, "{:?}", delta.resolved);
    assert_eq!(broken(&delta.changed), 1, "{delta:?}");
    assert!(delta.changed[0].hint.as_deref().is_some_and(|h| h.contains("y/Lenin_Vladimir")), "{delta:?}");
}

/// macOS keeps names as the creating program wrote them, often NFD; the vault's paths are NFC.
/// A note created and edited under an NFD name is read, not taken for vanished.
#[test]
fn a_note_stored_under_an_nfd_name_is_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap();
    let mut live = LiveCheck::new(root, config);
    let nfd = "Le\u{301}nine.md";
    std::fs::write(root.join(nfd), "[[Ghost]]\n").unwrap();
    let delta = live.apply(&[Sync(nfd.into())]);
    let broken: Vec<&str> = delta.new.iter().filter(|d| d.name == "broken-link").map(|d| d.path.as_str()).collect();
    assert_eq!(broken, ["L\u{e9}nine.md"], "{:?}", delta.new);
    std::fs::write(root.join(nfd), "[[A]]\n").unwrap();
    let delta = live.apply(&[Sync(nfd.into())]);
    assert_eq!(delta.resolved.iter().filter(|d| d.name == "broken-link").count(), 1, "{:?}", delta.resolved);
}
