//! The input scanner: reads bytes line by line and reports every error it
//! finds, with the HTTP exchange around it. Pure and streaming: memory is
//! bounded by the longest line or JSON document it keeps ([`MAX_DOCUMENT`]).

use std::io::{self, BufRead};

use super::envelope::{Envelope, Found, ReasonName, StatusName};
use super::journal;
use super::json::{Context, JsonEvent, JsonReader};
use super::shapes::curl::Marked;
use super::shapes::fields::{RecordField, record_field};
use super::shapes::trace::{self, TraceBlock, TraceBlockBytes, TraceLine};
use super::shapes::{self, Named, Sentence, Shown, Step, node};
use crate::endpoint::Request;
use crate::rules::BodyKind;
use crate::untrusted::{MAX_TEXT, prefix};

/// A line or JSON document larger than this is reported and skipped.
pub const MAX_DOCUMENT: usize = 16 * 1024 * 1024;

/// How many lines of a stack trace an error read before its status waits
/// through for the exception that names the status.
const MAX_WAIT: u64 = 40;

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
    /// `Content-Length: 0`: the body is empty, shown or not.
    pub empty_length: bool,
    /// `Content-Encoding: gzip` and `Transfer-Encoding: chunked` (a raw body needs undoing).
    pub gzip: bool,
    pub chunked: bool,
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

/// A whole line that is a reason code: `CALL_NOT_FOUND`.
fn bare_reason(line: &str) -> Option<&str> {
    let t = shapes::trimmed(line);
    let ok = t.len() >= 3
        && t.len() <= 100
        && t.contains('_')
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some(t)
}

fn html_title(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower[start..]
        .find("</title>")
        .map_or(line.len(), |e| start + e);
    Some(line[start..end].trim().chars().take(200).collect())
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
/// that starts a record of its own.
fn starts_new_record(line: &str) -> bool {
    let b = line.as_bytes();
    let digits = |b: &[u8], r: std::ops::Range<usize>| {
        b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let stamp = b.strip_prefix(b"[").unwrap_or(b);
    let dated = digits(stamp, 0..4)
        && stamp.get(4) == Some(&b'-')
        && digits(stamp, 5..7)
        && stamp.get(7) == Some(&b'-')
        && digits(stamp, 8..10);
    let timed = digits(stamp, 0..2) && stamp.get(2) == Some(&b':') && digits(stamp, 3..5);
    dated
        || timed
        || [
            &b"HTTP/"[..],
            b"> ",
            b"< ",
            b"* ",
            b"curl: (",
            b"{\"",
            b"{'",
        ]
        .iter()
        .any(|p| b.starts_with(p))
        || shapes::starts_record(line)
}

/// What became of a line read after an error held for its status.
enum Held<'l> {
    Taken,
    /// Not this error's: the error was reported, and the line's first
    /// registry step (if any) is for the rest of the reading.
    Released(Option<(usize, Step<'l>)>),
}

/// `Name: value`, as a response header is written.
fn looks_like_header(line: &str) -> bool {
    line.split_once(": ").is_some_and(|(name, _)| {
        !name.is_empty()
            && name.len() <= 40
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

/// All the scanner carries from one line to the next about the exchange it
/// is assembling: one value, so a checkpoint *is* this state and cannot
/// drift from it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Assembly {
    exchange: Exchange,
    /// Whether an error was reported in the current exchange.
    exchange_reported: bool,
    in_headers: bool,
    /// The headers are indented (wget -S): the first line that is not ends them.
    indented_headers: bool,
    body_text_seen: bool,
    /// An error read from a body before any status code: `curl -w '%{http_code}'`
    /// prints the code on the next line, an exception after its stack trace.
    /// Reported there, or when input waits; with the line it was read on.
    held: Option<(Found, u64)>,
    /// Text outside any exchange since the last one (an HTML body before `curl -w`'s code).
    loose_text: bool,
    /// A blank line came right after the status line: if a header follows,
    /// the transcript is double-spaced (CRLF pasted into a terminal).
    blank_after_status: bool,
    /// The transcript is double-spaced: one blank line separates headers,
    /// more end them. How many blank lines came in a row.
    double_spaced: bool,
    blanks: u8,
    /// The properties of an inspected error object (Node) are being read.
    inspected: Option<node::Inspected>,
    /// The last error reported in this exchange (a client that prints the
    /// body twice, as `curl --trace -` does, is one error).
    last_found: Option<Found>,
    /// The exchange's body was shown before the status, and is shown again.
    reprinted: bool,
}

/// The scanner's [`Assembly`] at a line boundary with no document, trace or
/// gzip body open (a held error's line counted back from there): two
/// scanners with equal checkpoints report the same events from there on.
/// How a file is read in parts at once: a part's scanner reads on into the
/// next part until it reaches the checkpoint that part's own scanner started from.
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
    gzip_body: Option<Vec<u8>>,
    line_no: u64,
    /// The line the current exchange began on (see [`Event::Error`]'s
    /// `from`). Not part of a checkpoint: only what is reported uses it.
    exchange_from: Option<u64>,
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
            exchange_from: None,
            stats_from: 0,
            stats: Stats::empty(),
        }
    }

    fn emit(&mut self, found: Found) -> io::Result<()> {
        let line = self.line_no;
        self.emit_at(found, line)
    }

    fn emit_at(&mut self, found: Found, line: u64) -> io::Result<()> {
        let again = match (&self.state.last_found, &found) {
            // An exception that prints the body again after it was shown: the
            // same reason and status are the same error (a summary, which
            // does not keep the first one's message, counts it the same way).
            (Some(Found::Envelope(last)), Found::Envelope(this)) if self.state.reprinted => {
                last.reason == this.reason && last.status == this.status
            }
            (last, this) => last.as_ref() == Some(this),
        };
        if self.state.exchange.http.is_some() && again {
            return Ok(());
        }
        self.state.exchange_reported = true;
        if self.state.exchange.http.is_some() {
            self.state.last_found = Some(found.clone());
        }
        let from = self
            .exchange_from
            .filter(|&from| from <= line)
            .unwrap_or(line);
        self.sink.event(Event::Error {
            found,
            exchange: &self.state.exchange,
            line,
            from,
        })
    }

    /// Reports an error found in a log record or HAR entry, with the exchange
    /// the record describes (its own, not the one being read around it).
    fn emit_in_context(&mut self, found: Found, context: Context) -> io::Result<()> {
        let (shown, request) = match &context.url {
            Some(url) => {
                let (shown, request) = shapes::request_from(context.method.as_deref(), url);
                (Some(shown), request)
            }
            None => (None, None),
        };
        let body = match found {
            Found::NoEnvelope => context.body.unwrap_or(BodyKind::Empty),
            _ => BodyKind::Envelope,
        };
        let exchange = Exchange {
            request_line: shown.filter(|_| request.is_some()).map(|s| clipped(&s)),
            request,
            http: context.http,
            retry_after: context.retry_after,
            x_request_id: context.request_id,
            body: Some(body),
            headers_shown: context.headers_shown,
            ..Exchange::default()
        };
        self.sink.event(Event::Error {
            found,
            exchange: &exchange,
            line: self.line_no,
            from: self.line_no,
        })
    }

    /// Reports a held error, as it is: no status code came after it.
    fn release(&mut self) -> io::Result<()> {
        match self.state.held.take() {
            Some((found, line)) => self.emit_at(found, line),
            None => Ok(()),
        }
    }

    /// The input is waiting: report what is held, so a live stream shows it
    /// now, and read a last line that is a whole JSON document though its
    /// line has not ended (`curl -s … >> app.log` writes no newline).
    pub fn idle(&mut self) -> io::Result<()> {
        if !self.oversized && !self.partial.is_empty() && is_whole_document(&self.partial) {
            self.end_line()?;
            self.line_read_early = true;
        }
        self.release()
    }

    /// Ends the current exchange: a failed response with no envelope is reported here.
    fn finish_exchange(&mut self) -> io::Result<()> {
        self.end_trace_block()?;
        // A body cut short may leave a document open: read it before giving that up.
        if let Some(raw) = self.gzip_body.take() {
            self.read_body(&gunzip(&raw))?;
        }
        self.abandon_document(Skip::Truncated)?;
        // Last: what the steps above found with no status yet is held too.
        self.release()?;
        if let Some(http) = self.state.exchange.http
            && !self.state.exchange_reported
        {
            if self.state.exchange.body.is_none() && self.state.exchange.body_hidden {
                self.emit(Found::StatusOnly)?;
            } else {
                let body = self.state.exchange.body.unwrap_or(BodyKind::Empty);
                self.state.exchange.body = Some(body);
                if http >= 400 || matches!(body, BodyKind::Empty | BodyKind::EmptyObject) {
                    self.emit(Found::NoEnvelope)?;
                }
            }
        }
        self.clear_exchange();
        Ok(())
    }

    /// Forgets the exchange; an error held for its status, and an inspected
    /// object still being read, outlive it.
    fn clear_exchange(&mut self) {
        self.exchange_from = None;
        self.state = Assembly {
            held: self.state.held.take(),
            inspected: self.state.inspected.take(),
            ..Assembly::default()
        };
    }

    /// Starts an exchange known only by its status code (a client's error
    /// line), for the request shown before it, if any.
    fn status_only(&mut self, http: u16, hint: &'static str) -> io::Result<()> {
        self.next_response()?;
        self.state.exchange.http = Some(http);
        self.state.exchange.body_hidden = true;
        self.state.exchange.body_hint = Some(hint);
        Ok(())
    }

    /// Reads a whole body (decompressed or de-chunked) as body lines.
    fn read_body(&mut self, body: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(body);
        for line in text.lines() {
            self.content(line)?;
        }
        Ok(())
    }

    /// What the JSON reader reports, in terms of the exchange.
    fn json_event(&mut self, event: JsonEvent, cut: Skip) -> io::Result<()> {
        match event {
            JsonEvent::Found(found, Some(context)) => self.emit_in_context(found, *context),
            JsonEvent::Failure(context) => self.emit_in_context(Found::NoEnvelope, *context),
            JsonEvent::Found(found, None) => {
                if self.state.exchange.http.is_some() {
                    self.state.exchange.body = Some(if self.state.body_text_seen {
                        BodyKind::TextThenEnvelope
                    } else {
                        BodyKind::Envelope
                    });
                    return self.emit(found);
                }
                // No status yet: a code may follow on the next line (curl -w).
                self.release()?;
                self.state.held = Some((found, self.line_no));
                Ok(())
            }
            JsonEvent::Closed {
                empty_object,
                errors: 0,
            } if self.state.exchange.http.is_some() => {
                let kind = if empty_object {
                    BodyKind::EmptyObject
                } else {
                    self.state.exchange.body.unwrap_or(BodyKind::Text)
                };
                self.state.exchange.body = Some(kind);
                Ok(())
            }
            JsonEvent::Closed { .. } => Ok(()),
            JsonEvent::Cut { line } => self.sink.event(Event::Skipped { line, why: cut }),
        }
    }

    /// Reads the JSON in `text` (continuing an open document); true if it held any.
    fn feed_json(&mut self, text: &str) -> io::Result<bool> {
        let mut json = std::mem::take(&mut self.json);
        // `emit_at` compares an error with the last one only in such an exchange.
        json.compared = self.state.exchange.http.is_some();
        let line = self.line_no;
        let result = json.feed_line(text, line, &mut |event| {
            self.json_event(event, Skip::Truncated)
        });
        self.json = json;
        result
    }

    /// Gives up a JSON document still open from earlier lines.
    fn abandon_document(&mut self, why: Skip) -> io::Result<()> {
        let mut json = std::mem::take(&mut self.json);
        let result = json.abandon(&mut |event| self.json_event(event, why));
        self.json = json;
        result
    }

    /// Continues a multi-line JSON document; true when the line was consumed.
    /// A line that plainly starts a new record ends the document as cut off.
    fn continue_document(&mut self, line: &str) -> io::Result<bool> {
        if !self.json.in_document() {
            return Ok(false);
        }
        if self.json.document_bytes + line.len() as u64 > MAX_DOCUMENT as u64 {
            self.abandon_document(Skip::TooLarge)?;
            return Ok(false);
        }
        if starts_new_record(line) || !self.json.continues(line.as_bytes()) {
            self.abandon_document(Skip::Truncated)?;
            return Ok(false);
        }
        self.feed_json(line)
    }

    fn header(&mut self, line: &str) {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            let value = clipped(value.trim());
            self.state.exchange.headers_shown = true;
            if name.eq_ignore_ascii_case("retry-after") {
                self.state.exchange.retry_after = Some(value);
            } else if name.eq_ignore_ascii_case("x-request-id") {
                self.state.exchange.x_request_id = Some(value);
            } else if name.eq_ignore_ascii_case("content-encoding") {
                self.state.exchange.gzip = value.eq_ignore_ascii_case("gzip");
            } else if name.eq_ignore_ascii_case("content-length") {
                self.state.exchange.empty_length = value == "0";
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                self.state.exchange.chunked = value.eq_ignore_ascii_case("chunked");
            }
        }
    }

    /// Ends the exchange but keeps its request: with no request line in
    /// between (`curl -i -L` following a redirect, a client's error line after
    /// the request), the next response still answers the same request.
    fn next_response(&mut self) -> io::Result<()> {
        let request_line = self.state.exchange.request_line.take();
        let request = self.state.exchange.request.take();
        let from = self.exchange_from;
        self.finish_exchange()?;
        (
            self.state.exchange.request_line,
            self.state.exchange.request,
        ) = (request_line, request);
        self.exchange_from = from.filter(|_| self.state.exchange.request.is_some());
        Ok(())
    }

    /// A new request (`> POST …`, a bare request line, a traced one): the
    /// exchange before it is over.
    fn start_request(&mut self, shown: &str, request: Request) -> io::Result<()> {
        self.finish_exchange()?;
        self.state.exchange.request_line = Some(clipped(shown));
        self.state.exchange.request = Some(request);
        self.exchange_from = Some(self.line_no);
        Ok(())
    }

    fn status_line(&mut self, code: u16) -> io::Result<()> {
        // A `100 Continue` block is followed by the real response.
        let continuing = self
            .state
            .exchange
            .http
            .is_some_and(|h| (100..200).contains(&h));
        let started = self.state.exchange.http.is_some() && !continuing;
        if started {
            self.next_response()?;
        }
        self.exchange_from.get_or_insert(self.line_no);
        self.state.exchange.http = Some(code);
        self.state.in_headers = true;
        self.state.blank_after_status = false;
        Ok(())
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
            state.held = state.held.map(|(found, line)| (found, self.line_no - line));
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
        self.state.held = self
            .state
            .held
            .take()
            .map(|(found, ago)| (found, line_no - ago));
        self.line_no = line_no;
        self.stats_from = line_no;
    }

    /// Leaves this input without reading what is still open (another
    /// scanner read on from here): returns what it looked like so far, and
    /// resets for another input.
    pub fn leave(&mut self) -> Stats {
        self.state.held = None;
        self.state.inspected = None;
        self.trace = None;
        self.gzip_body = None;
        self.partial.clear();
        self.oversized = false;
        self.clear_exchange();
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
        if self.gzip_line(raw) {
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
        // Most lines of a JSON log: a document from the first byte. No
        // client's own line starts so, so outside a trace block, a document
        // and a header section only the JSON reader reads it.
        if line.starts_with("{\"")
            && self.trace.is_none()
            && !self.json.in_document()
            && !self.state.in_headers
        {
            self.stats.blank = false;
            self.release()?;
            // A journal entry (`journalctl -o json`) is read as the lines of its message.
            if let Some(message) = journal::message(line) {
                return message.lines().try_for_each(|piece| self.colorless(piece));
            }
            return self.content(line);
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

    /// A gzip-compressed body shown raw is collected whole, then read.
    /// True when the line was taken.
    fn gzip_line(&mut self, raw: &[u8]) -> bool {
        let starts = !self.state.in_headers
            && self.state.exchange.gzip
            && self.gzip_body.is_none()
            && self.state.exchange.body.is_none()
            && raw.starts_with(&[0x1f, 0x8b]);
        if starts {
            self.gzip_body = Some(Vec::new());
        }
        let Some(body) = &mut self.gzip_body else {
            return false;
        };
        if raw.starts_with(b"HTTP/") || raw.starts_with(b"> ") || raw.starts_with(b"< ") {
            return false; // the next exchange: the body ended before it
        }
        if body.len() + raw.len() < MAX_DOCUMENT {
            body.extend_from_slice(raw);
            body.push(b'\n');
        }
        true
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
                if text == "\r\n" || text == "\n" {
                    self.state.in_headers = false;
                }
            }
            TraceBlock::RecvData => {
                self.state.in_headers = false;
                let body = match self.state.exchange.chunked {
                    true => trace::dechunk(&bytes.bytes).unwrap_or(bytes.bytes),
                    false => bytes.bytes,
                };
                let body = match self.state.exchange.gzip && body.starts_with(&[0x1f, 0x8b]) {
                    true => gunzip(&body),
                    false => body,
                };
                self.read_body(&body)?;
            }
            TraceBlock::SendData | TraceBlock::Other => {}
        }
        Ok(())
    }

    /// One line, as text: what it shows of an exchange, or a body or log line.
    fn read(&mut self, line: &str) -> io::Result<()> {
        if self.continue_document(line)? {
            return Ok(());
        }
        let mut read = None;
        if self.state.held.is_some() {
            match self.code_after_body(line)? {
                Held::Taken => return Ok(()),
                Held::Released(step) => read = Some(step),
            }
        }
        if self.state.inspected.is_some() && self.inspected_line(line)? {
            return Ok(());
        }
        if std::mem::take(&mut self.state.blank_after_status)
            && self.state.exchange.body.is_none()
            && looks_like_header(line)
        {
            // `Server: …` after a blank line after the status line: each line
            // of this transcript is followed by a blank one.
            self.state.double_spaced = true;
            self.state.in_headers = true;
        }
        match shapes::curl::marked(line) {
            Some(Marked::Info) => return self.stray_json(line),
            Some(Marked::Sent(rest)) => {
                if let Some((shown, request)) = shapes::request_line(rest, true) {
                    self.start_request(&shown, request)?;
                }
                return self.stray_json(rest);
            }
            Some(Marked::Received(rest)) => {
                if let Some(code) = shapes::status_line(rest) {
                    self.status_line(code)?;
                } else if rest.is_empty() {
                    self.state.exchange.headers_shown |= self.state.in_headers;
                    self.state.in_headers = false;
                } else {
                    self.header(rest);
                }
                return self.stray_json(rest);
            }
            None => {}
        }
        if let Some(code) = shapes::status_line(line) {
            self.status_line(code)?;
            if shapes::wget::indented(line) {
                // wget -S: indented headers, and no body unless asked for.
                self.state.indented_headers = true;
                self.state.exchange.body_hidden = true;
                self.state.exchange.body_hint = Some(shapes::wget::HIDDEN_BODY);
            }
            return self.stray_json(line);
        }
        if self.state.in_headers {
            if self.state.indented_headers && !line.starts_with(' ') {
                // wget's own next line ends the headers; it is not a body.
                self.state.in_headers = false;
                return Ok(());
            }
            if line.trim().is_empty() {
                if self.state.double_spaced {
                    self.state.blanks = self.state.blanks.saturating_add(1);
                    return Ok(());
                }
                // The header section was shown, to its end: a header not in it is missing.
                self.state.blank_after_status = !self.state.exchange.headers_shown;
                self.state.exchange.headers_shown = true;
                self.state.in_headers = false;
                return Ok(());
            }
            if std::mem::take(&mut self.state.blanks) >= 2 {
                // Double-spaced: two blank lines or more are the blank line that ends them.
                self.state.in_headers = false;
                return self.read(line);
            }
            // A body right after the status line, without the blank line, or
            // a client's own line (curl -f stops before the headers' end).
            let ends = line.trim_start().starts_with('{') || shapes::starts_record(line);
            if !ends {
                self.header(line.trim_start());
                return self.stray_json(line);
            }
            self.state.in_headers = false;
        }
        // A line that starts as JSON is no client's own line (most lines of a log).
        // (`[ResponseError: …] {` is Node's inspected error, not a JSON array.)
        let t = line.trim_start();
        let json_line = t.starts_with('{')
            || t.starts_with('[') && !t[1..].starts_with(|c: char| c.is_ascii_uppercase());
        if !json_line && self.client_line(line, read)? {
            return Ok(());
        }
        self.content(line)
    }

    /// A line after an error read with no status yet: the status it
    /// answers (`curl -w '%{http_code}'`, curl -f's error, an exception
    /// naming the status after the body was printed and a stack trace),
    /// a line of that stack trace to wait through, or anything else, which
    /// reports the error as it is. True when the line was taken.
    /// The line's first registry step is read once: when the line is not
    /// taken here, it is handed back for [`Scanner::client_line`].
    fn code_after_body<'l>(&mut self, line: &'l str) -> io::Result<Held<'l>> {
        let waited = self
            .state
            .held
            .as_ref()
            .map_or(0, |(_, at)| self.line_no - at);
        let read = match shapes::code_alone(line) {
            Some(code) => Some((usize::MAX, Step::CodeAlone(code))),
            None => shapes::first_shape(line, 0),
        };
        let sentence = match read {
            Some((_, Step::CodeAlone(code))) => Sentence {
                code,
                request: Named::Earlier,
                retry_after: None,
                body: Shown::Empty,
            },
            Some((_, Step::Sentence(sentence))) => sentence,
            read => {
                let t = line.trim_start();
                // pytest's `E   assert 404 == 200` lines are its traceback too.
                let pytest = line.starts_with("E ") && !line.contains('{');
                let frame = matches!(read, Some((_, Step::Frame)))
                    || t.len() < line.len() && !t.starts_with(['{', '['])
                    || t.is_empty()
                    || pytest;
                if frame && waited < MAX_WAIT {
                    return Ok(Held::Taken);
                }
                self.release()?;
                return Ok(Held::Released(read));
            }
        };
        if let Named::This(named) = sentence.request {
            let (shown, request) = named.unzip();
            self.state.exchange.request_line = shown.as_deref().map(clipped);
            self.state.exchange.request = request;
        }
        self.state.exchange.http = Some(sentence.code);
        self.state.exchange.body = Some(BodyKind::Envelope);
        self.release()?;
        match sentence.body {
            // The body again, as the exception tells it: the same error is not another.
            Shown::Text(text) => {
                self.state.reprinted = true;
                self.content(text)?;
            }
            Shown::Hidden(_) | Shown::Empty => self.finish_exchange()?,
        }
        Ok(Held::Taken)
    }

    /// A line of an inspected error object (see [`shapes::node`]): its
    /// properties go into the exchange; a `}` at the first column, or a
    /// line that is not the object's, ends it. True when the line was taken.
    fn inspected_line(&mut self, line: &str) -> io::Result<bool> {
        if let Some(taken) = node::ends_object(line) {
            self.end_inspected()?;
            return Ok(taken);
        }
        let status_known = self.state.exchange.http.is_some();
        let Some(inspected) = self.state.inspected.as_mut() else {
            return Ok(false);
        };
        match inspected.line(line, status_known) {
            node::Told::Nothing => {}
            node::Told::Status(code) => self.status_only(code, node::HIDDEN_BODY)?,
            node::Told::Header(name, value) => self.header(&format!("{name}: {value}")),
        }
        Ok(true)
    }

    /// The inspected object is over: the request it named, the body it
    /// showed, and the exchange is done.
    fn end_inspected(&mut self) -> io::Result<()> {
        let Some(inspected) = self.state.inspected.take() else {
            return Ok(());
        };
        let (named, body) = inspected.end();
        if self.state.exchange.request.is_none()
            && let Some((method, url)) = named
        {
            let (shown, request) = shapes::request_from(method.as_deref(), &url);
            self.state.exchange.request_line = request.is_some().then(|| clipped(&shown));
            self.state.exchange.request = request;
        }
        if let Some(body) = body {
            self.state.exchange.body_hidden = false;
            if body.is_empty() {
                self.state.exchange.body = Some(BodyKind::Empty);
            }
            for line in body.lines() {
                self.content(line)?;
            }
        }
        self.finish_exchange()
    }

    /// What other clients print around a response: the first shape of the
    /// registry that reads the line and whose step applies takes it.
    /// `read` is the line's first step, when it was read already.
    fn client_line<'l>(
        &mut self,
        line: &'l str,
        read: Option<Option<(usize, Step<'l>)>>,
    ) -> io::Result<bool> {
        let mut next = read.unwrap_or_else(|| shapes::first_shape(line, 0));
        while let Some((at, step)) = next {
            if self.apply(step)? {
                return Ok(true);
            }
            next = shapes::first_shape(line, at.saturating_add(1));
        }
        Ok(false)
    }

    /// Assembles what one line says into the exchange; false when the step
    /// does not fit the exchange as it stands (the line is read on).
    fn apply(&mut self, step: Step<'_>) -> io::Result<bool> {
        match step {
            Step::Request(shown, request) => self.start_request(&shown, request)?,
            Step::Chatter | Step::Frame => {}
            Step::Status(code) => {
                // wget -d repeats the status of the response it is reading.
                if self.state.exchange.http == Some(code) && self.state.exchange.body.is_none() {
                    return Ok(true);
                }
                self.status_line(code)?;
                self.state.in_headers = false;
            }
            Step::Headers(pairs) => {
                for (name, value) in pairs {
                    self.header(&format!("{name}: {value}"));
                }
            }
            Step::Body(body) => self.content(body)?,
            // openapi-generator's reason phrase, after `(429)`.
            Step::ReasonPhrase => {
                return Ok(self.state.exchange.http.is_some() && self.state.exchange.body.is_none());
            }
            Step::CodeAlone(code) => {
                // `curl -w '%{http_code}'` after a body that was not JSON, or after none.
                if self.state.loose_text {
                    self.next_response()?;
                    self.state.exchange.http = Some(code);
                    self.state.exchange.body = Some(BodyKind::Text);
                } else {
                    self.status_only(code, shapes::http::CODE_ALONE_HIDES)?;
                }
                self.finish_exchange()?;
            }
            Step::Record(fields) => self.logfmt(&fields)?,
            Step::Sentence(sentence) => self.sentence(sentence)?,
            Step::Inspected(told) => {
                self.end_inspected()?;
                if let Some(sentence) = told {
                    self.sentence(sentence)?;
                }
                self.state.inspected = Some(node::Inspected::default());
            }
        }
        Ok(true)
    }

    /// A failed response told in one line. The same response told again (a
    /// status line, then the client's error naming it) is one exchange.
    fn sentence(&mut self, sentence: Sentence<'_>) -> io::Result<()> {
        let Sentence {
            code,
            request,
            retry_after,
            body,
        } = sentence;
        let same = self.state.exchange.http == Some(code) && !self.state.exchange_reported;
        if !same {
            self.next_response()?;
            self.state.exchange.http = Some(code);
        }
        self.exchange_from.get_or_insert(self.line_no);
        if let Named::This(named) = request
            && (!same || self.state.exchange.request.is_none())
        {
            let (shown, request) = named.unzip();
            self.state.exchange.request_line = shown.as_deref().map(clipped);
            self.state.exchange.request = request;
        }
        if let Some(value) = retry_after {
            self.state.exchange.retry_after = Some(clipped(&value));
            self.state.exchange.headers_shown = true;
        }
        self.state.in_headers = false;
        match body {
            // `Content-Length: 0` shown before says the hidden body is empty.
            Shown::Hidden(_) if self.state.exchange.empty_length => {
                self.state.exchange.body.get_or_insert(BodyKind::Empty);
                Ok(())
            }
            Shown::Hidden(hint) => {
                if self.state.exchange.body.is_none() {
                    self.state.exchange.body_hidden = true;
                    self.state.exchange.body_hint = Some(hint);
                }
                Ok(())
            }
            Shown::Empty => {
                self.state.exchange.body = Some(BodyKind::Empty);
                self.finish_exchange()
            }
            Shown::Text(text) => self.content(text),
        }
    }

    /// A logfmt line naming a reason: one exchange of its own.
    fn logfmt(&mut self, fields: &[(&str, String)]) -> io::Result<()> {
        self.finish_exchange()?;
        let field = |keys: &[&str]| {
            fields
                .iter()
                .find(|(k, _)| keys.contains(k))
                .map(|(_, v)| v.clone())
        };
        let record = |want: RecordField| {
            fields
                .iter()
                .find(|(k, _)| record_field(k.as_bytes()) == Some(want))
                .map(|(_, v)| v.clone())
        };
        // Here `status` and `code` are the HTTP code too.
        self.state.exchange.http = record(RecordField::HttpCode)
            .or_else(|| field(&["status", "code"]))
            .and_then(|v| v.parse().ok())
            .filter(|c| (100..=599).contains(c));
        if let Some(url) = record(RecordField::Url) {
            let (shown, request) =
                shapes::request_from(record(RecordField::Method).as_deref(), &url);
            self.state.exchange.request = request;
            self.state.exchange.request_line = Some(clipped(&shown));
        }
        self.state.exchange.retry_after = record(RecordField::RetryAfter);
        self.state.exchange.headers_shown = self.state.exchange.retry_after.is_some();
        if field(&["reason"]).is_none() {
            self.state.exchange.body_hidden = true;
            self.state.exchange.body_hint = Some(shapes::logfmt::HIDDEN_BODY);
            return self.finish_exchange();
        }
        let envelope = Envelope {
            reason: field(&["reason"]).map(ReasonName::new),
            status: field(&["error_status", "grpc_status"]).map(StatusName::new),
            message: field(&["message", "error", "msg"]),
            request_id: record(RecordField::RequestId),
            ..Envelope::default()
        };
        self.state.exchange.body = Some(BodyKind::Envelope);
        self.emit(Found::Envelope(envelope))?;
        self.finish_exchange()
    }

    /// JSON in a line that is otherwise markup (a curl marker, a header).
    fn stray_json(&mut self, text: &str) -> io::Result<()> {
        self.feed_json(text).map(|_| ())
    }

    /// A body or log line.
    fn content(&mut self, line: &str) -> io::Result<()> {
        // `curl -s -w '%{http_code}'`: the body and its code on one line.
        if self.state.exchange.http.is_none()
            && let Some((body, code)) = shapes::trailing_code(line)
        {
            self.state.exchange.http = Some(code);
            self.feed_json(body)?;
            return self.finish_exchange();
        }
        let trimmed = shapes::trimmed(line);
        if self.state.exchange.body_hidden
            && self.state.exchange.body.is_none()
            && !trimmed.is_empty()
            && !trimmed.starts_with(['{', '[', '<'])
        {
            // The client hid the body: text after its line is the program's
            // own (an exception's fields), not a body.
            self.finish_exchange()?;
        }
        if self.feed_json(line)? {
            return Ok(());
        }
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(message) = trimmed.strip_prefix("curl: (") {
            return self.emit(Found::Transport(clipped(&format!("curl: ({message}"))));
        }
        if let Some(reason) = bare_reason(trimmed) {
            return self.emit(Found::BareReason(reason.to_owned()));
        }
        if trimmed.starts_with('<') {
            if let Some(title) = html_title(trimmed)
                .filter(|_| self.stats.html.as_ref().is_none_or(String::is_empty))
            {
                self.stats.html = Some(title);
            } else if self.stats.html.is_none()
                && (trimmed.to_ascii_lowercase().starts_with("<!doctype")
                    || trimmed.to_ascii_lowercase().starts_with("<html"))
            {
                self.stats.html = Some(String::new());
            }
        }
        if self.state.exchange.http.is_some() {
            self.state.body_text_seen = true;
            self.state.exchange.body.get_or_insert(BodyKind::Text);
        } else {
            self.state.loose_text = true;
        }
        Ok(())
    }

    /// Ends the input: the last line, an open exchange or document.
    /// Returns what the input looked like, and resets the scanner for another input.
    pub fn finish(&mut self) -> io::Result<Stats> {
        if !self.partial.is_empty() || self.oversized {
            self.end_line()?;
        }
        self.end_inspected()?;
        self.finish_exchange()?;
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
    use crate::diagnose::envelope::Envelope;

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
    fn events(input: &[u8], piece: usize, reference: bool, lean: bool) -> Vec<String> {
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
        ) {
            let input = lines.join("\n");
            prop_assert_eq!(
                events(input.as_bytes(), piece, false, lean),
                events(input.as_bytes(), piece, true, lean),
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
