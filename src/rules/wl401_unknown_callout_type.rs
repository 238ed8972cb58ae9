use super::wl310_property_value::distance;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct UnknownCalloutType;

static INFO: RuleInfo = RuleInfo {
    code: "WL401",
    name: "unknown-callout-type",
    severity: Severity::Warning,
    summary: "A `> [!type]` callout whose type is not built in nor declared (wikilint.toml, CSS snippet, Admonition)",
    docs: "## What it does
Reports a callout whose type is none of Obsidian's built-in types or their aliases (`note`,
`abstract`/`summary`/`tldr`, `info`, `todo`, `tip`/`hint`/`important`, `success`/`check`/`done`,
`question`/`help`/`faq`, `warning`/`caution`/`attention`, `failure`/`fail`/`missing`,
`danger`/`error`, `bug`, `example`, `quote`/`cite`), compared case-insensitively, and not
declared elsewhere: `custom` in wikilint.toml's `[callouts]`, a `[data-callout=\"…\"]` selector
in an enabled CSS snippet or the theme, or a custom type of the Admonition plugin
(`.obsidian/plugins/obsidian-admonition/data.json`).

## Why it matters
An unknown type renders as a plain `note` callout: usually a typo (`[!warnign]`) or a type from
another tool (`[!seealso]` is an Admonition alias, not a callout).

## Example
```markdown
> [!warnign] Check the dates
```

## Fix
Use a built-in type (`[!warning]`), or declare yours:

```toml
[callouts]
custom = [\"timeline\"]
```",
};

/// Obsidian's callout types and their aliases (spec §5.1).
pub const BUILT_IN: &[&str] = &[
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
];

impl Rule for UnknownCalloutType {
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
            for c in &cx.note.callouts {
                let kind = c.kind.as_str();
                // `[!note-]`: a misplaced fold marker, the malformed-callout rule's.
                if kind.len() > 1 && kind.ends_with(['+', '-']) && BUILT_IN.contains(&&kind[..kind.len() - 1]) {
                    continue;
                }
                if BUILT_IN.contains(&kind) || config.schema.callout_types.contains(kind) {
                    continue;
                }
                let mut d = cx.diag(
                    &INFO,
                    c.header,
                    format!("`[!{kind}]` is not a callout type Obsidian knows: it shows as a `note` callout"),
                );
                let near = BUILT_IN.iter().map(|b| (distance(kind, b), *b)).min().filter(|(n, _)| *n <= 2);
                d.hint = Some(match near {
                    Some((_, b)) => format!("did you mean `[!{b}]`?"),
                    None => format!(
                        "if a CSS snippet styles it, declare it in wikilint.toml: [callouts] custom = [\"{kind}\"]"
                    ),
                });
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::wl304_empty_property::check_configured;

    #[test]
    fn built_ins_aliases_and_declared_types() {
        let config = [
            ("wikilint.toml", "[callouts]\ncustom = [\"Timeline\"]\n"),
            (
                ".obsidian/plugins/obsidian-admonition/data.json",
                r#"{"userAdmonitions": {"recipe": {"type": "recipe"}}}"#,
            ),
            (".obsidian/appearance.json", r#"{"enabledCssSnippets": ["callouts"]}"#),
            (
                ".obsidian/snippets/callouts.css",
                ".callout[data-callout=\"kanban\"] { color: red }\n.callout[data-callout='x-y'] {}",
            ),
            (".obsidian/snippets/off.css", ".callout[data-callout=\"disabled\"] {}"),
        ];
        let text = "> [!WARNING] a\n\n> [!faq]- b\n\n> [!timeline]\n\n> [!recipe]\n\n> [!kanban]\n\n> [!X-Y]\n\n\
                    > [!warnign] c\n\n> [!seealso]\n\n> [!disabled]\n\n> [!info|wide] m\n\n> [!note-] d\n\n> [!my type]\n";
        let got = check_configured(&config, &[("A.md", text)], "unknown-callout-type");
        assert_eq!(
            got,
            [
                "A.md:13:3 `[!warnign]` is not a callout type Obsidian knows: it shows as a `note` callout",
                "A.md:15:3 `[!seealso]` is not a callout type Obsidian knows: it shows as a `note` callout",
                "A.md:17:3 `[!disabled]` is not a callout type Obsidian knows: it shows as a `note` callout",
            ]
        );
    }
}
