use crate::cli::CheckArgs;
use crate::config::{Config, Overrides};
use crate::diagnostic::Severity;
use crate::index::VaultIndex;
use crate::report::{self, CheckReport, Style};
use crate::rules;
use crate::vault::Vault;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &CheckArgs) -> Result<u8, miette::Report> {
    let root = vault_root(args.vault.as_deref())?;
    let overrides = Overrides { select: args.select.clone(), ignore: args.ignore.clone() };
    let config = Config::load(&root, &overrides)?;
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    let mut timer = PhaseTimer::from_env();
    let vault = Vault::load(&root);
    timer.done("discover+read+parse");
    let index = VaultIndex::build(&vault);
    timer.done("resolve");
    let findings = rules::check(&vault, &index, &config);
    timer.done("rules");
    let diagnostics = findings.diagnostics;
    let missing = if config.rules.severity("WL201").is_some() { findings.missing } else { Vec::new() };
    let report = CheckReport::new(&vault, &diagnostics, &missing, |p| config.is_reported(p));
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written =
        report::render(args.format, &report, &Style { color, quiet: args.quiet }, &mut out).and_then(|_| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(miette::miette!("cannot write the report: {e}")),
    }
    timer.done("report");
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    // The process ends here: freeing a large vault's notes one by one would only cost time.
    std::mem::forget((vault, index, diagnostics, missing));
    Ok(u8::from(failed))
}

/// The vault given, or the nearest ancestor of the working directory that holds
/// `.obsidian/`, or the working directory.
fn vault_root(given: Option<&Path>) -> Result<PathBuf, miette::Report> {
    let root = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
            cwd.ancestors().find(|a| a.join(".obsidian").is_dir()).unwrap_or(&cwd).to_path_buf()
        }
    };
    match std::fs::metadata(&root) {
        Ok(m) if m.is_dir() => Ok(root),
        Ok(_) => Err(miette::miette!("{} is not a folder; give the vault's folder", root.display())),
        Err(e) => Err(miette::miette!("cannot open the vault {}: {e}", root.display())),
    }
}

/// `WIKILINT_TIMINGS=1` prints how long each stage took, on stderr, for profiling.
struct PhaseTimer(Option<std::time::Instant>);

impl PhaseTimer {
    fn from_env() -> Self {
        PhaseTimer(std::env::var_os("WIKILINT_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn done(&mut self, phase: &str) {
        if let Some(t) = self.0 {
            eprintln!("{phase:>20}: {:>7.1} ms", t.elapsed().as_secs_f64() * 1e3);
            self.0 = Some(std::time::Instant::now());
        }
    }
}
