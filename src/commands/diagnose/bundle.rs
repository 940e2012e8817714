//! `--format bundle`: each error's diagnosis, then the input lines of its
//! exchange (request, status, headers, body), masked: one self-contained
//! text to attach to a support ticket (`--request-id ID --format bundle`).

use std::io;

use crate::catalog::Catalog;
use crate::diagnose::Diagnosis;
use crate::output::Ui;
use crate::untrusted::Untrusted;

use super::render;
use super::window::Window;

/// Lines of one exchange shown at most: its last ones.
const TRAIL_LINES: u64 = 60;
/// Characters of one input line shown at most.
const LINE_CHARS: usize = 400;

/// What the bundle starts with: what made it, so a ticket says which
/// catalog the advice came from.
pub fn header(ui: &mut Ui) -> io::Result<()> {
    let source = Catalog::get().source();
    writeln!(
        ui.out,
        "voiperr {} diagnosis bundle (catalog: {} of {}, server code at {}); credentials masked\n",
        env!("CARGO_PKG_VERSION"),
        source.page(),
        source.page_date(),
        source.server_commit()
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
    render::render(ui, d, number, Some(file), None)?;
    let from = from.max(d.line.saturating_sub(TRAIL_LINES - 1));
    let lines = window.lines(from, d.line);
    let Some(&(first, _)) = lines.first() else {
        return writeln!(ui.out, "  Input       (the lines are no longer kept)");
    };
    let shown = if first == d.line {
        format!("line {first}")
    } else {
        format!("lines {first}-{}", d.line)
    };
    writeln!(ui.out, "  Input       {}, {shown}:", Untrusted::new(file))?;
    let width = d.line.to_string().len();
    for (n, line) in lines {
        let text = String::from_utf8_lossy(line);
        let text = Untrusted::new(text.trim_end_matches('\r')).truncated(LINE_CHARS);
        writeln!(ui.out, "    {n:>width$} | {text}")?;
    }
    Ok(())
}
