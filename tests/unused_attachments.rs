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

// The rule `unused-attachment`: the same files, as findings of `check`.

#[test]
fn the_rule_is_off_by_default_and_reports_the_same_files_when_selected() {
    let dir = vault();
    let plain = support::run_in(dir.path(), &["check", "--format", "concise"]);
    assert!(!plain.stdout.contains("unused-attachment"), "off by default: {}", plain.stdout);
    let out = support::run_in(dir.path(), &["check", "--format", "concise", "--select", "unused-attachment"]);
    assert_eq!(out.code, Some(0), "an info finding does not fail the check: {}", out.stderr);
    let found: Vec<&str> = out.stdout.lines().filter(|l| l.contains("[unused-attachment]")).collect();
    assert_eq!(
        found,
        [
            "Media/Sub/Unused scan.pdf:1:1: info[unused-attachment] no file links to this attachment",
            "unused.png:1:1: info[unused-attachment] no file links to this attachment",
        ]
    );
    let json = support::run_in(dir.path(), &["check", "--format", "json", "--select", "WL203"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let first = &doc["diagnostics"][0];
    assert_eq!((first["path"].as_str(), first["code"].as_str()), (Some("Media/Sub/Unused scan.pdf"), Some("WL203")));
    assert_eq!((first["byte_start"].as_u64(), first["byte_end"].as_u64()), (Some(0), Some(0)), "{first}");
}

#[test]
fn a_level_turns_the_rule_on_and_per_file_ignores_keep_a_folder_out() {
    let dir = vault();
    let toml = "exclude = [\"Archive/**\"]\n[severity]\nunused-attachment = \"warning\"\n\
                [per-file-ignores]\n\"Media/\" = [\"unused-attachment\"]\n";
    fs::write(dir.path().join("wikilint.toml"), toml).unwrap();
    let out = support::run_in(dir.path(), &["check", "--format", "concise"]);
    let found: Vec<&str> = out.stdout.lines().filter(|l| l.contains("[unused-attachment]")).collect();
    assert_eq!(found, ["unused.png:1:1: warning[unused-attachment] no file links to this attachment"]);
}

#[test]
fn the_human_report_never_reads_an_attachment_as_text() {
    let dir = vault();
    // A real PNG header and a PDF's first line: what a text snippet would print.
    fs::write(dir.path().join("unused.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0binary\n").unwrap();
    fs::write(dir.path().join("Media/Sub/Unused scan.pdf"), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").unwrap();
    let out = support::run_in(dir.path(), &["check", "--select", "unused-attachment"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for shown in ["unused.png", "Media/Sub/Unused scan.pdf", "no file links to this attachment"] {
        assert!(out.stdout.contains(shown), "{shown:?} missing:\n{}", out.stdout);
    }
    for bytes in ["IHDR", "PDF-1.7", "obj", "binary"] {
        assert!(!out.stdout.contains(bytes), "the file was shown as text ({bytes}):\n{}", out.stdout);
    }
}

#[test]
fn a_baseline_records_and_then_silences_the_rule() {
    let dir = vault();
    let base = dir.path().join("baseline.json");
    let base = base.to_str().unwrap();
    let out = support::run_in(dir.path(), &["check", "--select", "unused-attachment", "--write-baseline", base]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = support::run_in(
        dir.path(),
        &["check", "--select", "unused-attachment", "--baseline", base, "--format", "concise"],
    );
    assert!(!out.stdout.contains("unused-attachment"), "{}", out.stdout);
    fs::write(dir.path().join("new.png"), b"png").unwrap();
    let out = support::run_in(
        dir.path(),
        &["check", "--select", "unused-attachment", "--baseline", base, "--format", "concise"],
    );
    let found: Vec<&str> = out.stdout.lines().filter(|l| l.contains("[unused-attachment]")).collect();
    assert_eq!(found, ["new.png:1:1: info[unused-attachment] no file links to this attachment"]);
}
