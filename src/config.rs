//! Configuration: `wikilint.toml` at the vault root (ours) and `.obsidian/*.json` (the
//! vault's own settings, read for what changes what Obsidian does).

use crate::diagnostic::Severity;
use crate::rules::{self, RuleInfo};
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

#[derive(Debug, Clone)]
pub struct Config {
    pub rules: RuleSettings,
    exclude: GlobSet,
    ignore_filters: Vec<IgnoreFilter>,
    templates_folder: Option<String>,
    /// Settings files that could not be read; said once on stderr, never fatal.
    pub warnings: Vec<String>,
}

impl Config {
    /// Whether findings in this file are reported. Files that are not (wikilint.toml
    /// `exclude`, Obsidian's excluded files, the templates folder) still resolve as targets.
    pub fn is_reported(&self, path: &str) -> bool {
        if self.exclude.is_empty() && self.ignore_filters.is_empty() && self.templates_folder.is_none() {
            return true;
        }
        if self.exclude.is_match(path) {
            return false;
        }
        let lower = path.to_lowercase();
        if let Some(folder) = &self.templates_folder
            && lower.starts_with(folder.as_str())
        {
            return false;
        }
        !self.ignore_filters.iter().any(|f| match f {
            IgnoreFilter::Prefix(p) => lower.starts_with(p.as_str()),
            IgnoreFilter::Regex(r) => r.is_match(path),
        })
    }

    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Report> {
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
        let at = |s: &Spanned<String>, msg: String| {
            miette::miette!(labels = vec![LabeledSpan::at(s.span(), "here")], "invalid {FILE_NAME}: {msg}")
                .with_source_code(NamedSource::new(FILE_NAME, source.clone()))
        };
        let mut exclude = GlobSetBuilder::new();
        for g in &file.exclude {
            exclude.add(Glob::new(g.get_ref()).map_err(|e| at(g, format!("bad exclude pattern: {e}")))?);
        }
        let exclude = exclude.build().map_err(|e| miette::miette!("invalid {FILE_NAME}: {e}"))?;

        let mut enabled: HashMap<&'static str, Severity> =
            rules::ALL.iter().map(|r| (r.info().code, r.info().severity)).collect();
        let find = |s: &Spanned<String>| -> Result<Vec<&'static RuleInfo>, Report> {
            let found = rules::matching(s.get_ref());
            if found.is_empty() { Err(at(s, format!("no rule is called {:?}", s.get_ref()))) } else { Ok(found) }
        };
        let select = if overrides.select.is_empty() {
            file.select.iter().map(find).collect::<Result<Vec<_>, _>>()?.concat()
        } else {
            cli_rules(&overrides.select)?
        };
        if !select.is_empty() {
            enabled.retain(|code, _| select.iter().any(|r| r.code == *code));
        }
        let mut ignore = file.ignore.iter().map(find).collect::<Result<Vec<_>, _>>()?.concat();
        ignore.extend(cli_rules(&overrides.ignore)?);
        enabled.retain(|code, _| !ignore.iter().any(|r| r.code == *code));
        for (rule, level) in &file.severity {
            let infos = rules::matching(rule.get_ref());
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
        Ok(Config { rules: RuleSettings { enabled }, exclude, ignore_filters, templates_folder, warnings })
    }
}

fn cli_rules(names: &[String]) -> Result<Vec<&'static RuleInfo>, Report> {
    let mut out = Vec::new();
    for name in names.iter().flat_map(|n| n.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        let found = rules::matching(name);
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

#[cfg(test)]
mod tests {
    use super::*;

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
