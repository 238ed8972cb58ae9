//! `wikilint report --html FILE`: the vault's health as one self-contained page, made from the
//! same findings and totals as `check VAULT`.

use crate::cli::ReportArgs;
use crate::config::Overrides;
use crate::git;
use crate::graph::html::{self, Health, Inputs, QueryResult};
use crate::report::CheckReport;
use crate::report::output::write_atomically;
use crate::rules;
use crate::text::plural;

pub fn run(args: &ReportArgs) -> Result<u8, miette::Report> {
    let paths: Vec<std::path::PathBuf> = args.vault.iter().cloned().collect();
    let root = super::locate(args.vault_dir.as_deref(), &paths)?.root;
    // As `check` does: links to a note deleted since the last commit are mistakes, not forward
    // links, so the severities (and the totals) are the same.
    let gone_since_head = {
        let root = root.clone();
        std::thread::spawn(move || git::gone_since_head(&root))
    };
    let super::Loaded { config, vault, mut index, .. } = super::load_root(root, &Overrides::default(), false)?;
    index.set_gone(gone_since_head.join().unwrap_or_default().iter().map(String::as_str));
    let findings = rules::check(&vault, &index, &config);
    let missing = if config.rules.severity("WL201").is_some() { &findings.missing[..] } else { &[] };
    let totals = CheckReport::new(&vault, &findings.diagnostics, missing, |p| config.is_reported(p)).totals;
    let queries = config
        .report
        .queries
        .iter()
        .map(|q| QueryResult {
            query: q.clone(),
            notes: super::props::query_notes(&vault, &config, q)
                .map(|notes| notes.into_iter().map(String::from).collect()),
        })
        .collect();
    let inputs =
        Inputs { vault: &vault, index: &index, config: &config, findings: &findings, missing, totals, queries };
    let health = Health::gather(inputs, |path| std::fs::read(vault.root.join(path)).ok());
    let page = html::render(&health);
    write_atomically(&args.html, page.as_bytes())
        .map_err(|e| miette::miette!("cannot write {}: {e}", args.html.display()))?;
    let t = &health.totals;
    eprintln!(
        "Wrote {}: {}, {}, {}, {}.",
        args.html.display(),
        plural(t.check.notes, "note"),
        plural(t.check.missing_notes, "missing note"),
        plural(t.orphans, "orphan"),
        plural(health.findings.len(), "finding")
    );
    Ok(0)
}
