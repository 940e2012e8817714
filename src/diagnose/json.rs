//! A tolerant, streaming reader of JSON-like text that finds error objects
//! without building a tree.
//!
//! Why not serde: logs hold JSON cut off mid-line, broken by one bad token,
//! spread over several lines, or written as a Python dict or a JavaScript
//! object literal. This reader visits every byte once (so any line costs time
//! linear in its length), keeps only the few fields an error needs (so memory
//! is flat whatever the document's size), and when a document breaks it
//! salvages what it had and goes on reading the text after it.
//!
//! It accepts strict JSON and, beside it, single-quoted strings, unquoted
//! keys, Ruby's `=>` after a key, trailing commas and any bare word as a
//! value (`None`, `undefined`).

mod quick;

use std::borrow::Cow;

use memchr::{memchr, memchr2, memmem};

use super::envelope::{Envelope, Found, ReasonName, StatusName, call_key};
use super::shapes::fields::{RecordField, record_field};
use super::stamp::{http_date, value_time};
use crate::rules::BodyKind;
use crate::untrusted::prefix;

/// Containers nested deeper than this are skipped over, not read.
const MAX_DEPTH: usize = 64;
/// Bytes kept of one captured value (a reason, a message).
pub const MAX_FIELD: usize = 8 * 1024;
/// `details` entries kept per error.
const MAX_DETAILS: usize = 32;
/// JSON inside a JSON string inside…: how many levels are opened.
const MAX_NESTING: u8 = 3;

/// What the reader reports to its caller.
#[derive(Debug)]
pub enum JsonEvent {
    /// An error object, in document order (inner objects close first), or a
    /// log record or HAR entry of a failed response that holds none
    /// ([`Found::NoEnvelope`] with its context).
    Found(Finding),
    /// A document ended: whether it was `{}`, and how many errors it held.
    /// `logged`: it was a log record (a time or level field of its own),
    /// not a body.
    Closed {
        empty_object: bool,
        errors: u32,
        logged: bool,
    },
    /// A document was cut off (or abandoned): the line it started on.
    /// Errors salvaged from it were reported just before.
    Cut { line: u64 },
}

/// One error a document holds, and what the document says around it.
#[derive(Debug)]
pub struct Finding {
    pub found: Found,
    /// What the log record or HAR entry around it says about its exchange.
    pub context: Option<Box<Context>>,
    /// The record's time ([`JsonReader::dated`]): its top-level time field,
    /// else its log record's or HAR entry's, else the first one nested
    /// anywhere in it (a `Date` header).
    pub time: Option<i64>,
    /// The line its document started on.
    pub started: u64,
    /// Its document is a log record (a time or level field of its own), not a body.
    pub logged: bool,
}

/// The keys an error object is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Error,
    Reason,
    Status,
    Message,
    RequestId,
    Details,
    Msg,
    /// Keys of a log record or HAR entry: the exchange around an error.
    Method,
    Url,
    HttpCode,
    RetryAfter,
    Headers,
    Body,
    /// `request`, `response`, `content`: parts of an exchange.
    Part,
    /// `time`, `ts`, `@timestamp`…: when the record was written.
    Time,
    /// `level`, `severity`: a log record's.
    Level,
    Other,
}

impl Key {
    fn of(name: &[u8]) -> Key {
        match name {
            b"error" => Key::Error,
            b"reason" => Key::Reason,
            b"status" => Key::Status,
            b"message" => Key::Message,
            b"details" => Key::Details,
            b"msg" => Key::Msg,
            b"headers" => Key::Headers,
            b"request" | b"response" | b"content" | b"req" | b"res" => Key::Part,
            b"time"
            | b"ts"
            | b"timestamp"
            | b"@timestamp"
            | b"@t"
            | b"__REALTIME_TIMESTAMP"
            | b"datetime"
            | b"date"
            | b"asctime"
            | b"startedDateTime" => Key::Time,
            b"level" | b"lvl" | b"severity" | b"loglevel" => Key::Level,
            _ => match record_field(name) {
                Some(RecordField::Method) => Key::Method,
                Some(RecordField::Url) => Key::Url,
                Some(RecordField::HttpCode) => Key::HttpCode,
                Some(RecordField::RetryAfter) => Key::RetryAfter,
                Some(RecordField::RequestId) => Key::RequestId,
                Some(RecordField::Body) => Key::Body,
                None => Key::Other,
            },
        }
    }

    fn captured(self) -> bool {
        matches!(
            self,
            Key::Reason | Key::Status | Key::Message | Key::RequestId | Key::Msg
        )
    }
}

/// A field as sent: absent (`None`), `null` (`Some(None)`), or its text.
type Field<T> = Option<Option<T>>;

/// What an envelope keeps of its message, request_id and details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// Their text (`--json`, text output).
    Text,
    /// Only [`Envelope::call`] (a summary).
    Nothing,
}

/// The fields of one object that could be an error. The full reader keeps
/// their text (`T = String`); the shortcut ([`quick`]) keeps where they sit
/// in the line, and copies them only for an error.
#[derive(Clone, Debug)]
struct Fields<T = String> {
    status: Field<T>,
    reason: Field<T>,
    message: Field<T>,
    request_id: Field<T>,
    /// `msg` when it is a string (the older `{"msg": …}` body).
    msg: Field<T>,
    details: Vec<(String, Option<String>)>,
}

impl<T> Default for Fields<T> {
    fn default() -> Fields<T> {
        Fields {
            status: None,
            reason: None,
            message: None,
            request_id: None,
            msg: None,
            details: Vec::new(),
        }
    }
}

impl<T> Fields<T> {
    fn slot(&mut self, key: Key) -> Option<&mut Field<T>> {
        match key {
            Key::Reason => Some(&mut self.reason),
            Key::Status => Some(&mut self.status),
            Key::Message => Some(&mut self.message),
            Key::RequestId => Some(&mut self.request_id),
            Key::Msg => Some(&mut self.msg),
            _ => None,
        }
    }

    /// Keeps a captured key's value (`None` for `null`).
    fn keep(&mut self, key: Key, is_string: bool, value: impl FnOnce() -> Option<T>) {
        if key == Key::Msg && !is_string {
            self.msg = Some(None);
        } else if let Some(slot) = self.slot(key) {
            *slot = Some(value());
        }
    }

    fn has_reason(&self) -> bool {
        matches!(self.reason, Some(Some(_)))
    }

    /// The envelope these fields make; `text` gives a value's text, borrowed
    /// where it can be (a catalog or status name is then never copied).
    fn into_envelope<'a>(self, text: impl Fn(T) -> Cow<'a, str>, keep: Keep) -> Envelope {
        let text = |field: Field<T>| field.flatten().map(&text);
        let status = text(self.status).map(StatusName::new);
        let reason = text(self.reason).map(ReasonName::new);
        let request_id = text(self.request_id);
        let call = request_id.as_deref().map_or(0, call_key);
        if keep == Keep::Nothing {
            return Envelope {
                status,
                reason,
                call,
                ..Envelope::default()
            };
        }
        Envelope {
            status,
            reason,
            message: text(self.message).map(Cow::into_owned),
            request_id: request_id.map(Cow::into_owned),
            details: self.details,
            call,
        }
    }
}

/// The error a closed object is, if any: its `"error"` child with a reason
/// or status, else itself when it has a reason and one more error field
/// (and held no error inside), else an older `{"msg": …}` body.
fn error_of<'a, T>(
    child: Option<Fields<T>>,
    own: Fields<T>,
    found_inside: bool,
    keys: u32,
    text: impl Fn(T) -> Cow<'a, str>,
    keep: Keep,
) -> Option<Found> {
    if let Some(child) = child
        && (child.reason.is_some() || child.status.is_some())
    {
        return Some(Found::Envelope(child.into_envelope(text, keep)));
    }
    if !found_inside
        && own.reason.is_some()
        && (own.status.is_some() || own.request_id.is_some() || own.message.is_some())
    {
        return Some(Found::Envelope(own.into_envelope(text, keep)));
    }
    match own.msg {
        Some(Some(msg)) if keys == 1 => Some(Found::Legacy(text(msg).into_owned())),
        _ => None,
    }
}

/// What a log record or HAR entry says about the exchange an error came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    pub http: Option<u16>,
    pub method: Option<String>,
    pub url: Option<String>,
    pub retry_after: Option<String>,
    /// The `X-Request-Id` header, where headers are kept.
    pub request_id: Option<String>,
    pub body: Option<BodyKind>,
    /// Whether the record shows the response headers (or a `retry_after` field).
    pub headers_shown: bool,
    /// When it was written: its own time field, else one nested in it.
    pub time: Option<i64>,
    /// The lines its object opened and closed on (a HAR entry in a
    /// pretty-printed file is a record of those lines, not the document's).
    pub opened: u64,
    pub closed: u64,
}

impl Context {
    /// Whether this is an exchange of its own: a code, a method or a URL.
    fn is_exchange(&self) -> bool {
        self.http.is_some() || self.method.is_some() || self.url.is_some()
    }

    /// Fills what is missing here from a part (`request`, `response`).
    fn absorb(&mut self, part: Context) {
        self.http = self.http.or(part.http);
        self.method = self.method.take().or(part.method);
        self.url = self.url.take().or(part.url);
        self.retry_after = self.retry_after.take().or(part.retry_after);
        self.request_id = self.request_id.take().or(part.request_id);
        self.body = self.body.or(part.body);
        self.headers_shown |= part.headers_shown;
        self.time = self.time.or(part.time);
    }

    /// A header, by name.
    fn header(&mut self, name: &str, value: String) {
        self.headers_shown = true;
        if name.eq_ignore_ascii_case("retry-after") {
            self.retry_after = Some(value);
        } else if name.eq_ignore_ascii_case("x-request-id") {
            self.request_id = Some(value);
        }
    }
}

/// Errors a frame holds until it closes (so the record around them can say
/// which exchange they came from); past this many they go out at once.
const MAX_QUEUED: usize = 64;

/// What a container is to the object around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Any object or array: may be or hold an error.
    Plain,
    /// The value of an `"error"` key: its fields go to the parent.
    ErrorValue,
    /// The `details` array of the frame at this index.
    DetailsList(usize),
    /// An object inside `details`: its scalar fields are kept for that frame.
    DetailItem(usize),
    /// Deeper inside `details`: never an error, nothing kept.
    Ignored,
    /// A container given as the value of a captured key: kept as raw text.
    Raw(Key),
    /// `request`, `response` or `content` of an exchange: its context and
    /// errors go to the object around it.
    Part,
    /// A `headers` array (HAR: `[{name, value}]`) or map of the frame at this index.
    Headers(usize),
    /// One `{name, value}` header of the frame at this index.
    Header(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A key, or `}` (a trailing comma is forgiven).
    KeyOrEnd,
    Colon,
    ValueOrEnd,
    Value,
    CommaOrEnd,
}

#[derive(Debug)]
struct Frame {
    array: bool,
    role: Role,
    expect: Expect,
    /// The key whose value comes next (objects).
    key: Key,
    /// That key's text, kept only inside `details`.
    detail_key: String,
    keys: u32,
    fields: Fields,
    /// The fields of an `"error"` object inside this one.
    error_child: Option<Box<Fields>>,
    /// An error was reported from inside this container.
    found_inside: bool,
    /// What this object says about its exchange (log records, HAR entries).
    /// (Boxed and made on first use: most objects say nothing of an exchange.)
    context: Option<Box<Context>>,
    /// Errors found inside (with their log record's or HAR entry's context),
    /// held until this frame closes.
    queued: Vec<(Found, Option<Box<Context>>)>,
    /// Its own time field ([`Key::Time`]), and the first one nested in it.
    time: Option<i64>,
    nested_time: Option<i64>,
    /// A `{name, value}` header's two fields.
    header: (Option<String>, Option<String>),
    /// Where the container began, for [`Role::Raw`]: (feed number, offset).
    start: (u64, usize),
    /// The line it opened on.
    opened: u64,
}

impl Frame {
    /// What this object says about its exchange, made on first use.
    fn context(&mut self) -> &mut Context {
        self.context.get_or_insert_with(Box::default)
    }

    /// One of its headers; a `Date` is a time nested in it.
    fn header(&mut self, name: &str, value: String, dated: bool) {
        if dated && self.nested_time.is_none() && name.eq_ignore_ascii_case("date") {
            self.nested_time = http_date(value.as_bytes());
        }
        self.context().header(name, value);
    }
}

/// How a feed of bytes ended.
enum Stop {
    /// The bytes ran out inside a document, between tokens: it may go on.
    Open,
    /// The document ended here.
    Closed,
    /// Not in a document (it broke, or was cut off).
    Text,
}

/// What [`JsonReader::feed_line`] read of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fed {
    /// The line held some part of a document.
    pub any: bool,
    /// It stopped here, after a document: the rest is another record.
    pub stop: Option<usize>,
}

/// A document's time fields: its own (top-level) one, and the first nested.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Times {
    pub own: Option<i64>,
    pub nested: Option<i64>,
}

/// The reader's state, carried from one line to the next.
#[derive(Debug, Default)]
pub struct JsonReader {
    frames: Vec<Frame>,
    /// Depth below [`MAX_DEPTH`] being skipped (0: not skipping).
    skipping: u32,
    skip_in_string: Option<u8>,
    /// The line the open document started on.
    started: u64,
    /// Bytes read in the open document.
    pub document_bytes: u64,
    errors_in_document: u32,
    /// The open document has a time or level field of its own: a log record.
    logged: bool,
    /// Keep only what a summary counts (reason, status, the older `msg`):
    /// no message, request_id or details are copied.
    pub lean: bool,
    /// Read when each record was written (its time fields), for
    /// `--since`/`--until`; left unread otherwise.
    pub dated: bool,
    /// Read every document with the full reader, never the shortcut
    /// ([`quick`]): the reference the shortcut is tested against.
    pub reference: bool,
    /// Counts feeds, so a raw capture knows whether it began in this one.
    feeds: u64,
    /// The line being fed.
    line_no: u64,
    nesting: u8,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0c)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'-' | b'+' | b'.')
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    i
}

/// The end of a string whose opening quote is at `open` (index of the
/// closing quote), or None when the line ends first.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let quote = bytes[open];
    let mut i = open + 1;
    loop {
        let at = i + memchr(quote, bytes.get(i..)?)?;
        // Escaped when an odd number of backslashes stands before it.
        let backslashes = bytes[open + 1..at]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return Some(at);
        }
        i = at + 1;
    }
}

/// Whether a `{` at `at` starts something worth reading as a document: a
/// `{` followed by a quote, a `}`, the end of the line, or `word:`
/// (so `{ [171 bytes data]` from curl is not).
fn starts_document(bytes: &[u8], at: usize) -> bool {
    let i = skip_spaces(bytes, at + 1);
    match bytes.get(i) {
        None | Some(b'"' | b'\'' | b'}') => true,
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            bytes.get(skip_spaces(bytes, j)) == Some(&b':')
        }
        Some(_) => false,
    }
}

/// Decodes a string's content (between its quotes), keeping at most
/// [`MAX_FIELD`] bytes. Lone surrogates and bad UTF-8 become U+FFFD.
pub fn unescape(raw: &[u8]) -> String {
    // Most strings have no escape and are valid UTF-8: copied as they are.
    if raw.len() <= MAX_FIELD
        && memchr(b'\\', raw).is_none()
        && let Ok(text) = std::str::from_utf8(raw)
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(raw.len().min(MAX_FIELD));
    let mut i = 0;
    while i < raw.len() && out.len() < MAX_FIELD {
        let run_end = memchr(b'\\', &raw[i..]).map_or(raw.len(), |e| i + e);
        out.push_str(&String::from_utf8_lossy(&raw[i..run_end]));
        i = run_end;
        if i >= raw.len() {
            break;
        }
        let Some(&escape) = raw.get(i + 1) else {
            break;
        };
        i += 2;
        let c = match escape {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'0' => '\0',
            b'x' => match hex(raw.get(i..i + 2)) {
                Some(code) => {
                    i += 2;
                    char::from_u32(code).unwrap_or('\u{fffd}')
                }
                None => 'x',
            },
            b'u' => match hex(raw.get(i..i + 4)) {
                Some(high @ 0xd800..=0xdbff) => {
                    i += 4;
                    let low = raw
                        .get(i..i + 2)
                        .filter(|p| p == b"\\u")
                        .and_then(|_| hex(raw.get(i + 2..i + 6)))
                        .filter(|l| (0xdc00..=0xdfff).contains(l));
                    match low {
                        Some(low) => {
                            i += 6;
                            char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
                                .unwrap_or('\u{fffd}')
                        }
                        None => '\u{fffd}',
                    }
                }
                Some(code) => {
                    i += 4;
                    char::from_u32(code).unwrap_or('\u{fffd}')
                }
                None => 'u',
            },
            // A backslash before a multi-byte character: the character is lost.
            other if other >= 0x80 => '\u{fffd}',
            other => other as char,
        };
        out.push(c);
    }
    let kept = prefix(&out, MAX_FIELD).len();
    out.truncate(kept);
    out
}

fn hex(digits: Option<&[u8]>) -> Option<u32> {
    let digits = digits?;
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

/// Raw bytes kept as text (a number, a bare word, a container), bounded.
fn raw_text(bytes: &[u8]) -> String {
    let end = bytes.len().min(MAX_FIELD);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl JsonReader {
    fn keep(&self) -> Keep {
        match self.lean {
            false => Keep::Text,
            true => Keep::Nothing,
        }
    }

    /// A reader with the same settings and nothing read (a new input).
    pub fn fresh(&self) -> JsonReader {
        JsonReader {
            lean: self.lean,
            dated: self.dated,
            reference: self.reference,
            ..JsonReader::default()
        }
    }

    /// A reader for JSON held in a string of this one's document.
    fn nested(&self) -> JsonReader {
        JsonReader {
            nesting: self.nesting + 1,
            ..self.fresh()
        }
    }

    /// Whether a document is open (started on an earlier line, not closed).
    pub fn in_document(&self) -> bool {
        !self.frames.is_empty()
    }

    /// Whether anything is open for [`JsonReader::abandon`] to give up: a
    /// document, or a container being skipped.
    pub fn open(&self) -> bool {
        self.in_document() || self.skipping > 0
    }

    /// The line the open document started on.
    pub fn started(&self) -> u64 {
        self.started
    }

    /// Whether `line` can continue the open document: its first token is
    /// one the document's grammar allows next.
    pub fn continues(&self, line: &[u8]) -> bool {
        if self.skipping > 0 {
            return true;
        }
        let Some(frame) = self.frames.last() else {
            return false;
        };
        let i = skip_spaces(line, 0);
        let Some(&b) = line.get(i) else {
            return true;
        };
        match frame.expect {
            Expect::KeyOrEnd => matches!(b, b'"' | b'\'' | b'}' | b'_') || b.is_ascii_alphabetic(),
            Expect::Colon => b == b':' || b == b'=',
            Expect::ValueOrEnd | Expect::Value => {
                matches!(
                    b,
                    b'"' | b'\'' | b'{' | b'[' | b']' | b'-' | b'+' | b'.' | b'_'
                ) || b.is_ascii_alphanumeric()
            }
            Expect::CommaOrEnd => matches!(b, b',' | b'}' | b']'),
        }
    }

    /// Reads one line: continues an open document, then finds and reads
    /// every document that starts in the rest of the line. A document still
    /// open at the end of the line stays open, unless it is cut inside a
    /// string (JSON strings never span lines). Stops after a document when
    /// `until` says the rest of the line is another record (`curl -si … >>
    /// log` writes no newline after a body). Says whether the line held any
    /// part of a document, and where it stopped, if before its end.
    pub fn feed_line(
        &mut self,
        text: &str,
        line_no: u64,
        until: fn(&str) -> bool,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<Fed> {
        let line = text.as_bytes();
        self.feeds += 1;
        self.line_no = line_no;
        let mut any = self.in_document() || self.skipping > 0;
        let mut i = 0;
        let rest = |end: usize| end < text.len() && until(&text[end..]);
        loop {
            if self.in_document() || self.skipping > 0 {
                let start = i;
                let (at, stop) = self.document(line, i, sink)?;
                self.document_bytes += (at - start) as u64 + 1;
                i = at;
                match stop {
                    Stop::Open => {
                        return Ok(Fed {
                            any: true,
                            stop: None,
                        });
                    }
                    Stop::Closed if rest(at) => {
                        return Ok(Fed {
                            any,
                            stop: Some(at),
                        });
                    }
                    Stop::Closed | Stop::Text => continue,
                }
            }
            // Text: find the next `{` that starts a document.
            let Some(open) = memchr(b'{', &line[i..]).map(|o| i + o) else {
                return Ok(Fed { any, stop: None });
            };
            i = open + 1;
            if starts_document(line, open) {
                any = true;
                self.started = line_no;
                self.document_bytes = 0;
                self.errors_in_document = 0;
                self.logged = false;
                let quick =
                    (!self.reference).then(|| quick::document(text, open, self.keep(), self.dated));
                if let Some(quick) = quick.flatten() {
                    self.logged = quick.logged;
                    if let Some(found) = quick.found {
                        self.report(found, None, quick.times, sink)?;
                    }
                    sink(JsonEvent::Closed {
                        empty_object: quick.empty,
                        errors: self.errors_in_document,
                        logged: self.logged,
                    })?;
                    i = quick.end;
                    if rest(i) {
                        return Ok(Fed { any, stop: Some(i) });
                    }
                    continue;
                }
                self.push(false, Role::Plain, (self.feeds, open));
            }
        }
    }

    /// Gives up the open document: reports what it salvaged and that it was cut.
    pub fn abandon(
        &mut self,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if !self.open() {
            return Ok(());
        }
        // A lone `{` ending a line of prose is not worth a note.
        let bare_brace = self.frames.len() == 1 && self.frames[0].keys == 0;
        self.report_queued(sink)?;
        let time = self.time_so_far();
        let salvaged = self.salvage();
        self.reset();
        if let Some(found) = salvaged {
            self.report(found, None, time, sink)?;
        }
        if bare_brace {
            return Ok(());
        }
        sink(JsonEvent::Cut { line: self.started })
    }

    fn reset(&mut self) {
        self.frames.clear();
        self.skipping = 0;
        self.skip_in_string = None;
    }

    /// The error an unfinished document was building, if it had a reason.
    fn salvage(&mut self) -> Option<Found> {
        let keep = self.keep();
        let frames = std::mem::take(&mut self.frames);
        frames.into_iter().rev().find_map(|frame| {
            if matches!(
                frame.role,
                Role::DetailItem(_) | Role::DetailsList(_) | Role::Ignored
            ) {
                return None;
            }
            if let Some(child) = frame.error_child.filter(|c| c.has_reason()) {
                return Some(Found::Envelope(child.into_envelope(Cow::Owned, keep)));
            }
            frame
                .fields
                .has_reason()
                .then(|| Found::Envelope(frame.fields.into_envelope(Cow::Owned, keep)))
        })
    }

    fn push(&mut self, array: bool, role: Role, start: (u64, usize)) {
        self.frames.push(Frame {
            array,
            role,
            expect: if array {
                Expect::ValueOrEnd
            } else {
                Expect::KeyOrEnd
            },
            key: Key::Other,
            detail_key: String::new(),
            keys: 0,
            fields: Fields::default(),
            error_child: None,
            found_inside: false,
            context: None,
            queued: Vec::new(),
            time: None,
            nested_time: None,
            header: (None, None),
            start,
            opened: self.line_no,
        });
    }

    /// Reads document tokens from `i`; returns where it stopped.
    fn document(
        &mut self,
        line: &[u8],
        mut i: usize,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<(usize, Stop)> {
        loop {
            if self.skipping > 0 {
                match self.skip(line, i) {
                    Some(at) => {
                        i = at;
                        self.value_done(Value::Opaque, line);
                    }
                    None => return Ok((line.len(), Stop::Open)),
                }
            }
            i = skip_spaces(line, i);
            let Some(&b) = line.get(i) else {
                return Ok((i, Stop::Open));
            };
            let at_root = self.frames.len() == 1;
            let Some(frame) = self.frames.last_mut() else {
                return Ok((i, Stop::Text));
            };
            match frame.expect {
                Expect::KeyOrEnd => {
                    if b == b'}' {
                        i += 1;
                        if self.close(line, i, sink)? {
                            return Ok((i, Stop::Closed));
                        }
                        continue;
                    }
                    let (name, end) = if b == b'"' || b == b'\'' {
                        match string_end(line, i) {
                            Some(end) => (&line[i + 1..end], end + 1),
                            None => return self.cut(line.len(), sink),
                        }
                    } else if b.is_ascii_alphabetic() || b == b'_' || b == b'$' {
                        let mut end = i;
                        while end < line.len() && is_word(line[end]) {
                            end += 1;
                        }
                        (&line[i..end], end)
                    } else {
                        return self.broken(i, sink);
                    };
                    frame.key = Key::of(name);
                    frame.keys += 1;
                    self.logged |= at_root && matches!(frame.key, Key::Time | Key::Level);
                    if matches!(
                        frame.role,
                        Role::DetailItem(_) | Role::Headers(_) | Role::Header(_)
                    ) {
                        frame.detail_key = unescape(&name[..name.len().min(64)]);
                    }
                    frame.expect = Expect::Colon;
                    i = end;
                }
                Expect::Colon => {
                    // Ruby's Hash#inspect writes `"key"=>value`.
                    let arrow = usize::from(b == b'=' && line.get(i + 1) == Some(&b'>'));
                    if b != b':' && arrow == 0 {
                        return self.broken(i, sink);
                    }
                    frame.expect = Expect::Value;
                    i += 1 + arrow;
                }
                Expect::CommaOrEnd => match b {
                    b',' => {
                        frame.expect = if frame.array {
                            Expect::ValueOrEnd
                        } else {
                            Expect::KeyOrEnd
                        };
                        i += 1;
                    }
                    b'}' | b']' if (b == b']') == frame.array => {
                        i += 1;
                        if self.close(line, i, sink)? {
                            return Ok((i, Stop::Closed));
                        }
                    }
                    _ => return self.broken(i, sink),
                },
                Expect::ValueOrEnd | Expect::Value => match b {
                    b']' if frame.array => {
                        i += 1;
                        if self.close(line, i, sink)? {
                            return Ok((i, Stop::Closed));
                        }
                    }
                    b'{' | b'[' => {
                        let role = self.child_role(b == b'[');
                        i += 1;
                        if self.frames.len() >= MAX_DEPTH {
                            self.skipping = 1;
                            self.skip_in_string = None;
                        } else {
                            self.push(b == b'[', role, (self.feeds, i - 1));
                        }
                    }
                    b'"' | b'\'' => {
                        let Some(end) = string_end(line, i) else {
                            return self.cut(line.len(), sink);
                        };
                        self.string_value(&line[i + 1..end], sink)?;
                        i = end + 1;
                    }
                    _ if is_word(b) => {
                        let mut end = i;
                        while end < line.len() && is_word(line[end]) {
                            end += 1;
                        }
                        let value = if &line[i..end] == b"null" || &line[i..end] == b"None" {
                            Value::Null
                        } else {
                            Value::Raw(&line[i..end])
                        };
                        self.value_done(value, line);
                        i = end;
                    }
                    _ => return self.broken(i, sink),
                },
            }
        }
    }

    /// Skips a container nested too deep; returns the offset after it.
    fn skip(&mut self, line: &[u8], mut i: usize) -> Option<usize> {
        while i < line.len() {
            if let Some(quote) = self.skip_in_string {
                let at = i + memchr2(quote, b'\\', &line[i..])?;
                if line[at] == b'\\' {
                    i = at + 2;
                    continue;
                }
                self.skip_in_string = None;
                i = at + 1;
                continue;
            }
            match line[i] {
                b'"' | b'\'' => self.skip_in_string = Some(line[i]),
                b'{' | b'[' => self.skipping += 1,
                b'}' | b']' => {
                    self.skipping -= 1;
                    if self.skipping == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        // Strings never span lines.
        self.skip_in_string = None;
        None
    }

    /// The role of a container about to open as the current value.
    fn child_role(&self, array: bool) -> Role {
        let Some(frame) = self.frames.last() else {
            return Role::Plain;
        };
        let depth = self.frames.len() - 1;
        match frame.role {
            Role::DetailsList(owner) if !array => Role::DetailItem(owner),
            Role::DetailsList(_) | Role::DetailItem(_) | Role::Ignored => Role::Ignored,
            Role::Headers(owner) if frame.array && !array => Role::Header(owner),
            Role::Headers(_) | Role::Header(_) => Role::Ignored,
            _ if frame.array => Role::Plain,
            _ => match frame.key {
                Key::Error if !array => Role::ErrorValue,
                Key::Details if array => Role::DetailsList(depth),
                Key::Details => Role::DetailItem(depth),
                Key::Headers => Role::Headers(depth),
                Key::Part if !array => Role::Part,
                key if key.captured() => Role::Raw(key),
                _ => Role::Plain,
            },
        }
    }

    /// A string value: kept if its key matters, opened if it holds JSON.
    fn string_value(
        &mut self,
        raw: &[u8],
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let holds_json = self.nesting < MAX_NESTING
            && raw.iter().find(|b| !is_space(**b)) == Some(&b'{')
            && [&b"error"[..], b"reason", b"msg"]
                .iter()
                .any(|word| memmem::find(raw, word).is_some());
        let ignored = self
            .frames
            .last()
            .is_some_and(|f| matches!(f.role, Role::Ignored | Role::DetailsList(_)));
        if holds_json && !ignored {
            let text = unescape(raw);
            let mut inner = self.nested();
            let mut found = Vec::new();
            let mut collect = |event| {
                if let JsonEvent::Found(f) = event {
                    found.push((f.found, f.context));
                }
                Ok(())
            };
            inner.feed_line(&text, self.started, |_| false, &mut collect)?;
            inner.abandon(&mut collect)?;
            for (f, context) in found {
                self.queue(f, context, sink)?;
            }
        }
        self.value_done(Value::String(raw), &[]);
        Ok(())
    }

    /// Holds an error in the current frame until it closes (its record's
    /// time may come after it); reports it at once when the frame already
    /// holds [`MAX_QUEUED`].
    fn queue(
        &mut self,
        found: Found,
        context: Option<Box<Context>>,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match self.frames.last_mut() {
            Some(frame) if frame.queued.len() < MAX_QUEUED => {
                // A log record's error is its own, not this object's.
                frame.found_inside |= context.is_none();
                frame.queued.push((found, context));
                Ok(())
            }
            _ => {
                let time = self.time_so_far();
                self.report(found, context, time, sink)
            }
        }
    }

    /// Reports an error with what is known of its record's time: the
    /// document's own time field, else its log record's, else one nested.
    fn report(
        &mut self,
        found: Found,
        context: Option<Box<Context>>,
        times: Times,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if found != Found::NoEnvelope {
            self.errors_in_document += 1;
        }
        let time = times
            .own
            .or_else(|| context.as_ref().and_then(|c| c.time))
            .or(times.nested);
        sink(JsonEvent::Found(Finding {
            found,
            context,
            time,
            started: self.started,
            logged: self.logged,
        }))
    }

    /// The open document's times as far as it was read.
    fn time_so_far(&self) -> Times {
        self.frames.first().map_or(Times::default(), |root| Times {
            own: root.time,
            nested: root.nested_time,
        })
    }

    /// Reports every error still held (the document is being given up).
    fn report_queued(
        &mut self,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let time = self.time_so_far();
        let held: Vec<_> = self
            .frames
            .iter_mut()
            .flat_map(|f| std::mem::take(&mut f.queued))
            .collect();
        for (found, context) in held {
            self.report(found, context, time, sink)?;
        }
        Ok(())
    }

    /// Hands errors held by a closed frame to the frame around it, with the
    /// time it held.
    fn pass_up(
        &mut self,
        queued: Vec<(Found, Option<Box<Context>>)>,
        time: Option<i64>,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if let Some(parent) = self.frames.last_mut() {
            parent.nested_time = parent.nested_time.or(time);
        }
        for (found, context) in queued {
            self.queue(found, context, sink)?;
        }
        Ok(())
    }

    /// Records a finished value in the current container.
    fn value_done(&mut self, value: Value, line: &[u8]) {
        let depth = self.frames.len();
        let dated = self.dated;
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        frame.expect = Expect::CommaOrEnd;
        if frame.array {
            return;
        }
        let text = || match value {
            Value::String(raw) => Some(unescape(raw)),
            Value::Raw(raw) => Some(raw_text(raw)),
            Value::Null => None,
            Value::Opaque => Some("…".to_owned()),
            Value::Container(from, to) => Some(raw_text(&line[from..to])),
        };
        match frame.role {
            Role::DetailItem(owner) => {
                let key = std::mem::take(&mut frame.detail_key);
                let value = text();
                if let Some(owner) = self.frames.get_mut(owner)
                    && owner.fields.details.len() < MAX_DETAILS
                {
                    owner.fields.details.push((key, value));
                }
            }
            Role::Ignored | Role::DetailsList(_) => {}
            Role::Headers(owner) => {
                // A header map: `{"Retry-After": "17"}`.
                let name = std::mem::take(&mut frame.detail_key);
                if let Some(value) = text()
                    && let Some(owner) = self.frames.get_mut(owner)
                {
                    owner.header(&name, value, dated);
                }
            }
            Role::Header(_) => match frame.detail_key.as_str() {
                "name" => frame.header.0 = text(),
                "value" => frame.header.1 = text(),
                _ => {}
            },
            _ if frame.key == Key::Time => {
                if dated && frame.time.is_none() {
                    frame.time = text().as_deref().and_then(value_time);
                }
            }
            _ => {
                if matches!(frame.role, Role::Plain | Role::Part) {
                    note_context(&mut frame.context, frame.key, value);
                }
                let is_string = matches!(value, Value::String(_));
                frame.fields.keep(frame.key, is_string, text);
            }
        }
        debug_assert!(depth == self.frames.len());
    }

    /// Closes the innermost container; true when that ended the document.
    fn close(
        &mut self,
        line: &[u8],
        end: usize,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<bool> {
        let Some(mut frame) = self.frames.pop() else {
            return Ok(true);
        };
        let mut queued = std::mem::take(&mut frame.queued);
        let (own_time, nested_time) = (frame.time, frame.nested_time);
        let time = own_time.or(nested_time);
        match frame.role {
            Role::ErrorValue => {
                if let Some(parent) = self.frames.last_mut() {
                    parent.error_child = Some(Box::new(frame.fields));
                    parent.expect = Expect::CommaOrEnd;
                }
            }
            Role::Raw(_) => {
                let value = if frame.start.0 == self.feeds {
                    Value::Container(frame.start.1, end)
                } else {
                    Value::Opaque
                };
                self.value_done(value, line);
            }
            Role::Header(owner) => {
                if let (Some(name), Some(value)) = frame.header
                    && let Some(owner) = self.frames.get_mut(owner)
                {
                    owner.header(&name, value, self.dated);
                }
                self.value_done(Value::Opaque, line);
            }
            Role::Headers(owner) => {
                if let Some(owner) = self.frames.get_mut(owner) {
                    owner.context().headers_shown = true;
                }
                self.value_done(Value::Opaque, line);
            }
            Role::DetailsList(_) | Role::DetailItem(_) | Role::Ignored => {
                self.value_done(Value::Opaque, line);
            }
            Role::Part => {
                // A part (`"response": {"error": …}`) may be the error itself.
                let part = frame.context.take();
                if !frame.array
                    && let Some(found) = Self::error_in(frame, self.keep())
                {
                    queued.push((found, None));
                }
                if let (Some(parent), Some(part)) = (self.frames.last_mut(), part) {
                    parent.context().absorb(*part);
                }
                self.value_done(Value::Opaque, line);
            }
            Role::Plain => {
                let empty_object = !frame.array && frame.keys == 0;
                let mut context = frame.context.take().filter(|c| c.is_exchange());
                let opened = frame.opened;
                let own = match frame.array {
                    true => None,
                    false => Self::error_in(frame, self.keep()),
                };
                if let Some(context) = &mut context {
                    // A log record or HAR entry: its errors came with this
                    // exchange, and when it was written.
                    context.time = time;
                    (context.opened, context.closed) = (opened, self.line_no);
                    let failed = queued.is_empty()
                        && own.is_none()
                        && context.body.is_some()
                        && context.http.is_some_and(|h| h >= 400);
                    let errors = std::mem::take(&mut queued).into_iter().map(|(f, _)| f);
                    queued = errors
                        .chain(own)
                        .chain(failed.then_some(Found::NoEnvelope))
                        .map(|f| (f, Some(context.clone())))
                        .collect();
                } else if let Some(found) = own {
                    queued.push((found, None));
                }
                if self.frames.is_empty() {
                    // The root: every error it held goes out now, with its time.
                    let times = Times {
                        own: own_time,
                        nested: nested_time,
                    };
                    for (found, context) in queued {
                        self.report(found, context, times, sink)?;
                    }
                    sink(JsonEvent::Closed {
                        empty_object,
                        errors: self.errors_in_document,
                        logged: self.logged,
                    })?;
                    return Ok(true);
                }
                self.value_done(Value::Opaque, line);
            }
        }
        self.pass_up(queued, time, sink)?;
        Ok(self.frames.is_empty())
    }

    /// The error a closed object is, if any.
    fn error_in(frame: Frame, keep: Keep) -> Option<Found> {
        let child = frame.error_child.map(|child| *child);
        error_of(
            child,
            frame.fields,
            frame.found_inside,
            frame.keys,
            Cow::Owned,
            keep,
        )
    }

    /// The document broke at `i` (a token no grammar allows): salvage, and
    /// read on from `i` as text.
    fn broken(
        &mut self,
        i: usize,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<(usize, Stop)> {
        self.report_queued(sink)?;
        let time = self.time_so_far();
        if let Some(found) = self.salvage() {
            self.report(found, None, time, sink)?;
        }
        self.reset();
        Ok((i, Stop::Text))
    }

    /// The line ended inside a string: the document was cut off.
    fn cut(
        &mut self,
        end: usize,
        sink: &mut dyn FnMut(JsonEvent) -> std::io::Result<()>,
    ) -> std::io::Result<(usize, Stop)> {
        self.abandon(sink)?;
        Ok((end, Stop::Text))
    }
}

/// Keeps what a log record's or HAR entry's field says about the exchange.
fn note_context(slot: &mut Option<Box<Context>>, key: Key, value: Value) {
    fn made(slot: &mut Option<Box<Context>>) -> &mut Context {
        slot.get_or_insert_with(Box::default)
    }
    let text = |v: &Value| match v {
        Value::String(raw) => Some(unescape(raw)),
        Value::Raw(raw) => Some(raw_text(raw)),
        _ => None,
    };
    match key {
        Key::Method => {
            if let Some(m) = text(&value)
                .filter(|m| (3..=7).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_uppercase()))
            {
                made(slot).method = Some(m);
            }
        }
        Key::Url => {
            if let Value::String(raw) = value {
                made(slot).url = Some(unescape(raw));
            }
        }
        Key::HttpCode | Key::Status => {
            if let Some(code) = text(&value)
                .and_then(|t| t.parse::<u16>().ok())
                .filter(|c| (100..=599).contains(c))
            {
                made(slot).http = Some(code);
            }
        }
        Key::RetryAfter => {
            let after = text(&value);
            let context = made(slot);
            context.headers_shown = true;
            context.retry_after = after;
        }
        Key::Body => {
            if let Value::String(raw) = value {
                let trimmed = raw.trim_ascii();
                made(slot).body = Some(match trimmed {
                    [] => BodyKind::Empty,
                    b"{}" => BodyKind::EmptyObject,
                    [b'{', ..] => BodyKind::Envelope,
                    _ => BodyKind::Text,
                });
            }
        }
        _ => {}
    }
}

/// A finished value, as far as the reader keeps it.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// A string's raw content, between its quotes.
    String(&'a [u8]),
    /// A number or bare word.
    Raw(&'a [u8]),
    Null,
    /// A container begun on this line: its byte range.
    Container(usize, usize),
    /// A container not kept.
    Opaque,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event for `lines`, fed one at a time, then the end of input.
    fn read(lines: &[&str]) -> Vec<String> {
        let mut reader = JsonReader::default();
        let mut seen = Vec::new();
        let mut sink = |event: JsonEvent| {
            seen.push(match event {
                JsonEvent::Found(Finding {
                    found: Found::Envelope(e),
                    ..
                }) => format!(
                    "envelope {} {} {} {}",
                    e.reason.as_ref().map_or("", ReasonName::as_str),
                    e.status.as_ref().map_or("", StatusName::as_str),
                    e.message.unwrap_or_default(),
                    e.request_id.unwrap_or_default()
                )
                .trim_end()
                .to_owned(),
                JsonEvent::Found(Finding {
                    found: Found::Legacy(m),
                    ..
                }) => format!("legacy {m}"),
                JsonEvent::Found(Finding {
                    found: Found::NoEnvelope,
                    context: Some(context),
                    ..
                }) => format!("failure {:?}", context.http),
                JsonEvent::Found(other) => format!("{:?}", other.found),
                JsonEvent::Closed {
                    empty_object,
                    errors,
                    ..
                } => format!("closed {empty_object} {errors}"),
                JsonEvent::Cut { line } => format!("cut {line}"),
            });
            Ok(())
        };
        for (n, line) in lines.iter().enumerate() {
            reader
                .feed_line(line, n as u64 + 1, |_| false, &mut sink)
                .expect("no I/O");
        }
        reader.abandon(&mut sink).expect("no I/O");
        seen
    }

    #[test]
    fn finds_envelopes_wherever_they_sit() {
        assert_eq!(
            read(&[
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m","request_id":"r1"}}"#
            ]),
            ["envelope CALL_NOT_FOUND NOT_FOUND m r1", "closed false 1"]
        );
        assert_eq!(
            read(&[r#"{"ts":1,"resp":{"error":{"reason":"X","status":"INTERNAL"}}}"#]),
            ["envelope X INTERNAL", "closed false 1"]
        );
        assert_eq!(
            read(&[r#"{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"r"}"#]),
            ["envelope CALL_NOT_FOUND NOT_FOUND  r", "closed false 1"]
        );
        assert_eq!(
            read(&[r#"{"list":[{"error":{"reason":"A"}},{"error":{"reason":"B"}}]}"#]),
            ["envelope A", "envelope B", "closed false 2"]
        );
        assert_eq!(
            read(&[r#"{"body":"{\"error\":{\"reason\":\"A\"}}"}"#]),
            ["envelope A", "closed false 1"]
        );
        assert_eq!(
            read(&[r#"{"level":"error","response":{"error":{"reason":"A","status":"S"}}}"#]),
            ["envelope A S", "closed false 1"]
        );
        assert_eq!(
            read(&[r#"{"msg":"Query argument page_size is required, but not found"}"#]),
            [
                "legacy Query argument page_size is required, but not found",
                "closed false 1"
            ]
        );
        assert_eq!(read(&[r#"{"ok":true}"#]), ["closed false 0"]);
        assert_eq!(read(&["{}"]), ["closed true 0"]);
    }

    #[test]
    fn details_are_kept_and_never_errors_themselves() {
        let mut reader = JsonReader::default();
        let mut envelopes = Vec::new();
        let line = r#"{"error":{"reason":"RATE_LIMIT_EXCEEDED","details":[{"limited_by":"ip","reason":"X","status":"Y"},{"n":1e999,"z":null}],"status":"RESOURCE_EXHAUSTED"}}"#;
        reader
            .feed_line(line, 1, |_| false, &mut |event| {
                if let JsonEvent::Found(Finding {
                    found: Found::Envelope(e),
                    ..
                }) = event
                {
                    envelopes.push(e);
                }
                Ok(())
            })
            .expect("no I/O");
        assert_eq!(envelopes.len(), 1);
        assert_eq!(envelopes[0].detail("limited_by").as_deref(), Some("ip"));
        assert_eq!(envelopes[0].detail("n").as_deref(), Some("1e999"));
        assert!(
            envelopes[0]
                .details
                .iter()
                .any(|(k, v)| k == "z" && v.is_none())
        );
    }

    #[test]
    fn odd_types_are_kept_as_text() {
        assert_eq!(
            read(&[r#"{"error":{"status":404,"reason":null,"request_id":["x"]}}"#]),
            ["envelope  404  [\"x\"]", "closed false 1"]
        );
    }

    #[test]
    fn bad_tokens_do_not_lose_the_envelope() {
        for line in [
            "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"cut \\ud83d\"}}",
            "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"details\":[{\"n\":1e999}]}}",
            "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"a\tb\"}}",
        ] {
            let seen = read(&[line]);
            assert!(
                seen[0].starts_with("envelope CALL_NOT_FOUND NOT_FOUND"),
                "{line}: {seen:?}"
            );
        }
    }

    #[test]
    fn salvages_a_cut_envelope_and_reads_on() {
        assert_eq!(
            read(&[
                r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","mess"#,
                r#"{"error":{"reason":"B","status":"X"}}"#
            ]),
            [
                "envelope CALL_NOT_FOUND NOT_FOUND",
                "cut 1",
                "envelope B X",
                "closed false 1"
            ]
        );
        assert_eq!(read(&[r#"{"error":{"sta"#]), ["cut 1"]);
    }

    #[test]
    fn a_broken_document_gives_way_to_the_next() {
        assert_eq!(
            read(&[r#"{"a {"error":{"reason":"X","status":"NOT_FOUND"}}"#]),
            ["envelope X NOT_FOUND", "closed false 1"]
        );
    }

    #[test]
    fn documents_span_lines_and_text_follows_them() {
        assert_eq!(
            read(&[
                "{",
                r#"  "error": {"reason": "A", "status": "S"}"#,
                r#"} tail {"error":{"reason":"B","status":"S"}}"#
            ]),
            [
                "envelope A S",
                "closed false 1",
                "envelope B S",
                "closed false 1"
            ]
        );
    }

    #[test]
    fn python_and_javascript_literals() {
        assert_eq!(
            read(&[
                "{'error': {'status': 'NOT_FOUND', 'reason': 'CALL_NOT_FOUND', 'message': None, 'request_id': 'r'}}"
            ]),
            ["envelope CALL_NOT_FOUND NOT_FOUND  r", "closed false 1"]
        );
        assert_eq!(
            read(&[
                "{",
                "  error: {",
                "    status: 'NOT_FOUND',",
                "    reason: 'CALL_NOT_FOUND',",
                "    details: [ [Object] ],",
                "  }",
                "}"
            ]),
            ["envelope CALL_NOT_FOUND NOT_FOUND", "closed false 1"]
        );
    }

    #[test]
    fn records_and_har_entries_give_their_exchange() {
        let mut reader = JsonReader::default();
        let mut seen = Vec::new();
        let record = r#"{"level":"error","method":"POST","url":"https://x/v1.0/calls/1/hangup","status":404,"retry_after":null,"body":"{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\"}}"}"#;
        let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://x/v1.0/agents"},"response":{"status":502,"headers":[{"name":"Retry-After","value":"5"}],"content":{"text":"<html></html>"}}},{"request":{"method":"GET","url":"https://x/v1.0/calls"},"response":{"status":429,"headers":[{"name":"X-Request-Id","value":"r9"}],"content":{"text":"{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"reason\":\"RATE_LIMIT_EXCEEDED\"}}"}}}]}}"#;
        for line in [record, har] {
            reader
                .feed_line(line, 1, |_| false, &mut |event| {
                    match event {
                        JsonEvent::Found(Finding {
                            found: Found::Envelope(e),
                            context: Some(c),
                            ..
                        }) => seen.push(format!(
                            "{} {:?} {:?} {:?} {:?}",
                            e.reason.as_ref().map_or("", ReasonName::as_str),
                            c.http,
                            c.method,
                            c.retry_after,
                            c.request_id
                        )),
                        JsonEvent::Found(Finding {
                            found: Found::NoEnvelope,
                            context: Some(c),
                            ..
                        }) => seen.push(format!(
                            "failure {:?} {:?} {:?}",
                            c.http, c.body, c.retry_after
                        )),
                        _ => {}
                    }
                    Ok(())
                })
                .expect("no I/O");
        }
        assert_eq!(
            seen,
            [
                r#"CALL_NOT_FOUND Some(404) Some("POST") None None"#,
                r#"failure Some(502) Some(Text) Some("5")"#,
                r#"RATE_LIMIT_EXCEEDED Some(429) Some("GET") None Some("r9")"#,
            ]
        );
    }

    #[test]
    fn a_string_ends_at_its_first_unescaped_quote() {
        for (text, end) in [
            (&br#""abc" x"#[..], Some(4)),
            (br#""a\"b" x"#, Some(5)),
            (br#""a\\" x"#, Some(4)),
            (br#""a\\\"b" x"#, Some(7)),
            (br#"'it\'s' x"#, Some(6)),
            (br#""cut \""#, None),
            (br#""\"#, None),
        ] {
            assert_eq!(
                string_end(text, 0),
                end,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn unescapes_strings() {
        assert_eq!(
            unescape(br#"a\"b\\c\n\u00e9\ud83d\ude00"#),
            "a\"b\\c\n\u{e9}\u{1f600}"
        );
        assert_eq!(unescape(br"lone \ud83d end"), "lone \u{fffd} end");
        assert_eq!(unescape(br"\x41"), "A");
        assert_eq!(unescape(b"\\"), "");
    }

    /// Each error's time and whether its document was a log record, read
    /// by a dated reader, with the shortcut and without.
    fn times(line: &str) -> Vec<(Option<i64>, bool)> {
        [false, true]
            .into_iter()
            .map(|reference| {
                let mut reader = JsonReader {
                    dated: true,
                    reference,
                    ..JsonReader::default()
                };
                let mut seen = Vec::new();
                reader
                    .feed_line(line, 1, |_| false, &mut |event| {
                        if let JsonEvent::Found(f) = event {
                            seen.push((f.time, f.logged));
                        }
                        Ok(())
                    })
                    .expect("no I/O");
                seen
            })
            .reduce(|quick, full| {
                assert_eq!(quick, full, "{line}");
                full
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_record_is_dated_by_its_own_time_field_before_any_nested_one() {
        const TEN: i64 = 1_795_514_400; // 2026-11-24T10:00:00Z
        let envelope = r#"{"error":{"reason":"X","status":"NOT_FOUND"}}"#;
        for (line, time, logged) in [
            (
                r#"{"time":"2026-11-24T10:00:00Z","level":"error","error":{"reason":"X","status":"Y"}}"#.to_owned(),
                Some(TEN),
                true,
            ),
            // The time after a long response (logrus), over a nested Date header.
            (
                format!(
                    r#"{{"resp":{{"headers":{{"Date":"Tue, 24 Nov 2026 09:00:00 GMT"}},"body":{},"pad":"{}"}},"time":"2026-11-24T10:00:00Z"}}"#,
                    serde_json::to_string(envelope).unwrap_or_default(),
                    "x".repeat(200)
                ),
                Some(TEN),
                true,
            ),
            (
                r#"{"resp":{"headers":{"Date":"Tue, 24 Nov 2026 10:00:00 GMT"},"error":{"reason":"X","status":"Y"}}}"#.to_owned(),
                Some(TEN),
                false,
            ),
            (
                r#"{"__REALTIME_TIMESTAMP":"1795514400000000","MESSAGE":"x","error":{"reason":"X","status":"Y"}}"#.to_owned(),
                Some(TEN),
                true,
            ),
            (
                r#"{"ts":1795514400.5,"error":{"reason":"X","status":"Y"}}"#.to_owned(),
                Some(TEN),
                true,
            ),
            (envelope.to_owned(), None, false),
        ] {
            assert_eq!(times(&line), [(time, logged)], "{line}");
        }
        // Each HAR entry is dated by its own start.
        let har = r#"{"log":{"entries":[{"startedDateTime":"2026-11-24T10:00:00Z","request":{"method":"GET","url":"https://x/v1.0/calls"},"response":{"status":429,"content":{"text":"{\"error\":{\"reason\":\"A\",\"status\":\"B\"}}"}}},{"startedDateTime":"2026-11-24T10:00:05Z","request":{"method":"GET","url":"https://x/v1.0/agents"},"response":{"status":502,"content":{"text":"<html>"}}}]}}"#;
        assert_eq!(times(har), [(Some(TEN), false), (Some(TEN + 5), false)]);
    }

    #[test]
    fn deep_nesting_is_skipped_not_stored() {
        let deep = format!(
            "{}{}",
            "{\"a\":".repeat(10_000),
            "1".to_owned() + &"}".repeat(10_000)
        );
        assert_eq!(read(&[&deep]), ["closed false 0"]);
    }
}
