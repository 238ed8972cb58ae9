//! End to end: the real `wikilint watch --format json`, edited while it runs. Its findings
//! (the initial batch with every later batch's new, resolved and changed applied) and its
//! totals must equal a fresh `wikilint check --format json` once the changes settle; and
//! it reloads only for the settings `check` reads.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a change may take to show; a pass is much quicker, only a failure waits this long.
const PATIENCE: Duration = Duration::from_secs(20);

/// One finding without its hint, as both commands print it.
fn key(d: &Value) -> String {
    let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
    format!("{}:{}:{} {} {} {}", s("path"), d["line"], d["column"], s("severity"), s("code"), s("message"))
}

fn hint(d: &Value) -> Option<String> {
    d["hint"].as_str().map(String::from)
}

/// What `wikilint check --format json` says now: its findings (sorted, hint appended) and
/// totals (errors, warnings, infos, missing notes).
fn fresh_check(root: &Path) -> (Vec<String>, Vec<u64>) {
    let out = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["check", "--format", "json"]).arg(root).output();
    let out = out.unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut findings: Vec<String> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| format!("{} hint={:?}", key(d), hint(d))).collect();
    findings.sort();
    (findings, totals(&v["totals"]))
}

fn totals(t: &Value) -> Vec<u64> {
    ["errors", "warnings", "infos", "missing_notes"].iter().map(|k| t[*k].as_u64().unwrap()).collect()
}

/// A running `wikilint watch --format json`, and what its batches add up to.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    findings: Vec<(String, Option<String>)>,
    totals: Vec<u64>,
    /// Every batch seen, for the failure messages and the tests that look at them.
    batches: Vec<Value>,
}

impl Watch {
    fn start(root: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
            .args(["watch", "--format", "json", "--debounce", "50"])
            .args(args)
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut w = Watch { child, lines, findings: Vec::new(), totals: Vec::new(), batches: Vec::new() };
        let first = w.next(PATIENCE).expect("the initial batch");
        assert_eq!(first["initial"], true, "{first}");
        assert_eq!(w.state(), fresh_check(root), "at the start");
        // Changes made at once would be in the same second as the initial read.
        std::thread::sleep(Duration::from_millis(300));
        w
    }

    /// The next batch within `wait`, taken into the state (other lines are returned as they are).
    fn next(&mut self, wait: Duration) -> Option<Value> {
        let line = self.lines.recv_timeout(wait).ok()?;
        let v: Value = serde_json::from_str(&line).unwrap();
        if v.get("totals").is_some() {
            for d in v["resolved"].as_array().unwrap() {
                let at = self.findings.iter().position(|(k, h)| *k == key(d) && *h == hint(d));
                self.findings.remove(at.unwrap_or_else(|| panic!("resolved but never seen: {d}")));
            }
            for d in v["changed"].as_array().unwrap() {
                let at = self.findings.iter().position(|(k, _)| *k == key(d));
                self.findings[at.unwrap_or_else(|| panic!("changed but never seen: {d}"))].1 = hint(d);
            }
            for d in v["new"].as_array().unwrap() {
                self.findings.push((key(d), hint(d)));
            }
            self.totals = totals(&v["totals"]);
        }
        self.batches.push(v.clone());
        Some(v)
    }

    fn state(&self) -> (Vec<String>, Vec<u64>) {
        let mut findings: Vec<String> = self.findings.iter().map(|(k, h)| format!("{k} hint={h:?}")).collect();
        findings.sort();
        (findings, self.totals.clone())
    }

    /// Waits until the watcher's findings and totals equal a fresh check's, and stay so for a
    /// second (a late batch with a ghost would undo it). Fails after [`PATIENCE`].
    fn agrees_with_check(&mut self, root: &Path, what: &str) {
        let expected = fresh_check(root);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.state() == expected {
                match self.next(Duration::from_secs(1)) {
                    None => return,
                    Some(_) => continue,
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.next(left).is_none() {
                let (found, totals) = self.state();
                panic!(
                    "{what}: the watcher does not agree with check\n watcher: {found:#?} {totals:?}\n   check: {:#?} {:?}\n batches: {:#?}",
                    expected.0, expected.1, self.batches
                );
            }
        }
    }

    fn stop(mut self) {
        let ok = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap().success();
        assert!(ok);
        assert_eq!(self.child.wait().unwrap().code(), Some(0));
    }
}

fn vault() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join(".obsidian")).unwrap();
    dir
}

/// A note replaced by a folder of the same name within one debounce window, and back: the
/// debouncer hands over one event for the path (and drops the deletes of the folder's notes).
#[test]
fn a_file_swapped_with_a_folder_of_the_same_name_leaves_no_ghost() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[Inner]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let mut watch = Watch::start(root, &[]);

    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    std::fs::create_dir(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md/Inner.md"), "[[Ghost]]\n").unwrap();
    watch.agrees_with_check(root, "file -> folder");

    std::fs::remove_dir_all(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin again\n").unwrap();
    watch.agrees_with_check(root, "folder -> file");
    watch.stop();
}

/// A symbolic link to a folder outside the vault, made while watching: `check` follows it, so
/// the watcher reads what is under it, and what is written there later.
#[cfg(unix)]
#[test]
fn notes_under_a_symlinked_folder_made_while_watching_are_read() {
    let outside = tempfile::TempDir::new().unwrap();
    std::fs::write(outside.path().join("Marx.md"), "[[Engels]]\n").unwrap();
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Marx]]\n").unwrap();
    let mut watch = Watch::start(root, &[]);

    std::os::unix::fs::symlink(outside.path(), root.join("Linked")).unwrap();
    watch.agrees_with_check(root, "link made");
    std::fs::write(root.join("Linked/Engels.md"), "# Engels\n\n[[Bebel]]\n").unwrap();
    watch.agrees_with_check(root, "note written under it");
    std::fs::write(outside.path().join("Bebel.md"), "# Bebel\n").unwrap();
    watch.agrees_with_check(root, "note written in the folder it points to");
    std::fs::remove_file(root.join("Linked")).unwrap();
    watch.agrees_with_check(root, "link removed");
    watch.stop();
}

/// A note whose file name is not valid UTF-8: `check` reads it and says its name is bad.
#[cfg(target_os = "linux")]
#[test]
fn a_note_whose_name_is_not_utf8_appears_and_goes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.md");
    std::fs::write(root.join(name), "[[Ghost]]\n").unwrap();
    watch.agrees_with_check(root, "created");
    std::fs::write(root.join(name), "[[A]]\n").unwrap();
    watch.agrees_with_check(root, "edited");
    std::fs::remove_file(root.join(name)).unwrap();
    watch.agrees_with_check(root, "deleted");
    watch.stop();
}

/// A CSS snippet that declares a callout type, written while watching: `check` reads the
/// enabled snippets, so the watcher reloads.
#[test]
fn a_css_snippet_declaring_a_callout_type_is_taken_in() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join(".obsidian/appearance.json"), r#"{"enabledCssSnippets": ["callouts"]}"#).unwrap();
    std::fs::write(root.join("A.md"), "> [!custom] Title\n> body\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    assert!(watch.state().0.iter().any(|f| f.contains("WL401")), "{:?}", watch.state());
    std::fs::create_dir(root.join(".obsidian/snippets")).unwrap();
    std::fs::write(root.join(".obsidian/snippets/callouts.css"), ".callout[data-callout=\"custom\"] {}\n").unwrap();
    watch.agrees_with_check(root, "snippet written");
    assert!(!watch.state().0.iter().any(|f| f.contains("WL401")), "{:?}", watch.state());
    watch.stop();
}

/// Obsidian rewrites `.obsidian/workspace.json` on every pane change, and plugins their
/// `data.json`: `check` reads neither, so neither is worth a full check.
#[test]
fn obsidian_files_wikilint_does_not_read_trigger_no_reload() {
    let dir = vault();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian/plugins/dataview")).unwrap();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    std::fs::write(root.join(".obsidian/workspace.json"), r#"{"main": {}}"#).unwrap();
    std::fs::write(root.join(".obsidian/plugins/dataview/data.json"), r#"{"x": 1}"#).unwrap();
    std::fs::write(root.join(".obsidian/graph.json"), r#"{"x": 1}"#).unwrap();
    // Then a change that does show, to know the watcher has seen everything before it.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(root.join("A.md"), "# A\n\n[[Lenin]]\n").unwrap();
    let batch = watch.next(PATIENCE).expect("a batch");
    assert_eq!(batch["reloaded"], false, "{batch}");
    assert_eq!(batch["files_changed"], 1, "{batch}");
    watch.agrees_with_check(root, "note edited");
    assert!(watch.batches.iter().all(|b| b["reloaded"] != true), "{:#?}", watch.batches);
    watch.stop();
}
