//! What a client receives, route by route: `tests/data/received.tsv`, read
//! by hand in the server's source, against `voiperr endpoint --json` and
//! the committed index.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{steps_for, voiperr};

/// One row: a route, a condition (and the ID it is about), what it receives.
struct Row {
    method: String,
    path: String,
    condition: String,
    param: String,
    http: Option<u64>,
    reason: Option<String>,
    at: String,
}

fn rows() -> Vec<Row> {
    let text = include_str!("../data/received.tsv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(
        lines.next(),
        Some("method\tpath\tcondition\tparam\thttp\treason\tat\tread")
    );
    lines
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [method, path, condition, param, http, reason, at, read] = cols[..] else {
                panic!("a row has 8 columns: {line}")
            };
            assert!(!read.trim().is_empty(), "{line}: say what was read");
            Row {
                method: method.to_owned(),
                path: path.to_owned(),
                condition: condition.to_owned(),
                param: param.to_owned(),
                http: (http != "0").then(|| http.parse().expect("HTTP code")),
                reason: (reason != "-").then(|| reason.to_owned()),
                at: at.to_owned(),
            }
        })
        .collect()
}

/// The condition of a route's view that a row is about.
fn find<'a>(conditions: &'a [Value], row: &Row) -> Option<&'a Value> {
    conditions.iter().find(|c| {
        c["condition"] == row.condition.as_str()
            && (row.param.is_empty() || c["param"] == row.param.as_str())
    })
}

fn check(conditions: &[Value], row: &Row, origin: &str) {
    let name = format!(
        "{} {} {} {}",
        row.method, row.path, row.condition, row.param
    );
    let found =
        find(conditions, row).unwrap_or_else(|| panic!("{origin}: {name}: no such condition"));
    assert_eq!(found["traced"], true, "{origin}: {name}: {found}");
    assert_eq!(
        found["http"].as_u64().filter(|h| *h != 0),
        row.http,
        "{origin}: {name}: {found}"
    );
    let reason = found["reason"].as_str().filter(|r| !r.is_empty());
    assert_eq!(reason, row.reason.as_deref(), "{origin}: {name}: {found}");
    let at = found["source"].as_str().or(found["at"].as_str());
    assert_eq!(at, Some(row.at.as_str()), "{origin}: {name}: {found}");
}

#[test]
fn what_a_client_receives_is_what_the_servers_code_answers() {
    let rows = rows();
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let index: Value = serde_json::from_str(include_str!("../../data/server-index.json"))
        .expect("the index is JSON");
    let mut views: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for row in &rows {
        let key = (row.method.clone(), row.path.clone());
        let conditions = views.entry(key).or_insert_with(|| {
            let out = voiperr()
                .args(["endpoint", "--json", &row.method, &row.path])
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(0), "{} {}", row.method, row.path);
            let view: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            let route = view["server"]["routes"]
                .as_array()
                .expect("routes")
                .iter()
                .find(|r| r["method"] == row.method.as_str() && r["path"] == row.path.as_str())
                .unwrap_or_else(|| panic!("{} {} is not a route: {view}", row.method, row.path))
                .clone();
            route["conditions"].as_array().expect("conditions").clone()
        });
        check(conditions, row, "endpoint --json");
        let route = index["routes"]
            .as_array()
            .expect("routes")
            .iter()
            .find(|r| r["method"] == row.method.as_str() && r["path"] == row.path.as_str())
            .expect("indexed route");
        check(
            route["conditions"].as_array().expect("conditions"),
            row,
            "data/server-index.json",
        );
    }
}

/// A command's stdout with its lines joined, so wrapping does not matter.
fn text_of(args: &[&str]) -> String {
    let out = voiperr().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `explain NAME --verbose`, white space folded: the card with its routes and sources.
fn card_of(name: &str) -> String {
    text_of(&["explain", name, "--verbose"])
}

/// One condition of the first route `endpoint --json` names for a request.
fn condition_of(method: &str, path: &str, condition: &str) -> Value {
    let view = json_of(&["endpoint", "--json", method, path]);
    view["server"]["routes"][0]["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .find(|c| c["condition"] == condition)
        .unwrap_or_else(|| panic!("{method} {path}: no {condition}: {view}"))
        .clone()
}

fn json_of(args: &[&str]) -> Value {
    let out = voiperr().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The `received` notes of a reason, as `explain --json` gives them.
fn received(reason: &str) -> Vec<Value> {
    json_of(&["explain", "--json", reason])[0]["server_code"]["received"]
        .as_array()
        .expect("received")
        .clone()
}

const ID: &str = "6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f";

#[test]
fn a_reason_that_never_reaches_a_client_says_so_and_what_arrives() {
    // Swallowed by a listen handler's bare status, or made where no request leads.
    for (reason, instead) in [
        ("CUSTOMER_NOT_FOUND", "400 INVALID_ARGUMENT"),
        ("ACCESSKEY_NOT_FOUND", "400 INVALID_ARGUMENT"),
        ("CONFERENCECALL_NOT_FOUND", "400 INVALID_ARGUMENT"),
        ("SPEAKING_NOT_FOUND", "404 RESOURCE_NOT_FOUND"),
        ("DOCUMENT_NOT_FOUND", "404 RESOURCE_NOT_FOUND"),
    ] {
        let card = card_of(reason);
        assert!(card.contains("[not sent by the server]"), "{card}");
        assert!(
            card.contains(&format!("gets {instead}")),
            "{reason}: {card}"
        );
        let view = &json_of(&["explain", "--json", reason])[0];
        assert_eq!(view["emitted"], false, "{reason}");
        assert_eq!(view["retry"]["key"], "not_sent", "{reason}");
    }
    // The correction is among the routes and sources; the page's text stays as it is.
    let card = card_of("DOCUMENT_NOT_FOUND");
    let routes = card.find("Routes and sources").expect("routes");
    assert!(
        card[routes..].contains("an unknown ID gets 404 RESOURCE_NOT_FOUND"),
        "{card}"
    );
    assert!(card.contains("RAG document/source ID does not exist or belongs to another customer."));
    // CONFERENCE_NOT_FOUND is made, but no route the page names sends it.
    let instead = received("CONFERENCE_NOT_FOUND");
    let note = instead
        .iter()
        .find(|n| n["kind"] == "instead")
        .expect("instead");
    assert!(
        note["text"]
            .as_str()
            .expect("text")
            .contains("400 INVALID_ARGUMENT"),
        "{note}"
    );
    assert!(
        note["routes"].to_string().contains("GET /conferences/{id}"),
        "{note}"
    );
}

#[test]
fn managers_that_answer_a_bare_status_give_the_generic_reason() {
    // Any failure of hold, mute, moh or silence: call-manager answers a bare 400.
    let view = json_of(&["endpoint", "--json", "POST", "/calls/{id}/hold"]);
    let answers = view["server"]["routes"][0]["answers"].to_string();
    assert!(
        answers.contains("\"reason\":\"INVALID_ARGUMENT\",\"source\":\"bin-call-manager/pkg/listenhandler/main.go:647\"")
            || answers.contains("bin-call-manager/pkg/listenhandler/main.go:647"),
        "{answers}"
    );
    let steps = steps_for(
        &format!("POST /v1.0/calls/{ID}/hold"),
        "400 Bad Request",
        "INVALID_ARGUMENT",
        "INVALID_ARGUMENT",
    );
    assert!(
        steps[0].contains("any failure of the manager's own work"),
        "{steps:?}"
    );
    assert!(steps[0].contains("main.go:647"), "{steps:?}");
    // The AI manager has no DELETE case for messages: every ID answers 404.
    let any = condition_of("DELETE", "/aimessages/{id}", "any_id");
    assert_eq!(any["reason"], "RESOURCE_NOT_FOUND", "{any}");
    // Endpoint pages list RESOURCE_NOT_FOUND where a route answers it.
    for path in [
        "/aiaudits/{id}",
        "/contact_cases/{id}",
        "/webchat_widgets/{id}",
    ] {
        let view = json_of(&["endpoint", "--json", "GET", path]);
        assert!(
            view["reasons"]
                .to_string()
                .contains("\"RESOURCE_NOT_FOUND\""),
            "{path}"
        );
    }
    let card = card_of("RESOURCE_NOT_FOUND");
    assert!(card.contains("answer it for an unknown ID"), "{card}");
}

#[test]
fn a_deleted_id_is_said_to_answer_what_it_answers() {
    let card = card_of("FLOW_NOT_FOUND");
    assert!(!card.contains("(or was deleted)"), "{card}");
    assert!(
        card.contains("A deleted ID gets 404 RESOURCE_NOT_FOUND instead")
            && card.contains("bin-api-manager/pkg/servicehandler/flow.go:28"),
        "{card}"
    );
    let card = card_of("CALL_NOT_FOUND");
    assert!(
        card.contains("A deleted ID gets 409 STATE_INVALID instead"),
        "{card}"
    );
    let card = card_of("CONFERENCE_NOT_FOUND");
    assert!(card.contains("A deleted ID is not refused"), "{card}");
    let steps = steps_for(
        &format!("GET /v1.0/flows/{ID}"),
        "404 Not Found",
        "NOT_FOUND",
        "RESOURCE_NOT_FOUND",
    );
    assert!(
        steps[0].contains("a deleted ID") && steps[0].contains("flow.go:28"),
        "{steps:?}"
    );
}

#[test]
fn a_role_check_is_not_called_ownership() {
    // hasPermission before the load, with no resource's customer: a role check.
    for (path, at) in [
        ("/billing_accounts/{id}", "billingaccount.go:57"),
        ("/customers/{id}", "customer.go:148"),
        ("/outbound_configs/{id}", "outbound_config.go:106"),
        ("/routes/{id}", "route.go:51"),
        ("/providers/{id}", "provider.go:59"),
    ] {
        let view = json_of(&["endpoint", "--json", "GET", path]);
        let answers = view["server"]["routes"][0]["answers"]
            .as_array()
            .expect("answers")
            .clone();
        let check = answers
            .iter()
            .find(|a| a["source"].as_str().is_some_and(|s| s.ends_with(at)))
            .unwrap_or_else(|| panic!("{path}: {answers:?}"));
        assert_eq!(check["why"], "permission", "{path}: {check}");
        assert!(
            !answers.iter().any(|a| a["why"] == "ownership"),
            "{path}: {answers:?}"
        );
    }
    // The card says so where the page claims another customer's ID is a not-found.
    let card = card_of("BILLING_ACCOUNT_NOT_FOUND");
    assert!(card.contains("role check before any load"), "{card}");
    assert!(!card.contains("then checks its owner"), "{card}");
    // A load scoped to the caller's customer: another customer's ID is a 404, no 403.
    let foreign = condition_of("GET", "/contact_cases/{id}", "another_customer");
    assert_eq!(foreign["http"], 404, "{foreign}");
    // diagnose tells a role check from an owner check.
    let steps = steps_for(
        &format!("GET /v1.0/billing_accounts/{ID}"),
        "403 Forbidden",
        "PERMISSION_DENIED",
        "PERMISSION_DENIED",
    );
    assert!(
        steps
            .iter()
            .any(|s| s.contains("a caller without the role")),
        "{steps:?}"
    );
}

#[test]
fn cards_do_not_advise_what_cannot_work() {
    // An access key on an agent-only route.
    let card = card_of("AUTHENTICATION_REQUIRED");
    assert!(
        card.contains("An access key gets it on") && card.contains("Log in as the agent"),
        "{card}"
    );
    let note = received("AUTHENTICATION_REQUIRED")
        .into_iter()
        .find(|n| n["kind"] == "access_key")
        .expect("access_key");
    let routes = note["routes"].to_string();
    assert!(routes.contains("GET /service_agents/calls"), "{routes}");
    // Routes that take access keys too are not agent-only (GET /aicalls checks IsAgent || IsAccesskey).
    assert!(!routes.contains("\"GET /aicalls\""), "{routes}");
    let view = json_of(&["endpoint", "--json", "GET", "/aicalls"]);
    let route = view["server"]["routes"][0].to_string();
    assert!(
        !route.contains("agent only") && !route.contains("access_key"),
        "{route}"
    );
    // No agent check on /service_agents/contact_addresses: an access key gets AGENT_NOT_FOUND.
    let note = received("AGENT_NOT_FOUND")
        .into_iter()
        .find(|n| n["kind"] == "access_key")
        .expect("access_key");
    assert!(
        note["routes"]
            .to_string()
            .contains("GET /service_agents/contact_addresses"),
        "{note}"
    );
    // No idempotency key: the correction first, the page's fix still there.
    for reason in ["SERVICE_UNAVAILABLE", "REQUEST_TIMEOUT"] {
        let card = card_of(reason);
        let correction = card
            .find("The API takes no idempotency key")
            .expect("correction");
        let page = card.find("What the published page says").expect("page");
        assert!(correction < page, "{card}");
        assert!(
            card.contains("bin-api-manager/pkg/servicehandler/customer.go:94"),
            "{card}"
        );
    }
    let retry = json_of(&["explain", "--json", "503"])[0]["retry"]["advice"].to_string();
    assert!(
        !retry.contains("same idempotency key") && retry.contains("takes no idempotency key"),
        "{retry}"
    );
    // AIMESSAGE_NOT_FOUND points to MESSAGE_NOT_FOUND, which the AI manager sends.
    let card = card_of("AIMESSAGE_NOT_FOUND");
    assert!(
        card.contains("gets 404 MESSAGE_NOT_FOUND, not AIMESSAGE_NOT_FOUND"),
        "{card}"
    );
    // ROUTE_NOT_FOUND on /routes/{id}: an unknown dial route, not a wrong URL.
    let card = card_of("ROUTE_NOT_FOUND");
    assert!(
        card.contains("answer it for an unknown ID: DELETE /routes/{id}, GET /routes/{id}"),
        "{card}"
    );
    let steps = steps_for(
        &format!("GET /v1.0/routes/{ID}"),
        "404 Not Found",
        "NOT_FOUND",
        "ROUTE_NOT_FOUND",
    );
    assert!(
        steps[0].contains("an unknown ID") && steps[0].contains("routehandler/route.go:28"),
        "{steps:?}"
    );
    assert!(
        steps[1].contains("Verify the route ID with GET /routes; the URL needs no change"),
        "{steps:?}"
    );
}

#[test]
fn the_managers_the_index_could_not_read_answer_again() {
    // Their patterns follow a `//nolint` constant (agent, queue, tag, …) or
    // their cases test `commonsock.RequestMethod…` (talk).
    for (path, reason, manager) in [
        ("/agents/{id}", "AGENT_NOT_FOUND", "bin-agent-manager/"),
        ("/queues/{id}", "QUEUE_NOT_FOUND", "bin-queue-manager/"),
        ("/tags/{id}", "TAG_NOT_FOUND", "bin-tag-manager/"),
    ] {
        let view = json_of(&["endpoint", "--json", "GET", path]);
        let answers = view["server"]["routes"][0]["answers"]
            .as_array()
            .expect("answers")
            .clone();
        assert!(
            answers.iter().any(|a| a["reason"] == reason
                && a["why"] == "manager"
                && a["source"].as_str().is_some_and(|s| s.starts_with(manager))),
            "{path}: {answers:?}"
        );
    }
    // The talk manager is read: what its status-only answers become is traced.
    let unknown = condition_of("GET", "/service_agents/talk_messages/{id}", "unknown_id");
    assert_eq!(
        (unknown["traced"].clone(), unknown["http"].clone()),
        (Value::from(true), Value::from(500)),
        "{unknown}"
    );
}

#[test]
fn every_route_says_what_an_unknown_id_receives() {
    let index: Value = serde_json::from_str(include_str!("../../data/server-index.json"))
        .expect("the index is JSON");
    let mut traced = 0;
    let mut ids = 0;
    for route in index["routes"].as_array().expect("routes") {
        let path = route["path"].as_str().expect("path");
        let params: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        let conditions = route["conditions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for param in &params {
            ids += 1;
            let unknown = conditions
                .iter()
                .find(|c| c["condition"] == "unknown_id" && c["param"] == *param)
                .unwrap_or_else(|| {
                    panic!(
                        "{} {path}: nothing says what an unknown {{{param}}} receives",
                        route["method"]
                    )
                });
            if unknown["traced"] == true {
                traced += 1;
                assert!(
                    unknown["at"].as_str().is_some_and(|a| a.contains(".go:")),
                    "{unknown}"
                );
            } else {
                assert!(
                    unknown["why"].as_str().is_some_and(|w| !w.is_empty()),
                    "{unknown}"
                );
            }
        }
    }
    assert!(
        ids > 250 && traced * 100 / ids >= 95,
        "{traced} of {ids} traced"
    );
    // And endpoint --json shows it, "not traced" with why included.
    let unknown = condition_of(
        "POST",
        "/billing_accounts/{id}/balance_add_force",
        "unknown_id",
    );
    assert_eq!(unknown["traced"], false, "{unknown}");
    assert!(
        unknown["note"].as_str().is_some_and(|n| !n.is_empty()),
        "{unknown}"
    );
    let text = text_of(&[
        "endpoint",
        "POST",
        "/billing_accounts/{id}/balance_add_force",
    ]);
    assert!(text.contains("Unknown ID not traced:"), "{text}");
}

#[test]
fn the_sites_pages_say_what_a_client_receives() {
    let dir = tempfile::tempdir().expect("dir");
    let out = voiperr()
        .args(["site", "--out"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let page = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect(name);
    let card = page("reasons/CUSTOMER_NOT_FOUND.md");
    let never = card
        .find("**Never sent**: An unknown ID gets 400 INVALID_ARGUMENT")
        .expect(&card);
    // What a client receives route by route is among the routes and sources.
    assert!(
        never > card.find("## Routes and sources").expect("routes"),
        "{card}"
    );
    let route = page("endpoints/delete-rags-id-sources-id.md");
    assert!(
        route.contains("**Unknown ID**: {source_id}: 404 RESOURCE_NOT_FOUND")
            && route.contains("bin-rag-manager/pkg/listenhandler/v1_rags.go:259"),
        "{route}"
    );
    let route = page("endpoints/get-billing-accounts-id.html");
    assert!(route.contains("role check before any load"), "{route}");
}
