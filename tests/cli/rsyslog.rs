//! docs/pipeline.md's rsyslog recipe, run as written by Debian's rsyslogd
//! (`rsyslogd -n -f … -i …`, started here; scripts/test installs rsyslog):
//! lines appended to a log file come out of rsyslog enriched by
//! `voiperr enrich --rsyslog`, in order, none lost and none twice, also
//! across a restart of rsyslogd.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What the recipe names, and what it stands for in these tests.
const VOIPERR: &str = "/usr/local/bin/voiperr";
const APP_LOG: &str = "/var/log/app/app.log";
const ENRICHED: &str = "/var/log/voiperr/enriched.json";

fn rsyslogd() -> &'static str {
    ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"]
        .into_iter()
        .find(|path| Path::new(path).is_file())
        .expect("rsyslogd is required: apt-get install rsyslog (scripts/test does)")
}

/// The ```rsyslog blocks of docs/pipeline.md: the recipe, then the multi-line input.
pub fn recipe() -> Vec<String> {
    let page = include_str!("../../docs/pipeline.md");
    page.split("```rsyslog\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::to_owned)
        .collect()
}

/// A directory with the log, the enriched output and rsyslog's state.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The recipe with this site's paths, and rsyslog's work directory
    /// (the main rsyslog.conf sets it on a real host).
    pub fn configure(&self, recipe: &str) -> PathBuf {
        let work = self.path("work");
        std::fs::create_dir_all(&work).expect("work directory");
        for name in [VOIPERR, APP_LOG, ENRICHED] {
            assert!(recipe.contains(name), "the recipe no longer names {name}");
        }
        let text = recipe
            .replace(
                VOIPERR,
                assert_cmd::cargo::cargo_bin!("voiperr")
                    .to_str()
                    .expect("UTF-8 path"),
            )
            .replace(APP_LOG, self.path("app.log").to_str().expect("UTF-8 path"))
            .replace(
                ENRICHED,
                self.path("out/enriched.json").to_str().expect("UTF-8 path"),
            );
        let conf = self.path("rsyslog.conf");
        std::fs::write(
            &conf,
            format!("global(workDirectory=\"{}\")\n{text}", work.display()),
        )
        .expect("writes the configuration");
        conf
    }

    pub fn append(&self, lines: &[String]) {
        use std::io::Write;
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path("app.log"))
            .expect("opens the log");
        for line in lines {
            writeln!(log, "{line}").expect("appends");
        }
    }

    /// The rows rsyslog wrote so far.
    fn rows(&self) -> Vec<Value> {
        std::fs::read_to_string(self.path("out/enriched.json"))
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("every row is JSON"))
            .collect()
    }

    /// Waits until rsyslog has written `count` rows (and no more come).
    pub fn wait_for(&self, count: usize, daemon: &Daemon) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let rows = self.rows();
            if rows.len() >= count || started.elapsed() > Duration::from_secs(120) {
                std::thread::sleep(Duration::from_millis(300));
                let rows = self.rows();
                assert_eq!(
                    rows.len(),
                    count,
                    "rows written by rsyslog; its own output:\n{}",
                    daemon.output()
                );
                return rows;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A running `rsyslogd -n`.
pub struct Daemon {
    child: Child,
    log: PathBuf,
}

impl Daemon {
    pub fn start(site: &Site, conf: &Path) -> Daemon {
        let log = site.path("rsyslogd.out");
        let output = std::fs::File::create(&log).expect("rsyslogd's output file");
        let child = Process::new(rsyslogd())
            .arg("-n")
            .arg("-f")
            .arg(conf)
            .arg("-i")
            .arg(site.path("rsyslogd.pid"))
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("file"))
            .stderr(output)
            .spawn()
            .expect("rsyslogd starts");
        Daemon { child, log }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, as `systemctl restart rsyslog` sends it, then waits for it to end.
    pub fn stop(mut self) {
        let killed = Process::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = self.child.wait().expect("rsyslogd ends");
        assert!(status.success(), "rsyslogd: {status}; {}", self.output());
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn reason_counts<'a>(rows: impl Iterator<Item = &'a Value>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for row in rows {
        if let Some(reason) = row["voiperr"]["reason"].as_str() {
            *counts.entry(reason.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// The bench's mixed log of about `megabytes` MB, made in the site by
/// `bench/gen-logs.py`: its lines, and how many errors of each reason it holds.
pub fn bench_log(site: &Site, megabytes: u32) -> (Vec<String>, BTreeMap<String, u64>) {
    let log = site.path("mixed.log");
    let made = Process::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen-logs.py"))
        .arg("mixed")
        .arg(&log)
        .arg(megabytes.to_string())
        .status()
        .expect("python3 runs");
    assert!(made.success());
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.expected.json", log.display()))
            .expect("expected counts"),
    )
    .expect("JSON");
    let counts = expected["counts"]
        .as_object()
        .expect("counts")
        .iter()
        .map(|(reason, n)| (reason.clone(), n.as_u64().expect("a count")))
        .collect();
    let lines = std::fs::read_to_string(&log)
        .expect("generated")
        .lines()
        .map(str::to_owned)
        .collect();
    (lines, counts)
}

#[test]
fn the_recipe_enriches_every_line_in_order_across_restarts() {
    let site = Site::new();
    let (generated, mut want) = bench_log(&site, 1);
    // The bench's errors name no request: add some that do, with a credential.
    let mut lines: Vec<String> = Vec::new();
    for (n, line) in generated.iter().enumerate() {
        if n % 500 == 250 {
            lines.push(format!(
                r#"2026-11-24T10:00:00Z ERROR POST https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c{n:04x}/hangup?accesskey=SECRETKEY{n} -> 404 Not Found body='{{"error":{{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"gone","request_id":"req_{n}"}}}}'"#
            ));
            *want.entry("CALL_NOT_FOUND".to_owned()).or_default() += 1;
        }
        lines.push(line.to_owned());
    }
    let conf = site.configure(&recipe()[0]);
    let [first, second, third, fourth] = [
        lines.len() / 4,
        lines.len() / 2,
        3 * lines.len() / 4,
        lines.len(),
    ];

    // Lines written before rsyslogd starts, then while it runs.
    site.append(&lines[..first]);
    let daemon = Daemon::start(&site, &conf);
    site.wait_for(first, &daemon);
    site.append(&lines[first..second]);
    site.wait_for(second, &daemon);
    // Stopped while lines are still coming in; more come while it is down.
    site.append(&lines[second..third]);
    daemon.stop();
    site.append(&lines[third..fourth]);
    let daemon = Daemon::start(&site, &conf);
    let rows = site.wait_for(lines.len(), &daemon);
    daemon.stop();

    let messages: Vec<&str> = rows
        .iter()
        .map(|r| r["msg"].as_str().unwrap_or_default())
        .collect();
    assert!(
        messages == lines,
        "the rows are not the lines, in order, each once: first difference at {:?}",
        messages
            .iter()
            .zip(&lines)
            .position(|(row, line)| row != line)
    );
    assert_eq!(reason_counts(rows.iter()), want);
    for row in &rows {
        assert!(row["time"].as_str().is_some_and(|t| t.len() >= 20), "{row}");
        assert_eq!(row["tag"], "app");
        if let Some(fields) = row.get("voiperr") {
            assert!(
                fields["catalog"].as_str().is_some_and(|c| c.contains('/')),
                "{row}"
            );
            assert!(!fields.to_string().contains("SECRETKEY"), "{row}");
            if fields["request"].is_object() {
                assert_eq!(fields["request"]["path"], "/calls/{id}/hangup");
                assert_eq!(fields["http"], 404);
                assert_eq!(fields["retry"]["key"], "do_not_retry");
            }
        }
    }
}

/// With `startmsg.regex`, a record over several lines is one message, read
/// as one record: the request, status and body of a `curl -v` exchange together.
#[test]
fn startmsg_regex_makes_a_multi_line_record_one_message() {
    let site = Site::new();
    let blocks = recipe();
    let input = blocks[0]
        .lines()
        .find(|line| line.starts_with("input(type=\"imfile\""))
        .expect("the recipe's input");
    let conf = site.configure(&blocks[0].replace(input, blocks[1].trim_end()));
    let records = [
        "2026-11-24T10:00:00Z ERROR calling the API\n> POST /v1.0/calls HTTP/1.1\n> Host: api.voipbin.net\n< HTTP/1.1 429 Too Many Requests\n< Retry-After: 17\n{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"Rate limit exceeded.\"}}",
        "2026-11-24T10:00:01Z INFO call answered in 120 ms",
        "2026-11-24T10:00:02Z ERROR Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    r.raise_for_status()\nrequests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a",
    ];
    site.append(&records.map(str::to_owned));
    let daemon = Daemon::start(&site, &conf);
    let rows = site.wait_for(records.len(), &daemon);
    daemon.stop();
    for (row, record) in rows.iter().zip(records) {
        assert_eq!(row["msg"], record);
    }
    let curl = &rows[0]["voiperr"];
    assert_eq!(curl["reason"], "RATE_LIMIT_EXCEEDED");
    assert_eq!(curl["http"], 429);
    assert_eq!(curl["request"]["method"], "POST");
    assert_eq!(curl["request"]["path"], "/calls");
    assert!(
        curl["next_step"]
            .as_str()
            .is_some_and(|s| s.contains("17 seconds")),
        "{curl}"
    );
    assert!(rows[1].get("voiperr").is_none());
    assert_eq!(rows[2]["voiperr"]["http"], 404);
    assert_eq!(rows[2]["voiperr"]["request"]["path"], "/calls/{id}");
}
