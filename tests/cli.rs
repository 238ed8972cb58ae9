//! What a user sees from the `wikilint` binary: full-output snapshots of the seed vault in
//! every format, exit codes, `wikilint.toml`, the command-line rule selection, the default
//! vault, Obsidian's own settings, determinism, and hostile input (symlink loops, YAML alias
//! bombs, pathological brackets).
//!
//! Every run uses `vault-fixtures/` (relative to the manifest dir, so no snapshot holds an
//! absolute path) or a fresh temp vault; nothing here reads outside the crate.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use insta::assert_snapshot;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const SEED: &str = "vault-fixtures/seed";
const SEED_NOTE: &str = "Russia - How the Bureaucracy Stole Power.md";

/// Generous: a hang is caught, a slow debug build is not.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Out {
    /// `None` when the process was killed (timeout) or died by a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Out {
    fn findings(&self) -> Vec<Finding> {
        self.stdout.lines().filter_map(parse_concise).collect()
    }

    /// Fails with the whole output when the process panicked, hung or died.
    fn assert_sane(&self) {
        assert!(!self.stderr.contains("panicked"), "the binary panicked:\n{}", self.stderr);
        assert!(
            matches!(self.code, Some(0..=2)),
            "unexpected exit {:?} after {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code,
            self.elapsed,
            self.stdout,
            self.stderr
        );
    }
}

/// Runs the binary in `dir` with `NO_COLOR=1` and a hang guard.
fn run_in(dir: &Path, args: &[&str]) -> Out {
    let start = Instant::now();
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        elapsed: start.elapsed(),
    }
}

/// Runs the binary from the manifest dir, so `vault-fixtures/...` paths are relative.
fn run(args: &[&str]) -> Out {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A temp vault holding `files` (vault-relative path, contents); folders are created.
fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// `wikilint check VAULT --format concise EXTRA...` on a temp vault.
fn check_concise(v: &TempDir, extra: &[&str]) -> Out {
    let mut args = vec!["check", v.path().to_str().unwrap(), "--format", "concise"];
    args.extend_from_slice(extra);
    let out = run(&args);
    out.assert_sane();
    out
}

/// One concise line: `path:line:col: severity[rule] message`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    path: String,
    line: usize,
    col: usize,
    severity: String,
    rule: String,
    message: String,
}

fn parse_concise(line: &str) -> Option<Finding> {
    for severity in ["error", "warning", "info"] {
        let marker = format!(": {severity}[");
        let Some(i) = line.find(&marker) else {
            continue;
        };
        let mut pos = line[..i].rsplitn(3, ':');
        let col = pos.next()?.parse().ok()?;
        let ln = pos.next()?.parse().ok()?;
        let path = pos.next()?.to_string();
        let rest = &line[i + marker.len()..];
        let (rule, message) = rest.split_once("] ")?;
        return Some(Finding {
            path,
            line: ln,
            col,
            severity: severity.to_string(),
            rule: rule.to_string(),
            message: message.to_string(),
        });
    }
    None
}

fn has(findings: &[Finding], path: &str, line: usize, col: usize, rule: &str) -> bool {
    findings.iter().any(|f| f.path == path && f.line == line && f.col == col && f.rule == rule)
}

fn rules_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

/// The names of the rules whose codes start with `WL1`.
const WL1_RULES: &[&str] = &[
    "broken-link",
    "broken-heading",
    "broken-block",
    "ambiguous-link",
    "padded-link",
    "glued-link",
    "link-case-mismatch",
    "hidden-link",
];

// ---------------------------------------------------------------------------------------
// 1. Snapshots of the seed vault and of `wikilint rule`
// ---------------------------------------------------------------------------------------

#[test]
fn seed_human_snapshot() {
    let out = run(&["check", SEED]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_snapshot!("seed_human", out.stdout);
}

#[test]
fn seed_concise_snapshot() {
    let out = run(&["check", SEED, "--format", "concise"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_snapshot!("seed_concise", out.stdout);
}

#[test]
fn seed_json_snapshot() {
    let out = run(&["check", SEED, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_snapshot!("seed_json", out.stdout);
}

#[test]
fn rule_table_snapshot() {
    let out = run(&["rule"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot!("rule_table", out.stdout);
}

#[test]
fn rule_broken_link_snapshot() {
    let out = run(&["rule", "broken-link"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot!("rule_broken_link", out.stdout);
    // The code names the same rule.
    assert_eq!(run(&["rule", "WL101"]).stdout, out.stdout);
}

#[test]
fn rule_unknown_name_is_exit_2() {
    let out = run(&["rule", "nope"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
}

/// The snapshots are big; these pin the findings the seed note is known to hold, so a
/// wrong snapshot cannot be accepted unnoticed.
#[test]
fn seed_concise_has_the_known_findings() {
    let out = run(&["check", SEED, "--format", "concise"]);
    let f = out.findings();
    assert_eq!(f.len(), out.stdout.lines().count(), "every concise line parses:\n{}", out.stdout);
    assert!(f.iter().all(|x| x.path == SEED_NOTE), "only the seed note has links");
    // The hidden links in the ```ad-info block (line 10): hidden-link, never broken-link.
    assert!(has(&f, SEED_NOTE, 10, 61, "hidden-link"), "[[CWI]]");
    assert!(has(&f, SEED_NOTE, 10, 83, "hidden-link"), "[[trotskyism|Trotskyist]]");
    assert!(!f.iter().any(|x| x.line == 10 && x.rule == "broken-link"));
    // `a[[ labor aristocracy]]`: glued and padded; `towards[[reformism]]`: glued.
    assert!(has(&f, SEED_NOTE, 41, 228, "padded-link"));
    assert!(has(&f, SEED_NOTE, 41, 228, "glued-link"));
    assert!(has(&f, SEED_NOTE, 41, 398, "glued-link"));
    assert!(!has(&f, SEED_NOTE, 41, 398, "padded-link"));
    assert_eq!(f.iter().filter(|x| x.rule == "glued-link").count(), 2, "exactly the two glued links");
    assert_eq!(f.iter().filter(|x| x.rule == "padded-link").count(), 1);
    // The hidden `[[trotskyism|...]]` vs `[[Trotskyism]]`: one count each, the visible
    // spelling wins, so the hidden link is the one told to change.
    assert!(has(&f, SEED_NOTE, 10, 83, "link-case-mismatch"));
    assert!(!has(&f, SEED_NOTE, 129, 21, "link-case-mismatch"));
    // Columns are code points: line 22 has two 3-byte quotes before `[[UK]]`.
    assert!(has(&f, SEED_NOTE, 22, 125, "broken-link"), "[[UK]] at code point 125");
    // One missing-note per distinct (case-folded) target. Each sits on a link with its own
    // finding (broken-link, hidden-link), so concise prints them only when selected alone.
    assert!(!f.iter().any(|x| x.rule == "missing-note"), "a missing note's first link is printed once");
    let alone = run(&["check", SEED, "--format", "concise", "--select", "missing-note"]).findings();
    let missing: Vec<String> =
        alone.iter().filter(|x| x.rule == "missing-note").map(|x| x.message.to_lowercase()).collect();
    let mut dedup = missing.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(missing.len(), dedup.len(), "one missing-note per target");
    assert_eq!(missing.len(), 47);
    assert_eq!(f.iter().filter(|x| x.rule == "broken-link").count(), 52);
    // The seed's author links the people and ideas they mean to write: forward links.
    assert!(f.iter().filter(|x| x.rule == "broken-link").all(|x| x.severity == "warning"));
}

#[test]
fn seed_json_agrees_with_concise() {
    let json = run(&["check", SEED, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    let t = &doc["totals"];
    assert_eq!(t["notes"], 5);
    assert_eq!(t["broken_links"], 52);
    assert_eq!(t["missing_notes"], 47);
    assert_eq!(t["errors"], 0);
    assert_eq!(doc["missing_notes"].as_array().unwrap().len(), 47);
    assert_eq!(doc["missing_notes"][0]["title"], "UK", "most linked first");
    assert_eq!(doc["missing_notes"][0]["count"], 3);

    let concise = run(&["check", SEED, "--format", "concise"]).findings();
    // Concise prints a missing note's first link once, as its broken link (every missing note
    // of the seed is on such a link), and a hint after the message.
    let diags: Vec<&serde_json::Value> =
        doc["diagnostics"].as_array().unwrap().iter().filter(|d| d["name"] != "missing-note").collect();
    assert_eq!(diags.len(), concise.len());
    for (d, c) in diags.iter().zip(&concise) {
        assert_eq!(d["path"], c.path.as_str());
        assert_eq!(d["line"], c.line);
        assert_eq!(d["column"], c.col);
        assert_eq!(d["name"], c.rule.as_str());
        assert_eq!(d["severity"], c.severity.as_str());
        let message = d["message"].as_str().unwrap();
        match d["hint"].as_str() {
            Some(hint) => assert_eq!(c.message, format!("{message} (help: {hint})")),
            None => assert_eq!(c.message, message),
        }
    }
}

/// The human header `path:line:col` must give the same position as concise and JSON
/// (columns in code points). miette counts bytes, so line 22 (two 3-byte quotes before
/// `[[UK]]`) says `:22:129` in the human format but `:22:125` in the others.
#[test]
fn human_positions_match_concise() {
    let human = run(&["check", SEED, "--quiet"]).stdout;
    let concise = run(&["check", SEED, "--format", "concise"]).findings();
    for f in concise.iter().filter(|f| f.rule != "missing-note") {
        let header = format!("[{}:{}:{}]", f.path, f.line, f.col);
        assert!(human.contains(&header), "human output lacks {header}");
    }
}

// ---------------------------------------------------------------------------------------
// 2. Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn exit_0_on_the_seed_whose_broken_links_are_forward_links() {
    assert_eq!(run(&["check", SEED, "--format", "concise"]).code, Some(0));
    assert_eq!(run(&["check", SEED, "--quiet"]).code, Some(0));
}

#[test]
fn exit_0_on_a_vault_with_only_good_links() {
    let v = vault(&[
        ("A.md", "See [[B]] and [[Sub/C|C]] and ![[pic.png]].\n"),
        ("B.md", "# B\nBack to [[A]], [[C#Top]].\n"),
        ("Sub/C.md", "# Top\n[[A]]\n"),
        ("pic.png", "not really a png"),
    ]);
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "", "nothing to report");
    let human = run(&["check", v.path().to_str().unwrap()]);
    assert_eq!(human.code, Some(0));
    assert!(human.stdout.contains("0 broken"), "{}", human.stdout);
}

#[test]
fn exit_2_for_a_missing_vault() {
    let v = vault(&[]);
    let missing = v.path().join("no-such-vault");
    let out = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("no-such-vault"), "{}", out.stderr);
}

#[test]
fn a_file_given_is_reported_on_and_resolves_against_the_whole_vault() {
    let v = vault(&[
        (".obsidian/app.json", "{}"),
        ("References/A.md", "[[B]] [[Nowhere]]\n"),
        ("References/Deep/C.md", "[[A]] [[Gone.png]]\n"),
        ("Notes/B.md", "[[Elsewhere.png]]\n"),
    ]);
    // A folder of the vault: only its files are reported; [[B]] resolves to Notes/B.md.
    let out = run_in(v.path(), &["check", "References", "--format", "concise"]);
    let paths: Vec<String> = out.findings().iter().map(|f| format!("{} {}", f.path, f.message)).collect();
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(paths.iter().all(|p| p.starts_with("References/")), "{paths:?}");
    assert!(paths.iter().any(|p| p.contains("Nowhere")) && paths.iter().any(|p| p.contains("Gone.png")), "{paths:?}");
    assert!(!out.stdout.contains("\"B\""), "[[B]] resolves across the vault: {}", out.stdout);
    // A file, from inside a subfolder: the vault is found above it.
    let out = run_in(&v.path().join("References/Deep"), &["check", "C.md", "--format", "concise"]);
    assert_eq!(out.findings().iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["References/Deep/C.md"]);
    // --vault names the vault explicitly.
    let out = run_in(Path::new("/"), &["check", "--vault", v.path().to_str().unwrap(), "--format", "concise"]);
    assert!(out.stdout.contains("Notes/B.md") && out.stdout.contains("References/A.md"), "{}", out.stdout);
    // A path outside the vault is an error.
    let out = run_in(v.path(), &["check", "--vault", "References", "Notes", "--format", "concise"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
}

#[test]
fn exit_2_for_an_unknown_flag() {
    let out = run(&["check", SEED, "--frobnicate"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("--frobnicate"), "{}", out.stderr);
    assert_eq!(run(&["check", SEED, "--format", "xml"]).code, Some(2));
    assert_eq!(run(&["frobnicate"]).code, Some(2));
}

#[test]
fn exit_2_for_an_invalid_wikilint_toml() {
    let v = vault(&[("A.md", "[[A]]\n"), ("wikilint.toml", "select = [\n")]);
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("wikilint.toml"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// 3. wikilint.toml
// ---------------------------------------------------------------------------------------

#[test]
fn toml_unknown_key_is_named_with_its_line() {
    let v = vault(&[("A.md", "[[A]]\n"), ("wikilint.toml", "exclude = []\ncolour = \"always\"\n")]);
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    let err = &out.stderr;
    assert!(err.contains("wikilint.toml"), "{err}");
    assert!(err.contains("`colour`"), "names the key: {err}");
    assert!(err.contains("colour = \"always\""), "shows the line: {err}");
    assert!(err.contains("wikilint.toml:2:"), "points at line 2: {err}");
}

#[test]
fn toml_unknown_rule_names_are_exit_2() {
    for toml in [
        "select = [\"broken-lnk\"]\n",
        "ignore = [\"WL9x\"]\n",
        "[severity]\nbogus-rule = \"warning\"\n",
        "[severity]\nbroken-link = \"loud\"\n",
    ] {
        let v = vault(&[("A.md", "[[Nope]]\n"), ("wikilint.toml", toml)]);
        let out = check_concise(&v, &[]);
        assert_eq!(out.code, Some(2), "{toml}");
        assert_eq!(out.stdout, "", "{toml}");
        assert!(out.stderr.contains("wikilint.toml"), "{toml}: {}", out.stderr);
    }
}

#[test]
fn toml_severity_warning_turns_exit_1_into_0() {
    let files = [("A.md", "![[Nope]] and [[B]]\n"), ("B.md", "![[Gone]]\n")];
    let plain = vault(&files);
    let before = check_concise(&plain, &[]);
    assert_eq!(before.code, Some(1));
    assert!(before.stdout.contains("error[broken-link]"));

    let v = vault(&files);
    fs::write(v.path().join("wikilint.toml"), "[severity]\nbroken-link = \"warning\"\n").unwrap();
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    let broken: Vec<_> = out.findings().into_iter().filter(|f| f.rule == "broken-link").collect();
    assert_eq!(broken.len(), 2, "{}", out.stdout);
    assert!(broken.iter().all(|f| f.severity == "warning"));
    assert!(out.stdout.contains("A.md:1:1: warning[broken-link]"), "{}", out.stdout);
    assert!(!out.stdout.contains("error["));
}

#[test]
fn toml_severity_off_removes_the_rule() {
    let v = vault(&[
        ("A.md", "[[Nope]] and [[B]]\n"),
        ("B.md", "[[Gone]]\n"),
        ("wikilint.toml", "[severity]\nbroken-link = \"off\"\n"),
    ]);
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(!out.stdout.contains("[broken-link]"), "{}", out.stdout);
    // The other rules still run.
    assert!(out.stdout.contains("[missing-note]"), "{}", out.stdout);
}

#[test]
fn toml_exclude_hides_findings_but_targets_still_resolve() {
    let v = vault(&[
        ("A.md", "[[Sub/B]] [[B]] [[c]] [[Nope]]\n"),
        ("Sub/B.md", "[[Gone]] a[[ padded]]\n"),
        ("Sub/C.md", "![[missing.png]]\n"),
        ("wikilint.toml", "exclude = [\"Sub/**\"]\n"),
    ]);
    let out = check_concise(&v, &[]);
    let f = out.findings();
    assert!(f.iter().all(|x| !x.path.starts_with("Sub/")), "nothing reported in Sub/:\n{}", out.stdout);
    assert!(!out.stdout.contains("Gone") && !out.stdout.contains("missing.png"));
    // Links into Sub/ resolve; the one real broken link is still reported.
    let broken: Vec<_> = f.iter().filter(|x| x.rule == "broken-link").collect();
    assert_eq!(broken.len(), 1, "{}", out.stdout);
    assert!(broken[0].message.contains("\"Nope\""), "{}", out.stdout);
    // A forward link: a warning.
    assert_eq!(out.code, Some(0));
}

// ---------------------------------------------------------------------------------------
// 4. --select / --ignore
// ---------------------------------------------------------------------------------------

#[test]
fn select_broken_link_shows_only_broken_links() {
    let out = run(&["check", SEED, "--format", "concise", "--select", "broken-link"]);
    assert_eq!(out.code, Some(0));
    let f = out.findings();
    assert_eq!(f.len(), out.stdout.lines().count());
    assert_eq!(f.len(), 52);
    assert!(f.iter().all(|x| x.rule == "broken-link"), "{}", out.stdout);
}

#[test]
fn ignore_wl1_removes_every_wl1_rule() {
    let out = run(&["check", SEED, "--format", "concise", "--ignore", "WL1"]);
    let f = out.findings();
    assert!(!f.is_empty());
    for r in rules_of(&f) {
        assert!(!WL1_RULES.contains(&r), "{r} is a WL1xx rule:\n{}", out.stdout);
    }
    assert!(rules_of(&f).contains(&"missing-note"));
    assert_eq!(out.code, Some(0), "no error-severity rule is left");
}

#[test]
fn select_unknown_rule_is_exit_2() {
    let out = run(&["check", SEED, "--select", "nope"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("\"nope\""), "{}", out.stderr);
    assert_eq!(run(&["check", SEED, "--ignore", "broken-link,nope"]).code, Some(2));
}

#[test]
fn select_on_the_command_line_replaces_the_toml_select() {
    let v = vault(&[("A.md", "x[[Nope.png]]\n"), ("wikilint.toml", "select = [\"glued-link\"]\n")]);
    let from_toml = check_concise(&v, &[]);
    assert_eq!(rules_of(&from_toml.findings()), ["glued-link"]);
    assert_eq!(from_toml.code, Some(0));
    let from_cli = check_concise(&v, &["--select", "broken-link"]);
    assert_eq!(rules_of(&from_cli.findings()), ["broken-link"]);
    assert_eq!(from_cli.code, Some(1));
}

// ---------------------------------------------------------------------------------------
// 5. The default vault
// ---------------------------------------------------------------------------------------

#[test]
fn default_vault_is_the_nearest_ancestor_with_obsidian() {
    let v = vault(&[
        (".obsidian/app.json", "{}"),
        ("A.md", "[[Nope]]\n"),
        ("Sub/B.md", "[[Gone]]\n"),
        ("Sub/Deeper/C.md", "[[A]] [[B]]\n"),
    ]);
    let out = run_in(&v.path().join("Sub/Deeper"), &["check", "--format", "concise"]);
    out.assert_sane();
    let f = out.findings();
    let paths: Vec<&str> = f.iter().map(|x| x.path.as_str()).collect();
    assert!(paths.contains(&"A.md"), "{}", out.stdout);
    assert!(paths.contains(&"Sub/B.md"), "{}", out.stdout);
    // C.md's links resolve across the whole vault.
    assert!(!paths.contains(&"Sub/Deeper/C.md"), "{}", out.stdout);
    assert!(!paths.contains(&"C.md"), "{}", out.stdout);
    // Forward links only: warnings.
    assert_eq!(out.code, Some(0));
}

// ---------------------------------------------------------------------------------------
// 6. Obsidian's settings: excluded files and the templates folder
// ---------------------------------------------------------------------------------------

#[test]
fn obsidian_excluded_files_are_not_reported_but_resolve() {
    let v = vault(&[
        (".obsidian/app.json", r#"{"userIgnoreFilters": ["Archive/"]}"#),
        ("Home.md", "See [[Note]] and [[Nope]].\n"),
        ("Archive/Note.md", "[[Nowhere]] a[[ padded]]\n"),
    ]);
    let out = check_concise(&v, &[]);
    let f = out.findings();
    assert!(f.iter().all(|x| !x.path.starts_with("Archive/")), "{}", out.stdout);
    assert!(!out.stdout.contains("Nowhere"), "{}", out.stdout);
    assert!(!out.stdout.contains("\"Note\""), "[[Note]] resolves:\n{}", out.stdout);
    let broken: Vec<_> = f.iter().filter(|x| x.rule == "broken-link").collect();
    assert_eq!(broken.len(), 1, "only [[Nope]]:\n{}", out.stdout);
    assert_eq!((broken[0].path.as_str(), broken[0].col), ("Home.md", 18));
}

#[test]
fn obsidian_templates_folder_is_not_reported() {
    let v = vault(&[
        (".obsidian/templates.json", r#"{"folder": "Templates"}"#),
        ("Home.md", "Made from [[Daily]].\n"),
        ("Templates/Daily.md", "# {{date}}\n[[{{date}}]] [[{{title}}]]\n"),
    ]);
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "", "nothing to report");
    assert!(!out.stdout.contains("{{date}}"));
}

// ---------------------------------------------------------------------------------------
// 7. Determinism
// ---------------------------------------------------------------------------------------

#[test]
fn output_is_identical_across_runs() {
    let a = run(&["check", SEED, "--format", "json"]);
    let b = run(&["check", SEED, "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);

    // Many notes in many folders, read in parallel: the order must not depend on threads.
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            (format!("F{}/N{i}.md", i % 7), format!("[[N{}]] [[Missing {}]] x[[ N{} ]]\n", (i + 1) % 300, i % 13, i))
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let v = vault(&refs);
    let path = v.path().to_str().unwrap();
    for format in ["json", "concise", "human"] {
        let a = run(&["check", path, "--format", format]);
        let b = run(&["check", path, "--format", format]);
        a.assert_sane();
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format} differs between runs");
    }
}

// ---------------------------------------------------------------------------------------
// 8–9. Hostile input
// ---------------------------------------------------------------------------------------

#[test]
fn symlink_loop_is_reported_and_the_check_finishes() {
    let v = vault(&[("A.md", "[[B]] [[Nope]]\n"), ("B.md", "b\n")]);
    std::os::unix::fs::symlink(v.path(), v.path().join("loop")).unwrap();
    let out = check_concise(&v, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let f = out.findings();
    assert!(
        f.iter().any(|x| x.rule == "unreadable-file" && x.path == "loop" && x.severity == "error"),
        "{}",
        out.stdout
    );
    // The rest of the vault is still checked, once.
    let broken: Vec<_> = f.iter().filter(|x| x.rule == "broken-link").collect();
    assert_eq!(broken.len(), 1, "{}", out.stdout);
    assert_eq!(broken[0].path, "A.md");
    // The human format renders it too.
    let human = run(&["check", v.path().to_str().unwrap()]);
    human.assert_sane();
    assert_eq!(human.code, Some(1));
}

/// The loop message names where the link leads; for a link back to the vault root it
/// currently ends in an empty name: `symbolic link loop: leads back to ` .
#[test]
fn symlink_loop_message_names_the_target() {
    let v = vault(&[("A.md", "a\n")]);
    std::os::unix::fs::symlink(v.path(), v.path().join("loop")).unwrap();
    let out = check_concise(&v, &[]);
    let f = out.findings();
    let lp = f.iter().find(|x| x.rule == "unreadable-file").unwrap();
    assert!(!lp.message.trim_end().ends_with("leads back to"), "{}", lp.message);
}

#[test]
fn yaml_alias_bomb_finishes_quickly() {
    let mut yaml =
        String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml.push_str("---\nBody with [[Other]].\n");
    let v = vault(&[("Bomb.md", yaml.as_str()), ("Other.md", "o\n")]);
    let out = check_concise(&v, &[]);
    assert!(out.elapsed < Duration::from_secs(10), "took {:?}", out.elapsed);
    let f = out.findings();
    assert!(has(&f, "Bomb.md", 2, 1, "invalid-frontmatter"), "{}", out.stdout);
    // The body is still checked: its link resolves.
    assert!(!f.iter().any(|x| x.rule == "broken-link"), "{}", out.stdout);
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_hundred_thousand_open_brackets_finish_quickly() {
    let line = "[[".repeat(100_000) + "\n";
    let v = vault(&[("Brackets.md", line.as_str())]);
    let out = check_concise(&v, &[]);
    assert!(out.elapsed < Duration::from_secs(10), "took {:?}", out.elapsed);
    assert_eq!(out.stdout, "", "no link, no finding");
    assert_eq!(out.code, Some(0));
}
