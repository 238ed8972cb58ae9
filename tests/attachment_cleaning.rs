//! `wikilint orphans --attachments --delete` (issue 26): the unused attachments go where
//! Obsidian's "Deleted files" setting (`.obsidian/app.json` `trashOption`) sends deleted files,
//! after a dry run, never a file a link reaches or one outside the vault, with a summary that
//! says how to put them back.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

mod support;
use support::{Out, write_files};

const HOME: &str = "![[used.png]] and [paper](Docs/paper.pdf)\n";

/// Two used attachments, two unused ones (one in a subfolder, with a space in its name), a
/// note, and Obsidian's setting for deleted files.
fn vault(trash_option: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let app = match trash_option {
        Some(v) => format!("{{\"trashOption\": \"{v}\"}}"),
        None => "{}".to_string(),
    };
    let files: &[(&str, &[u8])] = &[
        (".obsidian/app.json", app.as_bytes()),
        ("Home.md", HOME.as_bytes()),
        ("used.png", b"used"),
        ("Docs/paper.pdf", b"paper"),
        ("unused.png", b"\x89PNG unused"),
        ("Media/Sub/Old scan.pdf", b"%PDF old scan"),
    ];
    write_files(dir.path(), files);
    dir
}

/// `wikilint ARGS` in `dir` with `env` set, stdin not a terminal.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Out {
    let mut cmd = Command::cargo_bin("wikilint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").args(args).timeout(Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "the binary panicked:\n{}", out.stderr);
    out
}

/// [`run_env`] with the system trash in the vault's own hidden `.xdg/`: a test never puts
/// anything in the real one.
fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[("XDG_DATA_HOME", &dir.join(".xdg"))])
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.starts_with(".obsidian/"))
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walkdir(&p)) } else { out.push(p) }
    }
    out
}

const ALL: [&str; 5] = ["Docs/paper.pdf", "Home.md", "Media/Sub/Old scan.pdf", "unused.png", "used.png"];

#[test]
fn without_yes_it_is_a_dry_run_that_says_what_would_go_where() {
    let dir = vault(Some("local"));
    for args in [&["orphans", "--attachments", "--delete"][..], &["orphans", "--attachments", "--delete", "-n"]] {
        let out = run(dir.path(), args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(
            out.stdout,
            "would move Media/Sub/Old scan.pdf -> .trash/Old scan.pdf\n\
             would move unused.png -> .trash/unused.png\n\
             2 unused attachments (24 bytes) would go to the vault's trash, .trash/, as Obsidian's \"Deleted \
             files\" setting says (trashOption \"local\")\n\
             dry run: nothing was removed; --yes removes them\n"
        );
        assert_eq!(files_under(dir.path()), ALL, "nothing moved");
    }
}

#[test]
fn yes_moves_them_into_the_vault_trash_and_the_restore_commands_bring_them_back() {
    let dir = vault(Some("local"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        files_under(dir.path()),
        [".trash/Old scan.pdf", ".trash/unused.png", "Docs/paper.pdf", "Home.md", "used.png"]
    );
    assert_eq!(fs::read(dir.path().join(".trash/unused.png")).unwrap(), b"\x89PNG unused");
    let (moved, restore) = out.stdout.split_once("To put them back").expect(&out.stdout);
    assert_eq!(
        moved,
        "moved Media/Sub/Old scan.pdf -> .trash/Old scan.pdf\n\
         moved unused.png -> .trash/unused.png\n\
         Moved 2 unused attachments (24 bytes) to the vault's trash, .trash/.\n"
    );
    // What the summary says to run puts every file back where it was.
    let commands: Vec<&str> = restore.lines().skip(1).map(str::trim).collect();
    assert_eq!(
        commands,
        ["mv -n '.trash/Old scan.pdf' 'Media/Sub/Old scan.pdf'", "mv -n '.trash/unused.png' 'unused.png'"]
    );
    for c in commands {
        assert!(std::process::Command::new("sh").arg("-c").arg(c).current_dir(dir.path()).status().unwrap().success());
    }
    assert_eq!(files_under(dir.path()), ALL);
    assert_eq!(support::ok(dir.path(), &["orphans", "--attachments"]), "Media/Sub/Old scan.pdf\nunused.png\n");
}

#[test]
fn a_name_taken_in_the_trash_gets_a_number_and_is_never_overwritten() {
    let dir = vault(Some("local"));
    write_files(dir.path(), &[(".trash/unused.png", b"trashed before")]);
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes", "unused.png"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.starts_with("moved unused.png -> .trash/unused 1.png\n"), "{}", out.stdout);
    assert_eq!(fs::read(dir.path().join(".trash/unused.png")).unwrap(), b"trashed before");
    assert_eq!(fs::read(dir.path().join(".trash/unused 1.png")).unwrap(), b"\x89PNG unused");
    assert!(dir.path().join("Media/Sub/Old scan.pdf").exists(), "a PATH limits what goes");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn the_system_trash_is_the_freedesktop_one_with_its_trashinfo() {
    let dir = vault(None); // Obsidian's default: "system"
    let data = dir.path().with_extension("data"); // beside the vault, on its file system
    let _cleanup = TempDirGuard(data.clone());
    let env = [("XDG_DATA_HOME", data.as_path())];
    let dry = run_env(dir.path(), &["orphans", "--attachments", "--delete"], &env);
    assert!(dry.stdout.contains("would move unused.png to the system trash\n"), "{}", dry.stdout);
    assert!(dry.stdout.contains(&format!("the system trash, {}", data.join("Trash").display())), "{}", dry.stdout);
    assert!(!data.exists(), "a dry run makes no trash folder");
    let out = run_env(dir.path(), &["orphans", "--attachments", "--delete", "--yes"], &env);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let trash = data.join("Trash");
    assert_eq!(fs::read(trash.join("files/unused.png")).unwrap(), b"\x89PNG unused");
    assert_eq!(fs::read(trash.join("files/Old scan.pdf")).unwrap(), b"%PDF old scan");
    let info = fs::read_to_string(trash.join("info/Old scan.pdf.trashinfo")).unwrap();
    let root = fs::canonicalize(dir.path()).unwrap().to_string_lossy().into_owned();
    assert!(info.starts_with(&format!("[Trash Info]\nPath={root}/Media/Sub/Old%20scan.pdf\nDeletionDate=")), "{info}");
    assert!(out.stdout.contains("Moved 2 unused attachments (24 bytes) to the system trash"), "{}", out.stdout);
    assert!(out.stdout.contains("Restore"), "says how to put them back: {}", out.stdout);
    assert_eq!(files_under(dir.path()), ["Docs/paper.pdf", "Home.md", "used.png"]);
}

struct TempDirGuard(std::path::PathBuf);

impl Drop for TempDirGuard {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn permanent_deletion_needs_a_second_flag() {
    let dir = vault(Some("none"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--permanently"), "{}", out.stderr);
    assert_eq!(files_under(dir.path()), ALL);

    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--permanently"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.starts_with("would delete Media/Sub/Old scan.pdf permanently\n"), "{}", out.stdout);
    assert_eq!(files_under(dir.path()), ALL, "a dry run still");

    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--permanently", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(files_under(dir.path()), ["Docs/paper.pdf", "Home.md", "used.png"]);
    assert!(out.stdout.contains("Deleted 2 unused attachments (24 bytes) permanently"), "{}", out.stdout);

    // --trash none asks for it the same way; --permanently where files go to a trash is refused.
    let dir = vault(Some("local"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes", "--trash", "none"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes", "--permanently"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains(".trash"), "{}", out.stderr);
    assert_eq!(files_under(dir.path()), ALL);
}

#[test]
fn an_unknown_trash_option_is_refused_and_trash_overrides_it() {
    let dir = vault(Some("bin"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("\"bin\"") && out.stderr.contains("--trash"), "{}", out.stderr);
    assert_eq!(files_under(dir.path()), ALL);
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes", "--trash", "local"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(dir.path().join(".trash/unused.png").exists());
}

#[test]
fn what_may_not_go_stays_and_the_output_says_why() {
    let dir = vault(Some("local"));
    write_files(
        dir.path(),
        &[
            ("Web.md", b"An <img src=\"shown.png\"> and a broken embed ![[diagram]]\n"),
            ("shown.png", b"png"),
            ("diagram.svg", b"<svg/>"),
            ("locked.png", b"png"),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path().join("locked.png"), fs::Permissions::from_mode(0o444)).unwrap();
    }
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let kept: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("kept ")).collect();
    assert_eq!(kept.len(), 3, "{}", out.stdout);
    assert!(kept[0].starts_with("kept diagram.svg: the broken link ![[diagram]] in Web.md:1 means it"), "{}", kept[0]);
    #[cfg(unix)]
    assert!(kept[1].starts_with("kept locked.png: read-only"), "{}", kept[1]);
    assert!(kept[2].starts_with("kept shown.png: its name is written in Web.md:1"), "{}", kept[2]);
    for stays in ["diagram.svg", "locked.png", "shown.png"] {
        assert!(dir.path().join(stays).exists(), "{stays}");
    }
    assert!(dir.path().join(".trash/unused.png").exists());
}

#[test]
fn json_gives_each_file_and_where_it_went() {
    let dir = vault(Some("local"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "dry_run": true,
            "trash": "local",
            "trash_folder": ".trash",
            "attachments": 4,
            "removed": [
                {"path": "Media/Sub/Old scan.pdf", "to": ".trash/Old scan.pdf", "bytes": 13},
                {"path": "unused.png", "to": ".trash/unused.png", "bytes": 11}
            ],
            "kept": [],
            "interrupted": false
        })
    );
    assert_eq!(files_under(dir.path()), ALL, "json without --yes is a dry run");
}

#[test]
fn a_file_of_the_vault_that_cannot_be_read_stops_everything() {
    let dir = vault(Some("local"));
    #[cfg(unix)]
    std::os::unix::fs::symlink("Loop.md", dir.path().join("Loop.md")).unwrap();
    #[cfg(not(unix))]
    return;
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("Loop.md") && out.stderr.contains("could not be read"), "{}", out.stderr);
    assert!(!dir.path().join(".trash").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_between_two_files_and_says_which_moved() {
    let dir = vault(Some("local"));
    // A SIGINT in the middle of the first move (after its hard link, before its unlink).
    let out = run_env(
        dir.path(),
        &["orphans", "--attachments", "--delete", "--yes"],
        &[("WIKILINT_TEST_SIGNAL_AFTER", Path::new("2"))],
    );
    assert_eq!(out.code, Some(130), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("moved Media/Sub/Old scan.pdf -> .trash/Old scan.pdf\n"), "{}", out.stdout);
    assert!(out.stdout.contains("mv -n '.trash/Old scan.pdf' 'Media/Sub/Old scan.pdf'"), "{}", out.stdout);
    assert!(out.stderr.contains("interrupted: 1 of 2 unused attachments removed"), "{}", out.stderr);
    assert_eq!(files_under(dir.path()), [".trash/Old scan.pdf", "Docs/paper.pdf", "Home.md", "unused.png", "used.png"]);
}

#[cfg(unix)]
#[test]
fn a_file_outside_the_vault_through_a_linked_folder_stays() {
    let dir = vault(Some("local"));
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("elsewhere.png"), b"not the vault's").unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("Linked")).unwrap();
    // Obsidian lists it (the folder link is followed), and nothing links to it.
    assert!(support::ok(dir.path(), &["orphans", "--attachments"]).contains("Linked/elsewhere.png"));
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("kept Linked/elsewhere.png: outside the vault"), "{}", out.stdout);
    assert_eq!(fs::read(outside.path().join("elsewhere.png")).unwrap(), b"not the vault's");
    assert!(dir.path().join(".trash/unused.png").exists(), "the others went");
}

#[test]
fn a_folder_that_is_not_marked_as_a_vault_is_not_cleaned_unless_named() {
    // No .obsidian/, no wikilint.toml: a code repository's images are used by its HTML and CSS.
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("index.md", b"# Site\n"), ("logo.png", b"png")]);
    assert_eq!(support::ok(dir.path(), &["orphans", "--attachments"]), "logo.png\n", "listing is fine");
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("--vault"), "{}", out.stderr);
    assert!(dir.path().join("logo.png").exists());
    let out = run(dir.path(), &["orphans", "--attachments", "--delete", "--yes", "--trash", "local", "--vault", "."]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(dir.path().join(".trash/logo.png").exists());
}
