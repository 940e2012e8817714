//! `diagnose --check`: confirm a diagnosis with one read-only GET to the
//! VoIPbin API. [`plan`] says which read confirms which diagnosis (data);
//! [`judge`] reads the answer (pure); [`Checker`] keeps a run's checks
//! safe: one per resource, at most `--check-limit`, none after a 429 or a
//! refused key; the transport (`http`, the `check` feature) only sends.
//!
//! Nothing here runs unless `--check` is given: without it voiperr never
//! touches the network.

pub mod base;
#[cfg(feature = "check")]
pub mod credentials;
#[cfg(feature = "check")]
mod http;
pub mod judge;
pub mod plan;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnose::Diagnosis;
use base::ApiBase;
use judge::{Answer, Outcome, Stop, judge};
use plan::{Verdict, plan};

/// Sends one GET of a path under the base (the transport, or a test's fake).
pub trait Fetch {
    fn get(&mut self, path: &str) -> Answer;
}

/// The checks of one run.
pub struct Checker {
    fetch: Box<dyn Fetch + Send>,
    base: ApiBase,
    limit: usize,
    sent: usize,
    /// Answers by path: a resource is read once a run.
    answers: HashMap<String, Answer>,
    stopped: Option<Stop>,
    /// Checks not made, for the closing note.
    not_sent: usize,
    /// The spellings of the access key, masked in all a check says.
    concealed: Vec<String>,
}

/// `text` with each of `spellings` (an access key's) masked as `***`: an
/// answer, a header or a setting may echo the key back.
pub fn conceal<'t>(text: &'t str, spellings: &[String]) -> Cow<'t, str> {
    let mut text = Cow::Borrowed(text);
    for spelling in spellings {
        if text.contains(spelling.as_str()) {
            text = Cow::Owned(text.replace(spelling.as_str(), "***"));
        }
    }
    text
}

impl Checker {
    pub fn new(fetch: Box<dyn Fetch + Send>, base: ApiBase, limit: usize) -> Checker {
        Checker {
            fetch,
            base,
            limit,
            sent: 0,
            answers: HashMap::new(),
            stopped: None,
            not_sent: 0,
            concealed: Vec::new(),
        }
    }

    /// Masks these spellings of the access key in every outcome and note.
    pub fn concealing(self, spellings: Vec<String>) -> Checker {
        Checker {
            concealed: spellings,
            ..self
        }
    }

    /// The check of one diagnosis, or None when the catalog knows no
    /// confirming read for it (or the input did not show the ID).
    pub fn check(&mut self, d: &Diagnosis) -> Option<Outcome> {
        let mut outcome = self.judged(d)?;
        let hide = |text: &str| conceal(text, &self.concealed).into_owned();
        outcome.summary = hide(&outcome.summary);
        outcome.path = hide(&outcome.path);
        for value in outcome.found.values_mut() {
            *value = crate::untrusted::Untrusted::from_string(hide(value.redacted()));
        }
        Some(outcome)
    }

    /// The outcome of [`Checker::check`], before the key is masked.
    fn judged(&mut self, d: &Diagnosis) -> Option<Outcome> {
        let planned = plan().for_diagnosis(d)?;
        let path = format!("{}{}", self.base.path, planned.path);
        if let Some(answer) = self.answers.get(&path) {
            let mut outcome = judge(&planned, &path, answer, &self.base.host);
            outcome.sent = false;
            outcome.stop = None;
            outcome.summary = format!(
                "{} (the answer to this run's earlier GET of it)",
                outcome.summary.trim_end_matches('.')
            );
            return Some(outcome);
        }
        let skipped = match &self.stopped {
            Some(Stop::RateLimited(_)) => {
                Some("the API answered 429 to an earlier check, so no more were sent".to_owned())
            }
            Some(Stop::KeyRefused) => {
                Some("the API refused the access key on an earlier check".to_owned())
            }
            Some(Stop::Unreachable) => {
                Some("the API could not be reached on an earlier check".to_owned())
            }
            None if self.sent >= self.limit => Some(format!(
                "--check-limit {} was reached (a run sends at most that many GETs)",
                self.limit
            )),
            None => None,
        };
        if let Some(why) = skipped {
            self.not_sent += 1;
            return Some(Outcome {
                check: planned.check.id,
                path,
                sent: false,
                http: None,
                state: None,
                found: Default::default(),
                verdict: Verdict::Inconclusive,
                summary: format!("not checked: {why}."),
                stop: None,
            });
        }
        self.sent += 1;
        let answer = self.fetch.get(&planned.path);
        let mut outcome = judge(&planned, &path, &answer, &self.base.host);
        if matches!(answer, Answer::Failed(_)) {
            outcome.stop = Some(Stop::Unreachable);
        }
        self.stopped = outcome.stop.clone();
        self.answers.insert(path, answer);
        Some(outcome)
    }

    /// What the run should say at its end about checks not made.
    pub fn closing_note(&self) -> Option<String> {
        self.note()
            .map(|note| conceal(&note, &self.concealed).into_owned())
    }

    /// [`Checker::closing_note`], before the key is masked.
    fn note(&self) -> Option<String> {
        let count = self.not_sent;
        if count == 0 {
            return None;
        }
        let checks = if count == 1 {
            "check was"
        } else {
            "checks were"
        };
        Some(match &self.stopped {
            Some(Stop::RateLimited(after)) => format!(
                "stopped checking after the API answered 429 Too Many Requests{}: {count} {checks} not sent",
                after.as_deref().map_or_else(String::new, |s| format!(
                    " (Retry-After {})",
                    crate::untrusted::Untrusted::new(s)
                ))
            ),
            Some(Stop::KeyRefused) => format!(
                "stopped checking after the API refused the access key (401): {count} {checks} not sent"
            ),
            Some(Stop::Unreachable) => format!(
                "stopped checking after the API could not be reached: {count} {checks} not sent"
            ),
            None => format!(
                "{count} {checks} not sent: --check-limit {} was reached",
                self.limit
            ),
        })
    }
}

/// What `--check` was given.
pub struct Options<'a> {
    pub profile: Option<&'a str>,
    pub api_url: Option<&'a str>,
    pub limit: usize,
}

/// A run's checks, or why none are made.
pub enum Connection {
    Ready(Checker),
    /// No access key anywhere: the note to show, and no request at all.
    NoKey(String),
}

/// The sentence for a voiperr built without the transport.
#[cfg(not(feature = "check"))]
pub fn connect(
    _options: &Options,
    _env: &dyn Fn(&str) -> Option<String>,
    _home: Option<&std::path::Path>,
) -> Result<Connection, String> {
    Err("this voiperr was built without the `check` feature, so --check cannot make requests; install the default build (scripts/install) or build with --features check".to_owned())
}

/// Finds the key and base (as `vn` does) and sets up the transport; an
/// error is one sentence (exit 2), made before any connection.
#[cfg(feature = "check")]
pub fn connect(
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&std::path::Path>,
) -> Result<Connection, String> {
    let setup = credentials::resolve(env, home, options.profile, options.api_url)?;
    let Some(key) = setup.key else {
        return Ok(Connection::NoKey(format!(
            "--check made no request: no access key in VN_ACCESS_KEY or in the {} (set VN_ACCESS_KEY, or run 'vn login')",
            setup.key_from
        )));
    };
    let spellings = key.spellings();
    let client = http::Client::new(setup.base.clone(), key, env)?;
    Ok(Connection::Ready(
        Checker::new(Box::new(client), setup.base, options.limit).concealing(spellings),
    ))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::diagnose::diagnose_first;

    /// A fake API: answers by path, and records every path asked.
    struct Fake {
        asked: Arc<Mutex<Vec<String>>>,
        answer: fn(&str) -> Answer,
    }

    impl Fetch for Fake {
        fn get(&mut self, path: &str) -> Answer {
            self.asked.lock().expect("lock").push(path.to_owned());
            (self.answer)(path)
        }
    }

    fn checker(limit: usize, answer: fn(&str) -> Answer) -> (Checker, Arc<Mutex<Vec<String>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let fake = Fake {
            asked: Arc::clone(&asked),
            answer,
        };
        let base = ApiBase::parse("http://127.0.0.1:1/v1.0", "test").expect("base");
        (Checker::new(Box::new(fake), base, limit), asked)
    }

    fn not_found(id: &str) -> String {
        format!(
            "> GET /v1.0/calls/{id} HTTP/1.1\n< HTTP/1.1 404 Not Found\n\n{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"x\"}}}}\n"
        )
    }

    fn envelope(status: u16, reason: &str, retry_after: Option<&str>) -> Answer {
        Answer::Response {
            status,
            body: format!(r#"{{"error":{{"status":"X","reason":"{reason}","message":"m"}}}}"#)
                .into_bytes(),
            retry_after: retry_after.map(str::to_owned),
            redirect_host: None,
        }
    }

    fn answer_404(_: &str) -> Answer {
        envelope(404, "CALL_NOT_FOUND", None)
    }

    fn answer_429(_: &str) -> Answer {
        envelope(429, "RATE_LIMIT_EXCEEDED", Some("30"))
    }

    const A: &str = "3b9f2c4e-8a1d-4e6f-9b2a-7c5d1e0f3a42";
    const B: &str = "0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a";
    const C: &str = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

    #[test]
    fn one_get_per_resource_and_no_more_than_the_limit() {
        let (mut checker, asked) = checker(1, answer_404);
        let input = [not_found(A), not_found(A), not_found(B)].concat();
        let outcomes: Vec<Outcome> = diagnose_first(input.as_bytes(), usize::MAX)
            .0
            .iter()
            .filter_map(|d| checker.check(d))
            .collect();
        assert_eq!(*asked.lock().expect("lock"), vec![format!("/calls/{A}")]);
        assert_eq!(
            outcomes.iter().map(|o| o.sent).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(
            outcomes[1].verdict,
            Verdict::Confirms,
            "the same answer, judged again"
        );
        assert!(
            outcomes[2].summary.contains("--check-limit 1"),
            "{}",
            outcomes[2].summary
        );
        assert!(
            checker
                .closing_note()
                .is_some_and(|n| n.contains("--check-limit 1"))
        );
    }

    #[test]
    fn a_429_stops_the_checks_after_it() {
        let (mut checker, asked) = checker(10, answer_429);
        let input = [not_found(A), not_found(B), not_found(C)].concat();
        let outcomes: Vec<Outcome> = diagnose_first(input.as_bytes(), usize::MAX)
            .0
            .iter()
            .filter_map(|d| checker.check(d))
            .collect();
        assert_eq!(asked.lock().expect("lock").len(), 1);
        assert!(
            outcomes[1].summary.contains("429"),
            "{}",
            outcomes[1].summary
        );
        let note = checker.closing_note().expect("a note");
        assert!(
            note.contains("Retry-After 30") && note.contains("2 checks"),
            "{note}"
        );
    }
}
