use super::wl304_empty_property::properties;
use super::{NoteContext, Rule, RuleInfo};
use crate::config::{PropertyType, is_date, is_datetime};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::{Location, Property, ValueStyle};
use serde_yaml::Value;

pub struct PropertyTypeRule;

static INFO: RuleInfo = RuleInfo {
    code: "WL309",
    name: "property-type",
    severity: Severity::Warning,
    summary: "A property value that does not fit its type (from `.obsidian/types.json` or wikilint.toml)",
    docs: "## What it does
Checks each property whose type is declared against its value: `text` (one string), `list` (a
list of strings), `number`, `checkbox` (`true`/`false`), `date` (`YYYY-MM-DD`), `datetime`
(`YYYY-MM-DDTHH:mm`, seconds optional), `tags` and `aliases` (a list, or one string). Types come
from Obsidian's `.obsidian/types.json` (what the Properties view uses) and from
`[properties.NAME] type = \"…\"` in wikilint.toml, which wins. Property names match in any casing.
Empty values are the empty-property rule's.

## Why it matters
Obsidian gives a property one type vault-wide. A value that does not fit shows a type warning
in the Properties view, cannot be edited there, and is skipped or mis-sorted by searches, Bases
and plugins that rely on the type (a date written `21/08/2020` sorts as text).

## Example
```markdown
---
created: 21/08/2020
rating: \"5\"
tags: history
---
```
with `created` a date and `rating` a number.

## Fix
Write the value in the type's format (`created: 2020-08-21`, `rating: 5`), or change the declared
type.",
};

impl Rule for PropertyTypeRule {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        // Notes only (not canvases), as Obsidian reads properties and callouts of notes.
        if !cx.vault.files[cx.file].is_note {
            return;
        }
        if cx.config.schema.is_empty() {
            return;
        }
        {
            let config = cx.config;
            let Some((fm, map)) = properties(cx) else { return };
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                let Some(schema) = config.schema.property(key) else { continue };
                let Some(kind) = schema.kind else { continue };
                let raw = fm.property(key);
                for (i, problem) in mismatches(kind, value) {
                    // An unquoted `[[link]]` is the unquoted-link-property rule's.
                    let style = raw.map(|r| i.and_then(|i| r.items.get(i)).unwrap_or(&r.value).style);
                    if style == Some(ValueStyle::BareLink) {
                        continue;
                    }
                    let loc = location(raw, i).unwrap_or(fm.loc);
                    let d = cx.diag(
                        &INFO,
                        loc,
                        format!("`{key}` is a {} property ({}), but {problem}", kind.as_str(), schema.kind_from),
                    );
                    out.push(d);
                }
            }
        }
    }
}

/// Where a property's value (or its item `i`) is written.
pub(super) fn location(raw: Option<&Property>, item: Option<usize>) -> Option<Location> {
    let raw = raw?;
    Some(match item.and_then(|i| raw.items.get(i)) {
        Some(it) => it.loc(),
        None if matches!(raw.value.style, ValueStyle::Empty | ValueStyle::Block) => raw.key_loc(),
        None => raw.value.loc(),
    })
}

/// A scalar as its text, for messages and comparisons.
pub(super) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => {
            if PropertyType::Number.accepts_text(s) {
                format!("its value \"{s}\" is quoted text")
            } else if matches!(s.as_str(), "true" | "false") {
                format!("its value \"{s}\" is quoted text, not a checkbox")
            } else {
                format!("its value `{s}` is text")
            }
        }
        Value::Number(n) => format!("its value `{n}` is a number"),
        Value::Bool(b) => format!("its value `{b}` is a checkbox (true/false)"),
        Value::Sequence(_) => "its value is a list".to_string(),
        Value::Mapping(_) => "its value is a nested object".to_string(),
        Value::Null => "it is empty".to_string(),
        Value::Tagged(t) => describe(&t.value),
    }
}

/// The values that do not fit the type: `(None, …)` for the value, `(Some(i), …)` for item i.
fn mismatches(kind: PropertyType, value: &Value) -> Vec<(Option<usize>, String)> {
    let value = match value {
        Value::Tagged(t) => &t.value,
        v => v,
    };
    if value.is_null() {
        return Vec::new();
    }
    let fits = match kind {
        PropertyType::Text => matches!(value, Value::String(_)),
        PropertyType::Number => matches!(value, Value::Number(_)),
        PropertyType::Checkbox => matches!(value, Value::Bool(_)),
        PropertyType::Date => value.as_str().is_some_and(is_date),
        PropertyType::Datetime => value.as_str().is_some_and(|s| is_datetime(s) || is_date(s)),
        PropertyType::List | PropertyType::Tags | PropertyType::Aliases => {
            let Value::Sequence(items) = value else {
                // Since Obsidian 1.9.3 a single string is one tag or alias.
                if kind != PropertyType::List && matches!(value, Value::String(_)) {
                    return Vec::new();
                }
                let problem = match scalar_text(value) {
                    Some(t) => format!("its value `{t}` is a single value, not a list: write `[{t}]`"),
                    None => describe(value),
                };
                return vec![(None, problem)];
            };
            return items
                .iter()
                .enumerate()
                .filter(|(_, it)| matches!(it, Value::Sequence(_) | Value::Mapping(_)))
                .map(|(i, it)| (Some(i), format!("item {} {}", i + 1, describe(it).replace("its value ", ""))))
                .collect();
        }
    };
    if fits {
        return Vec::new();
    }
    let mut problem = describe(value);
    match (kind, value) {
        (PropertyType::Number | PropertyType::Checkbox, Value::String(s)) if kind.accepts_text(s) => {
            problem.push_str(": remove the quotes");
        }
        (PropertyType::Text, Value::Number(_) | Value::Bool(_)) => problem.push_str(": quote it to keep it as written"),
        (PropertyType::Date, Value::String(s)) if is_datetime(s) => {
            problem = format!("its value `{s}` is a date and time, not a date (YYYY-MM-DD)")
        }
        (PropertyType::Date | PropertyType::Datetime, Value::String(_)) => {
            problem.push_str(if kind == PropertyType::Date {
                ", not a date (YYYY-MM-DD)"
            } else {
                ", not a date and time (YYYY-MM-DDTHH:mm)"
            });
        }
        _ => {}
    }
    vec![(None, problem)]
}

#[cfg(test)]
mod tests {
    use crate::rules::wl304_empty_property::check_configured;

    #[test]
    fn types_from_obsidian_and_wikilint_toml() {
        let config = [
            (
                ".obsidian/types.json",
                r#"{"types": {"created": "date", "rating": "number", "done": "checkbox", "genre": "multitext", "when": "datetime", "tags": "tags"}}"#,
            ),
            ("wikilint.toml", "[properties.rating]\ntype = \"text\"\n[properties.Version]\ntype = \"text\"\n"),
        ];
        let got = check_configured(
            &config,
            &[
                (
                    "Good.md",
                    "---\ncreated: 2020-08-21\nrating: WIP\ndone: true\ngenre: [a, b]\nwhen: 2024-01-01T10:00\ntags: one\nversion: \"1.0\"\nempty_done:\ndone2:\n---\n",
                ),
                (
                    "Bad.md",
                    "---\ncreated: 21/08/2020\nRating: 5\ndone: \"true\"\ngenre: essay\nwhen: tomorrow\nversion: 1.0\n---\n",
                ),
                ("List.md", "---\ngenre:\n  - a\n  - [[X]]\n  - [b, c]\ncreated: 2020-08-21T10:00\n---\n"),
            ],
            "property-type",
        );
        assert_eq!(
            got,
            [
                "Bad.md:2:10 `created` is a date property (.obsidian/types.json), but its value `21/08/2020` is text, not a date (YYYY-MM-DD)",
                "Bad.md:3:9 `Rating` is a text property (wikilint.toml), but its value `5` is a number: quote it to keep it as written",
                "Bad.md:4:7 `done` is a checkbox property (.obsidian/types.json), but its value \"true\" is quoted text, not a checkbox: remove the quotes",
                "Bad.md:5:8 `genre` is a list property (.obsidian/types.json), but its value `essay` is a single value, not a list: write `[essay]`",
                "Bad.md:6:7 `when` is a datetime property (.obsidian/types.json), but its value `tomorrow` is text, not a date and time (YYYY-MM-DDTHH:mm)",
                "Bad.md:7:10 `version` is a text property (wikilint.toml), but its value `1.0` is a number: quote it to keep it as written",
                "List.md:5:5 `genre` is a list property (.obsidian/types.json), but item 3 is a list",
                "List.md:6:10 `created` is a date property (.obsidian/types.json), but its value `2020-08-21T10:00` is a date and time, not a date (YYYY-MM-DD)",
            ]
        );
    }
}
