//! `wikilint tags`: every tag of the vault with its count, as Obsidian's Tags pane lists them.
//!
//! What counts is what Obsidian's `getAllTags` gives: the `tags` property (spec §6.3), then the
//! inline tags the parser found (§6.5: none in code, math, HTML or link targets; those in `%%`
//! comments are indexed, §1.7). Each occurrence counts, as in the pane. Tags are grouped
//! case-insensitively and shown in the first casing met (notes in path order). A nested tag
//! also counts for each parent (`#project/a` for `#project`), except a parent Obsidian would not
//! take as a tag (only digits: `#2024` of `#2024/01`), spec §6.5.

use crate::cli::{ListFormat, TagsArgs};
use crate::config::Overrides;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

pub fn run(args: &TagsArgs) -> Result<u8, miette::Report> {
    let (super::Loaded { config, vault, .. }, scope) =
        super::load_located(args.vault_dir.as_deref(), args.vault.as_deref(), &Overrides::default())?;
    let mut tally = Tally::default();
    // `notes()` goes in id order, which is path order: the first casing met is deterministic.
    for (id, note) in vault.notes() {
        let file = &vault.files[id];
        if !file.is_note || file.removed || !config.is_reported(&file.path) || !scope.reports(&file.path) {
            continue;
        }
        let written = note.frontmatter.iter().flat_map(|fm| fm.tags());
        let inline = note.tags.iter().map(|t| t.name.strip_prefix('#').unwrap_or(&t.name));
        for tag in written.chain(inline) {
            tally.add(tag, &file.path);
        }
    }
    let tags = tally.sorted();
    let out = match args.format {
        ListFormat::Json => {
            let items: Vec<_> = tags
                .iter()
                .map(|(_, t)| json!({ "tag": t.shown, "count": t.own, "total": t.total, "notes": t.notes }))
                .collect();
            format!("{:#}\n", json!({ "tags": items }))
        }
        ListFormat::Human => {
            if tags.is_empty() {
                eprintln!("no tags in the notes reported on");
            }
            tree(&tags)
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!("cannot write the output: {e}")),
        _ => Ok(0),
    }
}

/// One tag, its children's occurrences included in `total`.
#[derive(Default)]
struct Counted<'a> {
    /// The first casing met, without `#`.
    shown: String,
    /// Occurrences of the tag itself.
    own: usize,
    /// Occurrences of the tag and of the tags nested in it: the number Obsidian's pane shows.
    total: usize,
    /// The notes holding the tag itself, in path order.
    notes: Vec<&'a str>,
}

#[derive(Default)]
struct Tally<'a> {
    /// By lower-cased name.
    tags: BTreeMap<String, Counted<'a>>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, tag: &str, path: &'a str) {
        let own = self.entry(tag);
        own.own += 1;
        own.total += 1;
        if own.notes.last() != Some(&path) {
            own.notes.push(path);
        }
        for (i, _) in tag.match_indices('/') {
            let parent = &tag[..i];
            if is_parent(parent) {
                self.entry(parent).total += 1;
            }
        }
    }

    fn entry(&mut self, name: &str) -> &mut Counted<'a> {
        self.tags
            .entry(name.to_lowercase())
            .or_insert_with(|| Counted { shown: name.to_string(), ..Counted::default() })
    }

    /// Parents before their children, siblings by name (`project`, `project/a`, `project-x`).
    fn sorted(self) -> Vec<(Vec<String>, Counted<'a>)> {
        let mut tags: Vec<_> =
            self.tags.into_iter().map(|(k, v)| (k.split('/').map(String::from).collect(), v)).collect();
        tags.sort_by(|a: &(Vec<String>, _), b| a.0.cmp(&b.0));
        tags
    }
}

/// A prefix of a nested tag that is a tag of its own for the pane: not empty (`a//b`), not
/// only digits.
fn is_parent(prefix: &str) -> bool {
    !prefix.is_empty() && !prefix.ends_with('/') && !prefix.bytes().all(|b| b.is_ascii_digit())
}

/// One line per tag, children indented under their parent; the count is the pane's (children
/// included), with the tag's own count beside it when that differs.
fn tree(tags: &[(Vec<String>, Counted)]) -> String {
    let keys: std::collections::BTreeSet<&[String]> = tags.iter().map(|(k, _)| k.as_slice()).collect();
    let names: Vec<String> = tags
        .iter()
        .map(|(key, t)| {
            let depth = (1..key.len()).filter(|&n| keys.contains(&key[..n])).count();
            format!("{}#{}", "  ".repeat(depth), t.shown)
        })
        .collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let count_width = tags.iter().map(|(_, t)| t.total.to_string().len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, (_, t)) in names.iter().zip(tags) {
        let pad = name_width - name.chars().count();
        out.push_str(&format!("{name}{}  {:>count_width$}", " ".repeat(pad), t.total));
        if t.own != t.total {
            out.push_str(&format!("  ({} own)", t.own));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_count_their_children_in_one_casing() {
        let mut t = Tally::default();
        t.add("Project/a", "1.md");
        t.add("project", "2.md");
        t.add("project/a", "2.md");
        t.add("project-x", "3.md");
        t.add("2024/01", "3.md");
        let got = tree(&t.sorted());
        assert_eq!(got, "#2024/01      1\n#Project      3  (1 own)\n  #Project/a  2\n#project-x    1\n");
    }
}
