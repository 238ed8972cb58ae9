//! Silencing what is meant: which findings of a note its owner has silenced, by a
//! `%% wikilint-… %%` directive in the note, or in wikilint.toml by `[per-file-ignores]` or
//! `links-in-comments = "ignore"`. Every finding located in a note passes through
//! here, in whichever front end (check, fix, watch) and from whichever stage (the per-note
//! rules, the vault-level ones, the links that make missing notes), so all agree.

use super::matching;
use crate::config::{Config, LinksInComments};
use crate::note::{DirectiveKind, Location, Note};

/// The rules that report on directives themselves: a directive does not silence them (a
/// `wikilint-disable` with no rules would otherwise hide its own typos).
pub const ABOUT_DIRECTIVES: &[&str] = &["WL905", "WL906"];

/// What silences findings in one note, and which directive silenced something.
pub struct Silencer<'a> {
    /// The codes `[per-file-ignores]` silences in the note.
    file_ignores: Vec<&'static str>,
    /// The note, when the findings about links in its comments are not reported.
    comments_of: Option<&'a Note>,
    directives: Vec<Resolved>,
}

/// Whether a rule's findings are about a link, at the link: those `links-in-comments`
/// silences (the link rules, and the links a missing note is made of).
fn about_a_link(code: &str) -> bool {
    code.starts_with("WL1") || code == "WL201"
}

/// A directive, its rules looked up.
pub(super) struct Resolved {
    /// Its index in `note.directives`.
    pub at: usize,
    scope: Scope,
    /// Per rule named, the codes it stands for (none for a name no rule has); `None`: every rule.
    pub rules: Option<Vec<Vec<&'static str>>>,
    /// Per rule named (one slot when it names none): whether it silenced a finding.
    pub used: Vec<bool>,
}

#[derive(Clone, Copy)]
enum Scope {
    /// From one line to another, both included.
    Lines(u32, u32),
    /// From this line on, until a later directive says otherwise.
    From {
        line: u32,
        disable: bool,
    },
    File,
}

impl Resolved {
    /// The slots of the rules named that stand for `code` (slot 0 when it names none).
    fn slots<'s>(&'s self, code: &'s str) -> impl Iterator<Item = usize> + 's {
        let all = self.rules.is_none().then_some(0);
        let named = self.rules.iter().flatten().enumerate().filter(move |(_, c)| c.contains(&code)).map(|(i, _)| i);
        all.into_iter().chain(named)
    }

    fn names(&self, code: &str) -> bool {
        self.slots(code).next().is_some()
    }
}

impl<'a> Silencer<'a> {
    /// The silencer of a note, or `None` when nothing in it or in wikilint.toml silences
    /// anything there (most notes): nothing to ask then.
    pub fn of(config: &Config, path: &str, note: &'a Note) -> Option<Silencer<'a>> {
        let directives: Vec<Resolved> = note
            .directives
            .iter()
            .enumerate()
            .filter_map(|(at, d)| {
                let (first, last) = (d.loc.start.line, d.loc.end.line);
                let scope = match d.kind {
                    DirectiveKind::DisableNextLine => Scope::Lines(last + 1, last + 1),
                    DirectiveKind::DisableLine => Scope::Lines(first, last),
                    DirectiveKind::Disable => Scope::From { line: first, disable: true },
                    DirectiveKind::Enable => Scope::From { line: first, disable: false },
                    DirectiveKind::DisableFile => Scope::File,
                    DirectiveKind::Unknown(_) => return None,
                };
                let rules = (!d.rules.is_empty()).then(|| {
                    d.rules.iter().map(|r| matching(&r.name).into_iter().map(|i| i.code).collect()).collect::<Vec<_>>()
                });
                let used = vec![false; rules.as_ref().map_or(1, Vec::len)];
                Some(Resolved { at, scope, rules, used })
            })
            .collect();
        let file_ignores = config.file_ignores(path);
        let comments_of =
            (config.links_in_comments == LinksInComments::Ignore && !note.comments.is_empty()).then_some(note);
        if directives.is_empty() && file_ignores.is_empty() && comments_of.is_none() {
            return None;
        }
        Some(Silencer { file_ignores, comments_of, directives })
    }

    /// Whether a finding of rule `code` at `loc` is silenced; the directives that silence it
    /// are marked as used.
    pub fn silences(&mut self, code: &str, loc: Location) -> bool {
        if self.file_ignores.contains(&code) {
            return true;
        }
        if self.comments_of.is_some_and(|note| about_a_link(code) && note.in_comment(loc.span.start)) {
            return true;
        }
        if ABOUT_DIRECTIVES.contains(&code) {
            return false;
        }
        let line = loc.start.line;
        let mut silenced = false;
        // The last `wikilint-disable` or `wikilint-enable` naming the rule, before the finding.
        let mut region = None;
        for i in 0..self.directives.len() {
            let d = &self.directives[i];
            match d.scope {
                Scope::Lines(from, to) if (from..=to).contains(&line) && d.names(code) => {
                    mark(&mut self.directives[i], code);
                    silenced = true;
                }
                Scope::File if d.names(code) => {
                    mark(&mut self.directives[i], code);
                    silenced = true;
                }
                Scope::From { line: from, disable } if from <= line && d.names(code) => {
                    region = disable.then_some(i);
                }
                _ => {}
            }
        }
        if let Some(i) = region {
            mark(&mut self.directives[i], code);
            silenced = true;
        }
        silenced
    }
}

impl Silencer<'_> {
    /// The directives that silence (not `wikilint-enable`), with what each rule named in them
    /// silenced so far.
    pub(super) fn disables(&self) -> impl Iterator<Item = &Resolved> {
        self.directives.iter().filter(|d| !matches!(d.scope, Scope::From { disable: false, .. }))
    }

    /// Whether `[per-file-ignores]` silences the rule in this note.
    pub(super) fn ignored_in_file(&self, code: &str) -> bool {
        self.file_ignores.contains(&code)
    }
}

/// Marks the rules of `d` that stand for `code` as having silenced something.
fn mark(d: &mut Resolved, code: &str) {
    let slots: Vec<usize> = d.slots(code).collect();
    for s in slots {
        d.used[s] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Pos;
    use crate::parse::parse_note;

    fn at(line: u32) -> Location {
        Location { start: Pos { line, col: 1 }, ..Location::default() }
    }

    fn config() -> Config {
        Config::load(
            std::path::Path::new("/nonexistent-wikilint-test-root"),
            &Default::default(),
            crate::rules::catalog(),
        )
        .unwrap()
    }

    /// The lines 1..=6 on which a finding of `code` is silenced.
    fn silenced_lines(text: &str, code: &str) -> Vec<u32> {
        let note = parse_note(text);
        let config = config();
        let Some(mut s) = Silencer::of(&config, "a.md", &note) else { return Vec::new() };
        (1..=6).filter(|&l| s.silences(code, at(l))).collect()
    }

    #[test]
    fn scopes() {
        let next = "%% wikilint-disable-next-line WL101 %%\nx\ny\n";
        assert_eq!(silenced_lines(next, "WL101"), [2]);
        assert!(silenced_lines(next, "WL102").is_empty());
        assert_eq!(silenced_lines("a\n%% wikilint-disable-line %%\n", "WL102"), [2]);
        let region = "a\n%% wikilint-disable broken-link %%\nb\n%% wikilint-enable %%\nc\n";
        assert_eq!(silenced_lines(region, "WL101"), [2, 3]);
        let reopened = "%% wikilint-disable %%\n%% wikilint-enable WL1 %%\n%% wikilint-disable WL101 %%\n";
        assert_eq!(silenced_lines(reopened, "WL101"), [1, 3, 4, 5, 6]);
        assert_eq!(silenced_lines(reopened, "WL102"), [1]);
        assert_eq!(silenced_lines(reopened, "WL301"), [1, 2, 3, 4, 5, 6]);
        assert_eq!(silenced_lines("a\nb\n%% wikilint-disable-file WL3 %%\n", "WL304"), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn findings_about_directives_are_never_silenced_by_one() {
        assert!(silenced_lines("%% wikilint-disable %%\n", "WL906").is_empty());
    }

    #[test]
    fn links_in_comments_ignored_silence_link_findings_only() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("wikilint.toml"), "links-in-comments = \"ignore\"\n").unwrap();
        let config = Config::load(dir.path(), &Default::default(), crate::rules::catalog()).unwrap();
        let text = "[[a]] %% [[b]] #123 %%\n";
        let note = parse_note(text);
        let mut s = Silencer::of(&config, "a.md", &note).unwrap();
        let loc = |needle: &str| {
            let start = text.find(needle).unwrap();
            Location { span: crate::note::Span { start, end: start + needle.len() }, ..at(1) }
        };
        assert!(!s.silences("WL101", loc("[[a]]")));
        assert!(s.silences("WL101", loc("[[b]]")));
        assert!(s.silences("WL201", loc("[[b]]")));
        assert!(!s.silences("WL308", loc("#123")), "not a link");
        assert!(Silencer::of(&config, "a.md", &parse_note("[[a]]\n")).is_none(), "no comment, nothing to ask");
    }

    #[test]
    fn no_silencer_without_a_directive() {
        let note = parse_note("%% a comment %%\n%% wikilint-typo %%\n");
        assert!(Silencer::of(&config(), "a.md", &note).is_none());
    }
}
