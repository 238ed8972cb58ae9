//! YAML frontmatter (spec §6.1, §6.4): only at byte 0 (after a BOM), `---` alone on the
//! opening line, closed by the first later line that begins with `---`.

use super::properties::{LineKind, LineSizes, line_kind};
use super::wikilink::split_inner;
use crate::note::{Frontmatter, Link, LinkKind, Problem, ProblemKind};
use crate::text::{LineIndex, clean_target, decode_uri, find_byte};
use serde_yaml::Value;
use std::borrow::Cow;

/// Where a frontmatter block sits: `yaml` is the text between the fences, `end` the offset
/// just past the closing line. `sizes`, counted on the way, sizes what `properties::scan`
/// builds (see `properties::LineSizes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub end: usize,
    pub sizes: LineSizes,
}

/// Finds the block, or `None` when the note has none (including an unclosed one, which
/// Obsidian reads as a thematic break).
pub fn locate(text: &str, start: usize) -> Option<Block> {
    let rest = &text[start..];
    let first_break = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = start + first_break;
    let mut line_start = yaml_start;
    let mut sizes = LineSizes::default();
    while line_start <= text.len() {
        let line_end = find_byte(b'\n', &text.as_bytes()[line_start..]).map_or(text.len(), |p| line_start + p);
        if text.as_bytes()[line_start..line_end].starts_with(b"---") {
            let end = if line_end < text.len() { line_end + 1 } else { line_end };
            return Some(Block { start, yaml_start, yaml_end: line_start, end, sizes });
        }
        sizes.count(&text.as_bytes()[line_start..]);
        if line_end >= text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// Parses the block's YAML; links in whole-value properties are appended to `links`.
pub fn parse(
    text: &str,
    block: Block,
    lines: &LineIndex,
    links: &mut Vec<Link>,
    problems: &mut Vec<Problem>,
) -> Frontmatter {
    let yaml = &text[block.yaml_start..block.yaml_end];
    let loc = lines.loc(block.start, block.end);
    let yaml_span = crate::note::Span { start: block.yaml_start, end: block.yaml_end };
    // The YAML starts the line after the opening `---`.
    let yaml_pos = crate::note::Pos { line: loc.start.line + 1, col: 1 };
    let properties = super::properties::scan_sized(text, block.yaml_start, block.yaml_end, yaml_pos, block.sizes);
    let mut fm = Frontmatter { loc, yaml: yaml_span, value: None, aliases: Vec::new(), properties };
    // A block that starts with an ASCII non-space (nearly all) is not blank: no trim.
    let blank = match yaml.as_bytes().first() {
        Some(b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') | None => yaml.trim().is_empty(),
        Some(&b) => b >= 0x80 && yaml.trim().is_empty(),
    };
    let value: Value = if blank {
        Value::Mapping(Default::default())
    } else {
        match super::simple_yaml::read(yaml, &fm.properties).map_or_else(|| serde_yaml::from_str(yaml), Ok) {
            Ok(v) => v,
            Err(e) => {
                // Markdown swallowed into the YAML breaks it: look for it only then.
                swallowed(text, &block, lines, problems);
                let mut at = block.yaml_start + e.location().map_or(0, |l| l.index()).min(yaml.len());
                let mut message = yaml_message(&e);
                // serde_yaml points a duplicate key at the mapping; point at the second one.
                if message.starts_with("duplicate entry") {
                    let props = &fm.properties;
                    if let Some((i, p)) =
                        props.iter().enumerate().find(|(i, p)| props[..*i].iter().any(|q| q.key == p.key))
                    {
                        let first = props[..i].iter().find(|q| q.key == p.key).map_or(0, |q| q.key_loc().start.line);
                        at = p.key_loc().span.start;
                        message = format!("duplicate property \"{}\" (first on line {first})", p.key);
                    }
                }
                problems.push(Problem {
                    kind: ProblemKind::InvalidFrontmatter,
                    message: format!("frontmatter is not valid YAML: {message}; Obsidian ignores all its properties"),
                    loc: lines.loc(at, at),
                });
                return fm;
            }
        }
    };
    let Value::Mapping(map) = &value else {
        let what = match value {
            Value::Sequence(_) => "a list",
            Value::Null => "empty",
            _ => "a single value",
        };
        problems.push(Problem {
            kind: ProblemKind::InvalidFrontmatter,
            message: format!("frontmatter is {what}, not a mapping of properties; Obsidian ignores it"),
            loc: lines.loc(block.yaml_start, block.yaml_start),
        });
        return fm;
    };
    for (k, v) in map {
        if k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("aliases")) {
            match v {
                Value::String(s) => fm.aliases.push(s.trim().to_string()),
                Value::Sequence(items) => fm.aliases.extend(
                    items.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(String::from),
                ),
                _ => {}
            }
        }
    }
    // Only a value that starts with `[` can be a link: the text then holds a `[`, or a `\`
    // for a double-quoted escape (`"\x5B[X]]"`). Most blocks have neither.
    if find_byte(b'[', yaml.as_bytes()).is_some() || find_byte(b'\\', yaml.as_bytes()).is_some() {
        let mut cursor = block.yaml_start;
        collect_links(text, &block, &value, None, &mut cursor, lines, links);
    }
    fm.value = Some(value);
    fm
}

/// A block whose YAML holds Markdown: its opening `---` was meant to be closed earlier, and
/// Obsidian closed it at a later thematic break instead (spec §6.1, T-129).
/// The sign: properties, a blank line, then Markdown text.
fn swallowed(text: &str, block: &Block, lines: &LineIndex, problems: &mut Vec<Problem>) {
    let (mut keys, mut blank) = (false, false);
    let mut at = block.yaml_start;
    while at < block.yaml_end {
        let end = find_byte(b'\n', &text.as_bytes()[at..block.yaml_end]).map_or(block.yaml_end, |p| at + p);
        let kind = line_kind(&text[at..end]);
        keys |= kind == LineKind::Key;
        blank |= keys && kind == LineKind::Blank;
        if kind == LineKind::Text && blank {
            let first = lines.pos(at).line;
            let close = lines.pos(block.yaml_end).line;
            problems.push(Problem {
                kind: ProblemKind::UnclosedFrontmatter,
                message: format!(
                    "the frontmatter is closed only by the `---` on line {close}, so Obsidian reads everything up to \
                     there as YAML: line {first} is Markdown, the note loses its properties and the text and links \
                     before line {close}"
                ),
                loc: lines.loc(block.start, block.start + 3),
            });
            return;
        }
        at = end + 1;
    }
}

/// Frontmatter Obsidian does not see, for a note where `locate` found none: an opening `---`
/// never closed, or a YAML-looking block that does not start the note (a blank line or a
/// few lines of text before it, or `--- ` with trailing whitespace).
pub fn absent(text: &str, base: usize, lines: &LineIndex, problems: &mut Vec<Problem>) {
    /// Lines of text allowed before a misplaced block: further down, a `---` is a rule.
    const MAX_BEFORE: usize = 5;
    /// Lines of YAML looked at.
    const MAX_LINES: usize = 200;
    let bytes = text.as_bytes();
    let line_at = |at: usize| {
        // memchr's wide search: these are lines of a note's prose, often long.
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |p| at + p);
        (&text[at..end], if end < text.len() { end + 1 } else { end })
    };
    // The opening line: the first `---` line among the first few.
    let mut at = base;
    let mut before = 0;
    let opener = loop {
        if at >= text.len() {
            return;
        }
        let (line, next) = line_at(at);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with("---") && line.trim_end_matches([' ', '\t']) == "---" {
            break at;
        }
        if !line.trim().is_empty() {
            before += 1;
            if before > MAX_BEFORE || line.starts_with("---") {
                return;
            }
        }
        at = next;
    };
    let (open_line, mut at) = line_at(opener);
    let trailing_space = open_line.trim_end_matches('\r').len() > 3;
    let loc = lines.loc(opener, opener + open_line.trim_end().len());
    if opener == base && !trailing_space {
        // `---` opens the note, but `locate` found no line to close it.
        if at < text.len() && line_kind(line_at(at).0) == LineKind::Key {
            problems.push(Problem {
                kind: ProblemKind::UnclosedFrontmatter,
                message: "frontmatter is never closed: no later line starts with `---`, so Obsidian reads no \
                          properties and shows the `---` as a horizontal rule and the properties as text"
                    .to_string(),
                loc,
            });
        }
        return;
    }
    // The block: YAML-looking lines up to a line that starts with `---`.
    let (mut keys, mut closed, mut n) = (0, false, 0);
    let mut last = None;
    while at < text.len() && n < MAX_LINES {
        let (line, next) = line_at(at);
        if line.starts_with("---") {
            closed = true;
            break;
        }
        match line_kind(line) {
            LineKind::Text => return,
            LineKind::Key => keys += 1,
            LineKind::Blank if n == 0 => return,
            _ => {}
        }
        last = Some(line.trim());
        at = next;
        n += 1;
    }
    if keys == 0 || !closed {
        return;
    }
    let message = if opener == base {
        "the opening `---` has trailing whitespace, so Obsidian does not read this block as frontmatter: no \
         properties, a horizontal rule and a bogus heading instead"
            .to_string()
    } else {
        // The last line right above the closing `---` becomes a setext heading (spec §7).
        let shown = match last.filter(|l| !l.is_empty()) {
            Some(l) => format!("a horizontal rule and the heading \"{l}\""),
            None => "horizontal rules and the properties as text".to_string(),
        };
        format!(
            "this looks like frontmatter but does not start the note (line {}): Obsidian reads no properties from \
             it and shows {shown} instead",
            loc.start.line
        )
    };
    problems.push(Problem { kind: ProblemKind::MisplacedFrontmatter, message, loc });
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    // serde_yaml appends " at line L column C", which is relative to the block; we give our own.
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Where a value sits in the frontmatter: the keys and list indexes from the top, innermost
/// last, linked through the stack. Spelled out (`related.0`) only for a link, as few values are.
struct Path<'p, 'v> {
    up: Option<&'p Path<'p, 'v>>,
    step: Step<'v>,
}

enum Step<'v> {
    Key(&'v Value),
    Index(usize),
}

impl Path<'_, '_> {
    fn join(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            steps.push(match p.step {
                Step::Key(Value::String(s)) => Cow::Borrowed(s.as_str()),
                Step::Key(other) => Cow::Owned(serde_yaml::to_string(other).unwrap_or_default().trim().to_string()),
                Step::Index(i) => Cow::Owned(i.to_string()),
            });
            at = p.up;
        }
        steps.reverse();
        steps.join(".")
    }
}

fn collect_links<'v>(
    text: &str,
    block: &Block,
    value: &'v Value,
    path: Option<&Path<'_, 'v>>,
    cursor: &mut usize,
    lines: &LineIndex,
    links: &mut Vec<Link>,
) {
    match value {
        Value::String(s) => {
            if let Some(link) = property_link(s) {
                // Locate the value in the raw YAML, in document order, to report a span.
                let yaml = &text[..block.yaml_end];
                let found = find_bracketed(&yaml[*cursor..], s)
                    .map(|p| *cursor + p)
                    .or_else(|| find_bracketed(&yaml[block.yaml_start..], s).map(|p| block.yaml_start + p));
                let (start, end) = match found {
                    Some(p) => {
                        *cursor = p + s.len();
                        (p, p + s.len())
                    }
                    None => (block.yaml_start, block.yaml_start),
                };
                let (target, display, padded) = link;
                links.push(Link {
                    kind: LinkKind::Frontmatter { key: path.map(Path::join).unwrap_or_default() },
                    target,
                    display,
                    original: s.clone(),
                    padded,
                    glued: false,
                    hidden: false,
                    loc: lines.loc(start, end),
                });
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                if !may_hold_link(item) {
                    continue;
                }
                let here = Path { up: path, step: Step::Index(i) };
                collect_links(text, block, item, Some(&here), cursor, lines, links);
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                if !may_hold_link(v) {
                    continue;
                }
                let here = Path { up: path, step: Step::Key(k) };
                collect_links(text, block, v, Some(&here), cursor, lines, links);
            }
        }
        Value::Tagged(t) => collect_links(text, block, &t.value, path, cursor, lines, links),
        _ => {}
    }
}

/// `hay.find(needle)` for a needle that starts with `[`: a check at each `[` costs less than
/// setting up a substring search.
fn find_bracketed(hay: &str, needle: &str) -> Option<usize> {
    debug_assert!(needle.starts_with('['));
    let b = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = find_byte(b'[', &b[from..]) {
        if b[from + i..].starts_with(needle.as_bytes()) {
            return Some(from + i);
        }
        from += i + 1;
    }
    None
}

/// Whether a value is, or contains, a string: only those can be links.
fn may_hold_link(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with('['),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => true,
        _ => false,
    }
}

/// Whether `s` holds the byte `c` twice in a row (`[[`, `]]`).
fn has_pair(s: &str, c: u8) -> bool {
    // A byte loop: link texts are short, a memchr call per `[` costs more.
    s.as_bytes().windows(2).any(|w| w[0] == c && w[1] == c)
}

/// A property value that is a whole link: `[[…]]`, or since Obsidian 1.11 `[text](dest)`.
fn property_link(s: &str) -> Option<(String, Option<String>, bool)> {
    if let Some(inner) = s.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        if inner.is_empty() || has_pair(inner, b'[') || has_pair(inner, b']') || inner.contains('\n') {
            return None;
        }
        return Some(split_inner(inner));
    }
    let rest = s.strip_prefix('[')?.strip_suffix(')')?;
    let mid = memchr::memchr_iter(b']', rest.as_bytes()).find(|&i| rest.as_bytes().get(i + 1) == Some(&b'('))?;
    let (label, dest) = (&rest[..mid], &rest[mid + 2..]);
    if label.contains(']') || dest.is_empty() || super::is_external(dest) {
        return None;
    }
    let dest = dest.strip_prefix('<').and_then(|d| d.strip_suffix('>')).unwrap_or(dest);
    Some((clean_target(&decode_uri(dest)?), Some(label.to_string()), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_like_obsidian() {
        assert!(locate("---\na: 1\n---\nbody", 0).is_some()); // T-122
        assert!(locate("---\r\na: 1\r\n---\r\n", 0).is_some()); // T-125
        assert!(locate("---\na: 1\n---   \n", 0).is_some()); // T-126
        assert!(locate("--- \na: 1\n---\n", 0).is_none()); // T-127
        assert!(locate("---\na: 1\n...\nBody", 0).is_none()); // T-128
        assert!(locate("\n---\na: 1\n---\n", 0).is_none()); // T-124
        let b = locate("---\n---\nBody", 0).unwrap(); // T-137
        assert_eq!((b.yaml_start, b.yaml_end, b.end), (4, 4, 8));
        assert_eq!(locate("---\na: 1\n---", 0).unwrap().end, 12);
    }

    #[test]
    fn locate_sizes_the_scan() {
        // `locate` counts the lines as `LineSizes::of` does, for `properties::scan` to allocate once.
        for text in [
            "---\na: 1\ntags:\n  - x\n- y\n-\n\n# c\n\tz\n-a\n---\n",
            "---\r\na: 1\r\n-\r\n \r\n---\r\n",
            "---\n---\n",
            "---\n-\n---",
        ] {
            let b = locate(text, 0).unwrap();
            assert_eq!(b.sizes, LineSizes::of(&text.as_bytes()[b.yaml_start..b.yaml_end]), "{text:?}");
        }
        let b = locate("---\na: 1\ntags:\n  - x\n- y\n-\n\n# c\n\tz\n-a\n---\n", 0).unwrap();
        assert_eq!((b.sizes.keys, b.sizes.others), (3, 4));
    }

    fn problems(text: &str) -> Vec<(ProblemKind, u32, u32, String)> {
        crate::parse::parse_note(text)
            .problems
            .into_iter()
            .map(|p| (p.kind, p.loc.start.line, p.loc.start.col, p.message))
            .collect()
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        // T-138
        let p = problems("---\na: 1\nb: 2\na: 3\n---\n");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].1, p[0].2), (4, 1));
        assert!(p[0].3.contains("duplicate property \"a\" (first on line 2)"), "{p:?}");
    }

    #[test]
    fn yaml_edge_cases() {
        // Anchors and aliases are YAML-legal; a second document is not one mapping.
        assert!(problems("---\nbase: &b [1, 2]\nother: *b\n---\n").is_empty());
        let p = problems("---\na: 1\n...\nb: 2\n---\n");
        assert_eq!(p[0].0, ProblemKind::InvalidFrontmatter);
        // Tabs as indentation are a YAML error; a tab after the colon is not.
        assert_eq!(problems("---\na:\n\t- x\n---\n")[0].0, ProblemKind::InvalidFrontmatter);
        assert!(problems("---\na:\tb\n---\n").is_empty());
        // CRLF, and a very long value.
        assert!(problems("---\r\na: 1\r\nb: x \r\n---\r\n").is_empty());
        let long = format!("---\nk: {}\n---\n", "x".repeat(1_000_000));
        let n = crate::parse::parse_note(&long);
        assert_eq!(n.frontmatter.unwrap().properties[0].value.span.end_col, 4 + 1_000_000);
    }

    #[test]
    fn frontmatter_obsidian_does_not_see() {
        use ProblemKind::*;
        let kinds = |t: &str| problems(t).into_iter().map(|p| (p.0, p.1)).collect::<Vec<_>>();
        assert_eq!(kinds("---\ntitle: x\n\nBody\n"), [(UnclosedFrontmatter, 1)]);
        assert_eq!(kinds("---\n\nA rule, then text.\n"), []);
        assert_eq!(kinds("---\ntitle: x\n\nSee [[X]].\n\n---\nMore\n")[0], (UnclosedFrontmatter, 1));
        assert_eq!(kinds("---\njust a string\n---\n"), [(InvalidFrontmatter, 2)]);
        assert_eq!(kinds("\n\n---\na: 1\n---\n"), [(MisplacedFrontmatter, 3)]);
        assert_eq!(kinds("\u{FEFF}--- \na: 1\n---\n"), [(MisplacedFrontmatter, 1)]);
        assert_eq!(kinds("Text\n\n---\nSee [[X]]\n---\n"), []);
        assert_eq!(kinds("---\na: 1\n---\n\n---\nb: 2\n---\n"), []);
    }

    #[test]
    fn link_values_and_their_keys() {
        let n = crate::parse::parse_note(
            "---\nup: \"\\x5B[X]]\"\na:\n  b: [\"[[Y]]\", \"[t](Z.md)\"]\n1: \"[[W]]\"\nt: [x, \"[y]\"]\n---\n",
        );
        let got: Vec<_> = n
            .links
            .iter()
            .map(|l| match &l.kind {
                LinkKind::Frontmatter { key } => (key.as_str(), l.target.as_str(), l.loc.start.line, l.loc.start.col),
                _ => unreachable!(),
            })
            .collect();
        // The escaped `[` is nowhere in the text: the link points at the start of the YAML.
        assert_eq!(got, [("up", "X", 2, 1), ("a.b.0", "Y", 4, 8), ("a.b.1", "Z.md", 4, 17), ("1", "W", 5, 5)]);
        assert!(crate::parse::parse_note("---\nup: x\ntags: a\n---\n").links.is_empty());
    }

    #[test]
    fn property_links() {
        assert_eq!(property_link("[[Episode IV]]").unwrap().0, "Episode IV");
        assert_eq!(property_link("[[B|b]]").unwrap().1.as_deref(), Some("b"));
        assert!(property_link("see [[X]]").is_none());
        assert_eq!(property_link("[t](My%20Note.md)").unwrap().0, "My Note.md");
        assert!(property_link("[t](https://x.org)").is_none());
    }
}
