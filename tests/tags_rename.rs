//! `wikilint tags rename OLD NEW` (issue 26): a tag renamed everywhere, inline and in the `tags`
//! property, with its nested children; a dry run by default, `--write` to apply. Each test runs
//! the built binary on a vault written to a temporary folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

mod support;
use support::{run_in, vault, write_files};

/// Every file of the vault (but `.obsidian/`) with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/");
            if rel.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

const A: &str = "---\ntitle: A\ntags:\n  - project/a\n  - \"#Project\"\n  - idea # why\n---\n# A\n\n\
Working on #project and #Project/b, not #projects nor #project-x.\n\
`#project` in code, $#project$ math, <!-- #project --> html, [[Note#project]], http://x.org/#project.\n\
%% #project in a comment %%\n";

const A_RENAMED: &str = "---\ntitle: A\ntags:\n  - work/a\n  - \"#work\"\n  - idea # why\n---\n# A\n\n\
Working on #work and #work/b, not #projects nor #project-x.\n\
`#project` in code, $#project$ math, <!-- #project --> html, [[Note#project]], http://x.org/#project.\n\
%% #work in a comment %%\n";

/// The forms a tag takes: a block list (plain, quoted, `#`), a flow list under `Tags:`, one
/// string quoted and plain, CRLF with a BOM; and the places `#project` is not the tag.
fn fixture() -> tempfile::TempDir {
    let dir = vault(&[
        ("a.md", A),
        ("b.md", "---\nTags: [project, idea]\ntag: project\n---\nMore #PROJECT/a here.\n"),
        ("d.md", "---\ntags: project\nstatus: done\n---\n"),
        ("e.md", "#projects only, and #project-x\n"),
    ]);
    write_files(dir.path(), &[("c.md", "\u{FEFF}---\r\ntags: 'project'\r\n---\r\nLine #project\r\n".as_bytes())]);
    dir
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let dir = fixture();
    let before = snapshot(dir.path());
    let out = run_in(dir.path(), &["tags", "rename", "project", "work"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for line in [
        "--- a/a.md\n+++ b/a.md\n",
        "-  - project/a\n-  - \"#Project\"\n+  - work/a\n+  - \"#work\"\n",
        "-Working on #project and #Project/b, not #projects nor #project-x.\n",
        "+Working on #work and #work/b, not #projects nor #project-x.\n",
        "-%% #project in a comment %%\n+%% #work in a comment %%\n",
        "-Tags: [project, idea]\n+Tags: [work, idea]\n",
        "--- a/c.md\n",
        "-tags: project\n+tags: work\n",
    ] {
        assert!(out.stdout.contains(line), "missing {line:?} in:\n{}", out.stdout);
    }
    assert!(!out.stdout.contains("e.md"), "{}", out.stdout);
    assert!(out.stdout.contains("would rename #project to #work: 10 occurrences in 4 notes\n"), "{}", out.stdout);
    assert!(out.stdout.contains("dry run: nothing was written"), "{}", out.stdout);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn write_renames_every_form_keeping_every_other_byte() {
    let dir = fixture();
    let out = run_in(dir.path(), &["tags", "rename", "#project", "#work", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "renamed #project to #work: 10 occurrences in 4 notes\n");
    let root = dir.path();
    assert_eq!(read(root, "a.md"), A_RENAMED);
    // `tag:` is not read since Obsidian 1.9 (spec §6.3): left as it is.
    assert_eq!(read(root, "b.md"), "---\nTags: [work, idea]\ntag: project\n---\nMore #work/a here.\n");
    assert_eq!(fs::read(root.join("c.md")).unwrap(), "\u{FEFF}---\r\ntags: 'work'\r\n---\r\nLine #work\r\n".as_bytes());
    assert_eq!(read(root, "d.md"), "---\ntags: work\nstatus: done\n---\n");
    assert_eq!(read(root, "e.md"), "#projects only, and #project-x\n");
    // The tags pane agrees: no #project left, #work with its children.
    let tags = run_in(root, &["tags"]).stdout;
    assert!(!tags.contains("#project\n") && !tags.contains("#project/"), "{tags}");
    assert!(tags.contains("#work"), "{tags}");
    // Nothing left to rename.
    let again = run_in(root, &["tags", "rename", "project", "work"]);
    assert_eq!(again.code, Some(2), "{}", again.stdout);
    assert!(again.stderr.contains("no tag #project"), "{}", again.stderr);
}

#[test]
fn a_nested_tag_renames_its_children_only() {
    let dir =
        vault(&[("a.md", "---\ntags: [project/a, project, project/b]\n---\n#project/a/deep #Project/A #project\n")]);
    let out = run_in(dir.path(), &["tags", "rename", "project/a", "area", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(dir.path(), "a.md"), "---\ntags: [area, project, project/b]\n---\n#area/deep #area #project\n");
    assert_eq!(out.stdout, "renamed #project/a to #area: 3 occurrences in 1 note\n");
}

#[test]
fn the_new_name_is_quoted_where_yaml_would_read_something_else() {
    let dir = vault(&[
        ("f.md", "---\ntags:\n  - project\n  - other\n---\n"),
        ("g.md", "---\ntags: [project, x]\n---\n#project\n"),
        ("h.md", "---\ntags: project\n---\n"),
    ]);
    let out = run_in(dir.path(), &["tags", "rename", "project", "true", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(dir.path(), "f.md"), "---\ntags:\n  - \"true\"\n  - other\n---\n");
    assert_eq!(read(dir.path(), "g.md"), "---\ntags: [\"true\", x]\n---\n#true\n");
    assert_eq!(read(dir.path(), "h.md"), "---\ntags: \"true\"\n---\n");
    let tags = run_in(dir.path(), &["tags"]).stdout;
    assert_eq!(tags, "#other  1\n#true   4\n#x      1\n");
}

#[test]
fn a_new_name_obsidian_would_not_take_is_refused_with_the_reason() {
    let dir = vault(&[("a.md", "#project\n")]);
    let before = snapshot(dir.path());
    for (new, reason) in [
        ("reading list", "space"),
        ("1984", "only of digits"),
        ("v1.2", "`.`"),
        ("a/", "/"),
        ("#", "empty"),
        ("", "empty"),
    ] {
        let out = run_in(dir.path(), &["tags", "rename", "project", new, "--write"]);
        assert_eq!(out.code, Some(2), "{new:?}: {}", out.stdout);
        assert!(out.stderr.contains(reason), "{new:?}: {}", out.stderr);
        assert_eq!(snapshot(dir.path()), before, "{new:?}");
    }
}

#[test]
fn merging_into_an_existing_tag_is_said_and_duplicates_are_dropped() {
    let dir = vault(&[
        ("m1.md", "---\ntags: [project, work]\n---\n"),
        ("m2.md", "---\ntags:\n  - work\n  - project\n  - idea\n---\n#project\n"),
        ("m3.md", "---\ntags: [Project, idea]\n---\n"),
        ("w.md", "#Work/x\n"),
    ]);
    let out = run_in(dir.path(), &["tags", "rename", "project", "work"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("would rename #project to #work: 4 occurrences in 3 notes; merged into existing tag #work\n"),
        "{}",
        out.stdout
    );
    let out = run_in(dir.path(), &["tags", "rename", "project", "work", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("m1.md: `tags` lists work already: the renamed entry is dropped"), "{}", out.stdout);
    assert!(out.stdout.contains("m2.md: `tags` lists work already: the renamed entry is dropped"), "{}", out.stdout);
    assert!(
        out.stdout.ends_with("renamed #project to #work: 4 occurrences in 3 notes; merged into existing tag #work\n"),
        "{}",
        out.stdout
    );
    assert_eq!(read(dir.path(), "m1.md"), "---\ntags: [work]\n---\n");
    assert_eq!(read(dir.path(), "m2.md"), "---\ntags:\n  - work\n  - idea\n---\n#work\n");
    assert_eq!(read(dir.path(), "m3.md"), "---\ntags: [work, idea]\n---\n");
}

#[test]
fn paths_limit_the_notes_renamed() {
    let dir = vault(&[("notes/x.md", "#project\n"), ("y.md", "#project\n")]);
    let out = run_in(dir.path(), &["tags", "rename", "project", "work", "notes", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "renamed #project to #work: 1 occurrence in 1 note\n");
    assert_eq!(read(dir.path(), "notes/x.md"), "#work\n");
    assert_eq!(read(dir.path(), "y.md"), "#project\n");
}

#[test]
fn the_vault_flag_works_from_elsewhere() {
    let dir = vault(&[("x.md", "#project\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let out = run_in(elsewhere.path(), &["tags", "rename", "project", "work", "--vault", root, "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(dir.path(), "x.md"), "#work\n");
}

#[test]
fn an_unknown_tag_is_refused() {
    let dir = vault(&[("x.md", "#project\n")]);
    let out = run_in(dir.path(), &["tags", "rename", "nope", "work"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no tag #nope"), "{}", out.stderr);
}

#[test]
fn tags_obsidian_drops_are_renamed_all_the_same_and_said() {
    let dir =
        vault(&[("s.md", "---\ntags: project, idea\n---\n"), ("t.md", "---\ntags:\n  - #project\n  - other\n---\n")]);
    let out = run_in(dir.path(), &["tags", "rename", "project", "work", "--write"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(dir.path(), "s.md"), "---\ntags: work, idea\n---\n");
    assert_eq!(read(dir.path(), "t.md"), "---\ntags:\n  - #work\n  - other\n---\n");
    assert!(
        out.stdout.contains("s.md: Obsidian reads no tag in `tags: project, idea` (invalid-tag)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("t.md: Obsidian reads no tag in `- #project` (invalid-tag)"), "{}", out.stdout);
}

#[test]
fn a_heading_link_the_rename_would_break_is_refused() {
    let dir = vault(&[("A.md", "## Plans #project\n\nText.\n"), ("B.md", "See [[A#Plans project]].\n")]);
    let before = snapshot(dir.path());
    for args in [&["tags", "rename", "project", "work"][..], &["tags", "rename", "project", "work", "--write"]] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.code, Some(2), "{}", out.stdout);
        assert!(out.stderr.contains("B.md"), "{}", out.stderr);
        assert!(out.stderr.contains("[[A#Plans project]]"), "{}", out.stderr);
        assert!(out.stderr.contains("the heading \"Plans #project\" of A.md"), "{}", out.stderr);
        assert!(out.stderr.contains("makes \"Plans #work\", so the link would break"), "{}", out.stderr);
        assert_eq!(snapshot(dir.path()), before);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_note_is_refused_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = vault(&[("a.md", "#project\n"), ("b.md", "#project\n")]);
    fs::set_permissions(dir.path().join("b.md"), fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(dir.path());
    let out = run_in(dir.path(), &["tags", "rename", "project", "work", "--write"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("b.md") && out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn the_listing_still_works_beside_rename() {
    let dir = vault(&[("a.md", "#project\n"), ("rename/b.md", "#other\n")]);
    let out = run_in(dir.path(), &["tags"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "#other    1\n#project  1\n");
    let out = run_in(dir.path(), &["tags", "./rename"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "#other  1\n");
}

/// `wikilint ARGS` in `dir` with `env` set: exit code (None when aborted), stdout, stderr.
fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> support::Out {
    let mut cmd = assert_cmd::Command::cargo_bin("wikilint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").args(args).timeout(std::time::Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    support::Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn three_notes() -> tempfile::TempDir {
    vault(&[("a.md", "#project\n"), ("b.md", "---\ntags: [project]\n---\n"), ("c.md", "x #project/a\n")])
}

/// Killed at any change it makes to the disk, the rename leaves the vault as it was or whole,
/// once the next run (of any command) has settled its journal; never a mix.
#[test]
fn a_rename_killed_at_any_step_is_undone_or_whole() {
    let whole = {
        let dir = three_notes();
        run_in(dir.path(), &["tags", "rename", "project", "work", "--write"]);
        snapshot(dir.path())
    };
    let mut rolled_back = 0;
    for n in 1.. {
        assert!(n < 100, "the rename never ran to its end");
        let dir = three_notes();
        let original = snapshot(dir.path());
        let args = ["tags", "rename", "project", "work", "--write"];
        let out = run_with_env(dir.path(), &args, &[("WIKILINT_TEST_CRASH_AFTER", &n.to_string())]);
        if out.code == Some(0) {
            assert_eq!(snapshot(dir.path()), whole, "ran whole with {n}");
            break;
        }
        assert_eq!(out.code, None, "stop {n}: not stopped by the hook\n{}", out.stderr);
        let next = run_in(dir.path(), &["tags"]);
        let after = snapshot(dir.path());
        if after == original {
            if next.stderr.contains("interrupted") {
                assert!(
                    next.stderr.contains("`wikilint tags rename #project #work`")
                        && next.stderr.contains("was rolled back: every note holds its old text"),
                    "stop {n}: {}",
                    next.stderr
                );
                rolled_back += 1;
            }
        } else {
            assert_eq!(after, whole, "stop {n}: neither as it was nor renamed\n{}", next.stderr);
        }
        assert!(
            !dir.path()
                .join(".wikilint")
                .read_dir()
                .is_ok_and(|mut d| d.any(|e| { e.unwrap().file_name().to_string_lossy().starts_with("journal") })),
            "stop {n}: a journal is left"
        );
    }
    assert!(rolled_back > 0, "no stop left notes to give back");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_while_writing_undoes_the_rename() {
    let dir = three_notes();
    let before = snapshot(dir.path());
    let args = ["tags", "rename", "project", "work", "--write"];
    let out = run_with_env(dir.path(), &args, &[("WIKILINT_TEST_SIGNAL_AFTER", "4")]);
    assert_eq!(out.code, Some(130), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("interrupted: the rename was undone; no note was changed"), "{}", out.stderr);
    assert_eq!(snapshot(dir.path()), before);
}

/// A note that is a symbolic link (to a file outside the vault, here) is not written through:
/// the dry run already says the rename is refused, and names it.
#[cfg(unix)]
#[test]
fn a_note_that_is_a_symbolic_link_is_refused_before_anything() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("out.md"), "#project\n").unwrap();
    let dir = vault(&[("a.md", "#project\n")]);
    std::os::unix::fs::symlink(outside.path().join("out.md"), dir.path().join("z.md")).unwrap();
    for args in [&["tags", "rename", "project", "work"][..], &["tags", "rename", "project", "work", "--write"]] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains("z.md is a symbolic link"), "{}", out.stderr);
        assert_eq!(read(dir.path(), "a.md"), "#project\n");
        assert_eq!(read(outside.path(), "out.md"), "#project\n");
    }
}
