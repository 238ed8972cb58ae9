use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::subpath::SubpathStatus;

pub struct HiddenLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL108",
    name: "hidden-link",
    severity: Severity::Info,
    summary: "A link inside an ad- (Admonition plugin) code block, invisible to Obsidian's index",
    docs: "## What it does
Reports each link or embed inside an Admonition plugin block (```` ```ad-info ````). The plugin
renders it and it is clickable, but Obsidian indexes no link inside a code block: it is not in
the graph or backlinks, and a rename does not update it. The message says whether the target
exists and whether its heading or block does, since `broken-link`, `broken-heading`,
`broken-block` and `ambiguous-link` do not report these: one finding per hidden link.

## Why it matters
You see a working link; Obsidian does not. Renaming the target breaks it silently.

## Example
````markdown
```ad-info
Written by someone in the [[CWI]].
```
````

## Fix
Use a core callout instead, whose links Obsidian indexes: `> [!info]` followed by `> Written by
someone in the [[CWI]].`",
};

impl Rule for HiddenLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets).filter(|(l, _)| l.hidden) {
            let state = match (target.resolution.file, target.subpath) {
                (None, _) => "and no file matches it".to_string(),
                (Some(f), SubpathStatus::MissingHeading) => format!("and {} has no such heading", cx.path_of(f)),
                (Some(f), SubpathStatus::MissingBlock) => format!("and {} has no such block", cx.path_of(f)),
                (Some(f), _) => format!("it points to {}", cx.path_of(f)),
            };
            let mut d = cx.diag(
                &INFO,
                link.loc,
                format!("link {} is inside an ad- block: Obsidian does not index it (no backlink, no graph edge, no rename update); {state}", link.original),
            );
            d.hint = Some("use a core callout (> [!type]) so Obsidian indexes its links".into());
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn reports_links_in_admonitions() {
        let got =
            check_texts(&[("Src.md", "```ad-info\nby the [[CWI]]\n```\n\n> [!info]\n> [[Shown]]\n")], "hidden-link");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("Src.md:2:8") && got[0].ends_with("and no file matches it"));
    }
}
