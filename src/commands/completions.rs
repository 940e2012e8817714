//! `voiperr completions SHELL`: a completion script from the clap definitions.

use std::io;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Outcome;
use crate::cli::Cli;
use crate::output::Ui;

/// The script for one shell. Generated into memory first: `clap_complete::generate`
/// panics on a write error, and a closed pipe must not panic.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "voiperr", &mut buffer);
    buffer
}

pub fn run(shell: Shell, ui: &mut Ui) -> io::Result<Outcome> {
    ui.out.write_all(&script(shell))?;
    Ok(Outcome::Found)
}
