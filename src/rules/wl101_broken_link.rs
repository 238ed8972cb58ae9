use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::index::near_miss::NearMiss;
use crate::note::{Link, LinkKind, Span};

pub struct BrokenLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL101",
    name: "broken-link",
    severity: Severity::Error,
    summary: "A link or embed that resolves to no file",
    docs: "## What it does
Reports every wikilink, embed, Markdown link and frontmatter link that Obsidian's resolver
(`getFirstLinkpathDest`) maps to no file in the vault. Resolution is Obsidian's: case-insensitive,
`.md` implied for names without an extension, unique names found in any folder, `./` and `../`
relative to the note, a leading `/` for the exact vault path only. Frontmatter `aliases` never
resolve a link. Links inside ```` ```ad- ```` blocks are reported by `hidden-link` instead, since
Obsidian does not index them.

Two kinds, one rule. A *forward link*, a plain link to a note not written yet that nearly names
no file that exists, is how a vault grows: reported as a warning (`broken link: no note \"Lenin\"
yet (a forward link)`), so `check` passes. A link that is a mistake is an error, and the message
ends with which: a near miss (an alias, a spelling, a missing extension, a likely typo), nothing
to embed, a missing attachment, a Markdown link to a file that does not exist, a path into a
folder that exists, or a note deleted or renamed since the last commit (in a git repository).
`forward-links = \"error\"` in wikilint.toml makes forward links errors too (a published vault);
the rule's own level in `[severity]` caps both.

## Why it matters
Obsidian shows an unresolved link as a dimmed link that creates an empty note when clicked; an
embed shows \"not found\". Nothing warns you when a rename or a typo breaks one.

## Example
```markdown
See [[Lenin]] and [[AI]].          <!-- no Lenin.md; AI is only an alias of Artificial Intelligence.md -->
![[diagram]]                       <!-- diagram.png exists, but non-Markdown files need their extension -->
```

## Fix
Create the note (`missing-note` lists them by importance), correct the name, or link the alias
the way Obsidian does: `[[Artificial Intelligence|AI]]`. The hint names a near miss when there
is one (the judgement `wikilint stubs` uses to leave such targets unstubbed): an alias (any
case), a name differing only in case, spaces, punctuation or `%20`, an embed without its
extension, or a likely typo of a note's name (one edit on names of five letters or more, two
from ten, never a difference in digits: `[[2024-01-06]]` is a note to write, not a typo of
`2024-01-05`). A link that names a folder misses only files in that folder (however the folder
is spelled); a relative link misses a note of its name wherever it moved.

`--fix --unsafe-fixes` links the file a certain near miss means, keeping what the reader sees:
`[[AI]]` becomes `[[Artificial Intelligence|AI]]`, `[[Hash Map]]` `[[Hashmap|Hash Map]]`,
`[[Kyotoo]]` `[[Kyoto|Kyotoo]]`, `![[diagram]]` `![[diagram.png]]`. The name is written as
`.obsidian/app.json` `newLinkFormat` says (as `wikilint mv` writes links). Certain means one
candidate, and not an all-capitals alias matched by case alone (`[[man]]` is left alone when
only the alias `MAN` exists). Unsafe because the link now leads somewhere it did not.",
};

impl Rule for BrokenLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Unsafe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            if link.hidden || target.resolution.file.is_some() {
                continue;
            }
            let what = if link.is_embed() { "embed" } else { "link" };
            let linkpath = link.linkpath();
            let key = crate::index::unresolved_key(linkpath);
            // The hint, the fix and the severity all ask the one near-miss judgement.
            let miss = cx.index.near_miss(cx.vault, key, link.is_embed());
            let mistake = mistake(cx, link, key, miss.as_ref());
            let message = match &mistake {
                None => super::join_parts(&["broken link: no note \"", linkpath, "\" yet (a forward link)"]),
                Some(why) => super::join_parts(&["broken ", what, ": no file matches \"", linkpath, "\" (", why, ")"]),
            };
            let mut d = cx.diag(&INFO, link.loc, message);
            if mistake.is_none() {
                // Below the rule's own level, the configured level caps it (`rules::run_note_rules`);
                // at it, `forward-links = "error"`, forward links are as loud as mistakes.
                d.severity = cx.config.forward_links.min(INFO.severity);
            }
            if let Some(miss) = &miss {
                d.hint = Some(hint(cx, key, miss));
                d.fix = near_miss_fix(cx, link, key, miss);
            }
            out.push(d);
        }
    }
}

/// Why an unresolved link is a mistake, or `None` for a forward link: a plain link to a note
/// not written yet that nearly names nothing, which is how Obsidian users plan a vault.
fn mistake(cx: &NoteContext, link: &Link, key: &str, miss: Option<&NearMiss>) -> Option<String> {
    if let Some(miss) = miss {
        return Some(miss.kind().to_string());
    }
    if let Some(path) = cx.index.gone_file(key) {
        return Some(format!("{path} was deleted or renamed since the last commit"));
    }
    if link.is_embed() || matches!(link.kind, LinkKind::MarkdownImage | LinkKind::Canvas { file: true }) {
        return Some("nothing to embed".to_string());
    }
    if crate::vault::is_attachment_name(key) {
        return Some("a missing attachment".to_string());
    }
    if matches!(link.kind, LinkKind::Markdown) {
        return Some("a Markdown link to a file that does not exist".to_string());
    }
    if let Some(folder) = cx.index.existing_folder(cx.vault, key) {
        return Some(format!("a path into the folder {folder}/, which exists: moved or renamed?"));
    }
    None
}

/// Points the link at the file it nearly names, keeping what the reader sees: `[[AI]]` becomes
/// `[[Artificial Intelligence|AI]]`, `[[Hash Map]]` `[[Hashmap|Hash Map]]`, an embed
/// `![[diagram]]` `![[diagram.png]]`. Only where the near miss is certain (one note, and not an
/// acronym matched by case alone: `[[man]]` is not the alias `MAN`). Unsafe: the link now
/// leads somewhere it did not. `key` is the linkpath without `.md`.
fn near_miss_fix(cx: &NoteContext, link: &Link, key: &str, miss: &NearMiss) -> Option<Fix> {
    if !matches!(link.kind, LinkKind::Wikilink | LinkKind::Embed) || !miss.is_certain() {
        return None;
    }
    let file = miss.file();
    let path = cx.path_of(file);
    // Written as Obsidian would write a new link here (the vault's newLinkFormat), the way mv
    // writes them: a form that leads there and nowhere else.
    let format = cx.link_format();
    let written = crate::linktext::link_text(cx.vault, &cx.index.names, file, cx.file, format, false);
    let raw = super::link_parts::raw_target(link)?;
    let inside_start = link.loc.span.start + if link.original.starts_with("![[") { 3 } else { 2 };
    let inside = &link.original[inside_start - link.loc.span.start..link.original.len() - 2];
    let subpath = link.subpath().map(|s| format!("#{s}")).unwrap_or_default();
    if subpath.contains(['|', ']', '[']) {
        return None;
    }
    let span = Span { start: inside_start, end: link.loc.span.end - 2 };
    let title = match miss {
        NearMiss::Alias { .. } => format!("link {path}, whose alias \"{key}\" this is"),
        NearMiss::Extension { .. } => format!("embed {path}, with its extension"),
        _ => format!("link {path}, which \"{key}\" nearly names ({})", miss.kind()),
    };
    if link.is_embed() && !cx.vault.files[file].is_note {
        // An attachment embed's `|…` is a size or a caption, which stays as it is.
        let rest = &link.original[raw.end - link.loc.span.start..link.original.len() - 2];
        return Some(Fix::unsafe_(title, vec![Edit::replace(span, format!("{written}{subpath}{rest}"))]));
    }
    // A link in a table cell escapes its pipe; the new one must too.
    let pipe = if inside[..raw.end - inside_start].ends_with('\\') { "\\|" } else { "|" };
    let shown = link.display.clone().unwrap_or_else(|| key.to_string());
    if shown.contains(['|', ']', '[']) {
        return None;
    }
    // Shown as written already: no display text needed.
    if link.display.is_none() && subpath.is_empty() && shown == written {
        return Some(Fix::unsafe_(title, vec![Edit::replace(span, written)]));
    }
    Some(Fix::unsafe_(title, vec![Edit::replace(span, format!("{written}{subpath}{pipe}{shown}"))]))
}

/// What the link most likely means, said to the reader.
fn hint(cx: &NoteContext, key: &str, miss: &NearMiss) -> String {
    let path = cx.path_of(miss.file());
    let name = key.rsplit('/').next().unwrap_or(key);
    match miss {
        NearMiss::Alias { alias, exact_case, .. } => {
            let note = path.trim_end_matches(".md");
            let short = note.rsplit('/').next().unwrap_or(note);
            if !exact_case && !miss.is_certain() {
                return super::join_parts(&[
                    "\"",
                    name,
                    "\" matches the alias ",
                    alias,
                    " of ",
                    note,
                    ".md only by case: if that is meant, write [[",
                    short,
                    "|",
                    alias,
                    "]]",
                ]);
            }
            super::join_parts(&[
                "\"",
                name,
                "\" is an alias of ",
                note,
                ".md, and aliases never resolve: write [[",
                short,
                "|",
                name,
                "]]",
            ])
        }
        NearMiss::Spelling { percent: true, .. } => {
            super::join_parts(&["did you mean ", path, "? (wikilinks are not percent-decoded: write spaces as spaces)"])
        }
        NearMiss::Spelling { .. } => {
            super::join_parts(&["did you mean ", path, "? (differs only in spaces, case or punctuation)"])
        }
        NearMiss::Extension { .. } => {
            format!("non-Markdown files need their extension: did you mean {path}?")
        }
        // The message says it is a likely typo.
        NearMiss::Typo { .. } => super::join_parts(&["did you mean ", path, "?"]),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_unresolved_links_with_near_misses() {
        let got = check_texts(
            &[
                ("Src.md", "[[Lenin]] [[Note]] [[AI]] [[My%20Note]]\n"),
                ("Note.md", ""),
                ("My Note.md", ""),
                ("Artificial Intelligence.md", "---\naliases: [AI]\n---\n"),
            ],
            "broken-link",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("Src.md:1:1 broken link: no note \"Lenin\" yet (a forward link)"), "{got:?}");
        assert!(got[1].starts_with("Src.md:1:20 broken link: no file matches \"AI\" (an alias)"), "{got:?}");
        assert!(got[2].contains("(`%20` for a space)"), "{got:?}");
    }

    #[test]
    fn hidden_links_are_not_broken_links() {
        let got = check_texts(&[("Src.md", "```ad-info\n[[Gone]]\n```\n")], "broken-link");
        assert!(got.is_empty());
    }
}
