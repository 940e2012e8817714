//! `voiperr mcp` driven by a real MCP client, and by hand for the protocol's
//! bad days: malformed lines, unknown tools, a client that leaves mid-call.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::fixture;

fn python_has_mcp() -> bool {
    Process::new("python3")
        .args(["-c", "import mcp"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_official_python_sdk_lists_and_calls_every_tool() {
    assert!(
        python_has_mcp(),
        "the MCP Python SDK is required: python3 -m pip install mcp (scripts/test does)"
    );
    let client = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/client.py");
    let out = Process::new("python3")
        .arg(client)
        .arg(assert_cmd::cargo::cargo_bin!("voiperr"))
        .arg(fixture(""))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `voiperr mcp` with raw JSON-RPC lines; returns each answer line.
fn exchange(lines: &[&str], close_early: bool) -> (Vec<Value>, std::process::ExitStatus) {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
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
        let expects_answer =
            serde_json::from_str::<Value>(line).is_ok_and(|v| v.get("id").is_some());
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

const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;

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
