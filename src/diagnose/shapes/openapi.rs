//! openapi-generator's clients: `(429)` (alone or after `…Exception: `),
//! then `Reason: …`, `HTTP response headers: HTTPHeaderDict({…})` and
//! `HTTP response body: …`.

use super::{Shape, Step, any, code, spaced, trimmed};

/// `(429)` alone or after `…Exception: `: the status of the response whose
/// reason phrase, headers and body follow.
fn parenthesized_code(line: &str) -> Option<Step<'_>> {
    let t = trimmed(line);
    // `(404)` alone, or after `…Exception: ` or `Exception when calling CallsApi->…_post: `.
    let at = t.len().checked_sub(5)?;
    let (before, status) = (t.get(..at)?, t.get(at..)?);
    let status = code(status.strip_prefix('(')?.strip_suffix(')')?)?;
    (before.is_empty() || before.ends_with(": ")).then_some(Step::Status(status))
}

pub static CODE: Shape = Shape {
    name: "openapi status",
    read: parenthesized_code,
    first: any,
    holds_code: true,
    starts_record: true,
    samples: &[
        "(429)",
        "voipbin_client.exceptions.ApiException: (404)",
        "Exception when calling CallsApi->v1_0_calls_id_hangup_post: (400)",
    ],
};

/// `HTTP response headers: HTTPHeaderDict({'Retry-After': '17', …})`: the header pairs.
fn header_dict(line: &str) -> Option<Step<'_>> {
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
    Some(Step::Headers(pairs))
}

pub static HEADERS: Shape = Shape {
    name: "openapi headers",
    read: header_dict,
    first: |b| b == b'H' || spaced(b),
    holds_code: false,
    starts_record: false,
    samples: &[
        "HTTP response headers: HTTPHeaderDict({'Retry-After': '17', 'X-Request-Id': 'r1'})",
    ],
};

pub static BODY: Shape = Shape {
    name: "openapi body",
    read: |line| {
        line.trim_start()
            .strip_prefix("HTTP response body: ")
            .map(Step::Body)
    },
    first: |b| b == b'H' || spaced(b),
    holds_code: false,
    starts_record: false,
    samples: &[r#"HTTP response body: {"error":{"reason":"CALL_NOT_FOUND"}}"#],
};

/// The reason phrase openapi-generator prints after `(429)`.
pub static REASON: Shape = Shape {
    name: "openapi reason phrase",
    read: |line| line.starts_with("Reason: ").then_some(Step::ReasonPhrase),
    first: |b| b == b'R',
    holds_code: false,
    starts_record: false,
    samples: &["Reason: Too Many Requests"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_headers() {
        assert_eq!(parenthesized_code("(429)"), Some(Step::Status(429)));
        assert_eq!(
            parenthesized_code("voipbin_client.exceptions.ApiException: (404)"),
            Some(Step::Status(404))
        );
        assert_eq!(
            header_dict(
                "HTTP response headers: HTTPHeaderDict({'Retry-After': '17', 'X-Request-Id': 'r1'})"
            ),
            Some(Step::Headers(vec![
                ("Retry-After".to_owned(), "17".to_owned()),
                ("X-Request-Id".to_owned(), "r1".to_owned())
            ]))
        );
    }
}
