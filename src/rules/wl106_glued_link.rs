use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};

pub struct GluedLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL106",
    name: "glued-link",
    severity: Severity::Warning,
    summary: "A link glued to the word before it: `towards[[reformism]]`",
    docs: "## What it does
Reports a wikilink or embed that directly follows a letter or digit, with no space between. Scripts
written without spaces (Chinese, Japanese, Korean) are exempt.

## Why it matters
The note reads `towardsreformism` in Reading view, and the missing space is invisible in the
editor's link styling.

## Example
```markdown
bent towards[[reformism]].
```

## Fix
Insert a space before the link: `towards [[reformism]]`.",
};

impl Rule for GluedLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for link in cx.note.links.iter().filter(|l| l.glued) {
            let mut d = cx.diag(&INFO, link.loc, format!("link {} is glued to the word before it", link.original));
            d.hint = Some("insert a space before the link".into());
            d.fix = Some(Fix::safe("insert a space before the link", vec![Edit::insert(link.loc.span.start, " ")]));
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_glued_links() {
        let got =
            check_texts(&[("Src.md", "towards[[reformism]] a [[b]] (x)[[c]] 中文[[d]] 1984[[e]]\n")], "glued-link");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("Src.md:1:8"));
    }
}
