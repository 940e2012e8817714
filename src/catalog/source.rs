//! The on-disk shape of `data/catalog.json` and the checks it must pass.
//!
//! `build.rs` compiles this file too (via `#[path]`): it deserializes the
//! catalog, runs [`validate`], and turns the data into static tables, so a bad
//! entry fails the build with a message that names it.

use std::collections::HashSet;

use serde::Deserialize;

use crate::status::Status;

/// How the page says a `*_NOT_FOUND` also covers other customers' IDs.
pub const ANOTHER_CUSTOMER: &str = " or belongs to another customer.";

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
    /// The server's lines the `field_note` and `server` text rest on, where
    /// voiperr read them itself (`scripts/index-server` checks each quote).
    #[serde(default)]
    pub cites: Vec<Cite>,
}

/// One line of the server's source, at the catalog's server commit, and
/// words it holds: `scripts/index-server` fails when the line lacks them,
/// and records the line in `data/server-index.json` (`cited`), which a test
/// checks every cite against.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// `bin-…/file.go:123`.
    pub at: String,
    pub quote: String,
}

/// Problems with one list of cites, named after its owner.
fn cite_problems(owner: &str, cites: &[Cite]) -> Vec<String> {
    cites
        .iter()
        .filter(|c| {
            let line = c.at.rsplit_once(':').map(|(file, line)| (file, line.parse::<u32>()));
            !matches!(line, Some((file, Ok(_))) if file.starts_with("bin-") && file.ends_with(".go"))
                || c.quote.trim().is_empty()
        })
        .map(|c| format!("{owner}: cite `{}` must be `bin-…/file.go:LINE` with a quote", c.at))
        .collect()
}

/// The on-disk shape of `data/field-notes.json`: where the live API differs
/// from the page, as rules (`src/rules.rs` has what each field means).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSource {
    pub rules: Vec<RuleSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    pub id: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub http: Vec<u16>,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub retry_after: Option<String>,
    #[serde(default)]
    pub retry: Option<String>,
    #[serde(default)]
    pub about: Vec<String>,
    pub says: String,
    /// How the note reads on a card, where no response is given: a
    /// condition ("When …"). Needed when `says` is about one response.
    #[serde(default)]
    pub card: Option<String>,
    pub next: String,
    pub source: RuleOrigin,
    /// The server's lines it rests on, where voiperr read them itself.
    #[serde(default)]
    pub cites: Vec<Cite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOrigin {
    pub notes: String,
    #[serde(default)]
    pub file: Option<String>,
    pub commit: String,
}

/// The values `kind`, `body` and `retry_after` may take, as the Rust variants they become.
pub const RULE_KINDS: [(&str, &str); 3] = [
    ("quirk", "Quirk"),
    ("documented", "Documented"),
    ("success", "Success"),
];
pub const BODY_KINDS: [(&str, &str); 5] = [
    ("empty", "Empty"),
    ("empty_object", "EmptyObject"),
    ("text", "Text"),
    ("text_then_envelope", "TextThenEnvelope"),
    ("envelope", "Envelope"),
];
pub const PRESENCES: [(&str, &str); 2] = [("missing", "Missing"), ("present", "Present")];

/// Every problem in the field notes, each naming its rule; empty when sound.
/// Whether a field note's text is about one given response rather than a
/// rule of the server's.
fn speaks_of_one_response(text: &str) -> bool {
    ["This ", "On this ", "Some failures here", "The plan's "]
        .iter()
        .any(|start| text.starts_with(start))
        || [" here", " came without"]
            .iter()
            .any(|words| text.contains(words))
}

pub fn validate_rules(rules: &RuleFileSource, catalog: &CatalogSource) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    let names: HashSet<&str> = catalog.reasons.iter().map(|r| r.reason.as_str()).collect();
    let known = |table: &[(&str, &str)], value: &Option<String>| {
        value
            .as_deref()
            .is_none_or(|v| table.iter().any(|(key, _)| *key == v))
    };
    for rule in &rules.rules {
        let id = &rule.id;
        if !ids.insert(id.as_str()) {
            problems.push(format!("rule `{id}`: duplicate id"));
        }
        if rule.says.trim().is_empty() || rule.next.trim().is_empty() {
            problems.push(format!("rule `{id}`: empty says or next"));
        }
        if rule.paths.is_empty() && rule.reasons.is_empty() {
            problems.push(format!("rule `{id}`: must name a path or a reason"));
        }
        // On a card no response is given: a note that speaks of one ("This
        // RATE_LIMIT_EXCEEDED came without…", "a 500 here") says so as a condition.
        if speaks_of_one_response(&rule.says) && rule.card.is_none() {
            problems.push(format!(
                "rule `{id}`: `says` speaks of one response; give `card`, the same as a condition (\"When …\")"
            ));
        }
        if let Some(card) = &rule.card
            && (speaks_of_one_response(card)
                || !(card.starts_with("When ") || card.starts_with("If ")))
        {
            problems.push(format!(
                "rule `{id}`: `card` must be a condition (\"When …\" or \"If …\")"
            ));
        }
        for method in &rule.methods {
            if !METHODS.contains(&method.as_str()) {
                problems.push(format!("rule `{id}`: unknown method `{method}`"));
            }
        }
        for path in &rule.paths {
            if !path.starts_with('/') {
                problems.push(format!("rule `{id}`: path `{path}` must start with `/`"));
            }
        }
        if !known(&RULE_KINDS, &rule.kind)
            || !known(&BODY_KINDS, &rule.body)
            || !known(&PRESENCES, &rule.retry_after)
        {
            problems.push(format!("rule `{id}`: unknown kind, body or retry_after"));
        }
        if let Some(retry) = &rule.retry
            && !RETRY_KEYS.contains(&retry.as_str())
        {
            problems.push(format!("rule `{id}`: unknown retry `{retry}`"));
        }
        for name in &rule.about {
            if !names.contains(name.as_str()) {
                problems.push(format!("rule `{id}`: about unknown reason `{name}`"));
            }
        }
        if rule.kind.as_deref() == Some("success")
            && !rule.http.iter().all(|h| (200..300).contains(h))
        {
            problems.push(format!("rule `{id}`: a success answers 2xx"));
        }
        // Read from the notes, or from the server's code itself with its lines cited.
        let notes_ok = ["field-notes.md", "server-behaviour.md"]
            .contains(&rule.source.notes.as_str())
            || (rule.source.notes == SERVER_CODE && !rule.cites.is_empty());
        if !notes_ok || rule.source.commit != catalog.source.server_commit {
            problems.push(format!(
                "rule `{id}`: source must be field-notes.md or server-behaviour.md, or {SERVER_CODE} with cites, at the catalog's server commit"
            ));
        }
        problems.extend(cite_problems(&format!("rule `{id}`"), &rule.cites));
    }
    problems
}

/// The `source.notes` of a field note read from the server's code itself.
pub const SERVER_CODE: &str = "server code";

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
        problems.extend(cite_problems(&format!("reason `{name}`"), &reason.cites));
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
