//! One right diagnosis per failed call, whatever the client printed
//! (issue 20): the same failure gets the same advice, a method-specific
//! note needs the method, likely reasons come from the endpoint resolver,
//! a call printed twice is one diagnosis, and pasted line ends are read.

use serde_json::Value;

use crate::common::{diagnoses_of, fixture, stdout_of, voiperr};

/// The diagnoses `diagnose --json` gives for `input`.
fn diagnoses(input: &str) -> Vec<Value> {
    diagnoses_of(input, &[])
}

/// What `diagnose --summary --json` counts in `input`.
fn summary_total(input: &str) -> Value {
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let summary: Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    summary["total"].clone()
}

fn one(input: &str) -> Value {
    let mut all = diagnoses(input);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn steps(d: &Value) -> Vec<String> {
    d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s.as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn curl_fail_verbose_hides_a_body_it_was_sent() {
    let transcript =
        std::fs::read_to_string(fixture("clients/curl-sSfv__ratelimit429.txt")).expect("fixture");
    let d = one(&transcript);
    assert_eq!(d["kind"], "status_only");
    assert_eq!(d["facts"]["retry_after"], "17");
    assert!(
        d["body_hint"]
            .as_str()
            .expect("a hint")
            .contains("-sS instead of -f")
    );
    // Content-Length: 0 shown before curl's error: the body is known to be empty.
    let empty = "> POST /auth/login HTTP/1.1\n>\n< HTTP/1.1 400 Bad Request\n< Content-Length: 0\ncurl: (22) The requested URL returned error: 400\n";
    assert_eq!(one(empty)["kind"], "empty_body");
}

const WGET_NUMBERS_500: &str = "--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/numbers\n  HTTP/1.1 500 Internal Server Error\n2026-11-24 10:00:00 ERROR 500: Internal Server Error.\n";
const REQUESTS_NUMBERS_500: &str = "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.voipbin.net/v1.0/numbers\n";
const CURL_GET_NUMBERS_500: &str = "> GET /v1.0/numbers HTTP/1.1\n>\n< HTTP/1.1 500 Internal Server Error\n< Content-Length: 9\ncurl: (22) The requested URL returned error: 500\n";

#[test]
fn a_note_about_a_method_needs_the_method() {
    let shown = one(CURL_GET_NUMBERS_500);
    let retry = |d: &Value| steps(d).last().cloned().expect("a retry step");
    assert!(retry(&shown).starts_with("Retry once"), "{shown:#?}");
    for unknown in [WGET_NUMBERS_500, REQUESTS_NUMBERS_500] {
        let d = one(unknown);
        assert_eq!(retry(&d), retry(&shown), "{d:#?}");
        assert_eq!(d["field_notes"], serde_json::json!([]));
        let steps = steps(&d);
        let credit: Vec<&String> = steps.iter().filter(|s| s.contains("add credit")).collect();
        assert_eq!(credit.len(), 1, "{steps:#?}");
        assert!(
            credit[0].starts_with("If this was a POST request: "),
            "{steps:#?}"
        );
    }
}

#[test]
fn likely_reasons_are_the_endpoints_own() {
    let endpoint = voiperr()
        .args(["endpoint", "--json", "GET /calls/{id}"])
        .output()
        .expect("runs");
    let view: Value = serde_json::from_str(&stdout_of(&endpoint)).expect("JSON");
    let listed: Vec<&Value> = view["field_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["http"] == serde_json::json!([404]))
        .flat_map(|n| n["reasons"].as_array().expect("reasons"))
        .collect();
    assert!(!listed.is_empty());
    let wget = "--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a\n  HTTP/1.1 404 Not Found\n2026-11-24 10:00:00 ERROR 404: Not Found.\n";
    let d = one(wget);
    for reason in listed {
        assert_eq!(&d["likely_reasons"][0], reason, "{d:#?}");
    }
    // A 429 anywhere may be the rate limit, whatever the endpoint's own reasons.
    let agents = "--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/agents\n  HTTP/1.1 429 Too Many Requests\n  Retry-After: 17\n2026-11-24 10:00:00 ERROR 429: Too Many Requests.\n";
    let d = one(agents);
    let likely = d["likely_reasons"].as_array().expect("likely");
    assert!(likely.contains(&"RATE_LIMIT_EXCEEDED".into()), "{d:#?}");
    // An endpoint whose note says its answer has an empty body: no way to see one.
    let login = "> POST /auth/login HTTP/1.1\n>\n< HTTP/1.1 400 Bad Request\n< Content-Type: application/json\ncurl: (22) The requested URL returned error: 400\n";
    let d = one(login);
    assert_eq!(d["body_hint"], Value::Null, "{d:#?}");
    assert_eq!(d["field_notes"][0]["id"], "auth-login-empty-400");
}

#[test]
fn a_call_printed_twice_is_one_diagnosis() {
    let body = r#"{"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND", "message": "The call was not found.", "request_id": "req_call404"}}"#;
    let python = format!(
        "{body}\nTraceback (most recent call last):\n  File \"/app/x.py\", line 5, in <module>\n    r.raise_for_status()\n  File \"/usr/lib/python3/dist-packages/requests/models.py\", line 1021, in raise_for_status\n    raise HTTPError(http_error_msg, response=self)\nrequests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a\n"
    );
    let node = format!(
        "{body}\nfile:///app/x.mjs:7\n    throw new Error(`HTTP ${{r.status}}: ${{text}}`);\n          ^\n\nError: HTTP 404: {body}\n    at file:///app/x.mjs:7:11\n\nNode.js v20.20.2\n"
    );
    for input in [python, node] {
        let d = one(&input);
        assert_eq!(
            (&d["reason"], &d["http"]),
            (&"CALL_NOT_FOUND".into(), &404.into())
        );
        assert_eq!(summary_total(&input), 1);
    }
}

#[test]
fn pasted_line_ends_are_read() {
    let transcript = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\nX-Request-Id: r1\r\n\r\n{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\"}}\r\n";
    for input in [
        transcript.replace("\r\n", "\n\n"),
        transcript.replace("\r\n", "\r"),
    ] {
        let d = one(&input);
        assert_eq!(d["reason"], "RATE_LIMIT_EXCEEDED");
        assert_eq!(d["facts"]["retry_after"], "17", "{input:?}");
        assert_eq!(d["request_id"], "r1");
    }
}

#[test]
fn sentences_libraries_print_are_read() {
    let arrow = "2026-12-01 14:35:46,845 WARNING voipbin.client: GET https://api.voipbin.net/v1.0/calls?page_size=10 -> 429 Too Many Requests; retry-after=17 body='{\"error\": {\"status\": \"RESOURCE_EXHAUSTED\", \"reason\": \"RATE_LIMIT_EXCEEDED\"}}'\n";
    let d = one(arrow);
    assert_eq!(
        (&d["http"], &d["reason"]),
        (&429.into(), &"RATE_LIMIT_EXCEEDED".into())
    );
    assert_eq!(
        (&d["request"]["method"], &d["request"]["path"]),
        (&"GET".into(), &"/calls".into())
    );
    assert_eq!(d["facts"]["retry_after"], "17");
    let httpie = "\nhttp: warning: HTTP 502 Bad Gateway\n\n<html>\n<head><title>502 Bad Gateway</title></head>\n</html>\n";
    let d = one(httpie);
    assert_eq!((&d["kind"], &d["http"]), (&"not_api".into(), &502.into()));
    let sdk = "Exception when calling CallsApi->v1_0_calls_id_hangup_post: (400)\nReason: Bad Request\nHTTP response headers: HTTPHeaderDict({'Content-Length': '0'})\n\n";
    let d = one(sdk);
    assert_eq!(
        (&d["kind"], &d["http"]),
        (&"empty_body".into(), &400.into())
    );
    for (line, code, method) in [
        (
            "httpx.HTTPStatusError: Client error '404 Not Found' for url 'https://api.voipbin.net/v1.0/calls/x'",
            404,
            Value::Null,
        ),
        (
            "Error: HTTP status server error (503 Service Unavailable) for url (https://api.voipbin.net/v1.0/agents)",
            503,
            Value::Null,
        ),
        (
            "2026/12/01 voipbin: DELETE https://api.voipbin.net/v1.0/flows/x: unexpected status: 403 Forbidden",
            403,
            "DELETE".into(),
        ),
        (
            "/app/x.rb:12:in `error!': 401 \"Unauthorized\" (Net::HTTPClientException)",
            401,
            Value::Null,
        ),
        (
            "PHP Warning:  file_get_contents(https://api.voipbin.net/v1.0/calls): Failed to open stream: HTTP request failed! HTTP/1.1 402 Payment Required",
            402,
            Value::Null,
        ),
    ] {
        let d = one(&format!("{line}\n"));
        assert_eq!(
            (&d["kind"], &d["http"]),
            (&"status_only".into(), &code.into()),
            "{line}"
        );
        assert_eq!(d["request"]["method"], method, "{line}");
    }
}

#[test]
fn numbers_that_are_not_status_codes_are_left_alone() {
    let log = "2026-12-01 14:35:46,404 INFO call answered in 404 ms\nlistening on port 5000\nGET /v1.0/calls 404 12ms\n<title>502 Bad Gateway</title>\n";
    assert!(diagnoses(log).is_empty());
}

/// Two errors in a JSON string body, after a status line, that differ only
/// in their message: `--json` lists both, and a summary counts both (a
/// fuzzed input once made it count one).
#[test]
fn errors_in_a_json_string_are_counted_as_listed() {
    let input = "HTTP/1.1 502 Bad Gateway\n\n{\"text\": \"{\\\"error\\\": {\\\"reason\\\": \\\"RATE_LIMIT_EXCEEDED\\\", \\\"message\\\": \\\"e\\\"}} {\\\"error\\\": {\\\"reason\\\": \\\"RATE_LIMIT_EXCEEDED\\\"}}\"}\n";
    assert_eq!(diagnoses(input).len(), 2);
    assert_eq!(summary_total(input), 2);
}

/// A number named `status` or `code` in prose is not a failed call; on a
/// line about a request it is, with the method and path the line shows.
#[test]
fn status_words_need_a_request_or_a_failure() {
    assert!(
        diagnoses("INFO cache status: 404 entries evicted\nthe exit code 500 was seen\n")
            .is_empty()
    );
    let d = one("GET /v1.0/calls status=404\n");
    assert_eq!(
        (&d["kind"], &d["http"]),
        (&"status_only".into(), &404.into())
    );
    assert_eq!(d["request"]["line"], "GET /v1.0/calls");
}
