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

/// Routes a card lists at most; `--json` has them all.
const ROUTES_SHOWN: usize = 8;

/// What the server's code says that the page does not: routes that send the
/// reason beyond the page's, the page's routes it does not serve, and
/// another customer's IDs answered 403. True when there was something to say.
fn server_code_fields(ui: &mut Ui, reason: &'static Reason) -> io::Result<bool> {
    let owner = owner_sentence(reason);
    if let Some(text) = &owner {
        marked_field(ui, "Server", text, Color::Magenta)?;
    }
    let wire = wire::reason_notes(reason);
    for note in &wire {
        marked_field(ui, note.label, &note.text, Color::Magenta)?;
    }
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
    let more: Vec<String> = reason
        .server_routes()
        .filter(|route| !named(route))
        .map(ServerRoute::pattern)
        .collect();
    if !more.is_empty() {
        let mut shown: Vec<&str> = more.iter().take(ROUTES_SHOWN).map(String::as_str).collect();
        let rest = format!(
            "… {} more (voiperr explain {} --json: server_code.routes)",
            more.len() - shown.len(),
            reason.name()
        );
        if more.len() > ROUTES_SHOWN {
            shown.push(&rest);
        }
        list_field(ui, "Sent by", shown.iter().copied())?;
    }
    let unserved = unserved_sentence(reason);
    if let Some(text) = &unserved {
        marked_field(ui, "Not served", text, Color::Magenta)?;
    }
    Ok(owner.is_some() || !wire.is_empty() || !more.is_empty() || unserved.is_some())
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

/// What the server really does with a reason; true when there was something to say.
fn server_fields(ui: &mut Ui, reason: &'static Reason) -> io::Result<bool> {
    let code = server_code_fields(ui, reason)?;
    let answers = rules::about(reason.name());
    let says = reason.server().map(|s| s.says());
    if says.is_none() && answers.is_empty() {
        if code {
            field(
                ui,
                "Source",
                &format!("the server's code at {}", server_index::commit()),
            )?;
            writeln!(ui.out, "  {}", "What the published page says:".dimmed())?;
        }
        return Ok(code);
    }
    let says = says.or(reason.field_note());
    if let Some(says) = says {
        marked_field(ui, "Server", says, Color::Magenta)?;
    }
    for (i, rule) in answers.iter().enumerate() {
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
    field(ui, "Source", &server_source(reason))?;
    writeln!(ui.out, "  {}", "What the published page says:".dimmed())?;
    Ok(true)
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

/// Everything known about a reason: what the server really does first,
/// where that differs from the page, then the page's text.
pub fn reason_card(ui: &mut Ui, reason: &'static Reason) -> io::Result<()> {
    heading(ui, reason)?;
    let corrected = server_fields(ui, reason)?;
    let section = reason.section();
    field(
        ui,
        "Resource",
        &format!("{} ({})", section.key(), section.title()),
    )?;
    field(ui, "Cause", reason.cause())?;
    field(ui, "Fix", reason.fix())?;
    field(ui, "Retry", reason.retry().advice())?;
    if !reason.endpoints().is_empty() {
        list_field(ui, "Endpoints", reason.endpoints())?;
    }
    if let Some(server) = &reason.server()
        && !server.endpoints().is_empty()
    {
        list_field(ui, "Also from", server.endpoints())?;
    }
    let notes: Vec<&str> = reason.all_notes().collect();
    list_field(ui, "Notes", notes.iter().copied())?;
    if !reason.aliases().is_empty() {
        field(ui, "Aliases", &reason.aliases().join(", "))?;
    }
    let quirks: Vec<&str> = rules::naming(reason.name())
        .iter()
        .map(|r| r.on_card())
        .collect();
    list_field(ui, "Field note", quirks.iter().copied())?;
    if !corrected {
        tier_field(ui, reason)?;
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
