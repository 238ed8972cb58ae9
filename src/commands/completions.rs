//! `wikilint completions SHELL` and `wikilint man`: both built from the clap definition, so
//! they never drift from the real command line.

use crate::cli::{Cli, CompletionsArgs, Shell};
use clap::CommandFactory;
use std::io::Write;

pub fn run(args: &CompletionsArgs) -> Result<u8, miette::Report> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "wikilint", &mut script);
    print(&script)
}

/// The man page, one page for the whole tool: the top-level synopsis, then a section per
/// subcommand with its synopsis, description and options (clap_mangen alone would point at
/// `wikilint-check(1)` and friends, pages nobody installs).
pub fn man() -> Result<u8, miette::Report> {
    let render = || -> std::io::Result<Vec<u8>> {
        let mut cmd = Cli::command().disable_help_subcommand(true);
        cmd.build();
        let mut page = Vec::new();
        let top = clap_mangen::Man::new(cmd.clone());
        top.render_title(&mut page)?;
        top.render_name_section(&mut page)?;
        top.render_synopsis_section(&mut page)?;
        top.render_description_section(&mut page)?;
        top.render_options_section(&mut page)?;
        for sub in cmd.get_subcommands() {
            let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
            writeln!(page, ".SH \"{}\"", name.replace('-', "\\-"))?;
            let man = clap_mangen::Man::new(sub.clone());
            let mut section = Vec::new();
            man.render_synopsis_section(&mut section)?;
            man.render_description_section(&mut section)?;
            if sub.get_arguments().any(|a| !a.is_hide_set()) {
                man.render_options_section(&mut section)?;
            }
            // Each subcommand's sections become subsections of its own section.
            for line in String::from_utf8_lossy(&section).lines() {
                match line.strip_prefix(".SH ") {
                    Some(title) => writeln!(page, ".SS {title}")?,
                    None => writeln!(page, "{line}")?,
                }
            }
        }
        page.extend_from_slice(TRAILING_SECTIONS.as_bytes());
        top.render_version_section(&mut page)?;
        // Every rendered section defines the `Aq` string again; once at the top is enough.
        let text = String::from_utf8_lossy(&page);
        let mut seen = std::collections::HashSet::new();
        let lines: Vec<&str> = text.lines().filter(|l| !l.contains(".ds Aq") || seen.insert(*l)).collect();
        Ok((lines.join("\n") + "\n").into_bytes())
    };
    let page = render().map_err(|e| miette::miette!("cannot render the man page: {e}"))?;
    print(&page)
}

/// What clap cannot know: the exit codes, the environment and the files read. Keep in step
/// with the README (Usage, Configuration, Stubs) and with the code that reads each variable.
const TRAILING_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
.B 0
Success: no error\-severity finding (\fBcheck\fR), or the command did what it was asked.
.TP
.B 1
\fBcheck\fR: at least one error\-severity finding (after \fB\-\-baseline\fR, a new one);
\fBcheck \-\-diff\fR: there is something to fix; \fBstubs \-\-create\fR: a target was refused, or a
created stub's link does not resolve to it; \fBinspect\fR: a note could not be parsed.
.TP
.B 2
Failure: the vault cannot be read, wikilint.toml is invalid, the command line is wrong, a git
revision is unknown, a write failed, or \fBmv\fR, \fBinit\fR or \fBmentions \-\-link\fR refused.
.PP
A closed pipe (\fB| head\fR) ends quietly with 0.
.SH ENVIRONMENT
.TP
.B NO_COLOR
When set and not empty, no colour, even on a terminal.
.TP
.B WIKILINT_DATE
A fixed date (\fBYYYY\-MM\-DD\fR, \fBYYYY\-MM\-DDTHH:MM[:SS]\fR or RFC 3339) for the \fB{{date}}\fR
and \fB{{time}}\fR placeholders of stub templates, instead of the clock (for tests and
reproducible stubs).
.TP
.B MIMALLOC_ALLOW_THP
On Linux, wikilint turns transparent huge pages off for itself at start\-up; when this is set,
it leaves them on (mimalloc's own switch: \fBMIMALLOC_ALLOW_THP=1\fR).
.TP
.B RAYON_NUM_THREADS
How many threads read and check notes (default: one per CPU).
.TP
.B WIKILINT_TIMINGS
When set, \fBcheck\fR prints how long each stage took on stderr (profiling).
.SH FILES
.TP
.I VAULT/wikilint.toml
The configuration: excluded files, rule selection and severities, property schemas, custom
callout types, where and how stubs are written, report queries, mentions' common words.
Written by \fBwikilint init\fR. An unknown key is an error.
.TP
.I VAULT/.obsidian/app.json
Obsidian's settings: \fBuserIgnoreFilters\fR (excluded files), \fBnewFileLocation\fR and
\fBnewFileFolderPath\fR (where stubs go), \fBnewLinkFormat\fR and \fBuseMarkdownLinks\fR (how
links are written by fixes, \fBmv\fR and \fBmentions \-\-link\fR).
.TP
.I VAULT/.obsidian/templates.json
The templates folder (not checked) and the \fBdateFormat\fR and \fBtimeFormat\fR of templates.
.TP
.I VAULT/.obsidian/types.json
Property types (a \fBtype\fR in wikilint.toml wins).
.TP
.I VAULT/.obsidian/plugins/obsidian\-admonition/data.json
Custom Admonition types, also accepted as callout types.
.TP
.I VAULT/.obsidian/appearance.json
The enabled CSS snippets and the theme, read (from \fIsnippets/\fR and \fIthemes/\fR) for the
callout types they define.
.TP
.I .wikilint\-baseline.json
Conventional name of the file written by \fBcheck \-\-write\-baseline\fR and read by
\fB\-\-baseline\fR.
"#;

fn print(bytes: &[u8]) -> Result<u8, miette::Report> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(miette::miette!("cannot write to stdout: {e}")),
    }
}
