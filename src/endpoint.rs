//! What the catalog knows of a request: its section, its documented
//! reasons and field notes. How paths match is `crate::request_path`.

use crate::catalog::{Catalog, Reason, Section};
pub use crate::request_path::Request;
use crate::request_path::segments;
use crate::rules::{self, Rule};
use crate::server_index::{self, ServerRoute};

impl Request {
    /// The catalog section this request's path belongs to.
    pub fn section(&self, catalog: &Catalog) -> Option<&'static Section> {
        section_for_segments(catalog, &self.segments)
    }

    /// The reasons and field notes documented for this endpoint: the
    /// page's and the server's reasons for it, and those its field notes
    /// name. The one answer `endpoint` shows and `diagnose` draws on.
    pub fn documented(&self) -> (Vec<&'static Reason>, Vec<&'static Rule>) {
        let notes = rules::for_endpoint(self);
        // A route the server does not serve answers 404 ROUTE_NOT_FOUND,
        // whatever the page names for it.
        let routes = server_index::routes_for(self);
        let reasons = Catalog::get()
            .reasons()
            .iter()
            .filter(|r| {
                (!routes.is_empty() && r.documents_endpoint(self))
                    || routes.iter().any(|route| route.sends(r.name()))
                    || notes.iter().any(|n| n.reasons().contains(r.name()))
            })
            .collect();
        (reasons, notes)
    }

    /// The served routes closest to this request (at most `n`, closest
    /// first): what "did you mean" offers for a route the server does not
    /// serve. A route's ID segment matches any segment; the others are
    /// compared by spelling; the same method ranks first among equals.
    pub fn nearest_routes(&self, n: usize) -> Vec<&'static ServerRoute> {
        let mut scored: Vec<(f64, bool, &'static ServerRoute)> = server_index::routes()
            .iter()
            .map(|route| {
                let same_method = self.method.as_deref() == Some(route.method());
                (
                    path_likeness(&self.segments, route.segments().as_slice()),
                    same_method,
                    route,
                )
            })
            .filter(|(likeness, _, _)| *likeness >= NEAR)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, _, route)| route)
            .collect()
    }

    /// The reasons the page names for a route the server does not serve.
    pub fn named_by_page_only(&self) -> Vec<&'static Reason> {
        if !server_index::routes_for(self).is_empty() {
            return Vec::new();
        }
        Catalog::get()
            .reasons()
            .iter()
            .filter(|r| r.documents_endpoint(self))
            .collect()
    }
}

/// How alike a route must be to be offered as "did you mean".
const NEAR: f64 = 0.6;

/// How alike a request's segments are to a route's, 0 to 1: each segment
/// position scores its spelling's likeness (an ID segment of the route
/// takes anything), over the longer of the two.
fn path_likeness<S: AsRef<str>>(request: &[String], route: &[S]) -> f64 {
    let longer = request.len().max(route.len());
    if longer == 0 {
        return 1.0;
    }
    let alike: f64 = request
        .iter()
        .zip(route)
        .map(|(have, want)| match want.as_ref() {
            "{id}" => 1.0,
            want => strsim::normalized_levenshtein(have, want),
        })
        .sum();
    alike / longer as f64
}

/// How well a section prefix covers a path: the number of segments it pins, or None.
fn prefix_score(prefix: &str, path: &[String]) -> Option<usize> {
    let wanted = segments(prefix);
    if wanted.len() > path.len() {
        return None;
    }
    for (want, have) in wanted.iter().zip(path) {
        let ok = if let Some(stem) = want.strip_suffix('*') {
            have.starts_with(stem)
        } else {
            want == have || want == "{id}"
        };
        if !ok {
            return None;
        }
    }
    Some(wanted.len())
}

/// The section whose prefix covers these normalized segments most specifically.
fn section_for_segments(catalog: &Catalog, path: &[String]) -> Option<&'static Section> {
    catalog
        .sections()
        .iter()
        .flat_map(|s| s.prefixes().iter().map(move |p| (s, p)))
        .filter_map(|(s, p)| prefix_score(p, path).map(|score| (score, s)))
        .max_by_key(|(score, _)| *score)
        .map(|(_, s)| s)
}

/// The section whose prefix covers the path most specifically.
pub fn section_for_path(catalog: &Catalog, path: &str) -> Option<&'static Section> {
    section_for_segments(catalog, &segments(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize() {
        let r = Request::parse("post https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/recording-start?x=1").unwrap();
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.path(), "/calls/{id}/recording_start");
        assert!(r.matches("POST /calls/{id}/recording_start"));
        assert!(!r.matches("GET /calls/{id}/recording_start"));
        assert!(Request::parse("/calls").unwrap().matches("GET /calls"));
        assert!(
            Request::parse("GET /billings/abc")
                .unwrap()
                .matches("GET /billings/{billing_id}")
        );
        assert!(Request::parse("not a path").is_none());
        let signup = Request::parse("POST https://api.voipbin.net/v1.0/auth/signup").unwrap();
        assert!(signup.versioned);
        assert!(!signup.matches("POST /auth/signup"));
        assert!(signup.matches("POST /v1.0/auth/signup"));
        assert!(
            !Request::parse("POST /auth/signup")
                .unwrap()
                .matches("POST /v1.0/auth/signup")
        );
        assert!(
            Request::parse("POST /v1.0/calls")
                .unwrap()
                .matches("POST /calls")
        );
        let hangup = Request::parse("POST /calls/abc/hangup").unwrap();
        assert!(hangup.matches("POST /calls/{id}/*"));
        assert!(
            !Request::parse("POST /calls/abc")
                .unwrap()
                .matches("POST /calls/{id}/*")
        );
        assert!(Request::parse("").is_none());
    }

    #[test]
    fn nearest_routes_forgive_a_typo_and_a_missing_segment() {
        let near = |text: &str| -> Vec<String> {
            Request::parse(text)
                .unwrap()
                .nearest_routes(3)
                .iter()
                .map(|r| format!("{} {}", r.method(), r.path()))
                .collect()
        };
        assert_eq!(
            near("POST /calls/123/hangupp").first().map(String::as_str),
            Some("POST /v1.0/calls/{id}/hangup")
        );
        assert!(
            near("GET /calls/{id}/recording_strat")
                .contains(&"POST /v1.0/calls/{id}/recording_start".to_owned())
        );
        assert!(near("GET /xyzzy/plugh/frobnicate/quux").is_empty());
    }

    #[test]
    fn sections_by_longest_prefix() {
        let catalog = Catalog::get();
        let key = |p: &str| section_for_path(catalog, p).map(|s| s.key());
        assert_eq!(key("/calls/{id}/hangup"), Some("call"));
        assert_eq!(key("/calls/{id}/recording_stop"), Some("recording"));
        assert_eq!(key("/service-agents/talk_chats/1"), Some("talk"));
        assert_eq!(
            key("/billing_accounts/x/balance_add_force"),
            Some("billing")
        );
        assert_eq!(key("/nowhere"), None);
    }
}
