//! wikilint: lint an Obsidian vault and keep its link graph whole.
//!
//! The pipeline is the module list: `discover` → `parse` → `index` → `rules` → `report`.

pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod index;
pub mod note;
pub mod parse;
pub mod report;
pub mod rules;
pub mod text;
pub mod vault;
