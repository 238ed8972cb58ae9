//! `wikilint mv`: moves and heading renames on temporary copies of `vault-fixtures/mv` (and
//! of generated vaults), each proved by the resolver: every (source, target, subpath) triple
//! of a resolved link is the same after the move, up to the renamed paths, and `check`
//! reports nothing new.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use tempfile::TempDir;
use wikilint::index::VaultIndex;
use wikilint::vault::Vault;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn expect(self, code: i32) -> Out {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert_eq!(self.code, Some(code), "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

fn wikilint(vault: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .args(args)
        .arg("--vault")
        .arg(vault)
        .env("NO_COLOR", "1")
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn fixture() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("vault");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/mv"), &root);
    (tmp, root)
}

/// Every file under `root` with its bytes (hidden ones included).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.insert(entry.path().strip_prefix(root).unwrap().to_path_buf(), fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// (source, target, subpath status) of every resolved link, sorted.
fn pairs(root: &Path) -> Vec<(String, String, String)> {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let mut out = Vec::new();
    for (id, note) in vault.notes() {
        for (_, target) in note.links.iter().zip(&index.targets[id]) {
            if let Some(file) = target.resolution.file {
                let status = format!("{:?}", target.subpath);
                out.push((vault.files[id].path.clone(), vault.files[file].path.clone(), status));
            }
        }
    }
    out.sort();
    out
}

/// A path after moving `from` (a file or folder) to `to`.
fn renamed(path: &str, from: &str, to: &str) -> String {
    if path == from {
        return to.to_string();
    }
    match path.strip_prefix(&format!("{from}/")) {
        Some(rest) => format!("{to}/{rest}"),
        None => path.to_string(),
    }
}

/// Findings per rule, from `check --format concise`.
fn findings(root: &Path) -> BTreeMap<String, usize> {
    let out =
        Command::cargo_bin("wikilint").unwrap().arg("check").arg(root).args(["--format", "concise"]).output().unwrap();
    let mut counts = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(rule) = line.split('[').nth(1).and_then(|r| r.split(']').next()) {
            *counts.entry(rule.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// Moves `from` to `to` with the binary and proves that nothing else changed meaning.
fn move_and_prove(root: &Path, from: &str, to: &str, args: &[&str]) -> Out {
    let before: Vec<_> =
        pairs(root).into_iter().map(|(s, t, st)| (renamed(&s, from, to), renamed(&t, from, to), st)).collect();
    let mut before = before;
    before.sort();
    let findings_before = findings(root);
    let mut full = vec!["mv"];
    full.extend_from_slice(args);
    let out = wikilint(root, &full).expect(0);
    assert_eq!(pairs(root), before, "links changed meaning\n{}", out.stdout);
    let findings_after = findings(root);
    for (rule, n) in &findings_after {
        assert!(
            findings_before.get(rule).copied().unwrap_or(0) >= *n,
            "new {rule} findings: {findings_before:?} -> {findings_after:?}"
        );
    }
    out
}

/// A vault file's text, found as the writer finds it (`rel` is NFC, the name on disk may not be).
fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(wikilint::discover::on_disk(root, rel)).unwrap()
}

#[test]
fn moving_a_note_rewrites_every_kind_of_link() {
    let (_tmp, root) = fixture();
    let out = move_and_prove(&root, "People/Lenin.md", "Archive/Lenin.md", &["People/Lenin.md", "Archive/"]);
    assert!(out.stdout.starts_with("moved People/Lenin.md -> Archive/Lenin.md\n"), "{}", out.stdout);
    assert!(out.stdout.contains("rewrote 21 links in 7 files"), "{}", out.stdout);
    let index = read(&root, "Index.md");
    assert!(index.contains("up: \"[[Archive/Lenin]]\""));
    assert!(index.contains("'[[Archive/Lenin#Early life|early]]'"));
    assert!(index.contains("source: \"[text](Archive/Lenin.md)\""));
    assert!(index.contains("| [[Archive/Lenin\\|V. I.]] |"));
    assert!(index.contains("[md heading](Archive/Lenin.md#Early%20life)"));
    // Links that never led to the moved note are byte-identical.
    assert!(index.contains("Short: [[Lenin]] and"));
    assert!(index.contains("[angle](<My Note.md>)"));
    let moved = read(&root, "Archive/Lenin.md");
    assert!(moved.contains("[same folder](../People/Krupskaya.md)"), "{moved}");
    assert!(moved.contains("[sibling](Krupskaya.md)"));
    assert!(moved.contains("[[People/Topics]]"), "a short link that would find Misc/Topics.md gets the full path");
    let canvas = read(&root, "Board.canvas");
    assert!(canvas.contains("\"file\":\"Archive/Lenin.md\""));
    // BOM, CRLF and the missing final newline survive.
    let crlf = fs::read(root.join("Notes/Crlf.md")).unwrap();
    assert_eq!(
        crlf,
        b"\xef\xbb\xbfBOM and CRLF.\r\nSee [[Archive/Lenin]] and [L](../Archive/Lenin.md).\r\nNo final newline: [[Krupskaya]]"
    );
}

#[test]
fn moving_a_namesake_next_to_other_links_rewrites_those_links() {
    let (_tmp, root) = fixture();
    // At the root, `Lenin.md` wins every `[[Lenin]]`: the links meant for People/Lenin.md
    // must name it in full.
    move_and_prove(&root, "Inbox/Lenin.md", "Lenin.md", &["Inbox/Lenin.md", "."]);
    assert!(read(&root, "People/Krupskaya.md").contains("Wife of [[People/Lenin]]; see [[People/Lenin#Exile]]"));
    assert!(read(&root, "Index.md").contains("Short: [[Lenin]] and"), "it still leads to the moved note");
}

#[test]
fn moving_a_folder_moves_everything_under_it() {
    let (_tmp, root) = fixture();
    let out = move_and_prove(&root, "People", "Figures/People", &["--verbose", "People", "Figures/People"]);
    // --verbose lists each file; the summary counts them.
    assert!(out.stdout.contains("moved People/Lenin.md -> Figures/People/Lenin.md\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\nmoved People/ -> Figures/People/ ("), "{}", out.stdout);
    assert!(!root.join("People").exists());
    // A path link that still finds the note by its suffix is left as written.
    assert!(read(&root, "History/Revolution.md").contains("[Lenin](../People/Lenin.md)"));
    assert!(read(&root, "Board.canvas").contains("\"file\":\"Figures/People/Lenin.md\""));
}

#[test]
fn a_note_destination_gets_md_and_attachments_move_too() {
    let (_tmp, root) = fixture();
    move_and_prove(&root, "People/Krupskaya.md", "People/Nadezhda.md", &["People/Krupskaya", "People/Nadezhda"]);
    assert!(root.join("People/Nadezhda.md").is_file());
    move_and_prove(
        &root,
        "Photos/portrait.png",
        "img/lenin portrait.png",
        &["Photos/portrait.png", "img/lenin portrait.png"],
    );
    let index = read(&root, "Index.md");
    assert!(index.contains("![pic](lenin%20portrait.png)"), "{index}");
    assert!(index.contains("![[lenin portrait.png|200]]"), "{index}");
}

#[test]
fn renaming_a_heading_updates_links_to_it() {
    let (_tmp, root) = fixture();
    let before = pairs(&root);
    let out = wikilint(&root, &["mv", "People/Lenin#Early life", "People/Lenin#Childhood"]).expect(0);
    assert!(
        out.stdout.contains("renamed heading \"Early life\" -> \"Childhood\" in People/Lenin.md"),
        "{}",
        out.stdout
    );
    assert_eq!(pairs(&root), before);
    let lenin = read(&root, "People/Lenin.md");
    assert!(lenin.contains("## Childhood\n"));
    assert!(lenin.contains("See [[#Childhood]] and [[Lenin#Childhood|this section]]"), "{lenin}");
    let index = read(&root, "Index.md");
    assert!(index.contains("[[People/Lenin#Childhood|childhood]]"));
    assert!(index.contains("[md heading](People/Lenin.md#Childhood)"));
    assert!(index.contains("'[[People/Lenin#Childhood|early]]'"));
    wikilint(&root, &["mv", "People/Lenin#Exile", "#Banishment"]).expect(0);
    assert!(read(&root, "Board.canvas").contains("\"subpath\":\"#Banishment\""));
    assert!(read(&root, "People/Krupskaya.md").contains("[[Lenin#Banishment]]"));
}

#[test]
fn a_link_inside_a_heading_takes_the_links_to_that_heading_along() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("vault");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/headings-blocks"), &root);
    // Target.md has `## See [[Other]]`; Links.md links to `[[Target#See Other]]`.
    move_and_prove(&root, "Other.md", "Moved/Other renamed.md", &["Other.md", "Moved/Other renamed.md"]);
    assert!(read(&root, "Target.md").contains("## See [[Other renamed]]\n"));
    assert!(read(&root, "Links.md").contains("Heading with a link: [[Target#See Other renamed]]."));
    // In a chain, from another heading, and as a Markdown link.
    fs::write(root.join("Chain.md"), "# Top\n## See [[Target#See Other renamed]]\n").unwrap();
    fs::write(
        root.join("Uses.md"),
        "[[Chain#Top#See Target See Other renamed]] [[Target#see other renamed|shown]] [m](Target.md#See%20Other%20renamed)\n",
    )
    .unwrap();
    move_and_prove(&root, "Moved/Other renamed.md", "Third.md", &["Moved/Other renamed.md", "Third.md"]);
    assert!(read(&root, "Chain.md").contains("## See [[Target#See Third]]\n"), "{}", read(&root, "Chain.md"));
    assert_eq!(
        read(&root, "Uses.md"),
        "[[Chain#Top#See Target See Third]] [[Target#See Third|shown]] [m](Target.md#See%20Third)\n"
    );
}

#[test]
fn refusals_write_nothing() {
    let (_tmp, root) = fixture();
    fs::create_dir(root.join(".trash")).unwrap();
    let untouched = snapshot(&root);
    let long = format!("{}.md", "x".repeat(253));
    for (src, dst, says) in [
        ("People/Lenin.md", "Index.md", "already exists"),
        ("People/Lenin.md", "People/Krupskaya", "already exists"),
        ("People/Lenin.md", "../Lenin.md", "climbs out"),
        ("People/Lenin.md", "/tmp/elsewhere/Lenin.md", "outside the vault"),
        ("People/Lenin.md", "People/Le:nin.md", "has ':'"),
        ("People/Lenin.md", "People/Le#nin", "has '#'"),
        ("People/Lenin.md", ".hidden/Lenin.md", "starts with a dot"),
        // Existing dot-named folders hide what goes into them just as well.
        ("Marx.md", ".trash/", "starts with a dot"),
        ("Marx.md", ".obsidian/x.md", "starts with a dot"),
        ("People", ".trash/People", "starts with a dot"),
        ("Marx.md", "CON.md", "Windows device name"),
        ("Marx.md", "People/lpt1", "Windows device name"),
        ("Marx.md", "Dot./Marx.md", "trailing \".\""),
        ("Marx.md", "Space /Marx.md", "trailing space"),
        ("Marx.md", "People/ Marx.md", "leading space"),
        ("Marx.md", long.as_str(), "over the 255"),
        ("Photos/portrait.png", "Photos/portrait", "no extension"),
        ("Photos/portrait.png", "wikilint.toml", "wikilint's configuration"),
        ("People/Lenin.md", "index.md", "letter case"),
        ("People", "People/Sub", "into itself"),
        ("Nothing.md", "X.md", "not a file or folder"),
        ("People/Lenin#Nope", "People/Lenin#New", "no heading"),
        ("People/Lenin#Exile", "People/Lenin#early life!", "already has a heading"),
        ("Photos/portrait.png", "Photos/portrait.md", "turn it into a note"),
    ] {
        let out = wikilint(&root, &["mv", src, dst]).expect(2);
        assert!(out.stderr.contains(says), "{src} -> {dst}: {}", out.stderr);
        assert_eq!(snapshot(&root), untouched, "{src} -> {dst} wrote something");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_leading_outside_is_refused_before_any_rewrite() {
    let (tmp, root) = fixture();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("Out")).unwrap();
    let untouched = snapshot(&root);
    for dst in ["Out/", "Out/Lenin.md", "Out/deeper/Lenin.md"] {
        // A dry run plans too: the refusal comes from planning, not from the writer.
        let out = wikilint(&root, &["mv", "-n", "People/Lenin.md", dst]).expect(2);
        assert!(out.stderr.contains("leads outside the vault"), "{dst}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{dst}: a plan was shown:\n{}", out.stdout);
        wikilint(&root, &["mv", "People/Lenin.md", dst]).expect(2);
        assert_eq!(snapshot(&root), untouched, "{dst}");
    }
    assert!(fs::read_dir(&outside).unwrap().next().is_none());
}

#[test]
fn links_that_start_resolving_are_listed() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("vault");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/relative"), &root);
    let untouched = snapshot(&root);
    let out = wikilint(&root, &["mv", "-n", "a/b/From B.md", "From B.md"]).expect(0);
    let note = "note: 1 link that did not resolve before would now resolve, left as written";
    assert!(out.stdout.contains(note), "{}", out.stdout);
    assert!(out.stdout.contains("  From B.md:5: [[./Note]] -> Note.md\n"), "{}", out.stdout);
    assert_eq!(snapshot(&root), untouched);
    let out = wikilint(&root, &["mv", "a/b/From B.md", "From B.md"]).expect(0);
    assert!(out.stdout.contains("note: 1 link that did not resolve before now resolves"), "{}", out.stdout);
    assert!(out.stdout.contains("  From B.md:5: [[./Note]] -> Note.md\n"), "{}", out.stdout);
}

/// A vault whose names are NFD on disk, as macOS stores what some programs write:
/// `Café.md` and the folder `Résumé/`, both decomposed.
fn nfd_vault() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("vault");
    fs::create_dir_all(root.join("Re\u{301}sume\u{301}")).unwrap();
    fs::write(root.join("Cafe\u{301}.md"), "# Café\n\nSee [[ Other ]] and [[Résumé/Inside]].\n").unwrap();
    fs::write(root.join("Re\u{301}sume\u{301}/Inside.md"), "Back to [[ Café ]].\n").unwrap();
    fs::write(root.join("Other.md"), "Links: [[Café]], [[Café#Café|the café]], [Inside](Résumé/Inside.md).\n").unwrap();
    (tmp, root)
}

/// The names under `root`, as stored (NFD stays NFD), sorted.
fn names_on_disk(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn notes_with_nfd_names_can_be_moved() {
    let (_tmp, root) = nfd_vault();
    move_and_prove(&root, "Café.md", "Archive/Café renamed.md", &["Café.md", "Archive/Café renamed.md"]);
    assert!(read(&root, "Other.md").contains("[[Café renamed]], [[Café renamed#Café|the café]]"));
    assert!(read(&root, "Résumé/Inside.md").contains("[[ Café renamed ]]"), "the note in the NFD folder is rewritten");
    // Into the existing NFD folder, typed in NFC: no second `Résumé` appears beside it.
    move_and_prove(&root, "Other.md", "Résumé/Other.md", &["Other.md", "Résumé/"]);
    assert_eq!(
        names_on_disk(&root),
        [
            "Archive",
            "Archive/Café renamed.md",
            "Re\u{301}sume\u{301}",
            "Re\u{301}sume\u{301}/Inside.md",
            "Re\u{301}sume\u{301}/Other.md"
        ]
    );
    // And the NFD folder itself.
    move_and_prove(&root, "Résumé", "CV", &["Résumé", "CV"]);
    assert!(root.join("CV/Other.md").is_file());
}

#[test]
fn notes_with_nfd_names_can_be_fixed() {
    let (_tmp, root) = nfd_vault();
    let out = Command::cargo_bin("wikilint").unwrap().arg("check").arg(&root).arg("--fix").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not there"), "{stderr}");
    assert_eq!(
        fs::read_to_string(root.join("Cafe\u{301}.md")).unwrap(),
        "# Café\n\nSee [[Other]] and [[Résumé/Inside]].\n"
    );
    assert_eq!(fs::read_to_string(root.join("Re\u{301}sume\u{301}/Inside.md")).unwrap(), "Back to [[Café]].\n");
    assert_eq!(names_on_disk(&root).len(), 4, "{:?}", names_on_disk(&root));
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let (_tmp, root) = fixture();
    let untouched = snapshot(&root);
    let out = wikilint(&root, &["mv", "-n", "People/Lenin.md", "Archive/"]).expect(0);
    assert!(out.stdout.contains("--- a/People/Lenin.md\n+++ b/Archive/Lenin.md\n"), "{}", out.stdout);
    assert!(out.stdout.contains("-See [[People/Lenin]] and"));
    assert!(out.stdout.contains("would move People/Lenin.md -> Archive/Lenin.md"));
    assert_eq!(snapshot(&root), untouched);
}

#[test]
fn quiet_prints_nothing() {
    let (_tmp, root) = fixture();
    let out = wikilint(&root, &["mv", "-q", "Marx.md", "People/"]).expect(0);
    assert_eq!(out.stdout, "");
    assert!(root.join("People/Marx.md").is_file());
}

// ---------------------------------------------------------------------------------------
// Every fixture vault: each note that other files link to, one folder, one attachment and
// one heading are moved or renamed by the binary, each on a fresh copy, and each move is
// proved: the resolved links are the same up to the renamed path, and check finds nothing
// that it did not find before.

/// The folders under `vault-fixtures/` that are vaults (they hold `.obsidian/`).
fn fixture_vaults() -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&base)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_dir() && e.path().join(".obsidian").is_dir())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// One finding of `check --format json`, reduced to what survives a move: the note, the
/// code, the message and the text the finding points at (line numbers may shift).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    path: String,
    code: String,
    message: String,
    text: String,
}

fn check_json(root: &Path) -> Vec<Finding> {
    let out =
        Command::cargo_bin("wikilint").unwrap().arg("check").arg(root).args(["--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let mut findings = Vec::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let path = d["path"].as_str().unwrap().to_string();
        let bytes = fs::read(wikilint::discover::on_disk(root, &path)).unwrap_or_default();
        let (start, end) =
            (d["byte_start"].as_u64().unwrap_or(0) as usize, d["byte_end"].as_u64().unwrap_or(0) as usize);
        let text =
            bytes.get(start..end.max(start)).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        findings.push(Finding {
            path,
            code: d["code"].as_str().unwrap().to_string(),
            message: d["message"].as_str().unwrap().to_string(),
            text,
        });
    }
    findings.sort();
    findings
}

/// `message` with the moved path (and a moved folder's paths) written as after the move.
fn renamed_in(message: &str, from: &str, to: &str) -> String {
    let from_stem = from.strip_suffix(".md").unwrap_or(from);
    let to_stem = to.strip_suffix(".md").unwrap_or(to);
    if from.contains('.') {
        message.replace(from, to)
    } else {
        message.replace(&format!("{from_stem}/"), &format!("{to_stem}/"))
    }
}

/// The findings after a move that none before explains: same note and code, and the same
/// message (paths renamed) or the same text.
fn new_findings(before: &[Finding], after: &[Finding], from: &str, to: &str) -> Vec<Finding> {
    // A message names paths (renamed now) or link targets as written (kept): try both.
    let mut unmatched: Vec<(Finding, String)> = before
        .iter()
        .map(|f| {
            let renamed_message = renamed_in(&f.message, from, to);
            (Finding { path: renamed(&f.path, from, to), ..f.clone() }, renamed_message)
        })
        .collect();
    // Strictest first, so a loose match cannot take the finding a strict one needs. A
    // vault-level finding (WL2xx) sits on the first note that links, which a move may change.
    type Matcher = dyn Fn(&(Finding, String), &Finding) -> bool;
    let matchers: [&Matcher; 4] = [
        &|(b, renamed_message), f| {
            b.path == f.path && b.code == f.code && (b.message == f.message || *renamed_message == f.message)
        },
        &|(b, _), f| b.path == f.path && b.code == f.code && b.text == f.text,
        &|(b, _), f| b.path == f.path && b.code == f.code && shape(&b.text) == shape(&f.text),
        // Its counts change when a note moves into or out of a folder check excludes.
        &|(b, _), f| b.code.starts_with("WL2") && b.code == f.code && counts_cut(&b.message) == counts_cut(&f.message),
    ];
    let mut new: Vec<Finding> = after.to_vec();
    for matches in matchers {
        new.retain(|f| match unmatched.iter().position(|b| matches(b, f)) {
            Some(i) => {
                unmatched.remove(i);
                false
            }
            None => true,
        });
    }
    new
}

/// `missing note "X": 3 links from 2 notes` without what follows the name.
fn counts_cut(message: &str) -> &str {
    message.split(": ").next().unwrap_or(message)
}

/// A link's text with its path masked, the rest (padding, subpath, display text, size)
/// kept: a finding about a link that mv rewrote is the same finding if only the path changed.
fn shape(text: &str) -> String {
    let (open, close) = if text.contains("[[") { ("[[", "]]") } else { ("](", ")") };
    let Some(start) = text.find(open).map(|i| i + open.len()) else { return text.to_string() };
    let end =
        text[start..].find(['#', '|', '\\']).map_or(text.len() - close.len().min(text.len() - start), |i| start + i);
    if end < start {
        return text.to_string();
    }
    let path = &text[start..end];
    let lead = path.len() - path.trim_start().len();
    let trail = path.len() - path.trim_end().len();
    format!("{}*{}{}", &text[..start + lead], &text[end - trail..end], &text[end..])
}

/// The moves to try in a vault: (from, to) as vault paths.
fn moves_for(root: &Path) -> Vec<(String, String)> {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let mut linked = std::collections::BTreeSet::new();
    let mut heading_links = Vec::new();
    for (id, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[id]) {
            let Some(file) = target.resolution.file else { continue };
            if file != id {
                linked.insert(file);
            }
            let sub = link.subpath().unwrap_or("");
            if vault.files[file].is_note
                && !sub.is_empty()
                && !sub.starts_with('^')
                && format!("{:?}", target.subpath) == "Found"
            {
                heading_links.push((file, sub.trim_matches('#').to_string()));
            }
        }
    }
    let renamed_file = |path: &str| {
        let (stem, ext) = path.rsplit_once('.').unwrap();
        let name = stem.rsplit('/').next().unwrap();
        format!("Moved/{name} renamed.{ext}")
    };
    let folders: std::collections::BTreeSet<&str> =
        vault.live_ids().filter_map(|id| vault.files[id].path.rsplit_once('/').map(|(f, _)| f)).collect();
    let mut moves: Vec<(String, String)> = Vec::new();
    for &id in &linked {
        let path = &vault.files[id].path;
        if vault.files[id].is_note || path.ends_with(".canvas") {
            moves.push((path.clone(), renamed_file(path)));
            // Same name, another existing folder: short links may now have a namesake.
            let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
            if let Some(other) = folders.iter().find(|f| **f != folder) {
                moves.push((path.clone(), format!("{other}/{name}")));
            } else if !folder.is_empty() {
                moves.push((path.clone(), name.to_string()));
            }
        }
    }
    // A linked attachment if there is one, else any.
    let attachment = linked.iter().copied().chain(vault.live_ids()).find(|&id| {
        let p = &vault.files[id].path;
        !vault.files[id].is_note && !p.ends_with(".canvas") && p != "wikilint.toml"
    });
    if let Some(id) = attachment {
        moves.push((vault.files[id].path.clone(), renamed_file(&vault.files[id].path)));
    }
    let folder = vault.live_ids().find_map(|id| vault.files[id].path.split_once('/').map(|(f, _)| f.to_string()));
    if let Some(folder) = folder {
        moves.push((folder.clone(), format!("Deeper/{folder} moved")));
    }
    if let Some((file, sub)) = heading_links.first() {
        let note = vault.files[*file].path.clone();
        let last = sub.rsplit('#').next().unwrap().to_string();
        moves.push((format!("{note}#{sub}"), format!("{note}#{last} renamed")));
    }
    moves
}

#[test]
fn any_move_on_every_fixture_keeps_every_link_and_adds_no_finding() {
    let mut refused = Vec::new();
    let mut tried = 0;
    for fixture in fixture_vaults() {
        let name = fixture.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().display().to_string();
        let tmp = TempDir::new().unwrap();
        let pristine = tmp.path().join("pristine");
        copy_dir(&fixture, &pristine);
        let links_before = pairs(&pristine);
        let findings_before = check_json(&pristine);
        for (from, to) in moves_for(&pristine) {
            tried += 1;
            let root = tmp.path().join(format!("move-{tried}"));
            copy_dir(&pristine, &root);
            let untouched = snapshot(&root);
            let out = wikilint(&root, &["mv", &from, &to]);
            assert!(!out.stderr.contains("panicked"), "{name}: mv {from:?} {to:?} panicked:\n{}", out.stderr);
            if out.code != Some(0) {
                assert_eq!(snapshot(&root), untouched, "{name}: a refused mv {from:?} {to:?} wrote something");
                refused.push(format!("{name}: mv {from:?} {to:?}: {}", out.stderr.trim()));
                continue;
            }
            // A heading rename keeps every path; a move renames one.
            let (from_path, to_path) =
                if from.contains('#') { (String::new(), String::new()) } else { (from.clone(), to.clone()) };
            let mut expected: Vec<_> = links_before
                .iter()
                .map(|(s, t, st)| (renamed(s, &from_path, &to_path), renamed(t, &from_path, &to_path), st.clone()))
                .collect();
            expected.sort();
            // Links that were broken and now resolve are listed by mv; they are the only
            // ones allowed to appear.
            let mut gained: Vec<(String, String)> = out
                .stdout
                .lines()
                .filter_map(|l| l.strip_prefix("  "))
                .filter_map(|l| {
                    let (source, rest) = l.split_once(':')?;
                    Some((source.to_string(), rest.rsplit_once(" -> ")?.1.to_string()))
                })
                .collect();
            let mut extra = pairs(&root);
            let mut lost = Vec::new();
            for e in &expected {
                match extra.iter().position(|a| a == e) {
                    Some(i) => drop(extra.remove(i)),
                    None => lost.push(e.clone()),
                }
            }
            assert!(lost.is_empty(), "{name}: mv {from:?} {to:?} changed what links lead to: {lost:?}\n{}", out.stdout);
            let mut extra: Vec<(String, String)> = extra.into_iter().map(|(s, t, _)| (s, t)).collect();
            extra.sort();
            gained.sort();
            assert_eq!(
                extra, gained,
                "{name}: mv {from:?} {to:?}: links that now resolve, found vs reported\n{}",
                out.stdout
            );
            let new = new_findings(&findings_before, &check_json(&root), &from_path, &to_path);
            assert!(new.is_empty(), "{name}: mv {from:?} {to:?} made new findings: {new:#?}\n{}", out.stdout);
        }
    }
    assert!(tried > 50, "only {tried} moves tried");
    eprintln!("{tried} moves; refused:\n{}", refused.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Generated vaults: a few folders, clashing names, links in every form; any move keeps
// every resolved link's target.

const FOLDERS: &[&str] = &["", "a", "b", "a/c", "bb"];
const NAMES: &[&str] = &["Note", "Other", "Long name", "x"];

/// Link forms from `source_path` to `target_path`; the last few are special: a heading
/// link to the target's `## See [[…]]` heading (whose link names `heading_name`), and two
/// property links (placed in the frontmatter).
fn link_forms(target_path: &str, source_path: &str, heading_name: &str) -> Vec<String> {
    let stem = target_path.strip_suffix(".md").unwrap_or(target_path);
    let name = stem.rsplit('/').next().unwrap();
    let rel = wikilint::linktext::relative_path(source_path, target_path);
    let rel = if rel.starts_with("../") { rel } else { format!("./{rel}") };
    vec![
        format!("[[{name}]]"),
        format!("[[{stem}|shown]]"),
        format!("![[{name}#H]]"),
        format!("[t]({})", wikilint::linktext::encode_destination(target_path)),
        format!("[r]({})", wikilint::linktext::encode_destination(&rel)),
        format!("[a](<{rel}>)"),
        format!("[[{stem}#See {heading_name}|about]]"),
        format!("[s]({}#See%20{})", wikilint::linktext::encode_destination(&rel), heading_name.replace(' ', "%20")),
        format!("up: \"[[{name}]]\""),
        format!("source: \"[p]({})\"", wikilint::linktext::encode_destination(target_path)),
    ]
}
const PROPERTY_FORMS: std::ops::Range<usize> = 8..10;
const FORMS: usize = 10;
const LINK_FORMATS: &[&str] = &["shortest", "relative", "absolute"];

prop_compose! {
    fn vault_spec()(files in proptest::collection::btree_set((0..FOLDERS.len(), 0..NAMES.len()), 2..8),
                    picks in proptest::collection::vec((any::<prop::sample::Index>(), 0..FORMS), 0..24),
                    in_headings in proptest::collection::vec(any::<prop::sample::Index>(), 8),
                    mover in any::<prop::sample::Index>(),
                    dest in (0..FOLDERS.len(), 0..NAMES.len()),
                    move_folder in any::<bool>(),
                    format in 0..LINK_FORMATS.len())
        -> (Vec<String>, Vec<(usize, usize, usize)>, Vec<usize>, usize, (usize, usize), bool, usize) {
        let paths: Vec<String> = files.iter().map(|&(f, n)| {
            if FOLDERS[f].is_empty() { format!("{}.md", NAMES[n]) } else { format!("{}/{}.md", FOLDERS[f], NAMES[n]) }
        }).collect();
        let n = paths.len();
        let links = picks.iter().enumerate().map(|(i, (t, form))| (i % n, t.index(n), *form)).collect();
        let in_headings = in_headings.iter().take(n).map(|t| t.index(n)).collect();
        (paths, links, in_headings, mover.index(n), dest, move_folder, format)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// Every note has `## See [[Other]]` (a link inside a heading), links in every form,
    /// heading links to those headings and property links; the vault's newLinkFormat varies.
    /// After any move, every link leads where it led (heading status included) and check
    /// finds nothing new.
    #[test]
    fn any_move_keeps_every_link((paths, links, in_headings, mover, dest, move_folder, format) in vault_spec()) {
        let tmp = TempDir::new().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join(".obsidian")).unwrap();
        fs::write(root.join(".obsidian/app.json"), format!("{{\"newLinkFormat\": \"{}\"}}", LINK_FORMATS[format])).unwrap();
        let name_of = |i: usize| paths[i].trim_end_matches(".md").rsplit('/').next().unwrap().to_string();
        let mut properties: BTreeMap<&str, String> = BTreeMap::new();
        let mut texts: BTreeMap<&str, String> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), format!("# H\n\n## See [[{}]]\n\n", name_of(in_headings[i]))))
            .collect();
        for &(source, target, form) in &links {
            // The heading of the target names its heading target the way its link is written.
            let link = link_forms(&paths[target], &paths[source], &name_of(in_headings[target]))[form].clone();
            let into = if PROPERTY_FORMS.contains(&form) { &mut properties } else { &mut texts };
            into.entry(paths[source].as_str()).or_default().push_str(&format!("{link}\n"));
        }
        for (p, t) in &texts {
            let abs = root.join(p);
            fs::create_dir_all(abs.parent().unwrap()).unwrap();
            let front = properties.get(p).map(|f| format!("---\n{f}---\n")).unwrap_or_default();
            fs::write(abs, format!("{front}{t}")).unwrap();
        }
        let source_path = &paths[mover];
        let from = match source_path.rsplit_once('/') {
            Some((folder, _)) if move_folder => folder.to_string(),
            _ => source_path.clone(),
        };
        let name = from.rsplit('/').next().unwrap().to_string();
        let to = if from.ends_with(".md") {
            if FOLDERS[dest.0].is_empty() { format!("{}.md", NAMES[dest.1]) } else { format!("{}/{}.md", FOLDERS[dest.0], NAMES[dest.1]) }
        } else if FOLDERS[dest.0].is_empty() { format!("moved-{name}") } else { format!("{}/{name}", FOLDERS[dest.0]) };

        let before: Vec<_> = {
            let mut b: Vec<_> = pairs(root).into_iter().map(|(s, t, st)| (renamed(&s, &from, &to), renamed(&t, &from, &to), st)).collect();
            b.sort();
            b
        };
        let findings_before = check_json(root);
        let vault = Vault::load(root);
        let index = VaultIndex::build(&vault);
        let disk = wikilint::moves::RealDisk(root.to_path_buf());
        let settings = wikilint::linktext::LinkSettings::load(root);
        let planned = wikilint::moves::plan(&vault, &index, settings, &disk, &from, &to);
        // Refusals (taken names, folders into themselves) are fine; they must leave no trace.
        let Ok(plan) = planned else { return Ok(()) };
        let writer = wikilint::write::VaultWriter::new(root).unwrap();
        wikilint::moves::apply::apply(&plan, &writer, &wikilint::progress::Progress::none()).unwrap();
        prop_assert_eq!(pairs(root), before, "moving {} to {}", from, to);
        let new = new_findings(&findings_before, &check_json(root), &from, &to);
        prop_assert!(new.is_empty(), "moving {} to {}: new findings {:#?}", from, to, new);
    }
}
