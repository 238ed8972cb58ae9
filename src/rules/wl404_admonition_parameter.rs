use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct AdmonitionParameter;

static INFO: RuleInfo = RuleInfo {
    code: "WL404",
    name: "admonition-parameter",
    severity: Severity::Warning,
    summary: "An Admonition parameter the plugin ignores: after the body, misplaced, or `collapse:` not open/closed/none",
    docs: "## What it does
Checks the parameters of ```` ```ad- ```` blocks (`title:`, `collapse:`, `icon:`, `color:`,
`metadata:`). The plugin reads them only as the first lines of the block, each at the very start
of its line, in lower case, once. The rule reports a parameter line that comes after the body
has started (or repeats a key), an indented or capitalised one on the first line, and a
`collapse:` value other than `open`, `closed` or `none`.

## Why it matters
A misplaced parameter is shown as body text and does nothing; an unknown `collapse:` value
collapses the block (it is read as `closed`), which is rarely what was meant.

## Example
````markdown
```ad-note
Some text.
title: Sources
collapse: maybe
```
````

## Fix
Move the parameters to the top of the block, lower-case, at the start of the line, and use
`collapse: open`, `closed` or `none`.",
};

impl Rule for AdmonitionParameter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for ad in &cx.note.admonitions {
            if let (Some(value), Some(loc)) = (&ad.collapse, ad.collapse_loc)
                && !matches!(value.as_str(), "open" | "closed" | "none")
            {
                let shown =
                    if value.is_empty() { "an empty `collapse:`".to_string() } else { format!("`collapse: {value}`") };
                let mut d = cx.diag(
                    &INFO,
                    loc,
                    format!("{shown} is not open, closed or none: the plugin collapses the block (as `closed`)"),
                );
                d.hint = Some("write `collapse: open`, `collapse: closed` or `collapse: none`".into());
                out.push(d);
            }
            for &loc in &ad.stray_params {
                let mut d = cx.diag(
                    &INFO,
                    loc,
                    "this looks like an Admonition parameter, but the plugin shows it as body text".to_string(),
                );
                d.hint = Some(
                    "parameters must be the first lines of the block, lower-case, at the start of the line, each once"
                        .into(),
                );
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn misplaced_and_bad_parameters() {
        let text = "```ad-tip\ntitle: T\ncollapse: maybe\nBody\ntitle: again\n```\n\n\
                    ```ad-note\n Title: X\n```\n\n```ad-note\ncollapse: open\ntitle: a\ntitle: b\n```\n\n\
                    ````ad-note\ncollapse:\nbody\n```yaml\ntitle: in code\n```\n````\n\n\
                    ```ad-note\nBody mentions title: fine\n```\n";
        let got = check_texts(&[("A.md", text)], "admonition-parameter");
        assert_eq!(
            got,
            [
                "A.md:3:11 `collapse: maybe` is not open, closed or none: the plugin collapses the block (as `closed`)",
                "A.md:5:1 this looks like an Admonition parameter, but the plugin shows it as body text",
                "A.md:9:2 this looks like an Admonition parameter, but the plugin shows it as body text",
                "A.md:15:1 this looks like an Admonition parameter, but the plugin shows it as body text",
                "A.md:19:10 an empty `collapse:` is not open, closed or none: the plugin collapses the block (as `closed`)",
            ]
        );
    }
}
