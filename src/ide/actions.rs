//! What an editor may do about a note: the rules' fixes, a stub for a missing note, and
//! renames that keep every link (the `mv` engine's plan, handed over as edits instead of
//! written).

use super::{Change, FileEdit, Under, note_at, under};
use crate::diagnostic::{Diagnostic, Safety};
use crate::live::LiveCheck;
use crate::moves::{Disk, Entry, RealDisk};
use crate::note::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub change: Change,
    /// The one an editor may apply without asking (a safe fix).
    pub preferred: bool,
    /// The finding it answers.
    pub diagnostic: Option<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// Every safe fix of the file at once.
    FixAll,
}

/// The actions for the findings of `path` that touch `range`: each fix (safe ones preferred,
/// unsafe ones said so), "Create note" for a link to a note not written yet, and "Fix all".
pub fn actions(live: &LiveCheck, path: &str, range: Span) -> Vec<Action> {
    let findings = live.findings_in(path);
    let mut out = Vec::new();
    let touches = |d: &Diagnostic| d.loc.span.start <= range.end && range.start <= d.loc.span.end;
    for d in findings.iter().filter(|d| touches(d)) {
        if let Some(fix) = &d.fix {
            let safe = fix.safety == Safety::Safe;
            let edits = fix
                .edits
                .iter()
                .map(|e| FileEdit { path: path.to_string(), span: e.span, replacement: e.replacement.clone() })
                .collect();
            out.push(Action {
                title: if safe { fix.title.clone() } else { format!("{} (unsafe: check the result)", fix.title) },
                kind: ActionKind::QuickFix,
                change: Change { edits, ..Change::default() },
                preferred: safe,
                diagnostic: Some((*d).clone()),
            });
        }
        if d.code == "WL101"
            && let Some(create) = create_note(live, path, d)
        {
            out.push(create);
        }
    }
    if range.end.saturating_sub(range.start) <= MENTION_SPAN
        && let Some(link) = link_mention(live, path, range)
    {
        out.push(link);
    }
    let safe: Vec<&crate::diagnostic::Fix> =
        findings.iter().filter_map(|d| d.fix.as_ref()).filter(|f| f.safety == Safety::Safe).collect();
    if safe.len() > 1
        && let Some(text) = live.file_id(path).and_then(|id| live.text(id))
    {
        let applied = crate::edits::apply_fixes(&text, &safe);
        let edits = super::edits_between(path, &text, &applied.text);
        if !edits.is_empty() {
            out.push(Action {
                title: format!("Fix all safe findings of this note ({})", applied.fixes),
                kind: ActionKind::FixAll,
                change: Change { edits, ..Change::default() },
                preferred: false,
                diagnostic: None,
            });
        }
    }
    out
}

/// The longest text a mention is looked for around (a cursor, or a selection of a name).
const MENTION_SPAN: usize = 200;

/// "Link this mention": the title or alias of another note written as plain text at `range`
/// (prose only: not in code, links or URLs), made a link as `wikilint mentions --link`
/// writes it. Looks only at the names the words around the cursor could be, so it costs one
/// pass over the names of the vault, not the automaton of them all.
fn link_mention(live: &LiveCheck, path: &str, range: Span) -> Option<Action> {
    use crate::mentions::{Dictionary, common_words::CommonWords, fold, link::link_for, owner_for, scan, title_of};
    let id = live.file_id(path)?;
    let note = live.vault.note(id)?;
    let text = live.text(id)?;
    // The phrases of up to 6 words on the cursor's line that hold the cursor.
    let line_start = text[..range.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let words: Vec<(usize, usize)> =
        word_spans(line).into_iter().map(|(s, e)| (line_start + s, line_start + e)).collect();
    let at = words.iter().position(|&(s, e)| s <= range.start && range.end <= e)?;
    let mut phrases = std::collections::HashSet::new();
    for first in at.saturating_sub(5)..=at {
        for last in at..words.len().min(first + 6) {
            phrases.insert(fold(&text[words[first].0..words[last].1]));
        }
    }
    let mut targets: Vec<crate::index::FileId> = Vec::new();
    for other in live.vault.live_ids().filter(|&o| o != id && live.vault.files[o].is_note) {
        let title = fold(title_of(&live.vault.files[other].path));
        let aliases = live.vault.note(other).into_iter().flat_map(|n| n.frontmatter.iter()).flat_map(|f| &f.aliases);
        if phrases.contains(&title) || aliases.into_iter().any(|a| phrases.contains(&fold(a.trim()))) {
            targets.push(other);
        }
    }
    let common = CommonWords::new(&live.config.mentions.common_words);
    for target in targets {
        let dict = Dictionary::build(&live.vault, Some(target), &common);
        let found = scan(&text, note, id, &dict, |p, caps| owner_for(&dict.names[p], id, &live.index, caps));
        let Some(m) =
            found.iter().find(|m| m.target() == target && m.span().start <= range.start && range.end <= m.span().end)
        else {
            continue;
        };
        let link = link_for(m, &text, &live.vault, &live.index)?;
        let edit = FileEdit { path: path.to_string(), span: m.span(), replacement: link.clone() };
        return Some(Action {
            title: format!("Link this mention: {link}"),
            kind: ActionKind::QuickFix,
            change: Change { edits: vec![edit], ..Change::default() },
            preferred: false,
            diagnostic: None,
        });
    }
    None
}

/// The words of a line (runs of letters and digits), as byte spans.
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, line.len()));
    }
    out
}

/// "Create note X" for a broken link to a note not written yet: the stub `stubs --create`
/// would write, in its folder, from its template. Nothing for a near miss (a note that
/// exists under another spelling or alias: its fix is to link that note) or an attachment.
fn create_note(live: &LiveCheck, path: &str, d: &Diagnostic) -> Option<Action> {
    let id = live.file_id(path)?;
    let (key, _) = crate::rules::missing_links(&live.vault, &live.index, &live.config, id)
        .into_iter()
        .find(|(_, r)| r.loc == d.loc)?;
    let missing = live.missing_note(&key)?;
    let maker = crate::scaffold::maker::StubMaker::new(&live.vault.root, &live.config, None, None).ok()?;
    let plan = maker.plan(&live.vault, &live.index, std::slice::from_ref(&missing));
    let stub = plan.stubs.into_iter().next()?;
    Some(Action {
        title: format!("Create note {}", stub.path),
        kind: ActionKind::QuickFix,
        change: Change { creates: vec![(stub.path, stub.content)], ..Change::default() },
        preferred: false,
        diagnostic: Some(d.clone()),
    })
}

/// What a rename at `offset` renames, and the name it has now (for the editor's prompt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamable {
    /// The text in the note that names it (a link's target, a heading), or an empty span at
    /// the cursor for the note itself.
    pub span: Span,
    pub current: String,
    what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum What {
    /// A file, by vault path.
    File(String),
    /// A heading of a note: (note path, heading text).
    Heading(String, String),
}

/// What `textDocument/rename` at `offset` would rename: the note or heading a link leads
/// to, the heading under the cursor, else the note itself.
pub fn renamable(live: &LiveCheck, path: &str, offset: usize) -> Result<Renamable, String> {
    let (id, note) = note_at(live, path).ok_or_else(|| format!("{path} is not a note of the vault"))?;
    match under(note, offset) {
        Under::Link(i) => {
            let link = &note.links[i];
            let file = live.index.targets[id][i]
                .resolution
                .file
                .ok_or_else(|| format!("{} leads to no file: nothing to rename", link.original))?;
            let target = live.vault.files[file].path.clone();
            let heading = link.subpath().filter(|s| !s.is_empty() && !s.starts_with('^'));
            match heading {
                Some(h) => {
                    let last = h.rsplit('#').find(|p| !p.is_empty()).unwrap_or(h).to_string();
                    Ok(Renamable { span: link.loc.span, current: last.clone(), what: What::Heading(target, last) })
                }
                None => Ok(Renamable { span: link.loc.span, current: stem(&target), what: What::File(target) }),
            }
        }
        Under::Heading(h) => {
            let text = note.headings[h].text.clone();
            let body = live.text(id).unwrap_or_default();
            Ok(Renamable {
                span: super::heading_text_span(&body, &note.headings[h]),
                current: text.clone(),
                what: What::Heading(path.to_string(), text),
            })
        }
        Under::Block(_) | Under::Tag(_) => Err("only notes, attachments and headings can be renamed".to_string()),
        Under::Nothing => Ok(Renamable {
            span: Span { start: offset, end: offset },
            current: stem(path),
            what: What::File(path.to_string()),
        }),
    }
}

fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

/// `textDocument/rename`: the file renamed (in its folder, unless `new_name` holds a `/`) or
/// the heading renamed, with every link to it rewritten, as `wikilint mv` would; refused
/// where `mv` refuses.
pub fn rename(live: &LiveCheck, path: &str, offset: usize, new_name: &str) -> Result<Change, String> {
    let what = renamable(live, path, offset)?.what;
    let (src, dst) = match what {
        What::File(file) => {
            let folder = file.rsplit_once('/').map_or("", |(f, _)| f);
            let mut dst = if new_name.contains('/') || folder.is_empty() {
                new_name.to_string()
            } else {
                format!("{folder}/{new_name}")
            };
            let ext = file.rsplit_once('.').map(|(_, e)| e).filter(|_| file.contains('.'));
            if file.ends_with(".md") && !dst.ends_with(".md") {
                dst.push_str(".md");
            } else if let Some(ext) = ext
                && !file.ends_with(".md")
                && !dst.contains('.')
            {
                dst = format!("{dst}.{ext}");
            }
            (file, dst)
        }
        What::Heading(note, old) => (format!("{note}#{old}"), format!("{note}#{new_name}")),
    };
    move_change(live, &src, &dst, true)
}

/// `workspace/willRenameFiles`: the links to rewrite for a rename the editor makes itself.
pub fn will_rename(live: &LiveCheck, from: &str, to: &str) -> Result<Change, String> {
    move_change(live, from, to, false)
}

/// The `mv` engine's plan for `src` → `dst`, over the texts the editor holds, as a change.
fn move_change(live: &LiveCheck, src: &str, dst: &str, with_renames: bool) -> Result<Change, String> {
    let settings = crate::linktext::LinkSettings::load(&live.vault.root);
    let disk = EditorDisk { live, real: RealDisk(live.vault.root.clone()) };
    let plan = crate::moves::plan(&live.vault, &live.index, settings, &disk, src, dst)?;
    let mut change = Change::default();
    for r in &plan.rewrites {
        let old = String::from_utf8_lossy(&r.old);
        change.edits.extend(super::edits_between(&r.path, &old, &r.new));
    }
    if with_renames {
        change.renames = plan.moves.iter().map(|m| (m.from.clone(), m.to.clone())).collect();
    }
    Ok(change)
}

/// The vault as the editor sees it: an open note's text is its buffer.
struct EditorDisk<'a> {
    live: &'a LiveCheck,
    real: RealDisk,
}

impl Disk for EditorDisk<'_> {
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self.live.overlay(rel) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.real.read(rel),
        }
    }

    fn entry(&self, rel: &str) -> Option<Entry> {
        self.real.entry(rel).or_else(|| self.live.overlay(rel).map(|_| Entry::File))
    }

    fn writable(&self, rel: &str) -> Result<(), String> {
        self.real.writable(rel)
    }

    fn read_only(&self, rel: &str) -> bool {
        self.real.read_only(rel)
    }
}
