//! What a check's answer says about the diagnosis it was made for. Pure:
//! the answer comes in as bytes, the outcome goes out as data.

use std::collections::BTreeMap;

use serde_json::Value;

use super::plan::{Condition, FieldKind, Planned, Read, State, Verdict, plan};
use crate::diagnose::diagnose_first;
use crate::untrusted::Untrusted;

/// What the API answered to one GET, as the transport got it.
#[derive(Clone, Debug)]
pub enum Answer {
    /// A response, its body read whole.
    Response {
        status: u16,
        body: Vec<u8>,
        retry_after: Option<String>,
        /// A redirect's target host (the redirect is not followed).
        redirect_host: Option<String>,
    },
    /// A response whose body was larger than the transport reads.
    TooLarge { status: u16, limit: usize },
    /// No response: one sentence on why (a timeout, a refused connection).
    Failed(String),
}

impl Answer {
    pub fn status(&self) -> Option<u16> {
        match self {
            Answer::Response { status, .. } | Answer::TooLarge { status, .. } => Some(*status),
            Answer::Failed(_) => None,
        }
    }
}

/// Why checks stop for the rest of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A 429: the API limits this key's requests.
    RateLimited(Option<String>),
    /// A 401: the key was refused, so every other check would be too.
    KeyRefused,
    /// No answer at all (a timeout, a refused connection): the next would fare the same.
    Unreachable,
}

/// One check's result, for any output.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The check's id in `data/checks.json`.
    pub check: &'static str,
    /// The path requested, under the base's path: `/v1.0/calls/…` (no key).
    pub path: String,
    /// Whether this diagnosis's check sent the GET (not: an earlier check of
    /// the same resource answered it, or nothing was sent).
    pub sent: bool,
    pub http: Option<u16>,
    /// The state the answer puts the object in (`ended`, `unknown`…).
    pub state: Option<&'static str>,
    /// The deciding fields, as the API sent them.
    pub found: BTreeMap<&'static str, Untrusted>,
    pub verdict: Verdict,
    pub summary: String,
    /// Whether this answer stops the checks after it.
    pub stop: Option<Stop>,
}

/// The fields of a 200 answer, raw (for conditions) and as shown.
struct Fields {
    raw: BTreeMap<&'static str, Value>,
    shown: BTreeMap<&'static str, Untrusted>,
}

fn read_fields(read: &Read, object: &serde_json::Map<String, Value>) -> Fields {
    let mut raw = BTreeMap::new();
    let mut shown = BTreeMap::new();
    for field in &read.fields {
        let Some(value) = object.get(field.name) else {
            continue;
        };
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        let empty = text.is_empty()
            || (field.kind == FieldKind::Id && text.bytes().all(|b| b == b'0' || b == b'-'));
        if empty {
            continue;
        }
        let display = match field.kind {
            FieldKind::Time => to_the_second(&text),
            FieldKind::Micros => value.as_i64().map_or_else(|| text.clone(), dollars),
            FieldKind::Text | FieldKind::Id => text,
        };
        raw.insert(field.name, value.clone());
        shown.insert(field.name, Untrusted::new(&display));
    }
    Fields { raw, shown }
}

/// `2026-11-24T10:02:11.123456Z` as `2026-11-24 10:02:11Z`.
fn to_the_second(time: &str) -> String {
    let (date_time, zone) = match time
        .find(['Z', '+'])
        .or_else(|| time.rfind('-').filter(|at| *at > 10))
    {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let whole = date_time.split('.').next().unwrap_or(date_time);
    format!("{}{zone}", whole.replacen('T', " ", 1))
}

/// Millionths of a dollar as dollars: `1200000` is `1.20 USD`.
fn dollars(micros: i64) -> String {
    let cents = micros / 10_000;
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02} USD", cents.abs() / 100, cents.abs() % 100)
}

fn holds(condition: &Condition, fields: &Fields) -> bool {
    let value = fields.raw.get(condition.field);
    if let Some(set) = condition.set
        && set != value.is_some()
    {
        return false;
    }
    if let Some(values) = &condition.one_of
        && !value
            .and_then(Value::as_str)
            .is_some_and(|v| values.contains(&v))
    {
        return false;
    }
    if let Some(limit) = condition.below {
        // A missing number counts as zero (Go leaves a zero out with omitempty).
        let number = value.map_or(Some(0), Value::as_i64);
        if number.is_none_or(|n| n >= limit) {
            return false;
        }
    }
    true
}

/// `{field}` filled in; a `[…]` group (groups nest) is left out when a
/// field in it has no value, and a field outside any group shows as `?`.
fn fill(template: &str, fields: &BTreeMap<&'static str, Untrusted>) -> String {
    /// The text up to the `]` closing this level (or the end), and whether every field had a value.
    fn level(
        chars: &mut std::str::Chars,
        fields: &BTreeMap<&'static str, Untrusted>,
    ) -> (String, bool) {
        let mut out = String::new();
        let mut whole = true;
        while let Some(c) = chars.next() {
            match c {
                ']' => break,
                '[' => {
                    let (inner, complete) = level(chars, fields);
                    if complete {
                        out.push_str(&inner);
                    }
                }
                '{' => {
                    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    match fields.get(name.as_str()) {
                        Some(value) => out.push_str(&value.to_string()),
                        None => {
                            whole = false;
                            out.push('?');
                        }
                    }
                }
                c => out.push(c),
            }
        }
        (out, whole)
    }
    level(&mut template.chars(), fields).0
}

/// What the catalog says of an error answer: its reason, and the first
/// sentence of the field note or cause that explains it.
struct ErrorReading {
    reason: Option<&'static str>,
    said: String,
    facts: Vec<(&'static str, Untrusted)>,
}

fn read_error(path: &str, status: u16, retry_after: Option<&str>, body: &[u8]) -> ErrorReading {
    // The answer as curl -v would show it, read by the same diagnosis as any input.
    let header = retry_after.map_or_else(String::new, |s| {
        format!("< Retry-After: {}\n", s.replace(['\r', '\n'], " "))
    });
    let mut transcript =
        format!("> GET {path} HTTP/1.1\n< HTTP/1.1 {status}\n{header}<\n").into_bytes();
    transcript.extend_from_slice(body);
    transcript.push(b'\n');
    let diagnoses = diagnose_first(&transcript, usize::MAX).0;
    let Some(d) = diagnoses.first() else {
        return ErrorReading {
            reason: None,
            said: format!("HTTP {status}"),
            facts: Vec::new(),
        };
    };
    let reason = d.reason.map(|r| r.name());
    let explained = d
        .field_notes
        .first()
        .map(|note| note.says().to_owned())
        .or_else(|| d.reason.map(|r| first_sentence(&r.cause_on_server())));
    let name = reason.map_or_else(
        || {
            d.reason_name
                .as_ref()
                .map_or_else(String::new, |n| format!(" {n}"))
        },
        |name| format!(" {name}"),
    );
    // The code is shown before it (`→ 404`); the reading starts at the reason.
    let said = match explained {
        Some(text) => format!("{}: {}", name.trim(), text.trim_end_matches('.')),
        None if name.is_empty() => format!("HTTP {status}"),
        None => name.trim().to_owned(),
    };
    ErrorReading {
        reason,
        said,
        facts: d.facts.iter().map(|f| (f.key, f.value.clone())).collect(),
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(at) => text[..=at].to_owned(),
        None => text.to_owned(),
    }
}

/// The state of a 200 answer: the read's states, then the check's, in order.
fn state_of<'s>(states: impl Iterator<Item = &'s State>, fields: &Fields) -> Option<&'s State> {
    states
        .into_iter()
        .find(|s| s.when.iter().all(|c| holds(c, fields)))
}

/// Judges one answer to `planned`'s GET of `path` (the base's path and the read's).
pub fn judge(planned: &Planned, path: &str, answer: &Answer, base_host: &str) -> Outcome {
    let plan = plan();
    let read = planned.read;
    let mut outcome = Outcome {
        check: planned.check.id,
        path: path.to_owned(),
        sent: true,
        http: answer.status(),
        state: None,
        found: BTreeMap::new(),
        verdict: Verdict::Inconclusive,
        summary: String::new(),
        stop: None,
    };
    let (found_text, state) = match answer {
        Answer::Failed(why) => (why.clone(), None),
        Answer::TooLarge { status, limit } => (
            format!(
                "HTTP {status}, with a body over {} KiB: not read",
                limit / 1024
            ),
            None,
        ),
        Answer::Response {
            status: 200, body, ..
        } => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => {
                let fields = read_fields(read, &object);
                let state = state_of(read.states.iter().chain(&planned.check.states), &fields);
                let text = fill(state.map_or(read.otherwise, |s| s.says), &fields.shown);
                outcome.found = fields.shown;
                (text, Some(state.map_or("exists", |s| s.state)))
            }
            _ => (
                "HTTP 200, but the body is not a JSON object: not the VoIPbin API?".to_owned(),
                None,
            ),
        },
        Answer::Response {
            status,
            redirect_host,
            ..
        } if (300..400).contains(status) => (
            format!(
                "HTTP {status}, a redirect{}: voiperr follows no redirect, so the key goes nowhere else",
                redirect_host
                    .as_deref()
                    .map_or_else(String::new, |h| format!(" to {}", Untrusted::new(h)))
            ),
            None,
        ),
        Answer::Response {
            status,
            body,
            retry_after,
            ..
        } => {
            let reading = read_error(path, *status, retry_after.as_deref(), body);
            if let Some(reason) = reading.reason {
                outcome
                    .found
                    .insert("reason", Untrusted::from_static(reason));
            }
            for (key, value) in reading.facts {
                outcome.found.insert(key, value);
            }
            let mut text = reading.said;
            match status {
                401 => {
                    outcome.stop = Some(Stop::KeyRefused);
                    text.push_str(": the access key was refused; check VN_ACCESS_KEY or the profile's access_key in ~/.vn/config.yaml");
                }
                429 => {
                    outcome.stop = Some(Stop::RateLimited(retry_after.clone()));
                    text.push_str(": no more checks are sent this run");
                }
                _ => {}
            }
            let state = plan
                .answers
                .iter()
                .find(|rule| {
                    rule.http == *status && rule.reason.is_none_or(|r| reading.reason == Some(r))
                })
                .map(|rule| rule.state);
            (text, state)
        }
    };
    outcome.state = state;
    let verdicts = plan.verdicts(planned.check);
    let (verdict, why) = state
        .and_then(|state| verdicts.and_then(|v| v.get(state).or_else(|| v.get("*"))))
        .copied()
        .unwrap_or((
            Verdict::Inconclusive,
            "this answer does not decide the diagnosis",
        ));
    let noun = read.what.strip_prefix("the ").unwrap_or(read.what);
    let mut why = why
        .replace("{what}", read.what)
        .replace("{noun}", noun)
        .replace("{action}", &planned.action);
    outcome.verdict = verdict;
    if verdict != Verdict::Inconclusive
        && let Some(input_host) = &planned.input_host
        && input_host != base_host
    {
        // The same ID on another API may be another object.
        outcome.verdict = Verdict::Inconclusive;
        why = format!(
            "this cannot decide it: the failing request went to {}, the check to {base_host} (voiperr sends the key to its configured base only)",
            Untrusted::new(input_host)
        );
    }
    let end = if why.ends_with(['.', '?']) { "" } else { "." };
    outcome.summary = format!("{found_text} — {why}{end}");
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plan::plan;
    use crate::diagnose::diagnose_first;

    const ID: &str = "3b9f2c4e-8a1d-4e6f-9b2a-7c5d1e0f3a42";

    fn planned(transcript: &str) -> Planned {
        let d = diagnose_first(transcript.as_bytes(), usize::MAX).0;
        plan().for_diagnosis(&d[0]).expect("a check")
    }

    fn recording_start_500(host: &str) -> Planned {
        planned(&format!(
            "POST {host}/v1.0/calls/{ID}/recording_start -> 500 Internal Server Error body={{\"error\":{{\"status\":\"INTERNAL\",\"reason\":\"INTERNAL\",\"message\":\"x\"}}}}\n"
        ))
    }

    fn ok(body: &str) -> Answer {
        Answer::Response {
            status: 200,
            body: body.as_bytes().to_vec(),
            retry_after: None,
            redirect_host: None,
        }
    }

    fn error(status: u16, reason: &str) -> Answer {
        Answer::Response {
            status,
            body: format!("{{\"error\":{{\"status\":\"X\",\"reason\":\"{reason}\",\"message\":\"m\",\"request_id\":\"r\"}}}}").into_bytes(),
            retry_after: Some("17".to_owned()),
            redirect_host: None,
        }
    }

    #[test]
    fn an_ended_call_confirms_why_recording_start_failed() {
        let outcome = judge(
            &recording_start_500(""),
            "/v1.0/calls/x",
            &ok(
                r#"{"id":"x","status":"hangup","hangup_by":"remote","hangup_reason":"normal","tm_hangup":"2026-11-24T10:02:11.123456Z","recording_id":"00000000-0000-0000-0000-000000000000"}"#,
            ),
            "api.voipbin.net",
        );
        assert_eq!(outcome.verdict, Verdict::Confirms);
        assert_eq!(outcome.state, Some("ended"));
        assert_eq!(
            outcome.summary,
            "status hangup since 2026-11-24 10:02:11Z (hangup by remote, normal) — the call had ended, which is why recording_start failed: a retry will not help."
        );
        assert!(
            !outcome.found.contains_key("recording_id"),
            "the nil UUID is no value"
        );
    }

    #[test]
    fn a_call_still_recording_confirms_and_a_live_one_leaves_it_open() {
        let recording = judge(
            &recording_start_500(""),
            "/p",
            &ok(&format!(
                r#"{{"status":"progressing","recording_id":"{ID}"}}"#
            )),
            "h",
        );
        assert_eq!(
            (recording.verdict, recording.state),
            (Verdict::Confirms, Some("recording"))
        );
        let live = judge(
            &recording_start_500(""),
            "/p",
            &ok(r#"{"status":"progressing"}"#),
            "h",
        );
        assert_eq!(
            (live.verdict, live.state),
            (Verdict::Inconclusive, Some("live"))
        );
    }

    #[test]
    fn error_answers_are_read_with_the_catalog() {
        let p = recording_start_500("");
        let unknown = judge(
            &p,
            &format!("/v1.0/calls/{ID}"),
            &error(404, "CALL_NOT_FOUND"),
            "h",
        );
        assert_eq!(unknown.state, Some("unknown"));
        assert!(
            unknown.summary.starts_with("CALL_NOT_FOUND: "),
            "{}",
            unknown.summary
        );
        let deleted = judge(
            &p,
            &format!("/v1.0/calls/{ID}"),
            &error(409, "STATE_INVALID"),
            "h",
        );
        assert_eq!(deleted.state, Some("deleted"));
        assert!(deleted.summary.contains("deleted"), "{}", deleted.summary);
        let refused = judge(&p, "/p", &error(401, "INVALID_CREDENTIALS"), "h");
        assert_eq!(refused.stop, Some(Stop::KeyRefused));
        assert!(
            refused.summary.contains("VN_ACCESS_KEY"),
            "{}",
            refused.summary
        );
        let limited = judge(&p, "/p", &error(429, "RATE_LIMIT_EXCEEDED"), "h");
        assert_eq!(limited.stop, Some(Stop::RateLimited(Some("17".to_owned()))));
        assert_eq!(limited.verdict, Verdict::Inconclusive);
    }

    #[test]
    fn another_host_in_the_input_leaves_the_verdict_open() {
        let p = recording_start_500("https://api.staging.example");
        let outcome = judge(&p, "/p", &ok(r#"{"status":"hangup"}"#), "api.voipbin.net");
        assert_eq!(outcome.verdict, Verdict::Inconclusive);
        assert!(
            outcome.summary.contains("api.staging.example"),
            "{}",
            outcome.summary
        );
    }

    #[test]
    fn balances_are_compared_in_micros_and_shown_in_dollars() {
        let p = planned(
            "> POST /v1.0/numbers HTTP/1.1\n< HTTP/1.1 500 Internal Server Error\n\n{\"error\":{\"status\":\"INTERNAL\",\"reason\":\"INTERNAL\",\"message\":\"x\"}}\n",
        );
        let low = judge(
            &p,
            "/p",
            &ok(r#"{"plan_type":"basic","balance_credit":1200000,"balance_token":0}"#),
            "h",
        );
        assert_eq!((low.verdict, low.state), (Verdict::Confirms, Some("low")));
        assert_eq!(low.found["balance_credit"].redacted(), "1.20 USD");
        let enough = judge(
            &p,
            "/p",
            &ok(r#"{"plan_type":"basic","balance_credit":9000000}"#),
            "h",
        );
        assert_eq!(enough.verdict, Verdict::Contradicts);
        let unlimited = judge(
            &p,
            "/p",
            &ok(r#"{"plan_type":"unlimited","balance_credit":0}"#),
            "h",
        );
        assert_eq!(unlimited.state, Some("unlimited"));
    }

    #[test]
    fn what_the_api_answers_reaches_the_summary_inert() {
        let hostile =
            ok(r#"{"status":"hangup\u001b[2J\u202e","hangup_by":"remote\r\nVerdict confirms"}"#);
        let outcome = judge(&recording_start_500(""), "/p", &hostile, "h");
        assert!(
            !outcome.summary.chars().any(crate::untrusted::is_dangerous),
            "{:?}",
            outcome.summary
        );
        let redirect = Answer::Response {
            status: 302,
            body: Vec::new(),
            retry_after: None,
            redirect_host: Some("evil\u{1b}]0;x\u{7}.example".to_owned()),
        };
        let outcome = judge(&recording_start_500(""), "/p", &redirect, "h");
        assert!(!outcome.summary.chars().any(crate::untrusted::is_dangerous));
    }

    #[test]
    fn templates_leave_out_groups_without_values() {
        let mut fields = BTreeMap::new();
        fields.insert("status", Untrusted::new("hangup"));
        assert_eq!(
            fill(
                "status {status}[ since {tm_hangup}][ (by {hangup_by}[, {why}])]",
                &fields
            ),
            "status hangup"
        );
        fields.insert("hangup_by", Untrusted::new("remote"));
        assert_eq!(
            fill("[(by {hangup_by}[, {why}])] {gone}", &fields),
            "(by remote) ?"
        );
        assert_eq!(
            to_the_second("2026-11-24T10:02:11+09:00"),
            "2026-11-24 10:02:11+09:00"
        );
        assert_eq!(dollars(-25_000), "-0.02 USD");
    }
}
