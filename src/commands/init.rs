//! `wikilint init [VAULT]`: writes a commented wikilint.toml that reflects the vault's own
//! Obsidian settings, so a first `wikilint check` already agrees with how the vault is set up.
//! It never replaces an existing file: the write is a create-new (`write::VaultWriter`).

use crate::cli::InitArgs;
use crate::config::FILE_NAME;
use crate::write::{VaultWriter, WriteError};
use serde_json::Value;
use std::path::Path;

pub fn run(args: &InitArgs) -> Result<u8, miette::Report> {
    let paths: Vec<std::path::PathBuf> = args.vault.iter().cloned().collect();
    let root = super::locate(args.vault_dir.as_deref(), &paths)?.root;
    let target = root.join(FILE_NAME);
    if target.exists() {
        return Err(already_there(&target));
    }
    let (settings, warnings) = ObsidianSettings::read(&root);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let text = render(&settings);
    let writer =
        VaultWriter::new(&root).map_err(|e| miette::miette!("cannot open the vault {}: {e}", root.display()))?;
    match writer.create_new(FILE_NAME, text.as_bytes()) {
        Ok(_) => {}
        Err(WriteError::Exists) => return Err(already_there(&target)),
        Err(e) => return Err(miette::miette!("cannot write {}: {e}", target.display())),
    }
    println!("Wrote {}.", target.display());
    if !settings.found {
        println!("No .obsidian/ folder there: Obsidian's defaults were assumed.");
    }
    Ok(0)
}

/// The rules that run only when `select` or `[severity]` names them.
fn off_by_default() -> impl Iterator<Item = &'static crate::rules::RuleInfo> {
    crate::rules::ALL.iter().map(|r| r.info()).filter(|i| crate::config::OFF_BY_DEFAULT.contains(&i.code))
}

fn already_there(target: &Path) -> miette::Report {
    miette::miette!(
        "{} already exists; `wikilint init` never overwrites it (edit it, or remove it first)",
        target.display()
    )
}

/// What `wikilint init` reads from `.obsidian/`, with Obsidian's defaults.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ObsidianSettings {
    /// `.obsidian/` exists.
    found: bool,
    /// `app.json` `useMarkdownLinks`.
    markdown_links: bool,
    /// `app.json` `newLinkFormat`: `shortest`, `relative` or `absolute`.
    link_format: String,
    /// `app.json` `newFileLocation` (`root`, `current`, `folder`) and `newFileFolderPath`.
    new_file_location: String,
    new_file_folder: String,
    /// `app.json` `attachmentFolderPath`.
    attachment_folder: String,
    /// `app.json` `userIgnoreFilters` (Obsidian's "Excluded files").
    ignore_filters: Vec<String>,
    /// `templates.json` `folder`.
    templates_folder: Option<String>,
}

impl ObsidianSettings {
    pub(crate) fn read(root: &Path) -> (ObsidianSettings, Vec<String>) {
        let dir = root.join(".obsidian");
        let mut warnings = Vec::new();
        let app = read_json(&dir.join("app.json"), &mut warnings);
        let templates = read_json(&dir.join("templates.json"), &mut warnings);
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let settings = ObsidianSettings {
            found: dir.is_dir(),
            markdown_links: app.get("useMarkdownLinks").and_then(Value::as_bool).unwrap_or(false),
            link_format: text(&app, "newLinkFormat").unwrap_or_else(|| "shortest".into()),
            new_file_location: text(&app, "newFileLocation").unwrap_or_else(|| "root".into()),
            new_file_folder: text(&app, "newFileFolderPath").unwrap_or_default(),
            attachment_folder: text(&app, "attachmentFolderPath").unwrap_or_else(|| "/".into()),
            ignore_filters: app
                .get("userIgnoreFilters")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default(),
            templates_folder: text(&templates, "folder")
                .map(|f| f.trim_matches('/').to_string())
                .filter(|f| !f.is_empty()),
        };
        (settings, warnings)
    }
}

fn read_json(path: &Path, warnings: &mut Vec<String>) -> Value {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Value::Null,
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            warnings.push(format!("{} is not valid JSON ({e}); Obsidian's defaults assumed", path.display()));
            Value::Null
        }),
        Err(_) => Value::Null,
    }
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The file's text. Only the keys `config.rs` accepts are live (`exclude`, `select`, `ignore`,
/// `[severity]`); everything else is a comment, so the file always loads.
pub(crate) fn render(s: &ObsidianSettings) -> String {
    let mut t = String::new();
    t.push_str(
        "# wikilint.toml: the configuration of wikilint for this vault (check, watch, stubs, report, mentions).\n",
    );
    t.push_str(
        "# Written by `wikilint init` from the vault's Obsidian settings (.obsidian/). Every key is optional.\n",
    );
    t.push_str("#\n");
    if s.found {
        t.push_str(
            "# This vault's Obsidian settings, for reference (wikilint reads .obsidian/ itself on every check):\n",
        );
    } else {
        t.push_str("# No .obsidian/ folder was found; these are Obsidian's defaults:\n");
    }
    let links = if s.markdown_links { "Markdown links, [text](Note.md)" } else { "wikilinks, [[Note]]" };
    t.push_str(&format!("#   new links are written as   {links}\n"));
    let format = match s.link_format.as_str() {
        "relative" => "a path relative to the note",
        "absolute" => "the full path from the vault folder",
        _ => "the shortest path that resolves",
    };
    t.push_str(&format!("#   with                       {format} (newLinkFormat = {})\n", quoted(&s.link_format)));
    let new_notes = match s.new_file_location.as_str() {
        "current" => "the folder of the note being edited".to_string(),
        "folder" if !s.new_file_folder.trim_matches('/').is_empty() => {
            format!("the folder {}", quoted(s.new_file_folder.trim_matches('/')))
        }
        _ => "the vault's root folder".to_string(),
    };
    t.push_str(&format!("#   new notes go to            {new_notes}\n"));
    let attachments = match s.attachment_folder.as_str() {
        "" | "/" => "the vault's root folder".to_string(),
        "./" | "." => "the folder of the note".to_string(),
        f if f.starts_with("./") => format!("the subfolder {} of the note's folder", quoted(&f[2..])),
        f => format!("the folder {}", quoted(f.trim_matches('/'))),
    };
    t.push_str(&format!("#   new attachments go to      {attachments}\n"));
    match &s.templates_folder {
        Some(f) => t.push_str(&format!("#   templates folder           {} (excluded below)\n", quoted(f))),
        None => t.push_str("#   templates folder           none set\n"),
    }
    if s.ignore_filters.is_empty() {
        t.push_str("#   excluded files             none\n");
    } else {
        let list: Vec<String> = s.ignore_filters.iter().map(|f| quoted(f)).collect();
        t.push_str(&format!("#   excluded files             {} (not reported on, as in Obsidian)\n", list.join(", ")));
    }
    t.push('\n');

    t.push_str("# Files that are not reported on. They remain link targets, as in Obsidian. Globs over\n");
    t.push_str("# vault-relative paths, e.g. \"Archive/**\" or \"Clippings/*.md\".\n");
    match &s.templates_folder {
        Some(f) => {
            t.push_str(
                "# The templates folder: `[[{{date}}]]` in a template is not a broken link. (wikilint skips the\n",
            );
            t.push_str("# folder of templates.json anyway; listed so it stays skipped if that setting changes.)\n");
            t.push_str(&format!("exclude = [{}]\n", quoted(&format!("{}/**", globset::escape(f)))));
        }
        None => t.push_str("exclude = []\n"),
    }
    t.push('\n');
    t.push_str("# Which rules run: codes (WL101), names (broken-link) or code prefixes (WL1); `wikilint rule`\n");
    let off: Vec<&str> = off_by_default().map(|r| r.name).collect();
    match off.as_slice() {
        [] => t.push_str("# lists them. Without `select`, every rule runs.\n"),
        names => t.push_str(&format!(
            "# lists them. Without `select`, every rule runs but {} (off by default).\n",
            names.join(", ")
        )),
    }
    t.push_str("# select = [\"WL1\", \"missing-note\"]\n");
    t.push_str("# ignore = [\"hidden-link\"]\n");
    t.push('\n');
    t.push_str("# A link to a note not written yet (and that nearly names no note that exists) is a forward\n");
    t.push_str("# link: a broken-link warning, so the check passes while the vault grows. A link that is a\n");
    t.push_str("# mistake (a typo or alias of a note, a missing attachment, a note deleted since the last\n");
    t.push_str("# commit) stays an error. For a published vault (Obsidian Publish, Quartz, a help site),\n");
    t.push_str("# where every link must lead somewhere, make forward links errors too:\n");
    t.push_str("# forward-links = \"error\"\n");
    t.push('\n');
    t.push_str("# Severity per rule: \"error\" (fails the check, exit 1), \"warning\", \"info\", or \"off\".\n");
    t.push_str("# The lines below are the defaults. A rule that is off by default runs once it is given a level.\n");
    t.push_str("[severity]\n");
    for r in crate::rules::ALL.iter().map(|r| r.info()) {
        if crate::config::OFF_BY_DEFAULT.contains(&r.code) {
            t.push_str(&format!("# {} = \"off\"   # {} turns it on\n", r.name, quoted(r.severity.as_str())));
        } else {
            t.push_str(&format!("# {} = {}\n", r.name, quoted(r.severity.as_str())));
        }
    }
    t.push('\n');
    t.push_str("# Where `wikilint stubs --create` writes notes for missing links. Without it, Obsidian's\n");
    t.push_str("# new-note location (above) is used, so it is left commented out.\n");
    t.push_str("# [stubs]\n");
    let stub_folder = match s.new_file_location.as_str() {
        "folder" => s.new_file_folder.trim_matches('/'),
        _ => "",
    };
    t.push_str(&format!("# folder = {}\n", quoted(stub_folder)));
    t.push('\n');
    t.push_str("# The file types `wikilint orphans --attachments` and the rule unused-attachment consider. The\n");
    t.push_str("# line below is the default: the images, audio, video and PDFs Obsidian opens itself. A list\n");
    t.push_str("# replaces it (add \"zip\", \"docx\", … to have those listed, and cleaned, too).\n");
    t.push_str("# [attachments]\n");
    let types: Vec<String> = crate::vault::MEDIA_TYPES.iter().map(|e| quoted(e)).collect();
    t.push_str(&format!("# extensions = [{}]\n", types.join(", ")));
    t.push('\n');
    t.push_str("# What the rule unpublished-link (off by default) takes for published: `wikilint rule\n");
    t.push_str("# unpublished-link` says more. The lines below are the defaults.\n");
    t.push_str("# [publish]\n");
    t.push_str("# mode = \"obsidian-publish\"   # a note is published with `publish: true`; \"quartz\": unless `draft: true`\n");
    t.push_str("# property = \"publish\"        # the property obsidian-publish reads\n");
    t.push_str("# draft-property = \"draft\"    # the property quartz reads\n");
    t.push_str("# include = []                # Publish's included folders (\"Blog/\"): notes published without the property\n");
    t.push_str(
        "# exclude = []                # Publish's excluded folders, Quartz's ignorePatterns (attachments too);\n",
    );
    t.push_str(&format!(
        "#                             # left out in quartz mode, Quartz's own: {}\n",
        crate::config::QUARTZ_IGNORE_PATTERNS.join(", ")
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};

    fn vault(files: &[(&str, &str)]) -> std::path::PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "wikilint-init-unit-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (p, t) in files {
            let p = dir.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reflects_obsidian_and_loads() {
        let dir = vault(&[
            (
                ".obsidian/app.json",
                r#"{"useMarkdownLinks": true, "newLinkFormat": "relative", "newFileLocation": "folder",
                    "newFileFolderPath": "Inbox/", "attachmentFolderPath": "./assets", "userIgnoreFilters": ["Archive/"]}"#,
            ),
            (".obsidian/templates.json", r#"{"folder": "Meta/Templates [old]"}"#),
        ]);
        let (s, warnings) = ObsidianSettings::read(&dir);
        assert!(warnings.is_empty());
        let text = render(&s);
        assert!(text.contains("Markdown links"), "{text}");
        assert!(text.contains("relative to the note"), "{text}");
        assert!(text.contains("the folder \"Inbox\""), "{text}");
        assert!(text.contains("subfolder \"assets\""), "{text}");
        assert!(text.contains(r#"exclude = ["Meta/Templates [[]old[]]/**"]"#), "{text}");
        std::fs::write(dir.join(FILE_NAME), &text).unwrap();
        let config =
            Config::load(&dir, &Overrides::default(), crate::rules::catalog()).expect("the generated file loads");
        assert!(!config.is_reported("Meta/Templates [old]/Daily.md"));
        assert!(config.is_reported("Notes/x.md"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_attachment_types_are_there_to_uncomment() {
        let dir = vault(&[]);
        let text = render(&ObsidianSettings::read(&dir).0);
        assert!(text.contains("\n# [attachments]\n"), "{text}");
        // Uncommented, the section loads and says what the default already does.
        let live = text.replace("# [attachments]", "[attachments]").replace("# extensions =", "extensions =");
        std::fs::write(dir.join(FILE_NAME), &live).unwrap();
        let config =
            Config::load(&dir, &Overrides::default(), crate::rules::catalog()).expect("the uncommented section loads");
        for path in ["a.png", "b.PDF", "c.mp3", "d.webm"] {
            assert!(config.attachments.considers(path), "{path}");
        }
        assert!(!config.attachments.considers("e.zip"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_publish_table_is_there_to_uncomment() {
        use crate::config::PublishMode;
        let dir = vault(&[]);
        let text = render(&ObsidianSettings::read(&dir).0);
        assert!(text.contains("\n# [publish]\n"), "{text}");
        for key in ["mode", "property", "draft-property", "include", "exclude"] {
            assert!(text.contains(&format!("\n# {key} = ")), "{key}: {text}");
        }
        // Uncommented, the table loads and says what the default already does.
        let mut live = text.replace("# [publish]", "[publish]");
        for key in ["mode", "property", "draft-property", "include", "exclude"] {
            live = live.replace(&format!("\n# {key} = "), &format!("\n{key} = "));
        }
        std::fs::write(dir.join(FILE_NAME), &live).unwrap();
        let config =
            Config::load(&dir, &Overrides::default(), crate::rules::catalog()).expect("the uncommented table loads");
        let publish = &config.publish;
        assert_eq!(publish.mode, PublishMode::ObsidianPublish);
        assert_eq!((publish.property.as_str(), publish.draft_property.as_str()), ("publish", "draft"));
        for path in ["Blog/a.md", "private/b.md", "c.png"] {
            assert!(!publish.included(path) && publish.excluded(path).is_none(), "{path}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn defaults_without_obsidian_load_too() {
        let dir = vault(&[]);
        let (s, _) = ObsidianSettings::read(&dir);
        assert!(!s.found);
        let text = render(&s);
        assert!(text.contains("wikilinks, [[Note]]"));
        std::fs::write(dir.join(FILE_NAME), &text).unwrap();
        Config::load(&dir, &Overrides::default(), crate::rules::catalog()).expect("the generated file loads");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
