//! The last lines of the input, numbered as the scanner numbers them: what
//! `--format bundle` shows of an error's exchange.

use std::collections::VecDeque;

/// Input kept: the last lines up to this many bytes (an exchange is far
/// smaller; a log's chunk is 256 KiB).
const KEPT: usize = 4 << 20;
/// Bytes of one line kept: its start, where a time stamp is and more than
/// a bundle shows, so a line of hundreds of MB is never held whole.
const LINE_KEPT: usize = 64 << 10;

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
            self.keep(last);
            let line = std::mem::take(&mut self.partial);
            self.bytes += line.len();
            self.lines.push_back(line);
            last = next;
        }
        self.keep(last);
        while self.bytes > KEPT
            && let Some(old) = self.lines.pop_front()
        {
            self.bytes -= old.len();
            self.first += 1;
        }
    }

    /// Adds a piece of the current line, up to [`LINE_KEPT`] bytes of it.
    fn keep(&mut self, piece: &[u8]) {
        let room = LINE_KEPT.saturating_sub(self.partial.len());
        self.partial
            .extend_from_slice(&piece[..piece.len().min(room)]);
    }

    /// Lines `from` to `to` that are still kept, with their numbers.
    pub fn lines(&self, from: u64, to: u64) -> Vec<(u64, &[u8])> {
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
    fn a_line_is_kept_up_to_its_start() {
        let mut window = Window::default();
        window.restart();
        for _ in 0..100 {
            window.push(&[b'x'; 1 << 16]);
        }
        assert_eq!(window.lines(1, 1)[0].1.len(), LINE_KEPT);
        window.push(b"\nnext");
        assert_eq!(window.lines(1, 2)[1].1, b"next");
    }

    #[test]
    fn old_lines_go_first() {
        let mut window = Window::default();
        window.restart();
        let line = vec![b'x'; LINE_KEPT];
        let lines = KEPT / LINE_KEPT + 2;
        for _ in 0..lines {
            window.push(&line);
            window.push(b"\n");
        }
        assert!(window.bytes <= KEPT);
        assert_eq!(
            window.lines(1, lines as u64).first().map(|(n, _)| *n),
            Some(3)
        );
    }
}
