//! Properties and callouts (issue 3): the rule fixture vaults in `vault-fixtures/rules/`, the
//! seed note, `wikilint props`, wikilint.toml's `[properties.NAME]` and `[callouts]` schema
//! errors, and YAML edge cases. Runs the built binary; reads nothing outside the crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use insta::assert_snapshot;
use tempfile::TempDir;

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

fn run(args: &[&str]) -> Out {
    run_in(manifest(), args)
}

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".obsidian")).unwrap();
    fs::write(dir.path().join(".obsidian/app.json"), "{}").unwrap();
    for (p, t) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, t).unwrap();
    }
    dir
}

/// `path:line:col: severity[rule] message` → (path, line, col, rule).
fn findings(stdout: &str) -> Vec<(String, usize, usize, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let (head, _) = l.split_once("] ")?;
            let (loc, rule) = head.rsplit_once('[')?;
            let mut parts = loc.rsplitn(4, ':');
            let _severity = parts.next()?;
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), line, col, rule.to_string()))
        })
        .collect()
}

fn notes_under(root: &Path, folder: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.join(folder)];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.insert(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// One fixture vault per rule: bad/ notes flagged, ok/ notes not, output as a snapshot
// ---------------------------------------------------------------------------------------

/// Checks `vault-fixtures/rules/<rule>` with only that rule and snapshots what the user sees.
fn rule_fixture(rule: &str) {
    let rel = format!("vault-fixtures/rules/{rule}");
    let root: PathBuf = manifest().join(&rel);
    let out = run(&["check", &rel, "--format", "concise", "--select", rule]);
    assert_eq!(out.code, Some(0), "warnings only, so exit 0\n{}{}", out.stdout, out.stderr);
    let found = findings(&out.stdout);
    assert!(found.iter().all(|f| f.3 == rule), "{}", out.stdout);
    let flagged: BTreeSet<String> = found.iter().map(|f| f.0.clone()).collect();
    for bad in notes_under(&root, "bad") {
        assert!(flagged.contains(&bad), "{bad} must be reported by {rule}:\n{}", out.stdout);
    }
    for ok in notes_under(&root, "ok") {
        assert!(!flagged.contains(&ok), "{ok} must not be reported by {rule}:\n{}", out.stdout);
    }
    insta::with_settings!({ snapshot_suffix => rule }, {
        assert_snapshot!("rule_fixture", out.stdout);
    });
}

#[test]
fn unclosed_frontmatter() {
    rule_fixture("unclosed-frontmatter");
}

#[test]
fn misplaced_frontmatter() {
    rule_fixture("misplaced-frontmatter");
}

#[test]
fn empty_property() {
    rule_fixture("empty-property");
}

#[test]
fn property_whitespace() {
    rule_fixture("property-whitespace");
}

#[test]
fn unquoted_link_property() {
    rule_fixture("unquoted-link-property");
}

#[test]
fn deprecated_property() {
    rule_fixture("deprecated-property");
}

#[test]
fn invalid_tag() {
    rule_fixture("invalid-tag");
}

#[test]
fn property_type() {
    rule_fixture("property-type");
}

#[test]
fn property_value() {
    rule_fixture("property-value");
}

#[test]
fn missing_property() {
    // Its notes are not under bad/ and ok/: which are in scope is the point.
    let out = run(&["check", "vault-fixtures/rules/missing-property", "--format", "concise", "--select", "WL311"]);
    let found: BTreeSet<(String, usize, usize)> =
        findings(&out.stdout).into_iter().map(|(p, l, c, _)| (p, l, c)).collect();
    let want: BTreeSet<(String, usize, usize)> =
        [("Notes/No frontmatter.md", 1, 1), ("Notes/Sub/Missing rating.md", 1, 1)]
            .iter()
            .map(|(p, l, c)| (p.to_string(), *l, *c))
            .collect();
    assert_eq!(found, want, "{}", out.stdout);
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("Notes/No frontmatter.md")).count(), 2);
    assert_snapshot!("rule_fixture_missing_property", out.stdout);
}

#[test]
fn unknown_callout_type() {
    rule_fixture("unknown-callout-type");
}

#[test]
fn malformed_callout() {
    rule_fixture("malformed-callout");
}

#[test]
fn unknown_admonition_type() {
    rule_fixture("unknown-admonition-type");
}

#[test]
fn admonition_parameter() {
    rule_fixture("admonition-parameter");
}

#[test]
fn every_new_rule_has_a_fixture_vault() {
    let out = run(&["rule"]);
    for line in out.stdout.lines().filter(|l| l.starts_with("WL3") || l.starts_with("WL4")) {
        let name = line.split_whitespace().nth(1).unwrap();
        if name == "invalid-frontmatter" {
            continue;
        }
        assert!(manifest().join("vault-fixtures/rules").join(name).is_dir(), "no fixture vault for {name}");
    }
}

// ---------------------------------------------------------------------------------------
// The seed note: empty `author:`, `rating: WIP ` and the ad-info block
// ---------------------------------------------------------------------------------------

#[test]
fn seed_note_properties_and_admonition() {
    let out = run(&["check", "vault-fixtures/seed", "--format", "concise", "--select", "WL3,WL4"]);
    let note = "Russia - How the Bureaucracy Stole Power.md";
    let found = findings(&out.stdout);
    let want = vec![
        (note.to_string(), 2, 1, "empty-property".to_string()),
        (note.to_string(), 3, 12, "property-whitespace".to_string()),
    ];
    // The ```ad-info block (indented closing fence, no parameters) is a known type, well formed.
    assert_eq!(found, want, "{}", out.stdout);
    assert!(out.stdout.contains("`author` has no value"));
    assert!(out.stdout.contains("a trailing space after \"WIP\" in `rating`"));
}

#[test]
fn seed_props_shows_the_trailing_space() {
    let out = run(&["props", "vault-fixtures/seed", "rating"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "WIP␠  1\n"));
    let out = run(&["props", "vault-fixtures/seed", "rating=WIP␠"]);
    assert_eq!(out.stdout, "Russia - How the Bureaucracy Stole Power.md\n");
    // Obsidian reads `WIP` (YAML drops the space): the value as read finds the note too.
    let out = run(&["props", "vault-fixtures/seed", "rating=WIP"]);
    assert_eq!(out.stdout, "Russia - How the Bureaucracy Stole Power.md\n");
}

// ---------------------------------------------------------------------------------------
// wikilint props
// ---------------------------------------------------------------------------------------

#[test]
fn props_overview() {
    let out = run(&["props", "vault-fixtures/props"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stdout.contains("{{rating}}"), "the templates folder is not reported on");
    assert_snapshot!("props_overview", out.stdout);
    let out = run(&["props", "vault-fixtures/props", "--format", "json"]);
    assert_snapshot!("props_overview_json", out.stdout);
}

#[test]
fn props_values() {
    let out = run(&["props", "vault-fixtures/props", "rating"]);
    assert_snapshot!("props_rating", out.stdout);
    // Lists element by element, any casing of the name.
    let out = run(&["props", "vault-fixtures/props", "TAGS"]);
    assert_snapshot!("props_tags", out.stdout);
    let out = run(&["props", "vault-fixtures/props", "rating", "--format", "json"]);
    assert_snapshot!("props_rating_json", out.stdout);
}

#[test]
fn props_matching_notes() {
    let out = run(&["props", "vault-fixtures/props", "rating=WIP"]);
    assert_eq!(out.stdout, "A.md\nB.md\nNotes/E.md\nNotes/F with spaces.md\n", "B.md has `WIP␠`");
    let out = run(&["props", "vault-fixtures/props", "rating=WIP␠"]);
    assert_eq!(out.stdout, "B.md\n");
    let out = run(&["props", "vault-fixtures/props", "tags=history"]);
    assert_eq!(out.stdout, "A.md\nB.md\nNotes/D.md\n");
    let out = run(&["props", "vault-fixtures/props", "author="]);
    assert_eq!(out.stdout, "C.md\nNotes/D.md\n");
    let out = run(&["props", "vault-fixtures/props", "status=3"]);
    assert_eq!(out.stdout, "B.md\n");
    let out = run(&["props", "vault-fixtures/props", "rating=WIP", "--format", "json"]);
    assert_snapshot!("props_match_json", out.stdout);
    let out = run(&["props", "vault-fixtures/props", "nothing=here"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
}

#[test]
fn props_default_vault_and_single_argument() {
    // Inside the vault, a single argument that is not a folder is the query.
    let dir = manifest().join("vault-fixtures/props/Notes");
    let out = run_in(&dir, &["props", "rating"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.starts_with("WIP "), "{}", out.stdout);
    let out = run_in(&dir, &["props", "rating=Done"]);
    assert_eq!(out.stdout, "Notes/D.md\n");
}

// ---------------------------------------------------------------------------------------
// The schema in wikilint.toml: errors with their position, before any note is checked
// ---------------------------------------------------------------------------------------

fn schema_error(toml: &str) -> String {
    let v = vault(&[("wikilint.toml", toml), ("A.md", "---\nrating: WIP\n---\n")]);
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "", "no note is checked");
    out.stderr
}

#[test]
fn schema_errors_point_into_wikilint_toml() {
    let e = schema_error("[properties.rating]\ntype = \"txt\"\n");
    assert!(e.contains("unknown property type \"txt\""), "{e}");
    assert!(e.contains("wikilint.toml:2:8"), "{e}");
    let e = schema_error("[properties.rating]\nrequired = true\nfolders = [\"Notes/[\"]\n");
    assert!(e.contains("bad folders pattern"), "{e}");
    assert!(e.contains("wikilint.toml:3:12"), "{e}");
    let e = schema_error("[properties.stars]\ntype = \"number\"\nallowed = [1, \"two\"]\n");
    assert!(e.contains("\"two\" is not a number value"), "{e}");
    let e = schema_error("[properties.rating]\nrequird = true\n");
    assert!(e.contains("unknown field `requird`"), "{e}");
    let e = schema_error("[properties.Rating]\n[properties.rating]\n");
    assert!(e.contains("defined twice"), "{e}");
    let e = schema_error("[callouts]\ncustom = \"x\"\n");
    assert!(e.contains("invalid wikilint.toml"), "{e}");
    let e = schema_error("[properties.rating]\ntype = \"date\"\nallowed = [\"2020-13-01\"]\n");
    assert!(e.contains("is not a date value"), "{e}");
}

#[test]
fn a_broken_types_json_is_a_warning() {
    let v = vault(&[(".obsidian/types.json", "{\"types\": {\"x\": \"weird\"}}"), ("A.md", "---\nx: 1\n---\n")]);
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("unknown type \"weird\""), "{}", out.stderr);
    let v = vault(&[(".obsidian/plugins/obsidian-admonition/data.json", "{not json"), ("A.md", "```ad-note\n```\n")]);
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stderr.contains("data.json is not valid JSON"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// YAML edge cases
// ---------------------------------------------------------------------------------------

#[test]
fn yaml_edge_cases() {
    let long = format!("---\nsummary: {} \n---\n", "x".repeat(200_000));
    let v = vault(&[
        ("Anchors.md", "---\nbase: &b WIP\nrating: *b\nlist: &l [a, b]\nother: *l\n---\n"),
        ("Documents.md", "---\na: 1\n...\nb: 2\n---\n"),
        ("Tabs.md", "---\na:\tx\t\n---\n"),
        ("Tab indent.md", "---\nb:\n\t- y\n---\n"),
        ("Long.md", &long),
        ("Crlf.md", "---\r\nauthor:\r\nrating: WIP \r\ntags:\r\n  - #x\r\n---\r\n"),
    ]);
    fs::write(v.path().join("Latin1.md"), b"---\nauthor: Jos\xe9 \ntags: [caf\xe9]\n---\n").unwrap();
    let out = run_in(v.path(), &["check", ".", "--format", "concise"]);
    let mut got: Vec<String> =
        findings(&out.stdout).into_iter().map(|(p, l, c, r)| format!("{p}:{l}:{c} {r}")).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "Crlf.md:2:1 empty-property",
            "Crlf.md:3:12 property-whitespace",
            "Crlf.md:5:5 invalid-tag",
            "Documents.md:2:1 invalid-frontmatter",
            "Latin1.md:2:12 invalid-utf8",
            "Latin1.md:2:13 property-whitespace",
            "Long.md:2:200010 property-whitespace",
            "Tab indent.md:3:1 invalid-frontmatter",
            "Tabs.md:2:5 property-whitespace",
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn dates_and_times() {
    use wikilint::config::{is_date, is_datetime};
    assert!(is_date("2020-08-21") && is_date("2024-02-29"));
    assert!(!is_date("2023-02-29") && !is_date("21/08/2020") && !is_date("2020-8-21") && !is_date("2020-13-01"));
    for ok in [
        "2024-01-01T10:00",
        "2024-01-01T10:00:59",
        "2024-01-01 10:00",
        "2024-01-01T10:00:00.123Z",
        "2024-01-01T10:00+02:00",
    ] {
        assert!(is_datetime(ok), "{ok}");
    }
    for bad in ["2024-01-01", "2024-01-01T25:00", "2024-01-01T10", "tomorrow"] {
        assert!(!is_datetime(bad), "{bad}");
    }
}
