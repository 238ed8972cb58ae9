//! End to end: `wikilint watch --create-stubs` stubs a link written while watching, once it has
//! stayed unresolved for the settle time, and nothing else: not the targets that were missing
//! at the start when their links leave and come back, not a note the user deleted (nor the
//! folder a partial-path link to it names). A new link to a deleted note is a new link.
//!
//! "Nothing else" is made certain without sleeping on it: each test ends by writing a link to
//! a new name and waiting for its stub, which settles after anything done before it.

mod watch_support;

use watch_support::{Watch, vault};

const STUBS: &[&str] = &["--create-stubs", "--settle", "0.3"];

/// The files of the vault (not dot-named), sorted.
fn files(root: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = walk(root, root);
    out.sort();
    out
}

fn walk(root: &std::path::Path, dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(root, &e.path()));
        } else {
            out.push(e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// A folder whose notes link to a note missing since before the watch moves out of the vault
/// and back: its links come back, they are not new.
#[test]
fn a_missing_note_whose_links_leave_and_come_back_gets_no_stub() {
    let outside = tempfile::TempDir::new().unwrap();
    let dir = vault();
    let root = dir.path();
    std::fs::create_dir(root.join("x")).unwrap();
    std::fs::write(root.join("x/A.md"), "[[Lenin]]\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::rename(root.join("x"), outside.path().join("x")).unwrap();
    watch.agrees_with_check(root, "moved out");
    std::fs::rename(outside.path().join("x"), root.join("x")).unwrap();
    watch.agrees_with_check(root, "moved back");
    assert_eq!(watch.created_after_probe(root), ["Probe 1.md"], "{}", watch.stderr());
    assert!(!root.join("Lenin.md").exists());
    watch.stop();
}

/// `git checkout` to a branch without the link and back rewrites the note twice.
#[test]
fn a_missing_note_whose_note_is_checked_out_away_and_back_gets_no_stub() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "# A\n\n[[Lenin]]\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    watch.agrees_with_check(root, "checked out away");
    std::fs::write(root.join("A.md"), "# A\n\n[[Lenin]]\n").unwrap();
    watch.agrees_with_check(root, "checked out back");
    assert_eq!(watch.created_after_probe(root), ["Probe 1.md"], "{}", watch.stderr());
    assert!(!root.join("Lenin.md").exists());
    watch.stop();
}

/// An `exclude` added then removed hides the links, then shows them again (two reloads).
#[test]
fn a_missing_note_whose_links_are_excluded_and_back_gets_no_stub() {
    let dir = vault();
    let root = dir.path();
    std::fs::create_dir(root.join("Drafts")).unwrap();
    std::fs::write(root.join("Drafts/A.md"), "[[Lenin]]\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::write(root.join("wikilint.toml"), "exclude = [\"Drafts/**\"]\n").unwrap();
    watch.agrees_with_check(root, "excluded");
    std::fs::write(root.join("wikilint.toml"), "exclude = []\n").unwrap();
    watch.agrees_with_check(root, "included again");
    assert_eq!(watch.created_after_probe(root), ["Probe 1.md"], "{}", watch.stderr());
    assert!(!root.join("Lenin.md").exists());
    watch.stop();
}

/// Deleting a note is the user's decision: the links to it are broken, and stay so.
#[test]
fn a_deleted_note_is_not_created_again() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]] and [[Lenin]]\n").unwrap();
    std::fs::write(root.join("B.md"), "[[lenin]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    watch.agrees_with_check(root, "deleted");
    assert_eq!(watch.created_after_probe(root), ["Probe 1.md"], "{}", watch.stderr());
    assert!(!root.join("Lenin.md").exists());
    watch.stop();
}

/// Nor a note created while watching (by the user, or as a stub) and then deleted.
#[test]
fn a_note_created_while_watching_then_deleted_is_not_created_again() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "# A\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::write(root.join("Marx.md"), "# Marx\n").unwrap();
    std::fs::write(root.join("A.md"), "# A\n\n[[Marx]] [[Engels]]\n").unwrap();
    // Engels is a new link: its stub comes; then both notes are deleted.
    assert_eq!(watch.created_after_probe(root), ["Engels.md", "Probe 1.md"], "{}", watch.stderr());
    // Deleted at once, within the debounce window of the stubs' own creation.
    std::fs::remove_file(root.join("Marx.md")).unwrap();
    std::fs::remove_file(root.join("Engels.md")).unwrap();
    std::fs::remove_file(root.join("Probe 1.md")).unwrap();
    watch.agrees_with_check(root, "deleted");
    assert_eq!(watch.created_after_probe(root), ["Engels.md", "Probe 1.md", "Probe 2.md"], "{}", watch.stderr());
    assert!(!root.join("Marx.md").exists() && !root.join("Engels.md").exists(), "{:?}", files(root));
    watch.stop();
}

/// A partial-path link (`[[Period Stream/Cond]]`) to a note that goes away (deleted, or its
/// folder moved out and back): no root folder `Period Stream/` with a `Cond.md`, which would win
/// Obsidian's tie-break over the real note once it is back.
#[test]
fn a_partial_path_link_to_a_note_that_goes_away_makes_no_folder() {
    let outside = tempfile::TempDir::new().unwrap();
    let dir = vault();
    let root = dir.path();
    std::fs::create_dir_all(root.join("Physics/Period Stream")).unwrap();
    std::fs::write(root.join("Physics/Period Stream/Cond.md"), "# Cond\n").unwrap();
    std::fs::write(root.join("A.md"), "[[Period Stream/Cond]]\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::rename(root.join("Physics"), outside.path().join("Physics")).unwrap();
    watch.agrees_with_check(root, "moved out");
    assert_eq!(watch.created_after_probe(root), ["Probe 1.md"], "{}", watch.stderr());
    std::fs::rename(outside.path().join("Physics"), root.join("Physics")).unwrap();
    watch.agrees_with_check(root, "moved back");
    assert!(!root.join("Period Stream").exists(), "{:?}", files(root));
    watch.stop();
}

/// A link written after its note was deleted is a new link: its stub comes like any other's.
#[test]
fn a_new_link_to_a_deleted_note_gets_its_stub() {
    let dir = vault();
    let root = dir.path();
    std::fs::write(root.join("A.md"), "[[Lenin]]\n").unwrap();
    std::fs::write(root.join("Lenin.md"), "# Lenin\n").unwrap();
    let mut watch = Watch::start(root, STUBS);
    std::fs::remove_file(root.join("Lenin.md")).unwrap();
    watch.agrees_with_check(root, "deleted");
    std::fs::write(root.join("B.md"), "# B\n\nRead [[Lenin]].\n").unwrap();
    let created = watch.created_after_probe(root);
    assert!(created.contains(&"Lenin.md".to_string()), "{created:?}\nstderr: {}", watch.stderr());
    let stub = std::fs::read_to_string(root.join("Lenin.md")).unwrap();
    assert!(stub.contains("# Lenin"), "{stub}");
    watch.agrees_with_check(root, "stub created");
    watch.stop();
}
