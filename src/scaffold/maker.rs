//! Everything that decides a stub besides the vault: Obsidian's settings, the folder, the
//! template and the time, resolved once (`StubMaker::new`), so that `stubs --create`,
//! `watch --create-stubs` and the language server's "Create note" put the same stub in the
//! same place.

use crate::config::Config;
use crate::index::{FileId, VaultIndex};
use crate::progress::Progress;
use crate::rules::MissingNote;
use crate::scaffold::{self, ObsidianSettings, Placement, Plan, Template};
use crate::vault::Vault;
use crate::write::{VaultWriter, WriteError};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use miette::miette;
use std::path::{Path, PathBuf};

/// Fixes "now" for `{{date}}` and `{{time}}` (`2026-01-02`, `2026-01-02T10:30:00`, or
/// RFC 3339 with an offset): for tests and reproducible runs.
const DATE_ENV: &str = "WIKILINT_DATE";

/// Everything `--create` needs besides the vault (Obsidian's settings, the stub folder, the
/// template, the time), resolved before anything is written: `stubs --create` and
/// `watch --create-stubs` share it, so both put the same stub in the same place.
pub struct StubMaker {
    settings: ObsidianSettings,
    placement: Placement,
    template: Template,
    now: DateTime<FixedOffset>,
    writer: VaultWriter,
    include_near_misses: bool,
}

impl StubMaker {
    /// `folder` and `template` are the command line's `--folder` and `--template`; without
    /// them wikilint.toml `[stubs]`, then Obsidian's settings, decide. Everything that can fail
    /// on the user's settings fails here.
    pub fn new(
        root: &Path,
        config: &Config,
        folder: Option<&Path>,
        template: Option<&Path>,
    ) -> Result<StubMaker, miette::Report> {
        let settings = ObsidianSettings::from_json(&read_json(root, "app.json"), &read_json(root, "templates.json"))
            .map_err(|e| miette!("{e}"))?;
        let placement = placement(folder, config, root, &settings)?;
        let template = load_template(template, config, root)?;
        let now = now()?;
        let writer = VaultWriter::new(root).map_err(|e| miette!("cannot open the vault {}: {e}", root.display()))?;
        Ok(StubMaker { settings, placement, template, now, writer, include_near_misses: false })
    }

    /// Stubs near misses too (`stubs --include-near-misses`); never for the watcher.
    pub fn including_near_misses(mut self, include: bool) -> StubMaker {
        self.include_near_misses = include;
        self
    }

    /// The stubs for `selected` (most linked first), proved against `index`; writes nothing.
    pub fn plan(&self, vault: &Vault, index: &VaultIndex, selected: &[MissingNote]) -> Plan {
        let opts = scaffold::Options {
            placement: self.placement.clone(),
            template: &self.template,
            now: self.now,
            date_format: self.settings.date_format.clone(),
            time_format: self.settings.time_format.clone(),
            include_near_misses: self.include_near_misses,
        };
        let io = scaffold::Io {
            read: &|id| read_text(vault, id),
            writable: &|path| self.writer.check(path).map_err(|e| e.to_string()),
        };
        scaffold::plan(vault, index, selected, &opts, &io)
    }

    /// Writes the planned stubs in order, never over an existing file; stops at the first
    /// failure (returned with its path). One outcome per stub written or found taken. A bar on
    /// a terminal while many are written, unless `quiet`.
    pub fn write(&self, plan: &Plan, quiet: bool) -> (Vec<Outcome>, Option<(String, WriteError)>) {
        let progress = Progress::for_files(plan.stubs.len(), "Creating stubs", quiet);
        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut failure = None;
        // Ctrl-C stops between two stubs: each is whole or absent, and the count is said.
        let _deferred = crate::write::defer_interrupts();
        for stub in &plan.stubs {
            if crate::write::interrupted() {
                break;
            }
            match self.writer.create_new(&stub.path, stub.content.as_bytes()) {
                Ok(made) => outcomes.push(Outcome::Created(made.folders)),
                Err(WriteError::Exists) => outcomes.push(Outcome::Exists),
                Err(e) => {
                    failure = Some((stub.path.clone(), e));
                    break;
                }
            }
            progress.inc();
        }
        progress.finish();
        (outcomes, failure)
    }
}

pub enum Outcome {
    /// With the folders it had to create.
    Created(Vec<String>),
    /// The name was taken by the time it was written: left untouched.
    Exists,
}

fn read_text(vault: &Vault, id: FileId) -> Option<String> {
    let bytes = std::fs::read(&vault.files[id].abs).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_json(root: &Path, name: &str) -> serde_json::Value {
    std::fs::read_to_string(root.join(".obsidian").join(name))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn placement(
    folder: Option<&Path>,
    config: &Config,
    root: &Path,
    settings: &ObsidianSettings,
) -> Result<Placement, miette::Report> {
    if let Some(dir) = folder {
        let rel = vault_relative(root, dir)?;
        let folder = scaffold::folder_path(&rel).map_err(|e| miette!("--folder {}: {e}", dir.display()))?;
        return Ok(Placement::Folder { folder, why: format!("--folder {}", dir.display()) });
    }
    if let Some(dir) = &config.stubs.folder {
        let folder = scaffold::folder_path(dir).map_err(|e| miette!("wikilint.toml stubs.folder {dir:?}: {e}"))?;
        return Ok(Placement::Folder { folder, why: format!("wikilint.toml stubs.folder {dir:?}") });
    }
    Ok(settings.placement.clone())
}

/// `--folder` is a vault folder; an absolute path is accepted when it lies in the vault.
fn vault_relative(root: &Path, dir: &Path) -> Result<String, miette::Report> {
    if !dir.has_root() {
        return dir
            .to_str()
            .map(str::to_string)
            .ok_or_else(|| miette!("--folder {} is not valid UTF-8", dir.display()));
    }
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, abs) = (canon(root), canon(dir));
    let rel = abs
        .strip_prefix(&root)
        .map_err(|_| miette!("--folder {} is outside the vault {}", dir.display(), root.display()))?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/")).ok_or_else(|| miette!("--folder {} is not valid UTF-8", dir.display()))
}

fn load_template(template: Option<&Path>, config: &Config, root: &Path) -> Result<Template, miette::Report> {
    let (path, origin): (PathBuf, String) = match (template, &config.stubs.template) {
        (Some(p), _) => (p.to_path_buf(), format!("--template {}", p.display())),
        (None, Some(p)) => (root.join(p), format!("wikilint.toml stubs.template {p:?}")),
        (None, None) => return Ok(Template::parse(scaffold::template::DEFAULT).expect("the default template parses")),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| miette!("cannot read the template {} ({origin}): {e}; nothing was written", path.display()))?;
    Template::parse(&text)
        .map_err(|e| miette!("template {}:{}:{}: {}; nothing was written", path.display(), e.line, e.column, e.message))
}

fn now() -> Result<DateTime<FixedOffset>, miette::Report> {
    let Some(fixed) = std::env::var_os(DATE_ENV) else {
        return Ok(chrono::Local::now().fixed_offset());
    };
    let s = fixed.to_string_lossy();
    let utc = FixedOffset::east_opt(0).expect("UTC");
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return Ok(t);
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, f) {
            return Ok(t.and_local_timezone(utc).single().expect("UTC is unambiguous"));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        let t = d.and_hms_opt(0, 0, 0).expect("midnight");
        return Ok(t.and_local_timezone(utc).single().expect("UTC is unambiguous"));
    }
    Err(miette!("{DATE_ENV}={s:?} is not a date (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or RFC 3339)"))
}
