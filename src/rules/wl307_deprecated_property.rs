use super::wl304_empty_property::properties;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct DeprecatedProperty;

static INFO: RuleInfo = RuleInfo {
    code: "WL307",
    name: "deprecated-property",
    severity: Severity::Warning,
    summary: "`tag`, `alias` or `cssclass`: singular keys Obsidian ignores since 1.9",
    docs: "## What it does
Reports the properties `tag`, `alias` and `cssclass` (any casing), deprecated in Obsidian 1.4 and
ignored since 1.9.

## Why it matters
Their values do nothing any more: the tags are not tags, the aliases do not show up in link
suggestions, the CSS classes are not applied.

## Example
```markdown
---
tag: history
alias: USSR
---
```

## Fix
Use the plural keys, as lists: `tags: [history]`, `aliases: [USSR]`, `cssclasses: [wide]`
(merge them into the plural property when the note has both).",
};

impl Rule for DeprecatedProperty {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        let Some((fm, _)) = properties(cx) else { return };
        for p in &fm.properties {
            let plural = ["tag", "alias", "cssclass"].into_iter().find(|k| p.key.eq_ignore_ascii_case(k)).map(|k| {
                if k == "alias" {
                    "aliases"
                } else if k == "tag" {
                    "tags"
                } else {
                    "cssclasses"
                }
            });
            let Some(plural) = plural else { continue };
            let both = fm.properties.iter().any(|q| q.key.eq_ignore_ascii_case(plural));
            let mut d = cx.diag(
                &INFO,
                p.key_loc(),
                format!("`{}` is ignored by Obsidian since 1.9: the property is `{plural}`", p.key),
            );
            d.hint = Some(if both {
                format!("move its values into `{plural}` and delete it")
            } else {
                format!("rename it to `{plural}` (a list)")
            });
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn singular_keys() {
        // T-139, T-140
        let got = check_texts(
            &[("A.md", "---\ntag: x\nAlias: y\ncssclass: z\ntags: [a]\nALIASES: [b]\ncssclasses: [c]\n---\n")],
            "deprecated-property",
        );
        assert_eq!(
            got,
            [
                "A.md:2:1 `tag` is ignored by Obsidian since 1.9: the property is `tags`",
                "A.md:3:1 `Alias` is ignored by Obsidian since 1.9: the property is `aliases`",
                "A.md:4:1 `cssclass` is ignored by Obsidian since 1.9: the property is `cssclasses`",
            ]
        );
    }
}
