//! Whether a `#Heading`, `#A#B` chain or `#^block` exists in the target note (spec §3.6, §3.7).

use super::FileId;
use crate::note::{Heading, Note};
use crate::vault::Vault;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubpathStatus {
    /// No subpath, an empty one, or a target that is not a note (PDF pages, image hooks).
    None,
    Found,
    MissingHeading,
    MissingBlock,
}

pub fn check(vault: &Vault, file: FileId, subpath: &str) -> SubpathStatus {
    match vault.note(file) {
        Some(note) => check_in(note, subpath),
        None => SubpathStatus::None,
    }
}

/// [`check`] against a note at hand (a note's new text, before it is written).
pub fn check_in(note: &Note, subpath: &str) -> SubpathStatus {
    let mut split = subpath.split('#').filter(|p| !p.is_empty());
    let Some(first) = split.next() else {
        return SubpathStatus::None;
    };
    // Nearly every subpath has one part: no list for it.
    let found = match split.next() {
        None => {
            if let Some(id) = first.strip_prefix('^') {
                let found = note.block_ids.iter().any(|b| b.id.eq_ignore_ascii_case(id));
                return if found { SubpathStatus::Found } else { SubpathStatus::MissingBlock };
            }
            heading_chain_exists(&note.headings, &[first])
        }
        Some(second) => {
            let parts: Vec<&str> = [first, second].into_iter().chain(split).collect();
            heading_chain_exists(&note.headings, &parts)
        }
    };
    if found { SubpathStatus::Found } else { SubpathStatus::MissingHeading }
}

/// Walks the headings in order: each part must match a later heading deeper than the
/// previous match. Like Obsidian, it does not check that a part lies inside the previous
/// part's section (`#A#C` finds `## C` under a later `# B`).
pub fn heading_chain_exists(headings: &[Heading], parts: &[&str]) -> bool {
    let (mut next, mut level) = (0, 0u8);
    // Whether the part sought is plain: found once, not once per heading tried.
    let mut part_plain = plain(parts[next]);
    for h in headings {
        if h.level > level && same_heading_as(&h.text, parts[next], part_plain) {
            next += 1;
            level = h.level;
            if next == parts.len() {
                return true;
            }
            part_plain = plain(parts[next]);
        }
    }
    false
}

/// [`same_heading`], told whether `b` is [`plain`]. A heading equal to a plain `b` but for
/// ASCII case is plain itself (case changes only letters), so that comparison comes first
/// and the heading is scanned only when it fails.
fn same_heading_as(a: &str, b: &str, b_plain: bool) -> bool {
    if b_plain {
        if a.eq_ignore_ascii_case(b) {
            return true;
        }
        // A heading that starts with a visible character `normalized` keeps starts its
        // normalized form with that character: another first letter cannot match, and the
        // heading need not be scanned (most headings a link is compared with).
        if let (Some(&first), Some(&wanted)) = (a.as_bytes().first(), b.as_bytes().first())
            && first != b' '
            && KEPT[usize::from(first)]
            && !first.eq_ignore_ascii_case(&wanted)
        {
            return false;
        }
        if plain(a) {
            return false;
        }
    }
    normalized(a).eq(normalized(b))
}

/// Whether two headings are equal under Obsidian's `stripHeading` and lower-casing,
/// compared lazily: no allocation per heading tried.
pub fn same_heading(a: &str, b: &str) -> bool {
    if plain(a) && plain(b) {
        return a.eq_ignore_ascii_case(b);
    }
    normalized(a).eq(normalized(b))
}

/// Whether `normalized` only lower-cases `s`: ASCII with no listed punctuation, no line
/// break and single spaces between words (most headings and links to them).
fn plain(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(|&c| c != b' ')
        && b.last().is_some_and(|&c| c != b' ')
        && b.iter().all(|&c| KEPT[usize::from(c)])
        && !b.windows(2).any(|w| w == b"  ")
}

/// What `stripHeading` turns into a space (besides whitespace).
const STRIPPED: &[u8] = b"!\"#$%&()*+,.:;<=>?@^`{|}~/[]\\";

/// The bytes `plain` accepts: a space, and visible ASCII that `stripHeading` keeps.
static KEPT: [bool; 256] = {
    let mut kept = [false; 256];
    let mut c = 0;
    while c < 256 {
        kept[c] = c == b' ' as usize || (c > b' ' as usize && c < 0x7F);
        c += 1;
    }
    let mut i = 0;
    while i < STRIPPED.len() {
        kept[STRIPPED[i] as usize] = false;
        i += 1;
    }
    kept
};

/// Obsidian's `stripHeading`, lower-cased, as a stream of characters: listed punctuation and
/// line breaks become spaces, whitespace runs collapse, ends are trimmed.
fn normalized(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut pending_space = false;
    let mut started = false;
    let stripped = |c: char| c.is_ascii() && (STRIPPED.contains(&(c as u8)) || c == '\r' || c == '\n');
    s.chars().map(move |c| if stripped(c) { ' ' } else { c }).flat_map(move |c| {
        let space = crate::text::is_js_space(c);
        let emit_space = !space && pending_space && started;
        if space {
            pending_space = true;
        } else {
            pending_space = false;
            started = true;
        }
        let lower = if space { None } else { Some(c.to_lowercase()) };
        emit_space.then_some(' ').into_iter().chain(lower.into_iter().flatten())
    })
}

/// Obsidian's `stripHeading`, lower-cased.
pub fn strip_heading(s: &str) -> String {
    normalized(s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_note;

    fn has(note: &str, sub: &str) -> bool {
        let n = parse_note(note);
        let parts: Vec<&str> = sub.split('#').filter(|p| !p.is_empty()).collect();
        heading_chain_exists(&n.headings, &parts)
    }

    #[test]
    fn heading_matching_cases() {
        assert!(has("## Heading One\n", "heading one")); // T-085
        assert!(has("## Q&A: Part 1\n", "Q&A Part 1")); // T-086
        assert!(has("## Q&A: Part 1\n", "Q A Part 1"));
        assert!(!has("## Don't panic\n", "Dont panic")); // T-087
        assert!(!has("## Heading One\n", "Heading%20One")); // T-088
        assert!(has("## Questions and advice\n### Report bugs\n", "Questions and advice#Report bugs")); // T-089
        assert!(has("# A\n# B\n## C\n", "A#C")); // T-090
        assert!(!has("# A\n# B\n", "A#B")); // T-091
        assert!(has("## See [[Other]]\n", "See Other")); // T-096
    }

    proptest::proptest! {
        /// The ASCII shortcut answers as the full normalisation does.
        #[test]
        fn plain_headings_compare_as_normalized(a in "[a-cA-C '.#-]{0,6}", b in "[a-cA-C '.#-]{0,6}") {
            proptest::prop_assert_eq!(same_heading(&a, &b), normalized(&a).eq(normalized(&b)));
            proptest::prop_assert_eq!(same_heading_as(&a, &b, plain(&b)), same_heading(&a, &b));
            proptest::prop_assert!(same_heading(&a, &a.to_uppercase()) || !plain(&a));
        }
    }
}
