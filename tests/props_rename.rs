//! `wikilint props rename OLD NEW` (issue 26): a property key renamed in every note's
//! frontmatter and in `.obsidian/types.json`, values, comments, order and style kept; a dry run
//! (a diff) unless `--write`; refused as a whole where a note already holds NEW with another
//! value. From the built binary on vaults written to temporary folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

mod support;
use support::{Out, run_in, vault, write_files};

/// Every file of the vault (`.obsidian/` included) with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == ".wikilint") {
                    continue;
                }
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn read(root: &Path, rel: &str) -> String {
    String::from_utf8(fs::read(root.join(rel)).unwrap()).unwrap()
}

fn rename(root: &Path, args: &[&str]) -> Out {
    let mut all = vec!["props", "rename"];
    all.extend_from_slice(args);
    run_in(root, &all)
}

#[test]
fn the_dry_run_prints_a_diff_and_writes_nothing() {
    let dir = vault(&[
        ("a.md", "---\ntitle: A\nstatus: draft\n---\nBody\n"),
        ("notes/b.md", "---\nStatus: done\n---\n"),
        ("c.md", "---\nother: 1\n---\n"),
    ]);
    let before = tree(dir.path());
    let out = rename(dir.path(), &["status", "state"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    for line in ["--- a/a.md", "+++ b/a.md", "-status: draft", "+state: draft", "-Status: done", "+state: done"] {
        assert!(out.stdout.lines().any(|l| l == line), "no line {line:?} in:\n{}", out.stdout);
    }
    assert!(!out.stdout.contains("c.md"), "{}", out.stdout);
    assert!(out.stdout.contains("would rename the property status to state in 2 notes"), "{}", out.stdout);
    assert!(out.stdout.ends_with("dry run: nothing was written (--write to apply)\n"), "{}", out.stdout);
    assert_eq!(tree(dir.path()), before, "a dry run changed files");
}

#[test]
fn write_renames_only_the_key_and_keeps_every_other_byte() {
    let crlf =
        "\u{feff}---\r\ntitle: X  # a comment\r\n\"status\": [a, b] # why\r\nother: 1\r\n---\r\nBody status: here\r\n";
    let block = "---\n# top comment\nstatus:\n  - one   # first\n  # between\n  - two\nlast: 'x'\n---\n\nstatus: not frontmatter\n";
    let single = "---\n'status' : yes\n---\n";
    let dir = vault(&[("crlf.md", crlf), ("block.md", block), ("single.md", single), ("none.md", "no frontmatter\n")]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        read(dir.path(), "crlf.md"),
        "\u{feff}---\r\ntitle: X  # a comment\r\n\"state\": [a, b] # why\r\nother: 1\r\n---\r\nBody status: here\r\n"
    );
    assert_eq!(
        read(dir.path(), "block.md"),
        "---\n# top comment\nstate:\n  - one   # first\n  # between\n  - two\nlast: 'x'\n---\n\nstatus: not frontmatter\n"
    );
    assert_eq!(read(dir.path(), "single.md"), "---\n'state' : yes\n---\n");
    assert_eq!(read(dir.path(), "none.md"), "no frontmatter\n");
    assert!(out.stdout.contains("renamed the property status to state in 3 notes"), "{}", out.stdout);
    // A second run has nothing left to rename.
    let again = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(again.code, Some(2), "{}\n{}", again.stdout, again.stderr);
    assert!(again.stderr.contains("no note has the property status"), "{}", again.stderr);
}

#[test]
fn every_casing_of_old_is_renamed_since_obsidian_ignores_case() {
    let dir = vault(&[("a.md", "---\nSTATUS: x\n---\n"), ("b.md", "---\nstatus: y\n---\n")]);
    let out = rename(dir.path(), &["Status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "a.md"), "---\nstate: x\n---\n");
    assert_eq!(read(dir.path(), "b.md"), "---\nstate: y\n---\n");
}

#[test]
fn renaming_to_another_casing_unifies_the_casings() {
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n"), ("b.md", "---\nStatus: y\n---\n")]);
    let out = rename(dir.path(), &["status", "Status", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "a.md"), "---\nStatus: x\n---\n");
    assert_eq!(read(dir.path(), "b.md"), "---\nStatus: y\n---\n");
    assert!(out.stdout.contains("in 1 note\n"), "{}", out.stdout);
}

#[test]
fn a_note_with_new_holding_the_same_value_loses_the_old_lines_and_is_named() {
    let dir = vault(&[
        ("same.md", "---\nstatus:\n  - a\n  - b\nstate: [a, b]\nafter: 1\n---\n"),
        ("plain.md", "---\nstatus: z\n---\n"),
    ]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "same.md"), "---\nstate: [a, b]\nafter: 1\n---\n");
    assert_eq!(read(dir.path(), "plain.md"), "---\nstate: z\n---\n");
    assert!(
        out.stdout.contains("removed status from 1 note that already had state with the same value:\n  same.md\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_note_with_new_holding_another_value_refuses_the_whole_run() {
    let dir = vault(&[
        ("fine.md", "---\nstatus: z\n---\n"),
        ("clash.md", "---\nstatus: draft\nState: done\n---\n"),
        ("clash2.md", "---\nstatus: 1\nstate: 2\n---\n"),
    ]);
    let before = tree(dir.path());
    for args in [&["status", "state"][..], &["status", "state", "--write"]] {
        let out = rename(dir.path(), args);
        assert_eq!(out.code, Some(2), "{}\n{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("refused"), "{}", out.stderr);
        assert!(out.stderr.contains("clash.md: status: draft, State: done"), "{}", out.stderr);
        assert!(out.stderr.contains("clash2.md: status: 1, state: 2"), "{}", out.stderr);
        assert!(!out.stderr.contains("fine.md"), "{}", out.stderr);
        assert_eq!(tree(dir.path()), before, "a refused run changed files");
    }
}

#[test]
fn the_types_json_entry_moves_with_its_formatting() {
    let types =
        "{\n  \"types\": {\n    \"aliases\": \"aliases\",\n    \"status\": \"text\",\n    \"tags\": \"tags\"\n  }\n}";
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    write_files(dir.path(), &[(".obsidian/types.json", types.as_bytes())]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        read(dir.path(), ".obsidian/types.json"),
        "{\n  \"types\": {\n    \"aliases\": \"aliases\",\n    \"state\": \"text\",\n    \"tags\": \"tags\"\n  }\n}"
    );
    assert!(out.stdout.contains(".obsidian/types.json"), "{}", out.stdout);
}

#[test]
fn a_types_json_entry_alone_is_moved_too() {
    let types = "{\"types\":{\"status\":\"text\"}}";
    let dir = vault(&[("a.md", "no properties\n")]);
    write_files(dir.path(), &[(".obsidian/types.json", types.as_bytes())]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), ".obsidian/types.json"), "{\"types\":{\"state\":\"text\"}}");
}

#[test]
fn types_json_with_new_of_the_same_type_loses_the_old_entry() {
    let types = "{\n  \"types\": {\n    \"state\": \"text\",\n    \"status\": \"text\"\n  }\n}\n";
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    write_files(dir.path(), &[(".obsidian/types.json", types.as_bytes())]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), ".obsidian/types.json"), "{\n  \"types\": {\n    \"state\": \"text\"\n  }\n}\n");
}

#[test]
fn types_json_with_new_of_another_type_refuses() {
    let types = "{\n  \"types\": {\n    \"status\": \"text\",\n    \"state\": \"number\"\n  }\n}\n";
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    write_files(dir.path(), &[(".obsidian/types.json", types.as_bytes())]);
    let before = tree(dir.path());
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(2), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("types.json"), "{}", out.stderr);
    assert!(out.stderr.contains("number"), "{}", out.stderr);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn frontmatter_that_is_not_valid_yaml_is_left_alone_and_listed() {
    let broken = "---\nstatus: [unclosed\nother: x\n---\n";
    let dir = vault(&[("broken.md", broken), ("ok.md", "---\nstatus: x\n---\n")]);
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "broken.md"), broken);
    assert_eq!(read(dir.path(), "ok.md"), "---\nstate: x\n---\n");
    assert!(
        out.stdout.contains(
            "left alone, their frontmatter is not valid YAML (Obsidian ignores its properties):\n  broken.md\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_new_name_yaml_would_misread_is_quoted() {
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    let out = rename(dir.path(), &["status", "due: date", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "a.md"), "---\n\"due: date\": x\n---\n");
    let props = run_in(dir.path(), &["props", "--format", "json"]);
    assert!(props.stdout.contains("\"name\": \"due: date\""), "{}", props.stdout);
}

#[test]
fn links_in_the_renamed_property_still_resolve() {
    let dir = vault(&[("A.md", "---\nup: \"[[B]]\"\n---\n[[B]]\n"), ("B.md", "")]);
    let links = |d: &Path| {
        run_in(d, &["links"]).stdout.lines().map(|l| l.rsplit(" -> ").next().unwrap().to_string()).collect::<Vec<_>>()
    };
    let before = links(dir.path());
    let out = rename(dir.path(), &["up", "parent", "--write"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert_eq!(read(dir.path(), "A.md"), "---\nparent: \"[[B]]\"\n---\n[[B]]\n");
    assert_eq!(links(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn a_read_only_note_refuses_the_run_and_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n"), ("locked.md", "---\nstatus: y\n---\n")]);
    fs::set_permissions(dir.path().join("locked.md"), fs::Permissions::from_mode(0o444)).unwrap();
    let before = tree(dir.path());
    let out = rename(dir.path(), &["status", "state", "--write"]);
    assert_eq!(out.code, Some(2), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("locked.md is read-only"), "{}", out.stderr);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn bad_names_are_refused() {
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    for (args, says) in [
        (&["status", "status"][..], "the same name"),
        (&["status", ""], "empty"),
        (&["status", "a\nb"], "line break"),
        (&["nothing", "else"], "no note has the property nothing"),
    ] {
        let out = rename(dir.path(), args);
        assert_eq!(out.code, Some(2), "{args:?}\n{}\n{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn the_listing_still_takes_a_query() {
    let dir = vault(&[("a.md", "---\nstatus: x\n---\n")]);
    let out = run_in(dir.path(), &["props", "status"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "x  1\n");
    let out = run_in(dir.path(), &["props"]);
    assert!(out.stdout.starts_with("PROPERTY"), "{}", out.stdout);
}

/// `wikilint ARGS` in `dir` with extra environment variables (the crash and signal hooks).
fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = assert_cmd::Command::cargo_bin("wikilint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.timeout(std::time::Duration::from_secs(60)).output().unwrap();
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const THREE_NOTES: &[(&str, &str)] =
    &[("a.md", "---\nstatus: a\n---\n"), ("b/b.md", "---\nstatus: b\n---\n"), ("c.md", "---\nStatus: c\n---\n")];

/// The vault before and after a whole rename.
fn before_and_after() -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let dir = vault(THREE_NOTES);
    let before = tree(dir.path());
    assert_eq!(rename(dir.path(), &["status", "state", "--write"]).code, Some(0));
    (before, tree(dir.path()))
}

#[test]
fn a_rename_killed_at_any_step_is_settled_whole_or_not_at_all_by_the_next_run() {
    let (original, renamed) = before_and_after();
    let (mut undone, mut whole) = (0, 0);
    for n in 1.. {
        assert!(n < 100, "the rename never ran to its end");
        let dir = vault(THREE_NOTES);
        let out = run_with(
            dir.path(),
            &["props", "rename", "status", "state", "--write"],
            &[("WIKILINT_TEST_CRASH_AFTER", &n.to_string())],
        );
        if out.code == Some(0) {
            assert_eq!(tree(dir.path()), renamed);
            break;
        }
        assert_eq!(out.code, None, "stop {n}: not stopped by the hook\n{}", out.stderr);
        let next = run_in(dir.path(), &["props"]);
        let after = tree(dir.path());
        if after == original {
            undone += 1;
        } else {
            assert_eq!(after, renamed, "stop {n}: neither the original nor the renamed vault\n{}", next.stderr);
            whole += 1;
        }
    }
    assert!(undone >= 3, "{undone} {whole}");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_a_rename_puts_back_what_was_written() {
    let (original, renamed) = before_and_after();
    let mut undone = 0;
    for n in 1.. {
        assert!(n < 100, "the rename never ran to its end");
        let dir = vault(THREE_NOTES);
        let out = run_with(
            dir.path(),
            &["props", "rename", "status", "state", "--write"],
            &[("WIKILINT_TEST_SIGNAL_AFTER", &n.to_string())],
        );
        if out.code == Some(0) {
            assert_eq!(tree(dir.path()), renamed);
            break;
        }
        assert_eq!(out.code, Some(130), "Ctrl-C at {n}\n{}", out.stderr);
        assert!(out.stderr.contains("interrupted: every note written was put back"), "{}", out.stderr);
        assert_eq!(tree(dir.path()), original, "Ctrl-C at {n}");
        assert!(!dir.path().join(".wikilint").exists(), "Ctrl-C at {n} left the journal");
        undone += 1;
    }
    assert!(undone >= 3, "{undone}");
}

#[cfg(unix)]
#[test]
fn a_closed_stderr_is_no_panic() {
    // `wikilint props rename … 2>&1 | head -1` closes the pipe under a long refusal.
    let dir = vault(&[("a.md", "---\nstatus: 1\nstate: 2\n---\n")]);
    let bin = assert_cmd::cargo::cargo_bin("wikilint");
    // The reader is gone before wikilint writes (the sleep); its exit code goes to a file.
    let code = |args: &str| {
        let script = format!("(sleep 0.3; '{}' {args}; echo $? > code) 2>&1 | true", bin.display());
        let out = std::process::Command::new("sh").arg("-c").arg(script).current_dir(dir.path()).output().unwrap();
        assert!(out.status.success());
        fs::read_to_string(dir.path().join("code")).unwrap().trim().to_string()
    };
    assert_eq!(code("props rename status state"), "2");
    // The listing's own message, for a property no note has.
    assert_eq!(code("props nothing"), "0");
}
