use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::subpath::SubpathStatus;

pub struct BrokenBlock;

static INFO: RuleInfo = RuleInfo {
    code: "WL103",
    name: "broken-block",
    severity: Severity::Warning,
    summary: "The linked note exists, the `#^block` id does not",
    docs: "## What it does
Reports a link `[[Note#^id]]` whose note resolves but has no block id `^id`. Block ids are ASCII
letters, digits and `-`, at the very end of a paragraph or list item after a space, or on a line
of their own after a table, quote or callout; lookup is case-insensitive.

## Why it matters
Obsidian opens the note at its top and an embed of the block shows nothing.

## Example
```markdown
![[Lenin#^quote-1917]]    <!-- Lenin.md has no ^quote-1917 -->
```

## Fix
Link an id that exists, or add `^quote-1917` at the end of the paragraph it should point at.",
};

impl Rule for BrokenBlock {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            if !link.hidden && target.subpath == SubpathStatus::MissingBlock {
                let file = cx.path_of(target.resolution.file.unwrap_or(cx.file));
                let id = link.subpath().unwrap_or_default();
                out.push(cx.diag(&INFO, link.loc, format!("no block \"{id}\" in {file}")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_missing_block_ids() {
        let notes = [("Src.md", "[[Note#^ABC]] [[Note#^abc_1]]\n"), ("Note.md", "Text ^abc\n\nbad ^abc_1\n")];
        assert_eq!(check_texts(&notes, "broken-block"), ["Src.md:1:15 no block \"^abc_1\" in Note.md"]);
    }
}
