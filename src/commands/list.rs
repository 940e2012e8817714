//! `voiperr list`: the catalog, filtered, as a table, JSON, CSV, Markdown or names.

use std::io;

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::Outcome;
use crate::catalog::{Catalog, Reason, Section};
use crate::cli::{Format, Group, ListArgs};
use crate::matching::status_query;
use crate::output::{Ui, csv_field, write_json};
use crate::status::Status;
use crate::untrusted::inert;
use crate::view::{ReasonListView, SCHEMA_VERSION, SectionListView, SectionView, Sources};

/// A table that fits the terminal and is styled only when color is on.
pub fn new_table(ui: &Ui, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(ui.width).unwrap_or(u16::MAX))
        .set_header(header.iter().map(|h| Cell::new(h).fg(Color::Cyan)));
    if ui.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// What `†` after a reason's name means, wherever names are listed.
pub const NEVER_SENT_NOTE: &str =
    "† never sent by the server: it answers otherwise (voiperr explain NAME says what it sends)";

/// What `*` after a reason's name means, wherever names are listed.
pub const UNPUBLISHED_NOTE: &str = "* not on the published page (known from the server's source)";

/// Writes reasons in the chosen format. `hidden` counts unpublished reasons left out.
/// `matched` (search): where each row's words were found, a column of its own.
pub fn render_reasons(
    ui: &mut Ui,
    reasons: &[&'static Reason],
    format: Format,
    hidden: usize,
    matched: Option<&[String]>,
) -> io::Result<()> {
    match format {
        Format::Table => {
            let header: &[&str] = match matched {
                Some(_) => &["Reason", "HTTP", "Matched", "Cause"],
                None => &["Reason", "HTTP", "Cause"],
            };
            let mut table = new_table(ui, header);
            for (at, reason) in reasons.iter().enumerate() {
                let name = match reason.published && reason.emitted {
                    true => Cell::new(reason.name()),
                    false => Cell::new(super::explain::marked_name(reason)).fg(Color::Magenta),
                };
                let mut row = vec![
                    name,
                    Cell::new(reason.http).fg(Color::Yellow),
                    Cell::new(reason.cause_on_server()),
                ];
                if let Some(places) = matched.and_then(|m| m.get(at)) {
                    row.insert(2, Cell::new(places));
                }
                table.add_row(row);
            }
            if matched.is_some()
                && let Some(column) = table.column_mut(2)
            {
                // `name, cause`: narrow, wrapped between places; the cause gets the room.
                column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(15)));
            }
            writeln!(ui.out, "{table}")?;
            if reasons.iter().any(|r| !r.published) {
                ui.note(UNPUBLISHED_NOTE)?;
            }
            if reasons.iter().any(|r| !r.emitted) {
                ui.note(NEVER_SENT_NOTE)?;
            }
            if hidden > 0 {
                ui.note(&format!(
                    "{hidden} reasons not on the published page are hidden; add --all to show them"
                ))?;
            }
        }
        Format::Json => {
            write_json(&mut *ui.out, &ReasonListView::new(reasons, hidden), true)?;
            writeln!(ui.out)?;
        }
        Format::Csv => {
            writeln!(ui.out, "reason,http,status,resource,published,cause,fix")?;
            for r in reasons {
                writeln!(
                    ui.out,
                    "{},{},{},{},{},{},{}",
                    r.name(),
                    r.http,
                    r.status.name(),
                    r.section_key(),
                    r.published,
                    csv_field(&r.cause_on_server()),
                    csv_field(r.fix())
                )?;
            }
        }
        Format::Markdown => {
            writeln!(ui.out, "| Reason | HTTP | Status | Cause | Fix |")?;
            writeln!(ui.out, "| --- | --- | --- | --- | --- |")?;
            for r in reasons {
                let cell = |text: &str| text.replace('|', "\\|");
                let name = if r.published {
                    format!("`{}`", r.name())
                } else {
                    format!("`{}` (unpublished)", r.name())
                };
                writeln!(
                    ui.out,
                    "| {name} | {} | {} | {} | {} |",
                    r.http,
                    r.status.name(),
                    cell(&r.cause_on_server()),
                    cell(r.fix())
                )?;
            }
        }
        Format::Plain => {
            for r in reasons {
                writeln!(ui.out, "{}", r.name())?;
            }
        }
    }
    Ok(())
}

fn list_sections(ui: &mut Ui, format: Format) -> io::Result<Outcome> {
    let catalog = Catalog::get();
    let counts = |key: &str| {
        let all: Vec<&Reason> = catalog.reasons_in(key).collect();
        let published = all.iter().filter(|r| r.published).count();
        (published, all.len() - published)
    };
    match format {
        Format::Json => {
            let view = SectionListView {
                schema_version: SCHEMA_VERSION,
                sources: Sources::get(),
                sections: catalog
                    .sections()
                    .iter()
                    .map(|s| {
                        let (published, unpublished) = counts(s.key());
                        SectionView::new(s, published, unpublished)
                    })
                    .collect(),
            };
            write_json(&mut *ui.out, &view, true)?;
            writeln!(ui.out)?;
        }
        Format::Plain => {
            for s in catalog.sections() {
                writeln!(ui.out, "{}", s.key())?;
            }
        }
        Format::Csv | Format::Markdown | Format::Table => {
            let mut table = new_table(ui, &["Resource", "Reasons", "Unpublished", "Paths"]);
            if format != Format::Table {
                table.load_style(if format == Format::Csv {
                    presets::NOTHING
                } else {
                    presets::ASCII_MARKDOWN
                });
            }
            for s in catalog.sections() {
                let (published, unpublished) = counts(s.key());
                table.add_row(vec![
                    Cell::new(s.key()).fg(Color::Cyan),
                    Cell::new(published),
                    Cell::new(unpublished),
                    Cell::new(if s.prefixes().is_empty() {
                        "(any endpoint)".to_owned()
                    } else {
                        s.prefixes().join(" ")
                    }),
                ]);
            }
            writeln!(ui.out, "{table}")?;
        }
    }
    Ok(Outcome::Found)
}

/// The reasons of a resource and statuses (any when None), and how many
/// unpublished ones were left out (without `all`).
pub fn select(
    section: Option<&Section>,
    statuses: Option<&[Status]>,
    group: Option<Group>,
    all: bool,
) -> (Vec<&'static Reason>, usize) {
    let selected = Catalog::get()
        .reasons()
        .iter()
        .filter(|r| section.is_none_or(|s| r.section_key() == s.key()))
        .filter(|r| statuses.is_none_or(|st| st.contains(&r.status)))
        .filter(|r| match group {
            None => true,
            Some(Group::Generic) => r.section_key() == "generic",
            Some(Group::Resource) => r.section_key() != "generic",
        });
    let (shown, hidden): (Vec<&Reason>, Vec<&Reason>) = selected.partition(|r| all || r.published);
    (shown, hidden.len())
}

pub fn run(args: &ListArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let format = if args.json { Format::Json } else { args.format };
    if args.resources {
        return list_sections(ui, format);
    }
    let catalog = Catalog::get();
    let section = match &args.resource {
        None => None,
        Some(input) => match catalog.resolve_section(input) {
            Some(section) => Some(section),
            None => {
                ui.error(&format!("'{}' is not a known resource", inert(input)))?;
                let mut close: Vec<(f64, &str)> = catalog
                    .sections()
                    .iter()
                    .map(|s| (strsim::jaro(&input.to_ascii_lowercase(), s.key()), s.key()))
                    .filter(|(score, _)| *score > 0.7)
                    .collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0));
                if let Some((_, key)) = close.first() {
                    ui.tip(&format!("a similar value exists: '{key}'"))?;
                }
                ui.tip("run 'voiperr list --resources' to see every resource")?;
                return Ok(Outcome::Failed);
            }
        },
    };
    let mut code = None;
    let statuses = match &args.status {
        None => None,
        Some(value) => match status_query(value) {
            Some((http, statuses)) => {
                code = Some(http);
                Some(statuses)
            }
            None => {
                ui.error(&format!(
                    "'{}' is not an HTTP code or canonical status",
                    inert(value)
                ))?;
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                ui.tip(&format!(
                    "use a code like 404, or one of: {}",
                    names.join(", ")
                ))?;
                return Ok(Outcome::Failed);
            }
        },
    };
    let (shown, hidden) = select(section, statuses.as_deref(), args.group, args.all);
    if shown.is_empty() && format != Format::Json {
        // A sentence, not an empty table.
        let codes: Vec<String> = Status::codes().iter().map(u16::to_string).collect();
        let why = match (code, statuses.as_deref()) {
            (Some(http), Some([])) => {
                let (last, rest) = codes.split_last().expect("the API answers some codes");
                format!(
                    "no reason is sent with HTTP {http}: the API's errors are {} and {last} ('voiperr explain {http}' says what a {http} means)",
                    rest.join(", ")
                )
            }
            _ if hidden > 0 => format!(
                "no published reason matches; {hidden} unpublished {}: add --all to list {}",
                if hidden == 1 {
                    "reason does"
                } else {
                    "reasons do"
                },
                if hidden == 1 { "it" } else { "them" }
            ),
            _ => "no reason matches these filters".to_owned(),
        };
        ui.error(&why)?;
        return Ok(Outcome::NotFound);
    }
    render_reasons(ui, &shown, format, hidden, None)?;
    Ok(if shown.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}
