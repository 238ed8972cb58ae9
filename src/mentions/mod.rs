//! Unlinked mentions: plain-text occurrences of a note's title or aliases in other notes.
//!
//! One Aho-Corasick automaton holds every name of the vault, lower-cased; each note's prose
//! ([`zones`]) is lower-cased the same way and the automaton is walked from each place a word
//! may start, so the cost grows with the text, not with the number of names times the number
//! of notes, and names inside longer words cost nothing.
//!
//! What counts as a mention:
//! - a whole word, case-insensitive: the characters around it are neither letters, digits,
//!   combining marks nor `_` (Unicode-aware, so `Lenins` and `ÉLenin` do not count);
//! - in prose only: not in code, math, HTML tags, links, URLs, tags, headings or frontmatter;
//! - names shorter than [`MIN_CHARS`] characters, names without a letter (daily notes
//!   `2024-01-15`, `1917`) and names that are common words ([`common_words`]: `and`, `will`)
//!   are not looked for: they would match everywhere;
//! - a name in capitals, one word with no small letter ([`is_acronym`]: `CAN`, `NATO`), is
//!   found only where it is written in capitals: `can` and `Can` are other words. Found in
//!   another case, it is no candidate at all (it hides no shorter name inside it);
//! - a note never mentions itself; a name several notes share is credited to the note a
//!   bare link `[[name]]` would reach from the mentioning note, else to nobody.
//!
//! Matching is on Unicode code points as stored: a name in NFC does not find the same name
//! written in NFD, and names in scripts written without spaces (CJK) are only found where
//! something other than a letter surrounds them.

pub mod common_words;
pub mod link;
pub mod zones;

use crate::index::{FileId, VaultIndex};
use crate::note::{Note, Span};
use crate::vault::Vault;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use common_words::CommonWords;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use zones::{Excluded, Zone};

/// Names shorter than this (in characters) are not looked for.
pub const MIN_CHARS: usize = 3;

/// Whether a name is looked for: long enough, and not a number or a date.
pub fn eligible(name: &str) -> bool {
    name.chars().count() >= MIN_CHARS && name.chars().any(char::is_alphabetic) && !name.contains(['\n', '\r'])
}

/// Whether a name is an acronym (`text::is_acronym`): it stands for the note only where it is
/// written in capitals.
pub use crate::text::is_acronym;

/// Written with no small letter (what an acronym must be to be found).
fn in_capitals(text: &str) -> bool {
    !text.chars().any(char::is_lowercase)
}

/// Lower-cases one character at a time (not `str::to_lowercase`, whose final-sigma rule
/// looks at neighbours), so a name and the text it is found in fold the same way.
pub fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// A note a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub note: FileId,
    /// The name is one of the note's aliases, not its title.
    pub alias: bool,
    /// The name is an acronym ([`is_acronym`]): it stands for the note only when written in
    /// capitals.
    pub acronym: bool,
}

#[derive(Debug)]
pub struct Name {
    /// Folded with [`fold`].
    pub folded: String,
    /// Sorted by note.
    pub owners: Vec<Owner>,
    /// Some owner has it as an acronym: whether the text is in capitals matters.
    pub capitals_matter: bool,
}

/// Every name worth looking for, and the automaton that finds them.
#[derive(Debug)]
pub struct Dictionary {
    /// Walked from each place a name could start (anchored): no time is spent on the names
    /// found inside longer words, which a vault of common-word titles is full of.
    ac: Option<NFA>,
    /// By pattern id.
    pub names: Vec<Name>,
}

/// A note's title: its file name without `.md`.
pub fn title_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

impl Dictionary {
    /// The names of every note of the vault (titles and aliases) but the `common` words;
    /// with `only`, just the names of that note, still with all their owners so that shared
    /// names resolve as they would, and the longer names that hold one of them (whose
    /// mentions the caller drops).
    pub fn build(vault: &Vault, only: Option<FileId>, common: &CommonWords) -> Dictionary {
        let mut owners: HashMap<String, Vec<Owner>> = HashMap::new();
        let mut add = |name: &str, note: FileId, alias: bool| {
            let name = name.trim();
            if !eligible(name) {
                return;
            }
            let acronym = is_acronym(name);
            let folded = fold(name);
            // An acronym is found only in capitals, where it is not the common word.
            if !acronym && common.contains(&folded) {
                return;
            }
            let list = owners.entry(folded).or_default();
            match list.iter_mut().find(|o| o.note == note) {
                // An alias that repeats the title: the title wins; a spelling that is no
                // acronym (`Nato` beside `NATO`) finds the note in any case.
                Some(o) => {
                    o.alias &= alias;
                    o.acronym &= acronym;
                }
                None => list.push(Owner { note, alias, acronym }),
            }
        };
        for id in vault.live_ids().filter(|&id| vault.files[id].is_note) {
            add(title_of(&vault.files[id].path), id, false);
            if let Some(fm) = vault.note(id).and_then(|n| n.frontmatter.as_ref()) {
                for alias in &fm.aliases {
                    add(alias, id, true);
                }
            }
        }
        // With `only`, its names, and the names that hold one of them (`Web Services` for
        // `Web`): where one of those is the longest name, it is the mention, vault-wide and
        // for the note alone.
        let own: Vec<String> = match only {
            Some(only) => {
                owners.iter().filter(|(_, o)| o.iter().any(|o| o.note == only)).map(|(n, _)| n.clone()).collect()
            }
            None => Vec::new(),
        };
        let mut names: Vec<Name> = owners
            .into_iter()
            .filter(|(folded, _)| only.is_none() || own.iter().any(|n| folded.contains(n.as_str())))
            .map(|(folded, mut owners)| {
                owners.sort_by_key(|o| o.note);
                let capitals_matter = owners.iter().any(|o| o.acronym);
                Name { folded, owners, capitals_matter }
            })
            .collect();
        names.sort_by(|a, b| a.folded.cmp(&b.folded));
        // Standard semantics: the trie keeps every name, so a walk from one place meets all
        // the names that start there, and the longest valid one is chosen (a longer name that
        // fails the word test must not hide a shorter one that passes).
        let ac = (!names.is_empty()).then(|| {
            NFA::builder()
                .match_kind(MatchKind::Standard)
                .build(names.iter().map(|n| n.folded.as_str()))
                .expect("patterns are few enough for the automaton")
        });
        Dictionary { ac, names }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One unlinked mention. Kept small (a vault of common-word titles has millions): the
/// text and its context are read from the source text when shown ([`Mention::text`],
/// [`Mention::context`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    source: u32,
    target: u32,
    start: u32,
    end: u32,
    pub line: u32,
    /// In characters, 1-based.
    pub col: u32,
    /// The text matched one of the target's aliases rather than its title.
    pub alias: bool,
    /// Inside a table cell.
    pub in_table: bool,
}

impl Mention {
    pub fn source(&self) -> FileId {
        self.source as FileId
    }

    /// The note mentioned.
    pub fn target(&self) -> FileId {
        self.target as FileId
    }

    /// In the source file as read (BOM included).
    pub fn span(&self) -> Span {
        Span { start: self.start as usize, end: self.end as usize }
    }

    /// As written; `text` is the source's text the mention was found in.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize).unwrap_or_default()
    }

    /// The line around it, shortened, appended to `out`.
    pub fn context(&self, text: &str, out: &mut String) {
        context(text, self.start as usize, self.end as usize, out)
    }
}

/// Letters and digits of any script, combining marks, and `_`: a name next to one is part
/// of a longer word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// A run of text folded with [`fold`], with the way back to the original offsets.
struct Folded<'a> {
    text: std::borrow::Cow<'a, str>,
    /// For each folded byte, the offset (in the run) of the character it came from; empty
    /// when folding kept every offset (ASCII).
    origin: Vec<u32>,
}

impl<'a> Folded<'a> {
    fn new(run: &'a str) -> Folded<'a> {
        if run.is_ascii() {
            let text = if run.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(run.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(run)
            };
            return Folded { text, origin: Vec::new() };
        }
        let mut text = String::with_capacity(run.len());
        let mut origin = Vec::with_capacity(run.len());
        for (i, c) in run.char_indices() {
            for l in c.to_lowercase() {
                text.push(l);
                origin.resize(text.len(), i as u32);
            }
        }
        Folded { text: std::borrow::Cow::Owned(text), origin }
    }

    /// The run's range for the folded range, when both ends fall between original characters.
    fn original(&self, start: usize, end: usize, run_len: usize) -> Option<(usize, usize)> {
        if self.origin.is_empty() {
            return Some((start, end));
        }
        let o = &self.origin;
        let starts_char = start == 0 || o[start] != o[start - 1];
        let ends_char = end == o.len() || o[end] != o[end - 1];
        (starts_char && ends_char).then(|| (o[start] as usize, if end == o.len() { run_len } else { o[end] as usize }))
    }
}

/// Finds the mentions in one note. `text` is the file as read, `note` its parse; `pick`
/// says which note a found name (its pattern id, and whether it is written in capitals)
/// stands for here (see [`owner_for`]), or none.
///
/// A mention starts where a word may start (after a character that is not a word
/// character): from each such place in the prose the automaton is walked, anchored, and the
/// longest name found there that ends a word and lies outside links and URLs is taken; the
/// next walk starts after it.
pub fn scan(
    text: &str,
    note: &Note,
    source: FileId,
    dict: &Dictionary,
    mut pick: impl FnMut(usize, bool) -> Option<Owner>,
) -> Vec<Mention> {
    let Some(ac) = &dict.ac else { return Vec::new() };
    // Offsets and ids are kept in 32 bits.
    if u32::try_from(text.len()).is_err() || u32::try_from(source).is_err() {
        return Vec::new();
    }
    let Ok(start_state) = ac.start_state(Anchored::Yes) else { return Vec::new() };
    let excluded = Excluded::of(note);
    // Who each name stands for here, asked once per name (and per case, for an acronym:
    // `can` is not `CAN`), keyed by pattern id * 2 + in capitals. A name that stands for nobody
    // here (the note's own title or alias, a name shared with no way to choose) is no
    // candidate at all: were it taken as the longest match and then dropped, the shorter
    // name inside it would be lost (`Death of Stalin` in its own note hid `Stalin`).
    let mut picks: FxHashMap<usize, Option<Owner>> = FxHashMap::default();
    // (start, end, owner, in_table), in file offsets, in order.
    let mut found: Vec<(usize, usize, Owner, bool)> = Vec::new();
    for Zone { start: zs, end: ze, in_table } in zones::text_zones(text, note) {
        let run = &text[zs..ze];
        let ascii = run.is_ascii();
        // ASCII is folded byte by byte as it is walked; other text is folded first.
        let folded = if ascii { None } else { Some(Folded::new(run)) };
        let hay = folded.as_ref().map_or(run.as_bytes(), |f| f.text.as_bytes());
        let mut urls: Option<Vec<(usize, usize)>> = None;
        // Whether the character before the place looked at is a word character.
        let mut after_word = text[..zs].chars().next_back().is_some_and(is_word_char);
        // Original offset (in the run) where the next mention may start.
        let mut taken_to = 0;
        let mut f = 0;
        while f < hay.len() {
            let b = hay[f];
            // The walk starts only where a character of the run starts.
            let (char_start, orig) = match &folded {
                None => (true, f),
                Some(fo) => {
                    let o = fo.origin[f] as usize;
                    (f == 0 || fo.origin[f - 1] as usize != o, o)
                }
            };
            if !char_start {
                f += 1;
                continue;
            }
            let prev_word = after_word;
            let c = if ascii { b as char } else { run[orig..].chars().next().unwrap_or(' ') };
            after_word = is_word_char(c);
            if prev_word || orig < taken_to {
                f += 1;
                continue;
            }
            // Walk: the longest valid name starting here.
            let mut best: Option<(usize, usize, Owner)> = None;
            let mut sid = start_state;
            for (d, &byte) in hay[f..].iter().enumerate() {
                sid = ac.next_state(Anchored::Yes, sid, byte.to_ascii_lowercase());
                if !ac.is_special(sid) {
                    continue;
                }
                if ac.is_dead(sid) {
                    break;
                }
                if !ac.is_match(sid) {
                    continue;
                }
                let fe = f + d + 1;
                for i in 0..ac.match_len(sid) {
                    let pid = ac.match_pattern(sid, i);
                    // A match state also holds the names that end here but start later.
                    if ac.pattern_len(pid) != d + 1 {
                        continue;
                    }
                    let (s, e) = match &folded {
                        None => (f, fe),
                        Some(fo) => match fo.original(f, fe, run.len()) {
                            Some(r) => r,
                            None => continue,
                        },
                    };
                    let (start, end) = (zs + s, zs + e);
                    if text[end..].chars().next().is_some_and(is_word_char) || excluded.overlaps(start, end) {
                        continue;
                    }
                    let urls = urls.get_or_insert_with(|| zones::urls(run));
                    if urls.iter().any(|&(us, ue)| us < e && s < ue) {
                        continue;
                    }
                    let p = pid.as_usize();
                    let capitals = dict.names[p].capitals_matter && in_capitals(&text[start..end]);
                    let key = p << 1 | capitals as usize;
                    let Some(owner) = *picks.entry(key).or_insert_with(|| pick(p, capitals)) else { continue };
                    best = Some((s, e, owner));
                }
            }
            if let Some((s, e, owner)) = best {
                found.push((zs + s, zs + e, owner, in_table));
                taken_to = e;
            }
            f += 1;
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut cursor = Cursor::new(text);
    let mut out = Vec::with_capacity(found.len());
    for (start, end, owner, in_table) in found {
        let (line, col) = cursor.pos(start);
        out.push(Mention {
            source: source as u32,
            target: owner.note as u32,
            start: start as u32,
            end: end as u32,
            line,
            col,
            alias: owner.alias,
            in_table,
        });
    }
    out
}

/// Line and column (in characters, 1-based, a BOM taking none) of offsets met in order:
/// each costs only the text since the last one.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    line: u32,
    line_start: usize,
    /// Characters from `line_start` to `at`.
    chars: usize,
    bom: bool,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, at: 0, line: 1, line_start: 0, chars: 0, bom: text.starts_with('\u{FEFF}') }
    }

    fn pos(&mut self, offset: usize) -> (u32, u32) {
        if offset < self.at {
            *self = Cursor::new(self.text);
        }
        let seg = &self.text.as_bytes()[self.at..offset];
        match memchr::memrchr(b'\n', seg) {
            Some(i) => {
                self.line += memchr::memchr_iter(b'\n', seg).count() as u32;
                self.line_start = self.at + i + 1;
                self.chars = self.text[self.line_start..offset].chars().count();
            }
            None => self.chars += self.text[self.at..offset].chars().count(),
        }
        self.at = offset;
        let bom = self.bom && self.line == 1 && offset >= 3;
        (self.line, self.chars as u32 + 1 - bom as u32)
    }
}

/// The note a name stands for in `source`, written in `capitals` or not: of the owners it
/// fits (an acronym only in capitals), the only one, or, when several share it, the one
/// Obsidian resolves the bare name to from `source`; never `source` itself.
pub fn owner_for(name: &Name, source: FileId, index: &VaultIndex, capitals: bool) -> Option<Owner> {
    let fits = |o: &&Owner| capitals || !o.acronym;
    let mut fitting = name.owners.iter().filter(fits);
    let first = *fitting.next()?;
    let owner = if fitting.next().is_none() {
        first
    } else {
        let file = index.resolve(&name.folded, source).file?;
        *name.owners.iter().filter(fits).find(|o| o.note == file)?
    };
    (owner.note != source && u32::try_from(owner.note).is_ok()).then_some(owner)
}

/// Characters of context kept on each side of a mention.
const CONTEXT: usize = 40;

/// The mention's line, cut to [`CONTEXT`] characters on each side, `…` where cut.
fn context(text: &str, start: usize, end: usize, out: &mut String) {
    let mut bytes = std::mem::take(out).into_bytes();
    write_context(text, start, end, &mut bytes);
    *out = String::from_utf8(bytes).expect("context is cut at character boundaries");
}

/// [`context`], appended to a byte buffer. Looks at most [`CONTEXT`] + 1 characters on each
/// side of the mention: a long line costs only what is shown, however many mentions it has.
pub fn write_context(text: &str, start: usize, end: usize, out: &mut Vec<u8>) {
    let (Some(head), Some(matched)) = (text.get(..start), text.get(start..end)) else { return };
    let tail = &text[end..];
    // Most text is ASCII: one byte a character, no BOM, and a line cut where the bytes say.
    let near_before = &head.as_bytes()[start.saturating_sub(CONTEXT + 1)..];
    let near_after = &tail.as_bytes()[..tail.len().min(CONTEXT + 1)];
    if near_before.is_ascii() && near_after.is_ascii() && memchr::memchr(b'\r', near_after).is_none() {
        let from = out.len();
        match memchr::memrchr(b'\n', near_before) {
            None if near_before.len() > CONTEXT => {
                out.extend_from_slice("…".as_bytes());
                out.extend_from_slice(&near_before[1..]);
            }
            None => out.extend_from_slice(head.trim_start().as_bytes()),
            Some(i) => out.extend_from_slice(head[start - near_before.len() + i + 1..].trim_start().as_bytes()),
        }
        out.extend_from_slice(matched.as_bytes());
        match memchr::memchr(b'\n', near_after) {
            None if near_after.len() > CONTEXT => {
                out.extend_from_slice(&near_after[..CONTEXT]);
                out.extend_from_slice("…".as_bytes());
            }
            None => out.extend_from_slice(tail.trim_end().as_bytes()),
            Some(i) => out.extend_from_slice(tail[..i].trim_end().as_bytes()),
        }
        untab(&mut out[from..]);
        return;
    }
    // The part of the line before the mention that can show: the whole of it when short, else
    // its last CONTEXT + 1 characters, which cut it the same way (unless a BOM is among them,
    // which trimming could remove: then the whole line, as it always was).
    let mut window = None;
    let mut line_start = 0;
    for (k, (i, c)) in head.char_indices().rev().enumerate() {
        if c == '\n' {
            line_start = i + 1;
            break;
        }
        if k == CONTEXT {
            window = Some(i);
            break;
        }
    }
    let before = match window {
        Some(w) if !head[w..].contains('\u{FEFF}') => &head[w..],
        Some(_) => &head[head.rfind('\n').map_or(0, |i| i + 1)..],
        None => &head[line_start..],
    }
    .trim_start_matches('\u{FEFF}');
    let mut window = None;
    let mut line_end = tail.len();
    for (k, (i, c)) in tail.char_indices().enumerate() {
        if c == '\n' {
            line_end = i;
            break;
        }
        if k == CONTEXT {
            window = Some(i + c.len_utf8());
            break;
        }
    }
    let after = match window {
        Some(w) if !tail[..w].contains('\r') => &tail[..w],
        Some(_) => &tail[..memchr::memchr(b'\n', tail.as_bytes()).unwrap_or(tail.len())],
        None => &tail[..line_end],
    }
    .trim_end_matches('\r');
    let from = out.len();
    match before.char_indices().rev().nth(CONTEXT) {
        Some(_) => {
            out.extend_from_slice("…".as_bytes());
            let cut = before.char_indices().rev().nth(CONTEXT - 1).map_or(0, |(i, _)| i);
            out.extend_from_slice(&before.as_bytes()[cut..]);
        }
        None => out.extend_from_slice(before.trim_start().as_bytes()),
    }
    out.extend_from_slice(matched.as_bytes());
    match after.char_indices().nth(CONTEXT) {
        Some((cut, _)) => {
            out.extend_from_slice(&after.as_bytes()[..cut]);
            out.extend_from_slice("…".as_bytes());
        }
        None => out.extend_from_slice(after.trim_end().as_bytes()),
    }
    untab(&mut out[from..]);
}

/// Tabs become spaces (one byte for one: the text stays UTF-8).
fn untab(bytes: &mut [u8]) {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'\t', &bytes[at..]) {
        bytes[at + i] = b' ';
        at += i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_note;
    use std::path::Path;

    fn find(files: &[(&str, &str)], source: &str) -> Vec<(String, String)> {
        let vault = Vault::from_texts(Path::new("/v"), files);
        let index = VaultIndex::build(&vault);
        let dict = Dictionary::build(&vault, None, &CommonWords::default());
        let id = vault.files.iter().position(|f| f.path == source).unwrap();
        let text = files.iter().find(|(p, _)| *p == source).unwrap().1;
        let note = parse_note(text);
        scan(text, &note, id, &dict, |p, caps| owner_for(&dict.names[p], id, &index, caps))
            .into_iter()
            .map(|m| (m.text(text).to_string(), vault.files[m.target()].path.clone()))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn whole_words_case_insensitive() {
        let files = [("Lenin.md", ""), ("a.md", "LENIN and Lenins and lenin_x and _Lenin, lenin.")];
        assert_eq!(find(&files, "a.md"), pairs(&[("LENIN", "Lenin.md"), ("lenin", "Lenin.md")]));
    }

    #[test]
    fn unicode_boundaries_and_folding() {
        let files = [("Émile Zola.md", ""), ("a.md", "ÉMILE ZOLA wrote; xÉmile Zola did not; émile zolaé neither")];
        assert_eq!(find(&files, "a.md"), pairs(&[("ÉMILE ZOLA", "Émile Zola.md")]));
    }

    #[test]
    fn longest_valid_match_wins() {
        let files = [("Karl.md", ""), ("Karl Marx.md", ""), ("a.md", "Karl Marx, Karl Marxism")];
        assert_eq!(find(&files, "a.md"), pairs(&[("Karl Marx", "Karl Marx.md"), ("Karl", "Karl.md")]));
    }

    #[test]
    fn aliases_short_names_and_dates() {
        let files = [
            ("Vladimir Lenin.md", "---\naliases: [Lenin, VI]\n---\n"),
            ("2024-01-15.md", ""),
            ("Al.md", ""),
            ("a.md", "Lenin on 2024-01-15 with Al and VI"),
        ];
        assert_eq!(find(&files, "a.md"), pairs(&[("Lenin", "Vladimir Lenin.md")]));
    }

    #[test]
    fn acronyms_only_in_capitals() {
        let files = [
            ("NATO.md", ""),
            ("Controller Area Network.md", "---\naliases: [CAN, Can Bus]\n---\n"),
            ("a.md", "NATO, Nato, nato; CAN, can, Can; can bus"),
        ];
        assert_eq!(
            find(&files, "a.md"),
            pairs(&[
                ("NATO", "NATO.md"),
                ("CAN", "Controller Area Network.md"),
                ("can bus", "Controller Area Network.md")
            ])
        );
        assert!(is_acronym("CAN") && is_acronym("COVID-19") && is_acronym("ÉTÉ"));
        assert!(!is_acronym("Can") && !is_acronym("WORLD WAR II") && !is_acronym("1917") && !is_acronym("東京"));
    }

    #[test]
    fn acronym_and_word_of_one_name() {
        // `Nato.md` answers to every case; `NATO`, an alias of another note, only to capitals,
        // where the title wins as a bare link would.
        let files = [("Nato.md", ""), ("Alliance.md", "---\naliases: [NATO]\n---\n"), ("a.md", "nato and NATO")];
        assert_eq!(find(&files, "a.md"), pairs(&[("nato", "Nato.md"), ("NATO", "Nato.md")]));
        // One note spelling a name both ways finds it in any case.
        let files = [("NATO.md", "---\naliases: [Nato]\n---\n"), ("a.md", "nato")];
        assert_eq!(find(&files, "a.md"), pairs(&[("nato", "NATO.md")]));
    }

    #[test]
    fn common_words_whole_names_only() {
        let files = [("And.md", ""), ("Pride and Prejudice.md", ""), ("a.md", "Pride and Prejudice, and AND.")];
        assert_eq!(find(&files, "a.md"), pairs(&[("Pride and Prejudice", "Pride and Prejudice.md")]));
        // In capitals, a common word is an acronym: found as one.
        let files = [("AND.md", ""), ("a.md", "and, And, AND.")];
        assert_eq!(find(&files, "a.md"), pairs(&[("AND", "AND.md")]));
    }

    #[test]
    fn a_note_never_mentions_itself() {
        let files = [("Lenin.md", "Lenin wrote"), ("b.md", "---\naliases: [Lenin]\n---\n")];
        assert_eq!(find(&files, "Lenin.md"), pairs(&[]));
    }

    #[test]
    fn own_title_hides_no_shorter_name() {
        // The longest name here is the note's own title: it stands for nobody, so `Stalin`
        // inside it is the mention, as `mentions Stalin` finds it.
        let files = [("Stalin.md", ""), ("Death of Stalin.md", "The death of Stalin was in 1953.")];
        assert_eq!(find(&files, "Death of Stalin.md"), pairs(&[("Stalin", "Stalin.md")]));
        // Nor does an alias of its own, nor a name no note can be chosen for.
        let files = [
            ("Stalin.md", ""),
            ("Koba.md", "---\naliases: [Young Stalin]\n---\nYoung Stalin robbed banks."),
            ("A.md", "---\naliases: [Comrade Stalin]\n---\n"),
            ("B.md", "---\naliases: [Comrade Stalin]\n---\n"),
            ("c.md", "Comrade Stalin spoke."),
        ];
        assert_eq!(find(&files, "Koba.md"), pairs(&[("Stalin", "Stalin.md")]));
        assert_eq!(find(&files, "c.md"), pairs(&[("Stalin", "Stalin.md")]));
    }

    #[test]
    fn shared_names_follow_resolution() {
        let files = [("x/Lenin.md", ""), ("y/Lenin.md", ""), ("y/a.md", "Lenin")];
        assert_eq!(find(&files, "y/a.md"), pairs(&[("Lenin", "y/Lenin.md")]));
        // An alias two notes share, with no file of that name: nobody.
        let files =
            [("A.md", "---\naliases: [Ilyich]\n---\n"), ("B.md", "---\naliases: [Ilyich]\n---\n"), ("c.md", "Ilyich")];
        assert_eq!(find(&files, "c.md"), pairs(&[]));
        // A title beats an alias: that is what [[Lenin]] opens.
        let files = [("Lenin.md", ""), ("B.md", "---\naliases: [Lenin]\n---\n"), ("c.md", "Lenin")];
        assert_eq!(find(&files, "c.md"), pairs(&[("Lenin", "Lenin.md")]));
    }

    #[test]
    fn context_is_cut() {
        let text = format!("{}Lenin{}", "a".repeat(50), "b".repeat(50));
        let ctx = |text: &str, s, e| {
            let mut out = String::new();
            context(text, s, e, &mut out);
            out
        };
        assert_eq!(ctx(&text, 50, 55), format!("…{}Lenin{}…", "a".repeat(40), "b".repeat(40)));
        assert_eq!(
            ctx(&format!("{}Lenin{}", "a".repeat(40), "b".repeat(40)), 40, 45),
            format!("{}Lenin{}", "a".repeat(40), "b".repeat(40))
        );
        assert_eq!(ctx("x\r\n  Lenin here\r\ny", 5, 10), "Lenin here");
    }

    /// The context as it was first written: the whole line, then cut.
    fn context_reference(text: &str, start: usize, end: usize) -> String {
        let mut out = String::new();
        let (Some(before), Some(matched)) = (text.get(..start), text.get(start..end)) else { return out };
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let before = text[line_start..start].trim_start_matches('\u{FEFF}');
        let after = text[end..line_end].trim_end_matches('\r');
        match before.char_indices().rev().nth(CONTEXT) {
            Some(_) => {
                out.push('…');
                let cut = before.char_indices().rev().nth(CONTEXT - 1).map_or(0, |(i, _)| i);
                out.push_str(&before[cut..]);
            }
            None => out.push_str(before.trim_start()),
        }
        out.push_str(matched);
        match after.char_indices().nth(CONTEXT) {
            Some((cut, _)) => {
                out.push_str(&after[..cut]);
                out.push('…');
            }
            None => out.push_str(after.trim_end()),
        }
        out.replace('\t', " ")
    }

    proptest::proptest! {
        #[test]
        fn context_matches_the_whole_line_version(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-zé \t]{0,30}").unwrap(),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r".to_string()),
                    proptest::strategy::Just("\u{FEFF}".to_string()),
                    proptest::strategy::Just(" ".repeat(45)),
                    proptest::strategy::Just("é".repeat(45)),
                ],
                0..12,
            ),
            a in 0usize..400,
            len in 0usize..10,
        ) {
            let text: String = parts.concat();
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = chars[a % chars.len()];
            let end = chars[(a % chars.len() + len).min(chars.len() - 1)];
            let mut got = String::new();
            context(&text, start, end, &mut got);
            proptest::prop_assert_eq!(got, context_reference(&text, start, end));
        }
    }

    #[test]
    fn folding_keeps_offsets() {
        // `İ` folds to two characters: a name must not match half of it.
        let f = Folded::new("İstanbul");
        assert_eq!(f.original(0, f.text.len(), "İstanbul".len()), Some((0, "İstanbul".len())));
        assert_eq!(f.original(0, 1, "İstanbul".len()), None);
    }
}
