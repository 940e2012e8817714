//! The catalog against the server index (`data/server-index.json`, made by
//! `scripts/index-server` from voipbin/monorepo): offline, so CI checks the
//! catalog against the committed index, not against the network.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{listed_reasons, voiperr};

fn index() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/server-index.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("data/server-index.json"))
        .expect("the index is JSON")
}

/// Every reason of the catalog: its HTTP code and whether the server sends it.
fn catalog() -> BTreeMap<String, (u64, bool)> {
    listed_reasons()
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().expect("name").to_owned(),
                (
                    r["http"].as_u64().expect("http"),
                    r["emitted"].as_bool().expect("emitted"),
                ),
            )
        })
        .collect()
}

#[test]
fn the_index_is_of_the_commit_the_catalog_names_and_lists_every_route() {
    let index = index();
    assert_eq!(index["commit"], "2bf22fa4");
    let version = voiperr().arg("--version").output().expect("runs");
    assert!(String::from_utf8_lossy(&version.stdout).contains("2bf22fa4"));
    let routes = index["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 410);
    for route in routes {
        let method = route["method"].as_str().expect("method");
        let path = route["path"].as_str().expect("path");
        assert!(
            ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method),
            "{route}"
        );
        assert!(path.starts_with("/v1.0/"), "{route}");
    }
}

#[test]
fn every_reason_the_catalog_calls_sent_is_one_the_server_makes_with_that_code() {
    let index = index();
    let mut made: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for c in index["constructors"].as_array().expect("constructors") {
        made.entry(c["reason"].as_str().expect("reason"))
            .or_default()
            .insert(c["http"].as_u64().expect("http"));
    }
    let edge: BTreeSet<&str> = index["edge"]
        .as_array()
        .expect("edge")
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    let mut problems = Vec::new();
    for (name, (http, sent)) in catalog() {
        match made.get(name.as_str()) {
            Some(codes) if !codes.contains(&http) => {
                problems.push(format!(
                    "{name}: the catalog says {http}, the server {codes:?}"
                ));
            }
            None if sent && !edge.contains(name.as_str()) => {
                problems.push(format!(
                    "{name}: shown as sent, but the server never makes it"
                ));
            }
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_route_the_server_serves_gets_an_answer_from_endpoint() {
    let index = index();
    for route in index["routes"].as_array().expect("routes") {
        let method = route["method"].as_str().expect("method");
        let path = route["path"].as_str().expect("path");
        let out = voiperr()
            .args(["endpoint", "--json", method, path])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{method} {path}");
        let view: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let reasons = view["reasons"].as_array().map_or(0, Vec::len);
        let server = &view["server"];
        let routed = server["routes"]
            .as_array()
            .expect("routes")
            .iter()
            .any(|r| r["path"] == path && r["method"] == method);
        let shared = server["every_route"].as_array().map_or(0, Vec::len);
        assert!(routed && reasons + shared > 0, "{method} {path}: {view}");
    }
    // A route the server does not serve: said so, exit 1.
    let out = voiperr()
        .args(["endpoint", "GET", "/no_such_resource"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ROUTE_NOT_FOUND"));
}

#[test]
fn another_customers_id_is_a_403_on_the_routes_that_check_ownership() {
    let out = voiperr()
        .args(["endpoint", "GET", "/flows/{id}"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("403 PERMISSION_DENIED: the ID exists but belongs to another customer"),
        "{text}"
    );
    assert!(
        text.contains("bin-api-manager/pkg/servicehandler/flow.go:156"),
        "{text}"
    );
    let out = voiperr()
        .args(["endpoint", "GET", "/service_agents/calls"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("only an agent's login token is accepted"),
        "{text}"
    );
}

/// The next steps `diagnose --json` gives for `curl -v`-style output of one exchange.
fn steps_for(request: &str, status: &str, status_name: &str, reason: &str) -> Vec<String> {
    let input = format!(
        "> {request} HTTP/1.1\n< HTTP/1.1 {status}\n<\n{{\"error\":{{\"status\":\"{status_name}\",\"reason\":\"{reason}\",\"message\":\"m\",\"request_id\":\"r\"}}}}\n"
    );
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let d: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn diagnose_says_what_the_routes_own_code_answers() {
    // Another customer's ID: a 403 on a route that checks ownership says so first.
    let steps = steps_for(
        "GET /v1.0/flows/6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f",
        "403 Forbidden",
        "PERMISSION_DENIED",
        "PERMISSION_DENIED",
    );
    assert!(
        steps[0].contains("belongs to another customer"),
        "{steps:?}"
    );
    // An agent-only route: never "send a valid access key", which cannot work there.
    let steps = steps_for(
        "GET /v1.0/service_agents/calls",
        "401 Unauthorized",
        "UNAUTHENTICATED",
        "AUTHENTICATION_REQUIRED",
    );
    assert!(
        steps[0].contains("only an agent's login token"),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.contains("valid access key")),
        "{steps:?}"
    );
    // Elsewhere the usual fix stands.
    let steps = steps_for(
        "GET /v1.0/calls",
        "401 Unauthorized",
        "UNAUTHENTICATED",
        "AUTHENTICATION_REQUIRED",
    );
    assert!(
        steps.iter().any(|s| s.contains("valid access key")),
        "{steps:?}"
    );
}

#[test]
fn a_reason_the_server_never_sends_is_marked_in_every_view() {
    let never: Vec<String> = catalog()
        .into_iter()
        .filter(|(_, (_, sent))| !sent)
        .map(|(name, _)| name)
        .collect();
    assert!(never.contains(&"INSUFFICIENT_BALANCE".to_owned()));
    for args in [
        &["list", "--all"][..],
        &["search", "balance"],
        &["explain", "402"],
        &["endpoint", "POST", "/numbers"],
    ] {
        let out = voiperr().args(args).output().expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut seen = 0;
        for name in &never {
            // Rows of a table (`│ NAME`) or of a code's list (`    NAME`).
            let listed = |l: &&str| {
                let row = l.trim_start_matches(['│', ' ']);
                row.split([' ', '┆']).next() == Some(name.as_str())
            };
            for line in text.lines().filter(listed) {
                seen += 1;
                assert!(
                    line.contains(&format!("{name} †")) || line.contains(&format!("{name} * †")),
                    "{args:?}: {line}"
                );
            }
        }
        assert!(seen > 0, "{args:?} lists no never-sent reason:\n{text}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("† never sent by the server"),
            "{args:?}"
        );
    }
    // Completions describe them too (fish shows descriptions).
    let fish = voiperr()
        .args(["completions", "fish"])
        .output()
        .expect("runs");
    let fish = String::from_utf8_lossy(&fish.stdout);
    assert!(
        fish.contains("INSUFFICIENT_BALANCE\\t'never sent by the server'"),
        "{fish}"
    );
}

#[test]
fn the_auth_routes_under_v1_answer_route_not_found() {
    for path in [
        "/v1.0/auth/signup",
        "/v1.0/auth/password-forgot",
        "/v1.0/auth/password-reset",
        "/v1.0/auth/unregister",
    ] {
        let out = voiperr()
            .args(["endpoint", "POST", path])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{path}: {text}");
        assert!(
            text.contains("404 ROUTE_NOT_FOUND: its handler answers it"),
            "{path}: {text}"
        );
        let input = format!(
            "> POST {path} HTTP/1.1\n< HTTP/1.1 404 Not Found\n<\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"ROUTE_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"r\"}}}}\n"
        );
        let out = voiperr()
            .arg("diagnose")
            .write_stdin(input)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Drop /v1.0 from the URL"), "{path}: {text}");
    }
}

#[test]
fn the_flow_cap_is_the_same_on_every_plan() {
    let input = "> POST /v1.0/flows HTTP/1.1\n< HTTP/1.1 400 Bad Request\n<\n{\"error\":{\"status\":\"INVALID_ARGUMENT\",\"reason\":\"INVALID_ARGUMENT\",\"message\":\"m\",\"request_id\":\"r\"}}\n";
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("10,000 stored flows"), "{text}");
    assert!(
        text.contains("upgrading the plan does not raise this cap"),
        "{text}"
    );
    assert!(!text.contains("or upgrade the plan"), "{text}");
}

#[test]
fn a_500_from_recording_start_may_be_a_low_balance() {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(crate::common::fixture("recording-start-500.txt"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the account's balance is too low to record"),
        "{text}"
    );
    assert!(text.contains("check the account's balance"), "{text}");
}

#[test]
fn the_recording_stop_page_does_not_contradict_itself() {
    let out = voiperr()
        .args(["endpoint", "--json", "POST", "/calls/{id}/recording_stop"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let says: Vec<&str> = view["field_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["says"].as_str())
        .collect();
    // It answers 200 with nothing recording: no note says only a hangup does.
    assert!(
        says.iter()
            .any(|s| s.contains("answers 200 with an empty call object")),
        "{says:?}"
    );
    assert!(
        !says.iter().any(|s| s.contains("only a hangup answers 200")),
        "{says:?}"
    );
}
