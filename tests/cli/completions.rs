//! Completion scripts and the man page.

use std::process::Command as Process;

use predicates::prelude::*;

use crate::common::{Tmux, voiperr};

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

/// A directory with the committed scripts and two files, for `diagnose <TAB>`.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("tempdir");
        for (shell, file) in SHELLS {
            std::fs::write(dir.path().join(file), generated(shell)).expect("write");
        }
        let work = dir.path().join("work");
        std::fs::create_dir(&work).expect("mkdir");
        for file in ["app.log", "errors.ndjson"] {
            std::fs::write(work.join(file), "").expect("touch");
        }
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// Runs a shell in the sandbox's work directory with voiperr on PATH; its stdout.
    fn run(&self, program: &str, args: &[&str]) -> String {
        let out = Process::new(program)
            .args(args)
            .current_dir(self.path("work"))
            .env("PATH", path_with_voiperr())
            .output()
            .unwrap_or_else(|e| panic!("{program} runs: {e}"));
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// `PATH` with the binary under test first.
fn path_with_voiperr() -> String {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let dir = bin.parent().expect("bin dir").display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// What bash's registered completion offers for `line` (the last word is
/// completed; a trailing space completes an empty word). Words are split as
/// bash splits them, `=` on its own (COMP_WORDBREAKS).
fn bash_complete(sandbox: &Sandbox, line: &str) -> Vec<String> {
    assert!(have("bash"), "bash is required (scripts/test installs it)");
    let probe = format!(
        r#"source '{}'
line="$1"
COMP_WORDS=()
for w in ${{line//=/ = }}; do COMP_WORDS+=("$w"); done
[[ "$line" == *" " || "$line" == *= ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="$line"; COMP_POINT=${{#COMP_LINE}}
f=$(complete -p voiperr | sed -E 's/.*-F ([^ ]+).*/\1/')
"$f" voiperr "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        sandbox.path("voiperr.bash").display()
    );
    sandbox
        .run("bash", &["--norc", "-c", &probe, "probe", line])
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What fish offers for `line` (`complete -C`).
fn fish_complete(sandbox: &Sandbox, line: &str) -> Vec<String> {
    assert!(have("fish"), "fish is required (scripts/test installs it)");
    let script = format!(
        "source '{}'; complete -C '{line}'",
        sandbox.path("voiperr.fish").display()
    );
    sandbox
        .run("fish", &["--no-config", "-c", &script])
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

/// An interactive zsh in tmux: types `line`, presses TAB, and returns the
/// screen once `done` holds for it (or after 20 s, for the assertion to show).
fn zsh_complete(sandbox: &Sandbox, line: &str, done: impl Fn(&str) -> bool) -> String {
    assert!(
        have("zsh") && have("tmux"),
        "zsh and tmux are required (scripts/test installs them)"
    );
    let start = format!(
        "env PATH='{}' HOME='{}' zsh -f",
        path_with_voiperr(),
        sandbox.dir.path().display()
    );
    let terminal = Tmux::start(&format!("zsh-{}", line.len()), &start);
    let setup = format!(
        "fpath=('{}' $fpath); autoload -U compinit; compinit -u; cd '{}'; clear",
        sandbox.dir.path().display(),
        sandbox.path("work").display()
    );
    terminal.keys(&setup, true);
    terminal.keys("Enter", false);
    // Wait for the prompt after `clear`, then type and complete.
    terminal.wait_for(|screen| !screen.contains("compinit"));
    terminal.keys(line, true);
    terminal.keys("Tab", false);
    terminal.wait_for(done)
}

/// The rows of issue 13's table: each must hold in bash, zsh and fish.
const SHELL_NAMES: [&str; 5] = ["bash", "elvish", "fish", "powershell", "zsh"];

#[test]
fn bash_completes_every_kind_of_value() {
    let sandbox = Sandbox::new();
    let complete = |line: &str| bash_complete(&sandbox, line);
    assert_eq!(
        complete("voiperr explain CALL_ALREADY_H"),
        ["CALL_ALREADY_HANGUP"]
    );
    assert_eq!(complete("voiperr list --resource confer"), ["conference"]);
    assert_eq!(
        complete("voiperr list --status FAILED"),
        ["FAILED_PRECONDITION"]
    );
    assert_eq!(complete("voiperr completions "), SHELL_NAMES);
    assert_eq!(complete("voiperr explain call_al"), ["CALL_ALREADY_HANGUP"]);
    assert_eq!(complete("voiperr list --resource=ca"), ["call", "campaign"]);
    let mut files = complete("voiperr diagnose ");
    files.sort();
    assert_eq!(files, ["app.log", "errors.ndjson"]);
    assert!(
        complete("voiperr endpoint POST /calls/")
            .iter()
            .any(|p| p == "/calls/{id}/hangup")
    );
}

/// `diagnose --format <TAB>` and the like: the option's values, never file names.
#[test]
fn bash_completes_diagnose_values_not_files() {
    let sandbox = Sandbox::new();
    let complete = |line: &str| bash_complete(&sandbox, line);
    assert_eq!(
        complete("voiperr diagnose --format "),
        ["text", "json", "summary", "github", "junit", "bundle"]
    );
    assert_eq!(
        complete("voiperr diagnose --fail-on n"),
        ["not-retryable", "never-sent"]
    );
    assert_eq!(
        complete("voiperr diagnose --status 4"),
        ["4xx", "400", "401", "402", "403", "404", "409", "429"]
    );
    assert_eq!(
        complete("voiperr diagnose --reason CALL_NOT"),
        ["CALL_NOT_FOUND"]
    );
    assert!(
        complete("voiperr diagnose --path /calls/")
            .iter()
            .any(|p| p == "/calls/{id}/hangup")
    );
    for line in [
        "voiperr diagnose --since ",
        "voiperr diagnose --request-id ",
        "voiperr diagnose --summary --top ",
        "voiperr diagnose --status=",
    ] {
        let offered = complete(line);
        assert!(
            !offered.iter().any(|o| o == "app.log"),
            "{line}: {offered:?}"
        );
    }
    // After a flag, or an option's value, a FILE again.
    for line in [
        "voiperr diagnose --summary ",
        "voiperr diagnose --status 404 ",
    ] {
        let mut files = complete(line);
        files.sort();
        assert_eq!(files, ["app.log", "errors.ndjson"], "{line}");
    }
}

#[test]
fn fish_completes_every_kind_of_value() {
    let sandbox = Sandbox::new();
    let complete = |line: &str| fish_complete(&sandbox, line);
    assert_eq!(
        complete("voiperr explain CALL_ALREADY_H"),
        ["CALL_ALREADY_HANGUP"]
    );
    assert_eq!(complete("voiperr list --resource confer"), ["conference"]);
    assert_eq!(
        complete("voiperr list --status FAILED"),
        ["FAILED_PRECONDITION"]
    );
    assert_eq!(complete("voiperr completions "), SHELL_NAMES);
    assert_eq!(complete("voiperr explain call_al"), ["CALL_ALREADY_HANGUP"]);
    assert_eq!(
        complete("voiperr list --resource=ca"),
        ["--resource=call", "--resource=campaign"]
    );
    let files = complete("voiperr diagnose ");
    assert!(
        files.contains(&"app.log".to_owned()) && files.contains(&"errors.ndjson".to_owned()),
        "{files:?}"
    );
    assert!(
        complete("voiperr endpoint POST /calls/")
            .iter()
            .any(|p| p == "/calls/{id}/hangup")
    );
}

#[test]
fn zsh_completes_every_kind_of_value() {
    let sandbox = Sandbox::new();
    let typed = |want: &'static str| move |screen: &str| screen.lines().any(|l| l.contains(want));
    let all = |wants: &'static [&'static str]| {
        move |screen: &str| wants.iter().all(|w| screen.contains(w))
    };
    for (line, done) in [
        (
            "voiperr explain CALL_ALREADY_H",
            Box::new(typed("voiperr explain CALL_ALREADY_HANGUP")) as Box<dyn Fn(&str) -> bool>,
        ),
        (
            "voiperr list --resource confer",
            Box::new(typed("voiperr list --resource conference")),
        ),
        (
            "voiperr list --status FAILED",
            Box::new(typed("voiperr list --status FAILED_PRECONDITION")),
        ),
        ("voiperr completions ", Box::new(all(&SHELL_NAMES))),
        (
            "voiperr explain call_al",
            Box::new(typed("voiperr explain CALL_ALREADY_HANGUP")),
        ),
        (
            "voiperr list --resource=ca",
            Box::new(all(&["call", "campaign"])),
        ),
        (
            "voiperr diagnose ",
            Box::new(all(&["app.log", "errors.ndjson"])),
        ),
    ] {
        let screen = zsh_complete(&sandbox, line, &done);
        assert!(done(&screen), "zsh, `{line}<TAB>`:\n{screen}");
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
        .stdout(predicate::str::contains(".TH VOIPERR 1 "))
        .stdout(predicate::str::contains("diagnose"))
        .stdout(predicate::str::contains("EXIT STATUS"))
        .stdout(predicate::str::contains("NO_COLOR"))
        .stdout(predicate::str::contains("CLICOLOR_FORCE"))
        .stdout(predicate::str::contains("EXAMPLES"));
}

#[test]
fn every_subcommand_has_a_page_that_lints_clean() {
    assert!(
        have("groff"),
        "groff is required (scripts/test installs it)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    voiperr()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 11 pages"));
    let cargo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
    )
    .expect("Cargo.toml");
    let author = cargo
        .lines()
        .find_map(|l| l.strip_prefix("authors = [\""))
        .and_then(|l| l.split('"').next())
        .expect("authors in Cargo.toml");
    for (page, flags) in [
        (
            "voiperr",
            &["\\-\\-color", "JSON OUTPUT", "voiperr\\-explain(1)"][..],
        ),
        ("voiperr-explain", &["\\-\\-exact", "\\-\\-json"]),
        (
            "voiperr-list",
            &[
                "\\-\\-resource",
                "\\-\\-status",
                "\\-\\-format",
                "\\-\\-all",
            ],
        ),
        ("voiperr-search", &["\\-\\-json"]),
        ("voiperr-endpoint", &["\\-\\-json"]),
        (
            "voiperr-diagnose",
            &["\\-\\-summary", "\\-\\-json", "\\-\\-follow", "\\-\\-top"],
        ),
        ("voiperr-completions", &["SHELL"]),
        ("voiperr-man", &["\\-\\-dir"]),
        ("voiperr-mcp", &["mcpServers"]),
        ("voiperr-site", &["\\-\\-out", "llms.txt"]),
        ("voiperr-enrich", &["\\-\\-rsyslog", "mmexternal"]),
    ] {
        let file = dir.path().join(format!("{page}.1"));
        let text = std::fs::read_to_string(&file).expect("page written");
        let title = format!(".TH {} 1 ", page.to_uppercase());
        assert!(
            text.contains(&title),
            "{page}: no `{title}`:\n{}",
            &text[..200]
        );
        assert!(
            text.contains("\"voiperr 0.1.0\" \"voiperr manual\""),
            "{page}: title line"
        );
        for wanted in flags
            .iter()
            .chain(&["EXIT STATUS", "ENVIRONMENT", "EXAMPLES", author])
        {
            assert!(text.contains(wanted), "{page}: no {wanted}");
        }
        let lint = Process::new("groff")
            .args(["-ww", "-z", "-man"])
            .arg(&file)
            .output()
            .expect("groff runs");
        assert!(
            lint.status.success() && lint.stderr.is_empty(),
            "{page}: {}",
            String::from_utf8_lossy(&lint.stderr)
        );
    }
    // One page at a time, and a page that does not exist.
    voiperr()
        .args(["man", "diagnose"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH VOIPERR-DIAGNOSE 1"));
    voiperr()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no man page"));
}
