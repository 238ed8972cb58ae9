use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::index::subpath::SubpathStatus;
use crate::note::Span;

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
someone in the [[CWI]].`

`--fix --unsafe-fixes` does this: the type, `title:`, `collapse:` (`open` → `+`, `closed` →
`-`) and the body are kept, nested ad- blocks become nested callouts, other code blocks stay
code, and a blank line is added after the callout when text follows it directly (it would
otherwise join the callout). `icon:`, `color:` and `metadata:` have no callout equivalent and
are dropped. An empty `title:` hides the plugin's title bar, which a callout cannot do: the
callout gets the type's default title (`Note` for `note`), the title bar Obsidian itself shows
for a callout without one, rather than an invented or blank one. Unsafe because the note
renders differently.",
};

impl Rule for HiddenLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Unsafe)
    }

    fn fix_needs_text(&self) -> bool {
        true
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for (link, target) in cx.note.links.iter().zip(cx.targets).filter(|(l, _)| l.hidden) {
            let (before, path, after) = match (target.resolution.file, target.subpath) {
                (None, _) => ("and no file matches it", "", ""),
                (Some(f), SubpathStatus::MissingHeading) => ("and ", cx.path_of(f), " has no such heading"),
                (Some(f), SubpathStatus::MissingBlock) => ("and ", cx.path_of(f), " has no such block"),
                (Some(f), _) => ("it points to ", cx.path_of(f), ""),
            };
            let message = super::join_parts(&[
                "link ",
                &link.original,
                " is inside an ad- block: Obsidian does not index it (no backlink, no graph edge, no rename update); ",
                before,
                path,
                after,
            ]);
            let mut d = cx.diag(&INFO, link.loc, message);
            d.hint = Some("use a core callout (> [!type]) so Obsidian indexes its links".into());
            d.fix = cx.text.and_then(|text| callout_fix(cx, text, link.loc.span));
            out.push(d);
        }
    }
}

/// Rewrites the outermost ad- block around `link` as a callout. Unsafe: it changes how the
/// note renders (the plugin's icon, colour and empty titles have no callout equivalent).
fn callout_fix(cx: &NoteContext, text: &str, link: Span) -> Option<Fix> {
    let outer = cx
        .note
        .admonitions
        .iter()
        .map(|a| a.loc.span)
        .filter(|s| s.start <= link.start && link.end <= s.end)
        .min_by_key(|s| s.start)?;
    // Only a block that starts its line: one inside a list or a quote would need that
    // container's markers on every line.
    if outer.start > 0 && text.as_bytes()[outer.start - 1] != b'\n' {
        return None;
    }
    // The block's span may stop before the closing fence's line ending.
    let rest = text.get(outer.end..)?;
    let rest = match text[..outer.end].ends_with('\n') {
        true => rest,
        false => rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')).unwrap_or(rest),
    };
    let after = rest.split('\n').next().unwrap_or_default();
    let before = text[..outer.start].strip_suffix('\n').and_then(|t| t.rsplit('\n').next()).unwrap_or_default();
    let block = text.get(outer.start..outer.end)?;
    let callout = admonition_to_callout(block, !before.trim().is_empty(), continues_a_paragraph(after))?;
    Some(Fix::unsafe_("turn the ad- block into a callout", vec![Edit::replace(outer, callout)]))
}

/// ```` ```ad-TYPE ```` + `title:`/`collapse:` parameters + body → `> [!TYPE]± title` and the
/// body quoted, nested ad- blocks converted too; line endings kept. `after_text`: a
/// non-blank line comes right after the block, which a blank line must keep out of the
/// callout (a quote takes in the paragraph lines and quote lines that follow it).
/// `text_before`: the line before is not blank; it may be a quote (another callout
/// converted with this one) that the callout would continue, so a blank line goes there too.
pub(crate) fn admonition_to_callout(block: &str, text_before: bool, after_text: bool) -> Option<String> {
    let mut lines: Vec<&str> = block.split_inclusive('\n').collect();
    let first = *lines.first()?;
    let eol = if first.ends_with("\r\n") { "\r\n" } else { "\n" };
    let (fence_char, fence_len) = fence_of(first)?;
    let kind = first.trim_start()[fence_len..].split_whitespace().next()?.strip_prefix("ad-")?;
    if kind.is_empty() {
        return None;
    }
    lines.remove(0);
    let mut trailing = "";
    if let Some(last) = lines.last()
        && fence_of(last).is_some_and(|(c, n)| c == fence_char && n >= fence_len)
        && last.trim().chars().all(|c| c == fence_char)
    {
        // What followed the closing fence on its line (its line ending) stays after the callout.
        trailing = if last.ends_with("\r\n") {
            "\r\n"
        } else if last.ends_with('\n') {
            "\n"
        } else {
            ""
        };
        lines.pop();
    }
    const KEYS: [&str; 5] = ["title:", "collapse:", "icon:", "color:", "metadata:"];
    let mut seen = [false; 5];
    let (mut title, mut collapse) = (None, None);
    while let Some(line) = lines.first() {
        let Some(k) = KEYS.iter().position(|k| line.starts_with(k)) else { break };
        if seen[k] {
            break;
        }
        seen[k] = true;
        let value = line[KEYS[k].len()..].trim();
        match k {
            0 => title = Some(value.to_string()),
            1 => collapse = Some(value.to_string()),
            _ => {}
        }
        lines.remove(0);
    }
    let fold = match collapse.as_deref() {
        None | Some("none") => "",
        Some("open") => "+",
        Some(_) => "-",
    };
    let title = title.filter(|t| !t.is_empty()).map(|t| format!(" {t}")).unwrap_or_default();
    let body = convert_nested(&lines.concat())?;
    let mut out = if text_before { eol.to_string() } else { String::new() };
    out.push_str(&format!("> [!{kind}]{fold}{title}"));
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push_str(eol);
        out.push('>');
        if !content.is_empty() {
            out.push(' ');
            out.push_str(content);
        }
    }
    if body.is_empty() {
        out.push_str(eol);
        out.push('>');
    }
    out.push_str(trailing);
    if after_text {
        out.push_str(eol);
    }
    Some(out)
}

/// The body with each nested ad- block converted; other fenced blocks are code and are
/// copied as they are.
fn convert_nested(body: &str) -> Option<String> {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < lines.len() {
        let Some((c, n)) = fence_of(lines[i]) else {
            out.push_str(lines[i]);
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len()).find(|&j| {
            fence_of(lines[j]).is_some_and(|(cj, nj)| cj == c && nj >= n) && lines[j].trim().chars().all(|x| x == c)
        });
        let end = close.map_or(lines.len(), |j| j + 1);
        let block = lines[i..end].concat();
        let is_ad = lines[i].trim_start()[n..].trim_start().starts_with("ad-");
        let after_text = lines.get(end).is_some_and(|l| continues_a_paragraph(l));
        let text_before = out.rsplit_terminator('\n').next().is_some_and(|l| !l.trim().is_empty());
        match is_ad.then(|| admonition_to_callout(&block, text_before, after_text)).flatten() {
            Some(callout) => out.push_str(&callout),
            None => out.push_str(&block),
        }
        i = end;
    }
    Some(out)
}

/// Whether `line`, right after a quote, would join it: any text but a blank line or a code
/// fence (which starts a block of its own; but an ad- fence becomes a quote too).
fn continues_a_paragraph(line: &str) -> bool {
    let ad_fence = |(_, n): (char, usize)| line.trim_start()[n..].trim_start().starts_with("ad-");
    !line.trim().is_empty() && fence_of(line).is_none_or(ad_fence)
}

/// A fence line (up to three spaces of indent, then three or more backticks or tildes): its
/// character and length.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

#[cfg(test)]
mod tests {
    use super::admonition_to_callout;
    use crate::rules::check_texts;

    #[test]
    fn converts_blocks() {
        let got = admonition_to_callout(
            "```ad-info\ntitle: Who\ncollapse: open\nBy the [[CWI]].\n\nMore.\n```\n",
            false,
            false,
        );
        assert_eq!(got.as_deref(), Some("> [!info]+ Who\n> By the [[CWI]].\n>\n> More.\n"));
        let got = admonition_to_callout("```ad-note\r\ncollapse: closed\r\nx\r\n```", false, false);
        assert_eq!(got.as_deref(), Some("> [!note]- \r\n> x").map(|s| s.replace("- \r", "-\r")).as_deref());
        let nested = "````ad-note\nOuter\n```ad-warning\ntitle: In\n[[X]]\n```\n```js\n[[code]]\n```\n````\n";
        assert_eq!(
            admonition_to_callout(nested, false, false).as_deref(),
            Some("> [!note]\n> Outer\n>\n> > [!warning] In\n> > [[X]]\n> ```js\n> [[code]]\n> ```\n")
        );
    }

    #[test]
    fn text_right_after_the_block_stays_out_of_the_callout() {
        // Without the blank line, `After text` would continue the callout's last paragraph.
        let fixed = |text: &str| {
            let vault =
                crate::vault::Vault::from_texts(std::path::Path::new("/vault"), &[("Src.md", text), ("Lenin.md", "")]);
            let index = crate::index::VaultIndex::build(&vault);
            let config = crate::config::Config::load(
                std::path::Path::new("/nonexistent"),
                &Default::default(),
                crate::rules::catalog(),
            )
            .unwrap();
            let id = vault.live_ids().find(|&id| vault.files[id].path == "Src.md").unwrap();
            let note = crate::vault::parse_bytes(text.as_bytes());
            let got = crate::rules::check_note_text(&vault, &index, &config, id, &note, text);
            let fix = got.iter().find(|d| d.name == "hidden-link").and_then(|d| d.fix.clone()).unwrap();
            crate::edits::apply_fixes(text, &[&fix]).text
        };
        assert_eq!(fixed("```ad-note\n[[Lenin]]\n```\nAfter text\n"), "> [!note]\n> [[Lenin]]\n\nAfter text\n");
        assert_eq!(
            fixed("Before\r\n\r\n```ad-note\r\n[[Lenin]]\r\n```\r\nAfter text"),
            "Before\r\n\r\n> [!note]\r\n> [[Lenin]]\r\n\r\nAfter text"
        );
        // A blank line, or nothing, after the block: nothing to add.
        assert_eq!(fixed("```ad-note\n[[Lenin]]\n```\n\nAfter\n"), "> [!note]\n> [[Lenin]]\n\nAfter\n");
        assert_eq!(fixed("```ad-note\n[[Lenin]]\n```"), "> [!note]\n> [[Lenin]]");
        // The same inside an outer block: a nested callout followed by text.
        let nested = "````ad-note\n```ad-tip\n[[Lenin]]\n```\nOuter text\n````\n";
        assert_eq!(fixed(nested), "> [!note]\n> > [!tip]\n> > [[Lenin]]\n>\n> Outer text\n");
        // Two blocks in a row, and a quote right before: each callout stays its own.
        let two = "> [!info] Mine\n```ad-note\n[[Lenin]]\n```\n```ad-tip\nx\n```\n";
        let once = fixed(two);
        assert_eq!(once, "> [!info] Mine\n\n> [!note]\n> [[Lenin]]\n\n```ad-tip\nx\n```\n");
        let nested = "````ad-note\n```ad-tip\n[[Lenin]]\n```\n```ad-tip\nx\n```\n````\n";
        assert_eq!(fixed(nested), "> [!note]\n> > [!tip]\n> > [[Lenin]]\n>\n> > [!tip]\n> > x\n");
    }

    #[test]
    fn an_empty_title_gets_the_default_one() {
        // A callout always has a title bar: the closest to the plugin's hidden one is the
        // type's own default title, not an invented or blank one (see the rule's docs).
        let got = admonition_to_callout("```ad-warning\ntitle:\nx\n```\n", false, false);
        assert_eq!(got.as_deref(), Some("> [!warning]\n> x\n"));
        let got = admonition_to_callout("```ad-warning\ntitle: \ncollapse: closed\nx\n```\n", false, false);
        assert_eq!(got.as_deref(), Some("> [!warning]-\n> x\n"));
        assert!(super::INFO.docs.contains("An empty `title:`"));
    }

    #[test]
    fn reports_links_in_admonitions() {
        let got =
            check_texts(&[("Src.md", "```ad-info\nby the [[CWI]]\n```\n\n> [!info]\n> [[Shown]]\n")], "hidden-link");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("Src.md:2:8") && got[0].ends_with("and no file matches it"));
    }
}
