//! `wikilint mv "Note#Heading" …` when the heading's own text holds a `#` (a tag in the
//! heading, `## Plans #project`). In a link, `#` separates a heading from its sub-headings,
//! so Obsidian links to such a heading without it (`[[A#Plans project]]`, spec §3.6); `mv`
//! takes the heading by its exact text, and rewrites the links that lead to it.

mod support;

use std::fs;

use support::{ok, run_in, vault};

fn read(dir: &std::path::Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn a_heading_holding_a_tag_is_renamed_by_its_exact_text() {
    let dir = vault(&[
        ("A.md", "# Plans #project\ntext [[#Plans project]]\n"),
        ("B.md", "[[A#Plans project]], [[A#plans project|shown]] and [p](A.md#Plans%20project)\n"),
    ]);
    let root = dir.path();
    ok(root, &["mv", "A#Plans #project", "A#Plans #work"]);
    assert_eq!(read(root, "A.md"), "# Plans #work\ntext [[#Plans work]]\n");
    assert_eq!(read(root, "B.md"), "[[A#Plans work]], [[A#Plans work|shown]] and [p](A.md#Plans%20work)\n");
    let out = run_in(root, &["check", "--format", "concise", "."]);
    assert!(!out.stdout.contains("broken-heading"), "{}", out.stdout);
    // The new tag is the heading's: the note is tagged #work, no longer #project.
    let tags = ok(root, &["tags", "."]);
    assert!(tags.contains("work") && !tags.contains("project"), "{tags}");
}

#[test]
fn the_whole_text_wins_over_a_chain_and_links_move_as_they_resolve() {
    // `Plans #project` also reads as the chain Plans > project, which a link written that way
    // reaches (Obsidian splits a link's subpath on every `#`): that link and that heading stay.
    let dir = vault(&[
        ("A.md", "# Plans\n## project\n# Plans #project\n"),
        ("B.md", "[[A#Plans #project]] [[A#Plans#project]] [[A#Plans project]]\n"),
    ]);
    let root = dir.path();
    ok(root, &["mv", "A#Plans #project", "A#Plans #work"]);
    assert_eq!(read(root, "A.md"), "# Plans\n## project\n# Plans #work\n");
    assert_eq!(read(root, "B.md"), "[[A#Plans #project]] [[A#Plans#project]] [[A#Plans work]]\n");
}

#[test]
fn a_chain_is_still_a_chain_when_no_heading_has_the_whole_text() {
    let dir = vault(&[("A.md", "# Plans\n## project\n"), ("B.md", "[[A#Plans#project]]\n")]);
    let root = dir.path();
    ok(root, &["mv", "A#Plans #project", "A#Plans#tasks"]);
    assert_eq!(read(root, "A.md"), "# Plans\n## tasks\n");
    assert_eq!(read(root, "B.md"), "[[A#Plans#tasks]]\n");
}

#[test]
fn a_tag_may_leave_the_heading_renamed_by_its_exact_text() {
    let dir = vault(&[("A.md", "## Plans #project\n"), ("B.md", "[[A#Plans project]]\n")]);
    let root = dir.path();
    ok(root, &["mv", "A#Plans #project", "#Plans"]);
    assert_eq!(read(root, "A.md"), "## Plans\n");
    assert_eq!(read(root, "B.md"), "[[A#Plans]]\n");
}

#[test]
fn a_missing_heading_is_still_refused_with_the_list() {
    let dir = vault(&[("A.md", "# Plans #project\n")]);
    let root = dir.path();
    let out = run_in(root, &["mv", "A#Plans #other", "A#Plans #work"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("has no heading \"Plans #other\""), "{}", out.stderr);
    assert_eq!(read(root, "A.md"), "# Plans #project\n");
}

#[test]
fn a_new_text_the_heading_line_would_not_read_back_is_refused() {
    // `# Plans #` closes the heading: its text would be `Plans`. `#` alone is no text a link can name.
    for new in ["A#Plans #", "A##", "A#Plans #a|b"] {
        let dir = vault(&[("A.md", "# Plans #project\n"), ("B.md", "[[A#Plans project]]\n")]);
        let root = dir.path();
        let out = run_in(root, &["mv", "A#Plans #project", new]);
        assert_eq!(out.code, Some(2), "{new}: {}", out.stderr);
        assert!(out.stderr.contains("refused"), "{new}: {}", out.stderr);
        assert_eq!(read(root, "A.md"), "# Plans #project\n", "{new}");
        assert_eq!(read(root, "B.md"), "[[A#Plans project]]\n", "{new}");
    }
}
