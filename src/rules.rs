//! Field notes: where the live API differs from the published page, as rules
//! kept in `data/field-notes.json`, checked and compiled into static tables by
//! `build.rs` (nothing is parsed at run time).

use std::cell::RefCell;

use crate::endpoint::Request;
use crate::static_text::{Text, Texts};

/// What the response body looked like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    Empty,
    EmptyObject,
    Text,
    TextThenEnvelope,
    Envelope,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Missing,
    Present,
}

/// What a field note documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// A quirk `diagnose` points out when it fires.
    Quirk,
    /// How the endpoint really answers, as the catalog already says it:
    /// listed by `endpoint` and `explain`, not repeated by `diagnose`.
    Documented,
    /// A success (2xx) that is the right answer: never flagged.
    Success,
}

/// Where a field note was read: the notes file, and the server's source.
#[derive(Clone, Copy, Debug)]
pub struct RuleSource {
    notes: &'static str,
    file: Option<&'static str>,
    commit: &'static str,
}

impl RuleSource {
    /// `field-notes.md` or `server-behaviour.md`.
    pub fn notes(&self) -> &'static str {
        self.notes
    }

    /// The server file (and lines), where the notes name one.
    pub fn file(&self) -> Option<&'static str> {
        self.file
    }

    /// The server commit the notes were read at.
    pub fn commit(&self) -> &'static str {
        self.commit
    }
}

/// One field note: when every condition given holds, `says` and `next` apply.
/// An empty list means any. Kinds are fields; text is reached through methods.
#[derive(Debug)]
pub struct Rule {
    id: &'static str,
    pub kind: RuleKind,
    methods: Texts,
    paths: Texts,
    http: &'static [u16],
    reasons: Texts,
    pub body: Option<BodyKind>,
    pub retry_after: Option<Presence>,
    retry: Option<&'static str>,
    about: Texts,
    says: &'static str,
    card: Option<&'static str>,
    next: &'static str,
    source: RuleSource,
}

/// What is known about one response, for matching rules against.
#[derive(Clone, Debug, Default)]
pub struct Observation<'a> {
    pub request: Option<&'a Request>,
    pub http: Option<u16>,
    pub reason: Option<&'a str>,
    pub body: Option<BodyKind>,
    pub retry_after: Option<bool>,
}

include!(concat!(env!("OUT_DIR"), "/rules_data.rs"));

/// Every rule.
pub fn rules() -> &'static [Rule] {
    RULES
}

impl Rule {
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The methods it is about (empty: any).
    pub fn methods(&self) -> Texts {
        self.methods
    }

    /// The paths it is about (empty: any).
    pub fn paths(&self) -> Texts {
        self.paths
    }

    /// The HTTP codes it is about (empty: any).
    pub fn http(&self) -> &'static [u16] {
        self.http
    }

    /// The reasons it is about (empty: any).
    pub fn reasons(&self) -> Texts {
        self.reasons
    }

    /// A `Retry` key when the note means the usual retry advice is wrong.
    pub fn retry(&self) -> Option<&'static str> {
        self.retry
    }

    /// Reasons whose cards this behaviour corrects (a reason the user may
    /// expect that the server answers differently).
    pub fn about(&self) -> Texts {
        self.about
    }

    pub fn says(&self) -> &'static str {
        self.says
    }

    /// How it reads where no response is given (cards, endpoint views): a
    /// condition, when `says` speaks of one response.
    pub fn card(&self) -> Option<&'static str> {
        self.card
    }

    pub fn next(&self) -> &'static str {
        self.next
    }

    pub fn source(&self) -> RuleSource {
        self.source
    }

    /// The note as a card shows it: a condition, not a claim about a
    /// response the user has not given.
    pub fn on_card(&self) -> &'static str {
        self.card.unwrap_or(self.says)
    }

    /// Whether the rule names this request's endpoint (any of its methods and paths).
    pub fn covers(&self, request: &Request) -> bool {
        let method_ok = match &request.method {
            Some(m) if !self.methods.is_empty() => self.methods.contains(m.as_str()),
            _ => true,
        };
        method_ok && self.paths.iter().any(|p| request.matches(p))
    }

    /// Whether the note holds for what was seen. A note about some methods
    /// needs the method shown: a traceback or `wget -S` names only the URL,
    /// and a POST's note must not advise a GET.
    pub fn applies(&self, seen: &Observation) -> bool {
        let path_ok = self.paths.is_empty()
            || seen
                .request
                .is_some_and(|r| self.covers(r) && (self.methods.is_empty() || r.method.is_some()));
        let http_ok = self.http.is_empty() || seen.http.is_some_and(|h| self.http.contains(&h));
        let reason_ok =
            self.reasons.is_empty() || seen.reason.is_some_and(|r| self.reasons.contains(r));
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
/// Logs repeat a few observations many times, so the latest answers are
/// kept: a repeated one costs a comparison, not a pass over every rule.
pub fn matching(seen: &Observation) -> Vec<&'static Rule> {
    /// Answers kept (per thread).
    const KEPT: usize = 16;
    thread_local! {
        static ANSWERS: RefCell<Vec<(Seen, Vec<&'static Rule>)>> = const { RefCell::new(Vec::new()) };
    }
    ANSWERS.with(|answers| {
        let mut answers = answers.borrow_mut();
        if let Some((_, rules)) = answers.iter().find(|(kept, _)| kept.is(seen)) {
            return rules.clone();
        }
        let fired: Vec<&'static Rule> = rules()
            .iter()
            .filter(|r| r.kind == RuleKind::Quirk && r.applies(seen))
            .collect();
        if answers.len() >= KEPT {
            answers.remove(0);
        }
        answers.push((Seen::of(seen), fired.clone()));
        fired
    })
}

/// An observation kept with the rules it fired.
struct Seen {
    request: Option<Request>,
    http: Option<u16>,
    reason: Option<String>,
    body: Option<BodyKind>,
    retry_after: Option<bool>,
}

impl Seen {
    fn of(seen: &Observation) -> Seen {
        Seen {
            request: seen.request.cloned(),
            http: seen.http,
            reason: seen.reason.map(str::to_owned),
            body: seen.body,
            retry_after: seen.retry_after,
        }
    }

    fn is(&self, seen: &Observation) -> bool {
        self.http == seen.http
            && self.body == seen.body
            && self.retry_after == seen.retry_after
            && self.reason.as_deref() == seen.reason
            && self.request.as_ref() == seen.request
    }
}

/// The rules documented for an endpoint.
pub fn for_endpoint(request: &Request) -> Vec<&'static Rule> {
    rules().iter().filter(|r| r.covers(request)).collect()
}

/// What the server really answers instead of a reason (rules `about` it).
pub fn about(reason: &str) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| r.about.contains(reason))
        .collect()
}

/// The quirks that fire on a reason wherever it comes from (`explain` shows them).
pub fn naming(reason: &str) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| r.kind == RuleKind::Quirk && r.reasons.contains(reason))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_answers_are_each_observations_own() {
        // Every observation a rule names, asked in turn and again: the kept
        // answer is always the one a pass over every rule gives.
        let requests: Vec<Request> = rules()
            .iter()
            .flat_map(|r| r.paths.iter().filter_map(Request::parse))
            .collect();
        let mut asked = 0;
        for round in 0..2 {
            for rule in rules() {
                let seen = Observation {
                    request: requests.get(asked % requests.len().max(1)),
                    http: rule.http.first().copied(),
                    reason: rule.reasons.first(),
                    body: rule.body,
                    retry_after: Some(round == 0),
                };
                let every: Vec<&str> = rules()
                    .iter()
                    .filter(|r| r.kind == RuleKind::Quirk && r.applies(&seen))
                    .map(|r| r.id)
                    .collect();
                let kept: Vec<&str> = matching(&seen).iter().map(|r| r.id).collect();
                assert_eq!(kept, every, "{seen:?}");
                asked += 1;
            }
        }
    }

    #[test]
    fn every_rule_names_a_path_or_a_reason() {
        // The rest of the data's consistency is checked by build.rs.
        assert!(rules().len() > 30);
        for rule in rules() {
            assert!(
                !(rule.paths.is_empty() && rule.reasons.is_empty()),
                "{}",
                rule.id
            );
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
        let ids: Vec<&str> = matching(&seen).iter().map(|r| r.id).collect();
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
