//! The site's search index: the data `voiperr explain`, `search` and
//! `endpoint` answer from, for `assets/search.js`, which answers a query
//! with their logic (src/matching.rs, src/commands/search.rs,
//! src/request_path.rs), ported line by line. `tests/site/search.py` checks
//! both give the same answers.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::commands::{endpoint, search};
use crate::doc_url::{reason_page, route_page};
use crate::matching;
use crate::request_path::Request;
use crate::server_index;
use crate::static_text::Texts;
use crate::status::{self, Status};

/// Everything the page's search needs.
#[derive(Serialize)]
pub struct SearchIndex {
    reasons: Vec<ReasonEntry>,
    /// Each status's name, code, in `Status::for_http`'s order per code.
    statuses: Vec<(&'static str, u16)>,
    /// Each code's reason phrase, as `matching` compares it: letters and digits, upper case.
    phrases: Vec<(u16, String)>,
    /// Names that could mean several reasons, and those reasons.
    ambiguous: Vec<(&'static str, Texts)>,
    routes: Vec<RouteEntry>,
}

/// One reason: names, code, status, tier, cause words, search texts, page.
#[derive(Serialize)]
struct ReasonEntry {
    n: &'static str,
    a: Texts,
    h: u16,
    s: &'static str,
    p: bool,
    e: bool,
    /// The cause's first sentence, shown in the results.
    c: String,
    /// The cause's words, as `matching::words` splits them.
    w: Vec<String>,
    /// Where `search` looks, lower case, with each place's points.
    t: Vec<(u32, String)>,
    u: String,
}

/// One served route: as `endpoint` matches it, and what it answers.
#[derive(Serialize)]
struct RouteEntry {
    m: &'static str,
    p: &'static str,
    s: Texts,
    v: bool,
    /// The merged answers of `endpoint METHOD PATH`, by name.
    r: Vec<&'static str>,
    u: String,
}

pub fn build() -> SearchIndex {
    let catalog = Catalog::get();
    let mut statuses: Vec<(&'static str, u16)> = Vec::new();
    for status in Status::ALL {
        for s in Status::for_http(status.http()) {
            if !statuses.iter().any(|(name, _)| *name == s.name()) {
                statuses.push((s.name(), s.http()));
            }
        }
    }
    SearchIndex {
        reasons: catalog
            .reasons()
            .iter()
            .map(|r| ReasonEntry {
                n: r.name(),
                a: r.aliases(),
                h: r.http,
                s: r.status.name(),
                p: r.published,
                e: r.emitted,
                c: r.cause_without_routes()
                    .split(". ")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                w: matching::words(r.cause()).collect(),
                t: search::texts(r)
                    .into_iter()
                    .map(|(place, text)| (place.points(), text))
                    .collect(),
                u: format!("{}.html", reason_page(r.name())),
            })
            .collect(),
        statuses,
        phrases: status::phrases()
            .map(|(http, phrase)| {
                let compact = phrase
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                (http, compact)
            })
            .collect(),
        ambiguous: catalog
            .ambiguous()
            .iter()
            .map(|a| (a.name(), a.candidates()))
            .collect(),
        routes: server_index::routes()
            .iter()
            .map(|route| {
                let request = Request {
                    method: Some(route.method().to_owned()),
                    segments: route.segments().iter().map(|s| (*s).to_owned()).collect(),
                    versioned: route.versioned,
                };
                RouteEntry {
                    m: route.method(),
                    p: route.path(),
                    s: route.segments(),
                    v: route.versioned,
                    r: endpoint::answers(&request)
                        .iter()
                        .map(|a| a.reason)
                        .collect(),
                    u: format!("{}.html", route_page(route)),
                }
            })
            .collect(),
    }
}
