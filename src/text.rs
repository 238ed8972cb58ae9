//! Small text utilities shared by the parser and the resolver, matching JavaScript's
//! notion of whitespace and Obsidian's normalisation.

use crate::note::{Location, Pos, Span};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// `1 note`, `2 notes`: a count with its noun, for messages.
pub fn plural(n: usize, what: &str) -> String {
    let s = if what.ends_with('x') { "es" } else { "s" }; // `2 fixes`
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}{s}") }
}

/// JavaScript's `String.prototype.trim` whitespace: Rust's plus U+FEFF.
pub fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

pub fn js_trim(s: &str) -> &str {
    // Most strings start and end with a visible ASCII character: nothing to trim.
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim_matches(is_js_space),
    }
}

/// NFC without allocating when the text is already NFC (nearly always).
pub fn nfc(s: &str) -> String {
    // ASCII is NFC; checking it is a word at a time, the quick check a table lookup per char.
    if s.is_ascii() {
        return s.to_string();
    }
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// `str::to_lowercase`, with a fast path for ASCII (nearly every path and link), and runs of
/// ASCII lower-cased a run at a time otherwise: the standard one goes character by character
/// after the first non-ASCII one, and paths and links mix a few such characters into ASCII.
/// Without a `Σ` (whose lower case depends on its neighbours) every character lower-cases on
/// its own, to what `char::to_lowercase` gives.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
    out
}

/// The part after the last `/` (all of `s` when it has none).
pub fn last_segment(s: &str) -> &str {
    memchr::memrchr(b'/', s.as_bytes()).map_or(s, |i| &s[i + 1..])
}

/// Obsidian's link-target cleaning: NBSP to space, trim, NFC.
pub fn clean_target(s: &str) -> String {
    // ASCII (nearly every target) has no NBSP and is NFC: only the trim applies.
    if s.is_ascii() {
        return js_trim(s).to_string();
    }
    let replaced;
    let s = if s.contains('\u{A0}') {
        replaced = s.replace('\u{A0}', " ");
        replaced.as_str()
    } else {
        s
    };
    nfc(js_trim(s))
}

/// Length as JavaScript counts it (UTF-16 code units); Obsidian sorts candidates by it.
pub fn js_len(s: &str) -> usize {
    // One unit per character (every byte but a continuation byte), two for a character
    // outside the BMP (a 4-byte sequence, lead byte 0xF0 and up). A byte loop that vectorises:
    // `inspect` runs it over every line.
    s.bytes().map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

/// Maps byte offsets to 1-based line and code-point column.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Where each line starts, then `usize::MAX` `AHEAD` times, so that every line has the
    /// starts of `AHEAD` lines after it.
    line_starts: Vec<usize>,
    /// The line of the last lookup.
    last_line: std::cell::Cell<usize>,
    /// Every byte is a character: columns are byte distances (most notes).
    ascii: bool,
    /// The offset of every UTF-8 continuation byte (0x80 to 0xBF), in order: a column is the
    /// byte distance from the line start less the continuation bytes in between.
    continuations: Vec<usize>,
}

/// How many lines from the line of the last lookup on `LineIndex::line_of` looks without a
/// binary search.
const AHEAD: usize = 4;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::build::<false>(text, &mut Vec::new())
    }

    /// The index of `text`, and the offset of every `#` in it (where a tag may start) pushed
    /// to `hashes`, from the same pass over the text.
    pub fn with_hashes(text: &'a str, hashes: &mut Vec<usize>) -> Self {
        Self::build::<true>(text, hashes)
    }

    #[inline]
    fn build<const HASHES: bool>(text: &'a str, hashes: &mut Vec<usize>) -> Self {
        // About one line per 40 bytes of prose, and room for the most one step of the scan
        // pushes (64) beyond that: reserve once rather than grow many times.
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 3 + 64);
        line_starts.push(0);
        let mut continuations = Vec::new();
        let ascii = scan_text::<HASHES>(text.as_bytes(), &mut line_starts, hashes, &mut continuations);
        line_starts.extend([usize::MAX; AHEAD]);
        LineIndex { text, line_starts, last_line: std::cell::Cell::new(0), ascii, continuations }
    }

    // Most lookups are in ASCII notes: that case stays small enough to inline, and the column
    // in other notes (two binary searches among the continuation bytes) is kept out of line.
    #[inline]
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        if !self.ascii {
            return self.pos_in_chars(offset);
        }
        let line = self.line_of(offset);
        Pos { line: line as u32 + 1, col: (offset - self.line_starts[line]) as u32 + 1 }
    }

    #[inline(never)]
    fn pos_in_chars(&self, offset: usize) -> Pos {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        // The continuation bytes from the line start on: most often none lies before `offset`,
        // and one comparison says so.
        let from_start = &self.continuations[self.continuations.partition_point(|&c| c < start)..];
        let within = match from_start.first() {
            Some(&c) if c < offset => from_start.partition_point(|&c| c < offset),
            _ => 0,
        };
        let col = (offset - start - within) as u32 + 1;
        // Obsidian strips a BOM when it reads a file, so it takes no column.
        let bom = line == 0 && offset >= 3 && self.text.starts_with('\u{FEFF}');
        Pos { line: line as u32 + 1, col: col - bom as u32 }
    }

    pub fn loc(&self, start: usize, end: usize) -> Location {
        Location { span: Span { start, end }, start: self.pos(start), end: self.pos(end) }
    }

    /// The 0-based line holding `offset`, remembered for the next lookup. Lookups come mostly
    /// in order, and most land on the line of the previous one or a few lines on: there the
    /// line starts up to `offset` are counted, with one well-predicted branch, before falling
    /// back to a binary search.
    #[inline]
    fn line_of(&self, offset: usize) -> usize {
        let last = self.last_line.get();
        let ahead = &self.line_starts[last..=last + AHEAD];
        // `ahead[0] <= offset < ahead[AHEAD]` in one comparison.
        let line = if offset.wrapping_sub(ahead[0]) < ahead[AHEAD] - ahead[0] {
            last + (1..AHEAD).map(|k| usize::from(ahead[k] <= offset)).sum::<usize>()
        } else {
            self.line_starts.partition_point(|&s| s <= offset) - 1
        };
        self.last_line.set(line);
        line
    }
}

/// One pass over a note's bytes: pushes the offset after every `\n` to `line_starts`, when
/// `HASHES` the offset of every `#` to `hashes`, and the offset of every UTF-8 continuation byte
/// to `continuations`; returns whether all bytes are ASCII.
///
/// This used to be three passes: `memchr`'s iterator for the `\n`s, another for the `#`s and
/// `str::is_ascii`. memchr is fast between matches but pays dearly for each one (it leaves its
/// vector loop, works out the offset, and starts over with alignment and end checks), and in
/// prose a `\n` comes every 40 bytes or so. Here each 64 bytes are compared once per byte
/// sought, and the matches are the set bits of a mask, taken one `trailing_zeros` at a time.
fn scan_text<const HASHES: bool>(
    bytes: &[u8],
    line_starts: &mut Vec<usize>,
    hashes: &mut Vec<usize>,
    continuations: &mut Vec<usize>,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64: every processor that runs this has it.
    return unsafe { scan_text_sse2::<HASHES>(bytes, line_starts, hashes, continuations) };
    #[cfg(not(target_arch = "x86_64"))]
    return scan_text_scalar::<HASHES>(bytes, line_starts, hashes, continuations);
}

/// `scan_text` a byte at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn scan_text_scalar<const HASHES: bool>(
    bytes: &[u8],
    line_starts: &mut Vec<usize>,
    hashes: &mut Vec<usize>,
    continuations: &mut Vec<usize>,
) -> bool {
    let mut high = 0;
    for (i, &b) in bytes.iter().enumerate() {
        high |= b;
        if (b as i8) < -0x40 {
            continuations.push(i);
        } else if b == b'\n' {
            line_starts.push(i + 1);
        } else if HASHES && b == b'#' {
            hashes.push(i);
        }
    }
    high < 0x80
}

/// `scan_text` with SSE2, which every x86-64 processor has: 64 bytes a step, four 16-byte
/// loads, so that the costs paid per step (testing the masks, the loop) are paid half as often.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn scan_text_sse2<const HASHES: bool>(
    bytes: &[u8],
    line_starts: &mut Vec<usize>,
    hashes: &mut Vec<usize>,
    continuations: &mut Vec<usize>,
) -> bool {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };

    let len = bytes.len();
    if len < STEP {
        // Too short for a step: pad with zeros (neither `\n`, `#` nor high).
        let mut padded = [0u8; STEP];
        padded[..len].copy_from_slice(bytes);
        return scan_text_sse2::<HASHES>(&padded, line_starts, hashes, continuations);
    }
    let newline = _mm_set1_epi8(b'\n' as i8);
    let hash = _mm_set1_epi8(b'#' as i8);
    let continuation = _mm_set1_epi8(-0x40);
    let load = |at: usize| -> [__m128i; 4] {
        // SAFETY: `at + STEP <= len` (checked by each caller), so the four 16-byte loads lie in
        // `bytes`; they need no alignment.
        unsafe {
            let p = bytes.as_ptr().add(at);
            [0, 16, 32, 48].map(|k| _mm_loadu_si128(p.add(k).cast()))
        }
    };
    // A bit per byte of the 64 compared, set where `eq` is.
    let bits = |eq: [__m128i; 4]| -> u64 {
        let m = |i: usize| _mm_movemask_epi8(eq[i]) as u16 as u64;
        m(0) | m(1) << 16 | m(2) << 32 | m(3) << 48
    };
    // Whether a byte of the four has its top bit set (a comparison's match, or a high byte).
    let any =
        |eq: [__m128i; 4]| _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(eq[0], eq[1]), _mm_or_si128(eq[2], eq[3])));
    // The 64 bytes at `at` compared with `\n` and `#`, and a bit set if any byte is high, all
    // made before any offset is pushed. Most steps hold no `#`: that is told from one mask of
    // the four comparisons, and the bits of each are only gathered where one does.
    let step = |at: usize| -> (u64, [__m128i; 4], i32) {
        let v = load(at);
        let hashes_here = if HASHES { v.map(|v| _mm_cmpeq_epi8(v, hash)) } else { [_mm_setzero_si128(); 4] };
        (bits(v.map(|v| _mm_cmpeq_epi8(v, newline))), hashes_here, any(v))
    };
    // A bit per continuation byte of the 64 at `at`: made only where a byte is high (rare), so
    // loaded again rather than kept.
    let continuation_bits = |at: usize| -> u64 {
        let v = load(at);
        // As signed bytes, continuation bytes are -0x80 to -0x41.
        let m = |i: usize| _mm_movemask_epi8(_mm_cmplt_epi8(v[i], continuation)) as u16 as u64;
        m(0) | m(1) << 16 | m(2) << 32 | m(3) << 48
    };
    let mut high = 0;
    let mut at = 0;
    while at + STEP <= len {
        let (newlines, hashes_here, high_here) = step(at);
        high |= high_here;
        push_bits(line_starts, newlines, at + 1);
        if HASHES && any(hashes_here) != 0 {
            push_bits(hashes, bits(hashes_here), at);
        }
        if high_here != 0 {
            push_bits(continuations, continuation_bits(at), at);
        }
        at += STEP;
    }
    if at < len {
        // The last step takes the last 64 bytes, and keeps the bits of those not seen yet.
        let keep = u64::MAX << (at + STEP - len);
        let at = len - STEP;
        let (newlines, hashes_here, high_here) = step(at);
        high |= high_here;
        push_bits(line_starts, newlines & keep, at + 1);
        if HASHES {
            push_bits(hashes, bits(hashes_here) & keep, at);
        }
        if high_here != 0 {
            push_bits(continuations, continuation_bits(at) & keep, at);
        }
    }
    high == 0
}

/// The bytes `scan_text_sse2` looks at in one step, and so the most offsets one step pushes
/// to a vector.
#[cfg(target_arch = "x86_64")]
const STEP: usize = 64;

/// Pushes `base + i` for every bit `i` set in `bits`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn push_bits(out: &mut Vec<usize>, mut bits: u64, base: usize) {
    if bits == 0 {
        return;
    }
    // Room for the most a `u64` can hold, then plain stores: no check of the room per item.
    out.reserve(64);
    let len = out.len();
    let mut n = 0;
    while bits != 0 {
        // SAFETY: `n < 64` (one item per bit set), and there is room for 64 after `len`.
        unsafe { out.as_mut_ptr().add(len + n).write(base + bits.trailing_zeros() as usize) };
        n += 1;
        bits &= bits - 1;
    }
    // SAFETY: the `n` items after `len` were written just above.
    unsafe { out.set_len(len + n) };
}

// `memchr::memchr` and `memchr_iter` call the searcher picked at run time (AVX2) through a
// pointer; on the short stretches of a note (a line, a link, a heading) that call costs more
// than the search. SSE2 is part of x86-64, so memchr's SSE2 searcher is inlined instead.

/// The first `b` in `hay`.
#[inline]
pub fn find_byte(b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(b) {
        return one.find(hay);
    }
    memchr::memchr(b, hay)
}

/// The last `b` in `hay`.
#[inline]
pub fn rfind_byte(b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(b) {
        return one.rfind(hay);
    }
    memchr::memrchr(b, hay)
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// JavaScript's `decodeURI`: `%XX` sequences are decoded as UTF-8, except those that stand
/// for a reserved character (`;/?:@&=+$,#`), which stay encoded. `None` where JS throws.
pub fn decode_uri(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let hex = |i: usize| -> Option<u8> {
        let h = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        Some(h(*b.get(i)?)? * 16 + h(*b.get(i + 1)?)?)
    };
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let first = hex(i + 1)?;
        if first < 0x80 {
            if b";/?:@&=+$,#".contains(&first) {
                out.extend_from_slice(&b[i..i + 3]);
            } else {
                out.push(first);
            }
            i += 3;
            continue;
        }
        let n = match first {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return None,
        };
        let mut seq = vec![first];
        for k in 1..n {
            let j = i + 3 * k;
            if b.get(j) != Some(&b'%') {
                return None;
            }
            seq.push(hex(j + 1)?);
        }
        std::str::from_utf8(&seq).ok()?;
        out.extend_from_slice(&seq);
        i += 3 * n;
    }
    String::from_utf8(out).ok()
}

/// Whether a name is an acronym (`CAN`, `NATO`, `COVID-19`): one word, with capitals and no
/// small letter. Written in lower case it is usually an ordinary word (`can`, `man`), so it is
/// matched by case alone neither as a mention nor as an alias a link means.
pub fn is_acronym(name: &str) -> bool {
    name.chars().any(char::is_uppercase) && !name.chars().any(|c| c.is_lowercase() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_uri_like_javascript() {
        assert_eq!(decode_uri("My%20Note.md").as_deref(), Some("My Note.md"));
        assert_eq!(decode_uri("a%23b").as_deref(), Some("a%23b"));
        assert_eq!(decode_uri("a%2Fb").as_deref(), Some("a%2Fb"));
        assert_eq!(decode_uri("Caf%C3%A9").as_deref(), Some("Café"));
        assert_eq!(decode_uri("Bad%ZZ.md"), None);
        assert_eq!(decode_uri("x%C3"), None);
    }

    #[test]
    fn trims_like_javascript() {
        assert_eq!(js_trim("\u{FEFF} a \u{A0}"), "a");
        assert_eq!(clean_target("My\u{A0}Note"), "My Note");
        assert_eq!(clean_target("Cafe\u{301}"), "Café");
    }

    /// Line and column of every offset up to `text.len() + 1`, counted in one pass from the
    /// start: what `LineIndex::pos` must give, whatever the order of lookups.
    fn naive_positions(text: &str) -> Vec<Pos> {
        let (mut line, mut col) = (1, 1);
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            // Inside a character is at the character.
            while out.len() < i + c.len_utf8() {
                out.push(Pos { line, col });
            }
            if c == '\n' {
                (line, col) = (line + 1, 1);
            } else if !(i == 0 && c == '\u{FEFF}') {
                col += 1; // a BOM takes no column
            }
        }
        while out.len() < text.len() + 2 {
            out.push(Pos { line, col });
        }
        out
    }

    #[test]
    fn positions_in_any_order() {
        let long = "x\n".repeat(10_000) + &"y".repeat(20_000);
        for text in ["", "a\nbc\n\nd", "\u{FEFF}é\nçd[[x]]\n\n", "ab\r\ncd\n", long.as_str(), "\n\n\n"] {
            let n = text.len() + 2;
            let expected = naive_positions(text);
            let forward: Vec<usize> = (0..n).collect();
            let backward: Vec<usize> = (0..n).rev().collect();
            // Lookups mostly come in order, and the index reuses the last one: try every order.
            let scattered: Vec<usize> = (0..n).map(|i| (i * 7919) % n).collect();
            let twice: Vec<usize> = forward.iter().chain(&forward).copied().collect();
            for order in [forward, backward, scattered, twice] {
                let lines = LineIndex::new(text);
                for &at in &order {
                    assert_eq!(lines.pos(at), expected[at], "{text:?} at {at}");
                }
            }
        }
    }

    /// Random texts (ASCII or not, CRLF, BOM, a U+FEFF that is no BOM, long lines) looked up at
    /// random offsets, mostly forward as the parser goes, against the one-pass count.
    #[test]
    fn random_lookups_match_a_plain_count() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut below = |n: usize| {
            seed ^= seed << 13; // xorshift64
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let pieces = ["a", "bc ", "\n", "\r\n", "\n\n", "[[x]] ", "é", "日本", "😀", "\u{FEFF}", "#tag"];
        for round in 0..400 {
            let mut text = if round % 4 == 0 { "\u{FEFF}".to_string() } else { String::new() };
            for _ in 0..below(300) {
                let piece = pieces[below(pieces.len())];
                if round % 3 != 0 || piece.is_ascii() {
                    text.push_str(&piece.repeat(if below(20) == 0 { 50 } else { 1 }));
                }
            }
            let expected = naive_positions(&text);
            let lines = LineIndex::new(&text);
            let mut at = 0;
            for _ in 0..300 {
                at = if below(5) == 0 { below(text.len() + 2) } else { (at + below(40)).min(text.len() + 1) };
                assert_eq!(lines.pos(at), expected[at], "{text:?} at {at}");
            }
        }
    }

    #[test]
    fn byte_searches_match_memchr() {
        let hay: Vec<u8> =
            (0..200u32).map(|i| if i % 37 == 5 || i % 53 == 0 { b'#' } else { (i % 251) as u8 }).collect();
        for from in 0..hay.len() {
            for to in [from, (from + 1).min(hay.len()), (from + 17).min(hay.len()), hay.len()] {
                let h = &hay[from..to];
                assert_eq!(find_byte(b'#', h), memchr::memchr(b'#', h));
                assert_eq!(rfind_byte(b'#', h), memchr::memrchr(b'#', h));
            }
        }
    }

    /// Line starts, `#` offsets, continuation bytes and whether the bytes are ASCII, found the
    /// plain way.
    fn naive_scan(bytes: &[u8]) -> (Vec<usize>, Vec<usize>, Vec<usize>, bool) {
        let at = |wanted: fn(u8) -> bool| -> Vec<usize> {
            bytes.iter().enumerate().filter(|&(_, &b)| wanted(b)).map(|(i, _)| i).collect()
        };
        let mut starts = vec![0];
        starts.extend(at(|b| b == b'\n').iter().map(|i| i + 1));
        starts.extend([usize::MAX; AHEAD]);
        (starts, at(|b| b == b'#'), at(|b| (0x80..0xC0).contains(&b)), bytes.is_ascii())
    }

    /// What the one-pass scan finds (both with and without the `#`s, and byte at a time).
    fn check_scan(bytes: &[u8]) {
        let (starts, hashes, continuations, ascii) = naive_scan(bytes);
        let scan = |hashes_too: bool, scalar: bool| {
            let (mut got_starts, mut got_hashes, mut got_continuations) = (vec![0], Vec::new(), Vec::new());
            let (s, h, c) = (&mut got_starts, &mut got_hashes, &mut got_continuations);
            let got_ascii = match (hashes_too, scalar) {
                (true, false) => scan_text::<true>(bytes, s, h, c),
                (false, false) => scan_text::<false>(bytes, s, h, c),
                (true, true) => scan_text_scalar::<true>(bytes, s, h, c),
                (false, true) => scan_text_scalar::<false>(bytes, s, h, c),
            };
            got_starts.extend([usize::MAX; AHEAD]);
            (got_starts, got_hashes, got_continuations, got_ascii)
        };
        for scalar in [false, true] {
            let all = (starts.clone(), hashes.clone(), continuations.clone(), ascii);
            assert_eq!(scan(true, scalar), all, "{bytes:?}");
            let no_hashes = (starts.clone(), Vec::new(), continuations.clone(), ascii);
            assert_eq!(scan(false, scalar), no_hashes, "{bytes:?}");
        }
    }

    /// Every length around the 16- and 32-byte steps, with a `\n`, a `#` or a high byte at
    /// every place, alone and together.
    #[test]
    fn scan_finds_each_byte_at_every_place() {
        for len in [0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 95, 96, 97, 127, 128, 129, 191, 192, 193] {
            check_scan(&vec![b'a'; len]);
            for at in 0..len {
                for b in [b'\n', b'#', 0x80, 0xBF, 0xC3, 0xFF, b'\r', 0] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    check_scan(&bytes);
                    bytes[len - 1 - at] = b'#';
                    bytes[at / 2] = b'\n';
                    check_scan(&bytes);
                }
            }
            check_scan(&vec![b'\n'; len]);
            check_scan(&vec![b'#'; len]);
        }
    }

    proptest::proptest! {
        /// The run-at-a-time lower-casing is the standard one.
        #[test]
        fn lowercase_is_str_to_lowercase(s in "[a-zA-Z /.ÉéΣσΑİẞ猫🗂️\u{300}-]{0,30}") {
            proptest::prop_assert_eq!(super::lowercase(&s), s.to_lowercase());
        }

        /// Random texts of pieces (multibyte characters, `\r\n`, runs of `\n` and `#`) against
        /// the plain way, through `LineIndex::with_hashes` as the parser calls it.
        #[test]
        fn scan_matches_the_plain_way(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z #\n]{0,40}").unwrap(),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("日本".to_string()),
                    proptest::strategy::Just("😀".to_string()),
                    proptest::strategy::Just("\u{FEFF}".to_string()),
                    proptest::strategy::Just("#".to_string()),
                    proptest::strategy::Just("\n\n".to_string()),
                ],
                0..24,
            )
        ) {
            let text = parts.concat();
            check_scan(text.as_bytes());
            let (starts, hashes, continuations, ascii) = naive_scan(text.as_bytes());
            let mut got = Vec::new();
            let lines = LineIndex::with_hashes(&text, &mut got);
            proptest::prop_assert_eq!(&lines.line_starts, &starts);
            proptest::prop_assert_eq!(got, hashes);
            proptest::prop_assert_eq!(&lines.continuations, &continuations);
            proptest::prop_assert_eq!(lines.ascii, ascii);
            proptest::prop_assert_eq!(LineIndex::new(&text).line_starts, starts);
        }

        /// Lookups in any order (the parser's passes mostly go forward, but the fallback parse,
        /// blocks parsed after and the frontmatter go back), in ASCII text and not, against the
        /// one-pass count.
        #[test]
        fn lookups_in_any_order_match_a_plain_count(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z #]{0,30}").unwrap(),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("\n\n\n".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("日本".to_string()),
                    proptest::strategy::Just("😀".to_string()),
                    proptest::strategy::Just("\u{FEFF}".to_string()),
                ],
                0..60,
            ),
            ascii_only in proptest::bool::ANY,
            bom in proptest::bool::ANY,
            picks in proptest::collection::vec(proptest::num::usize::ANY, 1..80),
        ) {
            let mut text = if bom && !ascii_only { "\u{FEFF}".to_string() } else { String::new() };
            text.extend(parts.iter().filter(|p| !ascii_only || p.is_ascii()).map(String::as_str));
            let expected = naive_positions(&text);
            let lines = LineIndex::new(&text);
            for pick in picks {
                let at = pick % (text.len() + 2);
                proptest::prop_assert_eq!(lines.pos(at), expected[at], "{:?} at {}", text, at);
            }
        }

        /// Any bytes at all (the scan works on bytes, so high bytes anywhere).
        #[test]
        fn scan_matches_the_plain_way_on_any_bytes(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(b'\n'),
                    proptest::strategy::Just(b'#'),
                    proptest::strategy::Just(b'a'),
                    proptest::num::u8::ANY,
                ],
                0..140,
            )
        ) {
            check_scan(&bytes);
        }
    }

    #[test]
    fn columns_count_code_points() {
        let t = "ab\nçd[[x]]\n";
        let li = LineIndex::new(t);
        assert_eq!(li.pos(0), Pos { line: 1, col: 1 });
        let at = t.find("[[").unwrap();
        assert_eq!(li.pos(at), Pos { line: 2, col: 3 });
    }
}
