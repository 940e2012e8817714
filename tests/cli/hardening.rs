//! Bad input, closed pipes, full devices and hostile terminal bytes.

use std::process::{Command as Process, Stdio};
use std::time::Duration;

use predicates::prelude::*;

use crate::common::{all_of, assert_full_device_fails, fixture, stdout_of, voiperr};

/// Runs `diagnose` on stdin bytes and on the same bytes in a file; both must agree.
fn diagnose_both(input: &[u8]) -> (i32, String, String) {
    let piped = voiperr()
        .arg("diagnose")
        .write_stdin(input.to_vec())
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("input");
    std::fs::write(&file, input).expect("write");
    let filed = voiperr()
        .arg("diagnose")
        .arg(&file)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    assert_eq!(
        piped.status.code(),
        filed.status.code(),
        "stdin and file disagree"
    );
    let stderr = String::from_utf8_lossy(&piped.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (piped.status.code().unwrap_or(-1), stdout_of(&piped), stderr)
}

fn one_sentence(stderr: &str) {
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: ") || first.starts_with("note: "),
        "{stderr}"
    );
}

#[test]
fn empty_whitespace_and_one_byte() {
    for input in [&b""[..], b"  \n\t\n", b"x"] {
        let (code, stdout, stderr) = diagnose_both(input);
        assert_eq!(code, 1, "{input:?}");
        assert!(stdout.is_empty());
        one_sentence(&stderr);
    }
}

#[test]
fn invalid_utf8_nul_and_random_binary_are_input_errors() {
    let mut random = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..65_536 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push((x & 0xff) as u8);
    }
    for input in [&b"\xff\xfe\xfd garbage"[..], b"abc\0def\0", &random] {
        let (code, _, stderr) = diagnose_both(input);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("not text"), "{stderr}");
    }
    // An envelope in a file with some bad bytes is still found.
    let mut mixed = b"\xff\xfe\n".to_vec();
    mixed.extend_from_slice(&std::fs::read(fixture("envelope-compact.json")).expect("fixture"));
    assert_eq!(diagnose_both(&mixed).0, 0);
}

#[test]
fn deep_nesting_huge_lines_and_odd_json() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (code, _, stderr) = diagnose_both(deep.as_bytes());
    assert_eq!(code, 1, "{stderr}");

    let mut huge = vec![b'a'; 50 * 1024 * 1024];
    huge.extend_from_slice(b"\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"request_id\":\"r\"}}\n");
    let (code, stdout, stderr) = diagnose_both(&huge);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("over 16 MiB was skipped"), "{stderr}");
    assert!(stdout.contains("CALL_NOT_FOUND"));

    let dup =
        br#"{"error":{"reason":"CALL_NOT_FOUND","reason":"FLOW_NOT_FOUND","status":"NOT_FOUND"}}"#;
    assert_eq!(diagnose_both(dup).0, 0);
    let (code, stdout, _) =
        diagnose_both(br#"{"error":{"status":404,"reason":null,"request_id":7}}"#);
    // Diagnosed, though it names no reason: exit 0.
    assert_eq!(code, 0);
    assert!(stdout.contains("The envelope has no reason"), "{stdout}");
    let long = format!(
        r#"{{"error":{{"status":"NOT_FOUND","reason":"{}"}}}}"#,
        "A_".repeat(5_000)
    );
    let (code, _, _) = diagnose_both(long.as_bytes());
    // An unknown reason, however long, is diagnosed: exit 0.
    assert_eq!(code, 0);
    let (code, stdout, _) =
        diagnose_both(br#"{"error":{"status":"not_found","reason":"call_not_found"}}"#);
    assert_eq!(code, 0);
    assert!(stdout.contains("Call ID does not exist"), "{stdout}");
}

#[test]
fn html_directory_and_fifo() {
    let (code, _, stderr) = diagnose_both(b"<!DOCTYPE html><html><title>Oops</title></html>\n");
    assert_eq!(code, 1);
    assert!(stderr.contains("HTML page"));
    let dir = tempfile::tempdir().expect("tempdir");
    voiperr()
        .arg("diagnose")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    let fifo = dir.path().join("fifo");
    let made = Process::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // The writer opens the FIFO late: voiperr waits for it, as `cat` does.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            std::fs::write(
                &fifo,
                std::fs::read(fixture("envelope-compact.json")).expect("fixture"),
            )
            .expect("write to the FIFO");
        })
    };
    voiperr()
        .arg("diagnose")
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .assert()
        .success()
        .stdout(predicate::str::contains("CALL_NOT_FOUND"));
    writer.join().expect("writer");
}

#[test]
fn bad_arguments_for_lookups() {
    voiperr().args(["explain", ""]).assert().code(1);
    voiperr()
        .args(["explain", &"A".repeat(10_000)])
        .assert()
        .code(1);
    voiperr()
        .args(["explain", "call_not_FOUND"])
        .assert()
        .success();
    voiperr()
        .args(["explain", "\u{1b}]0;pwned\u{7}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\u{1b}").not());
    voiperr()
        .args(["search", "\u{1b}[2J"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\u{1b}").not());
    voiperr()
        .args(["list", "--resource", "\u{1b}[31m"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\u{1b}").not());
}

fn run_piped(args: &str, reader: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let out = Process::new("bash")
        .args([
            "-c",
            &format!(
                "'{}' {args} | {reader}; exit ${{PIPESTATUS[0]}}",
                bin.display()
            ),
        ])
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .output()
        .expect("bash");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_subcommand_exits_quietly_into_a_closed_pipe() {
    let log = fixture("log-lines.log");
    let log = log.display();
    for args in [
        "list --all".to_owned(),
        "list --all --format json".to_owned(),
        "explain CALL_NOT_FOUND 409 404 500".to_owned(),
        "search not found".to_owned(),
        "endpoint GET /agents/{id}".to_owned(),
        format!("diagnose {log}"),
        format!("diagnose --json {log}"),
        "completions zsh".to_owned(),
        "man".to_owned(),
    ] {
        for reader in ["head -1", "true"] {
            let (code, stderr) = run_piped(&args, reader);
            assert_eq!(code, 0, "{args} | {reader}: {stderr}");
            assert!(
                !stderr.contains("panicked") && !stderr.contains("error"),
                "{args} | {reader}: {stderr}"
            );
        }
    }
}

#[test]
fn a_closed_pipe_keeps_the_verdict_and_ends_the_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("errors.log");
    let envelope = |n: usize, status: &str, reason: &str| {
        format!(
            "{{\"error\":{{\"status\":\"{status}\",\"reason\":\"{reason}\",\"message\":\"m{n}\"}}}}\n"
        )
    };
    let lines: String = (0..3000)
        .map(|n| match n % 2 {
            0 => envelope(n, "NOT_FOUND", "CALL_NOT_FOUND"),
            _ => envelope(n, "INTERNAL", "INTERNAL_ERROR"),
        })
        .collect();
    std::fs::write(&log, lines).expect("write");
    let log = log.display();
    for format in [
        "",
        "--json",
        "--format github",
        "--format bundle",
        "--format junit",
    ] {
        // The same verdict as without `head`: an error of a --fail-on class.
        let (code, stderr) =
            run_piped(&format!("diagnose --fail-on 5xx {format} {log}"), "head -1");
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
        // No error of the class: the run passes, with or without `head`.
        let (code, stderr) =
            run_piped(&format!("diagnose --fail-on 429 {format} {log}"), "head -1");
        assert_eq!(code, 0, "{format}: {stderr}");
    }
    // The verdict is known at the first 5xx: input that never ends is read no further.
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(["diagnose", "--fail-on", "5xx"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(
        &mut stdin,
        &std::fs::read(dir.path().join("errors.log")).expect("read"),
    )
    .expect("write");
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().expect("stdout")),
        &mut first,
    )
    .expect("a line");
    // The reader leaves (its end is dropped); the input stays open.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{first}");
}

#[test]
fn a_full_device_is_one_sentence_and_exit_2() {
    for args in [
        vec!["list", "--all"],
        vec!["explain", "CALL_NOT_FOUND"],
        vec!["completions", "bash"],
    ] {
        assert_full_device_fails(&args);
    }
}

const HOSTILE: &str = "> GET /v1.0/calls/x\u{1b}[2J?token=SECRETQ HTTP/1.1\n> Authorization: Bearer SECRETBEARER\n< HTTP/1.1 404\n< X-Request-Id: id\u{1b}]0;title\u{7}\n<\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"evil \\u001b[31mred\\u0007 \\b\\r over \\u009b Bearer SECRETMSG\",\"request_id\":\"r\\u001b]8;;http://x\\u001b\\\\\"}}\n";

#[test]
fn input_never_controls_the_terminal_in_any_mode() {
    for args in [
        vec!["diagnose"],
        vec!["--color", "always", "diagnose"],
        vec!["--color", "never", "diagnose"],
        vec!["diagnose", "--summary"],
        vec!["--color", "always", "diagnose", "--summary"],
    ] {
        let out = voiperr()
            .args(&args)
            .write_stdin(HOSTILE)
            .output()
            .expect("runs");
        let mut all = out.stdout.clone();
        all.extend_from_slice(&out.stderr);
        let text = String::from_utf8_lossy(&all);
        // Our own color codes are SGR sequences (`ESC[…m`); input bytes must never add others.
        let mut stripped = String::new();
        let mut rest = text.as_ref();
        while let Some(at) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let sgr = after.strip_prefix('[').and_then(|a| {
                let end = a.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
                (a[end..].starts_with('m')).then(|| &a[end + 1..])
            });
            match sgr {
                Some(tail) => rest = tail,
                None => {
                    stripped.push('\u{1b}');
                    rest = after;
                }
            }
        }
        stripped.push_str(rest);
        for bad in ['\u{1b}', '\u{7}', '\u{8}', '\r', '\u{9b}'] {
            assert!(
                !stripped.contains(bad),
                "{args:?}: {bad:?} leaked:\n{stripped}"
            );
        }
        assert!(out.status.success(), "{args:?}");
    }
    let json = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(HOSTILE)
        .output()
        .expect("runs");
    let text = stdout_of(&json);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(
        text.contains("\\u001b"),
        "JSON escapes control characters: {text}"
    );
}

#[test]
fn credentials_never_appear_in_any_mode() {
    let curl_v = std::fs::read_to_string(fixture("curl-v-hangup.txt")).expect("fixture");
    for args in [
        vec!["diagnose"],
        vec!["diagnose", "--json"],
        vec!["diagnose", "--summary"],
        vec!["diagnose", "--summary", "--json"],
        vec!["--color", "always", "diagnose"],
    ] {
        for input in [curl_v.as_str(), HOSTILE] {
            let out = voiperr()
                .args(&args)
                .write_stdin(input)
                .output()
                .expect("runs");
            let all = all_of(&out);
            for secret in [
                "SECRETKEY123",
                "SECRETTOKEN",
                "SECRETCOOKIE",
                "SECRETQ",
                "SECRETBEARER",
                "SECRETMSG",
            ] {
                assert!(!all.contains(secret), "{args:?} leaked {secret}:\n{all}");
            }
        }
    }
}
