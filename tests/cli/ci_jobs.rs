//! `diagnose` in CI jobs and on call: `--fail-on` exit codes, the filters
//! (`--reason`, `--status`, `--path`, `--request-id`) in every output, with
//! threads and `--follow`, and the `github` and `junit` formats; README's CI
//! step run against the local server.

use std::ffi::OsStr;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{listed_reasons, stdout_of, voiperr};

const UUID: &str = "6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f";

/// One logfmt line per failed call: reason, code, request and request ID.
fn call(status: u16, reason: &str, method: &str, path: &str, id: &str) -> String {
    format!(
        "level=error status={status} reason={reason} method={method} url=https://api.voipbin.net/v1.0{path} request_id={id}\n"
    )
}

/// A reason the catalog says the server never sends.
fn never_sent() -> String {
    listed_reasons()
        .iter()
        .find(|r| r["emitted"] == false)
        .and_then(|r| r["reason"].as_str())
        .expect("a never-sent reason")
        .to_owned()
}

fn log() -> String {
    [
        call(
            404,
            "CALL_NOT_FOUND",
            "GET",
            &format!("/calls/{UUID}"),
            "req_1",
        ),
        call(429, "RATE_LIMIT_EXCEEDED", "POST", "/calls", "req_2"),
        call(503, "SERVICE_UNAVAILABLE", "POST", "/numbers", "req_3"),
        call(
            404,
            "MADE_UP_REASON",
            "DELETE",
            &format!("/agents/{UUID}"),
            "req_4",
        ),
    ]
    .concat()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// The exit code of `diagnose --fail-on CLASSES` on `input`, with each output.
fn exit_code(input: &str, classes: &str) -> i32 {
    let mut codes = Vec::new();
    for format in [
        &["--format", "text"][..],
        &["--json"],
        &["--summary"],
        &["--format", "github"],
    ] {
        let out = voiperr()
            .args(["diagnose", "--fail-on", classes])
            .args(format)
            .write_stdin(input)
            .output()
            .expect("runs");
        codes.push(out.status.code().expect("exit code"));
    }
    assert!(
        codes.windows(2).all(|w| w[0] == w[1]),
        "{classes}: {codes:?}"
    );
    codes[0]
}

#[test]
fn fail_on_each_class_decides_the_exit_code() {
    let rate_limited = call(429, "RATE_LIMIT_EXCEEDED", "POST", "/calls", "r");
    let not_found = call(404, "CALL_NOT_FOUND", "GET", "/calls/x", "r");
    let unknown = call(404, "MADE_UP_REASON", "GET", "/calls/x", "r");
    let unavailable = call(503, "SERVICE_UNAVAILABLE", "POST", "/numbers", "r");
    let never = call(402, &never_sent(), "POST", "/calls", "r");
    for (input, classes, code) in [
        (&rate_limited, "any", 1),
        (&rate_limited, "4xx", 1),
        (&rate_limited, "5xx", 0),
        (&rate_limited, "429", 1),
        (&rate_limited, "500-504", 0),
        (&rate_limited, "rate-limit-exceeded", 1),
        (&rate_limited, "CALL_NOT_FOUND", 0),
        (&rate_limited, "not-retryable", 0),
        (&rate_limited, "unknown,never-sent", 0),
        (&not_found, "not-retryable", 1),
        (&not_found, "5xx,unknown", 0),
        (&unavailable, "not-retryable", 0),
        (&unavailable, "5xx", 1),
        (&unknown, "unknown", 1),
        (&unknown, "never-sent", 0),
        (&never, "never-sent", 1),
        (&never, "unknown", 0),
    ] {
        assert_eq!(exit_code(input, classes), code, "{classes} on {input}");
    }
    // Without --fail-on an unknown reason exits 1; with it, only the classes decide.
    assert_eq!(exit_code(&unknown, "5xx"), 0);
}

#[test]
fn fail_on_passes_a_clean_log_and_still_fails_on_bad_input() {
    voiperr()
        .args(["diagnose", "--fail-on", "any"])
        .write_stdin("2026-11-24 INFO all good\n")
        .assert()
        .code(0)
        .stderr(predicates::str::contains("no error of a --fail-on class"));
    voiperr()
        .args(["diagnose", "--fail-on", "any", "/no/such/file.log"])
        .assert()
        .code(2);
    for (flag, value) in [
        ("--fail-on", "not retryable"),
        ("--fail-on", "4o4"),
        ("--status", "6xx"),
        ("--status", "504-500"),
    ] {
        let out = voiperr()
            .args(["diagnose", flag, value])
            .write_stdin("x\n")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.lines().count() == 1,
            "{stderr}"
        );
    }
}

/// The (line, reason) pairs of `diagnose --json ARGS` on the test log.
fn kept(args: &[&str]) -> Vec<(u64, String)> {
    let out = voiperr()
        .arg("diagnose")
        .args(args)
        .arg("--json")
        .write_stdin(log())
        .output()
        .expect("runs");
    stdout_of(&out)
        .lines()
        .map(|l| {
            let d: Value = serde_json::from_str(l).expect("JSON");
            (
                d["line"].as_u64().expect("line"),
                d["reason"].as_str().expect("reason").to_owned(),
            )
        })
        .collect()
}

#[test]
fn filters_keep_only_the_calls_asked_for() {
    let lines = |args: &[&str]| kept(args).into_iter().map(|(l, _)| l).collect::<Vec<_>>();
    assert_eq!(lines(&["--reason", "call_not_found"]), [1]);
    assert_eq!(
        lines(&["--reason", "CALL_NOT_FOUND,MADE_UP_REASON"]),
        [1, 4]
    );
    assert_eq!(lines(&["--status", "4xx"]), [1, 2, 4]);
    assert_eq!(lines(&["--status", "500-504"]), [3]);
    assert_eq!(lines(&["--status", "404", "--status", "503"]), [1, 3, 4]);
    assert_eq!(lines(&["--path", "/calls/{id}"]), [1]);
    assert_eq!(lines(&["--path", "POST /calls"]), [2]);
    assert_eq!(lines(&["--path", "/v1.0/agents/*"]), [4]);
    assert_eq!(lines(&["--path", "/agents"]), Vec::<u64>::new());
    assert_eq!(lines(&["--path", &format!("/agents/{UUID}")]), [4]);
    assert_eq!(lines(&["--request-id", "req_3,req_4"]), [3, 4]);
    // Filters together: all must hold.
    assert_eq!(
        lines(&["--status", "4xx", "--path", "/calls*"]),
        Vec::<u64>::new()
    );
    assert_eq!(lines(&["--status", "4xx", "--path", "/calls/{id}"]), [1]);
    // An alias is its reason; a name the catalog does not know is said so.
    let out = voiperr()
        .args(["diagnose", "--reason", "CALL_NOT_FUOND"])
        .write_stdin(log())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean CALL_NOT_FOUND?"), "{stderr}");
    assert!(
        stderr.contains("no error in the input matched the filters"),
        "{stderr}"
    );
}

#[test]
fn filters_apply_before_the_summary_with_any_number_of_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Large enough to be read in parts (4 MiB a part at least).
    let mut big = String::new();
    while big.len() < 10 << 20 {
        big.push_str(&log());
        big.push_str("2026-11-24T10:00:00Z INFO nothing to see here, just a line of a log\n");
    }
    let path = write(dir.path(), "big.log", &big);
    let path = path.to_str().expect("utf-8");
    for filter in [
        &["--status", "4xx"][..],
        &["--reason", "RATE_LIMIT_EXCEEDED"],
        &["--path", "/calls/{id}"],
        &["--request-id", "req_2"],
    ] {
        let mut totals = Vec::new();
        for threads in ["1", "2", "3"] {
            let out = voiperr()
                .args(["diagnose", "--summary", "--json", "-j", threads, path])
                .args(filter)
                .output()
                .expect("runs");
            let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            totals.push(summary["reasons"].clone());
        }
        assert!(
            totals.windows(2).all(|w| w[0] == w[1]),
            "{filter:?}: {totals:?}"
        );
        let rows = totals[0].as_array().expect("rows");
        assert!(!rows.is_empty(), "{filter:?}");
        if filter[0] == "--status" {
            assert!(
                rows.iter()
                    .all(|r| r["http"].as_u64().is_some_and(|h| (400..500).contains(&h)))
            );
        }
        let codes: Vec<i32> = ["1", "2"]
            .iter()
            .map(|threads| {
                voiperr()
                    .args([
                        "diagnose",
                        "--summary",
                        "-j",
                        threads,
                        "--fail-on",
                        "5xx",
                        path,
                    ])
                    .args(filter)
                    .output()
                    .expect("runs")
                    .status
                    .code()
                    .expect("code")
            })
            .collect();
        assert_eq!(codes[0], codes[1], "{filter:?}");
    }
}

#[test]
fn filters_apply_to_a_followed_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "app.log",
        &call(404, "CALL_NOT_FOUND", "GET", "/calls/x", "req_a"),
    );
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(["diagnose", "--json", "--follow", "--status", "5xx"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    file.write_all(call(429, "RATE_LIMIT_EXCEEDED", "POST", "/calls", "req_b").as_bytes())
        .expect("append");
    file.write_all(call(503, "SERVICE_UNAVAILABLE", "POST", "/numbers", "req_c").as_bytes())
        .expect("append");
    let first = rx.recv_timeout(Duration::from_secs(20)).expect("a line");
    child.kill().expect("kill");
    let _ = child.wait();
    let d: Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(d["request_id"], "req_c", "{first}");
}

#[test]
fn github_annotations_say_each_error_and_cannot_be_hijacked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = r#"{"error":{"status":"NOT_FOUND","reason":"EVIL_REASON","message":"x%0A\n::error::pwned\r,y","request_id":"r9"}}"#;
    let path = write(dir.path(), "a,b:c.log", &format!("{}{hostile}\n", log()));
    let out = voiperr()
        .args([
            "diagnose",
            "--format",
            "github",
            "--fail-on",
            "not-retryable",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{text}"
    );
    assert!(lines[0].starts_with("::error file="), "{text}");
    assert!(
        lines[0].contains("a%2Cb%3Ac.log,line=1,title=CALL_NOT_FOUND (HTTP 404)::"),
        "{text}"
    );
    assert!(lines[0].contains("Next: "), "{text}");
    // A 429 is retryable: a warning, not an error.
    assert!(
        lines[1].starts_with("::warning ") && lines[1].contains("RATE_LIMIT_EXCEEDED"),
        "{text}"
    );
    assert!(!text.contains("\n::error::pwned"), "{text}");
    // From stdin there is no file to point at.
    let out = voiperr()
        .args(["diagnose", "--format", "github"])
        .write_stdin(log())
        .output()
        .expect("runs");
    assert!(
        stdout_of(&out).starts_with("::error line=1,title="),
        "{}",
        stdout_of(&out)
    );
}

/// Checks JUnit XML with Python's XML parser (expat) against the rules of
/// the JUnit schema Jenkins reads (xunit-plugin's junit-10.xsd): required
/// attributes, the elements allowed in a test case, counts that add up.
const CHECK_JUNIT: &str = r#"
import re, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
time = re.compile(r"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$")
tests = failures = errors = 0
for suite in root:
    assert suite.tag == "testsuite", suite.tag
    for key in ("name", "tests", "failures", "errors"):
        assert key in suite.attrib, key
    assert time.match(suite.get("time", "0"))
    cases = [c for c in suite if c.tag == "testcase"]
    failed = [c for c in cases if c.find("failure") is not None]
    errored = [c for c in cases if c.find("error") is not None]
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == len(failed)
    assert int(suite.get("errors")) == len(errored)
    for case in cases:
        assert case.get("name"), case.attrib
        for child in case:
            assert child.tag in ("failure", "error", "skipped", "system-out", "system-err"), child.tag
    tests += len(cases)
    failures += len(failed)
    errors += len(errored)
assert int(root.get("tests")) == tests and int(root.get("failures")) == failures
assert int(root.get("errors")) == errors
print(tests, failures, errors)
"#;

/// The JUnit report of `diagnose --format junit ARGS`, checked by
/// [`CHECK_JUNIT`]: its exit code and what the check says (tests, failures, errors).
fn junit(dir: &Path, args: &[&OsStr]) -> (Option<i32>, String) {
    let out = voiperr()
        .args(["diagnose", "--format", "junit"])
        .args(args)
        .output()
        .expect("runs");
    let xml = write(dir, "report.xml", &stdout_of(&out));
    let checked = Process::new("python3")
        .args(["-c", CHECK_JUNIT])
        .arg(&xml)
        .output()
        .expect("python3 runs");
    assert!(
        checked.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&checked.stderr),
        stdout_of(&out)
    );
    (out.status.code(), stdout_of(&checked).trim().to_owned())
}

#[test]
fn junit_is_one_test_case_per_failed_call_and_valid_for_ci_servers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"EVIL_<REASON>\",\"message\":\"a & b \\u0001 \\u000b ]]> </failure>\",\"request_id\":\"r9\"}}\n";
    let one = write(dir.path(), "one.log", &log());
    let two = write(dir.path(), "two.log", hostile);
    let args = [
        "--fail-on".as_ref(),
        "not-retryable".as_ref(),
        one.as_os_str(),
        two.as_os_str(),
    ];
    // Five calls; the 429 and the 503 are retryable, so they pass.
    assert_eq!(junit(dir.path(), &args), (Some(1), "5 3 0".to_owned()));
    // No --fail-on: every failed call is a failing test case.
    assert_eq!(
        junit(dir.path(), &[one.as_os_str()]),
        (Some(0), "4 4 0".to_owned())
    );
}

#[test]
fn junit_counts_an_input_it_cannot_read_as_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = write(dir.path(), "one.log", &log());
    let missing = dir.path().join("missing.log");
    // A gzip stream cut before its end: read up to the cut, then an error.
    let mut cut = Vec::new();
    {
        use std::io::Write as _;
        let mut gz = flate2::write::GzEncoder::new(&mut cut, flate2::Compression::default());
        gz.write_all(log().as_bytes()).expect("gzip");
        gz.finish().expect("gzip");
    }
    cut.truncate(cut.len() - 12);
    let broken = dir.path().join("broken.log.gz");
    std::fs::write(&broken, cut).expect("write");
    let (code, counts) = junit(
        dir.path(),
        &[one.as_os_str(), missing.as_os_str(), broken.as_os_str()],
    );
    assert_eq!(code, Some(2));
    let counts: Vec<u64> = counts
        .split(' ')
        .map(|n| n.parse().expect("count"))
        .collect();
    assert_eq!(counts[2], 2, "{counts:?}");
    assert!(
        counts[0] > 4 && counts[1] + counts[2] == counts[0],
        "{counts:?}"
    );
}

#[test]
fn junit_memory_stays_flat_however_many_cases() {
    // 200 KB of `404` lines: 51,200 test cases. (The build before kept every
    // case in memory: 492 MB for 1 MB of them; README's table has the full size.)
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(dir.path(), "404s.txt", &"404\n".repeat(51_200));
    let (code, peak) =
        crate::common::exit_and_peak_rss_kib(&["diagnose", "--format", "junit"], &input);
    assert_eq!(code, 0);
    assert!(peak < 40 * 1024, "{peak} KiB");
}

/// A free local port for the server.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The shell step docs/diagnose.md's "In a CI job" section shows.
fn readme_ci_step() -> String {
    let page = crate::readme::doc_page("docs/diagnose.md");
    let section = page
        .split("<!-- ci-step -->")
        .nth(1)
        .expect("docs/diagnose.md marks its CI step with <!-- ci-step -->");
    let block = section.split("```sh\n").nth(1).expect("a sh block");
    block.split("```").next().expect("its end").to_owned()
}

#[test]
fn readmes_ci_step_fails_on_what_it_should_against_the_local_server() {
    let port = free_port();
    let server = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/server.py");
    let mut child = Process::new("python3")
        .arg(&server)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = PathBuf::from(assert_cmd::cargo::cargo_bin!("voiperr"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Process::new("bash")
        .args(["-c", &readme_ci_step()])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("VOIPBIN_API", format!("http://127.0.0.1:{port}"))
        .env("VOIPBIN_TOKEN", "test-token")
        .output()
        .expect("bash runs");
    let _ = child.kill();
    let _ = child.wait();
    let text = stdout_of(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `curl -si … >> test.log` leaves no newline after the first body: each
    // response is still one annotation, with its own code and no false warning.
    let annotations: Vec<&str> = text.lines().collect();
    assert_eq!(annotations.len(), 2, "{text}");
    assert!(
        annotations[0]
            .starts_with("::error file=test.log,line=8,title=CALL_NOT_FOUND (HTTP 404)::"),
        "{text}"
    );
    assert!(
        annotations[1]
            .starts_with("::warning file=test.log,line=16,title=RATE_LIMIT_EXCEEDED (HTTP 429)::"),
        "{text}"
    );
    assert!(!text.contains("test-token"), "{text}");
    // What the step wrote, as JSON: both codes, and the 429's Retry-After.
    let json = voiperr()
        .args(["diagnose", "--json", "test.log"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let found: Vec<Value> = stdout_of(&json)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let facts: Vec<(Value, Value, Value)> = found
        .iter()
        .map(|d| {
            (
                d["http"].clone(),
                d["facts"]["retry_after"].clone(),
                d["warnings"].clone(),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            (404.into(), Value::Null, serde_json::json!([])),
            (429.into(), "17".into(), serde_json::json!([]))
        ],
        "{}",
        stdout_of(&json)
    );
}

#[test]
fn a_request_id_bundle_is_the_diagnosis_then_its_exchange_masked() {
    let clients = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clients");
    let read = |name: &str| std::fs::read_to_string(clients.join(name)).expect("fixture");
    let first = read("curl-v__call404.txt").replacen(
        "> Accept: */*",
        "> Accept: */*\n> Authorization: Bearer sk_live_abcdef123456",
        1,
    );
    let log = format!(
        "2026-11-24T10:00:00Z INFO before\n{first}{}",
        read("curl-v__ratelimit429.txt")
    );
    for (id, wanted, unwanted) in [
        ("req_call404", "CALL_NOT_FOUND", "RATE_LIMIT_EXCEEDED"),
        ("req_rl429", "RATE_LIMIT_EXCEEDED", "CALL_NOT_FOUND"),
    ] {
        let out = voiperr()
            .args(["diagnose", "--format", "bundle", "--request-id", id])
            .write_stdin(log.as_str())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let text = stdout_of(&out);
        assert!(text.starts_with("voiperr "), "{text}");
        let (diagnosis, input) = text.split_once("  Input ").expect("an input trail");
        assert!(diagnosis.contains(&format!("1. {wanted}")), "{text}");
        assert!(!text.contains(unwanted), "{text}");
        // The exchange from its request line to its body, and nothing before it.
        assert!(
            input.contains("| > POST /v1.0/calls") || input.contains("| > GET /v1.0/calls"),
            "{text}"
        );
        assert!(input.contains("< HTTP/1.1 "), "{text}");
        assert!(input.contains(id), "{text}");
        assert!(!input.contains("INFO before"), "{text}");
        assert!(!text.contains("sk_live_abcdef123456"), "{text}");
    }
}

#[test]
fn since_and_until_read_the_time_on_each_errors_lines() {
    let log = [
        "2026-11-24T09:59:59Z ERROR voipbin: unexpected status: 503 Service Unavailable\n",
        "2026-11-24T10:00:00Z ERROR {\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"req_a\"}}\n",
        "2026-11-24 11:00:00,845 ERROR client failed\n",
        "Traceback (most recent call last):\n",
        "  File \"/app/x.py\", line 3, in <module>\n",
        "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.voipbin.net/v1.0/calls\n",
        "127.0.0.1 - - [24/Nov/2026:12:00:00 +0000] {\"error\":{\"status\":\"PERMISSION_DENIED\",\"reason\":\"PERMISSION_DENIED\",\"message\":\"m\",\"request_id\":\"req_c\"}}\n",
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"no time of its own\",\"request_id\":\"req_d\"}}\n",
    ]
    .concat();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "app.log", &log);
    let lines = |args: &[&str]| {
        let out = voiperr()
            .args(["diagnose", "--json"])
            .args(args)
            .arg(&path)
            .output()
            .expect("runs");
        stdout_of(&out)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).expect("JSON")["line"]
                    .as_u64()
                    .expect("line")
            })
            .collect::<Vec<_>>()
    };
    // An error is reported on the line that ends it (the status sentence,
    // never the next line); its time is its record's: the time-stamped line
    // it starts on (a log line and the traceback after it are one record).
    // The last envelope has no time of its own: a time filter leaves it out.
    assert_eq!(lines(&["--since", "2026-11-24T10:00:00Z"]), [2, 6, 7]);
    assert_eq!(
        lines(&[
            "--since",
            "2026-11-24T11:30:00+01:00",
            "--until",
            "2026-11-24T11:00:00Z"
        ]),
        [6]
    );
    assert_eq!(lines(&["--until", "2026-11-24"]), Vec::<u64>::new());
    assert_eq!(lines(&["--until", "2026-11-24T10:00:00Z"]), [1, 2]);
    // No time on the error's lines, nor before it: left out, and said so.
    voiperr()
        .args(["diagnose", "--since", "2026-01-01"])
        .write_stdin(log.lines().last().expect("a line"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no error in the input matched the filters",
        ));
    // The same in a summary, with any number of threads.
    for threads in ["1", "2"] {
        let out = voiperr()
            .args([
                "diagnose",
                "--summary",
                "--json",
                "-j",
                threads,
                "--since",
                "2026-11-24T10:30:00Z",
            ])
            .arg(&path)
            .output()
            .expect("runs");
        let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(summary["total"], 2, "{summary}");
    }
}
