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

/// Stdout and stderr of a run, together (what a user would see).
pub fn all_of(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        stdout_of(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `voiperr ARGS` with stdout on `/dev/full` and checks the one-line
/// write error and exit 2.
pub fn assert_full_device_fails(args: &[&str]) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(args)
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write the output"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}
