//! `voiperr enrich --rsyslog` driven as rsyslog's mmexternal drives it: one
//! JSON line in, one line out before the next is sent, until the input ends.
//! (The real rsyslogd runs it in `rsyslog.rs`.)

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command as Process, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::Value;

use crate::common::voiperr;

/// rsyslog's message object for `msg`, shaped as rsyslogd 8.2302 writes it
/// for `interface.input="fulljson"`.
fn rsyslog_message(msg: &str) -> String {
    serde_json::json!({
        "msg": msg, "rawmsg": msg, "timereported": "2026-11-24T10:00:00.000000+00:00",
        "hostname": "web-1", "syslogtag": "app", "inputname": "imfile", "fromhost": "",
        "fromhost-ip": "", "pri": "133", "syslogfacility": "16", "syslogseverity": "5",
        "timegenerated": "2026-11-24T10:00:00.000000+00:00", "programname": "app",
        "protocol-version": "0", "structured-data": "-", "app-name": "app", "procid": "-",
        "msgid": "-", "uuid": null,
        "$!": {"metadata": {"filename": "/var/log/app/app.log", "fileoffset": "0"}}
    })
    .to_string()
}

const ENVELOPE_LINE: &str = r#"2026-11-24T10:00:00Z ERROR POST https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup?accesskey=SECRETKEY99 -> 404 Not Found body='{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"The call was not found.","request_id":"req_01"}}'"#;

/// A running `voiperr enrich --rsyslog`, its answers read on a thread.
struct Enricher {
    child: Child,
    input: Option<ChildStdin>,
    answers: Receiver<String>,
}

impl Enricher {
    fn start(args: &[&str]) -> Enricher {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let stdout = child.stdout.take().expect("stdout");
        let (send, answers) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Enricher {
            input: child.stdin.take(),
            child,
            answers,
        }
    }

    /// Sends one line and waits for its answer, as rsyslog does.
    fn ask(&mut self, line: &[u8]) -> String {
        let input = self.input.as_mut().expect("open");
        input.write_all(line).expect("writes");
        input.write_all(b"\n").expect("writes");
        input.flush().expect("flushes");
        self.answers
            .recv_timeout(Duration::from_secs(20))
            .expect("an answer before the next message is sent")
    }

    /// Closes the input; the exit code and stderr.
    fn finish(mut self) -> (Option<i32>, String) {
        drop(self.input.take());
        let out = self.child.wait_with_output().expect("ends");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn fields(answer: &str) -> Value {
    let value: Value = serde_json::from_str(answer).expect("each answer is JSON");
    value["$!"]["voiperr"].clone()
}

#[test]
fn each_message_is_answered_at_once_and_bad_lines_never_end_it() {
    let mut enricher = Enricher::start(&["enrich", "--rsyslog"]);
    let error = fields(&enricher.ask(rsyslog_message(ENVELOPE_LINE).as_bytes()));
    assert_eq!(error["reason"], "CALL_NOT_FOUND");
    assert_eq!(error["http"], 404);
    assert_eq!(error["request"]["path"], "/calls/{id}/hangup");
    assert_eq!(error["request_id"], "req_01");
    for nothing in [
        rsyslog_message("2026-11-24T10:00:01Z INFO call answered in 120 ms").into_bytes(),
        rsyslog_message("").into_bytes(),
        b"not JSON".to_vec(),
        b"{\"msg\":\"\xff\xfe CALL_NOT_FOUND\"}".to_vec(),
        b"{\"msg\":".to_vec(),
        Vec::new(),
    ] {
        assert_eq!(
            enricher.ask(&nothing),
            "{}",
            "{}",
            String::from_utf8_lossy(&nothing)
        );
    }
    // Still answering after all that.
    let again = fields(&enricher.ask(rsyslog_message(ENVELOPE_LINE).as_bytes()));
    assert_eq!(again["reason"], "CALL_NOT_FOUND");
    let (code, stderr) = enricher.finish();
    assert_eq!(code, Some(0), "exit 0 at the end of the input");
    assert!(
        stderr.is_empty(),
        "stderr shares rsyslog's answer pipe: {stderr}"
    );
}

#[test]
fn credentials_never_reach_the_fields() {
    let mut enricher = Enricher::start(&["enrich", "--rsyslog"]);
    let answer = enricher.ask(rsyslog_message(ENVELOPE_LINE).as_bytes());
    assert!(!answer.contains("SECRETKEY99"), "{answer}");
    assert!(
        fields(&answer)["request"]["line"]
            .as_str()
            .is_some_and(|l| l.ends_with("accesskey=***")),
        "{answer}"
    );
    assert_eq!(enricher.finish().0, Some(0));
}

#[test]
fn a_docs_url_adds_the_reasons_page() {
    let mut enricher = Enricher::start(&[
        "enrich",
        "--rsyslog",
        "--docs-url",
        "https://docs.example.org/voiperr",
    ]);
    let answer = fields(&enricher.ask(rsyslog_message(ENVELOPE_LINE).as_bytes()));
    assert_eq!(
        answer["doc_url"],
        "https://docs.example.org/voiperr/reasons/CALL_NOT_FOUND.html"
    );
    assert_eq!(enricher.finish().0, Some(0));
}

/// A line far past any message is answered `{}` without being held, and the
/// next one is read as usual.
#[test]
fn a_huge_line_is_answered_with_nothing() {
    let mut enricher = Enricher::start(&["enrich", "--rsyslog"]);
    let mut huge = br#"{"msg":""#.to_vec();
    huge.extend(std::iter::repeat_n(b'x', 70 << 20));
    huge.extend_from_slice(br#""}"#);
    assert_eq!(enricher.ask(&huge), "{}");
    let mut big_message =
        r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND"}} "#.to_owned();
    big_message.push_str(&"y".repeat(17 << 20));
    assert_eq!(enricher.ask(rsyslog_message(&big_message).as_bytes()), "{}");
    let answer = fields(&enricher.ask(rsyslog_message(ENVELOPE_LINE).as_bytes()));
    assert_eq!(answer["reason"], "CALL_NOT_FOUND");
    assert_eq!(enricher.finish().0, Some(0));
}

#[test]
fn when_rsyslog_stops_reading_it_ends_quietly() {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(["enrich", "--rsyslog"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(child.stdout.take());
    let mut input = child.stdin.take().expect("stdin");
    // The first answer finds no reader; a write after it may find voiperr gone.
    let _ = input.write_all(format!("{}\n", rsyslog_message(ENVELOPE_LINE)).as_bytes());
    drop(input);
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_a_protocol_it_is_a_usage_error() {
    let out = voiperr().arg("enrich").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rsyslog"));
}

/// Memory stays flat over many messages: errors, plain lines, unknown
/// reasons and distinct request IDs (a million by hand: docs/pipeline.md).
#[test]
fn memory_stays_flat_over_many_messages() {
    let messages = |from: usize, to: usize| {
        let mut text = String::new();
        for n in from..to {
            let msg = match n % 20 {
                0 => format!(
                    r#"2026-11-24T10:00:00Z ERROR GET https://api.voipbin.net/v1.0/calls/{n} -> 404 Not Found body='{{"error":{{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"req_{n}"}}}}'"#
                ),
                1 | 5 | 9 => {
                    format!(r#"{{"error":{{"status":"NOT_FOUND","reason":"MADE_UP_{n}"}}}}"#)
                }
                2 | 6 | 10 | 14 | 18 => {
                    format!("2026-11-24T10:00:00Z INFO call {n} answered in 120 ms")
                }
                _ => format!(
                    r#"{{"time":"2026-11-24T10:00:00Z","level":"info","call":"{n}","reason":"NORMAL_CLEARING"}}"#
                ),
            };
            text.push_str(&rsyslog_message(&msg));
            text.push('\n');
        }
        text
    };
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(["enrich", "--rsyslog"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let counter = std::thread::spawn(move || BufReader::new(stdout).lines().count());
    let mut input = child.stdin.take().expect("stdin");
    let peak = |pid: u32| {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .expect("VmHWM")
    };
    input
        .write_all(messages(0, 10_000).as_bytes())
        .expect("writes");
    input.flush().expect("flushes");
    let early = peak(child.id());
    input
        .write_all(messages(10_000, 50_000).as_bytes())
        .expect("writes");
    let late = peak(child.id());
    drop(input);
    assert_eq!(counter.join().expect("counts"), 50_000, "one answer a line");
    assert!(child.wait().expect("ends").success());
    assert!(
        late < early + 512,
        "peak RSS grew from {early} kB after 10,000 messages to {late} kB after 50,000"
    );
}
