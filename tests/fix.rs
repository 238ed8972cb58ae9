//! `check --fix`, `--unsafe-fixes` and `--diff` on temporary copies of
//! `vault-fixtures/fix`: what is written, what is kept byte for byte, that a second run
//! changes nothing, that links resolve where they did, and that a crash mid-write leaves
//! every note whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use insta::assert_snapshot;
use proptest::prelude::*;
use tempfile::TempDir;
use wikilint::config::Config;
use wikilint::fix::{self, FixOptions};
use wikilint::index::VaultIndex;
use wikilint::rules;
use wikilint::vault::Vault;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn wikilint(args: &[&str], envs: &[(&str, &str)]) -> Out {
    let mut cmd = Command::cargo_bin("wikilint").expect("the wikilint binary is built");
    cmd.env("NO_COLOR", "1").args(args).timeout(Duration::from_secs(60));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("wikilint runs");
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    };
    assert!(!out.stderr.contains("panicked"), "panic:\n{}", out.stderr);
    out
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures/fix")
}

fn copy_fixture() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(fixture()).unwrap();
        let to = dir.path().join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

/// Every file's bytes, by vault-relative path.
fn snapshot_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"), fs::read(e.path()).unwrap())
        })
        .collect()
}

fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "files appeared or vanished");
    before.iter().filter(|(k, v)| after[*k] != **v).map(|(k, _)| k.clone()).collect()
}

/// (source, link as written → resolved path) for every link of the vault on disk.
fn resolved(root: &Path) -> Vec<(String, Option<String>)> {
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let mut out = Vec::new();
    for (id, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[id]) {
            let to = target.resolution.file.map(|f| vault.files[f].path.clone());
            out.push((format!("{} -> {}", vault.files[id].path, link.target.to_lowercase().trim()), to));
        }
    }
    out.sort();
    out
}

#[test]
fn safe_fixes_write_what_they_say_and_keep_the_rest() {
    let v = copy_fixture();
    let root = v.path().to_str().unwrap();
    let before = snapshot_tree(v.path());
    let links_before = resolved(v.path());

    let out = wikilint(&["check", root, "--fix", "--format", "concise"], &[]);
    assert_eq!(out.code, Some(1), "broken links remain\n{}{}", out.stdout, out.stderr);
    assert_snapshot!("fix_stderr", out.stderr);
    assert_snapshot!("fix_remaining", out.stdout.replace(root, "VAULT"));

    let after = snapshot_tree(v.path());
    assert_eq!(
        changed(&before, &after),
        ["Casing.md", "Padded and glued.md", "Properties.md", "Windows note.md"],
        "only notes with safe fixes change"
    );
    for name in ["Padded and glued.md", "Casing.md", "Properties.md"] {
        assert_snapshot!(format!("fixed_{name}"), String::from_utf8(after[name].clone()).unwrap());
    }
    // A BOM, CRLF line endings and the missing final newline survive.
    assert_eq!(
        after["Windows note.md"],
        b"\xef\xbb\xbfCRLF with a BOM: towards [[Trotskyism|trotskyism]]\r\nand a padded link [[Lenin]] at the end with no final newline"
    );
    // Every link resolves where it did; the quoted properties became links.
    let mut links_after = resolved(v.path());
    for link in &links_before {
        let at = links_after.iter().position(|l| l == link).unwrap_or_else(|| panic!("{link:?} changed"));
        links_after.remove(at);
    }
    assert_eq!(
        links_after,
        [
            ("Properties.md -> lenin".to_string(), Some("Lenin.md".to_string())),
            ("Properties.md -> trotskyism".to_string(), Some("Trotskyism.md".to_string()))
        ]
    );
    // No temporary file is left behind.
    assert!(after.keys().all(|k| !k.ends_with(".tmp")));

    // A second run has nothing left to do.
    let again = wikilint(&["check", root, "--fix", "--format", "concise"], &[]);
    assert!(again.stderr.contains("Applied 0 fixes in 0 files."), "{}", again.stderr);
    assert_eq!(snapshot_tree(v.path()), after);
}

#[test]
fn diff_writes_nothing() {
    let v = copy_fixture();
    let root = v.path().to_str().unwrap();
    let before = snapshot_tree(v.path());
    let out = wikilint(&["check", root, "--diff"], &[]);
    assert_eq!(out.code, Some(1), "there are fixes to show");
    assert_snapshot!("diff_stdout", out.stdout);
    assert!(
        out.stderr.contains("Would apply 20 fixes in 4 files. 5 more findings can be fixed with --unsafe-fixes."),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot_tree(v.path()), before);
}

#[test]
fn unsafe_fixes_link_aliases_and_turn_admonitions_into_callouts() {
    let v = copy_fixture();
    let root = v.path().to_str().unwrap();
    let out = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--select", "broken-link,hidden-link"], &[]);
    // The [[CWI]] freed from its ad- block is an alias too: a second round links it.
    assert!(out.stderr.contains("Applied 5 fixes in 2 files."), "{}", out.stderr);
    let alias = fs::read_to_string(v.path().join("Alias.md")).unwrap();
    assert_eq!(
        alias,
        "The [[Committee for a Workers International|CWI]] and the [[Artificial Intelligence|machines]] both \
         appear here, and [[Ghost]] is missing for real.\n"
    );
    assert_snapshot!("fixed_Hidden.md", fs::read_to_string(v.path().join("Hidden.md")).unwrap());
    assert!(
        fs::read_to_string(v.path().join("Hidden.md"))
            .unwrap()
            .contains("[[Committee for a Workers International|CWI]]")
    );
    // What remains is the one link no fix can repair.
    let check = wikilint(&["check", root, "--format", "concise", "--select", "broken-link,hidden-link"], &[]);
    assert_eq!(check.stdout.lines().filter(|l| l.contains("broken-link")).count(), 1, "{}", check.stdout);
    assert!(!check.stdout.contains("hidden-link"), "{}", check.stdout);
}

#[test]
fn a_crash_before_the_rename_leaves_every_note_whole() {
    let v = copy_fixture();
    let root = v.path().to_str().unwrap();
    let before = snapshot_tree(v.path());
    let out = wikilint(&["check", root, "--fix"], &[("WIKILINT_CRASH_BEFORE_RENAME", "1")]);
    assert_ne!(out.code, Some(0), "the process was stopped");
    // Notes are all old: the only extra files are hidden temporaries, which neither Obsidian
    // nor wikilint reads, and the next run works.
    let after = snapshot_tree(v.path());
    for (path, bytes) in &before {
        assert_eq!(&after[path], bytes, "{path} changed");
    }
    for extra in after.keys().filter(|k| !before.contains_key(*k)) {
        let name = extra.rsplit('/').next().unwrap();
        // The temporary file, and the record (in .wikilint/) that lets the next run remove it.
        let temp = name.starts_with(".wikilint-") && name.ends_with(".tmp");
        assert!(temp || extra.starts_with(".wikilint/temps-"), "unexpected file {extra}");
    }
    let out = wikilint(&["check", root, "--fix", "--format", "concise"], &[]);
    assert!(out.stderr.contains("Applied 20 fixes in 4 files."), "{}", out.stderr);
}

#[test]
fn a_note_saved_meanwhile_is_left_alone() {
    // The plan is made from what was read; a file edited before the write is not touched.
    let v = copy_fixture();
    let vault = Vault::load(v.path());
    let index = VaultIndex::build(&vault);
    let config = Config::load(v.path(), &Default::default(), wikilint::rules::catalog()).unwrap();
    let findings = rules::check(&vault, &index, &config);
    let plan = fix::plan(&vault, &index, &config, &findings.diagnostics, FixOptions { unsafe_fixes: false });
    let (path, original, fixed) = plan.fixed_files().next().unwrap();
    fs::write(v.path().join(path), "edited by the owner\n").unwrap();
    let writer = wikilint::write::VaultWriter::new(v.path()).unwrap();
    assert!(writer.replace(path, original, fixed).is_err());
    assert_eq!(fs::read_to_string(v.path().join(path)).unwrap(), "edited by the owner\n");
}

/// Note texts made of an optional frontmatter (links unquoted or quoted, trailing
/// whitespace) and words, links (padded, glued, cased differently, aliases), ad- blocks with
/// links and text right after them, and both line endings.
fn note_text() -> impl Strategy<Value = String> {
    let link = prop::sample::select(vec![
        "Lenin",
        "lenin",
        "people/stalin",
        "Trotskyism",
        "Ghost",
        "chart.png",
        "LENIN#Early life",
        "AI",
        "AI|machines",
        "AI#Early|x",
    ])
    .prop_flat_map(|t| {
        (
            Just(t),
            prop::sample::select(vec!["", " ", "  "]),
            prop::sample::select(vec!["", " ", "\u{a0}"]),
            any::<bool>(),
        )
            .prop_map(|(t, a, b, embed)| format!("{}[[{a}{t}{b}]]", if embed { "!" } else { "" }))
    });
    let piece = prop_oneof![
        Just("word ".to_string()),
        Just("towards".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("`[[ code]]` ".to_string()),
        Just("\n```ad-note\ntitle: Seen\n[[Lenin]] and [[AI]]\n```\n".to_string()),
        Just("\r\n```ad-tip\r\ntitle:\r\n[[ lenin]]\r\n```\r\n".to_string()),
        link,
    ];
    let value = prop::sample::select(vec!["[[Lenin]]", "[[Ghost]]", "\"[[Trotskyism]]\"", "[[AI]]", "done"]);
    let pad = prop::sample::select(vec!["", " ", "\t"]);
    let frontmatter = prop::option::of((value, pad, prop::sample::select(vec!["\n", "\r\n"]))).prop_map(|fm| {
        fm.map_or_else(String::new, |(value, pad, eol)| {
            format!(
                "---{eol}related: {value}{pad}{eol}sources:{eol}  - [[Trotskyism]]{eol}status: wip{pad}{eol}---{eol}"
            )
        })
    });
    (frontmatter, prop::collection::vec(piece, 0..20)).prop_map(|(fm, v)| fm + &v.concat())
}

/// The byte ranges of `text` a fix may touch: its links, its frontmatter, its ad- blocks;
/// ranges that touch are joined (two fixes side by side make one changed region).
fn fixable_ranges(text: &str) -> Vec<(usize, usize)> {
    let note = wikilint::vault::parse_bytes(text.as_bytes());
    let mut spans: Vec<(usize, usize)> = note.links.iter().map(|l| (l.loc.span.start, l.loc.span.end)).collect();
    spans.extend(note.frontmatter.iter().map(|f| (f.loc.span.start, f.loc.span.end)));
    spans.extend(note.admonitions.iter().map(|a| (a.loc.span.start, a.loc.span.end)));
    spans.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match joined.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => joined.push((s, e)),
        }
    }
    joined
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Fixes, safe or all, change bytes only inside links, frontmatter and ad- blocks (the
    /// edits they report, applied to the original, give exactly the file written), never
    /// break a link (each resolves where it did, but for a broken link to an alias, which
    /// now leads to its note), and leave nothing for a second run.
    #[test]
    fn fixes_keep_links_and_every_byte_outside_their_edits(
        texts in prop::collection::vec(note_text(), 1..4),
        unsafe_fixes in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("People")).unwrap();
        for (name, body) in [
            ("Lenin.md", "# Lenin\n## Early life\n"),
            ("Trotskyism.md", ""),
            ("People/Stalin.md", ""),
            ("chart.png", ""),
            ("Artificial Intelligence.md", "---\naliases: [AI]\n---\n"),
        ] {
            fs::write(dir.path().join(name), body).unwrap();
        }
        for (i, t) in texts.iter().enumerate() {
            fs::write(dir.path().join(format!("N{i}.md")), t).unwrap();
        }
        let links_before = resolved(dir.path());
        let vault = Vault::load(dir.path());
        let index = VaultIndex::build(&vault);
        let config = Config::load(dir.path(), &Default::default(), wikilint::rules::catalog()).unwrap();
        let findings = rules::check(&vault, &index, &config);
        let options = FixOptions { unsafe_fixes };
        let plan = fix::plan(&vault, &index, &config, &findings.diagnostics, options);
        let writer = wikilint::write::VaultWriter::new(dir.path()).unwrap();
        for (path, outcome) in &plan.files {
            let fix::FileOutcome::Fixed { original, fixed, edits, fixes, .. } = outcome else { continue };
            prop_assert!(*fixes > 0);
            let text = std::str::from_utf8(original).unwrap();
            // Every byte outside the edits is the original's, exactly.
            let mut rebuilt = String::new();
            let mut at = 0;
            for (span, replacement) in edits {
                prop_assert!(at <= span.start, "edits overlap or are out of order: {:?}", edits);
                rebuilt.push_str(&text[at..span.start]);
                rebuilt.push_str(replacement);
                at = span.end;
            }
            rebuilt.push_str(&text[at..]);
            prop_assert_eq!(rebuilt.as_bytes(), fixed.as_slice());
            // And each edit lies within something a fix may change.
            let ranges = fixable_ranges(text);
            for (span, _) in edits {
                prop_assert!(
                    ranges.iter().any(|&(s, e)| s <= span.start && span.end <= e),
                    "{path}: edit {span:?} outside {ranges:?} in {text:?}"
                );
            }
            writer.replace(path, original, fixed).unwrap();
        }
        // Links lead where they did; a broken link to the alias `AI` may now lead to its note.
        let mut links_after = resolved(dir.path());
        for (link, to) in &links_before {
            if let Some(at) = links_after.iter().position(|(l, t)| l == link && t == to) {
                links_after.remove(at);
                continue;
            }
            let (source, target) = link.split_once(" -> ").unwrap();
            let alias = to.is_none() && (target == "ai" || target.starts_with("ai#"));
            prop_assert!(alias, "{link} no longer leads to {to:?}: {links_after:?}");
            let fixed_link = format!("{source} -> artificial intelligence{}", &target[2..]);
            let at = links_after.iter().position(|(l, t)| *l == fixed_link && t.as_deref() == Some("Artificial Intelligence.md"));
            prop_assert!(at.is_some(), "{link}: no {fixed_link} in {links_after:?}");
            links_after.remove(at.unwrap());
        }
        // What is left is new links (quoted properties, whose links resolve).
        prop_assert!(links_after.iter().all(|(_, t)| t.is_some()), "{links_after:?}");
        // A fixed point: nothing more to do.
        let vault = Vault::load(dir.path());
        let index = VaultIndex::build(&vault);
        let findings = rules::check(&vault, &index, &config);
        let again = fix::plan(&vault, &index, &config, &findings.diagnostics, options);
        prop_assert_eq!(again.fixes(), 0);
    }
}

/// A vault of the given files, in a temporary folder.
fn vault_of(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let to = dir.path().join(path);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, text).unwrap();
    }
    dir
}

#[test]
fn a_file_whose_only_fix_is_withheld_is_named_every_time() {
    // The alias fix would make `#Early` a broken heading: it is left out, and every run says so.
    let v = vault_of(&[
        ("Src.md", "See [[AI#Early|x]]\n"),
        ("Artificial Intelligence.md", "---\naliases: [AI]\n---\n# Late\n"),
    ]);
    let root = v.path().to_str().unwrap();
    let before = snapshot_tree(v.path());
    for args in [&["--fix", "--unsafe-fixes"][..], &["--fix", "--unsafe-fixes"], &["--diff", "--unsafe-fixes"]] {
        let out = wikilint(&[&["check", root, "--format", "concise"][..], args].concat(), &[]);
        assert!(
            out.stderr.contains("left Src.md untouched: its fix would add a finding it does not have:")
                && out.stderr.contains("line 1, \"AI#Early|x\": link Artificial Intelligence.md")
                && out.stderr.contains("broken-heading"),
            "{args:?}\n{}",
            out.stderr
        );
        assert!(out.stderr.contains(" 0 fixes in 0 files."), "{}", out.stderr);
    }
    assert_eq!(snapshot_tree(v.path()), before);
}

#[test]
fn a_fix_that_adds_a_finding_does_not_hold_back_the_others() {
    // Quoting `related` would turn it into a broken link; the padded link and the trailing
    // whitespace are fixed all the same, and the quoting is named, on every run.
    let v = vault_of(&[
        ("Src.md", "---\nrelated: [[Ghost]]\nstatus: done \n---\nSee [[ Lenin ]] and [[ Lenin]].\n"),
        ("Lenin.md", ""),
    ]);
    let root = v.path().to_str().unwrap();
    let out = wikilint(&["check", root, "--fix", "--format", "concise"], &[]);
    assert!(out.stderr.contains("Applied 3 fixes in 1 file."), "{}", out.stderr);
    let named = "Src.md: left out 1 fix that would add a finding it does not have:\n  line 2, \"[[Ghost]]\":";
    assert!(out.stderr.contains(named) && out.stderr.contains("no note \"Ghost\" yet"), "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "---\nrelated: [[Ghost]]\nstatus: done\n---\nSee [[Lenin]] and [[Lenin]].\n"
    );
    let again = wikilint(&["check", root, "--fix", "--format", "concise"], &[]);
    assert!(again.stderr.contains("left Src.md untouched: its fix would add"), "{}", again.stderr);
    assert!(again.stderr.contains("Applied 0 fixes in 0 files."), "{}", again.stderr);
}

#[test]
fn the_alias_fix_writes_links_in_the_vaults_format() {
    let fixed = |app: Option<&str>, extra: &[(&str, &str)]| {
        let mut files =
            vec![("Notes/Src.md", "See [[AI]].\n"), ("Tech/Artificial Intelligence.md", "---\naliases: [AI]\n---\n")];
        files.extend(extra);
        if let Some(app) = app {
            files.push((".obsidian/app.json", app));
        }
        let v = vault_of(&files);
        let out = wikilint(&["check", v.path().to_str().unwrap(), "--fix", "--unsafe-fixes"], &[]);
        assert!(out.stderr.contains("Applied 1 fix in 1 file."), "{}", out.stderr);
        fs::read_to_string(v.path().join("Notes/Src.md")).unwrap()
    };
    assert_eq!(fixed(None, &[]), "See [[Artificial Intelligence|AI]].\n");
    assert_eq!(fixed(Some(r#"{"newLinkFormat": "absolute"}"#), &[]), "See [[Tech/Artificial Intelligence|AI]].\n");
    assert_eq!(fixed(Some(r#"{"newLinkFormat": "relative"}"#), &[]), "See [[../Tech/Artificial Intelligence|AI]].\n");
    // Another note of that name: the shortest form that leads there alone is the path.
    assert_eq!(
        fixed(Some(r#"{"newLinkFormat": "shortest"}"#), &[("Old/Artificial Intelligence.md", "")]),
        "See [[Tech/Artificial Intelligence|AI]].\n"
    );
}

#[test]
fn a_second_run_with_unsafe_fixes_changes_nothing() {
    let v = copy_fixture();
    let root = v.path().to_str().unwrap();
    let first = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--format", "concise"], &[]);
    assert!(first.stderr.contains("Applied 25 fixes in 6 files."), "{}", first.stderr);
    let after = snapshot_tree(v.path());
    let second = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--format", "concise"], &[]);
    assert_eq!(second.stderr, "Applied 0 fixes in 0 files.\n");
    // What remains (the one broken link no fix can mend, a forward link) is reported the same
    // way, with the same exit status.
    assert_eq!((second.code, second.stdout.as_str()), (first.code, first.stdout.as_str()));
    assert_eq!(first.code, Some(0));
    assert_eq!(snapshot_tree(v.path()), after);
    let diff = wikilint(&["check", root, "--diff", "--unsafe-fixes"], &[]);
    assert_eq!((diff.code, diff.stdout.as_str()), (Some(0), ""), "{}", diff.stderr);
    assert!(diff.stderr.contains("Would apply 0 fixes in 0 files."), "{}", diff.stderr);
}

/// An ad- block turned callout frees a link that an alias fix mends, while the same alias fix
/// is also due outside the block: one run reaches the fixed point (the proptest above found
/// a second run that still changed the block).
#[test]
fn an_alias_fix_freed_by_a_callout_is_applied_in_the_same_run() {
    fixes_in_one_run(
        &[
            ("Artificial Intelligence.md", "---\naliases: [AI]\n---\n"),
            ("Lenin.md", "# Lenin\n"),
            ("N.md", "\n```ad-note\ntitle: Seen\n[[Lenin]] and [[AI]]\n```\n[[AI#Early|x]][[AI]]"),
        ],
        "N.md",
        "\n> [!note] Seen\n> [[Lenin]] and [[Artificial Intelligence|AI]]\n\n[[AI#Early|x]][[Artificial Intelligence|AI]]",
    );
}

/// The same with an embed outside the block (`![[AI]]`, whose finding reads "broken embed"):
/// the trial of the callout applies the alias fix it frees, not the equal one due at the
/// embed, so the callout is not left out and one run reaches the fixed point (found by the
/// proptest above).
#[test]
fn an_alias_fix_freed_by_a_callout_is_told_apart_from_an_equal_one_outside() {
    fixes_in_one_run(
        &[
            ("Artificial Intelligence.md", "---\naliases: [AI]\n---\n"),
            ("Lenin.md", "# Lenin\n## Early life\n"),
            ("Trotskyism.md", ""),
            ("People/Stalin.md", ""),
            ("chart.png", ""),
            ("N0.md", "\n```ad-note\ntitle: Seen\n[[Lenin]] and [[AI]]\n```\n[[AI#Early|x]]![[AI]]"),
        ],
        "N0.md",
        "\n> [!note] Seen\n> [[Lenin]] and [[Artificial Intelligence|AI]]\n\n[[AI#Early|x]]![[Artificial Intelligence|AI]]",
    );
}

/// One `check --fix --unsafe-fixes` applies 3 fixes and leaves `note` as `fixed`; a second
/// run finds nothing more to fix.
fn fixes_in_one_run(files: &[(&str, &str)], note: &str, fixed: &str) {
    let v = vault_of(files);
    let root = v.path().to_str().unwrap();
    let first = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--format", "concise"], &[]);
    assert!(first.stderr.contains("Applied 3 fixes in 1 file."), "{}", first.stderr);
    assert_eq!(std::fs::read_to_string(v.path().join(note)).unwrap(), fixed);
    let second = wikilint(&["check", root, "--fix", "--unsafe-fixes", "--format", "concise"], &[]);
    assert!(second.stderr.contains("Applied 0 fixes in 0 files."), "{}", second.stderr);
}
