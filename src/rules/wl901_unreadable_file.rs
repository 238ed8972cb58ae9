use super::{NoteContext, Rule, RuleInfo, VaultContext, VaultFindings, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::{Location, Pos, ProblemKind};

pub struct UnreadableFile;

static INFO: RuleInfo = RuleInfo {
    code: "WL901",
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "A file or folder that cannot be read: permissions, a symlink loop, vanished mid-check",
    docs: "## What it does
Reports a note that cannot be read (permission denied, an I/O error, deleted while the vault was
being checked), a folder that cannot be listed, a symbolic link that loops back to one of its own
parent folders, and a file name that is not valid UTF-8. The check goes on without it.

## Why it matters
Links into an unreadable note cannot be verified, and Obsidian itself may not show it.

## Example
```text
Archive/old.md: cannot be read: Permission denied (os error 13)
```

## Fix
Fix the permissions, remove the looping link, or rename the file.",
};

impl Rule for UnreadableFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::Unreadable, out);
    }

    fn problems_only(&self) -> bool {
        true
    }

    fn check_vault(&self, cx: &VaultContext, out: &mut VaultFindings) {
        for p in cx.vault.walk_problems.iter().filter(|p| cx.config.is_reported(&p.path)) {
            let start = Pos { line: 1, col: 1 };
            out.push(
                None,
                Diagnostic {
                    path: p.path.clone(),
                    loc: Location { start, end: start, ..Default::default() },
                    code: INFO.code,
                    name: INFO.name,
                    severity: INFO.severity,
                    message: p.message.clone(),
                    hint: None,
                    fix: None,
                },
            );
        }
    }
}
