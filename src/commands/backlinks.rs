use crate::cli::BacklinksArgs;

pub fn run(_args: &BacklinksArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint backlinks` is not built yet"))
}
