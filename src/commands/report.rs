use crate::cli::ReportArgs;

pub fn run(_args: &ReportArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint report` is not built yet"))
}
