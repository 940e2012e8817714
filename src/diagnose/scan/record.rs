//! The assembler: which lines make one failed call (a *record*), and what
//! each line adds to it. One rule, owned here; the shapes only say what a
//! line is ([`Step`]), and the reader only hands over lines.
//!
//! **Prefixes first.** Each line's time and level prefix is peeled
//! ([`prefix`]) before anything reads it: every shape reads a line the same
//! way with or without one (`2026-11-24T10:07:00Z ERROR level=error
//! status=401 reason=INVALID_CREDENTIALS …` is the logfmt record it holds).
//! A record's time is its first line's prefix, else its JSON record's
//! top-level time field, else one nested in it (a `Date` header).
//!
//! **What starts a record and closes the one open.**
//! * A line with a time prefix: a record with a time of its own. Three
//!   time-stamped lines with the same envelope are three errors. (Unless
//!   the open record's own lines are time-stamped, `docker logs
//!   --timestamps`, and this one is its header or body.)
//! * A request (`> POST …`, `POST /… HTTP/1.1`, wget's URL line).
//! * A status that answers no open request (a status line, `(429)`,
//!   `429 Too Many Requests`, `STATUS: 400`), except the real response
//!   after `100 Continue`.
//! * A JSON log record or HAR entry with an exchange of its own; a JSON log
//!   record (a time or level field of its own) even with no error; a logfmt
//!   line; a bare envelope at column 0 that the open record does not wait
//!   for as its body.
//! * A client's error line (an exception, `curl: (22) …`, an error object)
//!   that is not the open call's other view (below), and the stack trace
//!   printed before it (Python's `Traceback …`, Node's location line): the
//!   record starts at the trace.
//! * An error found after the open call's body was complete, unless it is
//!   the same error again (same reason, status and request ID: `curl
//!   --trace` and its stdout, an exception repeating the body).
//!
//! A new record starts from nothing: no status, request, header, request ID
//! or time is inherited across a closed record, however near. In the
//! issue's log, the envelope between two `POST …/calls -> 429 …;
//! retry-after=17` lines has no 429, request or Retry-After, and the envelope
//! after a finished curl exchange and an INFO line is alone, 5,000 lines on
//! or one.
//!
//! **What an open record takes.** After its request: request headers and
//! body, and its status. After its status: headers, then its body. A body
//! is complete when its JSON document closes, at `</html>`, at a client's
//! cut mark (`(truncated...)`), after `Content-Length` bytes (a raw gzip
//! body where its stream ends), or at once with `Content-Length: 0` (so an
//! empty 400 is an empty body whatever the log says next). Text after a
//! complete body on its line (`curl -si … >> log` writes no newline) is a
//! line of its own. A body whose `request_id` is not the response's
//! `X-Request-Id` is another call's. A client's line that names the status
//! at the end of its line or before a colon (`(POST …) 404`, `… response:`,
//! `curl: (22) …`) may be followed by the body (JSON or HTML, after blank
//! lines). A body read before any status (JSON, or an HTML page) waits
//! through a stack trace, at most [`MAX_WAIT`] lines, for the line that
//! names its status and shows no body of its own (`curl -w`'s code, the
//! exception after the traceback, which may print the same body again). A
//! time-stamped log line with no call of its own is completed by the client
//! line that follows it (a traceback's exception). Stack frames, blank
//! lines and clients' chatter continue a record; other text ends a record
//! whose response was complete.
//!
//! **Two views of one call are one error** only when they say so: the same
//! status code, the same request where both show one, the same request ID
//! where both show one, within [`MAX_WAIT`] lines with no other record
//! between, and never when each has a time of its own. Within a record, a
//! client's line naming the status of a response shown without its body
//! (`curl: (22) …` after curl -v's headers, wget's `ERROR 404` after wget
//! -S's) is its other view, once. Between records, a status-only record is
//! a *brief* view: of the record just before it (HTTPie's `warning: HTTP
//! 404` after the exchange it printed: said already), or held for the record
//! after it (the same warning printed before the exchange, a response hook's
//! `POST <url> - Status 404` before the exception for the same response).
//!
//! **Line numbers.** An error's `line` is where it ends: its body's last
//! line, or for a status without an error body the last line that told of
//! the response (its status line or headers, the exception). Its `from` is
//! the record's first line. Neither is ever a later record's line: the
//! Python traceback whose `HTTPError: 500 …` is on line 4 is lines 1–4.

use std::io;

use super::{Event, Exchange, Scanner, Sink, Skip, clipped, is_whole_document};
use crate::diagnose::envelope::{Envelope, Found, ReasonName, StatusName, call_key};
use crate::diagnose::json::{Finding, JsonEvent};
use crate::diagnose::prefix;
use crate::diagnose::shapes::curl::Marked;
use crate::diagnose::shapes::fields::{RecordField, record_field};
use crate::diagnose::shapes::{self, Named, Sentence, Shown, Step, node};
use crate::diagnose::stamp::value_time;
use crate::endpoint::Request;
use crate::request_path::path_of;
use crate::rules::BodyKind;

/// How far a record reaches for its other parts: the lines a body read
/// before its status waits through for it, a time-stamped line for the
/// call it logs, a brief view for the rest of its call.
pub(super) const MAX_WAIT: u64 = 40;

/// Where the open record is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Phase {
    /// No record is open.
    #[default]
    Idle,
    /// A time-stamped line with no call of its own yet.
    Stamped,
    /// A request, waiting for its response.
    Request,
    /// A status line, and its headers.
    Headers,
    /// Waiting for the body, or reading it. `strict`: the status came in a
    /// client's line, not a status line, so only a JSON or HTML body follows.
    Body { strict: bool },
    /// The response was shown whole (or as much as the client shows).
    Done,
    /// An error read before any status, waiting for the line that names it.
    Held,
}

/// How the open response's headers are laid out, and what they said of its body.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Framing {
    /// The headers are indented (wget -S): the first line that is not ends them.
    pub indented: bool,
    /// A blank line came right after the status line: if a header follows,
    /// the transcript is double-spaced (CRLF pasted into a terminal).
    pub blank_after_status: bool,
    /// The transcript is double-spaced: one blank line separates headers,
    /// more end them. How many blank lines came in a row.
    pub double_spaced: bool,
    pub blanks: u8,
    /// `Content-Length`, and the body's bytes read so far.
    pub length: Option<u64>,
    pub read: u64,
    /// `Content-Encoding: gzip` and `Transfer-Encoding: chunked` (a raw body needs undoing).
    pub gzip: bool,
    pub chunked: bool,
    /// Body text came before any JSON (media_stream's text, then its envelope).
    pub text: bool,
    /// The status came as a label (`STATUS       : 404`): fields and
    /// indented headers follow it until the body's label.
    pub labelled: bool,
}

/// The record being assembled.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Record {
    pub phase: Phase,
    pub exchange: Exchange,
    /// The line it started on (0: none open).
    pub first: u64,
    /// The last line that told of its response.
    pub told: u64,
    /// Its first line had a time prefix.
    pub stamped: bool,
    /// It began with its request: what it tells is of that request's
    /// response, never another view of an earlier call.
    pub requested: bool,
    /// A client's line told its status again (its one other view).
    pub viewed: bool,
    /// The error it reported last (the same error again is not another),
    /// and whether the JSON document it came from is still being read (two
    /// errors in one document are two).
    pub reported: Option<Found>,
    pub reported_here: bool,
    /// An error read before its status ([`Phase::Held`]), and its line.
    pub held: Option<(Found, u64)>,
    pub framing: Framing,
}

/// A record's call as another view of it would be compared with it: a
/// record that showed only its status (held for the record after it,
/// which may be the same call shown whole), or the last record shown whole
/// (which a status-only view after it may repeat).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Brief {
    pub exchange: Exchange,
    pub line: u64,
    pub from: u64,
    pub stamped: bool,
    /// Its record began with its request ([`Record::requested`]).
    pub requested: bool,
    /// Its request ID's key ([`Envelope::call`]; 0: none shown).
    pub id: u64,
}

impl Record {
    /// The key of the request ID it shows: its error's, else its
    /// `X-Request-Id` header's (0: none).
    fn id(&self, found: Option<&Found>) -> u64 {
        let sent = |found: Option<&Found>| match found {
            Some(Found::Envelope(envelope)) => envelope.call,
            _ => 0,
        };
        [sent(found), sent(self.reported.as_ref())]
            .into_iter()
            .find(|id| *id != 0)
            .or_else(|| self.exchange.x_request_id.as_deref().map(call_key))
            .unwrap_or(0)
    }

    /// Its call, as a view of it is compared with another.
    fn view(&self, found: Option<&Found>) -> Brief {
        Brief {
            exchange: self.exchange.clone(),
            line: self.told,
            from: self.first,
            stamped: self.stamped,
            requested: self.requested,
            id: self.id(found),
        }
    }
}

/// All the scanner carries from one line to the next: one value, so a
/// checkpoint *is* this state and cannot drift from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Assembly {
    pub record: Record,
    pub brief: Option<Brief>,
    /// The record closed last, when it told a status: a status-only record
    /// right after it may be its other view.
    pub shown: Option<Brief>,
    /// The properties of an inspected error object (Node) are being read.
    pub inspected: Option<node::Inspected>,
    /// Text outside any record (an HTML body before `curl -w`'s code): the
    /// lines its run began and last went on, and whether it began as an
    /// HTML page (a page the line naming its status follows is its body).
    pub loose: Option<(u64, u64)>,
    pub loose_page: bool,
    pub page_ended: bool,
    /// The first line of a stack trace outside any record: the exception
    /// that ends it starts its record there.
    pub lead: Option<u64>,
}

impl Assembly {
    /// Every line number it holds, mapped (a checkpoint counts them back
    /// from where it is taken).
    pub fn map_lines(&mut self, f: impl Fn(u64) -> u64) {
        let record = &mut self.record;
        if record.first != 0 {
            record.first = f(record.first);
            record.told = f(record.told);
        }
        if let Some((_, line)) = &mut record.held {
            *line = f(*line);
        }
        for brief in [&mut self.brief, &mut self.shown].into_iter().flatten() {
            (brief.line, brief.from) = (f(brief.line), f(brief.from));
        }
        if let Some((first, last)) = &mut self.loose {
            (*first, *last) = (f(*first), f(*last));
        }
        if let Some(lead) = &mut self.lead {
            *lead = f(*lead);
        }
    }
}

/// What became of a line read while an error waits for its status.
enum Held<'l> {
    Taken,
    /// Not the error's: it was reported, and the line's first registry step
    /// (if any) is for the rest of the reading.
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

/// A line of a stack trace or of the text around one, which a record waits
/// through: a frame, an indented line, pytest's `E   …`, a blank line.
fn frame_like(line: &str, read: Option<&Step>) -> bool {
    let t = line.trim_start();
    matches!(read, Some(Step::Frame | Step::TraceHead))
        || t.len() < line.len() && !t.starts_with(['{', '['])
        || t.is_empty()
        || line.starts_with("E ") && !line.contains('{')
}

/// Whether a line plainly begins a new record by its shape, so a JSON
/// document still open from earlier lines was cut off: a status line, a
/// curl marker or error, a JSON object at column 0, or a shape that starts
/// a record of its own. (A time-stamped line was seen to before.)
fn starts_new_record(line: &str) -> bool {
    [
        &b"HTTP/"[..],
        b"> ",
        b"< ",
        b"* ",
        b"curl: (",
        b"{\"",
        b"{'",
    ]
    .iter()
    .any(|p| line.as_bytes().starts_with(p))
        || shapes::starts_record(line)
}

/// Whether the text after a JSON document on the same line is another
/// record (`curl -s … >> log` writes no newline after a body): another
/// document right after it, a status line, a time-stamped line, or a
/// request line.
pub(super) fn glued_record(rest: &str) -> bool {
    let first = rest.as_bytes().first().copied();
    match first {
        Some(b'{') => true,
        Some(b'H') => shapes::status_line(rest).is_some(),
        Some(b'0'..=b'9' | b'[' | b'<') => prefix::peel(rest).stamp.is_some(),
        Some(b'A'..=b'Z') => {
            shapes::request_line(rest, false).is_some() || prefix::peel(rest).stamp.is_some()
        }
        _ => false,
    }
}

/// The path a request line names, as shown (IDs kept).
fn shown_path(line: &str) -> &str {
    path_of(line.split_whitespace().last().unwrap_or_default())
}

/// Whether two requests may be one: either is unknown, or the methods
/// (where both are shown) and the paths agree.
/// A chunk's size line in a chunked body: hex digits alone.
fn is_chunk_size(line: &str) -> bool {
    let size = line.trim();
    (1..=8).contains(&size.len()) && size.bytes().all(|b| b.is_ascii_hexdigit())
}

fn same_request(a: &Exchange, b_line: Option<&str>, b: Option<&Request>) -> bool {
    let (Some(a_line), Some(a), Some(b_line), Some(b)) =
        (a.request_line.as_deref(), a.request.as_ref(), b_line, b)
    else {
        return true;
    };
    let methods = match (&a.method, &b.method) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    methods && shown_path(a_line) == shown_path(b_line)
}

/// Whether two views are one call: the same status, the same request and
/// request ID where both show one, and not each with a time of its own.
fn one_call(a: &Brief, b: &Brief) -> bool {
    let (x, y) = (&a.exchange, &b.exchange);
    x.http.is_some()
        && x.http == y.http
        && !(a.stamped && b.stamped)
        && same_request(x, y.request_line.as_deref(), y.request.as_ref())
        && (a.id == b.id || a.id == 0 || b.id == 0)
}

impl<S: Sink> Scanner<S> {
    /// One line, as text, after its time and level prefix is peeled.
    pub(super) fn read(&mut self, raw: &str) -> io::Result<()> {
        let prefix = prefix::peel(raw);
        let line = &raw[prefix.len..];
        self.line_stamp = match self.entry_time.take() {
            Some(time) => Some(Some(time)),
            None => prefix.stamp.map(|stamp| stamp.resolve(self.now)),
        };
        if self.line_stamp.is_some() && !self.takes_stamped(line) {
            // A record with a time of its own.
            self.begin(Phase::Stamped)?;
        }
        self.expire()?;
        self.body_line(line)
    }

    /// Whether the open record takes a time-stamped line as its own: its
    /// own lines are time-stamped (`docker logs --timestamps`) and it is
    /// reading its exchange, or the line is another view of an unstamped
    /// record's call (wget's `2026-11-24 10:00:00 ERROR 404: Not Found.`).
    fn takes_stamped(&self, line: &str) -> bool {
        let record = &self.state.record;
        match record.phase {
            Phase::Request | Phase::Headers | Phase::Body { strict: false } if record.stamped => {
                true
            }
            Phase::Headers | Phase::Body { .. } | Phase::Done if !record.stamped => {
                matches!(
                    shapes::first_shape(line, 0),
                    Some((_, Step::Sentence(sentence))) if self.second_view(&sentence)
                )
            }
            _ => false,
        }
    }

    /// Lets go of what waited too long: a brief view whose call did not
    /// come, a time-stamped line whose call did not come.
    fn expire(&mut self) -> io::Result<()> {
        let now = self.line_no;
        if self.state.record.phase == Phase::Stamped && now > self.state.record.first + MAX_WAIT {
            self.state.record = Record::default();
        }
        if let Some(brief) = &self.state.brief
            && now > brief.line + MAX_WAIT
        {
            // The call it waits for began in time: it goes out with it, however
            // long that call's record (a HAR document after it) keeps it open.
            let record = &self.state.record;
            let begun = record.first > brief.line
                && record.first <= brief.line + MAX_WAIT
                && one_call(brief, &record.view(None));
            if !begun {
                self.flush_brief()?;
            }
        }
        Ok(())
    }

    /// One line's message.
    fn body_line(&mut self, line: &str) -> io::Result<()> {
        // Most lines of a JSON log: a document from the first byte. Outside
        // an exchange that expects it, only the JSON reader reads it.
        if line.starts_with("{\"")
            && !self.json.in_document()
            && !matches!(
                self.state.record.phase,
                Phase::Request | Phase::Headers | Phase::Body { .. }
            )
        {
            let record = &self.state.record;
            // A held body's wait is over; a log line's message is not this
            // (a JSON object at column 0 is a record of its own).
            let stamped_before = record.phase == Phase::Stamped && record.first < self.line_no;
            if record.phase == Phase::Held || stamped_before {
                self.close()?;
            }
            return self.content(line);
        }
        if self.json.in_document() {
            let record = &self.state.record;
            // A chunked body shown raw (lynx -mime_header): the chunk sizes
            // between its pieces are no part of it.
            if record.framing.chunked
                && matches!(record.phase, Phase::Body { .. })
                && is_chunk_size(line)
            {
                return Ok(());
            }
            // A body dumped over several labelled lines (`BODY: …`) goes on.
            let rest = match self.state.record.phase {
                Phase::Body { .. } => shapes::labelled::body(line).unwrap_or(line),
                _ => line,
            };
            if self.continue_document(rest)? {
                return Ok(());
            }
        }
        let mut read = None;
        if self.state.record.phase == Phase::Held {
            match self.held_line(line)? {
                Held::Taken => return Ok(()),
                Held::Released(step) => read = Some(step),
            }
        }
        if self.state.inspected.is_some() && self.inspected_line(line)? {
            return Ok(());
        }
        let framing = &mut self.state.record.framing;
        if std::mem::take(&mut framing.blank_after_status)
            && self.state.record.exchange.body.is_none()
            && looks_like_header(line)
        {
            // `Server: …` after a blank line after the status line: each line
            // of this transcript is followed by a blank one.
            self.state.record.framing.double_spaced = true;
            self.state.record.phase = Phase::Headers;
        }
        match shapes::curl::marked(line) {
            Some(Marked::Info) => {
                // Hurl's `* curl --request POST '…'`: the request to come.
                if let Some((method, url)) = shapes::curl::command(line) {
                    let (shown, request) = shapes::request_from(method, url);
                    if let Some(request) = request {
                        self.start_request(&shown, request)?;
                    }
                }
                return self.stray_json(line);
            }
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
                    if self.state.record.phase == Phase::Headers {
                        self.end_headers();
                    }
                } else if self.state.record.exchange.http.is_some() {
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
                let record = &mut self.state.record;
                record.framing.indented = true;
                record.exchange.body_hidden = true;
                record.exchange.body_hint = Some(shapes::wget::HIDDEN_BODY);
            }
            return self.stray_json(line);
        }
        if self.state.record.phase == Phase::Headers && self.header_line(line)? {
            return Ok(());
        }
        let record = &self.state.record;
        if record.framing.labelled && record.phase == (Phase::Body { strict: true }) {
            match shapes::labelled::field(line) {
                Some(shapes::labelled::Field::Header(header)) => {
                    self.header(header);
                    self.state.record.exchange.headers_shown = true;
                    return Ok(());
                }
                Some(shapes::labelled::Field::Other) => return Ok(()),
                None => {}
            }
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

    /// A line while the headers are read; true when taken.
    fn header_line(&mut self, line: &str) -> io::Result<bool> {
        let framing = &mut self.state.record.framing;
        if framing.indented && !line.starts_with(' ') {
            // wget's own next line ends the headers; it is not a body.
            self.state.record.phase = Phase::Done;
            return Ok(false);
        }
        if line.trim().is_empty() {
            if framing.double_spaced {
                framing.blanks = framing.blanks.saturating_add(1);
                return Ok(true);
            }
            // The header section was shown, to its end: a header not in it is missing.
            framing.blank_after_status = !self.state.record.exchange.headers_shown;
            self.end_headers();
            return Ok(true);
        }
        if std::mem::take(&mut framing.blanks) >= 2 {
            // Double-spaced: two blank lines or more are the blank line that ends them.
            self.end_headers();
            return Ok(false);
        }
        // A body right after the status line, without the blank line, or a
        // client's own line (curl -f stops before the headers' end).
        if line.trim_start().starts_with('{') || shapes::starts_record(line) {
            self.state.record.phase = Phase::Body { strict: false };
            return Ok(false);
        }
        self.header(line.trim_start());
        self.stray_json(line)?;
        Ok(true)
    }

    /// The headers were shown to their end: the body comes next, unless they
    /// said it is empty.
    pub(super) fn end_headers(&mut self) {
        let record = &mut self.state.record;
        record.exchange.headers_shown = true;
        record.phase = match record.framing.length {
            Some(0) => {
                record.exchange.body.get_or_insert(BodyKind::Empty);
                Phase::Done
            }
            _ => Phase::Body { strict: false },
        };
    }

    fn header(&mut self, line: &str) {
        let Some((name, value)) = line.split_once(':') else {
            return;
        };
        let record = &mut self.state.record;
        let (name, value) = (name.trim(), clipped(value.trim()));
        record.exchange.headers_shown = true;
        record.told = self.line_no;
        if name.eq_ignore_ascii_case("retry-after") {
            record.exchange.retry_after = Some(value);
        } else if name.eq_ignore_ascii_case("x-request-id") {
            record.exchange.x_request_id = Some(value);
        } else if name.eq_ignore_ascii_case("content-encoding") {
            record.framing.gzip = value.eq_ignore_ascii_case("gzip");
        } else if name.eq_ignore_ascii_case("content-length") {
            record.framing.length = value.parse().ok();
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            record.framing.chunked = value.eq_ignore_ascii_case("chunked");
        }
    }

    /// Starts a record in `phase` at this line, closing the one open; a
    /// time-stamped line's own record (begun on this line) goes on instead.
    pub(super) fn begin(&mut self, phase: Phase) -> io::Result<()> {
        self.begin_at(phase, self.line_no)
    }

    fn begin_at(&mut self, phase: Phase, first: u64) -> io::Result<()> {
        let record = &self.state.record;
        let own_line = record.phase == Phase::Stamped && record.first == self.line_no;
        if !own_line {
            self.close()?;
            let stamp = self.line_stamp.filter(|_| first == self.line_no);
            self.state.record = Record {
                first,
                told: first,
                stamped: stamp.is_some(),
                exchange: Exchange {
                    time: stamp.flatten(),
                    ..Exchange::default()
                },
                ..Record::default()
            };
            self.state.loose = None;
            self.state.loose_page = false;
            self.state.page_ended = false;
            self.state.lead = None;
        }
        self.state.record.phase = phase;
        Ok(())
    }

    /// Starts a record with a client's exception or error line: at the
    /// stack trace just before it, if any.
    fn begin_exception(&mut self) -> io::Result<()> {
        let first = match self.state.record.phase {
            Phase::Idle => self.state.lead.unwrap_or(self.line_no),
            _ => self.line_no,
        };
        self.begin_at(Phase::Done, first)
    }

    /// Ends the open record: what it still owes is reported (an error held
    /// for its status, a status with no error). A record that showed only
    /// its status becomes the brief view the next record may complete.
    pub(super) fn close(&mut self) -> io::Result<()> {
        // Nothing open: closing changes nothing. (Each line of a JSON log
        // closes twice: the record it ends, then the idle one its error
        // begins a record from.)
        if self.state.inspected.is_none()
            && self.gzip_body.is_none()
            && !self.json.open()
            && self.state.record.first == 0
            && self.state.record == Record::default()
        {
            return Ok(());
        }
        self.end_inspected()?;
        if let Some(body) = self.gzip_body.take() {
            self.read_body(&body.finish())?;
        }
        self.abandon_document(Skip::Truncated)?;
        if let Some((found, line)) = self.state.record.held.take() {
            self.emit_at(found, line)?;
        }
        let record = &mut self.state.record;
        if let Some(http) = record.exchange.http.filter(|h| *h >= 200)
            && record.reported.is_none()
        {
            if record.exchange.body.is_none() && record.exchange.body_hidden {
                let brief = std::mem::take(record).view(None);
                let repeats = !brief.requested
                    && self.state.shown.as_ref().is_some_and(|shown| {
                        brief.from <= shown.line + MAX_WAIT && one_call(shown, &brief)
                    });
                // A status-only view of the call just shown whole (`curl:
                // (22)`, wget's `ERROR 404` after the exchange): said already.
                // One after a request of its own (xh's warning) is that request's.
                if !repeats {
                    self.state.shown = None;
                    self.hold_brief(brief)?;
                }
                return Ok(());
            } else {
                let body = *record.exchange.body.get_or_insert(BodyKind::Empty);
                if http >= 400 || matches!(body, BodyKind::Empty | BodyKind::EmptyObject) {
                    let told = record.told;
                    self.emit_at(Found::NoEnvelope, told)?;
                }
            }
        }
        // A record came between a brief view and whatever follows: it is alone.
        let record = &mut self.state.record;
        if record.first != 0
            && record.reported.is_none()
            && self
                .state
                .brief
                .as_ref()
                .is_some_and(|b| record.first > b.line)
        {
            self.flush_brief()?;
        }
        let record = std::mem::take(&mut self.state.record);
        if record.first != 0 {
            self.state.shown = record.exchange.http.map(|_| record.view(None));
        }
        Ok(())
    }

    /// Keeps a status-only record as the brief view of its call; a brief
    /// view before it of the same call is the same view again.
    fn hold_brief(&mut self, mut brief: Brief) -> io::Result<()> {
        if let Some(older) = self.state.brief.take() {
            // (Two lines that show a status and nothing else, `404` twice,
            // are two calls: only a request or request ID shown by both says
            // they are one.)
            let said = older.id != 0 && brief.id != 0
                || older.exchange.request.is_some() && brief.exchange.request.is_some();
            if said && one_call(&older, &brief) {
                brief.from = older.from;
            } else {
                self.emit_brief(older)?;
            }
        }
        self.state.brief = Some(brief);
        Ok(())
    }

    fn emit_brief(&mut self, brief: Brief) -> io::Result<()> {
        self.reported += 1;
        self.sink.event(Event::Error {
            found: Found::StatusOnly,
            exchange: &brief.exchange,
            line: brief.line,
            from: brief.from,
        })
    }

    /// Reports the brief view, unless this line may begin its other view.
    pub(super) fn flush_brief(&mut self) -> io::Result<()> {
        match self.state.brief.take() {
            Some(brief) => self.emit_brief(brief),
            None => Ok(()),
        }
    }

    /// Reports an error on the current line.
    pub(super) fn emit(&mut self, found: Found) -> io::Result<()> {
        let line = self.line_no;
        self.emit_at(found, line)
    }

    /// Reports an error of the open record, ending on `line`. The same error
    /// again in one record is one error; a brief view of the same call is
    /// this record's, else it is reported first.
    fn emit_at(&mut self, found: Found, line: u64) -> io::Result<()> {
        let record = &self.state.record;
        if !record.reported_here
            && record
                .reported
                .as_ref()
                .is_some_and(|r| r.same_call(&found))
        {
            return Ok(());
        }
        if let Some(brief) = self.state.brief.take() {
            if one_call(&brief, &self.state.record.view(Some(&found))) {
                let record = &mut self.state.record;
                record.first = record.first.min(brief.from);
                // A request, its status told (xh's warning between them),
                // then the response: the request is the response's.
                if brief.requested && record.exchange.request.is_none() {
                    record.exchange.request_line = brief.exchange.request_line;
                    record.exchange.request = brief.exchange.request;
                }
            } else {
                self.emit_brief(brief)?;
            }
        }
        let record = &mut self.state.record;
        record.reported = Some(found.clone());
        self.reported += 1;
        let from = if record.first == 0 || record.first > line {
            line
        } else {
            record.first
        };
        self.sink.event(Event::Error {
            found,
            exchange: &record.exchange,
            line,
            from,
        })
    }

    /// Reports an error found in a log record or HAR entry: a record of its
    /// own, with the exchange it describes.
    fn record_of_its_own(&mut self, finding: Finding) -> io::Result<()> {
        let context = finding.context.map(|c| *c).unwrap_or_default();
        let context_closed = context.closed;
        let first = context.opened.max(finding.started);
        self.begin_at(Phase::Done, first.min(self.line_no))?;
        let (shown, request) = match &context.url {
            Some(url) => {
                let (shown, request) = shapes::request_from(context.method.as_deref(), url);
                (Some(shown), request)
            }
            None => (None, None),
        };
        let body = match finding.found {
            Found::NoEnvelope => context.body.unwrap_or(BodyKind::Empty),
            _ => BodyKind::Envelope,
        };
        let record = &mut self.state.record;
        let time = record.exchange.time.or(finding.time);
        record.exchange = Exchange {
            request_line: shown.filter(|_| request.is_some()).map(|s| clipped(&s)),
            request,
            http: context.http,
            retry_after: context.retry_after,
            x_request_id: context.request_id,
            body: Some(body),
            headers_shown: context.headers_shown,
            time,
            ..Exchange::default()
        };
        // (A HAR entry of a pretty-printed file ends where its object closes.)
        let line = match context_closed {
            0 => self.line_no,
            closed => closed.min(self.line_no),
        };
        self.emit_at(finding.found, line)?;
        self.close()
    }

    /// A JSON log record (a time or level field of its own) is a record of
    /// its own: not the body an open record waits for, nor a part of it.
    fn log_record(&mut self) -> io::Result<()> {
        if self.state.record.phase != Phase::Idle {
            self.close()?;
            // It comes between that record and the next: they are not one call.
            self.state.shown = None;
            self.flush_brief()?;
        }
        Ok(())
    }

    /// An error found in a line (JSON, a bare reason, curl's own error),
    /// not in a record of its own: the open record's body, the same error
    /// again, or the start of a record.
    fn found(&mut self, found: Found, started: u64, time: Option<i64>) -> io::Result<()> {
        let record = &mut self.state.record;
        record.exchange.time = record.exchange.time.or(time);
        // A body whose request ID is not the response's is another call's.
        let header_id = record.exchange.x_request_id.as_deref().map_or(0, call_key);
        let body_id = record.id(Some(&found));
        let others = header_id != 0 && body_id != header_id;
        match record.phase {
            Phase::Headers | Phase::Body { .. } if !others => {
                record.phase = Phase::Body { strict: false };
                record.told = self.line_no;
                record.exchange.body = Some(match record.framing.text {
                    true => BodyKind::TextThenEnvelope,
                    false => BodyKind::Envelope,
                });
                self.emit(found)?;
                self.state.record.reported_here = true;
                Ok(())
            }
            Phase::Done
                if !record.reported_here
                    && record
                        .reported
                        .as_ref()
                        .is_some_and(|r| r.same_call(&found)) =>
            {
                Ok(())
            }
            Phase::Request | Phase::Stamped => {
                record.held = Some((found, self.line_no));
                record.phase = Phase::Held;
                Ok(())
            }
            Phase::Headers | Phase::Body { .. } | Phase::Done | Phase::Held | Phase::Idle => {
                self.begin_at(Phase::Held, started.min(self.line_no))?;
                let record = &mut self.state.record;
                record.exchange.time = record.exchange.time.or(time);
                record.held = Some((found, self.line_no));
                Ok(())
            }
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
        if let Some((found, line)) = self.state.record.held.take() {
            self.emit_at(found, line)?;
            self.state.record.phase = Phase::Done;
        }
        self.flush_brief()
    }

    /// Reads a whole body (decompressed or de-chunked) as body lines.
    pub(super) fn read_body(&mut self, body: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(body);
        for line in text.lines() {
            self.content(line)?;
        }
        Ok(())
    }

    /// What the JSON reader reports, in terms of the record.
    fn json_event(&mut self, event: JsonEvent, cut: Skip) -> io::Result<()> {
        match event {
            JsonEvent::Found(finding) if finding.context.is_some() => {
                self.record_of_its_own(finding)
            }
            JsonEvent::Found(finding) => {
                if finding.logged {
                    self.log_record()?;
                }
                self.found(finding.found, finding.started, finding.time)
            }
            JsonEvent::Closed {
                empty_object,
                errors,
                logged,
            } => {
                if logged {
                    self.log_record()?;
                }
                let record = &mut self.state.record;
                record.reported_here = false;
                if matches!(record.phase, Phase::Headers | Phase::Body { .. }) {
                    // The body was this document: it is complete.
                    if errors == 0 {
                        record.exchange.body = Some(if empty_object {
                            BodyKind::EmptyObject
                        } else {
                            record.exchange.body.unwrap_or(BodyKind::Text)
                        });
                    }
                    record.told = self.line_no;
                    record.phase = Phase::Done;
                }
                Ok(())
            }
            JsonEvent::Cut { line } => {
                self.state.record.reported_here = false;
                self.sink.event(Event::Skipped { line, why: cut })
            }
        }
    }

    /// Reads the JSON in `text` (continuing an open document); says whether
    /// it held any, and where another record glued to it begins.
    fn feed_json(&mut self, text: &str) -> io::Result<crate::diagnose::json::Fed> {
        let mut json = std::mem::take(&mut self.json);
        let line = self.line_no;
        // A response's body is all a client prints of it: what follows it
        // on its line was printed next (`curl -w`'s code, the next call),
        // but the quote or bracket around a body a sentence shows.
        let until = match self.state.record.phase {
            Phase::Headers | Phase::Body { .. } => |rest: &str| {
                rest.trim_start()
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || "<{[*=".contains(c))
            },
            _ => glued_record,
        };
        let result = json.feed_line(text, line, until, &mut |event| {
            self.json_event(event, Skip::Truncated)
        });
        self.json = json;
        result
    }

    /// Gives up a JSON document still open from earlier lines.
    pub(super) fn abandon_document(&mut self, why: Skip) -> io::Result<()> {
        // (The reader is moved out only when there is something to give up.)
        if !self.json.open() {
            return Ok(());
        }
        let mut json = std::mem::take(&mut self.json);
        let result = json.abandon(&mut |event| self.json_event(event, why));
        self.json = json;
        result
    }

    /// Continues a multi-line JSON document; true when the line was consumed.
    /// A line that plainly starts a new record ends the document as cut off.
    fn continue_document(&mut self, line: &str) -> io::Result<bool> {
        if self.json.document_bytes + line.len() as u64 > super::MAX_DOCUMENT as u64 {
            self.abandon_document(Skip::TooLarge)?;
            return Ok(false);
        }
        if starts_new_record(line) || !self.json.continues(line.as_bytes()) {
            self.abandon_document(Skip::Truncated)?;
            return Ok(false);
        }
        // (A body's last line is where its document closes.)
        self.feed_json(line)?;
        Ok(true)
    }

    /// A new request (`> POST …`, a bare request line, a traced one): a new record.
    pub(super) fn start_request(&mut self, shown: &str, request: Request) -> io::Result<()> {
        self.begin(Phase::Request)?;
        self.state.record.requested = true;
        let exchange = &mut self.state.record.exchange;
        exchange.request_line = Some(clipped(shown));
        exchange.request = Some(request);
        Ok(())
    }

    /// A status line: the response to the open request, the real one after
    /// `100 Continue`, or a new record.
    fn status_line(&mut self, code: u16) -> io::Result<()> {
        let record = &self.state.record;
        // A `100 Continue` is followed by the real response.
        let continuing = record
            .exchange
            .http
            .is_some_and(|h| (100..200).contains(&h));
        if !continuing && record.phase != Phase::Request {
            self.begin(Phase::Headers)?;
        }
        let record = &mut self.state.record;
        record.phase = Phase::Headers;
        record.framing = Framing::default();
        record.exchange.http = Some(code);
        record.told = self.line_no;
        record.framing.blank_after_status = false;
        Ok(())
    }

    /// A response known by a client's line that names its status: the open
    /// request's, or a new record's.
    fn client_status(&mut self, code: u16) -> io::Result<()> {
        if self.state.record.phase != Phase::Request {
            self.begin(Phase::Body { strict: true })?;
        }
        let record = &mut self.state.record;
        record.phase = Phase::Body { strict: true };
        record.exchange.http = Some(code);
        record.told = self.line_no;
        Ok(())
    }

    /// A line after an error read with no status yet: the status it
    /// answers (`curl -w '%{http_code}'`, curl -f's error, an exception
    /// naming the status after the body was printed and a stack trace),
    /// a line of that stack trace to wait through, or anything else, which
    /// reports the error as it is. The line's first registry step is read
    /// once: when the line is not taken here, it is handed back.
    fn held_line<'l>(&mut self, line: &'l str) -> io::Result<Held<'l>> {
        let waited = self
            .state
            .record
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
            Some((_, Step::Sentence(sentence))) if self.names_held(&sentence) => sentence,
            read => {
                let step = read.as_ref().map(|(_, step)| step);
                if frame_like(line, step) && waited < MAX_WAIT {
                    // The stack trace of the exception that names the held
                    // error's status, or of the next record's.
                    if step == Some(&Step::TraceHead) {
                        self.state.lead = Some(self.line_no);
                    }
                    return Ok(Held::Taken);
                }
                self.close()?;
                return Ok(Held::Released(read));
            }
        };
        let record = &mut self.state.record;
        if let Named::This(Some((shown, request))) = sentence.request
            && record.exchange.request.is_none()
        {
            record.exchange.request_line = Some(clipped(&shown));
            record.exchange.request = Some(request);
        }
        record.exchange.http = Some(sentence.code);
        record.exchange.body = Some(BodyKind::Envelope);
        record.phase = Phase::Done;
        self.state.lead = None;
        if let Some((found, at)) = record.held.take() {
            self.emit_at(found, at)?;
        }
        // The body again, as the exception tells it: the same error is not another.
        if let Some(text) = sentence.body.text() {
            self.content(text)?;
        }
        Ok(Held::Taken)
    }

    /// Whether a sentence names the held error's status: it shows no body
    /// (and none is to follow it: that body would be its own), or shows the
    /// same error again.
    fn names_held(&self, sentence: &Sentence) -> bool {
        // Its code is the one the held error's status stands for (a 404
        // after an INTERNAL body is another call's).
        let fits = |held: &Found| match held {
            Found::Envelope(envelope) => envelope
                .status
                .as_ref()
                .and_then(StatusName::status)
                .is_none_or(|status| status.http() == sentence.code),
            _ => true,
        };
        if !self
            .state
            .record
            .held
            .as_ref()
            .is_none_or(|(held, _)| fits(held))
        {
            return false;
        }
        match (&sentence.body, &self.state.record.held) {
            (Shown::Next(_), _) => false,
            (body, Some((held, _))) if body.text().is_some() => {
                self.shows_only(body.text().unwrap_or_default(), held)
            }
            (body, _) => body.text().is_none(),
        }
    }

    /// Whether `text` shows `error` and no other error.
    fn shows_only(&self, text: &str, error: &Found) -> bool {
        let errors = self.errors_in(text);
        !errors.is_empty() && errors.iter().all(|e| e.same_call(error))
    }

    /// The errors `text` holds (a body a client's line shows).
    fn errors_in(&self, text: &str) -> Vec<Found> {
        let mut reader = self.json.fresh();
        let mut errors = Vec::new();
        let mut collect = |event| {
            if let JsonEvent::Found(finding) = event {
                errors.push(finding.found);
            }
            Ok(())
        };
        let read = reader
            .feed_line(text, 0, |_| false, &mut collect)
            .and_then(|_| reader.abandon(&mut collect));
        if read.is_err() {
            errors.clear();
        }
        errors
    }

    /// A line of an inspected error object (see [`shapes::node`]): its
    /// properties go into the record; a `}` at the first column, or a line
    /// that is not the object's, ends it. True when the line was taken.
    fn inspected_line(&mut self, line: &str) -> io::Result<bool> {
        if let Some(taken) = node::ends_object(line) {
            self.end_inspected()?;
            self.close()?;
            return Ok(taken);
        }
        let status_known = self.state.record.exchange.http.is_some();
        let Some(inspected) = self.state.inspected.as_mut() else {
            return Ok(false);
        };
        match inspected.line(line, status_known) {
            node::Told::Nothing => {}
            node::Told::Status(code) => {
                let exchange = &mut self.state.record.exchange;
                exchange.http = Some(code);
                exchange.body_hidden = true;
                exchange.body_hint = Some(node::HIDDEN_BODY);
                self.state.record.told = self.line_no;
            }
            node::Told::Header(name, value) => self.header(&format!("{name}: {value}")),
        }
        Ok(true)
    }

    /// The inspected object is over: the request it named and the body it
    /// showed are the record's.
    fn end_inspected(&mut self) -> io::Result<()> {
        let Some(inspected) = self.state.inspected.take() else {
            return Ok(());
        };
        let (named, body) = inspected.end();
        let record = &mut self.state.record;
        record.told = self.line_no;
        if record.exchange.request.is_none()
            && let Some((method, url)) = named
        {
            let (shown, request) = shapes::request_from(method.as_deref(), &url);
            record.exchange.request_line = request.is_some().then(|| clipped(&shown));
            record.exchange.request = request;
        }
        if let Some(body) = body {
            record.exchange.body_hidden = false;
            record.phase = Phase::Body { strict: false };
            if body.is_empty() {
                record.exchange.body = Some(BodyKind::Empty);
            }
            for line in body.lines() {
                self.content(line)?;
            }
        }
        self.state.record.phase = Phase::Done;
        Ok(())
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

    /// Assembles what one line says into the record; false when the step
    /// does not fit it as it stands (the line is read on).
    fn apply(&mut self, step: Step<'_>) -> io::Result<bool> {
        let phase = self.state.record.phase;
        match step {
            Step::Request(shown, request) => self.start_request(&shown, request)?,
            Step::Chatter => {}
            Step::Frame => {
                // A stack trace after the line that named the status, or
                // after a page it printed: the body is over, or none follows.
                let record = &mut self.state.record;
                if phase == (Phase::Body { strict: true })
                    || matches!(phase, Phase::Body { .. }) && record.framing.text
                {
                    record.phase = Phase::Done;
                }
            }
            Step::TraceHead => match phase {
                // The trace of an exception to come: the call before is over.
                Phase::Done | Phase::Body { .. } => {
                    self.close()?;
                    self.state.lead = Some(self.line_no);
                }
                Phase::Idle => self.state.lead = Some(self.line_no),
                _ => {}
            },
            Step::Status(code) => {
                let record = &self.state.record;
                // wget -d repeats the status of the response it is reading
                // (after its headers, which may have said the body is empty).
                let reading = !record.viewed
                    && match phase {
                        Phase::Headers | Phase::Body { .. } => record.exchange.body.is_none(),
                        Phase::Done => record.framing.length == Some(0),
                        _ => false,
                    };
                if reading && record.exchange.http == Some(code) && record.reported.is_none() {
                    return Ok(true);
                }
                self.client_status(code)?;
                self.state.record.framing = Framing {
                    labelled: true,
                    ..Framing::default()
                };
            }
            Step::Headers(pairs) => {
                if self.state.record.exchange.http.is_none() {
                    return Ok(false);
                }
                for (name, value) in pairs {
                    self.header(&format!("{name}: {value}"));
                }
            }
            Step::Body(body) => {
                let record = &mut self.state.record;
                if record.exchange.http.is_none() {
                    return Ok(false);
                }
                // `Content-Length: 0` said so: what the client prints
                // there (go-resty's "Unable to format") is its own.
                if record.framing.length == Some(0) {
                    record.exchange.body.get_or_insert(BodyKind::Empty);
                    record.phase = Phase::Done;
                    return Ok(true);
                }
                record.phase = Phase::Body { strict: false };
                self.content(body)?;
            }
            // openapi-generator's reason phrase, after `(429)`.
            Step::ReasonPhrase => {
                let exchange = &self.state.record.exchange;
                return Ok(exchange.http.is_some() && exchange.body.is_none());
            }
            Step::CodeAlone(code) => self.code_alone(code)?,
            Step::Record(fields) => self.logfmt(&fields)?,
            Step::Sentence(sentence) => self.sentence(sentence)?,
            Step::Inspected(told) => {
                match told {
                    Some(sentence) => self.sentence(sentence)?,
                    None if phase == Phase::Stamped => {}
                    None => self.begin_exception()?,
                }
                self.state.inspected = Some(node::Inspected::default());
            }
        }
        Ok(true)
    }

    /// `curl -w '%{http_code}'`: the code of the body just shown, or of none.
    fn code_alone(&mut self, code: u16) -> io::Result<()> {
        let record = &self.state.record;
        if matches!(record.phase, Phase::Done | Phase::Body { .. })
            && record.exchange.http == Some(code)
        {
            // The code again, after its exchange (`curl -si -w …`).
            return Ok(());
        }
        if record.phase == Phase::Request {
            // The open request's answer, and all of it that is shown.
            let exchange = &mut self.state.record.exchange;
            exchange.http = Some(code);
            exchange.body_hidden = true;
            exchange.body_hint = Some(shapes::http::CODE_ALONE_HIDES);
            self.state.record.told = self.line_no;
            return self.close();
        }
        let loose = self.state.loose.filter(|_| record.phase == Phase::Idle);
        match loose {
            Some((first, _)) => {
                // After a body that was not JSON.
                self.begin_at(Phase::Done, first)?;
                let exchange = &mut self.state.record.exchange;
                exchange.http = Some(code);
                exchange.body = Some(BodyKind::Text);
            }
            None => {
                self.begin(Phase::Done)?;
                let exchange = &mut self.state.record.exchange;
                exchange.http = Some(code);
                exchange.body_hidden = true;
                exchange.body_hint = Some(shapes::http::CODE_ALONE_HIDES);
            }
        }
        self.state.record.told = self.line_no;
        self.close()
    }

    /// Whether a sentence is another view of the open record's call: the
    /// same status and request, and no error of its own.
    fn second_view(&self, sentence: &Sentence) -> bool {
        let record = &self.state.record;
        let request = match &sentence.request {
            Named::This(Some((shown, request))) => (Some(shown.as_str()), Some(request)),
            _ => (None, None),
        };
        // Told again once the body was shown, it may be another call's line;
        // a status told twice with nothing else is two calls' as much as one's.
        record.exchange.body.is_none()
            && !record.viewed
            && (record.exchange.headers_shown || record.requested)
            && record.exchange.http == Some(sentence.code)
            && same_request(&record.exchange, request.0, request.1)
            && sentence.body.text().is_none_or(|text| {
                // The body it shows is this call's: its request ID is the response's.
                let header_id = record.exchange.x_request_id.as_deref().map_or(0, call_key);
                self.errors_in(text).iter().all(|error| {
                    let id = record.id(Some(error));
                    header_id == 0 || id == header_id
                })
            })
    }

    /// A failed response told in one line: the call of the time-stamped
    /// line before it, the open request's response, another view of the
    /// open call, or a record of its own.
    fn sentence(&mut self, sentence: Sentence<'_>) -> io::Result<()> {
        let record = &self.state.record;
        let joins = match record.phase {
            Phase::Stamped => true,
            Phase::Request => match &sentence.request {
                Named::This(Some((shown, request))) => {
                    same_request(&record.exchange, Some(shown), Some(request))
                }
                _ => true,
            },
            Phase::Headers | Phase::Body { .. } | Phase::Done => self.second_view(&sentence),
            Phase::Held | Phase::Idle => false,
        };
        let view = joins
            && matches!(
                record.phase,
                Phase::Headers | Phase::Body { .. } | Phase::Done
            );
        // A page printed just before a line naming its status and hiding
        // its body (pytest's `AssertionError: <html>…`, `where 502 = …`):
        // the page is that body.
        let page = match (record.phase, &self.state.loose) {
            (Phase::Idle, Some((first, last)))
                if self.state.loose_page
                    // (Whole: a page's first line alone, as pytest's summary
                    // line `… - AssertionError: <html>`, is no body.)
                    && self.state.page_ended
                    && self.line_no <= last + MAX_WAIT
                    // (A stack trace begun after the page is the exception's own.)
                    && self.state.lead.is_none_or(|lead| lead < *first)
                    && matches!(sentence.body, Shown::Hidden(_) | Shown::Next(_)) =>
            {
                Some(*first)
            }
            _ => None,
        };
        if let Some(first) = page {
            self.begin_at(Phase::Done, first)?;
            let exchange = &mut self.state.record.exchange;
            exchange.http = Some(sentence.code);
            exchange.body = Some(BodyKind::Text);
            self.state.record.told = self.line_no;
            return Ok(());
        }
        if !joins {
            self.begin_exception()?;
        }
        let Sentence {
            code,
            request,
            retry_after,
            body,
        } = sentence;
        let record = &mut self.state.record;
        record.exchange.http = Some(code);
        record.told = self.line_no;
        record.viewed |= view;
        // The request it names (with its method, where the record's had none).
        if let Named::This(Some((shown, request))) = request
            && record
                .exchange
                .request
                .as_ref()
                .is_none_or(|known| known.method.is_none() && request.method.is_some())
        {
            record.exchange.request_line = Some(clipped(&shown));
            record.exchange.request = Some(request);
        }
        if let Some(value) = retry_after {
            record.exchange.retry_after = Some(clipped(&value));
            record.exchange.headers_shown = true;
        }
        match body {
            // `Content-Length: 0` shown before says the hidden body is empty.
            Shown::Hidden(_) | Shown::Next(_) if record.framing.length == Some(0) => {
                record.exchange.body.get_or_insert(BodyKind::Empty);
                record.phase = Phase::Done;
            }
            // Told again after the body: nothing new.
            Shown::Hidden(_) | Shown::Next(_) if view && record.exchange.body.is_some() => {}
            Shown::Hidden(hint) | Shown::Next(hint) => {
                if record.exchange.body.is_none() {
                    record.exchange.body_hidden = true;
                    record.exchange.body_hint = Some(hint);
                }
                record.phase = match body {
                    Shown::Next(_) => Phase::Body { strict: true },
                    _ => Phase::Done,
                };
            }
            Shown::Empty => {
                record.exchange.body = Some(BodyKind::Empty);
                record.phase = Phase::Done;
            }
            Shown::Text(_) | Shown::Decoded(_) => {
                let text = body.text().unwrap_or_default();
                // (Another view shows the body again, or the one not shown yet.)
                if !view || record.exchange.body.is_none() {
                    record.phase = Phase::Body { strict: false };
                }
                self.content(text)?;
                let record = &mut self.state.record;
                // An HTML page goes on over the next lines, unless the client cut it.
                let text = text.trim();
                let page_goes_on =
                    text.starts_with('<') && !text.ends_with('…') && !text.ends_with("...");
                if record.phase == (Phase::Body { strict: false })
                    && !self.json.in_document()
                    && !page_goes_on
                {
                    // All of the body was on the line.
                    record.phase = Phase::Done;
                }
            }
        }
        Ok(())
    }

    /// A logfmt line naming a reason or a failed request: a record of its own.
    fn logfmt(&mut self, fields: &[(&str, String)]) -> io::Result<()> {
        self.begin(Phase::Done)?;
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
        let time = match self.json.dated {
            true => field(&["time", "ts", "timestamp", "t"]).and_then(|t| value_time(&t)),
            false => None,
        };
        let exchange = &mut self.state.record.exchange;
        exchange.time = exchange.time.or(time);
        // Here `status` and `code` are the HTTP code too.
        exchange.http = record(RecordField::HttpCode)
            .or_else(|| field(&["status", "code"]))
            .and_then(|v| v.parse().ok())
            .filter(|c| (100..=599).contains(c));
        if let Some(url) = record(RecordField::Url) {
            let (shown, request) =
                shapes::request_from(record(RecordField::Method).as_deref(), &url);
            exchange.request = request;
            exchange.request_line = Some(clipped(&shown));
        }
        exchange.retry_after = record(RecordField::RetryAfter);
        exchange.headers_shown = exchange.retry_after.is_some();
        if field(&["reason"]).is_none() {
            exchange.body_hidden = true;
            exchange.body_hint = Some(shapes::logfmt::HIDDEN_BODY);
            return self.close();
        }
        let envelope = Envelope {
            reason: field(&["reason"]).map(ReasonName::new),
            status: field(&["error_status", "grpc_status"]).map(StatusName::new),
            message: field(&["message", "error", "msg"]),
            request_id: record(RecordField::RequestId),
            call: record(RecordField::RequestId)
                .map_or(0, |id| crate::diagnose::envelope::call_key(&id)),
            ..Envelope::default()
        };
        exchange.body = Some(BodyKind::Envelope);
        self.emit(Found::Envelope(envelope))?;
        self.close()
    }

    /// JSON in a line that is otherwise markup (a curl marker, a header).
    fn stray_json(&mut self, text: &str) -> io::Result<()> {
        self.feed_json(text).map(|_| ())
    }

    /// A body or log line.
    pub(super) fn content(&mut self, line: &str) -> io::Result<()> {
        let phase = self.state.record.phase;
        // `curl -s -w '%{http_code}'`: the body and its code on one line.
        if !matches!(phase, Phase::Headers | Phase::Body { .. })
            && let Some((body, code)) = shapes::trailing_code(line)
            && is_whole_document(body.as_bytes())
        {
            self.begin(Phase::Body { strict: false })?;
            self.state.record.exchange.http = Some(code);
            self.feed_json(body)?;
            return self.close();
        }
        let trimmed = shapes::trimmed(line);
        if phase == (Phase::Body { strict: true }) && !trimmed.is_empty() {
            self.state.record.phase = match trimmed.starts_with(['{', '[', '<']) {
                // The body, after the line that named its status.
                true => Phase::Body { strict: false },
                // The client hid the body: text after its line is the
                // program's own (an exception's fields), not a body.
                false => Phase::Done,
            };
        }
        if phase == Phase::Headers && !trimmed.is_empty() {
            self.state.record.phase = Phase::Body { strict: false };
        }
        let reported = self.reported;
        let fed = self.feed_json(line)?;
        if let Some(at) = fed.stop {
            // Another record glued to the document: a line of its own.
            return self.piece(&line[at..]);
        }
        if fed.any {
            // A JSON line with no error, outside any record, is something
            // between records. (A JSON body ends where its document closes.)
            if self.state.record.phase == Phase::Idle && self.reported == reported {
                self.state.lead = None;
                self.state.shown = None;
                self.state.loose = None;
                self.flush_brief()?;
            }
            return Ok(());
        }
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(message) = trimmed.strip_prefix("curl: (") {
            if self.state.record.phase != Phase::Request {
                self.begin(Phase::Done)?;
            }
            let message = clipped(&format!("curl: ({message}"));
            self.state.record.phase = Phase::Done;
            return self.emit(Found::Transport(message));
        }
        if let Some(reason) = bare_reason(trimmed) {
            return self.found(Found::BareReason(reason.to_owned()), self.line_no, None);
        }
        if trimmed.starts_with('<') {
            self.html(trimmed);
        }
        self.text_line(line)
    }

    /// Notes an HTML page's title, for the verdict when nothing is found.
    fn html(&mut self, trimmed: &str) {
        if let Some(title) =
            html_title(trimmed).filter(|_| self.stats.html.as_ref().is_none_or(String::is_empty))
        {
            self.stats.html = Some(title);
        } else if self.stats.html.is_none()
            && (trimmed.to_ascii_lowercase().starts_with("<!doctype")
                || trimmed.to_ascii_lowercase().starts_with("<html"))
        {
            self.stats.html = Some(String::new());
        }
    }

    /// A line of text with no error in it: the body's, or none.
    fn text_line(&mut self, line: &str) -> io::Result<()> {
        let record = &mut self.state.record;
        match record.phase {
            Phase::Body { .. } => {
                record.framing.text = true;
                record.exchange.body.get_or_insert(BodyKind::Text);
                self.body_read(line);
            }
            Phase::Done => {
                // A page shown again (`curl --trace`'s dump, then stdout).
                let page_again = matches!(
                    record.exchange.body,
                    Some(BodyKind::Text | BodyKind::TextThenEnvelope)
                ) && line.trim_start().starts_with('<');
                if !frame_like(line, None) && !page_again {
                    // Nothing of the call: it is over.
                    self.close()?;
                    self.loose_text(line)?;
                }
            }
            Phase::Idle => self.loose_text(line)?,
            Phase::Request | Phase::Headers | Phase::Stamped | Phase::Held => {}
        }
        Ok(())
    }

    /// Text outside any record: a stack trace's goes on.
    fn loose_text(&mut self, line: &str) -> io::Result<()> {
        if !frame_like(line, None) {
            self.state.lead = None;
            self.state.shown = None;
        }
        self.flush_brief()?;
        let now = self.line_no;
        // An HTML page begins a body of its own, which ends at `</html>`:
        // text after that (but a stack trace's) is not the page's.
        let (begins, ends) = match memchr::memchr(b'<', line.as_bytes()) {
            Some(_) => {
                let lower = line.to_ascii_lowercase();
                let begins = lower.contains("<html") || lower.contains("<!doctype");
                (begins, lower.contains("</html>"))
            }
            None => (false, false),
        };
        let state = &mut self.state;
        state.loose = Some(match state.loose {
            Some((first, _)) if !begins => {
                if state.page_ended && !frame_like(line, None) {
                    state.loose_page = false;
                }
                (first, now)
            }
            _ => {
                state.loose_page = begins;
                state.page_ended = false;
                (now, now)
            }
        });
        state.page_ended |= ends;
        Ok(())
    }

    /// A body line was read: the body may be complete (`</html>`, its
    /// `Content-Length`).
    fn body_read(&mut self, line: &str) {
        let record = &mut self.state.record;
        if !matches!(record.phase, Phase::Body { .. }) {
            return;
        }
        record.told = self.line_no;
        let framing = &mut record.framing;
        framing.read += line.len() as u64 + 1;
        let html_end = memchr::memmem::find(line.as_bytes(), b"</html>").is_some()
            || memchr::memmem::find(line.as_bytes(), b"</HTML>").is_some();
        // A client that cuts a long body says so at its end.
        let end = line.trim_end();
        let cut = ["(truncated...)", "[truncated]", "...", "…"]
            .iter()
            .any(|marker| end.ends_with(marker));
        if html_end || cut || framing.length.is_some_and(|n| framing.read >= n) {
            record.phase = Phase::Done;
        }
    }
}
