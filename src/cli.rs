//! The command line, as clap derive structs only; `commands/` does the work.

use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "wikilint", version, about = "Lint an Obsidian vault: every link resolved the way Obsidian does")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a vault and report broken links, missing notes and other problems.
    Check(CheckArgs),
    /// Print the documentation of a rule, or the table of all rules.
    Rule(RuleArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The vault folder [default: the nearest ancestor holding .obsidian/, else the current folder]
    pub vault: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only these rules (codes, names or code prefixes, comma-separated); replaces wikilint.toml's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or code prefixes, comma-separated), on top of wikilint.toml's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Human format: print the findings only, no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code or name (`WL101`, `broken-link`); without one, list all rules.
    pub name: Option<String>,
}
