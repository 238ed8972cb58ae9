use super::{NoteContext, Rule, RuleInfo};
use crate::config::PropertyType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::{Frontmatter, ValueStyle};
use serde_yaml::{Mapping, Value};

pub struct EmptyProperty;

/// Obsidian's list properties, which its property editor and core templates leave blank.
const OBSIDIAN_BLANK_LISTS: &[&str] = &["aliases", "tags", "cssclasses"];

static INFO: RuleInfo = RuleInfo {
    code: "WL304",
    name: "empty-property",
    severity: Severity::Warning,
    summary: "A property with no value: `author:`",
    docs: "## What it does
Reports a top-level property written with nothing after its colon (`author:`), or with only a
comment (`rating: # later`). Checkbox properties are not reported (empty is their third state),
nor properties declared `allow-empty = true` in wikilint.toml, nor a blank `aliases:`, `tags:` or
`cssclasses:`, which Obsidian's own property editor and templates write (declare one under
`[properties.NAME]` in wikilint.toml to have it reported).

## Why it matters
An empty property is usually a template field never filled in. It shows as an empty row in the
Properties view, matches no value in searches and Bases, and hides that the information is
missing.

## Example
```markdown
---
author:
rating: WIP
---
```

## Fix
Fill in the value, or delete the line. To keep a property empty on purpose, declare it in
wikilint.toml:

```toml
[properties.author]
allow-empty = true
```",
};

impl Rule for EmptyProperty {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        // Notes only (not canvases), as Obsidian reads properties and callouts of notes.
        if !cx.vault.files[cx.file].is_note {
            return;
        }
        {
            let config = cx.config;
            let Some((fm, map)) = properties(cx) else { return };
            for p in &fm.properties {
                if !matches!(p.value.style, ValueStyle::Empty | ValueStyle::Comment)
                    || !map.get(&*p.key).is_some_and(Value::is_null)
                {
                    continue;
                }
                let schema = config.schema.property(&p.key);
                if schema.is_some_and(|s| s.allow_empty || s.kind == Some(PropertyType::Checkbox)) {
                    continue;
                }
                // Obsidian's own property editor and templates write these blank; a
                // `[properties.NAME]` entry in wikilint.toml brings them back.
                if schema.is_none() && OBSIDIAN_BLANK_LISTS.iter().any(|k| p.key.eq_ignore_ascii_case(k)) {
                    continue;
                }
                // `tags: #journal` is the invalid-tag rule's.
                let is_tags = p.key.eq_ignore_ascii_case("tags");
                let mut d = if p.value.style == ValueStyle::Comment {
                    if is_tags {
                        continue;
                    }
                    cx.diag(
                        &INFO,
                        p.key_loc(),
                        format!("`{}` has no value: what follows it is a YAML comment (it starts with `#`)", p.key),
                    )
                } else {
                    cx.diag(&INFO, p.key_loc(), format!("`{}` has no value", p.key))
                };
                d.hint = Some(format!(
                    "fill it in or delete the line; to allow it empty, set `[properties.{}] allow-empty = true` in wikilint.toml",
                    toml_key(&p.key)
                ));
                out.push(d);
            }
        }
    }
}

/// A property name as a TOML key: bare when it can be, quoted otherwise.
pub(super) fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// The frontmatter of a note and its properties, when it has some Obsidian reads (valid YAML,
/// a mapping).
pub(super) fn properties<'a>(cx: &NoteContext<'a>) -> Option<(&'a Frontmatter, &'a Mapping)> {
    let fm = cx.note.frontmatter.as_ref()?;
    match fm.value.as_ref()? {
        Value::Mapping(m) => Some((fm, m)),
        _ => None,
    }
}

/// Like `check_texts`, with configuration files (`wikilint.toml`, `.obsidian/…`) written to a
/// temporary vault root first: for the unit tests of the rules driven by wikilint.toml.
#[cfg(test)]
pub(crate) fn check_configured(config: &[(&str, &str)], texts: &[(&str, &str)], rule: &str) -> Vec<String> {
    use crate::index::VaultIndex;
    use crate::vault::Vault;
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in config {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let config = crate::config::Config::load(dir.path(), &Default::default(), crate::rules::catalog()).unwrap();
    let vault = Vault::from_texts(dir.path(), texts);
    let index = VaultIndex::build(&vault);
    super::check(&vault, &index, &config)
        .diagnostics
        .into_iter()
        .filter(|d| d.name == rule)
        .map(|d| format!("{}:{}:{} {}", d.path, d.loc.start.line, d.loc.start.col, d.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn blank_obsidian_lists_are_not_reported() {
        let got = check_texts(
            &[("A.md", "---\naliases:\ntags:\ncssclasses:\nTags: # none\nauthor:\n---\n")],
            "empty-property",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("`author` has no value"), "{got:?}");
    }

    #[test]
    fn reports_keys_without_values() {
        let got = check_texts(
            &[
                ("Seed.md", "---\nauthor: \nrating: WIP \n---\n"),
                ("Other.md", "---\na: ~\nb: \"\"\nc:\n  - x\nd: # later\ntags: #x\ne:\n# c\nf: 1\n---\n"),
                ("Bad.md", "---\na:\na: 1\n---\n"),
            ],
            "empty-property",
        );
        assert_eq!(
            got,
            [
                "Other.md:6:1 `d` has no value: what follows it is a YAML comment (it starts with `#`)",
                "Other.md:8:1 `e` has no value",
                "Seed.md:2:1 `author` has no value",
            ]
        );
    }
}
