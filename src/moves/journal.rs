//! The journal of a move: everything it will do (each note's text before and after, the
//! rename, the folders it makes), written to `.wikilint/` and fsynced before the first write,
//! removed once the move is whole. A move stopped part-way (Ctrl-C, `kill -9`, a power cut)
//! leaves it behind, and the next run of any command settles the move from it, one way or the
//! other, before reading the vault.
//!
//! The order of the writes makes every moment settleable. The notes are rewritten first, each
//! at its old path (a rename over it, so each note is whole, old or new), then the file or
//! folder is renamed, which is the commit point:
//!
//! - renamed (or linked under the new name, not yet unlinked from the old): the move is
//!   finished: the old name goes, and any note still holding its old text gets the new;
//! - not renamed: the move is rolled back: every note holding its new text gets its old text
//!   back, and the folders made for the destination go if empty.
//!
//! A heading rename renames nothing: it is finished when every note already holds its new
//! text, else rolled back. A note that holds neither text was edited since: it is left alone,
//! and named. Settling writes through the same atomic replace, so a run stopped while settling
//! leaves the journal for the run after.

use super::plan::Plan;
use crate::write::{MoveProgress, VaultWriter};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveJournal {
    /// Always 1: a journal of another shape (a newer wikilint) is left alone.
    pub wikilint_move_journal: u32,
    /// What was asked, for the messages (`mv People/Lenin.md Archive/Lenin.md`).
    pub what: String,
    pub moves: Vec<JournalMove>,
    /// Folders of the destination that did not exist (outermost first): made by the move,
    /// removed when it is rolled back, if empty.
    pub new_folders: Vec<String>,
    pub rewrites: Vec<JournalRewrite>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalMove {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRewrite {
    /// Where the note is before the move.
    pub path: String,
    /// Where it is after.
    pub new_path: String,
    pub old: String,
    pub new: String,
}

impl MoveJournal {
    /// The journal of `plan`, for a vault at `root` as it is now (before any write).
    pub fn of(plan: &Plan, root: &Path) -> Result<MoveJournal, String> {
        let what = match (&plan.what, &plan.heading, plan.moves.first()) {
            (Some(what), _, _) => what.clone(),
            (None, Some((note, old, new)), _) => format!("mv (heading {old:?} -> {new:?} in {note})"),
            (None, None, Some(m)) => format!("mv {} {}", m.from, m.to),
            (None, None, None) => "mv".to_string(),
        };
        MoveJournal::described(plan, root, what)
    }

    /// [`MoveJournal::of`] for a plan another command made (`convert --to markdown`): `what`
    /// names it in the messages of a run that settles it.
    pub fn described(plan: &Plan, root: &Path, what: String) -> Result<MoveJournal, String> {
        let mut new_folders = Vec::new();
        for m in &plan.moves {
            let segments: Vec<&str> = m.to.split('/').collect();
            for i in 1..segments.len() {
                let folder = segments[..i].join("/");
                if std::fs::symlink_metadata(crate::discover::on_disk(root, &folder)).is_err() {
                    new_folders.push(folder);
                }
            }
        }
        let mut rewrites = Vec::new();
        for r in &plan.rewrites {
            let old = String::from_utf8(r.old.clone()).map_err(|_| format!("{} is not valid UTF-8", r.path))?;
            rewrites.push(JournalRewrite {
                path: r.path.clone(),
                new_path: r.new_path.clone(),
                old,
                new: r.new.clone(),
            });
        }
        Ok(MoveJournal {
            wikilint_move_journal: 1,
            what,
            moves: plan.moves.iter().map(|m| JournalMove { from: m.from.clone(), to: m.to.clone() }).collect(),
            new_folders,
            rewrites,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    RolledBack,
}

/// What settling a journal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub outcome: Outcome,
    /// Notes whose text was written back (rolled back) or forward (finished).
    pub written: usize,
    /// Notes that hold neither text (edited since) or are gone: left as they are.
    pub left_alone: Vec<String>,
    /// What could not be done (the journal stays, for another try).
    pub failed: Vec<String>,
}

/// Finishes or rolls back the move `journal` describes, from what is on disk now.
pub fn settle(writer: &VaultWriter, journal: &MoveJournal) -> Settled {
    let mut failed = Vec::new();
    let progress: Vec<MoveProgress> = journal
        .moves
        .iter()
        .map(|m| {
            writer.move_progress(&m.from, &m.to).unwrap_or_else(|e| {
                failed.push(format!("{} -> {}: {e}", m.from, m.to));
                MoveProgress::NotStarted
            })
        })
        .collect();
    let renamed = progress.iter().any(|p| matches!(p, MoveProgress::Done | MoveProgress::Halfway));
    let all_new = || journal.rewrites.iter().all(|r| read(writer, &r.new_path).is_some_and(|t| t == r.new.as_bytes()));
    let finish = renamed || (journal.moves.is_empty() && all_new());
    let mut settled = Settled {
        outcome: if finish { Outcome::Finished } else { Outcome::RolledBack },
        written: 0,
        left_alone: Vec::new(),
        failed,
    };
    if finish {
        for (m, p) in journal.moves.iter().zip(&progress) {
            let done = match p {
                MoveProgress::Halfway => writer.finish_move(&m.from, &m.to).map(|_| ()),
                MoveProgress::NotStarted => writer.move_to(&m.from, &m.to).map(|_| ()),
                MoveProgress::Done | MoveProgress::Lost => Ok(()),
            };
            if let Err(e) = done {
                settled.failed.push(format!("cannot move {} to {}: {e}", m.from, m.to));
            }
        }
        for r in &journal.rewrites {
            put(writer, &r.new_path, &r.old, &r.new, &mut settled);
        }
    } else {
        for r in journal.rewrites.iter().rev() {
            put(writer, &r.path, &r.new, &r.old, &mut settled);
        }
        for folder in journal.new_folders.iter().rev() {
            writer.remove_empty_folder(folder);
        }
    }
    settled
}

/// Makes the note at `path` hold `wanted` if it holds `other`.
fn put(writer: &VaultWriter, path: &str, other: &str, wanted: &str, settled: &mut Settled) {
    match read(writer, path) {
        Some(text) if text == wanted.as_bytes() => {}
        Some(text) if text == other.as_bytes() => match writer.replace(path, other.as_bytes(), wanted.as_bytes()) {
            Ok(()) => settled.written += 1,
            Err(e) => settled.failed.push(format!("cannot rewrite {path}: {e}")),
        },
        _ => settled.left_alone.push(path.to_string()),
    }
}

fn read(writer: &VaultWriter, rel: &str) -> Option<Vec<u8>> {
    std::fs::read(crate::discover::on_disk(writer.root(), rel)).ok()
}

/// Settles every move a stopped wikilint left in the vault at `root`, then removes the
/// temporary files stopped writers left; returns what it did, for stderr. Called when a
/// command opens a vault; costs one look for `.wikilint/` when there is nothing to do.
pub fn recover(root: &Path) -> Vec<String> {
    if std::fs::symlink_metadata(root.join(crate::write::state::FOLDER)).is_err() {
        return Vec::new();
    }
    let mut messages = Vec::new();
    let journals = crate::write::unfinished_journals(root);
    if !journals.is_empty() {
        match VaultWriter::leaving_signals(root) {
            Ok(writer) => {
                for unfinished in journals {
                    if let Some(message) = recover_one(&writer, unfinished) {
                        messages.push(message);
                    }
                }
            }
            Err(e) => messages.push(format!("cannot open the vault to settle an interrupted move: {e}")),
        }
    }
    messages.extend(crate::write::remove_stale_temps(root));
    messages
}

fn recover_one(writer: &VaultWriter, unfinished: crate::write::Unfinished) -> Option<String> {
    let pid = unfinished.pid;
    let journal: MoveJournal = match serde_json::from_slice(&unfinished.content) {
        Ok(j) => j,
        Err(e) => {
            return Some(format!(
                "cannot read the journal of an interrupted move (process {pid}) in {}/: {e}; left as it is",
                crate::write::state::FOLDER
            ));
        }
    };
    let settled = settle(writer, &journal);
    let mut message = match settled.outcome {
        // Only notes rewritten (a heading rename, `tags rename`, `props rename`, `convert`): no
        // move to speak of.
        Outcome::Finished if journal.moves.is_empty() => format!(
            "an interrupted `wikilint {}` (process {pid}) was finished: every note holds its new text{}",
            journal.what,
            notes(settled.written, "given", "new text")
        ),
        Outcome::RolledBack if journal.moves.is_empty() => format!(
            "an interrupted `wikilint {}` (process {pid}) was rolled back: every note holds its old text{}",
            journal.what,
            notes(settled.written, "given back", "old text")
        ),
        Outcome::Finished => format!(
            "an interrupted `wikilint {}` (process {pid}) was finished: the move is complete{}",
            journal.what,
            notes(settled.written, "given", "new links")
        ),
        Outcome::RolledBack => format!(
            "an interrupted `wikilint {}` (process {pid}) was rolled back: nothing is moved{}",
            journal.what,
            notes(settled.written, "given back", "old links")
        ),
    };
    if !settled.left_alone.is_empty() {
        message.push_str(&format!(
            "; changed since, so left as they are (check their links): {}",
            settled.left_alone.join(", ")
        ));
    }
    if settled.failed.is_empty() {
        if let Err(e) = unfinished.close() {
            message.push_str(&format!("; cannot remove its journal: {e}"));
        }
    } else {
        message.push_str(&format!("; not done, to be tried again on the next run: {}", settled.failed.join("; ")));
    }
    Some(message)
}

fn notes(n: usize, given: &str, links: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!(", 1 note {given} its {links}"),
        _ => format!(", {n} notes {given} their {links}"),
    }
}
