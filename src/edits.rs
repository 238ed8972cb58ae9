//! Applying edits to a text: the one generic function every writer of fixes goes through.

use crate::diagnostic::{Edit, Fix};

/// The text after applying what could be applied, how many fixes that was, and which of
/// them (their indexes in the slice given, in order of position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub fixes: usize,
    pub taken: Vec<usize>,
}

/// Applies whole fixes, in order of their first edit, skipping any fix with an edit that
/// overlaps one already taken (or that falls outside the text or off a character
/// boundary): the next round of a fixed-point loop picks those up. Bytes outside the
/// edits are copied as they are.
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<(usize, &Fix)> =
        fixes.iter().copied().enumerate().filter(|(_, f)| !f.edits.is_empty()).collect();
    order.sort_by_key(|(_, f)| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixes_taken = Vec::new();
    for (i, fix) in order {
        let fits =
            fix.edits.iter().all(|e| in_text(text, e))
                && fix.edits.iter().enumerate().all(|(i, e)| {
                    !taken.iter().any(|t| overlaps(t, e)) && !fix.edits[..i].iter().any(|t| overlaps(t, e))
                });
        if fits {
            taken.extend(&fix.edits);
            fixes_taken.push(i);
        }
    }
    Applied { text: apply_edits(text, &taken), fixes: fixes_taken.len(), taken: fixes_taken }
}

/// Applies edits that do not overlap (checked by [`apply_fixes`]); they may come in any order.
fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut edits = edits.to_vec();
    // Two insertions at one point cannot both be taken, so the order is total here.
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let grow: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + grow);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn in_text(text: &str, e: &Edit) -> bool {
    e.span.start <= e.span.end
        && e.span.end <= text.len()
        && text.is_char_boundary(e.span.start)
        && text.is_char_boundary(e.span.end)
}

/// Ranges that share a byte overlap; an insertion overlaps a range that strictly contains
/// its point, and another insertion at the same point (their order would be a guess).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span, b.span);
    if a.start == a.end && b.start == b.end {
        return a.start == b.start;
    }
    if a.start == a.end {
        return b.start < a.start && a.start < b.end;
    }
    if b.start == b.end {
        return a.start < b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Span;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix::safe("t", edits.iter().map(|&(s, e, r)| Edit::replace(Span { start: s, end: e }, r)).collect())
    }

    #[test]
    fn applies_in_any_order_and_keeps_the_rest() {
        let text = "a[[ b]]\r\nc";
        let pad = fix(&[(1, 7, "[[b]]")]);
        let glue = fix(&[(1, 1, " ")]);
        let got = apply_fixes(text, &[&pad, &glue]);
        assert_eq!(got, Applied { text: "a [[b]]\r\nc".into(), fixes: 2, taken: vec![1, 0] });
    }

    #[test]
    fn skips_a_fix_that_overlaps_and_keeps_fixes_whole() {
        let text = "0123456789";
        let first = fix(&[(2, 5, "x")]);
        let second = fix(&[(0, 1, "y"), (4, 6, "z")]);
        let got = apply_fixes(text, &[&second, &first]);
        // `second` starts first and is taken whole; `first` overlaps it.
        assert_eq!(got, Applied { text: "y123z6789".into(), fixes: 1, taken: vec![0] });
        let same_point = apply_fixes(text, &[&fix(&[(3, 3, "a")]), &fix(&[(3, 3, "b")])]);
        assert_eq!(same_point.fixes, 1);
    }

    #[test]
    fn refuses_edits_outside_the_text_or_inside_a_character() {
        let text = "é";
        assert_eq!(apply_fixes(text, &[&fix(&[(1, 2, "x")])]).fixes, 0);
        assert_eq!(apply_fixes(text, &[&fix(&[(0, 9, "x")])]).fixes, 0);
        assert_eq!(apply_fixes(text, &[&fix(&[(0, 2, "e")])]).text, "e");
    }
}
