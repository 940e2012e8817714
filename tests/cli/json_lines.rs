//! `diagnose --json` into a pipe or file: lines are made on a second thread
//! in batches, and must come out exactly as one thread would write them.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::common::{assert_full_device_fails, voiperr};

/// `count` envelopes, one per line; message `n` of them holds `pad` bytes of filler.
fn envelopes(count: usize, pad: usize) -> String {
    let mut text = String::new();
    for n in 0..count {
        let reason = ["CALL_NOT_FOUND", "INVALID_CREDENTIALS", "NOT_A_REAL_REASON"][n % 3];
        let _ = writeln!(
            text,
            r#"{{"error":{{"status":"NOT_FOUND","reason":"{reason}","message":"m{n} {}","request_id":"r{n}"}}}}"#,
            "x".repeat(pad)
        );
    }
    text
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writes");
    path.display().to_string()
}

#[test]
fn lines_keep_their_order_and_files_across_batches() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Over two batches of diagnoses; three; batches cut by size (8,000-byte messages).
    let inputs = [
        (write(dir.path(), "a.log", &envelopes(2_500, 0)), 2_500, 0),
        (write(dir.path(), "b.log", &envelopes(3, 0)), 3, 0),
        (
            write(dir.path(), "c.log", &envelopes(300, 8_000)),
            300,
            8_000,
        ),
    ];
    let out = voiperr()
        .arg("diagnose")
        .arg("--json")
        .args(inputs.iter().map(|(path, ..)| path))
        .output()
        .expect("runs");
    // Some reasons are unknown, and diagnosed all the same: exit 0.
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let mut at = 0;
    for (path, count, pad) in &inputs {
        for n in 0..*count {
            let d = &lines[at];
            assert_eq!(d["file"], path.as_str(), "line {at}");
            assert_eq!(d["line"], n + 1, "line {at}");
            assert_eq!(d["request_id"], format!("r{n}"), "line {at}");
            let message = d["message"].as_str().expect("message");
            assert!(message.starts_with(&format!("m{n} ")), "line {at}");
            assert_eq!(message.len(), format!("m{n} ").len() + pad, "line {at}");
            at += 1;
        }
    }
    assert_eq!(at, lines.len(), "no line more");
}

#[test]
fn a_big_output_stops_quietly_at_a_closed_pipe_with_its_verdict_and_fails_on_a_full_device() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = write(dir.path(), "big.log", &envelopes(20_000, 100));
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!(
                "'{}' diagnose --json --fail-on unknown '{log}' | head -1; exit ${{PIPESTATUS[0]}}",
                bin.display()
            ),
        ])
        .output()
        .expect("bash");
    // The verdict of the whole run (a reason the catalog does not know
    // fails it: 1), as without `head`, and nothing said about the pipe.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first: Value = serde_json::from_slice(&out.stdout).expect("the first line");
    assert_eq!(first["line"], 1);
    assert_full_device_fails(&["diagnose", "--json", &log]);
}
