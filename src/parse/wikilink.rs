//! Obsidian's wikilink tokenizer (spec §1.1), run over the raw text of Markdown regions
//! that pulldown-cmark says are ordinary inline content.
//!
//! pulldown-cmark's own wikilink extension differs from Obsidian's cache parser (it does not
//! trim, splits differently on `|` and nests), so we keep Obsidian's rules here and use
//! pulldown-cmark for what it is exact at: where code, math, HTML and table cells are.

use crate::text::{clean_target, find_byte, is_js_space, js_trim, rfind_byte};

/// One `[[…]]` or `![[…]]` found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawWikilink {
    /// Byte offset of the `[` (or of the `!` for an embed).
    pub start: usize,
    /// Byte offset just past the closing `]]`.
    pub end: usize,
    pub embed: bool,
    pub target: String,
    pub display: Option<String>,
    pub padded: bool,
}

/// Splits the inner text of a wikilink the way Obsidian's `parseAliasLink` does.
/// Returns (target, display, padded).
pub fn split_inner(inner: &str) -> (String, Option<String>, bool) {
    let trimmed = js_trim(inner);
    // A byte search rather than `find(char)`: this runs for every link in the vault.
    let bar = |s: &str| find_byte(b'|', s.as_bytes());
    let trimmed_bar = bar(trimmed);
    let (target, display) = match trimmed_bar {
        Some(i) if i > 0 => (js_trim(&trimmed[..i]), Some(js_trim(&trimmed[i + 1..]).to_string())),
        _ => (trimmed, None),
    };
    // Most links have nothing to trim: `inner` is `trimmed`, and so is its `|`.
    let inner_bar = if trimmed.len() == inner.len() { trimmed_bar } else { bar(inner) };
    let raw_target = match inner_bar {
        Some(i) if i > 0 && !js_trim(&inner[..i]).is_empty() => &inner[..i],
        _ => inner,
    };
    let padded =
        !js_trim(raw_target).is_empty() && (raw_target.starts_with(is_js_space) || raw_target.ends_with(is_js_space));
    let target = target.strip_suffix('\\').unwrap_or(target);
    (clean_target(target), display, padded)
}

/// Finds every wikilink in `text[from..to]`, skipping positions for which `skip(offset)`
/// is true (code, math, HTML). `]]` must come on the same line.
pub fn scan(text: &str, from: usize, to: usize, skip: impl FnMut(usize, usize) -> bool) -> Vec<RawWikilink> {
    let mut out = Vec::new();
    scan_each(text, from, to, skip, |link| out.push(link));
    out
}

/// `scan`, handing each wikilink to `found` as it is found.
pub fn scan_each(
    text: &str,
    from: usize,
    to: usize,
    mut skip: impl FnMut(usize, usize) -> bool,
    mut found: impl FnMut(RawWikilink),
) {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(rel) = find_pair(&bytes[i..to], b'[') {
        let open = i + rel;
        i = open + 1;
        if is_escaped(bytes, open) {
            continue;
        }
        // At least one character inside, then the first `]]`, which must be on the same line.
        let inner_start = open + 2;
        let Some(first_len) = text[inner_start..to].chars().next().map(char::len_utf8) else {
            break;
        };
        let Some(close_rel) = find_pair(&bytes[inner_start + first_len..to], b']') else {
            break; // no `]]` anywhere after: nothing later can close either
        };
        let close = inner_start + first_len + close_rel;
        if let Some(nl) = find_byte(b'\n', &bytes[inner_start..close]) {
            i = inner_start + nl; // no `[[` before this line break can close on its line
            continue;
        }
        let inner = &text[inner_start..close];
        if let Some(last) = rfind_pair(inner.as_bytes(), b'[') {
            // Every `[[` before the last inner one contains it too; the one just before it may not.
            i = (inner_start + last).saturating_sub(1).max(open + 1);
            continue;
        }
        let embed = open > 0 && bytes[open - 1] == b'!' && !is_escaped(bytes, open - 1);
        let start = if embed { open - 1 } else { open };
        if skip(open, close + 2) {
            continue;
        }
        let (target, display, padded) = split_inner(inner);
        found(RawWikilink { start, end: close + 2, embed, target, display, padded });
        i = close + 2;
    }
}

/// The first `bb` in `hay` (`b` is `[` or `]`). A searcher that looks for both bytes at
/// once, built once: a search for `b` alone stops at every single bracket (task boxes,
/// Markdown links), and `memmem::find` would build a searcher on every call.
fn find_pair(hay: &[u8], b: u8) -> Option<usize> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static OPEN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"[["));
    static CLOSE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"]]"));
    match b {
        b'[' => OPEN.find(hay),
        b']' => CLOSE.find(hay),
        _ => unreachable!("only brackets come in pairs here"),
    }
}

/// The last `bb` in `hay`.
fn rfind_pair(hay: &[u8], b: u8) -> Option<usize> {
    let mut end = hay.len();
    while let Some(at) = rfind_byte(b, &hay[..end]) {
        if at == 0 {
            return None;
        }
        if hay[at - 1] == b {
            return Some(at - 1);
        }
        end = at - 1; // the byte before is not `b`: no pair ends there either
    }
    None
}

fn is_escaped(bytes: &[u8], at: usize) -> bool {
    let mut n = 0;
    while at > n && bytes[at - n - 1] == b'\\' {
        n += 1;
    }
    n % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(t: &str) -> Vec<(String, Option<String>)> {
        scan(t, 0, t.len(), |_, _| false).into_iter().map(|l| (l.target, l.display)).collect()
    }

    fn one(t: &str) -> (String, Option<String>) {
        let l = links(t);
        assert_eq!(l.len(), 1, "{t:?} -> {l:?}");
        l[0].clone()
    }

    #[test]
    fn obsidian_tokenizer_cases() {
        assert_eq!(one("[[ labor aristocracy]]").0, "labor aristocracy"); // T-005
        assert_eq!(one("[[ Note | Alias ]]"), ("Note".into(), Some("Alias".into()))); // T-006
        assert_eq!(one("[[Note #Heading]]").0, "Note #Heading"); // T-007
        assert!(links("[[]]").is_empty()); // T-008
        assert_eq!(one("[[ ]]").0, ""); // T-009
        assert_eq!(one("[[a [[b]] c]]").0, "b"); // T-010
        assert_eq!(one("[[A|b|c]]"), ("A".into(), Some("b|c".into()))); // T-011
        assert_eq!(one("[[|x]]"), ("|x".into(), None)); // T-012
        assert_eq!(one("[[Note|]]"), ("Note".into(), Some(String::new()))); // T-013
        assert!(links("[[Not\ne]]").is_empty()); // T-014
        assert!(links("\\[[Note]]").is_empty()); // T-015
        assert_eq!(one("[[Note]]]").0, "Note"); // T-016
        assert_eq!(one("[[My%20Note]]").0, "My%20Note"); // T-017
        assert_eq!(one("[[My\u{A0}Note]]").0, "My Note"); // T-018
        assert_eq!(one("[[Cafe\u{301}]]").0, "Café"); // T-019
        assert_eq!(one("[[Note\\|Alias]]"), ("Note".into(), Some("Alias".into()))); // T-020
        assert_eq!(one("[[https://example.com]]").0, "https://example.com"); // T-171
        assert_eq!(one("[[Sq]uare]]").0, "Sq]uare"); // T-172
        assert_eq!(one("[[|]]").0, "|"); // T-173
    }

    #[test]
    fn embeds_and_padding() {
        let l = scan("x ![[img.png|100]] a[[ b]]", 0, 26, |_, _| false);
        assert!(l[0].embed && l[0].start == 2 && l[0].target == "img.png");
        assert!(!l[1].embed && l[1].padded && l[1].target == "b");
        assert!(!scan("[[a]]", 0, 5, |_, _| false)[0].padded);
        assert!(scan("[[ a | b]]", 0, 10, |_, _| false)[0].padded);
        assert!(scan("[[a | b]]", 0, 9, |_, _| false)[0].padded);
    }

    /// `split_inner` as it was before it reused the `|` of the trimmed text for the untrimmed one.
    fn split_inner_reference(inner: &str) -> (String, Option<String>, bool) {
        let trimmed = js_trim(inner);
        let (target, display) = match trimmed.find('|') {
            Some(i) if i > 0 => (js_trim(&trimmed[..i]), Some(js_trim(&trimmed[i + 1..]).to_string())),
            _ => (trimmed, None),
        };
        let raw_target = match inner.find('|') {
            Some(i) if i > 0 && !js_trim(&inner[..i]).is_empty() => &inner[..i],
            _ => inner,
        };
        let padded = !js_trim(raw_target).is_empty()
            && (raw_target.starts_with(is_js_space) || raw_target.ends_with(is_js_space));
        let target = target.strip_suffix('\\').unwrap_or(target);
        (clean_target(target), display, padded)
    }

    proptest::proptest! {
        #[test]
        fn split_inner_matches_the_reference(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z #|\\\\]{0,6}").unwrap(),
                    proptest::strategy::Just("|".to_string()),
                    proptest::strategy::Just("\u{A0}".to_string()),
                    proptest::strategy::Just("\u{FEFF}".to_string()),
                    proptest::strategy::Just("\u{3000}".to_string()),
                    proptest::strategy::Just("\r".to_string()),
                    proptest::strategy::Just("e\u{301}".to_string()),
                ],
                0..8,
            ),
        ) {
            let inner: String = parts.concat();
            proptest::prop_assert_eq!(split_inner(&inner), split_inner_reference(&inner));
        }

        /// The bracket searches agree with a plain scan, also on non-ASCII text.
        #[test]
        fn pair_searches_match_a_plain_scan(hay in proptest::string::string_regex("[\\[\\]a\n日]{0,80}").unwrap()) {
            let b = hay.as_bytes();
            for c in [b'[', b']'] {
                let first = (0..b.len().saturating_sub(1)).find(|&i| b[i] == c && b[i + 1] == c);
                let last = (0..b.len().saturating_sub(1)).rev().find(|&i| b[i] == c && b[i + 1] == c);
                proptest::prop_assert_eq!(find_pair(b, c), first);
                proptest::prop_assert_eq!(rfind_pair(b, c), last);
            }
        }
    }

    #[test]
    fn hundred_thousand_unclosed_brackets_are_linear() {
        let t = "[[".repeat(100_000);
        assert!(links(&t).is_empty());
        let t = format!("{}]]", "[[".repeat(50_000));
        assert_eq!(links(&t).len(), 1);
    }
}
