//! The benchmark inputs are read right: on a small file of each shape the
//! summary's counts are the generator's own (`bench/gen-*.py` write them).

use std::collections::BTreeMap;
use std::process::Command as Process;

use serde_json::Value;

use crate::common::voiperr;

fn counts_of(summary: &Value) -> BTreeMap<String, u64> {
    summary["reasons"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap_or_default().to_owned(),
                r["count"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn summaries_count_what_the_generators_wrote() {
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
    let dir = tempfile::tempdir().expect("tempdir");
    for (script, shape) in [
        ("gen-ndjson.py", None),
        ("gen-logs.py", Some("mixed")),
        ("gen-logs.py", Some("embedded")),
    ] {
        let out = dir
            .path()
            .join(format!("{}.log", shape.unwrap_or("ndjson")));
        let generated = Process::new("python3")
            .arg(bench.join(script))
            .args(shape)
            .arg(&out)
            .arg("1")
            .status()
            .expect("python3 runs");
        assert!(generated.success(), "{script} {shape:?}");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{}.expected.json", out.display()))
                .expect("expected counts"),
        )
        .expect("JSON");
        let run = voiperr()
            .args(["diagnose", "--summary", "--json"])
            .arg(&out)
            .output()
            .expect("runs");
        let summary: Value = serde_json::from_slice(&run.stdout).expect("summary JSON");
        let want: BTreeMap<String, u64> = expected["counts"]
            .as_object()
            .expect("counts")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or_default()))
            .collect();
        assert_eq!(counts_of(&summary), want, "{script} {shape:?}");
        assert_eq!(
            summary["total"], expected["envelopes"],
            "{script} {shape:?}"
        );
    }
}

/// `--summary` counts exactly the errors `--json` lists, one by one: on every
/// fixture (each client's real output among them) and on records whose
/// message is their only other error field (a summary once missed those).
#[test]
fn a_summary_counts_what_json_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let record = dir.path().join("record.ndjson");
    std::fs::write(
        &record,
        concat!(
            "{\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\"}\n",
            "{\"reason\":\"CALL_NOT_FOUND\",\"request_id\":\"r\"}\n",
            "{\"error\":{\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\"}}\n",
        ),
    )
    .expect("write");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = vec![record];
    for dir in [fixtures.clone(), fixtures.join("clients")] {
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 150, "{} fixtures", files.len());
    for file in &files {
        let listed = voiperr()
            .args(["diagnose", "--json"])
            .arg(file)
            .output()
            .expect("runs");
        let listed = String::from_utf8_lossy(&listed.stdout).lines().count();
        let summary = voiperr()
            .args(["diagnose", "--summary", "--json"])
            .arg(file)
            .output()
            .expect("runs");
        let summary: Value = serde_json::from_slice(&summary.stdout).expect("summary JSON");
        assert_eq!(
            summary["total"].as_u64(),
            Some(listed as u64),
            "{}",
            file.display()
        );
    }
}
