use super::{Rule, RuleInfo, VaultContext, VaultFindings};
use crate::diagnostic::Severity;

pub struct OrphanNote;

static INFO: RuleInfo = RuleInfo {
    code: "WL202",
    name: "orphan-note",
    severity: Severity::Info,
    summary: "A note no other note links to (off by default: select it or give it a severity)",
    docs: "## What it does
Reports each note that no other file links to: no wikilink, Markdown link, embed, property link
or canvas card in another note points at it. A note's links to itself do not count. Notes that
are not reported on (wikilint.toml `exclude`, Obsidian's excluded files, the templates folder)
are not reported, but their links still count. Off by default: turn it on with
`select = [\"orphan-note\", …]`, `--select orphan-note`, or `[severity] orphan-note = \"info\"`.
`wikilint orphans` lists the same notes.

## Why it matters
An orphan is reachable only through search or the file list: in a vault meant as a web of
notes it is usually forgotten, or a duplicate of a note that is linked.

## Example
```text
Drafts/Idea.md:1:1: info[orphan-note] no other note links to this note
```

## Fix
Link to it from a note it belongs with (an index, a map of content, a related note), merge it
into another note, or delete it. A note meant to stand alone (a daily note, an inbox) can say so:
`%% wikilint-disable-file orphan-note %%` anywhere in it (the finding sits at the top of the
note, before any frontmatter), or `[per-file-ignores] \"Daily/\" = [\"orphan-note\"]` in
wikilint.toml.",
};

impl Rule for OrphanNote {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_vault(&self, cx: &VaultContext, out: &mut VaultFindings) {
        for id in crate::graph::orphans(cx.vault, cx.index, |p| cx.config.is_reported(p)) {
            out.push(Some(id), super::whole_file(&INFO, &cx.vault.files[id].path, "no other note links to this note"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::index::VaultIndex;
    use crate::vault::Vault;
    use std::path::Path;

    #[test]
    fn off_by_default_and_reports_unlinked_notes_when_selected() {
        let texts = [("A.md", "[[B]] [[A]]"), ("B.md", ""), ("pic.png", "")];
        assert!(crate::rules::check_texts(&texts, "orphan-note").is_empty(), "off by default");

        let vault = Vault::from_texts(Path::new("/vault"), &texts);
        let index = VaultIndex::build(&vault);
        let overrides = crate::config::Overrides { select: vec!["orphan-note".into()], ignore: vec![] };
        let config =
            Config::load(Path::new("/nonexistent-wikilint-test-root"), &overrides, crate::rules::catalog()).unwrap();
        let found: Vec<_> = crate::rules::check(&vault, &index, &config)
            .diagnostics
            .into_iter()
            .map(|d| format!("{}:{}:{} {}", d.path, d.loc.start.line, d.loc.start.col, d.message))
            .collect();
        assert_eq!(found, ["A.md:1:1 no other note links to this note"]);
    }
}
