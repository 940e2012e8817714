//! The public JSON schema. These view structs are the only things serialized,
//! so internal types can change without breaking scripts. Bump
//! [`SCHEMA_VERSION`] on any incompatible change.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, Reason, Section, short_name};
use crate::diagnose::{Diagnosis, Documented};
use crate::doc_url;
use crate::matching::MatchKind;
use crate::retry::Retry;
use crate::rules::{self, Rule, RuleKind};
use crate::server_index;
use crate::static_text::Texts;
use crate::status::Status;
use crate::untrusted::Untrusted;
use crate::wire;

pub const SCHEMA_VERSION: u32 = 2;

/// What the catalog was made from (`voiperr --version --json`): the
/// published page (its date, and its git blob in the server repository)
/// and the server commit its code was read at. Every other JSON answer
/// names it by [`short_name`] instead.
#[derive(Debug, Serialize)]
pub struct SourcesView {
    pub page: &'static str,
    pub page_date: &'static str,
    pub page_blob: &'static str,
    pub server_repository: &'static str,
    pub server_commit: &'static str,
    pub server_source_date: &'static str,
    pub server_notes: &'static str,
    pub license: &'static str,
}

/// How many reasons the catalog holds.
#[derive(Debug, Serialize)]
pub struct ReasonCounts {
    pub published: usize,
    pub unpublished: usize,
}

/// `voiperr --version --json`.
#[derive(Debug, Serialize)]
pub struct VersionView {
    pub schema_version: u32,
    pub name: &'static str,
    pub version: &'static str,
    /// The name every other answer gives the catalog.
    pub catalog: &'static str,
    pub sources: SourcesView,
    pub reasons: ReasonCounts,
}

impl VersionView {
    pub fn new() -> VersionView {
        let catalog = Catalog::get();
        let source = catalog.source();
        let published = catalog.published_count();
        VersionView {
            schema_version: SCHEMA_VERSION,
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            catalog: short_name(),
            sources: SourcesView {
                page: source.page(),
                page_date: source.page_date(),
                page_blob: server_index::page_blob(),
                server_repository: server_index::repository(),
                server_commit: server_index::commit(),
                server_source_date: source.server_source_date(),
                server_notes: source.server_notes(),
                license: source.license(),
            },
            reasons: ReasonCounts {
                published,
                unpublished: catalog.reasons().len() - published,
            },
        }
    }
}

impl Default for VersionView {
    fn default() -> VersionView {
        VersionView::new()
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct RetryView {
    /// `do_not_retry`, `after_retry_after`, `backoff`, `retry_once` or `not_sent`.
    pub key: &'static str,
    pub advice: &'static str,
}

impl From<Retry> for RetryView {
    fn from(retry: Retry) -> RetryView {
        RetryView {
            key: retry.key(),
            advice: retry.advice(),
        }
    }
}

/// One reason, as `explain --json`, `list --format json` and `search --json` show it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ReasonView {
    pub schema_version: u32,
    /// The catalog's name, only where the reason is a whole answer
    /// (`explain`), not in a list (`voiperr --version --json` gives its sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<&'static str>,
    pub kind: &'static str,
    pub reason: &'static str,
    pub http: u16,
    pub status: &'static str,
    pub resource: &'static str,
    pub published: bool,
    pub emitted: bool,
    pub cause: &'static str,
    pub fix: &'static str,
    pub fix_from_page: bool,
    pub endpoints: Texts,
    pub notes: Vec<&'static str>,
    pub field_note: Option<&'static str>,
    pub retry: RetryView,
    pub aliases: Texts,
    /// What the server really does, where it differs from the page.
    pub server: Option<ServerView>,
    /// Field notes that fire on this reason (what `diagnose` would add).
    pub field_notes: Vec<FieldNoteView>,
    /// Where the server's code sends it, from the server index.
    pub server_code: ServerCodeView,
    /// Its page on the site (`voiperr site`), when a docs URL is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// `exact`, `alias` or `fuzzy` (explain only).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_kind: Option<&'static str>,
    /// What the user typed (explain only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Where the searched words were found (search only): `name`, `alias`,
    /// `cause`, `fix`, `endpoint`, `note`, `resource note`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Vec<&'static str>>,
}

impl ReasonView {
    pub fn new(reason: &'static Reason) -> ReasonView {
        ReasonView {
            schema_version: SCHEMA_VERSION,
            catalog: None,
            kind: "reason",
            reason: reason.name(),
            http: reason.http,
            status: reason.status.name(),
            resource: reason.section_key(),
            published: reason.published,
            emitted: reason.emitted,
            cause: reason.cause(),
            fix: reason.fix(),
            fix_from_page: reason.fix_from_page,
            endpoints: reason.endpoints(),
            notes: reason.all_notes().collect(),
            field_note: reason.field_note(),
            retry: reason.retry().into(),
            aliases: reason.aliases(),
            server: ServerView::new(reason),
            server_code: ServerCodeView::new(reason),
            doc_url: doc_url::url(&doc_url::reason_page(reason.name())),
            field_notes: rules::naming(reason.name())
                .into_iter()
                .map(FieldNoteView::new)
                .collect(),
            match_kind: None,
            query: None,
            matched: None,
        }
    }

    pub fn matched(reason: &'static Reason, how: MatchKind, query: &str) -> ReasonView {
        ReasonView {
            match_kind: Some(how.key()),
            query: Some(query.to_owned()),
            ..ReasonView::new(reason)
        }
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct StatusEntry {
    pub status: &'static str,
    pub http: u16,
    pub meaning: &'static str,
}

impl StatusEntry {
    pub fn new(status: Status) -> StatusEntry {
        StatusEntry {
            status: status.name(),
            http: status.http(),
            meaning: status.meaning(),
        }
    }
}

/// `explain 409` / `explain NOT_FOUND` in JSON.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct StatusView {
    pub schema_version: u32,
    /// The catalog's name: `voiperr --version --json` gives its sources.
    pub catalog: &'static str,
    pub kind: &'static str,
    pub query: String,
    pub http: u16,
    /// The code's reason phrase (`Too Many Requests`).
    pub phrase: Option<&'static str>,
    pub statuses: Vec<StatusEntry>,
    /// The code's own advice; a reason's may differ (`retry_by_reason`).
    pub retry: RetryView,
    /// Names of the reasons the server sends with this status, published or not.
    pub reasons: Vec<&'static str>,
    /// Each of `reasons` with its retry key (429: `after_retry_after` for
    /// RATE_LIMIT_EXCEEDED, `do_not_retry` for RESOURCE_LIMIT_EXCEEDED).
    pub retry_by_reason: BTreeMap<&'static str, &'static str>,
    /// Names of the reasons the page gives for this status that the server never sends.
    pub never_sent: Vec<&'static str>,
    /// Where the query is a name people guess for several of these reasons
    /// (`TOO_MANY_REQUESTS`): what tells them apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub which: Option<&'static str>,
    /// The code's page on the site, when a docs URL is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
}

/// Where the server's code sends a reason (`scripts/index-server`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ServerCodeView {
    pub commit: &'static str,
    /// The routes whose code sends it, or passes it on from a manager: `GET /v1.0/flows/{id}`.
    pub routes: Vec<String>,
    /// The page's endpoints the server serves no route for (it answers 404 ROUTE_NOT_FOUND).
    pub unserved_endpoints: Texts,
    /// Where another customer's ID answers 403 PERMISSION_DENIED instead,
    /// though the page says this reason covers it: `file:line`.
    pub another_customer: Option<String>,
    /// The cause as the server's code has it (the page's, corrected).
    pub cause: Cow<'static, str>,
    /// What a client really receives where the page says otherwise or
    /// nothing: never sent and what arrives instead, the page's routes
    /// that answer an unknown ID otherwise, a deleted ID, and which ID or
    /// condition a generic reason means on which routes.
    pub received: Vec<WireNoteView>,
}

/// One thing the server's code says a client receives (`crate::wire`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct WireNoteView {
    /// `never_sent`, `instead`, `deleted_id`, `means` or `access_key`.
    pub kind: &'static str,
    pub text: String,
    /// Every route it is about: `GET /flows/{id}`.
    pub routes: Vec<String>,
}

impl ServerCodeView {
    pub fn new(reason: &'static Reason) -> ServerCodeView {
        ServerCodeView {
            commit: server_index::commit(),
            routes: reason
                .server_routes()
                .map(|route| format!("{} {}", route.method(), route.path()))
                .collect(),
            unserved_endpoints: reason.server_code().unserved_endpoints(),
            another_customer: reason
                .server_code()
                .owner_check()
                .map(|(file, line, _)| format!("{file}:{line}")),
            cause: reason.cause_on_server(),
            received: wire::reason_notes(reason)
                .into_iter()
                .map(|n| WireNoteView {
                    kind: n.kind,
                    text: n.text,
                    routes: n.routes,
                })
                .collect(),
        }
    }
}

/// What the server really does with a reason (`explain`), from the
/// behaviour notes and the field notes about it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ServerView {
    /// Whether the server sends this reason at all.
    pub sends_reason: bool,
    pub says: Option<&'static str>,
    /// Endpoints that send it beside the page's.
    pub endpoints: Texts,
    /// What the server answers instead, or also.
    pub answers: Vec<FieldNoteView>,
    pub source: Option<&'static str>,
    pub notes: &'static str,
    pub commit: &'static str,
}

impl ServerView {
    pub fn new(reason: &'static Reason) -> Option<ServerView> {
        let answers = rules::about(reason.name());
        if reason.server().is_none() && answers.is_empty() {
            return None;
        }
        let source = Catalog::get().source();
        Some(ServerView {
            sends_reason: reason.emitted,
            says: reason.server().map(|s| s.says()).or(reason.field_note()),
            endpoints: reason.server().map_or(Texts::EMPTY, |s| s.endpoints()),
            answers: answers.into_iter().map(FieldNoteView::new).collect(),
            source: reason.server().map(|s| s.source()),
            notes: source.server_notes(),
            commit: source.server_commit(),
        })
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct RuleSourceView {
    pub notes: &'static str,
    pub file: Option<&'static str>,
    pub commit: &'static str,
}

/// A field note in JSON (`diagnose --json`, `endpoint --json`, `explain --json`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct FieldNoteView {
    pub id: &'static str,
    /// `quirk` (diagnose points it out), `documented` or `success`.
    pub kind: &'static str,
    /// The requests it is about (empty: any).
    pub methods: Texts,
    pub paths: Texts,
    /// The HTTP codes and reasons it is about (empty: any).
    pub http: &'static [u16],
    pub reasons: Texts,
    pub says: &'static str,
    pub next: &'static str,
    pub source: RuleSourceView,
}

impl FieldNoteView {
    pub fn new(rule: &'static Rule) -> FieldNoteView {
        FieldNoteView {
            id: rule.id(),
            kind: match rule.kind {
                RuleKind::Quirk => "quirk",
                RuleKind::Documented => "documented",
                RuleKind::Success => "success",
            },
            methods: rule.methods(),
            paths: rule.paths(),
            http: rule.http(),
            reasons: rule.reasons(),
            says: rule.says(),
            next: rule.next(),
            source: RuleSourceView {
                notes: rule.source().notes(),
                file: rule.source().file(),
                commit: rule.source().commit(),
            },
        }
    }
}

/// `list`/`search` in JSON.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ReasonListView {
    pub schema_version: u32,
    /// The catalog's name: `voiperr --version --json` gives its sources.
    pub catalog: &'static str,
    pub count: usize,
    /// Unpublished reasons left out (add `--all`).
    pub hidden_unpublished: usize,
    pub reasons: Vec<ReasonView>,
}

impl ReasonListView {
    pub fn new(reasons: &[&'static Reason], hidden_unpublished: usize) -> ReasonListView {
        ReasonListView {
            schema_version: SCHEMA_VERSION,
            catalog: short_name(),
            count: reasons.len(),
            hidden_unpublished,
            reasons: reasons.iter().map(|r| ReasonView::new(r)).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct SectionView {
    pub key: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub prefixes: Texts,
    pub published: bool,
    pub reasons: usize,
    pub unpublished_reasons: usize,
}

impl SectionView {
    pub fn new(
        section: &'static Section,
        reasons: usize,
        unpublished_reasons: usize,
    ) -> SectionView {
        SectionView {
            key: section.key(),
            title: section.title(),
            description: section.description(),
            prefixes: section.prefixes(),
            published: section.published,
            reasons,
            unpublished_reasons,
        }
    }
}

/// `list --resources` in JSON.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct SectionListView {
    pub schema_version: u32,
    /// The catalog's name: `voiperr --version --json` gives its sources.
    pub catalog: &'static str,
    pub sections: Vec<SectionView>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct RequestView {
    pub line: Untrusted,
    pub method: Option<Untrusted>,
    pub path: Untrusted,
    pub resource: Option<&'static str>,
    /// `endpoint`, `resource`, `generic` or `no`.
    pub documented: Option<&'static str>,
}

/// One diagnosis in `--json` (one line of NDJSON each). Text from the input
/// is [`Untrusted`]: redacted, and escaped by [`crate::output::write_json`].
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct DiagnosisView<'d> {
    pub schema_version: u32,
    /// The catalog's name: `voiperr --version --json` gives its sources.
    pub catalog: &'static str,
    pub kind: &'static str,
    /// The input it came from: a file name, or `-` for stdin.
    pub file: &'d str,
    /// The line the error ended on, and the line its record started on.
    pub line: u64,
    pub from: u64,
    pub reason: Option<Untrusted>,
    pub known: bool,
    pub published: Option<bool>,
    pub http: Option<u16>,
    pub status: Option<&'d Untrusted>,
    pub catalog_http: Option<u16>,
    pub message: Option<&'d Untrusted>,
    pub request_id: Option<&'d Untrusted>,
    pub request: Option<RequestView>,
    pub summary: Option<&'d str>,
    pub cause: Option<Cow<'static, str>>,
    pub facts: BTreeMap<&'static str, &'d Untrusted>,
    pub warnings: &'d [String],
    pub field_notes: Vec<FieldNoteView>,
    pub next_steps: &'d [Cow<'static, str>],
    pub suggestions: Vec<&'static str>,
    /// For a status without a body: the catalog's reasons for this endpoint and code.
    pub likely_reasons: Vec<&'static str>,
    /// For a status without a body: how to see it with the client that hid it.
    pub body_hint: Option<&'static str>,
    /// The reason's (else the code's) page on the site, when a docs URL is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// With `--check`: the read-only GET that confirms (or not) this
    /// diagnosis; absent when the catalog knows no confirming read for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckView<'d>>,
}

/// The request a check sent: never the key.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct CheckRequestView<'d> {
    /// Always `GET`.
    pub method: &'static str,
    /// The path under the API's host, without the query (the key): `/v1.0/calls/…`.
    pub path: &'d str,
}

/// `diagnose --check`: what one read-only GET found and what it means for the diagnosis.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct CheckView<'d> {
    /// Which check of `data/checks.json` was made: `recording-start-500`, `not-found`, …
    pub check: &'static str,
    pub request: CheckRequestView<'d>,
    /// False when an earlier check of the same resource in this run answered it,
    /// or nothing was sent (`--check-limit` reached, or checks stopped after a 429).
    pub sent: bool,
    /// The answer's HTTP code; null when none came.
    pub http: Option<u16>,
    /// The state the answer puts the object in: `ended`, `recording`, `unknown`, `foreign`, `low`, …
    pub state: Option<&'static str>,
    /// The deciding fields, as the API sent them (for an error answer: its reason and details).
    pub found: &'d BTreeMap<&'static str, Untrusted>,
    /// `confirms`, `contradicts` or `inconclusive`.
    pub verdict: &'static str,
    /// What was found and what it means, in one sentence.
    pub summary: &'d str,
}

impl<'d> CheckView<'d> {
    pub fn new(outcome: &'d crate::check::judge::Outcome) -> CheckView<'d> {
        CheckView {
            check: outcome.check,
            request: CheckRequestView {
                method: "GET",
                path: &outcome.path,
            },
            sent: outcome.sent,
            http: outcome.http,
            state: outcome.state,
            found: &outcome.found,
            verdict: outcome.verdict.key(),
            summary: &outcome.summary,
        }
    }
}

impl<'d> DiagnosisView<'d> {
    pub fn new(d: &'d Diagnosis, file: &'d str) -> DiagnosisView<'d> {
        DiagnosisView {
            schema_version: SCHEMA_VERSION,
            catalog: short_name(),
            kind: d.kind.key(),
            file,
            line: d.line,
            from: d.from,
            reason: d
                .reason
                .map(|r| Untrusted::from_static(r.name()))
                .or_else(|| d.reason_name.clone()),
            known: d.reason.is_some(),
            published: d.reason.map(|r| r.published),
            http: d.http(),
            status: d.status.as_ref(),
            catalog_http: d.reason.map(|r| r.http),
            message: d.message.as_ref(),
            request_id: d.request_id.as_ref(),
            request: d.request.as_ref().map(|r| RequestView {
                line: d.request_line.clone().unwrap_or_default(),
                method: r.method.as_deref().map(Untrusted::new),
                path: Untrusted::new(&r.path()),
                resource: d.section.map(|s| s.key()),
                documented: d.documented.map(Documented::key),
            }),
            summary: d.summary.as_deref(),
            cause: d.reason.map(|r| r.cause_on_server()),
            facts: d.facts.iter().map(|f| (f.key, &f.value)).collect(),
            warnings: &d.warnings,
            field_notes: d
                .field_notes
                .iter()
                .map(|r| FieldNoteView::new(r))
                .collect(),
            next_steps: &d.steps,
            suggestions: d.suggestions.iter().map(|r| r.name()).collect(),
            likely_reasons: d.likely.iter().map(|r| r.name()).collect(),
            body_hint: d.body_hint,
            doc_url: doc_url::for_error(d.reason, d.http()),
            check: None,
        }
    }

    /// The view with a check's outcome.
    pub fn checked(self, outcome: Option<&'d crate::check::judge::Outcome>) -> DiagnosisView<'d> {
        DiagnosisView {
            check: outcome.map(CheckView::new),
            ..self
        }
    }
}

/// What `voiperr enrich` adds to a log message that holds a VoIPbin error:
/// the facts of its diagnosis that a log store counts and alerts on, named
/// and written as in [`DiagnosisView`] (of which it is a part), plus the
/// message's own time, the retry advice, the first next step and the
/// catalog it was read with.
#[derive(Serialize)]
pub struct EnrichView<'d> {
    /// When the message says it was logged (RFC 3339, UTC), if it says so.
    pub time: Option<String>,
    /// `envelope`, `status_only`, `empty_body`… as in [`DiagnosisView`].
    pub kind: &'static str,
    pub reason: Option<Untrusted>,
    pub http: Option<u16>,
    pub status: Option<&'d Untrusted>,
    pub known: bool,
    pub cause: Option<Cow<'static, str>>,
    pub retry: Option<RetryView>,
    pub next_step: Option<&'d str>,
    pub request: Option<RequestView>,
    pub request_id: Option<&'d Untrusted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// The catalog's short name (`2026-08-05/2bf22fa4`).
    pub catalog: &'static str,
}

impl<'d> EnrichView<'d> {
    /// The view of the diagnosis of a message logged at `time` (seconds since the epoch).
    pub fn new(d: &'d Diagnosis, time: Option<i64>) -> EnrichView<'d> {
        let view = DiagnosisView::new(d, "");
        EnrichView {
            time: time.map(crate::diagnose::stamp::rfc3339),
            kind: view.kind,
            reason: view.reason,
            http: view.http,
            status: view.status,
            known: view.known,
            cause: view.cause,
            retry: d.retry_advice().map(RetryView::from),
            next_step: view.next_steps.first().map(|step| step.as_ref()),
            request: view.request,
            request_id: view.request_id,
            doc_url: view.doc_url,
            catalog: crate::catalog::short_name(),
        }
    }
}

/// One row of `diagnose --summary`.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct TallyRow {
    pub reason: Untrusted,
    pub count: u64,
    pub http: Option<u16>,
    pub known: bool,
    pub fix: Option<&'static str>,
}

/// `diagnose --summary --json`.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct SummaryView {
    pub schema_version: u32,
    /// The catalog's name: `voiperr --version --json` gives its sources.
    pub catalog: &'static str,
    pub total: u64,
    pub distinct: usize,
    pub skipped: u64,
    pub reasons: Vec<TallyRow>,
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn every_catalog_entry_round_trips_through_json() {
        for reason in Catalog::get().reasons() {
            let text = serde_json::to_string(&ReasonView::new(reason)).expect("serializes");
            let back: Value = serde_json::from_str(&text).expect("parses");
            assert_eq!(back["reason"], reason.name());
            assert_eq!(back["http"], reason.http);
            assert_eq!(back["status"], reason.status.name());
            assert_eq!(back["resource"], reason.section_key());
            assert_eq!(back["cause"], reason.cause());
            assert_eq!(back["fix"], reason.fix());
            assert_eq!(back["published"], reason.published);
            assert_eq!(back["emitted"], reason.emitted);
            assert_eq!(back["endpoints"], serde_json::json!(reason.endpoints()));
            assert_eq!(back["aliases"], serde_json::json!(reason.aliases()));
            assert_eq!(back["retry"]["key"], reason.retry().key());
        }
    }
}
