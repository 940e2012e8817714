//! Shared helpers: run the real binary with a clean, color-free environment.

use std::path::PathBuf;

use assert_cmd::Command;

/// `voiperr` with color variables cleared, so results do not depend on the caller's shell.
pub fn voiperr() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("voiperr"));
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "COLUMNS",
        "TERM",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("COLUMNS", "100");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Stdout of a run as a string.
pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
