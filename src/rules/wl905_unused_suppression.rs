use super::suppress::{ABOUT_DIRECTIVES, Silencer};
use super::{NoteContext, Rule, RuleInfo};
use crate::config::OFF_BY_DEFAULT;
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};
use crate::note::{Directive, DirectiveKind, Span};

pub struct UnusedSuppression;

static INFO: RuleInfo = RuleInfo {
    code: "WL905",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A `%% wikilint-disable… %%` comment, or a rule named in it, that silenced no finding (off by default)",
    docs: "## What it does
Reports a `%% wikilint-disable-next-line %%`, `wikilint-disable-line`, `wikilint-disable` or
`wikilint-disable-file` comment that silenced no finding in this check, and each rule named in
such a comment that silenced none while others in it did. Off by default: turn it on with
`[severity] unused-suppression = \"warning\"` (every other rule keeps running), or select it with
the rules it should judge.

Only what runs is judged, as ruff's RUF100 does: a rule named in a directive that is not running
(`--select`, `--ignore`, `select`/`ignore`, `[severity] … = \"off\"`, `[per-file-ignores]` for this
file, an off-by-default rule not turned on) is never unused, so a narrower check does not ask to
remove directives a full one needs; a directive for every rule is judged only when every rule that
is on by default runs in the note. A silenced link that makes no missing note counts as a use of
`missing-note`. Two findings depend on other notes than this one: whether the note is an orphan,
and whether a missing note's link is cased like most of its others. A directive that could
silence those (`orphan-note` at the top of the note, `link-case-mismatch` on a link to a missing
note) is never reported as unused. `wikilint-enable` is never reported, and neither is a name no
rule has (`invalid-suppression` reports it).

## Why it matters
A directive outlives the finding it was written for: the link gets fixed, the note gets written,
and the directive stays, ready to hide the next real problem on that line.

## Example
```markdown
%% wikilint-disable-next-line broken-link %%
[[Chapter 3]]
```
once `Chapter 3.md` exists.

## Fix
Remove the comment, or the rule from it (safe: a directive that silenced nothing changes nothing
when it goes). A comment alone on its line goes with its line.",
};

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn fix_needs_text(&self) -> bool {
        true
    }
}

/// This rule's findings for one note, once every other finding of the note has been through
/// `silencer`. `runs`: whether a rule runs in this check.
pub(super) fn report(
    cx: &NoteContext,
    silencer: &Silencer,
    runs: &dyn Fn(&str) -> bool,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let judged = |codes: &[&str]| codes.iter().any(|&c| runs(c) && !silencer.ignored_in_file(c));
    for resolved in silencer.disables() {
        let directive = &cx.note.directives[resolved.at];
        let unused: Vec<usize> = match &resolved.rules {
            None => {
                // Every rule: judged when every rule on by default runs, not in a narrowed check.
                let on_by_default = |c: &&str| !OFF_BY_DEFAULT.contains(c) && !ABOUT_DIRECTIVES.contains(c);
                let narrowed = super::ALL.iter().map(|r| r.info().code).filter(on_by_default).any(|c| !judged(&[c]));
                if narrowed || resolved.used[0] {
                    continue;
                }
                Vec::new()
            }
            Some(rules) => {
                let unused: Vec<usize> = (0..rules.len()).filter(|&i| judged(&rules[i]) && !resolved.used[i]).collect();
                if unused.is_empty() {
                    continue;
                }
                if unused.len() < rules.len() {
                    for &i in &unused {
                        out.push(unused_rule(cx, directive, i, severity));
                    }
                    continue;
                }
                unused
            }
        };
        debug_assert!(unused.len() == directive.rules.len());
        let written: Vec<&str> = directive.rules.iter().map(|r| r.name.as_str()).collect();
        let written = if written.is_empty() {
            keyword(&directive.kind).to_string()
        } else {
            format!("{} {}", keyword(&directive.kind), written.join(", "))
        };
        let mut d =
            cx.diag(&INFO, directive.loc, format!("`{written}` silenced no finding {}", scope(&directive.kind)));
        d.severity = severity;
        d.hint = Some("remove it".to_string());
        d.fix = cx
            .text
            .map(|text| Fix::safe("remove the unused suppression", vec![remove_comment(text, directive.loc.span)]));
        out.push(d);
    }
}

/// The finding for rule `i` of a directive whose other rules silenced something.
fn unused_rule(cx: &NoteContext, directive: &Directive, i: usize, severity: Severity) -> Diagnostic {
    let rule = &directive.rules[i];
    let message = format!("`{}` in this suppression silenced no finding {}", rule.name, scope(&directive.kind));
    let mut d = cx.diag(&INFO, rule.loc, message);
    d.severity = severity;
    d.hint = Some(format!("remove `{}` from it", rule.name));
    // From the end of the rule before, or, for the first, to the start of the next: the
    // separator goes with it.
    let span = match i {
        0 => Span { start: rule.loc.span.start, end: directive.rules[1].loc.span.start },
        _ => Span { start: directive.rules[i - 1].loc.span.end, end: rule.loc.span.end },
    };
    d.fix =
        cx.text.map(|_| Fix::safe(format!("remove `{}` from the suppression", rule.name), vec![Edit::delete(span)]));
    d
}

fn keyword(kind: &DirectiveKind) -> &'static str {
    match kind {
        DirectiveKind::DisableNextLine => "wikilint-disable-next-line",
        DirectiveKind::DisableLine => "wikilint-disable-line",
        DirectiveKind::Disable => "wikilint-disable",
        DirectiveKind::Enable => "wikilint-enable",
        DirectiveKind::DisableFile => "wikilint-disable-file",
        DirectiveKind::Unknown(_) => "wikilint-",
    }
}

fn scope(kind: &DirectiveKind) -> &'static str {
    match kind {
        DirectiveKind::DisableNextLine => "on the next line",
        DirectiveKind::DisableLine => "on its line",
        DirectiveKind::DisableFile => "in this note",
        _ => "from its line on",
    }
}

/// The edit that removes a comment: with its line when nothing else is on it (the line break
/// too, whichever it is), else with the blanks before it (or after it, at the start of a line).
fn remove_comment(text: &str, comment: Span) -> Edit {
    let blank = |c: char| c == ' ' || c == '\t';
    let before = &text[..comment.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &text[comment.end..];
    let line_end = comment.end + after.find('\n').unwrap_or(after.len());
    let lead = &text[line_start..comment.start];
    let trail = text[comment.end..line_end].trim_end_matches('\r');
    if lead.chars().all(blank) && trail.chars().all(blank) {
        if line_end < text.len() {
            return Edit::delete(Span { start: line_start, end: line_end + 1 });
        }
        // The last line, with no line break after it: the one before it goes.
        let start = if line_start == 0 { 0 } else { before[..line_start - 1].trim_end_matches('\r').len() };
        return Edit::delete(Span { start, end: text.len() });
    }
    let spaces_before = lead.len() - lead.trim_end_matches(blank).len();
    if spaces_before > 0 && spaces_before < lead.len() {
        return Edit::delete(Span { start: comment.start - spaces_before, end: comment.end });
    }
    let spaces_after = trail.len() - trail.trim_start_matches(blank).len();
    Edit::delete(Span { start: comment.start, end: comment.end + spaces_after })
}

#[cfg(test)]
mod tests {
    use super::remove_comment;
    use crate::config::{Config, Overrides};
    use crate::index::VaultIndex;
    use crate::note::Span;
    use crate::vault::Vault;
    use std::path::Path;

    /// `line:col message` of this rule's findings, every rule running.
    fn unused(text: &str) -> Vec<String> {
        let vault = Vault::from_texts(Path::new("/vault"), &[("a.md", text), ("b.md", "[[a]]")]);
        let index = VaultIndex::build(&vault);
        let overrides = Overrides { select: vec!["WL".into()], ignore: vec![] };
        let config =
            Config::load(Path::new("/nonexistent-wikilint-test-root"), &overrides, crate::rules::catalog()).unwrap();
        crate::rules::check(&vault, &index, &config)
            .diagnostics
            .into_iter()
            .filter(|d| d.name == "unused-suppression")
            .map(|d| format!("{}:{} {}", d.loc.start.line, d.loc.start.col, d.message))
            .collect()
    }

    #[test]
    fn directives_and_rules_that_silenced_nothing() {
        let text = "%% wikilint-disable-next-line WL1, empty-property -- old %%\nx[[a]]\n\
                    %% wikilint-disable invalid-tag %%\n%% wikilint-enable %%\n\
                    %% wikilint-disable-file %%\n";
        assert_eq!(
            unused(text),
            [
                "1:36 `empty-property` in this suppression silenced no finding on the next line",
                "3:1 `wikilint-disable invalid-tag` silenced no finding from its line on",
            ],
            "the glued link is silenced by WL1 and by the file-wide directive: both are used"
        );
        assert_eq!(
            unused("x\n%% wikilint-disable-line %%\n"),
            ["2:1 `wikilint-disable-line` silenced no finding on its line"]
        );
        // On line 1 it might silence orphan-note, which depends on other notes.
        assert!(unused("%% wikilint-disable-line %%\n").is_empty());
    }

    #[test]
    fn orphans_and_casings_of_missing_notes_are_never_judged() {
        // Nothing here is an orphan (b links a), yet the directive stays: orphans change with
        // other notes.
        assert!(unused("%% wikilint-disable orphan-note %%\n").is_empty());
        assert!(unused("%% wikilint-disable-next-line link-case-mismatch %%\n[[Nope]]\n").is_empty());
        assert_eq!(unused("%% wikilint-disable-next-line link-case-mismatch %%\n[[a]]\n").len(), 1);
    }

    fn removed(text: &str, comment: &str) -> String {
        let start = text.find(comment).unwrap();
        let edit = remove_comment(text, Span { start, end: start + comment.len() });
        format!("{}{}{}", &text[..edit.span.start], edit.replacement, &text[edit.span.end..])
    }

    #[test]
    fn a_comment_goes_with_its_line_or_its_blanks() {
        let c = "%% wikilint-disable %%";
        assert_eq!(removed("a\n%% wikilint-disable %%\nb\n", c), "a\nb\n");
        assert_eq!(removed("a\r\n  %% wikilint-disable %%  \r\nb\r\n", c), "a\r\nb\r\n");
        assert_eq!(removed("a\r\n%% wikilint-disable %%", c), "a");
        assert_eq!(removed("%% wikilint-disable %%", c), "");
        assert_eq!(removed("x %% wikilint-disable %% y\n", c), "x y\n");
        assert_eq!(removed("%% wikilint-disable %% y\n", c), "y\n");
        assert_eq!(removed("x%% wikilint-disable %%\n", c), "x\n");
        assert_eq!(removed("a\n%%\nwikilint-disable\n%%\nb\n", "%%\nwikilint-disable\n%%"), "a\nb\n");
    }
}
