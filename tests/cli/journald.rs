//! `journalctl -o json` output, recorded from a real journal by
//! `tests/fixtures/journald/record.sh`: each entry's `MESSAGE` is read as
//! the log line it holds, and `__REALTIME_TIMESTAMP` is its time.

use serde_json::Value;

use crate::common::{fixture, voiperr};

fn diagnoses(args: &[&str]) -> Vec<Value> {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .args(args)
        .arg(fixture("journald/journald.json"))
        .output()
        .expect("runs");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("SECRETKEY42"),
        "a credential reached the output"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("NDJSON"))
        .collect()
}

#[test]
fn each_entrys_message_is_read_as_its_log_line() {
    let found = diagnoses(&[]);
    let reasons: Vec<&str> = found.iter().filter_map(|d| d["reason"].as_str()).collect();
    assert_eq!(
        reasons,
        [
            "RATE_LIMIT_EXCEEDED",
            "CALL_NOT_FOUND",
            "INVALID_CREDENTIALS"
        ]
    );
    // A line logged to stdout: the arrow line with its body.
    let limited = &found[0];
    assert_eq!(limited["line"], 2);
    assert_eq!(limited["http"], 429);
    assert_eq!(limited["request_id"], "req_j1");
    assert_eq!(limited["facts"]["retry_after"], "17");
    assert_eq!(limited["facts"]["limited_by"], "customer");
    // A JSON log record as the message: read like any JSON log record.
    let record = &found[1];
    assert_eq!(record["line"], 4);
    assert_eq!(record["http"], 404);
    assert_eq!(record["request"]["method"], "GET");
    assert_eq!(record["request"]["path"], "/calls/{id}");
    // An entry over several lines: the traceback's status and URL.
    assert!(
        found
            .iter()
            .any(|d| d["kind"] == "status_only" && d["http"] == 404),
        "{found:?}"
    );
    // Colored text, which journalctl prints as an array of bytes; its credential masked.
    let colored = found.last().expect("an error");
    assert_eq!(colored["reason"], "INVALID_CREDENTIALS");
    assert_eq!(colored["line"], 6);
    assert_eq!(
        colored["request"]["line"],
        "GET https://api.voipbin.net/v1.0/calls?accesskey=***"
    );
}

#[test]
fn the_journals_time_is_the_records_time() {
    let count = |args: &[&str]| diagnoses(args).len();
    // Logged at 10:00:01.25; its text carries no time of its own.
    let limited = ["--reason", "RATE_LIMIT_EXCEEDED"];
    assert_eq!(
        count(&[&limited[..], &["--until", "2026-11-24T10:00:01Z"]].concat()),
        1
    );
    assert_eq!(
        count(&[&limited[..], &["--since", "2026-11-24T10:00:02Z"]].concat()),
        0
    );
    // Logged at 10:00:03.25; the JSON record in its message says 10:00:02.900.
    let record = [
        "--reason",
        "CALL_NOT_FOUND",
        "--since",
        "2026-11-24T10:00:03Z",
    ];
    assert_eq!(count(&record), 1);
    assert_eq!(
        count(&[&record[..], &["--until", "2026-11-24T10:00:03Z"]].concat()),
        1
    );
}

/// The fixture is journalctl's own output, not a hand-written imitation.
#[test]
fn the_fixture_is_journalctls_output() {
    let text = std::fs::read_to_string(fixture("journald/journald.json")).expect("fixture");
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).expect("one entry a line");
        for field in [
            "__CURSOR",
            "__REALTIME_TIMESTAMP",
            "__MONOTONIC_TIMESTAMP",
            "_BOOT_ID",
        ] {
            assert!(entry[field].is_string(), "{field} in {line}");
        }
    }
}
