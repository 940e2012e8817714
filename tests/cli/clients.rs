//! What real HTTP clients print for each kind of VoIPbin failure, and what
//! `diagnose` recovers from it. The transcripts in `tests/fixtures/clients/`
//! are captured by `tests/clients/capture.sh` (real curl, HTTPie, wget,
//! Python requests, Node fetch) against `tests/clients/server.py`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{all_of, fixture, stdout_of, voiperr};

/// What the server answered in one case.
struct Case {
    reason: Option<&'static str>,
    kind: &'static str,
    http: u64,
    method: &'static str,
    path: &'static str,
    request_id: Option<&'static str>,
    retry_after: Option<&'static str>,
    limited_by: Option<&'static str>,
}

fn case(name: &str) -> Case {
    let envelope = |reason, http, method, path, id| Case {
        reason: Some(reason),
        kind: "envelope",
        http,
        method,
        path,
        request_id: Some(id),
        retry_after: None,
        limited_by: None,
    };
    match name {
        "call404" => envelope(
            "CALL_NOT_FOUND",
            404,
            "POST",
            "/calls/{id}/hangup",
            "req_call404",
        ),
        "ratelimit429" => Case {
            retry_after: Some("17"),
            limited_by: Some("ip"),
            ..envelope("RATE_LIMIT_EXCEEDED", 429, "GET", "/calls", "req_rl429")
        },
        "frozen403" => envelope(
            "ACCOUNT_FROZEN",
            403,
            "GET",
            "/billing_accounts",
            "req_frozen",
        ),
        "internal500" => envelope("INTERNAL", 500, "GET", "/queues", "req_int500"),
        "legacy400" => Case {
            kind: "legacy_body",
            request_id: None,
            ..envelope("MISSING_REQUEST_PARAMETER", 400, "GET", "/flows", "")
        },
        "login400" => Case {
            reason: None,
            kind: "empty_body",
            request_id: None,
            ..envelope("", 400, "POST", "/auth/login", "")
        },
        "proxy502" => Case {
            reason: None,
            kind: "not_api",
            request_id: None,
            ..envelope("", 502, "GET", "/agents", "")
        },
        other => panic!("unknown case {other}"),
    }
}

/// What a client's output shows.
#[derive(Clone, Copy)]
struct Shows {
    /// The response body (so the reason and request_id).
    body: bool,
    /// The HTTP status code.
    status: bool,
    /// The request's method (and path).
    method: bool,
    /// The request's path, without its method.
    path: bool,
    /// The response headers (Retry-After, X-Request-Id).
    headers: bool,
    /// Only JSON bodies (jq, a dict or object literal): nothing for an empty or HTML body.
    json_only: bool,
    /// `details` (Node prints nested objects as `[Object]`; logfmt keeps none).
    details: bool,
    /// An empty body prints nothing at all, like no body (`curl -f`-style output).
    empty_is_hidden: bool,
    /// Only an envelope's fields are logged (logfmt): any other body is not shown.
    envelope_only: bool,
}

fn shows(style: &str) -> Shows {
    let all = Shows {
        body: true,
        status: true,
        method: true,
        path: true,
        headers: true,
        json_only: false,
        details: true,
        empty_is_hidden: false,
        envelope_only: false,
    };
    let response = Shows {
        method: false,
        path: false,
        ..all
    };
    let body_and_code = Shows {
        headers: false,
        ..response
    };
    let json_body = Shows {
        status: false,
        json_only: true,
        ..body_and_code
    };
    match style {
        "curl-v" | "curl-trace-ascii" | "curl-trace" | "httpie-v" | "wget-d" | "har" => all,
        "curl-i" | "curl-gzip" | "httpie-hb" | "httpie-pretty" | "openapi" => response,
        "curl-fail-with-body" | "curl-w" | "curl-w-newline" => Shows {
            empty_is_hidden: true,
            ..body_and_code
        },
        "vn" | "node-fetch" => body_and_code,
        "curl-jq-color" | "requests-log" => json_body,
        "node-console-log" => Shows {
            details: false,
            ..json_body
        },
        "curl-f" => Shows {
            body: false,
            ..body_and_code
        },
        "wget-S" => Shows {
            body: false,
            method: false,
            ..all
        },
        "requests-raise" => Shows {
            body: false,
            method: false,
            headers: false,
            ..all
        },
        "json-log" => Shows {
            headers: false,
            ..all
        },
        "logfmt" => Shows {
            headers: false,
            details: false,
            envelope_only: true,
            ..all
        },
        other => panic!("unknown style {other}"),
    }
}

/// Runs diagnose on one transcript; returns problems found, if any.
fn check(file: &str) -> Vec<String> {
    let (style, case_name) = file
        .trim_end_matches(".txt")
        .split_once("__")
        .expect("STYLE__CASE.txt");
    let want = case(case_name);
    let sees = shows(style);
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(fixture(&format!("clients/{file}")))
        .output()
        .expect("runs");
    let mut problems = Vec::new();
    let text = voiperr()
        .args(["--color", "always", "diagnose"])
        .arg(fixture(&format!("clients/{file}")))
        .output()
        .expect("runs");
    let shown = format!("{}{}", all_of(&out), all_of(&text));
    if shown.contains("SECRETKEY123") {
        problems.push("shows the access key".to_owned());
    }
    let diagnoses: Vec<Value> = stdout_of(&out)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let body_hidden = !sees.body
        || (sees.empty_is_hidden && want.kind == "empty_body")
        || (sees.envelope_only && want.kind != "envelope");
    if sees.json_only && want.reason.is_none() {
        // An empty or HTML body printed as JSON: nothing to read, nothing claimed.
        if !diagnoses.is_empty() {
            problems.push(format!(
                "diagnosed {} errors from no error",
                diagnoses.len()
            ));
        }
        return problems;
    }
    if diagnoses.len() != 1 {
        problems.push(format!("{} diagnoses, want 1", diagnoses.len()));
        return problems;
    }
    let d = &diagnoses[0];
    if d["kind"] == "transport" {
        problems.push("called an HTTP answer 'no HTTP answer'".to_owned());
    }
    let mut expect = |what: &str, got: &Value, want: Value| {
        if *got != want {
            problems.push(format!("{what}: got {got}, want {want}"));
        }
    };
    if body_hidden {
        expect("kind", &d["kind"], "status_only".into());
    } else {
        expect("kind", &d["kind"], want.kind.into());
        expect("reason", &d["reason"], want.reason.into());
    }
    if sees.status || want.reason.is_some() && !body_hidden {
        expect("http", &d["http"], want.http.into());
    }
    if sees.method {
        expect("method", &d["request"]["method"], want.method.into());
    }
    if sees.path || sees.method {
        expect("path", &d["request"]["path"], want.path.into());
    }
    let header_id = sees.headers && want.request_id.is_some();
    if (!body_hidden && want.kind != "legacy_body") || header_id {
        expect("request_id", &d["request_id"], want.request_id.into());
    }
    if sees.headers || style == "json-log" || style == "logfmt" {
        expect(
            "retry_after",
            &d["facts"]["retry_after"],
            want.retry_after.into(),
        );
    }
    if !body_hidden && sees.details {
        expect(
            "limited_by",
            &d["facts"]["limited_by"],
            want.limited_by.into(),
        );
    }
    let code = out.status.code().unwrap_or(-1);
    let api_error = want.reason.is_some() || want.kind == "empty_body" || body_hidden;
    if api_error && want.kind != "not_api" && code != 0 {
        problems.push(format!("exit {code} for a diagnosed API error"));
    }
    problems
}

#[test]
fn every_client_transcript_is_read() {
    let dir = fixture("clients");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/clients")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 150, "only {} transcripts", files.len());
    let failures: BTreeMap<String, Vec<String>> = files
        .iter()
        .map(|f| (f.clone(), check(f)))
        .filter(|(_, problems)| !problems.is_empty())
        .collect();
    let report: Vec<String> = failures
        .iter()
        .map(|(f, p)| format!("{f}: {}", p.join("; ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} transcripts misread:\n{}",
        failures.len(),
        files.len(),
        report.join("\n")
    );
}
