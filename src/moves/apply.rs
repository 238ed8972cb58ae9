//! Carrying out a plan: the journal first ([`super::journal`]), then the link rewrites (each
//! file replaced only if it still holds what was planned from), then the move, then the
//! journal goes. A failure, or a signal (Ctrl-C, SIGTERM) between two writes, rolls back what
//! was done, from the journal, and the report says exactly what state the vault is in; a
//! process killed outright leaves the journal for the next run to settle.

use super::journal::{MoveJournal, Outcome, settle};
use super::plan::Plan;
use crate::progress::Progress;
use crate::write::{VaultWriter, defer_interrupts, interrupted};

/// How a plan ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// A signal stopped it between two writes, and what was done is undone: the vault is as
    /// it was, but for the files listed (edited meanwhile, or that could not be restored).
    Interrupted {
        left: Vec<String>,
    },
}

/// What went wrong while applying, and where that leaves the vault.
#[derive(Debug)]
pub struct ApplyError {
    pub message: String,
    /// Files left rewritten (an undo that failed too, or a file edited meanwhile); empty when
    /// the vault is as it was.
    pub left_rewritten: Vec<String>,
    /// Whether the journal stays in `.wikilint/` for the next run to settle.
    pub journal_kept: bool,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if self.left_rewritten.is_empty() {
            f.write_str("; no file was changed or moved")?;
        } else {
            write!(f, "; these files keep their rewritten links and need a look: {}", self.left_rewritten.join(", "))?;
        }
        if self.journal_kept {
            f.write_str(" (the move's journal stays in .wikilint/: the next wikilint run tries again)")?;
        }
        Ok(())
    }
}

/// `progress` counts the rewritten files (a folder move can touch thousands).
pub fn apply(plan: &Plan, writer: &VaultWriter, progress: &Progress) -> Result<Applied, ApplyError> {
    let journal = MoveJournal::of(plan, writer.root()).map_err(nothing_done)?;
    apply_journalled(plan, journal, writer, progress)
}

/// [`apply`] for a plan of rewrites another command made (`convert`), all or nothing like a
/// move; `what` names that command in the journal.
pub fn apply_as(plan: &Plan, what: &str, writer: &VaultWriter, progress: &Progress) -> Result<Applied, ApplyError> {
    let journal = MoveJournal::described(plan, writer.root(), what.to_string()).map_err(nothing_done)?;
    apply_journalled(plan, journal, writer, progress)
}

fn nothing_done(message: String) -> ApplyError {
    ApplyError { message, left_rewritten: Vec::new(), journal_kept: false }
}

fn apply_journalled(
    plan: &Plan,
    journal: MoveJournal,
    writer: &VaultWriter,
    progress: &Progress,
) -> Result<Applied, ApplyError> {
    let content = serde_json::to_vec(&journal).map_err(|e| nothing_done(format!("cannot write the journal: {e}")))?;
    // From here a signal only asks to stop; checked before each write.
    let _deferred = defer_interrupts();
    let record = writer
        .begin_journal(&content)
        .map_err(|e| nothing_done(format!("cannot write the move's journal in .wikilint/: {e}")))?;
    let mut failure = None;
    for r in &plan.rewrites {
        if interrupted() {
            break;
        }
        progress.inc();
        if let Err(e) = writer.replace(&r.path, &r.old, r.new.as_bytes()) {
            failure = Some(format!("cannot rewrite {}: {e}", r.path));
            break;
        }
    }
    if failure.is_none() && !interrupted() {
        for m in &plan.moves {
            if let Err(e) = writer.move_to(&m.from, &m.to) {
                failure = Some(format!("cannot move {} to {}: {e}", m.from, m.to));
                break;
            }
        }
        if failure.is_none() {
            // Done, even if a signal came during the move: closing is all that is left.
            let _ = record.close();
            return Ok(Applied::Done);
        }
    }
    let settled = settle(writer, &journal);
    let journal_kept = !settled.failed.is_empty();
    if !journal_kept {
        let _ = record.close();
    }
    let mut left = settled.left_alone.clone();
    left.extend(settled.failed.iter().cloned());
    match failure {
        // The file was renamed and only a last step failed: the move was finished instead.
        _ if settled.outcome == Outcome::Finished && !journal_kept => Ok(Applied::Done),
        None => Ok(Applied::Interrupted { left }),
        Some(message) => Err(ApplyError { message, left_rewritten: left, journal_kept }),
    }
}
