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

#[test]
fn the_baseline_summary_says_how_many_findings_it_hid() {
    let v = vault_of(&[("A.md", "[[Gone]] and [[Lost]] and [[ padded]]\n"), ("padded.md", "")]);
    let root = v.path().to_str().unwrap();
    let file = v.path().join("baseline.json");
    let file = file.to_str().unwrap();
    let wrote = wikilint(&["check", root, "--write-baseline", file]);
    assert_eq!(wrote.code, Some(0), "{}", wrote.stderr);
    let recorded: usize = wrote.stderr.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect(&wrote.stderr);
    assert_eq!(wrote.stderr, format!("Wrote {recorded} findings to the baseline {file}.\n"));
    // One known broken link fixed, one new one: the rest are hidden, and the summary says how many.
    fs::write(v.path().join("A.md"), "[[Gone]] and [[Lost.png]] and [[ padded]]\n").unwrap();
    let human = wikilint(&["check", root, "--baseline", file]);
    let concise = wikilint(&["check", root, "--baseline", file, "--format", "concise"]);
    assert_eq!(concise.code, Some(1));
    let shown = concise.stdout.lines().count();
    let hidden = recorded - 2; // the two findings of [[Lost]] (broken link, missing note) are gone
    let line = format!("Baseline: {hidden} known findings not shown; 2 of its findings are gone");
    assert!(human.stdout.contains(&line), "{}", human.stdout);
    assert!(concise.stderr.contains(&line), "{}", concise.stderr);
    assert!(!concise.stdout.contains("Gone") && concise.stdout.contains("Lost.png"), "{}", concise.stdout);
    // Concise prints a missing note's first link once: its broken-link line.
    assert_eq!(shown, 1, "the new broken link:\n{}", concise.stdout);
}

/// The action's steps, each as (id or name, `if`, env, script), from `action.yml`.
struct ActionStep {
    id: String,
    condition: Option<String>,
    env: Vec<(String, String)>,
    run: Option<String>,
    uses: Option<String>,
}

fn action_steps() -> (serde_yaml::Value, Vec<ActionStep>) {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let action: serde_yaml::Value = serde_yaml::from_str(&text).expect("action.yml is YAML");
    let str_of = |v: &serde_yaml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let steps = action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .map(|s| ActionStep {
            id: str_of(s, "id").or_else(|| str_of(s, "name")).unwrap_or_default(),
            condition: str_of(s, "if"),
            env: s
                .get("env")
                .and_then(|e| e.as_mapping())
                .map(|m| {
                    m.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), v.as_str().unwrap().to_string())).collect()
                })
                .unwrap_or_default(),
            run: str_of(s, "run"),
            uses: str_of(s, "uses"),
        })
        .collect();
    (action, steps)
}

#[test]
fn the_github_action_checks_the_vault_and_uploads_sarif() {
    let (action, steps) = action_steps();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for input in ["path", "args", "sarif"] {
        assert!(action["inputs"][input]["description"].as_str().is_some(), "input {input}");
    }
    assert!(
        steps.iter().any(|s| s.uses.as_deref().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
            && s.condition.as_deref() == Some("inputs.sarif == 'true'"))
    );
    let build = steps.iter().find(|s| s.run.as_deref().is_some_and(|r| r.contains("cargo install"))).expect("a build");
    assert!(build.run.as_deref().unwrap().contains("--path \"$GITHUB_ACTION_PATH\""));

    // Run the shell steps as the runner would, on a repository holding the seed vault, with the
    // test's binary standing in for the cached build.
    let repo = tempfile::tempdir().unwrap();
    let vault = copy_of(&fixture("seed"));
    fs::rename(vault.path(), repo.path().join("notes")).unwrap();
    // A published vault: its forward links are errors, so the check fails the job.
    fs::write(repo.path().join("notes/wikilint.toml"), "forward-links = \"error\"\n").unwrap();
    // GitHub matches annotations by repository path: the vault is a folder of a git repository.
    let git = std::process::Command::new("git").args(["init", "-q"]).current_dir(repo.path()).status();
    let in_git = git.is_ok_and(|s| s.success());
    let runner_temp = tempfile::tempdir().unwrap();
    let github_output = runner_temp.path().join("output");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_wikilint")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut outputs: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let inputs = [("path", "notes"), ("args", "--select WL1"), ("sarif", "true")];
    let expand = |value: &str, outputs: &std::collections::HashMap<String, String>| {
        let mut v = value.replace("${{ runner.temp }}", runner_temp.path().to_str().unwrap());
        for (k, x) in inputs {
            v = v.replace(&format!("${{{{ inputs.{k} }}}}"), x);
        }
        for (k, x) in outputs {
            v = v.replace(&format!("${{{{ steps.{k} }}}}"), x);
        }
        v
    };
    let mut last = None;
    for step in &steps {
        let Some(script) = &step.run else { continue };
        if script.contains("cargo install") || script.contains("GITHUB_PATH") {
            continue; // the build, and putting it on PATH: the test binary is already there
        }
        if let Some(c) = &step.condition {
            assert_eq!(c, "inputs.sarif == 'true'", "a condition this test does not know");
        }
        fs::write(&github_output, "").unwrap();
        let mut cmd = std::process::Command::new("bash");
        // As the runner runs `shell: bash`.
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"]).arg(script).current_dir(repo.path());
        cmd.env("PATH", &path)
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("GITHUB_OUTPUT", &github_output)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TOOL_CACHE", runner_temp.path())
            .env("NO_COLOR", "1");
        for (k, v) in &step.env {
            cmd.env(k, expand(v, &outputs));
        }
        let out = cmd.output().expect("bash runs");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        for line in fs::read_to_string(&github_output).unwrap().lines() {
            let (k, v) = line.split_once('=').expect("name=value");
            outputs.insert(format!("{}.outputs.{k}", step.id), v.to_string());
        }
        last = Some((step.id.clone(), out.status.code(), stdout, String::from_utf8_lossy(&out.stderr).to_string()));
        let (id, code, _, stderr) = last.as_ref().unwrap();
        if id != "wikilint check" {
            assert_eq!(*code, Some(0), "step {id}: {stderr}");
        }
    }
    assert!(outputs["key.outputs.key"].starts_with("wikilint-Linux-X64-"), "{outputs:?}");
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&outputs["sarif.outputs.file"]).unwrap()).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.iter().all(|r| r["ruleId"].as_str().unwrap().starts_with("WL1")));
    // The last step: annotations with repository paths, and exit 1 for the seed vault's
    // forward links, errors here.
    let (id, code, stdout, stderr) = last.unwrap();
    assert_eq!((id.as_str(), code), ("wikilint check", Some(1)), "{stderr}");
    let prefix = if in_git { "notes/" } else { "" };
    let annotation = format!("::error file={prefix}Russia - How the Bureaucracy Stole Power.md,");
    assert!(stdout.lines().any(|l| l.starts_with(&annotation)), "{stdout}");
    assert!(!stdout.contains("missing-note"), "--select WL1 was passed: {stdout}");
}

fn manifest() -> toml::Table {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    text.parse().expect("Cargo.toml is TOML")
}

#[test]
fn the_crate_carries_its_licences_and_metadata() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let package = manifest()["package"].as_table().unwrap().clone();
    let field = |k: &str| package.get(k).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("no {k}")).to_string();
    assert_eq!(field("license"), "MIT OR Apache-2.0");
    let mit = fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("Copyright (c) the wikilint developers\n") && mit.contains("Permission is hereby granted"));
    let apache = fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    assert!(!field("description").is_empty());
    assert_eq!(field("readme"), "README.md");
    let keywords = package["keywords"].as_array().unwrap();
    assert!(keywords.len() <= 5, "crates.io takes at most 5 keywords");
    let categories: Vec<&str> = package["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(categories.iter().all(|c| ["command-line-utilities", "text-processing", "development-tools"].contains(c)));
    // The MSRV the README states is the one Cargo.toml declares.
    let msrv = field("rust-version");
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(&format!("Rust {msrv} or newer")), "README does not state Rust {msrv}");
    assert!(readme.contains(&format!("minimum supported Rust version is **{msrv}**")));
}

#[test]
fn the_package_holds_the_tool_and_not_the_fixtures() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = list.lines().collect();
    for want in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/graph/report.html",
    ] {
        assert!(files.contains(&want), "{want} is not packaged:\n{list}");
    }
    let stray: Vec<&&str> = files
        .iter()
        .filter(|f| ["vault-fixtures/", "tests/", "bench/", "examples/", ".ci/"].iter().any(|d| f.starts_with(d)))
        .collect();
    assert!(stray.is_empty(), "packaged: {stray:?}");
}

#[test]
fn the_readme_snippets_have_no_placeholders_to_fill() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for bad in ["<URL", "<tag or commit>", "<URL of"] {
        assert!(!readme.contains(bad), "README still has {bad}");
    }
}
