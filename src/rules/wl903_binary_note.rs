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
Reports a `.md` file that is not text: NUL bytes in its first 8 KiB and bytes that are not
valid UTF-8 (an image or a PDF saved under a Markdown name), or NULs making up a quarter or more
of its first 8 KiB (UTF-16 text without a byte-order mark, a file of zeroes left by a failed
sync). It is not parsed; it remains a link target.

A note that is valid UTF-8 with a few NUL bytes (a PDF pasted into a code block) is text: it is
checked like any other note, its links outside code are indexed, as Obsidian does.

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
