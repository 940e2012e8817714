//! Text layout shared by the commands: a reason as a labelled card.

use std::io;

use colored::{Color, Colorize};

use crate::catalog::{Catalog, Reason};
use crate::doc_url;
use crate::endpoint::Request;
use crate::output::{Ui, wrap};
use crate::rules::{self, Rule};
use crate::server_index::{self, ServerRoute};
use crate::wire;

/// Width of the label column, `Endpoints` plus padding.
pub const LABEL: usize = 12;

/// `  Label       text`, the text wrapped under itself.
pub fn field(ui: &mut Ui, label: &str, text: &str) -> io::Result<()> {
    let body = wrap(text, ui.width, LABEL + 2);
    writeln!(ui.out, "  {}{body}", format!("{label:<LABEL$}").bold())
}

/// A field whose label and text carry a color: warnings and tier markers.
pub fn marked_field(ui: &mut Ui, label: &str, text: &str, color: Color) -> io::Result<()> {
    let body = wrap(text, ui.width, LABEL + 2);
    writeln!(
        ui.out,
        "  {}{}",
        format!("{label:<LABEL$}").color(color).bold(),
        body.color(color)
    )
}

/// The tier marker, when the reason is not an ordinary published, emitted one.
pub fn tier_field(ui: &mut Ui, reason: &Reason) -> io::Result<()> {
    match tier_warning(reason) {
        Some(warning) => marked_field(ui, "Tier", &warning, Color::Magenta),
        None => Ok(()),
    }
}

/// Several lines under one label.
pub fn list_field<'a>(
    ui: &mut Ui,
    label: &str,
    items: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    for (i, item) in items.into_iter().enumerate() {
        let shown = if i == 0 { label } else { "" };
        field(ui, shown, item)?;
    }
    Ok(())
}

/// The reason's tier, in words, when it is not an ordinary published, emitted reason.
pub fn tier_warning(reason: &Reason) -> Option<String> {
    if !reason.published {
        return Some(format!(
            "Not on the published page: known from the server's source ({}).",
            Catalog::get().source().server_source_date()
        ));
    }
    reason
        .field_note()
        .map(|note| format!("Published, but not emitted by the server today: {note}"))
}

/// The heading line: name, HTTP code and status, and what tier it is.
pub fn heading(ui: &mut Ui, reason: &Reason) -> io::Result<()> {
    let marker = match (reason.published, reason.emitted) {
        (false, _) => "  [unpublished]",
        (true, false) => "  [not sent by the server]",
        (true, true) => "",
    };
    writeln!(
        ui.out,
        "{}  {} {}{}",
        reason.name().bold().cyan(),
        reason.http.to_string().yellow(),
        reason.status.name(),
        marker.magenta()
    )
}

/// `POST /calls/{id}/hangup → 200 CALL_NOT_FOUND`: what a field note is about.
pub fn rule_answer(rule: &Rule) -> String {
    let request = match (rule.methods().join("/"), rule.paths().join(", ")) {
        (_, paths) if paths.is_empty() => "any request".to_owned(),
        (methods, paths) if methods.is_empty() => paths,
        (methods, paths) => format!("{methods} {paths}"),
    };
    let http: Vec<String> = rule.http().iter().map(u16::to_string).collect();
    let answer = [http.join("/"), rule.reasons().join("/")].join(" ");
    match answer.trim() {
        "" => request,
        answer => format!("{request} → {answer}"),
    }
}

/// Where the server's code sends the reason beyond the page's endpoints,
/// as `METHOD /path` patterns.
fn routes_beyond_page(reason: &'static Reason) -> Vec<String> {
    // Each endpoint the page and the notes name, parsed once.
    let documented: Vec<Request> = reason
        .endpoints()
        .iter()
        .chain(reason.server().into_iter().flat_map(|s| s.endpoints()))
        .filter_map(Request::parse)
        .collect();
    let named = |route: &ServerRoute| {
        let request = Request {
            method: Some(route.method().to_owned()),
            segments: route.segments().iter().map(|s| (*s).to_owned()).collect(),
            versioned: route.versioned,
        };
        documented
            .iter()
            .any(|e| request.matches_parts(e.method.as_deref(), &e.segments, e.versioned))
    };
    reason
        .server_routes()
        .filter(|route| !named(route))
        .map(ServerRoute::pattern)
        .collect()
}

/// Where another customer's ID answers 403 rather than this reason, though
/// the page says it covers them.
pub fn owner_sentence(reason: &Reason) -> Option<String> {
    // A reason never sent means nothing; its own note says what arrives.
    if server_index::unsent(reason.name()).is_some() {
        return None;
    }
    let (file, line, check) = reason.server_code().owner_check()?;
    Some(format!(
        "{} means the ID does not exist. An ID of another customer answers 403 PERMISSION_DENIED: {check} ({file}:{line}).",
        reason.name()
    ))
}

/// The page's routes for this reason that the server does not serve.
pub fn unserved_sentence(reason: &Reason) -> Option<String> {
    let unserved = reason.server_code().unserved_endpoints();
    (!unserved.is_empty()).then(|| {
        format!(
            "{}: the page lists them, the server serves no such route (404 ROUTE_NOT_FOUND)",
            unserved.join(", ")
        )
    })
}

/// What the server says of a reason where the page is wrong or silent.
pub fn server_says(reason: &Reason) -> Option<&'static str> {
    reason.server().map(|s| s.says()).or(reason.field_note())
}

/// The card's folded part (`--verbose`): the page's full cause, what a
/// client receives route by route, the field notes' routes, every route
/// that sends it, the page's endpoints, and where all of it comes from.
fn detail_fields(ui: &mut Ui, reason: &'static Reason) -> io::Result<()> {
    writeln!(ui.out, "  {}", "Routes and sources:".dimmed())?;
    let shown = reason.cause_without_routes();
    if reason.cause() != shown {
        field(ui, "Page cause", reason.cause())?;
    }
    // The short card's cause says it; here is where the server checks it.
    if let Some(text) = &owner_sentence(reason) {
        marked_field(ui, "Server", text, Color::Magenta)?;
    }
    for note in &wire::reason_notes(reason) {
        marked_field(ui, note.label, &note.text, Color::Magenta)?;
    }
    for (i, rule) in rules::about(reason.name()).iter().enumerate() {
        let label = if i == 0 { "Answers" } else { "" };
        writeln!(
            ui.out,
            "  {}{}",
            format!("{label:<LABEL$}").bold(),
            rule_answer(rule).bold()
        )?;
        writeln!(
            ui.out,
            "  {:LABEL$}  {}",
            "",
            wrap(rule.on_card(), ui.width, LABEL + 4)
        )?;
    }
    let routes = routes_beyond_page(reason);
    list_field(ui, "Sent by", routes.iter().map(String::as_str))?;
    list_field(ui, "Endpoints", reason.endpoints())?;
    if let Some(server) = &reason.server() {
        list_field(ui, "Also from", server.endpoints())?;
    }
    if let Some(text) = &unserved_sentence(reason) {
        marked_field(ui, "Not served", text, Color::Magenta)?;
    }
    field(ui, "Source", &server_source(reason))
}

/// Where what the card says of the server comes from: the behaviour notes'
/// block, else the notes or the server lines its field notes were read from.
pub fn server_source(reason: &Reason) -> String {
    let catalog = Catalog::get();
    let commit = catalog.source().server_commit();
    if let Some(server) = &reason.server() {
        return format!(
            "{}: {} (server commit {commit})",
            catalog.source().server_notes(),
            server.source()
        );
    }
    let mut sources: Vec<String> = Vec::new();
    for rule in rules::about(reason.name()) {
        let source = match (rule.source().notes(), rule.source().file()) {
            (crate::rules::SERVER_CODE, Some(file)) => format!("the server's code: {file}"),
            (notes, Some(file)) => format!("{notes}: {file}"),
            (notes, None) => notes.to_owned(),
        };
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    if sources.is_empty() {
        sources.push(catalog.source().server_notes().to_owned());
    }
    format!("{} (server commit {commit})", sources.join("; "))
}

/// Everything known about a reason, the answer first: what it means, what
/// to do and whether to retry; then what the server does and the page's
/// text; then, with `verbose`, routes, sources and `file:line` (the short
/// card says how to see them).
pub fn reason_card(ui: &mut Ui, reason: &'static Reason, verbose: bool) -> io::Result<()> {
    heading(ui, reason)?;
    field(ui, "Cause", &reason.cause_without_routes())?;
    field(ui, "Fix", reason.fix())?;
    field(ui, "Retry", reason.retry().advice())?;
    let says = server_says(reason);
    if let Some(says) = says {
        marked_field(ui, "Server", says, Color::Magenta)?;
    }
    let quirks: Vec<&str> = rules::naming(reason.name())
        .iter()
        .map(|r| r.on_card())
        .collect();
    list_field(ui, "Field note", quirks.iter().copied())?;
    writeln!(ui.out, "  {}", "What the published page says:".dimmed())?;
    let notes: Vec<&str> = reason.all_notes().collect();
    list_field(ui, "Notes", notes.iter().copied())?;
    let section = reason.section();
    field(
        ui,
        "Resource",
        &format!("{} ({})", section.key(), section.title()),
    )?;
    if !reason.aliases().is_empty() {
        field(ui, "Aliases", &reason.aliases().join(", "))?;
    }
    // The heading marks the tier; the Server line, where there is one, says why.
    if says.is_none() {
        tier_field(ui, reason)?;
    }
    if verbose {
        detail_fields(ui, reason)?;
    } else {
        field(
            ui,
            "More",
            &format!(
                "routes and sources: voiperr explain {} --verbose",
                reason.name()
            ),
        )?;
    }
    see_field(ui, doc_url::url(&doc_url::reason_page(reason.name())))
}

/// `See  URL`: the page on the site, when a docs URL is configured.
pub fn see_field(ui: &mut Ui, url: Option<String>) -> io::Result<()> {
    match url {
        Some(url) => field(ui, "See", &url),
        None => Ok(()),
    }
}
