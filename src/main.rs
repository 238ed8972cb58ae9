use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = wikilint::cli::Cli::parse();
    match wikilint::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
