//! Issue 24 §1: every command finds the vault the same way (the nearest ancestor of the path
//! given, or of the current folder, holding `.obsidian/` or `wikilint.toml`), accepts
//! `--vault DIR`, and takes files and folders inside it as the shell completes them.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod support;
use support::{run_in, write_files};

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    write_files(dir.path(), &bytes);
    dir
}

fn run(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_in(cwd, args);
    (out.code, out.stdout, out.stderr)
}

fn kepano() -> TempDir {
    vault(&[
        ("kepano/.obsidian/app.json", "{}"),
        ("kepano/Places/Kyoto.md", "# Kyoto\n"),
        ("kepano/Notes/Trip.md", "To [[Kyoto]].\n"),
        ("kepano/Index.md", "[[Trip]] and [[Kyoto]].\n"),
    ])
}

#[test]
fn backlinks_takes_a_name_and_the_vault_or_a_path() {
    let dir = kepano();
    let (code, out, err) = run(dir.path(), &["backlinks", "Kyoto", "kepano"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Places/Kyoto.md: 2 links from 2 notes"), "{out}");
    let (code, out, _) = run(dir.path(), &["backlinks", "kepano/Places/Kyoto.md"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Notes/Trip.md:1:4"), "{out}");
}

#[test]
fn inspect_takes_a_note_path() {
    let dir = kepano();
    let (code, out, err) = run(dir.path(), &["inspect", "kepano/Notes/Trip.md", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc.as_object().unwrap().keys().collect::<Vec<_>>(), ["Notes/Trip.md"]);
}

#[test]
fn mv_takes_paths_from_a_subfolder() {
    let dir = kepano();
    let (code, out, err) = run(&dir.path().join("kepano/Places"), &["mv", "Kyoto.md", "Kyōto.md"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(dir.path().join("kepano/Places/Kyōto.md").is_file());
    assert_eq!(fs::read_to_string(dir.path().join("kepano/Index.md")).unwrap(), "[[Trip]] and [[Kyōto]].\n");
}

#[test]
fn every_command_accepts_the_vault_flag() {
    let dir = kepano();
    let v = dir.path().join("kepano");
    let v = v.to_str().unwrap();
    for args in [
        vec!["check", "--vault", v],
        vec!["stubs", "--vault", v],
        vec!["orphans", "--vault", v],
        vec!["links", "--vault", v],
        vec!["graph", "--vault", v],
        vec!["props", "--vault", v],
        vec!["inspect", "--vault", v, "--format", "json"],
        vec!["backlinks", "Kyoto", "--vault", v],
        vec!["mentions", "--vault", v],
    ] {
        let (code, _, err) = run(Path::new("/"), &args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_home_folder_without_a_vault_marker_is_refused_unless_insisted() {
    let home = vault(&[("notes/a.md", "[[b]]\n")]);
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .current_dir(home.path())
        .env("HOME", home.path())
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it is not a vault") && err.contains("--vault"), "{err}");
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .current_dir(home.path())
        .env("HOME", home.path())
        .args(["check", "--format", "concise", "--vault", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_folder_without_a_marker_is_the_vault_and_the_human_report_says_so() {
    let dir = vault(&[("a.md", "[[b]]\n"), ("b.md", "")]);
    let (code, out, _) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(0));
    assert!(out.contains("no .obsidian/ or wikilint.toml found: checked . as the vault."), "{out}");
}
