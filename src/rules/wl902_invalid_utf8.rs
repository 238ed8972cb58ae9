use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct InvalidUtf8;

static INFO: RuleInfo = RuleInfo {
    code: "WL902",
    name: "invalid-utf8",
    severity: Severity::Error,
    summary: "A note that is not valid UTF-8 (byte offset of the first bad sequence)",
    docs: "## What it does
Reports a `.md` file that is not valid UTF-8, with the line, column and byte offset of the first
bad byte sequence. The rest of the note is checked as Obsidian shows it, with replacement
characters.

## Why it matters
Obsidian shows the bad bytes as `�` and saving the note from Obsidian replaces them for good.
Usually the note was saved in a legacy encoding (Latin-1, Windows-1252).

## Example
```text
Notes/Café.md:3:12: error[invalid-utf8] not valid UTF-8: bad byte sequence at byte offset 57
```

## Fix
Convert the file to UTF-8 (`iconv -f WINDOWS-1252 -t UTF-8`).",
};

impl Rule for InvalidUtf8 {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::InvalidUtf8, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}
