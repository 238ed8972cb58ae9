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
