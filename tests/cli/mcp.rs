//! `voiperr mcp` driven by a real MCP client, and by hand for the protocol's
//! bad days: malformed lines, unknown tools, a client that leaves mid-call.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::fixture;

fn python_has_mcp() -> bool {
    Process::new("python3")
        .args(["-c", "import mcp, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs an MCP client script; it must end well, with ` passed, 0 failed`.
fn assert_client_passes(client: &mut Process) {
    let out = client.output().expect("the client runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn clients_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp")
}

#[test]
fn the_official_python_sdk_validates_every_tool_resource_and_the_prompt() {
    assert!(
        python_has_mcp(),
        "the MCP Python SDK and jsonschema are required: python3 -m pip install mcp jsonschema (scripts/test does)"
    );
    assert_client_passes(
        Process::new("python3")
            .arg(clients_dir().join("client.py"))
            .arg(assert_cmd::cargo::cargo_bin!("voiperr"))
            .arg(fixture("")),
    );
}

#[test]
fn the_official_typescript_sdk_validates_every_tool_resource_and_the_prompt() {
    let dir = clients_dir();
    // npm ci installs the SDK version package-lock.json pins.
    if !dir
        .join("node_modules/@modelcontextprotocol/sdk/package.json")
        .is_file()
    {
        let out = Process::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .output()
            .expect("npm runs (scripts/test installs node and npm)");
        assert!(
            out.status.success(),
            "npm ci in tests/mcp: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_client_passes(
        Process::new("node")
            .arg(dir.join("client.mjs"))
            .arg(assert_cmd::cargo::cargo_bin!("voiperr")),
    );
}

/// `voiperr mcp`, its three streams piped.
fn start_mcp() -> std::process::Child {
    Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts")
}

/// `voiperr mcp` with raw JSON-RPC lines; returns each answer line.
pub fn exchange(lines: &[&str], close_early: bool) -> (Vec<Value>, std::process::ExitStatus) {
    let mut child = start_mcp();
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut answers = Vec::new();
    for line in lines {
        writeln!(stdin, "{line}").expect("write");
        stdin.flush().expect("flush");
        // Everything but a notification is answered, a line that is not JSON too.
        let is_notification = serde_json::from_str::<Value>(line)
            .is_ok_and(|v| v.get("method").is_some() && v.get("id").is_none());
        let expects_answer = !is_notification;
        if expects_answer && !close_early {
            let answer = rx.recv_timeout(Duration::from_secs(20)).expect("an answer");
            answers.push(serde_json::from_str(&answer).expect("JSON-RPC"));
        }
    }
    drop(stdin);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (answers, status)
}

pub const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#;
pub const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;

#[test]
fn malformed_lines_and_unknown_tools_leave_it_answering() {
    let (answers, status) = exchange(
        &[
            INIT,
            INITIALIZED,
            "this is not JSON {",
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"explain_reason","arguments":{"wrong":1}}}"#,
            r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain_reason","arguments":{"reason":"CALL_NOT_FOUND"}}}"#,
        ],
        false,
    );
    assert!(status.success(), "{status:?}");
    // Not JSON: a parse error, with `"id": null`.
    assert_eq!(answers[1]["error"]["code"], -32700, "{}", answers[1]);
    assert_eq!(answers[1].get("id"), Some(&Value::Null), "{}", answers[1]);
    let answers = &answers[1..];
    assert_eq!(answers[1]["id"], 2);
    assert!(answers[1].get("error").is_some(), "{}", answers[1]);
    // Wrong arguments: a tool result the model can act on, naming the field.
    assert_eq!(answers[2]["result"]["isError"], true, "{}", answers[2]);
    assert!(answers[2].to_string().contains("reason"), "{}", answers[2]);
    let text = answers[3]["result"]["content"][0]["text"]
        .as_str()
        .expect("text");
    assert!(text.contains("\"reason\": \"CALL_NOT_FOUND\""), "{text}");
}

#[test]
fn a_client_that_leaves_mid_call_ends_it_quietly() {
    let big = "x".repeat(512 * 1024);
    let call = format!(
        r#"{{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{{"name":"diagnose_response","arguments":{{"text":"{big}"}}}}}}"#
    );
    let (_, status) = exchange(&[INIT, INITIALIZED, &call], true);
    assert!(status.success(), "{status:?}");
}

/// `voiperr mcp` driven by hand: raw bytes in, JSON-RPC answers out, its
/// memory read from `/proc`.
struct Session {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    answers: std::sync::mpsc::Receiver<String>,
}

impl Session {
    /// A server past `initialize`.
    fn start() -> Session {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let (tx, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut session = Session {
            child,
            stdin,
            answers,
        };
        session.send(INIT.as_bytes());
        assert_eq!(session.answer()["id"], 1);
        session.send(INITIALIZED.as_bytes());
        session
    }

    /// Writes one message and its newline.
    fn send(&mut self, message: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(message).expect("write");
        stdin.write_all(b"\n").expect("write");
        stdin.flush().expect("flush");
    }

    fn answer(&self) -> Value {
        serde_json::from_str(&self.answer_line()).expect("JSON")
    }

    /// The next answer as the server wrote it.
    fn answer_line(&self) -> String {
        self.answers
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer within a minute")
    }

    /// Peak resident memory so far, in KiB.
    fn peak_rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM")
    }

    /// Closes stdin; the server must then end by itself, successfully.
    fn finish(mut self) {
        drop(self.stdin.take());
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(std::time::Instant::now() < deadline, "still running");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status:?}");
    }
}

/// Asserts a JSON-RPC error answer with `code` and exactly `id` (null included).
fn assert_error(answer: &Value, code: i64, id: &Value) {
    assert_eq!(answer["jsonrpc"], "2.0", "{answer}");
    assert_eq!(answer["error"]["code"], code, "{answer}");
    assert!(answer["error"]["message"].is_string(), "{answer}");
    let object = answer.as_object().expect("an object");
    assert_eq!(object.get("id"), Some(id), "{answer}");
}

#[test]
fn every_message_gets_an_answer() {
    let mut session = Session::start();
    let null = Value::Null;
    // Not JSON, and not UTF-8 (a bad byte inside a string): parse errors.
    session.send(b"this is not JSON {");
    assert_error(&session.answer(), -32700, &null);
    session.send(b"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"explain_reason\",\"arguments\":{\"reason\":\"\xff\xfe\"}}}");
    assert_error(&session.answer(), -32700, &null);
    // Ids that are not a string or an integer: invalid requests, id null.
    for id in ["1e400", "1e30", "1.5", "true", "null", "{\"a\":1}", "[1,2]"] {
        session.send(format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"ping"}}"#).as_bytes());
        assert_error(&session.answer(), -32600, &null);
    }
    // Not a request object at all.
    for message in [
        "[]",
        "[1]",
        "42",
        r#""ping""#,
        r#"{"jsonrpc":"2.0","method":1}"#,
    ] {
        session.send(message.as_bytes());
        assert_error(&session.answer(), -32600, &null);
    }
    // A request whose arguments rmcp cannot read: answered, with its id.
    session.send(br#"{"jsonrpc":"2.0","id":"p","method":"tools/call","params":"no"}"#);
    let answer = session.answer();
    assert_eq!(answer["id"], "p", "{answer}");
    assert!(answer["error"]["code"].is_i64(), "{answer}");
    // Still answering.
    session.send(br#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#);
    let answer = session.answer();
    assert_eq!(answer["id"], 9, "{answer}");
    assert!(answer.get("result").is_some(), "{answer}");
    session.finish();
}

#[test]
fn an_oversized_message_is_answered_and_never_held_whole() {
    let mut session = Session::start();
    // 64 MiB of arguments: over any limit, streamed through.
    let big = "x".repeat(64 * 1024 * 1024);
    session.send(
        format!(r#"{{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{{"name":"diagnose_response","arguments":{{"text":"{big}"}}}}}}"#)
            .as_bytes(),
    );
    drop(big);
    let answer = session.answer();
    // The id stands before the arguments: the answer carries it.
    assert_error(&answer, -32600, &Value::from(7));
    let peak = session.peak_rss_kib();
    assert!(peak < 48 * 1024, "peak RSS {peak} KiB for a 64 MiB message");
    // The same without an id before the size limit: id null.
    let big = "y".repeat(20 * 1024 * 1024);
    session.send(
        format!(r#"{{"jsonrpc":"2.0","method":"ping","params":{{"pad":"{big}"}},"id":8}}"#)
            .as_bytes(),
    );
    assert_error(&session.answer(), -32600, &Value::Null);
    session.send(br#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#);
    assert_eq!(session.answer()["id"], 9);
    session.finish();
}

#[test]
fn a_client_that_does_not_read_cannot_grow_its_memory() {
    const CALLS: usize = 200;
    let mut session = Session::start();
    // 200 KB of error envelopes: each answer is over a megabyte of JSON.
    let envelope = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"request failed at 2026-11-24T10:00:00Z","request_id":"req_000000000001"}}"#;
    let mut text = String::new();
    while text.len() < 200 * 1024 {
        text.push_str(envelope);
        text.push('\n');
    }
    let call = |id: usize| {
        serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": "diagnose_response", "arguments": {"text": text}}})
        .to_string()
    };
    let calls: Vec<String> = (0..CALLS).map(call).collect();
    let mut stdin = session.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        for c in calls {
            stdin.write_all(c.as_bytes()).expect("write");
            stdin.write_all(b"\n").expect("write");
        }
        stdin.flush().expect("flush");
        stdin
    });
    // Read nothing for a while: the server must stop reading, not pile up answers.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !writer.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut ids = std::collections::BTreeSet::new();
    for _ in 0..CALLS {
        let answer = session.answer();
        assert_eq!(
            answer["result"]["isError"],
            false,
            "{}",
            &answer.to_string()[..200]
        );
        ids.insert(answer["id"].as_u64().expect("an id"));
    }
    assert_eq!(ids.len(), CALLS, "every call answered once");
    let peak = session.peak_rss_kib();
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
    session.stdin = Some(writer.join().expect("writer"));
    session.finish();
}

#[test]
fn a_miss_says_suggestions_only_when_there_are_some() {
    let (answers, _) = exchange(
        &[
            INIT,
            INITIALIZED,
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"explain_reason","arguments":{"reason":"CALL_NOT_FUOND_XYZ_QQ"}}}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"explain_reason","arguments":{"reason":"zzzz"}}}"#,
        ],
        false,
    );
    let close = answers[1]["result"].to_string();
    assert!(
        close.contains("the suggestions are the closest names"),
        "{close}"
    );
    let far = answers[2]["result"].to_string();
    assert!(far.contains("\\\"suggestions\\\": []"), "{far}");
    assert!(!far.contains("the suggestions are"), "{far}");
    assert!(far.contains("no name is close to it"), "{far}");
}

#[test]
fn a_result_is_structured_and_a_missing_resource_or_prompt_is_a_protocol_error() {
    let (answers, status) = exchange(
        &[
            INIT,
            INITIALIZED,
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"explain_reason","arguments":{"reason":"CALL_NOT_FOUND"}}}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"voiperr://reason/NO_SUCH_REASON_XYZ"}}"#,
            r#"{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"voiperr://endpoint/POST/calls"}}"#,
            r#"{"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"no_such_prompt"}}"#,
            r#"{"jsonrpc":"2.0","id":6,"method":"prompts/get","params":{"name":"diagnose_api_response","arguments":{}}}"#,
        ],
        false,
    );
    assert!(status.success(), "{status:?}");
    let structured = &answers[1]["result"]["structuredContent"];
    assert_eq!(structured["schema_version"], 1, "{}", answers[1]);
    assert_eq!(structured["entries"][0]["reason"], "CALL_NOT_FOUND");
    for (answer, id) in answers[2..4].iter().zip([3, 4]) {
        assert_error(answer, -32002, &Value::from(id));
        assert!(answer["error"]["data"]["uri"].is_string(), "{answer}");
    }
    for (answer, id) in answers[4..].iter().zip([5, 6]) {
        assert_error(answer, -32602, &Value::from(id));
    }
}

#[test]
fn no_answer_carries_a_character_a_terminal_must_not_receive_raw() {
    let mut session = Session::start();
    // C1 CSI, a bidi override and a zero-width space, in an id and in a response body.
    let evil = "\u{9b}2J\u{202e}\u{200b}";
    let body = format!(
        r#"{{"error":{{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m {evil}","request_id":"r {evil}"}}}}"#
    );
    let call = serde_json::json!({"jsonrpc": "2.0", "id": format!("id {evil}"), "method": "tools/call",
        "params": {"name": "diagnose_response", "arguments": {"text": body}}});
    session.send(call.to_string().as_bytes());
    let line = session.answer_line();
    let raw: Vec<char> = line
        .chars()
        .filter(|&c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    assert!(raw.is_empty(), "{raw:?} in {line}");
    // Escaped, not dropped: the structured answer still holds what the body said.
    let answer: Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(answer["id"], format!("id {evil}"));
    let diagnosis = &answer["result"]["structuredContent"]["diagnoses"][0];
    assert!(
        diagnosis["request_id"]
            .as_str()
            .is_some_and(|id| id.contains('\u{202e}')),
        "{diagnosis}"
    );
    session.finish();
}

/// Every line of `input` sent at once, stdin closed: the answers, by id.
fn answers_to(input: &str) -> Vec<Value> {
    let mut child = start_mcp();
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON-RPC"))
        .collect()
}

#[test]
fn a_notification_or_answer_before_initialize_leaves_it_answering() {
    let input = [
        INITIALIZED,
        r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#,
        r#"{"jsonrpc":"2.0","id":"x","result":{}}"#,
        r#"{"jsonrpc":"2.0","id":"y","error":{"code":1,"message":"m"}}"#,
        INIT,
        INITIALIZED,
        r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
    ]
    .join("\n");
    let answers = answers_to(&format!("{input}\n"));
    let ids: Vec<&Value> = answers.iter().map(|a| &a["id"]).collect();
    assert_eq!(ids, [&Value::from(1), &Value::from(2)], "{answers:?}");
    assert!(
        answers.iter().all(|a| a.get("result").is_some()),
        "{answers:?}"
    );
}

#[test]
fn params_of_the_wrong_type_are_invalid_params() {
    let input = [
        INIT,
        INITIALIZED,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":5}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":7}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":["diagnose_api_response"]}}"#,
        r#"{"jsonrpc":"2.0","id":5,"method":"tools/call"}"#,
        // A method it does not know stays -32601.
        r#"{"jsonrpc":"2.0","id":6,"method":"no/such/method","params":{"name":5}}"#,
    ]
    .join("\n");
    let answers = answers_to(&format!("{input}\n"));
    for (answer, id) in answers[1..5].iter().zip(2..) {
        assert_error(answer, -32602, &Value::from(id));
    }
    assert_error(&answers[5], -32601, &Value::from(6));
}

#[test]
fn a_text_of_many_errors_is_answered_with_the_first_and_their_count() {
    // 256 KiB of `404` lines: 65,536 errors. (1 MiB of them made a 596 MB
    // answer and 2.37 GB of memory; README's table has the full size.)
    let mut session = Session::start();
    let call = serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "diagnose_response", "arguments": {"text": "404\n".repeat(65_536)}}});
    session.send(call.to_string().as_bytes());
    let line = session.answer_line();
    assert!(line.len() < 1 << 20, "{} bytes", line.len());
    let answer: Value = serde_json::from_str(&line).expect("JSON");
    let structured = &answer["result"]["structuredContent"];
    assert_eq!(structured["total"], 65_536, "{structured}");
    assert_eq!(structured["diagnoses"].as_array().map(Vec::len), Some(50));
    let note = answer["result"]["content"][1]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        note.contains("65536 errors") && note.contains("first 50"),
        "{note}"
    );
    let peak = session.peak_rss_kib();
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
    session.finish();
}
