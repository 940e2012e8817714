//! `--format bundle` shows each error's whole record (a curl exchange, a
//! pretty-printed envelope or HAR entry), and holds no whole line of the
//! input: memory stays flat however long a line is, as with `--since`.

use serde_json::{Value, json};

use crate::common::{exit_and_peak_rss_kib, stdout_of, voiperr};

const ENVELOPE: &str = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"gone","request_id":"req_1"}}"#;

fn bundle(input: &str) -> String {
    let out = voiperr()
        .args(["diagnose", "--format", "bundle"])
        .write_stdin(input.to_owned())
        .output()
        .expect("runs");
    stdout_of(&out)
}

/// The `N | text` lines of a bundle's Input block, with their numbers.
fn shown_lines(bundle: &str) -> Vec<(u64, String)> {
    bundle
        .lines()
        .filter_map(|l| {
            let (n, text) = l.split_once(" | ")?;
            Some((n.trim().parse().ok()?, text.to_owned()))
        })
        .collect()
}

fn har(headers: usize) -> Value {
    let headers: Vec<Value> = (0..headers)
        .map(|n| json!({"name": format!("X-Trace-{n}"), "value": "1"}))
        .collect();
    json!({"log": {"version": "1.2", "entries": [{
        "request": {"method": "POST", "url": "https://api.voipbin.net/v1.0/calls/x/hangup",
            "headers": headers},
        "response": {"status": 404, "content": {"mimeType": "application/json", "text": ENVELOPE}}}]}})
}

#[test]
fn a_pretty_printed_envelope_is_shown_whole() {
    let input =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(ENVELOPE).expect("JSON"))
            .expect("JSON");
    let lines = input.lines().count() as u64;
    let shown = bundle(&format!("log start\n{input}\nlog end\n"));
    assert!(
        shown.contains(&format!("lines 2-{}:", lines + 1)),
        "{shown}"
    );
    let numbered = shown_lines(&shown);
    assert_eq!(
        numbered.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        (2..=lines + 1).collect::<Vec<_>>(),
        "{shown}"
    );
    assert_eq!(numbered[0].1, "{");
    assert!(
        numbered
            .iter()
            .any(|(_, l)| l.contains("\"reason\": \"CALL_NOT_FOUND\""))
    );
}

#[test]
fn a_pretty_printed_har_entry_is_shown_from_its_request() {
    let input = serde_json::to_string_pretty(&har(2)).expect("JSON");
    let shown = bundle(&input);
    let numbered = shown_lines(&shown);
    let entry_opens = input
        .lines()
        .position(|l| l.contains("\"entries\""))
        .expect("entries") as u64
        + 2;
    assert_eq!(
        numbered.first().map(|(n, _)| *n),
        Some(entry_opens),
        "{shown}"
    );
    for expected in ["\"method\": \"POST\"", "X-Trace-1", "\"status\": 404"] {
        assert!(
            numbered.iter().any(|(_, l)| l.contains(expected)),
            "{expected}: {shown}"
        );
    }
}

#[test]
fn a_record_too_long_to_show_whole_keeps_its_start_and_its_end() {
    let input = serde_json::to_string_pretty(&har(200)).expect("JSON");
    let shown = bundle(&input);
    let numbered = shown_lines(&shown);
    assert_eq!(numbered.len(), 200, "{shown}");
    assert!(
        numbered
            .iter()
            .any(|(_, l)| l.contains("\"method\": \"POST\"")),
        "{shown}"
    );
    assert!(
        numbered.iter().any(|(_, l)| l.contains("\"status\": 404")),
        "{shown}"
    );
    assert!(shown.contains("| … (615 lines)"), "{shown}");
}

/// A line of 48 MB, then an error: the bundle and a time filter read it
/// without holding it (the full-size run, 300 MB, is in README's table).
#[test]
fn a_huge_line_is_never_held_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge-line.log");
    let mut input = vec![b'x'; 48 << 20];
    input.extend_from_slice(format!("\n2026-11-24T10:00:00Z {ENVELOPE}\n").as_bytes());
    std::fs::write(&path, input).expect("write");
    for args in [
        &["diagnose", "--format", "bundle"][..],
        &["diagnose", "--since", "2026-11-01T00:00:00Z"],
        &["diagnose"],
    ] {
        let (code, peak) = exit_and_peak_rss_kib(args, &path);
        assert_eq!(code, 0, "{args:?}");
        assert!(peak < 40 * 1024, "{args:?}: {peak} KiB");
    }
}
