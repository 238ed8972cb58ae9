use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};

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

/// Drops the padding around the target; the display text is left as written (Obsidian
/// trims it too, so the link renders the same). A glued link gets its space from glued-link.
fn trim_fix(link: &crate::note::Link) -> Option<Fix> {
    let raw = super::link_parts::raw_target(link)?;
    let kept = super::link_parts::trimmed_target(link)?;
    let at = link.loc.span.start;
    let trimmed = &link.original[kept.start - at..kept.end - at];
    Some(Fix::safe("trim the whitespace inside the brackets", vec![Edit::replace(raw, trimmed)]))
}

impl Rule for PaddedLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for link in cx.note.links.iter().filter(|l| l.padded) {
            let mut d = cx.diag(
                &INFO,
                link.loc,
                format!("whitespace around the target \"{}\" inside the brackets", link.target),
            );
            d.hint = Some("Obsidian trims it; move the space outside the brackets".into());
            d.fix = trim_fix(link);
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
