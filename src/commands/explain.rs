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
use crate::view::{FieldNoteView, ReasonView, RetryView, SCHEMA_VERSION, StatusEntry, StatusView};

/// A query that found nothing, in JSON.
#[derive(Debug, Serialize)]
struct MissView {
    schema_version: u32,
    kind: &'static str,
    query: String,
    suggestions: Vec<&'static str>,
    /// Field notes about this name although the catalog lacks it.
    field_notes: Vec<FieldNoteView>,
}

/// A name that could mean several reasons, in JSON.
#[derive(Debug, Serialize)]
struct AmbiguousView {
    schema_version: u32,
    kind: &'static str,
    query: String,
    why: &'static str,
    candidates: Vec<ReasonView>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Entry {
    Reason(Box<ReasonView>),
    Status(StatusView),
    Ambiguous(AmbiguousView),
    Miss(MissView),
}

/// Published reasons sent with any of these statuses.
fn reasons_with(statuses: &[Status]) -> Vec<&'static Reason> {
    Catalog::get()
        .reasons
        .iter()
        .filter(|r| r.published && statuses.contains(&r.status))
        .collect()
}

fn status_view(query: &str, http: u16, statuses: &[Status]) -> StatusView {
    let retry = Retry::for_http(http);
    StatusView {
        schema_version: SCHEMA_VERSION,
        kind: "status",
        query: query.to_owned(),
        http,
        statuses: statuses.iter().map(|s| StatusEntry::new(*s)).collect(),
        retry: RetryView {
            key: retry.key(),
            advice: retry.advice(),
        },
        reasons: reasons_with(statuses).iter().map(|r| r.name).collect(),
    }
}

pub fn run(args: &ExplainArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let catalog = Catalog::get();
    let mut outcome = Outcome::Found;
    let mut entries = Vec::new();
    let mut cards = 0;
    for query in &args.queries {
        let shown = inert(query);
        let separate = |ui: &mut Ui, cards: &mut usize| -> io::Result<()> {
            if *cards > 0 {
                writeln!(ui.out)?;
            }
            *cards += 1;
            Ok(())
        };
        match matching::lookup(catalog, query, args.exact) {
            Lookup::Reason(reason, how) => {
                if how != MatchKind::Exact {
                    ui.note(&format!(
                        "'{shown}' is not a published reason; showing {} ({} match)",
                        reason.name,
                        how.key()
                    ))?;
                }
                if args.json {
                    entries.push(Entry::Reason(Box::new(ReasonView::matched(
                        reason, how, query,
                    ))));
                } else {
                    separate(ui, &mut cards)?;
                    card::reason_card(ui, reason)?;
                }
            }
            Lookup::Status { http, statuses } => {
                if args.json {
                    entries.push(Entry::Status(status_view(query, http, &statuses)));
                } else {
                    separate(ui, &mut cards)?;
                    status_card(ui, http, &statuses)?;
                }
            }
            Lookup::Ambiguous(ambiguity) => {
                let candidates: Vec<&'static Reason> = ambiguity
                    .candidates
                    .iter()
                    .filter_map(|name| catalog.reason(name))
                    .collect();
                if args.json {
                    entries.push(Entry::Ambiguous(AmbiguousView {
                        schema_version: SCHEMA_VERSION,
                        kind: "ambiguous",
                        query: query.clone(),
                        why: ambiguity.why,
                        candidates: candidates
                            .iter()
                            .map(|r| ReasonView::matched(r, MatchKind::Alias, query))
                            .collect(),
                    }));
                    continue;
                }
                separate(ui, &mut cards)?;
                let names: Vec<&str> = candidates.iter().map(|r| r.name).collect();
                writeln!(
                    ui.out,
                    "{} is not a reason; it could mean {}.",
                    ambiguity.name.bold().cyan(),
                    names.join(" or ")
                )?;
                field(ui, "Which", ambiguity.why)?;
                for reason in candidates {
                    writeln!(ui.out)?;
                    card::reason_card(ui, reason)?;
                }
            }
            Lookup::Miss(suggestions) => {
                outcome = outcome.max(Outcome::NotFound);
                let notes = rules::naming(&crate::catalog::normalize_name(query));
                ui.error(&format!(
                    "'{shown}' is not a known reason, HTTP code or status"
                ))?;
                if suggestions.is_empty() {
                    ui.tip("run 'voiperr search <WORD>' to search causes and fixes, or 'voiperr list' to see every reason")?;
                } else {
                    let names: Vec<String> = suggestions
                        .iter()
                        .map(|r| format!("'{}'", r.name))
                        .collect();
                    let what = if names.len() == 1 {
                        "a similar reason exists"
                    } else {
                        "similar reasons exist"
                    };
                    ui.tip(&format!("{what}: {}", names.join(", ")))?;
                }
                if args.json {
                    entries.push(Entry::Miss(MissView {
                        schema_version: SCHEMA_VERSION,
                        kind: "miss",
                        query: query.clone(),
                        suggestions: suggestions.iter().map(|r| r.name).collect(),
                        field_notes: notes.into_iter().map(FieldNoteView::new).collect(),
                    }));
                } else if !notes.is_empty() {
                    // Not in the catalog, but diagnose knows something about it.
                    separate(ui, &mut cards)?;
                    writeln!(
                        ui.out,
                        "{}  {}",
                        shown.bold().cyan(),
                        "(not in the catalog)".magenta()
                    )?;
                    for rule in notes {
                        field(ui, "Field note", &rule.says)?;
                        field(ui, "Next", &rule.next)?;
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

fn status_card(ui: &mut Ui, http: u16, statuses: &[Status]) -> io::Result<()> {
    writeln!(ui.out, "{}", format!("HTTP {http}").bold().cyan())?;
    for status in statuses {
        let meaning = wrap(status.meaning(), ui.width, 24);
        writeln!(
            ui.out,
            "  {}{meaning}",
            format!("{:<22}", status.name()).bold()
        )?;
    }
    if statuses.is_empty() {
        field(
            ui,
            "Status",
            "Not a code the API sends with an envelope: the failure most likely came from a proxy, load balancer or the network.",
        )?;
    }
    field(ui, "Retry", Retry::for_http(http).advice())?;
    let reasons = reasons_with(statuses);
    if !reasons.is_empty() {
        writeln!(
            ui.out,
            "  {}",
            format!("Published reasons ({}):", reasons.len()).bold()
        )?;
        for reason in reasons {
            let cause = reason.cause.split(". ").next().unwrap_or(reason.cause);
            let cause = wrap(cause.trim_end_matches('.'), ui.width, 34);
            writeln!(ui.out, "    {:<30}{cause}", reason.name)?;
        }
    }
    Ok(())
}
