use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct UnclosedFrontmatter;

static INFO: RuleInfo = RuleInfo {
    code: "WL302",
    name: "unclosed-frontmatter",
    severity: Severity::Warning,
    summary: "A frontmatter `---` never closed, or closed only by a later thematic break that swallows the note",
    docs: "## What it does
Reports a note that starts with `---` and YAML properties but has no closing `---` line, and a
frontmatter block that Obsidian closes only at a later `---` (a thematic break further down), so
that Markdown text sits inside the YAML. The finding points at the opening `---`.

## Why it matters
Without a closing line Obsidian reads no frontmatter at all: the `---` is a horizontal rule and
the properties are shown as text. When a later `---` closes the block instead, everything up to
it is read as YAML: that usually fails (no properties), and the text and links swallowed by it
are no longer part of the note's body, so they are neither shown nor indexed.

## Example
```markdown
---
title: Notes on the NEP
rating: WIP

See [[Lenin]].

---
More text
```

## Fix
Close the frontmatter right after the last property with a `---` line.",
};

impl Rule for UnclosedFrontmatter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::UnclosedFrontmatter, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn never_closed_and_swallowed() {
        let got = check_texts(
            &[
                ("Open.md", "---\ntitle: x\nrating: WIP\n\n# Heading\nText\n"),
                ("Swallow.md", "---\ntitle: x\n\nSee [[X]].\n\n---\nMore\n"), // T-129
                ("Rule.md", "---\n\nJust a rule at the top.\n"),
                ("Good.md", "---\ntitle: x\n---\nBody\n\n---\nmore: text\n"),
                ("Json.md", "---\n{\"tags\": [\"a\"],\n \"publish\": false}\n---\n"),
            ],
            "unclosed-frontmatter",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("Open.md:1:1 frontmatter is never closed"), "{got:?}");
        assert!(got[1].starts_with("Swallow.md:1:1 the frontmatter is closed only by the `---` on line 6"), "{got:?}");
    }
}
