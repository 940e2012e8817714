//! Completion scripts and the man page.

use std::process::Command as Process;

use predicates::prelude::*;

use crate::common::voiperr;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "voiperr.bash"),
    ("zsh", "_voiperr"),
    ("fish", "voiperr.fish"),
    ("powershell", "_voiperr.ps1"),
    ("elvish", "voiperr.elv"),
];

fn generated(shell: &str) -> Vec<u8> {
    voiperr()
        .args(["completions", shell])
        .output()
        .expect("runs")
        .stdout
}

#[test]
fn committed_scripts_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        assert!(
            committed == generated(shell),
            "completions/{file} is stale; regenerate them with ./completions/regenerate.sh"
        );
    }
}

fn have(program: &str) -> bool {
    Process::new(program).arg("--version").output().is_ok()
}

/// What bash's completion function offers for the last of `words` (`voiperr …`).
fn bash_complete(words: &[&str]) -> String {
    assert!(have("bash"), "bash is required (.ci/run installs it)");
    let script = std::env::temp_dir().join(format!(
        "voiperr-completion-{}-{}.bash",
        std::process::id(),
        words.len()
    ));
    std::fs::write(&script, generated("bash")).expect("write");
    let current = words.len() - 1;
    let line = words.join(" ");
    let probe = format!(
        "source '{}'; COMP_WORDS=({line}); COMP_CWORD={current}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _voiperr voiperr '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words[current],
        words[current - 1],
    );
    let out = Process::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_file(&script);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn bash_completes_reason_names() {
    assert_eq!(
        bash_complete(&["voiperr", "explain", "CALL_ALREADY_H"]),
        "CALL_ALREADY_HANGUP"
    );
}

#[test]
fn bash_completes_resource_keys_and_statuses() {
    assert_eq!(
        bash_complete(&["voiperr", "list", "--resource", "confer"]),
        "conference"
    );
    assert_eq!(
        bash_complete(&["voiperr", "list", "--status", "FAILED"]),
        "FAILED_PRECONDITION"
    );
}

#[test]
fn zsh_and_fish_accept_their_scripts() {
    for (shell, args) in [("zsh", vec!["-n"]), ("fish", vec!["--no-execute"])] {
        assert!(have(shell), "{shell} is required (.ci/run installs it)");
        let file =
            std::env::temp_dir().join(format!("voiperr-completion-{}.{shell}", std::process::id()));
        std::fs::write(&file, generated(shell)).expect("write");
        let out = Process::new(shell)
            .args(&args)
            .arg(&file)
            .output()
            .expect("shell runs");
        let _ = std::fs::remove_file(&file);
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn completions_survive_a_closed_pipe() {
    let out = Process::new("bash")
        .args([
            "-c",
            &format!(
                "'{}' completions bash | head -1; exit ${{PIPESTATUS[0]}}",
                assert_cmd::cargo::cargo_bin!("voiperr").display()
            ),
        ])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn man_page_covers_subcommands_exit_codes_and_environment() {
    voiperr()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH voiperr"))
        .stdout(predicate::str::contains("diagnose"))
        .stdout(predicate::str::contains("EXIT STATUS"))
        .stdout(predicate::str::contains("NO_COLOR"))
        .stdout(predicate::str::contains("CLICOLOR_FORCE"))
        .stdout(predicate::str::contains("EXAMPLES"));
}
