//! The watcher's engine (`LiveCheck`) agrees with a fresh `wikilint check` of the tree as it
//! is after each batch of changes: the findings as `check --format json` prints them, and its
//! totals. Each test is a case the incremental engine once got wrong.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use wikilint::config::Config;
use wikilint::live::{LiveCheck, Sync};

/// One finding as both sides print it: where, which rule, how bad, what it says, the hint.
fn line(path: &str, line: u64, column: u64, code: &str, severity: &str, message: &str, hint: Option<&str>) -> String {
    format!("{path}:{line}:{column} {severity} {code} {message} hint={hint:?}")
}

/// What a fresh `wikilint check --format json` says of the vault: its findings, and its totals
/// (errors, warnings, infos, missing notes).
fn fresh_check(root: &Path) -> (Vec<String>, [u64; 4]) {
    let out = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["check", "--format", "json"]).arg(root).output();
    let out = out.unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut findings: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            line(
                d["path"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["hint"].as_str(),
            )
        })
        .collect();
    findings.sort();
    let t = &v["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    (findings, [n("errors"), n("warnings"), n("infos"), n("missing_notes")])
}

/// The live check's findings and totals, as [`fresh_check`] has them.
fn live_state(live: &LiveCheck) -> (Vec<String>, [u64; 4]) {
    let mut findings: Vec<String> = live
        .diagnostics()
        .iter()
        .map(|d| {
            line(
                &d.path,
                u64::from(d.loc.start.line.max(1)),
                u64::from(d.loc.start.col.max(1)),
                d.code,
                d.severity.as_str(),
                &d.message,
                d.hint.as_deref(),
            )
        })
        .collect();
    findings.sort();
    let t = live.totals();
    (findings, [t.errors, t.warnings, t.infos, t.missing_notes].map(|n| n as u64))
}

fn start(root: &Path) -> LiveCheck {
    let live = LiveCheck::new(root, Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap());
    assert_eq!(live_state(&live), fresh_check(root), "at the start");
    live
}

fn sync(live: &mut LiveCheck, paths: &[&str]) {
    live.apply(&paths.iter().map(|p| Sync(p.to_string())).collect::<Vec<_>>());
}

/// A note replaced by a folder of the same name, and back, each within one batch: the
/// watcher hears of the path once (the debouncer merges the delete and the create, and drops
/// the deletes of a removed folder's children).
#[test]
fn a_file_replaced_by_a_folder_of_the_same_name_and_back() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[Inner]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let mut live = start(root);

    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    std::fs::create_dir(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md/Inner.md"), "[[Ghost]]\n").unwrap();
    sync(&mut live, &["Lenin.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "file -> folder");

    std::fs::remove_dir_all(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin again\n").unwrap();
    sync(&mut live, &["Lenin.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "folder -> file");
}

/// A folder under a symbolic link: `check` follows it, and so does the watcher.
#[cfg(unix)]
#[test]
fn a_symlinked_folder_created_later_is_read() {
    let outside = tempfile::TempDir::new().unwrap();
    std::fs::write(outside.path().join("Marx.md"), "[[Engels]]\n").unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Marx]]\n").unwrap();
    let mut live = start(root);
    std::os::unix::fs::symlink(outside.path(), root.join("Linked")).unwrap();
    sync(&mut live, &["Linked"]);
    assert_eq!(live_state(&live), fresh_check(root), "link created");
    std::fs::write(root.join("Linked/Engels.md"), "# Engels\n").unwrap();
    sync(&mut live, &["Linked/Engels.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "note created under it");
    std::fs::remove_file(root.join("Linked")).unwrap();
    sync(&mut live, &["Linked"]);
    assert_eq!(live_state(&live), fresh_check(root), "link removed");
}

/// A note whose file name is not valid UTF-8: `check` reads it (under its name with U+FFFD)
/// and says the name is bad; the watcher names it as `to_string_lossy` does.
#[cfg(target_os = "linux")]
#[test]
fn a_note_whose_name_is_not_utf8_is_read_and_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]]\n").unwrap();
    let mut live = start(root);
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.md");
    std::fs::write(root.join(name), "[[Ghost]]\n").unwrap();
    let lossy = name.to_string_lossy().into_owned();
    sync(&mut live, &[&lossy]);
    assert_eq!(live_state(&live), fresh_check(root), "created");
    std::fs::write(root.join(name), "[[A]]\n").unwrap();
    sync(&mut live, &[&lossy]);
    assert_eq!(live_state(&live), fresh_check(root), "edited");
    std::fs::remove_file(root.join(name)).unwrap();
    sync(&mut live, &[&lossy]);
    assert_eq!(live_state(&live), fresh_check(root), "deleted");

    // In a folder that appears whole (a `git checkout`, a move into the vault).
    std::fs::create_dir(root.join("x")).unwrap();
    std::fs::write(root.join("x").join(name), "[[Ghost]]\n").unwrap();
    sync(&mut live, &["x"]);
    assert_eq!(live_state(&live), fresh_check(root), "folder created");
    std::fs::remove_dir_all(root.join("x")).unwrap();
    sync(&mut live, &["x"]);
    assert_eq!(live_state(&live), fresh_check(root), "folder deleted");
}

/// `ignore = ["missing-note"]`: `check` counts no missing notes, and neither does the watcher.
#[test]
fn an_ignored_missing_note_rule_counts_no_missing_notes() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wikilint.toml"), "ignore = [\"missing-note\"]\n").unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin]]\n").unwrap();
    let mut live = start(root);
    std::fs::write(root.join("B.md"), "[[Stalin]]\n").unwrap();
    sync(&mut live, &["B.md"]);
    assert_eq!(live_state(&live), fresh_check(root));
}

/// `orphan-note` (off by default) is about the whole graph: a link written or removed anywhere
/// makes or unmakes an orphan elsewhere.
#[test]
fn orphans_follow_the_links() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wikilint.toml"), "select = [\"orphan-note\", \"broken-link\"]\n").unwrap();
    std::fs::write(root.join("A.md"), "[[B]]\n").unwrap();
    std::fs::write(root.join("B.md"), "# B\n").unwrap();
    let mut live = start(root);
    std::fs::write(root.join("A.md"), "no links now\n").unwrap();
    sync(&mut live, &["A.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "B is an orphan now");
    std::fs::write(root.join("C.md"), "[[A]] [[B]]\n").unwrap();
    sync(&mut live, &["C.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "C links both");
    std::fs::remove_file(root.join("C.md")).unwrap();
    sync(&mut live, &["C.md"]);
    assert_eq!(live_state(&live), fresh_check(root), "C deleted");
}

/// What `watch --create-stubs` counts to tell a link written while watching from one that was
/// there: the links to each target, in every file, follow every change as a fresh count would.
#[test]
fn link_counts_follow_the_changes() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wikilint.toml"), "exclude = [\"Drafts/**\"]\n").unwrap();
    std::fs::create_dir(root.join("Drafts")).unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[lenin.md]] [[People/Marx]] [[#Head]]\n").unwrap();
    std::fs::write(root.join("Drafts/B.md"), "[[Lenin]]\n").unwrap();
    let counts = |live: &LiveCheck| {
        let mut c: Vec<(String, usize)> = live.link_counts().map(|(k, n)| (k.to_string(), n)).collect();
        c.sort();
        c
    };
    let fresh = |root: &Path| {
        let mut live =
            LiveCheck::new(root, Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap());
        live.count_links();
        counts(&live)
    };
    let mut live = start(root);
    live.count_links();
    assert_eq!(counts(&live), [("lenin".to_string(), 3), ("people/marx".to_string(), 1)]);

    std::fs::write(root.join("C.md"), "[[Lenin]] [[Stalin]]\n").unwrap();
    live.apply(&[Sync("C.md".into())]);
    assert_eq!(counts(&live), fresh(root));
    std::fs::write(root.join("A.md"), "[[Lenin]] [[People/Marx]]\n").unwrap();
    let delta = live.apply(&[Sync("A.md".into())]);
    assert_eq!(delta.recounted, ["lenin"], "one link fewer; Marx unchanged");
    assert_eq!(counts(&live), fresh(root));
    std::fs::remove_dir_all(root.join("Drafts")).unwrap();
    std::fs::create_dir(root.join("Drafts")).unwrap();
    std::fs::write(root.join("Drafts/D.md"), "[[Stalin]]\n").unwrap();
    live.apply(&[Sync("Drafts".into())]);
    assert_eq!(counts(&live), fresh(root));
    let delta = live.apply(&[Sync("C.md".into())]);
    assert!(delta.recounted.is_empty(), "read again, same links: {:?}", delta.recounted);
}

/// In a git repository, a link to a note deleted since the last commit is an error for
/// `check` (a mistake, not a forward link); the watcher says the same, and the warning of a
/// forward link once the note was never committed.
#[test]
fn a_note_deleted_since_the_last_commit_is_an_error_for_the_watcher_too() {
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] and [[Trotsky]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(root)
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "one"]);
    let mut live = start(root);
    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    sync(&mut live, &["Lenin.md"]);
    let (findings, totals) = live_state(&live);
    assert_eq!((findings.clone(), totals), fresh_check(root), "after the deletion");
    assert!(findings.iter().any(|f| f.contains("error WL101") && f.contains("Lenin.md was deleted")), "{findings:?}");
    assert!(findings.iter().any(|f| f.contains("warning WL101") && f.contains("\"Trotsky\" yet")), "{findings:?}");
}

/// What the language server publishes per file (`findings_in`) is, file by file, what `check`
/// reports there, and what an editor's unsaved text (`set_overlay`) changes is what the same
/// text saved would: the seed vault, a link broken in a buffer, then the buffer dropped.
#[test]
fn findings_per_file_and_unsaved_text_agree_with_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/seed").as_path(), root);
    let per_file = |live: &LiveCheck| -> Vec<String> {
        let mut paths: Vec<String> = live.vault.live_ids().map(|id| live.vault.files[id].path.clone()).collect();
        paths.sort();
        let mut out: Vec<String> = paths
            .iter()
            .flat_map(|p| {
                live.findings_in(p)
                    .into_iter()
                    .map(|d| format!("{}:{} {} {}", d.path, d.loc.start.line, d.code, d.message))
            })
            .collect();
        out.sort();
        out
    };
    let all = |live: &LiveCheck| -> Vec<String> {
        let mut out: Vec<String> = live
            .diagnostics()
            .iter()
            .map(|d| format!("{}:{} {} {}", d.path, d.loc.start.line, d.code, d.message))
            .collect();
        out.sort();
        out
    };
    let mut live = start(root);
    assert!(!all(&live).is_empty());
    assert_eq!(per_file(&live), all(&live));
    let note = "Russia and Socialism.md";
    let text = std::fs::read_to_string(root.join(note)).unwrap();
    let unsaved = format!("{text}\nsee [[No Such Note Yet]] and [[Russia and Socialism#No Such Heading]]\n");
    live.set_overlay(note, Some(unsaved.clone()));
    assert_eq!(per_file(&live), all(&live));
    // The same text saved: a fresh check agrees with the live one.
    let saved = tempfile::tempdir().unwrap();
    copy_dir(root, saved.path());
    std::fs::write(saved.path().join(note), &unsaved).unwrap();
    assert_eq!(live_state(&live).0, fresh_check(saved.path()).0);
    live.set_overlay(note, None);
    assert_eq!(live_state(&live).0, fresh_check(root).0);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
