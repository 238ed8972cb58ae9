use super::wl304_empty_property::{properties, toml_key};
use super::wl309_property_type::{location, scalar_text};
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use serde_yaml::Value;

pub struct PropertyValue;

static INFO: RuleInfo = RuleInfo {
    code: "WL310",
    name: "property-value",
    severity: Severity::Warning,
    summary: "A property value outside the `allowed` values of wikilint.toml; names the closest one",
    docs: "## What it does
Checks properties that wikilint.toml gives a list of `allowed` values: each value (each item, for
a list) must be one of them, exactly. The finding names the closest allowed value.

```toml
[properties.rating]
allowed = [\"WIP\", \"draft\", \"done\"]
```

## Why it matters
A value spelled differently (`Done`, `wip`, `drafts`) is a different value: the note drops out of
every search, Base and Dataview query that asks for the right one.

## Example
```markdown
---
rating: Done
---
```

## Fix
Use the allowed spelling (`done`), or add the value to `allowed`.",
};

impl Rule for PropertyValue {
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
                let Some(schema) = config.schema.property(key).filter(|s| !s.allowed.is_empty()) else { continue };
                let values: Vec<(Option<usize>, &Value)> = match value {
                    Value::Sequence(items) => items.iter().enumerate().map(|(i, v)| (Some(i), v)).collect(),
                    v => vec![(None, v)],
                };
                for (i, v) in values {
                    let Some(text) = scalar_text(v) else { continue };
                    if schema.allowed.contains(&text) {
                        continue;
                    }
                    let loc = location(fm.property(key), i).unwrap_or(fm.loc);
                    let closest = closest(&text, &schema.allowed).unwrap_or_default();
                    let mut d = cx.diag(
                        &INFO,
                        loc,
                        format!(
                            "`{text}` is not an allowed value of `{key}` ({}); the closest is `{closest}`",
                            schema.allowed.join(", ")
                        ),
                    );
                    d.hint = Some(format!(
                        "write `{closest}`, or add `{text}` to `allowed` in [properties.{}]",
                        toml_key(&schema.name)
                    ));
                    out.push(d);
                }
            }
        }
    }
}

/// The candidate nearest to `word`: the same text in another case first, else the smallest
/// edit distance (ties: the first listed).
pub(super) fn closest<'a>(word: &str, candidates: &'a [impl AsRef<str>]) -> Option<&'a str> {
    let lower = word.trim().to_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.as_ref().to_lowercase() == lower) {
        return Some(c.as_ref());
    }
    candidates.iter().map(AsRef::as_ref).min_by_key(|c| distance(&lower, &c.to_lowercase()))
}

/// Levenshtein distance over characters.
pub(super) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::wl304_empty_property::check_configured;

    #[test]
    fn closest_values() {
        let allowed = ["WIP", "draft", "done"];
        assert_eq!(closest("Done", &allowed), Some("done"));
        assert_eq!(closest("drfat", &allowed), Some("draft"));
        assert_eq!(closest("wip ", &allowed), Some("WIP"));
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn values_outside_allowed() {
        let config = [(
            "wikilint.toml",
            "[properties.rating]\nallowed = [\"WIP\", \"draft\", \"done\"]\n[properties.genre]\nallowed = [\"essay\", \"article\"]\n[properties.stars]\ntype = \"number\"\nallowed = [1, 2, 3]\n",
        )];
        let got = check_configured(
            &config,
            &[
                ("A.md", "---\nrating: Done\ngenre: [essay, articel]\nstars: 4\n---\n"),
                ("B.md", "---\nrating: WIP \ngenre:\n  - article\nstars: 2\nother: x\nRating2: y\n---\n"),
                ("C.md", "---\nrating:\n---\n"),
            ],
            "property-value",
        );
        assert_eq!(
            got,
            [
                "A.md:2:9 `Done` is not an allowed value of `rating` (WIP, draft, done); the closest is `done`",
                "A.md:3:16 `articel` is not an allowed value of `genre` (essay, article); the closest is `article`",
                "A.md:4:8 `4` is not an allowed value of `stars` (1, 2, 3); the closest is `1`",
            ]
        );
    }
}
