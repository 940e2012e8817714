//! What a client really receives, in words, from the server index: per
//! route and condition (an unknown ID, a deleted one, another customer's, a
//! caller without the role, an access key), per reason (never sent and what
//! arrives instead, what the page's routes answer otherwise, what it means
//! where the page does not say), and per diagnosed response (which ID or
//! condition a reason means on that route, and what to check). One source
//! for cards, endpoint pages, the site, JSON and `diagnose`.

use crate::catalog::Reason;
use crate::endpoint::Request;
use crate::request_path::route_path;
use crate::server_index::{self, Condition, ServerCondition, ServerRoute};

/// Routes a sentence names at most; JSON lists them all.
const ROUTES_SHOWN: usize = 4;

/// The label a condition's line carries (12 columns at most).
pub fn label(condition: Condition) -> &'static str {
    match condition {
        Condition::UnknownId => "Unknown ID",
        Condition::DeletedId => "Deleted ID",
        Condition::AnotherCustomer => "Foreign ID",
        Condition::NoRole => "No role",
        Condition::AccessKey => "Access key",
        Condition::AnyId => "Any ID",
    }
}

/// The condition in words, for a sentence: "an unknown ID".
fn phrase(c: &ServerCondition) -> String {
    let id = match c.param() {
        None | Some("id") => "ID".to_owned(),
        Some(p) => format!("{{{p}}}"),
    };
    match c.condition {
        Condition::UnknownId => format!("an unknown {id}"),
        Condition::DeletedId => format!("a deleted {id}"),
        Condition::AnotherCustomer => format!("an {id} that belongs to another customer"),
        Condition::NoRole => "a caller without the role".to_owned(),
        Condition::AccessKey => "an access key (no agent)".to_owned(),
        Condition::AnyId => "any ID".to_owned(),
    }
}

/// What a condition receives on a route and where the server decides it:
/// `404 RESOURCE_NOT_FOUND: … (file:line)`, or `not traced: why`; on a
/// route with several IDs, which one it is about first.
pub fn received(route: &ServerRoute, c: &ServerCondition) -> String {
    let brief = received_briefly(route, c);
    match c.traced {
        true => format!("{brief} ({})", c.at()),
        false => brief,
    }
}

/// [`received`] without where the server decides it: what a short
/// endpoint page says.
pub fn received_briefly(route: &ServerRoute, c: &ServerCondition) -> String {
    let several = route
        .conditions()
        .iter()
        .filter(|other| other.condition == Condition::UnknownId)
        .count()
        > 1;
    let subject = match (c.condition, c.param()) {
        (Condition::UnknownId | Condition::DeletedId | Condition::AnotherCustomer, Some(p))
            if several =>
        {
            format!("{{{p}}}: ")
        }
        _ => String::new(),
    };
    let text = if !c.traced {
        format!("{subject}not traced: {}", c.note())
    } else if c.http == 0 {
        format!("{subject}{}", c.note())
    } else {
        format!("{subject}{} {}: {}", c.http, c.reason(), meaning(c))
    };
    without_sources(&text)
}

/// A sentence without its ` (file.go:123)` references to the server's source.
fn without_sources(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')').map(|at| open + at) else {
            break;
        };
        let inside = &rest[open + 2..close];
        kept.push_str(&rest[..open]);
        let source = inside.contains(".go:") && !inside.contains(' ');
        if !source {
            kept.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    kept
}

/// What a traced condition means there: its note, or for an unknown ID
/// that nothing has it.
fn meaning(c: &ServerCondition) -> &'static str {
    match c.note() {
        "" => "nothing has this ID",
        note => note.trim_end_matches('.'),
    }
}

/// Routes grouped by what they answer.
type Grouped<K> = Vec<(K, Vec<String>)>;

/// Adds a route to the group of its key.
fn group<K: PartialEq>(groups: &mut Grouped<K>, key: K, route: String) {
    match groups.iter_mut().find(|(k, _)| *k == key) {
        Some((_, routes)) => routes.push(route),
        None => groups.push((key, vec![route])),
    }
}

/// `1 route`, `3 routes`.
fn count(routes: &[String]) -> String {
    match routes.len() {
        1 => "1 route".to_owned(),
        n => format!("{n} routes"),
    }
}

/// `A, B, C, D and 3 more`.
fn some_of(routes: &[String]) -> String {
    let shown: Vec<&str> = routes
        .iter()
        .take(ROUTES_SHOWN)
        .map(String::as_str)
        .collect();
    match routes.len().saturating_sub(ROUTES_SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// One thing a card says about what a client really receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireNote {
    /// `never_sent`, `instead`, `deleted_id`, `means` or `access_key`.
    pub kind: &'static str,
    /// The label it carries on a card.
    pub label: &'static str,
    pub text: String,
    /// Every route it is about (the text names the first few).
    pub routes: Vec<String>,
}

/// The routes whose code answers requests named by the reason's page
/// endpoints (and its server endpoints), each once.
fn page_routes(reason: &Reason) -> Vec<&'static ServerRoute> {
    let mut found: Vec<&'static ServerRoute> = Vec::new();
    let server = reason.server().into_iter().flat_map(|s| s.endpoints());
    for endpoint in reason.endpoints().iter().chain(server) {
        let Some(request) = Request::parse(endpoint) else {
            continue;
        };
        if request.method.is_none() {
            continue;
        }
        for route in server_index::routes_for(&request) {
            if !found.iter().any(|r| std::ptr::eq(*r, route)) {
                found.push(route);
            }
        }
    }
    found
}

/// The unknown-ID answer of a route for this reason: the one that gives it,
/// else the one of the last ID in the path (the resource the route is about).
fn unknown_answer(route: &ServerRoute, reason: &str) -> Option<&'static ServerCondition> {
    let mut last = None;
    for c in route.conditions() {
        if c.condition != Condition::UnknownId {
            continue;
        }
        if c.reason() == reason {
            return Some(c);
        }
        last = Some(c);
    }
    last
}

/// What a card says of a reason on the wire, beyond the page: where it is
/// never sent and what arrives instead, the page's routes that answer an
/// unknown ID otherwise, what a deleted ID receives, and, for the generic
/// reasons, which ID or condition they mean on which routes.
pub fn reason_notes(reason: &Reason) -> Vec<WireNote> {
    let mut notes = Vec::new();
    if let Some(unsent) = server_index::unsent(reason.name()) {
        let routes: Vec<String> = unsent
            .instead()
            .iter()
            .map(|i| route_name(i.route()))
            .collect();
        // The catalog's own note says why, where it has one.
        let mut text = match reason.field_note() {
            Some(_) => String::new(),
            None => format!("It never reaches a client: {}.", unsent.why().join("; ")),
        };
        let mut answers: Vec<(u16, &str, &str)> = unsent
            .instead()
            .iter()
            .map(|i| (i.http, i.reason(), i.at()))
            .collect();
        answers.sort_unstable();
        answers.dedup();
        for (http, instead, at) in answers {
            let on: Vec<String> = unsent
                .instead()
                .iter()
                .filter(|i| i.http == http && i.reason() == instead && i.at() == at)
                .map(|i| route_name(i.route()))
                .collect();
            text.push_str(&format!(
                " An unknown ID gets {http} {instead} instead on {} ({at}).",
                some_of(&on)
            ));
        }
        if !text.trim().is_empty() {
            notes.push(WireNote {
                kind: "never_sent",
                label: "Never sent",
                text: text.trim().to_owned(),
                routes,
            });
        }
    }
    let page = page_routes(reason);
    if reason.http == 404 && reason.section_key() != "generic" {
        if server_index::unsent(reason.name()).is_none_or(|u| u.instead().is_empty()) {
            instead_on_page(reason, &page, &mut notes);
        }
        deleted(reason, &page, &mut notes);
    }
    if reason.section_key() == "generic" || reason.name() == "PERMISSION_DENIED" {
        means(reason, &mut notes);
    }
    access_key(reason, &mut notes);
    notes
}

/// `GET /v1.0/customers/{id}` as the catalog writes it.
fn route_name(route: &str) -> String {
    match route.split_once(' ') {
        Some((method, path)) => format!("{method} {}", route_path(path)),
        None => route.to_owned(),
    }
}

/// The page's routes where an unknown ID answers another reason.
fn instead_on_page(reason: &Reason, page: &[&'static ServerRoute], notes: &mut Vec<WireNote>) {
    let mut groups: Grouped<(u16, &str, &str)> = Vec::new();
    for route in page {
        let Some(c) = unknown_answer(route, reason.name()) else {
            continue;
        };
        if !c.traced || c.reason() == reason.name() || c.http == 0 {
            continue;
        }
        let key = (c.http, c.reason(), c.at());
        group(&mut groups, key, route.pattern());
    }
    for ((http, instead, at), routes) in groups {
        notes.push(WireNote {
            kind: "instead",
            label: "Instead",
            text: format!(
                "On {}, which the page names, an unknown ID gets {http} {instead}, not {} ({at}).",
                some_of(&routes),
                reason.name()
            ),
            routes,
        });
    }
}

/// What a deleted ID receives on the routes where an unknown one gets this reason.
fn deleted(reason: &Reason, page: &[&'static ServerRoute], notes: &mut Vec<WireNote>) {
    let mut groups: Grouped<(u16, &str, &str, &str)> = Vec::new();
    let answering = server_index::routes().iter().filter(|route| {
        unknown_answer(route, reason.name()).is_some_and(|c| c.reason() == reason.name())
    });
    let mut seen: Vec<&ServerRoute> = Vec::new();
    for route in answering.chain(page.iter().copied()) {
        if seen.iter().any(|r| std::ptr::eq(*r, route)) {
            continue;
        }
        seen.push(route);
        // Deletion is traced for the route's first ID: the one this reason is about?
        let about = unknown_answer(route, reason.name()).and_then(|c| c.param());
        let Some(c) = route
            .condition(Condition::DeletedId, None)
            .filter(|c| c.param() == about)
        else {
            continue;
        };
        if !c.traced {
            continue;
        }
        let key = (c.http, c.reason(), c.at(), c.note());
        group(&mut groups, key, route.pattern());
    }
    for ((http, got, at, note), routes) in groups {
        let text = match http {
            0 => format!(
                "A deleted ID is not refused on {}: {note} ({at}).",
                some_of(&routes)
            ),
            _ if got == reason.name() => format!(
                "A deleted ID gets it too on {}: {note} ({at}).",
                some_of(&routes)
            ),
            _ => format!(
                "A deleted ID gets {http} {got} instead on {}: {note} ({at}).",
                some_of(&routes)
            ),
        };
        notes.push(WireNote {
            kind: "deleted_id",
            label: "Deleted ID",
            text,
            routes,
        });
    }
}

/// For a generic reason, the conditions that answer it, route by route,
/// and the failures of a manager's own work it stands for.
fn means(reason: &Reason, notes: &mut Vec<WireNote>) {
    let order = [
        (Condition::UnknownId, false),
        (Condition::DeletedId, false),
        (Condition::AnotherCustomer, false),
        (Condition::NoRole, true),
        (Condition::NoRole, false),
        (Condition::AnyId, false),
    ];
    for (condition, before_load) in order {
        let mut routes = Vec::new();
        let mut places = Vec::new();
        for route in server_index::routes() {
            for c in route.meeting(reason.http, reason.name()) {
                if c.condition == condition
                    && c.note().starts_with("role check before") == before_load
                {
                    add(&mut routes, route.pattern());
                    add(&mut places, c.at().to_owned());
                }
            }
        }
        let what = match condition {
            Condition::UnknownId => "an unknown ID",
            Condition::DeletedId => "a deleted ID",
            Condition::AnotherCustomer => "another customer's ID",
            Condition::NoRole if before_load => {
                "a caller without the role, checked before anything is loaded (so whatever the ID)"
            }
            Condition::NoRole => "a caller without the role, once the ID is found",
            Condition::AnyId => "any ID: the manager has no case for the request the route makes",
            Condition::AccessKey => continue,
        };
        push_means(notes, routes, &places, what);
    }
    let mut routes = Vec::new();
    let mut places = Vec::new();
    for route in server_index::routes() {
        for a in route.answers() {
            let own_work = a.why() == "translated"
                && a.http == reason.http
                && a.reason() == reason.name()
                && !route.conditions().iter().any(|c| a.is_at(c.at()));
            if own_work {
                add(&mut routes, route.pattern());
                add(&mut places, format!("{}:{}", a.file(), a.line));
            }
        }
    }
    push_means(
        notes,
        routes,
        &places,
        "a failure of the manager's own work, which it answers with a bare status",
    );
}

/// Adds an item once.
fn add(items: &mut Vec<String>, item: String) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// `N routes answer it for WHAT: A, B… (file:line)`, where any route does.
fn push_means(notes: &mut Vec<WireNote>, routes: Vec<String>, places: &[String], what: &str) {
    if routes.is_empty() {
        return;
    }
    let at = match places {
        [one] => format!(" ({one})"),
        _ => format!(
            " (decided in {} places; voiperr endpoint ROUTE names each)",
            places.len()
        ),
    };
    notes.push(WireNote {
        kind: "means",
        label: "Means",
        text: format!(
            "{} answer it for {what}: {}{at}.",
            count(&routes),
            some_of(&routes)
        ),
        routes,
    });
}

/// Routes where an access key (no agent) gets this reason.
fn access_key(reason: &Reason, notes: &mut Vec<WireNote>) {
    let mut groups: Grouped<&str> = Vec::new();
    let mut first_at: Vec<(&str, &str)> = Vec::new();
    for route in server_index::routes() {
        for c in route.meeting(reason.http, reason.name()) {
            if c.condition != Condition::AccessKey {
                continue;
            }
            if !first_at.iter().any(|(note, _)| *note == c.note()) {
                first_at.push((c.note(), c.at()));
            }
            group(&mut groups, c.note(), route.pattern());
        }
    }
    for ((note, routes), (_, at)) in groups.into_iter().zip(first_at) {
        let advice = if reason.http == 401 {
            " Log in as the agent (POST /auth/login) and send its token: no access key works there."
        } else {
            ""
        };
        notes.push(WireNote {
            kind: "access_key",
            label: "Access key",
            text: format!(
                "An access key gets it on {}, {}: {note} (for example {at}).{advice}",
                count(&routes),
                some_of(&routes)
            ),
            routes,
        });
    }
}

/// What a response means on the routes a request names.
#[derive(Debug, Default)]
pub struct OnRoute {
    /// Which ID or condition it answers there, and what to check, in order.
    pub steps: Vec<String>,
    /// Whether the route takes only an agent's token, so that "send a
    /// valid access key" cannot help.
    pub agent_only: bool,
}

/// What a response with this code (and reason, when the body named one)
/// means on the routes this request names, condition by condition, with
/// what to check: the steps `diagnose` gives first.
pub fn on_route(request: &Request, http: u16, reason: Option<&str>) -> OnRoute {
    let mut found = OnRoute::default();
    // A resource's own not-found on a route with one ID says itself which
    // ID it means; a generic reason does not.
    let own = reason
        .and_then(|r| crate::catalog::Catalog::get().reason(r))
        .is_some_and(|r| r.section_key() != "generic");
    let routes = server_index::routes_for(request);
    // A URL without its method names several routes: their steps would be
    // every method's (a Python traceback's `for url:`); the likely reasons say enough.
    if request.method.is_none() && routes.len() > 1 {
        return found;
    }
    for route in routes {
        let ids = route
            .conditions()
            .iter()
            .filter(|c| c.condition == Condition::UnknownId)
            .count();
        let answering = route.conditions().iter().filter(|c| {
            c.traced
                && c.http == http
                && reason.is_none_or(|r| r == c.reason())
                && !(own && ids <= 1 && c.condition == Condition::UnknownId)
        });
        for c in answering {
            let check = match c.condition {
                Condition::UnknownId => "check that the ID exists: take it from a recent list call",
                Condition::DeletedId => {
                    "check whether it was deleted: a deleted one answers the same"
                }
                Condition::AnotherCustomer => "check that the ID is one of this account's",
                Condition::NoRole => {
                    "check the caller's role (GET /agents/{id} shows an agent's permission)"
                }
                Condition::AccessKey if c.http == 401 => {
                    found.agent_only = true;
                    "only an agent's login token is accepted: log in as the agent (POST /auth/login) and send its token"
                }
                Condition::AccessKey => {
                    "the route wants an agent: log in as one (POST /auth/login) and send its token"
                }
                Condition::AnyId => {
                    "no ID works here: the route cannot succeed until the server is fixed"
                }
            };
            let step = format!(
                "On {} {}, {http} {} answers {}: {} ({}); {check}.",
                route.method(),
                route_path(route.path()),
                c.reason(),
                phrase(c),
                meaning(c),
                c.at()
            );
            if !found.steps.contains(&step) {
                found.steps.push(step);
            }
        }
        // A bare status the manager answers for a failure of its own work.
        let translated = route.answers().iter().filter(|a| {
            a.why() == "translated"
                && a.http == http
                && reason.is_none_or(|r| r == a.reason())
                && !route.meeting(a.http, a.reason()).any(|c| a.is_at(c.at()))
        });
        for a in translated {
            let step = format!(
                "On {} {}, {http} {} also answers any failure of the manager's own work: it answers a bare {http}, which the API sends as {} ({}:{}); check the resource's state with its GET before retrying.",
                route.method(),
                route_path(route.path()),
                a.reason(),
                a.reason(),
                a.file(),
                a.line
            );
            if !found.steps.contains(&step) {
                found.steps.push(step);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_leave_a_sentence_whole() {
        assert_eq!(
            without_sources(
                "the load passes the caller's customer (bin-api-manager/x.go:254): another customer's ID is not found (so it says)"
            ),
            "the load passes the caller's customer: another customer's ID is not found (so it says)"
        );
    }
    use crate::catalog::Catalog;

    fn route(method: &str, path: &str) -> &'static ServerRoute {
        server_index::routes()
            .iter()
            .find(|r| r.method() == method && r.path() == path)
            .expect("route")
    }

    #[test]
    fn a_condition_reads_with_its_code_reason_and_place() {
        let hold = route("POST", "/v1.0/calls/{id}/hold");
        let deleted = hold.condition(Condition::DeletedId, None).expect("deleted");
        assert_eq!(
            received(hold, deleted),
            "409 STATE_INVALID: the API checks TMDelete after the load (bin-api-manager/pkg/servicehandler/call.go:37)"
        );
        let source = route("DELETE", "/v1.0/rags/{id}/sources/{source_id}");
        let unknown = source
            .condition(Condition::UnknownId, Some("source_id"))
            .expect("unknown source");
        assert!(
            received(source, unknown).starts_with("{source_id}: 404 RESOURCE_NOT_FOUND"),
            "{}",
            received(source, unknown)
        );
    }

    #[test]
    fn a_reason_never_sent_says_what_arrives_instead() {
        let customer = Catalog::get().reason("CUSTOMER_NOT_FOUND").expect("reason");
        let notes = reason_notes(customer);
        let never = notes
            .iter()
            .find(|n| n.kind == "never_sent")
            .expect("never sent");
        assert!(
            never.text.contains("400 INVALID_ARGUMENT"),
            "{}",
            never.text
        );
        assert!(never.routes.contains(&"GET /customers/{id}".to_owned()));
    }

    #[test]
    fn diagnose_steps_name_the_condition_and_what_to_check() {
        let request =
            Request::parse("GET /aiaudits/6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f").expect("request");
        let steps = on_route(&request, 404, Some("RESOURCE_NOT_FOUND")).steps;
        assert!(steps[0].contains("an unknown ID"), "{steps:?}");
        assert!(steps[0].contains("check that the ID exists"), "{steps:?}");
        assert!(
            on_route(&request, 409, Some("STATE_INVALID"))
                .steps
                .is_empty()
        );
        // A bare status with no reason: what the route answers with that code.
        assert_eq!(on_route(&request, 404, None).steps, steps);
    }
}
