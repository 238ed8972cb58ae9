//! Where a file changed, in the coordinates of the text as read: rounds of fixes each edit
//! the text the previous round left, and the output (and the tests that prove bytes outside
//! the edits are kept) needs them as one set of edits on the original.

use crate::note::Span;

/// The regions of the current text that differ from the original, each with the original
/// span it replaced; outside them the two texts are the same bytes, shifted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sorted and disjoint: (span in the current text, span in the original).
    regions: Vec<(Span, Span)>,
}

impl Changes {
    /// Records a round of edits (spans in the current text, sorted and disjoint, each with the
    /// length of its replacement). Regions that overlap or touch merge: two insertions at one
    /// original point would otherwise have no defined order.
    pub fn record(&mut self, edits: &[(Span, usize)]) {
        // Merge the old regions and the new edits, by position in the current text, into
        // clusters; each cluster becomes one region.
        enum Item {
            Old(Span),
            New(Span, usize),
        }
        let mut items: Vec<(Span, Item)> = self.regions.iter().map(|&(cur, orig)| (cur, Item::Old(orig))).collect();
        items.extend(edits.iter().map(|&(span, len)| (span, Item::New(span, len))));
        items.sort_by_key(|(s, _)| (s.start, s.end));
        let mut out: Vec<(Span, Span)> = Vec::new();
        // Growth of the current text from the edits before the point reached, and how much
        // longer than the original the current text is before it.
        let (mut grown, mut shift) = (0isize, 0isize);
        let mut i = 0;
        while i < items.len() {
            let (start, mut end) = (items[i].0.start, items[i].0.end);
            let (mut cluster_grown, mut cluster_shift) = (0isize, 0isize);
            while i < items.len() && items[i].0.start <= end {
                let (span, item) = &items[i];
                end = end.max(span.end);
                match item {
                    Item::Old(orig) => cluster_shift += len(*span) - len(*orig),
                    Item::New(span, n) => cluster_grown += *n as isize - len(*span),
                }
                i += 1;
            }
            let orig =
                Span { start: (start as isize - shift) as usize, end: (end as isize - shift - cluster_shift) as usize };
            let cur =
                Span { start: (start as isize + grown) as usize, end: (end as isize + grown + cluster_grown) as usize };
            out.push((cur, orig));
            grown += cluster_grown;
            shift += cluster_shift;
        }
        self.regions = out;
    }

    /// Where a point of the current text was in the original; a point inside a changed region
    /// maps to that region's start.
    pub fn to_original(&self, at: usize) -> usize {
        let mut shift = 0isize;
        for (cur, orig) in &self.regions {
            if at < cur.end || (at == cur.start && cur.start == cur.end) {
                if at >= cur.start {
                    return orig.start;
                }
                break;
            }
            shift += len(*cur) - len(*orig);
        }
        (at as isize - shift) as usize
    }

    /// The changes as edits on the original: (original span, what the current text has there).
    /// Regions whose bytes came back the same are left out.
    pub fn edits(&self, original: &str, current: &str) -> Vec<(Span, String)> {
        self.regions
            .iter()
            .filter(|(cur, orig)| current[cur.start..cur.end] != original[orig.start..orig.end])
            .map(|(cur, orig)| (*orig, current[cur.start..cur.end].to_string()))
            .collect()
    }
}

fn len(span: Span) -> isize {
    span.end as isize - span.start as isize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    fn apply(text: &str, edits: &[(Span, String)]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for (s, r) in edits {
            out.push_str(&text[at..s.start]);
            out.push_str(r);
            at = s.end;
        }
        out + &text[at..]
    }

    #[test]
    fn rounds_compose_into_edits_on_the_original() {
        let original = "ab[[ x ]]cd[[y]]ef";
        let mut changes = Changes::default();
        // Round 1: trim the padding (2..9 → "[[x]]") and insert a space at 11.
        changes.record(&[(sp(2, 9), 5), (sp(11, 11), 1)]);
        let round1 = "ab[[x]]cd [[y]]ef";
        // Round 2: insert a space before the trimmed link (touches the first region), and
        // replace `y` (outside every region).
        changes.record(&[(sp(2, 2), 1), (sp(12, 13), 1)]);
        let round2 = "ab [[x]]cd [[Y]]ef";
        let _ = round1;
        let edits = changes.edits(original, round2);
        assert_eq!(apply(original, &edits), round2);
        assert_eq!(edits.iter().map(|(s, _)| (s.start, s.end)).collect::<Vec<_>>(), [(2, 9), (11, 11), (13, 14)]);
    }

    #[test]
    fn an_edit_back_to_the_original_leaves_no_edit() {
        let original = "abc";
        let mut changes = Changes::default();
        changes.record(&[(sp(1, 2), 2)]);
        changes.record(&[(sp(1, 3), 1)]);
        assert_eq!(changes.edits(original, "abc"), []);
    }
}
