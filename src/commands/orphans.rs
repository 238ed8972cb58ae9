use crate::cli::OrphansArgs;

pub fn run(_args: &OrphansArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint orphans` is not built yet"))
}
