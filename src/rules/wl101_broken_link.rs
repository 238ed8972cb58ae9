use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::index::FileId;
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
the way Obsidian does: `[[Artificial Intelligence|AI]]`. The message names a near miss when
there is one: an alias, a name differing only in spaces, punctuation or `%20`.

`--fix --unsafe-fixes` does the last for a target that is the alias of exactly one note: `[[AI]]`
becomes `[[Artificial Intelligence|AI]]`, the note's name written as `.obsidian/app.json`
`newLinkFormat` says (as `wikilint mv` writes links). Unsafe because the link now leads
somewhere it did not.",
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
            let message = super::join_parts(&["broken ", what, ": no file matches \"", linkpath, "\""]);
            let mut d = cx.diag(&INFO, link.loc, message);
            // The hint and the fix both ask whose alias the name is: one lookup serves both.
            let key = crate::index::unresolved_key(linkpath);
            let name = key.rsplit('/').next().unwrap_or(key);
            let aliased = cx.index.aliases.get(&crate::text::lowercase(name)).map(Vec::as_slice);
            d.hint = near_miss(cx, key, name, aliased, link.is_embed());
            d.fix = alias_fix(cx, link, key, aliased);
            out.push(d);
        }
    }
}

/// `[[AI]]` where exactly one note has the alias `AI`: link that note and show the alias,
/// `[[Artificial Intelligence|AI]]`. Unsafe: it changes what the link points to.
/// `name` is the linkpath without `.md`, `aliased` the notes with its last segment as an alias.
fn alias_fix(cx: &NoteContext, link: &Link, name: &str, aliased: Option<&[FileId]>) -> Option<Fix> {
    if !matches!(link.kind, LinkKind::Wikilink | LinkKind::Embed) {
        return None;
    }
    if name.contains('/') {
        return None;
    }
    let [note] = aliased? else { return None };
    let path = cx.path_of(*note);
    let full = path.strip_suffix(".md").unwrap_or(path);
    // Written as Obsidian would write a new link here (the vault's newLinkFormat), the way mv
    // writes them: a form that leads there and nowhere else.
    let format = cx.link_format();
    let written = crate::moves::link_text(cx.vault, &cx.index.names, *note, cx.file, format, false);
    let raw = super::link_parts::raw_target(link)?;
    let inside_start = link.loc.span.start + if link.original.starts_with("![[") { 3 } else { 2 };
    let inside = &link.original[inside_start - link.loc.span.start..link.original.len() - 2];
    // A link in a table cell escapes its pipe; the new one must too.
    let pipe = if inside[..raw.end - inside_start].ends_with('\\') { "\\|" } else { "|" };
    let subpath = link.subpath().map(|s| format!("#{s}")).unwrap_or_default();
    let shown = link.display.clone().unwrap_or_else(|| name.to_string());
    if shown.contains(['|', ']', '[']) || subpath.contains(['|', ']', '[']) {
        return None;
    }
    let span = Span { start: inside_start, end: link.loc.span.end - 2 };
    Some(Fix::unsafe_(
        format!("link {full}.md, whose alias \"{name}\" this is"),
        vec![Edit::replace(span, format!("{written}{subpath}{pipe}{shown}"))],
    ))
}

/// The most useful suggestion for an unresolved linkpath, if any.
/// `key` is the linkpath without `.md`, `name` its last segment, `aliased` the notes with that
/// name as an alias.
fn near_miss(cx: &NoteContext, key: &str, name: &str, aliased: Option<&[FileId]>, embed: bool) -> Option<String> {
    if let Some(notes) = aliased {
        let first = notes.iter().copied().min_by(|&a, &b| cx.path_of(a).cmp(cx.path_of(b))).unwrap_or(notes[0]);
        let note = cx.path_of(first).trim_end_matches(".md");
        let short = note.rsplit('/').next().unwrap_or(note);
        return Some(super::join_parts(&[
            "\"",
            name,
            "\" is an alias of ",
            note,
            ".md, and aliases never resolve: write [[",
            short,
            "|",
            name,
            "]]",
        ]));
    }
    let similar = cx.index.similar(cx.vault, key);
    if let Some(f) = similar.iter().copied().min_by(|&a, &b| cx.path_of(a).cmp(cx.path_of(b))) {
        let path = cx.path_of(f);
        let why = if key.contains("%20") {
            "wikilinks are not percent-decoded: write spaces as spaces"
        } else {
            "differs only in spaces, case or punctuation"
        };
        return Some(super::join_parts(&["did you mean ", path, "? (", why, ")"]));
    }
    if !embed && !name.contains('.') {
        return None;
    }
    if embed && !name.contains('.') {
        let stem = name.to_lowercase();
        let with_ext = cx.index.with_stem(&stem);
        if let Some(f) = with_ext.iter().copied().min_by(|&a, &b| cx.path_of(a).cmp(cx.path_of(b))) {
            return Some(format!("non-Markdown files need their extension: did you mean {}?", cx.path_of(f)));
        }
    }
    None
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
        assert!(got[0].starts_with("Src.md:1:1 broken link: no file matches \"Lenin\""));
        assert!(got[1].starts_with("Src.md:1:20"));
    }

    #[test]
    fn hidden_links_are_not_broken_links() {
        let got = check_texts(&[("Src.md", "```ad-info\n[[Gone]]\n```\n")], "broken-link");
        assert!(got.is_empty());
    }
}
