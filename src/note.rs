//! What a note says: parse facts with byte spans, no judgement about them.

/// A byte range in the file as read from disk (BOM included), so fixes and reporters agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// 1-based line and column; the column counts Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A span with its start and end positions, computed while the text is at hand so the
/// text itself can be dropped after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Location {
    pub span: Span,
    pub start: Pos,
    pub end: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    Wikilink,
    /// `![[…]]`
    Embed,
    /// `[text](dest)`
    Markdown,
    /// `![alt](dest)`
    MarkdownImage,
    /// A whole-value `"[[…]]"` (or Markdown link) property; `key` is the dotted path.
    Frontmatter {
        key: String,
    },
    /// A link in a canvas text card (`file` false) or a canvas file card (`file` true, an
    /// embed of that exact vault path).
    Canvas {
        file: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// Obsidian's `LinkCache.link`: linkpath plus an optional `#subpath`, cleaned (trimmed, NBSP, NFC).
    pub target: String,
    pub display: Option<String>,
    /// The link exactly as written, e.g. `[[ labor aristocracy]]`.
    pub original: String,
    /// Whitespace inside the brackets around the target, which Obsidian trims away.
    pub padded: bool,
    /// Glued to the preceding word (`towards[[reformism]]`).
    pub glued: bool,
    /// Inside a ```` ```ad- ```` block: rendered, but not indexed by Obsidian.
    pub hidden: bool,
    pub loc: Location,
}

impl Link {
    /// The part before the first `#` (Obsidian's `getLinkpath`).
    pub fn linkpath(&self) -> &str {
        // memchr: the rules and the resolver ask this of every link, several times.
        match memchr::memchr(b'#', self.target.as_bytes()) {
            Some(i) => &self.target[..i],
            None => &self.target,
        }
    }

    /// What Obsidian shows for the link (its `displayText`): the display text when there is
    /// one, else the target's parts between `#`s, empty ones dropped, joined with ` > `
    /// (`[[Note#Heading]]` shows `Note > Heading`).
    pub fn shown_text(&self) -> String {
        match &self.display {
            Some(d) => d.clone(),
            None => self.target.split('#').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" > "),
        }
    }

    /// The part after the first `#`, without it; `None` when there is no `#`.
    pub fn subpath(&self) -> Option<&str> {
        memchr::memchr(b'#', self.target.as_bytes()).map(|i| &self.target[i + 1..])
    }

    pub fn is_embed(&self) -> bool {
        matches!(self.kind, LinkKind::Embed | LinkKind::MarkdownImage | LinkKind::Canvas { file: true })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Raw text between the markers, trimmed (Obsidian's `HeadingCache.heading`).
    pub text: String,
    pub level: u8,
    pub loc: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockId {
    /// As written; lookups compare lower-cased.
    pub id: String,
    /// The `^id` itself.
    pub loc: Location,
    /// The block it names (paragraph or list item), as Obsidian's `BlockCache.position`.
    pub block: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Including the `#`.
    pub name: String,
    pub loc: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// Lower-cased type as written (`info`, `faq`, `my-type`).
    pub kind: String,
    pub metadata: Option<String>,
    /// `+` expanded, `-` collapsed.
    pub fold: Option<char>,
    pub title: String,
    pub loc: Location,
    /// The `[!type]` marker on the first line.
    pub header: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// The fence language without `ad-`.
    pub kind: String,
    pub title: Option<String>,
    pub collapse: Option<String>,
    pub loc: Location,
    /// The `ad-type` word of the opening fence.
    pub kind_loc: Location,
    /// The value of the `collapse:` parameter, when there is one.
    pub collapse_loc: Option<Location>,
    /// Lines that look like parameters but are read as body text: after the body started,
    /// a repeated key, or a key indented or capitalised on the first line (spec §5.2).
    pub stray_params: Vec<Location>,
}

#[derive(Debug, Clone)]
pub struct Frontmatter {
    /// The whole block, from the opening `---` to the end of the closing line.
    pub loc: Location,
    /// Where the YAML text sits (between the fences).
    pub yaml: Span,
    /// `None` when the YAML does not parse or is not a mapping (see `Note::problems`).
    pub value: Option<serde_yaml::Value>,
    pub aliases: Vec<String>,
    /// The top-level properties as written, in order: what the raw text says that a YAML
    /// parser forgets (positions, quoting, trailing whitespace, `- #tag` comments).
    pub properties: Box<[Property]>,
}

impl Frontmatter {
    /// The raw facts of a top-level property, by its exact key.
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.iter().find(|p| &*p.key == key)
    }

    /// The tags of the `tags` property as Obsidian's cache reads them (spec §6.3), without the
    /// `#`: the key in any casing; a list of strings, or one string; other values dropped;
    /// entries trimmed, one leading `#` optional, empty ones and ones with a space dropped.
    /// Entries made only of digits are dropped too: `invalid-tag` says Obsidian does not take
    /// them as tags, and the tag pane would not list them.
    pub fn tags(&self) -> Vec<&str> {
        let Some(serde_yaml::Value::Mapping(map)) = &self.value else { return Vec::new() };
        let Some(value) =
            map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("tags"))).map(|e| e.1)
        else {
            return Vec::new();
        };
        let entries: Vec<&serde_yaml::Value> = match value {
            serde_yaml::Value::Sequence(items) => items.iter().collect(),
            one => vec![one],
        };
        entries
            .into_iter()
            .filter_map(|v| v.as_str())
            .map(|s| s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
            .map(|s| s.strip_prefix('#').unwrap_or(s))
            .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace) && !s.bytes().all(|b| b.is_ascii_digit()))
            .collect()
    }
}

/// How a value is written in the YAML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueStyle {
    /// Nothing after `key:` (and no block below it), or a bare `-` item: YAML null.
    Empty,
    /// Only a comment after `key:` or `-`: `- #journal` is a YAML comment, hence null.
    Comment,
    /// A plain scalar on the line: `rating: WIP`.
    Plain,
    /// `"…"` or `'…'`.
    Quoted,
    /// `[[Note]]` unquoted: YAML reads a list inside a list, not a link.
    BareLink,
    /// `[…]` or `{…}` written on the line.
    Flow,
    /// A block list or mapping on the following lines.
    Block,
    /// A block scalar (`|`, `>`), an anchor, alias or tag, a nested mapping item: not judged.
    Other,
}

/// A span within one line, stored compactly: the raw facts of properties are many (a few per
/// note), so they keep 20 bytes where a `Location` takes 32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineSpan {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub col: u32,
    pub end_col: u32,
}

impl LineSpan {
    pub fn new(loc: Location) -> LineSpan {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        LineSpan {
            start: n(loc.span.start),
            end: n(loc.span.end),
            line: loc.start.line,
            col: loc.start.col,
            end_col: loc.end.col,
        }
    }

    pub fn loc(&self) -> Location {
        Location {
            span: Span { start: self.start as usize, end: self.end as usize },
            start: Pos { line: self.line, col: self.col },
            end: Pos { line: self.line, col: self.end_col },
        }
    }
}

/// One value as written: a top-level property's, or one item of its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawValue {
    /// The value's text (quotes included; comment and trailing whitespace excluded). Empty
    /// at the end of the key (or `-`) when there is no value.
    pub span: LineSpan,
    pub style: ValueStyle,
    /// Spaces or tabs after a single-line plain scalar, right after the value on its line
    /// (they are ASCII, so bytes and columns agree).
    pub trailing: u16,
    /// Whether that whitespace holds a tab.
    pub trailing_tab: bool,
}

impl RawValue {
    pub fn loc(&self) -> Location {
        self.span.loc()
    }

    /// Where the trailing whitespace sits, when there is some.
    pub fn trailing_loc(&self) -> Option<Location> {
        (self.trailing > 0).then(|| {
            let n = u32::from(self.trailing);
            LineSpan {
                start: self.span.end,
                end: self.span.end + n,
                col: self.span.end_col,
                end_col: self.span.end_col + n,
                ..self.span
            }
            .loc()
        })
    }
}

/// A top-level property as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// As written, without quotes.
    pub key: Box<str>,
    pub key_span: LineSpan,
    pub value: RawValue,
    /// The items of a block list (`- x` lines) or of a one-line flow list (`[a, b]`), in
    /// order; empty otherwise.
    pub items: Box<[RawValue]>,
}

impl Property {
    pub fn key_loc(&self) -> Location {
        self.key_span.loc()
    }
}

/// Problems found while reading or parsing; rules turn them into diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    InvalidFrontmatter,
    InvalidUtf8,
    Unreadable,
    Binary,
    InvalidCanvas,
    /// An opening `---` with no closing line, or one closed only by a later thematic break.
    UnclosedFrontmatter,
    /// A YAML-looking block that does not start the note.
    MisplacedFrontmatter,
    /// Inline text that looks like a tag but that Obsidian does not take as one, or cuts.
    InvalidTag,
    /// A callout header Obsidian does not read as intended: `> [!note`, `> [! note]`, `> [!note] -`.
    MalformedCallout,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub loc: Location,
}

/// What a `%% wikilint-… %%` comment asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `wikilint-disable-next-line`: the line after the comment's last line.
    DisableNextLine,
    /// `wikilint-disable-line`: the comment's own lines.
    DisableLine,
    /// `wikilint-disable`: from the comment's first line to the end of the note, or to a
    /// `wikilint-enable` of the same rules.
    Disable,
    /// `wikilint-enable`: ends a `wikilint-disable` from its first line on.
    Enable,
    /// `wikilint-disable-file`: the whole note, frontmatter included.
    DisableFile,
    /// A `wikilint-…` word that is none of the above (as written): a typo.
    Unknown(String),
}

/// A rule as a directive names it (a code, a name or a code prefix), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveRule {
    pub name: String,
    pub loc: Location,
}

/// An Obsidian comment whose text starts with a `wikilint-` word: which findings the owner
/// silences where. Not one in code, math or HTML (no comment is), nor in an ad- block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The rules named, in order; empty means every rule. Text after `--` is a reason, not rules.
    pub rules: Vec<DirectiveRule>,
    /// The whole comment, `%%` markers included.
    pub loc: Location,
}

#[derive(Debug, Clone, Default)]
pub struct Note {
    pub frontmatter: Option<Frontmatter>,
    /// Frontmatter links first, then body links in document order (Obsidian's order).
    pub links: Vec<Link>,
    /// Linkable headings only: those at the top level of the document.
    pub headings: Vec<Heading>,
    pub block_ids: Vec<BlockId>,
    pub tags: Vec<Tag>,
    pub callouts: Vec<Callout>,
    pub admonitions: Vec<Admonition>,
    pub problems: Vec<Problem>,
    /// Where the GFM tables are, in order: a `|` written into a link there must be `\|`, or it
    /// ends the cell.
    pub tables: Vec<Span>,
    /// Where the Obsidian comments (`%%…%%`) of the body are, markers included, in order:
    /// hidden in Reading view, but their links are indexed like any other.
    pub comments: Vec<Span>,
    /// The `%% wikilint-… %%` comments, in order.
    pub directives: Vec<Directive>,
}

impl Note {
    /// Whether the byte at `at` lies in a `%%` comment.
    pub fn in_comment(&self, at: usize) -> bool {
        let i = self.comments.partition_point(|c| c.start <= at);
        i > 0 && at < self.comments[i - 1].end
    }

    /// Whether the byte at `at` lies in a table.
    pub fn in_table(&self, at: usize) -> bool {
        let i = self.tables.partition_point(|t| t.start <= at);
        i > 0 && at < self.tables[i - 1].end
    }
}
