//! From file-system events to vault changes. `classify` is pure, so it is tested with
//! hand-made events; the loop that feeds it lives in `commands/watch.rs`.

use crate::live::Sync;
use notify::EventKind;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultChange {
    /// Re-read this vault-relative path (a file, a folder, or something now gone).
    Sync(Sync),
    /// wikilint.toml or a setting in `.obsidian/` that `check` reads changed ([`is_setting`]):
    /// reload and check again.
    Reload,
    /// The vault folder itself was removed or renamed.
    RootGone,
    /// Events were lost (the inotify queue overflowed in a huge burst): compare the whole
    /// vault with what is known.
    Rescan,
}

pub fn classify(root: &Path, event: &notify::Event) -> Vec<VaultChange> {
    if event.need_rescan() {
        return vec![VaultChange::Rescan];
    }
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
        let change = if is_setting(&rel) {
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

/// The paths events name that are now symbolic links to a folder outside the vault. `check`
/// follows them; native events cover what is under one only once it is watched by that name
/// (inotify adds the folders that appear, not links to folders). A link to a folder inside the
/// vault is left out: that folder is watched already, and watching it again under the link's
/// name would report its changes under that name alone.
pub fn linked_folders<'a>(root: &Path, events: impl IntoIterator<Item = &'a notify::Event>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for path in events.into_iter().flat_map(|e| &e.paths) {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        if rel.as_os_str().is_empty() || rel.components().any(|c| c.as_os_str().as_encoded_bytes().starts_with(b".")) {
            continue;
        }
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if link
            && !out.contains(path)
            && std::fs::canonicalize(path).is_ok_and(|target| target.is_dir() && !target.starts_with(root))
        {
            out.push(path.clone());
        }
    }
    out
}

/// Whether a vault-relative path is (or holds) a settings file `check` reads: wikilint.toml,
/// and in `.obsidian/` the settings of `config.rs`, `scaffold.rs` and `moves/linktext.rs`
/// (`app.json`, `appearance.json`, `templates.json`, `types.json`, the Admonition plugin's
/// `data.json`) and the CSS that declares callout types (snippets, themes). Obsidian rewrites
/// `workspace.json` on every pane change and plugins their own `data.json`: a full check for
/// those would change nothing. A folder on the way to a settings file counts (`.obsidian`
/// itself removed, a theme's folder added): its files' own events may never come.
pub fn is_setting(rel: &str) -> bool {
    const READ: &[&str] = &[
        "app.json",
        "appearance.json",
        "templates.json",
        "types.json",
        "plugins",
        "plugins/obsidian-admonition",
        "plugins/obsidian-admonition/data.json",
        "snippets",
        "themes",
    ];
    if rel == crate::config::FILE_NAME || rel == ".obsidian" {
        return true;
    }
    let Some(rest) = rel.strip_prefix(".obsidian/") else { return false };
    if READ.contains(&rest) {
        return true;
    }
    // `snippets/NAME.css`; a theme is `themes/NAME/theme.css` or `themes/NAME.css`.
    let css = rest.ends_with(".css");
    match rest.split_once('/') {
        Some(("snippets", name)) => css && !name.contains('/'),
        Some(("themes", theme)) => match theme.split_once('/') {
            None => true,
            Some((_, file)) => file == "theme.css",
        },
        _ => false,
    }
}

/// Why native file events cannot cover the vault, when an error from the watcher says so:
/// the OS limit on watched folders (inotify's `max_user_watches`: notify's `MaxFilesWatch`,
/// or a bare ENOSPC), on inotify instances (EMFILE), or no such facility at all. Then the
/// watcher polls instead. `None` for anything else (an unreadable folder, a path gone
/// meanwhile), which is said as what it is.
pub fn native_unusable(error: &notify::Error) -> Option<&'static str> {
    const LIMIT: &str = "the limit on watched folders is reached (on Linux: sysctl fs.inotify.max_user_watches)";
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => Some(LIMIT),
        notify::ErrorKind::Io(e) => match e.raw_os_error() {
            // ENOSPC, EMFILE and ENOSYS on Linux (the inotify backend).
            Some(28) if cfg!(target_os = "linux") => Some(LIMIT),
            Some(24) if cfg!(target_os = "linux") => {
                Some("too many inotify instances are open (on Linux: sysctl fs.inotify.max_user_instances)")
            }
            Some(38) if cfg!(target_os = "linux") => Some("this system has no inotify"),
            _ if e.kind() == std::io::ErrorKind::Unsupported => Some("this system does not support them"),
            _ => None,
        },
        _ => None,
    }
}

/// When to create the stub of a missing note (`watch --create-stubs`): only for a link written
/// while watching, and only once the links to it have stayed the same for a settle period, so
/// that typing `[[Len` never creates `Len.md`. Pure: the caller says what it saw and when
/// (tests use a fake clock).
///
/// A link is new when its target has more links than it ever had while they resolved, or when
/// the watch started. So the links that were there never make a stub, however they come and go:
/// the backlog of missing notes at the start (`stubs --create` is there for it), when its links
/// leave and come back (a folder moved out and back, a `git checkout` away and back, an
/// `exclude` added then removed); and the links to a note that is deleted (deleting is the
/// user's decision), whatever they name (`[[Period Stream/Cond]]` must not make a root folder
/// `Period Stream/`). A link written after that is new, and its target gets a stub.
///
/// Each missing target (case-folded key) with new links keeps a fingerprint of its links and the
/// instant it last changed. A target that stops being missing, or whose new links are gone, is
/// forgotten, so one that vanishes before settling is never due. A target is due once; it is due
/// again only if its links change (a refused or failed stub is not retried on every tick, and
/// our own write, which the watcher sees as a created file, cannot start a loop).
#[derive(Debug)]
pub struct Settle {
    period: Duration,
    pending: HashMap<String, Pending>,
    /// Per target, the most links to it seen at the start or while they resolved: up to that
    /// many are links that were there, not links written while watching.
    known: HashMap<String, usize>,
}

#[derive(Debug)]
struct Pending {
    fingerprint: u64,
    since: Instant,
    attempted: bool,
}

/// A target's links as they are now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// They resolve (or there are none): `count` links name it.
    Resolved { count: usize },
    /// They do not resolve, and it could get a stub: how many, and a fingerprint of what they
    /// say ([`crate::live::LiveCheck::missing_fingerprint`]).
    Missing { count: usize, fingerprint: u64 },
    /// They do not resolve, and it never gets a stub (an attachment).
    Never,
}

impl Settle {
    pub fn new(period: Duration) -> Settle {
        Settle { period, pending: HashMap::new(), known: HashMap::new() }
    }

    /// Links there when the watch starts: up to `count` links to `key` are not new.
    pub fn existing(&mut self, key: &str, count: usize) {
        let known = self.known.entry(key.to_string()).or_default();
        *known = (*known).max(count);
    }

    /// A target's links as they are at `now`. A missing target with new links starts its clock,
    /// or keeps it while its fingerprint stays the same.
    pub fn update(&mut self, key: &str, links: Links, now: Instant) {
        let fingerprint = match links {
            Links::Resolved { count } => {
                self.existing(key, count);
                None
            }
            Links::Missing { count, fingerprint } if count > self.known.get(key).copied().unwrap_or(0) => {
                Some(fingerprint)
            }
            Links::Missing { .. } | Links::Never => None,
        };
        let Some(fingerprint) = fingerprint else {
            self.pending.remove(key);
            return;
        };
        match self.pending.get_mut(key) {
            Some(p) if p.fingerprint == fingerprint => {}
            Some(p) => *p = Pending { fingerprint, since: now, attempted: false },
            None => {
                self.pending.insert(key.to_string(), Pending { fingerprint, since: now, attempted: false });
            }
        }
    }

    /// Forgets every target not in `keys` (after a full reload).
    pub fn retain(&mut self, keys: &HashSet<&str>) {
        self.pending.retain(|k, _| keys.contains(k.as_str()));
    }

    /// The targets whose links have not changed for the settle period and that were not
    /// attempted yet, sorted.
    pub fn due(&self, now: Instant) -> Vec<String> {
        let mut due: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| !p.attempted && now.saturating_duration_since(p.since) >= self.period)
            .map(|(k, _)| k.clone())
            .collect();
        due.sort();
        due
    }

    /// A stub was tried for `key` (created, refused, or the name was taken): not again
    /// unless its links change.
    pub fn attempted(&mut self, key: &str) {
        if let Some(p) = self.pending.get_mut(key) {
            p.attempted = true;
        }
    }

    /// When the next target will be due: the watcher wakes up then even if no file changes.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.pending.values().filter(|p| !p.attempted).map(|p| p.since + self.period).min()
    }

    /// Targets being watched (due, settling, or attempted and still missing).
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
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
    fn only_the_settings_check_reads_reload() {
        for read in [
            "wikilint.toml",
            ".obsidian",
            ".obsidian/app.json",
            ".obsidian/appearance.json",
            ".obsidian/templates.json",
            ".obsidian/types.json",
            ".obsidian/plugins",
            ".obsidian/plugins/obsidian-admonition",
            ".obsidian/plugins/obsidian-admonition/data.json",
            ".obsidian/snippets",
            ".obsidian/snippets/callouts.css",
            ".obsidian/themes",
            ".obsidian/themes/Minimal",
            ".obsidian/themes/Minimal/theme.css",
            ".obsidian/themes/Old.css",
        ] {
            assert!(is_setting(read), "{read}");
        }
        for unread in [
            ".obsidian/workspace.json",
            ".obsidian/workspace-mobile.json",
            ".obsidian/graph.json",
            ".obsidian/core-plugins.json",
            ".obsidian/community-plugins.json",
            ".obsidian/hotkeys.json",
            ".obsidian/plugins/dataview",
            ".obsidian/plugins/dataview/data.json",
            ".obsidian/plugins/obsidian-admonition/main.js",
            ".obsidian/snippets/notes.txt",
            ".obsidian/snippets/old/x.css",
            ".obsidian/themes/Minimal/manifest.json",
            ".obsidian/app.json.tmp",
            "notes/wikilint.toml",
            "app.json",
        ] {
            assert!(!is_setting(unread), "{unread}");
        }
    }

    #[test]
    fn the_root_going_away_is_said() {
        let root = Path::new("/v");
        let mut e = Event::new(EventKind::Remove(RemoveKind::Folder));
        e = e.add_path(root.to_path_buf());
        assert_eq!(classify(root, &e), [VaultChange::RootGone]);
        assert!(classify(root, &ev(EventKind::Access(notify::event::AccessKind::Any), &["a.md"])).is_empty());
    }

    #[test]
    fn lost_events_rescan_the_vault() {
        let root = Path::new("/v");
        let overflow = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert_eq!(classify(root, &overflow), [VaultChange::Rescan]);
    }

    #[test]
    fn only_limits_and_missing_facilities_switch_to_polling() {
        use notify::{Error, ErrorKind};
        use std::io;
        let limit = Error::new(ErrorKind::MaxFilesWatch).add_path("/v/new folder".into());
        assert!(native_unusable(&limit).unwrap().contains("max_user_watches"));
        assert!(native_unusable(&Error::io(io::Error::new(io::ErrorKind::Unsupported, "no"))).is_some());
        if cfg!(target_os = "linux") {
            assert!(
                native_unusable(&Error::io(io::Error::from_raw_os_error(28))).unwrap().contains("max_user_watches")
            );
            assert!(native_unusable(&Error::io(io::Error::from_raw_os_error(24))).unwrap().contains("instances"));
            assert!(native_unusable(&Error::io(io::Error::from_raw_os_error(38))).is_some());
        }
        // An unreadable subfolder (EACCES), a folder gone before it was watched, and the like
        // are reported as what they are; native events go on for the rest.
        let denied = Error::io(io::Error::from_raw_os_error(13)).add_path("/v/private".into());
        assert_eq!(native_unusable(&denied), None);
        assert_eq!(native_unusable(&Error::path_not_found()), None);
        assert_eq!(native_unusable(&Error::watch_not_found()), None);
        assert_eq!(native_unusable(&Error::generic("something else")), None);
        assert_eq!(native_unusable(&Error::io(io::Error::new(io::ErrorKind::NotFound, "gone"))), None);
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// `count` unresolved links, saying `fingerprint`.
    fn missing(count: usize, fingerprint: u64) -> Links {
        Links::Missing { count, fingerprint }
    }

    /// `count` links that resolve (0: there are none).
    fn resolved(count: usize) -> Links {
        Links::Resolved { count }
    }

    /// The links a note holds as it is typed, one key per link target, with a fingerprint
    /// (here: the text of the note) that changes with it.
    fn observe(settle: &mut Settle, before: &[&str], after: &[&str], fingerprint: u64, now: Instant) {
        for k in before.iter().filter(|k| !after.contains(k)) {
            settle.update(k, resolved(0), now);
        }
        for k in after {
            settle.update(k, missing(1, fingerprint), now);
        }
    }

    #[test]
    fn typing_a_link_creates_only_the_finished_name() {
        // `[[L]]`, `[[Le]]`, `[[Len]]`, `[[Lenin]]` a few hundred ms apart (Obsidian closes the
        // brackets as you type), then nothing.
        let t0 = Instant::now();
        let mut s = Settle::new(ms(5000));
        let steps: [(&[&str], u64); 4] = [(&["l"], 0), (&["le"], 300), (&["len"], 500), (&["lenin"], 900)];
        let mut prev: &[&str] = &[];
        for (i, (keys, at)) in steps.iter().enumerate() {
            observe(&mut s, prev, keys, i as u64, t0 + ms(*at));
            prev = keys;
            assert!(s.due(t0 + ms(*at)).is_empty());
        }
        assert!(s.due(t0 + ms(5000)).is_empty(), "Lenin changed at 0.9 s: not settled at 5 s");
        assert_eq!(s.next_deadline(), Some(t0 + ms(5900)), "the loop wakes up by itself then");
        assert_eq!(s.due(t0 + ms(5900)), ["lenin"]);
        s.attempted("lenin");
        assert!(s.due(t0 + ms(60_000)).is_empty(), "due once");
        assert_eq!(s.next_deadline(), None);
        // The stub is written; the watcher sees it and the link resolves.
        s.update("lenin", resolved(1), t0 + ms(6000));
        assert!(s.is_empty());
        // Then the user deletes the stub: that is their decision, not a new link.
        s.update("lenin", missing(1, 3), t0 + ms(7000));
        assert!(s.is_empty() && s.due(t0 + ms(60_000)).is_empty());
    }

    #[test]
    fn a_change_to_the_links_restarts_the_clock() {
        let t0 = Instant::now();
        let mut s = Settle::new(ms(500));
        s.update("marx", missing(1, 1), t0);
        s.update("marx", missing(1, 1), t0 + ms(400)); // the note changed elsewhere: same links
        assert_eq!(s.due(t0 + ms(500)), ["marx"]);
        s.update("marx", missing(2, 2), t0 + ms(450)); // a second note links to it now
        assert!(s.due(t0 + ms(900)).is_empty());
        assert_eq!(s.due(t0 + ms(950)), ["marx"]);
        // Attempted (say the plan refused it), then its links change again: due once more.
        s.attempted("marx");
        assert!(s.due(t0 + ms(2000)).is_empty());
        s.update("marx", missing(3, 3), t0 + ms(2000));
        assert_eq!(s.due(t0 + ms(2500)), ["marx"]);
    }

    #[test]
    fn a_target_that_vanishes_before_settling_is_never_due() {
        let t0 = Instant::now();
        let mut s = Settle::new(ms(500));
        s.update("typo", missing(1, 7), t0);
        s.update("bebel", missing(1, 8), t0 + ms(100));
        s.update("typo", resolved(0), t0 + ms(200)); // fixed, or the file with it deleted
        assert_eq!(s.due(t0 + ms(10_000)), ["bebel"]);
        s.update("typo", missing(1, 7), t0 + ms(300)); // back again: a fresh clock
        assert_eq!(s.next_deadline(), Some(t0 + ms(600)));
        let keep: HashSet<&str> = ["typo"].into_iter().collect();
        s.retain(&keep);
        assert_eq!(s.due(t0 + ms(10_000)), ["typo"]);
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn what_was_missing_at_the_start_waits_for_a_new_link() {
        let t0 = Instant::now();
        let mut s = Settle::new(ms(100));
        s.existing("lenin", 2);
        s.update("lenin", missing(2, 1), t0);
        assert!(s.due(t0 + ms(1000)).is_empty());
        // Its links leave (a folder moved out, a checkout, an exclude) and come back.
        s.update("lenin", resolved(0), t0 + ms(1000));
        s.update("lenin", missing(1, 2), t0 + ms(1100));
        s.update("lenin", missing(2, 1), t0 + ms(1200));
        assert!(s.due(t0 + ms(5000)).is_empty(), "links that come back are not new");
        // A third link is.
        s.update("lenin", missing(3, 3), t0 + ms(5000));
        assert_eq!(s.due(t0 + ms(5100)), ["lenin"]);
    }

    #[test]
    fn a_deleted_note_waits_for_a_new_link() {
        let t0 = Instant::now();
        let mut s = Settle::new(ms(100));
        // Two links resolve to Lenin.md (there at the start, or written since).
        s.update("lenin", resolved(2), t0);
        // It is deleted (or its folder moved out): its links are missing now, the same two.
        s.update("lenin", missing(2, 1), t0 + ms(100));
        assert!(s.due(t0 + ms(5000)).is_empty(), "deleting is the user's decision");
        // One of them is deleted too, then one is written elsewhere: not more than there were.
        s.update("lenin", missing(1, 2), t0 + ms(5000));
        s.update("lenin", missing(2, 3), t0 + ms(5100));
        assert!(s.due(t0 + ms(9000)).is_empty());
        // A link written after the deletion, beyond those: a new link.
        s.update("lenin", missing(3, 4), t0 + ms(9000));
        assert_eq!(s.due(t0 + ms(9100)), ["lenin"]);
    }

    #[test]
    fn settle_zero_is_due_at_once() {
        let t0 = Instant::now();
        let mut s = Settle::new(Duration::ZERO);
        s.update("a", missing(1, 1), t0);
        assert_eq!(s.due(t0), ["a"]);
    }
}
