//! End to end: the real `wikilint watch --format json`, edited while it runs. Its findings
//! (the initial batch with every later batch's new, resolved and changed applied) and its
//! totals must equal a fresh `wikilint check --format json` once the changes settle; and
//! it reloads only for the settings `check` reads.

mod watch_support;

use std::time::Duration;
use watch_support::{PATIENCE, Watch, vault};

/// A note replaced by a folder of the same name within one debounce window, and back: the
/// debouncer hands over one event for the path (and drops the deletes of the folder's notes).
#[test]
fn a_file_swapped_with_a_folder_of_the_same_name_leaves_no_ghost() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] [[Inner]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let mut watch = Watch::start(root, &[]);

    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    std::fs::create_dir(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md/Inner.md"), "[[Ghost]]\n").unwrap();
    watch.agrees_with_check(root, "file -> folder");

    std::fs::remove_dir_all(root.join("Lenin.md")).unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin again\n").unwrap();
    watch.agrees_with_check(root, "folder -> file");
    watch.stop();
}

/// A symbolic link to a folder outside the vault, made while watching: `check` follows it, so
/// the watcher reads what is under it, and what is written there later.
#[cfg(unix)]
#[test]
fn notes_under_a_symlinked_folder_made_while_watching_are_read() {
    let outside = tempfile::TempDir::new().unwrap();
    std::fs::write(outside.path().join("Marx.md"), "[[Engels]]\n").unwrap();
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Marx]]\n").unwrap();
    let mut watch = Watch::start(root, &[]);

    std::os::unix::fs::symlink(outside.path(), root.join("Linked")).unwrap();
    watch.agrees_with_check(root, "link made");
    std::fs::write(root.join("Linked/Engels.md"), "# Engels\n\n[[Bebel]]\n").unwrap();
    watch.agrees_with_check(root, "note written under it");
    std::fs::write(outside.path().join("Bebel.md"), "# Bebel\n").unwrap();
    watch.agrees_with_check(root, "note written in the folder it points to");
    std::fs::remove_file(root.join("Linked")).unwrap();
    watch.agrees_with_check(root, "link removed");
    watch.stop();
}

/// A note whose file name is not valid UTF-8: `check` reads it and says its name is bad.
#[cfg(target_os = "linux")]
#[test]
fn a_note_whose_name_is_not_utf8_appears_and_goes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.md");
    std::fs::write(root.join(name), "[[Ghost]]\n").unwrap();
    watch.agrees_with_check(root, "created");
    std::fs::write(root.join(name), "[[A]]\n").unwrap();
    watch.agrees_with_check(root, "edited");
    std::fs::remove_file(root.join(name)).unwrap();
    watch.agrees_with_check(root, "deleted");
    watch.stop();
}

/// A CSS snippet that declares a callout type, written while watching: `check` reads the
/// enabled snippets, so the watcher reloads.
#[test]
fn a_css_snippet_declaring_a_callout_type_is_taken_in() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join(".obsidian/appearance.json"), r#"{"enabledCssSnippets": ["callouts"]}"#).unwrap();
    std::fs::write(root.join("A.md"), "> [!custom] Title\n> body\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    assert!(watch.state().0.iter().any(|f| f.contains("WL401")), "{:?}", watch.state());
    std::fs::create_dir(root.join(".obsidian/snippets")).unwrap();
    std::fs::write(root.join(".obsidian/snippets/callouts.css"), ".callout[data-callout=\"custom\"] {}\n").unwrap();
    watch.agrees_with_check(root, "snippet written");
    assert!(!watch.state().0.iter().any(|f| f.contains("WL401")), "{:?}", watch.state());
    watch.stop();
}

/// Obsidian rewrites `.obsidian/workspace.json` on every pane change, and plugins their
/// `data.json`: `check` reads neither, so neither is worth a full check.
#[test]
fn obsidian_files_wikilint_does_not_read_trigger_no_reload() {
    let dir = vault();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian/plugins/dataview")).unwrap();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut watch = Watch::start(root, &[]);
    std::fs::write(root.join(".obsidian/workspace.json"), r#"{"main": {}}"#).unwrap();
    std::fs::write(root.join(".obsidian/plugins/dataview/data.json"), r#"{"x": 1}"#).unwrap();
    std::fs::write(root.join(".obsidian/graph.json"), r#"{"x": 1}"#).unwrap();
    // Then a change that does show, to know the watcher has seen everything before it.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(root.join("A.md"), "# A\n\n[[Lenin]]\n").unwrap();
    let batch = watch.next(PATIENCE).expect("a batch");
    assert_eq!(batch["reloaded"], false, "{batch}");
    assert_eq!(batch["files_changed"], 1, "{batch}");
    watch.agrees_with_check(root, "note edited");
    assert!(watch.batches.iter().all(|b| b["reloaded"] != true), "{:#?}", watch.batches);
    watch.stop();
}
