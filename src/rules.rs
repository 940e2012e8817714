//! Field notes: where the live API differs from the published page, as rules
//! kept in `data/field-notes.json` and compiled into the binary.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::endpoint::Request;

/// What the response body looked like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Empty,
    EmptyObject,
    Text,
    TextThenEnvelope,
    Envelope,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Missing,
    Present,
}

/// What a field note documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A quirk `diagnose` points out when it fires.
    #[default]
    Quirk,
    /// How the endpoint really answers, as the catalog already says it:
    /// listed by `endpoint` and `explain`, not repeated by `diagnose`.
    Documented,
    /// A success (2xx) that is the right answer: never flagged.
    Success,
}

/// Where a field note was read: the notes file, and the server's source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    /// `field-notes.md` or `server-behaviour.md`.
    pub notes: String,
    /// The server file (and lines), where the notes name one.
    #[serde(default)]
    pub file: Option<String>,
    /// The server commit the notes were read at.
    pub commit: String,
}

/// One field note: when every condition given holds, `says` and `next` apply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    #[serde(default)]
    pub kind: RuleKind,
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub http: Vec<u16>,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub body: Option<BodyKind>,
    #[serde(default)]
    pub retry_after: Option<Presence>,
    /// A `Retry` key when the note means the usual retry advice is wrong.
    #[serde(default)]
    pub retry: Option<String>,
    /// Reasons whose cards this behaviour corrects (a reason the user may
    /// expect that the server answers differently).
    #[serde(default)]
    pub about: Vec<String>,
    pub says: String,
    pub next: String,
    pub source: RuleSource,
}

/// What is known about one response, for matching rules against.
#[derive(Debug, Default)]
pub struct Observation<'a> {
    pub request: Option<&'a Request>,
    pub http: Option<u16>,
    pub reason: Option<&'a str>,
    pub body: Option<BodyKind>,
    pub retry_after: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<Rule>,
}

const RULES_JSON: &str = include_str!("../data/field-notes.json");

/// Every rule, parsed once on first use.
pub fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        serde_json::from_str::<RuleFile>(RULES_JSON)
            .map(|file| file.rules)
            // The unit tests parse this file, so a bad one never ships.
            .unwrap_or_default()
    })
}

impl Rule {
    /// Whether the rule names this request's endpoint (any of its methods and paths).
    pub fn covers(&self, request: &Request) -> bool {
        let method_ok = match &request.method {
            Some(m) if !self.methods.is_empty() => self.methods.iter().any(|x| x == m),
            _ => true,
        };
        method_ok && self.paths.iter().any(|p| request.matches(p))
    }

    pub fn applies(&self, seen: &Observation) -> bool {
        let path_ok = self.paths.is_empty() || seen.request.is_some_and(|r| self.covers(r));
        let http_ok = self.http.is_empty() || seen.http.is_some_and(|h| self.http.contains(&h));
        let reason_ok = self.reasons.is_empty()
            || seen
                .reason
                .is_some_and(|r| self.reasons.iter().any(|x| x == r));
        let body_ok = self.body.is_none() || self.body == seen.body;
        let retry_ok = match self.retry_after {
            None => true,
            Some(Presence::Missing) => seen.retry_after == Some(false),
            Some(Presence::Present) => seen.retry_after == Some(true),
        };
        path_ok && http_ok && reason_ok && body_ok && retry_ok
    }
}

/// The quirks that fire for an observation (what `diagnose` points out).
pub fn matching(seen: &Observation) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| r.kind == RuleKind::Quirk && r.applies(seen))
        .collect()
}

/// The rules documented for an endpoint.
pub fn for_endpoint(request: &Request) -> Vec<&'static Rule> {
    rules().iter().filter(|r| r.covers(request)).collect()
}

/// What the server really answers instead of a reason (rules `about` it).
pub fn about(reason: &str) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| r.about.iter().any(|a| a == reason))
        .collect()
}

/// The quirks that fire on a reason wherever it comes from (`explain` shows them).
pub fn naming(reason: &str) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| r.kind == RuleKind::Quirk && r.reasons.iter().any(|x| x == reason))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_file_parses_and_every_rule_can_fire() {
        let parsed: RuleFile =
            serde_json::from_str(RULES_JSON).expect("data/field-notes.json parses");
        assert_eq!(parsed.rules.len(), rules().len());
        let mut ids = std::collections::HashSet::new();
        for rule in rules() {
            assert!(ids.insert(rule.id.as_str()), "duplicate rule {}", rule.id);
            assert!(
                !rule.says.is_empty() && !rule.next.is_empty(),
                "{}",
                rule.id
            );
            assert!(
                !(rule.paths.is_empty() && rule.reasons.is_empty()),
                "rule {} must name a path or a reason",
                rule.id
            );
            for m in &rule.methods {
                assert!(
                    ["GET", "POST", "PUT", "DELETE"].contains(&m.as_str()),
                    "{}",
                    rule.id
                );
            }
            if let Some(retry) = &rule.retry {
                assert!(
                    crate::retry::Retry::from_key(retry).is_some(),
                    "{}",
                    rule.id
                );
            }
            for name in &rule.about {
                assert!(
                    crate::catalog::Catalog::get().reason(name).is_some(),
                    "rule {} is about unknown {name}",
                    rule.id
                );
            }
            assert!(
                ["field-notes.md", "server-behaviour.md"].contains(&rule.source.notes.as_str())
                    && rule.source.commit == crate::catalog::Catalog::get().source.server_commit,
                "rule {}: source",
                rule.id
            );
            if rule.kind == RuleKind::Success {
                assert!(
                    rule.http.iter().all(|h| (200..300).contains(h)),
                    "{}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn recording_start_500_fires_only_there() {
        let request =
            Request::parse("POST /v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/recording-start")
                .expect("parses");
        let seen = Observation {
            request: Some(&request),
            http: Some(500),
            reason: Some("INTERNAL"),
            body: Some(BodyKind::Envelope),
            retry_after: Some(false),
        };
        let ids: Vec<&str> = matching(&seen).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["recording-start-500", "call-ended-action-500"]);
        let other = Request::parse("POST /conferences/x/hangup").expect("parses");
        assert!(
            matching(&Observation {
                request: Some(&other),
                ..seen
            })
            .is_empty()
        );
    }
}
