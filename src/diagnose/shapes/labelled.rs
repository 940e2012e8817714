//! A response dumped field by field, a label and its value on each line:
//! `STATUS: 400`, `HEADERS: {"X-Request-Id": "r1"}`, `BODY: {…}`, with a
//! body over several `BODY:` lines being one body; as scripts, test
//! runners and SDK debug logs print it (`Status: 429`, `Response status:
//! 429 Too Many Requests`, `response headers: {'Retry-After': '17'}`,
//! `HTTP response body: …`, `data: …`). Read by its labels, in any case.

use super::{Shape, Step, code, spaced, trimmed};

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Status,
    Headers,
    Body,
}

/// Labels are short: a line whose colon comes later is prose.
const MAX_LABEL: usize = 24;

/// A line's label and the value after it.
fn label(line: &str) -> Option<(Label, &str)> {
    let t = line.trim_start();
    let colon = t
        .as_bytes()
        .iter()
        .take(MAX_LABEL)
        .position(|b| *b == b':')?;
    let name = &t[..colon];
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'_')
    {
        return None;
    }
    let name = name.trim().to_ascii_lowercase();
    let mut name = name.as_str();
    for prefix in ["http ", "response ", "resp ", "res "] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    let label = match name {
        "status" | "status code" | "status_code" | "statuscode" | "http status" => Label::Status,
        "headers" => Label::Headers,
        "body" | "data" | "text" | "content" => Label::Body,
        _ => return None,
    };
    Some((label, t[colon + 1..].trim_start()))
}

/// A line of a dump after its status label that is neither headers nor
/// body: a header indented under `HEADERS:` (`\tX-Request-Id: r1`), or
/// another field in capitals (`PROTO        : HTTP/1.1`, `TIME DURATION:
/// 1.7ms`, go-resty's debug log).
#[derive(Debug, PartialEq, Eq)]
pub enum Field<'l> {
    Header(&'l str),
    Other,
}

pub fn field(line: &str) -> Option<Field<'_>> {
    let t = line.trim_start();
    let (name, _) = t.split_once(':')?;
    if line.len() > t.len() {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        return token.then_some(Field::Header(t));
    }
    let capitals = name.len() <= MAX_LABEL
        && name.bytes().any(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b' ' || b == b'_');
    (capitals && label(line).is_none()).then_some(Field::Other)
}

/// The body after a body label (a line of a body dumped over several).
pub fn body(line: &str) -> Option<&str> {
    match label(line)? {
        (Label::Body, value) => Some(value),
        _ => None,
    }
}

fn labelled(line: &str) -> Option<Step<'_>> {
    let (label, value) = label(line)?;
    Some(match label {
        Label::Status => {
            let value = trimmed(value);
            let digits = value.get(..3)?;
            if value.len() > 3 && !value[3..].starts_with(' ') {
                return None;
            }
            Step::Status(code(digits)?)
        }
        Label::Headers => Step::Headers(header_pairs(value)),
        Label::Body => Step::Body(value),
    })
}

/// The `name: value` pairs of headers written as a JSON object, a Python
/// dict (`HTTPHeaderDict({'Retry-After': '17'})`) or a JavaScript object.
pub fn header_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text;
    while let Some((name, after)) = quoted(rest) {
        let after = after.trim_start();
        let Some(after) = after.strip_prefix(':').map(str::trim_start) else {
            rest = after;
            continue;
        };
        let (value, next) = match quoted(after) {
            Some((value, next)) if after.starts_with(['\'', '"']) => (value, next),
            _ => {
                let end = after.find([',', '}', ')']).unwrap_or(after.len());
                (after[..end].trim().to_owned(), &after[end..])
            }
        };
        pairs.push((name, value));
        rest = next;
    }
    pairs
}

/// The next quoted string (`'…'` or `"…"`), unescaped, and the text after it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let open = text.find(['\'', '"'])?;
    let quote = text.as_bytes()[open];
    let mut value = String::new();
    let mut chars = text[open + 1..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => value.extend(chars.next().map(|(_, c)| c)),
            c if c as u32 == u32::from(quote) => {
                return Some((value, &text[open + 1 + at + 1..]));
            }
            c => value.push(c),
        }
    }
    None
}

pub static LABELLED: Shape = Shape {
    name: "labelled fields",
    read: labelled,
    first: |b| b.is_ascii_alphabetic() || spaced(b),
    holds_code: false,
    starts_record: false,
    samples: &[
        "STATUS: 400",
        "Response status: 429 Too Many Requests",
        r#"HEADERS: {"Content-Type": "application/json", "X-Request-Id": "req_s1"}"#,
        "response headers: {'Retry-After': '17'}",
        "HTTP response headers: HTTPHeaderDict({'Retry-After': '17', 'X-Request-Id': 'r1'})",
        r#"HTTP response body: {"error":{"reason":"CALL_NOT_FOUND"}}"#,
        r#"BODY: {"error": {"status": "INVALID_ARGUMENT","#,
        "data: <html>",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_values() {
        assert_eq!(labelled("STATUS: 400"), Some(Step::Status(400)));
        assert_eq!(
            labelled("status code: 404 Not Found"),
            Some(Step::Status(404))
        );
        assert_eq!(labelled("Status: 4040"), None);
        assert_eq!(labelled("Status: ok"), None);
        assert_eq!(
            labelled(r#"HEADERS: {"X-Request-Id": "r1", "Retry-After": 17}"#),
            Some(Step::Headers(vec![
                ("X-Request-Id".to_owned(), "r1".to_owned()),
                ("Retry-After".to_owned(), "17".to_owned())
            ]))
        );
        assert_eq!(
            labelled(r#"  BODY:   "reason": "X"}}"#),
            Some(Step::Body(r#""reason": "X"}}"#))
        );
        assert_eq!(body("HTTP response body: {}"), Some("{}"));
        assert_eq!(field("PROTO        : HTTP/1.1"), Some(Field::Other));
        assert_eq!(field("TIME DURATION: 1.78ms"), Some(Field::Other));
        assert_eq!(
            field("\tX-Request-Id: r1"),
            Some(Field::Header("X-Request-Id: r1"))
        );
        assert_eq!(field("BODY         :"), None);
        assert_eq!(field("Error: the call failed"), None);
        for prose in [
            "the status of the call is: unknown",
            "note: the body was empty",
            "Connecting to 127.0.0.1:8080... connected.",
            "code: 404",
        ] {
            assert_eq!(labelled(prose), None, "{prose}");
        }
    }
}
