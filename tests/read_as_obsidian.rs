//! Notes read as Obsidian reads them, seen from the binary: what `check`, `props` and the
//! other commands report on a vault built in a temporary folder.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn wikilint(dir: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("wikilint runs");
    let out = Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "panic:\n{}", out.stderr);
    out
}

fn vault(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn check(dir: &Path) -> Out {
    wikilint(dir, &["check", ".", "--format", "concise"])
}

// ---------------------------------------------------------------------------------------
// `[[Note]](text)`: a wikilink, then the plain text `(text)`
// ---------------------------------------------------------------------------------------

#[test]
fn parentheses_after_a_wikilink_are_plain_text() {
    let v = vault(&[
        (
            "Glossary.md",
            "Turn on [[2단계 인증]](2FA). A [[Magic Numbers]](MZ) header.\n\n\
             See [[#^fig|Figure]](a) and ![[chart.png]](b).\n\n![chart](chart.png) ^fig\n"
                .as_bytes(),
        ),
        ("2단계 인증.md", b""),
        ("Magic Numbers.md", b""),
        ("chart.png", b""),
    ]);
    let out = check(v.path());
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("broken-link"), "{}", out.stdout);
}

#[test]
fn a_markdown_link_after_a_wikilink_is_still_one() {
    let v = vault(&[("A.md", b"[[B]] [c](Ghost.md) and [[B]][d](Phantom)\n"), ("B.md", b"")]);
    let out = check(v.path());
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    let broken: Vec<&str> = out.stdout.lines().filter(|l| l.contains("broken-link")).collect();
    assert_eq!(broken.len(), 2, "{}", out.stdout);
    assert!(broken[0].starts_with("A.md:1:7:"), "{}", out.stdout);
    assert!(broken[1].starts_with("A.md:1:30:"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// glued-link: only where the script separates words with spaces
// ---------------------------------------------------------------------------------------

#[test]
fn glued_link_only_where_a_space_is_wanted() {
    let v = vault(&[
        ("Hebrew.md", "נסעתי ל[[ירושלים]] ב[[קיץ]]\n".as_bytes()),
        ("Arabic.md", "ذهبت ب[[القاهرة]] و[[الكتاب]]\n".as_bytes()),
        ("Thai.md", "ภาษา[[ไทย]] ພາສາ[[ລາວ]] ភាសា[[ខ្មែរ]] မြန်မာ[[ဘာသာ]]\n".as_bytes()),
        ("Cjk.md", "中文[[链接]] 日本語の[[リンク]]\n".as_bytes()),
        ("Latin.md", "towards[[reformism]] в[[Москве]]\n".as_bytes()),
    ]);
    let out = wikilint(v.path(), &["check", ".", "--format", "concise", "--select", "glued-link"]);
    let found: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(found.len(), 2, "{}", out.stdout);
    assert!(found.iter().all(|l| l.starts_with("Latin.md:1:")), "{}", out.stdout);
    // Its fix is safe: --fix inserts the space, and a second run has nothing to do.
    let fixed = wikilint(v.path(), &["check", ".", "--fix", "--select", "glued-link"]);
    assert_eq!(fixed.code, Some(0), "{}{}", fixed.stdout, fixed.stderr);
    assert_eq!(fs::read_to_string(v.path().join("Latin.md")).unwrap(), "towards [[reformism]] в [[Москве]]\n");
    assert_eq!(fs::read_to_string(v.path().join("Hebrew.md")).unwrap(), "נסעתי ל[[ירושלים]] ב[[קיץ]]\n");
}

// ---------------------------------------------------------------------------------------
// props NAME=VALUE: the value as Obsidian reads it
// ---------------------------------------------------------------------------------------

#[test]
fn props_query_finds_a_value_written_with_trailing_whitespace() {
    let v = vault(&[
        ("Spaced.md", b"---\nrating: WIP \n---\n"),
        ("Tabbed.md", b"---\nrating: WIP\t\n---\n"),
        ("Plain.md", b"---\nrating: WIP\n---\n"),
        ("Listed.md", b"---\nrating:\n  - WIP \n  - Done\n---\n"),
        ("Other.md", b"---\nrating: WIPE\n---\n"),
    ]);
    // YAML drops the whitespace, and so does Obsidian: all four hold `WIP`.
    let out = wikilint(v.path(), &["props", "rating=WIP"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "Listed.md\nPlain.md\nSpaced.md\nTabbed.md\n");
    // `␠` asks for the values written with the space, to find them and clean them up.
    let out = wikilint(v.path(), &["props", "rating=WIP␠"]);
    assert_eq!(out.stdout, "Listed.md\nSpaced.md\n");
    // The whitespace is still a finding.
    let out = check(v.path());
    let whitespace: Vec<&str> = out.stdout.lines().filter(|l| l.contains("property-whitespace")).collect();
    assert_eq!(whitespace.len(), 3, "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// NUL bytes: a valid UTF-8 note holding one is a note; what is not text is binary-note
// ---------------------------------------------------------------------------------------

#[test]
fn a_text_note_with_a_nul_byte_is_checked() {
    // A PDF pasted into a code block: NULs in valid UTF-8. Obsidian opens and indexes it.
    let pasted = b"# Scan\n\n```\n%PDF-1.4\n\x00\x00\x00obj <<[[InCode]]>>\n```\n\nSee [[Ghost]] and [[Here]].\n";
    let v = vault(&[("Pasted.md", pasted), ("Here.md", b"")]);
    let out = check(v.path());
    assert!(!out.stdout.contains("binary-note"), "{}", out.stdout);
    let broken: Vec<&str> = out.stdout.lines().filter(|l| l.contains("broken-link")).collect();
    assert_eq!(broken.len(), 1, "{}", out.stdout);
    assert!(broken[0].starts_with("Pasted.md:8:5:"), "{}", out.stdout);
    // Its links are in the graph: `Here` has a backlink.
    let out = wikilint(v.path(), &["backlinks", "Here"]);
    assert!(out.stdout.contains("Pasted.md"), "{}{}", out.stdout, out.stderr);
}

#[test]
fn what_is_not_text_is_still_a_binary_note() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01[[x]]";
    // UTF-16 text without a byte-order mark is valid UTF-8, half of it NULs; a file of
    // zeroes is what a failed sync leaves behind.
    let utf16: Vec<u8> = "See [[Ghost]] here.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let v = vault(&[("Image.md", png), ("Utf16.md", &utf16), ("Zeroes.md", &[0u8; 4096])]);
    let out = check(v.path());
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    let binary: Vec<&str> = out.stdout.lines().filter(|l| l.contains("binary-note")).collect();
    assert_eq!(binary.len(), 3, "{}", out.stdout);
    assert!(!out.stdout.contains("broken-link"), "{}", out.stdout);
}
