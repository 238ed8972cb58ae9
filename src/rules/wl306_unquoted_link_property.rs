use super::wl304_empty_property::properties;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::note::ValueStyle;
use serde_yaml::Value;

pub struct UnquotedLinkProperty;

static INFO: RuleInfo = RuleInfo {
    code: "WL306",
    name: "unquoted-link-property",
    severity: Severity::Warning,
    summary: "A link written unquoted in a property: `up: [[Lenin]]` is a nested list to YAML",
    docs: "## What it does
Reports a property value, or an item of a property's list, written as an unquoted `[[link]]`.

## Why it matters
YAML reads `[[Lenin]]` as a list holding a list holding the text `Lenin`, not as a link: Obsidian
shows no link, the note gets no backlink, the graph has no edge, and renaming `Lenin.md` does not
update it.

## Example
```markdown
---
up: [[Lenin]]
related:
  - [[Trotsky]]
---
```

## Fix
Quote it: `up: \"[[Lenin]]\"`, `- \"[[Trotsky]]\"`.",
};

impl Rule for UnquotedLinkProperty {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        let Some((fm, map)) = properties(cx) else { return };
        for p in &fm.properties {
            // The value is looked up (a hash of the key) only for what holds a bare link.
            if p.value.style != ValueStyle::BareLink && p.items.iter().all(|raw| raw.style != ValueStyle::BareLink) {
                continue;
            }
            let value = map.get(&*p.key);
            let items = value.and_then(Value::as_sequence);
            let raws = std::iter::once((&p.value, value))
                .chain(p.items.iter().enumerate().map(|(i, raw)| (raw, items.and_then(|s| s.get(i)))));
            for (raw, parsed) in raws.filter(|(r, _)| r.style == ValueStyle::BareLink) {
                // YAML's reading of `[[X]]`: a list holding a list holding "X".
                let inner = parsed
                    .and_then(Value::as_sequence)
                    .and_then(|s| s.first())
                    .and_then(Value::as_sequence)
                    .and_then(|s| s.first())
                    .and_then(Value::as_str);
                let written = inner.map_or_else(|| "[[…]]".to_string(), |t| format!("[[{t}]]"));
                let mut d = cx.diag(
                    &INFO,
                    raw.loc(),
                    format!(
                        "`{written}` in `{}` is not a link: unquoted, YAML reads it as a list inside a list",
                        p.key
                    ),
                );
                d.hint = Some(format!("quote it: \"{written}\""));
                // Quoting is only a pair of insertions when the value is exactly the link and
                // holds nothing a double-quoted YAML string would read differently.
                let span = raw.loc().span;
                if inner.is_some_and(|t| !t.contains(['"', '\\'])) && span.end - span.start == written.len() {
                    d.fix = Some(Fix::safe(
                        "quote the link",
                        vec![Edit::insert(span.start, "\""), Edit::insert(span.end, "\"")],
                    ));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn bare_links_in_values_and_items() {
        let got = check_texts(
            &[
                (
                    "A.md",
                    "---\nup: [[Lenin]]\nrel:\n  - [[Trotsky|T]]\n  - \"[[Ok]]\"\nflow: [[[X]], \"[[Y]]\"]\n---\n",
                ), // T-133
                ("B.md", "---\nlink: \"[[Episode IV]]\"\nnested: [[a, b], [c]]\ntext: see [[X]]\n---\n"), // T-132, T-135
            ],
            "unquoted-link-property",
        );
        assert_eq!(
            got,
            [
                "A.md:2:5 `[[Lenin]]` in `up` is not a link: unquoted, YAML reads it as a list inside a list",
                "A.md:4:5 `[[Trotsky|T]]` in `rel` is not a link: unquoted, YAML reads it as a list inside a list",
                "A.md:6:8 `[[X]]` in `flow` is not a link: unquoted, YAML reads it as a list inside a list",
            ]
        );
    }
}
