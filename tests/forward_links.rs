//! Issue 24 §2: a link to a note not written yet is a forward link (a warning: `check` exits 0),
//! while a link that is a mistake stays an error, and the message says which it is.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod support;
use support::vault;

/// `check --format concise --select broken-link`: exit code and the lines.
fn check(v: &Path) -> (Option<i32>, Vec<String>) {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .args(["check", v.to_str().unwrap(), "--format", "concise", "--select", "broken-link"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    (out.status.code(), text.lines().map(str::to_string).collect())
}

#[test]
fn forward_links_are_warnings_and_the_check_passes() {
    let v = vault(&[
        ("Index.md", "---\ncategories: \"[[People]]\"\n---\nSee [[Lenin]] and [[Notes/Plan]].\n"),
        ("Kyoto.md", ""),
    ]);
    let (code, lines) = check(v.path());
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(lines.len(), 3, "{lines:?}");
    for l in &lines {
        assert!(l.contains(": warning[broken-link] broken link: no note \""), "{l}");
        assert!(l.contains("yet (a forward link)"), "{l}");
    }
}

#[test]
fn mistakes_stay_errors_and_say_what_kind() {
    let v = vault(&[
        ("People/Trotsky.md", ""),
        ("Kyoto.md", ""),
        ("AI Note.md", "---\naliases: [AI]\n---\n"),
        ("pic.png", ""),
        ("Index.md", "[[Kyotoo]] [[AI]] ![[missing.png]] ![[pic]] [doc](Nowhere.md) [[report.pdf]] [[People/Lenin]]\n"),
    ]);
    let (code, lines) = check(v.path());
    assert_eq!(code, Some(1), "{lines:?}");
    let expect = [
        "(a likely typo)",
        "(an alias)",
        "(nothing to embed)",
        "(a missing extension)",
        "(a Markdown link to a file that does not exist)",
        "(a missing attachment)",
        "(a path into the folder people/, which exists: moved or renamed?)",
    ];
    assert_eq!(lines.len(), expect.len(), "{lines:?}");
    for (line, why) in lines.iter().zip(expect) {
        // The message ends with the kind of mistake; a hint may follow it.
        let message = line.split(" (help: ").next().unwrap();
        assert!(message.contains(": error[broken-link] ") && message.ends_with(why), "{line} should say {why}");
    }
}

#[test]
fn one_setting_makes_forward_links_errors_again() {
    let v = vault(&[("wikilint.toml", "forward-links = \"error\"\n"), ("Index.md", "See [[Lenin]].\n")]);
    let (code, lines) = check(v.path());
    assert_eq!(code, Some(1), "{lines:?}");
    assert!(lines[0].contains(": error[broken-link] broken link: no note \"Lenin\" yet (a forward link)"), "{lines:?}");

    // The rule's own level still caps them.
    fs::write(v.path().join("wikilint.toml"), "forward-links = \"error\"\n[severity]\nbroken-link = \"info\"\n")
        .unwrap();
    let (code, lines) = check(v.path());
    assert_eq!(code, Some(0), "{lines:?}");
    assert!(lines[0].contains(": info[broken-link]"), "{lines:?}");

    fs::write(v.path().join("wikilint.toml"), "forward-links = \"loud\"\n").unwrap();
    let (code, _) = check(v.path());
    assert_eq!(code, Some(2));
}

#[test]
fn a_link_to_a_note_deleted_since_the_last_commit_is_an_error() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let v = vault(&[("Lenin.md", "# Lenin\n"), ("Index.md", "See [[Lenin]] and [[Trotsky]].\n")]);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(v.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "one"]);
    fs::remove_file(v.path().join("Lenin.md")).unwrap();
    let (code, lines) = check(v.path());
    assert_eq!(code, Some(1), "{lines:?}");
    assert!(lines[0].contains("error[broken-link] broken link: no file matches \"Lenin\" (Lenin.md was deleted or renamed since the last commit)"), "{lines:?}");
    assert!(lines[1].contains("warning[broken-link] broken link: no note \"Trotsky\" yet"), "{lines:?}");
}

#[test]
fn init_explains_the_setting_and_uncommenting_it_works() {
    let v = vault(&[("Index.md", "See [[Lenin]].\n")]);
    let out = Command::cargo_bin("wikilint").unwrap().args(["init", v.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let config = v.path().join("wikilint.toml");
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.contains("forward\n# link: a broken-link warning"), "{text}");
    assert_eq!(check(v.path()).0, Some(0));
    fs::write(&config, text.replace("# forward-links = \"error\"", "forward-links = \"error\"")).unwrap();
    assert_eq!(check(v.path()).0, Some(1));
}
