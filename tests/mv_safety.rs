//! `wikilint mv` when things go wrong or are not what they seem: a name that is both a note
//! and a folder, an interrupted move, files owned by someone else or read-only, canvases
//! whose keys come in another order, heading texts no link can name. Each vault is built in a
//! temporary folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

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

fn run(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .args(args)
        .arg("--vault")
        .arg(vault)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn wikilint(vault: &Path, args: &[&str]) -> Out {
    run(vault, args, &[])
}

/// A command that takes the vault as its last argument (`links`, `check`).
fn on_vault(vault: &Path, args: &[&str]) -> Out {
    on_vault_with(vault, args, &[])
}

fn on_vault_with(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .args(args)
        .arg(vault)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A vault in a temporary folder holding `files` (path, text).
fn vault(files: &[(&str, &str)]) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("vault");
    fs::create_dir(&root).unwrap();
    for (path, text) in files {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    (tmp, root)
}

/// Every file under `root` with its bytes (hidden ones included).
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

// 1. A name that is both a note and a folder.

fn folder_note_vault() -> (TempDir, PathBuf) {
    vault(&[
        ("Proj.md", "# Project\nsee [[Proj/Task]]\n"),
        ("Proj/Task.md", "back to [[Proj]]\n"),
        ("Index.md", "[[Proj]] and [[Task]]\n"),
    ])
}

#[test]
fn a_name_that_is_both_a_note_and_a_folder_is_refused() {
    let (_tmp, root) = folder_note_vault();
    let before = snapshot(&root);
    let out = wikilint(&root, &["mv", "Proj", "Renamed"]).expect(2);
    assert!(out.stderr.contains("both"), "{}", out.stderr);
    assert!(out.stderr.contains("Proj/") && out.stderr.contains("Proj.md"), "{}", out.stderr);
    assert_eq!(snapshot(&root), before, "a refused move wrote something");
}

#[test]
fn a_trailing_slash_chooses_the_folder_and_md_the_note() {
    let (_tmp, root) = folder_note_vault();
    wikilint(&root, &["mv", "Proj/", "Renamed"]).expect(0);
    assert!(root.join("Renamed/Task.md").is_file() && root.join("Proj.md").is_file());
    assert_eq!(read(&root, "Proj.md"), "# Project\nsee [[Task]]\n");

    let (_tmp, root) = folder_note_vault();
    wikilint(&root, &["mv", "Proj.md", "Renamed"]).expect(0);
    assert!(root.join("Renamed.md").is_file() && root.join("Proj/Task.md").is_file());
    assert_eq!(read(&root, "Index.md"), "[[Renamed]] and [[Task]]\n");
}

#[test]
fn a_trailing_slash_on_a_note_is_refused() {
    let (_tmp, root) = vault(&[("Solo.md", "x\n")]);
    let out = wikilint(&root, &["mv", "Solo/", "Other"]).expect(2);
    assert!(out.stderr.contains("not a folder"), "{}", out.stderr);
    assert!(root.join("Solo.md").is_file());
}

// 6. Canvas cards whose keys come in another order.

/// Cards written the way canvases saved by other tools (and older Obsidian versions) often
/// are: `"file"` or `"text"` before `"id"`, and a `"subpath"` before its `"file"`.
const SHUFFLED_CANVAS: &str = r##"{"nodes":[
  {"type":"file","file":"pic.png","id":"a","x":0},
  {"text":"see [[Note]] {braces}","type":"text","id":"b"},
  {"subpath":"#Top","file":"Note.md","id":"c","type":"file"},
  {"id":"d","type":"file","file":"Note.md"}
],"edges":[]}"##;

fn canvas_vault() -> (TempDir, PathBuf) {
    vault(&[("Board.canvas", SHUFFLED_CANVAS), ("Note.md", "# Top\n"), ("pic.png", "png")])
}

/// `line:column` of the first `needle` in `text`, 1-based, in characters.
fn position(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    format!("{line}:{}", text[line_start..at].chars().count() + 1)
}

#[test]
fn canvas_links_are_placed_at_their_card_whatever_the_key_order() {
    let (_tmp, root) = canvas_vault();
    let out = on_vault(&root, &["links", "--format", "human"]).expect(0);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("Board.canvas")).collect();
    let want = [
        format!("Board.canvas:{}: canvas pic.png -> pic.png", position(SHUFFLED_CANVAS, "\"pic.png\"")),
        format!("Board.canvas:{}: canvas [[Note]] -> Note.md", position(SHUFFLED_CANVAS, "\"see")),
        format!(
            "Board.canvas:{}: canvas Note.md -> Note.md [ok-heading]",
            position(SHUFFLED_CANVAS, "\"Note.md\",\"id\":\"c")
        ),
        format!("Board.canvas:{}: canvas Note.md -> Note.md", position(SHUFFLED_CANVAS, "\"Note.md\"}")),
    ];
    assert_eq!(lines, want, "{}", out.stdout);
}

#[test]
fn canvas_cards_are_rewritten_whatever_the_key_order() {
    let (_tmp, root) = canvas_vault();
    wikilint(&root, &["mv", "pic.png", "img/pic.png"]).expect(0);
    let text = read(&root, "Board.canvas");
    assert_eq!(text, SHUFFLED_CANVAS.replace("\"pic.png\"", "\"img/pic.png\""));

    wikilint(&root, &["mv", "Note.md", "Archive/Note.md"]).expect(0);
    assert_eq!(
        read(&root, "Board.canvas"),
        // [[Note]] still finds the one Note.md: left as written.
        text.replace("\"Note.md\"", "\"Archive/Note.md\""),
    );

    wikilint(&root, &["mv", "Archive/Note#Top", "Archive/Note#Summit"]).expect(0);
    let text = read(&root, "Board.canvas");
    assert!(text.contains(r##"{"subpath":"#Summit","file":"Archive/Note.md","id":"c","type":"file"}"##), "{text}");
    assert_eq!(read(&root, "Archive/Note.md"), "# Summit\n");
}

// 7. Heading texts no link can name as written.

fn heading_vault() -> (TempDir, PathBuf) {
    vault(&[("T.md", "# Top\n## Old\ntext\n"), ("A.md", "[[T#Old]] and [[T#Top#Old|shown]]\n")])
}

#[test]
fn a_new_heading_text_that_links_cannot_hold_is_refused() {
    for new in ["T#New#hash", "T#New | other", "T#New ^block", "T#See [[X]]", "T#a %%hidden%%", "#Top#Other#Old"] {
        let (_tmp, root) = heading_vault();
        let before = snapshot(&root);
        let out = wikilint(&root, &["mv", "T#Old", new]).expect(2);
        assert!(out.stderr.contains("cannot"), "{new}: {}", out.stderr);
        assert_eq!(snapshot(&root), before, "{new}: a refused rename wrote something");
    }
}

#[test]
fn a_new_heading_may_repeat_the_source_chain() {
    let (_tmp, root) = heading_vault();
    wikilint(&root, &["mv", "T#Top#Old", "T#Top#Chapter 1: New"]).expect(0);
    assert_eq!(read(&root, "T.md"), "# Top\n## Chapter 1: New\ntext\n");
    // Obsidian's link form of the heading (`:` dropped), which its matching finds.
    assert_eq!(read(&root, "A.md"), "[[T#Chapter 1 New]] and [[T#Top#Chapter 1 New|shown]]\n");
    let out = on_vault(&root, &["check", "--format", "concise"]);
    assert!(!out.stdout.contains("broken-heading"), "{}", out.stdout);
}

// 4. Read-only files and folders are not touched.

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn linked_vault() -> (TempDir, PathBuf) {
    vault(&[
        ("People/Lenin.md", "# Lenin\n"),
        ("Index.md", "[[People/Lenin]]\n"),
        ("Other.md", "[[People/Lenin|him]]\n"),
        ("Lenin.md", "a namesake at the root\n"),
    ])
}

#[cfg(unix)]
#[test]
fn a_read_only_note_that_would_be_rewritten_stops_the_move() {
    let (_tmp, root) = linked_vault();
    chmod(&root.join("Other.md"), 0o444);
    let before = snapshot(&root);
    let out = wikilint(&root, &["mv", "People/Lenin.md", "Archive/Lenin.md"]).expect(2);
    assert!(out.stderr.contains("Other.md is read-only"), "{}", out.stderr);
    assert_eq!(snapshot(&root), before, "a refused move wrote something");
    assert!(!root.join("Archive").exists());
}

#[cfg(unix)]
#[test]
fn a_read_only_file_or_folder_is_not_moved_either() {
    let (_tmp, root) = linked_vault();
    chmod(&root.join("People/Lenin.md"), 0o444);
    let before = snapshot(&root);
    let out = wikilint(&root, &["mv", "People/Lenin.md", "Archive/Lenin.md"]).expect(2);
    assert!(out.stderr.contains("People/Lenin.md is read-only"), "{}", out.stderr);
    let out = wikilint(&root, &["mv", "People", "Figures"]).expect(2);
    assert!(out.stderr.contains("People/Lenin.md is read-only"), "{}", out.stderr);
    assert_eq!(snapshot(&root), before, "a refused move wrote something");

    chmod(&root.join("People/Lenin.md"), 0o644);
    chmod(&root.join("People"), 0o555);
    let out = wikilint(&root, &["mv", "People/Lenin.md", "Archive/Lenin.md"]).expect(2);
    chmod(&root.join("People"), 0o755);
    assert!(out.stderr.contains("the folder People is read-only"), "{}", out.stderr);
    assert_eq!(snapshot(&root), before, "a refused move wrote something");
}

#[cfg(unix)]
#[test]
fn a_heading_rename_in_a_read_only_note_is_refused() {
    let (_tmp, root) = linked_vault();
    chmod(&root.join("People/Lenin.md"), 0o400);
    let out = wikilint(&root, &["mv", "People/Lenin#Lenin", "People/Lenin#Ulyanov"]).expect(2);
    assert!(out.stderr.contains("People/Lenin.md is read-only"), "{}", out.stderr);
    assert_eq!(read(&root, "People/Lenin.md"), "# Lenin\n");
}

// 3. A rewritten note keeps its owner and group.

#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    fs::metadata(probe.path()).unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn a_rewritten_note_keeps_its_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    if !running_as_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let (_tmp, root) = linked_vault();
    std::os::unix::fs::chown(root.join("Other.md"), Some(1000), Some(1001)).unwrap();
    wikilint(&root, &["mv", "People/Lenin.md", "Archive/Lenin.md"]).expect(0);
    assert_eq!(read(&root, "Other.md"), "[[Archive/Lenin|him]]\n", "the note was rewritten");
    let meta = fs::metadata(root.join("Other.md")).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1000, 1001));
    // A file the process owns stays its own (no chown needed).
    let meta = fs::metadata(root.join("Index.md")).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (0, 0));
}

// 2. A move stopped part-way is settled by the next run.

/// A move of `args` on a vault of `files`, stopped (as by `kill -9`) after each of its
/// changes to the disk in turn; after each, `wikilint check` must leave the vault exactly as
/// it was or exactly as the whole move leaves it (no temporary file, no journal, no link
/// broken), and say which. Returns how many stops ended each way.
fn stop_at_every_step(files: &[(&str, &str)], args: &[&str]) -> (usize, usize) {
    let (_original_dir, original_root) = vault(files);
    let original = snapshot(&original_root);
    let (_moved_dir, moved_root) = vault(files);
    wikilint(&moved_root, args).expect(0);
    let moved = snapshot(&moved_root);
    assert_ne!(original, moved);
    let (mut rolled_back, mut finished) = (0, 0);
    for n in 1.. {
        assert!(n < 200, "the move never ran to its end");
        let (_tmp, root) = vault(files);
        let out = run(&root, args, &[("WIKILINT_TEST_CRASH_AFTER", &n.to_string())]);
        if out.code == Some(0) {
            assert_eq!(snapshot(&root), moved, "the move ran whole with {n}");
            break;
        }
        assert_eq!(out.code, None, "stop {n}: not stopped by the hook\n{}", out.stderr);
        let check = on_vault(&root, &["check", "--format", "concise"]);
        assert!(!check.stdout.contains("broken"), "stop {n}: {}", check.stdout);
        let after = snapshot(&root);
        if after == original {
            assert!(check.stderr.contains("was rolled back"), "stop {n}: {}", check.stderr);
            rolled_back += 1;
        } else {
            assert_eq!(after, moved, "stop {n}: neither the original nor the moved vault\n{}", check.stderr);
            // Stopped after the journal went, the move is whole and there is nothing to say.
            if check.stderr.contains("interrupted") {
                assert!(check.stderr.contains("was finished"), "stop {n}: {}", check.stderr);
            }
            finished += 1;
        }
    }
    (rolled_back, finished)
}

const MOVE_VAULT: &[(&str, &str)] = &[
    ("People/Lenin.md", "# Lenin\n## Exile\n"),
    ("Index.md", "[[People/Lenin]] and [[People/Lenin#Exile]]\n"),
    ("Notes/Deep/A.md", "see [[People/Lenin|him]]\r\n"),
    ("Notes/B.md", "![[People/Lenin]]\n"),
    ("Lenin.md", "a namesake at the root\n"),
    ("Board.canvas", r#"{"nodes":[{"id":"a","type":"file","file":"People/Lenin.md"}]}"#),
];

#[test]
fn a_note_move_stopped_at_any_step_is_rolled_back_or_finished() {
    let (rolled_back, finished) = stop_at_every_step(MOVE_VAULT, &["mv", "People/Lenin.md", "Archive/Old/Lenin.md"]);
    assert!(rolled_back > 5 && finished > 0, "{rolled_back} rolled back, {finished} finished");
}

#[test]
fn a_folder_move_stopped_at_any_step_is_rolled_back_or_finished() {
    let (rolled_back, finished) = stop_at_every_step(MOVE_VAULT, &["mv", "People", "Archive/Figures"]);
    assert!(rolled_back > 5 && finished > 0, "{rolled_back} rolled back, {finished} finished");
}

#[test]
fn a_heading_rename_stopped_at_any_step_is_rolled_back_or_finished() {
    let (rolled_back, finished) = stop_at_every_step(MOVE_VAULT, &["mv", "People/Lenin#Exile", "People/Lenin#Abroad"]);
    assert!(rolled_back > 2 && finished > 0, "{rolled_back} rolled back, {finished} finished");
}

#[test]
fn a_run_stopped_while_settling_leaves_it_to_the_next() {
    let args = ["mv", "People", "Archive/Figures"];
    let (_moved_dir, moved_root) = vault(MOVE_VAULT);
    wikilint(&moved_root, &args).expect(0);
    let moved = snapshot(&moved_root);
    let original = snapshot(&vault(MOVE_VAULT).1);
    for (stop_move, stop_settle) in [(4, 1), (4, 2), (6, 1), (9, 1)] {
        let (_tmp, root) = vault(MOVE_VAULT);
        let out = run(&root, &args, &[("WIKILINT_TEST_CRASH_AFTER", &stop_move.to_string())]);
        assert_eq!(out.code, None);
        let first = on_vault_with(&root, &["check"], &[("WIKILINT_TEST_CRASH_AFTER", &stop_settle.to_string())]);
        assert_eq!(first.code, None, "settling was not stopped: {}", first.stderr);
        on_vault(&root, &["check"]);
        let after = snapshot(&root);
        assert!(after == original || after == moved, "stopped at {stop_move}, then at {stop_settle}: {after:#?}");
    }
}

#[test]
fn a_live_move_is_not_settled_by_another_run() {
    // A journal another process holds (its lock is taken) is that process's business.
    let (_tmp, root) = vault(MOVE_VAULT);
    let writer = wikilint::write::VaultWriter::new(&root).unwrap();
    let journal = writer.begin_journal(br#"{"not":"read"}"#).unwrap();
    let out = on_vault(&root, &["check"]);
    assert!(!out.stderr.contains("interrupted") && !out.stderr.contains("journal"), "{}", out.stderr);
    assert!(root.join(".wikilint").is_dir());
    journal.close().unwrap();
    drop(writer);
    assert!(!root.join(".wikilint").exists());
}

/// Every file under `root` whose name says it is one of wikilint's temporary files, and
/// wikilint's own folder.
fn leftovers(root: &Path) -> Vec<String> {
    snapshot(root)
        .into_keys()
        .filter(|p| p.contains(".wikilint"))
        .chain(root.join(".wikilint").is_dir().then(|| ".wikilint/".to_string()))
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_a_move_undoes_it_and_leaves_nothing_behind() {
    let args = ["mv", "People", "Archive/Figures"];
    let original = snapshot(&vault(MOVE_VAULT).1);
    let (_moved_dir, moved_root) = vault(MOVE_VAULT);
    wikilint(&moved_root, &args).expect(0);
    let moved = snapshot(&moved_root);
    let mut undone = 0;
    for n in 1.. {
        assert!(n < 200, "the move never ran to its end");
        let (_tmp, root) = vault(MOVE_VAULT);
        let out = run(&root, &args, &[("WIKILINT_TEST_SIGNAL_AFTER", &n.to_string())]);
        assert!(leftovers(&root).is_empty(), "Ctrl-C at {n} left {:?}", leftovers(&root));
        if out.code == Some(0) {
            // Ctrl-C came once the rename was made (or never came): the move is whole.
            assert_eq!(snapshot(&root), moved);
            break;
        }
        let out = out.expect(130);
        assert!(out.stderr.contains("interrupted: the move was undone"), "{}", out.stderr);
        undone += 1;
        assert_eq!(snapshot(&root), original, "Ctrl-C at {n}");
    }
    assert!(undone > 5, "{undone}");
}

/// A padded link, which `check --fix` rewrites.
const FIXABLE_VAULT: &[(&str, &str)] = &[("Note.md", "see [[ Other ]]\n"), ("Other.md", "x\n")];

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_another_write_removes_its_temporary_file() {
    // `check --fix` does not defer signals: it stops at once, but takes its temporary file along.
    let (_tmp, root) = vault(FIXABLE_VAULT);
    let before = snapshot(&root);
    let out = on_vault_with(&root, &["check", "--fix"], &[("WIKILINT_TEST_SIGNAL_AFTER", "1")]);
    assert_eq!(out.code, Some(130), "{}", out.stderr);
    assert_eq!(snapshot(&root), before);
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

#[test]
fn temporary_files_of_a_killed_writer_are_removed_by_the_next_run() {
    let (_tmp, root) = vault(FIXABLE_VAULT);
    let out = on_vault_with(&root, &["check", "--fix"], &[("WIKILINT_CRASH_BEFORE_RENAME", "1")]);
    assert_eq!(out.code, None);
    assert!(!leftovers(&root).is_empty(), "the stopped fix left nothing to clean");
    let out = on_vault(&root, &["links"]);
    assert!(out.stderr.contains("removed 1 temporary file"), "{}", out.stderr);
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}
