//! What a new user meets in the first hour and what a release carries: the counts the fix
//! summary promises, the man page's sections, the comments `init` writes, the baseline's
//! summary, and the packaging metadata.

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

fn wikilint(args: &[&str]) -> Out {
    let mut cmd = Command::cargo_bin("wikilint").expect("the wikilint binary is built");
    cmd.env("NO_COLOR", "1").env_remove("WIKILINT_DATE").args(args).timeout(Duration::from_secs(60));
    let out = cmd.output().expect("wikilint runs");
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    };
    assert!(!out.stderr.contains("panicked"), "panic:\n{}", out.stderr);
    out
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures").join(name)
}

fn copy_of(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let to = dir.path().join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

fn vault_of(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let to = dir.path().join(path);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, text).unwrap();
    }
    dir
}

/// The N of "N more finding(s) can be fixed with --unsafe-fixes", 0 when the line says nothing.
fn unsafe_promise(stderr: &str) -> usize {
    let Some(at) = stderr.find(" can be fixed with --unsafe-fixes") else { return 0 };
    let before = &stderr[..at];
    let words: Vec<&str> = before.split_whitespace().collect();
    words[words.len() - 3].parse().unwrap_or_else(|_| panic!("no count in {stderr}"))
}

/// Findings of the rules whose fixes are unsafe, in a concise report.
fn unsafe_kind_findings(report: &str) -> usize {
    report.lines().filter(|l| l.contains("[broken-link]") || l.contains("[hidden-link]")).count()
}

#[test]
fn the_unsafe_fixes_promised_are_the_ones_applied() {
    // The seed vault's only unsafe fix (its ad- block) would turn two hidden links into broken
    // ones, so --unsafe-fixes refuses it: --fix must not promise it. The fix vault's five are
    // all applied. The third vault has one of each kind.
    let mixed = vault_of(&[
        ("Src.md", "See [[CWI]].\n\n```ad-note\nAbout [[Nowhere]].\n```\n"),
        ("Committee for a Workers International.md", "---\naliases: [CWI]\n---\n"),
    ]);
    for (vault, promised) in [(copy_of(&fixture("seed")), 0), (copy_of(&fixture("fix")), 5), (mixed, 1)] {
        let root = vault.path().to_str().unwrap();
        let safe = wikilint(&["check", root, "--fix", "--format", "concise"]);
        assert_eq!(unsafe_promise(&safe.stderr), promised, "{root}: {}", safe.stderr);
        let all = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--format", "concise"]);
        let fixed = unsafe_kind_findings(&safe.stdout) - unsafe_kind_findings(&all.stdout);
        assert_eq!(fixed, promised, "{root}: promised {promised}, fixed {fixed}:\n{}\n{}", safe.stderr, all.stderr);
        let again = wikilint(&["check", root, "--fix", "--format", "concise"]);
        assert_eq!(unsafe_promise(&again.stderr), 0, "{root}: nothing left to promise: {}", again.stderr);
    }
}

#[test]
fn the_man_page_has_exit_status_environment_and_files() {
    let out = wikilint(&["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let sections: Vec<&str> = out.stdout.lines().filter_map(|l| l.strip_prefix(".SH ")).collect();
    for want in ["\"EXIT STATUS\"", "ENVIRONMENT", "FILES"] {
        assert!(sections.contains(&want), "no {want} section in {sections:?}");
    }
    // Each variable the code reads, and each settings file, under its section.
    let after = |header: &str| {
        let at = out.stdout.find(&format!(".SH {header}")).unwrap();
        let rest = &out.stdout[at + 4..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
    };
    for var in ["NO_COLOR", "WIKILINT_DATE", "MIMALLOC_ALLOW_THP", "RAYON_NUM_THREADS"] {
        assert!(after("ENVIRONMENT").contains(&format!(".B {var}\n")), "{var} missing");
    }
    for file in ["wikilint.toml", ".obsidian/app.json", ".obsidian/templates.json", ".obsidian/types.json"] {
        assert!(after("FILES").contains(file), "{file} missing");
    }
    for code in ["0", "1", "2"] {
        assert!(after("\"EXIT STATUS\"").contains(&format!(".B {code}\n")), "exit status {code} missing");
    }
}

#[test]
fn init_writes_comments_that_match_what_runs() {
    // B.md links nowhere and nothing links to A.md: an orphan, which a default check does not report.
    let v = vault_of(&[(".obsidian/app.json", "{}"), ("A.md", "See [[B]].\n"), ("B.md", "Alone.\n")]);
    let root = v.path().to_str().unwrap();
    let init = wikilint(&["init", root]);
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    let toml_path = v.path().join("wikilint.toml");
    let text = fs::read_to_string(&toml_path).unwrap();
    let default = wikilint(&["check", root, "--format", "concise"]);
    assert!(!default.stdout.contains("orphan-note"), "{}", default.stdout);

    // "Without `select`, …" must name the rules that do not run without it.
    let select_comment: String =
        text.split("\n\n").find(|p| p.contains("Without `select`")).expect("a comment on select").to_string();
    assert!(select_comment.contains("orphan-note"), "{select_comment}");

    // The commented [severity] lines are the defaults: uncommenting them all changes nothing.
    let mut in_severity = false;
    let uncommented: String = text
        .lines()
        .map(|l| {
            if l.starts_with('[') || l.starts_with("# [") || l.is_empty() {
                in_severity = l == "[severity]";
            }
            match l.strip_prefix("# ") {
                Some(rest) if in_severity && rest.contains(" = \"") => rest.to_string(),
                _ => l.to_string(),
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert_ne!(uncommented, text, "no severity line to uncomment");
    fs::write(&toml_path, &uncommented).unwrap();
    let all_set = wikilint(&["check", root, "--format", "concise"]);
    assert_eq!(all_set.stderr, default.stderr, "{uncommented}");
    assert_eq!((all_set.code, all_set.stdout), (default.code, default.stdout), "{uncommented}");
}
