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

fn unsafe_sigint(pid: u32) {
    let ok = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap().success();
    assert!(ok);
}
