//! Python's `http.client` with `debuglevel = 1`, the usual recipe for seeing
//! what `requests` sends and gets: `send: b'GET /v1.0/calls HTTP/1.1\r\n…'`,
//! `reply: 'HTTP/1.1 429 Too Many Requests\r\n'`, `header: Retry-After: 17`.

use super::{Shape, Step, code, request_line};

fn debug_line(line: &str) -> Option<Step<'_>> {
    if let Some(sent) = line.strip_prefix("send: b") {
        // The request line, or (a request body sent apart) nothing to read.
        let first = sent
            .trim_start_matches(['\'', '"'])
            .split("\\r\\n")
            .next()?;
        return Some(match request_line(first, false) {
            Some((shown, request)) => Step::Request(shown, request),
            None => Step::Chatter,
        });
    }
    if let Some(reply) = line.strip_prefix("reply: '") {
        let status = reply.strip_prefix("HTTP/")?.split_whitespace().nth(1)?;
        return code(status).map(Step::Status);
    }
    let (name, value) = line.strip_prefix("header: ")?.split_once(": ")?;
    Some(Step::Headers(vec![(
        name.to_owned(),
        value.trim().to_owned(),
    )]))
}

pub static DEBUG: Shape = Shape {
    name: "Python http.client debug",
    read: debug_line,
    first: |b| matches!(b, b's' | b'r' | b'h'),
    holds_code: false,
    starts_record: true,
    samples: &[
        r"send: b'GET /v1.0/calls HTTP/1.1\r\nHost: api.voipbin.net\r\n\r\n'",
        r"send: b'{\x22name\x22: \x22x\x22}'",
        r"reply: 'HTTP/1.1 429 Too Many Requests\r\n'",
        "header: Retry-After: 17",
    ],
};
