//! One diagnosis as text: heading, what the response said, what the catalog
//! and the field notes say, and numbered next steps.

use std::io;

use colored::{Color as TextColor, Colorize};

use crate::check::judge::Outcome;
use crate::check::plan::Verdict;
use crate::commands::card::{self, field, list_field};
use crate::diagnose::{Diagnosis, Documented};
use crate::output::Ui;
use crate::untrusted::Untrusted;

/// One diagnosis as text, numbered; `file` names the input when there are
/// several; `checked` is its `--check`.
pub fn render(
    ui: &mut Ui,
    d: &Diagnosis,
    number: u64,
    file: Option<&str>,
    checked: Option<&Outcome>,
) -> io::Result<()> {
    let title = match (d.reason, &d.reason_name) {
        (Some(reason), _) => reason.name().to_owned(),
        (None, Some(name)) => name.to_string(),
        (None, None) => d.kind.title().to_owned(),
    };
    let http = d.http().map_or(String::new(), |h| h.to_string());
    let status = d
        .status
        .as_ref()
        .map(Untrusted::to_string)
        .or_else(|| d.reason.map(|r| r.status.name().to_owned()))
        .unwrap_or_default();
    // `401 UNAUTHENTICATED`, `401` or nothing: two spaces between parts, never more.
    let code: Vec<String> = [
        (!http.is_empty()).then(|| http.yellow().to_string()),
        (!status.is_empty()).then_some(status),
    ]
    .into_iter()
    .flatten()
    .collect();
    // A reason's heading is its name and code; one without a reason reads
    // as a phrase: `Status without a body: HTTP 401`.
    let code = match (
        code.is_empty(),
        d.reason.is_some() || d.reason_name.is_some(),
    ) {
        (true, _) => String::new(),
        (false, true) => format!("  {}", code.join(" ")),
        (false, false) => format!(": HTTP {}", code.join(" ")),
    };
    writeln!(
        ui.out,
        "{} {}{code}  {}",
        format!("{number}.").bold(),
        title.bold().cyan(),
        match (file, d.from < d.line) {
            (Some(file), false) => format!("({file}:{})", d.line),
            (Some(file), true) => format!("({file}:{}-{})", d.from, d.line),
            (None, false) => format!("(line {})", d.line),
            (None, true) => format!("(lines {}-{})", d.from, d.line),
        }
        .dimmed()
    )?;
    // The answer first: what it means, then what to do.
    if let Some(summary) = &d.summary {
        field(ui, "What", summary)?;
    }
    if let Some(reason) = d.reason {
        field(ui, "Cause", &reason.cause_without_routes())?;
    }
    if !d.steps.is_empty() {
        writeln!(ui.out, "  {}", "Next steps".bold())?;
        for (i, step) in d.steps.iter().enumerate() {
            writeln!(
                ui.out,
                "    {}. {}",
                i + 1,
                crate::output::wrap(step, ui.width, 7)
            )?;
        }
    }
    // Then what the response said, and what the catalog and the server's code say of it.
    if let Some(message) = &d.message {
        field(ui, "Message", &message.to_string())?;
    }
    if let Some(id) = &d.request_id {
        field(ui, "Request ID", &id.to_string())?;
    }
    if let Some(line) = &d.request_line {
        field(ui, "Request", &line.to_string())?;
        if let Some(section) = d.section {
            field(
                ui,
                "Resource",
                &format!("{} ({})", section.key(), section.title()),
            )?;
        }
        if let (Some(documented), Some(reason)) = (d.documented, d.reason) {
            let name = reason.name();
            let said = match documented {
                Documented::Generic => {
                    format!("{name} is a generic reason: any endpoint may send it.")
                }
                Documented::Endpoint => format!(
                    "{name} is one of this endpoint's answers (the page's or the server's code)."
                ),
                Documented::Resource => format!("{name} belongs to this endpoint's resource."),
                Documented::No => format!("The catalog does not tie {name} to this endpoint."),
            };
            field(ui, "", &said)?;
        }
    }
    if let Some(reason) = d.reason {
        field(
            ui,
            "Catalog",
            &format!(
                "HTTP {} {}, resource {}",
                reason.http,
                reason.status.name(),
                reason.section_key()
            ),
        )?;
        if reason.emitted {
            card::tier_field(ui, reason)?;
        } else {
            // The input is the evidence: never say the server does not send what it just sent.
            let text = format!(
                "The catalog says the server does not send {}, but this response carries it: the server may be newer than the catalog.",
                reason.name()
            );
            card::marked_field(ui, "Tier", &text, TextColor::Magenta)?;
        }
    } else if let Some(name) = &d.reason_name {
        let mut text = format!("'{name}' is not in the catalog.");
        if !d.suggestions.is_empty() {
            let names: Vec<&str> = d.suggestions.iter().map(|r| r.name()).collect();
            text.push_str(&format!(" Close names: {}.", names.join(", ")));
        }
        field(ui, "Unknown", &text)?;
    }
    for fact in &d.facts {
        let value = &fact.value;
        let text = match fact.meaning {
            Some(meaning) => format!("{value}: {meaning}"),
            None => value.to_string(),
        };
        field(ui, fact.label, &text)?;
    }
    for warning in &d.warnings {
        card::marked_field(ui, "Warning", warning, TextColor::Yellow)?;
    }
    let notes: Vec<&str> = d.field_notes.iter().map(|r| r.says()).collect();
    list_field(ui, "Field note", notes.iter().copied())?;
    if let Some(outcome) = checked {
        render_check(ui, outcome)?;
    }
    card::see_field(ui, crate::doc_url::for_error(d.reason, d.http()))
}

/// The `Checked` block: the GET, what it found, and the verdict.
fn render_check(ui: &mut Ui, outcome: &Outcome) -> io::Result<()> {
    let answered = match outcome.http {
        Some(code) => format!(" → {code}"),
        None => String::new(),
    };
    field(
        ui,
        "Checked",
        // A transport's error text (TLS) is in the summary as it came.
        &crate::untrusted::inert(&format!(
            "GET {}{answered}: {}",
            outcome.path, outcome.summary
        )),
    )?;
    let (text, color) = match outcome.verdict {
        Verdict::Confirms => ("confirms the diagnosis", TextColor::Green),
        Verdict::Contradicts => ("contradicts the diagnosis", TextColor::Red),
        Verdict::Inconclusive => ("leaves the diagnosis open", TextColor::Yellow),
    };
    card::marked_field(ui, "Verdict", text, color)
}
