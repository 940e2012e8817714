//! `explain`, `list`, `search`, `endpoint`, `--version`.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{stdout_of, voiperr};

#[test]
fn explain_an_alias_shows_the_real_reason_and_says_so() {
    voiperr()
        .args(["explain", "CALL_ALREADY_ENDED", "--verbose"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "CALL_ALREADY_HANGUP  409 FAILED_PRECONDITION  [not sent by the server]",
        ))
        // What really happens comes first: 200 on hangup, 409 STATE_INVALID,
        // 500 on recording_start and talk, 400 on hold and its kin.
        .stdout(predicate::str::contains("POST /calls/{id}/hangup → 200"))
        .stdout(predicate::str::contains("→ 409 STATE_INVALID"))
        .stdout(predicate::str::contains(
            "POST /calls/{id}/recording_start, /calls/{id}/talk → 500",
        ))
        .stdout(predicate::str::contains("→ 400 INVALID_ARGUMENT"))
        .stdout(predicate::str::contains("→ 404 CALL_NOT_FOUND"))
        // Then the page's text, as the page's.
        .stdout(predicate::str::contains("What the published page says:"))
        .stdout(predicate::str::contains(
            "Check current status via GET /calls/{id} before retrying.",
        ))
        // Never the page's retry advice for a reason the server does not send.
        .stdout(predicate::str::contains("Do not retry unchanged").not())
        .stderr(predicate::str::contains(
            "'CALL_ALREADY_ENDED' is another name for CALL_ALREADY_HANGUP; showing it (alias match)",
        ));
}

#[test]
fn explain_is_case_and_separator_insensitive_and_takes_several() {
    let out = voiperr()
        .args(["explain", "call-not-found", "409"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.starts_with("CALL_NOT_FOUND  404 NOT_FOUND"), "{text}");
    assert!(
        text.contains("HTTP 409")
            && text.contains("FAILED_PRECONDITION")
            && text.contains("ALREADY_EXISTS")
    );
    assert!(text.contains("ACTIVEFLOW_ALREADY_STOPPED"));
    // Only the notes on the marks of reasons the page lacks (`*`) or the server never sends (`†`).
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().all(|l| l.starts_with("note: † never sent")
            || l.starts_with("note: * not on the published page")),
        "{stderr}"
    );
}

#[test]
fn explain_a_typo_fuzzily_but_not_with_exact() {
    voiperr()
        .args(["explain", "RECORDNG_NOT_FOUND"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("RECORDING_NOT_FOUND"))
        .stderr(predicate::str::contains("fuzzy match"));
    voiperr()
        .args(["explain", "--exact", "RECORDNG_NOT_FOUND"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: 'RECORDNG_NOT_FOUND' is not a known reason",
        ))
        .stderr(
            predicate::str::contains("tip: a similar reason exists: 'RECORDING_NOT_FOUND'").or(
                predicate::str::contains("similar reasons exist: 'RECORDING_NOT_FOUND'"),
            ),
        );
}

#[test]
fn explain_a_miss_exits_1_with_candidates() {
    voiperr()
        .args(["explain", "CALL_NOT_FOUND", "XYZZY_PLUGH"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("CALL_NOT_FOUND"))
        .stderr(predicate::str::contains(
            "'XYZZY_PLUGH' is not a known reason",
        ));
}

#[test]
fn explain_a_status_name() {
    voiperr()
        .args(["explain", "not-found"])
        .assert()
        .success()
        .stdout(predicate::str::contains("HTTP 404"))
        .stdout(predicate::str::contains("CALL_NOT_FOUND"));
}

#[test]
fn explain_json_has_the_documented_schema() {
    let out = voiperr()
        .args([
            "explain",
            "--json",
            "CALL_ALREADY_ENDED",
            "409",
            "NOPE_NOPE",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let entries: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let first = &entries[0];
    for key in [
        "schema_version",
        "reason",
        "http",
        "status",
        "resource",
        "cause",
        "fix",
        "endpoints",
        "notes",
        "retry",
        "aliases",
        "match",
        "published",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["reason"], "CALL_ALREADY_HANGUP");
    assert_eq!(first["match"], "alias");
    assert_eq!(first["retry"]["key"], "not_sent");
    assert_eq!(first["server"]["sends_reason"], false);
    let answers = first["server"]["answers"].as_array().expect("answers");
    assert!(
        answers
            .iter()
            .any(|a| a["http"] == serde_json::json!([200]) && a["kind"] == "success"),
        "{answers:?}"
    );
    assert!(answers.iter().all(|a| a["source"]["commit"] == "2bf22fa4"));
    assert_eq!(entries[1]["kind"], "status");
    assert_eq!(entries[1]["http"], 409);
    assert_eq!(entries[2]["kind"], "miss");
}

#[test]
fn explain_marks_unpublished_and_not_emitted_reasons() {
    voiperr()
        .args(["explain", "CASE_CLOSED"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[unpublished]"))
        .stdout(predicate::str::contains("Not on the published page"));
    voiperr()
        .args(["explain", "RECORDING_ALREADY_ACTIVE"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[not sent by the server]"))
        .stdout(predicate::str::contains("Never sent"));
    let out = voiperr()
        .args(["explain", "--json", "CASE_CLOSED"])
        .output()
        .expect("runs");
    let entries: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(entries[0]["published"], false);
}

#[test]
fn list_one_resource_as_a_table() {
    let out = voiperr()
        .args(["list", "--resource", "call"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = stdout_of(&out);
    for name in [
        "CALL_NOT_FOUND",
        "CALL_ALREADY_HANGUP",
        "CALL_STATE_INVALID",
        "GROUPCALL_NOT_FOUND",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    assert!(!text.contains("RECORDING_NOT_FOUND"));
    assert!(
        text.lines().all(|l| l.chars().count() <= 100),
        "fits COLUMNS=100:\n{text}"
    );
}

#[test]
fn list_resolves_plurals_and_paths() {
    for input in [
        "calls",
        "CALL",
        "/calls/{id}/hangup",
        "/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a",
    ] {
        let out = voiperr()
            .args(["list", "--resource", input, "--format", "plain"])
            .output()
            .expect("runs");
        assert_eq!(
            stdout_of(&out),
            "CALL_NOT_FOUND\nCALL_ALREADY_HANGUP\nCALL_STATE_INVALID\nGROUPCALL_NOT_FOUND\n",
            "{input}"
        );
    }
}

#[test]
fn list_unknown_resource_is_a_usage_error_with_a_suggestion() {
    voiperr()
        .args(["list", "--resource", "cals"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("'cals' is not a known resource"))
        .stderr(predicate::str::contains("a similar value exists: 'call'"));
}

#[test]
fn list_by_status_as_json() {
    let out = voiperr()
        .args(["list", "--status", "409", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let view: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(view["schema_version"], 1);
    let reasons = view["reasons"].as_array().expect("array");
    assert_eq!(reasons.len(), 7);
    assert!(
        reasons
            .iter()
            .all(|r| r["http"] == 409 && r["published"] == true)
    );
    assert_eq!(view["hidden_unpublished"], 7);
    // A status that is also a reason name filters by status.
    let internal = voiperr()
        .args(["list", "--status", "INTERNAL", "--format", "plain"])
        .output()
        .expect("runs");
    assert_eq!(stdout_of(&internal), "INTERNAL\n");
    voiperr()
        .args(["list", "--status", "teapot"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not an HTTP code or canonical status",
        ));
}

#[test]
fn list_hides_unpublished_unless_all() {
    let out = voiperr()
        .args(["list", "--format", "plain"])
        .output()
        .expect("runs");
    assert_eq!(stdout_of(&out).lines().count(), 77);
    let all = voiperr()
        .args(["list", "--all", "--format", "plain"])
        .output()
        .expect("runs");
    assert_eq!(stdout_of(&all).lines().count(), 127);
    voiperr()
        .args(["list"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "50 reasons not on the published page are hidden; add --all",
        ));
}

#[test]
fn list_groups_and_other_formats() {
    let generic = voiperr()
        .args(["list", "--group", "generic", "--format", "plain"])
        .output()
        .expect("runs");
    assert_eq!(stdout_of(&generic).lines().count(), 19);
    let csv = voiperr()
        .args(["list", "--resource", "billing", "--format", "csv"])
        .output()
        .expect("runs");
    let text = stdout_of(&csv);
    assert!(text.starts_with("reason,http,status,resource,published,cause,fix\n"));
    assert!(text.contains("BILLING_NOT_FOUND,404,NOT_FOUND,billing,true,"));
    let md = voiperr()
        .args(["list", "--resource", "email", "--format", "markdown"])
        .output()
        .expect("runs");
    assert!(stdout_of(&md).contains("| `EMAIL_NOT_FOUND` | 404 | NOT_FOUND |"));
}

#[test]
fn list_resources_counts_sections() {
    let out = voiperr()
        .args(["list", "--resources", "--json"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&out.stdout).expect("json");
    let sections = view["sections"].as_array().expect("array");
    assert_eq!(sections.len(), 27);
    let total: u64 = sections
        .iter()
        .map(|s| s["reasons"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, 77);
    assert!(
        sections
            .iter()
            .any(|s| s["key"] == "timeline" && s["reasons"] == 3)
    );
}

#[test]
fn search_finds_every_word_best_first() {
    let out = voiperr()
        .args(["search", "balance"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(stdout_of(&out).contains("INSUFFICIENT_BALANCE"));
    let json = voiperr()
        .args(["search", "--json", "recording", "stop"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(
        view["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["reason"] == "RECORDING_ALREADY_ACTIVE")
    );
    voiperr()
        .args(["search", "balance", "zebra"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no reason mentions all of: balance zebra",
        ));
}

#[test]
fn endpoint_view_lists_reasons_and_field_notes() {
    voiperr()
        .args([
            "endpoint",
            "POST",
            "/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/recording-start",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("CHANNEL_NOT_FOUND"))
        .stdout(predicate::str::contains(
            "A 500 from recording_start most likely means",
        ));
    let out = voiperr()
        .args(["endpoint", "--json", "GET /conferences/{id}"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(view["resource"], "conference");
    assert!(
        view["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["reason"] == "CONFERENCE_NOT_FOUND")
    );
    voiperr()
        .args(["endpoint", "GET /nothing/here"])
        .assert()
        .code(1);
    voiperr()
        .args(["endpoint", "not-a-path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a request path"));
}

#[test]
fn every_field_note_is_reachable_from_the_endpoint_view_or_a_reason() {
    let rules: Value =
        serde_json::from_str(include_str!("../../data/field-notes.json")).expect("json");
    for rule in rules["rules"].as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        let method = rule["methods"]
            .get(0)
            .and_then(Value::as_str)
            .unwrap_or("GET");
        if let Some(path) = rule["paths"].get(0).and_then(Value::as_str) {
            let out = voiperr()
                .args(["endpoint", "--json", &format!("{method} {path}")])
                .output()
                .expect("runs");
            let view: Value = serde_json::from_slice(&out.stdout).expect("json");
            assert!(
                view["field_notes"]
                    .as_array()
                    .expect("notes")
                    .iter()
                    .any(|n| n["id"] == id),
                "{id}"
            );
        }
    }
}

#[test]
fn version_names_the_catalog() {
    voiperr()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "77 published + 50 unpublished reasons; page of 2026-08-05",
        ));
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    voiperr().arg("explain").assert().code(2);
    voiperr().args(["list", "--format", "xml"]).assert().code(2);
    voiperr()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"))
        .stdout(predicate::str::contains("NO_COLOR"));
}

#[test]
fn color_follows_flags_and_environment() {
    let esc = predicate::str::contains("\u{1b}[");
    voiperr()
        .args(["--color", "always", "explain", "CALL_NOT_FOUND"])
        .assert()
        .stdout(esc.clone());
    voiperr()
        .args(["explain", "CALL_NOT_FOUND"])
        .assert()
        .stdout(esc.clone().not());
    voiperr()
        .args(["explain", "CALL_NOT_FOUND"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(esc.clone());
    voiperr()
        .args(["explain", "CALL_NOT_FOUND"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .assert()
        .stdout(esc.clone());
    voiperr()
        .args(["--color", "always", "list", "--resource", "call"])
        .assert()
        .stdout(esc.clone());
    voiperr()
        .args(["--color", "always", "explain", "--json", "CALL_NOT_FOUND"])
        .assert()
        .stdout(esc.not());
}

#[test]
fn every_catalog_entry_round_trips_through_json() {
    let listed = voiperr()
        .args(["list", "--all", "--format", "json"])
        .output()
        .expect("runs");
    let listed: Value = serde_json::from_slice(&listed.stdout).expect("json");
    let reasons = listed["reasons"].as_array().expect("array");
    let listed_sources = listed["sources"].clone();
    assert_eq!(reasons.len(), 127);
    let names: Vec<&str> = reasons
        .iter()
        .map(|r| r["reason"].as_str().expect("name"))
        .collect();
    let explained = voiperr()
        .arg("explain")
        .arg("--json")
        .args(&names)
        .output()
        .expect("runs");
    assert!(explained.status.success());
    let explained: Value = serde_json::from_slice(&explained.stdout).expect("json");
    for (listed, explained) in reasons.iter().zip(explained.as_array().expect("array")) {
        let mut explained = explained.clone();
        let object = explained.as_object_mut().expect("object");
        assert_eq!(object.remove("match"), Some(Value::from("exact")));
        object.remove("query");
        // A whole answer names the catalog's sources; a list names them once.
        assert_eq!(object.remove("sources"), Some(listed_sources.clone()));
        assert_eq!(listed, &explained);
    }
}

#[test]
fn every_unpublished_reason_is_explained_and_marked() {
    let tsv = include_str!("../../data/source/unpublished-reasons.tsv");
    let names: Vec<&str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(names.len(), 50);
    let out = voiperr()
        .arg("explain")
        .arg("--json")
        .args(&names)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries: Value = serde_json::from_slice(&out.stdout).expect("json");
    for (name, entry) in names.iter().zip(entries.as_array().expect("array")) {
        assert_eq!(entry["reason"], *name);
        assert_eq!(entry["match"], "exact");
        assert_eq!(entry["published"], false, "{name}");
    }
    let all = voiperr()
        .args(["list", "--all", "--format", "plain"])
        .output()
        .expect("runs");
    let listed = stdout_of(&all);
    assert!(names.iter().all(|n| listed.lines().any(|l| l == *n)));
}

#[test]
fn a_plan_limit_is_not_a_wait_and_retry() {
    let out = voiperr()
        .args(["explain", "--json", "RESOURCE_LIMIT_EXCEEDED"])
        .output()
        .expect("runs");
    let entries: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(entries[0]["retry"]["key"], "do_not_retry");
    // The fix says what helps, and nothing on the card says no fix is known.
    let fix = entries[0]["fix"].as_str().expect("fix");
    assert!(fix.starts_with("Waiting does not help"), "{fix}");
    assert!(fix.contains("upgrade the plan"), "{fix}");
    let card = voiperr()
        .args(["explain", "RESOURCE_LIMIT_EXCEEDED"])
        .output()
        .expect("runs");
    assert!(
        !stdout_of(&card).contains("No client-side fix"),
        "{}",
        stdout_of(&card)
    );
}
