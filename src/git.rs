//! What git knows about the vault: where it sits in its repository (so CI annotations name
//! repository paths) and which files changed since a revision. Uses the `git` command, the
//! one implementation that honours every setting and worktree layout a user may have.

use crate::text::nfc;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The vault's place in its repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    /// The vault folder relative to the repository root, `/`-separated, with a trailing `/`,
    /// or empty when the vault is the repository root.
    pub prefix: String,
    /// The repository root, as git prints it.
    pub toplevel: String,
}

/// Which files changed, vault-relative, `/`-separated, NFC.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Added, modified, renamed to, copied to, or (for a revision) untracked: files that exist now.
    pub changed: BTreeSet<String>,
    /// Deleted or renamed away: names that links may still use.
    pub gone: BTreeSet<String>,
}

/// Changed since what.
#[derive(Debug, Clone, Copy)]
pub enum Since<'a> {
    /// A revision, compared with the working tree (untracked files count as changed).
    Revision(&'a str),
    /// The index compared with `HEAD`: what the next commit holds.
    Staged,
}

#[derive(Debug)]
pub enum Error {
    /// The `git` command could not be run.
    NoGit(String),
    /// The folder is not inside a git work tree.
    NotARepo,
    BadRevision(String),
    /// git ran and failed; its stderr.
    Failed(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoGit(e) => write!(f, "cannot run git: {e}"),
            Error::NotARepo => write!(f, "the vault is not inside a git repository"),
            Error::BadRevision(r) => write!(f, "{r:?} is not a revision of this git repository"),
            Error::Failed(e) => write!(f, "git failed: {e}"),
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| Error::NoGit(e.to_string()))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if stderr.contains("not a git repository") { Err(Error::NotARepo) } else { Err(Error::Failed(stderr)) }
    }
}

/// The repository holding `vault`, or `Err(NotARepo)`.
pub fn repo(vault: &Path) -> Result<Repo, Error> {
    let out = git(vault, &["rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix"])?;
    let text = String::from_utf8_lossy(&out);
    let mut lines = text.lines();
    if lines.next() != Some("true") {
        return Err(Error::NotARepo);
    }
    let toplevel = lines.next().unwrap_or_default().to_string();
    let prefix = nfc(lines.next().unwrap_or_default());
    Ok(Repo { prefix, toplevel })
}

/// The files of the vault that changed.
pub fn changes(vault: &Path, since: Since) -> Result<Changes, Error> {
    let repo = repo(vault)?;
    let mut diff = vec!["diff", "--name-status", "-z", "-M", "--no-relative", "--no-ext-diff", "--no-textconv"];
    let commit;
    match since {
        Since::Revision(rev) => {
            if rev.starts_with('-') {
                return Err(Error::BadRevision(rev.to_string()));
            }
            let spec = format!("{rev}^{{commit}}");
            let out = git(vault, &["rev-parse", "--verify", "--quiet", &spec])
                .map_err(|_| Error::BadRevision(rev.to_string()))?;
            commit = String::from_utf8_lossy(&out).trim().to_string();
            diff.push(&commit);
        }
        Since::Staged => diff.push("--cached"),
    }
    diff.push("--");
    let out = git(vault, &diff)?;
    let mut changes = Changes::default();
    let to_vault = |p: &[u8]| -> Option<String> {
        let p = nfc(&String::from_utf8_lossy(p));
        p.strip_prefix(repo.prefix.as_str()).map(str::to_string)
    };
    let mut fields = out.split(|&b| b == 0).filter(|f| !f.is_empty());
    while let Some(status) = fields.next() {
        let kind = status.first().copied().unwrap_or(b'M');
        match kind {
            b'R' | b'C' => {
                let (Some(from), Some(to)) = (fields.next(), fields.next()) else { break };
                if kind == b'R'
                    && let Some(from) = to_vault(from)
                {
                    changes.gone.insert(from);
                }
                changes.changed.extend(to_vault(to));
            }
            b'D' => changes.gone.extend(fields.next().and_then(to_vault)),
            _ => changes.changed.extend(fields.next().and_then(to_vault)),
        }
    }
    if let Since::Revision(_) = since {
        let out = git(vault, &["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", "."])?;
        changes.changed.extend(out.split(|&b| b == 0).filter(|f| !f.is_empty()).filter_map(to_vault));
    }
    Ok(changes)
}

/// The vault's files deleted or renamed away since the last commit (staged or not): names
/// whose links were whole at `HEAD`. Empty outside a repository, before the first commit, or
/// when git cannot say: the answer only makes a finding louder.
pub fn gone_since_head(vault: &Path) -> BTreeSet<String> {
    let Ok(repo) = repo(vault) else { return BTreeSet::new() };
    let args =
        ["diff", "--name-status", "-z", "-M", "--diff-filter=DR", "--no-relative", "--no-ext-diff", "HEAD", "--"];
    let Ok(out) = git(vault, &args) else { return BTreeSet::new() };
    let mut gone = BTreeSet::new();
    let mut fields = out.split(|&b| b == 0).filter(|f| !f.is_empty());
    while let Some(status) = fields.next() {
        let renamed = status.first() == Some(&b'R');
        let Some(from) = fields.next() else { break };
        if renamed {
            fields.next();
        }
        let from = nfc(&String::from_utf8_lossy(from));
        if let Some(p) = from.strip_prefix(repo.prefix.as_str()) {
            gone.insert(p.to_string());
        }
    }
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn changes_of_a_vault_in_a_subfolder() {
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("skipped: no git");
            return;
        }
        let dir = std::env::temp_dir().join(format!("wikilint-git-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let vault = dir.join("notes");
        std::fs::create_dir_all(&vault).unwrap();
        for (p, t) in [("a.md", "a"), ("b.md", "b"), ("c.md", "c c c c c c c c c c c c"), ("../README", "x")] {
            std::fs::write(vault.join(p), t).unwrap();
        }
        sh(&dir, &["init", "-q"]);
        sh(&dir, &["add", "."]);
        sh(&dir, &["commit", "-q", "-m", "one"]);
        std::fs::remove_file(vault.join("a.md")).unwrap();
        std::fs::write(vault.join("b.md"), "b2").unwrap();
        sh(&dir, &["mv", "notes/c.md", "notes/d e.md"]);
        std::fs::write(vault.join("new.md"), "n").unwrap();
        std::fs::write(dir.join("README"), "y").unwrap();

        let r = repo(&vault).unwrap();
        assert_eq!(r.prefix, "notes/");
        let c = changes(&vault, Since::Revision("HEAD")).unwrap();
        assert_eq!(c.changed.iter().map(String::as_str).collect::<Vec<_>>(), ["b.md", "d e.md", "new.md"]);
        assert_eq!(c.gone.iter().map(String::as_str).collect::<Vec<_>>(), ["a.md", "c.md"]);
        let staged = changes(&vault, Since::Staged).unwrap();
        assert_eq!(staged.changed.iter().map(String::as_str).collect::<Vec<_>>(), ["d e.md"]);
        assert_eq!(staged.gone.iter().map(String::as_str).collect::<Vec<_>>(), ["c.md"]);
        assert!(matches!(changes(&vault, Since::Revision("nope")), Err(Error::BadRevision(_))));
        assert_eq!(gone_since_head(&vault).iter().map(String::as_str).collect::<Vec<_>>(), ["a.md", "c.md"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
