//! One file per subcommand: orchestration only.

mod check;
mod rule;

use crate::cli::{Cli, Command};

/// The exit code: 0 clean, 1 findings of error severity, 2 the vault could not be checked.
pub fn run(cli: Cli) -> Result<u8, miette::Report> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rule(args) => rule::run(&args),
    }
}
