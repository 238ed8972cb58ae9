//! The cases of the Obsidian semantics spec (`obsidian-test-cases.md`) about parsing,
//! resolution, and the diagnostics this crate emits for them: one table per section, and
//! for sections G–M the facts a link table cannot state (callout headers, property values,
//! aliases, rule findings) in one test per case in `spec_cases/metadata.rs`.
//!
//! Every expectation below is copied from the spec (the case text, or the rule of
//! `obsidian-semantics.md` it names: §1 wikilinks, §2 Markdown links, §3 resolution, §5
//! callouts and Admonition, §6 frontmatter, properties and tags, §7 other syntax), or from
//! its "Observed in the app" corrections where they disagree, never from what the
//! implementation prints. The cases are embedded here; nothing outside this file is read at
//! run time (the disk cases write their vault, `.obsidian/` settings included, to a
//! temporary folder).
//!
//! A case lists a vault (`files`), the note whose links are checked (`source`), and for each
//! link of that note, in document order: its kind, its target (`LinkCache.link`), optionally
//! its display text, what it resolves to (a vault path, or unresolved), the subpath status
//! (found / missing heading / missing block / not a checked subpath) and whether the
//! resolution is ambiguous (§3.3). A case with no expected links asserts that the note has
//! none. A failure names the case id.
//!
//! Conventions:
//! * `Link::display` holds display text only when the link states one (`[[A|b]]`); for
//!   `[[Note]]` Obsidian computes the default (`Note`, `Note > H1 > H2`, §1.1 step 4) and the
//!   library leaves it `None`, so "default display text" is asserted as "no alias".
//! * Links inside ```` ```ad- ```` blocks are not in Obsidian's cache (§1.7) but the linter must
//!   still see them to report them (`unindexed-link`); they are expected with `hidden: true`.
//! * The spec's diagnostic ids are suggestions ("rename freely"): its `missing-heading` is
//!   this crate's `broken-heading`, `frontmatter-position` is `misplaced-frontmatter`,
//!   `frontmatter-invalid` is `invalid-frontmatter`, `yaml-unquoted-link` is
//!   `unquoted-link-property`, `unknown-callout` is `unknown-callout-type`,
//!   `unknown-admonition` is `unknown-admonition-type`.
//! * Tags of the `tags` property are Obsidian's derivation (`getAllTags`) from the value the
//!   cache holds; the library keeps that value (`Frontmatter::value`), so T-122, T-136, T-150..
//!   T-153 assert the value and the `invalid-tag` findings, not a derived tag list.
//!
//! Cases skipped entirely (id: reason):
//! * T-159 (`%%%%` is no comment), T-160 (an inline comment cannot span lines): what a comment
//!   hides is rendering; its links and tags are indexed either way (§7, T-034, T-035, T-158).
//! * T-161 (undefined footnote), T-162 (footnote id case): footnote rendering; no link,
//!   tag or heading involved and no rule here reports footnotes.
//! * T-168: attachment folder location — where new attachments go; nothing here creates
//!   attachments, so `attachmentFolderPath` is not read.
//!
//! Cases covered only in part (the rest is a diagnostic/hint, a rendering detail, or not
//! observable through the library API):
//! * T-005, T-006: the optional `link-whitespace` style warning (only `padded` is checked).
//! * T-007: the "remove space before #" hint. T-009: the `empty-link` diagnostic.
//! * T-013: the optional empty-alias warning.
//! * T-021, T-023, T-024, T-025: image width/height/alt — rendering, not in `Link`.
//! * T-022: the "unescaped | in table" warning. T-026: the default display string (see above).
//! * T-031, T-032: the `unindexed-link` diagnostic (T-032's links are checked as hidden).
//! * T-043: Markdown display text is asserted in its own test (`t043_markdown_display_text`).
//! * T-047, T-055, T-057: the broken-link hints. T-056: the [L] "treat as a link" linter advice.
//! * T-054: the external image is checked only as "not an embed".
//! * T-066: the "folder part is not a whole folder" warning. T-076: the fix-it.
//! * T-079: only resolution and "no broken-link" (search/graph hiding is not ours).
//! * T-093, T-107: which duplicate wins is not observable (`SubpathStatus` only says found);
//!   the `duplicate-heading`/`duplicate-block-id` diagnostics are not checked.
//! * T-099: the `invalid-block-id` diagnostic.
//! * T-103..T-106: the extent of the block an id names is not exposed (`BlockId::loc` is the
//!   `^id` itself); only "the id exists / the link finds it" is checked.
//! * T-110, T-115: alias → canonical type (`faq` → `question`) and T-111's default title
//!   (`My type`) are rendering; the library keeps type and title as written, and
//!   `unknown-callout-type` accepts the aliases.
//! * T-116, T-117, T-120: the body text, "treated as closed" and which admonition `ad-todo`
//!   renders with are the plugin's rendering; parameters and findings are checked.
//! * T-124, T-127: the thematic break of the cache is not exposed (the heading is).
//! * T-138: only the finding (what survives a duplicate key is unverified in the spec).
//! * T-139: the fix-it (`deprecated-property` offers none). T-156: the "suggest a list" advice.
//! * T-143, T-149: the tag pane's aggregation (parents, case-folded counts) is Obsidian's.
//! * T-158: the `unclosed-comment` diagnostic (no such rule).
//! * T-165: only the link-generation defaults and `userIgnoreFilters = null`; the new-file and
//!   attachment locations and `alwaysUpdateLinks` are not read by the library API.
//! * T-167: the link text only (`linktext::link_text`), not a `[Note](…)` display part.
//! * T-169: the template-folder suppression is its own disk variant.
//! * T-170: only "the config folder is hidden like any dot folder"; reading settings from a
//!   custom config folder is not supported (the override is per device, not in the vault).

#[path = "spec_cases/metadata.rs"]
mod metadata;

use std::path::Path;

use wikilint::config::Config;
use wikilint::index::VaultIndex;
use wikilint::index::subpath::SubpathStatus;
use wikilint::note::LinkKind;
use wikilint::vault::Vault;

// ---------------------------------------------------------------------------------------
// Expectation types and const builders
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Kind {
    Wiki,
    Embed,
    Md,
    MdImage,
    /// A frontmatter link with this dotted key.
    Front(&'static str),
    /// A link of a canvas card: a file card (`true`) or a link in a text card.
    Canvas(bool),
}

#[derive(Debug, Clone, Copy)]
enum Disp {
    Unchecked,
    /// No display text written (Obsidian shows its default).
    NoAlias,
    Is(&'static str),
}

#[derive(Debug, Clone, Copy)]
enum Res {
    Unchecked,
    To(&'static str),
    /// One of these files (the tie-break is file-system order).
    OneOf(&'static [&'static str]),
    Unresolved,
}

#[derive(Debug, Clone, Copy)]
struct L {
    kind: Kind,
    target: &'static str,
    display: Disp,
    res: Res,
    sub: Option<SubpathStatus>,
    ambiguous: Option<bool>,
    padded: Option<bool>,
    hidden: bool,
    /// Obsidian's `unresolvedLinks` key (§3.1: linkpath without one trailing `.md`).
    key: Option<&'static str>,
}

const fn link(kind: Kind, target: &'static str) -> L {
    L {
        kind,
        target,
        display: Disp::Unchecked,
        res: Res::Unchecked,
        sub: None,
        ambiguous: None,
        padded: None,
        hidden: false,
        key: None,
    }
}
const fn wiki(target: &'static str) -> L {
    link(Kind::Wiki, target)
}
const fn embed(target: &'static str) -> L {
    link(Kind::Embed, target)
}
const fn md(target: &'static str) -> L {
    link(Kind::Md, target)
}
const fn img(target: &'static str) -> L {
    link(Kind::MdImage, target)
}
const fn front(key: &'static str, target: &'static str) -> L {
    link(Kind::Front(key), target)
}
const fn card(file: bool, target: &'static str) -> L {
    link(Kind::Canvas(file), target)
}

impl L {
    const fn to(self, path: &'static str) -> L {
        L { res: Res::To(path), ..self }
    }
    const fn one_of(self, paths: &'static [&'static str]) -> L {
        L { res: Res::OneOf(paths), ..self }
    }
    const fn unresolved(self) -> L {
        L { res: Res::Unresolved, ..self }
    }
    const fn shown(self, display: &'static str) -> L {
        L { display: Disp::Is(display), ..self }
    }
    const fn no_alias(self) -> L {
        L { display: Disp::NoAlias, ..self }
    }
    const fn found(self) -> L {
        L { sub: Some(SubpathStatus::Found), ..self }
    }
    const fn no_heading(self) -> L {
        L { sub: Some(SubpathStatus::MissingHeading), ..self }
    }
    const fn no_block(self) -> L {
        L { sub: Some(SubpathStatus::MissingBlock), ..self }
    }
    /// No subpath to check (none, empty, or on a non-note target).
    const fn not_checked(self) -> L {
        L { sub: Some(SubpathStatus::None), ..self }
    }
    const fn ambiguous(self, yes: bool) -> L {
        L { ambiguous: Some(yes), ..self }
    }
    const fn padded(self, yes: bool) -> L {
        L { padded: Some(yes), ..self }
    }
    const fn hidden(self) -> L {
        L { hidden: true, ..self }
    }
    const fn key(self, key: &'static str) -> L {
        L { key: Some(key), ..self }
    }
}

type Files = &'static [(&'static str, &'static str)];

#[derive(Debug, Clone, Copy)]
struct Case {
    id: &'static str,
    files: Files,
    source: &'static str,
    links: &'static [L],
    /// The note whose tags/headings/block ids are checked (default: the source).
    facts_of: Option<&'static str>,
    tags: Option<&'static [&'static str]>,
    headings: Option<&'static [(u8, &'static str)]>,
    blocks: Option<&'static [&'static str]>,
    /// Rules (this crate's names) that must not report anything on the source note.
    absent_rules: &'static [&'static str],
    /// Rules (this crate's names) that must report on the source note.
    reported_rules: &'static [&'static str],
    /// Build the vault on disk (`Vault::load`), for hidden folders and `.obsidian/` settings.
    disk: bool,
}

const fn case(id: &'static str, files: Files, source: &'static str, links: &'static [L]) -> Case {
    Case {
        id,
        files,
        source,
        links,
        facts_of: None,
        tags: None,
        headings: None,
        blocks: None,
        absent_rules: &[],
        reported_rules: &[],
        disk: false,
    }
}

/// The source is `Src.md` at the vault root unless a case says otherwise.
const fn src(id: &'static str, files: Files, links: &'static [L]) -> Case {
    case(id, files, "Src.md", links)
}

impl Case {
    const fn of(self, path: &'static str) -> Case {
        Case { facts_of: Some(path), ..self }
    }
    const fn tags(self, tags: &'static [&'static str]) -> Case {
        Case { tags: Some(tags), ..self }
    }
    const fn headings(self, headings: &'static [(u8, &'static str)]) -> Case {
        Case { headings: Some(headings), ..self }
    }
    const fn blocks(self, blocks: &'static [&'static str]) -> Case {
        Case { blocks: Some(blocks), ..self }
    }
    const fn without(self, rules: &'static [&'static str]) -> Case {
        Case { absent_rules: rules, ..self }
    }
    const fn with(self, rules: &'static [&'static str]) -> Case {
        Case { reported_rules: rules, ..self }
    }
    const fn on_disk(self) -> Case {
        Case { disk: true, ..self }
    }
}

// ---------------------------------------------------------------------------------------
// A. Wikilink parsing (§1)
// ---------------------------------------------------------------------------------------

static A: &[Case] = &[
    src("T-001", &[("notes/Note.md", ""), ("Src.md", "[[Note]]\n")], &[wiki("Note").no_alias().to("notes/Note.md")]),
    src(
        "T-002",
        &[("notes/Note.md", ""), ("Src.md", "[[note]] and [[NOTE]]\n")],
        &[wiki("note").to("notes/Note.md"), wiki("NOTE").to("notes/Note.md")],
    ),
    src(
        "T-003",
        &[("Note.md", ""), ("Src.md", "[[Note.md]] [[Note]] [[Note.MD]]\n")],
        &[wiki("Note.md").to("Note.md"), wiki("Note").to("Note.md"), wiki("Note.MD").to("Note.md")],
    ),
    src(
        "T-004",
        &[("Note.md", ""), ("Src.md", "[[Note|Custom name]]\n")],
        &[wiki("Note").shown("Custom name").to("Note.md")],
    ),
    src(
        "T-005",
        &[("labor aristocracy.md", ""), ("Src.md", "[[ labor aristocracy]]\n")],
        &[wiki("labor aristocracy").to("labor aristocracy.md").padded(true)],
    )
    .without(&["broken-link"]),
    src(
        "T-006",
        &[("Note.md", ""), ("Src.md", "[[ Note | Alias ]]\n")],
        &[wiki("Note").shown("Alias").to("Note.md").padded(true)],
    ),
    src(
        "T-007",
        &[("Note.md", "# Heading\n"), ("Src.md", "[[Note #Heading]]\n")],
        &[wiki("Note #Heading").unresolved().key("Note ")],
    ),
    src("T-008", &[("Src.md", "[[]]\n")], &[]),
    src("T-009", &[("Src.md", "[[ ]]\n")], &[wiki("").to("Src.md")]),
    src("T-010", &[("b.md", ""), ("Src.md", "[[a [[b]] c]]\n")], &[wiki("b").to("b.md")]),
    src("T-011", &[("A.md", ""), ("Src.md", "[[A|b|c]]\n")], &[wiki("A").shown("b|c").to("A.md")]),
    src("T-012", &[("x.md", ""), ("Src.md", "[[|x]]\n")], &[wiki("|x").no_alias().unresolved().key("|x")]),
    src("T-013", &[("Note.md", ""), ("Src.md", "[[Note|]]\n")], &[wiki("Note").shown("").to("Note.md")]),
    src("T-014", &[("Note.md", ""), ("Src.md", "[[Not\ne]]\n")], &[]),
    src("T-015", &[("Note.md", ""), ("Src.md", "\\[[Note]]\n")], &[]),
    src("T-016", &[("Note.md", ""), ("Src.md", "[[Note]]]\n")], &[wiki("Note").no_alias().to("Note.md")]),
    src(
        "T-017",
        &[("My Note.md", ""), ("Src.md", "[[My%20Note]]\n")],
        &[wiki("My%20Note").unresolved().key("My%20Note")],
    ),
    src("T-018", &[("My Note.md", ""), ("Src.md", "[[My\u{A0}Note]]\n")], &[wiki("My Note").to("My Note.md")]),
    src("T-019", &[("Caf\u{E9}.md", ""), ("Src.md", "[[Cafe\u{301}]]\n")], &[wiki("Caf\u{E9}").to("Caf\u{E9}.md")]),
    src("T-020", &[("Note.md", ""), ("Src.md", "[[Note\\|Alias]]\n")], &[wiki("Note").shown("Alias").to("Note.md")]),
    src(
        "T-021",
        &[
            ("Note.md", ""),
            ("img.png", ""),
            ("Src.md", "| Col | Col2 |\n| --- | --- |\n| [[Note\\|Alias]] | ![[img.png\\|200]] |\n"),
        ],
        &[wiki("Note").shown("Alias").to("Note.md"), embed("img.png").to("img.png")],
    ),
    src("T-022", &[("Note.md", ""), ("Src.md", "| Col | Col2 |\n| --- | --- |\n| [[Note|Alias]] |\n")], &[]),
    src("T-023", &[("img.png", ""), ("Src.md", "![[img.png|100]]\n")], &[embed("img.png").to("img.png")]),
    src("T-024", &[("img.png", ""), ("Src.md", "![[img.png|100x145]]\n")], &[embed("img.png").to("img.png")]),
    src("T-025", &[("img.png", ""), ("Src.md", "![[img.png|A photo|300]]\n")], &[embed("img.png").to("img.png")]),
    src("T-026", &[("Src.md", "[[Note#H1#H2]]\n")], &[wiki("Note#H1#H2").no_alias()]),
    src(
        "T-027",
        &[("Note.md", "## Details\n"), ("Src.md", "[[Note#Details|Section name]]\n")],
        &[wiki("Note#Details").shown("Section name").to("Note.md").found()],
    ),
    src(
        "T-028",
        &[("Note.md", "text ^abc\n"), ("Src.md", "[[Note^abc]] [[Note#^abc]]\n")],
        &[wiki("Note^abc").unresolved().key("Note^abc"), wiki("Note#^abc").to("Note.md").found()],
    ),
    src(
        "T-171",
        &[("Src.md", "[[https://example.com]]\n")],
        &[wiki("https://example.com").unresolved().key("https://example.com")],
    ),
    src("T-172", &[("Src.md", "[[Sq]uare]]\n")], &[wiki("Sq]uare")]),
    src(
        "T-173",
        &[("Src.md", "[[|]] and [[|alias]]\n")],
        &[wiki("|").unresolved().key("|"), wiki("|alias").unresolved().key("|alias")],
    ),
];

// ---------------------------------------------------------------------------------------
// B. Indexed or not (§1.7, §7)
// ---------------------------------------------------------------------------------------

static B: &[Case] = &[
    src("T-029", &[("Note.md", ""), ("Src.md", "Use `[[Note]]` here\n")], &[]),
    src("T-030", &[("Note.md", ""), ("Src.md", "```\n[[Note]] #tag\n```\n")], &[]).tags(&[]),
    src("T-031", &[("Note.md", ""), ("Src.md", "Intro\n\n    [[Note]]\n")], &[]),
    src(
        "T-032",
        &[("Note.md", ""), ("pic.png", ""), ("Src.md", "```ad-note\ntitle: See\n- [[Note]]\n![[pic.png]]\n```\n")],
        &[wiki("Note").hidden(), embed("pic.png").hidden()],
    ),
    src("T-033", &[("Note.md", ""), ("Src.md", "> [!info] Title\n> see [[Note]]\n")], &[wiki("Note").to("Note.md")]),
    src("T-034", &[("Note.md", ""), ("Src.md", "%% [[Note]] %%\n")], &[wiki("Note").to("Note.md")]),
    src("T-035", &[("Note.md", ""), ("Src.md", "%%\n[[Note]] #secret\n%%\n")], &[wiki("Note").to("Note.md")])
        .tags(&["#secret"]),
    src("T-036", &[("Note.md", ""), ("Src.md", "<!-- [[Note]] -->\n\nText <!-- [[Note]] --> more\n")], &[]),
    src("T-037", &[("Note.md", ""), ("Src.md", "$[[Note]]$\n\n$$\n[[Note]]\n$$\n")], &[]),
    src("T-038 (HTML block)", &[("Note.md", ""), ("Src.md", "<div>[[Note]]</div>\n")], &[]),
    src(
        "T-038 (inline HTML)",
        &[("Note.md", ""), ("Src.md", "Text <span>[[Note]]</span>\n")],
        &[wiki("Note").to("Note.md")],
    ),
    src("T-039", &[("A.md", ""), ("Src.md", "```mermaid\ngraph TD\n  A --> B\n  class A internal-link;\n```\n")], &[]),
    src("T-040", &[("Other.md", ""), ("Src.md", "## See [[Other]]\n")], &[wiki("Other").to("Other.md")])
        .headings(&[(2, "See [[Other]]")]),
    src("T-041", &[("Note.md", ""), ("Src.md", "Text[^1]\n\n[^1]: see [[Note]]\n")], &[wiki("Note").to("Note.md")]),
    src("T-042", &[("Note.md", ""), ("Src.md", "==see [[Note]]==\n")], &[wiki("Note").to("Note.md")]),
];

// ---------------------------------------------------------------------------------------
// C. Markdown links (§2)
// ---------------------------------------------------------------------------------------

static C: &[Case] = &[
    // T-043's display text `t` is asserted in `t043_markdown_display_text`.
    src("T-043", &[("Note.md", ""), ("Src.md", "[t](Note.md)\n")], &[md("Note.md").to("Note.md")]),
    src("T-044", &[("Note.md", ""), ("Src.md", "[t](Note)\n")], &[md("Note").to("Note.md")]),
    src(
        "T-045",
        &[("Three laws of motion.md", ""), ("Src.md", "[t](Three%20laws%20of%20motion.md)\n")],
        &[md("Three laws of motion.md").to("Three laws of motion.md")],
    ),
    src(
        "T-046",
        &[("Three laws of motion.md", ""), ("Src.md", "[t](<Three laws of motion.md>)\n")],
        &[md("Three laws of motion.md").to("Three laws of motion.md")],
    ),
    src("T-047", &[("Three laws of motion.md", ""), ("Src.md", "[t](Three laws of motion.md)\n")], &[]),
    src("T-048", &[("Note.md", ""), ("Src.md", "[t](https://example.com/Note.md)\n")], &[]),
    src("T-049", &[("Note.md", ""), ("Src.md", "[t](obsidian://open?vault=V&file=Note.md)\n")], &[]),
    src("T-050", &[("Src.md", "## Heading Two\n\n[t](#Heading%20Two)\n")], &[md("#Heading Two").to("Src.md").found()]),
    src(
        "T-051",
        &[("Note.md", "## Heading Two\n"), ("Src.md", "[t](Note.md#Heading%20Two)\n")],
        &[md("Note.md#Heading Two").to("Note.md").found()],
    ),
    case(
        "T-052",
        &[("a/Note.md", ""), ("b/Src.md", "[t](../a/Note.md)\n")],
        "b/Src.md",
        &[md("../a/Note.md").to("a/Note.md")],
    ),
    src(
        "T-053",
        &[("x/a/Note.md", ""), ("Src.md", "[t](/a/Note.md) [t](/x/a/Note.md)\n")],
        &[md("/a/Note.md").unresolved(), md("/x/a/Note.md").to("x/a/Note.md")],
    ),
    src(
        "T-054",
        &[("pics/cat.png", ""), ("Src.md", "![alt](pics/cat.png)\n\n![x](https://e.com/c.png)\n")],
        &[img("pics/cat.png").to("pics/cat.png")],
    ),
    src("T-055", &[("Src.md", "[t](Bad%ZZ.md)\n")], &[]),
    src("T-056", &[("Note.md", ""), ("Src.md", "[t][r]\n\n[r]: Note.md\n")], &[]),
    src("T-057", &[("Src.md", "[t](www.example.com)\n")], &[md("www.example.com").unresolved().key("www.example.com")]),
];

// ---------------------------------------------------------------------------------------
// D. Resolution (§3.1–§3.5)
// ---------------------------------------------------------------------------------------

static D: &[Case] = &[
    case(
        "T-058",
        &[("Note.md", ""), ("a/Note.md", ""), ("a/Src.md", "[[Note]]\n")],
        "a/Src.md",
        &[wiki("Note").to("Note.md").ambiguous(false)],
    ),
    case(
        "T-059 (from a/)",
        &[("a/Note.md", ""), ("b/Note.md", ""), ("a/Src.md", "[[Note]]\n"), ("b/Src.md", "[[Note]]\n")],
        "a/Src.md",
        &[wiki("Note").to("a/Note.md").ambiguous(true)],
    ),
    case(
        "T-059 (from b/)",
        &[("a/Note.md", ""), ("b/Note.md", ""), ("a/Src.md", "[[Note]]\n"), ("b/Src.md", "[[Note]]\n")],
        "b/Src.md",
        &[wiki("Note").to("b/Note.md").ambiguous(true)],
    ),
    src(
        "T-060",
        &[("aa/Note.md", ""), ("b/Note.md", ""), ("Src.md", "[[Note]]\n")],
        &[wiki("Note").to("b/Note.md").ambiguous(true)],
    ),
    case(
        "T-061",
        &[("ab/Note.md", ""), ("c/Note.md", ""), ("a/Src.md", "[[Note]]\n")],
        "a/Src.md",
        &[wiki("Note").to("ab/Note.md").ambiguous(true)],
    ),
    case(
        "T-062",
        &[("a/sub/Note.md", ""), ("b/Note.md", ""), ("a/Src.md", "[[Note]]\n")],
        "a/Src.md",
        &[wiki("Note").to("a/sub/Note.md").ambiguous(true)],
    ),
    case(
        "T-063 (from Sync)",
        &[
            ("Obsidian Sync/Security and privacy.md", ""),
            ("Obsidian Publish/Security and privacy.md", ""),
            ("Obsidian Sync/Headless Sync.md", "[[Security and privacy]]\n"),
            ("Obsidian Publish/Introduction to Obsidian Publish.md", "[[Security and privacy]]\n"),
        ],
        "Obsidian Sync/Headless Sync.md",
        &[wiki("Security and privacy").to("Obsidian Sync/Security and privacy.md").ambiguous(true)],
    ),
    case(
        "T-063 (from Publish)",
        &[
            ("Obsidian Sync/Security and privacy.md", ""),
            ("Obsidian Publish/Security and privacy.md", ""),
            ("Obsidian Sync/Headless Sync.md", "[[Security and privacy]]\n"),
            ("Obsidian Publish/Introduction to Obsidian Publish.md", "[[Security and privacy]]\n"),
        ],
        "Obsidian Publish/Introduction to Obsidian Publish.md",
        &[wiki("Security and privacy").to("Obsidian Publish/Security and privacy.md").ambiguous(true)],
    ),
    src(
        "T-064",
        &[("a/Note.md", ""), ("b/Note.md", ""), ("Src.md", "[[b/Note]]\n")],
        &[wiki("b/Note").to("b/Note.md").ambiguous(false)],
    ),
    src("T-065", &[("deep/x/Note.md", ""), ("Src.md", "[[x/Note]]\n")], &[wiki("x/Note").to("deep/x/Note.md")]),
    src("T-066", &[("folder/Note.md", ""), ("Src.md", "[[older/Note]]\n")], &[wiki("older/Note").to("folder/Note.md")]),
    src("T-067", &[("right/Note.md", ""), ("Src.md", "[[wrong/Note]]\n")], &[wiki("wrong/Note").unresolved()]),
    src(
        "T-068",
        &[("deep/x/Note.md", ""), ("Src.md", "[[/x/Note]] [[/deep/x/Note]]\n")],
        &[wiki("/x/Note").unresolved(), wiki("/deep/x/Note").to("deep/x/Note.md")],
    ),
    case(
        "T-069",
        &[("Note.md", ""), ("a/Note.md", ""), ("a/b/Src.md", "[[../Note]]\n")],
        "a/b/Src.md",
        &[wiki("../Note").to("a/Note.md").ambiguous(false)],
    ),
    case("T-070", &[("b/Note.md", ""), ("a/Src.md", "[[./Note]]\n")], "a/Src.md", &[wiki("./Note").unresolved()]),
    src("T-071", &[("x/Note.md", ""), ("Src.md", "[[../../Note]]\n")], &[wiki("../../Note").to("x/Note.md")]),
    src(
        "T-072 (.canvas)",
        &[("Diagram.canvas", "{}"), ("Src.md", "[[Diagram]] [[Diagram.canvas]]\n")],
        &[wiki("Diagram").unresolved().key("Diagram"), wiki("Diagram.canvas").to("Diagram.canvas")],
    ),
    src(
        "T-072 (.png)",
        &[("Figure.png", ""), ("Src.md", "[[Figure]] [[Figure.png]]\n")],
        &[wiki("Figure").unresolved(), wiki("Figure.png").to("Figure.png")],
    ),
    src(
        "T-072 (.pdf)",
        &[("Document.pdf", ""), ("Src.md", "[[Document]] [[Document.pdf]]\n")],
        &[wiki("Document").unresolved(), wiki("Document.pdf").to("Document.pdf")],
    ),
    src(
        "T-072 (.base)",
        &[("Tasks.base", ""), ("Src.md", "[[Tasks]] [[Tasks.base]]\n")],
        &[wiki("Tasks").unresolved(), wiki("Tasks.base").to("Tasks.base")],
    ),
    src("T-073", &[("paper.pdf", ""), ("Src.md", "[[Paper.PDF]]\n")], &[wiki("Paper.PDF").to("paper.pdf")]),
    src(
        "T-074",
        &[("journal/2024.01.15.md", ""), ("Src.md", "[[2024.01.15]]\n")],
        &[wiki("2024.01.15").to("journal/2024.01.15.md")],
    ),
    src(
        "T-075",
        &[("Report.pdf", ""), ("Report.pdf.md", ""), ("Src.md", "[[Report.pdf]]\n")],
        &[wiki("Report.pdf").to("Report.pdf")],
    ),
    src(
        "T-076",
        &[("Artificial Intelligence.md", "---\naliases: [AI]\n---\n"), ("Src.md", "[[AI]]\n")],
        &[wiki("AI").unresolved().key("AI")],
    ),
    src(
        "T-077",
        &[("Src.md", "## Setup\n\n[[#Setup]] [[#Nope]]\n")],
        &[wiki("#Setup").to("Src.md").found(), wiki("#Nope").to("Src.md").no_heading()],
    ),
    src("T-078", &[(".archive/Note.md", ""), ("Src.md", "[[Note]]\n")], &[wiki("Note").unresolved()]).on_disk(),
    src(
        "T-079",
        &[
            (".obsidian/app.json", "{\"userIgnoreFilters\": [\"Archive/\"]}"),
            ("Archive/Note.md", ""),
            ("Src.md", "[[Note]]\n"),
        ],
        &[wiki("Note").to("Archive/Note.md")],
    )
    .without(&["broken-link"])
    .on_disk(),
    src("T-080", &[("Projects/a.md", ""), ("Src.md", "[[Projects]]\n")], &[wiki("Projects").unresolved()]),
    src(
        "T-081",
        &[("Src.md", "[[Missing.md]] [[Missing]] [[missing]] [[Missing.png]]\n")],
        &[
            wiki("Missing.md").unresolved().key("Missing"),
            wiki("Missing").unresolved().key("Missing"),
            wiki("missing").unresolved().key("missing"),
            wiki("Missing.png").unresolved().key("Missing.png"),
        ],
    ),
    src("T-082", &[("Note.md", "## Y\n"), ("Src.md", "[[Note#X]]\n")], &[wiki("Note#X").to("Note.md").no_heading()])
        .without(&["broken-link"]),
    src(
        "T-083",
        &[("Note.md", ""), ("note.md", ""), ("Src.md", "[[Note]]\n")],
        // The `ambiguous-link` expectation is in `t083_case_only_duplicates_are_ambiguous`.
        &[wiki("Note").one_of(&["Note.md", "note.md"])],
    ),
    src(
        "T-084",
        &[("Note.md", ""), ("Src.md", "---\nup: \"[[Note]]\"\n---\nBody\n")],
        &[front("up", "Note").to("Note.md")],
    ),
    case(
        "T-169",
        &[("Templates/Daily.md", "[[{{date:YYYY-MM-DD}}]]\n")],
        "Templates/Daily.md",
        &[wiki("{{date:YYYY-MM-DD}}").unresolved()],
    ),
    case(
        "T-169 (templates folder)",
        &[
            (".obsidian/templates.json", "{\"folder\":\"Templates\"}"),
            ("Templates/Daily.md", "[[{{date:YYYY-MM-DD}}]]\n"),
        ],
        "Templates/Daily.md",
        &[wiki("{{date:YYYY-MM-DD}}").unresolved()],
    )
    .without(&["broken-link"])
    .on_disk(),
    case(
        "T-176 (exact path)",
        &[
            ("Note.md", ""),
            ("b/Note.md", ""),
            ("a/b/Note.md", ""),
            ("zzzz/Note.md", ""),
            ("zzzz/deep/S.md", "[[Note]]\n"),
        ],
        "zzzz/deep/S.md",
        &[wiki("Note").to("Note.md").ambiguous(false)],
    ),
    case(
        "T-176 (shortest path)",
        &[("b/Note.md", ""), ("a/b/Note.md", ""), ("zzzz/Note.md", ""), ("zzzz/deep/S.md", "[[Note]]\n")],
        "zzzz/deep/S.md",
        &[wiki("Note").to("b/Note.md").ambiguous(true)],
    ),
    case(
        "T-176 (own folder)",
        &[("b/Note.md", ""), ("a/b/Note.md", ""), ("zzzz/Note.md", ""), ("zzzz/S.md", "[[Note]]\n")],
        "zzzz/S.md",
        &[wiki("Note").to("zzzz/Note.md").ambiguous(true)],
    ),
];

// ---------------------------------------------------------------------------------------
// E. Heading subpaths (§3.6, §7)
// ---------------------------------------------------------------------------------------

static E: &[Case] = &[
    src(
        "T-085",
        &[("Note.md", "## Heading One\n"), ("Src.md", "[[Note#heading one]]\n")],
        &[wiki("Note#heading one").to("Note.md").found()],
    ),
    src(
        "T-086",
        &[("Note.md", "## Q&A: Part 1\n"), ("Src.md", "[[Note#Q&A Part 1]] [[Note#Q A Part 1]]\n")],
        &[wiki("Note#Q&A Part 1").to("Note.md").found(), wiki("Note#Q A Part 1").to("Note.md").found()],
    ),
    src(
        "T-087",
        &[("Note.md", "## Don't panic\n"), ("Src.md", "[[Note#Dont panic]]\n")],
        &[wiki("Note#Dont panic").to("Note.md").no_heading()],
    ),
    src(
        "T-088",
        &[("Note.md", "## Heading One\n"), ("Src.md", "[[Note#Heading%20One]]\n")],
        &[wiki("Note#Heading%20One").to("Note.md").no_heading()],
    ),
    src(
        "T-089",
        &[
            ("Help and support.md", "# Help\n\n## Questions and advice\n\n### Report bugs and request features\n"),
            ("Src.md", "[[Help and support#Questions and advice#Report bugs and request features]]\n"),
        ],
        &[wiki("Help and support#Questions and advice#Report bugs and request features")
            .to("Help and support.md")
            .found()],
    ),
    src(
        "T-090",
        &[("Note.md", "# A\n\n# B\n\n## C\n"), ("Src.md", "[[Note#A#C]]\n")],
        &[wiki("Note#A#C").to("Note.md").found()],
    ),
    src(
        "T-091",
        &[("Note.md", "# A\n\n# B\n"), ("Src.md", "[[Note#A#B]]\n")],
        &[wiki("Note#A#B").to("Note.md").no_heading()],
    ),
    src(
        "T-092",
        &[("Note.md", "> [!note]\n> ## Inside\n\n- ## In list\n"), ("Src.md", "[[Note#Inside]] [[Note#In list]]\n")],
        &[wiki("Note#Inside").to("Note.md").no_heading(), wiki("Note#In list").to("Note.md").no_heading()],
    ),
    src(
        "T-093",
        &[("Note.md", "## Setup\n\none\n\n## Setup\n\ntwo\n"), ("Src.md", "[[Note#Setup]]\n")],
        &[wiki("Note#Setup").to("Note.md").found()],
    ),
    src(
        "T-094",
        &[("Note.md", "Intro\n\nTitle\n---\n"), ("Src.md", "[[Note#Title]]\n")],
        &[wiki("Note#Title").to("Note.md").found()],
    )
    .of("Note.md")
    .headings(&[(2, "Title")]),
    src("T-095", &[("Note.md", ""), ("Src.md", "[[Note#]]\n")], &[wiki("Note#").to("Note.md").not_checked()]),
    src(
        "T-096",
        &[("Other.md", ""), ("Src.md", "## See [[Other]]\n\n[[#See Other]]\n")],
        &[wiki("Other").to("Other.md"), wiki("#See Other").to("Src.md").found()],
    ),
    src(
        "T-097",
        &[
            ("Document.pdf", ""),
            ("Engelbart.jpg", ""),
            ("Src.md", "![[Document.pdf#page=3]]\n![[Document.pdf#height=400]]\n![[Engelbart.jpg#outline|100]]\n"),
        ],
        &[
            embed("Document.pdf#page=3").to("Document.pdf").not_checked(),
            embed("Document.pdf#height=400").to("Document.pdf").not_checked(),
            embed("Engelbart.jpg#outline").to("Engelbart.jpg").not_checked(),
        ],
    )
    .without(&["broken-heading", "broken-link"]),
];

// ---------------------------------------------------------------------------------------
// F. Block ids (§3.7)
// ---------------------------------------------------------------------------------------

static F: &[Case] = &[
    src(
        "T-098",
        &[("Note.md", "Some text ^abc-123\n"), ("Src.md", "[[Note#^abc-123]] ![[Note#^abc-123]]\n")],
        &[wiki("Note#^abc-123").to("Note.md").found(), embed("Note#^abc-123").to("Note.md").found()],
    )
    .of("Note.md")
    .blocks(&["abc-123"]),
    src(
        "T-099",
        &[("Note.md", "Some text ^abc_123\n"), ("Src.md", "[[Note#^abc_123]]\n")],
        &[wiki("Note#^abc_123").to("Note.md").no_block()],
    )
    .of("Note.md")
    .blocks(&[]),
    src(
        "T-100",
        &[("Note.md", "Some text^abc\n"), ("Src.md", "[[Note#^abc]]\n")],
        &[wiki("Note#^abc").to("Note.md").no_block()],
    )
    .of("Note.md")
    .blocks(&[]),
    src(
        "T-101",
        &[("Note.md", "Some ^abc more text\n"), ("Src.md", "[[Note#^abc]]\n")],
        &[wiki("Note#^abc").to("Note.md").no_block()],
    )
    .of("Note.md")
    .blocks(&[]),
    src(
        "T-102",
        &[("Note.md", "Text ^ABC\n"), ("Src.md", "[[Note#^abc]]\n")],
        &[wiki("Note#^abc").to("Note.md").found()],
    ),
    src(
        "T-103",
        &[("Note.md", "- item one ^first\n- item two\n"), ("Src.md", "[[Note#^first]]\n")],
        &[wiki("Note#^first").to("Note.md").found()],
    )
    .of("Note.md")
    .blocks(&["first"]),
    src(
        "T-104",
        &[("Note.md", "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n^tbl\n\nAfter\n"), ("Src.md", "[[Note#^tbl]]\n")],
        &[wiki("Note#^tbl").to("Note.md").found()],
    )
    .of("Note.md")
    .blocks(&["tbl"]),
    case(
        "T-105",
        &[
            (
                "en/Linking notes and files/Internal links.md",
                "Intro\n\n> [!tip] Link text\n> Change the text of a link.\n^callout-internal-links-link-text\n\nMore text\n",
            ),
            ("en/Linking notes and files/Aliases.md", "![[Internal links#^callout-internal-links-link-text]]\n"),
        ],
        "en/Linking notes and files/Aliases.md",
        &[embed("Internal links#^callout-internal-links-link-text")
            .to("en/Linking notes and files/Internal links.md")
            .found()],
    ),
    src(
        "T-106",
        &[("Note.md", "> quoted text ^q1\n"), ("Src.md", "[[Note#^q1]]\n")],
        &[wiki("Note#^q1").to("Note.md").found()],
    ),
    src(
        "T-107",
        &[("Note.md", "First ^dup\n\nSecond ^dup\n"), ("Src.md", "[[Note#^dup]]\n")],
        &[wiki("Note#^dup").to("Note.md").found()],
    )
    .of("Note.md")
    .blocks(&["dup", "dup"]),
];

// ---------------------------------------------------------------------------------------
// I. Frontmatter (§6.1, §6.2): what it does to the links and headings of a note. The
// properties themselves are checked in `metadata.rs`.
// ---------------------------------------------------------------------------------------

static I: &[Case] = &[
    src("T-124", &[("Src.md", "\n---\ntitle: x\n---\n")], &[])
        .headings(&[(2, "title: x")])
        .with(&["misplaced-frontmatter"]),
    src("T-127", &[("Src.md", "--- \na: 1\n---\n")], &[]).headings(&[(2, "a: 1")]).with(&["misplaced-frontmatter"]),
    src("T-129", &[("X.md", ""), ("Src.md", "---\ntitle: x\n\nSee [[X]].\n\n---\nMore\n")], &[])
        .with(&["invalid-frontmatter"]),
    src("T-130", &[("Y.md", ""), ("Src.md", "---\ntags: [a, b\naliases: [X]\n---\n[[Y]]\n")], &[wiki("Y").to("Y.md")])
        .tags(&[])
        .with(&["invalid-frontmatter"]),
    src(
        "T-132",
        &[("Episode IV.md", ""), ("Src.md", "---\nlink: \"[[Episode IV]]\"\n---\n")],
        &[front("link", "Episode IV").to("Episode IV.md")],
    ),
    src("T-133", &[("Episode IV.md", ""), ("Src.md", "---\nlink: [[Episode IV]]\n---\n")], &[])
        .with(&["unquoted-link-property"]),
    src(
        "T-134",
        &[
            ("A.md", ""),
            ("B.md", ""),
            ("C.md", ""),
            ("Src.md", "---\nrelated:\n  - \"[[A]]\"\n  - \"[[B|b]]\"\nmeta:\n  parent: \"[[C]]\"\n---\n"),
        ],
        &[
            front("related.0", "A").to("A.md"),
            front("related.1", "B").shown("b").to("B.md"),
            front("meta.parent", "C").to("C.md"),
        ],
    ),
    src("T-135", &[("X.md", ""), ("Src.md", "---\nnote: \"see [[X]]\"\n---\n")], &[]),
    src("T-137", &[("X.md", ""), ("Src.md", "---\n---\nBody [[X]] #t\n")], &[wiki("X").to("X.md")])
        .tags(&["#t"])
        .without(&["invalid-frontmatter", "unclosed-frontmatter", "misplaced-frontmatter"]),
];

// ---------------------------------------------------------------------------------------
// J. Tags in the text (§6.5); tags in properties are checked in `metadata.rs`
// ---------------------------------------------------------------------------------------

static J: &[Case] = &[
    src("T-141", &[("Src.md", "Meeting #meeting today\n")], &[]).tags(&["#meeting"]),
    src("T-142", &[("Src.md", "#1984\n\n#y1984 #1984y\n")], &[]).tags(&["#y1984", "#1984y"]),
    src("T-143", &[("Src.md", "#2024/01\n")], &[]).tags(&["#2024/01"]),
    // §6.5: since 1.5.0 a trailing `/` is not part of the tag.
    src("T-143 trailing slash", &[("Src.md", "#inbox/ and #a/b/ here\n")], &[]).tags(&["#inbox", "#a/b"]),
    src("T-144", &[("Src.md", "word#tag (#tag) https://x.com/#frag\n")], &[]).tags(&[]),
    src("T-145", &[("Src.md", "#tag.\n\n#tag, next\n\n#don\u{2019}t\n\n#a:b\n")], &[])
        .tags(&["#tag", "#tag", "#don", "#a"]),
    src("T-146", &[("Src.md", "#kebab-case #snake_case #\u{6807}\u{7B7E} #caf\u{E9} #\u{1F389}\n")], &[]).tags(&[
        "#kebab-case",
        "#snake_case",
        "#\u{6807}\u{7B7E}",
        "#caf\u{E9}",
        "#\u{1F389}",
    ]),
    src("T-147", &[("Src.md", "# Heading\n\n#heading\n\n##tag\n")], &[])
        .headings(&[(1, "Heading")])
        .tags(&["#heading"]),
    src("T-148", &[("Src.md", "`#tag`\n")], &[]).tags(&[]),
    // The identity (one tag, count 2) is Obsidian's lower-cased aggregation; the cache keeps both.
    src("T-149", &[("Src.md", "#Tag and #TAG\n")], &[]).tags(&["#Tag", "#TAG"]),
];

// ---------------------------------------------------------------------------------------
// L. Comments, breaks (§7)
// ---------------------------------------------------------------------------------------

static COMMENTS: &[Case] = &[
    src(
        "T-158",
        &[("A.md", ""), ("B.md", ""), ("Src.md", "Before [[A]]\n%%\nhidden [[B]]\n")],
        &[wiki("A").to("A.md"), wiki("B").to("B.md")],
    ),
    src("T-163 (blank line)", &[("Src.md", "Para\n\n---\n")], &[]).headings(&[]),
    src("T-163 (setext)", &[("Src.md", "Para\n---\n")], &[]).headings(&[(2, "Para")]),
    src("T-164", &[("Src.md", "line one\nline two\n---\n")], &[]).headings(&[(2, "line two")]),
];

// ---------------------------------------------------------------------------------------
// M. Configuration (§4), as far as it changes what a link finds
// ---------------------------------------------------------------------------------------

static M: &[Case] = &[
    // The config folder itself is hidden like any dot folder; reading settings from it is not
    // covered (see the header).
    src(
        "T-170",
        &[(".obsidian-work/app.json", "{}"), (".obsidian-work/Note.md", ""), ("Src.md", "[[Note]]\n")],
        &[wiki("Note").unresolved()],
    )
    .on_disk(),
];

// ---------------------------------------------------------------------------------------
// Canvas (§7, observed in the app: T-174, T-175)
// ---------------------------------------------------------------------------------------

const CANVAS_TEXT: &str =
    r#"{"nodes":[{"id":"t1","type":"text","text":"see [[Note]]","x":0,"y":0,"width":250,"height":60}],"edges":[]}"#;
const CANVAS_FILES: &str = r#"{"nodes":[
  {"id":"f1","type":"file","file":"Gone.md","x":0,"y":0,"width":400,"height":400},
  {"id":"f2","type":"file","file":"a/b.png","x":500,"y":0,"width":400,"height":400}
],"edges":[]}"#;

static CANVAS: &[Case] = &[
    case(
        "T-174 (present)",
        &[("Note.md", ""), ("x.canvas", CANVAS_TEXT)],
        "x.canvas",
        &[card(false, "Note").to("Note.md")],
    )
    .without(&["broken-link"]),
    case("T-174 (absent)", &[("x.canvas", CANVAS_TEXT)], "x.canvas", &[card(false, "Note").unresolved()])
        .with(&["broken-link"]),
    case(
        "T-175",
        &[("a/b.png", ""), ("x.canvas", CANVAS_FILES)],
        "x.canvas",
        &[card(true, "Gone.md").unresolved(), card(true, "a/b.png").to("a/b.png")],
    )
    .with(&["broken-link"]),
];

// ---------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------

fn kind_matches(want: Kind, got: &LinkKind) -> bool {
    match (want, got) {
        (Kind::Wiki, LinkKind::Wikilink)
        | (Kind::Embed, LinkKind::Embed)
        | (Kind::Md, LinkKind::Markdown)
        | (Kind::MdImage, LinkKind::MarkdownImage) => true,
        (Kind::Front(k), LinkKind::Frontmatter { key }) => k == key,
        (Kind::Canvas(f), LinkKind::Canvas { file }) => f == *file,
        _ => false,
    }
}

/// Builds the case's vault (in memory, or on disk for `disk` cases) and hands it to `f`.
fn with_vault<T>(c: &Case, f: impl FnOnce(&Vault, &Path) -> T) -> T {
    with_files(c.files, c.disk, f)
}

fn with_files<T>(files: &[(&str, &str)], disk: bool, f: impl FnOnce(&Vault, &Path) -> T) -> T {
    if disk {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let abs = dir.path().join(path);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(&abs, text).unwrap();
        }
        let vault = Vault::load(dir.path());
        f(&vault, dir.path())
    } else {
        let root = Path::new("/nonexistent-wikilint-spec-cases-vault");
        let vault = Vault::from_texts(root, files);
        f(&vault, root)
    }
}

/// Checks one case; returns what differs from the spec, each line naming the case.
fn check(c: &Case) -> Vec<String> {
    with_vault(c, |vault, root| {
        let mut errs = Vec::new();
        let mut err = |m: String| errs.push(format!("{}: {m}", c.id));
        let index = VaultIndex::build(vault);
        let path_of = |id: usize| vault.files[id].path.as_str();
        let Some(src) = vault.files.iter().position(|f| f.path == c.source) else {
            err(format!("source {} is not in the vault", c.source));
            return errs;
        };
        let note = vault.note(src).expect("the source is a note");
        let targets = &index.targets[src];
        let describe = |i: usize| {
            let (l, t) = (&note.links[i], &targets[i]);
            format!(
                "{:?} {:?} display={:?} -> {} sub={:?} candidates={} hidden={}",
                l.kind,
                l.target,
                l.display,
                t.resolution.file.map_or("unresolved", path_of),
                t.subpath,
                t.resolution.candidates.len(),
                l.hidden
            )
        };
        if note.links.len() != c.links.len() {
            let got: Vec<String> = (0..note.links.len()).map(describe).collect();
            let want: Vec<String> = c.links.iter().map(|l| format!("{:?} {:?}", l.kind, l.target)).collect();
            err(format!("expected {} link(s) {want:?}, got {}: {got:#?}", c.links.len(), note.links.len()));
        } else {
            for (i, want) in c.links.iter().enumerate() {
                let (got, t) = (&note.links[i], &targets[i]);
                let n = i + 1;
                let mut bad = |what: &str| err(format!("link {n}: {what}; got {}", describe(i)));
                if !kind_matches(want.kind, &got.kind) {
                    bad(&format!("kind should be {:?}", want.kind));
                }
                if got.target != want.target {
                    bad(&format!("target should be {:?}", want.target));
                }
                match want.display {
                    Disp::Unchecked => {}
                    Disp::NoAlias if got.display.is_some() => bad("should have no display text"),
                    Disp::Is(d) if got.display.as_deref() != Some(d) => bad(&format!("display text should be {d:?}")),
                    _ => {}
                }
                let file = t.resolution.file.map(path_of);
                match want.res {
                    Res::Unchecked => {}
                    Res::To(p) if file != Some(p) => bad(&format!("should resolve to {p}")),
                    Res::OneOf(ps) if !file.is_some_and(|f| ps.contains(&f)) => {
                        bad(&format!("should resolve to one of {ps:?}"))
                    }
                    Res::Unresolved if file.is_some() => bad("should be unresolved"),
                    _ => {}
                }
                if let Some(s) = want.sub
                    && t.subpath != s
                {
                    bad(&format!("subpath status should be {s:?}"));
                }
                if let Some(a) = want.ambiguous
                    && t.resolution.is_ambiguous() != a
                {
                    let not = if a { "" } else { "not " };
                    bad(&format!("should {not}be ambiguous"));
                }
                if let Some(p) = want.padded
                    && got.padded != p
                {
                    bad(&format!("padded should be {p}"));
                }
                if got.hidden != want.hidden {
                    bad(&format!("hidden should be {}", want.hidden));
                }
                if let Some(k) = want.key {
                    let key = wikilint::index::unresolved_key(got.linkpath());
                    if key != k {
                        bad(&format!("unresolved key should be {k:?}, is {key:?}"));
                    }
                }
            }
        }

        let facts_path = c.facts_of.unwrap_or(c.source);
        let facts = vault.files.iter().position(|f| f.path == facts_path).and_then(|id| vault.note(id));
        if c.tags.is_some() || c.headings.is_some() || c.blocks.is_some() {
            match facts {
                None => err(format!("{facts_path} is not a note of the vault")),
                Some(n) => {
                    if let Some(want) = c.tags {
                        let got: Vec<&str> = n.tags.iter().map(|t| t.name.as_str()).collect();
                        if got != want {
                            err(format!("tags of {facts_path} should be {want:?}, got {got:?}"));
                        }
                    }
                    if let Some(want) = c.headings {
                        let got: Vec<(u8, &str)> = n.headings.iter().map(|h| (h.level, h.text.as_str())).collect();
                        if got != want {
                            err(format!("headings of {facts_path} should be {want:?}, got {got:?}"));
                        }
                    }
                    if let Some(want) = c.blocks {
                        let got: Vec<&str> = n.block_ids.iter().map(|b| b.id.as_str()).collect();
                        if got != want {
                            err(format!("block ids of {facts_path} should be {want:?}, got {got:?}"));
                        }
                    }
                }
            }
        }

        if !c.absent_rules.is_empty() || !c.reported_rules.is_empty() {
            let config = Config::load(root, &Default::default(), wikilint::rules::catalog()).expect("config loads");
            let diags: Vec<_> = wikilint::rules::check(vault, &index, &config)
                .diagnostics
                .into_iter()
                .filter(|d| d.path == c.source)
                .collect();
            for d in &diags {
                if c.absent_rules.contains(&d.name) {
                    err(format!(
                        "{} must not be reported, got {}:{}: {}",
                        d.name, d.loc.start.line, d.loc.start.col, d.message
                    ));
                }
            }
            for rule in c.reported_rules {
                if !diags.iter().any(|d| d.name == *rule) {
                    let got: Vec<&str> = diags.iter().map(|d| d.name).collect();
                    err(format!("{rule} should be reported on {}, got {got:?}", c.source));
                }
            }
        }
        errs
    })
}

fn run(section: &str, cases: &[Case]) {
    let errs: Vec<String> = cases.iter().flat_map(check).collect();
    assert!(errs.is_empty(), "section {section}: {} problem(s):\n{}", errs.len(), errs.join("\n"));
}

#[test]
fn a_wikilink_parsing() {
    run("A", A);
}

#[test]
fn b_indexed_or_not() {
    run("B", B);
}

#[test]
fn c_markdown_links() {
    run("C", C);
}

#[test]
fn d_resolution() {
    run("D", D);
}

#[test]
fn e_heading_subpaths() {
    run("E", E);
}

#[test]
fn f_block_ids() {
    run("F", F);
}

#[test]
fn i_frontmatter() {
    run("I", I);
}

#[test]
fn j_tags() {
    run("J", J);
}

#[test]
fn l_comments_and_breaks() {
    run("L", COMMENTS);
}

#[test]
fn m_configuration() {
    run("M", M);
}

#[test]
fn canvas() {
    run("canvas", CANVAS);
}

/// Cases skipped as a whole (inclusive ranges), as listed at the top of this file.
const SKIPPED: &[(u16, u16)] = &[(159, 162), (168, 168)];

/// The case ids of the tests of `metadata.rs`, read from their names (`fn t108_…`).
fn metadata_case_ids() -> Vec<String> {
    include_str!("spec_cases/metadata.rs")
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("fn t"))
        .filter_map(|rest| rest.get(..3).filter(|n| n.bytes().all(|b| b.is_ascii_digit())))
        .map(|n| format!("T-{n}"))
        .collect()
}

/// Every case id (with its variant) is unique, and every id T-001..T-176 is either in a
/// table or a test of `metadata.rs`, or listed as skipped.
#[test]
fn every_case_is_covered_or_skipped() {
    let tables = [A, B, C, D, E, F, I, J, COMMENTS, M, CANVAS];
    let all: Vec<&str> = tables.iter().flat_map(|s| s.iter().map(|c| c.id)).collect();
    let mut seen = std::collections::HashSet::new();
    for id in &all {
        assert!(seen.insert(*id), "duplicate case id {id}");
    }
    let metadata = metadata_case_ids();
    assert!(metadata.len() >= 30, "the tests of metadata.rs were not found: {metadata:?}");
    for n in 1..=176u16 {
        let id = format!("T-{n:03}");
        let covered = all.iter().any(|c| c.split(' ').next() == Some(id.as_str())) || metadata.contains(&id);
        let skipped = SKIPPED.iter().any(|&(a, b)| (a..=b).contains(&n));
        assert!(covered != skipped, "{id} must be either covered or skipped (covered: {covered}, skipped: {skipped})");
    }
}

// ---------------------------------------------------------------------------------------
// Single-case checks kept apart from the tables
// ---------------------------------------------------------------------------------------

/// T-043 [H]: `[t](Note.md)` → displayText `t` (§2.1 step 3: "`displayText` = the link text").
#[test]

fn t043_markdown_display_text() {
    static CASE: Case = src(
        "T-043 (display text)",
        &[("Note.md", ""), ("Src.md", "[t](Note.md)\n")],
        &[md("Note.md").shown("t").to("Note.md")],
    );
    let errs = check(&CASE);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

/// T-083 [M]: `Note.md` and `note.md` on a case-sensitive file system, `[[Note]]` → one of
/// them, order-dependent → Linter: `ambiguous-link` (also §8.7: ties that follow file-system
/// order are reported as ambiguous).
#[test]

fn t083_case_only_duplicates_are_ambiguous() {
    static CASE: Case = src(
        "T-083 (ambiguous)",
        &[("Note.md", ""), ("note.md", ""), ("Src.md", "[[Note]]\n")],
        &[wiki("Note").one_of(&["Note.md", "note.md"])],
    )
    .with(&["ambiguous-link"]);
    let errs = check(&CASE);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}
