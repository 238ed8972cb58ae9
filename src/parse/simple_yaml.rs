//! A fast reader for the frontmatter most notes have (`key: word`, `key: 2024-01-15`, a list of
//! words), which gives exactly the value serde_yaml gives, and declines (`None`) anything it is
//! not sure of, which serde_yaml then reads. Frontmatter parsing was a fifth of a check's
//! work, nearly all of it on such blocks.

use crate::note::Property;
use crate::text::find_byte;
use serde_yaml::{Mapping, Value};

/// The YAML text between the fences, read if it is made only of simple properties. `props`,
/// what `properties::scan` found, only sizes what is built: for a block read here they are
/// exactly its keys, in order, with the items of each list.
pub fn read(yaml: &str, props: &[Property]) -> Option<Value> {
    // A tab, as indentation or not, is never simple: one search for the whole block.
    if find_byte(b'\t', yaml.as_bytes()).is_some() {
        return None;
    }
    let mut map = Mapping::with_capacity(props.len());
    let mut lines = Lines { yaml, at: 0 }.peekable();
    while let Some(line) = lines.next() {
        // Indented lines and list items are read with the key above them: anywhere else
        // they make this fail. A key line (most) is never blank: that is checked second.
        let colon = match simple_key_len(line.as_bytes()) {
            Some(colon) => colon,
            None if is_blank(line) => continue,
            None => return None,
        };
        let rest = &line[colon + 1..];
        let items = props.get(map.len()).map_or(0, |p| p.items.len());
        let value = if is_blank(rest) {
            block_list(&mut lines, items)?
        } else {
            let value = trim_spaces(rest.strip_prefix(' ')?);
            match value.strip_prefix('[') {
                Some(flow) => flow_list(flow.strip_suffix(']')?, items)?,
                None => scalar(value)?,
            }
        };
        // A repeated key is serde_yaml's error to report: one hash per key, not a look-up first.
        map.insert(Value::String(line[..colon].to_string()), value).is_none().then_some(())?;
    }
    // A block of blank lines is YAML's null, not an empty mapping.
    (!map.is_empty()).then_some(Value::Mapping(map))
}

/// The lines of the block, without their line break (`\n` or `\r\n`).
struct Lines<'a> {
    yaml: &'a str,
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.yaml.get(self.at..)?;
        let len = find_byte(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        self.at += len + 1;
        let line = &rest[..len];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The `- item` lines below a key with nothing after its `:`, all at one indent (the key's
/// own is fine: `key:\n- a`); null when there are none. `n` sizes the list.
fn block_list(lines: &mut std::iter::Peekable<Lines>, n: usize) -> Option<Value> {
    let mut items = Vec::with_capacity(n);
    let mut indent = None;
    while let Some(&line) = lines.peek() {
        let n = line.bytes().take_while(|&b| b == b' ').count();
        if n == line.len() {
            lines.next();
            continue;
        }
        let Some(item) = line[n..].strip_prefix('-').filter(|rest| rest.is_empty() || rest.starts_with(' ')) else {
            break;
        };
        if *indent.get_or_insert(n) != n {
            return None;
        }
        lines.next();
        let item = trim_spaces(item);
        items.push(if item.is_empty() { Value::Null } else { scalar(item)? });
    }
    Some(if items.is_empty() { Value::Null } else { Value::Sequence(items) })
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ')
}

/// `s.trim_matches(' ')`, byte by byte.
fn trim_spaces(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c != b' ').map_or(start, |i| i + 1);
    &s[start..end]
}

/// The length of a simple key (`[A-Za-z][A-Za-z0-9_-]*`) that starts the line and is
/// directly followed by `:`.
fn simple_key_len(line: &[u8]) -> Option<usize> {
    if !line.first()?.is_ascii_alphabetic() {
        return None;
    }
    let end = line.iter().position(|&b| !KEY[usize::from(b)])?;
    (line[end] == b':').then_some(end)
}

/// Byte classes, looked up rather than matched: these loops run over every simple value.
const KEY: [bool; 256] = class(b"_-");
/// The ASCII characters of a plain word (`safe` in `plain`).
const WORD: [bool; 256] = class(b" -_./()");

const fn class(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// The inside of a one-line flow list: words separated by commas. `n` sizes the list.
fn flow_list(inner: &str, n: usize) -> Option<Value> {
    // Only spaces: `[\u{a0}]` is a list of one non-breaking space, not an empty one.
    if inner.bytes().all(|b| b == b' ') {
        return Some(Value::Sequence(Vec::new()));
    }
    let b = inner.as_bytes();
    let mut items = Vec::with_capacity(n);
    let mut start = 0;
    loop {
        // A byte loop: the items are a word or two, shorter than a memchr call's setup.
        let end = b[start..].iter().position(|&c| c == b',').map_or(b.len(), |p| start + p);
        items.push(plain(trim_spaces(&inner[start..end]))?);
        if end == b.len() {
            return Some(Value::Sequence(items));
        }
        start = end + 1;
    }
}

/// A value on its line, without the spaces around it: a simple plain scalar or a
/// double-quoted string without escapes.
fn scalar(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return quoted_as_is(inner).then(|| Value::String(inner.to_string()));
    }
    plain(value)
}

/// Whether the inside of a double-quoted string is read as it stands: no `"` or `\`, and no
/// character libyaml reads as a line break (a CR alone or before LF, NEL, LS, PS: it folds
/// them, `"\r"` is `" "`) or refuses (control characters, U+FFFE, U+FFFF).
fn quoted_as_is(inner: &str) -> bool {
    let b = inner.as_bytes();
    let ascii = b.iter().position(|&c| !QUOTED[usize::from(c)]).unwrap_or(b.len());
    let kept = |c: char| {
        if c.is_ascii() {
            QUOTED[c as usize]
        } else {
            !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
        }
    };
    ascii == b.len() || (!b[ascii].is_ascii() && inner[ascii..].chars().all(kept))
}

/// The ASCII a double-quoted string holds as it is: the visible characters and the space,
/// but for `"` and `\`.
static QUOTED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b' ';
    while c < 0x7F {
        t[c as usize] = c != b'"' && c != b'\\';
        c += 1;
    }
    t
};

/// A plain scalar made of words (or a date, or a small integer) that no YAML rule can read
/// as anything but what it looks like; the spaces around it already trimmed.
fn plain(value: &str) -> Option<Value> {
    let b = value.as_bytes();
    let first = *b.first()?;
    if first.is_ascii_digit() {
        let date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if date {
            return Some(Value::String(value.to_string()));
        }
        let integer =
            (value == "0" || !value.starts_with('0')) && value.len() <= 18 && b.iter().all(u8::is_ascii_digit);
        return if integer { Some(Value::Number(value.parse::<u64>().ok()?.into())) } else { None };
    }
    let first_ok = if first.is_ascii() { first.is_ascii_alphabetic() } else { value.chars().next()?.is_alphabetic() };
    // Byte by byte while ASCII (most values), then by character.
    let ascii = b.iter().position(|&c| !WORD[usize::from(c)]).unwrap_or(b.len());
    let safe = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')');
    if !first_ok || !value[ascii..].chars().all(safe) {
        return None;
    }
    let keyword = matches!(b.len(), 4 | 5)
        && matches!(first, b'n' | b'N' | b't' | b'T' | b'f' | b'F')
        && matches!(value, "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
    (!keyword).then(|| Value::String(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_as_serde(yaml: &str) {
        // As `frontmatter::parse` calls it, sized by what `properties::scan` finds; the sizes
        // change nothing else.
        let text = format!("---\n{yaml}");
        let props = super::super::properties::scan(&text, 4, text.len(), crate::note::Pos { line: 2, col: 1 });
        let fast = read(yaml, &props);
        assert_eq!(fast, read(yaml, &[]), "{yaml:?}");
        if let Some(fast) = fast {
            let slow: Result<Value, _> = serde_yaml::from_str(yaml);
            assert_eq!(Some(&fast), slow.as_ref().ok(), "{yaml:?}");
        }
    }

    #[test]
    fn reads_common_blocks() {
        let yaml =
            "rating: WIP \ntags:\n  - trend\n  - base\ncreated: 2021-04-28\ncount: 12\nempty:\nt: [truth, x y]\n";
        let v = read(yaml, &[]).expect("simple");
        same_as_serde(yaml);
        assert_eq!(v["rating"], Value::String("WIP".into()));
        assert_eq!(v["empty"], Value::Null);
    }

    #[test]
    fn declines_what_it_cannot_be_sure_of() {
        for yaml in [
            "a: 1\na: 2\n",
            "a: yes # comment\n",
            "a: [[Lenin]]\n",
            "a: \"esc\\n\"\n",
            "a: 'x'\n",
            "a: 1.5\n",
            "a: 012\n",
            "a: true\n",
            "a: b: c\n",
            "a: x\n  continued\n",
            "- a\n",
            "a:\n  b: c\n",
            "\"a\": b\n",
            "a: &anchor x\n",
            "a:\tb\n",
            "a: ~\n",
            "a: [\u{a0}]\n",
        ] {
            same_as_serde(yaml);
            assert!(read(yaml, &[]).is_none(), "{yaml:?} should be left to serde_yaml");
        }
    }

    /// libyaml reads a CR (alone or before LF) and a NEL inside double quotes as a line break
    /// and folds it (`"\r"` is `" "`, `"x\r\ry"` is `"x\ny"`), and refuses control
    /// characters outright: none of them is read here.
    #[test]
    fn a_line_break_or_control_character_in_double_quotes_is_left_to_serde_yaml() {
        for yaml in [
            "a: \"\r\"",
            "a: \"x\ry\"\n",
            "a: \"x \r y\"\r\n",
            "a: \"x\r\ry\"",
            "tags:\n  - \"x\ry\"\n",
            "a: \"x\u{85}y\"",
            "a: \"x\u{1}y\"",
            "a: \"x\u{7f}y\"",
            "a: \"x\u{9f}y\"",
            "a: \"x\u{fffe}y\"",
            "a: \"x\u{2028}y\"",
        ] {
            same_as_serde(yaml);
            assert!(read(yaml, &[]).is_none(), "{yaml:?} should be left to serde_yaml");
        }
        // What libyaml keeps as it is, this reads too.
        for yaml in ["a: \"x\u{feff}y\"", "a: \"x\u{a0}y\"", "a: \"x\u{10000}y\"", "a: \"x\"\r\nb: \"\"\r\n"] {
            same_as_serde(yaml);
            assert!(read(yaml, &[]).is_some(), "{yaml:?} is simple");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn agrees_with_serde_yaml(lines in prop::collection::vec(
            prop::sample::select(vec![
                "a: word", "b: two words", "tags:", "  - x", "- y", "  -", "c: 2024-01-15", "d: 0", "e: 42",
                "f: [p, q]", "g: []", "h: \"quoted [[L]]\"", "i: Null", "j: x.y/z (w)", "", "a: again", "k:  spaced ",
                "l: é", "m: -", "n: 9999999999999999", "o: x:y", "p: 2024-1-15", "q: \"\"", "r: [ ]", "s: [\u{a0}]",
                "t: [\u{3000}, x]", "u: x\u{a0}",
            ]),
            0..12,
        )) {
            same_as_serde(&lines.join("\n"));
        }

        /// Lines near the simple ones, with the characters where YAML rules hide.
        #[test]
        fn agrees_with_serde_yaml_on_near_misses(lines in prop::collection::vec(line(), 0..6), crlf in any::<bool>()) {
            same_as_serde(&lines.join(if crlf { "\r\n" } else { "\n" }));
        }
    }

    fn line() -> impl Strategy<Value = String> {
        let value = prop_oneof![
            5 => r"[a-z0-9 ./()é-]{1,10}",
            2 => r"\[[a-z0-9 ,é\u{a0}.-]{0,10}\] {0,2}",
            2 => r#""[a-z \[\]\\"\r\u{1}\u{85}\u{a0}\u{2028}\u{feff}é]{0,6}" ?"#,
            2 => r#"[a-z0-9 .:#/()\[\],"'\\&*!|>%@`{}?~é\u{a0}\t\r-]{1,10}"#,
        ];
        let head = prop_oneof![
            6 => r"[a-z]{1,2}:",
            3 => r" {0,2}-",
            1 => r##"( {0,2}|\t)[a-z_"#-][a-z0-9 _"-]{0,2}:?"##,
        ];
        let ws = prop_oneof![8 => Just(" "), 1 => Just("  "), 1 => Just("\t"), 1 => Just("")];
        (head, prop::option::of((ws, value))).prop_map(|(h, v)| match v {
            Some((ws, v)) => format!("{h}{ws}{v}"),
            None => h,
        })
    }
}
