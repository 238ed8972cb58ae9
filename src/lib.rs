//! wikilint: lint an Obsidian vault and keep its link graph whole.
//!
//! The pipeline is the module list: `discover` → `parse` → `index` → `rules` → `report`.
//! Beside the check, the engine's writers (`fix`, `moves`, `scaffold`, `housekeeping`, all through
//! `write`), its incremental form (`live`) and the editor's questions (`ide`). The front ends
//! own no logic: `cli` + `commands/` (one file per subcommand), `watch` (file events → changes)
//! and `lsp/` (the language server). Imports go down this list, never up.

pub mod baseline;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod edits;
pub mod fix;
pub mod git;
pub mod graph;
pub mod housekeeping;
pub mod ide;
pub mod index;
pub mod linktext;
pub mod live;
pub mod lsp;
pub mod mentions;
pub mod moves;
pub mod note;
pub mod parse;
pub mod progress;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod text;
pub mod vault;
pub mod watch;
pub mod write;
