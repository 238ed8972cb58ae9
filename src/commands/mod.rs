//! One file per subcommand: orchestration only.

mod backlinks;
mod check;
mod completions;
mod convert;
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
mod tags;
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
        Command::Lsp(args) => crate::lsp::run(args.vault_dir.clone()).map_err(|e| miette::miette!("{e}")),
        Command::Props(args) => props::run(&args),
        Command::Mv(args) => mv::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Backlinks(args) => backlinks::run(&args),
        Command::Orphans(args) => orphans::run(&args),
        Command::Tags(args) => tags::run(&args),
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

/// Reads the vault at `root`, found already (by [`locate`]).
pub(crate) fn load_root(root: PathBuf, overrides: &Overrides, quiet: bool) -> Result<Loaded, miette::Report> {
    let config = Config::load(&root, overrides, crate::rules::catalog())?;
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    let (vault, files) = Vault::load_overlapped(&root, quiet, FileIndex::new);
    let index = VaultIndex::with_files(&vault, files);
    Ok(Loaded { root, config, vault, index })
}

/// The vault a command with one optional path (and `--vault DIR`) works in, read; with the part
/// of it the path names (see [`locate`]).
pub(crate) fn load_located(
    vault_dir: Option<&Path>,
    path: Option<&Path>,
    overrides: &Overrides,
) -> Result<(Loaded, Located), miette::Report> {
    let paths: Vec<PathBuf> = path.map(Path::to_path_buf).into_iter().collect();
    let located = locate(vault_dir, &paths)?;
    let loaded = load_root(located.root.clone(), overrides, false)?;
    Ok((loaded, located))
}

/// Where a command works: the vault, and the part of it the command line names.
#[derive(Debug)]
pub(crate) struct Located {
    pub root: PathBuf,
    /// Vault-relative, `/`-separated files and folders to report on; empty for the whole vault.
    pub reported: Vec<String>,
    /// The vault holds `.obsidian/` or `wikilint.toml` (else it is only the folder given).
    pub marked: bool,
}

impl Located {
    /// Whether a vault-relative path is among the files and folders named.
    pub fn reports(&self, path: &str) -> bool {
        self.reported.is_empty()
            || self
                .reported
                .iter()
                .any(|r| path == r || (path.starts_with(r.as_str()) && path[r.len()..].starts_with('/')))
    }
}

/// A folder that marks a vault: Obsidian's settings folder or our configuration.
fn is_vault(dir: &Path) -> bool {
    dir.join(".obsidian").is_dir() || dir.join(crate::config::FILE_NAME).is_file()
}

/// Finds the vault the way every command does. With `--vault DIR`, that folder. Otherwise the
/// nearest ancestor of the first path given (or of the working directory) that holds
/// `.obsidian/` or `wikilint.toml`; without one, the folder given (or the working directory),
/// which is refused when it is the file system's root or the home folder (or above it): walking
/// it by accident reads everything below. `--vault` insists.
///
/// The paths name what is reported, never what resolves: each must lie in the vault; one that
/// is the vault itself means all of it.
pub(crate) fn locate(vault: Option<&Path>, paths: &[PathBuf]) -> Result<Located, miette::Report> {
    let cwd = std::env::current_dir().map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let absolute = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    for p in paths {
        if !absolute(p).exists() {
            return Err(miette::miette!("cannot open {}: no such file or folder", p.display()));
        }
    }
    let (root, marked) = match vault {
        Some(v) => (v.to_path_buf(), is_vault(v)),
        None => {
            let start = paths.first().map(|p| absolute(p)).unwrap_or_else(|| cwd.clone());
            let dir =
                if start.is_dir() { start.clone() } else { start.parent().map_or(cwd.clone(), Path::to_path_buf) };
            match dir.ancestors().find(|a| is_vault(a)) {
                // The vault as the user gave it, when they gave it (paths read as they wrote them).
                Some(found) => match paths.first().filter(|p| absolute(p) == found) {
                    Some(given) => (given.clone(), true),
                    None => (found.to_path_buf(), true),
                },
                None => (
                    if start.is_dir() { paths.first().cloned().unwrap_or_else(|| cwd.clone()) } else { cwd.clone() },
                    false,
                ),
            }
        }
    };
    match std::fs::metadata(&root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(miette::miette!("{} is not a folder; give the vault's folder", root.display())),
        Err(e) => return Err(miette::miette!("cannot open the vault {}: {e}", root.display())),
    }
    if vault.is_none() && !marked && crate::discover::is_too_wide(&absolute(&root)) {
        return Err(miette::miette!(
            "no .obsidian/ or wikilint.toml in {} or above: it is not a vault, and checking it would read \
             everything below it. Run wikilint inside a vault, give the vault's folder, or insist with \
             `--vault {}`",
            root.display(),
            root.display()
        ));
    }
    // Every command that opens a vault passes here: settle what a stopped wikilint left.
    for message in crate::moves::journal::recover(&root) {
        eprintln!("wikilint: {message}");
    }
    let canonical = |p: &Path| std::fs::canonicalize(absolute(p)).unwrap_or_else(|_| absolute(p));
    let base = canonical(&root);
    let mut reported = Vec::new();
    for p in paths {
        let rel = canonical(p)
            .strip_prefix(&base)
            .map(Path::to_path_buf)
            .map_err(|_| miette::miette!("{} is not inside the vault {}", p.display(), root.display()))?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let rel = parts.ok_or_else(|| miette::miette!("{} is not valid UTF-8", p.display()))?.join("/");
        if rel.is_empty() {
            // The vault itself: all of it.
            reported.clear();
            break;
        }
        reported.push(crate::text::nfc(&rel));
    }
    Ok(Located { root, reported, marked })
}

/// `3440` as `3,440`: the summaries of commands that touch thousands of files are read, not parsed.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes a command's output to stdout; a closed pipe (`| head`) is no error.
pub(crate) fn print(text: &str) -> Result<(), miette::Report> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(3440), "3,440");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
