//! `wikilint check` output a person can read at tens of thousands of findings: `--statistics`,
//! the human summary broken down by rule with the next step, hints in every format, one line
//! per link in the line formats, `--min-severity`, and a human report whose time grows with
//! the findings, not with findings × note size.
//!
//! Every run uses `vault-fixtures/` or a fresh temp vault; nothing here reads outside the crate.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

struct Out {
    /// `None` when the process was killed (timeout) or died by a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn run_with_timeout(args: &[&str], timeout: Duration) -> Out {
    let start = Instant::now();
    let out = Command::cargo_bin("wikilint")
        .expect("the wikilint binary is built")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .args(args)
        .timeout(timeout)
        .output()
        .expect("wikilint runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        elapsed: start.elapsed(),
    }
}

/// A temp vault holding `files` (vault-relative path, contents); folders are created.
fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn path(v: &TempDir) -> &str {
    v.path().to_str().unwrap()
}

// ---------------------------------------------------------------------------------------
// 5. The human report takes time in proportion to the findings
// ---------------------------------------------------------------------------------------

/// Generous for a debug build on a busy machine: the report below takes well under a second
/// once rendering is linear, and minutes when each finding rescans (and copies) the note.
const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn human_report_of_a_note_with_5000_broken_links_is_quick_and_whole() {
    let n = 5000;
    let text: String =
        (0..n).map(|i| format!("Line {i} links to [[Missing {i}]] and then goes on a little.\n")).collect();
    let v = vault(&[("Big.md", &text)]);
    let out = run_with_timeout(&["check", path(&v)], RENDER_TIMEOUT);
    assert_eq!(out.code, Some(1), "killed or failed after {:?}\n{}", out.elapsed, out.stderr);
    assert_eq!(out.stdout.matches("× broken link: no file matches").count(), n, "every finding is drawn");
    // Positions are those of the concise format (columns in code points, 1-based).
    for i in [0, 1, 2499, n - 1] {
        let col = format!("Line {i} links to ").len() + 1;
        let header = format!("[Big.md:{}:{col}]", i + 1);
        assert!(out.stdout.contains(&header), "lacks {header}");
        // The source line, numbered, with the lines around it.
        assert!(
            out.stdout.contains(&format!(" {} │ Line {i} links to [[Missing {i}]]", i + 1)),
            "lacks line {}",
            i + 1
        );
    }
    assert!(out.stdout.contains(&format!("{} │ Line {} links", n - 1, n - 2)), "the line before the last");
}

/// One line holding thousands of links: each finding shows the part of the line around its
/// link, not the whole line again, so the report stays in proportion to the findings.
#[test]
fn human_report_of_one_long_line_shows_the_part_around_each_link() {
    let n = 3000;
    let line: String = (0..n).map(|i| format!("word [[Gone {i}]] ")).collect();
    let v = vault(&[("Long.md", &format!("# Title\n{line}\nlast line\n"))]);
    let out = run_with_timeout(&["check", path(&v)], RENDER_TIMEOUT);
    assert_eq!(out.code, Some(1), "killed or failed after {:?}\n{}", out.elapsed, out.stderr);
    assert_eq!(out.stdout.matches("× broken link: no file matches").count(), n);
    // Each finding's drawing is a few hundred bytes, whatever the line's length.
    assert!(out.stdout.len() < n * 2000, "{} bytes for {n} findings", out.stdout.len());
    // The header keeps the true column; the line is cut with an ellipsis around the link.
    let k = 1500;
    let col = line[..line.find(&format!("[[Gone {k}]]")).unwrap()].chars().count() + 1;
    let header = format!("[Long.md:2:{col}]");
    let at = out.stdout.find(&header).unwrap_or_else(|| panic!("lacks {header}"));
    let drawing = &out.stdout[at..at + out.stdout[at..].find("\n\n").unwrap()];
    assert!(
        drawing.contains(&format!("word [[Gone {}]] word [[Gone {k}]] word [[Gone {}]]", k - 1, k + 1)),
        "{drawing}"
    );
    assert!(drawing.contains(" 1 │ # Title") && drawing.contains(" 3 │ last line"), "{drawing}");
    assert!(drawing.contains(" 2 │ … word [[Gone ") && drawing.contains("]] word …\n"), "{drawing}");
    assert!(drawing.contains("╰── broken-link"), "{drawing}");
    // The underline sits under the link: the label's `┬` column is inside `[[Gone k]]`.
    let source = drawing.lines().find(|l| l.contains(&format!("[[Gone {k}]]"))).unwrap();
    let under = drawing.lines().find(|l| l.contains('┬')).unwrap();
    let link_at = source[..source.find(&format!("[[Gone {k}]]")).unwrap()].chars().count();
    let mark_at = under.chars().position(|c| c == '─').unwrap();
    assert_eq!(link_at, mark_at, "\n{source}\n{under}");
}
