//! The catalog against the server index (`data/server-index.json`, made by
//! `scripts/index-server` from voipbin/monorepo): offline, so CI checks the
//! catalog against the committed index, not against the network.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{listed_reasons, steps_for, voiperr};

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
    // The generated router's 410 under /v1.0, and the 11 /auth routes main.go adds.
    assert_eq!(routes.len(), 421);
    let mut outside = 0;
    for route in routes {
        let method = route["method"].as_str().expect("method");
        let path = route["path"].as_str().expect("path");
        assert!(
            ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method),
            "{route}"
        );
        if !path.starts_with("/v1.0/") {
            assert!(path.starts_with("/auth/"), "{route}");
            outside += 1;
        }
    }
    assert_eq!(outside, 11);
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
    let known: BTreeSet<String> = catalog().into_keys().collect();
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
        let notes = view["field_notes"].as_array().map_or(0, Vec::len);
        assert!(
            routed && reasons + shared + notes > 0,
            "{method} {path}: {view}"
        );
        // Every reason the route's code sends (itself or from the manager
        // behind it) that the catalog has is among the endpoint's reasons.
        let listed: BTreeSet<&str> = view["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .filter_map(|r| r["reason"].as_str())
            .collect();
        for answer in route["answers"].as_array().expect("answers") {
            let name = answer["reason"].as_str().expect("reason");
            let sent = matches!(answer["why"].as_str(), Some("constructed" | "manager"));
            if sent && known.contains(name) {
                assert!(listed.contains(name), "{method} {path}: {name} not listed");
            }
        }
        no_contradiction(method, path, &view);
    }
    // A route the server does not serve: said so, exit 1.
    let out = voiperr()
        .args(["endpoint", "GET", "/no_such_resource"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ROUTE_NOT_FOUND"));
}

/// No endpoint page holds two answers that contradict each other for the
/// same request and code: a note that calls a code the right answer
/// (`success`) beside one that flags the same code as a quirk, or a note
/// saying "only a …" request answers a code that another note on the page
/// says this request answers.
fn no_contradiction(method: &str, path: &str, view: &Value) {
    let notes: Vec<&Value> = view["field_notes"]
        .as_array()
        .expect("field notes")
        .iter()
        .filter(|n| {
            n["methods"]
                .as_array()
                .is_none_or(|m| m.is_empty() || m.contains(&Value::from(method)))
        })
        .collect();
    let codes = |note: &Value| -> Vec<u64> {
        note["http"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
            .collect()
    };
    for a in &notes {
        for b in &notes {
            if a["id"] == b["id"] {
                continue;
            }
            for code in codes(a) {
                let both = codes(b).contains(&code);
                assert!(
                    !(both && a["kind"] == "success" && b["kind"] == "quirk"),
                    "{method} {path}: {} calls {code} right, {} flags it",
                    a["id"],
                    b["id"]
                );
                let text = format!("{} {}", b["says"], b["card"]);
                assert!(
                    !(text.contains("only a") && text.contains(&format!("answers {code}"))),
                    "{method} {path}: {} says only another request answers {code}, {} says this one does",
                    b["id"],
                    a["id"]
                );
            }
        }
    }
}

#[test]
fn another_customers_id_is_a_403_on_the_routes_that_check_ownership() {
    let out = voiperr()
        .args(["endpoint", "--verbose", "GET", "/flows/{id}"])
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
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("agent only: an access key or a customer's token is refused"),
        "{text}"
    );
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
        &["explain", "--all", "402"],
        &["endpoint", "--verbose", "POST", "/numbers"],
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
            .args(["endpoint", "--verbose", "POST", path])
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

#[test]
fn the_reasons_never_sent_are_those_the_index_finds_never_reach_a_client() {
    let index = index();
    let constructed: BTreeSet<&str> = index["constructors"]
        .as_array()
        .expect("constructors")
        .iter()
        .chain(index["edge"].as_array().expect("edge"))
        .filter_map(|c| c["reason"].as_str())
        .collect();
    let unsent: BTreeSet<&str> = index["unsent"]
        .as_array()
        .expect("unsent")
        .iter()
        .filter_map(|u| u["reason"].as_str())
        .collect();
    // Made only where no error reaches: the 402 translation, the talk manager.
    assert!(unsent.contains("INSUFFICIENT_BALANCE") && unsent.contains("CHAT_NOT_FOUND"));
    for (name, (_, sent)) in catalog() {
        let reaches = constructed.contains(name.as_str()) && !unsent.contains(name.as_str());
        assert_eq!(
            sent, reaches,
            "{name}: the catalog says sent={sent}, the index says it reaches a client={reaches}"
        );
    }
}

/// `endpoint --json` for one request.
fn endpoint_view(request: &[&str]) -> (Option<i32>, Value) {
    let out = voiperr()
        .args(["endpoint", "--json"])
        .args(request)
        .output()
        .expect("runs");
    let view = serde_json::from_slice(&out.stdout).expect("JSON");
    (out.status.code(), view)
}

#[test]
fn a_get_by_id_answers_the_not_found_the_manager_behind_it_sends() {
    for (path, reason) in [
        ("/flows/{id}", "FLOW_NOT_FOUND"),
        ("/numbers/{id}", "NUMBER_NOT_FOUND"),
        ("/activeflows/{id}", "ACTIVEFLOW_NOT_FOUND"),
        ("/recordings/{id}", "RECORDING_NOT_FOUND"),
        ("/groupcalls/{id}", "GROUPCALL_NOT_FOUND"),
        ("/billing_accounts/{id}", "BILLING_ACCOUNT_NOT_FOUND"),
        ("/contacts/{id}", "CONTACT_NOT_FOUND"),
        (
            "/v1.0/calls/6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f",
            "CALL_NOT_FOUND",
        ),
    ] {
        let (code, view) = endpoint_view(&["GET", path]);
        assert_eq!(code, Some(0), "{path}");
        let reasons = view["reasons"].to_string();
        assert!(
            reasons.contains(&format!("\"{reason}\"")),
            "{path}: {reasons}"
        );
        let answers = view["server"]["routes"][0]["answers"]
            .as_array()
            .expect("answers");
        let from_manager = answers
            .iter()
            .find(|a| a["reason"] == reason && a["why"] == "manager")
            .unwrap_or_else(|| panic!("{path}: no manager answer {reason}: {answers:?}"));
        let source = from_manager["source"].as_str().expect("source");
        assert!(
            source.starts_with("bin-") && !source.starts_with("bin-api-manager/"),
            "{source}"
        );
        let text = voiperr()
            .args(["endpoint", "--verbose", "GET", path])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains(&format!(
                "404 {reason}: the manager behind the API answers it"
            )),
            "{text}"
        );
    }
}

#[test]
fn page_routes_the_server_does_not_serve_are_said_so() {
    let mut unserved_seen = 0;
    for reason in listed_reasons() {
        let name = reason["reason"].as_str().expect("name");
        let unserved: Vec<&str> = reason["server_code"]["unserved_endpoints"]
            .as_array()
            .expect("unserved_endpoints")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for endpoint in reason["endpoints"].as_array().expect("endpoints") {
            let endpoint = endpoint.as_str().expect("endpoint");
            let request: Vec<&str> = endpoint.split_whitespace().collect();
            let (code, view) = endpoint_view(&request);
            if unserved.contains(&endpoint) {
                unserved_seen += 1;
                assert_eq!(code, Some(1), "{endpoint}");
                assert!(
                    view["server"]["routes"]
                        .as_array()
                        .is_some_and(Vec::is_empty)
                );
                assert!(
                    view["page_only"].to_string().contains(name),
                    "{endpoint}: {view}"
                );
            } else {
                assert!(
                    !view["server"]["routes"]
                        .as_array()
                        .expect("routes")
                        .is_empty(),
                    "{name}: {endpoint} is not served, but not in unserved_endpoints"
                );
            }
        }
    }
    assert!(unserved_seen >= 6, "{unserved_seen}");
    let out = voiperr()
        .args(["explain", "CONTACT_NOT_FOUND", "--verbose"])
        .output()
        .expect("runs");
    let card = String::from_utf8_lossy(&out.stdout);
    assert!(
        card.contains("Not served  POST /contacts/{id}/phone-numbers"),
        "{card}"
    );
}

#[test]
fn the_routes_the_field_notes_and_corrections_name_are_served() {
    let notes: Value =
        serde_json::from_str(include_str!("../../data/field-notes.json")).expect("field notes");
    let mut requests: Vec<(Option<String>, String)> = Vec::new();
    for rule in notes["rules"].as_array().expect("rules") {
        let methods: Vec<Option<String>> = match rule["methods"].as_array() {
            Some(m) if !m.is_empty() => m.iter().map(|m| m.as_str().map(str::to_owned)).collect(),
            _ => vec![None],
        };
        for path in rule["paths"].as_array().into_iter().flatten() {
            // A `*` stands for any route below: one of them must be served.
            let path = path.as_str().expect("path").replace("/*", "/hangup");
            for method in &methods {
                requests.push((method.clone(), path.clone()));
            }
        }
    }
    for reason in listed_reasons() {
        for endpoint in reason["server"]["endpoints"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let (method, path) = endpoint
                .as_str()
                .expect("endpoint")
                .split_once(' ')
                .expect("METHOD /path");
            requests.push((Some(method.to_owned()), path.to_owned()));
        }
    }
    assert!(requests.len() > 40, "{}", requests.len());
    for (method, path) in requests {
        let mut request: Vec<&str> = method.iter().map(String::as_str).collect();
        request.push(&path);
        let (_, view) = endpoint_view(&request);
        assert!(
            !view["server"]["routes"]
                .as_array()
                .expect("routes")
                .is_empty(),
            "{method:?} {path}: named in the data, not served by the server"
        );
    }
}

#[test]
fn another_customers_id_is_never_said_to_be_a_not_found() {
    let mut corrected = 0;
    for reason in listed_reasons() {
        let name = reason["reason"].as_str().expect("name");
        let page = reason["cause"].as_str().expect("cause");
        let owner = &reason["server_code"]["another_customer"];
        let server_cause = reason["server_code"]["cause"].as_str().expect("cause");
        if !page.contains("belongs to another customer") || owner.is_null() {
            assert_eq!(server_cause, page, "{name}");
            continue;
        }
        corrected += 1;
        assert!(
            !server_cause.contains("belongs to another customer"),
            "{name}"
        );
        assert!(server_cause.contains("403 PERMISSION_DENIED"), "{name}");
        // The card leads with it; --verbose cites the ownership check.
        let out = voiperr().args(["explain", name]).output().expect("runs");
        let card = String::from_utf8_lossy(&out.stdout);
        let cause = card.find("Cause       ").expect("a Cause line");
        let corrected = card.find("PERMISSION_DENIED").expect("the 403");
        let page_says = card
            .find("What the published page says")
            .expect("the page's text");
        assert!(cause < corrected && corrected < page_says, "{card}");
        let out = voiperr()
            .args(["explain", name, "--verbose"])
            .output()
            .expect("runs");
        let card = String::from_utf8_lossy(&out.stdout);
        let owner = owner.as_str().expect("file:line");
        assert!(
            card.replace(['\n', ' '], "").contains(owner),
            "{name}: {card}"
        );
        // A diagnosis of it says the same.
        let body = format!(
            "HTTP/1.1 404 Not Found\r\n\r\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"{name}\",\"message\":\"m\",\"request_id\":\"r\"}}}}\n"
        );
        let out = voiperr()
            .args(["diagnose", "--json"])
            .write_stdin(body)
            .output()
            .expect("runs");
        let diagnosis: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(diagnosis["cause"], server_cause, "{name}");
    }
    assert!(corrected >= 30, "only {corrected} reasons corrected");
    // Tables show the server's cause.
    let out = voiperr()
        .args(["list", "--all", "--format", "csv"])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains("CALL_NOT_FOUND,404,NOT_FOUND,call,true,Call ID does not exist. An ID of another customer answers 403 PERMISSION_DENIED instead."), "{csv}");
}

#[test]
fn every_json_output_names_the_catalogs_sources() {
    let envelope = "HTTP/1.1 404 Not Found\r\n\r\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"r\"}}\n";
    let runs: [(&[&str], &str); 11] = [
        (&["explain", "--json", "CALL_NOT_FOUND"], ""),
        (&["explain", "--json", "409"], ""),
        (&["explain", "--json", "NO_SUCH_THING_AT_ALL"], ""),
        (&["list", "--json"], ""),
        (&["list", "--resources", "--json"], ""),
        (&["search", "--json", "balance"], ""),
        (&["endpoint", "--json", "GET", "/flows/{id}"], ""),
        (&["endpoint", "--json", "GET", "/no_such_route"], ""),
        (&["diagnose", "--json"], envelope),
        (&["diagnose", "--json", "--summary"], envelope),
        (&["diagnose", "--json", "--summary"], "nothing here\n"),
    ];
    let index = index();
    for (args, input) in runs {
        let out = voiperr()
            .args(args)
            .write_stdin(input)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let first: Value = serde_json::Deserializer::from_str(&text)
            .into_iter()
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("{args:?}: no JSON: {text}"));
        let object = if first.is_array() { &first[0] } else { &first };
        let sources = &object["sources"];
        assert_eq!(
            sources["server_commit"], index["commit"],
            "{args:?}: {text}"
        );
        assert_eq!(sources["page_blob"], index["page_blob"], "{args:?}");
        assert_eq!(sources["page"], "restful_api_errors.rst", "{args:?}");
        assert_eq!(sources["page_date"], "2026-08-05", "{args:?}");
    }
}
