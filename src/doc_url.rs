//! Where each page of `voiperr site` lives, and its URL when a docs base URL
//! is configured (`--docs-url`, or `VOIPERR_DOCS_URL`): JSON records carry it
//! as `doc_url` and text prints a `See` line. Without one, nothing: voiperr
//! never makes up a host.

use std::sync::OnceLock;

use crate::catalog::{Catalog, Reason};
use crate::request_path::Request;
use crate::server_index::{self, ServerRoute};

static BASE: OnceLock<Option<String>> = OnceLock::new();

/// Sets the base URL for this run, from the flag or else the environment;
/// an error sentence when it is not an http(s) or file URL.
pub fn configure(flag: Option<&str>, env: Option<&str>) -> Result<(), String> {
    let (value, origin) = match (flag, env) {
        (Some(flag), _) => (flag, "--docs-url"),
        (None, Some(env)) if !env.trim().is_empty() => (env, "VOIPERR_DOCS_URL"),
        _ => return Ok(()),
    };
    let value = value.trim();
    // Printed in every `See` line and `doc_url`: a URL has no space or control character.
    let printable =
        !value.contains(|c: char| c.is_whitespace() || crate::untrusted::is_dangerous(c));
    if !printable
        || !["https://", "http://", "file://"]
            .iter()
            .any(|scheme| value.starts_with(scheme) && value.len() > scheme.len())
    {
        let shown = crate::untrusted::inert(value);
        // `ftp://host` is a URL, of a scheme a browser does not open pages from.
        let scheme = value
            .split_once("://")
            .map(|(scheme, _)| scheme)
            .filter(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
        return Err(match scheme {
            _ if !printable => format!(
                "{origin} '{shown}' is not a URL (it holds a space or control character); give where `voiperr site` output is published, like https://example.org/voiperr"
            ),
            Some(scheme)
                if !["https", "http", "file"].contains(&scheme.to_ascii_lowercase().as_str()) =>
            {
                format!(
                    "{origin} '{shown}': the {} scheme is not supported; give the https://, http:// or file:// URL where `voiperr site` output is published",
                    crate::untrusted::inert(scheme)
                )
            }
            _ => format!(
                "{origin} '{shown}' is not a URL; give where `voiperr site` output is published, like https://example.org/voiperr"
            ),
        });
    }
    let _ = BASE.set(Some(value.trim_end_matches('/').to_owned()));
    Ok(())
}

/// The URL of a page (`reasons/CALL_NOT_FOUND`), when a base is configured.
pub fn url(page: &str) -> Option<String> {
    BASE.get()
        .and_then(Option::as_deref)
        .map(|base| format!("{base}/{page}.html"))
}

pub fn reason_page(name: &str) -> String {
    format!("reasons/{name}")
}

pub fn resource_page(key: &str) -> String {
    format!("resources/{key}")
}

pub fn code_page(http: u16) -> String {
    format!("codes/{http}")
}

/// A stable page name for an endpoint: `endpoints/get-flows-id` for
/// `GET /v1.0/flows/{id}`. `/v1.0` is the API's prefix and goes, except
/// before `/auth` (those are other routes than `/auth/…`).
pub fn endpoint_page(method: Option<&str>, path: &str) -> String {
    let path = crate::request_path::route_path(path);
    let mut slug = method.unwrap_or("any").to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        slug.push('-');
        if segment.starts_with('{') {
            slug.push_str("id");
        } else {
            slug.extend(segment.chars().map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            }));
        }
    }
    format!("endpoints/{slug}")
}

pub fn route_page(route: &ServerRoute) -> String {
    endpoint_page(Some(route.method()), route.path())
}

/// The page of the server's route a request names (its first, for a path
/// without a method), if the server serves one.
pub fn request_page(request: &Request) -> Option<String> {
    server_index::routes_for(request)
        .first()
        .map(|r| route_page(r))
}

/// The URL for a diagnosed error: its reason's page, else its HTTP code's
/// when the catalog has reasons with that code (the site has a page for it).
pub fn for_error(reason: Option<&Reason>, http: Option<u16>) -> Option<String> {
    BASE.get()?.as_ref()?;
    match (reason, http) {
        (Some(reason), _) => url(&reason_page(reason.name())),
        (None, Some(http)) if Catalog::get().reasons().iter().any(|r| r.http == http) => {
            url(&code_page(http))
        }
        _ => None,
    }
}
