use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct MisplacedFrontmatter;

static INFO: RuleInfo = RuleInfo {
    code: "WL303",
    name: "misplaced-frontmatter",
    severity: Severity::Warning,
    summary: "A YAML-looking block between `---` lines that does not start the note, so it is no frontmatter",
    docs: "## What it does
Reports a block of `key: value` lines between two `---` lines near the top of a note that
Obsidian does not read as frontmatter: a blank line or some text comes before it, or its opening
line is `--- ` with trailing whitespace. Only the first `---` of the note, after at most five lines
of text, is looked at; further down, a `---` is an ordinary horizontal rule.

## Why it matters
Frontmatter must start at the very first byte of the file (a BOM aside). Anywhere else the block
is Markdown: a horizontal rule, and its last line turned into a heading by the closing `---`
(`format: article` becomes a level-2 heading). The note has none of those properties, tags or
aliases.

## Example
```markdown

---
rating: WIP
format: article
---
```

## Fix
Delete what comes before the opening `---` (here the blank line) and the trailing whitespace
after it.",
};

impl Rule for MisplacedFrontmatter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::MisplacedFrontmatter, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn blank_line_text_or_trailing_space_before() {
        let got = check_texts(
            &[
                ("Blank.md", "\n---\ntitle: x\n---\nBody\n"), // T-124
                ("Space.md", "--- \na: 1\n---\n"),            // T-127
                ("Title.md", "# Title\n---\nauthor: me\nrating: WIP\n---\n"),
                ("Good.md", "---\na: 1\n---\n"),
                ("Rule.md", "Intro\n\n---\n\nText: with a colon\n\n---\n"),
                ("Far.md", "1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n---\na: 1\n---\n"),
                ("Prose.md", "\n---\nSee [[X]].\n---\n"),
            ],
            "misplaced-frontmatter",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("Blank.md:2:1 this looks like frontmatter but does not start the note (line 2)"));
        assert!(got[0].ends_with("the heading \"title: x\" instead"), "{got:?}");
        assert!(got[1].starts_with("Space.md:1:1 the opening `---` has trailing whitespace"), "{got:?}");
        assert!(got[2].starts_with("Title.md:2:1"), "{got:?}");
    }
}
