use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = voiperr::cli::Cli::parse();
    voiperr::run(cli)
}
