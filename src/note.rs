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
        match self.target.find('#') {
            Some(i) => &self.target[..i],
            None => &self.target,
        }
    }

    /// The part after the first `#`, without it; `None` when there is no `#`.
    pub fn subpath(&self) -> Option<&str> {
        self.target.find('#').map(|i| &self.target[i + 1..])
    }

    pub fn is_embed(&self) -> bool {
        matches!(self.kind, LinkKind::Embed | LinkKind::MarkdownImage)
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
    pub loc: Location,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// The fence language without `ad-`.
    pub kind: String,
    pub title: Option<String>,
    pub collapse: Option<String>,
    pub loc: Location,
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
}

/// Problems found while reading or parsing; rules turn them into diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    InvalidFrontmatter,
    InvalidUtf8,
    Unreadable,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
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
}
