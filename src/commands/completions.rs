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

fn print(bytes: &[u8]) -> Result<u8, miette::Report> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(miette::miette!("cannot write to stdout: {e}")),
    }
}
