use clap::Parser;
use std::process::ExitCode;

// Reading and parsing in parallel makes many small, short-lived allocations on every
// thread; mimalloc keeps them fast and the heap compact.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Error messages name paths; do not wrap them at 80 columns when stderr is not a terminal.
    let _ = miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().width(200).build())));
    let cli = wikilint::cli::Cli::parse();
    match wikilint::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
