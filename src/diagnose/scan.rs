//! The input scanner: reads bytes line by line and reports every error it
//! finds, with the HTTP exchange around it. Pure and streaming: memory is
//! bounded by the longest line or JSON document it keeps ([`MAX_DOCUMENT`]).

use std::io::{self, BufRead};

use super::envelope::Found;
use super::json::{JsonEvent, JsonReader};
use crate::endpoint::Request;
use crate::rules::BodyKind;
use crate::untrusted::MAX_TEXT;

/// A line or JSON document larger than this is reported and skipped.
pub const MAX_DOCUMENT: usize = 16 * 1024 * 1024;

/// The HTTP exchange an error was seen in, as far as the input shows it.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The request line as shown (`POST /v1.0/calls/…`); secrets are masked later.
    pub request_line: Option<String>,
    pub request: Option<Request>,
    /// The code on the response's status line.
    pub http: Option<u16>,
    pub retry_after: Option<String>,
    pub x_request_id: Option<String>,
    pub body: Option<BodyKind>,
}

/// Something the scanner reports.
#[derive(Debug)]
pub enum Event<'e> {
    /// An error, with its exchange and the 1-based line it ended on.
    Error {
        found: Found,
        exchange: &'e Exchange,
        line: u64,
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
#[derive(Debug, Default)]
pub struct Stats {
    pub bytes: u64,
    pub not_text: bool,
    pub blank: bool,
    /// A `<title>` or first line of an HTML page, if one was seen.
    pub html: Option<String>,
}

impl Stats {
    /// Adds what another input looked like (several inputs are one verdict).
    pub fn merge(&mut self, other: Stats) {
        self.bytes += other.bytes;
        self.not_text |= other.not_text;
        self.blank &= other.blank;
        if self.html.is_none() {
            self.html = other.html;
        }
    }
}

fn status_line_code(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    parts.next()?;
    parts.next()?.parse().ok()
}

fn request_line(line: &str) -> Option<(String, Request)> {
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    if !method.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let request = Request::parse(&format!("{method} {target}"))?;
    request.method.as_ref()?;
    Some((format!("{method} {target}"), request))
}

/// A whole line that is a reason code: `CALL_NOT_FOUND`.
fn bare_reason(line: &str) -> Option<&str> {
    let t = line.trim();
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
    let mut cut = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut].to_owned()
}

/// Whether a line plainly begins a new record, so a JSON document still
/// open from earlier lines was cut off: a status line, a curl marker or error,
/// a JSON object at column 0, or a timestamped log line.
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
}

/// Where the scanner's events go.
pub trait Sink {
    fn event(&mut self, event: Event<'_>) -> io::Result<()>;
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
    exchange: Exchange,
    /// Reported errors in the current exchange.
    exchange_errors: u32,
    in_headers: bool,
    body_text_seen: bool,
    json: JsonReader,
    line_no: u64,
    pub stats: Stats,
}

impl<S: Sink> Scanner<S> {
    pub fn new(sink: S) -> Scanner<S> {
        Scanner {
            sink,
            partial: Vec::new(),
            oversized: false,
            exchange: Exchange::default(),
            exchange_errors: 0,
            in_headers: false,
            body_text_seen: false,
            json: JsonReader::default(),
            line_no: 0,
            stats: Stats {
                blank: true,
                ..Stats::default()
            },
        }
    }

    fn emit(&mut self, found: Found) -> io::Result<()> {
        self.exchange_errors += 1;
        self.sink.event(Event::Error {
            found,
            exchange: &self.exchange,
            line: self.line_no,
        })
    }

    /// Ends the current exchange: a failed response with no envelope is reported here.
    fn finish_exchange(&mut self) -> io::Result<()> {
        self.abandon_document(Skip::Truncated)?;
        if let Some(http) = self.exchange.http
            && self.exchange_errors == 0
        {
            let body = self.exchange.body.unwrap_or(BodyKind::Empty);
            self.exchange.body = Some(body);
            if http >= 400 || matches!(body, BodyKind::Empty | BodyKind::EmptyObject) {
                self.emit(Found::NoEnvelope)?;
            }
        }
        self.exchange = Exchange::default();
        self.exchange_errors = 0;
        self.in_headers = false;
        self.body_text_seen = false;
        Ok(())
    }

    /// What the JSON reader reports, in terms of the exchange.
    fn json_event(&mut self, event: JsonEvent, cut: Skip) -> io::Result<()> {
        match event {
            JsonEvent::Found(found) => {
                if self.exchange.http.is_some() {
                    self.exchange.body = Some(if self.body_text_seen {
                        BodyKind::TextThenEnvelope
                    } else {
                        BodyKind::Envelope
                    });
                }
                self.emit(found)
            }
            JsonEvent::Closed {
                empty_object,
                errors: 0,
            } if self.exchange.http.is_some() => {
                let kind = if empty_object {
                    BodyKind::EmptyObject
                } else {
                    self.exchange.body.unwrap_or(BodyKind::Text)
                };
                self.exchange.body = Some(kind);
                Ok(())
            }
            JsonEvent::Closed { .. } => Ok(()),
            JsonEvent::Cut { line } => self.sink.event(Event::Skipped { line, why: cut }),
        }
    }

    /// Reads the JSON in `text` (continuing an open document); true if it held any.
    fn feed_json(&mut self, text: &str) -> io::Result<bool> {
        let mut json = std::mem::take(&mut self.json);
        let line = self.line_no;
        let result = json.feed_line(text.as_bytes(), line, &mut |event| {
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
            let value = clipped(value.trim());
            if name.eq_ignore_ascii_case("retry-after") {
                self.exchange.retry_after = Some(value);
            } else if name.eq_ignore_ascii_case("x-request-id") {
                self.exchange.x_request_id = Some(value);
            }
        }
    }

    fn status_line(&mut self, code: u16) -> io::Result<()> {
        // A `100 Continue` block is followed by the real response.
        let continuing = self.exchange.http.is_some_and(|h| (100..200).contains(&h));
        let started = self.exchange.http.is_some() && !continuing;
        if started {
            let request = (
                self.exchange.request_line.take(),
                self.exchange.request.take(),
            );
            self.finish_exchange()?;
            // With no request line in between (`curl -i -L` following a redirect),
            // the next response still answers the same request.
            (self.exchange.request_line, self.exchange.request) = request;
        }
        self.exchange.http = Some(code);
        self.in_headers = true;
        Ok(())
    }

    /// The sink, between feeds.
    pub fn sink(&mut self) -> &mut S {
        &mut self.sink
    }

    /// Reads the next bytes of the input. Whole lines are read in place;
    /// only a line split across feeds is copied (up to [`MAX_DOCUMENT`]).
    pub fn feed(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        self.stats.bytes += bytes.len() as u64;
        while let Some(end) = memchr::memchr(b'\n', bytes) {
            if self.partial.is_empty() && !self.oversized {
                self.line(&bytes[..end])?;
            } else {
                self.keep(&bytes[..end]);
                self.end_line()?;
            }
            bytes = &bytes[end + 1..];
        }
        self.keep(bytes);
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
        let result = self.line(&line);
        // The buffer is reused for the next split line.
        self.partial = line;
        self.partial.clear();
        result
    }

    /// One line of input, without its line ending.
    fn line(&mut self, raw: &[u8]) -> io::Result<()> {
        self.line_no += 1;
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
        let line = decoded.trim_end_matches('\r');
        if !line.trim().is_empty() {
            self.stats.blank = false;
        }
        if self.continue_document(line)? {
            return Ok(());
        }
        // curl -v: `* info`, `> request`, `< response`, `{ [171 bytes data]`.
        // Marker lines are read for what they mark, and still searched for
        // JSON, so a log line that happens to start like one loses nothing.
        if line.starts_with("* ")
            || line == "*"
            || line.starts_with("{ [")
            || line.starts_with("} [")
        {
            return self.stray_json(line);
        }
        // `curl -v` marks request and response lines with `> ` and `< `; `<html>` is a body.
        let marked = |mark: char| {
            line.strip_prefix(mark)
                .filter(|rest| rest.is_empty() || rest.starts_with(' '))
        };
        if let Some(rest) = marked('>') {
            let rest = rest.trim();
            if let Some((shown, request)) = request_line(rest) {
                self.finish_exchange()?;
                self.exchange.request_line = Some(clipped(&shown));
                self.exchange.request = Some(request);
            }
            return self.stray_json(rest);
        }
        if let Some(rest) = marked('<') {
            let rest = rest.trim();
            if let Some(code) = status_line_code(rest) {
                self.status_line(code)?;
            } else if rest.is_empty() {
                self.in_headers = false;
            } else {
                self.header(rest);
            }
            return self.stray_json(rest);
        }
        if let Some(code) = status_line_code(line) {
            self.status_line(code)?;
            return self.stray_json(line);
        }
        if self.in_headers {
            if line.trim().is_empty() {
                self.in_headers = false;
                return Ok(());
            }
            if !line.trim_start().starts_with('{') {
                self.header(line);
                return self.stray_json(line);
            }
            // A body right after the status line, without the blank line.
            self.in_headers = false;
        }
        self.content(line)
    }

    /// JSON in a line that is otherwise markup (a curl marker, a header).
    fn stray_json(&mut self, text: &str) -> io::Result<()> {
        self.feed_json(text).map(|_| ())
    }

    /// A body or log line.
    fn content(&mut self, line: &str) -> io::Result<()> {
        if self.feed_json(line)? {
            return Ok(());
        }
        let trimmed = line.trim();
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
        if self.exchange.http.is_some() {
            self.body_text_seen = true;
            self.exchange.body.get_or_insert(BodyKind::Text);
        }
        Ok(())
    }

    /// Ends the input: the last line, an open exchange or document.
    /// Returns what the input looked like, and resets the scanner for another input.
    pub fn finish(&mut self) -> io::Result<Stats> {
        if !self.partial.is_empty() || self.oversized {
            self.end_line()?;
        }
        self.finish_exchange()?;
        self.json = JsonReader::default();
        self.line_no = 0;
        Ok(std::mem::replace(
            &mut self.stats,
            Stats {
                blank: true,
                ..Stats::default()
            },
        ))
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
                Found::Envelope(e) => e.reason,
                _ => None,
            })
            .collect();
        assert_eq!(reasons, ["A", "B"]);
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
            prop_assert_eq!(envelopes[0].reason.as_deref(), Some(reason.as_str()));
            prop_assert_eq!(envelopes[0].request_id.as_deref(), Some(request_id.as_str()));
        }
    }
}
