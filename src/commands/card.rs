//! Text layout shared by the commands: a reason as a labelled card.

use std::io;

use colored::{Color, Colorize};

use crate::catalog::{Catalog, Reason};
use crate::output::{Ui, wrap};

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
pub fn list_field(ui: &mut Ui, label: &str, items: &[&str]) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        let shown = if i == 0 { label } else { "" };
        field(ui, shown, item)?;
    }
    Ok(())
}

/// The reason's tier, in words, when it is not an ordinary published, emitted reason.
fn tier_warning(reason: &Reason) -> Option<String> {
    if !reason.published {
        return Some(format!(
            "Not on the published page: known from the server's source ({}).",
            Catalog::get().source.server_source_date
        ));
    }
    reason
        .field_note
        .map(|note| format!("Published, but not emitted by the server today: {note}"))
}

/// The heading line: name, HTTP code and status.
pub fn heading(ui: &mut Ui, reason: &Reason) -> io::Result<()> {
    let marker = if reason.published {
        ""
    } else {
        "  [unpublished]"
    };
    writeln!(
        ui.out,
        "{}  {} {}{}",
        reason.name.bold().cyan(),
        reason.http.to_string().yellow(),
        reason.status.name(),
        marker.magenta()
    )
}

/// Everything the catalog says about a reason.
pub fn reason_card(ui: &mut Ui, reason: &'static Reason) -> io::Result<()> {
    heading(ui, reason)?;
    let section = reason.section();
    field(
        ui,
        "Resource",
        &format!("{} ({})", section.key, section.title),
    )?;
    field(ui, "Cause", reason.cause)?;
    field(ui, "Fix", reason.fix)?;
    field(ui, "Retry", reason.retry().advice())?;
    if !reason.endpoints.is_empty() {
        list_field(ui, "Endpoints", reason.endpoints)?;
    }
    let notes: Vec<&str> = reason.all_notes().collect();
    list_field(ui, "Notes", &notes)?;
    if !reason.aliases.is_empty() {
        field(ui, "Aliases", &reason.aliases.join(", "))?;
    }
    tier_field(ui, reason)
}
