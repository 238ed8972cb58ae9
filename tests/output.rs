//! `wikilint check` output a person can read at tens of thousands of findings: `--statistics`,
//! the human summary broken down by rule with the next step, hints in every format, one line
//! per link in the line formats, `--min-severity`, and a human report whose time grows with
//! the findings, not with findings × note size.
//!
//! Every run uses `vault-fixtures/` or a fresh temp vault; nothing here reads outside the crate.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The seed vault as a published vault would check it (`forward-links = "error"`): its 52
/// forward links are errors, so the tests see all three severities.
fn seed() -> &'static str {
    static COPY: std::sync::OnceLock<(TempDir, String)> = std::sync::OnceLock::new();
    &COPY
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/seed");
            copy_dir(&from, dir.path());
            std::fs::write(dir.path().join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
            let path = dir.path().to_str().unwrap().to_string();
            (dir, path)
        })
        .1
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

struct Out {
    /// `None` when the process was killed (timeout) or died by a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn run_with_timeout(args: &[&str], timeout: Duration) -> Out {
    let start = Instant::now();
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .args(args)
        .timeout(timeout)
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        elapsed: start.elapsed(),
    }
}

fn run(args: &[&str]) -> Out {
    let out = run_with_timeout(args, Duration::from_secs(60));
    assert!(!out.stderr.contains("panicked"), "the binary panicked:\n{}", out.stderr);
    out
}

fn json(out: &Out) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// Findings per rule name, counted from `--format json`.
fn counts_from_json(args: &[&str]) -> Vec<(String, usize)> {
    let mut all: Vec<&str> = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let doc = json(&run(&all));
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for d in doc["diagnostics"].as_array().unwrap() {
        *counts.entry(d["name"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// A temp vault holding `files` (vault-relative path, contents); folders are created.
/// A vault of these files, checked as a published vault (`forward-links = "error"`), so that a
/// link to a missing note is an error as the output tests expect.
fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("wikilint.toml"), "forward-links = \"error\"\n").unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn path(v: &TempDir) -> &str {
    v.path().to_str().unwrap()
}

// ---------------------------------------------------------------------------------------
// 1. --statistics
// ---------------------------------------------------------------------------------------

#[test]
fn statistics_prints_one_line_per_rule_most_frequent_first() {
    let out = run(&["check", seed(), "--statistics"]);
    assert_eq!(out.code, Some(1), "the exit code is the check's: there are errors\n{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "52  WL101  [ ] broken-link");
    assert_eq!(lines[1], "47  WL201  [ ] missing-note");
    assert!(lines.contains(&" 2  WL106  [*] glued-link"), "{}", out.stdout);
    assert!(lines.contains(&" 1  WL105  [*] padded-link"), "{}", out.stdout);
    // Exactly the rules with findings, with the counts the JSON report holds.
    let table: Vec<(String, usize)> = {
        let mut t: Vec<(String, usize)> = lines
            .iter()
            .take_while(|l| l.contains("  WL"))
            .map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.last().unwrap().to_string(), f[0].parse().unwrap())
            })
            .collect();
        t.sort();
        t
    };
    assert_eq!(table, counts_from_json(&[seed()]));
    let counts: Vec<usize> =
        lines.iter().take(table.len()).map(|l| l.split_whitespace().next().unwrap().parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most frequent first: {counts:?}");
    // Then the totals and what --fix repairs, as ruff ends its statistics.
    assert_eq!(
        &lines[table.len()..],
        ["Found 107 findings: 52 errors, 5 warnings, 50 infos.", "[*] 4 fixable with `wikilint check --fix`.",]
    );
    // No finding is printed.
    assert!(!out.stdout.contains("broken link:"), "{}", out.stdout);
    // The same table for --format concise; --quiet leaves the table alone.
    assert_eq!(run(&["check", seed(), "--statistics", "--format", "concise"]).stdout, out.stdout);
    let quiet = run(&["check", seed(), "--statistics", "--quiet"]);
    assert_eq!(quiet.stdout.lines().collect::<Vec<_>>(), lines[..table.len()]);
    // With --unsafe-fixes, the unsafe fixes count.
    let with_unsafe = run(&["check", seed(), "--statistics", "--unsafe-fixes"]);
    assert!(with_unsafe.stdout.contains(" 2  WL108  [*] hidden-link"), "{}", with_unsafe.stdout);
    // The two hidden-link fixes would add broken links, so `--fix --unsafe-fixes` refuses them:
    // the count is what it would really fix.
    assert!(
        with_unsafe.stdout.ends_with("[*] 4 fixable with `wikilint check --fix --unsafe-fixes`.\n"),
        "{}",
        with_unsafe.stdout
    );
}

#[test]
fn statistics_as_json_is_a_list_of_rule_counts() {
    let out = run(&["check", seed(), "--statistics", "--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let doc = json(&out);
    let list = doc.as_array().expect("a JSON list");
    assert_eq!(
        list[0],
        serde_json::json!({"code": "WL101", "name": "broken-link", "severity": "error", "count": 52, "fixable": false})
    );
    let glued = list.iter().find(|s| s["name"] == "glued-link").unwrap();
    assert_eq!(
        (glued["count"].as_u64(), glued["fixable"].as_bool(), glued["severity"].as_str()),
        (Some(2), Some(true), Some("warning"))
    );
    let mut from_list: Vec<(String, usize)> =
        list.iter().map(|s| (s["name"].as_str().unwrap().to_string(), s["count"].as_u64().unwrap() as usize)).collect();
    from_list.sort();
    assert_eq!(from_list, counts_from_json(&[seed()]));
}

#[test]
fn statistics_follow_the_rule_selection_and_a_clean_vault_has_none() {
    let out = run(&["check", seed(), "--statistics", "--select", "WL1", "--quiet"]);
    let names: Vec<&str> = out.stdout.lines().map(|l| l.split_whitespace().last().unwrap()).collect();
    assert_eq!(names, ["broken-link", "glued-link", "hidden-link", "padded-link", "link-case-mismatch"]);
    let v = vault(&[("A.md", "[[B]]\n"), ("B.md", "[[A]]\n")]);
    let out = run(&["check", path(&v), "--statistics"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "Found 0 findings: 0 errors, 0 warnings, 0 infos.\n"));
    let out = run(&["check", path(&v), "--statistics", "--format", "json"]);
    assert_eq!(out.stdout, "[]\n");
}

#[test]
fn statistics_refuse_the_ci_formats() {
    for format in ["github", "sarif"] {
        let out = run(&["check", seed(), "--statistics", "--format", format]);
        assert_eq!(out.code, Some(2), "{format}");
        assert!(out.stderr.contains("--statistics") && out.stderr.contains(format), "{}", out.stderr);
        assert_eq!(out.stdout, "");
    }
}

// ---------------------------------------------------------------------------------------
// 2. The human summary: totals by rule, and the next step
// ---------------------------------------------------------------------------------------

/// The summary: from the `Checked …` line to the end.
fn summary_of(out: &Out) -> &str {
    let at =
        if out.stdout.starts_with("Checked ") { 0 } else { out.stdout.rfind("\nChecked ").expect("a summary") + 1 };
    &out.stdout[at..]
}

#[test]
fn human_summary_breaks_the_totals_down_by_rule_and_names_the_next_step() {
    let out = run(&["check", seed()]);
    assert_eq!(out.code, Some(1));
    let summary = summary_of(&out);
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines[1], "107 findings: 52 errors, 5 warnings, 50 infos.");
    assert_eq!(lines[2], "  52  WL101  [ ] broken-link");
    // Every rule with findings has its row, with the count the JSON report holds.
    for (name, count) in counts_from_json(&[seed()]) {
        let row =
            lines.iter().find(|l| l.contains(&format!("] {name}"))).unwrap_or_else(|| panic!("no row for {name}"));
        assert_eq!(row.split_whitespace().next().unwrap(), count.to_string(), "{row}");
    }
    // The missing-note infos are not drawn one by one: the row says where they are.
    assert!(!out.stdout.contains("missing-note(WL201)"), "drawn one by one");
    let row = lines.iter().find(|l| l.contains("] missing-note")).unwrap();
    assert!(row.contains("not drawn above"), "{row}");
    // The next steps: stubs for the missing notes, --fix for what it repairs; never "see --format json".
    assert!(
        summary.contains("`wikilint stubs` lists all 47 missing notes with the links to each; `wikilint stubs --create` writes their stubs."),
        "{summary}"
    );
    assert!(summary.contains("  … and 37 more.\n"), "{summary}");
    assert!(!summary.contains("--format json"), "{summary}");
    assert!(summary.ends_with("[*] 4 fixable with `wikilint check --fix`.\n"), "{summary}");
}

#[test]
fn human_summary_names_only_the_steps_that_apply() {
    // A glued link: fixable, no missing note.
    let v = vault(&[("A.md", "See the[[B]] note.\n"), ("B.md", "# B\n")]);
    let out = run(&["check", path(&v)]);
    assert_eq!(out.code, Some(0), "a warning only");
    let summary = summary_of(&out);
    assert!(summary.contains("1 finding: 0 errors, 1 warning, 0 infos.\n  1  WL106  [*] glued-link\n"), "{summary}");
    assert!(!summary.contains("wikilint stubs"), "{summary}");
    assert!(summary.ends_with("[*] 1 fixable with `wikilint check --fix`.\n"), "{summary}");
    // A clean vault.
    let v = vault(&[("A.md", "See [[B]].\n"), ("B.md", "# B\n")]);
    let out = run(&["check", path(&v)]);
    assert_eq!(summary_of(&out).lines().nth(1), Some("No findings."), "{}", out.stdout);
    assert!(!out.stdout.contains("fixable") && !out.stdout.contains("stubs"), "{}", out.stdout);
    // --quiet: the findings only.
    let out = run(&["check", seed(), "--quiet"]);
    assert!(!out.stdout.contains("Checked ") && !out.stdout.contains("fixable"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// 3. Hints in every format; a missing note's first link once in the line formats
// ---------------------------------------------------------------------------------------

/// `(path:line:col, rule, hint)` of every finding that has a hint, from `--format json`.
fn hints_from_json(args: &[&str]) -> Vec<(String, String, String)> {
    let mut all: Vec<&str> = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let doc = json(&run(&all));
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["hint"].is_string())
        .map(|d| {
            let at = format!("{}:{}:{}", d["path"].as_str().unwrap(), d["line"], d["column"]);
            (at, d["name"].as_str().unwrap().to_string(), d["hint"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn concise_ends_each_line_with_its_hint() {
    let out = run(&["check", seed(), "--format", "concise"]);
    assert_eq!(out.code, Some(1));
    let hints = hints_from_json(&[seed()]);
    assert!(hints.len() >= 5, "the seed has findings with hints: {hints:?}");
    for (at, rule, hint) in &hints {
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{at}: ")) && l.contains(&format!("[{rule}] ")))
            .unwrap_or_else(|| panic!("no line for {at} {rule}"));
        assert!(line.ends_with(&format!(" (help: {hint})")), "{line}");
    }
    assert!(
        out.stdout.contains(
            ":41:398: warning[glued-link] link [[reformism]] is glued to the word before it (help: insert a space before the link)\n"
        ),
        "{}",
        out.stdout
    );
    // A finding without a hint ends with its message.
    assert!(
        out.stdout.contains(":15:1: error[broken-link] broken link: no note \"Lenin\" yet (a forward link)\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn github_annotations_carry_the_hint_on_a_help_line() {
    let out = run(&["check", seed(), "--format", "github"]);
    assert_eq!(out.code, Some(1));
    for (at, rule, hint) in hints_from_json(&[seed()]) {
        let (line, col) = {
            let mut p = at.rsplitn(3, ':');
            let col = p.next().unwrap().to_string();
            (p.next().unwrap().to_string(), col)
        };
        let annotation = out
            .stdout
            .lines()
            .find(|l| {
                l.contains(&format!(",line={line},"))
                    && l.contains(&format!(",col={col},"))
                    && l.contains(&format!("title={rule} ("))
            })
            .unwrap_or_else(|| panic!("no annotation for {at} {rule}"));
        // The runner decodes %0A into a line break; `%`, CR and LF are the message's escapes.
        let escaped = hint.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        assert!(annotation.ends_with(&format!("%0Ahelp: {escaped}")), "{annotation}");
    }
}

#[test]
fn sarif_results_carry_the_hint() {
    let out = run(&["check", seed(), "--format", "sarif"]);
    let log = json(&out);
    let texts: Vec<&str> =
        log["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["message"]["text"].as_str().unwrap()).collect();
    for (_, _, hint) in hints_from_json(&[seed()]) {
        assert!(texts.iter().any(|t| t.ends_with(&format!("\n{hint}"))), "no result ends with {hint:?}");
    }
}

#[test]
fn a_missing_notes_first_link_is_printed_once_in_the_line_formats() {
    let v = vault(&[("A.md", "See [[Nowhere]] and [[Nowhere]] again.\n"), ("B.md", "Also [[Elsewhere]].\n")]);
    let concise = run(&["check", path(&v), "--format", "concise"]);
    assert_eq!(concise.code, Some(1));
    assert_eq!(
        concise.stdout,
        "A.md:1:5: error[broken-link] broken link: no note \"Nowhere\" yet (a forward link)\n\
         A.md:1:21: error[broken-link] broken link: no note \"Nowhere\" yet (a forward link)\n\
         B.md:1:6: error[broken-link] broken link: no note \"Elsewhere\" yet (a forward link)\n"
    );
    // One annotation per link on the pull request too.
    let github = run(&["check", path(&v), "--format", "github"]);
    assert_eq!(github.stdout.lines().count(), 3, "{}", github.stdout);
    assert!(!github.stdout.contains("missing-note"), "{}", github.stdout);
    // Selected alone, the missing notes are printed, one per note to write.
    let alone = run(&["check", path(&v), "--format", "concise", "--select", "missing-note"]);
    assert_eq!(
        alone.stdout,
        "A.md:1:5: info[missing-note] missing note \"Nowhere\": 2 links from 1 note\n\
         B.md:1:6: info[missing-note] missing note \"Elsewhere\": 1 link from 1 note\n"
    );
    // JSON and SARIF keep every finding.
    assert_eq!(counts_from_json(&[path(&v)]), [("broken-link".to_string(), 3), ("missing-note".to_string(), 2)]);
    let sarif = json(&run(&["check", path(&v), "--format", "sarif"]));
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 5);
}

// ---------------------------------------------------------------------------------------
// 4. --min-severity
// ---------------------------------------------------------------------------------------

/// Severities of the concise lines.
fn severities(out: &Out) -> Vec<&str> {
    out.stdout.lines().map(|l| l.split(": ").nth(1).unwrap().split('[').next().unwrap()).collect()
}

#[test]
fn min_severity_shows_that_severity_and_above() {
    let all = run(&["check", seed(), "--format", "concise"]);
    let errors = run(&["check", seed(), "--format", "concise", "--min-severity", "error"]);
    assert!(severities(&errors).iter().all(|s| *s == "error"), "{}", errors.stdout);
    assert_eq!(errors.stdout.lines().count(), 52);
    assert_eq!(errors.code, Some(1));
    let warnings = run(&["check", seed(), "--format", "concise", "--min-severity", "warning"]);
    assert!(severities(&warnings).iter().all(|s| *s != "info"), "{}", warnings.stdout);
    assert_eq!(warnings.stdout.lines().count(), 57);
    // `info` shows everything: the default.
    assert_eq!(run(&["check", seed(), "--format", "concise", "--min-severity", "info"]).stdout, all.stdout);
    // What is shown is what the full report shows at that severity, line for line.
    let kept: Vec<&str> = all.stdout.lines().filter(|l| l.contains(": error[") || l.contains(": warning[")).collect();
    assert_eq!(warnings.stdout.lines().collect::<Vec<_>>(), kept);

    // JSON: the diagnostics and the totals are those shown; the missing notes stay ranked.
    let doc = json(&run(&["check", seed(), "--format", "json", "--min-severity", "warning"]));
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 57);
    assert!(diags.iter().all(|d| d["severity"] != "info"));
    assert_eq!((doc["totals"]["warnings"].as_u64(), doc["totals"]["infos"].as_u64()), (Some(5), Some(0)));
    assert_eq!(doc["missing_notes"].as_array().unwrap().len(), 47);

    // The human summary counts what it shows and says what it left out.
    let human = run(&["check", seed(), "--min-severity", "error"]);
    let summary = summary_of(&human);
    assert!(
        summary.contains(
            "52 findings: 52 errors, 0 warnings, 0 infos.\n  52  WL101  broken-link\nNot shown: 5 warnings, 50 infos (below --min-severity error).\n"
        ),
        "{summary}"
    );
    assert!(!human.stdout.contains("warning["), "no warning drawn");
    // --statistics counts what is shown.
    let stats = run(&["check", seed(), "--statistics", "--min-severity", "warning"]);
    assert!(!stats.stdout.contains("missing-note") && stats.stdout.contains("Not shown: 50 infos"), "{}", stats.stdout);
}

#[test]
fn min_severity_never_changes_the_exit_code() {
    let warnings_only = vault(&[("A.md", "See the[[B]] note.\n"), ("B.md", "# B\n")]);
    let with_errors = vault(&[("A.md", "See [[Nowhere]] and the[[B]] note.\n"), ("B.md", "# B\n")]);
    let clean = vault(&[("A.md", "See [[B]].\n"), ("B.md", "# B\n")]);
    for (v, want) in [(&warnings_only, 0), (&with_errors, 1), (&clean, 0)] {
        for format in ["human", "concise", "json", "github", "sarif"] {
            for min in ["info", "warning", "error"] {
                let out = run(&["check", path(v), "--format", format, "--min-severity", min]);
                assert_eq!(out.code, Some(want), "{format} --min-severity {min}\n{}{}", out.stdout, out.stderr);
            }
        }
    }
    // Everything hidden, still exit 0 for a warning; nothing printed in concise.
    let out = run(&["check", path(&warnings_only), "--format", "concise", "--min-severity", "error"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
}

#[test]
fn min_severity_refuses_an_unknown_severity() {
    let out = run(&["check", seed(), "--min-severity", "fatal"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("info, warning, error"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// 5. The human report takes time in proportion to the findings
// ---------------------------------------------------------------------------------------

/// Generous for a debug build on a busy machine: the report below takes well under a second
/// once rendering is linear, and minutes when each finding rescans (and copies) the note.
const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn human_report_of_a_note_with_5000_broken_links_is_quick_and_whole() {
    let n = 5000;
    let text: String =
        (0..n).map(|i| format!("Line {i} links to [[Missing {i}]] and then goes on a little.\n")).collect();
    let v = vault(&[("Big.md", &text)]);
    let out = run_with_timeout(&["check", path(&v)], RENDER_TIMEOUT);
    assert_eq!(out.code, Some(1), "killed or failed after {:?}\n{}", out.elapsed, out.stderr);
    assert_eq!(out.stdout.matches("× broken link: no note").count(), n, "every finding is drawn");
    // Positions are those of the concise format (columns in code points, 1-based).
    for i in [0, 1, 2499, n - 1] {
        let col = format!("Line {i} links to ").len() + 1;
        let header = format!("[Big.md:{}:{col}]", i + 1);
        assert!(out.stdout.contains(&header), "lacks {header}");
        // The source line, numbered, with the lines around it.
        assert!(
            out.stdout.contains(&format!(" {} │ Line {i} links to [[Missing {i}]]", i + 1)),
            "lacks line {}",
            i + 1
        );
    }
    assert!(out.stdout.contains(&format!("{} │ Line {} links", n - 1, n - 2)), "the line before the last");
}

/// One line holding thousands of links: each finding shows the part of the line around its
/// link, not the whole line again, so the report stays in proportion to the findings.
#[test]
fn human_report_of_one_long_line_shows_the_part_around_each_link() {
    let n = 3000;
    let line: String = (0..n).map(|i| format!("word [[Gone {i}]] ")).collect();
    let v = vault(&[("Long.md", &format!("# Title\n{line}\nlast line\n"))]);
    let out = run_with_timeout(&["check", path(&v)], RENDER_TIMEOUT);
    assert_eq!(out.code, Some(1), "killed or failed after {:?}\n{}", out.elapsed, out.stderr);
    assert_eq!(out.stdout.matches("× broken link: no note").count(), n);
    // Each finding's drawing is a few hundred bytes, whatever the line's length.
    assert!(out.stdout.len() < n * 2000, "{} bytes for {n} findings", out.stdout.len());
    // The header keeps the true column; the line is cut with an ellipsis around the link.
    let k = 1500;
    let col = line[..line.find(&format!("[[Gone {k}]]")).unwrap()].chars().count() + 1;
    let header = format!("[Long.md:2:{col}]");
    let at = out.stdout.find(&header).unwrap_or_else(|| panic!("lacks {header}"));
    let drawing = &out.stdout[at..at + out.stdout[at..].find("\n\n").unwrap()];
    assert!(
        drawing.contains(&format!("word [[Gone {}]] word [[Gone {k}]] word [[Gone {}]]", k - 1, k + 1)),
        "{drawing}"
    );
    assert!(drawing.contains(" 1 │ # Title") && drawing.contains(" 3 │ last line"), "{drawing}");
    assert!(drawing.contains(" 2 │ … word [[Gone ") && drawing.contains("]] word …\n"), "{drawing}");
    assert!(drawing.contains("╰── broken-link"), "{drawing}");
    // The underline sits under the link: the label's `┬` column is inside `[[Gone k]]`.
    let source = drawing.lines().find(|l| l.contains(&format!("[[Gone {k}]]"))).unwrap();
    let under = drawing.lines().find(|l| l.contains('┬')).unwrap();
    let link_at = source[..source.find(&format!("[[Gone {k}]]")).unwrap()].chars().count();
    let mark_at = under.chars().position(|c| c == '─').unwrap();
    assert_eq!(link_at, mark_at, "\n{source}\n{under}");
}

/// The summary promises only the unsafe fixes `--unsafe-fixes` would make: the seed's two
/// hidden-link fixes would turn their links into broken links, so they are refused and not
/// promised; then `--fix` leaves nothing promised, and a working unsafe fix is promised and made.
#[test]
fn the_summary_promises_only_the_unsafe_fixes_that_apply() {
    let out = run(&["check", seed()]);
    assert!(out.stdout.contains("[*] 4 fixable with `wikilint check --fix`.\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("more with `--fix --unsafe-fixes`"), "{}", out.stdout);
    let stats = run(&["check", seed(), "--statistics"]);
    assert!(stats.stdout.contains("[*] 4 fixable with `wikilint check --fix`.\n"), "{}", stats.stdout);

    let v = vault(&[("AI Note.md", "---\naliases: [AI]\n---\n"), ("A.md", "See [[AI]] and the[[AI Note]].\n")]);
    let out = run(&["check", path(&v)]);
    assert!(
        out.stdout.contains("[*] 1 fixable with `wikilint check --fix` (1 more with `--fix --unsafe-fixes`)."),
        "{}",
        out.stdout
    );
    run(&["check", path(&v), "--fix", "--unsafe-fixes"]);
    assert_eq!(fs::read_to_string(v.path().join("A.md")).unwrap(), "See [[AI Note|AI]] and the [[AI Note]].\n");
}
