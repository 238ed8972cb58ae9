use crate::cli::GraphArgs;

pub fn run(_args: &GraphArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint graph` is not built yet"))
}
