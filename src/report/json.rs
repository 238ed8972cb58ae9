//! `--format json`; the schema is documented in the README ("JSON output"). Written by hand,
//! byte for byte what `serde_json::to_writer_pretty` wrote for the same fields (the tests keep
//! the serde structs as the reference): going through serde's pretty formatter and then
//! re-indenting each item was about 5% of a 10k-note check's instructions.

use super::CheckReport;
use crate::diagnostic::{Diagnostic, Safety};
use crate::index::FileId;
use crate::rules::MissingNote;
use std::io::{self, Write};

pub fn render(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let files = &report.vault.files;
    render_parts(report.diagnostics, report.missing, |id| &files[id].path, &report.totals, out)
}

fn render_parts<'a>(
    diagnostics: &[Diagnostic],
    missing: &[MissingNote],
    path_of: impl Fn(FileId) -> &'a str + Sync,
    totals: &impl serde::Serialize,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": ")?;
    write_items(out, diagnostics, diag_size, write_diag)?;
    out.write_all(b",\n  \"missing_notes\": ")?;
    write_items(out, missing, |m| missing_size(m, &path_of), |buf, m| write_missing(buf, m, &path_of))?;
    out.write_all(b",\n  \"totals\": ")?;
    // A few numbers once per run: serde, re-indented, is fast enough.
    out.write_all(&indented(&serde_json::to_vec_pretty(totals)?, 2))?;
    out.write_all(b"\n}\n")
}

/// Items per parallel task, and per batch written out (a large vault's report is tens of
/// megabytes; a batch is not).
const CHUNK: usize = 256;
const BATCH: usize = 16 * 1024;

/// Writes `items` as a pretty-printed JSON array that is a member of the top-level object.
/// `write` puts one item at the indentation of an array element there, from its `{`; `size`
/// guesses how many bytes that takes, so a chunk's buffer is not grown and copied (which
/// cost a fifth as much as writing the items).
fn write_items<T: Sync>(
    out: &mut impl Write,
    items: &[T],
    size: impl Fn(&T) -> usize + Sync,
    write: impl Fn(&mut Vec<u8>, &T) + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let guess: usize = chunk.iter().map(&size).sum();
                // Room for escapes and long numbers.
                let mut buf = Vec::with_capacity(guess + guess / 16);
                for item in chunk {
                    buf.extend_from_slice(b",\n    ");
                    write(&mut buf, item);
                }
                buf
            })
            .collect();
        for (i, chunk) in rendered.iter().enumerate() {
            // Every item comes after `,` but the very first.
            out.write_all(if b == 0 && i == 0 { &chunk[1..] } else { chunk })?;
        }
    }
    out.write_all(b"\n  ]")
}

/// Roughly the bytes `write_diag` writes: its keys and indentation, its strings, numbers of a
/// few digits.
fn diag_size(d: &Diagnostic) -> usize {
    let fix = d
        .fix
        .as_ref()
        .map_or(0, |f| 96 + f.title.len() + f.edits.iter().map(|e| 128 + e.replacement.len()).sum::<usize>());
    300 + d.path.len() + d.code.len() + d.name.len() + d.message.len() + d.hint.as_ref().map_or(0, |h| h.len()) + fix
}

fn write_diag(buf: &mut Vec<u8>, d: &Diagnostic) {
    buf.extend_from_slice(b"{\n      \"path\": ");
    write_str(buf, &d.path);
    buf.extend_from_slice(b",\n      \"line\": ");
    write_num(buf, d.loc.start.line.max(1) as u64);
    buf.extend_from_slice(b",\n      \"column\": ");
    write_num(buf, d.loc.start.col.max(1) as u64);
    buf.extend_from_slice(b",\n      \"end_line\": ");
    write_num(buf, d.loc.end.line.max(1) as u64);
    buf.extend_from_slice(b",\n      \"end_column\": ");
    write_num(buf, d.loc.end.col.max(1) as u64);
    buf.extend_from_slice(b",\n      \"byte_start\": ");
    write_num(buf, d.loc.span.start as u64);
    buf.extend_from_slice(b",\n      \"byte_end\": ");
    write_num(buf, d.loc.span.end as u64);
    buf.extend_from_slice(b",\n      \"code\": ");
    write_str(buf, d.code);
    buf.extend_from_slice(b",\n      \"name\": ");
    write_str(buf, d.name);
    buf.extend_from_slice(b",\n      \"severity\": ");
    write_str(buf, d.severity.as_str());
    buf.extend_from_slice(b",\n      \"message\": ");
    write_str(buf, &d.message);
    buf.extend_from_slice(b",\n      \"hint\": ");
    match &d.hint {
        Some(hint) => write_str(buf, hint),
        None => buf.extend_from_slice(b"null"),
    }
    // The edits `--fix` would make for it (byte offsets in the file as read); absent when it
    // has none.
    if let Some(fix) = &d.fix {
        buf.extend_from_slice(b",\n      \"fix\": {\n        \"title\": ");
        write_str(buf, &fix.title);
        buf.extend_from_slice(b",\n        \"safety\": ");
        write_str(buf, safety_name(fix.safety));
        buf.extend_from_slice(b",\n        \"edits\": [");
        for (i, e) in fix.edits.iter().enumerate() {
            buf.extend_from_slice(if i == 0 { b"\n          {\n" } else { b",\n          {\n" });
            buf.extend_from_slice(b"            \"byte_start\": ");
            write_num(buf, e.span.start as u64);
            buf.extend_from_slice(b",\n            \"byte_end\": ");
            write_num(buf, e.span.end as u64);
            buf.extend_from_slice(b",\n            \"replacement\": ");
            write_str(buf, &e.replacement);
            buf.extend_from_slice(b"\n          }");
        }
        // serde's pretty printer closes an empty array on the line it opened.
        buf.extend_from_slice(if fix.edits.is_empty() { b"]\n      }" } else { b"\n        ]\n      }" });
    }
    buf.extend_from_slice(b"\n    }");
}

/// Roughly the bytes `write_missing` writes.
fn missing_size<'a>(m: &MissingNote, path_of: &impl Fn(FileId) -> &'a str) -> usize {
    160 + m.key.len() + m.title.len() + m.referrers.iter().map(|r| 136 + path_of(r.file).len()).sum::<usize>()
}

fn write_missing<'a>(buf: &mut Vec<u8>, m: &MissingNote, path_of: &impl Fn(FileId) -> &'a str) {
    buf.extend_from_slice(b"{\n      \"target\": ");
    write_str(buf, &m.key);
    buf.extend_from_slice(b",\n      \"title\": ");
    write_str(buf, &m.title);
    buf.extend_from_slice(if m.attachment {
        b",\n      \"attachment\": true"
    } else {
        b",\n      \"attachment\": false"
    });
    buf.extend_from_slice(b",\n      \"count\": ");
    write_num(buf, m.referrers.len() as u64);
    buf.extend_from_slice(b",\n      \"notes\": ");
    write_num(buf, m.notes() as u64);
    buf.extend_from_slice(b",\n      \"referrers\": [");
    for (i, r) in m.referrers.iter().enumerate() {
        buf.extend_from_slice(if i == 0 { b"\n        {\n" } else { b",\n        {\n" });
        buf.extend_from_slice(b"          \"path\": ");
        write_str(buf, path_of(r.file));
        buf.extend_from_slice(b",\n          \"line\": ");
        write_num(buf, r.loc.start.line as u64);
        buf.extend_from_slice(b",\n          \"column\": ");
        write_num(buf, r.loc.start.col as u64);
        buf.extend_from_slice(if r.hidden {
            b",\n          \"hidden\": true\n        }"
        } else {
            b",\n          \"hidden\": false\n        }"
        });
    }
    buf.extend_from_slice(if m.referrers.is_empty() { b"]\n    }" } else { b"\n      ]\n    }" });
}

/// Its serde name (`rename_all = "lowercase"`); a test holds the two together.
fn safety_name(s: Safety) -> &'static str {
    match s {
        Safety::Safe => "safe",
        Safety::Unsafe => "unsafe",
    }
}

pub(crate) fn write_num(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A JSON string as serde_json writes it. Most of ours need no escape at all, so they are
/// scanned eight bytes at a time and copied in runs.
pub(crate) fn write_str(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    while let Some(at) = next_escape(bytes, start) {
        buf.extend_from_slice(&bytes[start..at]);
        let b = bytes[at];
        match ESCAPE[b as usize] {
            b'u' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xF) as usize]]);
            }
            letter => buf.extend_from_slice(&[b'\\', letter]),
        }
        start = at + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// What serde_json writes for a byte of a string: 0 for the byte itself, else the letter of
/// its short escape, or `u` for `\u00XX`.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;

/// The first byte at or after `from` that needs an escape: sixteen bytes a step where SSE2 is
/// at hand (every x86-64 processor), eight otherwise and in strings shorter than sixteen.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 16 {
        // SAFETY: SSE2 is part of x86-64.
        return unsafe { next_escape_sse2(bytes, from) };
    }
    next_escape_words(bytes, from)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn next_escape_sse2(bytes: &[u8], from: usize) -> Option<usize> {
    use core::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let len = bytes.len();
    // A bit per byte of the sixteen from `at` that needs an escape.
    let to_escape = |at: usize| -> u32 {
        debug_assert!(at + 16 <= len);
        // SAFETY: `at + 16 <= len`: the load lies in `bytes`; it needs no alignment.
        let v = unsafe { _mm_loadu_si128(bytes.as_ptr().add(at).cast()) };
        let below_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(below_space, _mm_or_si128(quote, backslash))) as u32
    };
    let mut at = from;
    while at + 16 <= len {
        let found = to_escape(at);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize);
        }
        at += 16;
    }
    if at >= len {
        return None;
    }
    // The last sixteen bytes, without the bits of those already looked at.
    let last = len - 16;
    let found = to_escape(last) >> (at - last);
    (found != 0).then(|| at + found.trailing_zeros() as usize)
}

/// `next_escape` eight bytes a step.
fn next_escape_words(bytes: &[u8], from: usize) -> Option<usize> {
    let mut words = bytes[from..].chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        if let Some(i) = first_to_escape(u64::from_le_bytes(word.try_into().unwrap())) {
            return Some(at + i);
        }
        at += 8;
    }
    let left = words.remainder().len();
    if left == 0 {
        None
    } else if bytes.len() >= 8 {
        // The last eight bytes, the `8 - left` already looked at shifted out and spaces (which
        // need no escape) shifted in.
        let last = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().unwrap());
        let gone = 8 * (8 - left) as u32;
        first_to_escape((last >> gone) | ((ONES * b' ' as u64) << (64 - gone))).map(|i| at + i)
    } else {
        bytes[at..].iter().position(|&b| ESCAPE[b as usize] != 0).map(|i| at + i)
    }
}

/// The index of the first of eight little-endian bytes that needs an escape (below 0x20, `"`
/// or `\`). The usual word tricks ("has a byte less than n", "has a zero byte") can flag a
/// byte that needs none, but only above one that does (a borrow runs upwards), so the lowest
/// flag is exact.
fn first_to_escape(w: u64) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * b'"' as u64);
    let backslash = w ^ (ONES * b'\\' as u64);
    let is_quote = quote.wrapping_sub(ONES) & !quote;
    let is_backslash = backslash.wrapping_sub(ONES) & !backslash;
    let flags = (below_space | is_quote | is_backslash) & HIGH;
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

/// Pretty JSON moved `by` spaces to the right from its second line on. A JSON string holds
/// no raw line break, so every `\n` byte ends a line.
pub(crate) fn indented(json: &[u8], by: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    let mut rest = json;
    while let Some(i) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.extend(std::iter::repeat_n(b' ', by));
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Severity};
    use crate::note::{Location, Pos, Span};
    use crate::report::Totals;
    use crate::rules::Referrer;
    use proptest::prelude::*;
    use serde::Serialize;

    // The reference: the structs the report was serialized from with serde, field for field.

    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        diagnostics: Vec<Diag<'a>>,
        missing_notes: Vec<Missing<'a>>,
        totals: Totals,
    }

    #[derive(Serialize)]
    struct Diag<'a> {
        path: &'a str,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        byte_start: usize,
        byte_end: usize,
        code: &'a str,
        name: &'a str,
        severity: Severity,
        message: &'a str,
        hint: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<FixOut<'a>>,
    }

    #[derive(Serialize)]
    struct FixOut<'a> {
        title: &'a str,
        safety: Safety,
        edits: Vec<EditOut<'a>>,
    }

    #[derive(Serialize)]
    struct EditOut<'a> {
        byte_start: usize,
        byte_end: usize,
        replacement: &'a str,
    }

    #[derive(Serialize)]
    struct Missing<'a> {
        target: &'a str,
        title: &'a str,
        attachment: bool,
        count: usize,
        notes: usize,
        referrers: Vec<RefOut<'a>>,
    }

    #[derive(Serialize)]
    struct RefOut<'a> {
        path: &'a str,
        line: u32,
        column: u32,
        hidden: bool,
    }

    fn reference(diags: &[Diagnostic], missing: &[MissingNote], paths: &[String], totals: Totals) -> Vec<u8> {
        let doc = Doc {
            version: 1,
            diagnostics: diags
                .iter()
                .map(|d| Diag {
                    path: &d.path,
                    line: d.loc.start.line.max(1),
                    column: d.loc.start.col.max(1),
                    end_line: d.loc.end.line.max(1),
                    end_column: d.loc.end.col.max(1),
                    byte_start: d.loc.span.start,
                    byte_end: d.loc.span.end,
                    code: d.code,
                    name: d.name,
                    severity: d.severity,
                    message: &d.message,
                    hint: d.hint.as_deref(),
                    fix: d.fix.as_ref().map(|f| FixOut {
                        title: &f.title,
                        safety: f.safety,
                        edits: f
                            .edits
                            .iter()
                            .map(|e| EditOut {
                                byte_start: e.span.start,
                                byte_end: e.span.end,
                                replacement: &e.replacement,
                            })
                            .collect(),
                    }),
                })
                .collect(),
            missing_notes: missing
                .iter()
                .map(|m| Missing {
                    target: &m.key,
                    title: &m.title,
                    attachment: m.attachment,
                    count: m.referrers.len(),
                    notes: m.notes(),
                    referrers: m
                        .referrers
                        .iter()
                        .map(|r| RefOut {
                            path: &paths[r.file],
                            line: r.loc.start.line,
                            column: r.loc.start.col,
                            hidden: r.hidden,
                        })
                        .collect(),
                })
                .collect(),
            totals,
        };
        let mut out = serde_json::to_vec_pretty(&doc).unwrap();
        out.push(b'\n');
        out
    }

    fn ours(diags: &[Diagnostic], missing: &[MissingNote], paths: &[String], totals: Totals) -> Vec<u8> {
        let mut out = Vec::new();
        render_parts(diags, missing, |id| &paths[id], &totals, &mut out).unwrap();
        out
    }

    fn assert_same(diags: &[Diagnostic], missing: &[MissingNote], paths: &[String], totals: Totals) {
        let (want, got) = (reference(diags, missing, paths, totals), ours(diags, missing, paths, totals));
        assert!(want == got, "want:\n{}\ngot:\n{}", String::from_utf8_lossy(&want), String::from_utf8_lossy(&got));
    }

    fn loc(start: usize, end: usize, a: (u32, u32), b: (u32, u32)) -> Location {
        Location { span: Span { start, end }, start: Pos { line: a.0, col: a.1 }, end: Pos { line: b.0, col: b.1 } }
    }

    /// Strings heavy in what JSON escapes, at every offset within and across 8-byte words.
    fn text() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just('"'),
            1 => Just('\\'),
            1 => Just('/'),
            1 => Just('\u{7f}'),
            2 => proptest::char::range('\0', '\u{1f}'),
            1 => proptest::char::range(' ', '~'),
            1 => any::<char>(),
        ];
        prop_oneof![
            1 => Just(String::new()),
            8 => proptest::collection::vec(ch, 0..40).prop_map(String::from_iter),
        ]
    }

    fn position() -> impl Strategy<Value = (u32, u32)> {
        prop_oneof![(0..3u32, 0..3u32), (any::<u32>(), any::<u32>())]
    }

    fn offset() -> impl Strategy<Value = usize> {
        prop_oneof![0..300usize, any::<usize>()]
    }

    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }

    fn diagnostic() -> impl Strategy<Value = Diagnostic> {
        let fix = (text(), any::<bool>(), proptest::collection::vec((offset(), offset(), text()), 0..3)).prop_map(
            |(title, safe, edits)| Fix {
                title,
                safety: if safe { Safety::Safe } else { Safety::Unsafe },
                edits: edits.into_iter().map(|(s, e, r)| Edit::replace(Span { start: s, end: e }, r)).collect(),
            },
        );
        (
            (text(), offset(), offset(), position(), position()),
            (text(), text(), 0..3u8, text()),
            (proptest::option::of(text()), proptest::option::of(fix)),
        )
            .prop_map(|((path, s, e, a, b), (code, name, severity, message), (hint, fix))| Diagnostic {
                path,
                loc: loc(s, e, a, b),
                code: leak(code),
                name: leak(name),
                severity: [Severity::Info, Severity::Warning, Severity::Error][severity as usize],
                message,
                hint,
                fix,
            })
    }

    /// Referrers point into a list of paths of `files` entries.
    fn missing_note(files: usize) -> impl Strategy<Value = MissingNote> {
        let referrer = (0..files, position(), any::<bool>()).prop_map(|(file, at, hidden)| Referrer {
            file,
            loc: loc(0, 0, at, at),
            hidden,
            written: String::new(),
        });
        (text(), text(), proptest::collection::vec(referrer, 0..4), any::<bool>())
            .prop_map(|(key, title, referrers, attachment)| MissingNote { key, title, referrers, attachment })
    }

    fn report() -> impl Strategy<Value = (Vec<Diagnostic>, Vec<MissingNote>, Vec<String>)> {
        proptest::collection::vec(text(), 1..4).prop_flat_map(|paths| {
            (
                proptest::collection::vec(diagnostic(), 0..4),
                proptest::collection::vec(missing_note(paths.len()), 0..4),
                Just(paths),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn matches_serde_json((diags, missing, paths) in report(), n in any::<usize>()) {
            let totals = Totals { files: n, notes: n / 3, links: 0, broken_links: 7, missing_notes: missing.len(), errors: 1, warnings: 22, infos: 333 };
            assert_same(&diags, &missing, &paths, totals);
        }

        #[test]
        fn strings_match_serde_json(s in text()) {
            let mut ours = Vec::new();
            write_str(&mut ours, &s);
            prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }

    fn assert_str(s: &str) {
        let mut ours = Vec::new();
        write_str(&mut ours, s);
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
    }

    /// Every ASCII byte before, inside and after the 8-byte words, and in the short tail.
    #[test]
    fn every_byte_escapes_as_serde_json_does() {
        for b in 0..=0x7fu8 {
            for before in 0..17 {
                for after in 0..10 {
                    assert_str(&format!("{}{}{}", "x".repeat(before), b as char, "y".repeat(after)));
                }
            }
        }
    }

    /// Two bytes that need an escape, or sit next to one (a space right above a control byte
    /// is what a word trick gets wrong), anywhere in strings of up to 17 bytes.
    #[test]
    fn pairs_escape_as_serde_json_does() {
        let odd = ['\0', '\u{1f}', ' ', '!', '"', '\\', '\u{7f}', 'é'];
        for len in 2..18 {
            for i in 0..len {
                for j in 0..len {
                    for a in odd {
                        for b in odd {
                            let mut s: Vec<char> = vec!['x'; len];
                            s[i] = a;
                            s[j] = b;
                            assert_str(&String::from_iter(s));
                        }
                    }
                }
            }
        }
    }

    /// A byte that needs an escape, or sits next to one, at every offset of strings long enough
    /// for several sixteen-byte steps and a last step over bytes already looked at.
    #[test]
    fn long_strings_escape_as_serde_json_does() {
        for len in 16..50 {
            for at in 0..len {
                for odd in ['\0', '\u{1f}', ' ', '"', '\\', '\u{7f}', 'é'] {
                    let mut s: Vec<char> = vec!['x'; len];
                    s[at] = odd;
                    assert_str(&String::from_iter(s));
                }
            }
        }
    }

    #[test]
    fn enum_names_are_their_serde_names() {
        for s in [Safety::Safe, Safety::Unsafe] {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", safety_name(s)));
        }
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn empty_report() {
        assert_same(&[], &[], &[], Totals::default());
    }

    /// More items than one batch, so batches and parallel chunks are joined.
    #[test]
    fn many_items() {
        let n = BATCH + CHUNK + 3;
        let paths: Vec<String> = (0..n).map(|i| format!("notes/{i}.md")).collect();
        let diags: Vec<Diagnostic> = (0..n)
            .map(|i| Diagnostic {
                path: paths[i].clone(),
                loc: loc(i, i + 2, (i as u32, 1), (i as u32, 3)),
                code: "WL101",
                name: "broken-link",
                severity: Severity::Warning,
                message: format!("no note \"{i}\""),
                hint: (i % 2 == 0).then(|| "write it".to_string()),
                fix: (i % 3 == 0).then(|| Fix::safe("fix it", vec![Edit::insert(i, "x")])),
            })
            .collect();
        let missing: Vec<MissingNote> = (0..n)
            .map(|i| MissingNote {
                key: format!("n{i}"),
                title: format!("N{i}"),
                referrers: (0..i % 3)
                    .map(|j| Referrer {
                        file: (i + j) % n,
                        loc: loc(0, 0, (1, 1), (1, 1)),
                        hidden: false,
                        written: String::new(),
                    })
                    .collect(),
                attachment: false,
            })
            .collect();
        assert_same(&diags, &missing, &paths, Totals::default());
    }
}
