//! The record rule as a property (issue 30): a log of many failed calls is
//! diagnosed as the concatenation of its calls diagnosed one by one, and
//! two views of one call are one diagnosis. Records come from every
//! captured client transcript and from generators of JSON log records,
//! logfmt, arrow lines, bare envelopes and curl exchanges, each with its
//! own request ID and path, joined by newlines (or none after a complete
//! JSON body, as `curl -si … >> log` leaves it), with unrelated lines and
//! time and level prefixes between. In-process for thousands of cases a
//! run, then through the binary with one thread and several.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use voiperr::diagnose::scan::{Event, Scanner};
use voiperr::diagnose::{Diagnosis, Kind, diagnose_first, summary_key};

/// Every diagnosis of `input`, read as `voiperr diagnose` reads it.
fn every_diagnosis(input: &[u8]) -> Vec<Diagnosis> {
    diagnose_first(input, usize::MAX).0
}

use crate::common::voiperr;

/// The transcripts, with their request IDs and call ID as placeholders, so
/// each copy gets its own (of the same length: `Content-Length` stays true).
static TRANSCRIPTS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clients");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("transcripts")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("transcript"))
        .collect()
});

/// The request IDs and the call ID the transcripts were captured with.
const CAPTURED_IDS: [&str; 5] = [
    "req_call404",
    "req_rl429",
    "req_frozen",
    "req_int500",
    "0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a",
];

/// `text` with every captured ID made this record's own (`n`), each the
/// length it was: its last digits are `n`.
fn own_ids(text: &[u8], n: usize) -> Vec<u8> {
    let mut out = text.to_vec();
    for id in CAPTURED_IDS {
        let digits = if id.len() > 30 { 12 } else { 3 };
        let own = format!("{}{n:0digits$x}", &id[..id.len() - digits]);
        out = replace(&out, id.as_bytes(), own.as_bytes());
    }
    out
}

fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = memchr::memmem::find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// A failed call as a generator writes it.
#[derive(Clone, Debug)]
struct Call {
    method: &'static str,
    /// A path with `{ID}` for the record's own ID.
    path: &'static str,
    code: u16,
    reason: &'static str,
    status: &'static str,
    retry_after: Option<u8>,
}

fn call() -> impl Strategy<Value = Call> {
    let answers = prop::sample::select(vec![
        (404, "CALL_NOT_FOUND", "NOT_FOUND"),
        (404, "FLOW_NOT_FOUND", "NOT_FOUND"),
        (429, "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED"),
        (403, "PERMISSION_DENIED", "PERMISSION_DENIED"),
        (401, "INVALID_CREDENTIALS", "UNAUTHENTICATED"),
        (409, "CALL_ALREADY_HANGUP", "FAILED_PRECONDITION"),
        (500, "INTERNAL", "INTERNAL"),
        (400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"),
    ]);
    let routes = prop::sample::select(vec![
        ("POST", "/v1.0/calls/{ID}/hangup"),
        ("GET", "/v1.0/calls/{ID}"),
        ("GET", "/v1.0/flows/{ID}"),
        ("POST", "/v1.0/calls"),
        ("DELETE", "/v1.0/queues/{ID}"),
        ("GET", "/v1.0/agents"),
    ]);
    (answers, routes, prop::option::of(1u8..60)).prop_map(
        |((code, reason, status), (method, path), retry_after)| Call {
            method,
            path,
            code,
            reason,
            status,
            retry_after: retry_after.filter(|_| code == 429),
        },
    )
}

fn phrase(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    }
}

/// How a generated call is written.
#[derive(Clone, Copy, Debug)]
enum Form {
    JsonRecord,
    Logfmt,
    Arrow,
    Envelope,
    CurlV,
    CurlSi,
}

/// A time and level prefix, or none.
fn prefix() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "",
        "2026-11-24T10:07:00Z ERROR ",
        "2026-11-24 10:07:00,845 WARNING voipbin.client: ",
        "2026-11-24 05:07:00 -0500 ",
        "2026/11/24 10:07:00 ",
        "Nov 24 10:07:00 api-1 app[42]: ",
        "ERROR:voipbin.client:",
        "[2026-11-24 10:07:00] production.ERROR: ",
    ])
}

/// One record to compose: its text, whether its first line has a time
/// of its own, and where it came from (for failure messages).
#[derive(Clone, Debug)]
struct Piece {
    text: Vec<u8>,
    stamped: bool,
    from: String,
}

/// A record template: a transcript (by index) or a generated call.
#[derive(Clone, Debug)]
enum Template {
    Transcript(usize),
    Generated(Call, Form, &'static str),
}

fn template() -> impl Strategy<Value = Template> {
    let forms = prop::sample::select(vec![
        Form::JsonRecord,
        Form::Logfmt,
        Form::Arrow,
        Form::Envelope,
        Form::CurlV,
        Form::CurlSi,
    ]);
    prop_oneof![
        (0..TRANSCRIPTS.len()).prop_map(Template::Transcript),
        (call(), forms, prefix()).prop_map(|(c, f, p)| Template::Generated(c, f, p)),
    ]
}

impl Template {
    /// The record, with IDs of its own (`n`).
    fn piece(&self, n: usize) -> Piece {
        match self {
            Template::Transcript(at) => Piece {
                text: own_ids(&TRANSCRIPTS[*at], n),
                stamped: false,
                from: format!("transcript {at}"),
            },
            Template::Generated(call, form, prefix) => {
                let id = format!("req_g{n}");
                let path = call
                    .path
                    .replace("{ID}", &format!("{n:08x}-aaaa-4aaa-8aaa-aaaaaaaaaaaa"));
                let url = format!("https://api.voipbin.net{path}");
                let envelope = format!(
                    r#"{{"error":{{"status":"{}","reason":"{}","message":"m {n}","request_id":"{id}"}}}}"#,
                    call.status, call.reason
                );
                let (code, phrase) = (call.code, phrase(call.code));
                let retry = call.retry_after;
                let text = match form {
                    Form::JsonRecord => {
                        let retry =
                            retry.map_or(String::new(), |r| format!(r#","retry_after":{r}"#));
                        format!(
                            "{prefix}{{\"time\":\"2026-11-24T10:07:00Z\",\"level\":\"error\",\"method\":\"{}\",\"url\":\"{url}\",\"status\":{code}{retry},\"body\":{}}}\n",
                            call.method,
                            serde_json::to_string(&envelope).expect("a string")
                        )
                    }
                    Form::Logfmt => {
                        let retry = retry.map_or(String::new(), |r| format!(" retry_after={r}"));
                        format!(
                            "{prefix}level=error status={code} reason={} request_id={id} method={} url={url}{retry}\n",
                            call.reason, call.method
                        )
                    }
                    Form::Arrow => {
                        let retry = retry.map_or("None".to_owned(), |r| r.to_string());
                        format!(
                            "{prefix}{} {url} -> {code} {phrase}; retry-after={retry} body='{envelope}'\n",
                            call.method
                        )
                    }
                    Form::Envelope => format!("{prefix}{envelope}\n"),
                    Form::CurlV => {
                        let retry =
                            retry.map_or(String::new(), |r| format!("< Retry-After: {r}\n"));
                        format!(
                            "> {} {path} HTTP/1.1\n> Host: api.voipbin.net\n>\n< HTTP/1.1 {code} {phrase}\n< X-Request-Id: {id}\n{retry}<\n{envelope}\n",
                            call.method
                        )
                    }
                    // No newline after the body, as `curl -si` writes it.
                    Form::CurlSi => {
                        let retry =
                            retry.map_or(String::new(), |r| format!("Retry-After: {r}\r\n"));
                        format!(
                            "HTTP/1.1 {code} {phrase}\r\nContent-Type: application/json\r\nX-Request-Id: {id}\r\n{retry}Content-Length: {}\r\n\r\n{envelope}",
                            envelope.len()
                        )
                    }
                };
                Piece {
                    text: text.into_bytes(),
                    stamped: !prefix.is_empty()
                        && voiperr::diagnose::prefix::peel(prefix).stamp.is_some(),
                    from: format!("{form:?} {prefix:?}"),
                }
            }
        }
    }
}

/// How two records are joined.
#[derive(Clone, Copy, Debug)]
enum Join {
    Newline,
    /// No newline, when the first ends with a complete JSON document.
    Glued,
    /// An unrelated line between.
    Unrelated,
    /// A JSON log record between (a record of its own, with no error).
    Record,
    /// A time-stamped log line between, before a record that starts as
    /// one does on a line of its own (an exception after it would be its).
    Logged,
    Blank,
}

fn join() -> impl Strategy<Value = Join> {
    prop::sample::select(vec![
        Join::Newline,
        Join::Glued,
        Join::Glued,
        Join::Unrelated,
        Join::Record,
        Join::Logged,
        Join::Blank,
    ])
}

/// Lines as the scanner counts them.
fn lines(text: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', text).count() as u64;
    newlines + u64::from(text.last().is_some_and(|b| *b != b'\n'))
}

/// What a diagnosis says, as the property compares it: what it is, the
/// call it names, its advice, and its lines (shifted by `offset`).
fn said(d: &Diagnosis, offset: u64) -> Value {
    let text =
        |t: &Option<voiperr::untrusted::Untrusted>| t.as_ref().map(|t| t.redacted().to_owned());
    serde_json::json!({
        "kind": d.kind.key(),
        "reason": text(&d.reason_name),
        "http": d.http(),
        "request": text(&d.request_line),
        "request_id": text(&d.request_id),
        "retry_after": d.facts.iter().find(|f| f.key == "retry_after").map(|f| f.value.redacted().to_owned()),
        "summary": d.summary,
        "warnings": d.warnings,
        "steps": d.steps,
        "lines": [d.from + offset, d.line + offset],
    })
}

/// Whether two records, read one after the other, may be one call by what
/// they say (so a reader could not tell them apart): a status shown alone
/// and a call with the same code, a status and a body shown after it
/// without one, the same error twice. Such records get a separating line.
/// `b_begins_with_body`: the second's first line is a body (JSON, HTML).
fn may_be_one(a: &Diagnosis, b: &Diagnosis, b_begins_with_body: bool) -> bool {
    let same_request = match (&a.request, &b.request) {
        (Some(x), Some(y)) => x.path() == y.path(),
        _ => true,
    };
    let same_id = match (&a.request_id, &b.request_id) {
        (Some(x), Some(y)) => x.redacted() == y.redacted(),
        _ => true,
    };
    let brief = |d: &Diagnosis| matches!(d.kind, Kind::StatusOnly | Kind::EmptyBody);
    let bodiless = |d: &Diagnosis| d.http_line.is_none();
    same_request
        && same_id
        && (a.http() == b.http() && (brief(a) || brief(b))
            || brief(a) && (bodiless(b) || b_begins_with_body)
            || bodiless(a) && brief(b)
            // The same error or page again.
            || a.kind == b.kind
                && a.http() == b.http()
                && a.reason_name.as_ref().map(|r| r.redacted())
                    == b.reason_name.as_ref().map(|r| r.redacted()))
}

/// Whether a record's first line that is not blank is a status code alone.
fn begins_with_code(text: &[u8]) -> bool {
    first_line(text).is_some_and(|l| l.len() == 3 && l.iter().all(u8::is_ascii_digit))
}

/// A record's first line that is not blank.
fn first_line(text: &[u8]) -> Option<&[u8]> {
    text.split(|b| *b == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|l| !l.is_empty())
}

/// Whether a record's first line that is not blank is a body.
fn begins_with_body(text: &[u8]) -> bool {
    first_line(text)
        .is_some_and(|l| l.starts_with(b"{") || l.starts_with(b"<") || l.starts_with(b"["))
}

/// Records joined into one log, what each says alone (shifted to where it
/// lands), and how the log was made (for a failure's message).
fn compose(templates: &[(Template, Join)]) -> (Vec<u8>, Vec<Value>, Vec<String>) {
    let mut log: Vec<u8> = Vec::new();
    let mut expected = Vec::new();
    let mut made = Vec::new();
    // The record before: what it says alone, and whether it is one line
    // with a time of its own.
    let mut before: Option<(Vec<Diagnosis>, bool)> = None;
    for (n, (template, join)) in templates.iter().enumerate() {
        let piece = template.piece(n);
        let alone = every_diagnosis(&piece.text);
        let own_time = piece.stamped && lines(&piece.text) == 1;
        let mut join = *join;
        let one = match (&before, alone.first()) {
            (Some((a, a_own_time)), Some(b)) => a.last().is_none_or(|a| {
                !(*a_own_time && own_time) && may_be_one(a, b, begins_with_body(&piece.text))
            }),
            _ => false,
        };
        // A code alone (`curl -w`) after text is that text's code.
        let one = one || before.is_some() && begins_with_code(&piece.text);
        if one {
            // The two may be one call by what they say (or the first, a log
            // line with no call, may be the time of the second): a record between.
            join = Join::Record;
        }
        // The last line so far is a whole JSON document with no newline yet.
        let open_document = log.last().is_some_and(|b| *b != b'\n')
            && log
                .rsplit(|b| *b == b'\n')
                .next()
                .is_some_and(|l| l.starts_with(b"{") && l.ends_with(b"}"));
        // A record that begins as one does on a line of its own.
        let text = &piece.text;
        let starts_alone = text.starts_with(b"HTTP/")
            || text.starts_with(b"{")
            || voiperr::diagnose::prefix::peel(&String::from_utf8_lossy(text))
                .stamp
                .is_some();
        if !log.is_empty() {
            match join {
                Join::Glued if open_document && starts_alone => {}
                Join::Unrelated => log.extend_from_slice(b"\nworker: tick\n"),
                Join::Logged if starts_alone || text.starts_with(b"> ") => {
                    log.extend_from_slice(b"\n2026-11-24T11:00:00Z INFO app: next test\n")
                }
                Join::Record => log.extend_from_slice(
                    b"\n{\"time\":\"2026-11-24T11:00:00Z\",\"level\":\"info\",\"msg\":\"next test\"}\n",
                ),
                Join::Blank => log.extend_from_slice(b"\n\n"),
                _ => log.push(b'\n'),
            }
        }
        // Glued to the line before, the record's first line is that line.
        let glued = log.last().is_some_and(|b| *b != b'\n');
        let offset = lines(&log) - u64::from(glued);
        log.extend_from_slice(piece.text.strip_suffix(b"\n").unwrap_or(&piece.text));
        expected.extend(alone.iter().map(|d| said(d, offset)));
        made.push(format!("{} ({join:?}) at line {}", piece.from, offset + 1));
        before = Some((alone, own_time));
    }
    log.push(b'\n');
    (log, expected, made)
}

/// How many errors a summary counts in `input`, read leanly as `--summary` does.
fn summary_count(input: &[u8]) -> usize {
    let mut count = 0;
    let mut sink = |event: Event<'_>| {
        if let Event::Error {
            found, exchange, ..
        } = event
        {
            count += usize::from(summary_key(&found, exchange).is_some());
        }
        Ok(())
    };
    let mut scanner =
        Scanner::new(&mut sink as &mut dyn FnMut(Event<'_>) -> std::io::Result<()>).lean();
    scanner.feed(input).expect("no I/O");
    scanner.finish().expect("no I/O");
    drop(scanner);
    count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// A log is the concatenation of its records.
    #[test]
    fn a_log_is_diagnosed_as_its_records_one_by_one(
        records in prop::collection::vec((template(), join()), 1..6),
    ) {
        let (log, expected, made) = compose(&records);
        let got: Vec<Value> = every_diagnosis(&log).iter().map(|d| said(d, 0)).collect();
        prop_assert_eq!(&got, &expected, "{:#?}\n{}", made, String::from_utf8_lossy(&log));
        prop_assert_eq!(summary_count(&log), expected.len(), "{:#?}", made);
    }
}

/// A client's line that names a call's status and shows nothing else of
/// it, before or after the call shown whole.
#[derive(Clone, Copy, Debug)]
enum Brief {
    /// HTTPie's `http: warning: HTTP 404 Not Found` (on stderr: before or after).
    Warning,
    /// curl -f's `curl: (22) The requested URL returned error: 404`.
    CurlFail,
    /// A response hook's `POST <url> - Status 404`.
    Hook,
    /// The exception for the response: `…HTTPError: 404 Client Error: … for url: <url>`.
    Exception,
    /// wget's `2026-11-24 10:00:00 ERROR 404: Not Found.`, after the call.
    Wget,
}

impl Brief {
    fn line(self, call: &Call, url: &str) -> String {
        let (code, phrase) = (call.code, phrase(call.code));
        match self {
            Brief::Warning => format!("http: warning: HTTP {code} {phrase}\n"),
            Brief::CurlFail => format!("curl: (22) The requested URL returned error: {code}\n"),
            Brief::Hook => format!("{} {url} - Status {code}\n", call.method),
            Brief::Exception => format!(
                "requests.exceptions.HTTPError: {code} Client Error: {phrase} for url: {url}\n"
            ),
            Brief::Wget => format!("2026-11-24 10:00:00 ERROR {code}: {phrase}.\n"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Two views of one call, a line that names its status alone and the
    /// call shown whole, in either order (with a blank line between or
    /// not), are one diagnosis: the whole call's, over both.
    #[test]
    fn two_views_of_one_call_are_its_one_diagnosis(
        call in call(),
        full in prop::sample::select(vec![Form::CurlV, Form::CurlSi, Form::Arrow, Form::JsonRecord]),
        brief in prop::sample::select(vec![Brief::Warning, Brief::CurlFail, Brief::Hook, Brief::Exception, Brief::Wget]),
        brief_first in any::<bool>(),
        blank in any::<bool>(),
    ) {
        // wget prints its line after the call; a stamped line and a call
        // with a time of its own are two records.
        let brief_first = brief_first && !matches!(brief, Brief::Wget);
        let prefix = if matches!(brief, Brief::Wget) { "" } else { "2026-11-24T10:07:00Z ERROR " };
        let prefix = if matches!(full, Form::Arrow | Form::JsonRecord) { prefix } else { "" };
        let whole = Template::Generated(call.clone(), full, prefix).piece(7);
        let url = format!(
            "https://api.voipbin.net{}",
            call.path.replace("{ID}", "00000007-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
        );
        let view = brief.line(&call, &url);
        let between = if blank { "\n" } else { "" };
        let mut whole_text = whole.text.clone();
        if !whole_text.ends_with(b"\n") {
            whole_text.push(b'\n');
        }
        let (log, offset) = match brief_first {
            true => ([view.as_bytes(), between.as_bytes(), &whole_text].concat(), lines(view.as_bytes()) + u64::from(blank)),
            false => ([&whole_text, between.as_bytes(), view.as_bytes()].concat(), 0),
        };
        let alone = every_diagnosis(&whole_text);
        prop_assert_eq!(alone.len(), 1);
        let mut expected = said(&alone[0], offset);
        expected["lines"][0] = 1.into();
        let got: Vec<Value> = every_diagnosis(&log).iter().map(|d| said(d, 0)).collect();
        prop_assert_eq!(&got, &vec![expected], "{}", String::from_utf8_lossy(&log));
        prop_assert_eq!(summary_count(&log), 1);
    }
}

/// What a `--json` line says, as [`said`] puts a diagnosis.
fn said_json(d: &Value) -> Value {
    serde_json::json!({
        "kind": d["kind"],
        "reason": d["reason"],
        "http": d["http"],
        "request": d["request"]["line"],
        "request_id": d["request_id"],
        "retry_after": d["facts"]["retry_after"],
        "summary": d["summary"],
        "warnings": d["warnings"],
        "steps": d["next_steps"],
        "lines": [d["from"], d["line"]],
    })
}

/// The property at scale, through the binary: thousands of records in one
/// log of 13 MiB (parts of at least 4 MiB: three for `-j 3`), listed by
/// `--json` as each alone, and counted by `--summary` alike with one thread
/// and three, with a time filter or none.
#[test]
fn a_large_log_is_its_records_with_one_thread_and_several() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec((template(), join()), 400..401);
    let mut log = Vec::new();
    let mut expected = Vec::new();
    let mut records = 0;
    while log.len() < 13 << 20 {
        let batch = strategy.new_tree(&mut runner).expect("records").current();
        let (text, said, _) = compose(&batch);
        let offset = lines(&log);
        expected.extend(said.into_iter().map(|mut s| {
            for at in 0..2 {
                let n = s["lines"][at].as_u64().expect("a line");
                s["lines"][at] = (n + offset).into();
            }
            s
        }));
        log.extend_from_slice(&text);
        records += batch.len();
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("calls.log");
    std::fs::write(&path, &log).expect("write");
    let out = voiperr()
        .args(["diagnose", "--json"])
        .arg(&path)
        .output()
        .expect("runs");
    let listed: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| said_json(&serde_json::from_str(l).expect("a JSON line")))
        .collect();
    assert!(records > 5_000, "{records} records");
    if let Some(at) = (0..listed.len().min(expected.len())).find(|&i| listed[i] != expected[i]) {
        panic!(
            "diagnosis {at}: {:#}\nwanted {:#}",
            listed[at], expected[at]
        );
    }
    assert_eq!(listed.len(), expected.len());
    for filter in [&[][..], &["--since", "2026-11-24"][..]] {
        let summary = |threads: &str| {
            let out = voiperr()
                .args([
                    "diagnose",
                    "--summary",
                    "--json",
                    "--top",
                    "1000",
                    "-j",
                    threads,
                ])
                .args(filter)
                .arg(&path)
                .output()
                .expect("runs");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let one = summary("1");
        let total = serde_json::from_str::<Value>(&one).expect("JSON")["total"].clone();
        if filter.is_empty() {
            assert_eq!(total, expected.len(), "{one}");
        }
        assert_eq!(summary("3"), one, "{filter:?}");
    }
}
