use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};

pub struct AmbiguousLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL104",
    name: "ambiguous-link",
    severity: Severity::Warning,
    summary: "Several files share the linked name; Obsidian picks one by its tie-break",
    docs: "## What it does
Reports a link that several files could satisfy, where Obsidian picks the winner by its
tie-break (files under the note's own folder first, then the shortest path). The message lists
every candidate in Obsidian's order. A link that names the exact vault path, or a `./`/`../`
path, is not ambiguous: that is the form Obsidian itself writes.

## Why it matters
The link works today but points somewhere else when the note moves to another folder or
another file of that name appears; with paths of equal length the winner depends on the order
the file system lists them.

## Example
```markdown
[[Security and privacy]]   <!-- Obsidian Sync/… and Obsidian Publish/… both exist -->
```

## Fix
Write the folder: `[[Obsidian Sync/Security and privacy]]`.",
};

impl Rule for AmbiguousLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            let candidates = &target.resolution.candidates;
            if candidates.len() > 1 && !link.hidden {
                let list: Vec<&str> = candidates.iter().map(|&f| cx.path_of(f)).collect();
                let mut message = super::join_parts(&[
                    "\"",
                    link.linkpath(),
                    "\" matches ",
                    itoa::Buffer::new().format(list.len()),
                    " files; Obsidian picks ",
                    list[0],
                    ": ",
                ]);
                for (i, path) in list.iter().enumerate() {
                    if i > 0 {
                        message.push_str(", ");
                    }
                    message.push_str(path);
                }
                let mut d = cx.diag(&INFO, link.loc, message);
                let full = list[0].strip_suffix(".md").unwrap_or(list[0]);
                d.hint = Some(super::join_parts(&["write the full path to be sure: [[", full, "]]"]));
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn only_suffix_matches_among_several_files() {
        let notes = [
            ("a/Src.md", "[[Dup]] [[b/Dup]] [[Note]]\n"),
            ("a/Dup.md", ""),
            ("b/Dup.md", ""),
            ("Note.md", ""),
            ("a/Note.md", ""),
        ];
        let got = check_texts(&notes, "ambiguous-link");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("a/Src.md:1:1 \"Dup\" matches 2 files; Obsidian picks a/Dup.md"));
    }
}
