//! `--format bundle`: each error's diagnosis, then the input lines of its
//! exchange (request, status, headers, body), masked: one self-contained
//! text to attach to a support ticket (`--request-id ID --format bundle`).

use std::collections::VecDeque;
use std::io;

use crate::catalog::Catalog;
use crate::diagnose::Diagnosis;
use crate::output::Ui;
use crate::untrusted::Untrusted;

use super::render;

/// Input kept for trails: the last lines up to this many bytes (an
/// exchange is far smaller; a log's chunk is 256 KiB).
const KEPT: usize = 4 << 20;
/// Lines of one exchange shown at most: its last ones.
const TRAIL_LINES: u64 = 60;
/// Characters of one input line shown at most.
const LINE_CHARS: usize = 400;

/// The last lines of the current input, numbered as the scanner numbers
/// them, fed before the scanner reads them.
#[derive(Default)]
pub struct Window {
    /// The number of `lines[0]`.
    first: u64,
    lines: VecDeque<Vec<u8>>,
    /// The line not ended yet.
    partial: Vec<u8>,
    bytes: usize,
}

impl Window {
    /// A new input: its lines are counted from 1.
    pub fn restart(&mut self) {
        *self = Window {
            first: 1,
            ..Window::default()
        };
    }

    pub fn push(&mut self, chunk: &[u8]) {
        let mut pieces = chunk.split(|b| *b == b'\n');
        let Some(mut last) = pieces.next() else {
            return;
        };
        for next in pieces {
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(last);
            self.bytes += line.len();
            self.lines.push_back(line);
            last = next;
        }
        self.partial.extend_from_slice(last);
        while self.bytes > KEPT
            && let Some(old) = self.lines.pop_front()
        {
            self.bytes -= old.len();
            self.first += 1;
        }
    }

    /// Lines `from` to `to` that are still kept, with their numbers.
    fn lines(&self, from: u64, to: u64) -> Vec<(u64, &[u8])> {
        let last = self.first + self.lines.len() as u64;
        (from.max(self.first)..=to)
            .filter_map(|n| match n.cmp(&last) {
                std::cmp::Ordering::Less => self
                    .lines
                    .get(usize::try_from(n - self.first).ok()?)
                    .map(|l| (n, l.as_slice())),
                std::cmp::Ordering::Equal => Some((n, self.partial.as_slice())),
                std::cmp::Ordering::Greater => None,
            })
            .collect()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_across_chunks() {
        let mut window = Window::default();
        window.restart();
        window.push(b"one\ntw");
        window.push(b"o\nthree");
        let lines: Vec<(u64, String)> = window
            .lines(1, 3)
            .into_iter()
            .map(|(n, l)| (n, String::from_utf8_lossy(l).into_owned()))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "one".to_owned()),
                (2, "two".to_owned()),
                (3, "three".to_owned())
            ]
        );
        assert_eq!(window.lines(4, 9).len(), 0);
    }

    #[test]
    fn old_lines_go_first() {
        let mut window = Window::default();
        window.restart();
        let line = vec![b'x'; 1 << 20];
        for _ in 0..6 {
            window.push(&line);
            window.push(b"\n");
        }
        assert!(window.bytes <= KEPT);
        assert_eq!(window.lines(1, 6).first().map(|(n, _)| *n), Some(3));
    }
}
