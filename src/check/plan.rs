//! Which read confirms which diagnosis: `data/checks.json`, parsed the first
//! time `--check` needs it (a lookup never pays for it), and the pure rules
//! that pick a check for a diagnosis and judge what its GET answered.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnose::Diagnosis;
use crate::request_path::{Request, path_of};

/// The plan, as `data/checks.json` says it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub about: &'static str,
    /// The server commit the model lines were read at.
    pub commit: &'static str,
    pub reads: Vec<Read>,
    /// How an error answer to a check is read, whatever the read.
    pub answers: Vec<AnswerRule>,
    /// Verdicts several checks share, by name.
    pub verdict_sets: BTreeMap<&'static str, Verdicts>,
    pub checks: Vec<Check>,
}

/// One GET, the model struct it answers with, and how its fields classify the object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Read {
    pub key: &'static str,
    /// The path under the API base: `/calls/{id}` (the ID from the failed request) or `/customer`.
    pub get: &'static str,
    /// What it reads, in prose: `the call`.
    pub what: &'static str,
    /// The Go file of the struct the API answers with.
    pub model: &'static str,
    /// The fields that decide, with their lines in `model`.
    pub fields: Vec<Field>,
    /// The reason the GET answers for an unknown ID.
    #[serde(default)]
    pub not_found: Option<&'static str>,
    #[serde(default)]
    pub states: Vec<State>,
    /// What an object no state matched says.
    pub otherwise: &'static str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: &'static str,
    pub line: u32,
    #[serde(default)]
    pub kind: FieldKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    #[default]
    Text,
    /// An RFC 3339 time: shown to the second.
    Time,
    /// A UUID: the nil UUID is no value.
    Id,
    /// Millionths of a US dollar (the billing manager's unit).
    Micros,
}

/// A named state of the object read, when every condition holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub state: &'static str,
    pub when: Vec<Condition>,
    /// What was found, with `{field}` for a field's value; `[…]` is left out
    /// when a field in it has no value.
    pub says: &'static str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: &'static str,
    /// The field's value is one of these.
    #[serde(default, rename = "in")]
    pub one_of: Option<Vec<&'static str>>,
    /// The field has a value (or, false, has none).
    #[serde(default)]
    pub set: Option<bool>,
    /// The field is a number below this.
    #[serde(default)]
    pub below: Option<i64>,
}

/// An error answer to a check, as a state: `404` is `unknown`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRule {
    pub http: u16,
    #[serde(default)]
    pub reason: Option<&'static str>,
    pub state: &'static str,
}

/// A verdict and its reason, per state; `*` for any other state.
pub type Verdicts = BTreeMap<&'static str, (Verdict, &'static str)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Confirms,
    Contradicts,
    Inconclusive,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Confirms => "confirms",
            Verdict::Contradicts => "contradicts",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum VerdictsOrSet {
    Named(&'static str),
    Own(Verdicts),
}

/// Which diagnoses a check is for, what it reads, and what each state means for them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub id: &'static str,
    #[serde(default)]
    pub methods: Vec<&'static str>,
    /// Route patterns of the failed request (`/calls/{id}/*`); none: any path.
    #[serde(default)]
    pub paths: Vec<&'static str>,
    #[serde(default)]
    pub http: Vec<u16>,
    #[serde(default)]
    pub reasons: Vec<&'static str>,
    /// The reason must be the one the read's GET answers for an unknown ID.
    #[serde(default)]
    pub own_reason: bool,
    /// A read's key, or `named`: the read whose GET the failed request's path is under.
    pub read: &'static str,
    /// The server code that makes the diagnosis true, `file:lines`.
    #[serde(default)]
    pub source: Option<&'static str>,
    /// States of this check, tried after the read's own.
    #[serde(default)]
    pub states: Vec<State>,
    pub verdicts: VerdictsOrSet,
}

/// The plan, parsed once; a malformed `data/checks.json` fails the tests.
pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/checks.json"))
            .unwrap_or_else(|e| panic!("data/checks.json is malformed: {e}"))
    })
}

/// A check chosen for one diagnosis: what to GET, and how to judge it.
#[derive(Clone, Debug)]
pub struct Planned {
    pub check: &'static Check,
    pub read: &'static Read,
    /// The path under the API base, the ID filled in: `/calls/3b9f…`.
    pub path: String,
    /// The failed request's last path segment (`recording_start`), for the verdict's words.
    pub action: String,
    /// The host the failed request went to, when the input showed it.
    pub input_host: Option<String>,
}

impl Plan {
    pub fn read(&self, key: &str) -> Option<&Read> {
        self.reads.iter().find(|r| r.key == key)
    }

    pub fn verdicts<'a>(&'a self, check: &'a Check) -> Option<&'a Verdicts> {
        match &check.verdicts {
            VerdictsOrSet::Named(name) => self.verdict_sets.get(name),
            VerdictsOrSet::Own(own) => Some(own),
        }
    }

    /// The first check that applies to `d`, with its path; None when the
    /// catalog knows no confirming read (or the input did not show the ID).
    pub fn for_diagnosis(&'static self, d: &Diagnosis) -> Option<Planned> {
        let raw_path = d
            .request_line
            .as_ref()
            .map(|line| request_target(line.redacted()));
        let request = d.request.as_ref();
        let reason = d.reason.map(|r| r.name()).or_else(|| {
            d.reason_name
                .as_ref()
                .map(crate::untrusted::Untrusted::redacted)
        });
        self.checks.iter().find_map(|check| {
            let method_ok = check.methods.is_empty()
                || request
                    .and_then(|r| r.method.as_deref())
                    .is_some_and(|m| check.methods.contains(&m));
            let http_ok =
                check.http.is_empty() || d.http().is_some_and(|h| check.http.contains(&h));
            let reason_ok =
                check.reasons.is_empty() || reason.is_some_and(|r| check.reasons.contains(&r));
            if !(method_ok && http_ok && reason_ok) {
                return None;
            }
            let (read, pattern) = if check.read == "named" {
                let request = request?;
                let read = self.reads.iter().find(|read| {
                    read.get.contains("{id}")
                        && (request.matches(read.get)
                            || request.matches(&format!("{}/*", read.get)))
                })?;
                (read, read.get)
            } else {
                let read = self.read(check.read)?;
                let pattern = match check
                    .paths
                    .iter()
                    .find(|p| request.is_some_and(|r| r.matches(p)))
                {
                    Some(pattern) => *pattern,
                    None if check.paths.is_empty() => read.get,
                    None => return None,
                };
                (read, pattern)
            };
            if check.own_reason && (reason.is_none() || read.not_found != reason) {
                return None;
            }
            let path = match read.get.find("{id}") {
                None => read.get.to_owned(),
                Some(_) => fill_id(read.get, pattern, raw_path.as_deref()?)?,
            };
            let segments: Vec<&str> = raw_path
                .as_deref()
                .map(|p| path_of(p).split('/').filter(|s| !s.is_empty()).collect())
                .unwrap_or_default();
            Some(Planned {
                check,
                read,
                path,
                action: segments
                    .last()
                    .map_or_else(String::new, |s| (*s).to_owned()),
                input_host: raw_path.as_deref().and_then(host_of),
            })
        })
    }
}

/// The URL or path of a request line (`POST https://…/calls/…?x=1`).
fn request_target(line: &str) -> String {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or_default();
    let is_method = first.chars().all(|c| c.is_ascii_uppercase());
    let target = if is_method {
        words.next().unwrap_or_default()
    } else {
        first
    };
    target.to_owned()
}

/// The host a URL names (`api.voipbin.net`), lower case; None for a bare path.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host_port.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// `get` (`/calls/{id}`) with the ID the failed request carried where
/// `pattern` has `{id}`. Only a canonical UUID is taken: nothing else from
/// the input can reach the request voiperr sends.
fn fill_id(get: &str, pattern: &str, raw_path: &str) -> Option<String> {
    let position = Request::parse(pattern)?
        .segments
        .iter()
        .position(|s| s == "{id}")?;
    let id = path_of(raw_path)
        .split('/')
        .filter(|s| !s.is_empty())
        .nth(position)?;
    is_uuid(id).then(|| get.replace("{id}", &id.to_ascii_lowercase()))
}

pub fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::diagnose::diagnose_first;
    use crate::server_index;

    fn planned(transcript: &str) -> Option<Planned> {
        let d = diagnose_first(transcript.as_bytes(), usize::MAX).0;
        assert_eq!(d.len(), 1, "one diagnosis in {transcript:?}");
        plan().for_diagnosis(&d[0])
    }

    const ID: &str = "3b9f2c4e-8a1d-4e6f-9b2a-7c5d1e0f3a42";

    #[test]
    fn the_plan_is_consistent_with_the_catalog_and_the_server_index() {
        let plan = plan();
        let catalog = Catalog::get();
        assert_eq!(plan.commit, server_index::commit());
        for read in &plan.reads {
            assert!(read.get.starts_with('/'), "{}", read.key);
            let route = format!("/v1.0{}", read.get);
            let served = server_index::routes()
                .iter()
                .find(|r| r.method() == "GET" && r.path() == route)
                .unwrap_or_else(|| panic!("{}: the server serves no GET {route}", read.key));
            if let Some(reason) = read.not_found {
                assert!(catalog.reason(reason).is_some(), "{reason}");
                assert!(served.sends(reason), "GET {route} never answers {reason}");
            }
            let named: Vec<&str> = read.fields.iter().map(|f| f.name).collect();
            for state in &read.states {
                for condition in &state.when {
                    assert!(
                        named.contains(&condition.field),
                        "{}: {}",
                        read.key,
                        condition.field
                    );
                }
            }
        }
        for rule in &plan.answers {
            if let Some(reason) = rule.reason {
                assert!(catalog.reason(reason).is_some(), "{reason}");
            }
        }
        for check in &plan.checks {
            for reason in &check.reasons {
                assert!(catalog.reason(reason).is_some(), "{}: {reason}", check.id);
            }
            for path in &check.paths {
                assert!(Request::parse(path).is_some(), "{}: {path}", check.id);
            }
            assert!(plan.verdicts(check).is_some(), "{}: verdicts", check.id);
            if check.read != "named" {
                let read = plan
                    .read(check.read)
                    .unwrap_or_else(|| panic!("{}", check.id));
                let named: Vec<&str> = read.fields.iter().map(|f| f.name).collect();
                for state in &check.states {
                    for condition in &state.when {
                        assert!(named.contains(&condition.field), "{}", check.id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_500_on_recording_start_reads_the_call_it_named() {
        let p = planned(&format!(
            "> POST /v1.0/calls/{ID}/recording_start HTTP/1.1\n< HTTP/1.1 500 Internal Server Error\n\n{{\"error\":{{\"status\":\"INTERNAL\",\"reason\":\"INTERNAL\",\"message\":\"x\"}}}}\n"
        ))
        .expect("a check");
        assert_eq!(p.check.id, "recording-start-500");
        assert_eq!(p.path, format!("/calls/{ID}"));
        assert_eq!(p.action, "recording_start");
    }

    #[test]
    fn a_not_found_reads_the_resource_its_path_names() {
        let p = planned(&format!(
            "DELETE https://api.voipbin.net/v1.0/numbers/{ID} -> 404 Not Found body={{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"NUMBER_NOT_FOUND\",\"message\":\"x\"}}}}\n"
        ))
        .expect("a check");
        assert_eq!((p.check.id, p.read.key), ("not-found", "number"));
        assert_eq!(p.path, format!("/numbers/{ID}"));
        assert_eq!(p.input_host.as_deref(), Some("api.voipbin.net"));
    }

    #[test]
    fn a_reason_of_another_resource_is_not_checked_against_this_one() {
        // FLOW_NOT_FOUND on a call's path is about a flow in the body, not the call.
        let p = planned(&format!(
            "> POST /v1.0/calls/{ID}/talk HTTP/1.1\n< HTTP/1.1 404 Not Found\n\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"FLOW_NOT_FOUND\",\"message\":\"x\"}}}}\n"
        ));
        assert!(p.is_none(), "{p:?}");
    }

    #[test]
    fn an_id_that_is_not_a_uuid_is_never_sent() {
        for id in [
            "..%2F..%2Fcustomer",
            "{id}",
            "123",
            "3b9f2c4e-8a1d-4e6f-9b2a-7c5d1e0f3a4?",
        ] {
            let transcript = format!(
                "> GET /v1.0/calls/{id} HTTP/1.1\n< HTTP/1.1 404 Not Found\n\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"x\"}}}}\n"
            );
            let d = diagnose_first(transcript.as_bytes(), usize::MAX).0;
            assert!(d.iter().all(|d| plan().for_diagnosis(d).is_none()), "{id}");
        }
    }

    #[test]
    fn an_account_reason_reads_the_account_whatever_the_path() {
        let p = planned(
            "{\"error\":{\"status\":\"PERMISSION_DENIED\",\"reason\":\"ACCOUNT_FROZEN\",\"message\":\"x\"}}\n",
        )
        .expect("a check");
        assert_eq!(
            (p.check.id, p.path.as_str()),
            ("account-frozen", "/customer")
        );
    }

    #[test]
    fn hosts_are_read_from_urls_only() {
        assert_eq!(
            host_of("https://API.voipbin.net:443/v1.0/x").as_deref(),
            Some("api.voipbin.net")
        );
        assert_eq!(
            host_of("http://user:pw@[::1]:8080/x").as_deref(),
            Some("::1")
        );
        assert_eq!(host_of("/v1.0/calls"), None);
    }
}
