//! The raw text of a frontmatter block, read line by line for what a YAML parser forgets:
//! where each top-level property and list item sits, how it is quoted, the whitespace after
//! a plain scalar (`rating: WIP `), `- #tag` items (YAML comments, hence null) and unquoted
//! `[[links]]`. Only the block's own lines are read, once, without allocating per line.

use crate::note::{LineSpan, Location, Pos, Property, RawValue, Span, ValueStyle};
use crate::text::find_byte;

/// The top-level properties of the YAML text `text[start..end]`, in order. `pos` is where
/// `start` is, as `LineIndex::pos` gives it: the block starts a line, so the caller knows it
/// without a look-up. Tests call this; `frontmatter::parse` has the sizes already.
#[cfg(test)]
pub fn scan(text: &str, start: usize, end: usize, pos: Pos) -> Box<[Property]> {
    scan_sized(text, start, end, pos, LineSizes::of(&text.as_bytes()[start..end]))
}

/// `scan`, with the sizes of `text[start..end]` counted already (by `frontmatter::locate`).
pub fn scan_sized(text: &str, start: usize, end: usize, pos: Pos, sizes: LineSizes) -> Box<[Property]> {
    let bytes = text.as_bytes();
    let mut props: Vec<Property> = Vec::with_capacity(sizes.keys);
    // Items of the open property (or of a key line's flow list), copied into an exact-size
    // box when the property ends: one buffer for the whole block, sized by the other lines
    // (no allocation for a block without lists).
    let mut items: Vec<RawValue> = Vec::with_capacity(sizes.others);
    // The property the indented lines below belong to, and the indentation of its `-` items.
    let mut open: Option<usize> = None;
    let mut item_indent: Option<usize> = None;
    // Where the current line starts: given once, then counted (see `Cols`).
    let mut pos = pos;
    // Columns are byte distances on ASCII lines; most blocks are ASCII throughout.
    let ascii = text[start..end].is_ascii();
    let mut at = start;
    while at < end {
        let nl = find_byte(b'\n', &bytes[at..end]).map_or(end, |p| at + p);
        let line_end = if nl > at && bytes[nl - 1] == b'\r' { nl - 1 } else { nl };
        let line = &text[at..line_end];
        let line_start = at;
        let cols = Cols::new(text, line_start, line_end, pos, ascii || line.is_ascii());
        at = nl + 1;
        pos = Pos { line: pos.line + 1, col: 1 };
        let indent = blank_len(line.as_bytes());
        let body = &line[indent..];
        if body.is_empty() || (indent == 0 && body.starts_with('#')) {
            continue;
        }
        let item = is_item(body);
        if indent == 0 && !item {
            if let Some(i) = open.take() {
                props[i].items = items[..].into();
            }
            items.clear();
            item_indent = None;
            if let Some(p) = key_line(&cols, &mut items) {
                if matches!(p.value.style, ValueStyle::Empty | ValueStyle::Comment | ValueStyle::Plain) {
                    open = Some(props.len());
                }
                props.push(p);
            }
            items.clear();
            continue;
        }
        let Some(i) = open else { continue };
        let p = &mut props[i];
        match p.value.style {
            ValueStyle::Plain => {
                // A plain scalar folded over several lines: whitespace at a fold is dropped.
                p.value.trailing = 0;
                open = None;
            }
            ValueStyle::Empty | ValueStyle::Comment | ValueStyle::Block => {
                if !item && body.starts_with('#') {
                    continue;
                }
                p.value.style = ValueStyle::Block;
                let depth = *item_indent.get_or_insert(indent);
                if item && indent == depth {
                    items.push(value_at(&cols, line_start + indent + 1, None));
                } else if indent > depth
                    && let Some(last) = items.last_mut()
                    && last.style == ValueStyle::Plain
                {
                    last.trailing = 0;
                }
            }
            _ => {}
        }
    }
    if let Some(i) = open {
        props[i].items = items[..].into();
    }
    props.into_boxed_slice()
}

/// The capacities for what `scan` finds, to allocate once: `keys` for the properties, the
/// lines that start with neither whitespace nor `#` and are not list items; `others` for the
/// items, the other non-empty lines. Lines without a key, or a stray `\r`, can make them a
/// little off, which costs only a reallocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineSizes {
    pub keys: usize,
    pub others: usize,
}

impl LineSizes {
    /// What `frontmatter::locate` counts on its way, counted on its own (tests).
    #[cfg(test)]
    pub fn of(yaml: &[u8]) -> LineSizes {
        let mut sizes = LineSizes::default();
        let mut i = 0;
        while i < yaml.len() {
            sizes.count(&yaml[i..]);
            match find_byte(b'\n', &yaml[i..]) {
                Some(p) => i += p + 1,
                None => break,
            }
        }
        sizes
    }

    /// Counts the line that starts `rest`.
    #[inline]
    pub fn count(&mut self, rest: &[u8]) {
        match rest.first() {
            None | Some(b'#' | b'\r' | b'\n') => {}
            Some(b' ' | b'\t') => self.others += 1,
            Some(b'-') if matches!(rest.get(1), None | Some(b' ' | b'\t' | b'\r' | b'\n')) => self.others += 1,
            Some(_) => self.keys += 1,
        }
    }
}

/// The number of spaces and tabs that start `b`.
fn blank_len(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| c == b' ' || c == b'\t').count()
}

/// One line of the block, for the spans on it. `LineIndex::pos` is never asked (a look-up
/// costs more than the rest of a short line's work): lines are counted from where the block
/// starts and start at column 1, and a column counts the characters before it on its line,
/// as in `LineIndex::pos`.
struct Cols<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    pos: Pos,
    ascii: bool,
}

impl<'a> Cols<'a> {
    #[inline]
    fn new(text: &'a str, start: usize, end: usize, pos: Pos, ascii: bool) -> Self {
        Cols { text, start, end, pos, ascii }
    }

    fn line(&self) -> &'a str {
        &self.text[self.start..self.end]
    }

    #[inline]
    fn col(&self, at: usize) -> u32 {
        let n = if self.ascii { at - self.start } else { self.text[self.start..at].chars().count() };
        self.pos.col + n as u32
    }

    #[inline]
    fn span(&self, start: usize, end: usize) -> LineSpan {
        let pos = |at| Pos { line: self.pos.line, col: self.col(at) };
        LineSpan::new(Location { span: Span { start, end }, start: pos(start), end: pos(end) })
    }
}

/// `-` followed by whitespace or the end of the line: a block list item.
fn is_item(body: &str) -> bool {
    body.starts_with('-') && matches!(body.as_bytes().get(1), None | Some(b' ' | b'\t'))
}

/// How one line of a would-be frontmatter block reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// `key: value` or `key:` at the start of the line.
    Key,
    /// Other YAML: indented, a `- item`, a `# comment`, a flow collection.
    Yaml,
    /// Anything else: Markdown prose, `[[links]]`, quotes, tables.
    Text,
}

pub fn line_kind(line: &str) -> LineKind {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return LineKind::Blank;
    }
    if line.starts_with([' ', '\t', '#']) || is_item(line) {
        return LineKind::Yaml;
    }
    if key_end(line).is_some() {
        return LineKind::Key;
    }
    if line.starts_with("[[") {
        return LineKind::Text;
    }
    if line.starts_with(['[', '{', ']', '}']) { LineKind::Yaml } else { LineKind::Text }
}

/// For a line holding a simple key: (key as written without quotes, end of the key text,
/// offset just past the `:`).
fn key_end(line: &str) -> Option<(&str, usize, usize)> {
    let b = line.as_bytes();
    match *b.first()? {
        q @ (b'"' | b'\'') => {
            let close = quote_end(line, 0, q)?;
            let mut j = close + 1;
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            (b.get(j) == Some(&b':')).then(|| (&line[1..close], close + 1, j + 1))
        }
        b'[' | b'{' | b']' | b'}' | b'?' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b',' | b'#' => None,
        _ => {
            // One byte loop, rather than memchr (the lines are short, a call costs more), that
            // stops only at `:` and `#`: a `#` after whitespace before the colon starts a
            // comment, and it stays in the key however much whitespace trimming removes.
            let mut colon = 0;
            loop {
                while !KEY_STOP[usize::from(*b.get(colon)?)] {
                    colon += 1;
                }
                if b[colon] == b':' {
                    if matches!(b.get(colon + 1), None | Some(b' ' | b'\t')) {
                        break;
                    }
                } else if colon > 0 && matches!(b[colon - 1], b' ' | b'\t') {
                    return None;
                }
                colon += 1;
            }
            // A key that ends in an ASCII non-space (nearly all) needs no Unicode trim.
            let key = if b[..colon].last().is_some_and(u8::is_ascii_graphic) {
                &line[..colon]
            } else {
                line[..colon].trim_end()
            };
            if key.is_empty() {
                return None;
            }
            Some((key, key.len(), colon + 1))
        }
    }
}

/// The bytes `key_end` stops at: looked up, one branch per byte.
const KEY_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b':' as usize] = true;
    t[b'#' as usize] = true;
    t
};

/// The index of the quote closing the one at `open`: `\"` escapes in double quotes, `''`
/// in single quotes.
fn quote_end(s: &str, open: usize, q: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            c if c == q => {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn key_line(cols: &Cols, flow: &mut Vec<RawValue>) -> Option<Property> {
    let (key, key_len, after) = key_end(cols.line())?;
    let key_span = cols.span(cols.start, cols.start + key_len);
    let value = value_at(cols, cols.start + after, Some(flow));
    Some(Property { key: key.into(), key_span, value, items: flow[..].into() })
}

/// Reads the value that starts at `from` (just past `key:` or `-`) and runs to the end of
/// the line. The items of a one-line flow list go to `flow`; a list item (`flow` is `None`)
/// keeps none.
fn value_at(cols: &Cols, from: usize, flow: Option<&mut Vec<RawValue>>) -> RawValue {
    let item = flow.is_none();
    let rest = &cols.text[from..cols.end];
    let ws = blank_len(rest.as_bytes());
    let v = &rest[ws..];
    let b = v.as_bytes();
    let vs = from + ws;
    let Some(&first) = b.first() else {
        return RawValue { style: ValueStyle::Empty, span: cols.span(from, from), trailing: 0, trailing_tab: false };
    };
    // The style, the length and the trailing whitespace; the value is built once below. The
    // length without the whitespace that ends the line is found only where it is needed.
    let trimmed = || trim_end_len(b);
    let (style, len, trailing) = match first {
        b'#' => (ValueStyle::Comment, trimmed(), 0),
        q @ (b'"' | b'\'') => (ValueStyle::Quoted, quote_end(v, 0, q).map_or_else(trimmed, |e| e + 1), 0),
        b'[' => match bracket_end(v) {
            Some(e) => {
                let inner = &v[1..e];
                let ib = inner.as_bytes();
                let bare = ib.len() >= 2
                    && ib[0] == b'['
                    && ib[ib.len() - 1] == b']'
                    && !ib[1..ib.len() - 1].iter().any(|&c| c == b'[' || c == b']');
                if bare {
                    (ValueStyle::BareLink, e + 1, 0)
                } else {
                    if let Some(flow) = flow {
                        flow_items(inner, vs + 1, cols, flow);
                    }
                    (ValueStyle::Flow, e + 1, 0)
                }
            }
            None => (ValueStyle::Flow, trimmed(), 0),
        },
        b'{' => (ValueStyle::Flow, trimmed(), 0),
        b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => (ValueStyle::Other, trimmed(), 0),
        _ if item && (is_item(v) || key_end(v).is_some()) => (ValueStyle::Other, trimmed(), 0),
        _ => {
            // A comment starts at a `#` after whitespace; the whitespace before it is not trailing.
            let comment = (1..b.len()).find(|&i| b[i] == b'#' && matches!(b[i - 1], b' ' | b'\t'));
            let len = trim_end_len(&b[..comment.unwrap_or(b.len())]);
            let trailing = if comment.is_some() { 0 } else { b.len() - len };
            (ValueStyle::Plain, len, trailing)
        }
    };
    RawValue {
        style,
        span: cols.span(vs, vs + len),
        trailing: trailing.min(u16::MAX as usize) as u16,
        trailing_tab: trailing > 0 && b[b.len() - trailing..].contains(&b'\t'),
    }
}

/// The length of `b` without the spaces and tabs that end it.
fn trim_end_len(b: &[u8]) -> usize {
    b.iter().rposition(|&c| c != b' ' && c != b'\t').map_or(0, |i| i + 1)
}

/// The index of the `]` closing the `[` at 0, outside quotes; `None` when not on this line.
fn bracket_end(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            q @ (b'"' | b'\'') if i > 0 && matches!(b[i - 1], b'[' | b',' | b' ' | b'\t') => i = quote_end(v, i, q)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The items of a one-line flow list, split at its top-level commas, appended to `items`.
fn flow_items(inner: &str, at: usize, cols: &Cols, items: &mut Vec<RawValue>) {
    let b = inner.as_bytes();
    let mut push = |s: usize, e: usize| {
        let part = &inner[s..e];
        let from_first = part.trim_start();
        let lead = part.len() - from_first.len();
        let part = from_first.trim_end();
        if part.is_empty() {
            return;
        }
        let style = match part.as_bytes()[0] {
            b'"' | b'\'' => ValueStyle::Quoted,
            b'[' if part.starts_with("[[") && part.ends_with("]]") => ValueStyle::BareLink,
            b'[' | b'{' | b'&' | b'*' | b'!' => ValueStyle::Other,
            _ => ValueStyle::Plain,
        };
        let s = at + s + lead;
        items.push(RawValue { style, span: cols.span(s, s + part.len()), trailing: 0, trailing_tab: false });
    };
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                push(start, i);
                start = i + 1;
            }
            q @ (b'"' | b'\'') if inner[start..i].trim().is_empty() => match quote_end(inner, i, q) {
                Some(e) => i = e,
                None => break,
            },
            _ => {}
        }
        i += 1;
    }
    push(start, b.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(yaml: &str) -> Vec<Property> {
        let text = format!("---\n{yaml}---\n");
        scan(&text, 4, 4 + yaml.len(), Pos { line: 2, col: 1 }).into_vec()
    }

    fn styles(p: &Property) -> Vec<ValueStyle> {
        p.items.iter().map(|i| i.style).collect()
    }

    #[test]
    fn the_seed_note() {
        let p = props("author: \nrating: WIP \ngenre: political\nformat: article\n");
        let keys: Vec<_> = p.iter().map(|p| (&*p.key, p.value.style, p.value.trailing)).collect();
        assert_eq!(
            keys,
            [
                ("author", ValueStyle::Empty, 0),
                ("rating", ValueStyle::Plain, 1),
                ("genre", ValueStyle::Plain, 0),
                ("format", ValueStyle::Plain, 0)
            ]
        );
        let ws = p[1].value.trailing_loc().unwrap();
        assert_eq!((ws.start.line, ws.start.col, ws.end.col), (3, 12, 13));
        assert_eq!((p[1].key_loc().start.line, p[1].key_loc().start.col), (3, 1));
    }

    #[test]
    fn block_lists_and_comments() {
        let p = props("tags:\n  - a\n  - #journal\n  - \"b c\"\n  -\n  - [[X]]\n  - d \nnext: 1\n");
        assert_eq!(p[0].value.style, ValueStyle::Block);
        use ValueStyle::*;
        assert_eq!(styles(&p[0]), [Plain, Comment, Quoted, Empty, BareLink, Plain]);
        assert_eq!(p[0].items[5].trailing, 1);
        assert_eq!(p[0].items[1].loc().start.col, 5);
        assert_eq!(&*p[1].key, "next");
        // Items at the key's own indentation, comment lines in between.
        let p = props("tags:\n# c\n- a\n- b\n");
        assert_eq!(p[0].items.len(), 2);
    }

    #[test]
    fn flow_lists_and_links() {
        let p = props("tags: [a, \"b, c\", d/e]\nup: [[Lenin]]\nrel: \"[[A]]\"\nn: [[a], [b]]\n");
        use ValueStyle::*;
        assert_eq!(styles(&p[0]), [Plain, Quoted, Plain]);
        assert_eq!(p[0].items[1].loc().start.col, 11);
        assert_eq!(p[1].value.style, BareLink);
        assert_eq!(p[2].value.style, Quoted);
        assert_eq!(p[3].value.style, Flow);
    }

    #[test]
    fn what_is_not_trailing_whitespace() {
        let p = props("a: WIP  # later\nb: \"x\" \nc: one\n  two \nd: |\n  text  \ne: &x v \nf: x\t\n");
        let t: Vec<_> = p.iter().map(|p| (&*p.key, p.value.trailing)).collect();
        assert_eq!(t, [("a", 0), ("b", 0), ("c", 0), ("d", 0), ("e", 0), ("f", 1)]);
        assert_eq!(p[0].value.loc().end.col - p[0].value.loc().start.col, 3);
    }

    #[test]
    fn keys_quoted_crlf_and_nested() {
        let p = props("\"my key\": 1\r\nx:\r\n  nested: 2\r\n'it''s': 3 \r\n");
        let k: Vec<_> = p.iter().map(|p| (&*p.key, p.value.style, p.value.trailing)).collect();
        assert_eq!(k, [("my key", ValueStyle::Plain, 0), ("x", ValueStyle::Block, 0), ("it''s", ValueStyle::Plain, 1)]);
        assert!(p[1].items.is_empty());
    }

    #[test]
    fn anchors_documents_tabs_and_long_values() {
        let p = props("base: &b\n  k: v\nother: *b\n...\nz: 1\n");
        assert_eq!(p.iter().map(|p| &*p.key).collect::<Vec<_>>(), ["base", "other", "z"]);
        assert_eq!(p[0].value.style, ValueStyle::Other);
        let long = format!("k: {}\n", "x".repeat(100_000));
        let v = props(&long)[0].value.loc();
        assert_eq!(v.span.end - v.span.start, 100_000);
        let p = props("k:\tv\t\n");
        assert_eq!((p[0].value.style, p[0].value.trailing), (ValueStyle::Plain, 1));
    }

    #[test]
    fn keys_and_comments() {
        let k = |l: &'static str| key_end(l).map(|(k, _, after)| (k, after));
        assert_eq!(k("a: b #c"), Some(("a", 2)));
        assert_eq!(k("a#b: c"), Some(("a#b", 4)));
        assert_eq!(k("a:b: c"), Some(("a:b", 4)));
        assert_eq!(k("a \u{a0}:"), Some(("a", 5)));
        assert_eq!(k("a #b: c"), None);
        assert_eq!(k("a\t#: c"), None);
        assert_eq!(k(" : c"), None);
        assert_eq!(k("a:b"), None);
        assert_eq!(k("a# b"), None);
    }

    #[test]
    fn line_kinds() {
        use LineKind::*;
        let k: Vec<_> =
            ["", "title: x", "  - a", "# h", "See [[X]].", "[[X]]", "- a", "{\"a\": 1}", "Just prose", "\"q\": 1"]
                .iter()
                .map(|l| line_kind(l))
                .collect();
        assert_eq!(k, [Blank, Key, Yaml, Yaml, Text, Text, Yaml, Yaml, Text, Key]);
    }
}
