//! `voiperr endpoint "METHOD /path"`: every reason and field note documented for one endpoint.

use std::io;

use colored::Colorize;
use serde::Serialize;

use super::card::{self, field};
use super::list::render_reasons;
use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::{EndpointArgs, Format};
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

/// The JSON view of an endpoint.
pub fn view(request: &Request) -> EndpointView {
    let (reasons, notes) = request.documented();
    EndpointView {
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
        server: server_view(&server_index::routes_for(request)),
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
    let catalog = Catalog::get();
    let (reasons, notes) = request.documented();
    let section = request.section(catalog);
    let server = server_view(&server_index::routes_for(&request));
    let shown = format!(
        "{}{}",
        request
            .method
            .as_deref()
            .map_or(String::new(), |m| format!("{m} ")),
        request.path()
    );
    if args.json {
        write_json(&mut *ui.out, &view(&request), true)?;
        writeln!(ui.out)?;
    } else {
        writeln!(ui.out, "{}", inert(&shown).bold().cyan())?;
        let resource = section.map_or("(no resource section covers this path)".to_owned(), |s| {
            format!("{} ({})", s.key(), s.title())
        });
        field(ui, "Resource", &resource)?;
        let page_only = request.named_by_page_only();
        if !page_only.is_empty() {
            let names: Vec<&str> = page_only.iter().map(|r| r.name()).collect();
            field(
                ui,
                "Not served",
                &format!(
                    "the published page names it for {}, but the server serves no such route: it answers 404 ROUTE_NOT_FOUND",
                    names.join(", ")
                ),
            )?;
        } else if reasons.is_empty() && server.routes.is_empty() {
            field(
                ui,
                "Reasons",
                "none documented for this endpoint; the generic reasons can still occur",
            )?;
        } else if reasons.is_empty() {
            field(
                ui,
                "Reasons",
                "none in the catalog for this endpoint: what the server's code answers follows",
            )?;
        } else {
            writeln!(ui.out)?;
            render_reasons(ui, &reasons, Format::Table, 0, None)?;
        }
        if let Some(section) = section {
            let others: Vec<&str> = catalog
                .reasons_in(section.key())
                .filter(|r| r.published && !reasons.iter().any(|x| x.name() == r.name()))
                .map(|r| r.name())
                .collect();
            if !others.is_empty() {
                writeln!(ui.out)?;
                let text = format!(
                    "other {} reasons: {} (voiperr list --resource {})",
                    section.key(),
                    others.join(", "),
                    section.key()
                );
                field(ui, "See also", &text)?;
            }
        }
        for rule in &notes {
            writeln!(ui.out)?;
            let answer = crate::output::wrap(&card::rule_answer(rule), ui.width, 4);
            writeln!(ui.out, "  {}", answer.bold())?;
            field(ui, "Server", rule.on_card())?;
            field(ui, "Next", rule.next())?;
        }
        write_server(ui, &server)?;
        card::see_field(
            ui,
            doc_url::request_page(&request).and_then(|page| doc_url::url(&page)),
        )?;
    }
    if reasons.is_empty() && notes.is_empty() && server.routes.is_empty() {
        if !request.named_by_page_only().is_empty() {
            ui.note("the server does not serve this route: it answers 404 ROUTE_NOT_FOUND; voiperr list --resource names the routes it serves for this resource")?;
            return Ok(Outcome::NotFound);
        }
        ui.note("nothing in the catalog, the field notes or the server's routes names this endpoint: the server answers 404 ROUTE_NOT_FOUND to a route it does not serve")?;
        return Ok(Outcome::NotFound);
    }
    Ok(Outcome::Found)
}

/// The server's own answers, route by route, and those every route shares.
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
        if route.answers.is_empty() {
            field(
                ui,
                "Answers",
                "no reason of its own: its handler fails with bare status codes",
            )?;
        }
        for condition in &route.conditions {
            field(ui, condition.label, &condition.text)?;
        }
    }
    if !server.every_route.is_empty() {
        let mut by_code: Vec<(u16, Vec<&str>)> = Vec::new();
        for answer in &server.every_route {
            match by_code.last_mut() {
                Some((http, names)) if *http == answer.http => names.push(answer.reason),
                _ => by_code.push((answer.http, vec![answer.reason])),
            }
        }
        let text: Vec<String> = by_code
            .iter()
            .map(|(http, names)| format!("{http} {}", names.join(", ")))
            .collect();
        field(
            ui,
            "Every route",
            &format!(
                "{} (authentication, rate limits, account status, request binding)",
                text.join("; ")
            ),
        )?;
    }
    Ok(())
}
