//! `wikilint inspect`: each note as Obsidian's metadata cache holds it.

use crate::cache::{display_text, write_cached_metadata};
use crate::cli::{InspectArgs, ListFormat};
use crate::discover::discover;
use crate::note::{LinkKind, ProblemKind};
use crate::report::json;
use crate::vault::{is_note_path, parse_bytes};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

pub fn run(args: &InspectArgs) -> Result<u8, miette::Report> {
    // The first path finds the vault (and, being a note or a folder in it, is shown); the others
    // are notes: paths from here, or vault-relative paths.
    let paths: Vec<std::path::PathBuf> = args.vault.iter().cloned().collect();
    let located = super::locate(args.vault_dir.as_deref(), &paths)?;
    let root = located.root.clone();
    let found = discover(&root);
    let mut wanted: Vec<String> = located.reported.clone();
    for n in &args.notes {
        let here = std::path::Path::new(n);
        if here.exists() && !found.files.iter().any(|f| f.path == crate::text::nfc(n.trim_start_matches("./"))) {
            let inside = super::locate(Some(&root), &[here.to_path_buf()])?;
            wanted.extend(inside.reported);
        } else {
            wanted.push(crate::text::nfc(n.trim_start_matches("./")));
        }
    }
    let scope = super::Located { root: root.clone(), reported: wanted.clone(), marked: located.marked };
    for w in &wanted {
        if !found.files.iter().any(|f| scope.reports(&f.path) && (&f.path == w || f.path.starts_with(&format!("{w}/"))))
        {
            return Err(miette::miette!("no note {w} in {}", root.display()));
        }
    }
    let selected: Vec<_> = found.files.iter().filter(|f| is_note_path(&f.path) && scope.reports(&f.path)).collect();
    let json = match args.format {
        Some(ListFormat::Json) => true,
        Some(ListFormat::Human) => false,
        None => !std::io::stdout().is_terminal(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    // In chunks, each parsed in parallel and written before the next is read: the output of a
    // large vault is far bigger than the vault, and is never held whole.
    let mut first = true;
    let mut written: std::io::Result<()> = if json { write!(out, "{{") } else { Ok(()) };
    for chunk in selected.chunks(256) {
        if json {
            // Parse and serialize in parallel; only the writing is in order.
            let rendered: Vec<(bool, Vec<u8>)> = chunk
                .par_iter()
                .map(|f| {
                    let entry = read_entry(&f.abs);
                    let mut buf = Vec::with_capacity(4096);
                    buf.extend_from_slice(b"\n  ");
                    json::write_str(&mut buf, &f.path);
                    buf.extend_from_slice(b": ");
                    match &entry {
                        Ok((note, text)) => write_cached_metadata(&mut buf, note, text, 1),
                        Err(message) => {
                            buf.extend_from_slice(b"{\n    \"error\": ");
                            json::write_str(&mut buf, message);
                            buf.extend_from_slice(b"\n  }");
                        }
                    }
                    (entry.is_err(), buf)
                })
                .collect();
            written = written.and_then(|_| {
                for (err, text) in &rendered {
                    failed |= *err;
                    if !first {
                        out.write_all(b",")?;
                    }
                    out.write_all(text)?;
                    first = false;
                }
                Ok(())
            });
        } else {
            let entries: Vec<(String, Entry)> =
                chunk.par_iter().map(|f| (f.path.clone(), read_entry(&f.abs))).collect();
            failed |= entries.iter().any(|(_, e)| e.is_err());
            written = written.and_then(|_| human(&entries, &mut out));
        }
        if written.is_err() {
            break;
        }
    }
    if json {
        written = written.and_then(|_| writeln!(out, "{}}}", if first { "" } else { "\n" }));
    }
    match written.and_then(|_| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(miette::miette!("cannot write: {e}")),
    }
    Ok(u8::from(failed))
}

fn read_entry(path: &std::path::Path) -> Entry {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let note = parse_bytes(&bytes);
    match note.problems.iter().find(|p| matches!(p.kind, ProblemKind::InvalidUtf8 | ProblemKind::Binary)) {
        Some(p) => Err(p.message.clone()),
        None => Ok((note, String::from_utf8(bytes).unwrap_or_default())),
    }
}

type Entry = Result<(crate::note::Note, String), String>;

fn human(notes: &[(String, Entry)], out: &mut impl Write) -> std::io::Result<()> {
    for (path, entry) in notes {
        writeln!(out, "{path}")?;
        let (note, _) = match entry {
            Ok(e) => e,
            Err(message) => {
                writeln!(out, "  error: {message}")?;
                continue;
            }
        };
        let at = |l: &crate::note::Location| format!("{}:{}", l.start.line, l.start.col);
        if let Some(fm) = &note.frontmatter {
            let keys = match &fm.value {
                Some(serde_yaml::Value::Mapping(m)) => {
                    m.iter().filter_map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ")
                }
                _ => "(invalid)".into(),
            };
            writeln!(out, "  {:<8} frontmatter: {keys}", at(&fm.loc))?;
        }
        for h in &note.headings {
            writeln!(out, "  {:<8} heading {} {}", at(&h.loc), "#".repeat(h.level as usize), h.text)?;
        }
        for l in note.links.iter().filter(|l| !l.hidden) {
            let kind = match &l.kind {
                LinkKind::Wikilink | LinkKind::Markdown => "link".to_string(),
                LinkKind::Embed | LinkKind::MarkdownImage => "embed".to_string(),
                LinkKind::Frontmatter { key } => format!("property {key}"),
                LinkKind::Canvas { .. } => "canvas".to_string(),
            };
            writeln!(out, "  {:<8} {kind} {} -> {} ({})", at(&l.loc), l.original, l.target, display_text(l))?;
        }
        for b in &note.block_ids {
            writeln!(out, "  {:<8} block ^{}", at(&b.loc), b.id)?;
        }
        for t in &note.tags {
            writeln!(out, "  {:<8} tag {}", at(&t.loc), t.name)?;
        }
    }
    Ok(())
}
