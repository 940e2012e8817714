//! Recognisers for what HTTP clients print around a response: one small,
//! pure function per shape, each tested alone. The scanner asks them about
//! each line and turns what they see into one `Exchange`.
//!
//! | shape | seen in |
//! | --- | --- |
//! | `HTTP/1.1 404 Not Found`, indented or not | curl -i, HTTPie, wget -S / -d |
//! | `POST /v1.0/calls/… HTTP/1.1` | HTTPie -v, wget -d |
//! | `--2026-11-24 10:00:00--  https://…` | wget |
//! | `curl: (22) The requested URL returned error: 404` | curl -f, --fail-with-body |
//! | `404` alone, or `…}404` | curl -w '%{http_code}' |
//! | `…HTTPError: 404 Client Error: Not Found for url: …` | Python requests |
//! | `(429)`, `HTTP response headers: HTTPHeaderDict({…})` | openapi-generator clients |
//! | `Error: API error (status 502): …` | VoIPbin's `vn` CLI |
//! | `429 Too Many Requests` | Node fetch, any `status statusText` print |
//! | `level=error status=404 reason=… request_id=…` | logfmt |
//! | `=> Send header`, `0000: …` | curl --trace-ascii / --trace |

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::endpoint::Request;

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

/// Whether `needle` is in `haystack`: searchers built once, since every line asks.
fn contains(finder: &LazyLock<Finder<'static>>, haystack: &str) -> Option<usize> {
    finder.find(haystack.as_bytes())
}

static ERROR_WORD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("rror"));
static HTTP_ERROR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("HTTPError: "));
static VN_ERROR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("API error (status "));
static LOGFMT_REASON: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("reason="));
static LOGFMT_STATUS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("status="));
static EXCEPTION: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("Exception: "));

/// A status line: `HTTP/1.1 404 Not Found` (also indented, as wget -S prints it).
pub fn status_line(line: &str) -> Option<u16> {
    let rest = line.trim_start().strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    parts.next()?;
    code(parts.next()?)
}

/// Whether the status line was indented (wget -S: no body follows unless asked).
pub fn indented(line: &str) -> bool {
    line.starts_with(' ')
}

fn code(text: &str) -> Option<u16> {
    let code: u16 = text.parse().ok()?;
    (100..=599).contains(&code).then_some(code)
}

/// A request line: `POST /v1.0/calls/… HTTP/1.1`, the method in capitals
/// and a path; `HTTP/x` after it is required unless `marked` (curl's `> `).
pub fn request_line(line: &str, marked: bool) -> Option<(String, Request)> {
    // Cheap first: `METHOD /` (at most 7 capitals, a space, a slash).
    let space = line.bytes().take(8).position(|b| b == b' ')?;
    if space < 3 || !line.as_bytes()[..space].iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || !target.starts_with('/') {
        return None;
    }
    if !marked && !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let shown = format!("{method} {target}");
    let request = Request::parse(&shown)?;
    request.method.as_ref()?;
    Some((shown, request))
}

/// wget's `--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls`: the URL.
pub fn wget_url(line: &str) -> Option<(String, Request)> {
    let rest = line.strip_prefix("--")?;
    let (stamp, url) = rest.split_once("--")?;
    if !stamp.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let url = url.trim();
    if !url.contains("://") {
        return None;
    }
    Some((url.to_owned(), Request::parse(url)?))
}

/// wget's own lines between the headers and the body (`wget -d`, `-S`):
/// progress, socket and file chatter, `---response end---`, `ERROR 404: …`.
pub fn wget_chatter(line: &str) -> bool {
    const STARTS: [&str; 16] = [
        "---request ",
        "---response ",
        "Registered socket",
        "URI content encoding",
        "Saving to:",
        "Length:",
        "HTTP request sent",
        "Skipping ",
        "Disabling further reuse",
        "Closed fd",
        "Created socket",
        "Releasing ",
        "Deleting unused",
        "Connecting to ",
        "Resolving ",
        "Reusing existing connection",
    ];
    let t = line.trim_start();
    let Some(first) = t.bytes().next() else {
        return false;
    };
    if !first.is_ascii_alphanumeric() && first != b'-' {
        return false;
    }
    if STARTS
        .iter()
        .any(|s| s.as_bytes()[0] == first && t.starts_with(s))
    {
        return true;
    }
    // `     0K ....  100%  917K=0s` and `2026-11-24 10:00:00 ERROR 404: Not Found.`
    let progress = line.starts_with("  ")
        && t.split_whitespace().next().is_some_and(|w| {
            w.ends_with('K') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        });
    let stamped_error = line.get(19..26) == Some(" ERROR ")
        && line.as_bytes()[4] == b'-'
        && line.get(29..30) == Some(":");
    progress || stamped_error
}

/// curl's own error for an HTTP failure (`-f`): the code it names.
pub fn curl_http_error(line: &str) -> Option<u16> {
    let rest = trimmed(line).strip_prefix("curl: (22) ")?;
    let after = rest.rsplit_once("error: ")?.1;
    code(after.split_whitespace().next()?)
}

/// A status code alone on a line, as `curl -w '%{http_code}'` prints it.
pub fn code_alone(line: &str) -> Option<u16> {
    let t = trimmed(line);
    (t.len() == 3).then(|| code(t)).flatten()
}

/// `…}404`: a body and `curl -w '%{http_code}'` without a newline between.
/// Returns the body part and the code.
pub fn trailing_code(line: &str) -> Option<(&str, u16)> {
    let t = line.trim_end();
    let split = t.len().checked_sub(3)?;
    let (body, digits) = (t.get(..split)?, t.get(split..)?);
    if !body.ends_with('}') {
        return None;
    }
    Some((body, code(digits)?))
}

/// Whether a line may be a client's error line ([`python_http_error`],
/// [`vn_error`]): both say `…rror`. One search instead of one each.
pub fn says_error(line: &str) -> bool {
    contains(&ERROR_WORD, line).is_some()
}

/// Python: `requests.exceptions.HTTPError: 404 Client Error: Not Found for url: …`
/// (also `urllib.error.HTTPError: HTTP Error 404: Not Found`): code and URL.
pub fn python_http_error(line: &str) -> Option<(u16, Option<(String, Request)>)> {
    let at = contains(&HTTP_ERROR, line)?;
    let rest = &line[at + "HTTPError: ".len()..];
    if let Some(after) = rest.strip_prefix("HTTP Error ") {
        return Some((code(after.get(..3)?)?, None));
    }
    let http = code(rest.get(..3)?)?;
    if !rest[3..].starts_with(" Client Error") && !rest[3..].starts_with(" Server Error") {
        return None;
    }
    let url = rest
        .split_once(" for url: ")
        .map(|(_, url)| url.trim())
        .and_then(|url| Some((url.to_owned(), Request::parse(url)?)));
    Some((http, url))
}

/// openapi-generator's exception: `(429)` alone (or after `…Exception: `).
pub fn parenthesized_code(line: &str) -> Option<u16> {
    let t = trimmed(line);
    if !t.ends_with(')') {
        return None;
    }
    let t = contains(&EXCEPTION, t).map_or(t, |at| &t[at + "Exception: ".len()..]);
    code(t.strip_prefix('(')?.strip_suffix(')')?)
}

/// openapi-generator's `HTTP response headers: HTTPHeaderDict({'Retry-After': '17', …})`:
/// the header pairs.
pub fn header_dict(line: &str) -> Option<Vec<(String, String)>> {
    let rest = trimmed(line).strip_prefix("HTTP response headers: ")?;
    let inner = rest
        .trim_start_matches("HTTPHeaderDict(")
        .trim_end_matches(')')
        .trim_start_matches('{')
        .trim_end_matches('}');
    let mut pairs = Vec::new();
    for item in inner.split(", '") {
        let item = item.trim_start_matches('\'');
        if let Some((name, value)) = item.split_once("': '") {
            pairs.push((name.to_owned(), value.trim_end_matches('\'').to_owned()));
        }
    }
    Some(pairs)
}

/// openapi-generator's `HTTP response body: …`: the body.
pub fn body_prefix(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("HTTP response body: ")
}

/// VoIPbin's `vn` CLI: `Error: API error (status 502): <html>…`; the code and the rest.
pub fn vn_error(line: &str) -> Option<(u16, &str)> {
    let at = contains(&VN_ERROR, line)?;
    let rest = &line[at + "API error (status ".len()..];
    let (digits, body) = rest.split_once("):")?;
    Some((code(digits)?, body.trim_start()))
}

/// The standard reason phrase of a code, for recognising `429 Too Many Requests`.
fn phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// `429 Too Many Requests` on a line of its own (Node's `status statusText`):
/// only with the code's own reason phrase, so log prose is not mistaken for it.
pub fn bare_status(line: &str) -> Option<u16> {
    let t = trimmed(line);
    // The code, then a space: most lines are over at their first bytes.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 3 || t.as_bytes().get(digits) != Some(&b' ') {
        return None;
    }
    let (digits, words) = t.split_at(digits);
    let words = &words[1..];
    let http = code(digits)?;
    phrase(http)
        .is_some_and(|p| p.eq_ignore_ascii_case(words.trim()))
        .then_some(http)
}

/// One logfmt line's fields (`key=value`, `key="quoted value"`), when it
/// names a reason (`level=error status=404 reason=CALL_NOT_FOUND …`) or a
/// failed request (`status=502 method=GET url=…`).
pub fn logfmt(line: &str) -> Option<Vec<(&str, String)>> {
    // A logfmt line starts with `key=`: most lines are over at their first word.
    let mut rest = trimmed(line);
    let key = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        .count();
    if key == 0 || rest.as_bytes().get(key) != Some(&b'=') {
        return None;
    }
    if contains(&LOGFMT_REASON, line).is_none() && contains(&LOGFMT_STATUS, line).is_none() {
        return None;
    }
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (quoted[..end].to_owned(), &quoted[end + 1..])
            }
            None => {
                let end = after.find(' ').unwrap_or(after.len());
                (after[..end].to_owned(), &after[end..])
            }
        };
        fields.push((key, value));
        rest = next.trim_start();
    }
    let value = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    };
    let upper = value("reason").is_some_and(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    });
    let failed_request = value("status").and_then(code).is_some_and(|c| c >= 400)
        && (value("url").is_some() || value("path").is_some());
    ((upper || failed_request) && fields.len() >= 2).then_some(fields)
}

/// What one line of curl's `--trace`/`--trace-ascii` output is.
#[derive(Debug, PartialEq, Eq)]
pub enum TraceLine {
    /// `=> Send header, 89 bytes (0x59)` and the like: a block begins.
    Block(TraceBlock),
    /// `== Info: …`
    Info,
    /// `0000: …`: the offset and the data (hex pairs and text, or text).
    Data(usize, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceBlock {
    SendHeader,
    SendData,
    RecvHeader,
    RecvData,
    /// SSL data and the like: not read.
    Other,
}

pub fn trace_line(line: &str) -> Option<TraceLine> {
    // Every line asks: most start with none of `=`, `<` or a hex digit.
    if !line
        .bytes()
        .next()
        .is_some_and(|b| b == b'=' || b == b'<' || b.is_ascii_hexdigit())
    {
        return None;
    }
    if line.starts_with("== Info:") {
        return Some(TraceLine::Info);
    }
    for (prefix, block) in [
        ("=> Send header,", TraceBlock::SendHeader),
        ("=> Send data,", TraceBlock::SendData),
        ("<= Recv header,", TraceBlock::RecvHeader),
        ("<= Recv data,", TraceBlock::RecvData),
        ("=> Send SSL data,", TraceBlock::Other),
        ("<= Recv SSL data,", TraceBlock::Other),
    ] {
        if line.starts_with(prefix) {
            return Some(TraceLine::Block(block));
        }
    }
    // `0000: …`: hex digits, then `: ` (checked byte by byte: every line asks).
    let digits = line.bytes().take_while(u8::is_ascii_hexdigit).count();
    if digits < 4 || line.as_bytes().get(digits..digits + 2) != Some(b": ") {
        return None;
    }
    let (offset, data) = (&line[..digits], &line[digits + 2..]);
    let offset = usize::from_str_radix(offset, 16).ok()?;
    Some(TraceLine::Data(offset, data.to_owned()))
}

/// Rebuilds the bytes of one trace block from its data lines. `--trace`
/// lines are 16 hex pairs and then the text; `--trace-ascii` lines are text
/// of up to 64 bytes, where a line that ends before the next offset had a
/// line break (`\r\n` or `\n`) there.
#[derive(Debug, Default)]
pub struct TraceBlockBytes {
    pub bytes: Vec<u8>,
    /// The offset the next line should have, and whether the last line was text.
    expected: usize,
    text_line_open: bool,
}

impl TraceBlockBytes {
    pub fn push(&mut self, offset: usize, data: &str) {
        if let Some(hex) = hex_pairs(data) {
            self.bytes.extend(hex);
            self.expected = offset + 16;
            return;
        }
        // ASCII: the gap between where the text ended and the next offset is the line break.
        if self.text_line_open && offset > self.expected {
            let gap = (offset - self.expected).min(2);
            self.bytes
                .extend_from_slice(if gap == 2 { b"\r\n" } else { b"\n" });
        }
        self.bytes.extend_from_slice(data.as_bytes());
        self.expected = offset + data.len();
        self.text_line_open = true;
    }

    /// The block is over: a final line break the dump leaves implicit.
    pub fn finish(&mut self, total: Option<usize>) {
        if let Some(total) = total
            && self.text_line_open
            && total > self.expected
        {
            self.bytes.extend_from_slice(if total - self.expected >= 2 {
                b"\r\n"
            } else {
                b"\n"
            });
        }
    }
}

/// `48 54 54 50 …  HTTP…`: the bytes of a `--trace` hex line, or None for
/// text. A hex line is always 16 columns of `hh ` (blank when short), 48
/// characters, then the text.
fn hex_pairs(data: &str) -> Option<Vec<u8>> {
    let columns = data.get(..48)?;
    if data.len() == 48 {
        return None;
    }
    let mut bytes = Vec::with_capacity(16);
    for column in columns.as_bytes().chunks(3) {
        match column {
            [b' ', b' ', b' '] => {}
            [hi, lo, b' '] => {
                let pair = [*hi, *lo];
                let text = std::str::from_utf8(&pair).ok()?;
                bytes.push(u8::from_str_radix(text, 16).ok()?);
            }
            _ => return None,
        }
    }
    (!bytes.is_empty()).then_some(bytes)
}

/// The byte count a trace block header announces (`… 190 bytes (0xbe)`).
pub fn trace_block_size(line: &str) -> Option<usize> {
    let (_, rest) = line.split_once(", ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// Removes HTTP/1.1 chunked framing (`56\r\n…\r\n0\r\n\r\n`) when the body has it.
pub fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_request_lines() {
        assert_eq!(status_line("HTTP/1.1 404 Not Found"), Some(404));
        assert_eq!(status_line("  HTTP/1.1 429 Too Many Requests"), Some(429));
        assert_eq!(status_line("HTTP/2 200"), Some(200));
        assert_eq!(status_line("HTTP/1.1 abc"), None);
        assert!(request_line("POST /v1.0/calls/x/hangup HTTP/1.1", false).is_some());
        assert!(request_line("POST /v1.0/calls/x/hangup", false).is_none());
        assert!(request_line("POST /v1.0/calls/x/hangup", true).is_some());
        assert!(request_line("Error /x HTTP/1.1", false).is_none());
        let (shown, request) =
            wget_url("--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls?x=1")
                .expect("url");
        assert_eq!(shown, "https://api.voipbin.net/v1.0/calls?x=1");
        assert_eq!(request.path(), "/calls");
        assert!(wget_url("--help--  nothing").is_none());
    }

    #[test]
    fn client_error_lines() {
        assert_eq!(
            curl_http_error("curl: (22) The requested URL returned error: 404"),
            Some(404)
        );
        assert_eq!(
            curl_http_error("curl: (22) The requested URL returned error: 429 Too Many Requests"),
            Some(429)
        );
        assert_eq!(curl_http_error("curl: (6) Could not resolve host: x"), None);
        assert!(wget_chatter("---response end---"));
        assert!(wget_chatter("2026-11-24 23:55:00 ERROR 404: Not Found."));
        assert!(wget_chatter(
            "     0K                                                        0.00 =0s"
        ));
        assert!(!wget_chatter("ERROR: the call failed"));
        assert_eq!(code_alone("404"), Some(404));
        assert_eq!(code_alone("4040"), None);
        assert_eq!(trailing_code(r#"{"a":1}500"#), Some((r#"{"a":1}"#, 500)));
        assert_eq!(trailing_code("port 8080"), None);
        let (http, url) = python_http_error(
            "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/x",
        )
        .expect("recognised");
        assert_eq!(http, 404);
        assert_eq!(url.expect("url").1.path(), "/calls/x");
        assert_eq!(
            python_http_error("urllib.error.HTTPError: HTTP Error 502: Bad Gateway").map(|r| r.0),
            Some(502)
        );
        assert_eq!(parenthesized_code("(429)"), Some(429));
        assert_eq!(
            parenthesized_code("voipbin_client.exceptions.ApiException: (404)"),
            Some(404)
        );
        assert_eq!(
            header_dict(
                "HTTP response headers: HTTPHeaderDict({'Retry-After': '17', 'X-Request-Id': 'r1'})"
            ),
            Some(vec![
                ("Retry-After".to_owned(), "17".to_owned()),
                ("X-Request-Id".to_owned(), "r1".to_owned())
            ])
        );
        assert_eq!(
            vn_error("Error: API error (status 502): <html>"),
            Some((502, "<html>"))
        );
        assert_eq!(bare_status("429 Too Many Requests"), Some(429));
        assert_eq!(bare_status("404 not found"), Some(404));
        assert_eq!(bare_status("404 widgets were found"), None);
    }

    #[test]
    fn logfmt_lines() {
        let fields = logfmt(r#"level=error status=404 reason=CALL_NOT_FOUND message="The call was not found." request_id=r1"#)
            .expect("logfmt");
        assert!(fields.contains(&("message", "The call was not found.".to_owned())));
        assert!(fields.contains(&("reason", "CALL_NOT_FOUND".to_owned())));
        assert!(logfmt("the reason=unknown here").is_none());
        assert!(logfmt("status=502 method=GET url=https://x/v1.0/agents").is_some());
        assert!(logfmt("status=200 url=https://x/v1.0/agents").is_none());
        assert!(logfmt("reason=CALL_NOT_FOUND").is_none());
    }

    #[test]
    fn trace_blocks_rebuild_their_bytes() {
        assert_eq!(
            trace_line("<= Recv data, 190 bytes (0xbe)"),
            Some(TraceLine::Block(TraceBlock::RecvData))
        );
        assert_eq!(
            trace_block_size("<= Recv data, 190 bytes (0xbe)"),
            Some(190)
        );
        let mut ascii = TraceBlockBytes::default();
        for line in ["0000: 5", "0003: {\"a\":", "0008: 1}", "000c: 0", "000f: "] {
            let Some(TraceLine::Data(offset, data)) = trace_line(line) else {
                panic!("{line}")
            };
            ascii.push(offset, &data);
        }
        ascii.finish(Some(17));
        assert_eq!(ascii.bytes, b"5\r\n{\"a\":1}\r\n0\r\n\r\n");
        let mut hex = TraceBlockBytes::default();
        let Some(TraceLine::Data(offset, data)) = trace_line(
            "0000: 48 54 54 50 2f 31 2e 31 20 34 30 34 0d 0a             HTTP/1.1 404..",
        ) else {
            panic!()
        };
        hex.push(offset, &data);
        assert_eq!(hex.bytes, b"HTTP/1.1 404\r\n");
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"{\"a\":1}"), None);
    }
}
