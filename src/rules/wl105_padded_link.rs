use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct PaddedLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL105",
    name: "padded-link",
    severity: Severity::Warning,
    summary: "Whitespace inside the brackets around the target: `[[ labor aristocracy]]`",
    docs: "## What it does
Reports a wikilink whose target starts or ends with whitespace inside the brackets. Obsidian
trims it, so the link resolves, but the padding is almost always a typo.

## Why it matters
Other tools (publishers, exporters, scripts, other editors) do not trim, so the link breaks as
soon as the note leaves Obsidian; and the padding usually hides a missing space outside.

## Example
```markdown
creating a[[ labor aristocracy]] in their home countries
```

## Fix
Move the space outside: `a [[labor aristocracy]]`.",
};

impl Rule for PaddedLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for link in cx.note.links.iter().filter(|l| l.padded) {
            let mut d = cx.diag(
                &INFO,
                link.loc,
                format!("whitespace around the target \"{}\" inside the brackets", link.target),
            );
            d.hint = Some("Obsidian trims it; move the space outside the brackets".into());
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_padding() {
        let got = check_texts(&[("Src.md", "a[[ b]] [[c ]] [[d|e]] [[ f | g]]\n")], "padded-link");
        assert_eq!(got.len(), 3, "{got:?}");
    }
}
