use super::{NoteContext, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix, Safety, Severity};

pub struct GluedLink;

static INFO: RuleInfo = RuleInfo {
    code: "WL106",
    name: "glued-link",
    severity: Severity::Warning,
    summary: "A link glued to the word before it: `towards[[reformism]]`",
    docs: "## What it does
Reports a wikilink or embed written right after a word with no space between, where the
language needs one: the letter (or number) before the link and the first character the link
shows are both of scripts that separate words with spaces — Latin, Greek, Cyrillic, Armenian,
Georgian — or a digit next to one of them (`1984[[Orwell]]`).

Elsewhere a link against a letter is how the text is written, and nothing is reported: Hebrew
and Arabic attach prepositions, articles and conjunctions to the next word (`ל[[ירושלים]]`,
`ب[[القاهرة]]`, `ال[[كتاب]]`); Thai, Lao, Khmer, Myanmar, Chinese and Japanese put no spaces
between words (`ภาษา[[ไทย]]`, `日本語の[[リンク]]`); Korean attaches particles; a Latin word or a
number against a link in one of those scripts (`Python[[教程]]`, `2023[[年度报告]]`) follows
their typography; and other scripts are left alone rather than guessed at.

## Why it matters
The note reads `towardsreformism` in Reading view, and the missing space is invisible in the
editor's link styling.

## Example
```markdown
bent towards[[reformism]].
```

## Fix
Insert a space before the link: `towards [[reformism]]`. Safe: the rule only speaks where a
space is certain to be wanted.",
};

impl Rule for GluedLink {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn fixable(&self) -> Option<Safety> {
        Some(Safety::Safe)
    }

    fn check_note(&self, cx: &NoteContext, out: &mut Vec<Diagnostic>) {
        for link in cx.note.links.iter().filter(|l| l.glued) {
            let mut d = cx.diag(&INFO, link.loc, format!("link {} is glued to the word before it", link.original));
            d.hint = Some("insert a space before the link".into());
            d.fix = Some(Fix::safe("insert a space before the link", vec![Edit::insert(link.loc.span.start, " ")]));
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_texts;

    fn glued(text: &str) -> Vec<String> {
        check_texts(&[("Src.md", text)], "glued-link")
    }

    /// Scripts that attach a word to the next (Hebrew and Arabic prefixes) or write no space
    /// between words: a link right after one of their letters is how the text is written.
    #[test]
    fn no_finding_where_words_are_joined_by_the_script() {
        for text in [
            "ראיתי ל[[ירושלים]] ב[[תל אביב]] ה[[ספר]] ו[[גם]] ש[[זה]] מ[[שם]] כ[[כך]]\n",
            "ذهبت ب[[القاهرة]] و[[دمشق]] ال[[كتاب]] ل[[بيروت]] ف[[عمان]]\n",
            "ภาษา[[ไทย]] ພາສາ[[ລາວ]] ភាសា[[ខ្មែរ]] မြန်မာ[[ဘာသာ]]\n",
            "中文[[链接]] 日本語の[[リンク]] カタカナ[[ひらがな]] 한국어[[링크]]\n",
            // A Latin word or a number against a link written in a script without spaces.
            "Python[[教程]] 2023[[年度报告]] 第1[[章]] 3[[ירושלים]]\n",
        ] {
            assert_eq!(glued(text), Vec::<String>::new(), "{text}");
        }
    }

    /// Where words are separated by spaces, a glued link is a missing space.
    #[test]
    fn reported_between_letters_of_spaced_scripts() {
        let got = glued("в[[Москве]] το[[βιβλίο]] Հայ[[աստան]] cafe\u{301}[[x]] 1984[[Orwell]] x![[y.png]]\n");
        assert_eq!(got.len(), 6, "{got:?}");
    }

    #[test]
    fn reports_glued_links() {
        let got =
            check_texts(&[("Src.md", "towards[[reformism]] a [[b]] (x)[[c]] 中文[[d]] 1984[[e]]\n")], "glued-link");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("Src.md:1:8"));
    }
}
