//! Resolution cases from the spec (§3.2, §3.3; test cases T-058…T-081, T-176).
use super::*;

/// Resolves `link` from `source` in a vault of `paths`; returns the winning path.
fn dest(paths: &[&str], source: &str, link: &str) -> Option<String> {
    let mut all: Vec<&str> = paths.to_vec();
    if !all.contains(&source) {
        all.push(source);
    }
    let names = Names::new(all.iter().copied());
    let src = all.iter().position(|p| *p == source).unwrap();
    resolve(&names, link, src).file.map(|f| all[f].to_string())
}

fn ambiguous(paths: &[&str], source: &str, link: &str) -> bool {
    let mut all: Vec<&str> = paths.to_vec();
    all.push(source);
    let names = Names::new(all.iter().copied());
    resolve(&names, link, all.len() - 1).is_ambiguous()
}

#[test]
fn basics() {
    assert_eq!(dest(&["notes/Note.md"], "Src.md", "Note").as_deref(), Some("notes/Note.md")); // T-001
    assert_eq!(dest(&["notes/Note.md"], "Src.md", "NOTE").as_deref(), Some("notes/Note.md")); // T-002
    assert_eq!(dest(&["Note.md"], "Src.md", "Note.MD").as_deref(), Some("Note.md")); // T-003
    assert_eq!(dest(&["Note.md"], "Src.md", "Note ").as_deref(), None); // T-007
    assert_eq!(dest(&["Note.md"], "Src.md", "").as_deref(), Some("Src.md")); // T-009
    assert_eq!(dest(&["Note.md"], "Src.md", "Note^abc"), None); // T-028
}

#[test]
fn duplicates() {
    let v = ["Note.md", "a/Note.md"];
    assert_eq!(dest(&v, "a/Src.md", "Note").as_deref(), Some("Note.md")); // T-058
    assert!(!ambiguous(&v, "a/Src.md", "Note"));
    let v = ["a/Note.md", "b/Note.md"];
    assert_eq!(dest(&v, "a/Src.md", "Note").as_deref(), Some("a/Note.md")); // T-059
    assert_eq!(dest(&v, "b/Src.md", "Note").as_deref(), Some("b/Note.md"));
    assert!(ambiguous(&v, "a/Src.md", "Note"));
    assert_eq!(dest(&["aa/Note.md", "b/Note.md"], "Src.md", "Note").as_deref(), Some("b/Note.md")); // T-060
    assert_eq!(dest(&["ab/Note.md", "c/Note.md"], "a/Src.md", "Note").as_deref(), Some("ab/Note.md")); // T-061
    assert_eq!(dest(&["a/sub/Note.md", "b/Note.md"], "a/Src.md", "Note").as_deref(), Some("a/sub/Note.md")); // T-062
    assert_eq!(dest(&["a/Note.md", "b/Note.md"], "Src.md", "b/Note").as_deref(), Some("b/Note.md")); // T-064
    assert!(!ambiguous(&["a/Note.md", "b/Note.md"], "Src.md", "b/Note"));
    let v = ["Note.md", "b/Note.md", "a/b/Note.md", "zzzz/Note.md"]; // T-176
    assert_eq!(dest(&v, "zzzz/deep/S.md", "Note").as_deref(), Some("Note.md"));
    let v = ["b/Note.md", "a/b/Note.md", "zzzz/Note.md"];
    assert_eq!(dest(&v, "zzzz/deep/S.md", "Note").as_deref(), Some("b/Note.md"));
    assert_eq!(dest(&v, "zzzz/S.md", "Note").as_deref(), Some("zzzz/Note.md"));
}

#[test]
fn paths() {
    assert_eq!(dest(&["deep/x/Note.md"], "Src.md", "x/Note").as_deref(), Some("deep/x/Note.md")); // T-065
    assert_eq!(dest(&["folder/Note.md"], "Src.md", "older/Note").as_deref(), Some("folder/Note.md")); // T-066
    assert_eq!(dest(&["right/Note.md"], "Src.md", "wrong/Note"), None); // T-067
    assert_eq!(dest(&["deep/x/Note.md"], "Src.md", "/x/Note"), None); // T-068
    assert_eq!(dest(&["deep/x/Note.md"], "Src.md", "/deep/x/Note").as_deref(), Some("deep/x/Note.md"));
    assert_eq!(dest(&["Note.md", "a/Note.md"], "a/b/Src.md", "../Note").as_deref(), Some("a/Note.md")); // T-069
    assert_eq!(dest(&["b/Note.md"], "a/Src.md", "./Note"), None); // T-070
    assert_eq!(dest(&["x/Note.md"], "Src.md", "../../Note").as_deref(), Some("x/Note.md")); // T-071
    assert_eq!(dest(&["a/Note.md"], "b/Src.md", "../a/Note.md").as_deref(), Some("a/Note.md")); // T-052
    assert_eq!(dest(&["x/a/Note.md"], "Src.md", "/a/Note.md"), None); // T-053
}

#[test]
fn extensions() {
    assert_eq!(dest(&["Diagram.canvas"], "Src.md", "Diagram"), None); // T-072
    assert_eq!(dest(&["Diagram.canvas"], "Src.md", "Diagram.canvas").as_deref(), Some("Diagram.canvas"));
    assert_eq!(dest(&["paper.pdf"], "Src.md", "Paper.PDF").as_deref(), Some("paper.pdf")); // T-073
    assert_eq!(dest(&["journal/2024.01.15.md"], "Src.md", "2024.01.15").as_deref(), Some("journal/2024.01.15.md")); // T-074
    assert_eq!(dest(&["Report.pdf", "Report.pdf.md"], "Src.md", "Report.pdf").as_deref(), Some("Report.pdf")); // T-075
    assert_eq!(dest(&["Projects/a.md"], "Src.md", "Projects"), None); // T-080
    assert_eq!(dest(&["a/Note.v2.md", "b/Note.v2"], "Src.md", "a/Note.v2"), None); // §3.3 quirk
}

#[test]
fn unicode() {
    assert_eq!(dest(&["Café.md"], "Src.md", "café").as_deref(), Some("Café.md"));
    assert_eq!(dest(&["école.md"], "Src.md", "ÉCOLE").as_deref(), Some("école.md"));
}

#[test]
fn ascii_scan_edges() {
    for (linkpath, name_start, dotted) in [
        ("Note", 0, false),
        ("a/Note", 2, false),
        ("a.b/Note", 4, false),
        ("a/b.c", 2, true),
        ("./Note", 2, false),
        ("12345678/", 9, false),
        ("1234567.", 0, true),
    ] {
        let mut buf = [0; SHORT];
        let scan = lower_ascii(linkpath.as_bytes(), &mut buf).unwrap();
        assert_eq!((scan.name_start, scan.dotted_name), (name_start, dotted), "{linkpath}");
    }
    let mut buf = [0; SHORT];
    assert!(lower_ascii("Café".as_bytes(), &mut buf).is_none());
    assert!(lower_ascii("a".repeat(SHORT - 3).as_bytes(), &mut buf).is_some());
    assert!(lower_ascii("a".repeat(SHORT - 2).as_bytes(), &mut buf).is_none());
}

proptest::proptest! {
    /// The word-at-a-time scan agrees with lower-casing and searching byte by byte.
    #[test]
    fn ascii_scan_is_the_plain_one(linkpath in "[ -~\u{80}-\u{10FFFF}]{0,4}[ -~]{0,40}[./a-zA-Z@\\[`{]{0,20}") {
        let mut buf = [0; SHORT];
        let scan = lower_ascii(linkpath.as_bytes(), &mut buf);
        if !linkpath.is_ascii() || linkpath.len() + 3 > SHORT {
            proptest::prop_assert!(scan.is_none());
        } else {
            let scan = scan.unwrap();
            let n = linkpath.len();
            let lower = linkpath.to_lowercase();
            proptest::prop_assert_eq!(&buf[..n], lower.as_bytes());
            proptest::prop_assert!(buf[n..].iter().all(|&b| b == 0));
            let name_start = linkpath.rfind('/').map_or(0, |i| i + 1);
            proptest::prop_assert_eq!(scan.name_start, name_start);
            proptest::prop_assert_eq!(scan.dotted_name, linkpath[name_start..].contains('.'));
        }
    }
}
