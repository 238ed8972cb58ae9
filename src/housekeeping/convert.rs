//! Converting the link syntax (`wikilint convert --to markdown|wikilink`): each wikilink and
//! embed written as a Markdown link or image, or the other way round, in the form Obsidian
//! itself writes (the path its `newLinkFormat` gives, `%20` in destinations, `.md` kept on
//! Markdown links), with what each link shows and where it leads unchanged.
//!
//! Planning is proof, not hope: every note's new text is parsed again and each link in it
//! resolved again, against the same vault; a converted link must lead to the same file (or,
//! unresolved, look for the same name), with the same heading or block, show the same text
//! and stay a link or an embed as it was, and nothing else in the note may read differently
//! (tags, block ids, comments, headings but for the links in them). A link that fails is left
//! as it is, with the reason, and the note is tried again without it. A link inside a heading
//! changes the heading's text, so every link in the vault to that heading is matched against
//! the new headings as well; when one would find another heading (or none), the links in that
//! heading stay as they are. So the resolved link graph is the same before and after, and
//! that is checked once more, note by note, before anything is written.
//!
//! Left alone on purpose: links in `%%` comments (the owner's notes to self), links in
//! properties when converting to Markdown (Obsidian reads only wikilinks there), canvases
//! (JSON), and what is not a link at all (code, math, HTML, external URLs).

use crate::diagnostic::{Edit, Fix};
use crate::index::resolve::resolve;
use crate::index::subpath::{SubpathStatus, same_heading};
use crate::index::{FileId, Names, Target, VaultIndex, unresolved_key};
use crate::linktext::{LinkFormat, PathStyle, encode_destination, linkpath_to};
use crate::moves::edit::{markdown_parts, unescape};
use crate::note::{Heading, Link, LinkKind, Note};
use crate::text::last_segment;
use crate::vault::{Vault, is_canvas_path};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The syntax links are converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `[text](Note.md)`, `![alt](img.png)`
    Markdown,
    /// `[[Note|text]]`, `![[img.png|alt]]`
    Wikilink,
}

impl Syntax {
    /// As the summary names it: "converted 3 links to Markdown", "… to wikilinks".
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Markdown => "Markdown",
            Syntax::Wikilink => "wikilinks",
        }
    }

    fn of(link: &Link) -> Syntax {
        match &link.kind {
            LinkKind::Markdown | LinkKind::MarkdownImage => Syntax::Markdown,
            LinkKind::Frontmatter { .. } | LinkKind::Canvas { file: false } if !link.original.starts_with("[[") => {
                Syntax::Markdown
            }
            _ => Syntax::Wikilink,
        }
    }
}

/// What to convert, and how to read a note's bytes.
pub struct Request<'a> {
    pub to: Syntax,
    /// How the path of a converted link is written (the vault's `newLinkFormat`, or the
    /// command line's).
    pub format: LinkFormat,
    /// Whether the links of the note at this vault path are converted (the paths given).
    pub converts: &'a (dyn Fn(&str) -> bool + Sync),
    /// The bytes of a vault-relative file as they are now.
    pub read: &'a (dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync),
}

/// The plan: each note's new text, and what was left as it was.
#[derive(Debug, Default)]
pub struct Conversion {
    /// By path.
    pub rewrites: Vec<NoteRewrite>,
    /// Links that cannot be written in the other syntax without changing what they show or
    /// where they lead, by path and position, each with why.
    pub left: Vec<LeftLink>,
    /// Wikilinks in properties, kept (converting to Markdown).
    pub in_properties: usize,
    /// Links inside `%%` comments, kept.
    pub in_comments: usize,
    /// Links in canvas cards, kept.
    pub in_canvases: usize,
}

impl Conversion {
    pub fn links_converted(&self) -> usize {
        self.rewrites.iter().map(|r| r.links).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRewrite {
    pub path: String,
    /// The bytes read, which the write expects to find.
    pub old: Vec<u8>,
    pub new: String,
    /// Links converted in it.
    pub links: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftLink {
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub original: String,
    pub reason: String,
}

/// Plans the conversion of the links of every note `request.converts`. Reads the notes,
/// writes nothing. An error means nothing can be planned (a note could not be read).
pub fn plan(vault: &Vault, index: &VaultIndex, request: &Request) -> Result<Conversion, String> {
    let ids: Vec<FileId> =
        vault.notes().map(|(id, _)| id).filter(|&id| (request.converts)(&vault.files[id].path)).collect();
    let prepared: Vec<Prepared> =
        ids.par_iter().map(|&id| prepare(vault, index, request, id)).collect::<Result<_, String>>()?;
    let mut conversion = Conversion::default();
    let mut works = Vec::new();
    for p in prepared {
        conversion.in_properties += p.in_properties;
        conversion.in_comments += p.in_comments;
        conversion.in_canvases += p.in_canvases;
        works.extend(p.work);
    }
    keep_linked_headings(vault, index, &mut works)?;
    for work in &works {
        same_graph(vault, index, work)?;
    }
    for work in works {
        let note = vault.note(work.id).expect("a note that was prepared");
        let path = &vault.files[work.id].path;
        for (k, reason) in &work.left {
            let link = &note.links[*k];
            conversion.left.push(LeftLink {
                path: path.clone(),
                line: link.loc.start.line,
                col: link.loc.start.col,
                original: link.original.clone(),
                reason: reason.clone(),
            });
        }
        if !work.planned.is_empty() {
            conversion.rewrites.push(NoteRewrite {
                path: path.clone(),
                old: work.old,
                new: work.new,
                links: work.planned.len(),
            });
        }
    }
    conversion.rewrites.sort_by(|a, b| a.path.cmp(&b.path));
    conversion.left.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(conversion)
}

/// What one note contributes to the plan.
#[derive(Default)]
struct Prepared {
    work: Option<NoteWork>,
    in_properties: usize,
    in_comments: usize,
    in_canvases: usize,
}

/// One note being converted: the text read, the new text of each link still to convert, the
/// links left with why, and the text and parse with those conversions made.
struct NoteWork {
    id: FileId,
    old: Vec<u8>,
    text: String,
    planned: BTreeMap<usize, String>,
    left: Vec<(usize, String)>,
    new: String,
    reparsed: Note,
}

fn prepare(vault: &Vault, index: &VaultIndex, request: &Request, id: FileId) -> Result<Prepared, String> {
    let path = &vault.files[id].path;
    let note = vault.note(id).expect("notes() gives notes");
    let mut prepared = Prepared::default();
    let from = match request.to {
        Syntax::Markdown => Syntax::Wikilink,
        Syntax::Wikilink => Syntax::Markdown,
    };
    let mut chosen = Vec::new();
    for (k, link) in note.links.iter().enumerate() {
        if Syntax::of(link) != from {
            continue;
        }
        match link.kind {
            LinkKind::Canvas { file: false } => prepared.in_canvases += 1,
            LinkKind::Canvas { file: true } => {}
            LinkKind::Frontmatter { .. } if request.to == Syntax::Markdown => prepared.in_properties += 1,
            _ if note.in_comment(link.loc.span.start) => prepared.in_comments += 1,
            _ => chosen.push(k),
        }
    }
    if chosen.is_empty() || is_canvas_path(path) {
        return Ok(prepared);
    }
    let old = (request.read)(path).map_err(|e| format!("cannot read {path}: {e}; nothing was changed"))?;
    let Ok(text) = String::from_utf8(old.clone()) else {
        let reason = "the note is not valid UTF-8, so its text cannot be rewritten safely (fix its encoding first)";
        let left = chosen.into_iter().map(|k| (k, reason.to_string())).collect();
        prepared.work = Some(NoteWork::unchanged(id, old, String::new(), note, left));
        return Ok(prepared);
    };
    let names = &index.names;
    let path_of = |f: FileId| vault.files[f].path.as_str();
    let mut planned = BTreeMap::new();
    let mut left = Vec::new();
    for k in chosen {
        let link = &note.links[k];
        let span = link.loc.span;
        let place = Place {
            names,
            path_of: &path_of,
            source: id,
            target: &index.targets[id][k],
            in_table: note.in_table(span.start),
            format: request.format,
            before: text.get(..span.start).and_then(|t| t.chars().next_back()),
            after: text.get(span.end..).and_then(|t| t.chars().next()),
        };
        let nested = note.links.iter().enumerate().find(|(j, other)| {
            let o = other.loc.span;
            *j != k && o.start < span.end && span.start < o.end
        });
        let converted = if let Some((_, other)) = nested {
            Err(format!("it overlaps the link {} (an image inside a link): convert them by hand", other.original))
        } else if text.get(span.start..span.end) != Some(link.original.as_str()) {
            Err(match link.kind {
                LinkKind::Frontmatter { .. } => "its property value is written with escapes; convert it by hand".into(),
                _ => "it is not where it was read (was the note edited meanwhile?)".into(),
            })
        } else {
            match request.to {
                Syntax::Markdown => to_markdown(link, &place),
                Syntax::Wikilink => to_wikilink(link, &place).and_then(|new| quoted(&text, link, new)),
            }
        };
        match converted {
            Ok(new) => {
                planned.insert(k, new);
            }
            Err(reason) => left.push((k, reason)),
        }
    }
    let mut work = NoteWork::unchanged(id, old, text, note, left);
    work.planned = planned;
    work.settle(index, note)?;
    prepared.work = Some(work);
    Ok(prepared)
}

/// What converting one link needs to know about where it is.
struct Place<'a> {
    names: &'a Names,
    path_of: &'a (dyn Fn(FileId) -> &'a str + Sync),
    source: FileId,
    target: &'a Target,
    /// In a table cell, where a `|` must be written `\|`.
    in_table: bool,
    format: LinkFormat,
    /// The characters just before and after the link (none at the ends of the text).
    before: Option<char>,
    after: Option<char>,
}

/// `[[Note#Heading|shown]]` as `[shown](Note.md#Heading)`, `![[img.png|100]]` as
/// `![100](img.png)`: the path Obsidian would write for the file the link finds, the text
/// Obsidian shows for it (an embed's alt is its own display text: its size, if any, reads the
/// same in both syntaxes).
fn to_markdown(link: &Link, place: &Place) -> Result<String, String> {
    let linkpath = link.linkpath();
    let path = if linkpath.is_empty() {
        String::new()
    } else {
        match place.target.resolution.file {
            Some(file) => {
                let style = PathStyle { format: place.format, md_extension: true, leading_slash: false };
                linkpath_to(place.names, place.path_of, file, place.source, style)
                    .unwrap_or_else(|| linkpath.to_string())
            }
            // A forward link stays one, looking for the same name.
            None if last_segment(linkpath).contains('.') => linkpath.to_string(),
            None => format!("{linkpath}.md"),
        }
    };
    let encode = |s: &str| {
        let encoded = encode_destination(s);
        if place.in_table { encoded.replace('|', "%7C") } else { encoded }
    };
    let mut destination = encode(&path);
    if let Some(subpath) = link.subpath() {
        destination.push('#');
        destination.push_str(&encode(subpath));
    }
    if crate::parse::is_external(&destination) {
        return Err(format!(
            "its path {path:?} would read as a web address in a Markdown link (the part before the colon looks like a scheme)"
        ));
    }
    let shown = if link.is_embed() { link.display.clone().unwrap_or_default() } else { link.shown_text() };
    let label = markdown_label(&shown, place.in_table)?;
    let bang = if link.is_embed() { "!" } else { "" };
    Ok(format!("{bang}[{label}]({destination})"))
}

/// `text` as the text of a Markdown link that shows exactly it: brackets and backslashes
/// escaped, and `==` (a highlight to Obsidian); then, if Markdown would still read something
/// into it (emphasis, code, math, HTML, a tag, a comment), every character that can start
/// such a thing.
fn markdown_label(text: &str, in_table: bool) -> Result<String, String> {
    for everything in [false, true] {
        let label = escape_label(text, everything, in_table);
        if reads_as(&label, text) {
            return Ok(label);
        }
    }
    Err(format!("its text {text:?} cannot be written as the text of a Markdown link that shows the same"))
}

fn escape_label(text: &str, everything: bool, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let escape = matches!(c, '\\' | '[' | ']')
            || (c == '|' && in_table)
            || (c == '=' && next == Some('='))
            || (everything && "`*_~$<>&=%#!^|".contains(c));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `[label](x)` is one Markdown link that shows `text`, with no tag or comment in it.
fn reads_as(label: &str, text: &str) -> bool {
    let probe = format!("[{label}](x)");
    let note = crate::parse::parse_note(&probe);
    matches!(note.links.as_slice(), [link] if link.kind == LinkKind::Markdown
        && link.loc.span.start == 0
        && link.loc.span.end == probe.len()
        && link.display.as_deref().unwrap_or("") == text)
        && note.tags.is_empty()
        && note.comments.is_empty()
        && note.problems.is_empty()
}

/// `[shown](Note.md#Heading)` as `[[Note#Heading|shown]]`, without `|shown` when the wikilink
/// shows that anyway. The path is the one Obsidian would write, or the one the text itself
/// names (`[../Marx](Marx.md)` as `[[../Marx]]`) when that leads to the same place with no
/// tie-break to rely on: the text shown is kept either way, and the link as it was written
/// before it was converted comes back.
fn to_wikilink(link: &Link, place: &Place) -> Result<String, String> {
    let parts = markdown_parts(&link.original, &link.target)
        .ok_or_else(|| "its destination cannot be found in its text".to_string())?;
    if parts.titled {
        return Err("it has a title (shown on hover), which a wikilink cannot hold".into());
    }
    let raw_label = &link.original[parts.label.0..parts.label.1];
    if raw_label.contains(['\n', '\r']) {
        return Err("its text runs over more than one line, and a wikilink stays on one".into());
    }
    let shown = link.display.clone().unwrap_or_default();
    // An image's alt is plain text whatever its Markdown: no formatting to lose.
    let wrap = match link.kind {
        _ if link.is_embed() => "",
        // A property's value is not rendered: no markers to move, only text to keep.
        LinkKind::Frontmatter { .. } if raw_label != shown && unescape(raw_label) != shown => {
            return Err(format!("its text {raw_label:?} has Markdown formatting; convert it by hand"));
        }
        LinkKind::Frontmatter { .. } => "",
        _ => emphasis_around(raw_label, &shown, place)?,
    };
    let linkpath = link.linkpath();
    let subpath = link.subpath();
    let path = if linkpath.is_empty() {
        String::new()
    } else {
        match place.target.resolution.file {
            Some(file) => {
                let style = PathStyle { format: place.format, md_extension: false, leading_slash: false };
                linkpath_to(place.names, place.path_of, file, place.source, style)
                    .unwrap_or_else(|| linkpath.to_string())
            }
            None => match linkpath.strip_suffix(".md").or_else(|| linkpath.strip_suffix(".MD")) {
                Some(stem) if !stem.is_empty() && !last_segment(stem).contains('.') => stem.to_string(),
                _ => linkpath.to_string(),
            },
        }
    };
    if path.contains('#') {
        return Err("its file name holds a #, which a wikilink reads as the start of a heading".into());
    }
    let mut target = path;
    if let Some(subpath) = subpath {
        target.push('#');
        target.push_str(subpath);
    }
    let alias = if link.is_embed() {
        Some(shown).filter(|s| !s.is_empty())
    } else if default_display(&target) == shown.trim() {
        None
    } else if let Some(named) = named_by_text(&shown, link, place) {
        target = named;
        None
    } else {
        Some(shown)
    };
    check_wiki_target(&target)?;
    let bang = if link.is_embed() { "!" } else { "" };
    match alias {
        None => Ok(format!("{wrap}{bang}[[{target}]]{wrap}")),
        Some(alias) => {
            if alias.contains("[[") || alias.contains("]]") || alias.ends_with(']') {
                return Err(format!("its text {alias:?} holds brackets that would end a wikilink"));
            }
            if place.in_table && alias.contains('|') {
                return Err(format!("its text {alias:?} holds a | , which would end the table cell"));
            }
            let bar = if place.in_table { "\\|" } else { "|" };
            Ok(format!("{wrap}{bang}[[{target}{bar}{alias}]]{wrap}"))
        }
    }
}

/// The text of a wikilink shows as written, Markdown and all: a link text with formatting
/// converts only when it is plain but for backslash escapes (`my\_note`), or when one
/// emphasis or strikethrough wraps all of it (`**Human**`): then the markers go around the
/// wikilink (`**[[Human]]**`), where they make the same bold link, provided the text around
/// lets them open and close there. Returns those markers (`""` for none).
fn emphasis_around(raw: &str, shown: &str, place: &Place) -> Result<&'static str, String> {
    let plain = |s: &str| s == shown || unescape(s) == shown;
    if plain(raw) {
        return Ok("");
    }
    let flanks = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    for marker in ["***", "**", "~~", "*"] {
        let Some(inner) = raw.strip_prefix(marker).and_then(|r| r.strip_suffix(marker)) else { continue };
        let bare = !inner.is_empty() && !inner.contains(marker) && !inner.starts_with(char::is_whitespace);
        if bare && !inner.ends_with(char::is_whitespace) && plain(inner) && flanks(place.before) && flanks(place.after)
        {
            return Ok(marker);
        }
    }
    if raw.contains('`') {
        return Err(format!(
            "its text {raw:?} is code, which the text of a wikilink cannot be (it shows the backticks as written)"
        ));
    }
    Err(format!("its text {raw:?} has Markdown formatting, which the text of a wikilink shows as written"))
}

/// What a wikilink without display text shows (Obsidian's `displayText`): the target's
/// parts between `#`s, empty ones dropped, joined with ` > `.
fn default_display(target: &str) -> String {
    target.split('#').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" > ")
}

/// The wikilink target that `shown` reads as (`People/Lenin > ^birth` is
/// `People/Lenin#^birth`), when it leads where the link leads, to the same heading or block,
/// without a tie-break.
fn named_by_text(shown: &str, link: &Link, place: &Place) -> Option<String> {
    let target = shown.trim().split(" > ").collect::<Vec<_>>().join("#");
    if target.is_empty() || target.contains(['|', '\n']) || target.contains("[[") || target.contains("]]") {
        return None;
    }
    let (linkpath, subpath) = match target.split_once('#') {
        Some((p, s)) => (p, Some(s)),
        None => (target.as_str(), None),
    };
    if subpath != link.subpath() || linkpath.is_empty() != link.linkpath().is_empty() {
        return None;
    }
    let now = resolve(place.names, linkpath, place.source);
    let same = match place.target.resolution.file {
        // Written as the file is named, too: `[human](Human.md)` stays `[[Human|human]]`, not
        // a `[[human]]` that finds it only because Obsidian ignores case.
        Some(file) => now.file == Some(file) && !now.is_ambiguous() && names_exactly(linkpath, (place.path_of)(file)),
        None => now.file.is_none() && unresolved_key(linkpath) == unresolved_key(link.linkpath()),
    };
    same.then_some(target)
}

/// Whether `linkpath` (past its `./` and `../` steps) spells the end of `path`, with or
/// without `.md`, in the same case.
fn names_exactly(linkpath: &str, path: &str) -> bool {
    let mut rest = linkpath.trim_start_matches('/');
    while let Some(r) = rest.strip_prefix("./").or_else(|| rest.strip_prefix("../")) {
        rest = r;
    }
    let stem = path.strip_suffix(".md").unwrap_or(path);
    let ends = |full: &str| full == rest || full.ends_with(&format!("/{rest}"));
    !rest.is_empty() && (ends(path) || ends(stem))
}

/// What Obsidian's wikilink tokenizer would not give back as the target written.
fn check_wiki_target(target: &str) -> Result<(), String> {
    if target.contains('|') || target.contains("[[") || target.contains("]]") || target.ends_with(']') {
        return Err(format!("its target {target:?} holds a | or brackets, which a wikilink cannot hold"));
    }
    if target.ends_with('\\') {
        return Err(format!("its target {target:?} ends with a backslash, which a wikilink drops"));
    }
    if target.starts_with(crate::text::is_js_space) || target.ends_with(crate::text::is_js_space) {
        return Err(format!("its target {target:?} starts or ends with a space, which a wikilink trims"));
    }
    Ok(())
}

/// A link converted inside a property value goes back between the value's quotes, escaped
/// for them.
fn quoted(text: &str, link: &Link, new: String) -> Result<String, String> {
    if !matches!(link.kind, LinkKind::Frontmatter { .. }) {
        return Ok(new);
    }
    match text[..link.loc.span.start].chars().next_back() {
        Some('"') => Ok(new.replace('\\', "\\\\").replace('"', "\\\"")),
        Some('\'') => Ok(new.replace('\'', "''")),
        _ => Err("its property value is not quoted; convert it by hand".into()),
    }
}

impl NoteWork {
    fn unchanged(id: FileId, old: Vec<u8>, text: String, note: &Note, left: Vec<(usize, String)>) -> NoteWork {
        NoteWork { id, old, new: text.clone(), text, planned: BTreeMap::new(), left, reparsed: note.clone() }
    }

    /// The text with the `planned` conversions made, and its parse.
    fn attempt(&self, planned: &BTreeMap<usize, String>, note: &Note) -> Result<(String, Note), String> {
        let fixes: Vec<Fix> = planned
            .iter()
            .map(|(k, new)| Fix::safe("convert link", vec![Edit::replace(note.links[*k].loc.span, new.clone())]))
            .collect();
        let refs: Vec<&Fix> = fixes.iter().collect();
        let applied = crate::edits::apply_fixes(&self.text, &refs);
        if applied.fixes != fixes.len() {
            return Err("two links of a note overlap in its text; nothing was changed".into());
        }
        let reparsed = crate::vault::parse_bytes(applied.text.as_bytes());
        Ok((applied.text, reparsed))
    }

    /// Converts what can be converted: each failing link is left (with why) and the note tried
    /// again without it, until its new text reads as the old one in every respect but syntax.
    fn settle(&mut self, index: &VaultIndex, note: &Note) -> Result<(), String> {
        // Each round leaves at least one link, or ends.
        while !self.planned.is_empty() {
            let (new, reparsed) = self.attempt(&self.planned, note)?;
            match compare(index, self.id, note, &reparsed, &self.planned) {
                Ok(()) => {
                    self.new = new;
                    self.reparsed = reparsed;
                    return Ok(());
                }
                Err(Mismatch::Links(bad)) => {
                    for (k, reason) in bad {
                        self.planned.remove(&k);
                        self.left.push((k, reason));
                    }
                }
                Err(Mismatch::Note(reason)) => {
                    // Which conversions, each on its own, change the note.
                    let mut culprits = Vec::new();
                    for (k, new) in &self.planned {
                        let single = BTreeMap::from([(*k, new.clone())]);
                        let (_, alone) = self.attempt(&single, note)?;
                        if let Err(m) = compare(index, self.id, note, &alone, &single) {
                            culprits.push((*k, m.reason()));
                        }
                    }
                    if culprits.is_empty() {
                        // Only together: leave them all rather than guess.
                        let together = format!("converted with the other links of the note, {reason}");
                        culprits = self.planned.keys().map(|k| (*k, together.clone())).collect();
                    }
                    for (k, why) in culprits {
                        self.planned.remove(&k);
                        self.left.push((k, why));
                    }
                }
            }
        }
        self.new = self.text.clone();
        self.reparsed = note.clone();
        Ok(())
    }
}

enum Mismatch {
    /// These converted links would not read as they did.
    Links(Vec<(usize, String)>),
    /// The note as a whole would read differently.
    Note(String),
}

impl Mismatch {
    fn reason(self) -> String {
        match self {
            Mismatch::Links(mut bad) => bad.pop().map(|(_, r)| r).unwrap_or_default(),
            Mismatch::Note(reason) => reason,
        }
    }
}

/// Whether `new` (a parse of the note with the `converted` links rewritten) reads as `old`:
/// the same links, each converted one leading to the same place and showing the same, the
/// others as written; the same tags, block ids, comments, tables and callouts; the same
/// headings but for the text of those holding a converted link.
fn compare(
    index: &VaultIndex,
    source: FileId,
    old: &Note,
    new: &Note,
    converted: &BTreeMap<usize, String>,
) -> Result<(), Mismatch> {
    if new.links.len() != old.links.len() {
        return Err(Mismatch::Note(format!(
            "the note would hold {} links instead of {}",
            new.links.len(),
            old.links.len()
        )));
    }
    let mut bad = Vec::new();
    for (k, (before, after)) in old.links.iter().zip(&new.links).enumerate() {
        if converted.contains_key(&k) {
            if let Err(reason) = same_link(index, source, before, &index.targets[source][k], after) {
                bad.push((k, reason));
            }
        } else if before.original != after.original {
            return Err(Mismatch::Note(format!("the link {} would read as {}", before.original, after.original)));
        }
    }
    if !bad.is_empty() {
        return Err(Mismatch::Links(bad));
    }
    let tags = |n: &Note| n.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    if tags(old) != tags(new) {
        return Err(Mismatch::Note("the note's tags would change".into()));
    }
    let blocks = |n: &Note| n.block_ids.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
    if blocks(old) != blocks(new) {
        return Err(Mismatch::Note("the note's block ids would change".into()));
    }
    if old.comments.len() != new.comments.len() {
        return Err(Mismatch::Note("a %% comment would open or close elsewhere".into()));
    }
    if old.tables.len() != new.tables.len() || old.callouts.len() != new.callouts.len() {
        return Err(Mismatch::Note("the note's tables or callouts would change".into()));
    }
    let in_properties = converted.keys().any(|k| matches!(old.links[*k].kind, LinkKind::Frontmatter { .. }));
    let value = |n: &Note| n.frontmatter.as_ref().map(|f| f.value.clone());
    if old.frontmatter.is_some() != new.frontmatter.is_some() || (!in_properties && value(old) != value(new)) {
        return Err(Mismatch::Note("the note's properties would change".into()));
    }
    if old.headings.len() != new.headings.len() {
        return Err(Mismatch::Note("the note's headings would change".into()));
    }
    for (h, (before, after)) in old.headings.iter().zip(&new.headings).enumerate() {
        let holds_converted = || {
            converted.keys().any(|k| {
                let span = old.links[*k].loc.span;
                before.loc.span.start <= span.start && span.end <= before.loc.span.end
            })
        };
        if before.level != after.level || (before.text != after.text && !holds_converted()) {
            return Err(Mismatch::Note(format!("the heading {:?} (heading {}) would change", before.text, h + 1)));
        }
    }
    Ok(())
}

/// Whether `after` (a converted link) leads where `before` led and shows what it showed.
fn same_link(index: &VaultIndex, source: FileId, before: &Link, target: &Target, after: &Link) -> Result<(), String> {
    if after.is_embed() != before.is_embed() {
        return Err("it would stop being, or become, an embed".into());
    }
    if after.hidden != before.hidden {
        return Err("it would move into or out of an ad- block".into());
    }
    if Syntax::of(after) == Syntax::of(before) {
        return Err(format!("it would not read as a link of the other syntax ({})", after.original));
    }
    let now = index.resolve(after.linkpath(), source);
    match (target.resolution.file, now.file) {
        (Some(was), Some(is)) if was == is => {}
        (None, None) if unresolved_key(after.linkpath()) == unresolved_key(before.linkpath()) => {}
        (None, None) => return Err(format!("it would look for {:?} instead", unresolved_key(after.linkpath()))),
        (_, Some(_)) => return Err(format!("as {} it would lead to another file", after.original)),
        (Some(_), None) => return Err(format!("as {} it would not resolve", after.original)),
    }
    if after.subpath() != before.subpath() {
        return Err(format!("as {} it would lead to another heading or block", after.original));
    }
    if shown(after).trim() != shown(before).trim() {
        return Err(format!("as {} it would show {:?} instead of {:?}", after.original, shown(after), shown(before)));
    }
    Ok(())
}

/// The text a link shows: Obsidian's `displayText`, except that an embed's counts only as
/// written (its alt and size; an image shows the image).
fn shown(link: &Link) -> String {
    if link.is_embed() || Syntax::of(link) == Syntax::Markdown {
        link.display.clone().unwrap_or_default()
    } else {
        link.shown_text()
    }
}

/// A converted link inside a heading changes the heading's text; Obsidian finds headings by
/// their text, so each link to that heading (from anywhere in the vault) must still find it.
/// When one would find another heading, or none, the conversions inside the headings it
/// found and finds stay undone, and the note is settled again; rounds, since a note settled
/// again may change other headings' texts no more, but must be looked at once more.
fn keep_linked_headings(vault: &Vault, index: &VaultIndex, works: &mut [NoteWork]) -> Result<(), String> {
    for _ in 0..8 {
        let changed: BTreeMap<FileId, usize> = works
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                let old = &vault.note(w.id).expect("a prepared note").headings;
                old.iter().zip(&w.reparsed.headings).any(|(a, b)| a.text != b.text)
            })
            .map(|(i, w)| (w.id, i))
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        // For each changed note: the headings whose links must keep their text, with a link
        // that shows why.
        let mut keep: BTreeMap<FileId, Vec<(Option<usize>, String)>> = BTreeMap::new();
        for (source, note) in vault.notes() {
            for (link, target) in note.links.iter().zip(&index.targets[source]) {
                let Some(file) = target.resolution.file.filter(|f| changed.contains_key(f)) else { continue };
                let Some(subpath) = link.subpath() else { continue };
                let parts: Vec<&str> = subpath.split('#').filter(|p| !p.is_empty()).collect();
                if parts.is_empty() || (parts.len() == 1 && parts[0].starts_with('^')) {
                    continue;
                }
                let before = &vault.note(file).expect("a prepared note").headings;
                let after = &works[changed[&file]].reparsed.headings;
                let (was, is) = (matched_heading(before, &parts), matched_heading(after, &parts));
                if was != is {
                    let from = format!("{}:{}", vault.files[source].path, link.loc.start.line);
                    let entry = keep.entry(file).or_default();
                    entry.push((was, from.clone()));
                    entry.push((is, from));
                }
            }
        }
        if keep.is_empty() {
            return Ok(());
        }
        for (file, headings) in keep {
            let work = &mut works[changed[&file]];
            let note = vault.note(file).expect("a prepared note");
            let changed_headings: Vec<usize> = (note.headings.iter().zip(&work.reparsed.headings).enumerate())
                .filter(|(_, (a, b))| a.text != b.text)
                .map(|(i, _)| i)
                .collect();
            let named: Vec<(usize, &String)> = headings
                .iter()
                .filter_map(|(h, from)| h.filter(|h| changed_headings.contains(h)).map(|h| (h, from)))
                .collect();
            // A chain may hinge on a heading other than the one it ends at: then all of them.
            let reverted: Vec<(usize, &String)> =
                if named.is_empty() { changed_headings.iter().map(|&h| (h, &headings[0].1)).collect() } else { named };
            for (h, from) in reverted {
                let span = note.headings[h].loc.span;
                let inside: Vec<usize> = work
                    .planned
                    .keys()
                    .copied()
                    .filter(|k| {
                        let s = note.links[*k].loc.span;
                        span.start <= s.start && s.end <= span.end
                    })
                    .collect();
                for k in inside {
                    work.planned.remove(&k);
                    work.left.push((
                        k,
                        format!(
                            "it is in the heading {:?}, which links lead to by its text (as {from} does); converting it would change that text and break them",
                            note.headings[h].text
                        ),
                    ));
                }
            }
            work.settle(index, note)?;
        }
    }
    Err("converting links inside headings keeps changing which heading other links find; nothing was changed".into())
}

/// The heading a chain of heading names (`A#B`) finds, as Obsidian matches them (see
/// `index::subpath::heading_chain_exists`).
fn matched_heading(headings: &[Heading], parts: &[&str]) -> Option<usize> {
    let (mut next, mut level) = (0, 0u8);
    for (i, h) in headings.iter().enumerate() {
        if h.level > level && same_heading(&h.text, parts[next]) {
            next += 1;
            level = h.level;
            if next == parts.len() {
                return Some(i);
            }
        }
    }
    None
}

/// The last word before anything is written: the note's links, resolved again from its new
/// text, give the same edges of Obsidian's graph (`resolvedLinks`, `unresolvedLinks`).
fn same_graph(vault: &Vault, index: &VaultIndex, work: &NoteWork) -> Result<(), String> {
    let note = vault.note(work.id).expect("a prepared note");
    let before = edges(note.links.iter().zip(&index.targets[work.id]).map(|(l, t)| (l, t.resolution.file)), vault);
    let resolved = work.reparsed.links.iter().map(|l| (l, index.resolve(l.linkpath(), work.id).file));
    if before != edges(resolved, vault) {
        return Err(format!(
            "converting the links of {} would change the link graph; nothing was changed (please report this)",
            vault.files[work.id].path
        ));
    }
    Ok(())
}

fn edges<'a>(links: impl Iterator<Item = (&'a Link, Option<FileId>)>, vault: &Vault) -> Vec<String> {
    let mut out: Vec<String> = links
        .filter(|(l, _)| !l.hidden)
        .map(|(l, file)| match file {
            Some(f) => vault.files[f].path.clone(),
            None => format!("\u{0}{}", unresolved_key(l.linkpath())),
        })
        .collect();
    out.sort_unstable();
    out
}

/// The vault's links as Obsidian's cache sees them, per note: where each leads (a path, or the
/// name an unresolved one looks for) and whether its heading or block is found. Equal before
/// and after a conversion, which the front end checks once the notes are written.
pub fn fingerprint(vault: &Vault, index: &VaultIndex) -> Vec<(String, Vec<(String, u8)>)> {
    let mut out: Vec<(String, Vec<(String, u8)>)> = vault
        .notes()
        .map(|(id, note)| {
            let mut links: Vec<(String, u8)> = note
                .links
                .iter()
                .zip(&index.targets[id])
                .filter(|(l, _)| !l.hidden)
                .map(|(l, t)| {
                    let dest = match t.resolution.file {
                        Some(f) => vault.files[f].path.clone(),
                        None => format!("\u{0}{}", unresolved_key(l.linkpath())),
                    };
                    let subpath = match t.subpath {
                        SubpathStatus::None => 0,
                        SubpathStatus::Found => 1,
                        SubpathStatus::MissingHeading => 2,
                        SubpathStatus::MissingBlock => 3,
                    };
                    (dest, subpath)
                })
                .collect();
            links.sort_unstable();
            (vault.files[id].path.clone(), links)
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_only_what_markdown_would_read() {
        assert_eq!(markdown_label("Lenin > Early life", false).unwrap(), "Lenin > Early life");
        assert_eq!(markdown_label("my_note", false).unwrap(), "my_note");
        assert_eq!(markdown_label("a [b]", false).unwrap(), "a \\[b\\]");
        assert_eq!(markdown_label("*c*", false).unwrap(), "\\*c\\*");
        assert_eq!(markdown_label("a|b", true).unwrap(), "a\\|b");
        assert_eq!(markdown_label("a==b==", false).unwrap(), "a\\==b\\==");
    }

    #[test]
    fn default_display_is_obsidians() {
        assert_eq!(default_display("Note#H1#H2"), "Note > H1 > H2");
        assert_eq!(default_display("#^block"), "^block");
        assert_eq!(default_display("Note"), "Note");
    }

    #[test]
    fn a_path_names_a_file_exactly_by_whole_segments_and_case() {
        assert!(names_exactly("Lenin", "People/Lenin.md"));
        assert!(names_exactly("../People/Lenin", "People/Lenin.md"));
        assert!(names_exactly("photo one.png", "img/photo one.png"));
        assert!(!names_exactly("lenin", "People/Lenin.md"));
        assert!(!names_exactly("ople/Lenin", "People/Lenin.md"));
        assert!(!names_exactly("../", "People/Lenin.md"));
    }

    #[test]
    fn chains_find_the_heading_obsidian_finds() {
        let note = crate::parse::parse_note("# A\n## B\n# C\n## B\n");
        assert_eq!(matched_heading(&note.headings, &["B"]), Some(1));
        assert_eq!(matched_heading(&note.headings, &["C", "B"]), Some(3));
        assert_eq!(matched_heading(&note.headings, &["D"]), None);
    }
}
