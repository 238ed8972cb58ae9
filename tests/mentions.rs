//! `wikilint mentions`: the listing on `vault-fixtures/mentions` (a mention in every place
//! one must not be found, and the places it must), `--link`/`--diff` on temporary copies,
//! and the seed vault once stubs exist for the people its clipped articles talk about.
//!
//! Nothing here writes into `vault-fixtures/`: each test that writes copies the vault first.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use insta::assert_snapshot;
use tempfile::TempDir;
use wikilint::index::VaultIndex;
use wikilint::vault::Vault;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn expect(self, code: i32) -> Out {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert_eq!(self.code, Some(code), "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

fn mentions(vault: &Path, args: &[&str]) -> Out {
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .env("NO_COLOR", "1")
        .arg("mentions")
        .arg("--vault")
        .arg(vault)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures").join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture vault.
fn copy(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let vault = dir.path().join(name);
    copy_dir(&fixture(name), &vault);
    (dir, vault)
}

/// Every file of a vault with its bytes, sorted by path.
fn snapshot_bytes(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> =
        walkdir(root).into_iter().map(|p| (p.clone(), fs::read(&p).unwrap())).collect();
    out.sort();
    out
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() { out.extend(walkdir(&p)) } else { out.push(p) }
    }
    out
}

/// A temporary vault of the given files.
fn vault_of(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// The group of one note in a vault-wide listing (header and rows), as `mentions NOTE`
/// prints it alone.
fn group(listing: &str, label: &str) -> String {
    let mut lines = listing.lines().skip_while(|l| !l.starts_with(&format!("{label} (")));
    let header = lines.next().unwrap_or_else(|| panic!("no group for {label} in:\n{listing}"));
    let rows = lines.take_while(|l| l.starts_with(' '));
    std::iter::once(header).chain(rows).map(|l| format!("{l}\n")).collect()
}

/// A note's own title is the longest name in its text, and stands for nobody there: the
/// shorter name inside it is still a mention, vault-wide as for the note alone.
#[test]
fn own_title_hides_no_shorter_name() {
    let dir = vault_of(&[("Stalin.md", ""), ("Death of Stalin.md", "The death of Stalin was in 1953.")]);
    let all = mentions(dir.path(), &[]).expect(0).stdout;
    assert_eq!(all, "Stalin (1 mention in 1 note)\n  Death of Stalin.md:1:14  The death of Stalin was in 1953.\n");
    assert_eq!(mentions(dir.path(), &["Stalin"]).expect(0).stdout, all);
}

#[test]
fn fixture_listing() {
    let out = mentions(&fixture("mentions"), &[]).expect(0);
    assert_snapshot!("fixture_listing", out.stdout);
}

#[test]
fn fixture_listing_json() {
    let out = mentions(&fixture("mentions"), &["--format", "json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert!(json.as_array().is_some_and(|a| !a.is_empty()));
    assert_snapshot!("fixture_listing_json", out.stdout);
}

/// Every place a mention must not be found, in `Tricky.md`: no reported mention's context
/// comes from those lines, and each excluded construct stays unreported.
#[test]
fn excluded_places_are_not_mentions() {
    let out = mentions(&fixture("mentions"), &["--format", "json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut tricky: Vec<(u64, u64, String)> = Vec::new();
    for group in json.as_array().unwrap() {
        for m in group["mentions"].as_array().unwrap() {
            if m["path"] == "Tricky.md" {
                tricky.push((
                    m["line"].as_u64().unwrap(),
                    m["col"].as_u64().unwrap(),
                    m["text"].as_str().unwrap().into(),
                ));
            }
        }
    }
    tricky.sort();
    let lines: Vec<u64> = tricky.iter().map(|t| t.0).collect();
    // Frontmatter (1-4), heading (5), code/math/links (7), URLs/HTML/tag (8), fences, indented
    // code, display math, HTML block: none. Words at boundaries (9), aliases and accents (10),
    // the callout (28, 29) and the table (33): found.
    assert!(lines.iter().all(|l| [9, 10, 28, 29, 33].contains(l)), "{tricky:?}");
    let texts: Vec<&str> = tricky.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(
        texts,
        ["Lenin", "Lenin", "LENIN", "lenin", "Lev Davidovich", "Trotsky", "ÉMILE ZOLA", "Lenin", "Lenin", "Trotsky"]
    );
    // Never looked for: a date and a two-letter name; never credited: a shared alias; never
    // a mention of itself; invalid UTF-8 is skipped.
    for absent in ["2024-01-15.md", "Al.md", "Ilyich.md", "Other Ilyich.md", "Tricky.md"] {
        assert!(!json.as_array().unwrap().iter().any(|g| g["note"] == absent), "{absent} mentioned");
    }
    assert!(!out.stdout.contains("Invalid.md"));
    assert!(
        !json.as_array().unwrap().iter().any(|g| g["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["path"] == "Lenin.md"))
    );
}

/// Obsidian comments (`%%…%%`, inline and multi-line) are hidden in Reading view: nothing
/// in them is a mention, and `--link` links the first mention outside them.
#[test]
fn comments_are_not_mentions() {
    let out = mentions(&fixture("mentions"), &["--format", "json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut found: Vec<(u64, u64, String)> = Vec::new();
    for group in json.as_array().unwrap() {
        for m in group["mentions"].as_array().unwrap().iter().filter(|m| m["path"] == "Comments.md") {
            found.push((m["line"].as_u64().unwrap(), m["col"].as_u64().unwrap(), m["text"].as_str().unwrap().into()));
        }
    }
    found.sort();
    let want = [(1, 36, "Lenin"), (7, 47, "Trotsky"), (8, 6, "Trotsky"), (10, 1, "Trotsky")];
    assert_eq!(found, want.map(|(l, c, t)| (l, c, t.to_string())));

    let (_dir, v) = copy("mentions");
    mentions(&v, &["--link", "--yes"]).expect(0);
    let text = fs::read_to_string(v.join("Comments.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "%%Lenin in an inline comment%% and [[Lenin]] after it.");
    assert_eq!(lines[2], "Trotsky in a block comment");
    assert_eq!(lines[6], "An inline %% that never closes hides nothing: [[Leon Trotsky|Trotsky]].");
    assert_eq!(text.matches("[[").count(), 2, "{text}");
}

#[test]
fn note_argument_restricts() {
    let v = fixture("mentions");
    let by_name = mentions(&v, &["Trotsky"]).expect(0);
    assert!(by_name.stdout.starts_with("Leon Trotsky (8 mentions in 4 notes)\n"), "{}", by_name.stdout);
    assert_eq!(by_name.stdout.lines().filter(|l| !l.starts_with(" ")).count(), 1);
    let by_path = mentions(&v, &["People/Leon Trotsky.md"]).expect(0);
    assert_eq!(by_path.stdout, mentions(&v, &["leon trotsky"]).expect(0).stdout);
    // Shared by two notes: give the path.
    let shared = mentions(&v, &["Commune"]).expect(2);
    assert!(shared.stderr.contains("x/Commune.md") && shared.stderr.contains("y/Commune.md"), "{}", shared.stderr);
    assert!(mentions(&v, &["y/Commune"]).expect(0).stdout.starts_with("y/Commune (1 mention in 1 note)"));
    mentions(&v, &["Nobody"]).expect(2);
    assert!(mentions(&v, &["Comrade"]).expect(2).stderr.contains("alias of several notes"));
}

#[test]
fn diff_writes_nothing() {
    let (_dir, v) = copy("mentions");
    let before = snapshot_bytes(&v);
    let out = mentions(&v, &["--link", "--diff"]).expect(0);
    assert_eq!(snapshot_bytes(&v), before, "--diff wrote");
    assert!(out.stderr.contains("would link 8 mentions in 5 notes"), "{}", out.stderr);
    assert_snapshot!("fixture_diff", out.stdout);
}

#[test]
fn link_writes_once_and_keeps_bytes() {
    let (_dir, v) = copy("mentions");
    let out = mentions(&v, &["--link", "--yes"]).expect(0);
    assert_snapshot!("fixture_link", out.stdout);
    // CRLF and BOM kept; only the mentions changed.
    let crlf = fs::read(v.join("Crlf Bom.md")).unwrap();
    assert_eq!(
        crlf,
        "\u{feff}---\r\ntags: [x]\r\n---\r\n[[Lenin]], Lenin again, and [[Leon Trotsky|Trotsky]].\r\n".as_bytes()
    );
    let table = fs::read_to_string(v.join("Table.md")).unwrap();
    assert!(table.contains("| [[Leon Trotsky\\|Trotsky]] | Red Army |"), "{table}");
    // Invalid UTF-8 untouched.
    assert_eq!(fs::read(v.join("Invalid.md")).unwrap(), fs::read(fixture("mentions").join("Invalid.md")).unwrap());
    // Every new link resolves to the note it was made for.
    let vault = Vault::load(&v);
    let index = VaultIndex::build(&vault);
    for (id, note) in vault.notes() {
        for (link, target) in note.links.iter().zip(&index.targets[id]) {
            assert!(target.resolution.file.is_some(), "{}: {} does not resolve", vault.files[id].path, link.original);
        }
    }
    // A second run has nothing left to do.
    let before = snapshot_bytes(&v);
    let again = mentions(&v, &["--link"]).expect(0);
    assert_eq!(again.stdout, "no mentions to link\n");
    assert_eq!(snapshot_bytes(&v), before);
}

/// The clipped articles of the seed vault talk about Lenin, Trotsky, Stalin and the
/// Comintern throughout, and link them nowhere or almost: once `stubs --create` has made
/// the missing notes (as a user would), their mentions are found, the same vault-wide as
/// for each note alone, and linked.
#[test]
fn seed_vault_with_stubs() {
    let (_dir, v) = copy("seed");
    let stubs = Command::cargo_bin("wikilint")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["stubs", "--create"])
        .arg(&v)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&stubs.stdout);
    assert_eq!(stubs.status.code(), Some(0), "{said}{}", String::from_utf8_lossy(&stubs.stderr));
    assert!(said.contains("Created 47 stubs in "), "{said}");
    for stub in ["Lenin.md", "Trotsky.md", "Stalin.md", "Comintern.md"] {
        assert!(v.join(stub).is_file(), "stubs --create made no {stub}");
    }
    let out = mentions(&v, &[]).expect(0);
    let headers: Vec<&str> = out.stdout.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    assert_snapshot!("seed_headers", headers.join("\n"));
    for (name, header) in [
        ("Stalin", "Stalin (93 mentions in 10 notes)"),
        ("Trotsky", "Trotsky (74 mentions in 8 notes)"),
        ("Lenin", "Lenin (25 mentions in 6 notes)"),
        ("Comintern", "Comintern (8 mentions in 1 note)"),
    ] {
        assert!(headers.contains(&header), "{name}: {headers:?}");
        // One note alone finds what the vault-wide listing credits to it, no more, no less.
        assert_eq!(mentions(&v, &[name]).expect(0).stdout, group(&out.stdout, name), "{name}");
    }
    // The owner's note already links to `trotskyism`, which is no mention of Trotsky, and
    // `Stalinism` is no mention of Stalin.
    let json = mentions(&v, &["Stalin", "--format", "json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let texts: Vec<&str> =
        json[0]["mentions"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert!(texts.iter().all(|t| t.eq_ignore_ascii_case("stalin")), "{texts:?}");
    assert_eq!(json.as_array().unwrap().len(), 1);

    // Notes that already link a stub are left as they are for that stub: the Comintern is
    // mentioned only in the one note that links it already.
    let backlinks = |stub: &str| {
        let vault = Vault::load(&v);
        let index = VaultIndex::build(&vault);
        let id = vault.files.iter().position(|f| f.path == stub).unwrap();
        index.targets.iter().flatten().filter(|t| t.resolution.file == Some(id)).count()
    };
    let stubs = ["Lenin.md", "Trotsky.md", "Stalin.md", "Comintern.md"];
    let before: Vec<usize> = stubs.iter().map(|s| backlinks(s)).collect();
    let out = mentions(&v, &["--link", "--yes"]).expect(0);
    assert!(out.stdout.ends_with("linked 113 mentions in 31 notes\n"), "{}", out.stdout);
    let after: Vec<usize> = stubs.iter().map(|s| backlinks(s)).collect();
    for ((stub, b), a) in stubs.iter().zip(&before).zip(&after) {
        if *stub == "Comintern.md" {
            assert_eq!(a, b, "{stub}");
        } else {
            assert!(a > b, "{stub}: {b} -> {a} backlinks");
        }
    }
    assert_eq!(mentions(&v, &["--link"]).expect(0).stdout, "no mentions to link\n");
}

/// The (text, note) pairs of a JSON listing, sorted.
fn found_pairs(listing: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(listing).expect("valid JSON");
    let mut out: Vec<(String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            let note = g["note"].as_str().unwrap().to_string();
            g["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |m| (m["text"].as_str().unwrap().to_string(), note.clone()))
        })
        .collect();
    out.sort();
    out
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    out.sort();
    out
}

/// An all-caps name is an acronym: `CAN` is found where it is written in capitals, never in
/// the verb `can` or `Can`; a name in mixed case still matches in any case.
#[test]
fn all_caps_names_match_only_capitals() {
    let dir = vault_of(&[
        ("Controller Area Network.md", "---\naliases: [CAN]\n---\n"),
        ("NATO.md", ""),
        ("Man Group.md", "---\naliases: [MAN]\n---\n"),
        ("Lenin.md", ""),
        ("a.md", "You can read the CAN bus. Can it? NATO, Nato and nato met a man of the MAN board and LENIN.\n"),
    ]);
    let out = mentions(dir.path(), &["--format", "json"]).expect(0);
    assert_eq!(
        found_pairs(&out.stdout),
        pairs(&[
            ("CAN", "Controller Area Network.md"),
            ("NATO", "NATO.md"),
            ("MAN", "Man Group.md"),
            ("LENIN", "Lenin.md")
        ])
    );
    mentions(dir.path(), &["--link", "--yes"]).expect(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "You can read the [[Controller Area Network|CAN]] bus. Can it? [[NATO]], Nato and nato met a man of the \
         [[Man Group|MAN]] board and [[Lenin|LENIN]].\n"
    );
}

/// A match of an all-caps name in another case is no candidate at all: it is not reported,
/// and it does not hide the shorter name inside it (`web` in `web-api`, where `WEB-API` is an
/// alias), vault-wide as for the one note.
#[test]
fn case_only_match_of_an_acronym_is_no_candidate() {
    let dir = vault_of(&[
        ("Web.md", ""),
        ("Web Services.md", "---\naliases: [WEB-API]\n---\n"),
        ("a.md", "A web-api call, then a WEB-API call.\n"),
    ]);
    let out = mentions(dir.path(), &["--format", "json"]).expect(0);
    assert_eq!(found_pairs(&out.stdout), pairs(&[("web", "Web.md"), ("WEB-API", "Web Services.md")]));
    let one = mentions(dir.path(), &["Web", "--format", "json"]).expect(0);
    assert_eq!(found_pairs(&one.stdout), pairs(&[("web", "Web.md")]));
}

/// Names that are common words (English `and`, `can`, `will`, `the`, `man`; German `und`,
/// French `les`…) are not looked for: they would be linked thousands of times. A longer name
/// holding one (`Pride and Prejudice`) still is.
#[test]
fn common_words_are_not_mentions() {
    let dir = vault_of(&[
        ("And.md", ""),
        ("Can.md", ""),
        ("The.md", ""),
        ("Man.md", ""),
        ("Und.md", ""),
        ("Les.md", ""),
        ("Testament.md", "---\naliases: [will]\n---\n"),
        ("Pride and Prejudice.md", ""),
        ("Novel.md", ""),
        ("a.md", "Pride and Prejudice: the man will say what he can, and the novel, und les autres. The Man. AND.\n"),
    ]);
    let out = mentions(dir.path(), &["--format", "json"]).expect(0);
    assert_eq!(
        found_pairs(&out.stdout),
        pairs(&[("Pride and Prejudice", "Pride and Prejudice.md"), ("novel", "Novel.md")])
    );
    mentions(dir.path(), &["--link", "--yes"]).expect(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "[[Pride and Prejudice]]: the man will say what he can, and the [[Novel|novel]], und les autres. The Man. \
         AND.\n"
    );
}

/// `[mentions] common-words` in wikilint.toml adds to the built-in list (in any case);
/// an unknown key there is an error, as everywhere in wikilint.toml.
#[test]
fn common_words_from_config() {
    let dir = vault_of(&[
        ("Novel.md", ""),
        ("Pride and Prejudice.md", ""),
        ("Ça.md", ""),
        ("a.md", "Pride and Prejudice, a novel. Ça va.\n"),
        ("wikilint.toml", "[mentions]\ncommon-words = [\"NOVEL\", \"ça\"]\n"),
    ]);
    let out = mentions(dir.path(), &["--format", "json"]).expect(0);
    assert_eq!(found_pairs(&out.stdout), pairs(&[("Pride and Prejudice", "Pride and Prejudice.md")]));
    fs::write(dir.path().join("wikilint.toml"), "[mentions]\ncommon-word = [\"novel\"]\n").unwrap();
    let bad = mentions(dir.path(), &[]).expect(2);
    assert!(bad.stderr.contains("common-word"), "{}", bad.stderr);
}

/// `--link` on the whole vault writes only when told to: off a terminal, without `--yes`, it
/// shows what it would do, writes nothing and exits 2, saying how to go on. `--link NOTE`
/// (one note's mentions) and `--diff` need no confirmation.
#[test]
fn vault_wide_link_needs_yes_off_a_terminal() {
    let (_dir, v) = copy("mentions");
    let before = snapshot_bytes(&v);
    let out = mentions(&v, &["--link"]).expect(2);
    assert_eq!(snapshot_bytes(&v), before, "--link wrote without --yes");
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("would link 8 mentions in 5 notes"), "{}", out.stderr);
    assert!(out.stderr.contains("--yes") && out.stderr.contains("--diff"), "{}", out.stderr);
    // The plan names the notes linked most, with the words that would become links.
    assert!(
        out.stderr.contains("  4  People/Leon Trotsky.md  \"Trotsky\" 3, \"Lev Davidovich\" 1\n"),
        "{}",
        out.stderr
    );
    let json = mentions(&v, &["--link", "--format", "json"]).expect(2);
    assert_eq!(snapshot_bytes(&v), before, "--link --format json wrote without --yes");
    assert_eq!(json.stdout, "");

    let one = mentions(&v, &["--link", "Lenin"]).expect(0);
    assert!(one.stdout.ends_with("linked 2 mentions in 2 notes\n"), "{}", one.stdout);
    let yes = mentions(&v, &["--link", "--yes"]).expect(0);
    assert!(yes.stdout.ends_with("linked 6 mentions in 5 notes\n"), "{}", yes.stdout);
    // Nothing left to link: nothing to confirm.
    assert_eq!(mentions(&v, &["--link"]).expect(0).stdout, "no mentions to link\n");
}

/// On a terminal, vault-wide `--link` shows its plan and asks; `y` writes, anything else
/// (here Enter) writes nothing.
#[cfg(target_os = "linux")]
#[test]
fn vault_wide_link_asks_on_a_terminal() {
    let (_dir, v) = copy("mentions");
    let before = snapshot_bytes(&v);
    let no = mentions_on_terminal(&v, &["--link"], "\n").expect(0);
    assert!(no.stderr.contains("would link 8 mentions in 5 notes"), "{}", no.stderr);
    assert!(no.stderr.contains("[y/N]"), "{}", no.stderr);
    assert!(no.stderr.contains("nothing written"), "{}", no.stderr);
    assert_eq!(snapshot_bytes(&v), before, "answered no, yet wrote");
    let yes = mentions_on_terminal(&v, &["--link"], "y\n").expect(0);
    assert!(yes.stdout.ends_with("linked 8 mentions in 5 notes\n"), "{}", yes.stdout);
    assert!(fs::read_to_string(v.join("Crlf Bom.md")).unwrap().contains("[[Lenin]]"));
}

/// `mentions` with its standard input on a pseudo-terminal, to which `typed` is written.
#[cfg(target_os = "linux")]
fn mentions_on_terminal(vault: &Path, args: &[&str], typed: &str) -> Out {
    use std::io::Write;
    use std::os::fd::FromRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::process::Stdio;
    // SAFETY: plain libc calls on a descriptor this function owns; the name buffer is sized
    // and NUL-terminated by ptsname_r.
    let (mut master, terminal) = unsafe {
        let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(fd >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(fd), 0);
        assert_eq!(libc::unlockpt(fd), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
        let name = std::ffi::CStr::from_ptr(name.as_ptr()).to_str().unwrap().to_string();
        (fs::File::from_raw_fd(fd), name)
    };
    let terminal = fs::OpenOptions::new().read(true).write(true).custom_flags(libc::O_NOCTTY).open(terminal).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wikilint"))
        .env("NO_COLOR", "1")
        .arg("mentions")
        .arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(Stdio::from(terminal))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wikilint runs");
    master.write_all(typed.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    drop(master);
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// `mentions NOTE` credits the note with what the vault-wide listing credits it, no more:
/// `Web` inside `Web Services` (a longer name of another note) is that note's mention, so
/// `--link Web` does not write `[[Web]] Services`.
#[test]
fn one_note_alone_loses_to_a_longer_name() {
    let dir = vault_of(&[("Web.md", ""), ("Web Services.md", ""), ("a.md", "Web Services rock, the web too.\n")]);
    let all = mentions(dir.path(), &[]).expect(0).stdout;
    let one = mentions(dir.path(), &["Web"]).expect(0).stdout;
    assert_eq!(one, group(&all, "Web"));
    mentions(dir.path(), &["--link", "Web"]).expect(0);
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), "Web Services rock, the [[Web|web]] too.\n");
}
