//! `diagnose --summary` in parts at once (`-j N`) says exactly what one
//! thread says: the same table or JSON, the same notes with the same line
//! numbers, the same exit code, wherever the parts begin.

use std::path::{Path, PathBuf};

use crate::common::voiperr;

/// Parts are at least 4 MiB (`split::MIN_PART`): three need a bit more than 12.
const SIZE: usize = 13 << 20;

/// Every fixture: each client's real transcripts, logs, pretty-printed
/// bodies, cut documents, HTML pages.
fn fixtures() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts = Vec::new();
    for dir in [root.clone(), root.join("clients")] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        texts.extend(paths.iter().map(|p| std::fs::read(p).expect("fixture")));
    }
    texts
}

/// A file of fixtures in an order `seed` picks, so the parts begin inside
/// whatever the fixtures hold at that point.
fn shuffled_log(dir: &Path, seed: u64) -> PathBuf {
    let texts = fixtures();
    let mut state = seed;
    let mut next = || {
        // xorshift: a fixed, dependency-free order per seed.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut log = Vec::with_capacity(SIZE + (1 << 16));
    while log.len() < SIZE {
        log.extend_from_slice(&texts[(next() % texts.len() as u64) as usize]);
        if next() % 3 == 0 {
            log.push(b'\n');
        }
    }
    let path = dir.join(format!("shuffled-{seed}.log"));
    std::fs::write(&path, log).expect("write");
    path
}

/// Stdout, stderr and the exit code of a summary with `threads` threads.
fn summary(path: &Path, threads: &str, json: bool) -> (String, String, Option<i32>) {
    let mut cmd = voiperr();
    cmd.args(["diagnose", "--summary", "--top", "1000", "-j", threads]);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.arg(path).output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn parts_count_exactly_what_one_thread_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    for seed in [1, 2, 3] {
        let log = shuffled_log(dir.path(), seed);
        let one = summary(&log, "1", true);
        assert!(one.0.contains("\"total\""), "{}", one.1);
        for threads in ["2", "3"] {
            assert_eq!(
                summary(&log, threads, true),
                one,
                "seed {seed}, -j {threads}"
            );
        }
        assert_eq!(
            summary(&log, "3", false),
            summary(&log, "1", false),
            "seed {seed}, table"
        );
    }
}

#[test]
fn a_document_cut_at_a_part_start_is_noted_once_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Pretty-printed envelopes, one of them never closed, around the middle.
    let pretty = "{\n  \"error\": {\n    \"status\": \"NOT_FOUND\",\n    \"reason\": \"CALL_NOT_FOUND\"\n  }\n}\n";
    let mut log = pretty.repeat(SIZE / 2 / pretty.len());
    log.push_str("{\n  \"error\": {\n    \"reason\": \"CALL_ALREADY_ENDED\",\n");
    log.push_str(&pretty.repeat(SIZE / 2 / pretty.len()));
    let path = dir.path().join("pretty.log");
    std::fs::write(&path, &log).expect("write");
    let one = summary(&path, "1", false);
    assert!(one.1.contains("is cut off"), "{}", one.1);
    for threads in ["2", "3", "4"] {
        assert_eq!(summary(&path, threads, false), one, "-j {threads}");
    }
}

#[test]
fn a_part_that_starts_inside_a_document_is_read_as_its_rest() {
    // Read alone, a part starting inside one of these records sees each
    // envelope line as text around an envelope; read on from before, the
    // envelopes are the record's, reported when it closes.
    let dir = tempfile::tempdir().expect("tempdir");
    let record = concat!(
        "{\n",
        "  \"first\": {\"error\":{\"reason\":\"CALL_NOT_FOUND\",\"status\":\"NOT_FOUND\"}},\n",
        "  \"second\": {\"error\":{\"reason\":\"RECORDING_NOT_FOUND\",\"status\":\"NOT_FOUND\"}},\n",
        "  \"third\": {\"error\":{\"reason\":\"INVALID_CREDENTIALS\",\"status\":\"UNAUTHENTICATED\"}},\n",
        "  \"level\": \"error\"\n",
        "}\n",
    );
    let mut log = String::from(
        "started\n{\"error\":{\"reason\":\"CALL_NOT_FOUND\",\"status\":\"NOT_FOUND\"}}\n",
    );
    log.push_str(&record.repeat(SIZE / record.len()));
    let path = dir.path().join("records.log");
    std::fs::write(&path, &log).expect("write");
    let one = summary(&path, "1", true);
    for threads in ["2", "3", "4"] {
        assert_eq!(summary(&path, threads, true), one, "-j {threads}");
    }
}

#[test]
fn the_verdict_on_a_file_without_errors_is_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "2026-11-24T00:00:00Z INFO call answered in 120 ms\n";
    let lines = SIZE / line.len();
    let plain = dir.path().join("plain.log");
    std::fs::write(&plain, line.repeat(lines)).expect("write");
    // A page whose title comes only in the last part.
    let mut page = line.repeat(lines / 2);
    page.push_str("<!doctype html>\n");
    page.push_str(&line.repeat(lines / 2));
    page.push_str("<title>502 Bad Gateway</title>\n");
    let html = dir.path().join("page.log");
    std::fs::write(&html, page).expect("write");
    for (path, says) in [
        (&plain, format!("no VoIPbin error in {lines} lines")),
        (&html, "('502 Bad Gateway')".to_owned()),
    ] {
        let one = summary(path, "1", false);
        assert!(one.1.contains(&says), "{}", one.1);
        for threads in ["2", "3"] {
            assert_eq!(summary(path, threads, false), one, "-j {threads}");
        }
    }
}

#[test]
fn threads_must_be_a_positive_number() {
    voiperr()
        .args(["diagnose", "--summary", "-j", "0", "-"])
        .write_stdin("")
        .assert()
        .code(2);
}
