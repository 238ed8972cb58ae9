use crate::cli::MvArgs;

pub fn run(_args: &MvArgs) -> Result<u8, miette::Report> {
    Err(miette::miette!("`wikilint mv` is not built yet"))
}
