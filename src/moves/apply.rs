//! Carrying out a plan: link rewrites first (each file replaced only if it still holds what
//! was planned from), then the move. On a failure, what was done is undone where possible
//! and the report says exactly what state the vault is in.

use super::plan::Plan;
use crate::progress::Progress;
use crate::write::VaultWriter;

/// What went wrong while applying, and where that leaves the vault.
#[derive(Debug)]
pub struct ApplyError {
    pub message: String,
    /// Files left rewritten (an undo that failed too); empty when the vault is as it was.
    pub left_rewritten: Vec<String>,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if self.left_rewritten.is_empty() {
            f.write_str("; no file was changed or moved")
        } else {
            write!(f, "; these files keep their rewritten links and need a look: {}", self.left_rewritten.join(", "))
        }
    }
}

/// `progress` counts the rewritten files (a folder move can touch thousands).
pub fn apply(plan: &Plan, writer: &VaultWriter, progress: &Progress) -> Result<(), ApplyError> {
    let mut done: Vec<usize> = Vec::new();
    let mut failure = None;
    for (i, r) in plan.rewrites.iter().enumerate() {
        progress.inc();
        match writer.replace(&r.path, &r.old, r.new.as_bytes()) {
            Ok(()) => done.push(i),
            Err(e) => {
                failure = Some(format!("cannot rewrite {}: {e}", r.path));
                break;
            }
        }
    }
    if failure.is_none() {
        for m in &plan.moves {
            if let Err(e) = writer.move_to(&m.from, &m.to) {
                failure = Some(format!("cannot move {} to {}: {e}", m.from, m.to));
                break;
            }
        }
    }
    let Some(message) = failure else { return Ok(()) };
    // Undo the rewrites: the move did not happen, so the old links are the right ones.
    let mut left_rewritten = Vec::new();
    for i in done.into_iter().rev() {
        let r = &plan.rewrites[i];
        if writer.replace(&r.path, r.new.as_bytes(), &r.old).is_err() {
            left_rewritten.push(r.path.clone());
        }
    }
    Err(ApplyError { message, left_rewritten })
}
