use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct InvalidFrontmatter;

static INFO: RuleInfo = RuleInfo {
    code: "WL301",
    name: "invalid-frontmatter",
    severity: Severity::Error,
    summary: "Frontmatter that is not valid YAML, or not a mapping of properties",
    docs: "## What it does
Reports a frontmatter block (at the very start of the note, between `---` lines) whose YAML does
not parse, has duplicate keys, or is a list or a single value instead of `key: value` pairs. The
position points at the error inside the block. The rest of the note is still checked.

## Why it matters
Obsidian then ignores every property of the note: no tags, no aliases, no frontmatter links,
and the Properties view shows an error.

## Example
```markdown
---
tags: [history, ussr
rating: WIP
---
```

## Fix
Correct the YAML (here, close the list with `]`). Quote values that contain `: `, `#` or start with `[`.",
};

impl Rule for InvalidFrontmatter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::InvalidFrontmatter, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn points_into_the_yaml() {
        let got = check_texts(
            &[("A.md", "---\ntags: [a, b\nx: 1\n---\n[[A]]\n"), ("B.md", "---\n- a\n---\n")],
            "invalid-frontmatter",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("A.md:3:") || got[0].starts_with("A.md:2:") || got[0].starts_with("A.md:4:"),
            "{got:?}"
        );
        assert!(got[1].starts_with("B.md:2:1 frontmatter is a list"));
    }
}
