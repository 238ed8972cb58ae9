//! `wikilint inspect` and `wikilint links` in Obsidian's shapes, on vault-fixtures/inspect:
//! UTF-16 positions after emoji and CJK text, tags after escapes, an empty frontmatter,
//! block ids on list items, and a canvas with text and file cards.

use assert_cmd::Command;
use serde_json::Value;

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap_or(-1))
}

fn inspect() -> Value {
    let (out, code) = run(&["inspect", "vault-fixtures/inspect", "--format", "json"]);
    assert_eq!(code, 0);
    serde_json::from_str(&out).unwrap()
}

fn start(v: &Value) -> (u64, u64, u64) {
    let s = &v["position"]["start"];
    (s["line"].as_u64().unwrap(), s["col"].as_u64().unwrap(), s["offset"].as_u64().unwrap())
}

#[test]
fn inspect_snapshot() {
    let (out, _) = run(&["inspect", "vault-fixtures/inspect", "--format", "json"]);
    insta::assert_snapshot!(out);
}

#[test]
fn positions_are_utf16_and_zero_based() {
    let all = inspect();
    let links = all["Positions.md"]["links"].as_array().unwrap();
    let target = links.iter().find(|l| l["original"] == "[[Target]]").unwrap();
    // Line 11: "Emoji first 😀😀 then [[Target]]": each emoji is two UTF-16 units.
    let (line, col, _) = start(target);
    assert_eq!((line, col), (11, 22));
    let missing = links.iter().find(|l| l["original"] == "[[Missing note]]").unwrap();
    let (_, col, offset) = start(missing);
    assert_eq!(col, 22 + 10 + " and ".len() as u64 + 4 + 1);
    // The offset counts UTF-16 units from the start of the file.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/vault-fixtures/inspect/Positions.md")).unwrap();
    let byte = text.find("[[Missing note]]").unwrap();
    assert_eq!(offset as usize, text[..byte].encode_utf16().count());
}

#[test]
fn tags_follow_obsidian() {
    let all = inspect();
    let tags: Vec<&str> =
        all["Positions.md"]["tags"].as_array().unwrap().iter().map(|t| t["tag"].as_str().unwrap()).collect();
    // `[[#Heading]]` is a link, not a tag; a `#` after an escaped character starts a tag.
    assert_eq!(tags, ["#tag-after-cjk", "#task", "#Escaped"]);
}

#[test]
fn empty_frontmatter_is_no_frontmatter() {
    let all = inspect();
    assert!(all["Empty Frontmatter.md"].get("frontmatter").is_none());
    assert!(all["Empty Frontmatter.md"].get("frontmatterPosition").is_none());
    let fm = &all["Positions.md"]["frontmatter"];
    assert_eq!(fm["count"], 3);
    assert_eq!(fm["done"], false);
    assert!(fm["empty"].is_null());
    let keys: Vec<&str> = all["Positions.md"]["frontmatterLinks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["up", "related.0", "related.1"]);
}

#[test]
fn block_of_a_list_item_is_the_item() {
    let all = inspect();
    let item = &all["Positions.md"]["blocks"]["item-1"];
    assert_eq!(start(item).1, 0, "the block starts at the list marker");
}

#[test]
fn links_obsidian_snapshot_counts_canvas_cards() {
    let (out, code) = run(&["links", "vault-fixtures/inspect", "--format", "obsidian"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["resolvedLinks"]["Cards/Board.canvas"]["Target.md"], 2);
    assert_eq!(v["unresolvedLinks"]["Cards/Board.canvas"]["Nowhere"], 1);
    assert_eq!(v["unresolvedLinks"]["Cards/Board.canvas"]["Cards/Gone"], 1);
}

#[test]
fn links_tsv_snapshot() {
    let (out, _) = run(&["links", "vault-fixtures/inspect", "--format", "tsv"]);
    insta::assert_snapshot!(out);
}

#[test]
fn check_reports_canvas_problems_at_the_card() {
    let (out, code) =
        run(&["check", "vault-fixtures/inspect", "--format", "concise", "--select", "broken-link,invalid-canvas"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Cards/Board.canvas:3:") && l.contains("broken-link") && l.contains("Nowhere")),
        "{out}"
    );
    assert!(lines.iter().any(|l| l.starts_with("Cards/Board.canvas:5:") && l.contains("Cards/Gone.md")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("Cards/Broken.canvas:1:") && l.contains("invalid-canvas")), "{out}");
}
