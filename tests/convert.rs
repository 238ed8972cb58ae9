//! `wikilint convert --to markdown|wikilink` (issue 26): every link rewritten in the other
//! syntax, in Obsidian's forms, with the resolved link graph unchanged; run as the built binary
//! on vaults written to temporary folders.

use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod support;
use support::{Out, ok, run_in, vault, write_files};

fn read(dir: &TempDir, rel: &str) -> String {
    fs::read_to_string(dir.path().join(rel)).unwrap()
}

fn expect(out: Out, code: i32) -> Out {
    assert_eq!(out.code, Some(code), "stdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
    out
}

/// `links --format obsidian`: Obsidian's resolvedLinks and unresolvedLinks maps.
fn graph(dir: &Path) -> String {
    ok(dir, &["links", "--format", "obsidian"])
}

/// Every file's bytes, to show that nothing was written.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push((entry.path().display().to_string(), fs::read(entry.path()).unwrap()));
        }
    }
    out
}

fn people() -> Vec<(&'static str, &'static str)> {
    vec![
        ("People/Lenin.md", "# Lenin\n\n## Early life\n\nBorn in Simbirsk. ^birth\n"),
        ("Marx.md", "# Marx\n"),
        ("A/Dup.md", "a\n"),
        ("B/Dup.md", "b\n"),
    ]
}

fn people_vault(extra: &[(&'static str, &'static str)]) -> TempDir {
    let mut files = people();
    files.extend_from_slice(extra);
    let dir = vault(&files);
    write_files(dir.path(), &[("img/photo one.png", b"\x89PNG")]);
    dir
}

const WIKI_INDEX: &str = "\
See [[Lenin]] and [[Marx|the old man]].
Heading: [[Lenin#Early life]]. Block: [[People/Lenin#^birth]].
Same note: [[#Intro]].
![[photo one.png]] and ![[photo one.png|100]] and ![[Marx]]
Shared name: [[A/Dup]]. Not written yet: [[Forward note]].

# Intro
";

#[test]
fn wikilinks_become_markdown_links_in_obsidians_form() {
    let dir = people_vault(&[("Index.md", WIKI_INDEX)]);
    let before = graph(dir.path());
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(
        read(&dir, "Index.md"),
        "\
See [Lenin](Lenin.md) and [the old man](Marx.md).
Heading: [Lenin > Early life](Lenin.md#Early%20life). Block: [People/Lenin > ^birth](Lenin.md#^birth).
Same note: [Intro](#Intro).
![](photo%20one.png) and ![100](photo%20one.png) and ![](Marx.md)
Shared name: [A/Dup](A/Dup.md). Not written yet: [Forward note](Forward%20note.md).

# Intro
"
    );
    assert!(out.stdout.contains("converted 10 links to Markdown in 1 file"), "{}", out.stdout);
    assert_eq!(graph(dir.path()), before);
}

const MARKDOWN_INDEX: &str = "\
See [Lenin](People/Lenin.md) and [the old man](Marx.md).
[Lenin > Early life](People/Lenin.md#Early%20life) and [x](<People/Lenin.md#Early life>).
[Intro](#Intro) ![](img/photo%20one.png) ![alt|100](../img/photo%20one.png)
[web](https://example.com) <https://example.org> [Forward note](Forward%20note.md) [later](Later)
[A/Dup](A/Dup.md) [](Marx.md)

# Intro
";

#[test]
fn markdown_links_become_wikilinks_in_obsidians_form() {
    let dir = people_vault(&[("Notes/Index.md", MARKDOWN_INDEX)]);
    let before = graph(dir.path());
    let out = expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(
        read(&dir, "Notes/Index.md"),
        "\
See [[Lenin]] and [[Marx|the old man]].
[[Lenin#Early life]] and [[Lenin#Early life|x]].
[[#Intro]] ![[photo one.png]] ![[photo one.png|alt|100]]
[web](https://example.com) <https://example.org> [[Forward note]] [[Later|later]]
[[A/Dup]] [[Marx|]]

# Intro
"
    );
    assert!(out.stdout.contains("converted 11 links to wikilinks in 1 file"), "{}", out.stdout);
    assert_eq!(graph(dir.path()), before);
}

#[test]
fn the_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = people_vault(&[("Index.md", WIKI_INDEX)]);
    let files = snapshot(dir.path());
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown"]), 0);
    assert!(out.stdout.contains("--- a/Index.md\n+++ b/Index.md\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\n-See [[Lenin]] and [[Marx|the old man]].\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\n+See [Lenin](Lenin.md) and [the old man](Marx.md).\n"), "{}", out.stdout);
    assert!(out.stdout.contains("would convert 10 links to Markdown in 1 file"), "{}", out.stdout);
    assert!(out.stdout.contains("dry run: nothing was written"), "{}", out.stdout);
    assert_eq!(snapshot(dir.path()), files);
}

#[test]
fn there_and_back_keeps_the_link_graph_and_the_text() {
    let dir = people_vault(&[
        ("Index.md", WIKI_INDEX),
        (
            "Notes/Other.md",
            "[[Dup]] from here, [[../Marx]], [[People/Lenin#Early life|early]], ![[Lenin#Early life]]\n",
        ),
        ("Notes/Dup.md", "the near one\n"),
    ]);
    let before = graph(dir.path());
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(graph(dir.path()), before);
    assert!(!read(&dir, "Notes/Other.md").contains("[["), "{}", read(&dir, "Notes/Other.md"));
    expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(graph(dir.path()), before);
    assert_eq!(read(&dir, "Index.md"), WIKI_INDEX);
    // Paths come back in the vault's format (shortest), or as the display text writes them when
    // that leads to the same file (no tie-break relied on): the text shown is kept.
    assert_eq!(
        read(&dir, "Notes/Other.md"),
        "[[Notes/Dup|Dup]] from here, [[../Marx]], [[Lenin#Early life|early]], ![[Lenin#Early life]]\n"
    );
}

#[test]
fn code_math_and_comments_are_left_alone() {
    let text = "`[[Marx]]` and $[[Marx]]$ and %% [[Marx]] %% and [[Marx]]\n\n```\n[[Marx]]\n```\n\n    [[Marx]]\n";
    let dir = people_vault(&[("Index.md", text)]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(
        read(&dir, "Index.md"),
        "`[[Marx]]` and $[[Marx]]$ and %% [[Marx]] %% and [Marx](Marx.md)\n\n```\n[[Marx]]\n```\n\n    [[Marx]]\n"
    );
    assert!(out.stdout.contains("converted 1 link to Markdown in 1 file"), "{}", out.stdout);
    assert!(out.stdout.contains("1 link inside %% comments left as written"), "{}", out.stdout);
}

#[test]
fn links_in_table_cells_escape_their_pipes() {
    let table = "| who | link |\n|---|---|\n| a | [[Marx\\|the old man]] |\n| b | [[Lenin]] |\n";
    let dir = people_vault(&[("Index.md", table)]);
    let before = graph(dir.path());
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(
        read(&dir, "Index.md"),
        "| who | link |\n|---|---|\n| a | [the old man](Marx.md) |\n| b | [Lenin](Lenin.md) |\n"
    );
    expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), table);
    assert_eq!(graph(dir.path()), before);
}

#[test]
fn links_in_properties_stay_wikilinks() {
    let text = "---\nup: \"[[Marx]]\"\nrelated:\n  - \"[[Lenin]]\"\n---\nBody [[Marx]]\n";
    let dir = people_vault(&[("Index.md", text)]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(
        read(&dir, "Index.md"),
        "---\nup: \"[[Marx]]\"\nrelated:\n  - \"[[Lenin]]\"\n---\nBody [Marx](Marx.md)\n"
    );
    assert!(out.stdout.contains("2 links in properties kept as wikilinks"), "{}", out.stdout);
}

#[test]
fn markdown_links_in_properties_become_wikilinks() {
    let text = "---\nup: \"[the old man](Marx.md)\"\nside: '[Lenin](People/Lenin.md)'\n---\nBody\n";
    let dir = people_vault(&[("Index.md", text)]);
    let before = graph(dir.path());
    expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), "---\nup: \"[[Marx|the old man]]\"\nside: '[[Lenin]]'\n---\nBody\n");
    assert_eq!(graph(dir.path()), before);
}

#[test]
fn line_endings_and_byte_order_mark_are_kept() {
    let dir = people_vault(&[("Index.md", "\u{FEFF}Line [[Marx]]\r\nNext [[Lenin|x]]\r\n")]);
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), "\u{FEFF}Line [Marx](Marx.md)\r\nNext [x](Lenin.md)\r\n");
}

#[test]
fn a_link_whose_heading_is_linked_to_is_left_and_reported() {
    let dir = people_vault(&[
        ("Topic.md", "# See [[Marx]]\n\nText [[Marx]].\n\n## Other [[Lenin]]\n"),
        ("Reader.md", "Go to [[Topic#See Marx]].\n"),
    ]);
    let before = graph(dir.path());
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 1);
    assert_eq!(
        read(&dir, "Topic.md"),
        "# See [[Marx]]\n\nText [Marx](Marx.md).\n\n## Other [Lenin](Lenin.md)\n",
        "only the link in the heading another note links to stays"
    );
    assert_eq!(read(&dir, "Reader.md"), "Go to [Topic > See Marx](Topic.md#See%20Marx).\n");
    assert!(out.stdout.contains("Topic.md:1:7: [[Marx]] left as it is:"), "{}", out.stdout);
    assert!(out.stdout.contains("heading"), "{}", out.stdout);
    assert_eq!(graph(dir.path()), before);
    // The heading link still finds its heading.
    let check = run_in(dir.path(), &["check", "--select", "broken-heading", "--format", "concise"]);
    assert!(!check.stdout.contains("Reader.md"), "{}", check.stdout);
}

#[test]
fn what_a_wikilink_cannot_hold_is_left_and_reported() {
    let text = "\
[tip](Marx.md \"a title\")
x[**bold**](Marx.md)
[two
lines](Marx.md)
[`code`](Marx.md) [a *b*](Marx.md)
[plain](Marx.md)
";
    let dir = people_vault(&[("Index.md", text)]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 1);
    assert_eq!(read(&dir, "Index.md"), text.replace("[plain](Marx.md)", "[[Marx|plain]]"));
    let left = [
        ("1:1", "[tip](Marx.md \"a title\")", "title"),
        ("2:2", "[**bold**](Marx.md)", "formatting"),
        ("3:1", "[two\\nlines](Marx.md)", "one line"),
        ("5:1", "[`code`](Marx.md)", "code"),
        ("5:19", "[a *b*](Marx.md)", "formatting"),
    ];
    for (at, original, why) in left {
        let prefix = format!("Index.md:{at}: {original} left as it is:");
        let line = out.stdout.lines().find(|l| l.starts_with(&prefix));
        assert!(line.is_some_and(|l| l.contains(why)), "no {prefix:?} ({why}) in\n{}", out.stdout);
    }
    assert!(out.stdout.contains("converted 1 link to wikilinks in 1 file"), "{}", out.stdout);
    assert!(out.stdout.contains("5 links left as they are"), "{}", out.stdout);
}

#[test]
fn emphasis_around_the_whole_text_goes_around_the_wikilink() {
    let dir = people_vault(&[("Index.md", "Read [**Lenin**](People/Lenin.md), then [*the old man*](Marx.md).\n")]);
    let before = graph(dir.path());
    expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), "Read **[[Lenin]]**, then *[[Marx|the old man]]*.\n");
    assert_eq!(graph(dir.path()), before);
}

#[test]
fn display_text_with_markdown_characters_is_escaped() {
    let dir = people_vault(&[("Index.md", "[[Marx|a [b] *c* my_note]] and [[Lenin|#tag]]\n")]);
    let before = graph(dir.path());
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    let text = read(&dir, "Index.md");
    assert_eq!(text, "[a \\[b\\] \\*c\\* my\\_note](Marx.md) and [\\#tag](Lenin.md)\n");
    assert_eq!(graph(dir.path()), before);
    let tags = run_in(dir.path(), &["tags"]);
    assert!(!tags.stdout.contains("#tag"), "no tag appears: {}", tags.stdout);
}

#[test]
fn paths_follow_the_vaults_link_format_or_the_override() {
    let files =
        [("Notes/Index.md", "[[Lenin]] [[Marx]]\n"), (".obsidian/app.json", "{\"newLinkFormat\": \"absolute\"}")];
    let dir = people_vault(&files);
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(read(&dir, "Notes/Index.md"), "[Lenin](People/Lenin.md) [Marx](Marx.md)\n");

    let dir = people_vault(&files);
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write", "--link-format", "relative"]), 0);
    assert_eq!(read(&dir, "Notes/Index.md"), "[Lenin](../People/Lenin.md) [Marx](../Marx.md)\n");
}

#[test]
fn the_paths_given_limit_the_notes_rewritten() {
    let dir = people_vault(&[
        ("Index.md", "[[Marx]]\n"),
        ("Notes/Other.md", "[[Lenin]]\n"),
        ("Notes/Third.md", "[[Lenin]]\n"),
    ]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write", "Notes/Other.md"]), 0);
    assert_eq!(read(&dir, "Index.md"), "[[Marx]]\n");
    assert_eq!(read(&dir, "Notes/Other.md"), "[Lenin](Lenin.md)\n");
    assert_eq!(read(&dir, "Notes/Third.md"), "[[Lenin]]\n");
    assert!(out.stdout.contains("in 1 file"), "{}", out.stdout);
    expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write", "Notes"]), 0);
    assert_eq!(read(&dir, "Notes/Third.md"), "[Lenin](Lenin.md)\n");
    assert_eq!(read(&dir, "Index.md"), "[[Marx]]\n");
}

#[cfg(unix)]
#[test]
fn a_read_only_note_is_refused_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = people_vault(&[("Index.md", "[[Marx]]\n"), ("Locked.md", "[[Lenin]]\n")]);
    let locked = dir.path().join("Locked.md");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let files = snapshot(dir.path());
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 2);
    assert!(out.stderr.contains("Locked.md is read-only"), "{}", out.stderr);
    assert_eq!(snapshot(dir.path()), files);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn nothing_to_convert_is_said() {
    let dir = people_vault(&[("Index.md", "[Marx](Marx.md)\n")]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown"]), 0);
    assert!(out.stdout.contains("no link to convert"), "{}", out.stdout);
}

#[test]
fn to_is_required() {
    let dir = people_vault(&[]);
    let out = run_in(dir.path(), &["convert"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--to"), "{}", out.stderr);
}

#[test]
fn obsidians_setting_for_new_links_is_mentioned_when_it_disagrees() {
    let dir = people_vault(&[("Index.md", "[[Marx]]\n")]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown"]), 0);
    assert!(out.stdout.contains("Use [[Wikilinks]]") && out.stdout.contains("useMarkdownLinks"), "{}", out.stdout);

    let dir = people_vault(&[("Index.md", "[[Marx]]\n"), (".obsidian/app.json", "{\"useMarkdownLinks\": true}")]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown"]), 0);
    assert!(!out.stdout.contains("useMarkdownLinks"), "{}", out.stdout);
}

#[test]
fn an_image_inside_a_link_is_left_with_its_link() {
    let text = "[![alt](img/photo%20one.png)](Marx.md) and [Marx](Marx.md)\n";
    let dir = people_vault(&[("Index.md", text)]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 1);
    assert_eq!(read(&dir, "Index.md"), "[![alt](img/photo%20one.png)](Marx.md) and [[Marx]]\n");
    assert!(
        out.stdout.contains("Index.md:1:1: [![alt](img/photo%20one.png)](Marx.md) left as it is: it overlaps"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Index.md:1:2: ![alt](img/photo%20one.png) left as it is: it overlaps"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_text_that_names_the_file_in_another_case_stays_the_text() {
    let dir = people_vault(&[("Index.md", "[marx](Marx.md) [Marx](Marx.md) [people/lenin](People/Lenin.md)\n")]);
    expect(run_in(dir.path(), &["convert", "--to", "wikilink", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), "[[Marx|marx]] [[Marx]] [[Lenin|people/lenin]]\n");
    let check = run_in(dir.path(), &["check", "--format", "concise"]);
    assert!(!check.stdout.contains("link-case-mismatch"), "{}", check.stdout);
}

#[test]
fn links_in_admonitions_are_converted_and_canvases_are_left() {
    let canvas =
        r#"{"nodes":[{"id":"a","type":"text","text":"See [[Marx]]","x":0,"y":0,"width":100,"height":50}],"edges":[]}"#;
    let dir = people_vault(&[
        ("Index.md", "```ad-note\ntitle: Who\nSee [[Marx|the old man]].\n```\n"),
        ("Board.canvas", canvas),
    ]);
    let out = expect(run_in(dir.path(), &["convert", "--to", "markdown", "--write"]), 0);
    assert_eq!(read(&dir, "Index.md"), "```ad-note\ntitle: Who\nSee [the old man](Marx.md).\n```\n");
    assert_eq!(read(&dir, "Board.canvas"), canvas);
    assert!(out.stdout.contains("1 link in canvas cards left as written"), "{}", out.stdout);
}
