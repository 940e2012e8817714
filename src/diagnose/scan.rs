//! The input scanner: reads bytes line by line and reports every error it
//! finds, with the HTTP exchange around it. Pure and streaming: memory is
//! bounded by the longest line or JSON document it keeps ([`MAX_DOCUMENT`]).
//! Which lines make one failed call is the assembler's to say (`scan/record.rs`).

mod record;

use std::io::{self, BufRead};

use super::envelope::Found;
use super::journal;
use super::json::JsonReader;
use super::shapes;
use super::shapes::trace::{self, TraceBlock, TraceBlockBytes, TraceLine};
use crate::endpoint::Request;
use crate::rules::BodyKind;
use crate::untrusted::{MAX_TEXT, prefix};
use record::{Assembly, Phase};

/// A line or JSON document larger than this is reported and skipped.
pub const MAX_DOCUMENT: usize = 16 * 1024 * 1024;

/// The HTTP exchange an error was seen in, as far as the input shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exchange {
    /// The request line as shown (`POST /v1.0/calls/…`); secrets are masked later.
    pub request_line: Option<String>,
    pub request: Option<Request>,
    /// The code on the response's status line.
    pub http: Option<u16>,
    pub retry_after: Option<String>,
    pub x_request_id: Option<String>,
    pub body: Option<BodyKind>,
    /// Whether the input showed the response's headers (so a missing one is missing).
    pub headers_shown: bool,
    /// The client printed the status but no body (`curl -f`, `wget -S`, a traceback).
    pub body_hidden: bool,
    /// How to see the body with the client that hid it.
    pub body_hint: Option<&'static str>,
    /// When it happened, as its record says (seconds since the epoch): read
    /// only by a dated scanner ([`Scanner::dated`]), except for line prefixes.
    pub time: Option<i64>,
}

/// Something the scanner reports.
#[derive(Debug)]
pub enum Event<'e> {
    /// An error, with its exchange and the 1-based line it ended on.
    Error {
        found: Found,
        exchange: &'e Exchange,
        line: u64,
        /// The line its exchange began on (its request or status line; the
        /// error's own line when it showed neither): a trail of the input.
        from: u64,
    },
    /// A line or document was skipped (over the size limit) or cut short.
    Skipped { line: u64, why: Skip },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    TooLarge,
    Truncated,
}

/// What the input as a whole looked like, for the verdict when nothing was found.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub bytes: u64,
    pub lines: u64,
    pub not_text: bool,
    pub blank: bool,
    /// A `<title>` or first line of an HTML page, if one was seen.
    pub html: Option<String>,
}

impl Stats {
    /// Nothing read yet (blank until a line that is not).
    pub fn empty() -> Stats {
        Stats {
            blank: true,
            ..Stats::default()
        }
    }

    /// Adds what later input looked like (several inputs are one verdict),
    /// as one scanner reading on would: a page's title found later replaces
    /// a title-less page.
    pub fn merge(&mut self, other: Stats) {
        self.bytes += other.bytes;
        self.lines += other.lines;
        self.not_text |= other.not_text;
        self.blank &= other.blank;
        let titled = |html: &Option<String>| html.as_ref().is_some_and(|t| !t.is_empty());
        if self.html.is_none() || !titled(&self.html) && titled(&other.html) {
            self.html = other.html;
        }
    }
}

/// At most [`MAX_TEXT`] bytes of a line kept in the exchange.
fn clipped(text: &str) -> String {
    prefix(text, MAX_TEXT).to_owned()
}

/// Removes terminal escape sequences: CSI `ESC [` parameters and a letter
/// (colors), and the framing of OSC `ESC ] … BEL` or `ESC ] … ESC \\`
/// (titles, links), whose text is kept: an error may sit inside one. An
/// unfinished sequence loses only its `ESC`, so no text after it is eaten.
/// Written here rather than taken from a crate: it is short, and runs only on
/// lines that hold an ESC.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        rest = match after.as_bytes().first() {
            Some(b'[') => {
                let body = &after[1..];
                let params = body
                    .find(|c: char| !matches!(c, '\x20'..='\x3f'))
                    .unwrap_or(body.len());
                match body[params..].chars().next() {
                    Some(c) if c.is_ascii_alphabetic() || c == '@' || c == '~' => {
                        &body[params + 1..]
                    }
                    _ => after,
                }
            }
            Some(b']') => {
                let body = &after[1..];
                let bel = body.find('\x07').map(|e| (e, 1));
                let st = body.find("\x1b\\").map(|e| (e, 2));
                match [bel, st].into_iter().flatten().min() {
                    Some((end, len)) => {
                        out.push_str(&body[..end]);
                        &body[end + len..]
                    }
                    None => after,
                }
            }
            _ => after,
        };
    }
    out.push_str(rest);
    out
}

/// A gzip body, decompressed as far as it goes (bounded by [`MAX_DOCUMENT`]).
fn gunzip(raw: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut decoder = flate2::read::GzDecoder::new(raw).take(MAX_DOCUMENT as u64);
    let mut buffer = [0; 16 * 1024];
    while let Ok(n) = decoder.read(&mut buffer) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buffer[..n]);
    }
    out
}

/// A gzip body shown raw, decompressed as its lines come (so its end is
/// known where the stream ends: the next line is not the body's).
pub(super) struct RawGzip {
    decoder: flate2::write::GzDecoder<Decompressed>,
    /// Raw bytes read.
    raw: u64,
    ended: bool,
}

impl Default for RawGzip {
    fn default() -> RawGzip {
        RawGzip {
            decoder: flate2::write::GzDecoder::new(Decompressed(Vec::new())),
            raw: 0,
            ended: false,
        }
    }
}

impl RawGzip {
    /// Decompresses more of the body; true once the stream has ended (or
    /// cannot go on: broken, or over [`MAX_DOCUMENT`]).
    fn push(&mut self, mut bytes: &[u8]) -> bool {
        use std::io::Write;
        self.raw += bytes.len() as u64;
        while !self.ended && !bytes.is_empty() {
            match self.decoder.write(bytes) {
                Ok(0) | Err(_) => self.ended = true,
                Ok(n) => bytes = &bytes[n..],
            }
        }
        self.ended
    }

    /// The body, as far as it was decompressed.
    fn finish(mut self) -> Vec<u8> {
        let _ = self.decoder.try_finish();
        std::mem::take(&mut self.decoder.get_mut().0)
    }
}

/// Decompressed bytes, at most [`MAX_DOCUMENT`].
struct Decompressed(Vec<u8>);

impl io::Write for Decompressed {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_DOCUMENT {
            return Err(io::Error::other("a body over the size limit"));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether `bytes` is one JSON object or array and nothing more but
/// spaces: its brackets balance, outside strings, exactly at its end.
fn is_whole_document(bytes: &[u8]) -> bool {
    let text = bytes.trim_ascii();
    if !matches!(text.first(), Some(b'{' | b'[')) {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in text.iter().enumerate() {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'{' | b'[') => depth += 1,
            (false, b'}' | b']') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1 == text.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether a line plainly begins a new record, so a JSON document still
/// open from earlier lines was cut off: a status line, a curl marker or error,
/// a JSON object at column 0, a timestamped log line, or a line of a shape
/// The scanner's [`Assembly`] at a line boundary with no document, trace or
/// gzip body open (its line numbers counted back from there): two scanners
/// with equal checkpoints report the same events from there on. How a file
/// is read in parts at once: a part's scanner reads on into the next part
/// until it reaches the checkpoint that part's own scanner started from.
#[derive(Debug, Default, PartialEq)]
pub struct Checkpoint(Assembly);

/// Where the scanner's events go.
pub trait Sink {
    fn event(&mut self, event: Event<'_>) -> io::Result<()>;

    /// Whether the sink wants no more input (whoever feeds the scanner asks).
    fn stopped(&self) -> bool {
        false
    }
}

impl Sink for &mut dyn FnMut(Event<'_>) -> io::Result<()> {
    fn event(&mut self, event: Event<'_>) -> io::Result<()> {
        self(event)
    }
}

/// How a scanner reads beyond finding errors ([`Scanner::reading`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    lean: bool,
    dated: bool,
    reference: bool,
    now: Option<i64>,
}

/// The streaming scanner: feed it bytes as they come ([`Scanner::feed`]),
/// then [`Scanner::finish`]. It owns its sink, which stays reachable
/// between feeds ([`Scanner::sink`]) to flush or redraw.
pub struct Scanner<S: Sink> {
    sink: S,
    /// The line being assembled across feeds (empty when lines are whole in a feed).
    partial: Vec<u8>,
    /// The line being assembled went over [`MAX_DOCUMENT`]: the rest of it is dropped.
    oversized: bool,
    /// The last line was read when the input paused, before its line ended
    /// (a whole JSON document): its newline, when it comes, is not another line.
    line_read_early: bool,
    state: Assembly,
    json: JsonReader,
    /// A curl `--trace` block being read: its kind, announced size, and bytes so far.
    trace: Option<(TraceBlock, Option<usize>, TraceBlockBytes)>,
    /// A gzip-compressed body shown raw (`curl -i` without `--compressed`).
    gzip_body: Option<RawGzip>,
    line_no: u64,
    /// The current line's time prefix, if it has one (and its time, when known).
    line_stamp: Option<Option<i64>>,
    /// Now, for the year a year-less stamp (syslog) is in.
    now: Option<i64>,
    /// The time of the journal entry whose message is being read, until
    /// its first line takes it.
    entry_time: Option<i64>,
    /// Errors reported so far (whether a line reported any).
    reported: u64,
    /// The line the current [`Stats`] began at ([`Scanner::take_stats`]).
    stats_from: u64,
    pub stats: Stats,
}

impl<S: Sink> Scanner<S> {
    pub fn new(sink: S) -> Scanner<S> {
        Scanner {
            sink,
            partial: Vec::new(),
            oversized: false,
            line_read_early: false,
            state: Assembly::default(),
            json: JsonReader::default(),
            trace: None,
            gzip_body: None,
            line_no: 0,
            line_stamp: None,
            now: None,
            entry_time: None,
            reported: 0,
            stats_from: 0,
            stats: Stats::empty(),
        }
    }

    /// Reads only what a summary counts: the reason and status of each
    /// error, not its message, request_id or details.
    pub fn lean(mut self) -> Scanner<S> {
        self.json.lean = true;
        self
    }

    /// Reads every line the long way, with no shortcut: the reference the
    /// shortcuts are tested against (property tests, the fuzz target).
    pub fn reference(mut self) -> Scanner<S> {
        self.json.reference = true;
        self
    }

    /// Reads when each error happened ([`Exchange::time`]) from its JSON
    /// record's and logfmt line's time fields too, not only from line
    /// prefixes; `now` places year-less stamps (syslog) in a year.
    pub fn dated(mut self, now: Option<i64>) -> Scanner<S> {
        self.json.dated = true;
        self.now = now;
        self
    }

    /// How this scanner reads, for another to read alike
    /// ([`Scanner::read_as`]): a part of the same file, on another thread.
    pub fn reading(&self) -> Reading {
        Reading {
            lean: self.json.lean,
            dated: self.json.dated,
            reference: self.json.reference,
            now: self.now,
        }
    }

    /// Reads as the scanner `reading` came from does.
    pub fn read_as(mut self, reading: Reading) -> Scanner<S> {
        self.json.lean = reading.lean;
        self.json.dated = reading.dated;
        self.json.reference = reading.reference;
        self.now = reading.now;
        self
    }

    /// What the scanner carries to the next line, or None inside a line, a
    /// JSON document, a trace block or a gzip body.
    pub fn checkpoint(&self) -> Option<Checkpoint> {
        let open = !self.partial.is_empty()
            || self.oversized
            || self.json.in_document()
            || self.trace.is_some()
            || self.gzip_body.is_some();
        (!open).then(|| {
            let mut state = self.state.clone();
            let now = self.line_no;
            state.map_lines(|line| now - line);
            Checkpoint(state)
        })
    }

    /// What the input looked like since the last call (or its start); the
    /// next call counts from here. Parts of an input combine with
    /// [`Stats::merge`] into what one scanner reading them all would say.
    pub fn take_stats(&mut self) -> Stats {
        let mut taken = std::mem::replace(&mut self.stats, Stats::empty());
        taken.lines = self.line_no - self.stats_from;
        self.stats_from = self.line_no;
        taken
    }

    /// Goes on from a checkpoint another scanner reached, at line `line_no`
    /// (this scanner has just started, or left its input).
    pub fn resume(&mut self, at: &Checkpoint, line_no: u64) {
        self.state = at.0.clone();
        self.state.map_lines(|ago| line_no - ago);
        self.line_no = line_no;
        self.stats_from = line_no;
    }

    /// Leaves this input without reading what is still open (another
    /// scanner read on from here): returns what it looked like so far, and
    /// resets for another input.
    pub fn leave(&mut self) -> Stats {
        self.state = Assembly::default();
        self.trace = None;
        self.gzip_body = None;
        self.partial.clear();
        self.oversized = false;
        self.restart()
    }

    /// The sink, when the scanner is done with.
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// The sink, between feeds.
    pub fn sink(&mut self) -> &mut S {
        &mut self.sink
    }

    /// Reads the next bytes of the input. Whole lines are read in place;
    /// only a line split across feeds is copied (up to [`MAX_DOCUMENT`]).
    pub fn feed(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stats.bytes += bytes.len() as u64;
        let mut rest = bytes;
        if std::mem::take(&mut self.line_read_early) {
            // The rest of a line read early, when it pauses: its own line,
            // numbered as the line it ends.
            match rest.first() {
                Some(b'\n') => rest = &rest[1..],
                Some(_) => self.line_no -= 1,
                None => self.line_read_early = true,
            }
        }
        if !self.partial.is_empty() || self.oversized {
            let Some(end) = memchr::memchr(b'\n', rest) else {
                self.keep(rest);
                return Ok(());
            };
            self.keep(&rest[..end]);
            self.end_line()?;
            rest = &rest[end + 1..];
        }
        let whole = memchr::memrchr(b'\n', rest).map_or(0, |end| end + 1);
        self.lines(&rest[..whole])?;
        self.keep(&rest[whole..]);
        Ok(())
    }

    /// Whole lines, each ending in `\n`. Most input is valid UTF-8 without
    /// NUL or ESC: that is checked once for many lines, and those lines are
    /// read as the text they are; a line that is not is decoded on its own.
    fn lines(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                // Up to the first bad byte, then its line alone.
                Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            };
            let whole = match text.len() == bytes.len() {
                true => text.len(),
                false => memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |end| end + 1),
            };
            self.text_lines(&text[..whole])?;
            bytes = &bytes[whole..];
            if let Some(end) = memchr::memchr(b'\n', bytes) {
                self.line(&bytes[..end], None)?;
                bytes = &bytes[end + 1..];
            }
        }
        Ok(())
    }

    /// Whole lines of valid UTF-8: those without NUL, ESC or CR go straight
    /// to [`Scanner::text`].
    fn text_lines(&mut self, text: &str) -> io::Result<()> {
        let bytes = text.as_bytes();
        let special = |from: usize| {
            memchr::memchr3(0, 0x1b, b'\r', &bytes[from..]).map_or(bytes.len(), |at| from + at)
        };
        let mut next_special = special(0);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            if next_special < end {
                self.line(&bytes[start..end], None)?;
                next_special = special(end);
            } else {
                self.line(&bytes[start..end], Some(&text[start..end]))?;
            }
            start = end + 1;
        }
        Ok(())
    }

    /// Keeps part of a line split across feeds.
    fn keep(&mut self, piece: &[u8]) {
        if self.oversized || piece.is_empty() {
            return;
        }
        if self.partial.len() + piece.len() > MAX_DOCUMENT {
            self.oversized = true;
            self.partial = Vec::new();
        } else {
            self.partial.extend_from_slice(piece);
        }
    }

    /// Ends the line kept across feeds.
    fn end_line(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.oversized) {
            self.line_no += 1;
            self.stats.blank = false;
            let line = self.line_no;
            return self.sink.event(Event::Skipped {
                line,
                why: Skip::TooLarge,
            });
        }
        let line = std::mem::take(&mut self.partial);
        let result = self.line(&line, None);
        // The buffer is reused for the next split line.
        self.partial = line;
        self.partial.clear();
        result
    }

    /// One line of input, without its line ending; `clean` is its text when
    /// it is already known to be valid UTF-8 without NUL or ESC.
    fn line(&mut self, raw: &[u8], clean: Option<&str>) -> io::Result<()> {
        self.line_no += 1;
        if self.gzip_line(raw)? {
            return Ok(());
        }
        if let Some(text) = clean {
            return self.text(text, false);
        }
        if raw.contains(&0) {
            self.stats.not_text = true;
        }
        let decoded = match std::str::from_utf8(raw) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                self.stats.not_text = true;
                String::from_utf8_lossy(raw)
            }
        };
        self.colorless(&decoded)
    }

    /// A line that may hold colors: colored output (HTTPie --pretty=all,
    /// jq -C) is read without them.
    fn colorless(&mut self, line: &str) -> io::Result<()> {
        match line.contains('\x1b') {
            true => self.text(&strip_ansi(line), true),
            false => self.text(line, true),
        }
    }

    /// One line as text.
    /// `may_hold_cr`: the line was not checked for a carriage return.
    fn text(&mut self, line: &str, may_hold_cr: bool) -> io::Result<()> {
        let line = &line[..line.len() - line.bytes().rev().take_while(|b| *b == b'\r').count()];
        // Most lines of a JSON log: a document from the first byte, with no
        // prefix or carriage return to look for.
        if line.starts_with("{\"") && self.trace.is_none() {
            self.stats.blank = false;
            // A journal entry (`journalctl -o json`) is read as the lines
            // of its message, a record with the entry's time.
            if let Some(message) = journal::message(line) {
                self.entry_time = journal::time(line.as_bytes());
                let read = message.lines().try_for_each(|piece| self.colorless(piece));
                self.entry_time = None;
                return read;
            }
            return self.read(line);
        }
        if !line.trim_start().is_empty() {
            self.stats.blank = false;
        }
        if may_hold_cr && memchr::memchr(b'\r', line.as_bytes()).is_some() {
            // Lines that end in CR alone (old Mac tools, a progress meter):
            // each piece is a line of its own, numbered as the line it is in.
            for piece in line.split('\r') {
                self.piece(piece)?;
            }
            return Ok(());
        }
        self.piece(line)
    }

    fn piece(&mut self, line: &str) -> io::Result<()> {
        if self.trace_line(line)? {
            return Ok(());
        }
        self.read(line)
    }

    /// A gzip-compressed body shown raw is collected whole (its
    /// `Content-Length`, or up to the next exchange), then read. True when
    /// the line was taken.
    fn gzip_line(&mut self, raw: &[u8]) -> io::Result<bool> {
        let record = &self.state.record;
        let starts = record.phase != Phase::Headers
            && record.framing.gzip
            && self.gzip_body.is_none()
            && record.exchange.body.is_none()
            && raw.starts_with(&[0x1f, 0x8b]);
        if starts {
            self.gzip_body = Some(RawGzip::default());
        }
        let Some(body) = &mut self.gzip_body else {
            return Ok(false);
        };
        if raw.starts_with(b"HTTP/") || raw.starts_with(b"> ") || raw.starts_with(b"< ") {
            return Ok(false); // the next exchange: the body ended before it
        }
        // The stream's own end, or its `Content-Length`, ends the body.
        let ended = body.push(raw) || body.push(b"\n");
        let length = self.state.record.framing.length;
        if (ended || length.is_some_and(|n| body.raw >= n))
            && let Some(body) = self.gzip_body.take()
        {
            self.read_body(&body.finish())?;
        }
        Ok(true)
    }

    /// curl's `--trace`/`--trace-ascii` dump: blocks are rebuilt byte for byte,
    /// then read as the request, headers and body they are. True when taken.
    fn trace_line(&mut self, line: &str) -> io::Result<bool> {
        let Some(traced) = trace::trace_line(line) else {
            self.end_trace_block()?;
            return Ok(false);
        };
        match traced {
            TraceLine::Info => self.end_trace_block()?,
            TraceLine::Block(block) => {
                self.end_trace_block()?;
                let size = trace::trace_block_size(line);
                self.trace = Some((block, size, TraceBlockBytes::default()));
            }
            TraceLine::Data(offset, data) => match &mut self.trace {
                Some((_, _, bytes)) => bytes.push(offset, &data),
                None => return Ok(false),
            },
        }
        Ok(true)
    }

    fn end_trace_block(&mut self) -> io::Result<()> {
        let Some((block, size, mut bytes)) = self.trace.take() else {
            return Ok(());
        };
        bytes.finish(size);
        let text = String::from_utf8_lossy(&bytes.bytes).into_owned();
        match block {
            TraceBlock::SendHeader => {
                if let Some((shown, request)) = text
                    .lines()
                    .next()
                    .and_then(|first| shapes::request_line(first, false))
                {
                    self.start_request(&shown, request)?;
                }
            }
            TraceBlock::RecvHeader => {
                for line in text.split("\r\n").filter(|l| !l.is_empty()) {
                    self.read(line)?;
                }
                if (text == "\r\n" || text == "\n") && self.state.record.phase == Phase::Headers {
                    self.end_headers();
                }
            }
            TraceBlock::RecvData => {
                let record = &mut self.state.record;
                if record.phase == Phase::Headers {
                    record.phase = Phase::Body { strict: false };
                }
                let framing = &record.framing;
                let gzip = framing.gzip;
                let body = match framing.chunked {
                    true => trace::dechunk(&bytes.bytes).unwrap_or(bytes.bytes),
                    false => bytes.bytes,
                };
                let body = match gzip && body.starts_with(&[0x1f, 0x8b]) {
                    true => gunzip(&body),
                    false => body,
                };
                self.read_body(&body)?;
            }
            TraceBlock::SendData | TraceBlock::Other => {}
        }
        Ok(())
    }

    /// Ends the input: the last line, an open record or document.
    /// Returns what the input looked like, and resets the scanner for another input.
    pub fn finish(&mut self) -> io::Result<Stats> {
        if !self.partial.is_empty() || self.oversized {
            self.end_line()?;
        }
        self.end_trace_block()?;
        self.close()?;
        self.flush_brief()?;
        // What is left of the reading around records (a run of text, a
        // stack trace) ends with the input.
        self.state = Assembly::default();
        self.line_read_early = false;
        debug_assert!(
            self.checkpoint() == Some(Checkpoint::default()),
            "an input ends clean"
        );
        Ok(self.restart())
    }

    /// What the input looked like; the scanner is ready for another.
    fn restart(&mut self) -> Stats {
        let stats = self.take_stats();
        self.json = self.json.fresh();
        self.line_no = 0;
        self.stats_from = 0;
        stats
    }
}

/// Why a scan stopped early.
#[derive(Debug)]
pub enum ScanError {
    /// The input could not be read.
    Read(io::Error),
    /// The sink failed to write.
    Write(io::Error),
}

/// Reads all of `reader` through a scanner, never holding more than
/// [`MAX_DOCUMENT`] of one line.
pub fn scan(
    mut reader: impl BufRead,
    sink: &mut dyn FnMut(Event<'_>) -> io::Result<()>,
) -> Result<Stats, ScanError> {
    let mut scanner = Scanner::new(sink);
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ScanError::Read(e)),
        };
        let used = chunk.len();
        scanner.feed(chunk).map_err(ScanError::Write)?;
        reader.consume(used);
    }
    scanner.finish().map_err(ScanError::Write)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::diagnose::envelope::{Envelope, ReasonName};

    /// Every error event the scanner reports for `input`.
    fn errors(input: &[u8]) -> Vec<Found> {
        let mut found = Vec::new();
        scan(input, &mut |event| {
            if let Event::Error { found: f, .. } = event {
                found.push(f);
            }
            Ok(())
        })
        .expect("scanning a slice cannot fail");
        found
    }

    #[test]
    fn several_documents_on_one_line_and_text_between() {
        let line = br#"a {"error":{"reason":"A","status":"NOT_FOUND"}} b {"x":"{"} c {"error":{"reason":"B","status":"INTERNAL"}}"#;
        let reasons: Vec<String> = errors(line)
            .into_iter()
            .filter_map(|f| match f {
                Found::Envelope(e) => e.reason.map(|r| r.as_str().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(reasons, ["A", "B"]);
    }

    #[test]
    fn colors_are_stripped_and_nothing_else() {
        assert_eq!(strip_ansi("\x1b[1;34m{\x1b[0m\"a\""), "{\"a\"");
        assert_eq!(
            strip_ansi("x\x1b]0;title\x07y\x1b]8;;u\x1b\\z"),
            "x0;titley8;;uz"
        );
        assert_eq!(strip_ansi("\x1b]{\"a\":1}"), "]{\"a\":1}");
        assert_eq!(strip_ansi("\x1b[{\"a\":1}"), "[{\"a\":1}");
    }

    #[test]
    fn a_100_continue_block_is_not_the_response() {
        let input = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n";
        let mut codes = Vec::new();
        scan(&input[..], &mut |event| {
            if let Event::Error { exchange, .. } = event {
                codes.push(exchange.http);
            }
            Ok(())
        })
        .expect("scan");
        assert_eq!(codes, [Some(404)]);
    }

    /// Every event and the final stats, as text, for `input` fed in pieces
    /// of `piece` bytes: with the shortcuts, or the reference way.
    fn events(input: &[u8], piece: usize, reference: bool, lean: bool, dated: bool) -> Vec<String> {
        let mut seen = Vec::new();
        let mut sink = |event: Event<'_>| {
            seen.push(format!("{event:?}"));
            Ok(())
        };
        let mut scanner = Scanner::new(&mut sink as &mut dyn FnMut(Event<'_>) -> io::Result<()>);
        if reference {
            scanner = scanner.reference();
        }
        if lean {
            scanner = scanner.lean();
        }
        if dated {
            scanner = scanner.dated(Some(1_795_514_400));
        }
        for part in input.chunks(piece.max(1)) {
            scanner.feed(part).expect("no I/O");
        }
        let stats = scanner.finish().expect("no I/O");
        drop(scanner);
        seen.push(format!("{stats:?}"));
        seen
    }

    /// JSON-like documents built from the keys and values the reader cares
    /// about, nested, with the odd Python literal, quote and escape.
    fn document() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "error",
            "reason",
            "status",
            "message",
            "request_id",
            "msg",
            "details",
            "method",
            "url",
            "status_code",
            "retry_after",
            "headers",
            "body",
            "request",
            "response",
            "level",
            "time",
            "step",
            "x",
            "Retry-After",
            "name",
            "value",
            "re\\u0061son",
            "ts",
            "@timestamp",
            "Date",
            "level",
        ]);
        let leaf = prop_oneof![
            prop::sample::select(vec![
                "404",
                "200",
                "\"404\"",
                "\"+404\"",
                "0404",
                "1e999",
                "-1",
                "null",
                "None",
                "true",
                "\"NOT_FOUND\"",
                "\"CALL_NOT_FOUND\"",
                "\"a\\\"b\"",
                "\"{\\\"error\\\":{\\\"reason\\\":\\\"X\\\",\\\"status\\\":\\\"Y\\\"}}\"",
                "\" {x\"",
                "\"\\u00e9\\ud83d\"",
                "\"\"",
                "\"GET\"",
                "\"/v1.0/calls\"",
                "'single'",
                "\"<html>\"",
                "\"{}\"",
                "\"2026-11-24T10:00:00Z\"",
                "\"Tue, 24 Nov 2026 10:00:00 GMT\"",
                "1795514400123",
            ])
            .prop_map(String::from),
            "[A-Za-z0-9 _{}:]{0,8}".prop_map(|s| format!("\"{s}\"")),
        ];
        leaf.prop_recursive(5, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec((key.clone(), inner.clone()), 0..6).prop_map(|members| {
                    let members: Vec<String> = members
                        .iter()
                        .map(|(k, v)| format!("\"{k}\": {v}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
                prop::collection::vec(inner, 0..4)
                    .prop_map(|items| format!("[{}]", items.join(", "))),
            ]
        })
    }

    /// A line holding documents, with text around them, sometimes broken.
    fn json_line() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec![
                "",
                "",
                "2026-11-24T00:00:00Z ERROR answered ",
                "< ",
                "  ",
            ]),
            prop::collection::vec(document(), 1..3),
            prop::sample::select(vec!["", "", " after 2 retries", "404", " {", "\r"]),
            prop::option::of((
                any::<prop::sample::Index>(),
                prop::sample::select(vec!["", ",", "}", "]", "\"", "'", " ", "\n", "{"]),
            )),
        )
            .prop_map(|(before, documents, after, change)| {
                let mut line = format!("{before}{}{after}", documents.join(" "));
                if let Some((at, insert)) = change {
                    let mut at = at.index(line.len() + 1);
                    while !line.is_char_boundary(at) {
                        at -= 1;
                    }
                    line.insert_str(at, insert);
                }
                line
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The shortcuts decide nothing differently: every event, in order, is
        /// the reference reader's, whether lines come whole or in pieces.
        #[test]
        fn shortcuts_report_what_the_reference_reports(
            lines in prop::collection::vec(json_line(), 1..6),
            piece in prop_oneof![Just(1 << 20), 1..40usize],
            lean in any::<bool>(),
            dated in any::<bool>(),
        ) {
            let input = lines.join("\n");
            prop_assert_eq!(
                events(input.as_bytes(), piece, false, lean, dated),
                events(input.as_bytes(), piece, true, lean, dated),
                "{}", input
            );
        }
    }

    /// What each input yields when `inputs` are read one after another by
    /// one scanner, as `diagnose` reads several files: per input, its events
    /// (with line numbers) and how many errors `--json` lists (`lean`:
    /// `--summary` counts).
    fn per_input(inputs: &[&[u8]], piece: usize, lean: bool) -> Vec<(Vec<String>, usize)> {
        let seen = std::cell::RefCell::new(vec![(Vec::new(), 0); inputs.len()]);
        let at = std::cell::Cell::new(0);
        let mut sink = |event: Event<'_>| {
            let mut seen = seen.borrow_mut();
            let (events, count) = &mut seen[at.get()];
            if let Event::Error {
                found,
                exchange,
                line,
                ..
            } = &event
            {
                let counted = match lean {
                    true => crate::diagnose::summary_key(found, exchange).is_some(),
                    false => crate::diagnose::diagnose(found.clone(), exchange, *line).is_some(),
                };
                *count += usize::from(counted);
            }
            events.push(format!("{event:?}"));
            Ok(())
        };
        let mut scanner = Scanner::new(&mut sink as &mut dyn FnMut(Event<'_>) -> io::Result<()>);
        if lean {
            scanner = scanner.lean();
        }
        for (i, input) in inputs.iter().enumerate() {
            at.set(i);
            for part in input.chunks(piece.max(1)) {
                scanner.feed(part).expect("no I/O");
            }
            let stats = scanner.finish().expect("no I/O");
            seen.borrow_mut()[i].0.push(format!("{stats:?}"));
        }
        drop(scanner);
        seen.into_inner()
    }

    /// Every transcript and log the tests keep, as inputs to cut up.
    fn fixtures() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files = Vec::new();
        for dir in [root.clone(), root.join("clients")] {
            for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
                if entry.path().is_file() {
                    files.push(std::fs::read(entry.path()).expect("fixture"));
                }
            }
        }
        files
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        /// Any input cut at any byte into several files: each file's events
        /// are the ones it yields read alone (nothing held moves to the next
        /// file, nothing is lost at its end), and a summary counts exactly
        /// the errors `--json` lists.
        #[test]
        fn every_input_ends_whole_and_summaries_count_what_json_lists(
            fixture in prop::sample::select(fixtures()),
            status in prop::sample::select(vec!["", "HTTP/1.1 429 Too Many Requests\n\n", "< HTTP/2 404\n<\n"]),
            lines in prop::collection::vec(json_line(), 0..4),
            // The same reason again, told apart only by what a summary does not keep.
            again in prop::collection::vec(prop::sample::select(vec![
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"r1"}}"#,
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"r2"}}"#,
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m"}}"#,
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m","details":[{"id":1}]}}"#,
            ]), 0..4),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
            piece in prop_oneof![Just(1 << 20), 1..64usize],
        ) {
            let mut input = fixture;
            input.extend_from_slice(status.as_bytes());
            input.extend_from_slice(lines.join("\n").as_bytes());
            input.extend_from_slice(again.join("\n").as_bytes());
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c.index(input.len() + 1)).collect();
            cuts.sort_unstable();
            let mut files = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([input.len()]) {
                files.push(&input[from..cut]);
                from = cut;
            }
            let full = per_input(&files, piece, false);
            let lean = per_input(&files, piece, true);
            for (i, file) in files.iter().enumerate() {
                let alone = per_input(&[file], piece, false);
                prop_assert_eq!(&full[i].0, &alone[0].0, "file {} of {:?}", i, String::from_utf8_lossy(&input));
                prop_assert_eq!(full[i].1, lean[i].1, "file {} of {:?}", i, String::from_utf8_lossy(&input));
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = errors(&input);
        }

        #[test]
        fn arbitrary_text_lines_never_panic(lines in proptest::collection::vec("\\PC{0,80}", 0..20)) {
            let _ = errors(lines.join("\n").as_bytes());
        }

        #[test]
        fn an_envelope_in_any_surrounding_text_is_found(
            before in "[^{}\n\r]{0,60}",
            after in "[^{}\n\r]{0,60}",
            reason in "[A-Z][A-Z0-9_]{0,30}",
            request_id in "[A-Za-z0-9_-]{1,24}",
            message in "\\PC{0,40}",
        ) {
            let envelope = serde_json::json!({"error": {"status": "NOT_FOUND", "reason": reason, "message": message, "request_id": request_id}});
            let input = format!("{before}{envelope}{after}\n");
            let found = errors(input.as_bytes());
            let envelopes: Vec<&Envelope> = found.iter().filter_map(|f| match f { Found::Envelope(e) => Some(e), _ => None }).collect();
            prop_assert_eq!(envelopes.len(), 1, "{}", input);
            prop_assert_eq!(envelopes[0].reason.as_ref().map(ReasonName::as_str), Some(reason.as_str()));
            prop_assert_eq!(envelopes[0].request_id.as_deref(), Some(request_id.as_str()));
        }
    }
}
