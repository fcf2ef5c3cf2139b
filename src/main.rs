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
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marginalia: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether the error is a closed output pipe (`marginalia export P.ron | head`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<marginalia::export::ExportError>().is_some_and(
                |x| matches!(x, marginalia::export::ExportError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}
