//! `--summary` over large files in parts at once, one thread per part, with
//! exactly the counts, notes and verdict one scanner reading it all gives.
//!
//! Each part's own scanner starts fresh at a line start, so it may read its
//! first lines differently from a scanner that read everything before them
//! (inside a multi-line document, after a status line, with an error held
//! for the code on the next line). So it records [`Checkpoint`]s at its
//! first line boundaries, and the scanner of the part before reads on past
//! its own part, line by line, until its state equals one of them: from that
//! line on both would report the same events, so the counts are taken from
//! the part's own scanner. Where they never meet, the scanner before reads
//! the whole part itself and tries the next one.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Reporter;
use super::summary::Tally;
use crate::diagnose::scan::{Checkpoint, Event, Reading, Scanner, Sink, Skip, Stats};
use crate::diagnose::select::{Selection, Verdict};
use crate::diagnose::{SummaryKey, summary_key};

/// Parts are at least this big: below it a thread costs more than it saves.
const MIN_PART: u64 = 4 << 20;
/// Bytes read at a time.
const CHUNK: usize = 256 * 1024;
/// A part's first lines where it records checkpoints: at most this many lines…
const MARKED_LINES: usize = 64;
/// …within this many bytes.
const MARKED_BYTES: u64 = 64 * 1024;
/// Notes a part keeps for later (cut documents); past this it gives up and
/// its part is read by the scanner before it.
const MAX_NOTES: usize = 10_000;

/// Where a part starts, in bytes: the first line start at or after its share.
fn boundaries(file: &mut File, len: u64, parts: u64) -> io::Result<Vec<u64>> {
    let mut starts = vec![0];
    let mut probe = vec![0; CHUNK];
    for k in 1..parts {
        let share = len * k / parts;
        if share <= *starts.last().unwrap_or(&0) {
            continue;
        }
        file.seek(SeekFrom::Start(share - 1))?;
        let n = read_full(file, &mut probe)?;
        // A line longer than the probe: no part starts in it.
        if let Some(at) = memchr::memchr(b'\n', &probe[..n]) {
            let start = share + at as u64;
            if start < len && start > *starts.last().unwrap_or(&0) {
                starts.push(start);
            }
        }
    }
    starts.push(len);
    Ok(starts)
}

/// Reads until `buffer` is full or the input ends.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A line boundary near a part's start, as that part's scanner left it.
struct Mark {
    /// Its offset in the file.
    at: u64,
    state: Option<Checkpoint>,
    /// What the line ending here looked like (none for the part's start).
    line: Stats,
    /// Events logged up to here.
    logged: usize,
}

/// An event a part's scanner reported, kept as a summary counts it.
enum Logged {
    /// Its key and code, and whether it is of a `--fail-on` class.
    Error(SummaryKey, Option<u16>, bool),
    /// Left out for having no time for `--since`/`--until`.
    Undated,
    Skipped(u64, Skip),
}

/// The sink of a part's own scanner: it logs its first lines' events (the
/// part before may read those lines itself) and counts the rest.
struct Counter {
    marking: bool,
    /// The run's filters and `--fail-on` classes.
    selection: Selection,
    /// Errors of a `--fail-on` class, counted (not logged).
    failing: u64,
    /// Errors left out for having no time (not logged).
    undated: u64,
    log: Vec<Logged>,
    tally: Tally,
    notes: Vec<(u64, Skip)>,
    /// Too many notes or unknown names to merge exactly: the part is given up.
    overflow: bool,
}

impl Sink for Counter {
    fn event(&mut self, event: Event<'_>) -> io::Result<()> {
        let logged = match event {
            Event::Error {
                found,
                exchange,
                line,
                ..
            } => {
                let fails = match self.selection.judge(&found, exchange, line) {
                    Some(Verdict::Dropped) => return Ok(()),
                    Some(Verdict::Undated) => None,
                    Some(Verdict::Kept { fails }) => Some(fails == Some(true)),
                    None => Some(false),
                };
                match (fails, summary_key(&found, exchange)) {
                    (None, _) => Logged::Undated,
                    (Some(fails), Some((key, http))) => Logged::Error(key, http, fails),
                    (Some(_), None) => return Ok(()),
                }
            }
            Event::Skipped { line, why } => Logged::Skipped(line, why),
        };
        match logged {
            logged if self.marking => self.log.push(logged),
            Logged::Error(key, http, fails) => {
                self.failing += u64::from(fails);
                self.tally.add(key, http);
                self.overflow |= self.tally.full();
            }
            Logged::Undated => self.undated += 1,
            Logged::Skipped(line, why) => {
                self.notes.push((line, why));
                self.overflow |= self.notes.len() >= MAX_NOTES;
            }
        }
        Ok(())
    }
}

/// Where a scanner's reading ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ended {
    /// At the end of the file.
    End,
    /// Where it met this part's own scanner: at the part's mark of this
    /// index (after that many of the part's lines).
    Met { part: usize, mark: usize },
}

/// What a part's own scanner found, from its marked lines to where it ended.
struct Part {
    counter: Counter,
    /// What the part looked like after its marked lines.
    stats: Stats,
    /// Lines its scanner read in all.
    lines: u64,
    ended: Ended,
}

/// The file being read in parts, and what each part's start looks like.
struct Split<'a> {
    path: &'a Path,
    /// Where each part starts, and the file's length last.
    starts: Vec<u64>,
    marks: Vec<OnceLock<Vec<Mark>>>,
    interrupted: &'a AtomicBool,
    selection: Selection,
    /// How the run's scanner reads: each part's reads alike.
    reading: Reading,
}

impl Split<'_> {
    /// Feeds `scanner` the bytes of `file` from where it is positioned up to
    /// offset `to`, unless interrupted or the sink stops.
    fn feed<S: Sink>(&self, scanner: &mut Scanner<S>, file: &mut File, to: u64) -> io::Result<()> {
        let mut left = to.saturating_sub(file.stream_position()?);
        let mut buffer = vec![0; CHUNK];
        while left > 0 && !self.interrupted.load(Ordering::Relaxed) && !scanner.sink().stopped() {
            let want = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
            let n = read_full(file, &mut buffer[..want])?;
            if n == 0 {
                break;
            }
            scanner.feed(&buffer[..n])?;
            left -= n as u64;
        }
        Ok(())
    }

    /// Reads on from the end of part `part` (where `file` is positioned)
    /// until `scanner` meets a later part's scanner, or to the end.
    fn read_on<S: Sink>(
        &self,
        scanner: &mut Scanner<S>,
        file: &mut File,
        part: usize,
    ) -> io::Result<Ended> {
        for next in part + 1..self.marks.len() {
            let mut at = self.starts[next];
            for (index, mark) in self.marks[next].wait().iter().enumerate() {
                let mut line = vec![0; usize::try_from(mark.at - at).unwrap_or(0)];
                file.read_exact(&mut line)?;
                scanner.feed(&line)?;
                at = mark.at;
                if mark.state.is_some() && scanner.checkpoint() == mark.state {
                    return Ok(Ended::Met {
                        part: next,
                        mark: index,
                    });
                }
            }
            self.feed(scanner, file, self.starts[next + 1])?;
        }
        Ok(Ended::End)
    }

    /// Part `part` (not the first), read by a scanner of its own.
    fn read_part(&self, part: usize) -> io::Result<Part> {
        let mut scanner = Scanner::new(Counter {
            marking: true,
            selection: self.selection.clone(),
            failing: 0,
            undated: 0,
            log: Vec::new(),
            tally: Tally::default(),
            notes: Vec::new(),
            overflow: false,
        })
        .read_as(self.reading);
        let marked = self.mark(&mut scanner, part);
        let (mut file, rest) = marked?;
        scanner.sink().marking = false;
        scanner.feed(&rest)?;
        self.feed(&mut scanner, &mut file, self.starts[part + 1])?;
        let ended = self.read_on(&mut scanner, &mut file, part)?;
        let stats = match ended {
            Ended::End => scanner.finish()?,
            Ended::Met { .. } => scanner.take_stats(),
        };
        let marked_lines = self.marks[part]
            .get()
            .map_or(0, |m| m.len().saturating_sub(1));
        Ok(Part {
            lines: marked_lines as u64 + stats.lines,
            stats,
            ended,
            counter: scanner.into_sink(),
        })
    }

    /// Reads a part's first lines one by one, marking each line boundary,
    /// and publishes the marks (none when reading failed, so that no scanner
    /// before waits for them in vain). Returns the file, positioned after
    /// what was read, and the bytes read but not yet fed.
    fn mark(&self, scanner: &mut Scanner<Counter>, part: usize) -> io::Result<(File, Vec<u8>)> {
        let start = self.starts[part];
        let mut marks = vec![Mark {
            at: start,
            state: scanner.checkpoint(),
            line: Stats::empty(),
            logged: 0,
        }];
        let mut read = || -> io::Result<(File, Vec<u8>)> {
            let mut file = File::open(self.path)?;
            file.seek(SeekFrom::Start(start))?;
            let size = MARKED_BYTES.min(self.starts[part + 1] - start);
            let mut head = vec![0; usize::try_from(size).unwrap_or(0)];
            let n = read_full(&mut file, &mut head)?;
            head.truncate(n);
            let mut done = 0;
            for end in memchr::memchr_iter(b'\n', &head).take(MARKED_LINES) {
                scanner.feed(&head[done..=end])?;
                done = end + 1;
                marks.push(Mark {
                    at: start + done as u64,
                    state: scanner.checkpoint(),
                    line: scanner.take_stats(),
                    logged: scanner.sink().log.len(),
                });
            }
            Ok((file, head.split_off(done)))
        };
        let read = read();
        let _ = self.marks[part].set(if read.is_ok() { marks } else { Vec::new() });
        read
    }
}

/// Counts `path` with `--summary` in up to `threads` parts at once, into
/// `scanner`'s reporter (notes included); returns what the file looked like.
pub fn summarize(
    path: &Path,
    threads: usize,
    scanner: &mut Scanner<Reporter<'_, '_>>,
    interrupted: &AtomicBool,
) -> io::Result<Stats> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let parts = (threads as u64).min(len / MIN_PART).max(1);
    let starts = boundaries(&mut file, len, parts)?;
    file.seek(SeekFrom::Start(0))?;
    let split = Split {
        path,
        marks: (1..starts.len()).map(|_| OnceLock::new()).collect(),
        starts,
        interrupted,
        selection: scanner.sink().selection.clone(),
        reading: scanner.reading(),
    };
    let (first, parts) = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..split.marks.len())
            .map(|part| {
                let split = &split;
                scope.spawn(move || split.read_part(part))
            })
            .collect();
        let first = split
            .feed(scanner, &mut file, split.starts[1])
            .and_then(|()| split.read_on(scanner, &mut file, 0));
        let parts: Vec<Option<Part>> = std::iter::once(None)
            .chain(
                workers
                    .into_iter()
                    .map(|w| w.join().ok().and_then(Result::ok)),
            )
            .collect();
        (first, parts)
    });
    let mut ended = first?;
    let mut parts = parts;
    if interrupted.load(Ordering::Relaxed) {
        // Cut short: what every part read is counted, as far as it got.
        for part in parts.iter_mut().filter_map(Option::take) {
            replay(scanner.sink(), part.counter, 0, None)?;
        }
        return scanner.finish();
    }
    let mut stats = match ended {
        Ended::End => return scanner.finish(),
        Ended::Met { .. } => scanner.leave(),
    };
    let mut lines_before = stats.lines;
    while let Ended::Met { part, mark } = ended {
        let marks = split.marks[part].get().map_or(&[][..], Vec::as_slice);
        // The line number in the file of the line before the part's first.
        let offset = lines_before - mark as u64;
        let Some(found) = parts[part].take().filter(|p| !p.counter.overflow) else {
            // Its own scanner did not read it all: read on from the meeting here.
            if let Some(state) = &marks[mark].state {
                scanner.resume(state, lines_before);
            }
            file.seek(SeekFrom::Start(marks[mark].at))?;
            split.feed(scanner, &mut file, len)?;
            stats.merge(scanner.finish()?);
            return Ok(stats);
        };
        for line in &marks[mark + 1..] {
            stats.merge(line.line.clone());
        }
        stats.merge(found.stats);
        lines_before = offset + found.lines;
        ended = found.ended;
        replay(
            scanner.sink(),
            found.counter,
            marks[mark].logged,
            Some(offset),
        )?;
    }
    Ok(stats)
}

/// Adds what a part's scanner counted, from its logged event `from` on, to
/// the reporter: its notes with their line numbers in the file (`offset`
/// added), or only counted when that is not known.
fn replay(
    reporter: &mut Reporter,
    counter: Counter,
    from: usize,
    offset: Option<u64>,
) -> io::Result<()> {
    let mut notes = Vec::new();
    for logged in counter.log.into_iter().skip(from) {
        match logged {
            Logged::Error(key, http, fails) => {
                reporter.failing += u64::from(fails);
                reporter.tally.add(key, http);
            }
            Logged::Undated => reporter.undated += 1,
            Logged::Skipped(line, why) => notes.push((line, why)),
        }
    }
    reporter.tally.merge(counter.tally);
    reporter.failing += counter.failing;
    reporter.undated += counter.undated;
    reporter.dirty = true;
    notes.extend(counter.notes);
    match offset {
        Some(offset) => {
            for (line, why) in notes {
                reporter.event(Event::Skipped {
                    line: line + offset,
                    why,
                })?;
            }
        }
        None => reporter.skipped += notes.len() as u64,
    }
    Ok(())
}
