//! The on-disk shape of `data/catalog.json` and the checks it must pass.
//!
//! `build.rs` compiles this file too (via `#[path]`): it deserializes the
//! catalog, runs [`validate`], and turns the data into static tables, so a bad
//! entry fails the build with a message that names it.

use std::collections::HashSet;

use serde::Deserialize;

use crate::status::Status;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSource {
    pub source: SourceInfo,
    pub sections: Vec<SectionSource>,
    pub reasons: Vec<ReasonSource>,
    /// Names that could mean more than one reason, so are no one's alias.
    pub ambiguous: Vec<AmbiguousSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbiguousSource {
    pub name: String,
    pub candidates: Vec<String>,
    pub why: String,
}

/// What the server really does where it differs from the page
/// (`server-behaviour.md`): the card leads with it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSource {
    pub says: String,
    /// Endpoints that send the reason beside the page's.
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// Where in the server's source (files and lines).
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    pub page: String,
    pub page_date: String,
    pub server_source_date: String,
    /// The server commit the behaviour notes were read at.
    pub server_commit: String,
    /// The notes file the `server` blocks come from.
    pub server_notes: String,
    pub license: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSource {
    pub key: String,
    pub title: String,
    pub description: String,
    pub prefixes: Vec<String>,
    pub notes: Vec<String>,
    pub published: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonSource {
    pub reason: String,
    pub http: u16,
    pub status: String,
    pub resource: String,
    pub cause: String,
    pub fix: String,
    /// `"voiperr"` when the page gives no fix and the text is ours.
    #[serde(default)]
    pub fix_origin: Option<String>,
    pub endpoints: Vec<String>,
    pub notes: Vec<String>,
    pub aliases: Vec<String>,
    pub published: bool,
    #[serde(default = "emitted_by_default")]
    pub emitted: bool,
    /// Why a reason is not emitted, from the field notes.
    #[serde(default)]
    pub field_note: Option<String>,
    /// Retry advice where the HTTP code's default is wrong (a key of `Retry`).
    #[serde(default)]
    pub retry: Option<String>,
    #[serde(default)]
    pub server: Option<ServerSource>,
}

/// The keys `retry` may take.
pub const RETRY_KEYS: [&str; 4] = ["do_not_retry", "after_retry_after", "backoff", "retry_once"];

fn emitted_by_default() -> bool {
    true
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

fn is_upper_snake(text: &str) -> bool {
    !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_uppercase())
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Every problem in the catalog, each naming its entry; empty when it is sound.
pub fn validate(catalog: &CatalogSource) -> Vec<String> {
    let mut problems = Vec::new();
    let mut section_keys = HashSet::new();
    for section in &catalog.sections {
        if !section_keys.insert(section.key.as_str()) {
            problems.push(format!("section `{}`: duplicate key", section.key));
        }
        if section.title.trim().is_empty() || section.description.trim().is_empty() {
            problems.push(format!(
                "section `{}`: empty title or description",
                section.key
            ));
        }
        for prefix in &section.prefixes {
            if !prefix.starts_with('/') {
                problems.push(format!(
                    "section `{}`: prefix `{prefix}` must start with `/`",
                    section.key
                ));
            }
        }
    }

    let mut names = HashSet::new();
    for reason in &catalog.reasons {
        if !is_upper_snake(&reason.reason) {
            problems.push(format!(
                "reason `{}`: name is not UPPER_SNAKE",
                reason.reason
            ));
        }
        if !names.insert(reason.reason.as_str()) {
            problems.push(format!("reason `{}`: duplicate reason", reason.reason));
        }
    }

    let mut aliases = HashSet::new();
    for reason in &catalog.reasons {
        let name = &reason.reason;
        match Status::from_name(&reason.status) {
            None => problems.push(format!(
                "reason `{name}`: unknown status `{}`",
                reason.status
            )),
            Some(status) if status.http() != reason.http => problems.push(format!(
                "reason `{name}`: HTTP {} does not match status {} ({})",
                reason.http,
                status.name(),
                status.http()
            )),
            Some(_) => {}
        }
        if !section_keys.contains(reason.resource.as_str()) {
            problems.push(format!(
                "reason `{name}`: unknown section `{}`",
                reason.resource
            ));
        }
        if reason.cause.trim().is_empty() {
            problems.push(format!("reason `{name}`: empty cause"));
        }
        if reason.fix.trim().is_empty() {
            problems.push(format!("reason `{name}`: empty fix"));
        }
        if let Some(origin) = &reason.fix_origin
            && origin != "voiperr"
        {
            problems.push(format!("reason `{name}`: fix_origin must be \"voiperr\""));
        }
        let server_endpoints = reason.server.iter().flat_map(|s| &s.endpoints);
        if let Some(server) = &reason.server
            && (server.says.trim().is_empty() || server.source.trim().is_empty())
        {
            problems.push(format!(
                "reason `{name}`: server block needs `says` and `source`"
            ));
        }
        for endpoint in reason.endpoints.iter().chain(server_endpoints) {
            let well_formed = endpoint
                .split_once(' ')
                .is_some_and(|(method, path)| METHODS.contains(&method) && path.starts_with('/'));
            if !well_formed {
                problems.push(format!(
                    "reason `{name}`: endpoint `{endpoint}` is not `METHOD /path`"
                ));
            }
        }
        for alias in &reason.aliases {
            if !is_upper_snake(alias) {
                problems.push(format!(
                    "reason `{name}`: alias `{alias}` is not UPPER_SNAKE"
                ));
            }
            if names.contains(alias.as_str()) || Status::from_name(alias).is_some() {
                problems.push(format!(
                    "reason `{name}`: alias `{alias}` is already a reason or status name"
                ));
            }
            if !aliases.insert(alias.as_str()) {
                problems.push(format!("reason `{name}`: duplicate alias `{alias}`"));
            }
        }
        if reason.emitted == reason.field_note.is_some() {
            problems.push(format!(
                "reason `{name}`: a field_note goes with `emitted: false`, and only there"
            ));
        }
        if let Some(retry) = &reason.retry
            && !RETRY_KEYS.contains(&retry.as_str())
        {
            problems.push(format!("reason `{name}`: unknown retry `{retry}`"));
        }
        if !reason.published && !reason.emitted {
            problems.push(format!(
                "reason `{name}`: an unpublished reason is known only because it is emitted"
            ));
        }
    }
    for entry in &catalog.ambiguous {
        let name = &entry.name;
        if !is_upper_snake(name) || names.contains(name.as_str()) || aliases.contains(name.as_str())
        {
            problems.push(format!(
                "ambiguous `{name}`: must be UPPER_SNAKE and no reason's name or alias"
            ));
        }
        if entry.candidates.len() < 2 || entry.why.trim().is_empty() {
            problems.push(format!(
                "ambiguous `{name}`: needs two candidates and a why"
            ));
        }
        for candidate in &entry.candidates {
            if !names.contains(candidate.as_str()) {
                problems.push(format!("ambiguous `{name}`: unknown reason `{candidate}`"));
            }
        }
    }
    problems
}
