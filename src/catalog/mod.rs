//! The error-reason catalog, compiled in from `data/catalog.json` by `build.rs`.

#[cfg(test)]
mod provenance_tests;
// build.rs reads every field; the tests only some.
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod source;

use std::sync::OnceLock;

use std::borrow::Cow;

use crate::endpoint;
use crate::retry::Retry;
use crate::server_index::{self, ServerRoute};
use crate::static_text::{Text, Texts};
use crate::status::Status;

/// Where the catalog's text comes from.
#[derive(Debug)]
pub struct SourceInfo {
    page: &'static str,
    page_date: &'static str,
    server_source_date: &'static str,
    server_commit: &'static str,
    server_notes: &'static str,
    license: &'static str,
}

impl SourceInfo {
    /// The published page's file name.
    pub fn page(&self) -> &'static str {
        self.page
    }

    pub fn page_date(&self) -> &'static str {
        self.page_date
    }

    /// When the server's source was read.
    pub fn server_source_date(&self) -> &'static str {
        self.server_source_date
    }

    /// The server commit the behaviour notes were read at.
    pub fn server_commit(&self) -> &'static str {
        self.server_commit
    }

    /// The notes file the `server` blocks come from.
    pub fn server_notes(&self) -> &'static str {
        self.server_notes
    }

    pub fn license(&self) -> &'static str {
        self.license
    }
}

/// What the server really does with a reason, where that differs from the page.
#[derive(Clone, Copy, Debug)]
pub struct ServerBehaviour {
    says: &'static str,
    endpoints: Texts,
    source: &'static str,
}

impl ServerBehaviour {
    pub fn says(&self) -> &'static str {
        self.says
    }

    /// Endpoints that send the reason beside the page's.
    pub fn endpoints(&self) -> Texts {
        self.endpoints
    }

    /// Where in the server's source.
    pub fn source(&self) -> &'static str {
        self.source
    }
}

/// A name that could mean more than one reason: no alias, but a choice.
#[derive(Debug)]
pub struct Ambiguity {
    name: &'static str,
    candidates: Texts,
    why: &'static str,
}

impl Ambiguity {
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn candidates(&self) -> Texts {
        self.candidates
    }

    pub fn why(&self) -> &'static str {
        self.why
    }
}

/// A group of reasons: `generic`, or one API resource and its path prefixes.
#[derive(Debug)]
pub struct Section {
    key: &'static str,
    title: &'static str,
    description: &'static str,
    prefixes: Texts,
    notes: Texts,
    pub published: bool,
}

impl Section {
    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn title(&self) -> &'static str {
        self.title
    }

    pub fn description(&self) -> &'static str {
        self.description
    }

    /// Path prefixes (`/calls`, `/calls/{id}/recording-*`) that map a request to this section.
    pub fn prefixes(&self) -> Texts {
        self.prefixes
    }

    /// Notes from the page that apply to every reason of the section.
    pub fn notes(&self) -> Texts {
        self.notes
    }
}

/// One `error.reason` with everything the catalog knows about it. Numbers
/// and flags are fields; text is reached through methods.
#[derive(Debug)]
pub struct Reason {
    name: &'static str,
    pub http: u16,
    pub status: Status,
    section: &'static str,
    cause: &'static str,
    fix: &'static str,
    /// False where the page gives no fix and voiperr wrote one.
    pub fix_from_page: bool,
    endpoints: Texts,
    notes: Texts,
    aliases: Texts,
    /// On the published page (tier 1), or known from the server's source only (tier 2).
    pub published: bool,
    /// False for published reasons the server never sends today.
    pub emitted: bool,
    field_note: Option<&'static str>,
    retry_override: Option<&'static str>,
    server: Option<ServerBehaviour>,
    server_code: ServerCode,
}

/// What the server index says of a reason, worked out by `build.rs`.
#[derive(Clone, Copy, Debug)]
pub struct ServerCode {
    routes: &'static [u16],
    unserved_endpoints: Texts,
    owner_check: Option<(&'static str, u32, &'static str)>,
}

impl ServerCode {
    /// Indexes into `server_index::routes()` of the routes whose code sends
    /// it, or passes it on from the manager behind them.
    pub fn routes(&self) -> &'static [u16] {
        self.routes
    }

    /// The page's endpoints the server serves no route for.
    pub fn unserved_endpoints(&self) -> Texts {
        self.unserved_endpoints
    }

    /// `(file, line, what it is)` of the check that answers another
    /// customer's ID 403, where the page says this reason covers such IDs.
    pub fn owner_check(&self) -> Option<(&'static str, u32, &'static str)> {
        self.owner_check
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

impl Reason {
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The key of its [`Section`].
    pub fn section_key(&self) -> &'static str {
        self.section
    }

    pub fn cause(&self) -> &'static str {
        self.cause
    }

    pub fn fix(&self) -> &'static str {
        self.fix
    }

    pub fn endpoints(&self) -> Texts {
        self.endpoints
    }

    pub fn notes(&self) -> Texts {
        self.notes
    }

    pub fn aliases(&self) -> Texts {
        self.aliases
    }

    /// Why a published reason is not sent, from the field notes.
    pub fn field_note(&self) -> Option<&'static str> {
        self.field_note
    }

    /// A `Retry` key where the HTTP code's default advice is wrong.
    pub fn retry_override(&self) -> Option<&'static str> {
        self.retry_override
    }

    pub fn server(&self) -> Option<ServerBehaviour> {
        self.server
    }

    pub fn server_code(&self) -> ServerCode {
        self.server_code
    }

    pub fn section(&self) -> &'static Section {
        Catalog::get()
            .section(self.section)
            .expect("build.rs checks every section key")
    }

    /// Retry advice follows what the server does: a reason it never sends
    /// has none of its own (the page's code would mislead).
    pub fn retry(&self) -> Retry {
        match self.retry_override.and_then(Retry::from_key) {
            Some(retry) => retry,
            None if !self.emitted => Retry::NotSent,
            None => Retry::for_http(self.http),
        }
    }

    /// The reason's own notes, then its section's.
    pub fn all_notes(&self) -> impl Iterator<Item = &'static str> {
        self.notes.iter().chain(self.section().notes.iter())
    }

    /// Whether the page or the server's source ties this reason to the
    /// endpoint `request` names (a `METHOD /path`, or a path). The caller
    /// checks that the server serves it: the page names some routes it does not.
    pub fn documents_endpoint(&self, request: &endpoint::Request) -> bool {
        let server = self.server.iter().flat_map(|s| s.endpoints);
        self.endpoints
            .iter()
            .chain(server)
            .any(|documented| request.matches(documented))
    }

    /// The routes whose code sends it (or passes it on from a manager).
    pub fn server_routes(&self) -> impl Iterator<Item = &'static ServerRoute> {
        let routes = server_index::routes();
        self.server_code
            .routes
            .iter()
            .map(move |&i| &routes[usize::from(i)])
    }

    /// The cause as the server's code has it: the page's, without "or
    /// belongs to another customer" where an ownership check answers those.
    pub fn cause_on_server(&self) -> Cow<'static, str> {
        match self.server_code.owner_check {
            Some(_) => Cow::Owned(self.cause.replacen(
                ANOTHER_CUSTOMER,
                ". An ID of another customer answers 403 PERMISSION_DENIED instead.",
                1,
            )),
            None => Cow::Borrowed(self.cause),
        }
    }
}

impl Reason {
    /// The cause as the server's code has it, without the page's closing
    /// "Fired by …" list of routes: a card or an endpoint's table says what
    /// the reason means first, and the routes are the endpoint's business.
    pub fn cause_without_routes(&self) -> Cow<'static, str> {
        let cause = self.cause_on_server();
        match cause.find(FIRED_BY) {
            Some(at) if at > 0 => Cow::Owned(cause[..at].trim_end().to_owned()),
            _ => cause,
        }
    }
}

/// Where the page's causes start listing the routes that send them.
const FIRED_BY: &str = " Fired by ";

/// The catalog's name in every JSON answer: the published page's date and
/// the server commit its code was read at (`2026-08-05/2bf22fa4`).
/// `voiperr --version --json` gives its full sources.
pub fn short_name() -> &'static str {
    SHORT_NAME
}

/// The whole catalog; there is exactly one, built in.
#[derive(Debug)]
pub struct Catalog {
    reasons: &'static [Reason],
    sections: &'static [Section],
    source: &'static SourceInfo,
    ambiguous: &'static [Ambiguity],
}

static CATALOG: Catalog = Catalog {
    reasons: REASONS,
    sections: SECTIONS,
    source: &SOURCE,
    ambiguous: AMBIGUOUS,
};

/// Slots of the name table: a power of two, several times the reasons.
const NAME_SLOTS: usize = 1024;

/// FNV-1a: short names, no attacker-chosen collisions that matter here
/// (a miss costs a probe, the table holds only catalog names).
fn name_hash(name: &str) -> usize {
    // The first and last 8 bytes and the length: names differ there, and
    // `diagnose` looks up every error it reads, so no byte-by-byte loop.
    let bytes = name.as_bytes();
    let word = |part: &[u8]| {
        part.iter()
            .take(8)
            .fold(0u64, |word, &b| word << 8 | u64::from(b))
    };
    let head = word(bytes);
    let tail = word(&bytes[bytes.len().saturating_sub(8)..]);
    let mixed =
        (head ^ tail.rotate_left(29) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> 32) as usize
}

/// Folds `call-not-found`, `Call Not Found` and ` call_not_found ` to `CALL_NOT_FOUND`.
pub fn normalize_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

impl Catalog {
    pub fn get() -> &'static Catalog {
        &CATALOG
    }

    /// Every reason, in the catalog's order.
    pub fn reasons(&self) -> &'static [Reason] {
        self.reasons
    }

    pub fn sections(&self) -> &'static [Section] {
        self.sections
    }

    pub fn source(&self) -> &'static SourceInfo {
        self.source
    }

    /// Names that could mean several reasons.
    pub fn ambiguous(&self) -> &'static [Ambiguity] {
        self.ambiguous
    }

    /// The reason with this exact (normalized) name.
    pub fn reason(&self, name: &str) -> Option<&'static Reason> {
        self.index(name).map(|i| &self.reasons[i])
    }

    /// Where the reason with this exact (normalized) name sits in [`Catalog::reasons`].
    pub fn index(&self, name: &str) -> Option<usize> {
        // The hot path of `diagnose`: names from the API are already canonical.
        self.position(name).or_else(|| {
            let canonical = name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            (!canonical)
                .then(|| self.position(&normalize_name(name)))
                .flatten()
        })
    }

    /// Where the reason with this exact canonical name sits in
    /// [`Catalog::reasons`]: one hash and, almost always, one comparison
    /// (`diagnose` asks for every error it reads).
    pub fn position(&self, name: &str) -> Option<usize> {
        const EMPTY: u16 = u16::MAX;
        static TABLE: OnceLock<Vec<u16>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let mut table = vec![EMPTY; NAME_SLOTS];
            for (at, reason) in self.reasons.iter().enumerate() {
                let mut slot = name_hash(reason.name) % NAME_SLOTS;
                while table[slot] != EMPTY {
                    slot = (slot + 1) % NAME_SLOTS;
                }
                table[slot] = at as u16;
            }
            table
        });
        let mut slot = name_hash(name) % NAME_SLOTS;
        loop {
            match table[slot] {
                EMPTY => return None,
                at if self.reasons[usize::from(at)].name == name => return Some(usize::from(at)),
                _ => slot = (slot + 1) % NAME_SLOTS,
            }
        }
    }

    /// The choice a name stands for when it could mean several reasons.
    pub fn ambiguity(&self, name: &str) -> Option<&'static Ambiguity> {
        let wanted = normalize_name(name);
        self.ambiguous.iter().find(|a| a.name == wanted)
    }

    /// The reason one of whose aliases is this (normalized) name.
    pub fn by_alias(&self, name: &str) -> Option<&'static Reason> {
        let wanted = normalize_name(name);
        self.reasons
            .iter()
            .find(|r| r.aliases.contains(wanted.as_str()))
    }

    pub fn section(&self, key: &str) -> Option<&'static Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn reasons_in(&self, key: &str) -> impl Iterator<Item = &'static Reason> + use<'_> {
        let key = key.to_owned();
        self.reasons.iter().filter(move |r| r.section == key)
    }

    pub fn published_count(&self) -> usize {
        self.reasons.iter().filter(|r| r.published).count()
    }

    /// The section for a key (`call`), a plural (`calls`), a path's first
    /// segment (`groupcalls`) or a request path (`/calls/{id}/hangup`).
    pub fn resolve_section(&self, input: &str) -> Option<&'static Section> {
        let text = input.trim();
        if text.contains('/') {
            return endpoint::section_for_path(self, text);
        }
        let wanted = text.to_ascii_lowercase().replace(['-', ' '], "_");
        let singular = wanted.strip_suffix('s').unwrap_or(&wanted);
        self.sections
            .iter()
            .find(|s| s.key == wanted || s.key == singular)
            .or_else(|| endpoint::section_for_path(self, &format!("/{wanted}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_from_any_spelling() {
        assert_eq!(normalize_name("call-not-found"), "CALL_NOT_FOUND");
        assert_eq!(normalize_name(" Call Not Found "), "CALL_NOT_FOUND");
        assert_eq!(normalize_name("call__not--found_"), "CALL_NOT_FOUND");
        assert_eq!(normalize_name("--"), "");
    }

    #[test]
    fn a_cause_without_routes_ends_before_the_pages_route_list() {
        let catalog = Catalog::get();
        let identity = catalog.reason("IDENTITY_VERIFICATION_REQUIRED").unwrap();
        assert!(identity.cause().contains("Fired by POST /numbers"));
        assert_eq!(
            identity.cause_without_routes(),
            "Customer identity verification is required for this operation."
        );
        // No route list: the cause as the server's code has it.
        let call = catalog.reason("CALL_NOT_FOUND").unwrap();
        assert_eq!(call.cause_without_routes(), call.cause_on_server());
    }

    #[test]
    fn lookups_by_name_alias_and_section() {
        let catalog = Catalog::get();
        assert_eq!(catalog.reason("call-not-found").unwrap().http, 404);
        assert_eq!(
            catalog.by_alias("call_already_ended").unwrap().name,
            "CALL_ALREADY_HANGUP"
        );
        for (input, key) in [
            ("call", "call"),
            ("CALLS", "call"),
            ("groupcalls", "call"),
            ("/calls/{id}/hangup", "call"),
            (
                "/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/recording-start",
                "recording",
            ),
            ("/recordingfiles/abc", "storage"),
            ("trunks", "provider"),
            ("activeflows", "flow"),
        ] {
            assert_eq!(
                catalog.resolve_section(input).map(|s| s.key),
                Some(key),
                "{input}"
            );
        }
        assert!(catalog.resolve_section("bogus").is_none());
    }

    #[test]
    fn the_short_name_is_the_page_date_and_the_server_commit() {
        let source = Catalog::get().source;
        assert_eq!(
            short_name(),
            format!("{}/{}", source.page_date, server_index::commit())
        );
        assert_eq!(short_name(), "2026-08-05/2bf22fa4");
    }

    #[test]
    fn invariants_hold_for_the_compiled_tables() {
        let catalog = Catalog::get();
        assert_eq!(catalog.published_count(), 77);
        assert_eq!(catalog.reasons.len(), 127);
        for reason in catalog.reasons {
            assert_eq!(reason.status.http(), reason.http, "{}", reason.name);
            assert!(!reason.fix.trim().is_empty(), "{}", reason.name);
            assert!(catalog.section(reason.section).is_some(), "{}", reason.name);
        }
    }
}
