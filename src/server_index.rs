//! The routes VoIPbin's API serves and what each answers by itself, from
//! `data/server-index.json` (made by `scripts/index-server` from the
//! server's source, compiled in): an ownership check that answers 403 for
//! another customer's resource, an agent-only guard that answers 401, and the
//! answers every `/v1.0` route shares (its middleware and request binding).

use crate::catalog::{Catalog, Reason};
use crate::request_path::{Request, most_specific, route_path};
use crate::static_text::{Text, Texts};

/// One route of the server's router.
#[derive(Debug)]
pub struct ServerRoute {
    method: &'static str,
    path: &'static str,
    segments: Texts,
    pub versioned: bool,
    answers: &'static [ServerAnswer],
}

impl ServerRoute {
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// As routed: `/v1.0/flows/{id}`.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The path as `endpoint` matches it (`crate::request_path`), made at build time.
    pub fn segments(&self) -> Texts {
        self.segments
    }

    /// What its own code answers.
    pub fn answers(&self) -> &'static [ServerAnswer] {
        self.answers
    }
}

/// An answer a route's own code gives, and where.
#[derive(Debug)]
pub struct ServerAnswer {
    pub http: u16,
    reason: &'static str,
    why: &'static str,
    file: &'static str,
    pub line: u32,
}

impl ServerAnswer {
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// `ownership`, `permission`, `agent only`, `constructed` (by the API) or
    /// `manager` (by the manager behind it, passed on with its type).
    pub fn why(&self) -> &'static str {
        self.why
    }

    pub fn file(&self) -> &'static str {
        self.file
    }
}

include!(concat!(env!("OUT_DIR"), "/server_index_data.rs"));

/// The published page's git blob in the server repository at that commit.
pub fn page_blob() -> &'static str {
    SERVER_PAGE_BLOB
}

/// The server commit the index was made from.
pub fn commit() -> &'static str {
    SERVER_INDEX_COMMIT
}

pub fn routes() -> &'static [ServerRoute] {
    SERVER_ROUTES
}

impl ServerRoute {
    /// The route as `voiperr endpoint` shows it: `/v1.0` is the API's
    /// prefix, written or not, except for the `/auth` routes, which the
    /// server serves outside it (under `/v1.0` they are other routes).
    pub fn pattern(&self) -> String {
        format!("{} {}", self.method, route_path(self.path))
    }
}

/// The server's routes this request names (any method when it names none).
/// Where an ID and a fixed segment both match, the fixed one wins, as in the
/// server's router.
pub fn routes_for(request: &Request) -> Vec<&'static ServerRoute> {
    let matched: Vec<(&'static ServerRoute, &str, &[Text])> = SERVER_ROUTES
        .iter()
        .filter(|route| {
            request.matches_parts(
                Some(route.method),
                route.segments.as_slice(),
                route.versioned,
            )
        })
        .map(|route| (route, route.method, route.segments.as_slice()))
        .collect();
    most_specific(request, &matched)
}

impl ServerRoute {
    /// Whether its code answers `reason` itself or passes it on from the
    /// manager behind it.
    pub fn sends(&self, reason: &str) -> bool {
        self.answers
            .iter()
            .any(|a| a.reason == reason && matches!(a.why, "constructed" | "manager"))
    }
}

/// The reasons every `/v1.0` route can answer before its handler runs
/// (authentication, rate limits, a frozen account, request binding), with
/// where the server gives each.
pub fn shared() -> Vec<(&'static Reason, &'static str, u32)> {
    let catalog = Catalog::get();
    let mut shared: Vec<(&'static Reason, &'static str, u32)> = Vec::new();
    for (name, file, line) in SERVER_EDGE {
        if let Some(reason) = catalog.reason(name)
            && !shared.iter().any(|(r, _, _)| r.name() == reason.name())
        {
            shared.push((reason, file, *line));
        }
    }
    shared.sort_by_key(|(r, _, _)| (r.http, r.name()));
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_matched_as_endpoint_matches() {
        let request =
            Request::parse("GET /flows/6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f").expect("request");
        let found = routes_for(&request);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/v1.0/flows/{id}");
        assert!(
            found[0]
                .answers
                .iter()
                .any(|a| a.http == 403 && a.why == "ownership")
        );
        assert!(routes_for(&Request::parse("GET /no_such_thing").expect("request")).is_empty());
        assert!(!shared().is_empty());
    }
}
