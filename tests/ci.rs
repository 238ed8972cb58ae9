//! wikilint where vault owners already work: the CI formats (`--format github`, `--format
//! sarif`), `--output`, baselines, `--changed-since` / `--staged` on a scripted git history,
//! `wikilint init`, shell completions and the man page, and the pre-commit hooks.
//!
//! Runs the built binary on `vault-fixtures/` or on temp vaults and temp git repositories;
//! nothing here reads outside the crate. Tests that need a tool the machine may lack (`git`,
//! `pre-commit`, `npm` + Python's `jsonschema`) print why they are skipped and pass.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Std;
use std::time::Duration;

use assert_cmd::Command;
use insta::assert_snapshot;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const SEED: &str = "vault-fixtures/seed";
/// The seed vault's folder in the crate's repository: the CI formats name files by their
/// repository path when the checkout is a git repository, by their vault path otherwise.
const SEED_PREFIX: &str = "vault-fixtures/seed/";

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    /// `path:line:col rule` of each concise line.
    fn findings(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|l| {
                let (head, rest) = l.split_once(": ")?;
                let rule = rest.split_once('[')?.1.split_once(']')?.0;
                Some(format!("{head} {rule}"))
            })
            .collect()
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("wikilint runs");
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(!out.stderr.contains("panicked"), "the binary panicked:\n{}", out.stderr);
    out
}

fn run(args: &[&str]) -> Out {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), files);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The seed vault, copied into a temp folder that is not a git repository.
fn seed_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("seed");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED), &v);
    (dir, v)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn has_git() -> bool {
    let ok = Std::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: the `git` command is not installed");
    }
    ok
}

/// Runs git in `dir` with a fixed identity and no signing; panics on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Std::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---------------------------------------------------------------------------------------
// --format github
// ---------------------------------------------------------------------------------------

/// Paths are repository-relative in a git checkout and vault-relative in a source tarball;
/// the snapshot holds the latter.
fn strip_seed_prefix(text: &str, with: &str) -> String {
    text.replace(&format!("{with}{SEED_PREFIX}"), with)
}

#[test]
fn github_seed_snapshot() {
    let out = run(&["check", SEED, "--format", "github"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_snapshot!("github_seed", strip_seed_prefix(&out.stdout, "file="));
}

#[test]
fn github_has_one_command_per_finding_with_the_concise_positions() {
    let concise = run(&["check", SEED, "--format", "concise"]);
    let github = run(&["check", SEED, "--format", "github"]);
    let stripped = strip_seed_prefix(&github.stdout, "file=");
    let lines: Vec<&str> = stripped.lines().collect();
    assert_eq!(lines.len(), concise.stdout.lines().count());
    for (g, c) in lines.iter().zip(concise.stdout.lines()) {
        let (pos, rest) = c.split_once(": ").unwrap();
        let mut parts = pos.rsplitn(3, ':');
        let (col, line, path) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        let severity = rest.split('[').next().unwrap();
        let command = match severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let path = path.replace(',', "%2C").replace(':', "%3A");
        assert!(g.starts_with(&format!("::{command} file={path},line={line},")), "{g}\nvs\n{c}");
        assert!(g.contains(&format!(",col={col},")), "{g}");
    }
}

#[test]
fn github_escapes_properties_and_messages() {
    let v = vault(&[("a,b: 100%.md", "[[Lenin, V. I.: 100%]]\n"), ("b.md", "[[a,b: 100%]]\n")]);
    let out = run(&["check", s(v.path()), "--format", "github"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let line = out.stdout.lines().find(|l| l.contains("title=broken-link (WL101)")).unwrap();
    assert!(line.starts_with("::warning file=a%2Cb%3A 100%25.md,line=1,endLine=1,col=1,endColumn=23,"), "{line}");
    // In the message only `%`, CR and LF are escaped.
    assert!(line.contains(r#"::broken link: no note "Lenin, V. I.: 100%25" yet"#), "{line}");
    // The link from b.md resolves: no finding there.
    assert!(!out.stdout.contains("file=b.md"), "{}", out.stdout);
    for l in out.stdout.lines() {
        assert!(!l.contains('\r'));
        assert!(l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "), "{l}");
    }
}

#[test]
fn github_paths_are_relative_to_the_repository_root() {
    if !has_git() {
        return;
    }
    let repo = vault(&[("notes/.obsidian/app.json", "{}"), ("notes/Sub/A.md", "[[Nowhere]]\n")]);
    git(repo.path(), &["init", "-q"]);
    let vault = repo.path().join("notes");
    let out = run(&["check", s(&vault), "--format", "github", "--select", "broken-link"]);
    assert!(out.stdout.starts_with("::warning file=notes/Sub/A.md,line=1,"), "{}", out.stdout);
    // Outside a repository: vault-relative.
    let plain = self::vault(&[("Sub/A.md", "[[Nowhere]]\n")]);
    let out = run(&["check", s(plain.path()), "--format", "github", "--select", "broken-link"]);
    assert!(out.stdout.starts_with("::warning file=Sub/A.md,line=1,"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// --format sarif
// ---------------------------------------------------------------------------------------

fn sarif_of(args: &[&str]) -> Value {
    let out = run(args);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_seed_snapshot() {
    let out = run(&["check", SEED, "--format", "sarif"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let text = out.stdout.replace(&format!("\"uri\": \"{}", SEED_PREFIX), "\"uri\": \"");
    // The rule entries (each rule's docs) are checked against the registry in the next test;
    // the snapshot keeps the results, so a new rule or a docs edit does not change it.
    let mut log: Value = serde_json::from_str(&text).unwrap();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    for key in ["version", "semanticVersion"] {
        driver[key] = Value::from("[version]");
    }
    driver["rules"] = Value::from("[one entry per registry rule]");
    assert_snapshot!("sarif_seed", serde_json::to_string_pretty(&log).unwrap());
}

/// The SARIF 2.1.0 schema's requirements that matter to a consumer, checked by hand: the
/// required properties of the log, run, tool, rule and result objects, the enumerations, and
/// 1-based regions.
#[test]
fn sarif_has_the_structure_the_schema_requires() {
    let log = sarif_of(&["check", SEED, "--format", "sarif"]);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "wikilint");
    assert!(driver["version"].is_string());
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let rules = driver["rules"].as_array().expect("rules");
    let registry: Vec<&wikilint::rules::RuleInfo> = wikilint::rules::ALL.iter().map(|r| r.info()).collect();
    assert_eq!(rules.len(), registry.len(), "one rule entry per registry rule");
    for (rule, info) in rules.iter().zip(&registry) {
        assert_eq!(rule["id"], info.code);
        assert_eq!(rule["name"], info.name);
        assert_eq!(rule["shortDescription"]["text"], info.summary);
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty(), "{}", info.code);
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("## Fix"));
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        let expected = match info.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(level, expected, "{}", info.code);
    }

    let results = run["results"].as_array().expect("results");
    // Every finding, as JSON has them (concise prints a missing note's first link once).
    let json: Value = serde_json::from_str(&self::run(&["check", SEED, "--format", "json"]).stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (r, d) in results.iter().zip(diagnostics) {
        let id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["none", "note", "warning", "error"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().expect("message.text").is_empty());
        assert!(r["partialFingerprints"]["wikilint/v1"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(!uri.contains(' ') && !uri.starts_with('/') && !uri.contains("://"), "{uri}");
        let region = &loc["region"];
        let n = |k: &str| region[k].as_u64().unwrap_or_else(|| panic!("region.{k}"));
        assert!(n("startLine") >= 1 && n("startColumn") >= 1 && n("endColumn") >= 1);
        assert!(n("endLine") >= n("startLine"));
        if n("endLine") == n("startLine") {
            assert!(n("endColumn") >= n("startColumn"));
        }
        // The same 1-based position as the other formats.
        assert_eq!(
            (n("startLine"), n("startColumn")),
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            "{d}"
        );
        assert_eq!(r["ruleId"], d["code"]);
    }
}

#[test]
fn sarif_uris_are_percent_encoded_and_repository_relative() {
    let v = vault(&[("Notes/Café au lait.md", "[[Nowhere]]\n")]);
    let log = sarif_of(&["check", s(v.path()), "--format", "sarif", "--select", "broken-link"]);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "Notes/Caf%C3%A9%20au%20lait.md");
}

/// The real schema, when the machine can get it: the copy in the npm package
/// `@microsoft/jest-sarif`, checked with Python's `jsonschema`.
#[test]
fn sarif_validates_against_the_official_schema() {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-schema");
    let schema = cache.join("package/lib/schemas/sarif-2.1.0-rtm.5.json");
    let python_ok = Std::new("python3").args(["-c", "import jsonschema"]).output().is_ok_and(|o| o.status.success());
    if !python_ok {
        eprintln!("skipped: Python's jsonschema is not installed (pip install jsonschema)");
        return;
    }
    if !schema.exists() {
        fs::create_dir_all(&cache).unwrap();
        let packed = Std::new("npm")
            .current_dir(&cache)
            .args(["pack", "--silent", "@microsoft/jest-sarif@1.0.0-beta.0"])
            .output()
            .is_ok_and(|o| o.status.success());
        let unpacked = packed
            && Std::new("tar")
                .current_dir(&cache)
                .args(["xzf", "microsoft-jest-sarif-1.0.0-beta.0.tgz"])
                .output()
                .is_ok_and(|o| o.status.success());
        if !unpacked || !schema.exists() {
            eprintln!("skipped: could not fetch the SARIF schema with `npm pack @microsoft/jest-sarif`");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("seed.sarif");
    let out = run(&["check", SEED, "--format", "sarif", "--output", s(&log)]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  log = json.load(open(sys.argv[2]))\n\
                  errors = [f'{list(e.path)}: {e.message}' for e in jsonschema.Draft4Validator(schema).iter_errors(log)]\n\
                  print('\\n'.join(errors[:20]))\n\
                  sys.exit(1 if errors else 0)\n";
    let check = Std::new("python3").args(["-c", script, s(&schema), s(&log)]).output().unwrap();
    assert!(check.status.success(), "not valid SARIF 2.1.0:\n{}", String::from_utf8_lossy(&check.stdout));
}

// ---------------------------------------------------------------------------------------
// --output
// ---------------------------------------------------------------------------------------

#[test]
fn output_writes_every_format_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "concise", "json", "github", "sarif"] {
        let file = dir.path().join(format!("report.{format}"));
        fs::write(&file, "old content that must go").unwrap();
        let direct = run(&["check", SEED, "--format", format]);
        let to_file = run(&["check", SEED, "--format", format, "--output", s(&file)]);
        assert_eq!(to_file.code, direct.code, "{format}: {}", to_file.stderr);
        assert_eq!(to_file.stdout, "", "{format}");
        assert_eq!(fs::read_to_string(&file).unwrap(), direct.stdout, "{format}");
    }
    // Nothing but the five reports: no temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 5);
}

#[test]
fn output_into_a_missing_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no/such/folder/report.json");
    let out = run(&["check", SEED, "--format", "json", "--output", s(&file)]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("cannot write the report"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------------------

#[test]
fn baseline_round_trip() {
    let (_dir, v) = seed_copy();
    let baseline = v.parent().unwrap().join("wikilint-baseline.json");
    let (vs, bs) = (s(&v), s(&baseline));

    // Forward links only: warnings, exit 0.
    let all = run(&["check", vs, "--format", "json"]);
    assert_eq!(all.code, Some(0));
    let written = run(&["check", vs, "--write-baseline", bs]);
    assert_eq!(written.code, Some(0), "{}", written.stderr);
    assert_eq!(written.stdout, "");
    let json: Value = serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    let entries = json["findings"].as_array().unwrap();
    let all: Value = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!(entries.len(), all["diagnostics"].as_array().unwrap().len());
    assert!(
        entries.iter().all(|e| e["path"].is_string()
            && e["code"].is_string()
            && e["text"].is_string()
            && e["occurrence"].is_u64())
    );
    assert!(!fs::read_to_string(&baseline).unwrap().contains("\"line\""), "no line numbers in a baseline");

    // Nothing new: no findings, exit 0, and the summary says nothing is gone.
    let out = run(&["check", vs, "--baseline", bs]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("Baseline: 107 known findings not shown; none of its findings is gone."),
        "{}",
        out.stdout
    );
    let out = run(&["check", vs, "--baseline", bs, "--format", "concise"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    assert!(out.stderr.contains("Baseline: "), "the summary goes to stderr in machine formats");

    // Lines shift above every finding of a note: still nothing new.
    let note = v.join("Russia and Socialism.md");
    let text = fs::read_to_string(&note).unwrap();
    let (head, body) = text.split_at(text.find("\n---\n").map_or(0, |i| i + 5));
    fs::write(
        &note,
        format!(
            "{head}A new first paragraph.\n\nAnd another one, with a [[Russia and Socialism|self link]].\n\n{body}"
        ),
    )
    .unwrap();
    let out = run(&["check", vs, "--baseline", bs, "--format", "concise"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""), "{}", out.stderr);

    // One new broken link, a typo (an error): exactly it (the broken link and the missing note it names).
    fs::write(&note, format!("{}\nSee [[Russia and Socialsm]].\n", fs::read_to_string(&note).unwrap())).unwrap();
    let out = run(&["check", vs, "--baseline", bs, "--format", "concise"]);
    assert_eq!(out.code, Some(1));
    let lines = fs::read_to_string(&note).unwrap().lines().count();
    // Concise prints the link once, as its broken link; JSON has the missing note too.
    assert_eq!(out.findings(), [format!("Russia and Socialism.md:{lines}:5 broken-link")]);
    let out = run(&["check", vs, "--baseline", bs, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!("{}:{}:{} {}", d["path"].as_str().unwrap(), d["line"], d["column"], d["name"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            format!("Russia and Socialism.md:{lines}:5 broken-link"),
            format!("Russia and Socialism.md:{lines}:5 missing-note"),
        ]
    );

    // A baselined finding fixed: the summary counts it as gone.
    let other = v.join("Russia - How the Bureaucracy Stole Power.md");
    let text = fs::read_to_string(&other).unwrap();
    assert!(text.contains("[[Lenin]]"));
    fs::write(&other, text.replacen("[[Lenin]]", "Lenin", 1)).unwrap();
    let out = run(&["check", vs, "--baseline", bs]);
    assert!(out.stdout.contains("of its findings are gone (fixed or removed)"), "{}", out.stdout);
}

#[test]
fn baseline_counts_identical_links_by_occurrence() {
    let v = vault(&[("a.md", "[[X]] and [[Y]]\n")]);
    let baseline = v.path().join("baseline.json");
    let (vs, bs) = (s(v.path()), s(&baseline));
    assert_eq!(run(&["check", vs, "--write-baseline", bs]).code, Some(0));
    write(v.path(), &[("a.md", "intro\n\n[[X]] and [[Y]]\n\nagain [[X]]\n")]);
    let out = run(&["check", vs, "--baseline", bs, "--format", "concise", "--select", "broken-link"]);
    assert_eq!(out.findings(), ["a.md:5:7 broken-link"]);
}

#[test]
fn baseline_errors_are_exit_2() {
    let v = vault(&[("a.md", "[[X]]\n"), ("bad.json", "{ not json"), ("v9.json", r#"{"version": 9, "findings": []}"#)]);
    let vs = s(v.path());
    let missing = run(&["check", vs, "--baseline", s(&v.path().join("nope.json"))]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("cannot read the baseline"), "{}", missing.stderr);
    let bad = run(&["check", vs, "--baseline", s(&v.path().join("bad.json"))]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("is not a wikilint baseline"), "{}", bad.stderr);
    let v9 = run(&["check", vs, "--baseline", s(&v.path().join("v9.json"))]);
    assert_eq!(v9.code, Some(2));
    assert!(v9.stderr.contains("version 9"), "{}", v9.stderr);
    let both = run(&["check", vs, "--baseline", "a.json", "--write-baseline", "b.json"]);
    assert_eq!(both.code, Some(2));
}

// ---------------------------------------------------------------------------------------
// --changed-since and --staged
// ---------------------------------------------------------------------------------------

/// A repository whose vault is the subfolder `vault/`, with one commit:
/// - `Lenin.md` has the headings `Early life` and `Exile`;
/// - `Index.md` links to `Lenin#Early life`, `Trotsky`, `Stalin`;
/// - `Old.md` holds a broken link that is not the changes' doing.
fn history() -> TempDir {
    let repo = vault(&[
        ("README.md", "A repository with a vault in it.\n"),
        ("vault/.obsidian/app.json", "{}"),
        ("vault/Lenin.md", "# Lenin\n\n## Early life\n\nBorn 1870.\n\n## Exile\n\nZurich.\n"),
        ("vault/Trotsky.md", "# Trotsky\n"),
        ("vault/Stalin.md", "# Stalin\n"),
        ("vault/Index.md", "- [[Lenin#Early life]]\n- [[Trotsky]]\n- [[Stalin]]\n- [[Lenin#Exile]]\n"),
        ("vault/Old.md", "An old broken link: [[Nowhere]].\n"),
    ]);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "first"]);
    repo
}

#[test]
fn changed_since_reports_changed_notes_and_the_links_they_broke() {
    if !has_git() {
        return;
    }
    let repo = history();
    let v = repo.path().join("vault");
    let vs = s(&v);
    // Nothing changed yet: nothing to report, even though Old.md has a broken link.
    let out = run(&["check", vs, "--changed-since", "HEAD", "--format", "concise"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""), "{}", out.stderr);

    // Delete a note, rename a heading, rename a note, and add a broken link to a new note.
    fs::remove_file(v.join("Trotsky.md")).unwrap();
    write(&v, &[("Lenin.md", "# Lenin\n\n## Childhood\n\nBorn 1870.\n\n## Exile\n\nZurich.\n")]);
    git(repo.path(), &["mv", "vault/Stalin.md", "vault/Koba.md"]);
    write(&v, &[("New.md", "Links [[Lenin#Exile]] and [[Bukharin]].\n")]);
    // Concise prints a missing note's first link once, as its broken link; the missing notes
    // are in scope too, as `--select missing-note` shows.
    let expected = [
        "Index.md:1:3 broken-heading",
        "Index.md:2:3 broken-link",
        "Index.md:3:3 broken-link",
        "New.md:1:27 broken-link",
    ];
    let out = run(&["check", vs, "--changed-since", "HEAD", "--format", "concise"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.findings(), expected, "{}", out.stdout);
    let out = run(&["check", vs, "--changed-since", "HEAD", "--format", "concise", "--select", "missing-note"]);
    assert_eq!(
        out.findings(),
        ["Index.md:2:3 missing-note", "Index.md:3:3 missing-note", "New.md:1:27 missing-note"],
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("Changes since HEAD: 3 files changed, 2 files deleted or renamed"), "{}", out.stderr);
    // The whole vault still has Old.md's finding.
    let all = run(&["check", vs, "--format", "concise"]);
    assert!(all.findings().contains(&"Old.md:1:21 broken-link".to_string()));

    // Committed, the same changes are what changed since the first commit.
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "second"]);
    let out = run(&["check", vs, "--changed-since", "HEAD~1", "--format", "concise"]);
    assert_eq!(out.findings(), expected, "{}", out.stdout);
    // GitHub annotations name the repository path.
    let out = run(&["check", vs, "--changed-since", "HEAD~1", "--format", "github"]);
    assert!(out.stdout.lines().all(|l| l.contains("file=vault/")), "{}", out.stdout);
}

#[test]
fn staged_reports_what_the_next_commit_holds() {
    if !has_git() {
        return;
    }
    let repo = history();
    let v = repo.path().join("vault");
    let vs = s(&v);
    // Staged: Trotsky.md deleted. Not staged: a new broken link in Old.md.
    git(repo.path(), &["rm", "-q", "vault/Trotsky.md"]);
    write(&v, &[("Old.md", "An old broken link: [[Nowhere]]. A new one: [[Zinoviev]].\n")]);
    let out = run(&["check", vs, "--staged", "--format", "concise"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.findings(), ["Index.md:2:3 broken-link"], "{}", out.stdout);
    // Staging Old.md adds its findings, old and new: the whole changed note is checked.
    git(repo.path(), &["add", "vault/Old.md"]);
    let out = run(&["check", vs, "--staged", "--format", "concise", "--select", "broken-link"]);
    assert_eq!(out.findings(), ["Index.md:2:3 broken-link", "Old.md:1:21 broken-link", "Old.md:1:45 broken-link"]);
}

#[test]
fn changed_since_outside_git_or_with_a_bad_revision_is_exit_2() {
    if !has_git() {
        return;
    }
    let plain = vault(&[("a.md", "[[b]]\n")]);
    let out = run(&["check", s(plain.path()), "--changed-since", "HEAD"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("needs a git repository"), "{}", out.stderr);
    let out = run(&["check", s(plain.path()), "--staged"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--staged needs a git repository"), "{}", out.stderr);

    let repo = history();
    let vs = repo.path().join("vault");
    for bad in ["no-such-branch", "HEAD~5", "--all"] {
        let out = run(&["check", s(&vs), &format!("--changed-since={bad}")]);
        assert_eq!(out.code, Some(2), "{bad}");
        assert!(out.stderr.contains("not a revision of this repository"), "{bad}: {}", out.stderr);
    }
    let out = run(&["check", s(&vs), "--changed-since", "HEAD", "--staged"]);
    assert_eq!(out.code, Some(2), "the two flags exclude each other");
}

#[test]
fn changed_since_composes_with_a_baseline() {
    if !has_git() {
        return;
    }
    let repo = history();
    let v = repo.path().join("vault");
    let baseline = repo.path().join("baseline.json");
    assert_eq!(run(&["check", s(&v), "--write-baseline", s(&baseline)]).code, Some(0));
    // Old.md changes, but its broken link is in the baseline; the new one is not.
    write(&v, &[("Old.md", "Moved down.\n\nAn old broken link: [[Nowhere]]. New: [[Zinoviev]].\n")]);
    let out = run(&[
        "check",
        s(&v),
        "--changed-since",
        "HEAD",
        "--baseline",
        s(&baseline),
        "--format",
        "concise",
        "--select",
        "broken-link",
    ]);
    assert_eq!(out.findings(), ["Old.md:3:39 broken-link"], "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// wikilint init
// ---------------------------------------------------------------------------------------

#[test]
fn init_writes_a_config_that_loads_and_never_overwrites() {
    let v = vault(&[
        (
            ".obsidian/app.json",
            r#"{"useMarkdownLinks": false, "newLinkFormat": "absolute", "newFileLocation": "folder", "newFileFolderPath": "Inbox"}"#,
        ),
        (".obsidian/templates.json", r#"{"folder": "Templates"}"#),
        ("Templates/Daily.md", "[[{{date}}]]\n"),
        ("Note.md", "[[Nowhere]]\n"),
    ]);
    let out = run(&["init", s(v.path())]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let config = v.path().join("wikilint.toml");
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.contains("wikilinks, [[Note]]"), "{text}");
    assert!(text.contains("the full path from the vault folder"), "{text}");
    assert!(text.contains("the folder \"Inbox\""), "{text}");
    assert!(text.contains("exclude = [\"Templates/**\"]"), "{text}");
    // It loads: the check runs (exit 0, Note.md's link is a forward link; not 2), templates skipped.
    let check = run(&["check", s(v.path()), "--format", "concise"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stdout.contains("Note.md") && !check.stdout.contains("Templates/"), "{}", check.stdout);

    // A second init changes nothing and says why.
    fs::write(&config, "# mine\n").unwrap();
    let again = run(&["init", s(v.path())]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(fs::read_to_string(&config).unwrap(), "# mine\n");
}

#[test]
fn init_on_a_folder_without_obsidian_uses_the_defaults() {
    let v = vault(&[("Note.md", "hello\n")]);
    let out = run(&["init", s(v.path())]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("Obsidian's defaults"), "{}", out.stdout);
    assert_eq!(run(&["check", s(v.path())]).code, Some(0));
    // Only wikilint.toml was added: no temporary file left.
    let names: Vec<String> =
        fs::read_dir(v.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

// ---------------------------------------------------------------------------------------
// Completions, man page, rule table
// ---------------------------------------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert!(out.stdout.len() > 500, "{shell}: {}", out.stdout);
        assert!(out.stdout.contains("changed-since"), "{shell} completes the check options");
        if shell != "powershell" {
            assert!(out.stdout.contains("sarif"), "{shell} completes the format values");
        }
    }
    assert_eq!(run(&["completions", "tcsh"]).code, Some(2));
}

#[test]
fn man_page_documents_every_subcommand() {
    let out = run(&["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains(".TH wikilint 1"), "{}", out.stdout);
    for section in ["WIKILINT CHECK", "WIKILINT RULE", "WIKILINT INIT", "WIKILINT COMPLETIONS"] {
        assert!(out.stdout.contains(&format!(".SH \"{section}\"")), "{section}");
    }
    assert!(out.stdout.contains("\\-\\-changed\\-since"));
}

#[test]
fn rule_table_has_code_name_severity_and_fixable() {
    let out = run(&["rule"]);
    assert_eq!(out.code, Some(0));
    let mut lines = out.stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), wikilint::rules::ALL.len());
    for (row, rule) in rows.iter().zip(wikilint::rules::ALL) {
        let info = rule.info();
        let fixable = match rule.fixable() {
            None => "no",
            Some(wikilint::diagnostic::Safety::Safe) => "safe",
            Some(wikilint::diagnostic::Safety::Unsafe) => "unsafe",
        };
        assert_eq!(&row[..4], [info.code, info.name, info.severity.as_str(), fixable]);
    }
    let fixable = |name: &str| rows.iter().find(|r| r[1] == name).map(|r| r[3]);
    assert_eq!(fixable("glued-link"), Some("safe"));
    assert_eq!(fixable("hidden-link"), Some("unsafe"));
    assert_eq!(fixable("missing-note"), Some("no"));
}

// ---------------------------------------------------------------------------------------
// pre-commit
// ---------------------------------------------------------------------------------------

fn hooks() -> Vec<serde_yaml::Value> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml")).unwrap();
    serde_yaml::from_str(&text).expect(".pre-commit-hooks.yaml is YAML")
}

#[test]
fn pre_commit_hooks_manifest() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["wikilint", "wikilint-fix"]);
    for h in &hooks {
        assert_eq!(h["language"].as_str(), Some("rust"));
        assert_eq!(h["pass_filenames"].as_bool(), Some(false), "the whole vault is checked");
        assert_eq!(h["always_run"].as_bool(), Some(true));
        assert!(h["name"].is_string());
    }
    assert_eq!(hooks[0]["entry"].as_str(), Some("wikilint check"));
    assert_eq!(hooks[1]["entry"].as_str(), Some("wikilint check --fix"));
}

/// `pre-commit` on PATH, else installed from PyPI into a venv kept under the target folder.
fn pre_commit() -> Option<PathBuf> {
    if Std::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Some(PathBuf::from("pre-commit"));
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-venv");
    let bin = venv.join(if cfg!(windows) { "Scripts/pre-commit.exe" } else { "bin/pre-commit" });
    if bin.exists() {
        return Some(bin);
    }
    let made = Std::new("python3").args(["-m", "venv"]).arg(&venv).output().is_ok_and(|o| o.status.success());
    let pip = venv.join(if cfg!(windows) { "Scripts/pip.exe" } else { "bin/pip" });
    let installed = made
        && Std::new(&pip)
            .args(["install", "--quiet", "--disable-pip-version-check", "pre-commit"])
            .output()
            .is_ok_and(|o| o.status.success());
    if installed && bin.exists() { Some(bin) } else { None }
}

/// A real `git commit` through pre-commit's hook: the `wikilint` hook of our manifest (its
/// entry, `pass_filenames`, `always_run`), run as a local hook on the binary under test.
/// (`language: rust` would make pre-commit `cargo install` wikilint in release mode, minutes
/// of build per run; set WIKILINT_TEST_PRE_COMMIT_BUILD=1 to do that too.)
#[test]
fn pre_commit_blocks_a_commit_that_breaks_a_link() {
    if !has_git() {
        return;
    }
    let Some(pre_commit) = pre_commit() else {
        eprintln!("skipped: pre-commit is not installed and could not be installed from PyPI (python3 -m venv + pip)");
        return;
    };
    let hook = hooks().into_iter().next().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("wikilint");
    let entry = hook["entry"].as_str().unwrap().replacen("wikilint", &format!("'{}'", bin.display()), 1);
    let config = format!(
        "repos:\n- repo: local\n  hooks:\n  - id: {}\n    name: {}\n    entry: \"{}\"\n    language: system\n    pass_filenames: {}\n    always_run: {}\n",
        hook["id"].as_str().unwrap(),
        hook["name"].as_str().unwrap(),
        entry.replace('"', "\\\""),
        hook["pass_filenames"].as_bool().unwrap(),
        hook["always_run"].as_bool().unwrap(),
    );
    commit_through_pre_commit(&pre_commit, &config);
}

/// The `wikilint-fix` hook through a real commit: it repairs a glued link, pre-commit stops the
/// commit because a file changed, and the repaired file, once staged, commits.
#[test]
fn pre_commit_fix_hook_repairs_and_then_lets_the_commit_through() {
    if !has_git() {
        return;
    }
    let Some(pre_commit) = pre_commit() else {
        eprintln!("skipped: pre-commit is not installed and could not be installed from PyPI (python3 -m venv + pip)");
        return;
    };
    let hook = hooks().into_iter().nth(1).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("wikilint");
    let entry = hook["entry"].as_str().unwrap().replacen("wikilint", &format!("'{}'", bin.display()), 1);
    let config = format!(
        "repos:\n- repo: local\n  hooks:\n  - id: {}\n    name: {}\n    entry: \"{}\"\n    language: system\n    pass_filenames: {}\n    always_run: {}\n",
        hook["id"].as_str().unwrap(),
        hook["name"].as_str().unwrap(),
        entry.replace('"', "\\\""),
        hook["pass_filenames"].as_bool().unwrap(),
        hook["always_run"].as_bool().unwrap(),
    );
    let repo = vault(&[
        (".pre-commit-config.yaml", &config),
        (".obsidian/app.json", "{}"),
        ("Lenin.md", "# Lenin\n"),
        ("Index.md", "Drifting towards[[Lenin]].\r\n"),
    ]);
    let home = tempfile::tempdir().unwrap();
    let commit = |message: &str| {
        Std::new("git")
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", home.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(["commit", "-q", "-m", message])
            .output()
            .unwrap()
    };
    let said = |o: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    };
    git(repo.path(), &["init", "-q"]);
    let installed = Std::new(&pre_commit)
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", home.path())
        .arg("install")
        .output()
        .unwrap();
    assert!(installed.status.success(), "pre-commit install: {}", said(&installed));
    git(repo.path(), &["add", "-A"]);
    let first = commit("first");
    assert!(!first.status.success(), "pre-commit stops a commit whose files the hook changed:\n{}", said(&first));
    assert!(said(&first).contains("Applied 1 fix in 1 file."), "{}", said(&first));
    assert_eq!(fs::read(repo.path().join("Index.md")).unwrap(), b"Drifting towards [[Lenin]].\r\n");
    git(repo.path(), &["add", "-A"]);
    let second = commit("first, fixed");
    assert!(second.status.success(), "the repaired vault commits:\n{}", said(&second));
}

/// The hook as pre-commit users get it: `language: rust`, built by pre-commit from a
/// repository holding this crate. Slow (a release build), so only on request.
#[test]
fn pre_commit_builds_the_rust_hook() {
    if std::env::var_os("WIKILINT_TEST_PRE_COMMIT_BUILD").is_none() {
        eprintln!(
            "skipped: set WIKILINT_TEST_PRE_COMMIT_BUILD=1 to let pre-commit build the hook with cargo (minutes)"
        );
        return;
    }
    if !has_git() {
        return;
    }
    let Some(pre_commit) = pre_commit() else {
        eprintln!("skipped: pre-commit is not installed and could not be installed from PyPI");
        return;
    };
    // A repository holding the crate as it is in this working tree.
    let hook_repo = tempfile::tempdir().unwrap();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["Cargo.toml", "Cargo.lock", ".pre-commit-hooks.yaml", "README.md"] {
        fs::copy(crate_dir.join(f), hook_repo.path().join(f)).unwrap();
    }
    copy_dir(&crate_dir.join("src"), &hook_repo.path().join("src"));
    git(hook_repo.path(), &["init", "-q"]);
    git(hook_repo.path(), &["add", "-A"]);
    git(hook_repo.path(), &["commit", "-q", "-m", "wikilint"]);
    let rev = git(hook_repo.path(), &["rev-parse", "HEAD"]).trim().to_string();
    let config = format!("repos:\n- repo: {}\n  rev: {rev}\n  hooks:\n  - id: wikilint\n", hook_repo.path().display());
    commit_through_pre_commit(&pre_commit, &config);
}

/// In a fresh repository with `config` as .pre-commit-config.yaml and pre-commit installed
/// as its git hook: a clean commit passes; deleting a note that another (unstaged) note
/// links to is refused; fixing the link lets the commit through.
fn commit_through_pre_commit(pre_commit: &Path, config: &str) {
    let repo = vault(&[
        (".pre-commit-config.yaml", config),
        (".obsidian/app.json", "{}"),
        ("Lenin.md", "# Lenin\n"),
        ("Index.md", "See [[Lenin]].\n"),
    ]);
    let home = tempfile::tempdir().unwrap();
    let pc = |args: &[&str]| {
        Std::new(pre_commit).current_dir(repo.path()).env("PRE_COMMIT_HOME", home.path()).args(args).output().unwrap()
    };
    let commit = |message: &str| {
        Std::new("git")
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", home.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(["commit", "-q", "-m", message])
            .output()
            .unwrap()
    };
    git(repo.path(), &["init", "-q"]);
    let installed = pc(&["install"]);
    assert!(installed.status.success(), "pre-commit install: {}", String::from_utf8_lossy(&installed.stderr));
    git(repo.path(), &["add", "-A"]);
    let first = commit("first");
    let said = |o: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    };
    assert!(first.status.success(), "a clean vault commits:\n{}", said(&first));

    git(repo.path(), &["rm", "-q", "Lenin.md"]);
    let refused = commit("delete Lenin");
    assert!(!refused.status.success(), "the hook lets a broken link through:\n{}", said(&refused));
    assert!(said(&refused).contains("broken link: no file matches \"Lenin\""), "{}", said(&refused));

    write(repo.path(), &[("Index.md", "See Lenin.\n")]);
    git(repo.path(), &["add", "-A"]);
    let fixed = commit("delete Lenin, unlink him");
    assert!(fixed.status.success(), "the fixed vault commits:\n{}", said(&fixed));
}
