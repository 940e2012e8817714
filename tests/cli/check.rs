//! `diagnose --check` against a fake VoIPbin API (tests/check/fake_api.py) on
//! 127.0.0.1 with a random port, which records every request it gets: the
//! method, path and key placement of each check, that nothing goes to another
//! host (its second listener, 127.0.0.2), and what voiperr says, text and JSON.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::common::{fixture, voiperr};

const KEY: &str = "vk-test-Q7f9Zr2LxW";
const FROZEN_KEY: &str = "vk-frozen-8HdP3sKq";
/// A key that needs percent-encoding in a query.
const ODD_KEY: &str = "k+y/=&%?#";
const SECRET: &str = "whsec-SECRET-never-shown-4f8a";

const ENDED: &str = "3b9f2c4e-8a1d-4e6f-9b2a-7c5d1e0f3a42";
const LIVE: &str = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const LIMITED: &str = "6d6d6d6d-1111-4222-8333-444455556666";

/// `voiperr` with a home of its own, and no key or proxy from the caller's environment.
fn isolated(home: &Path) -> assert_cmd::Command {
    let mut cmd = voiperr();
    for var in [
        "VN_ACCESS_KEY",
        "HTTPS_PROXY",
        "https_proxy",
        "http_proxy",
        "HTTP_PROXY",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home);
    cmd
}

/// The fake API: two listeners, a request log; it ends when dropped (its stdin closes).
struct FakeApi {
    child: Child,
    log: tempfile::NamedTempFile,
    port: u16,
    other_port: u16,
}

impl FakeApi {
    fn start() -> FakeApi {
        let log = tempfile::NamedTempFile::new().expect("log file");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut child = Process::new("python3")
            .arg(dir.join("tests/check/fake_api.py"))
            .arg(dir.join("tests/fixtures/check/api.json"))
            .arg(log.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the fake API");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the fake API says its ports");
        let ports: Vec<u16> = line
            .split_whitespace()
            .map(|p| p.parse().expect("a port"))
            .collect();
        FakeApi {
            child,
            log,
            port: ports[0],
            other_port: ports[1],
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/v1.0", self.port)
    }

    /// Every request recorded so far.
    fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(self.log.path())
            .expect("log")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    fn clear(&self) {
        std::fs::write(self.log.path(), "").expect("clear the log");
    }

    /// `voiperr diagnose --check` against this API, with a clean home and no proxies.
    fn diagnose(&self, home: &Path, key: Option<&str>, args: &[&str]) -> std::process::Output {
        let mut cmd = isolated(home);
        if let Some(key) = key {
            cmd.env("VN_ACCESS_KEY", key);
        }
        cmd.arg("diagnose").args(args).output().expect("runs")
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn check_file(name: &str) -> String {
    fixture(&format!("check/{name}")).display().to_string()
}

fn text(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Text as one line: wrapping at the terminal width moves line breaks.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `check` objects of a `--json` run, one per diagnosis (null where none).
fn checks(output: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("NDJSON")["check"].clone())
        .collect()
}

/// Every request: a GET to the base's listener, the key once in `accesskey`
/// and nowhere else.
fn assert_requests_are_safe(api: &FakeApi, key: &str, paths: &[String]) {
    let requests = api.requests();
    let got: Vec<&str> = requests
        .iter()
        .map(|r| r["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(got, paths, "{requests:#?}");
    for request in &requests {
        assert_eq!(request["method"], "GET", "{request}");
        assert_eq!(
            request["listener"],
            format!("127.0.0.1:{}", api.port),
            "{request}"
        );
        assert_eq!(
            request["query"],
            serde_json::json!({ "accesskey": [key] }),
            "{request}"
        );
        let headers = request["headers"].to_string();
        assert!(!headers.contains(key), "the key is in a header: {headers}");
        assert_eq!(request["proxied"], false);
    }
}

struct Case {
    file: &'static str,
    key: &'static str,
    check: &'static str,
    get: String,
    http: Option<u16>,
    state: Option<&'static str>,
    verdict: &'static str,
    /// Words the summary (text and JSON) holds.
    says: &'static [&'static str],
}

fn case(
    file: &'static str,
    check: &'static str,
    get: &str,
    http: u16,
    state: &'static str,
    verdict: &'static str,
    says: &'static [&'static str],
) -> Case {
    Case {
        file,
        key: KEY,
        check,
        get: format!("/v1.0{get}"),
        http: Some(http),
        state: Some(state),
        verdict,
        says,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "recording-start-ended.txt",
            "recording-start-500",
            &format!("/calls/{ENDED}"),
            200,
            "ended",
            "confirms",
            &[
                "status hangup since 2026-11-24 10:02:11Z (hangup by remote, normal)",
                "the call had ended, which is why recording_start failed",
            ],
        ),
        case(
            "recording-start-recording.txt",
            "recording-start-500",
            &format!("/calls/{LIVE}"),
            200,
            "recording",
            "confirms",
            &[
                "recording c4c4c4c4-1111-4222-8333-444455556666",
                "already recording",
            ],
        ),
        case(
            "hold-live-500.txt",
            "call-action-500",
            &format!("/calls/{LIVE}"),
            200,
            "recording",
            "contradicts",
            &["the call is still up"],
        ),
        case(
            "hangup-unknown.txt",
            "not-found",
            "/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a",
            404,
            "unknown",
            "confirms",
            &["CALL_NOT_FOUND: Call ID does not exist", "typo"],
        ),
        case(
            "talk-deleted-409.txt",
            "call-deleted-409",
            "/calls/5d1e0f3a-7c5d-4e6f-9b2a-8a1d3b9f2c4e",
            409,
            "deleted",
            "confirms",
            &["STATE_INVALID", "record was deleted", "do not retry"],
        ),
        case(
            "get-foreign-403.txt",
            "permission-denied",
            "/calls/9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
            403,
            "foreign",
            "confirms",
            &["PERMISSION_DENIED", "belongs to another customer"],
        ),
        Case {
            key: FROZEN_KEY,
            ..case(
                "frozen-403.txt",
                "account-frozen",
                "/customer",
                403,
                "frozen",
                "confirms",
                &["ACCOUNT_FROZEN", "DELETE /auth/unregister"],
            )
        },
        case(
            "frozen-403.txt",
            "account-frozen",
            "/customer",
            200,
            "active",
            "contradicts",
            &["status active", "not frozen now"],
        ),
        case(
            "identity-403.txt",
            "identity-verification",
            "/customer",
            200,
            "active",
            "confirms",
            &["identity verification none", "not verified"],
        ),
        case(
            "buy-number-500.txt",
            "low-balance-numbers-500",
            "/billing_account",
            200,
            "low",
            "confirms",
            &["balance 1.20 USD, below the 5.00 USD a number costs"],
        ),
        case(
            "send-message-500.txt",
            "low-balance-messages-500",
            "/billing_account",
            200,
            "exists",
            "contradicts",
            &["balance 1.20 USD", "covers a message"],
        ),
        case(
            "send-email-400.txt",
            "low-balance-emails-400",
            "/billing_account",
            200,
            "exists",
            "contradicts",
            &["covers an email"],
        ),
        case(
            "place-call-500.txt",
            "low-balance-calls-500",
            "/billing_account",
            200,
            "exists",
            "contradicts",
            &["covers a call"],
        ),
        case(
            "number-unknown-404.txt",
            "not-found",
            "/numbers/4e4e4e4e-1111-4222-8333-444455556666",
            404,
            "unknown",
            "confirms",
            &["NUMBER_NOT_FOUND"],
        ),
        case(
            "flow-exists-404.txt",
            "not-found",
            "/flows/2f2f2f2f-1111-4222-8333-444455556666",
            200,
            "exists",
            "contradicts",
            &[
                "it exists ('ivr-main'), created 2026-10-02 09:15:00Z",
                "this key can read it",
            ],
        ),
        Case {
            state: None,
            verdict: "inconclusive",
            ..case(
                "redirect.txt",
                "not-found",
                "/calls/8b8b8b8b-1111-4222-8333-444455556666",
                302,
                "",
                "",
                &["redirect to 127.0.0.2", "follows no redirect"],
            )
        },
        Case {
            state: None,
            verdict: "inconclusive",
            ..case(
                "huge-body.txt",
                "call-action-500",
                "/calls/9c9c9c9c-1111-4222-8333-444455556666",
                200,
                "",
                "",
                &["body over 256 KiB: not read"],
            )
        },
        Case {
            key: "vk-wrong-Jq2m8Tx0",
            state: None,
            verdict: "inconclusive",
            ..case(
                "recording-start-ended.txt",
                "recording-start-500",
                &format!("/calls/{ENDED}"),
                401,
                "",
                "",
                &[
                    "INVALID_CREDENTIALS",
                    "the access key was refused; check VN_ACCESS_KEY",
                ],
            )
        },
        Case {
            verdict: "inconclusive",
            ..case(
                "another-host.log",
                "recording-start-500",
                &format!("/calls/{ENDED}"),
                200,
                "ended",
                "",
                &["the failing request went to api.staging.example.net, the check to 127.0.0.1"],
            )
        },
    ]
}

#[test]
fn every_check_confirms_contradicts_or_leaves_open_as_its_answer_says() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let mut exercised = BTreeSet::new();
    for case in cases() {
        let file = check_file(case.file);
        for json in [false, true] {
            api.clear();
            let base = api.base();
            let mut args = vec!["--check", "--api-url", base.as_str()];
            if json {
                args.push("--json");
            }
            args.push(&file);
            let output = api.diagnose(home.path(), Some(case.key), &args);
            let (stdout, stderr) = text(&output);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{}: {stdout}{stderr}",
                case.file
            );
            assert_requests_are_safe(&api, case.key, std::slice::from_ref(&case.get));
            assert!(
                !stdout.contains(case.key) && !stderr.contains(case.key),
                "{}",
                case.file
            );
            if json {
                let check = &checks(&output)[0];
                assert_eq!(check["check"], case.check, "{}: {check}", case.file);
                assert_eq!(
                    check["request"],
                    serde_json::json!({"method": "GET", "path": case.get})
                );
                assert_eq!(check["http"], serde_json::json!(case.http), "{}", case.file);
                assert_eq!(
                    check["state"],
                    serde_json::json!(case.state),
                    "{}",
                    case.file
                );
                assert_eq!(check["verdict"], case.verdict, "{}: {check}", case.file);
                assert_eq!(check["sent"], true);
                for words in case.says {
                    assert!(
                        check["summary"].as_str().unwrap_or("").contains(words),
                        "{}: {words}: {check}",
                        case.file
                    );
                }
                exercised.insert(case.check);
            } else {
                let code = case.http.map_or(String::new(), |c| format!(" → {c}"));
                assert!(
                    stdout.contains(&format!("  Checked     GET {}{code}: ", case.get)),
                    "{}: {stdout}",
                    case.file
                );
                let flat = flat(&stdout);
                for words in case.says {
                    assert!(flat.contains(words), "{}: {words}: {stdout}", case.file);
                }
                let verdict = match case.verdict {
                    "confirms" => "Verdict confirms the diagnosis",
                    "contradicts" => "Verdict contradicts the diagnosis",
                    _ => "Verdict leaves the diagnosis open",
                };
                assert!(flat.contains(verdict), "{}: {stdout}", case.file);
            }
        }
    }
    // Every check of data/checks.json has a case here.
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/checks.json"))
            .expect("plan"),
    )
    .expect("JSON");
    let planned: BTreeSet<&str> = plan["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(exercised, planned);
}

#[test]
fn a_429_stops_the_checks_and_a_resource_is_read_once() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let output = api.diagnose(
        home.path(),
        Some(KEY),
        &[
            "--check",
            "--json",
            "--api-url",
            &base,
            &check_file("rate-limited.txt"),
        ],
    );
    assert_requests_are_safe(&api, KEY, &[format!("/v1.0/calls/{LIMITED}")]);
    let checks = checks(&output);
    let sent: Vec<&Value> = checks.iter().map(|c| &c["sent"]).collect();
    assert_eq!(
        sent,
        [
            &Value::Bool(true),
            &Value::Bool(false),
            &Value::Bool(false),
            &Value::Bool(false)
        ]
    );
    assert_eq!(checks[0]["http"], 429);
    assert_eq!(checks[0]["found"]["retry_after"], "30");
    assert!(
        checks[1]["summary"]
            .as_str()
            .unwrap_or("")
            .contains("answered 429"),
        "{}",
        checks[1]
    );
    assert_eq!(checks[1]["http"], Value::Null);
    assert_eq!(
        checks[3]["http"], 429,
        "the repeated resource reuses the answer"
    );
    let (_, stderr) = text(&output);
    assert!(stderr.contains("note: stopped checking after the API answered 429 Too Many Requests (Retry-After 30): 2 checks were not sent"), "{stderr}");
}

#[test]
fn check_limit_caps_the_requests_of_a_run() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let input = [
        check_file("recording-start-ended.txt"),
        check_file("hold-live-500.txt"),
    ];
    let output = api.diagnose(
        home.path(),
        Some(KEY),
        &[
            "--check",
            "--check-limit",
            "1",
            "--api-url",
            &base,
            &input[0],
            &input[1],
        ],
    );
    assert_requests_are_safe(&api, KEY, &[format!("/v1.0/calls/{ENDED}")]);
    let (stdout, stderr) = text(&output);
    assert!(
        flat(&stdout).contains("not checked: --check-limit 1 was reached"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 check was not sent: --check-limit 1 was reached"),
        "{stderr}"
    );
}

#[test]
fn a_slow_answer_times_out_after_five_seconds() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let started = Instant::now();
    let output = api.diagnose(
        home.path(),
        Some(KEY),
        &[
            "--check",
            "--api-url",
            &base,
            &check_file("slow-answer.txt"),
        ],
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(5) && took < Duration::from_secs(7),
        "{took:?}"
    );
    let (stdout, _) = text(&output);
    assert!(
        flat(&stdout).contains("no answer from 127.0.0.1 within 5 s"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn nothing_goes_to_another_host_and_nothing_without_check() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    // The redirect points at the second listener; the log names another host.
    let base = api.base();
    for file in ["redirect.txt", "another-host.log"] {
        api.diagnose(
            home.path(),
            Some(KEY),
            &["--check", "--api-url", &base, &check_file(file)],
        );
    }
    let elsewhere: Vec<Value> = api
        .requests()
        .into_iter()
        .filter(|r| r["listener"] != format!("127.0.0.1:{}", api.port))
        .collect();
    assert!(elsewhere.is_empty(), "{elsewhere:#?}");
    // Without --check: no request, whatever the environment says.
    api.clear();
    let proxy = format!("http://127.0.0.2:{}", api.other_port);
    for name in std::fs::read_dir(fixture("check")).expect("fixtures") {
        let path = name.expect("entry").path();
        let output = voiperr()
            .env("VN_ACCESS_KEY", KEY)
            .env("http_proxy", &proxy)
            .env("HTTPS_PROXY", &proxy)
            .env("HOME", home.path())
            .arg("diagnose")
            .arg(&path)
            .output()
            .expect("runs");
        assert!(!String::from_utf8_lossy(&output.stdout).contains("Checked"));
    }
    assert!(api.requests().is_empty(), "{:#?}", api.requests());
}

#[test]
fn http_to_another_machine_is_refused_before_any_lookup() {
    let home = tempfile::tempdir().expect("home");
    for (url, why) in [
        (
            "http://example.invalid/v1.0",
            "plain http to another machine",
        ),
        ("ftp://127.0.0.1/v1.0", "not an http or https URL"),
        (
            "https://user:pw@api.voipbin.net/v1.0",
            "carries credentials",
        ),
    ] {
        let started = Instant::now();
        let output = voiperr()
            .env("VN_ACCESS_KEY", KEY)
            .env("HOME", home.path())
            .args([
                "diagnose",
                "--check",
                "--api-url",
                url,
                &check_file("recording-start-ended.txt"),
            ])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{url}");
        assert!(output.stdout.is_empty(), "nothing is diagnosed: {url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("error: --api-url '") && stderr.contains(why),
            "{stderr}"
        );
        assert!(!stderr.contains("pw"), "{stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "no connection was tried"
        );
    }
}

#[test]
fn without_a_key_the_diagnoses_come_as_usual_with_one_note() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let file = check_file("recording-start-ended.txt");
    let output = api.diagnose(home.path(), None, &["--check", "--api-url", &base, &file]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0));
    assert!(api.requests().is_empty());
    assert!(!stdout.contains("Checked"), "{stdout}");
    let plain = voiperr().args(["diagnose", &file]).output().expect("runs");
    assert_eq!(stdout, String::from_utf8_lossy(&plain.stdout));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("VN_ACCESS_KEY") && stderr.contains("~/.vn/config.yaml"),
        "{stderr}"
    );
}

#[test]
fn profiles_of_vn_config_give_the_key_and_the_base() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir(home.path().join(".vn")).expect("mkdir");
    // As `vn login` writes it (gopkg.in/yaml.v3, four-space indent).
    let config = format!(
        "current_profile: local\nprofiles:\n    local:\n        access_key: {KEY}\n        api_url: {}\n    odd:\n        access_key: '{ODD_KEY}'\n        api_url: {}\n    production:\n        access_key: vk-production-never-used\n",
        api.base(),
        api.base()
    );
    std::fs::write(home.path().join(".vn/config.yaml"), config).expect("config");
    let file = check_file("recording-start-ended.txt");
    api.diagnose(home.path(), None, &["--check", &file]);
    assert_requests_are_safe(&api, KEY, &[format!("/v1.0/calls/{ENDED}")]);
    api.clear();
    let output = api.diagnose(home.path(), None, &["--check", "--profile", "odd", &file]);
    assert_requests_are_safe(&api, ODD_KEY, &[format!("/v1.0/calls/{ENDED}")]);
    let (stdout, stderr) = text(&output);
    assert!(stdout.contains("Verdict     confirms"), "{stdout}{stderr}");
    api.clear();
    let output = api.diagnose(home.path(), None, &["--check", "--profile", "qa", &file]);
    assert_eq!(output.status.code(), Some(2));
    let (stdout, stderr) = text(&output);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr.trim(),
        "error: --profile 'qa': no such profile in ~/.vn/config.yaml (its profiles: local, odd, production); create it with 'vn login --profile NAME'"
    );
    assert!(api.requests().is_empty());
}

#[test]
fn check_is_for_text_and_json_only() {
    let file = check_file("recording-start-ended.txt");
    for args in [
        vec!["--summary"],
        vec!["--format", "summary"],
        vec!["--format", "github"],
        vec!["--format", "junit"],
        vec!["--format", "bundle"],
        vec!["--follow"],
    ] {
        let output = voiperr()
            .env_remove("VN_ACCESS_KEY")
            .arg("diagnose")
            .arg("--check")
            .args(&args)
            .arg(&file)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    for args in [
        ["--check-limit", "3"],
        ["--profile", "x"],
        ["--api-url", "https://api.voipbin.net/v1.0"],
    ] {
        let output = voiperr()
            .arg("diagnose")
            .args(args)
            .arg(&file)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?} needs --check");
    }
}

#[test]
fn proxies_are_honoured_and_no_proxy_skips_them() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let file = check_file("recording-start-ended.txt");
    let base = api.base();
    let proxy = format!("http://127.0.0.2:{}", api.other_port);
    let run = |extra: &[(&str, &str)], base: &str| {
        let mut cmd = isolated(home.path());
        cmd.env("VN_ACCESS_KEY", KEY);
        for (name, value) in extra {
            cmd.env(name, value);
        }
        cmd.args(["diagnose", "--check", "--api-url", base, &file])
            .output()
            .expect("runs")
    };
    // Through the proxy: a CONNECT to the base, then the GET through the tunnel.
    run(&[("http_proxy", &proxy)], &base);
    let requests = api.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_eq!(requests[0]["method"], "CONNECT");
    assert_eq!(
        requests[0]["listener"],
        format!("127.0.0.2:{}", api.other_port)
    );
    assert_eq!(requests[0]["target"], format!("127.0.0.1:{}", api.port));
    assert_eq!(requests[1]["path"], format!("/v1.0/calls/{ENDED}"));
    assert_eq!(requests[1]["query"]["accesskey"][0], KEY);
    api.clear();
    run(
        &[("http_proxy", &proxy), ("NO_PROXY", "localhost,127.0.0.1")],
        &base,
    );
    assert_requests_are_safe(&api, KEY, &[format!("/v1.0/calls/{ENDED}")]);
    // An https base goes through HTTPS_PROXY (the tunnel's far end speaks no TLS).
    api.clear();
    let tls_base = format!("https://127.0.0.1:{}/v1.0", api.port);
    let output = run(&[("HTTPS_PROXY", &proxy)], &tls_base);
    let requests = api.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0]["method"], "CONNECT");
    assert_eq!(requests[0]["target"], format!("127.0.0.1:{}", api.port));
    let (stdout, _) = text(&output);
    assert!(
        flat(&stdout).contains("TLS with 127.0.0.1 failed"),
        "{stdout}"
    );
}

/// Every fixture, checked with each test key (one needing percent-encoding),
/// text and JSON: no key, and no secret the API answered, in any output.
#[test]
fn no_credential_appears_in_any_output() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![fixture("")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if !path.ends_with("slow-answer.txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 300, "{}", files.len());
    let keys = [KEY, FROZEN_KEY, ODD_KEY];
    let encoded = "k%2By%2F%3D%26%25%3F%23";
    let mut checked = 0;
    for (i, file) in files.iter().enumerate() {
        let key = keys[i % keys.len()];
        let file = file.display().to_string();
        let mut args = vec!["--check", "--api-url", &base, &file];
        if i % 2 == 0 {
            args.insert(0, "--json");
        }
        let output = api.diagnose(home.path(), Some(key), &args);
        let (stdout, stderr) = text(&output);
        for shown in [&stdout, &stderr] {
            for secret in [key, encoded, SECRET] {
                assert!(!shown.contains(secret), "{file}: {secret} shown:\n{shown}");
            }
        }
        checked += usize::from(stdout.contains("Checked") || stdout.contains("\"check\":"));
    }
    assert!(checked > 50, "only {checked} fixtures made a check");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .env("VN_ACCESS_KEY", KEY)
        .env("HOME", home.path())
        .args(["diagnose", "--check", "--api-url", &base])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // The key in the input itself is masked, and never used for a check.
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("> GET /v1.0/calls/{ENDED}?accesskey={KEY} HTTP/1.1\n< HTTP/1.1 404 Not Found\n\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\"}}}}\n").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("ends");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(KEY));
}

/// `voiperr mcp`'s diagnose_response with `check`: the key and base come from
/// the server's environment (here a profile's api_url), never from the tool call.
#[cfg(feature = "mcp")]
#[test]
fn the_mcp_tool_checks_only_when_asked() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir(home.path().join(".vn")).expect("mkdir");
    let config = format!(
        "current_profile: local\nprofiles:\n  local:\n    access_key: {KEY}\n    api_url: {}\n",
        api.base()
    );
    std::fs::write(home.path().join(".vn/config.yaml"), config).expect("config");
    let text =
        std::fs::read_to_string(fixture("check/recording-start-ended.txt")).expect("fixture");
    let call = |id: u32, check: bool| {
        serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": "diagnose_response", "arguments": {"text": text, "check": check}}})
        .to_string()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .arg("mcp")
        .env_remove("VN_ACCESS_KEY")
        .env("HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    writeln!(stdin, r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-06-18","capabilities":{{}},"clientInfo":{{"name":"test","version":"1"}}}}}}"#).expect("write");
    lines.next().expect("initialized").expect("a line");
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#
    )
    .expect("write");
    let mut ask = |line: String| -> Value {
        writeln!(stdin, "{line}").expect("write");
        stdin.flush().expect("flush");
        serde_json::from_str(&lines.next().expect("an answer").expect("a line")).expect("JSON-RPC")
    };
    let plain = ask(call(2, false));
    assert!(
        plain["result"]["structuredContent"]["diagnoses"][0]
            .get("check")
            .is_none()
    );
    assert!(api.requests().is_empty(), "no request without check");
    let checked = ask(call(3, true));
    let check = &checked["result"]["structuredContent"]["diagnoses"][0]["check"];
    assert_eq!(check["verdict"], "confirms", "{checked}");
    assert_eq!(check["state"], "ended");
    assert_requests_are_safe(&api, KEY, &[format!("/v1.0/calls/{ENDED}")]);
    assert!(!checked.to_string().contains(KEY));
    drop(stdin);
    let _ = child.wait();
}

/// README's table of checks, made from `data/checks.json`: which diagnosis,
/// which GET, the deciding fields (model file:line), and the verdict per state.
fn readme_table() -> String {
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/checks.json"))
            .expect("plan"),
    )
    .expect("JSON");
    let commit = plan["commit"].as_str().expect("commit");
    let reads = plan["reads"].as_array().expect("reads");
    let read = |key: &str| reads.iter().find(|r| r["key"] == key).expect("a read");
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let fields = |read: &Value| {
        let lines: Vec<String> = read["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| format!("`{}` {}", f["name"].as_str().expect("name"), f["line"]))
            .collect();
        format!(
            "`{}`: {}",
            read["model"].as_str().expect("model"),
            lines.join(", ")
        )
    };
    let verdicts = |check: &Value| {
        let set = match &check["verdicts"] {
            Value::String(name) => plan["verdict_sets"][name].clone(),
            own => own.clone(),
        };
        let mut by: Vec<(String, Vec<String>)> = Vec::new();
        for (state, verdict) in set.as_object().expect("verdicts") {
            let word = verdict[0].as_str().expect("verdict").to_owned();
            let state = if state == "*" {
                "any other".to_owned()
            } else {
                state.replace('_', " ")
            };
            match by.iter_mut().find(|(w, _)| *w == word) {
                Some((_, states)) => states.push(state),
                None => by.push((word, vec![state])),
            }
        }
        by.sort();
        by.iter()
            .map(|(word, states)| format!("{word}: {}", states.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut rows = vec![
        format!("| diagnosis | read | fields that decide (at {commit}) | verdict by state |"),
        "| --- | --- | --- | --- |".to_owned(),
    ];
    for check in plan["checks"].as_array().expect("checks") {
        let mut when = strings(&check["reasons"]).join(" or ");
        let http = strings(&check["http"]);
        if !http.is_empty() {
            when = format!("{when} {}", http.join("/")).trim().to_owned();
        }
        let methods = strings(&check["methods"]).join("/");
        let paths = strings(&check["paths"]);
        if !paths.is_empty() {
            when = format!(
                "{when} on `{}`",
                format!("{methods} {}", paths.join("`, `")).trim()
            );
        }
        if check["read"] == "named" {
            let named = reads
                .iter()
                .filter(|r| r["get"].as_str().is_some_and(|g| g.contains("{id}")));
            if check["own_reason"] == true {
                for r in named {
                    let get = r["get"].as_str().expect("get");
                    rows.push(format!(
                        "| {} on `{get}`, `{get}/*` | `GET {get}` | {} | {} |",
                        r["not_found"].as_str().expect("not_found"),
                        fields(r),
                        verdicts(check)
                    ));
                }
            } else {
                rows.push(format!(
                    "| {when} on the paths above | the same `GET` | the same | {} |",
                    verdicts(check)
                ));
            }
            continue;
        }
        let r = read(check["read"].as_str().expect("read"));
        let when = if paths.is_empty() {
            format!("{when} (any request)")
        } else {
            when
        };
        rows.push(format!(
            "| {when} | `GET {}` | {} | {} |",
            r["get"].as_str().expect("get"),
            fields(r),
            verdicts(check)
        ));
    }
    rows.join("\n")
}

#[test]
fn readme_lists_every_check_with_its_fields() {
    let page = crate::readme::doc_page("docs/diagnose.md");
    let table = readme_table();
    assert!(
        page.contains(&table),
        "docs/diagnose.md's table of checks is not data/checks.json's; put this in its place:\n\n{table}\n"
    );
}

/// An API that says the key back, with a CI command in a field it shows
/// (tests/fixtures/check/api.json, `echo_key`): text and JSON hold neither,
/// and JSON still reads back the field as sent.
#[test]
fn an_answer_echoing_the_key_or_a_ci_command_shows_neither() {
    let api = FakeApi::start();
    let home = tempfile::tempdir().expect("home");
    let base = api.base();
    let file = check_file("hostile-answer.txt");
    for key in [KEY, ODD_KEY] {
        for json in [false, true] {
            let mut args = vec!["--check", "--api-url", &base, &file];
            if json {
                args.insert(0, "--json");
            }
            let output = api.diagnose(home.path(), Some(key), &args);
            let (stdout, stderr) = text(&output);
            assert!(
                stdout.contains("Checked") || stdout.contains("\"check\":"),
                "{stdout}{stderr}"
            );
            for shown in [&stdout, &stderr] {
                assert!(!shown.contains(key), "{key} shown:\n{shown}");
                assert!(!shown.contains("##["), "a CI command:\n{shown}");
            }
            if json {
                let found = &checks(&output)[0]["found"];
                assert_eq!(found["hangup_by"], "##[error title=Forged]remote");
                assert_eq!(found["hangup_reason"], "normal, for key ***");
            } else {
                assert!(stdout.contains("\\x23#[error title=Forged]"), "{stdout}");
            }
        }
    }
}

/// A key pasted into the wrong setting (`api_url`, `--api-url`) is refused
/// in a sentence that does not quote it.
#[test]
fn a_key_in_the_wrong_setting_is_never_quoted() {
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir(home.path().join(".vn")).expect("mkdir");
    let config = format!(
        "current_profile: a\nprofiles:\n    a:\n        access_key: {KEY}\n        api_url: https://{KEY}@api.voipbin.net/v1.0\n"
    );
    std::fs::write(home.path().join(".vn/config.yaml"), config).expect("config");
    let file = check_file("recording-start-ended.txt");
    let run = |env_key: Option<&str>, args: &[&str]| {
        let mut cmd = isolated(home.path());
        if let Some(key) = env_key {
            cmd.env("VN_ACCESS_KEY", key);
        }
        cmd.args(["diagnose", "--check"]).args(args).arg(&file);
        cmd.output().expect("runs")
    };
    for (env_key, args) in [
        (None, vec![]),
        (Some(ODD_KEY), vec!["--api-url", ODD_KEY]),
        (Some(KEY), vec!["--profile", KEY]),
    ] {
        let output = run(env_key, &args);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains("***"),
            "{stderr}"
        );
        for key in [KEY, ODD_KEY] {
            assert!(!stderr.contains(key), "{key} shown: {stderr}");
        }
    }
}
