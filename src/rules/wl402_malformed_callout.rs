use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct MalformedCallout;

static INFO: RuleInfo = RuleInfo {
    code: "WL402",
    name: "malformed-callout",
    severity: Severity::Warning,
    summary: "A callout header Obsidian does not read as meant: `> [!note` unclosed, `> [! note]`, a misplaced fold marker",
    docs: "## What it does
Reports the first line of a blockquote that tries to open a callout and gets it wrong: `[!note`
with no `]`, `[!]` with no type, a type with a space (`[!my type]`), spaces inside the marker
(`[! note]`), and a fold marker in the wrong place: inside the brackets (`[!faq-]`) or separated
from them (`[!faq] - Title`).

## Why it matters
Without `]` or with a space in the type, Obsidian shows a plain quote. A fold marker must follow
`]` directly: `[!faq-]` is the unknown type `faq-`, and in `[!faq] -` the `-` becomes the start of
the title, so the callout does not fold.

## Example
```markdown
> [!faq] - Are callouts foldable?
> [!note Remember this
```

## Fix
Write `> [!faq]- Are callouts foldable?` and `> [!note] Remember this`.",
};

impl Rule for MalformedCallout {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::MalformedCallout, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn headers_gone_wrong() {
        let text = "> [!note Remember\n\n> [! note] a\n\n> [!]\n\n> [!my type]\n\n> [!faq-] b\n\n> [!faq] - c\n\n\
                    > [!faq]- ok\n\n> [!tip]+\n\n> Note: [!note] not a callout\n\n> [!note] -dash title\n\n> > [!todo nested\n";
        let got = check_texts(&[("A.md", text)], "malformed-callout");
        assert_eq!(
            got,
            [
                "A.md:1:3 `[!note Remember` is not closed by `]`, so Obsidian shows a plain quote, not a callout",
                "A.md:3:3 space inside the callout marker `[! note]`; write `[!note]`",
                "A.md:5:3 no callout type between `[!` and `]`",
                "A.md:7:3 the callout type `my type` has a space, so Obsidian shows a plain quote; write `[!my-type]`",
                "A.md:9:3 the fold marker `-` is inside the brackets, so the type is `faq-`; write `[!faq]-`",
                "A.md:11:3 the fold marker `-` is separated from `]`, so the callout does not fold and its title starts with `-`; write `[!faq]-`",
                "A.md:21:5 `[!todo nested` is not closed by `]`, so Obsidian shows a plain quote, not a callout",
            ]
        );
    }
}
