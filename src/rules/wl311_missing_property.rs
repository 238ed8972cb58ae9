use super::wl304_empty_property::toml_key;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::{Location, Pos, Span};
use serde_yaml::Value;

pub struct MissingProperty;

static INFO: RuleInfo = RuleInfo {
    code: "WL311",
    name: "missing-property",
    severity: Severity::Warning,
    summary: "A property wikilint.toml marks `required` is absent from a note in its `folders`",
    docs: "## What it does
Reports each note that lacks a property wikilint.toml marks `required = true` (in any casing of
its name), among the notes its `folders` globs select (all notes when there is no `folders`). A
present but empty property counts as present: that is the empty-property rule's. Notes whose
frontmatter is not valid YAML are left to invalid-frontmatter.

```toml
[properties.rating]
required = true
folders = [\"Notes/**\"]
```

## Why it matters
A note without the property is invisible to every query on it: \"which notes are still WIP?\"
cannot find a note that has no `rating` at all.

## Example
```markdown
---
genre: political
---
```
in `Notes/`, where `rating` is required.

## Fix
Add the property (`rating: WIP`), or narrow `folders`.",
};

impl Rule for MissingProperty {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        // Notes only (not canvases), as Obsidian reads properties and callouts of notes.
        if !cx.vault.files[cx.file].is_note {
            return;
        }
        let required: Vec<_> = cx.config.schema.required().into_iter().map(|s| (s, s.name.to_lowercase())).collect();
        if required.is_empty() {
            return;
        }
        {
            let (map, loc) = match &cx.note.frontmatter {
                Some(fm) => match &fm.value {
                    Some(Value::Mapping(m)) => {
                        let first_line = fm.loc.span.start + 3;
                        let end = Pos { line: fm.loc.start.line, col: fm.loc.start.col + 3 };
                        (
                            Some(m),
                            Location {
                                span: Span { start: fm.loc.span.start, end: first_line },
                                start: fm.loc.start,
                                end,
                            },
                        )
                    }
                    _ => return,
                },
                None => (
                    None,
                    Location { start: Pos { line: 1, col: 1 }, end: Pos { line: 1, col: 1 }, ..Default::default() },
                ),
            };
            for (schema, lower) in required.iter().filter(|(s, _)| s.in_scope(cx.path)) {
                let same = |k: &str| k.eq_ignore_ascii_case(lower) || (!k.is_ascii() && k.to_lowercase() == *lower);
                let present = map.is_some_and(|m| m.keys().any(|k| k.as_str().is_some_and(same)));
                if present {
                    continue;
                }
                let mut d = cx.diag(&INFO, loc, format!("the required property `{}` is missing", schema.name));
                d.hint = Some(format!(
                    "add `{}:` to the frontmatter (required by [properties.{}] in wikilint.toml)",
                    schema.name,
                    toml_key(&schema.name)
                ));
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::wl304_empty_property::check_configured;

    #[test]
    fn required_in_scope() {
        let config = [(
            "wikilint.toml",
            "[properties.rating]\nrequired = true\nfolders = [\"Notes/**\"]\n[properties.Author]\nrequired = true\nfolders = [\"Notes\"]\n[properties.genre]\n",
        )];
        let got = check_configured(
            &config,
            &[
                ("Notes/A.md", "---\nRATING: WIP\nauthor:\n---\n"),
                ("Notes/sub/B.md", "---\ngenre: x\n---\n"),
                ("Notes/C.md", "No frontmatter.\n"),
                ("Notes/D.md", "---\nrating: [a\n---\n"),
                ("Other/E.md", "---\ngenre: x\n---\n"),
            ],
            "missing-property",
        );
        assert_eq!(
            got,
            [
                "Notes/C.md:1:1 the required property `Author` is missing",
                "Notes/C.md:1:1 the required property `rating` is missing",
                "Notes/sub/B.md:1:1 the required property `Author` is missing",
                "Notes/sub/B.md:1:1 the required property `rating` is missing",
            ]
        );
    }
}
