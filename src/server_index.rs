//! The routes VoIPbin's API serves and what each answers by itself, from
//! `data/server-index.json` (made by `scripts/index-server` from the
//! server's source, compiled in): an ownership check that answers 403 for
//! another customer's resource, an agent-only guard that answers 401, and the
//! answers every `/v1.0` route shares (its middleware and request binding).

use crate::catalog::{Catalog, Reason};
use crate::endpoint::Request;

/// One route of the server's router.
#[derive(Debug)]
pub struct ServerRoute {
    pub method: &'static str,
    /// As routed: `/v1.0/flows/{id}`.
    pub path: &'static str,
    pub answers: &'static [ServerAnswer],
}

/// An answer a route's own code gives, and where.
#[derive(Debug)]
pub struct ServerAnswer {
    pub http: u16,
    pub reason: &'static str,
    /// `ownership`, `permission`, `agent only`, `constructed` (by the API) or
    /// `manager` (by the manager behind it, passed on with its type).
    pub why: &'static str,
    pub file: &'static str,
    pub line: u32,
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
    /// The route as `voiperr endpoint` matches it: `/v1.0` is the API's
    /// prefix, written or not, except for the `/auth` routes, which the
    /// server serves outside it (under `/v1.0` they are other routes).
    pub fn pattern(&self) -> String {
        let path = match self.path.strip_prefix("/v1.0") {
            Some(rest) if !rest.starts_with("/auth") => rest,
            _ => self.path,
        };
        format!("{} {path}", self.method)
    }
}

/// The server's routes this request names (any method when it names none).
/// Where an ID and a fixed segment both match, the fixed one wins, as in the
/// server's router: `GET /contacts/lookup` is not `GET /contacts/{id}`.
pub fn routes_for(request: &Request) -> Vec<&'static ServerRoute> {
    let found: Vec<(&'static ServerRoute, usize)> = SERVER_ROUTES
        .iter()
        .filter_map(|route| {
            let pattern = route.pattern();
            if !request.matches(&pattern) {
                return None;
            }
            let route_segments = Request::parse(&pattern)?.segments;
            let loose = request
                .segments
                .iter()
                .zip(&route_segments)
                .filter(|(a, b)| a != b)
                .count();
            Some((route, loose))
        })
        .collect();
    let best = |method: &str, found: &[(&ServerRoute, usize)]| {
        found
            .iter()
            .filter(|(r, _)| r.method == method)
            .map(|(_, loose)| *loose)
            .min()
    };
    found
        .iter()
        .filter(|(route, loose)| best(route.method, &found) == Some(*loose))
        .map(|(route, _)| *route)
        .collect()
}

/// Whether the server serves the route an endpoint of the data names
/// (`GET /calls/{id}`; a path alone: with any method).
pub fn serves(endpoint: &str) -> bool {
    Request::parse(endpoint).is_some_and(|request| !routes_for(&request).is_empty())
}

/// The routes whose code answers `reason` itself or passes it on from the
/// manager behind it.
pub fn sending(reason: &str) -> impl Iterator<Item = &'static ServerRoute> {
    SERVER_ROUTES
        .iter()
        .filter(move |route| route.sends(reason))
}

impl ServerRoute {
    /// Whether its code answers `reason` itself or passes it on from the
    /// manager behind it.
    pub fn sends(&self, reason: &str) -> bool {
        self.answers
            .iter()
            .any(|a| a.reason == reason && matches!(a.why, "constructed" | "manager"))
    }

    /// The ownership check of a route that loads a resource by ID: another
    /// customer's ID answers 403 there.
    pub fn ownership(&self) -> Option<&'static ServerAnswer> {
        self.answers.iter().find(|a| a.why == "ownership")
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
            && !shared.iter().any(|(r, _, _)| r.name == reason.name)
        {
            shared.push((reason, file, *line));
        }
    }
    shared.sort_by_key(|(r, _, _)| (r.http, r.name));
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
