use super::wl304_empty_property::properties;
use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::{Location, ProblemKind, RawValue, ValueStyle};
use crate::parse::is_tag_char;
use serde_yaml::Value;

pub struct InvalidTag;

static INFO: RuleInfo = RuleInfo {
    code: "WL308",
    name: "invalid-tag",
    severity: Severity::Warning,
    summary: "A tag Obsidian drops or never recognises: spaces, only digits, forbidden characters, `- #tag` in YAML",
    docs: "## What it does
Reports, in the `tags` property: entries with a space (`tags: tag1, tag2` is one entry, dropped),
entries made only of digits, entries with a character tags cannot hold (`a,b`, `c++`), numbers and
booleans (dropped), and `- #tag` items, which YAML reads as comments. In the text: a `#1984` made
only of digits where a tag was clearly meant (alone on its line, or next to another tag; `issue
#123` is left alone), and a tag cut short by a character tags cannot hold (`#v1.2` is `#v1`).

## Why it matters
Obsidian silently drops or cuts these: the note is missing from the tag pane and from `tag:`
searches, and nothing says so.

## Example
```markdown
---
tags:
  - #journal
  - reading list
---
Books: #orwell #1984
```

## Fix
Write tags without `#` in YAML lists (or quote them: `- \"#journal\"`), use `-`, `_` or `/`
instead of spaces and other characters (`reading-list`, `books/1984`), and add a letter to numbers
(`#y1984`).",
};

impl Rule for InvalidTag {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::InvalidTag, out);
        let Some((fm, map)) = properties(cx) else { return };
        let Some((key, value)) = map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("tags")))
        else {
            return;
        };
        let raw = key.as_str().and_then(|k| fm.property(k));
        let at = |i: Option<usize>| -> Location {
            let Some(raw) = raw else { return fm.loc };
            match i.and_then(|i| raw.items.get(i)) {
                Some(item) => item.loc(),
                None if matches!(raw.value.style, ValueStyle::Empty | ValueStyle::Block) => raw.key_loc(),
                None => raw.value.loc(),
            }
        };
        let mut report = |loc: Location, message: String| out.push(cx.diag(&INFO, loc, message));
        match value {
            Value::Sequence(items) => {
                let aligned = raw.is_some_and(|r| r.items.len() == items.len());
                for (i, item) in items.iter().enumerate() {
                    let raw_item = raw.filter(|_| aligned).map(|r| &r.items[i]);
                    if let Some(message) = entry_problem(item, raw_item) {
                        report(at(aligned.then_some(i)), message);
                    }
                }
            }
            Value::Null => {
                if let Some(raw) = raw.filter(|r| r.value.style == ValueStyle::Comment) {
                    report(raw.value.loc(), comment_message());
                }
            }
            other => {
                if let Some(message) = entry_problem(other, raw.map(|r| &r.value)) {
                    report(at(None), message);
                }
            }
        }
    }
}

fn comment_message() -> String {
    "a `#` starts a YAML comment here, so this tag is empty and Obsidian drops it: write the tag without `#`, or quote it"
        .to_string()
}

/// Nearly every tag: letters, digits, `_`, `-`, `/`, not only digits; all tag characters.
fn is_plain_tag(name: &str) -> bool {
    let mut letter = false;
    for b in name.bytes() {
        if !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/')) {
            return false;
        }
        letter |= !b.is_ascii_digit();
    }
    letter
}

/// What is wrong with one entry of `tags`, Obsidian's way (spec §6.3, §6.5).
fn entry_problem(item: &Value, raw: Option<&RawValue>) -> Option<String> {
    let text = match item {
        Value::Null => return raw.filter(|r| r.style == ValueStyle::Comment).map(|_| comment_message()),
        Value::Bool(b) => return Some(format!("`{b}` is a boolean, not text: Obsidian drops it from tags")),
        Value::Number(n) => {
            return Some(format!(
                "`{n}` is a number, not text: Obsidian drops it from tags (and a tag needs a letter)"
            ));
        }
        Value::String(s) => s,
        _ => return None,
    };
    written_tag_problem(text)
}

/// What is wrong with a tag written as `text` (one `#` optional, whitespace around it
/// trimmed), Obsidian's way; `None` when it is a tag, or empty. `tags rename` asks it of the
/// new name.
pub fn written_tag_problem(text: &str) -> Option<String> {
    // Nearly every tag is plain: nothing to trim, nothing more to ask.
    if is_plain_tag(text) {
        return None;
    }
    let text = text.trim();
    let name = text.strip_prefix('#').unwrap_or(text);
    if name.is_empty() {
        return None;
    }
    if is_plain_tag(name) {
        return None;
    }
    if name.contains(char::is_whitespace) {
        return Some(if name.contains(',') {
            let list = name.split(',').map(str::trim).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(", ");
            format!("`{text}` is one tag with spaces, so Obsidian drops it: write a list, `tags: [{list}]`")
        } else {
            format!("`{text}` has a space, so Obsidian drops it: use `-`, `_` or `/` instead")
        });
    }
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("`{text}` is made only of digits: Obsidian does not take it as a tag; add a letter"));
    }
    if let Some(c) = name.chars().find(|&c| !is_tag_char(c)) {
        return Some(format!("`{text}` holds `{c}`, which a tag cannot: it cannot be written as a tag in a note"));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn frontmatter_tags() {
        let got = check_texts(
            &[
                (
                    "A.md",
                    "---\ntags:\n  - #journal\n  - reading list\n  - 2024\n  - \"2024\"\n  - ok/fine\n  - \"#b\"\n  - a,b\n---\n",
                ),
                ("B.md", "---\ntags: tag1, tag2\n---\n"),             // T-152
                ("C.md", "---\nTags: [a, \"#b\", c/d, true]\n---\n"), // T-150
                ("D.md", "---\ntags: #x\n---\n"),
                ("E.md", "---\ntags: 标签\n---\n"),
            ],
            "invalid-tag",
        );
        assert_eq!(
            got,
            [
                "A.md:3:5 a `#` starts a YAML comment here, so this tag is empty and Obsidian drops it: write the tag without `#`, or quote it",
                "A.md:4:5 `reading list` has a space, so Obsidian drops it: use `-`, `_` or `/` instead",
                "A.md:5:5 `2024` is a number, not text: Obsidian drops it from tags (and a tag needs a letter)",
                "A.md:6:5 `2024` is made only of digits: Obsidian does not take it as a tag; add a letter",
                "A.md:9:5 `a,b` holds `,`, which a tag cannot: it cannot be written as a tag in a note",
                "B.md:2:7 `tag1, tag2` is one tag with spaces, so Obsidian drops it: write a list, `tags: [tag1, tag2]`",
                "C.md:2:22 `true` is a boolean, not text: Obsidian drops it from tags",
                "D.md:2:7 a `#` starts a YAML comment here, so this tag is empty and Obsidian drops it: write the tag without `#`, or quote it",
            ]
        );
    }

    #[test]
    fn inline_digits_where_a_tag_was_meant() {
        let got = check_texts(
            &[(
                "A.md",
                "Books: #orwell #1984\n#2024\nSee issue #123 and PR #45.\nWe're #1 here.\n#y1984 #2024/01 fine\n`#1984` code\nversion #v1.2 and #a:b, #tag. #tag's\n",
            )],
            "invalid-tag",
        );
        assert_eq!(
            got,
            [
                "A.md:1:16 `#1984` is not a tag: Obsidian ignores tags made only of digits; add a letter or a parent (`#y1984`, `#year/1984`)",
                "A.md:2:1 `#2024` is not a tag: Obsidian ignores tags made only of digits; add a letter or a parent (`#y2024`, `#year/2024`)",
                "A.md:7:9 Obsidian reads `#v1.2` as the tag `#v1`: `.` cannot be part of a tag",
                "A.md:7:19 Obsidian reads `#a:b` as the tag `#a`: `:` cannot be part of a tag",
            ]
        );
    }
}
