//! `wikilint report --html FILE`: the vault's health as one self-contained page.

use crate::cli::ReportArgs;
use crate::config::Overrides;
use crate::graph::html::{self, Health, QueryResult};
use crate::report::output::write_atomically;
use crate::rules;
use crate::text::plural;

pub fn run(args: &ReportArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { config, vault, index, .. }, _) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let findings = rules::check(&vault, &index, &config);
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
    let health = Health::gather(&vault, &index, &config, &findings, queries);
    let page = html::render(&health);
    write_atomically(&args.html, page.as_bytes())
        .map_err(|e| miette::miette!("cannot write {}: {e}", args.html.display()))?;
    eprintln!(
        "Wrote {}: {}, {}, {}, {}.",
        args.html.display(),
        plural(health.totals.notes, "note"),
        plural(health.totals.missing_notes, "missing note"),
        plural(health.totals.orphans, "orphan"),
        plural(findings.diagnostics.len(), "finding")
    );
    Ok(0)
}
