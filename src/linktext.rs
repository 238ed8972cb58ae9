//! Writing the path part of a link so that it resolves to a given file (spec §3.9): the
//! vault's `newLinkFormat`, checked against the resolver, with a fallback that always works.

use crate::index::resolve::resolve;
use crate::index::{FileId, Names};

/// Obsidian's `newLinkFormat` (`.obsidian/app.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkFormat {
    /// The file name when it names only that file, else the full vault path.
    #[default]
    Shortest,
    /// A `../` path from the linking note's folder.
    Relative,
    /// The full vault path, without a leading `/`.
    Absolute,
}

impl LinkFormat {
    pub fn parse(value: &str) -> Option<LinkFormat> {
        match value {
            "shortest" => Some(LinkFormat::Shortest),
            "relative" => Some(LinkFormat::Relative),
            "absolute" => Some(LinkFormat::Absolute),
            _ => None,
        }
    }
}

/// The vault's link settings: `newLinkFormat` and `useMarkdownLinks` of `.obsidian/app.json`,
/// Obsidian's defaults when the file or a key is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkSettings {
    pub format: LinkFormat,
    pub markdown: bool,
}

impl LinkSettings {
    pub fn from_json(app: &serde_json::Value) -> LinkSettings {
        LinkSettings {
            format: app.get("newLinkFormat").and_then(|v| v.as_str()).and_then(LinkFormat::parse).unwrap_or_default(),
            markdown: app.get("useMarkdownLinks").and_then(|v| v.as_bool()).unwrap_or(false),
        }
    }

    /// Reads `<root>/.obsidian/app.json`; an unreadable or invalid file means the defaults.
    pub fn load(root: &std::path::Path) -> LinkSettings {
        std::fs::read_to_string(root.join(".obsidian").join("app.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .map_or_else(LinkSettings::default, |v| LinkSettings::from_json(&v))
    }
}

/// How the path of one link is to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathStyle {
    pub format: LinkFormat,
    /// Keep `.md` on notes (Markdown links, or a wikilink that had it).
    pub md_extension: bool,
    /// The link asked for the exact path with a leading `/`.
    pub leading_slash: bool,
}

/// The linkpath (unencoded, no subpath) that makes `source` reach `target`, in `style`; the
/// first form, in order of preference, that the resolver sends to `target` and nowhere else.
/// `path_of` gives each file's vault path in the layout `names` was built from. `None` only
/// when no written form can single the file out (two files whose paths differ in case only).
pub fn linkpath_to<'a>(
    names: &Names,
    path_of: impl Fn(FileId) -> &'a str,
    target: FileId,
    source: FileId,
    style: PathStyle,
) -> Option<String> {
    let path = path_of(target);
    let is_note = path.ends_with(".md");
    let stem = if is_note { &path[..path.len() - 3] } else { path };
    let written = if is_note && style.md_extension { path } else { stem };
    let name = written.rsplit('/').next().unwrap_or(written);
    let mut forms: Vec<String> = Vec::new();
    if style.leading_slash {
        forms.push(format!("/{written}"));
        forms.push(format!("/{path}"));
    } else {
        match style.format {
            LinkFormat::Shortest => forms.push(name.to_string()),
            LinkFormat::Relative => {
                let relative = relative_path(path_of(source), written);
                if !relative.starts_with("../") {
                    forms.push(format!("./{relative}"));
                }
                forms.push(relative);
            }
            LinkFormat::Absolute => {}
        }
        forms.push(written.to_string());
        forms.push(path.to_string());
    }
    forms.into_iter().find(|form| {
        let r = resolve(names, form, source);
        r.file == Some(target) && !r.is_ambiguous()
    })
}

/// `to` (a vault path) as seen from the folder of `from` (a vault path): `../x/y`, or `y`
/// for a file in that folder or below it.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>().split_last().map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dir, _) = to_parts.split_last().map_or((&[][..], ""), |(n, d)| (d, *n));
    let common = from_dir.iter().zip(to_dir).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The text a new link to `target` from `source` should carry in its path part, following the
/// vault's `newLinkFormat`: for a wikilink, no `.md`; for a Markdown link (`markdown`), the
/// path with `.md`, percent-encoded. Falls back to the full vault path when nothing shorter
/// singles the file out.
pub fn link_text(
    vault: &crate::vault::Vault,
    names: &Names,
    target: FileId,
    source: FileId,
    format: LinkFormat,
    markdown: bool,
) -> String {
    let path_of = |id: FileId| vault.files[id].path.as_str();
    let style = PathStyle { format, md_extension: markdown, leading_slash: false };
    let raw = linkpath_to(names, path_of, target, source, style).unwrap_or_else(|| path_of(target).to_string());
    if markdown { encode_destination(&raw) } else { raw }
}

/// Percent-encodes what a Markdown link destination cannot hold as is (spaces, `%`, `<`,
/// `>`, parentheses, backslashes, control and other whitespace characters); everything else,
/// non-ASCII letters included, stays readable, as Obsidian writes it.
pub fn encode_destination(path: &str) -> String {
    encode(path, |c| {
        c.is_whitespace() || c.is_control() || matches!(c, '%' | '<' | '>' | '(' | ')' | '\\' | '\u{FEFF}')
    })
}

/// For a `<…>` destination, where only `%`, the brackets and line breaks need encoding.
pub fn encode_angle_destination(path: &str) -> String {
    encode(path, |c| c.is_control() || matches!(c, '%' | '<' | '>' | '\\'))
}

fn encode(path: &str, needs: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if needs(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[&'static str]) -> Names {
        Names::new(paths.iter().copied())
    }

    fn to(paths: &[&'static str], target: usize, source: usize, style: PathStyle) -> Option<String> {
        linkpath_to(&names(paths), |id| paths[id], target, source, style)
    }

    #[test]
    fn shortest_uses_the_name_only_when_it_is_unique() {
        let paths = ["A/Lenin.md", "B/Lenin.md", "B/Marx.md", "Root.md", "img/pic.png"];
        let short = PathStyle::default();
        assert_eq!(to(&paths, 2, 3, short).as_deref(), Some("Marx"));
        // Ambiguous from anywhere, even from its own folder: the full path (spec §3.9).
        assert_eq!(to(&paths, 0, 1, short).as_deref(), Some("A/Lenin"));
        assert_eq!(to(&paths, 1, 1, short).as_deref(), Some("B/Lenin"));
        assert_eq!(to(&paths, 4, 3, short).as_deref(), Some("pic.png"));
        let md = PathStyle { md_extension: true, ..short };
        assert_eq!(to(&paths, 2, 3, md).as_deref(), Some("Marx.md"));
    }

    #[test]
    fn relative_and_absolute() {
        let paths = ["a/b/S.md", "a/c/T.md", "a/b/U.md", "U.md", "a/b/d/V.md"];
        let rel = PathStyle { format: LinkFormat::Relative, ..PathStyle::default() };
        assert_eq!(to(&paths, 1, 0, rel).as_deref(), Some("../c/T"));
        // A same-folder name would find the root `U.md` first: `./` keeps it relative.
        assert_eq!(to(&paths, 2, 0, rel).as_deref(), Some("./U"));
        assert_eq!(to(&paths, 4, 0, rel).as_deref(), Some("./d/V"));
        let abs = PathStyle { format: LinkFormat::Absolute, ..PathStyle::default() };
        assert_eq!(to(&paths, 1, 0, abs).as_deref(), Some("a/c/T"));
        assert_eq!(relative_path("S.md", "x/T.md"), "x/T.md");
        assert_eq!(relative_path("a/S.md", "T.md"), "../T.md");
    }

    #[test]
    fn a_dotted_note_name_keeps_its_extension_when_needed() {
        // `Note.v2` is also the literal name of another file: `.md` is not appended on lookup.
        let paths = ["a/Note.v2.md", "b/Note.v2", "S.md"];
        assert_eq!(to(&paths, 0, 2, PathStyle::default()).as_deref(), Some("a/Note.v2.md"));
    }

    #[test]
    fn encodes_what_markdown_cannot_hold() {
        assert_eq!(encode_destination("My Note (draft).md"), "My%20Note%20%28draft%29.md");
        assert_eq!(encode_destination("Café 100%.md"), "Café%20100%25.md");
        assert_eq!(encode_angle_destination("My Note 100%.md"), "My Note 100%25.md");
    }
}
