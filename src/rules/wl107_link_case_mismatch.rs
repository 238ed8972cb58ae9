use super::link_parts;
use super::{NoteContext, Rule, RuleInfo, VaultContext, VaultFindings, join_parts};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::index::resolve::{Step, ends_md};
use crate::note::{Link, LinkKind, Note, Span};

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
Write the target as the file (or the intended note) is named, changing nothing the reader sees
(safe):
- a wikilink without display text shows its target, so that text becomes its display text:
  `[[DNF]]` → `[[dnf|DNF]]`, `[[evergreen]]` → `[[Evergreen|evergreen]]`. With a subpath Obsidian
  shows `note > Heading`, and that is what is kept: `[[LENIN#Early life]]` →
  `[[Lenin#Early life|LENIN > Early life]]`. In a table cell the `|` is written `\\|`, as a
  table needs;
- a wikilink with display text (`[[trotskyism|Trotsky]]`), a Markdown link (`[Lenin](lenin.md)`,
  its label is what shows) and an embed (`![[CHART.PNG]]`, `![[CHART.PNG|200]]`: it shows the file
  itself, and after `|` an image takes a size or alt text, not a label) only have the path
  recased;
- a property link is fixed like the link it is written as: the Properties view shows its display
  text (`up: \"[[trotskyism]]\"` → `up: \"[[Trotskyism|trotskyism]]\"`).

A link not written exactly as Obsidian reads it (NBSP, decomposed accents, percent-encoding) is
left for a human, and so is a link in an ad- block: it is reported as `hidden-link` first, and
becomes an ordinary link once the block is a callout.",
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
                d.fix = recase(cx.note, link, written.len(), shown);
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

/// The fix that writes the end of the link's path (`written_len` bytes; a leading `/` stays) as
/// `actual`, changing nothing the reader sees. A link with display text, a Markdown link (its
/// label) and an embed (it shows the file itself) only have their path recased. A wikilink
/// without display text shows its target (`Note > Heading` with a subpath): that text becomes
/// its display text, `[[DNF]]` → `[[dnf|DNF]]`, with `\|` in a table cell. A property link is
/// treated as the link it is written as: the Properties view shows its display text too.
/// `None` when the link is not written exactly as read (NBSP, decomposed accents, escapes),
/// and in an ad- block, whose `hidden-link` finding (which quotes the link) comes first.
fn recase(note: &Note, link: &Link, written_len: usize, actual: &str) -> Option<Fix> {
    if link.hidden {
        return None;
    }
    let as_written;
    let link = match link.kind {
        LinkKind::Frontmatter { .. } => {
            let kind = if link.original.starts_with("[[") { LinkKind::Wikilink } else { LinkKind::Markdown };
            as_written = Link { kind, ..link.clone() };
            &as_written
        }
        _ => link,
    };
    let path = link_parts::linkpath(link)?;
    let recased = Span { start: path.end - written_len, end: path.end };
    if link.kind != LinkKind::Wikilink || link.display.is_some() {
        let title = join_parts(&["write \"", actual, "\""]);
        return Some(Fix::safe(title, vec![Edit::replace(recased, actual)]));
    }
    // The whole target as written, `#subpath` included, must be what the parser read, for the
    // text Obsidian shows to be computed from it.
    let target = link_parts::trimmed_target(link)?;
    let at = |i: usize| i - link.loc.span.start;
    let written = link.original.get(at(target.start)..at(target.end))?;
    if written != link.target {
        return None;
    }
    let shown = link.shown_text();
    let bar = if note.in_table(link.loc.span.start) { "\\|" } else { "|" };
    let before = &written[..recased.start - target.start];
    let after = &written[recased.end - target.start..];
    let replacement = join_parts(&[before, actual, after, bar, &shown]);
    let title = join_parts(&["write \"", actual, "\", keeping \"", &shown, "\" as the text shown"]);
    Some(Fix::safe(title, vec![Edit::replace(target, replacement)]))
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

    /// The text each fix writes in place of what it edits, applied to the note.
    fn fixed(text: &str, files: &[&str]) -> String {
        let mut texts = vec![("Src.md", text)];
        texts.extend(files.iter().map(|f| (*f, "# Early life\n")));
        let mut edits: Vec<_> = crate::rules::check_texts_diagnostics(&texts)
            .into_iter()
            .filter(|d| d.name == "link-case-mismatch")
            .flat_map(|d| d.fix.map(|f| f.edits).unwrap_or_default())
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.replacement);
        }
        out
    }

    #[test]
    fn the_fix_keeps_the_text_shown() {
        assert_eq!(fixed("[[DNF]] x\n", &["dnf.md"]), "[[dnf|DNF]] x\n");
        assert_eq!(fixed("[[dnf|Did not finish]]\n", &["DNF.md"]), "[[DNF|Did not finish]]\n");
        assert_eq!(fixed("[[LENIN#Early life]]\n", &["Lenin.md"]), "[[Lenin#Early life|LENIN > Early life]]\n");
        assert_eq!(fixed("[[/lenin]]\n", &["Lenin.md"]), "[[/Lenin|/lenin]]\n");
        assert_eq!(fixed("|a|\n|-|\n|[[lenin]]|\n", &["Lenin.md"]), "|a|\n|-|\n|[[Lenin\\|lenin]]|\n");
        assert_eq!(fixed("![[LENIN]] ![[PIC.PNG|200]]\n", &["Lenin.md", "pic.png"]), "![[Lenin]] ![[pic.png|200]]\n");
        assert_eq!(fixed("[x](lenin.md)\n", &["Lenin.md"]), "[x](Lenin.md)\n");
        assert_eq!(fixed("---\nup: \"[[lenin]]\"\n---\n", &["Lenin.md"]), "---\nup: \"[[Lenin|lenin]]\"\n---\n");
        // Not written as read (NBSP): left for a human.
        assert_eq!(fixed("[[lenin\u{a0}x]]\n", &["Lenin x.md"]), "[[lenin\u{a0}x]]\n");
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
