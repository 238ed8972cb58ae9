use super::{NoteContext, Rule, RuleInfo, VaultContext, VaultFindings, join_parts};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::index::resolve::{Step, ends_md};
use crate::note::Span;

pub struct LinkCaseMismatch;

static INFO: RuleInfo = RuleInfo {
    code: "WL107",
    name: "link-case-mismatch",
    severity: Severity::Info,
    summary: "A link cased differently from its file, or a missing target written in several casings",
    docs: "## What it does
Reports a link whose target is written in a different case from the file it resolves to
(`[[trotskyism]]` for `Trotskyism.md`), and, for a note that does not exist yet, every link that
spells it differently from its most frequent spelling (`[[trotskyism]]` and `[[Trotskyism]]`).

## Why it matters
Obsidian resolves case-insensitively, but publishers, static-site generators and case-sensitive
file systems do not; and a missing note written in two casings can end up created twice.

## Example
```markdown
the [[trotskyism|Trotskyist]] perspective … The Invention of [[Trotskyism]]
```

## Fix
Write the target as the file (or the intended note) is named.",
};

/// `a.to_lowercase() == b.to_lowercase()`, building neither string for ASCII (nearly every
/// link): this runs for every resolved link.
fn same_lowercase(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() { a.eq_ignore_ascii_case(b) } else { a.to_lowercase() == b.to_lowercase() }
}

impl Rule for LinkCaseMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets) {
            let (Some(file), Some(step)) = (target.resolution.file, target.resolution.step) else {
                continue;
            };
            if target.same_case || matches!(step, Step::SameNote | Step::Relative) {
                continue;
            }
            let path = cx.path_of(file);
            let linkpath = link.linkpath();
            let written = linkpath.strip_prefix('/').unwrap_or(linkpath);
            // Compare what the link wrote with the end of the file's path, `.md` implied.
            let implied_md = path.ends_with(".md") && !ends_md(written);
            let compared = if implied_md { &path[..path.len() - 3] } else { path };
            let Some(actual) = compared
                .len()
                .checked_sub(written.len())
                .filter(|&i| compared.is_char_boundary(i))
                .map(|i| &compared[i..])
            else {
                continue;
            };
            if actual != written && same_lowercase(actual, written) {
                let shown = actual;
                // Put together by hand: `format!` cost more than the rest of this rule.
                let message = join_parts(&["\"", linkpath, "\" is cased differently from the file ", path]);
                let mut d = cx.diag(&INFO, link.loc, message);
                d.hint = Some(join_parts(&["write \"", shown, "\""]));
                // The end of the written path is what differs; a leading `/` stays.
                d.fix = super::link_parts::linkpath(link).map(|span| {
                    let span = Span { start: span.end - written.len(), end: span.end };
                    Fix::safe(join_parts(&["write \"", shown, "\""]), vec![Edit::replace(span, shown)])
                });
                out.push(d);
            }
        }
    }

    fn check_vault(&self, cx: &VaultContext, out: &mut VaultFindings) {
        for m in cx.missing {
            // Counted on the first other casing: most missing notes have one casing only.
            let mut others = None;
            for r in m.referrers.iter().filter(|r| r.written != m.title) {
                let others = *others.get_or_insert_with(|| m.referrers.iter().filter(|o| o.written == m.title).count());
                out.push(
                    Some(r.file),
                    Diagnostic {
                        path: cx.vault.files[r.file].path.clone(),
                        loc: r.loc,
                        code: INFO.code,
                        name: INFO.name,
                        severity: INFO.severity,
                        message: format!(
                            "missing note \"{}\" is written \"{}\" in {others} other link{}; one note serves both, keep one casing",
                            r.written,
                            m.title,
                            if others == 1 { "" } else { "s" }
                        ),
                        hint: Some(format!("write \"{}\"", m.title)),
                        fix: None,
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn resolved_and_missing_casings() {
        let got = check_texts(
            &[
                ("Src.md", "[[trotskyism]] [[Trotskyism]] [[lenin]] [[Lenin]] [[Lenin]] [[folder/NOTE]]\n"),
                ("Trotskyism.md", ""),
                ("folder/Note.md", ""),
            ],
            "link-case-mismatch",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("Src.md:1:1 \"trotskyism\" is cased differently from the file Trotskyism.md"));
        assert!(got[1].starts_with("Src.md:1:31 missing note \"lenin\" is written \"Lenin\""));
        assert!(got[2].starts_with("Src.md:1:61"));
    }

    proptest::proptest! {
        /// A link the resolver saw written as its file is named is one this rule has nothing
        /// to say about (it skips those without comparing).
        #[test]
        fn resolver_same_case_means_no_finding(
            file in "[aAbB][aAbB.]{0,3}(\\.md|\\.MD|\\.md\\.md)?",
            cut in 0usize..4,
            drop_md: bool,
            upper_md: bool,
        ) {
            // Mostly the end of the file's name as written, sometimes `.md` dropped or recased.
            let name = if drop_md { file.strip_suffix(".md").unwrap_or(&file) } else { &file };
            let mut link = name[cut.min(name.len() - 1)..].to_string();
            if upper_md && link.ends_with(".md") {
                link.replace_range(link.len() - 2.., "MD");
            }
            if !link.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return Ok(());
            }
            let names = crate::index::Names::new(["Src.md", file.as_str()]);
            let (resolution, same_case) = crate::index::resolve::resolve_cased(&names, &link, 0);
            if !same_case || resolution.file != Some(1) {
                return Ok(());
            }
            let text = format!("[[{link}]]\n");
            let got = check_texts(&[("Src.md", text.as_str()), (file.as_str(), "")], "link-case-mismatch");
            proptest::prop_assert!(got.is_empty(), "{got:?}");
        }
    }
}
