//! Hostile input, second pass: every text path redacted and inert, linear
//! time on any line, bounded memory, and no error lost after a bad one.

use std::process::{Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{all_of, assert_full_device_fails, stdout_of, voiperr};

const ENVELOPE: &str = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"gone","request_id":"req_1"}}"#;

/// Stdout and stderr of `voiperr ARGS` on `input`, together, with the exit code.
fn run(args: &[&str], input: &[u8]) -> (i32, String) {
    let out = voiperr()
        .args(args)
        .write_stdin(input.to_vec())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let all = all_of(&out);
    assert!(!all.contains("panicked"), "{all}");
    (out.status.code().unwrap_or(-1), all)
}

/// Drops voiperr's own color codes (SGR: `ESC [ digits ; m`), keeping any other escape.
fn without_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let sgr = after.strip_prefix('[').and_then(|a| {
            let end = a.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            a[end..].starts_with('m').then(|| &a[end + 1..])
        });
        match sgr {
            Some(tail) => rest = tail,
            None => {
                out.push('\u{1b}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const ALL_MODES: &[&[&str]] = &[
    &["diagnose"],
    &["--color", "always", "diagnose"],
    &["--color", "never", "diagnose"],
    &["diagnose", "--json"],
    &["diagnose", "--summary"],
    &["diagnose", "--summary", "--json"],
];

/// Characters that must never reach the terminal raw.
const DANGEROUS: &[char] = &[
    '\u{1b}',
    '\u{7}',
    '\u{8}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{202e}',
    '\u{2066}',
    '\u{2028}',
    '\u{2029}',
    '\u{61c}',
    '\u{200b}',
    '\u{feff}',
    '\u{e0041}',
];

fn assert_inert(args: &[&str], all: &str) {
    let all = without_sgr(all);
    for bad in DANGEROUS {
        assert!(!all.contains(*bad), "{args:?}: {bad:?} leaked:\n{all}");
    }
}

#[test]
fn curl_error_lines_reach_no_terminal_raw() {
    let input = "curl: (6) Could not resolve host: x\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J \u{9b}31m \u{202e}evil\n";
    for args in ALL_MODES {
        let (code, all) = run(args, input.as_bytes());
        // A failure diagnosed (the call got no answer): exit 0.
        assert_eq!(code, 0, "{args:?}");
        assert_inert(args, &all);
        assert!(!all.contains("]52;c;cHduZWQ=\u{7}"), "{all}");
    }
}

#[test]
fn curl_error_lines_never_show_credentials() {
    let input = "curl: (6) Could not resolve host: h?accesskey=S1SECRET Authorization: Bearer S2SECRET token=S3SECRET\n";
    for args in ALL_MODES {
        let (_, all) = run(args, input.as_bytes());
        for secret in ["S1SECRET", "S2SECRET", "S3SECRET"] {
            assert!(!all.contains(secret), "{args:?} leaked {secret}:\n{all}");
        }
    }
}

#[test]
fn every_credential_shape_is_masked_everywhere() {
    let message = [
        "Bearer\tSECRET01",
        "Bearer\u{a0}SECRET02",
        "Bearer Bearer SECRET03",
        "token=Bearer SECRET04",
        "X-Api-Key: SECRET05",
        "api_key=SECRET06",
        "access_key=SECRET07",
        "accesskey%3DSECRET08",
        "password=SECRET09",
        "https://user:SECRET10@api.voipbin.net/v1.0/calls",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTRUNSRVQxMSJ9.SECRET11sig",
    ]
    .join(" ");
    let envelope = serde_json::json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND",
        "message": message, "request_id": "r"}});
    let input = format!(
        "> GET /v1.0/calls?password=SECRET12 HTTP/1.1\n> Authorization: Basic SECRET13\n< HTTP/1.1 404 Not Found\n<\n{envelope}\n\
         {{\"Authorization\":\"Basic SECRET14\",\"password\":\"SECRET15\",\"accesskey\":\"SECRET16\",\"token\":\"SECRET17\",\"error\":{{\"reason\":\"CALL_NOT_FOUND\",\"status\":\"NOT_FOUND\"}}}}\n"
    );
    for args in ALL_MODES {
        let (_, all) = run(args, input.as_bytes());
        for n in 1..=17 {
            let secret = format!("SECRET{n:02}");
            assert!(!all.contains(&secret), "{args:?} leaked {secret}:\n{all}");
        }
    }
    // The HTML title goes to stderr: masked too.
    let (_, all) = run(
        &["diagnose"],
        b"<html><head><title>Bad token=SECRET18 \x1b[2J</title></head></html>\n",
    );
    assert!(!all.contains("SECRET18"), "{all}");
    assert_inert(&["diagnose"], &all);
}

#[test]
fn json_escapes_every_dangerous_character_and_keeps_the_data() {
    let message: String = DANGEROUS.iter().map(|c| format!("{c}x")).collect();
    let envelope = serde_json::json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND",
        "message": message, "request_id": "r"}});
    let (code, all) = run(&["diagnose", "--json"], format!("{envelope}\n").as_bytes());
    assert_eq!(code, 0);
    assert_inert(&["diagnose", "--json"], &all);
    let parsed: Value = serde_json::from_str(all.trim()).expect("one JSON line");
    assert_eq!(parsed["message"], message, "JSON keeps the text exactly");
    let (_, text) = run(&["diagnose"], format!("{envelope}\n").as_bytes());
    assert_inert(&["diagnose"], &text);
}

/// The least CPU time (user + system) of three runs of `diagnose` on
/// `input`: CPU time, unlike the wall clock, hardly moves when other
/// processes load the machine.
fn best_time(input: &[u8]) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("input");
    std::fs::write(&file, input).expect("write");
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    (0..3)
        .map(|_| {
            // bash's `time` reports the command's own CPU seconds.
            let out = Process::new("bash")
                .arg("-c")
                .arg(r#"TIMEFORMAT='%3U %3S'; time "$0" diagnose --summary "$1" >/dev/null 2>&1"#)
                .arg(bin)
                .arg(&file)
                .output()
                .expect("bash runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let seconds: f64 = stderr
                .split_whitespace()
                .map(|s| s.parse::<f64>().expect("bash's time prints seconds"))
                .sum();
            Duration::from_secs_f64(seconds)
        })
        .min()
        .unwrap_or_default()
}

/// Time grows linearly: 8× the input takes far less than 64× the time.
fn assert_linear(make: impl Fn(usize) -> Vec<u8>) {
    let small = best_time(&make(1));
    let large = best_time(&make(8));
    assert!(
        large < small * 24 + Duration::from_millis(200),
        "8× the input took {large:?} of CPU against {small:?}: not linear"
    );
}

#[test]
fn every_line_is_read_in_linear_time() {
    assert_linear(|k| "{\"".repeat(100_000 * k).into_bytes());
    assert_linear(|k| {
        let n = 20_000 * k;
        format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)).into_bytes()
    });
    assert_linear(|k| "{\"reason\":\"X\",".repeat(20_000 * k).into_bytes());
}

#[test]
fn distinct_unknown_names_fold_into_one_row() {
    let mut input = String::new();
    for n in 0..10_050 {
        input.push_str(&format!(
            "{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"MADE_UP_{n}\"}}}}\n"
        ));
    }
    input.push_str(ENVELOPE);
    let (code, all) = run(&["diagnose", "--summary", "--json"], input.as_bytes());
    // Errors diagnosed, unknown reasons included: exit 0.
    assert_eq!(code, 0);
    let summary: Value =
        serde_json::from_str(&all[..all.rfind('}').expect("JSON") + 1]).expect("summary JSON");
    assert_eq!(summary["total"], 10_051);
    let rows = summary["reasons"].as_array().expect("rows");
    let other = rows
        .iter()
        .find(|r| r["reason"] == "(other unknown reasons)")
        .expect("a row for the names past the cap");
    assert_eq!(other["count"], 50);
    assert!(rows.iter().any(|r| r["reason"] == "CALL_NOT_FOUND"));
}

#[test]
fn long_reason_names_are_cut_in_the_table_and_bounded_in_json() {
    let name = "A_".repeat(320_000);
    let input = format!("{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"{name}\"}}}}\n");
    let (_, table) = run(&["diagnose", "--summary"], input.as_bytes());
    assert!(table.lines().all(|l| l.chars().count() < 200), "{table}");
    assert!(table.contains('…'), "{table}");
    let (_, json) = run(&["diagnose", "--summary", "--json"], input.as_bytes());
    let summary: Value = serde_json::from_str(json.trim()).expect("JSON");
    let shown = summary["reasons"][0]["reason"].as_str().expect("a name");
    assert!(
        shown.starts_with("A_A_") && shown.chars().count() <= 201,
        "{}",
        shown.len()
    );
}

#[test]
fn a_cut_off_line_hides_nothing_after_it() {
    let mut input = String::from(
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"cut her\n",
    );
    for _ in 0..1000 {
        input.push_str(ENVELOPE);
        input.push('\n');
    }
    let (code, all) = run(&["diagnose", "--summary", "--json"], input.as_bytes());
    assert_eq!(code, 0, "{all}");
    assert!(all.contains("\"total\": 1001"), "{all}");
    assert!(
        all.contains("line 1: the JSON starting here is cut off"),
        "{all}"
    );
    // A pending multi-line document gives way to a timestamped log line too.
    let input = format!("{{\n  \"error\": {{\n2026-11-24T10:00:00Z ERROR {ENVELOPE}\n");
    let (code, all) = run(&["diagnose", "--json"], input.as_bytes());
    assert_eq!(code, 0, "{all}");
    assert!(all.contains("\"line\":3"), "{all}");
}

#[test]
fn text_after_a_multi_line_document_is_read() {
    let input =
        "{\n \"a\": 1\n} {\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\"}}\n";
    let (code, all) = run(&["diagnose"], input.as_bytes());
    assert_eq!(code, 0, "{all}");
    assert!(all.contains("CALL_NOT_FOUND"), "{all}");
}

#[test]
fn one_bad_token_keeps_the_envelope() {
    for input in [
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"cut \\ud83d\",\"request_id\":\"req_9\"}}\n",
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"req_9\",\"details\":[{\"n\":1e999}]}}\n",
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"a\tb\",\"request_id\":\"req_9\"}}\n",
    ] {
        let (code, all) = run(&["diagnose", "--json"], input.as_bytes());
        assert_eq!(code, 0, "{input}: {all}");
        let d: Value = serde_json::from_str(all.trim()).expect("one diagnosis");
        assert_eq!(d["reason"], "CALL_NOT_FOUND");
        assert_eq!(d["status"], "NOT_FOUND");
        assert_eq!(d["request_id"], "req_9");
        assert!(d["message"].is_string(), "{all}");
    }
}

#[test]
fn help_and_version_into_a_full_device_fail_loudly() {
    for args in [["--help"], ["--version"]] {
        assert_full_device_fails(&args);
    }
    voiperr().arg("--help").assert().success();
}

#[test]
fn clap_errors_on_a_terminal_stay_inert() {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let command = format!(
        "'{}' list --format \"$(printf '\\033]52;c;QQ==\\007x')\"",
        bin.display()
    );
    let out = Process::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script(1) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("invalid value"), "{text}");
    assert!(!text.contains("\u{1b}]52"), "{text:?}");
    assert!(!text.contains('\u{7}'), "{text:?}");
}

#[test]
fn wide_characters_wrap_by_display_width() {
    let message = "通話が見つかりません。".repeat(20);
    let envelope = serde_json::json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND",
        "message": message, "request_id": "r"}});
    let out = voiperr()
        .env("COLUMNS", "60")
        .arg("diagnose")
        .write_stdin(format!("{envelope}\n"))
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(text.contains("通話"), "{text}");
    for line in text.lines() {
        assert!(line.width() <= 60, "{} columns: {line}", line.width());
    }
}

#[test]
fn close_names_are_looked_for_a_bounded_number_of_times() {
    let mut input = String::new();
    for n in 0..1_010 {
        input.push_str(&format!(
            "{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUNDD_{n}\"}}}}\n"
        ));
    }
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 1_010);
    assert!(
        lines[0]["suggestions"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "{}",
        lines[0]
    );
    let last = &lines[1_009];
    assert!(
        last["suggestions"].as_array().is_some_and(Vec::is_empty),
        "{last}"
    );
    assert!(
        last["warnings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("first 1000 distinct"),
        "{last}"
    );
}
