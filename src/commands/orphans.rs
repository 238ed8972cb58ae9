//! `wikilint orphans`: the notes no other note links to; with `--attachments`, the
//! attachments no file links to.

use crate::cli::{ListFormat, OrphansArgs};
use crate::config::Overrides;
use crate::graph;
use std::io::Write;

pub fn run(args: &OrphansArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { config, vault, index, .. }, scope) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let reported = |p: &str| config.is_reported(p) && scope.reports(p);
    let (ids, doc) = if args.attachments {
        let found = graph::unused_attachments(&vault, &index, &config.attachments, reported);
        let paths: Vec<&str> = found.unused.iter().map(|&id| vault.files[id].path.as_str()).collect();
        let doc = serde_json::json!({ "attachments": found.attachments, "unused": paths });
        (found.unused, doc)
    } else {
        let orphans = graph::orphans(&vault, &index, reported);
        let paths: Vec<&str> = orphans.iter().map(|&id| vault.files[id].path.as_str()).collect();
        let notes = vault.live_ids().filter(|&id| vault.files[id].is_note).count();
        let doc = serde_json::json!({ "notes": notes, "orphans": paths });
        (orphans, doc)
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from).and_then(|_| writeln!(out))
        }
        ListFormat::Human => ids.iter().try_for_each(|&id| writeln!(out, "{}", vault.files[id].path)),
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}
