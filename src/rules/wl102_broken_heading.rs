use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::subpath::SubpathStatus;

pub struct BrokenHeading;

static INFO: RuleInfo = RuleInfo {
    code: "WL102",
    name: "broken-heading",
    severity: Severity::Warning,
    summary: "The linked note exists, the `#Heading` does not",
    docs: "## What it does
Reports a link whose note resolves but whose `#Heading` (or `#A#B` heading chain) matches no
heading of that note. Matching is Obsidian's: case-insensitive, and the punctuation
`` ! \" # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \\ `` counts as a space. Only headings at the
top level of the note count: a heading inside a callout, quote or list cannot be linked.
Subpaths of non-Markdown targets (`#page=3` on a PDF) are not headings and are not checked.

## Why it matters
Obsidian opens the note at its top instead of the section, silently; an embed shows nothing.

## Example
```markdown
[[Lenin#Early life]]     <!-- Lenin.md has no heading \"Early life\" -->
```

## Fix
Link a heading that exists, or restore the heading.",
};

impl Rule for BrokenHeading {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            if !link.hidden && target.subpath == SubpathStatus::MissingHeading {
                let file = cx.path_of(target.resolution.file.unwrap_or(cx.file));
                let heading = link.subpath().unwrap_or_default();
                out.push(cx.diag(&INFO, link.loc, format!("no heading \"{heading}\" in {file}")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_missing_headings_only() {
        let notes = [
            ("Src.md", "## Setup\n[[#Setup]] [[#Nope]] [[Note#heading one]] [[Note#Two]] ![[doc.pdf#page=3]]\n"),
            ("Note.md", "## Heading One\n"),
            ("doc.pdf", ""),
        ];
        let got = check_texts(&notes, "broken-heading");
        assert_eq!(got, ["Src.md:2:12 no heading \"Nope\" in Src.md", "Src.md:2:43 no heading \"Two\" in Note.md"]);
    }
}
