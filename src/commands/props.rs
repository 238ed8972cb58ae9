//! `wikilint props`: the vault's properties (names, note counts, value types), the values of
//! one property with their counts, or the notes holding one value; `props rename OLD NEW`
//! renames a property everywhere (planned in `housekeeping::props`).

use crate::cli::{ListFormat, PropsAction, PropsArgs, PropsRenameArgs};
use crate::config::{Config, Overrides, is_date, is_datetime};
use crate::housekeeping::props::{self as engine, Applied, LeftAlone, RenamePlan, TypesChange};
use crate::note::{Frontmatter, RawValue, ValueStyle};
use crate::vault::Vault;
use crate::write::VaultWriter;
use serde_json::{Value as Json, json};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

pub fn run(args: &PropsArgs) -> Result<u8, miette::Report> {
    if let Some(PropsAction::Rename(rename_args)) = &args.action {
        return rename(rename_args);
    }
    // One argument is the vault when it names a folder, else the query.
    let (vault, query) = match (&args.vault, &args.query) {
        (Some(v), None) if !v.is_dir() => (None, Some(v.to_string_lossy().into_owned())),
        (v, q) => (v.as_deref(), q.clone()),
    };
    let paths: Vec<std::path::PathBuf> = vault.map(std::path::Path::to_path_buf).into_iter().collect();
    let root = super::locate(args.vault_dir.as_deref(), &paths)?.root;
    let config = Config::load(&root, &Overrides::default(), crate::rules::catalog())?;
    for w in &config.warnings {
        to_stderr(&format!("warning: {w}"));
    }
    let vault = Vault::load(&root);
    let notes = notes_with_properties(&vault, &config);
    let json = args.format == ListFormat::Json;
    let out = match query.as_deref() {
        None => overview(&notes, &config, json),
        Some(q) => match q.split_once('=') {
            None => values(&notes, q.trim(), json),
            Some((name, value)) => matching(&notes, name.trim(), &visible_to_raw(value), json),
        },
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

/// The disk as the rename planner reads it.
struct Disk(std::path::PathBuf);

impl engine::Files for Disk {
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(crate::discover::on_disk(&self.0, rel))
    }

    fn read_only(&self, rel: &str) -> bool {
        let path = crate::discover::on_disk(&self.0, rel);
        let locked = |p: &std::path::Path| std::fs::metadata(p).is_ok_and(|m| crate::write::is_read_only(&m));
        locked(&path) || path.parent().is_some_and(locked)
    }
}

/// `props rename OLD NEW [--write]`: the diff and what it would do, or the writes and what
/// they did. 2 when refused (nothing written), 130 when interrupted (what was written put back).
fn rename(args: &PropsRenameArgs) -> Result<u8, miette::Report> {
    let root = super::locate(args.vault.as_deref(), &[])?.root;
    let vault = Vault::load(&root);
    let plan = match engine::plan_rename(&vault, &Disk(root.clone()), &args.old, &args.new) {
        Ok(plan) => plan,
        Err(refusal) => {
            to_stderr(&format!("refused: {refusal}"));
            return Ok(2);
        }
    };
    let mut text = String::new();
    if !args.write {
        for r in &plan.rewrites {
            text.push_str(&diff(r));
        }
    }
    if args.write && !plan.rewrites.is_empty() {
        let writer =
            VaultWriter::new(&root).map_err(|e| miette::miette!("cannot open the vault {}: {e}", root.display()))?;
        match engine::apply(&plan, &writer) {
            Ok(Applied::Done) => {}
            Ok(Applied::Interrupted { left }) => {
                if left.is_empty() {
                    to_stderr("interrupted: every note written was put back; nothing is changed");
                } else {
                    to_stderr(&format!(
                        "interrupted: the notes written were put back, but for these, which need a look: {}",
                        left.join(", ")
                    ));
                }
                return Ok(130);
            }
            Err(message) => {
                to_stderr(&format!("stopped: {message}"));
                return Ok(2);
            }
        }
    }
    text.push_str(&summary(&plan, !args.write));
    if let Some(declared) = declared_in_config(&root, &args.old) {
        text.push_str(&format!(
            "note: {} declares [properties.{declared}]; rename it there too, wikilint does not edit its configuration\n",
            crate::config::FILE_NAME
        ));
    }
    if !args.write {
        text.push_str("dry run: nothing was written (--write to apply)\n");
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

/// A message on stderr, a closed stderr (`2>&1 | head`) ignored rather than a panic.
fn to_stderr(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{message}");
}

/// A unified diff of one rewrite.
fn diff(r: &engine::Rewrite) -> String {
    let body = similar::TextDiff::from_lines(r.before.as_str(), r.after.as_str())
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", r.path), &format!("b/{}", r.path))
        .to_string();
    if body.ends_with('\n') { body } else { format!("{body}\n\\ No newline at end of file\n") }
}

fn notes(n: usize) -> String {
    format!("{} note{}", super::thousands(n), if n == 1 { "" } else { "s" })
}

/// What the rename does (`dry_run`: would do), one line each, the notes concerned listed
/// where the owner should look at them.
fn summary(plan: &RenamePlan, dry_run: bool) -> String {
    let (old, new) = (&plan.old, &plan.new);
    let would = |did: &str, will: &str| if dry_run { format!("would {will}") } else { did.to_string() };
    let mut out = String::new();
    if !plan.renamed.is_empty() {
        out.push_str(&format!(
            "{} the property {old} to {new} in {}\n",
            would("renamed", "rename"),
            notes(plan.renamed.len())
        ));
    }
    if !plan.dropped.is_empty() {
        out.push_str(&format!(
            "{} {old} from {} that already had {new} with the same value:\n",
            would("removed", "remove"),
            notes(plan.dropped.len())
        ));
        for p in &plan.dropped {
            out.push_str(&format!("  {p}\n"));
        }
    }
    match &plan.types {
        TypesChange::None => {}
        TypesChange::Moved(kind) => out.push_str(&format!(
            "{} the type of {old} ({kind}) to {new} in {}\n",
            would("moved", "move"),
            engine::TYPES_JSON
        )),
        TypesChange::Dropped(kind) => out.push_str(&format!(
            "{} {old} from {} ({new} has its type, {kind})\n",
            would("removed", "remove"),
            engine::TYPES_JSON
        )),
        TypesChange::Invalid(why) => {
            out.push_str(&format!("note: left {} alone, it is {why}\n", engine::TYPES_JSON));
        }
    }
    for (reason, label) in [
        (LeftAlone::InvalidYaml, "left alone, their frontmatter is not valid YAML (Obsidian ignores its properties):"),
        (LeftAlone::NotUtf8, "left alone, they are not valid UTF-8:"),
    ] {
        let paths: Vec<&str> = plan.left_alone.iter().filter(|(_, r)| *r == reason).map(|(p, _)| p.as_str()).collect();
        if !paths.is_empty() {
            out.push_str(&format!("note: {label}\n"));
            for p in paths {
                out.push_str(&format!("  {p}\n"));
            }
        }
    }
    let unverified: Vec<(&str, &str)> = plan
        .left_alone
        .iter()
        .filter_map(|(p, r)| match r {
            LeftAlone::Unverified(why) => Some((p.as_str(), why.as_str())),
            _ => None,
        })
        .collect();
    if !unverified.is_empty() {
        out.push_str("note: left alone, rename by hand:\n");
        for (p, why) in unverified {
            out.push_str(&format!("  {p}: {why}\n"));
        }
    }
    out
}

/// The `[properties.NAME]` table of wikilint.toml that names `old` in any casing, as written.
fn declared_in_config(root: &std::path::Path, old: &str) -> Option<String> {
    let text = std::fs::read_to_string(root.join(crate::config::FILE_NAME)).ok()?;
    let value: toml::Value = toml::from_str(&text).ok()?;
    let lower = old.to_lowercase();
    value.get("properties")?.as_table()?.keys().find(|k| k.to_lowercase() == lower).cloned()
}

/// One property of one note: its key as written, its value and the raw facts about it.
struct Prop<'a> {
    key: &'a str,
    value: &'a Value,
    fm: &'a Frontmatter,
}

/// Per note reported on (path order), its properties; notes whose frontmatter Obsidian
/// ignores (invalid YAML, not a mapping) have none.
fn notes_with_properties<'a>(vault: &'a Vault, config: &Config) -> Vec<(&'a str, Vec<Prop<'a>>)> {
    let mut out = Vec::new();
    for (id, note) in vault.notes() {
        let file = &vault.files[id];
        if !file.is_note || !config.is_reported(&file.path) {
            continue;
        }
        let Some(fm) = &note.frontmatter else { continue };
        let Some(Value::Mapping(map)) = &fm.value else { continue };
        let props = map.iter().filter_map(|(k, v)| Some(Prop { key: k.as_str()?, value: v, fm })).collect();
        out.push((file.path.as_str(), props));
    }
    out
}

/// The type a value shows, by its form (Obsidian types properties by name; this is what the
/// notes actually hold).
fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "checkbox",
        Value::Number(_) => "number",
        Value::String(s) if is_date(s) => "date",
        Value::String(s) if is_datetime(s) => "datetime",
        Value::String(_) => "text",
        Value::Sequence(_) => "list",
        Value::Mapping(_) => "object",
        Value::Tagged(t) => type_of(&t.value),
    }
}

#[derive(Default)]
struct Summary {
    notes: usize,
    spellings: BTreeMap<String, usize>,
    types: BTreeMap<&'static str, usize>,
}

fn overview(notes: &[(&str, Vec<Prop>)], config: &Config, json: bool) -> String {
    let mut by_name: BTreeMap<String, Summary> = BTreeMap::new();
    for (_, props) in notes {
        for p in props {
            let s = by_name.entry(p.key.to_lowercase()).or_default();
            s.notes += 1;
            *s.spellings.entry(p.key.to_string()).or_default() += 1;
            *s.types.entry(type_of(p.value)).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, Summary)> = by_name.into_iter().collect();
    rows.sort_by(|a, b| b.1.notes.cmp(&a.1.notes).then_with(|| a.0.cmp(&b.0)));
    // The name as most notes write it.
    let shown = |s: &Summary| {
        s.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map_or("", |(n, _)| n.as_str())
            .to_string()
    };
    let conflicting = |s: &Summary| s.types.keys().filter(|t| **t != "empty").count() > 1;
    if json {
        let items: Vec<Json> = rows
            .iter()
            .map(|(_, s)| {
                let name = shown(s);
                json!({
                    "name": name,
                    "notes": s.notes,
                    "types": s.types,
                    "spellings": s.spellings,
                    "declared": config.schema.property(&name).and_then(|p| p.kind).map(|k| k.as_str()),
                    "conflicting_types": conflicting(s),
                    "several_casings": s.spellings.len() > 1,
                })
            })
            .collect();
        return format!("{:#}\n", json!({ "properties": items }));
    }
    let mut table = vec![["PROPERTY".to_string(), "NOTES".to_string(), "TYPES".to_string(), String::new()]];
    for (_, s) in &rows {
        let name = shown(s);
        let types = if s.types.len() == 1 {
            s.types.keys().next().unwrap().to_string()
        } else {
            s.types.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", ")
        };
        let mut flags = Vec::new();
        if let Some(kind) = config.schema.property(&name).and_then(|p| p.kind) {
            flags.push(format!("declared {}", kind.as_str()));
        }
        if conflicting(s) {
            flags.push("! conflicting types".to_string());
        }
        if s.spellings.len() > 1 {
            let all = s.spellings.iter().map(|(n, c)| format!("{n} {c}")).collect::<Vec<_>>().join(", ");
            flags.push(format!("! several casings: {all}"));
        }
        table.push([name, s.notes.to_string(), types, flags.join("; ")]);
    }
    render_table(&table, &[false, true, false, false])
}

fn render_table(rows: &[[String; 4]], right: &[bool; 4]) -> String {
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for i in 0..4 {
            let pad = widths[i] - r[i].chars().count();
            if i > 0 {
                line.push_str("  ");
            }
            if right[i] {
                line.push_str(&" ".repeat(pad));
                line.push_str(&r[i]);
            } else {
                line.push_str(&r[i]);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The elements of a value: a list element by element, anything else as one. Each with its
/// raw facts, for the whitespace a YAML parser dropped.
fn elements<'a>(p: &Prop<'a>) -> Vec<(&'a Value, Option<&'a RawValue>)> {
    let raw = p.fm.property(p.key);
    match p.value {
        Value::Sequence(items) => {
            let aligned = raw.filter(|r| r.items.len() == items.len());
            items.iter().enumerate().map(|(i, v)| (v, aligned.map(|r| &r.items[i]))).collect()
        }
        v => vec![(v, raw.map(|r| &r.value))],
    }
}

/// A value as written, trailing whitespace of a plain scalar included (`WIP `); `None` for empty.
fn written(v: &Value, raw: Option<&RawValue>) -> Option<String> {
    let mut s = match v {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(t) => return written(&t.value, None),
        other => serde_json::to_string(&crate::cache::yaml_to_json(other)).unwrap_or_default(),
    };
    if let Some(raw) = raw.filter(|r| r.style == ValueStyle::Plain && r.trailing > 0) {
        // The parser dropped it; the raw facts keep how much there was (a lone tab as a tab).
        let ws = if raw.trailing == 1 && raw.trailing_tab { "\t" } else { " " };
        s.push_str(&ws.repeat(raw.trailing as usize));
    }
    Some(s)
}

/// Whitespace at either end made visible: `WIP ` → `WIP␠`, a tab → `␉`; `""` for the empty text.
fn visible(s: &str) -> String {
    if s.is_empty() {
        return "\"\"".to_string();
    }
    let core = s.trim_matches([' ', '\t']);
    let lead = s.len() - s.trim_start_matches([' ', '\t']).len();
    let mark = |w: &str| w.chars().map(|c| if c == '\t' { '␉' } else { '␠' }).collect::<String>();
    if core.is_empty() {
        return mark(s);
    }
    let tail = s.len() - s.trim_end_matches([' ', '\t']).len();
    format!("{}{core}{}", mark(&s[..lead]), mark(&s[s.len() - tail..]))
}

/// The query's value with `␠`/`␉` read back as a space/tab.
fn visible_to_raw(s: &str) -> String {
    let s = s.replace('␠', " ").replace('␉', "\t");
    if s == "\"\"" { String::new() } else { s }
}

fn values(notes: &[(&str, Vec<Prop>)], name: &str, json: bool) -> String {
    let lower = name.to_lowercase();
    // (written value, type) -> notes holding it
    let mut counts: BTreeMap<(Option<String>, &'static str), usize> = BTreeMap::new();
    let mut total = 0;
    let mut spelled = BTreeSet::new();
    for (_, props) in notes {
        let mut seen = BTreeSet::new();
        for p in props.iter().filter(|p| p.key.to_lowercase() == lower) {
            spelled.insert(p.key);
            for (v, raw) in elements(p) {
                seen.insert((written(v, raw), type_of(v)));
            }
        }
        if !seen.is_empty() {
            total += 1;
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if json {
        let values: Vec<Json> =
            rows.iter().map(|((value, kind), n)| json!({ "value": value, "type": kind, "count": n })).collect();
        return format!("{:#}\n", json!({ "property": name, "notes": total, "values": values }));
    }
    if rows.is_empty() {
        to_stderr(&format!("no note has the property {name:?}"));
        return String::new();
    }
    let table: Vec<[String; 4]> = rows
        .iter()
        .map(|((value, _), n)| {
            let shown = value.as_deref().map_or_else(|| "(empty)".to_string(), visible);
            [shown, n.to_string(), String::new(), String::new()]
        })
        .collect();
    render_table(&table, &[false, true, false, false])
}

/// The notes reported on (path order) that a `NAME=VALUE` query finds, matched as
/// `wikilint props NAME=VALUE` matches (`wikilint report` lists them); `None` without a `=`.
pub(crate) fn query_notes<'a>(vault: &'a Vault, config: &Config, query: &str) -> Option<Vec<&'a str>> {
    let (name, value) = query.split_once('=')?;
    Some(matching_paths(&notes_with_properties(vault, config), name.trim(), &visible_to_raw(value)))
}

/// A value matches as Obsidian reads it (the whitespace YAML drops at the end of a plain
/// scalar is not part of it: `rating=WIP` finds `rating: WIP␠`), or exactly as written, so
/// that `rating=WIP␠` finds the values written with the space.
fn matching_paths<'a>(notes: &[(&'a str, Vec<Prop>)], name: &str, value: &str) -> Vec<&'a str> {
    let lower = name.to_lowercase();
    let wanted = |v: &Value, raw: Option<&RawValue>| match written(v, raw) {
        None => value.is_empty(),
        Some(w) => w == value || (raw.is_some_and(|r| r.trailing > 0) && written(v, None).as_deref() == Some(value)),
    };
    notes
        .iter()
        .filter(|(_, props)| {
            props
                .iter()
                .filter(|p| p.key.to_lowercase() == lower)
                .any(|p| elements(p).into_iter().any(|(v, raw)| wanted(v, raw)))
        })
        .map(|(path, _)| *path)
        .collect()
}

fn matching(notes: &[(&str, Vec<Prop>)], name: &str, value: &str, json: bool) -> String {
    let paths = matching_paths(notes, name, value);
    if json {
        return format!("{:#}\n", json!({ "property": name, "value": value, "notes": paths }));
    }
    paths.iter().map(|p| format!("{p}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_made_visible_and_back() {
        assert_eq!(visible("WIP "), "WIP␠");
        assert_eq!(visible(" a\t"), "␠a␉");
        assert_eq!(visible(""), "\"\"");
        assert_eq!(visible_to_raw("WIP␠"), "WIP ");
        assert_eq!(visible_to_raw("\"\""), "");
    }

    #[test]
    fn types_by_form() {
        let v: Value = serde_yaml::from_str("[2020-01-01, 2020-01-01T10:00, x, 1, true, ~, [a], {a: 1}]").unwrap();
        let t: Vec<_> = v.as_sequence().unwrap().iter().map(type_of).collect();
        assert_eq!(t, ["date", "datetime", "text", "number", "checkbox", "empty", "list", "object"]);
    }
}
