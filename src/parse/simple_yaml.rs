//! A fast reader for the frontmatter most notes have (`key: word`, `key: 2024-01-15`, a list of
//! words), which gives exactly the value serde_yaml gives, and declines (`None`) anything it is
//! not sure of, which serde_yaml then reads. Frontmatter parsing was a fifth of a check's
//! work, nearly all of it on such blocks.

use serde_yaml::{Mapping, Value};

/// The YAML text between the fences, read if it is made only of simple properties.
pub fn read(yaml: &str) -> Option<Value> {
    let mut map = Mapping::new();
    // The key whose value is a block list being read, and the indent of its items.
    let mut list: Option<(Value, Vec<Value>, usize)> = None;
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        if line.contains('\t') {
            return None;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(item) = line[indent..].strip_prefix('-').filter(|rest| rest.is_empty() || rest.starts_with(' ')) {
            let (_, items, item_indent) = list.as_mut()?;
            if *item_indent == usize::MAX {
                *item_indent = indent;
            } else if *item_indent != indent {
                return None;
            }
            let item = item.trim_start_matches(' ');
            items.push(if item.is_empty() { Value::Null } else { scalar(item)? });
            continue;
        }
        if indent > 0 {
            return None;
        }
        finish(&mut map, &mut list)?;
        let (key, rest) = line.split_once(':')?;
        if !is_simple_key(key) {
            return None;
        }
        let key = Value::String(key.to_string());
        if rest.trim_end_matches(' ').is_empty() {
            list = Some((key, Vec::new(), usize::MAX));
            continue;
        }
        let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
        let value = if let Some(flow) = value.trim_end_matches(' ').strip_prefix('[') {
            let inner = flow.strip_suffix(']')?;
            // Only spaces: `[\u{a0}]` is a list of one non-breaking space, not an empty one.
            if inner.bytes().all(|b| b == b' ') {
                Value::Sequence(Vec::new())
            } else {
                Value::Sequence(inner.split(',').map(|s| plain(s.trim_matches(' '))).collect::<Option<_>>()?)
            }
        } else {
            scalar(value)?
        };
        // A repeated key is serde_yaml's error to report: one hash per key, not a look-up first.
        map.insert(key, value).is_none().then_some(())?;
    }
    finish(&mut map, &mut list)?;
    // A block of blank lines is YAML's null, not an empty mapping.
    (!map.is_empty()).then_some(Value::Mapping(map))
}

/// Ends the block list being read: its items, or null when it had none.
fn finish(map: &mut Mapping, list: &mut Option<(Value, Vec<Value>, usize)>) -> Option<()> {
    if let Some((key, items, indent)) = list.take() {
        // Items at the key's own indent are fine (`key:\n- a`); deeper ones must agree.
        let _ = indent;
        let value = if items.is_empty() { Value::Null } else { Value::Sequence(items) };
        map.insert(key, value).is_none().then_some(())?;
    }
    Some(())
}

fn is_simple_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// A value on its line: a simple plain scalar or a double-quoted string without escapes.
fn scalar(value: &str) -> Option<Value> {
    let value = value.trim_end_matches(' ');
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_string()));
    }
    plain(value)
}

/// A plain scalar made of words (or a date, or a small integer) that no YAML rule can read
/// as anything but what it looks like.
fn plain(value: &str) -> Option<Value> {
    let first = value.chars().next()?;
    if first.is_ascii_digit() {
        let b = value.as_bytes();
        let date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if date {
            return Some(Value::String(value.to_string()));
        }
        let integer =
            (value == "0" || !value.starts_with('0')) && value.len() <= 18 && b.iter().all(u8::is_ascii_digit);
        return if integer { Some(Value::Number(value.parse::<u64>().ok()?.into())) } else { None };
    }
    if !first.is_alphabetic() {
        return None;
    }
    let safe = value.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')'));
    if !safe || value.ends_with(' ') {
        return None;
    }
    const KEYWORDS: [&str; 9] = ["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"];
    (!KEYWORDS.contains(&value)).then(|| Value::String(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_as_serde(yaml: &str) {
        if let Some(fast) = read(yaml) {
            let slow: Result<Value, _> = serde_yaml::from_str(yaml);
            assert_eq!(Some(&fast), slow.as_ref().ok(), "{yaml:?}");
        }
    }

    #[test]
    fn reads_common_blocks() {
        let yaml =
            "rating: WIP \ntags:\n  - trend\n  - base\ncreated: 2021-04-28\ncount: 12\nempty:\nt: [truth, x y]\n";
        let v = read(yaml).expect("simple");
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
        ] {
            same_as_serde(yaml);
            assert!(read(yaml).is_none(), "{yaml:?} should be left to serde_yaml");
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
    }
}
