//! The command line, as clap derive structs only; `commands/` does the work.

use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "wikilint", version, about = "Lint an Obsidian vault: every link resolved the way Obsidian does")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a vault and report broken links, missing notes and other problems.
    Check(CheckArgs),
    /// Print the documentation of a rule, or the table of all rules.
    Rule(RuleArgs),
    /// List the missing notes by importance, and create stub pages for them.
    Stubs(StubsArgs),
    /// Show what wikilint knows of each note, in the shape of Obsidian's metadata cache.
    Inspect(InspectArgs),
    /// List every link of the vault with what it resolves to.
    Links(LinksArgs),
    /// Write a commented wikilint.toml that reflects the vault's Obsidian settings.
    Init(InitArgs),
    /// Check the vault, then keep checking it as files change; print what each change broke or fixed.
    Watch(WatchArgs),
    /// Run the language server on stdio: the vault in an editor (diagnostics, completion, go to
    /// definition, references, hover, renames that keep links).
    Lsp(LspArgs),
    /// List the vault's properties, the values of one (`props rating`), or the notes with a value (`props rating=WIP`).
    Props(PropsArgs),
    /// Move or rename a note, attachment or folder (or a heading: `mv "Note#Old" "Note#New"`) and rewrite every
    /// link to it.
    Mv(MvArgs),
    /// Rewrite every link in the other syntax (`--to markdown` or `--to wikilink`), keeping where each leads.
    Convert(ConvertArgs),
    /// Every link to a note (its linked mentions), with the sentence around it.
    Backlinks(BacklinksArgs),
    /// Notes that no other note links to; with --attachments, the attachments no file links to (and
    /// --delete removes them).
    Orphans(OrphansArgs),
    /// Every tag with its count, inline `#tags` and the `tags` property alike, nested as a tree.
    Tags(TagsArgs),
    /// Unlinked mentions: plain-text occurrences of a note's title or aliases in other notes.
    Mentions(MentionsArgs),
    /// Export the link graph (notes, attachments, missing notes; links as weighted edges).
    Graph(GraphArgs),
    /// Write a self-contained HTML page with the vault's health.
    Report(ReportArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to report on [default: the whole vault]. Links resolve against the whole
    /// vault, which is the nearest ancestor of the first path (or of the current folder) holding
    /// .obsidian/ or wikilint.toml; a folder holding one is the vault itself.
    pub paths: Vec<PathBuf>,
    /// The vault folder, when the paths are not in it or to insist on one without .obsidian/.
    #[arg(long, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only these rules (codes, names or code prefixes, comma-separated); replaces wikilint.toml's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or code prefixes, comma-separated), on top of wikilint.toml's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Human format: print the findings only, no summary; other formats: nothing on stderr but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Show only findings of this severity or above (`error`: errors only, as ESLint's --quiet); the exit code
    /// still counts every error, and the human summary says how many findings were left out.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityLevel>,
    /// Print how many findings each rule has (count, code, `[*]` if fixable, name), most frequent first,
    /// instead of the findings; with --format json, a list of {code, name, severity, count, fixable}.
    #[arg(long, conflicts_with_all = ["write_baseline", "diff"])]
    pub statistics: bool,
    /// Write the report to FILE instead of stdout (whole or not at all: a temporary file, then renamed).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only findings in files changed since the git revision REV (committed, staged, unstaged or
    /// untracked), and the links elsewhere that those changes broke; links resolve against the whole vault.
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub changed_since: Option<String>,
    /// Like --changed-since, for the changes staged for the next commit (the index against HEAD).
    #[arg(long)]
    pub staged: bool,
    /// Report only findings that are not recorded in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE (JSON) and exit 0, to adopt wikilint on a vault with findings.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "changed_since", "staged", "output"])]
    pub write_baseline: Option<PathBuf>,
    /// Apply the safe fixes (repeatedly, to a fixed point), then report what remains.
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes too (they change how a note renders or what it links to).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing.
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityLevel {
    Info,
    Warning,
    Error,
}

impl From<SeverityLevel> for crate::diagnostic::Severity {
    fn from(s: SeverityLevel) -> Self {
        match s {
            SeverityLevel::Info => crate::diagnostic::Severity::Info,
            SeverityLevel::Warning => crate::diagnostic::Severity::Warning,
            SeverityLevel::Error => crate::diagnostic::Severity::Error,
        }
    }
}

#[derive(Debug, Args)]
pub struct MvArgs {
    /// What to move: a vault-relative path (`People/Lenin.md`, `People`), or `Note#Heading` to rename a heading.
    pub src: String,
    /// Where to: a vault-relative path (an existing folder receives SRC under its name), or `Note#New heading`.
    pub dst: String,
    /// The vault folder [default: the nearest ancestor holding .obsidian/, else the current folder]
    #[arg(long)]
    pub vault: Option<PathBuf>,
    /// Print the moves and the link rewrites as a diff; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Print nothing but errors (no list of moves, no summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// List every moved file and every rewritten file, not only the summary.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The syntax to write links in.
    #[arg(long, value_enum)]
    pub to: ConvertTo,
    /// Notes and folders whose links to convert [default: the whole vault]; the vault is the nearest ancestor of
    /// the first one holding .obsidian/ or wikilint.toml.
    pub paths: Vec<PathBuf>,
    /// The vault folder, when the paths are not in it or to insist on one without .obsidian/.
    #[arg(long, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Write the converted notes [default: print the diff and write nothing].
    #[arg(long)]
    pub write: bool,
    /// How to write the path of a converted link [default: .obsidian/app.json's newLinkFormat, else shortest].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub link_format: Option<LinkFormatArg>,
    /// Print nothing but errors and the links left as they were (no diff, no summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// With --write: list every rewritten file, not only the summary.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConvertTo {
    /// `[text](Note.md)`, `![alt](img.png)`
    #[value(alias = "md")]
    Markdown,
    /// `[[Note|text]]`, `![[img.png|alt]]`
    #[value(alias = "wikilinks", alias = "wiki")]
    Wikilink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LinkFormatArg {
    /// The file name where no other file has it, else the full vault path.
    Shortest,
    /// A `../` path from the linking note's folder.
    Relative,
    /// The full vault path.
    Absolute,
}

#[derive(Debug, Args)]
pub struct BacklinksArgs {
    /// The note (a path, or a name as a link would write it).
    pub note: String,
    /// A folder in the vault, or the vault itself, when NOTE is a name and not a path.
    pub path: Option<PathBuf>,
    /// The vault folder [default: the nearest ancestor holding .obsidian/ or wikilint.toml of NOTE's
    /// file, else of PATH or the current folder]
    #[arg(long)]
    pub vault: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct OrphansArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// List the attachments no file links to instead (images, audio, video, PDF, or the types of
    /// wikilint.toml `[attachments] extensions`).
    #[arg(long)]
    pub attachments: bool,
    /// With --attachments: remove them, to where Obsidian's "Deleted files" setting sends deleted
    /// files (.obsidian/app.json trashOption: the system trash, or the vault's .trash/). Lists what
    /// would go where, then asks (on a terminal) or needs --yes.
    #[arg(long, requires = "attachments")]
    pub delete: bool,
    /// With --delete: remove them without asking.
    #[arg(long, requires = "delete")]
    pub yes: bool,
    /// With --delete: list what would go where and change nothing, without asking.
    #[arg(long, short = 'n', requires = "delete", conflicts_with = "yes")]
    pub dry_run: bool,
    /// With --delete: where the files go instead of where Obsidian's setting says.
    #[arg(long, value_enum, value_name = "WHERE", requires = "delete")]
    pub trash: Option<TrashArg>,
    /// With --delete: delete them for good, when Obsidian's setting (or --trash none) says to delete
    /// permanently; without it that is refused.
    #[arg(long, requires = "delete")]
    pub permanently: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Where `orphans --attachments --delete` sends the files: Obsidian's `trashOption` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrashArg {
    /// The system trash.
    System,
    /// The vault's .trash/ folder (Obsidian's trash).
    Local,
    /// Nowhere: deleted permanently (needs --permanently).
    None,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// The vault folder [default: the workspace folder the editor names, or the nearest folder
    /// above it holding .obsidian/ or wikilint.toml].
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Speak over stdin and stdout (the only transport; accepted because editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TagsArgs {
    #[command(subcommand)]
    pub action: Option<TagsAction>,
    /// A folder or file in the vault: count only the tags of the notes there; the vault is its
    /// nearest ancestor holding .obsidian/ or wikilint.toml [default: the current folder's;
    /// without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum TagsAction {
    /// Rename a tag everywhere, inline `#tags` and the `tags` property, with its nested tags
    /// (`#project/a` follows `#project`); a dry run (a diff) unless --write.
    Rename(TagsRenameArgs),
}

#[derive(Debug, Args)]
pub struct TagsRenameArgs {
    /// The tag to rename, `#` optional; matched in any casing, with the tags nested in it.
    pub old: String,
    /// Its new name, `#` optional: a tag Obsidian takes (merging into an existing tag is allowed).
    pub new: String,
    /// Files and folders to rename in [default: the whole vault]; the vault is the nearest
    /// ancestor of the first one holding .obsidian/ or wikilint.toml.
    pub paths: Vec<PathBuf>,
    /// The vault folder, when the paths are not in it or to insist on one without .obsidian/.
    #[arg(long, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Write the changes (all notes or none); without it, print the diff and change nothing.
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct MentionsArgs {
    /// Only mentions of this note (a path, or a name as a link would write it) [default: every note].
    pub note: Option<String>,
    /// The vault folder [default: the nearest ancestor holding .obsidian/, else the current folder]
    #[arg(long)]
    pub vault: Option<PathBuf>,
    /// Turn the first mention in each note into a link.
    #[arg(long)]
    pub link: bool,
    /// With --link: print the changes as a diff and write nothing.
    #[arg(long)]
    pub diff: bool,
    /// With --link and no NOTE: write the links without asking (needed when stdin is not a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
    Graphml,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Add the missing notes (unresolved link targets) as marked nodes.
    #[arg(long)]
    pub include_missing: bool,
    /// Leave attachments out.
    #[arg(long)]
    pub no_attachments: bool,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code or name (`WL101`, `broken-link`); without one, list all rules.
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct StubsArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Only targets with at least this many links.
    #[arg(long, default_value_t = 1)]
    pub min_links: usize,
    /// Only targets matching this glob (case-insensitive), e.g. `People/*`.
    #[arg(long = "match", value_name = "GLOB")]
    pub pattern: Option<String>,
    /// Output format of the listing.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Write one stub note per missing target.
    #[arg(long)]
    pub create: bool,
    /// With --create: print the plan (path per stub and why that folder) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Folder for stubs whose link names no folder [default: wikilint.toml stubs.folder, else Obsidian's new-note location].
    #[arg(long, value_name = "DIR")]
    pub folder: Option<PathBuf>,
    /// Template for the stub's content [default: wikilint.toml stubs.template, else a built-in one].
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// With --create: stub near misses too (targets that are an alias, a spelling or a likely
    /// typo of a file that exists), which are otherwise listed apart for their links to be fixed.
    #[arg(long)]
    pub include_near_misses: bool,
    /// With --create: list every stub written (and every folder made), not only the summary.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Notes to show (vault-relative paths, or paths from here) [default: all].
    pub notes: Vec<String>,
    /// Output format [default: human on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ListFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LinksFormat {
    Human,
    Json,
    Tsv,
    /// `{"resolvedLinks": …, "unresolvedLinks": …}`, as Obsidian's metadata cache holds them.
    Obsidian,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LinksFormat::Human)]
    pub format: LinksFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PropsArgs {
    #[command(subcommand)]
    pub action: Option<PropsAction>,
    /// The vault folder [default: the nearest ancestor holding .obsidian/, else the current folder]; a single
    /// argument that is not a folder is the query.
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// `NAME` lists the values of a property with their note counts; `NAME=VALUE` lists the notes holding that
    /// value, one path per line (`␠` stands for a trailing space). Without a query: every property.
    pub query: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum PropsAction {
    /// Rename a property in every note's frontmatter (and its type in .obsidian/types.json); prints the
    /// changes as a diff unless --write.
    Rename(PropsRenameArgs),
}

#[derive(Debug, Args)]
pub struct PropsRenameArgs {
    /// The property to rename, in any casing (Obsidian ignores case in property names).
    pub old: String,
    /// Its new name, written as given.
    pub new: String,
    /// The vault folder [default: the nearest ancestor holding .obsidian/, else the current folder]
    #[arg(long)]
    pub vault: Option<PathBuf>,
    /// Write the changes (all notes or none); without it, print them as a diff and change nothing.
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A folder or file in the vault: the vault is its nearest ancestor holding .obsidian/ or
    /// wikilint.toml [default: the current folder's; without one, the folder itself]
    pub vault: Option<PathBuf>,
    /// The vault folder, to insist on one without .obsidian/ or wikilint.toml.
    #[arg(long = "vault", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Output: human lines, or one JSON object per batch (NDJSON).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Redraw the whole report after each change instead of printing what changed.
    #[arg(long)]
    pub clear: bool,
    /// Poll the file system instead of using native events.
    #[arg(long)]
    pub poll: bool,
    /// Quiet period that ends a burst of events, in milliseconds.
    #[arg(long, default_value_t = 100, value_name = "MS")]
    pub debounce: u64,
    /// Create a stub note (as `stubs --create` would) for a missing note once its links have stayed unchanged
    /// for the settle time.
    #[arg(long)]
    pub create_stubs: bool,
    /// With --create-stubs: how long a missing note's links must stay unchanged before its stub is created, in
    /// seconds.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub settle: f64,
    /// Only these rules (codes, names or code prefixes, comma-separated); replaces wikilint.toml's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or code prefixes, comma-separated), on top of wikilint.toml's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Human format: no start-up report, only what each change breaks or fixes.
    #[arg(short, long)]
    pub quiet: bool,
}
