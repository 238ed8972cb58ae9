//! Configuration: `wikilint.toml` at the vault root (ours) and `.obsidian/*.json` (the
//! vault's own settings, read for what changes what Obsidian does).

use crate::diagnostic::Severity;
use crate::diagnostic::{RuleInfo, matching};
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{LabeledSpan, NamedSource, Report};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;

pub const FILE_NAME: &str = "wikilint.toml";

/// `wikilint.toml`, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    stubs: StubsConfig,
    #[serde(default)]
    properties: BTreeMap<Spanned<String>, PropertyFile>,
    #[serde(default)]
    callouts: CalloutsFile,
    #[serde(default)]
    report: ReportConfig,
    #[serde(default)]
    mentions: MentionsConfig,
    #[serde(default)]
    attachments: AttachmentsFile,
    /// How loud a link to a note not written yet is (`broken-link`'s forward links).
    #[serde(rename = "forward-links")]
    forward_links: Option<Spanned<String>>,
    /// Whether the findings about links inside `%%` comments are reported.
    #[serde(rename = "links-in-comments")]
    links_in_comments: Option<Spanned<String>>,
    /// Globs over vault paths (or file names) → the rules not reported in those files.
    #[serde(default, rename = "per-file-ignores")]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// What `unpublished-link` takes for published.
    #[serde(default)]
    publish: PublishFile,
}

/// `[publish]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PublishFile {
    mode: Option<Spanned<String>>,
    property: Option<String>,
    draft_property: Option<String>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    exclude: Option<Vec<Spanned<String>>>,
}

/// Who publishes the vault, for `unpublished-link`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublishMode {
    /// Obsidian Publish (and Quartz's `ExplicitPublish`): a note is published when its
    /// `publish` property is true.
    #[default]
    ObsidianPublish,
    /// Quartz's default (`RemoveDrafts`): every note is published unless it is a draft.
    Quartz,
}

/// Quartz's default `ignorePatterns` (its `quartz.config.ts`).
pub const QUARTZ_IGNORE_PATTERNS: &[&str] = &["private", "templates", ".obsidian"];

/// `[publish]` of wikilint.toml, checked.
#[derive(Debug, Clone, Default)]
pub struct PublishSettings {
    pub mode: PublishMode,
    /// The property that says a note is published (`publish`).
    pub property: String,
    /// The property that says a note is a draft (`draft`, Quartz).
    pub draft_property: String,
    include: FolderPatterns,
    exclude: FolderPatterns,
}

/// Globs over vault paths that also take in everything under a folder they match, as
/// Obsidian Publish's folder filters and Quartz's `ignorePatterns` (fast-glob) do.
#[derive(Debug, Clone, Default)]
struct FolderPatterns {
    set: Option<GlobSet>,
    /// As written, for messages.
    patterns: Vec<String>,
}

impl FolderPatterns {
    fn build(
        written: &[Spanned<String>],
        what: &str,
        at: &impl Fn(&Spanned<String>, String) -> Report,
    ) -> Result<FolderPatterns, Report> {
        let mut set = GlobSetBuilder::new();
        for p in written {
            set.add(Self::glob(p.get_ref()).map_err(|e| at(p, format!("bad publish {what} pattern: {e}")))?);
        }
        let set = set.build().map_err(|e| miette::miette!("invalid {FILE_NAME}: {e}"))?;
        let patterns: Vec<String> = written.iter().map(|p| p.get_ref().clone()).collect();
        Ok(FolderPatterns { set: (!patterns.is_empty()).then_some(set), patterns })
    }

    /// Quartz's own patterns, valid by construction.
    fn quartz_defaults() -> FolderPatterns {
        let mut set = GlobSetBuilder::new();
        for p in QUARTZ_IGNORE_PATTERNS {
            set.add(Self::glob(p).expect("Quartz's default ignore patterns are valid globs"));
        }
        let set = set.build().expect("Quartz's default ignore patterns are valid globs");
        FolderPatterns { set: Some(set), patterns: QUARTZ_IGNORE_PATTERNS.iter().map(|p| p.to_string()).collect() }
    }

    /// A pattern as a glob over vault paths: `*` stays within a folder, as in fast-glob; a
    /// leading `./` or `/` and a trailing `/` say nothing more.
    fn glob(pattern: &str) -> Result<Glob, globset::Error> {
        let pattern = pattern.trim().trim_start_matches("./").trim_matches('/');
        globset::GlobBuilder::new(pattern).literal_separator(true).build()
    }

    /// The pattern that takes in `path` (as written), and whether it matched a folder above it
    /// rather than the path itself. Folders are tried from the top.
    fn matching(&self, path: &str) -> Option<(&str, bool)> {
        let set = self.set.as_ref()?;
        let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        for (candidate, folder) in folders.map(|f| (f, true)).chain(std::iter::once((path, false))) {
            if let Some(&i) = set.matches(candidate).first() {
                return Some((&self.patterns[i], folder));
            }
        }
        None
    }
}

impl PublishSettings {
    /// The `exclude` pattern that takes in this vault path, and whether it matched a folder.
    pub fn excluded(&self, path: &str) -> Option<(&str, bool)> {
        self.exclude.matching(path)
    }

    /// Whether an `include` folder takes in this vault path.
    pub fn included(&self, path: &str) -> bool {
        self.include.matching(path).is_some()
    }

    fn load(file: PublishFile, at: &impl Fn(&Spanned<String>, String) -> Report) -> Result<PublishSettings, Report> {
        let mode = match &file.mode {
            None => PublishMode::ObsidianPublish,
            Some(m) => match m.get_ref().as_str() {
                "obsidian-publish" => PublishMode::ObsidianPublish,
                "quartz" => PublishMode::Quartz,
                other => {
                    return Err(at(
                        m,
                        format!("[publish] mode must be \"obsidian-publish\" or \"quartz\", not {other:?}"),
                    ));
                }
            },
        };
        let exclude = match (&file.exclude, mode) {
            (Some(written), _) => FolderPatterns::build(written, "exclude", at)?,
            (None, PublishMode::Quartz) => FolderPatterns::quartz_defaults(),
            (None, PublishMode::ObsidianPublish) => FolderPatterns::default(),
        };
        Ok(PublishSettings {
            mode,
            property: file.property.unwrap_or_else(|| "publish".to_string()),
            draft_property: file.draft_property.unwrap_or_else(|| "draft".to_string()),
            include: FolderPatterns::build(&file.include, "include", at)?,
            exclude,
        })
    }
}

/// `[mentions]`: what `wikilint mentions` does not look for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MentionsConfig {
    /// Words, beyond the built-in lists, that a title or alias may be and not be looked for.
    #[serde(default)]
    pub common_words: Vec<String>,
}

/// `[report]`: what `wikilint report` adds to the page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Property queries as `wikilint props NAME=VALUE` takes them (`rating=WIP`): each lists its notes.
    #[serde(default)]
    pub queries: Vec<String>,
}

/// `[attachments]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachmentsFile {
    extensions: Option<Vec<Spanned<String>>>,
}

/// `[attachments]`: which files `orphans --attachments` and `unused-attachment` consider.
#[derive(Debug, Clone, Default)]
pub struct AttachmentsConfig {
    /// Lower-cased extensions without the dot; `None`: the types Obsidian opens itself
    /// (`vault::MEDIA_TYPES`).
    extensions: Option<Vec<String>>,
}

impl AttachmentsConfig {
    /// Whether a file (not a note) is an attachment of a type considered.
    pub fn considers(&self, path: &str) -> bool {
        match &self.extensions {
            None => crate::vault::is_media_name(path),
            Some(list) => {
                let name = path.rsplit('/').next().unwrap_or(path);
                name.rsplit_once('.').is_some_and(|(_, ext)| list.iter().any(|e| e.eq_ignore_ascii_case(ext)))
            }
        }
    }

    /// `extensions` checked: one extension each, a leading dot allowed, never `md`.
    fn load(file: AttachmentsFile, at: &impl Fn(&Spanned<String>, String) -> Report) -> Result<Self, Report> {
        let Some(list) = file.extensions else { return Ok(AttachmentsConfig::default()) };
        let mut extensions = Vec::new();
        for e in &list {
            let ext = e.get_ref().trim();
            let ext = ext.strip_prefix('.').unwrap_or(ext).to_lowercase();
            let why = if ext.is_empty() {
                Some("an empty extension".to_string())
            } else if ext.contains(['.', '/', '\\']) || ext.chars().any(char::is_whitespace) {
                Some(format!("{:?} is not one extension (write the last one, without dots: \"png\")", e.get_ref()))
            } else if ext == "md" {
                Some(
                    "`.md` files are notes, never attachments (`wikilint orphans` lists the notes no note links to)"
                        .into(),
                )
            } else {
                None
            };
            if let Some(why) = why {
                return Err(at(e, format!("[attachments] extensions: {why}")));
            }
            extensions.push(ext);
        }
        Ok(AttachmentsConfig { extensions: Some(extensions) })
    }
}

/// Rules that run only when `select` or `[severity]` names them: findings most vaults do not want.
pub const OFF_BY_DEFAULT: &[&str] = &["WL109", "WL202", "WL203", "WL905"];

/// `[stubs]`: where `wikilint stubs --create` puts stubs and what it writes in them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StubsConfig {
    /// Vault folder for stubs whose link names no folder.
    pub folder: Option<String>,
    /// Template file, relative to the vault root.
    pub template: Option<String>,
}

/// Which rules run and how loud they are, after wikilint.toml and the command line.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    enabled: HashMap<&'static str, Severity>,
}

impl RuleSettings {
    /// The severity a rule reports at, or `None` when it is switched off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.enabled.get(code).copied()
    }
}

/// Rule selection given on the command line; it overrides wikilint.toml's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// One `userIgnoreFilters` entry (spec §4): a case-insensitive path prefix or `/regex/`.
#[derive(Debug, Clone)]
enum IgnoreFilter {
    Prefix(String),
    Regex(regex::Regex),
}

/// Why a file's findings are not reported ([`Config::not_reported_because`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReported {
    /// wikilint.toml's `exclude`.
    Exclude,
    /// Obsidian's templates folder.
    TemplatesFolder,
    /// Obsidian's excluded files (`userIgnoreFilters`).
    IgnoreFilter,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub rules: RuleSettings,
    exclude: GlobSet,
    ignore_filters: Vec<IgnoreFilter>,
    templates_folder: Option<String>,
    /// `[stubs]` of wikilint.toml.
    pub stubs: StubsConfig,
    /// `[report]` of wikilint.toml.
    pub report: ReportConfig,
    /// `[mentions]` of wikilint.toml.
    pub mentions: MentionsConfig,
    /// `[attachments]` of wikilint.toml.
    pub attachments: AttachmentsConfig,
    /// `forward-links` of wikilint.toml: the severity of a `broken-link` finding that is a
    /// link to a note not written yet, near miss of nothing (a warning unless set; `error` for
    /// vaults that are published). Never above the rule's own severity.
    pub forward_links: Severity,
    /// `links-in-comments` of wikilint.toml: whether the findings about links inside `%%`
    /// comments are reported (they are by default: Obsidian indexes those links).
    pub links_in_comments: LinksInComments,
    /// `[per-file-ignores]` of wikilint.toml.
    per_file_ignores: PerFileIgnores,
    /// `[publish]` of wikilint.toml: what `unpublished-link` takes for published.
    pub publish: PublishSettings,
    /// `[properties.NAME]` and `[callouts]` of wikilint.toml, with what `.obsidian/` declares.
    pub schema: Schema,
    /// Settings files that could not be read; said once on stderr, never fatal.
    pub warnings: Vec<String>,
}

/// `links-in-comments`: what becomes of the findings about a link inside a `%%` comment
/// (template placeholders, links set aside). The link itself stays what Obsidian makes of it:
/// it resolves, and counts as a backlink and in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinksInComments {
    /// Reported like any other link.
    #[default]
    Report,
    /// No finding about it, and it makes no missing note.
    Ignore,
}

/// `[per-file-ignores]`: per glob, the codes of the rules it names.
#[derive(Debug, Clone, Default)]
struct PerFileIgnores {
    globs: Option<GlobSet>,
    codes: Vec<Vec<&'static str>>,
}

impl Config {
    /// The codes of the rules `[per-file-ignores]` silences in this file (vault path): those of
    /// every glob that matches its path or, as ruff does, its file name.
    pub fn file_ignores(&self, path: &str) -> Vec<&'static str> {
        let Some(globs) = &self.per_file_ignores.globs else { return Vec::new() };
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut matched = globs.matches(path);
        if name.len() < path.len() {
            matched.extend(globs.matches(name));
        }
        let mut codes: Vec<&'static str> =
            matched.into_iter().flat_map(|i| self.per_file_ignores.codes[i].iter().copied()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// Whether findings in this file are reported. Files that are not (wikilint.toml
    /// `exclude`, Obsidian's excluded files, the templates folder) still resolve as targets.
    pub fn is_reported(&self, path: &str) -> bool {
        self.not_reported_because(path).is_none()
    }

    /// Why findings in this file are not reported, the first reason that applies; `None` when
    /// they are (what `report --html` counts and says).
    pub fn not_reported_because(&self, path: &str) -> Option<NotReported> {
        if self.exclude.is_empty() && self.ignore_filters.is_empty() && self.templates_folder.is_none() {
            return None;
        }
        if self.exclude.is_match(path) {
            return Some(NotReported::Exclude);
        }
        let lower = path.to_lowercase();
        if let Some(folder) = &self.templates_folder
            && lower.starts_with(folder.as_str())
        {
            return Some(NotReported::TemplatesFolder);
        }
        self.ignore_filters
            .iter()
            .any(|f| match f {
                IgnoreFilter::Prefix(p) => lower.starts_with(p.as_str()),
                IgnoreFilter::Regex(r) => r.is_match(path),
            })
            .then_some(NotReported::IgnoreFilter)
    }

    /// Obsidian's templates folder (`.obsidian/templates.json`), lower-cased, with a trailing `/`.
    pub fn templates_folder(&self) -> Option<&str> {
        self.templates_folder.as_deref()
    }

    /// `catalog` is the rules there are (`rules::catalog()`): what `select`, `ignore`, `[severity]`
    /// and `[per-file-ignores]` may name.
    pub fn load(root: &Path, overrides: &Overrides, catalog: &[&'static RuleInfo]) -> Result<Config, Report> {
        let path = root.join(FILE_NAME);
        let (file, source) = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let parsed: ConfigFile = toml::from_str(&text).map_err(|e| {
                    let labels = e.span().map(|s| LabeledSpan::at(s, "here")).into_iter().collect::<Vec<_>>();
                    miette::miette!(labels = labels, "invalid {FILE_NAME}: {}", e.message())
                        .with_source_code(NamedSource::new(FILE_NAME, text.clone()))
                })?;
                (parsed, text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (ConfigFile::default(), String::new()),
            Err(e) => return Err(miette::miette!("cannot read {}: {e}", path.display())),
        };
        Config::from_file(root, overrides, catalog, file, source)
    }

    /// The configuration as if the vault had no wikilint.toml (Obsidian's settings still
    /// read): what a long-running front end (`lsp`) checks with while the file has a mistake.
    pub fn without_file(root: &Path, catalog: &[&'static RuleInfo]) -> Result<Config, Report> {
        Config::from_file(root, &Overrides::default(), catalog, ConfigFile::default(), String::new())
    }

    fn from_file(
        root: &Path,
        overrides: &Overrides,
        catalog: &[&'static RuleInfo],
        file: ConfigFile,
        source: String,
    ) -> Result<Config, Report> {
        let at = |s: &Spanned<String>, msg: String| {
            miette::miette!(labels = vec![LabeledSpan::at(s.span(), "here")], "invalid {FILE_NAME}: {msg}")
                .with_source_code(NamedSource::new(FILE_NAME, source.clone()))
        };
        let mut exclude = GlobSetBuilder::new();
        for g in &file.exclude {
            // `Archive/` means the folder, as in `[per-file-ignores]`: a glob would match nothing.
            let pattern = match g.get_ref().strip_suffix('/') {
                Some(folder) => format!("{folder}/**"),
                None => g.get_ref().clone(),
            };
            exclude.add(Glob::new(&pattern).map_err(|e| at(g, format!("bad exclude pattern: {e}")))?);
        }
        let exclude = exclude.build().map_err(|e| miette::miette!("invalid {FILE_NAME}: {e}"))?;

        let mut enabled: HashMap<&'static str, Severity> = catalog.iter().map(|i| (i.code, i.severity)).collect();
        let find = |s: &Spanned<String>| -> Result<Vec<&'static RuleInfo>, Report> {
            let found = matching(catalog, s.get_ref());
            if found.is_empty() { Err(at(s, format!("no rule is called {:?}", s.get_ref()))) } else { Ok(found) }
        };
        let select = if overrides.select.is_empty() {
            file.select.iter().map(find).collect::<Result<Vec<_>, _>>()?.concat()
        } else {
            cli_rules(&overrides.select, catalog)?
        };
        if !select.is_empty() {
            enabled.retain(|code, _| select.iter().any(|r| r.code == *code));
        } else {
            // An off-by-default rule also runs when `[severity]` gives it a level by its exact code or name.
            let leveled = |code: &str| {
                file.severity.iter().any(|(rule, level)| {
                    level.get_ref() != "off"
                        && catalog.iter().any(|i| {
                            i.code == code && (rule.get_ref() == i.name || rule.get_ref().eq_ignore_ascii_case(i.code))
                        })
                })
            };
            enabled.retain(|code, _| !OFF_BY_DEFAULT.contains(code) || leveled(code));
        }
        let mut ignore = file.ignore.iter().map(find).collect::<Result<Vec<_>, _>>()?.concat();
        ignore.extend(cli_rules(&overrides.ignore, catalog)?);
        enabled.retain(|code, _| !ignore.iter().any(|r| r.code == *code));
        for (rule, level) in &file.severity {
            let infos = matching(catalog, rule.get_ref());
            if infos.is_empty() {
                return Err(at(rule, format!("no rule is called {:?}", rule.get_ref())));
            }
            let level = match level.get_ref().as_str() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    at(level, format!("severity must be error, warning, info or off, not {other:?}"))
                })?),
            };
            for info in infos {
                match level {
                    Some(s) if enabled.contains_key(info.code) => {
                        enabled.insert(info.code, s);
                    }
                    Some(_) => {}
                    None => {
                        enabled.remove(info.code);
                    }
                }
            }
        }
        let mut warnings = Vec::new();
        let obsidian = root.join(".obsidian");
        let app = read_json(&obsidian.join("app.json"), &mut warnings);
        let ignore_filters = app
            .get("userIgnoreFilters")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).filter_map(ignore_filter).collect())
            .unwrap_or_default();
        let templates = read_json(&obsidian.join("templates.json"), &mut warnings);
        let templates_folder = templates
            .get("folder")
            .and_then(|v| v.as_str())
            .map(|f| f.trim_matches('/').to_lowercase())
            .filter(|f| !f.is_empty())
            .map(|f| format!("{f}/"));
        let stubs = file.stubs;
        let report = file.report;
        let mentions = file.mentions;
        let attachments = AttachmentsConfig::load(file.attachments, &at)?;
        let forward_links = match &file.forward_links {
            None => Severity::Warning,
            Some(level) => Severity::parse(level.get_ref()).ok_or_else(|| {
                at(level, format!("forward-links must be error, warning or info, not {:?}", level.get_ref()))
            })?,
        };
        let links_in_comments = match &file.links_in_comments {
            None => LinksInComments::Report,
            Some(v) => match v.get_ref().as_str() {
                "report" => LinksInComments::Report,
                "ignore" => LinksInComments::Ignore,
                other => {
                    return Err(at(v, format!("links-in-comments must be \"report\" or \"ignore\", not {other:?}")));
                }
            },
        };
        let per_file_ignores = per_file_ignores(&file.per_file_ignores, catalog, &at)?;
        let publish = PublishSettings::load(file.publish, &at)?;
        let schema = Schema::load(file.properties, file.callouts, &source, &obsidian, &mut warnings)?;
        Ok(Config {
            rules: RuleSettings { enabled },
            exclude,
            ignore_filters,
            templates_folder,
            stubs,
            report,
            mentions,
            attachments,
            forward_links,
            links_in_comments,
            per_file_ignores,
            publish,
            schema,
            warnings,
        })
    }
}

/// `[per-file-ignores]` checked: each glob valid, each rule one that exists. A glob that ends
/// with `/` stands for everything under that folder.
fn per_file_ignores(
    file: &BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    catalog: &[&'static RuleInfo],
    at: &impl Fn(&Spanned<String>, String) -> Report,
) -> Result<PerFileIgnores, Report> {
    if file.is_empty() {
        return Ok(PerFileIgnores::default());
    }
    let mut globs = GlobSetBuilder::new();
    let mut codes = Vec::new();
    for (pattern, rules) in file {
        let glob = match pattern.get_ref().strip_suffix('/') {
            Some(folder) => format!("{folder}/**"),
            None => pattern.get_ref().clone(),
        };
        globs.add(Glob::new(&glob).map_err(|e| at(pattern, format!("bad per-file-ignores pattern: {e}")))?);
        let mut found = Vec::new();
        for rule in rules {
            let infos = matching(catalog, rule.get_ref());
            if infos.is_empty() {
                return Err(at(rule, format!("no rule is called {:?}", rule.get_ref())));
            }
            found.extend(infos.into_iter().map(|i| i.code));
        }
        codes.push(found);
    }
    let globs = globs.build().map_err(|e| miette::miette!("invalid {FILE_NAME}: {e}"))?;
    Ok(PerFileIgnores { globs: Some(globs), codes })
}

fn cli_rules(names: &[String], catalog: &[&'static RuleInfo]) -> Result<Vec<&'static RuleInfo>, Report> {
    let mut out = Vec::new();
    for name in names.iter().flat_map(|n| n.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        let found = matching(catalog, name);
        if found.is_empty() {
            return Err(miette::miette!("no rule is called {name:?} (see `wikilint rule`)"));
        }
        out.extend(found);
    }
    Ok(out)
}

fn ignore_filter(entry: &str) -> Option<IgnoreFilter> {
    let entry = entry.trim();
    if entry.is_empty() {
        return None;
    }
    if entry.len() > 2 && entry.starts_with('/') && entry.ends_with('/') {
        return regex::RegexBuilder::new(&entry[1..entry.len() - 1])
            .case_insensitive(true)
            .build()
            .ok()
            .map(IgnoreFilter::Regex);
    }
    Some(IgnoreFilter::Prefix(entry.to_lowercase()))
}

fn read_json(path: &Path, warnings: &mut Vec<String>) -> serde_json::Value {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => serde_json::Value::Null,
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            warnings.push(format!("{} is not valid JSON ({e}); using Obsidian's defaults", path.display()));
            serde_json::Value::Null
        }),
        Err(_) => serde_json::Value::Null,
    }
}

// ---------------------------------------------------------------------------------------
// Properties and callouts: `[properties.NAME]`, `[callouts]`, `.obsidian/types.json`, the
// Admonition plugin's `data.json` and the enabled CSS snippets, read once for the rules.
// ---------------------------------------------------------------------------------------

/// `[properties.NAME]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PropertyFile {
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    allowed: Option<Vec<Spanned<toml::Value>>>,
    required: Option<bool>,
    folders: Option<Vec<Spanned<String>>>,
    allow_empty: Option<bool>,
}

/// `[callouts]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalloutsFile {
    #[serde(default)]
    custom: Vec<Spanned<String>>,
}

/// Obsidian's property types (spec §6.2); `multitext` is `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyType {
    Text,
    List,
    Number,
    Checkbox,
    Date,
    Datetime,
    Tags,
    Aliases,
}

impl PropertyType {
    pub fn parse(s: &str) -> Option<PropertyType> {
        Some(match s {
            "text" => PropertyType::Text,
            "list" | "multitext" => PropertyType::List,
            "number" => PropertyType::Number,
            "checkbox" => PropertyType::Checkbox,
            "date" => PropertyType::Date,
            "datetime" => PropertyType::Datetime,
            "tags" => PropertyType::Tags,
            "aliases" => PropertyType::Aliases,
            _ => return None,
        })
    }

    /// Whether a value written as this text fits the type (`allowed` values, list items).
    pub fn accepts_text(self, text: &str) -> bool {
        match self {
            PropertyType::Number => text.trim().parse::<f64>().is_ok_and(f64::is_finite),
            PropertyType::Checkbox => matches!(text, "true" | "false"),
            PropertyType::Date => is_date(text),
            PropertyType::Datetime => is_datetime(text),
            _ => true,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PropertyType::Text => "text",
            PropertyType::List => "list",
            PropertyType::Number => "number",
            PropertyType::Checkbox => "checkbox",
            PropertyType::Date => "date",
            PropertyType::Datetime => "datetime",
            PropertyType::Tags => "tags",
            PropertyType::Aliases => "aliases",
        }
    }
}

/// What the owner (or Obsidian's `types.json`) says about one property.
#[derive(Debug, Clone)]
pub struct PropertySchema {
    /// As written in wikilint.toml (or types.json).
    pub name: String,
    pub kind: Option<PropertyType>,
    /// Where the type was declared, for messages.
    pub kind_from: &'static str,
    /// Allowed values, as text (`allowed`); empty = any.
    pub allowed: Vec<String>,
    pub required: bool,
    /// `folders`: the notes `required` applies to; `None` = every note.
    folders: Option<GlobSet>,
    /// `allow-empty`: `key:` with no value is fine.
    pub allow_empty: bool,
}

impl PropertySchema {
    /// Whether `required` applies to the note at this vault path.
    pub fn in_scope(&self, path: &str) -> bool {
        self.folders.as_ref().is_none_or(|g| g.is_match(path))
    }
}

/// The property schema and the callout and Admonition types declared beyond the built-in ones.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// By lower-cased name: property names are case-insensitive in Obsidian.
    properties: HashMap<String, PropertySchema>,
    /// Lower-cased: wikilint.toml `[callouts] custom`, `data-callout` selectors of the enabled
    /// CSS snippets and theme, and the Admonition plugin's user types.
    pub callout_types: std::collections::HashSet<String>,
    /// The Admonition plugin's user types (`userAdmonitions`), as written.
    pub admonition_types: std::collections::HashSet<String>,
}

pub const TYPES_JSON: &str = ".obsidian/types.json";
pub const ADMONITION_DATA: &str = ".obsidian/plugins/obsidian-admonition/data.json";

impl Schema {
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The schema of a property, by name in any casing.
    pub fn property(&self, name: &str) -> Option<&PropertySchema> {
        if self.properties.is_empty() {
            return None;
        }
        if name.chars().any(char::is_uppercase) {
            self.properties.get(&name.to_lowercase())
        } else {
            self.properties.get(name)
        }
    }

    /// Every property the schema declares (wikilint.toml, `types.json`), sorted by name.
    pub fn properties(&self) -> Vec<&PropertySchema> {
        let mut all: Vec<_> = self.properties.values().collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    /// The required properties, sorted by name.
    pub fn required(&self) -> Vec<&PropertySchema> {
        let mut r: Vec<_> = self.properties.values().filter(|p| p.required).collect();
        r.sort_by(|a, b| a.name.cmp(&b.name));
        r
    }

    fn load(
        file: BTreeMap<Spanned<String>, PropertyFile>,
        callouts: CalloutsFile,
        source: &str,
        obsidian: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<Schema, Report> {
        let err = |span: std::ops::Range<usize>, msg: String| {
            miette::miette!(labels = vec![LabeledSpan::at(span, "here")], "invalid {FILE_NAME}: {msg}")
                .with_source_code(NamedSource::new(FILE_NAME, source.to_string()))
        };
        let mut schema = Schema::default();
        for (name, p) in file {
            let key = name.get_ref().to_lowercase();
            if schema.properties.contains_key(&key) {
                let msg = format!("[properties.{}] is defined twice (property names ignore case)", name.get_ref());
                return Err(err(name.span(), msg));
            }
            let kind = match &p.kind {
                Some(k) => Some(PropertyType::parse(k.get_ref()).ok_or_else(|| {
                    err(
                        k.span(),
                        format!(
                            "unknown property type {:?}: use text, list, number, checkbox, date, datetime, tags or aliases",
                            k.get_ref()
                        ),
                    )
                })?),
                None => None,
            };
            let mut allowed = Vec::new();
            for v in p.allowed.iter().flatten() {
                let text = match v.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    _ => return Err(err(v.span(), "allowed values are strings, numbers or booleans".to_string())),
                };
                if let Some(k) = kind
                    && !k.accepts_text(&text)
                {
                    return Err(err(v.span(), format!("{text:?} is not a {} value", k.as_str())));
                }
                allowed.push(text);
            }
            let folders = match &p.folders {
                Some(globs) => {
                    let mut set = GlobSetBuilder::new();
                    for g in globs {
                        // A plain folder name stands for everything under it.
                        let pattern = g.get_ref().trim_end_matches('/');
                        let pattern = if pattern.contains(['*', '?', '[', '{']) {
                            pattern.to_string()
                        } else {
                            format!("{pattern}/**")
                        };
                        set.add(Glob::new(&pattern).map_err(|e| err(g.span(), format!("bad folders pattern: {e}")))?);
                    }
                    Some(set.build().map_err(|e| miette::miette!("invalid {FILE_NAME}: {e}"))?)
                }
                None => None,
            };
            schema.properties.insert(
                key,
                PropertySchema {
                    name: name.get_ref().clone(),
                    kind,
                    kind_from: FILE_NAME,
                    allowed,
                    required: p.required.unwrap_or(false),
                    folders,
                    allow_empty: p.allow_empty.unwrap_or(false),
                },
            );
        }
        // Obsidian's own types, where wikilint.toml says none.
        let types = read_json(&obsidian.join("types.json"), warnings);
        if let Some(types) = types.get("types").and_then(|t| t.as_object()) {
            for (name, t) in types {
                let Some(kind) = t.as_str().and_then(PropertyType::parse) else {
                    warnings.push(format!("{TYPES_JSON}: unknown type {t} for the property {name:?}; not checked"));
                    continue;
                };
                let entry = schema.properties.entry(name.to_lowercase()).or_insert_with(|| PropertySchema {
                    name: name.clone(),
                    kind: None,
                    kind_from: TYPES_JSON,
                    allowed: Vec::new(),
                    required: false,
                    folders: None,
                    allow_empty: false,
                });
                if entry.kind.is_none() {
                    entry.kind = Some(kind);
                    entry.kind_from = TYPES_JSON;
                }
            }
        }
        schema.callout_types.extend(callouts.custom.iter().map(|c| c.get_ref().trim().to_lowercase()));
        let data = read_json(&obsidian.join("plugins/obsidian-admonition/data.json"), warnings);
        match data.get("userAdmonitions") {
            Some(serde_json::Value::Object(map)) => schema.admonition_types.extend(map.keys().cloned()),
            Some(serde_json::Value::Array(items)) => schema
                .admonition_types
                .extend(items.iter().filter_map(|i| i.get("type").and_then(|t| t.as_str())).map(String::from)),
            _ => {}
        }
        schema.callout_types.extend(schema.admonition_types.iter().map(|t| t.to_lowercase()));
        // Callout types that CSS defines: `.callout[data-callout="x"]` in the enabled snippets and theme.
        let appearance = read_json(&obsidian.join("appearance.json"), warnings);
        let mut css_files: Vec<std::path::PathBuf> = appearance
            .get("enabledCssSnippets")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .map(|name| obsidian.join("snippets").join(format!("{name}.css")))
            .collect();
        if let Some(theme) = appearance.get("cssTheme").and_then(|v| v.as_str()).filter(|t| !t.is_empty()) {
            css_files.push(obsidian.join("themes").join(theme).join("theme.css"));
            css_files.push(obsidian.join("themes").join(format!("{theme}.css")));
        }
        for path in css_files {
            if let Ok(css) = std::fs::read_to_string(&path) {
                schema.callout_types.extend(css_callout_types(&css));
            }
        }
        Ok(schema)
    }
}

/// `YYYY-MM-DD`, a real day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).filter(|d| d.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `YYYY-MM-DDTHH:mm`, optionally `:ss`, `.sss` and a `Z` or `±HH:MM` offset (a space may
/// stand for the `T`).
pub fn is_datetime(s: &str) -> bool {
    if s.len() < 16 || !s.is_char_boundary(10) || !is_date(&s[..10]) || !matches!(s.as_bytes()[10], b'T' | b' ') {
        return false;
    }
    let mut t = &s[11..];
    for c in ["Z", "z"] {
        t = t.strip_suffix(c).unwrap_or(t);
    }
    if let Some(i) = t.rfind(['+', '-']) {
        let offset = &t[i + 1..];
        if !(offset.len() == 5 && offset.as_bytes()[2] == b':' || offset.len() == 4 || offset.len() == 2) {
            return false;
        }
        t = &t[..i];
    }
    let t = t.split_once('.').map_or(t, |(hms, frac)| if frac.bytes().all(|c| c.is_ascii_digit()) { hms } else { "x" });
    let parts: Vec<&str> = t.split(':').collect();
    let ok = |p: &str, max: u32| {
        p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|v| v <= max)
    };
    matches!(parts.len(), 2 | 3) && ok(parts[0], 23) && ok(parts[1], 59) && parts.get(2).is_none_or(|s| ok(s, 59))
}

/// The `x` of every `[data-callout="x"]` (or `'x'`, or bare) selector, lower-cased.
fn css_callout_types(css: &str) -> impl Iterator<Item = String> + '_ {
    css.match_indices("data-callout").filter_map(|(i, m)| {
        let rest = css[i + m.len()..].trim_start().strip_prefix('=')?.trim_start();
        let (quote, rest) = match rest.chars().next()? {
            q @ ('"' | '\'') => (Some(q), &rest[1..]),
            _ => (None, rest),
        };
        let end = match quote {
            Some(q) => rest.find(q)?,
            None => rest.find([']', ' ', '\t', '\n'])?,
        };
        let t = rest[..end].trim();
        (!t.is_empty()).then(|| t.to_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclude_ending_in_a_slash_is_the_whole_folder() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "exclude = [\"Notes/\", \"*.tmp.md\"]\n").unwrap();
        let config = Config::load(dir.path(), &Overrides::default(), crate::rules::catalog()).unwrap();
        assert!(!config.is_reported("Notes/a.md"));
        assert!(!config.is_reported("Notes/deep/b.md"));
        assert!(config.is_reported("Notes.md"));
        assert!(config.is_reported("Notesy/c.md"));
        assert!(!config.is_reported("x.tmp.md"));
    }

    #[test]
    fn per_file_ignores_match_paths_folders_and_file_names() {
        let dir = tempfile::TempDir::new().unwrap();
        let toml = "[per-file-ignores]\n\"Templates/*\" = [\"broken-link\", \"WL1\"]\n\"Daily/\" = [\"missing-note\"]\n\"README.md\" = [\"orphan-note\"]\n";
        std::fs::write(dir.path().join(FILE_NAME), toml).unwrap();
        let config = Config::load(dir.path(), &Overrides::default(), crate::rules::catalog()).unwrap();
        assert_eq!(config.file_ignores("Templates/a/b.md").len(), 9, "WL1 and broken-link, once each");
        assert_eq!(config.file_ignores("Daily/2024/x.md"), ["WL201"]);
        assert_eq!(config.file_ignores("Daily.md"), Vec::<&str>::new());
        assert_eq!(config.file_ignores("Docs/README.md"), ["WL202"]);
        assert_eq!(config.file_ignores("Notes/a.md"), Vec::<&str>::new());
    }

    #[test]
    fn ignore_filters_follow_obsidian() {
        // T-166
        let filters: Vec<_> =
            ["Templates/", "/\\.excalidraw\\.md$/", "  "].iter().filter_map(|e| ignore_filter(e)).collect();
        assert_eq!(filters.len(), 2);
        let matches = |p: &str| {
            let l = p.to_lowercase();
            filters.iter().any(|f| match f {
                IgnoreFilter::Prefix(x) => l.starts_with(x.as_str()),
                IgnoreFilter::Regex(r) => r.is_match(p),
            })
        };
        assert!(matches("templates/Daily.md"));
        assert!(matches("Drawings/x.excalidraw.md"));
        assert!(!matches("MyTemplates/x.md"));
        assert!(!matches("Templates.md"));
    }
}
