use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct BinaryNote;

static INFO: RuleInfo = RuleInfo {
    code: "WL903",
    name: "binary-note",
    severity: Severity::Error,
    summary: "A `.md` file that holds binary data (NUL bytes), not text",
    docs: "## What it does
Reports a `.md` file whose first 8 KiB contain a NUL byte: binary data under a Markdown name. It is
not parsed; it remains a link target.

## Why it matters
Obsidian opens it as garbage text, and editing it there destroys the binary content.

## Example
```text
scan.md: looks like a binary file (NUL byte at offset 4), not Markdown; not checked
```

## Fix
Give the file its real extension (`scan.pdf`) and update the links to it.",
};

impl Rule for BinaryNote {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::Binary, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}
