//! One log, many failed calls (issue 30): each record is its own diagnosis,
//! nothing borrowed from a neighbour, nothing dropped, with the lines it
//! spans; time and level prefixes change nothing but the time.

use serde_json::{Value, json};

use crate::common::{diagnoses_of as diagnoses, stdout_of, voiperr};

/// What a diagnosis says about its call, and where: the fields the issue
/// names (reason, code, request, Retry-After, request ID) and its lines.
fn call(d: &Value) -> Value {
    json!({
        "lines": [d["from"], d["line"]],
        "kind": d["kind"],
        "reason": d["reason"],
        "http": d["http"],
        "request": d["request"]["line"],
        "retry_after": d["facts"]["retry_after"],
        "request_id": d["request_id"],
    })
}

fn calls(input: &str, args: &[&str]) -> Vec<Value> {
    diagnoses(input, args).iter().map(call).collect()
}

fn summary_total(input: &str, args: &[&str]) -> Value {
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs");
    serde_json::from_slice::<Value>(&out.stdout).expect("one JSON object")["total"].clone()
}

const NOT_FOUND: &str = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"The call was not found.","request_id":"req_b2"}}"#;

#[test]
fn a_body_with_no_newline_before_the_next_response_ends_there() {
    // `curl -si … >> test.log` twice (README's CI step).
    let first = "HTTP/1.1 404 Not Found\r\nX-Request-Id: req_call404\r\nContent-Length: 129\r\n\r\n{\"error\": {\"status\": \"NOT_FOUND\", \"reason\": \"CALL_NOT_FOUND\", \"message\": \"The call was not found.\", \"request_id\": \"req_call404\"}}";
    let second = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\nTransfer-Encoding: chunked\r\n\r\n{\"error\": {\"status\": \"RESOURCE_EXHAUSTED\", \"reason\": \"RATE_LIMIT_EXCEEDED\", \"message\": \"m\", \"request_id\": \"req_rl429\"}}";
    let log = format!("{first}{second}");
    let found = diagnoses(&log, &[]);
    assert_eq!(
        found.iter().map(call).collect::<Vec<_>>(),
        [
            json!({"lines": [1, 5], "kind": "envelope", "reason": "CALL_NOT_FOUND", "http": 404, "request": null, "retry_after": null, "request_id": "req_call404"}),
            json!({"lines": [5, 9], "kind": "envelope", "reason": "RATE_LIMIT_EXCEEDED", "http": 429, "request": null, "retry_after": "17", "request_id": "req_rl429"}),
        ]
    );
    assert!(
        found.iter().all(|d| d["warnings"] == json!([])),
        "{found:?}"
    );
    // A time-stamped log line or a request glued to a body is a line of its own too.
    for (glued, request) in [
        (
            "2026-11-24T10:00:00Z ERROR GET https://api.voipbin.net/v1.0/agents -> 502 Bad Gateway; body=''",
            Value::Null,
        ),
        ("POST /v1.0/calls HTTP/1.1", json!("POST /v1.0/calls")),
    ] {
        let log = format!("{first}{glued}\n{NOT_FOUND}\n");
        let found = calls(&log, &[]);
        assert_eq!(found.len(), 2 + usize::from(request.is_null()), "{found:?}");
        assert_eq!(found[0]["http"], 404, "{glued}");
        let last = found.last().expect("one");
        assert_eq!(
            (&last["request_id"], &last["request"]),
            (&json!("req_b2"), &request),
            "{glued}"
        );
    }
}

#[test]
fn a_record_takes_nothing_from_its_neighbours() {
    let arrow = |id: &str, after: &str| {
        format!(
            "POST https://api.voipbin.net/v1.0/calls -> 429 Too Many Requests; retry-after={after} body='{{\"error\":{{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"m\",\"request_id\":\"{id}\"}}}}'\n"
        )
    };
    let log = format!(
        "{}{NOT_FOUND}\n{}",
        arrow("req_a1", "17"),
        arrow("req_a3", "3")
    );
    assert_eq!(
        calls(&log, &[]),
        [
            json!({"lines": [1, 1], "kind": "envelope", "reason": "RATE_LIMIT_EXCEEDED", "http": 429, "request": "POST https://api.voipbin.net/v1.0/calls", "retry_after": "17", "request_id": "req_a1"}),
            json!({"lines": [2, 2], "kind": "envelope", "reason": "CALL_NOT_FOUND", "http": 404, "request": null, "retry_after": null, "request_id": "req_b2"}),
            json!({"lines": [3, 3], "kind": "envelope", "reason": "RATE_LIMIT_EXCEEDED", "http": 429, "request": "POST https://api.voipbin.net/v1.0/calls", "retry_after": "3", "request_id": "req_a3"}),
        ]
    );
    // After a finished exchange and a log line, however far: the envelope is alone.
    let exchange = "> POST /v1.0/calls HTTP/1.1\n> Host: api.voipbin.net\n>\n< HTTP/1.1 429 Too Many Requests\n< Retry-After: 17\n<\n{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"m\",\"request_id\":\"req_b1\"}}\n";
    for between in [0, 5_000] {
        let log = format!(
            "{exchange}2026-11-24T10:00:05Z INFO app: retrying later\n{}{NOT_FOUND}\n",
            "worker: tick\n".repeat(between)
        );
        let found = calls(&log, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            (
                &found[1]["http"],
                &found[1]["request"],
                &found[1]["retry_after"]
            ),
            (&json!(404), &Value::Null, &Value::Null),
            "{between} lines between"
        );
        let selected = calls(&log, &["--status", "429", "--path", "POST /calls"]);
        assert_eq!(selected.len(), 1, "{selected:?}");
        assert_eq!(selected[0]["request_id"], "req_b1");
    }
}

#[test]
fn the_same_envelope_in_records_of_their_own_is_an_error_each() {
    let envelope = r#"{"error":{"status":"NOT_FOUND","reason":"FLOW_NOT_FOUND","message":"m","request_id":"req_f"}}"#;
    let log = format!(
        "< HTTP/1.1 404 Not Found\n<\n{envelope}\n2026-11-24T10:01:00Z ERROR {envelope}\n2026-11-24T10:02:00Z ERROR {envelope}\n"
    );
    let lines: Vec<Value> = calls(&log, &[])
        .iter()
        .map(|c| c["lines"].clone())
        .collect();
    assert_eq!(lines, [json!([1, 3]), json!([4, 4]), json!([5, 5])]);
    assert_eq!(summary_total(&log, &[]), 3);
    // Printed twice in one record (curl --trace's dump, then its stdout): one error.
    let twice = format!("< HTTP/1.1 404 Not Found\n<\n{envelope}\n{envelope}\n");
    assert_eq!(calls(&twice, &[]).len(), 1);
    assert_eq!(summary_total(&twice, &[]), 1);
}

/// Lines of each client family, and every prefix a logger puts before them:
/// each prefixed line is read as the line alone, its time aside.
#[test]
fn a_time_or_level_prefix_hides_nothing() {
    let lines = [
        "level=error status=401 reason=INVALID_CREDENTIALS request_id=req_c3 url=https://api.voipbin.net/v1.0/calls",
        "POST https://api.voipbin.net/v1.0/calls -> 429 Too Many Requests; retry-after=17 body=''",
        NOT_FOUND,
        "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/x",
        "HTTP/1.1 502 Bad Gateway",
        "curl: (22) The requested URL returned error: 404",
        "STATUS: 400",
    ];
    let prefixes = [
        "2026-11-24T10:07:00Z ERROR ",
        "2026-11-24 10:07:00,845 WARNING ",
        "2026-11-24 05:07:00 -0500 ",
        "[2026-11-24T10:07:00.123+00:00] [error] ",
        "2026/11/24 10:07:00 ",
        "Nov 24 10:07:00 api-1 app[42]: ",
        "127.0.0.1 - - [24/Nov/2026:10:07:00 +0000] ",
        "E1124 10:07:00.000000    42 client.go:12] ",
        "I, [2026-11-24T10:07:00.000000 #42]  INFO -- app: ",
        "ERROR:voipbin.client:",
        "[2026-11-24 10:07:00] production.ERROR: ",
    ];
    for line in lines {
        let alone = calls(&format!("{line}\n"), &[]);
        assert_eq!(alone.len(), 1, "{line}: {alone:?}");
        for prefix in prefixes {
            let prefixed = calls(&format!("{prefix}{line}\n"), &[]);
            assert_eq!(prefixed, alone, "{prefix}{line}");
        }
    }
    let found = calls(
        "2026-11-24T10:07:00Z ERROR level=error status=401 reason=INVALID_CREDENTIALS request_id=req_c3 url=https://api.voipbin.net/v1.0/calls\n",
        &["--request-id", "req_c3"],
    );
    assert_eq!(
        (&found[0]["reason"], &found[0]["http"]),
        (&json!("INVALID_CREDENTIALS"), &json!(401))
    );
}

#[test]
fn an_error_is_dated_by_its_record_and_a_bad_time_is_refused() {
    let log = [
        "2026-11-24T10:00:00Z INFO app: started\n",
        "2026-11-24T10:07:00Z ERROR level=error status=401 reason=INVALID_CREDENTIALS request_id=req_c3 url=https://api.voipbin.net/v1.0/calls\n",
        "2026-11-24T10:08:00Z ERROR GET https://api.voipbin.net/v1.0/calls -> 503 Service Unavailable\n",
        // logrus: the time after a long response; a nested Date header is not the record's time.
        &format!(
            "{{\"level\":\"error\",\"resp\":{{\"headers\":{{\"Date\":\"Tue, 24 Nov 2026 09:00:00 GMT\"}},\"body\":\"{}\",\"pad\":\"{}\"}},\"time\":\"2026-11-24T10:09:00Z\",\"msg\":\"request failed\"}}\n",
            NOT_FOUND.replace('"', "\\\""),
            "x".repeat(300)
        ),
        // Rails and Ruby: a space before the zone. 15:30 UTC.
        "2026-11-24 10:30:00 -0500 ERROR {\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"QUEUE_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"req_q\"}}\n",
        // Only a Date header: the record's time all the same.
        "{\"level\":\"error\",\"response\":{\"status\":404,\"headers\":{\"Date\":\"Tue, 24 Nov 2026 16:00:00 GMT\"},\"body\":\"\"}}\n",
    ]
    .concat();
    let ids = |args: &[&str]| {
        calls(&log, args)
            .iter()
            .map(|c| c["lines"][1].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&["--since", "2026-11-24T10:04:00Z"]),
        [json!(2), json!(3), json!(4), json!(5), json!(6)]
    );
    assert_eq!(
        ids(&["--until", "2026-11-24T10:08:30Z"]),
        [json!(2), json!(3)]
    );
    assert_eq!(
        ids(&[
            "--since",
            "2026-11-24T15:00:00Z",
            "--until",
            "2026-11-24T15:59:59Z"
        ]),
        [json!(5)]
    );
    // The same with `--summary`, in one part or several.
    for threads in ["1", "2"] {
        assert_eq!(
            summary_total(&log, &["-j", threads, "--since", "2026-11-24 10:04:00Z"]),
            5
        );
    }
    // An error with no time of its own is left out, and said so.
    voiperr()
        .args(["diagnose", "--since", "2026-11-24"])
        .write_stdin(format!("2026-11-24T10:00:00Z INFO app: started\n{NOT_FOUND}\n"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "1 error with no time of its own (no time prefix, time field or time= key) left out by --since/--until",
        ));
    for bad in [
        "2026-11-24T10:00:00Z garbage",
        "2026-11-24T10:00:00+1:00",
        "2026-02-31",
        "10:04:00Z",
    ] {
        voiperr()
            .args(["diagnose", "--since", bad])
            .write_stdin(log.as_str())
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(
                "give a date (2026-11-24) or a date and time (2026-11-24T10:00:00Z",
            ));
    }
}

#[test]
fn an_error_is_reported_on_the_line_it_ends_on() {
    let log = "Traceback (most recent call last):\n  File \"/home/dev/app/client.py\", line 12, in <module>\n    resp.raise_for_status()\nrequests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.voipbin.net/v1.0/queues\n2026-11-24T10:00:09Z INFO app: next job\n";
    assert_eq!(calls(log, &[])[0]["lines"], json!([1, 4]));
    let out = voiperr()
        .args(["diagnose", "--format", "github"])
        .write_stdin(log)
        .output()
        .expect("runs");
    assert!(
        stdout_of(&out).starts_with("::error line=4,"),
        "{}",
        stdout_of(&out)
    );
    let text = voiperr()
        .args(["diagnose"])
        .write_stdin(log)
        .output()
        .expect("runs");
    assert!(
        stdout_of(&text).contains("(lines 1-4)"),
        "{}",
        stdout_of(&text)
    );
    // An empty body and a status without one: on the response's own lines.
    let log = "HTTP/1.1 400\r\nContent-Length: 0\r\n\r\nnext test: creating a call\n> GET /v1.0/calls HTTP/1.1\n< HTTP/1.1 404 Not Found\n< X-Request-Id: r4\n<\n* Connection #0 left intact\ncurl: (22) The requested URL returned error: 404\n";
    assert_eq!(
        calls(log, &[]),
        [
            json!({"lines": [1, 2], "kind": "empty_body", "reason": null, "http": 400, "request": null, "retry_after": null, "request_id": null}),
            json!({"lines": [5, 10], "kind": "status_only", "reason": null, "http": 404, "request": "GET /v1.0/calls", "retry_after": null, "request_id": "r4"}),
        ]
    );
}

#[test]
fn two_views_of_one_call_are_one_diagnosis_only_when_they_say_so() {
    let exchange = "> POST /v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup HTTP/1.1\n>\n< HTTP/1.1 404 Not Found\n<\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"req_h\"}}\n";
    let url = "https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup";
    let exception =
        format!("voipbin.errors.NotFound: 404 Client Error: Not Found for url: {url}\n");
    let hook = format!("POST {url} - Status 404\n");
    for (log, kind) in [
        // HTTPie's warning on stderr before the exchange it printed.
        (
            format!("http: warning: HTTP 404 Not Found\n{exchange}"),
            "envelope",
        ),
        (
            format!("{exchange}http: warning: HTTP 404 Not Found\n"),
            "envelope",
        ),
        (
            format!("{exchange}curl: (22) The requested URL returned error: 404\n"),
            "envelope",
        ),
        // A response hook's line, then the exception for the same response.
        (format!("{hook}{exception}"), "status_only"),
        (
            format!(
                "{hook}Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n{exception}"
            ),
            "status_only",
        ),
    ] {
        let found = calls(&log, &[]);
        assert_eq!(found.len(), 1, "{log}{found:?}");
        assert_eq!(found[0]["kind"], kind, "{log}");
        assert_eq!(found[0]["lines"][0], 1, "{log}");
        assert_eq!(summary_total(&log, &[]), 1, "{log}");
    }
    // Not one call: another code, another request, each with a time of its own.
    for log in [
        format!("http: warning: HTTP 429 Too Many Requests\n{exchange}"),
        format!("POST https://api.voipbin.net/v1.0/flows/x - Status 404\n{exception}"),
        format!("2026-11-24T10:00:00Z WARN {hook}2026-11-24T10:00:01Z ERROR {exception}"),
    ] {
        assert_eq!(calls(&log, &[]).len(), 2, "{log}");
    }
}

#[test]
fn families_of_client_output_are_read() {
    // A response dumped by labels, the body over several lines.
    let dump = "STATUS: 400\nHEADERS: {\"Content-Type\": \"application/json\", \"X-Request-Id\": \"req_s1\", \"Retry-After\": \"5\"}\nBODY: {\"error\": {\"status\": \"INVALID_ARGUMENT\",\nBODY:   \"reason\": \"INVALID_REQUEST_PARAMETER\", \"message\": \"bad\", \"request_id\": \"req_s1\"}}\n";
    assert_eq!(
        calls(dump, &[]),
        [
            json!({"lines": [1, 4], "kind": "envelope", "reason": "INVALID_REQUEST_PARAMETER", "http": 400, "request": null, "retry_after": "5", "request_id": "req_s1"})
        ]
    );
    let lower = dump
        .replace("STATUS:", "Response status:")
        .replace("HEADERS:", "response headers:")
        .replace("BODY:", "Response body:");
    assert_eq!(calls(&lower, &[]), calls(dump, &[]));
    // A Node Buffer or a page after `request failed CODE`.
    for (line, kind, http) in [
        ("Error: request failed 400 <Buffer >", "empty_body", 400),
        (
            "Error: request failed 502 <html><head><title>502 Bad Gateway</title>…",
            "not_api",
            502,
        ),
        (
            "request failed 404 <Buffer 7b 22 6d 73 67 22 3a 22 78 22 7d>",
            "legacy_body",
            404,
        ),
    ] {
        let found = calls(&format!("{line}\nnext: test 2\n"), &[]);
        assert_eq!(found.len(), 1, "{line}: {found:?}");
        assert_eq!(
            (&found[0]["kind"], &found[0]["http"]),
            (&json!(kind), &json!(http)),
            "{line}"
        );
        assert_eq!(found[0]["lines"], json!([1, 1]), "{line}");
    }
    // An empty 400 whose status line has no reason phrase: Content-Length: 0
    // says the body is empty, whatever the log says after it.
    for log in [
        "HTTP/1.1 400\r\nContent-Length: 0\r\n\r\n{\"level\":\"info\",\"msg\":\"next test\"}\n",
        "< HTTP/2 400\n< content-length: 0\n<\n* Connection #0 left intact\nok\n",
    ] {
        let found = calls(log, &[]);
        assert_eq!(found.len(), 1, "{log}");
        assert_eq!(
            (&found[0]["kind"], &found[0]["http"]),
            (&json!("empty_body"), &json!(400)),
            "{log}"
        );
    }
}
