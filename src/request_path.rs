//! Matching request paths against endpoints, shared by the binary and
//! `build.rs` (which matches the catalog against the server's routes once,
//! at build time).
//!
//! The page and the server spell paths differently, so matching ignores the
//! `/v1.0` prefix, scheme, host and query, treats `-` and `_` alike, and reads
//! any UUID-looking or `{placeholder}` segment as `{id}`. Two exceptions keep
//! `/v1.0` meaningful: the `/auth` routes live outside it (so `/v1.0/auth/…`
//! is not `/auth/…`), and a pattern written with `/v1.0` wants it.

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

/// The HTTP methods a request line may start with.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

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

    /// Whether a catalog endpoint (`POST /calls/{id}/hangup`) is this request.
    /// A request without a method matches any method. A last segment `*` in
    /// the pattern stands for one or more segments.
    pub fn matches(&self, documented: &str) -> bool {
        Request::parse(documented).is_some_and(|other| {
            self.matches_parts(other.method.as_deref(), &other.segments, other.versioned)
        })
    }

    /// [`Request::matches`] on a pattern already normalized: the server's
    /// routes are, at build time.
    pub fn matches_parts<S: AsRef<str>>(
        &self,
        method: Option<&str>,
        segments: &[S],
        versioned: bool,
    ) -> bool {
        let same_method = match (&self.method, method) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let unversioned_route = segments
            .first()
            .is_some_and(|s| UNVERSIONED.contains(&s.as_ref()));
        // `/v1.0/auth/…` is not `/auth/…`; a pattern with `/v1.0` wants it.
        let same_version = if versioned || unversioned_route {
            self.versioned == versioned
        } else {
            true
        };
        let (pattern, rest) = match segments.split_last() {
            Some((last, init)) if last.as_ref() == "*" => (init, true),
            _ => (segments, false),
        };
        let lengths = if rest {
            self.segments.len() > pattern.len()
        } else {
            self.segments.len() == pattern.len()
        };
        same_method
            && same_version
            && lengths
            && self.segments.iter().zip(pattern).all(|(a, b)| {
                let b = b.as_ref();
                a == b || a == "{id}" || b == "{id}"
            })
    }
}

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

/// A server route's path as the catalog writes paths: `/v1.0` is the
/// API's prefix and goes, except before the routes it also serves outside
/// it (`/v1.0/auth/…` is another route than `/auth/…`).
pub fn route_path(path: &str) -> &str {
    match path.strip_prefix("/v1.0") {
        Some(rest)
            if !rest
                .split('/')
                .nth(1)
                .is_some_and(|first| UNVERSIONED.contains(&first)) =>
        {
            rest
        }
        _ => path,
    }
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

pub fn is_versioned(raw: &str) -> bool {
    let path = path_of(raw);
    let full = raw.trim();
    full.find(path)
        .is_some_and(|at| full[..at].ends_with("/v1.0"))
}

pub fn segments(raw: &str) -> Vec<String> {
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

/// Of the patterns a request matches (`(item, method, segments)`), those a
/// router would pick: where an ID and a fixed segment both match, the fixed
/// one wins (`GET /contacts/lookup` is not `GET /contacts/{id}`), per method.
pub fn most_specific<T: Copy, S: AsRef<str>>(
    request: &Request,
    matched: &[(T, &str, &[S])],
) -> Vec<T> {
    let loose = |segments: &[S]| {
        request
            .segments
            .iter()
            .zip(segments)
            .filter(|(a, b)| a.as_str() != b.as_ref())
            .count()
    };
    let best = |method: &str| {
        matched
            .iter()
            .filter(|(_, m, _)| *m == method)
            .map(|(_, _, s)| loose(s))
            .min()
    };
    matched
        .iter()
        .filter(|(_, method, segments)| best(method) == Some(loose(segments)))
        .map(|(item, _, _)| *item)
        .collect()
}
