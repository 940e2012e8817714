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

/// Lines of one record (an exchange, a pretty-printed envelope or HAR
/// entry) shown at most: a longer one shows its first and last half.
const RECORD_LINES: u64 = 200;
/// Lines looked back over for where a JSON document or object opened.
const LOOK_BACK: u64 = 2000;
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
    let start = record_start(window, from, d.line);
    let parts = match d.line - start < RECORD_LINES {
        true => vec![(start, d.line)],
        false => vec![
            (start, start + RECORD_LINES / 2 - 1),
            (d.line + 1 - RECORD_LINES / 2, d.line),
        ],
    };
    let Some((first, _)) = window.lines(start, d.line).first().copied() else {
        return writeln!(ui.out, "  Input       (the lines are no longer kept)");
    };
    let shown = if first == d.line {
        format!("line {first}")
    } else {
        format!("lines {first}-{}", d.line)
    };
    writeln!(ui.out, "  Input       {}, {shown}:", Untrusted::new(file))?;
    let width = d.line.to_string().len();
    for (i, &(from, to)) in parts.iter().enumerate() {
        if i > 0 {
            writeln!(
                ui.out,
                "    {:>width$} | … ({} lines)",
                "",
                from - parts[i - 1].1 - 1
            )?;
        }
        let read = window.lines(from.saturating_sub(CONTEXT_LINES), to);
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
        for ((n, _), text) in read.iter().zip(masked.split('\n')) {
            if *n >= from {
                let text = Untrusted::new(&shortened(text, LINE_CHARS));
                writeln!(ui.out, "    {n:>width$} | {text}")?;
            }
        }
    }
    Ok(())
}

/// The line the record reported on `line` starts on. `from` is the
/// scanner's (the request line that began an exchange); when it is `line`
/// itself and that line closes a JSON document or object opened on an
/// earlier line (a pretty-printed envelope, a HAR entry), the line it opened on.
fn record_start(window: &Window, from: u64, line: u64) -> u64 {
    if from < line {
        return from;
    }
    // Lines of pretty-printed JSON hold whole strings: each is read alone.
    let mut open = 0u64;
    for (n, text) in window
        .lines(line.saturating_sub(LOOK_BACK), line)
        .into_iter()
        .rev()
    {
        for bracket in brackets(&text[..text.len().min(LINE_BYTES)])
            .into_iter()
            .rev()
        {
            match bracket {
                b'}' | b']' => open += 1,
                _ if open <= 1 => return if open == 1 { n } else { line },
                _ => open -= 1,
            }
        }
        if open == 0 {
            return line;
        }
    }
    line
}

/// The brackets of a line of JSON outside its strings, in order.
fn brackets(line: &[u8]) -> Vec<u8> {
    let mut found = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    for &b in line {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (_, b'"') => in_string = !in_string,
            (false, b'{' | b'[' | b'}' | b']') => found.push(b),
            _ => {}
        }
    }
    found
}
