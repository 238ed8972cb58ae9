//! Output a person can read at 40,000 findings (issue 24 §3): `mv` of a folder and
//! `stubs --create` print a summary and list every file only with `--verbose`.
//! (The watcher's summaries are driven through the real process in `tests/watch.rs`.)

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn expect(self, code: i32) -> Out {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert_eq!(self.code, Some(code), "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

fn run_in(cwd: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("WIKILINT_DATE", "2026-01-02T14:05:00")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// A temp vault made of `files`.
fn vault_of(files: &[(String, String)]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    fs::create_dir_all(vault.join(".obsidian")).unwrap();
    fs::write(vault.join(".obsidian/app.json"), "{}").unwrap();
    for (path, text) in files {
        let p = vault.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    (dir, vault)
}

/// `People/` with `n` notes, each linked by full path from `Index.md` and `Hub.md`.
fn people_vault(n: usize) -> (TempDir, PathBuf) {
    let mut files: Vec<(String, String)> =
        (0..n).map(|i| (format!("People/Person {i}.md"), format!("# Person {i}\n"))).collect();
    let links: String = (0..n).map(|i| format!("[[People/Person {i}]]\n")).collect();
    files.push(("Index.md".into(), links.clone()));
    files.push(("Hub.md".into(), links));
    vault_of(&files)
}

#[test]
fn mv_of_a_folder_prints_a_summary_not_a_line_per_file() {
    let (_tmp, v) = people_vault(1200);
    let out = run_in(&v, &["mv", "People", "Folk"]).expect(0);
    assert_eq!(out.stdout, "moved People/ -> Folk/ (1,200 files)\nrewrote 2,400 links in 2 files\n", "{}", out.stdout);
    assert!(v.join("Folk/Person 7.md").exists());
    assert!(!fs::read_to_string(v.join("Hub.md")).unwrap().contains("[[People/"), "the links were rewritten");
}

#[test]
fn mv_verbose_lists_every_moved_file_and_rewritten_note() {
    let (_tmp, v) = people_vault(3);
    let out = run_in(&v, &["mv", "--verbose", "People", "Folk"]).expect(0);
    for line in [
        "moved People/Person 0.md -> Folk/Person 0.md\n",
        "moved People/Person 2.md -> Folk/Person 2.md\n",
        "rewrote 3 links in Hub.md\n",
        "rewrote 3 links in Index.md\n",
    ] {
        assert!(out.stdout.contains(line), "missing {line:?} in:\n{}", out.stdout);
    }
    assert!(out.stdout.ends_with("moved People/ -> Folk/ (3 files)\nrewrote 6 links in 2 files\n"), "{}", out.stdout);
}

#[test]
fn mv_of_one_note_says_what_it_moved_and_quiet_says_nothing() {
    let (_tmp, v) = people_vault(2);
    let out = run_in(&v, &["mv", "People/Person 0.md", "Person 0.md"]).expect(0);
    assert_eq!(out.stdout, "moved People/Person 0.md -> Person 0.md\nrewrote 2 links in 2 files\n");
    let out = run_in(&v, &["mv", "--quiet", "Person 0.md", "People/Person 0.md"]).expect(0);
    assert_eq!(out.stdout, "");
}

/// `n` missing notes: `Missing i` under `People/`, `Places/` and the root in turn, each linked
/// twice.
fn missing_vault(n: usize) -> (TempDir, PathBuf) {
    let folders = ["People/", "Places/", ""];
    let links: String =
        (0..n).map(|i| format!("[[{}Missing {i}]] [[{}Missing {i}]]\n", folders[i % 3], folders[i % 3])).collect();
    vault_of(&[
        ("Src.md".into(), links),
        ("People/Someone.md".into(), String::new()),
        ("Places/Somewhere.md".into(), String::new()),
    ])
}

#[test]
fn stubs_create_prints_a_summary_not_a_line_per_stub() {
    let (_tmp, v) = missing_vault(1500);
    let out = run_in(&v, &["stubs", ".", "--create"]).expect(0);
    assert!(out.stdout.contains("Created 1,500 stubs in 3 folders; 3,000 broken links now resolve."), "{}", out.stdout);
    assert!(!out.stdout.contains("created People/Missing 0.md"), "{}", out.stdout);
    assert!(out.stdout.lines().count() < 5, "{}", out.stdout);
    assert!(v.join("People/Missing 0.md").exists() && v.join("Missing 2.md").exists());
}

#[test]
fn stubs_create_verbose_lists_every_stub_and_keeps_the_near_misses() {
    let (_tmp, v) = vault_of(&[
        ("Kyoto.md".into(), String::new()),
        ("Src.md".into(), "[[Lenin]] [[New/Trotsky]] [[Kyotoo]]\n".into()),
    ]);
    let out = run_in(&v, &["stubs", ".", "--create", "--verbose"]).expect(0);
    for line in [
        "created Lenin.md\n",
        "created folder New/\n",
        "created New/Trotsky.md\n",
        "Kyotoo is a likely typo of Kyoto.md",
    ] {
        assert!(out.stdout.contains(line), "missing {line:?} in:\n{}", out.stdout);
    }
    assert!(out.stdout.contains("Created 2 stubs in 2 folders; 2 broken links now resolve."), "{}", out.stdout);
}

#[test]
fn stubs_create_without_verbose_still_lists_near_misses() {
    let (_tmp, v) = vault_of(&[("Kyoto.md".into(), String::new()), ("Src.md".into(), "[[Lenin]] [[Kyotoo]]\n".into())]);
    let out = run_in(&v, &["stubs", ".", "--create"]).expect(0);
    assert!(out.stdout.contains("Kyotoo is a likely typo of Kyoto.md"), "{}", out.stdout);
    assert!(out.stdout.contains("Created 1 stub (Lenin.md); 1 broken link now resolves."), "{}", out.stdout);
    assert!(!out.stdout.contains("created Lenin.md"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// The watcher, as a person reads it (human format) and as a program does (JSON).
// ---------------------------------------------------------------------------------------

/// A running `wikilint watch` (human format unless `args` say otherwise) and its stdout lines.
struct Watcher {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watcher {
    fn start(root: &Path, args: &[&str], tz: &str) -> Watcher {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wikilint"))
            .args(["watch", "--debounce", "50"])
            .args(args)
            .arg(root)
            .env("NO_COLOR", "1")
            .env("TZ", tz)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Watcher { child, lines, seen: Vec::new() }
    }

    /// Lines up to and including the first that holds `what`; fails after 20 s.
    fn until(&mut self, what: &str) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no line with {what:?}; so far:\n{}", self.seen.join("\n")));
            self.seen.push(line.clone());
            got.push(line.clone());
            if line.contains(what) {
                return got;
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn broken_vault(notes: usize, links_each: usize) -> (TempDir, PathBuf) {
    let files: Vec<(String, String)> = (0..notes)
        .map(|i| {
            let links: String = (0..links_each).map(|j| format!("[[Missing {i} {j}]]\n")).collect();
            (format!("People/Note {i}.md"), links)
        })
        .collect();
    vault_of(&files)
}

#[test]
fn watch_summarises_a_large_start_up_report() {
    let (_tmp, v) = broken_vault(30, 3);
    let mut w = Watcher::start(&v, &[], "UTC");
    let start = w.until("watching for changes").join("\n");
    assert!(!start.contains("People/Note 0.md:1:1"), "each finding listed:\n{start}");
    assert!(start.contains("180 findings: 90 broken-link, 90 missing-note"), "{start}");
    assert!(start.contains("People/Note 0.md (6)"), "the files with most findings:\n{start}");
    assert!(start.contains("wikilint check"), "how to see them all:\n{start}");
}

#[test]
fn watch_lists_a_small_start_up_report() {
    let (_tmp, v) = broken_vault(2, 2);
    let mut w = Watcher::start(&v, &[], "UTC");
    let start = w.until("watching for changes").join("\n");
    assert!(start.contains("People/Note 0.md:1:1: "), "{start}");
}

#[test]
fn watch_prints_a_folder_rename_as_one_move() {
    let (_tmp, v) = broken_vault(12, 1);
    let mut w = Watcher::start(&v, &[], "UTC");
    w.until("watching for changes");
    std::thread::sleep(Duration::from_millis(300));
    fs::rename(v.join("People"), v.join("Folk")).unwrap();
    let batch = w.until("moved People/ -> Folk/").join("\n");
    assert!(batch.contains("moved People/ -> Folk/ (12 notes, 24 findings)"), "{batch}");
    assert!(!batch.contains("  + ") && !batch.contains("  - "), "listed as new and resolved:\n{batch}");
}

#[test]
fn watch_json_carries_the_moves_beside_the_full_delta() {
    let (_tmp, v) = broken_vault(3, 1);
    let mut w = Watcher::start(&v, &["--format", "json"], "UTC");
    w.until("\"initial\":true");
    std::thread::sleep(Duration::from_millis(300));
    fs::rename(v.join("People"), v.join("Folk")).unwrap();
    let line = w.until("\"moves\":[{").pop().unwrap();
    let batch: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(batch["moves"][0]["from"], "People/");
    assert_eq!(batch["moves"][0]["to"], "Folk/");
    assert_eq!(batch["moves"][0]["notes"], 3);
    assert_eq!(batch["new"].as_array().unwrap().len(), 6, "the full delta stays: {batch}");
    assert_eq!(batch["resolved"].as_array().unwrap().len(), 6, "{batch}");
}

#[test]
fn watch_prints_local_time() {
    let (_tmp, v) = broken_vault(1, 1);
    // India: +05:30 all year, a POSIX TZ string needs no time zone database.
    let mut w = Watcher::start(&v, &["--format", "json"], "IST-5:30");
    let line = w.until("\"initial\":true").pop().unwrap();
    let batch: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert!(batch["time"].as_str().unwrap().ends_with("+05:30"), "{batch}");
    drop(w);
    let before = hour_in_india();
    let mut w = Watcher::start(&v, &[], "IST-5:30");
    let line = w.until("watching for changes").pop().unwrap();
    let after = hour_in_india();
    let stamp = &line[1..line.find(']').unwrap()];
    assert!(!stamp.ends_with('Z'), "{line}");
    assert!(stamp.starts_with(&before) || stamp.starts_with(&after), "{stamp} vs {before}");
}

/// The date and hour now at +05:30, `YYYY-MM-DD HH`, from the system clock alone.
fn hour_in_india() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 5 * 3600 + 1800;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}", rest / 3600)
}

#[test]
fn watch_select_ignore_and_quiet() {
    let (_tmp, v) = vault_of(&[("A.md".into(), "[[Missing]]\n---\n[[A#Nope]]\n".into())]);
    let mut w = Watcher::start(&v, &["--select", "broken-heading"], "UTC");
    let start = w.until("watching for changes").join("\n");
    assert!(start.contains("broken-heading") && !start.contains("broken-link"), "{start}");
    drop(w);
    let mut w = Watcher::start(&v, &["--ignore", "broken-heading"], "UTC");
    let start = w.until("watching for changes").join("\n");
    assert!(!start.contains("broken-heading") && start.contains("broken-link"), "{start}");
    drop(w);
    // --quiet: no start-up report; changes still are.
    let mut w = Watcher::start(&v, &["--quiet"], "UTC");
    std::thread::sleep(Duration::from_millis(800));
    fs::write(v.join("A.md"), "[[Missing]]\n").unwrap();
    let lines = w.until("resolved");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("0 new, 1 resolved"), "{lines:?}");
}
