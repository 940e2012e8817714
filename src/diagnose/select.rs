//! Which failed calls a run is about (`--reason`, `--status`, `--path`,
//! `--request-id`) and which of them fail it (`--fail-on`). Both read a
//! [`Call`], taken from the scanner's find and its exchange before any full
//! diagnosis, so a summary with filters costs what one without does.

use std::borrow::Cow;

use crate::catalog::{Catalog, Reason, normalize_name};
use crate::diagnose::envelope::Found;
use crate::diagnose::scan::Exchange;
use crate::diagnose::{SummaryKey, diagnose, summary_key};
use crate::endpoint::Request;
use crate::retry::Retry;

/// What filters and `--fail-on` read of one failed call.
#[derive(Debug)]
pub struct Call<'a> {
    /// The reason as cataloged or as sent; None for a failure without one.
    pub reason: Option<Cow<'static, str>>,
    pub catalog: Option<&'static Reason>,
    /// The response's code, or the catalog's for its reason.
    pub http: Option<u16>,
    pub request: Option<&'a Request>,
    pub request_id: Option<String>,
    /// When it happened, as its record says (seconds since the epoch).
    pub time: Option<i64>,
}

impl<'a> Call<'a> {
    /// None for a success response that is no failure.
    pub fn of(found: &Found, exchange: &'a Exchange) -> Option<Call<'a>> {
        let (key, http) = summary_key(found, exchange)?;
        let catalog = Catalog::get();
        let (reason, known) = match key {
            SummaryKey::Known(at) => (
                Some(Cow::Borrowed(catalog.reasons()[at].name())),
                Some(&catalog.reasons()[at]),
            ),
            // `(empty body)` and the like name what happened, not a reason.
            SummaryKey::Other(name) if name.starts_with('(') => (None, None),
            SummaryKey::Other(name) => (Some(name), None),
        };
        let sent_id = match found {
            Found::Envelope(e) => e.request_id.as_deref(),
            _ => None,
        };
        Some(Call {
            reason,
            catalog: known,
            http,
            request: exchange.request.as_ref(),
            request_id: sent_id
                .or(exchange.x_request_id.as_deref())
                .map(str::to_owned),
            time: exchange.time,
        })
    }
}

/// HTTP codes: `404`, `4xx`, `500-504`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Codes {
    pub from: u16,
    pub to: u16,
}

impl Codes {
    pub fn parse(text: &str) -> Result<Codes, String> {
        let text = text.trim();
        let code = |t: &str| {
            t.parse::<u16>()
                .ok()
                .filter(|c| (100..=599).contains(c) && t.len() == 3)
        };
        let codes = if let Some(class) = text.strip_suffix("xx").or(text.strip_suffix("XX")) {
            class
                .parse::<u16>()
                .ok()
                .filter(|c| (1..=5).contains(c) && class.len() == 1)
                .map(|c| Codes {
                    from: c * 100,
                    to: c * 100 + 99,
                })
        } else if let Some((from, to)) = text.split_once('-') {
            code(from)
                .zip(code(to))
                .filter(|(from, to)| from <= to)
                .map(|(from, to)| Codes { from, to })
        } else {
            code(text).map(|c| Codes { from: c, to: c })
        };
        codes.ok_or_else(|| {
            format!("'{text}' is not an HTTP code or range: give one like 404, 4xx or 500-504")
        })
    }

    pub fn contains(self, http: u16) -> bool {
        (self.from..=self.to).contains(&http)
    }
}

/// A class of error that `--fail-on` fails a run on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Any,
    Codes(Codes),
    /// A reason name, as cataloged or as sent.
    Reason(String),
    /// A reason the catalog does not know.
    Unknown,
    /// The advice is not to retry the request unchanged.
    NotRetryable,
    /// A reason the server is not known to send.
    NeverSent,
}

/// The class words, for `--help` and completions.
pub const CLASS_WORDS: [&str; 7] = [
    "any",
    "4xx",
    "5xx",
    "unknown",
    "not-retryable",
    "never-sent",
    "429",
];

/// Why a `--fail-on` value is none of the classes, with what it may have
/// meant, and every form a class takes.
pub fn not_a_class(text: &str, meant: Option<&str>) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let meant = meant.map(str::to_owned).or_else(|| {
        CLASS_WORDS
            .iter()
            .find(|word| word.contains(lower.as_str()) || strsim::jaro_winkler(word, &lower) > 0.85)
            .map(|word| (*word).to_owned())
    });
    let meant = meant.map_or(String::new(), |m| format!(" (did you mean {m}?)"));
    format!(
        "'{}' is neither a class to fail on nor a reason in the catalog{meant}: give any, 4xx, 5xx, a code (429), a range (500-504), a reason's name or alias, unknown (a reason not in the catalog), not-retryable or never-sent",
        crate::untrusted::inert(text.trim())
    )
}

impl Class {
    /// A class word, code or range, or a reason's spelling (the caller
    /// checks that the catalog has it).
    pub fn parse(text: &str) -> Result<Class, String> {
        let text = text.trim();
        Ok(match text.to_ascii_lowercase().as_str() {
            "any" => Class::Any,
            "unknown" => Class::Unknown,
            "not-retryable" | "not_retryable" => Class::NotRetryable,
            "never-sent" | "never_sent" => Class::NeverSent,
            _ if text.starts_with(|c: char| c.is_ascii_digit()) => {
                Class::Codes(Codes::parse(text).map_err(|_| not_a_class(text, None))?)
            }
            _ if is_reason_name(text) => Class::Reason(normalize_name(text)),
            _ => return Err(not_a_class(text, None)),
        })
    }

    /// Whether `call` is of this class; `retry` is asked only for
    /// [`Class::NotRetryable`] (it may need the full diagnosis).
    fn holds(&self, call: &Call, retry: &mut dyn FnMut() -> Option<Retry>) -> bool {
        match self {
            Class::Any => true,
            Class::Codes(codes) => call.http.is_some_and(|h| codes.contains(h)),
            Class::Reason(name) => call.reason.as_deref() == Some(name.as_str()),
            Class::Unknown => call.reason.is_some() && call.catalog.is_none(),
            Class::NeverSent => call.catalog.is_some_and(|r| !r.emitted),
            Class::NotRetryable => retry() == Some(Retry::DoNotRetry),
        }
    }
}

/// `CALL_NOT_FOUND`, `call_not_found`, `call-not-found`: a reason's spelling.
fn is_reason_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The filters of one run: a call is kept when it passes every filter given
/// (and any of the values given to one).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub reasons: Vec<String>,
    pub codes: Vec<Codes>,
    /// `METHOD /path` or `/path` patterns, matched as `voiperr endpoint` does.
    pub paths: Vec<String>,
    pub request_ids: Vec<String>,
    /// `--since` and `--until`: seconds since the epoch, both included.
    pub since: Option<i64>,
    pub until: Option<i64>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.reasons.is_empty()
            && self.codes.is_empty()
            && self.paths.is_empty()
            && self.request_ids.is_empty()
            && !self.timed()
    }

    /// Whether a call's time is asked about (it is read from its log lines).
    pub fn timed(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    pub fn keeps(&self, call: &Call) -> bool {
        self.keeps_whenever(call)
            && (!self.timed()
                || call.time.is_some_and(|t| {
                    self.since.is_none_or(|since| t >= since)
                        && self.until.is_none_or(|until| t <= until)
                }))
    }

    /// Whether every filter but `--since`/`--until` keeps the call.
    fn keeps_whenever(&self, call: &Call) -> bool {
        let reason = call.reason.as_deref();
        (self.reasons.is_empty() || self.reasons.iter().any(|r| reason == Some(r.as_str())))
            && (self.codes.is_empty()
                || call
                    .http
                    .is_some_and(|h| self.codes.iter().any(|c| c.contains(h))))
            && (self.paths.is_empty()
                || call
                    .request
                    .is_some_and(|r| self.paths.iter().any(|p| r.matches(p))))
            && (self.request_ids.is_empty()
                || call
                    .request_id
                    .as_ref()
                    .is_some_and(|id| self.request_ids.contains(id)))
    }
}

/// `--fail-on`: the classes that fail a run.
#[derive(Clone, Debug, Default)]
pub struct FailOn {
    pub classes: Vec<Class>,
}

impl FailOn {
    /// Whether a run fails on this call; `retry` gives the diagnosis's retry
    /// advice, asked only when a class needs it.
    pub fn fails(&self, call: &Call, mut retry: impl FnMut() -> Option<Retry>) -> bool {
        self.classes.iter().any(|c| c.holds(call, &mut retry))
    }
}

/// The filters and `--fail-on` classes of one run.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub filters: Filters,
    pub fail_on: FailOn,
}

/// What a [`Selection`] makes of one error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Not one the run is about: written and counted nowhere.
    Dropped,
    /// Left out as [`Verdict::Dropped`], only for having no time of its
    /// own to hold against `--since`/`--until` (the run says how many).
    Undated,
    /// Kept; whether it is of a `--fail-on` class (None: none given).
    Kept { fails: Option<bool> },
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty() && self.fail_on.classes.is_empty()
    }

    /// The verdict on one error the scanner found; None when nothing is
    /// selected (so nothing is read for it).
    pub fn judge(&self, found: &Found, exchange: &Exchange, line: u64) -> Option<Verdict> {
        if self.is_empty() {
            return None;
        }
        let Some(call) = Call::of(found, exchange) else {
            return Some(Verdict::Dropped);
        };
        if !self.filters.keeps(&call) {
            let undated = call.time.is_none() && self.filters.keeps_whenever(&call);
            return Some(match undated {
                true => Verdict::Undated,
                false => Verdict::Dropped,
            });
        }
        let fails = (!self.fail_on.classes.is_empty()).then(|| {
            self.fail_on.fails(&call, || {
                diagnose(found.clone(), exchange, line).and_then(|d| d.retry_advice())
            })
        });
        Some(Verdict::Kept { fails })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_ranges() {
        assert_eq!(Codes::parse("404"), Ok(Codes { from: 404, to: 404 }));
        assert_eq!(Codes::parse("4xx"), Ok(Codes { from: 400, to: 499 }));
        assert_eq!(Codes::parse("500-504"), Ok(Codes { from: 500, to: 504 }));
        for bad in ["40", "4040", "6xx", "504-500", "abc", "", "4x", "-404"] {
            assert!(Codes::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn classes() {
        assert_eq!(Class::parse("any"), Ok(Class::Any));
        assert_eq!(Class::parse("Not-Retryable"), Ok(Class::NotRetryable));
        assert_eq!(
            Class::parse("call_not_found"),
            Ok(Class::Reason("CALL_NOT_FOUND".to_owned()))
        );
        assert_eq!(
            Class::parse("5xx"),
            Ok(Class::Codes(Codes { from: 500, to: 599 }))
        );
        assert!(Class::parse("retryable?").is_err());
        assert!(Class::parse("4o4").is_err());
        // A code's typo lists every form, not only the code forms.
        let said = Class::parse("4xxx").expect_err("not a class");
        assert!(
            said.contains("not-retryable") && said.contains("500-504"),
            "{said}"
        );
        assert!(not_a_class("retryable", None).contains("did you mean not-retryable?"));
    }
}
