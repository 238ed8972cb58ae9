use super::{Rule, RuleInfo, VaultContext, VaultFindings};
use crate::diagnostic::Severity;

pub struct UnusedAttachment;

static INFO: RuleInfo = RuleInfo {
    code: "WL203",
    name: "unused-attachment",
    severity: Severity::Info,
    summary: "An attachment (an image, audio, video or PDF, or the types of `[attachments]`) no file links to (off by default)",
    docs: "## What it does
Reports each attachment that no file links to: no embed, wikilink, Markdown link or image,
property link, canvas card or link in a canvas text card reaches it. Links inside `%%` comments
and ```` ```ad- ```` blocks count (the owner sees those images), and so do links from files that
are not reported on (wikilint.toml `exclude`, Obsidian's excluded files, the templates folder).
The attachments considered are the types Obsidian opens itself: images, audio, video and PDF;
wikilint.toml `[attachments] extensions = [...]` chooses others. The finding is on the
attachment itself, at its start (1:1). Off by default: turn it on with
`select = [\"unused-attachment\", …]`, `--select unused-attachment`, or
`[severity] unused-attachment = \"info\"`. `wikilint orphans --attachments` lists the same files.

## Why it matters
Pasted screenshots and scans outlive the notes that showed them: the note is rewritten or
deleted, the image stays, and the vault (and every sync and backup of it) carries files nobody
sees.

## Example
```text
Attachments/Pasted image 20240101.png:1:1: info[unused-attachment] no file links to this attachment
```

## Fix
Embed it where it belongs, or remove it: `wikilint orphans --attachments --delete` moves the
unused attachments where Obsidian's *Deleted files* setting sends deleted files (the vault's
`.trash/` or the system trash), after checking again that no link reaches them. A folder of
files kept for their own sake stays out of the findings with `[per-file-ignores]
\"Archive/Scans/\" = [\"unused-attachment\"]` (an attachment holds no `%% wikilint-disable %%`
comment).",
};

impl Rule for UnusedAttachment {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_vault(&self, cx: &VaultContext, out: &mut VaultFindings) {
        // The silencer of vault-level findings reads a note's comments; an attachment has none,
        // so `[per-file-ignores]` is asked here.
        let reported = |p: &str| cx.config.is_reported(p) && !cx.config.file_ignores(p).contains(&INFO.code);
        let found = crate::graph::unused_attachments(cx.vault, cx.index, &cx.config.attachments, reported);
        for id in found.unused {
            out.push(Some(id), super::whole_file(&INFO, &cx.vault.files[id].path, "no file links to this attachment"));
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
    fn off_by_default_and_reports_unlinked_attachments_when_selected() {
        let texts = [("A.md", "![[used.png]] [[B]]"), ("B.md", ""), ("used.png", ""), ("spare.jpg", ""), ("x.zip", "")];
        assert!(crate::rules::check_texts(&texts, "unused-attachment").is_empty(), "off by default");

        let vault = Vault::from_texts(Path::new("/vault"), &texts);
        let index = VaultIndex::build(&vault);
        let overrides = crate::config::Overrides { select: vec!["unused-attachment".into()], ignore: vec![] };
        let config =
            Config::load(Path::new("/nonexistent-wikilint-test-root"), &overrides, crate::rules::catalog()).unwrap();
        let found: Vec<_> = crate::rules::check(&vault, &index, &config)
            .diagnostics
            .into_iter()
            .map(|d| format!("{}:{}:{} {} {:?}", d.path, d.loc.start.line, d.loc.start.col, d.message, d.loc.span))
            .collect();
        assert_eq!(found, ["spare.jpg:1:1 no file links to this attachment Span { start: 0, end: 0 }"]);
    }
}
