//! `wikilint tags` (issue 26): every tag with its count, inline and from the `tags` property,
//! nested as a tree, from the built binary on a vault written to a temporary folder.

use serde_json::{Value, json};
use std::fs;
use tempfile::TempDir;

mod support;
use support::{run_in, vault};

/// Inline tags, nested ones, the `tags` property in its list, flow and string forms, and the
/// places a `#word` is not a tag.
fn fixture() -> TempDir {
    vault(&[
        ("a.md", "---\ntags:\n  - project/a\n  - \"#Reading\"\n---\n# A\n\nWorking on #project and #project/b.\n"),
        ("b.md", "---\ntags: [project, idea]\n---\nMore #project/a here, #IDEA again.\n"),
        ("c.md", "---\nTAGS: reading\n---\nLone #solo.\n"),
        (
            "d.md",
            "Not tags: `#inline-code`, [[Note#heading]], [x](Other.md#frag), <!-- #html -->, word#glued.\n\n\
             ```\n#fenced\n```\n\nA %% #commented %% tag Obsidian still indexes.\n",
        ),
        ("notes/e.md", "---\ntags: tag1, tag2\n---\n#project/a/deep\n"),
        ("img.png", "#notatag"),
    ])
}

#[test]
fn human_output_is_a_tree_with_counts() {
    let dir = fixture();
    let out = run_in(dir.path(), &["tags"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "#commented           1\n\
         #idea                2\n\
         #project             6  (2 own)\n  \
           #project/a         3  (2 own)\n    \
             #project/a/deep  1\n  \
           #project/b         1\n\
         #Reading             2\n\
         #solo                1\n"
    );
}

#[test]
fn json_lists_each_tag_with_its_notes() {
    let dir = fixture();
    let out = run_in(dir.path(), &["tags", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let got: Value = serde_json::from_str(&out.stdout).unwrap();
    let tag = |tag: &str, count: usize, total: usize, notes: &[&str]| json!({ "tag": tag, "count": count, "total": total, "notes": notes });
    assert_eq!(
        got,
        json!({ "tags": [
            tag("commented", 1, 1, &["d.md"]),
            tag("idea", 2, 2, &["b.md"]),
            tag("project", 2, 6, &["a.md", "b.md"]),
            tag("project/a", 2, 3, &["a.md", "b.md"]),
            tag("project/a/deep", 1, 1, &["notes/e.md"]),
            tag("project/b", 1, 1, &["a.md"]),
            tag("Reading", 2, 2, &["a.md", "c.md"]),
            tag("solo", 1, 1, &["c.md"]),
        ]})
    );
}

#[test]
fn code_links_html_comments_and_attachments_hold_no_tags() {
    let dir = fixture();
    let out = run_in(dir.path(), &["tags", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("\"project/a/deep\""), "{}", out.stdout);
    for not_a_tag in ["inline-code", "heading", "frag", "html", "glued", "fenced", "notatag", "tag1", "tag2"] {
        assert!(!out.stdout.contains(not_a_tag), "{not_a_tag} was counted:\n{}", out.stdout);
    }
}

#[test]
fn a_path_narrows_the_notes_counted() {
    let dir = fixture();
    let out = run_in(dir.path(), &["tags", "notes"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "#project             1  (0 own)\n  #project/a         1  (0 own)\n    #project/a/deep  1\n"
    );
}

#[test]
fn excluded_notes_are_not_counted_and_vault_flag_is_honoured() {
    let dir = vault(&[("keep.md", "#kept\n"), ("Templates/t.md", "#template\n")]);
    fs::write(dir.path().join(".obsidian/app.json"), r#"{"userIgnoreFilters": ["Templates/"]}"#).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let out = run_in(elsewhere.path(), &["tags", "--vault", root]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "#kept  1\n");
}

#[test]
fn a_vault_without_tags_says_so() {
    let dir = vault(&[("a.md", "no tags\n")]);
    let out = run_in(dir.path(), &["tags"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("no tags"), "{}", out.stderr);
    let json = run_in(dir.path(), &["tags", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json.stdout).unwrap(), json!({ "tags": [] }));
}
