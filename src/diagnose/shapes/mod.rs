//! Shapes: what HTTP clients print around a failed response. Each shape is a
//! pure recogniser in a file of its own that reads one line and *returns* a
//! [`Step`] (a request, a status, headers, a body, a record…), with sample
//! lines it must read; it never sees the scanner's state. [`REGISTRY`] asks
//! them in order, and the scanner's assembler turns their steps into one
//! exchange. Adding a client is one file, one registry line, and fixtures.
//!
//! | shape | seen in |
//! | --- | --- |
//! | `POST /v1.0/calls/… HTTP/1.1` | HTTPie -v, wget -d |
//! | `--2026-11-24 10:00:00--  https://…` | wget |
//! | `curl: (22) The requested URL returned error: 404` | curl -f, --fail-with-body |
//! | `send: b'GET …'`, `reply: 'HTTP/1.1 429 …'`, `header: …` | Python http.client debuglevel |
//! | `…HTTPError: 404 Client Error: Not Found for url: …` | Python requests, urllib |
//! | `(429)` | openapi-generator clients |
//! | `STATUS: 400`, `HEADERS: {…}`, `BODY: …` (also over several lines), `HTTP response body: …` | labelled dumps of scripts, test runners, SDK debug logs, openapi-generator |
//! | `Error: API error (status 502): …` | VoIPbin's `vn` CLI |
//! | `429 Too Many Requests` | Node fetch, any `status statusText` print |
//! | `Reason: Too Many Requests` | openapi-generator, after `(429)` |
//! | `404` alone | curl -w '%{http_code}' |
//! | `level=error status=404 reason=… request_id=…` | logfmt |
//! | `Traceback …`, `    at …`, `\tfrom …`, `#0 …` | stack traces of Python, JavaScript, Java, Ruby, PHP |
//! | `AxiosError: …`, then `  status: 404,` … `}` | Node's inspected error objects (axios, got, ky, superagent, undici) |
//! | `Response{protocol=http/1.1, code=404, …, url=…}` | Java and Kotlin objects' text (OkHttp, Lombok, records) |
//! | `[POST] "https://…": 404 Not Found` | ofetch, Nuxt's `$fetch`, request loggers |
//! | a sentence with a status code and a URL | exceptions and log lines of most HTTP libraries |
//! | `Actual(500 InternalServerError)`, `429 TOO_MANY_REQUESTS` | a reason phrase as an enum names it (Excon, Spring, .NET) |
//!
//! What spans lines is read by the scanner's assembler with these modules'
//! help: HTTP status lines and headers ([`http`]), curl -v's markers
//! ([`curl`]) and `--trace` dumps ([`trace`]), wget -S's indented headers
//! ([`wget`]), Node's inspected objects ([`node`]), and JSON.

mod codes;
pub mod curl;
pub mod fields;
mod fields_text;
pub mod http;
mod http_client_debug;
pub mod labelled;
pub mod logfmt;
pub mod node;
mod openapi;
mod phrase_word;
mod python;
mod sentence;
mod stack;
mod status;
mod tagged_method;
pub mod trace;
mod vn;
pub mod wget;

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::endpoint::Request;

pub use codes::failure_codes;
pub use http::{code_alone, request_line, status_line, trailing_code};

/// What one line of a client's output says about the exchange it prints.
#[derive(Debug, PartialEq)]
pub enum Step<'l> {
    /// A request line: the exchange before it is over.
    Request(String, Request),
    /// A client's own chatter (progress, sockets): nothing to read.
    Chatter,
    /// A line of a stack trace: nothing to read, and no end to what came before.
    Frame,
    /// The first line of a stack trace printed before its exception
    /// (Python's `Traceback …`, Node's `file:///app/x.mjs:7`): the exception
    /// after it starts here.
    TraceHead,
    /// A response's status, with its body on the lines that follow.
    Status(u16),
    /// Response headers, as name and value.
    Headers(Vec<(String, String)>),
    /// A body, after the client's label.
    Body(&'l str),
    /// A reason phrase on a line of its own, after the status it names.
    ReasonPhrase,
    /// A status code alone: after the body it answers (`curl -w`), or with none.
    CodeAlone(u16),
    /// A log record's fields, as key and value: one exchange of its own.
    Record(Vec<(&'l str, String)>),
    /// A sentence that names a failed response: its code, the request when
    /// it names one, and what it shows of the body.
    Sentence(Sentence<'l>),
    /// An error object whose properties follow, one per line (Node's
    /// `util.inspect`), and the sentence its first line tells, if any.
    Inspected(Option<Sentence<'l>>),
}

/// A failed response told in one line: `HTTPError: 404 … for url: …`,
/// `curl: (22) … error: 404`, `GET https://… -> 429 Too Many Requests`.
#[derive(Debug, PartialEq)]
pub struct Sentence<'l> {
    pub code: u16,
    pub request: Named,
    pub retry_after: Option<String>,
    pub body: Shown<'l>,
}

/// The request a sentence names.
#[derive(Debug, PartialEq)]
pub enum Named {
    /// None on this line: the request shown before it, if any.
    Earlier,
    /// The line names the request, or says there is none to name.
    This(Option<(String, Request)>),
}

/// What a sentence shows of the body.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown<'l> {
    /// Not shown: the client hid it; how to see it with that client.
    Hidden(&'static str),
    /// Not on this line, which ends at the status or a colon: the body may
    /// follow on the next lines (a program printing the status, then the
    /// body); how to see it if it does not.
    Next(&'static str),
    /// Shown, and empty.
    Empty,
    /// Shown on this line (it may go on over the next lines).
    Text(&'l str),
    /// Shown on this line encoded (a Node `Buffer`'s bytes in hex): its text.
    Decoded(String),
}

impl Shown<'_> {
    /// The body's text, when the line shows it.
    pub fn text(&self) -> Option<&str> {
        match self {
            Shown::Text(text) => Some(text),
            Shown::Decoded(text) => Some(text),
            _ => None,
        }
    }
}

/// One client shape: a recogniser and the lines it must read.
pub struct Shape {
    pub name: &'static str,
    pub read: for<'l> fn(&'l str) -> Option<Step<'l>>,
    /// Whether a line this shape reads may start with this byte: a line is
    /// asked only of the shapes that may read it (most text lines are log
    /// lines that only a few shapes could read).
    pub first: fn(u8) -> bool,
    /// Whether every line this shape reads holds a failure's status code
    /// ([`failure_codes`]): such shapes are asked only about lines that hold
    /// one, found once for them all (few lines of a log do).
    pub holds_code: bool,
    /// Whether a line of this shape begins a record of its own, so a JSON
    /// document still open before it was cut off.
    pub starts_record: bool,
    /// Lines of this shape, as clients print them.
    pub samples: &'static [&'static str],
}

/// The shapes, asked in this order for each line that is neither JSON nor
/// curl's or wget's own markup: the first that reads a line (and whose step
/// applies) takes it.
pub static REGISTRY: [&Shape; 19] = [
    &wget::CHATTER,
    &stack::FRAME,
    &http::REQUEST_LINE,
    &wget::URL,
    &http::CURL_FAIL,
    &http_client_debug::DEBUG,
    &python::HTTP_ERROR_SHAPE,
    &openapi::CODE,
    &labelled::LABELLED,
    &vn::ERROR,
    &status::BARE,
    &openapi::REASON,
    &http::CODE_ALONE,
    &logfmt::RECORD,
    // ofetch's `FetchError: [POST] …` line has no properties after it.
    &tagged_method::TAGGED_METHOD,
    &node::ERROR,
    &fields_text::FIELDS_TEXT,
    &sentence::SENTENCE,
    &phrase_word::PHRASE_WORD,
];

/// The shapes (bits of [`REGISTRY`] places) that may read a line starting
/// with each byte, and (last) an empty line.
static MAY_READ: LazyLock<[u32; 257]> = LazyLock::new(|| {
    let mut may_read = [0; 257];
    for (at, shape) in REGISTRY.iter().enumerate() {
        for (byte, shapes) in (0..=u8::MAX).zip(may_read.iter_mut()) {
            *shapes |= u32::from((shape.first)(byte)) << at;
        }
        may_read[256] |= 1 << at;
    }
    may_read
});

/// The shapes (bits of [`REGISTRY`] places) whose lines hold a failure's code.
static HOLD_CODES: LazyLock<u32> = LazyLock::new(|| {
    REGISTRY.iter().enumerate().fold(0, |shapes, (at, shape)| {
        shapes | u32::from(shape.holds_code) << at
    })
});

/// The shapes (bits of their registry places) that may read `line`.
fn may_read(line: &str, from: usize) -> u32 {
    let first = line.as_bytes().first().map_or(256, |&b| usize::from(b));
    let mut shapes = MAY_READ[first] & u32::MAX.checked_shl(from as u32).unwrap_or(0);
    if shapes & *HOLD_CODES != 0 && failure_codes(line).next().is_none() {
        shapes &= !*HOLD_CODES;
    }
    shapes
}

/// The first shape from `from` on that reads the line: its place and step.
pub fn first_shape(line: &str, from: usize) -> Option<(usize, Step<'_>)> {
    let shapes = may_read(line, from);
    // One test and one direct call per place, not a call through a pointer
    // that changes from shape to shape (which processors mispredict: 10% of
    // the time on a text log). `every_shape_reads_its_samples_as_declared`
    // checks that every place is asked.
    macro_rules! ask {
        ($($at:literal)*) => {$(
            if shapes & (1 << $at) != 0
                && let Some(step) = (REGISTRY[$at].read)(line)
            {
                return Some(($at, step));
            }
        )*};
    }
    ask!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18);
    None
}

/// Whether a line begins a record of its own by the registry's shapes.
pub fn starts_record(line: &str) -> bool {
    let shapes = may_read(line, 0);
    REGISTRY.iter().enumerate().any(|(at, shape)| {
        shapes & (1 << at) != 0 && shape.starts_record && (shape.read)(line).is_some()
    })
}

/// A [`Shape::first`] for shapes that read a line anywhere.
fn any(_: u8) -> bool {
    true
}

/// A byte that may start white space `trim` takes off: a shape that trims
/// a line may read one starting so.
fn spaced(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b || b >= 0x80
}

/// `text.trim()`, sooner for the usual line that neither starts nor ends
/// with white space (every line asks several recognisers).
pub fn trimmed(text: &str) -> &str {
    let bytes = text.as_bytes();
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if plain(bytes.first()) && plain(bytes.last()) {
        return text;
    }
    text.trim()
}

/// Where `needle` is in `haystack`: searchers built once, since every line asks.
fn find(finder: &LazyLock<Finder<'static>>, haystack: &str) -> Option<usize> {
    finder.find(haystack.as_bytes())
}

/// A status code: three digits, 100 to 599.
fn code(text: &str) -> Option<u16> {
    let code: u16 = text.parse().ok()?;
    (100..=599).contains(&code).then_some(code)
}

/// The standard reason phrase of a code.
fn phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// A request named by method and URL: as shown, and parsed (by the URL
/// alone when the method is not one).
pub fn request_from(method: Option<&str>, url: &str) -> (String, Option<Request>) {
    let shown = method
        .filter(|m| !m.is_empty())
        .map_or_else(|| url.to_owned(), |m| format!("{m} {url}"));
    let request = Request::parse(&shown).or_else(|| Request::parse(url));
    (shown, request)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape reads each of its samples, and no shape before it in the
    /// registry takes the line first.
    #[test]
    fn every_shape_reads_its_samples_as_declared() {
        for (at, shape) in REGISTRY.iter().enumerate() {
            assert!(!shape.samples.is_empty(), "{} has no sample", shape.name);
            for sample in shape.samples {
                assert!(
                    (shape.read)(sample).is_some(),
                    "{} does not read its sample {sample:?}",
                    shape.name
                );
                if let Some(earlier) = REGISTRY[..at].iter().find(|s| (s.read)(sample).is_some()) {
                    panic!(
                        "{}'s sample {sample:?} is taken first by {}",
                        shape.name, earlier.name
                    );
                }
                assert_eq!(
                    first_shape(sample, 0).map(|(place, _)| place),
                    Some(at),
                    "first_shape does not ask {} about its sample {sample:?}",
                    shape.name
                );
            }
        }
    }

    /// A shape never reads a line whose first byte it says it cannot start
    /// with, nor one without a failure's code if it says its lines hold one: on its samples, every captured transcript and fixture, and any text.
    #[test]
    fn shapes_read_only_lines_they_may_start() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut lines: Vec<String> = Vec::new();
        let mut dirs = vec![fixtures];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    let text = String::from_utf8_lossy(&bytes);
                    lines.extend(text.split(['\n', '\r']).map(str::to_owned));
                }
            }
        }
        assert!(lines.len() > 1000, "fixtures read: {}", lines.len());
        lines.extend(
            REGISTRY
                .iter()
                .flat_map(|s| s.samples.iter().map(|l| (*l).to_owned())),
        );
        for line in &lines {
            assert_first_byte_allowed(line);
        }
    }

    fn assert_first_byte_allowed(line: &str) {
        for shape in REGISTRY {
            if (shape.read)(line).is_none() {
                continue;
            }
            if let Some(&b) = line.as_bytes().first() {
                assert!((shape.first)(b), "{} reads {line:?}", shape.name);
            }
            assert!(
                !shape.holds_code || failure_codes(line).next().is_some(),
                "{} reads {line:?}, which holds no failure's code",
                shape.name
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_only_by_shapes_that_may_start_it(
            indent in proptest::sample::select(vec!["", " ", "\t", "\u{a0}", "\u{3000}", "\u{b}"]),
            word in proptest::sample::select(vec![
                "", "HTTP/1.1 ", "GET /v1.0/calls ", "curl: (22) ", "--2026-11-24 10:00:00--  ",
                "AxiosError: ", "HTTPError: ", "(404)", "429 ", "status=404 ", "Reason: ",
                "API error (status 502): ", "HTTP response body: ", "send: b'", "#0 ", "at x (y:1)",
            ]),
            text in "\\PC{0,40}",
        ) {
            assert_first_byte_allowed(&format!("{indent}{word}{text}"));
            assert_first_byte_allowed(&format!("{text}{word}"));
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = REGISTRY.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
    }
}
