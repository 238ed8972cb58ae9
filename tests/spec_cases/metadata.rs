//! Cases of sections G–M whose expectations are facts the link tables cannot state: callout
//! and Admonition headers, property values, aliases, tags in properties, and the findings
//! of the rules that report them. One test per case, named `tNNN_…`: the coverage test of
//! `spec_cases.rs` reads the case ids from these names.
//!
//! The spec's diagnostic ids are suggestions; this crate's names for them:
//! `unknown-callout` → `unknown-callout-type`, `unknown-admonition` → `unknown-admonition-type`,
//! `frontmatter-invalid` → `invalid-frontmatter`, `yaml-unquoted-link` → `unquoted-link-property`.

use super::with_files;
use serde_yaml::Value;
use wikilint::config::Config;
use wikilint::index::VaultIndex;
use wikilint::linktext::{LinkFormat, LinkSettings, link_text};
use wikilint::note::{Frontmatter, Note};
use wikilint::parse::parse_note;

/// The findings on `Src.md` of a vault of these files: (rule name, line).
fn findings(files: &[(&str, &str)], disk: bool) -> Vec<(&'static str, u32)> {
    findings_in(files, disk).into_iter().filter(|(p, ..)| p == "Src.md").map(|(_, n, l)| (n, l)).collect()
}

/// The findings of every file of the vault: (path, rule name, line).
fn findings_in(files: &[(&str, &str)], disk: bool) -> Vec<(String, &'static str, u32)> {
    with_files(files, disk, |vault, root| {
        let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).expect("config loads");
        let index = VaultIndex::build(vault);
        wikilint::rules::check(vault, &index, &config)
            .diagnostics
            .into_iter()
            .map(|d| (d.path, d.name, d.loc.start.line))
            .collect()
    })
}

/// How many times `rule` reports on a single note `Src.md` with this text.
fn count(text: &str, rule: &str) -> usize {
    findings(&[("Src.md", text)], false).iter().filter(|(n, _)| *n == rule).count()
}

fn frontmatter(text: &str) -> Frontmatter {
    parse_note(text).frontmatter.expect("the note has frontmatter")
}

/// The frontmatter's value as a mapping (Obsidian's `CachedMetadata.frontmatter`).
fn props(text: &str) -> serde_yaml::Mapping {
    match frontmatter(text).value {
        Some(Value::Mapping(m)) => m,
        other => panic!("frontmatter should be a mapping, is {other:?}"),
    }
}

fn yaml(s: &str) -> Value {
    serde_yaml::from_str(s).unwrap()
}

/// (type, fold, title, metadata) of each callout, in document order.
fn callouts(n: &Note) -> Vec<(&str, Option<char>, &str, Option<&str>)> {
    n.callouts.iter().map(|c| (c.kind.as_str(), c.fold, c.title.as_str(), c.metadata.as_deref())).collect()
}

// ---------------------------------------------------------------------------------------
// G. Callouts (§5.1)
// ---------------------------------------------------------------------------------------

#[test]
fn t108_callout_type_and_title() {
    let text = "> [!info] Here's a callout title\n> body\n";
    assert_eq!(callouts(&parse_note(text)), [("info", None, "Here's a callout title", None)]);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t109_callout_type_is_case_insensitive() {
    let text = "> [!WARNING]\n> body\n";
    assert_eq!(callouts(&parse_note(text)), [("warning", None, "", None)]);
    assert_eq!(count(text, "unknown-callout-type"), 0);
}

/// The alias (`faq` is `question`) is accepted, not rewritten: the library keeps the type as
/// written and `unknown-callout-type` knows the aliases.
#[test]
fn t110_callout_alias_and_fold() {
    let text = "> [!faq]- Are callouts foldable?\n> a\n\n> [!tip]+ T\n> b\n";
    assert_eq!(
        callouts(&parse_note(text)),
        [("faq", Some('-'), "Are callouts foldable?", None), ("tip", Some('+'), "T", None)]
    );
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

/// The default title (`My type`) is rendering: the library keeps the title as written (none).
#[test]
fn t111_unknown_callout_type_unless_declared() {
    let text = "> [!my-type]\n> body\n";
    assert_eq!(callouts(&parse_note(text)), [("my-type", None, "", None)]);
    assert_eq!(count(text, "unknown-callout-type"), 1);
    let unknown =
        |files: &[(&str, &str)]| findings(files, true).iter().filter(|(n, _)| *n == "unknown-callout-type").count();
    let declared_here = [("wikilint.toml", "[callouts]\ncustom = [\"my-type\"]\n"), ("Src.md", text)];
    assert_eq!(unknown(&declared_here), 0, "declared in wikilint.toml");
    let admonition = ".obsidian/plugins/obsidian-admonition/data.json";
    let by_admonition = [(admonition, r#"{"userAdmonitions": {"my-type": {"type": "my-type"}}}"#), ("Src.md", text)];
    assert_eq!(unknown(&by_admonition), 0, "declared as an Admonition type");
    let css = [
        (".obsidian/appearance.json", r#"{"enabledCssSnippets": ["mine"]}"#),
        (".obsidian/snippets/mine.css", ".callout[data-callout=\"my-type\"] { --callout-color: 1, 2, 3; }\n"),
        ("Src.md", text),
    ];
    assert_eq!(unknown(&css), 0, "declared in a CSS snippet");
}

#[test]
fn t112_callout_metadata() {
    let text = "> [!info|wide] Title\n> body\n";
    assert_eq!(callouts(&parse_note(text)), [("info", None, "Title", Some("wide"))]);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t113_nested_callouts() {
    let n = parse_note("> [!question] Q\n> > [!todo] Yes\n> > > [!example] More\n");
    assert_eq!(
        callouts(&n),
        [("question", None, "Q", None), ("todo", None, "Yes", None), ("example", None, "More", None)]
    );
}

#[test]
fn t114_not_a_callout() {
    let text = "> Note: [!note]\n\n[!note] text\n";
    let n = parse_note(text);
    assert_eq!(callouts(&n), []);
    assert_eq!(n.problems, []);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t115_callout_alias_table() {
    let types = [
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
    ];
    let mut text: String = types.iter().map(|t| format!("> [!{t}]\n> body\n\n")).collect();
    text.push_str("> [!seealso]\n> body\n");
    let unknown: Vec<u32> = findings(&[("Src.md", &text)], false)
        .into_iter()
        .filter(|(n, _)| *n == "unknown-callout-type")
        .map(|(_, line)| line)
        .collect();
    assert_eq!(unknown, [types.len() as u32 * 3 + 1], "only `seealso` (an Admonition alias) is unknown");
}

// ---------------------------------------------------------------------------------------
// H. Admonition code blocks (§5.2)
// ---------------------------------------------------------------------------------------

#[test]
fn t116_admonition_parameters() {
    let text = "```ad-tip\ntitle: Custom\ncollapse: open\nBody\n```\n";
    let n = parse_note(text);
    let a = &n.admonitions[..];
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].kind.as_str(), a[0].title.as_deref(), a[0].collapse.as_deref()),
        ("tip", Some("Custom"), Some("open"))
    );
    assert_eq!(a[0].stray_params, []);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

/// "Treated as closed" is how the plugin renders it; the library reports the value.
#[test]
fn t117_invalid_collapse() {
    let text = "```ad-tip\ncollapse: maybe\nBody\n```\n";
    assert_eq!(parse_note(text).admonitions[0].collapse.as_deref(), Some("maybe"));
    assert_eq!(findings(&[("Src.md", text)], false), [("admonition-parameter", 2)]);
}

#[test]
fn t118_indented_or_capitalised_keys_are_content() {
    for text in ["```ad-tip\n title: X\nBody\n```\n", "```ad-tip\nTitle: X\nBody\n```\n"] {
        let n = parse_note(text);
        assert_eq!((n.admonitions[0].title.as_deref(), n.admonitions[0].stray_params.len()), (None, 1), "{text:?}");
        assert_eq!(findings(&[("Src.md", text)], false), [("admonition-parameter", 2)], "{text:?}");
    }
}

#[test]
fn t119_parameters_must_lead() {
    let text = "```ad-tip\nBody\ntitle: X\n```\n";
    let n = parse_note(text);
    assert_eq!((n.admonitions[0].title.as_deref(), n.admonitions[0].stray_params.len()), (None, 1));
    assert_eq!(findings(&[("Src.md", text)], false), [("admonition-parameter", 3)]);
}

/// Which admonition `ad-todo` renders with is the plugin's business; it is a known type.
#[test]
fn t120_ad_todo_is_known() {
    let text = "```ad-todo\nBody\n```\n";
    assert_eq!(parse_note(text).admonitions[0].kind, "todo");
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t121_unknown_admonition_type() {
    let text = "```ad-foo\nBody\n```\n";
    assert_eq!(parse_note(text).admonitions[0].kind, "foo");
    assert_eq!(findings(&[("Src.md", text)], false), [("unknown-admonition-type", 1)]);
    let admonition = ".obsidian/plugins/obsidian-admonition/data.json";
    let declared = [(admonition, r#"{"userAdmonitions": {"foo": {"type": "foo"}}}"#), ("Src.md", text)];
    assert_eq!(findings(&declared, true), [], "a user admonition `foo` is known");
}

// ---------------------------------------------------------------------------------------
// I. Frontmatter (§6.1, §6.2); links and headings are in the `I` table
// ---------------------------------------------------------------------------------------

#[test]
fn t122_standard_frontmatter() {
    let text = "---\ntags: [a]\n---\n";
    assert_eq!(props(text), yaml("tags: [a]").as_mapping().unwrap().clone());
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t123_bom_changes_nothing() {
    let plain = "---\ntags: [a]\n---\n";
    let bom = "\u{FEFF}---\ntags: [a]\n---\n";
    assert_eq!(props(bom), props(plain));
    assert_eq!(findings(&[("Src.md", bom)], false), []);
}

#[test]
fn t125_crlf_frontmatter() {
    assert_eq!(props("---\r\ntitle: x\r\n---\r\n"), yaml("title: x").as_mapping().unwrap().clone());
}

#[test]
fn t126_trailing_spaces_on_the_closing_line() {
    assert_eq!(props("---\na: 1\n---   \n"), yaml("a: 1").as_mapping().unwrap().clone());
}

#[test]
fn t128_dots_do_not_close_frontmatter() {
    assert!(parse_note("---\na: 1\n...\nBody\n").frontmatter.is_none());
}

#[test]
fn t129_swallowed_frontmatter_has_no_properties() {
    let text = "---\ntitle: x\n\nSee [[X]].\n\n---\nMore\n";
    let fm = frontmatter(text);
    assert!(fm.value.is_none() && fm.aliases.is_empty());
}

#[test]
fn t130_invalid_yaml_has_no_tags_or_aliases() {
    let fm = frontmatter("---\ntags: [a, b\naliases: [X]\n---\n[[Y]]\n");
    assert!(fm.value.is_none());
    assert_eq!(fm.aliases, Vec::<String>::new());
}

#[test]
fn t131_not_a_mapping() {
    let text = "---\n- a\n- b\n---\n";
    assert!(frontmatter(text).value.is_none());
    assert_eq!(findings(&[("Src.md", text)], false), [("invalid-frontmatter", 2)]);
}

#[test]
fn t136_json_frontmatter() {
    let text = "---\n{\"tags\": [\"journal\"], \"publish\": false}\n---\n";
    assert_eq!(props(text), yaml("tags: [journal]\npublish: false").as_mapping().unwrap().clone());
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t137_empty_frontmatter() {
    let fm = frontmatter("---\n---\nBody\n");
    assert!(fm.properties.is_empty());
    assert_eq!(fm.value, Some(Value::Mapping(Default::default())));
}

#[test]
fn t138_duplicate_keys() {
    let text = "---\na: 1\na: 1\n---\n";
    assert_eq!(count(text, "invalid-frontmatter"), 1);
}

/// The fix-it (`tags:`/`aliases:`/`cssclasses:` lists) is not offered: the rule has no fix.
#[test]
fn t139_deprecated_keys() {
    let text = "---\ntag: x\nalias: y\ncssclass: z\n---\n";
    let n = parse_note(text);
    assert_eq!(n.frontmatter.unwrap().aliases, Vec::<String>::new());
    assert_eq!(n.tags, []);
    let lines: Vec<u32> = findings(&[("Src.md", text)], false)
        .into_iter()
        .filter(|(r, _)| *r == "deprecated-property")
        .map(|(_, l)| l)
        .collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn t140_key_case() {
    let text = "---\nTags: [a]\nALIASES: [b]\n---\n";
    assert_eq!(frontmatter(text).aliases, ["b"]);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

// ---------------------------------------------------------------------------------------
// J. Tags in properties (§6.5); tags in the text are in the `J` table. Obsidian derives a
// note's tags from the `tags` value (`getAllTags`); the library keeps that value and reports
// the entries Obsidian drops.
// ---------------------------------------------------------------------------------------

#[test]
fn t150_frontmatter_tag_list() {
    let text = "---\ntags: [a, \"#b\", c/d]\n---\n";
    assert_eq!(props(text)["tags"], yaml("[a, '#b', c/d]"));
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

#[test]
fn t151_hash_item_is_a_yaml_comment() {
    let text = "---\ntags:\n  - #journal\n---\n";
    assert_eq!(props(text)["tags"], yaml("[null]"));
    assert_eq!(findings(&[("Src.md", text)], false), [("invalid-tag", 3)]);
}

#[test]
fn t152_comma_string() {
    let spaced = "---\ntags: tag1, tag2\n---\n";
    assert_eq!(props(spaced)["tags"], Value::String("tag1, tag2".into()));
    assert_eq!(count(spaced, "invalid-tag"), 1, "dropped: it contains a space");
    let comma = "---\ntags: a,b\n---\n";
    assert_eq!(props(comma)["tags"], Value::String("a,b".into()));
    assert_eq!(count(comma, "invalid-tag"), 1, "a comma is not allowed in a tag");
}

#[test]
fn t153_numbers_in_tag_list() {
    assert_eq!(props("---\ntags:\n  - 2024\n---\n")["tags"], yaml("[2024]"));
    let quoted = "---\ntags:\n  - \"2024\"\n---\n";
    assert_eq!(props(quoted)["tags"], yaml("['2024']"));
    assert_eq!(findings(&[("Src.md", quoted)], false), [("invalid-tag", 3)]);
}

#[test]
fn t154_hashtag_in_a_text_property() {
    let text = "---\nsummary: \"about #ai\"\n---\n";
    assert_eq!(parse_note(text).tags, []);
    assert_eq!(findings(&[("Src.md", text)], false), []);
}

// ---------------------------------------------------------------------------------------
// K. Aliases and property types (§6.3, §6.4)
// ---------------------------------------------------------------------------------------

#[test]
fn t155_string_alias() {
    assert_eq!(frontmatter("---\naliases: AI\n---\n").aliases, ["AI"]);
}

/// The "suggest a list" advice is not a rule here.
#[test]
fn t156_comma_alias_is_one_alias() {
    assert_eq!(frontmatter("---\naliases: \"A, B\"\n---\n").aliases, ["A, B"]);
}

#[test]
fn t157_date_stays_text() {
    assert_eq!(props("---\ndate: 2020-08-21\n---\n")["date"], Value::String("2020-08-21".into()));
    let types = (".obsidian/types.json", r#"{"types": {"date": "date"}}"#);
    let type_errors = |text: &str| {
        findings(&[types, ("Src.md", text)], true).into_iter().filter(|(r, _)| *r == "property-type").count()
    };
    assert_eq!(type_errors("---\ndate: 2020-08-21\n---\n"), 0);
    assert_eq!(type_errors("---\ndate: 21/08/2020\n---\n"), 1);
}

// ---------------------------------------------------------------------------------------
// M. Configuration (§4)
// ---------------------------------------------------------------------------------------

/// Excluded files are not reported (they still resolve as targets: T-079).
#[test]
fn t166_user_ignore_filters() {
    let files = &[
        (".obsidian/app.json", r#"{"userIgnoreFilters": ["Templates/", "/\\.excalidraw\\.md$/", "  "]}"#),
        ("templates/Daily.md", "[[Gone]]\n"),
        ("Drawings/x.excalidraw.md", "[[Gone]]\n"),
        ("MyTemplates/x.md", "[[Gone]]\n"),
        ("Templates.md", "[[Gone]]\n"),
    ];
    let mut broken: Vec<String> =
        findings_in(files, true).into_iter().filter(|(_, r, _)| *r == "broken-link").map(|(p, ..)| p).collect();
    broken.sort();
    assert_eq!(broken, ["MyTemplates/x.md", "Templates.md"]);
}

/// The link-generation defaults (T-167 uses them) and `userIgnoreFilters = null`: nothing is
/// excluded. The new-file and attachment locations and `alwaysUpdateLinks` are not read here.
#[test]
fn t165_defaults_without_app_json() {
    let dir = tempfile::tempdir().unwrap();
    let settings = LinkSettings::load(dir.path());
    assert_eq!((settings.format, settings.markdown), (LinkFormat::Shortest, false));
    let files = &[("Templates/Daily.md", "[[Gone]]\n"), ("x.excalidraw.md", "[[Gone]]\n"), ("Src.md", "[[Gone]]\n")];
    let mut broken: Vec<String> =
        findings_in(files, true).into_iter().filter(|(_, r, _)| *r == "broken-link").map(|(p, ..)| p).collect();
    broken.sort();
    assert_eq!(broken, ["Src.md", "Templates/Daily.md", "x.excalidraw.md"]);
}

/// The link text written for a new link (`mv` rewrites links with it).
#[test]
fn t167_link_generation() {
    let files = &[("a/Note.md", ""), ("b/Note.md", ""), ("Unique.md", ""), ("c/My Note.md", ""), ("x/Src.md", "")];
    with_files(files, false, |vault, _| {
        let index = VaultIndex::build(vault);
        let id = |p: &str| vault.files.iter().position(|f| f.path == p).unwrap();
        let src = id("x/Src.md");
        let text = |target: &str, format: LinkFormat, markdown: bool| {
            link_text(vault, &index.names, id(target), src, format, markdown)
        };
        assert_eq!(text("a/Note.md", LinkFormat::Shortest, false), "a/Note", "not unique: the full path");
        assert_eq!(text("Unique.md", LinkFormat::Shortest, false), "Unique");
        assert_eq!(text("a/Note.md", LinkFormat::Relative, false), "../a/Note");
        assert_eq!(text("a/Note.md", LinkFormat::Absolute, false), "a/Note");
        assert_eq!(text("a/Note.md", LinkFormat::Relative, true), "../a/Note.md");
        assert_eq!(text("c/My Note.md", LinkFormat::Absolute, true), "c/My%20Note.md");
    });
}
