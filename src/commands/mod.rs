//! One file per subcommand: orchestration only.

mod backlinks;
mod check;
mod completions;
mod fix;
mod graph;
mod init;
mod inspect;
mod links;
mod mentions;
mod mv;
mod orphans;
mod props;
mod report;
mod rule;
mod stubs;
mod watch;

use crate::cli::{Cli, Command};
use crate::config::{Config, Overrides};
use crate::index::{FileIndex, VaultIndex};
use crate::vault::Vault;
use std::path::{Path, PathBuf};

/// The exit code: 0 clean, 1 findings of error severity, 2 the vault could not be checked.
pub fn run(cli: Cli) -> Result<u8, miette::Report> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rule(args) => rule::run(&args),
        Command::Stubs(args) => stubs::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Links(args) => links::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Props(args) => props::run(&args),
        Command::Mv(args) => mv::run(&args),
        Command::Backlinks(args) => backlinks::run(&args),
        Command::Orphans(args) => orphans::run(&args),
        Command::Mentions(args) => mentions::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
    }
}

/// A vault read, parsed and resolved, with its configuration: what every command starts from.
pub(crate) struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    pub vault: Vault,
    pub index: VaultIndex,
}

/// [`load_with`], showing progress while reading a large vault when stderr is a terminal.
pub(crate) fn load(given: Option<&Path>, overrides: &Overrides) -> Result<Loaded, miette::Report> {
    load_with(given, overrides, false)
}

/// Reads the vault; `quiet` hides the progress bar a large vault gets on a terminal.
pub(crate) fn load_with(given: Option<&Path>, overrides: &Overrides, quiet: bool) -> Result<Loaded, miette::Report> {
    let root = vault_root(given)?;
    let config = Config::load(&root, overrides)?;
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    let (vault, files) = Vault::load_overlapped(&root, quiet, FileIndex::new);
    let index = VaultIndex::with_files(&vault, files);
    Ok(Loaded { root, config, vault, index })
}

/// The vault given, or the nearest ancestor of the working directory that holds
/// `.obsidian/`, or the working directory.
pub(crate) fn vault_root(given: Option<&Path>) -> Result<PathBuf, miette::Report> {
    let root = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
            cwd.ancestors().find(|a| a.join(".obsidian").is_dir()).unwrap_or(&cwd).to_path_buf()
        }
    };
    match std::fs::metadata(&root) {
        Ok(m) if m.is_dir() => {
            // Every command that opens a vault passes here: settle what a stopped wikilint left.
            for message in crate::moves::journal::recover(&root) {
                eprintln!("wikilint: {message}");
            }
            Ok(root)
        }
        Ok(_) => Err(miette::miette!("{} is not a folder; give the vault's folder", root.display())),
        Err(e) => Err(miette::miette!("cannot open the vault {}: {e}", root.display())),
    }
}
