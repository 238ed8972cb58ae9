//! `wikilint orphans --attachments` (issue 26): the images, audio, video and PDFs no file
//! reaches. Every way Obsidian links to a file counts, hidden links and links from files that
//! are not reported on included; canvases, `.base` files and other types are never listed.

use std::fs;
use tempfile::TempDir;

mod support;
use support::{ok, write_files};

const HOME: &str = r#"---
cover: "[[cover.png]]"
---
A wikilink to [[paper.pdf]], an embed with a size ![[sized.png|200]],
a Markdown image ![photo](Media/my%20photo.jpg) and a link with an angle-bracket destination
[clip](<Media/spaced clip.mp4>).

%% ![[in comment.png]] %%

```ad-note
![[in admonition.png]]
```
"#;

const BOARD: &str = r#"{
  "nodes": [
    {"id": "1", "type": "file", "file": "Media/card.png", "x": 0, "y": 0, "width": 100, "height": 100},
    {"id": "2", "type": "text", "text": "Listen: ![[song.mp3]]", "x": 200, "y": 0, "width": 100, "height": 100}
  ],
  "edges": []
}"#;

/// One attachment per way of being used, two unused ones (one in a subfolder), and files that
/// are never listed: a canvas, a `.base`, a text file, an unused image in an excluded folder.
fn vault() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &[u8])] = &[
        (".obsidian/templates.json", br#"{"folder": "Templates"}"#),
        ("wikilint.toml", b"exclude = [\"Archive/**\"]\n"),
        ("Home.md", HOME.as_bytes()),
        ("Board.canvas", BOARD.as_bytes()),
        ("Templates/Daily.md", b"![[template.png]]\n"),
        ("Archive/Old.md", b"![[from excluded.webp]]\n"),
        ("cover.png", b"png"),
        ("paper.pdf", b"pdf"),
        ("sized.png", b"png"),
        ("Media/my photo.jpg", b"jpg"),
        ("Media/spaced clip.mp4", b"mp4"),
        ("in comment.png", b"png"),
        ("in admonition.png", b"png"),
        ("Media/card.png", b"png"),
        ("song.mp3", b"mp3"),
        ("template.png", b"png"),
        ("from excluded.webp", b"webp"),
        ("unused.png", b"png"),
        ("Media/Sub/Unused scan.pdf", b"pdf"),
        ("Archive/old.png", b"png"),
        ("Unlinked.canvas", b"{\"nodes\":[],\"edges\":[]}"),
        ("Books.base", b"views: []\n"),
        ("notes.txt", b"text"),
    ];
    write_files(dir.path(), files);
    dir
}

#[test]
fn lists_exactly_the_unused_attachments() {
    let dir = vault();
    let out = ok(dir.path(), &["orphans", "--attachments"]);
    assert_eq!(out, "Media/Sub/Unused scan.pdf\nunused.png\n");
}

#[test]
fn json_counts_the_attachments_and_lists_the_unused() {
    let dir = vault();
    let out = ok(dir.path(), &["orphans", "--attachments", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Every image, audio, video and PDF of the vault, the excluded folder's included.
    assert_eq!(doc, serde_json::json!({ "attachments": 14, "unused": ["Media/Sub/Unused scan.pdf", "unused.png"] }));
}

#[test]
fn a_path_limits_the_list() {
    let dir = vault();
    assert_eq!(ok(dir.path(), &["orphans", "--attachments", "Media"]), "Media/Sub/Unused scan.pdf\n");
}

#[test]
fn notes_are_not_listed_with_attachments_nor_attachments_without() {
    let dir = vault();
    fs::write(dir.path().join("Lonely.md"), "nobody links here\n").unwrap();
    let notes = ok(dir.path(), &["orphans"]);
    assert!(!notes.contains("unused.png"), "{notes}");
    assert!(notes.contains("Lonely.md"), "{notes}");
    let attachments = ok(dir.path(), &["orphans", "--attachments"]);
    assert!(!attachments.contains("Lonely.md"), "{attachments}");
}

#[test]
fn a_link_that_stops_counting_makes_the_attachment_unused() {
    let dir = vault();
    fs::write(dir.path().join("Templates/Daily.md"), "no image any more\n").unwrap();
    let out = ok(dir.path(), &["orphans", "--attachments"]);
    assert_eq!(out, "Media/Sub/Unused scan.pdf\ntemplate.png\nunused.png\n");
}

#[test]
fn the_types_considered_come_from_wikilint_toml() {
    let dir = vault();
    // A leading dot and any casing are accepted; the list replaces the default one.
    let toml = "exclude = [\"Archive/**\"]\n\n[attachments]\nextensions = [\"pdf\", \".TXT\"]\n";
    fs::write(dir.path().join("wikilint.toml"), toml).unwrap();
    assert_eq!(ok(dir.path(), &["orphans", "--attachments"]), "Media/Sub/Unused scan.pdf\nnotes.txt\n");
    let doc: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["orphans", "--attachments", "--format", "json"])).unwrap();
    assert_eq!(doc["attachments"], 3, "paper.pdf, the unused scan and notes.txt: {doc}");
}

#[test]
fn an_extension_that_cannot_be_an_attachment_type_is_an_error_pointing_at_it() {
    for (bad, says) in [("md", "notes"), ("tar.gz", "one extension"), ("", "empty"), ("a/b", "one extension")] {
        let dir = vault();
        let toml = format!("[attachments]\nextensions = [\"png\", \"{bad}\"]\n");
        fs::write(dir.path().join("wikilint.toml"), &toml).unwrap();
        let out = support::run_in(dir.path(), &["orphans", "--attachments"]);
        assert_eq!(out.code, Some(2), "{bad:?}: {}", out.stdout);
        assert!(out.stderr.contains("wikilint.toml") && out.stderr.contains(says), "{bad:?}: {}", out.stderr);
        assert!(out.stderr.contains("2:"), "points at line 2: {}", out.stderr);
    }
    let dir = vault();
    fs::write(dir.path().join("wikilint.toml"), "[attachments]\nextension = [\"png\"]\n").unwrap();
    assert_eq!(support::run_in(dir.path(), &["orphans", "--attachments"]).code, Some(2), "an unknown key");
}
