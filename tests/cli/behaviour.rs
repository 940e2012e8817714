//! Cards and diagnoses say what the server really does (`server-behaviour.md`).

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{stdout_of, voiperr};

/// `explain --json QUERY`: the first entry.
fn explained(query: &str) -> Value {
    let out = voiperr()
        .args(["explain", "--json", query])
        .output()
        .expect("runs");
    let entries: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    entries[0].clone()
}

/// The (http, reasons) of each answer the server gives instead of a reason.
fn answers(entry: &Value) -> Vec<(Value, Value)> {
    entry["server"]["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| (a["http"].clone(), a["reasons"].clone()))
        .collect()
}

#[test]
fn insufficient_balance_is_never_sent_and_says_what_low_balance_answers() {
    let entry = explained("INSUFFICIENT_BALANCE");
    assert_eq!(entry["emitted"], false);
    assert_eq!(entry["retry"]["key"], "not_sent");
    let seen = answers(&entry);
    for (http, reasons) in [
        (500, vec![]),
        (500, vec![]),
        (500, vec![]),
        (400, vec!["INVALID_ARGUMENT"]),
        (200, vec![]),
    ] {
        assert!(
            seen.contains(&(serde_json::json!([http]), serde_json::json!(reasons))),
            "{http}: {seen:?}"
        );
    }
    voiperr()
        .args(["explain", "INSUFFICIENT_BALANCE", "--verbose"])
        .assert()
        .success()
        .stdout(predicate::str::contains("POST /numbers → 500"))
        .stdout(predicate::str::contains("POST /messages → 500"))
        .stdout(predicate::str::contains(
            "POST /emails → 400 INVALID_ARGUMENT",
        ))
        .stdout(predicate::str::contains("POST /numbers/renew → 200"))
        .stdout(
            predicate::str::contains("Top up the customer balance")
                .and(predicate::str::contains("What the published page says:")),
        );
}

#[test]
fn talk_reasons_that_never_reach_a_client() {
    let message = explained("TALK_MESSAGE_NOT_FOUND");
    assert_eq!(message["emitted"], false);
    let chat = explained("CHAT_NOT_FOUND");
    assert_eq!(chat["emitted"], false);
    assert!(
        answers(&chat).contains(&(
            serde_json::json!([403]),
            serde_json::json!(["PERMISSION_DENIED"])
        )),
        "{chat}"
    );
    assert!(answers(&chat).contains(&(serde_json::json!([500]), serde_json::json!([]))));
}

#[test]
fn identity_verification_also_comes_from_post_calls() {
    let entry = explained("IDENTITY_VERIFICATION_REQUIRED");
    assert_eq!(
        entry["server"]["endpoints"],
        serde_json::json!(["POST /calls"])
    );
    voiperr()
        .args(["endpoint", "POST", "/calls"])
        .assert()
        .success()
        .stdout(predicate::str::contains("IDENTITY_VERIFICATION_REQUIRED"));
}

#[test]
fn recording_not_active_is_a_200_with_an_empty_call() {
    let entry = explained("RECORDING_NOT_ACTIVE");
    assert_eq!(entry["emitted"], false);
    assert!(answers(&entry).contains(&(serde_json::json!([200]), serde_json::json!([]))));
}

#[test]
fn hangup_lists_what_it_can_really_answer() {
    let out = voiperr()
        .args(["endpoint", "--verbose", "POST", "/calls/{id}/hangup"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    for expected in [
        "POST /calls/{id}/hangup → 200",
        "→ 404 CALL_NOT_FOUND",
        "→ 409 STATE_INVALID",
        "CALL_NOT_FOUND",
        "STATE_INVALID",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    let out = voiperr()
        .args(["endpoint", "--json", "POST", "/calls/{id}/hangup"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let kinds: Vec<&str> = view["field_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"success") && kinds.contains(&"documented"),
        "{kinds:?}"
    );
}

/// `diagnose --json` of a `curl -si`-style exchange: the single diagnosis.
fn diagnosed(request: &str, status: &str, body: &str) -> (i32, Value) {
    let input = format!("> {request} HTTP/1.1\n>\n< HTTP/1.1 {status}\n<\n{body}\n");
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    let first = text.lines().next().unwrap_or("null");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(first).expect("a diagnosis"),
    )
}

fn note_ids(d: &Value) -> Vec<String> {
    d["field_notes"]
        .as_array()
        .map(|notes| {
            notes
                .iter()
                .filter_map(|n| n["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn diagnose_uses_what_the_server_really_does() {
    let envelope = |status: &str, reason: &str| {
        format!(
            r#"{{"error":{{"status":"{status}","reason":"{reason}","message":"m","request_id":"req_b"}}}}"#
        )
    };
    let (code, d) = diagnosed(
        "GET /v1.0/service_agents/talk_chats/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a",
        "403 Forbidden",
        &envelope("PERMISSION_DENIED", "PERMISSION_DENIED"),
    );
    assert_eq!(code, 0);
    assert!(
        note_ids(&d).contains(&"talk-chat-unknown-403".to_owned()),
        "{d}"
    );
    assert!(d.to_string().contains("unknown chat ID"), "{d}");

    for (request, id) in [
        ("POST /v1.0/numbers", "low-balance-numbers-500"),
        ("POST /v1.0/messages", "low-balance-messages-500"),
    ] {
        let (_, d) = diagnosed(
            request,
            "500 Internal Server Error",
            &envelope("INTERNAL", "INTERNAL"),
        );
        assert!(note_ids(&d).contains(&id.to_owned()), "{request}: {d}");
        assert!(d.to_string().contains("balance"), "{d}");
    }

    let (_, d) = diagnosed(
        "POST /v1.0/auth/signup",
        "404 Not Found",
        &envelope("NOT_FOUND", "ROUTE_NOT_FOUND"),
    );
    assert_eq!(note_ids(&d), ["auth-under-v1-404"], "{d}");
    assert!(
        d["next_steps"][0]
            .as_str()
            .unwrap_or_default()
            .contains("Drop /v1.0"),
        "{d}"
    );
    // `/v1.0/auth/signup` is not `/auth/signup`: the signup notes stay out of it.
    let (_, d) = diagnosed("POST /v1.0/auth/signup", "200 OK", "{}");
    assert!(
        d.is_null() || !note_ids(&d).iter().any(|id| id.starts_with("auth-signup")),
        "{d}"
    );

    // A 200 on a hangup is the right answer: nothing is flagged.
    let call = r#"{"id":"0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a","status":"hangup"}"#;
    let out = voiperr()
        .arg("diagnose")
        .write_stdin(format!(
            "> POST /v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup HTTP/1.1\n>\n< HTTP/1.1 200 OK\n<\n{call}\n"
        ))
        .output()
        .expect("runs");
    assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
}

#[test]
fn a_reason_the_catalog_says_is_never_sent_is_believed_when_sent() {
    let input = r#"{"error":{"status":"FAILED_PRECONDITION","reason":"CALL_ALREADY_HANGUP","message":"m","request_id":"r"}}"#;
    voiperr()
        .arg("diagnose")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "the server may be newer than the catalog",
        ))
        .stdout(predicate::str::contains("not emitted by the server today").not())
        .stdout(predicate::str::contains("Do not retry unchanged"));
    voiperr()
        .args(["explain", "BILLING_ACCESS_DENIED"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("never sends it"));
    let entry = explained("BILLING_ACCESS_DENIED");
    assert_eq!(entry["kind"], "miss");
    assert_eq!(
        entry["field_notes"][0]["id"],
        "billing-access-denied-example"
    );
}

#[test]
fn names_that_could_mean_two_reasons_show_both() {
    for (name, a, b) in [
        (
            "PHONE_NUMBER_NOT_FOUND",
            "NUMBER_NOT_FOUND",
            "CONTACT_PHONE_NUMBER_NOT_FOUND",
        ),
        ("INVALID_UUID", "INVALID_REQUEST_PARAMETER", "INVALID_ID"),
        (
            "RATE_LIMITED",
            "RATE_LIMIT_EXCEEDED",
            "RESOURCE_LIMIT_EXCEEDED",
        ),
    ] {
        let out = voiperr().args(["explain", name]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = stdout_of(&out);
        assert!(
            text.starts_with(&format!(
                "{name} is not a reason; it could mean {a} or {b}."
            )),
            "{text}"
        );
        assert!(text.contains("Which"), "{text}");
        let entry = explained(name);
        assert_eq!(entry["kind"], "ambiguous");
        assert_eq!(entry["candidates"][0]["reason"], a);
        assert_eq!(entry["candidates"][1]["reason"], b);
        assert!(entry["why"].as_str().is_some_and(|w| w.contains(a)));
    }
}

#[test]
fn next_steps_say_the_concrete_thing() {
    // ACCOUNT_FROZEN: the recovery endpoint it sent, and the days left.
    let days = |n: u64| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let day = (now / 86_400) as i64 + n as i64;
        voiperr::diagnose::stamp::rfc3339(day * 86_400 + 12 * 3600)
    };
    let frozen = |effective: String| {
        format!(
            r#"{{"error":{{"status":"PERMISSION_DENIED","reason":"ACCOUNT_FROZEN","message":"m","request_id":"r","details":[{{"deletion_scheduled_at":null,"deletion_effective_at":"{effective}","recovery_endpoint":"DELETE /auth/unregister"}}]}}}}"#
        )
    };
    let (_, d) = diagnosed("GET /v1.0/calls", "403 Forbidden", &frozen(days(12)));
    let first = d["next_steps"][0].as_str().unwrap_or_default();
    assert!(
        first.starts_with("Call DELETE /auth/unregister to restore the account: 12 days are left"),
        "{d}"
    );
    let past = "2020-01-01T00:00:00Z".to_owned();
    let (_, d) = diagnosed("GET /v1.0/calls", "403 Forbidden", &frozen(past));
    assert!(
        d["next_steps"][0]
            .as_str()
            .unwrap_or_default()
            .contains("has passed"),
        "{d}"
    );

    // The older {"msg"} body has no error.message to inspect.
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(r#"{"msg": "Query argument page_size is required, but not found"}"#)
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(!text.contains("error.message"), "{text}");
    assert!(text.contains("Add the parameter page_size"), "{text}");

    // Support is named once, and no retry after a note that says it cannot succeed.
    let (_, d) = diagnosed(
        "POST /v1.0/queues",
        "500 Internal Server Error",
        r#"{"error":{"status":"INTERNAL","reason":"INTERNAL","message":"m","request_id":"req_q"}}"#,
    );
    let steps: Vec<&str> = d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(note_ids(&d).contains(&"plan-limit-500".to_owned()), "{d}");
    assert!(
        steps.iter().all(|s| !s.starts_with("Retry once")),
        "{steps:?}"
    );
    assert!(
        steps.iter().filter(|s| s.contains("support")).count() <= 1,
        "{steps:?}"
    );
    let (_, d) = diagnosed(
        "GET /v1.0/agents",
        "500 Internal Server Error",
        r#"{"error":{"status":"INTERNAL","reason":"INTERNAL","message":"m","request_id":"req_q"}}"#,
    );
    let support = d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s.as_str().unwrap_or_default().contains("support"))
        .count();
    assert_eq!(support, 1, "{d}");
}
