//! `wikilint convert --to markdown|wikilink [PATHS]`: plan the conversion
//! (`housekeeping::convert`), print it as a diff, and with `--write` write it all or nothing
//! (the journal `mv` keeps), then read the vault again and check that its link graph is the
//! one it had.

use super::{print, thousands};
use crate::cli::{ConvertArgs, ConvertTo, LinkFormatArg};
use crate::config::Overrides;
use crate::housekeeping::convert::{self, Conversion, Request, Syntax};
use crate::index::VaultIndex;
use crate::linktext::{LinkFormat, LinkSettings};
use crate::moves::apply::Applied;
use crate::progress::Progress;
use crate::vault::Vault;
use crate::write::VaultWriter;
use miette::miette;
use std::fmt::Write as _;

pub fn run(args: &ConvertArgs) -> Result<u8, miette::Report> {
    let located = super::locate(args.vault.as_deref(), &args.paths)?;
    let loaded = super::load_root(located.root.clone(), &Overrides::default(), args.quiet)?;
    let settings = LinkSettings::load(&loaded.root);
    let format = match args.link_format {
        Some(LinkFormatArg::Shortest) => LinkFormat::Shortest,
        Some(LinkFormatArg::Relative) => LinkFormat::Relative,
        Some(LinkFormatArg::Absolute) => LinkFormat::Absolute,
        None => settings.format,
    };
    let to = match args.to {
        ConvertTo::Markdown => Syntax::Markdown,
        ConvertTo::Wikilink => Syntax::Wikilink,
    };
    let root = loaded.root.clone();
    let read = |rel: &str| std::fs::read(crate::discover::on_disk(&root, rel));
    let converts = |path: &str| located.reports(path);
    let request = Request { to, format, converts: &converts, read: &read };
    let conversion = convert::plan(&loaded.vault, &loaded.index, &request).map_err(|e| miette!("refused: {e}"))?;
    refuse_read_only(&root, &conversion)?;

    let mut text = String::new();
    if !args.write {
        if !args.quiet {
            text.push_str(&diff(&conversion));
        }
        text.push_str(&left(&conversion));
        if !args.quiet {
            text.push_str(&summary(&conversion, to, true));
            text.push_str(&setting_note(&conversion, to, settings));
            if !conversion.rewrites.is_empty() {
                text.push_str("dry run: nothing was written (add --write to convert)\n");
            }
        }
        print(&text)?;
        return Ok(exit_code(&conversion));
    }
    if conversion.rewrites.is_empty() {
        text.push_str(&left(&conversion));
        if !args.quiet {
            text.push_str(&summary(&conversion, to, false));
        }
        print(&text)?;
        return Ok(exit_code(&conversion));
    }
    let before = convert::fingerprint(&loaded.vault, &loaded.index);
    let plan = crate::moves::Plan {
        rewrites: conversion
            .rewrites
            .iter()
            .map(|r| crate::moves::Rewrite {
                path: r.path.clone(),
                new_path: r.path.clone(),
                old: r.old.clone(),
                new: r.new.clone(),
                links: r.links,
            })
            .collect(),
        ..Default::default()
    };
    let writer = VaultWriter::new(&root).map_err(|e| miette!("cannot open the vault {}: {e}", root.display()))?;
    let progress = Progress::for_files(plan.rewrites.len(), "Converting links", args.quiet);
    let what = match to {
        Syntax::Markdown => "convert --to markdown",
        Syntax::Wikilink => "convert --to wikilink",
    };
    let applied = crate::moves::apply::apply_as(&plan, what, &writer, &progress);
    progress.finish();
    if let Applied::Interrupted { left } = applied.map_err(|e| miette!("stopped: {e}"))? {
        if left.is_empty() {
            eprintln!("interrupted: the conversion was undone; no file was changed");
        } else {
            eprintln!(
                "interrupted: the conversion was undone, but for these files, which need a look: {}",
                left.join(", ")
            );
        }
        return Ok(130);
    }
    // Read back from disk, as the next run of Obsidian will.
    let vault = Vault::load_with_progress(&root, true);
    let index = VaultIndex::build(&vault);
    if convert::fingerprint(&vault, &index) != before {
        return Err(miette!(
            "the notes were converted, but the vault read back does not give the link graph it had: was a note \
             edited meanwhile? Check with `wikilint check`"
        ));
    }
    if args.verbose {
        for r in &conversion.rewrites {
            let _ = writeln!(text, "converted {} link{} in {}", thousands(r.links), plural(r.links), r.path);
        }
    }
    text.push_str(&left(&conversion));
    if !args.quiet {
        text.push_str(&summary(&conversion, to, false));
        text.push_str("the link graph read back is the same as before\n");
        text.push_str(&setting_note(&conversion, to, settings));
    }
    print(&text)?;
    Ok(exit_code(&conversion))
}

/// 1 when some links were left as they were (listed), as `stubs` does for stubs it refused.
fn exit_code(conversion: &Conversion) -> u8 {
    u8::from(!conversion.left.is_empty())
}

/// A read-only note means "do not touch" (as for `mv`): the whole conversion is refused.
fn refuse_read_only(root: &std::path::Path, conversion: &Conversion) -> Result<(), miette::Report> {
    let locked: Vec<&str> = conversion
        .rewrites
        .iter()
        .filter(|r| {
            std::fs::symlink_metadata(crate::discover::on_disk(root, &r.path))
                .is_ok_and(|m| crate::write::is_read_only(&m))
        })
        .map(|r| r.path.as_str())
        .collect();
    match locked.as_slice() {
        [] => Ok(()),
        [one] => Err(miette!(
            "refused: {one} is read-only, and wikilint convert does not rewrite a read-only file; nothing was \
             changed (make it writable, e.g. chmod u+w, or leave it out of the paths given)"
        )),
        many => Err(miette!(
            "refused: {} are read-only, and wikilint convert does not rewrite read-only files; nothing was \
             changed (make them writable, e.g. chmod u+w, or leave them out of the paths given)",
            many.join(", ")
        )),
    }
}

fn diff(conversion: &Conversion) -> String {
    let mut text = String::new();
    for r in &conversion.rewrites {
        let old = String::from_utf8_lossy(&r.old);
        let diff = similar::TextDiff::from_lines(old.as_ref(), r.new.as_str());
        let body = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{}", r.path), &format!("b/{}", r.path))
            .to_string();
        text.push_str(&body);
        if !body.is_empty() && !body.ends_with('\n') {
            text.push_str("\n\\ No newline at end of file\n");
        }
    }
    text
}

/// One line per link left as it was: where, the link (line breaks shown as `\n`), and why.
fn left(conversion: &Conversion) -> String {
    let mut text = String::new();
    for l in &conversion.left {
        let original = l.original.replace('\r', "\\r").replace('\n', "\\n");
        let _ = writeln!(text, "{}:{}:{}: {original} left as it is: {}", l.path, l.line, l.col, l.reason);
    }
    text
}

fn summary(conversion: &Conversion, to: Syntax, dry_run: bool) -> String {
    let mut text = String::new();
    let links = conversion.links_converted();
    let files = conversion.rewrites.len();
    if links == 0 {
        text.push_str("no link to convert\n");
    } else {
        let _ = writeln!(
            text,
            "{} {} link{} to {} in {} file{}",
            if dry_run { "would convert" } else { "converted" },
            thousands(links),
            plural(links),
            to.name(),
            thousands(files),
            plural(files)
        );
    }
    let n = conversion.left.len();
    if n > 0 {
        let _ =
            writeln!(text, "{} link{} left as {} (listed above)", thousands(n), plural(n), are(n, "it is", "they are"));
    }
    let kept = [
        (conversion.in_properties, "in properties kept as wikilinks (Obsidian reads only those there)"),
        (conversion.in_comments, "inside %% comments left as written"),
        (conversion.in_canvases, "in canvas cards left as written"),
    ];
    for (n, what) in kept {
        if n > 0 {
            let _ = writeln!(text, "{} link{} {what}", thousands(n), plural(n));
        }
    }
    text
}

/// Obsidian writes the links it makes (autocomplete, renames, drops) in the syntax of its
/// "Use [[Wikilinks]]" setting: a vault converted one way with the setting the other way
/// soon mixes both again.
fn setting_note(conversion: &Conversion, to: Syntax, settings: LinkSettings) -> String {
    if conversion.rewrites.is_empty() || settings.markdown == (to == Syntax::Markdown) {
        return String::new();
    }
    let (writes, turn) = if settings.markdown { ("Markdown links", "on") } else { ("wikilinks", "off") };
    format!(
        "note: Obsidian still writes new links as {writes}: turn {turn} Settings → Files and links → Use [[Wikilinks]] \
         (useMarkdownLinks in .obsidian/app.json)\n"
    )
}

fn are(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
