//! `diagnose --summary`: counts per reason, flat in memory whatever the
//! input, shown as one table (redrawn in place on a terminal while a stream
//! is still open) or one JSON object.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io;

use comfy_table::{Cell, Color};

use crate::catalog::Catalog;
use crate::commands::list::new_table;
use crate::diagnose::SummaryKey;
use crate::output::{Messages, Ui};
use crate::untrusted::{Untrusted, shortened};
use crate::view::TallyRow;

/// Distinct unknown reason names counted one by one; past this they share
/// one row, so a log full of invented names cannot grow memory.
const MAX_UNKNOWN_NAMES: usize = 10_000;
/// Characters of an unknown reason name kept (and shown in JSON).
const MAX_NAME_CHARS: usize = 200;
/// Characters of a reason name shown in the table.
const TABLE_NAME_CHARS: usize = 60;
const OTHER_UNKNOWN: &str = "(other unknown reasons)";

/// A row's key: the reason, and the HTTP code for failures without one.
type RowKey = (Box<str>, Option<u16>);

/// Counts per reason. Failures without a reason (`(empty body)`, …) are
/// counted per HTTP code: the code is part of their key.
#[derive(Default)]
pub struct Tally {
    /// Catalog reasons, by their position in the catalog: count and the HTTP
    /// code first seen. No hashing or allocation for the common case.
    known: Vec<(u64, Option<u16>)>,
    /// Unknown names and failures without a reason: count, code first seen,
    /// and when the row was made (a later part's rows merge in that order).
    counts: HashMap<RowKey, (u64, Option<u16>, usize)>,
    unknown_names: usize,
}

impl Tally {
    pub fn add(&mut self, key: SummaryKey, http: Option<u16>) {
        match key {
            SummaryKey::Known(at) => self.add_known(at, 1, http),
            SummaryKey::Other(name) => {
                let by_code = name.starts_with('(');
                let name = match by_code {
                    true => name,
                    false => Cow::Owned(shortened(&name, MAX_NAME_CHARS).into_owned()),
                };
                self.add_other(name, by_code, 1, http);
            }
        }
    }

    fn add_known(&mut self, at: usize, count: u64, http: Option<u16>) {
        if self.known.is_empty() {
            self.known = vec![(0, None); Catalog::get().reasons().len()];
        }
        let entry = &mut self.known[at];
        entry.0 += count;
        entry.1 = entry.1.or(http);
    }

    /// Counts a row other than a catalog reason: `by_code` rows (failures
    /// without a reason) are per HTTP code; past [`MAX_UNKNOWN_NAMES`]
    /// distinct unknown names, new ones share one row.
    fn add_other(&mut self, name: Cow<str>, by_code: bool, count: u64, http: Option<u16>) {
        let code = http.filter(|_| by_code);
        if let Some(entry) = self.counts.get_mut(&(Box::from(&*name), code)) {
            entry.0 += count;
            return;
        }
        let name: Box<str> = if !by_code && self.unknown_names >= MAX_UNKNOWN_NAMES {
            OTHER_UNKNOWN.into()
        } else {
            self.unknown_names += usize::from(!by_code);
            name.into()
        };
        let made = self.counts.len();
        self.counts.entry((name, code)).or_insert((0, http, made)).0 += count;
    }

    /// Whether new unknown names no longer get rows of their own.
    pub fn full(&self) -> bool {
        self.unknown_names >= MAX_UNKNOWN_NAMES
    }

    /// Adds the counts of a later part of the same input, as if they had
    /// been counted here, in order.
    pub fn merge(&mut self, later: Tally) {
        for (at, (count, http)) in later.known.into_iter().enumerate() {
            if count > 0 {
                self.add_known(at, count, http);
            }
        }
        let mut rows: Vec<_> = later.counts.into_iter().collect();
        rows.sort_by_key(|(_, (_, _, made))| *made);
        for ((name, _), (count, http, _)) in rows {
            let by_code = name.starts_with('(') && &*name != OTHER_UNKNOWN;
            self.add_other(Cow::Owned(name.into()), by_code, count, http);
        }
    }

    /// Every row, most frequent first.
    pub fn rows(&self) -> Vec<TallyRow> {
        let reasons = Catalog::get().reasons();
        let known = self
            .known
            .iter()
            .zip(reasons)
            .filter(|((count, _), _)| *count > 0)
            .map(|(&(count, http), reason)| TallyRow {
                reason: Untrusted::from_static(reason.name()),
                count,
                http,
                known: true,
                fix: Some(reason.fix()),
            });
        let mut rows: Vec<TallyRow> = self
            .counts
            .iter()
            .map(|((reason, _), (count, http, _))| {
                let entry = Catalog::get().reason(reason);
                TallyRow {
                    reason: Untrusted::new(reason),
                    count: *count,
                    http: *http,
                    known: entry.is_some() || reason.starts_with('(') && &**reason != OTHER_UNKNOWN,
                    fix: entry.map(|r| r.fix()),
                }
            })
            .chain(known)
            .collect();
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.reason.redacted().cmp(b.reason.redacted()))
                .then_with(|| a.http.cmp(&b.http))
        });
        rows
    }
}

/// How many rows name a reason: `(status without a body)` and the like
/// are failures without one.
pub fn distinct_reasons(rows: &[TallyRow]) -> usize {
    rows.iter()
        .filter(|row| {
            let name = row.reason.redacted();
            !name.starts_with('(') || name == OTHER_UNKNOWN
        })
        .count()
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The table: the `top` most frequent rows, then one row for the rest.
pub fn render(ui: &mut Ui, rows: &[TallyRow], top: usize, skipped: u64) -> io::Result<()> {
    let total: u64 = rows.iter().map(|r| r.count).sum();
    let mut header = vec!["Reason", "Count", "HTTP", "Fix"];
    if ui.terminal {
        header.insert(2, "Share");
    }
    let mut table = new_table(ui, &header);
    let widest = rows.first().map_or(1, |r| r.count.max(1));
    let bar = |count: u64| {
        let width = usize::try_from(count * 10 / widest).unwrap_or(10).max(1);
        Cell::new("█".repeat(width)).fg(Color::Green)
    };
    // `--top 0`: the totals alone.
    let shown = rows.len().min(top);
    for row in &rows[..shown] {
        let name = if row.known {
            Cell::new(&row.reason)
        } else {
            let name = row.reason.truncated(TABLE_NAME_CHARS);
            Cell::new(format!("{name} (unknown)")).fg(Color::Red)
        };
        let mut cells = vec![
            name,
            Cell::new(row.count),
            Cell::new(row.http.map_or(String::new(), |h| h.to_string())).fg(Color::Yellow),
            Cell::new(row.fix.unwrap_or("-")),
        ];
        if ui.terminal {
            cells.insert(2, bar(row.count));
        }
        table.add_row(cells);
    }
    let rest = &rows[shown..];
    if !rest.is_empty() {
        let count: u64 = rest.iter().map(|r| r.count).sum();
        let mut cells = vec![
            Cell::new(format!(
                "({})",
                plural(rest.len() as u64, "other reason", "other reasons")
            )),
            Cell::new(count),
            Cell::new(""),
            Cell::new("voiperr diagnose --summary --top N shows more; --json lists all"),
        ];
        if ui.terminal {
            cells.insert(2, bar(count));
        }
        table.add_row(cells);
    }
    if shown > 0 {
        writeln!(ui.out, "{table}")?;
    }
    let distinct = distinct_reasons(rows);
    let without: u64 = rows
        .iter()
        .filter(|row| {
            row.reason.redacted().starts_with('(') && row.reason.redacted() != OTHER_UNKNOWN
        })
        .map(|row| row.count)
        .sum();
    let mut totals = vec![
        plural(total, "error", "errors"),
        plural(distinct as u64, "distinct reason", "distinct reasons"),
    ];
    if without > 0 {
        totals.push(format!("{without} without a reason"));
    }
    if skipped > 0 {
        totals.push(format!("{skipped} skipped"));
    }
    writeln!(ui.out, "{}", totals.join(", "))
}

/// Whether the terminal moves its cursor as told (not `TERM=dumb`).
pub fn moves_cursor(term: Option<&str>) -> bool {
    term != Some("dumb")
}

/// Redraws the table in place on a terminal: moves up over the previous
/// drawing and clears below, like `watch` (on a terminal that cannot move
/// its cursor, prints it again below). Before any error, it says what it
/// is reading. Returns the lines drawn.
pub fn redraw(
    ui: &mut Ui,
    rows: &[TallyRow],
    top: usize,
    skipped: u64,
    previous_lines: usize,
    watching: &str,
) -> io::Result<usize> {
    let mut drawing = Vec::new();
    let mut canvas = Ui {
        out: &mut drawing,
        err: &mut io::sink(),
        color: ui.color,
        width: ui.width,
        terminal: ui.terminal,
        closed: ui.closed,
        messages: Messages::default(),
    };
    if rows.is_empty() {
        writeln!(
            canvas.out,
            "Reading {watching}: no errors yet. Ctrl-C stops and keeps this summary."
        )?;
    } else {
        render(&mut canvas, rows, top, skipped)?;
    }
    let cursor = moves_cursor(std::env::var("TERM").ok().as_deref());
    if previous_lines > 0 && cursor {
        // `\r` first: a `^C` echoed by the terminal moved the cursor right.
        write!(ui.out, "\r\x1b[{previous_lines}A\x1b[J")?;
    } else if previous_lines > 0 {
        writeln!(ui.out)?;
    }
    ui.out.write_all(&drawing)?;
    ui.out.flush()?;
    Ok(drawing.iter().filter(|&&b| b == b'\n').count())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn rows(tally: &Tally) -> Vec<(String, u64, Option<u16>)> {
        tally
            .rows()
            .into_iter()
            .map(|r| (r.reason.redacted().to_owned(), r.count, r.http))
            .collect()
    }

    fn key(pick: u8) -> (SummaryKey, Option<u16>) {
        let http = Some(400 + u16::from(pick % 3));
        match pick % 5 {
            0 => (SummaryKey::Known(usize::from(pick) % 7), http),
            1 => (SummaryKey::Other(Cow::Borrowed("(empty body)")), http),
            _ => (
                SummaryKey::Other(Cow::Owned(format!("MADE_UP_{}", pick % 11))),
                http,
            ),
        }
    }

    proptest! {
        /// A later part's tally merged in counts what one tally counting
        /// everything in order counts: rows, counts and first-seen codes.
        #[test]
        fn merging_a_later_part_is_counting_on(picks in prop::collection::vec(any::<u8>(), 0..200), cut in any::<prop::sample::Index>()) {
            let cut = cut.index(picks.len() + 1);
            let mut whole = Tally::default();
            let (mut first, mut later) = (Tally::default(), Tally::default());
            for (at, pick) in picks.iter().enumerate() {
                let (k, http) = key(*pick);
                whole.add(k.clone(), http);
                if at < cut { first.add(k, http) } else { later.add(k, http) }
            }
            first.merge(later);
            prop_assert_eq!(rows(&first), rows(&whole));
        }
    }
}
