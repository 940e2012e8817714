//! `diagnose`: one test per kind of input (fixtures in tests/fixtures).

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{fixture, stdout_of, voiperr};

fn diagnose(name: &str) -> std::process::Output {
    voiperr()
        .arg("diagnose")
        .arg(fixture(name))
        .output()
        .expect("runs")
}

fn json_lines(name: &str) -> Vec<Value> {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(fixture(name))
        .output()
        .expect("runs");
    stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("NDJSON line"))
        .collect()
}

#[test]
fn compact_and_pretty_envelopes_and_bare_objects() {
    let out = diagnose("envelope-compact.json");
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.contains("CALL_NOT_FOUND  404 NOT_FOUND"), "{text}");
    assert!(text.contains("req_01HXCALL") && text.contains("The call was not found."));
    assert!(text.contains("1. Verify the ID was obtained from a recent GET /calls list call."));
    assert!(text.contains("2. Do not retry unchanged"));

    let pretty = stdout_of(&diagnose("envelope-pretty.json"));
    assert!(
        pretty.contains("RATE_LIMIT_EXCEEDED")
            && pretty.contains("Limited by  customer: limited per customer"),
        "{pretty}"
    );
    // No headers were shown, so none is said to be missing.
    assert!(!pretty.contains("No Retry-After came with it"), "{pretty}");
    assert!(pretty.contains("(not shown here)"), "{pretty}");

    let frozen = stdout_of(&diagnose("bare-error-object.json"));
    assert!(
        frozen.contains("Recovery    DELETE /auth/unregister: call it to restore the account"),
        "{frozen}"
    );
    assert!(frozen.contains("2026-12-01T00:00:00Z"));
}

#[test]
fn curl_i_with_continue_crlf_and_http2_headers() {
    let text = stdout_of(&diagnose("curl-i-http11-crlf.txt"));
    assert!(
        text.contains("CALL_ALREADY_HANGUP  409 FAILED_PRECONDITION"),
        "{text}"
    );
    assert!(text.contains("req_01HXHANG"));
    let rate = json_lines("curl-i-http2-rate-limit.txt");
    assert_eq!(rate.len(), 1);
    assert_eq!(rate[0]["http"], 429);
    assert_eq!(rate[0]["facts"]["retry_after"], "17");
    assert_eq!(rate[0]["facts"]["limited_by"], "ip");
    assert!(
        rate[0]["next_steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s == "Wait at least 17 seconds (Retry-After), then retry.")
    );
}

#[test]
fn curl_v_gives_the_request_and_masks_credentials() {
    let out = diagnose("curl-v-hangup.txt");
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(
        text.contains("POST /v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup?accesskey=***"),
        "{text}"
    );
    assert!(text.contains("Resource    call (Call Reasons)"), "{text}");
    for secret in ["SECRETKEY123", "SECRETTOKEN", "SECRETCOOKIE"] {
        assert!(!text.contains(secret));
    }
    let json = json_lines("curl-v-hangup.txt");
    assert_eq!(json[0]["request"]["path"], "/calls/{id}/hangup");
    assert_eq!(json[0]["request"]["resource"], "call");
    assert!(!json[0].to_string().contains("SECRETKEY123"));
}

#[test]
fn log_lines_and_nested_ndjson() {
    let log = json_lines("log-lines.log");
    let reasons: Vec<&str> = log
        .iter()
        .map(|d| d["reason"].as_str().expect("reason"))
        .collect();
    assert_eq!(
        reasons,
        ["CALL_NOT_FOUND", "INVALID_CREDENTIALS", "CALL_NOT_FOUND"]
    );
    assert_eq!(log[1]["request_id"], "req_b");
    assert_eq!(log[1]["line"], 3);
    let nested = json_lines("nested.ndjson");
    assert_eq!(nested.len(), 2);
    assert_eq!(nested[1]["reason"], "SERVICE_UNAVAILABLE");
    // The API takes no idempotency key (servicehandler/customer.go ~94).
    let steps = nested[1]["next_steps"].to_string();
    assert!(steps.contains("takes no idempotency key"), "{steps}");
    assert!(!steps.contains("same idempotency key"), "{steps}");
    assert!(nested[1]["next_steps"].to_string().contains("req_n2"));
}

#[test]
fn older_msg_bodies_name_the_parameter() {
    let invalid = json_lines("legacy-invalid.json");
    assert_eq!(invalid[0]["reason"], "INVALID_REQUEST_PARAMETER");
    assert_eq!(invalid[0]["facts"]["parameter"], "id");
    let missing = json_lines("legacy-missing.json");
    assert_eq!(missing[0]["reason"], "MISSING_REQUEST_PARAMETER");
    assert_eq!(missing[0]["facts"]["parameter"], "page_size");
}

#[test]
fn an_empty_400_says_what_it_usually_means() {
    let out = diagnose("auth-empty-400.txt");
    assert!(out.status.success());
    assert!(
        stdout_of(&out).contains("The /auth handlers answer validation"),
        "{}",
        stdout_of(&out)
    );
}

/// A page from a proxy, or no answer at all, is diagnosed (exit 0); input
/// with no error in it at all is exit 1.
#[test]
fn no_envelope_means_not_the_api() {
    let out = diagnose("proxy-502.html");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("most likely came from a proxy or load balancer"));
    voiperr()
        .arg("diagnose")
        .arg(fixture("html-only.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the input is an HTML page ('504 Gateway Time-out')",
        ));
    let curl = diagnose("curl-error.txt");
    assert_eq!(curl.status.code(), Some(0));
    assert!(stdout_of(&curl).contains("never got an HTTP answer"));
    voiperr()
        .arg("diagnose")
        .write_stdin("just some text\nand more\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no VoIPbin error in 2 lines"));
}

#[test]
fn a_bare_reason_from_stdin_is_explained() {
    voiperr()
        .arg("diagnose")
        .write_stdin("CALL_NOT_FOUND\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Call ID does not exist"));
}

#[test]
fn consistency_mismatches_are_warnings() {
    let out = diagnose("mismatch.txt");
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(
        text.contains(
            "Warning     The status line says HTTP 400, but error.status NOT_FOUND means HTTP 404."
        ),
        "{text}"
    );
    assert!(text.contains(
        "The catalog documents CALL_NOT_FOUND as HTTP 404, but this response is HTTP 400."
    ));
}

#[test]
fn unknown_reasons_fall_back_and_exit_0() {
    let out = diagnose("unknown-reason.json");
    // Diagnosed: an unknown reason is a finding, not a miss (--fail-on unknown fails on it).
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    assert!(
        text.contains("'BILLING_ACCESS_DENIED' is not in the catalog"),
        "{text}"
    );
    assert!(text.contains("fall back on its status. PERMISSION_DENIED"));
}

#[test]
fn truncated_json_is_reported_and_salvaged() {
    voiperr()
        .arg("diagnose")
        .arg(fixture("truncated.json"))
        .assert()
        .success()
        .stderr(predicate::str::contains("cut off"))
        .stdout(predicate::str::contains("CALL_NOT_FOUND"));
}

#[test]
fn field_notes_fire_on_their_responses() {
    let rec = stdout_of(&diagnose("recording-start-500.txt"));
    assert!(
        rec.contains("most likely means the call is already recording"),
        "{rec}"
    );
    assert!(
        rec.contains("Resource    recording (Recording Reasons)"),
        "{rec}"
    );
    let media = stdout_of(&diagnose("media-stream.txt"));
    assert!(
        media.contains("media_stream answers a failed websocket upgrade with plain text"),
        "{media}"
    );
    let signup = stdout_of(&diagnose("signup-200.txt"));
    assert!(
        signup.contains("means the signup itself failed"),
        "{signup}"
    );
    let nora = stdout_of(&diagnose("rate-limit-no-retry-after.txt"));
    assert!(nora.contains("came without a Retry-After header"), "{nora}");
    let aimsg = voiperr()
        .arg("diagnose")
        .write_stdin("> GET /v1.0/aimessages/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a HTTP/1.1\n< HTTP/1.1 404\n<\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"MESSAGE_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"r\"}}\n")
        .output()
        .expect("runs");
    assert!(stdout_of(&aimsg).contains("means the AI message was not found"));
}

#[test]
fn summary_counts_most_frequent_first() {
    let out = voiperr()
        .args(["diagnose", "--summary"])
        .arg(fixture("log-lines.log"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = stdout_of(&out);
    let call = text.find("CALL_NOT_FOUND").expect("row");
    let cred = text.find("INVALID_CREDENTIALS").expect("row");
    assert!(call < cred, "{text}");
    assert!(text.contains("3 errors, 2 distinct reasons"));
    let json = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .arg(fixture("log-lines.log"))
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert_eq!(view["total"], 3);
    assert_eq!(view["reasons"][0]["reason"], "CALL_NOT_FOUND");
    assert_eq!(view["reasons"][0]["count"], 2);
    assert_eq!(view["reasons"][0]["http"], 404);
}

#[test]
fn stdin_dash_and_unreadable_files() {
    voiperr()
        .args(["diagnose", "-"])
        .write_stdin(std::fs::read(fixture("envelope-compact.json")).expect("fixture"))
        .assert()
        .success();
    voiperr()
        .args(["diagnose", "/definitely/not/here.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read '/definitely/not/here.json'",
        ));
}

#[test]
fn field_notes_without_a_path_fire_on_their_reason() {
    for (reason, status, note) in [
        (
            "DESTINATION_NOT_ASSOCIATED",
            "INVALID_ARGUMENT",
            "contact-address lookup fails",
        ),
        (
            "BILLING_ACCESS_DENIED",
            "PERMISSION_DENIED",
            "documentation's example envelope",
        ),
        (
            "RATE_LIMIT_EXCEEDED",
            "RESOURCE_EXHAUSTED",
            "without a Retry-After header",
        ),
    ] {
        let input = format!(
            "HTTP/1.1 400 X\n\n{{\"error\":{{\"status\":\"{status}\",\"reason\":\"{reason}\",\"request_id\":\"r\"}}}}\n"
        );
        let out = voiperr()
            .args(["diagnose", "--json"])
            .write_stdin(input)
            .output()
            .expect("runs");
        let text = stdout_of(&out);
        assert!(text.contains(note), "{reason}: {text}");
    }
}

#[test]
fn not_emitted_reasons_are_never_offered_as_likely() {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin("{\"error\":{\"status\":\"FAILED_PRECONDITION\",\"reason\":\"RECORDING_ALREADY_STARTED\",\"request_id\":\"r\"}}\n")
        .output()
        .expect("runs");
    let d: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(d["known"], false);
    assert!(
        !d["suggestions"]
            .to_string()
            .contains("RECORDING_ALREADY_ACTIVE"),
        "{d}"
    );
}

#[test]
fn summary_bars_appear_only_on_a_terminal() {
    let piped = voiperr()
        .args(["diagnose", "--summary"])
        .arg(fixture("log-lines.log"))
        .output()
        .expect("runs");
    assert!(!stdout_of(&piped).contains('█'));
    // `script` gives the command a pseudo-terminal for stdout.
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let command = format!(
        "'{}' --color never diagnose --summary '{}'",
        bin.display(),
        fixture("log-lines.log").display()
    );
    let tty = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("COLUMNS", "100")
        .output()
        .expect("script(1) from util-linux runs");
    let text = stdout_of(&tty);
    assert!(text.contains("██████████"), "{text}");
    assert!(text.contains("█████ "), "{text}");
}

#[test]
fn a_terminal_on_stdin_gets_a_hint_not_a_wait() {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("'{}' diagnose", bin.display()),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script(1) runs");
    let text = stdout_of(&out);
    assert!(
        text.contains("nothing to diagnose: pipe a response in"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(2));
}
