//! The `marginalia` binary: parses the command line and runs it.

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = marginalia::cli::Cli::parse();
    #[cfg(feature = "gui")]
    let window: Option<fn(Option<std::path::PathBuf>) -> anyhow::Result<()>> =
        Some(marginalia::app::run);
    #[cfg(not(feature = "gui"))]
    let window = None;
    match marginalia::cli::run(cli, window) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("marginalia: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
