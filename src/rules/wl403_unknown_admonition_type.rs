use super::wl310_property_value::distance;
use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct UnknownAdmonitionType;

static INFO: RuleInfo = RuleInfo {
    code: "WL403",
    name: "unknown-admonition-type",
    severity: Severity::Warning,
    summary: "An ```` ```ad-type ```` block whose type the Admonition plugin does not define",
    docs: "## What it does
Reports an ```` ```ad-TYPE ```` code block whose type is not one of the Admonition plugin's
default types and aliases (`note`/`seealso`, `abstract`/`summary`/`tldr`, `info`/`todo`,
`tip`/`hint`/`important`, `success`/`check`/`done`, `question`/`help`/`faq`,
`warning`/`caution`/`attention`, `failure`/`fail`/`missing`, `danger`/`error`, `bug`, `example`,
`quote`/`cite`) nor a custom type defined in the plugin's settings
(`.obsidian/plugins/obsidian-admonition/data.json`, `userAdmonitions`). Types are compared as
written, in lower case.

## Why it matters
The plugin renders an unknown type as a plain code block: the title, the colours and the
Markdown inside are lost.

## Example
````markdown
```ad-infor
Published in 1987.
```
````

## Fix
Use a defined type (`ad-info`), define the type in the Admonition plugin's settings, or turn the
block into a core callout (`> [!info]`), whose links Obsidian also indexes.",
};

/// The Admonition plugin's default types and aliases (spec §5.2).
/// The Admonition plugin's default types: the core callout types and aliases (its `todo` is an
/// alias of `info`, which does not change the set), plus `seealso`.
fn is_default(kind: &str) -> bool {
    kind == "seealso" || super::wl401_unknown_callout_type::BUILT_IN.contains(&kind)
}

impl Rule for UnknownAdmonitionType {
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
            for ad in &cx.note.admonitions {
                let kind = ad.kind.as_str();
                if is_default(kind) || config.schema.admonition_types.contains(kind) {
                    continue;
                }
                let lower = kind.to_lowercase();
                let mut d = cx.diag(
                    &INFO,
                    ad.kind_loc,
                    format!("`ad-{kind}` is not an Admonition type: the plugin shows a plain code block"),
                );
                let near = std::iter::once("seealso")
                    .chain(super::wl401_unknown_callout_type::BUILT_IN.iter().copied())
                    .chain(config.schema.admonition_types.iter().map(String::as_str))
                    .map(|t| (distance(&lower, &t.to_lowercase()), t))
                    .min()
                    .filter(|(n, _)| *n <= 2);
                d.hint = Some(match near {
                    Some((_, t)) => format!("did you mean `ad-{t}`?"),
                    None => "define it in the Admonition plugin's settings, or use a callout (`> [!note]`)".to_string(),
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
    fn defaults_and_user_types() {
        let config = [(
            ".obsidian/plugins/obsidian-admonition/data.json",
            r#"{"userAdmonitions": {"recipe": {"type": "recipe", "icon": {}, "color": "1, 2, 3"}}}"#,
        )];
        let text = "```ad-info\nx\n```\n\n```ad-todo\n```\n\n```ad-seealso\n```\n\n```ad-recipe\n```\n\n\
                    ```ad-foo\n```\n\n````ad-infor title\n```\n````\n\n```python\n```\n";
        let got = check_configured(&config, &[("A.md", text)], "unknown-admonition-type");
        assert_eq!(
            got,
            [
                "A.md:14:4 `ad-foo` is not an Admonition type: the plugin shows a plain code block",
                "A.md:17:5 `ad-infor` is not an Admonition type: the plugin shows a plain code block",
            ]
        );
    }
}
