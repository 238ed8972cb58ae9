//! The rule `unpublished-link` (WL109, issue 26, off by default): a published note that links
//! to or embeds a file that is not published, for Obsidian Publish (`publish: true`) and Quartz
//! (`draft: true`, ignore patterns). From the built binary on vaults in temporary folders.

use std::path::Path;

mod support;
use support::{Out, run_in, vault, write_files};

/// `check --format concise ARGS`: the lines of this rule's findings.
fn findings(dir: &Path, args: &[&str]) -> (Out, Vec<String>) {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let lines = out.stdout.lines().filter(|l| l.contains("unpublished-link")).map(str::to_string).collect();
    (out, lines)
}

/// A vault published with Obsidian Publish: `publish: true` notes, drafts, an attachment.
const PUBLISH_VAULT: &[(&str, &str)] = &[
    (
        "Blog/Post.md",
        "---\npublish: true\nup: \"[[Index]]\"\n---\n\
         See [[Draft]], [[Public]], [[Private note|private]], [the idea](Ideas/Idea.md) and [[Missing]].\n\
         ![[pic.png]] and [[Blog/Post#Top]] and %% [[Draft]] in a comment %%.\n",
    ),
    ("Index.md", "---\npublish: \"TRUE\"\n---\n[[Draft]]\n"),
    ("Draft.md", "---\nstatus: wip\n---\nLinks [[Private note]], unpublished itself.\n"),
    ("Public.md", "---\npublish: true\n---\n"),
    ("Private note.md", "---\npublish: false\n---\n"),
    ("Ideas/Idea.md", "No properties at all.\n"),
    ("pic.png", "png"),
];

#[test]
fn it_is_off_by_default() {
    let dir = vault(PUBLISH_VAULT);
    let (out, lines) = findings(dir.path(), &[]);
    assert!(lines.is_empty(), "{}", out.stdout);
    let listed = run_in(dir.path(), &["rule"]).stdout;
    assert!(listed.contains("WL109") && listed.contains("unpublished-link"), "{listed}");
}

#[test]
fn a_published_note_linking_an_unpublished_one_is_reported_naming_it() {
    let dir = vault(PUBLISH_VAULT);
    for select in ["unpublished-link", "WL109"] {
        let (out, lines) = findings(dir.path(), &["--select", select]);
        assert_eq!(
            lines,
            [
                "Blog/Post.md:5:5: warning[unpublished-link] [[Draft]] leads to Draft.md, which is not published (no `publish: true`) (help: publish it too (`publish: true`), or unlink it)",
                "Blog/Post.md:5:28: warning[unpublished-link] [[Private note|private]] leads to Private note.md, which is not published (`publish: false`) (help: publish it too (`publish: true`), or unlink it)",
                "Blog/Post.md:5:54: warning[unpublished-link] [the idea](Ideas/Idea.md) leads to Ideas/Idea.md, which is not published (no `publish: true`) (help: publish it too (`publish: true`), or unlink it)",
                "Index.md:4:1: warning[unpublished-link] [[Draft]] leads to Draft.md, which is not published (no `publish: true`) (help: publish it too (`publish: true`), or unlink it)",
            ],
            "{}",
            out.stdout
        );
        // Warnings: the check passes.
        assert_eq!(out.code, Some(0), "{}", out.stdout);
    }
}

#[test]
fn a_severity_turns_it_on_and_a_suppression_comment_silences_it() {
    let dir = vault(&[
        (
            "Post.md",
            "---\npublish: true\n---\n%% wikilint-disable-next-line unpublished-link %%\n[[Draft]]\n[[Other]]\n",
        ),
        ("Draft.md", ""),
        ("Other.md", ""),
        ("wikilint.toml", "[severity]\nunpublished-link = \"error\"\n"),
    ]);
    let (out, lines) = findings(dir.path(), &[]);
    assert_eq!(
        lines,
        [
            "Post.md:6:1: error[unpublished-link] [[Other]] leads to Other.md, which is not published (no `publish: true`) (help: publish it too (`publish: true`), or unlink it)"
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn the_property_and_included_and_excluded_folders_are_configurable() {
    let dir = vault(&[
        (
            "Post.md",
            "---\nshare: true\n---\n[[Blog/Entry]] [[Blog/Secret/Hidden]] [[Kept]] ![[Private/photo.jpg]] ![[shared.jpg]] [[Blog/Unpublished]]\n",
        ),
        ("Blog/Entry.md", ""),
        ("Blog/Secret/Hidden.md", ""),
        ("Kept.md", "---\nshare: false\n---\n"),
        ("Private/photo.jpg", "jpg"),
        ("Private/Forced.md", "---\nshare: true\n---\n"),
        ("shared.jpg", "jpg"),
        ("Blog/Unpublished.md", "---\nshare: false\n---\n[[Kept]]\n"),
        ("Blog/Linker.md", "[[Private/Forced]]\n"),
        (
            "wikilint.toml",
            "select = [\"unpublished-link\"]\n[publish]\nproperty = \"share\"\ninclude = [\"Blog/\"]\nexclude = [\"Blog/Secret\", \"Private/\"]\n",
        ),
    ]);
    let (out, lines) = findings(dir.path(), &[]);
    assert_eq!(
        lines,
        [
            "Post.md:4:16: warning[unpublished-link] [[Blog/Secret/Hidden]] leads to Blog/Secret/Hidden.md, which is not published (in the excluded folder Blog/Secret) (help: publish it too (out of the excluded folders), or unlink it)",
            "Post.md:4:39: warning[unpublished-link] [[Kept]] leads to Kept.md, which is not published (`share: false`) (help: publish it too (`share: true`), or unlink it)",
            "Post.md:4:48: warning[unpublished-link] ![[Private/photo.jpg]] embeds Private/photo.jpg, which is not published (in the excluded folder Private/) (help: publish it too (out of the excluded folders), or unlink it)",
            "Post.md:4:87: warning[unpublished-link] [[Blog/Unpublished]] leads to Blog/Unpublished.md, which is not published (`share: false`) (help: publish it too (`share: true`), or unlink it)",
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn quartz_publishes_every_note_but_drafts_and_ignored_folders() {
    let dir = vault(&[
        ("index.md", "[[Essay]] [[Notes/Plan]] [[private/Diary]] ![[templates/t.png]] ![[img.png]] [[Done]]\n"),
        ("Essay.md", "---\ndraft: true\n---\n[[Notes/Plan]]\n"),
        ("Notes/Plan.md", "---\ndraft: false\n---\n"),
        ("private/Diary.md", ""),
        ("templates/t.png", "png"),
        ("img.png", "png"),
        ("Done.md", "---\ndraft: \"true\"\n---\n"),
        ("wikilint.toml", "[publish]\nmode = \"quartz\"\n"),
    ]);
    let (out, lines) = findings(dir.path(), &["--select", "unpublished-link"]);
    assert_eq!(
        lines,
        [
            "index.md:1:1: warning[unpublished-link] [[Essay]] leads to Essay.md, which is not published (`draft: true`) (help: publish it too (remove `draft: true`), or unlink it)",
            "index.md:1:26: warning[unpublished-link] [[private/Diary]] leads to private/Diary.md, which is not published (in the excluded folder private) (help: publish it too (out of the excluded folders), or unlink it)",
            "index.md:1:44: warning[unpublished-link] ![[templates/t.png]] embeds templates/t.png, which is not published (in the excluded folder templates) (help: publish it too (out of the excluded folders), or unlink it)",
            "index.md:1:78: warning[unpublished-link] [[Done]] leads to Done.md, which is not published (`draft: true`) (help: publish it too (remove `draft: true`), or unlink it)",
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn quartz_with_its_own_ignore_patterns() {
    let dir = vault(&[
        ("index.md", "[[private/Diary]] [[drafts/Idea]] [[deep/x/secret]]\n"),
        ("private/Diary.md", ""),
        ("drafts/Idea.md", ""),
        ("deep/x/secret.md", ""),
        ("wikilint.toml", "[publish]\nmode = \"quartz\"\nexclude = [\"drafts\", \"**/secret.md\"]\n"),
    ]);
    let (out, lines) = findings(dir.path(), &["--select", "unpublished-link"]);
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[0].contains("drafts/Idea.md, which is not published (in the excluded folder drafts)"), "{lines:?}");
    assert!(lines[1].contains("deep/x/secret.md, which is not published (excluded by **/secret.md)"), "{lines:?}");
}

#[test]
fn bad_settings_are_configuration_errors() {
    for (toml, says) in [
        ("[publish]\nmode = \"hugo\"\n", "mode must be \"obsidian-publish\" or \"quartz\""),
        ("[publish]\nexclude = [\"a/[\"]\n", "bad publish exclude pattern"),
        ("[publish]\nunknown = 1\n", "unknown field"),
    ] {
        let dir = vault(&[("a.md", "")]);
        write_files(dir.path(), &[("wikilint.toml", toml.as_bytes())]);
        let out = run_in(dir.path(), &["check"]);
        assert_eq!(out.code, Some(2), "{toml}\n{}", out.stderr);
        assert!(out.stderr.contains(says), "{toml}\n{}", out.stderr);
    }
}

#[test]
fn the_rule_documents_what_published_means() {
    let dir = vault(&[("a.md", "")]);
    let docs = run_in(dir.path(), &["rule", "unpublished-link"]).stdout;
    for needle in ["publish: true", "draft: true", "[publish]", "attachment", "off by default"] {
        assert!(docs.contains(needle), "{needle} not in:\n{docs}");
    }
}

#[test]
fn the_watcher_follows_a_linked_note_being_published() {
    use wikilint::config::{Config, Overrides};
    use wikilint::live::{LiveCheck, Sync};
    let dir = vault(&[
        ("Post.md", "---\npublish: true\n---\n[[Draft]]\n"),
        ("Draft.md", "draft\n"),
        ("wikilint.toml", "[severity]\nunpublished-link = \"warning\"\n"),
    ]);
    let config = || Config::load(dir.path(), &Overrides::default(), wikilint::rules::catalog()).unwrap();
    let mut live = LiveCheck::new(dir.path(), config());
    let count = |live: &LiveCheck| live.diagnostics().iter().filter(|d| d.name == "unpublished-link").count();
    assert_eq!(count(&live), 1);
    write_files(dir.path(), &[("Draft.md", b"---\npublish: true\n---\ndraft\n")]);
    live.apply(&[Sync("Draft.md".into())]);
    assert_eq!(count(&live), 0);
    write_files(dir.path(), &[("Draft.md", b"---\npublish: false\n---\ndraft\n")]);
    live.apply(&[Sync("Draft.md".into())]);
    assert_eq!(count(&live), 1);
    assert_eq!(live.diagnostics(), LiveCheck::new(dir.path(), config()).diagnostics());
}
