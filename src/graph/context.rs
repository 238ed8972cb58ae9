//! The text around a link, for `wikilint backlinks`: its line, or the sentence holding it
//! when the line is long, clipped to about [`MAX_CHARS`] characters around the link.

use crate::note::Span;
use crate::text::floor_char_boundary;

pub const MAX_CHARS: usize = 160;

/// `span` is the link's byte range in `text` (the file as read).
pub fn around(text: &str, span: Span) -> String {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line = &text[line_start..line_end];
    if line.trim().chars().count() <= MAX_CHARS {
        return line.trim().to_string();
    }
    // The sentence: from after the last `. ` (`!`, `?`) before the link to the first one after it.
    let (link_start, link_end) = (start - line_start, end - line_start);
    let boundary = |i: usize| {
        let b = line.as_bytes();
        matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
    };
    let from = (0..link_start).rev().find(|&i| boundary(i)).map_or(0, |i| i + 1);
    let to = (link_end..line.len()).find(|&i| boundary(i)).map_or(line.len(), |i| i + 1);
    let sentence = &line[from..to];
    let lead = sentence.len() - sentence.trim_start().len();
    let sentence = sentence.trim();
    let clipped_before = from > 0 && !line[..from].trim().is_empty();
    let clipped_after = to < line.len() && !line[to..].trim().is_empty();
    let link = (link_start - from).saturating_sub(lead)..(link_end - from).saturating_sub(lead).min(sentence.len());
    clip(sentence, link, clipped_before, clipped_after)
}

/// At most `MAX_CHARS` characters of `s` centred on the `link` byte range, with `…` where
/// text was cut.
fn clip(s: &str, link: std::ops::Range<usize>, mut cut_before: bool, mut cut_after: bool) -> String {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let mut lo = 0;
    let mut hi = n;
    if n > MAX_CHARS {
        let link_lo = chars.partition_point(|&(i, _)| i < link.start);
        let link_hi = chars.partition_point(|&(i, _)| i < link.end).max(link_lo);
        let spare = MAX_CHARS.saturating_sub(link_hi - link_lo);
        lo = link_lo.saturating_sub(spare / 2);
        hi = (lo + MAX_CHARS).min(n);
        lo = hi.saturating_sub(MAX_CHARS);
        cut_before |= lo > 0;
        cut_after |= hi < n;
    }
    let byte = |k: usize| if k >= n { s.len() } else { chars[k].0 };
    let mut out = String::new();
    if cut_before {
        out.push('…');
    }
    out.push_str(s[byte(lo)..byte(hi)].trim());
    if cut_after {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, link: &str) -> String {
        let start = text.find(link).unwrap();
        around(text, Span { start, end: start + link.len() })
    }

    #[test]
    fn a_short_line_is_the_context() {
        assert_eq!(at("# T\n\n  - see [[Lenin]] here  \nnext", "[[Lenin]]"), "- see [[Lenin]] here");
        assert_eq!(at("[[A]]", "[[A]]"), "[[A]]");
    }

    #[test]
    fn a_long_line_gives_the_sentence() {
        let filler = "Words go on and on here. ".repeat(8);
        let text = format!("{filler}The party saw [[Lenin]] arrive. {filler}");
        assert_eq!(at(&text, "[[Lenin]]"), "…The party saw [[Lenin]] arrive.…");
    }

    #[test]
    fn a_long_sentence_is_clipped_around_the_link() {
        let words = "word ".repeat(100);
        let text = format!("{words}[[Lenin]] {words}");
        let got = at(&text, "[[Lenin]]");
        assert!(got.contains("[[Lenin]]"), "{got}");
        assert!(got.starts_with('…') && got.ends_with('…'), "{got}");
        assert!(got.chars().count() <= MAX_CHARS + 2, "{got}");
        let cjk = "漢字".repeat(200);
        assert!(at(&format!("{cjk}[[X]]"), "[[X]]").ends_with("[[X]]"));
    }
}
