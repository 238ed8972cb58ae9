use super::{NoteContext, Rule, RuleInfo};
use crate::config::{PublishMode, PublishSettings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::Note;

pub struct UnpublishedLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL109",
    name: "unpublished-link",
    severity: Severity::Warning,
    summary: "A published note that links to or embeds a note or file that is not published (off by default)",
    docs: "## What it does
Reports each link or embed in a published note that leads to a note or file that is not
published, naming that file and why it is not. Off by default: turn it on with `[severity]
unpublished-link = \"warning\"` or select it (`--select unpublished-link`, `select = [\"WL109\"]`).
Links that resolve to no file are `broken-link`'s; links inside `%%` comments (hidden on the
published page) and inside ```` ```ad- ```` blocks (plain code there) are not judged.

What *published* means is set in the `[publish]` table of wikilint.toml:

```toml
[publish]
mode = \"obsidian-publish\"   # or \"quartz\"
property = \"publish\"        # obsidian-publish: the property that publishes a note
draft-property = \"draft\"    # quartz: the property that holds a note back
include = [\"Blog/\"]         # obsidian-publish: Publish's included folders
exclude = [\"Private/\"]      # Publish's excluded folders, Quartz's ignorePatterns
```

- `obsidian-publish` (the default; also Quartz with its `ExplicitPublish` filter): a note is
  published when it has `publish: true`, Obsidian Publish's own property, even in an excluded
  folder, as Publish does. A note with `publish: false` is not; one without the property is not
  either, unless it lies in an `include` folder (Publish's \"Included folders\", which select
  notes on their own) and not in an `exclude` one.
- `quartz` (Quartz's default `RemoveDrafts` filter): every note is published unless it has
  `draft: true` or an `exclude` pattern takes it in. Without `exclude`, Quartz's own default
  `ignorePatterns` apply: `private`, `templates`, `.obsidian`.
- A true value is the checkbox `true` or the text \"true\" in any casing (\"TRUE\", as Quartz
  reads it); the property name is matched exactly, as the publishers read it.
- Attachments (images, PDFs, any file that is not a note, canvases included) carry no
  properties. Obsidian Publish selects the media a published note links to along with the note,
  and Quartz publishes every file it does not ignore, so an attachment counts as published
  unless an `exclude` pattern takes it in.
- `include` and `exclude` are globs over vault paths (`*` stays within a folder, `**` crosses
  folders, case matters); a pattern that matches a folder takes in everything under it.

A note's visibility can also be chosen by hand in Obsidian's Publish dialog, which the vault does
not record: this rule fits vaults that mark what they publish with the property.

## Why it matters
A reader of the published site follows the link and finds nothing: Obsidian Publish shows the
link as unresolved, Quartz as a dead link. An embed shows nothing at all.

## Example
```markdown
---
publish: true
---
Read my [[Draft essay]] and ![[Private/photo.jpg]].
```
where `Draft essay.md` has no `publish: true` and `Private/` is excluded.

## Fix
Publish the linked note too (`publish: true`), or unlink it before publishing the note. To accept
one link, silence it with `%% wikilint-disable-next-line unpublished-link %%`.",
};

impl Rule for UnpublishedLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        let settings = &cx.config.publish;
        if !crate::vault::is_note_path(cx.path) || unpublished(settings, cx.path, Some(cx.note)).is_some() {
            return;
        }
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            let Some(file) = target.resolution.file else { continue };
            if file == cx.file || link.hidden || cx.note.in_comment(link.loc.span.start) {
                continue;
            }
            let path = cx.path_of(file);
            let note = if crate::vault::is_note_path(path) { cx.vault.note(file) } else { None };
            let Some(why) = unpublished(settings, path, note) else { continue };
            let message = super::join_parts(&[
                &link.original,
                if link.is_embed() { " embeds " } else { " leads to " },
                path,
                ", which is not published (",
                &why.to_string(),
                ")",
            ]);
            let mut d = cx.diag(&INFO, link.loc, message);
            d.hint = Some(why.hint());
            out.push(d);
        }
    }
}

/// Why a file is not published.
enum Why<'a> {
    /// Obsidian Publish: the property is false (`false`) or missing.
    Property { name: &'a str, value: Option<bool> },
    /// Quartz: the draft property is true.
    Draft(&'a str),
    /// An `exclude` pattern takes it in (`folder`: by a folder above it).
    Excluded { pattern: &'a str, folder: bool },
}

impl std::fmt::Display for Why<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Property { name, value: Some(_) } => write!(f, "`{name}: false`"),
            Why::Property { name, value: None } => write!(f, "no `{name}: true`"),
            Why::Draft(name) => write!(f, "`{name}: true`"),
            Why::Excluded { pattern, folder: true } if !pattern.contains(['*', '?', '[', '{']) => {
                write!(f, "in the excluded folder {pattern}")
            }
            Why::Excluded { pattern, .. } => write!(f, "excluded by {pattern}"),
        }
    }
}

impl Why<'_> {
    fn hint(&self) -> String {
        match self {
            Why::Property { name, .. } => format!("publish it too (`{name}: true`), or unlink it"),
            Why::Draft(name) => format!("publish it too (remove `{name}: true`), or unlink it"),
            Why::Excluded { .. } => "publish it too (out of the excluded folders), or unlink it".to_string(),
        }
    }
}

/// Why the file at `path` is not published, or `None` when it is; `note` is its parse when it
/// is a Markdown note (an attachment has none).
fn unpublished<'a>(settings: &'a PublishSettings, path: &str, note: Option<&Note>) -> Option<Why<'a>> {
    let excluded = || settings.excluded(path).map(|(pattern, folder)| Why::Excluded { pattern, folder });
    let Some(note) = note else { return excluded() };
    match settings.mode {
        PublishMode::ObsidianPublish => match flag(note, &settings.property) {
            Some(true) => None,
            None if settings.included(path) => excluded(),
            value => Some(Why::Property { name: &settings.property, value }),
        },
        PublishMode::Quartz => match flag(note, &settings.draft_property) {
            Some(true) => Some(Why::Draft(&settings.draft_property)),
            _ => excluded(),
        },
    }
}

/// The note's `name` property read as a checkbox: `true`/`false`, or the text "true"/"false" in
/// any casing; `None` when absent or anything else.
fn flag(note: &Note, name: &str) -> Option<bool> {
    let Some(serde_yaml::Value::Mapping(map)) = note.frontmatter.as_ref()?.value.as_ref() else { return None };
    match map.iter().find(|(k, _)| k.as_str() == Some(name))?.1 {
        serde_yaml::Value::Bool(b) => Some(*b),
        serde_yaml::Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        serde_yaml::Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::check_texts;

    #[test]
    fn off_by_default() {
        let texts = [("Post.md", "---\npublish: true\n---\n[[Draft]]\n"), ("Draft.md", "")];
        assert!(check_texts(&texts, "unpublished-link").is_empty());
    }
}
