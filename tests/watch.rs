//! End to end: the real `wikilint watch --format json` on a temp vault, edited while it runs.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn next(rx: &mpsc::Receiver<String>) -> Value {
    let line = rx.recv_timeout(Duration::from_secs(20)).expect("a batch within 20 s");
    serde_json::from_str(&line).unwrap()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", d["name"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn watch_prints_what_each_change_breaks_or_fixes() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin]] and [[Stalin]]\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
        .args(["watch", "--format", "json", "--debounce", "50"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = next(&rx);
    assert_eq!(first["initial"], true);
    assert_eq!(first["totals"]["errors"], 2);

    // A note appears that two links were waiting for.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let batch = next(&rx);
    assert!(names(&batch, "resolved").iter().any(|n| n.starts_with("broken-link") && n.contains("Lenin")), "{batch}");
    assert_eq!(batch["totals"]["errors"], 1);

    // An editor's atomic save: write a temp file, rename it over the note.
    std::fs::write(root.join(".A.md.tmp"), "[[Lenin#Nope]]\n").unwrap();
    std::fs::rename(root.join(".A.md.tmp"), root.join("A.md")).unwrap();
    let batch = next(&rx);
    assert!(names(&batch, "new").iter().any(|n| n.starts_with("broken-heading")), "{batch}");
    assert!(names(&batch, "resolved").iter().any(|n| n.contains("Stalin")), "{batch}");

    // The note is deleted: the link is broken again.
    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    let batch = next(&rx);
    assert!(names(&batch, "new").iter().any(|n| n.starts_with("broken-link") && n.contains("Lenin")), "{batch}");

    // Ctrl-C ends it cleanly.
    unsafe_sigint(child.id());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn create_stubs_waits_for_the_link_to_settle_and_creates_it_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
        .args(["watch", "--format", "json", "--debounce", "50", "--create-stubs", "--settle", "0.5"])
        .arg(root)
        .env("WIKILINT_DATE", "2026-01-02")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = next(&rx);
    assert_eq!(first["initial"], true);
    assert_eq!(first["totals"]["errors"], 0);

    // Typing a link, as Obsidian closes the brackets: each prefix lives 100 ms, well under
    // the settle time, so none of them may become a note.
    std::thread::sleep(Duration::from_millis(300));
    for prefix in ["L", "Le", "Len", "Leni"] {
        std::fs::write(root.join("A.md"), format!("# A\n\nSee [[{prefix}]]\n")).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(root.join("A.md"), "# A\n\nSee [[Lenin]]\n").unwrap();

    // Batches come and go; the stub line comes once Lenin has been linked for 0.5 s.
    let created = loop {
        let v = next(&rx);
        if v["event"] == "stub-created" {
            break v;
        }
    };
    assert_eq!(created["path"], "Lenin.md", "{created}");
    assert_eq!(created["targets"], serde_json::json!(["lenin"]), "{created}");
    assert_eq!(created["links"], 1);
    let stub = std::fs::read_to_string(root.join("Lenin.md")).unwrap();
    assert!(stub.starts_with("---\ntags: [stub]\ncreated: 2026-01-02\n---\n# Lenin\n"), "{stub}");

    // The watcher takes its own file as any created file: the broken link is resolved, and
    // nothing is created again (give it several settle periods to misbehave).
    let mut later = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(3)) {
        later.push(serde_json::from_str::<Value>(&line).unwrap());
    }
    assert!(later.iter().all(|v| v["event"] != "stub-created"), "{later:?}");
    let resolved = later.iter().any(|v| names(v, "resolved").iter().any(|n| n.starts_with("broken-link")));
    assert!(resolved || later.is_empty(), "{later:?}");
    let mut files: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    assert_eq!(files, ["A.md", "Lenin.md"]);
    assert_eq!(std::fs::read_to_string(root.join("Lenin.md")).unwrap(), stub, "written once, never again");

    unsafe_sigint(child.id());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Progress bars (`src/progress.rs`) are for a person at a terminal: a large vault read
/// and many stubs written without one (as here, stderr captured) show nothing.
#[test]
fn progress_never_reaches_captured_stderr() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    for i in 0..3000 {
        let link = if i < 2100 { format!("[[Missing {i}]]") } else { format!("[[Note {}]]", i - 1) };
        std::fs::write(root.join(format!("Note {i}.md")), format!("# Note {i}\n\n{link}\n")).unwrap();
    }
    let progress = |stderr: &[u8]| {
        let s = String::from_utf8_lossy(stderr);
        s.contains('\r') || s.contains('\x1b') || s.contains('█') || s.contains("Reading") || s.contains(" files (")
    };
    let check = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["check", "--format", "concise"]).arg(root).output();
    let check = check.unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(!progress(&check.stderr), "{}", String::from_utf8_lossy(&check.stderr));
    let stubs = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["stubs", "--create"]).arg(root).output().unwrap();
    assert_eq!(stubs.status.code(), Some(0), "{}", String::from_utf8_lossy(&stubs.stderr));
    assert!(!progress(&stubs.stderr), "{}", String::from_utf8_lossy(&stubs.stderr));
    assert!(root.join("Missing 2099.md").is_file());
}

fn unsafe_sigint(pid: u32) {
    let ok = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap().success();
    assert!(ok);
}
