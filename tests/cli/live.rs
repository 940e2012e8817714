//! `diagnose` on live input: prompt output, `--follow`, signals, several
//! inputs, gzip, and a summary that stays a summary.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command as Process, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::Value;

use crate::common::{stdout_of, voiperr};

const ENVELOPE: &str = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"gone","request_id":"req_1"}}"#;
/// Generous: the wait ends as soon as the line comes, so only a failure waits this long.
const PATIENCE: Duration = Duration::from_secs(20);

/// `voiperr ARGS` with piped stdin and stdout; stdout's lines arrive on the channel.
fn spawn(args: &[&str]) -> (Child, ChildStdin, Receiver<String>) {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(args)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    (child, stdin, rx)
}

/// Waits for a line of output that satisfies `wanted`; panics after [`PATIENCE`].
fn wait_for(rx: &Receiver<String>, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    loop {
        match rx.recv_timeout(PATIENCE) {
            Ok(line) if wanted(&line) => return line,
            Ok(_) => {}
            Err(e) => panic!("no output line with {what} ({e})"),
        }
    }
}

fn write_line(stdin: &mut ChildStdin, line: &str) {
    writeln!(stdin, "{line}").expect("write");
    stdin.flush().expect("flush");
}

#[test]
fn each_diagnosis_comes_out_before_the_next_line_goes_in() {
    for mode in [&["diagnose"][..], &["diagnose", "--json"]] {
        let (mut child, mut stdin, rx) = spawn(mode);
        for n in 1..=3 {
            let line = ENVELOPE.replace("req_1", &format!("req_{n}"));
            write_line(&mut stdin, &line);
            // The pipe stays open: the diagnosis must come out now, not at the end.
            let wanted = format!("req_{n}");
            wait_for(&rx, &wanted, |l| l.contains(&wanted));
        }
        drop(stdin);
        assert!(child.wait().expect("exits").success(), "{mode:?}");
    }
}

fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open");
    file.write_all(text.as_bytes()).expect("append");
}

#[test]
fn follow_reads_growth_rotation_and_truncation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("app.log");
    append(&log, &format!("{}\n", ENVELOPE.replace("req_1", "req_a")));
    let path = log.to_str().expect("utf-8 path");
    let (mut child, _stdin, rx) = spawn(&["diagnose", "--json", "--follow", path]);
    wait_for(&rx, "req_a", |l| l.contains("req_a"));
    append(&log, &format!("{}\n", ENVELOPE.replace("req_1", "req_b")));
    wait_for(&rx, "req_b after growth", |l| l.contains("req_b"));
    // Rotation: the log moves away and a new one takes its name.
    std::fs::rename(&log, dir.path().join("app.log.1")).expect("rotate");
    append(&log, &format!("{}\n", ENVELOPE.replace("req_1", "req_c")));
    wait_for(&rx, "req_c after rotation", |l| l.contains("req_c"));
    // Truncation: the same file starts over.
    std::fs::write(&log, "").expect("truncate");
    std::thread::sleep(Duration::from_millis(500));
    append(&log, &format!("{}\n", ENVELOPE.replace("req_1", "req_d")));
    let line = wait_for(&rx, "req_d after truncation", |l| l.contains("req_d"));
    let d: Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(d["file"], path);
    child.kill().expect("kill");
    let _ = child.wait();
}

#[test]
fn follow_needs_one_named_file() {
    voiperr()
        .args(["diagnose", "--follow"])
        .write_stdin(ENVELOPE)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--follow reads one file by name"));
}

/// Waits until process `pid` catches SIGINT (bit 2 of `SigCgt` in /proc).
fn wait_for_handler(pid: u32) {
    for _ in 0..200 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .is_some_and(|mask| mask & (1 << 1) != 0);
        if caught {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("voiperr never set up its SIGINT handler");
}

#[test]
fn sigint_prints_the_summary_so_far() {
    for signal in ["-INT", "-TERM"] {
        let (mut child, mut stdin, rx) = spawn(&["diagnose", "--summary"]);
        for _ in 0..3 {
            write_line(&mut stdin, ENVELOPE);
        }
        // Nothing shows until the signal (a summary in a pipe prints at the end).
        // Wait until voiperr catches the signal, then give the reader a moment.
        wait_for_handler(child.id());
        std::thread::sleep(Duration::from_millis(300));
        let killed = Process::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let row = wait_for(&rx, "the CALL_NOT_FOUND row", |l| {
            l.contains("CALL_NOT_FOUND")
        });
        assert!(row.contains("┆ 3 "), "{row}");
        wait_for(&rx, "the total", |l| l == "3 errors, 1 distinct reason");
        let status = child.wait().expect("exits");
        assert_eq!(status.code(), Some(0), "{signal}");
    }
}

#[test]
fn several_inputs_in_order_with_gzip_and_stdin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = dir.path().join("b.log");
    std::fs::write(&plain, format!("{}\n", ENVELOPE.replace("req_1", "req_b"))).expect("write");
    let gz = dir.path().join("a.log.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(format!("noise\n{}\n", ENVELOPE.replace("req_1", "req_a")).as_bytes())
        .expect("gzip");
    std::fs::write(&gz, encoder.finish().expect("gzip")).expect("write");
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(&gz)
        .arg(&plain)
        .arg("-")
        .write_stdin(ENVELOPE.replace("req_1", "req_c"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let got: Vec<(String, u64, String)> = lines
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["request_id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let name = |p: &Path| p.display().to_string();
    assert_eq!(
        got,
        [
            (name(&gz), 2, "req_a".to_owned()),
            (name(&plain), 1, "req_b".to_owned()),
            ("-".to_owned(), 1, "req_c".to_owned()),
        ]
    );
    // Text names the file and line when there are several inputs.
    let out = voiperr()
        .arg("diagnose")
        .arg(&gz)
        .arg(&plain)
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(text.contains(&format!("({}:2)", name(&gz))), "{text}");
    // A missing input is one sentence and exit 2; the others are still read.
    let out = voiperr()
        .arg("diagnose")
        .arg(dir.path().join("missing.log"))
        .arg(&plain)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout_of(&out).contains("req_b"));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read"));
}

#[test]
fn a_summary_stays_a_summary() {
    let mut input = String::new();
    for n in 0..45 {
        for _ in 0..=n {
            input.push_str(&format!(
                "{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"MADE_UP_{n:02}\"}}}}\n"
            ));
        }
    }
    let out = voiperr()
        .args(["diagnose", "--summary"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(text.contains("(5 other reasons)"), "{text}");
    assert_eq!(text.matches("(unknown)").count(), 40, "{text}");
    let out = voiperr()
        .args(["diagnose", "--summary", "--top", "3"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    assert!(stdout_of(&out).contains("(42 other reasons)"));
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(summary["reasons"].as_array().map(Vec::len), Some(45));

    // Failures without a reason: one row per kind and code.
    let exchanges = "HTTP/1.1 400 Bad Request\n\nHTTP/1.1 401 Unauthorized\n\nHTTP/1.1 400 Bad Request\n\nHTTP/1.1 502 Bad Gateway\n\n<html><title>502</title></html>\n";
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .write_stdin(exchanges)
        .output()
        .expect("runs");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows: Vec<(String, u64, u64)> = summary["reasons"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap_or_default().to_owned(),
                r["http"].as_u64().unwrap_or_default(),
                r["count"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("(empty body)".to_owned(), 400, 2),
            ("(HTML or text body)".to_owned(), 502, 1),
            ("(empty body)".to_owned(), 401, 1),
        ]
    );

    // One reason is "1 distinct reason".
    voiperr()
        .args(["diagnose", "--summary"])
        .write_stdin(format!("{ENVELOPE}\n"))
        .assert()
        .success()
        .stdout(predicates::str::contains("1 error, 1 distinct reason\n"));

    // Nothing found: still one object, with total 0.
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .write_stdin("just a log line\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(summary["total"], 0);
}

#[test]
fn paste_mode_on_a_terminal() {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    // `script` gives voiperr a terminal for stdin; the pasted text ends with Ctrl-D.
    let command = format!("'{}' --color never diagnose -", bin.display());
    let mut child = Process::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script(1) runs");
    let mut stdin = child.stdin.take().expect("stdin");
    std::thread::sleep(Duration::from_millis(300));
    write!(stdin, "{ENVELOPE}\n\u{4}").expect("paste");
    stdin.flush().expect("flush");
    let out = child.wait_with_output().expect("exits");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("reading what you paste; end with Ctrl-D"),
        "{text}"
    );
    assert!(text.contains("CALL_NOT_FOUND  404 NOT_FOUND"), "{text}");
}

/// Sends `signal` (`-INT`, `-TERM`, `-HUP`) to `pid`.
fn send_signal(pid: u32, signal: &str) {
    let sent = Process::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
}

/// The `request_id`s and line numbers of `--json` lines, as they come, until `last` is seen.
fn ids_until(rx: &Receiver<String>, last: &str) -> Vec<(String, u64)> {
    let mut seen = Vec::new();
    loop {
        let line = wait_for(rx, last, |_| true);
        let d: Value = serde_json::from_str(&line).expect("JSON");
        let id = d["request_id"].as_str().unwrap_or_default().to_owned();
        seen.push((id.clone(), d["line"].as_u64().unwrap_or_default()));
        if id == last {
            return seen;
        }
    }
}

#[test]
fn follow_reads_what_the_old_file_got_before_rotation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("app.log");
    let line = |n: u32| format!("{}\n", ENVELOPE.replace("req_1", &format!("req_{n}")));
    let mut old = std::fs::File::create(&log).expect("create");
    write!(old, "{}", line(1)).expect("write");
    let path = log.to_str().expect("utf-8 path");
    let (mut child, _stdin, rx) = spawn(&["diagnose", "--json", "--follow", path]);
    wait_for(&rx, "req_1", |l| l.contains("\"req_1\""));
    // Within one poll: the log is renamed, the writer still appends to the
    // old file, then the new file starts.
    std::fs::rename(&log, dir.path().join("app.log.1")).expect("rotate");
    for n in 2..=20 {
        write!(old, "{}", line(n)).expect("write the old file");
    }
    old.flush().expect("flush");
    let mut new = std::fs::File::create(&log).expect("create the new file");
    for n in 21..=25 {
        write!(new, "{}", line(n)).expect("write the new file");
    }
    new.flush().expect("flush");
    let seen = ids_until(&rx, "req_25");
    let want: Vec<(String, u64)> = (2..=25u32)
        .map(|n| {
            (
                format!("req_{n}"),
                if n <= 20 {
                    u64::from(n)
                } else {
                    u64::from(n) - 20
                },
            )
        })
        .collect();
    // Every line, in order; the new file's lines are counted from 1.
    assert_eq!(seen, want);
    child.kill().expect("kill");
    let _ = child.wait();
}

#[test]
fn follow_does_not_join_a_line_cut_by_truncation_to_the_new_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("app.log");
    append(&log, &format!("{ENVELOPE}\n"));
    let path = log.to_str().expect("utf-8 path");
    let (mut child, _stdin, rx) = spawn(&["diagnose", "--json", "--follow", path]);
    wait_for(&rx, "req_1", |l| l.contains("req_1"));
    // An unfinished line, then the file starts over.
    append(
        &log,
        r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_"#,
    );
    std::thread::sleep(Duration::from_millis(600));
    std::fs::write(&log, format!("{}\n", ENVELOPE.replace("req_1", "req_2"))).expect("truncate");
    let line = wait_for(&rx, "req_2 after truncation", |l| l.contains("req_2"));
    let d: Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(d["reason"], "CALL_NOT_FOUND", "{line}");
    assert_eq!(d["line"], 1, "{line}");
    child.kill().expect("kill");
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("was truncated: reading it again from its start"),
        "{stderr}"
    );
}

#[test]
fn follow_waits_for_a_file_that_is_not_there_yet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("later.log");
    let path = log.to_str().expect("utf-8 path");
    let (mut child, _stdin, rx) = spawn(&["diagnose", "--json", "--follow", path]);
    std::thread::sleep(Duration::from_millis(500));
    append(&log, &format!("{ENVELOPE}\n"));
    let line = wait_for(&rx, "req_1 once the file exists", |l| l.contains("req_1"));
    assert!(line.contains("\"line\":1"), "{line}");
    // Replaced by a directory: a note, and the wait goes on.
    std::fs::remove_file(&log).expect("remove");
    std::fs::create_dir(&log).expect("a directory in its place");
    std::thread::sleep(Duration::from_millis(600));
    std::fs::remove_dir(&log).expect("remove the directory");
    append(&log, &format!("{}\n", ENVELOPE.replace("req_1", "req_2")));
    wait_for(&rx, "req_2 once it is a file again", |l| {
        l.contains("req_2")
    });
    child.kill().expect("kill");
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("waiting for it to appear").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn a_whole_document_on_an_unfinished_last_line_is_shown_when_input_pauses() {
    let (mut child, mut stdin, rx) = spawn(&["diagnose", "--json"]);
    // `curl -s … >> app.log` ends the body without a newline.
    write!(stdin, "{ENVELOPE}").expect("write");
    stdin.flush().expect("flush");
    let first = wait_for(&rx, "req_1 before any newline", |l| l.contains("req_1"));
    assert!(first.contains("\"line\":1"), "{first}");
    // The newline that comes later is not a line of its own.
    write_line(&mut stdin, "");
    write_line(&mut stdin, &ENVELOPE.replace("req_1", "req_2"));
    let second = wait_for(&rx, "req_2", |l| l.contains("req_2"));
    assert!(second.contains("\"line\":2"), "{second}");
    // On Ctrl-C too: an unfinished line is read before voiperr exits.
    write!(stdin, "{}", ENVELOPE.replace("req_1", "req_3")).expect("write");
    stdin.flush().expect("flush");
    wait_for(&rx, "req_3", |l| l.contains("req_3"));
    drop(stdin);
    assert!(child.wait().expect("exits").success());
}

#[test]
fn a_signal_writes_everything_diagnosed_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("big.log");
    let mut text = String::new();
    // Big enough that the signal, sent as soon as the handler is in place,
    // comes long before the end (a run takes about 0.2 s).
    for n in 1..=300_000 {
        text.push_str(&ENVELOPE.replace("req_1", &format!("req_{n}")));
        text.push('\n');
    }
    std::fs::write(&log, text).expect("write");
    for (format, signal) in [
        ("--json", "-TERM"),
        ("--json", "-INT"),
        ("--color=never", "-HUP"),
    ] {
        let out_path = dir.path().join("out");
        let out_file = std::fs::File::create(&out_path).expect("create");
        let child = Process::new(assert_cmd::cargo::cargo_bin!("voiperr"))
            .args(["diagnose", format])
            .arg(&log)
            .stdout(out_file)
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        wait_for_handler(child.id());
        // Signal once something is written: mid-stream, however loaded the machine.
        for _ in 0..400 {
            if std::fs::metadata(&out_path).is_ok_and(|m| m.len() > 0) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        send_signal(child.id(), signal);
        let done = child.wait_with_output().expect("exits");
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(0), "{signal}: {stderr}");
        let written = std::fs::read_to_string(&out_path).expect("read");
        assert!(written.ends_with('\n'), "{signal}: ends on a whole record");
        if format == "--json" {
            // Every line a whole record; lines 1..N with none missing.
            let lines: Vec<u64> = written
                .lines()
                .map(|l| {
                    let d: Value = serde_json::from_str(l).expect("a whole JSON line");
                    d["line"].as_u64().expect("line")
                })
                .collect();
            assert!(!lines.is_empty(), "{signal}");
            assert!(
                lines.iter().copied().eq(1..=lines.len() as u64),
                "{signal}: a gap"
            );
        } else {
            // The last entry is whole: its next steps are there, and its last line.
            let last = written.rsplit("\n\n").next().unwrap_or_default();
            assert!(last.contains("Next steps"), "{signal}: {last}");
            assert!(
                last.trim_end().ends_with("resource call"),
                "{signal}: {last}"
            );
        }
        assert!(stderr.contains("interrupted by"), "{signal}: {stderr}");
    }
}

#[test]
fn sighup_prints_the_summary_and_an_empty_interrupted_summary_says_so() {
    let (mut child, mut stdin, rx) = spawn(&["diagnose", "--summary"]);
    write_line(&mut stdin, ENVELOPE);
    wait_for_handler(child.id());
    std::thread::sleep(Duration::from_millis(300));
    send_signal(child.id(), "-HUP");
    wait_for(&rx, "the total", |l| l == "1 error, 1 distinct reason");
    assert_eq!(child.wait().expect("exits").code(), Some(0));

    let (child, mut stdin, _rx) = spawn(&["diagnose", "--summary"]);
    for _ in 0..3 {
        write_line(&mut stdin, "just a log line");
    }
    wait_for_handler(child.id());
    std::thread::sleep(Duration::from_millis(300));
    send_signal(child.id(), "-INT");
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("interrupted by Ctrl-C after 3 lines"),
        "{stderr}"
    );
    assert!(stderr.contains("no VoIPbin error in 3 lines"), "{stderr}");
    assert!(!stderr.contains("empty"), "{stderr}");
}
