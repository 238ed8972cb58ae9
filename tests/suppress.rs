//! Silencing what is meant (issue 24 §4): `%% wikilint-… %%` directives in a note,
//! `[per-file-ignores]` and `links-in-comments` in wikilint.toml, and the rules that report
//! suppressions that are wrong (`invalid-suppression`) or silence nothing (`unused-suppression`).
//! Every test runs the binary (or the watcher's engine) on a vault built in a temp dir.

use std::fs;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;
use wikilint::config::Config;
use wikilint::live::{LiveCheck, Sync};

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(root: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(args).arg(root).env("NO_COLOR", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr }
}

/// `path:line:col name` of each finding of `wikilint check --format json` (plus `extra`
/// arguments): every finding, the missing notes that concise folds into their link included.
fn findings_with(root: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let out = run(root, &args);
    assert!(matches!(out.code, 0 | 1), "exit {}: {}{}", out.code, out.stdout, out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!("{}:{}:{} {}", d["path"].as_str().unwrap(), d["line"], d["column"], d["name"].as_str().unwrap())
        })
        .collect()
}

fn findings(root: &Path) -> Vec<String> {
    findings_with(root, &[])
}

// ---------------------------------------------------------------------------------------
// 1. Directives in a note
// ---------------------------------------------------------------------------------------

#[test]
fn next_line_silences_the_named_rules_on_the_next_line_only() {
    let v = vault(&[("A.md", "%% wikilint-disable-next-line broken-link %%\n[[Nope]] x[[A]]\n[[Other]]\n")]);
    let got = findings(v.path());
    // The glued link on the silenced line is still reported, and so is the next line's link;
    // the missing note is a rule of its own.
    assert_eq!(got, ["A.md:2:1 missing-note", "A.md:2:11 glued-link", "A.md:3:1 broken-link", "A.md:3:1 missing-note"]);
}

#[test]
fn rules_are_codes_names_or_prefixes_separated_by_spaces_or_commas() {
    for rules in
        ["broken-link glued-link", "WL101,WL106", "wl101, glued-link", "WL1", "broken-link,,WL106 -- placeholders"]
    {
        let text = format!("%% wikilint-disable-next-line {rules} %%\n[[Nope]] x[[Glued]]\n");
        let v = vault(&[("A.md", &text)]);
        let got = findings(v.path());
        assert!(!got.iter().any(|f| f.contains("broken-link") || f.contains("glued-link")), "{rules:?}: {got:?}");
        assert!(got.iter().any(|f| f.contains("missing-note")), "{rules:?}: missing-note is not named: {got:?}");
    }
}

#[test]
fn no_rules_means_every_rule_and_the_link_makes_no_missing_note() {
    let v = vault(&[("A.md", "%% wikilint-disable-next-line %%\n[[Nope]] x[[Glued]]\n"), ("B.md", "[[Glued]]\n")]);
    let got = findings(v.path());
    assert_eq!(got, ["B.md:1:1 broken-link", "B.md:1:1 missing-note"], "the missing note counts B's link only");
    let out = run(v.path(), &["stubs"]);
    assert!(out.stdout.contains("Glued"), "{}", out.stdout);
    assert!(!out.stdout.contains("Nope"), "a silenced link makes no stub: {}", out.stdout);
    assert!(!out.stdout.contains("A.md"), "{}", out.stdout);
}

#[test]
fn a_missing_note_is_reported_at_its_first_link_not_silenced() {
    let v = vault(&[("A.md", "%% wikilint-disable-next-line missing-note %%\n[[Lenin]]\n[[Lenin]]\n")]);
    let out = run(v.path(), &["check", "--format", "concise", "--select", "missing-note"]);
    assert!(
        out.stdout.contains("A.md:3:1: info[missing-note] missing note \"Lenin\": 1 link from 1 note"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("A.md:2:1: info[missing-note]"), "{}", out.stdout);
}

#[test]
fn disable_silences_from_its_line_on_and_enable_ends_it() {
    let v = vault(&[(
        "A.md",
        "[[Before]]\n\n%% wikilint-disable broken-link %%\n[[During]] [[ Padded]]\n\n%% wikilint-enable broken-link %%\n[[After]]\n",
    )]);
    let got: Vec<String> = findings(v.path()).into_iter().filter(|f| !f.ends_with("missing-note")).collect();
    assert_eq!(got, ["A.md:1:1 broken-link", "A.md:4:12 padded-link", "A.md:7:1 broken-link"]);
}

#[test]
fn disable_all_then_enable_one_rule() {
    let v = vault(&[("A.md", "%% wikilint-disable %%\n%% wikilint-enable glued-link %%\n[[Nope]] x[[A]]\n")]);
    assert_eq!(findings(v.path()), ["A.md:3:11 glued-link"]);
}

#[test]
fn disable_line_silences_its_own_line() {
    let v = vault(&[("A.md", "x[[A]] %% wikilint-disable-line glued-link %%\nx[[A]]\n")]);
    assert_eq!(findings(v.path()), ["A.md:2:2 glued-link"]);
}

#[test]
fn disable_file_covers_the_frontmatter_and_orphan_note() {
    let v = vault(&[
        ("A.md", "---\nauthor:\n---\n%% wikilint-disable-file empty-property orphan-note %%\n"),
        ("B.md", "---\nauthor:\n---\n"),
    ]);
    let got = findings_with(v.path(), &["--select", "empty-property,orphan-note"]);
    assert_eq!(got, ["B.md:1:1 orphan-note", "B.md:2:1 empty-property"]);
}

#[test]
fn a_directive_in_code_is_no_directive() {
    let v = vault(&[(
        "A.md",
        "```\n%% wikilint-disable %%\n```\n`%% wikilint-disable-next-line %%`\n[[Nope]]\n\n    %% wikilint-disable %%\n\nx[[A]]\n",
    )]);
    let got = findings(v.path());
    assert_eq!(got, ["A.md:5:1 broken-link", "A.md:5:1 missing-note", "A.md:9:2 glued-link"]);
}

#[test]
fn the_multi_line_comment_form_counts() {
    // The next line is the one after the comment's closing line.
    let v = vault(&[("A.md", "%%\nwikilint-disable-next-line\n  broken-link, missing-note\n%%\n[[Nope]]\n[[Nope]]\n")]);
    let got = findings(v.path());
    assert_eq!(got, ["A.md:6:1 broken-link", "A.md:6:1 missing-note"]);
}

#[test]
fn an_unknown_rule_or_directive_is_reported() {
    let v = vault(&[(
        "A.md",
        "%% wikilint-disable-next-line broken-links %%\n[[Nope]]\n%% wikilint-disable-nextline broken-link %%\n[[Nope]]\n",
    )]);
    let out = run(v.path(), &["check", "--format", "concise", "--select", "broken-link,invalid-suppression"]);
    assert!(
        out.stdout.contains("A.md:1:31: warning[invalid-suppression] no rule is called \"broken-links\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("A.md:2:1: warning[broken-link]"), "{}", out.stdout);
    assert!(out.stdout.contains("A.md:3:1: warning[invalid-suppression]"), "{}", out.stdout);
    assert!(out.stdout.contains("wikilint-disable-nextline"), "{}", out.stdout);
    assert!(out.stdout.contains("A.md:4:1: warning[broken-link]"), "{}", out.stdout);
}

#[test]
fn a_comment_that_is_no_directive_changes_nothing() {
    let v = vault(&[("A.md", "%% TODO wikilint-disable-next-line %%\n[[Nope]]\n%% wikilint %%\n[[Nope]]\n")]);
    let got = findings(v.path());
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn fix_leaves_a_silenced_finding_alone() {
    let text = "%% wikilint-disable-next-line padded-link %%\n[[ A]]\n[[ A]]\n";
    let v = vault(&[("A.md", text), ("B.md", "[[A]]\n")]);
    let out = run(v.path(), &["check", "--fix", "--format", "concise"]);
    assert!(matches!(out.code, 0 | 1), "{}{}", out.stdout, out.stderr);
    assert_eq!(
        fs::read_to_string(v.path().join("A.md")).unwrap(),
        "%% wikilint-disable-next-line padded-link %%\n[[ A]]\n[[A]]\n"
    );
}

#[test]
fn the_json_report_has_no_silenced_findings() {
    let v = vault(&[("A.md", "%% wikilint-disable-next-line %%\n[[Nope]]\n")]);
    let out = run(v.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{}", out.stdout);
    assert_eq!(json["totals"]["missing_notes"], 0, "{}", out.stdout);
}

/// The watcher's engine agrees with a fresh check as a directive comes and goes.
#[test]
fn a_directive_added_or_removed_while_watching_takes_effect() {
    let v = vault(&[("A.md", "[[Nope]]\n[[ B]]\n"), ("B.md", "[[A]]\n")]);
    let root = v.path();
    let mut live = LiveCheck::new(root, Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap());
    let state = |live: &LiveCheck| -> Vec<String> {
        let mut got: Vec<String> = live
            .diagnostics()
            .iter()
            .map(|d| format!("{}:{}:{} {}", d.path, d.loc.start.line, d.loc.start.col, d.name))
            .collect();
        got.sort();
        got
    };
    let fresh = |root: &Path| {
        let mut got = findings(root);
        got.sort();
        got
    };
    assert_eq!(state(&live), fresh(root));
    assert_eq!(live.totals().missing_notes, 1);

    fs::write(
        root.join("A.md"),
        "%% wikilint-disable-next-line %%\n[[Nope]]\n%% wikilint-disable padded-link %%\n[[ B]]\n",
    )
    .unwrap();
    live.apply(&[Sync("A.md".into())]);
    assert_eq!(state(&live), fresh(root), "directives added");
    assert_eq!(state(&live), Vec::<String>::new());
    assert_eq!(live.totals().missing_notes, 0);

    fs::write(root.join("A.md"), "[[Nope]]\n%% wikilint-disable padded-link %%\n[[ B]]\n").unwrap();
    live.apply(&[Sync("A.md".into())]);
    assert_eq!(state(&live), fresh(root), "one removed");
    assert_eq!(state(&live), ["A.md:1:1 broken-link", "A.md:1:1 missing-note"]);
    assert_eq!(live.totals().missing_notes, 1);
}

// ---------------------------------------------------------------------------------------
// 2. `[per-file-ignores]` in wikilint.toml
// ---------------------------------------------------------------------------------------

#[test]
fn per_file_ignores_silence_rules_in_the_files_a_glob_matches() {
    let toml = "[per-file-ignores]\n\"Templates/*\" = [\"broken-link\", \"WL105\"]\n\"Daily/\" = [\"missing-note\"]\n\"Scratch.md\" = [\"WL1\"]\n";
    let v = vault(&[
        ("wikilint.toml", toml),
        ("Templates/T.md", "[[Placeholder]] [[ T]]\n"),
        ("Templates/Sub/U.md", "[[Deeper]]\n"),
        ("Daily/2024/D.md", "[[Lenin]]\n"),
        ("Notes/Scratch.md", "[[Scratch link]] x[[D]]\n"),
        ("Notes/A.md", "[[Lenin]] [[ A]]\n"),
    ]);
    let got = findings(v.path());
    assert_eq!(
        got,
        [
            // Only missing-note: the daily note's link does not count for it.
            "Daily/2024/D.md:1:1 broken-link",
            "Notes/A.md:1:1 broken-link",
            "Notes/A.md:1:1 missing-note",
            "Notes/A.md:1:11 padded-link",
            // A name without a folder matches the file's name (as ruff): every WL1 finding goes,
            // missing-note stays.
            "Notes/Scratch.md:1:1 missing-note",
            // `*` crosses folders, as in `exclude`.
            "Templates/Sub/U.md:1:1 missing-note",
            "Templates/T.md:1:1 missing-note",
        ]
    );
    let out = run(v.path(), &["check", "--format", "concise", "--select", "missing-note"]);
    assert!(out.stdout.contains("missing note \"Lenin\": 1 link from 1 note"), "{}", out.stdout);
}

#[test]
fn per_file_ignores_of_missing_note_make_no_stubs() {
    let toml = "[per-file-ignores]\n\"Templates/**\" = [\"broken-link\", \"missing-note\"]\n";
    let v = vault(&[("wikilint.toml", toml), ("Templates/T.md", "[[{{title}} notes]]\n"), ("A.md", "[[Lenin]]\n")]);
    let out = run(v.path(), &["stubs"]);
    assert!(out.stdout.contains("Lenin"), "{}", out.stdout);
    assert!(!out.stdout.contains("title"), "{}", out.stdout);
}

#[test]
fn a_bad_per_file_ignore_is_exit_2_pointing_at_it() {
    for (toml, at, says) in [
        ("[per-file-ignores]\n\"Templates/[\" = [\"broken-link\"]\n", "wikilint.toml:2:1", "Templates/["),
        (
            "[per-file-ignores]\n\"Templates/*\" = [\"broken-link\", \"brokn-link\"]\n",
            "wikilint.toml:2:33",
            "brokn-link",
        ),
        ("[per-file-ignores]\n\"Templates/*\" = \"broken-link\"\n", "wikilint.toml:2:", "per-file-ignores"),
    ] {
        let v = vault(&[("A.md", "[[Nope]]\n"), ("wikilint.toml", toml)]);
        let out = run(v.path(), &["check", "--format", "concise"]);
        assert_eq!(out.code, 2, "{toml}: {}{}", out.stdout, out.stderr);
        assert_eq!(out.stdout, "", "{toml}");
        assert!(out.stderr.contains(at), "{toml}: points at {at}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{toml}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// 3. `links-in-comments` in wikilint.toml
// ---------------------------------------------------------------------------------------

const COMMENTED: &str = "[[B]]\n%% [[{{placeholder}}]] [[ B]] x[[B]] [[b]] [[C]] %%\n%%\n[[Block comment]]\n%%\n";

#[test]
fn links_in_comments_are_reported_by_default() {
    let v = vault(&[("A.md", COMMENTED), ("B.md", "[[A]]\n"), ("C.md", "")]);
    let got = findings(v.path());
    for rule in ["broken-link", "missing-note", "padded-link", "glued-link", "link-case-mismatch"] {
        assert!(got.iter().any(|f| f.starts_with("A.md:2:") && f.ends_with(rule)), "{rule}: {got:?}");
    }
    assert!(got.contains(&"A.md:4:1 broken-link".to_string()), "{got:?}");
    let v = vault(&[
        ("A.md", COMMENTED),
        ("B.md", "[[A]]\n"),
        ("C.md", ""),
        ("wikilint.toml", "links-in-comments = \"report\"\n"),
    ]);
    assert_eq!(findings(v.path()), got, "\"report\" is the default");
}

#[test]
fn links_in_comments_ignored_are_not_reported_but_still_link() {
    let v = vault(&[
        ("A.md", COMMENTED),
        ("B.md", "[[A]]\n[[Outside]]\n"),
        ("C.md", ""),
        ("wikilint.toml", "links-in-comments = \"ignore\"\n"),
    ]);
    let got = findings_with(v.path(), &["--select", "WL1,WL2"]);
    // C is linked only from a comment: Obsidian's graph has that link, so C is no orphan.
    assert_eq!(got, ["B.md:2:1 broken-link", "B.md:2:1 missing-note"]);
    let out = run(v.path(), &["stubs"]);
    assert!(out.stdout.contains("Outside"), "{}", out.stdout);
    assert!(!out.stdout.contains("placeholder") && !out.stdout.contains("Block comment"), "{}", out.stdout);
    let out = run(v.path(), &["backlinks", "C", "--vault"]);
    assert!(out.stdout.contains("A.md"), "a commented link is still a backlink: {}{}", out.stdout, out.stderr);
}

#[test]
fn a_bad_links_in_comments_value_is_exit_2_pointing_at_it() {
    let v = vault(&[("A.md", "[[Nope]]\n"), ("wikilint.toml", "exclude = []\nlinks-in-comments = \"hide\"\n")]);
    let out = run(v.path(), &["check", "--format", "concise"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("wikilint.toml:2:21"), "{}", out.stderr);
    assert!(out.stderr.contains("\"report\" or \"ignore\""), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// 4. `unused-suppression`
// ---------------------------------------------------------------------------------------

const UNUSED_ON: &str = "[severity]\nunused-suppression = \"warning\"\n";

const SOME_UNUSED: &str = "%% wikilint-disable-next-line broken-link %%\n[[Nope]]\n\
%% wikilint-disable-next-line glued-link %%\n[[A]]\n\
%% wikilint-disable-next-line broken-link, padded-link %%\n[[Nope2]]\n\
%% wikilint-disable-line %%\n\
%% wikilint-disable-next-line orphan-note %%\n\
%% wikilint-disable-next-line nope -- invalid-suppression says so %%\n";

fn unused(root: &Path, extra: &[&str]) -> Vec<String> {
    findings_with(root, extra).into_iter().filter(|f| f.ends_with(" unused-suppression")).collect()
}

#[test]
fn unused_suppression_is_off_by_default() {
    let v = vault(&[("A.md", SOME_UNUSED)]);
    assert_eq!(unused(v.path(), &[]), Vec::<String>::new());
    let out = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["rule", "unused-suppression"]).output().unwrap();
    let docs = String::from_utf8_lossy(&out.stdout);
    assert!(docs.contains("# WL905 unused-suppression") && docs.contains("## What it does"), "{docs}");
}

#[test]
fn unused_directives_and_unused_rules_in_them_are_reported() {
    let v = vault(&[("A.md", SOME_UNUSED), ("wikilint.toml", UNUSED_ON)]);
    // Not the directive for orphan-note, which does not run, nor the unknown name (WL906's).
    assert_eq!(
        unused(v.path(), &[]),
        ["A.md:3:1 unused-suppression", "A.md:5:44 unused-suppression", "A.md:7:1 unused-suppression"]
    );
    let out = run(v.path(), &["check", "--format", "concise"]);
    assert!(
        out.stdout.contains("A.md:5:44: warning[unused-suppression] `padded-link` in this suppression silenced no finding on the next line"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("A.md:3:1: warning[unused-suppression] `wikilint-disable-next-line glued-link` silenced no finding on the next line"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_directive_for_a_rule_that_does_not_run_is_not_unused() {
    let v = vault(&[("A.md", SOME_UNUSED), ("wikilint.toml", "[per-file-ignores]\n\"A.md\" = [\"padded-link\"]\n")]);
    // Only broken-link and unused-suppression run: the glued-link directive is not judged,
    // padded-link does not run in A.md, and a directive for every rule is judged only when
    // every rule runs.
    assert_eq!(unused(v.path(), &["--select", "broken-link,unused-suppression"]), Vec::<String>::new());
    let v = vault(&[
        ("A.md", SOME_UNUSED),
        (
            "wikilint.toml",
            "[severity]
unused-suppression = \"info\"\nglued-link = \"off\"\n",
        ),
    ]);
    assert_eq!(unused(v.path(), &[]), ["A.md:5:44 unused-suppression"]);
}

#[test]
fn a_silenced_link_that_makes_no_missing_note_is_a_use() {
    let text = "%% wikilint-disable-next-line missing-note %%\n[[Nope]]\n%% wikilint-disable-file orphan-note %%\n";
    let v = vault(&[("A.md", text), ("B.md", "[[A]]\n"), ("wikilint.toml", UNUSED_ON)]);
    // A is no orphan, but whether it is depends on other notes: a directive for orphan-note
    // that covers the top of the note is never judged unused.
    assert_eq!(unused(v.path(), &["--select", "WL1,WL2,unused-suppression"]), Vec::<String>::new());
}

#[test]
fn fix_removes_unused_suppressions() {
    let v = vault(&[("A.md", SOME_UNUSED), ("wikilint.toml", UNUSED_ON)]);
    let out = run(v.path(), &["check", "--fix", "--format", "concise"]);
    assert!(matches!(out.code, 0 | 1), "{}{}", out.stdout, out.stderr);
    assert_eq!(
        fs::read_to_string(v.path().join("A.md")).unwrap(),
        "%% wikilint-disable-next-line broken-link %%\n[[Nope]]\n\
[[A]]\n\
%% wikilint-disable-next-line broken-link %%\n[[Nope2]]\n\
%% wikilint-disable-next-line orphan-note %%\n\
%% wikilint-disable-next-line nope -- invalid-suppression says so %%\n"
    );
    assert_eq!(unused(v.path(), &[]), Vec::<String>::new(), "a second run finds nothing to remove");
    let inline = vault(&[
        ("A.md", "x[[A]] %% wikilint-disable-line glued-link %%\r\ny %%wikilint-disable-line%% z\r\n"),
        ("wikilint.toml", UNUSED_ON),
    ]);
    run(inline.path(), &["check", "--fix"]);
    assert_eq!(
        fs::read_to_string(inline.path().join("A.md")).unwrap(),
        "x[[A]] %% wikilint-disable-line glued-link %%\r\ny z\r\n"
    );
}

/// The watcher agrees with check when a directive's use comes from another file: the note it
/// silences a broken link to is created.
#[test]
fn a_directive_unused_once_its_link_resolves_while_watching() {
    let v =
        vault(&[("A.md", "%% wikilint-disable-next-line broken-link %%\n[[Nope]]\n"), ("wikilint.toml", UNUSED_ON)]);
    let root = v.path();
    let mut live = LiveCheck::new(root, Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap());
    let names = |live: &LiveCheck| -> Vec<String> { live.diagnostics().iter().map(|d| d.name.to_string()).collect() };
    assert_eq!(names(&live), ["missing-note"]);
    fs::write(root.join("Nope.md"), "[[A]]\n").unwrap();
    live.apply(&[Sync("Nope.md".into())]);
    assert_eq!(names(&live), ["unused-suppression"]);
    assert_eq!(unused(root, &[]), ["A.md:1:1 unused-suppression"]);
}

/// Vault-level findings in a note follow its directives while watching: an orphan, and a
/// missing note's odd casing.
#[test]
fn vault_level_findings_follow_a_directive_while_watching() {
    let v = vault(&[
        ("A.md", "[[trotskyism]]\n"),
        ("B.md", "[[Trotskyism]] [[Trotskyism]]\n"),
        ("wikilint.toml", "select = [\"orphan-note\", \"link-case-mismatch\"]\n"),
    ]);
    let root = v.path();
    let mut live = LiveCheck::new(root, Config::load(root, &Default::default(), wikilint::rules::catalog()).unwrap());
    let state = |live: &LiveCheck| -> Vec<String> {
        let mut got: Vec<String> = live
            .diagnostics()
            .iter()
            .map(|d| format!("{}:{}:{} {}", d.path, d.loc.start.line, d.loc.start.col, d.name))
            .collect();
        got.sort();
        got
    };
    assert_eq!(state(&live), ["A.md:1:1 link-case-mismatch", "A.md:1:1 orphan-note", "B.md:1:1 orphan-note"]);
    fs::write(
        root.join("A.md"),
        "%% wikilint-disable-file orphan-note %%\n%% wikilint-disable-next-line %%\n[[trotskyism]]\n",
    )
    .unwrap();
    live.apply(&[Sync("A.md".into())]);
    let mut fresh = findings(root);
    fresh.sort();
    assert_eq!(state(&live), fresh);
    assert_eq!(state(&live), ["B.md:1:1 orphan-note"]);
}
