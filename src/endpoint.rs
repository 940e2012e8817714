//! Matching request paths against the catalog's endpoints and section prefixes.
//!
//! The page and the server spell paths differently, so matching ignores the
//! `/v1.0` prefix, scheme, host and query, treats `-` and `_` alike, and reads
//! any UUID-looking or `{placeholder}` segment as `{id}`. Two exceptions keep
//! `/v1.0` meaningful: the `/auth` routes live outside it (so `/v1.0/auth/…`
//! is not `/auth/…`), and a pattern written with `/v1.0` wants it.

use crate::catalog::{Catalog, Reason, Section};
use crate::rules::{self, Rule};
use crate::server_index;

/// A request as `METHOD /path` (method optional), normalized for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Option<String>,
    /// Normalized segments: lower case, `_` for `-`, `{id}` for IDs.
    pub segments: Vec<String>,
    /// Whether the path had the `/v1.0` prefix.
    pub versioned: bool,
}

/// First segments of the routes the server registers outside `/v1.0`
/// (`server-behaviour.md`, "Paths where `/v1.0` matters").
const UNVERSIONED: [&str; 1] = ["auth"];

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

fn looks_like_id(segment: &str) -> bool {
    let is_uuid = segment.len() == 36
        && segment.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    is_uuid || (segment.starts_with('{') && segment.ends_with('}'))
}

/// The path part of a URL or path: no scheme, host, query, fragment or `/v1.0`.
pub fn path_of(raw: &str) -> &str {
    let mut path = raw.trim();
    if let Some(rest) = path.split_once("://").map(|(_, rest)| rest) {
        path = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    let end = path.find(['?', '#']).unwrap_or(path.len());
    path = &path[..end];
    path.strip_prefix("/v1.0").unwrap_or(path)
}

fn is_versioned(raw: &str) -> bool {
    let path = path_of(raw);
    let full = raw.trim();
    full.find(path)
        .is_some_and(|at| full[..at].ends_with("/v1.0"))
}

fn segments(raw: &str) -> Vec<String> {
    path_of(raw)
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if looks_like_id(s) {
                "{id}".to_owned()
            } else {
                s.to_ascii_lowercase().replace('-', "_")
            }
        })
        .collect()
}

impl Request {
    /// Parses `POST /calls/{id}/hangup`, `/v1.0/calls/…`, or a full URL.
    pub fn parse(text: &str) -> Option<Request> {
        let text = text.trim();
        let (method, path) = match text.split_once(char::is_whitespace) {
            Some((m, rest)) if METHODS.contains(&m.to_ascii_uppercase().as_str()) => {
                (Some(m.to_ascii_uppercase()), rest.trim())
            }
            _ => (None, text),
        };
        let path = path.split_whitespace().next()?;
        if !path.starts_with('/') && !path.contains("://") {
            return None;
        }
        Some(Request {
            method,
            segments: segments(path),
            versioned: is_versioned(path),
        })
    }

    /// The normalized path, `/calls/{id}/recording_start`.
    pub fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }

    /// The catalog section this request's path belongs to.
    pub fn section(&self, catalog: &Catalog) -> Option<&'static Section> {
        section_for_segments(catalog, &self.segments)
    }

    /// Whether a catalog endpoint (`POST /calls/{id}/hangup`) is this request.
    /// A request without a method matches any method. A last segment `*` in
    /// the pattern stands for one or more segments.
    /// The reasons and field notes documented for this endpoint: the
    /// page's and the server's reasons for it, and those its field notes
    /// name. The one answer `endpoint` shows and `diagnose` draws on.
    pub fn documented(&self) -> (Vec<&'static Reason>, Vec<&'static Rule>) {
        let notes = rules::for_endpoint(self);
        // A route the server does not serve answers 404 ROUTE_NOT_FOUND,
        // whatever the page names for it.
        let routes = server_index::routes_for(self);
        let reasons = Catalog::get()
            .reasons
            .iter()
            .filter(|r| {
                (!routes.is_empty() && r.documents_endpoint(self))
                    || routes.iter().any(|route| route.sends(r.name))
                    || notes.iter().any(|n| n.reasons.contains(&r.name))
            })
            .collect();
        (reasons, notes)
    }

    /// The reasons the page names for a route the server does not serve.
    pub fn named_by_page_only(&self) -> Vec<&'static Reason> {
        if !server_index::routes_for(self).is_empty() {
            return Vec::new();
        }
        Catalog::get()
            .reasons
            .iter()
            .filter(|r| r.documents_endpoint(self))
            .collect()
    }

    pub fn matches(&self, documented: &str) -> bool {
        let Some(other) = Request::parse(documented) else {
            return false;
        };
        let same_method = match (&self.method, &other.method) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let unversioned_route = |r: &Request| {
            r.segments
                .first()
                .is_some_and(|s| UNVERSIONED.contains(&s.as_str()))
        };
        // `/v1.0/auth/…` is not `/auth/…`; a pattern with `/v1.0` wants it.
        let same_version = if other.versioned || unversioned_route(&other) {
            self.versioned == other.versioned
        } else {
            true
        };
        let (pattern, rest) = match other.segments.split_last() {
            Some((last, init)) if last == "*" => (init, true),
            _ => (&other.segments[..], false),
        };
        let lengths = if rest {
            self.segments.len() > pattern.len()
        } else {
            self.segments.len() == pattern.len()
        };
        same_method
            && same_version
            && lengths
            && self
                .segments
                .iter()
                .zip(pattern)
                .all(|(a, b)| a == b || a == "{id}" || b == "{id}")
    }
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
        .sections
        .iter()
        .flat_map(|s| s.prefixes.iter().map(move |p| (s, p)))
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
    fn sections_by_longest_prefix() {
        let catalog = Catalog::get();
        let key = |p: &str| section_for_path(catalog, p).map(|s| s.key);
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
