//! Which writing systems separate words with spaces: whether a link written right after a
//! letter (`towards[[reformism]]`) is missing a space, or is how the language is written.
//!
//! A space is certain to be wanted only between words of scripts that always separate words
//! with spaces and attach nothing to the next word: Latin, Greek, Cyrillic, Armenian and
//! Georgian. Elsewhere a letter against a link is ordinary text: Hebrew and Arabic write
//! prepositions, articles and conjunctions as prefixes (`ל[[ירושלים]]`, `ال[[كتاب]]`); Thai,
//! Lao, Khmer, Myanmar, Chinese and Japanese put no spaces between words; Korean attaches
//! particles; and the scripts of South Asia and elsewhere are left alone rather than guessed.

use regex::Regex;
use std::sync::LazyLock;

/// What a character next to a link says about the space between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A letter (or a mark on one) of a script that separates words with spaces.
    Spaced,
    /// A digit of no particular script (`1984`), which takes the other side's convention.
    Digit,
    /// A letter of any other script.
    Unspaced,
    /// Not part of a word: punctuation, a symbol, whitespace.
    NotWord,
}

static SPACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}]$")
        .expect("a valid class")
});

fn side(c: char) -> Side {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Side::Spaced,
            '0'..='9' => Side::Digit,
            _ => Side::NotWord,
        };
    }
    if !c.is_alphanumeric() {
        return Side::NotWord;
    }
    // Most non-ASCII letters next to links in a vault are Chinese, Japanese or Korean: no
    // need to ask the Unicode tables. Fullwidth forms belong to that typography too.
    if matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF) {
        return Side::Unspaced;
    }
    if SPACED.is_match(c.encode_utf8(&mut [0; 4])) {
        Side::Spaced
    } else if c.is_numeric() && common_digit(c) {
        Side::Digit
    } else {
        Side::Unspaced
    }
}

/// A decimal digit outside any script (the ASCII ones are handled before): those of a script
/// (Arabic-Indic, Devanagari, Thai digits) follow their script's convention.
fn common_digit(c: char) -> bool {
    static COMMON_DIGIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\p{Script=Common}&&\p{Nd}]$").expect("a valid class"));
    COMMON_DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
}

/// The last character of `before` that is not a combining mark: the letter a decomposed
/// accent (`e` + U+0301) sits on speaks for it.
fn base_char_before(before: &str) -> Option<char> {
    before.chars().rev().find(|&c| !unicode_normalization::char::is_combining_mark(c))
}

/// Whether a link written right after `before` is missing a space: the letter before it and
/// the first character it shows (`first_shown`) are both of scripts that separate words with
/// spaces, or a number next to one. `shown` is asked only when the text before ends in a word.
pub fn needs_space(before: &str, shown: impl FnOnce() -> Option<char>) -> bool {
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    let left = if unicode_normalization::char::is_combining_mark(last) {
        base_char_before(before).map_or(Side::NotWord, side)
    } else {
        side(last)
    };
    if !matches!(left, Side::Spaced | Side::Digit) {
        return false;
    }
    match shown().map(side) {
        None | Some(Side::Unspaced) => false,
        Some(Side::Spaced | Side::Digit | Side::NotWord) => true,
    }
}

/// The first character a link shows: its display text, else its target as Obsidian shows it
/// (the parts between `#`s, empty ones dropped: `[[#Heading]]` shows `Heading`).
pub fn first_shown(target: &str, display: Option<&str>) -> Option<char> {
    match display {
        Some(d) => d.chars().next(),
        None => target.split('#').find(|p| !p.is_empty()).and_then(|p| p.chars().next()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides() {
        for c in ['a', 'é', 'ß', 'Ж', 'λ', 'Ա', 'ა', 'ǅ'] {
            assert_eq!(side(c), Side::Spaced, "{c}");
        }
        for c in ['ל', 'ب', 'ก', 'ລ', 'ក', 'မ', '中', 'の', 'カ', '한', 'क', '٣', '๓', 'Ａ'] {
            assert_eq!(side(c), Side::Unspaced, "{c}");
        }
        for c in ['1', '９'] {
            assert_ne!(side(c), Side::Spaced, "{c}");
        }
        for c in [' ', '(', '\'', '’', '-', '—', '»', '😀'] {
            assert_eq!(side(c), Side::NotWord, "{c:?}");
        }
    }

    #[test]
    fn needs_space_on_both_sides() {
        let needs = |before: &str, shown: Option<char>| needs_space(before, || shown);
        assert!(needs("towards", Some('r')));
        assert!(needs("1984", Some('O')));
        assert!(needs("cafe\u{301}", Some('x')));
        assert!(needs("word", Some('(')));
        assert!(!needs("towards", Some('中')));
        assert!(!needs("2023", Some('年')));
        assert!(!needs("ל", Some('י')));
        assert!(!needs("(", Some('x')));
        assert!(!needs("", Some('x')));
        assert!(!needs("word", None));
    }

    #[test]
    fn shown_text() {
        assert_eq!(first_shown("Note#H", None), Some('N'));
        assert_eq!(first_shown("#Heading", None), Some('H'));
        assert_eq!(first_shown("##", None), None);
        assert_eq!(first_shown("Note", Some("alias")), Some('a'));
        assert_eq!(first_shown("Note", Some("")), None);
    }
}
