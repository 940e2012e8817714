//! Diagnosis: from one error the scanner found to what happened and what to
//! do next. Pure: no I/O here; `commands::diagnose` renders.

pub mod envelope;
pub mod journal;
pub mod json;
pub mod prefix;
pub mod scan;
pub mod select;
pub mod shapes;
pub mod stamp;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use envelope::{Envelope, Found, ReasonName, StatusName};
use scan::Exchange;

use crate::catalog::{Catalog, Reason, Section, normalize_name};
use crate::endpoint::Request;
use crate::matching;
use crate::retry::Retry;
use crate::rules::{self, BodyKind, Observation, Rule, RuleKind};
use crate::status::Status;
use crate::untrusted::Untrusted;

/// What kind of failure a diagnosis is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An error envelope (or bare error object).
    Envelope,
    /// The older `{"msg": …}` body.
    Legacy,
    /// A reason code on its own.
    BareReason,
    /// A failed response with an empty body.
    EmptyBody,
    /// A success status whose body a field note says means failure.
    FalseSuccess,
    /// A response that did not come from the API (HTML or text from a proxy).
    NotApi,
    /// The request never got an HTTP answer.
    Transport,
    /// An HTTP status whose body the client did not show.
    StatusOnly,
}

impl Kind {
    /// The heading for a diagnosis without a reason.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Envelope => "Envelope without a reason",
            Kind::Legacy => "Older error body",
            Kind::BareReason => "Reason code",
            Kind::EmptyBody => "Empty error body",
            Kind::FalseSuccess => "Failure behind a success status",
            Kind::NotApi => "Not from the API",
            Kind::Transport => "No HTTP answer",
            Kind::StatusOnly => "Status without a body",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Envelope => "envelope",
            Kind::Legacy => "legacy_body",
            Kind::BareReason => "bare_reason",
            Kind::EmptyBody => "empty_body",
            Kind::FalseSuccess => "false_success",
            Kind::NotApi => "not_api",
            Kind::Transport => "transport",
            Kind::StatusOnly => "status_only",
        }
    }
}

/// How the catalog ties a reason to the endpoint that sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Documented {
    /// The reason lists this endpoint.
    Endpoint,
    /// The reason lists no endpoints, but belongs to this path's resource.
    Resource,
    /// A generic reason: any endpoint may send it.
    Generic,
    /// The catalog does not tie the reason to this endpoint.
    No,
}

impl Documented {
    pub fn key(self) -> &'static str {
        match self {
            Documented::Endpoint => "endpoint",
            Documented::Resource => "resource",
            Documented::Generic => "generic",
            Documented::No => "no",
        }
    }
}

/// One fact read from the response, as sent, with what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// Stable JSON key: `retry_after`, `limited_by`, `recovery_endpoint`,
    /// `deletion_scheduled_at`, `deletion_effective_at`, `parameter`.
    pub key: &'static str,
    pub label: &'static str,
    /// The value as the response gave it.
    pub value: Untrusted,
    pub meaning: Option<&'static str>,
}

impl Fact {
    fn new(
        key: &'static str,
        label: &'static str,
        value: &str,
        meaning: Option<&'static str>,
    ) -> Fact {
        Fact {
            key,
            label,
            value: Untrusted::new(value),
            meaning,
        }
    }
}

/// Everything said about one error. Text from the input is [`Untrusted`];
/// the prose fields (`summary`, `warnings`, `steps`) quote it only through
/// its inert `Display`.
#[derive(Debug)]
pub struct Diagnosis {
    pub kind: Kind,
    /// The 1-based input line the error ended on.
    pub line: u64,
    /// The line its record started on (its request, status line, log line…).
    pub from: u64,
    /// The reason as sent (or inferred for legacy bodies).
    pub reason_name: Option<Untrusted>,
    pub reason: Option<&'static Reason>,
    /// Close catalog names for an unknown reason.
    pub suggestions: Vec<&'static Reason>,
    /// The code on the status line, if the input had one.
    pub http_line: Option<u16>,
    /// `error.status` as sent.
    pub status: Option<Untrusted>,
    pub message: Option<Untrusted>,
    pub request_id: Option<Untrusted>,
    pub request_line: Option<Untrusted>,
    pub request: Option<Request>,
    pub section: Option<&'static Section>,
    /// How the catalog ties this reason to the request's endpoint (None: no request or reason).
    pub documented: Option<Documented>,
    pub warnings: Vec<String>,
    /// Facts read from `details`, headers and the message.
    pub facts: Vec<Fact>,
    pub field_notes: Vec<&'static Rule>,
    /// Notes that would apply had the method been shown (one of theirs).
    pub conditional_notes: Vec<&'static Rule>,
    /// For a status without a body: the reasons the catalog gives for this
    /// endpoint (or generic ones) with this code.
    pub likely: Vec<&'static Reason>,
    /// For a status without a body: how to see the body with the client
    /// that hid it (also one of the steps).
    pub body_hint: Option<&'static str>,
    /// Whether the input showed the response headers (a missing one is then missing).
    pub headers_shown: bool,
    /// Static advice is borrowed, not copied, for each error.
    pub steps: Vec<Cow<'static, str>>,
    /// Text shown for failures that are not envelopes.
    pub summary: Option<String>,
}

/// Distinct unknown names that get close-name suggestions. Scoring one
/// costs about 0.3 ms, so a log full of invented names would otherwise cost
/// seconds; past this many, none are looked for (and the diagnosis says so).
pub const SUGGESTED_NAMES: usize = 1_000;

/// Names longer than this are not a reason someone mistyped: no suggestions.
const SUGGESTIBLE_LEN: usize = 96;

/// Close names for an unknown reason, or None when [`SUGGESTED_NAMES`]
/// distinct names have been looked up already. Logs repeat the same unknown
/// reason many times, so answers are remembered (up to a bound, to keep
/// memory flat).
fn suggestions_for(name: &str) -> Option<Vec<&'static Reason>> {
    thread_local! {
        static SEEN: RefCell<HashMap<String, Vec<&'static Reason>>> = RefCell::new(HashMap::new());
        static LOOKED_UP: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    const REMEMBERED: usize = 4096;
    if name.len() > SUGGESTIBLE_LEN {
        return Some(Vec::new());
    }
    if let Some(known) = SEEN.with(|seen| seen.borrow().get(name).cloned()) {
        return Some(known);
    }
    if LOOKED_UP.with(|n| n.replace(n.get() + 1)) >= SUGGESTED_NAMES {
        return None;
    }
    // Reasons the server never sends are not offered as what it meant.
    let found: Vec<&'static Reason> = matching::ranked(Catalog::get(), name)
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.emitted)
        .take(3)
        .collect();
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        seen.insert(name.to_owned(), found.clone());
    });
    Some(found)
}

/// The parameter named in a binding-failure message, old or new form.
pub fn parameter_name(message: &str) -> Option<String> {
    let clean = |s: &str| {
        s.trim_matches(|c: char| c == '"' || c == ':' || c == '\'')
            .to_owned()
    };
    // Built once: every message is searched.
    static PARAMETER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("parameter "));
    let after = |at: usize| &message[at + "parameter ".len()..];
    if let Some(rest) = PARAMETER.find(message.as_bytes()).map(after) {
        // Up to a second "parameter ", as splitting on it would.
        let rest = &rest[..PARAMETER.find(rest.as_bytes()).unwrap_or(rest.len())];
        return rest
            .split_whitespace()
            .next()
            .map(clean)
            .filter(|s| !s.is_empty());
    }
    if let Some(rest) = message.strip_prefix("Query argument ") {
        return rest.split_whitespace().next().map(clean);
    }
    None
}

fn legacy_reason(message: &str) -> &'static str {
    if message.contains("required") {
        "MISSING_REQUEST_PARAMETER"
    } else {
        "INVALID_REQUEST_PARAMETER"
    }
}

impl Diagnosis {
    /// The same, its record starting on line `from`.
    pub fn starting_on(self, from: u64) -> Diagnosis {
        Diagnosis {
            from: from.min(self.line),
            ..self
        }
    }

    fn new(kind: Kind, line: u64, exchange: &Exchange) -> Diagnosis {
        Diagnosis {
            kind,
            line,
            from: line,
            reason_name: None,
            reason: None,
            suggestions: Vec::new(),
            http_line: exchange.http,
            status: None,
            message: None,
            request_id: exchange.x_request_id.as_deref().map(Untrusted::new),
            request_line: exchange.request_line.as_deref().map(Untrusted::new),
            request: exchange.request.clone(),
            section: exchange
                .request
                .as_ref()
                .and_then(|r| r.section(Catalog::get())),
            documented: None,
            warnings: Vec::new(),
            facts: Vec::new(),
            field_notes: Vec::new(),
            conditional_notes: Vec::new(),
            likely: Vec::new(),
            body_hint: None,
            headers_shown: exchange.headers_shown,
            steps: Vec::new(),
            summary: None,
        }
    }

    /// The HTTP code that best describes the response: the status line,
    /// else what `error.status` means, else the catalog's code for the reason.
    pub fn http(&self) -> Option<u16> {
        self.http_line
            .or_else(|| {
                self.status
                    .as_ref()
                    .and_then(|s| Status::from_name(s.redacted()))
                    .map(Status::http)
            })
            .or_else(|| self.reason.map(|r| r.http))
    }

    fn set_reason(&mut self, name: ReasonName) {
        let name = match name {
            ReasonName::Catalog(at) => {
                let reason = &Catalog::get().reasons()[at];
                self.reason = Some(reason);
                self.reason_name = Some(Untrusted::from_static(reason.name()));
                return;
            }
            ReasonName::Sent(name) => name,
        };
        self.reason = Catalog::get().reason(&name);
        if self.reason.is_none() {
            match suggestions_for(&name) {
                Some(close) => self.suggestions = close,
                None => self.warnings.push(format!(
                    "Close names are looked for only for the first {SUGGESTED_NAMES} distinct unknown reasons of an input; this one was not."
                )),
            }
        }
        self.reason_name = Some(Untrusted::from_string(name));
    }

    fn envelope(&mut self, mut envelope: Envelope) {
        self.status = envelope.status.take().map(|status| match status {
            StatusName::Canonical(status) => Untrusted::from_static(status.name()),
            StatusName::Sent(text) => Untrusted::from_string(text),
        });
        self.message = envelope.message.take().map(Untrusted::from_string);
        if let Some(id) = envelope.request_id.take() {
            self.request_id = Some(Untrusted::from_string(id));
        }
        match envelope.reason.take() {
            Some(ReasonName::Sent(reason)) if !reason.trim().is_empty() => {
                let reason = match reason.trim().len() == reason.len() {
                    // Most names need no trimming: their buffer is kept.
                    true => reason,
                    false => reason.trim().to_owned(),
                };
                self.set_reason(ReasonName::Sent(reason));
            }
            Some(reason @ ReasonName::Catalog(_)) => self.set_reason(reason),
            Some(ReasonName::Sent(_)) | None => {
                self.warnings
                    .push("The envelope has no reason: branch on error.status instead.".to_owned());
            }
        }
        self.details(&envelope);
    }

    fn details(&mut self, envelope: &Envelope) {
        if let Some(by) = envelope.detail("limited_by") {
            let meaning = match by.as_str() {
                "ip" => {
                    "limited per client IP, across all routes: every caller behind this address shares the budget"
                }
                "customer" => {
                    "limited per customer, on authenticated v1.0 routes: all of the customer's keys and agents share the budget"
                }
                _ => "a tier the documentation does not describe",
            };
            self.facts
                .push(Fact::new("limited_by", "Limited by", &by, Some(meaning)));
        }
        if let Some(endpoint) = envelope.detail("recovery_endpoint") {
            let meaning = "call it to restore the account before it is deleted (30 days after the scheduled time)";
            self.facts.push(Fact::new(
                "recovery_endpoint",
                "Recovery",
                &endpoint,
                Some(meaning),
            ));
        }
        for (key, label) in [
            ("deletion_scheduled_at", "Scheduled"),
            ("deletion_effective_at", "Deleted at"),
        ] {
            if envelope.has_detail(key) {
                let when = envelope
                    .detail(key)
                    .unwrap_or_else(|| "(not set)".to_owned());
                self.facts.push(Fact::new(key, label, &when, None));
            }
        }
    }

    /// Checks the status line, `error.status` and the catalog against each other.
    fn check_consistency(&mut self) {
        let sent_status = self
            .status
            .as_ref()
            .map(|s| (s, Status::from_name(s.redacted())));
        if let Some((text, None)) = sent_status {
            self.warnings.push(format!(
                "error.status '{text}' is not a canonical status string."
            ));
        }
        let status = sent_status.and_then(|(_, s)| s);
        if let (Some(line), Some(status)) = (self.http_line, status)
            && status.http() != line
        {
            self.warnings.push(format!(
                "The status line says HTTP {line}, but error.status {} means HTTP {}.",
                status.name(),
                status.http()
            ));
        }
        if let Some(reason) = self.reason {
            let sent = self.http_line.or(status.map(Status::http));
            if let Some(sent) = sent
                && sent != reason.http
            {
                self.warnings.push(format!(
                    "The catalog documents {} as HTTP {}, but this response is HTTP {sent}.",
                    reason.name(),
                    reason.http
                ));
            }
        }
    }

    fn place_request(&mut self) {
        let (Some(request), Some(reason)) = (&self.request, self.reason) else {
            return;
        };
        self.documented = Some(if reason.section_key() == "generic" {
            Documented::Generic
        } else if reason.documents_endpoint(request)
            || crate::server_index::routes_for(request)
                .iter()
                .any(|route| route.sends(reason.name()))
        {
            Documented::Endpoint
        } else if reason.endpoints().is_empty()
            && self
                .section
                .is_some_and(|s| s.key() == reason.section_key())
        {
            Documented::Resource
        } else {
            Documented::No
        });
    }

    fn apply_rules(&mut self, body: Option<BodyKind>, exchange: &Exchange) {
        let http = self.http();
        let seen = Observation {
            request: self.request.as_ref(),
            http,
            reason: self.reason_name.as_ref().map(Untrusted::redacted),
            body,
            // Whether Retry-After came is known only when the headers were shown.
            retry_after: Some(exchange.retry_after.is_some()).filter(|_| exchange.headers_shown),
        };
        self.field_notes = rules::matching(&seen);
        // The method was not shown: notes about some methods hold only "if
        // this was" one of them, and never set the retry advice.
        self.conditional_notes = match self.request.as_ref() {
            Some(request) if request.method.is_none() => rules::rules()
                .iter()
                .filter(|r| r.kind == RuleKind::Quirk && !r.methods().is_empty())
                .filter(|r| {
                    r.methods().iter().any(|m| {
                        let shown = Request {
                            method: Some((*m).to_owned()),
                            ..request.clone()
                        };
                        r.applies(&Observation {
                            request: Some(&shown),
                            ..seen.clone()
                        })
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
    }

    /// The Retry-After seconds the response gave, first among the facts.
    fn note_retry_after(&mut self, retry_after: Option<&Untrusted>) {
        if let Some(seconds) = retry_after {
            let fact = Fact::new(
                "retry_after",
                "Retry-After",
                seconds.redacted(),
                Some("seconds to wait before retrying"),
            );
            self.facts.insert(0, fact);
        }
    }

    /// The retry advice for this error, when its HTTP code is known.
    pub fn retry_advice(&self) -> Option<Retry> {
        self.http().map(|http| self.retry(http))
    }

    /// Retry advice for this response: a field note that says retrying
    /// cannot help wins; a reason the server is not known to send falls back
    /// on the code the response came with.
    fn retry(&self, http: u16) -> Retry {
        let from_note = self
            .field_notes
            .iter()
            .find_map(|rule| rule.retry().and_then(Retry::from_key));
        match (from_note, self.reason.map(Reason::retry)) {
            (Some(retry), _) => retry,
            (None, Some(Retry::NotSent) | None) => Retry::for_http(http),
            (None, Some(retry)) => retry,
        }
    }

    /// The reason's fix, said for this response.
    fn fix(&self, reason: &'static Reason) -> Cow<'static, str> {
        let parameter = self.facts.iter().find(|f| f.key == "parameter");
        match (reason.name(), parameter) {
            ("INVALID_REQUEST_PARAMETER", Some(p)) => {
                return format!(
                    "Fix the value of the parameter {}: its format is wrong.",
                    p.value
                )
                .into();
            }
            ("MISSING_REQUEST_PARAMETER", Some(p)) => {
                return format!("Add the parameter {} to the request.", p.value).into();
            }
            _ => {}
        }
        if self.kind == Kind::Legacy {
            // The older body has no error.message: the parameter is in `msg`.
            return reason
                .fix()
                .replace("error.message", "the body's msg")
                .into();
        }
        if reason.name() == "ACCOUNT_FROZEN"
            && let Some(step) = self.recovery_step()
        {
            return step.into();
        }
        reason.fix().into()
    }

    /// For ACCOUNT_FROZEN: the recovery endpoint the response named, and
    /// how long is left before the account is deleted.
    fn recovery_step(&self) -> Option<String> {
        let fact = |key: &str| self.facts.iter().find(|f| f.key == key).map(|f| &f.value);
        let endpoint = fact("recovery_endpoint")?;
        let effective = fact("deletion_effective_at")
            .and_then(|v| days_since_epoch(v.redacted()))
            .or_else(|| {
                fact("deletion_scheduled_at")
                    .and_then(|v| days_since_epoch(v.redacted()))
                    .map(|d| d + 30)
            });
        let today = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| (d.as_secs() / 86_400) as i64);
        Some(match effective.map(|day| day - today) {
            Some(left) if left > 1 => format!(
                "Call {endpoint} to restore the account: {left} days are left before deletion_effective_at; after that the account is deleted and cannot be restored."
            ),
            Some(left) if left >= 0 => format!(
                "Call {endpoint} now to restore the account: deletion_effective_at is less than two days away; after that the account is deleted and cannot be restored."
            ),
            Some(_) => format!(
                "The deletion_effective_at time has passed: the account is deleted, and {endpoint} can no longer restore it. Contact support."
            ),
            None => format!(
                "Call {endpoint} to restore the account before deletion_effective_at; after that the account is deleted and cannot be restored."
            ),
        })
    }

    fn plan_steps(&mut self, retry_after: Option<&Untrusted>) {
        for rule in &self.field_notes {
            self.steps.push(rule.next().into());
        }
        // Notes about the same methods are one step: "If this was a POST
        // request" is said once.
        let mut conditional: Vec<(String, Vec<&str>)> = Vec::new();
        for rule in &self.conditional_notes {
            let methods = rule.methods().join(" or ");
            let said = [rule.says(), rule.next()];
            match conditional.iter_mut().find(|(m, _)| *m == methods) {
                Some((_, texts)) => texts.extend(said),
                None => conditional.push((methods, said.to_vec())),
            }
        }
        for (methods, texts) in conditional {
            let step = format!("If this was a {methods} request: {}", texts.join(" "));
            self.steps.push(step.into());
        }
        if let Some(parameter) = self
            .message
            .as_ref()
            .and_then(|m| parameter_name(m.redacted()))
        {
            self.facts
                .push(Fact::new("parameter", "Parameter", &parameter, None));
        }
        // What this code and reason mean on the route (the server index):
        // which ID or condition, and what to check. Said first, since the
        // reason's usual fix may not be the one here.
        let mut agent_only = false;
        if let (Some(request), Some(http)) = (&self.request, self.http()) {
            let on_route = crate::wire::on_route(request, http, self.reason.map(|r| r.name()));
            agent_only = on_route.agent_only;
            for (at, step) in on_route.steps.into_iter().enumerate() {
                self.steps.insert(at, step.into());
            }
        }
        let retry = self.http().map(|http| self.retry(http));
        // On an agent-only route, "send a valid access key" cannot work.
        // A field note about this reason on this request says what to do
        // instead of the reason's usual fix.
        if let Some(reason) = self.reason
            && retry != Some(Retry::AfterRetryAfter)
            && !agent_only
            && !self
                .field_notes
                .iter()
                .any(|r| r.reasons().contains(reason.name()))
        {
            // For 429 the retry step below says it better, with the actual seconds.
            self.steps.push(self.fix(reason));
        }
        let (Some(http), Some(retry)) = (self.http(), retry) else {
            return;
        };
        if self.reason.is_none() && self.kind == Kind::Envelope {
            let meaning = self
                .status
                .as_ref()
                .and_then(|s| Status::from_name(s.redacted()))
                .map_or_else(
                    || format!("HTTP {http}: treat it by its code."),
                    |s| format!("{}: {}", s.name(), s.meaning()),
                );
            self.steps.insert(
                0,
                format!("The reason is not in the catalog; fall back on its status. {meaning}")
                    .into(),
            );
        }
        if http < 400 {
            return;
        }
        // Support is named once: not again when a step already sends the user there.
        let support = || {
            if self.steps.iter().any(|s| s.contains("support")) {
                String::new()
            } else {
                match &self.request_id {
                    Some(id) => format!(
                        " If it fails again, give support the request_id {id} and the time of the request."
                    ),
                    None => {
                        " If it fails again, give support the request_id and the time of the request."
                            .to_owned()
                    }
                }
            }
        };
        // A field note may say a retry cannot help in a case it names: the
        // usual retry advice is then for the other cases.
        let otherwise = |step: String| -> Cow<'static, str> {
            if self
                .steps
                .iter()
                .any(|s| crate::retry::says_retry_cannot_help(s))
            {
                let mut chars = step.chars();
                let first = chars.next().map(|c| c.to_ascii_lowercase());
                format!(
                    "Otherwise, {}{}",
                    first.into_iter().collect::<String>(),
                    chars.as_str()
                )
                .into()
            } else {
                step.into()
            }
        };
        let step: Cow<'static, str> = match (retry, retry_after) {
            (Retry::AfterRetryAfter, Some(seconds)) => format!("Wait at least {seconds} seconds (Retry-After), then retry.").into(),
            (Retry::AfterRetryAfter, None) if self.headers_shown => {
                "No Retry-After came with it: back off exponentially (1 s, 2 s, 4 s…, with jitter) before retrying.".into()
            }
            (Retry::AfterRetryAfter, None) => {
                "Wait the seconds in the response's Retry-After header (not shown here), then retry; without one, back off exponentially (1 s, 2 s, 4 s…, with jitter).".into()
            }
            (Retry::RetryOnce, _) => otherwise(format!("Retry once.{}", support())),
            (Retry::Backoff, _) => otherwise(format!("{}{}", retry.advice(), support())),
            (Retry::DoNotRetry | Retry::NotSent, _) => retry.advice().into(),
        };
        self.steps.push(step);
        said_once(&mut self.steps);
    }
}

impl Diagnosis {
    /// A status code without its body: what the code means for VoIPbin, the
    /// reasons the catalog gives for this endpoint and code, and how to see the body.
    fn status_only(&mut self, exchange: &Exchange, retry_after: Option<&Untrusted>) {
        let http = exchange.http.unwrap_or(0);
        let statuses = Status::for_http(http);
        let meaning = statuses
            .iter()
            .map(|s| format!("{} ({})", s.name(), s.meaning().trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join(" or ");
        self.summary = Some(match meaning.is_empty() {
            true => format!("HTTP {http}; the client printed no body, so the reason is not known."),
            false => format!(
                "HTTP {http}: {meaning}. The client printed no body, so the reason is not known."
            ),
        });
        // The endpoint's own reasons for this code (what `voiperr endpoint`
        // lists), then those the API answers on every route.
        let catalog = Catalog::get();
        let (documented, notes) = match &self.request {
            Some(request) => request.documented(),
            None => (Vec::new(), Vec::new()),
        };
        let on_endpoint: Vec<&'static Reason> = documented
            .into_iter()
            .filter(|r| r.emitted && r.http == http)
            .collect();
        let anywhere: Vec<&'static Reason> = catalog
            .reasons()
            .iter()
            .filter(|r| r.emitted && r.published && r.http == http && r.section_key() == "generic")
            .filter(|r| !on_endpoint.iter().any(|e| e.name() == r.name()))
            .collect();
        // A field note that this endpoint answers this code with an empty
        // body: there is no body to see, and the note says what it means
        // (only "if this was" its method, when the method was not shown).
        let empty_note = notes.iter().any(|n| {
            n.body == Some(BodyKind::Empty)
                && (n.http().is_empty() || n.http().contains(&http))
                && n.retry_after.is_none()
        });
        self.apply_rules(empty_note.then_some(BodyKind::Empty), exchange);
        let empty = self
            .field_notes
            .iter()
            .any(|n| n.body == Some(BodyKind::Empty));
        let names = |reasons: &[&Reason]| {
            reasons
                .iter()
                .take(6)
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let likely = match (on_endpoint.is_empty(), anywhere.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!("on this endpoint: {}", names(&on_endpoint))),
            (true, false) => Some(format!("on any endpoint: {}", names(&anywhere))),
            (false, false) => Some(format!(
                "on this endpoint: {}; on any endpoint: {}",
                names(&on_endpoint),
                names(&anywhere)
            )),
        };
        if let Some(likely) = likely {
            self.steps.push(
                format!("Likely reasons for this code {likely} (voiperr explain NAME).").into(),
            );
        }
        self.likely = on_endpoint.into_iter().chain(anywhere).collect();
        if empty {
            self.note_retry_after(retry_after);
            self.plan_steps(retry_after);
            return;
        }
        let hint = exchange
            .body_hint
            .unwrap_or("Print the response body: it says which reason.");
        self.body_hint = Some(hint);
        self.steps.push(hint.into());
        self.note_retry_after(retry_after);
        self.plan_steps(retry_after);
    }
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD…` (RFC 3339 and the like).
fn days_since_epoch(text: &str) -> Option<i64> {
    let date = text.trim().get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d): (i64, i64, i64) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Diagnoses one error the scanner found, or None when it is not an error
/// (a success response that no field note flags).
pub fn diagnose(found: Found, exchange: &Exchange, line: u64) -> Option<Diagnosis> {
    let retry_after = exchange.retry_after.as_deref().map(Untrusted::new);
    let retry_after = retry_after.as_ref();
    let mut d;
    match found {
        Found::Envelope(envelope) => {
            d = Diagnosis::new(Kind::Envelope, line, exchange);
            d.envelope(envelope);
        }
        Found::Legacy(message) => {
            d = Diagnosis::new(Kind::Legacy, line, exchange);
            d.set_reason(ReasonName::new(legacy_reason(&message)));
            d.warnings.push(
                "An older server's {\"msg\": …} body, not an envelope: read as the reason shown."
                    .to_owned(),
            );
            d.message = Some(Untrusted::new(&message));
        }
        Found::BareReason(name) => {
            d = Diagnosis::new(Kind::BareReason, line, exchange);
            d.set_reason(ReasonName::new(normalize_name(&name)));
            d.reason_name = Some(Untrusted::new(&name));
        }
        Found::Transport(message) => {
            d = Diagnosis::new(Kind::Transport, line, exchange);
            d.summary = Some(format!(
                "The request never got an HTTP answer from the API: {}",
                Untrusted::new(&message)
            ));
            d.steps = vec![
                "Check the URL (https://api.voipbin.net/v1.0/…), DNS, proxy settings and network access from this machine.".into(),
                "Retry once the network problem is fixed; the API never saw this request.".into(),
            ];
            return Some(d);
        }
        Found::StatusOnly => {
            d = Diagnosis::new(Kind::StatusOnly, line, exchange);
            d.status_only(exchange, retry_after);
            return Some(d);
        }
        Found::NoEnvelope => {
            let body = exchange.body.unwrap_or(BodyKind::Empty);
            let http = exchange.http.unwrap_or(0);
            let kind = match (http, body) {
                (0..=399, _) => Kind::FalseSuccess,
                (_, BodyKind::Empty | BodyKind::EmptyObject) => Kind::EmptyBody,
                _ => Kind::NotApi,
            };
            d = Diagnosis::new(kind, line, exchange);
            d.apply_rules(Some(body), exchange);
            if kind == Kind::FalseSuccess && d.field_notes.is_empty() {
                return None;
            }
            d.summary = Some(match kind {
                Kind::EmptyBody if http == 400 => format!(
                    "HTTP {http} with an empty body: no error envelope. The /auth handlers answer validation failures this way (malformed JSON body, wrong password, bad confirmation_phrase or accepted_tos)."
                ),
                Kind::EmptyBody => format!(
                    "HTTP {http} with an empty body: no error envelope, so the response does not say why."
                ),
                Kind::NotApi if d.field_notes.is_empty() && (400..500).contains(&http) => format!(
                    "HTTP {http} without an error envelope: the body is an HTML or text page, so something other than the API answered (a proxy, a firewall, a wrong host or path)."
                ),
                Kind::NotApi if d.field_notes.is_empty() => format!(
                    "HTTP {http} without an error envelope: the body is an HTML or text page, so the failure most likely came from a proxy or load balancer in front of the API, not from the API itself."
                ),
                Kind::NotApi => format!(
                    "HTTP {http} without an error envelope (a known quirk of this endpoint)."
                ),
                _ => format!("HTTP {http}, but the body means the call failed."),
            });
            if kind == Kind::NotApi && d.field_notes.is_empty() {
                if matches!(http, 502..=504) {
                    d.steps.push("Retry with exponential backoff; a gateway error (502, 503, 504) is usually transient.".into());
                    d.steps.push("If it persists, check the VoIPbin status and your network path (proxies, VPN), and report the time of the failure.".into());
                } else if (400..500).contains(&http) {
                    d.steps.push("Check the URL (https://api.voipbin.net/v1.0/…, and /auth/… without /v1.0) and the credentials you send; the API itself answers with an error envelope.".into());
                } else {
                    d.steps.push("Retry once; if it fails again, check your network path (proxies, VPN) and report the time of the failure.".into());
                }
                return Some(d);
            }
            if kind == Kind::EmptyBody && http == 400 && d.field_notes.is_empty() {
                d.steps.push("Check the request body against the API reference: the response carries no reason to say what was wrong.".into());
            }
            d.plan_steps(retry_after);
            return Some(d);
        }
    }
    d.check_consistency();
    d.place_request();
    d.apply_rules(exchange.body, exchange);
    d.note_retry_after(retry_after);
    d.plan_steps(retry_after);
    Some(d)
}

/// Diagnoses the errors in a whole input held in memory (a tool's pasted
/// text), with the same scanner and rules as `voiperr diagnose`: the first
/// `keep`, and how many there are in all (memory stays bounded by `keep`).
pub fn diagnose_first(input: &[u8], keep: usize) -> (Vec<Diagnosis>, usize) {
    let mut diagnoses = Vec::new();
    let mut total = 0;
    // Scanning a slice cannot fail: no read, and the sink does not write.
    let _ = scan::scan(input, &mut |event| {
        if let Some((d, _)) = diagnosed(event) {
            total += 1;
            if diagnoses.len() < keep {
                diagnoses.push(d);
            }
        }
        Ok(())
    });
    (diagnoses, total)
}

/// The first error in one record (a log message, a multi-line one too),
/// with the record's own time: its prefix, else its JSON record's time
/// field. `now` places a year-less stamp (syslog) in a year.
pub fn diagnose_record(record: &[u8], now: Option<i64>) -> Option<(Diagnosis, Option<i64>)> {
    let mut first = None;
    let mut sink = |event: scan::Event<'_>| {
        if first.is_none() {
            first = diagnosed(event);
        }
        Ok(())
    };
    let mut scanner =
        scan::Scanner::new(&mut sink as &mut dyn FnMut(scan::Event<'_>) -> std::io::Result<()>)
            .dated(now);
    // Scanning a slice cannot fail: no read, and the sink does not write.
    let _ = scanner.feed(record).and_then(|()| scanner.finish());
    drop(scanner);
    first
}

/// The diagnosis of an error event, and its record's time.
fn diagnosed(event: scan::Event<'_>) -> Option<(Diagnosis, Option<i64>)> {
    let scan::Event::Error {
        found,
        exchange,
        line,
        from,
    } = event
    else {
        return None;
    };
    diagnose(found, exchange, line).map(|d| (d.starting_on(from), exchange.time))
}

/// What `--summary` counts an error under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryKey {
    /// A catalog reason, by its place in [`Catalog::reasons`] (looked up once).
    Known(usize),
    /// An unknown reason name, or what a failure without one is, in
    /// parentheses (`(empty body)`), counted per HTTP code.
    Other(Cow<'static, str>),
}

/// The key and HTTP code an error is counted under in `--summary`; None for
/// a success response without an envelope that is just that.
pub fn summary_key(found: &Found, exchange: &Exchange) -> Option<(SummaryKey, Option<u16>)> {
    let catalog = Catalog::get();
    let known = |at: usize| {
        (
            SummaryKey::Known(at),
            exchange.http.or(Some(catalog.reasons()[at].http)),
        )
    };
    let named = |name: &str| match catalog.index(name) {
        Some(at) => known(at),
        None => (
            SummaryKey::Other(Cow::Owned(name.to_owned())),
            exchange.http,
        ),
    };
    let failure = |what: &'static str| SummaryKey::Other(Cow::Borrowed(what));
    Some(match found {
        Found::Envelope(e) => match &e.reason {
            Some(ReasonName::Catalog(at)) => known(*at),
            Some(ReasonName::Sent(reason)) => {
                let (name, http) = named(reason);
                let http = http.or_else(|| {
                    e.status
                        .as_ref()
                        .and_then(StatusName::status)
                        .map(Status::http)
                });
                (name, http)
            }
            None => (failure("(envelope without reason)"), exchange.http),
        },
        Found::Legacy(message) => named(legacy_reason(message)),
        Found::BareReason(name) => named(&normalize_name(name)),
        Found::Transport(_) => (failure("(no HTTP answer)"), None),
        Found::StatusOnly => (failure("(status without a body)"), exchange.http),
        Found::NoEnvelope if exchange.http.is_some_and(|h| h < 400) => {
            // A success is an error only where a field note says so: counted
            // exactly when `diagnose` would report it.
            diagnose(Found::NoEnvelope, exchange, 0)?;
            (failure("(failure behind a success status)"), exchange.http)
        }
        Found::NoEnvelope => match exchange.body {
            Some(BodyKind::Text | BodyKind::TextThenEnvelope) => {
                (failure("(HTML or text body)"), exchange.http)
            }
            _ => (failure("(empty body)"), exchange.http),
        },
    })
}

/// Steps said once each: an exact repeat goes, and so does a step the
/// last one (the retry step) says almost all of, in more words (a field
/// note's "check with a GET before re-sending" that the 503's retry step
/// says too). Steps about different conditions of one route share most
/// words and mean different things, so only the retry step absorbs.
/// A few steps: no hashing.
fn said_once(steps: &mut Vec<Cow<'static, str>>) {
    let mut kept = 0;
    for at in 0..steps.len() {
        if !steps[..kept].contains(&steps[at]) {
            steps.swap(kept, at);
            kept += 1;
        }
    }
    steps.truncate(kept);
    let Some((last, earlier)) = steps.split_last() else {
        return;
    };
    if earlier.is_empty() {
        return;
    }
    let retry = content_words(last);
    let said_by_retry = |step: &str| {
        let words = content_words(step);
        let shared = words
            .iter()
            .filter(|w| retry.iter().any(|r| r.eq_ignore_ascii_case(w)))
            .count();
        words.len() < retry.len() && shared as f64 >= SAID_WITHIN * words.len() as f64
    };
    let keep: Vec<bool> = earlier.iter().map(|s| !said_by_retry(s)).collect();
    let mut flags = keep.into_iter().chain([true]);
    steps.retain(|_| flags.next().unwrap_or(true));
}

/// The share of a step's words another step must say to say it too.
const SAID_WITHIN: f64 = 0.8;

/// A step's words of three letters or more, each once whatever its
/// (ASCII) case. Borrowed and compared in place, not lowered into new
/// strings and sorted: every diagnosis of a long log asks this of its
/// steps, and a step has a few dozen words.
fn content_words(step: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::with_capacity(step.len() / 6);
    for word in step
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| w.len() >= 3)
    {
        if !words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            words.push(word);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No step list both says a retry cannot help and says to retry, for
    /// any field note alone or with the others that fire on the same
    /// request: every rule's requests, codes and reasons, with each body.
    #[test]
    fn words_are_the_same_whatever_their_case() {
        assert_eq!(
            content_words("Retry the GET; retry it, get to"),
            ["Retry", "the", "GET"]
        );
    }

    #[test]
    fn a_step_another_says_in_full_is_said_once() {
        let mut steps: Vec<Cow<'static, str>> = vec![
            "Before re-sending a request that creates or changes something, check with a GET whether the first one took effect; then retry with exponential backoff.".into(),
            "Verify the ID was obtained from a recent GET /calls list call.".into(),
            "Verify the ID was obtained from a recent GET /calls list call.".into(),
            "Retry with exponential backoff; the API takes no idempotency key, so before re-sending a request that creates or changes something, check with a GET whether it took effect. If it fails again, give support the request_id and the time of the request.".into(),
        ];
        said_once(&mut steps);
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(steps[0].starts_with("Verify"));
        assert!(steps[1].starts_with("Retry with exponential backoff"));
        // Two conditions of one route: alike in words, not in meaning.
        let mut steps: Vec<Cow<'static, str>> = vec![
            "On GET /flows/{id}, 403 PERMISSION_DENIED answers an ID that belongs to another customer: the API loads the resource, then checks its owner.".into(),
            "On GET /flows/{id}, 403 PERMISSION_DENIED answers a caller without the role: the API loads the resource, then checks its owner and role.".into(),
            "Do not retry unchanged: the same request fails the same way until it is fixed.".into(),
        ];
        said_once(&mut steps);
        assert_eq!(steps.len(), 3, "{steps:?}");
    }

    #[test]
    fn no_steps_advise_both_retrying_and_not() {
        use crate::retry::{says_retry, says_retry_cannot_help};
        let codes = [400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503];
        for rule in crate::rules::rules() {
            let methods: Vec<&str> = if rule.methods().is_empty() {
                vec!["GET", "POST"]
            } else {
                rule.methods().iter().collect()
            };
            let paths: Vec<&str> = if rule.paths().is_empty() {
                vec!["/calls/{id}"]
            } else {
                rule.paths().iter().collect()
            };
            let https: &[u16] = if rule.http().is_empty() {
                &codes
            } else {
                rule.http()
            };
            let mut reasons: Vec<Option<&str>> = rule.reasons().iter().map(Some).collect();
            reasons.push(None);
            for method in methods {
                for path in &paths {
                    let path = path
                        .replace("{id}", "0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a")
                        .replace('*', "x");
                    let versioned = if path.starts_with("/auth") {
                        path
                    } else {
                        format!("/v1.0{path}")
                    };
                    for http in https {
                        for reason in &reasons {
                            let body = match reason {
                                Some(r) => format!(
                                    r#"{{"error":{{"status":"X","reason":"{r}","message":"m","request_id":"q"}}}}"#
                                ),
                                None => String::new(),
                            };
                            let input = format!(
                                "> {method} {versioned} HTTP/1.1\n< HTTP/1.1 {http} X\n< Retry-After: 5\n<\n{body}\n"
                            );
                            for d in diagnose_first(input.as_bytes(), usize::MAX).0 {
                                let against = d.steps.iter().any(|s| says_retry_cannot_help(s));
                                let retry = d.steps.iter().find(|s| says_retry(s));
                                assert!(
                                    !(against && retry.is_some()),
                                    "{} on {method} {versioned} {http} {reason:?}: {:#?}",
                                    rule.id(),
                                    d.steps
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn dates_count_days() {
        assert_eq!(days_since_epoch("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(days_since_epoch("2026-11-24"), Some(20_781));
        assert_eq!(days_since_epoch("2000-03-01 12:00"), Some(11_017));
        assert_eq!(days_since_epoch("soon"), None);
        assert_eq!(days_since_epoch("2026-13-01"), None);
    }

    #[test]
    fn parameter_names_from_messages() {
        assert_eq!(
            parameter_name("The parameter \"id\" has an invalid format.").as_deref(),
            Some("id")
        );
        assert_eq!(
            parameter_name("Invalid format for parameter id: bad uuid").as_deref(),
            Some("id")
        );
        assert_eq!(
            parameter_name("Query argument page_size is required, but not found").as_deref(),
            Some("page_size")
        );
        assert_eq!(parameter_name("nothing"), None);
        // The name is the word right after the first "parameter ", or none.
        assert_eq!(parameter_name("parameter  parameter x"), None);
        assert_eq!(
            parameter_name("parameter a parameter b").as_deref(),
            Some("a")
        );
    }

    #[test]
    fn an_envelope_with_a_wrong_status_line_warns() {
        let exchange = Exchange {
            http: Some(400),
            ..Exchange::default()
        };
        let envelope = Envelope {
            status: Some(StatusName::new("NOT_FOUND")),
            reason: Some(ReasonName::new("CALL_NOT_FOUND")),
            ..Envelope::default()
        };
        let d = diagnose(Found::Envelope(envelope), &exchange, 1).expect("an error");
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(d.reason.is_some());
    }

    #[test]
    fn unknown_reasons_fall_back_on_the_status() {
        let envelope = Envelope {
            status: Some(StatusName::new("PERMISSION_DENIED")),
            reason: Some(ReasonName::new("BILLING_ACCESS_DENIED")),
            ..Envelope::default()
        };
        let d = diagnose(Found::Envelope(envelope), &Exchange::default(), 1).expect("an error");
        assert!(d.reason.is_none());
        assert!(d.steps[0].contains("PERMISSION_DENIED"), "{:?}", d.steps);
        assert_eq!(d.field_notes[0].id(), "billing-access-denied-example");
    }
}
