//! The site's pages, built from the compiled-in catalog, field notes and
//! server index with the CLI's own wording (the card's sentences, the
//! endpoint view, the retry advice).

use std::collections::BTreeSet;

use super::doc::{Block, Inline, Page, code, link, text};
use crate::catalog::{Catalog, Reason, Section};
use crate::commands::card::{
    owner_sentence, rule_answer, server_says, server_source, tier_warning, unserved_sentence,
};
use crate::commands::endpoint::{self, answer_meaning};
use crate::request_path::Request;
use crate::retry::Retry;
use crate::rules::{self, Rule};
use crate::server_index;
use crate::status::Status;
use crate::wire;

use crate::doc_url::{code_page, endpoint_page, reason_page, resource_page, route_page};

/// A page endpoint (`POST /calls/{id}/hangup`) as a link: to the server's
/// route that serves it, else to its own page (which says it is not served).
fn endpoint_link(endpoint: &str) -> Inline {
    let Some(request) = Request::parse(endpoint) else {
        return code(endpoint);
    };
    let routes = server_index::routes_for(&request);
    match routes.first() {
        Some(route) if request.method.is_some() => link(endpoint, route_page(route)),
        _ => link(
            endpoint,
            endpoint_page(
                request.method.as_deref(),
                endpoint.split_whitespace().last().unwrap_or(endpoint),
            ),
        ),
    }
}

fn reason_link(reason: &Reason) -> Inline {
    link(reason.name(), reason_page(reason.name()))
}

/// A reason's name as a link when the catalog has it.
fn name_link(name: &str) -> Inline {
    match Catalog::get().reason(name) {
        Some(reason) => reason_link(reason),
        None => code(name),
    }
}

/// `NAME †` marks as the tables of the CLI do.
fn marked_name(reason: &Reason) -> Vec<Inline> {
    let mut cell = vec![reason_link(reason)];
    match (reason.published, reason.emitted) {
        (true, true) => {}
        (true, false) => cell.push(text(" † never sent")),
        (false, true) => cell.push(text(" * unpublished")),
        (false, false) => cell.push(text(" * †")),
    }
    cell
}

fn reasons_table(reasons: &[&'static Reason]) -> Block {
    Block::Table(
        vec!["Reason", "HTTP", "Cause"],
        reasons
            .iter()
            .map(|r| {
                vec![
                    marked_name(r),
                    vec![link(r.http.to_string(), code_page(r.http))],
                    vec![text(r.cause_on_server())],
                ]
            })
            .collect(),
    )
}

fn rule_items(rules: &[&Rule]) -> Vec<Vec<Inline>> {
    rules
        .iter()
        .map(|r| {
            vec![
                code(rule_answer(r)),
                text(format!(": {} Next: {}", r.on_card(), r.next())),
            ]
        })
        .collect()
}

/// Everything known about a reason, in the order of `voiperr explain`:
/// what it means, what to do and whether to retry; what the server does
/// and what the published page says; then routes and sources.
pub fn reason(reason: &'static Reason) -> Page {
    let mut blocks = vec![
        Block::Anchors(
            reason
                .aliases()
                .iter()
                .map(|a| format!("alias-{a}"))
                .collect(),
        ),
        Block::Field(
            "HTTP",
            vec![
                link(reason.http.to_string(), code_page(reason.http)),
                text(format!(" {}", reason.status.name())),
            ],
        ),
        Block::Field("Cause", vec![text(reason.cause_without_routes())]),
        Block::Field("Fix", vec![text(reason.fix())]),
        Block::Field("Retry", vec![text(reason.retry().advice())]),
    ];
    blocks.push(Block::Heading(
        "What the server does".into(),
        "server".into(),
    ));
    if let Some(says) = server_says(reason) {
        blocks.push(Block::Marked("Server", vec![text(says)]));
    }
    if let Some(warning) = tier_warning(reason) {
        blocks.push(Block::Marked("Tier", vec![text(warning)]));
    }
    let quirks = rules::naming(reason.name());
    if !quirks.is_empty() {
        blocks.push(Block::Items("Field note", rule_items(&quirks)));
    }
    blocks.push(Block::Heading(
        "What the published page says".into(),
        "page".into(),
    ));
    let section = reason.section();
    blocks.push(Block::Field(
        "Resource",
        vec![link(
            format!("{} ({})", section.key(), section.title()),
            resource_page(section.key()),
        )],
    ));
    blocks.push(Block::Field("Cause", vec![text(reason.cause())]));
    let notes: Vec<Vec<Inline>> = reason.all_notes().map(|n| vec![text(n)]).collect();
    if !notes.is_empty() {
        blocks.push(Block::Items("Notes", notes));
    }
    if !reason.aliases().is_empty() {
        blocks.push(Block::Field(
            "Aliases",
            vec![text(format!(
                "{} (names people guess; voiperr explain resolves them here)",
                reason.aliases().join(", ")
            ))],
        ));
    }
    blocks.push(Block::Heading("Routes and sources".into(), "routes".into()));
    if let Some(owner) = owner_sentence(reason) {
        blocks.push(Block::Marked("Server", vec![text(owner)]));
    }
    for note in wire::reason_notes(reason) {
        blocks.push(Block::Marked(note.label, vec![text(note.text)]));
    }
    let answers = rules::about(reason.name());
    if !answers.is_empty() {
        blocks.push(Block::Items("Answers", rule_items(&answers)));
    }
    let routes: Vec<Vec<Inline>> = reason
        .server_routes()
        .map(|route| vec![link(route.pattern(), route_page(route))])
        .collect();
    if !routes.is_empty() {
        blocks.push(Block::Items("Sent by", routes));
    }
    if !reason.endpoints().is_empty() {
        blocks.push(Block::Items(
            "Endpoints",
            reason
                .endpoints()
                .iter()
                .map(|e| vec![endpoint_link(e)])
                .collect(),
        ));
    }
    if let Some(server) = &reason.server()
        && !server.endpoints().is_empty()
    {
        blocks.push(Block::Items(
            "Also from",
            server
                .endpoints()
                .iter()
                .map(|e| vec![endpoint_link(e)])
                .collect(),
        ));
    }
    if let Some(unserved) = unserved_sentence(reason) {
        blocks.push(Block::Marked("Not served", vec![text(unserved)]));
    }
    blocks.push(Block::Field("Source", vec![text(server_source(reason))]));
    Page {
        path: reason_page(reason.name()),
        title: reason.name().to_owned(),
        summary: format!(
            "VoIPbin API error {} (HTTP {}): {}",
            reason.name(),
            reason.http,
            reason.cause_without_routes()
        ),
        blocks,
    }
}

/// An alias: a page of its own that points to its reason, for guessed links.
pub fn alias(alias: &str, reason: &'static Reason) -> Page {
    Page {
        path: reason_page(alias),
        title: alias.to_owned(),
        summary: format!(
            "{alias} is another name for the VoIPbin API error {}",
            reason.name()
        ),
        blocks: vec![Block::Paragraph(vec![
            text(format!("{alias} is another name for ")),
            link(
                reason.name(),
                format!("{}#alias-{alias}", reason_page(reason.name())),
            ),
            text(format!(" (HTTP {}).", reason.http)),
        ])],
    }
}

/// One endpoint, in the order of `voiperr endpoint`: what it answers and
/// what each condition receives, the field notes with what to do; then
/// the page's table and the server's answers with their sources. A route
/// the server does not serve says so, and which routes are near.
pub fn endpoint(method: Option<&str>, path: &str) -> Page {
    let shown = match method {
        Some(m) => format!("{m} {path}"),
        None => path.to_owned(),
    };
    let request = Request::parse(&shown).unwrap_or_else(|| Request {
        method: None,
        segments: Vec::new(),
        versioned: false,
    });
    let view = endpoint::view(&request);
    let (_, notes) = request.documented();
    let mut blocks = Vec::new();
    if let Some(section) = request.section(Catalog::get()) {
        blocks.push(Block::Field(
            "Resource",
            vec![link(
                format!("{} ({})", section.key(), section.title()),
                resource_page(section.key()),
            )],
        ));
    }
    if !view.served {
        let mut inlines = vec![text(
            "The server serves no such route: every request to it answers 404 ",
        )];
        inlines.push(name_link("ROUTE_NOT_FOUND"));
        if !view.page_only.is_empty() {
            inlines.push(text(". The published page names it for "));
            for (i, name) in view.page_only.iter().enumerate() {
                if i > 0 {
                    inlines.push(text(", "));
                }
                inlines.push(name_link(name));
            }
        }
        inlines.push(text("."));
        blocks.push(Block::Marked("Not served", inlines));
        let near: Vec<Vec<Inline>> = request
            .nearest_routes(3)
            .into_iter()
            .map(|route| {
                vec![link(
                    format!("{} {}", route.method(), route.path()),
                    route_page(route),
                )]
            })
            .collect();
        if !near.is_empty() {
            blocks.push(Block::Items("Did you mean", near));
        }
    }
    if !view.answers.is_empty() {
        blocks.push(Block::Heading("Answers".into(), "answers".into()));
        blocks.push(answers_table(&view.answers));
    }
    for route in &view.server.routes {
        for condition in &route.conditions {
            blocks.push(Block::Field(condition.label, vec![text(&condition.brief)]));
        }
    }
    if !notes.is_empty() {
        blocks.push(Block::Heading("Field notes".into(), "field-notes".into()));
        blocks.push(Block::Items("Answers", rule_items(&notes)));
    }
    if !view.server.every_route.is_empty() {
        let mut inlines = Vec::new();
        for (i, a) in view.server.every_route.iter().enumerate() {
            if i > 0 {
                inlines.push(text(", "));
            }
            inlines.push(text(format!("{} ", a.http)));
            inlines.push(name_link(a.reason));
        }
        inlines.push(text(
            " (authentication, rate limits, account status, request binding)",
        ));
        blocks.push(Block::Field("Every route", inlines));
    }
    for route in &view.server.routes {
        blocks.push(Block::Heading(
            format!(
                "The server's code at {}: {} {}",
                view.server.commit, route.method, route.path
            ),
            "server".into(),
        ));
        let answers: Vec<Vec<Inline>> = route
            .answers
            .iter()
            .map(|a| {
                vec![
                    text(format!("{} ", a.http)),
                    name_link(a.reason),
                    text(format!(": {} ({})", answer_meaning(a.why), a.source)),
                ]
            })
            .collect();
        if answers.is_empty() {
            blocks.push(Block::Field(
                "Answers",
                vec![text(
                    "no reason of its own: its handler fails with bare status codes",
                )],
            ));
        } else {
            blocks.push(Block::Items("Answers", answers));
        }
        for condition in &route.conditions {
            blocks.push(Block::Field(condition.label, vec![text(&condition.text)]));
        }
    }
    Page {
        path: endpoint_page(method, path),
        title: shown.clone(),
        summary: match view.served {
            true => format!(
                "The errors VoIPbin's API answers to {shown}: {} reasons",
                view.answers.len()
            ),
            false => format!("{shown} is not served: VoIPbin's API answers it 404 ROUTE_NOT_FOUND"),
        },
        blocks,
    }
}

/// The merged answers of an endpoint: code, reason, what it means, and
/// where each is known from.
fn answers_table(answers: &[endpoint::AnswerView]) -> Block {
    Block::Table(
        vec!["HTTP", "Reason", "Cause", "From"],
        answers
            .iter()
            .map(|a| {
                vec![
                    vec![link(a.http.to_string(), code_page(a.http))],
                    vec![name_link(a.reason)],
                    vec![text(a.cause.clone())],
                    vec![text(a.from.join(", "))],
                ]
            })
            .collect(),
    )
}

/// One resource section and its reasons.
pub fn resource(section: &'static Section) -> Page {
    let reasons: Vec<&'static Reason> = Catalog::get().reasons_in(section.key()).collect();
    let mut blocks = vec![Block::Paragraph(vec![text(section.description())])];
    if !section.prefixes().is_empty() {
        blocks.push(Block::Field(
            "Paths",
            vec![text(section.prefixes().join(", "))],
        ));
    }
    if !section.notes().is_empty() {
        blocks.push(Block::Items(
            "Notes",
            section.notes().iter().map(|n| vec![text(n)]).collect(),
        ));
    }
    blocks.push(reasons_table(&reasons));
    Page {
        path: resource_page(section.key()),
        title: section.title().to_owned(),
        summary: format!(
            "VoIPbin API error reasons of {}: {} reasons",
            section.title(),
            reasons.len()
        ),
        blocks,
    }
}

/// One HTTP code: its canonical statuses, retry advice and reasons.
pub fn http_code(http: u16) -> Page {
    let statuses = Status::for_http(http);
    let reasons: Vec<&'static Reason> = Catalog::get()
        .reasons()
        .iter()
        .filter(|r| r.http == http)
        .collect();
    let mut blocks: Vec<Block> = statuses
        .iter()
        .map(|s| {
            Block::Field(
                "Status",
                vec![code(s.name()), text(format!(": {}", s.meaning()))],
            )
        })
        .collect();
    blocks.push(Block::Field(
        "Retry",
        vec![text(Retry::for_http(http).advice())],
    ));
    blocks.push(reasons_table(&reasons));
    Page {
        path: code_page(http),
        title: format!("HTTP {http}"),
        summary: format!(
            "VoIPbin API errors with HTTP {http}: {} reasons",
            reasons.len()
        ),
        blocks,
    }
}

/// The HTTP codes the catalog's reasons use.
pub fn http_codes() -> Vec<u16> {
    let codes: BTreeSet<u16> = Catalog::get().reasons().iter().map(|r| r.http).collect();
    codes.into_iter().collect()
}

/// Every endpoint with a page: the server's routes, then the page's routes
/// it does not serve.
pub fn endpoints() -> Vec<(Option<String>, String)> {
    let mut all: Vec<(Option<String>, String)> = server_index::routes()
        .iter()
        .map(|r| (Some(r.method().to_owned()), r.path().to_owned()))
        .collect();
    for reason in Catalog::get().reasons() {
        for e in reason.server_code().unserved_endpoints() {
            let (method, path) = match e.split_once(' ') {
                Some((m, p)) => (Some(m.to_owned()), p.to_owned()),
                None => (None, (*e).to_owned()),
            };
            if !all.contains(&(method.clone(), path.clone())) {
                all.push((method, path));
            }
        }
    }
    all
}

/// The index: search, then every reason by resource.
pub fn index() -> Page {
    let catalog = Catalog::get();
    let mut blocks = vec![
        Block::Paragraph(vec![text(
            "Every error reason VoIPbin's REST API answers with (the error.reason of a failed call): what it means, what the server really does, and what to do. The same catalog as the voiperr command line.",
        )]),
        Block::Search,
        Block::Heading("Reasons".into(), "reasons".into()),
    ];
    for section in catalog.sections() {
        let reasons: Vec<&'static Reason> = catalog.reasons_in(section.key()).collect();
        if reasons.is_empty() {
            continue;
        }
        blocks.push(Block::Field(
            "Resource",
            vec![link(section.title(), resource_page(section.key()))],
        ));
        blocks.push(reasons_table(&reasons));
    }
    Page {
        path: "index".into(),
        title: "VoIPbin API error reasons".into(),
        summary: format!(
            "{} VoIPbin API error reasons: cause, fix, retry advice and what the server really does",
            catalog.reasons().len()
        ),
        blocks,
    }
}

/// A list page: resources, HTTP codes or endpoints.
pub fn listing(path: &str, title: &str, items: Vec<Vec<Inline>>) -> Page {
    Page {
        path: path.to_owned(),
        title: title.to_owned(),
        summary: format!("{title}: {} pages", items.len()),
        blocks: vec![Block::Items("Pages", items)],
    }
}

pub fn resource_items() -> Vec<Vec<Inline>> {
    Catalog::get()
        .sections()
        .iter()
        .map(|s| vec![link(s.title(), resource_page(s.key()))])
        .collect()
}

pub fn code_items() -> Vec<Vec<Inline>> {
    http_codes()
        .into_iter()
        .map(|http| vec![link(format!("HTTP {http}"), code_page(http))])
        .collect()
}

pub fn endpoint_items() -> Vec<Vec<Inline>> {
    endpoints()
        .iter()
        .map(|(method, path)| {
            let shown = match method {
                Some(m) => format!("{m} {path}"),
                None => path.clone(),
            };
            vec![link(shown, endpoint_page(method.as_deref(), path))]
        })
        .collect()
}
