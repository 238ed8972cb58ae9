//! Between the engine's byte offsets and vault paths and the protocol's positions and URIs.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How the client counts columns: UTF-16 code units (the protocol's default) or bytes, when
/// the client offers `utf-8` (what we then choose: no conversion cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of a text, to turn byte offsets into positions and back.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts, encoding }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.starts[line];
        // A byte-order mark read from disk is not in the editor's buffer.
        if line == 0 && self.text.starts_with('\u{FEFF}') {
            start = 3.min(offset);
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let segment = &self.text[start..end];
        let character = match self.encoding {
            Encoding::Utf8 => segment.len(),
            Encoding::Utf16 => segment.chars().map(char::len_utf16).sum(),
        };
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.position(start), end: self.position(end) }
    }

    /// The byte offset of a position; past the end of a line, the line's end.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let start = if pos.line == 0 && self.text.starts_with('\u{FEFF}') { 3 } else { start };
        let line_end = self.starts.get(pos.line as usize + 1).map_or(self.text.len(), |&e| e - 1);
        let line = &self.text[start..line_end.max(start)];
        // A CRLF line's `\r` is part of its line end, not a column: past the end is before it.
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = pos.character as usize;
        match self.encoding {
            Encoding::Utf8 => {
                let mut at = wanted.min(line.len());
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                start + at
            }
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in line.char_indices() {
                    if units >= wanted {
                        return start + i;
                    }
                    units += c.len_utf16();
                }
                start + line.len()
            }
        }
    }
}

/// The file path a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    Some(PathBuf::from(percent_decode(path)?))
}

/// `%XX` escapes undone, every one (a file name may hold `#` or `?`); `None` when the bytes
/// are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn path_to_uri(path: &Path) -> Uri {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).expect("a percent-encoded file path is a URI")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a😀b\nsecond";
        let l = Lines::new(text, Encoding::Utf16);
        assert_eq!(l.position(5), Position { line: 0, character: 3 });
        assert_eq!(l.offset(Position { line: 0, character: 3 }), 5);
        assert_eq!(l.position(7), Position { line: 1, character: 0 });
        assert_eq!(l.offset(Position { line: 1, character: 99 }), text.len());
        let l = Lines::new(text, Encoding::Utf8);
        assert_eq!(l.position(5), Position { line: 0, character: 5 });
        let crlf = "ab\r\ncd";
        let l = Lines::new(crlf, Encoding::Utf16);
        assert_eq!(l.offset(Position { line: 0, character: 99 }), 2, "never between CR and LF");
        assert_eq!(l.offset(Position { line: 1, character: 1 }), 5);
        let bom = "\u{FEFF}ab";
        assert_eq!(Lines::new(bom, Encoding::Utf16).position(4), Position { line: 0, character: 1 });
    }

    #[test]
    fn uris_round_trip() {
        let p = Path::new("/tmp/my vault/Café #1.md");
        let uri = path_to_uri(p);
        assert_eq!(uri.as_str(), "file:///tmp/my%20vault/Caf%C3%A9%20%231.md");
        assert_eq!(uri_to_path(&uri).unwrap(), p);
    }
}
