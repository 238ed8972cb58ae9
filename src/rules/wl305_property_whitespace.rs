use super::wl304_empty_property::properties;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use serde_yaml::Value;

pub struct PropertyWhitespace;

static INFO: RuleInfo = RuleInfo {
    code: "WL305",
    name: "property-whitespace",
    severity: Severity::Warning,
    summary: "Trailing whitespace after a plain property value: `rating: WIP `",
    docs: "## What it does
Reports spaces or tabs at the end of an unquoted (plain) property value, on a top-level property
or on an item of its list. It reads the raw text, since YAML parsers drop that whitespace.

## Why it matters
It is invisible in Obsidian, which shows `WIP`; but anything that reads the frontmatter as text
(grep, scripts, sync and publishing tools, other editors) sees `WIP ` as a different value from
`WIP`, which splits the values of the property in every such query (`wikilint props rating` lists
it apart as `WIP␠`), and the stray byte churns diffs.

## Example
```markdown
---
rating: WIP 
---
```

## Fix
Delete the whitespace at the end of the line.",
};

impl Rule for PropertyWhitespace {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        let Some((fm, map)) = properties(cx) else { return };
        for p in &fm.properties {
            // The value is looked up (a hash of the key) only for what has trailing whitespace.
            if p.value.trailing == 0 && p.items.iter().all(|raw| raw.trailing == 0) {
                continue;
            }
            let value = map.get(&*p.key);
            let items = value.and_then(Value::as_sequence);
            let raws = std::iter::once((&p.value, value))
                .chain(p.items.iter().enumerate().map(|(i, raw)| (raw, items.and_then(|s| s.get(i)))));
            for (raw, parsed) in raws {
                let Some(loc) = raw.trailing_loc() else { continue };
                let shown = match parsed.and_then(Value::as_str) {
                    Some(s) => format!(" after \"{s}\""),
                    None => String::new(),
                };
                let what = match (raw.trailing, raw.trailing_tab) {
                    (1, false) => "a trailing space",
                    (1, true) => "a trailing tab",
                    _ => "trailing whitespace",
                };
                let mut d = cx.diag(&INFO, loc, format!("{what}{shown} in `{}`", p.key));
                d.hint = Some("delete it: YAML drops it, but text-based tools see a different value".into());
                d.fix = Some(Fix::safe("delete the trailing whitespace", vec![Edit::delete(loc.span)]));
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn finds_whitespace_yaml_drops() {
        let got = check_texts(
            &[
                ("Seed.md", "---\nauthor: \nrating: WIP \n---\n"),
                ("List.md", "---\ntags:\n  - a\t\n  - b\nq: \"x \" \nc: ok # note  \n---\n"),
                ("Crlf.md", "---\r\nrating: WIP  \r\n---\r\n"),
            ],
            "property-whitespace",
        );
        assert_eq!(
            got,
            [
                "Crlf.md:2:12 trailing whitespace after \"WIP\" in `rating`",
                "List.md:3:6 a trailing tab after \"a\" in `tags`",
                "Seed.md:3:12 a trailing space after \"WIP\" in `rating`",
            ]
        );
    }
}
