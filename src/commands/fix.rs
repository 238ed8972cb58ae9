//! `check --fix` and `check --diff`: plan the fixes, then show or write them. The report of
//! what remains is the ordinary check that follows.

use crate::cli::CheckArgs;
use crate::config::Overrides;
use crate::fix::{self, FileOutcome, FixOptions};
use crate::rules;
use crate::text::plural;
use crate::write::VaultWriter;
use std::io::Write;

/// Runs the fixes; `Some(exit code)` when the command ends here (`--diff`), `None` when the
/// check goes on to report what remains.
pub fn run(args: &CheckArgs, scope: &super::Located, overrides: &Overrides) -> Result<Option<u8>, miette::Report> {
    let root = scope.root.as_path();
    let super::Loaded { config, vault, index, .. } = super::load_root(root.to_path_buf(), overrides, false)?;
    let mut findings = rules::check(&vault, &index, &config);
    // Only the files named are fixed.
    findings.diagnostics.retain(|d| scope.reports(&d.path));
    let plan =
        fix::plan(&vault, &index, &config, &findings.diagnostics, FixOptions { unsafe_fixes: args.unsafe_fixes });
    let mut notes: Vec<String> = Vec::new();
    for (path, outcome) in &plan.files {
        match outcome {
            FileOutcome::Reverted { withheld } => notes.push(format!(
                "left {path} untouched: {} would add a finding it does not have:{}",
                if withheld.len() == 1 { "its fix" } else { "each of its fixes" },
                listed(withheld)
            )),
            FileOutcome::Skipped { why } => notes.push(format!("left {path} untouched: it {why}")),
            FileOutcome::Fixed { withheld, .. } if !withheld.is_empty() => notes.push(format!(
                "{path}: left out {} that would add a finding it does not have:{}",
                plural(withheld.len(), "fix"),
                listed(withheld)
            )),
            FileOutcome::Fixed { .. } => {}
        }
    }
    let files = plan.fixed_files().count();
    if args.diff {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for (path, original, fixed) in plan.fixed_files() {
            let _ = out.write_all(fix::unified_diff(path, original, fixed).as_bytes());
        }
        let _ = out.flush();
        if !args.quiet {
            for n in &notes {
                eprintln!("{n}");
            }
            eprintln!(
                "Would apply {} in {}.{}",
                plural(plan.fixes(), "fix"),
                plural(files, "file"),
                unsafe_note(&plan, args)
            );
        }
        return Ok(Some(u8::from(plan.fixes() > 0)));
    }
    let writer =
        VaultWriter::new(root).map_err(|e| miette::miette!("cannot open the vault {}: {e}", root.display()))?;
    let (mut fixes, mut written) = (0, 0);
    for (path, outcome) in &plan.files {
        let FileOutcome::Fixed { original, fixed, fixes: n @ 1.., .. } = outcome else { continue };
        match writer.replace(path, original, fixed) {
            Ok(()) => {
                written += 1;
                fixes += n;
            }
            Err(e) => notes.push(format!("left {path} untouched: {e}")),
        }
    }
    // Freeing a large vault's notes one by one would only cost time; the check reloads it.
    std::mem::forget((vault, index, findings));
    if !args.quiet {
        for n in &notes {
            eprintln!("{n}");
        }
        eprintln!("Applied {} in {}.{}", plural(fixes, "fix"), plural(written, "file"), unsafe_note(&plan, args));
    }
    Ok(None)
}

fn unsafe_note(plan: &fix::Plan, args: &CheckArgs) -> String {
    match plan.unsafe_skipped {
        0 => String::new(),
        1 if !args.unsafe_fixes => " 1 more finding can be fixed with --unsafe-fixes.".to_string(),
        n if !args.unsafe_fixes => format!(" {n} more findings can be fixed with --unsafe-fixes."),
        _ => String::new(),
    }
}

/// One indented line per item, so a long list stays readable.
fn listed(items: &[String]) -> String {
    items.iter().map(|i| format!("\n  {i}")).collect()
}
