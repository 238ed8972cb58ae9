//! `props rename OLD NEW`: a property renamed in every note's frontmatter and in Obsidian's
//! `.obsidian/types.json`, planned before anything is written.
//!
//! Only the key token changes: the value, comments, blank lines, order, quoting of the key
//! (`"status":` stays double-quoted) and line endings stay as they are. OLD matches in any
//! casing, since Obsidian's Properties view takes `Status` and `status` for one property (spec
//! §6.2); NEW is written as given, so renaming to another casing unifies the casings.
//!
//! A note that already holds NEW (in any casing) with the same value loses OLD's lines; one that
//! holds it with another value makes the whole rename refused, since no choice between the two
//! values is safe. Each rewritten note is parsed again and must hold exactly the properties it
//! held, OLD renamed, and the same link targets; a note that does not (a key written in a way
//! the line reader does not see, JSON frontmatter) is left alone and named, as is a note whose
//! frontmatter is not valid YAML (Obsidian ignores those properties anyway).

use crate::moves::journal::{JournalRewrite, MoveJournal, Outcome, settle};
use crate::note::{Frontmatter, Property};
use crate::parse::parse_note;
use crate::vault::Vault;
use crate::write::{VaultWriter, defer_interrupts, interrupted};
use serde_yaml::Value;
use std::collections::BTreeSet;

/// Obsidian's property types, vault-relative.
pub const TYPES_JSON: &str = crate::config::TYPES_JSON;

/// What the planner needs from the disk.
pub trait Files {
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>>;
    /// Whether the file, or the folder it is in, may not be written (mode bits).
    fn read_only(&self, rel: &str) -> bool;
}

/// One file whose text changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub path: String,
    /// The text as read (what the write expects to replace).
    pub before: String,
    pub after: String,
}

/// What happens to the type entry in `types.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypesChange {
    /// No file, or no entry for OLD.
    None,
    /// OLD's entry is now NEW's; the type.
    Moved(String),
    /// NEW had an entry of the same type: OLD's went.
    Dropped(String),
    /// Not valid JSON: left alone.
    Invalid(String),
}

/// Everything a rename will do, decided before anything is written.
#[derive(Debug, Clone)]
pub struct RenamePlan {
    pub old: String,
    pub new: String,
    /// Notes (then `types.json`), in path order.
    pub rewrites: Vec<Rewrite>,
    /// Notes where OLD's key was renamed.
    pub renamed: Vec<String>,
    /// Notes that lost OLD because NEW was there with the same value.
    pub dropped: Vec<String>,
    /// Notes left alone, with why.
    pub left_alone: Vec<(String, LeftAlone)>,
    pub types: TypesChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftAlone {
    /// Obsidian ignores the properties of such a note.
    InvalidYaml,
    NotUtf8,
    /// The rewritten text would not read as planned (why).
    Unverified(String),
}

/// Why a rename was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    BadName(String),
    /// No note and no type entry has OLD.
    Nothing(String),
    /// Notes holding OLD and NEW with different values: (note, [(key as written, value)]).
    Clashes(Vec<(String, Vec<(String, String)>)>),
    /// `types.json` gives OLD and NEW different types.
    TypesClash(String),
    ReadOnly(Vec<String>),
    Unreadable(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::BadName(why) | Refusal::Nothing(why) | Refusal::TypesClash(why) | Refusal::Unreadable(why) => {
                f.write_str(why)
            }
            Refusal::Clashes(notes) => {
                let n = notes.len();
                write!(
                    f,
                    "{n} note{} already {} the new name with another value; nothing was changed (make the values agree, or remove one, then run again):",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" }
                )?;
                for (path, keys) in notes {
                    let shown: Vec<String> = keys.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    write!(f, "\n  {path}: {}", shown.join(", "))?;
                }
                Ok(())
            }
            Refusal::ReadOnly(paths) => {
                write!(
                    f,
                    "read-only, and wikilint does not rewrite a read-only file; nothing was changed (make them writable, e.g. chmod u+w, to go ahead):"
                )?;
                for p in paths {
                    write!(f, "\n  {p} is read-only")?;
                }
                Ok(())
            }
        }
    }
}

/// Refuses names a key cannot be: empty, the same, a line break, whitespace at an end.
pub fn check_names(old: &str, new: &str) -> Result<(), Refusal> {
    let bad = |why: String| Err(Refusal::BadName(why));
    for (what, name) in [("old", old), ("new", new)] {
        if name.is_empty() {
            return bad(format!("the {what} name is empty"));
        }
        if name.contains(['\n', '\r']) {
            return bad(format!("the {what} name {name:?} holds a line break"));
        }
        if name.trim() != name {
            return bad(format!("the {what} name {name:?} starts or ends with whitespace"));
        }
    }
    if old == new {
        return bad(format!("{old:?} and {new:?} are the same name"));
    }
    Ok(())
}

/// Plans renaming OLD to NEW in every note of the vault and in `types.json`.
pub fn plan_rename(vault: &Vault, files: &dyn Files, old: &str, new: &str) -> Result<RenamePlan, Refusal> {
    check_names(old, new)?;
    let mut plan = RenamePlan {
        old: old.to_string(),
        new: new.to_string(),
        rewrites: Vec::new(),
        renamed: Vec::new(),
        dropped: Vec::new(),
        left_alone: Vec::new(),
        types: TypesChange::None,
    };
    let old_lower = old.to_lowercase();
    let mut clashes = Vec::new();
    let mut candidates: Vec<&str> = vault
        .notes()
        .filter(|(id, _)| vault.files[*id].is_note)
        .filter(|(_, note)| note.frontmatter.as_ref().is_some_and(|fm| holds(fm, &old_lower)))
        .map(|(id, _)| vault.files[id].path.as_str())
        .collect();
    candidates.sort_unstable();
    for path in candidates {
        let bytes = files.read(path).map_err(|e| Refusal::Unreadable(format!("cannot read {path}: {e}")))?;
        let Ok(text) = String::from_utf8(bytes) else {
            plan.left_alone.push((path.to_string(), LeftAlone::NotUtf8));
            continue;
        };
        match rename_in_note(&text, old, new) {
            NoteRename::Untouched => {}
            NoteRename::Rewritten { text: after, renamed, dropped } => {
                if renamed {
                    plan.renamed.push(path.to_string());
                }
                if dropped {
                    plan.dropped.push(path.to_string());
                }
                plan.rewrites.push(Rewrite { path: path.to_string(), before: text, after });
            }
            NoteRename::Clash(keys) => clashes.push((path.to_string(), keys)),
            NoteRename::LeftAlone(why) => plan.left_alone.push((path.to_string(), why)),
        }
    }
    if !clashes.is_empty() {
        return Err(Refusal::Clashes(clashes));
    }
    match files.read(TYPES_JSON) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => match rename_in_types_json(&text, old, new) {
                TypesRename::Untouched => {}
                TypesRename::Invalid(why) => plan.types = TypesChange::Invalid(why),
                TypesRename::Clash(why) => return Err(Refusal::TypesClash(why)),
                TypesRename::Rewritten { text: after, kind, dropped } => {
                    plan.types = if dropped { TypesChange::Dropped(kind) } else { TypesChange::Moved(kind) };
                    plan.rewrites.push(Rewrite { path: TYPES_JSON.to_string(), before: text, after });
                }
            },
            Err(_) => plan.types = TypesChange::Invalid("not valid UTF-8".to_string()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Refusal::Unreadable(format!("cannot read {TYPES_JSON}: {e}"))),
    }
    if plan.rewrites.is_empty() && plan.left_alone.is_empty() {
        return Err(Refusal::Nothing(format!(
            "no note has the property {old} (in any casing), and {TYPES_JSON} gives it no type"
        )));
    }
    let read_only: Vec<String> =
        plan.rewrites.iter().filter(|r| files.read_only(&r.path)).map(|r| r.path.clone()).collect();
    if !read_only.is_empty() {
        return Err(Refusal::ReadOnly(read_only));
    }
    Ok(plan)
}

/// Whether the frontmatter names OLD (lower-cased) as a top-level key, as written or as parsed.
fn holds(fm: &Frontmatter, old_lower: &str) -> bool {
    let parsed = match &fm.value {
        Some(Value::Mapping(map)) => map.keys().filter_map(Value::as_str).any(|k| k.to_lowercase() == old_lower),
        _ => false,
    };
    // Quoted keys keep their escapes in `Property::key`: a close enough look for a candidate,
    // which is read exactly afterwards.
    parsed || fm.properties.iter().any(|p| p.key.to_lowercase() == old_lower)
}

/// What renaming does to one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteRename {
    /// OLD is not a key of the note (NEW may be).
    Untouched,
    /// `renamed`: a key became NEW; `dropped`: OLD's lines went, NEW holding the same value.
    Rewritten {
        text: String,
        renamed: bool,
        dropped: bool,
    },
    /// The keys (as written) and values that disagree.
    Clash(Vec<(String, String)>),
    LeftAlone(LeftAlone),
}

/// Renames OLD (any casing) to NEW in the frontmatter of `text`, a note's whole text.
pub fn rename_in_note(text: &str, old: &str, new: &str) -> NoteRename {
    let note = parse_note(text);
    let Some(fm) = &note.frontmatter else { return NoteRename::Untouched };
    let (old_lower, new_lower) = (old.to_lowercase(), new.to_lowercase());
    let Some(Value::Mapping(map)) = &fm.value else {
        return if fm.properties.iter().any(|p| p.key.to_lowercase() == old_lower) {
            NoteRename::LeftAlone(LeftAlone::InvalidYaml)
        } else {
            NoteRename::Untouched
        };
    };
    let unverified = |why: &str| NoteRename::LeftAlone(LeftAlone::Unverified(why.to_string()));
    let named = |k: &str| {
        let l = k.to_lowercase();
        l == old_lower || l == new_lower
    };
    // The keys as the line reader found them, decoded, and as YAML parsed them: the same
    // ones, in the same order, or the text is not what the edits below assume.
    let written: Vec<(usize, String)> =
        fm.properties.iter().enumerate().map(|(i, p)| (i, decoded_key(text, p))).filter(|(_, k)| named(k)).collect();
    let parsed: Vec<(&str, &Value)> =
        map.iter().filter_map(|(k, v)| Some((k.as_str()?, v))).filter(|(k, _)| named(k)).collect();
    if !parsed.iter().any(|(k, _)| k.to_lowercase() == old_lower) {
        return NoteRename::Untouched;
    }
    if written.len() != parsed.len() || written.iter().zip(&parsed).any(|((_, w), (p, _))| w != p) {
        return unverified("its keys are written in a way wikilint does not edit (JSON, a complex key)");
    }
    let first = parsed[0].1;
    if parsed.iter().any(|(_, v)| *v != first) {
        return NoteRename::Clash(parsed.iter().map(|(k, v)| (k.to_string(), shown(v))).collect());
    }
    // The key that stays: NEW as written, else a key in NEW's casings (another property to
    // this rename, left as it is), else the first OLD, renamed.
    let keeper = written
        .iter()
        .position(|(_, k)| k == new)
        .or_else(|| written.iter().position(|(_, k)| k.to_lowercase() == new_lower && k.to_lowercase() != old_lower))
        .unwrap_or(0);
    let rename = written[keeper].1 != new && written[keeper].1.to_lowercase() == old_lower;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    if rename {
        let p = &fm.properties[written[keeper].0];
        edits.push(key_edit(text, p, new));
    }
    let mut removed = BTreeSet::new();
    for (n, (i, k)) in written.iter().enumerate() {
        if n != keeper && k.to_lowercase() == old_lower {
            let next = fm.properties.get(i + 1).map_or(fm.yaml.end, |p| p.key_span.start as usize);
            edits.push(lines_of(text, fm.properties[*i].key_span.start as usize, next));
            removed.insert(k.clone());
        }
    }
    if edits.is_empty() {
        return NoteRename::Untouched;
    }
    edits.sort_by_key(|e| e.0);
    let mut after = String::with_capacity(text.len() + new.len());
    let mut at = 0;
    for (start, end, with) in &edits {
        after.push_str(&text[at..*start]);
        after.push_str(with);
        at = *end;
    }
    after.push_str(&text[at..]);
    // What the note must read as: the same properties in the same order, OLD renamed or gone.
    let expected: Vec<(Value, &Value)> = map
        .iter()
        .filter(|(k, _)| k.as_str().is_none_or(|k| !removed.contains(k)))
        .map(|(k, v)| match k.as_str() {
            Some(s) if rename && s == written[keeper].1 => (Value::String(new.to_string()), v),
            _ => (k.clone(), v),
        })
        .collect();
    let reread = parse_note(&after);
    let Some(Value::Mapping(got)) = reread.frontmatter.as_ref().and_then(|f| f.value.as_ref()) else {
        return unverified("the renamed frontmatter would not read as YAML");
    };
    if got.len() != expected.len() || got.iter().zip(&expected).any(|((k, v), (ek, ev))| k != ek || v != *ev) {
        return unverified("the renamed frontmatter would not read as the same properties");
    }
    let targets = |n: &crate::note::Note| n.links.iter().map(|l| l.target.clone()).collect::<BTreeSet<_>>();
    if targets(&note) != targets(&reread)
        || text[fm.loc.span.end..] != after[after.len() - (text.len() - fm.loc.span.end)..]
    {
        return unverified("the renamed note would not hold the same links");
    }
    NoteRename::Rewritten { text: after, renamed: rename, dropped: !removed.is_empty() }
}

/// A top-level key as YAML reads it: a quoted one unescaped.
fn decoded_key(text: &str, p: &Property) -> String {
    let token = &text[p.key_span.start as usize..p.key_span.end as usize];
    if token.starts_with(['"', '\''])
        && let Ok(s) = serde_yaml::from_str::<String>(token)
    {
        return s;
    }
    p.key.to_string()
}

/// The edit that renames `p`'s key token to `new`: inside its quotes when it is quoted (in
/// the same quotes), plain when YAML and the line reader both read `new` plain, else in
/// double quotes.
fn key_edit(text: &str, p: &Property, new: &str) -> (usize, usize, String) {
    let (start, end) = (p.key_span.start as usize, p.key_span.end as usize);
    match text.as_bytes()[start] {
        b'"' => (start + 1, end - 1, double_quoted_inner(new)),
        b'\'' => (start + 1, end - 1, new.replace('\'', "''")),
        _ if reads_plain(new) => (start, end, new.to_string()),
        _ => (start, end, format!("\"{}\"", double_quoted_inner(new))),
    }
}

/// `s` escaped for the inside of a YAML double-quoted scalar (JSON's escapes are YAML's).
fn double_quoted_inner(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""));
    json[1..json.len() - 1].to_string()
}

/// Whether `key: x` reads as the key `key` to YAML and to the line reader.
fn reads_plain(key: &str) -> bool {
    let note = parse_note(&format!("---\n{key}: x\n---\n"));
    let Some(fm) = note.frontmatter else { return false };
    let yaml_ok = matches!(&fm.value, Some(Value::Mapping(m)) if m.len() == 1 && m.keys().next().and_then(Value::as_str) == Some(key));
    yaml_ok && fm.properties.len() == 1 && &*fm.properties[0].key == key
}

/// The edit removing a property's lines, from its key line to the next key line, less the
/// blank lines and top-level comments that end that range (they belong to what follows).
fn lines_of(text: &str, start: usize, end: usize) -> (usize, usize, String) {
    let mut end = end;
    loop {
        let body = &text[start..end];
        let trimmed = body.strip_suffix('\n').unwrap_or(body);
        let last_start = trimmed.rfind('\n').map_or(start, |i| start + i + 1);
        if last_start <= start {
            break;
        }
        let last = text[last_start..end].trim_end_matches(['\n', '\r']);
        if last.trim().is_empty() || last.starts_with('#') {
            end = last_start;
        } else {
            break;
        }
    }
    (start, end, String::new())
}

/// A value as a message shows it.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => format!("[{}]", items.iter().map(shown).collect::<Vec<_>>().join(", ")),
        Value::Mapping(m) => format!(
            "{{{}}}",
            m.iter().map(|(k, v)| format!("{}: {}", shown(k), shown(v))).collect::<Vec<_>>().join(", ")
        ),
        Value::Tagged(t) => shown(&t.value),
    }
}

/// What renaming does to `types.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypesRename {
    Untouched,
    /// `kind`: the type; `dropped`: NEW had it already, OLD's entry went.
    Rewritten {
        text: String,
        kind: String,
        dropped: bool,
    },
    Clash(String),
    Invalid(String),
}

/// Moves OLD's entry (any casing) under `types` to NEW, editing only the key token (or taking
/// out the entry, with its comma, when NEW has the same type already).
pub fn rename_in_types_json(text: &str, old: &str, new: &str) -> TypesRename {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return TypesRename::Invalid(format!("not valid JSON ({e})")),
    };
    let Some(types) = value.get("types").and_then(|t| t.as_object()) else { return TypesRename::Untouched };
    let (old_lower, new_lower) = (old.to_lowercase(), new.to_lowercase());
    let named: Vec<(&String, &serde_json::Value)> =
        types.iter().filter(|(k, _)| k.to_lowercase() == old_lower || k.to_lowercase() == new_lower).collect();
    if !named.iter().any(|(k, _)| k.to_lowercase() == old_lower) {
        return TypesRename::Untouched;
    }
    let kind = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    if let Some((k, v)) = named.iter().find(|(_, v)| *v != named[0].1) {
        return TypesRename::Clash(format!(
            "{TYPES_JSON} gives {} the type {} and {k} the type {}; nothing was changed (give them one type in Obsidian, then run again)",
            named[0].0,
            kind(named[0].1),
            kind(v)
        ));
    }
    let keeper = named
        .iter()
        .position(|(k, _)| *k == new)
        .or_else(|| named.iter().position(|(k, _)| k.to_lowercase() == new_lower && k.to_lowercase() != old_lower))
        .unwrap_or(0);
    let keeper_key = named[keeper].0.clone();
    let drop: Vec<String> = named
        .iter()
        .enumerate()
        .filter(|(i, (k, _))| *i != keeper && k.to_lowercase() == old_lower)
        .map(|(_, (k, _))| (*k).clone())
        .collect();
    let rename = keeper_key != new && keeper_key.to_lowercase() == old_lower;
    let mut out = text.to_string();
    for key in &drop {
        let Some(members) = types_members(&out) else { return TypesRename::Invalid("not editable".into()) };
        let Some(i) = members.iter().position(|m| &m.key == key) else {
            return TypesRename::Invalid("not editable".into());
        };
        let (start, end) = removal(&out, &members, i);
        out.replace_range(start..end, "");
    }
    if rename {
        let Some(members) = types_members(&out) else { return TypesRename::Invalid("not editable".into()) };
        let Some(m) = members.iter().find(|m| m.key == keeper_key) else {
            return TypesRename::Invalid("not editable".into());
        };
        out.replace_range(m.key_span.0..m.key_span.1, &serde_json::to_string(new).unwrap_or_default());
    }
    // What it must read as: the same entries, OLD's renamed or gone.
    let mut expected = types.clone();
    for key in &drop {
        expected.remove(key);
    }
    if rename && let Some(v) = expected.remove(&keeper_key) {
        expected.insert(new.to_string(), v);
    }
    let reread: Option<serde_json::Value> = serde_json::from_str(&out).ok();
    let mut whole = value.clone();
    whole["types"] = serde_json::Value::Object(expected);
    if reread.as_ref() != Some(&whole) {
        return TypesRename::Invalid("wikilint could not edit it safely".into());
    }
    TypesRename::Rewritten { text: out, kind: kind(named[keeper].1), dropped: !drop.is_empty() }
}

/// One member of a JSON object: its key, the key token's span and where the member ends.
struct Member {
    key: String,
    key_span: (usize, usize),
    value_end: usize,
}

/// The members of the top-level `types` object of a JSON text.
fn types_members(text: &str) -> Option<Vec<Member>> {
    let b = text.as_bytes();
    let top = object_members(b, skip_ws(b, 0))?;
    let types = top.iter().find(|m| m.key == "types")?;
    let value_start = skip_ws(b, skip_ws(b, types.key_span.1) + 1);
    object_members(b, value_start)
}

/// The members of the object whose `{` is at `open`.
fn object_members(b: &[u8], open: usize) -> Option<Vec<Member>> {
    if b.get(open) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    let mut at = skip_ws(b, open + 1);
    if b.get(at) == Some(&b'}') {
        return Some(members);
    }
    loop {
        let key_end = string_end(b, at)?;
        let key: String = serde_json::from_slice(&b[at..key_end]).ok()?;
        let colon = skip_ws(b, key_end);
        (b.get(colon) == Some(&b':')).then_some(())?;
        let value_end = value_end(b, skip_ws(b, colon + 1))?;
        members.push(Member { key, key_span: (at, key_end), value_end });
        let next = skip_ws(b, value_end);
        match b.get(next)? {
            b',' => at = skip_ws(b, next + 1),
            b'}' => return Some(members),
            _ => return None,
        }
    }
}

fn skip_ws(b: &[u8], mut at: usize) -> usize {
    while b.get(at).is_some_and(|c| c.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// Just past the string whose `"` is at `at` (the canvas reader's JSON scanning).
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    crate::parse::canvas::skip_string(b, at)
}

/// Just past the JSON value that starts at `at`; `None` for no value there.
fn value_end(b: &[u8], at: usize) -> Option<usize> {
    crate::parse::canvas::skip_value(b, at).filter(|&end| end > at)
}

/// The bytes to take out to remove member `i`: up to the next member's key, or for the last
/// one from the end of the member before it (its comma goes); the only one, to the brace.
fn removal(text: &str, members: &[Member], i: usize) -> (usize, usize) {
    let b = text.as_bytes();
    match (i.checked_sub(1), members.get(i + 1)) {
        (_, Some(next)) => (members[i].key_span.0, next.key_span.0),
        (Some(prev), None) => (members[prev].value_end, members[i].value_end),
        (None, None) => {
            let close = skip_ws(b, members[i].value_end);
            let open =
                b[..members[i].key_span.0].iter().rposition(|&c| c == b'{').map_or(members[i].key_span.0, |o| o + 1);
            (open, close)
        }
    }
}

/// How applying a plan ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// A signal stopped it between two writes, and what was written was put back; the files
    /// listed could not be (edited meanwhile).
    Interrupted {
        left: Vec<String>,
    },
}

/// Writes every rewrite, or none: a journal in `.wikilint/` first (as `mv` keeps one, so that
/// a killed run is settled by the next), each file replaced only if it still holds what was
/// read, and on a failure or Ctrl-C every file written so far gets its old text back.
pub fn apply(plan: &RenamePlan, writer: &VaultWriter) -> Result<Applied, String> {
    let journal = MoveJournal {
        wikilint_move_journal: 1,
        what: format!("props rename {} {}", plan.old, plan.new),
        moves: Vec::new(),
        new_folders: Vec::new(),
        rewrites: plan
            .rewrites
            .iter()
            .map(|r| JournalRewrite {
                path: r.path.clone(),
                new_path: r.path.clone(),
                old: r.before.clone(),
                new: r.after.clone(),
            })
            .collect(),
    };
    let content =
        serde_json::to_vec(&journal).map_err(|e| format!("cannot write the journal: {e}; nothing was changed"))?;
    let _deferred = defer_interrupts();
    let record = writer
        .begin_journal(&content)
        .map_err(|e| format!("cannot write the journal in .wikilint/: {e}; nothing was changed"))?;
    let mut failure = None;
    for r in &plan.rewrites {
        if interrupted() {
            break;
        }
        if let Err(e) = writer.replace(&r.path, r.before.as_bytes(), r.after.as_bytes()) {
            failure = Some(format!("cannot rewrite {}: {e}", r.path));
            break;
        }
    }
    if failure.is_none() && !interrupted() {
        let _ = record.close();
        return Ok(Applied::Done);
    }
    let settled = settle(writer, &journal);
    if settled.failed.is_empty() {
        let _ = record.close();
    }
    let mut left = settled.left_alone.clone();
    left.extend(settled.failed.iter().cloned());
    match failure {
        // Every file was written when the signal came: nothing to put back.
        _ if settled.outcome == Outcome::Finished && settled.failed.is_empty() => Ok(Applied::Done),
        None => Ok(Applied::Interrupted { left }),
        Some(message) if left.is_empty() => {
            Err(format!("{message}; every file written was put back, nothing is changed"))
        }
        Some(message) => Err(format!(
            "{message}; the files written were put back, but for these, which need a look: {}{}",
            left.join(", "),
            if settled.failed.is_empty() {
                ""
            } else {
                " (the journal stays in .wikilint/: the next wikilint run tries again)"
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(text: &str, old: &str, new: &str) -> String {
        match rename_in_note(text, old, new) {
            NoteRename::Rewritten { text, .. } => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_the_key_token_changes() {
        assert_eq!(renamed("---\nstatus: x # c\n---\n", "status", "state"), "---\nstate: x # c\n---\n");
        assert_eq!(renamed("---\n\"status\": x\n---\n", "status", "st\"ate"), "---\n\"st\\\"ate\": x\n---\n");
        assert_eq!(renamed("---\n'status': x\n---\n", "status", "it's"), "---\n'it''s': x\n---\n");
        assert_eq!(renamed("---\nstatus: x\n---\n", "status", "- odd"), "---\n\"- odd\": x\n---\n");
        // JavaScript objects have string keys: Obsidian reads `true:` as the property "true".
        assert_eq!(renamed("---\nstatus: x\n---\n", "status", "true"), "---\ntrue: x\n---\n");
        assert_eq!(renamed("---\nstatus: x\n---\n", "status", "a #b"), "---\n\"a #b\": x\n---\n");
    }

    #[test]
    fn removing_a_property_keeps_the_comments_and_blanks_after_it() {
        let text = "---\na: 1\nstatus:\n  - x\n\n# section\nstate: [x]\n---\n";
        assert_eq!(renamed(text, "status", "state"), "---\na: 1\n\n# section\nstate: [x]\n---\n");
        let last = "---\nstate: 1\nstatus: 1\n---\n";
        assert_eq!(renamed(last, "status", "state"), "---\nstate: 1\n---\n");
    }

    #[test]
    fn clashes_list_keys_and_values() {
        assert_eq!(
            rename_in_note("---\nstatus: [a]\nstate: b\n---\n", "status", "state"),
            NoteRename::Clash(vec![("status".into(), "[a]".into()), ("state".into(), "b".into())])
        );
    }

    #[test]
    fn notes_without_old_are_untouched() {
        assert_eq!(rename_in_note("---\nstate: 1\n---\n", "status", "state"), NoteRename::Untouched);
        assert_eq!(rename_in_note("no frontmatter", "status", "state"), NoteRename::Untouched);
        assert_eq!(
            rename_in_note("---\n{\"status\": 1}\n---\n", "status", "state"),
            NoteRename::LeftAlone(LeftAlone::Unverified(
                "its keys are written in a way wikilint does not edit (JSON, a complex key)".into()
            ))
        );
    }

    #[test]
    fn types_json_members_are_removed_with_their_comma() {
        let t = |text: &str| match rename_in_types_json(text, "status", "state") {
            TypesRename::Rewritten { text, .. } => text,
            other => panic!("{other:?}"),
        };
        assert_eq!(t("{\"types\":{\"status\":\"text\",\"state\":\"text\"}}"), "{\"types\":{\"state\":\"text\"}}");
        assert_eq!(
            t("{\"types\":{\"a\":\"text\",\"status\":\"text\"},\"x\":1}"),
            "{\"types\":{\"a\":\"text\",\"state\":\"text\"},\"x\":1}"
        );
        assert_eq!(rename_in_types_json("{\"types\":{}}", "status", "state"), TypesRename::Untouched);
        assert!(matches!(rename_in_types_json("{", "a", "b"), TypesRename::Invalid(_)));
    }
}
