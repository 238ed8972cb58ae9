use super::{NoteContext, Rule, RuleInfo, report_problems};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::ProblemKind;

pub struct InvalidCanvas;

static INFO: RuleInfo = RuleInfo {
    code: "WL904",
    name: "invalid-canvas",
    severity: Severity::Error,
    summary: "A `.canvas` file that is not valid JSON Canvas",
    docs: "## What it does
Reports a `.canvas` file that is not valid JSON, not valid UTF-8, has no list of `nodes`, or has a
node without a `type`, or a text card without `text` or a file card without `file`. The rest of
the canvas (and of the vault) is still checked.

## Why it matters
Obsidian cannot open such a canvas, and the links in its cards count for nothing: they are not
in the graph or the backlinks.

## Example
```json
{\"nodes\": [{\"id\": \"a\", \"type\": \"text\"}]}
```

## Fix
Repair the JSON, or give the card its `text`.",
};

impl Rule for InvalidCanvas {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        report_problems(cx, &INFO, ProblemKind::InvalidCanvas, out);
    }

    fn problems_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_broken_canvases_and_their_broken_links() {
        let notes = [
            (
                "Board.canvas",
                "{\"nodes\":[\n{\"id\":\"a\",\"type\":\"text\",\"text\":\"[[Gone]] [[Here]]\"},\n{\"id\":\"b\",\"type\":\"file\",\"file\":\"Missing.md\"},\n{\"id\":\"c\",\"type\":\"text\"}]}",
            ),
            ("Bad.canvas", "{nope"),
            ("Here.md", ""),
        ];
        assert_eq!(check_texts(&notes, "invalid-canvas").len(), 2);
        let broken = check_texts(&notes, "broken-link");
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken[0].starts_with("Board.canvas:2:"));
        assert!(broken[1].starts_with("Board.canvas:3:"));
    }
}
