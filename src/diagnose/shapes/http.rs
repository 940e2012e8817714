//! HTTP's own lines and curl's: a status line, a request line, curl `-f`'s
//! error, and the code `curl -w '%{http_code}'` prints.

use super::{Named, Sentence, Shape, Shown, Step, code, spaced, trimmed};
use crate::endpoint::Request;

/// A status line: `HTTP/1.1 404 Not Found` (also indented, as wget -S prints it).
pub fn status_line(line: &str) -> Option<u16> {
    let rest = line.trim_start().strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    parts.next()?;
    code(parts.next()?)
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

/// HTTPie -v, wget -d: the request line without a marker.
pub static REQUEST_LINE: Shape = Shape {
    name: "request line",
    read: |line| request_line(line, false).map(|(shown, request)| Step::Request(shown, request)),
    first: |b| b.is_ascii_uppercase(),
    holds_code: false,
    starts_record: true,
    samples: &[
        "POST /v1.0/calls/x/hangup HTTP/1.1",
        "GET /v1.0/agents?page_size=10 HTTP/1.1",
    ],
};

/// curl's own error for an HTTP failure (`-f`): the code it names.
fn curl_fail(line: &str) -> Option<Step<'_>> {
    let rest = trimmed(line).strip_prefix("curl: (22) ")?;
    let after = rest.rsplit_once("error: ")?.1;
    Some(Step::Sentence(Sentence {
        code: code(after.split_whitespace().next()?)?,
        request: Named::Earlier,
        retry_after: None,
        // `--fail-with-body` prints the body after it.
        body: Shown::Next(
            "Run curl with -sS instead of -f (or with --fail-with-body) to see the body: it says which reason.",
        ),
    }))
}

pub static CURL_FAIL: Shape = Shape {
    name: "curl -f error",
    read: curl_fail,
    first: |b| b == b'c' || spaced(b),
    holds_code: true,
    starts_record: true,
    samples: &[
        "curl: (22) The requested URL returned error: 404",
        "curl: (22) The requested URL returned error: 429 Too Many Requests",
    ],
};

/// A status code alone on a line, as `curl -w '%{http_code}'` prints it.
pub fn code_alone(line: &str) -> Option<u16> {
    let t = trimmed(line);
    (t.len() == 3).then(|| code(t)).flatten()
}

/// A code alone shows nothing else of the response.
pub const CODE_ALONE_HIDES: &str = "Run curl with -si to see the headers and the body.";

pub static CODE_ALONE: Shape = Shape {
    name: "status code alone",
    read: |line| code_alone(line).filter(|c| *c >= 400).map(Step::CodeAlone),
    first: |b| b.is_ascii_digit() || spaced(b),
    holds_code: true,
    starts_record: false,
    samples: &["404", "502"],
};

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
    }

    #[test]
    fn curl_and_code_lines() {
        let failed = |line| match curl_fail(line) {
            Some(Step::Sentence(s)) => Some(s.code),
            _ => None,
        };
        assert_eq!(
            failed("curl: (22) The requested URL returned error: 404"),
            Some(404)
        );
        assert_eq!(failed("curl: (6) Could not resolve host: x"), None);
        assert_eq!(code_alone("404"), Some(404));
        assert_eq!(code_alone("4040"), None);
        assert_eq!(trailing_code(r#"{"a":1}500"#), Some((r#"{"a":1}"#, 500)));
        assert_eq!(trailing_code("port 8080"), None);
    }
}
