//! From file-system events to vault changes. `classify` is pure, so it is tested with
//! hand-made events; the loop that feeds it lives in `commands/watch.rs`.

use crate::live::Sync;
use notify::EventKind;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultChange {
    /// Re-read this vault-relative path (a file, a folder, or something now gone).
    Sync(Sync),
    /// wikilint.toml or an `.obsidian/*.json` setting changed: reload and check again.
    Reload,
    /// The vault folder itself was removed or renamed.
    RootGone,
}

pub fn classify(root: &Path, event: &notify::Event) -> Vec<VaultChange> {
    if matches!(event.kind, EventKind::Access(_)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in &event.paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.is_empty() {
            if matches!(event.kind, EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))) {
                out.push(VaultChange::RootGone);
            }
            continue;
        }
        let change = if rel == crate::config::FILE_NAME || (rel.starts_with(".obsidian/") && rel.ends_with(".json")) {
            VaultChange::Reload
        } else if rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        } else {
            VaultChange::Sync(Sync(rel))
        };
        if !out.contains(&change) {
            out.push(change);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
    use notify::{Event, EventKind};

    fn ev(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(Path::new("/v").join(p));
        }
        e
    }

    fn sync(p: &str) -> VaultChange {
        VaultChange::Sync(Sync(p.into()))
    }

    #[test]
    fn edits_creates_deletes_and_renames() {
        let root = Path::new("/v");
        assert_eq!(classify(root, &ev(EventKind::Create(CreateKind::File), &["a/B.md"])), [sync("a/B.md")]);
        assert_eq!(
            classify(root, &ev(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &["B.md"])),
            [sync("B.md")]
        );
        assert_eq!(classify(root, &ev(EventKind::Remove(RemoveKind::File), &["B.md"])), [sync("B.md")]);
        let rename = ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["old/x.md", "new/x.md"]);
        assert_eq!(classify(root, &rename), [sync("old/x.md"), sync("new/x.md")]);
    }

    #[test]
    fn dot_folders_are_not_the_vault_but_settings_reload() {
        let root = Path::new("/v");
        let edit = |p| ev(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &[p]);
        assert!(classify(root, &edit(".git/index")).is_empty());
        assert!(classify(root, &edit(".trash/x.md")).is_empty());
        assert!(classify(root, &edit("notes/.hidden.md")).is_empty());
        assert_eq!(classify(root, &edit(".obsidian/app.json")), [VaultChange::Reload]);
        assert_eq!(classify(root, &edit("wikilint.toml")), [VaultChange::Reload]);
        assert!(classify(root, &edit(".obsidian/workspace")).is_empty());
    }

    #[test]
    fn the_root_going_away_is_said() {
        let root = Path::new("/v");
        let mut e = Event::new(EventKind::Remove(RemoveKind::Folder));
        e = e.add_path(root.to_path_buf());
        assert_eq!(classify(root, &e), [VaultChange::RootGone]);
        assert!(classify(root, &ev(EventKind::Access(notify::event::AccessKind::Any), &["a.md"])).is_empty());
    }
}
