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
    // Forward links as errors (a published vault): every missing note counts as an error.
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
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
    // Forward links as errors (a published vault): every missing note counts as an error.
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
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

/// Starts `wikilint watch` on `root` with `args`; its stdout, line by line.
fn spawn(root: &std::path::Path, args: &[&str]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
        .arg("watch")
        .args(args)
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
    (child, rx)
}

fn stop(mut child: std::process::Child) {
    unsafe_sigint(child.id());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// A `git checkout` of thousands of files lasts longer than the debounce: the debouncer
/// hands it over in pieces, and the watcher must still report it as one update, each file
/// counted once.
#[test]
fn a_burst_longer_than_the_debounce_is_one_batch() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    // Forward links as errors (a published vault): every missing note counts as an error.
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    // A debounce that a busy CI machine does not reach between two writes of the burst.
    let (child, rx) = spawn(root, &["--format", "json", "--debounce", "200"]);
    assert_eq!(next(&rx)["initial"], true);
    std::thread::sleep(Duration::from_millis(500));
    // 2000 files in 20 waves 25 ms apart: over half a second, several times the debounce.
    // Each file is written twice (create, then rewrite), as a checkout's events repeat paths.
    let started = std::time::Instant::now();
    std::fs::create_dir(root.join("x")).unwrap();
    for wave in 0..20 {
        for i in wave * 100..(wave + 1) * 100 {
            let path = root.join(format!("x/N{i}.md"));
            std::fs::write(&path, "draft").unwrap();
            std::fs::write(&path, format!("# N{i}\n\n[[Nowhere]]\n")).unwrap();
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let writing = started.elapsed();
    assert!(writing > Duration::from_millis(400), "the burst outlasts the debounce");
    let mut batches = vec![next(&rx)];
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(2)) {
        batches.push(serde_json::from_str(&line).unwrap());
    }
    // The watcher gathers a burst for at most 3 s; on a machine so slow that writing it took
    // longer than 2 s (a throttled CI runner), a split is by design, and a file written on
    // both sides of the split is counted in both batches.
    assert_eq!(batches.last().unwrap()["totals"]["errors"], 2000);
    if writing < Duration::from_secs(2) || batches.len() == 1 {
        assert_eq!(batches.len(), 1, "one batch for a burst written in {writing:?}");
        let batch = &batches[0];
        assert_eq!(batch["files_changed"], 2000, "one batch, each file once");
        assert_eq!(names(batch, "new").iter().filter(|n| n.starts_with("broken-link")).count(), 2000);
    } else {
        let files: u64 = batches.iter().map(|b| b["files_changed"].as_u64().unwrap()).sum();
        assert!(files >= 2000, "every file in some batch: {files}");
    }
    stop(child);
}

/// A reload says so even when it changes no finding, and shows a severity change as the
/// finding resolved at its old level and new at the new one.
#[test]
fn a_configuration_reload_is_always_said_with_its_delta() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin]]\n").unwrap();
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
    let (child, rx) = spawn(root, &["--format", "json", "--debounce", "50"]);
    let first = next(&rx);
    assert_eq!((first["totals"]["errors"].as_u64(), first["totals"]["warnings"].as_u64()), (Some(1), Some(0)));
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n[severity]\nbroken-link = \"warning\"\n")
        .unwrap();
    let batch = next(&rx);
    assert_eq!(batch["reloaded"], true, "{batch}");
    let level = |key: &str| -> Vec<String> {
        batch[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["name"] == "broken-link")
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(level("resolved"), ["error"], "{batch}");
    assert_eq!(level("new"), ["warning"], "{batch}");
    assert_eq!((batch["totals"]["errors"].as_u64(), batch["totals"]["warnings"].as_u64()), (Some(0), Some(1)));
    // Saved again unchanged: nothing new, but the reload is still reported.
    std::fs::write(root.join("wikilint.toml"), "forward-links = \"error\"\n[severity]\nbroken-link = \"warning\"\n\n")
        .unwrap();
    let batch = next(&rx);
    assert_eq!(batch["reloaded"], true, "{batch}");
    assert!(names(&batch, "new").is_empty() && names(&batch, "resolved").is_empty(), "{batch}");
    stop(child);
}

/// Human output: a reload is a line of its own with its delta; a finding whose hint alone
/// changed (the folder with the near miss deleted) is one `~` line, not the same `+` and `-`.
#[test]
fn human_output_says_reloads_and_hint_changes_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    std::fs::create_dir(root.join("x")).unwrap();
    std::fs::write(root.join("A.md"), "[[Lenin Vladimir]]\n").unwrap();
    std::fs::write(root.join("x/LeninVladimir.md"), "# Lenin\n").unwrap();
    std::fs::create_dir(root.join("y")).unwrap();
    std::fs::write(root.join("y/Lenin_Vladimir.md"), "# Lenin\n").unwrap();
    let (child, rx) = spawn(root, &["--debounce", "50"]);
    let line = || rx.recv_timeout(Duration::from_secs(20)).expect("a line within 20 s");
    while !line().contains("watching for changes") {}
    std::thread::sleep(Duration::from_millis(300));

    std::fs::write(root.join("wikilint.toml"), "[severity]\nbroken-link = \"warning\"\n").unwrap();
    let head = line();
    assert!(head.contains("configuration reloaded") && head.contains("1 new, 1 resolved"), "{head}");
    assert!(head.contains("now 0 errors, 1 warnings"), "{head}");
    let mut changes = [line(), line()];
    changes.sort();
    assert!(changes[0].starts_with("  + A.md:1:1: warning[broken-link]"), "{changes:?}");
    assert!(changes[1].starts_with("  - A.md:1:1: error[broken-link]"), "{changes:?}");

    std::fs::remove_dir_all(root.join("x")).unwrap();
    let head = line();
    assert!(head.contains("0 new, 0 resolved, 1 with a new hint"), "{head}");
    let changed = line();
    assert!(
        changed.starts_with("  ~ A.md:1:1: warning[broken-link]") && changed.contains("y/Lenin_Vladimir.md"),
        "{changed}"
    );
    let more = rx.recv_timeout(Duration::from_secs(1));
    assert!(more.is_err(), "no identical + and - lines: {more:?}");
    stop(child);
}

fn unsafe_sigint(pid: u32) {
    let ok = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap().success();
    assert!(ok);
}

/// A check runs without transparent huge pages (see `src/main.rs` for why), which Linux shows
/// as `THP_enabled: 0` in the process's status; mimalloc's own switch brings them back.
#[cfg(target_os = "linux")]
#[test]
fn runs_without_transparent_huge_pages_unless_mimalloc_allow_thp_is_set() {
    let status_of = |pid: u32| std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let thp = |status: &str| status.lines().find_map(|l| l.strip_prefix("THP_enabled:")).map(|v| v.trim().to_string());
    // Kernels before 5.0 do not report it; a runner that has huge pages off already proves nothing.
    if thp(&status_of(std::process::id())).as_deref() != Some("1") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("A.md"), "[[B]]\n").unwrap();
    for (allow, expected) in [(None, "0"), (Some("1"), "1")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wikilint"));
        command.args(["watch", "--format", "json", "--debounce", "50"]).arg(dir.path());
        command.stdout(Stdio::piped()).stderr(Stdio::null()).env_remove("MIMALLOC_ALLOW_THP");
        if let Some(value) = allow {
            command.env("MIMALLOC_ALLOW_THP", value);
        }
        let mut child = command.spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.contains("\"initial\":true"), "{first}");
        let seen = thp(&status_of(child.id()));
        unsafe_sigint(child.id());
        child.wait().unwrap();
        assert_eq!(seen.as_deref(), Some(expected), "MIMALLOC_ALLOW_THP={allow:?}");
    }
}
