//! `wikilint graph`: the link graph in DOT, JSON or GraphML, on stdout or into a file.

use crate::cli::{GraphArgs, GraphFormat};
use crate::config::Overrides;
use crate::graph::{Graph, GraphOptions, export};
use crate::report::output::write_atomically;
use crate::rules::missing_notes;
use std::io::Write;

pub fn run(args: &GraphArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { config, vault, index, .. }, _) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let missing =
        if args.include_missing { missing_notes(&vault, &index, |p| config.is_reported(p)) } else { Vec::new() };
    let options = GraphOptions { include_missing: args.include_missing, attachments: !args.no_attachments };
    let graph = Graph::build(&vault, &index, &missing, options);
    let mut bytes = Vec::new();
    match args.format {
        GraphFormat::Dot => export::dot(&graph, &mut bytes),
        GraphFormat::Json => export::json(&graph, &mut bytes),
        GraphFormat::Graphml => export::graphml(&graph, &mut bytes),
    }
    .map_err(|e| miette::miette!("cannot write the graph: {e}"))?;
    match &args.output {
        Some(path) => {
            write_atomically(path, &bytes).map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&bytes).and_then(|_| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(miette::miette!("cannot write the output: {e}"));
                }
                _ => {}
            }
        }
    }
    Ok(0)
}
