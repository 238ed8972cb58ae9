//! `wikilint links`: every link of the vault with what it resolves to, or Obsidian's own
//! `resolvedLinks` / `unresolvedLinks` maps.

use crate::cli::{LinksArgs, LinksFormat};
use crate::config::Overrides;
use crate::index::subpath::SubpathStatus;
use crate::index::unresolved_key;
use crate::note::LinkKind;
use crate::report::json;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Row<'a> {
    source: &'a str,
    line: u32,
    column: u32,
    kind: &'static str,
    original: &'a str,
    /// The resolved vault path, or `None`.
    dest: Option<&'a str>,
    /// `ok-heading`, `broken-heading`, `ok-block`, `broken-block`, or `None`.
    subpath: Option<&'static str>,
    /// Inside an ```ad- block: not indexed by Obsidian.
    hidden: bool,
}

pub fn run(args: &LinksArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { vault, index, .. }, scope) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.format == LinksFormat::Obsidian {
        obsidian_maps(&vault, &index, &mut out)
    } else {
        let mut rows = Vec::new();
        for (id, note) in vault.notes().filter(|(id, _)| scope.reports(&vault.files[*id].path)) {
            for (link, target) in note.links.iter().zip(&index.targets[id]) {
                let block = link.subpath().is_some_and(|s| s.starts_with('^') && !s[1..].contains('#'));
                rows.push(Row {
                    source: &vault.files[id].path,
                    line: link.loc.start.line,
                    column: link.loc.start.col,
                    kind: kind_name(&link.kind),
                    original: &link.original,
                    dest: target.resolution.file.map(|f| vault.files[f].path.as_str()),
                    subpath: match (target.subpath, block) {
                        (SubpathStatus::None, _) => None,
                        (SubpathStatus::Found, false) => Some("ok-heading"),
                        (SubpathStatus::Found, true) => Some("ok-block"),
                        (SubpathStatus::MissingHeading, _) => Some("broken-heading"),
                        (SubpathStatus::MissingBlock, _) => Some("broken-block"),
                    },
                    hidden: link.hidden,
                });
            }
        }
        write_rows(args.format, &rows, &mut out)
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(miette::miette!("cannot write: {e}")),
    }
    std::mem::forget((vault, index));
    Ok(0)
}

fn kind_name(kind: &LinkKind) -> &'static str {
    match kind {
        LinkKind::Wikilink => "wikilink",
        LinkKind::Embed => "embed",
        LinkKind::Markdown => "mdlink",
        LinkKind::MarkdownImage => "mdembed",
        LinkKind::Frontmatter { .. } => "frontmatter",
        LinkKind::Canvas { .. } => "canvas",
    }
}

fn write_rows(format: LinksFormat, rows: &[Row], out: &mut impl Write) -> std::io::Result<()> {
    match format {
        LinksFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        LinksFormat::Tsv => {
            writeln!(out, "source\tline\tcol\tkind\toriginal\tdest\tsubpath\thidden")?;
            for r in rows {
                let original = r.original.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n");
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{original}\t{}\t{}\t{}",
                    r.source,
                    r.line,
                    r.column,
                    r.kind,
                    r.dest.unwrap_or("-"),
                    r.subpath.unwrap_or("-"),
                    u8::from(r.hidden)
                )?;
            }
            Ok(())
        }
        _ => {
            for r in rows {
                let dest = r.dest.unwrap_or("(unresolved)");
                let sub = r.subpath.map(|s| format!(" [{s}]")).unwrap_or_default();
                let hidden = if r.hidden { " (hidden: in an ad- block)" } else { "" };
                writeln!(
                    out,
                    "{}:{}:{}: {} {} -> {dest}{sub}{hidden}",
                    r.source, r.line, r.column, r.kind, r.original
                )?;
            }
            Ok(())
        }
    }
}

/// Obsidian's counting: per source, frontmatter links then body links; a resolved link counts
/// under the target's path, an unresolved one under its linkpath without a trailing `.md`.
/// Links in ```ad- blocks are not indexed by Obsidian and are left out.
fn obsidian_maps(
    vault: &crate::vault::Vault,
    index: &crate::index::VaultIndex,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let (resolved, unresolved) = link_counts(vault, index);
    out.write_all(b"{\n  \"resolvedLinks\": ")?;
    write_map(&resolved, out)?;
    out.write_all(b",\n  \"unresolvedLinks\": ")?;
    write_map(&unresolved, out)?;
    out.write_all(b"\n}\n")
}

/// Each source with its targets and their counts, both sorted by path (the order of
/// Obsidian's maps as serde_json writes them): resolved, then unresolved.
type Counts<'a> = Vec<(&'a str, Vec<(&'a str, u64)>)>;

fn link_counts<'a>(vault: &'a crate::vault::Vault, index: &'a crate::index::VaultIndex) -> (Counts<'a>, Counts<'a>) {
    let count = |mut targets: Vec<&'a str>| -> Vec<(&'a str, u64)> {
        targets.sort_unstable();
        let mut counted: Vec<(&str, u64)> = Vec::with_capacity(targets.len());
        for t in targets {
            match counted.last_mut() {
                Some((last, n)) if *last == t => *n += 1,
                _ => counted.push((t, 1)),
            }
        }
        counted
    };
    let notes: Vec<_> = vault.notes().collect();
    let mut per_source: Vec<_> = notes
        .par_iter()
        .map(|&(id, note)| {
            let (mut r, mut u) = (Vec::new(), Vec::new());
            for (link, target) in note.links.iter().zip(&index.targets[id]).filter(|(l, _)| !l.hidden) {
                match target.resolution.file {
                    Some(f) => r.push(vault.files[f].path.as_str()),
                    None => u.push(unresolved_key(link.linkpath())),
                }
            }
            (vault.files[id].path.as_str(), count(r), count(u))
        })
        .collect();
    per_source.sort_unstable_by(|a, b| a.0.cmp(b.0));
    per_source.into_iter().map(|(s, r, u)| ((s, r), (s, u))).unzip()
}

/// One of the two maps, pretty-printed one level deep as serde_json would.
fn write_map(map: &Counts, out: &mut impl Write) -> std::io::Result<()> {
    if map.is_empty() {
        return out.write_all(b"{}");
    }
    let mut buf = Vec::with_capacity(1 << 16);
    buf.push(b'{');
    for (i, (source, targets)) in map.iter().enumerate() {
        buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        json::write_str(&mut buf, source);
        buf.extend_from_slice(b": {");
        for (j, (target, n)) in targets.iter().enumerate() {
            buf.extend_from_slice(if j == 0 { b"\n      " } else { b",\n      " });
            json::write_str(&mut buf, target);
            buf.extend_from_slice(b": ");
            json::write_num(&mut buf, *n);
        }
        buf.extend_from_slice(if targets.is_empty() { b"}" } else { b"\n    }" });
        if buf.len() > 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"\n  }");
    out.write_all(&buf)
}
