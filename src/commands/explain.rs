//! `voiperr explain QUERY...`: one card per query.

use std::io;

use colored::Colorize;
use serde::Serialize;

use super::card::{self, field};
use crate::Outcome;
use crate::catalog::{Catalog, Reason};
use crate::cli::ExplainArgs;
use crate::matching::{self, Lookup, MatchKind};
use crate::output::{Ui, wrap, write_json};
use crate::retry::Retry;
use crate::rules;
use crate::status::Status;
use crate::untrusted::inert;
use crate::view::{FieldNoteView, ReasonView, SCHEMA_VERSION, Sources, StatusEntry, StatusView};

/// A query that found nothing, in JSON.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct MissView {
    schema_version: u32,
    sources: Sources,
    kind: &'static str,
    query: String,
    pub suggestions: Vec<&'static str>,
    /// Field notes about this name although the catalog lacks it.
    field_notes: Vec<FieldNoteView>,
}

/// A name that could mean several reasons, in JSON.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub struct AmbiguousView {
    schema_version: u32,
    sources: Sources,
    kind: &'static str,
    query: String,
    why: &'static str,
    candidates: Vec<ReasonView>,
}

/// One `explain --json` item.
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "mcp", derive(schemars::JsonSchema))]
pub enum Entry {
    Reason(Box<ReasonView>),
    Status(StatusView),
    Ambiguous(AmbiguousView),
    Miss(MissView),
}

/// The reasons cataloged with any of these statuses: those the server
/// sends (published or not), and those the page lists that it never sends.
pub fn reasons_with(statuses: &[Status]) -> (Vec<&'static Reason>, Vec<&'static Reason>) {
    Catalog::get()
        .reasons()
        .iter()
        .filter(|r| statuses.contains(&r.status))
        .partition(|r| r.emitted)
}

fn status_view(query: &str, http: u16, statuses: &[Status]) -> StatusView {
    let (sent, never_sent) = reasons_with(statuses);
    StatusView {
        schema_version: SCHEMA_VERSION,
        sources: Sources::get(),
        kind: "status",
        query: query.to_owned(),
        http,
        phrase: crate::status::reason_phrase(http),
        statuses: statuses.iter().map(|s| StatusEntry::new(*s)).collect(),
        retry: Retry::for_http(http).into(),
        reasons: sent.iter().map(|r| r.name()).collect(),
        retry_by_reason: sent.iter().map(|r| (r.name(), r.retry().key())).collect(),
        never_sent: never_sent.iter().map(|r| r.name()).collect(),
        which: Catalog::get().ambiguity(query).map(|a| a.why()),
        doc_url: crate::doc_url::for_error(None, Some(http)),
    }
}

/// One query's JSON entry (the schema of `explain --json`).
pub fn entry(query: &str, exact: bool) -> Entry {
    entry_for(matching::lookup(Catalog::get(), query, exact), query)
}

fn entry_for(lookup: Lookup, query: &str) -> Entry {
    let catalog = Catalog::get();
    match lookup {
        Lookup::Reason(reason, how) => {
            let mut view = ReasonView::matched(reason, how, query);
            view.sources = Some(Sources::get());
            Entry::Reason(Box::new(view))
        }
        Lookup::Status { http, statuses } => Entry::Status(status_view(query, http, &statuses)),
        Lookup::Ambiguous(ambiguity) => Entry::Ambiguous(AmbiguousView {
            schema_version: SCHEMA_VERSION,
            sources: Sources::get(),
            kind: "ambiguous",
            query: query.to_owned(),
            why: ambiguity.why(),
            candidates: ambiguity
                .candidates()
                .iter()
                .filter_map(|name| catalog.reason(name))
                .map(|r| ReasonView::matched(r, MatchKind::Alias, query))
                .collect(),
        }),
        Lookup::Miss(suggestions) => Entry::Miss(MissView {
            schema_version: SCHEMA_VERSION,
            sources: Sources::get(),
            kind: "miss",
            query: query.to_owned(),
            suggestions: suggestions.iter().map(|r| r.name()).collect(),
            field_notes: rules::naming(&crate::catalog::normalize_name(query))
                .into_iter()
                .map(FieldNoteView::new)
                .collect(),
        }),
    }
}

impl Entry {
    /// Whether the query was found (exit 0), or missed (exit 1).
    pub fn found(&self) -> bool {
        !matches!(self, Entry::Miss(_))
    }
}

/// The queries as asked, or, when no word is a reason's name, an alias, a
/// code or a status by itself and the words together name something
/// (`explain call alredy hangup`), those words as one query.
fn queries(args: &ExplainArgs, ui: &mut Ui) -> io::Result<Vec<String>> {
    let catalog = Catalog::get();
    let names_alone = |q: &String| {
        !matches!(matching::lookup(catalog, q, true), Lookup::Miss(_))
            || (!args.exact && catalog.by_alias(q).is_some())
    };
    if args.queries.len() > 1 && !args.queries.iter().any(names_alone) {
        let together = args.queries.join(" ");
        if !matches!(
            matching::lookup(catalog, &together, args.exact),
            Lookup::Miss(_)
        ) {
            ui.note(&format!(
                "taking '{}' as one query (no word names a reason alone)",
                inert(&together)
            ))?;
            return Ok(vec![together]);
        }
    }
    Ok(args.queries.clone())
}

pub fn run(args: &ExplainArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let catalog = Catalog::get();
    let mut outcome = Outcome::Found;
    let mut entries = Vec::new();
    let mut cards = 0;
    for query in &queries(args, ui)? {
        let shown = inert(query);
        let separate = |ui: &mut Ui, cards: &mut usize| -> io::Result<()> {
            if *cards > 0 {
                writeln!(ui.out)?;
            }
            *cards += 1;
            Ok(())
        };
        let lookup = matching::lookup(catalog, query, args.exact);
        match &lookup {
            Lookup::Reason(reason, MatchKind::Alias) => {
                ui.note(&format!(
                    "'{shown}' is another name for {}; showing it (alias match)",
                    reason.name()
                ))?;
            }
            Lookup::Reason(reason, MatchKind::Word) => {
                ui.note(&format!(
                    "'{shown}' is not a reason; showing the only one whose name says it, {} (word match)",
                    reason.name()
                ))?;
            }
            Lookup::Reason(reason, MatchKind::Fuzzy) => {
                ui.note(&format!(
                    "'{shown}' is not a reason; showing the closest one, {} (fuzzy match)",
                    reason.name()
                ))?;
            }
            Lookup::Miss(suggestions) => {
                outcome = outcome.max(Outcome::NotFound);
                ui.error(&format!(
                    "'{shown}' is not a known reason, HTTP code or status"
                ))?;
                if suggestions.is_empty() {
                    ui.tip("run 'voiperr search <WORD>' to search causes and fixes, or 'voiperr list' to see every reason")?;
                } else {
                    let names: Vec<String> = suggestions
                        .iter()
                        .map(|r| format!("'{}'", r.name()))
                        .collect();
                    let what = if names.len() == 1 {
                        "a similar reason exists"
                    } else {
                        "similar reasons exist"
                    };
                    ui.tip(&format!("{what}: {}", names.join(", ")))?;
                }
            }
            _ => {}
        }
        let phrase = matching::reason_phrase_of(query);
        match &lookup {
            Lookup::Status { http, .. } if phrase.is_some() => {
                ui.note(&format!(
                    "'{shown}' is the reason phrase of HTTP {http}; showing the code"
                ))?;
            }
            Lookup::Reason(reason, _) if let Some(http) = phrase => {
                ui.note(&format!(
                    "'{shown}' is also the reason phrase of HTTP {http}: 'voiperr explain {http}' lists every reason {} shares it with",
                    reason.name()
                ))?;
            }
            _ => {}
        }
        if args.json {
            entries.push(entry_for(lookup, query));
            continue;
        }
        match lookup {
            Lookup::Reason(reason, _) => {
                separate(ui, &mut cards)?;
                card::reason_card(ui, reason, args.verbose)?;
            }
            Lookup::Status { http, statuses } => {
                separate(ui, &mut cards)?;
                status_card(ui, query, http, &statuses, args.all)?;
            }
            Lookup::Ambiguous(ambiguity) => {
                separate(ui, &mut cards)?;
                let candidates: Vec<&'static Reason> = ambiguity
                    .candidates()
                    .iter()
                    .filter_map(|name| catalog.reason(name))
                    .collect();
                let names: Vec<&str> = candidates.iter().map(|r| r.name()).collect();
                writeln!(
                    ui.out,
                    "{} is not a reason; it could mean {}.",
                    ambiguity.name().bold().cyan(),
                    names.join(" or ")
                )?;
                field(ui, "Which", ambiguity.why())?;
                for reason in candidates {
                    writeln!(ui.out)?;
                    card::reason_card(ui, reason, args.verbose)?;
                }
            }
            Lookup::Miss(_) => {
                // Not in the catalog, but diagnose may know something about it.
                let notes = rules::naming(&crate::catalog::normalize_name(query));
                if !notes.is_empty() {
                    separate(ui, &mut cards)?;
                    writeln!(
                        ui.out,
                        "{}  {}",
                        shown.bold().cyan(),
                        "(not in the catalog)".magenta()
                    )?;
                    for rule in notes {
                        field(ui, "Field note", rule.says())?;
                        field(ui, "Next", rule.next())?;
                    }
                }
            }
        }
    }
    if args.json {
        write_json(&mut *ui.out, &entries, true)?;
        writeln!(ui.out)?;
    }
    Ok(outcome)
}

/// `HTTP 429 Too Many Requests`: what the code means for the API, the
/// reasons the server sends with it (`all`: and those it never sends),
/// and retry advice, per reason where they differ.
fn status_card(
    ui: &mut Ui,
    query: &str,
    http: u16,
    statuses: &[Status],
    all: bool,
) -> io::Result<()> {
    let heading = match crate::status::reason_phrase(http) {
        Some(phrase) => format!("HTTP {http} {phrase}"),
        None => format!("HTTP {http}"),
    };
    writeln!(ui.out, "{}", heading.bold().cyan())?;
    // Columns as wide as their longest name, and two spaces.
    let status_width = statuses.iter().map(|s| s.name().len()).max().unwrap_or(0) + 2;
    for status in statuses {
        let meaning = wrap(status.meaning(), ui.width, 2 + status_width);
        writeln!(
            ui.out,
            "  {}{meaning}",
            format!("{:<status_width$}", status.name()).bold()
        )?;
    }
    if statuses.is_empty() {
        field(
            ui,
            "Status",
            "Not a code the API sends with an envelope: the failure most likely came from a proxy, load balancer or the network.",
        )?;
    }
    let (sent, never_sent) = reasons_with(statuses);
    let retries: Vec<Retry> = sent.iter().map(|r| r.retry()).collect();
    let one_retry = match retries.split_first() {
        None => Some(Retry::for_http(http)),
        Some((first, rest)) => rest.iter().all(|r| r == first).then_some(*first),
    };
    match one_retry {
        Some(retry) => field(ui, "Retry", retry.advice())?,
        None => field(ui, "Retry", "Depends on the reason: each says below.")?,
    }
    // A name people guess for several of these reasons (TOO_MANY_REQUESTS): what tells them apart.
    if let Some(ambiguity) = Catalog::get().ambiguity(query) {
        field(ui, "Which", ambiguity.why())?;
    }
    let listed: Vec<&'static Reason> = match all {
        true => sent.iter().chain(&never_sent).copied().collect(),
        false => sent.clone(),
    };
    if !listed.is_empty() {
        let title = match all && !never_sent.is_empty() {
            true => format!(
                "Reasons for {http} ({} sent, {} never sent †):",
                sent.len(),
                never_sent.len()
            ),
            false => format!("Sent with {http} ({}):", sent.len()),
        };
        writeln!(ui.out, "  {}", title.bold())?;
        let name_width = listed
            .iter()
            .map(|r| marked_name(r).chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for reason in &listed {
            let cause = reason.cause_on_server();
            let cause = cause.split(". ").next().unwrap_or_default();
            let cause = wrap(cause.trim_end_matches('.'), ui.width, 4 + name_width);
            let name = marked_name(reason);
            let pad = name_width - name.chars().count();
            writeln!(ui.out, "    {name}{:pad$}{cause}", "")?;
            if one_retry.is_none() {
                let advice = reason.retry().advice();
                let (first, rest) = advice.split_at(1);
                let retry = format!("Retry: {}{rest}", first.to_ascii_lowercase());
                let retry = wrap(&retry, ui.width, 4 + name_width);
                writeln!(ui.out, "    {:name_width$}{}", "", retry.dimmed())?;
            }
        }
        if listed.iter().any(|r| !r.published) {
            ui.note(super::list::UNPUBLISHED_NOTE)?;
        }
        if listed.iter().any(|r| !r.emitted) {
            ui.note(super::list::NEVER_SENT_NOTE)?;
        }
    }
    if !all && !never_sent.is_empty() {
        let names: Vec<&str> = never_sent.iter().map(|r| r.name()).collect();
        field(
            ui,
            "Never sent",
            &format!(
                "{} ({}): the page lists them with {http}, the server never sends them (--all lists them).",
                names.join(", "),
                names.len()
            ),
        )?;
    }
    card::see_field(ui, crate::doc_url::for_error(None, Some(http)))?;
    Ok(())
}

/// A reason's name as a listing shows it: `*` when it is not on the
/// published page, `†` when the server never sends it.
pub fn marked_name(reason: &Reason) -> String {
    match (reason.published, reason.emitted) {
        (true, true) => reason.name().to_owned(),
        (true, false) => format!("{} †", reason.name()),
        (false, true) => format!("{} *", reason.name()),
        (false, false) => format!("{} * †", reason.name()),
    }
}
