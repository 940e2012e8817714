//! `voiperr endpoint "METHOD /path"`: what one endpoint answers, as one merged list, or the
//! nearest served routes when the server does not serve it.

use std::io;

use colored::Colorize;
use serde::Serialize;

use super::card::{self, field};
use crate::Outcome;
use crate::catalog::{Catalog, Reason};
use crate::cli::EndpointArgs;
use crate::doc_url;
use crate::endpoint::Request;
use crate::output::{Ui, write_json};
use crate::server_index::{self, ServerRoute};
use crate::static_text::Texts;
use crate::untrusted::inert;
use crate::view::{FieldNoteView, ReasonView, SCHEMA_VERSION, Sources};
use crate::wire;

/// `endpoint --json`: what one endpoint can answer.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct EndpointView {
    pub schema_version: u32,
    pub sources: Sources,
    pub method: Option<String>,
    pub path: String,
    pub resource: Option<&'static str>,
    pub reasons: Vec<ReasonView>,
    pub field_notes: Vec<FieldNoteView>,
    /// Reasons the published page names for this route though the server
    /// serves no such route (it answers 404 ROUTE_NOT_FOUND).
    pub page_only: Vec<&'static str>,
    /// The endpoint's page on the site, when a docs URL is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// What the server's own code answers on the routes this request names
    /// (none: not a route the server serves).
    pub server: ServerView,
    /// Whether the server serves this route; when not, it answers any
    /// request to it 404 ROUTE_NOT_FOUND.
    pub served: bool,
    /// The routes as the server serves them: `POST /v1.0/calls`.
    pub served_as: Vec<String>,
    /// Where the route is not served: the closest routes that are.
    pub did_you_mean: Vec<String>,
    /// One list of what the route answers: `reasons` (the page's and the
    /// field notes') and `server.routes[].answers` merged, by code.
    pub answers: Vec<AnswerView>,
}

/// One reason the endpoint answers, wherever it is known from.
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct AnswerView {
    pub http: u16,
    pub reason: &'static str,
    /// What it means, without the page's list of other routes.
    pub cause: std::borrow::Cow<'static, str>,
    /// Where it is known from: `page`, `server` (its code) and `field note`.
    pub from: Vec<&'static str>,
    /// `file:line` of each place the server's code answers it here.
    pub sources: Vec<String>,
}

/// The server's answers for an endpoint, from the server index.
#[derive(Serialize)]
#[cfg_attr(
    feature = "mcp",
    derive(schemars::JsonSchema),
    schemars(rename = "EndpointServerView")
)]
pub struct ServerView {
    pub commit: &'static str,
    pub routes: Vec<ServerRouteView>,
    /// What every `/v1.0` route can answer before its handler runs.
    pub every_route: Vec<ServerAnswerView>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ServerRouteView {
    pub method: &'static str,
    pub path: &'static str,
    pub answers: Vec<ServerAnswerView>,
    /// What a client receives for an unknown ID (one entry per ID in the
    /// path), a deleted one, another customer's, a caller without the role,
    /// an access key where an agent is wanted, and any ID where the route
    /// cannot succeed; `traced: false` with `note` saying why where the
    /// index could not follow it.
    pub conditions: Vec<ConditionView>,
}

/// What a client receives in one condition (`crate::wire`).
#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ConditionView {
    /// `unknown_id`, `deleted_id`, `another_customer`, `no_role`,
    /// `access_key` or `any_id`.
    pub condition: &'static str,
    /// The path parameter it is about (`id`, `source_id`), where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<&'static str>,
    pub traced: bool,
    /// The code and reason it receives; null where the request goes on
    /// (or where it is not traced).
    pub http: Option<u16>,
    pub reason: Option<&'static str>,
    /// `file:line` where the server decides it (null where not traced).
    pub source: Option<&'static str>,
    /// `file:line` of each step on the way, from the API down.
    pub via: Texts,
    /// What it means there; where not traced, why.
    pub note: &'static str,
    /// The same, as one line of text.
    pub text: String,
    /// The text without where the server decides it (a short page's).
    #[serde(skip)]
    #[cfg_attr(feature = "mcp", schemars(skip))]
    pub brief: String,
    /// Its label on a page.
    #[serde(skip)]
    #[cfg_attr(feature = "mcp", schemars(skip))]
    pub label: &'static str,
}

#[derive(Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct ServerAnswerView {
    pub http: u16,
    pub reason: &'static str,
    /// `ownership`, `permission`, `agent only`, `constructed` (by the API),
    /// `manager` (by the manager behind it), or `middleware` for every route's.
    pub why: &'static str,
    /// `file:line` in the server's source at `commit`.
    pub source: String,
}

fn server_view(routes: &[&'static ServerRoute]) -> ServerView {
    ServerView {
        commit: server_index::commit(),
        routes: routes
            .iter()
            .map(|route| ServerRouteView {
                method: route.method(),
                path: route.path(),
                answers: route
                    .answers()
                    .iter()
                    .map(|a| ServerAnswerView {
                        http: a.http,
                        reason: a.reason(),
                        why: a.why(),
                        source: format!("{}:{}", a.file(), a.line),
                    })
                    .collect(),
                conditions: route
                    .conditions()
                    .iter()
                    .map(|c| ConditionView {
                        condition: c.condition.key(),
                        param: c.param,
                        traced: c.traced,
                        http: (c.traced && c.http != 0).then_some(c.http),
                        reason: (c.traced && !c.reason.is_empty()).then_some(c.reason),
                        source: c.traced.then_some(c.at),
                        via: c.via,
                        note: c.note,
                        text: wire::received(route, c),
                        brief: wire::received_briefly(route, c),
                        label: wire::label(c.condition),
                    })
                    .collect(),
            })
            .collect(),
        // The middleware every `/v1.0` route shares; `/auth/…` has its own.
        every_route: if !routes.iter().any(|r| r.path().starts_with("/v1.0/")) {
            Vec::new()
        } else {
            server_index::shared()
                .into_iter()
                .map(|(reason, file, line)| ServerAnswerView {
                    http: reason.http,
                    reason: reason.name(),
                    why: "middleware",
                    source: format!("{file}:{line}"),
                })
                .collect()
        },
    }
}

/// The page's, the field notes' and the server's answers for a request
/// as one list, by code then name (the site's search index holds each
/// route's).
pub fn answers(request: &Request) -> Vec<AnswerView> {
    merged_answers(request, &server_view(&server_index::routes_for(request)))
}

fn merged_answers(request: &Request, server: &ServerView) -> Vec<AnswerView> {
    let catalog = Catalog::get();
    let (reasons, notes) = request.documented();
    let served = !server.routes.is_empty();
    let mut names: Vec<&'static str> = reasons.iter().map(|r| r.name()).collect();
    for route in &server.routes {
        names.extend(route.answers.iter().map(|a| a.reason));
    }
    names.sort_unstable();
    names.dedup();
    let mut answers: Vec<AnswerView> = names
        .into_iter()
        .filter_map(|name| catalog.reason(name))
        .map(|reason| {
            let sources: Vec<String> = server
                .routes
                .iter()
                .flat_map(|route| &route.answers)
                .filter(|a| a.reason == reason.name())
                .map(|a| a.source.clone())
                .collect();
            let from = [
                (served && reason.documents_endpoint(request)).then_some("page"),
                (!sources.is_empty()).then_some("server"),
                notes
                    .iter()
                    .any(|n| n.reasons().contains(reason.name()))
                    .then_some("field note"),
            ];
            AnswerView {
                http: reason.http,
                reason: reason.name(),
                cause: reason.cause_without_routes(),
                from: from.into_iter().flatten().collect(),
                sources,
            }
        })
        .collect();
    answers.sort_by_key(|a| (a.http, a.reason));
    answers
}

/// `POST /v1.0/calls`: each route this request names, as the server serves it.
fn served_as(routes: &[&'static ServerRoute]) -> Vec<String> {
    routes
        .iter()
        .map(|r| format!("{} {}", r.method(), r.path()))
        .collect()
}

/// Routes offered for a request the server does not serve.
const NEAREST: usize = 3;

/// The JSON view of an endpoint.
pub fn view(request: &Request) -> EndpointView {
    let (reasons, notes) = request.documented();
    let routes = server_index::routes_for(request);
    let server = server_view(&routes);
    let served = !routes.is_empty();
    EndpointView {
        answers: merged_answers(request, &server),
        served,
        served_as: served_as(&routes),
        did_you_mean: match served {
            true => Vec::new(),
            false => served_as(&request.nearest_routes(NEAREST)),
        },
        schema_version: SCHEMA_VERSION,
        sources: Sources::get(),
        method: request.method.clone(),
        path: request.path(),
        resource: request.section(Catalog::get()).map(|s| s.key()),
        reasons: reasons.iter().map(|r| ReasonView::new(r)).collect(),
        field_notes: notes.iter().map(|r| FieldNoteView::new(r)).collect(),
        page_only: request
            .named_by_page_only()
            .iter()
            .map(|r| r.name())
            .collect(),
        server,
        doc_url: doc_url::request_page(request).and_then(|page| doc_url::url(&page)),
    }
}

/// What one server answer means, in words.
fn answer_text(answer: &ServerAnswerView) -> String {
    format!(
        "{} {}: {} ({})",
        answer.http,
        answer.reason,
        answer_meaning(answer.why),
        answer.source
    )
}

/// What a server answer's `why` means, in words.
pub fn answer_meaning(why: &str) -> &'static str {
    match why {
        "ownership" => {
            "the ID exists but belongs to another customer (the API checks ownership after loading it)"
        }
        "agent only" => {
            "only an agent's login token is accepted here; an access key or a customer's token is refused"
        }
        "permission" => "the caller's role lacks the permission this route needs",
        "manager" => "the manager behind the API answers it, and the API passes it on",
        "translated" => {
            "the API's generic reason for what the code there returns (a manager's bare status, or an error the API replaces)"
        }
        _ => "its handler answers it",
    }
}

pub fn run(args: &EndpointArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let text = args.request.join(" ");
    let Some(request) = Request::parse(&text) else {
        ui.error(&format!(
            "'{}' is not a request path; write it as 'POST /calls/{{id}}/hangup' or '/calls'",
            inert(&text)
        ))?;
        return Ok(Outcome::Failed);
    };
    let view = view(&request);
    if args.json {
        write_json(&mut *ui.out, &view, true)?;
        writeln!(ui.out)?;
    } else if view.served {
        write_page(ui, &request, &view, args.verbose)?;
    } else {
        write_unserved(ui, &request, &view)?;
    }
    if view.served {
        return Ok(Outcome::Found);
    }
    ui.note("the server does not serve this route: any request to it answers 404 ROUTE_NOT_FOUND")?;
    Ok(Outcome::NotFound)
}

/// The request as typed, normalized: `POST /calls/{id}/hangupp`.
fn request_name(request: &Request) -> String {
    let method = request
        .method
        .as_deref()
        .map_or(String::new(), |m| format!("{m} "));
    format!("{method}{}", request.path())
}

/// A route the server does not serve: what it answers, what the page
/// names for it, and the closest routes it serves.
fn write_unserved(ui: &mut Ui, request: &Request, view: &EndpointView) -> io::Result<()> {
    writeln!(
        ui.out,
        "{}  {}",
        inert(&request_name(request)).bold().cyan(),
        "not served (404 ROUTE_NOT_FOUND)".magenta()
    )?;
    field(
        ui,
        "Answer",
        "The server serves no such route: every request to it answers 404 ROUTE_NOT_FOUND.",
    )?;
    if !view.page_only.is_empty() {
        field(
            ui,
            "Page",
            &format!(
                "the published page names it for {}, but the server does not serve it",
                view.page_only.join(", ")
            ),
        )?;
    }
    match view.did_you_mean.is_empty() {
        true => field(
            ui,
            "Routes",
            "no served route is close to it: 'voiperr list --resource KEY' names a resource's reasons and 'voiperr explain ROUTE_NOT_FOUND' what the 404 means",
        ),
        false => {
            writeln!(ui.out, "  {}", "Did you mean".bold())?;
            for route in &view.did_you_mean {
                writeln!(ui.out, "    {route}")?;
            }
            Ok(())
        }
    }
}

/// A served route: what it answers and what each condition receives, the
/// field notes with what to do, the answers every route shares; with
/// `verbose`, the page's table, the server's answers with `file:line` and
/// the field notes' routes.
fn write_page(
    ui: &mut Ui,
    request: &Request,
    view: &EndpointView,
    verbose: bool,
) -> io::Result<()> {
    let catalog = Catalog::get();
    let (_, notes) = request.documented();
    writeln!(ui.out, "{}", view.served_as.join(", ").bold().cyan())?;
    let section = request.section(catalog);
    let resource = section.map_or("(no resource section covers this path)".to_owned(), |s| {
        format!("{} ({})", s.key(), s.title())
    });
    field(ui, "Resource", &resource)?;
    // Marked as listings mark them: `*` unpublished, `†` never sent.
    let answered: Vec<&'static Reason> = view
        .answers
        .iter()
        .filter_map(|a| catalog.reason(a.reason))
        .collect();
    let marked: Vec<(u16, String)> = answered
        .iter()
        .map(|r| (r.http, super::explain::marked_name(r)))
        .collect();
    match marked.is_empty() {
        true => field(
            ui,
            "Answers",
            "no reason of its own: its handler fails with bare status codes",
        )?,
        false => field(ui, "Answers", &by_code_text(&marked))?,
    }
    if answered.iter().any(|r| !r.published) {
        ui.note(super::list::UNPUBLISHED_NOTE)?;
    }
    if answered.iter().any(|r| !r.emitted) {
        ui.note(super::list::NEVER_SENT_NOTE)?;
    }
    // Who may call the route at all is part of what it means (once: the
    // access key's condition may say it).
    for route in &view.server.routes {
        if route.conditions.iter().any(|c| c.condition == "access_key") {
            continue;
        }
        for answer in route.answers.iter().filter(|a| a.why == "agent only") {
            let text = format!(
                "{} {}: {}",
                answer.http,
                answer.reason,
                answer_meaning(answer.why)
            );
            field(ui, "Agent only", &text)?;
        }
    }
    // A field note that says what a condition receives gives its next step
    // there, once; the others follow with what the server does.
    let mut told: Vec<&str> = Vec::new();
    for route in &view.server.routes {
        for condition in &route.conditions {
            let text = match verbose {
                true => condition.text.clone(),
                false => condition.brief.clone(),
            };
            field(ui, condition.label, &text)?;
            let about = notes.iter().find(|rule| {
                !verbose
                    && !told.contains(&rule.id())
                    && condition.http.is_some_and(|http| rule.http() == [http])
                    && condition
                        .reason
                        .is_some_and(|r| rule.reasons().iter().eq([r]))
            });
            if let Some(rule) = about {
                told.push(rule.id());
                field(ui, "Next", rule.next())?;
            }
        }
    }
    for rule in notes.iter().filter(|rule| !told.contains(&rule.id())) {
        if verbose {
            let answer = crate::output::wrap(&card::rule_answer(rule), ui.width, 4);
            writeln!(ui.out, "  {}", answer.bold())?;
        }
        field(ui, "Server", rule.on_card())?;
        field(ui, "Next", rule.next())?;
    }
    if verbose {
        write_every_route(ui, &view.server)?;
        // The merged list with what each means and where it is known from.
        writeln!(ui.out, "  {}", "Causes".bold())?;
        for (reason, answer) in answered.iter().zip(&view.answers) {
            let text = format!(
                "{} {}: {} ({})",
                super::explain::marked_name(reason),
                answer.http,
                answer.cause,
                answer.from.join(", ")
            );
            writeln!(ui.out, "    {}", crate::output::wrap(&text, ui.width, 6))?;
        }
        write_server(ui, &view.server)?;
        if let Some(section) = section {
            let others: Vec<&str> = catalog
                .reasons_in(section.key())
                .filter(|r| r.published && !view.answers.iter().any(|a| a.reason == r.name()))
                .map(|r| r.name())
                .collect();
            if !others.is_empty() {
                let text = format!(
                    "other {} reasons: {} (voiperr list --resource {})",
                    section.key(),
                    others.join(", "),
                    section.key()
                );
                field(ui, "See also", &text)?;
            }
        }
    } else {
        let first = view.served_as.first().map_or(String::new(), Clone::clone);
        field(
            ui,
            "More",
            &format!(
                "causes, sources and what every route answers: voiperr endpoint {first} --verbose"
            ),
        )?;
    }
    card::see_field(
        ui,
        doc_url::request_page(request).and_then(|page| doc_url::url(&page)),
    )
}

/// `400 A, B; 401 C`: reasons (sorted by code) grouped by code.
fn by_code_text<S: AsRef<str>>(answers: &[(u16, S)]) -> String {
    let mut by_code: Vec<(u16, Vec<&str>)> = Vec::new();
    for (code, name) in answers {
        match by_code.last_mut() {
            Some((http, names)) if http == code => names.push(name.as_ref()),
            _ => by_code.push((*code, vec![name.as_ref()])),
        }
    }
    let text: Vec<String> = by_code
        .iter()
        .map(|(http, names)| format!("{http} {}", names.join(", ")))
        .collect();
    text.join("; ")
}

/// The server's own answers, route by route, with where its code gives each.
fn write_server(ui: &mut Ui, server: &ServerView) -> io::Result<()> {
    for route in &server.routes {
        writeln!(ui.out)?;
        let title = format!(
            "The server's code at {}: {} {}",
            server.commit, route.method, route.path
        );
        writeln!(ui.out, "  {}", title.bold())?;
        for answer in &route.answers {
            field(ui, "Answers", &answer_text(answer))?;
        }
    }
    Ok(())
}

/// What every `/v1.0` route can answer before its handler runs.
fn write_every_route(ui: &mut Ui, server: &ServerView) -> io::Result<()> {
    if server.every_route.is_empty() {
        return Ok(());
    }
    let answers: Vec<(u16, &str)> = server
        .every_route
        .iter()
        .map(|a| (a.http, a.reason))
        .collect();
    field(
        ui,
        "Every route",
        &format!(
            "{} (authentication, rate limits, account status, request binding)",
            by_code_text(&answers)
        ),
    )
}
