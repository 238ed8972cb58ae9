//! `link-case-mismatch`'s safe fix writes the target as its file is named and changes nothing
//! a reader sees: a link without display text keeps the text Obsidian showed for it as
//! display text. Checked from the binary on temporary vaults: the files written, what
//! `inspect` says each link shows, and that a second `--fix` changes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn wikilint(dir: &Path, args: &[&str]) -> Out {
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
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    };
    assert!(!out.stderr.contains("panicked"), "panic:\n{}", out.stderr);
    out
}

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Per note, what each link, embed and property link shows (`displayText` in Obsidian's
/// metadata cache, as `wikilint inspect` gives it), in order.
fn shown(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let out = wikilint(dir, &["inspect", ".", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut all = BTreeMap::new();
    for (path, cache) in json.as_object().unwrap() {
        let mut texts = Vec::new();
        for list in ["frontmatterLinks", "links", "embeds"] {
            for l in cache.get(list).and_then(Value::as_array).into_iter().flatten() {
                texts.push((list.to_string(), l["displayText"].as_str().unwrap_or_default().to_string()));
            }
        }
        all.insert(path.clone(), texts);
    }
    all
}

/// `check --fix` limited to the rule, then a second run that must change nothing.
fn fix_twice(dir: &Path) {
    let first = wikilint(dir, &["check", ".", "--fix", "--select", "link-case-mismatch", "--format", "concise"]);
    assert!(!first.stderr.contains("Applied 0 fixes"), "{}", first.stderr);
    assert_eq!(first.stdout, "", "everything is fixed:\n{}", first.stdout);
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    let after_first = files(dir);
    let second = wikilint(dir, &["check", ".", "--fix", "--format", "concise"]);
    assert!(second.stderr.contains("Applied 0 fixes in 0 files."), "{}", second.stderr);
    assert_eq!(files(dir), after_first, "a second run changed something");
}

#[test]
fn a_link_without_display_text_keeps_what_it_showed() {
    let v = vault(&[
        ("Src.md", "I [[DNF]] it. Using [[evergreen]] notes ([[Pom-Pom Form]]) and [[trotskyism|Trotsky]].\n"),
        ("dnf.md", ""),
        ("Evergreen.md", ""),
        ("Pom-pom Form.md", ""),
        ("Trotskyism.md", ""),
    ]);
    let before = shown(v.path());
    fix_twice(v.path());
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "I [[dnf|DNF]] it. Using [[Evergreen|evergreen]] notes ([[Pom-pom Form|Pom-Pom Form]]) and \
         [[Trotskyism|Trotsky]].\n"
    );
    assert_eq!(shown(v.path()), before, "what the links show changed");
}

/// A link to a heading shows `Note > Heading`: that is the display text it keeps.
#[test]
fn a_link_with_a_subpath_keeps_note_then_heading() {
    let v = vault(&[
        ("Src.md", "[[LENIN#Early life]], [[lenin#Early life#Exile]] and [[lenin#^quote]]\n"),
        ("Lenin.md", "# Early life\n## Exile\nWords ^quote\n"),
    ]);
    let before = shown(v.path());
    fix_twice(v.path());
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "[[Lenin#Early life|LENIN > Early life]], [[Lenin#Early life#Exile|lenin > Early life > Exile]] and \
         [[Lenin#^quote|lenin > ^quote]]\n"
    );
    assert_eq!(shown(v.path()), before);
}

/// In a table cell the display text's `|` must be written `\|`, or the link is split in two
/// cells and is no link at all.
#[test]
fn a_link_in_a_table_cell_gets_an_escaped_pipe() {
    let v = vault(&[
        ("Src.md", "| Who | Link |\n|-----|------|\n| Leon | [[trotskyism]] |\n| Leon | [[trotskyism\\|Trotsky]] |\n"),
        ("Trotskyism.md", ""),
    ]);
    let before = shown(v.path());
    fix_twice(v.path());
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "| Who | Link |\n|-----|------|\n| Leon | [[Trotskyism\\|trotskyism]] |\n| Leon | [[Trotskyism\\|Trotsky]] |\n"
    );
    assert_eq!(shown(v.path()), before);
}

/// An embed shows the file itself, whatever the casing of its name: only the name is
/// recased (an image's `|200` is its size, not text to keep).
#[test]
fn an_embed_is_recased_only() {
    let v = vault(&[
        ("Src.md", "![[CHART.PNG]] ![[CHART.PNG|200]] ![[lenin#Early life]] ![alt](CHART.png) [Lenin](lenin.md)\n"),
        ("chart.png", ""),
        ("Lenin.md", "# Early life\n"),
    ]);
    fix_twice(v.path());
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "![[chart.png]] ![[chart.png|200]] ![[Lenin#Early life]] ![alt](chart.png) [Lenin](Lenin.md)\n"
    );
}

/// A property link shows its display text in the Properties view, like a link in the body.
#[test]
fn a_property_link_keeps_what_it_showed() {
    let v = vault(&[
        (
            "Src.md",
            "---\nup: \"[[trotskyism]]\"\nrelated:\n  - '[[lenin#Early life]]'\n  - \"[[lenin|Vladimir]]\"\n  - \"[L](lenin.md)\"\n---\nBody\n",
        ),
        ("Trotskyism.md", ""),
        ("Lenin.md", "# Early life\n"),
    ]);
    let before = shown(v.path());
    fix_twice(v.path());
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "---\nup: \"[[Trotskyism|trotskyism]]\"\nrelated:\n  - '[[Lenin#Early life|lenin > Early life]]'\n  - \
         \"[[Lenin|Vladimir]]\"\n  - \"[L](Lenin.md)\"\n---\nBody\n"
    );
    assert_eq!(shown(v.path()), before);
}

/// CRLF line endings and a BOM stay; bytes outside the links are the original's.
#[test]
fn line_endings_and_bom_are_kept() {
    let v = vault(&[("Src.md", "\u{feff}A [[trotskyism]]\r\nB\r\n"), ("Trotskyism.md", "")]);
    fix_twice(v.path());
    assert_eq!(fs::read(v.path().join("Src.md")).unwrap(), "\u{feff}A [[Trotskyism|trotskyism]]\r\nB\r\n".as_bytes());
}

/// Every link as (source, what it shows, where it leads), sorted: what a reader of the vault
/// sees and follows. An embed shows the file itself, not text: its text is compared in lower
/// case.
fn seen(root: &Path) -> Vec<(String, String, Option<String>)> {
    use wikilint::index::VaultIndex;
    use wikilint::vault::Vault;
    let vault = Vault::load(root);
    let index = VaultIndex::build(&vault);
    let mut out = Vec::new();
    for (id, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[id]) {
            let to = target.resolution.file.map(|f| vault.files[f].path.clone());
            let embed = matches!(link.kind, wikilint::note::LinkKind::Embed | wikilint::note::LinkKind::MarkdownImage);
            let shown = if embed { link.shown_text().to_lowercase() } else { link.shown_text() };
            out.push((vault.files[id].path.clone(), shown, to));
        }
    }
    out.sort();
    out
}

fn note_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let target = prop::sample::select(vec![
        "lenin",
        "LENIN",
        "Lenin",
        "lenin#Early life",
        "LENIN#Early life#Exile",
        "lenin#^quote",
        "lenin#Nowhere",
        "lenin.md",
        "people/stalin",
        "PEOPLE/Stalin#x",
        "trotskyism",
        "CHART.PNG",
    ]);
    let link = (
        target,
        prop::sample::select(vec!["", "|Shown", "|", "|200"]),
        prop::sample::select(vec!["", " ", "\u{a0}"]),
        any::<bool>(),
    )
        .prop_map(|(t, display, pad, embed)| format!("{}[[{pad}{t}{display}]]", if embed { "!" } else { "" }));
    let in_table =
        link.clone().prop_map(|l| format!("\n\n| a | b |\n|---|---|\n| {} | x |\n\n", l.replace('|', "\\|")));
    let piece = prop_oneof![
        Just("word ".to_string()),
        Just("towards".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("[md](lenin.md) ".to_string()),
        Just("\n```ad-note\n[[lenin]] x\n```\n".to_string()),
        link,
        in_table,
    ];
    let property = prop::sample::select(vec![
        "\"[[lenin]]\"",
        "'[[LENIN#Early life]]'",
        "\"[[trotskyism|T]]\"",
        "\"[L](lenin.md)\"",
        "done",
    ]);
    let frontmatter =
        prop::option::of(property).prop_map(|p| p.map_or_else(String::new, |p| format!("---\nup: {p}\n---\n")));
    (frontmatter, prop::collection::vec(piece, 0..16)).prop_map(|(fm, v)| fm + &v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// The safe fixes change no link's shown text and no link's destination, leave no
    /// `link-case-mismatch` with a fix behind, and a second round has nothing to do.
    #[test]
    fn safe_fixes_keep_what_links_show_and_where_they_lead(texts in proptest::collection::vec(note_text(), 1..4)) {
        use wikilint::config::Config;
        use wikilint::fix::{self, FixOptions};
        use wikilint::index::VaultIndex;
        use wikilint::rules;
        use wikilint::vault::Vault;
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("People")).unwrap();
        for (name, body) in [
            ("Lenin.md", "# Early life\n## Exile\nWords ^quote\n"),
            ("Trotskyism.md", ""),
            ("People/Stalin.md", "# x\n"),
            ("chart.png", ""),
        ] {
            fs::write(dir.path().join(name), body).unwrap();
        }
        for (i, t) in texts.iter().enumerate() {
            fs::write(dir.path().join(format!("N{i}.md")), t).unwrap();
        }
        let before = seen(dir.path());
        let options = FixOptions { unsafe_fixes: false };
        let config = Config::load(dir.path(), &Default::default(), wikilint::rules::catalog()).unwrap();
        for round in 0..2 {
            let vault = Vault::load(dir.path());
            let index = VaultIndex::build(&vault);
            let findings = rules::check(&vault, &index, &config);
            let plan = fix::plan(&vault, &index, &config, &findings.diagnostics, options);
            if round == 1 {
                proptest::prop_assert_eq!(plan.fixes(), 0);
                let left: Vec<_> = findings
                    .diagnostics
                    .iter()
                    .filter(|d| d.name == "link-case-mismatch" && d.fix.is_some())
                    .collect();
                proptest::prop_assert!(left.is_empty(), "{left:?}");
            }
            let writer = wikilint::write::VaultWriter::new(dir.path()).unwrap();
            for (path, original, fixed) in plan.fixed_files() {
                writer.replace(path, original, fixed).unwrap();
            }
        }
        proptest::prop_assert_eq!(seen(dir.path()), before);
    }
}

/// A link in an ad- block is rendered by the Admonition plugin but not indexed: its
/// `hidden-link` finding comes first, and it gets no casing fix; the note's other links do.
#[test]
fn a_link_in_an_ad_block_is_left_for_the_callout() {
    let v = vault(&[("Src.md", "```ad-note\n[[lenin]] inside\n```\n\n[[lenin]] outside\n"), ("Lenin.md", "")]);
    let out = wikilint(v.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert!(out.stderr.contains("Applied 1 fix in 1 file."), "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(v.path().join("Src.md")).unwrap(),
        "```ad-note\n[[lenin]] inside\n```\n\n[[Lenin|lenin]] outside\n"
    );
}
