//! Short answers first (issue 33): what people type is found, vague
//! queries stay unguessed, codes list what the server really sends, and
//! the rough edges of text, help, man pages and exit codes.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{all_of, fixture, shell_on_a_terminal, stdout_of, voiperr};

fn explain(args: &[&str]) -> std::process::Output {
    voiperr().arg("explain").args(args).output().expect("runs")
}

#[test]
fn single_words_and_glued_words_find_the_one_reason_they_name() {
    for (typed, name) in [
        ("hangup", "CALL_ALREADY_HANGUP"),
        ("ratelimit", "RATE_LIMIT_EXCEEDED"),
        ("rate limit", "RATE_LIMIT_EXCEEDED"),
        ("balance", "INSUFFICIENT_BALANCE"),
        ("frozen", "ACCOUNT_FROZEN"),
    ] {
        let out = explain(&[typed]);
        assert_eq!(out.status.code(), Some(0), "{typed}");
        assert!(
            stdout_of(&out).starts_with(name),
            "{typed}: {}",
            stdout_of(&out)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!(
                "'{typed}' is not a reason; showing the only one whose name says it, {name} (word match)"
            )),
            "{typed}: {}",
            all_of(&out)
        );
    }
    // Words given apart that name nothing alone are one query, typo and all.
    let out = explain(&["call", "alredy", "hangup"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).starts_with("CALL_ALREADY_HANGUP"));
}

#[test]
fn words_of_several_names_are_a_choice_not_a_guess() {
    for (typed, names) in [
        (
            "limit",
            &["RATE_LIMIT_EXCEEDED", "RESOURCE_LIMIT_EXCEEDED"][..],
        ),
        (
            "recording",
            &[
                "RECORDING_NOT_FOUND",
                "RECORDING_ALREADY_ACTIVE",
                "RECORDING_NOT_ACTIVE",
            ],
        ),
    ] {
        let out = explain(&[typed]);
        assert_eq!(out.status.code(), Some(1), "{typed}");
        assert_eq!(stdout_of(&out), "", "{typed}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        for name in names {
            assert!(stderr.contains(&format!("'{name}'")), "{typed}: {stderr}");
        }
    }
    for vague in ["call", "too", "many", "found"] {
        assert_eq!(explain(&[vague]).status.code(), Some(1), "{vague}");
    }
}

#[test]
fn every_reason_phrase_leads_to_its_code() {
    for (http, phrase) in [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (402, "Payment Required"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (409, "Conflict"),
        (429, "Too Many Requests"),
        (502, "Bad Gateway"),
        (504, "Gateway Timeout"),
    ] {
        let heading = format!("HTTP {http} {phrase}\n");
        for typed in [
            phrase.to_owned(),
            phrase.to_ascii_lowercase(),
            phrase.replace(' ', ""),
            format!("HTTP/1.1 {http} {phrase}"),
        ] {
            let out = explain(&[&typed]);
            assert_eq!(out.status.code(), Some(0), "{typed}");
            assert!(
                stdout_of(&out).starts_with(&heading),
                "{typed}: {}",
                stdout_of(&out)
            );
        }
        // Given as separate words, too.
        let words: Vec<&str> = phrase.split(' ').collect();
        assert!(
            stdout_of(&explain(&words)).starts_with(&heading),
            "{phrase}"
        );
    }
    // A phrase that is a reason's name shows the reason, and says whose phrase it is.
    for (typed, name, http) in [
        ("Service Unavailable", "SERVICE_UNAVAILABLE", 503),
        ("Internal Server Error", "INTERNAL", 500),
    ] {
        let out = explain(&[typed]);
        assert!(stdout_of(&out).starts_with(name), "{typed}");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains(&format!("also the reason phrase of HTTP {http}")),
            "{typed}"
        );
    }
    // One typo, in the British spelling for one.
    assert!(stdout_of(&explain(&["unauthorised"])).starts_with("HTTP 401 Unauthorized"));
}

#[test]
fn a_code_lists_what_the_server_sends_with_each_reasons_retry() {
    let out = explain(&["429"]);
    let text = stdout_of(&out);
    assert!(text.contains("RATE_LIMIT_EXCEEDED"), "{text}");
    assert!(text.contains("RESOURCE_LIMIT_EXCEEDED *"), "{text}");
    // Not "wait for Retry-After" for both: each has its own.
    assert!(text.contains("Retry       Depends on the reason"), "{text}");
    assert!(
        text.contains("Retry: do not retry unchanged"),
        "the plan limit is not a wait: {text}"
    );
    let json: Value = serde_json::from_slice(&explain(&["--json", "429"]).stdout).expect("JSON");
    assert_eq!(
        json[0]["reasons"],
        serde_json::json!(["RATE_LIMIT_EXCEEDED", "RESOURCE_LIMIT_EXCEEDED"])
    );
    assert_eq!(
        json[0]["retry_by_reason"]["RESOURCE_LIMIT_EXCEEDED"],
        "do_not_retry"
    );
    assert_eq!(
        json[0]["retry_by_reason"]["RATE_LIMIT_EXCEEDED"],
        "after_retry_after"
    );
    assert_eq!(json[0]["phrase"], "Too Many Requests");
    // TOO_MANY_REQUESTS, the name people guess, is the code, with what tells its reasons apart.
    let text = stdout_of(&explain(&["TOO_MANY_REQUESTS"]));
    assert!(text.starts_with("HTTP 429 Too Many Requests"), "{text}");
    assert!(text.contains("Which       Both are 429."), "{text}");
}

#[test]
fn explain_all_adds_the_reasons_the_server_never_sends() {
    let plain = stdout_of(&explain(&["409"]));
    assert!(
        !plain.contains("CALL_ALREADY_HANGUP †"),
        "never-sent reasons are not rows by default: {plain}"
    );
    assert!(plain.contains("Never sent  CALL_ALREADY_HANGUP"), "{plain}");
    let out = explain(&["--all", "409"]);
    assert_eq!(out.status.code(), Some(0));
    let all = stdout_of(&out);
    assert!(all.contains("    CALL_ALREADY_HANGUP †"), "{all}");
    assert!(all.contains("(8 sent, 6 never sent †)"), "{all}");
    let json: Value = serde_json::from_slice(&explain(&["--json", "409"]).stdout).expect("JSON");
    assert!(
        json[0]["never_sent"]
            .as_array()
            .expect("never_sent")
            .contains(&Value::from("CALL_ALREADY_HANGUP"))
    );
}

#[test]
fn search_rows_say_where_they_matched_and_skip_pointers_to_other_tables() {
    let out = voiperr()
        .args(["search", "balance"])
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(text.contains("Matched"), "{text}");
    assert!(text.contains("resource note"), "{text}");
    // "see INSUFFICIENT_BALANCE in the Generic / Cross-cutting Reasons table above" is no hit.
    assert!(!text.contains("│ MESSAGE_NOT_FOUND"), "{text}");
    assert!(!text.contains("│ EMAIL_NOT_FOUND"), "{text}");
    let json: Value = serde_json::from_slice(
        &voiperr()
            .args(["search", "--json", "balance"])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    let first = &json["reasons"][0];
    assert_eq!(first["reason"], "INSUFFICIENT_BALANCE");
    assert_eq!(first["matched"][0], "name");
}

#[test]
fn fail_on_refuses_what_is_no_class_and_no_reason() {
    for (value, meant) in [
        ("retryable", "not-retryable"),
        ("CALL_NOT_FOUNDD", "CALL_NOT_FOUND"),
        ("4xxx", "4xx"),
    ] {
        voiperr()
            .args(["diagnose", "--fail-on", value])
            .arg(fixture("bare-reason.txt"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "'{value}' is neither a class to fail on nor a reason in the catalog (did you mean {meant}?)"
            )))
            // Every form, not only the code forms.
            .stderr(predicate::str::contains(
                "any, 4xx, 5xx, a code (429), a range (500-504), a reason's name or alias, unknown",
            ));
    }
    // A catalog name or alias is a class.
    voiperr()
        .args(["diagnose", "--fail-on", "CALL_NOT_FOUND"])
        .arg(fixture("bare-reason.txt"))
        .assert()
        .code(1);
    voiperr()
        .args(["diagnose", "--fail-on", "call-already-ended"])
        .arg(fixture("bare-reason.txt"))
        .assert()
        .code(0);
}

#[test]
fn list_of_a_code_no_reason_has_is_a_sentence() {
    voiperr()
        .args(["list", "--status", "418"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no reason is sent with HTTP 418: the API's errors are 400, 401, 402, 403, 404, 409, 429, 500 and 503",
        ));
    voiperr()
        .args(["list", "--resource", "agent", "--status", "429"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "1 unpublished reason does: add --all",
        ));
    // A phrase works as a status.
    voiperr()
        .args(["list", "--status", "Too Many Requests", "--format", "plain"])
        .assert()
        .success()
        .stdout("RATE_LIMIT_EXCEEDED\n");
}

#[test]
fn a_log_with_an_unknown_reason_is_diagnosed_and_counted_honestly() {
    let log = fixture("seven-errors.log");
    // Every error diagnosed, one reason unknown: exit 0 (unless --fail-on says otherwise).
    voiperr().arg("diagnose").arg(&log).assert().code(0);
    voiperr()
        .args(["diagnose", "--fail-on", "unknown"])
        .arg(&log)
        .assert()
        .code(1);
    let summary = voiperr()
        .args(["diagnose", "--summary"])
        .arg(&log)
        .output()
        .expect("runs");
    assert_eq!(summary.status.code(), Some(0));
    assert!(
        stdout_of(&summary).ends_with("7 errors, 4 distinct reasons, 2 without a reason\n"),
        "{}",
        stdout_of(&summary)
    );
    let json: Value = serde_json::from_slice(
        &voiperr()
            .args(["diagnose", "--summary", "--json"])
            .arg(&log)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    assert_eq!(json["distinct"], 4);
    // --top 0: the totals alone.
    voiperr()
        .args(["diagnose", "--summary", "--top", "0"])
        .arg(&log)
        .assert()
        .success()
        .stdout("7 errors, 4 distinct reasons, 2 without a reason\n");
}

#[test]
fn diagnosis_text_has_no_rough_edges() {
    let out = voiperr()
        .env("COLUMNS", "80")
        .args(["diagnose"])
        .arg(fixture("seven-errors.log"))
        .arg(fixture("curl-v-hangup.txt"))
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    // A status without a body reads as a phrase: what, the code, then where.
    assert!(
        text.contains("1. Status without a body: HTTP 401  ("),
        "{text}"
    );
    // "If this was a POST request" once, whatever the notes it holds.
    for diagnosis in text.split("\n\n") {
        assert!(
            diagnosis.matches("If this was a POST request").count() <= 1,
            "{diagnosis}"
        );
    }
    // A URL or path is never cut in two.
    assert!(
        text.lines().any(|l| l
            .trim()
            .starts_with("/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup?accesskey=")),
        "{text}"
    );
    // The plan limit's fix says what helps; nothing says no fix is known.
    assert!(!text.contains("No client-side fix"), "{text}");
    assert!(
        text.contains("delete agents you no longer need, or"),
        "{text}"
    );
}

/// Every next step of every fixture's diagnosis is a sentence: a capital, and a full stop.
#[test]
fn every_next_step_is_a_sentence() {
    let dir = fixture("clients");
    let mut inputs: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("clients")
        .chain(std::fs::read_dir(fixture("")).expect("fixtures"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    let out = voiperr()
        .args(["diagnose", "--json"])
        .args(&inputs)
        .output()
        .expect("runs");
    let mut seen = 0;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let d: Value = serde_json::from_str(line).expect("NDJSON");
        for step in d["next_steps"].as_array().expect("steps") {
            let step = step.as_str().expect("text");
            seen += 1;
            assert!(
                step.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{step}"
            );
            assert!(step.ends_with('.') || step.ends_with(".)"), "{step}");
        }
    }
    assert!(seen > 500, "{seen} steps");
}

#[test]
fn notes_come_after_the_output_on_a_terminal_wrapped_and_past_the_pager() {
    // Without a pager: the card, then the note, no word cut at 60 columns.
    let shown = shell_on_a_terminal(60, "voiperr --no-pager explain hangup --color never");
    let card = shown.find("CALL_ALREADY_HANGUP  409").expect("the card");
    let note = shown.find("note:").expect("the note");
    assert!(note > card, "{shown}");
    // The note, wrapped under its label: no word cut by the terminal.
    let said: Vec<&str> = shown[note..].lines().collect();
    assert!(said.len() > 1, "{shown}");
    for line in &said {
        assert!(line.chars().count() <= 60, "{line:?} in\n{shown}");
    }
    assert!(said[1..].iter().all(|l| l.starts_with("      ")), "{shown}");
    assert!(shown.contains("(word match)"), "{shown}");
    // Through a pager: the note after everything it showed.
    let shown = shell_on_a_terminal(
        100,
        "VOIPERR_PAGER='sed s/^/PAGED:/' voiperr explain 404 409 hangup --color never",
    );
    let last_paged = shown.rfind("PAGED:").expect("paged output");
    let note = shown.find("note:").expect("a note");
    assert!(note > last_paged, "{shown}");
    // Each said once, though both codes mark their unpublished reasons.
    assert_eq!(
        shown.matches("note: * not on the published page").count(),
        1,
        "{shown}"
    );
}

#[test]
fn help_and_man_pages_say_what_they_should() {
    let help = stdout_of(
        &voiperr()
            .env("COLUMNS", "80")
            .arg("--help")
            .output()
            .expect("runs"),
    );
    let environment = &help[help.find("Environment:").expect("Environment")..];
    // Every variable's text starts in one column.
    let columns: Vec<usize> = environment
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| {
            let after_name = l[2..].find("  ").expect("two columns") + 2;
            after_name + l[after_name..].len() - l[after_name..].trim_start().len()
        })
        .collect();
    assert!(columns.len() >= 6, "{environment}");
    assert!(columns.iter().all(|c| *c == columns[0]), "{environment}");
    // diagnose's signals are diagnose's.
    let explain_help = stdout_of(
        &voiperr()
            .args(["explain", "--help"])
            .output()
            .expect("runs"),
    );
    assert!(!explain_help.contains("Ctrl-C"), "{explain_help}");
    assert!(explain_help.contains("--all"), "{explain_help}");
    let diagnose_help = stdout_of(
        &voiperr()
            .args(["diagnose", "--help"])
            .output()
            .expect("runs"),
    );
    assert!(
        diagnose_help.contains("Ctrl-C, SIGTERM or SIGHUP"),
        "{diagnose_help}"
    );

    let page = stdout_of(&voiperr().args(["man", "diagnose"]).output().expect("runs"));
    let synopsis = &page[page.find(".SH SYNOPSIS").expect("SYNOPSIS")
        ..page.find(".SH DESCRIPTION").expect("DESCRIPTION")];
    for usage in [
        "[FILE]...",
        "[\\-\\-top N]",
        "[\\-\\-fail\\-on CLASS]...",
        "[\\-f|\\-\\-follow]",
    ] {
        assert!(synopsis.contains(usage), "{usage} in {synopsis}");
    }
    let description = &page[page.find(".SH DESCRIPTION").expect("DESCRIPTION")
        ..page.find(".SH OPTIONS").expect("OPTIONS")];
    assert!(
        description.contains("Reads what a failed API call printed"),
        "{description}"
    );
    let exit = &page[page.find(".SH \"EXIT STATUS\"").expect("EXIT STATUS")
        ..page.find(".SH ENVIRONMENT").expect("ENVIRONMENT")];
    assert!(exit.contains("\\-\\-fail\\-on"), "{exit}");
    let rest = &page[page.find(".SH ENVIRONMENT").expect("ENVIRONMENT")..];
    assert!(rest.contains("VOIPERR_PAGER, PAGER"), "{rest}");
    assert!(
        rest.contains("\\-\\-format github \\-\\-fail\\-on"),
        "{rest}"
    );
}

#[test]
fn an_unsupported_docs_url_scheme_is_said_to_be_one() {
    voiperr()
        .args(["--docs-url", "ftp://x", "explain", "404"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--docs-url 'ftp://x': the ftp scheme is not supported; give the https://, http:// or file:// URL",
        ));
    voiperr()
        .args(["--docs-url", "docs", "explain", "404"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'docs' is not a URL"));
}

#[test]
fn a_route_the_server_does_not_serve_says_so_and_offers_the_nearest() {
    let out = voiperr()
        .args(["endpoint", "POST", "/calls/123/hangupp"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(
        text.starts_with("POST /calls/123/hangupp  not served (404 ROUTE_NOT_FOUND)"),
        "{text}"
    );
    let near = text.find("Did you mean").expect("did you mean");
    assert!(
        text[near..].contains("    POST /v1.0/calls/{id}/hangup"),
        "{text}"
    );
    // No call table for a route nothing serves.
    assert!(!text.contains("CALL_NOT_FOUND"), "{text}");
    let view: Value = serde_json::from_slice(
        &voiperr()
            .args(["endpoint", "--json", "POST /calls/123/hangupp"])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    assert_eq!(view["served"], false);
    assert_eq!(view["did_you_mean"][0], "POST /v1.0/calls/{id}/hangup");
    // A route the page names but the server does not serve: exit 1 too.
    let out = voiperr()
        .args(["endpoint", "POST /contacts/{id}/phone-numbers"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(
        text.contains("not served (404 ROUTE_NOT_FOUND)")
            && text.contains("the published page names it for CONTACT_NOT_FOUND"),
        "{text}"
    );
}

#[test]
fn one_route_one_name_one_merged_list() {
    // With or without /v1.0: the route as the server serves it.
    for typed in [
        "POST /calls",
        "POST /v1.0/calls",
        "post https://api.voipbin.net/v1.0/calls",
    ] {
        let out = voiperr().args(["endpoint", typed]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{typed}");
        let text = stdout_of(&out);
        assert_eq!(
            text.lines().next(),
            Some("POST /v1.0/calls"),
            "{typed}: {text}"
        );
        // One list: the page's IDENTITY_VERIFICATION_REQUIRED and the server's PERMISSION_DENIED.
        let answers = text.find("Answers").expect("answers");
        let list = &text[answers..text.find("Every route").unwrap_or(text.len())];
        assert!(
            list.contains("IDENTITY_VERIFICATION_REQUIRED") && list.contains("PERMISSION_DENIED"),
            "{text}"
        );
        assert_eq!(text.matches("Answers").count(), 1, "{text}");
    }
    let long = stdout_of(
        &voiperr()
            .args(["endpoint", "--verbose", "POST /calls"])
            .output()
            .expect("runs"),
    );
    // No cause about another route on this route's page.
    assert!(!long.contains("Fired by"), "{long}");
    assert!(long.contains("calls.go:"), "{long}");
    let view: Value = serde_json::from_slice(
        &voiperr()
            .args(["endpoint", "--json", "POST /calls"])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    assert_eq!(view["served_as"], serde_json::json!(["POST /v1.0/calls"]));
    let answer = |name: &str| {
        view["answers"]
            .as_array()
            .expect("answers")
            .iter()
            .find(|a| a["reason"] == name)
            .unwrap_or_else(|| panic!("{name}: {view}"))
            .clone()
    };
    assert_eq!(
        answer("IDENTITY_VERIFICATION_REQUIRED")["from"],
        serde_json::json!(["page"])
    );
    assert!(
        answer("PERMISSION_DENIED")["from"]
            .to_string()
            .contains("server")
    );
    assert!(
        answer("PERMISSION_DENIED")["sources"][0]
            .as_str()
            .unwrap()
            .contains("call.go:")
    );
    assert!(
        !answer("IDENTITY_VERIFICATION_REQUIRED")["cause"]
            .as_str()
            .unwrap()
            .contains("Fired by")
    );
    // The page's and the server's lists stay, as they were.
    assert!(view["reasons"].is_array() && view["server"]["routes"].is_array());
}

#[test]
fn a_field_notes_step_the_retry_step_says_is_said_once() {
    let input = "> POST /v1.0/calls HTTP/1.1\n< HTTP/1.1 503 Service Unavailable\n<\n{\"error\":{\"status\":\"UNAVAILABLE\",\"reason\":\"SERVICE_UNAVAILABLE\",\"message\":\"m\",\"request_id\":\"r\"}}\n";
    let out = voiperr()
        .args(["diagnose"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert_eq!(text.matches("took effect").count(), 1, "{text}");
    assert!(text.contains("1. Retry with exponential backoff"), "{text}");
}
