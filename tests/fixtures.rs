//! End-to-end checks of `wikilint check VAULT --format concise` on the fixture vaults in
//! `vault-fixtures/` (see `vault-fixtures/README.md`).
//!
//! Every expectation below is derived from how Obsidian itself parses and resolves links
//! (the project's Obsidian semantics spec; section numbers are quoted as `§x.y` and the
//! spec's test cases as `T-xxx`), never from what an implementation happens to print.
//! Positions are 1-based lines and 1-based columns in Unicode code points, pointing at the
//! `[` of a link or the `!` of an embed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// One finding line of the concise format: `path:line:col: severity[rule] message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Finding {
    path: String,
    line: usize,
    col: usize,
    severity: String,
    rule: String,
}

struct Run {
    code: i32,
    findings: Vec<Finding>,
    stdout: String,
    stderr: String,
}

/// The severity every rule must have, as the CLI contract defines it.
const SEVERITIES: &[(&str, &str)] = &[
    // broken-link: an error, or a warning for a forward link (checked in `assert_sane`).
    ("broken-heading", "warning"),
    ("broken-block", "warning"),
    ("ambiguous-link", "warning"),
    ("padded-link", "warning"),
    ("glued-link", "warning"),
    ("link-case-mismatch", "info"),
    ("hidden-link", "info"),
    ("missing-note", "info"),
    ("invalid-frontmatter", "error"),
    ("unreadable-file", "error"),
    ("invalid-utf8", "error"),
    ("binary-note", "error"),
];

/// The link rules whose findings are compared as exact multisets per vault.
const LINK_RULES: &[&str] = &["broken-link", "broken-heading", "broken-block", "ambiguous-link"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures").join(name)
}

/// Parses `path:line:col: severity[rule] message`; `None` for any other line (summaries).
/// The path is everything before the first `:<digits>:<digits>: <word>[<rule>]` that
/// matches, so a path may itself contain `:`.
fn parse_line(line: &str) -> Option<Finding> {
    for (i, _) in line.match_indices(':') {
        let path = &line[..i];
        let rest = &line[i + 1..];
        let Some((ln, rest)) = rest.split_once(':') else {
            continue;
        };
        let Some((col, rest)) = rest.split_once(':') else {
            continue;
        };
        let (Ok(ln), Ok(col)) = (ln.parse::<usize>(), col.parse::<usize>()) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(' ') else {
            continue;
        };
        let Some((severity, rest)) = rest.split_once('[') else {
            continue;
        };
        let Some((rule, _message)) = rest.split_once(']') else {
            continue;
        };
        let word =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if path.is_empty() || !word(severity) || !word(rule) {
            continue;
        }
        return Some(Finding {
            path: path.to_string(),
            line: ln,
            col,
            severity: severity.to_string(),
            rule: rule.to_string(),
        });
    }
    None
}

fn run_check_with_timeout(vault: &Path, timeout: Duration) -> Run {
    run_check_with(vault, timeout, &[])
}

/// The `missing-note` findings alone: concise prints a missing note's first link once, as its
/// broken link (or hidden link), unless missing-note is the only rule selected.
fn run_missing_notes(vault: &Path) -> Run {
    run_check_with(vault, Duration::from_secs(120), &["--select", "missing-note"])
}

fn run_check_with(vault: &Path, timeout: Duration, extra: &[&str]) -> Run {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .arg("check")
        .arg(vault)
        .args(["--format", "concise"])
        .args(extra)
        .timeout(timeout)
        .output()
        .expect("wikilint could be started");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // `None` = killed (by the timeout): report it as -1 so the assertions below name it.
    let code = out.status.code().unwrap_or(-1);
    let findings: Vec<Finding> = stdout.lines().filter_map(parse_line).collect();
    let run = Run { code, findings, stdout, stderr };
    assert_sane(&run, vault);
    run
}

fn run_check(vault: &Path) -> Run {
    run_check_with_timeout(vault, Duration::from_secs(120))
}

/// Properties every run must have, whatever the vault.
fn assert_sane(run: &Run, vault: &Path) {
    let ctx = || context(run, vault);
    assert_ne!(run.code, -1, "wikilint was killed (timeout?)\n{}", ctx());
    assert_ne!(run.code, 101, "wikilint panicked\n{}", ctx());
    assert!(!run.stderr.contains("panicked at"), "wikilint panicked\n{}", ctx());
    let severities: BTreeMap<&str, &str> = SEVERITIES.iter().copied().collect();
    // A broken link is a warning when it is a forward link (a note not written yet), else an error.
    for line in run.stdout.lines().filter(|l| l.contains("[broken-link]")) {
        let forward = line.ends_with("(a forward link)");
        let want = if forward { ": warning[broken-link] " } else { ": error[broken-link] " };
        assert!(line.contains(want), "wrong severity for {line}\n{}", ctx());
    }
    for f in run.findings.iter().filter(|f| f.rule != "broken-link") {
        assert!(["error", "warning", "info"].contains(&f.severity.as_str()), "unknown severity in {f:?}\n{}", ctx());
        if let Some(want) = severities.get(f.rule.as_str()) {
            assert_eq!(&f.severity, want, "wrong severity for {f:?}\n{}", ctx());
        }
        assert!(f.line >= 1 && f.col >= 1, "positions are 1-based: {f:?}");
        assert!(
            !f.path.starts_with('/') && !f.path.starts_with("./") && !f.path.contains('\\'),
            "path must be vault-relative with `/`: {f:?}"
        );
    }
    // Sorted by path, then position: each path's findings are contiguous and in order.
    let mut seen_paths: Vec<&str> = Vec::new();
    for w in run.findings.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.path == b.path {
            assert!(
                (a.line, a.col) <= (b.line, b.col),
                "findings of one file out of order: {a:?} then {b:?}\n{}",
                ctx()
            );
        }
    }
    for f in &run.findings {
        if seen_paths.last() != Some(&f.path.as_str()) {
            assert!(!seen_paths.contains(&f.path.as_str()), "findings of {} are not contiguous\n{}", f.path, ctx());
            seen_paths.push(&f.path);
        }
    }
    // Exit code contract: 1 iff some error-severity finding, else 0.
    let has_error = run.findings.iter().any(|f| f.severity == "error");
    let want = if has_error { 1 } else { 0 };
    assert_eq!(run.code, want, "exit code must be 1 iff an error is reported\n{}", ctx());
}

fn context(run: &Run, vault: &Path) -> String {
    const MAX: usize = 6000;
    let cut = |s: &str| -> String {
        if s.len() <= MAX {
            s.to_string()
        } else {
            let mut end = MAX;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}\n… ({} bytes more)", &s[..end], s.len() - end)
        }
    };
    format!(
        "vault: {}\nexit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        vault.display(),
        run.code,
        cut(&run.stdout),
        cut(&run.stderr)
    )
}

type Pos = (String, usize, usize, String);

fn pos(path: &str, line: usize, col: usize, rule: &str) -> Pos {
    (path.to_string(), line, col, rule.to_string())
}

/// The findings of the given rules as a sorted multiset of (path, line, col, rule).
fn select(run: &Run, rules: &[&str]) -> Vec<Pos> {
    let mut v: Vec<Pos> = run
        .findings
        .iter()
        .filter(|f| rules.contains(&f.rule.as_str()))
        .map(|f| (f.path.clone(), f.line, f.col, f.rule.clone()))
        .collect();
    v.sort();
    v
}

/// Asserts that the findings of `rules` are exactly `expected` (as a multiset).
fn assert_exact(run: &Run, vault: &Path, rules: &[&str], mut expected: Vec<Pos>) {
    expected.sort();
    let actual = select(run, rules);
    if actual != expected {
        let missing: Vec<&Pos> = expected.iter().filter(|e| !actual.contains(e)).collect();
        let extra: Vec<&Pos> = actual.iter().filter(|a| !expected.contains(a)).collect();
        panic!(
            "findings of {rules:?} differ\nexpected but not reported: {missing:#?}\nreported but not expected: {extra:#?}\n{}",
            context(run, vault)
        );
    }
}

/// Rules of the CLI contract; an implementation may have more, which these tests ignore.
fn is_contract_rule(rule: &str) -> bool {
    SEVERITIES.iter().any(|&(r, _)| r == rule)
}

fn count(run: &Run, rule: &str, path: &str) -> usize {
    run.findings.iter().filter(|f| f.rule == rule && f.path == path).count()
}

// ---------------------------------------------------------------------------------------
// seed/: the real vault the project started from
// ---------------------------------------------------------------------------------------

const SEED_NOTE: &str = "Russia - How the Bureaucracy Stole Power.md";

/// Every `[[…]]` of the seed note, in order (54 links; the first two are inside the
/// ```` ```ad-info ```` block whose closing fence is indented by three spaces, which
/// CommonMark accepts, so the block ends on line 11).
#[rustfmt::skip]
const SEED_LINKS: &[(usize, usize)] = &[
    (10, 61), (10, 83), (15, 1), (15, 15), (22, 33), (22, 125), (22, 133), (22, 146),
    (22, 182), (22, 194), (25, 195), (25, 208), (25, 225), (27, 4), (33, 41), (36, 18),
    (39, 5), (39, 121), (41, 5), (41, 228), (41, 398), (43, 121), (46, 246), (46, 371),
    (46, 394), (52, 4), (52, 82), (63, 130), (70, 283), (72, 77), (74, 128), (76, 312),
    (88, 29), (107, 241), (111, 122), (116, 158), (116, 174), (125, 178), (125, 307),
    (129, 21), (157, 241), (163, 202), (163, 235), (163, 256), (163, 326), (163, 476),
    (177, 1), (183, 256), (188, 388), (193, 31), (195, 363), (201, 4), (201, 141),
    (201, 152),
];

/// The two links inside the ```` ```ad-info ```` block: `[[CWI]]` and
/// `[[trotskyism|Trotskyist]]`. Obsidian does not index them (§1.7, T-032).
const SEED_ADMONITION_LINKS: &[(usize, usize)] = &[(10, 61), (10, 83)];

/// First link of each distinct (case-folded) target, excluding the two whose answer
/// depends on the ad- block: `cwi` (only inside the block) and `trotskyism` (first inside
/// the block, then `[[Trotskyism]]` at 129:21 in a heading). 45 targets.
#[rustfmt::skip]
const SEED_FIRST_LINKS: &[(&str, usize, usize)] = &[
    ("lenin", 15, 1), ("trotsky", 15, 15), ("kulak", 22, 33), ("uk", 22, 125),
    ("usa", 22, 133), ("japan", 22, 146), ("russia", 22, 182), ("france", 22, 194),
    ("hungary", 25, 195), ("austria", 25, 208), ("germany", 25, 225), ("finland", 27, 4),
    ("peasantry", 33, 41), ("capitalism", 36, 18), ("second international", 39, 5),
    ("ww1", 39, 121), ("labor aristocracy", 41, 228), ("reformism", 41, 398),
    ("comintern", 43, 121), ("spd", 46, 246), ("rosa luxemburg", 46, 371),
    ("liebknecht", 46, 394), ("italy", 52, 4), ("cadre", 63, 130),
    ("the state and revolution (1917)", 70, 283), ("bolsheviks", 72, 77), ("labor", 74, 128),
    ("the revolution betrayed (1937)", 76, 312), ("anarchism", 88, 29), ("stalin", 107, 241),
    ("proletariat", 111, 122), ("kamenev", 116, 158), ("zinoviev", 116, 174),
    ("kpd", 125, 178), ("commodities", 157, 241), ("china", 163, 235),
    ("opportunism", 163, 256), ("kuomintang", 163, 326), ("cpc", 163, 476),
    ("bonapartism", 177, 1), ("economic planning", 183, 256), ("nazi party", 188, 388),
    ("hitler", 193, 31), ("imperialism", 195, 363), ("spain", 201, 4),
];

#[test]
fn seed_broken_links_are_every_indexed_link() {
    // None of the note's targets exists (seeds/README), so every indexed link is broken:
    // 54 links minus the 2 inside the ad-info block (not indexed, §1.7). The padded
    // `[[ labor aristocracy]]` and glued links are ordinary links (§1.4).
    let vault = fixture("seed");
    let run = run_check(&vault);
    let expected: Vec<Pos> = SEED_LINKS
        .iter()
        .filter(|p| !SEED_ADMONITION_LINKS.contains(p))
        .map(|&(l, c)| pos(SEED_NOTE, l, c, "broken-link"))
        .collect();
    assert_eq!(expected.len(), 52);
    assert_exact(&run, &vault, LINK_RULES, expected);
    // All forward links (notes the author means to write): warnings.
    assert_eq!(run.code, 0);
}

#[test]
fn seed_style_findings() {
    let vault = fixture("seed");
    let run = run_check(&vault);
    // `a[[ labor aristocracy]]` and `towards[[reformism]]` on line 41.
    assert_exact(
        &run,
        &vault,
        &["glued-link"],
        vec![pos(SEED_NOTE, 41, 228, "glued-link"), pos(SEED_NOTE, 41, 398, "glued-link")],
    );
    assert_exact(&run, &vault, &["padded-link"], vec![pos(SEED_NOTE, 41, 228, "padded-link")]);
    // Both links of the ```ad-info block (closing fence indented: still closes it).
    assert_exact(
        &run,
        &vault,
        &["hidden-link"],
        vec![pos(SEED_NOTE, 10, 61, "hidden-link"), pos(SEED_NOTE, 10, 83, "hidden-link")],
    );
    // `[[trotskyism|Trotskyist]]` (10:83) vs `[[Trotskyism]]` (129:21): the only target
    // spelled with two casings. Where the finding goes is the rule's choice, but it must
    // be on one (or both) of those links and nowhere else.
    let case: Vec<Pos> = select(&run, &["link-case-mismatch"]);
    assert!(!case.is_empty(), "expected link-case-mismatch for trotskyism/Trotskyism\n{}", context(&run, &vault));
    for p in &case {
        assert!(
            p.0 == SEED_NOTE && [(10, 83), (129, 21)].contains(&(p.1, p.2)),
            "link-case-mismatch at an unexpected place: {p:?}\n{}",
            context(&run, &vault)
        );
    }
}

#[test]
fn seed_missing_note_once_per_target_at_first_link() {
    let vault = fixture("seed");
    let run = run_missing_notes(&vault);
    let missing = select(&run, &["missing-note"]);
    for &(target, l, c) in SEED_FIRST_LINKS {
        let n = missing.iter().filter(|p| p.0 == SEED_NOTE && p.1 == l && p.2 == c).count();
        assert_eq!(n, 1, "expected one missing-note for `{target}` at {l}:{c}\n{}", context(&run, &vault));
    }
    // No missing-note at a later link of an already-reported target.
    let firsts: Vec<(usize, usize)> = SEED_FIRST_LINKS.iter().map(|&(_, l, c)| (l, c)).collect();
    for p in &missing {
        assert!(
            firsts.contains(&(p.1, p.2)) || [(10, 61), (10, 83), (129, 21)].contains(&(p.1, p.2)),
            "missing-note not at the first link of its target: {p:?}\n{}",
            context(&run, &vault)
        );
    }
}

#[test]
fn seed_missing_note_counts_hidden_links() {
    // A missing note is a stub to write: links inside ```ad- blocks are not in Obsidian's
    // index (§1.7), but the owner sees and clicks them, and a stub satisfies them too. So
    // `CWI` (linked only inside the block) is a missing note, and `trotskyism` is reported at
    // its first link, inside the block. Case-folded, the note writes 47 distinct targets.
    let vault = fixture("seed");
    let run = run_missing_notes(&vault);
    let missing = select(&run, &["missing-note"]);
    let at = |l: usize, c: usize| missing.iter().filter(|p| p.1 == l && p.2 == c).count();
    assert_eq!(at(10, 61), 1, "CWI, linked only inside the ad- block\n{}", context(&run, &vault));
    assert_eq!(at(10, 83), 1, "trotskyism, first linked inside the ad- block\n{}", context(&run, &vault));
    assert_eq!(at(129, 21), 0, "Trotskyism is the same note as trotskyism\n{}", context(&run, &vault));
    assert_eq!(missing.len(), 47, "{}", context(&run, &vault));
}

#[test]
fn seed_articles_are_clean() {
    // The four clipped articles contain no links, no frontmatter and valid UTF-8.
    let vault = fixture("seed");
    let run = run_check(&vault);
    let others: Vec<&Finding> =
        run.findings.iter().filter(|f| f.path != SEED_NOTE && is_contract_rule(&f.rule)).collect();
    assert!(others.is_empty(), "unexpected findings: {others:#?}");
    // The note's frontmatter (empty `author:`, `rating: WIP ` with a trailing space) is
    // valid YAML (§6.1).
    assert_eq!(count(&run, "invalid-frontmatter", SEED_NOTE), 0);
}

// ---------------------------------------------------------------------------------------
// duplicates/: same basename in several folders (§3.2 step 6 and 8, §3.3; T-058..T-064,
// T-176). The winner is made visible with headings that exist in only one candidate.
// ---------------------------------------------------------------------------------------

#[test]
fn duplicates() {
    let vault = fixture("duplicates");
    let run = run_check(&vault);
    let (a, x, y, root, z, deep) =
        ("a/From A.md", "x/From X.md", "y/From Y.md", "From Root.md", "zzzz/From Z.md", "zzzz/deep/From Deep.md");
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            // T-058: root `Note.md` wins by exact path (not ambiguous), so a/Note's heading
            // is not found through `[[Note#In A]]`.
            pos(a, 4, 27, "broken-heading"),
            // T-061: `ab/Quirk.md` starts with "a" -> wins over the shorter `c/Quirk.md`.
            pos(a, 6, 15, "ambiguous-link"),
            pos(a, 7, 21, "ambiguous-link"),
            pos(a, 7, 21, "broken-heading"),
            // T-062: sub-folder of the source folder wins.
            pos(a, 8, 39, "ambiguous-link"),
            // T-059: same folder wins, still ambiguous; `[[y/Dup#In Y]]` is exact.
            pos(x, 3, 19, "ambiguous-link"),
            pos(x, 3, 31, "ambiguous-link"),
            pos(x, 4, 21, "ambiguous-link"),
            pos(x, 4, 21, "broken-heading"),
            pos(y, 3, 19, "ambiguous-link"),
            pos(y, 4, 21, "ambiguous-link"),
            pos(y, 4, 21, "broken-heading"),
            // Root source: equal-length tie; T-060 shortest path wins; T-064 qualified
            // links and the root exact `[[Note]]` are not ambiguous; a Markdown link
            // resolves the same way (§2.1).
            pos(root, 3, 19, "ambiguous-link"),
            pos(root, 5, 21, "ambiguous-link"),
            pos(root, 6, 20, "ambiguous-link"),
            pos(root, 6, 20, "broken-heading"),
            pos(root, 9, 16, "ambiguous-link"),
            // T-176: own folder wins from zzzz/; from zzzz/deep/ the shortest path string
            // (b/Tie.md) wins and the parent folder zzzz/ counts for nothing.
            pos(z, 3, 18, "ambiguous-link"),
            pos(z, 4, 31, "ambiguous-link"),
            pos(z, 4, 31, "broken-heading"),
            pos(deep, 3, 28, "ambiguous-link"),
            pos(deep, 4, 35, "ambiguous-link"),
            pos(deep, 4, 35, "broken-heading"),
        ],
    );
    assert_eq!(run.code, 0, "warnings only\n{}", context(&run, &vault));
}

// ---------------------------------------------------------------------------------------
// relative/: ./ ../ and / links (§3.2 steps 5-7; T-053, T-065..T-071)
// ---------------------------------------------------------------------------------------

#[test]
fn relative() {
    let vault = fixture("relative");
    let run = run_check(&vault);
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            // T-069: `../Note` from a/b/ is a/Note.md, which has no `## Root`.
            pos("a/b/From B.md", 4, 35, "broken-heading"),
            // T-070: `./Note` from a/b/ looks only in a/b/.
            pos("a/b/From B.md", 5, 18, "broken-link"),
            pos("a/From A.md", 4, 29, "broken-link"),
            // T-068: a leading `/` matches the full path exactly, no suffix fallback.
            pos("From Root.md", 4, 30, "broken-link"),
            // T-067: folder part matches no folder.
            pos("From Root.md", 8, 15, "broken-link"),
            // T-053: the same for a Markdown link.
            pos("From Root.md", 9, 51, "broken-link"),
            // Resolved, no finding: T-071 `../../Clamp` above the root, T-065 `x/Leaf`,
            // T-066 `older/Thing` -> folder/Thing.md, `./x/Clamp.md` from the root.
        ],
    );
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------------------------------
// attachments/: non-Markdown targets (§1.3, §3.3; T-023..T-025, T-045..T-046, T-072,
// T-073, T-097)
// ---------------------------------------------------------------------------------------

#[test]
fn attachments() {
    let vault = fixture("attachments");
    let run = run_check(&vault);
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            // T-072: `.md` is implied, never `.canvas`.
            pos("Embeds.md", 5, 27, "broken-link"),
            // Missing embed and missing Markdown image: reported at the `!`.
            pos("Embeds.md", 10, 10, "broken-link"),
            pos("Embeds.md", 10, 31, "broken-link"),
            // No broken-heading for `#page=3`, `#height=400`, `#outline` (T-097), sizes are
            // not aliases, `Paper.PDF` finds paper.pdf (T-073), `%20` and `<…>` work.
        ],
    );
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------------------------------
// headings-blocks/ (§3.6, §3.7, §7; T-077, T-085..T-106)
// ---------------------------------------------------------------------------------------

#[test]
fn headings_and_blocks() {
    let vault = fixture("headings-blocks");
    let run = run_check(&vault);
    let l = "Links.md";
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            pos(l, 5, 21, "broken-heading"),  // T-087 apostrophe is significant
            pos(l, 6, 35, "broken-heading"),  // T-088 no percent-decoding in wikilinks
            pos(l, 8, 27, "broken-heading"),  // T-091 siblings are not a chain
            pos(l, 9, 23, "broken-heading"),  // T-092 heading inside a callout
            pos(l, 10, 20, "broken-heading"), // T-092 heading inside a list item
            pos(l, 16, 26, "broken-block"),   // T-099 `_` not allowed in ids
            pos(l, 17, 32, "broken-block"),   // T-100 id needs whitespace before it
            pos(l, 18, 18, "broken-block"),   // T-101 id must be last
            pos(l, 24, 21, "broken-heading"), // T-077 same-note heading missing
            pos(l, 24, 35, "broken-block"),   // same-note block missing
                                              // Found, no finding: T-085 case, T-086 punctuation, T-090 chain quirk, T-094
                                              // setext, T-093 duplicate, T-095 empty subpath, T-096 heading with a link,
                                              // T-098 ids, T-102 id case, T-103 list item, T-104 table, T-106 quote, same-note
                                              // `[[#Local Heading]]`/`[[#^local-id]]`, Markdown `#Heading%20One` (T-050/051).
        ],
    );
    assert_eq!(run.code, 0, "warnings only\n{}", context(&run, &vault));
}

// ---------------------------------------------------------------------------------------
// tables/ (§1.6; T-021, T-022)
// ---------------------------------------------------------------------------------------

#[test]
fn tables() {
    let vault = fixture("tables");
    let run = run_check(&vault);
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            // `[[Missing One\|Alias]]`: target `Missing One` (one trailing `\` dropped).
            pos("Table.md", 6, 3, "broken-link"),
            // Line 10 `[[Missing Two|Alias]]` in a table: the pipe splits the cell, no link
            // is recorded (T-022), so no broken-link there.
            pos("Table.md", 12, 38, "broken-link"),
        ],
    );
    // The escaped links to existing files (line 5) and outside the table (line 12) resolve.
    assert!(!run.findings.iter().any(|f| f.line == 5 && LINK_RULES.contains(&f.rule.as_str())));
}

// ---------------------------------------------------------------------------------------
// code-and-math/ (§1.7, §7; T-015, T-029..T-039)
// ---------------------------------------------------------------------------------------

#[test]
fn code_and_math() {
    // Every `[[…]]` that Obsidian does not index points at a missing note, so a parser that
    // indexes it shows up as an extra broken-link.
    let vault = fixture("code-and-math");
    let run = run_check(&vault);
    let c = "Code.md";
    let indexed = vec![
        pos(c, 29, 24, "broken-link"), // `<span>[[x]]</span>` inline HTML: indexed
        pos(c, 31, 20, "broken-link"), // `%%[[x]]%%` inline comment: indexed
        pos(c, 34, 1, "broken-link"),  // multi-line `%%` comment: indexed
        pos(c, 43, 45, "broken-link"), // after a code span on the same line
    ];
    assert_exact(&run, &vault, LINK_RULES, indexed.clone());
    // Plain code fences are not ad- blocks: nothing is "hidden".
    assert_exact(&run, &vault, &["hidden-link"], vec![]);
    // Each broken target is distinct, so one missing-note per broken link.
    let alone = run_missing_notes(&vault);
    let missing: Vec<(usize, usize)> = select(&alone, &["missing-note"]).into_iter().map(|p| (p.1, p.2)).collect();
    let want: Vec<(usize, usize)> = indexed.iter().map(|p| (p.1, p.2)).collect();
    assert_eq!(missing, want, "{}", context(&alone, &vault));
    // Forward links only.
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------------------
// crlf-bom/ (§6.1, §3.5; T-123, T-125)
// ---------------------------------------------------------------------------------------

#[test]
fn crlf_and_bom() {
    let vault = fixture("crlf-bom");
    let run = run_check(&vault);
    // (path, line, rule) for all link findings, including the frontmatter link
    // `up: "[[Nowhere Up]]"` on line 3 (§6.4), whose column is not pinned here.
    let mut lines: Vec<(String, usize, String)> =
        select(&run, LINK_RULES).into_iter().map(|p| (p.0, p.1, p.3)).collect();
    lines.sort();
    let mut want: Vec<(String, usize, String)> = vec![
        ("Bom Crlf.md".into(), 6, "broken-link".into()),
        ("Bom First Line.md".into(), 1, "broken-link".into()),
        ("Crlf.md".into(), 3, "broken-link".into()),
        ("Crlf.md".into(), 6, "broken-link".into()),
        ("Crlf.md".into(), 6, "broken-heading".into()),
        ("Crlf.md".into(), 6, "broken-block".into()),
    ];
    want.sort();
    assert_eq!(lines, want, "{}", context(&run, &vault));
    // Columns of body links: CR is not a column and the BOM is not a character of line 1.
    for p in [
        pos("Bom Crlf.md", 6, 28, "broken-link"),
        pos("Bom First Line.md", 1, 1, "broken-link"),
        pos("Crlf.md", 6, 8, "broken-link"),
        pos("Crlf.md", 6, 24, "broken-heading"),
        pos("Crlf.md", 6, 55, "broken-block"),
    ] {
        assert!(select(&run, LINK_RULES).contains(&p), "expected {p:?}\n{}", context(&run, &vault));
    }
    // CRLF frontmatter and BOM + frontmatter are valid (T-123, T-125).
    assert!(select(&run, &["invalid-frontmatter", "invalid-utf8"]).is_empty(), "{}", context(&run, &vault));
}

// ---------------------------------------------------------------------------------------
// unicode/ (§1.1 step 3, §3.5; T-018, T-019)
// ---------------------------------------------------------------------------------------

#[test]
fn unicode() {
    let vault = fixture("unicode");
    let run = run_check(&vault);
    assert_exact(
        &run,
        &vault,
        LINK_RULES,
        vec![
            pos("Links.md", 9, 10, "broken-link"),
            pos("Links.md", 9, 26, "broken-link"),
            // Columns count code points: 東 is 1 column, 🎉 is 1 (2 in UTF-16), and the
            // decomposed `e` + U+0301 before the link is 2.
            pos("Links.md", 10, 23, "broken-link"),
            pos("Links.md", 11, 11, "broken-link"),
            pos("Links.md", 12, 31, "broken-link"),
            // The file's name is NFD on disk; vault paths are reported in NFC (§3.5).
            pos("Caf\u{e9} NFD.md", 3, 13, "broken-link"),
            // Resolved: NFD-typed links (T-019) including an NFD heading, links to the NFD
            // file name, `[[ÉCOLE]]` -> école.md, `[[МОСКВА]]`, `[[東京#概要]]`, NBSP (T-018).
        ],
    );
    assert!(!run.findings.iter().any(|f| f.path.contains('\u{301}')), "paths should be NFC\n{}", context(&run, &vault));
}

// ---------------------------------------------------------------------------------------
// bad-input/: files a checker must survive (§6.1; T-129..T-131, T-137)
// ---------------------------------------------------------------------------------------

#[test]
fn bad_input() {
    let vault = fixture("bad-input");
    // `Unclosed Brackets.md` has 100 000 `[[` on one line: a scanner that searches for `]]`
    // from every `[[` is quadratic. The timeout is generous for a debug build.
    let run = run_check_with_timeout(&vault, Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}", context(&run, &vault));

    let paths = |rule: &str| -> Vec<String> {
        let mut v: Vec<String> = run.findings.iter().filter(|f| f.rule == rule).map(|f| f.path.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    // A binary file (a PNG renamed `.md`: NULs in bytes that are not UTF-8) is not parsed:
    // see `bad_input_binary_note_is_an_error` for its own assertion.
    assert!(paths("invalid-utf8").contains(&"Invalid Utf8.md".to_string()), "{}", context(&run, &vault));
    // Not a mapping (T-131, and a scalar), swallowed to the next `---` (T-129), invalid
    // YAML (T-130), and an alias bomb (Obsidian's YAML parser refuses excessive aliases).
    // No frontmatter at all is not an error (unclosed `---`, §6.1); `---\n---` is valid
    // empty frontmatter (T-137).
    assert_eq!(
        paths("invalid-frontmatter"),
        vec![
            "Alias Bomb.md".to_string(),
            "Frontmatter List.md".to_string(),
            "Frontmatter Scalar.md".to_string(),
            "Frontmatter Swallowed.md".to_string(),
            "Invalid Yaml.md".to_string(),
        ],
        "{}",
        context(&run, &vault)
    );
    // Body links (the files with invalid bytes are left out: what is left of their text
    // is not pinned down).
    let mut links: Vec<Pos> =
        select(&run, &["broken-link"]).into_iter().filter(|p| p.0 != "Binary.md" && p.0 != "Invalid Utf8.md").collect();
    links.sort();
    assert_eq!(
        links,
        vec![
            pos("Alias Bomb.md", 12, 6, "broken-link"),          // body still indexed
            pos("Frontmatter Unclosed.md", 4, 5, "broken-link"), // no frontmatter -> body
            pos("Invalid Yaml.md", 5, 1, "broken-link"),         // T-130 body still indexed
            pos("Long Link.md", 1, 1, "broken-link"),            // 10 000-character target
                                                                 // T-129: `[[Swallowed Target]]` is inside the (invalid) YAML block: no link.
                                                                 // `Unclosed Brackets.md`: no `]]`, no link.
        ],
        "{}",
        context(&run, &vault)
    );
    for quiet in ["Empty.md", "Frontmatter Empty.md", "Unclosed Brackets.md"] {
        let got: Vec<&Finding> = run
            .findings
            .iter()
            .filter(|f| f.path == quiet && f.severity != "info" && is_contract_rule(&f.rule))
            .collect();
        assert!(got.is_empty(), "{quiet}: unexpected {got:#?}");
    }
}

#[test]
fn bad_input_binary_note_is_an_error() {
    // `Binary.md` is a PNG under a Markdown name (NUL bytes). It is not parsed, and it is an
    // error: the exit code must say the vault has a problem.
    let vault = fixture("bad-input");
    let run = run_check_with_timeout(&vault, Duration::from_secs(60));
    let got: Vec<&Finding> = run
        .findings
        .iter()
        .filter(|f| f.path == "Binary.md" && f.rule == "binary-note" && f.severity == "error")
        .collect();
    assert_eq!(got.len(), 1, "{}", context(&run, &vault));
}

#[test]
fn fifty_megabyte_note() {
    use std::io::Write;
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join(".obsidian")).unwrap();
    std::fs::write(dir.path().join(".obsidian/app.json"), "{}").unwrap();
    std::fs::write(dir.path().join("Target.md"), "# Target\n").unwrap();
    let file = std::fs::File::create(dir.path().join("Big.md")).unwrap();
    let mut w = std::io::BufWriter::new(file);
    let mut lines = 0usize;
    let mut bytes = 0usize;
    while bytes < 50 * 1024 * 1024 {
        let s = if lines % 10 == 9 {
            "\n".to_string()
        } else if lines.is_multiple_of(1000) {
            format!("Paragraph {lines} points at [[Target]] and goes on with filler words.\n")
        } else {
            format!("Line {lines:08} of filler text, with words, punctuation; and nothing else.\n")
        };
        w.write_all(s.as_bytes()).unwrap();
        bytes += s.len();
        lines += 1;
    }
    w.write_all(b"The end: [[Nowhere Big]].\n").unwrap();
    lines += 1;
    w.flush().unwrap();
    drop(w);

    let run = run_check_with_timeout(dir.path(), Duration::from_secs(600));
    assert!(run.code == 0 || run.code == 1, "{}", context(&run, dir.path()));
    assert_eq!(
        select(&run, LINK_RULES),
        vec![pos("Big.md", lines, 10, "broken-link")],
        "{}",
        context(&run, dir.path())
    );
}

#[test]
fn unreadable_file_is_reported() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir(dir.path().join(".obsidian")).unwrap();
        std::fs::write(dir.path().join(".obsidian/app.json"), "{}").unwrap();
        std::fs::write(dir.path().join("Fine.md"), "# Fine\n").unwrap();
        let locked = dir.path().join("Locked.md");
        std::fs::write(&locked, "# Locked\n").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_ok() {
            eprintln!("skipped: running with privileges that ignore file permissions");
            return;
        }
        let run = run_check(dir.path());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            run.findings.iter().filter(|f| f.rule == "unreadable-file").map(|f| f.path.as_str()).collect::<Vec<_>>(),
            vec!["Locked.md"],
            "{}",
            context(&run, dir.path())
        );
        assert_eq!(run.code, 1);
    }
}

// ---------------------------------------------------------------------------------------
// Exit code 2
// ---------------------------------------------------------------------------------------

#[test]
fn missing_vault_exits_2() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .arg("check")
        .arg(dir.path().join("no-such-vault"))
        .args(["--format", "concise"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn usage_error_exits_2() {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .args(["check", "--no-such-flag"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn parse_line_helper() {
    let f = parse_line("a/b c.md:3:5: error[broken-link] no file `x: y[z]`").unwrap();
    assert_eq!(
        (f.path.as_str(), f.line, f.col, f.severity.as_str(), f.rule.as_str()),
        ("a/b c.md", 3, 5, "error", "broken-link")
    );
    let f = parse_line("odd:name.md:1:2: info[missing-note] m").unwrap();
    assert_eq!(f.path, "odd:name.md");
    assert!(parse_line("12 findings in 3 files").is_none());
    assert!(parse_line("").is_none());
}
