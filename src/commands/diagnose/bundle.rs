//! `--format bundle`: each error's diagnosis, then the input lines of its
//! exchange (request, status, headers, body), masked: one self-contained
//! text to attach to a support ticket (`--request-id ID --format bundle`).

use std::io;

use crate::catalog::Catalog;
use crate::diagnose::Diagnosis;
use crate::output::Ui;
use crate::untrusted::{Untrusted, redact, shortened};

use super::render;
use super::window::Window;

/// Lines of one exchange shown at most: its last ones.
const TRAIL_LINES: u64 = 60;
/// Characters of one input line shown at most.
const LINE_CHARS: usize = 400;
/// Bytes of one input line read to find credentials: more than is shown.
const LINE_BYTES: usize = 4096;
/// Lines before the first one shown that are read to find credentials: a
/// key there may have its value on a shown line (a pretty-printed HAR pair).
const CONTEXT_LINES: u64 = 4;

/// What the bundle starts with: what made it, so a ticket says which
/// catalog the advice came from.
pub fn header(ui: &mut Ui) -> io::Result<()> {
    let source = Catalog::get().source;
    writeln!(
        ui.out,
        "voiperr {} diagnosis bundle (catalog: {} of {}, server code at {}); credentials masked\n",
        env!("CARGO_PKG_VERSION"),
        source.page,
        source.page_date,
        source.server_commit
    )
}

/// One error: its diagnosis, then its exchange's input lines.
pub fn write(
    ui: &mut Ui,
    d: &Diagnosis,
    number: u64,
    file: &str,
    from: u64,
    window: &Window,
) -> io::Result<()> {
    if number > 1 {
        writeln!(ui.out)?;
    }
    render::render(ui, d, number, Some(file))?;
    let from = from.max(d.line.saturating_sub(TRAIL_LINES - 1));
    let read = window.lines(from.saturating_sub(CONTEXT_LINES), d.line);
    let Some(&(first, _)) = read.iter().find(|(n, _)| *n >= from) else {
        return writeln!(ui.out, "  Input       (the lines are no longer kept)");
    };
    let shown = if first == d.line {
        format!("line {first}")
    } else {
        format!("lines {first}-{}", d.line)
    };
    writeln!(ui.out, "  Input       {}, {shown}:", Untrusted::new(file))?;
    // Masked together, so that a credential over several lines is found;
    // a mask keeps the line breaks, so the lines stay as numbered.
    let joined: Vec<String> = read
        .iter()
        .map(|(_, line)| {
            let line = String::from_utf8_lossy(&line[..line.len().min(LINE_BYTES)]);
            line.trim_end_matches('\r').to_owned()
        })
        .collect();
    let masked = redact(&joined.join("\n")).into_owned();
    let width = d.line.to_string().len();
    for ((n, _), text) in read.iter().zip(masked.split('\n')) {
        if *n >= from {
            let text = Untrusted::new(&shortened(text, LINE_CHARS));
            writeln!(ui.out, "    {n:>width$} | {text}")?;
        }
    }
    Ok(())
}
