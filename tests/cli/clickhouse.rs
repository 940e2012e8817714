//! docs/pipeline.md's ClickHouse recipe, tested as written in chDB
//! (ClickHouse's engine as a Python package, which scripts/test installs
//! into a virtual environment): a few MB of the benchmark's mixed log go
//! through the rsyslog recipe and `diagnose --json`, the page's statements
//! create the tables and load them, and its two queries count what the
//! generator wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use crate::common::voiperr;
use crate::rsyslog::{Daemon, Site, bench_log, recipe};

/// The Python that has chDB: `VOIPERR_CHDB_PYTHON`, else the virtual
/// environment scripts/test makes in `~/.cache/voiperr/chdb-venv`.
fn chdb_python() -> PathBuf {
    let python = std::env::var_os("VOIPERR_CHDB_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
                });
            cache.join("voiperr/chdb-venv/bin/python")
        });
    let works = Process::new(&python)
        .args(["-c", "import chdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        works,
        "chDB is required: scripts/test installs it into ~/.cache/voiperr/chdb-venv ({} has none)",
        python.display()
    );
    python
}

/// Errors with a request and a time of their own, in three hours: the
/// benchmark's errors name neither.
const ROUTED: [(&str, &str, &str, u16); 3] = [
    ("POST", "/calls/{id}/hangup", "CALL_NOT_FOUND", 404),
    ("GET", "/flows/{id}", "FLOW_NOT_FOUND", 404),
    ("POST", "/calls", "RATE_LIMIT_EXCEEDED", 429),
];

fn routed_line(n: usize) -> (String, (String, String, String)) {
    let (method, route, reason, http) = ROUTED[n % 3];
    let hour = 10 + n / 7 % 3;
    let id = format!("0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c{n:04x}");
    let path = route.replace("{id}", &id);
    let line = format!(
        r#"2026-11-24T{hour:02}:{:02}:00Z ERROR {method} https://api.voipbin.net/v1.0{path} -> {http} Error body='{{"error":{{"reason":"{reason}","request_id":"req_{n}"}}}}'"#,
        n % 60
    );
    let key = (
        format!("2026-11-24 {hour:02}:00:00"),
        reason.to_owned(),
        format!("{method} {route}"),
    );
    (line, key)
}

#[test]
fn the_recipe_counts_by_reason_route_and_hour_and_joins_the_catalog() {
    let python = chdb_python();
    let site = Site::new();
    let (generated, mut by_reason) = bench_log(&site, 3);
    let unrouted = by_reason.clone();
    let mut per_hour: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut lines = Vec::new();
    for (n, line) in generated.iter().enumerate() {
        if n % 400 == 200 {
            let (routed, key) = routed_line(n / 400);
            *by_reason.entry(key.1.clone()).or_default() += 1;
            *per_hour.entry(key).or_default() += 1;
            lines.push(routed);
        }
        lines.push(line.to_owned());
    }

    // The rsyslog recipe's rows, diagnose --json's lines, the catalog.
    let data = site.path("data");
    std::fs::create_dir_all(&data).expect("data directory");
    site.append(&lines);
    let daemon = Daemon::start(&site, &site.configure(&recipe()[0]));
    site.wait_for(lines.len(), &daemon);
    daemon.stop();
    std::fs::copy(site.path("out/enriched.json"), data.join("enriched.json")).expect("copies");
    for (args, file) in [
        (vec!["diagnose", "--json"], "diagnoses.ndjson"),
        (vec!["list", "--all", "--format", "csv"], "catalog.csv"),
    ] {
        let out = voiperr()
            .args(&args)
            .args(args[0].eq("diagnose").then(|| site.path("app.log")))
            .output()
            .expect("runs");
        assert!(!out.stdout.is_empty(), "voiperr {args:?}");
        std::fs::write(data.join(file), &out.stdout).expect("writes");
    }

    let run = Process::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clickhouse/recipe.py"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/pipeline.md"))
        .arg(&data)
        .output()
        .expect("the recipe runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Value = serde_json::from_slice(&run.stdout).expect("JSON results");

    // Per hour: the routed errors in the hours they say; the benchmark's,
    // without a route, add up to the generator's counts.
    let mut routed_rows = BTreeMap::new();
    let mut unrouted_rows: BTreeMap<String, u64> = BTreeMap::new();
    for row in results["per_hour"].as_array().expect("rows") {
        let reason = row["reason"].as_str().expect("a reason").to_owned();
        let errors = row["errors"].as_u64().expect("a count");
        match row["route"].as_str() {
            Some(route) => {
                let hour = row["hour"].as_str().expect("an hour").to_owned();
                routed_rows.insert((hour, reason, route.to_owned()), errors);
            }
            None => *unrouted_rows.entry(reason).or_default() += errors,
        }
    }
    assert_eq!(routed_rows, per_hour);
    assert_eq!(unrouted_rows, unrouted);

    // With the catalog: every reason's count, and its resource where the catalog has it.
    let mut joined = BTreeMap::new();
    for row in results["with_catalog"].as_array().expect("rows") {
        let reason = row["reason"].as_str().expect("a reason").to_owned();
        let resource = row["resource"].as_str().expect("a resource");
        assert_eq!(
            resource.is_empty(),
            reason == "MADE_UP_REASON",
            "{reason}: resource '{resource}'"
        );
        joined.insert(reason, row["errors"].as_u64().expect("a count"));
    }
    assert_eq!(joined, by_reason);
}
