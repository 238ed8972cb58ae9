use crate::cli::MentionsArgs;

pub fn run(_args: &MentionsArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint mentions` is not built yet"))
}
