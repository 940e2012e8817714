//! `voiperr endpoint "METHOD /path"`: every reason and field note documented for one endpoint.

use std::io;

use colored::Colorize;
use serde::Serialize;

use super::card::{self, field};
use super::list::render_reasons;
use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::{EndpointArgs, Format};
use crate::endpoint::Request;
use crate::output::{Ui, write_json};
use crate::untrusted::inert;
use crate::view::{FieldNoteView, ReasonView, SCHEMA_VERSION};

/// `endpoint --json`: what one endpoint can answer.
#[derive(Serialize)]
pub struct EndpointView {
    pub schema_version: u32,
    pub method: Option<String>,
    pub path: String,
    pub resource: Option<&'static str>,
    pub reasons: Vec<ReasonView>,
    pub field_notes: Vec<FieldNoteView>,
}

/// The JSON view of an endpoint.
pub fn view(request: &Request) -> EndpointView {
    let (reasons, notes) = request.documented();
    EndpointView {
        schema_version: SCHEMA_VERSION,
        method: request.method.clone(),
        path: request.path(),
        resource: request.section(Catalog::get()).map(|s| s.key),
        reasons: reasons.iter().map(|r| ReasonView::new(r)).collect(),
        field_notes: notes.iter().map(|r| FieldNoteView::new(r)).collect(),
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
            format!("{} ({})", s.key, s.title)
        });
        field(ui, "Resource", &resource)?;
        if reasons.is_empty() {
            field(
                ui,
                "Reasons",
                "none documented for this endpoint; the generic reasons can still occur",
            )?;
        } else {
            writeln!(ui.out)?;
            render_reasons(ui, &reasons, Format::Table, 0)?;
        }
        if let Some(section) = section {
            let others: Vec<&str> = catalog
                .reasons_in(section.key)
                .filter(|r| r.published && !reasons.iter().any(|x| x.name == r.name))
                .map(|r| r.name)
                .collect();
            if !others.is_empty() {
                writeln!(ui.out)?;
                let text = format!(
                    "other {} reasons: {} (voiperr list --resource {})",
                    section.key,
                    others.join(", "),
                    section.key
                );
                field(ui, "See also", &text)?;
            }
        }
        for rule in &notes {
            writeln!(ui.out)?;
            let answer = crate::output::wrap(&card::rule_answer(rule), ui.width, 4);
            writeln!(ui.out, "  {}", answer.bold())?;
            field(ui, "Server", rule.on_card())?;
            field(ui, "Next", rule.next)?;
        }
    }
    if reasons.is_empty() && notes.is_empty() {
        ui.note("nothing in the catalog or field notes names this endpoint")?;
        return Ok(Outcome::NotFound);
    }
    Ok(Outcome::Found)
}
