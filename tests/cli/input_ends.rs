//! How an input ends: a cut-off document, a broken gzip stream, another
//! encoding or compression, a closed stdout. Nothing read may be lost or
//! reported under another file, and a summary counts what `--json` lists.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::common::{fixture, stdout_of, voiperr};

const ENVELOPE: &str =
    r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"r"}}"#;
const CUT: &str = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"cut""#;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.to_str().expect("utf-8 path").to_owned()
}

/// What one `--json` line says: file name, line, kind, http, reason, request_id.
type Diagnosed = (
    String,
    u64,
    String,
    Option<u64>,
    Option<String>,
    Option<String>,
);

/// `diagnose --json ARGS`: what each line says.
fn json_lines(args: &[&str]) -> Vec<Diagnosed> {
    let out = voiperr()
        .arg("diagnose")
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    stdout_of(&out)
        .lines()
        .map(|line| {
            let d: Value = serde_json::from_str(line).expect("a JSON line");
            let name = d["file"].as_str().expect("file");
            let name = Path::new(name)
                .file_name()
                .map_or(name.into(), |n| n.to_string_lossy());
            (
                name.into_owned(),
                d["line"].as_u64().expect("line"),
                d["kind"].as_str().expect("kind").to_owned(),
                d["http"].as_u64(),
                d["reason"].as_str().map(str::to_owned),
                d["request_id"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn summary_total(args: &[&str]) -> u64 {
    let out = voiperr()
        .args(["diagnose", "--summary", "--json"])
        .args(args)
        .output()
        .expect("runs");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    summary["total"].as_u64().expect("total")
}

#[test]
fn an_input_ending_inside_a_cut_off_document_reports_its_error_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.log", format!("{ENVELOPE}\n{CUT}").as_bytes());
    let g = write(dir.path(), "g.log", format!("{ENVELOPE}\n").as_bytes());
    // It was held past the end, and shown only if a thread happened to wait.
    for _ in 0..5 {
        assert_eq!(summary_total(&["-j1", &a]), 2);
    }
    let lines = json_lines(&[&a, &g]);
    let at: Vec<(&str, u64, Option<&str>)> = lines
        .iter()
        .map(|(file, line, _, _, _, id)| (file.as_str(), *line, id.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            ("a.log", 1, Some("r")),
            ("a.log", 2, Some("cut")),
            ("g.log", 1, Some("r"))
        ]
    );
}

#[test]
fn a_broken_gzip_stream_ends_its_input_and_the_next_starts_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(b"HTTP/1.1 429 Too Many Requests\r\n\r\n")
        .expect("gzip");
    let whole = gzip.finish().expect("gzip");
    let g = write(dir.path(), "g.log", format!("{ENVELOPE}\n").as_bytes());
    // Cut before the trailer (CRC and size), and with a byte of the trailer wrong.
    let mut bad_crc = whole.clone();
    let at = bad_crc.len() - 6;
    bad_crc[at] ^= 0xff;
    for (name, bytes) in [
        ("cut.gz", &whole[..whole.len() - 8]),
        ("crc.gz", &bad_crc[..]),
    ] {
        let t = write(dir.path(), name, bytes);
        let out = voiperr()
            .args(["diagnose", "--json", &t, &g])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{name}' is a damaged or cut-off gzip file")),
            "{stderr}"
        );
        let lines = json_lines(&[&t, &g]);
        assert_eq!(lines.len(), 2, "{name}: {lines:?}");
        // What was decompressed is diagnosed as that file's: a 429 without a body.
        assert_eq!(
            (lines[0].0.as_str(), lines[0].2.as_str(), lines[0].3),
            (name, "empty_body", Some(429))
        );
        // The next file owes nothing to it: its own line 1, no status line.
        assert_eq!(
            (lines[1].0.as_str(), lines[1].1, lines[1].3),
            ("g.log", 1, Some(404))
        );
        assert_eq!(lines[1].2, "envelope");
    }
}

#[test]
fn a_summary_counts_every_error_json_lists_in_one_exchange() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = String::from("HTTP/1.1 429 Too Many Requests\n\n");
    for n in 0..1000 {
        log.push_str(&format!(
            "{{\"error\":{{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\",\"request_id\":\"r{n}\"}}}}\n"
        ));
    }
    let path = write(dir.path(), "many.log", log.as_bytes());
    assert_eq!(json_lines(&[&path]).len(), 1000);
    assert_eq!(summary_total(&[&path]), 1000);
}

#[test]
fn summary_totals_equal_json_line_counts_on_every_fixture_and_any_split() {
    let mut inputs = Vec::new();
    for dir in [fixture(""), fixture("clients")] {
        for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
            if entry.path().is_file() {
                inputs.push(entry.path().to_str().expect("utf-8").to_owned());
            }
        }
    }
    inputs.sort();
    for input in &inputs {
        let total = summary_total(&[input]);
        assert_eq!(total as usize, json_lines(&[input]).len(), "{input}");
    }
    // All of them as one log, cut into three files at arbitrary bytes.
    let all: Vec<u8> = inputs
        .iter()
        .flat_map(|f| std::fs::read(f).expect("read"))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    for (a, b) in [(1, 2), (7, 13), (97, 131), (500, 501)] {
        let (a, b) = (all.len() * a / 1000, all.len() * b / 1000);
        let parts = [&all[..a], &all[a..b], &all[b..]];
        let names: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| write(dir.path(), &format!("part{i}.log"), part))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let together = json_lines(&names);
        assert_eq!(
            summary_total(&names) as usize,
            together.len(),
            "cut at {a}, {b}"
        );
        // Each part's errors are the ones it has alone.
        for name in &names {
            let alone = json_lines(&[name]);
            let file = Path::new(name).file_name().expect("name").to_string_lossy();
            let within: Vec<_> = together.iter().filter(|l| l.0 == file).cloned().collect();
            assert_eq!(within, alone, "{name}, cut at {a}, {b}");
        }
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    // PowerShell's `>`: UTF-16LE with a BOM, CRLF line ends. A surrogate pair too.
    let text = format!("noise \u{1f600}\r\n{ENVELOPE}\r\n");
    let units: Vec<u16> = text.encode_utf16().collect();
    let le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_be_bytes()))
        .collect();
    let bom8: Vec<u8> = [0xef, 0xbb, 0xbf].into_iter().chain(text.bytes()).collect();
    for (name, bytes) in [("le.log", le), ("be.log", be), ("bom8.log", bom8)] {
        let path = write(dir.path(), name, &bytes);
        let lines = json_lines(&[&path]);
        assert_eq!(lines.len(), 1, "{name}");
        assert_eq!(
            (lines[0].1, lines[0].4.as_deref()),
            (2, Some("CALL_NOT_FOUND")),
            "{name}"
        );
        // From stdin too, and in a summary (which counts plain files in parts).
        voiperr()
            .args(["diagnose", "--json"])
            .write_stdin(bytes.clone())
            .assert()
            .success();
        assert_eq!(summary_total(&[&path]), 1, "{name}");
    }
}

#[test]
fn other_compressions_are_named_with_the_command_that_decompresses_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "a.zst",
            &[0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00],
            "zstd-compressed, which diagnose does not read: decompress it first (zstd -dc",
        ),
        (
            "a.xz",
            &[0xfd, b'7', b'z', b'X', b'Z', 0x00, 0x00],
            "xz-compressed, which diagnose does not read: decompress it first (xz -dc",
        ),
        (
            "a.bz2",
            b"BZh91AY&SY\x00\x01",
            "bzip2-compressed, which diagnose does not read: decompress it first (bzip2 -dc",
        ),
        ("a.lz4", &[0x04, 0x22, 0x4d, 0x18, 0x64], "lz4-compressed"),
        ("a.zip", b"PK\x03\x04\x14\x00", "zip-compressed"),
    ];
    for (name, bytes, says) in cases {
        let path = write(dir.path(), name, bytes);
        let out = voiperr().args(["diagnose", &path]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // A text line that merely starts like bzip2's magic is text.
    let text = write(
        dir.path(),
        "bzh.log",
        format!("BZh9 started\n{ENVELOPE}\n").as_bytes(),
    );
    assert_eq!(json_lines(&[&text]).len(), 1);
}

#[test]
fn a_body_printed_twice_and_cut_off_is_noted_once() {
    // `curl --trace-ascii -` of a 404 whose body was cut: the trace and the
    // body it echoes are one cut-off document.
    let transcript =
        std::fs::read_to_string(fixture("clients/curl-trace-ascii__call404.txt")).expect("fixture");
    let body = r#"{"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND", "m"#;
    let start = transcript.find("<= Recv data").expect("a body block");
    let end = transcript.find("== Info: Connection").expect("the end");
    let cut = format!(
        "{}<= Recv data, {} bytes (0x{:x})\n0000: {body}\n{body}{}",
        &transcript[..start],
        body.len(),
        body.len(),
        &transcript[end..]
    );
    let out = voiperr()
        .arg("diagnose")
        .write_stdin(cut)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("cut off").count(), 1, "{stderr}");
}

#[test]
fn a_closed_stdout_is_a_write_error() {
    let bin = assert_cmd::cargo::cargo_bin!("voiperr");
    let path = fixture("envelope-compact.json");
    for args in [
        format!("diagnose '{}'", path.display()),
        "explain CALL_NOT_FOUND".to_owned(),
    ] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("'{}' {args} >&-", bin.display()))
            .output()
            .expect("sh");
        assert_eq!(out.status.code(), Some(2), "{args}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: cannot write the output (standard output is closed)"),
            "{stderr}"
        );
    }
    // `>/dev/null` is where the user sent it: no error.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' explain CALL_NOT_FOUND >/dev/null",
            bin.display()
        ))
        .output()
        .expect("sh");
    assert_eq!(out.status.code(), Some(0));
}
