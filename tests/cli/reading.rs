//! Output that reads well (issue 22): columns as wide as their content,
//! notes after the table they follow, help for every flag, misses said
//! plainly, words taken together.

use predicates::prelude::*;

use crate::common::{shell_on_a_terminal, stdout_of, voiperr};

#[test]
fn code_cards_fit_their_longest_names() {
    for code in ["400", "402", "403", "404", "409", "429", "500", "503"] {
        let out = voiperr().args(["explain", code]).output().expect("runs");
        let text = stdout_of(&out);
        for line in text
            .lines()
            .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        {
            let name = line.trim_start().split(' ').next().unwrap_or_default();
            // A name (and its `†`) is followed by two spaces at least, never by its cause.
            let after = &line.trim_start()[name.len()..];
            let after = after.strip_prefix(" *").unwrap_or(after);
            let after = after.strip_prefix(" †").unwrap_or(after);
            assert!(after.starts_with("  "), "explain {code}: {line:?}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()),
                "explain {code}: {line:?}"
            );
        }
    }
}

/// Runs `voiperr ARGS` in a terminal (`script`), stdout and stderr together as a user sees them.
fn on_a_terminal(args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("COLUMNS", "100")
        .env("VOIPERR_PAGER", "cat")
        .output()
        .expect("script runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_note_comes_after_the_table_it_follows() {
    let seen = on_a_terminal("list --all --color never");
    let bottom = seen.rfind('└').expect("the table's bottom border");
    let note = seen.find("note:").expect("the note");
    assert!(note > bottom, "{seen}");
}

#[test]
fn every_flag_of_every_subcommand_is_described() {
    for sub in [
        "explain",
        "list",
        "search",
        "endpoint",
        "diagnose",
        "man",
        "completions",
    ] {
        let out = voiperr().args([sub, "--help"]).output().expect("runs");
        let help = stdout_of(&out);
        let lines: Vec<&str> = help.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if t.starts_with("--") || t.starts_with('-') && t.chars().nth(2) == Some(',') {
                // The description follows on the line, or (clap wraps long ones) below it.
                let on_the_line = t.split("  ").skip(1).any(|part| !part.trim().is_empty());
                let below = lines.get(at + 1).is_some_and(|next| {
                    let indent = next.len() - next.trim_start().len();
                    indent > line.len() - t.len() && !next.trim().is_empty()
                });
                assert!(on_the_line || below, "{sub} --help: {line:?}");
            }
        }
    }
}

#[test]
fn a_typo_is_said_to_be_no_reason_and_an_alias_another_name() {
    voiperr()
        .args(["explain", "CALL_NOT_FUOND"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "'CALL_NOT_FUOND' is not a reason; showing the closest one, CALL_NOT_FOUND",
        ))
        .stderr(predicate::str::contains("published").not());
}

#[test]
fn words_that_miss_alone_are_taken_together() {
    voiperr()
        .args(["explain", "call", "not", "found"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("CALL_NOT_FOUND"))
        .stderr(predicate::str::contains(
            "taking 'call not found' as one query",
        ))
        .stderr(predicate::str::contains("error").not());
    // Words that each name something stay separate queries.
    let out = voiperr()
        .args(["explain", "404", "409"])
        .output()
        .expect("runs");
    assert!(stdout_of(&out).contains("HTTP 404") && stdout_of(&out).contains("HTTP 409"));
    // Words that name nothing, alone or together, are each a miss.
    voiperr()
        .args(["explain", "foo", "bar"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'foo' is not a known reason"))
        .stderr(predicate::str::contains("'bar' is not a known reason"));
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager_asked_for() {
    // Notes go to stderr, straight to the terminal (here: away, so they cannot
    // land inside the pager's lines).
    let paged = |text: &str| {
        text.lines()
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with("PAGED:"))
    };
    let shown = shell_on_a_terminal(
        100,
        "VOIPERR_PAGER='sed s/^/PAGED:/' voiperr explain CALL_NOT_FOUND 429 --color never 2>/dev/null",
    );
    assert!(paged(&shown) && shown.contains("CALL_NOT_FOUND"), "{shown}");
    let shown = shell_on_a_terminal(
        100,
        "PAGER='sed s/^/PAGED:/' voiperr explain CALL_NOT_FOUND --color never 2>/dev/null",
    );
    assert!(paged(&shown), "{shown}");
    let shown = shell_on_a_terminal(
        100,
        "PAGER='sed s/^/OTHER:/' VOIPERR_PAGER='sed s/^/PAGED:/' voiperr search balance --color never 2>/dev/null",
    );
    assert!(paged(&shown), "{shown}");
    for direct in [
        "VOIPERR_PAGER='sed s/^/PAGED:/' voiperr --no-pager list --color never",
        "VOIPERR_PAGER='sed s/^/PAGED:/' voiperr list --color never | cat",
        "VOIPERR_PAGER=/no/such/pager voiperr list --color never",
        "VOIPERR_PAGER=cat voiperr list --color never",
    ] {
        let shown = shell_on_a_terminal(100, direct);
        assert!(
            !shown.contains("PAGED:") && shown.contains("CALL_NOT_FOUND"),
            "{direct}:\n{shown}"
        );
    }
    // A reader who quits early is no error.
    let shown = shell_on_a_terminal(
        100,
        "VOIPERR_PAGER='head -1' voiperr list --all --color never; echo exit=$?",
    );
    assert!(
        shown.contains("exit=0") && !shown.contains("error"),
        "{shown}"
    );
}

#[test]
fn a_pager_that_cannot_run_means_direct_output_and_the_verdict_stands() {
    for pager in ["false", "sh -c no-such-pager-here", "/bin/sh -c 'exit 3'"] {
        let shown = shell_on_a_terminal(
            100,
            &format!(
                "VOIPERR_PAGER=\"{pager}\" voiperr explain CALL_NOT_FOUND --color never; echo exit=$?"
            ),
        );
        assert!(
            shown.contains("Cause") && shown.contains("exit=0"),
            "{pager}: {shown}"
        );
        assert!(shown.contains("note: the pager"), "{pager}: {shown}");
    }
    // The exit code is the command's, not the pager's nor 0.
    let shown = shell_on_a_terminal(
        100,
        "VOIPERR_PAGER=false voiperr explain NO_SUCH_REASON_XYZ --color never; echo exit=$?",
    );
    assert!(shown.contains("exit=1"), "{shown}");
    // A reader who quits early leaves the verdict as it is.
    let log = crate::common::fixture("recording-start-500.txt");
    let shown = shell_on_a_terminal(
        100,
        &format!(
            "VOIPERR_PAGER='head -1' voiperr diagnose --fail-on 5xx '{}' --color never; echo exit=$?",
            log.display()
        ),
    );
    assert!(shown.contains("exit=1"), "{shown}");
}

#[test]
fn a_live_summary_is_never_paged() {
    let log = crate::common::fixture("log-lines.log");
    let log = log.display();
    // Read from a pipe, the summary is redrawn in place as it grows: no pager.
    let shown = shell_on_a_terminal(
        100,
        &format!(
            "cat '{log}' | VOIPERR_PAGER='sed s/^/PAGED:/' voiperr diagnose --summary --color never"
        ),
    );
    assert!(
        !shown.contains("PAGED:") && shown.contains("distinct"),
        "{shown}"
    );
    // A file's summary is written once: paged as any long output.
    let shown = shell_on_a_terminal(
        100,
        &format!(
            "VOIPERR_PAGER='sed s/^/PAGED:/' voiperr diagnose --summary --color never '{log}' 2>/dev/null"
        ),
    );
    assert!(shown.contains("PAGED:"), "{shown}");
}

#[test]
fn piped_output_is_laid_out_for_the_terminal_it_will_show_on() {
    let widest = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("note:"))
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    let shown = shell_on_a_terminal(80, "voiperr list --resource call --color never | cat");
    assert!(widest(&shown) <= 80 && widest(&shown) > 60, "{shown}");
    let shown = shell_on_a_terminal(
        80,
        "COLUMNS=120 voiperr list --resource call --color never | cat",
    );
    assert!(widest(&shown) > 100, "{shown}");
}

#[test]
fn a_live_summary_says_what_it_reads_and_redraws_by_reprinting_on_a_dumb_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("app.log");
    std::fs::write(&log, "").expect("write");
    let log = log.display();
    let shown = shell_on_a_terminal(
        100,
        &format!("timeout -s INT 2 voiperr diagnose --summary --follow {log}"),
    );
    assert!(
        shown.contains(&format!("Reading {log}: no errors yet")),
        "{shown}"
    );
    let fixture = crate::common::fixture("log-lines.log");
    let shown = shell_on_a_terminal(
        100,
        &format!(
            "(sleep 1; cat {} >> {log}) & TERM=dumb timeout -s INT 3 voiperr diagnose --summary --follow {log}",
            fixture.display()
        ),
    );
    assert!(shown.contains("CALL_NOT_FOUND"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

#[test]
fn field_notes_on_cards_are_conditions_not_claims_about_a_response() {
    let names: Vec<String> = crate::common::listed_reasons()
        .iter()
        .filter_map(|r| r["reason"].as_str().map(str::to_owned))
        .collect();
    let cards = stdout_of(
        &voiperr()
            .arg("explain")
            .args(&names)
            .output()
            .expect("runs"),
    );
    let mut endpoints = String::new();
    for request in [
        "POST /agents",
        "PUT /conversations/{id}",
        "POST /conferences/{id}/recording_start",
        "GET /service_agents/talk_chats/{id}",
        "POST /auth/password_forgot",
        "POST /aiaudits",
    ] {
        let (method, path) = request.split_once(' ').expect("method and path");
        endpoints.push_str(&stdout_of(
            &voiperr()
                .args(["endpoint", method, path])
                .output()
                .expect("runs"),
        ));
    }
    let claims = ["This ", "On this ", "Some failures here", "The plan's "];
    for line in cards.lines().chain(endpoints.lines()) {
        let t = line.trim_start();
        let Some(text) = ["Field note", "Server", "Answers"]
            .iter()
            .find_map(|label| t.strip_prefix(label))
            .map(str::trim_start)
        else {
            continue;
        };
        assert!(
            !claims.iter().any(|c| text.starts_with(c)) && !text.contains(" came without"),
            "{line}"
        );
    }
    assert!(cards.contains("When RATE_LIMIT_EXCEEDED comes without a Retry-After header"));
}

#[test]
fn a_step_that_says_a_retry_cannot_help_makes_the_retry_step_the_other_case() {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(crate::common::fixture("recording-start-500.txt"))
        .output()
        .expect("runs");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let steps: Vec<&str> = d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        steps.iter().any(|s| s.contains("a retry will not help")),
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|s| s.starts_with("Otherwise, retry once")),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.starts_with("Retry once")),
        "{steps:?}"
    );
}
