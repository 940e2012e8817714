//! `voiperr diagnose [FILE]`: read a response, curl output or log; explain each error.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read};

use colored::{Color as TextColor, Colorize};
use comfy_table::{Cell, Color};

use super::card::{self, field, list_field};
use super::list::new_table;
use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::DiagnoseArgs;
use crate::diagnose::scan::{self, Event, ScanError, Skip, Stats};
use crate::diagnose::{Diagnosis, Documented, diagnose, summary_key};
use crate::output::{Ui, write_json};
use crate::untrusted::{Untrusted, inert};
use crate::view::{DiagnosisView, SCHEMA_VERSION, SummaryView, TallyRow};

fn render(ui: &mut Ui, d: &Diagnosis, number: u64) -> io::Result<()> {
    let title = match (d.reason, &d.reason_name) {
        (Some(reason), _) => reason.name.to_owned(),
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
    writeln!(
        ui.out,
        "{} {}  {} {}  {}",
        format!("{number}.").bold(),
        title.bold().cyan(),
        http.yellow(),
        status,
        format!("(line {})", d.line).dimmed()
    )?;
    if let Some(summary) = &d.summary {
        field(ui, "What", summary)?;
    }
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
                &format!("{} ({})", section.key, section.title),
            )?;
        }
        if let (Some(documented), Some(reason)) = (d.documented, d.reason) {
            let name = reason.name;
            let said = match documented {
                Documented::Generic => {
                    format!("{name} is a generic reason: any endpoint may send it.")
                }
                Documented::Endpoint => format!("The catalog lists {name} for this endpoint."),
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
                reason.section
            ),
        )?;
        field(ui, "Cause", reason.cause)?;
        if reason.emitted {
            card::tier_field(ui, reason)?;
        } else {
            // The input is the evidence: never say the server does not send what it just sent.
            let text = format!(
                "The catalog says the server does not send {}, but this response carries it: the server may be newer than the catalog.",
                reason.name
            );
            card::marked_field(ui, "Tier", &text, TextColor::Magenta)?;
        }
    } else if let Some(name) = &d.reason_name {
        let mut text = format!("'{name}' is not in the catalog.");
        if !d.suggestions.is_empty() {
            let names: Vec<&str> = d.suggestions.iter().map(|r| r.name).collect();
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
    let notes: Vec<&str> = d.field_notes.iter().map(|r| r.says.as_str()).collect();
    list_field(ui, "Field note", &notes)?;
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
    Ok(())
}

/// Distinct unknown reason names counted one by one; past this they share
/// one row, so a log full of invented names cannot grow memory.
const MAX_UNKNOWN_NAMES: usize = 10_000;
/// Characters of an unknown reason name kept (and shown in JSON).
const MAX_NAME_CHARS: usize = 200;
/// Characters of a reason name shown in the summary table.
const TABLE_NAME_CHARS: usize = 60;
const OTHER_UNKNOWN: &str = "(other unknown reasons)";

/// Counts per reason for `--summary`: flat in memory whatever the input.
#[derive(Default)]
struct Tally {
    counts: HashMap<Box<str>, (u64, Option<u16>)>,
    unknown_names: usize,
}

impl Tally {
    fn add(&mut self, key: &str, http: Option<u16>) {
        if let Some(entry) = self.counts.get_mut(key) {
            entry.0 += 1;
            return;
        }
        let known = Catalog::get().reason(key).is_some() || key.starts_with('(');
        let key: Box<str> = if known {
            key.into()
        } else if self.unknown_names >= MAX_UNKNOWN_NAMES {
            OTHER_UNKNOWN.into()
        } else {
            self.unknown_names += 1;
            match key.char_indices().nth(MAX_NAME_CHARS) {
                Some((cut, _)) => format!("{}…", &key[..cut]).into(),
                None => key.into(),
            }
        };
        let entry = self.counts.entry(key).or_insert((0, http));
        entry.0 += 1;
    }

    fn rows(&self) -> Vec<TallyRow> {
        let mut rows: Vec<TallyRow> = self
            .counts
            .iter()
            .map(|(reason, (count, http))| {
                let entry = Catalog::get().reason(reason);
                TallyRow {
                    reason: Untrusted::new(reason),
                    count: *count,
                    http: *http,
                    known: entry.is_some(),
                    fix: entry.map(|r| r.fix),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.reason.redacted().cmp(b.reason.redacted()))
        });
        rows
    }
}

fn render_summary(ui: &mut Ui, rows: &[TallyRow], skipped: u64) -> io::Result<()> {
    let total: u64 = rows.iter().map(|r| r.count).sum();
    let mut header = vec!["Reason", "Count", "HTTP", "Fix"];
    if ui.terminal {
        header.insert(2, "Share");
    }
    let mut table = new_table(ui, &header);
    let widest = rows.first().map_or(1, |r| r.count.max(1));
    for row in rows {
        let mut cells = vec![
            if row.known {
                Cell::new(&row.reason)
            } else {
                let name = row.reason.truncated(TABLE_NAME_CHARS);
                Cell::new(format!("{name} (unknown)")).fg(Color::Red)
            },
            Cell::new(row.count),
            Cell::new(row.http.map_or(String::new(), |h| h.to_string())).fg(Color::Yellow),
            Cell::new(row.fix.unwrap_or("-")),
        ];
        if ui.terminal {
            let bar = "█".repeat(
                usize::try_from(row.count * 10 / widest)
                    .unwrap_or(10)
                    .max(1),
            );
            cells.insert(2, Cell::new(bar).fg(Color::Green));
        }
        table.add_row(cells);
    }
    writeln!(ui.out, "{table}")?;
    writeln!(
        ui.out,
        "{total} errors, {} distinct reasons{}",
        rows.len(),
        if skipped > 0 {
            format!(", {skipped} skipped")
        } else {
            String::new()
        }
    )?;
    Ok(())
}

/// Opens the input: a file, or stdin when it is not a terminal.
fn open_input(args: &DiagnoseArgs, ui: &mut Ui) -> io::Result<Option<Box<dyn Read>>> {
    match &args.file {
        Some(path) if path.as_os_str() != "-" => {
            let name = inert(&path.display().to_string()).into_owned();
            let opened = std::fs::metadata(path).and_then(|meta| {
                if meta.is_dir() {
                    return Ok(None);
                }
                // A FIFO is opened like any file: the open waits for a writer, as `cat` does.
                File::open(path).map(|f| Some(Box::new(f) as Box<dyn Read>))
            });
            match opened {
                Ok(Some(file)) => Ok(Some(file)),
                Ok(None) => {
                    ui.error(&format!(
                        "'{name}' is a directory; give a file with the API response or log"
                    ))?;
                    Ok(None)
                }
                Err(e) => {
                    ui.error(&format!("cannot read '{name}': {e}"))?;
                    Ok(None)
                }
            }
        }
        _ => {
            let stdin = io::stdin();
            if stdin.is_terminal() {
                ui.error("nothing to diagnose: pipe a response in (curl -si URL | voiperr diagnose) or give a file")?;
                return Ok(None);
            }
            Ok(Some(Box::new(stdin)))
        }
    }
}

/// The verdict when the input held no error at all.
fn explain_nothing(ui: &mut Ui, stats: &Stats) -> io::Result<Outcome> {
    if stats.bytes == 0 || stats.blank {
        ui.error("the input is empty; pipe in the API response (curl -si …) or give a file")?;
        return Ok(Outcome::NotFound);
    }
    if let Some(title) = &stats.html {
        let what = if title.is_empty() {
            String::new()
        } else {
            format!(" ('{}')", Untrusted::new(title))
        };
        ui.error(&format!("the input is an HTML page{what}, not a VoIPbin error: it came from a proxy or load balancer, not the API; retry with backoff and check the network path"))?;
        return Ok(Outcome::NotFound);
    }
    if stats.not_text {
        ui.error("the input is not text (invalid UTF-8 or NUL bytes) and holds no error envelope; pass the raw HTTP response or a log")?;
        return Ok(Outcome::Failed);
    }
    ui.error("no VoIPbin error envelope, status line or reason code found in the input; the failure did not come from the API, or the body was cut off")?;
    ui.tip("pass the whole response: curl -si URL | voiperr diagnose")?;
    Ok(Outcome::NotFound)
}

pub fn run(args: &DiagnoseArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let Some(input) = open_input(args, ui)? else {
        return Ok(Outcome::Failed);
    };
    let mut outcome = Outcome::Found;
    let mut shown_count = 0u64;
    let mut skipped = 0u64;
    let mut tally = Tally::default();
    let reader = BufReader::with_capacity(256 * 1024, input);
    let summary = args.summary;
    let json = args.json;
    let result = scan::scan(reader, &mut |event| match event {
        Event::Skipped { line, why } => {
            skipped += 1;
            ui.note(&match why {
                Skip::TooLarge => {
                    format!("line {line}: a line or JSON document over 16 MiB was skipped")
                }
                Skip::Truncated => {
                    format!("line {line}: the JSON starting here is cut off (truncated input?)")
                }
            })
        }
        Event::Error {
            found,
            exchange,
            line,
        } => {
            if summary {
                let (key, http) = summary_key(&found, exchange);
                if !(key == "(no envelope)" && http.is_some_and(|h| h < 400)) {
                    tally.add(&key, http);
                }
                return Ok(());
            }
            let Some(d) = diagnose(found, exchange, line) else {
                return Ok(());
            };
            shown_count += 1;
            if !d.understood {
                outcome = Outcome::NotFound;
            }
            if json {
                write_json(&mut *ui.out, &DiagnosisView::new(&d), false)?;
                writeln!(ui.out)
            } else {
                if shown_count > 1 {
                    writeln!(ui.out)?;
                }
                render(ui, &d, shown_count)
            }
        }
    });
    let stats = match result {
        Ok(stats) => stats,
        Err(ScanError::Read(e)) => {
            ui.error(&format!("cannot read the input: {e}"))?;
            return Ok(Outcome::Failed);
        }
        Err(ScanError::Write(e)) => return Err(e),
    };
    if summary {
        if tally.counts.is_empty() {
            return explain_nothing(ui, &stats);
        }
        let rows = tally.rows();
        if rows.iter().any(|r| !r.known) {
            outcome = Outcome::NotFound;
        }
        if json {
            let view = SummaryView {
                schema_version: SCHEMA_VERSION,
                total: rows.iter().map(|r| r.count).sum(),
                distinct: rows.len(),
                skipped,
                reasons: rows,
            };
            write_json(&mut *ui.out, &view, true)?;
            writeln!(ui.out)?;
        } else {
            render_summary(ui, &rows, skipped)?;
        }
        return Ok(outcome);
    }
    if shown_count == 0 {
        return explain_nothing(ui, &stats);
    }
    Ok(outcome)
}
