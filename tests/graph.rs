//! The link graph as a tool (issue 8): `wikilint backlinks`, `orphans`, `graph` and
//! `report --html` on the seed vault and on `vault-fixtures/graph/`, and the `orphan-note` rule.
//! The report page in a real headless browser is tested in `tests/report_html.rs`.
//!
//! Runs the built binary from the manifest dir, so snapshots hold relative paths only.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use insta::assert_snapshot;
use tempfile::TempDir;

const SEED: &str = "vault-fixtures/seed";
const FIXTURE: &str = "vault-fixtures/graph";

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "the binary panicked:\n{}", out.stderr);
    out
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs from the manifest dir and expects exit 0.
fn ok(args: &[&str]) -> String {
    let out = run_in(manifest(), args);
    assert_eq!(out.code, Some(0), "{args:?}\nstdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
    out.stdout
}

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

// ---------------------------------------------------------------------------------------
// backlinks
// ---------------------------------------------------------------------------------------

#[test]
fn backlinks_fixture() {
    // Frontmatter links count; the sentence of a long line; a link from the templates folder counts.
    assert_snapshot!("backlinks_index", ok(&["backlinks", "Index", "--vault", FIXTURE]));
    assert_snapshot!("backlinks_lenin", ok(&["backlinks", "Lenin", "--vault", FIXTURE]));
    assert_snapshot!("backlinks_lenin_json", ok(&["backlinks", "Lenin", "--vault", FIXTURE, "--format", "json"]));
}

#[test]
fn backlinks_note_given_as_path_link_or_folder_qualified_name() {
    let by_name = ok(&["backlinks", "Lenin", "--vault", FIXTURE]);
    for given in [
        "People/Lenin.md",
        "People/Lenin",
        "[[lenin]]",
        "[[Lenin#Lenin|V. I.]]",
        "vault-fixtures/graph/People/Lenin.md",
    ] {
        assert_eq!(ok(&["backlinks", given, "--vault", FIXTURE]), by_name, "{given}");
    }
    // Hidden links (inside an ad- block) and Markdown links with %20 are backlinks too.
    let essay = ok(&["backlinks", "Essay One", "--vault", FIXTURE]);
    assert!(essay.contains("Index.md:7:3:"), "{essay}");
    assert!(essay.contains("(hidden: in an ad- block)"), "{essay}");
}

#[test]
fn backlinks_unknown_or_ambiguous_note_is_said_clearly() {
    let out = run_in(manifest(), &["backlinks", "Lenine", "--vault", FIXTURE]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no note \"Lenine\""), "{}", out.stderr);

    let v = vault(&[("a/Note.md", ""), ("b/Note.md", ""), ("Sub/x.md", "[[a/Note]]")]);
    let out = run_in(v.path(), &["backlinks", "Note", "--vault", "."]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("ambiguous") && out.stderr.contains("a/Note.md, b/Note.md"), "{}", out.stderr);
    // The path chooses; no file at the vault root is needed to resolve from it.
    let out = run_in(v.path(), &["backlinks", "a/Note", "--vault", "."]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "a/Note.md: 1 link from 1 note\nSub/x.md:1:1: [[a/Note]]\n");
}

/// A note that does not exist yet has links waiting for it: they are listed, found in any
/// case and with `.md`, and the header says the note is missing.
#[test]
fn backlinks_of_a_missing_note() {
    let out = ok(&["backlinks", "Missing Idea", "--vault", FIXTURE]);
    assert_eq!(
        out,
        "Missing Idea (does not exist yet): 3 links from 2 notes\n\
         Index.md:5:27: - An idea still to write: [[Missing Idea]], again as [[missing idea]].\n\
         Index.md:5:54: - An idea still to write: [[Missing Idea]], again as [[missing idea]].\n\
         People/Trotsky.md:3:47: [[Lenin]], then [[Lenin|Vladimir]] again, and [[Missing Idea]].\n"
    );
    assert_eq!(ok(&["backlinks", "missing idea.md", "--vault", FIXTURE]), out);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["backlinks", "[[Missing Idea]]", "--vault", FIXTURE, "--format", "json"])).unwrap();
    assert_eq!(json["note"], "Missing Idea");
    assert_eq!(json["missing"], true);
    assert_eq!(json["backlinks"].as_array().unwrap().len(), 3);
    // An existing note's JSON has no `missing` key.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["backlinks", "Lenin", "--vault", FIXTURE, "--format", "json"])).unwrap();
    assert!(json.get("missing").is_none());
}

/// An alias of one note names that note (as for `mentions`); an alias several notes share
/// and a name nothing matches are errors (exit 2).
#[test]
fn backlinks_of_an_alias() {
    let v = vault(&[
        ("People/Lenin.md", "---\naliases: [Ilyich, Comrade]\n---\n"),
        ("Other.md", "---\naliases: [Comrade]\n---\n"),
        ("a.md", "See [[Lenin]].\n"),
    ]);
    let by_alias = run_in(v.path(), &["backlinks", "ilyich", "--vault", "."]);
    assert_eq!(by_alias.code, Some(0), "{}", by_alias.stderr);
    assert_eq!(by_alias.stdout, "People/Lenin.md: 1 link from 1 note\na.md:1:5: See [[Lenin]].\n");
    let shared = run_in(v.path(), &["backlinks", "Comrade", "--vault", "."]);
    assert_eq!(shared.code, Some(2));
    assert!(
        shared.stderr.contains("alias of several notes") && shared.stderr.contains("Other.md"),
        "{}",
        shared.stderr
    );
    assert_eq!(run_in(v.path(), &["backlinks", "Nobody", "--vault", "."]).code, Some(2));
}

// ---------------------------------------------------------------------------------------
// orphans and the orphan-note rule
// ---------------------------------------------------------------------------------------

#[test]
fn orphans_fixture_and_seed() {
    // Lonely.md links only to itself; Dusty.md is linked from the excluded Archive/, the
    // templates folder and Archive/ are not listed, a canvas card rescues `Embedded only.md`.
    assert_snapshot!("orphans_fixture", ok(&["orphans", FIXTURE]));
    assert_snapshot!("orphans_fixture_json", ok(&["orphans", FIXTURE, "--format", "json"]));
    assert_snapshot!("orphans_seed", ok(&["orphans", SEED]));
}

#[test]
fn orphan_note_rule_is_off_by_default() {
    let out = run_in(manifest(), &["check", FIXTURE, "--format", "concise"]);
    assert!(!out.stdout.contains("orphan-note"), "{}", out.stdout);
    let out = run_in(manifest(), &["check", FIXTURE, "--format", "concise", "--select", "orphan-note"]);
    assert_eq!(
        out.stdout.lines().filter(|l| l.contains("[orphan-note]")).collect::<Vec<_>>(),
        ["Lonely.md:1:1: info[orphan-note] no other note links to this note"]
    );
    let v = vault(&[("A.md", ""), ("wikilint.toml", "[severity]\norphan-note = \"warning\"\n")]);
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    assert!(out.stdout.contains("A.md:1:1: warning[orphan-note]"), "{}", out.stdout);
    let v = vault(&[("A.md", ""), ("wikilint.toml", "[severity]\nWL = \"warning\"\n")]);
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    assert!(!out.stdout.contains("orphan-note"), "a prefix does not turn it on: {}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------

#[test]
fn graph_fixture_formats() {
    assert_snapshot!("graph_fixture_dot", ok(&["graph", FIXTURE, "--include-missing"]));
    assert_snapshot!("graph_fixture_json", ok(&["graph", FIXTURE, "--format", "json", "--include-missing"]));
    assert_snapshot!("graph_fixture_graphml", ok(&["graph", FIXTURE, "--format", "graphml", "--include-missing"]));
    assert_snapshot!("graph_fixture_dot_no_attachments", ok(&["graph", FIXTURE, "--no-attachments"]));
}

#[test]
fn graph_seed() {
    assert_snapshot!("graph_seed_dot", ok(&["graph", SEED, "--include-missing"]));
    assert_snapshot!("graph_seed_json", ok(&["graph", SEED, "--format", "json"]));
}

#[test]
fn graph_output_file_and_determinism() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.graphml");
    let printed = ok(&["graph", FIXTURE, "--format", "graphml", "--include-missing"]);
    assert_eq!(ok(&["graph", FIXTURE, "--format", "graphml", "--include-missing", "-o", file.to_str().unwrap()]), "");
    assert_eq!(fs::read_to_string(&file).unwrap(), printed);
    assert_eq!(ok(&["graph", FIXTURE, "--format", "graphml", "--include-missing"]), printed);
}

/// Graphviz is optional: when `dot` is installed, the output must render as is, hostile names included.
#[test]
fn graph_dot_renders_with_graphviz() {
    let Some(dot) = find_program(&["dot"]) else {
        println!("SKIPPED: Graphviz `dot` is not installed");
        return;
    };
    let v = vault(&[
        ("start.md", "[[R&D]] [[Quote's]] [[Missing \"one\"]] [[Back\\slash]]"),
        ("R&D.md", "![[pic <1>.png]]"),
        ("Quote's.md", ""),
        ("pic <1>.png", ""),
    ]);
    for args in [&["graph", ".", "--include-missing"][..], &["graph", FIXTURE, "--include-missing"][..]] {
        let dir = if args[1] == "." { v.path() } else { manifest() };
        let out = run_in(dir, args);
        let rendered =
            Command::new(&dot).arg("-Tsvg").write_stdin(out.stdout).timeout(Duration::from_secs(60)).output();
        let rendered = rendered.unwrap();
        assert!(rendered.status.success(), "dot failed: {}", String::from_utf8_lossy(&rendered.stderr));
        assert!(rendered.stderr.is_empty(), "dot warned: {}", String::from_utf8_lossy(&rendered.stderr));
    }
}

// ---------------------------------------------------------------------------------------
// report --html
// ---------------------------------------------------------------------------------------

fn write_report(vault: &str) -> (TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = run_in(manifest(), &["report", vault, "--html", page.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = fs::read_to_string(&page).unwrap();
    (dir, page, html)
}

#[test]
fn report_is_self_contained_with_totals_and_queries() {
    let (_dir, _, html) = write_report(FIXTURE);
    for fetch in ["src=", "href=\"http", "@import", "url(", "<link "] {
        assert!(!html.contains(fetch), "the page loads something: {fetch}");
    }
    // `check`'s count: the templates folder and `exclude`d Archive/ are not reported on.
    assert!(html.contains(r#"<dd id="total-notes">9</dd>"#));
    assert!(html.contains(r#"<dd id="total-orphans">1</dd>"#));
    assert!(html.contains(r#"<dd id="total-missing-notes">2</dd>"#));
    // `[report] queries`, matched as `wikilint props NAME=VALUE` matches.
    let queries = &html[html.find(r#"<section id="queries">"#).unwrap()..];
    assert!(queries.contains("<code>status=draft</code></h3><ul class=\"paths\"><li>Essays/Essay One.md</li><li>People/Lenin.md</li></ul>"), "{queries}");
    assert!(queries.contains("<code>status=done</code></h3><ul class=\"paths\"><li>R&amp;D.md</li></ul>"), "{queries}");
    assert!(queries.contains("Not a query"), "{queries}");
}

#[test]
fn report_key_in_wikilint_toml_is_checked() {
    let v = vault(&[("A.md", ""), ("wikilint.toml", "[report]\nquerys = []\n")]);
    let out = run_in(v.path(), &["report", ".", "--html", "r.html"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("querys"), "{}", out.stderr);
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file())
}
