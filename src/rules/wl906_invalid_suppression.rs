use super::{NoteContext, Rule, RuleInfo, matching};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::DirectiveKind;

pub struct InvalidSuppression;

static INFO: RuleInfo = RuleInfo {
    code: "WL906",
    name: "invalid-suppression",
    severity: Severity::Warning,
    summary: "A `%% wikilint-… %%` comment that silences nothing as written: an unknown directive or rule name",
    docs: "## What it does
Reports a `%% wikilint-… %%` comment whose directive is not one wikilint knows
(`wikilint-disable-nextline`), and each rule it names that no rule has: not a code (`WL101`), a name
(`broken-link`) or a code prefix (`WL1`). Names are matched exactly as `wikilint rule` lists them.
A directive does not silence this rule's findings (see Suppressing findings in the README).

## Why it matters
A misspelt directive or rule name silences nothing: the finding it was written for is still
reported, or the directive was meant for another rule and silences less than it seems.

## Example
```markdown
%% wikilint-disable-next-line broken-links %%
[[Chapter 3]]
```

## Fix
Write the directive as one of `wikilint-disable-next-line`, `wikilint-disable-line`,
`wikilint-disable`, `wikilint-enable`, `wikilint-disable-file`, and each rule as `wikilint rule`
names it.",
};

const DIRECTIVES: &str =
    "wikilint-disable-next-line, wikilint-disable-line, wikilint-disable, wikilint-enable or wikilint-disable-file";

impl Rule for InvalidSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for d in &cx.note.directives {
            if let DirectiveKind::Unknown(word) = &d.kind {
                let mut f = cx.diag(&INFO, d.loc, format!("`{word}` is no wikilint directive: it silences nothing"));
                f.hint = Some(format!("write {DIRECTIVES}"));
                out.push(f);
                continue;
            }
            for r in d.rules.iter().filter(|r| matching(&r.name).is_empty()) {
                let mut f = cx.diag(&INFO, r.loc, format!("no rule is called \"{}\": it silences nothing", r.name));
                f.hint = Some("`wikilint rule` lists the rules by code and name".to_string());
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    #[test]
    fn unknown_directives_and_rule_names() {
        let text = "%% wikilint-disable-next-line broken-links, WL1, glued-link %%\n[[a]]\n%% wikilint-disable-nextline %%\n%% wikilint-disable WL7 %%\n";
        assert_eq!(
            check_texts(&[("a.md", text)], "invalid-suppression"),
            [
                "a.md:1:31 no rule is called \"broken-links\": it silences nothing",
                "a.md:3:1 `wikilint-disable-nextline` is no wikilint directive: it silences nothing",
                "a.md:4:21 no rule is called \"WL7\": it silences nothing",
            ]
        );
    }

    #[test]
    fn a_directive_does_not_silence_it() {
        let text = "%% wikilint-disable %%\n%% wikilint-disable-line nope %%\n";
        assert_eq!(check_texts(&[("a.md", text)], "invalid-suppression").len(), 1);
    }
}
